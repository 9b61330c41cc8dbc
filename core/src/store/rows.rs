//! Rows as both databases return them, and their conversion to wire types.
//! Past 500 lines on purpose: every row type beside its conversion, so a
//! column added is one place to look.

use crate::clock::rfc3339;
use switchboard_types::{
    Actor, ActorKind, Agent, AgentRef, Author, AuthorKind, Availability, ContactRef, Conversation,
    ConversationEvent, ConversationStatus, MailState, Message, MessageStatus, Queue, Role, Sort,
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgentRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub availability: String,
    pub password_hash: String,
    pub active: bool,
}

impl AgentRow {
    pub fn into_agent(self) -> Agent {
        Agent {
            id: self.id,
            name: self.name,
            email: self.email,
            role: Role::parse(&self.role).unwrap_or(Role::Agent),
            availability: Availability::parse(&self.availability).unwrap_or(Availability::Online),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    pub id: i64,
    pub name: String,
}

impl From<QueueRow> for Queue {
    fn from(r: QueueRow) -> Self {
        Queue {
            id: r.id,
            name: r.name,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
}

impl From<ContactRow> for ContactRef {
    fn from(r: ContactRow) -> Self {
        ContactRef {
            id: r.id,
            name: r.name,
            email: r.email,
        }
    }
}

/// Where answered conversations go in a list by the longest wait: after
/// every waiting one (a time in milliseconds far beyond any real one).
pub const ANSWERED_AFTER: i64 = 1_000_000_000_000_000;

/// A conversation joined with the names it shows, and the unread count of
/// the agent who asked.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConversationRow {
    pub number: i64,
    pub status: String,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub queue_id: Option<i64>,
    pub queue_name: Option<String>,
    pub contact_id: i64,
    pub contact_name: String,
    pub contact_email: Option<String>,
    pub resolved_by_id: Option<i64>,
    pub resolved_by_name: Option<String>,
    pub last_message: Option<String>,
    pub last_message_at: i64,
    pub last_seq: i64,
    pub previous_number: Option<i64>,
    pub merged_into: Option<i64>,
    pub snoozed_until: Option<i64>,
    pub deleted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub unread_count: i64,
    /// `chat` or `email`.
    pub channel: String,
    /// Its customer is blocked.
    pub contact_blocked: bool,
    /// Its labels' names, separated by commas, in no order.
    pub labels: Option<String>,
    /// Since when the customer's messages have gone unanswered.
    pub waiting_since: Option<i64>,
    /// How long a wait its queue allows.
    pub queue_wait_minutes: Option<i64>,
    /// The customer's rating, once given.
    pub rating: Option<i32>,
    /// An e-mail conversation's subject.
    pub subject: Option<String>,
    /// Its mail's copies, one a line.
    pub email_cc: Option<String>,
}

fn agent_ref(id: Option<i64>, name: Option<String>) -> Option<AgentRef> {
    Some(AgentRef {
        id: id?,
        name: name.unwrap_or_default(),
    })
}

impl ConversationRow {
    pub fn status(&self) -> ConversationStatus {
        self.status.parse().unwrap_or(ConversationStatus::Pending)
    }

    pub fn state(&self) -> crate::lifecycle::ConversationState {
        crate::lifecycle::ConversationState {
            status: self.status(),
            assignee: agent_ref(self.assignee_id, self.assignee_name.clone()),
            queue_id: self.queue_id,
            resolved_by: self.resolved_by_id,
            snoozed_until: self.snoozed_until,
            deleted: self.deleted_at.is_some(),
            merged_into: self.merged_into,
        }
    }

    /// Since when the customer has waited for an answer, and when that
    /// wait becomes too long: for open conversations alone.
    fn wait(&self) -> Option<(i64, i64)> {
        let since = self.waiting_since?;
        let open = matches!(
            self.status(),
            ConversationStatus::Pending | ConversationStatus::WorkingOn
        );
        let minutes = self
            .queue_wait_minutes
            .unwrap_or(switchboard_types::DEFAULT_WAIT_MINUTES);
        open.then_some((since, since + minutes * 60_000))
    }

    /// What a list in `sort`'s order is ordered by (then the number): the
    /// store's `sort_key_sql` says the same in SQL.
    pub fn sort_key(&self, sort: Sort) -> i64 {
        match sort {
            Sort::Newest | Sort::Oldest => self.last_message_at,
            Sort::WaitingLongest => self
                .waiting_since
                .unwrap_or(ANSWERED_AFTER + self.last_message_at),
        }
    }

    pub fn into_conversation(self) -> Conversation {
        let wait = self.wait();
        Conversation {
            number: self.number,
            status: self.status(),
            assignee: agent_ref(self.assignee_id, self.assignee_name),
            queue: self.queue_id.map(|id| Queue {
                id,
                name: self.queue_name.unwrap_or_default(),
            }),
            contact: ContactRef {
                id: self.contact_id,
                name: self.contact_name,
                email: self.contact_email,
            },
            last_message: self.last_message,
            unread_count: self.unread_count,
            last_message_at: rfc3339(self.last_message_at),
            created_at: rfc3339(self.created_at),
            updated_at: rfc3339(self.updated_at),
            resolved_by: agent_ref(self.resolved_by_id, self.resolved_by_name),
            snoozed_until: self.snoozed_until.map(rfc3339),
            deleted_at: self.deleted_at.map(rfc3339),
            previous_number: self.previous_number,
            merged_into: self.merged_into,
            by_email: self.channel == "email",
            subject: self.subject,
            copied: self
                .email_cc
                .as_deref()
                .unwrap_or_default()
                .lines()
                .map(str::to_owned)
                .collect(),
            blocked: self.contact_blocked,
            labels: switchboard_types::label_names(self.labels.as_deref().unwrap_or_default()),
            waiting_since: wait.map(|(since, _)| rfc3339(since)),
            overdue_at: wait.map(|(_, overdue)| rfc3339(overdue)),
            rating: self.rating.map(i64::from),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub client_id: String,
    pub conversation_number: i64,
    pub seq: i64,
    pub author_kind: String,
    pub author_agent_id: Option<i64>,
    pub author_contact_id: Option<i64>,
    pub author_name: Option<String>,
    pub body: String,
    pub private: bool,
    pub signed: bool,
    pub status: String,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    pub read_at: Option<i64>,
    /// A reply's mail in an e-mail ticket: `waiting`, `sending`, `retry`,
    /// `sent` or `failed` (None for everything else).
    pub mail_state: Option<String>,
    /// The files sent with it, as kept (JSON; see [`crate::attachments::Kept`]).
    pub attachments: Option<String>,
    /// A customer's e-mail: the quoted text cut from it.
    pub quoted: Option<String>,
    /// A customer's e-mail came with HTML.
    pub has_html: bool,
}

impl MessageRow {
    /// The message as agents see it.
    pub fn into_message(self) -> Message {
        let (kind, id) = match self.author_kind.as_str() {
            "contact" => (AuthorKind::Contact, self.author_contact_id),
            "agent" => (AuthorKind::Agent, self.author_agent_id),
            _ => (AuthorKind::System, None),
        };
        Message {
            id: self.id,
            client_id: self.client_id,
            conversation_number: self.conversation_number,
            seq: self.seq,
            author: Author {
                kind,
                id,
                name: self.author_name.unwrap_or_default(),
            },
            formatted: crate::formatting::read(&self.body),
            body: self.body,
            attachments: crate::attachments::read_kept(self.attachments.as_deref())
                .iter()
                .map(crate::attachments::Kept::for_agents)
                .collect(),
            private: self.private,
            status: match self.status.as_str() {
                "delivered" => MessageStatus::Delivered,
                "read" => MessageStatus::Read,
                "failed" => MessageStatus::Failed,
                _ => MessageStatus::Sent,
            },
            created_at: rfc3339(self.created_at),
            delivered_at: self.delivered_at.map(rfc3339),
            read_at: self.read_at.map(rfc3339),
            mail: self.mail_state.as_deref().map(|state| match state {
                "sent" => MailState::Sent,
                "failed" => MailState::Failed,
                _ => MailState::Waiting,
            }),
            quoted: self.quoted,
            html: self.has_html,
        }
    }

    /// The message as its customer sees it: an agent's name only when they
    /// signed, and no agent ids. Its files' links are signed for the
    /// customer where it leaves (see `Switchboard::for_customer`).
    pub fn into_customer_message(self, company_name: &str) -> Message {
        let signed = self.signed;
        let mut message = self.into_message();
        // What agents alone see of a message.
        message.mail = None;
        message.quoted = None;
        message.html = false;
        if message.author.kind == AuthorKind::Agent {
            message.author.id = None;
            if !signed {
                message.author.name = company_name.to_string();
            }
        }
        message
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub conversation_number: i64,
    pub seq: i64,
    pub event_type: String,
    pub actor_kind: String,
    pub actor_agent_id: Option<i64>,
    pub actor_name: Option<String>,
    pub data: String,
    pub created_at: i64,
}

impl From<EventRow> for ConversationEvent {
    fn from(r: EventRow) -> Self {
        ConversationEvent {
            id: r.id,
            conversation_number: r.conversation_number,
            seq: r.seq,
            event_type: r.event_type,
            actor: Actor {
                kind: match r.actor_kind.as_str() {
                    "agent" => ActorKind::Agent,
                    "contact" => ActorKind::Contact,
                    "automation" => ActorKind::Automation,
                    _ => ActorKind::System,
                },
                id: r.actor_agent_id,
                name: r.actor_name,
            },
            data: serde_json::from_str(&r.data).unwrap_or_default(),
            created_at: rfc3339(r.created_at),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveRow {
    pub event_id: i64,
    pub for_agents: bool,
    pub agent_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub payload: String,
}

// ----- staff chat ------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChannelRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub description: String,
    pub last_seq: i64,
    pub last_message_at: i64,
}

impl ChannelRow {
    pub fn into_channel(self, members: Vec<AgentRef>) -> switchboard_types::chat::Channel {
        switchboard_types::chat::Channel {
            id: self.id,
            kind: switchboard_types::chat::ChannelKind::parse(&self.kind)
                .unwrap_or(switchboard_types::chat::ChannelKind::Private),
            name: self.name,
            description: self.description,
            members,
            last_seq: self.last_seq,
            last_message_at: rfc3339(self.last_message_at),
        }
    }
}

/// A member of a channel, with the channel they are in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChannelMemberRow {
    pub channel_id: i64,
    pub agent_id: i64,
    pub agent_name: String,
}

/// A channel with one reader's place in it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChannelEntryRow {
    #[sqlx(flatten)]
    pub channel: ChannelRow,
    pub last_read_seq: i64,
    pub unread: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChatMessageRow {
    pub id: i64,
    pub channel_id: i64,
    pub seq: i64,
    pub client_id: String,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    /// The files sent with it, as kept (JSON; see [`crate::attachments::Kept`]).
    pub attachments: Option<String>,
}

impl From<ChatMessageRow> for switchboard_types::chat::ChatMessage {
    fn from(r: ChatMessageRow) -> Self {
        switchboard_types::chat::ChatMessage {
            id: r.id,
            channel_id: r.channel_id,
            seq: r.seq,
            client_id: r.client_id,
            author: AgentRef {
                id: r.author_id,
                name: r.author_name,
            },
            formatted: crate::formatting::read(&r.body),
            body: r.body,
            // A deleted message's files go with its text.
            attachments: match r.deleted_at {
                Some(_) => Vec::new(),
                None => crate::attachments::read_kept(r.attachments.as_deref())
                    .iter()
                    .map(crate::attachments::Kept::for_agents)
                    .collect(),
            },
            created_at: rfc3339(r.created_at),
            edited_at: r.edited_at.map(rfc3339),
            deleted_at: r.deleted_at.map(rfc3339),
        }
    }
}

/// An agent with their capacity, as admins list them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TeamRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub availability: String,
    pub password_hash: String,
    pub active: bool,
    pub capacity: i32,
}

impl TeamRow {
    pub fn split(self) -> (AgentRow, i64) {
        let capacity = i64::from(self.capacity);
        (
            AgentRow {
                id: self.id,
                email: self.email,
                name: self.name,
                role: self.role,
                availability: self.availability,
                password_hash: self.password_hash,
                active: self.active,
            },
            capacity,
        )
    }
}

/// An invitation or password reset that can still be used.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub id: i64,
    pub kind: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub agent_id: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub invited_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

impl From<InvitationRow> for switchboard_types::PendingInvitation {
    fn from(r: InvitationRow) -> Self {
        switchboard_types::PendingInvitation {
            id: r.id,
            email: r.email,
            name: r.name,
            role: Role::parse(&r.role).unwrap_or(Role::Agent),
            invited_by: r.invited_by,
            created_at: rfc3339(r.created_at),
            expires_at: rfc3339(r.expires_at),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: i64,
    pub agent_id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl From<ApiTokenRow> for switchboard_types::ApiToken {
    fn from(r: ApiTokenRow) -> Self {
        switchboard_types::ApiToken {
            id: r.id,
            name: r.name,
            created_at: rfc3339(r.created_at),
            last_used_at: r.last_used_at.map(rfc3339),
            revoked: r.revoked_at.is_some(),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub actor_name: String,
    pub action: String,
    pub subject: String,
    pub data: String,
    pub created_at: i64,
}

impl From<AuditRow> for switchboard_types::AuditEntry {
    fn from(r: AuditRow) -> Self {
        switchboard_types::AuditEntry {
            id: r.id,
            actor: r.actor_name,
            action: r.action,
            subject: r.subject,
            data: r.data,
            created_at: rfc3339(r.created_at),
        }
    }
}

/// A queue with its automation settings and working hours (JSON).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueSetupRow {
    pub id: i64,
    pub name: String,
    pub assignment_policy: String,
    pub reassign_on_offline: bool,
    pub last_assigned_agent_id: Option<i64>,
    pub working_hours: Option<String>,
    pub wait_minutes: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub active: bool,
    pub created_at: i64,
}

impl From<WebhookRow> for switchboard_types::Webhook {
    fn from(r: WebhookRow) -> Self {
        switchboard_types::Webhook {
            id: r.id,
            url: r.url,
            secret: r.secret,
            active: r.active,
            created_at: rfc3339(r.created_at),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub event_id: i64,
    pub event_type: String,
    pub state: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub duration_ms: Option<i64>,
    pub next_attempt_at: i64,
    pub created_at: i64,
}

impl From<DeliveryRow> for switchboard_types::WebhookDelivery {
    fn from(r: DeliveryRow) -> Self {
        switchboard_types::WebhookDelivery {
            id: r.id,
            event_id: r.event_id,
            event_type: r.event_type,
            next_attempt_at: (r.state == "waiting").then(|| rfc3339(r.next_attempt_at)),
            state: r.state,
            attempts: i64::from(r.attempts),
            last_status: r.last_status.map(i64::from),
            last_error: r.last_error,
            duration_ms: r.duration_ms,
            created_at: rfc3339(r.created_at),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedReplyRow {
    pub id: i64,
    /// `None`: the team's.
    pub owner_id: Option<i64>,
    pub shortcut: String,
    pub body: String,
}

impl SavedReplyRow {
    /// As `viewer` sees it: whether they may change it is the rule's word.
    pub fn into_saved_reply(self, viewer: &Agent) -> switchboard_types::SavedReply {
        switchboard_types::SavedReply {
            editable: crate::saved_replies::may_change(self.owner_id, viewer).is_ok(),
            id: self.id,
            team: self.owner_id.is_none(),
            shortcut: self.shortcut,
            body: self.body,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttributeRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// A list's choices, as JSON.
    pub options: String,
    pub position: i64,
}

impl From<AttributeRow> for switchboard_types::AttributeDefinition {
    fn from(row: AttributeRow) -> Self {
        switchboard_types::AttributeDefinition {
            id: row.id,
            name: row.name,
            // Only the store writes these, from the same words.
            kind: row.kind.parse().unwrap_or_default(),
            options: serde_json::from_str(&row.options).unwrap_or_default(),
            position: row.position,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LabelRow {
    pub id: i64,
    pub name: String,
    pub colour: String,
}

impl From<LabelRow> for switchboard_types::Label {
    fn from(row: LabelRow) -> Self {
        switchboard_types::Label {
            id: row.id,
            name: row.name,
            colour: row.colour,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactNoteRow {
    pub id: i64,
    pub contact_id: i64,
    pub agent_id: i64,
    pub agent_name: String,
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
}

impl ContactNoteRow {
    /// The note as `asking` sees it: whether they may edit or delete it is
    /// the rules' word.
    pub fn into_note(self, asking: &switchboard_types::Agent) -> switchboard_types::ContactNote {
        switchboard_types::ContactNote {
            id: self.id,
            editable: crate::contacts::may_edit_note(asking, self.agent_id).is_ok(),
            deletable: crate::contacts::may_delete_note(asking, self.agent_id).is_ok(),
            author: AgentRef {
                id: self.agent_id,
                name: self.agent_name,
            },
            body: self.body,
            created_at: rfc3339(self.created_at),
            edited_at: self.edited_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactLogRow {
    pub id: i64,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
    pub kind: String,
    /// JSON: `[{field, from, to}]`.
    pub changes: String,
    pub created_at: i64,
}

impl From<ContactLogRow> for switchboard_types::ContactLogEntry {
    fn from(row: ContactLogRow) -> Self {
        switchboard_types::ContactLogEntry {
            id: row.id,
            agent: agent_ref(row.agent_id, row.agent_name),
            kind: row.kind,
            changes: serde_json::from_str(&row.changes).unwrap_or_default(),
            created_at: rfc3339(row.created_at),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactSummaryRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub created_at: i64,
    pub blocked: bool,
    pub last_seen_at: Option<i64>,
    pub conversations: i64,
}

impl From<ContactSummaryRow> for switchboard_types::ContactSummary {
    fn from(row: ContactSummaryRow) -> Self {
        switchboard_types::ContactSummary {
            contact: ContactRef {
                id: row.id,
                name: row.name,
                email: row.email,
            },
            phone: row.phone,
            company: row.company,
            created_at: rfc3339(row.created_at),
            last_seen_at: row.last_seen_at.map(rfc3339),
            conversations: row.conversations,
            blocked: row.blocked,
        }
    }
}

/// A file as the store knows it: who sent it, where, and what it is.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: String,
    pub uploader_kind: String,
    pub uploader_agent_id: Option<i64>,
    pub uploader_contact_id: Option<i64>,
    pub name: String,
    pub size: i64,
    pub content_type: String,
    pub checksum: String,
    pub thumbnail: bool,
    pub conversation_number: Option<i64>,
    pub message_id: Option<i64>,
    /// Whether its message is a private note (agents only).
    pub private: Option<bool>,
    /// The customer of its conversation.
    pub contact_id: Option<i64>,
    /// Set while its conversation is deleted: the file is hidden with it.
    pub deleted_at: Option<i64>,
    pub created_at: i64,
    /// The staff chat channel it was sent in, if it was sent there.
    pub chat_channel_id: Option<i64>,
    /// Set once its chat message is deleted: the file goes with it.
    pub chat_deleted_at: Option<i64>,
}

impl AttachmentRow {
    pub fn kept(&self) -> crate::attachments::Kept {
        crate::attachments::Kept {
            id: self.id.clone(),
            name: self.name.clone(),
            size: self.size,
            content_type: self.content_type.clone(),
            thumbnail: self.thumbnail,
        }
    }
}

/// A conversation's rating as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatingRow {
    pub score: i32,
    pub comment: Option<String>,
    pub rated_at: i64,
}

impl RatingRow {
    pub fn into_rating(self) -> switchboard_types::Rating {
        switchboard_types::Rating {
            score: self.score.into(),
            comment: self.comment,
            rated_at: rfc3339(self.rated_at),
            changeable_until: rfc3339(self.rated_at + crate::satisfaction::CHANGEABLE_MS),
        }
    }
}

/// A rated conversation, as the ratings report lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RatedRow {
    pub conversation_number: i64,
    pub contact_id: i64,
    pub contact_name: String,
    pub contact_email: Option<String>,
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
    pub queue_id: Option<i64>,
    pub queue_name: Option<String>,
    pub score: i32,
    pub comment: Option<String>,
    pub rated_at: i64,
}

impl RatedRow {
    pub fn into_rated(self) -> switchboard_types::RatedConversation {
        switchboard_types::RatedConversation {
            conversation_number: self.conversation_number,
            contact: ContactRef {
                id: self.contact_id,
                name: self.contact_name,
                email: self.contact_email,
            },
            agent: agent_ref(self.agent_id, self.agent_name),
            queue: self.queue_id.map(|id| Queue {
                id,
                name: self.queue_name.unwrap_or_default(),
            }),
            score: self.score.into(),
            comment: self.comment,
            rated_at: rfc3339(self.rated_at),
        }
    }
}

/// One entry of a conversation's history as the reports' summary reads it:
/// a message (`kind` `m`) or an event (`e`), in the history's order.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryRow {
    pub conversation_number: i64,
    pub kind: String,
    pub seq: i64,
    pub created_at: i64,
    /// A message's `contact` or `agent`.
    pub author_kind: Option<String>,
    pub private: Option<bool>,
    /// A message's author or an event's actor, when an agent.
    pub agent_id: Option<i64>,
    pub event_type: Option<String>,
    pub data: Option<String>,
}

/// A conversation's first response, as the reports keep it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FirstResponseRow {
    pub conversation_number: i64,
    pub queue_id: Option<i64>,
    pub agent_id: Option<i64>,
    pub asked_at: i64,
    pub answered_at: i64,
    pub business_ms: i64,
}

/// One resolve and the interval it ends, as the reports keep it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ResolutionRow {
    pub conversation_number: i64,
    pub queue_id: Option<i64>,
    pub agent_id: Option<i64>,
    pub started_at: i64,
    pub resolved_at: i64,
    pub business_ms: i64,
}

/// A mailbox as stored, with its secrets (never sent to a browser as they
/// are: see `Switchboard::mailboxes`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailboxRow {
    pub id: i64,
    pub address: String,
    pub name: String,
    pub queue_id: Option<i64>,
    pub queue_name: Option<String>,
    pub inbound: String,
    pub imap_host: Option<String>,
    pub imap_port: Option<i32>,
    pub imap_security: Option<String>,
    pub imap_user: Option<String>,
    pub imap_password: Option<String>,
    pub imap_folder: String,
    pub imap_move_to: Option<String>,
    pub smtp_url: Option<String>,
    pub signature: Option<String>,
    pub acknowledge: bool,
    pub forward_secret: String,
    pub uid_validity: Option<i64>,
    pub last_uid: i64,
    pub polled_at: Option<i64>,
    pub poll_error: Option<String>,
    pub created_at: i64,
}
