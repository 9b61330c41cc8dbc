// Reports' reads and their summary: the figures of a period by agent,
// queue or label, read from the summary of first responses and
// resolutions that each change keeps in its own transaction, and the
// summary rebuilt from the history. Compiled inside each backend's module
// (see `common.rs`).

/// Where one source of figures keeps its time, agent and queue, which
/// conversation each row is of (`c` is that conversation where the source
/// joins it), and the condition that it is neither deleted nor merged.
struct Source {
    from: &'static str,
    number: &'static str,
    kept: &'static str,
    time: &'static str,
    agent: &'static str,
    queue: &'static str,
}

/// Deleted and merged conversations count for nothing: where the source
/// joins its conversation, its columns say so; where not, the few removed
/// conversations are listed once (an index of their own) rather than
/// every row's conversation read.
const KEPT_JOINED: &str = "c.deleted_at IS NULL AND c.merged_into IS NULL";
const KEPT_ASKED: &str = "f.conversation_number NOT IN (SELECT gone.number FROM conversations gone \
     WHERE gone.deleted_at IS NOT NULL OR gone.merged_into IS NOT NULL)";

const NEW: Source = Source {
    from: "conversations c",
    number: "c.number",
    kept: KEPT_JOINED,
    time: "c.created_at",
    agent: "COALESCE(c.assignee_id, c.resolved_by_id)",
    queue: "c.queue_id",
};
/// A reopen counts for whoever had resolved the conversation.
const REOPENED: Source = Source {
    from: "conversation_events e JOIN conversations c ON c.number = e.conversation_number",
    number: "c.number",
    kept: KEPT_JOINED,
    time: "e.created_at",
    agent: "(SELECT r.agent_id FROM report_resolutions r \
            WHERE r.conversation_number = e.conversation_number AND r.resolved_at <= e.created_at \
            ORDER BY r.resolved_at DESC, r.id DESC LIMIT 1)",
    queue: "c.queue_id",
};
const FIRST_RESPONSES: Source = Source {
    from: "report_first_responses f",
    number: "f.conversation_number",
    kept: KEPT_ASKED,
    time: "f.answered_at",
    agent: "f.agent_id",
    queue: "f.queue_id",
};
const RESOLUTIONS: Source = Source {
    from: "report_resolutions f",
    number: "f.conversation_number",
    kept: KEPT_ASKED,
    time: "f.resolved_at",
    agent: "f.agent_id",
    queue: "f.queue_id",
};
const RATINGS: Source = Source {
    from: "ratings f",
    number: "f.conversation_number",
    kept: KEPT_ASKED,
    time: "f.rated_at",
    agent: "f.agent_id",
    queue: "f.queue_id",
};

/// `SELECT key, {columns} FROM` the source, narrowed by the filter
/// (`$1`..`$5`), each row keyed as `by` asks: a conversation with two
/// labels counts once under each.
fn report_select(source: &Source, by: By, columns: &str, more: &str) -> String {
    let number = source.number;
    let (key, label_join) = match by {
        By::Team => ("CAST(NULL AS BIGINT)".to_string(), String::new()),
        By::Agent => (source.agent.to_string(), String::new()),
        By::Queue => (source.queue.to_string(), String::new()),
        By::Label => (
            "l.label_id".to_string(),
            format!(" JOIN conversation_labels l ON l.conversation_number = {number}"),
        ),
    };
    format!(
        "SELECT {key} AS key, {columns} FROM {from}{label_join} \
         WHERE {time} >= $1 AND {time} < $2 AND {kept} \
           AND ($3 IS NULL OR {agent} = $3) AND ($4 IS NULL OR {queue} = $4) \
           AND ($5 IS NULL OR EXISTS (SELECT 1 FROM conversation_labels fl \
                WHERE fl.conversation_number = {number} AND fl.label_id = $5)) {more}",
        from = source.from,
        kept = source.kept,
        time = source.time,
        agent = source.agent,
        queue = source.queue,
    )
}

/// SQL listing `value` of every row of the group, comma-separated (read
/// back by [`numbers`]).
fn list(value: &str) -> String {
    format!("string_agg(CAST({value} AS TEXT), ',')")
}

