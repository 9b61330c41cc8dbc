//! Random sequences of actions by random agents and customers never break
//! the lifecycle's invariants, on either database:
//! - working on ⇔ an assignee (pending ⇔ none);
//! - at most one unresolved conversation per customer;
//! - every change writes exactly one event, and a refused or harmless
//!   action writes none;
//! - `seq` runs 1, 2, 3 … in every history, without gaps;
//! - the reports' summary (first responses, resolutions), kept change by
//!   change, always equals a recomputation from the whole history;
//! - every agent's tab counts (and unread counts), kept change by change,
//!   always equal a count of every conversation.

use proptest::prelude::*;
use switchboard_core::testing::{postgres, sqlite};
use switchboard_core::types::{Agent, Conversation, ConversationStatus, Role, TimelineItem};
use switchboard_core::Customer;
use switchboard_core::{clock, Switchboard};

const AGENTS: usize = 3;
const CUSTOMERS: usize = 3;

#[derive(Clone, Debug)]
enum Step {
    CustomerWrites {
        customer: usize,
    },
    Reply {
        agent: usize,
        pick: usize,
        private: bool,
    },
    Accept {
        agent: usize,
        pick: usize,
    },
    Assign {
        agent: usize,
        pick: usize,
        to: usize,
    },
    Transfer {
        agent: usize,
        pick: usize,
        to: Option<usize>,
        to_queue: bool,
    },
    Return {
        agent: usize,
        pick: usize,
    },
    Resolve {
        agent: usize,
        pick: usize,
    },
    Reopen {
        agent: usize,
        pick: usize,
    },
    UndoResolve {
        agent: usize,
        pick: usize,
    },
    Merge {
        agent: usize,
        pick: usize,
        into: usize,
    },
    Snooze {
        agent: usize,
        pick: usize,
    },
    MarkUnread {
        agent: usize,
        pick: usize,
    },
    Delete {
        agent: usize,
        pick: usize,
    },
    Restore {
        agent: usize,
        pick: usize,
    },
    Read {
        agent: usize,
        pick: usize,
    },
    /// The admin blocks the customer, or lets them back.
    Block {
        customer: usize,
        blocked: bool,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let agent = 0..AGENTS;
    let pick = 0..16usize;
    prop_oneof![
        3 => (0..CUSTOMERS).prop_map(|customer| Step::CustomerWrites { customer }),
        1 => (agent.clone(), pick.clone(), any::<bool>()).prop_map(|(agent, pick, private)| Step::Reply { agent, pick, private }),
        2 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::Accept { agent, pick }),
        1 => (agent.clone(), pick.clone(), 0..AGENTS).prop_map(|(agent, pick, to)| Step::Assign { agent, pick, to }),
        1 => (agent.clone(), pick.clone(), proptest::option::of(0..AGENTS), any::<bool>())
            .prop_map(|(agent, pick, to, to_queue)| Step::Transfer { agent, pick, to, to_queue }),
        1 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::Return { agent, pick }),
        2 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::Resolve { agent, pick }),
        1 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::Reopen { agent, pick }),
        1 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::UndoResolve { agent, pick }),
        1 => (agent.clone(), pick.clone(), pick.clone()).prop_map(|(agent, pick, into)| Step::Merge { agent, pick, into }),
        1 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::Snooze { agent, pick }),
        1 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::MarkUnread { agent, pick }),
        1 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::Delete { agent, pick }),
        1 => (agent.clone(), pick.clone()).prop_map(|(agent, pick)| Step::Restore { agent, pick }),
        2 => (agent, pick).prop_map(|(agent, pick)| Step::Read { agent, pick }),
        1 => (0..CUSTOMERS, any::<bool>()).prop_map(|(customer, blocked)| Step::Block { customer, blocked }),
    ]
}

struct World {
    sb: Switchboard,
    /// Agent 0 is an admin.
    agents: Vec<Agent>,
    customers: Vec<Customer>,
    queue_id: i64,
}

