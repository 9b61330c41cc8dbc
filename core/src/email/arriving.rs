//! Mail arriving at a mailbox: what it says, who it is from and to, which
//! thread it answers, and its HTML made safe to show.
//!
//! - [`read`] reads a raw mail once into an [`ArrivingMail`];
//! - [`clean_html`] keeps only HTML that can neither run nor load anything
//!   (the pane shows it in a sandboxed frame besides);
//! - [`subject_number`] finds the `[#22]` a subject carries.

use super::{mail_file, open_mail, split_quote, InboundError, MailFile};
use mail_parser::PartType;
use sha2::{Digest, Sha256};

/// The longest HTML kept of a mail (bytes, after cleaning); a longer one is
/// shown by its text alone.
const MAX_HTML_BYTES: usize = 1024 * 1024;

/// Addresses kept for reply-all, at most.
const MAX_COPIED: usize = 20;

/// A mail as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArrivingMail {
    /// Its Message-ID without angle brackets, or a digest of the raw mail
    /// when it has none.
    pub message_id: String,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub subject: Option<String>,
    /// Every address it was sent to (To, Cc, and the delivery headers), in
    /// lower case.
    pub recipients: Vec<String>,
    /// Who else its sender addressed (To and Cc, without the sender), in
    /// lower case: the copies of a reply-all.
    pub copied: Vec<String>,
    /// The Message-IDs it answers, oldest first (`References`, then
    /// `In-Reply-To`).
    pub answers: Vec<String>,
    /// The sender's own text, the quote cut off.
    pub text: String,
    /// The quote that was cut.
    pub quoted: Option<String>,
    /// Its HTML, cleaned ([`clean_html`]), when it came with some.
    pub html: Option<String>,
    pub files: Vec<MailFile>,
}

/// Reads a raw mail (RFC 5322). An automatic reply or a bounce is an error
/// saying what it is (a bounce names the reply of ours it returns, found by
/// its Message-ID signed with `secret`).
pub fn read(raw: &[u8], secret: &str) -> Result<ArrivingMail, InboundError> {
    let message = open_mail(raw, secret)?;

    let body = message.body_text(0).unwrap_or_default();
    let (text, quoted) = split_quote(&body);
    let html = message
        .html_part(0)
        .filter(|part| matches!(part.body, PartType::Html(_)))
        .and_then(|_| message.body_html(0))
        .map(|html| clean_html(&html))
        .filter(|html| html.len() <= MAX_HTML_BYTES && !html.trim().is_empty());
    let files: Vec<MailFile> = message.attachments().map(mail_file).collect();
    if text.is_empty() && files.is_empty() && quoted.is_none() {
        return Err(InboundError::Empty);
    }

    let message_id = message
        .message_id()
        .map(bare_id)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| hex::encode(Sha256::digest(raw)));
    let from = message.from().and_then(|from| from.first());
    let non_empty = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let from_address = non_empty(from.and_then(|a| a.address())).map(|a| a.to_lowercase());

    let addresses = |address: Option<&mail_parser::Address<'_>>| -> Vec<String> {
        address
            .map(|list| {
                list.iter()
                    .filter_map(|a| a.address())
                    .map(|a| a.trim().to_lowercase())
                    .filter(|a| a.contains('@'))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut copied = addresses(message.to());
    copied.extend(addresses(message.cc()));
    let mut recipients: Vec<String> = super::recipients(&message)
        .iter()
        .map(|a| a.trim().to_lowercase())
        .collect();
    dedupe(&mut recipients);
    copied.retain(|a| Some(a) != from_address.as_ref());
    dedupe(&mut copied);
    copied.truncate(MAX_COPIED);

    let mut answers: Vec<String> = Vec::new();
    for value in [message.references(), message.in_reply_to()] {
        if let Some(ids) = value.as_text_list() {
            answers.extend(ids.iter().map(|id| bare_id(id)).filter(|id| !id.is_empty()));
        }
    }
    dedupe(&mut answers);

    Ok(ArrivingMail {
        message_id,
        from_address,
        from_name: non_empty(from.and_then(|a| a.name())),
        subject: non_empty(message.subject()),
        recipients,
        copied,
        answers,
        text,
        quoted,
        html,
        files,
    })
}

/// A Message-ID without its angle brackets.
fn bare_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_owned()
}

/// Keeps the first of each value (case aside), in order.
fn dedupe(values: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    values.retain(|v| seen.insert(v.to_lowercase()));
}

