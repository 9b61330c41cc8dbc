//! A message's progress as ticks: one grey (stored), two grey (on the
//! recipient's screen), two blue (read), a red mark (failed). Hovering
//! shows when each step happened.

use super::clock_time;
use leptos::prelude::*;
use switchboard_types::{Message, MessageStatus};

/// The hover text: each step and its time.
pub fn status_times(message: &Message) -> String {
    let mut steps = vec![format!("Sent {}", clock_time(&message.created_at))];
    if let Some(at) = &message.delivered_at {
        steps.push(format!("Delivered {}", clock_time(at)));
    }
    if let Some(at) = &message.read_at {
        steps.push(format!("Read {}", clock_time(at)));
    }
    if message.status == MessageStatus::Failed {
        steps.push("Failed".into());
    }
    steps.join(" · ")
}

#[component]
pub fn Ticks(message: Message) -> impl IntoView {
    let (marks, class, label) = match message.status {
        MessageStatus::Sent => ("✓", "ticks", "sent"),
        MessageStatus::Delivered => ("✓✓", "ticks", "delivered"),
        MessageStatus::Read => ("✓✓", "ticks read", "read"),
        MessageStatus::Failed => ("!", "ticks failed", "failed"),
    };
    view! {
        <span class=class title=status_times(&message) data-testid="ticks" data-status=label aria-label=label>
            {marks}
        </span>
    }
}
