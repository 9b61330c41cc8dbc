//! Wire types shared by the Switchboard server, the WASM client and
//! integrators' Rust programs: the JSON shapes of the HTTP API v1 and the
//! frames of the live stream. No behaviour lives here, only shapes and the
//! small parsing every side agrees on.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub mod chat;
mod live;
#[cfg(feature = "openapi")]
mod openapi;
mod words;
pub use live::{
    ClientFrame, CustomerEvent, Frame, LiveEvent, Presence, StatusUpdate, StreamEvent, Typing,
    ViewCounts,
};
pub use words::{
    AssignmentPolicy, AuditAction, DeliveryState, ErrorCode, EventType, LinkKind, WebhookEventType,
    WidgetPosition,
};

/// Times travel as RFC 3339 UTC strings (every time of the API; its
/// OpenAPI fields say `format: date-time`).
pub type Timestamp = String;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
        }
    }

    /// The role `as_str` names, if it names one.
    pub fn parse(text: &str) -> Option<Role> {
        [Role::Admin, Role::Agent]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Online,
    Away,
    Offline,
}

impl Availability {
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Online => "online",
            Availability::Away => "away",
            Availability::Offline => "offline",
        }
    }

    /// The availability `as_str` names, if it names one.
    pub fn parse(text: &str) -> Option<Availability> {
        [
            Availability::Online,
            Availability::Away,
            Availability::Offline,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// An agent (staff member) as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub availability: Availability,
}

impl Agent {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn reference(&self) -> AgentRef {
        AgentRef {
            id: self.id,
            name: self.name.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentRef {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRef {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Pending,
    WorkingOn,
    Snoozed,
    Resolved,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Pending => "pending",
            ConversationStatus::WorkingOn => "working_on",
            ConversationStatus::Snoozed => "snoozed",
            ConversationStatus::Resolved => "resolved",
        }
    }
}

impl FromStr for ConversationStatus {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "pending" => ConversationStatus::Pending,
            "working_on" => ConversationStatus::WorkingOn,
            "snoozed" => ConversationStatus::Snoozed,
            "resolved" => ConversationStatus::Resolved,
            _ => return Err(ParseError::new("status", s)),
        })
    }
}

/// A conversation as an agent sees it in a list or a pane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub number: i64,
    pub status: ConversationStatus,
    pub assignee: Option<AgentRef>,
    pub queue: Option<Queue>,
    pub contact: ContactRef,
    pub last_message: Option<String>,
    /// Messages from the customer this agent has not read yet.
    pub unread_count: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub last_message_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
    pub resolved_by: Option<AgentRef>,
    /// When a snoozed conversation comes back by itself.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub snoozed_until: Option<Timestamp>,
    /// Set when an admin deleted it (soft: it can be restored).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub deleted_at: Option<Timestamp>,
    /// The customer's earlier conversation, when this one followed it.
    pub previous_number: Option<i64>,
    /// A ticket answered by e-mail: agents' replies go out as mail to the
    /// customer (an offline message, or an e-mail answer).
    #[serde(default)]
    pub by_email: bool,
    /// Its customer is blocked: it shows only in the Blocked view.
    #[serde(default)]
    pub blocked: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthorKind {
    Contact,
    Agent,
    System,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    pub kind: AuthorKind,
    pub id: Option<i64>,
    pub name: String,
}

/// How far a message got, in order: stored, on the recipient's screen,
/// read by them. `Failed` is a send the server refused or could not pass on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    Sent,
    Delivered,
    Read,
    Failed,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Sent => "sent",
            MessageStatus::Delivered => "delivered",
            MessageStatus::Read => "read",
            MessageStatus::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: i64,
    pub client_id: String,
    pub conversation_number: i64,
    pub seq: i64,
    pub author: Author,
    pub body: String,
    /// A private note: agents only, never shown to the customer.
    pub private: bool,
    pub status: MessageStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When it reached the recipient's screen (the customer's widget, or an
    /// agent's inbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub delivered_at: Option<Timestamp>,
    /// When the recipient's read pointer passed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub read_at: Option<Timestamp>,
    /// An agent's reply in a ticket answered by e-mail: how its mail is
    /// getting on (absent for everything else).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<MailState>,
}

/// How the mail of a reply to an e-mail ticket is getting on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// Not mailed yet (waiting for its turn, for a retry, or for a mail
    /// server to be set).
    Waiting,
    Sent,
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Agent,
    Contact,
    Automation,
    System,
}

/// Who made an event happen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<i64>,
    pub name: Option<String>,
}

