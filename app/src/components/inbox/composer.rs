use super::InboxState;
use crate::server::send_message;
use leptos::prelude::*;

/// Reply to the customer or write a private note. Enter sends, Shift+Enter
/// starts a new line.
#[component]
pub fn Composer(number: i64) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let body = RwSignal::new(String::new());
    let private = RwSignal::new(false);
    let signed = RwSignal::new(true);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let send = move || {
        let text = body.get_untracked();
        if text.trim().is_empty() || sending.get_untracked() {
            return;
        }
        sending.set(true);
        // Made once per message, so a retried send is stored once.
        let client_id = uuid::Uuid::new_v4().to_string();
        leptos::task::spawn_local(async move {
            match send_message(
                number,
                client_id,
                text,
                private.get_untracked(),
                signed.get_untracked(),
            )
            .await
            {
                Ok(_) => {
                    body.set(String::new());
                    error.set(None);
                    state.refresh_all();
                }
                Err(e) => error.set(Some(e.message)),
            }
            sending.set(false);
        });
    };

    view! {
        <form
            class="composer"
            class:private=move || private.get()
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
        >
            <div class="composer-modes" role="radiogroup" aria-label="Write a">
                <button
                    type="button"
                    role="radio"
                    class="mode"
                    class:active=move || !private.get()
                    aria-checked=move || (!private.get()).to_string()
                    on:click=move |_| private.set(false)
                >
                    "Reply"
                </button>
                <button
                    type="button"
                    role="radio"
                    class="mode"
                    class:active=move || private.get()
                    aria-checked=move || private.get().to_string()
                    on:click=move |_| private.set(true)
                >
                    "Private note"
                </button>
                <span class="spacer"></span>
                <label class="sign small" title="Show your name to the customer">
                    <input
                        type="checkbox"
                        prop:checked=move || signed.get()
                        on:change=move |ev| signed.set(event_target_checked(&ev))
                    />
                    " Sign"
                </label>
            </div>
            <label class="visually-hidden" for="composer-body">"Message"</label>
            <textarea
                id="composer-body"
                data-testid="composer"
                rows="3"
                placeholder=move || {
                    if private.get() { "Write a note only agents see…" } else { "Write a reply to the customer…" }
                }
                prop:value=move || body.get()
                on:input=move |ev| body.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() {
                        ev.prevent_default();
                        send();
                    }
                }
            ></textarea>
            {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="composer-actions">
                <span class="muted small">"Enter to send · Shift+Enter for a new line"</span>
                <button type="submit" class="button primary" disabled=move || sending.get()>
                    {move || if private.get() { "Add note" } else { "Send" }}
                </button>
            </div>
        </form>
    }
}
