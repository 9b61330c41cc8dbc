//! A customer's record as agents keep it: editing its details, and the
//! team's notes on them, merging two records, and importing customers from a
//! CSV file (admins; the export is a plain download of the API's).

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{
    ContactAccount, ContactChange, ContactImport, ContactNote, ContactPage, ContactSort,
    SentMessage,
};

/// The files in a customer's conversations, newest first.
#[server(prefix = "/rpc")]
pub async fn contact_files(
    contact_id: i64,
) -> Result<Vec<switchboard_types::Attachment>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.contact_files(&agent, contact_id).await?)
}

/// Customers found by what the team knows of them, a page from `offset`.
#[server(prefix = "/rpc")]
pub async fn list_contacts(
    query: String,
    sort: ContactSort,
    offset: i64,
) -> Result<ContactPage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.contacts(&agent, &query, sort, offset).await?)
}

/// Edits a customer's details: each field given replaces it (empty clears
/// it); the contact log records who changed what.
#[server(prefix = "/rpc")]
pub async fn edit_contact(
    contact_id: i64,
    change: ContactChange,
) -> Result<ContactAccount, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.edit_contact(&agent, contact_id, &change).await?)
}

#[server(prefix = "/rpc")]
pub async fn add_contact_note(contact_id: i64, body: String) -> Result<ContactNote, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.add_contact_note(&agent, contact_id, &body).await?)
}

/// Changes a note's text (its author alone).
#[server(prefix = "/rpc")]
pub async fn edit_contact_note(
    contact_id: i64,
    note_id: i64,
    body: String,
) -> Result<ContactNote, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .edit_contact_note(&agent, contact_id, note_id, &body)
        .await?)
}

/// Deletes a note (its author, or an admin).
#[server(prefix = "/rpc")]
pub async fn delete_contact_note(contact_id: i64, note_id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.delete_contact_note(&agent, contact_id, note_id).await?)
}

/// Merges customer `from` into `into`, the same person on two devices or
/// channels; answers the record kept.
#[server(prefix = "/rpc")]
pub async fn merge_contact(from: i64, into: i64) -> Result<ContactAccount, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.merge_contacts(&agent, from, into).await?)
}

/// Imports customers from a CSV file (admins); `dry_run` only says what it
/// would do.
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn import_contacts(file: String, dry_run: bool) -> Result<ContactImport, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.import_contacts(&agent, &file, dry_run).await?)
}

/// Writes to a customer first, by e-mail: a new conversation, the
/// caller's, whose messages go out as mail.
#[server(prefix = "/rpc")]
pub async fn start_email_conversation(
    contact_id: i64,
    client_id: String,
    body: String,
) -> Result<SentMessage, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb
        .start_email_conversation(&agent, contact_id, &client_id, &body)
        .await?)
}
