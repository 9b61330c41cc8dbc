//! Acting on many conversations at once: each goes through the same action
//! as one would, on its own, and the answer says which succeeded and why
//! the others did not.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

/// The actions that apply to many conversations at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BulkActionKind {
    Accept,
    /// To `agent_id`.
    Assign,
    /// To `agent_id` and/or `queue_id`.
    Transfer,
    Return,
    Resolve,
    Reopen,
    /// Until `until`.
    Snooze,
    /// Puts the label named `label` on each.
    Label,
}

/// One action for many conversations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkRequest {
    /// The conversations' numbers (at most 100; each once).
    pub numbers: Vec<i64>,
    pub action: BulkActionKind,
    /// Whom to assign or transfer to.
    #[serde(default)]
    pub agent_id: Option<i64>,
    /// Which queue to transfer to.
    #[serde(default)]
    pub queue_id: Option<i64>,
    /// Until when to snooze (RFC 3339).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub until: Option<Timestamp>,
    /// The label to put on.
    #[serde(default)]
    pub label: Option<String>,
}

/// A conversation the action was refused for, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkFailure {
    pub number: i64,
    /// The error code one action would have answered (`already_assigned` …).
    pub code: String,
    pub message: String,
}

/// What became of each conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkOutcome {
    /// The conversations the action was applied to (or that were so already).
    pub succeeded: Vec<i64>,
    pub failed: Vec<BulkFailure>,
    /// In words: "18 resolved; 2 not: already accepted by Ada (#4, #9)".
    pub summary: String,
}
