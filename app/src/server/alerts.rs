//! The agent's choice of alerts, and what the inbox needs to apply them.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{AlertPreferences, AlertSetup};

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
