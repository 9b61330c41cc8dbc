//! Conversations answered by e-mail: agents' replies go out as mail with a
//! signed reply address, and the customer's answers come back through it.

use super::{setting, Switchboard};
use crate::auth::new_secret;
use crate::clock;
use crate::email::{self, InboundError, MailError, Mailer, OutgoingMail};
use crate::error::{Error, Result};
use crate::store::{DueMail, MailOutcome};
use switchboard_types::{CustomerSentMessage, IgnoredMail};

/// What became of an inbound e-mail.
#[derive(Debug)]
pub enum InboundEmail {
    /// Appended to its conversation.
    Appended(Box<CustomerSentMessage>),
    /// An automatic reply or a bounce, left out.
    Ignored(IgnoredMail),
}

/// How long a node holds a mail it is sending before another may try.
const SENDING_CLAIM_MS: i64 = 60_000;

/// Where replies are mailed from and come back to.
#[derive(Clone)]
pub struct MailRoute {
    pub mailer: Mailer,
    /// The domain of the signed reply addresses (`reply+…@domain`).
    pub reply_domain: String,
    /// Where customers reach Switchboard (`https://support.example.com`),
    /// for the links in mail (rating a resolved ticket); none: no links.
    pub link_base: Option<String>,
}

impl Switchboard {
    pub(super) async fn reply_secret(&self) -> Result<String> {
        self.store
            .setting_or_insert(setting::REPLY_SECRET, &new_secret())
            .await
    }

