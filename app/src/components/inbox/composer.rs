use super::state::now_ms;
use super::InboxState;
use crate::components::attachments::Uploads;
use crate::components::composer::Composer;
use crate::live::TypingThrottle;
use crate::outbox::{Outgoing, SendFailure};
use crate::server::send_message;
use leptos::prelude::*;
use switchboard_types::{Attachment, ClientFrame};

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
        outgoing.attachments.iter().map(|a| a.id.clone()).collect(),
    )
    .await
    {
        Ok(_) => Ok(()),
        // The request never got an answer: the same client_id goes again.
        Err(e) if e.code == "request_failed" => Err(SendFailure::Unreachable),
        Err(e) => Err(SendFailure::Refused(e.message)),
    }
}

/// Reply to the customer or write a private note (where `@name` tells a
/// colleague); `/shortcut` inserts a saved reply.
#[component]
pub fn ConversationComposer(number: i64, uploads: Uploads) -> impl IntoView {
    let state = expect_context::<InboxState>();
    // A draft waits per conversation, through switching and reloads.
    let draft_key = format!(
        "switchboard.draft.{}.conversation.{number}",
        state.me.with_value(|me| me.id)
    );
    let private = RwSignal::new(false);
    let signed = RwSignal::new(true);
    let throttle = TypingThrottle::default();
    // When the reply being written was begun: a colleague's reply that came
    // since makes sending it ask first.
    let begun = StoredValue::new(None::<f64>);
    let ask_first = Callback::new(move |()| {
        if private.get_untracked() {
            return None;
        }
        let since = begun.get_value()?;
        state.overtaken(number, since)
    });

    // Written is kept: the message goes to the outbox at once, and the
    // outbox sends it (again after a reconnect, until acknowledged).
    let send = Callback::new(move |(text, attachments): (String, Vec<Attachment>)| {
        throttle.sent();
        begun.set_value(None);
        state.outbox.push(Outgoing {
            attachments,
            ..Outgoing::new(
                Some(number),
                text,
                private.get_untracked(),
                signed.get_untracked(),
            )
        });
        state.flush_outbox();
    });
    let typed = Callback::new(move |()| {
        if begun.get_value().is_none() {
            begun.set_value(Some(now_ms()));
        }
        if !throttle.due() {
            return;
        }
        let frame = ClientFrame::Typing {
            conversation_number: number,
            private: private.get_untracked(),
        };
        state.live.with_value(|live| live.send(&frame));
    });
    let placeholder = move || {
        if private.get() {
            "Write a note only agents see (@name tells a colleague)…"
        } else {
            "Write a reply to the customer (/ for saved replies)…"
        }
        .to_string()
    };

    view! {
        <Composer
            draft_key
            field_id="composer-body"
            test_id="composer"
            rows=3
            placeholder=Signal::derive(placeholder)
            mentions="note"
            mentions_on=private
            conversation=number
            hint="Enter to send · Shift+Enter for a new line"
            send_label=Signal::derive(move || if private.get() { "Add note" } else { "Send" })
            send
            uploads
            typed
            ask_first
            class="composer"
            private
            note=move || composer_note(state, number, private.get())
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
                    <input type="checkbox" bind:checked=signed/>
                    " Sign"
                </label>
            </div>
        </Composer>
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
                "✉ Your reply goes to {} by e-mail{}.",
                conversation
                    .contact
                    .email
                    .as_deref()
                    .unwrap_or("the customer"),
                match conversation.copied.is_empty() {
                    true => String::new(),
                    false => format!(", copying {}", conversation.copied.join(", ")),
                }
            ),
        }
    } else if conversation.status == switchboard_types::ConversationStatus::Resolved {
        "Replying reopens this conversation, with you working on it.".to_string()
    } else {
        return None;
    };
    Some(view! { <p class="composer-note small" data-testid="composer-note">{text}</p> })
}
