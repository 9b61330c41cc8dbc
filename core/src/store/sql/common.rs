// The store, written once and compiled for each backend: the including
// module names the database as `Db`, its migrations as `MIGRATOR` and the
// statement that opens a write transaction as `BEGIN_WRITE`. The SQL is the
// common subset of SQLite and PostgreSQL, with `$N` parameters on both.
// This file holds what every area shares (imports, the column lists, the
// backend itself); each area's queries are in a file of their own beside it.

use crate::clock::now_ms;
use crate::counts::CountRow;
use crate::error::{Error, OnConstraint, Result};
use crate::hub::{Audience, Published};
use crate::lifecycle::{self, Change, ConversationState, Outcome};
use crate::store::rows::{
    AgentRow, ContactRow, ConversationRow, EventRow, LiveRow, MailboxRow, MessageRow, QueueRow, ANSWERED_AFTER,
};
use crate::reports::{By, Intervals, Samples, Waiting};
use crate::store::rows::{FirstResponseRow, HistoryRow, ResolutionRow};
use crate::working_hours::Schedule;
use std::collections::HashMap;
use crate::store::rows::{
    AttachmentRow, ApiTokenRow, AttributeRow, AuditRow, ContactLogRow, ContactNoteRow, ContactSummaryRow, DeliveryRow, InvitationRow, LabelRow,
    LinkRow, QueueSetupRow, RatedRow, RatingRow, SavedReplyRow, TeamRow, WebhookRow,
};
use crate::store::{
    Actor, AgentSend, ConversationMailRow, MailMeta, CustomerSend, QueuedSend, SavedMailbox, DeliveryOutcome, Dialect, DueDelivery, DueMail, DueRatingMail, MailOutcome,
    NewAttachment, NewLink, PastConversation, RatingsFilter, ReportFilter, Sent,
};
use switchboard_types::{
    Agent, AgentRef, AlertPreferences, AuthorKind, ContactSort, ConversationEvent, ConversationStatus, CustomerConversation,
    EventType, Label, LiveEvent, DEFAULT_WAIT_MINUTES, MessageStatus, Notification, Queue, Role, Sort, StatusUpdate, Tab,
    TimelineItem, View,
};

type Tx = sqlx::Transaction<'static, Db>;

/// The advisory lock that orders writers of the live stream (PostgreSQL).
const LIVE_STREAM_LOCK: i64 = 0x5357_4254_4c49_5645; // "SWBTLIVE"

const AGENT_COLUMNS: &str =
    "SELECT id, email, name, role, availability, password_hash, active FROM agents";

macro_rules! conversation_columns {
    () => {
        "c.number, c.status, c.assignee_id, a.name AS assignee_name, \
         c.queue_id, q.name AS queue_name, c.contact_id, ct.name AS contact_name, ct.email AS contact_email, \
         c.resolved_by_id, r.name AS resolved_by_name, c.last_message, c.last_message_at, c.last_seq, \
         c.previous_number, c.merged_into, c.snoozed_until, c.deleted_at, c.created_at, c.updated_at, c.channel, \
         (ct.blocked_at IS NOT NULL) AS contact_blocked, c.waiting_since, q.wait_minutes AS queue_wait_minutes, c.rating, c.subject, c.email_cc, \
         (SELECT string_agg(l.name, ',') FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id \
          WHERE cl.conversation_number = c.number) AS labels"
    };
}

macro_rules! conversation_joins {
    () => {
        " FROM conversations c \
         JOIN contacts ct ON ct.id = c.contact_id \
         LEFT JOIN agents a ON a.id = c.assignee_id \
         LEFT JOIN queues q ON q.id = c.queue_id \
         LEFT JOIN agents r ON r.id = c.resolved_by_id"
    };
}

