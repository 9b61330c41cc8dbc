//! Customer satisfaction over HTTP, on both databases: the widget's
//! question and rating under the contact token, the agents' live stream,
//! and the report as JSON and CSV.

mod common;

use common::*;
use serde_json::{json, Value};

async fn rating(
    server: &Server,
    token: Option<&str>,
    number: i64,
    body: Option<Value>,
) -> (u16, Value) {
    let url = server.url(&format!("/api/v1/widget/conversations/{number}/rating"));
    let mut request = match &body {
        Some(body) => server.http.put(url).json(body),
        None => server.http.get(url),
    };
    if let Some(token) = token {
        request = request.header("X-Contact-Token", token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

on_both! {
    the_widget_rates_a_resolved_conversation_and_agents_see_it_live(server) {
        let ada = server.account("Ada", switchboard_core::types::Role::Admin).await;
        let token = server.customer().await;
        let number = server.customer_says(&token, "Where is my order?").await["conversation"]["number"].as_i64().unwrap();

        let (status, asked) = rating(&server, Some(&token), number, None).await;
        assert_eq!(status, 200, "{asked}");
        assert_eq!((asked["question"].as_str(), asked["choices"][4]["label"].as_str()), (Some("How did we do?"), Some("Great")));
        assert!(asked["rating"].is_null());
        let (status, refused) = rating(&server, Some(&token), number, Some(json!({ "score": 5 }))).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (422, Some("not_allowed_now")));

        for action in ["accept", "resolve"] {
            let (status, body) = server.agent_post(&ada, &format!("/api/v1/conversations/{number}/{action}"), json!({})).await;
            assert_eq!(status, 200, "{action}: {body}");
        }
        let mut live = server.socket("/api/v1/ws", Some(&ada)).await;
        let (status, rated) = rating(&server, Some(&token), number, Some(json!({ "score": 5, "comment": "Quick and kind" }))).await;
        assert_eq!(status, 200, "{rated}");
        assert_eq!((rated["rating"]["score"].as_i64(), rated["rating"]["comment"].as_str()), (Some(5), Some("Quick and kind")));
        let event = next_of(&mut live, "timeline.event").await;
        assert_eq!((event["event"]["type"].as_str(), event["event"]["data"]["score"].as_i64()), (Some("conversation.rated"), Some(5)));
        let updated = next_of(&mut live, "conversation.updated").await;
        assert_eq!(updated["conversation"]["rating"], 5);

        // Refused: no token, another customer, a score out of range, a
        // comment too long.
        assert_eq!(rating(&server, None, number, Some(json!({ "score": 4 }))).await.0, 401);
        let other = server.customer().await;
        assert_eq!(rating(&server, Some(&other), number, Some(json!({ "score": 1 }))).await.0, 404);
        assert_eq!(rating(&server, Some(&other), number, None).await.0, 404);
        let (status, bad) = rating(&server, Some(&token), number, Some(json!({ "score": 9 }))).await;
        assert_eq!((status, bad["error"]["code"].as_str()), (400, Some("invalid_input")));
        let long = "x".repeat(1001);
        assert_eq!(rating(&server, Some(&token), number, Some(json!({ "score": 4, "comment": long }))).await.0, 400);
        assert_eq!(rating(&server, Some(&token), number, Some(json!({ "score": "five" }))).await.0, 400);

        // The report, as JSON and as CSV.
        let response = server.http.get(server.url("/api/v1/reports/satisfaction?days=7")).header("Cookie", &ada).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let report: Value = response.json().await.unwrap();
        assert_eq!((report["rated"].as_i64(), report["resolved"].as_i64(), report["average"].as_f64()), (Some(1), Some(1), Some(5.0)));
        assert_eq!(report["ratings"][0]["comment"], "Quick and kind");
        let response = server.http.get(server.url("/api/v1/reports/satisfaction/export")).header("Cookie", &ada).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let csv = response.text().await.unwrap();
        assert!(csv.lines().nth(1).unwrap().starts_with(&format!("{number},")), "{csv}");
        let response = server.http.get(server.url("/api/v1/reports/satisfaction?days=0")).header("Cookie", &ada).send().await.unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(server.http.get(server.url("/api/v1/reports/satisfaction")).send().await.unwrap().status(), 401);
    }
}
