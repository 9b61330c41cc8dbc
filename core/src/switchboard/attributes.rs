//! Customer attributes: admins define them (name, kind, a list's
//! choices, place); agents fill them in on a customer's record; the site
//! sets them from the host page, typed the same way and leaving what an
//! agent wrote alone unless it says to overwrite.

use super::{merge_attributes, to_json, Switchboard};
use crate::attributes;
use crate::error::{Error, Result};
use crate::Customer;
use serde_json::json;
use std::collections::BTreeMap;
use switchboard_types::{
    Agent, AttributeDefinition, AttributeDraft, AttributesSet, AuditAction, FieldChange,
};

/// A customer's attributes before and after a change: what the contact
/// log records (`attributes.<name>`).
pub(super) fn attribute_changes(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Vec<FieldChange> {
    let names: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter(|n| before.get(*n) != after.get(*n))
        .map(|n| FieldChange {
            field: format!("attributes.{n}"),
            from: before.get(n).cloned(),
            to: after.get(n).cloned(),
        })
        .collect()
}

/// A customer's attributes before and after the site's values, the names
/// agents wrote that stay theirs, and those the site left alone.
pub(super) struct SiteValues {
    pub known: BTreeMap<String, String>,
    pub after: BTreeMap<String, String>,
    pub edited: Vec<String>,
    pub kept: Vec<String>,
}

impl Switchboard {
    /// The attributes admins defined, in the order details show them (any
    /// agent reads them).
    pub async fn attribute_definitions(&self, _asking: &Agent) -> Result<Vec<AttributeDefinition>> {
        self.defined_attributes().await
    }

    pub(super) async fn defined_attributes(&self) -> Result<Vec<AttributeDefinition>> {
        Ok(self
            .store
            .attribute_definitions()
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    async fn attribute_definition(&self, id: i64) -> Result<AttributeDefinition> {
        self.store
            .attribute_definition(id)
            .await?
            .map(Into::into)
            .ok_or(Error::NotFound("attribute"))
    }

    /// A new attribute (admins), shown after the others.
    pub async fn create_attribute(
        &self,
        asking: &Agent,
        draft: &AttributeDraft,
    ) -> Result<AttributeDefinition> {
        attributes::may_define(asking)?;
        let name = attributes::name(draft.name.as_deref().unwrap_or_default())?;
        let kind = draft.kind.unwrap_or_default();
        let options = attributes::options(kind, draft.options.as_deref().unwrap_or_default())?;
        if self.store.attribute_definitions().await?.len() >= attributes::MAX_DEFINITIONS {
            return Err(Error::Invalid(format!(
                "a team defines at most {} attributes",
                attributes::MAX_DEFINITIONS
            )));
        }
        let (row, published) = self
            .store
            .insert_attribute_definition(&name, kind.as_str(), &to_json(&options)?)
            .await?;
        self.published(published);
        let defined = AttributeDefinition::from(row);
        let id = defined.id;
        self.audited(
            asking,
            AuditAction::AttributeCreated,
            &name,
            json!({ "id": id, "kind": kind, "options": options }),
        )
        .await?;
        match draft.position {
            Some(position) => {
                let moved = AttributeDraft {
                    position: Some(position),
                    ..Default::default()
                };
                self.change_attribute(asking, id, &moved).await
            }
            None => Ok(defined),
        }
    }

    /// Renames an attribute, changes a list's choices or moves it to
    /// another place (admins; `position` 1 is first). Its kind stays.
    /// Customers' values keep their name as written until written again.
    pub async fn change_attribute(
        &self,
        asking: &Agent,
        id: i64,
        draft: &AttributeDraft,
    ) -> Result<AttributeDefinition> {
        attributes::may_define(asking)?;
        let before = self.attribute_definition(id).await?;
        if draft.kind.is_some_and(|k| k != before.kind) {
            return Err(Error::Invalid(
                "an attribute's kind cannot change: define a new one".into(),
            ));
        }
        let name = match &draft.name {
            Some(name) => attributes::name(name)?,
            None => before.name.clone(),
        };
        let options = match &draft.options {
            Some(options) => attributes::options(before.kind, options)?,
            None => before.options.clone(),
        };
        let order = match draft.position {
            Some(place) => {
                let ids: Vec<i64> = self
                    .defined_attributes()
                    .await?
                    .iter()
                    .map(|d| d.id)
                    .collect();
                attributes::placed(&ids, id, place)?
            }
            None => Vec::new(),
        };
        let published = self
            .store
            .update_attribute_definition(id, &name, &to_json(&options)?, &order)
            .await?
            .ok_or(Error::NotFound("attribute"))?;
        self.published(published);
        let after = self.attribute_definition(id).await?;
        self.audited(
            asking,
            AuditAction::AttributeChanged,
            &after.name,
            json!({
                "id": id,
                "name": { "from": before.name, "to": after.name },
                "options": { "from": before.options, "to": after.options },
                "position": { "from": before.position, "to": after.position },
            }),
        )
        .await?;
        Ok(after)
    }

    /// Removes an attribute's definition (admins); customers keep their
    /// values as text.
    pub async fn delete_attribute(&self, asking: &Agent, id: i64) -> Result<()> {
        attributes::may_define(asking)?;
        let defined = self.attribute_definition(id).await?;
        let published = self
            .store
            .delete_attribute_definition(id)
            .await?
            .ok_or(Error::NotFound("attribute"))?;
        self.published(published);
        self.audited(
            asking,
            AuditAction::AttributeDeleted,
            &defined.name,
            json!({ "id": id }),
        )
        .await
    }

    /// Whether the site's attributes fit, before anything is stored.
    pub async fn check_site_attributes(&self, given: &BTreeMap<String, String>) -> Result<()> {
        let typed = attributes::typed(&self.defined_attributes().await?, given)?;
        merge_attributes(BTreeMap::new(), &typed).map(|_| ())
    }

    /// A customer's attributes (JSON read) and the names agents wrote.
    async fn customer_attributes(
        &self,
        contact_id: i64,
    ) -> Result<(BTreeMap<String, String>, Vec<String>)> {
        let (known, edited) = self
            .store
            .contact_attributes(contact_id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        Ok((
            serde_json::from_str(&known).unwrap_or_default(),
            serde_json::from_str(&edited).unwrap_or_default(),
        ))
    }

    /// An agent writes attributes on a customer's record: typed, logged,
    /// told to every agent; the names written are the agents' from now on.
    pub(super) async fn agent_writes_attributes(
        &self,
        agent: &Agent,
        contact_id: i64,
        given: &BTreeMap<String, String>,
    ) -> Result<()> {
        let typed = attributes::typed(&self.defined_attributes().await?, given)?;
        let (known, mut edited) = self.customer_attributes(contact_id).await?;
        let after = merge_attributes(known.clone(), &typed)?;
        let changes = attribute_changes(&known, &after);
        if changes.is_empty() {
            return Ok(());
        }
        for change in &changes {
            let name = change.field.trim_start_matches("attributes.");
            if !edited.iter().any(|e| e == name) {
                edited.push(name.to_string());
            }
        }
        let published = self
            .store
            .set_contact_attributes(
                contact_id,
                &to_json(&after)?,
                &to_json(&edited)?,
                Some(&to_json(&changes)?),
                Some(agent.id),
            )
            .await?;
        self.published(published);
        Ok(())
    }

    /// The site sets a customer's attributes (their widget's token, or
    /// the session it starts): typed by the definitions, refused whole
    /// when one does not fit; what an agent wrote stays unless
    /// `overwrite`. Logged as the site's and told to every agent.
    pub async fn site_sets_attributes(
        &self,
        contact: &Customer,
        given: &BTreeMap<String, String>,
        overwrite: bool,
    ) -> Result<AttributesSet> {
        let typed = attributes::typed(&self.defined_attributes().await?, given)?;
        let values = self.site_values(contact.id, typed, overwrite).await?;
        let changes = attribute_changes(&values.known, &values.after);
        if !changes.is_empty() {
            let published = self
                .store
                .set_contact_attributes(
                    contact.id,
                    &to_json(&values.after)?,
                    &to_json(&values.edited)?,
                    Some(&to_json(&changes)?),
                    None,
                )
                .await?;
            self.published(published);
        }
        Ok(AttributesSet {
            attributes: values.after,
            kept: values.kept,
        })
    }

    /// The site's values (typed) laid over a customer's attributes, as
    /// the site may write them (its `set`, its pre-chat form).
    pub(super) async fn site_values(
        &self,
        contact_id: i64,
        typed: BTreeMap<String, String>,
        overwrite: bool,
    ) -> Result<SiteValues> {
        let (known, edited) = self.customer_attributes(contact_id).await?;
        let (written, kept) = attributes::site_may_write(typed, &edited, overwrite);
        let after = merge_attributes(known.clone(), &written)?;
        let edited = edited
            .into_iter()
            .filter(|n| !written.contains_key(n))
            .collect();
        Ok(SiteValues {
            known,
            after,
            edited,
            kept,
        })
    }
}
