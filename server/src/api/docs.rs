//! The OpenAPI document, made from the routes themselves, and a page that
//! shows it to people (served by Switchboard itself: no CDN, works offline).

use crate::html::escape;
use axum::response::{Html, IntoResponse, Response};
use std::fmt::Write;
use std::sync::Arc;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr};
use utoipa::Modify;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        version = "1",
        description = "The HTTP API v1 of Switchboard, a live shared inbox.\n\n\
            Agents authenticate with the session cookie set by `POST /api/v1/auth/login` (browsers) \
            or an API token in `Authorization: Bearer` (programs; made under API tokens in the inbox, \
            `POST /api/v1/me/tokens` or `switchboard token create`). The customer's side (the widget) \
            uses the contact token from `POST /api/v1/widget/sessions` in the `X-Contact-Token` header.\n\n\
            Every error is `{\"error\": {\"code\", \"message\"}}`; the codes are listed under the \
            `ErrorCode` schema. Every time is RFC 3339 (UTC)."
    ),
    // Named by query parameters, which do not bring their schemas along.
    components(schemas(
        switchboard_core::types::View,
        switchboard_core::types::Tab,
        switchboard_core::types::Sort,
        switchboard_core::types::ContactSort
    )),
    tags(
        (name = "auth", description = "Logging in and out, and joining through an invitation or reset link"),
        (name = "me", description = "The logged-in agent and their availability"),
        (name = "agents", description = "The team's agents"),
        (name = "conversations", description = "The inbox and the conversation lifecycle"),
        (name = "customers", description = "Customers' accounts"),
        (name = "attachments", description = "Files: uploaded, then sent by naming them in a message's `attachments`; fetched by agents who may see their conversation"),
        (name = "saved_replies", description = "Saved replies: each agent's own and the team's, filled in for a conversation"),
        (name = "attributes", description = "Customer attributes admins define: name, kind (text, number, date, yes/no, list, link) and place"),
        (name = "labels", description = "Labels: the team's (admins define them) and those on a conversation"),
        (name = "queues", description = "Queues and their automatic assignment"),
        (name = "team", description = "Running the team: invitations, roles, capacity, access (admins)"),
        (name = "tokens", description = "API tokens acting as the logged-in agent"),
        (name = "audit", description = "Every change an admin made (admins)"),
        (name = "reports", description = "Reports on the team's work: customer satisfaction (admins: everyone's; agents: their own) and the busiest hours (admins)"),
        (name = "webhooks", description = "Signed JSON of conversation and message events, sent to your endpoints (admins)"),
        (name = "settings", description = "The widget's settings (admins)"),
        (name = "widget", description = "The customer's side, used by the chat widget"),
        (name = "mailboxes", description = "Support addresses whose mail becomes conversations: taken from an IMAP folder or posted by a mail server; replies leave by SMTP (admins)"),
        (name = "email", description = "Customers' e-mail, posted by the mail server: answers to signed reply addresses, and a mailbox's mail with its secret"),
    )
)]
struct ApiDoc;

/// The three ways in, as each operation's `security` names them.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                app::SESSION_COOKIE,
                "The session cookie `POST /api/v1/auth/login` sets (browsers). Changes sent with it \
                 from another site are refused (`forbidden_origin`).",
            ))),
        );
        components.add_security_scheme(
            "apiToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token (`sbt_…`) acting as the agent who made it, until revoked or \
                         the agent is deactivated: `Authorization: Bearer TOKEN`.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "contactToken",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Contact-Token",
                "A customer's contact token, from `POST /api/v1/widget/sessions`.",
            ))),
        );
    }
}

/// The whole document: the API's routes nested under `/api/v1`.
pub fn openapi_document(api: OpenApi) -> OpenApi {
    use utoipa::OpenApi as _;
    let mut document = ApiDoc::openapi().nest("/api/v1", api);
    SecuritySchemes.modify(&mut document);
    document
}

