//! The use cases: every door into Switchboard (server functions, the HTTP
//! API, WebSockets, the CLI) calls these. Each checks who is asking, applies
//! the rule in one store transaction and hands the committed live events to
//! the hub.

use crate::auth::{self, new_secret, secret_digest};
use crate::clock;
use crate::counts;
use crate::error::{Error, Result};
use crate::feed::Feed;
use crate::hub::{Audience, Hub, Viewer};
use crate::lifecycle::{self, ConversationState, Outcome};
use crate::store::rows::ContactRow;
use crate::store::{Actor, AgentSend, CustomerSend, Sent, Store};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchboard_types::{
    Agent, AgentRef, AuthorKind, ClientFrame, ContactAccount, Conversation, ConversationPage,
    Counts, CustomerMessages, CustomerSentMessage, Frame, LiveEvent, MessageStatus,
    OpenedConversation, PreviousConversation, Queue, Role, SentMessage, Tab, Timeline,
    TimelineItem, Typing, View, ViewCounts, WidgetSession,
};

mod admin;
mod chat;
mod integrations;
mod mail;
mod queues;
mod widget;

pub use mail::MailRoute;
pub use widget::Visitor;

const SESSION_LIFETIME_MS: i64 = 30 * 24 * 60 * 60 * 1000;
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
    /// Claimed by whoever set up an empty install's first admin.
    pub const FIRST_ADMIN: &str = "first_admin";
    /// The last live event queued for webhooks.
    pub const WEBHOOK_CURSOR: &str = "webhook_cursor";
}

/// How long a node trusts a setting it read (another node may change it).
const SETTINGS_FRESH_FOR: Duration = Duration::from_secs(2);

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
}

/// Settings as last read, with when.
#[derive(Default)]
struct SettingsCache {
    values: Mutex<HashMap<String, (Instant, Option<String>)>>,
}

impl SettingsCache {
    fn get(&self, key: &str) -> Option<Option<String>> {
        let values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values
            .get(key)
            .filter(|(read, _)| read.elapsed() < SETTINGS_FRESH_FOR)
            .map(|(_, value)| value.clone())
    }

    fn put(&self, key: &str, value: Option<String>) {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values.insert(key.to_string(), (Instant::now(), value));
    }

    fn forget(&self, key: &str) {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values.remove(key);
    }
}

impl Switchboard {
    /// Opens the store at `database_url` (creating and migrating it).
    pub async fn open(database_url: &str) -> Result<Self> {
        let store = Store::connect(database_url).await?;
        Ok(Switchboard::new(store))
    }

