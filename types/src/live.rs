//! The live stream: one typed enum, serialised as JSON frames with a `type`,
//! written by the server and read by the WASM client alike.

use crate::chat::{Channel, ChatMessage, Mention};
use crate::{
    AuthorKind, Conversation, ConversationEvent, Counts, CustomerConversation, Label, Message,
    MessageStatus, Notification, View,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum LiveEvent {
    /// A message was stored in a conversation.
    #[serde(rename = "message.created")]
    MessageCreated { message: Message },
    /// A conversation changed (status, assignee, last message …), as agents
    /// see it. The `unread_count` inside is not per agent: clients keep
    /// their own.
    #[serde(rename = "conversation.updated")]
    ConversationUpdated { conversation: Box<Conversation> },
    /// Something happened to a conversation (accepted, created …): an
    /// entry of its history.
    #[serde(rename = "timeline.event")]
    TimelineEvent { event: ConversationEvent },
    /// The customer's own view of their conversation changed.
    #[serde(rename = "customer_conversation.updated")]
    CustomerConversationUpdated { conversation: CustomerConversation },
    /// Something one agent should notice (a pop-up in their inbox).
    #[serde(rename = "notification")]
    Notification { notification: Notification },
    /// Messages moved on (delivered, read): every message of `author_kind`
    /// in the conversation up to `up_to_seq` that was behind `status` is now
    /// there, since `at`.
    #[serde(rename = "message.status")]
    MessageStatus { update: StatusUpdate },
    /// An agent's reply did not reach the customer by e-mail (the mail
    /// server refused it, or it bounced): it shows as failed, with `error`.
    #[serde(rename = "message.failed")]
    MessageFailed {
        conversation_number: i64,
        message_id: i64,
        error: String,
    },
    /// The agent's read pointer in a conversation moved (read, or marked
    /// unread); sent to that agent's other tabs.
    #[serde(rename = "conversation.read")]
    ConversationRead {
        conversation_number: i64,
        last_read_seq: i64,
    },
    /// The agent's tab counts in every view, pushed whenever they change.
    /// A state, not history: it is not replayed (a reconnecting client is
    /// sent fresh counts at once) and carries the id of the last stored
    /// event before it.
    #[serde(rename = "counts.updated")]
    CountsUpdated { views: Vec<ViewCounts> },
    /// Someone is writing in a conversation (a state, like counts).
    #[serde(rename = "typing")]
    Typing { typing: Typing },
    /// Where a colleague is: the conversation they have open (none: none),
    /// and whether they are writing a reply or a note in it (a state, like
    /// typing; sent to agents).
    #[serde(rename = "colleague")]
    Colleague { colleague: ColleagueHere },
    /// An agent or customer came online or went offline (a state, like
    /// counts).
    #[serde(rename = "presence")]
    Presence { presence: Presence },
    /// A staff chat message was written, edited or deleted (sent to the
    /// channel's members; the latest version replaces any earlier one).
    #[serde(rename = "chat.message")]
    ChatMessage { message: ChatMessage },
    /// A channel was created or changed (name, description, members): sent
    /// to its members, to whoever just left it, and for public channels to
    /// every agent.
    #[serde(rename = "chat.channel")]
    ChannelUpdated { channel: Channel },
    /// The agent's read pointer in a channel moved; sent to their other tabs.
    #[serde(rename = "chat.read")]
    ChannelRead { channel_id: i64, last_read_seq: i64 },
    /// Someone mentioned the agent with `@` (sent to them alone).
    #[serde(rename = "chat.mention")]
    Mention { mention: Mention },
    /// Whether a customer can chat now (within working hours, with an agent
    /// online), sent to every open widget when it changes (a state).
    #[serde(rename = "widget.status")]
    WidgetStatus { online: bool },
    /// The team's labels changed (one was added, renamed, recoloured or
    /// removed): every label, as it now is, sent to every agent.
    #[serde(rename = "labels.updated")]
    LabelsUpdated { labels: Vec<Label> },
    /// The customer attributes admins define changed (one added, changed,
    /// moved or removed): every one, in order, sent to every agent.
    #[serde(rename = "attributes.updated")]
    AttributesUpdated {
        attributes: Vec<crate::AttributeDefinition>,
    },
    /// A customer's record changed (details or notes): whoever shows it
    /// reads it again (sent to agents).
    #[serde(rename = "contact.updated")]
    ContactUpdated { contact_id: i64 },
    /// The customer's record was merged into another (`into`): sent to the
    /// customer's own streams, which the server then closes; the widget
    /// reconnects as the customer they now are.
    #[serde(rename = "contact.merged")]
    ContactMerged { contact_id: i64, into: i64 },
    /// The client missed more than can be replayed: reload the snapshot.
    #[serde(rename = "resync")]
    Resync,
}

/// What a stream carries: history, or states (counts, typing, presence)
/// that are sent as they are, never stored or replayed.
pub trait StreamEvent: Sized {
    fn is_state(&self) -> bool;
    /// A frame of the stream, from its JSON text (`None` when unreadable).
    fn read_frame(text: &str) -> Option<Frame<Self>>;
}

impl StreamEvent for LiveEvent {
    fn read_frame(text: &str) -> Option<Frame<Self>> {
        serde_json::from_str(text).ok()
    }

    fn is_state(&self) -> bool {
        matches!(
            self,
            LiveEvent::CountsUpdated { .. }
                | LiveEvent::Typing { .. }
                | LiveEvent::Presence { .. }
                | LiveEvent::Colleague { .. }
                | LiveEvent::WidgetStatus { .. }
        )
    }
}

impl LiveEvent {
    pub fn is_state(&self) -> bool {
        StreamEvent::is_state(self)
    }
}

/// A customer's stream as the widget reads it: the events of [`LiveEvent`]
/// a customer is shown, under the same tags, and nothing else (the widget's
/// bundle stays small by not knowing the inbox's events).
#[derive(Clone, Debug, PartialEq, Eq)]
// Most of these events are messages: boxing the largest would allocate
// for nearly every one.
#[allow(clippy::large_enum_variant)]
pub enum CustomerEvent {
    MessageCreated {
        message: Message,
    },
    ConversationUpdated {
        conversation: CustomerConversation,
    },
    MessageStatus {
        update: StatusUpdate,
    },
    Typing {
        typing: Typing,
    },
    WidgetStatus {
        online: bool,
    },
    /// Anything else on the stream (the widget has no use for it).
    Other,
}

/// A customer's frame as it is sent: its id, its type and the one field
/// that type carries, read flat (so the widget carries one reader of each
/// shape, not a second for the buffered tagged form).
#[derive(Deserialize)]
struct CustomerFrame {
    event_id: i64,
    #[serde(rename = "type")]
    kind: String,
    message: Option<Message>,
    conversation: Option<CustomerConversation>,
    update: Option<StatusUpdate>,
    typing: Option<Typing>,
    online: Option<bool>,
}

impl StreamEvent for CustomerEvent {
    fn read_frame(text: &str) -> Option<Frame<Self>> {
        let f: CustomerFrame = serde_json::from_str(text).ok()?;
        let event = match f.kind.as_str() {
            "message.created" => CustomerEvent::MessageCreated {
                message: f.message?,
            },
            "customer_conversation.updated" => CustomerEvent::ConversationUpdated {
                conversation: f.conversation?,
            },
            "message.status" => CustomerEvent::MessageStatus { update: f.update? },
            "typing" => CustomerEvent::Typing { typing: f.typing? },
            "widget.status" => CustomerEvent::WidgetStatus { online: f.online? },
            _ => CustomerEvent::Other,
        };
        Some(Frame {
            event_id: f.event_id,
            event,
        })
    }

    fn is_state(&self) -> bool {
        matches!(
            self,
            CustomerEvent::Typing { .. } | CustomerEvent::WidgetStatus { .. }
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub conversation_number: i64,
    /// Whose messages moved on: the customer's (an agent saw or read them)
    /// or the agents' (the customer did).
    pub author_kind: AuthorKind,
    pub up_to_seq: i64,
    pub status: MessageStatus,
    pub at: crate::Timestamp,
}

impl StatusUpdate {
    /// Applies the update to a message the client holds.
    pub fn apply(&self, message: &mut Message) {
        if message.conversation_number != self.conversation_number
            || message.author.kind != self.author_kind
            || message.seq > self.up_to_seq
            || message.private
            || message.status >= self.status
        {
            return;
        }
        message.status = self.status;
        if message.delivered_at.is_none() {
            message.delivered_at = Some(self.at.clone());
        }
        if self.status == MessageStatus::Read {
            message.read_at = Some(self.at.clone());
        }
    }
}

/// One view's tab counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewCounts {
    pub view: View,
    pub counts: Counts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typing {
    pub conversation_number: i64,
    pub author_kind: AuthorKind,
    /// The writer's id (an agent's, or the customer's contact id).
    pub id: i64,
    pub name: String,
}

/// Where an agent is in the inbox, for colleagues to see who else is in a
/// conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColleagueHere {
    pub agent_id: i64,
    pub name: String,
    /// The conversation they have open.
    pub conversation_number: Option<i64>,
    /// Writing in it now (sent every few seconds while they do).
    #[serde(default)]
    pub writing: Option<Writing>,
}

/// What an agent writes in a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Writing {
    /// A reply, for the customer.
    Reply,
    /// A private note, for colleagues.
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub kind: AuthorKind,
    pub id: i64,
    pub name: String,
    pub online: bool,
}

/// What a client may send on its stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ClientFrame {
    /// The messages of the conversation up to `seq` reached this screen.
    #[serde(rename = "delivered")]
    Delivered { conversation_number: i64, seq: i64 },
    /// This reader has read the conversation up to `seq`.
    #[serde(rename = "read")]
    Read { conversation_number: i64, seq: i64 },
    /// The user is writing (sent every few seconds while they do). An
    /// agent writing a private note says so: the customer is not told.
    #[serde(rename = "typing")]
    Typing {
        conversation_number: i64,
        #[serde(default)]
        private: bool,
    },
}

