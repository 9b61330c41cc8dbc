//! Agents over the API: logging in and out, who is logged in and which
//! alerts they want, the team's agents and the queues they can pick from.

use super::error::{BadInput, CrossSite, LoginRequired, RateLimited, TooLarge};
use super::{ApiError, ApiJson, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{Agent, AlertPreferences, ErrorBody, Queue};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The agents' routes: logging in and out, who is logged in, the team's
/// agents and the queues.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(alert_preferences, set_alert_preferences))
        .routes(routes!(list))
        .routes(routes!(queues))
}

#[derive(Serialize, ToSchema)]
pub struct AgentList {
    agents: Vec<Agent>,
}

#[derive(Serialize, ToSchema)]
pub struct QueueList {
    queues: Vec<Queue>,
}

#[derive(Deserialize, ToSchema)]
pub struct Login {
    email: String,
    password: String,
}

/// Log in: sets the session cookie and answers the agent.
///
/// The cookie is for browsers; programs use an API token
/// (`Authorization: Bearer`) instead.
#[utoipa::path(post, path = "/auth/login", tag = "auth", operation_id = "logIn",
    request_body = Login,
    responses(
        (status = 200, description = "Logged in: the session cookie is set", body = Agent,
            headers(("Set-Cookie" = String, description = "The session cookie (HttpOnly, SameSite=Lax)"))),
        BadInput,
        (status = 401, description = "The e-mail or password is wrong (`bad_credentials`)", body = ErrorBody),
        TooLarge,
        RateLimited,
    ))]
pub async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    ApiJson(body): ApiJson<Login>,
) -> Result<(CookieJar, ApiJson<Agent>), ApiError> {
    let (agent, token) = state.switchboard.login(&body.email, &body.password).await?;
    Ok((jar.add(state.cookies.session_cookie(token)), ApiJson(agent)))
}

/// The answer to logging out.
#[derive(Serialize, ToSchema)]
pub struct LoggedOut {
    /// Always `logged_out`.
    status: LogoutStatus,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum LogoutStatus {
    LoggedOut,
}

/// Log out: ends the session, if there is one, and clears the cookie.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", operation_id = "logOut",
    security(("session" = []), ()),
    responses(
        (status = 200, description = "Logged out (also when there was no session)", body = LoggedOut),
        CrossSite,
    ))]
pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> Result<Response, ApiError> {
    if let Some(cookie) = jar.get(app::SESSION_COOKIE) {
        state.switchboard.logout(cookie.value()).await?;
    }
    let jar = jar.add(state.cookies.cleared_cookie());
    Ok((
        StatusCode::OK,
        jar,
        ApiJson(LoggedOut {
            status: LogoutStatus::LoggedOut,
        }),
    )
        .into_response())
}

/// The logged-in agent (or the agent an API token acts as).
#[utoipa::path(get, path = "/me", tag = "me", operation_id = "getMe",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "The agent", body = Agent), LoginRequired))]
pub async fn me(CurrentAgent(agent): CurrentAgent) -> ApiJson<Agent> {
    ApiJson(agent)
}

/// Every active agent.
#[utoipa::path(get, path = "/agents", tag = "agents", operation_id = "listAgents",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "The team's active agents", body = AgentList), LoginRequired))]
pub async fn list(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<impl IntoResponse, ApiError> {
    let agents = state.switchboard.agents(&agent).await?;
    Ok(ApiJson(AgentList { agents }))
}

/// Every queue.
#[utoipa::path(get, path = "/queues", tag = "queues", operation_id = "listQueues",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Every queue", body = QueueList), LoginRequired))]
pub async fn queues(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<impl IntoResponse, ApiError> {
    let queues = state.switchboard.queues(&agent).await?;
    Ok(ApiJson(QueueList { queues }))
}

/// Which alerts you get: a new chat (or one back in Pending) in your
/// queues, a customer's message in a conversation you hold, and mentions,
/// assignments and take-overs. All of them until you choose.
#[utoipa::path(get, path = "/me/alerts", tag = "me", operation_id = "getAlertPreferences",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Your choice of alerts", body = AlertPreferences), LoginRequired))]
pub async fn alert_preferences(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<AlertPreferences>, ApiError> {
    Ok(ApiJson(state.switchboard.alert_preferences(&agent).await?))
}

/// Chooses which alerts you get (every browser you use follows it).
#[utoipa::path(put, path = "/me/alerts", tag = "me", operation_id = "setAlertPreferences",
    request_body = AlertPreferences, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Your choice of alerts, kept", body = AlertPreferences),
        BadInput,
        LoginRequired,
        CrossSite,
        TooLarge,
    ))]
pub async fn set_alert_preferences(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<AlertPreferences>,
) -> Result<ApiJson<AlertPreferences>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .set_alert_preferences(&agent, body)
            .await?,
    ))
}
