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

/// Sets the session cookie of a session just opened.
#[cfg(feature = "ssr")]
pub(super) fn set_session_cookie(token: String) -> Result<(), AppError> {
    use super::context::CookiePolicy;
    let policy = use_context::<CookiePolicy>().unwrap_or(CookiePolicy { secure: false });
    let response = use_context::<leptos_axum::ResponseOptions>()
        .ok_or_else(|| AppError::new("internal", "the server is not set up"))?;
    let cookie = policy.session_cookie(token).to_string();
    response.append_header(
        axum::http::header::SET_COOKIE,
        axum::http::HeaderValue::from_str(&cookie)
            .map_err(|e| AppError::new("internal", e.to_string()))?,
    );
    Ok(())
}

/// Checks the password, sets the session cookie and goes to the inbox.
#[server(prefix = "/rpc")]
pub async fn log_in(email: String, password: String) -> Result<(), AppError> {
    let sb = super::context::switchboard()?;
    let (_, token) = sb.login(&email, &password).await?;
    set_session_cookie(token)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Whether this install has nobody yet (its first visitor sets up the
/// first admin).
#[server(prefix = "/rpc")]
pub async fn first_admin_needed() -> Result<bool, AppError> {
    Ok(super::context::switchboard()?.first_admin_needed().await?)
}

/// Creates the first admin of an empty install and logs them in.
#[server(prefix = "/rpc")]
pub async fn set_up_first_admin(
    name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    let sb = super::context::switchboard()?;
    let (_, token) = sb.create_first_admin(&email, &name, password).await?;
    set_session_cookie(token)?;
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
