//! The open conversation's history: the conversation it follows up, every
//! message and event in order, the New Messages line, what still waits to
//! be sent, and who is typing.

use super::Shown;
use crate::components::attachments::{AttachmentList, Lightbox};
use crate::components::clock_time;
use crate::components::follow::{Follower, NewMessagesButton};
use crate::components::formatted::{message_body, plain};
use crate::components::inbox::InboxState;
use crate::components::outgoing::WaitingMessages;
use crate::components::ticks::Ticks;
use crate::outbox::Outgoing;
use leptos::prelude::*;
use switchboard_types::{
    ActorKind, AuthorKind, ConversationEvent, ConversationStatus, EventType, MailState, Message,
    PreviousConversation, TimelineItem,
};

/// The history of the open conversation, following its newest message
/// (see [`Follower`]).
#[component]
pub(super) fn ConversationHistory(number: i64, shown: RwSignal<Option<Shown>>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let me = state.me.with_value(|me| me.id);
    let list = NodeRef::<leptos::html::Ol>::new();
    let follower = Follower::new(list);
    let mine = Memo::new(move |_| shown.get().filter(|s| s.number == number));
    let failure_of = move |id: i64| {
        mine.with_untracked(|s| {
            s.as_ref()?
                .failures
                .iter()
                .find(|f| f.message_id == id)
                .map(|f| f.reason.clone())
        })
    };
    let items =
        Memo::new(move |_| mine.with(|s| s.as_ref().map(|s| s.items.clone()).unwrap_or_default()));
    let previous = Memo::new(move |_| mine.with(|s| s.as_ref().and_then(|s| s.previous.clone())));
    // The conversation's pictures, in order, for the lightbox.
    let images = Signal::derive(move || {
        items.with(|items| {
            items
                .iter()
                .filter_map(|i| match i {
                    TimelineItem::Message(m) => Some(m.attachments.iter().filter(|a| a.is_image())),
                    TimelineItem::Event(_) => None,
                })
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let showing = RwSignal::new(None::<String>);
    let open = Callback::new(move |id: String| showing.set(Some(id)));
    let first_unread = Memo::new(move |_| {
        mine.with(|s| {
            let s = s.as_ref()?;
            s.items
                .iter()
                .find(|i| {
                    i.seq() > s.last_read_seq
                        && matches!(i, TimelineItem::Message(m) if m.author.kind == AuthorKind::Contact)
                })
                .map(TimelineItem::seq)
        })
    });
    // Opens at the first unread message (when the agent read part of it
    // before) or the bottom; then follows what arrives.
    let last_seen = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        let (latest, new_from_others, new_mine) = items.with(|items| {
            let after = last_seen.get_value().unwrap_or(i64::MAX);
            let new: Vec<&TimelineItem> = items.iter().filter(|i| i.seq() > after).collect();
            let written_by_me = |i: &&TimelineItem| {
                matches!(i, TimelineItem::Message(m) if m.author.kind == AuthorKind::Agent && m.author.id == Some(me))
            };
            let others = new
                .iter()
                .filter(|i| matches!(i, TimelineItem::Message(_)) && !written_by_me(i))
                .count();
            (items.last().map(TimelineItem::seq), others, new.iter().any(written_by_me))
        });
        let Some(latest) = latest else { return };
        match last_seen.get_value() {
            None => {
                let read_before =
                    mine.with_untracked(|s| s.as_ref().map_or(0, |s| s.last_read_seq));
                let target = first_unread
                    .get_untracked()
                    .filter(|_| read_before > 0)
                    .map(|_| "[data-testid=\"new-messages\"]".to_string());
                follower.open_at(target);
            }
            Some(before) if latest > before => follower.arrived(new_from_others, new_mine),
            Some(_) => {}
        }
        last_seen.set_value(Some(latest));
    });
    // What the agent writes shows at once: the list goes down to it.
    Effect::new(move |started: Option<()>| {
        let waiting = state.outbox.items.with(|o| {
            o.iter()
                .filter(|o| o.conversation_number == Some(number))
                .count()
        });
        if started.is_some() && waiting > 0 {
            follower.arrived(0, true);
        }
    });
    view! {
        <div class="history">
            <ol class="timeline" data-testid="timeline" node_ref=list on:scroll=move |_| follower.scrolled()>
                {move || previous.get().map(|previous| view! { <PreviousContext previous/> })}
                <For
                    each=move || items.get()
                    key=|item| match item {
                        TimelineItem::Message(m) => (0, m.id, Some(m.status), m.mail),
                        TimelineItem::Event(e) => (1, e.id, None, None),
                    }
                    children=move |item| {
                        let seq = item.seq();
                        let entry = match item {
                            TimelineItem::Message(m) => {
                                let failure = failure_of(m.id);
                                view! { <MessageBubble message=m failure open/> }.into_any()
                            }
                            TimelineItem::Event(e) => view! { <EventLine event=e/> }.into_any(),
                        };
                        view! {
                            <Show when=move || first_unread.get() == Some(seq)>
                                <li class="new-messages" data-testid="new-messages"><span>"New Messages"</span></li>
                            </Show>
                            {entry}
                        }
                    }
                />
                // What this agent wrote here that the server has not acknowledged yet.
                <WaitingMessages
                    outbox=state.outbox
                    belongs=move |o: &Outgoing| o.conversation_number == Some(number)
                    side="from-agent"
                    test_id="outgoing"
                    flush=Callback::new(move |()| state.flush_outbox())
                />
            </ol>
            <NewMessagesButton follower/>
            <Lightbox images showing/>
        </div>
        <TypingLine number/>
    }
}

/// At the top of a follow-up: the conversation it continues, with how it
/// ended and its last messages; a click opens it.
#[component]
fn PreviousContext(previous: PreviousConversation) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let number = previous.number;
    let how = match (&previous.status, &previous.resolved_by, &previous.assignee) {
        (ConversationStatus::Resolved, Some(by), _) => format!("resolved by {}", by.name),
        (ConversationStatus::Resolved, None, _) => "resolved".to_string(),
        (_, _, Some(holder)) => format!("with {}", holder.name),
        _ => "open".to_string(),
    };
    view! {
        <li class="previous-context" data-testid="previous-conversation">
            <p class="small">
                "Continues "
                <button type="button" class="link" data-testid="previous-link" on:click=move |_| state.open(number)>
                    {format!("#{number}")}
                </button>
                {format!(" ({how}). Its last messages:")}
            </p>
            <ol class="previous-messages">
                {previous
                    .messages
                    .into_iter()
                    .map(|m| {
                        let who = m.author.name.clone();
                        view! {
                            <li class="small" class:private=m.private>
                                <strong>{who}</strong>
                                {m.private.then_some(" (note)")}
                                ": "
                                <span class="body">{m.body}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </li>
    }
}

/// "Chloe is typing…" while someone else writes in this conversation.
#[component]
fn TypingLine(number: i64) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let names = move || {
        state.typing.with(|list| {
            list.iter()
                .filter(|t| t.conversation_number == number)
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="typing small muted" data-testid="typing" aria-live="polite">
            {move || {
                let names = names();
                match names.len() {
                    0 => String::new(),
                    1 => format!("{} is typing…", names[0]),
                    _ => format!("{} are typing…", names.join(" and ")),
                }
            }}
        </p>
    }
}

#[component]
fn MessageBubble(
    message: Message,
    /// Why it failed, when it did.
    failure: Option<String>,
    /// Opens a picture in the lightbox.
    open: Callback<String>,
) -> impl IntoView {
    let side = match message.author.kind {
        AuthorKind::Contact => "from-customer",
        AuthorKind::Agent | AuthorKind::System => "from-agent",
    };
    let state = expect_context::<InboxState>();
    // On hover: who, through which channel, and when each status came. An
    // offline ticket's messages travel by e-mail, the rest by the web chat;
    // notes stay in the inbox.
    let by_email = state.current.with_untracked(|c| {
        c.as_ref()
            .is_some_and(|c| c.number == message.conversation_number && c.by_email)
    });
    let channel = if message.private {
        "the inbox (a private note)"
    } else if by_email || message.mail.is_some() {
        "e-mail"
    } else {
        "web chat"
    };
    let mut meta = format!(
        "{} via {channel} · sent {}",
        message.author.name, message.created_at
    );
    for (status, at) in [
        ("delivered", &message.delivered_at),
        ("read", &message.read_at),
    ] {
        if let Some(at) = at {
            meta.push_str(&format!(" · {status} {at}"));
        }
    }
    if message.status == switchboard_types::MessageStatus::Failed {
        meta.push_str(&format!(
            " · failed: {}",
            failure.as_deref().unwrap_or("it could not be delivered")
        ));
    }
    // Replies show how far they got; notes go nowhere. A reply in an
    // e-mail ticket shows its mail instead.
    let mail = message.mail;
    let ticks = (message.author.kind == AuthorKind::Agent && !message.private && mail.is_none())
        .then(|| message.clone());
    let mail_line = mail.map(|mail| {
        let failure = failure.clone();
        move || match (mail, state.mail_server.get()) {
            (MailState::Sent, _) => view! { <span class="mail-state" data-testid="mail-state">"✉ Mailed"</span> }.into_any(),
            // Refused by the mail server, or bounced: why, in its words.
            (MailState::Failed, _) => view! {
                <span class="mail-state failed" data-testid="mail-state">"✉ Not delivered"</span>
                {failure.clone().map(|why| view! { <span class="mail-failure" data-testid="mail-failure">" · " {why}</span> })}
            }
            .into_any(),
            (MailState::Waiting, Some(false)) => view! {
                <span class="mail-state waiting" data-testid="mail-state" title="No mail server is set (SMTP_URL): it goes out once one is">
                    "✉ Waiting for a mail server"
                </span>
            }
            .into_any(),
            (MailState::Waiting, _) => view! { <span class="mail-state" data-testid="mail-state">"✉ Mailing…"</span> }.into_any(),
        }
    });
    // The quoted text cut from a customer's mail, folded away: text, never markup.
    let quoted = message.quoted.clone().map(|quoted| {
        view! {
            <details class="quoted" data-testid="quoted">
                <summary>"Quoted text"</summary>
                <p class="quoted-text">{quoted}</p>
            </details>
        }
    });
    let mail_html = message
        .html
        .then(|| view! { <MailAsSent number=message.conversation_number message_id=message.id/> });
    view! {
        <li class=format!("message {side}") class:private=message.private data-testid="message" title=meta>
            <div class="bubble">
                // Customer content is text, never markup.
                {(!message.body.is_empty()).then(|| message_body(message.body.clone(), message.formatted.clone(), plain))}
                {quoted}
                {(!message.attachments.is_empty()).then(|| view! { <AttachmentList files=message.attachments.clone() open/> })}
            </div>
            {mail_html}
            <div class="message-meta small muted">
                {message.private.then(|| view! { <span class="note-tag">"Private note · "</span> })}
                {message.author.name.clone()} " · " {clock_time(&message.created_at)}
                {ticks.map(|message| view! { " " <Ticks message/> })}
                {mail_line.map(|line| view! { " " {line} })}
            </div>
        </li>
    }
}

/// A mail that came with HTML, as it was sent: on demand, in a sandboxed
/// frame that runs nothing and reaches nothing of the inbox (the server
/// serves it cleaned, under a strict policy of its own). Pictures from
/// other hosts load only when asked for.
#[component]
fn MailAsSent(number: i64, message_id: i64) -> impl IntoView {
    let shown = RwSignal::new(false);
    let images = RwSignal::new(false);
    // Show images goes once used: the focus goes back to the first button.
    let toggle = NodeRef::<leptos::html::Button>::new();
    let src = move || {
        let path = format!("/api/v1/conversations/{number}/messages/{message_id}/html");
        if images.get() {
            format!("{path}?images=true")
        } else {
            path
        }
    };
    view! {
        <div class="mail-as-sent">
            <div class="mail-html-actions">
                <button
                    type="button"
                    class="button subtle small"
                    data-testid="show-mail-html"
                    node_ref=toggle
                    aria-expanded=move || shown.get().to_string()
                    on:click=move |_| shown.update(|on| *on = !*on)
                >
                    {move || if shown.get() { "Hide the mail as sent" } else { "Show the mail as sent" }}
                </button>
                <Show when=move || shown.get() && !images.get()>
                    <button
                        type="button"
                        class="button subtle small"
                        data-testid="show-mail-images"
                        title="Let the mail load its pictures from other servers (they learn it was opened)"
                        on:click=move |_| {
                            images.set(true);
                            if let Some(button) = toggle.get_untracked() {
                                let _ = button.focus();
                            }
                        }
                    >
                        "Show images"
                    </button>
                </Show>
            </div>
            <Show when=move || shown.get()>
                <div class="mail-html-frame">
                    <iframe
                        data-testid="mail-html"
                        sandbox="allow-popups allow-popups-to-escape-sandbox"
                        referrerpolicy="no-referrer"
                        title="The mail as sent"
                        src=src
                    ></iframe>
                </div>
            </Show>
        </div>
    }
}

fn event_text(event: &ConversationEvent) -> String {
    let who = match (event.actor.kind, event.actor.name.clone()) {
        (ActorKind::Automation, _) => "Automation".to_string(),
        (_, Some(name)) => name,
        (_, None) => "Switchboard".to_string(),
    };
    let name = |key: &str| event.data[key]["name"].as_str().map(str::to_string);
    match event.event_type.as_str() {
        "conversation.created" => format!("{who} started the conversation"),
        "conversation.accepted" => format!("{who} accepted the conversation"),
        "conversation.assigned" => match (name("to_agent"), name("from_agent")) {
            (Some(to), _) if Some(to.as_str()) == event.actor.name.as_deref() => {
                match name("from_agent") {
                    Some(from) => format!("{who} took the conversation over from {from}"),
                    None => format!("{who} took the conversation"),
                }
            }
            (Some(to), _) => format!("{who} assigned the conversation to {to}"),
            _ => format!("{who} assigned the conversation"),
        },
        "conversation.transferred" => {
            let to: Vec<String> = [name("to_agent"), name("to_queue")]
                .into_iter()
                .flatten()
                .collect();
            format!("{who} transferred the conversation to {}", to.join(" in "))
        }
        "conversation.returned" => format!("{who} returned the conversation to Pending"),
        "conversation.resolved" => format!("{who} resolved the conversation"),
        "conversation.reopened" => format!("{who} reopened the conversation"),
        "conversation.snoozed" => format!("{who} snoozed the conversation"),
        "conversation.unsnoozed" => "The conversation came back from snooze".to_string(),
        "conversation.deleted" => format!("{who} deleted the conversation"),
        "conversation.restored" => format!("{who} restored the conversation"),
        "conversation.labelled" => format!(
            "{who} added the label {}",
            name("label").unwrap_or_default()
        ),
        "conversation.unlabelled" => format!(
            "{who} removed the label {}",
            name("label").unwrap_or_default()
        ),
        "conversation.merged" => match (event.data["into"].as_i64(), event.data["from"].as_i64()) {
            (Some(into), _) => format!("{who} merged this conversation into #{into}"),
            (_, Some(from)) => format!("{who} merged #{from} into this conversation"),
            _ => format!("{who} merged conversations"),
        },
        "conversation.rated" => {
            let score = event.data["score"].as_i64().unwrap_or_default();
            let face = switchboard_types::score_words(score).map_or("", |(face, _)| face);
            let rated = format!(
                "{who} rated the conversation {face} {}",
                switchboard_types::describe_score(score)
            );
            match event.data["comment"].as_str() {
                Some(comment) => format!("{rated}: “{comment}”"),
                None => rated,
            }
        }
        "conversation.page_changed" => format!(
            "{who} is on {}",
            event.data["title"]
                .as_str()
                .filter(|t| !t.is_empty())
                .or(event.data["url"].as_str())
                .unwrap_or("another page")
        ),
        other => format!("{who}: {other}"),
    }
}

#[component]
fn EventLine(event: ConversationEvent) -> impl IntoView {
    // A merge names the other conversation: a link that opens it.
    let text = if event.event_type == EventType::Merged.as_str() {
        view! { <super::LinkedText text=event_text(&event)/> }.into_any()
    } else {
        event_text(&event).into_any()
    };
    view! {
        <li class="event" data-testid="event">
            <span>{text} " · " {clock_time(&event.created_at)}</span>
        </li>
    }
}
