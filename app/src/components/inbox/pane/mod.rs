//! The conversation pane: the open conversation, read afresh when it
//! changes. Its header and buttons are in `actions`, its history in
//! `timeline`.

mod actions;
mod timeline;

use super::composer::ConversationComposer;
use super::InboxState;
use crate::components::attachments::Uploads;
use crate::server::open_conversation;
use actions::OpenConversation;
use leptos::prelude::*;
use switchboard_types::chat::{segments, Segment};
use switchboard_types::{MessageFailure, PreviousConversation, TimelineItem};
use timeline::ConversationHistory;

/// The open conversation as last read: what the history shows.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    number: i64,
    items: Vec<TimelineItem>,
    /// Where the agent's read pointer stood when they opened it (the New
    /// Messages line goes after it).
    last_read_seq: i64,
    previous: Option<PreviousConversation>,
    /// Why its failed messages failed.
    failures: Vec<MessageFailure>,
}

/// The open conversation: header, actions, history and composer.
#[component]
pub fn ConversationPane() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let opened = Resource::new(
        move || (state.selected.get(), state.pane_version.get()),
        |(selected, _)| async move {
            match selected {
                Some(number) => open_conversation(number).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let new_line = StoredValue::new(None::<(i64, i64)>);
    let shown = RwSignal::new(None::<Shown>);
    // Each reload (live changes bring many) updates the history in place,
    // so the list keeps its place and only new entries are drawn.
    Effect::new(move |_| {
        if let Some(Ok(Some(opened))) = opened.get() {
            // The New Messages line stays where it was when the
            // conversation was opened, through the reloads that live
            // changes (and reading it) bring.
            let number = opened.conversation.number;
            state.current.set(Some(opened.conversation.clone()));
            let last_read_seq = match new_line.get_value() {
                Some((kept, seq)) if kept == number => seq,
                _ => {
                    new_line.set_value(Some((number, opened.last_read_seq)));
                    opened.last_read_seq
                }
            };
            shown.set(Some(Shown {
                number,
                items: opened.timeline.items,
                last_read_seq,
                previous: opened.previous,
                failures: opened.failures,
            }));
        }
    });
    let composing = Memo::new(move |_| state.selected.get());
    view! {
        <section class="pane" data-testid="conversation-pane">
            <Transition fallback=|| view! { <p class="muted pad">"Loading…"</p> }>
                {move || {
                    opened
                        .get()
                        .map(|result| match result {
                            Ok(Some(opened)) => view! { <OpenConversation opened/> }.into_any(),
                            // A conversation picked (or resumed after a reload) and
                            // not yet read: its header's place is kept, so the
                            // history below does not jump when the header comes.
                            Ok(None) if state.selected.get().is_some() => {
                                view! { <div class="pane-header placeholder" aria-hidden="true"></div> }.into_any()
                            }
                            Ok(None) => {
                                view! {
                                    <div class="empty-pane">
                                        <p>"Pick a conversation from the list."</p>
                                    </div>
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! { <p class="form-error pad" role="alert"><LinkedText text=e.message/></p> }.into_any()
                            }
                        })
                }}
            </Transition>
            // Outside the part that reloads on live changes: a reload must not
            // take the agent's place in the history, draft or focus away.
            // Made anew only when another conversation is picked.
            {move || {
                composing
                    .get()
                    .map(|number| {
                        // Files dropped anywhere on the conversation go with the reply.
                        let uploads = Uploads::new("/api/v1/attachments");
                        view! {
                            <div
                                class="conversation-drop"
                                on:dragover=|ev| ev.prevent_default()
                                on:drop=move |ev| uploads.dropped(&ev)
                            >
                                <ConversationHistory number shown/>
                                <ConversationComposer number uploads/>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// Text with `#22` drawn as links that open conversation 22 (an error
/// naming the conversation to work on instead, for example).
#[component]
pub fn LinkedText(#[prop(into)] text: String) -> impl IntoView {
    let state = expect_context::<InboxState>();
    segments(&text, &[])
        .into_iter()
        .map(|segment| match segment {
            Segment::Conversation(number) => view! {
                <button type="button" class="link" data-testid="conversation-link" on:click=move |_| state.open(number)>
                    {format!("#{number}")}
                </button>
            }
            .into_any(),
            Segment::Text(text) | Segment::Mention { text, .. } => text.into_any(),
        })
        .collect_view()
}