/// Something that happened to a conversation, in its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationEvent {
    pub id: i64,
    pub conversation_number: i64,
    pub seq: i64,
    /// For example `conversation.created`, `conversation.accepted`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = EventType))]
    pub event_type: String,
    pub actor: Actor,
    /// What the event needs besides its type: for a transfer, who and which
    /// queue it went to (`to_agent`, `to_queue`, `from_agent`); for a snooze,
    /// `until`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// One entry of a conversation's history (its OpenAPI schema, with a named
/// schema for each member, is written by hand in `openapi.rs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimelineItem {
    Message(Message),
    Event(ConversationEvent),
}

impl TimelineItem {
    pub fn seq(&self) -> i64 {
        match self {
            TimelineItem::Message(m) => m.seq,
            TimelineItem::Event(e) => e.seq,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timeline {
    pub items: Vec<TimelineItem>,
}

/// A conversation as an agent opens it: its header, its history, and where
/// their read pointer stood before (the New Messages line goes after it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedConversation {
    pub conversation: Conversation,
    pub timeline: Timeline,
    pub last_read_seq: i64,
    /// The customer's conversation this one follows, with how it ended.
    #[serde(default)]
    pub previous: Option<PreviousConversation>,
}

/// The conversation a follow-up continues: its number, state and last
/// messages, shown at the top of the new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousConversation {
    pub number: i64,
    pub status: ConversationStatus,
    pub assignee: Option<AgentRef>,
    pub resolved_by: Option<AgentRef>,
    /// Its last few messages (notes too), oldest first.
    pub messages: Vec<Message>,
}

/// Which conversations a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum View {
    Mine,
    Unassigned,
    All,
    Queue(i64),
    /// Conversations of blocked contacts (admins), hidden from every
    /// other view.
    Blocked,
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            View::Mine => f.write_str("mine"),
            View::Unassigned => f.write_str("unassigned"),
            View::All => f.write_str("all"),
            View::Queue(id) => write!(f, "queue:{id}"),
            View::Blocked => f.write_str("blocked"),
        }
    }
}

impl FromStr for View {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "mine" => Ok(View::Mine),
            "unassigned" => Ok(View::Unassigned),
            "all" => Ok(View::All),
            "blocked" => Ok(View::Blocked),
            _ => s
                .strip_prefix("queue:")
                .and_then(|id| id.parse().ok())
                .map(View::Queue)
                .ok_or_else(|| ParseError::new("view", s)),
        }
    }
}

impl From<View> for String {
    fn from(v: View) -> String {
        v.to_string()
    }
}

impl TryFrom<String> for View {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// The inbox tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    WorkingOn,
    Pending,
    Resolved,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::WorkingOn, Tab::Pending, Tab::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::WorkingOn => "working_on",
            Tab::Pending => "pending",
            Tab::Resolved => "resolved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::WorkingOn => "Working On",
            Tab::Pending => "Pending",
            Tab::Resolved => "Resolved",
        }
    }

    /// The tab a conversation of this status is listed under, if any.
    pub fn of(status: ConversationStatus) -> Option<Tab> {
        match status {
            ConversationStatus::Pending => Some(Tab::Pending),
            ConversationStatus::WorkingOn => Some(Tab::WorkingOn),
            ConversationStatus::Resolved => Some(Tab::Resolved),
            ConversationStatus::Snoozed => None,
        }
    }
}

impl FromStr for Tab {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tab::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| ParseError::new("tab", s))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationPage {
    pub conversations: Vec<Conversation>,
    pub next_cursor: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TabCount {
    pub count: i64,
    /// How many of them hold messages this agent has not read.
    pub unread: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    pub working_on: TabCount,
    pub pending: TabCount,
    pub resolved: TabCount,
}

impl Counts {
    pub fn get(&self, tab: Tab) -> TabCount {
        match tab {
            Tab::WorkingOn => self.working_on,
            Tab::Pending => self.pending,
            Tab::Resolved => self.resolved,
        }
    }
}

/// A customer's account as agents see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactAccount {
    pub contact: ContactRef,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// Blocked by an admin: their conversations show only in the Blocked
    /// view.
    #[serde(default)]
    pub blocked: bool,
    /// What the company's site said of them (plan, orders …).
    #[serde(default)]
    pub attributes: std::collections::BTreeMap<String, String>,
    /// All their conversations, newest first.
    pub conversations: Vec<Conversation>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub conversations: Vec<Conversation>,
}

/// A note for one agent: something they should know about now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// `assigned` (to you), `taken_over` (from you), `message` …
    pub kind: String,
    pub conversation_number: i64,
    pub text: String,
}

/// The answer to sending a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentMessage {
    pub message: Message,
    pub conversation: Conversation,
}

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

/// A day of the week, in working hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

