// The store, written once and compiled for each backend: the including
// module names the database as `Db`, its migrations as `MIGRATOR` and the
// statement that opens a write transaction as `BEGIN_WRITE`. The SQL is the
// common subset of SQLite and PostgreSQL, with `$N` parameters on both.

use crate::clock::now_ms;
use crate::counts::CountRow;
use crate::error::{Error, Result};
use crate::hub::{Audience, Published};
use crate::lifecycle::{self, Change, ConversationState, Outcome};
use crate::store::rows::{
    AgentRow, ContactRow, ConversationRow, EventRow, LiveRow, MessageRow, QueueRow,
};
use crate::store::rows::{
    ApiTokenRow, AuditRow, DeliveryRow, InvitationRow, LinkRow, QueueSetupRow, TeamRow, WebhookRow,
};
use crate::store::{
    Actor, AgentSend, CustomerSend, DeliveryOutcome, Dialect, DueDelivery, DueMail, MailOutcome,
    NewLink, Sent,
};
use switchboard_types::{
    Agent, AgentRef, AuthorKind, ConversationEvent, ConversationStatus, CustomerConversation,
    EventType, LiveEvent, MessageStatus, Notification, Queue, Role, StatusUpdate, Tab,
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
         c.previous_number, c.snoozed_until, c.deleted_at, c.created_at, c.updated_at, c.channel, \
         (ct.blocked_at IS NOT NULL) AS contact_blocked"
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
     FROM conversations cm WHERE cm.number = m.conversation_number) AS mail_state \
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

/// `$2` is the view, `$3` a queue id: the same filter for lists and counts.
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
}

impl Backend {
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// A write transaction (on SQLite, the writer's turn until it ends).
    async fn begin_write(&self) -> Result<Tx> {
        Ok(self.write_pool.begin_with(BEGIN_WRITE).await?)
    }

    // ----- agents and sessions -------------------------------------------

