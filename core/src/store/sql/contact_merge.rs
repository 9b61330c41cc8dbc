// Merging two customers' records into one: one write transaction that
// moves conversations, devices, notes and the log to the record kept, and
// leaves the other as a pointer to it.
// Compiled inside each backend's module (see `common.rs`).

/// A record as the merge reads it (under the write lock).
#[derive(sqlx::FromRow)]
struct MergingRow {
    id: i64,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    company: Option<String>,
    identifier: Option<String>,
    identity_verified: bool,
    attributes: String,
    blocked: bool,
    open_conversation: Option<i64>,
}

impl MergingRow {
    fn into_merging(self) -> crate::contacts::MergingContact {
        crate::contacts::MergingContact {
            id: self.id,
            fields: crate::contacts::ContactFields {
                name: self.name,
                email: self.email,
                phone: self.phone,
                company: self.company,
            },
            identifier: self.identifier,
            identity_verified: self.identity_verified,
            attributes: serde_json::from_str(&self.attributes).unwrap_or_default(),
            blocked: self.blocked,
            open_conversation: self.open_conversation,
        }
    }
}

impl Backend {
    /// Merges customer `from` into `into` as the rule allows, in one
    /// transaction; what to announce.
    pub async fn merge_contacts(
        &self,
        from: i64,
        into: i64,
        agent_id: i64,
        rule: crate::contacts::MergeRule,
    ) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        // Both row locks, the lower id first (as any two mergers take them).
        for id in [from.min(into), from.max(into)] {
            let found = sqlx::query("UPDATE contacts SET id = id WHERE id = $1 AND merged_into IS NULL")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if found == 0 {
                return Err(Error::NotFound("customer"));
            }
        }
        let read = |id: i64| {
            sqlx::query_as::<_, MergingRow>(
                "SELECT c.id, c.name, c.email, c.phone, c.company, c.identifier, \
                   c.identity_verified, c.attributes, (c.blocked_at IS NOT NULL) AS blocked, \
                   (SELECT MIN(v.number) FROM conversations v WHERE v.contact_id = c.id \
                    AND v.status <> 'resolved' AND v.deleted_at IS NULL) AS open_conversation \
                 FROM contacts c WHERE c.id = $1",
            )
            .bind(id)
        };
        let from_row = read(from).fetch_one(&mut *tx).await?.into_merging();
        let into_row = read(into).fetch_one(&mut *tx).await?.into_merging();
        let merge = rule(&from_row, &into_row)?;
        let now = now_ms();
        let attributes =
            serde_json::to_string(&merge.attributes).map_err(|e| Error::Internal(e.to_string()))?;

        // The pointer first: its identifier goes (identifiers are unique).
        sqlx::query("UPDATE contacts SET merged_into = $2, identifier = NULL WHERE id = $1")
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE contacts SET name = $2, email = $3, phone = $4, company = $5, \
             identifier = $6, identity_verified = $7, attributes = $8, \
             blocked_at = CASE WHEN $9 THEN COALESCE(blocked_at, $10) ELSE NULL END \
             WHERE id = $1",
        )
        .bind(into)
        .bind(&merge.fields.name)
        .bind(&merge.fields.email)
        .bind(&merge.fields.phone)
        .bind(&merge.fields.company)
        .bind(&merge.identifier)
        .bind(merge.identity_verified)
        .bind(&attributes)
        .bind(merge.blocked)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for moved in [
            "UPDATE conversations SET contact_id = $2 WHERE contact_id = $1",
            "UPDATE messages SET author_contact_id = $2 WHERE author_contact_id = $1",
            "UPDATE contact_tokens SET contact_id = $2 WHERE contact_id = $1",
            "UPDATE contact_notes SET contact_id = $2 WHERE contact_id = $1",
            "UPDATE contact_log SET contact_id = $2 WHERE contact_id = $1",
            "UPDATE ratings SET contact_id = $2 WHERE contact_id = $1",
        ] {
            sqlx::query(moved)
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await?;
        }
        let changes = serde_json::to_string(&merge.changes)
            .map_err(|e| Error::Internal(e.to_string()))?;
        let mut published =
            contact_changed(&mut tx, into, Some(agent_id), "contact.merged", &changes, now).await?;
        // Whoever shows the record merged away reads it again (and finds
        // the one it joined); the customer's open widgets on it reconnect,
        // as the customer they now are.
        published.push(
            publish(&mut tx, Audience::AGENTS, LiveEvent::ContactUpdated { contact_id: from }, now)
                .await?,
        );
        published.push(
            publish(
                &mut tx,
                Audience::contact(from),
                LiveEvent::ContactMerged { contact_id: from, into },
                now,
            )
            .await?,
        );
        published.extend(conversations_of_contact_updated(&mut tx, into, now).await?);
        tx.commit().await?;
        Ok(published)
    }

    /// The record a customer's was merged into, if it was.
    pub async fn contact_merged_into(&self, id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT merged_into FROM contacts WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .flatten(),
        )
    }
}
