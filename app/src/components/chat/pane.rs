//! The team chat's open channel: its header, history, lines and composer
//! (one component tree, read top to bottom).

use super::dialogs::{EditChannelDialog, InviteDialog};
use super::ChatState;
use crate::components::attachments::{AttachmentList, Lightbox, Uploads};
use crate::components::composer::Composer;
use crate::components::follow::{Follower, NewMessagesButton};
use crate::components::formatted::message_body;
use crate::components::inbox::{InboxState, Mode};
use crate::components::outgoing::WaitingMessages;
use crate::components::{clock_time, enter_sends};
use crate::outbox::Outgoing;
use crate::server::{
    chat_history, chat_message_versions, delete_chat_message, edit_chat_message, join_channel,
    leave_channel,
};
use leptos::prelude::*;
use switchboard_types::chat::{segments, ChannelKind, ChatMessage, Segment};

/// The open channel: who is in it, its history and the composer.
#[component]
pub fn ChannelPane() -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let entry = Memo::new(move |_| chat.open.get().and_then(|id| chat.entry(id)));
    // The open channel, and whether the agent is in it.
    let opened = Memo::new(move |_| {
        let id = chat.open.get()?;
        Some((
            id,
            entry.with(|e| e.as_ref().is_some_and(|e| e.channel.is_member(chat.me))),
        ))
    });
    // Where files dropped on the channel go: the open composer's uploads.
    let dropping = StoredValue::new(None::<Uploads>);
    view! {
        <section class="pane chat-pane" data-testid="channel-pane">
            {move || match entry.get() {
                None => {
                    view! {
                        <div class="empty-pane">
                            <p>"Pick a channel, or write to a colleague."</p>
                        </div>
                    }
                        .into_any()
                }
                Some(entry) => view! { <ChannelHeader entry/> }.into_any(),
            }}
            {move || chat.error.get().map(|m| view! { <p class="form-error banner" role="alert">{m}</p> })}
            // The composer is made anew only when another channel is opened
            // (or the agent joins or leaves): a live change never takes the
            // agent's draft or files. Files dropped anywhere on the channel
            // go with the next message.
            <Show when=move || chat.open.get().is_some()>
                <div
                    class="conversation-drop"
                    on:dragover=|ev| ev.prevent_default()
                    on:drop=move |ev| match dropping.get_value() {
                        Some(uploads) => uploads.dropped(&ev),
                        None => ev.prevent_default(),
                    }
                >
                    <ChannelHistory/>
                    {move || {
                        let (id, member) = opened.get()?;
                        let uploads = member.then(|| Uploads::new("/api/v1/attachments"));
                        dropping.set_value(uploads);
                        Some(match uploads {
                            Some(uploads) => view! { <ChatComposer channel_id=id uploads/> }.into_any(),
                            None => view! { <JoinPrompt channel_id=id/> }.into_any(),
                        })
                    }}
                </div>
            </Show>
        </section>
    }
}

