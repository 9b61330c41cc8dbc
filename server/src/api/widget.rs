//! The customer's side of the API, used by the embedded widget.

use super::attachments::{MessageForm, MessageOrForm};
use super::error::{
    AdminsOnly, AdminsOnlyChange, BadInput, ContactTokenRequired, LoginRequired, RateLimited,
    TooLarge,
};
use super::{ApiError, ApiJson, ApiQuery, CurrentAgent, CurrentContact, RawBody};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use switchboard_core::types::ErrorBody;
use switchboard_core::types::{
    AttributesSet, CustomerMessages, CustomerSentMessage, IgnoredMail, PrechatAnswers,
    WidgetConfig, WidgetSession, WidgetSettings, WidgetSettingsChange,
};
use switchboard_core::{InboundEmail, Visitor};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The widget's routes: the customer's side, the widget's settings and
/// inbound e-mail.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(settings, change_settings))
        .routes(routes!(offline))
        .routes(routes!(inbound_email))
        // The loader reads the public config from the host page, another
        // origin: that one read is open to every site, nothing else is.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(config))
                .layer(public_reads()),
        )
        .routes(routes!(start_session))
        .routes(routes!(session))
        .routes(routes!(messages, send))
        .routes(routes!(event))
        .routes(routes!(prechat))
        // The host page's loader says these itself, from the site's origin
        // with the customer's token (no cookies): open to every site.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(set_attributes))
                .routes(routes!(visit))
                // The browser asks first (a preflight); the layer answers
                // it, given a route to answer on (the API's own fallback
                // for other methods would come first).
                .route("/widget/attributes", axum::routing::options(preflight))
                .route("/widget/visit", axum::routing::options(preflight))
                .layer(site_calls()),
        )
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfigQuery {
    /// The widget key of the snippet.
    key: String,
}

/// Lets any site's page read a public, credential-less answer (the widget
/// config): `Access-Control-Allow-Origin: *`, GET only, no cookies.
pub fn public_reads() -> tower_http::cors::CorsLayer {
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([axum::http::Method::GET])
}

/// Lets the host page's loader call with the customer's token from any
/// site: POST with the token's header and a JSON body, never cookies.
pub fn site_calls() -> tower_http::cors::CorsLayer {
    use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([axum::http::Method::POST])
        .allow_headers([
            AUTHORIZATION,
            CONTENT_TYPE,
            axum::http::HeaderName::from_static("x-contact-token"),
        ])
}

/// What a preflight reaches only when the CORS layer did not answer it.
async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// What the widget needs to start (public).
#[utoipa::path(get, path = "/widget/config", tag = "widget", operation_id = "getWidgetConfig",
    params(ConfigQuery),
    responses(
        (status = 200, description = "The widget's texts, look and whether someone can chat now", body = WidgetConfig),
        BadInput,
        (status = 404, description = "No widget has this key (`not_found`)", body = ErrorBody),
        RateLimited,
    ))]
pub async fn config(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ConfigQuery>,
) -> Result<ApiJson<WidgetConfig>, ApiError> {
    Ok(ApiJson(state.switchboard.widget_config(&q.key).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewSession {
    widget_key: String,
    #[schema(max_length = 100)]
    name: Option<String>,
    #[schema(format = Email, max_length = 254)]
    email: Option<String>,
    /// Digits (at least five), spaces and `+ - ( ) . /`.
    #[schema(max_length = 32)]
    phone: Option<String>,
    /// What the site knows of the customer (plan, orders …), shown to agents:
    /// at most 30, names of 1 to 50 characters, values of at most 500 (an
    /// empty value sets nothing).
    #[schema(schema_with = attributes_schema)]
    attributes: Option<std::collections::BTreeMap<String, String>>,
    /// The host site's id of a logged-in customer: their history follows
    /// them to every device.
    #[schema(max_length = 200)]
    identifier: Option<String>,
    /// HMAC-SHA256 of `identifier` with the widget's identity secret (hex),
    /// made by the host site's server. Required while enforcement is on.
    identifier_hash: Option<String>,
}

/// The customer's attributes, with the limits `merge_attributes` keeps.
fn attributes_schema() -> utoipa::openapi::schema::Object {
    use switchboard_core::{MAX_ATTRIBUTES, MAX_ATTRIBUTE_NAME_CHARS, MAX_ATTRIBUTE_VALUE_CHARS};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let text = |min: usize, max: usize| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(min))
            .max_length(Some(max))
    };
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(text(1, MAX_ATTRIBUTE_NAME_CHARS)))
        .additional_properties(Some(text(0, MAX_ATTRIBUTE_VALUE_CHARS)))
        .max_properties(Some(MAX_ATTRIBUTES))
        .examples([serde_json::json!({ "Plan": "Pro", "Orders": "12" })])
        .build()
}

