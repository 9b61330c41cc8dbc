//! Reports on the team's work over the API (admins): when customers write
//! in. Customer satisfaction's report is in `satisfaction.rs`.

use super::error::{AdminsOnly, BadInput, LoginRequired};
use super::{ApiError, ApiJson, ApiQuery, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use switchboard_core::types::{BusiestHours, BusiestHoursQuery};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The reports' routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(busiest_hours))
}

/// New conversations of a period (the last 30 days unless `from`, `to` or
/// `days` say) by weekday and hour of the day, in `time_zone` (the widget
/// queue's working hours' zone, else UTC, when left out), optionally of
/// one queue: seven rows, Monday first, of 24 counts each.
#[utoipa::path(get, path = "/reports/busiest_hours", tag = "reports",
    operation_id = "getBusiestHours",
    params(BusiestHoursQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The counts, with the period and time zone", body = BusiestHours),
        BadInput,
        LoginRequired,
        AdminsOnly,
    ))]
pub async fn busiest_hours(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<BusiestHoursQuery>,
) -> Result<ApiJson<BusiestHours>, ApiError> {
    Ok(ApiJson(
        state.switchboard.busiest_hours(&agent, &query).await?,
    ))
}
