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
                // After a resolve, the frame page puts the question into
                // this note with the rating script (server/src/widget_frame.rs),
                // once it names the conversation (the latest message's, when
                // the history has loaded) and the customer's token.
                let asks = test_id == "widget-resolved";
                Some(view! {
                    <li class="widget-note" data-testid=test_id id=asks.then_some("rating-slot")
                        data-rating=move || {
                            let number = state.messages.with(|list| list.last().map(|m| m.conversation_number));
                            asks.then(|| Some(format!("{} {}", number?, state.token.get()?))).flatten()
                        }>
                        {text}
                    </li>
                })
            }}
        </ol>
        <NewMessagesButton follower/>
        </div>
    }
}
