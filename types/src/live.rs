//! The live stream: one typed enum, serialised as JSON frames with a `type`,
//! written by the server and read by the WASM client alike.

use crate::{Conversation, ConversationEvent, CustomerConversation, Message, Notification};
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
    ConversationUpdated { conversation: Conversation },
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
    /// The client missed more than can be replayed: reload the snapshot.
    #[serde(rename = "resync")]
    Resync,
}

/// One frame on a WebSocket: the event and its place in the stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub event_id: i64,
    #[serde(flatten)]
    pub event: LiveEvent,
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
