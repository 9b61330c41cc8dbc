//! Work that runs by itself while the server is up.

use std::time::Duration;
use switchboard_core::{MailRoute, Switchboard};

/// Wakes snoozed conversations when their time comes. It checks at start,
/// so those that fell due while the server was down wake at once.
pub async fn wake_snoozed(switchboard: Switchboard) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match switchboard.wake_due().await {
            Ok(0) => {}
            Ok(woken) => tracing::info!(woken, "snoozed conversations came back"),
            Err(e) => tracing::warn!(error = %e, "waking snoozed conversations failed; retrying"),
        }
    }
}

/// Mails agents' replies in e-mail conversations, every couple of seconds;
/// what could not go out is retried with back-off (kept in the store, so a
/// restart loses nothing).
pub async fn send_mail(switchboard: Switchboard, route: MailRoute) {
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match switchboard.send_due_mail(&route).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "replies mailed"),
            Err(e) => tracing::warn!(error = %e, "mailing replies failed; retrying"),
        }
    }
}
