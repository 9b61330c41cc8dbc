//! The audit: every change an admin makes, recorded with each changed
//! field's old and new value, and read back by admins.

use super::{admin_only, Switchboard};
use crate::error::{Error, Result};
use serde_json::json;
use switchboard_types::{Agent, AuditAction, AuditEntry};

impl Switchboard {
    /// Notes an admin's change in the audit (what, to what, the details).
    pub(crate) async fn audited(
        &self,
        actor: &Agent,
        action: AuditAction,
        subject: &str,
        data: serde_json::Value,
    ) -> Result<()> {
        let data = data.to_string();
        self.store
            .insert_audit(actor, action.as_str(), subject, &data)
            .await
    }

    /// The admins' changes, newest first (admins).
    pub async fn audit(&self, asking: &Agent, before_id: Option<i64>) -> Result<Vec<AuditEntry>> {
        admin_only(asking, "read the audit")?;
        let rows = self.store.audit(before_id, AUDIT_PAGE).await?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }
}

const AUDIT_PAGE: i64 = 100;

/// What an admin changed, field by field, for the audit:
/// `{"field": {"from": old, "to": new}}` for each field of `after` whose
/// value differs in `before` (fields are compared by name; both are JSON
/// objects of the same thing, before and after the change).
pub(crate) fn changes(before: &serde_json::Value, after: &serde_json::Value) -> serde_json::Value {
    let mut changed = serde_json::Map::new();
    if let (Some(before), Some(after)) = (before.as_object(), after.as_object()) {
        for (field, to) in after {
            let from = before
                .get(field)
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            if &from != to {
                changed.insert(field.clone(), json!({ "from": from, "to": to }));
            }
        }
    }
    json!({ "changes": changed })
}

/// Serialises what is compared for the audit.
pub(crate) fn as_json(value: &impl serde::Serialize) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::changes;
    use serde_json::json;

    #[test]
    fn the_audit_keeps_each_changed_field_with_its_old_and_new_value() {
        let before = json!({ "name": "Support", "members": [1, 2], "policy": "off" });
        let after =
            json!({ "name": "Help", "members": [1, 2], "policy": "round_robin", "hours": null });
        assert_eq!(
            changes(&before, &after),
            json!({ "changes": {
                "name": { "from": "Support", "to": "Help" },
                "policy": { "from": "off", "to": "round_robin" },
            } })
        );
        assert_eq!(changes(&after, &after), json!({ "changes": {} }));
    }
}
