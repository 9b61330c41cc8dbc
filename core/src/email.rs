//! E-mail: agents answer tickets by e-mail and customers reply to them.
//!
//! - Every outgoing answer carries a signed Reply-To address,
//!   `reply+{number}.{signature}@{domain}`, so a reply finds its way back to
//!   the right conversation and nobody can post into a conversation by
//!   guessing its number.
//! - [`parse_inbound`] reads a raw reply, checks the signed address among its
//!   recipients and keeps only the customer's own text (the quote is cut off).
//! - [`Mailer`] sends the answers over SMTP; [`retry_delay`] and
//!   [`MAX_ATTEMPTS`] pace the retries of a send that failed.

use std::time::Duration;

use hmac::digest::{Key, KeyInit};
use hmac::{Hmac, Mac};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mail_parser::{HeaderForm, HeaderName, HeaderValue, MessageParser};
use sha2::{Digest, Sha256};
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// Hex characters of the signature in a reply address (80 bits).
const SIGNATURE_HEX_LEN: usize = 20;

/// The local part of a reply address starts with this (any case).
const REPLY_PREFIX: &str = "reply+";

/// Namespace of the message client ids derived from e-mail Message-IDs.
const EMAIL_CLIENT_ID_NAMESPACE: Uuid = Uuid::from_u128(0x7d3f_51a2_94c8_4e0b_a6d1_2f8e_c05b_9a13);

/// Largest inbound e-mail accepted, in bytes (1 MiB).
const MAX_INBOUND_BYTES: usize = 1024 * 1024;

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

/// The Reply-To address of conversation `number`:
/// `reply+{number}.{signature}@{domain}`.
pub fn reply_address(secret: &str, domain: &str, number: i64) -> String {
    format!(
        "{REPLY_PREFIX}{number}.{}@{domain}",
        signature(secret, number)
    )
}

