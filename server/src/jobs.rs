//! Work that runs by itself while the server is up.

use std::time::Duration;
use switchboard_core::{MailRoute, Switchboard};

/// Runs `job` every `period`, the first time at once: logs how many things
/// it did (as `done` says) when it did any, and a failure, then goes on.
async fn every<F, Fut>(period: Duration, done: &'static str, failed: &'static str, mut job: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = switchboard_core::Result<usize>>,
{
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match job().await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "{done}"),
            Err(e) => tracing::warn!(error = %e, "{failed}; retrying"),
        }
    }
}

/// Wakes snoozed conversations when their time comes. It checks at start,
/// so those that fell due while the server was down wake at once.
pub async fn wake_snoozed(switchboard: Switchboard) {
    every(
        Duration::from_secs(1),
        "snoozed conversations came back",
        "waking snoozed conversations failed",
        || switchboard.wake_due(),
    )
    .await
}

/// Mails agents' replies in e-mail conversations (through their
/// mailbox's SMTP server, else the server-wide `route`), mailboxes'
/// acknowledgements, and the question to the customers of resolved e-mail
/// tickets, every couple of seconds; what could not go out is retried with
/// back-off (kept in the store, so a restart loses nothing).
pub async fn send_mail(switchboard: Switchboard, route: Option<MailRoute>) {
    every(
        Duration::from_secs(2),
        "mails sent",
        "sending mail failed",
        || async {
            let route = route.as_ref();
            let mut sent = switchboard.send_due_mail(route).await?
                + switchboard.send_due_acknowledgements(route).await?;
            if let Some(route) = route {
                sent += switchboard.send_due_rating_mails(route).await?;
            }
            Ok(sent)
        },
    )
    .await
}

/// Takes new mail from the mailboxes' IMAP folders every `period` (each
/// folder read by one node at a time).
pub async fn take_mail(switchboard: Switchboard, period: Duration) {
    every(period, "mails taken", "taking mail failed", || {
        switchboard.take_mail()
    })
    .await
}

/// Gives waiting conversations to agents by each queue's policy, every
/// second (so one that nobody could take goes as soon as someone can).
pub async fn assign_waiting(switchboard: Switchboard) {
    every(
        Duration::from_secs(1),
        "conversations assigned automatically",
        "automatic assignment failed",
        || switchboard.assign_waiting(),
    )
    .await
}

/// Removes files uploaded but never sent (after a week), every hour.
pub async fn remove_unsent_files(switchboard: Switchboard) {
    every(
        Duration::from_secs(60 * 60),
        "files never sent were removed",
        "removing files never sent failed",
        || switchboard.remove_unsent_files(),
    )
    .await
}

/// An agent marked online with no tab open for five minutes becomes away.
pub async fn mark_absent_agents_away(switchboard: Switchboard) {
    const ABSENT_FOR_MS: i64 = 5 * 60 * 1000;
    let mut absent_since = std::collections::HashMap::new();
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match switchboard
            .mark_absent_agents_away(&mut absent_since, ABSENT_FOR_MS)
            .await
        {
            Ok(0) => {}
            Ok(marked) => tracing::info!(marked, "agents with no open tab are away now"),
            Err(e) => tracing::warn!(error = %e, "marking absent agents away failed; retrying"),
        }
    }
}

/// Queues new conversation and message events for the webhooks and sends
/// what is due, every second.
pub async fn send_webhooks(switchboard: Switchboard) {
    let sender = match switchboard_core::webhooks::Sender::new(switchboard.webhook_reach()) {
        Ok(sender) => sender,
        Err(e) => {
            tracing::error!(error = %e, "webhooks cannot be sent");
            return;
        }
    };
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = switchboard.enqueue_webhook_events().await {
            tracing::warn!(error = %e, "queuing webhook events failed; retrying");
        }
        match switchboard.deliver_webhooks(&sender).await {
            Ok(0) => {}
            Ok(delivered) => tracing::debug!(delivered, "webhook deliveries arrived"),
            Err(e) => tracing::warn!(error = %e, "sending webhooks failed; retrying"),
        }
    }
}

/// Tells the open widgets on this node, within a second, when whether a
/// customer can chat changes (working hours, agents coming and going).
pub async fn announce_widget_status(switchboard: Switchboard) {
    let mut last = None;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match switchboard.announce_widget_status(&mut last).await {
            Ok(false) => {}
            Ok(true) => tracing::info!(online = last, "the widget's status changed"),
            Err(e) => tracing::warn!(error = %e, "reading the widget's status failed; retrying"),
        }
    }
}
