//! Work that runs by itself while the server is up.

use std::time::Duration;
use switchboard_core::Switchboard;

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
