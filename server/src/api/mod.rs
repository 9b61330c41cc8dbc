//! The HTTP API v1: the same use cases the UI calls, for integrators.
//! Every answer is JSON; every failure is `{"error": {"code", "message"}}`.

mod agents;
mod conversations;
mod docs;
mod error;
mod extract;
mod queues;
mod team;
mod webhooks;
mod widget;

pub use docs::{api_docs, openapi_document};
pub use error::ApiError;
pub use extract::{ApiJson, ApiPath, ApiQuery, CurrentAgent, CurrentContact, SocketAgent};

use crate::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The API's routes, each registered with its OpenAPI description, so the
/// document served at `/api/openapi.json` is the code's own account. The
/// live streams' sockets are mounted beside them (`crate::routes`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(agents::login))
        .routes(routes!(agents::logout))
        .routes(routes!(agents::me))
        .routes(routes!(agents::list))
        .routes(routes!(agents::queues))
        .routes(routes!(conversations::list))
        .routes(routes!(conversations::counts))
        .routes(routes!(conversations::get, conversations::delete))
        .routes(routes!(conversations::timeline))
        .routes(routes!(conversations::send))
        .routes(routes!(conversations::accept))
        .routes(routes!(conversations::read))
        .routes(routes!(conversations::assign))
        .routes(routes!(conversations::transfer))
        .routes(routes!(conversations::return_to_pending))
        .routes(routes!(conversations::resolve))
        .routes(routes!(conversations::reopen))
        .routes(routes!(conversations::undo_resolve))
        .routes(routes!(conversations::snooze))
        .routes(routes!(conversations::unread))
        .routes(routes!(conversations::restore))
        .routes(routes!(conversations::contact))
        .routes(routes!(conversations::block_contact))
        .routes(routes!(conversations::unblock_contact))
        .routes(routes!(conversations::search))
        .routes(routes!(team::list))
        .routes(routes!(team::invitations, team::invite))
        .routes(routes!(team::revoke_invitation))
        .routes(routes!(team::invitation_link))
        .routes(routes!(team::change))
        .routes(routes!(team::password_reset))
        .routes(routes!(team::join))
        .routes(routes!(team::tokens, team::create_token))
        .routes(routes!(team::revoke_token))
        .routes(routes!(team::audit))
        .routes(routes!(queues::queue_setups))
        .routes(routes!(queues::create_queue))
        .routes(routes!(queues::change_queue))
        .routes(routes!(queues::set_availability))
        .routes(routes!(webhooks::webhooks, webhooks::create_webhook))
        .routes(routes!(webhooks::change_webhook, webhooks::delete_webhook))
        .routes(routes!(webhooks::deliveries))
        .routes(routes!(widget::settings, widget::change_settings))
        .routes(routes!(widget::offline))
        .routes(routes!(widget::inbound_email))
        // The loader reads the public config from the host page, another
        // origin: that one read is open to every site, nothing else is.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(widget::config))
                .layer(widget::public_reads()),
        )
        .routes(routes!(widget::start_session))
        .routes(routes!(widget::session))
        .routes(routes!(widget::messages, widget::send))
        .routes(routes!(widget::event))
    // Request bodies are limited for the whole router (crate::security).
}
