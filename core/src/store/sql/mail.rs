// Replies to e-mail conversations waiting to go out, claimed and settled
// one at a time.
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
    /// Agents' public replies in e-mail conversations that are due to be
    /// mailed: never tried, due for a retry, or claimed by a node that
    /// stopped before it finished.
    /// Without a server-wide mail server (`server_wide` false), only those
    /// whose mailbox has its own.
    pub async fn due_mail(&self, now: i64, limit: i64, server_wide: bool) -> Result<Vec<DueMail>> {
        Ok(sqlx::query_as(
            "SELECT m.id, m.conversation_number, m.body, m.mail_attempts, \
             COALESCE(a.name, '') AS author_name, ct.email AS contact_email, ct.name AS contact_name, \
             m.attachments, c.mailbox_id, c.subject, c.email_cc, c.email_thread \
             FROM conversations c \
             JOIN messages m ON m.conversation_number = c.number AND m.seq > c.email_from_seq \
             JOIN contacts ct ON ct.id = c.contact_id \
             LEFT JOIN agents a ON a.id = m.author_agent_id \
             WHERE c.channel = 'email' AND m.author_kind = 'agent' AND NOT m.private \
             AND (m.mail_state IS NULL OR (m.mail_state IN ('sending', 'retry') AND m.mail_next_at <= $1)) \
             AND ($3 OR EXISTS (SELECT 1 FROM mailboxes mb WHERE mb.id = c.mailbox_id AND mb.smtp_url IS NOT NULL)) \
             ORDER BY m.id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .bind(server_wide)
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

/// How many Message-IDs of a thread a conversation keeps (the latest):
/// enough for any mail program to thread a reply.
const THREAD_KEPT: usize = 20;

/// An e-mail arrived in `conversation`: it is an e-mail conversation from
/// now on (agents' replies after its last message go out as mail), of the
/// mailbox the mail came to, titled by the mail's subject when it has no
/// title yet; reply-all copies whoever this mail copied, and the mail
/// joins its thread. A conversation the mail opened gets its
/// acknowledgement queued when its mailbox sends one.
async fn note_mail(
    tx: &mut Tx,
    mut conversation: ConversationRow,
    mail: &MailMeta,
    opened: bool,
    now: i64,
) -> Result<ConversationRow> {
    let thread: Option<String> =
        sqlx::query_scalar("SELECT email_thread FROM conversations WHERE number = $1")
            .bind(conversation.number)
            .fetch_one(&mut **tx)
            .await?;
    let thread = crate::email::thread_with(thread.as_deref(), &mail.thread, THREAD_KEPT);
    let cc = (!mail.cc.is_empty()).then(|| mail.cc.join("\n"));
    sqlx::query(
        "UPDATE conversations SET email_from_seq = \
         CASE WHEN channel = 'email' THEN email_from_seq ELSE last_seq END, channel = 'email', \
         mailbox_id = COALESCE(mailbox_id, $2), subject = COALESCE(subject, $3), \
         email_cc = $4, email_thread = $5 WHERE number = $1",
    )
    .bind(conversation.number)
    .bind(mail.mailbox_id)
    .bind(mail.subject.as_deref())
    .bind(cc)
    .bind(thread)
    .execute(&mut **tx)
    .await?;
    if opened && mail.acknowledge {
        sqlx::query(
            "INSERT INTO acknowledgement_mails (conversation_number, due_at) VALUES ($1, $2) \
             ON CONFLICT (conversation_number) DO NOTHING",
        )
        .bind(conversation.number)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    conversation.channel = "email".into();
    if conversation.subject.is_none() {
        conversation.subject = mail.subject.clone();
    }
    Ok(conversation)
}
