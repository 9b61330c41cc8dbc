//! Customers in and out of a spreadsheet: the CSV file an admin exports
//! (every customer, a row each) and the CSV file they import, row by row,
//! each row either a new customer, an update of one the team knows, or
//! refused with the reason. An exported file imports back unchanged.
//!
//! Columns: `id`, `name`, `email`, `phone`, `company` and one
//! `attributes.<name>` per attribute; `identifier`, `created_at` and
//! `blocked` are written by the export and left alone by an import. A cell
//! a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
//! written behind a `'`, which an import takes off again.

use crate::contacts::{self, ContactFields};
use crate::error::{Error, Result};
use crate::switchboard::merge_attributes;
use std::collections::BTreeMap;
use switchboard_types::{AttributeDefinition, FieldChange};

/// The most rows one file may hold…
pub const MAX_IMPORT_ROWS: usize = 5_000;
/// …and its largest size.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

/// The columns of a customer's own fields, in the export's order.
const FIELD_COLUMNS: [&str; 5] = ["id", "name", "email", "phone", "company"];
/// What the export writes and an import leaves alone.
const EXPORT_ONLY: [&str; 3] = ["identifier", "created_at", "blocked"];
/// An attribute's column: this, then its name.
pub const ATTRIBUTE_PREFIX: &str = "attributes.";

/// A customer as the export writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedContact {
    pub id: i64,
    pub fields: ContactFields,
    pub identifier: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    pub blocked: bool,
    pub attributes: BTreeMap<String, String>,
}

/// The file an export answers: a header, then a row per customer; one
/// column per attribute any of them has, by name.
pub fn export_csv(customers: &[ExportedContact]) -> Result<String> {
    let attribute_names: std::collections::BTreeSet<&str> = customers
        .iter()
        .flat_map(|c| c.attributes.keys().map(String::as_str))
        .collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = FIELD_COLUMNS
        .iter()
        .chain(EXPORT_ONLY.iter())
        .map(|c| c.to_string())
        .chain(
            attribute_names
                .iter()
                .map(|n| format!("{ATTRIBUTE_PREFIX}{n}")),
        );
    out.write_record(header.map(|c| cell(&c)))
        .map_err(written)?;
    for c in customers {
        let text = |v: &Option<String>| v.as_deref().map(cell).unwrap_or_default();
        let row = [
            c.id.to_string(),
            cell(&c.fields.name),
            text(&c.fields.email),
            text(&c.fields.phone),
            text(&c.fields.company),
            text(&c.identifier),
            c.created_at.clone(),
            if c.blocked { "yes" } else { "no" }.to_string(),
        ]
        .into_iter()
        .chain(
            attribute_names
                .iter()
                .map(|n| c.attributes.get(*n).map(|v| cell(v)).unwrap_or_default()),
        );
        out.write_record(row).map_err(written)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| Error::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
}

pub(crate) fn written(e: csv::Error) -> Error {
    Error::Internal(format!("writing the CSV file failed: {e}"))
}

/// What a spreadsheet would read as a formula starts with one of these.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A value as a cell: behind a `'` when a spreadsheet would run it.
pub(crate) fn cell(value: &str) -> String {
    if value.starts_with(FORMULA_START) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// A cell as a value: trimmed, the export's `'` before a formula taken off.
fn uncell(raw: &str) -> &str {
    let value = raw.trim();
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => value,
    }
}

/// One row of an import, checked: the fields it gives (empty cells give
/// nothing), and the customer it names by `id`, if it does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportRow {
    pub id: Option<i64>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub attributes: BTreeMap<String, String>,
}

/// A line of the file: its row, or why it cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLine {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    pub row: std::result::Result<ImportRow, String>,
}

/// What a column of the file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Column {
    Field(&'static str),
    Attribute(String),
    Ignored,
}

