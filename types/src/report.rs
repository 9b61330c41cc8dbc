//! Reports on the team's work that are not about one area: when customers
//! write in (the busiest hours). Customer satisfaction's are in
//! `satisfaction`.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

/// New conversations by weekday and hour of the day, in a time zone: when
/// to have people on hand.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusiestHours {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub from: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub to: Timestamp,
    /// The IANA time zone the hours are read in.
    pub time_zone: String,
    /// New conversations in the period.
    pub total: i64,
    /// Seven rows, Monday first, of 24 counts each (from 00:00 to 23:00).
    pub counts: Vec<Vec<i64>>,
}

/// What the busiest hours cover: a period (as a satisfaction report's),
/// a time zone (the widget queue's, else UTC), and optionally one queue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BusiestHoursQuery {
    /// From this time on (RFC 3339).
    #[serde(default)]
    pub from: Option<String>,
    /// Until this time, not included (RFC 3339; now when left out).
    #[serde(default)]
    pub to: Option<String>,
    /// Without `from`: the last this many days until `to` (1 to 366).
    #[serde(default)]
    pub days: Option<i64>,
    /// An IANA time zone, such as `Europe/Berlin`.
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub queue_id: Option<i64>,
}

/// The weekdays as the rows of [`BusiestHours::counts`] name them.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
