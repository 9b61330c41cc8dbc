//! Reports on the team's work over the API: the overview of a period and
//! its chart, the figures by agent, queue or label (admins see everyone's,
//! agents their own), and when customers write in (admins); each also as
//! a CSV file; and the team right now (the live board). Customer satisfaction's report is in `satisfaction.rs`.

use super::error::{AdminsOnly, BadInput, LoginRequired};
use super::{ApiError, ApiJson, ApiQuery, CsvFile, CurrentAgent, RawBody};
use crate::AppState;
use axum::extract::State;
use switchboard_core::types::ErrorBody;
use switchboard_core::types::{
    Breakdown, BusiestHours, BusiestHoursQuery, LiveBoard, Overview, ReportQuery,
};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The reports' routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(export_overview))
        .routes(routes!(export_chart))
        .routes(routes!(breakdown))
        .routes(routes!(export_breakdown))
        .routes(routes!(busiest_hours))
        .routes(routes!(export_busiest_hours))
        .routes(routes!(live_board))
}

/// The team right now (admins): conversations waiting in Pending and
/// since when the longest has waited, and each active agent's
/// conversations against their capacity, online first. The inbox keeps it
/// current from the live stream.
#[utoipa::path(get, path = "/reports/live", tag = "reports",
    operation_id = "getLiveBoard",
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Who waits and who holds what", body = LiveBoard),
        LoginRequired,
        AdminsOnly,
    ))]
pub async fn live_board(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<LiveBoard>, ApiError> {
    Ok(ApiJson(state.switchboard.live_board(&agent).await?))
}

/// A period's figures (the last 30 days unless `from`, `to` or `days`
/// say), the same for the period of the same length just before, and a
/// chart of new conversations and resolves by hour (two days or less) or
/// by day in `time_zone`. Optionally of one agent, queue or label, and
/// with times counted within working hours only. First response: the
/// customer's first message to the first public reply by an agent.
/// Resolution: the start (or reopen) to the resolve. Agents see their own
/// work alone.
#[utoipa::path(get, path = "/reports/overview", tag = "reports",
    operation_id = "getReportOverview",
    params(ReportQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The figures, the period before, the chart", body = Overview),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent's work, asked by someone not an admin (`forbidden`)", body = ErrorBody),
    ))]
pub async fn overview(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<ApiJson<Overview>, ApiError> {
    Ok(ApiJson(
        state.switchboard.report_overview(&agent, &query).await?,
    ))
}

/// The overview's figures as a CSV file: `figure`, `this_period`,
/// `previous_period` (times in seconds).
#[utoipa::path(get, path = "/reports/overview/export", tag = "reports",
    operation_id = "exportReportOverview",
    params(ReportQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "A row per figure", content((RawBody = "text/csv"))),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent's work, asked by someone not an admin (`forbidden`)", body = ErrorBody),
    ))]
pub async fn export_overview(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<CsvFile, ApiError> {
    let file = state
        .switchboard
        .report_overview_csv(&agent, &query)
        .await?;
    Ok(CsvFile("overview.csv", file))
}

/// The overview's chart as a CSV file: `from`, `step`, `new`, `resolved`.
#[utoipa::path(get, path = "/reports/chart/export", tag = "reports",
    operation_id = "exportReportChart",
    params(ReportQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "A row per hour or day", content((RawBody = "text/csv"))),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent's work, asked by someone not an admin (`forbidden`)", body = ErrorBody),
    ))]
pub async fn export_chart(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<CsvFile, ApiError> {
    let file = state.switchboard.report_chart_csv(&agent, &query).await?;
    Ok(CsvFile("chart.csv", file))
}

/// A period's figures by `agent`, `queue` or `label` (`by`): a row for
/// each (and one for unassigned work or work in no queue, when there is
/// some), as the overview counts them.
#[utoipa::path(get, path = "/reports/breakdown", tag = "reports",
    operation_id = "getReportBreakdown",
    params(ReportQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "A row of figures each", body = Breakdown),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent's work, asked by someone not an admin (`forbidden`)", body = ErrorBody),
    ))]
pub async fn breakdown(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<ApiJson<Breakdown>, ApiError> {
    Ok(ApiJson(
        state.switchboard.report_breakdown(&agent, &query).await?,
    ))
}

/// The same table as a CSV file: the row's name, then `new`, `resolved`,
/// `reopened`, `first_response_median_s`, `first_response_p90_s`,
/// `resolution_median_s`, `resolution_p90_s`, `rated`, `satisfaction`,
/// `response_rate_percent`.
#[utoipa::path(get, path = "/reports/breakdown/export", tag = "reports",
    operation_id = "exportReportBreakdown",
    params(ReportQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "A row per agent, queue or label", content((RawBody = "text/csv"))),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent's work, asked by someone not an admin (`forbidden`)", body = ErrorBody),
    ))]
pub async fn export_breakdown(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<CsvFile, ApiError> {
    let file = state
        .switchboard
        .report_breakdown_csv(&agent, &query)
        .await?;
    Ok(CsvFile("breakdown.csv", file))
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

/// The busiest hours as a CSV file: a row per weekday (Monday first), a
/// column per hour (`00:00` to `23:00`).
#[utoipa::path(get, path = "/reports/busiest_hours/export", tag = "reports",
    operation_id = "exportBusiestHours",
    params(BusiestHoursQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Seven rows of 24 counts", content((RawBody = "text/csv"))),
        BadInput,
        LoginRequired,
        AdminsOnly,
    ))]
pub async fn export_busiest_hours(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<BusiestHoursQuery>,
) -> Result<CsvFile, ApiError> {
    let file = state.switchboard.busiest_hours_csv(&agent, &query).await?;
    Ok(CsvFile("busiest-hours.csv", file))
}
