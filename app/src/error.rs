//! The one error type server functions answer with, readable on both sides.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// The same codes as the HTTP API (`already_assigned`, `unauthenticated` …).
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        AppError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::new("request_failed", format!("the request failed: {value}"))
    }
}

#[cfg(feature = "ssr")]
impl From<switchboard_core::Error> for AppError {
    fn from(e: switchboard_core::Error) -> Self {
        if e.status() >= 500 {
            tracing::error!(error = %e, "a server function failed");
        }
        answer_with_status_of(&e);
        AppError::new(e.code().as_str(), e.public_message())
    }
}

/// A server function's refusal answers with the same HTTP status as the
/// API's (401 for a wrong password, 409 for a conflict, 429 with
/// `Retry-After` …), not 500. The browser's client reads the error body of
/// any 4xx or 5xx alike. Only for a server function called by the client
/// (`/rpc/…`, not a form posted without script, which is redirected back):
/// a page rendered on the server keeps its own status.
#[cfg(feature = "ssr")]
fn answer_with_status_of(e: &switchboard_core::Error) {
    use leptos::prelude::use_context;
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return;
    };
    let form_post = parts
        .headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if !parts.uri.path().starts_with(crate::server::PREFIX) || form_post {
        return;
    }
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if let Ok(status) = axum::http::StatusCode::from_u16(e.status()) {
        response.set_status(status);
    }
    if let Some(wait) = e.retry_after() {
        response.insert_header(axum::http::header::RETRY_AFTER, wait.into());
    }
}
