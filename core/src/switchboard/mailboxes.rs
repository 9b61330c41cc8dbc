//! Mailboxes: the support addresses whose mail becomes conversations.
//! Admins add them (how mail arrives, how it leaves) and test their
//! connections; their mail is taken from IMAP folders by a job, or posted
//! by a mail server with the mailbox's secret; each mail opens a
//! conversation or joins the thread it answers.

use super::mail::InboundEmail;
use super::{admin_only, MailRoute, Switchboard};
use crate::auth::{new_secret, secret_digest};
use crate::clock::now_ms;
use crate::email::arriving::{self, ArrivingMail};
use crate::email::imap::{self, ImapAccount, ImapConnection};
use crate::email::{self, InboundError, Mailer};
use crate::error::{Error, Result};
use crate::store::rows::MailboxRow;
use crate::store::{MailMeta, SavedMailbox};
use serde_json::json;
use switchboard_types::{
    Agent, AuditAction, CheckResult, IgnoredMail, ImapSecurity, ImapSettings, Mailbox,
    MailboxCheck, MailboxInbound, MailboxInput, Queue,
};

/// How long a node holds a mailbox it takes mail from before another may.
const POLL_CLAIM_MS: i64 = 120_000;

/// Mails taken from one folder in one round, at most.
const MAILS_PER_ROUND: usize = 50;

/// The longest mailbox name and signature, in characters.
const MAX_NAME_CHARS: usize = 100;
const MAX_SIGNATURE_CHARS: usize = 2_000;

impl From<MailboxRow> for Mailbox {
    fn from(row: MailboxRow) -> Self {
        let imap = account_of(&row).map(|account| ImapSettings {
            host: account.host,
            port: account.port,
            security: account.security,
            user: account.user,
            folder: account.folder,
            move_to: row.imap_move_to.clone(),
        });
        Mailbox {
            id: row.id,
            address: row.address,
            name: row.name,
            queue: row.queue_id.map(|id| Queue {
                id,
                name: row.queue_name.unwrap_or_default(),
            }),
            inbound: if imap.is_some() {
                MailboxInbound::Imap
            } else {
                MailboxInbound::Forward
            },
            imap,
            own_smtp: row.smtp_url.is_some(),
            signature: row.signature,
            acknowledge: row.acknowledge,
            forward_secret: row.forward_secret,
            polled_at: row.polled_at.map(crate::clock::rfc3339),
            poll_error: row.poll_error,
            created_at: crate::clock::rfc3339(row.created_at),
        }
    }
}

/// The IMAP account a stored mailbox takes mail from.
fn account_of(row: &MailboxRow) -> Option<ImapAccount> {
    (row.inbound == "imap").then(|| ImapAccount {
        host: row.imap_host.clone().unwrap_or_default(),
        port: row
            .imap_port
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(993),
        security: row
            .imap_security
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(ImapSecurity::Tls),
        user: row.imap_user.clone().unwrap_or_default(),
        password: row.imap_password.clone().unwrap_or_default(),
        folder: row.imap_folder.clone(),
    })
}

/// Text an admin typed: trimmed, none when empty, at most `max` characters.
fn optional_text(what: &str, text: Option<&str>, max: usize) -> Result<Option<String>> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if text.is_some_and(|t| t.chars().count() > max) {
        return Err(Error::Invalid(format!(
            "{what} can have at most {max} characters"
        )));
    }
    Ok(text.map(str::to_owned))
}

/// A mailbox as typed, checked: what is stored.
struct Checked {
    address: String,
    name: String,
    queue_id: Option<i64>,
    imap: Option<CheckedImap>,
    /// Left out: keep the stored one; `Some(None)`: remove it.
    smtp_url: Option<Option<String>>,
    signature: Option<String>,
    acknowledge: bool,
}

