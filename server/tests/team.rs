//! Running the team over HTTP, on both databases: invitations (mailed to a
//! real SMTP server by the use case, used once), roles, deactivation that
//! stops sessions and API tokens at once and returns conversations to
//! Pending, API tokens, the audit, and who may do each.

mod common;

use common::*;
use serde_json::{json, Value};
use switchboard_core::types::Role;

async fn get(server: &Server, auth: (&str, &str), path: &str) -> (u16, Value) {
    let response = server
        .http
        .get(server.url(path))
        .header(auth.0, auth.1)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The token in an invitation or reset link.
fn token_of(link: &Value) -> String {
    let url = link["url"].as_str().unwrap();
    url.split("token=").nth(1).unwrap().to_string()
}

async fn join(server: &Server, token: &str, password: &str) -> (u16, Option<String>, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/join"))
        .json(&json!({ "token": token, "password": password }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string());
    (status, cookie, response.json().await.unwrap())
}

on_both! {
    an_invitation_is_used_once_and_its_agent_can_be_deactivated_at_once(server) {
        let admin = server.account("Ada", Role::Admin).await;
        let agent = server.agent("Ben").await;

        // Only admins invite; bad input gets a clear error.
        let (status, _) = server.agent_post(&agent, "/api/v1/team/invitations", json!({ "email": "x@example.com", "name": "X", "role": "agent" })).await;
        assert_eq!(status, 403);
        let (status, body) = server.agent_post(&admin, "/api/v1/team/invitations", json!({ "email": "nope", "name": "X", "role": "agent" })).await;
        assert_eq!(status, 400, "{body}");
        let (status, _) = server.agent_post(&admin, "/api/v1/team/invitations", json!({ "email": "ben@example.com", "name": "Ben", "role": "agent" })).await;
        assert_eq!(status, 409, "already on the team");

        let (status, link) = server.agent_post(&admin, "/api/v1/team/invitations", json!({ "email": "Dana@Example.com", "name": "Dana Scully", "role": "agent" })).await;
        assert_eq!(status, 201, "{link}");
        assert_eq!(link["email"], "dana@example.com");
        assert_eq!(link["mailed"], false, "no mail server in this test");
        let token = token_of(&link);

        // Too short a password keeps the link usable.
        let (status, _, body) = join(&server, &token, "short").await;
        assert_eq!(status, 400, "{body}");
        let (status, cookie, dana) = join(&server, &token, "a long enough password").await;
        assert_eq!(status, 200, "{dana}");
        assert_eq!(dana["name"], "Dana Scully");
        assert_eq!(dana["role"], "agent");
        let dana_cookie = cookie.unwrap();
        let (status, _) = get(&server, ("Cookie", &dana_cookie), "/api/v1/me").await;
        assert_eq!(status, 200);
        // Once only.
        let (status, _, _) = join(&server, &token, "another long password").await;
        assert_eq!(status, 404);
        let (status, _, _) = join(&server, "made-up", "another long password").await;
        assert_eq!(status, 404);

        // Dana takes a conversation and makes an API token.
        let customer = server.customer().await;
        let sent = server.customer_says(&customer, "Hello?").await;
        let number = sent["conversation"]["number"].as_i64().unwrap();
        let (status, _) = server.agent_post(&dana_cookie, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;
        assert_eq!(status, 200);
        let (status, created) = server.agent_post(&dana_cookie, "/api/v1/me/tokens", json!({ "name": "CRM sync" })).await;
        assert_eq!(status, 201);
        let api_token = created["token"].as_str().unwrap().to_string();
        let bearer = format!("Bearer {api_token}");
        let (status, me) = get(&server, ("Authorization", &bearer), "/api/v1/me").await;
        assert_eq!((status, me["name"].as_str()), (200, Some("Dana Scully")));

        // An admin cannot deactivate or demote themselves.
        let (_, team) = get(&server, ("Cookie", &admin), "/api/v1/team").await;
        let id_of = |name: &str| team["agents"].as_array().unwrap().iter().find(|a| a["name"] == name).unwrap()["id"].as_i64().unwrap();
        let (ada_id, dana_id) = (id_of("Ada"), id_of("Dana Scully"));
        let (status, _) = server.agent_patch(&admin, &format!("/api/v1/team/{ada_id}"), json!({ "active": false })).await;
        assert_eq!(status, 422);
        let (status, _) = server.agent_patch(&agent, &format!("/api/v1/team/{dana_id}"), json!({ "active": false })).await;
        assert_eq!(status, 403);

        // Deactivated: her session and token stop at once, her conversation goes back to Pending.
        let (status, changed) = server.agent_patch(&admin, &format!("/api/v1/team/{dana_id}"), json!({ "active": false, "capacity": 3 })).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!((changed["active"].as_bool(), changed["capacity"].as_i64()), (Some(false), Some(3)));
        assert_eq!(get(&server, ("Cookie", &dana_cookie), "/api/v1/me").await.0, 401);
        assert_eq!(get(&server, ("Authorization", &bearer), "/api/v1/me").await.0, 401);
        let (_, conversation) = get(&server, ("Cookie", &admin), &format!("/api/v1/conversations/{number}")).await;
        assert_eq!(conversation["status"], "pending");
        assert!(conversation["assignee"].is_null());
        let login = server.http.post(server.url("/api/v1/auth/login"))
            .json(&json!({ "email": "dana@example.com", "password": "a long enough password" }))
            .send().await.unwrap();
        assert_eq!(login.status(), 401);

        // Back in, with a password reset link.
        let (status, _) = server.agent_patch(&admin, &format!("/api/v1/team/{dana_id}"), json!({ "active": true, "role": "admin" })).await;
        assert_eq!(status, 200);
        let (status, reset) = server.agent_post(&admin, &format!("/api/v1/team/{dana_id}/password_reset"), json!({})).await;
        assert_eq!(status, 201, "{reset}");
        let (status, _, dana) = join(&server, &token_of(&reset), "a brand new password").await;
        assert_eq!(status, 200);
        assert_eq!(dana["role"], "admin");
        // The revoked token stays revoked after reactivation.
        assert_eq!(get(&server, ("Authorization", &bearer), "/api/v1/me").await.0, 401);

        // The audit names each change; agents cannot read it.
        assert_eq!(get(&server, ("Cookie", &agent), "/api/v1/audit").await.0, 403);
        let (status, audit) = get(&server, ("Cookie", &admin), "/api/v1/audit").await;
        assert_eq!(status, 200);
        let actions: Vec<(String, String)> = audit["entries"].as_array().unwrap().iter()
            .map(|e| (e["action"].as_str().unwrap().to_string(), e["subject"].as_str().unwrap().to_string()))
            .collect();
        for expected in ["agent.invited", "agent.deactivated", "agent.capacity_changed", "agent.reactivated", "agent.role_changed", "agent.password_reset"] {
            assert!(actions.contains(&(expected.to_string(), "dana@example.com".to_string())), "{expected} in {actions:?}");
        }
        assert!(audit["entries"][0]["actor"] == "Ada");
    }

    api_tokens_are_shown_once_listed_without_secrets_and_revocable(server) {
        let agent = server.agent("Ben").await;
        let (status, body) = server.agent_post(&agent, "/api/v1/me/tokens", json!({ "name": "  " })).await;
        assert_eq!(status, 400, "{body}");
        let (_, created) = server.agent_post(&agent, "/api/v1/me/tokens", json!({ "name": "Reports" })).await;
        let secret = created["token"].as_str().unwrap().to_string();
        assert!(secret.starts_with("sbt_"));
        let (status, listed) = get(&server, ("Cookie", &agent), "/api/v1/me/tokens").await;
        assert_eq!(status, 200);
        assert!(!listed.to_string().contains(&secret), "the secret is never listed");
        let id = listed["tokens"][0]["id"].as_i64().unwrap();

        // The token works for the API, but not as someone else's.
        let bearer = format!("Bearer {secret}");
        let (status, _) = get(&server, ("Authorization", &bearer), "/api/v1/conversations?view=all&tab=pending").await;
        assert_eq!(status, 200);
        let other = server.agent("Chloe").await;
        let response = server.http.delete(server.url(&format!("/api/v1/me/tokens/{id}"))).header("Cookie", &other).send().await.unwrap();
        assert_eq!(response.status(), 404);
        let response = server.http.delete(server.url(&format!("/api/v1/me/tokens/{id}"))).header("Cookie", &agent).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(get(&server, ("Authorization", &bearer), "/api/v1/me").await.0, 401);
        assert_eq!(get(&server, ("Authorization", "Bearer sbt_made_up"), "/api/v1/me").await.0, 401);
    }

    an_invitation_goes_out_through_the_mail_server(server) {
        let smtp = SmtpSink::start().await;
        let ada = server.switchboard.create_agent("ada@example.com", "Ada", Role::Admin, PASSWORD.into()).await.unwrap();
        let route = smtp.route();
        let link = server.switchboard
            .invite_agent(&ada, "fox@example.com", "Fox Mulder", Role::Agent, "https://inbox.example.com", Some(&route))
            .await
            .unwrap();
        assert!(link.mailed);
        assert!(link.url.starts_with("https://inbox.example.com/join?token="));
        let mut received = smtp.received();
        for _ in 0..50 {
            if !received.is_empty() { break; }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            received = smtp.received();
        }
        assert_eq!(received.len(), 1);
        let mail = received[0].replace("=\r\n", "").replace("=\n", "");
        assert!(header(&mail, "To").unwrap().contains("fox@example.com"));
        assert!(header(&mail, "Subject").unwrap().contains("Ada invited you"));
        assert!(mail.contains(&link.url.replace('=', "=3D")) || mail.contains(&link.url), "{mail}");
    }
}

mod empty_install {
    use super::*;

    on_both! {
    an_empty_install_sets_up_its_first_admin_once(server) {
        let sb = &server.switchboard;
        assert!(sb.first_admin_needed().await.unwrap());
        // Bad input keeps the install open.
        assert!(sb.create_first_admin("not an address", "Ada", PASSWORD.into()).await.is_err());
        assert!(sb.create_first_admin("ada@example.com", "Ada", "short".into()).await.is_err());
        assert!(sb.first_admin_needed().await.unwrap());
        let (ada, session) = sb.create_first_admin("Ada@Example.com", "Ada", PASSWORD.into()).await.unwrap();
        assert!(ada.is_admin());
        assert_eq!(sb.agent_for_session(&session).await.unwrap().id, ada.id);
        assert!(!sb.first_admin_needed().await.unwrap());
        let again = sb.create_first_admin("eve@example.com", "Eve", PASSWORD.into()).await.unwrap_err();
        assert_eq!(again.code(), "forbidden");
        let audit = sb.audit(&ada, None).await.unwrap();
        assert_eq!(audit[0].action, "team.set_up");
    }
    }
}

mod command_line {
    #[test]
    fn token_create_prints_a_token_that_works_as_the_agent() {
        let dir = std::env::temp_dir().join(format!("switchboard-token-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("t.db").display());
        let bin = env!("CARGO_BIN_EXE_switchboard");
        let mut create = std::process::Command::new(bin)
            .args([
                "admin",
                "create",
                "--email",
                "ops@example.com",
                "--name",
                "Ops",
                "--password-stdin",
            ])
            .env("DATABASE_URL", &url)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        create
            .stdin
            .take()
            .unwrap()
            .write_all(b"a long enough password\n")
            .unwrap();
        assert!(create.wait().unwrap().success());
        let out = std::process::Command::new(bin)
            .args([
                "token",
                "create",
                "--email",
                "ops@example.com",
                "--name",
                "Backups",
            ])
            .env("DATABASE_URL", &url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let token = String::from_utf8(out.stdout).unwrap();
        assert!(token.trim().starts_with("sbt_"));
        let unknown = std::process::Command::new(bin)
            .args(["token", "create", "--email", "nobody@example.com"])
            .env("DATABASE_URL", &url)
            .output()
            .unwrap();
        assert!(!unknown.status.success());
        assert!(String::from_utf8_lossy(&unknown.stderr).contains("no active agent"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
