//! An agent's availability, and the queues admins set up: their members,
//! automatic assignment, hand-back and hours.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{Agent, Availability, QueueChange, QueueSetup, TeamMember};

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
