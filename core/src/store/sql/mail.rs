// Replies to e-mail conversations waiting to go out, claimed and settled
// one at a time.
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
    /// Agents' public replies in e-mail conversations that are due to be
    /// mailed: never tried, due for a retry, or claimed by a node that
    /// stopped before it finished.
    pub async fn due_mail(&self, now: i64, limit: i64) -> Result<Vec<DueMail>> {
        Ok(sqlx::query_as(
            "SELECT m.id, m.conversation_number, m.body, m.mail_attempts, \
             COALESCE(a.name, '') AS author_name, ct.email AS contact_email, ct.name AS contact_name, \
             m.attachments \
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
    /// (the message then shows as failed, with the reason, and the agents
    /// are told at once). A bounce may come after the mail was sent.
    pub async fn mail_outcome(
        &self,
        message_id: i64,
        outcome: &MailOutcome,
    ) -> Result<Vec<Published>> {
        let (reason, at) = match outcome {
            MailOutcome::Sent => {
                sqlx::query(
                    "UPDATE messages SET mail_state = 'sent', mail_attempts = mail_attempts + 1, mail_next_at = NULL WHERE id = $1",
                )
                .bind(message_id)
                .execute(&self.write_pool)
                .await?;
                return Ok(Vec::new());
            }
            MailOutcome::Retry { at } => {
                sqlx::query(
                    "UPDATE messages SET mail_state = 'retry', mail_attempts = mail_attempts + 1, mail_next_at = $2 WHERE id = $1",
                )
                .bind(message_id)
                .bind(*at)
                .execute(&self.write_pool)
                .await?;
                return Ok(Vec::new());
            }
            MailOutcome::Failed { reason, at } => (reason, *at),
        };
        let mut tx = self.begin_write().await?;
        // A message fails once (a second bounce of it changes nothing).
        let number: Option<i64> = sqlx::query_scalar(
            "UPDATE messages SET mail_state = 'failed', mail_attempts = mail_attempts + 1, mail_next_at = NULL, \
             status = 'failed', error = $2, failed_at = $3 \
             WHERE id = $1 AND status <> 'failed' RETURNING conversation_number",
        )
        .bind(message_id)
        .bind(reason.as_str())
        .bind(at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(number) = number else {
            return Ok(Vec::new());
        };
        let conversation = conversation_in(&mut tx, number).await?;
        let failed = LiveEvent::MessageFailed {
            conversation_number: number,
            message_id,
            error: reason.clone(),
        };
        let published = tell_agents(&mut tx, failed, &conversation, at).await?;
        tx.commit().await?;
        Ok(published)
    }
}