    pub async fn insert_agent(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<Agent> {
        let row: AgentRow = sqlx::query_as(
            "INSERT INTO agents (email, name, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) \
             RETURNING id, email, name, role, availability, password_hash, active",
        )
        .bind(email)
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(Error::from)
        .map_err(|e| {
            if e.is_unique_violation() {
                Error::Conflict(format!("an agent with the e-mail {email} already exists"))
            } else {
                e
            }
        })?;
        Ok(row.into_agent())
    }

    pub async fn agent_by_email(&self, email: &str) -> Result<Option<AgentRow>> {
        Ok(sqlx::query_as(&format!("{AGENT_COLUMNS} WHERE email = $1"))
            .bind(email)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn agents(&self) -> Result<Vec<Agent>> {
        let rows: Vec<AgentRow> = sqlx::query_as(&format!(
            "{AGENT_COLUMNS} WHERE active = TRUE ORDER BY name, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(AgentRow::into_agent).collect())
    }

    pub async fn insert_session(&self, digest: &str, agent_id: i64, expires_at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(digest)
        .bind(agent_id)
        .bind(now_ms())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn agent_by_session(&self, digest: &str) -> Result<Option<AgentRow>> {
        Ok(sqlx::query_as(&format!(
            "{AGENT_COLUMNS} WHERE active = TRUE AND id = \
             (SELECT agent_id FROM sessions WHERE token_hash = $1 AND expires_at > $2)"
        ))
        .bind(digest)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn delete_session(&self, digest: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // ----- team administration --------------------------------------------

    /// Every agent, active or not, with their capacity.
    pub async fn team(&self) -> Result<Vec<(AgentRow, i64)>> {
        let rows: Vec<TeamRow> = sqlx::query_as(
            "SELECT id, email, name, role, availability, password_hash, active, capacity \
             FROM agents ORDER BY active DESC, name, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(TeamRow::split).collect())
    }

    pub async fn team_member(&self, agent_id: i64) -> Result<Option<(AgentRow, i64)>> {
        let row: Option<TeamRow> = sqlx::query_as(
            "SELECT id, email, name, role, availability, password_hash, active, capacity \
             FROM agents WHERE id = $1",
        )
        .bind(agent_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(TeamRow::split))
    }

    /// Changes an agent's role, capacity or whether they may log in; a
    /// deactivated agent's sessions and API tokens end at once.
    pub async fn update_agent(
        &self,
        agent_id: i64,
        role: Option<&str>,
        capacity: Option<i64>,
        active: Option<bool>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE agents SET role = COALESCE($2, role), capacity = COALESCE($3, capacity), \
             active = COALESCE($4, active) WHERE id = $1",
        )
        .bind(agent_id)
        .bind(role)
        .bind(capacity)
        .bind(active)
        .execute(&mut *tx)
        .await?;
        if active == Some(false) {
            sqlx::query("DELETE FROM sessions WHERE agent_id = $1")
                .bind(agent_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $2 WHERE agent_id = $1 AND revoked_at IS NULL",
            )
            .bind(agent_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A new password; every session of the agent ends.
    pub async fn set_password(&self, agent_id: i64, password_hash: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE agents SET password_hash = $2 WHERE id = $1")
            .bind(agent_id)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE agent_id = $1")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The conversations an agent holds (working on, or snoozed).
    pub async fn held_conversations(&self, agent_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT number FROM conversations WHERE assignee_id = $1 \
             AND status IN ('working_on', 'snoozed') AND deleted_at IS NULL ORDER BY number",
        )
        .bind(agent_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn insert_link(&self, link: &NewLink<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO agent_links (kind, token_hash, email, name, role, agent_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(link.kind)
        .bind(link.token_digest)
        .bind(link.email)
        .bind(link.name)
        .bind(link.role)
        .bind(link.agent_id)
        .bind(link.created_by)
        .bind(now_ms())
        .bind(link.expires_at)
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    /// An unused, unexpired link by its token's digest.
    pub async fn live_link(&self, digest: &str) -> Result<Option<LinkRow>> {
        Ok(sqlx::query_as(
            "SELECT id, kind, email, name, role, agent_id FROM agent_links \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(digest)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Invitations neither used nor expired, newest first.
    pub async fn pending_invitations(&self) -> Result<Vec<InvitationRow>> {
        Ok(sqlx::query_as(
            "SELECT l.id, l.email, l.name, l.role, a.name AS invited_by, l.created_at, l.expires_at \
             FROM agent_links l LEFT JOIN agents a ON a.id = l.created_by \
             WHERE l.kind = 'invite' AND l.used_at IS NULL AND l.expires_at > $1 \
             ORDER BY l.created_at DESC, l.id DESC",
        )
        .bind(now_ms())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Ends a pending invitation now: its link no longer works. Answers the
    /// invitation, or None when it was used or had expired already.
    pub async fn revoke_invitation(&self, id: i64) -> Result<Option<InvitationRow>> {
        let now = now_ms();
        let found = self.pending_invitation(id).await?;
        let ended = sqlx::query(
            "UPDATE agent_links SET expires_at = $2 WHERE id = $1 AND kind = 'invite' \
             AND used_at IS NULL AND expires_at > $2",
        )
        .bind(id)
        .bind(now)
        .execute(&self.write_pool)
        .await?;
        Ok(found.filter(|_| ended.rows_affected() == 1))
    }

    /// Gives a pending invitation a fresh token (the one before stops
    /// working) and a new expiry.
    pub async fn renew_invitation(
        &self,
        id: i64,
        token_digest: &str,
        expires_at: i64,
    ) -> Result<Option<InvitationRow>> {
        let renewed = sqlx::query(
            "UPDATE agent_links SET token_hash = $2, expires_at = $3 WHERE id = $1 \
             AND kind = 'invite' AND used_at IS NULL AND expires_at > $4",
        )
        .bind(id)
        .bind(token_digest)
        .bind(expires_at)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await?;
        if renewed.rows_affected() == 0 {
            return Ok(None);
        }
        self.pending_invitation(id).await
    }

    async fn pending_invitation(&self, id: i64) -> Result<Option<InvitationRow>> {
        Ok(sqlx::query_as(
            "SELECT l.id, l.email, l.name, l.role, a.name AS invited_by, l.created_at, l.expires_at \
             FROM agent_links l LEFT JOIN agents a ON a.id = l.created_by \
             WHERE l.id = $1 AND l.kind = 'invite' AND l.used_at IS NULL AND l.expires_at > $2",
        )
        .bind(id)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Uses a link once: false when it was used (or expired) meanwhile.
    pub async fn use_link(&self, link_id: i64) -> Result<bool> {
        let used = sqlx::query(
            "UPDATE agent_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(link_id)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await?;
        Ok(used.rows_affected() == 1)
    }

    pub async fn insert_api_token(
        &self,
        agent_id: i64,
        name: &str,
        digest: &str,
    ) -> Result<ApiTokenRow> {
        Ok(sqlx::query_as(
            "INSERT INTO api_tokens (agent_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id, agent_id, name, created_at, last_used_at, revoked_at",
        )
        .bind(agent_id)
        .bind(name)
        .bind(digest)
        .bind(now_ms())
        .fetch_one(&self.write_pool)
        .await?)
    }

    pub async fn api_tokens(&self, agent_id: i64) -> Result<Vec<ApiTokenRow>> {
        Ok(sqlx::query_as(
            "SELECT id, agent_id, name, created_at, last_used_at, revoked_at FROM api_tokens \
             WHERE agent_id = $1 ORDER BY id DESC",
        )
        .bind(agent_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Revokes one of the agent's tokens; false when there is no such token.
    pub async fn revoke_api_token(&self, agent_id: i64, token_id: i64) -> Result<bool> {
        let revoked = sqlx::query(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND agent_id = $2",
        )
        .bind(token_id)
        .bind(agent_id)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await?;
        Ok(revoked.rows_affected() == 1)
    }

    /// The active agent an unrevoked API token belongs to (noting its use).
    pub async fn agent_by_api_token(&self, digest: &str) -> Result<Option<AgentRow>> {
        let row: Option<AgentRow> = sqlx::query_as(&format!(
            "{AGENT_COLUMNS} WHERE active = TRUE AND id = \
             (SELECT agent_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL)"
        ))
        .bind(digest)
        .fetch_optional(&self.pool)
        .await?;
        if row.is_some() {
            sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1")
                .bind(digest)
                .bind(now_ms())
                .execute(&self.write_pool)
                .await?;
        }
        Ok(row)
    }

    pub async fn insert_audit(
        &self,
        actor: &Agent,
        action: &str,
        subject: &str,
        data: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO admin_audit (actor_id, actor_name, action, subject, data, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(actor.id)
        .bind(&actor.name)
        .bind(action)
        .bind(subject)
        .bind(data)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    /// The latest admin changes, newest first, before `before_id` if given.
    pub async fn audit(&self, before_id: Option<i64>, limit: i64) -> Result<Vec<AuditRow>> {
        Ok(sqlx::query_as(
            "SELECT id, actor_name, action, subject, data, created_at FROM admin_audit \
             WHERE ($1 IS NULL OR id < $1) ORDER BY id DESC LIMIT $2",
        )
        .bind(before_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    // ----- queues, availability and automatic assignment ------------------

    pub async fn queue_details(&self) -> Result<Vec<QueueSetupRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, assignment_policy, reassign_on_offline, last_assigned_agent_id, working_hours \
             FROM queues ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn queue_members(&self) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT queue_id, agent_id FROM queue_members ORDER BY queue_id, agent_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn insert_queue(&self, name: &str) -> Result<Queue> {
        let row: QueueRow = sqlx::query_as(
            "INSERT INTO queues (name, created_at) VALUES ($1, $2) RETURNING id, name",
        )
        .bind(name)
        .bind(now_ms())
        .fetch_one(&self.write_pool)
        .await?;
        Ok(row.into())
    }

    /// Changes a queue; answers false when there is no such queue.
    pub async fn update_queue(
        &self,
        queue_id: i64,
        name: Option<&str>,
        policy: Option<&str>,
        reassign_on_offline: Option<bool>,
        members: Option<&[i64]>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let found = sqlx::query(
            "UPDATE queues SET name = COALESCE($2, name), assignment_policy = COALESCE($3, assignment_policy), \
             reassign_on_offline = COALESCE($4, reassign_on_offline) WHERE id = $1",
        )
        .bind(queue_id)
        .bind(name)
        .bind(policy)
        .bind(reassign_on_offline)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if let (true, Some(members)) = (found, members) {
            sqlx::query("DELETE FROM queue_members WHERE queue_id = $1")
                .bind(queue_id)
                .execute(&mut *tx)
                .await?;
            for agent_id in members {
                sqlx::query("INSERT INTO queue_members (queue_id, agent_id) VALUES ($1, $2)")
                    .bind(queue_id)
                    .bind(agent_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(found)
    }

    /// Active agents who say they are online (ids).
    pub async fn available_agents(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM agents WHERE active = TRUE AND availability = 'online'",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn set_availability(&self, agent_id: i64, availability: &str) -> Result<()> {
        sqlx::query("UPDATE agents SET availability = $2 WHERE id = $1")
            .bind(agent_id)
            .bind(availability)
            .execute(&self.write_pool)
            .await?;
        Ok(())
    }

    /// Pending conversations of a queue, oldest first, each with the agent
    /// who helped in the customer's previous conversation (a follow-up is
    /// offered to them first).
    pub async fn waiting_in_queue(
        &self,
        queue_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, Option<i64>)>> {
        Ok(sqlx::query_as(
            "SELECT c.number, COALESCE(p.assignee_id, p.resolved_by_id) AS helper \
             FROM conversations c LEFT JOIN conversations p ON p.number = c.previous_number \
             JOIN contacts ct ON ct.id = c.contact_id \
             WHERE c.queue_id = $1 AND c.status = 'pending' AND ct.blocked_at IS NULL \
             AND c.deleted_at IS NULL ORDER BY c.number LIMIT $2",
        )
        .bind(queue_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// A queue's active members: id, name, availability, capacity and how
    /// many conversations they work on now.
    pub async fn queue_candidates(
        &self,
        queue_id: i64,
    ) -> Result<Vec<(i64, String, String, i32, i64)>> {
        Ok(sqlx::query_as(
            "SELECT a.id, a.name, a.availability, a.capacity, \
             (SELECT COUNT(*) FROM conversations c WHERE c.assignee_id = a.id \
              AND c.status = 'working_on' AND c.deleted_at IS NULL) AS open_count \
             FROM agents a JOIN queue_members m ON m.agent_id = a.id \
             WHERE m.queue_id = $1 AND a.active = TRUE ORDER BY a.id",
        )
        .bind(queue_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Gives a pending conversation to `agent` as automation, only while
    /// they are under `capacity`: assignments to one agent are serialised
    /// on their row, so concurrent ones (on any node) never exceed it.
    /// Answers None when they are full or it is no longer pending.
    pub async fn assign_by_automation(
        &self,
        number: i64,
        queue_id: i64,
        agent: &AgentRef,
        capacity: i64,
    ) -> Result<Option<(ConversationRow, Vec<Published>)>> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE agents SET capacity = capacity WHERE id = $1")
            .bind(agent.id)
            .execute(&mut *tx)
            .await?;
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversations WHERE assignee_id = $1 AND status = 'working_on' AND deleted_at IS NULL",
        )
        .bind(agent.id)
        .fetch_one(&mut *tx)
        .await?;
        if open >= capacity {
            tx.rollback().await?;
            return Ok(None);
        }
        let row = lock_conversation(&mut tx, number).await?;
        let state = row.state();
        if state.status != switchboard_types::ConversationStatus::Pending || state.deleted {
            tx.rollback().await?;
            return Ok(None);
        }
        let change = match lifecycle::assign(&state, agent)? {
            Outcome::Changed(change) => change,
            Outcome::Unchanged => {
                tx.rollback().await?;
                return Ok(None);
            }
        };
        let (conversation, published) =
            apply(&mut tx, &row, change, &Actor::automation(), now_ms()).await?;
        sqlx::query("UPDATE queues SET last_assigned_agent_id = $2 WHERE id = $1")
            .bind(queue_id)
            .bind(agent.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some((conversation, published)))
    }

    // ----- webhooks ---------------------------------------------------------

    pub async fn webhooks(&self) -> Result<Vec<WebhookRow>> {
        Ok(
            sqlx::query_as("SELECT id, url, secret, active, created_at FROM webhooks ORDER BY id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    pub async fn insert_webhook(&self, url: &str, secret: &str) -> Result<WebhookRow> {
        Ok(sqlx::query_as(
            "INSERT INTO webhooks (url, secret, active, created_at) VALUES ($1, $2, TRUE, $3) \
             RETURNING id, url, secret, active, created_at",
        )
        .bind(url)
        .bind(secret)
        .bind(now_ms())
        .fetch_one(&self.write_pool)
        .await?)
    }

    /// Changes or (with `delete`) removes a webhook; false when unknown.
    pub async fn update_webhook(
        &self,
        id: i64,
        url: Option<&str>,
        active: Option<bool>,
        delete: bool,
    ) -> Result<bool> {
        let query = if delete {
            sqlx::query("DELETE FROM webhooks WHERE id = $1").bind(id)
        } else {
            sqlx::query("UPDATE webhooks SET url = COALESCE($2, url), active = COALESCE($3, active) WHERE id = $1")
                .bind(id)
                .bind(url)
                .bind(active)
        };
        Ok(query.execute(&self.write_pool).await?.rows_affected() == 1)
    }

    /// Shared live events after `event_id` (what every agent sees), oldest first.
    pub async fn shared_events_after(
        &self,
        event_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT event_id, payload FROM live_events WHERE event_id > $1 \
             AND for_agents = TRUE AND agent_id IS NULL ORDER BY event_id LIMIT $2",
        )
        .bind(event_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Queues an event for every active webhook (once each, whichever node
    /// gets there first).
    pub async fn enqueue_deliveries(
        &self,
        event_id: i64,
        event_type: &str,
        payload: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, payload, next_attempt_at, created_at) \
             SELECT id, $1, $2, $3, $4, $4 FROM webhooks WHERE active = TRUE \
             ON CONFLICT (webhook_id, event_id) DO NOTHING",
        )
        .bind(event_id)
        .bind(event_type)
        .bind(payload)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    pub async fn due_deliveries(&self, now: i64, limit: i64) -> Result<Vec<DueDelivery>> {
        Ok(sqlx::query_as(
            "SELECT d.id, d.event_type, d.payload, d.attempts, w.url, w.secret \
             FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
             WHERE d.state = 'waiting' AND d.next_attempt_at <= $1 AND w.active = TRUE \
             ORDER BY d.id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes a due delivery for this node until `until`.
    pub async fn claim_delivery(&self, id: i64, now: i64, until: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = $3 WHERE id = $1 \
             AND state = 'waiting' AND next_attempt_at <= $2",
        )
        .bind(id)
        .bind(now)
        .bind(until)
        .execute(&self.write_pool)
        .await?
        .rows_affected()
            == 1)
    }

    pub async fn delivery_outcome(&self, id: i64, outcome: &DeliveryOutcome) -> Result<()> {
        sqlx::query(
            "UPDATE webhook_deliveries SET state = $2, attempts = attempts + 1, next_attempt_at = $3, \
             last_status = $4, last_error = $5, duration_ms = $6 WHERE id = $1",
        )
        .bind(id)
        .bind(outcome.state)
        .bind(outcome.next_attempt_at)
        .bind(outcome.status)
        .bind(outcome.error.as_deref())
        .bind(outcome.duration_ms)
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    pub async fn deliveries(&self, webhook_id: i64, limit: i64) -> Result<Vec<DeliveryRow>> {
        Ok(sqlx::query_as(
            "SELECT id, event_id, event_type, state, attempts, last_status, last_error, duration_ms, \
             next_attempt_at, created_at FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(webhook_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    // ----- queues and settings -------------------------------------------

    /// The queue of that name, created if it does not exist yet.
    pub async fn ensure_queue(&self, name: &str) -> Result<Queue> {
        sqlx::query(
            "INSERT INTO queues (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let row: QueueRow = sqlx::query_as("SELECT id, name FROM queues WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.into())
    }

    pub async fn add_queue_member(&self, queue_id: i64, agent_id: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO queue_members (queue_id, agent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(queue_id)
        .bind(agent_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A queue's working hours as stored (JSON), if it has any.
    pub async fn queue_working_hours(&self, queue_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT working_hours FROM queues WHERE id = $1",
        )
        .bind(queue_id)
        .fetch_optional(&self.pool)
        .await?
        .flatten())
    }

    pub async fn set_queue_working_hours(&self, queue_id: i64, hours: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE queues SET working_hours = $2 WHERE id = $1")
            .bind(queue_id)
            .bind(hours)
            .execute(&self.write_pool)
            .await?;
        Ok(())
    }

    pub async fn queues(&self) -> Result<Vec<Queue>> {
        let rows: Vec<QueueRow> = sqlx::query_as("SELECT id, name FROM queues ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Queue::from).collect())
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Stores `value` unless the key has one already; answers the value kept.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    // ----- contacts -------------------------------------------------------

    /// A new customer with their first token; `identifier` is the host
    /// site's id of a verified customer (unique).
    pub async fn insert_contact(
        &self,
        name: &str,
        email: Option<&str>,
        identifier: Option<&str>,
        identity_verified: bool,
        token_digest: &str,
    ) -> Result<ContactRow> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let contact: ContactRow = sqlx::query_as(
            "INSERT INTO contacts (name, email, identifier, identity_verified, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id, name, email",
        )
        .bind(name)
        .bind(email)
        .bind(identifier)
        .bind(identity_verified)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO contact_tokens (token_hash, contact_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(token_digest)
        .bind(contact.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// The customer the host site knows by `identifier`, and whether that
    /// identifier was ever signed.
    pub async fn contact_by_identifier(
        &self,
        identifier: &str,
    ) -> Result<Option<(ContactRow, bool)>> {
        let row: Option<(i64, String, Option<String>, bool)> = sqlx::query_as(
            "SELECT id, name, email, identity_verified FROM contacts WHERE identifier = $1",
        )
        .bind(identifier)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, name, email, verified)| (ContactRow { id, name, email }, verified)))
    }

    /// The customer's identifier was signed: only signed claims reach them now.
    pub async fn mark_identity_verified(&self, contact_id: i64) -> Result<()> {
        sqlx::query("UPDATE contacts SET identity_verified = TRUE WHERE id = $1")
            .bind(contact_id)
            .execute(&self.write_pool)
            .await?;
        Ok(())
    }

    /// Another credential for a known customer (a new device).
    pub async fn add_contact_token(&self, contact_id: i64, token_digest: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO contact_tokens (token_hash, contact_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(token_digest)
        .bind(contact_id)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    /// The customer's e-mail address (and name, when given).
    pub async fn set_contact_email(
        &self,
        contact_id: i64,
        email: &str,
        name: Option<&str>,
    ) -> Result<()> {
        sqlx::query("UPDATE contacts SET email = $2, name = COALESCE($3, name) WHERE id = $1")
            .bind(contact_id)
            .bind(email)
            .bind(name)
            .execute(&self.write_pool)
            .await?;
        Ok(())
    }

    /// The conversation is answered by e-mail from now on: agents' replies
    /// after its current last message go out as mail.
    pub async fn answer_by_email(&self, number: i64) -> Result<()> {
        sqlx::query(
            "UPDATE conversations SET email_from_seq = \
             CASE WHEN channel = 'email' THEN email_from_seq ELSE last_seq END, \
             channel = 'email' WHERE number = $1",
        )
        .bind(number)
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    // ----- mail of replies to e-mail conversations -------------------------

    /// Agents' public replies in e-mail conversations that are due to be
    /// mailed: never tried, due for a retry, or claimed by a node that
    /// stopped before it finished.
    pub async fn due_mail(&self, now: i64, limit: i64) -> Result<Vec<DueMail>> {
        Ok(sqlx::query_as(
            "SELECT m.id, m.conversation_number, m.body, m.mail_attempts, \
             COALESCE(a.name, '') AS author_name, ct.email AS contact_email, ct.name AS contact_name \
             FROM conversations c \
             JOIN messages m ON m.conversation_number = c.number AND m.seq > c.email_from_seq \
             JOIN contacts ct ON ct.id = c.contact_id \
             LEFT JOIN agents a ON a.id = m.author_agent_id \
             WHERE c.channel = 'email' AND m.author_kind = 'agent' AND NOT m.private \
             AND (m.mail_state IS NULL OR (m.mail_state IN ('sending', 'retry') AND m.mail_next_at <= $1)) \
             ORDER BY m.id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes a due mail for this node until `until`; false when another
    /// node took it first.
    pub async fn claim_mail(&self, message_id: i64, now: i64, until: i64) -> Result<bool> {
        let claimed = sqlx::query(
            "UPDATE messages SET mail_state = 'sending', mail_next_at = $3 WHERE id = $1 \
             AND (mail_state IS NULL OR (mail_state IN ('sending', 'retry') AND mail_next_at <= $2))",
        )
        .bind(message_id)
        .bind(now)
        .bind(until)
        .execute(&self.write_pool)
        .await?;
        Ok(claimed.rows_affected() == 1)
    }

    /// How a mail went: sent, to be retried at `retry_at`, or failed for good
    /// (the message then shows as failed, with the reason).
    pub async fn mail_outcome(&self, message_id: i64, outcome: &MailOutcome) -> Result<()> {
        let query = match outcome {
            MailOutcome::Sent => sqlx::query(
                "UPDATE messages SET mail_state = 'sent', mail_attempts = mail_attempts + 1, mail_next_at = NULL WHERE id = $1",
            )
            .bind(message_id),
            MailOutcome::Retry { at } => sqlx::query(
                "UPDATE messages SET mail_state = 'retry', mail_attempts = mail_attempts + 1, mail_next_at = $2 WHERE id = $1",
            )
            .bind(message_id)
            .bind(*at),
            MailOutcome::Failed { reason, at } => sqlx::query(
                "UPDATE messages SET mail_state = 'failed', mail_attempts = mail_attempts + 1, mail_next_at = NULL, \
                 status = 'failed', error = $2, failed_at = $3 WHERE id = $1",
            )
            .bind(message_id)
            .bind(reason.as_str())
            .bind(*at),
        };
        query.execute(&self.write_pool).await?;
        Ok(())
    }

    pub async fn contact_by_token(&self, digest: &str) -> Result<Option<ContactRow>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.name, c.email FROM contacts c \
             JOIN contact_tokens t ON t.contact_id = c.id WHERE t.token_hash = $1",
        )
        .bind(digest)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The customer's current conversation: the open one, else the latest.
    pub async fn latest_conversation_of(&self, contact_id: i64) -> Result<Option<ConversationRow>> {
        Ok(sqlx::query_as(&format!(
            "{SHARED_CONVERSATION_SELECT} WHERE c.contact_id = $1 AND c.deleted_at IS NULL \
             ORDER BY CASE WHEN c.status = 'resolved' THEN 1 ELSE 0 END, c.number DESC LIMIT 1"
        ))
        .bind(contact_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn customer_conversation(
        &self,
        row: &ConversationRow,
    ) -> Result<CustomerConversation> {
        customer_conversation(&mut *self.pool.acquire().await?, row).await
    }

    /// What the customer sees of a conversation: every message but notes.
    pub async fn customer_messages(
        &self,
        number: i64,
        after_seq: i64,
        company_name: &str,
    ) -> Result<Vec<switchboard_types::Message>> {
        let rows: Vec<MessageRow> = sqlx::query_as(&format!(
            "{MESSAGE_SELECT} WHERE m.conversation_number = $1 AND m.seq > $2 AND m.private = FALSE \
             ORDER BY m.seq"
        ))
        .bind(number)
        .bind(after_seq)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|m| m.into_customer_message(company_name))
            .collect())
    }

    /// Everything the customer may see of all their conversations (never
    /// notes), in the order it was written: the latest `limit` messages.
    pub async fn customer_history(
        &self,
        contact_id: i64,
        limit: i64,
        company_name: &str,
    ) -> Result<Vec<switchboard_types::Message>> {
        let mut rows: Vec<MessageRow> = sqlx::query_as(&format!(
            "{MESSAGE_SELECT} JOIN conversations c ON c.number = m.conversation_number \
             WHERE c.contact_id = $1 AND c.deleted_at IS NULL AND m.private = FALSE \
             ORDER BY m.id DESC LIMIT $2"
        ))
        .bind(contact_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.reverse();
        Ok(rows
            .into_iter()
            .map(|m| m.into_customer_message(company_name))
            .collect())
    }

    /// The last `limit` messages of a conversation (notes too), oldest first.
    pub async fn last_messages(&self, number: i64, limit: i64) -> Result<Vec<MessageRow>> {
        let mut rows: Vec<MessageRow> = sqlx::query_as(&format!(
            "{MESSAGE_SELECT} WHERE m.conversation_number = $1 ORDER BY m.seq DESC LIMIT $2"
        ))
        .bind(number)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.reverse();
        Ok(rows)
    }

    // ----- reading conversations -----------------------------------------

    pub async fn conversation(&self, viewer: i64, number: i64) -> Result<Option<ConversationRow>> {
        Ok(
            sqlx::query_as(&format!("{CONVERSATION_SELECT} WHERE c.number = $2"))
                .bind(viewer)
                .bind(number)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// One page of a tab, newest message first; `before` is the
    /// `(last_message_at, number)` of the last row of the previous page.
    pub async fn list_conversations(
        &self,
        viewer: i64,
        view: View,
        tab: Tab,
        before: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<Vec<ConversationRow>> {
        let (view_word, queue_id) = view_binds(view);
        let (before_at, before_number) = before.unwrap_or((i64::MAX, i64::MAX));
        Ok(sqlx::query_as(&format!(
            "{CONVERSATION_SELECT} WHERE {VIEW_FILTER} AND c.status = $4 \
             AND (c.last_message_at < $5 OR (c.last_message_at = $5 AND c.number < $6)) \
             ORDER BY c.last_message_at DESC, c.number DESC LIMIT $7"
        ))
        .bind(viewer)
        .bind(view_word)
        .bind(queue_id)
        .bind(tab.as_str())
        .bind(before_at)
        .bind(before_number)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The agent's live conversations grouped by status, queue and
    /// assignee, with how many of each hold unread customer messages.
    pub async fn count_rows(&self, viewer: i64) -> Result<Vec<CountRow>> {
        Ok(sqlx::query_as(
            "SELECT c.status, c.queue_id, c.assignee_id, (ct.blocked_at IS NOT NULL) AS blocked, COUNT(*) AS count, \
               SUM(CASE WHEN c.last_contact_seq > COALESCE(rp.last_read_seq, 0) THEN 1 ELSE 0 END) AS unread \
             FROM conversations c JOIN contacts ct ON ct.id = c.contact_id \
             LEFT JOIN read_pointers rp ON rp.agent_id = $1 AND rp.conversation_number = c.number \
             WHERE c.deleted_at IS NULL \
             GROUP BY c.status, c.queue_id, c.assignee_id, (ct.blocked_at IS NOT NULL)",
        )
        .bind(viewer)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Messages and events after `after_seq`, in `seq` order.
    pub async fn timeline(&self, number: i64, after_seq: i64) -> Result<Vec<TimelineItem>> {
        let messages: Vec<MessageRow> = sqlx::query_as(&format!(
            "{MESSAGE_SELECT} WHERE m.conversation_number = $1 AND m.seq > $2 ORDER BY m.seq"
        ))
        .bind(number)
        .bind(after_seq)
        .fetch_all(&self.pool)
        .await?;
        let events: Vec<EventRow> = sqlx::query_as(&format!(
            "{EVENT_SELECT} WHERE e.conversation_number = $1 AND e.seq > $2 ORDER BY e.seq"
        ))
        .bind(number)
        .bind(after_seq)
        .fetch_all(&self.pool)
        .await?;
        let mut items: Vec<TimelineItem> = messages
            .into_iter()
            .map(|m| TimelineItem::Message(m.into_message()))
            .chain(events.into_iter().map(|e| TimelineItem::Event(e.into())))
            .collect();
        items.sort_by_key(TimelineItem::seq);
        Ok(items)
    }

    /// The agent has read the conversation up to `seq` (the pointer never
    /// moves back): their other tabs are told, and the customer's messages
    /// up to there are read.
    pub async fn mark_read(&self, agent_id: i64, number: i64, seq: i64) -> Result<Vec<Published>> {
        let behind: Option<i64> = sqlx::query_scalar(
            "SELECT c.number FROM conversations c LEFT JOIN read_pointers rp \
               ON rp.agent_id = $1 AND rp.conversation_number = c.number \
             WHERE c.number = $2 AND COALESCE(rp.last_read_seq, -1) < $3",
        )
        .bind(agent_id)
        .bind(number)
        .bind(seq)
        .fetch_optional(&self.pool)
        .await?;
        if behind.is_none() {
            // Nothing moves: no write, which keeps repeated reads cheap.
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let published = read_up_to(&mut tx, agent_id, number, seq, now_ms()).await?;
        tx.commit().await?;
        Ok(published)
    }

    /// Messages of `author_kind` up to `up_to_seq` reached `status` (their
    /// recipient's screen, or their reading). A quick read first: most
    /// acknowledgements find nothing left to move and write nothing.
    pub async fn advance_messages(
        &self,
        number: i64,
        author_kind: AuthorKind,
        up_to_seq: i64,
        status: MessageStatus,
    ) -> Result<Vec<Published>> {
        let pending: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT m.id FROM messages m WHERE {MOVABLE_MESSAGES} LIMIT 1"
        ))
        .bind(number)
        .bind(author_kind_word(author_kind))
        .bind(up_to_seq)
        .bind(status.as_str())
        .fetch_optional(&self.pool)
        .await?;
        if pending.is_none() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let published =
            advance_messages(&mut tx, number, author_kind, up_to_seq, status, now_ms()).await?;
        tx.commit().await?;
        Ok(published.into_iter().collect())
    }

    /// Where the agent's read pointer in the conversation stands (0: nothing read).
    pub async fn read_pointer(&self, agent_id: i64, number: i64) -> Result<i64> {
        let seq: Option<i64> = sqlx::query_scalar(
            "SELECT last_read_seq FROM read_pointers WHERE agent_id = $1 AND conversation_number = $2",
        )
        .bind(agent_id)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?;
        Ok(seq.unwrap_or(0))
    }

    /// A conversation as everyone shares it (no one's unread count).
    pub async fn shared_conversation(&self, number: i64) -> Result<Option<ConversationRow>> {
        Ok(
            sqlx::query_as(&format!("{SHARED_CONVERSATION_SELECT} WHERE c.number = $1"))
                .bind(number)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Stored live events after `event_id`, oldest first.
    pub async fn live_after(&self, event_id: i64, limit: i64) -> Result<Vec<LiveRow>> {
        Ok(sqlx::query_as(
            "SELECT event_id, for_agents, agent_id, contact_id, payload FROM live_events \
             WHERE event_id > $1 ORDER BY event_id LIMIT $2",
        )
        .bind(event_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Tells the other nodes something (PostgreSQL): an empty `payload`
    /// says the live stream grew.
    pub async fn notify_nodes(&self, payload: &str) -> Result<()> {
        if DIALECT == Dialect::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(crate::feed::CHANNEL)
                .bind(payload)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    pub async fn last_event_id(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(event_id), 0) FROM live_events")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    // ----- the lifecycle, one transaction each ----------------------------

    /// A customer writes: appended to their open conversation, or a new one.
    pub async fn customer_send(&self, send: &CustomerSend<'_>) -> Result<Sent> {
        let mut tx = self.begin_write().await?;
        if let Some(existing) = message_by_client_id(&mut tx, send.client_id).await? {
            if existing.author_contact_id != Some(send.contact.id) {
                return Err(Error::Conflict(
                    "this client_id belongs to another message".into(),
                ));
            }
            return self.already_sent(tx, existing).await;
        }
        let now = now_ms();
        let open: Option<ConversationRow> = sqlx::query_as(&format!(
            "{SHARED_CONVERSATION_SELECT} \
             WHERE c.contact_id = $1 AND c.status <> 'resolved' AND c.deleted_at IS NULL"
        ))
        .bind(send.contact.id)
        .fetch_optional(&mut *tx)
        .await?;
        let mut published = Vec::new();
        let actor = Actor::contact(&send.contact.name);
        // The conversation as it stands before this message (read once).
        let mut conversation = match open {
            Some(row) => {
                // The customer writing brings a snoozed conversation back at once.
                match lifecycle::wake(&row.state()) {
                    Outcome::Changed(change) => {
                        let (woken, events) = apply(&mut tx, &row, change, &actor, now).await?;
                        published.extend(events);
                        woken
                    }
                    Outcome::Unchanged => row,
                }
            }
            None => {
                let previous: Option<i64> = sqlx::query_scalar(
                    "SELECT MAX(number) FROM conversations WHERE contact_id = $1",
                )
                .bind(send.contact.id)
                .fetch_one(&mut *tx)
                .await?;
                let number: i64 = sqlx::query_scalar(
                    "INSERT INTO conversations (contact_id, queue_id, status, previous_number, \
                       last_message_at, created_at, updated_at) \
                     VALUES ($1, $2, 'pending', $3, $4, $4, $4) RETURNING number",
                )
                .bind(send.contact.id)
                .bind(send.queue_id)
                .bind(previous)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let event = insert_event(
                    &mut tx,
                    number,
                    EventType::Created,
                    &actor,
                    &serde_json::json!({}),
                    now,
                )
                .await?;
                published.push(
                    publish(
                        &mut tx,
                        Audience::AGENTS,
                        LiveEvent::TimelineEvent { event },
                        now,
                    )
                    .await?,
                );
                // Whoever last helped this customer hears that they wrote
                // again (automatic assignment offers it to them first).
                if let Some(previous) = previous {
                    let helper: Option<Option<i64>> = sqlx::query_scalar(
                        "SELECT COALESCE(p.assignee_id, p.resolved_by_id) FROM conversations p \
                         JOIN contacts ct ON ct.id = p.contact_id \
                         WHERE p.number = $1 AND ct.blocked_at IS NULL",
                    )
                    .bind(previous)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some(agent_id) = helper.flatten() {
                        let text = format!(
                            "{} wrote again: #{number} continues #{previous}",
                            send.contact.name
                        );
                        published.push(notify(&mut tx, agent_id, "follow_up", number, text, now).await?);
                    }
                }
                conversation_in(&mut tx, number).await?
            }
        };
        let number = conversation.number;
        let last_message = preview(send.body);
        // The next seq and the conversation's new state in one statement.
        let seq: i64 = sqlx::query_scalar(
            "UPDATE conversations SET last_seq = last_seq + 1, last_contact_seq = last_seq + 1, \
             last_message = $2, last_message_at = $3, updated_at = $3 WHERE number = $1 \
             RETURNING last_seq",
        )
        .bind(number)
        .bind(&last_message)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO messages (conversation_number, seq, client_id, author_kind, author_contact_id, \
               body, private, signed, created_at) \
             VALUES ($1, $2, $3, 'contact', $4, $5, FALSE, FALSE, $6) RETURNING id",
        )
        .bind(number)
        .bind(seq)
        .bind(send.client_id)
        .bind(send.contact.id)
        .bind(send.body)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let message = MessageRow {
            id,
            client_id: send.client_id.to_string(),
            conversation_number: number,
            seq,
            author_kind: "contact".into(),
            author_agent_id: None,
            author_contact_id: Some(send.contact.id),
            author_name: Some(send.contact.name.clone()),
            body: send.body.to_string(),
            private: false,
            signed: false,
            status: MessageStatus::Sent.as_str().into(),
            created_at: now,
            delivered_at: None,
            read_at: None,
            mail_state: None,
        };
        conversation.last_seq = seq;
        conversation.last_message = Some(last_message);
        conversation.last_message_at = now;
        conversation.updated_at = now;
        published.extend(
            announce_message(&mut tx, &message, &conversation, send.company_name, now).await?,
        );
        tx.commit().await?;
        Ok(Sent {
            message,
            conversation,
            published,
        })
    }

    /// An agent writes a reply (to the customer) or a private note.
    pub async fn agent_send(&self, send: &AgentSend<'_>) -> Result<Sent> {
        let AgentSend {
            agent,
            number,
            client_id,
            body,
            private,
            signed,
            company_name,
            mentions,
        } = *send;
        let mut tx = self.begin_write().await?;
        if let Some(existing) = message_by_client_id(&mut tx, client_id).await? {
            if existing.author_agent_id != Some(agent.id) || existing.conversation_number != number
            {
                return Err(Error::Conflict(
                    "this client_id belongs to another message".into(),
                ));
            }
            return self.already_sent(tx, existing).await;
        }
        let row = lock_conversation(&mut tx, number).await?;
        let now = now_ms();
        let mut published = Vec::new();
        // A reply in a resolved conversation reopens it first (or is
        // refused, naming the customer's open one).
        if let Outcome::Changed(change) = lifecycle::reply(&row.state(), agent, private)? {
            let (_, events) = apply(&mut tx, &row, change, &Actor::agent(agent), now).await?;
            published.extend(events);
        }
        let seq = next_seq(&mut tx, number).await?;
        if !private {
            sqlx::query(
                "UPDATE conversations SET last_message = $2, last_message_at = $3, updated_at = $3 \
                 WHERE number = $1",
            )
            .bind(number)
            .bind(preview(body))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO messages (conversation_number, seq, client_id, author_kind, author_agent_id, \
               body, private, signed, created_at) \
             VALUES ($1, $2, $3, 'agent', $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(number)
        .bind(seq)
        .bind(client_id)
        .bind(agent.id)
        .bind(body)
        .bind(private)
        .bind(signed)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let message = message_by_id(&mut tx, id).await?;
        let conversation = conversation_in(&mut tx, number).await?;
        published.extend(announce_message(&mut tx, &message, &conversation, company_name, now).await?);
        // A colleague named with @ in a note is told, as in the team chat
        // (every agent may read every conversation).
        if private {
            for colleague in mentions.iter().filter(|id| **id != agent.id) {
                let text = format!(
                    "{} mentioned you in a note in #{number} ({}): {}",
                    agent.name,
                    conversation.contact_name,
                    preview(body)
                );
                published.push(notify(&mut tx, *colleague, "mentioned", number, text, now).await?);
            }
        }
        // Writing is reading: the author has seen everything up to here.
        published.extend(read_up_to(&mut tx, agent.id, number, seq, now).await?);
        tx.commit().await?;
        Ok(Sent {
            message,
            conversation,
            published,
        })
    }

    async fn already_sent(&self, mut tx: Tx, message: MessageRow) -> Result<Sent> {
        let conversation = conversation_in(&mut tx, message.conversation_number).await?;
        tx.rollback().await?;
        Ok(Sent {
            message,
            conversation,
            published: Vec::new(),
        })
    }

    /// One lifecycle change in one transaction: lock the conversation, ask
    /// the rule, write the next state and its event, announce them. Racing
    /// changes queue on the row lock, so each rule sees the state the one
    /// before it left: of two accepts, one wins and the other is told who.
    /// A `note` (a transfer's) is stored as a private note with it.
    pub async fn change<F>(
        &self,
        number: i64,
        actor: &Actor,
        note: Option<&str>,
        rule: F,
    ) -> Result<(ConversationRow, Vec<Published>)>
    where
        F: FnOnce(&ConversationState) -> Result<Outcome> + Send,
    {
        let mut tx = self.begin_write().await?;
        let row = lock_conversation(&mut tx, number).await?;
        let change = match rule(&row.state())? {
            Outcome::Unchanged => {
                tx.rollback().await?;
                return Ok((row, Vec::new()));
            }
            Outcome::Changed(change) => change,
        };
        let now = now_ms();
        let (mut conversation, mut published) = apply(&mut tx, &row, change, actor, now).await?;
        if let (Some(note), Some(agent_id)) = (note, actor.agent_id) {
            let seq = next_seq(&mut tx, number).await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO messages (conversation_number, seq, client_id, author_kind, author_agent_id, \
                   body, private, signed, created_at) \
                 VALUES ($1, $2, $3, 'agent', $4, $5, TRUE, TRUE, $6) RETURNING id",
            )
            .bind(number)
            .bind(seq)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(agent_id)
            .bind(note)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let message = message_by_id(&mut tx, id).await?;
            conversation = conversation_in(&mut tx, number).await?;
            published.extend(announce_message(&mut tx, &message, &conversation, "", now).await?);
        }
        tx.commit().await?;
        Ok((conversation, published))
    }

    /// Snoozed conversations whose time has come.
    pub async fn due_snoozed(&self, now: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT number FROM conversations WHERE status = 'snoozed' AND snoozed_until <= $1 \
             AND deleted_at IS NULL ORDER BY snoozed_until LIMIT 500",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Marks the conversation unread for one agent: from the customer's
    /// latest message on. Their other tabs are told.
    pub async fn mark_unread(&self, agent_id: i64, number: i64) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO read_pointers (agent_id, conversation_number, last_read_seq) \
             VALUES ($1, $2, COALESCE((SELECT MAX(seq) FROM messages \
                 WHERE conversation_number = $2 AND author_kind = 'contact'), 1) - 1) \
             ON CONFLICT (agent_id, conversation_number) DO UPDATE SET last_read_seq = excluded.last_read_seq \
             RETURNING last_read_seq",
        )
        .bind(agent_id)
        .bind(number)
        .fetch_one(&mut *tx)
        .await?;
        let published = read_pointer_moved(&mut tx, agent_id, number, seq, now_ms()).await?;
        tx.commit().await?;
        Ok(vec![published])
    }

    /// An active agent, by id.
    pub async fn agent_ref(&self, id: i64) -> Result<Option<AgentRef>> {
        let row: Option<AgentRow> =
            sqlx::query_as(&format!("{AGENT_COLUMNS} WHERE id = $1 AND active = TRUE"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|r| AgentRef {
            id: r.id,
            name: r.name,
        }))
    }

    pub async fn queue(&self, id: i64) -> Result<Option<Queue>> {
        let row: Option<QueueRow> = sqlx::query_as("SELECT id, name FROM queues WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Queue::from))
    }

    /// A customer, when they first wrote in, and their attributes (JSON).
    pub async fn contact(&self, id: i64) -> Result<Option<(ContactRow, i64, String)>> {
        let row: Option<(i64, String, Option<String>, i64, String)> = sqlx::query_as(
            "SELECT id, name, email, created_at, attributes FROM contacts WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, name, email, created_at, attributes)| {
            (ContactRow { id, name, email }, created_at, attributes)
        }))
    }

    /// Where the agent was in the inbox (JSON), if known.
    pub async fn whereabouts(&self, agent_id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT data FROM agent_whereabouts WHERE agent_id = $1")
                .bind(agent_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_whereabouts(&self, agent_id: i64, data: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO agent_whereabouts (agent_id, data, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (agent_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
        )
        .bind(agent_id)
        .bind(data)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Blocks a customer (or lets them back): their conversations move to
    /// or from the Blocked view, and every agent's lists are told.
    pub async fn set_contact_blocked(&self, id: i64, blocked: bool) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let changed = sqlx::query(
            "UPDATE contacts SET blocked_at = CASE WHEN $2 THEN COALESCE(blocked_at, $3) END WHERE id = $1",
        )
        .bind(id)
        .bind(blocked)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(Error::NotFound("customer"));
        }
        let rows: Vec<ConversationRow> = sqlx::query_as(&format!(
            "{SHARED_CONVERSATION_SELECT} WHERE c.contact_id = $1 ORDER BY c.number"
        ))
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let events = rows
            .into_iter()
            .map(|row| {
                let conversation = row.into_conversation();
                (Audience::AGENTS, LiveEvent::ConversationUpdated { conversation })
            })
            .collect();
        let published = publish_all(&mut tx, events, now).await?;
        tx.commit().await?;
        Ok(published)
    }

    /// Whether a customer is blocked.
    pub async fn contact_blocked(&self, id: i64) -> Result<bool> {
        let at: Option<Option<i64>> =
            sqlx::query_scalar("SELECT blocked_at FROM contacts WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(at.flatten().is_some())
    }

    /// Replaces a customer's attributes (a JSON object).
    pub async fn set_contact_attributes(&self, id: i64, attributes: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE contacts SET attributes = $2 WHERE id = $1")
            .bind(id)
            .bind(attributes)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// All of a customer's conversations, newest first.
    pub async fn conversations_of_contact(
        &self,
        viewer: i64,
        contact_id: i64,
    ) -> Result<Vec<ConversationRow>> {
        Ok(sqlx::query_as(&format!(
            "{CONVERSATION_SELECT} WHERE c.contact_id = $2 AND c.deleted_at IS NULL ORDER BY c.number DESC"
        ))
        .bind(viewer)
        .bind(contact_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Conversations whose messages hold all the words, or whose customer's
    /// name or e-mail contains the text; newest first.
    pub async fn search(
        &self,
        viewer: i64,
        text: &str,
        limit: i64,
    ) -> Result<Vec<ConversationRow>> {
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(8)
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let (matching, terms) = match DIALECT {
            Dialect::Sqlite => (
                "SELECT m.conversation_number FROM message_search s JOIN messages m ON m.id = s.rowid \
                 WHERE message_search MATCH $2",
                words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" "),
            ),
            Dialect::Postgres => (
                "SELECT conversation_number FROM messages \
                 WHERE to_tsvector('simple', body) @@ to_tsquery('simple', $2)",
                words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & "),
            ),
        };
        Ok(sqlx::query_as(&format!(
            "{CONVERSATION_SELECT} WHERE c.deleted_at IS NULL AND ct.blocked_at IS NULL AND (c.number IN ({matching}) \
               OR LOWER(ct.name) LIKE $3 ESCAPE '\\' OR LOWER(COALESCE(ct.email, '')) LIKE $3 ESCAPE '\\') \
             ORDER BY c.last_message_at DESC, c.number DESC LIMIT $4"
        ))
        .bind(viewer)
        .bind(terms)
        .bind(like_pattern(text))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// A `LIKE … ESCAPE '\\'` pattern finding `text` anywhere, in any case
/// (compare with `LOWER(column)`).
fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// Writes a change the rules allowed: the next state, its event, and the
/// live events (the agents' view, the customer's when the status changed,
/// and a notification to whoever gains or loses it).
async fn apply(
    tx: &mut Tx,
    row: &ConversationRow,
    change: Change,
    actor: &Actor,
    now: i64,
) -> Result<(ConversationRow, Vec<Published>)> {
    let next = &change.next;
    // Coming back (reopened, restored) while the customer wrote again in a
    // newer conversation: refused, naming that one.
    let was_open = row.status() != ConversationStatus::Resolved && row.deleted_at.is_none();
    if !was_open && next.status != ConversationStatus::Resolved && !next.deleted {
        if let Some(open) = open_conversation_of(tx, row.contact_id).await? {
            return Err(Error::Conflict(format!(
                "this customer already has an open conversation, #{open}: work on that one instead"
            )));
        }
    }
    let deleted_at = next.deleted.then(|| row.deleted_at.unwrap_or(now));
    sqlx::query(
        "UPDATE conversations SET status = $2, assignee_id = $3, queue_id = $4, resolved_by_id = $5, \
         snoozed_until = $6, deleted_at = $7, updated_at = $8 WHERE number = $1",
    )
    .bind(row.number)
    .bind(next.status.as_str())
    .bind(next.assignee.as_ref().map(|a| a.id))
    .bind(next.queue_id)
    .bind(next.resolved_by)
    .bind(next.snoozed_until)
    .bind(deleted_at)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(Error::from)
    .map_err(|e| {
        if e.is_unique_violation() {
            Error::Conflict("this customer already has an open conversation; work on that one instead".into())
        } else {
            e
        }
    })?;
    let event = insert_event(tx, row.number, change.event, actor, &change.data, now).await?;
    let conversation = conversation_in(tx, row.number).await?;
    let mut published =
        tell_agents(tx, LiveEvent::TimelineEvent { event }, &conversation, now).await?;
    if row.assignee_id != conversation.assignee_id {
        let what = format!("#{} ({})", row.number, row.contact_name);
        if let Some(gains) = conversation
            .assignee_id
            .filter(|id| Some(*id) != actor.agent_id)
        {
            let text = format!("{} gave you {what}", actor.name);
            published.push(notify(tx, gains, "assigned", row.number, text, now).await?);
        }
        if let Some(loses) = row.assignee_id.filter(|id| Some(*id) != actor.agent_id) {
            let whereabouts = match &conversation.assignee_name {
                Some(name) => format!("now with {name}"),
                None => "back in Pending".to_string(),
            };
            let text = format!("{what} is {whereabouts} ({})", actor.name);
            published.push(notify(tx, loses, "taken_over", row.number, text, now).await?);
        }
    }
    if row.status != conversation.status {
        let seen = customer_conversation(tx, &conversation).await?;
        published.push(
            publish(
                tx,
                Audience::contact(row.contact_id),
                LiveEvent::CustomerConversationUpdated { conversation: seen },
                now,
            )
            .await?,
        );
    }
    Ok((conversation, published))
}

/// The customer's unresolved conversation, if they have one.
async fn open_conversation_of(tx: &mut Tx, contact_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT number FROM conversations WHERE contact_id = $1 AND status <> 'resolved' \
         AND deleted_at IS NULL",
    )
    .bind(contact_id)
    .fetch_optional(&mut **tx)
    .await?)
}

async fn notify(
    tx: &mut Tx,
    agent_id: i64,
    kind: &str,
    number: i64,
    text: String,
    now: i64,
) -> Result<Published> {
    let notification = Notification {
        kind: kind.to_string(),
        conversation_number: number,
        text,
    };
    publish(
        tx,
        Audience::agent(agent_id),
        LiveEvent::Notification { notification },
        now,
    )
    .await
}

// ----- pieces of transactions ---------------------------------------------

/// Takes the conversation's row lock (PostgreSQL) inside a write
/// transaction (SQLite holds the database lock already) and reads it.
async fn lock_conversation(tx: &mut Tx, number: i64) -> Result<ConversationRow> {
    let found = sqlx::query("UPDATE conversations SET last_seq = last_seq WHERE number = $1")
        .bind(number)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if found == 0 {
        return Err(Error::NotFound("conversation"));
    }
    conversation_in(tx, number).await
}

/// The conversation as everyone shares it (unread counts are per agent:
/// a shared copy carries none).
async fn conversation_in(tx: &mut Tx, number: i64) -> Result<ConversationRow> {
    sqlx::query_as(&format!("{SHARED_CONVERSATION_SELECT} WHERE c.number = $1"))
        .bind(number)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(Error::NotFound("conversation"))
}

/// The next place in the conversation's history: no gaps, no repeats.
async fn next_seq(tx: &mut Tx, number: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "UPDATE conversations SET last_seq = last_seq + 1 WHERE number = $1 RETURNING last_seq",
    )
    .bind(number)
    .fetch_one(&mut **tx)
    .await?)
}

async fn insert_event(
    tx: &mut Tx,
    number: i64,
    event_type: EventType,
    actor: &Actor,
    data: &serde_json::Value,
    now: i64,
) -> Result<ConversationEvent> {
    let seq = next_seq(tx, number).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO conversation_events (conversation_number, seq, event_type, actor_kind, actor_agent_id, data, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(number)
    .bind(seq)
    .bind(event_type.as_str())
    .bind(actor.kind)
    .bind(actor.agent_id)
    .bind(data.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let row: EventRow = sqlx::query_as(&format!("{EVENT_SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.into())
}

async fn message_by_id(tx: &mut Tx, id: i64) -> Result<MessageRow> {
    Ok(sqlx::query_as(&format!("{MESSAGE_SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?)
}

async fn message_by_client_id(tx: &mut Tx, client_id: &str) -> Result<Option<MessageRow>> {
    Ok(
        sqlx::query_as(&format!("{MESSAGE_SELECT} WHERE m.client_id = $1"))
            .bind(client_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// Stores a live event in the stream, inside the change's transaction, so
/// that what is committed and what can be replayed are the same.
async fn publish(tx: &mut Tx, audience: Audience, event: LiveEvent, now: i64) -> Result<Published> {
    let mut published = publish_all(tx, vec![(audience, event)], now).await?;
    published
        .pop()
        .ok_or_else(|| Error::Internal("a live event was not stored".into()))
}

/// Stores several live events, in order, with one statement.
async fn publish_all(
    tx: &mut Tx,
    events: Vec<(Audience, LiveEvent)>,
    now: i64,
) -> Result<Vec<Published>> {
    // Nothing to store (an INSERT of no rows is not SQL).
    if events.is_empty() {
        return Ok(Vec::new());
    }
    if DIALECT == Dialect::Postgres {
        // Transactions that add to the stream take turns until they commit,
        // so event ids are handed out in commit order: a reader that has
        // seen id N never later finds a smaller one appear.
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(LIVE_STREAM_LOCK)
            .execute(&mut **tx)
            .await?;
    }
    let mut rows = Vec::with_capacity(events.len());
    for (audience, event) in &events {
        let payload = serde_json::to_string(event).map_err(|e| Error::Internal(e.to_string()))?;
        rows.push((*audience, payload));
    }
    let mut insert = sqlx::QueryBuilder::<Db>::new(
        "INSERT INTO live_events (for_agents, agent_id, contact_id, payload, created_at) ",
    );
    insert.push_values(rows, |mut row, (audience, payload)| {
        row.push_bind(audience.agents)
            .push_bind(audience.agent)
            .push_bind(audience.contact)
            .push_bind(payload)
            .push_bind(now);
    });
    insert.push(" RETURNING event_id");
    let mut ids: Vec<i64> = insert.build_query_scalar().fetch_all(&mut **tx).await?;
    // One writer at a time hands out ids in the order of the rows.
    ids.sort_unstable();
    Ok(ids
        .into_iter()
        .zip(events)
        .map(|(event_id, (audience, event))| Published::new(event_id, audience, event))
        .collect())
}

/// What every agent is told of a change: the change itself, then the
/// conversation as it now stands.
fn for_agents(change: LiveEvent, conversation: &ConversationRow) -> Vec<(Audience, LiveEvent)> {
    let updated = LiveEvent::ConversationUpdated {
        conversation: conversation.clone().into_conversation(),
    };
    vec![(Audience::AGENTS, change), (Audience::AGENTS, updated)]
}

async fn tell_agents(
    tx: &mut Tx,
    change: LiveEvent,
    conversation: &ConversationRow,
    now: i64,
) -> Result<Vec<Published>> {
    publish_all(tx, for_agents(change, conversation), now).await
}

/// The live events of a new message: the agents' view, and the customer's
/// unless it is a private note.
async fn announce_message(
    tx: &mut Tx,
    message: &MessageRow,
    conversation: &ConversationRow,
    company_name: &str,
    now: i64,
) -> Result<Vec<Published>> {
    let created = LiveEvent::MessageCreated {
        message: message.clone().into_message(),
    };
    let mut events = for_agents(created, conversation);
    if !message.private {
        let customer = Audience::contact(conversation.contact_id);
        let seen_by_customer = message.clone().into_customer_message(company_name);
        let conversation = customer_conversation(tx, conversation).await?;
        events.push((
            customer,
            LiveEvent::MessageCreated {
                message: seen_by_customer,
            },
        ));
        events.push((
            customer,
            LiveEvent::CustomerConversationUpdated { conversation },
        ));
    }
    publish_all(tx, events, now).await
}

async fn customer_conversation(
    conn: &mut <Db as sqlx::Database>::Connection,
    row: &ConversationRow,
) -> Result<CustomerConversation> {
    let operator: Option<String> = sqlx::query_scalar(
        "SELECT a.name FROM messages m JOIN agents a ON a.id = m.author_agent_id \
         WHERE m.conversation_number = $1 AND m.author_kind = 'agent' AND m.private = FALSE \
           AND m.signed = TRUE ORDER BY m.seq DESC LIMIT 1",
    )
    .bind(row.number)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(CustomerConversation {
        number: row.number,
        status: row.status(),
        operator,
    })
}

/// Messages that may move to status `$4`: of author kind `$2`, up to seq
/// `$3` in conversation `$1`, behind that status (a failed message stays
/// failed), and never a private note.
const MOVABLE_MESSAGES: &str = "m.conversation_number = $1 AND m.author_kind = $2 AND m.seq <= $3 \
    AND m.private = FALSE AND m.status <> 'failed' AND m.status <> $4 \
    AND ($4 = 'read' OR m.status = 'sent')";

fn author_kind_word(kind: AuthorKind) -> &'static str {
    match kind {
        AuthorKind::Contact => "contact",
        AuthorKind::Agent => "agent",
        AuthorKind::System => "system",
    }
}

/// Moves messages on (see [`MOVABLE_MESSAGES`]) and tells the agents and
/// the customer, when any moved.
async fn advance_messages(
    tx: &mut Tx,
    number: i64,
    author_kind: AuthorKind,
    up_to_seq: i64,
    status: MessageStatus,
    now: i64,
) -> Result<Option<Published>> {
    let moved = sqlx::query(&format!(
        "UPDATE messages SET status = $4, delivered_at = COALESCE(delivered_at, $5), \
           read_at = CASE WHEN $4 = 'read' THEN $5 ELSE read_at END \
         WHERE id IN (SELECT m.id FROM messages m WHERE {MOVABLE_MESSAGES})"
    ))
    .bind(number)
    .bind(author_kind_word(author_kind))
    .bind(up_to_seq)
    .bind(status.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(None);
    }
    let contact_id: i64 =
        sqlx::query_scalar("SELECT contact_id FROM conversations WHERE number = $1")
            .bind(number)
            .fetch_one(&mut **tx)
            .await?;
    let update = StatusUpdate {
        conversation_number: number,
        author_kind,
        up_to_seq,
        status,
        at: crate::clock::rfc3339(now),
    };
    let audience = Audience {
        agents: true,
        agent: None,
        contact: Some(contact_id),
        customers: false,
    };
    Ok(Some(
        publish(tx, audience, LiveEvent::MessageStatus { update }, now).await?,
    ))
}

/// The agent has read the conversation up to `seq`: the pointer moves
/// forward (never back), their other tabs are told, and the customer's
/// messages up to there are read.
async fn read_up_to(
    tx: &mut Tx,
    agent_id: i64,
    number: i64,
    seq: i64,
    now: i64,
) -> Result<Vec<Published>> {
    let moved = sqlx::query(
        "INSERT INTO read_pointers (agent_id, conversation_number, last_read_seq) \
         VALUES ($1, $2, $3) ON CONFLICT (agent_id, conversation_number) DO UPDATE SET \
         last_read_seq = excluded.last_read_seq \
         WHERE excluded.last_read_seq > read_pointers.last_read_seq",
    )
    .bind(agent_id)
    .bind(number)
    .bind(seq)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(Vec::new());
    }
    let mut published = vec![read_pointer_moved(tx, agent_id, number, seq, now).await?];
    published.extend(
        advance_messages(
            tx,
            number,
            AuthorKind::Contact,
            seq,
            MessageStatus::Read,
            now,
        )
        .await?,
    );
    Ok(published)
}

/// Tells the agent's other tabs where their read pointer now is.
async fn read_pointer_moved(
    tx: &mut Tx,
    agent_id: i64,
    number: i64,
    seq: i64,
    now: i64,
) -> Result<Published> {
    publish(
        tx,
        Audience::agent(agent_id),
        LiveEvent::ConversationRead {
            conversation_number: number,
            last_read_seq: seq,
        },
        now,
    )
    .await
}

/// The list preview of a message: its first line, shortened.
fn preview(body: &str) -> String {
    const MAX: usize = 140;
    let line = body.lines().next().unwrap_or_default();
    if line.chars().count() > MAX {
        format!("{}…", line.chars().take(MAX).collect::<String>())
    } else {
        line.to_string()
    }
}
