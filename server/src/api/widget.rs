//! The customer's side of the API, used by the embedded widget.

use super::{ApiError, ApiJson, ApiQuery, CurrentAgent, CurrentContact};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use switchboard_core::types::ErrorBody;
use switchboard_core::types::{
    CustomerMessages, CustomerSentMessage, WidgetConfig, WidgetSession, WidgetSettings,
    WidgetSettingsChange,
};
use switchboard_core::Visitor;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfigQuery {
    /// The widget key of the snippet.
    key: String,
}

/// What the widget needs to start (public).
#[utoipa::path(get, path = "/widget/config", tag = "widget", params(ConfigQuery),
    responses((status = 200, body = WidgetConfig), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn config(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ConfigQuery>,
) -> Result<ApiJson<WidgetConfig>, ApiError> {
    Ok(ApiJson(state.switchboard.widget_config(&q.key).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewSession {
    widget_key: String,
    name: Option<String>,
    email: Option<String>,
    /// What the site knows of the customer (plan, orders …), shown to agents.
    attributes: Option<std::collections::BTreeMap<String, String>>,
    /// The host site's id of a logged-in customer: their history follows
    /// them to every device.
    identifier: Option<String>,
    /// HMAC-SHA256 of `identifier` with the widget's identity secret (hex),
    /// made by the host site's server. Required while enforcement is on.
    identifier_hash: Option<String>,
}

/// A new visitor gets their contact token, their only credential.
#[utoipa::path(post, path = "/widget/sessions", tag = "widget", request_body = NewSession,
    responses((status = 201, body = WidgetSession), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn start_session(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewSession>,
) -> Result<(StatusCode, ApiJson<WidgetSession>), ApiError> {
    // Checked before anything is stored: bad input leaves nothing behind.
    if let Some(attributes) = &body.attributes {
        switchboard_core::merge_attributes(Default::default(), attributes)?;
    }
    let session = state
        .switchboard
        .start_widget_session(
            &body.widget_key,
            Visitor {
                name: body.name.as_deref(),
                email: body.email.as_deref(),
                identifier: body.identifier.as_deref(),
                identifier_hash: body.identifier_hash.as_deref(),
            },
        )
        .await?;
    if let Some(attributes) = body.attributes.filter(|a| !a.is_empty()) {
        let contact = state
            .switchboard
            .contact_for_token(&session.contact_token)
            .await?;
        state
            .switchboard
            .set_customer_attributes(&contact, &attributes)
            .await?;
    }
    Ok((StatusCode::CREATED, ApiJson(session)))
}

/// A returning visitor's contact and current conversation.
#[utoipa::path(get, path = "/widget/session", tag = "widget", params(("X-Contact-Token" = String, Header, description = "The customer's contact token")),
    responses((status = 200, body = WidgetSession), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn session(
    State(state): State<AppState>,
    CurrentContact(_contact, token): CurrentContact,
) -> Result<ApiJson<WidgetSession>, ApiError> {
    Ok(ApiJson(
        state.switchboard.resume_widget_session(&token).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AfterSeq {
    /// Only what came after this `seq` in the customer's current
    /// conversation; without it, their whole history.
    after_seq: Option<i64>,
}

/// What the customer may see, never private notes: their whole history
/// (every conversation, in the order it was written; the latest 200
/// messages), or with `after_seq` their current conversation after it.
#[utoipa::path(get, path = "/widget/messages", tag = "widget", params(("X-Contact-Token" = String, Header, description = "The customer's contact token"), AfterSeq),
    responses((status = 200, body = CustomerMessages), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn messages(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    ApiQuery(q): ApiQuery<AfterSeq>,
) -> Result<ApiJson<CustomerMessages>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .customer_messages(&contact, q.after_seq)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CustomerMessage {
    /// A UUID made by the widget: the same one twice stores one message.
    #[schema(format = Uuid)]
    client_id: String,
    body: String,
}

/// The customer writes: appended to their open conversation, or a new one.
#[utoipa::path(post, path = "/widget/messages", tag = "widget", params(("X-Contact-Token" = String, Header, description = "The customer's contact token")), request_body = CustomerMessage,
    responses((status = 201, body = CustomerSentMessage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn send(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    ApiJson(body): ApiJson<CustomerMessage>,
) -> Result<(StatusCode, ApiJson<CustomerSentMessage>), ApiError> {
    let sent = state
        .switchboard
        .customer_send(&contact, &body.client_id, &body.body)
        .await?;
    Ok((StatusCode::CREATED, ApiJson(sent)))
}

/// The widget's key, identity secret and snippet (admins).
#[utoipa::path(get, path = "/settings/widget", tag = "widget",
    responses((status = 200, body = WidgetSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
) -> Result<ApiJson<WidgetSettings>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .widget_settings(&agent, &base_url(&state, &headers))
            .await?,
    ))
}

/// Changes the widget's texts, look, identity enforcement or working hours
/// (admins); answers the settings as they are now.
#[utoipa::path(patch, path = "/settings/widget", tag = "widget", request_body = WidgetSettingsChange,
    responses((status = 200, body = WidgetSettings), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn change_settings(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
    ApiJson(change): ApiJson<WidgetSettingsChange>,
) -> Result<ApiJson<WidgetSettings>, ApiError> {
    state
        .switchboard
        .change_widget_settings(&agent, &change)
        .await?;
    Ok(ApiJson(
        state
            .switchboard
            .widget_settings(&agent, &base_url(&state, &headers))
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct OfflineMessage {
    /// A UUID made by the widget: the same one twice stores one message.
    #[schema(format = Uuid)]
    client_id: String,
    /// Where the answer goes.
    email: String,
    name: Option<String>,
    body: String,
}

/// A message left while nobody can chat: it becomes a ticket, answered by
/// e-mail to the address given.
#[utoipa::path(post, path = "/widget/offline", tag = "widget", params(("X-Contact-Token" = String, Header, description = "The customer's contact token")), request_body = OfflineMessage,
    responses((status = 201, body = CustomerSentMessage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn offline(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    ApiJson(body): ApiJson<OfflineMessage>,
) -> Result<(StatusCode, ApiJson<CustomerSentMessage>), ApiError> {
    let sent = state
        .switchboard
        .customer_offline_message(
            &contact,
            &body.client_id,
            &body.email,
            body.name.as_deref(),
            &body.body,
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(sent)))
}

/// A customer's e-mail answer, as the mail server received it (a raw RFC
/// 5322 message as the request body). It is appended to the conversation
/// named by the signed reply address it was sent to; the From header alone
/// is never trusted. The same mail twice is stored once.
#[utoipa::path(post, path = "/inbound/email", tag = "widget",
    request_body(content = String, content_type = "text/plain", description = "The raw e-mail (any content type is taken, message/rfc822 too)"),
    responses((status = 201, body = CustomerSentMessage), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn inbound_email(
    State(state): State<AppState>,
    raw: axum::body::Bytes,
) -> Result<(StatusCode, ApiJson<CustomerSentMessage>), ApiError> {
    let sent = state.switchboard.inbound_email(&raw).await?;
    Ok((StatusCode::CREATED, ApiJson(sent)))
}

/// Where customers' browsers reach this server: the public URL when set,
/// else the host the admin used.
pub(super) fn base_url(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    match &state.public_url {
        Some(url) => url.clone(),
        None => {
            let host = headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1:3000");
            format!("http://{host}")
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct CustomerEvent {
    /// `page_changed`.
    kind: String,
    url: String,
    title: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EventRecorded {
    /// False when the customer has no open conversation to record it in.
    recorded: bool,
}

/// The customer moved to another page of the site: recorded in their open
/// conversation's history.
#[utoipa::path(post, path = "/widget/events", tag = "widget", params(("X-Contact-Token" = String, Header, description = "The customer's contact token")), request_body = CustomerEvent,
    responses((status = 200, body = EventRecorded), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn event(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    ApiJson(body): ApiJson<CustomerEvent>,
) -> Result<ApiJson<EventRecorded>, ApiError> {
    if body.kind != "page_changed" {
        return Err(ApiError::bad_request(format!(
            "`{}` is not an event kind the widget sends",
            body.kind
        )));
    }
    let recorded = state
        .switchboard
        .customer_page_changed(&contact, &body.url, body.title.as_deref().unwrap_or(""))
        .await?;
    Ok(ApiJson(EventRecorded { recorded }))
}