#[component]
fn ChannelHeader(entry: switchboard_types::chat::ChannelEntry) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let channel = entry.channel;
    let id = channel.id;
    let member = channel.is_member(chat.me);
    let group = channel.kind != ChannelKind::Direct;
    let inviting = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let member_ids: Vec<i64> = channel.members.iter().map(|m| m.id).collect();
    let names = channel
        .members
        .iter()
        .map(|m| m.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let leave = move |_| {
        leptos::task::spawn_local(async move {
            match leave_channel(id).await {
                Ok(()) => {
                    chat.open.set(None);
                    chat.reload();
                }
                Err(e) => chat.error.set(Some(e.message)),
            }
        });
    };
    let (name, description) = (channel.name.clone(), channel.description.clone());
    view! {
        <header class="pane-header">
            <div>
                <crate::components::BackButton
                    label="← Channels"
                    aria_label="Back to the channels"
                    back=Callback::new(move |_| chat.open.set(None))
                />
                <h2 data-testid="channel-title">
                    {channel.title_for(chat.me)}
                    {(channel.kind == ChannelKind::Private).then(|| view! { <span class="lock" title="Private channel">" 🔒"</span> })}
                </h2>
                <p class="muted small">
                    {(!channel.description.is_empty()).then(|| format!("{} · ", channel.description))}
                    <span title=names data-testid="channel-members">
                        {format!(
                            "{} member{}",
                            channel.members.len(),
                            if channel.members.len() == 1 { "" } else { "s" },
                        )}
                    </span>
                </p>
            </div>
            <div class="actions">
                {(member && group)
                    .then(|| {
                        view! {
                            <button class="button" data-testid="invite-open" on:click=move |_| inviting.set(true)>
                                "Invite"
                            </button>
                            <button class="button" on:click=move |_| editing.set(true)>"Edit"</button>
                            <button class="button subtle" data-testid="leave-channel" on:click=leave>
                                "Leave"
                            </button>
                        }
                    })}
            </div>
        </header>
        <Show when=move || inviting.get()>
            <InviteDialog channel_id=id members=member_ids.clone() close=Callback::new(move |_| inviting.set(false))/>
        </Show>
        <Show when=move || editing.get()>
            <EditChannelDialog
                channel_id=id
                name=name.clone()
                description=description.clone()
                close=Callback::new(move |_| editing.set(false))
            />
        </Show>
    }
}