/// The conversation number of a signed reply address, or `None` when the
/// address is not one or its signature is wrong. Accepts a bare address or
/// the `"Name" <address>` form; the `reply+` prefix may be in any case.
pub fn conversation_from_address(secret: &str, address: &str) -> Option<i64> {
    let address = bare_address(address);
    let (local, domain) = address.rsplit_once('@')?;
    if domain.is_empty() {
        return None;
    }
    let prefix = local.get(..REPLY_PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(REPLY_PREFIX) {
        return None;
    }
    let (number_text, sig_text) = local.get(REPLY_PREFIX.len()..)?.split_once('.')?;
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
fn bare_address(address: &str) -> &str {
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
    /// The customer's own text, quote removed.
    pub text: String,
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
    #[error("the e-mail is larger than 1 MiB")]
    TooLarge,
}

/// Headers searched, in order, for the signed reply address.
const RECIPIENT_HEADERS: [&str; 5] = ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"];

/// Reads a raw e-mail (RFC 5322) sent to a signed reply address.
pub fn parse_inbound(raw: &[u8], secret: &str) -> Result<InboundMail, InboundError> {
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

    let conversation_number = find_conversation(&message, secret).ok_or(InboundError::NotForUs)?;

    let body = message.body_text(0).unwrap_or_default();
    let text = strip_quote(&body);
    if text.is_empty() {
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
    })
}

fn find_conversation(message: &mail_parser::Message<'_>, secret: &str) -> Option<i64> {
    RECIPIENT_HEADERS.iter().find_map(|name| {
        message
            .header_as(*name, HeaderForm::Addresses)
            .iter()
            .find_map(|value| match value {
                HeaderValue::Address(list) => list
                    .iter()
                    .filter_map(|addr| addr.address())
                    .find_map(|addr| conversation_from_address(secret, addr)),
                HeaderValue::Text(text) => conversation_from_address(secret, text),
                _ => None,
            })
    })
}

/// The customer's own text: everything from the first reply header on is
/// cut ("On … wrote:", "-----Original Message-----", a "From:" block after a
/// blank line), lines quoted with ">" are dropped, trailing spaces removed and
/// runs of blank lines collapsed.
fn strip_quote(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let cut = (0..lines.len())
        .find(|&i| starts_quote(&lines, i))
        .unwrap_or(lines.len());

    let mut out = String::new();
    let mut blank_run = false;
    for line in &lines[..cut] {
        if line.trim_start().starts_with('>') {
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
    out.trim().to_owned()
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

/// One answer to send.
#[derive(Debug, Clone, Copy)]
pub struct OutgoingMail<'a> {
    pub to: &'a str,
    pub to_name: Option<&'a str>,
    /// The signed reply address of the conversation.
    pub reply_to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    /// The Message-ID answered, with or without angle brackets.
    pub in_reply_to: Option<&'a str>,
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

        let message_id = format!("<{}@{}>", Uuid::new_v4().simple(), self.from.email.domain());
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(to_name, to_address))
            .reply_to(reply_to)
            .subject(single_line(mail.subject))
            .message_id(Some(message_id))
            .date_now();
        if let Some(id) = mail.in_reply_to.map(angle_id).filter(|id| id.len() > 2) {
            builder = builder.in_reply_to(id.clone()).references(id);
        }
        builder
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.to_owned())
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

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MimeHeaders;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpListener;

    const SECRET: &str = "s3cret-for-tests";

    fn addr(number: i64) -> String {
        reply_address(SECRET, "inbox.example.com", number)
    }

    // --- signed addresses ---

    #[test]
    fn reply_address_round_trip() {
        let a = addr(22);
        assert!(a.starts_with("reply+22."), "{a}");
        assert!(a.ends_with("@inbox.example.com"), "{a}");
        let (local, _) = a.split_once('@').unwrap();
        let sig = local.split_once('.').unwrap().1;
        assert_eq!(sig.len(), 20);
        assert!(sig
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(conversation_from_address(SECRET, &a), Some(22));
        assert_eq!(addr(22), a, "signing is deterministic");
        for n in [0, 1, 7, 1_000_000, i64::MAX] {
            assert_eq!(conversation_from_address(SECRET, &addr(n)), Some(n));
        }
    }

    #[test]
    fn signature_is_hmac_sha256_of_the_conversation() {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(b"conversation:22");
        let expected = hex::encode(mac.finalize().into_bytes());
        assert_eq!(
            addr(22),
            format!("reply+22.{}@inbox.example.com", &expected[..20])
        );
        // A secret longer than the HMAC block is hashed first, as usual.
        let long = "k".repeat(100);
        let mut mac = <HmacSha256 as Mac>::new_from_slice(long.as_bytes()).unwrap();
        mac.update(b"conversation:5");
        let expected = hex::encode(mac.finalize().into_bytes());
        assert_eq!(
            reply_address(&long, "x.org", 5),
            format!("reply+5.{}@x.org", &expected[..20])
        );
    }

    #[test]
    fn tampered_addresses_are_refused() {
        let a = addr(22);
        let (local, domain) = a.split_once('@').unwrap();
        let sig = local.split_once('.').unwrap().1;

        // A flipped signature character.
        let mut chars: Vec<char> = sig.chars().collect();
        chars[5] = if chars[5] == '0' { '1' } else { '0' };
        let flipped: String = chars.into_iter().collect();
        assert_eq!(
            conversation_from_address(SECRET, &format!("reply+22.{flipped}@{domain}")),
            None
        );
        // The signature of 22 on another number.
        assert_eq!(
            conversation_from_address(SECRET, &format!("reply+23.{sig}@{domain}")),
            None
        );
        // Another secret.
        assert_eq!(conversation_from_address("other secret", &a), None);
        // Shortened, lengthened, missing or non-hex signature.
        for bad in [
            format!("reply+22.{}@{domain}", &sig[..19]),
            format!("reply+22.{sig}0@{domain}"),
            format!("reply+22@{domain}"),
            format!("reply+22.@{domain}"),
            format!("reply+22.{}@{domain}", "z".repeat(20)),
            format!("reply+022.{sig}@{domain}"),
            format!("reply++22.{sig}@{domain}"),
            format!("reply+22.{sig}"),
            format!("reply+22.{sig}@"),
            format!("support+22.{sig}@{domain}"),
            String::new(),
            "<>".to_owned(),
        ] {
            assert_eq!(conversation_from_address(SECRET, &bad), None, "{bad}");
        }
    }

    #[test]
    fn address_forms_are_accepted() {
        let a = addr(22);
        assert_eq!(
            conversation_from_address(SECRET, &format!("\"Acme Support\" <{a}>")),
            Some(22)
        );
        assert_eq!(
            conversation_from_address(SECRET, &format!("Acme <{a}>")),
            Some(22)
        );
        assert_eq!(
            conversation_from_address(SECRET, &format!("  <{a}>  ")),
            Some(22)
        );
        let upper = a.replacen("reply+", "Reply+", 1);
        assert_eq!(conversation_from_address(SECRET, &upper), Some(22));
        let shouting = a.replacen("reply+", "REPLY+", 1);
        assert_eq!(conversation_from_address(SECRET, &shouting), Some(22));
        // Some systems upper-case the whole local part.
        let (local, domain) = a.split_once('@').unwrap();
        let all_upper = format!("{}@{domain}", local.to_uppercase());
        assert_eq!(conversation_from_address(SECRET, &all_upper), Some(22));
    }

    // --- inbound ---

    fn gmail_reply(to: &str) -> String {
        format!(
            "Delivered-To: support@inbox.example.com\r\n\
             Return-Path: <jane@example.org>\r\n\
             MIME-Version: 1.0\r\n\
             Date: Mon, 3 Jun 2024 10:15:00 +0200\r\n\
             Message-ID: <CAF=abc123@mail.gmail.com>\r\n\
             In-Reply-To: <5f1d@inbox.example.com>\r\n\
             Subject: Re: My order has not arrived\r\n\
             From: Jane Doe <jane@example.org>\r\n\
             To: Acme Support <{to}>\r\n\
             Content-Type: text/plain; charset=\"UTF-8\"\r\n\
             \r\n\
             Thanks, it arrived this morning!\r\n\
             \r\n\
             Jane\r\n\
             \r\n\
             On Mon, 3 Jun 2024 at 09:00, Acme Support <{to}> wrote:\r\n\
             \r\n\
             > Hello Jane,\r\n\
             > your parcel is on its way.\r\n"
        )
    }

    #[test]
    fn parses_a_gmail_reply() {
        let raw = gmail_reply(&addr(22));
        let mail = parse_inbound(raw.as_bytes(), SECRET).unwrap();
        assert_eq!(
            mail,
            InboundMail {
                conversation_number: 22,
                message_id: "CAF=abc123@mail.gmail.com".into(),
                from_address: Some("jane@example.org".into()),
                from_name: Some("Jane Doe".into()),
                subject: Some("Re: My order has not arrived".into()),
                text: "Thanks, it arrived this morning!\n\nJane".into(),
            }
        );
    }

    #[test]
    fn parses_an_outlook_reply() {
        let to = addr(8);
        let raw = format!(
            "From: \"Smith, Bob\" <bob@corp.example>\r\n\
             To: \"Acme Support\" <{to}>\r\n\
             Subject: RE: Invoice 2024-117\r\n\
             Message-ID: <DB9PR@outlook.example>\r\n\
             Content-Type: text/plain; charset=\"us-ascii\"\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\
             \r\n\
             Hi,  \r\n\
             the VAT number is wrong, it should be DE123456789.\r\n\
             \r\n\
             Regards,\r\n\
             Bob\r\n\
             \r\n\
             -----Original Message-----\r\n\
             From: Acme Support <{to}>\r\n\
             Sent: Monday, June 3, 2024 9:00 AM\r\n\
             To: Smith, Bob <bob@corp.example>\r\n\
             Subject: Invoice 2024-117\r\n\
             \r\n\
             Please find your invoice attached.\r\n"
        );
        let mail = parse_inbound(raw.as_bytes(), SECRET).unwrap();
        assert_eq!(mail.conversation_number, 8);
        assert_eq!(mail.message_id, "DB9PR@outlook.example");
        assert_eq!(mail.from_name.as_deref(), Some("Smith, Bob"));
        assert_eq!(
            mail.text,
            "Hi,\nthe VAT number is wrong, it should be DE123456789.\n\nRegards,\nBob"
        );
    }

    #[test]
    fn quote_cutting_rules() {
        // A reply header wrapped over two lines.
        assert_eq!(
            strip_quote(
                "Fine by me.\n\nOn Mon, 3 Jun 2024 at 09:00, Acme Support\n<reply+1.ab@x.org> wrote:\n> old"
            ),
            "Fine by me."
        );
        // Outlook without the dashes: a rule of underscores and a From block.
        assert_eq!(
            strip_quote(
                "Yes please.\n\n________________________________\nFrom: Acme <a@x.org>\nSent: Monday\nTo: me\n\nold text"
            ),
            "Yes please."
        );
        // A From block after a blank line.
        assert_eq!(
            strip_quote("Done.\n\nFrom: Acme <a@x.org>\nDate: Mon\nSubject: Hi\n\nold"),
            "Done."
        );
        // "From:" in the customer's own words is kept.
        assert_eq!(
            strip_quote("Hello\n\nFrom: my side all is well.\nThanks"),
            "Hello\n\nFrom: my side all is well.\nThanks"
        );
        // Interleaved quotes are dropped, blank runs collapsed, spaces trimmed.
        assert_eq!(
            strip_quote(
                "> question 1\nAnswer 1   \n\n\n\n> question 2\n>> older\nAnswer 2\n\n  \n"
            ),
            "Answer 1\n\nAnswer 2"
        );
        // "On" in the middle of a message is not a reply header.
        assert_eq!(
            strip_quote("On second thought, keep it.\nThanks"),
            "On second thought, keep it.\nThanks"
        );
        assert_eq!(strip_quote(" \n\n"), "");
    }

    #[test]
    fn parses_multipart_alternative() {
        let to = addr(5);
        let raw = format!(
            "From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.fr>\r\n\
             To: someone@else.example, {to}\r\n\
             Subject: =?UTF-8?Q?Re:_Caf=C3=A9?=\r\n\
             Message-ID: <multi@example.fr>\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
             \r\n\
             --b1\r\n\
             Content-Type: text/plain; charset=UTF-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\
             \r\n\
             Merci, =C3=A7a marche tr=C3=A8s bien.\r\n\
             \r\n\
             On Tue, 4 Jun 2024, Acme wrote:\r\n\
             > Try again\r\n\
             --b1\r\n\
             Content-Type: text/html; charset=UTF-8\r\n\
             \r\n\
             <div>HTML version</div>\r\n\
             --b1--\r\n"
        );
        let mail = parse_inbound(raw.as_bytes(), SECRET).unwrap();
        assert_eq!(mail.conversation_number, 5);
        assert_eq!(mail.from_name.as_deref(), Some("Renée"));
        assert_eq!(mail.subject.as_deref(), Some("Re: Café"));
        assert_eq!(mail.text, "Merci, ça marche très bien.");
    }

    #[test]
    fn html_only_mail_is_converted_to_text() {
        let to = addr(6);
        let raw = format!(
            "From: a@example.org\r\nTo: {to}\r\nSubject: hi\r\n\
             Content-Type: text/html; charset=UTF-8\r\n\r\n\
             <html><body><p>Hello <b>team</b></p></body></html>\r\n"
        );
        let mail = parse_inbound(raw.as_bytes(), SECRET).unwrap();
        assert_eq!(mail.conversation_number, 6);
        assert!(mail.text.contains("Hello team"), "{:?}", mail.text);
    }

    #[test]
    fn address_found_in_cc_and_delivery_headers() {
        let to = addr(31);
        let body = "\r\nhello\r\n";
        let cases = [
            format!("From: a@b.org\r\nTo: x@y.org, \"Z\" <z@y.org>\r\nCc: Acme <{to}>\r\n{body}"),
            format!(
                "From: a@b.org\r\nTo: undisclosed-recipients:;\r\nDelivered-To: {to}\r\n{body}"
            ),
            format!("From: a@b.org\r\nTo: x@y.org\r\nX-Original-To: {to}\r\n{body}"),
            format!("From: a@b.org\r\nTo: x@y.org\r\nEnvelope-To: {to}\r\n{body}"),
            format!("From: a@b.org\r\nTo: Team: x@y.org, {to};\r\n{body}"),
        ];
        for raw in cases {
            let mail =
                parse_inbound(raw.as_bytes(), SECRET).unwrap_or_else(|e| panic!("{e}: {raw}"));
            assert_eq!(mail.conversation_number, 31, "{raw}");
            assert_eq!(mail.text, "hello");
        }
    }

    #[test]
    fn mail_without_a_signed_address_is_not_for_us() {
        let forged = addr(22).replacen("reply+22.", "reply+23.", 1);
        let raw = format!(
            "From: a@b.org\r\nTo: support@inbox.example.com, {forged}\r\nSubject: hi\r\n\r\nhello\r\n"
        );
        assert!(matches!(
            parse_inbound(raw.as_bytes(), SECRET),
            Err(InboundError::NotForUs)
        ));
        let raw = gmail_reply(&addr(22));
        assert!(matches!(
            parse_inbound(raw.as_bytes(), "another secret"),
            Err(InboundError::NotForUs)
        ));
    }

    #[test]
    fn only_quote_is_empty() {
        let to = addr(3);
        let raw = format!(
            "From: a@b.org\r\nTo: {to}\r\nSubject: Re: x\r\n\r\n\
             \r\n\
             On Mon, 3 Jun 2024 at 09:00, Acme <{to}> wrote:\r\n\
             > everything quoted\r\n"
        );
        let err = parse_inbound(raw.as_bytes(), SECRET).unwrap_err();
        assert!(matches!(err, InboundError::Empty));
        assert_eq!(
            err.to_string(),
            "the e-mail has no text of its own (only quoted text)"
        );
        let raw = format!("From: a@b.org\r\nTo: {to}\r\n\r\n> a\r\n>b\r\n");
        assert!(matches!(
            parse_inbound(raw.as_bytes(), SECRET),
            Err(InboundError::Empty)
        ));
    }

    #[test]
    fn unreadable_and_too_large() {
        for raw in [
            &b""[..],
            b"\r\n\r\n",
            b"just some words, no headers\r\n",
            &[0xff, 0xfe, 0x00, 0x01, 0x02],
        ] {
            assert!(
                matches!(parse_inbound(raw, SECRET), Err(InboundError::Unreadable)),
                "{raw:?}"
            );
        }
        let mut big = gmail_reply(&addr(1)).into_bytes();
        big.resize(MAX_INBOUND_BYTES + 1, b'a');
        assert!(matches!(
            parse_inbound(&big, SECRET),
            Err(InboundError::TooLarge)
        ));
        assert_eq!(
            InboundError::Unreadable.to_string(),
            "the message is not a readable e-mail (RFC 5322)"
        );
        assert_eq!(
            InboundError::NotForUs.to_string(),
            "no recipient is a signed reply address of a conversation"
        );
    }

    #[test]
    fn message_id_falls_back_to_a_stable_digest() {
        let raw = format!(
            "From: a@b.org\r\nTo: {}\r\nSubject: no id\r\n\r\nhello\r\n",
            addr(4)
        );
        let first = parse_inbound(raw.as_bytes(), SECRET).unwrap();
        let again = parse_inbound(raw.as_bytes(), SECRET).unwrap();
        assert_eq!(first.message_id, again.message_id);
        assert_eq!(first.message_id.len(), 64);
        assert_eq!(
            first.message_id,
            hex::encode(Sha256::digest(raw.as_bytes()))
        );
        let other = raw.replace("hello", "hello!");
        let other = parse_inbound(other.as_bytes(), SECRET).unwrap();
        assert_ne!(first.message_id, other.message_id);
        assert_eq!(
            client_id_for(&first.message_id),
            client_id_for(&again.message_id)
        );
    }

    #[test]
    fn client_id_is_a_stable_uuid() {
        let id = client_id_for("CAF=abc123@mail.gmail.com");
        assert_eq!(id, client_id_for("CAF=abc123@mail.gmail.com"));
        let parsed = Uuid::parse_str(&id).unwrap();
        assert_eq!(parsed.get_version_num(), 5);
        assert_eq!(parsed.to_string(), id);
        assert_ne!(id, client_id_for("CAF=abc124@mail.gmail.com"));
    }

    // --- outgoing ---

    #[test]
    fn retry_schedule() {
        let secs: Vec<u64> = (1..=MAX_ATTEMPTS)
            .map(|n| retry_delay(n).as_secs())
            .collect();
        assert_eq!(secs, [5, 30, 120, 600, 3600, 3600, 3600, 3600]);
        assert_eq!(retry_delay(0).as_secs(), 5);
        assert_eq!(retry_delay(u32::MAX).as_secs(), 3600);
    }

    #[test]
    fn mail_errors_are_classified() {
        assert!(MailError::Address("x".into()).is_permanent());
        assert!(MailError::Rejected("550".into()).is_permanent());
        assert!(!MailError::Unreachable("421".into()).is_permanent());
        assert!(!MailError::Config("x".into()).is_permanent());
    }

    #[test]
    fn mailer_settings_are_checked() {
        assert!(Mailer::from_url("smtp://127.0.0.1:2525", "Support <support@example.com>").is_ok());
        assert!(Mailer::from_url(
            "smtp://user:pa%40ss@smtp.example.com:587?tls=required",
            "support@example.com"
        )
        .is_ok());
        assert!(Mailer::from_url("smtps://smtp.example.com", "support@example.com").is_ok());
        assert!(matches!(
            Mailer::from_url("http://example.com", "support@example.com"),
            Err(MailError::Config(_))
        ));
        assert!(matches!(
            Mailer::from_url("smtp://127.0.0.1:2525", "not an address"),
            Err(MailError::Config(_))
        ));
        let mailer = Mailer::from_url("smtp://127.0.0.1:2525", "support@example.com").unwrap();
        assert!(!format!("{mailer:?}").contains("pass"));
    }

    #[tokio::test]
    async fn bad_recipient_is_a_permanent_error() {
        let mailer = Mailer::from_url("smtp://127.0.0.1:9", "support@example.com").unwrap();
        let mail = OutgoingMail {
            to: "not an address",
            to_name: None,
            reply_to: &addr(1),
            subject: "s",
            text: "t",
            in_reply_to: None,
        };
        let err = mailer.send(&mail).await.unwrap_err();
        assert!(matches!(err, MailError::Address(_)), "{err}");
        assert!(err.is_permanent());
    }

    /// What the test SMTP server received.
    struct Received {
        rcpt: Vec<String>,
        data: String,
    }

    /// A one-connection SMTP server on loopback that accepts one message
    /// and answers `rcpt_reply` to RCPT TO.
    async fn smtp_server(rcpt_reply: &'static str) -> (u16, tokio::task::JoinHandle<Received>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            write.write_all(b"220 test.local ESMTP\r\n").await.unwrap();
            let mut received = Received {
                rcpt: Vec::new(),
                data: String::new(),
            };
            while let Some(line) = lines.next_line().await.unwrap() {
                let command = line.to_ascii_uppercase();
                let reply: &str = if command.starts_with("EHLO") || command.starts_with("HELO") {
                    "250-test.local\r\n250 8BITMIME\r\n"
                } else if command.starts_with("MAIL FROM") {
                    "250 ok\r\n"
                } else if command.starts_with("RCPT TO") {
                    received.rcpt.push(line.clone());
                    rcpt_reply
                } else if command == "DATA" {
                    write.write_all(b"354 go ahead\r\n").await.unwrap();
                    while let Some(data_line) = lines.next_line().await.unwrap() {
                        if data_line == "." {
                            break;
                        }
                        received.data.push_str(&data_line);
                        received.data.push_str("\r\n");
                    }
                    "250 queued\r\n"
                } else if command == "QUIT" {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                } else if command == "RSET" || command == "NOOP" {
                    "250 ok\r\n"
                } else {
                    "502 unknown\r\n"
                };
                write.write_all(reply.as_bytes()).await.unwrap();
            }
            received
        });
        (port, task)
    }

    #[tokio::test]
    async fn sends_through_smtp() {
        let (port, server) = smtp_server("250 ok\r\n").await;
        let mailer = Mailer::from_url(
            &format!("smtp://127.0.0.1:{port}"),
            "Acme Support <support@acme.example>",
        )
        .unwrap();
        let reply_to = addr(22);
        let mail = OutgoingMail {
            to: "jane@example.org",
            to_name: Some("Jane Doe"),
            reply_to: &reply_to,
            subject: "Re: My order — update",
            text: "Hello Jane,\n\nyour parcel left our warehouse today.\n\nAcme",
            in_reply_to: Some("CAF=abc123@mail.gmail.com"),
        };
        tokio::time::timeout(Duration::from_secs(20), mailer.send(&mail))
            .await
            .expect("send timed out")
            .unwrap();
        let received = tokio::time::timeout(Duration::from_secs(20), server)
            .await
            .expect("server timed out")
            .unwrap();

        assert_eq!(received.rcpt.len(), 1);
        assert!(
            received.rcpt[0].contains("<jane@example.org>"),
            "{:?}",
            received.rcpt
        );

        let parsed = MessageParser::default()
            .parse(received.data.as_bytes())
            .unwrap();
        let to = parsed.to().and_then(|a| a.first()).unwrap();
        assert_eq!(to.address(), Some("jane@example.org"));
        assert_eq!(to.name(), Some("Jane Doe"));
        let from = parsed.from().and_then(|a| a.first()).unwrap();
        assert_eq!(from.address(), Some("support@acme.example"));
        let reply = parsed.reply_to().and_then(|a| a.first()).unwrap();
        assert_eq!(reply.address(), Some(reply_to.as_str()));
        assert_eq!(parsed.subject(), Some("Re: My order — update"));
        assert_eq!(
            parsed
                .body_text(0)
                .unwrap()
                .replace("\r\n", "\n")
                .trim_end(),
            mail.text
        );
        let own_id = parsed.message_id().unwrap();
        assert!(own_id.ends_with("@acme.example"), "{own_id}");
        assert_eq!(
            parsed.in_reply_to().as_text(),
            Some("CAF=abc123@mail.gmail.com")
        );
        assert_eq!(
            parsed.references().as_text(),
            Some("CAF=abc123@mail.gmail.com")
        );
        let content_type = parsed.content_type().unwrap();
        assert_eq!(content_type.ctype(), "text");
        assert_eq!(content_type.subtype(), Some("plain"));
        assert_eq!(content_type.attribute("charset"), Some("utf-8"));

        // The customer's reply to this mail comes back to conversation 22.
        assert_eq!(
            conversation_from_address(SECRET, reply.address().unwrap()),
            Some(22)
        );
    }

    #[tokio::test]
    async fn refused_recipient_is_rejected_and_busy_server_is_retried() {
        let (port, server) = smtp_server("550 5.1.1 no such user\r\n").await;
        let mailer =
            Mailer::from_url(&format!("smtp://127.0.0.1:{port}"), "support@acme.example").unwrap();
        let reply_to = addr(1);
        let mail = OutgoingMail {
            to: "nobody@example.org",
            to_name: None,
            reply_to: &reply_to,
            subject: "s",
            text: "t",
            in_reply_to: None,
        };
        let err = tokio::time::timeout(Duration::from_secs(20), mailer.send(&mail))
            .await
            .expect("send timed out")
            .unwrap_err();
        assert!(matches!(err, MailError::Rejected(_)), "{err}");
        assert!(err.is_permanent());
        server.abort();

        let (port, server) = smtp_server("451 4.3.0 try later\r\n").await;
        let mailer =
            Mailer::from_url(&format!("smtp://127.0.0.1:{port}"), "support@acme.example").unwrap();
        let err = tokio::time::timeout(Duration::from_secs(20), mailer.send(&mail))
            .await
            .expect("send timed out")
            .unwrap_err();
        assert!(matches!(err, MailError::Unreachable(_)), "{err}");
        assert!(!err.is_permanent());
        server.abort();

        // Nobody listening.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let mailer =
            Mailer::from_url(&format!("smtp://127.0.0.1:{port}"), "support@acme.example").unwrap();
        let err = mailer.send(&mail).await.unwrap_err();
        assert!(matches!(err, MailError::Unreachable(_)), "{err}");
    }
}
