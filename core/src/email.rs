//! E-mail: agents answer tickets by e-mail and customers reply to them.
//!
//! - Every outgoing answer carries a signed Reply-To address,
//!   `reply+{number}.{signature}@{domain}`, so a reply finds its way back to
//!   the right conversation and nobody can post into a conversation by
//!   guessing its number.
//! - [`parse_inbound`] reads a raw reply, checks the signed address among its
//!   recipients and keeps only the customer's own text (the quote is cut off).
//! - [`Mailer`] sends the answers over SMTP; [`retry_at`] (with
//!   [`retry_delay`] and [`MAX_ATTEMPTS`]) paces the retries of a send
//!   that failed.

use std::time::Duration;

use hmac::digest::{Key, KeyInit};
use hmac::{Hmac, Mac};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mail_parser::{HeaderForm, HeaderName, HeaderValue, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// Hex characters of the signature in a reply address (80 bits).
const SIGNATURE_HEX_LEN: usize = 20;

/// The local part of a reply address starts with this (any case).
const REPLY_PREFIX: &str = "reply+";

/// The local part of a reply mail's Message-ID starts with this.
const MESSAGE_ID_PREFIX: &str = "switchboard.";

/// Namespace of the message client ids derived from e-mail Message-IDs.
const EMAIL_CLIENT_ID_NAMESPACE: Uuid = Uuid::from_u128(0x7d3f_51a2_94c8_4e0b_a6d1_2f8e_c05b_9a13);

/// Largest inbound e-mail accepted, in bytes (32 MiB: a mail with a few
/// photos attached, as base64 makes them).
pub const MAX_INBOUND_BYTES: usize = 32 * 1024 * 1024;

/// Sends of one mail given up after this many failed attempts.
pub const MAX_ATTEMPTS: u32 = 8;

// ---------------------------------------------------------------------------
// Signed reply addresses
// ---------------------------------------------------------------------------

/// HMAC-SHA256 keyed with the secret. The key is prepared as RFC 2104 says
/// (hashed when longer than a block, zero-padded otherwise), which gives the
/// same MAC as any HMAC implementation and cannot fail.
fn keyed_mac(secret: &str) -> HmacSha256 {
    let mut key = Key::<HmacSha256>::default();
    let bytes = secret.as_bytes();
    if bytes.len() > key.len() {
        let digest = Sha256::digest(bytes);
        key[..digest.len()].copy_from_slice(&digest);
    } else {
        key[..bytes.len()].copy_from_slice(bytes);
    }
    <HmacSha256 as KeyInit>::new(&key)
}

fn conversation_mac(secret: &str, number: i64) -> HmacSha256 {
    let mut mac = keyed_mac(secret);
    mac.update(format!("conversation:{number}").as_bytes());
    mac
}

fn signature(secret: &str, number: i64) -> String {
    let tag = conversation_mac(secret, number).finalize().into_bytes();
    let mut hex = hex::encode(tag);
    hex.truncate(SIGNATURE_HEX_LEN);
    hex
}

/// The local part of the Message-ID of the mail carrying reply
/// `message_id`: `switchboard.{id}.{signature}`. A bounce quotes it, which
/// tells which reply did not arrive (and nobody can forge one).
pub fn reply_message_id(secret: &str, message_id: i64) -> String {
    format!(
        "{MESSAGE_ID_PREFIX}{message_id}.{}",
        message_signature(secret, message_id)
    )
}

fn message_mac(secret: &str, message_id: i64) -> HmacSha256 {
    let mut mac = keyed_mac(secret);
    mac.update(format!("message:{message_id}").as_bytes());
    mac
}

fn message_signature(secret: &str, message_id: i64) -> String {
    let mut hex = hex::encode(message_mac(secret, message_id).finalize().into_bytes());
    hex.truncate(SIGNATURE_HEX_LEN);
    hex
}

fn rating_mac(secret: &str, number: i64) -> HmacSha256 {
    let mut mac = keyed_mac(secret);
    mac.update(format!("rating:{number}").as_bytes());
    mac
}

/// What the rating links of conversation `number` carry (`t=`): only the
/// server's secret makes it, so a link rates its own conversation alone.
pub fn rating_token(secret: &str, number: i64) -> String {
    let mut hex = hex::encode(rating_mac(secret, number).finalize().into_bytes());
    hex.truncate(SIGNATURE_HEX_LEN);
    hex
}

/// Whether `token` is conversation `number`'s rating token.
pub fn rating_token_valid(secret: &str, number: i64, token: &str) -> bool {
    token.len() == SIGNATURE_HEX_LEN
        && hex::decode(token).is_ok_and(|claimed| {
            rating_mac(secret, number)
                .verify_truncated_left(&claimed)
                .is_ok()
        })
}

/// The rating page of conversation `number` at `base` (the address
/// customers reach Switchboard at), with `score` picked.
pub fn rating_link(base: &str, secret: &str, number: i64, score: i64) -> String {
    format!(
        "{}/rate/{number}?score={score}&t={}",
        base.trim_end_matches('/'),
        rating_token(secret, number)
    )
}

/// The reply a bounce is about: the first signed Message-ID of ours
/// anywhere in it (the returned headers, `In-Reply-To`, `References`).
pub fn bounced_reply(raw: &[u8], secret: &str) -> Option<i64> {
    let text = String::from_utf8_lossy(raw);
    text.match_indices(MESSAGE_ID_PREFIX).find_map(|(at, _)| {
        let rest = &text[at + MESSAGE_ID_PREFIX.len()..];
        let (id, rest) = rest.split_once('.')?;
        let id: i64 = id.parse().ok()?;
        let claimed = hex::decode(rest.get(..SIGNATURE_HEX_LEN)?).ok()?;
        (rest[SIGNATURE_HEX_LEN..].starts_with('@')
            && message_mac(secret, id)
                .verify_truncated_left(&claimed)
                .is_ok())
        .then_some(id)
    })
}

/// Why a bounce says the mail was not delivered: its `Diagnostic-Code`,
/// else its `Status`, on one line.
pub fn bounce_reason(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let field = |name: &str| {
        text.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| {
                let value = value.trim();
                // `smtp; 550 5.1.1 …`: the type before the `;` says little.
                value
                    .split_once(';')
                    .map_or(value, |(_, v)| v.trim())
                    .to_string()
            })
        })
    };
    let reason = field("Diagnostic-Code")
        .or_else(|| field("Status").map(|status| format!("delivery status {status}")))
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "the receiving mail server gave no reason".into());
    reason.chars().take(300).collect()
}

