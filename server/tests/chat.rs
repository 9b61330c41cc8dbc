//! Staff chat through the doors a browser uses, on both databases: the
//! server functions over HTTP and the live stream. A private channel is
//! invisible to a non-member whichever way they ask.

mod common;

use common::*;
use futures::StreamExt;
use leptos::server_fn::ServerFn;
use serde_json::Value;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

/// Calls a server function as the holder of `cookie`: its status and JSON.
async fn call<F: ServerFn>(server: &Server, cookie: &str, form: &[(&str, String)]) -> (u16, Value) {
    let response = server
        .http
        .post(server.url(F::PATH))
        .header("Cookie", cookie)
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn agent_of(server: &Server, cookie: &str) -> switchboard_core::types::Agent {
    let token = cookie.split_once('=').unwrap().1;
    server.switchboard.agent_for_session(token).await.unwrap()
}

/// Frames until a `chat.message` whose body is `last` (two seconds at most).
async fn frames_until(socket: &mut Socket, last: &str) -> Vec<Value> {
    let mut frames = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .unwrap_or_else(|_| panic!("no chat.message {last:?} within 2 s: {frames:?}"))
            .expect("socket open")
            .expect("a frame");
        if let Message::Text(text) = message {
            let frame: Value = serde_json::from_str(&text).unwrap();
            let done = frame["type"] == "chat.message" && frame["message"]["body"] == last;
            frames.push(frame);
            if done {
                return frames;
            }
        }
    }
}

/// Whether a frame is about channel `id`.
fn about(frame: &Value, id: i64) -> bool {
    frame["message"]["channel_id"] == id
        || frame["channel"]["id"] == id
        || frame["channel_id"] == id
        || frame["mention"]["channel_id"] == id
}

on_both! {
    a_private_channel_reaches_no_one_else(server) {
        let ada_cookie = server.agent("Ada").await;
        let eve_cookie = server.agent("Eve").await;
        let ada = agent_of(&server, &ada_cookie).await;
        let eve = agent_of(&server, &eve_cookie).await;
        let mut eve_live = server.socket("/api/v1/ws", Some(&eve_cookie)).await;

        let (status, secret) = call::<app::server::CreateChannel>(&server, &ada_cookie, &[
            ("name", "leads".into()), ("description", "".into()), ("private", "true".into()),
        ]).await;
        assert_eq!(status, 200, "{secret}");
        let secret_id = secret["channel"]["id"].as_i64().unwrap();
        let (status, said) = call::<app::server::SendChatMessage>(&server, &ada_cookie, &[
            ("channel_id", secret_id.to_string()),
            ("client_id", uuid::Uuid::new_v4().to_string()),
            ("body", "Reviews on Friday, @Eve".into()),
        ]).await;
        assert_eq!(status, 200, "{said}");
        let message_id = said["id"].as_i64().unwrap();

        // A public channel both are in: its message closes what Eve hears.
        let public = server.switchboard.create_channel(&ada, "general", "", false).await.unwrap().channel.id;
        server.switchboard.join_channel(&eve, public).await.unwrap();
        server.switchboard.send_chat_message(&ada, public, &uuid::Uuid::new_v4().to_string(), "sentinel", &[]).await.unwrap();
        let heard = frames_until(&mut eve_live, "sentinel").await;
        assert!(heard.iter().all(|f| !about(f, secret_id)), "{heard:?}");
        let mut replayed = server.socket("/api/v1/ws?last_event_id=0", Some(&eve_cookie)).await;
        let heard = frames_until(&mut replayed, "sentinel").await;
        assert!(heard.iter().all(|f| !about(f, secret_id)), "replayed: {heard:?}");

        let id = secret_id.to_string();
        let refusals = [
            call::<app::server::OpenChannel>(&server, &eve_cookie, &[("channel_id", id.clone())]).await,
            call::<app::server::ChatHistory>(&server, &eve_cookie, &[("channel_id", id.clone()), ("before_seq", "99".into())]).await,
            call::<app::server::JoinChannel>(&server, &eve_cookie, &[("channel_id", id.clone())]).await,
            call::<app::server::MarkChannelRead>(&server, &eve_cookie, &[("channel_id", id.clone()), ("seq", "1".into())]).await,
            call::<app::server::SendChatMessage>(&server, &eve_cookie, &[
                ("channel_id", id.clone()), ("client_id", uuid::Uuid::new_v4().to_string()), ("body", "hi".into()),
            ]).await,
            call::<app::server::InviteToChannel>(&server, &eve_cookie, &[("channel_id", id.clone()), ("agent_ids[0]", eve.id.to_string())]).await,
            call::<app::server::ChatMessageVersions>(&server, &eve_cookie, &[("message_id", message_id.to_string())]).await,
            call::<app::server::EditChatMessage>(&server, &eve_cookie, &[("message_id", message_id.to_string()), ("body", "x".into())]).await,
            call::<app::server::DeleteChatMessage>(&server, &eve_cookie, &[("message_id", message_id.to_string())]).await,
        ];
        // Server functions answer failures with their typed error.
        for (status, body) in refusals {
            assert_ne!(status, 200, "{body}");
            assert_eq!(body["code"], "not_found", "{body}");
            assert!(!body.to_string().contains("Reviews"), "{body}");
        }
        let (status, listed) = call::<app::server::ChatChannels>(&server, &eve_cookie, &[]).await;
        assert_eq!(status, 200);
        assert!(listed.as_array().unwrap().iter().all(|e| e["channel"]["id"] != secret_id), "{listed}");
        let (status, found) = call::<app::server::SearchChat>(&server, &eve_cookie, &[("query", "reviews".into())]).await;
        assert_eq!((status, found), (200, Value::Array(Vec::new())));

        // Nobody logged in gets nothing at all.
        let (status, body) = call::<app::server::ChatChannels>(&server, "switchboard_session=nobody", &[]).await;
        assert_ne!(status, 200);
        assert_eq!(body["code"], "unauthenticated", "{body}");

        // Ada, a member, reads it through the same doors.
        let (status, opened) = call::<app::server::OpenChannel>(&server, &ada_cookie, &[("channel_id", id)]).await;
        assert_eq!(status, 200);
        assert_eq!(opened["page"]["messages"][0]["body"], "Reviews on Friday, @Eve");
    }
}
