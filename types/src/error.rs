//! Errors: the shape of every API failure, and a word a field does not
//! accept.

#[cfg(feature = "openapi")]
use crate::ErrorCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The error shape of every API failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// One of [`ErrorCode`]'s words.
    #[cfg_attr(feature = "openapi", schema(value_type = ErrorCode))]
    pub code: String,
    pub message: String,
}

/// A value that is not one of the words a field accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub field: &'static str,
    pub value: String,
}

impl ParseError {
    pub(crate) fn new(field: &'static str, value: &str) -> Self {
        ParseError {
            field,
            value: value.chars().take(64).collect(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.value, self.field)
    }
}

impl std::error::Error for ParseError {}