#[component]
fn ChannelHistory() -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let state = expect_context::<InboxState>();
    let list = NodeRef::<leptos::html::Ol>::new();
    let loading_earlier = RwSignal::new(false);
    // The seq of the first message under the New Messages line.
    let first_new = Memo::new(move |_| {
        let after = chat.new_line_after.get()?;
        chat.messages.with(|messages| {
            messages
                .iter()
                .find(|m| m.seq > after && m.author.id != chat.me)
                .map(|m| m.seq)
        })
    });
    let load_earlier = move |_| {
        let (Some(id), Some(first)) = (
            chat.open.get_untracked(),
            chat.messages.with_untracked(|m| m.first().map(|m| m.seq)),
        ) else {
            return;
        };
        loading_earlier.set(true);
        leptos::task::spawn_local(async move {
            match chat_history(id, first).await {
                Ok(page) if chat.open.get_untracked() == Some(id) => {
                    chat.messages.update(|messages| {
                        let mut earlier = page.messages;
                        earlier.append(messages);
                        *messages = earlier;
                    });
                    chat.has_earlier.set(page.has_earlier);
                }
                Ok(_) => {}
                Err(e) => chat.error.set(Some(e.message)),
            }
            loading_earlier.set(false);
        });
    };
    // Opens at the New Messages line or the bottom, then follows what
    // arrives (see Follower); another channel opens afresh.
    let follower = Follower::new(list);
    let last_seen = StoredValue::new(None::<(i64, i64)>);
    // The channel's pictures, for the lightbox's arrows.
    let images = Signal::derive(move || {
        chat.messages.with(|messages| {
            messages
                .iter()
                .flat_map(|m| m.attachments.iter().filter(|a| a.is_image()))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let showing = RwSignal::new(None::<String>);
    let open = Callback::new(move |id: String| showing.set(Some(id)));
    Effect::new(move |_| {
        let channel = chat.open.get();
        let (latest, from_others, mine) = chat.messages.with(|list| {
            let after = match (last_seen.get_value(), channel) {
                (Some((seen_in, seq)), Some(open)) if seen_in == open => seq,
                _ => i64::MAX,
            };
            let new = list.iter().filter(|m| m.seq > after);
            let (others, mine) = new.fold((0, false), |(others, mine), m| {
                if m.author.id == chat.me {
                    (others, true)
                } else {
                    (others + 1, mine)
                }
            });
            // Until the channel's own messages are loaded, the list still
            // holds the one before.
            let latest = list
                .last()
                .filter(|m| Some(m.channel_id) == channel)
                .map(|m| m.seq);
            (latest, others, mine)
        });
        let (Some(channel), Some(latest)) = (channel, latest) else {
            return;
        };
        match last_seen.get_value() {
            Some((seen_in, before)) if seen_in == channel => {
                if latest > before {
                    follower.arrived(from_others, mine);
                }
            }
            _ => follower.open_at(
                first_new
                    .get_untracked()
                    .map(|_| "[data-testid=\"new-messages-line\"]".to_string()),
            ),
        }
        last_seen.set_value(Some((channel, latest)));
    });
    Effect::new(move |started: Option<()>| {
        let waiting = state
            .outbox
            .items
            .with(|o| o.iter().filter(|o| o.channel_id.is_some()).count());
        if started.is_some() && waiting > 0 {
            follower.arrived(0, true);
        }
    });
    view! {
        <div class="history">
        <ol class="timeline chat-timeline" node_ref=list data-testid="chat-timeline" aria-live="polite" on:scroll=move |_| follower.scrolled()>
            <Show when=move || chat.has_earlier.get()>
                <li class="load-earlier">
                    <button class="button subtle small" data-testid="load-earlier" disabled=move || loading_earlier.get() on:click=load_earlier>
                        "Load earlier messages"
                    </button>
                </li>
            </Show>
            <For
                each=move || chat.messages.get()
                key=|m| (m.id, m.edited_at.clone(), m.deleted_at.clone())
                children=move |message| {
                    let seq = message.seq;
                    view! {
                        <Show when=move || first_new.get() == Some(seq)>
                            <li class="new-messages" data-testid="new-messages-line">"New Messages"</li>
                        </Show>
                        <ChatLine message open/>
                    }
                }
            />
            <WaitingMessages
                outbox=state.outbox
                belongs=move |o: &Outgoing| o.channel_id.is_some() && o.channel_id == chat.open.get()
                side="from-agent"
                test_id="chat-outgoing"
                flush=Callback::new(move |()| state.flush_outbox())
            />
        </ol>
        <NewMessagesButton follower/>
        <Lightbox images showing/>
        </div>
    }
}

/// One message: author, time, text with mentions and conversation links;
/// the author may edit or delete it, and anyone may see what an edit replaced.
#[component]
fn ChatLine(message: ChatMessage, open: Callback<String>) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let state = expect_context::<InboxState>();
    let mine = message.author.id == chat.me;
    let id = message.id;
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let draft = RwSignal::new(message.body.clone());
    let versions = RwSignal::new(None::<Vec<String>>);
    let deleted = message.deleted_at.is_some();
    let edited = message.edited_at.is_some();
    let body = message.body.clone();
    let formatted = message.formatted.clone();
    let files = message.attachments.clone();
    let pieces = move || {
        message_body(body.clone(), formatted.clone(), move |text| {
            mentions_and_links(&text, chat, state)
        })
    };
    let save = move || {
        let text = draft.get_untracked();
        leptos::task::spawn_local(async move {
            match edit_chat_message(id, text).await {
                Ok(updated) => {
                    editing.set(false);
                    chat.message_arrived(updated, true);
                }
                Err(e) => chat.error.set(Some(e.message)),
            }
        });
    };
    let delete = move |_| {
        leptos::task::spawn_local(async move {
            match delete_chat_message(id).await {
                Ok(updated) => {
                    chat.message_arrived(updated, true);
                }
                Err(e) => chat.error.set(Some(e.message)),
            }
        });
    };
    let show_versions = move |_| {
        if versions.get_untracked().is_some() {
            versions.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            match chat_message_versions(id).await {
                Ok(found) => versions.set(Some(found)),
                Err(e) => chat.error.set(Some(e.message)),
            }
        });
    };
    view! {
        <li class="chat-line" class:mine=mine data-testid="chat-message">
            <div class="chat-meta small">
                <strong class="author">{message.author.name.clone()}</strong>
                <time class="muted" datetime=message.created_at.clone()>{clock_time(&message.created_at)}</time>
                {(edited || deleted)
                    .then(|| {
                        view! {
                            <button class="link muted" title="What it said before" on:click=show_versions>
                                {if deleted { "(deleted)" } else { "(edited)" }}
                            </button>
                        }
                    })}
                {(mine && !deleted)
                    .then(|| {
                        view! {
                            <span class="line-actions">
                                <button class="link" data-testid="edit-message" on:click=move |_| editing.set(true)>"Edit"</button>
                                {move || {
                                    if confirming.get() {
                                        view! {
                                            <button class="link danger" data-testid="confirm-delete" on:click=delete>"Delete it"</button>
                                            <button class="link" on:click=move |_| confirming.set(false)>"Keep"</button>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <button class="link" data-testid="delete-message" on:click=move |_| confirming.set(true)>"Delete"</button>
                                        }
                                            .into_any()
                                    }
                                }}
                            </span>
                        }
                    })}
            </div>
            {move || {
                if deleted {
                    view! { <p class="body deleted muted">"This message was deleted."</p> }.into_any()
                } else if editing.get() {
                    view! {
                        <form
                            class="edit-form"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                save();
                            }
                        >
                            <label class="visually-hidden" for=format!("edit-{id}")>"Edit message"</label>
                            <textarea
                                id=format!("edit-{id}")
                                data-testid="edit-body"
                                rows="2"
                                bind:value=draft
                                on:keydown=move |ev| {
                                    if enter_sends(&ev) {
                                        save();
                                    } else if ev.key() == "Escape" {
                                        editing.set(false);
                                    }
                                }
                            ></textarea>
                            <button type="submit" class="button small primary" data-testid="save-edit">"Save"</button>
                            <button type="button" class="button small subtle" on:click=move |_| editing.set(false)>"Cancel"</button>
                        </form>
                    }
                        .into_any()
                } else {
                    pieces()
                }
            }}
            {(!files.is_empty()).then(|| view! { <AttachmentList files open/> })}
            {move || {
                versions.get().map(|found| view! {
                    <ul class="versions small muted" data-testid="versions">
                        {found.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
                    </ul>
                })
            }}
        </li>
    }
}

/// A run of a chat message's text with its `@` mentions and `#22`
/// conversation links.
fn mentions_and_links(text: &str, chat: ChatState, state: InboxState) -> AnyView {
    chat.staff
        .with(|staff| segments(text, staff))
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.into_any(),
            Segment::Mention { agent_id, text } => view! {
                <span class="mention" class:me={agent_id == chat.me}>{text}</span>
            }
            .into_any(),
            Segment::Conversation(number) => view! {
                <button
                    class="link conversation-link"
                    title="Open this conversation"
                    on:click=move |_| {
                        state.mode.set(Mode::Inbox);
                        state.open(number);
                    }
                >
                    {format!("#{number}")}
                </button>
            }
            .into_any(),
        })
        .collect_view()
        .into_any()
}

