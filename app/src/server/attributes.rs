//! Customer attributes admins define (every agent reads them).

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{AttributeDefinition, AttributeDraft};

/// The attributes defined, in the order details show them.
#[server(prefix = "/rpc")]
pub async fn load_attributes() -> Result<Vec<AttributeDefinition>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.attribute_definitions(&agent).await?)
}

/// Defines an attribute (`id` none) or changes one (admins).
#[server(prefix = "/rpc", input = server_fn::codec::Json)]
pub async fn save_attribute(
    id: Option<i64>,
    draft: AttributeDraft,
) -> Result<AttributeDefinition, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(match id {
        Some(id) => sb.change_attribute(&agent, id, &draft).await?,
        None => sb.create_attribute(&agent, &draft).await?,
    })
}

/// Removes an attribute's definition (admins); customers keep the values.
#[server(prefix = "/rpc")]
pub async fn delete_attribute(id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.delete_attribute(&agent, id).await?)
}
