//! The inbox's shared state, the pop-ups and dialogs its parts open, and
//! what they do with it (open a conversation, offer an undo, flush the
//! outbox).

use super::{alerts, composer};
use crate::components::chat::ChatState;
use crate::live::LiveLink;
use crate::outbox::Outbox;
use leptos::prelude::*;
use switchboard_types::{Agent, AuthorKind, Presence, Sort, Tab, Typing, View, ViewCounts};

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
    /// Which changes pop up for this agent.
    pub alerting: alerts::Alerting,
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
    /// Bumped when a customer's record changed (a colleague's edit or note).
    pub contacts_version: RwSignal<u64>,
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
    /// Whether the customer's details show beside the open conversation.
    pub details: RwSignal<bool>,
    /// A resolve that may still be undone: the conversation, and the
    /// offer's id (a newer offer replaces it).
    pub undo: RwSignal<Option<(i64, u64)>>,
    /// Whether a mail server is set (replies to e-mail tickets go out);
    /// None until known.
    pub mail_server: RwSignal<Option<bool>>,
    /// The rows picked for a bulk action.
    pub picked: RwSignal<Vec<i64>>,
    /// The row picked last (a Shift+click picks the range from it).
    pub pick_anchor: StoredValue<Option<i64>>,
    /// The rows the list shows, in order.
    pub listed: StoredValue<Vec<i64>>,
    /// What the last bulk action did, in words.
    pub bulk_result: RwSignal<Option<String>>,
    /// The team's labels, by name.
    pub labels: RwSignal<Vec<switchboard_types::Label>>,
    /// The customer attributes admins defined, in their order.
    pub attributes: RwSignal<Vec<switchboard_types::AttributeDefinition>>,
    /// The labels the list is narrowed to (every one carried).
    pub label_filter: RwSignal<Vec<String>>,
    /// The order the agent chose for a tab (the others keep their own).
    pub sorts: RwSignal<Vec<(Tab, Sort)>>,
    /// The time now, in milliseconds, renewed every half minute in the
    /// browser (0 on the server: waits show once the page runs).
    pub now: RwSignal<f64>,
    /// Where each colleague is, as last heard.
    pub colleagues: RwSignal<Vec<super::colleagues::Seen>>,
    /// Colleagues' latest replies to customers.
    pub colleague_replies: RwSignal<Vec<super::colleagues::ColleagueReply>>,
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
    Assign(Target),
    Transfer(Target),
    Snooze(Target),
    Labels(Target),
    /// The customer's account, by contact id.
    Customer(i64),
    /// Every customer, to find one.
    Customers,
    /// Merging the conversation (its number) into another of its
    /// customer's (their contact id).
    Merge {
        number: i64,
        contact_id: i64,
    },
}

/// What a dialog acts on: one conversation, or every picked one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    One(i64),
    Picked,
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
    pub(super) fn notify(self, id: i64, target: NoticeTarget, text: String) {
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

/// The time now, in milliseconds (0 on the server).
pub(super) fn now_ms() -> f64 {
    #[cfg(feature = "browser")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "browser"))]
    {
        0.0
    }
}
