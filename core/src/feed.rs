//! The live feed of one node: committed events go from the store to the
//! hub in `event_id` order, each once. A change on this node wakes the feed
//! at once; on PostgreSQL a change on another node wakes it through
//! LISTEN/NOTIFY (a small wake-up sent after the commit, carrying nothing);
//! a slow poll covers a lost notification.
//!
//! States (typing, presence) are not stored: they go to this node's hub at
//! once and, on PostgreSQL, to the other nodes in the notification itself.

use crate::error::Result;
use crate::hub::{Audience, Hub, Published};
use crate::presence::{PresenceBoard, SYNC_EVERY};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use switchboard_types::{LiveEvent, Presence};
use tokio::sync::Notify;

/// The PostgreSQL channel the nodes wake each other on.
pub const CHANNEL: &str = "switchboard_live";
const POLL: Duration = Duration::from_millis(500);
const BATCH: i64 = 500;

/// What one node tells the others beyond "the stream grew".
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum NodeMessage {
    /// A state for the clients (typing, presence).
    State {
        node: String,
        agents: bool,
        agent: Option<i64>,
        contact: Option<i64>,
        event: Box<LiveEvent>,
    },
    /// Everyone connected to that node, repeated now and then.
    Online { node: String, online: Vec<Presence> },
}

#[derive(Clone)]
pub struct Feed {
    wake: Arc<Notify>,
    /// This process among the nodes.
    node: Arc<str>,
    presence: Arc<PresenceBoard>,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            wake: Arc::default(),
            node: uuid::Uuid::new_v4().to_string().into(),
            presence: Arc::default(),
        }
    }
}

impl Feed {
    /// Something was committed: read the store soon.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn presence(&self) -> &PresenceBoard {
        &self.presence
    }

    /// Sends a state to this node's clients now and, on PostgreSQL, to the
    /// other nodes' (off the caller's path).
    pub fn share(&self, store: &Store, hub: &Hub, audience: Audience, event: LiveEvent) {
        hub.publish(vec![Published::state(audience, event.clone())]);
        if store.shared_by_nodes() {
            let message = NodeMessage::State {
                node: self.node.to_string(),
                agents: audience.agents,
                agent: audience.agent,
                contact: audience.contact,
                event: Box::new(event),
            };
            tell_nodes(store.clone(), message);
        }
    }

    /// Starts moving events from `store` to `hub`, from the stream's current
    /// end on (clients catch up on the past from the store themselves).
    pub async fn start(&self, store: Store, hub: Hub) -> Result<()> {
        let mut last = store.last_event_id().await?;
        let wake = self.wake.clone();
        if let Some(mut listener) = store.listen_to_nodes().await? {
            let wake = wake.clone();
            let (node, presence, listener_hub) =
                (self.node.clone(), self.presence.clone(), hub.clone());
            tokio::spawn(async move {
                loop {
                    match listener.recv().await {
                        Ok(notification) if notification.payload().is_empty() => wake.notify_one(),
                        Ok(notification) => {
                            heard(&node, &presence, &listener_hub, notification.payload())
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "listening for other nodes failed; retrying");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                }
            });
            let (node, presence, store, hub) = (
                self.node.clone(),
                self.presence.clone(),
                store.clone(),
                hub.clone(),
            );
            tokio::spawn(async move {
                let mut every = tokio::time::interval(SYNC_EVERY);
                loop {
                    every.tick().await;
                    let message = NodeMessage::Online {
                        node: node.to_string(),
                        online: presence.local(),
                    };
                    tell_nodes(store.clone(), message);
                    // Whoever was only on a node that went quiet is offline.
                    let offline = presence.expire().into_iter().map(|gone| {
                        Published::state(Audience::AGENTS, LiveEvent::Presence { presence: gone })
                    });
                    hub.publish(offline.collect());
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

/// Sends `message` to the other nodes (PostgreSQL).
fn tell_nodes(store: Store, message: NodeMessage) {
    let Ok(payload) = serde_json::to_string(&message) else {
        return;
    };
    tokio::spawn(async move {
        if let Err(e) = store.notify_nodes(&payload).await {
            tracing::warn!(error = %e, "telling the other nodes failed");
        }
    });
}

/// Another node (or this one, whose messages come back) said something.
fn heard(node: &str, presence: &PresenceBoard, hub: &Hub, payload: &str) {
    match serde_json::from_str::<NodeMessage>(payload) {
        Ok(NodeMessage::State {
            node: from,
            agents,
            agent,
            contact,
            event,
        }) if from != node => {
            if let LiveEvent::Presence { presence: change } = event.as_ref() {
                presence.heard_change(&from, change);
            }
            let audience = Audience {
                agents,
                agent,
                contact,
                customers: false,
            };
            hub.publish(vec![Published::state(audience, *event)]);
        }
        Ok(NodeMessage::Online { node: from, online }) if from != node => {
            presence.heard_list(&from, &online)
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "a message from another node is unreadable"),
    }
}

/// Hands every stored event after `last` to the hub; answers the new last.
async fn forward(store: &Store, hub: &Hub, mut last: i64) -> Result<i64> {
    loop {
        let rows = store.live_after(last, BATCH).await?;
        let done = (rows.len() as i64) < BATCH;
        let mut batch = Vec::with_capacity(rows.len());
        for row in rows {
            last = row.event_id;
            match serde_json::from_str::<LiveEvent>(&row.payload) {
                Ok(event) => {
                    let audience = Audience {
                        agents: row.for_agents,
                        agent: row.agent_id,
                        contact: row.contact_id,
                        customers: false,
                    };
                    batch.push(Published::stored(
                        row.event_id,
                        audience,
                        event,
                        &row.payload,
                    ))
                }
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
