//! Writing to a customer first, by e-mail, from their record: the message
//! opens a conversation in the agent's Working On, and goes out as mail.

use super::InboxState;
use crate::components::modal::ErrorLine;
use crate::components::text_field::TextField;
use crate::server::start_email_conversation;
use leptos::prelude::*;

#[component]
pub(super) fn WriteEmail(contact_id: i64, address: String, close: Callback<()>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let open = RwSignal::new(false);
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // One id per message written, so a second press sends it once.
    let client_id = StoredValue::new(uuid::Uuid::new_v4().to_string());
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let text = body.get_untracked();
        leptos::task::spawn_local(async move {
            match start_email_conversation(contact_id, client_id.get_value(), text).await {
                Ok(sent) => {
                    close.run(());
                    state.open(sent.conversation.number);
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="button subtle small" data-testid="customer-write" on:click=move |_| open.set(true)>
                    "Write an e-mail…"
                </button>
            }
        >
            <form class="write-email" data-testid="customer-write-form" on:submit=send>
                <p class="muted small">{format!("To {address}. It opens a conversation in your Working On; their answer comes back into it.")}</p>
                <TextField label="Message" lines=4 test_id="customer-write-body" value=body required=true autofocus=true/>
                <ErrorLine error/>
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button
                        type="submit"
                        class="button primary"
                        data-testid="customer-write-send"
                        disabled=move || busy.get() || body.with(|b| b.trim().is_empty())
                    >
                        "Send e-mail"
                    </button>
                </div>
            </form>
        </Show>
    }
}
