//! Staff chat: channels and private messages between agents, and the small
//! reading of a message's text that the server (who is mentioned) and the
//! browser (what to draw as a mention or a conversation link) agree on.

use crate::{AgentRef, Timestamp};
use serde::{Deserialize, Serialize};

/// What kind of room a channel is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Every agent can find, read and join it.
    Public,
    /// Only its members know it; others join when a member invites them.
    Private,
    /// Private messages between two or more agents.
    Direct,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Public => "public",
            ChannelKind::Private => "private",
            ChannelKind::Direct => "direct",
        }
    }

    pub fn parse(word: &str) -> Option<ChannelKind> {
        match word {
            "public" => Some(ChannelKind::Public),
            "private" => Some(ChannelKind::Private),
            "direct" => Some(ChannelKind::Direct),
            _ => None,
        }
    }
}

/// A channel as all its readers share it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    pub id: i64,
    pub kind: ChannelKind,
    /// Empty for private messages: they are named by their members.
    pub name: String,
    pub description: String,
    pub members: Vec<AgentRef>,
    /// The seq of its latest message (0: none yet).
    pub last_seq: i64,
    pub last_message_at: Timestamp,
}

impl Channel {
    pub fn is_member(&self, agent_id: i64) -> bool {
        self.members.iter().any(|m| m.id == agent_id)
    }

    /// Whether the agent may read it: public, or theirs.
    pub fn readable_by(&self, agent_id: i64) -> bool {
        self.kind == ChannelKind::Public || self.is_member(agent_id)
    }

    /// How a reader sees it named: `#name`, or the other members' names.
    pub fn title_for(&self, agent_id: i64) -> String {
        match self.kind {
            ChannelKind::Direct => {
                let others: Vec<&str> = self
                    .members
                    .iter()
                    .filter(|m| m.id != agent_id)
                    .map(|m| m.name.as_str())
                    .collect();
                if others.is_empty() {
                    "Just you".to_string()
                } else {
                    others.join(", ")
                }
            }
            _ => format!("#{}", self.name),
        }
    }
}

/// A channel in one agent's sidebar: the channel and where they are in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelEntry {
    pub channel: Channel,
    /// The seq up to which they have read (0: nothing).
    pub last_read_seq: i64,
    /// Messages by others after that.
    pub unread: i64,
}

/// One message in a channel. An edited message says so; a deleted one stays
/// in its place with an empty body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub id: i64,
    pub channel_id: i64,
    pub seq: i64,
    pub client_id: String,
    pub author: AgentRef,
    pub body: String,
    /// The body's links and light formatting; absent for plain text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formatted: Vec<crate::Block>,
    /// The files sent with it (none once it is deleted).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<crate::Attachment>,
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
}

/// A page of a channel's history, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatPage {
    pub messages: Vec<ChatMessage>,
    /// Whether older messages exist before the first one here.
    pub has_earlier: bool,
}

/// A channel as opened: the channel, the latest page, and where the reader
/// had read up to before opening it (the New Messages line goes there).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedChannel {
    pub entry: ChannelEntry,
    pub page: ChatPage,
}

/// A message found by search, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSearchHit {
    pub channel_title: String,
    pub message: ChatMessage,
}

/// Someone named the reader with `@` in a channel they can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub channel_id: i64,
    pub channel_title: String,
    pub message_id: i64,
    pub author: AgentRef,
    /// The message, shortened.
    pub preview: String,
}

/// A piece of a chat message as it is drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// `@Name`: the agent it names.
    Mention {
        agent_id: i64,
        text: String,
    },
    /// `#22`: a link to conversation 22.
    Conversation(i64),
}

