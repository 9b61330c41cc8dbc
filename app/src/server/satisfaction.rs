//! Customer satisfaction: the ratings report (admins: everyone's or one
//! agent's; agents: their own).

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{SatisfactionQuery, SatisfactionReport};

/// The figures and ratings of a period, as `query` narrows them.
#[server(prefix = "/rpc")]
pub async fn load_satisfaction(query: SatisfactionQuery) -> Result<SatisfactionReport, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.satisfaction_report(&agent, &query).await?)
}
