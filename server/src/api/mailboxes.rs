//! Mailboxes over the API (admins): the support addresses whose mail
//! becomes conversations, testing their connections; and, for agents, the
//! HTML an e-mail came with, shown apart from the inbox.

use super::error::{AdminsOnly, AdminsOnlyChange, BadInput, LoginRequired, TooLarge};
use super::{ApiError, ApiJson, ApiPath, ApiQuery, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use switchboard_core::types::{ErrorBody, Mailbox, MailboxCheck, MailboxInput};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The mailboxes' routes, and an e-mail's HTML.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(mailboxes, create_mailbox))
        .routes(routes!(change_mailbox, delete_mailbox))
        .routes(routes!(check_mailbox))
        .routes(routes!(message_html))
}

#[derive(Serialize, ToSchema)]
pub struct MailboxList {
    mailboxes: Vec<Mailbox>,
}

/// Every mailbox, with its forwarding secret (admins). Passwords and SMTP
/// URLs are never shown.
#[utoipa::path(get, path = "/mailboxes", tag = "mailboxes", operation_id = "listMailboxes",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Every mailbox", body = MailboxList), LoginRequired, AdminsOnly))]
pub async fn mailboxes(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<MailboxList>, ApiError> {
    Ok(ApiJson(MailboxList {
        mailboxes: state.switchboard.mailboxes(&agent).await?,
    }))
}

/// Adds a support address: its mail (taken from an IMAP folder, or
/// posted to `POST /api/v1/inbound/email` with its secret) becomes
/// conversations in its queue (admins).
#[utoipa::path(post, path = "/mailboxes", tag = "mailboxes", operation_id = "createMailbox",
    request_body = MailboxInput, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The new mailbox, with its forwarding secret", body = Mailbox),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such queue (`not_found`)", body = ErrorBody),
        (status = 409, description = "A mailbox has this address already (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn create_mailbox(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<MailboxInput>,
) -> Result<(StatusCode, ApiJson<Mailbox>), ApiError> {
    let mailbox = state.switchboard.add_mailbox(&agent, &body).await?;
    Ok((StatusCode::CREATED, ApiJson(mailbox)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MailboxId {
    /// The mailbox's id.
    id: i64,
}

/// Changes a mailbox whole; an IMAP password or SMTP URL left out keeps
/// the stored one (admins).
#[utoipa::path(put, path = "/mailboxes/{id}", tag = "mailboxes", operation_id = "changeMailbox",
    params(MailboxId), request_body = MailboxInput, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The mailbox as it now is", body = Mailbox),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such mailbox or queue (`not_found`)", body = ErrorBody),
        (status = 409, description = "Another mailbox has this address (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn change_mailbox(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<MailboxId>,
    ApiJson(body): ApiJson<MailboxInput>,
) -> Result<ApiJson<Mailbox>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .change_mailbox(&agent, path.id, &body)
            .await?,
    ))
}

/// The answer to removing a mailbox.
#[derive(Serialize, ToSchema)]
pub struct MailboxDeleted {
    /// The id of the mailbox removed.
    deleted: i64,
}

/// Removes a mailbox: its mail is taken no more; its conversations stay
/// (admins).
#[utoipa::path(delete, path = "/mailboxes/{id}", tag = "mailboxes", operation_id = "deleteMailbox",
    params(MailboxId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Removed", body = MailboxDeleted),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such mailbox (`not_found`)", body = ErrorBody),
    ))]
pub async fn delete_mailbox(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<MailboxId>,
) -> Result<ApiJson<MailboxDeleted>, ApiError> {
    state.switchboard.remove_mailbox(&agent, path.id).await?;
    Ok(ApiJson(MailboxDeleted { deleted: path.id }))
}

/// Tests a mailbox's connections as stored: its IMAP folder (saying which
/// step failed: DNS, connecting, TLS, login, folder) and its SMTP server
/// (admins). A failed connection is an answer (200, `ok: false`), not an
/// error.
#[utoipa::path(post, path = "/mailboxes/{id}/check", tag = "mailboxes", operation_id = "checkMailbox",
    params(MailboxId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "How each connection went", body = MailboxCheck),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such mailbox (`not_found`)", body = ErrorBody),
    ))]
pub async fn check_mailbox(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<MailboxId>,
) -> Result<ApiJson<MailboxCheck>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .check_mailbox(&agent, path.id, state.mail.as_ref())
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MessagePath {
    /// The conversation's number.
    number: i64,
    /// The message's id.
    id: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HtmlQuery {
    /// Also load the mail's pictures from other hosts (they tell the
    /// sender the mail was read, so they are off until asked for).
    #[serde(default)]
    images: bool,
}

/// The HTML a customer's e-mail came with, sanitised, as a page of its own
/// for a sandboxed frame: it runs nothing, submits nothing, and loads no
/// picture from another host unless `images=true` (agents who may see the
/// conversation).
#[utoipa::path(get, path = "/conversations/{number}/messages/{id}/html", tag = "conversations", operation_id = "getMessageHtml",
    params(MessagePath, HtmlQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The mail's HTML", content_type = "text/html", body = String),
        BadInput,
        LoginRequired,
        (status = 404, description = "No such conversation, or its message has no HTML (`not_found`)", body = ErrorBody),
    ))]
pub async fn message_html(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<MessagePath>,
    ApiQuery(query): ApiQuery<HtmlQuery>,
) -> Result<Response, ApiError> {
    let html = state
        .switchboard
        .message_html(&agent, path.number, path.id)
        .await?;
    let pictures = if query.images {
        "data: cid: https: http:"
    } else {
        "data: cid:"
    };
    let policy = format!(
        "default-src 'none'; img-src {pictures}; style-src 'unsafe-inline'; \
         frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox allow-popups allow-popups-to-escape-sandbox"
    );
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><base target=\"_blank\">\
         <style>body{{font:14px/1.45 system-ui,sans-serif;margin:8px;color:#1f2933;overflow-wrap:anywhere}}\
         img{{max-width:100%;height:auto}}blockquote{{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #cbd2d9;color:#52606d}}</style>\
         </head><body>{html}</body></html>"
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (header::CONTENT_SECURITY_POLICY, policy),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (header::REFERRER_POLICY, "no-referrer".to_string()),
        ],
        page,
    )
        .into_response())
}
