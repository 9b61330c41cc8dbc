//! Queues over the API (admins): their setup, creating one, changing its
//! name, members, automatic assignment and working hours; and the logged-in
//! agent's availability, which decides whether queues give them
//! conversations.

use super::error::{AdminsOnly, AdminsOnlyChange, BadInput, CrossSite, LoginRequired, TooLarge};
use super::{ApiError, ApiJson, ApiPath, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{Agent, Availability, ErrorBody, Queue, QueueChange, QueueSetup};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The queues' routes, and the agent's availability.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue_setups))
        .routes(routes!(create_queue))
        .routes(routes!(change_queue))
        .routes(routes!(set_availability))
}

#[derive(Serialize, ToSchema)]
pub struct QueueSetups {
    queues: Vec<QueueSetup>,
}

/// Every queue with its members, automatic assignment and hours (admins).
#[utoipa::path(get, path = "/queues/setup", tag = "queues", operation_id = "listQueueSetups",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Every queue, set up", body = QueueSetups), LoginRequired, AdminsOnly))]
pub async fn queue_setups(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<QueueSetups>, ApiError> {
    Ok(ApiJson(QueueSetups {
        queues: state.switchboard.queue_setups(&agent).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewQueue {
    #[schema(min_length = 1, max_length = 60)]
    name: String,
}

/// Creates a queue (admins).
#[utoipa::path(post, path = "/queues", tag = "queues", operation_id = "createQueue",
    request_body = NewQueue, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The new queue", body = Queue),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 409, description = "A queue of this name exists (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn create_queue(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<NewQueue>,
) -> Result<(StatusCode, ApiJson<Queue>), ApiError> {
    let queue = state.switchboard.create_queue(&agent, &body.name).await?;
    Ok((StatusCode::CREATED, ApiJson(queue)))
}

/// Renames a queue, sets its members, automatic assignment (`off`,
/// `round_robin`, `least_busy`), hand-back when an agent goes offline, or
/// working hours (admins).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct QueueId {
    /// The queue's id.
    id: i64,
}

#[utoipa::path(patch, path = "/queues/{id}", tag = "queues", operation_id = "changeQueue",
    params(QueueId), request_body = QueueChange, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The queue as it now is", body = QueueSetup),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such queue (`not_found`)", body = ErrorBody),
        (status = 409, description = "Another queue has this name (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn change_queue(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<QueueId>,
    ApiJson(change): ApiJson<QueueChange>,
) -> Result<ApiJson<QueueSetup>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .change_queue(&agent, path.id, &change)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct AvailabilityChange {
    availability: Availability,
}

/// The logged-in agent is online (takes conversations), away or offline.
#[utoipa::path(put, path = "/me/availability", tag = "me", operation_id = "setAvailability",
    request_body = AvailabilityChange, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "You, with your availability", body = Agent),
        BadInput,
        LoginRequired,
        CrossSite,
        TooLarge,
    ))]
pub async fn set_availability(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<AvailabilityChange>,
) -> Result<ApiJson<Agent>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .set_availability(&agent, body.availability)
            .await?,
    ))
}
