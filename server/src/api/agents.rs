use super::{ApiError, ApiJson, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{Agent, ErrorBody, Queue};
use utoipa::ToSchema;

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
#[utoipa::path(post, path = "/auth/login", tag = "agents", request_body = Login,
    responses((status = 200, body = Agent), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    ApiJson(body): ApiJson<Login>,
) -> Result<(CookieJar, ApiJson<Agent>), ApiError> {
    let (agent, token) = state.switchboard.login(&body.email, &body.password).await?;
    Ok((jar.add(state.cookies.session_cookie(token)), ApiJson(agent)))
}

/// Log out: ends the session, if there is one.
#[utoipa::path(post, path = "/auth/logout", tag = "agents", responses((status = 200, body = Object)))]
pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> Result<Response, ApiError> {
    if let Some(cookie) = jar.get(app::SESSION_COOKIE) {
        state.switchboard.logout(cookie.value()).await?;
    }
    let jar = jar.add(state.cookies.cleared_cookie());
    Ok((
        StatusCode::OK,
        jar,
        ApiJson(serde_json::json!({ "status": "logged_out" })),
    )
        .into_response())
}

/// The logged-in agent.
#[utoipa::path(get, path = "/me", tag = "agents",
    responses((status = 200, body = Agent), (status = 401, body = ErrorBody)))]
pub async fn me(CurrentAgent(agent): CurrentAgent) -> ApiJson<Agent> {
    ApiJson(agent)
}

/// Every active agent.
#[utoipa::path(get, path = "/agents", tag = "agents",
    responses((status = 200, body = AgentList), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<impl IntoResponse, ApiError> {
    let agents = state.switchboard.agents(&agent).await?;
    Ok(ApiJson(AgentList { agents }))
}

/// Every queue (team).
#[utoipa::path(get, path = "/queues", tag = "agents",
    responses((status = 200, body = QueueList), (status = 401, body = ErrorBody)))]
pub async fn queues(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<impl IntoResponse, ApiError> {
    let queues = state.switchboard.queues(&agent).await?;
    Ok(ApiJson(QueueList { queues }))
}