/// Reads an import file: its header (refused whole when a column is not
/// one Switchboard knows, or the file is empty or too long), then each
/// row, checked on its own. Commas or semicolons (as some spreadsheets
/// write) separate the cells.
pub fn parse_import(text: &str, definitions: &[AttributeDefinition]) -> Result<Vec<ImportLine>> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Error::Invalid(format!(
            "a file can be at most {} MiB: split it",
            MAX_IMPORT_BYTES / 1024 / 1024
        )));
    }
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| Error::Invalid(format!("the file is not CSV: {e}")))?
        .clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::Invalid(
            "the file is empty: its first line names the columns".into(),
        ));
    }
    let columns = header.iter().map(column).collect::<Result<Vec<Column>>>()?;
    for (i, c) in columns.iter().enumerate() {
        if *c != Column::Ignored && columns[..i].contains(c) {
            return Err(Error::Invalid(format!(
                "the column `{}` is there twice",
                header.get(i).unwrap_or_default().trim()
            )));
        }
    }
    if !["id", "name", "email"]
        .iter()
        .any(|f| columns.contains(&Column::Field(f)))
    {
        return Err(Error::Invalid(
            "the file needs an `id`, `name` or `email` column to know whom each row is about"
                .into(),
        ));
    }
    // Where a row starts, as a person counts lines (blank ones too).
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(0, |p| {
            let bytes = text.as_bytes();
            let mut start = bytes.len().min(p.byte() as usize);
            // A record's position may be that of blank lines before it.
            while bytes.get(start).is_some_and(|b| *b == b'\n' || *b == b'\r') {
                start += 1;
            }
            bytes[..start].iter().filter(|b| **b == b'\n').count() as u64 + 1
        })
    };
    let mut lines = Vec::new();
    for record in reader.records() {
        if lines.len() == MAX_IMPORT_ROWS {
            return Err(Error::Invalid(format!(
                "a file can hold at most {MAX_IMPORT_ROWS} customers: split it"
            )));
        }
        let (line, row) = match record {
            Ok(record) => {
                let line = line_at(record.position());
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let row = if record.len() != columns.len() {
                    Err(format!(
                        "it has {} cells where the header has {}",
                        record.len(),
                        columns.len()
                    ))
                } else {
                    import_row(&columns, &record, definitions).map_err(|e| e.to_string())
                };
                (line, row)
            }
            Err(e) => {
                let line = line_at(e.position());
                (line, Err(format!("it is not CSV: {e}")))
            }
        };
        lines.push(ImportLine { line, row });
    }
    Ok(lines)
}

/// A header's column.
fn column(name: &str) -> Result<Column> {
    let name = name.trim();
    let lower = name.to_lowercase();
    if let Some(field) = FIELD_COLUMNS.iter().find(|f| **f == lower) {
        return Ok(Column::Field(field));
    }
    if EXPORT_ONLY.contains(&lower.as_str()) {
        return Ok(Column::Ignored);
    }
    match name.get(..ATTRIBUTE_PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(ATTRIBUTE_PREFIX) => {
            Ok(Column::Attribute(name[ATTRIBUTE_PREFIX.len()..].trim().to_string()))
        }
        _ => Err(Error::Invalid(format!(
            "the column `{name}` is not one Switchboard knows: id, name, email, phone, company and attributes.<name> (identifier, created_at and blocked, from an export, are left alone)"
        ))),
    }
}

/// A row's cells, checked as an agent's edit is.
fn import_row(
    columns: &[Column],
    record: &csv::StringRecord,
    definitions: &[AttributeDefinition],
) -> Result<ImportRow> {
    let mut row = ImportRow::default();
    for (column, raw) in columns.iter().zip(record.iter()) {
        let value = uncell(raw);
        if value.is_empty() {
            continue;
        }
        match column {
            Column::Field("id") => {
                row.id =
                    Some(value.parse().ok().filter(|id| *id > 0).ok_or_else(|| {
                        Error::Invalid(format!("`{value}` is not a customer's id"))
                    })?)
            }
            Column::Field("name") => row.name = Some(contacts::name(value)?),
            Column::Field("email") => {
                contacts::check_email(value)?;
                row.email = Some(value.to_string());
            }
            Column::Field("phone") => {
                contacts::check_phone(value)?;
                row.phone = Some(value.to_string());
            }
            Column::Field(_) => {
                contacts::check_company(value)?;
                row.company = Some(value.to_string());
            }
            Column::Attribute(name) => {
                row.attributes.insert(name.clone(), value.to_string());
            }
            Column::Ignored => {}
        }
    }
    // The attributes on their own, typed and checked as the site's are.
    row.attributes = crate::attributes::typed(definitions, &row.attributes)?;
    merge_attributes(BTreeMap::new(), &row.attributes)?;
    if row.id.is_none() && row.name.is_none() && row.email.is_none() {
        return Err(Error::Invalid(
            "a row without an id needs a name or an e-mail".into(),
        ));
    }
    Ok(row)
}

