//! The widget's doors over HTTP, on both databases: identity verification,
//! offline messages that become e-mail tickets (with a real SMTP server),
//! inbound e-mail through the signed reply address, working hours and
//! agents online, rate limits.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;
use switchboard_core::auth::identity_hash;
use switchboard_core::email::Mailer;
use switchboard_core::types::Role;
use switchboard_core::MailRoute;

async fn widget_settings(server: &Server, admin: &str) -> Value {
    let response = server
        .http
        .get(server.url("/api/v1/settings/widget"))
        .header("Cookie", admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn start_session(server: &Server, body: Value) -> (u16, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/widget/sessions"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn customer_messages(server: &Server, token: &str) -> Vec<String> {
    let response = server
        .http
        .get(server.url("/api/v1/widget/messages?after_seq=0"))
        .header("X-Contact-Token", token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap().to_string())
        .collect()
}

async fn config(server: &Server) -> Value {
    let key = server.switchboard.widget_key().await.unwrap();
    let response = server
        .http
        .get(server.url(&format!("/api/v1/widget/config?key={key}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn reply_mail(to: &str, from: &str, message_id: &str, text: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: your message\r\nMessage-ID: <{message_id}>\r\n\
         Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         {text}\r\n\r\nOn Thu, 26 Nov 2026 at 09:00, Acme Support <support@acme.test> wrote:\r\n\
         > the agent's earlier answer\r\n"
    )
}

async fn inbound(server: &Server, raw: &str) -> (u16, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/inbound/email"))
        .header("Content-Type", "message/rfc822")
        .body(raw.to_string())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

on_both! {
    a_verified_identifier_moves_with_a_merge_and_two_accounts_stay_two(server) {
        let admin = server.account("Ada", Role::Admin).await;
        let settings = widget_settings(&server, &admin).await;
        let secret = settings["identity_secret"].as_str().unwrap().to_string();
        let key = settings["widget_key"].as_str().unwrap().to_string();
        let signed = |id: &str| json!({
            "widget_key": key, "name": "Grace", "identifier": id,
            "identifier_hash": identity_hash(&secret, id),
        });
        let (_, grace) = start_session(&server, signed("customer-42")).await;
        let (_, other_account) = start_session(&server, signed("customer-43")).await;
        let (_, anonymous) = start_session(&server, json!({ "widget_key": key })).await;
        let id = |session: &Value| session["contact"]["id"].as_i64().unwrap();

        let (status, refused) = server.agent_post(&admin, &format!("/api/v1/contacts/{}/merge", id(&grace)), json!({ "into": id(&other_account) })).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (409, Some("conflict")), "two accounts: {refused}");
        assert!(refused["error"]["message"].as_str().unwrap().contains("customer-42"), "{refused}");

        // Grace's signed record merged into the anonymous one: the record
        // kept is hers now, and her next signed session lands on it.
        let (status, kept) = server.agent_post(&admin, &format!("/api/v1/contacts/{}/merge", id(&grace)), json!({ "into": id(&anonymous) })).await;
        assert_eq!((status, kept["contact"]["name"].as_str()), (200, Some("Grace")), "{kept}");
        let (status, again) = start_session(&server, signed("customer-42")).await;
        assert_eq!((status, id(&again)), (201, id(&anonymous)), "{again}");
        // And it stays verified: an unsigned claim of it is refused.
        let (status, _) = start_session(&server, json!({ "widget_key": key, "identifier": "customer-42" })).await;
        assert_eq!(status, 403);
    }

    a_verified_customer_keeps_their_history_and_nobody_else_can_claim_it(server) {
        let admin = server.account("Ada", Role::Admin).await;
        let settings = widget_settings(&server, &admin).await;
        let secret = settings["identity_secret"].as_str().unwrap().to_string();
        let key = settings["widget_key"].as_str().unwrap().to_string();
        let (status, _) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({ "enforce_identity": true })).await;
        assert_eq!(status, 200);

        // The host site signs its customer's id: a session on one device…
        let signed = json!({
            "widget_key": key, "name": "Grace", "identifier": "customer-42",
            "identifier_hash": identity_hash(&secret, "customer-42"),
        });
        let (status, first) = start_session(&server, signed.clone()).await;
        assert_eq!(status, 201, "{first}");
        let first_token = first["contact_token"].as_str().unwrap();
        server.customer_says(first_token, "my order is late").await;

        // …and another device: the same customer, the same history.
        let (status, second) = start_session(&server, signed).await;
        assert_eq!(status, 201);
        assert_eq!(second["contact"]["id"], first["contact"]["id"]);
        let second_token = second["contact_token"].as_str().unwrap();
        assert_ne!(second_token, first_token);
        assert_eq!(customer_messages(&server, second_token).await, ["my order is late"]);

        // Unsigned or wrongly signed, the claim is refused.
        for forged in [
            json!({ "widget_key": key, "identifier": "customer-42" }),
            json!({ "widget_key": key, "identifier": "customer-42", "identifier_hash": identity_hash("guess", "customer-42") }),
            json!({ "widget_key": key, "identifier": "customer-42", "identifier_hash": identity_hash(&secret, "customer-43") }),
        ] {
            let (status, body) = start_session(&server, forged).await;
            assert_eq!(status, 403, "{body}");
            assert_eq!(body["error"]["code"], "forbidden");
        }
        // An anonymous visitor is welcome, and sees nothing of Grace's.
        let (status, anonymous) = start_session(&server, json!({ "widget_key": key })).await;
        assert_eq!(status, 201);
        assert_ne!(anonymous["contact"]["id"], first["contact"]["id"]);
        assert!(customer_messages(&server, anonymous["contact_token"].as_str().unwrap()).await.is_empty());

        // Agents cannot read or change the widget settings; admins only.
        let agent = server.agent("Ben").await;
        let (status, _) = server.agent_patch(&agent, "/api/v1/settings/widget", json!({ "enforce_identity": false })).await;
        assert_eq!(status, 403);
    }

    an_agent_writes_to_a_customer_first_by_email_and_the_answer_comes_back(server) {
        let smtp = SmtpSink::start().await;
        let ben = server.agent("Ben").await;
        let token = server.customer().await;
        let said = server.customer_says(&token, "Hello, about my refund").await;
        let earlier = said["conversation"]["number"].as_i64().unwrap();
        let contact_id = said["message"]["author"]["id"].as_i64().unwrap();
        let write = format!("/api/v1/contacts/{contact_id}/conversations");
        let first = |body: &str| json!({ "client_id": uuid::Uuid::new_v4(), "body": body });

        // No address yet, then an open conversation: refused, saying why.
        let (status, refused) = server.agent_post(&ben, &write, first("Your refund")).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (400, Some("invalid_input")), "{refused}");
        assert!(refused["error"]["message"].as_str().unwrap().contains("no e-mail address"), "{refused}");
        server.agent_patch(&ben, &format!("/api/v1/contacts/{contact_id}"), json!({ "email": "maria@example.net" })).await;
        let (status, refused) = server.agent_post(&ben, &write, first("Your refund")).await;
        assert_eq!(status, 409, "{refused}");
        assert!(refused["error"]["message"].as_str().unwrap().contains(&format!("#{earlier}")), "{refused}");
        server.agent_post(&ben, &format!("/api/v1/conversations/{earlier}/resolve"), json!({})).await;

        // Written: a new conversation in Ben's hands, its message sent once.
        let message = first("Your refund went out today.");
        let (status, sent) = server.agent_post(&ben, &write, message.clone()).await;
        assert_eq!(status, 201, "{sent}");
        let (status, again) = server.agent_post(&ben, &write, message).await;
        assert_eq!((status, &again["message"]["id"]), (201, &sent["message"]["id"]), "the same client_id sends once");
        let number = sent["conversation"]["number"].as_i64().unwrap();
        assert_ne!(number, earlier);
        assert_eq!(sent["conversation"]["status"], "working_on");
        assert_eq!(sent["conversation"]["assignee"]["name"], "Ben");

        let route = smtp.route();
        assert_eq!(server.switchboard.send_due_mail(Some(&route)).await.unwrap(), 1);
        let mut received = smtp.received();
        for _ in 0..50 {
            if !received.is_empty() { break; }
            tokio::time::sleep(Duration::from_millis(100)).await;
            received = smtp.received();
        }
        assert_eq!(received.len(), 1);
        let mail = &received[0];
        assert!(header(mail, "To").unwrap().contains("maria@example.net"), "{mail}");
        assert!(mail.contains("Your refund went out today."));
        let reply_to = header(mail, "Reply-To").unwrap();
        let reply_address = reply_to.trim_start_matches('<').trim_end_matches('>').to_string();

        // Her answer comes back into it.
        let answer = reply_mail(&reply_address, "Maria <maria@example.net>", "answer-7@mail.example.net", "Thank you, it arrived!");
        let (status, body) = inbound(&server, &answer).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["message"]["conversation_number"], number);

        // Ben writes again; that mail bounces. The bounce names the reply by
        // its Message-ID: the reply shows failed, with why, live.
        let (status, second) = server.agent_post(&ben, &format!("/api/v1/conversations/{number}/messages"),
            json!({ "client_id": uuid::Uuid::new_v4(), "body": "And your voucher." })).await;
        assert_eq!(status, 201, "{second}");
        assert_eq!(server.switchboard.send_due_mail(Some(&route)).await.unwrap(), 1);
        let mut received = smtp.received();
        for _ in 0..50 {
            if received.len() == 2 { break; }
            tokio::time::sleep(Duration::from_millis(100)).await;
            received = smtp.received();
        }
        let voucher = received.iter().find(|m| m.contains("And your voucher.")).unwrap();
        let message_id = header(voucher, "Message-ID").unwrap();
        assert!(message_id.starts_with("<switchboard."), "{message_id}");
        let mut socket = server.socket("/api/v1/ws", Some(&ben)).await;
        let bounce = format!(
            "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\nTo: support@acme.test\r\n\
             Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@mx.example.net>\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
             --b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n\
             Final-Recipient: rfc822; maria@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n\
             Diagnostic-Code: smtp; 550 5.1.1 <maria@example.net>: Recipient address rejected\r\n\
             --b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {message_id}\r\nSubject: Re: your message\r\n\
             --b--\r\n"
        );
        let (status, body) = inbound(&server, &bounce).await;
        assert_eq!(status, 202, "{body}");
        assert!(body["ignored"].as_str().unwrap().contains("marked failed"), "{body}");
        let failed = next_of(&mut socket, "message.failed").await;
        assert_eq!(failed["message_id"], second["message"]["id"]);
        assert!(failed["error"].as_str().unwrap().contains("Recipient address rejected"), "{failed}");
        let timeline: Value = server.http.get(server.url(&format!("/api/v1/conversations/{number}/timeline")))
            .header("Cookie", &ben).send().await.unwrap().json().await.unwrap();
        let shown = timeline["items"].as_array().unwrap().iter()
            .find(|i| i["kind"] == "message" && i["id"] == second["message"]["id"]).unwrap();
        assert_eq!(shown["status"], "failed", "{shown}");
        // The pane says why (the reason is for agents only).
        let failures = server.switchboard.store().failures(number).await.unwrap();
        let (_, why) = failures.iter().find(|(id, _)| Some(*id) == second["message"]["id"].as_i64()).unwrap();
        assert!(why.starts_with("The e-mail bounced: 550 5.1.1"), "{why}");
        // A bounce naming no reply of ours (or a forged one) changes nothing.
        let forged = bounce.replace(&message_id[14..30], "0000000000000000");
        let (status, body) = inbound(&server, &forged).await;
        assert_eq!(status, 202, "{body}");
        assert!(!body["ignored"].as_str().unwrap().contains("marked failed"), "{body}");
    }

    an_offline_message_becomes_a_ticket_answered_by_email(server) {
        let smtp = SmtpSink::start().await;
        let agent = server.agent("Ben").await;
        let token = server.customer().await;

        // Bad input: a clear error, nothing stored.
        let response = server.http.post(server.url("/api/v1/widget/offline"))
            .header("X-Contact-Token", &token)
            .json(&json!({ "client_id": uuid::Uuid::new_v4(), "email": "not an address", "body": "hello" }))
            .send().await.unwrap();
        assert_eq!(response.status(), 400);
        assert!(customer_messages(&server, &token).await.is_empty());

        let client_id = uuid::Uuid::new_v4();
        let offline = json!({ "client_id": client_id, "email": "maria@example.net", "name": "Maria Lopez", "body": "Do you ship to Iceland?" });
        let mut numbers = Vec::new();
        for _ in 0..2 {
            let response = server.http.post(server.url("/api/v1/widget/offline"))
                .header("X-Contact-Token", &token)
                .json(&offline)
                .send().await.unwrap();
            assert_eq!(response.status(), 201);
            let sent: Value = response.json().await.unwrap();
            numbers.push(sent["message"]["id"].as_i64().unwrap());
        }
        assert_eq!(numbers[0], numbers[1], "the same offline message twice is stored once");
        let listed: Value = server.http.get(server.url("/api/v1/conversations?view=all&tab=pending"))
            .header("Cookie", &agent).send().await.unwrap().json().await.unwrap();
        let ticket = &listed["conversations"][0];
        assert_eq!(ticket["contact"]["email"], "maria@example.net");
        assert_eq!(ticket["contact"]["name"], "Maria Lopez");
        let number = ticket["number"].as_i64().unwrap();

        let (status, _) = server.agent_post(&agent, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;
        assert_eq!(status, 200);
        let (status, _) = server.agent_post(&agent, &format!("/api/v1/conversations/{number}/messages"),
            json!({ "client_id": uuid::Uuid::new_v4(), "body": "Yes, we do: 5 days.", "private": false })).await;
        assert_eq!(status, 201);
        let (status, _) = server.agent_post(&agent, &format!("/api/v1/conversations/{number}/messages"),
            json!({ "client_id": uuid::Uuid::new_v4(), "body": "internal: check the courier", "private": true })).await;
        assert_eq!(status, 201);

        let route = smtp.route();
        assert_eq!(server.switchboard.send_due_mail(Some(&route)).await.unwrap(), 1);
        assert_eq!(server.switchboard.send_due_mail(Some(&route)).await.unwrap(), 0, "each reply is mailed once");
        let mut received = smtp.received();
        for _ in 0..50 {
            if !received.is_empty() { break; }
            tokio::time::sleep(Duration::from_millis(100)).await;
            received = smtp.received();
        }
        assert_eq!(received.len(), 1, "only the public reply goes out");
        let mail = &received[0];
        assert!(header(mail, "To").unwrap().contains("maria@example.net"), "{mail}");
        assert!(mail.contains("Yes, we do: 5 days."));
        assert!(!mail.contains("internal"));
        let reply_to = header(mail, "Reply-To").unwrap();
        assert!(reply_to.contains("@reply.acme.test"), "{reply_to}");
        let reply_address = reply_to.trim_start_matches('<').trim_end_matches('>').to_string();

        // The customer answers: appended through the signed address, once.
        let answer = reply_mail(&reply_address, "Maria <maria@example.net>", "answer-1@mail.example.net", "Great, ordering now!");
        let (status, body) = inbound(&server, &answer).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["message"]["conversation_number"], number);
        assert_eq!(body["message"]["body"], "Great, ordering now!");
        let (status, again) = inbound(&server, &answer).await;
        assert_eq!(status, 201);
        assert_eq!(again["message"]["id"], body["message"]["id"]);
        assert_eq!(
            customer_messages(&server, &token).await,
            ["Do you ship to Iceland?", "Yes, we do: 5 days.", "Great, ordering now!"]
        );

        // A forged address is refused, whatever the From header says.
        let forged_address = reply_address.replacen(&format!("reply+{number}."), &format!("reply+{}.", number + 1), 1);
        let (status, body) = inbound(&server, &reply_mail(&forged_address, "Maria <maria@example.net>", "forged@x", "hi")).await;
        assert_eq!(status, 403, "{body}");
        let (status, _) = inbound(&server, &reply_mail("support@acme.test", "Maria <maria@example.net>", "plain@x", "hi")).await;
        assert_eq!(status, 403);
        let (status, _) = inbound(&server, "this is not an e-mail").await;
        assert!(status == 400 || status == 403, "{status}");

        // A mail with files: a 3 MB receipt and an inline picture are kept
        // with the text; a program is named, with why, and not kept.
        let file = "QUJD".repeat(1_000_000);
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
        let with_file = format!(
            "From: Maria <maria@example.net>\r\nTo: {reply_address}\r\nSubject: Re: x\r\nMessage-ID: <file-1@mail.example.net>\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
             Content-Type: text/plain\r\n\r\nThe receipt is attached.\r\n--b\r\n\
             Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=receipt.pdf\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{file}\r\n--b\r\n\
             Content-Type: image/png\r\nContent-Disposition: inline; filename=shot.png\r\nContent-ID: <shot1@mail>\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{png}\r\n--b\r\n\
             Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=setup.exe\r\n\
             Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA//8AAA==\r\n--b--\r\n"
        );
        let (status, body) = inbound(&server, &with_file).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(
            body["message"]["body"],
            "The receipt is attached.\n\n(This mail came with files that were not kept: setup.exe, 16 B, \
             files of this type cannot be sent: send a picture, a document, an archive, sound, video or text.)"
        );
        let files = body["message"]["attachments"].as_array().unwrap();
        let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["receipt.pdf", "shot.png"]);
        assert_eq!(files[0]["size"], 3_000_000);
        assert!(files[1]["thumbnail_url"].is_string(), "the inline picture shows as one");

        // An out-of-office answer to the same address is taken and left
        // out: nothing reaches the conversation, nothing answers it.
        let before = customer_messages(&server, &token).await;
        let away = format!("Auto-Submitted: auto-replied\r\n{}", reply_mail(&reply_address, "Maria <maria@example.net>", "away-1@mail.example.net", "I am away until Monday."));
        let (status, body) = inbound(&server, &away).await;
        assert_eq!((status, body["ignored"].as_str()), (202, Some("an automatic reply (Auto-Submitted: auto-replied)")));
        assert_eq!(customer_messages(&server, &token).await, before);
    }

    a_reply_that_cannot_be_mailed_is_retried_then_shown_failed(server) {
        let agent = server.agent("Ben").await;
        let token = server.customer().await;
        let response = server.http.post(server.url("/api/v1/widget/offline"))
            .header("X-Contact-Token", &token)
            .json(&json!({ "client_id": uuid::Uuid::new_v4(), "email": "maria@example.net", "body": "Hello?" }))
            .send().await.unwrap();
        let sent: Value = response.json().await.unwrap();
        let number = sent["message"]["conversation_number"].as_i64().unwrap();
        server.agent_post(&agent, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;
        server.agent_post(&agent, &format!("/api/v1/conversations/{number}/messages"),
            json!({ "client_id": uuid::Uuid::new_v4(), "body": "Hi Maria", "private": false })).await;
        // Nobody listens on this port: unreachable, so it waits for a retry.
        let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let route = MailRoute {
            mailer: Mailer::from_url(&format!("smtp://127.0.0.1:{closed_port}"), "Support <s@acme.test>").unwrap(),
            reply_domain: "acme.test".into(),
            link_base: None,
        };
        assert_eq!(server.switchboard.send_due_mail(Some(&route)).await.unwrap(), 0);
        // Not due again at once (back-off).
        assert_eq!(server.switchboard.send_due_mail(Some(&route)).await.unwrap(), 0);
        let timeline: Value = server.http.get(server.url(&format!("/api/v1/conversations/{number}/timeline")))
            .header("Cookie", &agent).send().await.unwrap().json().await.unwrap();
        let reply = timeline["items"].as_array().unwrap().iter()
            .find(|i| i["body"] == "Hi Maria").unwrap().clone();
        assert_ne!(reply["status"], "failed", "one failed try is not the end");
    }

    the_widget_is_online_within_working_hours_with_an_agent_online(server) {
        let admin = server.account("Ada", Role::Admin).await;
        // Nobody online: offline, with the offline text.
        assert_eq!(config(&server).await["online"], false);
        let _socket = server.socket("/api/v1/ws", Some(&admin)).await;
        for _ in 0..50 {
            if config(&server).await["online"] == true { break; }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(config(&server).await["online"], true, "an agent is online and there are no hours");

        // Open every day but today is a holiday: offline.
        let today = switchboard_core::clock::rfc3339(switchboard_core::clock::now_ms())[..10].to_string();
        let all_day: Vec<Value> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            .iter().map(|d| json!({ "day": d, "opens": "00:00", "closes": "23:59:59" })).collect();
        let (status, body) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({
            "working_hours": { "time_zone": "UTC", "openings": all_day, "holidays": [today] },
            "offline_message": "Back on Monday.",
        })).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["working_hours"]["time_zone"], "UTC");
        let now = config(&server).await;
        assert_eq!(now["online"], false);
        assert_eq!(now["offline_message"], "Back on Monday.");

        let (status, _) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({ "working_hours": { "time_zone": "UTC", "openings": all_day, "holidays": [] } })).await;
        assert_eq!(status, 200);
        assert_eq!(config(&server).await["online"], true);

        // Bad settings get a clear error and change nothing.
        let (status, body) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({
            "greeting": "Hi there",
            "working_hours": { "time_zone": "Mars/Olympus", "openings": [] },
        })).await;
        assert_eq!(status, 400);
        assert!(body["error"]["message"].as_str().unwrap().contains("time zone"), "{body}");
        assert_ne!(config(&server).await["greeting"], "Hi there");
        let (status, _) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({ "color": "red" })).await;
        assert_eq!(status, 400);
        let (status, _) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({ "clear_working_hours": true, "greeting": "Hi there", "color": "#FF0000", "position": "left" })).await;
        assert_eq!(status, 200);
        let now = config(&server).await;
        assert_eq!((now["greeting"].as_str(), now["color"].as_str(), now["position"].as_str()), (Some("Hi there"), Some("#ff0000"), Some("left")));
    }
}

mod rate_limits {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn a_client_over_its_limit_is_told_to_wait_and_agents_are_not_slowed() {
        let server = serve_with_rate_limit(sqlite().await, 5).await;
        let agent = server.agent("Ben").await; // logging in counts: 1
        let key = server.switchboard.widget_key().await.unwrap();
        let url = server.url(&format!("/api/v1/widget/config?key={key}"));
        for _ in 0..4 {
            assert_eq!(server.http.get(&url).send().await.unwrap().status(), 200);
        }
        let refused = server.http.get(&url).send().await.unwrap();
        assert_eq!(refused.status(), 429);
        assert!(refused.headers().contains_key("retry-after"));
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["code"], "rate_limited");
        // The inbox's API is not limited.
        for _ in 0..10 {
            let response = server
                .http
                .get(server.url("/api/v1/me"))
                .header("Cookie", &agent)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
        }
    }
}
