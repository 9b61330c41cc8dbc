//! Webhooks over the API (admins): the endpoints that receive signed
//! conversation and message events, and each one's delivery log.

use super::error::{AdminsOnly, AdminsOnlyChange, BadInput, LoginRequired, TooLarge};
use super::{ApiError, ApiJson, ApiPath, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{ErrorBody, Webhook, WebhookDelivery};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The webhooks' routes, with their deliveries.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(webhooks, create_webhook))
        .routes(routes!(change_webhook, delete_webhook))
        .routes(routes!(deliveries))
}

#[derive(Serialize, ToSchema)]
pub struct WebhookList {
    webhooks: Vec<Webhook>,
}

/// Every webhook, with its signing secret (admins).
#[utoipa::path(get, path = "/webhooks", tag = "webhooks", operation_id = "listWebhooks",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Every webhook", body = WebhookList), LoginRequired, AdminsOnly))]
pub async fn webhooks(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<WebhookList>, ApiError> {
    Ok(ApiJson(WebhookList {
        webhooks: state.switchboard.webhooks(&agent).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewWebhook {
    /// Where the events go (http or https).
    #[schema(pattern = "^https?://", max_length = 2000)]
    url: String,
}

/// Registers an endpoint for conversation and message events, signed with
/// a secret of its own (admins).
#[utoipa::path(post, path = "/webhooks", tag = "webhooks", operation_id = "createWebhook",
    request_body = NewWebhook, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The new webhook, with its signing secret", body = Webhook),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        TooLarge,
    ))]
pub async fn create_webhook(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<NewWebhook>,
) -> Result<(StatusCode, ApiJson<Webhook>), ApiError> {
    let webhook = state.switchboard.create_webhook(&agent, &body.url).await?;
    Ok((StatusCode::CREATED, ApiJson(webhook)))
}

#[derive(Deserialize, ToSchema)]
pub struct WebhookChange {
    #[schema(pattern = "^https?://", max_length = 2000)]
    url: Option<String>,
    /// False pauses it.
    active: Option<bool>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct WebhookId {
    /// The webhook's id.
    id: i64,
}

/// Changes a webhook's URL or pauses it (admins).
#[utoipa::path(patch, path = "/webhooks/{id}", tag = "webhooks", operation_id = "changeWebhook",
    params(WebhookId), request_body = WebhookChange, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The webhook as it now is", body = Webhook),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such webhook (`not_found`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn change_webhook(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<WebhookId>,
    ApiJson(body): ApiJson<WebhookChange>,
) -> Result<ApiJson<Webhook>, ApiError> {
    state
        .switchboard
        .change_webhook(&agent, path.id, body.url.as_deref(), body.active, false)
        .await?
        .map(ApiJson)
        .ok_or_else(|| ApiError::not_found("webhook not found"))
}

/// The answer to removing a webhook.
#[derive(Serialize, ToSchema)]
pub struct WebhookDeleted {
    /// The id of the webhook removed.
    deleted: i64,
}

/// Removes a webhook and its delivery log (admins).
#[utoipa::path(delete, path = "/webhooks/{id}", tag = "webhooks", operation_id = "deleteWebhook",
    params(WebhookId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Removed", body = WebhookDeleted),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such webhook (`not_found`)", body = ErrorBody),
    ))]
pub async fn delete_webhook(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<WebhookId>,
) -> Result<ApiJson<WebhookDeleted>, ApiError> {
    state
        .switchboard
        .change_webhook(&agent, path.id, None, None, true)
        .await?;
    Ok(ApiJson(WebhookDeleted { deleted: path.id }))
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryLog {
    deliveries: Vec<WebhookDelivery>,
}

/// A webhook's latest deliveries (100, newest first): state, tries,
/// status, error, time taken.
#[utoipa::path(get, path = "/webhooks/{id}/deliveries", tag = "webhooks", operation_id = "listWebhookDeliveries",
    params(WebhookId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The delivery log", body = DeliveryLog),
        BadInput,
        LoginRequired,
        AdminsOnly,
        (status = 404, description = "No such webhook (`not_found`)", body = ErrorBody),
    ))]
pub async fn deliveries(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<WebhookId>,
) -> Result<ApiJson<DeliveryLog>, ApiError> {
    Ok(ApiJson(DeliveryLog {
        deliveries: state
            .switchboard
            .webhook_deliveries(&agent, path.id)
            .await?,
    }))
}
