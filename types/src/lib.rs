//! Wire types shared by the Switchboard server, the WASM client and
//! integrators' Rust programs: the JSON shapes of the HTTP API v1 and the
//! frames of the live stream. No behaviour lives here, only shapes and the
//! small parsing every side agrees on.
//!
//! One module per area; their types are re-exported here, so each is named
//! from the crate root (staff chat's from [`chat`]):
//!
//! - `agent`: agents, their role and availability
//! - `attachment`: files sent with messages
//! - `attribute`: the customer attributes admins define
//! - `alert`: which changes an agent is alerted to, by their choice
//! - `bulk`: one action on many conversations
//! - `contact`: customers as agents see them
//! - `conversation`: conversations, their status, opening one, sending in one
//! - `timeline`: a conversation's history, its messages and events
//! - `formatting`: a message's links and light formatting, as read once
//! - `inbox`: views, tabs, pages, counts, search results, notifications
//! - `label`: labels agents put on conversations
//! - `mailbox`: support addresses whose mail becomes conversations
//! - `queue`: queues, their setup and working hours
//! - `saved_reply`: saved replies (canned responses)
//! - `satisfaction`: customers' ratings of resolved conversations (CSAT)
//! - `report`: reports on the team's work (the busiest hours)
//! - `widget`: the customer's side and the widget's settings
//! - `team`: running the team (admins): members, links, API tokens, audit
//! - `webhook`: webhooks and their deliveries
//! - `error`: the error shape of the API, and a word a field does not accept
//! - `words`: the closed sets of words the API speaks
//! - `live`: the live stream's events and frames
//! - `chat`: staff chat between agents

mod agent;
mod alert;
mod attachment;
mod attribute;
mod bulk;
pub mod chat;
mod contact;
mod conversation;
mod error;
mod formatting;
mod inbox;
mod label;
mod live;
mod mailbox;
#[cfg(feature = "openapi")]
mod openapi;
mod queue;
mod report;
mod satisfaction;
mod saved_reply;
mod team;
mod timeline;
mod webhook;
mod widget;
mod words;

pub use agent::*;
pub use alert::*;
pub use attachment::*;
pub use attribute::*;
pub use bulk::*;
pub use contact::*;
pub use conversation::*;
pub use error::*;
pub use formatting::*;
pub use inbox::*;
pub use label::*;
pub use live::{
    ClientFrame, ColleagueHere, CustomerEvent, Frame, LiveEvent, Presence, StatusUpdate,
    StreamEvent, Typing, ViewCounts, Writing,
};
pub use mailbox::*;
pub use queue::*;
pub use report::*;
pub use satisfaction::*;
pub use saved_reply::*;
pub use team::*;
pub use timeline::*;
pub use webhook::*;
pub use widget::*;
pub use words::{
    AssignmentPolicy, AttributeKind, AuditAction, DeliveryState, ErrorCode, EventType, LinkKind,
    PrechatMode, WebhookEventType, WidgetPosition,
};

/// Times travel as RFC 3339 UTC strings (every time of the API; its
/// OpenAPI fields say `format: date-time`).
pub type Timestamp = String;

/// `text` on one line (runs of white space as one space), cut after
/// `max_chars` characters with "…": how alerts quote a message and lists
/// show a saved reply.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
