//! Customer satisfaction: the customer's rating of a resolved conversation
//! (a score of 1 to 5 and an optional comment), what the widget asks with,
//! the settings, and the ratings as a team lead reads them.

use crate::{AgentRef, ContactRef, Queue, Timestamp};
use serde::{Deserialize, Serialize};

/// One score a customer can give: its number, its face and its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreChoice {
    pub score: i64,
    pub face: String,
    pub label: String,
}

/// The scores, worst first: what the widget offers and the inbox shows.
pub const SCORES: [(i64, &str, &str); 5] = [
    (1, "😞", "Very bad"),
    (2, "🙁", "Bad"),
    (3, "😐", "Okay"),
    (4, "🙂", "Good"),
    (5, "😀", "Great"),
];

/// The face and the words of `score` (none outside 1 to 5).
pub fn score_words(score: i64) -> Option<(&'static str, &'static str)> {
    SCORES
        .iter()
        .find(|(s, _, _)| *s == score)
        .map(|(_, face, label)| (*face, *label))
}

/// How a score reads in a line: "2 of 5 (Bad)".
pub fn describe_score(score: i64) -> String {
    let (_, label) = score_words(score).unwrap_or(("", "?"));
    format!("{score} of 5 ({label})")
}

/// A rating as given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// 1 (very bad) to 5 (great).
    pub score: i64,
    pub comment: Option<String>,
    /// When it was first given.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub rated_at: Timestamp,
    /// Until when the customer may change it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub changeable_until: Timestamp,
}

/// What the customer rates with (`PUT …/rating`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingDraft {
    /// 1 (very bad) to 5 (great).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub score: i64,
    /// Optional words; empty counts as none.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub comment: Option<String>,
}

/// What the customer's widget (or the rating page of a resolved e-mail
/// ticket) shows: the question, the scores to pick from, and the rating
/// given so far, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingRequest {
    pub conversation_number: i64,
    pub question: String,
    pub choices: Vec<ScoreChoice>,
    pub rating: Option<Rating>,
}

/// Whether and how customers are asked (part of the widget's settings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionSettings {
    /// Ask when a conversation is resolved (in the widget, and with links
    /// in the mail that closes an e-mail ticket).
    pub ask: bool,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub question: String,
    /// Tell every admin when a customer rates 1 or 2.
    pub alert_low: bool,
}

/// The question asked when admins have not written their own.
pub const DEFAULT_QUESTION: &str = "How did we do?";

impl Default for SatisfactionSettings {
    fn default() -> Self {
        SatisfactionSettings {
            ask: true,
            question: DEFAULT_QUESTION.into(),
            alert_low: true,
        }
    }
}

/// One rated conversation, as the ratings report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatedConversation {
    pub conversation_number: i64,
    pub contact: ContactRef,
    /// Who resolved it (the rating counts for them).
    pub agent: Option<AgentRef>,
    pub queue: Option<Queue>,
    pub score: i64,
    pub comment: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub rated_at: Timestamp,
}

/// Customer satisfaction over a period: how many resolved conversations
/// were rated, the average, how many gave each score, and the ratings
/// (newest first; the filter's score narrows the list, not the figures).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionReport {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub from: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub to: Timestamp,
    /// Conversations resolved in the period (the last time, if reopened).
    pub resolved: i64,
    /// Ratings given in the period.
    pub rated: i64,
    /// The average score, none without ratings.
    pub average: Option<f64>,
    /// Rated of resolved, in percent; none when nothing was resolved.
    pub response_rate: Option<f64>,
    /// How many gave 1, 2, 3, 4 and 5, in that order.
    pub by_score: Vec<i64>,
    pub ratings: Vec<RatedConversation>,
}

/// What a ratings report covers: a period (RFC 3339 times, or the last
/// `days` days; the last 30 days when neither is given), and optionally one
/// agent, one queue, one score.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SatisfactionQuery {
    /// From this time on (RFC 3339).
    #[serde(default)]
    pub from: Option<String>,
    /// Until this time, not included (RFC 3339; now when left out).
    #[serde(default)]
    pub to: Option<String>,
    /// Without `from`: the last this many days until `to` (1 to 366).
    #[serde(default)]
    pub days: Option<i64>,
    /// Only ratings of conversations this agent resolved (agents always
    /// see their own alone).
    #[serde(default)]
    pub agent_id: Option<i64>,
    #[serde(default)]
    pub queue_id: Option<i64>,
    /// Only this score in the list (the figures count every score).
    #[serde(default)]
    pub score: Option<i64>,
}