/// The Reply-To address of conversation `number`:
/// `reply+{number}.{signature}@{domain}`.
pub fn reply_address(secret: &str, domain: &str, number: i64) -> String {
    format!(
        "{REPLY_PREFIX}{number}.{}@{domain}",
        signature(secret, number)
    )
}

/// The Reply-To address of conversation `number` of the mailbox at
/// `mailbox` (`support@acme.example`): its plus address
/// `support+{number}.{signature}@acme.example`, which every mail server
/// delivers to the mailbox itself.
pub fn mailbox_reply_address(secret: &str, mailbox: &str, number: i64) -> String {
    let (local, domain) = mailbox.rsplit_once('@').unwrap_or((mailbox, ""));
    let local = local.split('+').next().unwrap_or(local);
    format!("{local}+{number}.{}@{domain}", signature(secret, number))
}

/// The conversation number of a signed reply address, or `None` when the
/// address is not one or its signature is wrong. Accepts a bare address or
/// the `"Name" <address>` form: `reply+{number}.{signature}@…` or a
/// mailbox's plus address, `support+{number}.{signature}@…`.
pub fn conversation_from_address(secret: &str, address: &str) -> Option<i64> {
    let address = bare_address(address);
    let (local, domain) = address.rsplit_once('@')?;
    if domain.is_empty() {
        return None;
    }
    let (prefix, tag) = local.split_once('+')?;
    if prefix.is_empty() {
        return None;
    }
    let (number_text, sig_text) = tag.split_once('.')?;
    let number: i64 = number_text.parse().ok()?;
    // One spelling per number: no "+7" or "007".
    if number.to_string() != number_text || sig_text.len() != SIGNATURE_HEX_LEN {
        return None;
    }
    let claimed = hex::decode(sig_text).ok()?;
    conversation_mac(secret, number)
        .verify_truncated_left(&claimed)
        .ok()?;
    Some(number)
}

