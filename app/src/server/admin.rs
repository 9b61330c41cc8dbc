//! An agent's availability, and what admins set up beyond the widget:
//! queues with their members and automatic assignment, and webhooks with
//! their delivery logs.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{
    Agent, Availability, QueueChange, QueueSetup, TeamMember, Webhook, WebhookDelivery,
};

/// The agent says whether they take conversations (for themselves).
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn set_my_availability(availability: Availability) -> Result<Agent, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.set_availability(&agent, availability).await?)
}

/// Every queue with its members and automatic assignment (admins only).
#[server(prefix = "/rpc")]
pub async fn load_queue_setups() -> Result<Vec<QueueSetup>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.queue_setups(&agent).await?)
}

/// The agents an admin may put in a queue (those still on the team).
#[server(prefix = "/rpc")]
pub async fn load_queue_staff() -> Result<Vec<TeamMember>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .team(&agent)
        .await?
        .into_iter()
        .filter(|member| member.active)
        .collect())
}

/// A new queue, with nobody in it and no automatic assignment yet.
#[server(prefix = "/rpc")]
pub async fn add_queue(name: String) -> Result<QueueSetup, AppError> {
    let (sb, agent) = super::context::caller().await?;
    let queue = sb.create_queue(&agent, &name).await?;
    sb.queue_setups(&agent)
        .await?
        .into_iter()
        .find(|setup| setup.id == queue.id)
        .ok_or_else(|| AppError::from(switchboard_core::Error::NotFound("queue")))
}

/// Changes what the admin changed of a queue and answers with it as it now is.
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn save_queue(queue_id: i64, change: QueueChange) -> Result<QueueSetup, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.change_queue(&agent, queue_id, &change).await?)
}

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
