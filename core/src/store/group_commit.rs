//! Group commit: writes that arrive while the writer is busy wait in a
//! queue, and the next writer to get its turn stores all of them in one
//! transaction, then hands each its own answer. No task of its own: the
//! caller whose turn it is does the work (a leader), the others find their
//! answer waiting when their turn comes.

use std::sync::Mutex;
use tokio::sync::oneshot;

/// The most writes one transaction takes; the rest wait for the next.
const MOST_AT_ONCE: usize = 128;

/// A queue of writes of type `T`, each answered with an `R`.
pub struct GroupCommit<T, R> {
    waiting: Mutex<Vec<(T, oneshot::Sender<R>)>>,
    turn: tokio::sync::Mutex<()>,
}

impl<T, R> Default for GroupCommit<T, R> {
    fn default() -> Self {
        GroupCommit {
            waiting: Mutex::new(Vec::new()),
            turn: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T, R> std::fmt::Debug for GroupCommit<T, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit").finish_non_exhaustive()
    }
}

impl<T, R> GroupCommit<T, R> {
    /// Queues `item` and waits for its answer: `write` stores a batch
    /// (this one and whatever waits with it, in the order they came) and
    /// answers each, in the same order. `None` when the caller that took
    /// this item into its batch went away before answering (its request
    /// was dropped): whether it was stored is then unknown, and the caller
    /// writes it alone (writes here are idempotent).
    pub async fn submit<F, Fut>(&self, item: T, write: F) -> Option<R>
    where
        F: FnOnce(Vec<T>) -> Fut,
        Fut: std::future::Future<Output = Vec<R>>,
    {
        let (answer, mut answered) = oneshot::channel();
        self.lock_waiting().push((item, answer));
        let _turn = self.turn.lock().await;
        match answered.try_recv() {
            Ok(result) => return Some(result),
            Err(oneshot::error::TryRecvError::Closed) => return None,
            Err(oneshot::error::TryRecvError::Empty) => {}
        }
        // Still waiting: this caller leads the next batch, which holds its
        // own item (nobody took it, or it would be answered).
        let batch: Vec<(T, oneshot::Sender<R>)> = {
            let mut waiting = self.lock_waiting();
            let take = waiting.len().min(MOST_AT_ONCE);
            waiting.drain(..take).collect()
        };
        let (items, answers): (Vec<T>, Vec<oneshot::Sender<R>>) = batch.into_iter().unzip();
        let results = write(items).await;
        for (answer, result) in answers.into_iter().zip(results) {
            // A caller that stopped waiting no longer needs its answer.
            let _ = answer.send(result);
        }
        answered.try_recv().ok()
    }

    fn lock_waiting(&self) -> std::sync::MutexGuard<'_, Vec<(T, oneshot::Sender<R>)>> {
        // The queue is only pushed to and drained: a panic elsewhere
        // cannot leave it half-written.
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writes_waiting_together_share_a_batch_and_each_gets_its_answer() {
        let commit = Arc::new(GroupCommit::<u32, u32>::default());
        let batches = Arc::new(Mutex::new(Vec::new()));
        let writers = (0..200u32).map(|i| {
            let (commit, batches) = (commit.clone(), batches.clone());
            tokio::spawn(async move {
                commit
                    .submit(i, |items| async move {
                        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                        batches.lock().unwrap().push(items.len());
                        items.into_iter().map(|i| i * 10).collect()
                    })
                    .await
            })
        });
        let answers: Vec<Option<u32>> = futures::future::join_all(writers)
            .await
            .into_iter()
            .map(|a| a.unwrap())
            .collect();
        assert_eq!(answers, (0..200).map(|i| Some(i * 10)).collect::<Vec<_>>());
        let batches = batches.lock().unwrap();
        assert_eq!(batches.iter().sum::<usize>(), 200);
        assert!(batches.len() < 200, "every write had its own batch");
        assert!(batches.iter().all(|&n| n <= MOST_AT_ONCE));
    }

    #[tokio::test]
    async fn a_leader_that_goes_away_leaves_the_others_to_write_alone() {
        let commit = Arc::new(GroupCommit::<u32, u32>::default());
        // Hold the turn until both writes wait, so one batch takes both.
        let held = commit.turn.lock().await;
        let (started, is_started) = oneshot::channel();
        let leader = {
            let commit = commit.clone();
            tokio::spawn(async move {
                commit
                    .submit(1, |_| async move {
                        let _ = started.send(());
                        std::future::pending::<Vec<u32>>().await
                    })
                    .await
            })
        };
        while commit.lock_waiting().is_empty() {
            tokio::task::yield_now().await;
        }
        let follower = {
            let commit = commit.clone();
            tokio::spawn(async move { commit.submit(2, |items| async move { items }).await })
        };
        while commit.lock_waiting().len() < 2 {
            tokio::task::yield_now().await;
        }
        drop(held);
        is_started.await.unwrap();
        leader.abort();
        // The follower's write was in the batch that was lost: it is told
        // so, and never given a wrong answer.
        assert_eq!(follower.await.unwrap(), None);
        // The queue goes on: the next write is answered.
        assert_eq!(
            commit.submit(3, |items| async move { items }).await,
            Some(3)
        );
    }
}