/// A customer's record as an import finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedContact {
    pub fields: ContactFields,
    pub attributes: BTreeMap<String, String>,
}

/// What importing a row does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Planned {
    /// A new customer.
    Create {
        record: ImportedContact,
        changes: Vec<FieldChange>,
    },
    /// The customer found, with what the row gave laid over them.
    Update {
        record: ImportedContact,
        changes: Vec<FieldChange>,
    },
    /// The customer found already holds all the row gives.
    Unchanged,
    Refused(String),
}

/// What a row does to the customer it names: each cell given replaces
/// what they had (an empty cell leaves it; their address in another case
/// is left as it was); no customer found makes a new
/// one, named by the e-mail when the row gives no name. A row naming an id
/// no customer has is refused.
pub fn planned(found: Option<&ImportedContact>, row: &ImportRow) -> Planned {
    let (before, creating) = match (found, row.id) {
        (Some(found), _) => (found.clone(), false),
        (None, Some(id)) => return Planned::Refused(format!("there is no customer #{id}")),
        (None, None) => {
            let name = row
                .name
                .clone()
                .or_else(|| {
                    row.email
                        .as_ref()
                        .map(|e| e.chars().take(contacts::MAX_NAME_CHARS).collect())
                })
                .unwrap_or_else(|| contacts::ANONYMOUS_NAME.to_string());
            let empty = ContactFields {
                name,
                email: None,
                phone: None,
                company: None,
            };
            (
                ImportedContact {
                    fields: empty,
                    attributes: BTreeMap::new(),
                },
                true,
            )
        }
    };
    let given = |cell: &Option<String>, had: &Option<String>| cell.clone().or(had.clone());
    // The address that found them, in another case, is still theirs.
    let email = match (&row.email, &before.fields.email) {
        (Some(cell), Some(had)) if cell.eq_ignore_ascii_case(had) => Some(had.clone()),
        (cell, had) => given(cell, had),
    };
    let fields = ContactFields {
        name: row.name.clone().unwrap_or(before.fields.name.clone()),
        email,
        phone: given(&row.phone, &before.fields.phone),
        company: given(&row.company, &before.fields.company),
    };
    let attributes = match merge_attributes(before.attributes.clone(), &row.attributes) {
        Ok(attributes) => attributes,
        Err(e) => return Planned::Refused(e.to_string()),
    };
    let mut changes = if creating {
        [
            ("name", Some(&fields.name)),
            ("email", fields.email.as_ref()),
            ("phone", fields.phone.as_ref()),
            ("company", fields.company.as_ref()),
        ]
        .into_iter()
        .filter_map(|(field, to)| {
            to.map(|to| FieldChange {
                field: field.to_string(),
                from: None,
                to: Some(to.clone()),
            })
        })
        .collect()
    } else {
        contacts::changes(&before.fields, &fields)
    };
    changes.extend(
        attributes
            .iter()
            .filter(|(k, v)| before.attributes.get(*k) != Some(*v))
            .map(|(k, v)| FieldChange {
                field: format!("{ATTRIBUTE_PREFIX}{k}"),
                from: before.attributes.get(k).cloned(),
                to: Some(v.clone()),
            }),
    );
    let record = ImportedContact { fields, attributes };
    match (creating, changes.is_empty()) {
        (true, _) => Planned::Create { record, changes },
        (false, true) => Planned::Unchanged,
        (false, false) => Planned::Update { record, changes },
    }
}

