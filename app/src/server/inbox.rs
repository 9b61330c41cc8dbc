use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use switchboard_types::{Conversation, ConversationPage, Counts, SentMessage, Tab, Timeline, View};

/// An opened conversation: its header and its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedConversation {
    pub conversation: Conversation,
    pub timeline: Timeline,
    /// The agent's read pointer before opening: the New Messages line goes after it.
    pub last_read_seq: i64,
}

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
    let before = sb.conversation(&agent, number).await?;
    let timeline = sb.timeline(&agent, number, 0).await?;
    let last_seq = timeline.items.last().map(|i| i.seq()).unwrap_or(0);
    let conversation = sb.mark_read(&agent, number, last_seq).await?;
    let unread = before.unread_count;
    // The unread messages are the customer's last `unread` ones.
    let last_read_seq = if unread == 0 {
        last_seq
    } else {
        timeline
            .items
            .iter()
            .filter(|i| matches!(i, switchboard_types::TimelineItem::Message(m) if m.author.kind == switchboard_types::AuthorKind::Contact))
            .rev()
            .nth((unread - 1) as usize)
            .map(|i| i.seq() - 1)
            .unwrap_or(0)
    };
    Ok(OpenedConversation {
        conversation,
        timeline,
        last_read_seq,
    })
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