/// A mail's HTML with nothing that could run, restyle the page around it
/// or reach out by itself: no scripts, styles, frames, forms or event
/// attributes (ammonia's safe list); links open apart, without the inbox
/// as their referrer. Pictures stay as they are: the frame they are shown
/// in loads none from another host until the agent asks.
pub fn clean_html(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .set_tag_attribute_value("a", "target", "_blank")
        .url_relative(ammonia::UrlRelative::Deny)
        .clean(html)
        .to_string()
}

/// The conversation number a subject names with `[#22]`, if any.
pub fn subject_number(subject: &str) -> Option<i64> {
    subject.match_indices("[#").find_map(|(at, _)| {
        let rest = &subject[at + 2..];
        let end = rest.find(']')?;
        let digits = &rest[..end];
        (!digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    })
}

/// A subject as a reply's: `Re: …` once, and `[#22]` once.
pub fn reply_subject(subject: Option<&str>, fallback: &str, number: i64) -> String {
    let subject = subject
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(fallback);
    let lower = subject.to_ascii_lowercase();
    let mut out = if lower.starts_with("re:") || lower.starts_with("aw:") {
        subject.to_owned()
    } else {
        format!("Re: {subject}")
    };
    if subject_number(subject) != Some(number) {
        out.push_str(&format!(" [#{number}]"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cret";

    #[test]
    fn a_mail_is_read_with_its_thread_copies_and_quote() {
        let raw = b"From: Pat Smith <Pat@Example.org>\r\n\
To: support@acme.example, Lee <lee@example.org>\r\n\
Cc: pat@example.org, boss@example.org\r\n\
Subject: Printer on fire [#7]\r\n\
Message-ID: <abc@example.org>\r\n\
In-Reply-To: <two@acme.example>\r\n\
References: <one@acme.example> <two@acme.example>\r\n\
\r\n\
It is still burning.\r\n\
\r\n\
On Mon, 3 Jun 2024 at 10:00, Support <support@acme.example> wrote:\r\n\
> Have you tried turning it off?\r\n";
        let mail = read(raw, SECRET).unwrap();
        assert_eq!(mail.message_id, "abc@example.org");
        assert_eq!(mail.from_address.as_deref(), Some("pat@example.org"));
        assert_eq!(mail.subject.as_deref(), Some("Printer on fire [#7]"));
        assert_eq!(
            mail.copied,
            [
                "support@acme.example",
                "lee@example.org",
                "boss@example.org"
            ]
        );
        assert_eq!(mail.answers, ["one@acme.example", "two@acme.example"]);
        assert_eq!(mail.text, "It is still burning.");
        assert!(mail.quoted.unwrap().contains("turning it off"));
        assert_eq!(mail.html, None);
    }

    #[test]
    fn html_keeps_no_script_style_or_handler() {
        let corpus = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body{display:none}</style>",
            "<p style=\"position:fixed;top:0\">x</p>",
            "<form action=\"https://evil.example\"><input name=a></form>",
            "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "<link rel=stylesheet href=\"https://evil.example/a.css\">",
            "<base href=\"https://evil.example/\">",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        ];
        for html in corpus {
            let clean = clean_html(html).to_lowercase();
            for banned in [
                "<script",
                "onerror",
                "javascript:",
                "<iframe",
                "<style",
                "style=",
                "<form",
                "<object",
                "<embed",
                "<meta",
                "<link",
                "<base",
                "data:text",
            ] {
                assert!(!clean.contains(banned), "{html} gave {clean}");
            }
        }
        assert_eq!(
            clean_html("<p>Hello <b>there</b></p>"),
            "<p>Hello <b>there</b></p>"
        );
    }

    #[test]
    fn subjects_name_their_conversation() {
        assert_eq!(subject_number("Re: your message [#22]"), Some(22));
        assert_eq!(subject_number("[#x] [#5]"), Some(5));
        assert_eq!(subject_number("#22"), None);
        assert_eq!(subject_number("[#]"), None);
        assert_eq!(
            reply_subject(Some("Printer on fire"), "x", 7),
            "Re: Printer on fire [#7]"
        );
        assert_eq!(
            reply_subject(Some("RE: Printer on fire [#7]"), "x", 7),
            "RE: Printer on fire [#7]"
        );
        assert_eq!(
            reply_subject(None, "your message", 3),
            "Re: your message [#3]"
        );
    }
}
