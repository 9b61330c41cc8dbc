// Mailboxes: support addresses whose mail becomes conversations, where
// taking their mail stands, and the acknowledgements they send.
// Compiled inside each backend's module (see `common.rs`).

const MAILBOX_SELECT: &str =
    "SELECT mb.id, mb.address, mb.name, mb.queue_id, q.name AS queue_name, \
    mb.inbound, mb.imap_host, mb.imap_port, mb.imap_security, mb.imap_user, mb.imap_password, \
    mb.imap_folder, mb.imap_move_to, mb.smtp_url, mb.signature, mb.acknowledge, mb.forward_secret, \
    mb.uid_validity, mb.last_uid, mb.polled_at, mb.poll_error, mb.created_at \
    FROM mailboxes mb LEFT JOIN queues q ON q.id = mb.queue_id";

impl Backend {
    pub async fn mailboxes(&self) -> Result<Vec<MailboxRow>> {
        Ok(
            sqlx::query_as(&format!("{MAILBOX_SELECT} ORDER BY mb.address"))
                .fetch_all(&self.pool)
                .await?,
        )
    }

    pub async fn mailbox(&self, id: i64) -> Result<Option<MailboxRow>> {
        Ok(
            sqlx::query_as(&format!("{MAILBOX_SELECT} WHERE mb.id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// A new mailbox; its address is taken when another has it.
    pub async fn insert_mailbox(&self, mailbox: &SavedMailbox<'_>, secret: &str) -> Result<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mailboxes (address, name, queue_id, inbound, imap_host, imap_port, \
               imap_security, imap_user, imap_password, imap_folder, imap_move_to, smtp_url, \
               signature, acknowledge, forward_secret, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(mailbox.address)
        .bind(mailbox.name)
        .bind(mailbox.queue_id)
        .bind(mailbox.inbound)
        .bind(mailbox.imap_host)
        .bind(mailbox.imap_port)
        .bind(mailbox.imap_security)
        .bind(mailbox.imap_user)
        .bind(mailbox.imap_password)
        .bind(mailbox.imap_folder)
        .bind(mailbox.imap_move_to)
        .bind(mailbox.smtp_url)
        .bind(mailbox.signature)
        .bind(mailbox.acknowledge)
        .bind(secret)
        .bind(now_ms())
        .fetch_one(&self.write_pool)
        .await
        .on_constraint(|| "a mailbox with this address exists already".into())?;
        Ok(id)
    }

    /// Changes a mailbox whole; false when unknown. A folder that changed
    /// is read from its start again (mail taken before is not taken twice:
    /// it is known by its Message-ID).
    pub async fn update_mailbox(&self, id: i64, mailbox: &SavedMailbox<'_>) -> Result<bool> {
        let changed = sqlx::query(
            "UPDATE mailboxes SET \
               uid_validity = CASE WHEN imap_host IS NOT DISTINCT FROM $6 AND imap_user IS NOT DISTINCT FROM $9 \
                 AND imap_folder = $11 THEN uid_validity END, \
               last_uid = CASE WHEN imap_host IS NOT DISTINCT FROM $6 AND imap_user IS NOT DISTINCT FROM $9 \
                 AND imap_folder = $11 THEN last_uid ELSE 0 END, \
               address = $2, name = $3, queue_id = $4, inbound = $5, imap_host = $6, imap_port = $7, \
               imap_security = $8, imap_user = $9, imap_password = $10, imap_folder = $11, \
               imap_move_to = $12, smtp_url = $13, signature = $14, acknowledge = $15, poll_error = NULL \
             WHERE id = $1",
        )
        .bind(id)
        .bind(mailbox.address)
        .bind(mailbox.name)
        .bind(mailbox.queue_id)
        .bind(mailbox.inbound)
        .bind(mailbox.imap_host)
        .bind(mailbox.imap_port)
        .bind(mailbox.imap_security)
        .bind(mailbox.imap_user)
        .bind(mailbox.imap_password)
        .bind(mailbox.imap_folder)
        .bind(mailbox.imap_move_to)
        .bind(mailbox.smtp_url)
        .bind(mailbox.signature)
        .bind(mailbox.acknowledge)
        .execute(&self.write_pool)
        .await
        .on_constraint(|| "a mailbox with this address exists already".into())?;
        Ok(changed.rows_affected() == 1)
    }

    /// Removes a mailbox (its conversations stay, answered through the
    /// server-wide mail server); false when unknown.
    pub async fn delete_mailbox(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE conversations SET mailbox_id = NULL WHERE mailbox_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM mailboxes WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(deleted.rows_affected() == 1)
    }

    /// The IMAP mailboxes no node is taking mail from now, each taken for
    /// this node until `until`: their ids.
    pub async fn claim_mailboxes_to_poll(&self, now: i64, until: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "UPDATE mailboxes SET poll_until = $2 WHERE inbound = 'imap' AND poll_until <= $1 RETURNING id",
        )
        .bind(now)
        .bind(until)
        .fetch_all(&self.write_pool)
        .await?)
    }

    /// Where taking a mailbox's mail stands: the folder's UIDVALIDITY and
    /// the last mail taken (only ever forward within one UIDVALIDITY).
    pub async fn mailbox_reached(&self, id: i64, uid_validity: i64, last_uid: i64) -> Result<()> {
        sqlx::query(
            "UPDATE mailboxes SET last_uid = CASE WHEN uid_validity = $2 AND last_uid > $3 THEN last_uid ELSE $3 END, \
             uid_validity = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(uid_validity)
        .bind(last_uid)
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    /// A round of taking mail ended (with what went wrong, if anything):
    /// the mailbox is free for the next round.
    pub async fn mailbox_polled(&self, id: i64, now: i64, error: Option<&str>) -> Result<()> {
        sqlx::query(
            "UPDATE mailboxes SET polled_at = $2, poll_error = $3, poll_until = 0 WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .bind(error)
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    /// The conversation holding the message whose client id is `client_id`
    /// (the messages of e-mails have theirs from their Message-ID).
    pub async fn conversation_of_client_id(&self, client_id: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT conversation_number FROM messages WHERE client_id = $1")
                .bind(client_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The conversation holding message `id`.
    pub async fn conversation_of_message(&self, id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT conversation_number FROM messages WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The HTML an e-mail of conversation `number` came with.
    pub async fn message_html(&self, number: i64, id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT html FROM messages WHERE id = $1 AND conversation_number = $2 AND html IS NOT NULL",
        )
        .bind(id)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// An e-mail conversation's mail details: its mailbox, subject, copies
    /// and thread.
    pub async fn conversation_mail(&self, number: i64) -> Result<Option<ConversationMailRow>> {
        Ok(sqlx::query_as(
            "SELECT c.mailbox_id, c.subject, c.email_cc, c.email_thread, ct.email AS contact_email \
             FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.number = $1",
        )
        .bind(number)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Acknowledgements due to be sent.
    pub async fn due_acknowledgements(&self, now: i64, limit: i64) -> Result<Vec<(i64, i32)>> {
        Ok(sqlx::query_as(
            "SELECT conversation_number, attempts FROM acknowledgement_mails WHERE due_at <= $1 \
             ORDER BY due_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes a due acknowledgement for this node until `until`; false when
    /// another node took it first.
    pub async fn claim_acknowledgement(&self, number: i64, now: i64, until: i64) -> Result<bool> {
        let claimed = sqlx::query(
            "UPDATE acknowledgement_mails SET due_at = $3 WHERE conversation_number = $1 AND due_at <= $2",
        )
        .bind(number)
        .bind(now)
        .bind(until)
        .execute(&self.write_pool)
        .await?;
        Ok(claimed.rows_affected() == 1)
    }

    /// An acknowledgement went out (or never will): forgotten; or to be
    /// tried again at `retry_at`.
    pub async fn acknowledgement_done(&self, number: i64, retry_at: Option<i64>) -> Result<()> {
        match retry_at {
            Some(at) => {
                sqlx::query(
                    "UPDATE acknowledgement_mails SET due_at = $2, attempts = attempts + 1 \
                     WHERE conversation_number = $1",
                )
                .bind(number)
                .bind(at)
                .execute(&self.write_pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM acknowledgement_mails WHERE conversation_number = $1")
                    .bind(number)
                    .execute(&self.write_pool)
                    .await?;
            }
        }
        Ok(())
    }
}
