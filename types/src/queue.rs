//! Queues: a queue as a conversation names it, as admins set it up and
//! change it, and the working hours that say when it answers.

#[cfg(feature = "openapi")]
use crate::AssignmentPolicy;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    pub id: i64,
    pub name: String,
}

/// A day of the week, in working hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

/// One opening on a day of the week, in the queue's time zone (`HH:MM`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opening {
    pub day: Weekday,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "09:00")
    )]
    pub opens: String,
    /// After `opens`.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "17:30")
    )]
    pub closes: String,
}

/// When a queue answers: openings each week in an IANA time zone (such as
/// `Europe/Berlin`), and holidays (`YYYY-MM-DD`, closed all day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkingHours {
    pub time_zone: String,
    pub openings: Vec<Opening>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, format = Date))]
    pub holidays: Vec<String>,
}

/// A queue as admins set it up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueSetup {
    pub id: i64,
    pub name: String,
    /// Automatic assignment: `off`, `round_robin` or `least_busy`.
    #[cfg_attr(feature = "openapi", schema(value_type = AssignmentPolicy))]
    pub assignment_policy: String,
    /// Whether an agent going offline hands this queue's conversations back
    /// to Pending (to be assigned again).
    pub reassign_on_offline: bool,
    /// The agents in it (ids).
    pub members: Vec<i64>,
    /// When it answers; none: at all hours.
    pub working_hours: Option<WorkingHours>,
    /// How many minutes a customer may wait for an answer before the wait
    /// shows as too long (and the inbox rings while it is in Pending).
    #[serde(default = "default_wait_minutes")]
    pub wait_minutes: i64,
}

/// How long a customer may wait for an answer before it shows as too long,
/// until an admin sets it for the queue (and for conversations in none).
pub const DEFAULT_WAIT_MINUTES: i64 = 5;

fn default_wait_minutes() -> i64 {
    DEFAULT_WAIT_MINUTES
}

/// What an admin changes of a queue (only the fields given).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueChange {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AssignmentPolicy>))]
    pub assignment_policy: Option<String>,
    pub reassign_on_offline: Option<bool>,
    /// The whole new list of members.
    pub members: Option<Vec<i64>>,
    pub working_hours: Option<WorkingHours>,
    /// 1 to 1440.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1440))]
    pub wait_minutes: Option<i64>,
    #[serde(default)]
    pub clear_working_hours: bool,
}
