// Saved replies: the team's (owner_id NULL) and each agent's own.
// Compiled inside each backend's module (see `common.rs`).

const SAVED_REPLY_COLUMNS: &str = "id, owner_id, shortcut, body";

fn shortcut_taken(shortcut: &str) -> String {
    format!("a saved reply with the shortcut /{shortcut} exists already")
}

impl Backend {
    pub async fn saved_replies(&self, agent_id: i64) -> Result<Vec<SavedReplyRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {SAVED_REPLY_COLUMNS} FROM saved_replies \
             WHERE owner_id IS NULL OR owner_id = $1 \
             ORDER BY shortcut, owner_id IS NULL, id"
        ))
        .bind(agent_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn saved_reply(&self, id: i64) -> Result<Option<SavedReplyRow>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {SAVED_REPLY_COLUMNS} FROM saved_replies WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn insert_saved_reply(
        &self,
        owner_id: Option<i64>,
        shortcut: &str,
        body: &str,
    ) -> Result<SavedReplyRow> {
        sqlx::query_as(&format!(
            "INSERT INTO saved_replies (owner_id, shortcut, body, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING {SAVED_REPLY_COLUMNS}"
        ))
        .bind(owner_id)
        .bind(shortcut)
        .bind(body)
        .bind(now_ms())
        .fetch_one(&self.write_pool)
        .await
        .on_constraint(|| shortcut_taken(shortcut))
    }

    pub async fn update_saved_reply(&self, id: i64, shortcut: &str, body: &str) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE saved_replies SET shortcut = $2, body = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(shortcut)
        .bind(body)
        .bind(now_ms())
        .execute(&self.write_pool)
        .await
        .on_constraint(|| shortcut_taken(shortcut))?
        .rows_affected()
            == 1)
    }

    pub async fn delete_saved_reply(&self, id: i64) -> Result<bool> {
        Ok(sqlx::query("DELETE FROM saved_replies WHERE id = $1")
            .bind(id)
            .execute(&self.write_pool)
            .await?
            .rows_affected()
            == 1)
    }
}
