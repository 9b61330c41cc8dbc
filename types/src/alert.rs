//! Alerts: which changes an agent is told of with a pop-up (and, when they
//! allow it, a sound and a browser notification), each kind on or off by
//! their choice, kept on the server. The rule is here, beside the live
//! events it reads, because the inbox applies it to the stream as it
//! arrives.

use crate::{AuthorKind, Conversation, ConversationStatus, LiveEvent};
use serde::{Deserialize, Serialize};

/// The kinds of alert, each on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertPreferences {
    /// A customer's new chat, or a conversation back in Pending, in one of
    /// your queues.
    pub new_chat: bool,
    /// A customer's message in a conversation you hold.
    pub my_conversations: bool,
    /// Mentions, assignments, take-overs and follow-ups.
    pub mentions: bool,
}

impl Default for AlertPreferences {
    fn default() -> Self {
        AlertPreferences {
            new_chat: true,
            my_conversations: true,
            mentions: true,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertKind {
    NewChat,
    MyConversations,
    Mentions,
}

impl AlertPreferences {
    pub fn wants(&self, kind: AlertKind) -> bool {
        match kind {
            AlertKind::NewChat => self.new_chat,
            AlertKind::MyConversations => self.my_conversations,
            AlertKind::Mentions => self.mentions,
        }
    }
}

/// What the inbox needs to apply the rule: the agent's choices and their
/// queues.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertSetup {
    pub preferences: AlertPreferences,
    /// The queues the agent is a member of (in none: every queue is theirs).
    pub queues: Vec<i64>,
}

/// The lifecycle events after which a conversation nobody holds is back in
/// Pending for someone to take.
const BACK_IN_PENDING: [&str; 5] = [
    "conversation.returned",
    "conversation.transferred",
    "conversation.unsnoozed",
    "conversation.reopened",
    "conversation.restored",
];

/// How many characters of a message an alert quotes.
const QUOTED_CHARS: usize = 80;

impl AlertSetup {
    /// Whether the conversation waits in Pending, for nobody in particular,
    /// in one of the agent's queues: a new chat for them.
    pub fn waits_for_me(&self, conversation: &Conversation) -> bool {
        conversation.status == ConversationStatus::Pending
            && conversation.assignee.is_none()
            && (self.queues.is_empty()
                || conversation
                    .queue
                    .as_ref()
                    .is_none_or(|q| self.queues.contains(&q.id)))
    }

    /// The alert `me` gets for a conversation's change, and what it says:
    /// `change` is the live event published just before the conversation's
    /// new state, `created` whether that change is the first message of a
    /// conversation just created. A new chat (or one back in Pending) is
    /// for the agents of its queue; a customer's message, for the agent
    /// holding the conversation. Nothing for a blocked customer, or for
    /// what the agent did themselves.
    pub fn alert_for(
        &self,
        me: i64,
        change: &LiveEvent,
        conversation: &Conversation,
        created: bool,
    ) -> Option<(AlertKind, String)> {
        if conversation.blocked || conversation.deleted_at.is_some() {
            return None;
        }
        let name = &conversation.contact.name;
        let waiting = self.waits_for_me(conversation);
        let (kind, text) = match change {
            LiveEvent::MessageCreated { message }
                if message.author.kind == AuthorKind::Contact && !message.private =>
            {
                if conversation.assignee.as_ref().is_some_and(|a| a.id == me) {
                    let text = format!("{name}: {}", crate::excerpt(&message.body, QUOTED_CHARS));
                    (AlertKind::MyConversations, text)
                } else if created && waiting {
                    let text = match &conversation.subject {
                        Some(subject) if conversation.by_email => format!(
                            "New e-mail from {name}: {}",
                            crate::excerpt(subject, QUOTED_CHARS)
                        ),
                        _ => format!(
                            "New chat from {name}: {}",
                            crate::excerpt(&message.body, QUOTED_CHARS)
                        ),
                    };
                    (AlertKind::NewChat, text)
                } else {
                    return None;
                }
            }
            // Back from snooze, to its holder.
            LiveEvent::TimelineEvent { event }
                if event.event_type == "conversation.unsnoozed"
                    && conversation.assignee.as_ref().is_some_and(|a| a.id == me) =>
            {
                let text = format!("{name} is back from snooze (#{})", conversation.number);
                (AlertKind::MyConversations, text)
            }
            LiveEvent::TimelineEvent { event }
                if waiting
                    && BACK_IN_PENDING.contains(&event.event_type.as_str())
                    && !(event.actor.kind == crate::ActorKind::Agent
                        && event.actor.id == Some(me)) =>
            {
                let text = format!("{name} is back in Pending (#{})", conversation.number);
                (AlertKind::NewChat, text)
            }
            _ => return None,
        };
        self.preferences.wants(kind).then_some((kind, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conversation(status: &str, assignee: Option<i64>, queue: i64) -> Conversation {
        serde_json::from_value(json!({
            "number": 7, "status": status,
            "assignee": assignee.map(|id| json!({ "id": id, "name": "Ada" })),
            "queue": { "id": queue, "name": "Support" },
            "contact": { "id": 3, "name": "Lena", "email": null },
            "last_message": null, "unread_count": 0,
            "last_message_at": "2026-01-01T00:00:00Z", "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z", "resolved_by": null,
        }))
        .unwrap()
    }

    fn customer_says(text: &str) -> LiveEvent {
        serde_json::from_value(json!({
            "type": "message.created",
            "message": {
                "id": 1, "client_id": "c", "conversation_number": 7, "seq": 2,
                "author": { "kind": "contact", "id": 3, "name": "Lena" },
                "body": text, "private": false, "status": "sent",
                "created_at": "2026-01-01T00:00:00Z",
            }
        }))
        .unwrap()
    }

    fn event(kind: &str, actor: i64) -> LiveEvent {
        serde_json::from_value(json!({
            "type": "timeline.event",
            "event": {
                "id": 1, "conversation_number": 7, "seq": 3, "type": kind,
                "actor": { "kind": "agent", "id": actor, "name": "Ben" },
                "created_at": "2026-01-01T00:00:00Z",
            }
        }))
        .unwrap()
    }

    #[test]
    fn a_new_chat_alerts_the_agents_of_its_queue() {
        let ada = AlertSetup {
            queues: vec![1],
            ..Default::default()
        };
        let pending = conversation("pending", None, 1);
        let hello = customer_says("Hello, is anyone there?");
        assert_eq!(
            ada.alert_for(1, &hello, &pending, true),
            Some((
                AlertKind::NewChat,
                "New chat from Lena: Hello, is anyone there?".into()
            ))
        );
        // A new e-mail is named by its subject.
        let mail = Conversation {
            by_email: true,
            subject: Some("Broken kettle".into()),
            ..pending.clone()
        };
        assert_eq!(
            ada.alert_for(1, &hello, &mail, true),
            Some((
                AlertKind::NewChat,
                "New e-mail from Lena: Broken kettle".into()
            ))
        );
        // A second message while it waits is no new chat.
        assert_eq!(ada.alert_for(1, &hello, &pending, false), None);
        // Another queue's chat is not hers; with no queue, every one is.
        let elsewhere = conversation("pending", None, 2);
        assert_eq!(ada.alert_for(1, &hello, &elsewhere, true), None);
        assert!(AlertSetup::default()
            .alert_for(1, &hello, &elsewhere, true)
            .is_some());
        // Turned off, it says nothing.
        let quiet = AlertSetup {
            preferences: AlertPreferences {
                new_chat: false,
                ..Default::default()
            },
            queues: vec![1],
        };
        assert_eq!(quiet.alert_for(1, &hello, &pending, true), None);
    }

    #[test]
    fn a_message_alerts_the_holder_alone() {
        let setup = AlertSetup::default();
        let held = conversation("working_on", Some(1), 1);
        let said = customer_says("Thanks!");
        assert_eq!(
            setup.alert_for(1, &said, &held, false),
            Some((AlertKind::MyConversations, "Lena: Thanks!".into()))
        );
        assert_eq!(setup.alert_for(2, &said, &held, false), None);
    }

    #[test]
    fn back_in_pending_alerts_everyone_but_who_put_it_there() {
        let setup = AlertSetup::default();
        let pending = conversation("pending", None, 1);
        let returned = event("conversation.returned", 2);
        assert_eq!(
            setup.alert_for(1, &returned, &pending, false),
            Some((AlertKind::NewChat, "Lena is back in Pending (#7)".into()))
        );
        assert_eq!(setup.alert_for(2, &returned, &pending, false), None);
        // Back from snooze: its holder hears.
        let woken = event("conversation.unsnoozed", 2);
        let held = conversation("working_on", Some(1), 1);
        assert_eq!(
            setup.alert_for(1, &woken, &held, false),
            Some((
                AlertKind::MyConversations,
                "Lena is back from snooze (#7)".into()
            ))
        );
        // Moving to another page changes no state.
        let moved = event("conversation.page_changed", 2);
        assert_eq!(setup.alert_for(1, &moved, &pending, false), None);
    }
}
