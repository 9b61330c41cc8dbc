//! Running the team over the API: agents (invite, role, capacity,
//! deactivate, password reset), joining through a link, API tokens, and the
//! audit of admin changes.

use super::{ApiError, ApiJson, ApiPath, ApiQuery, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{
    Agent, AgentChange, AgentLink, ApiToken, AuditEntry, Availability, ErrorBody, NewApiToken,
    PendingInvitation, Queue, QueueChange, QueueSetup, Role, TeamMember, Webhook, WebhookDelivery,
};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct Team {
    agents: Vec<TeamMember>,
}

/// Everyone on the team, active or not, with their capacity (admins).
#[utoipa::path(get, path = "/team", tag = "team",
    responses((status = 200, body = Team), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<Team>, ApiError> {
    Ok(ApiJson(Team {
        agents: state.switchboard.team(&agent).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct Invitation {
    email: String,
    name: String,
    role: Role,
}

/// Invites someone: a single-use link, valid for 7 days, mailed when a mail
/// server is set and answered here either way (admins).
#[utoipa::path(post, path = "/team/invitations", tag = "team", request_body = Invitation,
    responses((status = 201, body = AgentLink), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn invite(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<Invitation>,
) -> Result<(StatusCode, ApiJson<AgentLink>), ApiError> {
    let link = state
        .switchboard
        .invite_agent(
            &agent,
            &body.email,
            &body.name,
            body.role,
            &super::widget::base_url(&state, &headers),
            state.mail.as_ref(),
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(link)))
}

#[derive(Serialize, ToSchema)]
pub struct Invitations {
    invitations: Vec<PendingInvitation>,
}

/// Invitations not used yet, newest first (admins).
#[utoipa::path(get, path = "/team/invitations", tag = "team",
    responses((status = 200, body = Invitations), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn invitations(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<Invitations>, ApiError> {
    Ok(ApiJson(Invitations {
        invitations: state.switchboard.invitations(&agent).await?,
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InvitationId {
    /// The invitation's id.
    id: i64,
}

/// Revokes a pending invitation: its link stops working at once (admins).
#[utoipa::path(delete, path = "/team/invitations/{id}", tag = "team", params(InvitationId),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<InvitationId>,
) -> Result<StatusCode, ApiError> {
    state.switchboard.revoke_invitation(&agent, path.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A fresh link for a pending invitation, to pass on (the link made before
/// stops working; valid 7 days from now; admins).
#[utoipa::path(post, path = "/team/invitations/{id}/link", tag = "team", params(InvitationId),
    responses((status = 201, body = AgentLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn invitation_link(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
    ApiPath(path): ApiPath<InvitationId>,
) -> Result<(StatusCode, ApiJson<AgentLink>), ApiError> {
    let link = state
        .switchboard
        .renew_invitation(&agent, path.id, &super::widget::base_url(&state, &headers))
        .await?;
    Ok((StatusCode::CREATED, ApiJson(link)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AgentId {
    /// The agent's id.
    id: i64,
}

/// Changes an agent's role, capacity or access (admins). Deactivating ends
/// their sessions and API tokens at once and returns their conversations
/// to Pending.
#[utoipa::path(patch, path = "/team/{id}", tag = "team", params(AgentId), request_body = AgentChange,
    responses((status = 200, body = TeamMember), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<AgentId>,
    ApiJson(change): ApiJson<AgentChange>,
) -> Result<ApiJson<TeamMember>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .change_agent(&agent, path.id, &change)
            .await?,
    ))
}

/// A password reset link for an agent, valid once for 24 hours (admins).
#[utoipa::path(post, path = "/team/{id}/password_reset", tag = "team", params(AgentId),
    responses((status = 201, body = AgentLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn password_reset(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
    ApiPath(path): ApiPath<AgentId>,
) -> Result<(StatusCode, ApiJson<AgentLink>), ApiError> {
    let link = state
        .switchboard
        .reset_password_link(
            &agent,
            path.id,
            &super::widget::base_url(&state, &headers),
            state.mail.as_ref(),
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(link)))
}

#[derive(Deserialize, ToSchema)]
pub struct Join {
    /// The token of an invitation or password reset link.
    token: String,
    password: String,
}

/// Uses an invitation (joining the team) or a password reset link: sets
/// the password, logs in (the session cookie) and answers the agent.
#[utoipa::path(post, path = "/join", tag = "team", request_body = Join,
    responses((status = 200, body = Agent), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn join(
    State(state): State<AppState>,
    jar: CookieJar,
    ApiJson(body): ApiJson<Join>,
) -> Result<(CookieJar, ApiJson<Agent>), ApiError> {
    let (agent, token) = state
        .switchboard
        .use_link(&body.token, body.password)
        .await?;
    Ok((jar.add(state.cookies.session_cookie(token)), ApiJson(agent)))
}

#[derive(Serialize, ToSchema)]
pub struct TokenList {
    tokens: Vec<ApiToken>,
}

/// The logged-in agent's API tokens (never their secrets).
#[utoipa::path(get, path = "/me/tokens", tag = "team",
    responses((status = 200, body = TokenList), (status = 401, body = ErrorBody)))]
pub async fn tokens(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<TokenList>, ApiError> {
    Ok(ApiJson(TokenList {
        tokens: state.switchboard.api_tokens(&agent).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct TokenName {
    /// What uses it, such as "CRM sync".
    name: String,
}

/// A new API token acting as the logged-in agent (`Authorization: Bearer`);
/// its secret is shown this once.
#[utoipa::path(post, path = "/me/tokens", tag = "team", request_body = TokenName,
    responses((status = 201, body = NewApiToken), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<TokenName>,
) -> Result<(StatusCode, ApiJson<NewApiToken>), ApiError> {
    let token = state
        .switchboard
        .create_api_token(&agent, &body.name)
        .await?;
    Ok((StatusCode::CREATED, ApiJson(token)))
}

/// Revokes one of the logged-in agent's API tokens; it stops working at once.
#[utoipa::path(delete, path = "/me/tokens/{id}", tag = "team", params(("id" = i64, Path, description = "The token's id")),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<serde_json::Value>, ApiError> {
    state.switchboard.revoke_api_token(&agent, id).await?;
    Ok(ApiJson(serde_json::json!({ "revoked": id })))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries older than this id (the next page).
    before_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct Audit {
    entries: Vec<AuditEntry>,
}

/// Every change an admin made, newest first, 100 a page (admins).
#[utoipa::path(get, path = "/audit", tag = "team", params(AuditQuery),
    responses((status = 200, body = Audit), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<ApiJson<Audit>, ApiError> {
    Ok(ApiJson(Audit {
        entries: state.switchboard.audit(&agent, q.before_id).await?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct QueueSetups {
    queues: Vec<QueueSetup>,
}

/// Every queue with its members, automatic assignment and hours (admins).
#[utoipa::path(get, path = "/queues/setup", tag = "team",
    responses((status = 200, body = QueueSetups), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn queue_setups(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<QueueSetups>, ApiError> {
    Ok(ApiJson(QueueSetups {
        queues: state.switchboard.queue_setups(&agent).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewQueue {
    name: String,
}

/// Creates a queue (admins).
#[utoipa::path(post, path = "/queues", tag = "team", request_body = NewQueue,
    responses((status = 201, body = Queue), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_queue(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<NewQueue>,
) -> Result<(StatusCode, ApiJson<Queue>), ApiError> {
    let queue = state.switchboard.create_queue(&agent, &body.name).await?;
    Ok((StatusCode::CREATED, ApiJson(queue)))
}

/// Renames a queue, sets its members, automatic assignment (`off`,
/// `round_robin`, `least_busy`), hand-back when an agent goes offline, or
/// working hours (admins).
#[utoipa::path(patch, path = "/queues/{id}", tag = "team", params(("id" = i64, Path, description = "The queue's id")), request_body = QueueChange,
    responses((status = 200, body = QueueSetup), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn change_queue(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<QueueChange>,
) -> Result<ApiJson<QueueSetup>, ApiError> {
    Ok(ApiJson(
        state.switchboard.change_queue(&agent, id, &change).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct AvailabilityChange {
    availability: Availability,
}

/// The logged-in agent is online (takes conversations), away or offline.
#[utoipa::path(put, path = "/me/availability", tag = "team", request_body = AvailabilityChange,
    responses((status = 200, body = Agent), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn set_availability(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<AvailabilityChange>,
) -> Result<ApiJson<Agent>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .set_availability(&agent, body.availability)
            .await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct WebhookList {
    webhooks: Vec<Webhook>,
}

/// Every webhook, with its signing secret (admins).
#[utoipa::path(get, path = "/webhooks", tag = "webhooks",
    responses((status = 200, body = WebhookList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
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
    url: String,
}

/// Registers an endpoint for conversation and message events, signed with
/// a secret of its own (admins).
#[utoipa::path(post, path = "/webhooks", tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, body = Webhook), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
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
    url: Option<String>,
    /// False pauses it.
    active: Option<bool>,
}

/// Changes a webhook's URL or pauses it (admins).
#[utoipa::path(patch, path = "/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path, description = "The webhook's id")), request_body = WebhookChange,
    responses((status = 200, body = Webhook), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn change_webhook(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<WebhookChange>,
) -> Result<ApiJson<Webhook>, ApiError> {
    state
        .switchboard
        .change_webhook(&agent, id, body.url.as_deref(), body.active, false)
        .await?
        .map(ApiJson)
        .ok_or_else(|| ApiError::not_found("webhook not found"))
}

/// Removes a webhook and its delivery log (admins).
#[utoipa::path(delete, path = "/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path, description = "The webhook's id")),
    responses((status = 200, body = Object), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_webhook(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<serde_json::Value>, ApiError> {
    state
        .switchboard
        .change_webhook(&agent, id, None, None, true)
        .await?;
    Ok(ApiJson(serde_json::json!({ "deleted": id })))
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryLog {
    deliveries: Vec<WebhookDelivery>,
}

/// A webhook's latest deliveries: state, tries, status, error, time taken.
#[utoipa::path(get, path = "/webhooks/{id}/deliveries", tag = "webhooks", params(("id" = i64, Path, description = "The webhook's id")),
    responses((status = 200, body = DeliveryLog), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn deliveries(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<DeliveryLog>, ApiError> {
    Ok(ApiJson(DeliveryLog {
        deliveries: state.switchboard.webhook_deliveries(&agent, id).await?,
    }))
}
