//! Customers (contacts) as agents see them: a reference in a conversation,
//! and their account with its attributes and conversations.

use crate::{Conversation, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRef {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
}

/// A customer's account as agents see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactAccount {
    pub contact: ContactRef,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// Blocked by an admin: their conversations show only in the Blocked
    /// view.
    #[serde(default)]
    pub blocked: bool,
    /// What the company's site said of them (plan, orders …).
    #[serde(default)]
    pub attributes: std::collections::BTreeMap<String, String>,
    /// All their conversations, newest first.
    pub conversations: Vec<Conversation>,
}
