//! The HTTP API v1: the same use cases the UI calls, for integrators.
//! Every answer is JSON; every failure is `{"error": {"code", "message"}}`.
//! Each area registers its own routes (`router()` in its file); they are
//! merged here, in one place. The live streams' sockets are mounted beside
//! the API, not in it (`crate::routes`): they use its extractors, the API
//! knows nothing of them.

mod agents;
pub mod attachments;
mod attributes;
mod contacts;
mod conversations;
mod docs;
mod error;
mod extract;
mod labels;
mod mailboxes;
mod queues;
mod reports;
mod satisfaction;
mod saved_replies;
mod team;
mod webhooks;
mod widget;

pub use docs::{api_docs, openapi_document};
pub use error::ApiError;
pub use extract::{
    ApiJson, ApiPath, ApiQuery, CsvFile, CurrentAgent, CurrentContact, RawBody, SocketAgent,
};

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The API's routes, each registered with its OpenAPI description, so the
/// document served at `/api/openapi.json` is the code's own account.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(agents::router())
        .merge(attachments::router())
        .merge(conversations::router())
        .merge(contacts::router())
        .merge(team::router())
        .merge(queues::router())
        .merge(saved_replies::router())
        .merge(satisfaction::router())
        .merge(reports::router())
        .merge(labels::router())
        .merge(attributes::router())
        .merge(webhooks::router())
        .merge(mailboxes::router())
        .merge(widget::router())
    // Request bodies are limited for the whole router (crate::security).
}
