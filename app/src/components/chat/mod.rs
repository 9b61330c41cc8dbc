//! Staff chat beside the inbox: channels and private messages between
//! agents, kept live from the same stream as the conversations.

mod dialogs;
mod pane;
mod sidebar;

pub use dialogs::ShareToChannel;
pub use pane::ChannelPane;
pub use sidebar::ChatSidebar;

use crate::outbox::SendFailure;
use crate::server::{chat_channels, list_staff, mark_channel_read, open_channel};
use leptos::prelude::*;
use switchboard_types::chat::{ChannelEntry, ChatMessage, OpenedChannel};
use switchboard_types::AgentRef;

/// What the chat's parts share.
#[derive(Clone, Copy)]
pub struct ChatState {
    pub me: i64,
    /// The agent's channels and private messages, and public channels to join.
    pub entries: RwSignal<Vec<ChannelEntry>>,
    /// The channel on screen.
    pub open: RwSignal<Option<i64>>,
    /// Its messages loaded so far, oldest first.
    pub messages: RwSignal<Vec<ChatMessage>>,
    pub has_earlier: RwSignal<bool>,
    /// Where the agent had read up to when they opened it: the New Messages
    /// line follows this seq.
    pub new_line_after: RwSignal<Option<i64>>,
    pub error: RwSignal<Option<String>>,
    /// Every colleague, for pickers and mentions.
    pub staff: RwSignal<Vec<AgentRef>>,
    /// The customer conversation being shared to a channel.
    pub sharing: RwSignal<Option<i64>>,
}

impl ChatState {
    pub fn new(me: i64) -> Self {
        ChatState {
            me,
            entries: RwSignal::new(Vec::new()),
            open: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            has_earlier: RwSignal::new(false),
            new_line_after: RwSignal::new(None),
            error: RwSignal::new(None),
            staff: RwSignal::new(Vec::new()),
            sharing: RwSignal::new(None),
        }
    }

    /// Reads the sidebar (and the open channel) afresh: at start and after
    /// every reconnect, so that nothing said meanwhile is missed.
    pub fn reload(self) {
        leptos::task::spawn_local(async move {
            if let Ok(staff) = list_staff().await {
                self.staff.set(staff);
            }
            match chat_channels().await {
                Ok(entries) => self.entries.set(entries),
                Err(e) => self.error.set(Some(e.message)),
            }
            if let Some(id) = self.open.get_untracked() {
                self.load(id, false).await;
            }
        });
    }

    /// Opens a channel: its latest messages under a New Messages line.
    pub fn show(self, channel_id: i64) {
        self.open.set(Some(channel_id));
        leptos::task::spawn_local(self.load(channel_id, true));
    }

    async fn load(self, channel_id: i64, fresh: bool) {
        match open_channel(channel_id).await {
            Ok(OpenedChannel { entry, page }) => {
                if self.open.get_untracked() != Some(channel_id) {
                    return;
                }
                if fresh {
                    let unread_from_others = entry.unread > 0;
                    self.new_line_after
                        .set(unread_from_others.then_some(entry.last_read_seq));
                }
                self.messages.set(page.messages);
                self.has_earlier.set(page.has_earlier);
                self.error.set(None);
                let caught_up = ChannelEntry {
                    last_read_seq: entry.channel.last_seq,
                    unread: 0,
                    ..entry
                };
                self.upsert(caught_up);
            }
            Err(e) => self.error.set(Some(e.message)),
        }
    }

    pub fn entry(self, channel_id: i64) -> Option<ChannelEntry> {
        self.entries
            .with(|entries| entries.iter().find(|e| e.channel.id == channel_id).cloned())
    }

    /// Puts an entry in the sidebar, replacing the one it updates.
    pub fn upsert(self, entry: ChannelEntry) {
        self.entries.update(|entries| {
            match entries
                .iter_mut()
                .find(|e| e.channel.id == entry.channel.id)
            {
                Some(known) => *known = entry,
                None => entries.insert(0, entry),
            }
        });
    }

    /// Unread messages in the agent's own channels.
    pub fn unread_total(self) -> i64 {
        self.entries.with(|entries| {
            entries
                .iter()
                .filter(|e| e.channel.is_member(self.me))
                .map(|e| e.unread)
                .sum()
        })
    }

