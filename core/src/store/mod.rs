//! The store: SQLite (embedded, the default) or PostgreSQL (several nodes),
//! chosen from the database URL. Both run the same SQL, written once per
//! area in `sql/` (agents, queues, settings, contacts, contact records, merges and imports, conversations,
//! lifecycle, attachments, merge, events, mail, webhooks, saved replies, labels, satisfaction, reports, chat) and compiled inside each
//! backend's module, each backend with its own migrations. Use cases call
//! the methods on [`Store`] (see `contract.rs`); which backend answers stays
//! inside the store.

mod contract;
mod group_commit;
pub mod rows;

use crate::error::{Error, Result};
use crate::hub::Published;
use crate::lifecycle::{ClientId, MessageBody};
use rows::{ConversationRow, MessageRow};
use std::str::FromStr;
use std::time::Duration;

/// The SQL of every area, compiled inside the backend module that invokes
/// it (which names `Db`, `MIGRATOR`, `BEGIN_WRITE` and `DIALECT`).
macro_rules! backend_sql {
    () => {
        include!("sql/common.rs");
        include!("sql/agents.rs");
        include!("sql/queues.rs");
        include!("sql/settings.rs");
        include!("sql/contacts.rs");
        include!("sql/contact_records.rs");
        include!("sql/contact_merge.rs");
        include!("sql/contact_import.rs");
        include!("sql/conversations.rs");
        include!("sql/lifecycle.rs");
        include!("sql/customer_sends.rs");
        include!("sql/merge.rs");
        include!("sql/outbound.rs");
        include!("sql/events.rs");
        include!("sql/mail.rs");
        include!("sql/mailboxes.rs");
        include!("sql/webhooks.rs");
        include!("sql/saved_replies.rs");
        include!("sql/labels.rs");
        include!("sql/attributes.rs");
        include!("sql/attachments.rs");
        include!("sql/satisfaction.rs");
        include!("sql/reports.rs");
        pub mod chat {
            use super::*;
            include!("sql/chat.rs");
        }
    };
}

pub mod sqlite {
    type Db = sqlx::Sqlite;
    static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
    /// SQLite has one writer: take its lock up front, so a transaction that
    /// reads before it writes never fails to upgrade.
    const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";
    const DIALECT: super::Dialect = super::Dialect::Sqlite;
    backend_sql!();
}

pub mod postgres {
    type Db = sqlx::Postgres;
    static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
    const BEGIN_WRITE: &str = "BEGIN";
    const DIALECT: super::Dialect = super::Dialect::Postgres;
    backend_sql!();
}

/// Where the two databases' SQL differs (full-text search).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// How a report narrows the ratings: the period (milliseconds, `to`
/// excluded), and optionally one agent, one queue, one score.
#[derive(Clone, Copy, Debug)]
pub struct RatingsFilter {
    pub from: i64,
    pub to: i64,
    pub agent_id: Option<i64>,
    pub queue_id: Option<i64>,
    pub score: Option<i64>,
}

/// How the reports narrow their figures: the period (milliseconds, `to`
/// excluded), and optionally one agent, one queue, one label.
#[derive(Clone, Copy, Debug)]
pub struct ReportFilter {
    pub from: i64,
    pub to: i64,
    pub agent_id: Option<i64>,
    pub queue_id: Option<i64>,
    pub label_id: Option<i64>,
}

/// A conversation that happened before, written as its history would have
/// been (the demo's past weeks): resolved, handled by one agent.
#[derive(Clone, Debug)]
pub struct PastConversation {
    pub contact_id: i64,
    pub queue_id: Option<i64>,
    pub agent_id: i64,
    pub created_at: i64,
    /// In order: messages (a body) and events.
    pub entries: Vec<PastEntry>,
    /// The customer's score and comment, given at the `Rated` event.
    pub rating: Option<(i32, Option<String>)>,
}

/// One entry of a past conversation: a message by the customer or the
/// agent, or an event by the agent.
#[derive(Clone, Debug)]
pub struct PastEntry {
    pub at: i64,
    pub body: Option<String>,
    pub by_agent: bool,
    pub event: Option<switchboard_types::EventType>,
}

/// Who makes a change, as the history records it.
#[derive(Clone, Debug)]
pub struct Actor {
    /// `agent`, `contact`, `automation` or `system`.
    pub kind: &'static str,
    pub agent_id: Option<i64>,
    /// How notifications name them.
    pub name: String,
}

impl Actor {
    pub fn agent(agent: &switchboard_types::Agent) -> Self {
        Actor {
            kind: "agent",
            agent_id: Some(agent.id),
            name: agent.name.clone(),
        }
    }

    pub fn contact(name: &str) -> Self {
        Actor {
            kind: "contact",
            agent_id: None,
            name: name.to_string(),
        }
    }

