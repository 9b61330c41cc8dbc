use crate::error::AppError;
use leptos::prelude::*;
pub use switchboard_types::OpenedConversation;
use switchboard_types::{Conversation, ConversationPage, Counts, Listing, SentMessage, View};

#[server(prefix = "/rpc")]
pub async fn list_conversations(
    listing: Listing,
    cursor: Option<String>,
) -> Result<ConversationPage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .conversations(&agent, &listing, cursor.as_deref(), None)
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

/// Take over what a colleague holds ("take it on me").
#[server(prefix = "/rpc")]
pub async fn take_over_conversation(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.take_over(&agent, number).await?)
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

/// Takes back a resolve just made ("Resolved · Undo").
#[server(prefix = "/rpc")]
pub async fn undo_resolve(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.undo_resolve(&agent, number).await?)
}

#[server(prefix = "/rpc")]
pub async fn send_message(
    number: i64,
    client_id: String,
    body: String,
    private: bool,
    signed: bool,
    /// Files the agent uploaded, by id.
    #[server(default)]
    attachments: Vec<String>,
) -> Result<SentMessage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    let sent = sb
        .send_message_with_files(
            &agent,
            number,
            &client_id,
            &body,
            private,
            signed,
            &attachments,
        )
        .await?;
    Ok(sent)
}

#[server(prefix = "/rpc")]
pub async fn list_queues() -> Result<Vec<switchboard_types::Queue>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.queues(&agent).await?)
}

/// Hand to a colleague and/or a queue, with a note kept in the history.
#[server(prefix = "/rpc")]
pub async fn transfer_conversation(
    number: i64,
    agent_id: Option<i64>,
    queue_id: Option<i64>,
    note: String,
) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    Ok(sb
        .transfer(&agent, number, agent_id, queue_id, note)
        .await?)
}

/// Out of sight until `until` (RFC 3339), or until the customer writes.
#[server(prefix = "/rpc")]
pub async fn snooze_conversation(number: i64, until: String) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.snooze(&agent, number, &until).await?)
}

/// Soft delete (admins).
#[server(prefix = "/rpc")]
pub async fn delete_conversation(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.delete(&agent, number).await?)
}

#[server(prefix = "/rpc")]
pub async fn restore_conversation(number: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.restore(&agent, number).await?)
}

/// Words of messages, a customer's name or e-mail; `#22` finds conversation 22.
#[server(prefix = "/rpc")]
pub async fn search_conversations(query: String) -> Result<Vec<Conversation>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.search(&agent, &query).await?)
}

/// A customer's account: details and every conversation.
#[server(prefix = "/rpc")]
pub async fn customer_account(
    contact_id: i64,
) -> Result<switchboard_types::ContactAccount, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.contact_account(&agent, contact_id).await?)
}

/// Blocks a customer, or lets them back (admins).
#[server(prefix = "/rpc")]
pub async fn block_customer(
    contact_id: i64,
    blocked: bool,
) -> Result<switchboard_types::ContactAccount, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.block_contact(&agent, contact_id, blocked).await?)
}

/// Merge a conversation into another of its customer's: the one joined.
#[server(prefix = "/rpc")]
pub async fn merge_conversation(number: i64, into: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.merge(&agent, number, into).await?)
}

/// Give a conversation to a colleague (or take it).
#[server(prefix = "/rpc")]
pub async fn assign_conversation(number: i64, agent_id: i64) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.assign(&agent, number, agent_id).await?)
}

/// One action on many conversations, each on its own.
#[server(prefix = "/rpc")]
pub async fn bulk_conversations(
    request: switchboard_types::BulkRequest,
) -> Result<switchboard_types::BulkOutcome, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.bulk(&agent, &request).await?)
}

/// The agent has this conversation open (none: none): colleagues see who
/// else is in it.
#[server(prefix = "/rpc")]
pub async fn viewing(number: Option<i64>) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.viewing(&agent, number).await?)
}