/// An IMAP folder as typed, checked.
struct CheckedImap {
    host: String,
    port: i32,
    security: ImapSecurity,
    user: String,
    /// Left out: keep the stored one.
    password: Option<String>,
    folder: String,
    move_to: Option<String>,
}

impl Switchboard {
    pub async fn mailboxes(&self, asking: &Agent) -> Result<Vec<Mailbox>> {
        admin_only(asking, "manage mailboxes")?;
        let rows = self.store.mailboxes().await?;
        Ok(rows.into_iter().map(Mailbox::from).collect())
    }

    async fn check_mailbox_input(&self, input: &MailboxInput) -> Result<Checked> {
        let address = input.address.trim().to_lowercase();
        crate::contacts::check_email(&address)?;
        if address.contains('+') {
            return Err(Error::Invalid(
                "a mailbox's address has no `+` part: replies come back to its plus addresses"
                    .into(),
            ));
        }
        let name = optional_text("a mailbox's name", Some(&input.name), MAX_NAME_CHARS)?
            .ok_or_else(|| Error::Invalid("a mailbox needs a name to send as".into()))?;
        if let Some(id) = input.queue_id {
            self.store
                .queue(id)
                .await?
                .ok_or(Error::NotFound("queue"))?;
        }
        let imap = match &input.imap {
            Some(imap) => {
                let host = imap.host.trim().to_lowercase();
                if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '/') {
                    return Err(Error::Invalid(
                        "the IMAP server's host name is not valid".into(),
                    ));
                }
                let security = imap.security.unwrap_or(ImapSecurity::Tls);
                let port = match imap.port {
                    Some(0) => return Err(Error::Invalid("the IMAP port is 1 to 65535".into())),
                    Some(port) => port,
                    None if security == ImapSecurity::Tls => 993,
                    None => 143,
                };
                let user = imap.user.trim();
                if user.is_empty() {
                    return Err(Error::Invalid(
                        "the IMAP login's user name is missing".into(),
                    ));
                }
                let password = imap.password.clone().filter(|p| !p.is_empty());
                let folder = optional_text("the folder", imap.folder.as_deref(), 200)?
                    .unwrap_or_else(|| "INBOX".into());
                let move_to = optional_text(
                    "the folder taken mail moves to",
                    imap.move_to.as_deref(),
                    200,
                )?;
                if move_to.as_ref() == Some(&folder) {
                    return Err(Error::Invalid(
                        "taken mail cannot move to the folder it is taken from".into(),
                    ));
                }
                Some(CheckedImap {
                    host,
                    port: i32::from(port),
                    security,
                    user: user.to_owned(),
                    password,
                    folder,
                    move_to,
                })
            }
            None => None,
        };
        let smtp_url = match input.smtp_url.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(url) => {
                Mailer::from_url(url, &format!("{name} <{address}>"))
                    .map_err(|e| Error::Invalid(e.to_string()))?;
                Some(Some(url.to_owned()))
            }
        };
        Ok(Checked {
            address,
            name,
            queue_id: input.queue_id,
            imap,
            smtp_url,
            signature: optional_text(
                "a signature",
                input.signature.as_deref(),
                MAX_SIGNATURE_CHARS,
            )?,
            acknowledge: input.acknowledge,
        })
    }

    /// A new mailbox, with a secret of its own for mail servers posting
    /// its mail.
    pub async fn add_mailbox(&self, asking: &Agent, input: &MailboxInput) -> Result<Mailbox> {
        admin_only(asking, "manage mailboxes")?;
        let checked = self.check_mailbox_input(input).await?;
        if checked
            .imap
            .as_ref()
            .is_some_and(|imap| imap.password.is_none())
        {
            return Err(Error::Invalid(
                "the IMAP login's password is missing".into(),
            ));
        }
        let secret = format!("mbsec_{}", new_secret());
        let id = self
            .store
            .insert_mailbox(&saved(&checked, None), &secret)
            .await?;
        self.audited(
            asking,
            AuditAction::MailboxCreated,
            &checked.address,
            json!({ "id": id }),
        )
        .await?;
        self.mailbox_by_id(id).await
    }

    /// Changes a mailbox whole; a password or SMTP URL left out keeps the
    /// stored one.
    pub async fn change_mailbox(
        &self,
        asking: &Agent,
        id: i64,
        input: &MailboxInput,
    ) -> Result<Mailbox> {
        admin_only(asking, "manage mailboxes")?;
        let before = self
            .store
            .mailbox(id)
            .await?
            .ok_or(Error::NotFound("mailbox"))?;
        let checked = self.check_mailbox_input(input).await?;
        if checked
            .imap
            .as_ref()
            .is_some_and(|imap| imap.password.is_none() && before.imap_password.is_none())
        {
            return Err(Error::Invalid(
                "the IMAP login's password is missing".into(),
            ));
        }
        if !self
            .store
            .update_mailbox(id, &saved(&checked, Some(&before)))
            .await?
        {
            return Err(Error::NotFound("mailbox"));
        }
        let after = self.mailbox_by_id(id).await?;
        self.audited(
            asking,
            AuditAction::MailboxChanged,
            &format!("mailbox {id} ({})", after.address),
            super::audit::changes(&audited(&before.into()), &audited(&after)),
        )
        .await?;
        Ok(after)
    }

    /// Removes a mailbox: its mail is taken no more; its conversations stay.
    pub async fn remove_mailbox(&self, asking: &Agent, id: i64) -> Result<()> {
        admin_only(asking, "manage mailboxes")?;
        let before = self
            .store
            .mailbox(id)
            .await?
            .ok_or(Error::NotFound("mailbox"))?;
        if !self.store.delete_mailbox(id).await? {
            return Err(Error::NotFound("mailbox"));
        }
        self.audited(
            asking,
            AuditAction::MailboxDeleted,
            &format!("mailbox {id} ({})", before.address),
            json!({ "address": before.address }),
        )
        .await
    }

    async fn mailbox_by_id(&self, id: i64) -> Result<Mailbox> {
        Ok(self
            .store
            .mailbox(id)
            .await?
            .ok_or(Error::NotFound("mailbox"))?
            .into())
    }

    /// Tries a mailbox's connections as stored: its IMAP folder (the step
    /// that fails: DNS, connecting, TLS, login, folder) and its SMTP server
    /// (its own, else the server-wide one).
    pub async fn check_mailbox(
        &self,
        asking: &Agent,
        id: i64,
        server_wide: Option<&MailRoute>,
    ) -> Result<MailboxCheck> {
        admin_only(asking, "manage mailboxes")?;
        let row = self
            .store
            .mailbox(id)
            .await?
            .ok_or(Error::NotFound("mailbox"))?;
        let imap = match account_of(&row) {
            Some(account) => Some(match imap::test_connection(&account).await {
                Ok(found) => CheckResult {
                    ok: true,
                    message: found,
                },
                Err(e) => CheckResult {
                    ok: false,
                    message: e.to_string(),
                },
            }),
            None => None,
        };
        let smtp = match (&row.smtp_url, server_wide) {
            (Some(url), _) => Some(match Mailer::from_url(url, &sender(&row)) {
                Ok(mailer) => smtp_check(mailer.test_connection().await, "its own SMTP server"),
                Err(e) => CheckResult {
                    ok: false,
                    message: e.to_string(),
                },
            }),
            (None, Some(route)) => Some(smtp_check(
                route.mailer.test_connection().await,
                "the server-wide SMTP server",
            )),
            (None, None) => Some(CheckResult {
                ok: false,
                message: "No SMTP server: set one for this mailbox, or SMTP_URL for the whole \
                          server, or replies wait unsent"
                    .into(),
            }),
        };
        let ok = imap.as_ref().is_none_or(|c| c.ok) && smtp.as_ref().is_none_or(|c| c.ok);
        Ok(MailboxCheck { ok, imap, smtp })
    }

    /// The HTML a customer's e-mail came with (cleaned when it arrived),
    /// for an agent who may see its conversation.
    pub async fn message_html(
        &self,
        agent: &Agent,
        number: i64,
        message_id: i64,
    ) -> Result<String> {
        self.conversation_row(agent, number).await?;
        self.store
            .message_html(number, message_id)
            .await?
            .ok_or(Error::NotFound("message with HTML"))
    }

    /// A mail posted by a mail server (raw RFC 5322). With a mailbox's
    /// secret it is that mailbox's mail: a new conversation or one more
    /// message of its thread. Without, only a reply to a signed reply
    /// address is taken.
    pub async fn inbound_email(&self, raw: &[u8], secret: Option<&str>) -> Result<InboundEmail> {
        let all = self.store.mailboxes().await?;
        let mailbox = match secret.map(str::trim).filter(|s| !s.is_empty()) {
            Some(secret) => {
                let digest = secret_digest(secret);
                let found = all
                    .iter()
                    .find(|m| secret_digest(&m.forward_secret) == digest);
                Some(found.ok_or_else(|| Error::Forbidden("no mailbox has this secret".into()))?)
            }
            None => None,
        };
        self.receive_mail(raw, mailbox, &all).await
    }

    /// One mail arriving, at `mailbox` or (none) at a signed reply address.
    /// It joins the conversation whose thread it answers; else, at a
    /// mailbox, it opens one in the mailbox's queue for its sender (found
    /// or added by address). Automatic replies, bounces and our own mail
    /// coming back are taken and left out. `all` are every mailbox (their
    /// addresses are ours).
    async fn receive_mail(
        &self,
        raw: &[u8],
        mailbox: Option<&MailboxRow>,
        all: &[MailboxRow],
    ) -> Result<InboundEmail> {
        let secret = self.reply_secret().await?;
        let mut mail = match arriving::read(raw, &secret) {
            Ok(mail) => mail,
            Err(e) => return self.not_a_customer_mail(e).await,
        };
        let ours = |address: &String| all.iter().any(|m| &m.address == address);
        if let Some(from) = mail.from_address.as_ref().filter(|from| ours(from)) {
            tracing::info!(from, "left out a mail from a mailbox of ours");
            return Ok(InboundEmail::Ignored(IgnoredMail {
                ignored: format!("a mail from {from}, a mailbox of ours (a loop)"),
            }));
        }
        // Copies go to everyone but us.
        mail.copied
            .retain(|a| !ours(a) && email::conversation_from_address(&secret, a).is_none());
        let thread = self.thread_of(&mail, &secret).await?;
        let (customer, queue_id) = match (thread, mailbox) {
            (Some(number), _) => {
                let conversation = self
                    .store
                    .conversation(0, number)
                    .await?
                    .ok_or(Error::NotFound("conversation"))?;
                let (contact, _, _) = self
                    .store
                    .contact(conversation.contact_id)
                    .await?
                    .ok_or(Error::NotFound("customer"))?;
                (
                    crate::Customer::from(contact),
                    mailbox.and_then(|m| m.queue_id).or(conversation.queue_id),
                )
            }
            (None, Some(mailbox)) => {
                let from = mail.from_address.clone().ok_or_else(|| {
                    Error::Invalid("the mail says nobody it is from (no From address)".into())
                })?;
                (
                    self.customer_by_address(&from, mail.from_name.as_deref())
                        .await?,
                    mailbox.queue_id,
                )
            }
            (None, None) => {
                return Err(Error::Forbidden(InboundError::NotForUs.to_string()));
            }
        };
        self.append_mail(&customer, mail, mailbox, queue_id).await
    }

    /// An automatic reply, a bounce (marking the reply it returns failed),
    /// or a mail that cannot be taken.
    async fn not_a_customer_mail(&self, e: InboundError) -> Result<InboundEmail> {
        match e {
            InboundError::Automatic(what) => {
                tracing::info!(what, "left out an inbound e-mail");
                Ok(InboundEmail::Ignored(IgnoredMail { ignored: what }))
            }
            InboundError::Bounced {
                what,
                reply,
                reason,
            } => {
                tracing::info!(what, reply, reason, "a reply's e-mail bounced");
                let Some(reply) = reply else {
                    return Ok(InboundEmail::Ignored(IgnoredMail { ignored: what }));
                };
                let outcome = crate::store::MailOutcome::Failed {
                    reason: format!("The e-mail bounced: {reason}"),
                    at: now_ms(),
                };
                let published = self.store.mail_outcome(reply, &outcome).await?;
                self.published(published);
                Ok(InboundEmail::Ignored(IgnoredMail {
                    ignored: format!("{what}, for message {reply}: marked failed"),
                }))
            }
            InboundError::TooLarge => Err(Error::TooLarge(e.to_string())),
            InboundError::NotForUs => Err(Error::Forbidden(e.to_string())),
            _ => Err(Error::Invalid(e.to_string())),
        }
    }

    /// The conversation a mail answers: named by a signed reply address it
    /// was sent to, or by the thread it answers (one of our replies, whose
    /// Message-IDs are signed, or one of the customer's earlier mails), or
    /// by `[#22]` in its subject. The last two only for mail from the
    /// conversation's customer or someone it copies.
    async fn thread_of(&self, mail: &ArrivingMail, secret: &str) -> Result<Option<i64>> {
        if let Some(number) = mail
            .recipients
            .iter()
            .find_map(|a| email::conversation_from_address(secret, a))
        {
            return Ok(Some(number));
        }
        for id in mail.answers.iter().rev() {
            if let Some(reply) = email::bounced_reply(format!("<{id}>").as_bytes(), secret) {
                if let Some(number) = self.store.conversation_of_message(reply).await? {
                    return Ok(Some(number));
                }
            }
        }
        let mut claimed = Vec::new();
        for id in mail.answers.iter().rev() {
            if let Some(number) = self
                .store
                .conversation_of_client_id(&email::client_id_for(id))
                .await?
            {
                claimed.push(number);
                break;
            }
        }
        if let Some(number) = mail.subject.as_deref().and_then(arriving::subject_number) {
            claimed.push(number);
        }
        let Some(from) = mail.from_address.as_deref() else {
            return Ok(None);
        };
        for number in claimed {
            let Some(known) = self.store.conversation_mail(number).await? else {
                continue;
            };
            let copied = known.email_cc.as_deref().unwrap_or_default();
            let is_customer = known
                .contact_email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(from));
            if is_customer || copied.lines().any(|c| c.eq_ignore_ascii_case(from)) {
                return Ok(Some(number));
            }
        }
        Ok(None)
    }

    /// The customer who has this address, or a new one named by the mail
    /// (else by the address's name part).
    async fn customer_by_address(
        &self,
        address: &str,
        name: Option<&str>,
    ) -> Result<crate::Customer> {
        if let Some(contact) = self.store.contact_by_email(address).await? {
            return Ok(contact.into());
        }
        let name = name
            .map(|n| {
                n.chars()
                    .filter(|c| !c.is_control())
                    .take(100)
                    .collect::<String>()
            })
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| super::customers::name_from_email(address));
        let contact = self
            .store
            .insert_contact(
                name.trim(),
                Some(address),
                None,
                None,
                false,
                &secret_digest(&new_secret()),
            )
            .await?;
        Ok(contact.into())
    }

    /// Stores a mail as its customer's message, with its files (one refused
    /// is named in a line after the text instead), in its conversation or
    /// a new one in `queue_id`.
    async fn append_mail(
        &self,
        customer: &crate::Customer,
        mail: ArrivingMail,
        mailbox: Option<&MailboxRow>,
        queue_id: Option<i64>,
    ) -> Result<InboundEmail> {
        let mut kept = Vec::new();
        let mut refused = Vec::new();
        for file in &mail.files {
            let bytes = futures::stream::iter([Ok::<_, std::convert::Infallible>(
                bytes::Bytes::copy_from_slice(&file.bytes),
            )]);
            match self.customer_upload(customer, &file.name, bytes).await {
                Ok(attachment) => kept.push(attachment.id),
                Err(e @ (Error::Invalid(_) | Error::TooLarge(_))) => {
                    refused.push((file, e.to_string()))
                }
                Err(e) => return Err(e),
            }
        }
        let (mut text, mut quoted) = (mail.text.clone(), mail.quoted.clone());
        // A mail that is all quote (a forward) keeps the quote as its text.
        if text.is_empty() && kept.is_empty() {
            text = quoted.take().unwrap_or_default();
        }
        if let Some(line) = email::not_kept(&refused) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&line);
        }
        let text = within_message(text, mail.html.is_some());
        let mut thread = mail.answers.clone();
        thread.push(mail.message_id.clone());
        let meta = MailMeta {
            mailbox_id: mailbox.map(|m| m.id),
            subject: mail.subject.clone(),
            cc: mail.copied.clone(),
            thread,
            html: mail.html.clone(),
            quoted,
            acknowledge: mailbox.is_some_and(|m| m.acknowledge),
        };
        let sent = self
            .customer_send_mail(
                customer,
                &email::client_id_for(&mail.message_id),
                &text,
                &kept,
                queue_id,
                &meta,
            )
            .await?;
        Ok(InboundEmail::Appended(Box::new(sent)))
    }

    /// Takes new mail from the IMAP mailboxes no other node is reading
    /// now: each mail stored (once: by its Message-ID) before it is flagged
    /// or moved, and the last one taken remembered, so a restart neither
    /// loses nor repeats one. Answers how many mails were taken.
    pub async fn take_mail(&self) -> Result<usize> {
        let now = now_ms();
        let claimed = self
            .store
            .claim_mailboxes_to_poll(now, now + POLL_CLAIM_MS)
            .await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        // Read after the claim: where each folder's reading stands now.
        let all = self.store.mailboxes().await?;
        let mut taken = 0;
        for mailbox in all.iter().filter(|m| claimed.contains(&m.id)) {
            let outcome = self.take_mail_of(mailbox, &all).await;
            let error = match &outcome {
                Ok(count) => {
                    taken += count;
                    None
                }
                Err(e) => {
                    tracing::warn!(mailbox = mailbox.address, error = %e, "taking mail failed");
                    Some(e.to_string())
                }
            };
            self.store
                .mailbox_polled(mailbox.id, now_ms(), error.as_deref())
                .await?;
        }
        Ok(taken)
    }

    async fn take_mail_of(&self, mailbox: &MailboxRow, all: &[MailboxRow]) -> Result<usize> {
        let Some(account) = account_of(mailbox) else {
            return Ok(0);
        };
        let mut connection = ImapConnection::open(&account)
            .await
            .map_err(|e| Error::Internal(e.to_string()))?;
        let validity = i64::from(connection.uid_validity());
        // A folder renumbered (a new UIDVALIDITY) is read from its start;
        // what was taken before is known by its Message-ID.
        let last = match mailbox.uid_validity {
            Some(known) if known == validity => u32::try_from(mailbox.last_uid).unwrap_or(0),
            _ => 0,
        };
        let mails = connection
            .fetch_after(last, MAILS_PER_ROUND)
            .await
            .map_err(|e| Error::Internal(e.to_string()))?;
        let mut taken = 0;
        for fetched in mails {
            match self.receive_mail(&fetched.raw, Some(mailbox), all).await {
                Ok(_) => {
                    taken += 1;
                    connection
                        .mark_taken(fetched.uid, mailbox.imap_move_to.as_deref())
                        .await
                        .map_err(|e| Error::Internal(e.to_string()))?;
                }
                // A mail that can never be taken (unreadable, nobody it is
                // from) stays unread in the folder for a person to see; the
                // next ones go on.
                Err(e @ (Error::Invalid(_) | Error::TooLarge(_) | Error::Forbidden(_))) => {
                    tracing::warn!(mailbox = mailbox.address, uid = fetched.uid, error = %e, "a mail was left in its folder");
                }
                Err(e) => return Err(e),
            }
            self.store
                .mailbox_reached(mailbox.id, validity, i64::from(fetched.uid))
                .await?;
        }
        connection.logout().await;
        Ok(taken)
    }
}