/// `"Name" <a@b>` → `a@b`; a bare address is only trimmed.
pub(crate) fn bare_address(address: &str) -> &str {
    let address = address.trim();
    match address.rfind('<') {
        Some(start) => {
            let inner = &address[start + 1..];
            inner.split('>').next().unwrap_or(inner).trim()
        }
        None => address,
    }
}

// ---------------------------------------------------------------------------
// Inbound mail
// ---------------------------------------------------------------------------

/// A customer's reply, ready to be appended to its conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundMail {
    pub conversation_number: i64,
    /// The Message-ID without angle brackets, or a digest of the raw mail
    /// when it has none.
    pub message_id: String,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub subject: Option<String>,
    /// The customer's own text, quote removed (empty when the mail is
    /// files alone).
    pub text: String,
    /// The mail's files (attachments and inline pictures), as they came.
    pub files: Vec<MailFile>,
}

/// Why an inbound e-mail is not appended.
#[derive(Debug, thiserror::Error)]
pub enum InboundError {
    #[error("the message is not a readable e-mail (RFC 5322)")]
    Unreadable,
    #[error("no recipient is a signed reply address of a conversation")]
    NotForUs,
    #[error("the e-mail has no text of its own (only quoted text)")]
    Empty,
    #[error("the e-mail is larger than 32 MiB")]
    TooLarge,
    /// Not the sender's fault: an automatic reply or a bounce, which is
    /// taken and left out (it never reaches a conversation, and nothing
    /// answers it).
    #[error("{0}")]
    Automatic(String),
    /// A bounce: `reply` is the reply of ours it returns, when it names one.
    #[error("{what}")]
    Bounced {
        what: String,
        reply: Option<i64>,
        reason: String,
    },
}

/// Headers searched, in order, for the signed reply address.
const RECIPIENT_HEADERS: [&str; 5] = ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"];

/// Reads a raw e-mail (RFC 5322): refused when too large or unreadable,
/// and an error saying what it is when a machine sent it (an automatic
/// reply, or a bounce naming the reply of ours it returns, found by its
/// Message-ID signed with `secret`).
pub(crate) fn open_mail<'x>(
    raw: &'x [u8],
    secret: &str,
) -> Result<mail_parser::Message<'x>, InboundError> {
    if raw.len() > MAX_INBOUND_BYTES {
        return Err(InboundError::TooLarge);
    }
    // A readable mail has at least one standard header field.
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| {
            m.headers()
                .iter()
                .any(|h| !matches!(h.name, HeaderName::Other(_)))
        })
        .ok_or(InboundError::Unreadable)?;
    if let Some(what) = automatic(&message) {
        if what.starts_with(BOUNCE) {
            return Err(InboundError::Bounced {
                what,
                reply: bounced_reply(raw, secret),
                reason: bounce_reason(raw),
            });
        }
        return Err(InboundError::Automatic(what));
    }
    Ok(message)
}

/// Reads a raw e-mail (RFC 5322) sent to a signed reply address.
pub fn parse_inbound(raw: &[u8], secret: &str) -> Result<InboundMail, InboundError> {
    let message = open_mail(raw, secret)?;
    let conversation_number = find_conversation(&message, secret).ok_or(InboundError::NotForUs)?;

    let body = message.body_text(0).unwrap_or_default();
    let text = strip_quote(&body);
    let files: Vec<MailFile> = message.attachments().map(mail_file).collect();
    if text.is_empty() && files.is_empty() {
        return Err(InboundError::Empty);
    }

    let message_id = message
        .message_id()
        .map(|id| id.trim().trim_start_matches('<').trim_end_matches('>'))
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| hex::encode(Sha256::digest(raw)));

    let from = message.from().and_then(|from| from.first());
    let non_empty = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };

    Ok(InboundMail {
        conversation_number,
        message_id,
        from_address: non_empty(from.and_then(|a| a.address())),
        from_name: non_empty(from.and_then(|a| a.name())),
        subject: non_empty(message.subject()),
        text,
        files,
    })
}

