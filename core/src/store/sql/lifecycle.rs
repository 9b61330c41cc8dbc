// The lifecycle's write transactions: customers and agents sending,
// every change the rules allow, snoozes waking; and the pieces they share.
// Compiled inside each backend's module (see `common.rs`).
// A little past 500 lines on purpose: the transactions read best beside
// the private pieces they share (row locks, seq, events, previews).

impl Backend {
    /// A customer writes, alone in its transaction: appended to their open
    /// conversation, or a new one (see `customer_sends.rs` for the usual
    /// way, several at once).
    async fn customer_send_alone(&self, send: &CustomerSend<'_>) -> Result<Sent> {
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
        let mut opened = false;
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
                let (number, previous) = new_conversation(
                    &mut tx,
                    send.contact.id,
                    send.queue_id,
                    if send.mail.is_some() { "email" } else { "chat" },
                    &actor,
                    now,
                    &mut published,
                )
                .await?;
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
                opened = true;
                conversation_in(&mut tx, number).await?
            }
        };
        if let Some(mail) = send.mail {
            conversation = note_mail(&mut tx, conversation, mail, opened, now).await?;
        }
        let number = conversation.number;
        let last_message = preview(send.body, send.files);
        let attachments = crate::attachments::kept_json(send.files)?;
        // The next seq and the conversation's new state in one statement.
        let seq: i64 = sqlx::query_scalar(
            "UPDATE conversations SET last_seq = last_seq + 1, last_contact_seq = last_seq + 1, \
             last_message = $2, last_message_at = $3, updated_at = $3, \
             waiting_since = COALESCE(waiting_since, $3) WHERE number = $1 \
             RETURNING last_seq",
        )
        .bind(number)
        .bind(&last_message)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO messages (conversation_number, seq, client_id, author_kind, author_contact_id, \
               body, private, signed, created_at, attachments, html, quoted) \
             VALUES ($1, $2, $3, 'contact', $4, $5, FALSE, FALSE, $6, $7, $8, $9) RETURNING id",
        )
        .bind(number)
        .bind(seq)
        .bind(send.client_id.as_str())
        .bind(send.contact.id)
        .bind(send.body.as_str())
        .bind(now)
        .bind(&attachments)
        .bind(send.mail.and_then(|m| m.html.as_deref()))
        .bind(send.mail.and_then(|m| m.quoted.as_deref()))
        .fetch_one(&mut *tx)
        .await?;
        attach_files(&mut tx, id, number, send.files).await?;
        let message = MessageRow {
            attachments,
            quoted: send.mail.and_then(|m| m.quoted.clone()),
            has_html: send.mail.is_some_and(|m| m.html.is_some()),
            ..customer_message(id, send, number, seq, now)
        };
        appended(&mut conversation, seq, last_message, now);
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
            files,
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
            note_reply(&mut tx, &row, agent.id, now).await?;
            sqlx::query(
                "UPDATE conversations SET last_message = $2, last_message_at = $3, updated_at = $3, \
                 waiting_since = NULL WHERE number = $1",
            )
            .bind(number)
            .bind(preview(body, files))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO messages (conversation_number, seq, client_id, author_kind, author_agent_id, \
               body, private, signed, created_at, attachments) \
             VALUES ($1, $2, $3, 'agent', $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(number)
        .bind(seq)
        .bind(client_id.as_str())
        .bind(agent.id)
        .bind(body.as_str())
        .bind(private)
        .bind(signed)
        .bind(now)
        .bind(crate::attachments::kept_json(files)?)
        .fetch_one(&mut *tx)
        .await?;
        attach_files(&mut tx, id, number, files).await?;
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
                    preview(body, files)
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
    .on_constraint(|| {
        "this customer already has an open conversation; work on that one instead".into()
    })?;
    note_change(tx, row, &change, actor, now).await?;
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
            let text = match &conversation.assignee_name {
                Some(_) if conversation.assignee_id == actor.agent_id => {
                    format!("{} took over {what}", actor.name)
                }
                Some(name) => format!("{what} is now with {name} ({})", actor.name),
                None => format!("{what} is back in Pending ({})", actor.name),
            };
            published.push(notify(tx, loses, "taken_over", row.number, text, now).await?);
        }
    }
    // An e-mail ticket just resolved: its customer is asked for a rating
    // by mail a little later (unless it is undone meanwhile).
    if conversation.status() == ConversationStatus::Resolved
        && row.status() != ConversationStatus::Resolved
        && conversation.channel == "email"
    {
        queue_rating_mail(tx, row.number, now + crate::satisfaction::RATING_MAIL_DELAY_MS).await?;
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
/// A new pending conversation of customer `contact_id` in `queue_id` on
/// `channel` (`chat` or `email`), its creation told to agents: its
/// number, and the customer's conversation before it, if any.
async fn new_conversation(
    tx: &mut Tx,
    contact_id: i64,
    queue_id: Option<i64>,
    channel: &str,
    actor: &Actor,
    now: i64,
    published: &mut Vec<Published>,
) -> Result<(i64, Option<i64>)> {
    let previous: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(number) FROM conversations WHERE contact_id = $1 AND merged_into IS NULL",
    )
    .bind(contact_id)
    .fetch_one(&mut **tx)
    .await?;
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO conversations (contact_id, queue_id, status, previous_number, channel, \
           last_message_at, created_at, updated_at) \
         VALUES ($1, $2, 'pending', $3, $4, $5, $5, $5) RETURNING number",
    )
    .bind(contact_id)
    .bind(queue_id)
    .bind(previous)
    .bind(channel)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let event = insert_event(
        tx,
        number,
        EventType::Created,
        actor,
        &serde_json::json!({}),
        now,
    )
    .await?;
    published.push(publish(tx, Audience::AGENTS, LiveEvent::TimelineEvent { event }, now).await?);
    Ok((number, previous))
}

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

