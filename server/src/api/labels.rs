//! Labels over the API: the team's (admins define them) and those on a
//! conversation (every agent puts them on and takes them off).

use super::error::{BadInput, CrossSite, LoginRequired, TooLarge};
use super::{ApiError, ApiJson, ApiPath, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{Conversation, ErrorBody, Label};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The labels' routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(labels, create_label))
        .routes(routes!(change_label, delete_label))
        .routes(routes!(label_conversation))
        .routes(routes!(unlabel_conversation))
}

#[derive(Serialize, ToSchema)]
pub struct LabelList {
    labels: Vec<Label>,
}

/// The team's labels, by name.
#[utoipa::path(get, path = "/labels", tag = "labels", operation_id = "listLabels",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "Every label", body = LabelList), LoginRequired))]
pub async fn labels(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<LabelList>, ApiError> {
    Ok(ApiJson(LabelList {
        labels: state.switchboard.labels(&agent).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewLabel {
    /// 1 to 32 letters, digits, `-` or `_` (kept in lower case).
    #[schema(min_length = 1, max_length = 32)]
    name: String,
    /// `#rrggbb`; a grey when left out.
    #[schema(pattern = "^#[0-9a-fA-F]{6}$")]
    colour: Option<String>,
}

/// Defines a label (admins).
#[utoipa::path(post, path = "/labels", tag = "labels", operation_id = "createLabel",
    request_body = NewLabel, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The new label", body = Label),
        BadInput,
        LoginRequired,
        (status = 403, description = "You are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 409, description = "The name is taken (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn create_label(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<NewLabel>,
) -> Result<(StatusCode, ApiJson<Label>), ApiError> {
    let label = state
        .switchboard
        .create_label(&agent, &body.name, body.colour.as_deref())
        .await?;
    Ok((StatusCode::CREATED, ApiJson(label)))
}

#[derive(Deserialize, ToSchema)]
pub struct LabelChange {
    #[schema(min_length = 1, max_length = 32)]
    name: Option<String>,
    #[schema(pattern = "^#[0-9a-fA-F]{6}$")]
    colour: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct LabelId {
    /// The label's id.
    id: i64,
}

/// Renames or recolours a label (admins); the conversations carrying it
/// carry the new name.
#[utoipa::path(patch, path = "/labels/{id}", tag = "labels", operation_id = "changeLabel",
    params(LabelId), request_body = LabelChange, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The label as it now is", body = Label),
        BadInput,
        LoginRequired,
        (status = 403, description = "You are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 404, description = "No such label (`not_found`)", body = ErrorBody),
        (status = 409, description = "The name is taken (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn change_label(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<LabelId>,
    ApiJson(body): ApiJson<LabelChange>,
) -> Result<ApiJson<Label>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .change_label(
                &agent,
                path.id,
                body.name.as_deref(),
                body.colour.as_deref(),
            )
            .await?,
    ))
}

/// The answer to removing a label.
#[derive(Serialize, ToSchema)]
pub struct LabelDeleted {
    /// The id of the label removed.
    deleted: i64,
}

/// Removes a label (admins), and with it from every conversation.
#[utoipa::path(delete, path = "/labels/{id}", tag = "labels", operation_id = "deleteLabel",
    params(LabelId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Removed", body = LabelDeleted),
        BadInput,
        LoginRequired,
        (status = 403, description = "You are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 404, description = "No such label (`not_found`)", body = ErrorBody),
    ))]
pub async fn delete_label(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<LabelId>,
) -> Result<ApiJson<LabelDeleted>, ApiError> {
    state.switchboard.delete_label(&agent, path.id).await?;
    Ok(ApiJson(LabelDeleted { deleted: path.id }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConversationNumber {
    /// The conversation's number (#N).
    number: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct LabelName {
    /// The label's name.
    #[schema(min_length = 1, max_length = 32)]
    label: String,
}

/// Puts a label on a conversation (nothing changes when it is on already);
/// its history records who did.
#[utoipa::path(post, path = "/conversations/{number}/labels", tag = "labels",
    operation_id = "labelConversation", params(ConversationNumber), request_body = LabelName,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation, carrying the label", body = Conversation),
        (status = 400, description = "No label of that name, or a value refused (`invalid_input`); a body or path that does not parse", body = ErrorBody),
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such conversation (`not_found`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn label_conversation(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
    ApiJson(body): ApiJson<LabelName>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .label_conversation(&agent, path.number, &body.label, true)
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConversationLabel {
    /// The conversation's number (#N).
    number: i64,
    /// The label's name.
    label: String,
}

/// Takes a label off a conversation (nothing changes when it is not on).
#[utoipa::path(delete, path = "/conversations/{number}/labels/{label}", tag = "labels",
    operation_id = "unlabelConversation", params(ConversationLabel),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation, without the label", body = Conversation),
        (status = 400, description = "No label of that name (`invalid_input`), or a path that does not parse", body = ErrorBody),
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such conversation (`not_found`)", body = ErrorBody),
    ))]
pub async fn unlabel_conversation(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationLabel>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .label_conversation(&agent, path.number, &path.label, false)
            .await?,
    ))
}
