//! Attachments end to end over HTTP: a customer's screenshot reaches the
//! agent, the agent's PDF reaches the customer, and nobody else gets
//! either; the refusals (type, size, someone else's file, a file sent
//! twice, an altered or expired link, a deleted conversation).

mod common;
use common::*;
use serde_json::{json, Value};
use switchboard_core::types::Role;

/// A real 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0xd, 0xa, 0x1a, 0xa, 0x0, 0x0, 0x0, 0xd, 0x49, 0x48, 0x44, 0x52, 0x0,
    0x0, 0x0, 0x1, 0x0, 0x0, 0x0, 0x1, 0x8, 0x6, 0x0, 0x0, 0x0, 0x1f, 0x15, 0xc4, 0x89, 0x0, 0x0,
    0x0, 0xd, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f, 0xf, 0x0, 0x2,
    0x87, 0x1, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x0, 0x0, 0x0, 0x0, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn form(name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_string())
            // What the client claims counts for nothing.
            .mime_str("text/html")
            .unwrap(),
    )
}

async fn customer_upload(server: &Server, token: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/widget/attachments"))
        .header("X-Contact-Token", token)
        .multipart(form(name, bytes.to_vec()))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn agent_upload(server: &Server, cookie: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/attachments"))
        .header("Cookie", cookie)
        .multipart(form(name, bytes.to_vec()))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn customer_sends(server: &Server, token: &str, body: &str, files: &[&str]) -> (u16, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/widget/messages"))
        .header("X-Contact-Token", token)
        .json(&json!({ "client_id": uuid::Uuid::new_v4(), "body": body, "attachments": files }))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn get(server: &Server, url: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = server.http.get(server.url(url));
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    request.send().await.unwrap()
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

on_both! {
    a_screenshot_and_a_pdf_reach_the_right_people_only(server) {
        let agent = server.agent("Ana").await;
        let maria = server.customer().await;

        // The customer's screenshot: stored, told by its content.
        let (status, shot) = customer_upload(&server, &maria, "C:\\Users\\maria\\screen shot.png", PNG).await;
        assert_eq!(status, 201, "{shot}");
        assert_eq!(shot["name"], "screen shot.png");
        assert_eq!(shot["content_type"], "image/png");
        assert_eq!(shot["size"], PNG.len());
        assert!(text(&shot["url"]).contains("signature="), "{shot}");
        assert!(text(&shot["thumbnail_url"]).contains("/thumbnail?"), "{shot}");
        let shot_id = text(&shot["id"]).to_string();

        // Sent alone, without text; sent again with the same client_id (an
        // answer lost on the way), it is the same message.
        let again = json!({ "client_id": uuid::Uuid::new_v4(), "body": "", "attachments": [shot_id] });
        let mut answers = Vec::new();
        for _ in 0..2 {
            let response = server.http.post(server.url("/api/v1/widget/messages"))
                .header("X-Contact-Token", &maria).json(&again).send().await.unwrap();
            assert_eq!(response.status(), 201);
            answers.push(response.json::<Value>().await.unwrap());
        }
        assert_eq!(answers[0]["message"]["id"], answers[1]["message"]["id"]);
        let sent = answers.remove(0);
        let number = sent["conversation"]["number"].as_i64().unwrap();
        assert_eq!(sent["message"]["attachments"][0]["id"], shot_id.as_str());
        assert!(text(&sent["message"]["attachments"][0]["url"]).contains("signature="));

        // The agent sees it in the timeline, with their own links, and the
        // list's preview names it.
        let timeline: Value = get(&server, &format!("/api/v1/conversations/{number}/timeline"), Some(&agent))
            .await.json().await.unwrap();
        let message = timeline["items"].as_array().unwrap().iter()
            .find(|i| i["attachments"].is_array()).unwrap_or_else(|| panic!("{timeline}")).clone();
        let file = &message["attachments"][0];
        assert_eq!(file["url"], format!("/api/v1/attachments/{shot_id}"));
        assert_eq!(file["thumbnail_url"], format!("/api/v1/attachments/{shot_id}/thumbnail"));
        let conversation: Value = get(&server, &format!("/api/v1/conversations/{number}"), Some(&agent))
            .await.json().await.unwrap();
        assert_eq!(conversation["last_message"], "📎 screen shot.png");

        let response = get(&server, text(&file["url"]), Some(&agent)).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/png");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert!(response.headers()["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
        assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("inline;"));
        assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);
        let response = get(&server, text(&file["thumbnail_url"]), Some(&agent)).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/jpeg");

        // Nobody else: no login, another customer's token, the customer's
        // link altered.
        assert_eq!(get(&server, text(&file["url"]), None).await.status(), 401);
        let response = server.http.get(server.url(text(&file["url"])))
            .header("X-Contact-Token", &maria).send().await.unwrap();
        assert_eq!(response.status(), 401);
        let signed = text(&sent["message"]["attachments"][0]["url"]).to_string();
        assert_eq!(get(&server, &signed, None).await.status(), 200);
        let altered = signed.replace(&shot_id, &uuid::Uuid::new_v4().to_string());
        assert_eq!(get(&server, &altered, None).await.status(), 403);
        let (head, signature) = signed.split_once("signature=").unwrap();
        let forged = format!("{head}signature={}", "0".repeat(signature.len()));
        assert_eq!(get(&server, &forged, None).await.status(), 403);
        // A link signed two days ago has expired.
        let secret = server.switchboard.store().setting("attachment_secret").await.unwrap().unwrap();
        let kept = switchboard_core::attachments::Kept {
            id: shot_id.clone(), name: "x".into(), size: 1, content_type: "image/png".into(), thumbnail: true,
        };
        let old = switchboard_core::attachments::Signer::new(&secret)
            .for_customer(&kept, now_secs() - 2 * 86_400);
        let response = get(&server, &old.url, None).await;
        assert_eq!(response.status(), 403);
        let error: Value = response.json().await.unwrap();
        assert!(text(&error["error"]["message"]).contains("expired"), "{error}");

        // Another customer cannot send Maria's file, nor anyone send it twice.
        let other = server.customer().await;
        let (status, _) = customer_sends(&server, &other, "mine now", &[&shot_id]).await;
        assert_eq!(status, 404);
        let (status, _) = customer_sends(&server, &maria, "again", &[&shot_id]).await;
        assert_eq!(status, 409);

        // The agent answers with a PDF; the customer downloads it.
        let (status, pdf) = agent_upload(&server, &agent, "invoice.pdf", PDF).await;
        assert_eq!(status, 201, "{pdf}");
        assert_eq!(pdf["content_type"], "application/pdf");
        assert!(pdf.get("thumbnail_url").is_none());
        // Before it is sent, only its uploader fetches it.
        let bob = server.agent("Bob").await;
        assert_eq!(get(&server, text(&pdf["url"]), Some(&agent)).await.status(), 200);
        assert_eq!(get(&server, text(&pdf["url"]), Some(&bob)).await.status(), 404);
        let (status, reply) = server.agent_post(&agent, &format!("/api/v1/conversations/{number}/messages"),
            json!({ "client_id": uuid::Uuid::new_v4(), "body": "Here is your invoice", "attachments": [pdf["id"]] })).await;
        assert_eq!(status, 201, "{reply}");
        assert_eq!(get(&server, text(&pdf["url"]), Some(&bob)).await.status(), 200);
        let seen: Value = server.http.get(server.url("/api/v1/widget/messages"))
            .header("X-Contact-Token", &maria).send().await.unwrap().json().await.unwrap();
        let invoice = seen["messages"].as_array().unwrap().iter()
            .find(|m| m["body"] == "Here is your invoice").unwrap()["attachments"][0].clone();
        assert!(text(&invoice["url"]).starts_with("/api/v1/widget/attachments/"), "{invoice}");
        let response = get(&server, text(&invoice["url"]), None).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(
            response.headers()["content-disposition"],
            "attachment; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.pdf"
        );
        assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

        // The customer's account lists both files.
        let contact = conversation["contact"]["id"].as_i64().unwrap();
        let files: Value = get(&server, &format!("/api/v1/contacts/{contact}/attachments"), Some(&agent))
            .await.json().await.unwrap();
        assert_eq!(files["attachments"].as_array().unwrap().len(), 2, "{files}");

        // Deleting the conversation hides its files; restoring shows them.
        let admin = server.account("Ada", Role::Admin).await;
        let response = server.http.delete(server.url(&format!("/api/v1/conversations/{number}")))
            .header("Cookie", &admin).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(get(&server, text(&pdf["url"]), Some(&bob)).await.status(), 404);
        assert_eq!(get(&server, text(&invoice["url"]), None).await.status(), 404);
        let (status, _) = server.agent_post(&admin, &format!("/api/v1/conversations/{number}/restore"), json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(get(&server, text(&pdf["url"]), Some(&bob)).await.status(), 200);
        assert_eq!(get(&server, text(&invoice["url"]), None).await.status(), 200);
    }

    files_of_the_wrong_type_or_size_are_refused_and_nothing_is_kept(server) {
        let agent = server.agent("Ana").await;
        let maria = server.customer().await;
        // A program, whatever its name says.
        let (status, error) = customer_upload(&server, &maria, "photo.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff").await;
        assert_eq!(status, 400, "{error}");
        assert_eq!(error["error"]["code"], "invalid_input");
        let (status, _) = agent_upload(&server, &agent, "tool", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00").await;
        assert_eq!(status, 400);
        // HTML is kept as plain text, and only ever downloaded.
        let (status, page) = agent_upload(&server, &agent, "page.html", b"<script>alert(1)</script>").await;
        assert_eq!(status, 201);
        assert_eq!(page["content_type"], "text/plain; charset=utf-8");
        let response = get(&server, text(&page["url"]), Some(&agent)).await;
        assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
        // Over 20 MB, as it arrives.
        let (status, error) = customer_upload(&server, &maria, "big.txt", &vec![b'a'; 20_000_001]).await;
        assert_eq!(status, 413, "{error}");
        // Not a form, or a form without the file.
        let response = server.http.post(server.url("/api/v1/attachments"))
            .header("Cookie", &agent).json(&json!({ "file": "x" })).send().await.unwrap();
        assert_eq!(response.status(), 400);
        let response = server.http.post(server.url("/api/v1/attachments"))
            .header("Cookie", &agent)
            .multipart(reqwest::multipart::Form::new().text("other", "x"))
            .send().await.unwrap();
        assert_eq!(response.status(), 400);
        // Not logged in.
        let response = server.http.post(server.url("/api/v1/attachments"))
            .multipart(form("a.txt", b"hello".to_vec())).send().await.unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(count(&server, "SELECT COUNT(*) FROM attachments").await, 1);
        // A message of nothing is still refused.
        let (status, _) = customer_sends(&server, &maria, "  ", &[]).await;
        assert_eq!(status, 400);
    }

    a_message_and_its_files_go_in_one_form(server) {
        let agent = server.agent("Ana").await;
        let maria = server.customer().await;
        let part = |name: &str, bytes: &[u8]| {
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string())
        };
        // The customer: a screenshot and its words, one request.
        let client_id = uuid::Uuid::new_v4().to_string();
        let customer_form = || reqwest::multipart::Form::new()
            .text("client_id", client_id.clone())
            .text("body", "it looks like this")
            .part("file", part("screen.png", PNG));
        let mut ids = Vec::new();
        for _ in 0..2 {
            let response = server.http.post(server.url("/api/v1/widget/messages"))
                .header("X-Contact-Token", &maria).multipart(customer_form()).send().await.unwrap();
            assert_eq!(response.status(), 201);
            let sent: Value = response.json().await.unwrap();
            assert_eq!(sent["message"]["body"], "it looks like this");
            assert_eq!(sent["message"]["attachments"][0]["name"], "screen.png");
            assert!(text(&sent["message"]["attachments"][0]["url"]).contains("signature="));
            ids.push(sent["message"]["id"].clone());
        }
        // Sent twice (its answer lost), it is one message.
        assert_eq!(ids[0], ids[1]);
        let sent_number: Value = server.http.get(server.url("/api/v1/widget/messages"))
            .header("X-Contact-Token", &maria).send().await.unwrap().json().await.unwrap();
        let number = sent_number["messages"][0]["conversation_number"].as_i64().unwrap();

        // The agent: a private note with a PDF, one request.
        let form = reqwest::multipart::Form::new()
            .text("client_id", uuid::Uuid::new_v4().to_string())
            .text("private", "true")
            .part("file", part("notes.pdf", PDF));
        let response = server.http.post(server.url(&format!("/api/v1/conversations/{number}/messages")))
            .header("Cookie", &agent).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 201);
        let note: Value = response.json().await.unwrap();
        assert_eq!(note["message"]["private"], true);
        assert_eq!(note["message"]["body"], "");
        let url = text(&note["message"]["attachments"][0]["url"]).to_string();
        let response = get(&server, &url, Some(&agent)).await;
        assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

        // Refused, with the reason: a flag that is not one, too many files,
        // a file of a type not taken.
        let form = reqwest::multipart::Form::new()
            .text("client_id", uuid::Uuid::new_v4().to_string())
            .text("body", "x").text("private", "maybe");
        let response = server.http.post(server.url(&format!("/api/v1/conversations/{number}/messages")))
            .header("Cookie", &agent).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 400);
        let mut form = reqwest::multipart::Form::new().text("client_id", uuid::Uuid::new_v4().to_string());
        for i in 0..11 {
            form = form.part("file", part(&format!("{i}.txt"), b"hello"));
        }
        let response = server.http.post(server.url("/api/v1/widget/messages"))
            .header("X-Contact-Token", &maria).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 400);
        let error: Value = response.json().await.unwrap();
        assert!(text(&error["error"]["message"]).contains("at most 10 files"), "{error}");
        let form = reqwest::multipart::Form::new()
            .text("client_id", uuid::Uuid::new_v4().to_string())
            .part("file", part("run.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"));
        let response = server.http.post(server.url("/api/v1/widget/messages"))
            .header("X-Contact-Token", &maria).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 400);
        // JSON still goes as before.
        let (status, _) = customer_sends(&server, &maria, "and in words", &[]).await;
        assert_eq!(status, 201);
    }

    files_never_sent_are_removed_after_a_week(server) {
        let agent = server.agent("Ana").await;
        let maria = server.customer().await;
        let (_, kept) = customer_upload(&server, &maria, "sent.png", PNG).await;
        let (status, _) = customer_sends(&server, &maria, "", &[text(&kept["id"])]).await;
        assert_eq!(status, 201);
        let (_, given_up) = agent_upload(&server, &agent, "given-up.png", PNG).await;
        let (_, recent) = agent_upload(&server, &agent, "recent.pdf", PDF).await;
        // Nothing is young enough to go yet.
        assert_eq!(server.switchboard.remove_unsent_files().await.unwrap(), 0);
        let week_ago = switchboard_core::clock::now_ms() - switchboard_core::attachments::UNSENT_KEPT_MS - 1;
        execute(&server, &format!("UPDATE attachments SET created_at = {week_ago} WHERE id IN ('{}', '{}')",
            text(&kept["id"]), text(&given_up["id"]))).await;
        // The file never sent goes, bytes and row; the sent one and the
        // recent one stay.
        assert_eq!(server.switchboard.remove_unsent_files().await.unwrap(), 1);
        assert_eq!(get(&server, text(&given_up["url"]), Some(&agent)).await.status(), 404);
        assert_eq!(count(&server, &format!("SELECT COUNT(*) FROM attachments WHERE id = '{}'", text(&given_up["id"]))).await, 0);
        assert_eq!(get(&server, text(&recent["url"]), Some(&agent)).await.status(), 200);
        let seen: Value = server.http.get(server.url("/api/v1/widget/messages"))
            .header("X-Contact-Token", &maria).send().await.unwrap().json().await.unwrap();
        let url = text(&seen["messages"][0]["attachments"][0]["url"]).to_string();
        assert_eq!(get(&server, &url, None).await.status(), 200);
    }

    staff_chat_files_reach_the_channel_only(server) {
        let ana = server.agent("Ana").await;
        let bob = server.agent("Bob").await;
        let eve = server.agent("Eve").await;
        let maria = server.customer().await;
        let as_agent = |cookie: &str| {
            let token = cookie.split_once('=').unwrap().1.to_string();
            let switchboard = server.switchboard.clone();
            async move { switchboard.agent_for_session(&token).await.unwrap() }
        };
        let (ana_agent, bob_agent) = (as_agent(&ana).await, as_agent(&bob).await);
        let private = server.switchboard.create_channel(&ana_agent, "night shift", "", true).await.unwrap().channel.id;
        server.switchboard.invite_to_channel(&ana_agent, private, &[bob_agent.id]).await.unwrap();

        // Ana's screenshot goes to the private channel, alone.
        let (status, shot) = agent_upload(&server, &ana, "queue.png", PNG).await;
        assert_eq!(status, 201, "{shot}");
        let shot_id = text(&shot["id"]).to_string();
        let client_id = uuid::Uuid::new_v4().to_string();
        let sent = server.switchboard
            .send_chat_message(&ana_agent, private, &client_id, "", std::slice::from_ref(&shot_id)).await.unwrap();
        assert_eq!(sent.attachments.len(), 1);
        assert_eq!(sent.attachments[0].url, format!("/api/v1/attachments/{shot_id}"));
        // The same client_id again is the same message, files and all.
        let again = server.switchboard
            .send_chat_message(&ana_agent, private, &client_id, "", std::slice::from_ref(&shot_id)).await.unwrap();
        assert_eq!(again.id, sent.id);
        // The history carries it; a member fetches it, nobody else does.
        let page = server.switchboard.chat_history(&bob_agent, private, None, None).await.unwrap();
        assert_eq!(page.messages.last().unwrap().attachments[0].id, shot_id);
        assert_eq!(get(&server, &sent.attachments[0].url, Some(&bob)).await.status(), 200);
        assert_eq!(get(&server, &sent.attachments[0].url, Some(&eve)).await.status(), 404);
        assert_eq!(get(&server, &sent.attachments[0].url, None).await.status(), 401);
        // Neither a customer's link nor another message can take it.
        let (status, _) = customer_sends(&server, &maria, "mine", &[&shot_id]).await;
        assert_eq!(status, 404);
        let other = server.switchboard
            .send_chat_message(&ana_agent, private, &uuid::Uuid::new_v4().to_string(), "again", std::slice::from_ref(&shot_id)).await;
        assert!(other.is_err());
        // Deleting the message deletes its file for everyone.
        let deleted = server.switchboard.delete_chat_message(&ana_agent, sent.id).await.unwrap();
        assert!(deleted.attachments.is_empty());
        assert_eq!(get(&server, &sent.attachments[0].url, Some(&bob)).await.status(), 404);
        assert_eq!(get(&server, &sent.attachments[0].url, Some(&ana)).await.status(), 404);
    }
}