/// The numbers of a [`list`].
fn numbers(list: &str) -> Result<Vec<i64>> {
    (list.split(','))
        .filter(|n| !n.is_empty())
        .map(|n| {
            n.parse()
                .map_err(|_| Error::Internal(format!("a report's sample {n:?} is not a number")))
        })
        .collect()
}

impl Backend {
    /// What a period's figures are made of, keyed as `by` asks.
    pub async fn report_samples(&self, filter: ReportFilter, by: By) -> Result<Samples> {
        macro_rules! read {
            ($sql:expr $(, $row:ty)?) => {
                sqlx::query_as$(::<_, $row>)?(&$sql)
                    .bind(filter.from)
                    .bind(filter.to)
                    .bind(filter.agent_id)
                    .bind(filter.queue_id)
                    .bind(filter.label_id)
                    .fetch_all(&self.pool)
            };
        }
        // Each key's samples come as one list (a row per sample would cost
        // a hand-off each on SQLite's worker thread).
        let new = report_select(&NEW, by, &list("c.created_at / 3600000"), "GROUP BY 1");
        let reopened = report_select(
            &REOPENED,
            by,
            "COUNT(*)",
            "AND e.event_type = 'conversation.reopened' AND e.data NOT LIKE '%\"undone\":true%' \
             GROUP BY 1",
        );
        let responses = report_select(
            &FIRST_RESPONSES,
            by,
            &format!("{}, {}", list("f.answered_at - f.asked_at"), list("f.business_ms")),
            "GROUP BY 1",
        );
        let resolutions = report_select(
            &RESOLUTIONS,
            by,
            &format!(
                "{}, {}, {}",
                list("f.resolved_at / 3600000"),
                list("f.resolved_at - f.started_at"),
                list("f.business_ms")
            ),
            "GROUP BY 1",
        );
        let ratings = report_select(&RATINGS, by, "COUNT(*), CAST(SUM(f.score) AS BIGINT)", "GROUP BY 1");
        let (new, reopened, first_responses, resolutions, ratings) = tokio::try_join!(
            read!(new, (Option<i64>, String)),
            read!(reopened),
            read!(responses, (Option<i64>, String, String)),
            read!(resolutions, (Option<i64>, String, String, String)),
            read!(ratings),
        )?;
        let intervals = |all: &str, business: &str| -> Result<Intervals> {
            Ok(Intervals {
                all_ms: numbers(all)?,
                business_ms: numbers(business)?,
            })
        };
        Ok(Samples {
            new: (new.iter())
                .map(|(key, hours)| Ok((*key, numbers(hours)?)))
                .collect::<Result<_>>()?,
            reopened,
            first_responses: (first_responses.iter())
                .map(|(key, all, business)| Ok((*key, intervals(all, business)?)))
                .collect::<Result<_>>()?,
            resolutions: (resolutions.iter())
                .map(|(key, hours, all, business)| {
                    Ok((*key, numbers(hours)?, intervals(all, business)?))
                })
                .collect::<Result<_>>()?,
            ratings,
        })
    }

