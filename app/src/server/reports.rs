//! Reports on the team's work (admins): when customers write in.

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{BusiestHours, BusiestHoursQuery};

/// New conversations by weekday and hour, as `query` narrows them.
#[server(prefix = "/rpc")]
pub async fn load_busiest_hours(query: BusiestHoursQuery) -> Result<BusiestHours, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.busiest_hours(&agent, &query).await?)
}