    /// Automatic assignment.
    pub fn automation() -> Self {
        Actor {
            kind: "automation",
            agent_id: None,
            name: "Automation".to_string(),
        }
    }

    pub fn system() -> Self {
        Actor {
            kind: "system",
            agent_id: None,
            name: "Switchboard".to_string(),
        }
    }
}

/// What a customer sends, checked.
#[derive(Clone, Copy)]
pub struct CustomerSend<'a> {
    pub contact: &'a crate::Customer,
    pub client_id: &'a ClientId,
    pub body: &'a MessageBody,
    pub queue_id: Option<i64>,
    pub company_name: &'a str,
    /// Files uploaded by this customer and not sent yet.
    pub files: &'a [crate::attachments::Kept],
    /// Set when the message is an e-mail: its conversation becomes (or
    /// stays) an e-mail conversation with what the mail says.
    pub mail: Option<&'a MailMeta>,
}

/// A customer's text message waiting for the writer's next group commit
/// (what [`CustomerSend`] borrows, owned).
pub struct QueuedSend {
    pub contact: crate::Customer,
    pub client_id: ClientId,
    pub body: MessageBody,
    pub queue_id: Option<i64>,
    pub company_name: String,
}

impl QueuedSend {
    fn of(send: &CustomerSend<'_>) -> QueuedSend {
        QueuedSend {
            contact: send.contact.clone(),
            client_id: send.client_id.clone(),
            body: send.body.clone(),
            queue_id: send.queue_id,
            company_name: send.company_name.to_string(),
        }
    }

    fn as_send(&self) -> CustomerSend<'_> {
        CustomerSend {
            contact: &self.contact,
            client_id: &self.client_id,
            body: &self.body,
            queue_id: self.queue_id,
            company_name: &self.company_name,
            files: &[],
            mail: None,
        }
    }
}

/// Customer messages waiting to be stored together.
pub(crate) type CustomerSends = std::sync::Arc<group_commit::GroupCommit<QueuedSend, Result<Sent>>>;

/// A mailbox as the use case checked it, ready to store.
#[derive(Clone, Copy, Debug)]
pub struct SavedMailbox<'a> {
    pub address: &'a str,
    pub name: &'a str,
    pub queue_id: Option<i64>,
    /// `imap` or `forward`.
    pub inbound: &'a str,
    pub imap_host: Option<&'a str>,
    pub imap_port: Option<i32>,
    pub imap_security: Option<&'a str>,
    pub imap_user: Option<&'a str>,
    pub imap_password: Option<&'a str>,
    pub imap_folder: &'a str,
    pub imap_move_to: Option<&'a str>,
    pub smtp_url: Option<&'a str>,
    pub signature: Option<&'a str>,
    pub acknowledge: bool,
}

/// What an e-mail conversation keeps of its mail.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct ConversationMailRow {
    pub mailbox_id: Option<i64>,
    pub subject: Option<String>,
    /// Addresses copied, one a line.
    pub email_cc: Option<String>,
    /// Message-IDs of the thread, one a line, the latest last.
    pub email_thread: Option<String>,
    pub contact_email: Option<String>,
}

/// What an e-mail brings to its conversation besides its text.
#[derive(Clone, Debug, Default)]
pub struct MailMeta {
    /// The mailbox it came to (none: a reply to a signed reply address).
    pub mailbox_id: Option<i64>,
    pub subject: Option<String>,
    /// Everyone else it was addressed to (kept for reply-all).
    pub cc: Vec<String>,
    /// Its own Message-ID, after the ones it answers (`References`).
    pub thread: Vec<String>,
    /// Its HTML, sanitised.
    pub html: Option<String>,
    /// The quoted text cut from its end.
    pub quoted: Option<String>,
    /// Whether a conversation it opens gets an acknowledgement mail.
    pub acknowledge: bool,
}

/// What an agent sends, checked.
#[derive(Clone, Copy)]
pub struct AgentSend<'a> {
    pub agent: &'a switchboard_types::Agent,
    pub number: i64,
    pub client_id: &'a ClientId,
    pub body: &'a MessageBody,
    pub private: bool,
    pub signed: bool,
    pub company_name: &'a str,
    /// Colleagues a private note names with `@` (they are told).
    pub mentions: &'a [i64],
    /// Files uploaded by this agent and not sent yet.
    pub files: &'a [crate::attachments::Kept],
}

/// A file just stored, as the store is asked to remember it.
pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub uploader: crate::attachments::Uploader,
    pub name: &'a str,
    pub size: i64,
    pub content_type: &'a str,
    pub checksum: &'a str,
    pub thumbnail: bool,
}

