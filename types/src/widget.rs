//! The widget: the customer's side (their session, their conversation and
//! its messages, the public config), and the widget's settings as admins
//! see and change them.

#[cfg(feature = "openapi")]
use crate::WidgetPosition;
use crate::{ContactRef, ConversationStatus, Message, PrechatMode, WorkingHours};
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

/// An inbound e-mail taken and left out: an automatic reply or a bounce,
/// which must neither reach a conversation nor start a mail loop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IgnoredMail {
    /// What it was, and what told: "an automatic reply (Auto-Submitted:
    /// auto-replied)".
    pub ignored: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetSession {
    pub contact_token: String,
    pub contact: ContactRef,
    pub open_conversation: Option<CustomerConversation>,
    /// The widget shows the pre-chat form (the frame page brings it) before
    /// their first message: one is set, and they are neither verified nor
    /// have they answered it or written before.
    #[serde(default)]
    pub ask_prechat: bool,
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

/// The pre-chat form as the widget shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrechatForm {
    /// Every field must be answered (and the consent given) before the
    /// first message; else the customer may skip it.
    pub required: bool,
    pub fields: Vec<PrechatField>,
    /// The consent checkbox's words (none: no checkbox), and the page it
    /// names.
    pub consent: Option<String>,
    pub consent_url: Option<String>,
}

/// One question of the pre-chat form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrechatField {
    /// What the answer is sent under: `name`, `email`, `phone` or an
    /// attribute's name.
    pub name: String,
    /// What the customer reads.
    pub label: String,
    /// The input it takes: `text`, `email`, `tel`, `number`, `date`,
    /// `url`, `yes_no` or `list` (one of `options`).
    pub input: String,
    pub options: Vec<String>,
}

/// The pre-chat form as admins set it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrechatSettings {
    pub mode: PrechatMode,
    /// What it asks, in order (at most 10): `name`, `email`, `phone`, or
    /// an attribute admins defined.
    pub fields: Vec<String>,
    /// The consent checkbox's words (at most 500 characters; none: no
    /// checkbox).
    pub consent: Option<String>,
    /// The page the consent names (`https://…`), opened in a new tab.
    pub consent_url: Option<String>,
}

/// A customer's answers to the pre-chat form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrechatAnswers {
    /// By field name (`name`, `email`, `phone`, an attribute's name).
    pub answers: std::collections::BTreeMap<String, String>,
    /// The consent checkbox was ticked.
    #[serde(default)]
    pub consent: bool,
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
    /// The pre-chat form from now on.
    pub prechat: Option<PrechatSettings>,
    /// Whether and how customers rate a resolved conversation, from now on.
    pub satisfaction: Option<crate::SatisfactionSettings>,
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
    /// What the widget asks before the first message.
    #[serde(default)]
    pub prechat: PrechatSettings,
    /// Whether and how customers rate a resolved conversation.
    #[serde(default)]
    pub satisfaction: crate::SatisfactionSettings,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerMessages {
    pub messages: Vec<Message>,
}
