// Customers in and out of a spreadsheet: what an export reads, the
// customers an import names, and the import's writes in one transaction.
// Compiled inside each backend's module (see `common.rs`).

/// A customer as the export reads them.
#[derive(sqlx::FromRow)]
struct ExportRow {
    id: i64,
    #[sqlx(flatten)]
    fields: crate::contacts::ContactFields,
    identifier: Option<String>,
    created_at: i64,
    blocked: bool,
    attributes: String,
}

/// A customer as an import finds them.
#[derive(sqlx::FromRow)]
struct ImportMatchRow {
    id: i64,
    #[sqlx(flatten)]
    fields: crate::contacts::ContactFields,
    attributes: String,
}

/// How many ids or addresses one query of an import's customers binds.
const IMPORT_MATCH_CHUNK: usize = 500;

impl Backend {
    /// Every customer (not those merged away), by id.
    pub async fn contacts_for_export(&self) -> Result<Vec<crate::contact_import::ExportedContact>> {
        let rows: Vec<ExportRow> = sqlx::query_as(
            "SELECT id, name, email, phone, company, identifier, created_at, \
               (blocked_at IS NOT NULL) AS blocked, attributes \
             FROM contacts WHERE merged_into IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| crate::contact_import::ExportedContact {
                id: r.id,
                fields: r.fields,
                identifier: r.identifier,
                created_at: crate::clock::rfc3339(r.created_at),
                blocked: r.blocked,
                attributes: serde_json::from_str(&r.attributes).unwrap_or_default(),
            })
            .collect())
    }

    /// The customers with these ids or e-mail addresses (any case), not
    /// those merged away.
    pub async fn contacts_for_import(
        &self,
        ids: &[i64],
        emails: &[String],
    ) -> Result<Vec<(i64, crate::contact_import::ImportedContact)>> {
        let mut found: Vec<ImportMatchRow> = Vec::new();
        let select = "SELECT id, name, email, phone, company, attributes FROM contacts \
                      WHERE merged_into IS NULL AND ";
        for chunk in ids.chunks(IMPORT_MATCH_CHUNK) {
            let mut query = sqlx::QueryBuilder::<Db>::new(select);
            query.push("id IN (");
            let mut list = query.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            query.push(")");
            found.extend(query.build_query_as().fetch_all(&self.pool).await?);
        }
        for chunk in emails.chunks(IMPORT_MATCH_CHUNK) {
            let mut query = sqlx::QueryBuilder::<Db>::new(select);
            query.push("LOWER(email) IN (");
            let mut list = query.separated(", ");
            for email in chunk {
                list.push_bind(email.to_lowercase());
            }
            query.push(") ORDER BY id");
            found.extend(query.build_query_as().fetch_all(&self.pool).await?);
        }
        found.sort_by_key(|r| r.id);
        found.dedup_by_key(|r| r.id);
        Ok(found
            .into_iter()
            .map(|r| {
                let record = crate::contact_import::ImportedContact {
                    fields: r.fields,
                    attributes: serde_json::from_str(&r.attributes).unwrap_or_default(),
                };
                (r.id, record)
            })
            .collect())
    }

    /// Writes an import's customers, new and changed, each with its log
    /// entry (`contact.imported`), in one transaction: the id of each, and
    /// what to announce (every list showing a renamed customer follows).
    pub async fn import_contacts(
        &self,
        writes: &[crate::contact_import::ImportWrite],
        agent_id: i64,
    ) -> Result<(Vec<i64>, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let mut ids = Vec::with_capacity(writes.len());
        let mut published = Vec::new();
        for write in writes {
            let fields = &write.record.fields;
            let attributes = serde_json::to_string(&write.record.attributes)
                .map_err(|e| Error::Internal(e.to_string()))?;
            let id = match write.id {
                Some(id) => {
                    sqlx::query(
                        "UPDATE contacts SET name = $2, email = $3, phone = $4, company = $5, \
                         attributes = $6 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(&fields.name)
                    .bind(&fields.email)
                    .bind(&fields.phone)
                    .bind(&fields.company)
                    .bind(&attributes)
                    .execute(&mut *tx)
                    .await?;
                    if write
                        .changes
                        .iter()
                        .any(|c| c.field == "name" || c.field == "email")
                    {
                        published.extend(conversations_of_contact_updated(&mut tx, id, now).await?);
                    }
                    id
                }
                None => {
                    sqlx::query_scalar(
                        "INSERT INTO contacts (name, email, phone, company, attributes, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(&fields.name)
                    .bind(&fields.email)
                    .bind(&fields.phone)
                    .bind(&fields.company)
                    .bind(&attributes)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?
                }
            };
            let changes = serde_json::to_string(&write.changes)
                .map_err(|e| Error::Internal(e.to_string()))?;
            published.extend(
                contact_changed(&mut tx, id, Some(agent_id), "contact.imported", &changes, now).await?,
            );
            ids.push(id);
        }
        tx.commit().await?;
        Ok((ids, published))
    }
}
