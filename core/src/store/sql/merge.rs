// Merging one conversation into another of the same customer: one write
// transaction that moves every message and history entry, renumbers the
// joined history in the order it was written, and carries read pointers,
// labels and the e-mail state across.
// Compiled inside each backend's module (see `common.rs`).

/// A message or history entry of either conversation, as the merge moves it.
#[derive(sqlx::FromRow)]
struct Entry {
    /// `m` (a message) or `e` (a history entry).
    kind: String,
    id: i64,
    conversation_number: i64,
    seq: i64,
    created_at: i64,
    author_kind: Option<String>,
    private: Option<bool>,
}

impl Entry {
    fn customer_wrote(&self) -> bool {
        self.kind == "m" && self.author_kind.as_deref() == Some("contact")
    }

    fn public_reply(&self) -> bool {
        self.kind == "m" && self.author_kind.as_deref() == Some("agent") && self.private == Some(false)
    }
}

impl Backend {
    /// Merges `from` into `into` as the rule allows, in one transaction;
    /// the conversation joined, as it now stands, and what to announce.
    pub async fn merge_conversations<F>(
        &self,
        from: i64,
        into: i64,
        actor: &Actor,
        rule: F,
    ) -> Result<(ConversationRow, Vec<Published>)>
    where
        F: FnOnce(lifecycle::MergeSide<'_>, lifecycle::MergeSide<'_>) -> Result<lifecycle::Merge>
            + Send,
    {
        let mut tx = self.begin_write().await?;
        // Both row locks, the lower number first (as any two mergers take
        // them). A conversation merged into itself is locked twice, and the
        // rule says why not.
        let low = lock_conversation(&mut tx, from.min(into)).await?;
        let high = lock_conversation(&mut tx, from.max(into)).await?;
        let (from_row, into_row) = if low.number == from { (low, high) } else { (high, low) };
        let (from_state, into_state) = (from_row.state(), into_row.state());
        let side = |row: &ConversationRow, state| lifecycle::MergeSide {
            number: row.number,
            contact_id: row.contact_id,
            state,
        };
        let merge = rule(side(&from_row, &from_state), side(&into_row, &into_state))?;
        let now = now_ms();
        // The side whose channel the joined conversation keeps, and from
        // which of its replies on they go out by mail.
        let joined = if merge.carries_on_from { &from_row } else { &into_row };
        let mailed_after: i64 = if joined.channel == "email" {
            sqlx::query_scalar("SELECT email_from_seq FROM conversations WHERE number = $1")
                .bind(joined.number)
                .fetch_one(&mut *tx)
                .await?
        } else {
            i64::MAX
        };

        // Every entry of both, in the order written: each conversation's
        // own order kept, the two interleaved by time.
        let entries: Vec<Entry> = sqlx::query_as(
            "SELECT 'm' AS kind, id, conversation_number, seq, created_at, author_kind, private \
             FROM messages WHERE conversation_number IN ($1, $2) \
             UNION ALL \
             SELECT 'e' AS kind, id, conversation_number, seq, created_at, \
             CAST(NULL AS TEXT) AS author_kind, CAST(NULL AS BOOLEAN) AS private \
             FROM conversation_events WHERE conversation_number IN ($1, $2)",
        )
        .bind(from)
        .bind(into)
        .fetch_all(&mut *tx)
        .await?;
        let (mut mine, mut theirs): (Vec<Entry>, Vec<Entry>) =
            entries.into_iter().partition(|e| e.conversation_number == from);
        mine.sort_by_key(|e| e.seq);
        theirs.sort_by_key(|e| e.seq);
        let order = interleave(mine, theirs);

        // Read pointers: each agent has read the joined history up to just
        // before the first customer message they had not read (nothing that
        // was unread becomes read).
        let pointers: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT agent_id, conversation_number, last_read_seq FROM read_pointers \
             WHERE conversation_number IN ($1, $2)",
        )
        .bind(from)
        .bind(into)
        .fetch_all(&mut *tx)
        .await?;
        let mut agents: Vec<i64> = pointers.iter().map(|p| p.0).collect();
        agents.sort_unstable();
        agents.dedup();
        let read_up_to = |agent: i64, entry: &Entry| {
            pointers
                .iter()
                .find(|p| p.0 == agent && p.1 == entry.conversation_number)
                .is_some_and(|p| entry.seq <= p.2)
        };
        let total = order.len() as i64;
        let new_pointers: Vec<(i64, i64)> = agents
            .iter()
            .map(|&agent| {
                let first_unread = order
                    .iter()
                    .position(|e| e.customer_wrote() && !read_up_to(agent, e));
                (agent, first_unread.map_or(total, |i| i as i64))
            })
            .collect();

        // What the joined conversation's row says of its history.
        let seq_of = |i: usize| i as i64 + 1;
        let last_contact_seq = order
            .iter()
            .rposition(Entry::customer_wrote)
            .map_or(0, seq_of);
        let last_reply = order.iter().rposition(Entry::public_reply);
        let waiting_since = order
            .iter()
            .enumerate()
            .filter(|(i, e)| e.customer_wrote() && last_reply.is_none_or(|r| *i > r))
            .map(|(_, e)| e.created_at)
            .min();
        // Replies after `email_from_seq` go out as mail: only those that
        // were due to in their own conversation.
        let email_from_seq = order
            .iter()
            .rposition(|e| e.conversation_number != joined.number || e.seq <= mailed_after)
            .map_or(0, seq_of);
        let (last_message, last_message_at) = [&from_row, &into_row]
            .into_iter()
            .filter(|row| row.last_message.is_some())
            .max_by_key(|row| row.last_message_at)
            .map_or((into_row.last_message.clone(), into_row.last_message_at), |row| {
                (row.last_message.clone(), row.last_message_at)
            });

