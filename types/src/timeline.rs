//! A conversation's history: its messages (who wrote them, how far they
//! got, the mail of an e-mailed reply) and its events (what happened, who
//! made it happen), in one timeline.

use crate::words::words;
#[cfg(feature = "openapi")]
use crate::EventType;
use crate::Timestamp;
use crate::{Attachment, Block};
use serde::{Deserialize, Serialize};

words! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    AuthorKind ("author kind") {
        Contact = "contact",
        Agent = "agent",
        System = "system",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    pub kind: AuthorKind,
    pub id: Option<i64>,
    pub name: String,
}

words! {
    /// How far a message got, in order: stored, on the recipient's screen,
    /// read by them. `Failed` is a send the server refused or could not pass on.
    #[derive(PartialOrd, Ord)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    MessageStatus ("message status") {
        Sent = "sent",
        Delivered = "delivered",
        Read = "read",
        Failed = "failed",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: i64,
    pub client_id: String,
    pub conversation_number: i64,
    pub seq: i64,
    pub author: Author,
    pub body: String,
    /// The body's links and light formatting, as the server read them;
    /// absent when the body is plain text (draw `body` as it is).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formatted: Vec<Block>,
    /// The files sent with it (a message may be files alone, its body empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// A private note: agents only, never shown to the customer.
    pub private: bool,
    pub status: MessageStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When it reached the recipient's screen (the customer's widget, or an
    /// agent's inbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub delivered_at: Option<Timestamp>,
    /// When the recipient's read pointer passed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub read_at: Option<Timestamp>,
    /// An agent's reply in a ticket answered by e-mail: how its mail is
    /// getting on (absent for everything else).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "customer", serde(skip_deserializing))]
    pub mail: Option<MailState>,
    /// A customer's e-mail: the quoted text cut from its end (shown
    /// folded to agents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "customer", serde(skip_deserializing))]
    pub quoted: Option<String>,
    /// A customer's e-mail sent as HTML: agents can see the mail as sent
    /// (sanitised, apart from the inbox) beside its text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "customer", serde(skip_deserializing))]
    pub html: bool,
}

words! {
    /// How the mail of a reply to an e-mail ticket is getting on.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    MailState ("mail state") {
        /// Not mailed yet (waiting for its turn, for a retry, or for a mail
        /// server to be set).
        Waiting = "waiting",
        Sent = "sent",
        Failed = "failed",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Agent,
    Contact,
    Automation,
    System,
}

/// Who made an event happen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<i64>,
    pub name: Option<String>,
}

/// Something that happened to a conversation, in its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationEvent {
    pub id: i64,
    pub conversation_number: i64,
    pub seq: i64,
    /// For example `conversation.created`, `conversation.accepted`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = EventType))]
    pub event_type: String,
    pub actor: Actor,
    /// What the event needs besides its type: for a transfer, who and which
    /// queue it went to (`to_agent`, `to_queue`, `from_agent`); for a snooze,
    /// `until`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// One entry of a conversation's history (its OpenAPI schema, with a named
/// schema for each member, is written by hand in `openapi.rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimelineItem {
    Message(Message),
    Event(ConversationEvent),
}

impl TimelineItem {
    pub fn seq(&self) -> i64 {
        match self {
            TimelineItem::Message(m) => m.seq,
            TimelineItem::Event(e) => e.seq,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timeline {
    pub items: Vec<TimelineItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_items_are_tagged_by_kind() {
        let item = TimelineItem::Event(ConversationEvent {
            id: 1,
            conversation_number: 22,
            seq: 2,
            event_type: "conversation.accepted".into(),
            actor: Actor {
                kind: ActorKind::Agent,
                id: Some(3),
                name: Some("Ada".into()),
            },
            data: serde_json::json!({}),
            created_at: "2026-01-01T00:00:00Z".into(),
        });
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["kind"], "event");
        assert_eq!(json["type"], "conversation.accepted");
        let back: TimelineItem = serde_json::from_value(json).unwrap();
        assert_eq!(back, item);
    }
}
