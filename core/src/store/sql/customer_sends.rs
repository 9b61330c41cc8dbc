// Group commit of customers' messages: those that arrive while the writer
// is busy are stored together, in one transaction of the same few
// statements whatever their number (one read of the client ids, one of
// the open conversations, one UPDATE of the conversations, one INSERT of
// the messages, one of their live events), then each is answered.
// The usual message only: one with files or from e-mail, one that opens a
// conversation or wakes a snoozed one, a retry, or a customer's other
// messages in the same batch then, is written alone (`customer_send_alone`)
// after the batch, by every rule of that path.
// Compiled inside each backend's module (see `common.rs`).

/// A customer's open conversation, and who signed its latest reply.
#[derive(sqlx::FromRow)]
struct OpenConversation {
    #[sqlx(flatten)]
    row: ConversationRow,
    operator: Option<String>,
}

const OPEN_CONVERSATIONS: &str = concat!(
    "SELECT ",
    conversation_columns!(),
    ", CAST(0 AS BIGINT) AS unread_count, \
     (SELECT oa.name FROM messages om JOIN agents oa ON oa.id = om.author_agent_id \
      WHERE om.conversation_number = c.number AND om.author_kind = 'agent' AND om.private = FALSE \
        AND om.signed = TRUE ORDER BY om.seq DESC LIMIT 1) AS operator",
    conversation_joins!(),
    " WHERE c.status <> 'resolved' AND c.deleted_at IS NULL AND c.contact_id IN ("
);

impl Backend {
    /// A customer writes: appended to their open conversation, or a new one.
    pub async fn customer_send(&self, send: &CustomerSend<'_>) -> Result<Sent> {
        if !send.files.is_empty() || send.mail.is_some() {
            return self.customer_send_alone(send).await;
        }
        let queued = QueuedSend::of(send);
        match self
            .customer_sends
            .submit(queued, |batch| self.customer_sends_together(batch))
            .await
        {
            Some(sent) => sent,
            // Its batch was lost with the request that led it: written
            // alone now, or found stored by its client_id.
            None => self.customer_send_alone(send).await,
        }
    }

    /// A batch of customers' messages, each answered in order: those that
    /// can be stored together are, in one transaction; the rest alone.
    async fn customer_sends_together(&self, batch: Vec<QueuedSend>) -> Vec<Result<Sent>> {
        let stored = match self.append_together(&batch).await {
            Ok(stored) => stored,
            Err(e) => {
                // Nothing of the batch was stored: each is tried alone, so
                // one bad message never fails its neighbours.
                tracing::debug!(error = %e, "a group commit failed; its messages are written alone");
                batch.iter().map(|_| None).collect()
            }
        };
        let mut answers = Vec::with_capacity(batch.len());
        for (queued, sent) in batch.iter().zip(stored) {
            answers.push(match sent {
                Some(sent) => Ok(sent),
                None => self.customer_send_alone(&queued.as_send()).await,
            });
        }
        answers
    }