    pub fn new(store: Store) -> Self {
        Switchboard {
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

    pub async fn create_agent(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password: String,
    ) -> Result<Agent> {
        let (email, name) = agent_identity(email, name)?;
        let hash = auth::hash_password(password).await?;
        self.store.insert_agent(&email, name, role, &hash).await
    }

    /// Checks the password and opens a session; answers the agent and the
    /// session secret for the cookie.
    /// After a few failures for one e-mail, each further try must wait
    /// (whatever address it comes from); an unknown e-mail is checked
    /// against a dummy hash, so it takes as long as a wrong password.
    pub async fn login(&self, email: &str, password: &str) -> Result<(Agent, String)> {
        let email = email.trim().to_lowercase();
        if let Some(wait) = self.logins.wait(&email) {
            return Err(Error::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        let row = self
            .store
            .agent_by_email(&email)
            .await?
            .filter(|a| a.active);
        let hash = row.as_ref().map(|r| r.password_hash.clone());
        let verified = auth::verify_password_or_dummy(password, hash).await?;
        let Some(row) = row.filter(|_| verified) else {
            self.logins.failed(&email);
            return Err(Error::BadCredentials);
        };
        self.logins.succeeded(&email);
        let token = new_secret();
        let expires = clock::now_ms() + SESSION_LIFETIME_MS;
        self.store
            .insert_session(&secret_digest(&token), row.id, expires)
            .await?;
        let agent = self.arrived(row.into_agent()).await?;
        Ok((agent, token))
    }

    pub async fn agent_for_session(&self, token: &str) -> Result<Agent> {
        self.store
            .agent_by_session(&secret_digest(token))
            .await?
            .map(|row| row.into_agent())
            .ok_or(Error::Unauthenticated)
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        self.store.delete_session(&secret_digest(token)).await
    }

    pub async fn agents(&self, _asking: &Agent) -> Result<Vec<Agent>> {
        self.store.agents().await
    }

    pub async fn queues(&self, _asking: &Agent) -> Result<Vec<Queue>> {
        self.store.queues().await
    }

    pub async fn ensure_queue(&self, name: &str) -> Result<Queue> {
        self.store.ensure_queue(name).await
    }

    pub async fn add_queue_member(&self, queue_id: i64, agent_id: i64) -> Result<()> {
        self.store.add_queue_member(queue_id, agent_id).await
    }

    // ----- settings -------------------------------------------------------

    /// The widget's public key, made on first use.
    pub async fn widget_key(&self) -> Result<String> {
        let fresh = format!("wk_{}", &new_secret()[..24]);
        self.store
            .setting_or_insert(setting::WIDGET_KEY, &fresh)
            .await
    }

    /// A setting, read at most once per [`SETTINGS_FRESH_FOR`] (every
    /// customer message needs two; they change seldom).
    async fn setting(&self, key: &str) -> Result<Option<String>> {
        if let Some(value) = self.settings.get(key) {
            return Ok(value);
        }
        let value = self.store.setting(key).await?;
        self.settings.put(key, value.clone());
        Ok(value)
    }

    async fn setting_or(&self, key: &str, default: &str) -> Result<String> {
        Ok(self
            .setting(key)
            .await?
            .unwrap_or_else(|| default.to_string()))
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.store.set_setting(key, value).await?;
        self.settings.forget(key);
        Ok(())
    }

    pub async fn company_name(&self) -> Result<String> {
        self.setting_or(setting::COMPANY_NAME, "Support").await
    }

    pub async fn set_widget_queue(&self, queue_id: i64) -> Result<()> {
        self.set_setting(setting::WIDGET_QUEUE, &queue_id.to_string())
            .await
    }

    /// Adds to what the company's site says of a customer (a key given
    /// again takes the new value; an empty value removes it).
    pub async fn set_customer_attributes(
        &self,
        contact: &ContactRow,
        attributes: &BTreeMap<String, String>,
    ) -> Result<()> {
        let (_, _, known) = self
            .store
            .contact(contact.id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let merged =
            merge_attributes(serde_json::from_str(&known).unwrap_or_default(), attributes)?;
        let json = serde_json::to_string(&merged).map_err(|e| Error::Internal(e.to_string()))?;
        self.store.set_contact_attributes(contact.id, &json).await
    }

    pub async fn contact_for_token(&self, token: &str) -> Result<ContactRow> {
        self.store
            .contact_by_token(&secret_digest(token))
            .await?
            .ok_or(Error::Unauthenticated)
    }

    /// Resuming a widget session: the contact and their open conversation.
    pub async fn resume_widget_session(&self, token: &str) -> Result<WidgetSession> {
        let contact = self.contact_for_token(token).await?;
        let open = match self.store.latest_conversation_of(contact.id).await? {
            Some(row) => Some(self.store.customer_conversation(&row).await?),
            None => None,
        };
        Ok(WidgetSession {
            contact_token: token.to_string(),
            contact: contact.into(),
            open_conversation: open,
        })
    }

    pub async fn customer_send(
        &self,
        contact: &ContactRow,
        client_id: &str,
        body: &str,
    ) -> Result<CustomerSentMessage> {
        let client_id = lifecycle::client_id(client_id)?;
        let body = lifecycle::message_body(body)?;
        let company_name = self.company_name().await?;
        let queue_id = self
            .setting(setting::WIDGET_QUEUE)
            .await?
            .and_then(|q| q.parse().ok());
        let send = CustomerSend {
            contact,
            client_id: &client_id,
            body: &body,
            queue_id,
            company_name: &company_name,
        };
        // Two first messages racing may both try to open a conversation;
        // the database lets one win, and the other appends on its retry.
        let sent = match self.store.customer_send(&send).await {
            Err(e) if e.is_unique_violation() => self.store.customer_send(&send).await?,
            other => other?,
        };
        let Sent {
            message,
            conversation,
            published,
        } = sent;
        // The customer's view was announced with the message; a repeated
        // send announced nothing and reads it.
        let announced = published.iter().rev().find_map(|p| match &p.event {
            LiveEvent::CustomerConversationUpdated { conversation } => Some(conversation.clone()),
            _ => None,
        });
        let conversation = match announced {
            Some(seen) => seen,
            None => self.store.customer_conversation(&conversation).await?,
        };
        self.published(published);
        Ok(CustomerSentMessage {
            message: message.into_customer_message(&company_name),
            conversation,
        })
    }

    /// Records a page change in the customer's open conversation; answers
    /// whether there was one to record it in.
    pub async fn customer_page_changed(
        &self,
        contact: &ContactRow,
        url: &str,
        title: &str,
    ) -> Result<bool> {
        let open = self
            .store
            .latest_conversation_of(contact.id)
            .await?
            .filter(|c| c.status() != switchboard_types::ConversationStatus::Resolved);
        let Some(open) = open else {
            lifecycle::page_changed(
                &lifecycle::ConversationState {
                    status: switchboard_types::ConversationStatus::Resolved,
                    assignee: None,
                    queue_id: None,
                    resolved_by: None,
                    snoozed_until: None,
                    deleted: false,
                },
                url,
                title,
            )?;
            return Ok(false);
        };
        let actor = Actor::contact(&contact.name);
        let rule = |s: &ConversationState| lifecycle::page_changed(s, url, title);
        let (_, published) = self.store.change(open.number, &actor, None, rule).await?;
        let recorded = !published.is_empty();
        self.published(published);
        Ok(recorded)
    }

    /// What the customer may see: with `after_seq`, their current
    /// conversation after it; without, their whole history (every
    /// conversation, in the order it was written, the latest 200 messages).
    pub async fn customer_messages(
        &self,
        contact: &ContactRow,
        after_seq: Option<i64>,
    ) -> Result<CustomerMessages> {
        let Some(after_seq) = after_seq else {
            let company_name = self.company_name().await?;
            let messages = self
                .store
                .customer_history(contact.id, 200, &company_name)
                .await?;
            return Ok(CustomerMessages { messages });
        };
        let Some(latest) = self.store.latest_conversation_of(contact.id).await? else {
            return Ok(CustomerMessages::default());
        };
        let company_name = self.company_name().await?;
        let messages = self
            .store
            .customer_messages(latest.number, after_seq, &company_name)
            .await?;
        Ok(CustomerMessages { messages })
    }

    // ----- the inbox ------------------------------------------------------

    pub async fn conversations(
        &self,
        agent: &Agent,
        view: View,
        tab: Tab,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> Result<ConversationPage> {
        blocked_view_for_admins(agent, view)?;
        let before = cursor.map(parse_cursor).transpose()?;
        let limit = limit.unwrap_or(DEFAULT_PAGE);
        // Refused rather than quietly changed: a client asking for 1,000
        // should learn that it gets at most 200.
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(Error::Invalid(format!(
                "limit must be 1 to {MAX_PAGE} (it is {limit})"
            )));
        }
        let rows = self
            .store
            .list_conversations(agent.id, view, tab, before, limit)
            .await?;
        let next_cursor = (rows.len() as i64 == limit)
            .then(|| {
                rows.last()
                    .map(|r| format!("{}_{}", r.last_message_at, r.number))
            })
            .flatten();
        Ok(ConversationPage {
            conversations: rows.into_iter().map(|r| r.into_conversation()).collect(),
            next_cursor,
        })
    }

    pub async fn counts(&self, agent: &Agent, view: View) -> Result<Counts> {
        blocked_view_for_admins(agent, view)?;
        let rows = self.store.count_rows(agent.id).await?;
        Ok(counts::counts_of(&rows, agent.id, view))
    }

    /// The agent's tab counts in every view (what `counts.updated` pushes).
    pub async fn view_counts(&self, agent_id: i64) -> Result<Vec<ViewCounts>> {
        let rows = self.store.count_rows(agent_id).await?;
        let queues = self.store.queues().await?;
        Ok(counts::fold(&rows, agent_id, &queues))
    }

    pub async fn conversation(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.store
            .conversation(agent.id, number)
            .await?
            .filter(|c| c.deleted_at.is_none() || agent.is_admin())
            .map(|c| c.into_conversation())
            .ok_or(Error::NotFound("conversation"))
    }

    /// An agent opens a conversation: its history, where their read
    /// pointer stood, and from now on everything in it counts as read.
    pub async fn open_conversation(
        &self,
        agent: &Agent,
        number: i64,
    ) -> Result<OpenedConversation> {
        self.conversation(agent, number).await?;
        let last_read_seq = self.store.read_pointer(agent.id, number).await?;
        let items = self.store.timeline(number, 0).await?;
        let last_seq = items.last().map(TimelineItem::seq).unwrap_or(0);
        let published = self.store.mark_read(agent.id, number, last_seq).await?;
        self.published(published);
        let conversation = self.conversation(agent, number).await?;
        let previous = match conversation.previous_number {
            Some(previous) => self.previous_conversation(agent, previous).await?,
            None => None,
        };
        Ok(OpenedConversation {
            conversation,
            timeline: Timeline { items },
            last_read_seq,
            previous,
        })
    }

    /// What a follow-up shows of the conversation it continues.
    async fn previous_conversation(
        &self,
        agent: &Agent,
        number: i64,
    ) -> Result<Option<PreviousConversation>> {
        const SHOWN: i64 = 3;
        let Ok(before) = self.conversation(agent, number).await else {
            return Ok(None);
        };
        let messages = self.store.last_messages(number, SHOWN).await?;
        Ok(Some(PreviousConversation {
            number,
            status: before.status,
            assignee: before.assignee,
            resolved_by: before.resolved_by,
            messages: messages.into_iter().map(|m| m.into_message()).collect(),
        }))
    }

    pub async fn timeline(&self, agent: &Agent, number: i64, after_seq: i64) -> Result<Timeline> {
        self.conversation(agent, number).await?;
        let items = self.store.timeline(number, after_seq).await?;
        Ok(Timeline { items })
    }

    pub async fn send_message(
        &self,
        agent: &Agent,
        number: i64,
        client_id: &str,
        body: &str,
        private: bool,
        signed: bool,
    ) -> Result<SentMessage> {
        let client_id = lifecycle::client_id(client_id)?;
        let body = lifecycle::message_body(body)?;
        let company_name = self.company_name().await?;
        let mentions = if private && body.contains('@') {
            let staff = self
                .store
                .agents()
                .await?
                .into_iter()
                .map(|a| a.reference())
                .collect::<Vec<_>>();
            switchboard_types::chat::mentioned(&body, &staff)
        } else {
            Vec::new()
        };
        let send = AgentSend {
            agent,
            number,
            client_id: &client_id,
            body: &body,
            private,
            signed,
            company_name: &company_name,
            mentions: &mentions,
        };
        let Sent {
            message,
            conversation,
            published,
        } = self.store.agent_send(&send).await?;
        self.published(published);
        Ok(SentMessage {
            message: message.into_message(),
            conversation: conversation.into_conversation(),
        })
    }

    /// Runs one lifecycle rule as `agent`, publishes what changed, and
    /// answers the conversation as that agent sees it now.
    async fn act<F>(
        &self,
        agent: &Agent,
        number: i64,
        note: Option<&str>,
        rule: F,
    ) -> Result<Conversation>
    where
        F: FnOnce(&ConversationState) -> Result<Outcome> + Send,
    {
        let actor = Actor::agent(agent);
        let (_, published) = self.store.change(number, &actor, note, rule).await?;
        self.published(published);
        self.conversation(agent, number).await
    }

    /// Accept / take it (a pending conversation).
    pub async fn accept(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::accept(s, agent))
            .await
    }

    async fn target_agent(&self, id: i64) -> Result<AgentRef> {
        self.store
            .agent_ref(id)
            .await?
            .ok_or(Error::NotFound("agent"))
    }

    /// Assign to a chosen agent (to oneself: take it over).
    pub async fn assign(
        &self,
        agent: &Agent,
        number: i64,
        to_agent_id: i64,
    ) -> Result<Conversation> {
        let to = self.target_agent(to_agent_id).await?;
        self.act(agent, number, None, |s| lifecycle::assign(s, &to))
            .await
    }

    /// Hand to another agent and/or queue, with an optional note (kept as a
    /// private note in the history).
    pub async fn transfer(
        &self,
        agent: &Agent,
        number: i64,
        to_agent_id: Option<i64>,
        to_queue_id: Option<i64>,
        note: Option<&str>,
    ) -> Result<Conversation> {
        let to_agent = match to_agent_id {
            Some(id) => Some(self.target_agent(id).await?),
            None => None,
        };
        let to_queue = match to_queue_id {
            Some(id) => Some(
                self.store
                    .queue(id)
                    .await?
                    .ok_or(Error::NotFound("queue"))?,
            ),
            None => None,
        };
        let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => Some(lifecycle::message_body(n)?),
            None => None,
        };
        self.act(agent, number, note.as_deref(), |s| {
            lifecycle::transfer(s, to_agent.as_ref(), to_queue.as_ref())
        })
        .await
    }

    /// Return to Pending, unassigned.
    pub async fn return_to_pending(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| {
            lifecycle::return_to_pending(s, agent)
        })
        .await
    }

    pub async fn resolve(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::resolve(s, agent))
            .await
    }

    /// Takes back a resolve its agent just made: the conversation goes back
    /// to where it was (its holder keeps it).
    pub async fn undo_resolve(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::undo_resolve(s, agent))
            .await
    }

