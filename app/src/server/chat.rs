//! Staff chat's server functions: each finds who is asking and calls the
//! use case, which decides what they may see.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::chat::{ChannelEntry, ChatMessage, ChatPage, ChatSearchHit, OpenedChannel};
use switchboard_types::AgentRef;

/// The agent's channels and private messages, and public channels to join.
#[server(prefix = "/rpc")]
pub async fn chat_channels() -> Result<Vec<ChannelEntry>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.chat_channels(&agent).await?)
}

/// Every active colleague, for pickers and mentions.
#[server(prefix = "/rpc")]
pub async fn list_staff() -> Result<Vec<AgentRef>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .agents(&agent)
        .await?
        .into_iter()
        .map(|a| AgentRef {
            id: a.id,
            name: a.name,
        })
        .collect())
}

#[server(prefix = "/rpc")]
pub async fn create_channel(
    name: String,
    description: String,
    private: bool,
) -> Result<ChannelEntry, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .create_channel(&agent, &name, &description, private)
        .await?)
}

/// Private messages with these colleagues (the same group finds the same one).
#[server(prefix = "/rpc")]
pub async fn start_direct(agent_ids: Vec<i64>) -> Result<ChannelEntry, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.start_direct(&agent, &agent_ids).await?)
}

#[server(prefix = "/rpc")]
pub async fn describe_channel(
    channel_id: i64,
    name: String,
    description: String,
) -> Result<ChannelEntry, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .describe_channel(&agent, channel_id, &name, &description)
        .await?)
}

#[server(prefix = "/rpc")]
pub async fn join_channel(channel_id: i64) -> Result<ChannelEntry, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.join_channel(&agent, channel_id).await?)
}

#[server(prefix = "/rpc")]
pub async fn leave_channel(channel_id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.leave_channel(&agent, channel_id).await?)
}

#[server(prefix = "/rpc")]
pub async fn invite_to_channel(
    channel_id: i64,
    agent_ids: Vec<i64>,
) -> Result<ChannelEntry, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.invite_to_channel(&agent, channel_id, &agent_ids).await?)
}

/// The latest messages and where the agent had read up to; reads the rest.
#[server(prefix = "/rpc")]
pub async fn open_channel(channel_id: i64) -> Result<OpenedChannel, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.open_channel(&agent, channel_id).await?)
}

#[server(prefix = "/rpc")]
pub async fn chat_history(channel_id: i64, before_seq: i64) -> Result<ChatPage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .chat_history(&agent, channel_id, Some(before_seq), None)
        .await?)
}

#[server(prefix = "/rpc")]
pub async fn send_chat_message(
    channel_id: i64,
    client_id: String,
    body: String,
    /// Files the agent uploaded, by id.
    #[server(default)]
    attachments: Vec<String>,
) -> Result<ChatMessage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .send_chat_message(&agent, channel_id, &client_id, &body, &attachments)
        .await?)
}

#[server(prefix = "/rpc")]
pub async fn edit_chat_message(message_id: i64, body: String) -> Result<ChatMessage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.edit_chat_message(&agent, message_id, &body).await?)
}

#[server(prefix = "/rpc")]
pub async fn delete_chat_message(message_id: i64) -> Result<ChatMessage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.delete_chat_message(&agent, message_id).await?)
}

/// What an edited or deleted message said before, oldest first.
#[server(prefix = "/rpc")]
pub async fn chat_message_versions(message_id: i64) -> Result<Vec<String>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.chat_message_versions(&agent, message_id).await?)
}

#[server(prefix = "/rpc")]
pub async fn mark_channel_read(channel_id: i64, seq: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.mark_channel_read(&agent, channel_id, seq).await?)
}

#[server(prefix = "/rpc")]
pub async fn search_chat(query: String) -> Result<Vec<ChatSearchHit>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.search_chat(&agent, &query).await?)
}