/// A new visitor gets their contact token, their only credential.
#[utoipa::path(post, path = "/widget/sessions", tag = "widget", operation_id = "startWidgetSession",
    request_body = NewSession,
    responses(
        (status = 201, description = "The contact token, the customer and their open conversation", body = WidgetSession),
        BadInput,
        (status = 403, description = "The identifier's signature is wrong, or missing while identity verification is enforced (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No widget has this key (`not_found`)", body = ErrorBody),
        TooLarge,
        RateLimited,
    ))]
pub async fn start_session(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewSession>,
) -> Result<(StatusCode, ApiJson<WidgetSession>), ApiError> {
    // Checked before anything is stored: bad input leaves nothing behind.
    if let Some(attributes) = &body.attributes {
        state.switchboard.check_site_attributes(attributes).await?;
    }
    let session = state
        .switchboard
        .start_widget_session(
            &body.widget_key,
            Visitor {
                name: body.name.as_deref(),
                email: body.email.as_deref(),
                phone: body.phone.as_deref(),
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
            .site_sets_attributes(&contact, &attributes, false)
            .await?;
    }
    Ok((StatusCode::CREATED, ApiJson(session)))
}

/// A returning visitor's contact and current conversation.
#[utoipa::path(get, path = "/widget/session", tag = "widget", operation_id = "getWidgetSession",
    security(("contactToken" = [])),
    responses(
        (status = 200, description = "The customer and their latest conversation", body = WidgetSession),
        ContactTokenRequired,
        RateLimited,
    ))]
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
    #[param(minimum = 0)]
    after_seq: Option<i64>,
}

/// What the customer may see, never private notes: their whole history
/// (every conversation, in the order it was written; the latest 200
/// messages), or with `after_seq` their current conversation after it.
#[utoipa::path(get, path = "/widget/messages", tag = "widget", operation_id = "listCustomerMessages",
    params(AfterSeq), security(("contactToken" = [])),
    responses(
        (status = 200, description = "The customer's history, or their current conversation after `after_seq`", body = CustomerMessages),
        BadInput,
        ContactTokenRequired,
        RateLimited,
    ))]
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
    /// The text (trimmed; empty only when files are sent).
    #[serde(default)]
    #[schema(max_length = 16384)]
    body: String,
    /// Files the customer uploaded (`POST /widget/attachments`), by id,
    /// sent with it: at most 10, 50 MB together.
    #[serde(default)]
    #[schema(max_items = 10)]
    attachments: Vec<String>,
}

/// The customer writes: appended to their open conversation, or a new one.
///
/// The message may also come with its files in one request, as
/// `multipart/form-data`: the fields above as text parts, and each file
/// as a part named `file` (at most 10 files, 50 MB together).
#[utoipa::path(post, path = "/widget/messages", tag = "widget", operation_id = "sendCustomerMessage",
    request_body = CustomerMessage, security(("contactToken" = [])),
    responses(
        (status = 201, description = "Stored (or stored before, with this `client_id`)", body = CustomerSentMessage),
        BadInput,
        ContactTokenRequired,
        (status = 404, description = "A file that is not this customer's (`not_found`)", body = ErrorBody),
        (status = 409, description = "The `client_id` belongs to another message, or a file was sent with another message already (`conflict`)", body = ErrorBody),
        TooLarge,
        RateLimited,
    ))]
pub async fn send(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    message: MessageOrForm<CustomerMessage>,
) -> Result<(StatusCode, ApiJson<CustomerSentMessage>), ApiError> {
    let body = match message {
        MessageOrForm::Json(body) => body,
        MessageOrForm::Form(form) => {
            let switchboard = state.switchboard.clone();
            let form = MessageForm::read(form, |name, bytes| {
                let (switchboard, contact) = (switchboard.clone(), contact.clone());
                async move { switchboard.customer_upload(&contact, &name, bytes).await }
            })
            .await?;
            CustomerMessage {
                client_id: form.text("client_id"),
                body: form.text("body"),
                attachments: form.attachments,
            }
        }
    };
    let sent = state
        .switchboard
        .customer_send_with_files(&contact, &body.client_id, &body.body, &body.attachments)
        .await?;
    Ok((StatusCode::CREATED, ApiJson(sent)))
}

/// The widget's key, identity secret, snippet, texts, look and working
/// hours (admins).
#[utoipa::path(get, path = "/settings/widget", tag = "settings", operation_id = "getWidgetSettings",
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The widget's settings", body = WidgetSettings),
        LoginRequired,
        AdminsOnly,
    ))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
) -> Result<ApiJson<WidgetSettings>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .widget_settings(&agent, &link_base(&state, &headers).url)
            .await?,
    ))
}

