//! The widget's settings, for admins: its key and snippet, texts, colour,
//! identity verification and working hours.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{Queue, WidgetSettings, WidgetSettingsChange};

/// The widget's key, secret, snippet, texts and working hours (admins only).
#[server(prefix = "/rpc")]
pub async fn load_widget_settings() -> Result<WidgetSettings, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .widget_settings(&agent, &super::context::link_base().await.url)
        .await?)
}

/// Changes what the admin changed (all checked before any of it is stored)
/// and answers with the settings as they now are.
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn save_widget_settings(
    change: WidgetSettingsChange,
) -> Result<WidgetSettings, AppError> {
    let (sb, agent) = super::context::caller().await?;
    sb.change_widget_settings(&agent, &change).await?;
    Ok(sb
        .widget_settings(&agent, &super::context::link_base().await.url)
        .await?)
}

/// What the Widget settings dialog offers besides the settings themselves:
/// the queues new chats may land in, the admin's own name and the
/// company's name (for the e-mail signature's preview).
#[server(prefix = "/rpc")]
pub async fn load_widget_choices() -> Result<(Vec<Queue>, String, String), AppError> {
    let (sb, agent) = super::context::caller().await?;
    let queues = sb.queues(&agent).await?;
    let company = sb.company_name().await?;
    Ok((queues, agent.name, company))
}

/// Whether a mail server is set, so replies to e-mail tickets go out (any
/// agent may ask: their composer says so).
#[server(prefix = "/rpc")]
pub async fn mail_server_set() -> Result<bool, AppError> {
    super::context::caller().await?;
    Ok(use_context::<Option<switchboard_core::MailRoute>>()
        .flatten()
        .is_some())
}
