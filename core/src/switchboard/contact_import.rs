//! Customers in and out of a spreadsheet (admins): every customer as a
//! CSV file, and a CSV file imported, tried first to see what it would do.

use super::{admin_only, Switchboard};
use crate::contact_import::{self, LineOutcome};
use crate::error::Result;
use switchboard_types::{Agent, ContactImport, ImportOutcome, ImportedRow};

impl Switchboard {
    /// Every customer as a CSV file (admins), in the columns an import
    /// reads back.
    pub async fn export_contacts(&self, asking: &Agent) -> Result<String> {
        admin_only(asking, "export customers")?;
        contact_import::export_csv(&self.store.contacts_for_export().await?)
    }

    /// Imports customers from a CSV file (admins): each row makes a new
    /// customer or changes the one it names (by id, else by e-mail), or is
    /// refused with the reason; the rest go in, in one transaction, each
    /// with an entry in the customer's log. `dry_run` only says what it
    /// would do.
    pub async fn import_contacts(
        &self,
        asking: &Agent,
        file: &str,
        dry_run: bool,
    ) -> Result<ContactImport> {
        admin_only(asking, "import customers")?;
        let lines = contact_import::parse_import(file, &self.defined_attributes().await?)?;
        let rows = || lines.iter().filter_map(|l| l.row.as_ref().ok());
        let ids: Vec<i64> = rows().filter_map(|r| r.id).collect();
        let emails: Vec<String> = rows().filter_map(|r| r.email.clone()).collect();
        let found = self.store.contacts_for_import(&ids, &emails).await?;
        let contact_import::ImportPlan { lines, writes } = contact_import::plan(lines, found);
        let written = if dry_run || writes.is_empty() {
            None
        } else {
            let (ids, published) = self.store.import_contacts(&writes, asking.id).await?;
            self.published(published);
            Some(ids)
        };
        let id_of = |write: usize| {
            written
                .as_ref()
                .and_then(|ids| ids.get(write).copied())
                .or(writes[write].id)
        };
        let row = |line: u64, outcome: LineOutcome| {
            let (outcome, contact_id, fields, reason, changes) = match outcome {
                LineOutcome::Created { write, changes } => {
                    let fields = writes[write].record.fields.clone();
                    (
                        ImportOutcome::Created,
                        id_of(write),
                        Some(fields),
                        None,
                        changes,
                    )
                }
                LineOutcome::Updated { write, changes } => {
                    let fields = writes[write].record.fields.clone();
                    (
                        ImportOutcome::Updated,
                        id_of(write),
                        Some(fields),
                        None,
                        changes,
                    )
                }
                LineOutcome::Unchanged { id, fields } => {
                    (ImportOutcome::Unchanged, id, Some(fields), None, Vec::new())
                }
                LineOutcome::Refused(reason) => {
                    (ImportOutcome::Refused, None, None, Some(reason), Vec::new())
                }
            };
            ImportedRow {
                line: line as i64,
                outcome,
                contact_id,
                name: fields.as_ref().map(|f| f.name.clone()),
                email: fields.and_then(|f| f.email),
                reason,
                changes,
            }
        };
        let rows: Vec<ImportedRow> = lines
            .into_iter()
            .map(|(line, outcome)| row(line, outcome))
            .collect();
        let count = |outcome| rows.iter().filter(|r| r.outcome == outcome).count() as i64;
        let import = ContactImport {
            dry_run,
            created: count(ImportOutcome::Created),
            updated: count(ImportOutcome::Updated),
            unchanged: count(ImportOutcome::Unchanged),
            refused: count(ImportOutcome::Refused),
            rows,
        };
        Ok(import)
    }
}
