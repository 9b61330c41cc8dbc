//! Unit tests of `email.rs`.

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
        format!("+22.{sig}@{domain}"),
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
    // A mailbox's plus address.
    assert_eq!(
        conversation_from_address(SECRET, &a.replacen("reply+", "support+", 1)),
        Some(22)
    );
    assert_eq!(
        mailbox_reply_address(SECRET, "support@inbox.example.com", 22),
        a.replacen("reply+", "support+", 1)
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
            files: Vec::new(),
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
        strip_quote("> question 1\nAnswer 1   \n\n\n\n> question 2\n>> older\nAnswer 2\n\n  \n"),
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
        format!("From: a@b.org\r\nTo: undisclosed-recipients:;\r\nDelivered-To: {to}\r\n{body}"),
        format!("From: a@b.org\r\nTo: x@y.org\r\nX-Original-To: {to}\r\n{body}"),
        format!("From: a@b.org\r\nTo: x@y.org\r\nEnvelope-To: {to}\r\n{body}"),
        format!("From: a@b.org\r\nTo: Team: x@y.org, {to};\r\n{body}"),
    ];
    for raw in cases {
        let mail = parse_inbound(raw.as_bytes(), SECRET).unwrap_or_else(|e| panic!("{e}: {raw}"));
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
        message_id: None,
        files: &[],
        ..Default::default()
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
        message_id: None,
        files: &[],
        ..Default::default()
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
        message_id: None,
        files: &[],
        ..Default::default()
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

fn with_files(to: &str, text: &str) -> String {
    let pdf = "JVBERi0xLjQK".repeat(20_000);
    format!(
        "Message-ID: <files@mail.example.org>\r\n\
         From: Jane Doe <jane@example.org>\r\n\
         To: <{to}>\r\n\
         Subject: Re: invoice\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
         \r\n\
         --b1\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         {text}\r\n\
         --b1\r\n\
         Content-Type: application/pdf; name=\"invoice\u{7}.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"invoice\u{7}.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\
         \r\n\
         {pdf}\r\n\
         --b1\r\n\
         Content-Type: image/png\r\n\
         Content-Disposition: inline\r\n\
         Content-ID: <shot@mail>\r\n\
         Content-Transfer-Encoding: base64\r\n\
         \r\n\
         iVBORw0KGgo=\r\n\
         --b1--\r\n"
    )
}

#[test]
fn attachments_come_with_the_mail() {
    let mail = parse_inbound(
        with_files(&addr(9), "Here is the invoice.").as_bytes(),
        SECRET,
    )
    .unwrap();
    assert_eq!(mail.text, "Here is the invoice.");
    // As they came: their names are made safe where they are kept.
    let names: Vec<&str> = mail.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["invoice\u{7}.pdf", "a file without a name"]);
    assert_eq!(crate::attachments::clean_name(names[0]), "invoice.pdf");
    assert_eq!(mail.files[0].bytes.len(), 180_000);
    // A mail with nothing but a file still arrives.
    let only = parse_inbound(with_files(&addr(9), "").as_bytes(), SECRET).unwrap();
    assert_eq!(only.text, "");
    assert_eq!(only.files.len(), 2);
    // Files not kept are named, with why.
    let line = not_kept(&[(&mail.files[1], "files of this type cannot be sent".into())]);
    assert_eq!(
        line.as_deref(),
        Some("(This mail came with files that were not kept: a file without a name, 8 B, files of this type cannot be sent.)")
    );
}

#[test]
fn automatic_replies_and_bounces_are_left_out() {
    let reply = gmail_reply(&addr(3));
    let with = |header: &str| format!("{header}\r\n{reply}");
    for (raw, what) in [
        (
            with("Auto-Submitted: auto-replied"),
            "an automatic reply (Auto-Submitted: auto-replied)",
        ),
        (
            with("Precedence: bulk"),
            "an automatic reply (Precedence: bulk)",
        ),
        (with("X-Autoreply: yes"), "an automatic reply (X-Autoreply)"),
        (
            reply.replace(
                "Subject: Re: My order has not arrived",
                "Subject: Out of Office: back Monday",
            ),
            "an automatic reply (its subject: Out of Office: back Monday)",
        ),
        (
            reply.replace(
                "From: Jane Doe <jane@example.org>",
                "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>",
            ),
            "a bounce (from mailer-daemon@mx.example.org)",
        ),
        (
            reply.replace(
                "Content-Type: text/plain; charset=\"UTF-8\"",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=x",
            ),
            "a bounce (a delivery status report)",
        ),
    ] {
        match parse_inbound(raw.as_bytes(), SECRET) {
            Err(InboundError::Automatic(found)) => assert_eq!(found, what),
            // Neither bounce names a reply of ours.
            Err(InboundError::Bounced {
                what: found, reply, ..
            }) => {
                assert_eq!((found.as_str(), reply), (what, None))
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    // A person's mail that says "no" is a person's.
    assert!(parse_inbound(with("Auto-Submitted: no").as_bytes(), SECRET).is_ok());
}

#[test]
fn a_bounce_names_the_reply_it_returns_and_why() {
    let local = reply_message_id(SECRET, 42);
    assert!(local.starts_with("switchboard.42."), "{local}");
    let bounce = format!(
        "From: MAILER-DAEMON@mx.example.org\r\nSubject: Undelivered\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
         --b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.2.2\r\n\
         Diagnostic-Code: smtp; 552 5.2.2 mailbox full\r\n\
         --b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <{local}@acme.test>\r\n--b--\r\n"
    );
    match parse_inbound(bounce.as_bytes(), SECRET) {
        Err(InboundError::Bounced { reply, reason, .. }) => {
            assert_eq!(reply, Some(42));
            assert_eq!(reason, "552 5.2.2 mailbox full");
        }
        other => panic!("{other:?}"),
    }
    // Signed under another secret, or altered: not ours.
    assert_eq!(bounced_reply(bounce.as_bytes(), "another secret"), None);
    let altered = bounce.replace("switchboard.42.", "switchboard.43.");
    assert_eq!(bounced_reply(altered.as_bytes(), SECRET), None);
    // Without a diagnostic, the status says it.
    assert_eq!(bounce_reason(b"Status: 5.1.1\r\n"), "delivery status 5.1.1");
    assert_eq!(
        bounce_reason(b"Subject: x\r\n"),
        "the receiving mail server gave no reason"
    );
}

#[test]
fn a_rating_link_rates_its_own_conversation_alone() {
    let link = rating_link("https://support.example/", "s3cret", 22, 4);
    let token = link.rsplit_once("t=").unwrap().1;
    assert!(
        link.starts_with("https://support.example/rate/22?score=4&t="),
        "{link}"
    );
    assert!(rating_token_valid("s3cret", 22, token));
    assert!(!rating_token_valid("s3cret", 23, token));
    assert!(!rating_token_valid("another", 22, token));
    assert!(!rating_token_valid("s3cret", 22, &token[1..]));
    assert!(!rating_token_valid("s3cret", 22, "zz"));
    // Not the reply address's signature either.
    assert_ne!(
        token,
        reply_address("s3cret", "x", 22)
            .split(['.', '@'])
            .nth(1)
            .unwrap()
    );
}
