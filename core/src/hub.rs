//! The live hub: events the store has committed fan out from here to every
//! open connection, each of which keeps only what its viewer may see.

use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use switchboard_types::LiveEvent;
use tokio::sync::broadcast;

/// Who may receive an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Audience {
    /// Every agent.
    pub agents: bool,
    /// One agent (a notification meant for them).
    pub agent: Option<i64>,
    /// One customer.
    pub contact: Option<i64>,
    /// Every customer with the widget open (states only, such as whether
    /// anyone can chat now; never stored).
    pub customers: bool,
}

impl Audience {
    pub const AGENTS: Audience = Audience {
        agents: true,
        agent: None,
        contact: None,
        customers: false,
    };

    pub const CUSTOMERS: Audience = Audience {
        agents: false,
        agent: None,
        contact: None,
        customers: true,
    };

    pub fn agent(id: i64) -> Audience {
        Audience {
            agents: false,
            agent: Some(id),
            contact: None,
            customers: false,
        }
    }

    pub fn contact(id: i64) -> Audience {
        Audience {
            agents: false,
            agent: None,
            contact: Some(id),
            customers: false,
        }
    }
}

/// Who is watching a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Viewer {
    Agent(i64),
    Contact(i64),
}

impl Viewer {
    pub fn may_see(self, audience: Audience) -> bool {
        match self {
            Viewer::Agent(id) => audience.agents || audience.agent == Some(id),
            Viewer::Contact(id) => audience.contact == Some(id) || audience.customers,
        }
    }
}

/// An event that may now be sent: history stored in the live stream, or a
/// state (counts, typing, presence) that is never stored (`event_id` 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub event_id: i64,
    pub audience: Audience,
    pub event: LiveEvent,
    /// The frame as JSON, made once however many streams send it.
    text: OnceLock<Arc<str>>,
}

/// A frame serialised from borrowed parts (the same JSON as
/// [`switchboard_types::Frame`]).
#[derive(Serialize)]
struct FrameRef<'a> {
    event_id: i64,
    #[serde(flatten)]
    event: &'a LiveEvent,
}

impl Published {
    pub fn new(event_id: i64, audience: Audience, event: LiveEvent) -> Self {
        Published {
            event_id,
            audience,
            event,
            text: OnceLock::new(),
        }
    }

    /// An event read back from the stream, with its stored JSON (`payload`
    /// is the event's object; the frame puts the id in front of it).
    pub fn stored(event_id: i64, audience: Audience, event: LiveEvent, payload: &str) -> Self {
        let published = Published::new(event_id, audience, event);
        if let Some(fields) = payload.strip_prefix('{') {
            let text = format!("{{\"event_id\":{event_id},{fields}");
            let _ = published.text.set(text.into());
        }
        published
    }

    pub fn state(audience: Audience, event: LiveEvent) -> Self {
        Published::new(0, audience, event)
    }

    /// The frame's JSON, serialised on first use.
    pub fn frame_text(&self) -> Arc<str> {
        self.text
            .get_or_init(|| {
                let frame = FrameRef {
                    event_id: self.event_id,
                    event: &self.event,
                };
                serde_json::to_string(&frame).unwrap_or_default().into()
            })
            .clone()
    }

    pub fn is_state(&self) -> bool {
        self.event_id == 0
    }
}

/// In-process fan-out, by audience: agents share one channel; each
/// connected customer has a small one of their own, so a customer's stream
/// wakes only for that customer's events. A receiver that falls behind by
/// more than its channel holds is told so (`Lagged`) and catches up from the
/// store.
#[derive(Clone)]
pub struct Hub {
    agents: broadcast::Sender<Arc<Published>>,
    contacts: Arc<Mutex<HashMap<i64, broadcast::Sender<Arc<Published>>>>>,
}

/// How many events a customer's channel holds (they get few).
const CONTACT_CAPACITY: usize = 16;

impl Default for Hub {
    fn default() -> Self {
        Hub::new(4096)
    }
}

impl Hub {
    pub fn new(capacity: usize) -> Self {
        let (agents, _) = broadcast::channel(capacity);
        Hub {
            agents,
            contacts: Arc::default(),
        }
    }

