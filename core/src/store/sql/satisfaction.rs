// Customer satisfaction: a customer's rating of their conversation, written
// with its history event in one transaction, and the ratings as a report
// reads them. Compiled inside each backend's module (see `common.rs`).

/// `$1`..`$4`: the period and the agent and queue (or null), for ratings
/// (`r`); the score narrows the list alone.
const RATINGS_FILTER: &str = "r.rated_at >= $1 AND r.rated_at < $2 \
    AND ($3 IS NULL OR r.agent_id = $3) AND ($4 IS NULL OR r.queue_id = $4)";

impl Backend {
    /// Customer `contact_id` rates conversation `number` (or changes their
    /// rating) as `rule` allows, given the conversation's state and when
    /// they first rated it: the rating, its event in the history, the
    /// agents told, and, for a low score with `alert_low`, every admin
    /// notified. Another customer's conversation is not found.
    pub async fn rate<F>(
        &self,
        number: i64,
        contact_id: i64,
        actor: &Actor,
        given: &crate::satisfaction::Score,
        alert_low: bool,
        rule: F,
    ) -> Result<(RatingRow, Vec<Published>)>
    where
        F: FnOnce(&ConversationState, Option<i64>) -> Result<()> + Send,
    {
        let mut tx = self.begin_write().await?;
        let row = lock_conversation(&mut tx, number).await?;
        if row.contact_id != contact_id {
            return Err(Error::NotFound("conversation"));
        }
        let before: Option<RatingRow> = sqlx::query_as(
            "SELECT score, comment, rated_at FROM ratings WHERE conversation_number = $1",
        )
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
        rule(&row.state(), before.as_ref().map(|r| r.rated_at))?;
        let now = now_ms();
        let score = i32::try_from(given.score)
            .map_err(|_| Error::Invalid("a rating is a score from 1 to 5".into()))?;
        // The agent who resolved it and its queue then keep the rating
        // when it is changed later.
        let rating: RatingRow = sqlx::query_as(
            "INSERT INTO ratings (conversation_number, contact_id, agent_id, queue_id, score, comment, rated_at, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             ON CONFLICT (conversation_number) DO UPDATE SET score = excluded.score, \
               comment = excluded.comment, changed_at = excluded.changed_at \
             RETURNING score, comment, rated_at",
        )
        .bind(number)
        .bind(contact_id)
        .bind(row.resolved_by_id)
        .bind(row.queue_id)
        .bind(score)
        .bind(given.comment.as_deref())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE conversations SET rating = $2 WHERE number = $1")
            .bind(number)
            .bind(score)
            .execute(&mut *tx)
            .await?;
        let data = serde_json::json!({ "score": given.score, "comment": given.comment });
        let event = insert_event(&mut tx, number, EventType::Rated, actor, &data, now).await?;
        let conversation = conversation_in(&mut tx, number).await?;
        let mut published =
            tell_agents(&mut tx, LiveEvent::TimelineEvent { event }, &conversation, now).await?;
        let newly_low = crate::satisfaction::is_low(given.score)
            && !before
                .as_ref()
                .is_some_and(|b| crate::satisfaction::is_low(b.score.into()));
        if alert_low && newly_low {
            let admins: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM agents WHERE role = 'admin' AND active = TRUE ORDER BY id",
            )
            .fetch_all(&mut *tx)
            .await?;
            let text = format!(
                "{} rated #{number} {}",
                actor.name,
                switchboard_types::describe_score(given.score)
            );
            for admin in admins {
                published.push(notify(&mut tx, admin, "low_rating", number, text.clone(), now).await?);
            }
        }
        tx.commit().await?;
        Ok((rating, published))
    }

    /// Conversation `number`'s rating, if it has one.
    pub async fn rating(&self, number: i64) -> Result<Option<RatingRow>> {
        Ok(sqlx::query_as(
            "SELECT score, comment, rated_at FROM ratings WHERE conversation_number = $1",
        )
        .bind(number)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The ratings of a period as `filter` narrows them, newest first (at
    /// most `limit`), with how many gave each score (the first count is
    /// of ones) and how many conversations were resolved in the period (by
    /// the same agent, in the same queue, when the filter names them).
    pub async fn ratings(
        &self,
        filter: RatingsFilter,
        limit: i64,
    ) -> Result<(Vec<RatedRow>, [i64; 5], i64)> {
        let counted: Vec<(i32, i64)> = sqlx::query_as(&format!(
            "SELECT r.score, COUNT(*) FROM ratings r WHERE {RATINGS_FILTER} GROUP BY r.score"
        ))
        .bind(filter.from)
        .bind(filter.to)
        .bind(filter.agent_id)
        .bind(filter.queue_id)
        .fetch_all(&self.pool)
        .await?;
        let mut by_score = [0; 5];
        for (score, count) in counted {
            if let Some(slot) = usize::try_from(score - 1).ok().and_then(|i| by_score.get_mut(i)) {
                *slot = count;
            }
        }
        let rows: Vec<RatedRow> = sqlx::query_as(&format!(
            "SELECT r.conversation_number, r.contact_id, ct.name AS contact_name, ct.email AS contact_email, \
               r.agent_id, a.name AS agent_name, r.queue_id, q.name AS queue_name, r.score, r.comment, r.rated_at \
             FROM ratings r JOIN contacts ct ON ct.id = r.contact_id \
             LEFT JOIN agents a ON a.id = r.agent_id LEFT JOIN queues q ON q.id = r.queue_id \
             WHERE {RATINGS_FILTER} AND ($5 IS NULL OR r.score = $5) \
             ORDER BY r.rated_at DESC, r.conversation_number DESC LIMIT $6"
        ))
        .bind(filter.from)
        .bind(filter.to)
        .bind(filter.agent_id)
        .bind(filter.queue_id)
        .bind(filter.score.and_then(|s| i32::try_from(s).ok()))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        // A resolve names its agent; the queue is the conversation's now.
        let resolved: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT e.conversation_number) FROM conversation_events e \
             JOIN conversations c ON c.number = e.conversation_number \
             WHERE e.event_type = 'conversation.resolved' AND e.created_at >= $1 AND e.created_at < $2 \
               AND ($3 IS NULL OR e.actor_agent_id = $3) AND ($4 IS NULL OR c.queue_id = $4)",
        )
        .bind(filter.from)
        .bind(filter.to)
        .bind(filter.agent_id)
        .bind(filter.queue_id)
        .fetch_one(&self.pool)
        .await?;
        Ok((rows, by_score, resolved))
    }
}