/// A file a mail came with, as it came.
fn mail_file(part: &mail_parser::MessagePart<'_>) -> MailFile {
    MailFile {
        name: part
            .attachment_name()
            .map(str::to_owned)
            .unwrap_or_else(|| "a file without a name".into()),
        content_type: part
            .content_type()
            .map(|t| match t.subtype() {
                Some(sub) => format!("{}/{sub}", t.ctype()),
                None => t.ctype().to_string(),
            })
            .unwrap_or_default(),
        bytes: part.contents().to_vec(),
    }
}

/// Subjects that out-of-office replies start with when their sender sets
/// no header saying so (lower case).
const AUTOMATIC_SUBJECTS: [&str; 9] = [
    "out of office",
    "out of the office",
    "automatic reply",
    "auto reply",
    "autoreply",
    "auto-reply",
    "réponse automatique",
    "abwesenheitsnotiz",
    "respuesta automática",
];

/// How [`automatic`] names a bounce.
pub(crate) const BOUNCE: &str = "a bounce";

/// Whether a mail was sent by a machine, not a person: an automatic reply
/// (RFC 3834's `Auto-Submitted`, `Precedence: bulk`, the `X-Autoreply`
/// family, an out-of-office subject) or a bounce (a delivery status
/// report, the mailer daemon). Says what it is and what told.
pub(crate) fn automatic(message: &mail_parser::Message<'_>) -> Option<String> {
    let header = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
    };
    if let Some(value) = header("Auto-Submitted") {
        if value.split(';').next().is_some_and(|v| v.trim() != "no") {
            return Some(format!("an automatic reply (Auto-Submitted: {value})"));
        }
    }
    if let Some(value) = header("Precedence") {
        if ["bulk", "junk", "list", "auto_reply"].contains(&value.as_str()) {
            return Some(format!("an automatic reply (Precedence: {value})"));
        }
    }
    for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder"] {
        if header(name).is_some() {
            return Some(format!("an automatic reply ({name})"));
        }
    }
    let content_type = header("Content-Type").unwrap_or_default();
    if content_type.starts_with("multipart/report") && content_type.contains("delivery-status") {
        return Some(format!("{BOUNCE} (a delivery status report)"));
    }
    let from = message
        .from()
        .and_then(|from| from.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let local = from.split('@').next().unwrap_or_default();
    if ["mailer-daemon", "postmaster"].contains(&local) {
        return Some(format!("{BOUNCE} (from {from})"));
    }
    let subject = message.subject().unwrap_or_default().trim().to_lowercase();
    if AUTOMATIC_SUBJECTS.iter().any(|s| subject.starts_with(s)) {
        return Some(format!(
            "an automatic reply (its subject: {})",
            message.subject().unwrap_or_default().trim()
        ));
    }
    None
}

/// A line for the agents naming a mail's files that were not kept, and
/// why: `(This mail came with files that were not kept: setup.exe, 12 KB,
/// files of this type cannot be sent.)`; `None` when every file was kept.
pub fn not_kept(files: &[(&MailFile, String)]) -> Option<String> {
    let named: Vec<String> = files
        .iter()
        .map(|(file, why)| {
            let name: String = file
                .name
                .chars()
                .filter(|c| !c.is_control())
                .take(100)
                .collect();
            format!(
                "{}, {}, {why}",
                name.trim(),
                switchboard_types::size_in_words(
                    i64::try_from(file.bytes.len()).unwrap_or(i64::MAX)
                )
            )
        })
        .collect();
    (!named.is_empty()).then(|| {
        format!(
            "(This mail came with files that were not kept: {}.)",
            named.join("; ")
        )
    })
}