/// A message waiting in the customer's outbox while the server restarts
/// names a file uploaded before: sent after the restart (and again, its
/// answer lost), it goes once, with its file.
async fn a_file_waits_through_a_restart(url: &str, folder: &std::path::Path) {
    let open = || async {
        switchboard_core::Switchboard::open(url)
            .await
            .unwrap()
            .with_files(switchboard_core::attachments::Files::folder(folder).unwrap())
    };
    let before = serve(open().await).await;
    let maria = before.customer().await;
    let (status, shot) = customer_upload(&before, &maria, "screen.png", PNG).await;
    assert_eq!(status, 201, "{shot}");
    drop(before);

    let after = serve(open().await).await;
    let waiting = json!({ "client_id": uuid::Uuid::new_v4(), "body": "see this", "attachments": [shot["id"]] });
    let mut answers = Vec::new();
    for _ in 0..2 {
        let response = after
            .http
            .post(after.url("/api/v1/widget/messages"))
            .header("X-Contact-Token", &maria)
            .json(&waiting)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        answers.push(response.json::<Value>().await.unwrap());
    }
    assert_eq!(answers[0]["message"]["id"], answers[1]["message"]["id"]);
    let file = &answers[0]["message"]["attachments"][0];
    assert_eq!(file["id"], shot["id"]);
    let response = get(&after, text(&file["url"]), None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_waits_through_a_restart_on_sqlite() {
    let path =
        std::env::temp_dir().join(format!("switchboard-restart-{}.db", uuid::Uuid::new_v4()));
    let folder = std::env::temp_dir().join(format!("switchboard-restart-{}", uuid::Uuid::new_v4()));
    a_file_waits_through_a_restart(&format!("sqlite://{}", path.display()), &folder).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_waits_through_a_restart_on_postgres() {
    let (url, _) = postgres_with_url().await;
    let folder = std::env::temp_dir().join(format!("switchboard-restart-{}", uuid::Uuid::new_v4()));
    a_file_waits_through_a_restart(&url, &folder).await;
}

/// A customer's screenshot, uploaded through one node, sent and read
/// through the other: the bytes in S3-compatible storage, what is known
/// of them in the shared database.
async fn through_two_nodes(a: Server, b: Server, s3: &S3Store) {
    let agent = b.agent("Ana").await;
    let maria = a.customer().await;
    let (status, shot) = customer_upload(&a, &maria, "shot.png", PNG).await;
    assert_eq!(status, 201, "{shot}");
    // The file and its thumbnail are in the bucket, under the prefix.
    assert_eq!(s3.objects("team/files/").await, 1);
    assert_eq!(s3.objects("team/thumbnails/").await, 1);
    let (status, sent) = customer_sends(&a, &maria, "see this", &[text(&shot["id"])]).await;
    assert_eq!(status, 201, "{sent}");
    let number = sent["conversation"]["number"].as_i64().unwrap();
    let timeline: Value = get(
        &b,
        &format!("/api/v1/conversations/{number}/timeline"),
        Some(&agent),
    )
    .await
    .json()
    .await
    .unwrap();
    let file = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["attachments"].is_array())
        .unwrap()["attachments"][0]
        .clone();
    let response = get(&b, text(&file["url"]), Some(&agent)).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);
    let response = get(&b, text(&file["thumbnail_url"]), Some(&agent)).await;
    assert_eq!(response.status(), 200);
    // The customer's signed link, signed by A, works on B.
    let signed = text(&sent["message"]["attachments"][0]["url"]).to_string();
    assert_eq!(get(&b, &signed, None).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn files_live_in_s3_compatible_storage_on_sqlite() {
    let s3 = S3Store::start().await;
    let node = sqlite().await.with_files(s3.files("team"));
    let server = serve(node).await;
    let other = Server {
        base: server.base.clone(),
        switchboard: server.switchboard.clone(),
        http: reqwest::Client::new(),
    };
    through_two_nodes(server, other, &s3).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_nodes_on_postgres_share_files_in_s3_compatible_storage() {
    let s3 = S3Store::start().await;
    let (url, first) = postgres_with_url().await;
    let a = serve(first.with_files(s3.files("team"))).await;
    let second = switchboard_core::Switchboard::open(&url)
        .await
        .unwrap()
        .with_files(s3.files("team"));
    let b = serve(second).await;
    through_two_nodes(a, b, &s3).await;
}

/// Files of a reply in an e-mail ticket go out as the mail's attachments.
mod by_email {
    use super::*;

    on_both! {
        a_reply_to_an_email_ticket_mails_its_files_as_attachments(server) {
            let smtp = SmtpSink::start().await;
            let agent = server.agent("Ben").await;
            let token = server.customer().await;
            let response = server.http.post(server.url("/api/v1/widget/offline"))
                .header("X-Contact-Token", &token)
                .json(&json!({ "client_id": uuid::Uuid::new_v4(), "email": "maria@example.net", "body": "My invoice, please" }))
                .send().await.unwrap();
            assert_eq!(response.status(), 201);
            let sent: Value = response.json().await.unwrap();
            let number = sent["conversation"]["number"].as_i64().unwrap();
            let (status, _) = server.agent_post(&agent, &format!("/api/v1/conversations/{number}/accept"), json!({})).await;
            assert_eq!(status, 200);
            let (status, pdf) = agent_upload(&server, &agent, "invoice \"May\".pdf", PDF).await;
            assert_eq!(status, 201, "{pdf}");
            let (status, reply) = server.agent_post(&agent, &format!("/api/v1/conversations/{number}/messages"),
                json!({ "client_id": uuid::Uuid::new_v4(), "body": "Here it is.", "attachments": [pdf["id"]] })).await;
            assert_eq!(status, 201, "{reply}");

            assert_eq!(server.switchboard.send_due_mail(Some(&smtp.route())).await.unwrap(), 1);
            let mut received = smtp.received();
            for _ in 0..50 {
                if !received.is_empty() { break; }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                received = smtp.received();
            }
            assert_eq!(received.len(), 1);
            let mail = &received[0];
            assert!(header(mail, "Content-Type").unwrap().starts_with("multipart/mixed"), "{mail}");
            assert!(mail.contains("Here it is."), "{mail}");
            let parsed = mail_parser::MessageParser::default().parse(mail.as_bytes()).unwrap();
            let file = parsed.attachments().next().expect("the PDF as an attachment");
            assert_eq!(mail_parser::MimeHeaders::attachment_name(file), Some("invoice May.pdf"));
            assert_eq!(file.contents(), PDF);
        }
    }
}
