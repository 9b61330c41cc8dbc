//! Outgoing webhooks: admins register endpoints; every conversation and
//! message event is queued for each (from the stored live stream, so
//! nothing is missed across restarts), sent signed, retried with back-off,
//! and logged. Sending happens in a job of its own: a slow or failing
//! endpoint never slows the inbox.

use super::{admin_only, setting, Switchboard};
use crate::auth::new_secret;
use crate::clock;
use crate::error::{Error, Result};
use crate::store::DeliveryOutcome;
use crate::webhooks::{self, Reach, Sender};
use serde_json::json;
use switchboard_types::{
    Agent, AuditAction, DeliveryState, Webhook, WebhookDelivery, WebhookEventType,
};
/// How long a node holds a delivery it is sending.
const SENDING_CLAIM_MS: i64 = 60_000;

impl Switchboard {
    /// Lets webhooks reach private addresses (loopback, the local network),
    /// or not (the default): the operator's choice, for every clone of this
    /// Switchboard.
    pub fn allow_private_webhooks(&self, allowed: bool) {
        self.private_webhooks
            .store(allowed, std::sync::atomic::Ordering::Relaxed);
    }

    /// Which addresses webhook endpoints may have.
    pub fn webhook_reach(&self) -> Reach {
        if self
            .private_webhooks
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            Reach::Anywhere
        } else {
            Reach::PublicOnly
        }
    }

    /// Checks an endpoint URL an admin typed: its shape, and its reach.
    fn checked_webhook_url(&self, url: &str) -> Result<String> {
        let url = webhooks::check_url(url)?;
        webhooks::check_reach(&url, self.webhook_reach())?;
        Ok(url)
    }

    pub async fn webhooks(&self, asking: &Agent) -> Result<Vec<Webhook>> {
        admin_only(asking, "manage webhooks")?;
        let rows = self.store.webhooks().await?;
        Ok(rows.into_iter().map(Webhook::from).collect())
    }

    /// A new endpoint, with a secret of its own to verify what it receives.
    pub async fn create_webhook(&self, asking: &Agent, url: &str) -> Result<Webhook> {
        admin_only(asking, "manage webhooks")?;
        let url = self.checked_webhook_url(url)?;
        let secret = format!("whsec_{}", new_secret());
        let row = self.store.insert_webhook(&url, &secret).await?;
        self.audited(
            asking,
            AuditAction::WebhookCreated,
            &url,
            json!({ "id": row.id }),
        )
        .await?;
        Ok(row.into())
    }

    /// Changes its URL or pauses it (`active: false`), or removes it.
    pub async fn change_webhook(
        &self,
        asking: &Agent,
        id: i64,
        url: Option<&str>,
        active: Option<bool>,
        delete: bool,
    ) -> Result<Option<Webhook>> {
        admin_only(asking, "manage webhooks")?;
        let url = url.map(|u| self.checked_webhook_url(u)).transpose()?;
        let before = self
            .store
            .webhooks()
            .await?
            .into_iter()
            .find(|w| w.id == id)
            .ok_or(Error::NotFound("webhook"))?;
        if !self
            .store
            .update_webhook(id, url.as_deref(), active, delete)
            .await?
        {
            return Err(Error::NotFound("webhook"));
        }
        let was = json!({ "url": before.url, "active": before.active });
        let now = if delete {
            json!({ "url": null, "active": null })
        } else {
            json!({
                "url": url.as_deref().unwrap_or(&before.url),
                "active": active.unwrap_or(before.active),
            })
        };
        let action = if delete {
            AuditAction::WebhookDeleted
        } else {
            AuditAction::WebhookChanged
        };
        self.audited(
            asking,
            action,
            &format!("webhook {id} ({})", before.url),
            super::audit::changes(&was, &now),
        )
        .await?;
        if delete {
            return Ok(None);
        }
        let found = self
            .store
            .webhooks()
            .await?
            .into_iter()
            .find(|w| w.id == id)
            .map(Webhook::from);
        Ok(found)
    }

    /// The latest deliveries of a webhook, newest first (admins).
    pub async fn webhook_deliveries(
        &self,
        asking: &Agent,
        id: i64,
    ) -> Result<Vec<WebhookDelivery>> {
        admin_only(asking, "manage webhooks")?;
        // A webhook that does not exist has no log, rather than an empty one.
        if !self.store.webhooks().await?.iter().any(|w| w.id == id) {
            return Err(Error::NotFound("webhook"));
        }
        let rows = self.store.deliveries(id, 100).await?;
        Ok(rows.into_iter().map(WebhookDelivery::from).collect())
    }

    /// Queues the conversation and message events stored since the last
    /// round for every active webhook; answers how many events were read.
    /// The first round starts from now (earlier history is not sent).
    pub async fn enqueue_webhook_events(&self) -> Result<usize> {
        let cursor = match self.setting(setting::WEBHOOK_CURSOR).await? {
            Some(value) => value.parse::<i64>().unwrap_or(0),
            None => {
                let now = self.last_event_id().await?;
                self.set_setting(setting::WEBHOOK_CURSOR, &now.to_string())
                    .await?;
                return Ok(0);
            }
        };
        let events = self.store.shared_events_after(cursor, 500).await?;
        let Some(last) = events.last().map(|(id, _)| *id) else {
            return Ok(0);
        };
        let any_active = self.store.webhooks().await?.iter().any(|w| w.active);
        if any_active {
            for (event_id, payload) in &events {
                let Ok(mut body) = serde_json::from_str::<serde_json::Value>(payload) else {
                    continue;
                };
                // The events webhooks receive; the stream's others are not sent.
                let Ok(event_type) = body["type"]
                    .as_str()
                    .unwrap_or_default()
                    .parse::<WebhookEventType>()
                else {
                    continue;
                };
                // The same shape as the live stream's frames.
                body["event_id"] = json!(event_id);
                let body = body.to_string();
                self.store
                    .enqueue_deliveries(*event_id, event_type.as_str(), &body)
                    .await?;
            }
        }
        self.set_setting(setting::WEBHOOK_CURSOR, &last.to_string())
            .await?;
        Ok(events.len())
    }

    /// Sends the deliveries that are due, side by side; answers how many
    /// arrived. A refused or unreachable endpoint is retried with back-off;
    /// a permanent refusal (a 4xx other than 408 and 429), or the last try,
    /// fails it for good.
    pub async fn deliver_webhooks(&self, sender: &Sender) -> Result<usize> {
        let now = clock::now_ms();
        let due = self.store.due_deliveries(now, 20).await?;
        let mut sending = tokio::task::JoinSet::new();
        for delivery in due {
            let claimed = self
                .store
                .claim_delivery(delivery.id, now, now + SENDING_CLAIM_MS)
                .await?;
            if !claimed {
                continue;
            }
            let sender = sender.clone();
            sending.spawn(async move {
                let result = sender
                    .deliver(
                        &delivery.url,
                        &delivery.secret,
                        &delivery.id.to_string(),
                        &delivery.event_type,
                        &delivery.payload,
                    )
                    .await;
                (delivery, result)
            });
        }
        let mut delivered = 0;
        while let Some(done) = sending.join_next().await {
            let Ok((delivery, result)) = done else {
                continue;
            };
            let attempts = u32::try_from(delivery.attempts).unwrap_or(0) + 1;
            let now = clock::now_ms();
            let state = if result.succeeded() {
                delivered += 1;
                DeliveryState::Delivered
            } else if result.worth_retrying() && attempts < webhooks::MAX_ATTEMPTS {
                DeliveryState::Waiting
            } else {
                DeliveryState::Failed
            };
            let delay = i64::try_from(webhooks::retry_delay(attempts).as_millis()).unwrap_or(0);
            let outcome = DeliveryOutcome {
                state: state.as_str(),
                next_attempt_at: now + delay,
                status: result.status.map(i32::from),
                error: result.error.clone(),
                duration_ms: result.duration_ms,
            };
            self.store.delivery_outcome(delivery.id, &outcome).await?;
        }
        Ok(delivered)
    }
}