/// One opening on a day of the week, in the queue's time zone (`HH:MM`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opening {
    pub day: Weekday,
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "09:00")
    )]
    pub opens: String,
    /// After `opens`.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "17:30")
    )]
    pub closes: String,
}

/// When a queue answers: openings each week in an IANA time zone (such as
/// `Europe/Berlin`), and holidays (`YYYY-MM-DD`, closed all day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkingHours {
    pub time_zone: String,
    pub openings: Vec<Opening>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, format = Date))]
    pub holidays: Vec<String>,
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

/// The error shape of every API failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// One of [`ErrorCode`]'s words.
    #[cfg_attr(feature = "openapi", schema(value_type = ErrorCode))]
    pub code: String,
    pub message: String,
}

/// A value that is not one of the words a field accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub field: &'static str,
    pub value: String,
}

impl ParseError {
    fn new(field: &'static str, value: &str) -> Self {
        ParseError {
            field,
            value: value.chars().take(64).collect(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.value, self.field)
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_round_trip_through_their_words() {
        for v in [View::Mine, View::Unassigned, View::All, View::Queue(7)] {
            assert_eq!(v.to_string().parse::<View>(), Ok(v));
        }
        assert!("queue:x".parse::<View>().is_err());
        assert!("everything".parse::<View>().is_err());
    }

    #[test]
    fn timeline_items_are_tagged_by_kind() {
        let item = TimelineItem::Event(ConversationEvent {
            id: 1,
            conversation_number: 22,
            seq: 2,
            event_type: "conversation.accepted".into(),
            actor: Actor {
                kind: ActorKind::Agent,
                id: Some(3),
                name: Some("Ada".into()),
            },
            data: serde_json::json!({}),
            created_at: "2026-01-01T00:00:00Z".into(),
        });
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["kind"], "event");
        assert_eq!(json["type"], "conversation.accepted");
        let back: TimelineItem = serde_json::from_value(json).unwrap();
        assert_eq!(back, item);
    }
}

/// An agent as admins manage them: with whether they may still log in and
/// how many open conversations automatic assignment gives them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub availability: Availability,
    pub active: bool,
    pub capacity: i64,
}

/// A single-use link an admin made: an invitation to join the team, or a
/// password reset. `url` is shown once (only its digest is kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentLink {
    /// `invite` or `reset`.
    #[cfg_attr(feature = "openapi", schema(value_type = LinkKind))]
    pub kind: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
    /// Whether it went out by e-mail (else the admin passes it on).
    pub mailed: bool,
}

/// An invitation not used yet: admins see who was invited, copy a fresh
/// link for them, or revoke it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingInvitation {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The admin who invited them.
    pub invited_by: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
}

/// What a link says before it is used (shown on its page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkPreview {
    #[cfg_attr(feature = "openapi", schema(value_type = LinkKind))]
    pub kind: String,
    pub email: String,
    pub name: String,
}

/// An API token as listed (its secret is shown once, when made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<Timestamp>,
    pub revoked: bool,
}

/// A new API token, with its secret (shown this once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiToken {
    pub token: String,
    pub api_token: ApiToken,
}

/// One change an admin made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub actor: String,
    /// Such as `agent.invited`, `agent.role_changed`, `widget.settings_changed`.
    #[cfg_attr(feature = "openapi", schema(value_type = AuditAction))]
    pub action: String,
    /// What it was done to, in words (an agent's e-mail, "the widget" …).
    pub subject: String,
    /// The details, as JSON text.
    pub data: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// What an admin changes of an agent (only the fields given).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentChange {
    pub role: Option<Role>,
    /// Open conversations automatic assignment gives them (0 to 100).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub capacity: Option<i64>,
    /// False deactivates: their sessions and API tokens stop at once and
    /// their conversations return to Pending. True lets them back in.
    pub active: Option<bool>,
}

/// A queue as admins set it up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueSetup {
    pub id: i64,
    pub name: String,
    /// Automatic assignment: `off`, `round_robin` or `least_busy`.
    #[cfg_attr(feature = "openapi", schema(value_type = AssignmentPolicy))]
    pub assignment_policy: String,
    /// Whether an agent going offline hands this queue's conversations back
    /// to Pending (to be assigned again).
    pub reassign_on_offline: bool,
    /// The agents in it (ids).
    pub members: Vec<i64>,
    /// When it answers; none: at all hours.
    pub working_hours: Option<WorkingHours>,
}

/// What an admin changes of a queue (only the fields given).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueChange {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<AssignmentPolicy>))]
    pub assignment_policy: Option<String>,
    pub reassign_on_offline: Option<bool>,
    /// The whole new list of members.
    pub members: Option<Vec<i64>>,
    pub working_hours: Option<WorkingHours>,
    #[serde(default)]
    pub clear_working_hours: bool,
}

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
