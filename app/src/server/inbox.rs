use crate::error::AppError;
use leptos::prelude::*;
pub use switchboard_types::OpenedConversation;
use switchboard_types::{Conversation, ConversationPage, Counts, SentMessage, Tab, View};

#[server(prefix = "/rpc")]
pub async fn list_conversations(
    view: View,
    tab: Tab,
    cursor: Option<String>,
) -> Result<ConversationPage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .conversations(&agent, view, tab, cursor.as_deref(), None)
        .await?)
}

#[server(prefix = "/rpc")]
pub async fn conversation_counts(view: View) -> Result<Counts, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.counts(&agent, view).await?)
}

/// Opens a conversation: its history, and everything in it counts as read.
#[server(prefix = "/rpc")]
pub async fn open_conversation(number: i64) -> Result<OpenedConversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.open_conversation(&agent, number).await?)
}

#[server(prefix = "/rpc")]
pub async fn accept_conversation(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.accept(&agent, number).await?)
}

/// Back to Pending, unassigned (its holder or an admin).
#[server(prefix = "/rpc")]
pub async fn return_conversation(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.return_to_pending(&agent, number).await?)
}

/// Mark as closed: only when unassigned or yours.
#[server(prefix = "/rpc")]
pub async fn resolve_conversation(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.resolve(&agent, number).await?)
}

/// Unread again, for this agent alone.
#[server(prefix = "/rpc")]
pub async fn mark_conversation_unread(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.mark_unread(&agent, number).await?)
}

#[server(prefix = "/rpc")]
pub async fn reopen_conversation(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.reopen(&agent, number).await?)
}

#[server(prefix = "/rpc")]
pub async fn send_message(
    number: i64,
    client_id: String,
    body: String,
    private: bool,
    signed: bool,
) -> Result<SentMessage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    let sent = sb
        .send_message(&agent, number, &client_id, &body, private, signed)
        .await?;
    Ok(sent)
}

#[server(prefix = "/rpc")]
pub async fn list_queues() -> Result<Vec<switchboard_types::Queue>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.queues(&agent).await?)
}
