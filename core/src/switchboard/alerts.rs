//! Alerts: each agent's choice of what pops up for them (kept on the
//! server, so it follows them to every browser), and what the inbox needs
//! to apply the alert rule (`AlertSetup::alert_for`) to the live stream.

use super::Switchboard;
use crate::error::Result;
use switchboard_types::{Agent, AlertPreferences, AlertSetup};

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