/// Changes the widget's texts, look, identity enforcement or working hours
/// (admins); answers the settings as they are now.
#[utoipa::path(patch, path = "/settings/widget", tag = "settings", operation_id = "changeWidgetSettings",
    request_body = WidgetSettingsChange, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The widget's settings as they now are", body = WidgetSettings),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        TooLarge,
    ))]
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
            .widget_settings(&agent, &link_base(&state, &headers).url)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct OfflineMessage {
    /// A UUID made by the widget: the same one twice stores one message.
    #[schema(format = Uuid)]
    client_id: String,
    /// Where the answer goes.
    #[schema(format = Email, max_length = 254)]
    email: String,
    #[schema(max_length = 100)]
    name: Option<String>,
    /// The text (trimmed; not empty).
    #[schema(min_length = 1, max_length = 16384)]
    body: String,
}

/// A message left while nobody can chat: it becomes a ticket, answered by
/// e-mail to the address given.
#[utoipa::path(post, path = "/widget/offline", tag = "widget", operation_id = "sendOfflineMessage",
    request_body = OfflineMessage, security(("contactToken" = [])),
    responses(
        (status = 201, description = "Stored, as a ticket answered by e-mail", body = CustomerSentMessage),
        BadInput,
        ContactTokenRequired,
        (status = 409, description = "The `client_id` belongs to another message (`conflict`)", body = ErrorBody),
        TooLarge,
        RateLimited,
    ))]
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

/// A customer's e-mail, as the mail server received it (a raw RFC 5322
/// message as the request body).
///
/// - With a mailbox's secret (`Authorization: Bearer mbsec_…`, or
///   `?secret=mbsec_…` for a provider that can only be given a URL), it is
///   that mailbox's mail: it joins the conversation whose thread it
///   answers (a signed reply address, `In-Reply-To`/`References`, or
///   `[#22]` in its subject from the conversation's customer), else it
///   opens a new conversation in the mailbox's queue.
/// - Without, only an answer to a signed reply address is taken: it is
///   appended to the conversation the address names; the From header
///   alone is never trusted.
///
/// The same mail twice is stored once. Its files are kept as the
/// message's files; one refused is named in a line after the text. An
/// automatic reply (out of office, `Auto-Submitted`, `Precedence: bulk`),
/// a bounce, or a mail from one of our mailboxes is taken (202) and left
/// out, so no mail loop starts.
#[utoipa::path(post, path = "/inbound/email", tag = "email", operation_id = "receiveInboundEmail",
    params(InboundQuery),
    request_body(
        content((RawBody = "message/rfc822")),
        description = "The raw e-mail (RFC 5322), as the mail server received it (any content type is taken)",
    ),
    responses(
        (status = 201, description = "Appended to its conversation, or a new conversation opened by it", body = CustomerSentMessage),
        (status = 202, description = "An automatic reply, a bounce or our own mail: taken and left out (`ignored` says what it was)", body = IgnoredMail),
        (status = 400, description = "Not a readable e-mail, or nothing but quoted text (`invalid_input`)", body = ErrorBody),
        (status = 403, description = "No recipient is a signed reply address and no mailbox secret was given, or the secret is no mailbox's (`forbidden`)", body = ErrorBody),
        (status = 404, description = "The conversation the address names is gone (`not_found`)", body = ErrorBody),
        (status = 409, description = "Its Message-ID belongs to another customer's message (`conflict`)", body = ErrorBody),
        (status = 413, description = "Over 32 MiB (`too_large`, `payload_too_large`)", body = ErrorBody),
        RateLimited,
    ))]
