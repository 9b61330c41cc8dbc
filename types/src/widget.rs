//! The widget: the customer's side (their session, their conversation and
//! its messages, the public config), and the widget's settings as admins
//! see and change them.

#[cfg(feature = "openapi")]
use crate::WidgetPosition;
use crate::{ContactRef, ConversationStatus, Message, WorkingHours};
use serde::{Deserialize, Serialize};

/// A conversation as its customer may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerConversation {
    pub number: i64,
    pub status: ConversationStatus,
    /// The operator answering, once one has signed a reply.
    pub operator: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerSentMessage {
    pub message: Message,
    pub conversation: CustomerConversation,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetSession {
    pub contact_token: String,
    pub contact: ContactRef,
    pub open_conversation: Option<CustomerConversation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetConfig {
    pub company_name: String,
    pub greeting: String,
    pub color: String,
    /// Which side of the host page the launcher sits on: `right` or `left`.
    #[cfg_attr(feature = "openapi", schema(value_type = WidgetPosition))]
    pub position: String,
    /// Whether someone can chat now: within the queue's working hours and
    /// with an agent online. When not, the widget takes an offline message.
    pub online: bool,
    /// Shown above the offline form.
    pub offline_message: String,
}

/// What admins change of the widget and its texts (every field optional:
/// only those given change).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetSettingsChange {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub greeting: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub offline_message: Option<String>,
    /// A CSS colour as `#rrggbb`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^#[0-9a-fA-F]{6}$"))]
    pub color: Option<String>,
    /// `right` or `left`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<WidgetPosition>))]
    pub position: Option<String>,
    pub enforce_identity: Option<bool>,
    /// When the widget's queue answers from now on.
    pub working_hours: Option<WorkingHours>,
    /// True: the widget's queue answers at all hours (its working hours go).
    #[serde(default)]
    pub clear_working_hours: bool,
    /// The queue new widget conversations land in.
    pub queue_id: Option<i64>,
    /// Closes every e-mailed reply; `{agent}` and `{company}` are filled in.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub email_signature: Option<String>,
    /// The sites that may embed the widget from now on (origins such as
    /// `https://shop.example.com`); an empty list: any site.
    pub allowed_origins: Option<Vec<String>>,
}

/// The widget's settings, for admins: the key and the snippet to embed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetSettings {
    pub widget_key: String,
    /// Signs customer ids for identity verification (HMAC-SHA256).
    pub identity_secret: String,
    pub enforce_identity: bool,
    /// The tag to paste into the company's pages.
    pub snippet: String,
    pub greeting: String,
    pub offline_message: String,
    pub color: String,
    #[cfg_attr(feature = "openapi", schema(value_type = WidgetPosition))]
    pub position: String,
    /// When the widget's queue answers; none: at all hours.
    pub working_hours: Option<WorkingHours>,
    /// The queue new widget conversations land in.
    pub queue_id: Option<i64>,
    /// Closes every e-mailed reply; `{agent}` and `{company}` are filled in.
    pub email_signature: String,
    /// The sites (origins such as `https://shop.example.com`) that may embed
    /// the widget; empty: any site.
    pub allowed_origins: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerMessages {
    pub messages: Vec<Message>,
}
