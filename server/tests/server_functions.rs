//! The browser's door answers a refusal with the same HTTP status as the
//! API (401 for a wrong password, 409 for a conflict …), with the error
//! the page shows, on both databases; a form posted without script is
//! still sent back to its page.

mod common;

use common::*;
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

/// Calls a server function as the browser's client does (a form-encoded
/// body, JSON answered).
async fn call(
    server: &Server,
    path: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> (u16, Value) {
    let mut request = server
        .http
        .post(server.url(path))
        .header("Accept", "application/json")
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

on_both! {
    refusals_answer_with_their_status(server) {
        let (status, error) = call(
            &server,
            app::server::LogIn::PATH,
            &[("email", "nobody@example.com"), ("password", "wrong")],
            None,
        )
        .await;
        assert_eq!((status, error["code"].as_str()), (401, Some("bad_credentials")), "{error}");
        assert_eq!(error["message"], "the e-mail or password is wrong");

        // A conflict: reopening a conversation while the customer has a newer one.
        let ada = server.agent("Ada").await;
        let maria = server.customer().await;
        let first = server.customer_says(&maria, "Hello")
            .await["conversation"]["number"].as_i64().unwrap();
        let (status, _) = server.agent_post(&ada, &format!("/api/v1/conversations/{first}/resolve"), json!({})).await;
        assert_eq!(status, 200);
        let second = server.customer_says(&maria, "Me again")
            .await["conversation"]["number"].as_i64().unwrap();
        let number = first.to_string();
        let (status, error) = call(
            &server,
            app::server::ReopenConversation::PATH,
            &[("number", number.as_str())],
            Some(&ada),
        )
        .await;
        assert_eq!((status, error["code"].as_str()), (409, Some("conflict")), "{error}");
        assert!(error["message"].as_str().unwrap().contains(&format!("#{second}")), "{error}");
        // The API's door says the same.
        let (status, body) = server.agent_post(&ada, &format!("/api/v1/conversations/{first}/reopen"), json!({})).await;
        assert_eq!(status, 409, "{body}");

        // Not logged in: 401, not 500.
        let (status, error) = call(&server, app::server::ReopenConversation::PATH, &[("number", number.as_str())], None).await;
        assert_eq!((status, error["code"].as_str()), (401, Some("unauthenticated")), "{error}");

        // A form posted before the page's script ran is sent back to its page.
        let response = server
            .http
            .post(server.url(app::server::LogIn::PATH))
            .header("Accept", "text/html")
            .header("Referer", server.url("/login"))
            .form(&[("email", "nobody@example.com"), ("password", "wrong")])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection() || response.url().path() == "/login", "{}", response.status());
    }
}
