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
        AppError::new(e.code().as_str(), e.public_message())
    }
}