async fn world(sb: Switchboard) -> World {
    let mut agents = Vec::new();
    for i in 0..AGENTS {
        let role = if i == 0 { Role::Admin } else { Role::Agent };
        let agent = sb
            .create_agent(
                &format!("agent{i}@example.com"),
                &format!("Agent {i}"),
                role,
                "long enough password".into(),
            )
            .await
            .unwrap();
        agents.push(agent);
    }
    let key = sb.widget_key().await.unwrap();
    let mut customers = Vec::new();
    for i in 0..CUSTOMERS {
        let session = sb
            .start_widget_session(
                &key,
                switchboard_core::Visitor {
                    name: Some(&format!("Customer {i}")),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        customers.push(sb.contact_for_token(&session.contact_token).await.unwrap());
    }
    let queue_id = sb.ensure_queue("Support").await.unwrap().id;
    World {
        sb,
        agents,
        customers,
        queue_id,
    }
}

impl World {
    fn admin(&self) -> &Agent {
        &self.agents[0]
    }

    /// Every conversation, deleted ones too.
    async fn all(&self) -> Vec<Conversation> {
        let mut all = Vec::new();
        for number in 1.. {
            match self.sb.conversation(self.admin(), number).await {
                Ok(c) => all.push(c),
                Err(_) => break,
            }
        }
        all
    }

    async fn events(&self, number: i64) -> usize {
        self.sb
            .timeline(self.admin(), number, 0)
            .await
            .unwrap()
            .items
            .iter()
            .filter(|i| matches!(i, TimelineItem::Event(_)))
            .count()
    }

    /// Runs a lifecycle action on the picked conversation and checks that
    /// it wrote one event exactly when it changed something.
    async fn act(&self, step: &Step) -> Result<(), TestCaseError> {
        let all = self.all().await;
        let pick = match step {
            Step::CustomerWrites { .. } | Step::Block { .. } => None,
            Step::Reply { pick, .. }
            | Step::Accept { pick, .. }
            | Step::Assign { pick, .. }
            | Step::Transfer { pick, .. }
            | Step::Return { pick, .. }
            | Step::Resolve { pick, .. }
            | Step::Reopen { pick, .. }
            | Step::UndoResolve { pick, .. }
            | Step::Merge { pick, .. }
            | Step::Snooze { pick, .. }
            | Step::MarkUnread { pick, .. }
            | Step::Delete { pick, .. }
            | Step::Restore { pick, .. }
            | Step::Read { pick, .. } => Some(*pick),
        };
        let Some(pick) = pick else {
            match step {
                Step::CustomerWrites { customer } => {
                    let id = uuid::Uuid::new_v4().to_string();
                    self.sb
                        .customer_send(&self.customers[*customer], &id, "hello")
                        .await
                        .unwrap();
                }
                Step::Block { customer, blocked } => {
                    self.sb
                        .block_contact(self.admin(), self.customers[*customer].id, *blocked)
                        .await
                        .unwrap();
                }
                _ => unreachable!(),
            }
            return Ok(());
        };
        let Some(before) = (!all.is_empty()).then(|| all[pick % all.len()].clone()) else {
            return Ok(());
        };
        let n = before.number;
        let events_before = self.events(n).await;
        let sb = &self.sb;
        let who = |i: &usize| &self.agents[*i];
        let result = match step {
            Step::Reply { agent, private, .. } => {
                let id = uuid::Uuid::new_v4().to_string();
                sb.send_message(who(agent), n, &id, "reply", *private, true)
                    .await
                    .map(|s| s.conversation)
            }
            Step::Accept { agent, .. } => sb.accept(who(agent), n).await,
            Step::Assign { agent, to, .. } => sb.assign(who(agent), n, self.agents[*to].id).await,
            Step::Transfer {
                agent,
                to,
                to_queue,
                ..
            } => {
                let queue = to_queue.then_some(self.queue_id);
                sb.transfer(
                    who(agent),
                    n,
                    to.map(|t| self.agents[t].id),
                    queue,
                    Some("over to you"),
                )
                .await
            }
            Step::Return { agent, .. } => sb.return_to_pending(who(agent), n).await,
            Step::Resolve { agent, .. } => sb.resolve(who(agent), n).await,
            Step::Reopen { agent, .. } => sb.reopen(who(agent), n).await,
            Step::UndoResolve { agent, .. } => sb.undo_resolve(who(agent), n).await,
            Step::Merge { agent, into, .. } => {
                let into = all[into % all.len()].number;
                sb.merge(who(agent), n, into).await
            }
            Step::Snooze { agent, .. } => {
                sb.snooze(who(agent), n, &clock::rfc3339(clock::now_ms() + 3_600_000))
                    .await
            }
            Step::MarkUnread { agent, .. } => sb.mark_unread(who(agent), n).await,
            Step::Delete { agent, .. } => sb.delete(who(agent), n).await,
            Step::Restore { agent, .. } => sb.restore(who(agent), n).await,
            Step::Read { agent, .. } => {
                let timeline = sb.timeline(self.admin(), n, 0).await.unwrap();
                let last = timeline.items.last().map_or(0, TimelineItem::seq);
                sb.mark_read(who(agent), n, last).await
            }
            Step::CustomerWrites { .. } | Step::Block { .. } => unreachable!(),
        };
        if matches!(step, Step::Merge { .. }) {
            // A merge moves the history away: its events are counted by
            // the merge's own tests.
            return Ok(());
        }
        let after = sb.conversation(self.admin(), n).await.unwrap();
        let new_events = self.events(n).await - events_before;
        let state = |c: &Conversation| {
            (
                c.status,
                c.assignee.as_ref().map(|a| a.id),
                c.queue.as_ref().map(|q| q.id),
                c.resolved_by.as_ref().map(|a| a.id),
                c.snoozed_until.clone(),
                c.deleted_at.clone(),
            )
        };
        let changed = state(&before) != state(&after);
        if result.is_err() {
            prop_assert!(!changed, "a refused {step:?} changed #{n}");
            prop_assert_eq!(new_events, 0, "a refused {:?} wrote an event", step);
        } else {
            prop_assert_eq!(
                new_events,
                usize::from(changed),
                "{:?} on #{} ({:?} -> {:?})",
                step,
                n,
                before.status,
                after.status
            );
        }
        Ok(())
    }

    async fn check_invariants(&self) -> Result<(), TestCaseError> {
        let all = self.all().await;
        for c in &all {
            match c.status {
                ConversationStatus::WorkingOn => prop_assert!(
                    c.assignee.is_some(),
                    "#{} working on without an assignee",
                    c.number
                ),
                ConversationStatus::Pending => prop_assert!(
                    c.assignee.is_none(),
                    "#{} pending with an assignee",
                    c.number
                ),
                _ => {}
            }
            let seqs: Vec<i64> = self
                .sb
                .timeline(self.admin(), c.number, 0)
                .await
                .unwrap()
                .items
                .iter()
                .map(TimelineItem::seq)
                .collect();
            if c.merged_into.is_some() {
                // Its history moved to the other conversation; what it keeps
                // (the merge's own event) follows the seqs it had used.
                prop_assert!(
                    seqs.windows(2).all(|w| w[0] < w[1]),
                    "#{} (merged) repeats a seq",
                    c.number
                );
            } else {
                let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
                prop_assert_eq!(seqs, expected, "#{} has gaps or repeats", c.number);
            }
        }
        for customer in &self.customers {
            let open = all
                .iter()
                .filter(|c| {
                    c.contact.id == customer.id
                        && c.status != ConversationStatus::Resolved
                        && c.deleted_at.is_none()
                })
                .count();
            prop_assert!(
                open <= 1,
                "customer {} has {open} unresolved conversations",
                customer.id
            );
        }
        let (kept, recomputed) = self.sb.report_summary_and_recomputation().await.unwrap();
        prop_assert_eq!(
            kept,
            recomputed,
            "the reports' summary drifted from the history"
        );
        for agent in &self.agents {
            let (kept, recounted) = self.sb.count_rows_and_recount(agent.id).await.unwrap();
            prop_assert_eq!(kept, recounted, "agent {}'s tab counts drifted", agent.id);
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
}

fn run(backend: Backend, cases: u32) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    // PROPTEST_CASES runs more (or fewer) cases than CI's, to hunt a rare one.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(steps in proptest::collection::vec(step(), 1..40))| {
        // Each case gets a world of its own: fresh people in the same store.
        runtime.block_on(async {
            let world = world(fresh(backend).await).await;
            for step in &steps {
                world.act(step).await?;
                world.check_invariants().await?;
            }
            Ok::<(), TestCaseError>(())
        })?;
    });
}

/// A separate store per case, so cases never see each other's data.
async fn fresh(backend: Backend) -> Switchboard {
    match backend {
        Backend::Sqlite => sqlite().await,
        Backend::Postgres => postgres().await,
    }
}

#[test]
fn invariants_hold_on_sqlite() {
    run(Backend::Sqlite, 40);
}

#[test]
fn invariants_hold_on_postgres() {
    run(Backend::Postgres, 12);
}
