//! Automatic assignment: how a queue hands its new conversations to agents.
//!
//! Each queue picks a [`Policy`]: off (conversations wait in Pending for an
//! agent to accept them), round robin (agents take turns, in agent id order)
//! or least busy (the agent holding the fewest open conversations). Either
//! way a conversation only goes to an agent who is online (not away or
//! offline) and under their capacity, the number of conversations they may
//! hold in Working On at once. A conversation nobody can take stays in
//! Pending and is offered again, with [`plan`], when an agent comes online or
//! frees capacity.
//!
//! Everything here is a pure decision over the facts the caller gathered; it
//! reads and writes nothing.

use crate::error::Error;

/// How a queue assigns its new conversations (a word of the API, defined
/// with the other wire types).
pub use switchboard_types::AssignmentPolicy as Policy;

/// Reads a policy's stable name (`off`, `round_robin` or `least_busy`;
/// spaces around it are ignored). Anything else is [`Error::Invalid`],
/// naming the choices.
pub fn parse_policy(text: &str) -> Result<Policy, Error> {
    text.parse::<Policy>().map_err(|_| {
        let choices = Policy::ALL
            .iter()
            .map(|policy| format!("`{}`", policy.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        Error::Invalid(format!(
            "`{text}` is not an assignment policy (choose one of {choices})"
        ))
    })
}

/// An agent of the queue, as automatic assignment sees them. The caller
/// lists each agent once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The agent's id.
    pub agent_id: i64,
    /// Whether the agent is online; away and offline agents are not.
    pub online: bool,
    /// How many conversations the agent holds in Working On.
    pub open_conversations: i64,
    /// How many open conversations the agent may hold at once.
    pub capacity: i64,
}

impl Candidate {
    /// Whether the agent can be given one more conversation: online and
    /// under their capacity.
    pub fn can_take(&self) -> bool {
        self.online && self.open_conversations < self.capacity
    }
}

/// Who gets the next conversation: `last_assigned` is the agent the queue
/// gave its previous one to (round robin goes on from there, in agent id
/// order, wrapping); least busy picks the fewest open conversations, ties
/// broken by the lowest agent id after the last assigned (so ties rotate
/// too). None when nobody can take it or the policy is Off.
///
/// The last assigned agent need not be among the candidates any more: the
/// turn still goes to the next agent id after theirs.
pub fn choose(policy: Policy, candidates: &[Candidate], last_assigned: Option<i64>) -> Option<i64> {
    pick(policy, candidates, last_assigned)
        .and_then(|index| candidates.get(index))
        .map(|candidate| candidate.agent_id)
}

/// Assigns a batch in order (for offering waiting conversations again),
/// updating open counts as it goes; answers the agent for each
/// conversation, or None where nobody could take it.
///
/// The answer has one entry per waiting conversation, oldest first, as
/// [`choose`] would give them one after the other. Once one conversation
/// finds nobody, none after it can either, so the rest stay waiting too.
pub fn plan(
    policy: Policy,
    candidates: &[Candidate],
    last_assigned: Option<i64>,
    waiting: usize,
) -> Vec<Option<i64>> {
    let mut team = candidates.to_vec();
    let mut last = last_assigned;
    let mut answers = Vec::new();
    while answers.len() < waiting {
        let Some(agent) = pick(policy, &team, last).and_then(|index| team.get_mut(index)) else {
            break;
        };
        agent.open_conversations = agent.open_conversations.saturating_add(1);
        last = Some(agent.agent_id);
        answers.push(last);
    }
    answers.resize(waiting, None);
    answers
}

/// Assigns a batch of waiting conversations, each `(number, helper)`: a
/// follow-up goes first to the agent who helped the customer before
/// (`helper`) when they can take one; the rest by [`plan`]. Answers each
/// conversation with its agent (None: it stays waiting), in the order
/// given.
pub fn plan_with_helpers(
    policy: Policy,
    candidates: &[Candidate],
    last_assigned: Option<i64>,
    waiting: &[(i64, Option<i64>)],
) -> Vec<(i64, Option<i64>)> {
    if policy == Policy::Off {
        return waiting.iter().map(|(number, _)| (*number, None)).collect();
    }
    let mut team = candidates.to_vec();
    let mut chosen: Vec<(i64, Option<i64>)> = Vec::with_capacity(waiting.len());
    let mut others = Vec::new();
    for (i, (number, helper)) in waiting.iter().enumerate() {
        let taker =
            helper.and_then(|id| team.iter_mut().find(|c| c.agent_id == id && c.can_take()));
        match taker {
            Some(candidate) => {
                candidate.open_conversations = candidate.open_conversations.saturating_add(1);
                chosen.push((*number, Some(candidate.agent_id)));
            }
            None => {
                chosen.push((*number, None));
                others.push(i);
            }
        }
    }
    let plan = plan(policy, &team, last_assigned, others.len());
    for (i, agent) in others.into_iter().zip(plan) {
        chosen[i].1 = agent;
    }
    chosen
}

/// The position among `candidates` of the agent who gets the next
/// conversation, by [`choose`]'s rules.
fn pick(policy: Policy, candidates: &[Candidate], last_assigned: Option<i64>) -> Option<usize> {
    // The agents after the last assigned come first, in id order; then the
    // turn wraps round to the lowest id.
    let turn = |candidate: &Candidate| {
        let wrapped = last_assigned.is_some_and(|last| candidate.agent_id <= last);
        (wrapped, candidate.agent_id)
    };
    let takers = candidates
        .iter()
        .enumerate()
        .filter(|(_, candidate)| candidate.can_take());
    match policy {
        Policy::Off => None,
        Policy::RoundRobin => takers
            .min_by_key(|(_, candidate)| turn(candidate))
            .map(|(index, _)| index),
        Policy::LeastBusy => takers
            .min_by_key(|(_, candidate)| (candidate.open_conversations, turn(candidate)))
            .map(|(index, _)| index),
    }
}

#[cfg(test)]
mod tests;
