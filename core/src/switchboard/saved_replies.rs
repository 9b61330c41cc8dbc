//! Saved replies: every agent keeps their own, admins keep the team's, and
//! one is filled in for a conversation when an agent inserts it.

use super::Switchboard;
use crate::error::{Error, Result};
use crate::saved_replies::{self, Placeholders};
use crate::store::rows::SavedReplyRow;
use switchboard_types::{Agent, FilledReply, SavedReply};

impl Switchboard {
    /// The team's replies and the agent's own, by shortcut.
    pub async fn saved_replies(&self, asking: &Agent) -> Result<Vec<SavedReply>> {
        let rows = self.store.saved_replies(asking.id).await?;
        Ok(rows
            .into_iter()
            .map(|row| row.into_saved_reply(asking))
            .collect())
    }

    /// A new reply: the agent's own, or (`team`, admins) the whole team's.
    pub async fn create_saved_reply(
        &self,
        asking: &Agent,
        shortcut: &str,
        body: &str,
        team: bool,
    ) -> Result<SavedReply> {
        let owner = (!team).then_some(asking.id);
        saved_replies::may_change(owner, asking)?;
        let shortcut = saved_replies::shortcut(shortcut)?;
        let body = saved_replies::body(body)?;
        let row = self
            .store
            .insert_saved_reply(owner, &shortcut, body.as_str())
            .await?;
        Ok(row.into_saved_reply(asking))
    }

    /// A reply the agent may change, found.
    async fn changeable_saved_reply(&self, asking: &Agent, id: i64) -> Result<SavedReplyRow> {
        let row = self
            .store
            .saved_reply(id)
            .await?
            .ok_or(Error::NotFound("saved reply"))?;
        saved_replies::may_change(row.owner_id, asking)?;
        Ok(row)
    }

    /// Changes a reply's shortcut and/or text (what is not given stays).
    pub async fn change_saved_reply(
        &self,
        asking: &Agent,
        id: i64,
        shortcut: Option<&str>,
        body: Option<&str>,
    ) -> Result<SavedReply> {
        let mut row = self.changeable_saved_reply(asking, id).await?;
        if let Some(shortcut) = shortcut {
            row.shortcut = saved_replies::shortcut(shortcut)?;
        }
        if let Some(body) = body {
            row.body = saved_replies::body(body)?.as_str().to_string();
        }
        if !self
            .store
            .update_saved_reply(id, &row.shortcut, &row.body)
            .await?
        {
            return Err(Error::NotFound("saved reply"));
        }
        Ok(row.into_saved_reply(asking))
    }

    pub async fn delete_saved_reply(&self, asking: &Agent, id: i64) -> Result<()> {
        self.changeable_saved_reply(asking, id).await?;
        if !self.store.delete_saved_reply(id).await? {
            return Err(Error::NotFound("saved reply"));
        }
        Ok(())
    }

    /// A reply the agent may use, its placeholders filled in for the
    /// conversation (its customer, the agent, its number).
    pub async fn fill_saved_reply(
        &self,
        asking: &Agent,
        id: i64,
        number: i64,
    ) -> Result<FilledReply> {
        let reply = self
            .store
            .saved_reply(id)
            .await?
            .filter(|r| r.owner_id.is_none_or(|owner| owner == asking.id))
            .ok_or(Error::NotFound("saved reply"))?;
        let conversation = self
            .store
            .conversation(asking.id, number)
            .await?
            .filter(|c| c.deleted_at.is_none() || asking.is_admin())
            .ok_or(Error::NotFound("conversation"))?;
        let (_, _, attributes) = self
            .store
            .contact(conversation.contact_id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let attributes = serde_json::from_str(&attributes).unwrap_or_default();
        let values = Placeholders {
            customer_name: &conversation.contact_name,
            customer_email: conversation.contact_email.as_deref(),
            customer_attributes: &attributes,
            agent_name: &asking.name,
            conversation_number: number,
        };
        Ok(FilledReply {
            body: saved_replies::fill(&reply.body, &values),
        })
    }
}
