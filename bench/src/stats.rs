//! Latencies as they arrive, summarised.

use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Default)]
pub struct Latencies(Arc<Mutex<Vec<Duration>>>);

impl Latencies {
    pub fn record(&self, latency: Duration) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(latency);
    }

    /// How many were recorded.
    pub fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Those recorded so far, taken out: recording goes on afresh.
    pub fn take(&self) -> Latencies {
        let taken = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        Latencies(Arc::new(Mutex::new(taken)))
    }

    /// p50, p99, max and how many were recorded.
    pub fn summary(&self) -> (Duration, Duration, Duration, usize) {
        self.summary_at(0.99)
    }

    /// p50, the `high` quantile, max and how many were recorded.
    pub fn summary_at(&self, high: f64) -> (Duration, Duration, Duration, usize) {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        all.sort_unstable();
        let at = |q: f64| {
            if all.is_empty() {
                Duration::ZERO
            } else {
                all[((all.len() - 1) as f64 * q).round() as usize]
            }
        };
        (
            at(0.50),
            at(high),
            all.last().copied().unwrap_or_default(),
            all.len(),
        )
    }
}
