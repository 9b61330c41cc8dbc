//! The agent inbox: tabs with live counts, the view selector, the
//! conversation list and the conversation pane.
//!
//! Here the state its parts share and the page itself; the top bar, what
//! the live stream changes and where the agent was are in their own files.

mod alerts;
mod composer;
mod dialogs;
mod list;
mod live_events;
mod pane;
mod shortcuts;
mod top_bar;
mod whereabouts;

use crate::components::chat::{ChannelPane, ChatSidebar, ChatState, ShareToChannel};
use crate::live::LiveLink;
use crate::outbox::Outbox;
use crate::server::{conversation_counts, LogOut};
use leptos::prelude::*;
use switchboard_types::{Agent, AuthorKind, Counts, Presence, Tab, Typing, View, ViewCounts};

/// What the inbox's parts share: the agent, what is selected, and counters
/// that bump when live events make a part stale.
#[derive(Clone, Copy)]
pub struct InboxState {
    pub me: StoredValue<Agent>,
    /// The customer inbox, or the staff chat.
    pub mode: RwSignal<Mode>,
    pub chat: ChatState,
    /// What the search box found, shown instead of the list while set.
    pub found: RwSignal<Option<Result<Vec<switchboard_types::Conversation>, String>>>,
    /// Sounds and browser notifications, when the agent allows them.
    pub alerts: RwSignal<bool>,
    /// Rows of the list beyond its first page, loaded while scrolling.
    pub more_rows: RwSignal<Vec<switchboard_types::Conversation>>,
    /// The keyboard shortcuts overlay is open.
    pub help: RwSignal<bool>,
    /// The conversation dialog open over the inbox.
    pub dialog: RwSignal<Option<PaneDialog>>,
    pub view: RwSignal<View>,
    pub tab: RwSignal<Tab>,
    pub selected: RwSignal<Option<i64>>,
    /// Bumped when lists and counts may have changed.
    pub lists_version: RwSignal<u64>,
    /// Bumped when the open conversation may have changed.
    pub pane_version: RwSignal<u64>,
    pub connected: RwSignal<bool>,
    /// Pop-ups in the top right, newest last.
    pub notices: RwSignal<Vec<Notice>>,
    /// The tab counts of every view, as the server last pushed them.
    pub counts: RwSignal<Vec<ViewCounts>>,
    /// Who is writing where, right now.
    pub typing: RwSignal<Vec<Typing>>,
    /// Who is online (agents and customers).
    pub online: RwSignal<Vec<Presence>>,
    /// Replies and notes not yet acknowledged by the server.
    pub outbox: Outbox,
    pub live: StoredValue<LiveLink>,
    /// The open conversation as last read (its composer reads it).
    pub current: RwSignal<Option<switchboard_types::Conversation>>,
    /// A resolve that may still be undone: the conversation, and the
    /// offer's id (a newer offer replaces it).
    pub undo: RwSignal<Option<(i64, u64)>>,
    /// Whether a mail server is set (replies to e-mail tickets go out);
    /// None until known.
    pub mail_server: RwSignal<Option<bool>>,
}

/// How long "Resolved · Undo" stays on screen.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
const UNDO_FOR_MS: u32 = 8_000;

/// What the main area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Inbox,
    Chat,
}

/// A dialog about a conversation (kept outside the pane, which reloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneDialog {
    Assign(i64),
    Transfer(i64),
    Snooze(i64),
    /// The customer's account, by contact id.
    Customer(i64),
}

/// What a click on a pop-up opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeTarget {
    Conversation(i64),
    Channel(i64),
}

/// A pop-up: what happened, and what a click opens.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: i64,
    pub target: NoticeTarget,
    pub text: String,
}

impl InboxState {
    pub fn refresh_all(self) {
        self.lists_version.update(|v| *v += 1);
        self.pane_version.update(|v| *v += 1);
    }

    pub fn open(self, number: i64) {
        self.selected.set(Some(number));
    }

    /// Opens what a pop-up names.
    pub fn go_to(self, target: NoticeTarget) {
        match target {
            NoticeTarget::Conversation(number) => {
                self.mode.set(Mode::Inbox);
                self.open(number);
            }
            NoticeTarget::Channel(id) => {
                self.mode.set(Mode::Chat);
                self.chat.show(id);
            }
        }
    }

