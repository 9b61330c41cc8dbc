//! The use cases: every door into Switchboard (server functions, the HTTP
//! API, WebSockets, the CLI) calls these. Each checks who is asking, applies
//! the rule in one store transaction and hands the committed live events to
//! the hub.
//!
//! By area: `sessions` (logging in, who a session or API token is),
//! `inbox` (lists, counts, a conversation, replies and every lifecycle
//! change), `bulk` (one action on many conversations), `contacts` (customers' accounts as agents see them), `live`
//! (client frames, replay, presence), `customers` (what a customer does
//! through the widget), `widget` (its settings and whether someone can
//! chat), `mail`, `chat` (staff chat), `queues`, `webhooks`, `team`
//! (running the team), `audit`, `settings`, `saved_replies`, `labels`,
//! `alerts` (each agent's choice of alerts), `satisfaction` (customers'
//! ratings and their report), `reports` (when customers write in).

use crate::auth;
use crate::error::{Error, Result};
use crate::feed::Feed;
use crate::hub::Hub;
use crate::store::Store;
use std::sync::Arc;

mod alerts;
mod attachments;
mod attributes;
mod audit;
mod bulk;
mod chat;
mod contact_import;
mod contacts;
mod customers;
mod inbox;
mod labels;
mod live;
mod mail;
mod mailboxes;
mod prechat;
mod queues;
mod reports;
mod satisfaction;
mod saved_replies;
mod sessions;
mod settings;
mod team;
mod webhooks;
mod widget;

pub use attachments::Download;
pub use customers::{
    merge_attributes, Visitor, MAX_ATTRIBUTES, MAX_ATTRIBUTE_NAME_CHARS, MAX_ATTRIBUTE_VALUE_CHARS,
};
pub use mail::{InboundEmail, MailRoute};
use settings::SettingsCache;

/// A client further behind than this reloads its snapshot instead.
pub const MAX_REPLAY: usize = 10_000;
pub const MAX_PAGE: i64 = 200;
/// The conversations a page holds when the client does not say.
pub const DEFAULT_PAGE: i64 = 50;
/// The longest search, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;

mod setting {
    pub const WIDGET_KEY: &str = "widget_key";
    pub const COMPANY_NAME: &str = "company_name";
    pub const GREETING: &str = "greeting";
    pub const WIDGET_COLOR: &str = "widget_color";
    pub const WIDGET_QUEUE: &str = "widget_queue_id";
    pub const IDENTITY_SECRET: &str = "identity_secret";
    pub const ENFORCE_IDENTITY: &str = "enforce_identity";
    pub const OFFLINE_MESSAGE: &str = "offline_message";
    pub const WIDGET_POSITION: &str = "widget_position";
    /// Signs the reply addresses of e-mail conversations.
    pub const REPLY_SECRET: &str = "reply_secret";
    pub const EMAIL_SIGNATURE: &str = "email_signature";
    /// The sites that may embed the widget, one origin a line.
    pub const WIDGET_ALLOWED_ORIGINS: &str = "widget_allowed_origins";
    /// The pre-chat form's settings (JSON).
    pub const PRECHAT: &str = "prechat";
    /// Whether and how customers rate resolved conversations (JSON).
    pub const SATISFACTION: &str = "satisfaction";
    /// Claimed by whoever set up an empty install's first admin.
    pub const FIRST_ADMIN: &str = "first_admin";
    /// The last live event queued for webhooks.
    pub const WEBHOOK_CURSOR: &str = "webhook_cursor";
    /// Signs the links customers fetch their files by.
    pub const ATTACHMENT_SECRET: &str = "attachment_secret";
}

#[derive(Clone)]
pub struct Switchboard {
    store: Store,
    hub: Hub,
    feed: Feed,
    settings: Arc<SettingsCache>,
    /// Failed logins per account, on this node.
    logins: Arc<auth::LoginThrottle>,
    /// Whether webhooks may reach private addresses (the operator says).
    private_webhooks: Arc<std::sync::atomic::AtomicBool>,
    /// Where the bytes of attachments live.
    files: crate::attachments::Files,
}

impl Switchboard {
    /// Opens the store at `database_url` (creating and migrating it), its
    /// files beside it: a folder next to a SQLite file, in memory with a
    /// database in memory, `attachments` in the working folder with
    /// PostgreSQL (see [`Switchboard::with_files`] for several nodes).
    pub async fn open(database_url: &str) -> Result<Self> {
        let store = Store::connect(database_url).await?;
        let files = crate::attachments::Files::beside(database_url)?;
        Ok(Switchboard::new(store, files))
    }

    pub fn new(store: Store, files: crate::attachments::Files) -> Self {
        Switchboard {
            files,
            store,
            hub: Hub::default(),
            feed: Feed::default(),
            settings: Arc::default(),
            logins: Arc::default(),
            private_webhooks: Arc::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// Starts this node's live feed: from then on, every committed event
    /// (from this node or, on PostgreSQL, any other) reaches the hub in
    /// order. A server calls it once at start-up.
    pub async fn start_live_feed(&self) -> Result<()> {
        self.feed.start(self.store.clone(), self.hub.clone()).await
    }

    // ----- agents and sessions -------------------------------------------

    // ----- settings -------------------------------------------------------

    // ----- the inbox ------------------------------------------------------

    // ----- the live stream ------------------------------------------------
}

/// What only admins may do: refused for anyone else, saying what it was.
/// A value as the JSON the store keeps (a log entry's changes, a
/// customer's attributes, a list's choices).
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Internal(e.to_string()))
}

pub(crate) fn admin_only(asking: &switchboard_types::Agent, what: &str) -> Result<()> {
    if asking.is_admin() {
        Ok(())
    } else {
        Err(Error::Forbidden(format!("only admins can {what}")))
    }
}

/// An agent's e-mail (lower case) and name, checked.
pub(crate) fn agent_identity<'a>(email: &str, name: &'a str) -> Result<(String, &'a str)> {
    let email = email.trim().to_lowercase();
    let name = name.trim();
    if !email.contains('@') || email.chars().count() > 254 {
        return Err(Error::Invalid(format!(
            "`{email}` is not an e-mail address"
        )));
    }
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::Invalid("a name needs 1 to 100 characters".into()));
    }
    Ok((email, name))
}
