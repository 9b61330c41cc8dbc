//! How much a client may say on its stream. Each frame costs the server
//! reads and a broadcast to every agent (a NOTIFY on PostgreSQL), so:
//! `typing` goes on at most twice a second per conversation, `delivered`
//! and `read` of one conversation are merged into the latest every quarter
//! second, and a client that sends more frames than any screen would is
//! cut off.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};
use switchboard_core::types::ClientFrame;

/// Frames a second a connection may send on average…
const FRAMES_PER_SECOND: f64 = 20.0;
/// …and at once.
const BURST: f64 = 60.0;
/// One `typing` per conversation at most this often.
const TYPING_EVERY: Duration = Duration::from_millis(500);
/// `delivered` and `read` per conversation at most this often (the latest
/// of those in between is sent when the time is up).
const STATUS_EVERY: Duration = Duration::from_millis(250);
/// Conversations remembered before old entries are forgotten.
const REMEMBERED: usize = 256;

/// What to do with a frame just heard.
#[derive(Debug, PartialEq, Eq)]
pub enum Heard {
    /// Act on it now.
    Act(ClientFrame),
    /// Nothing now: dropped (typing too soon) or held to be merged.
    Wait,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Status {
    Delivered,
    Read,
}

pub struct FrameThrottle {
    allowance: f64,
    checked: Instant,
    typing_sent: HashMap<i64, Instant>,
    status_sent: HashMap<(Status, i64), Instant>,
    held: BTreeMap<(Status, i64), i64>,
}

impl FrameThrottle {
    pub fn new(now: Instant) -> Self {
        FrameThrottle {
            allowance: BURST,
            checked: now,
            typing_sent: HashMap::new(),
            status_sent: HashMap::new(),
            held: BTreeMap::new(),
        }
    }

    /// Counts a frame the client sent, readable or not.
    pub fn counted(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.checked).as_secs_f64();
        self.checked = now;
        self.allowance = (self.allowance + elapsed * FRAMES_PER_SECOND).min(BURST);
        if self.allowance < 1.0 {
            return false;
        }
        self.allowance -= 1.0;
        true
    }

    /// What to do with a readable frame (already counted).
    pub fn heard(&mut self, frame: ClientFrame, now: Instant) -> Heard {
        self.forget_old(now);
        match frame {
            ClientFrame::Typing {
                conversation_number,
                ..
            } => {
                let recent = self
                    .typing_sent
                    .get(&conversation_number)
                    .is_some_and(|at| now.saturating_duration_since(*at) < TYPING_EVERY);
                if recent {
                    return Heard::Wait;
                }
                self.typing_sent.insert(conversation_number, now);
                Heard::Act(frame)
            }
            ClientFrame::Delivered {
                conversation_number,
                seq,
            } => self.status(Status::Delivered, conversation_number, seq, now),
            ClientFrame::Read {
                conversation_number,
                seq,
            } => self.status(Status::Read, conversation_number, seq, now),
        }
    }

    fn status(&mut self, status: Status, number: i64, seq: i64, now: Instant) -> Heard {
        let key = (status, number);
        let recent = self
            .status_sent
            .get(&key)
            .is_some_and(|at| now.saturating_duration_since(*at) < STATUS_EVERY);
        if recent {
            let held = self.held.entry(key).or_insert(seq);
            *held = (*held).max(seq);
            return Heard::Wait;
        }
        self.status_sent.insert(key, now);
        let seq = self.held.remove(&key).map_or(seq, |held| held.max(seq));
        Heard::Act(frame_of(status, number, seq))
    }

    /// When the next held frame is due, if any is held.
    pub fn next_due(&self) -> Option<Instant> {
        self.held
            .keys()
            .filter_map(|key| self.status_sent.get(key))
            .map(|at| *at + STATUS_EVERY)
            .min()
    }

    /// The held frames whose time has come, merged.
    pub fn due(&mut self, now: Instant) -> Vec<ClientFrame> {
        let ready: Vec<(Status, i64)> = self
            .held
            .keys()
            .filter(|key| {
                self.status_sent
                    .get(key)
                    .is_none_or(|at| now.saturating_duration_since(*at) >= STATUS_EVERY)
            })
            .copied()
            .collect();
        ready
            .into_iter()
            .filter_map(|key| {
                let seq = self.held.remove(&key)?;
                self.status_sent.insert(key, now);
                Some(frame_of(key.0, key.1, seq))
            })
            .collect()
    }

    fn forget_old(&mut self, now: Instant) {
        if self.typing_sent.len() > REMEMBERED {
            self.typing_sent
                .retain(|_, at| now.saturating_duration_since(*at) < TYPING_EVERY);
        }
        if self.status_sent.len() > REMEMBERED {
            let held = &self.held;
            self.status_sent.retain(|key, at| {
                held.contains_key(key) || now.saturating_duration_since(*at) < STATUS_EVERY
            });
        }
    }
}

fn frame_of(status: Status, conversation_number: i64, seq: i64) -> ClientFrame {
    match status {
        Status::Delivered => ClientFrame::Delivered {
            conversation_number,
            seq,
        },
        Status::Read => ClientFrame::Read {
            conversation_number,
            seq,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typing(n: i64) -> ClientFrame {
        ClientFrame::Typing {
            conversation_number: n,
            private: false,
        }
    }

    fn read(n: i64, seq: i64) -> ClientFrame {
        ClientFrame::Read {
            conversation_number: n,
            seq,
        }
    }

    #[test]
    fn typing_goes_on_at_most_twice_a_second_per_conversation() {
        let start = Instant::now();
        let mut throttle = FrameThrottle::new(start);
        assert_eq!(throttle.heard(typing(1), start), Heard::Act(typing(1)));
        assert_eq!(
            throttle.heard(typing(1), start + Duration::from_millis(100)),
            Heard::Wait
        );
        // Another conversation is its own.
        assert_eq!(
            throttle.heard(typing(2), start + Duration::from_millis(100)),
            Heard::Act(typing(2))
        );
        assert_eq!(
            throttle.heard(typing(1), start + Duration::from_millis(500)),
            Heard::Act(typing(1))
        );
    }

    #[test]
    fn reads_of_one_conversation_are_merged_into_the_latest() {
        let start = Instant::now();
        let mut throttle = FrameThrottle::new(start);
        assert_eq!(throttle.heard(read(1, 3), start), Heard::Act(read(1, 3)));
        assert_eq!(
            throttle.heard(read(1, 5), start + Duration::from_millis(10)),
            Heard::Wait
        );
        assert_eq!(
            throttle.heard(read(1, 4), start + Duration::from_millis(20)),
            Heard::Wait
        );
        assert_eq!(throttle.next_due(), Some(start + STATUS_EVERY));
        assert!(throttle.due(start + Duration::from_millis(100)).is_empty());
        assert_eq!(throttle.due(start + STATUS_EVERY), vec![read(1, 5)]);
        assert_eq!(throttle.next_due(), None);
        assert!(throttle.due(start + Duration::from_secs(5)).is_empty());
    }

    #[test]
    fn a_flood_is_cut_off_and_a_steady_client_is_not() {
        let start = Instant::now();
        let mut flood = FrameThrottle::new(start);
        let allowed = (0..1000).take_while(|_| flood.counted(start)).count();
        assert_eq!(allowed, BURST as usize);
        let mut steady = FrameThrottle::new(start);
        for i in 0..10_000u64 {
            // Ten frames a second for a quarter of an hour.
            assert!(steady.counted(start + Duration::from_millis(i * 100)));
        }
    }
}
