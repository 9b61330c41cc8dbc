//! Queues (teams) as admins set them up, each agent's availability, and
//! automatic assignment: pending conversations of a queue go to its online
//! members under their capacity, by the queue's policy.

use super::{admin_only, Switchboard};
use crate::assignment::{self, Candidate, Policy};
use crate::clock;
use crate::error::{Error, OnConstraint, Result};
use crate::lifecycle;
use crate::store::rows::QueueSetupRow;
use crate::working_hours::Schedule;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use switchboard_types::{
    Agent, AgentRef, AuditAction, AuthorKind, Availability, LiveEvent, Presence, Queue,
    QueueChange, QueueSetup,
};

/// How many waiting conversations of a queue one round looks at.
const ROUND: i64 = 50;

fn queue_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(Error::Invalid(
            "a queue's name needs 1 to 60 characters".into(),
        ));
    }
    Ok(name.to_string())
}

/// How long a wait a queue allows: 1 minute to a day.
fn wait_minutes(minutes: i64) -> Result<i64> {
    if !(1..=1440).contains(&minutes) {
        return Err(Error::Invalid(
            "a queue's longest wait is 1 to 1440 minutes".into(),
        ));
    }
    Ok(minutes)
}

impl Switchboard {
    /// Every queue with its members, policy and hours (admins).
    pub async fn queue_setups(&self, asking: &Agent) -> Result<Vec<QueueSetup>> {
        admin_only(asking, "set up queues")?;
        let rows = self.store.queue_details().await?;
        let members = self.store.queue_members().await?;
        Ok(rows
            .into_iter()
            .map(|row: QueueSetupRow| QueueSetup {
                members: members
                    .iter()
                    .filter(|(q, _)| *q == row.id)
                    .map(|(_, a)| *a)
                    .collect(),
                working_hours: row
                    .working_hours
                    .as_deref()
                    .and_then(|json| serde_json::from_str(json).ok()),
                id: row.id,
                name: row.name,
                assignment_policy: row.assignment_policy,
                reassign_on_offline: row.reassign_on_offline,
                wait_minutes: row.wait_minutes,
            })
            .collect())
    }

    pub async fn create_queue(&self, asking: &Agent, name: &str) -> Result<Queue> {
        admin_only(asking, "set up queues")?;
        let name = queue_name(name)?;
        let queue = self
            .store
            .insert_queue(&name)
            .await
            .on_constraint(|| format!("there is already a queue named {name}"))?;
        self.audited(
            asking,
            AuditAction::QueueCreated,
            &name,
            json!({ "id": queue.id }),
        )
        .await?;
        Ok(queue)
    }

    /// Changes a queue: everything is checked before anything is stored.
    pub async fn change_queue(
        &self,
        asking: &Agent,
        queue_id: i64,
        change: &QueueChange,
    ) -> Result<QueueSetup> {
        admin_only(asking, "set up queues")?;
        let name = change.name.as_deref().map(queue_name).transpose()?;
        let wait_minutes = change.wait_minutes.map(wait_minutes).transpose()?;
        let policy = change
            .assignment_policy
            .as_deref()
            .map(assignment::parse_policy)
            .transpose()?;
        let hours = match &change.working_hours {
            Some(hours) => {
                Schedule::new(hours)?;
                Some(serde_json::to_string(hours).map_err(|e| Error::Internal(e.to_string()))?)
            }
            None => None,
        };
        if let Some(members) = &change.members {
            let known: HashSet<i64> = self
                .store
                .team()
                .await?
                .into_iter()
                .filter(|(row, _)| row.active)
                .map(|(row, _)| row.id)
                .collect();
            if let Some(unknown) = members.iter().find(|id| !known.contains(id)) {
                return Err(Error::Invalid(format!(
                    "agent {unknown} is not on the team"
                )));
            }
        }
        let before = self
            .queue_setups(asking)
            .await?
            .into_iter()
            .find(|q| q.id == queue_id)
            .ok_or(Error::NotFound("queue"))?;
        let members: Option<Vec<i64>> = change.members.as_ref().map(|m| {
            let mut unique = m.clone();
            unique.sort_unstable();
            unique.dedup();
            unique
        });
        let found = self
            .store
            .update_queue(
                queue_id,
                name.as_deref(),
                policy.map(Policy::as_str),
                change.reassign_on_offline,
                wait_minutes,
                members.as_deref(),
            )
            .await
            .on_constraint(|| "there is already a queue of that name".into())?;
        if !found {
            return Err(Error::NotFound("queue"));
        }
        if hours.is_some() || change.clear_working_hours {
            self.store
                .set_queue_working_hours(queue_id, hours.as_deref())
                .await?;
        }
        let setup = self
            .queue_setups(asking)
            .await?
            .into_iter()
            .find(|q| q.id == queue_id)
            .ok_or(Error::NotFound("queue"))?;
        let details = super::audit::changes(
            &super::audit::as_json(&before)?,
            &super::audit::as_json(&setup)?,
        );
        self.audited(asking, AuditAction::QueueChanged, &setup.name, details)
            .await?;
        Ok(setup)
    }

    /// The agent says whether they take conversations: online, away or
    /// offline. Colleagues see it live; going offline hands back the
    /// conversations of queues that say so (to be assigned again).
    pub async fn set_availability(
        &self,
        agent: &Agent,
        availability: Availability,
    ) -> Result<Agent> {
        self.store
            .set_availability(agent.id, availability.as_str())
            .await?;
        let connected = self
            .online()
            .iter()
            .any(|p| p.kind == AuthorKind::Agent && p.id == agent.id && p.online);
        self.share_state(
            crate::hub::Audience::AGENTS,
            LiveEvent::Presence {
                presence: Presence {
                    kind: AuthorKind::Agent,
                    id: agent.id,
                    name: agent.name.clone(),
                    online: connected && availability == Availability::Online,
                },
            },
        );
        if availability == Availability::Offline {
            self.hand_back(agent).await?;
        }
        Ok(Agent {
            availability,
            ..agent.clone()
        })
    }