/// A conversation with its names; `$1` is the agent whose unread count it shows.
const CONVERSATION_SELECT: &str = concat!(
    "SELECT ",
    conversation_columns!(),
    ", (SELECT COUNT(*) FROM messages m WHERE m.conversation_number = c.number AND m.author_kind = 'contact' \
       AND m.seq > COALESCE((SELECT rp.last_read_seq FROM read_pointers rp \
                             WHERE rp.agent_id = $1 AND rp.conversation_number = c.number), 0)) AS unread_count",
    conversation_joins!()
);

/// A conversation as everyone shares it: no one's unread count.
const SHARED_CONVERSATION_SELECT: &str = concat!(
    "SELECT ",
    conversation_columns!(),
    ", CAST(0 AS BIGINT) AS unread_count",
    conversation_joins!()
);

const MESSAGE_SELECT: &str =
    "SELECT m.id, m.client_id, m.conversation_number, m.seq, m.author_kind, \
    m.author_agent_id, m.author_contact_id, COALESCE(a.name, ct.name) AS author_name, m.body, \
    m.private, m.signed, m.status, m.created_at, m.delivered_at, m.read_at, \
    (SELECT CASE WHEN cm.channel = 'email' AND m.seq > cm.email_from_seq AND m.author_kind = 'agent' \
       AND m.private = FALSE THEN COALESCE(m.mail_state, 'waiting') END \
     FROM conversations cm WHERE cm.number = m.conversation_number) AS mail_state, \
    m.attachments, m.quoted, (m.html IS NOT NULL) AS has_html \
    FROM messages m \
    LEFT JOIN agents a ON a.id = m.author_agent_id \
    LEFT JOIN contacts ct ON ct.id = m.author_contact_id";

const EVENT_SELECT: &str =
    "SELECT e.id, e.conversation_number, e.seq, e.event_type, e.actor_kind, \
    e.actor_agent_id, \
    COALESCE(a.name, CASE WHEN e.actor_kind = 'contact' THEN \
      (SELECT ct.name FROM conversations c JOIN contacts ct ON ct.id = c.contact_id \
       WHERE c.number = e.conversation_number) END) AS actor_name, \
    e.data, e.created_at \
    FROM conversation_events e LEFT JOIN agents a ON a.id = e.actor_agent_id";

/// `$2` is the view, `$3` a queue id: the same filter for lists and counts,
/// in SQL, of the rule `Conversation::listed_in` states (a store test holds
/// the two together).
/// Blocked customers' conversations are in the Blocked view alone.
const VIEW_FILTER: &str = "c.deleted_at IS NULL \
    AND (ct.blocked_at IS NOT NULL) = ($2 = 'blocked') AND ( $2 = 'all' OR $2 = 'blocked' \
    OR ($2 = 'mine' AND c.assignee_id = $1) \
    OR ($2 = 'unassigned' AND c.assignee_id IS NULL) \
    OR ($2 = 'queue' AND c.queue_id = $3) )";

fn view_binds(view: View) -> (&'static str, i64) {
    match view {
        View::Mine => ("mine", 0),
        View::Unassigned => ("unassigned", 0),
        View::All => ("all", 0),
        View::Queue(id) => ("queue", id),
        View::Blocked => ("blocked", 0),
    }
}

#[derive(Clone, Debug)]
pub struct Backend {
    /// Readers (and, on PostgreSQL, writers too).
    pub pool: sqlx::Pool<Db>,
    /// Where write transactions run. On SQLite one connection: writers
    /// queue for it in order instead of in SQLite's sleeping busy handler,
    /// and never wait behind readers for a connection.
    pub write_pool: sqlx::Pool<Db>,
    /// Customer messages waiting for the next group commit.
    pub(crate) customer_sends: crate::store::CustomerSends,
}

impl Backend {
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await?;
        // A database from before the reports' summary gets it once.
        if self.report_summary_missing().await? {
            self.rebuild_report_summary().await?;
        }
        Ok(())
    }

    /// A write transaction (on SQLite, the writer's turn until it ends).
    async fn begin_write(&self) -> Result<Tx> {
        Ok(self.write_pool.begin_with(BEGIN_WRITE).await?)
    }
}
