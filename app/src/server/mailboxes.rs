//! Mailboxes, for admins: the support addresses whose mail becomes
//! conversations, how their mail arrives and leaves, and a test of their
//! connections.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{Mailbox, MailboxCheck, MailboxInput};

/// Every mailbox, with its forwarding secret (admins only).
#[server(prefix = "/rpc")]
pub async fn load_mailboxes() -> Result<Vec<Mailbox>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.mailboxes(&agent).await?)
}

/// A new mailbox, with a forwarding secret of its own.
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn add_mailbox(input: MailboxInput) -> Result<Mailbox, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.add_mailbox(&agent, &input).await?)
}

/// Changes a mailbox whole; a password or SMTP URL left out keeps the
/// stored one.
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn change_mailbox(mailbox_id: i64, input: MailboxInput) -> Result<Mailbox, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.change_mailbox(&agent, mailbox_id, &input).await?)
}

/// Removes a mailbox: its mail is taken no more; its conversations stay.
#[server(prefix = "/rpc")]
pub async fn remove_mailbox(mailbox_id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.remove_mailbox(&agent, mailbox_id).await?)
}

/// Tries a mailbox's connections as stored: its IMAP folder, and the SMTP
/// server its replies leave through (its own, else the server-wide one).
#[server(prefix = "/rpc")]
pub async fn check_mailbox(mailbox_id: i64) -> Result<MailboxCheck, AppError> {
    let (sb, agent) = super::context::caller().await?;
    let server_wide = use_context::<Option<switchboard_core::MailRoute>>().flatten();
    Ok(sb
        .check_mailbox(&agent, mailbox_id, server_wide.as_ref())
        .await?)
}