    /// An agent logged in: they are Online, so the shop opens with them,
    /// unless they chose otherwise in an inbox of theirs that is still
    /// open (logging in on a second device keeps that choice). An Away or
    /// Offline left from an earlier day, or set by the absence check, does
    /// not outlive the login.
    pub(crate) async fn arrived(&self, agent: Agent) -> Result<Agent> {
        let inbox_open = self
            .online()
            .iter()
            .any(|p| p.kind == AuthorKind::Agent && p.id == agent.id);
        if inbox_open || agent.availability == Availability::Online {
            return Ok(agent);
        }
        self.set_availability(&agent, Availability::Online).await
    }

    /// Returns to Pending what `agent` holds in queues that reassign when
    /// their agent goes offline.
    async fn hand_back(&self, agent: &Agent) -> Result<()> {
        let reassigning: HashSet<i64> = self
            .store
            .queue_details()
            .await?
            .into_iter()
            .filter(|q| q.reassign_on_offline)
            .map(|q| q.id)
            .collect();
        if reassigning.is_empty() {
            return Ok(());
        }
        for number in self.store.held_conversations(agent.id).await? {
            let row = self.store.conversation(agent.id, number).await?;
            if row
                .and_then(|r| r.queue_id)
                .is_some_and(|q| reassigning.contains(&q))
            {
                self.act(agent, number, None, |s| {
                    lifecycle::return_to_pending(s, agent)
                })
                .await?;
            }
        }
        Ok(())
    }

    /// One round of automatic assignment over every queue that has it:
    /// answers how many conversations were given out. Run again and again
    /// (a conversation nobody could take is offered at the next round, so
    /// when an agent comes online or frees capacity, it goes).
    pub async fn assign_waiting(&self) -> Result<usize> {
        let queues = self.store.queue_details().await?;
        let connected: HashSet<i64> = self
            .online()
            .into_iter()
            .filter(|p| p.kind == AuthorKind::Agent && p.online)
            .map(|p| p.id)
            .collect();
        let mut assigned = 0;
        for queue in queues {
            let Ok(policy) = queue.assignment_policy.parse::<Policy>() else {
                continue;
            };
            if policy == Policy::Off {
                continue;
            }
            let waiting = self.store.waiting_in_queue(queue.id, ROUND).await?;
            if waiting.is_empty() {
                continue;
            }
            let members = self.store.queue_candidates(queue.id).await?;
            let names: HashMap<i64, String> = members.iter().map(|m| (m.0, m.1.clone())).collect();
            let candidates: Vec<Candidate> = members
                .iter()
                .map(|(id, _, availability, capacity, open)| Candidate {
                    agent_id: *id,
                    online: availability == "online" && connected.contains(id),
                    open_conversations: *open,
                    capacity: i64::from(*capacity),
                })
                .collect();
            let plan = assignment::plan_with_helpers(
                policy,
                &candidates,
                queue.last_assigned_agent_id,
                &waiting,
            );
            for (number, chosen) in plan {
                let Some(agent_id) = chosen else { continue };
                let capacity = candidates
                    .iter()
                    .find(|c| c.agent_id == agent_id)
                    .map_or(0, |c| c.capacity);
                let agent = AgentRef {
                    id: agent_id,
                    name: names.get(&agent_id).cloned().unwrap_or_default(),
                };
                if let Some((_, published)) = self
                    .store
                    .assign_by_automation(number, queue.id, &agent, capacity)
                    .await?
                {
                    self.published(published);
                    assigned += 1;
                }
            }
        }
        Ok(assigned)
    }

    /// Agents who say they are online but have had no tab open since before
    /// `absent_for_ms` become away. `absent_since` is kept by the caller
    /// between rounds (when each was first seen without a tab).
    pub async fn mark_absent_agents_away(
        &self,
        absent_since: &mut HashMap<i64, i64>,
        absent_for_ms: i64,
    ) -> Result<usize> {
        let now = clock::now_ms();
        let connected: HashSet<i64> = self
            .online()
            .into_iter()
            .filter(|p| p.kind == AuthorKind::Agent && p.online)
            .map(|p| p.id)
            .collect();
        let mut marked = 0;
        let team = self.store.team().await?;
        absent_since.retain(|id, _| !connected.contains(id));
        for (row, _) in team {
            if !row.active || row.availability != "online" || connected.contains(&row.id) {
                continue;
            }
            let since = *absent_since.entry(row.id).or_insert(now);
            if now - since >= absent_for_ms {
                let agent = row.into_agent();
                self.set_availability(&agent, Availability::Away).await?;
                absent_since.remove(&agent.id);
                marked += 1;
            }
        }
        Ok(marked)
    }
}

impl Switchboard {
    pub async fn queues(&self, _asking: &Agent) -> Result<Vec<Queue>> {
        self.store.queues().await
    }

    pub async fn ensure_queue(&self, name: &str) -> Result<Queue> {
        self.store.ensure_queue(name).await
    }

    pub async fn add_queue_member(&self, queue_id: i64, agent_id: i64) -> Result<()> {
        self.store.add_queue_member(queue_id, agent_id).await
    }
}
