//! The HTTP API and the WebSocket streams over a real socket, on both
//! databases: what an integrator or the widget sees.

mod common;

use common::*;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use switchboard_core::types::Role;
use tokio_tungstenite::tungstenite::Message;

/// All `message.created` bodies that arrive within `wait`.
async fn bodies_within(socket: &mut Socket, wait: Duration) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    while let Ok(Some(Ok(message))) = tokio::time::timeout(wait, socket.next()).await {
        if let Message::Text(text) = message {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if frame["type"] == "message.created" {
                out.push((
                    frame["event_id"].as_i64().unwrap(),
                    frame["message"]["body"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    out
}

on_both! {
    streams_carry_counts_presence_typing_and_statuses(server) {
        let ada = server.agent("Ada").await;
        let mut ada_live = server.socket("/api/v1/ws", Some(&ada)).await;
        let counts = next_of(&mut ada_live, "counts.updated").await;
        assert_eq!(counts["views"][0]["view"], "all");
        assert_eq!(counts["views"][0]["counts"]["pending"]["count"], 0);

        let token = server.customer().await;
        let mut customer_live = server.socket(&format!("/api/v1/widget/ws?contact_token={token}"), None).await;
        // Ada hears of herself first (her stream opened), then the customer.
        let mut online = next_of(&mut ada_live, "presence").await;
        if online["presence"]["kind"] == "agent" {
            online = next_of(&mut ada_live, "presence").await;
        }
        assert_eq!((online["presence"]["kind"].as_str(), online["presence"]["online"].as_bool()), (Some("contact"), Some(true)));

        // A customer message moves the counts, pushed without asking.
        let sent = server.customer_says(&token, "Hello").await;
        let number = sent["conversation"]["number"].as_i64().unwrap();
        let seq = sent["message"]["seq"].as_i64().unwrap();
        let counts = next_of(&mut ada_live, "counts.updated").await;
        assert_eq!(counts["views"][0]["counts"]["pending"], json!({ "count": 1, "unread": 1 }));

        // The customer types; Ada sees it. Ada's inbox says it got the message.
        let typing = json!({ "type": "typing", "conversation_number": number });
        customer_live.send(Message::Text(typing.to_string().into())).await.unwrap();
        let typing = next_of(&mut ada_live, "typing").await;
        assert_eq!(typing["typing"]["author_kind"], "contact");
        let delivered = json!({ "type": "delivered", "conversation_number": number, "seq": seq });
        ada_live.send(Message::Text(delivered.to_string().into())).await.unwrap();
        let status = next_of(&mut customer_live, "message.status").await;
        assert_eq!(status["update"]["status"], "delivered");
        assert_eq!(status["update"]["up_to_seq"], seq);

        // Garbage from a client is ignored; the stream stays up.
        ada_live.send(Message::Text("{nonsense".into())).await.unwrap();
        let read = json!({ "type": "read", "conversation_number": number, "seq": seq });
        ada_live.send(Message::Text(read.to_string().into())).await.unwrap();
        let status = next_of(&mut customer_live, "message.status").await;
        assert_eq!(status["update"]["status"], "read");
        let counts = next_of(&mut ada_live, "counts.updated").await;
        assert_eq!(counts["views"][0]["counts"]["pending"], json!({ "count": 1, "unread": 0 }));

        drop(customer_live);
        let offline = next_of(&mut ada_live, "presence").await;
        assert_eq!(offline["presence"]["online"], false);
    }

    colleagues_see_a_note_and_a_reply_being_written_apart(server) {
        let ada = server.agent("Ada").await;
        let ben = server.agent("Ben").await;
        let mut ada_live = server.socket("/api/v1/ws", Some(&ada)).await;
        let mut ben_live = server.socket("/api/v1/ws", Some(&ben)).await;
        let token = server.customer().await;
        let number = server.customer_says(&token, "Hello").await["conversation"]["number"].as_i64().unwrap();
        for (private, writing) in [(true, "note"), (false, "reply")] {
            let typing = json!({ "type": "typing", "conversation_number": number, "private": private });
            ben_live.send(Message::Text(typing.to_string().into())).await.unwrap();
            let here = next_of(&mut ada_live, "colleague").await;
            assert_eq!(here["colleague"]["conversation_number"], number);
            assert_eq!(here["colleague"]["writing"], writing);
            assert!(here["colleague"]["name"].as_str().unwrap().contains("Ben"));
            // The typing throttle lets one signal a conversation through per second.
            tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        }
    }

    messages_carry_their_formatting_in_every_read_path(server) {
        let ada = server.agent("Ada").await;
        let mut ada_live = server.socket("/api/v1/ws", Some(&ada)).await;
        let token = server.customer().await;
        let body = "Order *42* is late: https://example.com/orders/42";
        let sent = server.customer_says(&token, body).await;
        let number = sent["conversation"]["number"].as_i64().unwrap();
        let runs = json!([
            { "text": "Order " },
            { "text": "42", "bold": true },
            { "text": " is late: " },
            { "text": "https://example.com/orders/42", "link": "https://example.com/orders/42" },
        ]);
        assert_eq!(sent["message"]["body"], body, "the text stays as written");
        assert_eq!(sent["message"]["formatted"], json!([{ "kind": "paragraph", "runs": runs }]));
        let frame = next_of(&mut ada_live, "message.created").await;
        assert_eq!(frame["message"]["formatted"][0]["runs"], runs);
        let timeline: Value = server.http.get(server.url(&format!("/api/v1/conversations/{number}/timeline")))
            .header("Cookie", &ada).send().await.unwrap().json().await.unwrap();
        let message = timeline["items"].as_array().unwrap().iter().find(|i| i["body"] == body).unwrap();
        assert_eq!(message["formatted"][0]["runs"], runs);
        let mine: Value = server.http.get(server.url("/api/v1/widget/messages"))
            .header("X-Contact-Token", &token).send().await.unwrap().json().await.unwrap();
        assert_eq!(mine["messages"][0]["formatted"][0]["runs"], runs);

        // Plain text carries none.
        let plain = server.customer_says(&token, "<b>just text</b>").await;
        assert!(plain["message"].get("formatted").is_none());
    }

    health_and_clear_errors(server) {
        let health: Value = server.http.get(server.url("/healthz")).send().await.unwrap().json().await.unwrap();
        assert_eq!(health, json!({ "status": "ok" }));

        let me = server.http.get(server.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(me.status(), 401);
        let body: Value = me.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthenticated");

        let token = server.customer().await;
        let as_customer = server.http.get(server.url("/api/v1/conversations")).header("X-Contact-Token", &token).send().await.unwrap();
        assert_eq!(as_customer.status(), 401, "a contact token opens nothing on the agent API");

        let cookie = server.agent("Ada").await;
        let malformed = server.http.post(server.url("/api/v1/conversations/1/messages"))
            .header("Cookie", &cookie).header("content-type", "application/json").body("{nope").send().await.unwrap();
        assert_eq!(malformed.status(), 400);
        let (status, body) = server.agent_post(&cookie, "/api/v1/conversations/1/messages", json!({ "body": 5 })).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_json")));
        let (status, _) = server.agent_post(&cookie, "/api/v1/conversations/1/messages", json!({ "body": "x".repeat(70_000), "client_id": "a" })).await;
        assert_eq!(status, 413);
        let (status, body) = server.agent_post(&cookie, "/api/v1/conversations/999/accept", json!({})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")));
        let unknown = server.http.get(server.url("/api/v1/no/such/path")).send().await.unwrap();
        assert_eq!(unknown.status(), 404);
        let bad_view = server.http.get(server.url("/api/v1/conversations?view=everything")).header("Cookie", &cookie).send().await.unwrap();
        assert_eq!(bad_view.status(), 400);
        let settings = server.http.get(server.url("/api/v1/settings/widget")).header("Cookie", &cookie).send().await.unwrap();
        assert_eq!(settings.status(), 403, "plain agents do not see the widget settings");
        let admin = server.account("Root", Role::Admin).await;
        let settings: Value = server.http.get(server.url("/api/v1/settings/widget")).header("Cookie", &admin).send().await.unwrap().json().await.unwrap();
        let key = server.switchboard.widget_key().await.unwrap();
        assert_eq!(settings["widget_key"], key.as_str());
        assert!(settings["snippet"].as_str().unwrap().contains(&format!(r#"/widget.js" data-key="{key}""#)));
        let no_socket = server.http.get(server.url("/api/v1/widget/ws?contact_token=wrong")).send().await.unwrap();
        assert_eq!(no_socket.status(), 401);
    }

    the_walking_path_is_live_on_both_sides(server) {
        let ada = server.agent("Ada").await;
        let ben = server.agent("Ben").await;
        let mut ada_live = server.socket("/api/v1/ws", Some(&ada)).await;
        let token = server.customer().await;
        let mut customer_live = server.socket(&format!("/api/v1/widget/ws?contact_token={token}"), None).await;

        let sent = server.customer_says(&token, "Hello").await;
        let number = sent["conversation"]["number"].as_i64().unwrap();
        let frame = next_of(&mut ada_live, "message.created").await;
        assert_eq!(frame["message"]["body"], "Hello");
        assert!(frame["event_id"].as_i64().unwrap() > 0);
        let updated = next_of(&mut ada_live, "conversation.updated").await;
        assert_eq!(updated["conversation"]["status"], "pending");

        let (status, accepted) = server.agent_post(&ada, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;
        assert_eq!((status, accepted["status"].as_str()), (200, Some("working_on")));
        let (status, again) = server.agent_post(&ada, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;
        assert_eq!((status, again["assignee"]["name"].as_str()), (200, Some("Ada")), "a repeat by the holder is harmless");
        let (status, refused) = server.agent_post(&ben, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;
        assert_eq!(status, 409);
        assert_eq!(refused["error"]["code"], "already_assigned");
        assert!(refused["error"]["message"].as_str().unwrap().contains("Ada"));

        let note = json!({ "client_id": uuid::Uuid::new_v4(), "body": "internal only", "private": true });
        assert_eq!(server.agent_post(&ada, &format!("/api/v1/conversations/{number}/messages"), note).await.0, 201);
        let reply = json!({ "client_id": uuid::Uuid::new_v4(), "body": "Hi Maria" });
        let (status, sent) = server.agent_post(&ada, &format!("/api/v1/conversations/{number}/messages"), reply).await;
        assert_eq!(status, 201);
        assert_eq!(sent["message"]["seq"], 5);

        let seen = bodies_within(&mut customer_live, Duration::from_millis(500)).await;
        let seen: Vec<_> = seen.into_iter().map(|(_, b)| b).collect();
        assert_eq!(seen, ["Hello", "Hi Maria"], "the customer never sees the private note");

        let timeline: Value = server.http.get(server.url(&format!("/api/v1/conversations/{number}/timeline")))
            .header("Cookie", &ada).send().await.unwrap().json().await.unwrap();
        let seqs: Vec<i64> = timeline["items"].as_array().unwrap().iter().map(|i| i["seq"].as_i64().unwrap()).collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5]);
        assert_eq!(timeline["items"][2]["kind"], "event");
        assert_eq!(timeline["items"][2]["type"], "conversation.accepted");

        let mine: Value = server.http.get(server.url("/api/v1/conversations?view=mine&tab=working_on"))
            .header("Cookie", &ada).send().await.unwrap().json().await.unwrap();
        assert_eq!(mine["conversations"][0]["number"], number);
    }

    a_colleague_takes_over_and_the_holder_is_told(server) {
        let ada = server.agent("Ada").await;
        let ben = server.agent("Ben").await;
        let token = server.customer().await;
        let sent = server.customer_says(&token, "Still there?").await;
        let number = sent["conversation"]["number"].as_i64().unwrap();
        let take_over = format!("/api/v1/conversations/{number}/take_over");
        let (status, refused) = server.agent_post(&ben, &take_over, json!({})).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (422, Some("not_allowed_now")), "nobody holds it yet: {refused}");
        server.agent_post(&ada, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;

        let mut ada_live = server.socket("/api/v1/ws", Some(&ada)).await;
        let (status, taken) = server.agent_post(&ben, &take_over, json!({})).await;
        assert_eq!((status, taken["assignee"]["name"].as_str()), (200, Some("Ben")));
        let told = next_of(&mut ada_live, "notification").await;
        assert_eq!(told["notification"]["kind"], "taken_over");
        assert!(told["notification"]["text"].as_str().unwrap().starts_with(&format!("Ben took over #{number}")), "{told}");
        let (status, again) = server.agent_post(&ben, &take_over, json!({})).await;
        assert_eq!((status, again["assignee"]["name"].as_str()), (200, Some("Ben")), "a repeat is harmless");

        let timeline: Value = server.http.get(server.url(&format!("/api/v1/conversations/{number}/timeline")))
            .header("Cookie", &ada).send().await.unwrap().json().await.unwrap();
        let last = timeline["items"].as_array().unwrap().last().unwrap().clone();
        assert_eq!((last["type"].as_str(), last["data"]["from_agent"]["name"].as_str()), (Some("conversation.assigned"), Some("Ada")));
    }

    a_follow_up_merges_into_the_earlier_conversation(server) {
        let ada = server.agent("Ada").await;
        let token = server.customer().await;
        let first = server.customer_says(&token, "My invoice is wrong").await["conversation"]["number"].as_i64().unwrap();
        server.agent_post(&ada, &format!("/api/v1/conversations/{first}/resolve"), json!({})).await;
        let second = server.customer_says(&token, "About that invoice again").await["conversation"]["number"].as_i64().unwrap();
        let other = server.customer().await;
        let olgas = server.customer_says(&other, "Hello").await["conversation"]["number"].as_i64().unwrap();
        let merge = format!("/api/v1/conversations/{second}/merge");

        let (status, refused) = server.agent_post(&ada, &format!("/api/v1/conversations/{olgas}/merge"), json!({ "into": first })).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (422, Some("not_allowed_now")), "{refused}");
        let (status, refused) = server.agent_post(&ada, &merge, json!({ "into": "first" })).await;
        assert_eq!(status, 400, "{refused}");
        let (status, joined) = server.agent_post(&ada, &merge, json!({ "into": first })).await;
        assert_eq!((status, joined["number"].as_i64(), joined["status"].as_str()), (200, Some(first), Some("pending")), "{joined}");
        let pointer: Value = server.http.get(server.url(&format!("/api/v1/conversations/{second}")))
            .header("Cookie", &ada).send().await.unwrap().json().await.unwrap();
        assert_eq!((pointer["status"].as_str(), pointer["merged_into"].as_i64()), (Some("resolved"), Some(first)));
        let timeline: Value = server.http.get(server.url(&format!("/api/v1/conversations/{first}/timeline")))
            .header("Cookie", &ada).send().await.unwrap().json().await.unwrap();
        let bodies: Vec<&str> = timeline["items"].as_array().unwrap().iter().filter_map(|i| i["body"].as_str()).collect();
        assert_eq!(bodies, ["My invoice is wrong", "About that invoice again"]);
        let (status, again) = server.agent_post(&ada, &merge, json!({ "into": first })).await;
        assert_eq!((status, again["error"]["code"].as_str()), (422, Some("not_allowed_now")), "merged already: {again}");
    }

    two_records_of_one_customer_merge_and_their_widget_follows(server) {
        let ada = server.agent("Ada").await;
        let phone = server.customer().await;
        let laptop = server.customer().await;
        let on_phone = server.customer_says(&phone, "Sent from my phone").await["conversation"]["number"].as_i64().unwrap();
        let on_laptop = server.customer_says(&laptop, "Sent from my laptop").await["conversation"]["number"].as_i64().unwrap();
        let contact_of = |number: i64| {
            let (http, url, ada) = (server.http.clone(), server.url(&format!("/api/v1/conversations/{number}")), ada.clone());
            async move {
                let c: Value = http.get(url).header("Cookie", ada).send().await.unwrap().json().await.unwrap();
                c["contact"]["id"].as_i64().unwrap()
            }
        };
        let (from, into) = (contact_of(on_phone).await, contact_of(on_laptop).await);
        let merge = format!("/api/v1/contacts/{from}/merge");

        let (status, refused) = server.agent_post(&ada, &merge, json!({ "into": into })).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (409, Some("conflict")), "both open: {refused}");
        let (status, refused) = server.agent_post(&ada, &merge, json!({ "into": from })).await;
        assert_eq!(status, 400, "into themselves: {refused}");
        server.agent_post(&ada, &format!("/api/v1/conversations/{on_phone}/resolve"), json!({})).await;
        server.agent_patch(&ada, &format!("/api/v1/contacts/{from}"), json!({ "phone": "+49 30 1234567" })).await;
        let mut phone_live = server.socket(&format!("/api/v1/widget/ws?contact_token={phone}"), None).await;

        let (status, kept) = server.agent_post(&ada, &merge, json!({ "into": into })).await;
        assert_eq!((status, kept["contact"]["id"].as_i64()), (200, Some(into)), "{kept}");
        assert_eq!(kept["phone"], "+49 30 1234567");
        let numbers: Vec<i64> = kept["conversations"].as_array().unwrap().iter().map(|c| c["number"].as_i64().unwrap()).collect();
        assert!(numbers.contains(&on_phone) && numbers.contains(&on_laptop), "{numbers:?}");
        assert_eq!(kept["log"][0]["kind"], "contact.merged");
        // The phone's stream is told, then closed: it reconnects as the customer kept.
        assert_eq!(next_of(&mut phone_live, "contact.merged").await["into"], into);
        let closed = tokio::time::timeout(Duration::from_secs(2), phone_live.next()).await.expect("closed");
        assert!(!matches!(closed, Some(Ok(Message::Text(_)))), "{closed:?}");
        // The record merged away reads as the one kept, and is merged once.
        let pointer: Value = server.http.get(server.url(&format!("/api/v1/contacts/{from}")))
            .header("Cookie", &ada).send().await.unwrap().json().await.unwrap();
        assert_eq!(pointer["contact"]["id"].as_i64(), Some(into));
        let (status, _) = server.agent_post(&ada, &merge, json!({ "into": into })).await;
        assert_eq!(status, 404);
        // What the phone writes next joins the laptop's open conversation.
        let next = server.customer_says(&phone, "Me again, from the phone").await;
        assert_eq!(next["conversation"]["number"].as_i64(), Some(on_laptop), "{next}");
    }

    customers_go_out_as_a_csv_file_and_come_back_in_row_by_row(server) {
        let admin = server.account("Root", Role::Admin).await;
        let ben = server.agent("Ben").await;
        let maria = server.customer().await;
        let sent = server.customer_says(&maria, "Where is my parcel?").await;
        let maria_id = sent["message"]["author"]["id"].as_i64().unwrap();
        server.agent_patch(&admin, &format!("/api/v1/contacts/{maria_id}"), json!({ "email": "maria@example.com", "phone": "+34 91 123 4567" })).await;
        let csv_in = |cookie: &str, query: &str, file: &str| {
            let request = server.http.post(server.url(&format!("/api/v1/contacts/import{query}")))
                .header("Cookie", cookie).header("Content-Type", "text/csv").body(file.to_string());
            async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                (status, serde_json::from_str::<Value>(&text).unwrap_or_else(|_| panic!("{status}: {text}")))
            }
        };

        // Out: every customer, the phone kept from a spreadsheet's formula.
        let export = server.http.get(server.url("/api/v1/contacts/export")).header("Cookie", &admin).send().await.unwrap();
        assert_eq!(export.status(), 200);
        assert!(export.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let file = export.text().await.unwrap();
        assert!(file.starts_with("id,name,email,phone,company,identifier,created_at,blocked"), "{file}");
        assert!(file.contains(&format!("{maria_id},Maria,maria@example.com,'+34 91 123 4567,")), "{file}");
        let refused = server.http.get(server.url("/api/v1/contacts/export")).header("Cookie", &ben).send().await.unwrap();
        assert_eq!(refused.status(), 403, "agents do not export");

        // Back in as it is: nothing changes.
        let (status, again) = csv_in(&admin, "", &file).await;
        assert_eq!((status, again["unchanged"].as_i64(), again["created"].as_i64()), (200, Some(1), Some(0)), "{again}");

        // A file of changes, tried first: nothing is written.
        let changes = "Name;Email;Phone;Attributes.Plan\n\
                       ;MARIA@example.com;;pro\n\
                       Grace Hopper;grace@example.com;+1 212 555 0100;\n\
                       Bob;not an address;;\n";
        let (status, tried) = csv_in(&admin, "?dry_run=true", changes).await;
        assert_eq!(status, 200, "{tried}");
        assert_eq!((tried["dry_run"].as_bool(), tried["updated"].as_i64(), tried["created"].as_i64(), tried["refused"].as_i64()),
            (Some(true), Some(1), Some(1), Some(1)), "{tried}");
        assert_eq!(tried["rows"][0]["contact_id"].as_i64(), Some(maria_id));
        assert_eq!(tried["rows"][2]["line"], 4);
        assert!(tried["rows"][2]["reason"].as_str().unwrap().contains("not an e-mail address"), "{tried}");
        let page: Value = server.http.get(server.url("/api/v1/contacts?q=grace")).header("Cookie", &admin).send().await.unwrap().json().await.unwrap();
        assert_eq!(page["contacts"].as_array().unwrap().len(), 0, "a dry run writes nothing");

        // Imported: the rows that fit go in, told live, in each customer's log.
        let mut live = server.socket("/api/v1/ws", Some(&ben)).await;
        let (status, done) = csv_in(&admin, "", changes).await;
        assert_eq!((status, done["dry_run"].as_bool(), done["created"].as_i64()), (200, Some(false), Some(1)), "{done}");
        let grace = done["rows"][1]["contact_id"].as_i64().unwrap();
        assert_eq!(next_of(&mut live, "contact.updated").await["contact_id"], maria_id);
        let account: Value = server.http.get(server.url(&format!("/api/v1/contacts/{maria_id}"))).header("Cookie", &ben).send().await.unwrap().json().await.unwrap();
        assert_eq!(account["attributes"]["Plan"], "pro");
        assert_eq!(account["phone"], "+34 91 123 4567", "an empty cell leaves the phone");
        assert_eq!(account["log"][0]["kind"], "contact.imported");
        let account: Value = server.http.get(server.url(&format!("/api/v1/contacts/{grace}"))).header("Cookie", &ben).send().await.unwrap().json().await.unwrap();
        assert_eq!((account["contact"]["name"].as_str(), account["phone"].as_str()), (Some("Grace Hopper"), Some("+1 212 555 0100")));

        // Whole files refused, saying why; agents may not import.
        let (status, refused) = csv_in(&admin, "", "name,shoe size\nAda,5\n").await;
        assert_eq!((status, refused["error"]["code"].as_str()), (400, Some("invalid_input")), "{refused}");
        assert!(refused["error"]["message"].as_str().unwrap().contains("shoe size"));
        let (status, _) = csv_in(&ben, "?dry_run=true", changes).await;
        assert_eq!(status, 403);
    }

    a_reconnecting_client_catches_up_in_order_without_duplicates(server) {
        let ada = server.agent("Ada").await;
        let token = server.customer().await;
        let mut live = server.socket("/api/v1/ws", Some(&ada)).await;
        server.customer_says(&token, "one").await;
        let last_seen = next_of(&mut live, "message.created").await["event_id"].as_i64().unwrap();
        drop(live);

        for text in ["two", "three", "four"] {
            server.customer_says(&token, text).await;
        }
        let mut resumed = server.socket(&format!("/api/v1/ws?last_event_id={last_seen}"), Some(&ada)).await;
        server.customer_says(&token, "five").await;
        let frames = bodies_within(&mut resumed, Duration::from_millis(500)).await;
        let bodies: Vec<_> = frames.iter().map(|(_, b)| b.as_str()).collect();
        assert_eq!(bodies, ["two", "three", "four", "five"]);
        assert!(frames.windows(2).all(|w| w[0].0 < w[1].0), "in order: {frames:?}");

        let mut customer = server.socket(&format!("/api/v1/widget/ws?contact_token={token}&last_event_id=0"), None).await;
        let mine: Vec<_> = bodies_within(&mut customer, Duration::from_millis(300)).await.into_iter().map(|(_, b)| b).collect();
        assert_eq!(mine, ["one", "two", "three", "four", "five"]);
        let _ = customer.close(None).await;
    }

    racing_accepts_over_http_have_one_winner(server) {
        let token = server.customer().await;
        let number = server.customer_says(&token, "Hello").await["conversation"]["number"].as_i64().unwrap();
        let mut cookies = Vec::new();
        for i in 0..6 {
            cookies.push(server.agent(&format!("Agent{i}")).await);
        }
        let path = format!("/api/v1/conversations/{number}/accept");
        let results = futures::future::join_all(cookies.iter().map(|c| server.agent_post(c, &path, json!({})))).await;
        let winners = results.iter().filter(|(s, _)| *s == 200).count();
        assert_eq!(winners, 1, "{results:?}");
        assert!(results.iter().filter(|(s, _)| *s != 200).all(|(s, b)| *s == 409 && b["error"]["code"] == "already_assigned"));
    }

    the_site_and_agents_write_typed_attributes_and_the_browser_is_known(server) {
        let admin = server.account("Root", Role::Admin).await;
        let ben = server.agent("Ben").await;
        let (status, plan) = server.agent_post(&admin, "/api/v1/attributes", json!({ "name": "plan", "kind": "list", "options": ["Free", "Pro"] })).await;
        assert_eq!(status, 201, "{plan}");
        let (status, _) = server.agent_post(&admin, "/api/v1/attributes", json!({ "name": "orders", "kind": "number" })).await;
        assert_eq!(status, 201);
        let (status, refused) = server.agent_post(&ben, "/api/v1/attributes", json!({ "name": "vip", "kind": "yes_no" })).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (403, Some("forbidden")));
        let listed: Value = server.http.get(server.url("/api/v1/attributes")).header("Cookie", &ben).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["attributes"][0]["name"], "plan");
        assert_eq!(listed["attributes"][1]["kind"], "number");

        // A customer who gave a phone at the start.
        let key = server.switchboard.widget_key().await.unwrap();
        let session: Value = server.http.post(server.url("/api/v1/widget/sessions"))
            .json(&json!({ "widget_key": key, "name": "Maria", "phone": "+34 91 123 4567" }))
            .send().await.unwrap().json().await.unwrap();
        let token = session["contact_token"].as_str().unwrap().to_string();
        let contact_id = session["contact"]["id"].as_i64().unwrap();
        let mut ben_live = server.socket("/api/v1/ws", Some(&ben)).await;

        // The host page's loader calls from the shop's origin: the browser asks first.
        let preflight = server.http.request(reqwest::Method::OPTIONS, server.url("/api/v1/widget/attributes"))
            .header("Origin", "https://shop.example")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,x-contact-token")
            .send().await.unwrap();
        assert!(preflight.status().is_success(), "{}", preflight.status());
        assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
        let site_set = |body: Value| {
            let request = server.http.post(server.url("/api/v1/widget/attributes"))
                .header("Origin", "https://shop.example").header("X-Contact-Token", &token).json(&body);
            async move {
                let response = request.send().await.unwrap();
                (response.status().as_u16(), response.json::<Value>().await.unwrap())
            }
        };
        let (status, set) = site_set(json!({ "attributes": { "Plan": "pro", "orders": 3 } })).await;
        assert_eq!(status, 400, "a value is text: {set}");
        let (status, set) = site_set(json!({ "attributes": { "Plan": "pro", "orders": "3" } })).await;
        assert_eq!(status, 200, "{set}");
        assert_eq!(set["attributes"], json!({ "plan": "Pro", "orders": "3" }));
        let updated = next_of(&mut ben_live, "contact.updated").await;
        assert_eq!(updated["contact_id"], contact_id);
        let (status, wrong) = site_set(json!({ "attributes": { "orders": "three" } })).await;
        assert_eq!((status, wrong["error"]["code"].as_str()), (400, Some("invalid_input")), "{wrong}");
        assert!(wrong["error"]["message"].as_str().unwrap().contains("`orders` is a number"), "{wrong}");

        // An agent's value stays until the site says to overwrite it.
        let (status, account) = server.agent_patch(&ben, &format!("/api/v1/contacts/{contact_id}"), json!({ "attributes": { "plan": "free" } })).await;
        assert_eq!((status, account["attributes"]["plan"].as_str()), (200, Some("Free")), "{account}");
        let (_, set) = site_set(json!({ "attributes": { "plan": "Pro" } })).await;
        assert_eq!((set["attributes"]["plan"].as_str(), set["kept"].clone()), (Some("Free"), json!(["plan"])));
        let (_, set) = site_set(json!({ "attributes": { "plan": "Pro" }, "overwrite": true })).await;
        assert_eq!(set["attributes"]["plan"], "Pro");

        // Where they are and what they browse with.
        let visit = server.http.post(server.url("/api/v1/widget/visit"))
            .header("X-Contact-Token", &token)
            .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36")
            .json(&json!({ "time_zone": "Asia/Kolkata", "language": "hi-IN" }))
            .send().await.unwrap();
        assert_eq!(visit.status(), 200);
        let recorded: Value = visit.json().await.unwrap();
        assert_eq!(recorded["browser"], "Chrome 156 on Linux");
        let bad = server.http.post(server.url("/api/v1/widget/visit"))
            .header("X-Contact-Token", &token).json(&json!({ "time_zone": "Mars/Olympus" })).send().await.unwrap();
        assert_eq!(bad.status(), 400);
        let account: Value = server.http.get(server.url(&format!("/api/v1/contacts/{contact_id}"))).header("Cookie", &ben).send().await.unwrap().json().await.unwrap();
        assert_eq!(account["phone"], "+34 91 123 4567");
        assert_eq!(account["time_zone"], "Asia/Kolkata");
        assert_eq!(account["utc_offset_minutes"], 330);
        assert_eq!(account["language"], "hi-IN");
        assert_eq!(account["browser"], "Chrome 156 on Linux");
        let logged: Vec<&str> = account["log"].as_array().unwrap().iter().map(|l| l["kind"].as_str().unwrap()).collect();
        assert!(logged.contains(&"contact.site_set") && logged.contains(&"contact.edited"), "{logged:?}");
    }

    a_new_customer_answers_the_prechat_form_and_agents_see_it(server) {
        let admin = server.account("Root", Role::Admin).await;
        let ben = server.agent("Ben").await;
        let (status, _) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({ "prechat": { "mode": "optional", "fields": ["name", "phone"], "consent": "I agree" } })).await;
        assert_eq!(status, 200);
        let (status, refused) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({ "prechat": { "mode": "optional", "fields": ["shoe size"] } })).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (400, Some("invalid_input")));
        let key = server.switchboard.widget_key().await.unwrap();
        // The frame's page brings the form, every text escaped.
        let (status, _) = server.agent_patch(&admin, "/api/v1/settings/widget", json!({ "prechat": { "mode": "optional", "fields": ["name", "phone"], "consent": "I agree <b>now</b>" } })).await;
        assert_eq!(status, 200);
        let frame = server.http.get(server.url(&format!("/widget/frame?key={key}"))).send().await.unwrap().text().await.unwrap();
        assert!(frame.contains(r#"<template id="prechat">"#), "{frame}");
        assert!(frame.contains(r#"name="phone" type="tel""#), "{frame}");
        assert!(frame.contains("I agree &lt;b&gt;now&lt;/b&gt;") && !frame.contains("<b>now"), "{frame}");
        assert!(frame.contains(r#"data-testid="widget-prechat-skip""#), "optional: it has Skip");
        let session: Value = server.http.post(server.url("/api/v1/widget/sessions"))
            .json(&json!({ "widget_key": key })).send().await.unwrap().json().await.unwrap();
        assert_eq!(session["ask_prechat"], true);
        let token = session["contact_token"].as_str().unwrap();
        let contact_id = session["contact"]["id"].as_i64().unwrap();
        let mut ben_live = server.socket("/api/v1/ws", Some(&ben)).await;
        let answer = |body: Value| {
            let request = server.http.post(server.url("/api/v1/widget/prechat")).header("X-Contact-Token", token).json(&body);
            async move {
                let response = request.send().await.unwrap();
                (response.status().as_u16(), response.json::<Value>().await.unwrap())
            }
        };
        let (status, no_consent) = answer(json!({ "answers": { "name": "Kim" } })).await;
        assert_eq!(status, 400, "{no_consent}");
        let (status, answered) = answer(json!({ "answers": { "name": "Kim Lee", "phone": "+82 2 555 0100" }, "consent": true })).await;
        assert_eq!(status, 200, "{answered}");
        assert_eq!((answered["ask_prechat"].as_bool(), answered["contact"]["name"].as_str()), (Some(false), Some("Kim Lee")));
        let updated = next_of(&mut ben_live, "contact.updated").await;
        assert_eq!(updated["contact_id"], contact_id);
        let account: Value = server.http.get(server.url(&format!("/api/v1/contacts/{contact_id}"))).header("Cookie", &ben).send().await.unwrap().json().await.unwrap();
        assert_eq!(account["phone"], "+82 2 555 0100");
        assert_eq!(account["log"][0]["kind"], "contact.prechat");
    }
}