impl Backend {
    /// Resolved e-mail tickets whose rating mail is due (at most `limit`).
    pub async fn due_rating_mails(&self, now: i64, limit: i64) -> Result<Vec<DueRatingMail>> {
        Ok(sqlx::query_as(
            "SELECT rm.conversation_number, rm.attempts, ct.email AS contact_email, ct.name AS contact_name, \
               (c.status = 'resolved' AND c.deleted_at IS NULL AND c.rating IS NULL) AS still_to_ask \
             FROM rating_mails rm JOIN conversations c ON c.number = rm.conversation_number \
             JOIN contacts ct ON ct.id = c.contact_id \
             WHERE rm.due_at <= $1 ORDER BY rm.due_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes a due rating mail to send until `until` (another node then
    /// finds it not due); false when someone else took it first.
    pub async fn claim_rating_mail(&self, number: i64, now: i64, until: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let claimed = sqlx::query(
            "UPDATE rating_mails SET due_at = $3 WHERE conversation_number = $1 AND due_at <= $2",
        )
        .bind(number)
        .bind(now)
        .bind(until)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(claimed == 1)
    }

    /// A rating mail is done with (sent, given up, or no longer wanted):
    /// `retry_at` none; or to be tried again then.
    pub async fn rating_mail_done(&self, number: i64, retry_at: Option<i64>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        match retry_at {
            Some(at) => {
                sqlx::query(
                    "UPDATE rating_mails SET due_at = $2, attempts = attempts + 1 \
                     WHERE conversation_number = $1",
                )
                .bind(number)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM rating_mails WHERE conversation_number = $1")
                    .bind(number)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Queues (again) the rating mail of e-mail ticket `number`, due at `due_at`.
async fn queue_rating_mail(tx: &mut Tx, number: i64, due_at: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO rating_mails (conversation_number, due_at) VALUES ($1, $2) \
         ON CONFLICT (conversation_number) DO UPDATE SET due_at = excluded.due_at, attempts = 0",
    )
    .bind(number)
    .bind(due_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
