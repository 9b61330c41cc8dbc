// A customer's record as agents keep it: the editable fields, notes, and
// the contact log of who changed what. Every change is logged and told to
// every agent in the same transaction.
// Compiled inside each backend's module (see `common.rs`).

const NOTE_SELECT: &str = "SELECT n.id, n.contact_id, n.agent_id, a.name AS agent_name, n.body, \
    n.created_at, n.edited_at FROM contact_notes n JOIN agents a ON a.id = n.agent_id";

impl Backend {
    /// Customers whose name, e-mail, phone, company or attributes match
    /// `pattern` (a lower-case `LIKE` pattern, `\\` escaping), in `sort`'s
    /// order: `limit` from `offset`.
    pub async fn list_contacts(
        &self,
        pattern: &str,
        sort: ContactSort,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ContactSummaryRow>> {
        let order = match sort {
            ContactSort::LastSeen => "COALESCE(s.last_seen_at, 0) DESC, s.id DESC",
            ContactSort::Name => "LOWER(s.name), s.id",
            ContactSort::Newest => "s.id DESC",
        };
        Ok(sqlx::query_as(&format!(
            "SELECT * FROM (SELECT c.id, c.name, c.email, c.phone, c.company, c.created_at, \
               (c.blocked_at IS NOT NULL) AS blocked, \
               (SELECT MAX(v.last_message_at) FROM conversations v \
                WHERE v.contact_id = c.id AND v.deleted_at IS NULL) AS last_seen_at, \
               (SELECT COUNT(*) FROM conversations v WHERE v.contact_id = c.id \
                AND v.deleted_at IS NULL AND v.merged_into IS NULL) AS conversations \
             FROM contacts c \
             WHERE c.merged_into IS NULL AND ($1 = '%' OR LOWER(c.name) LIKE $1 ESCAPE '\\' \
               OR LOWER(COALESCE(c.email, '')) LIKE $1 ESCAPE '\\' \
               OR LOWER(COALESCE(c.phone, '')) LIKE $1 ESCAPE '\\' \
               OR LOWER(COALESCE(c.company, '')) LIKE $1 ESCAPE '\\' \
               OR LOWER(c.attributes) LIKE $1 ESCAPE '\\')) s \
             ORDER BY {order} LIMIT $2 OFFSET $3"
        ))
        .bind(pattern)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The record's editable fields (none for a record merged away).
    pub async fn contact_fields(&self, id: i64) -> Result<Option<crate::contacts::ContactFields>> {
        Ok(
            sqlx::query_as("SELECT name, email, phone, company FROM contacts WHERE id = $1 AND merged_into IS NULL")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Writes an edit of the record and its log entry (`changes` as JSON);
    /// every agent is told, and every list showing the customer's
    /// conversations follows a new name or address.
    pub async fn update_contact(
        &self,
        id: i64,
        fields: &crate::contacts::ContactFields,
        changes: &str,
        agent_id: i64,
    ) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        sqlx::query("UPDATE contacts SET name = $2, email = $3, phone = $4, company = $5 WHERE id = $1")
            .bind(id)
            .bind(&fields.name)
            .bind(&fields.email)
            .bind(&fields.phone)
            .bind(&fields.company)
            .execute(&mut *tx)
            .await?;
        let mut published =
            contact_changed(&mut tx, id, Some(agent_id), "contact.edited", changes, now).await?;
        published.extend(conversations_of_contact_updated(&mut tx, id, now).await?);
        tx.commit().await?;
        Ok(published)
    }

    /// Whether the team knows the customer already: verified by the site,
    /// answered the pre-chat form, or has a conversation.
    pub async fn contact_known_already(&self, id: i64) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT c.identity_verified \
               OR EXISTS (SELECT 1 FROM contact_log l WHERE l.contact_id = c.id AND l.kind = 'contact.prechat') \
               OR EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id) \
             FROM contacts c WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .unwrap_or(true))
    }

    /// Whether the site verified the customer's identity.
    pub async fn contact_verified(&self, id: i64) -> Result<bool> {
        Ok(sqlx::query_scalar("SELECT identity_verified FROM contacts WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .unwrap_or(false))
    }

    /// Writes a customer's answers to the pre-chat form: their details,
    /// their attributes (JSON) and the log entry (`changes`, JSON, theirs);
    /// every agent is told, and lists follow a new name.
    pub async fn fill_from_prechat(
        &self,
        id: i64,
        fields: &crate::contacts::ContactFields,
        attributes: &str,
        changes: &str,
    ) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        sqlx::query(
            "UPDATE contacts SET name = $2, email = $3, phone = $4, attributes = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(&fields.name)
        .bind(&fields.email)
        .bind(&fields.phone)
        .bind(attributes)
        .execute(&mut *tx)
        .await?;
        let mut published = contact_changed(&mut tx, id, None, "contact.prechat", changes, now).await?;
        published.extend(conversations_of_contact_updated(&mut tx, id, now).await?);
        tx.commit().await?;
        Ok(published)
    }

    /// The customer's notes, oldest first.
    pub async fn contact_notes(&self, contact_id: i64) -> Result<Vec<ContactNoteRow>> {
        Ok(sqlx::query_as(&format!("{NOTE_SELECT} WHERE n.contact_id = $1 ORDER BY n.id"))
            .bind(contact_id)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn contact_note(&self, id: i64) -> Result<Option<ContactNoteRow>> {
        Ok(sqlx::query_as(&format!("{NOTE_SELECT} WHERE n.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Adds a note (`changes`: its log entry, as JSON).
    pub async fn insert_contact_note(
        &self,
        contact_id: i64,
        agent_id: i64,
        body: &str,
        changes: &str,
    ) -> Result<(ContactNoteRow, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contact_notes (contact_id, agent_id, body, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(contact_id)
        .bind(agent_id)
        .bind(body)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let published =
            contact_changed(&mut tx, contact_id, Some(agent_id), "note.added", changes, now).await?;
        let note = sqlx::query_as(&format!("{NOTE_SELECT} WHERE n.id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((note, published))
    }

    /// Changes a note's text (`Some`) or deletes it (`None`), with its log
    /// entry.
    pub async fn change_contact_note(
        &self,
        note: &ContactNoteRow,
        body: Option<&str>,
        agent_id: i64,
        changes: &str,
    ) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let kind = match body {
            Some(body) => {
                sqlx::query("UPDATE contact_notes SET body = $2, edited_at = $3 WHERE id = $1")
                    .bind(note.id)
                    .bind(body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                "note.edited"
            }
            None => {
                sqlx::query("DELETE FROM contact_notes WHERE id = $1")
                    .bind(note.id)
                    .execute(&mut *tx)
                    .await?;
                "note.deleted"
            }
        };
        let published =
            contact_changed(&mut tx, note.contact_id, Some(agent_id), kind, changes, now).await?;
        tx.commit().await?;
        Ok(published)
    }

    /// The contact log, newest first: the latest `limit` entries.
    pub async fn contact_log(&self, contact_id: i64, limit: i64) -> Result<Vec<ContactLogRow>> {
        Ok(sqlx::query_as(
            "SELECT l.id, l.agent_id, a.name AS agent_name, l.kind, l.changes, l.created_at \
             FROM contact_log l LEFT JOIN agents a ON a.id = l.agent_id \
             WHERE l.contact_id = $1 ORDER BY l.id DESC LIMIT $2",
        )
        .bind(contact_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// Records a change of the customer's record in its log and tells every
/// agent (those viewing the customer read it again).
async fn contact_changed(
    tx: &mut Tx,
    contact_id: i64,
    agent_id: Option<i64>,
    kind: &str,
    changes: &str,
    now: i64,
) -> Result<Vec<Published>> {
    sqlx::query(
        "INSERT INTO contact_log (contact_id, agent_id, kind, changes, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(contact_id)
    .bind(agent_id)
    .bind(kind)
    .bind(changes)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(vec![
        publish(tx, Audience::AGENTS, LiveEvent::ContactUpdated { contact_id }, now).await?,
    ])
}
