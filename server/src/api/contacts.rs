//! Customers' accounts over the API: what agents see of a customer, and
//! blocking or letting back a customer (admins).

use super::error::{AdminsOnlyChange, BadInput, LoginRequired};
use super::{ApiError, ApiJson, ApiPath, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use serde::Deserialize;
use switchboard_core::types::{ContactAccount, ErrorBody};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The customers' routes: an account, blocking, unblocking.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(contact))
        .routes(routes!(block_contact))
        .routes(routes!(unblock_contact))
}

/// A customer's id, in the path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ContactId {
    /// The customer's id.
    id: i64,
}

/// A customer's account: details, attributes and all their conversations.
#[utoipa::path(get, path = "/contacts/{id}", tag = "customers",
    operation_id = "getContact", params(ContactId),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's account", body = ContactAccount),
        BadInput,
        LoginRequired,
        (status = 404, description = "No such customer (`not_found`)", body = ErrorBody),
    ))]
pub async fn contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state.switchboard.contact_account(&agent, path.id).await?,
    ))
}

/// Blocks a customer (admins): what they write is still stored, but their
/// conversations leave every list for the Blocked view (`view=blocked`),
/// and automatic assignment passes them by.
#[utoipa::path(post, path = "/contacts/{id}/block", tag = "customers",
    operation_id = "blockContact", params(ContactId),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's account, blocked", body = ContactAccount),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such customer (`not_found`)", body = ErrorBody),
    ))]
pub async fn block_contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .block_contact(&agent, path.id, true)
            .await?,
    ))
}

/// Lets a blocked customer back (admins): their conversations return to
/// the usual views.
#[utoipa::path(post, path = "/contacts/{id}/unblock", tag = "customers",
    operation_id = "unblockContact", params(ContactId),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's account, not blocked any more", body = ContactAccount),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such customer (`not_found`)", body = ErrorBody),
    ))]
pub async fn unblock_contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .block_contact(&agent, path.id, false)
            .await?,
    ))
}
