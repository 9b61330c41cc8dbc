//! Switchboard's user interface: pages, components and the server functions
//! behind them. Compiled twice: with `ssr` into the server, which renders
//! every page, and with `hydrate` into the WASM bundle that brings the
//! pages to life in the browser.

// The inbox's views are deeply nested types.
#![recursion_limit = "512"]

pub mod components;
pub mod error;
pub mod live;
pub mod outbox;
pub mod pages;
pub mod saved;
pub mod server;

pub use switchboard_types as types;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[cfg(feature = "ssr")]
pub use server::context::{CookiePolicy, LinkBase, PublicUrl, SESSION_COOKIE};

/// The HTML document every page is rendered into.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/switchboard.css"/>
        <Title text="Switchboard"/>
        <Router>
            <Routes fallback=|| view! { <p class="not-found">"Page not found."</p> }>
                <Route path=path!("/") view=pages::InboxPage/>
                <Route path=path!("/login") view=pages::LoginPage/>
                <Route path=path!("/join") view=pages::JoinPage/>
            </Routes>
        </Router>
    }
}
