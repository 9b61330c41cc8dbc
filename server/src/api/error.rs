use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use switchboard_types::{ErrorBody, ErrorCode, ErrorDetail};

// The refusals operations answer with, for the OpenAPI document (never
// built: `ApiError` is what handlers return). Each operation lists the
// ones it can really answer; those particular to one operation (a 404 of
// a webhook, a 409 of a taken name …) are written beside it.

/// Bad input: JSON of the wrong shape (`invalid_json`), a body not sent as
/// JSON (`unsupported_media_type`), a bad query or path parameter
/// (`invalid_query`, `invalid_path`), or a value a rule refuses
/// (`invalid_input`).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 400)]
pub struct BadInput(ErrorBody);

/// Not logged in: no valid session cookie or API token (`unauthenticated`);
/// a contact token is not a login.
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 401)]
pub struct LoginRequired(ErrorBody);

/// No valid contact token in `X-Contact-Token` (`unauthenticated`).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 401)]
pub struct ContactTokenRequired(ErrorBody);

/// A change sent with the session cookie from another site
/// (`forbidden_origin`); calls with an API token are not affected.
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 403)]
pub struct CrossSite(ErrorBody);

/// Admins only (`forbidden`).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 403)]
pub struct AdminsOnly(ErrorBody);

/// Admins only (`forbidden`), or a change sent with the session cookie from
/// another site (`forbidden_origin`).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 403)]
pub struct AdminsOnlyChange(ErrorBody);

/// No such conversation (or one an admin deleted), `not_found`.
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 404)]
pub struct NoSuchConversation(ErrorBody);

/// The request body is over 64 KiB (`payload_too_large`).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 413)]
pub struct TooLarge(ErrorBody);

/// Too many requests from this address (`rate_limited`): try again after
/// `Retry-After` seconds.
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(
    status = 429,
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again"))
)]
pub struct RateLimited(ErrorBody);

/// An API failure, as API.md shapes it.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: ErrorCode,
    message: String,
    /// Seconds to wait, sent as `Retry-After` (with a 429).
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// An error of `code`, with the status every error of that code has.
    pub fn of(code: ErrorCode, message: impl Into<String>) -> Self {
        let status =
            StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        ApiError::new(status, code, message)
    }

    /// 429: too many requests; try again in `wait` seconds.
    pub fn rate_limited(wait: u64, message: impl Into<String>) -> Self {
        ApiError {
            retry_after: Some(wait),
            ..ApiError::of(ErrorCode::RateLimited, message)
        }
    }

    /// 403: an unsafe request from another site's page.
    pub fn forbidden_origin() -> Self {
        ApiError::of(
            ErrorCode::ForbiddenOrigin,
            "this request came from another site's page; Switchboard only takes changes \
             from its own pages (or from API clients with a Bearer token)",
        )
    }

    pub fn not_found(message: &str) -> Self {
        ApiError::of(ErrorCode::NotFound, message)
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::of(ErrorCode::InvalidInput, message)
    }

    pub fn method_not_allowed() -> Self {
        ApiError::of(
            ErrorCode::MethodNotAllowed,
            "this path does not take this method (the Allow header lists those it takes)",
        )
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
            JsonRejection::MissingJsonContentType(_) => ErrorCode::UnsupportedMediaType,
            _ => ErrorCode::InvalidJson,
        };
        ApiError::new(StatusCode::BAD_REQUEST, code, rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            rejection.body_text(),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidPath,
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
                code: self.code.as_str().to_string(),
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
