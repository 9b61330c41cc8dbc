//! The OpenAPI document as a client generator reads it, and the server
//! keeping what it says: one name per operation, the way in of each, real
//! schemas and the errors each can answer, limits as the rules enforce
//! them, JSON for unknown paths and methods.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::HashSet;
use switchboard_core::lifecycle::{MAX_BODY_CHARS, MAX_PAGE_TITLE_CHARS, MAX_PAGE_URL_CHARS};
use switchboard_core::types::{ErrorCode, Role};
use switchboard_core::{
    MAX_ATTRIBUTES, MAX_ATTRIBUTE_NAME_CHARS, MAX_ATTRIBUTE_VALUE_CHARS, MAX_PAGE, MAX_SEARCH_CHARS,
};

async fn document(server: &Server) -> Value {
    let response = server
        .http
        .get(server.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Every operation: (method, path, operation).
fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut all = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            all.push((method.to_uppercase(), path.clone(), operation.clone()));
        }
    }
    all
}

/// What a `$ref` points at, followed once.
/// Every `$ref` in a part of the document.
fn references_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            if let Some(Value::String(reference)) = fields.get("$ref") {
                found.push(reference.clone());
            }
            fields.values().for_each(|v| references_in(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| references_in(v, found)),
        _ => {}
    }
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            &document["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// The operations anyone may call (the rest need a credential).
const PUBLIC: [&str; 7] = [
    "logIn",
    "useAgentLink",
    "getWidgetConfig",
    "startWidgetSession",
    "receiveInboundEmail",
    // A signed link is its own key (so an `<img src>` works).
    "getCustomerAttachment",
    "getCustomerAttachmentThumbnail",
];

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_is_named_secured_and_answers_real_schemas() {
    let server = serve(sqlite().await).await;
    let document = document(&server).await;
    assert_eq!(document["openapi"], "3.1.0");
    let schemes = document["components"]["securitySchemes"]
        .as_object()
        .unwrap();
    assert_eq!(schemes["apiToken"]["scheme"], "bearer");
    assert_eq!(
        (
            schemes["session"]["in"].as_str(),
            schemes["session"]["name"].as_str()
        ),
        (Some("cookie"), Some(app::SESSION_COOKIE))
    );
    assert_eq!(schemes["contactToken"]["name"], "X-Contact-Token");
    let tags: HashSet<&str> = document["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();

    // Every schema named anywhere is defined (generated clients stop at
    // the first that is not).
    let mut references = Vec::new();
    references_in(&document, &mut references);
    for reference in references {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{reference}"));
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{reference} is defined"
        );
    }

    let mut ids = HashSet::new();
    for (method, path, operation) in operations(&document) {
        let at = format!("{method} {path}");
        let id = operation["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{at}: no operationId"));
        assert!(ids.insert(id.to_string()), "{at}: operationId {id} twice");
        assert!(
            id.chars().next().unwrap().is_ascii_lowercase()
                && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{at}: {id}"
        );
        let operation_tags = operation["tags"].as_array().unwrap();
        assert_eq!(operation_tags.len(), 1, "{at}: one area");
        assert!(
            tags.contains(operation_tags[0].as_str().unwrap()),
            "{at}: its tag is declared"
        );

        // The way in: none for the public doors, else the schemes of its side.
        let security: Vec<HashSet<String>> = operation["security"]
            .as_array()
            .map(|alternatives| {
                alternatives
                    .iter()
                    .map(|a| a.as_object().unwrap().keys().cloned().collect())
                    .collect()
            })
            .unwrap_or_default();
        let named: HashSet<&str> = security.iter().flatten().map(String::as_str).collect();
        if PUBLIC.contains(&id) {
            assert!(security.is_empty(), "{at}: public");
        } else if path.starts_with("/api/v1/widget/") {
            assert_eq!(named, HashSet::from(["contactToken"]), "{at}");
        } else if id == "logOut" {
            assert_eq!(named, HashSet::from(["session"]), "{at}");
        } else {
            assert_eq!(named, HashSet::from(["session", "apiToken"]), "{at}");
        }
        for scheme in &named {
            assert!(schemes.contains_key(*scheme), "{at}: {scheme} is defined");
        }

        let responses = operation["responses"].as_object().unwrap();
        for (status, response) in responses {
            let description = response["description"].as_str().unwrap_or_default();
            assert!(!description.trim().is_empty(), "{at} {status}: described");
            let content = response["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{at} {status}: a body"));
            // A file (the customers' CSV export, an attachment) is a
            // string of its own type.
            if let Some((_, file)) = content.iter().find(|(t, _)| *t != "application/json") {
                let schema = resolve(&document, &file["schema"]);
                assert!(
                    status.starts_with('2') && schema["type"] == "string",
                    "{at} {status}"
                );
                continue;
            }
            let schema = resolve(&document, &content["application/json"]["schema"]);
            if status.starts_with('2') {
                assert!(
                    schema["properties"].is_object() || schema["oneOf"].is_array(),
                    "{at} {status}: a real schema, not a bare object: {schema}"
                );
            } else {
                assert_eq!(
                    content["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody",
                    "{at} {status}"
                );
            }
        }
        // A body can be too large; a door anyone can knock on is rate limited.
        let takes_body = operation["requestBody"].is_object();
        assert_eq!(
            responses.contains_key("413"),
            takes_body,
            "{at}: 413 exactly where a body is taken"
        );
        let limited = [
            "/api/v1/widget/",
            "/api/v1/inbound/",
            "/api/v1/auth/login",
            "/api/v1/join",
        ]
        .iter()
        .any(|p| path.starts_with(p));
        assert_eq!(
            responses.contains_key("429"),
            limited,
            "{at}: 429 exactly where rate limited"
        );
        if limited {
            assert!(
                responses["429"]["headers"]["Retry-After"].is_object(),
                "{at}: Retry-After"
            );
        }
        // Logging out without a session is no error.
        if !PUBLIC.contains(&id) && id != "logOut" {
            assert!(
                responses.contains_key("401"),
                "{at}: 401 for a missing credential"
            );
        }
    }
    assert!(ids.len() >= 45, "{} operations", ids.len());
    // The readable page says the same.
    let page = server
        .http
        .get(server.url("/api/docs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for words in [
        "Authentication: session or apiToken",
        "Authentication: contactToken",
        "Authentication: none",
    ] {
        assert!(page.contains(words), "{words}");
    }
    for id in [
        "listConversations",
        "sendAgentMessage",
        "sendCustomerMessage",
        "getTimeline",
    ] {
        assert!(ids.contains(id), "{id}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn closed_sets_times_and_limits_are_in_the_schemas() {
    let server = serve(sqlite().await).await;
    let document = document(&server).await;
    let schemas = &document["components"]["schemas"];

    // Every error code, with its meaning.
    let codes: Vec<&str> = schemas["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let all: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, all);
    for code in ErrorCode::ALL {
        assert!(schemas["ErrorCode"]["description"]
            .as_str()
            .unwrap()
            .contains(code.meaning()));
    }
    assert_eq!(
        schemas["ErrorDetail"]["properties"]["code"]["$ref"],
        "#/components/schemas/ErrorCode"
    );
    for (schema, field, set) in [
        ("QueueSetup", "assignment_policy", "AssignmentPolicy"),
        ("WidgetConfig", "position", "WidgetPosition"),
        ("WebhookDelivery", "state", "DeliveryState"),
        ("WebhookDelivery", "event_type", "WebhookEventType"),
        ("AgentLink", "kind", "LinkKind"),
        ("TimelineEvent", "type", "EventType"),
        ("AuditEntry", "action", "AuditAction"),
    ] {
        assert_eq!(
            schemas[schema]["properties"][field]["$ref"],
            format!("#/components/schemas/{set}"),
            "{schema}.{field}"
        );
        assert!(schemas[set]["enum"].as_array().unwrap().len() >= 2, "{set}");
    }

    // The timeline's members are named, tagged by `kind`.
    let item = &schemas["TimelineItem"];
    assert_eq!(item["discriminator"]["propertyName"], "kind");
    for member in item["oneOf"].as_array().unwrap() {
        let named = resolve(&document, member);
        assert!(
            named["required"]
                .as_array()
                .unwrap()
                .contains(&json!("kind")),
            "{member}"
        );
    }

    // Every time is a date-time; no schema is named after a Rust type alias.
    assert!(schemas.get("String").is_none());
    for (schema, field) in [
        ("Conversation", "created_at"),
        ("Message", "created_at"),
        ("ApiToken", "last_used_at"),
        ("Snooze", "until"),
        ("AgentLink", "expires_at"),
    ] {
        assert_eq!(
            schemas[schema]["properties"][field]["format"], "date-time",
            "{schema}.{field}"
        );
    }

    // Limits, as the rules enforce them.
    let list = &document["paths"]["/api/v1/conversations"]["get"]["parameters"];
    let limit = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap();
    assert_eq!(
        (
            limit["schema"]["minimum"].as_i64(),
            limit["schema"]["maximum"].as_i64()
        ),
        (Some(1), Some(MAX_PAGE))
    );
    let search = &document["paths"]["/api/v1/search"]["get"]["parameters"][0];
    assert_eq!(
        search["schema"]["maxLength"].as_u64(),
        Some(MAX_SEARCH_CHARS as u64)
    );
    for schema in ["NewMessage", "CustomerMessage", "OfflineMessage"] {
        assert_eq!(
            schemas[schema]["properties"]["body"]["maxLength"].as_u64(),
            Some(MAX_BODY_CHARS as u64),
            "{schema}"
        );
    }
    assert_eq!(
        schemas["CustomerEvent"]["properties"]["url"]["maxLength"].as_u64(),
        Some(MAX_PAGE_URL_CHARS as u64)
    );
    assert_eq!(
        schemas["CustomerEvent"]["properties"]["title"]["maxLength"].as_u64(),
        Some(MAX_PAGE_TITLE_CHARS as u64)
    );
    let attributes = &schemas["NewSession"]["properties"]["attributes"];
    assert_eq!(
        attributes["maxProperties"].as_u64(),
        Some(MAX_ATTRIBUTES as u64)
    );
    assert_eq!(
        attributes["propertyNames"]["maxLength"].as_u64(),
        Some(MAX_ATTRIBUTE_NAME_CHARS as u64)
    );
    assert_eq!(
        attributes["additionalProperties"]["maxLength"].as_u64(),
        Some(MAX_ATTRIBUTE_VALUE_CHARS as u64)
    );
    assert_eq!(
        schemas["AgentChange"]["properties"]["capacity"]["maximum"],
        100
    );

    // Inbound e-mail is a raw message.
    let inbound = &document["paths"]["/api/v1/inbound/email"]["post"]["requestBody"]["content"];
    assert!(inbound["message/rfc822"].is_object(), "{inbound}");
}

on_both! {
    limits_are_enforced_as_documented(server) {
        let ada = server.agent("Ada").await;
        let get = |path: String| {
            let request = server.http.get(server.url(&path)).header("Cookie", &ada);
            async move {
                let response = request.send().await.unwrap();
                (response.status().as_u16(), response.json::<Value>().await.unwrap())
            }
        };
        for limit in [0, MAX_PAGE + 1, 1000] {
            let (status, body) = get(format!("/api/v1/conversations?limit={limit}")).await;
            assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_input")), "limit={limit}: {body}");
        }
        for limit in [1, MAX_PAGE] {
            assert_eq!(get(format!("/api/v1/conversations?limit={limit}")).await.0, 200, "limit={limit}");
        }
        let (status, body) = get("/api/v1/conversations?tab=everything".into()).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_query")));
        let (status, _) = get(format!("/api/v1/search?q={}", "é".repeat(MAX_SEARCH_CHARS))).await;
        assert_eq!(status, 200, "200 characters are a search, however many bytes");

        // A message body counts characters, as maxLength does.
        let token = server.customer().await;
        let number = server.customer_says(&token, "Hello").await["conversation"]["number"].as_i64().unwrap();
        let path = format!("/api/v1/conversations/{number}/messages");
        let longest = json!({ "client_id": uuid::Uuid::new_v4(), "body": "é".repeat(MAX_BODY_CHARS) });
        assert_eq!(server.agent_post(&ada, &path, longest).await.0, 201);
        let longer = json!({ "client_id": uuid::Uuid::new_v4(), "body": "é".repeat(MAX_BODY_CHARS + 1) });
        let (status, body) = server.agent_post(&ada, &path, longer).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_input")));
    }

    a_snooze_says_its_time_in_rfc3339(server) {
        let ada = server.agent("Ada").await;
        let token = server.customer().await;
        let number = server.customer_says(&token, "Hello").await["conversation"]["number"].as_i64().unwrap();
        let (status, _) = server.agent_post(&ada, &format!("/api/v1/conversations/{number}/snooze"), json!({ "until": "2099-01-31T09:00:00Z" })).await;
        // More than a year ahead is refused; a day is taken.
        assert_eq!(status, 400);
        let until = switchboard_core::clock::rfc3339(switchboard_core::clock::now_ms() + 86_400_000);
        let (status, snoozed) = server.agent_post(&ada, &format!("/api/v1/conversations/{number}/snooze"), json!({ "until": until })).await;
        assert_eq!(status, 200, "{snoozed}");
        let timeline: Value = server.http.get(server.url(&format!("/api/v1/conversations/{number}/timeline")))
            .header("Cookie", &ada).send().await.unwrap().json().await.unwrap();
        let event = timeline["items"].as_array().unwrap().iter().find(|i| i["type"] == "conversation.snoozed").unwrap();
        assert_eq!(event["data"]["until"], json!(until));
        assert_eq!(snoozed["snoozed_until"], json!(until));
    }

    unknown_paths_methods_and_webhooks_answer_json_errors(server) {
        // The webhook below points at this machine.
        server.switchboard.allow_private_webhooks(true);
        let admin = server.account("Root", Role::Admin).await;
        let wrong_method = server.http.post(server.url("/api/v1/me")).header("Cookie", &admin).send().await.unwrap();
        assert_eq!(wrong_method.status(), 405);
        assert_eq!(wrong_method.headers()["allow"], "GET,HEAD");
        let body: Value = wrong_method.json().await.unwrap();
        assert_eq!(body["error"]["code"], "method_not_allowed");
        let wrong_method = server.http.delete(server.url("/api/openapi.json")).send().await.unwrap();
        assert_eq!(wrong_method.status(), 405);
        assert_eq!(wrong_method.json::<Value>().await.unwrap()["error"]["code"], "method_not_allowed");
        let unknown = server.http.get(server.url("/api/v1/no/such/path")).send().await.unwrap();
        assert_eq!(unknown.status(), 404);
        assert_eq!(unknown.json::<Value>().await.unwrap()["error"]["code"], "not_found");

        // A missing webhook has no delivery log, as it cannot be deleted.
        let missing = server.http.get(server.url("/api/v1/webhooks/9999/deliveries")).header("Cookie", &admin).send().await.unwrap();
        assert_eq!(missing.status(), 404);
        assert_eq!(missing.json::<Value>().await.unwrap()["error"]["code"], "not_found");
        let (status, hook) = server.agent_post(&admin, "/api/v1/webhooks", json!({ "url": "http://127.0.0.1:9/hook" })).await;
        assert_eq!(status, 201);
        let id = hook["id"].as_i64().unwrap();
        let log = server.http.get(server.url(&format!("/api/v1/webhooks/{id}/deliveries"))).header("Cookie", &admin).send().await.unwrap();
        assert_eq!(log.status(), 200);

        // The small answers have shapes of their own.
        let deleted: Value = server.http.delete(server.url(&format!("/api/v1/webhooks/{id}"))).header("Cookie", &admin).send().await.unwrap().json().await.unwrap();
        assert_eq!(deleted, json!({ "deleted": id }));
        let logout: Value = server.http.post(server.url("/api/v1/auth/logout")).header("Cookie", &admin).send().await.unwrap().json().await.unwrap();
        assert_eq!(logout, json!({ "status": "logged_out" }));
    }
}
