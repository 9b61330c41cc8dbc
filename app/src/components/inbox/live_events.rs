//! What the inbox does with the live stream: each event patches the lists,
//! the pane, the counts, who is typing and who is online, and raises
//! pop-ups.

use super::InboxState;
use leptos::prelude::*;
use switchboard_types::{AuthorKind, Typing};

/// How long a typing signal lasts unless repeated.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
const TYPING_SHOWN_MS: u32 = 5_000;

impl InboxState {
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
        let listing = self.listing_untracked();
        let me = self.me.with_value(|me| me.id);
        self.more_rows.update(|rows| {
            if let Some(i) = rows.iter().position(|r| r.number == changed.number) {
                if listing.lists(&changed, me) {
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

    /// A conversation's new state, after its change: pops up what the
    /// alert rule says this agent should notice, unless it is their own
    /// conversation on screen.
    #[cfg(feature = "browser")]
    fn alert_of(self, event_id: i64, conversation: &switchboard_types::Conversation) {
        use super::NoticeTarget;
        use switchboard_types::AlertKind;
        let me = self.me.with_value(|me| me.id);
        let Some((kind, text)) = self.alerting.updated(me, conversation) else {
            return;
        };
        let number = conversation.number;
        let in_sight = self.selected.get_untracked() == Some(number)
            && self.mode.get_untracked() == super::Mode::Inbox
            && crate::live::page_in_front();
        if kind == AlertKind::MyConversations && in_sight {
            return;
        }
        self.notify(event_id, NoticeTarget::Conversation(number), text);
    }

    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn someone_typing(self, typing: Typing) {
        // A colleague's writing shows in the pane's header, reply or note.
        if typing.author_kind == AuthorKind::Agent {
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
    pub(super) fn apply(self, signal: crate::live::LiveSignal) {
        use super::{Mode, NoticeTarget};
        use crate::live::LiveSignal;
        use switchboard_types::{AlertKind, ClientFrame, LiveEvent};
        match signal {
            LiveSignal::Connected => {
                self.connected.set(true);
                self.alerting.reload();
                self.refresh_all();
                self.chat.reload();
                self.flush_outbox();
            }
            LiveSignal::Disconnected => self.connected.set(false),
            LiveSignal::Event(frame) => {
                if matches!(
                    frame.event,
                    LiveEvent::MessageCreated { .. } | LiveEvent::TimelineEvent { .. }
                ) {
                    self.alerting.change(&frame.event);
                }
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
                        } else if message.author.kind == AuthorKind::Agent
                            && !message.private
                            && message.author.id != Some(self.me.with_value(|me| me.id))
                        {
                            self.colleague_replied(
                                message.conversation_number,
                                message.author.name.clone(),
                            );
                        }
                        Some(message.conversation_number)
                    }
                    LiveEvent::ConversationUpdated { conversation } => {
                        let number = conversation.number;
                        self.alert_of(frame.event_id, &conversation);
                        self.patch_rows(*conversation);
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
                    // A reply's e-mail failed or bounced: the open pane
                    // shows it failed, with why, at once.
                    LiveEvent::MessageFailed {
                        conversation_number,
                        ..
                    } => {
                        if Some(conversation_number) == self.selected.get_untracked() {
                            self.pane_version.update(|v| *v += 1);
                        }
                        return;
                    }
                    LiveEvent::CountsUpdated { views } => {
                        self.counts.set(views);
                        return;
                    }
                    LiveEvent::Colleague { colleague } => {
                        self.colleague_here(colleague);
                        return;
                    }
                    LiveEvent::Typing { typing } => {
                        self.someone_typing(typing);
                        return;
                    }
                    LiveEvent::Presence { presence } => {
                        if presence.kind == AuthorKind::Agent && !presence.online {
                            self.colleague_left(presence.id);
                        }
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
                        if !self.alerting.wants(AlertKind::Mentions) {
                            return;
                        }
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
                        if !self.alerting.wants(AlertKind::Mentions) {
                            return;
                        }
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
                    LiveEvent::AttributesUpdated { attributes } => {
                        self.attributes.set(attributes);
                        return;
                    }
                    LiveEvent::LabelsUpdated { labels } => {
                        // A rename shows on every row and in the filter.
                        self.label_filter.update(|chosen| {
                            chosen.retain(|n| labels.iter().any(|l| l.name == *n))
                        });
                        self.labels.set(labels);
                        self.selected.get_untracked()
                    }
                    // (A customer's own stream's news: agents are told of a
                    // merge with `contact.updated`.)
                    LiveEvent::ContactUpdated { .. } | LiveEvent::ContactMerged { .. } => {
                        self.contacts_version.update(|v| *v += 1);
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
