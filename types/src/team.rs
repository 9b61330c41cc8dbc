//! Running the team (admins): agents with their access and capacity, the
//! links that invite someone or reset a password, API tokens, and the
//! audit of admin changes.

#[cfg(feature = "openapi")]
use crate::{AuditAction, LinkKind};
use crate::{Availability, Role, Timestamp};
use serde::{Deserialize, Serialize};

/// An agent as admins manage them: with whether they may still log in and
/// how many open conversations automatic assignment gives them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub availability: Availability,
    pub active: bool,
    pub capacity: i64,
}

/// A single-use link an admin made: an invitation to join the team, or a
/// password reset. `url` is shown once (only its digest is kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentLink {
    /// `invite` or `reset`.
    #[cfg_attr(feature = "openapi", schema(value_type = LinkKind))]
    pub kind: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
    /// Whether it went out by e-mail (else the admin passes it on).
    pub mailed: bool,
}

/// An invitation not used yet: admins see who was invited, copy a fresh
/// link for them, or revoke it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingInvitation {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The admin who invited them.
    pub invited_by: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
}

/// What a link says before it is used (shown on its page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkPreview {
    #[cfg_attr(feature = "openapi", schema(value_type = LinkKind))]
    pub kind: String,
    pub email: String,
    pub name: String,
}

/// An API token as listed (its secret is shown once, when made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<Timestamp>,
    pub revoked: bool,
}

/// A new API token, with its secret (shown this once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiToken {
    pub token: String,
    pub api_token: ApiToken,
}

/// One change an admin made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub actor: String,
    /// Such as `agent.invited`, `agent.role_changed`, `widget.settings_changed`.
    #[cfg_attr(feature = "openapi", schema(value_type = AuditAction))]
    pub action: String,
    /// What it was done to, in words (an agent's e-mail, "the widget" …).
    pub subject: String,
    /// The details, as JSON text.
    pub data: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// What an admin changes of an agent (only the fields given).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentChange {
    pub role: Option<Role>,
    /// Open conversations automatic assignment gives them (0 to 100).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub capacity: Option<i64>,
    /// False deactivates: their sessions and API tokens stop at once and
    /// their conversations return to Pending. True lets them back in.
    pub active: Option<bool>,
}
