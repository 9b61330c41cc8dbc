//! One component a route; the work is in `components`.

use crate::components::inbox::Inbox;
use crate::server::{current_agent, LogIn};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// `/`: the agent inbox, for a logged-in agent.
#[component]
pub fn InboxPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_agent());
    view! {
        <Title text="Inbox · Switchboard"/>
        <Suspense fallback=|| view! { <div class="loading">"Loading the inbox…"</div> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(agent)) => view! { <Inbox agent/> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! { <p class="page-error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/login`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let log_in = ServerAction::<LogIn>::new();
    let error = move || {
        log_in
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message)
    };
    view! {
        <Title text="Log in · Switchboard"/>
        <main class="login">
            <ActionForm action=log_in attr:class="login-card">
                <h1 class="brand">"Switchboard"</h1>
                <p class="muted">"Log in to your team's inbox."</p>
                <label>
                    "E-mail"
                    <input type="email" name="email" autocomplete="username" required/>
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                {move || error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <button type="submit" class="button primary" disabled=move || log_in.pending().get()>
                    "Log in"
                </button>
            </ActionForm>
        </main>
    }
}
