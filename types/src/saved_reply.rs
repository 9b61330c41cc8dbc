//! Saved replies (canned responses): answers an agent inserts by typing
//! `/` and their shortcut in the composer, with placeholders such as
//! `{{customer.name}}` filled in for the conversation at hand.

use serde::{Deserialize, Serialize};

/// A saved reply: the agent's own, or the whole team's (admins manage
/// those).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedReply {
    pub id: i64,
    /// What follows `/` to find it: lower-case letters, digits, `-` and `_`.
    pub shortcut: String,
    /// Its text, placeholders unfilled.
    pub body: String,
    /// The whole team's, rather than its owner's alone.
    pub team: bool,
    /// Whether the asking agent may change or delete it (their own; the
    /// team's, for admins).
    pub editable: bool,
}

/// A saved reply's text filled in for one conversation, ready to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilledReply {
    pub body: String,
}
