use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::Agent;

/// The logged-in agent, or `None` for a visitor.
#[server(prefix = "/rpc")]
pub async fn current_agent() -> Result<Option<Agent>, AppError> {
    use super::context::{session_token, switchboard};
    let sb = switchboard()?;
    let Some(token) = session_token().await else {
        return Ok(None);
    };
    match sb.agent_for_session(&token).await {
        Ok(agent) => Ok(Some(agent)),
        Err(switchboard_core::Error::Unauthenticated) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Checks the password, sets the session cookie and goes to the inbox.
#[server(prefix = "/rpc")]
pub async fn log_in(email: String, password: String) -> Result<(), AppError> {
    use super::context::{switchboard, CookiePolicy};
    let sb = switchboard()?;
    let (_, token) = sb.login(&email, &password).await?;
    let policy = use_context::<CookiePolicy>().unwrap_or(CookiePolicy { secure: false });
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let cookie = policy.session_cookie(token).to_string();
    response.append_header(
        axum::http::header::SET_COOKIE,
        axum::http::HeaderValue::from_str(&cookie)
            .map_err(|e| AppError::new("internal", e.to_string()))?,
    );
    leptos_axum::redirect("/");
    Ok(())
}

/// Ends the session and goes back to the login page.
#[server(prefix = "/rpc")]
pub async fn log_out() -> Result<(), AppError> {
    use super::context::{session_token, switchboard, CookiePolicy};
    let sb = switchboard()?;
    if let Some(token) = session_token().await {
        sb.logout(&token).await?;
    }
    let policy = use_context::<CookiePolicy>().unwrap_or(CookiePolicy { secure: false });
    let response = expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy.cleared_cookie().to_string()) {
        response.append_header(axum::http::header::SET_COOKIE, value);
    }
    leptos_axum::redirect("/login");
    Ok(())
}

/// Where the agent was in the inbox (JSON), for a new login anywhere.
#[server(prefix = "/rpc")]
pub async fn my_whereabouts() -> Result<Option<String>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.whereabouts(&agent).await?)
}

#[server(prefix = "/rpc")]
pub async fn save_whereabouts(data: String) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.set_whereabouts(&agent, &data).await?)
}