    /// New conversations of a period (as the filter narrows them) per hour
    /// since the epoch: `(hour, count)`.
    pub async fn conversations_by_hour(&self, filter: ReportFilter) -> Result<Vec<(i64, i64)>> {
        let rows: Vec<(Option<i64>, i64, i64)> = sqlx::query_as(&report_select(
            &NEW,
            By::Team,
            "c.created_at / 3600000 AS hour, COUNT(*)",
            "GROUP BY 1, 2",
        ))
        .bind(filter.from)
        .bind(filter.to)
        .bind(filter.agent_id)
        .bind(filter.queue_id)
        .bind(filter.label_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(_, hour, count)| (hour, count)).collect())
    }

    /// Conversations in Pending, since when the longest waits, and how
    /// many each agent holds.
    pub async fn waiting(&self) -> Result<Waiting> {
        let (pending, since): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(COALESCE(waiting_since, created_at)) FROM conversations \
             WHERE status = 'pending' AND deleted_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        let holding = sqlx::query_as(
            "SELECT assignee_id, COUNT(*) FROM conversations \
             WHERE status IN ('working_on', 'snoozed') AND assignee_id IS NOT NULL \
               AND deleted_at IS NULL GROUP BY assignee_id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(Waiting {
            pending,
            since,
            holding,
        })
    }

    /// The summary as stored, in a stable order.
    pub async fn report_summary(&self) -> Result<(Vec<FirstResponseRow>, Vec<ResolutionRow>)> {
        let responses = sqlx::query_as(
            "SELECT conversation_number, queue_id, agent_id, asked_at, answered_at, business_ms \
             FROM report_first_responses ORDER BY conversation_number",
        )
        .fetch_all(&self.pool)
        .await?;
        let resolutions = sqlx::query_as(
            "SELECT conversation_number, queue_id, agent_id, started_at, resolved_at, business_ms \
             FROM report_resolutions ORDER BY conversation_number, resolved_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok((responses, resolutions))
    }

    /// The summary as the whole history says it should be, in the order
    /// of [`Backend::report_summary`].
    pub async fn recomputed_report_summary(
        &self,
    ) -> Result<(Vec<FirstResponseRow>, Vec<ResolutionRow>)> {
        let mut conn = self.pool.acquire().await?;
        recompute_summary(&mut conn, 0, i64::MAX).await
    }

    /// Writes the summary afresh from the whole history (a database from
    /// before the summary, once): one transaction, read a few thousand
    /// conversations at a time.
    pub async fn rebuild_report_summary(&self) -> Result<()> {
        const BATCH: i64 = 5_000;
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM report_first_responses").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM report_resolutions").execute(&mut *tx).await?;
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(number) FROM conversations")
            .fetch_one(&mut *tx)
            .await?;
        for first in (1..=last.unwrap_or(0)).step_by(BATCH as usize) {
            let (responses, resolutions) =
                recompute_summary(&mut tx, first, first + BATCH - 1).await?;
            store_summary(&mut tx, &responses, &resolutions).await?;
        }
        sqlx::query("UPDATE settings SET value = 'true' WHERE key = 'report_facts_built'")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether the summary still has to be built from the history.
    pub async fn report_summary_missing(&self) -> Result<bool> {
        let built: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'report_facts_built'")
                .fetch_optional(&self.pool)
                .await?;
        Ok(built.as_deref() == Some("false"))
    }
}

