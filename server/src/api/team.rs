//! Running the team over the API: agents (invite, role, capacity,
//! deactivate, password reset), joining through a link, API tokens, and the
//! audit of admin changes.

use super::error::{
    AdminsOnly, AdminsOnlyChange, BadInput, CrossSite, LoginRequired, RateLimited, TooLarge,
};
use super::{ApiError, ApiJson, ApiPath, ApiQuery, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{
    Agent, AgentChange, AgentLink, ApiToken, AuditEntry, ErrorBody, NewApiToken, PendingInvitation,
    Role, TeamMember,
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The team's routes: members, invitations, joining, API tokens, the audit.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(invitations, invite))
        .routes(routes!(revoke_invitation))
        .routes(routes!(invitation_link))
        .routes(routes!(change))
        .routes(routes!(password_reset))
        .routes(routes!(join))
        .routes(routes!(tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(audit))
}

#[derive(Serialize, ToSchema)]
pub struct Team {
    agents: Vec<TeamMember>,
}

/// Everyone on the team, active or not, with their capacity (admins).
#[utoipa::path(get, path = "/team", tag = "team", operation_id = "listTeam",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Everyone on the team", body = Team), LoginRequired, AdminsOnly))]
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
    #[schema(format = Email, max_length = 254)]
    email: String,
    #[schema(min_length = 1, max_length = 100)]
    name: String,
    role: Role,
}

/// Invites someone: a single-use link, valid for 7 days, mailed when a mail
/// server is set and answered here either way (admins).
#[utoipa::path(post, path = "/team/invitations", tag = "team", operation_id = "inviteAgent",
    request_body = Invitation, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The invitation link (shown this once)", body = AgentLink),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 409, description = "Someone with this e-mail is already on the team (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn invite(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<Invitation>,
) -> Result<(StatusCode, ApiJson<AgentLink>), ApiError> {
    let base = super::widget::link_base(&state, &headers);
    let link = state
        .switchboard
        .invite_agent(
            &agent,
            &body.email,
            &body.name,
            body.role,
            &base.url,
            state.mail.as_ref().filter(|_| base.mailable),
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(link)))
}

#[derive(Serialize, ToSchema)]
pub struct Invitations {
    invitations: Vec<PendingInvitation>,
}

/// Invitations not used yet, newest first (admins).
#[utoipa::path(get, path = "/team/invitations", tag = "team", operation_id = "listInvitations",
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The pending invitations (their links are not shown again)", body = Invitations),
        LoginRequired,
        AdminsOnly,
    ))]
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

/// The answer to revoking an invitation.
#[derive(Serialize, ToSchema)]
pub struct InvitationRevoked {
    /// The id of the invitation revoked.
    revoked: i64,
}

/// Revokes a pending invitation: its link stops working at once (admins).
#[utoipa::path(delete, path = "/team/invitations/{id}", tag = "team", operation_id = "revokeInvitation",
    params(InvitationId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Revoked: its link no longer works", body = InvitationRevoked),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such pending invitation (`not_found`)", body = ErrorBody),
    ))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<InvitationId>,
) -> Result<ApiJson<InvitationRevoked>, ApiError> {
    state.switchboard.revoke_invitation(&agent, path.id).await?;
    Ok(ApiJson(InvitationRevoked { revoked: path.id }))
}

/// A fresh link for a pending invitation, to pass on (the link made before
/// stops working; valid 7 days from now; admins).
#[utoipa::path(post, path = "/team/invitations/{id}/link", tag = "team", operation_id = "renewInvitationLink",
    params(InvitationId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "A fresh link (shown this once; the earlier one stops working)", body = AgentLink),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such pending invitation (`not_found`)", body = ErrorBody),
    ))]
