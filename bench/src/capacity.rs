//! How many clients one broadcast reaches in time, the way the websocket
//! shootout measures it: clients join in steps; after each step one
//! sender's messages go out one at a time, each waiting for every
//! client's receipt (or five seconds), and the step's p95 is taken over
//! all its receipts. The climb stops at the first step over 500 ms or
//! missing a receipt, or at the most clients asked for.

use crate::stats::Latencies;
use crate::{record_latencies, Sent, Socket};
use std::future::Future;
use std::time::{Duration, Instant};

/// The p95 a step may reach and still count.
const LIMIT: Duration = Duration::from_millis(500);

/// How long one broadcast may take to reach every client.
const PATIENCE: Duration = Duration::from_secs(5);

/// The climb's steps.
pub struct Steps {
    /// Clients added at each step.
    pub step: usize,
    /// The most clients.
    pub max: usize,
    /// Messages broadcast at each step.
    pub broadcasts: u64,
}

/// Climbs, printing each step under `name`: `open` adds a client,
/// `send(id)` broadcasts message `id`. Answers the most clients a step
/// reached within the limit with every receipt, and whether the climb
/// ended on a step that missed receipts.
pub async fn climb<Open, Opening, Send, Sending>(
    name: &str,
    steps: &Steps,
    open: Open,
    send: Send,
) -> anyhow::Result<(usize, bool)>
where
    Open: Fn() -> Opening,
    Opening: Future<Output = anyhow::Result<Socket>>,
    Send: Fn(u64) -> Sending,
    Sending: Future<Output = ()>,
{
    println!("{name}");
    let sent = Sent::default();
    let latencies = Latencies::default();
    let (mut clients, mut reached, mut id) = (0, 0, 0);
    while clients < steps.max {
        for _ in 0..steps.step.min(steps.max - clients) {
            record_latencies(open().await?, sent.clone(), latencies.clone());
            clients += 1;
        }
        // The new streams are listening before anything is sent.
        tokio::time::sleep(Duration::from_millis(300)).await;
        for _ in 0..steps.broadcasts {
            let wanted = latencies.len() + clients;
            sent.lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id, Instant::now());
            send(id).await;
            let deadline = Instant::now() + PATIENCE;
            while latencies.len() < wanted && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            id += 1;
        }
        let step = latencies.take();
        let (p50, p95, max, received) = step.summary_at(0.95);
        let expected = clients * steps.broadcasts as usize;
        println!(
            "  {clients:>6} clients   p50 {:.1} ms   p95 {:.1} ms   max {:.1} ms   ({received} of {expected} receipts)",
            p50.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3
        );
        if received < expected {
            return Ok((reached, true));
        }
        if p95 > LIMIT {
            break;
        }
        reached = clients;
    }
    Ok((reached, false))
}