/// The histories of conversations `first` to `last`, in order, read as
/// the summary defines them.
async fn recompute_summary(
    conn: &mut <Db as sqlx::Database>::Connection,
    first: i64,
    last: i64,
) -> Result<(Vec<FirstResponseRow>, Vec<ResolutionRow>)> {
    let history: Vec<HistoryRow> = sqlx::query_as(
        "SELECT conversation_number, 'm' AS kind, seq, created_at, author_kind, private, \
           author_agent_id AS agent_id, CAST(NULL AS TEXT) AS event_type, CAST(NULL AS TEXT) AS data \
         FROM messages WHERE conversation_number BETWEEN $1 AND $2 \
         UNION ALL \
         SELECT conversation_number, 'e' AS kind, seq, created_at, CAST(NULL AS TEXT), \
           CAST(NULL AS BOOLEAN), actor_agent_id, event_type, data \
         FROM conversation_events WHERE conversation_number BETWEEN $1 AND $2 \
         ORDER BY 1, 3",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let queues: Vec<(i64, Option<String>)> = sqlx::query_as("SELECT id, working_hours FROM queues")
        .fetch_all(&mut *conn)
        .await?;
    let schedules: HashMap<i64, Schedule> = queues
        .into_iter()
        .filter_map(|(id, hours)| Some((id, schedule_of(hours.as_deref())?)))
        .collect();
    let queue_now: HashMap<i64, Option<i64>> = sqlx::query_as(
        "SELECT number, queue_id FROM conversations WHERE number BETWEEN $1 AND $2",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let (mut responses, mut resolutions) = (Vec::new(), Vec::new());
    for entries in history.chunk_by(|a, b| a.conversation_number == b.conversation_number) {
        let number = entries[0].conversation_number;
        let summary = crate::reports::summarise(
            number,
            queue_now.get(&number).copied().flatten(),
            entries,
            |queue, from, to| crate::reports::working_ms(queue.and_then(|q| schedules.get(&q)), from, to),
        );
        responses.extend(summary.first_response);
        resolutions.extend(summary.resolutions);
    }
    Ok((responses, resolutions))
}

async fn store_summary(
    tx: &mut Tx,
    responses: &[FirstResponseRow],
    resolutions: &[ResolutionRow],
) -> Result<()> {
    for r in responses {
        sqlx::query(
            "INSERT INTO report_first_responses \
               (conversation_number, queue_id, agent_id, asked_at, answered_at, business_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(r.conversation_number)
        .bind(r.queue_id)
        .bind(r.agent_id)
        .bind(r.asked_at)
        .bind(r.answered_at)
        .bind(r.business_ms)
        .execute(&mut **tx)
        .await?;
    }
    for r in resolutions {
        sqlx::query(
            "INSERT INTO report_resolutions \
               (conversation_number, queue_id, agent_id, started_at, resolved_at, business_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(r.conversation_number)
        .bind(r.queue_id)
        .bind(r.agent_id)
        .bind(r.started_at)
        .bind(r.resolved_at)
        .bind(r.business_ms)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A queue's working hours as stored, ready to measure with.
fn schedule_of(stored: Option<&str>) -> Option<Schedule> {
    let hours: switchboard_types::WorkingHours = serde_json::from_str(stored?).ok()?;
    Schedule::new(&hours).ok()
}

/// The working hours of queue `queue_id` (none: every hour counts).
async fn queue_schedule(tx: &mut Tx, queue_id: Option<i64>) -> Result<Option<Schedule>> {
    let Some(queue_id) = queue_id else {
        return Ok(None);
    };
    let stored: Option<Option<String>> =
        sqlx::query_scalar("SELECT working_hours FROM queues WHERE id = $1")
            .bind(queue_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(schedule_of(stored.flatten().as_deref()))
}

/// An agent's public reply at `now`: the conversation's first response,
/// when it is the first after the customer wrote.
async fn note_reply(tx: &mut Tx, row: &ConversationRow, agent_id: i64, now: i64) -> Result<()> {
    let asked_at: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_number = $1 \
           AND m.author_kind = 'contact' \
           AND NOT EXISTS (SELECT 1 FROM report_first_responses f WHERE f.conversation_number = $1)",
    )
    .bind(row.number)
    .fetch_one(&mut **tx)
    .await?;
    if let Some(asked_at) = asked_at {
        let schedule = queue_schedule(tx, row.queue_id).await?;
        let response = FirstResponseRow {
            conversation_number: row.number,
            queue_id: row.queue_id,
            agent_id: Some(agent_id),
            asked_at,
            answered_at: now,
            business_ms: crate::reports::working_ms(schedule.as_ref(), asked_at, now),
        };
        store_summary(tx, &[response], &[]).await?;
    }
    Ok(())
}

/// A lifecycle change's part in the summary: a resolve ends an interval
/// (from the latest start in its history, a creation or a reopen, as
/// [`crate::reports::summarise`] reads it), an undone resolve takes it back.
async fn note_change(
    tx: &mut Tx,
    row: &ConversationRow,
    change: &Change,
    actor: &Actor,
    now: i64,
) -> Result<()> {
    match change.event {
        EventType::Resolved => {
            let started_at: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(e.created_at), $2) FROM conversation_events e \
                 WHERE e.conversation_number = $1 AND (e.event_type = 'conversation.created' \
                   OR (e.event_type = 'conversation.reopened' AND e.data NOT LIKE '%\"undone\":true%'))",
            )
            .bind(row.number)
            .bind(row.created_at)
            .fetch_one(&mut **tx)
            .await?;
            let schedule = queue_schedule(tx, row.queue_id).await?;
            let resolution = ResolutionRow {
                conversation_number: row.number,
                queue_id: row.queue_id,
                agent_id: actor.agent_id,
                started_at,
                resolved_at: now,
                business_ms: crate::reports::working_ms(schedule.as_ref(), started_at, now),
            };
            store_summary(tx, &[], &[resolution]).await?;
        }
        EventType::Reopened if crate::reports::is_undo(&change.data) => {
            sqlx::query(
                "DELETE FROM report_resolutions WHERE id = (SELECT id FROM report_resolutions \
                 WHERE conversation_number = $1 ORDER BY resolved_at DESC, id DESC LIMIT 1)",
            )
            .bind(row.number)
            .execute(&mut **tx)
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// A merge moved history: the joined conversation's summary is read again
/// from its history, and the one merged away has none.
async fn resummarise(tx: &mut Tx, joined: i64, merged_away: i64) -> Result<()> {
    for table in ["report_first_responses", "report_resolutions"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE conversation_number IN ($1, $2)"
        ))
        .bind(joined)
        .bind(merged_away)
        .execute(&mut **tx)
        .await?;
    }
    let (responses, resolutions) = recompute_summary(tx, joined, joined).await?;
    store_summary(tx, &responses, &resolutions).await
}

impl Backend {
    /// Writes conversations that happened before (the demo's past weeks)
    /// as their history would have: each resolved, its messages and events
    /// at their own times, its rating; then the reports' summary afresh.
    pub async fn insert_past_conversations(&self, past: &[PastConversation]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for p in past {
            let last = p.entries.last().map_or(p.created_at, |e| e.at);
            let number: i64 = sqlx::query_scalar(
                "INSERT INTO conversations (contact_id, queue_id, status, assignee_id, resolved_by_id, \
                   channel, last_message, last_message_at, created_at, updated_at, rating) \
                 VALUES ($1, $2, 'resolved', $3, $3, 'chat', $4, $5, $6, $7, $8) RETURNING number",
            )
            .bind(p.contact_id)
            .bind(p.queue_id)
            .bind(p.agent_id)
            .bind(p.entries.iter().rev().find_map(|e| e.body.clone()))
            .bind(last)
            .bind(p.created_at)
            .bind(last)
            .bind(p.rating.as_ref().map(|r| r.0))
            .fetch_one(&mut *tx)
            .await?;
            for (seq, e) in (1_i64..).zip(&p.entries) {
                match (&e.body, e.event) {
                    (Some(body), _) => {
                        sqlx::query(
                            "INSERT INTO messages (conversation_number, seq, client_id, author_kind, \
                               author_agent_id, author_contact_id, body, private, signed, status, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, TRUE, 'read', $8)",
                        )
                        .bind(number)
                        .bind(seq)
                        .bind(uuid::Uuid::new_v4().to_string())
                        .bind(if e.by_agent { "agent" } else { "contact" })
                        .bind(e.by_agent.then_some(p.agent_id))
                        .bind((!e.by_agent).then_some(p.contact_id))
                        .bind(body)
                        .bind(e.at)
                        .execute(&mut *tx)
                        .await?;
                    }
                    (None, Some(event)) => {
                        let data = match (event, &p.rating) {
                            (EventType::Rated, Some((score, comment))) => {
                                serde_json::json!({ "score": score, "comment": comment })
                            }
                            _ => serde_json::json!({}),
                        };
                        let agent = (event != EventType::Created && event != EventType::Rated)
                            .then_some(p.agent_id);
                        sqlx::query(
                            "INSERT INTO conversation_events (conversation_number, seq, event_type, \
                               actor_kind, actor_agent_id, data, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(number)
                        .bind(seq)
                        .bind(event.as_str())
                        .bind(if agent.is_some() { "agent" } else { "contact" })
                        .bind(agent)
                        .bind(data.to_string())
                        .bind(e.at)
                        .execute(&mut *tx)
                        .await?;
                        if let (EventType::Rated, Some((score, comment))) = (event, &p.rating) {
                            sqlx::query(
                                "INSERT INTO ratings (conversation_number, contact_id, agent_id, queue_id, \
                                   score, comment, rated_at, changed_at) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                            )
                            .bind(number)
                            .bind(p.contact_id)
                            .bind(p.agent_id)
                            .bind(p.queue_id)
                            .bind(*score)
                            .bind(comment.as_deref())
                            .bind(e.at)
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                    (None, None) => {}
                }
            }
            sqlx::query("UPDATE conversations SET last_seq = $2 WHERE number = $1")
                .bind(number)
                .bind(p.entries.len() as i64)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.rebuild_report_summary().await
    }
}
