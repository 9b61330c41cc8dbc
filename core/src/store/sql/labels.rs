// Labels: the team's (`labels`) and the conversations carrying them
// (`conversation_labels`).
// Compiled inside each backend's module (see `common.rs`).

const LABEL_SELECT: &str = "SELECT id, name, colour FROM labels";

fn label_taken(name: &str) -> String {
    format!("there is already a label named {name}")
}

/// `AND` a conversation `c` carries each of the labels: what narrows a
/// list or a search (the ids come from the store, never from the client).
fn carrying(label_ids: &[i64]) -> String {
    label_ids
        .iter()
        .map(|id| {
            format!(
                " AND EXISTS (SELECT 1 FROM conversation_labels cl \
                 WHERE cl.conversation_number = c.number AND cl.label_id = {id})"
            )
        })
        .collect()
}

impl Backend {
    /// The team's labels, by name.
    pub async fn labels(&self) -> Result<Vec<LabelRow>> {
        Ok(sqlx::query_as(&format!("{LABEL_SELECT} ORDER BY name"))
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn label(&self, id: i64) -> Result<Option<LabelRow>> {
        Ok(sqlx::query_as(&format!("{LABEL_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// A new label; every agent is sent the labels as they now are.
    pub async fn insert_label(&self, name: &str, colour: &str) -> Result<(LabelRow, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let row: LabelRow = sqlx::query_as(
            "INSERT INTO labels (name, colour, created_at) VALUES ($1, $2, $3) \
             RETURNING id, name, colour",
        )
        .bind(name)
        .bind(colour)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .on_constraint(|| label_taken(name))?;
        let published = labels_updated(&mut tx, now).await?;
        tx.commit().await?;
        Ok((row, vec![published]))
    }

    /// Renames or recolours a label (`None`: no such label).
    pub async fn update_label(&self, id: i64, name: &str, colour: &str) -> Result<Option<Vec<Published>>> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE labels SET name = $2, colour = $3 WHERE id = $1")
            .bind(id)
            .bind(name)
            .bind(colour)
            .execute(&mut *tx)
            .await
            .on_constraint(|| label_taken(name))?
            .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        let published = labels_updated(&mut tx, now_ms()).await?;
        tx.commit().await?;
        Ok(Some(vec![published]))
    }

    /// Removes a label, and with it from every conversation (`None`: no
    /// such label).
    pub async fn delete_label(&self, id: i64) -> Result<Option<Vec<Published>>> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM conversation_labels WHERE label_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let removed = sqlx::query("DELETE FROM labels WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if removed == 0 {
            return Ok(None);
        }
        let published = labels_updated(&mut tx, now_ms()).await?;
        tx.commit().await?;
        Ok(Some(vec![published]))
    }

    /// Puts a label on a conversation (`on`) or takes it off, with an entry
    /// in its history; nothing happens when it is so already.
    pub async fn label_conversation(
        &self,
        number: i64,
        label: &LabelRow,
        on: bool,
        actor: &Actor,
    ) -> Result<(ConversationRow, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        let row = lock_conversation(&mut tx, number).await?;
        let now = now_ms();
        let changed = if on {
            sqlx::query(
                "INSERT INTO conversation_labels (conversation_number, label_id, created_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (conversation_number, label_id) DO NOTHING",
            )
            .bind(number)
            .bind(label.id)
            .bind(now)
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "DELETE FROM conversation_labels WHERE conversation_number = $1 AND label_id = $2",
            )
            .bind(number)
            .bind(label.id)
            .execute(&mut *tx)
            .await?
        }
        .rows_affected();
        if changed == 0 {
            tx.rollback().await?;
            return Ok((row, Vec::new()));
        }
        sqlx::query("UPDATE conversations SET updated_at = $2 WHERE number = $1")
            .bind(number)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let event_type = if on { EventType::Labelled } else { EventType::Unlabelled };
        let data = serde_json::json!({ "label": Label::from(label.clone()) });
        let event = insert_event(&mut tx, number, event_type, actor, &data, now).await?;
        let conversation = conversation_in(&mut tx, number).await?;
        let published =
            tell_agents(&mut tx, LiveEvent::TimelineEvent { event }, &conversation, now).await?;
        tx.commit().await?;
        Ok((conversation, published))
    }
}

/// Tells every agent the team's labels as they now are.
async fn labels_updated(tx: &mut Tx, now: i64) -> Result<Published> {
    let rows: Vec<LabelRow> = sqlx::query_as(&format!("{LABEL_SELECT} ORDER BY name"))
        .fetch_all(&mut **tx)
        .await?;
    let labels = rows.into_iter().map(Label::from).collect();
    publish(tx, Audience::AGENTS, LiveEvent::LabelsUpdated { labels }, now).await
}