/// A mail's text as a message holds it: a longer one is cut, saying where
/// the rest is.
fn within_message(text: String, has_html: bool) -> String {
    const NOTE: &str = "\n\n(The mail goes on: it is longer than a message holds.)";
    const NOTE_HTML: &str =
        "\n\n(The mail goes on: it is longer than a message holds. Show the mail as sent to read it all.)";
    let max = crate::lifecycle::MAX_BODY_CHARS;
    if text.chars().count() <= max {
        return text;
    }
    let note = if has_html { NOTE_HTML } else { NOTE };
    let mut cut: String = text.chars().take(max - note.chars().count()).collect();
    cut.push_str(note);
    cut
}

/// Who a mailbox's mail is from: `Acme Support <support@acme.example>`.
pub(super) fn sender(row: &MailboxRow) -> String {
    let name: String = row
        .name
        .chars()
        .filter(|c| !matches!(c, '"' | '\\' | '\r' | '\n'))
        .collect();
    format!("\"{name}\" <{}>", row.address)
}

fn smtp_check(outcome: std::result::Result<(), email::MailError>, which: &str) -> CheckResult {
    match outcome {
        Ok(()) => CheckResult {
            ok: true,
            message: format!("Connected to {which}"),
        },
        Err(e) => CheckResult {
            ok: false,
            message: format!("{which}: {e}"),
        },
    }
}

