//! Webhooks over HTTP, on both databases, against real local receivers:
//! events arrive signed, once; a failing endpoint is retried with back-off
//! and a refusing one fails, all in the delivery log; admins only.

mod common;

use axum::http::{HeaderMap, StatusCode};
use common::*;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use switchboard_core::types::Role;
use switchboard_core::webhooks::{self, Sender};

type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A receiver on a free port answering `status`; what it got is kept.
async fn receiver(status: StatusCode) -> (String, Received) {
    let received: Received = Arc::default();
    let kept = received.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let kept = kept.clone();
            async move {
                kept.lock().unwrap().push((headers, body));
                status
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hook"), received)
}

async fn deliveries(server: &Server, admin: &str, id: i64) -> Vec<Value> {
    let response = server
        .http
        .get(server.url(&format!("/api/v1/webhooks/{id}/deliveries")))
        .header("Cookie", admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["deliveries"].as_array().unwrap().clone()
}

on_both! {
    events_arrive_signed_once_and_failures_are_retried_or_failed(server) {
        // The receivers run on this machine: a self-hosted set-up.
        server.switchboard.allow_private_webhooks(true);
        let admin = server.account("Ada", Role::Admin).await;
        let agent = server.agent("Ben").await;
        let (good_url, good) = receiver(StatusCode::OK).await;
        let (flaky_url, flaky) = receiver(StatusCode::SERVICE_UNAVAILABLE).await;
        let (refusing_url, _) = receiver(StatusCode::BAD_REQUEST).await;

        let (status, _) = server.agent_post(&agent, "/api/v1/webhooks", json!({ "url": good_url })).await;
        assert_eq!(status, 403);
        let (status, body) = server.agent_post(&admin, "/api/v1/webhooks", json!({ "url": "ftp://example.com" })).await;
        assert_eq!(status, 400, "{body}");
        let mut hooks = Vec::new();
        for url in [&good_url, &flaky_url, &refusing_url] {
            let (status, hook) = server.agent_post(&admin, "/api/v1/webhooks", json!({ "url": url })).await;
            assert_eq!(status, 201, "{hook}");
            hooks.push(hook);
        }
        let secret = hooks[0]["secret"].as_str().unwrap().to_string();
        assert!(secret.starts_with("whsec_"));

        // The stream's position is taken first; then a customer writes.
        server.switchboard.enqueue_webhook_events().await.unwrap();
        let token = server.customer().await;
        let sent = server.customer_says(&token, "Is my parcel lost?").await;
        let number = sent["conversation"]["number"].as_i64().unwrap();
        assert!(server.switchboard.enqueue_webhook_events().await.unwrap() > 0);
        assert_eq!(server.switchboard.enqueue_webhook_events().await.unwrap(), 0);

        let sender = Sender::new(server.switchboard.webhook_reach()).unwrap();
        let delivered = server.switchboard.deliver_webhooks(&sender).await.unwrap();
        assert!(delivered >= 1);
        assert_eq!(server.switchboard.deliver_webhooks(&sender).await.unwrap(), 0, "nothing twice");

        let got = good.lock().unwrap().clone();
        let created = got.iter().find(|(h, _)| h[webhooks::EVENT_HEADER] == "message.created").expect("message.created arrived");
        let (headers, body) = created;
        let signature = headers[webhooks::SIGNATURE_HEADER].to_str().unwrap();
        let now = switchboard_core::clock::now_ms() / 1000;
        assert!(webhooks::verify(&secret, signature, body, now, 300), "signed with the webhook's secret");
        assert!(!webhooks::verify("whsec_other", signature, body, now, 300));
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["type"], "message.created");
        assert_eq!(event["message"]["body"], "Is my parcel lost?");
        assert_eq!(event["message"]["conversation_number"], number);
        assert!(event["event_id"].as_i64().unwrap() > 0);
        let created_count = got.iter().filter(|(h, _)| h[webhooks::EVENT_HEADER] == "message.created").count();
        assert_eq!(created_count, 1);

        // The log: delivered; waiting for a retry after 503; failed after 400.
        let log = deliveries(&server, &admin, hooks[0]["id"].as_i64().unwrap()).await;
        assert!(log.iter().all(|d| d["state"] == "delivered" && d["last_status"] == 200), "{log:?}");
        let log = deliveries(&server, &admin, hooks[1]["id"].as_i64().unwrap()).await;
        assert!(!flaky.lock().unwrap().is_empty());
        assert!(log.iter().all(|d| d["state"] == "waiting" && d["attempts"] == 1 && d["last_status"] == 503 && !d["next_attempt_at"].is_null()), "{log:?}");
        let log = deliveries(&server, &admin, hooks[2]["id"].as_i64().unwrap()).await;
        assert!(log.iter().all(|d| d["state"] == "failed" && d["last_status"] == 400), "{log:?}");

        // Paused: new events are not queued for it.
        let id = hooks[0]["id"].as_i64().unwrap();
        let response = server.http.patch(server.url(&format!("/api/v1/webhooks/{id}"))).header("Cookie", &admin)
            .json(&json!({ "active": false })).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let before = deliveries(&server, &admin, id).await.len();
        server.customer_says(&token, "Hello again").await;
        server.switchboard.enqueue_webhook_events().await.unwrap();
        assert_eq!(deliveries(&server, &admin, id).await.len(), before);
        let response = server.http.delete(server.url(&format!("/api/v1/webhooks/{id}"))).header("Cookie", &admin).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let audit: Value = server.http.get(server.url("/api/v1/audit")).header("Cookie", &admin).send().await.unwrap().json().await.unwrap();
        let actions: Vec<&str> = audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for expected in ["webhook.created", "webhook.changed", "webhook.deleted"] {
            assert!(actions.contains(&expected), "{actions:?}");
        }
    }
}
