//! One action on many conversations (bulk actions): each conversation goes
//! through the action's own use case, in its own transaction, so the rules
//! and the live events are exactly those of one; a refusal of one stops
//! nothing else.

use super::Switchboard;
use crate::error::{Error, Result};
use switchboard_types::{Agent, BulkActionKind, BulkFailure, BulkOutcome, BulkRequest};

/// The most conversations one bulk action takes.
pub const MAX_BULK: usize = 100;

impl Switchboard {
    pub async fn bulk(&self, agent: &Agent, request: &BulkRequest) -> Result<BulkOutcome> {
        let mut numbers = request.numbers.clone();
        numbers.sort_unstable();
        numbers.dedup();
        if numbers.is_empty() || numbers.len() > MAX_BULK {
            return Err(Error::Invalid(format!(
                "numbers must name 1 to {MAX_BULK} conversations"
            )));
        }
        let needs = |what: Option<i64>, name: &str| {
            what.ok_or_else(|| Error::Invalid(format!("this action needs {name}")))
        };
        // What the action needs is checked once, before any conversation.
        match request.action {
            BulkActionKind::Assign => {
                needs(request.agent_id, "an agent_id")?;
            }
            BulkActionKind::Transfer if request.agent_id.is_none() => {
                needs(request.queue_id, "an agent_id, a queue_id or both")?;
            }
            BulkActionKind::Snooze if request.until.is_none() => {
                return Err(Error::Invalid("this action needs `until`".into()));
            }
            BulkActionKind::Label => {
                let name = crate::labels::name(request.label.as_deref().unwrap_or_default())?;
                if self.label_ids(std::slice::from_ref(&name)).await?.is_none() {
                    return Err(Error::Invalid(format!("there is no label named {name}")));
                }
            }
            _ => {}
        }
        let mut succeeded = Vec::new();
        let mut failed = Vec::new();
        for number in numbers {
            let done = match request.action {
                BulkActionKind::Accept => self.accept(agent, number).await,
                BulkActionKind::Assign => {
                    self.assign(agent, number, request.agent_id.unwrap_or_default())
                        .await
                }
                BulkActionKind::Transfer => {
                    self.transfer(agent, number, request.agent_id, request.queue_id, None)
                        .await
                }
                BulkActionKind::Return => self.return_to_pending(agent, number).await,
                BulkActionKind::Resolve => self.resolve(agent, number).await,
                BulkActionKind::Reopen => self.reopen(agent, number).await,
                BulkActionKind::Snooze => {
                    self.snooze(agent, number, request.until.as_deref().unwrap_or_default())
                        .await
                }
                BulkActionKind::Label => {
                    let label = request.label.as_deref().unwrap_or_default();
                    self.label_conversation(agent, number, label, true).await
                }
            };
            match done {
                Ok(_) => succeeded.push(number),
                // The store failing is no refusal: it stops here, and says so.
                Err(e @ (Error::Database(_) | Error::Internal(_))) => return Err(e),
                Err(e) => failed.push(BulkFailure {
                    number,
                    code: e.code().as_str().to_string(),
                    message: e.to_string(),
                }),
            }
        }
        let summary = summary(request.action, succeeded.len(), &failed);
        Ok(BulkOutcome {
            succeeded,
            failed,
            summary,
        })
    }
}

fn done_word(action: BulkActionKind) -> &'static str {
    match action {
        BulkActionKind::Accept => "accepted",
        BulkActionKind::Assign => "assigned",
        BulkActionKind::Transfer => "transferred",
        BulkActionKind::Return => "returned to Pending",
        BulkActionKind::Resolve => "resolved",
        BulkActionKind::Reopen => "reopened",
        BulkActionKind::Snooze => "snoozed",
        BulkActionKind::Label => "labelled",
    }
}

/// "18 resolved; 2 not: already accepted by Ada (#4, #9)", the refusals
/// grouped by reason.
fn summary(action: BulkActionKind, done: usize, failed: &[BulkFailure]) -> String {
    let mut text = format!("{done} {}", done_word(action));
    let mut reasons: Vec<(&str, Vec<i64>)> = Vec::new();
    for failure in failed {
        match reasons.iter_mut().find(|(m, _)| *m == failure.message) {
            Some((_, numbers)) => numbers.push(failure.number),
            None => reasons.push((&failure.message, vec![failure.number])),
        }
    }
    for (message, numbers) in reasons {
        let listed: Vec<String> = numbers.iter().map(|n| format!("#{n}")).collect();
        text.push_str(&format!(
            "; {} not: {message} ({})",
            numbers.len(),
            listed.join(", ")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_groups_refusals_by_reason() {
        let failure = |number, message: &str| BulkFailure {
            number,
            code: "already_assigned".into(),
            message: message.into(),
        };
        assert_eq!(summary(BulkActionKind::Resolve, 20, &[]), "20 resolved");
        assert_eq!(
            summary(
                BulkActionKind::Accept,
                3,
                &[
                    failure(4, "already accepted by Ada"),
                    failure(7, "conversation not found"),
                    failure(9, "already accepted by Ada"),
                ]
            ),
            "3 accepted; 2 not: already accepted by Ada (#4, #9); 1 not: conversation not found (#7)"
        );
    }
}
