//! The live stream: what clients send on their sockets, committed events
//! handed to the hub, streams opening and closing (presence), replay after
//! a reconnect.

use super::{Switchboard, MAX_REPLAY};
use crate::error::{Error, Result};
use crate::hub::{Audience, Viewer};
use switchboard_types::{
    Agent, AuthorKind, ClientFrame, ColleagueHere, Frame, LiveEvent, MessageStatus, Typing, Writing,
};

impl Switchboard {
    /// What a client says on its stream: messages reached its screen, were
    /// read, or its user is typing. Each viewer speaks only for
    /// conversations it may see; a customer's read and delivered reach only
    /// agents' messages, an agent's only the customer's.
    pub async fn client_frame(&self, viewer: Viewer, frame: ClientFrame) -> Result<()> {
        let number = match &frame {
            ClientFrame::Delivered {
                conversation_number,
                ..
            }
            | ClientFrame::Read {
                conversation_number,
                ..
            }
            | ClientFrame::Typing {
                conversation_number,
                ..
            } => *conversation_number,
        };
        let row = self
            .store
            .shared_conversation(number)
            .await?
            .filter(|c| c.deleted_at.is_none())
            .ok_or(Error::NotFound("conversation"))?;
        let (writer, recipient_of) = match viewer {
            Viewer::Contact(id) if row.contact_id == id => (AuthorKind::Contact, AuthorKind::Agent),
            Viewer::Contact(_) => return Err(Error::NotFound("conversation")),
            Viewer::Agent(_) => (AuthorKind::Agent, AuthorKind::Contact),
        };
        let published = match frame {
            ClientFrame::Delivered { seq, .. } => {
                self.store
                    .advance_messages(number, recipient_of, seq, MessageStatus::Delivered)
                    .await?
            }
            ClientFrame::Read { seq, .. } => match viewer {
                Viewer::Agent(id) => self.store.mark_read(id, number, seq).await?,
                Viewer::Contact(_) => {
                    self.store
                        .advance_messages(number, recipient_of, seq, MessageStatus::Read)
                        .await?
                }
            },
            ClientFrame::Typing { private, .. } => {
                let (id, name) = match viewer {
                    Viewer::Agent(id) => {
                        let agent = self
                            .store
                            .agent_ref(id)
                            .await?
                            .ok_or(Error::Unauthenticated)?;
                        (id, agent.name)
                    }
                    Viewer::Contact(id) => (id, row.contact_name.clone()),
                };
                let audience = Audience {
                    agents: true,
                    agent: None,
                    contact: (writer == AuthorKind::Agent && !private).then_some(row.contact_id),
                    customers: false,
                };
                if writer == AuthorKind::Agent {
                    // Colleagues see a reply and a note apart.
                    let colleague = ColleagueHere {
                        agent_id: id,
                        name: name.clone(),
                        conversation_number: Some(number),
                        writing: Some(if private {
                            Writing::Note
                        } else {
                            Writing::Reply
                        }),
                    };
                    self.share_state(Audience::AGENTS, LiveEvent::Colleague { colleague });
                }
                let typing = Typing {
                    conversation_number: number,
                    author_kind: writer,
                    id,
                    name,
                };
                self.share_state(audience, LiveEvent::Typing { typing });
                return Ok(());
            }
        };
        self.published(published);
        Ok(())
    }

    /// The agent has a conversation open now (none: none), said when they
    /// open one and every half minute while it stays open: colleagues see
    /// who else is in it.
    pub async fn viewing(&self, agent: &Agent, number: Option<i64>) -> Result<()> {
        if let Some(number) = number {
            self.conversation(agent, number).await?;
        }
        let colleague = ColleagueHere {
            agent_id: agent.id,
            name: agent.name.clone(),
            conversation_number: number,
            writing: None,
        };
        self.share_state(Audience::AGENTS, LiveEvent::Colleague { colleague });
        Ok(())
    }

    /// Events were committed: wake this node's feed, and the other nodes'.
    pub(super) fn published(&self, events: Vec<crate::hub::Published>) {
        if events.is_empty() {
            return;
        }
        let messages = events
            .iter()
            .filter(|p| {
                p.audience == Audience::AGENTS
                    && matches!(p.event, LiveEvent::MessageCreated { .. })
            })
            .count();
        metrics::counter!("switchboard_messages_stored_total").increment(messages as u64);
        self.feed.wake();
        if self.store.shared_by_nodes() {
            let store = self.store.clone();
            // After the commit, off the request's path: a lost wake-up only
            // delays the other nodes until their next poll.
            tokio::spawn(async move {
                if let Err(e) = store.notify_nodes("").await {
                    tracing::warn!(error = %e, "waking the other nodes failed");
                }
            });
        }
    }

    /// Sends a state (typing, presence) to whoever may see it, on every node.
    pub(super) fn share_state(&self, audience: Audience, event: LiveEvent) {
        self.feed.share(&self.store, &self.hub, audience, event);
    }

    /// A live stream opened for `viewer`: online now, if they were not.
    pub async fn stream_opened(&self, viewer: Viewer) -> Result<()> {
        let name = match viewer {
            Viewer::Agent(id) => self
                .store
                .agent_ref(id)
                .await?
                .map(|a| a.name)
                .unwrap_or_default(),
            Viewer::Contact(id) => self
                .store
                .contact(id)
                .await?
                .map(|(c, _, _)| c.name)
                .unwrap_or_default(),
        };
        if let Some(presence) = self.feed.presence().connected(viewer, &name) {
            self.share_state(Audience::AGENTS, LiveEvent::Presence { presence });
        }
        Ok(())
    }

    /// A live stream closed: offline, if it was their last anywhere.
    pub fn stream_closed(&self, viewer: Viewer) {
        if let Some(presence) = self.feed.presence().disconnected(viewer) {
            self.share_state(Audience::AGENTS, LiveEvent::Presence { presence });
        }
    }

    /// Who is online now (agents see this when their stream opens).
    pub fn online(&self) -> Vec<switchboard_types::Presence> {
        self.feed.presence().online()
    }

    /// Everything `viewer` may see after `after_event_id`, in order; `None`
    /// when that is too far back to replay (the client reloads instead).
    pub async fn replay(&self, viewer: Viewer, after_event_id: i64) -> Result<Option<Vec<Frame>>> {
        let mut frames = Vec::new();
        let mut cursor = after_event_id;
        let mut scanned = 0usize;
        loop {
            let rows = self.store.live_after(cursor, 1000).await?;
            let Some(last) = rows.last() else { break };
            cursor = last.event_id;
            scanned += rows.len();
            if scanned > MAX_REPLAY {
                return Ok(None);
            }
            for row in rows {
                let audience = Audience {
                    agents: row.for_agents,
                    agent: row.agent_id,
                    contact: row.contact_id,
                    customers: false,
                };
                if viewer.may_see(audience) {
                    let event: LiveEvent = serde_json::from_str(&row.payload).map_err(|e| {
                        Error::Internal(format!("a stored live event is unreadable: {e}"))
                    })?;
                    frames.push(Frame {
                        event_id: row.event_id,
                        event,
                    });
                }
            }
        }
        Ok(Some(frames))
    }

    pub async fn last_event_id(&self) -> Result<i64> {
        self.store.last_event_id().await
    }
}
