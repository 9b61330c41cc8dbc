//! Customers' accounts as agents see them: the account with its
//! conversations, editing the record, notes, blocking and letting back.

use super::{admin_only, to_json, Switchboard};
use crate::clock;
use crate::contacts;
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::store::rows::ContactNoteRow;
use switchboard_types::{
    Agent, ContactAccount, ContactChange, ContactNote, ContactPage, ContactSort, FieldChange,
    SentMessage,
};

/// How much of the contact log an account shows.
const LOG_SHOWN: i64 = 50;

/// How many customers a page of the list holds.
pub const CONTACTS_PAGE: i64 = 50;

impl Switchboard {
    /// Every customer (any agent), found by what the team knows of them
    /// (see [`contacts::search_pattern`]), a page from `offset`.
    pub async fn contacts(
        &self,
        _asking: &Agent,
        typed: &str,
        sort: ContactSort,
        offset: i64,
    ) -> Result<ContactPage> {
        if offset < 0 {
            return Err(Error::Invalid("offset cannot be negative".into()));
        }
        let pattern = contacts::search_pattern(typed)?;
        let mut rows = self
            .store
            .list_contacts(&pattern, sort, offset, CONTACTS_PAGE + 1)
            .await?;
        let more = rows.len() as i64 > CONTACTS_PAGE;
        rows.truncate(CONTACTS_PAGE as usize);
        Ok(ContactPage {
            contacts: rows.into_iter().map(Into::into).collect(),
            next_offset: more.then_some(offset + CONTACTS_PAGE),
        })
    }

