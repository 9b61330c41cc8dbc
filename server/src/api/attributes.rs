//! Customer attributes over the API: the definitions admins keep (every
//! agent reads them). Values are written on a customer's record
//! (`PATCH /contacts/{id}`) or by the site (`POST /widget/attributes`).

use super::error::{BadInput, LoginRequired, TooLarge};
use super::{ApiError, ApiJson, ApiPath, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use switchboard_core::types::{AttributeDefinition, AttributeDraft, ErrorBody};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The attributes' routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(attributes, create_attribute))
        .routes(routes!(change_attribute, delete_attribute))
}

#[derive(Serialize, ToSchema)]
pub struct AttributeList {
    attributes: Vec<AttributeDefinition>,
}

/// The attributes admins defined, in the order a customer's details show
/// them.
#[utoipa::path(get, path = "/attributes", tag = "attributes", operation_id = "listAttributes",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Every attribute defined", body = AttributeList), LoginRequired))]
pub async fn attributes(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<AttributeList>, ApiError> {
    Ok(ApiJson(AttributeList {
        attributes: state.switchboard.attribute_definitions(&agent).await?,
    }))
}

/// Defines an attribute (admins): `name` is required, `kind` is `text`
/// unless given, a `list` needs its `options`.
#[utoipa::path(post, path = "/attributes", tag = "attributes", operation_id = "createAttribute",
    request_body = AttributeDraft, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The new attribute", body = AttributeDefinition),
        BadInput,
        LoginRequired,
        (status = 403, description = "You are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 409, description = "The name is taken (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn create_attribute(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<AttributeDraft>,
) -> Result<(StatusCode, ApiJson<AttributeDefinition>), ApiError> {
    let defined = state.switchboard.create_attribute(&agent, &body).await?;
    Ok((StatusCode::CREATED, ApiJson(defined)))
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AttributeId {
    /// The attribute's id.
    id: i64,
}

/// Renames an attribute, changes a list's choices or moves it (admins);
/// its kind stays.
#[utoipa::path(patch, path = "/attributes/{id}", tag = "attributes", operation_id = "changeAttribute",
    params(AttributeId), request_body = AttributeDraft, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The attribute as it now is", body = AttributeDefinition),
        BadInput,
        LoginRequired,
        (status = 403, description = "You are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 404, description = "No such attribute (`not_found`)", body = ErrorBody),
        (status = 409, description = "The name is taken (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn change_attribute(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<AttributeId>,
    ApiJson(body): ApiJson<AttributeDraft>,
) -> Result<ApiJson<AttributeDefinition>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .change_attribute(&agent, path.id, &body)
            .await?,
    ))
}

/// The answer to removing an attribute.
#[derive(Serialize, ToSchema)]
pub struct AttributeDeleted {
    /// The id of the attribute removed.
    deleted: i64,
}

/// Removes an attribute's definition (admins); customers keep its values
/// as text.
#[utoipa::path(delete, path = "/attributes/{id}", tag = "attributes", operation_id = "deleteAttribute",
    params(AttributeId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Removed", body = AttributeDeleted),
        BadInput,
        LoginRequired,
        (status = 403, description = "You are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 404, description = "No such attribute (`not_found`)", body = ErrorBody),
    ))]
pub async fn delete_attribute(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<AttributeId>,
) -> Result<ApiJson<AttributeDeleted>, ApiError> {
    state.switchboard.delete_attribute(&agent, path.id).await?;
    Ok(ApiJson(AttributeDeleted { deleted: path.id }))
}
