//! The customer's use cases, from the widget: sessions (with optional
//! identity verification), sending, reading their history, telling which
//! page they are on, their attributes, and offline messages that become
//! tickets answered by e-mail.

use super::{setting, Switchboard};
use crate::auth::{identity_verified, new_secret, secret_digest};
use crate::contacts::ANONYMOUS_NAME as VISITOR;
use crate::error::{Error, Result};
use crate::lifecycle::{self, ConversationState};
use crate::store::rows::ContactRow;
use crate::store::{Actor, CustomerSend, MailMeta, Sent};
use crate::Customer;
use std::collections::BTreeMap;
use switchboard_types::{CustomerMessages, CustomerSentMessage, LiveEvent, WidgetSession};

impl Switchboard {
    /// The customer's browser on a visit of the host site (the loader
    /// says it once a page): their time zone and language, checked, and
    /// their browser in words from its user agent. Agents hear of it when
    /// it changed. What was recorded (none: not said, the last kept).
    pub async fn customer_visits(
        &self,
        contact: &Customer,
        time_zone: Option<&str>,
        language: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<crate::visits::LastVisit> {
        let time_zone = time_zone.map(crate::visits::time_zone).transpose()?;
        let language = language.map(crate::visits::language).transpose()?;
        let browser = user_agent.and_then(crate::visits::browser);
        let published = self
            .store
            .record_visit(
                contact.id,
                time_zone.as_deref(),
                language.as_deref(),
                browser.as_deref(),
            )
            .await?;
        self.published(published);
        Ok(crate::visits::LastVisit {
            time_zone,
            language,
            browser,
        })
    }

    pub async fn contact_for_token(&self, token: &str) -> Result<Customer> {
        self.store
            .contact_by_token(&secret_digest(token))
            .await?
            .map(Customer::from)
            .ok_or(Error::Unauthenticated)
    }

    /// Resuming a widget session: the contact and their open conversation.
    pub async fn resume_widget_session(&self, token: &str) -> Result<WidgetSession> {
        let contact = self.contact_for_token(token).await?;
        let open = match self.store.latest_conversation_of(contact.id).await? {
            Some(row) => Some(self.store.customer_conversation(&row).await?),
            None => None,
        };
        Ok(WidgetSession {
            contact_token: token.to_string(),
            ask_prechat: self.asks_prechat(contact.id).await?,
            contact: contact.into(),
            open_conversation: open,
        })
    }

    pub async fn customer_send(
        &self,
        contact: &Customer,
        client_id: &str,
        body: &str,
    ) -> Result<CustomerSentMessage> {
        self.customer_send_with_files(contact, client_id, body, &[])
            .await
    }

    /// A customer's message with files they uploaded (their ids); its
    /// text may then be empty.
    pub async fn customer_send_with_files(
        &self,
        contact: &Customer,
        client_id: &str,
        body: &str,
        files: &[String],
    ) -> Result<CustomerSentMessage> {
        let queue_id = self
            .setting(setting::WIDGET_QUEUE)
            .await?
            .and_then(|q| q.parse().ok());
        self.customer_sends(contact, client_id, body, files, queue_id, None)
            .await
    }

    /// A customer's e-mail: a message whose conversation (a new one in
    /// `queue_id`, or theirs that is open) is answered by e-mail.
    pub(super) async fn customer_send_mail(
        &self,
        contact: &Customer,
        client_id: &str,
        body: &str,
        files: &[String],
        queue_id: Option<i64>,
        mail: &MailMeta,
    ) -> Result<CustomerSentMessage> {
        self.customer_sends(contact, client_id, body, files, queue_id, Some(mail))
            .await
    }

    async fn customer_sends(
        &self,
        contact: &Customer,
        client_id: &str,
        body: &str,
        files: &[String],
        queue_id: Option<i64>,
        mail: Option<&MailMeta>,
    ) -> Result<CustomerSentMessage> {
        let client_id = lifecycle::client_id(client_id)?;
        let body = lifecycle::message_body_with_files(body, !files.is_empty())?;
        let files = self
            .files_to_send(crate::attachments::Uploader::Contact(contact.id), files)
            .await?;
        let company_name = self.company_name().await?;
        let send = CustomerSend {
            contact,
            client_id: &client_id,
            body: &body,
            queue_id,
            company_name: &company_name,
            files: &files,
            mail,
        };
        // Two first messages racing may both try to open a conversation;
        // the database lets one win, and the other appends on its retry.
        let sent = match self.store.customer_send(&send).await {
            Err(e) if e.is_unique_violation() => self.store.customer_send(&send).await?,
            other => other?,
        };
        let Sent {
            message,
            conversation,
            published,
        } = sent;
        // The customer's view was announced with the message; a repeated
        // send announced nothing and reads it.
        let announced = published.iter().rev().find_map(|p| match &p.event {
            LiveEvent::CustomerConversationUpdated { conversation } => Some(conversation.clone()),
            _ => None,
        });
        let conversation = match announced {
            Some(seen) => seen,
            None => self.store.customer_conversation(&conversation).await?,
        };
        self.published(published);
        Ok(CustomerSentMessage {
            message: self
                .for_customer(message.into_customer_message(&company_name))
                .await?,
            conversation,
        })
    }

    /// Records a page change in the customer's open conversation; answers
    /// whether there was one to record it in.
    pub async fn customer_page_changed(
        &self,
        contact: &Customer,
        url: &str,
        title: &str,
    ) -> Result<bool> {
        let open = self
            .store
            .latest_conversation_of(contact.id)
            .await?
            .filter(|c| c.status() != switchboard_types::ConversationStatus::Resolved);
        let Some(open) = open else {
            lifecycle::page_changed(
                &lifecycle::ConversationState {
                    status: switchboard_types::ConversationStatus::Resolved,
                    assignee: None,
                    queue_id: None,
                    resolved_by: None,
                    snoozed_until: None,
                    deleted: false,
                    merged_into: None,
                },
                url,
                title,
            )?;
            return Ok(false);
        };
        let actor = Actor::contact(&contact.name);
        let rule = |s: &ConversationState| lifecycle::page_changed(s, url, title);
        let (_, published) = self.store.change(open.number, &actor, None, rule).await?;
        let recorded = !published.is_empty();
        self.published(published);
        Ok(recorded)
    }

    /// What the customer may see: with `after_seq`, their current
    /// conversation after it; without, their whole history (every
    /// conversation, in the order it was written, the latest 200 messages).
    pub async fn customer_messages(
        &self,
        contact: &Customer,
        after_seq: Option<i64>,
    ) -> Result<CustomerMessages> {
        let Some(after_seq) = after_seq else {
            let company_name = self.company_name().await?;
            let messages = self
                .store
                .customer_history(contact.id, 200, &company_name)
                .await?;
            let messages = self.all_for_customer(messages).await?;
            return Ok(CustomerMessages { messages });
        };
        let Some(latest) = self.store.latest_conversation_of(contact.id).await? else {
            return Ok(CustomerMessages::default());
        };
        let company_name = self.company_name().await?;
        let messages = self
            .store
            .customer_messages(latest.number, after_seq, &company_name)
            .await?;
        let messages = self.all_for_customer(messages).await?;
        Ok(CustomerMessages { messages })
    }
}

/// How many attributes a customer can have, and how long their names and
/// values can be (in characters).
pub const MAX_ATTRIBUTES: usize = 30;

pub const MAX_ATTRIBUTE_NAME_CHARS: usize = 50;

pub const MAX_ATTRIBUTE_VALUE_CHARS: usize = 500;

/// `known` with `given` laid over it (an empty value removes its key),
/// checked: names of at most 50 characters, values of at most 500, 30 in all.
pub fn merge_attributes(
    mut known: BTreeMap<String, String>,
    given: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    for (key, value) in given {
        let (key, value) = (key.trim(), value.trim());
        lifecycle::clean_text("an attribute", key)?;
        lifecycle::clean_text("an attribute", value)?;
        if key.is_empty()
            || key.chars().count() > MAX_ATTRIBUTE_NAME_CHARS
            || value.chars().count() > MAX_ATTRIBUTE_VALUE_CHARS
        {
            return Err(Error::Invalid(
                "an attribute needs a name of at most 50 characters and a value of at most 500"
                    .into(),
            ));
        }
        if value.is_empty() {
            known.remove(key);
        } else {
            known.insert(key.to_string(), value.to_string());
        }
    }
    if known.len() > MAX_ATTRIBUTES {
        return Err(Error::Invalid(
            "a customer can have at most 30 attributes".into(),
        ));
    }
    Ok(known)
}

impl Switchboard {
    /// A visitor opens the widget and gets a contact token, their only
    /// credential. A customer the host site identified (signed with the
    /// identity secret) gets a token for the same contact on every device,
    /// and with it their history. A wrongly signed identifier is always
    /// refused; an unsigned one is refused while enforcement is on, and
    /// always for a customer whose identifier was once signed (verified
    /// customers stay verified). Without enforcement, an unsigned identifier
    /// that was never signed is taken at its word (as the setting says).
    pub async fn start_widget_session(
        &self,
        widget_key: &str,
        visitor: Visitor<'_>,
    ) -> Result<WidgetSession> {
        self.check_widget_key(widget_key).await?;
        let email = visitor.email.map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email {
            check_email(e)?;
        }
        let phone = visitor.phone.map(str::trim).filter(|p| !p.is_empty());
        if let Some(p) = phone {
            crate::contacts::check_phone(p)?;
        }
        // Named by the site, else by their address, else a visitor.
        let name = match visitor.name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => name.to_string(),
            None => email
                .map(name_from_email)
                .unwrap_or_else(|| VISITOR.to_string()),
        };
        let name = name.as_str();
        if name.chars().count() > 100 {
            return Err(Error::Invalid(
                "a name can have at most 100 characters".into(),
            ));
        }
        let identifier = visitor.identifier.map(str::trim).filter(|i| !i.is_empty());
        let mut signed = false;
        if let Some(identifier) = identifier {
            if identifier.chars().count() > 200 {
                return Err(Error::Invalid(
                    "an identifier can have at most 200 characters".into(),
                ));
            }
            signed = match visitor.identifier_hash {
                Some(hash) => identity_verified(&self.identity_secret().await?, identifier, hash),
                None => false,
            };
            if !signed && (visitor.identifier_hash.is_some() || self.identity_enforced().await?) {
                return Err(unverified_identity());
            }
        }
        let token = new_secret();
        let digest = secret_digest(&token);
        let known = match identifier {
            Some(identifier) => self.store.contact_by_identifier(identifier).await?,
            None => None,
        };
        let contact = match known {
            Some(known) => self.join_known_customer(known, signed, &digest).await?,
            None => {
                let inserted = self
                    .store
                    .insert_contact(name, email, phone, identifier, signed, &digest)
                    .await;
                match (inserted, identifier) {
                    // Two first sessions of one customer raced: join the winner.
                    (Err(e), Some(identifier)) if e.is_unique_violation() => {
                        let known = self
                            .store
                            .contact_by_identifier(identifier)
                            .await?
                            .ok_or(Error::NotFound("customer"))?;
                        self.join_known_customer(known, signed, &digest).await?
                    }
                    (other, _) => other?.into(),
                }
            }
        };
        tracing::debug!(contact = contact.id, "widget session started");
        self.resume_widget_session(&token).await
    }

