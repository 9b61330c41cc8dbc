//! Customers (contacts) as agents see them: a reference in a conversation,
//! and their account with its details, notes, contact log, attributes and
//! conversations.

use crate::{AgentRef, Conversation, Timestamp};
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
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    /// The team's notes on them, oldest first.
    #[serde(default)]
    pub notes: Vec<ContactNote>,
    /// Who changed what in their record, newest first (the latest 50).
    #[serde(default)]
    pub log: Vec<ContactLogEntry>,
    /// Their browser's time zone on their latest visit (`Europe/Berlin`):
    /// where they are.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Minutes east of UTC in that time zone now: their local time.
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
    /// Their browser's language (`de-DE`).
    #[serde(default)]
    pub language: Option<String>,
    /// Their browser in words ("Chrome 131 on Windows 10").
    #[serde(default)]
    pub browser: Option<String>,
}

/// A note an agent wrote about a customer, for the team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactNote {
    pub id: i64,
    pub author: AgentRef,
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When its author last changed it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub edited_at: Option<Timestamp>,
    /// The caller may change it (its author).
    pub editable: bool,
    /// The caller may delete it (its author, or an admin).
    pub deletable: bool,
}

/// An entry of the contact log: `contact.edited` (with `changes`),
/// `note.added`, `note.edited` or `note.deleted`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactLogEntry {
    pub id: i64,
    /// Who made the change.
    pub agent: Option<AgentRef>,
    pub kind: String,
    pub changes: Vec<FieldChange>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// One field of a record as a change left it (`name`, `email`, `phone`,
/// `company`, or `note`); null: empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// An edit of a customer's details: each field given replaces it (an
/// empty `email`, `phone` or `company` clears it); those left out stay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactChange {
    /// 1 to 100 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: Option<String>,
    pub email: Option<String>,
    /// Digits (at least five), spaces and `+ - ( ) . /`.
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub phone: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub company: Option<String>,
    /// Attributes to write, each in its kind's form when admins defined
    /// it (an empty value removes it); the others stay. The site leaves
    /// what an agent wrote alone unless it says to overwrite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<std::collections::BTreeMap<String, String>>,
}

/// A customer in the list of customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactSummary {
    pub contact: ContactRef,
    pub phone: Option<String>,
    pub company: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// Their latest message in any conversation (none: they never wrote).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_seen_at: Option<Timestamp>,
    /// How many conversations they had (those merged away not counted).
    pub conversations: i64,
    pub blocked: bool,
}

/// A page of customers; `next_offset` asks for the next one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPage {
    pub contacts: Vec<ContactSummary>,
    pub next_offset: Option<i64>,
}

/// The order of the list of customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactSort {
    /// The latest to write first (the default).
    LastSeen,
    /// By name, A to Z.
    Name,
    /// The newest customers first.
    Newest,
}

impl ContactSort {
    pub const ALL: [ContactSort; 3] = [
        ContactSort::LastSeen,
        ContactSort::Name,
        ContactSort::Newest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactSort::LastSeen => "last_seen",
            ContactSort::Name => "name",
            ContactSort::Newest => "newest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactSort::LastSeen => "Last seen",
            ContactSort::Name => "Name",
            ContactSort::Newest => "Newest customers",
        }
    }
}

impl std::str::FromStr for ContactSort {
    type Err = crate::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ContactSort::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| crate::ParseError::new("contact order", s))
    }
}

/// What an import of customers did (or, tried first, would do), line by
/// line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactImport {
    /// Only tried: nothing was written.
    pub dry_run: bool,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub refused: i64,
    /// Each line of the file with a row, in order.
    pub rows: Vec<ImportedRow>,
}

/// A line of an imported file, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedRow {
    /// Its line in the file (the header is line 1).
    pub line: i64,
    pub outcome: ImportOutcome,
    /// The customer it made or names (none: refused, or only tried).
    pub contact_id: Option<i64>,
    /// The customer's name and address as the line leaves them.
    pub name: Option<String>,
    pub email: Option<String>,
    /// Why it was refused.
    pub reason: Option<String>,
    /// What it changes.
    pub changes: Vec<FieldChange>,
}

/// What a line of an import does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    /// A new customer.
    Created,
    /// A customer the team knows, changed.
    Updated,
    /// A customer the team knows, who holds all it gives already.
    Unchanged,
    /// Not imported: `reason` says why.
    Refused,
}
