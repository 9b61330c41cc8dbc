//! The widget's pre-chat form: admins set it with the widget's settings;
//! a customer who is neither verified nor has written before is asked
//! before their first message, and their answers fill their record.

use super::{setting, to_json, Switchboard};
use crate::error::{Error, Result};
use crate::prechat;
use crate::Customer;
use std::collections::BTreeMap;
use switchboard_types::{PrechatMode, PrechatSettings};

impl Switchboard {
    /// The form as admins set it (off until they do).
    pub(super) async fn prechat_settings(&self) -> Result<PrechatSettings> {
        Ok(self
            .setting(setting::PRECHAT)
            .await?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// The form the widget shows (none while it is off).
    pub async fn prechat_form(&self) -> Result<Option<switchboard_types::PrechatForm>> {
        let settings = self.prechat_settings().await?;
        // Off (the usual case): the frame's page needs no definitions.
        if settings.mode == PrechatMode::Off {
            return Ok(None);
        }
        Ok(prechat::form(&settings, &self.defined_attributes().await?))
    }

    /// Whether this customer is asked: a form is set, and they are not
    /// verified, have not answered it and have never written.
    pub(super) async fn asks_prechat(&self, contact_id: i64) -> Result<bool> {
        if self.prechat_settings().await?.mode == PrechatMode::Off {
            return Ok(false);
        }
        Ok(!self.store.contact_known_already(contact_id).await?)
    }

    /// A customer's answers to the pre-chat form: checked as the form and
    /// the record check them, then written to their record in one go (the
    /// name, e-mail and phone given; the attributes as the site's, leaving
    /// what an agent wrote), logged as theirs and told to every agent.
    /// Verified customers' details come from the site: they are not asked.
    pub async fn answer_prechat(
        &self,
        contact: &Customer,
        given: &BTreeMap<String, String>,
        consent: bool,
    ) -> Result<()> {
        let settings = self.prechat_settings().await?;
        let definitions = self.defined_attributes().await?;
        let answers = prechat::answers(&settings, &definitions, given, consent)?;
        if self.store.contact_verified(contact.id).await? {
            return Err(Error::Conflict(
                "a verified customer's details come from the site".into(),
            ));
        }
        let mut fields = self
            .store
            .contact_fields(contact.id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let before = fields.clone();
        fields.name = answers.name.unwrap_or(fields.name);
        fields.email = answers.email.or(fields.email);
        fields.phone = answers.phone.or(fields.phone);
        let values = self
            .site_values(contact.id, answers.attributes, false)
            .await?;
        let mut changes = crate::contacts::changes(&before, &fields);
        changes.extend(super::attributes::attribute_changes(
            &values.known,
            &values.after,
        ));
        if settings.consent.is_some() {
            changes.push(switchboard_types::FieldChange {
                field: "consent".into(),
                from: None,
                to: settings.consent.clone(),
            });
        }
        let published = self
            .store
            .fill_from_prechat(
                contact.id,
                &fields,
                &to_json(&values.after)?,
                &to_json(&changes)?,
            )
            .await?;
        self.published(published);
        Ok(())
    }
}
