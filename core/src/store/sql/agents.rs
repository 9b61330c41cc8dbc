// Agents, their sessions, the team (invitations and reset links, API
// tokens), the audit, and where each agent left off.
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
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
        .on_constraint(|| format!("an agent with the e-mail {email} already exists"))?;
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

    pub async fn alert_preferences(&self, agent_id: i64) -> Result<Option<AlertPreferences>> {
        let row: Option<(bool, bool, bool)> = sqlx::query_as(
            "SELECT new_chat, my_conversations, mentions FROM alert_preferences WHERE agent_id = $1",
        )
        .bind(agent_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(new_chat, my_conversations, mentions)| AlertPreferences {
            new_chat,
            my_conversations,
            mentions,
        }))
    }

    pub async fn set_alert_preferences(
        &self,
        agent_id: i64,
        preferences: AlertPreferences,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO alert_preferences (agent_id, new_chat, my_conversations, mentions, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agent_id) DO UPDATE SET \
             new_chat = excluded.new_chat, my_conversations = excluded.my_conversations, \
             mentions = excluded.mentions, updated_at = excluded.updated_at",
        )
        .bind(agent_id)
        .bind(preferences.new_chat)
        .bind(preferences.my_conversations)
        .bind(preferences.mentions)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }
}
