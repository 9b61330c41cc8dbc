//! The agent inbox: tabs with live counts, the view selector, the
//! conversation list and the conversation pane.

mod alerts;
mod composer;
mod dialogs;
mod list;
mod pane;
mod shortcuts;

use crate::components::chat::{ChannelPane, ChatSidebar, ChatState, ShareToChannel};
use crate::components::menu::{Menu, MenuItem};
use crate::components::{admin, settings, team};
use crate::live::LiveLink;
use crate::outbox::Outbox;
use crate::server::{conversation_counts, list_queues, LogOut};
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

/// How long a typing signal lasts unless repeated.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
const TYPING_SHOWN_MS: u32 = 5_000;

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

/// Where the agent was: the inbox opens there again after a reload or a
/// new login in this browser.
#[derive(serde::Serialize, serde::Deserialize)]
struct Whereabouts {
    view: View,
    tab: Tab,
    selected: Option<i64>,
    chat: bool,
    channel: Option<i64>,
}

impl InboxState {
    fn whereabouts_key(self) -> String {
        format!("switchboard.whereabouts.{}", self.me.with_value(|me| me.id))
    }

    /// Goes back to where the agent was, then keeps track of it.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn resume(self) {
        let restored = RwSignal::new(false);
        match crate::saved::load::<Whereabouts>(&self.whereabouts_key()) {
            Some(here) => {
                self.go_back_to(here);
                restored.set(true);
            }
            // A browser that has not seen this agent asks the server.
            None => leptos::task::spawn_local(async move {
                if let Ok(Some(json)) = crate::server::my_whereabouts().await {
                    if let Ok(here) = serde_json::from_str(&json) {
                        self.go_back_to(here);
                    }
                }
                restored.set(true);
            }),
        }
        // From then on, every move is kept, here and on the server.
        Effect::new(move |_| {
            let here = Whereabouts {
                view: self.view.get(),
                tab: self.tab.get(),
                selected: self.selected.get(),
                chat: self.mode.get() == Mode::Chat,
                channel: self.chat.open.get(),
            };
            if !restored.get() {
                return;
            }
            crate::saved::save(&self.whereabouts_key(), &here);
            if let Ok(json) = serde_json::to_string(&here) {
                leptos::task::spawn_local(async move {
                    let _ = crate::server::save_whereabouts(json).await;
                });
            }
        });
    }

    fn go_back_to(self, here: Whereabouts) {
        self.view.set(here.view);
        self.tab.set(here.tab);
        self.selected.set(here.selected);
        self.mode
            .set(if here.chat { Mode::Chat } else { Mode::Inbox });
        if let Some(channel) = here.channel {
            self.chat.show(channel);
        }
    }

    /// A conversation changed: a search result showing it follows it, and
    /// a row loaded beyond the first page follows it too, or leaves when it
    /// no longer belongs to the view's tab.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn patch_rows(self, changed: switchboard_types::Conversation) {
        self.found.maybe_update(|found| {
            let Some(Ok(rows)) = found else { return false };
            let Some(row) = rows.iter_mut().find(|r| r.number == changed.number) else {
                return false;
            };
            *row = switchboard_types::Conversation {
                unread_count: row.unread_count,
                ..changed.clone()
            };
            true
        });
        let (view, tab) = (self.view.get_untracked(), self.tab.get_untracked());
        let me = self.me.with_value(|me| me.id);
        self.more_rows.update(|rows| {
            if let Some(i) = rows.iter().position(|r| r.number == changed.number) {
                if changed.listed_in(view, tab, me) {
                    let unread_count = rows[i].unread_count;
                    rows[i] = switchboard_types::Conversation {
                        unread_count,
                        ..changed
                    };
                } else {
                    rows.remove(i);
                }
            }
        });
    }

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

    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn someone_typing(self, typing: Typing) {
        let me = self.me.with_value(|me| me.id);
        if typing.author_kind == AuthorKind::Agent && typing.id == me {
            return;
        }
        let same = move |t: &Typing| {
            t.conversation_number == typing.conversation_number
                && t.author_kind == typing.author_kind
                && t.id == typing.id
        };
        self.typing.update(|list| {
            list.retain(|t| !same(t));
            list.push(typing.clone());
        });
        #[cfg(feature = "browser")]
        {
            let shown = self.typing.with_untracked(|list| list.len());
            gloo_timers::callback::Timeout::new(TYPING_SHOWN_MS, move || {
                // Only if no newer signal from them came meanwhile.
                if self.typing.with_untracked(|list| list.len()) <= shown {
                    self.typing.update(|list| list.retain(|t| !same(t)));
                }
            })
            .forget();
        }
    }

    #[cfg(feature = "browser")]
    fn apply(self, signal: crate::live::LiveSignal) {
        use crate::live::LiveSignal;
        use switchboard_types::{ClientFrame, LiveEvent};
        match signal {
            LiveSignal::Connected => {
                self.connected.set(true);
                self.refresh_all();
                self.chat.reload();
                self.flush_outbox();
            }
            LiveSignal::Disconnected => self.connected.set(false),
            LiveSignal::Event(frame) => {
                let concerns = match frame.event {
                    LiveEvent::MessageCreated { message } => {
                        if message.author.kind == AuthorKind::Contact {
                            self.live.with_value(|live| {
                                live.send(&ClientFrame::Delivered {
                                    conversation_number: message.conversation_number,
                                    seq: message.seq,
                                })
                            });
                            let (number, id) = (message.conversation_number, message.author.id);
                            self.typing.update(|list| {
                                list.retain(|t| {
                                    !(t.conversation_number == number && Some(t.id) == id)
                                })
                            });
                        }
                        Some(message.conversation_number)
                    }
                    LiveEvent::ConversationUpdated { conversation } => {
                        let number = conversation.number;
                        self.patch_rows(conversation);
                        Some(number)
                    }
                    LiveEvent::TimelineEvent { event } => Some(event.conversation_number),
                    LiveEvent::ConversationRead { .. } => None,
                    LiveEvent::MessageStatus { update } => {
                        if Some(update.conversation_number) == self.selected.get_untracked() {
                            self.pane_version.update(|v| *v += 1);
                        }
                        return;
                    }
                    LiveEvent::CountsUpdated { views } => {
                        self.counts.set(views);
                        return;
                    }
                    LiveEvent::Typing { typing } => {
                        self.someone_typing(typing);
                        return;
                    }
                    LiveEvent::Presence { presence } => {
                        self.online.update(|list| {
                            list.retain(|p| !(p.kind == presence.kind && p.id == presence.id));
                            if presence.online {
                                list.push(presence);
                            }
                        });
                        return;
                    }
                    LiveEvent::CustomerConversationUpdated { .. }
                    | LiveEvent::WidgetStatus { .. } => return,
                    LiveEvent::Notification { notification } => {
                        self.notify(
                            frame.event_id,
                            NoticeTarget::Conversation(notification.conversation_number),
                            notification.text,
                        );
                        return;
                    }
                    LiveEvent::ChatMessage { message } => {
                        let channel_id = message.channel_id;
                        let on_screen =
                            self.mode.get_untracked() == Mode::Chat && crate::live::page_in_front();
                        // A message naming me pops up once, as the mention.
                        let names_me = self.chat.staff.with_untracked(|staff| {
                            switchboard_types::chat::mentioned(&message.body, staff)
                                .contains(&self.chat.me)
                        });
                        if let Some(text) = self.chat.message_arrived(message, on_screen) {
                            if !names_me {
                                self.notify(
                                    frame.event_id,
                                    NoticeTarget::Channel(channel_id),
                                    text,
                                );
                            }
                        }
                        return;
                    }
                    LiveEvent::ChannelUpdated { channel } => {
                        self.chat.channel_changed(channel);
                        return;
                    }
                    LiveEvent::ChannelRead {
                        channel_id,
                        last_read_seq,
                    } => {
                        self.chat.read(channel_id, last_read_seq);
                        return;
                    }
                    LiveEvent::Mention { mention } => {
                        let text = format!(
                            "{} mentioned you in {}: {}",
                            mention.author.name, mention.channel_title, mention.preview
                        );
                        self.notify(
                            frame.event_id,
                            NoticeTarget::Channel(mention.channel_id),
                            text,
                        );
                        return;
                    }
                    LiveEvent::Resync => {
                        self.refresh_all();
                        return;
                    }
                };
                self.lists_version.update(|v| *v += 1);
                if concerns.is_some() && concerns == self.selected.get_untracked() {
                    self.pane_version.update(|v| *v += 1);
                }
            }
        }
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
            <header class="topbar">
                <span class="brand">"Switchboard"</span>
                <ModeSwitch/>
                <Show when=move || state.mode.get() == Mode::Inbox>
                    <ViewSelector/>
                </Show>
                <span class="spacer"></span>
                <span
                    class="live-dot"
                    class:online=move || state.connected.get()
                    title=move || if state.connected.get() { "Live" } else { "Reconnecting…" }
                ></span>
                <alerts::AlertsToggle/>
                // What admins run: the team, queues, the widget, webhooks, the audit.
                {agent.is_admin().then(|| view! { <AdminMenu me=agent.id/> })}
                <button
                    class="button subtle small"
                    data-testid="shortcuts"
                    title="Keyboard shortcuts (?)"
                    aria-label="Keyboard shortcuts"
                    on:click=move |_| state.help.set(true)
                >
                    "?"
                </button>
                <crate::components::admin::AvailabilitySelect initial=agent.availability/>
                <AccountMenu name=agent.name.clone() log_out/>
            </header>
            <div class="inbox" hidden=move || state.mode.get() != Mode::Inbox>
                <aside class="sidebar">
                    <list::SearchBox/>
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

/// A view's name with its open conversations and, when some hold unread
/// messages, a red dot (the select's options cannot be coloured).
fn view_label(state: InboxState, view: View, name: &str) -> String {
    let counts = state
        .counts
        .with(|views| views.iter().find(|v| v.view == view).map(|v| v.counts));
    match counts {
        Some(c) => {
            let open = c.working_on.count + c.pending.count;
            let unread = c.working_on.unread + c.pending.unread;
            format!("{name} · {open}{}", if unread > 0 { " ●" } else { "" })
        }
        None => name.to_string(),
    }
}

#[component]
fn ViewSelector() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let queues = Resource::new(|| (), |_| list_queues());
    // The chosen view's badge: red while it holds unread messages.
    let unread_here = move || {
        let view = state.view.get();
        state.counts.with(|views| {
            views
                .iter()
                .find(|v| v.view == view)
                .is_some_and(|v| v.counts.working_on.unread + v.counts.pending.unread > 0)
        })
    };
    view! {
        <label class="view-selector">
            <span class="visually-hidden">"View"</span>
            <span
                class="view-dot"
                class:unread=unread_here
                data-testid="view-unread"
                title=move || if unread_here() { "Unread messages in this view" } else { "All read" }
            ></span>
            <select
                data-testid="view-selector"
                on:change=move |ev| {
                    if let Ok(view) = event_target_value(&ev).parse::<View>() {
                        state.view.set(view);
                    }
                }
            >
                <option value="all" selected=move || state.view.get() == View::All>
                    {move || view_label(state, View::All, "All")}
                </option>
                <option value="mine" selected=move || state.view.get() == View::Mine>
                    {move || view_label(state, View::Mine, "Mine")}
                </option>
                <option value="unassigned" selected=move || state.view.get() == View::Unassigned>
                    {move || view_label(state, View::Unassigned, "Unassigned")}
                </option>
                <Transition>
                    {move || {
                        queues
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|q| {
                                let view = View::Queue(q.id);
                                view! {
                                    <option value=view.to_string() selected=move || state.view.get() == view>
                                        {move || view_label(state, view, &q.name)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </Transition>
                // Admins find blocked customers' conversations here alone.
                {state.me.with_value(|me| me.is_admin()).then(|| view! {
                    <option value="blocked" selected=move || state.view.get() == View::Blocked>
                        "Blocked"
                    </option>
                })}
            </select>
        </label>
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

/// What an admin's menu opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AdminTool {
    Team,
    Queues,
    WidgetSettings,
    Webhooks,
    Audit,
}

/// The admin tools, in one menu of the top bar: each opens its dialog,
/// made when it opens (reading what it shows afresh).
#[component]
fn AdminMenu(me: i64) -> impl IntoView {
    let shown = RwSignal::new(None::<AdminTool>);
    let close = Callback::new(move |_| shown.set(None));
    let item = move |label, test_id, tool| MenuItem {
        label,
        test_id,
        choose: Callback::new(move |_| shown.set(Some(tool))),
    };
    let items = vec![
        item("Team", "open-team", AdminTool::Team),
        item("Queues", "open-queues", AdminTool::Queues),
        item(
            "Widget settings",
            "open-widget-settings",
            AdminTool::WidgetSettings,
        ),
        item("Webhooks", "open-webhooks", AdminTool::Webhooks),
        item("Audit", "open-audit", AdminTool::Audit),
    ];
    view! {
        <Menu button=ViewFn::from(|| "Admin") test_id="open-admin" label="Administration" items/>
        {move || {
            shown.get().map(|tool| match tool {
                AdminTool::Team => view! { <team::TeamDialog me close/> }.into_any(),
                AdminTool::Queues => view! { <admin::QueuesDialog close/> }.into_any(),
                AdminTool::WidgetSettings => {
                    let open_queues = Callback::new(move |_| shown.set(Some(AdminTool::Queues)));
                    view! { <settings::WidgetSettingsDialog close open_queues/> }.into_any()
                }
                AdminTool::Webhooks => view! { <admin::WebhooksDialog close/> }.into_any(),
                AdminTool::Audit => view! { <team::AuditDialog close/> }.into_any(),
            })
        }}
    }
}

/// The agent's own menu: their API tokens, and logging out.
#[component]
fn AccountMenu(name: String, log_out: ServerAction<LogOut>) -> impl IntoView {
    let tokens = RwSignal::new(false);
    let items = vec![MenuItem {
        label: "API tokens",
        test_id: "open-tokens",
        choose: Callback::new(move |_| tokens.set(true)),
    }];
    let button =
        ViewFn::from(move || view! { <span class="me" data-testid="me">{name.clone()}</span> });
    let footer = ViewFn::from(move || {
        view! {
            <ActionForm action=log_out attr:class="menu-form">
                <button type="submit" role="menuitem" class="menu-item" data-testid="log-out">"Log out"</button>
            </ActionForm>
        }
    });
    view! {
        <Menu button test_id="account" label="Your account" items footer/>
        <Show when=move || tokens.get()>
            <team::ApiTokensDialog close=Callback::new(move |_| tokens.set(false))/>
        </Show>
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

/// Inbox or staff chat; the chat's button shows a red count while
/// something there is unread.
#[component]
fn ModeSwitch() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let unread = move || state.chat.unread_total();
    let button = move |mode: Mode, label: &'static str, test_id: &'static str| {
        view! {
            <button
                role="tab"
                class="mode-tab"
                class:active=move || state.mode.get() == mode
                aria-selected=move || (state.mode.get() == mode).to_string()
                data-testid=test_id
                on:click=move |_| state.mode.set(mode)
            >
                {label}
                {(mode == Mode::Chat)
                    .then(|| {
                        view! {
                            <span
                                class="badge"
                                class:unread={move || unread() > 0}
                                data-testid="chat-unread-total"
                                hidden={move || unread() == 0}
                            >
                                {unread}
                            </span>
                        }
                    })}
            </button>
        }
    };
    view! {
        <nav class="mode-switch" role="tablist" aria-label="Inbox or team chat">
            {button(Mode::Inbox, "Inbox", "mode-inbox")}
            {button(Mode::Chat, "Team chat", "mode-chat")}
        </nav>
    }
}
