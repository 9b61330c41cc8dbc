//! The inbox around the conversations: which ones a list shows (views and
//! tabs), a page of them, the counts per tab, search results, and the
//! notes an agent should notice.

use crate::{Conversation, ConversationStatus, ParseError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

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
    /// Out of sight until a time (or the customer writing) brings them back.
    Snoozed,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::WorkingOn, Tab::Pending, Tab::Resolved, Tab::Snoozed];

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::WorkingOn => "working_on",
            Tab::Pending => "pending",
            Tab::Resolved => "resolved",
            Tab::Snoozed => "snoozed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::WorkingOn => "Working On",
            Tab::Pending => "Pending",
            Tab::Resolved => "Resolved",
            Tab::Snoozed => "Snoozed",
        }
    }

    /// The tab a conversation of this status is listed under.
    pub fn of(status: ConversationStatus) -> Tab {
        match status {
            ConversationStatus::Pending => Tab::Pending,
            ConversationStatus::WorkingOn => Tab::WorkingOn,
            ConversationStatus::Resolved => Tab::Resolved,
            ConversationStatus::Snoozed => Tab::Snoozed,
        }
    }
}

impl crate::Conversation {
    /// Whether it is listed in `view`'s `tab`, as agent `me` sees it: the
    /// rule the store's lists and counts apply in SQL (its `VIEW_FILTER`;
    /// a store test holds the two together), and the one the inbox patches
    /// its rows by as live changes come.
    pub fn listed_in(&self, view: View, tab: Tab, me: i64) -> bool {
        Tab::of(self.status) == tab
            && self.deleted_at.is_none()
            && self.blocked == (view == View::Blocked)
            && match view {
                View::All | View::Blocked => true,
                View::Mine => self.assignee.as_ref().is_some_and(|a| a.id == me),
                View::Unassigned => self.assignee.is_none(),
                View::Queue(id) => self.queue.as_ref().is_some_and(|q| q.id == id),
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

/// The order of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// The latest message first.
    Newest,
    /// The earliest last message first.
    Oldest,
    /// The customer waiting longest for an answer first; then those
    /// answered, the earliest last message first.
    WaitingLongest,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Newest, Sort::Oldest, Sort::WaitingLongest];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::WaitingLongest => "waiting_longest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "Newest",
            Sort::Oldest => "Oldest",
            Sort::WaitingLongest => "Waiting longest",
        }
    }

    /// A tab's order until the agent chooses: Pending by the longest
    /// wait, the others newest first.
    pub fn default_for(tab: Tab) -> Sort {
        match tab {
            Tab::Pending => Sort::WaitingLongest,
            _ => Sort::Newest,
        }
    }
}

impl FromStr for Sort {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sort::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| ParseError::new("sort", s))
    }
}

/// What a list shows: a view's tab, narrowed to the conversations carrying
/// every one of `labels` (none: all of them), in an order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Listing {
    pub view: View,
    pub tab: Tab,
    #[serde(default)]
    pub labels: Vec<String>,
    pub sort: Sort,
}

impl Listing {
    /// A view's tab, every conversation of it, in the tab's own order.
    pub fn of(view: View, tab: Tab) -> Self {
        Listing {
            view,
            tab,
            labels: Vec::new(),
            sort: Sort::default_for(tab),
        }
    }

    /// Whether a conversation belongs in it, as agent `me` sees it.
    pub fn lists(&self, conversation: &crate::Conversation, me: i64) -> bool {
        conversation.listed_in(self.view, self.tab, me) && conversation.has_labels(&self.labels)
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
    #[serde(default)]
    pub snoozed: TabCount,
}

impl Counts {
    pub fn get(&self, tab: Tab) -> TabCount {
        match tab {
            Tab::WorkingOn => self.working_on,
            Tab::Pending => self.pending,
            Tab::Resolved => self.resolved,
            Tab::Snoozed => self.snoozed,
        }
    }
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
}