    /// A customer's account: details and every conversation. A record
    /// merged into another answers with the one it joined.
    pub async fn contact_account(&self, agent: &Agent, contact_id: i64) -> Result<ContactAccount> {
        let contact_id = self
            .store
            .contact_merged_into(contact_id)
            .await?
            .unwrap_or(contact_id);
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
        let fields = self
            .store
            .contact_fields(contact_id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let notes = self.store.contact_notes(contact_id).await?;
        let log = self.store.contact_log(contact_id, LOG_SHOWN).await?;
        let visit = self
            .store
            .contact_visit(contact_id)
            .await?
            .unwrap_or_default();
        Ok(ContactAccount {
            contact: contact.into(),
            created_at: clock::rfc3339(created_at),
            blocked,
            attributes: serde_json::from_str(&attributes).unwrap_or_default(),
            conversations: rows.into_iter().map(|r| r.into_conversation()).collect(),
            phone: fields.phone,
            company: fields.company,
            notes: notes.into_iter().map(|n| n.into_note(agent)).collect(),
            log: log.into_iter().map(Into::into).collect(),
            utc_offset_minutes: visit
                .time_zone
                .as_deref()
                .and_then(crate::visits::utc_offset_minutes),
            time_zone: visit.time_zone,
            language: visit.language,
            browser: visit.browser,
        })
    }

    /// Edits a customer's details (any agent): each field given replaces
    /// it, checked; the contact log records who changed what, and every
    /// agent showing the customer sees it at once.
    pub async fn edit_contact(
        &self,
        agent: &Agent,
        contact_id: i64,
        change: &ContactChange,
    ) -> Result<ContactAccount> {
        let current = self
            .store
            .contact_fields(contact_id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let next = contacts::edited(&current, change)?;
        if let Some(given) = &change.attributes {
            self.agent_writes_attributes(agent, contact_id, given)
                .await?;
        }
        let changes = contacts::changes(&current, &next);
        if !changes.is_empty() {
            let published = self
                .store
                .update_contact(contact_id, &next, &to_json(&changes)?, agent.id)
                .await?;
            self.published(published);
        }
        self.contact_account(agent, contact_id).await
    }

    /// Writes to a customer first, by e-mail: a new conversation, held by
    /// the agent, whose first message goes out as mail (as does every
    /// reply after it); the customer's answer by mail comes back into it.
    /// Refused without their address, for a blocked customer, and while
    /// they have a conversation open (write there). The same `client_id`
    /// again is the same message, sent once.
    pub async fn start_email_conversation(
        &self,
        agent: &Agent,
        contact_id: i64,
        client_id: &str,
        body: &str,
    ) -> Result<SentMessage> {
        // Checked before anything is opened.
        let checked = lifecycle::client_id(client_id)?;
        lifecycle::message_body(body)?;
        let (number, published) = self
            .store
            .start_email_conversation(contact_id, agent, &checked, contacts::may_write_first)
            .await?;
        self.published(published);
        // Signed: the customer reads who wrote.
        self.send_message(agent, number, client_id, body, false, true)
            .await
    }

    /// Adds a note on a customer, for the team.
    pub async fn add_contact_note(
        &self,
        agent: &Agent,
        contact_id: i64,
        body: &str,
    ) -> Result<ContactNote> {
        self.store
            .contact_fields(contact_id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let body = contacts::note_body(body)?;
        let changes = [note_change(None, Some(&body))];
        let (note, published) = self
            .store
            .insert_contact_note(contact_id, agent.id, &body, &to_json(&changes)?)
            .await?;
        self.published(published);
        Ok(note.into_note(agent))
    }

    /// Changes a note's text (its author alone).
    pub async fn edit_contact_note(
        &self,
        agent: &Agent,
        contact_id: i64,
        note_id: i64,
        body: &str,
    ) -> Result<ContactNote> {
        let note = self.contact_note(contact_id, note_id).await?;
        contacts::may_edit_note(agent, note.agent_id)?;
        let body = contacts::note_body(body)?;
        if body != note.body {
            let changes = [note_change(Some(&note.body), Some(&body))];
            let published = self
                .store
                .change_contact_note(&note, Some(&body), agent.id, &to_json(&changes)?)
                .await?;
            self.published(published);
        }
        Ok(self
            .contact_note(contact_id, note_id)
            .await?
            .into_note(agent))
    }

    /// Deletes a note (its author, or an admin); the log keeps what it said.
    pub async fn delete_contact_note(
        &self,
        agent: &Agent,
        contact_id: i64,
        note_id: i64,
    ) -> Result<()> {
        let note = self.contact_note(contact_id, note_id).await?;
        contacts::may_delete_note(agent, note.agent_id)?;
        let changes = [note_change(Some(&note.body), None)];
        let published = self
            .store
            .change_contact_note(&note, None, agent.id, &to_json(&changes)?)
            .await?;
        self.published(published);
        Ok(())
    }

    /// A note of this customer's (another customer's is not found here).
    async fn contact_note(&self, contact_id: i64, note_id: i64) -> Result<ContactNoteRow> {
        self.store
            .contact_note(note_id)
            .await?
            .filter(|n| n.contact_id == contact_id)
            .ok_or(Error::NotFound("note"))
    }

    /// Merges customer `from` into `into` (any agent): the same person on
    /// two devices or channels becomes one record, as
    /// [`contacts::merged`] says; the contact log of the record kept
    /// records it. Answers the record kept.
    pub async fn merge_contacts(
        &self,
        agent: &Agent,
        from: i64,
        into: i64,
    ) -> Result<ContactAccount> {
        let published = self
            .store
            .merge_contacts(from, into, agent.id, contacts::merged)
            .await?;
        self.published(published);
        self.contact_account(agent, into).await
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
            let published = self
                .store
                .set_contact_blocked(account.contact.id, blocked)
                .await?;
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
                serde_json::json!({ "contact_id": account.contact.id, "from": account.blocked, "to": blocked }),
            )
            .await?;
        }
        self.contact_account(agent, account.contact.id).await
    }
}

/// Who may block a customer or let them back: admins. The pane offers
/// Block (or Unblock) from this.
pub(super) fn may_block(agent: &Agent) -> Result<()> {
    admin_only(agent, "block customers")
}

fn note_change(from: Option<&str>, to: Option<&str>) -> FieldChange {
    FieldChange {
        field: "note".into(),
        from: from.map(str::to_string),
        to: to.map(str::to_string),
    }
}
