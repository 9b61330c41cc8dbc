//! Messages written but not yet acknowledged by the server. Each gets its
//! `client_id` when written and keeps it through every retry, so the server
//! stores it once however often it is sent. The outbox lives in the
//! browser's storage too: a reload or a lost connection loses nothing, and
//! what waits is sent again on reconnect, in the order it was written.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    pub client_id: String,
    /// The conversation it answers (agents); the widget's go to the open one.
    pub conversation_number: Option<i64>,
    /// The staff chat channel it is written in, instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<i64>,
    pub body: String,
    /// An offline message from the widget: where the answer is e-mailed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_email: Option<String>,
    pub private: bool,
    pub signed: bool,
    /// Files uploaded already, sent with it (by id).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<switchboard_types::Attachment>,
    /// Why the server refused it; it waits for Retry or Discard.
    pub failed: Option<String>,
}

impl Outgoing {
    pub fn new(
        conversation_number: Option<i64>,
        body: String,
        private: bool,
        signed: bool,
    ) -> Self {
        Outgoing {
            client_id: uuid::Uuid::new_v4().to_string(),
            conversation_number,
            channel_id: None,
            body,
            reply_email: None,
            private,
            signed,
            attachments: Vec::new(),
            failed: None,
        }
    }

    /// A customer's offline message, answered by e-mail at `email`.
    pub fn offline(email: String, body: String) -> Self {
        Outgoing {
            reply_email: Some(email),
            ..Outgoing::new(None, body, false, false)
        }
    }

    /// A message for a staff chat channel.
    pub fn chat(channel_id: i64, body: String) -> Self {
        Outgoing {
            channel_id: Some(channel_id),
            ..Outgoing::new(None, body, false, true)
        }
    }
}

/// Why a send did not go through.
pub enum SendFailure {
    /// The server could not be reached: try again later.
    Unreachable,
    /// The server said no: show why.
    Refused(String),
}

#[derive(Clone, Copy)]
pub struct Outbox {
    key: StoredValue<String>,
    pub items: RwSignal<Vec<Outgoing>>,
    flushing: RwSignal<bool>,
}

impl Outbox {
    /// The outbox kept under `key` in the browser's storage; empty until
    /// [`Outbox::restore`] (so the page hydrates as the server drew it).
    pub fn new(key: String) -> Self {
        Outbox {
            items: RwSignal::new(Vec::new()),
            key: StoredValue::new(key),
            flushing: RwSignal::new(false),
        }
    }

    /// Takes back what an earlier page left waiting.
    pub fn restore(self) {
        let saved = load(&self.key.get_value());
        self.items.update(|items| {
            let mut merged: Vec<Outgoing> = saved
                .into_iter()
                .filter(|o| !items.iter().any(|known| known.client_id == o.client_id))
                .collect();
            merged.append(items);
            *items = merged;
        });
    }

    fn save(self) {
        self.items
            .with_untracked(|items| store(&self.key.get_value(), items));
    }

    pub fn push(self, outgoing: Outgoing) {
        self.items.update(|items| items.push(outgoing));
        self.save();
    }

    pub fn discard(self, client_id: &str) {
        self.items
            .update(|items| items.retain(|o| o.client_id != client_id));
        self.save();
    }

    /// Clears a refusal so the next flush sends it again.
    pub fn retry(self, client_id: &str) {
        self.items.update(|items| {
            if let Some(o) = items.iter_mut().find(|o| o.client_id == client_id) {
                o.failed = None;
            }
        });
        self.save();
    }

    /// Whether something waits to be sent (not counting refusals).
    pub fn waiting(self) -> bool {
        self.items
            .with_untracked(|items| items.iter().any(|o| o.failed.is_none()))
    }

    /// Calls `flush` every few seconds while something waits, for the
    /// page's lifetime: a send that found the network down goes again even
    /// when the live stream never noticed.
    #[cfg(feature = "browser")]
    pub fn keep_flushing(self, flush: impl Fn() + 'static) {
        gloo_timers::callback::Interval::new(3_000, move || {
            if self.waiting() && !self.flushing.get_untracked() {
                flush();
            }
        })
        .forget();
    }

    /// Sends what waits, oldest first, with `send`; stops at the first
    /// that cannot reach the server (the rest would not either, and order
    /// matters). Refused ones stay, marked, until retried or discarded.
    pub async fn flush<F, Fut>(self, send: F)
    where
        F: Fn(Outgoing) -> Fut,
        Fut: std::future::Future<Output = Result<(), SendFailure>>,
    {
        if self.flushing.get_untracked() {
            return;
        }
        self.flushing.set(true);
        loop {
            let next = self
                .items
                .with_untracked(|items| items.iter().find(|o| o.failed.is_none()).cloned());
            let Some(outgoing) = next else { break };
            let client_id = outgoing.client_id.clone();
            match send(outgoing).await {
                Ok(()) => self.discard(&client_id),
                Err(SendFailure::Unreachable) => break,
                Err(SendFailure::Refused(reason)) => {
                    self.items.update(|items| {
                        if let Some(o) = items.iter_mut().find(|o| o.client_id == client_id) {
                            o.failed = Some(reason.clone());
                        }
                    });
                    self.save();
                }
            }
        }
        self.flushing.set(false);
    }
}

fn load(key: &str) -> Vec<Outgoing> {
    crate::saved::load(key).unwrap_or_default()
}

fn store(key: &str, items: &[Outgoing]) {
    if items.is_empty() {
        crate::saved::set_text(key, None);
    } else {
        crate::saved::save(key, &items);
    }
}
