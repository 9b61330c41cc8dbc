// Reading conversations: one, a view's list and counts, the timeline,
// search.
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
    pub async fn conversation(&self, viewer: i64, number: i64) -> Result<Option<ConversationRow>> {
        Ok(
            sqlx::query_as(&format!("{CONVERSATION_SELECT} WHERE c.number = $2"))
                .bind(viewer)
                .bind(number)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// One page of a tab in `sort`'s order, of the conversations carrying
    /// every one of `label_ids`; `after` is the sort key and number of the
    /// last row of the previous page (`ConversationRow::sort_key`).
    #[allow(clippy::too_many_arguments)]
    pub async fn list_conversations(
        &self,
        viewer: i64,
        view: View,
        tab: Tab,
        label_ids: &[i64],
        sort: Sort,
        after: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<Vec<ConversationRow>> {
        let (view_word, queue_id) = view_binds(view);
        let (key, past, direction) = match sort {
            Sort::Newest => ("c.last_message_at".to_string(), "<", "DESC"),
            Sort::Oldest => ("c.last_message_at".to_string(), ">", "ASC"),
            Sort::WaitingLongest => (wait_key(), ">", "ASC"),
        };
        let start = if direction == "DESC" { i64::MAX } else { i64::MIN };
        let (after_key, after_number) = after.unwrap_or((start, start));
        let labelled = carrying(label_ids);
        Ok(sqlx::query_as(&format!(
            "{CONVERSATION_SELECT} WHERE {VIEW_FILTER} AND c.status = $4{labelled} \
             AND ({key}, c.number) {past} ($5, $6) \
             ORDER BY {key} {direction}, c.number {direction} LIMIT $7"
        ))
        .bind(viewer)
        .bind(view_word)
        .bind(queue_id)
        .bind(tab.as_str())
        .bind(after_key)
        .bind(after_number)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Conversations in Pending whose customer has waited longer than their
    /// queue allows, at `now`; the longest wait first.
    pub async fn overdue_pending(&self, now: i64, limit: i64) -> Result<Vec<ConversationRow>> {
        Ok(sqlx::query_as(&format!(
            "{SHARED_CONVERSATION_SELECT} WHERE c.status = 'pending' AND c.deleted_at IS NULL \
             AND ct.blocked_at IS NULL AND c.waiting_since IS NOT NULL \
             AND c.waiting_since + COALESCE(q.wait_minutes, {DEFAULT_WAIT_MINUTES}) * 60000 <= $1 \
             ORDER BY c.waiting_since, c.number LIMIT $2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The agent's live conversations grouped by status, queue and
    /// assignee, with how many of each hold unread customer messages: read
    /// from the counts the changes keep (migration 0028), never a scan.
    pub async fn count_rows(&self, viewer: i64) -> Result<Vec<CountRow>> {
        Ok(sqlx::query_as(
            "SELECT s.status, NULLIF(s.queue_id, 0) AS queue_id, NULLIF(s.assignee_id, 0) AS assignee_id, \
               s.blocked, s.count, s.contacted - COALESCE(r.count, 0) AS unread \
             FROM tab_counts s LEFT JOIN tab_reads r ON r.agent_id = $1 AND r.status = s.status \
               AND r.queue_id = s.queue_id AND r.assignee_id = s.assignee_id AND r.blocked = s.blocked \
             WHERE s.count <> 0",
        )
        .bind(viewer)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The same, counted afresh from every conversation: a grouped read of
    /// them all (what the kept counts must always equal).
    pub async fn recounted_rows(&self, viewer: i64) -> Result<Vec<CountRow>> {
        Ok(sqlx::query_as(
            "SELECT c.status, c.queue_id, c.assignee_id, (ct.blocked_at IS NOT NULL) AS blocked, COUNT(*) AS count, \
               SUM(CASE WHEN c.last_contact_seq > COALESCE(rp.last_read_seq, 0) THEN 1 ELSE 0 END) AS unread \
             FROM conversations c JOIN contacts ct ON ct.id = c.contact_id \
             LEFT JOIN read_pointers rp ON rp.agent_id = $1 AND rp.conversation_number = c.number \
             WHERE c.deleted_at IS NULL \
             GROUP BY c.status, c.queue_id, c.assignee_id, (ct.blocked_at IS NOT NULL)",
        )
        .bind(viewer)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Messages and events after `after_seq`, in `seq` order.
    pub async fn timeline(&self, number: i64, after_seq: i64) -> Result<Vec<TimelineItem>> {
        let messages: Vec<MessageRow> = sqlx::query_as(&format!(
            "{MESSAGE_SELECT} WHERE m.conversation_number = $1 AND m.seq > $2 ORDER BY m.seq"
        ))
        .bind(number)
        .bind(after_seq)
        .fetch_all(&self.pool)
        .await?;
        let events: Vec<EventRow> = sqlx::query_as(&format!(
            "{EVENT_SELECT} WHERE e.conversation_number = $1 AND e.seq > $2 ORDER BY e.seq"
        ))
        .bind(number)
        .bind(after_seq)
        .fetch_all(&self.pool)
        .await?;
        let mut items: Vec<TimelineItem> = messages
            .into_iter()
            .map(|m| TimelineItem::Message(m.into_message()))
            .chain(events.into_iter().map(|e| TimelineItem::Event(e.into())))
            .collect();
        items.sort_by_key(TimelineItem::seq);
        Ok(items)
    }

    /// Why each failed message of the conversation failed, by message id.
    pub async fn failures(&self, number: i64) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, error FROM messages WHERE conversation_number = $1 AND status = 'failed' \
             AND error IS NOT NULL ORDER BY seq",
        )
        .bind(number)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Where the agent's read pointer in the conversation stands (0: nothing read).
    pub async fn read_pointer(&self, agent_id: i64, number: i64) -> Result<i64> {
        let seq: Option<i64> = sqlx::query_scalar(
            "SELECT last_read_seq FROM read_pointers WHERE agent_id = $1 AND conversation_number = $2",
        )
        .bind(agent_id)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?;
        Ok(seq.unwrap_or(0))
    }

    /// A conversation as everyone shares it (no one's unread count).
    pub async fn shared_conversation(&self, number: i64) -> Result<Option<ConversationRow>> {
        Ok(
            sqlx::query_as(&format!("{SHARED_CONVERSATION_SELECT} WHERE c.number = $1"))
                .bind(number)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Conversations whose messages hold all the words, or whose customer's
    /// name or e-mail contains the text, carrying every one of `label_ids`;
    /// newest first. No words: the labels' conversations.
    pub async fn search(
        &self,
        viewer: i64,
        text: &str,
        label_ids: &[i64],
        limit: i64,
    ) -> Result<Vec<ConversationRow>> {
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(8)
            .collect();
        let labelled = carrying(label_ids);
        if words.is_empty() {
            if label_ids.is_empty() {
                return Ok(Vec::new());
            }
            return Ok(sqlx::query_as(&format!(
                "{CONVERSATION_SELECT} WHERE c.deleted_at IS NULL AND ct.blocked_at IS NULL{labelled} \
                 ORDER BY c.last_message_at DESC, c.number DESC LIMIT $2"
            ))
            .bind(viewer)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?);
        }
        let (matching, terms) = match DIALECT {
            Dialect::Sqlite => (
                "SELECT m.conversation_number FROM message_search s JOIN messages m ON m.id = s.rowid \
                 WHERE message_search MATCH $2",
                words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" "),
            ),
            Dialect::Postgres => (
                "SELECT conversation_number FROM messages \
                 WHERE to_tsvector('simple', body) @@ to_tsquery('simple', $2)",
                words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & "),
            ),
        };
        Ok(sqlx::query_as(&format!(
            "{CONVERSATION_SELECT} WHERE c.deleted_at IS NULL AND ct.blocked_at IS NULL{labelled} AND (c.number IN ({matching}) \
               OR LOWER(ct.name) LIKE $3 ESCAPE '\\' OR LOWER(COALESCE(ct.email, '')) LIKE $3 ESCAPE '\\') \
             ORDER BY c.last_message_at DESC, c.number DESC LIMIT $4"
        ))
        .bind(viewer)
        .bind(terms)
        .bind(like_pattern(text))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// The longest wait first, then those answered: what
/// `ConversationRow::sort_key` says in Rust, and the expression of the
/// `conversations_by_wait` index (written alike, so the index serves it).
fn wait_key() -> String {
    format!("COALESCE(c.waiting_since, {ANSWERED_AFTER} + c.last_message_at)")
}

/// A `LIKE … ESCAPE '\\'` pattern finding `text` anywhere, in any case
/// (compare with `LOWER(column)`).
fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}
