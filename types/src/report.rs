//! Reports on the team's work: the overview of a period (volume, first
//! response and resolution times, reopens, satisfaction) compared with the
//! period before, the same figures by agent, queue or label, and when
//! customers write in (the busiest hours). The ratings' own report is in
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

/// What the overview and the tables by agent, queue or label cover: a
/// period (RFC 3339 times, or the last `days` days; the last 30 days when
/// neither is given), optionally narrowed to one agent, queue or label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReportQuery {
    /// From this time on (RFC 3339), or from the start of this day
    /// (`2026-11-01`, in the report's time zone).
    #[serde(default)]
    pub from: Option<String>,
    /// Until this time, not included (RFC 3339; now when left out), or
    /// until the end of this day (`2026-11-30`).
    #[serde(default)]
    pub to: Option<String>,
    /// Without `from`: the last this many days until `to` (1 to 366).
    #[serde(default)]
    pub days: Option<i64>,
    /// Only this agent's work (agents always see their own alone).
    #[serde(default)]
    pub agent_id: Option<i64>,
    #[serde(default)]
    pub queue_id: Option<i64>,
    #[serde(default)]
    pub label_id: Option<i64>,
    /// Times counted within the queues' working hours only (a queue
    /// without working hours counts every hour).
    #[serde(default)]
    pub business_hours: bool,
    /// The IANA time zone the chart's hours and days are read in (the
    /// widget queue's, else UTC, when left out).
    #[serde(default)]
    pub time_zone: Option<String>,
    /// The table's rows: `agent`, `queue` or `label` (the table only).
    #[serde(default)]
    pub by: Option<String>,
}

/// The middle and the 90th percentile of some durations, in milliseconds
/// (nearest rank); none when nothing was measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Durations {
    /// How many were measured.
    pub count: i64,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
}

/// A period's figures, for the whole team or one row of a table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Conversations started in the period.
    pub new_conversations: i64,
    /// Resolves in the period (a conversation resolved, reopened and
    /// resolved again counts twice; an undone resolve not at all).
    pub resolved: i64,
    /// Reopens in the period (undoing a resolve is not one).
    pub reopened: i64,
    /// From the customer's first message to the first public reply of an
    /// agent, counted when the reply came.
    pub first_response: Durations,
    /// From the start (or the reopen) to the resolve, counted when it was
    /// resolved.
    pub resolution: Durations,
    /// Ratings given in the period.
    pub rated: i64,
    /// Their average score (1 to 5, two decimals).
    pub satisfaction: Option<f64>,
    /// Ratings for every hundred resolves (one decimal).
    pub response_rate: Option<f64>,
}

/// One step of the overview's chart: from `at`, an hour or a day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPoint {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The step as people read it in the report's time zone
    /// (`Mon 30 Nov` or `14:00`).
    pub label: String,
    pub new_conversations: i64,
    pub resolved: i64,
}

/// The overview of a period, compared with the period of the same length
/// just before it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub from: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub to: Timestamp,
    pub time_zone: String,
    pub business_hours: bool,
    pub figures: Figures,
    pub previous: Figures,
    /// `hour` for a period of two days or less, else `day`.
    pub step: String,
    pub chart: Vec<ReportPoint>,
}

/// One row of a table by agent, queue or label.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreakdownRow {
    /// The agent's, queue's or label's id (none: no queue, nobody).
    pub id: Option<i64>,
    pub name: String,
    pub figures: Figures,
}

/// A period's figures by agent, queue or label.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Breakdown {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub from: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub to: Timestamp,
    /// `agent`, `queue` or `label`.
    pub by: String,
    pub business_hours: bool,
    pub rows: Vec<BreakdownRow>,
}

/// How the reports define their figures, shown where they are shown.
pub const DEFINITIONS: [(&str, &str); 6] = [
    (
        "New",
        "Conversations started in the period, chat and e-mail. With an agent chosen: those they hold or resolved.",
    ),
    (
        "Resolved",
        "Resolves in the period. A conversation reopened and resolved again counts twice; an undone resolve does not count.",
    ),
    (
        "First response",
        "From the customer's first message to the first public reply by an agent. Private notes and automatic messages do not count. Counted when the reply came, for the agent who sent it.",
    ),
    (
        "Resolution",
        "From the conversation's start, or its reopen, to the resolve. Counted when it was resolved, for the agent who resolved it.",
    ),
    (
        "Reopened",
        "Resolved conversations opened again in the period (undoing a resolve is not a reopen).",
    ),
    (
        "Working hours",
        "With the switch on, times count only the hours the conversation's queue is open (a queue without working hours counts every hour).",
    ),
];

/// One agent on the live board: how many conversations they hold against
/// their capacity, and whether they are online.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentLoad {
    pub id: i64,
    pub name: String,
    /// Connected and available.
    pub online: bool,
    /// What they set: `online`, `away` or `offline`.
    pub availability: crate::Availability,
    /// Conversations they hold (Working On and Snoozed).
    pub holding: i64,
    /// How many automatic assignment gives them at most.
    pub capacity: i64,
}

/// The team right now: who waits, for how long, and who holds what.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveBoard {
    /// Conversations in Pending.
    pub waiting: i64,
    /// Since when the longest-waiting customer in Pending has waited.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub waiting_since: Option<Timestamp>,
    /// Every active agent, online first, then by name.
    pub agents: Vec<AgentLoad>,
}