/// What is stored of a checked mailbox; `before` gives what a change left
/// out (the IMAP password, the SMTP URL).
fn saved<'a>(checked: &'a Checked, before: Option<&'a MailboxRow>) -> SavedMailbox<'a> {
    let imap = checked.imap.as_ref();
    SavedMailbox {
        address: &checked.address,
        name: &checked.name,
        queue_id: checked.queue_id,
        inbound: if imap.is_some() { "imap" } else { "forward" },
        imap_host: imap.map(|i| i.host.as_str()),
        imap_port: imap.map(|i| i.port),
        imap_security: imap.map(|i| i.security.as_str()),
        imap_user: imap.map(|i| i.user.as_str()),
        imap_password: imap.and_then(|i| {
            i.password
                .as_deref()
                .or(before.and_then(|b| b.imap_password.as_deref()))
        }),
        imap_folder: imap.map_or("INBOX", |i| i.folder.as_str()),
        imap_move_to: imap.and_then(|i| i.move_to.as_deref()),
        smtp_url: match &checked.smtp_url {
            Some(url) => url.as_deref(),
            None => before.and_then(|b| b.smtp_url.as_deref()),
        },
        signature: checked.signature.as_deref(),
        acknowledge: checked.acknowledge,
    }
}

/// What the audit log keeps of a mailbox (no secrets).
fn audited(mailbox: &Mailbox) -> serde_json::Value {
    json!({
        "address": mailbox.address,
        "name": mailbox.name,
        "queue": mailbox.queue.as_ref().map(|q| q.id),
        "inbound": mailbox.inbound.as_str(),
        "imap": mailbox.imap.as_ref().map(|i| format!("{}@{}:{}/{}", i.user, i.host, i.port, i.folder)),
        "own_smtp": mailbox.own_smtp,
        "signature": mailbox.signature,
        "acknowledge": mailbox.acknowledge,
    })
}
