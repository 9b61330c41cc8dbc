//! The live feed of one node: committed events go from the store to the
//! hub in `event_id` order, each once. A change on this node wakes the feed
//! at once; on PostgreSQL a change on another node wakes it through
//! LISTEN/NOTIFY (a small wake-up sent after the commit, carrying nothing);
//! a slow poll covers a lost notification.

use crate::error::Result;
use crate::hub::{Audience, Hub, Published};
use crate::store::{dispatch, Store};
use std::sync::Arc;
use std::time::Duration;
use switchboard_types::LiveEvent;
use tokio::sync::Notify;

/// The PostgreSQL channel the nodes wake each other on.
pub const CHANNEL: &str = "switchboard_live";
const POLL: Duration = Duration::from_millis(500);
const BATCH: i64 = 500;

#[derive(Clone, Default)]
pub struct Feed {
    wake: Arc<Notify>,
}

impl Feed {
    /// Something was committed: read the store soon.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Starts moving events from `store` to `hub`, from the stream's current
    /// end on (clients catch up on the past from the store themselves).
    pub async fn start(&self, store: Store, hub: Hub) -> Result<()> {
        let mut last = dispatch!(&store, s => s.last_event_id().await)?;
        let wake = self.wake.clone();
        if let Store::Postgres(backend) = &store {
            let mut listener = sqlx::postgres::PgListener::connect_with(&backend.pool).await?;
            listener.listen(CHANNEL).await?;
            let wake = wake.clone();
            tokio::spawn(async move {
                loop {
                    match listener.recv().await {
                        Ok(_) => wake.notify_one(),
                        Err(e) => {
                            tracing::warn!(error = %e, "listening for other nodes failed; retrying");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                }
            });
        }
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(POLL) => {}
                }
                match forward(&store, &hub, last).await {
                    Ok(next) => last = next,
                    Err(e) => {
                        tracing::warn!(error = %e, "reading the live stream failed; retrying")
                    }
                }
            }
        });
        Ok(())
    }
}

/// Hands every stored event after `last` to the hub; answers the new last.
async fn forward(store: &Store, hub: &Hub, mut last: i64) -> Result<i64> {
    loop {
        let rows = dispatch!(store, s => s.live_after(last, BATCH).await)?;
        let done = (rows.len() as i64) < BATCH;
        let mut batch = Vec::with_capacity(rows.len());
        for row in rows {
            last = row.event_id;
            match serde_json::from_str::<LiveEvent>(&row.payload) {
                Ok(event) => batch.push(Published {
                    event_id: row.event_id,
                    audience: Audience {
                        agents: row.for_agents,
                        agent: row.agent_id,
                        contact: row.contact_id,
                    },
                    event,
                }),
                Err(e) => {
                    tracing::error!(event_id = row.event_id, error = %e, "a stored live event is unreadable")
                }
            }
        }
        hub.publish(batch);
        if done {
            return Ok(last);
        }
    }
}