fn find_conversation(message: &mail_parser::Message<'_>, secret: &str) -> Option<i64> {
    recipients(message)
        .iter()
        .find_map(|address| conversation_from_address(secret, address))
}

/// Every address a mail was sent to, as its headers name them in order
/// ([`RECIPIENT_HEADERS`]).
pub(crate) fn recipients(message: &mail_parser::Message<'_>) -> Vec<String> {
    let mut found = Vec::new();
    for name in RECIPIENT_HEADERS {
        for value in message.header_as(name, HeaderForm::Addresses) {
            match value {
                HeaderValue::Address(list) => {
                    found.extend(list.iter().filter_map(|a| a.address()).map(str::to_owned))
                }
                HeaderValue::Text(text) => found.push(bare_address(&text).to_owned()),
                _ => {}
            }
        }
    }
    found
}

/// The customer's own text: everything from the first reply header on is
/// cut ("On … wrote:", "-----Original Message-----", a "From:" block after a
/// blank line), lines quoted with ">" are dropped, trailing spaces removed and
/// runs of blank lines collapsed.
fn strip_quote(body: &str) -> String {
    split_quote(body).0
}

/// A mail's text in two: the sender's own ([`strip_quote`]'s) and what
/// was cut from it (the quote, as it came), when anything was.
pub(crate) fn split_quote(body: &str) -> (String, Option<String>) {
    let lines: Vec<&str> = body.lines().collect();
    let cut = (0..lines.len())
        .find(|&i| starts_quote(&lines, i))
        .unwrap_or(lines.len());

    let mut out = String::new();
    let mut quoted: Vec<&str> = Vec::new();
    let mut blank_run = false;
    for line in &lines[..cut] {
        if line.trim_start().starts_with('>') {
            quoted.push(line);
            continue;
        }
        let line = line.trim_end();
        if line.is_empty() {
            blank_run = true;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run {
                out.push('\n');
            }
        }
        blank_run = false;
        out.push_str(line);
    }
    quoted.extend(&lines[cut..]);
    let quoted = quoted.join("\n").trim().to_owned();
    (
        out.trim().to_owned(),
        (!quoted.is_empty()).then_some(quoted),
    )
}

/// Whether line `i` opens the quoted part of a reply.
fn starts_quote(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");

    // Gmail and Apple Mail: "On Mon, 3 Jun 2024 at 10:00, Support <…> wrote:",
    // sometimes wrapped onto a second line.
    if line.starts_with("On ")
        && (line.ends_with("wrote:") || (!next.is_empty() && next.ends_with("wrote:")))
    {
        return true;
    }

    // Outlook and Thunderbird: "-----Original Message-----".
    let lower = line.to_ascii_lowercase();
    if lower.starts_with("---") && lower.contains("original message") {
        return true;
    }

    // Outlook's header block, after a blank line or a line of underscores.
    let after_break = i == 0 || {
        let previous = lines[i - 1].trim();
        previous.is_empty() || is_underscore_rule(previous)
    };
    if after_break && is_from_block(lines, i) {
        return true;
    }
    is_underscore_rule(line) && is_from_block(lines, i + 1)
}

fn is_underscore_rule(line: &str) -> bool {
    line.len() >= 8 && line.chars().all(|c| c == '_')
}

/// "From: …" followed closely by another header line (Sent:, To:, …).
fn is_from_block(lines: &[&str], i: usize) -> bool {
    let Some(line) = lines.get(i) else {
        return false;
    };
    if !has_prefix_ignore_case(line.trim(), "from:") {
        return false;
    }
    lines.iter().skip(i + 1).take(3).map(|l| l.trim()).any(|l| {
        ["sent:", "date:", "to:", "cc:", "subject:"]
            .iter()
            .any(|h| has_prefix_ignore_case(l, h))
    })
}

