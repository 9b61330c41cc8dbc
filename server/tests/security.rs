//! The side doors, tried as an attacker would against a real server, on
//! both databases where the store is involved: each attack is refused, and
//! nothing changed in the store.

mod common;

use common::*;
use futures::{SinkExt, StreamExt};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use switchboard_core::auth::identity_hash;
use switchboard_core::types::Role;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

/// A page of another site on the same machine (another port): same-site,
/// so `SameSite` cookies go along; only the origin check stops it.
const SIBLING: &str = "http://127.0.0.1:1";

async fn widget_key_and_secret(server: &Server) -> (String, String) {
    let admin = server.account("Root", Role::Admin).await;
    let response = server
        .http
        .get(server.url("/api/v1/settings/widget"))
        .header("Cookie", &admin)
        .send()
        .await
        .unwrap();
    let settings: Value = response.json().await.unwrap();
    (
        settings["widget_key"].as_str().unwrap().to_string(),
        settings["identity_secret"].as_str().unwrap().to_string(),
    )
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

/// A request as another site's page makes it with the victim's cookie.
fn from_sibling(request: reqwest::RequestBuilder, cookie: &str) -> reqwest::RequestBuilder {
    request.header("Cookie", cookie).header("Origin", SIBLING)
}

on_both! {
    an_unsigned_claim_of_a_verified_customer_is_refused_whatever_the_setting(server) {
        let (key, secret) = widget_key_and_secret(&server).await;
        // Enforcement is off (the default). Grace was verified once.
        let signed = json!({
            "widget_key": key, "name": "Grace", "identifier": "customer-7",
            "identifier_hash": identity_hash(&secret, "customer-7"),
        });
        let (status, grace) = start_session(&server, signed.clone()).await;
        assert_eq!(status, 201, "{grace}");
        let token = grace["contact_token"].as_str().unwrap().to_string();
        server.customer_says(&token, "my card ends in 4242").await;
        let tokens = count(&server, "SELECT COUNT(*) FROM contact_tokens").await;
        let contacts = count(&server, "SELECT COUNT(*) FROM contacts").await;

        // Claiming her identifier unsigned, or wrongly signed: refused.
        for forged in [
            json!({ "widget_key": key, "identifier": "customer-7" }),
            json!({ "widget_key": key, "identifier": "customer-7", "email": "attacker@evil.test" }),
            json!({ "widget_key": key, "identifier": "customer-7", "identifier_hash": identity_hash("guess", "customer-7") }),
        ] {
            let (status, body) = start_session(&server, forged).await;
            assert_eq!(status, 403, "{body}");
            assert_eq!(body["error"]["code"], "forbidden");
        }
        assert_eq!(count(&server, "SELECT COUNT(*) FROM contact_tokens").await, tokens);
        assert_eq!(count(&server, "SELECT COUNT(*) FROM contacts").await, contacts);

        // She still gets in, signed, with her history.
        let (status, again) = start_session(&server, signed).await;
        assert_eq!(status, 201);
        assert_eq!(again["contact"]["id"], grace["contact"]["id"]);

        // An identifier never signed keeps today's behaviour while
        // enforcement is off: an unsigned claim is taken at its word…
        let unsigned = json!({ "widget_key": key, "identifier": "newsletter-9" });
        let (status, first) = start_session(&server, unsigned.clone()).await;
        assert_eq!(status, 201);
        let (status, second) = start_session(&server, unsigned.clone()).await;
        assert_eq!(status, 201);
        assert_eq!(first["contact"]["id"], second["contact"]["id"]);
        // …until it is signed once: from then on it is verified.
        let (status, _) = start_session(&server, json!({
            "widget_key": key, "identifier": "newsletter-9",
            "identifier_hash": identity_hash(&secret, "newsletter-9"),
        })).await;
        assert_eq!(status, 201);
        let (status, _) = start_session(&server, unsigned).await;
        assert_eq!(status, 403);
    }

    another_sites_page_changes_nothing_with_an_agents_cookie(server) {
        let admin = server.account("Ada", Role::Admin).await;
        let agent = server.agent("Ben").await;
        let customer = server.customer().await;
        let sent = server.customer_says(&customer, "Where is my order?").await;
        let n = sent["conversation"]["number"].as_i64().unwrap();
        let webhooks = count(&server, "SELECT COUNT(*) FROM webhooks").await;
        let messages = count(&server, "SELECT COUNT(*) FROM messages").await;

        // A plain <form method=post> aimed at a server function: refused.
        let form = from_sibling(server.http.post(server.url(app::server::AddWebhook::PATH)), &admin)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("url=https%3A%2F%2Fhooks.evil.example%2Fsteal")
            .send().await.unwrap();
        assert_eq!(form.status(), 403);
        let body: Value = form.json().await.unwrap();
        assert_eq!(body["error"]["code"], "forbidden_origin");
        let reply = from_sibling(server.http.post(server.url(app::server::SendMessage::PATH)), &agent)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("number={n}&client_id=7f1d3a52-1111-4d2e-9c55-0a4b8e6f0c01&body=pwned&private=false&signed=false"))
            .send().await.unwrap();
        assert_eq!(reply.status(), 403);

        // Body-less REST requests: accept, resolve, delete, logout.
        for (method, path) in [
            (reqwest::Method::POST, format!("/api/v1/conversations/{n}/accept")),
            (reqwest::Method::POST, format!("/api/v1/conversations/{n}/resolve")),
            (reqwest::Method::DELETE, format!("/api/v1/conversations/{n}")),
            (reqwest::Method::POST, "/api/v1/auth/logout".to_string()),
        ] {
            let cookie = if method == reqwest::Method::DELETE { &admin } else { &agent };
            let response = from_sibling(server.http.request(method.clone(), server.url(&path)), cookie)
                .send().await.unwrap();
            assert_eq!(response.status(), 403, "{method} {path}");
        }
        // A browser that says "cross-site" without an Origin: refused too.
        let response = server.http.post(server.url(&format!("/api/v1/conversations/{n}/accept")))
            .header("Cookie", &agent).header("Sec-Fetch-Site", "cross-site")
            .send().await.unwrap();
        assert_eq!(response.status(), 403);
        // Logging in from another site's page (login CSRF): refused.
        let response = server.http.post(server.url("/api/v1/auth/login"))
            .header("Origin", SIBLING)
            .json(&json!({ "email": "ben@example.com", "password": PASSWORD }))
            .send().await.unwrap();
        assert_eq!(response.status(), 403);

        // Nothing changed: no webhook, no message, still pending and there,
        // and the session still works.
        assert_eq!(count(&server, "SELECT COUNT(*) FROM webhooks").await, webhooks);
        assert_eq!(count(&server, "SELECT COUNT(*) FROM messages").await, messages);
        let response = server.http.get(server.url(&format!("/api/v1/conversations/{n}")))
            .header("Cookie", &agent).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let conversation: Value = response.json().await.unwrap();
        assert_eq!(conversation["status"], "pending");

        // The same requests from Switchboard's own pages go through…
        let own = server.http.post(server.url(&format!("/api/v1/conversations/{n}/accept")))
            .header("Cookie", &agent).header("Origin", &server.base).header("Sec-Fetch-Site", "same-origin")
            .send().await.unwrap();
        assert_eq!(own.status(), 200);
        let own = server.http.post(server.url(app::server::AddWebhook::PATH))
            .header("Cookie", &admin).header("Origin", &server.base)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("url=https%3A%2F%2Fhooks.example.com%2Fin")
            .send().await.unwrap();
        assert_eq!(own.status(), 200, "{}", own.text().await.unwrap());
        // …and an integration's Bearer token works from anywhere.
        let token = server.switchboard.create_api_token(
            &server.switchboard.agent_by_email("ben@example.com").await.unwrap().unwrap(), "CRM").await.unwrap().token;
        let bearer = server.http.post(server.url(&format!("/api/v1/conversations/{n}/return")))
            .bearer_auth(&token).header("Origin", "https://crm.example.net")
            .send().await.unwrap();
        assert_eq!(bearer.status(), 200);
    }

    another_sites_page_cannot_open_an_agents_stream(server) {
        let agent = server.agent("Ben").await;
        let mut request = format!("{}/api/v1/ws", server.base.replace("http://", "ws://"))
            .into_client_request().unwrap();
        request.headers_mut().insert("Cookie", agent.parse().unwrap());
        request.headers_mut().insert("Origin", SIBLING.parse().unwrap());
        match tokio_tungstenite::connect_async(request).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 403),
            other => panic!("a foreign page opened the agent's stream: {:?}", other.map(|_| ())),
        }
        // From Switchboard's own page it opens.
        let mut request = format!("{}/api/v1/ws", server.base.replace("http://", "ws://"))
            .into_client_request().unwrap();
        request.headers_mut().insert("Cookie", agent.parse().unwrap());
        request.headers_mut().insert("Origin", server.base.parse().unwrap());
        assert!(tokio_tungstenite::connect_async(request).await.is_ok());
        // A session secret in the URL opens nothing but the stream.
        let secret = agent.split_once('=').unwrap().1;
        let response = server.http.get(server.url(&format!("/api/v1/me?token={secret}"))).send().await.unwrap();
        assert_eq!(response.status(), 401);
        let socket = format!("{}/api/v1/ws?token={secret}", server.base.replace("http://", "ws://"));
        assert!(tokio_tungstenite::connect_async(socket).await.is_ok());
    }

    bodies_over_the_limit_are_refused_at_every_door(server) {
        let agent = server.agent("Ben").await;
        let customer = server.customer().await;
        let sent = server.customer_says(&customer, "hello").await;
        let n = sent["conversation"]["number"].as_i64().unwrap();
        let messages = count(&server, "SELECT COUNT(*) FROM messages").await;
        for (path, credential) in [
            (format!("/api/v1/conversations/{n}/messages"), format!("Cookie: {agent}")),
            (app::server::SendMessage::PATH.to_string(), format!("Cookie: {agent}")),
            (app::server::LogIn::PATH.to_string(), String::new()),
            ("/api/v1/auth/login".to_string(), String::new()),
            ("/api/v1/widget/messages".to_string(), format!("X-Contact-Token: {customer}")),
            ("/api/v1/inbound/email".to_string(), String::new()),
            ("/api/v1/contacts/import".to_string(), format!("Cookie: {agent}")),
            (app::server::ImportContacts::PATH.to_string(), format!("Cookie: {agent}")),
        ] {
            // Inbound e-mail takes more than the rest (up to 32 MiB).
            let size = if path == "/api/v1/inbound/email" { 33 << 20 } else { 4 << 20 };
            let (status, body) = post_huge(&server, &path, &credential, size).await;
            assert_eq!(status, 413, "{path}: {body}");
            let body: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(body["error"]["code"], "payload_too_large", "{path}");
        }
        assert_eq!(count(&server, "SELECT COUNT(*) FROM messages").await, messages);
        // Inbound e-mail may be larger than the rest (a mail with files).
        let mail = format!("From: a@b.test\r\nTo: reply+1.00@reply.test\r\nSubject: x\r\nMessage-ID: <big@b.test>\r\n\r\n{}", "y".repeat(2 << 20));
        let response = server.http.post(server.url("/api/v1/inbound/email")).body(mail).send().await.unwrap();
        assert_ne!(response.status(), 413);
        // So may a CSV file of customers to import (up to 2 MiB).
        let file = format!("name,email\n{}", "Ada,ada@example.com\n".repeat(40_000));
        let response = server.http.post(server.url("/api/v1/contacts/import?dry_run=true"))
            .header("Cookie", &agent).body(file).send().await.unwrap();
        assert_eq!(response.status(), 403, "read whole, then refused to an agent");
    }

    a_typing_flood_is_throttled_and_cut_off(server) {
        let agent = server.agent("Ben").await;
        let customer = server.customer().await;
        let sent = server.customer_says(&customer, "hello").await;
        let n = sent["conversation"]["number"].as_i64().unwrap();
        let mut watching = server.socket("/api/v1/ws", Some(&agent)).await;
        let mut flooding = server.socket(&format!("/api/v1/widget/ws?contact_token={customer}"), None).await;
        // Let both streams settle (presence, counts).
        drain(&mut watching, Duration::from_millis(300)).await;
        let started = Instant::now();
        let typing = json!({ "type": "typing", "conversation_number": n }).to_string();
        let mut sent_frames = 0;
        for _ in 0..1000 {
            if flooding.send(Message::Text(typing.clone().into())).await.is_err() {
                break;
            }
            sent_frames += 1;
        }
        // The flooding client is told to go (1008) and its stream ends.
        let mut closed = None;
        while let Ok(Some(message)) = tokio::time::timeout(Duration::from_secs(5), flooding.next()).await {
            match message {
                Ok(Message::Close(frame)) => { closed = frame; break; }
                Ok(_) => continue,
                Err(_) => break,
            }
        }
        let closed = closed.expect("the flooding stream was closed with a reason");
        assert_eq!(u16::from(closed.code), 1008);
        assert!(sent_frames > 0);
        // The agent heard "typing" a few times, not a thousand.
        let frames = drain(&mut watching, Duration::from_millis(800)).await;
        let typing_heard = frames.iter().filter(|f| f["type"] == "typing").count();
        let allowed = 1 + (started.elapsed().as_millis() / 500) as usize;
        assert!(typing_heard >= 1 && typing_heard <= allowed, "{typing_heard} typing frames in {:?}", started.elapsed());
    }

    webhooks_cannot_call_into_the_servers_own_network(server) {
        let admin = server.account("Ada", Role::Admin).await;
        let webhooks = count(&server, "SELECT COUNT(*) FROM webhooks").await;
        for url in ["http://127.0.0.1:9/admin", "http://169.254.169.254/latest/meta-data", "http://localhost:6379/", "http://10.0.0.7/hook"] {
            let (status, body) = server.agent_post(&admin, "/api/v1/webhooks", json!({ "url": url })).await;
            assert_eq!(status, 400, "{url}: {body}");
            assert!(body["error"]["message"].as_str().unwrap().contains("public"));
        }
        assert_eq!(count(&server, "SELECT COUNT(*) FROM webhooks").await, webhooks);
        // The operator may allow it (a self-hosted team's own receivers).
        server.switchboard.allow_private_webhooks(true);
        let (status, _) = server.agent_post(&admin, "/api/v1/webhooks", json!({ "url": "http://10.0.0.7/hook" })).await;
        assert_eq!(status, 201);
    }
}