/// A new channel, as the store is asked to make it (checked already).
pub struct NewChannel<'a> {
    pub kind: switchboard_types::chat::ChannelKind,
    pub name: &'a str,
    pub description: &'a str,
    pub created_by: i64,
    /// Everyone in it from the start, the creator included.
    pub members: &'a [i64],
}

/// A changed message: its new text, or gone.
#[derive(Clone, Copy)]
pub enum Revision<'a> {
    Edit(&'a str),
    Delete,
}

/// A webhook delivery that is due.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueDelivery {
    pub id: i64,
    pub event_type: String,
    pub payload: String,
    pub attempts: i32,
    pub url: String,
    pub secret: String,
}

/// How one try of a delivery went, as stored.
#[derive(Clone, Debug)]
pub struct DeliveryOutcome {
    /// `waiting` (retry at `next_attempt_at`), `delivered` or `failed`.
    pub state: &'static str,
    pub next_attempt_at: i64,
    pub status: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// A single-use link to store (only its token's digest is kept).
pub struct NewLink<'a> {
    /// `invite` or `reset`.
    pub kind: &'a str,
    pub token_digest: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub agent_id: Option<i64>,
    pub created_by: i64,
    pub expires_at: i64,
}

/// An agent's reply due to go out by e-mail.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueMail {
    pub id: i64,
    pub conversation_number: i64,
    pub body: String,
    pub mail_attempts: i32,
    pub author_name: String,
    pub contact_email: Option<String>,
    pub contact_name: String,
    /// Its files, as kept (JSON; see [`crate::attachments::Kept`]).
    pub attachments: Option<String>,
    /// The mailbox its conversation came to, if any.
    pub mailbox_id: Option<i64>,
    pub subject: Option<String>,
    /// Addresses copied (reply-all), one a line.
    pub email_cc: Option<String>,
    /// Message-IDs of the thread, one a line, the latest last.
    pub email_thread: Option<String>,
}

/// A resolved e-mail ticket whose customer is due to be asked for a
/// rating.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueRatingMail {
    pub conversation_number: i64,
    pub attempts: i32,
    pub contact_email: Option<String>,
    pub contact_name: String,
    /// Still resolved and not rated yet: else nothing is sent.
    pub still_to_ask: bool,
}

/// How sending one mail went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailOutcome {
    Sent,
    Retry { at: i64 },
    Failed { reason: String, at: i64 },
}

/// A stored message, its conversation, and the live events to push.
pub struct Sent {
    pub message: MessageRow,
    pub conversation: ConversationRow,
    pub published: Vec<Published>,
}

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(sqlite::Backend),
    Postgres(postgres::Backend),
}

/// Calls the same method on whichever backend is in use.
macro_rules! dispatch {
    ($self:expr, $backend:ident => $call:expr) => {
        match $self {
            Store::Sqlite($backend) => $call,
            Store::Postgres($backend) => $call,
        }
    };
}
use dispatch;

impl Store {
    /// Connects to `sqlite://PATH` (the file is created) or `postgres://…`
    /// and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Store> {
        let store = if url.starts_with("sqlite:") {
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
                .map_err(|e| {
                    Error::Invalid(format!("DATABASE_URL is not a usable SQLite URL: {e}"))
                })?
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("mmap_size", "1073741824");
            let pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options.clone())
                .await?;
            let write_pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options)
                .await?;
            Store::Sqlite(sqlite::Backend {
                pool,
                write_pool,
                customer_sends: CustomerSends::default(),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = sqlx::postgres::PgConnectOptions::from_str(url).map_err(|e| {
                Error::Invalid(format!("DATABASE_URL is not a usable PostgreSQL URL: {e}"))
            })?;
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Store::Postgres(postgres::Backend {
                write_pool: pool.clone(),
                pool,
                customer_sends: CustomerSends::default(),
            })
        } else {
            return Err(Error::Invalid(
                "DATABASE_URL must start with sqlite:// or postgres://".into(),
            ));
        };
        dispatch!(&store, backend => backend.migrate().await)?;
        Ok(store)
    }

    /// Whether other nodes may work on this store (PostgreSQL): then what
    /// changes here is told to them (`notify_nodes`).
    pub fn shared_by_nodes(&self) -> bool {
        matches!(self, Store::Postgres(_))
    }

    /// What the other nodes tell (`notify_nodes`), where there can be
    /// other nodes (PostgreSQL).
    pub async fn listen_to_nodes(&self) -> Result<Option<sqlx::postgres::PgListener>> {
        let Store::Postgres(backend) = self else {
            return Ok(None);
        };
        let mut listener = sqlx::postgres::PgListener::connect_with(&backend.pool).await?;
        listener.listen(crate::feed::CHANNEL).await?;
        Ok(Some(listener))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        dispatch!(self, b => {
            b.write_pool.close().await;
            b.pool.close().await
        })
    }
}
