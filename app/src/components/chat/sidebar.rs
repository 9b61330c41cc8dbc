use super::dialogs::{NewChannelDialog, NewDirectDialog};
use super::ChatState;
use crate::components::clock_time;
use crate::components::search_box::SearchBox;
use crate::server::{join_channel, search_chat};
use leptos::prelude::*;
use switchboard_types::chat::{ChannelEntry, ChannelKind, ChatSearchHit};

/// Channels and private messages with their unread badges, the public
/// channels to join, and search across the agent's channels.
#[component]
pub fn ChatSidebar() -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let creating = RwSignal::new(false);
    let starting_direct = RwSignal::new(false);
    let browsing = RwSignal::new(false);
    let hits = RwSignal::new(None::<Result<Vec<ChatSearchHit>, String>>);

    let joinable = move || {
        chat.entries.with(|entries| {
            entries
                .iter()
                .filter(|e| !e.channel.is_member(chat.me))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let search = Callback::new(move |text: String| {
        leptos::task::spawn_local(async move {
            hits.set(Some(search_chat(text).await.map_err(|e| e.message)));
        });
    });
    let join = move |channel_id: i64| {
        leptos::task::spawn_local(async move {
            match join_channel(channel_id).await {
                Ok(entry) => {
                    chat.upsert(entry);
                    chat.show(channel_id);
                }
                Err(e) => chat.error.set(Some(e.message)),
            }
        });
    };

    view! {
        <aside class="sidebar chat-sidebar" data-testid="chat-sidebar">
            <SearchBox
                class="chat-search"
                id="chat-search"
                label="Search messages"
                placeholder="Search your channels…"
                test_id="chat-search"
                on_search=search
                on_clear=Callback::new(move |()| hits.set(None))
            />
            {move || {
                hits.get()
                    .map(|found| match found {
                        Err(message) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
                        Ok(found) if found.is_empty() => view! { <p class="muted pad small">"No messages found."</p> }.into_any(),
                        Ok(found) => view! {
                            <ul class="chat-hits" data-testid="chat-hits">
                                {found
                                    .into_iter()
                                    .map(|hit| {
                                        let channel_id = hit.message.channel_id;
                                        view! {
                                            <li>
                                                <button class="chat-hit" on:click=move |_| chat.show(channel_id)>
                                                    <span class="small muted">
                                                        {hit.channel_title} " · " {hit.message.author.name} " · "
                                                        {clock_time(&hit.message.created_at)}
                                                    </span>
                                                    <span class="preview">{hit.message.body}</span>
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                    })
            }}
            <nav class="chat-lists" aria-label="Channels and private messages">
                <ChannelGroup
                    title="Channels"
                    new_test_id="new-channel"
                    new_title="Create a channel"
                    adding=creating
                    direct=false
                />
                <button
                    class="button subtle small browse"
                    aria-expanded=move || browsing.get().to_string()
                    on:click=move |_| browsing.update(|b| *b = !*b)
                >
                    {move || format!("Browse channels ({})", joinable().len())}
                </button>
                <Show when=move || browsing.get()>
                    <ul class="channel-list joinable" data-testid="joinable-channels">
                        {move || {
                            joinable()
                                .into_iter()
                                .map(|entry| {
                                    let id = entry.channel.id;
                                    view! {
                                        <li class="joinable-row">
                                            <span>
                                                <strong>{format!("#{}", entry.channel.name)}</strong>
                                                <span class="muted small">" " {entry.channel.description}</span>
                                            </span>
                                            <button class="button subtle small" on:click=move |_| chat.show(id)>"View"</button>
                                            <button class="button small" on:click=move |_| join(id)>"Join"</button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </Show>
                <ChannelGroup
                    title="Private messages"
                    new_test_id="new-direct"
                    new_title="Write to colleagues"
                    adding=starting_direct
                    direct=true
                />
            </nav>
            <Show when=move || creating.get()>
                <NewChannelDialog close=Callback::new(move |_| creating.set(false))/>
            </Show>
            <Show when=move || starting_direct.get()>
                <NewDirectDialog close=Callback::new(move |_| starting_direct.set(false))/>
            </Show>
        </aside>
    }
}

/// The agent's channels, or their private messages, under a heading with
/// a button that starts a new one.
#[component]
fn ChannelGroup(
    title: &'static str,
    new_test_id: &'static str,
    new_title: &'static str,
    adding: RwSignal<bool>,
    direct: bool,
) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let entries = move || {
        chat.entries.with(|entries| {
            entries
                .iter()
                .filter(|e| e.channel.is_member(chat.me))
                .filter(|e| (e.channel.kind == ChannelKind::Direct) == direct)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="chat-heading">
            <h2>{title}</h2>
            <button
                class="button subtle small"
                data-testid=new_test_id
                title=new_title
                on:click=move |_| adding.set(true)
            >
                "+ New"
            </button>
        </div>
        <ul class="channel-list">
            <For
                each=entries
                key=|e| (e.channel.id, e.channel.name.clone(), e.unread, e.channel.members.len())
                children=move |entry| view! { <ChannelRow entry/> }
            />
        </ul>
    }
}

/// A channel in the sidebar: its name and, while something is unread, a
/// red count.
#[component]
fn ChannelRow(entry: ChannelEntry) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let id = entry.channel.id;
    let title = entry.channel.title_for(chat.me);
    let unread = entry.unread;
    let private = entry.channel.kind == ChannelKind::Private;
    view! {
        <li>
            <button
                class="channel-row"
                class:selected=move || chat.open.get() == Some(id)
                class:unread={unread > 0}
                data-testid="channel-row"
                aria-current=move || (chat.open.get() == Some(id)).then_some("true")
                on:click=move |_| chat.show(id)
            >
                <span class="channel-name">
                    {title}
                    {private.then(|| view! { <span class="lock" title="Private channel">" 🔒"</span> })}
                </span>
                {(unread > 0)
                    .then(|| {
                        view! {
                            <span class="badge unread" data-testid="channel-unread" title="Unread messages">
                                {unread}
                            </span>
                        }
                    })}
            </button>
        </li>
    }
}