    /// Shows a pop-up for a while.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn notify(self, id: i64, target: NoticeTarget, text: String) {
        alerts::alert(self, target, &text);
        self.notices.update(|n| {
            n.push(Notice { id, target, text });
            // Only the latest few stay on screen.
            let excess = n.len().saturating_sub(4);
            n.drain(..excess);
        });
        #[cfg(feature = "browser")]
        gloo_timers::callback::Timeout::new(8_000, move || self.dismiss(id)).forget();
    }

    /// Offers to take back the resolve of `number` for a few seconds.
    pub fn offer_undo(self, number: i64) {
        let id = self.undo.with_untracked(|u| u.map_or(0, |(_, id)| id + 1));
        self.undo.set(Some((number, id)));
        #[cfg(feature = "browser")]
        gloo_timers::callback::Timeout::new(UNDO_FOR_MS, move || {
            if self.undo.with_untracked(|u| u.map(|(_, i)| i)) == Some(id) {
                self.undo.set(None);
            }
        })
        .forget();
    }

    pub fn dismiss(self, id: i64) {
        self.notices.update(|n| n.retain(|notice| notice.id != id));
    }

    /// Is the customer of a conversation online?
    pub fn is_online(self, kind: AuthorKind, id: i64) -> bool {
        self.online
            .with(|list| list.iter().any(|p| p.kind == kind && p.id == id))
    }

    /// Sends what waits in the outbox.
    pub fn flush_outbox(self) {
        leptos::task::spawn_local(self.outbox.flush(move |outgoing| async move {
            if outgoing.channel_id.is_some() {
                // Its live event brings it to the channel.
                return crate::components::chat::send_outgoing(outgoing).await;
            }
            let sent = composer::send_outgoing(outgoing).await;
            if sent.is_ok() {
                self.refresh_all();
            }
            sent
        }));
    }
}

#[component]
pub fn Inbox(agent: Agent) -> impl IntoView {
    let chat = ChatState::new(agent.id);
    provide_context(chat);
    let state = InboxState {
        me: StoredValue::new(agent.clone()),
        mode: RwSignal::new(Mode::Inbox),
        chat,
        dialog: RwSignal::new(None),
        help: RwSignal::new(false),
        more_rows: RwSignal::new(Vec::new()),
        alerts: RwSignal::new(false),
        found: RwSignal::new(None),
        view: RwSignal::new(View::All),
        tab: RwSignal::new(Tab::WorkingOn),
        selected: RwSignal::new(None),
        lists_version: RwSignal::new(0),
        pane_version: RwSignal::new(0),
        connected: RwSignal::new(false),
        notices: RwSignal::new(Vec::new()),
        counts: RwSignal::new(Vec::new()),
        typing: RwSignal::new(Vec::new()),
        online: RwSignal::new(Vec::new()),
        outbox: Outbox::new(format!("switchboard.outbox.agent.{}", agent.id)),
        live: StoredValue::new(LiveLink::default()),
        current: RwSignal::new(None),
        undo: RwSignal::new(None),
        mail_server: RwSignal::new(None),
    };
    provide_context(state);

    #[cfg(feature = "browser")]
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            state.resume();
            alerts::restore(state);
            state.outbox.restore();
            state.outbox.keep_flushing(move || state.flush_outbox());
            let link = state.live.get_value();
            crate::live::connect("/api/v1/ws".into(), link, move |signal| state.apply(signal));
            watch_visibility(state);
            leptos::task::spawn_local(async move {
                if let Ok(set) = crate::server::mail_server_set().await {
                    state.mail_server.set(Some(set));
                }
            });
        }
    });
    // Switching to the team chat reads the channel it shows.
    Effect::new(move |_| {
        if state.mode.get() == Mode::Chat {
            state.chat.read_open();
        }
    });

    shortcuts::listen(state);

    // The first paint's counts; after that the server pushes them.
    let counts = Resource::new(move || state.view.get(), conversation_counts);
    let log_out = ServerAction::<LogOut>::new();

    view! {
        <div class="app">
            <top_bar::TopBar state agent log_out/>
            <div class="inbox" hidden=move || state.mode.get() != Mode::Inbox>
                <aside class="sidebar">
                    <list::ConversationSearch/>
                    <nav class="tabs" role="tablist">
                        {Tab::ALL
                            .into_iter()
                            .map(|tab| view! { <TabButton tab counts/> })
                            .collect_view()}
                    </nav>
                    <list::ConversationList/>
                </aside>
                <pane::ConversationPane/>
            </div>
            <div class="inbox chat" hidden=move || state.mode.get() != Mode::Chat>
                <ChatSidebar/>
                <ChannelPane/>
            </div>
            <Notices/>
            <UndoResolve/>
            <dialogs::PaneDialogs/>
            <shortcuts::ShortcutHelp/>
            {move || {
                state.chat.sharing.get().map(|number| {
                    view! {
                        <ShareToChannel number close=Callback::new(move |_| state.chat.sharing.set(None))/>
                    }
                })
            }}
        </div>
    }
}