/// A customer an import writes: a new one (`id` none) or one the team
/// knows, as the file leaves them, and what changed (for their log).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportWrite {
    pub id: Option<i64>,
    pub record: ImportedContact,
    pub changes: Vec<FieldChange>,
}

/// What became of a line of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineOutcome {
    /// Makes the new customer of `writes[write]`.
    Created {
        write: usize,
        changes: Vec<FieldChange>,
    },
    /// Changes the customer of `writes[write]`.
    Updated {
        write: usize,
        changes: Vec<FieldChange>,
    },
    /// The customer (`id` none: a new one of this file) holds it all
    /// already.
    Unchanged {
        id: Option<i64>,
        fields: ContactFields,
    },
    Refused(String),
}

/// What an import does, line by line, and the writes that do it (one per
/// customer, however many lines name them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub lines: Vec<(u64, LineOutcome)>,
    pub writes: Vec<ImportWrite>,
}

/// Plans an import: each line in turn, as [`planned`] says, over the
/// customers the store `found` (by the file's ids and e-mails) and what
/// the lines before made of them. A line names a customer by `id`, else by
/// e-mail (any case); a later line about a customer an earlier one made or
/// changed builds on it.
pub fn plan(lines: Vec<ImportLine>, found: Vec<(i64, ImportedContact)>) -> ImportPlan {
    /// A customer as the file so far leaves them.
    struct Known {
        id: Option<i64>,
        record: ImportedContact,
        write: Option<usize>,
    }
    let mut known: Vec<Known> = Vec::new();
    let mut by_id = std::collections::HashMap::new();
    let mut by_email = std::collections::HashMap::new();
    for (id, record) in found {
        if let Some(email) = &record.fields.email {
            by_email.entry(email.to_lowercase()).or_insert(known.len());
        }
        by_id.insert(id, known.len());
        known.push(Known {
            id: Some(id),
            record,
            write: None,
        });
    }
    let mut out = ImportPlan::default();
    for ImportLine { line, row } in lines {
        let row = match row {
            Ok(row) => row,
            Err(reason) => {
                out.lines.push((line, LineOutcome::Refused(reason)));
                continue;
            }
        };
        let slot = match (row.id, &row.email) {
            (Some(id), _) => by_id.get(&id).copied(),
            (None, Some(email)) => by_email.get(&email.to_lowercase()).copied(),
            (None, None) => None,
        };
        let outcome = match (planned(slot.map(|s| &known[s].record), &row), slot) {
            (Planned::Create { record, changes }, _) => {
                if let Some(email) = &record.fields.email {
                    by_email.insert(email.to_lowercase(), known.len());
                }
                out.writes.push(ImportWrite {
                    id: None,
                    record: record.clone(),
                    changes: changes.clone(),
                });
                known.push(Known {
                    id: None,
                    record,
                    write: Some(out.writes.len() - 1),
                });
                LineOutcome::Created {
                    write: out.writes.len() - 1,
                    changes,
                }
            }
            (Planned::Update { record, changes }, Some(slot)) => {
                if let Some(email) = &record.fields.email {
                    by_email.entry(email.to_lowercase()).or_insert(slot);
                }
                let customer = &mut known[slot];
                let write = match customer.write {
                    Some(n) => {
                        out.writes[n].record = record.clone();
                        out.writes[n].changes.extend(changes.clone());
                        n
                    }
                    None => {
                        out.writes.push(ImportWrite {
                            id: customer.id,
                            record: record.clone(),
                            changes: changes.clone(),
                        });
                        customer.write = Some(out.writes.len() - 1);
                        out.writes.len() - 1
                    }
                };
                customer.record = record;
                LineOutcome::Updated { write, changes }
            }
            (Planned::Unchanged, Some(slot)) => LineOutcome::Unchanged {
                id: known[slot].id,
                fields: known[slot].record.fields.clone(),
            },
            (Planned::Refused(reason), _) => LineOutcome::Refused(reason),
            // `planned` updates, or finds unchanged, only a customer it was given.
            (Planned::Update { .. } | Planned::Unchanged, None) => {
                LineOutcome::Refused("the customer was not found".into())
            }
        };
        out.lines.push((line, outcome));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok_rows(text: &str) -> Vec<ImportRow> {
        parse_import(text, &[])
            .unwrap()
            .into_iter()
            .map(|l| l.row.unwrap())
            .collect()
    }

    fn ada() -> ImportedContact {
        ImportedContact {
            fields: ContactFields {
                name: "Ada Lovelace".into(),
                email: Some("ada@example.com".into()),
                phone: None,
                company: Some("Engines".into()),
            },
            attributes: [("plan".to_string(), "pro".to_string())].into(),
        }
    }

    #[test]
    fn an_export_reads_back_as_the_same_rows() {
        let exported = ExportedContact {
            id: 7,
            fields: ContactFields {
                name: "=HYPERLINK(\"x\")".into(),
                email: Some("ada@example.com".into()),
                phone: Some("+44 20 7946 0958".into()),
                company: Some("Engines, Ltd".into()),
            },
            identifier: Some("u-1".into()),
            created_at: "2026-12-01T10:00:00Z".into(),
            blocked: false,
            attributes: [("plan".to_string(), "pro".to_string())].into(),
        };
        let file = export_csv(std::slice::from_ref(&exported)).unwrap();
        assert!(file.starts_with(
            "id,name,email,phone,company,identifier,created_at,blocked,attributes.plan\n"
        ));
        // Formulas are not run by a spreadsheet opening the file.
        assert!(file.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{file}");
        assert!(file.contains(",'+44 20 7946 0958,"), "{file}");
        let rows = ok_rows(&file);
        assert_eq!(
            rows,
            vec![ImportRow {
                id: Some(7),
                name: Some(exported.fields.name.clone()),
                email: exported.fields.email.clone(),
                phone: exported.fields.phone.clone(),
                company: exported.fields.company.clone(),
                attributes: exported.attributes.clone(),
            }]
        );
        let found = ImportedContact {
            fields: exported.fields,
            attributes: exported.attributes,
        };
        assert_eq!(planned(Some(&found), &rows[0]), Planned::Unchanged);
    }

    #[test]
    fn a_header_it_does_not_know_is_refused_whole() {
        for (file, says) in [
            ("", "empty"),
            ("name,shoe size\nAda,5\n", "`shoe size`"),
            ("name,Name\nAda,Ada\n", "twice"),
            ("phone,company\n12345,Acme\n", "`id`, `name` or `email`"),
        ] {
            let e = parse_import(file, &[]).unwrap_err().to_string();
            assert!(e.contains(says), "{file:?}: {e}");
        }
        let many = format!("email\n{}", "a@b.co\n".repeat(MAX_IMPORT_ROWS + 1));
        assert!(parse_import(&many, &[])
            .unwrap_err()
            .to_string()
            .contains("at most 5000"));
    }

    #[test]
    fn each_row_is_checked_on_its_own_with_its_line() {
        let file = "Name;E-mail;Phone\n";
        assert!(parse_import(file, &[])
            .unwrap_err()
            .to_string()
            .contains("`E-mail`"));
        let file = "\u{feff}Name;Email;Phone;Attributes.Plan\n\
                    Ada;ada@example.com;020 7946 0958;pro\n\
                    Bob;not an address;;\n\
                    \n\
                    ;;12345;\n\
                    Cy;cy@example.com\n\
                    Di;di@example.com;call me;\n";
        let lines = parse_import(file, &[]).unwrap();
        let seen: Vec<(u64, std::result::Result<(), String>)> = lines
            .iter()
            .map(|l| (l.line, l.row.clone().map(|_| ())))
            .collect();
        assert_eq!(seen[0], (2, Ok(())));
        assert_eq!(lines[0].row.as_ref().unwrap().attributes["Plan"], "pro");
        assert_eq!(seen[1].0, 3);
        assert!(seen[1]
            .1
            .as_ref()
            .unwrap_err()
            .contains("not an e-mail address"));
        assert_eq!(seen[2].0, 5);
        assert!(seen[2]
            .1
            .as_ref()
            .unwrap_err()
            .contains("needs a name or an e-mail"));
        assert_eq!(seen[3].0, 6);
        assert!(seen[3]
            .1
            .as_ref()
            .unwrap_err()
            .contains("2 cells where the header has 4"));
        assert!(seen[4]
            .1
            .as_ref()
            .unwrap_err()
            .contains("not a phone number"));
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn a_row_fills_and_replaces_what_it_gives_and_leaves_the_rest() {
        let row = ok_rows("email,phone,attributes.city\nada@example.com,020 7946 0958,Paris\n");
        let Planned::Update { record, changes } = planned(Some(&ada()), &row[0]) else {
            panic!("an update")
        };
        assert_eq!(record.fields.name, "Ada Lovelace");
        assert_eq!(record.fields.company.as_deref(), Some("Engines"));
        assert_eq!(record.fields.phone.as_deref(), Some("020 7946 0958"));
        assert_eq!(record.attributes.len(), 2);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["phone", "attributes.city"]);
    }

    #[test]
    fn a_new_customer_is_named_by_the_row_or_their_address() {
        let rows = ok_rows("name,email\n,new@example.com\nGrace,\n");
        let Planned::Create { record, changes } = planned(None, &rows[0]) else {
            panic!("a new customer")
        };
        assert_eq!(record.fields.name, "new@example.com");
        assert_eq!(changes.len(), 2);
        let Planned::Create { record, .. } = planned(None, &rows[1]) else {
            panic!("a new customer")
        };
        assert_eq!(record.fields.name, "Grace");
    }

    #[test]
    fn an_id_nobody_has_and_too_many_attributes_are_refused() {
        let row = ok_rows("id,name\n99,Ada\n");
        assert_eq!(
            planned(None, &row[0]),
            Planned::Refused("there is no customer #99".into())
        );
        let mut full = ada();
        full.attributes = (0..crate::switchboard::MAX_ATTRIBUTES)
            .map(|i| (format!("a{i}"), "x".to_string()))
            .collect();
        let row = ok_rows("email,attributes.one_more\nada@example.com,x\n");
        assert!(
            matches!(planned(Some(&full), &row[0]), Planned::Refused(r) if r.contains("at most 30"))
        );
    }

    #[test]
    fn later_lines_build_on_earlier_ones_and_each_customer_is_written_once() {
        let lines = parse_import(
            "id,name,email,phone\n\
             ,New One,new@example.com,\n\
             ,,NEW@example.com,12345 678\n\
             ,,ada@example.com,99999\n\
             1,,,99999\n\
             1,Ada Lovelace,,\n\
             2,Nobody,,\n",
            &[],
        )
        .unwrap();
        let plan = plan(lines, vec![(1, ada())]);
        let outcomes: Vec<String> = plan
            .lines
            .iter()
            .map(|(line, o)| match o {
                LineOutcome::Created { write, .. } => format!("{line} created {write}"),
                LineOutcome::Updated { write, .. } => format!("{line} updated {write}"),
                LineOutcome::Unchanged { id, .. } => format!("{line} unchanged {id:?}"),
                LineOutcome::Refused(reason) => format!("{line} refused: {reason}"),
            })
            .collect();
        assert_eq!(
            outcomes,
            [
                "2 created 0",
                "3 updated 0",
                "4 updated 1",
                "5 unchanged Some(1)",
                "6 unchanged Some(1)",
                "7 refused: there is no customer #2",
            ]
        );
        assert_eq!(plan.writes.len(), 2);
        assert_eq!(plan.writes[0].id, None);
        assert_eq!(
            plan.writes[0].record.fields.phone.as_deref(),
            Some("12345 678")
        );
        assert_eq!(plan.writes[1].id, Some(1));
        assert_eq!(plan.writes[1].record.fields.phone.as_deref(), Some("99999"));
    }
}