    /// A new device of a customer known by their identifier: allowed when
    /// this claim is signed or the customer was never verified; a signed
    /// claim makes them verified from now on.
    pub(super) async fn join_known_customer(
        &self,
        (contact, verified): (ContactRow, bool),
        signed: bool,
        token_digest: &str,
    ) -> Result<Customer> {
        if verified && !signed {
            return Err(unverified_identity());
        }
        if signed && !verified {
            self.store.mark_identity_verified(contact.id).await?;
        }
        self.store
            .add_contact_token(contact.id, token_digest)
            .await?;
        Ok(contact.into())
    }

    /// A message left while nobody can chat: the customer's e-mail address
    /// is kept and their conversation becomes a ticket, answered by e-mail.
    /// Idempotent on `client_id`, like every message.
    pub async fn customer_offline_message(
        &self,
        contact: &Customer,
        client_id: &str,
        email: &str,
        name: Option<&str>,
        body: &str,
    ) -> Result<CustomerSentMessage> {
        let email = email.trim();
        check_email(email)?;
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if name.is_some_and(|n| n.chars().count() > 100) {
            return Err(Error::Invalid(
                "a name can have at most 100 characters".into(),
            ));
        }
        crate::lifecycle::message_body(body)?;
        crate::lifecycle::client_id(client_id)?;
        // A visitor nobody named yet is called by their address's name part
        // until they give a name.
        let named_by_address =
            (name.is_none() && contact.name == VISITOR).then(|| name_from_email(email));
        let name = name.or(named_by_address.as_deref());
        self.store
            .set_contact_email(contact.id, email, name)
            .await?;
        let sent = self.customer_send(contact, client_id, body).await?;
        self.store
            .answer_by_email(sent.message.conversation_number)
            .await?;
        Ok(sent)
    }
}

