//! Alerts: each agent's choice of what pops up for them (kept on the
//! server, so it follows them to every browser), and what the inbox needs
//! to apply the alert rule (`AlertSetup::alert_for`) to the live stream,
//! and what keeps ringing (customers waiting too long in Pending).

use super::Switchboard;
use crate::clock;
use crate::error::Result;
use switchboard_types::{Agent, AlertKind, AlertPreferences, AlertSetup, Conversation};

impl Switchboard {
    /// The agent's choices (all alerts until they chose), and their queues.
    pub async fn alert_setup(&self, agent: &Agent) -> Result<AlertSetup> {
        let queues = self
            .store
            .queue_members()
            .await?
            .into_iter()
            .filter(|(_, member)| *member == agent.id)
            .map(|(queue, _)| queue)
            .collect();
        Ok(AlertSetup {
            preferences: self.alert_preferences(agent).await?,
            queues,
        })
    }

    /// What keeps ringing for the agent: conversations of their queues in
    /// Pending whose customer has waited longer than the queue allows (none
    /// when they turned new-chat alerts off).
    pub async fn overdue_waiting(&self, agent: &Agent) -> Result<Vec<Conversation>> {
        self.overdue_waiting_at(agent, clock::now_ms()).await
    }

    /// What rings for the agent at a time (`now_ms`, milliseconds).
    pub async fn overdue_waiting_at(
        &self,
        agent: &Agent,
        now_ms: i64,
    ) -> Result<Vec<Conversation>> {
        let setup = self.alert_setup(agent).await?;
        if !setup.preferences.wants(AlertKind::NewChat) {
            return Ok(Vec::new());
        }
        let rows = self.store.overdue_pending(now_ms, 200).await?;
        Ok(rows
            .into_iter()
            .map(|row| row.into_conversation())
            .filter(|c| setup.waits_for_me(c))
            .collect())
    }

    pub async fn alert_preferences(&self, agent: &Agent) -> Result<AlertPreferences> {
        Ok(self
            .store
            .alert_preferences(agent.id)
            .await?
            .unwrap_or_default())
    }

    pub async fn set_alert_preferences(
        &self,
        agent: &Agent,
        preferences: AlertPreferences,
    ) -> Result<AlertPreferences> {
        self.store
            .set_alert_preferences(agent.id, preferences)
            .await?;
        Ok(preferences)
    }
}
