//! Conversations answered by e-mail: agents' replies go out as mail with a
//! signed reply address (through their mailbox, when they have one), the
//! customer's answers come back through it (see `mailboxes.rs`), and a
//! mailbox's new conversations are acknowledged.

use super::{setting, Switchboard};
use crate::auth::new_secret;
use crate::clock;
use crate::email::{self, MailError, Mailer, OutgoingMail};
use crate::error::{Error, Result};
use crate::store::{ConversationMailRow, DueMail, MailOutcome};
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

    /// Mails the agents' replies that are due, each once; answers how many
    /// went out. Each leaves through its mailbox's SMTP server, else the
    /// server-wide `route` (without either it waits). A refused or
    /// unreachable server is retried with back-off; after the last try, or
    /// a permanent refusal, the message is marked failed with the reason,
    /// for the agent to see.
    pub async fn send_due_mail(&self, route: Option<&MailRoute>) -> Result<usize> {
        let now = clock::now_ms();
        let due = self.store.due_mail(now, 20, route.is_some()).await?;
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

    /// How mail of conversation `number` leaves: through its mailbox (its
    /// own SMTP server or the server-wide one, from its address, replies
    /// coming back to its plus address), else as the server-wide route
    /// says.
    async fn outbox(
        &self,
        route: Option<&MailRoute>,
        mailbox_id: Option<i64>,
        number: i64,
    ) -> std::result::Result<Outbox, MailError> {
        let unreachable = |e: Error| MailError::Unreachable(e.to_string());
        let secret = self.reply_secret().await.map_err(unreachable)?;
        let mailbox = match mailbox_id {
            Some(id) => self.store.mailbox(id).await.map_err(unreachable)?,
            None => None,
        };
        let no_server = || MailError::Config("no SMTP server is set".into());
        Ok(match mailbox {
            Some(mailbox) => {
                let from = super::mailboxes::sender(&mailbox);
                let mailer = match &mailbox.smtp_url {
                    Some(url) => Mailer::from_url(url, &from)?,
                    None => route.ok_or_else(no_server)?.mailer.clone(),
                };
                Outbox {
                    mailer,
                    from: Some(from),
                    reply_to: email::mailbox_reply_address(&secret, &mailbox.address, number),
                    signature: mailbox.signature,
                }
            }
            None => {
                let route = route.ok_or_else(no_server)?;
                Outbox {
                    mailer: route.mailer.clone(),
                    from: None,
                    reply_to: email::reply_address(&secret, &route.reply_domain, number),
                    signature: None,
                }
            }
        })
    }

    /// The signature under a mail: the mailbox's, else the company's.
    async fn signature(&self, own: Option<&str>, agent: &str) -> Result<String> {
        let company = self.company_name().await?;
        let signature = match own {
            Some(own) => own.to_owned(),
            None => {
                self.setting_or(setting::EMAIL_SIGNATURE, super::widget::DEFAULT_SIGNATURE)
                    .await?
            }
        };
        Ok(signature
            .replace("{agent}", agent)
            .replace("{company}", &company))
    }

    async fn mail_reply(
        &self,
        route: Option<&MailRoute>,
        mail: &DueMail,
    ) -> std::result::Result<(), MailError> {
        let unreachable = |e: Error| MailError::Unreachable(e.to_string());
        let Some(to) = mail.contact_email.as_deref() else {
            return Err(MailError::Address(
                "the customer left no e-mail address".into(),
            ));
        };
        let number = mail.conversation_number;
        let outbox = self.outbox(route, mail.mailbox_id, number).await?;
        let secret = self.reply_secret().await.map_err(unreachable)?;
        let company = self.company_name().await.map_err(unreachable)?;
        let subject = email::arriving::reply_subject(
            mail.subject.as_deref(),
            &format!("your message to {company}"),
            number,
        );
        let signature = self
            .signature(outbox.signature.as_deref(), &mail.author_name)
            .await
            .map_err(unreachable)?;
        let text = format!("{}\n\n-- \n{signature}", mail.body);
        let files = self
            .mail_files(mail.attachments.as_deref())
            .await
            .map_err(unreachable)?;
        let cc = lines(mail.email_cc.as_deref());
        let thread = lines(mail.email_thread.as_deref());
        outbox
            .mailer
            .send(&OutgoingMail {
                to,
                to_name: Some(&mail.contact_name),
                reply_to: &outbox.reply_to,
                subject: &subject,
                text: &text,
                in_reply_to: None,
                message_id: Some(&email::reply_message_id(&secret, mail.id)),
                files: &files,
                from: outbox.from.as_deref(),
                cc: &cc,
                references: &thread,
                automatic: false,
            })
            .await
    }

    /// Tells the customers whose mail opened a conversation in a mailbox
    /// that acknowledges that it arrived, with its number: each once,
    /// retried with back-off while the mail server cannot take it.
    pub async fn send_due_acknowledgements(&self, route: Option<&MailRoute>) -> Result<usize> {
        let now = clock::now_ms();
        let mut sent = 0;
        for (number, attempts) in self.store.due_acknowledgements(now, 20).await? {
            let Some(mail) = self.store.conversation_mail(number).await? else {
                self.store.acknowledgement_done(number, None).await?;
                continue;
            };
            if !self
                .store
                .claim_acknowledgement(number, now, now + SENDING_CLAIM_MS)
                .await?
            {
                continue;
            }
            let retry_at = match self.acknowledge(route, number, &mail).await {
                Ok(()) => {
                    sent += 1;
                    None
                }
                Err(e) => {
                    let attempts = u32::try_from(attempts).unwrap_or(0) + 1;
                    tracing::warn!(conversation = number, attempts, error = %e, "an acknowledgement could not be sent");
                    email::retry_at(&e, attempts, clock::now_ms())
                }
            };
            self.store.acknowledgement_done(number, retry_at).await?;
        }
        Ok(sent)
    }

    async fn acknowledge(
        &self,
        route: Option<&MailRoute>,
        number: i64,
        mail: &ConversationMailRow,
    ) -> std::result::Result<(), MailError> {
        let unreachable = |e: Error| MailError::Unreachable(e.to_string());
        let Some(to) = mail.contact_email.as_deref() else {
            return Err(MailError::Address(
                "the customer left no e-mail address".into(),
            ));
        };
        let outbox = self.outbox(route, mail.mailbox_id, number).await?;
        let company = self.company_name().await.map_err(unreachable)?;
        let signature = self
            .signature(outbox.signature.as_deref(), &company)
            .await
            .map_err(unreachable)?;
        let subject = email::arriving::reply_subject(
            mail.subject.as_deref(),
            &format!("your message to {company}"),
            number,
        );
        let text = acknowledgement_text(number, &signature);
        let thread = lines(mail.email_thread.as_deref());
        outbox
            .mailer
            .send(&OutgoingMail {
                to,
                reply_to: &outbox.reply_to,
                subject: &subject,
                text: &text,
                from: outbox.from.as_deref(),
                references: &thread,
                automatic: true,
                ..Default::default()
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

/// How one conversation's mail leaves.
struct Outbox {
    mailer: Mailer,
    /// Its mailbox's address and name; none: the mailer's sender.
    from: Option<String>,
    reply_to: String,
    /// Its mailbox's own signature.
    signature: Option<String>,
}

/// Values kept one a line.
fn lines(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// "We got your message": what a mailbox that acknowledges sends a
/// customer whose mail opened conversation `number`.
pub fn acknowledgement_text(number: i64, signature: &str) -> String {
    format!(
        "Thank you for writing: we got your message and will answer as soon as we can.\n\n\
         Your message is #{number}. To add to it, reply to this mail.\n\n-- \n{signature}"
    )
}