pub async fn inbound_email(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<InboundQuery>,
    headers: axum::http::HeaderMap,
    raw: axum::body::Bytes,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let secret = bearer.or(query.secret.as_deref());
    Ok(match state.switchboard.inbound_email(&raw, secret).await? {
        InboundEmail::Appended(sent) => (StatusCode::CREATED, ApiJson(*sent)).into_response(),
        InboundEmail::Ignored(ignored) => (StatusCode::ACCEPTED, ApiJson(ignored)).into_response(),
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboundQuery {
    /// A mailbox's forwarding secret (or send it as `Authorization:
    /// Bearer`).
    secret: Option<String>,
}

/// Where links point, for this request (see [`app::PublicUrl::link_base`]).
pub(super) fn link_base(state: &AppState, headers: &axum::http::HeaderMap) -> app::LinkBase {
    app::PublicUrl(state.public_url.clone()).link_base(headers)
}

/// What the widget reports.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomerEventKind {
    /// The customer moved to another page of the site.
    PageChanged,
}

#[derive(Deserialize, ToSchema)]
pub struct CustomerEvent {
    kind: CustomerEventKind,
    /// The page's address.
    #[schema(min_length = 1, max_length = 2048)]
    url: String,
    /// The page's title.
    #[schema(max_length = 300)]
    title: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EventRecorded {
    /// False when the customer has no open conversation to record it in.
    recorded: bool,
}

/// The customer moved to another page of the site: recorded in their open
/// conversation's history.
#[utoipa::path(post, path = "/widget/events", tag = "widget", operation_id = "recordCustomerEvent",
    request_body = CustomerEvent, security(("contactToken" = [])),
    responses(
        (status = 200, description = "Whether it was recorded", body = EventRecorded),
        BadInput,
        ContactTokenRequired,
        TooLarge,
        RateLimited,
    ))]
pub async fn event(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    ApiJson(body): ApiJson<CustomerEvent>,
) -> Result<ApiJson<EventRecorded>, ApiError> {
    let CustomerEventKind::PageChanged = body.kind;
    let recorded = state
        .switchboard
        .customer_page_changed(&contact, &body.url, body.title.as_deref().unwrap_or(""))
        .await?;
    Ok(ApiJson(EventRecorded { recorded }))
}

#[derive(Deserialize, ToSchema)]
pub struct SiteAttributes {
    /// Values by attribute name, each in its kind's form when admins
    /// defined it (an empty value removes it).
    #[schema(schema_with = attributes_schema)]
    attributes: std::collections::BTreeMap<String, String>,
    /// Replace values an agent wrote too (else those stay, named in `kept`).
    #[serde(default)]
    overwrite: bool,
}

/// The host site says what it knows of the customer (`Switchboard('set',
/// {...})` on the page): typed by the attributes admins defined, refused
/// whole when one does not fit; agents see it at once.
#[utoipa::path(post, path = "/widget/attributes", tag = "widget", operation_id = "setCustomerAttributes",
    request_body = SiteAttributes, security(("contactToken" = [])),
    responses(
        (status = 200, description = "The customer's attributes as they now are, and those left as an agent wrote them", body = AttributesSet),
        BadInput,
        ContactTokenRequired,
        TooLarge,
        RateLimited,
    ))]
pub async fn set_attributes(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    ApiJson(body): ApiJson<SiteAttributes>,
) -> Result<ApiJson<AttributesSet>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .site_sets_attributes(&contact, &body.attributes, body.overwrite)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct Visit {
    /// The browser's time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
    #[schema(max_length = 64, examples("Europe/Berlin"))]
    time_zone: Option<String>,
    /// The browser's language (`navigator.language`).
    #[schema(max_length = 35, examples("de-DE"))]
    language: Option<String>,
}

/// The host page's loader says where the customer is (time zone), their
/// language and, by its `User-Agent`, their browser: agents see them in
/// the customer's record.
#[utoipa::path(post, path = "/widget/visit", tag = "widget", operation_id = "recordVisit",
    request_body = Visit, security(("contactToken" = [])),
    responses(
        (status = 200, description = "What was recorded", body = VisitRecorded),
        BadInput,
        ContactTokenRequired,
        TooLarge,
        RateLimited,
    ))]
pub async fn visit(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<Visit>,
) -> Result<ApiJson<VisitRecorded>, ApiError> {
    let user_agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let recorded = state
        .switchboard
        .customer_visits(
            &contact,
            body.time_zone.as_deref(),
            body.language.as_deref(),
            user_agent,
        )
        .await?;
    Ok(ApiJson(VisitRecorded {
        time_zone: recorded.time_zone,
        language: recorded.language,
        browser: recorded.browser,
    }))
}

/// What a visit recorded (none: not said, or a browser not recognised).
#[derive(Serialize, ToSchema)]
pub struct VisitRecorded {
    time_zone: Option<String>,
    language: Option<String>,
    /// The browser in words ("Chrome 131 on Windows 10").
    browser: Option<String>,
}

/// The customer's answers to the pre-chat form (the config's `prechat`):
/// they fill the customer's record, and agents see it at once.
#[utoipa::path(post, path = "/widget/prechat", tag = "widget", operation_id = "answerPrechat",
    request_body = PrechatAnswers, security(("contactToken" = [])),
    responses(
        (status = 200, description = "The customer's session, no longer asked", body = WidgetSession),
        BadInput,
        ContactTokenRequired,
        (status = 409, description = "A verified customer's details come from the site (`conflict`)", body = ErrorBody),
        TooLarge,
        RateLimited,
    ))]
pub async fn prechat(
    State(state): State<AppState>,
    CurrentContact(contact, token): CurrentContact,
    ApiJson(body): ApiJson<PrechatAnswers>,
) -> Result<ApiJson<WidgetSession>, ApiError> {
    state
        .switchboard
        .answer_prechat(&contact, &body.answers, body.consent)
        .await?;
    Ok(ApiJson(
        state.switchboard.resume_widget_session(&token).await?,
    ))
}