fn has_prefix_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A conversation's thread (Message-IDs one a line, the latest last) with
/// a mail's `ids` joined at its end, each once, keeping the last `kept`.
pub fn thread_with(thread: Option<&str>, ids: &[String], kept: usize) -> Option<String> {
    let mut all: Vec<&str> = thread.unwrap_or_default().lines().collect();
    for id in ids {
        all.retain(|known| known != id);
        all.push(id);
    }
    let start = all.len().saturating_sub(kept);
    let joined = all[start..].join("\n");
    (!joined.is_empty()).then_some(joined)
}

/// The message client id of an inbound e-mail: the same Message-ID always
/// gives the same id, so storing a mail delivered twice stores it once.
pub fn client_id_for(message_id: &str) -> String {
    Uuid::new_v5(&EMAIL_CLIENT_ID_NAMESPACE, message_id.as_bytes()).to_string()
}

// ---------------------------------------------------------------------------
// Outgoing mail
// ---------------------------------------------------------------------------

/// Why an e-mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// An address is not valid: retrying will not help.
    #[error("invalid e-mail address: {0}")]
    Address(String),
    /// The mail server settings are not usable.
    #[error("e-mail settings: {0}")]
    Config(String),
    /// The mail server refused the message for good (5xx).
    #[error("the mail server refused the message: {0}")]
    Rejected(String),
    /// The mail server could not be reached or asked to try later (4xx).
    #[error("the mail server is unreachable or busy: {0}")]
    Unreachable(String),
}

impl MailError {
    /// Whether retrying cannot succeed.
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Address(_) | MailError::Rejected(_))
    }
}

/// The wait before the next attempt after `attempts` failed ones:
/// 5 s, 30 s, 2 min, 10 min, then every hour.
pub fn retry_delay(attempts: u32) -> Duration {
    let seconds = match attempts {
        0 | 1 => 5,
        2 => 30,
        3 => 2 * 60,
        4 => 10 * 60,
        _ => 60 * 60,
    };
    Duration::from_secs(seconds)
}

/// When to try a mail again after `error`, its `attempts`-th failure,
/// at `now`: none when the refusal is permanent or the tries are used up.
pub fn retry_at(error: &MailError, attempts: u32, now: i64) -> Option<i64> {
    (!error.is_permanent() && attempts < MAX_ATTEMPTS).then(|| {
        let delay = retry_delay(attempts).as_millis();
        now + i64::try_from(delay).unwrap_or(i64::MAX / 2)
    })
}

/// One answer to send.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutgoingMail<'a> {
    pub to: &'a str,
    pub to_name: Option<&'a str>,
    /// The signed reply address of the conversation.
    pub reply_to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    /// The Message-ID answered, with or without angle brackets.
    pub in_reply_to: Option<&'a str>,
    /// The local part of its own Message-ID (see [`reply_message_id`]);
    /// a random one without.
    pub message_id: Option<&'a str>,
    /// Files sent with it, as attachments after the text.
    pub files: &'a [MailFile],
    /// Who it is from (`Acme Support <support@acme.example>`), when not
    /// the mailer's own sender.
    pub from: Option<&'a str>,
    /// Copied to (a reply-all).
    pub cc: &'a [String],
    /// The thread's Message-IDs, oldest first (`References`); the last is
    /// answered when `in_reply_to` is not said.
    pub references: &'a [String],
    /// Sent by Switchboard itself, not a person (an acknowledgement): says
    /// so (`Auto-Submitted: auto-replied`), so no other machine answers it.
    pub automatic: bool,
}

/// `Auto-Submitted: auto-replied` (RFC 3834).
#[derive(Clone)]
struct AutoReplied;

impl lettre::message::header::Header for AutoReplied {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoReplied)
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), "auto-replied".into())
    }
}

