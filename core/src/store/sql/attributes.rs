// Customer attributes: the definitions admins keep (`attribute_definitions`)
// and each customer's values with the names agents wrote
// (`contacts.attributes`, `contacts.edited_attributes`); and what their
// browser says on a visit of the host site.
// Compiled inside each backend's module (see `common.rs`).

const ATTRIBUTE_SELECT: &str = "SELECT id, name, kind, options, position FROM attribute_definitions";

fn attribute_taken(name: &str) -> String {
    format!("there is already an attribute named {name}")
}

impl Backend {
    /// The definitions, in the order a customer's details show them.
    pub async fn attribute_definitions(&self) -> Result<Vec<AttributeRow>> {
        Ok(sqlx::query_as(&format!("{ATTRIBUTE_SELECT} ORDER BY position, id"))
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn attribute_definition(&self, id: i64) -> Result<Option<AttributeRow>> {
        Ok(sqlx::query_as(&format!("{ATTRIBUTE_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// A new definition, placed after the others.
    pub async fn insert_attribute_definition(
        &self,
        name: &str,
        kind: &str,
        options: &str,
    ) -> Result<(AttributeRow, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        let row: AttributeRow = sqlx::query_as(
            "INSERT INTO attribute_definitions (name, kind, options, position, created_at) \
             VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM attribute_definitions), $4) \
             RETURNING id, name, kind, options, position",
        )
        .bind(name)
        .bind(kind)
        .bind(options)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await
        .on_constraint(|| attribute_taken(name))?;
        let published = attributes_updated(&mut tx).await?;
        tx.commit().await?;
        Ok((row, vec![published]))
    }

    /// Renames a definition or changes its choices, and with `order` (every
    /// definition's id) numbers them all in that order (`false`: no such
    /// one).
    pub async fn update_attribute_definition(
        &self,
        id: i64,
        name: &str,
        options: &str,
        order: &[i64],
    ) -> Result<Option<Vec<Published>>> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE attribute_definitions SET name = $2, options = $3 WHERE id = $1")
            .bind(id)
            .bind(name)
            .bind(options)
            .execute(&mut *tx)
            .await
            .on_constraint(|| attribute_taken(name))?
            .rows_affected();
        for (place, each) in order.iter().enumerate() {
            sqlx::query("UPDATE attribute_definitions SET position = $2 WHERE id = $1")
                .bind(each)
                .bind(place as i64 + 1)
                .execute(&mut *tx)
                .await?;
        }
        if changed == 0 {
            return Ok(None);
        }
        let published = attributes_updated(&mut tx).await?;
        tx.commit().await?;
        Ok(Some(vec![published]))
    }

    /// Removes a definition; customers keep their values, as text.
    pub async fn delete_attribute_definition(&self, id: i64) -> Result<Option<Vec<Published>>> {
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query("DELETE FROM attribute_definitions WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Ok(None);
        }
        let published = attributes_updated(&mut tx).await?;
        tx.commit().await?;
        Ok(Some(vec![published]))
    }

    /// A customer's attributes and the names agents wrote (both JSON);
    /// none for a record merged away.
    pub async fn contact_attributes(&self, id: i64) -> Result<Option<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT attributes, edited_attributes FROM contacts WHERE id = $1 AND merged_into IS NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Replaces a customer's attributes and the names agents wrote (JSON).
    /// With `changes` (a log entry's, JSON; `agent_id` none for the site),
    /// the contact log records them and every agent is told.
    pub async fn set_contact_attributes(
        &self,
        id: i64,
        attributes: &str,
        edited: &str,
        changes: Option<&str>,
        agent_id: Option<i64>,
    ) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE contacts SET attributes = $2, edited_attributes = $3 WHERE id = $1")
            .bind(id)
            .bind(attributes)
            .bind(edited)
            .execute(&mut *tx)
            .await?;
        let published = match changes {
            Some(changes) => {
                let kind = if agent_id.is_some() { "contact.edited" } else { "contact.site_set" };
                contact_changed(&mut tx, id, agent_id, kind, changes, now_ms()).await?
            }
            None => Vec::new(),
        };
        tx.commit().await?;
        Ok(published)
    }
}

impl Backend {
    /// Records what the customer's browser said on a visit; every agent is
    /// told when it differs from the last.
    pub async fn record_visit(
        &self,
        id: i64,
        time_zone: Option<&str>,
        language: Option<&str>,
        browser: Option<&str>,
    ) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE contacts SET time_zone = COALESCE($2, time_zone), \
               language = COALESCE($3, language), browser = COALESCE($4, browser) \
             WHERE id = $1 AND merged_into IS NULL               AND NOT (COALESCE(time_zone, '') = COALESCE($2, time_zone, '') \
                 AND COALESCE(language, '') = COALESCE($3, language, '') \
                 AND COALESCE(browser, '') = COALESCE($4, browser, ''))",
        )
        .bind(id)
        .bind(time_zone)
        .bind(language)
        .bind(browser)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let published = match changed {
            0 => Vec::new(),
            _ => vec![publish(&mut tx, Audience::AGENTS, LiveEvent::ContactUpdated { contact_id: id }, now_ms()).await?],
        };
        tx.commit().await?;
        Ok(published)
    }

    /// What the customer's browser said on their latest visit: time zone,
    /// language, browser.
    pub async fn contact_visit(&self, id: i64) -> Result<Option<crate::visits::LastVisit>> {
        Ok(sqlx::query_as("SELECT time_zone, language, browser FROM contacts WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }
}

/// Every agent is sent the definitions as they now are, in order.
async fn attributes_updated(tx: &mut Tx) -> Result<Published> {
    let rows: Vec<AttributeRow> = sqlx::query_as(&format!("{ATTRIBUTE_SELECT} ORDER BY position, id"))
        .fetch_all(&mut **tx)
        .await?;
    let attributes = rows.into_iter().map(Into::into).collect();
    publish(tx, Audience::AGENTS, LiveEvent::AttributesUpdated { attributes }, now_ms()).await
}