    /// Stores, in one transaction, the messages of `batch` that append to
    /// their customer's open conversation and leave it as it is: each one's
    /// `Sent`, or `None` for those to be written alone.
    async fn append_together(&self, batch: &[QueuedSend]) -> Result<Vec<Option<Sent>>> {
        let mut stored: Vec<Option<Sent>> = batch.iter().map(|_| None).collect();
        let mut tx = self.begin_write().await?;
        let mut taken = sqlx::QueryBuilder::<Db>::new("SELECT client_id FROM messages WHERE client_id IN (");
        let mut ids = taken.separated(", ");
        for queued in batch {
            ids.push_bind(queued.client_id.as_str());
        }
        ids.push_unseparated(")");
        let taken: std::collections::HashSet<String> =
            taken.build_query_scalar().fetch_all(&mut *tx).await?.into_iter().collect();
        let mut contacts: Vec<i64> = batch.iter().map(|q| q.contact.id).collect();
        contacts.sort_unstable();
        contacts.dedup();
        let mut open = sqlx::QueryBuilder::<Db>::new(OPEN_CONVERSATIONS);
        let mut ids = open.separated(", ");
        for id in &contacts {
            ids.push_bind(*id);
        }
        ids.push_unseparated(")");
        let open: Vec<OpenConversation> = open.build_query_as().fetch_all(&mut *tx).await?;
        let open_of: HashMap<i64, &OpenConversation> =
            open.iter().map(|o| (o.row.contact_id, o)).collect();

        // Which go together: a customer's messages all do, or none does
        // (so their order holds).
        let mut seen = std::collections::HashSet::new();
        let mut alone = std::collections::HashSet::new();
        for queued in batch {
            let usual = !taken.contains(queued.client_id.as_str())
                && seen.insert(queued.client_id.as_str())
                && open_of.get(&queued.contact.id).is_some_and(|o| {
                    matches!(lifecycle::wake(&o.row.state()), Outcome::Unchanged)
                });
            if !usual {
                alone.insert(queued.contact.id);
            }
        }
        // Each message that goes together, with its conversation.
        let together: Vec<(usize, &OpenConversation)> = batch
            .iter()
            .enumerate()
            .filter(|(_, queued)| !alone.contains(&queued.contact.id))
            .filter_map(|(i, queued)| Some((i, *open_of.get(&queued.contact.id)?)))
            .collect();
        if together.is_empty() {
            return Ok(stored);
        }

        // Each conversation's new messages: how many, and the last one's
        // preview; one statement moves every conversation on.
        let now = now_ms();
        let previews: Vec<String> = together
            .iter()
            .map(|&(i, _)| preview(&batch[i].body, &[]))
            .collect();
        let mut added: Vec<(i64, i64, &str)> = Vec::new();
        for ((_, open), preview) in together.iter().zip(&previews) {
            let number = open.row.number;
            match added.iter_mut().find(|a| a.0 == number) {
                Some(a) => (a.1, a.2) = (a.1 + 1, preview),
                None => added.push((number, 1, preview)),
            }
        }
        let mut moved = sqlx::QueryBuilder::<Db>::new(
            "UPDATE conversations SET last_seq = conversations.last_seq + v.column2, \
             last_contact_seq = conversations.last_seq + v.column2, last_message = v.column3, \
             last_message_at = ",
        );
        moved.push_bind(now).push(", updated_at = ").push_bind(now);
        moved.push(", waiting_since = COALESCE(conversations.waiting_since, ").push_bind(now);
        moved.push(") FROM (");
        moved.push_values(&added, |mut row, (number, count, preview)| {
            row.push_bind(*number).push_bind(*count).push_bind(*preview);
        });
        moved.push(
            ") AS v WHERE conversations.number = v.column1 AND conversations.status <> 'resolved' \
             RETURNING number, last_seq",
        );
        let last_seqs: HashMap<i64, i64> = moved
            .build_query_as::<(i64, i64)>()
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        // The seq each conversation's first new message takes.
        let mut next_seq = HashMap::new();
        for (number, count, _) in &added {
            let last = last_seqs.get(number).ok_or_else(|| {
                Error::Conflict(format!("#{number} was resolved while a message was added"))
            })?;
            next_seq.insert(*number, last - count + 1);
        }
        let mut messages = Vec::with_capacity(together.len());
        for &(i, open) in &together {
            let seq = next_seq.entry(open.row.number).or_default();
            messages.push((i, open, *seq));
            *seq += 1;
        }
        let mut insert = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO messages (conversation_number, seq, client_id, author_kind, \
             author_contact_id, body, private, signed, created_at) ",
        );
        insert.push_values(&messages, |mut row, &(i, open, seq)| {
            row.push_bind(open.row.number)
                .push_bind(seq)
                .push_bind(batch[i].client_id.as_str())
                .push("'contact'")
                .push_bind(batch[i].contact.id)
                .push_bind(batch[i].body.as_str())
                .push("FALSE")
                .push("FALSE")
                .push_bind(now);
        });
        insert.push(" RETURNING client_id, id");
        let message_ids: HashMap<String, i64> = insert
            .build_query_as::<(String, i64)>()
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();

        // Each message's events, with its conversation as it left it.
        let mut conversations: HashMap<i64, ConversationRow> = HashMap::new();
        let mut written = Vec::with_capacity(messages.len());
        let mut events = Vec::new();
        for ((i, open, seq), preview) in messages.into_iter().zip(previews) {
            let (queued, number) = (&batch[i], open.row.number);
            let id = *message_ids
                .get(queued.client_id.as_str())
                .ok_or(Error::NotFound("message"))?;
            let conversation = conversations
                .entry(number)
                .or_insert_with(|| open.row.clone());
            appended(conversation, seq, preview, now);
            let message = customer_message(id, &queued.as_send(), number, seq, now);
            let seen = CustomerConversation {
                number,
                status: conversation.status(),
                operator: open.operator.clone(),
            };
            let told = message_events(&message, conversation, &queued.company_name, Some(seen));
            written.push((i, message, conversation.clone(), told.len()));
            events.extend(told);
        }
        let mut published = publish_all(&mut tx, events, now).await?.into_iter();
        tx.commit().await?;
        for (i, message, conversation, told) in written {
            stored[i] = Some(Sent {
                message,
                conversation,
                published: published.by_ref().take(told).collect(),
            });
        }
        Ok(stored)
    }
}
