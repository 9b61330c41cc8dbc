// Webhooks and their deliveries (queued from the live stream, claimed
// one node at a time).
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
    pub async fn webhooks(&self) -> Result<Vec<WebhookRow>> {
        Ok(
            sqlx::query_as("SELECT id, url, secret, active, created_at FROM webhooks ORDER BY id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    pub async fn insert_webhook(&self, url: &str, secret: &str) -> Result<WebhookRow> {
        Ok(sqlx::query_as(
            "INSERT INTO webhooks (url, secret, active, created_at) VALUES ($1, $2, TRUE, $3) \
             RETURNING id, url, secret, active, created_at",
        )
        .bind(url)
        .bind(secret)
        .bind(now_ms())
        .fetch_one(&self.write_pool)
        .await?)
    }

    /// Changes or (with `delete`) removes a webhook; false when unknown.
    pub async fn update_webhook(
        &self,
        id: i64,
        url: Option<&str>,
        active: Option<bool>,
        delete: bool,
    ) -> Result<bool> {
        let query = if delete {
            sqlx::query("DELETE FROM webhooks WHERE id = $1").bind(id)
        } else {
            sqlx::query("UPDATE webhooks SET url = COALESCE($2, url), active = COALESCE($3, active) WHERE id = $1")
                .bind(id)
                .bind(url)
                .bind(active)
        };
        Ok(query.execute(&self.write_pool).await?.rows_affected() == 1)
    }

    /// Shared live events after `event_id` (what every agent sees), oldest first.
    pub async fn shared_events_after(
        &self,
        event_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT event_id, payload FROM live_events WHERE event_id > $1 \
             AND for_agents = TRUE AND agent_id IS NULL ORDER BY event_id LIMIT $2",
        )
        .bind(event_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Queues an event for every active webhook (once each, whichever node
    /// gets there first).
    pub async fn enqueue_deliveries(
        &self,
        event_id: i64,
        event_type: &str,
        payload: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, payload, next_attempt_at, created_at) \
             SELECT id, $1, $2, $3, $4, $4 FROM webhooks WHERE active = TRUE \
             ON CONFLICT (webhook_id, event_id) DO NOTHING",
        )
        .bind(event_id)
        .bind(event_type)
        .bind(payload)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    pub async fn due_deliveries(&self, now: i64, limit: i64) -> Result<Vec<DueDelivery>> {
        Ok(sqlx::query_as(
            "SELECT d.id, d.event_type, d.payload, d.attempts, w.url, w.secret \
             FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
             WHERE d.state = 'waiting' AND d.next_attempt_at <= $1 AND w.active = TRUE \
             ORDER BY d.id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes a due delivery for this node until `until`.
    pub async fn claim_delivery(&self, id: i64, now: i64, until: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = $3 WHERE id = $1 \
             AND state = 'waiting' AND next_attempt_at <= $2",
        )
        .bind(id)
        .bind(now)
        .bind(until)
        .execute(&self.write_pool)
        .await?
        .rows_affected()
            == 1)
    }

    pub async fn delivery_outcome(&self, id: i64, outcome: &DeliveryOutcome) -> Result<()> {
        sqlx::query(
            "UPDATE webhook_deliveries SET state = $2, attempts = attempts + 1, next_attempt_at = $3, \
             last_status = $4, last_error = $5, duration_ms = $6 WHERE id = $1",
        )
        .bind(id)
        .bind(outcome.state)
        .bind(outcome.next_attempt_at)
        .bind(outcome.status)
        .bind(outcome.error.as_deref())
        .bind(outcome.duration_ms)
        .execute(&self.write_pool)
        .await?;
        Ok(())
    }

    pub async fn deliveries(&self, webhook_id: i64, limit: i64) -> Result<Vec<DeliveryRow>> {
        Ok(sqlx::query_as(
            "SELECT id, event_id, event_type, state, attempts, last_status, last_error, duration_ms, \
             next_attempt_at, created_at FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(webhook_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}
