//! Mailboxes: support addresses whose mail becomes conversations, how mail
//! arrives at each (taken from an IMAP folder, or posted by a mail server)
//! and how replies leave.

use crate::words::words;
use crate::{Queue, Timestamp};
use serde::{Deserialize, Serialize};

words! {
    /// How a mailbox's mail arrives.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    MailboxInbound ("inbound") {
        /// Switchboard takes new mail from an IMAP folder.
        Imap = "imap",
        /// A mail server posts each mail to `POST /api/v1/inbound/email`
        /// with the mailbox's secret.
        Forward = "forward",
    }
}

words! {
    /// How the IMAP connection is protected.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    ImapSecurity ("security") {
        /// TLS from the start (port 993).
        Tls = "tls",
        /// Plain at first, then STARTTLS (port 143).
        Starttls = "starttls",
        /// No encryption: only for a server on the same machine.
        None = "none",
    }
}

/// An IMAP folder mail is taken from. The password is never shown again
/// once stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImapSettings {
    pub host: String,
    pub port: u16,
    pub security: ImapSecurity,
    pub user: String,
    /// The folder read (`INBOX` unless said).
    pub folder: String,
    /// Where a mail taken is moved; none: it stays, flagged as read.
    pub move_to: Option<String>,
}

/// A support address whose mail becomes conversations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mailbox {
    pub id: i64,
    /// The address customers write to (`support@acme.example`).
    pub address: String,
    /// The name replies are sent as (`Acme Support`).
    pub name: String,
    /// Where its new conversations wait.
    pub queue: Option<Queue>,
    pub inbound: MailboxInbound,
    /// Set when mail is taken from an IMAP folder.
    pub imap: Option<ImapSettings>,
    /// Whether replies leave through a server of its own (its URL, with
    /// the password, is never shown); else the server-wide one.
    pub own_smtp: bool,
    /// Put under each reply; none: the company's e-mail signature.
    pub signature: Option<String>,
    /// Whether a customer whose mail opens a conversation is told it
    /// arrived ("We got your message, #22").
    pub acknowledge: bool,
    /// What a mail server posting its mail to the inbound route sends as
    /// `Authorization: Bearer` (or `?secret=`).
    pub forward_secret: String,
    /// When mail was last looked for, and what went wrong then if anything.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub polled_at: Option<Timestamp>,
    pub poll_error: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// An IMAP folder as an admin types it: with the password, which may be
/// left out of a change to keep the one stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImapSettingsInput {
    pub host: String,
    /// 993 for `tls`, 143 otherwise, unless said.
    pub port: Option<u16>,
    pub security: Option<ImapSecurity>,
    pub user: String,
    /// Required for a new folder; left out, a change keeps the stored one.
    pub password: Option<String>,
    pub folder: Option<String>,
    pub move_to: Option<String>,
}

/// A mailbox as an admin sets it up (adding one, or changing it whole).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailboxInput {
    pub address: String,
    pub name: String,
    pub queue_id: Option<i64>,
    /// Set: mail is taken from this folder; none: a mail server posts it.
    pub imap: Option<ImapSettingsInput>,
    /// `smtp://…` or `smtps://…`; none: the server-wide SMTP server. On a
    /// change, left out keeps the stored one; empty removes it.
    pub smtp_url: Option<String>,
    pub signature: Option<String>,
    #[serde(default)]
    pub acknowledge: bool,
}

/// What Test connection found: each part that was tried, and how it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailboxCheck {
    /// True when every part tried works.
    pub ok: bool,
    /// Taking mail: what it found, or the step that failed (DNS, TLS,
    /// login, folder); none when mail is forwarded.
    pub imap: Option<CheckResult>,
    /// Sending mail: its SMTP server answered, or why not.
    pub smtp: Option<CheckResult>,
}

/// One part of a connection test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckResult {
    pub ok: bool,
    pub message: String,
}
