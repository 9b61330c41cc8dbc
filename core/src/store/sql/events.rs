// The live stream (publishing events in the change's transaction,
// reading them back) and read pointers with message delivery states.
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
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
        conversation: Box::new(conversation.clone().into_conversation()),
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
