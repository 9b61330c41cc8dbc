// Reports' reads: new conversations counted per hour.
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
    /// New conversations from `from` until `to` (milliseconds, `to` not
    /// included), optionally of one queue, counted per hour since the
    /// epoch: `(hour, count)`. Merged-away and deleted ones do not count.
    pub async fn conversations_by_hour(
        &self,
        from: i64,
        to: i64,
        queue_id: Option<i64>,
    ) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT created_at / 3600000 AS hour, COUNT(*) FROM conversations \
             WHERE created_at >= $1 AND created_at < $2 AND deleted_at IS NULL \
               AND merged_into IS NULL AND ($3 IS NULL OR queue_id = $3) \
             GROUP BY created_at / 3600000",
        )
        .bind(from)
        .bind(to)
        .bind(queue_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