pub async fn invitation_link(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
    ApiPath(path): ApiPath<InvitationId>,
) -> Result<(StatusCode, ApiJson<AgentLink>), ApiError> {
    let link = state
        .switchboard
        .renew_invitation(
            &agent,
            path.id,
            &super::widget::link_base(&state, &headers).url,
        )
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
#[utoipa::path(patch, path = "/team/{id}", tag = "team", operation_id = "changeAgent",
    params(AgentId), request_body = AgentChange, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The agent as they now are", body = TeamMember),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such agent (`not_found`)", body = ErrorBody),
        TooLarge,
        (status = 422, description = "Admins cannot deactivate or demote themselves (`not_allowed_now`)", body = ErrorBody),
    ))]
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
#[utoipa::path(post, path = "/team/{id}/password_reset", tag = "team", operation_id = "createPasswordReset",
    params(AgentId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The reset link (shown this once)", body = AgentLink),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such agent (`not_found`)", body = ErrorBody),
    ))]
pub async fn password_reset(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    headers: axum::http::HeaderMap,
    ApiPath(path): ApiPath<AgentId>,
) -> Result<(StatusCode, ApiJson<AgentLink>), ApiError> {
    let base = super::widget::link_base(&state, &headers);
    let link = state
        .switchboard
        .reset_password_link(
            &agent,
            path.id,
            &base.url,
            state.mail.as_ref().filter(|_| base.mailable),
        )
        .await?;
    Ok((StatusCode::CREATED, ApiJson(link)))
}

#[derive(Deserialize, ToSchema)]
pub struct Join {
    /// The token of an invitation or password reset link.
    token: String,
    #[schema(min_length = 8)]
    password: String,
}

/// Uses an invitation (joining the team) or a password reset link: sets
/// the password, logs in (the session cookie) and answers the agent.
#[utoipa::path(post, path = "/join", tag = "auth", operation_id = "useAgentLink",
    request_body = Join,
    responses(
        (status = 200, description = "Joined (or the password is reset) and logged in: the session cookie is set", body = Agent,
            headers(("Set-Cookie" = String, description = "The session cookie (HttpOnly, SameSite=Lax)"))),
        BadInput,
        (status = 404, description = "No such link, or it was used or has expired (`not_found`)", body = ErrorBody),
        (status = 409, description = "Someone with the invitation's e-mail joined meanwhile (`conflict`)", body = ErrorBody),
        TooLarge,
        RateLimited,
    ))]
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
#[utoipa::path(get, path = "/me/tokens", tag = "tokens", operation_id = "listApiTokens",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Your API tokens, revoked ones too", body = TokenList), LoginRequired))]
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
    #[schema(min_length = 1, max_length = 100)]
    name: String,
}

/// A new API token acting as the logged-in agent (`Authorization: Bearer`);
/// its secret is shown this once.
#[utoipa::path(post, path = "/me/tokens", tag = "tokens", operation_id = "createApiToken",
    request_body = TokenName, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The new token, with its secret (shown this once)", body = NewApiToken),
        BadInput,
        LoginRequired,
        CrossSite,
        TooLarge,
    ))]
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

/// The answer to revoking an API token.
#[derive(Serialize, ToSchema)]
pub struct TokenRevoked {
    /// The id of the token revoked.
    revoked: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TokenId {
    /// The token's id.
    id: i64,
}

/// Revokes one of the logged-in agent's API tokens; it stops working at once.
#[utoipa::path(delete, path = "/me/tokens/{id}", tag = "tokens", operation_id = "revokeApiToken",
    params(TokenId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Revoked", body = TokenRevoked),
        BadInput,
        LoginRequired,
        CrossSite,
        (status = 404, description = "You have no token of this id (`not_found`)", body = ErrorBody),
    ))]
pub async fn revoke_token(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<TokenId>,
) -> Result<ApiJson<TokenRevoked>, ApiError> {
    state.switchboard.revoke_api_token(&agent, path.id).await?;
    Ok(ApiJson(TokenRevoked { revoked: path.id }))
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
#[utoipa::path(get, path = "/audit", tag = "audit", operation_id = "listAuditEntries",
    params(AuditQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "A page of the audit, newest first", body = Audit),
        BadInput,
        LoginRequired,
        AdminsOnly,
    ))]
pub async fn audit(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<ApiJson<Audit>, ApiError> {
    Ok(ApiJson(Audit {
        entries: state.switchboard.audit(&agent, q.before_id).await?,
    }))
}
