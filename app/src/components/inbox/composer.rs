use super::InboxState;
use crate::components::enter_sends;
use crate::components::mentions::{MentionList, MentionPicker};
use crate::live::TypingThrottle;
use crate::outbox::{Outgoing, SendFailure};
use crate::server::send_message;
use leptos::prelude::*;
use switchboard_types::ClientFrame;

/// Sends one outbox entry (an agent's reply or note).
pub async fn send_outgoing(outgoing: Outgoing) -> Result<(), SendFailure> {
    let Some(number) = outgoing.conversation_number else {
        return Err(SendFailure::Refused("it names no conversation".into()));
    };
    match send_message(
        number,
        outgoing.client_id,
        outgoing.body,
        outgoing.private,
        outgoing.signed,
    )
    .await
    {
        Ok(_) => Ok(()),
        // The request never got an answer: the same client_id goes again.
        Err(e) if e.code == "request_failed" => Err(SendFailure::Unreachable),
        Err(e) => Err(SendFailure::Refused(e.message)),
    }
}

/// Reply to the customer or write a private note. Enter sends, Shift+Enter
/// starts a new line.
#[component]
pub fn Composer(number: i64) -> impl IntoView {
    let state = expect_context::<InboxState>();
    // A draft waits per conversation, through switching and reloads.
    let draft_key = format!(
        "switchboard.draft.{}.conversation.{number}",
        state.me.with_value(|me| me.id)
    );
    let body = RwSignal::new(crate::saved::text(&draft_key).unwrap_or_default());
    let draft_key = StoredValue::new(draft_key);
    let private = RwSignal::new(false);
    let signed = RwSignal::new(true);
    let throttle = TypingThrottle::default();
    let field = NodeRef::<leptos::html::Textarea>::new();
    // Colleagues named with @ in a note are told.
    let chat = expect_context::<crate::components::chat::ChatState>();
    let picker = MentionPicker::new(
        body,
        chat.staff,
        chat.me,
        field,
        "note",
        Signal::derive(move || private.get()),
    );

    // Written is kept: the message goes to the outbox at once, and the
    // outbox sends it (again after a reconnect, until acknowledged).
    let send = move || {
        let text = body.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        body.set(String::new());
        draft_key.with_value(|key| crate::saved::set_text(key, None));
        throttle.sent();
        state.outbox.push(Outgoing::new(
            Some(number),
            text,
            private.get_untracked(),
            signed.get_untracked(),
        ));
        state.flush_outbox();
    };
    let typing = move || {
        if !throttle.due() {
            return;
        }
        let frame = ClientFrame::Typing {
            conversation_number: number,
            private: private.get_untracked(),
        };
        state.live.with_value(|live| live.send(&frame));
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
            <MentionList picker/>
            <label class="visually-hidden" for="composer-body">"Message"</label>
            <textarea
                id="composer-body"
                data-testid="composer"
                rows="3"
                node_ref=field
                aria-autocomplete="list"
                aria-controls=move || picker.open().then(|| picker.list_id())
                aria-activedescendant=move || picker.active_option()
                placeholder=move || {
                    if private.get() { "Write a note only agents see (@name tells a colleague)…" } else { "Write a reply to the customer…" }
                }
                prop:value=move || body.get()
                on:input=move |ev| {
                    body.set(event_target_value(&ev));
                    draft_key.with_value(|key| crate::saved::set_text(key, Some(&body.get_untracked())));
                    typing();
                }
                on:keydown=move |ev| {
                    if picker.key(&ev) {
                        return;
                    }
                    if enter_sends(&ev) {
                        send();
                    }
                }
            ></textarea>
            {move || composer_note(state, number, private.get())}
            <div class="composer-actions">
                <span class="muted small">"Enter to send · Shift+Enter for a new line"</span>
                <button type="submit" class="button primary">
                    {move || if private.get() { "Add note" } else { "Send" }}
                </button>
            </div>
        </form>
    }
}

/// What a reply here will do, when it is more than the usual: mail to an
/// e-mail ticket (or wait for a mail server), or reopen a resolved
/// conversation.
fn composer_note(state: InboxState, number: i64, private: bool) -> Option<impl IntoView> {
    if private {
        return None;
    }
    let conversation = state.current.get().filter(|c| c.number == number)?;
    let text = if conversation.by_email {
        match state.mail_server.get() {
            Some(false) => "✉ This ticket is answered by e-mail, and no mail server is set: \
                            your reply waits for one (an admin sets SMTP_URL)."
                .to_string(),
            _ => format!(
                "✉ Your reply goes to {} by e-mail.",
                conversation
                    .contact
                    .email
                    .as_deref()
                    .unwrap_or("the customer")
            ),
        }
    } else if conversation.status == switchboard_types::ConversationStatus::Resolved {
        "Replying reopens this conversation, with you working on it.".to_string()
    } else {
        return None;
    };
    Some(view! { <p class="composer-note small" data-testid="composer-note">{text}</p> })
}