async fn links_are_mailed_only_where_they_lead_back_here(
    switchboard: switchboard_core::Switchboard,
) {
    let smtp = SmtpSink::start().await;
    let server = serve_with(
        switchboard,
        Setup {
            mail: Some(smtp.route()),
            ..Setup::default()
        },
    )
    .await;
    let admin = server.account("Ada", Role::Admin).await;
    // The request said it was for another host: the link is made, shown
    // to the admin, but not mailed.
    let response = server
        .http
        .post(server.url("/api/v1/team/invitations"))
        .header("Cookie", &admin)
        .header("Host", "evil.example.com")
        .json(&json!({ "email": "fox@example.com", "name": "Fox", "role": "agent" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let link: Value = response.json().await.unwrap();
    assert_eq!(link["mailed"], false);
    // To this machine's own address, it is mailed.
    let response = server
        .http
        .post(server.url("/api/v1/team/invitations"))
        .header("Cookie", &admin)
        .json(&json!({ "email": "dana@example.com", "name": "Dana", "role": "agent" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let link: Value = response.json().await.unwrap();
    assert_eq!(link["mailed"], true);
    let mut mails = Vec::new();
    for _ in 0..50 {
        mails = smtp.received();
        if !mails.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("dana@example.com") && !mails[0].contains("evil.example.com"));
}

mod invitation_links {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn on_sqlite() {
        links_are_mailed_only_where_they_lead_back_here(sqlite().await).await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn on_postgres() {
        links_are_mailed_only_where_they_lead_back_here(postgres().await).await;
    }
}

/// Says a body of `size` bytes is coming and sends its start, as a client
/// would before the server cuts in; answers the status and body it got back.
async fn post_huge(server: &Server, path: &str, credential: &str, size: usize) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = server.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let credential = if credential.is_empty() {
        String::new()
    } else {
        format!("{credential}\r\n")
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nOrigin: {}\r\nContent-Type: application/json\r\n\
         {credential}Content-Length: {}\r\nConnection: close\r\n\r\n",
        server.base, size
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(&[b'x'; 16 * 1024]).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Reads frames until the stream is quiet for `quiet`.
async fn drain(socket: &mut Socket, quiet: Duration) -> Vec<Value> {
    let mut frames = Vec::new();
    while let Ok(Some(Ok(message))) = tokio::time::timeout(quiet, socket.next()).await {
        if let Message::Text(text) = message {
            frames.push(serde_json::from_str(&text).unwrap());
        }
    }
    frames
}

mod password_doors {
    use super::*;

    async fn try_login(server: &Server, door: &str, email: &str) -> reqwest::Response {
        let request = server.http.post(server.url(door));
        let request = if door == "/api/v1/auth/login" {
            request.json(&json!({ "email": email, "password": "not the password" }))
        } else {
            request.form(&[("email", email), ("password", "not the password")])
        };
        request.send().await.unwrap()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn guessing_one_accounts_password_is_slowed_at_every_door() {
        let server = serve(sqlite().await).await;
        let _ben = server.agent("Ben").await;
        for door in ["/api/v1/auth/login", app::server::LogIn::PATH] {
            let sessions = count(&server, "SELECT COUNT(*) FROM sessions").await;
            let mut refused = 0;
            for _ in 0..400 {
                let response = try_login(&server, door, "ben@example.com").await;
                match response.status().as_u16() {
                    401 => {}
                    429 => {
                        assert!(response.headers().contains_key("retry-after"), "{door}");
                        refused += 1;
                    }
                    status => panic!("{door} answered {status}"),
                }
            }
            // Five free failures, then waits of 1, 2, 4 … s: however slow
            // the machine, a handful of the 400 get an answer.
            assert!(
                refused >= 380,
                "{door}: only {refused} of 400 guesses were refused"
            );
            assert_eq!(
                count(&server, "SELECT COUNT(*) FROM sessions").await,
                sessions
            );
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn one_address_trying_many_accounts_is_limited() {
        // Twenty tries, then one every three minutes: no more in this test.
        let setup = Setup {
            login_quota: Some(governor::Quota::per_hour(
                std::num::NonZeroU32::new(20).unwrap(),
            )),
            ..Setup::default()
        };
        let server = serve_with(sqlite().await, setup).await;
        server
            .switchboard
            .create_agent("ben@example.com", "Ben", Role::Agent, PASSWORD.into())
            .await
            .unwrap();
        let mut statuses = Vec::new();
        for i in 0..200 {
            let response = match i % 4 {
                0 => {
                    try_login(
                        &server,
                        "/api/v1/auth/login",
                        &format!("user{i}@example.com"),
                    )
                    .await
                }
                1 => {
                    try_login(
                        &server,
                        app::server::LogIn::PATH,
                        &format!("user{i}@example.com"),
                    )
                    .await
                }
                // Guessing invitation or reset links.
                2 => server
                    .http
                    .post(server.url("/api/v1/join"))
                    .json(&json!({ "token": format!("guess{i}"), "password": "a new password" }))
                    .send()
                    .await
                    .unwrap(),
                _ => server
                    .http
                    .post(server.url(app::server::JoinWithLink::PATH))
                    .form(&[
                        ("token", format!("guess{i}")),
                        ("password", "a new password".into()),
                    ])
                    .send()
                    .await
                    .unwrap(),
            };
            statuses.push(response.status().as_u16());
        }
        assert_eq!(
            statuses.iter().filter(|s| **s == 401 || **s == 404).count(),
            20,
            "{statuses:?}"
        );
        assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 180);
        // The address is limited even with the right password, and no
        // session was opened.
        let response = server
            .http
            .post(server.url("/api/v1/auth/login"))
            .json(&json!({ "email": "ben@example.com", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(count(&server, "SELECT COUNT(*) FROM sessions").await, 0);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_unknown_email_takes_as_long_as_a_wrong_password() {
        let switchboard = sqlite().await;
        switchboard
            .create_agent("ben@example.com", "Ben", Role::Agent, PASSWORD.into())
            .await
            .unwrap();
        // Each e-mail a few times (under the free failures), the fastest kept.
        let fastest = |email: &'static str| {
            let switchboard = switchboard.clone();
            async move {
                let mut best = Duration::MAX;
                for _ in 0..4 {
                    let started = Instant::now();
                    assert!(switchboard.login(email, "wrong password").await.is_err());
                    best = best.min(started.elapsed());
                }
                best
            }
        };
        let known = fastest("ben@example.com").await;
        let unknown = fastest("nobody@example.com").await;
        // Without a dummy check the unknown one answers in a fraction of a
        // millisecond; with it, both verify one argon2 hash.
        assert!(unknown * 3 > known, "unknown {unknown:?}, known {known:?}");
        assert!(known * 3 > unknown, "unknown {unknown:?}, known {known:?}");
    }
}

mod pages {
    use super::*;

    fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn every_page_says_what_may_run_and_who_may_frame_it() {
        let server = serve(sqlite().await).await;
        for path in ["/login", "/join?token=secret-token", "/no-such-page"] {
            let response = server.http.get(server.url(path)).send().await.unwrap();
            let policy = header(&response, "content-security-policy").to_string();
            assert!(
                policy.contains("frame-ancestors 'self'"),
                "{path}: {policy}"
            );
            assert!(policy.contains("object-src 'none'"), "{path}");
            assert!(!policy.contains("unsafe-eval'") || policy.contains("'wasm-unsafe-eval'"));
            assert_eq!(header(&response, "x-frame-options"), "SAMEORIGIN");
            assert_eq!(header(&response, "x-content-type-options"), "nosniff");
            assert_eq!(header(&response, "referrer-policy"), "same-origin");
            let nonce = policy
                .split("'nonce-")
                .nth(1)
                .and_then(|rest| rest.split('\'').next())
                .unwrap()
                .to_string();
            let html = response.text().await.unwrap();
            // Every inline script carries this response's nonce.
            let inline: Vec<&str> = html
                .split("<script")
                .skip(1)
                .filter(|tag| !tag.split('>').next().unwrap().contains("src="))
                .collect();
            assert!(!inline.is_empty(), "{path}: the hydration script");
            for tag in inline {
                assert!(
                    tag.split('>')
                        .next()
                        .unwrap()
                        .contains(&format!("nonce=\"{nonce}\"")),
                    "{path}: {tag:.80}"
                );
            }
        }
        // A fresh nonce each time.
        let a = server.http.get(server.url("/login")).send().await.unwrap();
        let b = server.http.get(server.url("/login")).send().await.unwrap();
        assert_ne!(
            header(&a, "content-security-policy"),
            header(&b, "content-security-policy")
        );
        // The API's answers are not sniffed either.
        let api = server
            .http
            .get(server.url("/api/v1/me"))
            .send()
            .await
            .unwrap();
        assert_eq!(header(&api, "x-content-type-options"), "nosniff");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_widget_frame_is_framed_only_by_the_sites_allowed() {
        let server = serve(sqlite().await).await;
        let admin = server.account("Ada", Role::Admin).await;
        let frame = server
            .http
            .get(server.url("/widget/frame"))
            .send()
            .await
            .unwrap();
        let policy = header(&frame, "content-security-policy").to_string();
        assert!(policy.contains("frame-ancestors *"), "{policy}");
        assert!(header(&frame, "x-frame-options").is_empty());
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap()
            .to_string();
        assert!(frame
            .text()
            .await
            .unwrap()
            .contains(&format!("nonce=\"{nonce}\"")));

        let (status, body) = server
            .agent_patch(
                &admin,
                "/api/v1/settings/widget",
                json!({ "allowed_origins": ["https://shop.example.com", "http://localhost:8123"] }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body["allowed_origins"],
            json!(["https://shop.example.com", "http://localhost:8123"])
        );
        tokio::time::sleep(Duration::from_millis(2100)).await; // the settings cache
        let frame = server
            .http
            .get(server.url("/widget/frame"))
            .send()
            .await
            .unwrap();
        assert!(header(&frame, "content-security-policy")
            .contains("frame-ancestors https://shop.example.com http://localhost:8123"));
        // Bad sites are refused, and nothing changes.
        let (status, _) = server
            .agent_patch(
                &admin,
                "/api/v1/settings/widget",
                json!({ "allowed_origins": ["https://x.test; script-src *"] }),
            )
            .await;
        assert_eq!(status, 400);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_public_widget_config_is_readable_from_any_site_and_nothing_private_is() {
        let server = serve(sqlite().await).await;
        let key = server.switchboard.widget_key().await.unwrap();
        let config = server
            .http
            .get(server.url(&format!("/api/v1/widget/config?key={key}")))
            .header("Origin", "https://shop.example.com")
            .send()
            .await
            .unwrap();
        assert_eq!(config.status(), 200);
        assert_eq!(header(&config, "access-control-allow-origin"), "*");
        assert!(header(&config, "access-control-allow-credentials").is_empty());
        let customer = server.customer().await;
        for path in [
            "/api/v1/widget/messages",
            "/api/v1/widget/session",
            "/api/v1/me",
        ] {
            let response = server
                .http
                .get(server.url(path))
                .header("Origin", "https://shop.example.com")
                .header("X-Contact-Token", &customer)
                .send()
                .await
                .unwrap();
            assert!(
                header(&response, "access-control-allow-origin").is_empty(),
                "{path}"
            );
            let preflight = server
                .http
                .request(reqwest::Method::OPTIONS, server.url(path))
                .header("Origin", "https://shop.example.com")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-contact-token")
                .send()
                .await
                .unwrap();
            assert!(
                header(&preflight, "access-control-allow-origin").is_empty(),
                "{path}"
            );
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn metrics_are_for_this_machine_or_the_token_holder() {
        let handle = metrics_exporter_prometheus::PrometheusBuilder::new()
            .build_recorder()
            .handle();
        let setup = Setup {
            metrics: Some(handle.clone()),
            ..Setup::default()
        };
        let server = serve_with(sqlite().await, setup).await;
        // The test's client is on this machine.
        assert_eq!(
            server
                .http
                .get(server.url("/metrics"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let setup = Setup {
            metrics: Some(handle),
            metrics_token: Some("s3cret-metrics".into()),
            ..Setup::default()
        };
        let server = serve_with(sqlite().await, setup).await;
        assert_eq!(
            server
                .http
                .get(server.url("/metrics"))
                .send()
                .await
                .unwrap()
                .status(),
            403
        );
        let wrong = server
            .http
            .get(server.url("/metrics"))
            .bearer_auth("guess")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 403);
        let right = server
            .http
            .get(server.url("/metrics"))
            .bearer_auth("s3cret-metrics")
            .send()
            .await
            .unwrap();
        assert_eq!(right.status(), 200);

        // Behind a proxy on this machine, every request comes from
        // loopback: the address the proxy saw decides.
        let setup = Setup {
            metrics: Some(
                metrics_exporter_prometheus::PrometheusBuilder::new()
                    .build_recorder()
                    .handle(),
            ),
            trust_forwarded: true,
            ..Setup::default()
        };
        let server = serve_with(sqlite().await, setup).await;
        let status = |forwarded: &'static str| {
            let request = server.http.get(server.url("/metrics"));
            async move {
                request
                    .header("X-Forwarded-For", forwarded)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        assert_eq!(status("203.0.113.9").await, 403);
        assert_eq!(status("127.0.0.1, 203.0.113.9").await, 403);
        assert_eq!(status("203.0.113.9, 127.0.0.1").await, 200);
    }

    #[test]
    fn links_point_to_the_public_url_or_are_mailed_only_to_this_machine() {
        let mut headers = axum::http::HeaderMap::new();
        for (host, mailable) in [
            ("127.0.0.1:3000", true),
            ("localhost:8080", true),
            ("[::1]:3000", true),
            ("inbox.example.com", false),
            ("127.0.0.1.evil.example.com", false),
        ] {
            headers.insert(axum::http::header::HOST, host.parse().unwrap());
            let base = app::PublicUrl(None).link_base(&headers);
            assert_eq!(base.url, format!("http://{host}"));
            assert_eq!(base.mailable, mailable, "{host}");
        }
        let set = app::PublicUrl(Some("https://help.example.com/".into())).link_base(&headers);
        assert_eq!(
            set,
            app::LinkBase {
                url: "https://help.example.com".into(),
                mailable: true
            }
        );
    }
}
