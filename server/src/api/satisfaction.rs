//! Customer satisfaction over the API: the customer's rating of their
//! resolved conversation (the widget asks with these, under the contact
//! token), and the ratings report for the team (JSON or CSV).

use super::error::{BadInput, ContactTokenRequired, LoginRequired, RateLimited, TooLarge};
use super::{ApiError, ApiJson, ApiPath, ApiQuery, CsvFile, CurrentAgent, CurrentContact, RawBody};
use crate::AppState;
use axum::extract::State;
use serde::Deserialize;
use switchboard_core::types::{
    ErrorBody, RatingDraft, RatingRequest, SatisfactionQuery, SatisfactionReport,
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Satisfaction's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rating_request, rate))
        .routes(routes!(satisfaction_report))
        .routes(routes!(export_satisfaction))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CustomerConversationNumber {
    /// The number of one of the customer's conversations.
    number: i64,
}

/// What the customer is asked about their conversation, and their rating
/// so far: the widget shows it once the conversation is resolved.
#[utoipa::path(get, path = "/widget/conversations/{number}/rating", tag = "widget",
    operation_id = "getRatingRequest",
    params(CustomerConversationNumber), security(("contactToken" = [])),
    responses(
        (status = 200, description = "The question, the scores and the rating given, if any", body = RatingRequest),
        BadInput,
        ContactTokenRequired,
        (status = 404, description = "Not one of this customer's conversations, or customers are not asked (`not_found`)", body = ErrorBody),
        RateLimited,
    ))]
pub async fn rating_request(
    State(state): State<AppState>,
    CurrentContact(contact, _): CurrentContact,
    ApiPath(path): ApiPath<CustomerConversationNumber>,
) -> Result<ApiJson<RatingRequest>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .rating_request(&contact, path.number)
            .await?,
    ))
}

/// Rates the customer's resolved conversation from 1 (very bad) to 5
/// (great), with an optional comment; sent again within 7 days of the
/// first rating, it changes it. Agents see it live in the conversation.
#[utoipa::path(put, path = "/widget/conversations/{number}/rating", tag = "widget",
    operation_id = "rateConversation",
    params(CustomerConversationNumber), request_body = RatingDraft, security(("contactToken" = [])),
    responses(
        (status = 200, description = "The rating as kept", body = RatingRequest),
        BadInput,
        ContactTokenRequired,
        (status = 404, description = "Not one of this customer's conversations (`not_found`)", body = ErrorBody),
        (status = 422, description = "Not resolved yet, the rating is older than 7 days, or customers are not asked (`not_allowed_now`)", body = ErrorBody),
        TooLarge,
        RateLimited,
    ))]
pub async fn rate(
    State(state): State<AppState>,
    CurrentContact(contact, _): CurrentContact,
    ApiPath(path): ApiPath<CustomerConversationNumber>,
    ApiJson(body): ApiJson<RatingDraft>,
) -> Result<ApiJson<RatingRequest>, ApiError> {
    Ok(ApiJson(
        state.switchboard.rate(&contact, path.number, &body).await?,
    ))
}

/// Customer satisfaction over a period (the last 30 days unless `from`
/// and `to` say): conversations resolved, ratings given, the average, the
/// response rate (rated of resolved, in percent), how many gave each
/// score, and the ratings with their comments, newest first (at most
/// 500). Admins see everyone's or one agent's (`agent_id`); an agent sees
/// their own.
#[utoipa::path(get, path = "/reports/satisfaction", tag = "reports",
    operation_id = "getSatisfactionReport",
    params(SatisfactionQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The figures and the ratings", body = SatisfactionReport),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent's ratings, asked by someone not an admin (`forbidden`)", body = ErrorBody),
    ))]
pub async fn satisfaction_report(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<SatisfactionQuery>,
) -> Result<ApiJson<SatisfactionReport>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .satisfaction_report(&agent, &query)
            .await?,
    ))
}

/// The same ratings as a CSV file: `conversation`, `rated_at`, `score`,
/// `comment`, `customer`, `customer_email`, `agent`, `queue`.
#[utoipa::path(get, path = "/reports/satisfaction/export", tag = "reports",
    operation_id = "exportSatisfactionReport",
    params(SatisfactionQuery), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The ratings, a row each", content((RawBody = "text/csv"))),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent's ratings, asked by someone not an admin (`forbidden`)", body = ErrorBody),
    ))]
pub async fn export_satisfaction(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<SatisfactionQuery>,
) -> Result<CsvFile, ApiError> {
    let report = state
        .switchboard
        .satisfaction_report(&agent, &query)
        .await?;
    let file = switchboard_core::satisfaction::export_csv(&report)?;
    Ok(CsvFile("satisfaction.csv", file))
}
