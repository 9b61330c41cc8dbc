//! Saved replies: the agent's own and the team's, and one filled in for a
//! conversation when it is inserted.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::SavedReply;

/// The team's replies and the agent's own, by shortcut.
#[server(prefix = "/rpc")]
pub async fn load_saved_replies() -> Result<Vec<SavedReply>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.saved_replies(&agent).await?)
}

/// Saves a reply: a new one (`id` none), the agent's own or (`team`,
/// admins) the team's; or changes one.
#[server(prefix = "/rpc")]
pub async fn save_saved_reply(
    id: Option<i64>,
    shortcut: String,
    body: String,
    team: bool,
) -> Result<SavedReply, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(match id {
        Some(id) => {
            sb.change_saved_reply(&agent, id, Some(&shortcut), Some(&body))
                .await?
        }
        None => {
            sb.create_saved_reply(&agent, &shortcut, &body, team)
                .await?
        }
    })
}

#[server(prefix = "/rpc")]
pub async fn delete_saved_reply(id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.delete_saved_reply(&agent, id).await?)
}

/// The reply's text filled in for the conversation, to insert.
#[server(prefix = "/rpc")]
pub async fn fill_saved_reply(id: i64, number: i64) -> Result<String, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.fill_saved_reply(&agent, id, number).await?.body)
}