#[component]
fn TabButton(tab: Tab, counts: Resource<Result<Counts, crate::error::AppError>>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let count = Signal::derive(move || {
        let view = state.view.get();
        let pushed = state
            .counts
            .with(|views| views.iter().find(|v| v.view == view).map(|v| v.counts));
        pushed
            .or_else(|| counts.get().and_then(Result::ok))
            .map(|c| c.get(tab))
            .unwrap_or_default()
    });
    view! {
        <button
            role="tab"
            class="tab"
            class:active=move || state.tab.get() == tab
            aria-selected=move || (state.tab.get() == tab).to_string()
            data-testid=format!("tab-{}", tab.as_str())
            on:click=move |_| state.tab.set(tab)
        >
            {tab.label()}
            <Transition>
                <span
                    class=move || { if count.get().unread > 0 { "badge unread" } else { "badge" } }
                    data-testid=format!("count-{}", tab.as_str())
                >
                    {move || count.get().count}
                </span>
            </Transition>
        </button>
    }
}

/// The pop-ups in the top right; a click opens the conversation.
#[component]
fn Notices() -> impl IntoView {
    let state = expect_context::<InboxState>();
    view! {
        <div class="notices" role="status" aria-live="polite">
            <For
                each=move || state.notices.get()
                key=|n| n.id
                children=move |notice| {
                    let (id, target) = (notice.id, notice.target);
                    view! {
                        <button
                            class="notice"
                            data-testid="notice"
                            on:click=move |_| {
                                state.dismiss(id);
                                state.go_to(target);
                            }
                        >
                            {notice.text}
                        </button>
                    }
                }
            />
        </div>
    }
}

/// "Resolved · Undo" for a few seconds after a resolve: a slip of the
/// hand (or the keyboard) costs nothing.
#[component]
fn UndoResolve() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let error = RwSignal::new(None::<String>);
    let undo = move |number: i64| {
        state.undo.set(None);
        leptos::task::spawn_local(async move {
            match crate::server::undo_resolve(number).await {
                Ok(conversation) => {
                    error.set(None);
                    if let Some(tab) = Tab::of(conversation.status) {
                        state.tab.set(tab);
                    }
                    state.open(number);
                    state.refresh_all();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <div class="undo-bar" role="status" aria-live="polite">
            {move || {
                state.undo.get().map(|(number, _)| {
                    view! {
                        <span data-testid="undo-offer">
                            {format!("Resolved #{number} · ")}
                            <button type="button" class="link" data-testid="undo-resolve" on:click=move |_| undo(number)>
                                "Undo"
                            </button>
                        </span>
                    }
                })
            }}
            {move || error.get().map(|m| view! {
                <span class="form-error" role="alert">
                    <pane::LinkedText text=m/>
                    " "
                    <button type="button" class="link" on:click=move |_| error.set(None)>"Dismiss"</button>
                </span>
            })}
        </div>
    }
}

/// Coming back to the page reads the open channel, if the chat is on screen.
#[cfg(feature = "browser")]
fn watch_visibility(state: InboxState) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_visible = Closure::<dyn FnMut()>::new(move || {
        if state.mode.get_untracked() == Mode::Chat && crate::live::page_in_front() {
            state.chat.read_open();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    // It listens for the page's lifetime.
    on_visible.forget();
}