#[component]
fn JoinPrompt(channel_id: i64) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let join = move |_| {
        leptos::task::spawn_local(async move {
            match join_channel(channel_id).await {
                Ok(entry) => chat.upsert(entry),
                Err(e) => chat.error.set(Some(e.message)),
            }
        });
    };
    view! {
        <div class="composer join-prompt">
            <span class="muted">"You are reading this channel."</span>
            <button class="button primary" data-testid="join-channel" on:click=join>"Join to write"</button>
        </div>
    }
}

/// Writes in a channel; `@` offers colleagues' names.
#[component]
fn ChatComposer(channel_id: i64, uploads: Uploads) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let state = expect_context::<InboxState>();
    let send = Callback::new(
        move |(text, attachments): (String, Vec<switchboard_types::Attachment>)| {
            state.outbox.push(Outgoing {
                attachments,
                ..Outgoing::chat(channel_id, text)
            });
            state.flush_outbox();
        },
    );
    let placeholder = move || {
        chat.entry(channel_id)
            .map(|e| format!("Write to {}…", e.channel.title_for(chat.me)))
            .unwrap_or_default()
    };
    view! {
        <Composer
            // A draft waits per channel, through switching and reloads.
            draft_key=format!("switchboard.draft.{}.channel.{channel_id}", chat.me)
            field_id="chat-composer-body"
            test_id="chat-composer"
            rows=2
            placeholder=Signal::derive(placeholder)
            mentions="chat"
            mentions_on=true
            hint="Enter to send · @name to mention · #22 links a conversation"
            send_label="Send"
            send_test_id="chat-send"
            send
            uploads
            class="composer chat-composer"
        />
    }
}
