//! The agent's choice of alerts, what the inbox needs to apply them, and
//! what keeps ringing.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{AlertPreferences, AlertSetup, Conversation};

#[server(prefix = "/rpc")]
pub async fn load_alert_setup() -> Result<AlertSetup, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.alert_setup(&agent).await?)
}

#[server(prefix = "/rpc")]
pub async fn save_alert_preferences(
    preferences: AlertPreferences,
) -> Result<AlertPreferences, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.set_alert_preferences(&agent, preferences).await?)
}

/// Conversations of the agent's queues whose customer has waited too long
/// in Pending: the inbox rings while there are any.
#[server(prefix = "/rpc")]
pub async fn overdue_waiting() -> Result<Vec<Conversation>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.overdue_waiting(&agent).await?)
}
