//! Saved replies over the API: every agent's own and the team's (admins
//! manage those), and one filled in for a conversation.

use super::error::{BadInput, LoginRequired, TooLarge};
use super::{ApiError, ApiJson, ApiPath, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{ErrorBody, FilledReply, SavedReply};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The saved replies' routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(saved_replies, create_saved_reply))
        .routes(routes!(change_saved_reply, delete_saved_reply))
        .routes(routes!(fill_saved_reply))
}

#[derive(Serialize, ToSchema)]
pub struct SavedReplyList {
    saved_replies: Vec<SavedReply>,
}

/// The team's saved replies and your own, by shortcut (yours first where
/// both have the same).
#[utoipa::path(get, path = "/saved_replies", tag = "saved_replies", operation_id = "listSavedReplies",
    security(("session" = []), ("apiToken" = [])),
    responses((status = 200, description = "The replies you may use", body = SavedReplyList), LoginRequired))]
pub async fn saved_replies(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<ApiJson<SavedReplyList>, ApiError> {
    Ok(ApiJson(SavedReplyList {
        saved_replies: state.switchboard.saved_replies(&agent).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewSavedReply {
    /// What follows `/` in the composer: 1 to 32 letters, digits, `-` or
    /// `_` (kept in lower case).
    #[schema(min_length = 1, max_length = 33)]
    shortcut: String,
    /// Its text; `{{customer.name}}`, `{{customer.email}}`,
    /// `{{customer.ATTRIBUTE}}`, `{{agent.name}}` and
    /// `{{conversation.number}}` are filled in when it is used.
    #[schema(min_length = 1, max_length = 16384)]
    body: String,
    /// The whole team's (admins) rather than your own.
    #[serde(default)]
    team: bool,
}

/// Saves a reply of your own, or (`team`, admins) one for the whole team.
#[utoipa::path(post, path = "/saved_replies", tag = "saved_replies", operation_id = "createSavedReply",
    request_body = NewSavedReply, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The new reply", body = SavedReply),
        BadInput,
        LoginRequired,
        (status = 403, description = "A team reply from someone not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 409, description = "The shortcut is taken (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn create_saved_reply(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<NewSavedReply>,
) -> Result<(StatusCode, ApiJson<SavedReply>), ApiError> {
    let reply = state
        .switchboard
        .create_saved_reply(&agent, &body.shortcut, &body.body, body.team)
        .await?;
    Ok((StatusCode::CREATED, ApiJson(reply)))
}

#[derive(Deserialize, ToSchema)]
pub struct SavedReplyChange {
    #[schema(min_length = 1, max_length = 33)]
    shortcut: Option<String>,
    #[schema(min_length = 1, max_length = 16384)]
    body: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SavedReplyId {
    /// The saved reply's id.
    id: i64,
}

/// Changes a reply's shortcut or text: your own, or the team's (admins).
#[utoipa::path(patch, path = "/saved_replies/{id}", tag = "saved_replies", operation_id = "changeSavedReply",
    params(SavedReplyId), request_body = SavedReplyChange, security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The reply as it now is", body = SavedReply),
        BadInput,
        LoginRequired,
        (status = 403, description = "The team's, and you are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 404, description = "No such reply of yours or the team's (`not_found`)", body = ErrorBody),
        (status = 409, description = "The shortcut is taken (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn change_saved_reply(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<SavedReplyId>,
    ApiJson(body): ApiJson<SavedReplyChange>,
) -> Result<ApiJson<SavedReply>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .change_saved_reply(
                &agent,
                path.id,
                body.shortcut.as_deref(),
                body.body.as_deref(),
            )
            .await?,
    ))
}

/// The answer to removing a saved reply.
#[derive(Serialize, ToSchema)]
pub struct SavedReplyDeleted {
    /// The id of the reply removed.
    deleted: i64,
}

/// Removes a reply: your own, or the team's (admins).
#[utoipa::path(delete, path = "/saved_replies/{id}", tag = "saved_replies", operation_id = "deleteSavedReply",
    params(SavedReplyId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Removed", body = SavedReplyDeleted),
        BadInput,
        LoginRequired,
        (status = 403, description = "The team's, and you are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 404, description = "No such reply of yours or the team's (`not_found`)", body = ErrorBody),
    ))]
pub async fn delete_saved_reply(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<SavedReplyId>,
) -> Result<ApiJson<SavedReplyDeleted>, ApiError> {
    state
        .switchboard
        .delete_saved_reply(&agent, path.id)
        .await?;
    Ok(ApiJson(SavedReplyDeleted { deleted: path.id }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConversationReply {
    /// The conversation's number (#N).
    number: i64,
    /// The saved reply's id.
    id: i64,
}

/// A saved reply filled in for a conversation: its customer's name, e-mail
/// and attributes, your name, its number. An unknown placeholder stays as
/// written. Nothing is sent.
#[utoipa::path(get, path = "/conversations/{number}/saved_replies/{id}", tag = "saved_replies",
    operation_id = "fillSavedReply", params(ConversationReply),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The text, ready to send or change", body = FilledReply),
        BadInput,
        LoginRequired,
        (status = 404, description = "No such conversation, or no such reply of yours or the team's (`not_found`)", body = ErrorBody),
    ))]
pub async fn fill_saved_reply(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationReply>,
) -> Result<ApiJson<FilledReply>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .fill_saved_reply(&agent, path.id, path.number)
            .await?,
    ))
}
