//! One component a route; the work is in `components`.

use crate::components::inbox::Inbox;
use crate::server::{
    current_agent, first_admin_needed, join_link_preview, join_with_link, JoinPreview, LogIn,
    SetUpFirstAdmin,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// `/`: the agent inbox, for a logged-in agent.
#[component]
pub fn InboxPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_agent());
    // A Transition, not a Suspense: every resource the inbox reads outside
    // a boundary of its own (in an effect, say) counts for this one, and
    // a Suspense would take the whole inbox off the page while any of them
    // reloads: the agent's focus, text box and place in each list lost at
    // every live change. A Transition waits only for the first load.
    // The inbox sets the page's title itself (with its unread count).
    view! {
        <Transition fallback=|| view! { <div class="loading">"Loading the inbox…"</div> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(agent)) => view! { <Inbox agent/> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! { <p class="page-error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `/login`; on an empty install, setting up its first admin instead.
#[component]
pub fn LoginPage() -> impl IntoView {
    let empty = Resource::new(|| (), |_| first_admin_needed());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match empty.await {
                    Ok(true) => view! { <FirstAdmin/> }.into_any(),
                    _ => view! { <LogInForm/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The first visitor of an empty install becomes its first admin.
#[component]
fn FirstAdmin() -> impl IntoView {
    let set_up = ServerAction::<SetUpFirstAdmin>::new();
    let error = move || {
        set_up
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.message)
    };
    view! {
        <Title text="Set up · Switchboard"/>
        <main class="login">
            <ActionForm action=set_up attr:class="login-card" attr:data-testid="first-admin">
                <h1 class="brand">"Switchboard"</h1>
                <p class="muted">"Nobody is here yet. Set up the first admin: you invite everyone else."</p>
                <label>
                    "Your name"
                    <input type="text" name="name" autocomplete="name" required/>
                </label>
                <label>
                    "E-mail"
                    <input type="email" name="email" autocomplete="username" required/>
                </label>
                <label>
                    "Password (at least 8 characters)"
                    <input type="password" name="password" autocomplete="new-password" minlength="8" required/>
                </label>
                {move || error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <button type="submit" class="button primary" disabled=move || set_up.pending().get()>
                    "Create the first admin"
                </button>
            </ActionForm>
        </main>
    }
}

#[component]
fn LogInForm() -> impl IntoView {
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

/// `/join?token=…`: an invited agent chooses their password and joins; an
/// agent with a reset link chooses a new one. Either way they are then
/// logged in and go to the inbox.
#[component]
pub fn JoinPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let preview = Resource::new(token, join_link_preview);
    view! {
        <Title text="Join · Switchboard"/>
        <main class="login">
            <div class="login-card">
                <h1 class="brand">"Switchboard"</h1>
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match preview.await {
                            Ok(preview) => view! { <JoinForm preview token=token()/> }.into_any(),
                            Err(e) if e.code == "not_found" => view! {
                                <p class="form-error" role="alert" data-testid="join-unusable">
                                    "This link cannot be used: it has been used already or has expired. Ask an admin for a new one."
                                </p>
                                <a class="button" href="/login">"Log in"</a>
                            }
                            .into_any(),
                            Err(e) => view! {
                                <p class="form-error" role="alert" data-testid="join-unusable">{e.message}</p>
                            }
                            .into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </main>
    }
}

/// The password, twice; on success a full page load opens the inbox.
#[component]
fn JoinForm(preview: JoinPreview, token: String) -> impl IntoView {
    let token = StoredValue::new(token);
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    // The button waits for the page to come to life in the browser.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let reset = preview.kind == "reset";
    let heading = if reset {
        format!("Choose a new password for {}", preview.email)
    } else {
        format!(
            "Join {} as {} ({})",
            preview.company, preview.name, preview.email
        )
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (password, repeat) = (password.get_untracked(), repeat.get_untracked());
        if password.chars().count() < 8 {
            error.set(Some("A password needs at least 8 characters.".into()));
            return;
        }
        if password != repeat {
            error.set(Some("The two passwords differ.".into()));
            return;
        }
        error.set(None);
        sending.set(true);
        leptos::task::spawn_local(async move {
            match join_with_link(token.get_value(), password).await {
                Ok(()) =>
                {
                    #[cfg(feature = "browser")]
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href("/");
                    }
                }
                Err(e) => {
                    error.set(Some(e.message));
                    sending.set(false);
                }
            }
        });
    };
    view! {
        <form class="join-form" data-testid="join-form" on:submit=submit>
            <p data-testid="join-heading">{heading}</p>
            <label>
                "Password"
                <input
                    type="password"
                    autocomplete="new-password"
                    required
                    minlength="8"
                    data-testid="join-password"
                    bind:value=password
                />
            </label>
            <label>
                "Repeat password"
                <input
                    type="password"
                    autocomplete="new-password"
                    required
                    minlength="8"
                    data-testid="join-repeat"
                    bind:value=repeat
                />
            </label>
            {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <button type="submit" class="button primary" data-testid="join-submit" disabled=move || sending.get() || !ready.get()>
                {if reset { "Set new password" } else { "Set password and join" }}
            </button>
        </form>
    }
}