        // Move and renumber: negative first, so no two rows ever share a
        // place in one history while they move.
        for (i, entry) in order.iter().enumerate() {
            let table = if entry.kind == "m" { "messages" } else { "conversation_events" };
            sqlx::query(&format!(
                "UPDATE {table} SET conversation_number = $2, seq = $3 WHERE id = $1"
            ))
            .bind(entry.id)
            .bind(into)
            .bind(-seq_of(i))
            .execute(&mut *tx)
            .await?;
        }
        for table in ["messages", "conversation_events"] {
            sqlx::query(&format!(
                "UPDATE {table} SET seq = -seq WHERE conversation_number = $1 AND seq < 0"
            ))
            .bind(into)
            .execute(&mut *tx)
            .await?;
        }

        // The pointer first (it leaves the open ones), then the joined one.
        let from_next = &merge.from.next;
        sqlx::query(
            "UPDATE conversations SET status = $2, resolved_by_id = $3, snoozed_until = NULL, \
             merged_into = $4, last_message = $5, last_contact_seq = 0, waiting_since = NULL, \
             updated_at = $6 WHERE number = $1",
        )
        .bind(from)
        .bind(from_next.status.as_str())
        .bind(from_next.resolved_by)
        .bind(into)
        .bind(format!("Merged into #{into}"))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let next = &merge.into.next;
        let previous = match into_row.previous_number {
            Some(p) if p == from => from_row.previous_number,
            other => other,
        };
        sqlx::query(
            "UPDATE conversations SET status = $2, assignee_id = $3, queue_id = $4, \
             resolved_by_id = $5, snoozed_until = $6, last_seq = $7, last_contact_seq = $8, \
             waiting_since = $9, channel = $10, email_from_seq = $11, last_message = $12, \
             last_message_at = $13, previous_number = $14, updated_at = $15 WHERE number = $1",
        )
        .bind(into)
        .bind(next.status.as_str())
        .bind(next.assignee.as_ref().map(|a| a.id))
        .bind(next.queue_id)
        .bind(next.resolved_by)
        .bind(next.snoozed_until)
        .bind(total)
        .bind(last_contact_seq)
        .bind(waiting_since)
        .bind(&joined.channel)
        .bind(email_from_seq)
        .bind(last_message)
        .bind(last_message_at)
        .bind(previous)
        .bind(now)
        .execute(&mut *tx)
        .await
        .on_constraint(|| {
            "this customer already has an open conversation; work on that one instead".into()
        })?;
        // A later conversation that continued the merged one continues
        // the joined one now.
        sqlx::query(
            "UPDATE conversations SET previous_number = $2 WHERE previous_number = $1 AND number <> $2",
        )
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM read_pointers WHERE conversation_number IN ($1, $2)")
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?;
        for (agent, seq) in &new_pointers {
            sqlx::query(
                "INSERT INTO read_pointers (agent_id, conversation_number, last_read_seq) \
                 VALUES ($1, $2, $3)",
            )
            .bind(agent)
            .bind(into)
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO conversation_labels (conversation_number, label_id, created_at) \
             SELECT $2, label_id, created_at FROM conversation_labels WHERE conversation_number = $1 \
             ON CONFLICT (conversation_number, label_id) DO NOTHING",
        )
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM conversation_labels WHERE conversation_number = $1")
            .bind(from)
            .execute(&mut *tx)
            .await?;

        // Each history says so; every agent and the customer are told.
        let mut published = Vec::new();
        let mut joined_row = None;
        for (number, change) in [(from, &merge.from), (into, &merge.into)] {
            let event =
                insert_event(&mut tx, number, change.event, actor, &change.data, now).await?;
            let row = conversation_in(&mut tx, number).await?;
            published
                .extend(tell_agents(&mut tx, LiveEvent::TimelineEvent { event }, &row, now).await?);
            joined_row = Some(row);
        }
        let joined_row = joined_row.ok_or(Error::NotFound("conversation"))?;
        let seen = customer_conversation(&mut tx, &joined_row).await?;
        published.push(
            publish(
                &mut tx,
                Audience::contact(joined_row.contact_id),
                LiveEvent::CustomerConversationUpdated { conversation: seen },
                now,
            )
            .await?,
        );
        for (agent, seq) in new_pointers {
            published.push(read_pointer_moved(&mut tx, agent, into, seq, now).await?);
        }
        resummarise(&mut tx, into, from).await?;
        tx.commit().await?;
        Ok((joined_row, published))
    }
}

/// Two histories, each in its own order, joined by when each entry was
/// written (the earlier conversation's first on a tie).
fn interleave(a: Vec<Entry>, b: Vec<Entry>) -> Vec<Entry> {
    let mut joined = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => (x.created_at, x.conversation_number) <= (y.created_at, y.conversation_number),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return joined,
        };
        joined.extend(if take_a { a.next() } else { b.next() });
    }
}