    /// The events `viewer`'s channel carries (the stream still checks each
    /// with [`Viewer::may_see`]: an agent's channel carries every agent's).
    pub fn subscribe(&self, viewer: Viewer) -> broadcast::Receiver<Arc<Published>> {
        match viewer {
            Viewer::Agent(_) => self.agents.subscribe(),
            Viewer::Contact(id) => {
                let mut contacts = self.contacts.lock().unwrap_or_else(|e| e.into_inner());
                contacts
                    .entry(id)
                    .or_insert_with(|| broadcast::channel(CONTACT_CAPACITY).0)
                    .subscribe()
            }
        }
    }

    /// A customer's stream closed: their channel goes with their last one.
    pub fn unsubscribe(&self, viewer: Viewer) {
        if let Viewer::Contact(id) = viewer {
            let mut contacts = self.contacts.lock().unwrap_or_else(|e| e.into_inner());
            if contacts.get(&id).is_some_and(|c| c.receiver_count() == 0) {
                contacts.remove(&id);
            }
        }
    }

    pub fn publish(&self, events: Vec<Published>) {
        for event in events {
            let event = Arc::new(event);
            let audience = event.audience;
            // No receiver is not an error: nobody is watching right now.
            if audience.agents || audience.agent.is_some() {
                let _ = self.agents.send(event.clone());
            }
            if let Some(id) = audience.contact {
                let contacts = self.contacts.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(channel) = contacts.get(&id) {
                    let _ = channel.send(event.clone());
                }
            }
            if audience.customers {
                let contacts = self.contacts.lock().unwrap_or_else(|e| e.into_inner());
                for channel in contacts.values() {
                    let _ = channel.send(event.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_types::Frame;

    #[test]
    fn a_stored_frame_reads_as_one_serialised_afresh() {
        let event = LiveEvent::ConversationRead {
            conversation_number: 4,
            last_read_seq: 9,
        };
        let payload = serde_json::to_string(&event).unwrap();
        let stored = Published::stored(12, Audience::AGENTS, event.clone(), &payload);
        let fresh = Published::new(12, Audience::AGENTS, event);
        assert_eq!(stored.frame_text(), fresh.frame_text());
        let frame: Frame = serde_json::from_str(&stored.frame_text()).unwrap();
        assert_eq!(frame.event_id, 12);
    }

    #[test]
    fn a_customer_sees_only_their_own_events_and_agents_only_theirs() {
        let to_agents = Audience::AGENTS;
        let to_seven = Audience::contact(7);
        assert!(Viewer::Agent(1).may_see(to_agents));
        assert!(!Viewer::Agent(1).may_see(to_seven));
        assert!(Viewer::Contact(7).may_see(to_seven));
        assert!(!Viewer::Contact(8).may_see(to_seven));
        assert!(!Viewer::Contact(7).may_see(to_agents));
        assert!(Viewer::Agent(1).may_see(Audience::agent(1)));
        assert!(!Viewer::Agent(2).may_see(Audience::agent(1)));
        assert!(!Viewer::Contact(1).may_see(Audience::agent(1)));
        assert!(Viewer::Contact(7).may_see(Audience::CUSTOMERS));
        assert!(!Viewer::Agent(1).may_see(Audience::CUSTOMERS));
    }

    #[test]
    fn a_state_for_every_customer_reaches_each_open_widget() {
        let hub = Hub::default();
        let mut seven = hub.subscribe(Viewer::Contact(7));
        let mut eight = hub.subscribe(Viewer::Contact(8));
        let mut agent = hub.subscribe(Viewer::Agent(1));
        hub.publish(vec![Published::state(
            Audience::CUSTOMERS,
            LiveEvent::WidgetStatus { online: false },
        )]);
        assert!(seven.try_recv().is_ok());
        assert!(eight.try_recv().is_ok());
        assert!(agent.try_recv().is_err());
    }

    #[test]
    fn a_customer_channel_carries_only_that_customer() {
        let hub = Hub::default();
        let mut seven = hub.subscribe(Viewer::Contact(7));
        let mut agent = hub.subscribe(Viewer::Agent(1));
        let event = LiveEvent::Resync;
        hub.publish(vec![
            Published::new(1, Audience::contact(8), event.clone()),
            Published::new(2, Audience::AGENTS, event.clone()),
            Published::new(3, Audience::contact(7), event.clone()),
        ]);
        assert_eq!(seven.try_recv().unwrap().event_id, 3);
        assert!(seven.try_recv().is_err());
        assert_eq!(agent.try_recv().unwrap().event_id, 2);
        assert!(agent.try_recv().is_err());
        drop(seven);
        hub.unsubscribe(Viewer::Contact(7));
        assert!(hub.contacts.lock().unwrap().is_empty());
    }
}
