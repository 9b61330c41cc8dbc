//! The chat's state in the customer's browser: the widget's settings, the
//! customer's token and messages, what waits to be sent, and what the
//! host page said (open or closed, the page they are on).

use crate::live::LiveLink;
use crate::outbox::Outbox;
use leptos::prelude::*;
use switchboard_types::{
    AuthorKind, ClientFrame, ConversationStatus, Message, StatusUpdate, WidgetConfig,
};

#[derive(Clone, Copy)]
pub(super) struct WidgetState {
    pub(super) config: RwSignal<Option<WidgetConfig>>,
    pub(super) token: RwSignal<Option<String>>,
    pub(super) messages: RwSignal<Vec<Message>>,
    pub(super) operator: RwSignal<Option<String>>,
    /// The customer's current conversation's status (resolved: they are
    /// told, and their next message starts a new one).
    pub(super) status: RwSignal<Option<ConversationStatus>>,
    /// Everyone went away while the customer was chatting: they are told.
    pub(super) went_away: RwSignal<bool>,
    pub(super) error: RwSignal<Option<String>>,
    pub(super) connected: RwSignal<bool>,
    /// What the customer wrote that the server has not acknowledged yet.
    pub(super) outbox: Outbox,
    pub(super) live: StoredValue<LiveLink>,
    /// The agent writing right now, if any.
    pub(super) agent_typing: RwSignal<Option<String>>,
    /// Whether the chat is open on the host page (the loader says).
    pub(super) open: RwSignal<bool>,
    /// The latest status updates, for messages that arrive after them.
    pub(super) status_updates: RwSignal<Vec<StatusUpdate>>,
    /// The pre-chat form comes before their first message.
    pub(super) ask_prechat: RwSignal<bool>,
    /// The customer's e-mail address, once known (offline messages).
    pub(super) email: RwSignal<Option<String>>,
    /// The page of the host site the customer is on (url, title).
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) page: RwSignal<Option<(String, String)>>,
    /// The host page's origin, when the chat runs in its frame.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) host: StoredValue<Option<String>>,
}

impl WidgetState {
    /// Whether someone can chat now, as the config last said (live).
    pub(super) fn online(self) -> bool {
        self.config.get().is_some_and(|c| c.online)
    }

    /// Adds messages once each, in the order they were written (one
    /// history across the customer's conversations).
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) fn add(self, new: impl IntoIterator<Item = Message>) {
        let updates = self.status_updates.get_untracked();
        self.messages.update(|list| {
            for mut m in new {
                // A status may have come before the message it moves.
                for update in &updates {
                    update.apply(&mut m);
                }
                match list.iter_mut().find(|known| known.id == m.id) {
                    Some(known) if m.status > known.status => *known = m,
                    Some(_) => {}
                    None => list.push(m),
                }
            }
            list.sort_by_key(|m| m.id);
        });
    }

    /// Messages moved on (delivered, read): the shown ones change, and the
    /// update is kept for any that arrive after it.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) fn status_changed(self, update: StatusUpdate) {
        self.messages
            .update(|list| list.iter_mut().for_each(|m| update.apply(m)));
        self.status_updates.update(|kept| {
            kept.push(update);
            let excess = kept.len().saturating_sub(8);
            kept.drain(..excess);
        });
    }

    /// The agents' messages shown reached this screen; read too when the
    /// chat is open and the page in front.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) fn acknowledge(self) {
        let latest = self.messages.with_untracked(|list| {
            list.iter()
                .rev()
                .find(|m| m.author.kind != AuthorKind::Contact)
                .map(|m| (m.conversation_number, m.seq, m.status))
        });
        let Some((number, seq, status)) = latest else {
            return;
        };
        let frame = if self.open.get_untracked() && crate::live::page_in_front() {
            (status < switchboard_types::MessageStatus::Read).then_some(ClientFrame::Read {
                conversation_number: number,
                seq,
            })
        } else {
            (status < switchboard_types::MessageStatus::Delivered).then_some(
                ClientFrame::Delivered {
                    conversation_number: number,
                    seq,
                },
            )
        };
        if let Some(frame) = frame {
            self.live.with_value(|live| live.send(&frame));
        }
    }

    /// Agents' messages the customer has not read yet (the launcher's count).
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) fn unread(self) -> usize {
        self.messages.with(|list| {
            list.iter()
                .filter(|m| {
                    m.author.kind != AuthorKind::Contact
                        && m.status < switchboard_types::MessageStatus::Read
                })
                .count()
        })
    }

    /// Sends what waits in the outbox.
    pub(super) fn flush_outbox(self) {
        #[cfg(feature = "browser")]
        leptos::task::spawn_local(self.outbox.flush(move |o| super::client::send(self, o)));
    }
}
