//! Conversations: their status, how agents see one in a list or a pane,
//! opening one (with the conversation it follows), and the answer to
//! sending a message in one.

use crate::words::words;
use crate::{AgentRef, ContactRef, Message, Queue, Timeline, Timestamp};
use serde::{Deserialize, Serialize};

words! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    ConversationStatus ("status") {
        Pending = "pending",
        WorkingOn = "working_on",
        Snoozed = "snoozed",
        Resolved = "resolved",
    }
}

/// A conversation as an agent sees it in a list or a pane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub number: i64,
    pub status: ConversationStatus,
    pub assignee: Option<AgentRef>,
    pub queue: Option<Queue>,
    pub contact: ContactRef,
    pub last_message: Option<String>,
    /// Messages from the customer this agent has not read yet.
    pub unread_count: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub last_message_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
    pub resolved_by: Option<AgentRef>,
    /// When a snoozed conversation comes back by itself.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub snoozed_until: Option<Timestamp>,
    /// Set when an admin deleted it (soft: it can be restored).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub deleted_at: Option<Timestamp>,
    /// The customer's earlier conversation, when this one followed it.
    pub previous_number: Option<i64>,
    /// Set when it was merged into another conversation of its customer:
    /// its messages and history are there now, and it is a pointer to it.
    #[serde(default)]
    pub merged_into: Option<i64>,
    /// A ticket answered by e-mail: agents' replies go out as mail to the
    /// customer (an offline message, or an e-mail answer).
    #[serde(default)]
    pub by_email: bool,
    /// An e-mail conversation's subject (from the mail that opened it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Who else an e-mail conversation's mail went to: the agents' replies
    /// copy them (reply-all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copied: Vec<String>,
    /// Its customer is blocked: it shows only in the Blocked view.
    #[serde(default)]
    pub blocked: bool,
    /// The names of its labels, in order.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Since when the customer has waited for an answer (open
    /// conversations only; none once an agent replied).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub waiting_since: Option<Timestamp>,
    /// When that wait becomes too long, by its queue's setting: the row
    /// shows it in red from then on, and the inbox rings while it is in
    /// Pending.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub overdue_at: Option<Timestamp>,
    /// The customer's rating of it (1 to 5), once given.
    #[serde(default)]
    pub rating: Option<i64>,
}

/// A conversation as an agent opens it: its header, its history, and where
/// their read pointer stood before (the New Messages line goes after it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedConversation {
    pub conversation: Conversation,
    pub timeline: Timeline,
    pub last_read_seq: i64,
    /// The customer's conversation this one follows, with how it ended.
    #[serde(default)]
    pub previous: Option<PreviousConversation>,
    /// What the agent who opened it may do with it now.
    #[serde(default)]
    pub actions: ConversationActions,
    /// Why each of its failed messages failed.
    #[serde(default)]
    pub failures: Vec<MessageFailure>,
}

/// Why a message failed (the mail server's answer to an e-mailed reply,
/// for example): for agents, never the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageFailure {
    pub message_id: i64,
    pub reason: String,
}

/// What an agent may do with a conversation now, worked out by the server
/// from the lifecycle's rules: the pane shows its buttons from this alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationActions {
    pub accept: Permission,
    /// Taking what a colleague holds ("take it on me").
    pub take_over: Permission,
    pub assign: Permission,
    pub transfer: Permission,
    pub return_to_pending: Permission,
    pub resolve: Permission,
    pub reopen: Permission,
    pub snooze: Permission,
    pub delete: Permission,
    pub restore: Permission,
    /// Blocking its customer, or letting them back when blocked.
    pub block: Permission,
    /// Merging it into another conversation of its customer (which one,
    /// and whether both are the agent's to merge, the merge itself says).
    #[serde(default)]
    pub merge: Permission,
}

/// One action: offered, refused for a reason worth showing (the button is
/// there but disabled, saying why), or not offered now (nothing to do, or
/// not this agent's to do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    pub allowed: bool,
    /// Why not, when the refusal is shown.
    pub reason: Option<String>,
}

impl Permission {
    pub fn allowed() -> Self {
        Permission {
            allowed: true,
            reason: None,
        }
    }

    pub fn refused(reason: impl Into<String>) -> Self {
        Permission {
            allowed: false,
            reason: Some(reason.into()),
        }
    }

    /// Not offered at all.
    pub fn hidden() -> Self {
        Permission::default()
    }

    /// Whether the button is on screen (enabled or not).
    pub fn shown(&self) -> bool {
        self.allowed || self.reason.is_some()
    }
}

/// The conversation a follow-up continues: its number, state and last
/// messages, shown at the top of the new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousConversation {
    pub number: i64,
    pub status: ConversationStatus,
    pub assignee: Option<AgentRef>,
    pub resolved_by: Option<AgentRef>,
    /// Its last few messages (notes too), oldest first.
    pub messages: Vec<Message>,
}

/// The answer to sending a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentMessage {
    pub message: Message,
    pub conversation: Conversation,
}
