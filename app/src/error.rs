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

/// A server function called over HTTP answers a domain failure with the
/// same status as the API does (401, 409, 429 with `Retry-After` …), not a
/// 500. (Called while a page renders, the page keeps its own status.)
#[cfg(feature = "ssr")]
fn answer_with_status_of(e: &switchboard_core::Error) {
    use leptos::prelude::use_context;
    let called = use_context::<axum::http::request::Parts>()
        .is_some_and(|parts| parts.uri.path().starts_with(crate::server::PREFIX));
    let Some(response) = use_context::<leptos_axum::ResponseOptions>().filter(|_| called) else {
        return;
    };
    if let Ok(status) = axum::http::StatusCode::from_u16(e.status()) {
        response.set_status(status);
    }
    if let Some(wait) = e.retry_after() {
        response.insert_header(axum::http::header::RETRY_AFTER, wait.into());
    }
}
