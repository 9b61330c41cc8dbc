//! The domain's failures, each with the API code and HTTP status it maps to.

use switchboard_types::ErrorCode;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    #[error("log in first")]
    Unauthenticated,
    #[error("the e-mail or password is wrong")]
    BadCredentials,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("already accepted by {holder}")]
    AlreadyAssigned { holder: String },
    #[error("{0}")]
    Conflict(String),
    /// Too many tries (of a password, for one account): wait and try again.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// A rule of the conversation lifecycle forbids the action.
    #[error("{0}")]
    Rule(String),
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the database schema could not be brought up to date: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// The stable `snake_case` code integrators match on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Unauthenticated => ErrorCode::Unauthenticated,
            Error::BadCredentials => ErrorCode::BadCredentials,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::TooLarge(_) => ErrorCode::TooLarge,
            Error::AlreadyAssigned { .. } => ErrorCode::AlreadyAssigned,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Rule(_) => ErrorCode::NotAllowedNow,
            Error::Database(_) | Error::Migration(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The HTTP status of API.md for this failure (its code's).
    pub fn status(&self) -> u16 {
        self.code().status()
    }

    /// What may be shown to the caller: internals stay in the log.
    pub fn public_message(&self) -> String {
        match self {
            Error::Database(_) | Error::Migration(_) | Error::Internal(_) => {
                "something went wrong on our side; it has been logged".to_string()
            }
            other => other.to_string(),
        }
    }

    /// For a 429: how many seconds to wait (the `Retry-After` header).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Error::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    pub(crate) fn is_unique_violation(&self) -> bool {
        matches!(self, Error::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a unique-constraint violation into the domain's conflict, said
/// in the product's words; any other error passes unchanged.
pub trait OnConstraint<T> {
    fn on_constraint(self, conflict: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: Into<Error>> OnConstraint<T> for std::result::Result<T, E> {
    fn on_constraint(self, conflict: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| match e.into() {
            e if e.is_unique_violation() => Error::Conflict(conflict()),
            e => e,
        })
    }
}