/// A file a mail carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Sends e-mail through an SMTP server. Cheap to clone.
///
/// TLS is rustls with the ring provider and the Mozilla root certificates
/// built in, so no system TLS library is needed.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the server credentials: not shown.
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for the server at `url` sending as `from`
    /// (`Support <support@example.com>`).
    ///
    /// - `smtp://127.0.0.1:2525`: plain SMTP, for a local relay;
    /// - `smtp://user:pass@host:587?tls=required`: STARTTLS
    ///   (`tls=opportunistic` uses it when offered);
    /// - `smtps://user:pass@host:465`: TLS from the start.
    pub fn from_url(url: &str, from: &str) -> Result<Mailer, MailError> {
        let from: Mailbox = from
            .trim()
            .parse()
            .map_err(|e| MailError::Config(format!("the sender {from:?} is not valid: {e}")))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Config(format!("the mail server URL is not usable: {e}")))?
            .build();
        Ok(Mailer { transport, from })
    }

    /// Whether the SMTP server answers and takes the login.
    pub async fn test_connection(&self) -> Result<(), MailError> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(MailError::Unreachable(
                "the mail server did not answer as one".into(),
            )),
            Err(e) if e.is_permanent() => Err(MailError::Rejected(e.to_string())),
            Err(e) => Err(MailError::Unreachable(e.to_string())),
        }
    }

    /// Sends one plain-text UTF-8 mail.
    pub async fn send(&self, mail: &OutgoingMail<'_>) -> Result<(), MailError> {
        let message = self.build(mail)?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                MailError::Rejected(e.to_string())
            } else {
                MailError::Unreachable(e.to_string())
            }
        })
    }

    fn build(&self, mail: &OutgoingMail<'_>) -> Result<Message, MailError> {
        let to_address: Address = mail
            .to
            .trim()
            .parse()
            .map_err(|e| MailError::Address(format!("{:?}: {e}", mail.to)))?;
        let to_name = mail
            .to_name
            .map(single_line)
            .filter(|name| !name.is_empty());
        let reply_to: Mailbox = mail
            .reply_to
            .trim()
            .parse()
            .map_err(|e| MailError::Address(format!("{:?}: {e}", mail.reply_to)))?;

        let local = match mail.message_id {
            Some(local) => single_line(local),
            None => Uuid::new_v4().simple().to_string(),
        };
        let from = match mail.from {
            Some(from) => from
                .trim()
                .parse()
                .map_err(|e| MailError::Config(format!("the sender {from:?} is not valid: {e}")))?,
            None => self.from.clone(),
        };
        let message_id = format!("<{local}@{}>", from.email.domain());
        let mut builder = Message::builder()
            .from(from)
            .to(Mailbox::new(to_name, to_address))
            .reply_to(reply_to)
            .subject(single_line(mail.subject))
            .message_id(Some(message_id))
            .date_now();
        for copied in mail.cc {
            // A copy's address that is not valid is left out, not the mail.
            if let Ok(address) = copied.trim().parse::<Address>() {
                builder = builder.cc(Mailbox::new(None, address));
            }
        }
        let answered = mail
            .in_reply_to
            .or(mail.references.last().map(String::as_str))
            .map(angle_id)
            .filter(|id| id.len() > 2);
        if let Some(id) = answered {
            let mut thread: Vec<String> = mail
                .references
                .iter()
                .map(|r| angle_id(r))
                .filter(|r| r.len() > 2)
                .collect();
            if !thread.contains(&id) {
                thread.push(id.clone());
            }
            builder = builder.in_reply_to(id).references(thread.join(" "));
        }
        if mail.automatic {
            builder = builder.header(AutoReplied);
        }
        if mail.files.is_empty() {
            return builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.text.to_owned())
                .map_err(|e| MailError::Address(e.to_string()));
        }
        let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.text.to_owned()));
        for file in mail.files {
            let content_type = ContentType::parse(&file.content_type).unwrap_or_else(|_| {
                ContentType::parse("application/octet-stream").unwrap_or(ContentType::TEXT_PLAIN)
            });
            parts = parts.singlepart(
                lettre::message::Attachment::new(single_line(&file.name))
                    .body(file.bytes.clone(), content_type),
            );
        }
        builder
            .multipart(parts)
            .map_err(|e| MailError::Address(e.to_string()))
    }
}

/// A header value on one line.
fn single_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Message-ID in angle brackets, whether or not it came with them.
fn angle_id(id: &str) -> String {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    format!("<{}>", single_line(id))
}

pub mod arriving;
pub mod imap;

#[cfg(test)]
mod tests;
