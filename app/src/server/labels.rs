//! Labels: the team's (admins define them) and those on a conversation.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{Conversation, Label};

/// The team's labels, by name.
#[server(prefix = "/rpc")]
pub async fn load_labels() -> Result<Vec<Label>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.labels(&agent).await?)
}

/// Defines a label (`id` none) or changes one (admins).
#[server(prefix = "/rpc")]
pub async fn save_label(id: Option<i64>, name: String, colour: String) -> Result<Label, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(match id {
        Some(id) => {
            sb.change_label(&agent, id, Some(&name), Some(&colour))
                .await?
        }
        None => sb.create_label(&agent, &name, Some(&colour)).await?,
    })
}

/// Removes a label from the team and every conversation (admins).
#[server(prefix = "/rpc")]
pub async fn delete_label(id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.delete_label(&agent, id).await?)
}

/// Puts a label on a conversation (`on`) or takes it off.
#[server(prefix = "/rpc")]
pub async fn label_conversation(
    number: i64,
    label: String,
    on: bool,
) -> Result<Conversation, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.label_conversation(&agent, number, &label, on).await?)
}