    /// A customer's e-mail (raw RFC 5322) appended to the conversation its
    /// signed reply address names, never trusted by its From header.
    /// The same mail delivered twice is stored once. An automatic reply or
    /// a bounce is taken and left out.
    pub async fn inbound_email(&self, raw: &[u8]) -> Result<InboundEmail> {
        let secret = self.reply_secret().await?;
        let mail = match email::parse_inbound(raw, &secret) {
            Ok(mail) => mail,
            Err(InboundError::Automatic(what)) => {
                tracing::info!(what, "left out an inbound e-mail");
                return Ok(InboundEmail::Ignored(IgnoredMail { ignored: what }));
            }
            Err(InboundError::Bounced {
                what,
                reply,
                reason,
            }) => {
                tracing::info!(what, reply, reason, "a reply's e-mail bounced");
                let Some(reply) = reply else {
                    return Ok(InboundEmail::Ignored(IgnoredMail { ignored: what }));
                };
                let outcome = MailOutcome::Failed {
                    reason: format!("The e-mail bounced: {reason}"),
                    at: clock::now_ms(),
                };
                let published = self.store.mail_outcome(reply, &outcome).await?;
                self.published(published);
                return Ok(InboundEmail::Ignored(IgnoredMail {
                    ignored: format!("{what}, for message {reply}: marked failed"),
                }));
            }
            Err(e) => {
                return Err(match e {
                    InboundError::TooLarge => Error::TooLarge(e.to_string()),
                    InboundError::NotForUs => Error::Forbidden(e.to_string()),
                    _ => Error::Invalid(e.to_string()),
                })
            }
        };
        let conversation = self
            .store
            .conversation(0, mail.conversation_number)
            .await?
            .ok_or(Error::NotFound("conversation"))?;
        let (contact, _, _) = self
            .store
            .contact(conversation.contact_id)
            .await?
            .ok_or(Error::NotFound("customer"))?;
        let customer: crate::Customer = contact.into();
        // Its files are kept as the customer's uploads; one refused (its
        // type, its size) is named in a line after the text instead.
        let mut kept = Vec::new();
        let mut refused = Vec::new();
        for file in &mail.files {
            let bytes = futures::stream::iter([Ok::<_, std::convert::Infallible>(
                bytes::Bytes::copy_from_slice(&file.bytes),
            )]);
            match self.customer_upload(&customer, &file.name, bytes).await {
                Ok(attachment) => kept.push(attachment.id),
                Err(e @ (Error::Invalid(_) | Error::TooLarge(_))) => {
                    refused.push((file, e.to_string()))
                }
                Err(e) => return Err(e),
            }
        }
        let mut text = mail.text.clone();
        if let Some(line) = email::not_kept(&refused) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&line);
        }
        let sent = self
            .customer_send_with_files(
                &customer,
                &email::client_id_for(&mail.message_id),
                &text,
                &kept,
            )
            .await?;
        self.store
            .answer_by_email(sent.message.conversation_number)
            .await?;
        Ok(InboundEmail::Appended(Box::new(sent)))
    }

    /// Mails the agents' replies that are due, each once; answers how many
    /// went out. A refused or unreachable server is retried with back-off;
    /// after the last try, or a permanent refusal, the message is marked
    /// failed with the reason, for the agent to see.
    pub async fn send_due_mail(&self, route: &MailRoute) -> Result<usize> {
        let now = clock::now_ms();
        let due = self.store.due_mail(now, 20).await?;
        let mut sent = 0;
        for mail in due {
            let claimed = self
                .store
                .claim_mail(mail.id, now, now + SENDING_CLAIM_MS)
                .await?;
            if !claimed {
                continue;
            }
            let outcome = match self.mail_reply(route, &mail).await {
                Ok(()) => {
                    sent += 1;
                    MailOutcome::Sent
                }
                Err(e) => {
                    let attempts = u32::try_from(mail.mail_attempts).unwrap_or(0) + 1;
                    tracing::warn!(message = mail.id, attempts, error = %e, "a reply could not be mailed");
                    match email::retry_at(&e, attempts, clock::now_ms()) {
                        Some(at) => MailOutcome::Retry { at },
                        None => MailOutcome::Failed {
                            reason: format!("The e-mail could not be sent: {e}"),
                            at: clock::now_ms(),
                        },
                    }
                }
            };
            let published = self.store.mail_outcome(mail.id, &outcome).await?;
            self.published(published);
        }
        Ok(sent)
    }

    async fn mail_reply(
        &self,
        route: &MailRoute,
        mail: &DueMail,
    ) -> std::result::Result<(), MailError> {
        let Some(to) = mail.contact_email.as_deref() else {
            return Err(MailError::Address(
                "the customer left no e-mail address".into(),
            ));
        };
        let secret = self
            .reply_secret()
            .await
            .map_err(|e| MailError::Unreachable(e.to_string()))?;
        let company = self
            .company_name()
            .await
            .map_err(|e| MailError::Unreachable(e.to_string()))?;
        let reply_to = email::reply_address(&secret, &route.reply_domain, mail.conversation_number);
        let subject = format!(
            "Re: your message to {company} [#{}]",
            mail.conversation_number
        );
        let signature = self
            .setting_or(setting::EMAIL_SIGNATURE, super::widget::DEFAULT_SIGNATURE)
            .await
            .map_err(|e| MailError::Unreachable(e.to_string()))?
            .replace("{agent}", &mail.author_name)
            .replace("{company}", &company);
        let text = format!("{}\n\n-- \n{signature}", mail.body);
        let files = self
            .mail_files(mail.attachments.as_deref())
            .await
            .map_err(|e| MailError::Unreachable(e.to_string()))?;
        route
            .mailer
            .send(&OutgoingMail {
                to,
                to_name: Some(&mail.contact_name),
                reply_to: &reply_to,
                subject: &subject,
                text: &text,
                in_reply_to: None,
                message_id: Some(&email::reply_message_id(&secret, mail.id)),
                files: &files,
            })
            .await
    }

    /// A reply's files, read whole from the store for its mail (a message
    /// carries at most 50 MB of them).
    async fn mail_files(&self, kept: Option<&str>) -> Result<Vec<email::MailFile>> {
        let mut files = Vec::new();
        for file in crate::attachments::read_kept(kept) {
            let mut bytes = Vec::with_capacity(usize::try_from(file.size).unwrap_or(0));
            let mut body = self.files.get(&file.id, false).await?;
            while let Some(chunk) = futures::StreamExt::next(&mut body).await {
                let chunk = chunk.map_err(|e| {
                    crate::error::Error::Internal(format!("reading {} failed: {e}", file.name))
                })?;
                bytes.extend_from_slice(&chunk);
            }
            files.push(email::MailFile {
                name: file.name,
                content_type: file.content_type,
                bytes,
            });
        }
        Ok(files)
    }
}
