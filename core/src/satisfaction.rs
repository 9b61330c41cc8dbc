//! The rules of customer satisfaction: what a rating may be, when a
//! customer may give or change one, which ratings are low, and what the
//! settings allow. The store applies them inside its transaction.

use crate::error::{Error, Result};
use crate::lifecycle::{clean_text, ConversationState};
use switchboard_types::{
    score_words, ConversationStatus, RatingDraft, SatisfactionReport, SatisfactionSettings,
    ScoreChoice, SCORES,
};

/// How long, after it was first given, a customer may change a rating.
pub const CHANGEABLE_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// How long after an e-mail ticket is resolved its customer is asked by
/// mail (an undo within it sends nothing).
pub const RATING_MAIL_DELAY_MS: i64 = 30_000;
/// The longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;
/// The longest question, in characters.
pub const MAX_QUESTION_CHARS: usize = 200;

/// A rating as it is kept: the score, and the comment (trimmed; empty is
/// none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub score: i64,
    pub comment: Option<String>,
}

/// Checks what the customer sent.
pub fn score(draft: &RatingDraft) -> Result<Score> {
    if score_words(draft.score).is_none() {
        return Err(Error::Invalid(
            "a rating is a score from 1 (very bad) to 5 (great)".into(),
        ));
    }
    let comment = draft
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if let Some(comment) = comment {
        clean_text("a comment", comment)?;
        if comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(Error::Invalid(format!(
                "a comment can have at most {MAX_COMMENT_CHARS} characters"
            )));
        }
    }
    Ok(Score {
        score: draft.score,
        comment: comment.map(str::to_string),
    })
}

/// Whether the customer may rate the conversation now: a first rating once
/// it is resolved, a change for a week after the first. `first_rated_at`
/// is when they first rated it, if they did.
pub fn may_rate(state: &ConversationState, first_rated_at: Option<i64>, now: i64) -> Result<()> {
    if state.deleted {
        return Err(Error::NotFound("conversation"));
    }
    if let Some(into) = state.merged_into {
        return Err(Error::Rule(format!(
            "this conversation continues in #{into}: rate that one"
        )));
    }
    match first_rated_at {
        Some(rated_at) if now > rated_at + CHANGEABLE_MS => Err(Error::Rule(
            "a rating can be changed for 7 days after it was given".into(),
        )),
        Some(_) => Ok(()),
        None if state.status != ConversationStatus::Resolved => Err(Error::Rule(
            "a conversation can be rated once it is resolved".into(),
        )),
        None => Ok(()),
    }
}

/// A score that alerts the team lead (when they asked for it).
pub fn is_low(score: i64) -> bool {
    score <= 2
}

/// The scores a customer picks from, worst first.
pub fn choices() -> Vec<ScoreChoice> {
    SCORES
        .iter()
        .map(|(score, face, label)| ScoreChoice {
            score: *score,
            face: (*face).into(),
            label: (*label).into(),
        })
        .collect()
}

/// Checks the settings an admin saves (the question trimmed, not empty,
/// at most 200 characters).
pub fn settings(given: &SatisfactionSettings) -> Result<SatisfactionSettings> {
    let question = given.question.trim();
    if question.is_empty() || question.chars().count() > MAX_QUESTION_CHARS {
        return Err(Error::Invalid(format!(
            "the satisfaction question is 1 to {MAX_QUESTION_CHARS} characters"
        )));
    }
    clean_text("the satisfaction question", question)?;
    Ok(SatisfactionSettings {
        question: question.to_string(),
        ..given.clone()
    })
}

/// The report's ratings as a CSV file: `conversation`, `rated_at`,
/// `score`, `comment`, `customer`, `customer_email`, `agent`, `queue`; a
/// cell a spreadsheet would run as a formula is written behind a `'`.
pub fn export_csv(report: &SatisfactionReport) -> Result<String> {
    crate::reports::csv_table(
        &[
            "conversation",
            "rated_at",
            "score",
            "comment",
            "customer",
            "customer_email",
            "agent",
            "queue",
        ],
        report.ratings.iter().map(|r| {
            [
                r.conversation_number.to_string(),
                r.rated_at.clone(),
                r.score.to_string(),
                r.comment.clone().unwrap_or_default(),
                r.contact.name.clone(),
                r.contact.email.clone().unwrap_or_default(),
                r.agent.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
                r.queue.as_ref().map(|q| q.name.clone()).unwrap_or_default(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: ConversationStatus) -> ConversationState {
        ConversationState {
            status,
            assignee: None,
            queue_id: None,
            resolved_by: Some(1),
            snoozed_until: None,
            deleted: false,
            merged_into: None,
        }
    }

    fn draft(score: i64, comment: Option<&str>) -> RatingDraft {
        RatingDraft {
            score,
            comment: comment.map(str::to_string),
        }
    }

    #[test]
    fn a_score_is_one_to_five_and_an_empty_comment_is_none() {
        assert!(score(&draft(0, None)).is_err());
        assert!(score(&draft(6, None)).is_err());
        let kept = score(&draft(4, Some("  quick and kind "))).unwrap();
        assert_eq!(kept.comment.as_deref(), Some("quick and kind"));
        assert_eq!(score(&draft(1, Some("   "))).unwrap().comment, None);
        let long = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert!(matches!(
            score(&draft(3, Some(&long))),
            Err(Error::Invalid(_))
        ));
        assert!(score(&draft(3, Some("a\0b"))).is_err());
    }

    #[test]
    fn a_first_rating_waits_for_the_resolve_and_a_change_for_a_week() {
        let now = 1_000 * CHANGEABLE_MS;
        for open in [
            ConversationStatus::Pending,
            ConversationStatus::WorkingOn,
            ConversationStatus::Snoozed,
        ] {
            assert!(matches!(
                may_rate(&state(open), None, now),
                Err(Error::Rule(_))
            ));
        }
        let resolved = state(ConversationStatus::Resolved);
        assert!(may_rate(&resolved, None, now).is_ok());
        assert!(may_rate(&resolved, Some(now - CHANGEABLE_MS), now).is_ok());
        assert!(may_rate(&resolved, Some(now - CHANGEABLE_MS - 1), now).is_err());
        // Reopened since: the rating given can still be changed.
        let reopened = state(ConversationStatus::WorkingOn);
        assert!(may_rate(&reopened, Some(now - 1), now).is_ok());
        let merged = ConversationState {
            merged_into: Some(9),
            ..resolved.clone()
        };
        assert!(may_rate(&merged, None, now).is_err());
        let deleted = ConversationState {
            deleted: true,
            ..resolved
        };
        assert!(matches!(
            may_rate(&deleted, None, now),
            Err(Error::NotFound(_))
        ));
    }

    #[test]
    fn low_is_one_or_two() {
        assert_eq!((1..=5).filter(|s| is_low(*s)).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(switchboard_types::describe_score(2), "2 of 5 (Bad)");
        assert_eq!(choices().len(), 5);
    }

    #[test]
    fn the_question_is_trimmed_and_not_empty() {
        let given = |question: &str| SatisfactionSettings {
            question: question.into(),
            ..SatisfactionSettings::default()
        };
        assert_eq!(settings(&given("  Happy? ")).unwrap().question, "Happy?");
        assert!(settings(&given("  ")).is_err());
        assert!(settings(&given(&"q".repeat(MAX_QUESTION_CHARS + 1))).is_err());
    }
}