    /// A message arrived, or changed. Answers the pop-up to show, if any:
    /// a new message by someone else in a channel not on screen.
    pub fn message_arrived(self, message: ChatMessage, on_screen: bool) -> Option<String> {
        let open_here = on_screen && self.open.get_untracked() == Some(message.channel_id);
        if self.open.get_untracked() == Some(message.channel_id) {
            self.messages
                .update(|list| match list.iter_mut().find(|m| m.id == message.id) {
                    Some(known) => *known = message.clone(),
                    None => {
                        list.push(message.clone());
                        list.sort_by_key(|m| m.seq);
                    }
                });
        }
        let mut title = None;
        let mine = message.author.id == self.me;
        self.entries.update(|entries| {
            let Some(entry) = entries
                .iter_mut()
                .find(|e| e.channel.id == message.channel_id)
            else {
                return;
            };
            if message.seq <= entry.channel.last_seq {
                return; // An edit, a deletion, or a repeat.
            }
            entry.channel.last_seq = message.seq;
            entry.channel.last_message_at = message.created_at.clone();
            if mine || open_here {
                entry.last_read_seq = message.seq;
            } else {
                entry.unread += 1;
                title = Some(entry.channel.title_for(self.me));
            }
        });
        // Sorted by activity: the channel moves to the top of its list.
        self.entries.update(|entries| {
            entries.sort_by(|a, b| b.channel.last_message_at.cmp(&a.channel.last_message_at))
        });
        if open_here && !mine {
            let (channel_id, seq) = (message.channel_id, message.seq);
            leptos::task::spawn_local(async move {
                let _ = mark_channel_read(channel_id, seq).await;
            });
        }
        title.map(|title| match title.strip_prefix('#') {
            Some(_) => format!(
                "{} in {title}: {}",
                message.author.name,
                short(&message.body)
            ),
            None => format!(
                "{} wrote to you: {}",
                message.author.name,
                short(&message.body)
            ),
        })
    }

    /// A channel changed: a member's view of it follows; one that became
    /// invisible to the agent leaves the sidebar (and the screen).
    pub fn channel_changed(self, channel: switchboard_types::chat::Channel) {
        if !channel.readable_by(self.me) {
            self.entries
                .update(|entries| entries.retain(|e| e.channel.id != channel.id));
            if self.open.get_untracked() == Some(channel.id) {
                self.open.set(None);
                self.messages.set(Vec::new());
            }
            return;
        }
        match self.entry(channel.id) {
            Some(entry) => self.upsert(ChannelEntry { channel, ..entry }),
            None => {
                // New to this agent: read their place in it from the server.
                let id = channel.id;
                self.upsert(ChannelEntry {
                    channel,
                    last_read_seq: 0,
                    unread: 0,
                });
                self.refresh_entry(id);
            }
        }
    }

    fn refresh_entry(self, channel_id: i64) {
        leptos::task::spawn_local(async move {
            if let Ok(entries) = chat_channels().await {
                if let Some(entry) = entries.into_iter().find(|e| e.channel.id == channel_id) {
                    self.upsert(entry);
                }
            }
        });
    }

    /// The open channel comes (back) into view: what arrived meanwhile
    /// is read.
    pub fn read_open(self) {
        let Some(entry) = self.open.get_untracked().and_then(|id| self.entry(id)) else {
            return;
        };
        if entry.unread == 0 || !entry.channel.is_member(self.me) {
            return;
        }
        let (channel_id, seq) = (entry.channel.id, entry.channel.last_seq);
        self.read(channel_id, seq);
        leptos::task::spawn_local(async move {
            let _ = mark_channel_read(channel_id, seq).await;
        });
    }

    /// The agent read a channel (maybe in another tab).
    pub fn read(self, channel_id: i64, last_read_seq: i64) {
        self.entries.update(|entries| {
            if let Some(entry) = entries.iter_mut().find(|e| e.channel.id == channel_id) {
                if last_read_seq > entry.last_read_seq {
                    entry.last_read_seq = last_read_seq;
                    if last_read_seq >= entry.channel.last_seq {
                        entry.unread = 0;
                    }
                }
            }
        });
    }
}

/// Sends one outbox entry written in a channel.
pub async fn send_outgoing(outgoing: crate::outbox::Outgoing) -> Result<(), SendFailure> {
    let Some(channel_id) = outgoing.channel_id else {
        return Err(SendFailure::Refused("it names no channel".into()));
    };
    let files = outgoing.attachments.iter().map(|a| a.id.clone()).collect();
    match crate::server::send_chat_message(channel_id, outgoing.client_id, outgoing.body, files)
        .await
    {
        Ok(_) => Ok(()),
        // No answer: the same client_id goes again later.
        Err(e) if e.code == "request_failed" => Err(SendFailure::Unreachable),
        Err(e) => Err(SendFailure::Refused(e.message)),
    }
}

/// A message shortened for a pop-up.
fn short(body: &str) -> String {
    const MAX: usize = 80;
    if body.chars().count() > MAX {
        format!("{}…", body.chars().take(MAX).collect::<String>())
    } else {
        body.to_string()
    }
}
