// Customers (contacts): identity, tokens, e-mail, attributes, blocking,
// and what a customer reads of their own conversations.
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
    /// A new customer with their first token; `identifier` is the host
    /// site's id of a verified customer (unique).
    pub async fn insert_contact(
        &self,
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        identifier: Option<&str>,
        identity_verified: bool,
        token_digest: &str,
    ) -> Result<ContactRow> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let contact: ContactRow = sqlx::query_as(
            "INSERT INTO contacts (name, email, phone, identifier, identity_verified, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, email",
        )
        .bind(name)
        .bind(email)
        .bind(phone)
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

    /// The customer with this e-mail address (any case; the first, when
    /// several share it).
    pub async fn contact_by_email(&self, email: &str) -> Result<Option<ContactRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, email FROM contacts WHERE LOWER(email) = LOWER($1) \
             AND merged_into IS NULL ORDER BY id LIMIT 1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?)
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

    pub async fn contact_by_token(&self, digest: &str) -> Result<Option<ContactRow>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.name, c.email FROM contacts c \
             JOIN contact_tokens t ON t.contact_id = c.id WHERE t.token_hash = $1",
        )
        .bind(digest)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The customer's current conversation: the open one, else the latest
    /// (never one merged away).
    pub async fn latest_conversation_of(&self, contact_id: i64) -> Result<Option<ConversationRow>> {
        Ok(sqlx::query_as(&format!(
            "{SHARED_CONVERSATION_SELECT} WHERE c.contact_id = $1 AND c.deleted_at IS NULL \
             AND c.merged_into IS NULL \
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
        let published = conversations_of_contact_updated(&mut tx, id, now).await?;
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
}

/// Every agent's lists follow a change of the customer (blocked, a new
/// name or address): each of their conversations as it now stands.
async fn conversations_of_contact_updated(
    tx: &mut Tx,
    contact_id: i64,
    now: i64,
) -> Result<Vec<Published>> {
    let rows: Vec<ConversationRow> = sqlx::query_as(&format!(
        "{SHARED_CONVERSATION_SELECT} WHERE c.contact_id = $1 ORDER BY c.number"
    ))
    .bind(contact_id)
    .fetch_all(&mut **tx)
    .await?;
    let events = rows
        .into_iter()
        .map(|row| {
            let conversation = Box::new(row.into_conversation());
            (Audience::AGENTS, LiveEvent::ConversationUpdated { conversation })
        })
        .collect();
    publish_all(tx, events, now).await
}
