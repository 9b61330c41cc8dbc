//! Customers' accounts as agents see them: the account with its
//! conversations, blocking and letting back.

use super::{admin_only, Switchboard};
use crate::clock;
use crate::error::{Error, Result};
use switchboard_types::{Agent, ContactAccount};

impl Switchboard {
    /// A customer's account: details and every conversation.
    pub async fn contact_account(&self, agent: &Agent, contact_id: i64) -> Result<ContactAccount> {
        let (contact, created_at, attributes) = self
            .store
            .contact(contact_id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let rows = self
            .store
            .conversations_of_contact(agent.id, contact_id)
            .await?;
        let blocked = self.store.contact_blocked(contact_id).await?;
        Ok(ContactAccount {
            contact: contact.into(),
            created_at: clock::rfc3339(created_at),
            blocked,
            attributes: serde_json::from_str(&attributes).unwrap_or_default(),
            conversations: rows.into_iter().map(|r| r.into_conversation()).collect(),
        })
    }

    /// Blocks a customer (admins): what they write is still stored, but
    /// their conversations leave every list for the Blocked view, and
    /// nobody is assigned them. `false` lets them back.
    pub async fn block_contact(
        &self,
        agent: &Agent,
        contact_id: i64,
        blocked: bool,
    ) -> Result<ContactAccount> {
        may_block(agent)?;
        let account = self.contact_account(agent, contact_id).await?;
        if account.blocked != blocked {
            let published = self.store.set_contact_blocked(contact_id, blocked).await?;
            self.published(published);
            let subject = match &account.contact.email {
                Some(email) => format!("{} ({email})", account.contact.name),
                None => account.contact.name.clone(),
            };
            let action = if blocked {
                switchboard_types::AuditAction::ContactBlocked
            } else {
                switchboard_types::AuditAction::ContactUnblocked
            };
            self.audited(
                agent,
                action,
                &subject,
                serde_json::json!({ "contact_id": contact_id, "from": account.blocked, "to": blocked }),
            )
            .await?;
        }
        self.contact_account(agent, contact_id).await
    }
}

/// Who may block a customer or let them back: admins. The pane offers
/// Block (or Unblock) from this.
pub(super) fn may_block(agent: &Agent) -> Result<()> {
    admin_only(agent, "block customers")
}
