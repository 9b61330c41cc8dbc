//! Who may do what: every endpoint against an unauthenticated caller,
//! another customer, a plain agent and an admin, on both databases.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use switchboard_core::types::Role;

#[derive(Clone, Copy, Debug)]
enum Caller<'a> {
    Nobody,
    /// A customer's contact token (not Maria's).
    Customer(&'a str),
    Agent(&'a str),
    Admin(&'a str),
}

/// Who an endpoint is for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum For {
    Agents,
    Admins,
    /// The caller's own customer data, by contact token.
    Customers,
    Everyone,
}

async fn call(
    server: &Server,
    method: &Method,
    path: &str,
    body: &Value,
    caller: Caller<'_>,
) -> (u16, Value) {
    let mut request = server.http.request(method.clone(), server.url(path));
    if *method != Method::GET {
        request = request.json(body);
    }
    request = match caller {
        Caller::Nobody => request,
        Caller::Customer(token) => request.header("X-Contact-Token", token),
        Caller::Agent(cookie) | Caller::Admin(cookie) => request.header("Cookie", cookie),
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

on_both! {
    every_endpoint_checks_who_is_asking(server) {
        let agent = server.agent("Ben").await;
        let admin = server.account("Root", Role::Admin).await;
        let maria = server.customer().await;
        let tom = server.customer().await;
        let sent = server.customer_says(&maria, "Maria's secret order number 4411").await;
        let n = sent["conversation"]["number"].as_i64().unwrap();
        let contact_id = sent["message"]["author"]["id"].as_i64().unwrap();
        let queue = server.switchboard.ensure_queue("Support").await.unwrap();
        let ben_id = call(&server, &Method::GET, "/api/v1/me", &json!({}), Caller::Agent(&agent)).await.1["id"]
            .as_i64()
            .unwrap();
        let key = server.switchboard.widget_key().await.unwrap();
        let id = || json!(uuid::Uuid::new_v4());
        let made = call(&server, &Method::POST, "/api/v1/labels", &json!({ "name": "urgent" }), Caller::Admin(&admin)).await;
        assert_eq!(made.0, 201, "{}", made.1);

        let endpoints: Vec<(Method, String, Value, For)> = vec![
            (Method::GET, "/api/v1/me".into(), json!({}), For::Agents),
            (Method::GET, "/api/v1/agents".into(), json!({}), For::Agents),
            (Method::GET, "/api/v1/queues".into(), json!({}), For::Agents),
            (Method::GET, "/api/v1/conversations?view=all&tab=pending".into(), json!({}), For::Agents),
            (Method::GET, "/api/v1/conversations/counts".into(), json!({}), For::Agents),
            (Method::GET, format!("/api/v1/conversations/{n}"), json!({}), For::Agents),
            (Method::GET, format!("/api/v1/conversations/{n}/timeline"), json!({}), For::Agents),
            (Method::GET, format!("/api/v1/contacts/{contact_id}"), json!({}), For::Agents),
            (Method::GET, "/api/v1/contacts?q=ada&sort=name".into(), json!({}), For::Agents),
            (Method::PATCH, format!("/api/v1/contacts/{contact_id}"), json!({ "phone": "+1 555 0100" }), For::Agents),
            (Method::POST, format!("/api/v1/contacts/{contact_id}/notes"), json!({ "body": "Prefers e-mail" }), For::Agents),
            (Method::PATCH, format!("/api/v1/contacts/{contact_id}/notes/999999"), json!({ "body": "x" }), For::Agents),
            (Method::DELETE, format!("/api/v1/contacts/{contact_id}/notes/999999"), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/contacts/{contact_id}/merge"), json!({ "into": contact_id + 1000 }), For::Agents),
            (Method::POST, format!("/api/v1/contacts/{contact_id}/conversations"), json!({ "client_id": id(), "body": "About your order" }), For::Agents),
            (Method::GET, "/api/v1/search?q=order".into(), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/messages"), json!({ "client_id": id(), "body": "hi" }), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/read"), json!({ "seq": 1 }), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/unread"), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/accept"), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/take_over"), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/merge"), json!({ "into": n + 1000 }), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/assign"), json!({ "agent_id": ben_id }), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/transfer"), json!({ "queue_id": queue.id }), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/snooze"), json!({ "until": "2000-01-01T00:00:00Z" }), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/return"), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/resolve"), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/reopen"), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/undo_resolve"), json!({}), For::Agents),
            (Method::POST, "/api/v1/conversations/bulk".into(), json!({ "numbers": [n], "action": "reopen" }), For::Agents),
            (Method::GET, "/api/v1/me/alerts".into(), json!({}), For::Agents),
            (Method::PUT, "/api/v1/me/alerts".into(), json!({ "new_chat": true, "my_conversations": false, "mentions": true }), For::Agents),
            (Method::GET, "/api/v1/saved_replies".into(), json!({}), For::Agents),
            (Method::POST, "/api/v1/saved_replies".into(), json!({ "shortcut": "thanks", "body": "Thanks!" }), For::Agents),
            (Method::PATCH, "/api/v1/saved_replies/999999".into(), json!({ "body": "Thanks!" }), For::Agents),
            (Method::DELETE, "/api/v1/saved_replies/999999".into(), json!({}), For::Agents),
            (Method::GET, format!("/api/v1/conversations/{n}/saved_replies/999999"), json!({}), For::Agents),
            (Method::GET, "/api/v1/labels".into(), json!({}), For::Agents),
            (Method::POST, format!("/api/v1/conversations/{n}/labels"), json!({ "label": "urgent" }), For::Agents),
            (Method::DELETE, format!("/api/v1/conversations/{n}/labels/urgent"), json!({}), For::Agents),
            (Method::GET, "/api/v1/conversations?view=all&tab=pending&labels=urgent".into(), json!({}), For::Agents),
            (Method::POST, "/api/v1/labels".into(), json!({ "name": "refunds" }), For::Admins),
            (Method::PATCH, "/api/v1/labels/999999".into(), json!({ "colour": "#112233" }), For::Admins),
            (Method::DELETE, "/api/v1/labels/999999".into(), json!({}), For::Admins),
            (Method::GET, "/api/v1/attributes".into(), json!({}), For::Agents),
            (Method::POST, "/api/v1/attributes".into(), json!({ "name": "plan", "kind": "list", "options": ["Free", "Pro"] }), For::Admins),
            (Method::PATCH, "/api/v1/attributes/999999".into(), json!({ "name": "tier" }), For::Admins),
            (Method::DELETE, "/api/v1/attributes/999999".into(), json!({}), For::Admins),
            (Method::GET, "/api/v1/conversations?view=blocked&tab=pending".into(), json!({}), For::Admins),
            (Method::GET, "/api/v1/contacts/export".into(), json!({}), For::Admins),
            (Method::POST, "/api/v1/contacts/import?dry_run=true".into(), json!("name\nAda"), For::Admins),
            (Method::POST, format!("/api/v1/contacts/{contact_id}/block"), json!({}), For::Admins),
            (Method::POST, format!("/api/v1/contacts/{contact_id}/unblock"), json!({}), For::Admins),
            (Method::GET, "/api/v1/team/invitations".into(), json!({}), For::Admins),
            (Method::POST, "/api/v1/team/invitations/999999/link".into(), json!({}), For::Admins),
            (Method::DELETE, "/api/v1/team/invitations/999999".into(), json!({}), For::Admins),
            (Method::DELETE, format!("/api/v1/conversations/{n}"), json!({}), For::Admins),
            (Method::POST, format!("/api/v1/conversations/{n}/restore"), json!({}), For::Admins),
            (Method::GET, "/api/v1/settings/widget".into(), json!({}), For::Admins),
            (Method::GET, "/api/v1/widget/session".into(), json!({}), For::Customers),
            (Method::GET, "/api/v1/widget/messages".into(), json!({}), For::Customers),
            (Method::POST, "/api/v1/widget/messages".into(), json!({ "client_id": id(), "body": "hello" }), For::Customers),
            (Method::POST, "/api/v1/widget/events".into(), json!({ "kind": "page_changed", "url": "https://shop.example/p/1" }), For::Customers),
            (Method::POST, "/api/v1/widget/attributes".into(), json!({ "attributes": { "orders": "3" } }), For::Customers),
            (Method::POST, "/api/v1/widget/prechat".into(), json!({ "answers": {} }), For::Customers),
            (Method::POST, "/api/v1/widget/visit".into(), json!({ "time_zone": "Europe/Berlin", "language": "de-DE" }), For::Customers),
            (Method::GET, format!("/api/v1/widget/config?key={key}"), json!({}), For::Everyone),
            (Method::GET, "/healthz".into(), json!({}), For::Everyone),
        ];

        for (method, path, body, audience) in &endpoints {
            for caller in [Caller::Nobody, Caller::Customer(&tom), Caller::Agent(&agent), Caller::Admin(&admin)] {
                let (status, answer) = call(&server, method, path, body, caller).await;
                let context = format!("{method} {path} as {caller:?}: {status} {answer}");
                assert!(status < 500, "never a server error: {context}");
                let allowed = matches!(
                    (audience, caller),
                    (For::Everyone, _)
                        | (For::Agents, Caller::Agent(_) | Caller::Admin(_))
                        | (For::Admins, Caller::Admin(_))
                        | (For::Customers, Caller::Customer(_))
                );
                if allowed {
                    assert!(status != 401 && status != 403, "should be allowed: {context}");
                } else {
                    let expected = match (audience, caller) {
                        (For::Admins, Caller::Agent(_)) => 403,
                        _ => 401,
                    };
                    assert_eq!(status, expected, "should be refused: {context}");
                    assert!(answer["error"]["code"].is_string(), "errors have the API shape: {context}");
                }
                if let Caller::Customer(_) = caller {
                    assert!(!answer.to_string().contains("4411"), "another customer never sees Maria's words: {context}");
                }
            }
        }

        // The live streams check too: no stream without credentials, and a
        // customer's token opens only the customer stream.
        for (path, cookie) in [
            ("/api/v1/ws".to_string(), None),
            (format!("/api/v1/ws?token={tom}"), None),
            ("/api/v1/widget/ws?contact_token=nope".to_string(), None),
            ("/api/v1/widget/ws".to_string(), Some(agent.as_str())),
        ] {
            let mut request = server.http.get(server.url(&path));
            if let Some(cookie) = cookie {
                request = request.header("Cookie", cookie);
            }
            assert_eq!(request.send().await.unwrap().status(), 401, "{path}");
        }
    }
}