fn method_operations(item: &utoipa::openapi::PathItem) -> Vec<(&'static str, &Operation)> {
    [
        ("GET", &item.get),
        ("POST", &item.post),
        ("PUT", &item.put),
        ("PATCH", &item.patch),
        ("DELETE", &item.delete),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    .collect()
}

fn schema_name(schema: &RefOr<utoipa::openapi::schema::Schema>) -> String {
    match schema {
        RefOr::Ref(r) => r
            .ref_location
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string(),
        RefOr::T(_) => "object".to_string(),
    }
}

/// The security schemes an operation takes, in words ("none" when public;
/// "optional" when it also takes none).
fn ways_in(op: &Operation) -> String {
    let alternatives = serde_json::to_value(&op.security).unwrap_or_default();
    let Some(alternatives) = alternatives.as_array() else {
        return "none".into();
    };
    let mut names: Vec<&str> = alternatives
        .iter()
        .filter_map(|a| a.as_object())
        .flat_map(|a| a.keys().map(String::as_str))
        .collect();
    let optional = alternatives
        .iter()
        .any(|a| a.as_object().is_some_and(|a| a.is_empty()));
    if names.is_empty() {
        return "none".into();
    }
    names.dedup();
    let mut words = names.join(" or ");
    if optional {
        words.push_str(" (optional)");
    }
    words
}

/// `GET /api/docs`: every path, what it takes and what it answers.
pub fn render_docs(document: &OpenApi) -> String {
    let mut page = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switchboard API</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#18212f}\
         code{background:#eef2f7;padding:.1rem .3rem;border-radius:4px}.op{border:1px solid #e3e8f0;border-radius:8px;padding:.6rem 1rem;margin:.6rem 0}\
         .m{font-weight:700;display:inline-block;min-width:4.5rem}.GET{color:#16a34a}.POST{color:#2563eb}.DELETE{color:#dc2626}\
         small{color:#5b6678}</style></head><body>",
    );
    let _ = write!(
        page,
        "<h1>{}</h1><p>{}</p><p>Machine-readable: <a href=\"/api/openapi.json\"><code>/api/openapi.json</code></a> (OpenAPI 3).</p>",
        escape(&document.info.title),
        escape(document.info.description.as_deref().unwrap_or_default())
    );
    for (path, item) in &document.paths.paths {
        for (method, op) in method_operations(item) {
            let _ = write!(
                page,
                "<div class=\"op\"><span class=\"m {method}\">{method}</span><code>{}</code> {}",
                escape(path),
                escape(op.summary.as_deref().unwrap_or_default())
            );
            if let Some(params) = &op.parameters {
                let list: Vec<String> = params
                    .iter()
                    .map(|p| {
                        let place = match p.parameter_in {
                            ParameterIn::Path => "path",
                            ParameterIn::Query => "query",
                            ParameterIn::Header => "header",
                            ParameterIn::Cookie => "cookie",
                        };
                        format!("<code>{}</code> ({place})", escape(&p.name))
                    })
                    .collect();
                let _ = write!(page, "<br><small>Parameters: {}</small>", list.join(", "));
            }
            let _ = write!(
                page,
                "<br><small>Authentication: {}</small>",
                escape(&ways_in(op))
            );
            if let Some(body) = &op.request_body {
                let schemas: Vec<String> = body
                    .content
                    .values()
                    .filter_map(|c| c.schema.as_ref())
                    .map(schema_name)
                    .collect();
                let _ = write!(
                    page,
                    "<br><small>Body: <code>{}</code></small>",
                    schemas.join(", ")
                );
            }
            let answers: Vec<String> = op
                .responses
                .responses
                .iter()
                .map(|(status, response)| match response {
                    RefOr::T(r) => {
                        let body: Vec<String> = r
                            .content
                            .values()
                            .filter_map(|c| c.schema.as_ref())
                            .map(schema_name)
                            .collect();
                        if body.is_empty() {
                            status.clone()
                        } else {
                            format!("{status} <code>{}</code>", body.join(", "))
                        }
                    }
                    RefOr::Ref(_) => status.clone(),
                })
                .collect();
            let _ = write!(
                page,
                "<br><small>Answers: {}</small></div>",
                answers.join(" · ")
            );
        }
    }
    page.push_str("</body></html>");
    page
}

/// The document and its page, made once at start-up.
#[derive(Clone)]
pub struct ApiDocs {
    json: Arc<String>,
    page: Arc<String>,
}

pub fn api_docs(document: &OpenApi) -> ApiDocs {
    ApiDocs {
        json: Arc::new(document.to_pretty_json().unwrap_or_else(|_| "{}".into())),
        page: Arc::new(render_docs(document)),
    }
}

impl ApiDocs {
    pub fn json(&self) -> Response {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            self.json.as_str().to_owned(),
        )
            .into_response()
    }

    pub fn page(&self) -> Response {
        Html(self.page.as_str().to_owned()).into_response()
    }
}
