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

/// The text of a raw mail, decoded.
fn text_of(raw: &str) -> String {
    let parsed = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap();
    parsed.body_text(0).unwrap().into_owned()
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

    a_resolved_e_mail_ticket_asks_by_mail_and_its_link_rates_it(server) {
        let sink = SmtpSink::start().await;
        let route = sink.route();
        let ben = server.agent("Ben").await;
        let offline = |body: &str| json!({ "client_id": uuid::Uuid::new_v4(), "email": "maria@example.net", "body": body });
        let token = server.customer().await;
        let sent: Value = server.http.post(server.url("/api/v1/widget/offline")).header("X-Contact-Token", &token)
            .json(&offline("Do you ship to Iceland?")).send().await.unwrap().json().await.unwrap();
        let number = sent["message"]["conversation_number"].as_i64().unwrap();
        for action in ["accept", "resolve"] {
            assert_eq!(server.agent_post(&ben, &format!("/api/v1/conversations/{number}/{action}"), json!({})).await.0, 200);
        }
        // Not at once (an undo within the delay sends nothing) …
        assert_eq!(server.switchboard.send_due_rating_mails(&route).await.unwrap(), 0);
        // … then once.
        execute(&server, "UPDATE rating_mails SET due_at = 0").await;
        assert_eq!(server.switchboard.send_due_rating_mails(&route).await.unwrap(), 1);
        assert_eq!(server.switchboard.send_due_rating_mails(&route).await.unwrap(), 0);
        let mails = sink.received();
        assert_eq!(mails.len(), 1);
        assert_eq!(header(&mails[0], "Subject").as_deref(), Some(format!("How did we do? [#{number}]").as_str()));
        assert!(header(&mails[0], "Reply-To").unwrap().contains(&format!("reply+{number}.")));
        let text = text_of(&mails[0]);
        let link = text.lines().find(|l| l.contains("4 Good:")).unwrap().rsplit_once(' ').unwrap().1.to_string();
        let path = link.strip_prefix("https://support.acme.test").unwrap();
        assert!(path.starts_with(&format!("/rate/{number}?score=4&t=")), "{path}");

        // Opening the link records nothing; it shows the face picked.
        let page = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("How did we do?") && html.contains(r#"aria-label="4 of 5: Good" aria-pressed="true""#), "{html}");
        assert_eq!(count(&server, "SELECT COUNT(*) FROM ratings").await, 0);
        // Sending the form does; the comment is kept as text.
        let t = path.rsplit_once("t=").unwrap().1;
        let form = [("t", t), ("score", "4"), ("comment", "<b>Fast</b> answer")];
        let answered = server.http.post(server.url(&format!("/rate/{number}"))).form(&form).send().await.unwrap();
        assert_eq!(answered.status(), 200);
        let html = answered.text().await.unwrap();
        assert!(html.contains("Thank you! You rated it 4 of 5 (Good).") && html.contains("&lt;b&gt;Fast&lt;/b&gt; answer"), "{html}");
        let opened: Value = server.http.get(server.url(&format!("/api/v1/conversations/{number}"))).header("Cookie", &ben)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(opened["rating"], 4, "{opened}");

        // A link of another conversation, or altered, rates nothing.
        let forged = server.http.post(server.url(&format!("/rate/{}", number + 1))).form(&form).send().await.unwrap();
        assert_eq!(forged.status(), 404);
        let altered = server.http.get(server.url(&path.replace("t=", "t=0"))).send().await.unwrap();
        assert_eq!(altered.status(), 404);
        let no_score = server.http.post(server.url(&format!("/rate/{number}"))).form(&[("t", t)]).send().await.unwrap();
        assert_eq!(no_score.status(), 400);

        // Reopened before the mail went: none is sent.
        let second: Value = server.http.post(server.url("/api/v1/widget/offline")).header("X-Contact-Token", &server.customer().await)
            .json(&offline("And to Norway?")).send().await.unwrap().json().await.unwrap();
        let other = second["message"]["conversation_number"].as_i64().unwrap();
        for action in ["accept", "resolve", "reopen"] {
            let (status, body) = server.agent_post(&ben, &format!("/api/v1/conversations/{other}/{action}"), json!({})).await;
            assert_eq!(status, 200, "{action}: {body}");
        }
        execute(&server, "UPDATE rating_mails SET due_at = 0").await;
        assert_eq!(server.switchboard.send_due_rating_mails(&route).await.unwrap(), 0);
        assert_eq!(count(&server, "SELECT COUNT(*) FROM rating_mails").await, 0);
        assert_eq!(sink.received().len(), 1);
    }
}