    pub async fn reopen(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, lifecycle::reopen).await
    }

    /// Snooze until an RFC 3339 time.
    pub async fn snooze(&self, agent: &Agent, number: i64, until: &str) -> Result<Conversation> {
        let until = clock::parse_rfc3339(until).ok_or_else(|| {
            Error::Invalid("`until` must be an RFC 3339 time, like 2030-01-31T09:00:00Z".into())
        })?;
        let now = clock::now_ms();
        self.act(agent, number, None, |s| lifecycle::snooze(s, until, now))
            .await
    }

    /// Soft delete (admins).
    pub async fn delete(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::delete(s, agent))
            .await
    }

    pub async fn restore(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::restore(s, agent))
            .await
    }

    /// Marks it unread for this agent alone.
    pub async fn mark_unread(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.conversation(agent, number).await?;
        let published = self.store.mark_unread(agent.id, number).await?;
        self.published(published);
        self.conversation(agent, number).await
    }

    /// Wakes every snoozed conversation whose time has come (also those
    /// that fell due while the server was down); answers how many woke.
    pub async fn wake_due(&self) -> Result<usize> {
        let now = clock::now_ms();
        let due = self.store.due_snoozed(now).await?;
        let mut woken = 0;
        for number in due {
            let rule = |s: &ConversationState| Ok(lifecycle::wake_if_due(s, now));
            let (_, published) = self
                .store
                .change(number, &Actor::system(), None, rule)
                .await?;
            woken += usize::from(!published.is_empty());
            self.published(published);
        }
        Ok(woken)
    }

    /// Search: words of messages, a customer's name or e-mail; `#22` finds
    /// conversation 22.
    pub async fn search(&self, agent: &Agent, query: &str) -> Result<Vec<Conversation>> {
        let query = query.trim();
        lifecycle::clean_text("a search", query)?;
        if query.chars().count() > MAX_SEARCH_CHARS {
            return Err(Error::Invalid(format!(
                "a search can have at most {MAX_SEARCH_CHARS} characters"
            )));
        }
        if let Some(number) = query
            .strip_prefix('#')
            .and_then(|n| n.trim().parse::<i64>().ok())
        {
            return match self.conversation(agent, number).await {
                Ok(c) => Ok(vec![c]),
                Err(Error::NotFound(_)) => Ok(Vec::new()),
                Err(e) => Err(e),
            };
        }
        let rows = self.store.search(agent.id, query, 50).await?;
        Ok(rows.into_iter().map(|r| r.into_conversation()).collect())
    }

    /// Where the agent was in the inbox, as their browser last said.
    pub async fn whereabouts(&self, agent: &Agent) -> Result<Option<String>> {
        self.store.whereabouts(agent.id).await
    }

    /// Keeps where the agent is (a small JSON object the UI writes).
    pub async fn set_whereabouts(&self, agent: &Agent, data: &str) -> Result<()> {
        if data.len() > 1024
            || !serde_json::from_str::<serde_json::Value>(data).is_ok_and(|v| v.is_object())
        {
            return Err(Error::Invalid(
                "whereabouts must be a JSON object of at most 1 KiB".into(),
            ));
        }
        self.store.set_whereabouts(agent.id, data).await
    }

    /// A customer's account: details and every conversation.
    pub async fn contact_account(&self, agent: &Agent, contact_id: i64) -> Result<ContactAccount> {
        let (contact, created_at, attributes) = self
            .store
            .contact(contact_id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let rows = self
            .store
            .conversations_of_contact(agent.id, contact_id)
            .await?;
        let blocked = self.store.contact_blocked(contact_id).await?;
        Ok(ContactAccount {
            contact: contact.into(),
            created_at: clock::rfc3339(created_at),
            blocked,
            attributes: serde_json::from_str(&attributes).unwrap_or_default(),
            conversations: rows.into_iter().map(|r| r.into_conversation()).collect(),
        })
    }

    /// Blocks a customer (admins): what they write is still stored, but
    /// their conversations leave every list for the Blocked view, and
    /// nobody is assigned them. `false` lets them back.
    pub async fn block_contact(
        &self,
        agent: &Agent,
        contact_id: i64,
        blocked: bool,
    ) -> Result<ContactAccount> {
        if !agent.is_admin() {
            return Err(Error::Forbidden("only admins can block customers".into()));
        }
        let account = self.contact_account(agent, contact_id).await?;
        if account.blocked != blocked {
            let published = self.store.set_contact_blocked(contact_id, blocked).await?;
            self.published(published);
            let subject = match &account.contact.email {
                Some(email) => format!("{} ({email})", account.contact.name),
                None => account.contact.name.clone(),
            };
            let action = if blocked {
                switchboard_types::AuditAction::ContactBlocked
            } else {
                switchboard_types::AuditAction::ContactUnblocked
            };
            self.audited(
                agent,
                action,
                &subject,
                serde_json::json!({ "contact_id": contact_id, "from": account.blocked, "to": blocked }),
            )
            .await?;
        }
        self.contact_account(agent, contact_id).await
    }

    /// The agent has read the conversation up to `seq`.
    pub async fn mark_read(&self, agent: &Agent, number: i64, seq: i64) -> Result<Conversation> {
        self.conversation(agent, number).await?;
        let published = self.store.mark_read(agent.id, number, seq).await?;
        self.published(published);
        self.conversation(agent, number).await
    }

    /// What a client says on its stream: messages reached its screen, were
    /// read, or its user is typing. Each viewer speaks only for
    /// conversations it may see; a customer's read and delivered reach only
    /// agents' messages, an agent's only the customer's.
    pub async fn client_frame(&self, viewer: Viewer, frame: ClientFrame) -> Result<()> {
        let number = match &frame {
            ClientFrame::Delivered {
                conversation_number,
                ..
            }
            | ClientFrame::Read {
                conversation_number,
                ..
            }
            | ClientFrame::Typing {
                conversation_number,
                ..
            } => *conversation_number,
        };
        let row = self
            .store
            .shared_conversation(number)
            .await?
            .filter(|c| c.deleted_at.is_none())
            .ok_or(Error::NotFound("conversation"))?;
        let (writer, recipient_of) = match viewer {
            Viewer::Contact(id) if row.contact_id == id => (AuthorKind::Contact, AuthorKind::Agent),
            Viewer::Contact(_) => return Err(Error::NotFound("conversation")),
            Viewer::Agent(_) => (AuthorKind::Agent, AuthorKind::Contact),
        };
        let published = match frame {
            ClientFrame::Delivered { seq, .. } => {
                self.store
                    .advance_messages(number, recipient_of, seq, MessageStatus::Delivered)
                    .await?
            }
            ClientFrame::Read { seq, .. } => match viewer {
                Viewer::Agent(id) => self.store.mark_read(id, number, seq).await?,
                Viewer::Contact(_) => {
                    self.store
                        .advance_messages(number, recipient_of, seq, MessageStatus::Read)
                        .await?
                }
            },
            ClientFrame::Typing { private, .. } => {
                let (id, name) = match viewer {
                    Viewer::Agent(id) => {
                        let agent = self
                            .store
                            .agent_ref(id)
                            .await?
                            .ok_or(Error::Unauthenticated)?;
                        (id, agent.name)
                    }
                    Viewer::Contact(id) => (id, row.contact_name.clone()),
                };
                let audience = Audience {
                    agents: true,
                    agent: None,
                    contact: (writer == AuthorKind::Agent && !private).then_some(row.contact_id),
                    customers: false,
                };
                let typing = Typing {
                    conversation_number: number,
                    author_kind: writer,
                    id,
                    name,
                };
                self.share_state(audience, LiveEvent::Typing { typing });
                return Ok(());
            }
        };
        self.published(published);
        Ok(())
    }

    // ----- the live stream ------------------------------------------------

    /// Events were committed: wake this node's feed, and the other nodes'.
    fn published(&self, events: Vec<crate::hub::Published>) {
        if events.is_empty() {
            return;
        }
        let messages = events
            .iter()
            .filter(|p| {
                p.audience == Audience::AGENTS
                    && matches!(p.event, LiveEvent::MessageCreated { .. })
            })
            .count();
        metrics::counter!("switchboard_messages_stored_total").increment(messages as u64);
        self.feed.wake();
        if let Store::Postgres(_) = &self.store {
            let store = self.store.clone();
            // After the commit, off the request's path: a lost wake-up only
            // delays the other nodes until their next poll.
            tokio::spawn(async move {
                if let Err(e) = store.notify_nodes("").await {
                    tracing::warn!(error = %e, "waking the other nodes failed");
                }
            });
        }
    }

    /// Sends a state (typing, presence) to whoever may see it, on every node.
    fn share_state(&self, audience: Audience, event: LiveEvent) {
        self.feed.share(&self.store, &self.hub, audience, event);
    }

    /// A live stream opened for `viewer`: online now, if they were not.
    pub async fn stream_opened(&self, viewer: Viewer) -> Result<()> {
        let name = match viewer {
            Viewer::Agent(id) => self
                .store
                .agent_ref(id)
                .await?
                .map(|a| a.name)
                .unwrap_or_default(),
            Viewer::Contact(id) => self
                .store
                .contact(id)
                .await?
                .map(|(c, _, _)| c.name)
                .unwrap_or_default(),
        };
        if let Some(presence) = self.feed.presence().connected(viewer, &name) {
            self.share_state(Audience::AGENTS, LiveEvent::Presence { presence });
        }
        Ok(())
    }

    /// A live stream closed: offline, if it was their last anywhere.
    pub fn stream_closed(&self, viewer: Viewer) {
        if let Some(presence) = self.feed.presence().disconnected(viewer) {
            self.share_state(Audience::AGENTS, LiveEvent::Presence { presence });
        }
    }

    /// Who is online now (agents see this when their stream opens).
    pub fn online(&self) -> Vec<switchboard_types::Presence> {
        self.feed.presence().online()
    }

    /// Everything `viewer` may see after `after_event_id`, in order; `None`
    /// when that is too far back to replay (the client reloads instead).
    pub async fn replay(&self, viewer: Viewer, after_event_id: i64) -> Result<Option<Vec<Frame>>> {
        let mut frames = Vec::new();
        let mut cursor = after_event_id;
        let mut scanned = 0usize;
        loop {
            let rows = self.store.live_after(cursor, 1000).await?;
            let Some(last) = rows.last() else { break };
            cursor = last.event_id;
            scanned += rows.len();
            if scanned > MAX_REPLAY {
                return Ok(None);
            }
            for row in rows {
                let audience = Audience {
                    agents: row.for_agents,
                    agent: row.agent_id,
                    contact: row.contact_id,
                    customers: false,
                };
                if viewer.may_see(audience) {
                    let event: LiveEvent = serde_json::from_str(&row.payload).map_err(|e| {
                        Error::Internal(format!("a stored live event is unreadable: {e}"))
                    })?;
                    frames.push(Frame {
                        event_id: row.event_id,
                        event,
                    });
                }
            }
        }
        Ok(Some(frames))
    }

    pub async fn last_event_id(&self) -> Result<i64> {
        self.store.last_event_id().await
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

/// How many attributes a customer can have, and how long their names and
/// values can be (in characters).
pub const MAX_ATTRIBUTES: usize = 30;
pub const MAX_ATTRIBUTE_NAME_CHARS: usize = 50;
pub const MAX_ATTRIBUTE_VALUE_CHARS: usize = 500;

/// `known` with `given` laid over it (an empty value removes its key),
/// checked: names of at most 50 characters, values of at most 500, 30 in all.
pub fn merge_attributes(
    mut known: BTreeMap<String, String>,
    given: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    for (key, value) in given {
        let (key, value) = (key.trim(), value.trim());
        lifecycle::clean_text("an attribute", key)?;
        lifecycle::clean_text("an attribute", value)?;
        if key.is_empty()
            || key.chars().count() > MAX_ATTRIBUTE_NAME_CHARS
            || value.chars().count() > MAX_ATTRIBUTE_VALUE_CHARS
        {
            return Err(Error::Invalid(
                "an attribute needs a name of at most 50 characters and a value of at most 500"
                    .into(),
            ));
        }
        if value.is_empty() {
            known.remove(key);
        } else {
            known.insert(key.to_string(), value.to_string());
        }
    }
    if known.len() > MAX_ATTRIBUTES {
        return Err(Error::Invalid(
            "a customer can have at most 30 attributes".into(),
        ));
    }
    Ok(known)
}

/// The Blocked view is for admins, who block and unblock.
fn blocked_view_for_admins(agent: &Agent, view: View) -> Result<()> {
    if view == View::Blocked && !agent.is_admin() {
        return Err(Error::Forbidden(
            "only admins see the conversations of blocked customers".into(),
        ));
    }
    Ok(())
}

fn parse_cursor(cursor: &str) -> Result<(i64, i64)> {
    let bad = || Error::Invalid("cursor is not one this server gave out".into());
    let (at, number) = cursor.split_once('_').ok_or_else(bad)?;
    Ok((
        at.parse().map_err(|_| bad())?,
        number.parse().map_err(|_| bad())?,
    ))
}
