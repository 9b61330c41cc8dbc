//! The e-mail channel over HTTP, on both databases: mailboxes set up by
//! admins, mail posted with a mailbox's secret or taken from a real IMAP
//! server (Dovecot, started by the test), threads, copies, loops and
//! bounces, HTML made safe, replies and acknowledgements through a real
//! SMTP server.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;
use switchboard_core::testing::Dovecot;
use switchboard_core::types::Role;

fn mail(
    from: &str,
    to: &str,
    subject: &str,
    message_id: &str,
    headers: &str,
    body: &str,
) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n\
         Date: Sat, 5 Dec 2026 10:00:00 +0000\r\n{headers}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

async fn post_mail(server: &Server, secret: Option<&str>, raw: &str) -> (u16, Value) {
    let mut request = server
        .http
        .post(server.url("/api/v1/inbound/email"))
        .header("Content-Type", "message/rfc822")
        .body(raw.to_string());
    if let Some(secret) = secret {
        request = request.header("Authorization", format!("Bearer {secret}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn get(server: &Server, cookie: &str, path: &str) -> Value {
    let response = server
        .http
        .get(server.url(path))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// A mailbox `support@acme.test` in a queue of its own, its mail posted by
/// a mail server: (the admin's cookie, the queue's id, the mailbox).
async fn forwarded_mailbox(server: &Server, acknowledge: bool) -> (String, i64, Value) {
    let admin = server.account("Ada", Role::Admin).await;
    let (status, queue) = server
        .agent_post(&admin, "/api/v1/queues", json!({ "name": "Support" }))
        .await;
    assert_eq!(status, 201, "{queue}");
    let queue_id = queue["id"].as_i64().unwrap();
    let (status, mailbox) = server
        .agent_post(
            &admin,
            "/api/v1/mailboxes",
            json!({ "address": "Support@Acme.test", "name": "Acme Support", "queue_id": queue_id,
                    "signature": "Acme, {agent}", "acknowledge": acknowledge }),
        )
        .await;
    assert_eq!(status, 201, "{mailbox}");
    assert_eq!(mailbox["address"], "support@acme.test");
    assert_eq!(mailbox["inbound"], "forward");
    (admin, queue_id, mailbox)
}

async fn received(smtp: &SmtpSink, count: usize) -> Vec<String> {
    for _ in 0..50 {
        let mails = smtp.received();
        if mails.len() >= count {
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    smtp.received()
}

on_both! {
    mail_to_a_mailbox_opens_a_conversation_and_its_thread_joins_it(server) {
        let (admin, queue_id, mailbox) = forwarded_mailbox(&server, false).await;
        let secret = mailbox["forward_secret"].as_str().unwrap().to_string();

        // Nobody else may post as the mailbox.
        let first = mail("Pat Smith <pat@example.org>", "support@acme.test", "Printer on fire",
            "first@example.org", "Cc: Lee <lee@example.org>, support@acme.test\r\n", "It is on fire.");
        let (status, refused) = post_mail(&server, Some("mbsec_wrong"), &first).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (403, Some("forbidden")), "{refused}");
        let (status, refused) = post_mail(&server, None, &first).await;
        assert_eq!(status, 403, "{refused}");

        // A new mail opens a conversation in Pending, in the mailbox's queue,
        // for a customer found by the address (here: new, named by the mail).
        let (status, sent) = post_mail(&server, Some(&secret), &first).await;
        assert_eq!(status, 201, "{sent}");
        let number = sent["message"]["conversation_number"].as_i64().unwrap();
        let conversation = get(&server, &admin, &format!("/api/v1/conversations/{number}")).await;
        assert_eq!(conversation["status"], "pending");
        assert_eq!(conversation["queue"]["id"], queue_id);
        assert_eq!(conversation["subject"], "Printer on fire");
        assert_eq!(conversation["by_email"], true);
        assert_eq!(conversation["contact"]["name"], "Pat Smith");
        assert_eq!(conversation["contact"]["email"], "pat@example.org");
        assert_eq!(conversation["copied"], json!(["lee@example.org"]), "the copies are kept, without the mailbox itself");

        // The same mail again is stored once.
        let (status, again) = post_mail(&server, Some(&secret), &first).await;
        assert_eq!((status, &again["message"]["id"]), (201, &sent["message"]["id"]));

        // An answer in the thread (In-Reply-To her first mail) joins it.
        let answer = mail("pat@example.org", "support@acme.test", "Re: Printer on fire",
            "second@example.org", "In-Reply-To: <first@example.org>\r\nReferences: <first@example.org>\r\n", "Still burning.");
        let (status, sent) = post_mail(&server, Some(&secret), &answer).await;
        assert_eq!((status, sent["message"]["conversation_number"].as_i64()), (201, Some(number)), "{sent}");

        // `[#N]` in the subject from her joins it too; from a stranger it
        // opens a conversation of their own.
        let tagged = mail("pat@example.org", "support@acme.test", &format!("More about [#{number}]"),
            "third@example.org", "", "And smoke.");
        let (_, sent) = post_mail(&server, Some(&secret), &tagged).await;
        assert_eq!(sent["message"]["conversation_number"].as_i64(), Some(number));
        let stranger = mail("mallory@example.net", "support@acme.test", &format!("Re: [#{number}]"),
            "stranger@example.net", "", "Let me in.");
        let (status, sent) = post_mail(&server, Some(&secret), &stranger).await;
        assert_eq!(status, 201);
        assert_ne!(sent["message"]["conversation_number"].as_i64(), Some(number));

        // Automatic replies and our own mail coming back are left out.
        let away = mail("pat@example.org", "support@acme.test", "Out of office", "away@example.org",
            "Auto-Submitted: auto-replied\r\n", "I am away.");
        let (status, ignored) = post_mail(&server, Some(&secret), &away).await;
        assert_eq!(status, 202, "{ignored}");
        let ours = mail("support@acme.test", "support@acme.test", "Loop", "loop@acme.test", "", "Echo.");
        let (status, ignored) = post_mail(&server, Some(&secret), &ours).await;
        assert_eq!(status, 202, "{ignored}");
        assert!(ignored["ignored"].as_str().unwrap().contains("mailbox of ours"), "{ignored}");
        assert_eq!(count(&server, "SELECT COUNT(*) FROM conversations").await, 2);
        assert_eq!(count(&server, &format!("SELECT COUNT(*) FROM messages WHERE conversation_number = {number}")).await, 3);
    }

    replies_leave_threaded_with_copies_and_a_bounce_marks_them_failed(server) {
        let smtp = SmtpSink::start().await;
        let route = smtp.route();
        let (admin, _, mailbox) = forwarded_mailbox(&server, true).await;
        let secret = mailbox["forward_secret"].as_str().unwrap().to_string();
        let first = mail("Pat Smith <pat@example.org>", "support@acme.test", "Printer on fire",
            "first@example.org", "Cc: lee@example.org\r\n", "It is on fire.");
        let (_, sent) = post_mail(&server, Some(&secret), &first).await;
        let number = sent["message"]["conversation_number"].as_i64().unwrap();

        // The acknowledgement goes out once, saying it is automatic.
        assert_eq!(server.switchboard.send_due_acknowledgements(Some(&route)).await.unwrap(), 1);
        assert_eq!(server.switchboard.send_due_acknowledgements(Some(&route)).await.unwrap(), 0);
        let mails = received(&smtp, 1).await;
        let ack = &mails[0];
        assert_eq!(header(ack, "Auto-Submitted").as_deref(), Some("auto-replied"), "{ack}");
        assert!(ack.contains(&format!("#{number}")), "{ack}");
        assert_eq!(header(ack, "In-Reply-To").as_deref(), Some("<first@example.org>"), "{ack}");

        // The agent's reply: from the mailbox, to her with Lee copied,
        // threaded, the subject kept, the mailbox's signature under it.
        server.agent_post(&admin, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;
        let (status, reply) = server.agent_post(&admin, &format!("/api/v1/conversations/{number}/messages"),
            json!({ "client_id": uuid::Uuid::new_v4(), "body": "Unplug it, please." })).await;
        assert_eq!(status, 201, "{reply}");
        assert_eq!(server.switchboard.send_due_mail(Some(&route)).await.unwrap(), 1);
        let mails = received(&smtp, 2).await;
        let out = mails.iter().find(|m| m.contains("Unplug it")).unwrap();
        assert!(header(out, "From").unwrap().contains("support@acme.test"), "{out}");
        assert!(header(out, "To").unwrap().contains("pat@example.org"), "{out}");
        assert!(header(out, "Cc").unwrap().contains("lee@example.org"), "{out}");
        assert_eq!(header(out, "Subject").unwrap(), format!("Re: Printer on fire [#{number}]"));
        assert_eq!(header(out, "In-Reply-To").as_deref(), Some("<first@example.org>"), "{out}");
        assert!(header(out, "References").unwrap().contains("<first@example.org>"), "{out}");
        assert!(out.contains("Acme, Ada"), "{out}");
        let reply_to = header(out, "Reply-To").unwrap();
        assert!(reply_to.contains(&format!("support+{number}.")), "{reply_to}");
        let message_id = header(out, "Message-ID").unwrap();

        // Her answer to the reply (only the signed Message-ID tells which)
        // joins the conversation.
        let answer = mail("pat@example.org", "support@acme.test", "Re: Printer on fire",
            "answer@example.org", &format!("In-Reply-To: {message_id}\r\n"), "Done.");
        let (_, sent) = post_mail(&server, Some(&secret), &answer).await;
        assert_eq!(sent["message"]["conversation_number"].as_i64(), Some(number));

        // A bounce of the reply marks it failed, with the reason.
        let bounce = format!(
            "From: MAILER-DAEMON@example.org\r\nTo: support@acme.test\r\nSubject: Undelivered Mail\r\n\
             Message-ID: <bounce@example.org>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n\
             Status: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n--b\r\nContent-Type: text/rfc822-headers\r\n\r\n\
             Message-ID: {message_id}\r\n--b--\r\n");
        let (status, ignored) = post_mail(&server, Some(&secret), &bounce).await;
        assert_eq!(status, 202, "{ignored}");
        let reply_id = reply["message"]["id"].as_i64().unwrap();
        assert_eq!(count(&server, &format!("SELECT COUNT(*) FROM messages WHERE id = {reply_id} AND status = 'failed'")).await, 1);
        assert_eq!(count(&server, "SELECT COUNT(*) FROM conversations").await, 1, "a bounce opens nothing");
    }

    html_mail_is_kept_safe_and_shown_apart(server) {
        let (admin, _, mailbox) = forwarded_mailbox(&server, false).await;
        let secret = mailbox["forward_secret"].as_str().unwrap().to_string();
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">click</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body{display:none}</style>",
            "<form action=\"https://evil.example\"><input></form>",
            "<svg onload=alert(1)></svg>",
            "<meta http-equiv=refresh content=\"0;url=https://evil.example\">",
            "<img src=\"https://tracker.example/pixel.gif\">",
        ];
        let raw = format!(
            "From: pat@example.org\r\nTo: support@acme.test\r\nSubject: Rich\r\nMessage-ID: <html@example.org>\r\n\
             Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello in plain.\r\n\
             --b\r\nContent-Type: text/html\r\n\r\n<p>Hello in <b>HTML</b>.</p>{}\r\n--b--\r\n", attacks.join(""));
        let (status, sent) = post_mail(&server, Some(&secret), &raw).await;
        assert_eq!(status, 201, "{sent}");
        let number = sent["message"]["conversation_number"].as_i64().unwrap();
        let id = sent["message"]["id"].as_i64().unwrap();
        let timeline = get(&server, &admin, &format!("/api/v1/conversations/{number}/timeline")).await;
        let message = timeline["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "message" && i["id"] == id)
            .cloned()
            .unwrap_or(Value::Null);
        assert_eq!(message["html"], true, "{timeline}");
        assert_eq!(message["body"], "Hello in plain.");

        let response = server.http.get(server.url(&format!("/api/v1/conversations/{number}/messages/{id}/html")))
            .header("Cookie", &admin).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(policy.contains("default-src 'none'") && policy.contains("sandbox") && !policy.contains("https:"), "{policy}");
        let page = response.text().await.unwrap().to_lowercase();
        assert!(page.contains("hello in <b>html</b>"), "{page}");
        for banned in ["<script", "onerror", "onload", "javascript:", "<iframe", "display:none", "<form", "<meta http-equiv"] {
            assert!(!page.contains(banned), "{banned} in {page}");
        }
        let with_images = server.http.get(server.url(&format!("/api/v1/conversations/{number}/messages/{id}/html?images=true")))
            .header("Cookie", &admin).send().await.unwrap();
        assert!(with_images.headers()["content-security-policy"].to_str().unwrap().contains("https:"));
        let stranger = server.http.get(server.url(&format!("/api/v1/conversations/{number}/messages/{id}/html")))
            .send().await.unwrap();
        assert_eq!(stranger.status(), 401);
    }
}

/// An IMAP mailbox on a real Dovecot: Test connection names a wrong
/// password; mail is taken once, flagged read, and never again, across a
/// restart, two nodes polling at once, and a renumbered folder.
async fn imap_mailbox_takes_each_mail_once(
    url: String,
    switchboard: switchboard_core::Switchboard,
) {
    let server = serve(switchboard).await;
    let dovecot = Dovecot::start().await;
    let admin = server.account("Ada", Role::Admin).await;

    // A wrong password: Test connection says the login failed.
    let (status, mailbox) = server
        .agent_post(
            &admin,
            "/api/v1/mailboxes",
            json!({
            "address": dovecot.user, "name": "Acme Support",
            "imap": { "host": "127.0.0.1", "port": dovecot.port, "security": "none",
                      "user": dovecot.user, "password": "wrong" } }),
        )
        .await;
    assert_eq!(status, 201, "{mailbox}");
    let id = mailbox["id"].as_i64().unwrap();
    let (status, check) = server
        .agent_post(&admin, &format!("/api/v1/mailboxes/{id}/check"), json!({}))
        .await;
    assert_eq!(status, 200, "{check}");
    assert_eq!(check["ok"], false);
    assert!(
        check["imap"]["message"].as_str().unwrap().contains("login"),
        "{check}"
    );
    let response = server
        .http
        .put(server.url(&format!("/api/v1/mailboxes/{id}")))
        .header("Cookie", &admin)
        .json(&json!({ "address": dovecot.user, "name": "Acme Support",
                "imap": { "host": "127.0.0.1", "port": dovecot.port, "security": "none",
                          "user": dovecot.user, "password": dovecot.password } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (_, check) = server
        .agent_post(&admin, &format!("/api/v1/mailboxes/{id}/check"), json!({}))
        .await;
    assert_eq!(check["imap"]["ok"], true, "{check}");

    for n in 1..=3 {
        dovecot
            .deliver(
                mail(
                    &format!("customer{n}@example.org"),
                    &dovecot.user,
                    &format!("Question {n}"),
                    &format!("q{n}@example.org"),
                    "",
                    &format!("Question number {n}."),
                )
                .as_bytes(),
            )
            .await;
    }
    assert_eq!(server.switchboard.take_mail().await.unwrap(), 3);
    assert_eq!(
        dovecot.seen("INBOX").await.len(),
        3,
        "taken mail is flagged read"
    );
    assert_eq!(
        server.switchboard.take_mail().await.unwrap(),
        0,
        "nothing is taken twice"
    );

    // A restart (a new Switchboard on the same database) goes on where
    // the last one stopped, and so do two nodes polling at once.
    dovecot
        .deliver(
            mail(
                "customer4@example.org",
                &dovecot.user,
                "Question 4",
                "q4@example.org",
                "",
                "Four.",
            )
            .as_bytes(),
        )
        .await;
    dovecot
        .deliver(
            mail(
                "customer5@example.org",
                &dovecot.user,
                "Question 5",
                "q5@example.org",
                "",
                "Five.",
            )
            .as_bytes(),
        )
        .await;
    let other = switchboard_core::Switchboard::open(&url).await.unwrap();
    let (a, b) = tokio::join!(server.switchboard.take_mail(), other.take_mail());
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    // The folder renumbered (a new UIDVALIDITY): read from the start,
    // nothing stored twice.
    execute(
        &server,
        &format!(
            "UPDATE mailboxes SET uid_validity = 1, last_uid = 0, poll_until = 0 WHERE id = {id}"
        ),
    )
    .await;
    server.switchboard.take_mail().await.unwrap();
    assert_eq!(
        count(&server, "SELECT COUNT(*) FROM conversations").await,
        5
    );
    assert_eq!(count(&server, "SELECT COUNT(*) FROM messages").await, 5);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM conversations WHERE subject = 'Question 4' AND channel = 'email' AND status = 'pending'").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_imap_mailbox_takes_each_mail_once_on_sqlite() {
    let path = std::env::temp_dir().join(format!("switchboard-imap-{}.db", uuid::Uuid::new_v4()));
    let url = format!("sqlite://{}", path.display());
    let switchboard = switchboard_core::Switchboard::open(&url).await.unwrap();
    imap_mailbox_takes_each_mail_once(url, switchboard).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_imap_mailbox_takes_each_mail_once_on_postgres() {
    let (url, switchboard) = postgres_with_url().await;
    imap_mailbox_takes_each_mail_once(url, switchboard).await;
}
