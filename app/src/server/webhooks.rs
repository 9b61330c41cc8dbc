//! Webhooks, for admins: endpoints, their secrets and delivery logs.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{Webhook, WebhookDelivery};

/// Every webhook, with its signing secret (admins only).
#[server(prefix = "/rpc")]
pub async fn load_webhooks() -> Result<Vec<Webhook>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.webhooks(&agent).await?)
}

/// A new endpoint, with a secret of its own.
#[server(prefix = "/rpc")]
pub async fn add_webhook(url: String) -> Result<Webhook, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.create_webhook(&agent, &url).await?)
}

/// Pauses a webhook or sends to it again.
#[server(prefix = "/rpc")]
pub async fn set_webhook_active(webhook_id: i64, active: bool) -> Result<Webhook, AppError> {
    let (sb, agent) = super::context::caller().await?;
    sb.change_webhook(&agent, webhook_id, None, Some(active), false)
        .await?
        .ok_or_else(|| AppError::from(switchboard_core::Error::NotFound("webhook")))
}

/// Removes a webhook (nothing more is sent to it).
#[server(prefix = "/rpc")]
pub async fn remove_webhook(webhook_id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    sb.change_webhook(&agent, webhook_id, None, None, true)
        .await?;
    Ok(())
}

/// The latest deliveries of a webhook, newest first.
#[server(prefix = "/rpc")]
pub async fn load_webhook_deliveries(webhook_id: i64) -> Result<Vec<WebhookDelivery>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.webhook_deliveries(&agent, webhook_id).await?)
}
