//! Reports on the team's work: the overview of a period and its tables by
//! agent, queue or label (admins see everyone's, agents their own), the
//! live board and when customers write in (admins).

use crate::error::AppError;
use leptos::prelude::*;
use switchboard_types::{
    Breakdown, BusiestHours, BusiestHoursQuery, LiveBoard, Overview, ReportQuery,
};

/// A period's figures against the period before, and the chart.
#[server(prefix = "/rpc")]
pub async fn load_report_overview(query: ReportQuery) -> Result<Overview, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.report_overview(&agent, &query).await?)
}

/// A period's figures by agent, queue or label.
#[server(prefix = "/rpc")]
pub async fn load_report_breakdown(query: ReportQuery) -> Result<Breakdown, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.report_breakdown(&agent, &query).await?)
}

/// The team right now: who waits, who holds what.
#[server(prefix = "/rpc")]
pub async fn load_live_board() -> Result<LiveBoard, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.live_board(&agent).await?)
}

/// New conversations by weekday and hour, as `query` narrows them.
#[server(prefix = "/rpc")]
pub async fn load_busiest_hours(query: BusiestHoursQuery) -> Result<BusiestHours, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.busiest_hours(&agent, &query).await?)
}