/// One frame on a WebSocket: the event and its place in the stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame<E = LiveEvent> {
    pub event_id: i64,
    #[serde(flatten)]
    pub event: E,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widget_reads_the_customers_events_as_they_are_sent() {
        let typing = Typing {
            conversation_number: 3,
            author_kind: AuthorKind::Agent,
            id: 1,
            name: "Ada".into(),
        };
        let sent = Frame {
            event_id: 7,
            event: LiveEvent::Typing {
                typing: typing.clone(),
            },
        };
        let read = CustomerEvent::read_frame(&serde_json::to_string(&sent).unwrap()).unwrap();
        assert_eq!(read.event_id, 7);
        assert_eq!(read.event, CustomerEvent::Typing { typing });
        let other = Frame {
            event_id: 8,
            event: LiveEvent::Resync,
        };
        let read = CustomerEvent::read_frame(&serde_json::to_string(&other).unwrap()).unwrap();
        assert_eq!(read.event, CustomerEvent::Other);
    }

    #[test]
    fn frames_carry_their_type_and_id_side_by_side() {
        let frame = Frame {
            event_id: 9,
            event: LiveEvent::Resync,
        };
        let text = serde_json::to_string(&frame).unwrap();
        assert_eq!(text, r#"{"event_id":9,"type":"resync"}"#);
        assert_eq!(serde_json::from_str::<Frame>(&text).unwrap(), frame);
    }

    #[test]
    fn client_frames_read_as_the_api_names_them() {
        let read: ClientFrame =
            serde_json::from_str(r#"{"type":"read","conversation_number":3,"seq":7}"#).unwrap();
        assert_eq!(
            read,
            ClientFrame::Read {
                conversation_number: 3,
                seq: 7
            }
        );
        let typing: ClientFrame =
            serde_json::from_str(r#"{"type":"typing","conversation_number":3}"#).unwrap();
        assert_eq!(
            typing,
            ClientFrame::Typing {
                conversation_number: 3,
                private: false
            }
        );
    }

    #[test]
    fn a_status_update_moves_only_the_named_side_forward() {
        use crate::{Author, Message};
        let message = |seq, kind, status| Message {
            id: seq,
            client_id: String::new(),
            conversation_number: 1,
            seq,
            author: Author {
                kind,
                id: None,
                name: String::new(),
            },
            body: String::new(),
            formatted: Vec::new(),
            attachments: Vec::new(),
            private: false,
            status,
            created_at: "t0".into(),
            quoted: None,
            html: false,
            delivered_at: None,
            read_at: None,
            mail: None,
        };
        let update = StatusUpdate {
            conversation_number: 1,
            author_kind: AuthorKind::Agent,
            up_to_seq: 5,
            status: MessageStatus::Read,
            at: "t1".into(),
        };
        let mut read = message(4, AuthorKind::Agent, MessageStatus::Delivered);
        update.apply(&mut read);
        assert_eq!(read.status, MessageStatus::Read);
        assert_eq!(read.read_at.as_deref(), Some("t1"));
        let mut later = message(6, AuthorKind::Agent, MessageStatus::Sent);
        update.apply(&mut later);
        assert_eq!(later.status, MessageStatus::Sent);
        let mut customers = message(3, AuthorKind::Contact, MessageStatus::Sent);
        update.apply(&mut customers);
        assert_eq!(customers.status, MessageStatus::Sent);
    }
}
