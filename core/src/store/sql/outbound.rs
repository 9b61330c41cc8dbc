// An agent writing to a customer first: a new e-mail conversation, held
// by them from the start.
// Compiled inside each backend's module (see `common.rs`).

/// The customer an agent writes to first, as the rule reads them.
#[derive(sqlx::FromRow)]
struct WritingTo {
    #[sqlx(flatten)]
    fields: crate::contacts::ContactFields,
    blocked: bool,
}

impl Backend {
    /// Opens an e-mail conversation with customer `contact_id`, accepted by
    /// `agent`, for the message `client_id`, as `rule` allows (read under
    /// the customer's row lock): its number, and what to announce. Every
    /// reply in it goes out as mail. Sent before (a retry): the
    /// conversation it opened.
    pub async fn start_email_conversation(
        &self,
        contact_id: i64,
        agent: &switchboard_types::Agent,
        client_id: &lifecycle::ClientId,
        rule: crate::contacts::WriteFirstRule,
    ) -> Result<(i64, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        if let Some(sent) = message_by_client_id(&mut tx, client_id.as_str()).await? {
            return Ok((sent.conversation_number, Vec::new()));
        }
        let found = sqlx::query("UPDATE contacts SET id = id WHERE id = $1 AND merged_into IS NULL")
            .bind(contact_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if found == 0 {
            return Err(Error::NotFound("customer"));
        }
        let (fields, blocked) = sqlx::query_as::<_, WritingTo>(
            "SELECT name, email, phone, company, (blocked_at IS NOT NULL) AS blocked \
             FROM contacts WHERE id = $1",
        )
        .bind(contact_id)
        .fetch_one(&mut *tx)
        .await
        .map(|c| (c.fields, c.blocked))?;
        let open = open_conversation_of(&mut tx, contact_id).await?;
        rule(&fields, blocked, open)?;
        let now = now_ms();
        let actor = Actor::agent(agent);
        let mut published = Vec::new();
        let (number, _) = new_conversation(
            &mut tx,
            contact_id,
            None,
            "email",
            &actor,
            now,
            &mut published,
        )
        .await?;
        let row = conversation_in(&mut tx, number).await?;
        if let Outcome::Changed(change) = lifecycle::accept(&row.state(), agent)? {
            let (_, events) = apply(&mut tx, &row, change, &actor, now).await?;
            published.extend(events);
        }
        tx.commit().await?;
        Ok((number, published))
    }
}
