//! Webhooks: the endpoints that receive signed events, and the log of what
//! was delivered to them.

use crate::Timestamp;
#[cfg(feature = "openapi")]
use crate::{DeliveryState, WebhookEventType};
use serde::{Deserialize, Serialize};

/// An endpoint that receives signed JSON of conversation and message
/// events (its secret signs them: `X-Switchboard-Signature`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub active: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// One event sent (or being sent) to a webhook, for the delivery log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    pub id: i64,
    pub event_id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = WebhookEventType))]
    pub event_type: String,
    /// `waiting` (to be tried, or retried with back-off), `delivered` or
    /// `failed`.
    #[cfg_attr(feature = "openapi", schema(value_type = DeliveryState))]
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub duration_ms: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_attempt_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}
