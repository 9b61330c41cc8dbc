//! Who is online: agents with an inbox open, customers with the widget
//! open. Each node counts its own connections and hears the other nodes'
//! changes (and, every little while, their whole list) over the bus; a node
//! not heard from for a while is taken to be gone, with its people.

use crate::hub::Viewer;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use switchboard_types::{AuthorKind, Presence};

/// How often a node repeats its whole list to the others.
pub const SYNC_EVERY: Duration = Duration::from_secs(20);
/// A node not heard from for this long is gone.
const NODE_GONE_AFTER: Duration = Duration::from_secs(50);

#[derive(Default)]
pub struct PresenceBoard {
    inner: Mutex<Board>,
}

#[derive(Default)]
struct Board {
    /// This node's open connections per person, and their names.
    local: HashMap<Viewer, (usize, String)>,
    /// What the other nodes said last, and when.
    remote: HashMap<String, (Instant, HashMap<Viewer, String>)>,
}

impl Board {
    fn online_elsewhere(&self, viewer: Viewer) -> bool {
        self.remote
            .values()
            .any(|(seen, people)| seen.elapsed() < NODE_GONE_AFTER && people.contains_key(&viewer))
    }
}

pub fn viewer_of(presence: &Presence) -> Viewer {
    match presence.kind {
        AuthorKind::Contact => Viewer::Contact(presence.id),
        _ => Viewer::Agent(presence.id),
    }
}

fn presence(viewer: Viewer, name: &str, online: bool) -> Presence {
    let (kind, id) = match viewer {
        Viewer::Agent(id) => (AuthorKind::Agent, id),
        Viewer::Contact(id) => (AuthorKind::Contact, id),
    };
    Presence {
        kind,
        id,
        name: name.to_string(),
        online,
    }
}

impl PresenceBoard {
    /// A connection opened; answers the change to announce, if the person
    /// was offline everywhere until now.
    pub fn connected(&self, viewer: Viewer, name: &str) -> Option<Presence> {
        let mut board = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let elsewhere = board.online_elsewhere(viewer);
        let entry = board
            .local
            .entry(viewer)
            .or_insert_with(|| (0, name.to_string()));
        entry.0 += 1;
        (entry.0 == 1 && !elsewhere).then(|| presence(viewer, name, true))
    }

    /// A connection closed; answers the change to announce, if that was the
    /// person's last one anywhere.
    pub fn disconnected(&self, viewer: Viewer) -> Option<Presence> {
        let mut board = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (left, name) = match board.local.get_mut(&viewer) {
            Some(entry) => {
                entry.0 = entry.0.saturating_sub(1);
                (entry.0, entry.1.clone())
            }
            None => return None,
        };
        if left > 0 {
            return None;
        }
        board.local.remove(&viewer);
        (!board.online_elsewhere(viewer)).then(|| presence(viewer, &name, false))
    }

    /// Another node announced a change.
    pub fn heard_change(&self, node: &str, change: &Presence) {
        let mut board = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (seen, people) = board
            .remote
            .entry(node.to_string())
            .or_insert_with(|| (Instant::now(), HashMap::new()));
        *seen = Instant::now();
        if change.online {
            people.insert(viewer_of(change), change.name.clone());
        } else {
            people.remove(&viewer_of(change));
        }
    }

    /// Another node repeated its whole list.
    pub fn heard_list(&self, node: &str, online: &[Presence]) {
        let mut board = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let people = online
            .iter()
            .map(|p| (viewer_of(p), p.name.clone()))
            .collect();
        board
            .remote
            .insert(node.to_string(), (Instant::now(), people));
    }

    /// Forgets nodes not heard from for a while; answers who went offline
    /// with them (for this node's clients to be told).
    pub fn expire(&self) -> Vec<Presence> {
        let mut board = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let gone: Vec<String> = board
            .remote
            .iter()
            .filter(|(_, (seen, _))| seen.elapsed() >= NODE_GONE_AFTER)
            .map(|(node, _)| node.clone())
            .collect();
        let mut offline = Vec::new();
        for node in gone {
            let Some((_, people)) = board.remote.remove(&node) else {
                continue;
            };
            for (viewer, name) in people {
                if !board.local.contains_key(&viewer) && !board.online_elsewhere(viewer) {
                    offline.push(presence(viewer, &name, false));
                }
            }
        }
        offline
    }

    /// Who is connected to this node.
    pub fn local(&self) -> Vec<Presence> {
        let board = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        board
            .local
            .iter()
            .map(|(viewer, (_, name))| presence(*viewer, name, true))
            .collect()
    }

    /// Everyone online anywhere, as far as this node knows.
    pub fn online(&self) -> Vec<Presence> {
        let mut board = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        board
            .remote
            .retain(|_, (seen, _)| seen.elapsed() < NODE_GONE_AFTER);
        let mut all: HashMap<Viewer, String> = board
            .local
            .iter()
            .map(|(viewer, (_, name))| (*viewer, name.clone()))
            .collect();
        for (_, people) in board.remote.values() {
            for (viewer, name) in people {
                all.entry(*viewer).or_insert_with(|| name.clone());
            }
        }
        let mut list: Vec<Presence> = all
            .into_iter()
            .map(|(viewer, name)| presence(viewer, &name, true))
            .collect();
        list.sort_by_key(|p| (p.kind == AuthorKind::Contact, p.id));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_with_the_first_tab_offline_with_the_last() {
        let board = PresenceBoard::default();
        let ada = Viewer::Agent(1);
        assert!(board.connected(ada, "Ada").is_some_and(|p| p.online));
        assert!(board.connected(ada, "Ada").is_none());
        assert!(board.disconnected(ada).is_none());
        assert!(board.disconnected(ada).is_some_and(|p| !p.online));
        assert!(board.online().is_empty());
    }

    #[test]
    fn someone_still_on_another_node_stays_online() {
        let board = PresenceBoard::default();
        let ada = Viewer::Agent(1);
        board.heard_change("b", &presence(ada, "Ada", true));
        assert!(board.connected(ada, "Ada").is_none());
        assert!(board.disconnected(ada).is_none());
        assert_eq!(board.online().len(), 1);
        board.heard_list("b", &[]);
        assert!(board.online().is_empty());
    }
}