/// Reads a message into text, mentions and conversation links. `agents`
/// are who may be mentioned: `@` followed by an agent's full name or the
/// first word of it (any case), ending where a word would end. The longest
/// name that fits wins.
pub fn segments(body: &str, agents: &[AgentRef]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        let before_is_word = text.chars().last().is_some_and(char::is_alphanumeric);
        if c == '@' && !before_is_word {
            if let Some((agent, len)) = mention_at(&rest[1..], agents) {
                flush_text(&mut out, &mut text);
                out.push(Segment::Mention {
                    agent_id: agent.id,
                    text: rest[..1 + len].to_string(),
                });
                rest = &rest[1 + len..];
                continue;
            }
        }
        if c == '#' && !before_is_word {
            let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
            let ends_word = !rest[1 + digits..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if (1..=18).contains(&digits) && ends_word {
                if let Ok(number) = rest[1..1 + digits].parse::<i64>() {
                    flush_text(&mut out, &mut text);
                    out.push(Segment::Conversation(number));
                    rest = &rest[1 + digits..];
                    continue;
                }
            }
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush_text(&mut out, &mut text);
    out
}

/// The ids of the agents a message mentions, each once.
pub fn mentioned(body: &str, agents: &[AgentRef]) -> Vec<i64> {
    let mut ids = Vec::new();
    for segment in segments(body, agents) {
        if let Segment::Mention { agent_id, .. } = segment {
            if !ids.contains(&agent_id) {
                ids.push(agent_id);
            }
        }
    }
    ids
}

fn flush_text(out: &mut Vec<Segment>, text: &mut String) {
    if !text.is_empty() {
        out.push(Segment::Text(std::mem::take(text)));
    }
}

/// The agent whose name `after` (the text after an `@`) starts with, and
/// how many bytes of it the name takes.
fn mention_at<'a>(after: &str, agents: &'a [AgentRef]) -> Option<(&'a AgentRef, usize)> {
    let mut best: Option<(&AgentRef, usize)> = None;
    for agent in agents {
        let full = agent.name.trim();
        let first = full.split_whitespace().next().unwrap_or_default();
        for name in [full, first] {
            if name.is_empty() || best.is_some_and(|(_, len)| len >= name.len()) {
                continue;
            }
            let Some(candidate) = after.get(..name.len()) else {
                continue;
            };
            let ends_word = !after[name.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if candidate.eq_ignore_ascii_case(name) && ends_word {
                best = Some((agent, name.len()));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff() -> Vec<AgentRef> {
        vec![
            AgentRef {
                id: 1,
                name: "Ada Lovelace".into(),
            },
            AgentRef {
                id: 2,
                name: "Grace Hopper".into(),
            },
            AgentRef {
                id: 3,
                name: "Adam".into(),
            },
        ]
    }

    #[test]
    fn mentions_take_the_full_name_or_the_first_word() {
        assert_eq!(
            mentioned("hi @ada lovelace and @Grace!", &staff()),
            vec![1, 2]
        );
        assert_eq!(mentioned("@Adam, look", &staff()), vec![3]);
        assert_eq!(mentioned("@Ada. and @ada again", &staff()), vec![1]);
    }

    #[test]
    fn an_at_inside_a_word_or_an_unknown_name_is_text() {
        assert!(mentioned("mail ada@example.com or @Adalbert", &staff()).is_empty());
        assert_eq!(
            segments("@nobody", &staff()),
            vec![Segment::Text("@nobody".into())]
        );
    }

    #[test]
    fn conversation_links_are_a_hash_and_digits() {
        assert_eq!(
            segments("see #22, not a#3 or #4b", &staff()),
            vec![
                Segment::Text("see ".into()),
                Segment::Conversation(22),
                Segment::Text(", not a#3 or #4b".into()),
            ]
        );
    }

    #[test]
    fn text_is_kept_whole_around_mentions() {
        let body = "Thanks @Grace Hopper — #7 is yours ✓";
        let joined: String = segments(body, &staff())
            .into_iter()
            .map(|s| match s {
                Segment::Text(t) | Segment::Mention { text: t, .. } => t,
                Segment::Conversation(n) => format!("#{n}"),
            })
            .collect();
        assert_eq!(joined, body);
    }
}