/// Who a new widget session says the customer is.
#[derive(Clone, Copy, Debug, Default)]
pub struct Visitor<'a> {
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    /// The host site's id of a logged-in customer…
    pub identifier: Option<&'a str>,
    /// …signed with the widget's identity secret (HMAC-SHA256, hex).
    pub identifier_hash: Option<&'a str>,
}

fn unverified_identity() -> Error {
    Error::Forbidden(
        "the customer's identity could not be verified: identifier_hash must be the \
         HMAC-SHA256 of the identifier with the widget's identity secret"
            .into(),
    )
}

/// A name made of an e-mail address's name part: `pat.smith@…` is
/// "Pat Smith", `jo_92@…` "Jo 92".
pub(super) fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or_default();
    let local = local.split('+').next().unwrap_or(local);
    let words: Vec<String> = local
        .split(['.', '_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect();
    let name = words.join(" ");
    if name.is_empty() || name.chars().count() > 100 {
        VISITOR.to_string()
    } else {
        name
    }
}

/// The shape of an e-mail address is a rule of customer records.
pub(crate) use crate::contacts::check_email;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_names_a_customer_by_its_name_part() {
        assert_eq!(name_from_email("pat@example.net"), "Pat");
        assert_eq!(name_from_email("pat.smith@example.net"), "Pat Smith");
        assert_eq!(name_from_email("jo_92+shop@example.net"), "Jo 92");
        assert_eq!(name_from_email("élodie-roux@example.fr"), "Élodie Roux");
        assert_eq!(name_from_email("...@example.net"), "Visitor");
    }
}
