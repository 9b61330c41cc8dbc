//! The conversation as the customer sees it: the greeting, every message
//! with its time and ticks, what still waits to be sent, and the notes
//! when everyone went away or the conversation was resolved.

use super::WidgetState;
use crate::components::clock_time;
use crate::components::follow::{Follower, NewMessagesButton};
use crate::components::outgoing::WaitingMessages;
use crate::components::ticks::Ticks;
use crate::outbox::Outgoing;
use leptos::prelude::*;
use switchboard_types::{AuthorKind, ConversationStatus};

#[component]
pub(super) fn WidgetHistory(
    state: WidgetState,
    list: NodeRef<leptos::html::Ol>,
    follower: Follower,
) -> impl IntoView {
    let online = move || state.online();
    // The conversation the customer is in now (what the question is about).
    let latest = Memo::new(move |_| {
        state
            .messages
            .with(|list| list.last().map(|m| m.conversation_number))
    });
    view! {
        <div class="history">
        <ol class="widget-messages" data-testid="widget-messages" node_ref=list on:scroll=move |_| follower.scrolled()>
            {move || {
                state
                    .config
                    .get()
                    .map(|c| {
                        view! {
                            <li class="message from-agent greeting">
                                <div class="bubble"><p class="body">{c.greeting}</p></div>
                            </li>
                        }
                    })
            }}
            <For
                each=move || state.messages.get()
                key=|m| (m.id, m.status)
                children=move |m| {
                    let mine = m.author.kind == AuthorKind::Contact;
                    // The text, drawn into the bubble once it is there.
                    let bubble = NodeRef::<leptos::html::Div>::new();
                    #[cfg(feature = "browser")]
                    if !m.body.is_empty() {
                        let (body, formatted) = (m.body.clone(), m.formatted.clone());
                        bubble.on_load(move |bubble| super::body::draw_body(&bubble, body, formatted));
                    }
                    // Files: a picture's thumbnail opens it, others download.
                    let files = m.attachments.iter().map(|a| {
                        let (url, name) = (a.url.clone(), a.name.clone());
                        match a.thumbnail_url.clone() {
                            Some(thumbnail) => view! {
                                <a class="file-image" href=url target="_blank" rel="noopener" data-testid="widget-attachment-image">
                                    <img src=thumbnail alt=name/>
                                </a>
                            }.into_any(),
                            None => view! {
                                <a class="file" href=url download=a.name.clone() data-testid="widget-attachment-file">"📄 " {name}</a>
                            }.into_any(),
                        }
                    }).collect_view();
                    view! {
                        <li class="message" class:from-me=mine class:from-agent=!mine data-testid="widget-message">
                            <div class="bubble" node_ref=bubble>{files}</div>
                            <div class="message-meta small muted">
                                {(!mine).then(|| format!("{} · ", m.author.name))}
                                {clock_time(&m.created_at)}
                                {mine.then(|| view! { " " <Ticks message=m.clone()/> })}
                            </div>
                        </li>
                    }
                }
            />
            <WaitingMessages
                outbox=state.outbox
                belongs=|_: &Outgoing| true
                side="from-me"
                test_id="widget-outgoing"
                flush=Callback::new(move |()| state.flush_outbox())
            />
            // What the customer should know now: everyone went away
            // mid-chat, or the conversation was resolved.
            {move || {
                let (test_id, text) = if state.went_away.get() && !online() {
                    ("widget-away-notice", "Everyone has stepped away. Leave your e-mail address below and we'll answer there.")
                } else if state.status.get() == Some(ConversationStatus::Resolved) && !state.outbox.waiting() {
                    ("widget-resolved", "This conversation is resolved. Write again any time: we'll pick it up.")
                } else {
                    return None;
                };
                // After a resolve, the frame page fills the question's
                // place (the customer's token and the conversation's number
                // on it) with the rating script (server/src/widget_frame.rs).
                let rating_slot = (test_id == "widget-resolved").then(|| {
                    view! { <li id="rating-slot" data-token=state.token.get() data-conversation=latest.get()></li> }
                });
                Some(view! { <li class="widget-note" data-testid=test_id>{text}</li> {rating_slot} })
            }}
        </ol>
        <NewMessagesButton follower/>
        </div>
    }
}
