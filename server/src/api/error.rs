use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use switchboard_types::{ErrorBody, ErrorDetail};

/// The refusals an agent endpoint may answer with, for the OpenAPI
/// document (never built: `ApiError` is what handlers return).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
pub enum Refusals {
    /// Bad input: malformed JSON, a wrong type or an invalid value.
    #[response(status = 400)]
    BadInput(ErrorBody),
    /// Not logged in (a contact token is not a login).
    #[response(status = 401)]
    Unauthenticated(ErrorBody),
    /// Logged in, but not allowed (for example: admins only).
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// No such conversation, agent, queue or customer.
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// A conflict, such as `already_assigned` (naming the holder).
    #[response(status = 409)]
    Conflict(ErrorBody),
    /// A rule of the lifecycle forbids it now.
    #[response(status = 422)]
    NotAllowedNow(ErrorBody),
}

/// An API failure, as API.md shapes it.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// Seconds to wait, sent as `Retry-After` (with a 429).
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 429: too many requests; try again in `wait` seconds.
    pub fn rate_limited(wait: u64, message: impl Into<String>) -> Self {
        ApiError {
            retry_after: Some(wait),
            ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
        }
    }

    /// 403: an unsafe request from another site's page.
    pub fn forbidden_origin() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden_origin",
            "this request came from another site's page; Switchboard only takes changes \
             from its own pages (or from API clients with a Bearer token)",
        )
    }

    pub fn not_found(message: &str) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_input", message)
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<switchboard_core::Error> for ApiError {
    fn from(e: switchboard_core::Error) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            tracing::error!(error = %e, "request failed");
        }
        ApiError {
            retry_after: e.retry_after(),
            ..ApiError::new(status, e.code(), e.public_message())
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return crate::security::too_large(crate::security::BODY_LIMIT);
        }
        let code = match rejection {
            JsonRejection::MissingJsonContentType(_) => "unsupported_media_type",
            _ => "invalid_json",
        };
        ApiError::new(StatusCode::BAD_REQUEST, code, rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            rejection.body_text(),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_path",
            rejection.body_text(),
        )
    }
}

impl From<switchboard_types::ParseError> for ApiError {
    fn from(e: switchboard_types::ParseError) -> Self {
        ApiError::bad_request(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(wait) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, wait.into());
        }
        response
    }
}
