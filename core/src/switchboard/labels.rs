//! Labels: admins define them (name and colour), every agent puts them on
//! conversations and takes them off; lists and search narrow to them.

use super::Switchboard;
use crate::error::{Error, Result};
use crate::labels;
use crate::store::rows::LabelRow;
use crate::store::Actor;
use serde_json::json;
use switchboard_types::{Agent, AuditAction, Conversation, Label};

impl Switchboard {
    /// The team's labels, by name.
    pub async fn labels(&self, _asking: &Agent) -> Result<Vec<Label>> {
        Ok(self
            .store
            .labels()
            .await?
            .into_iter()
            .map(Label::from)
            .collect())
    }

    /// A new label (admins); without a colour, a grey.
    pub async fn create_label(
        &self,
        asking: &Agent,
        name: &str,
        colour: Option<&str>,
    ) -> Result<Label> {
        labels::may_define(asking)?;
        let name = labels::name(name)?;
        let colour = labels::colour(colour.unwrap_or(labels::DEFAULT_COLOUR))?;
        let (row, published) = self.store.insert_label(&name, &colour).await?;
        self.published(published);
        self.audited(
            asking,
            AuditAction::LabelCreated,
            &name,
            json!({ "id": row.id, "colour": colour }),
        )
        .await?;
        Ok(row.into())
    }

    async fn label_row(&self, id: i64) -> Result<LabelRow> {
        self.store.label(id).await?.ok_or(Error::NotFound("label"))
    }

    /// Renames and/or recolours a label (admins); conversations carrying
    /// it carry the new name.
    pub async fn change_label(
        &self,
        asking: &Agent,
        id: i64,
        name: Option<&str>,
        colour: Option<&str>,
    ) -> Result<Label> {
        labels::may_define(asking)?;
        let before = self.label_row(id).await?;
        let name = name.map(labels::name).transpose()?;
        let colour = colour.map(labels::colour).transpose()?;
        let after = LabelRow {
            id,
            name: name.unwrap_or_else(|| before.name.clone()),
            colour: colour.unwrap_or_else(|| before.colour.clone()),
        };
        let published = self
            .store
            .update_label(id, &after.name, &after.colour)
            .await?
            .ok_or(Error::NotFound("label"))?;
        self.published(published);
        self.audited(
            asking,
            AuditAction::LabelChanged,
            &after.name,
            json!({
                "id": id,
                "name": { "from": before.name, "to": after.name },
                "colour": { "from": before.colour, "to": after.colour },
            }),
        )
        .await?;
        Ok(after.into())
    }

    /// Removes a label (admins), and with it from every conversation.
    pub async fn delete_label(&self, asking: &Agent, id: i64) -> Result<()> {
        labels::may_define(asking)?;
        let label = self.label_row(id).await?;
        let published = self
            .store
            .delete_label(id)
            .await?
            .ok_or(Error::NotFound("label"))?;
        self.published(published);
        self.audited(
            asking,
            AuditAction::LabelDeleted,
            &label.name,
            json!({ "id": id }),
        )
        .await
    }

    /// Puts the label named on a conversation (`on`) or takes it off; the
    /// history records who did, and every agent's list hears of it.
    pub async fn label_conversation(
        &self,
        asking: &Agent,
        number: i64,
        label: &str,
        on: bool,
    ) -> Result<Conversation> {
        self.conversation(asking, number).await?;
        let name = labels::name(label)?;
        let label = self
            .store
            .labels()
            .await?
            .into_iter()
            .find(|l| l.name == name)
            .ok_or_else(|| Error::Invalid(format!("there is no label named {name}")))?;
        let (_, published) = self
            .store
            .label_conversation(number, &label, on, &Actor::agent(asking))
            .await?;
        self.published(published);
        self.conversation(asking, number).await
    }

    /// The ids of the labels named, to narrow a list or a search; `None`
    /// when one does not exist (no conversation carries it).
    pub(super) async fn label_ids(&self, names: &[String]) -> Result<Option<Vec<i64>>> {
        labels::filter(names)?;
        if names.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let known = self.store.labels().await?;
        Ok(names
            .iter()
            .map(|name| known.iter().find(|l| &l.name == name).map(|l| l.id))
            .collect())
    }
}