/// The live events of a new message: the agents' view, and the customer's
/// unless it is a private note.
async fn announce_message(
    tx: &mut Tx,
    message: &MessageRow,
    conversation: &ConversationRow,
    company_name: &str,
    now: i64,
) -> Result<Vec<Published>> {
    let seen = match message.private {
        false => Some(customer_conversation(tx, conversation).await?),
        true => None,
    };
    publish_all(tx, message_events(message, conversation, company_name, seen), now).await
}

/// What a new message tells: every agent (the message, then the
/// conversation as it now stands) and, unless it is a private note, the
/// customer (the message as they see it, then their conversation, `seen`).
fn message_events(
    message: &MessageRow,
    conversation: &ConversationRow,
    company_name: &str,
    seen: Option<CustomerConversation>,
) -> Vec<(Audience, LiveEvent)> {
    let created = LiveEvent::MessageCreated {
        message: message.clone().into_message(),
    };
    let mut events = for_agents(created, conversation);
    if let Some(conversation_seen) = seen {
        let customer = Audience::contact(conversation.contact_id);
        events.push((
            customer,
            LiveEvent::MessageCreated {
                message: message.clone().into_customer_message(company_name),
            },
        ));
        events.push((
            customer,
            LiveEvent::CustomerConversationUpdated {
                conversation: conversation_seen,
            },
        ));
    }
    events
}

/// A customer's message as stored (no files, no mail: those are added by
/// whoever has them).
fn customer_message(id: i64, send: &CustomerSend<'_>, number: i64, seq: i64, now: i64) -> MessageRow {
    MessageRow {
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
        attachments: None,
        quoted: None,
        has_html: false,
    }
}

/// The conversation as a customer's message `seq` leaves it (what the
/// statement that gave the seq wrote).
fn appended(conversation: &mut ConversationRow, seq: i64, preview: String, now: i64) {
    conversation.last_seq = seq;
    conversation.last_message = Some(preview);
    conversation.last_message_at = now;
    conversation.updated_at = now;
    conversation.waiting_since.get_or_insert(now);
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

/// The list preview of a message: its first line, shortened; its files'
/// names when it is files alone.
fn preview(body: &str, files: &[crate::attachments::Kept]) -> String {
    const MAX: usize = 140;
    if body.is_empty() {
        if let Some(first) = files.first() {
            return match files.len() {
                1 => format!("📎 {}", first.name),
                n => format!("📎 {} and {} more", first.name, n - 1),
            };
        }
    }
    let line = body.lines().next().unwrap_or_default();
    if line.chars().count() > MAX {
        format!("{}…", line.chars().take(MAX).collect::<String>())
    } else {
        line.to_string()
    }
}
