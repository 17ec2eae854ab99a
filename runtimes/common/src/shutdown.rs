//! Stopping gracefully: a stop signal every task can wait for, and a count
//! of connections with replies in flight that the stopping server waits to
//! reach zero, both without polling.
//!
//! A connection holds an [`InFlight`] guard from the moment it has read a
//! batch until its replies are written; the guard is a clone of a channel
//! sender, so "every guard dropped" is the channel closing, which
//! [`Shutdown::drained`] awaits.

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use futures_lite::future;

/// How long a stopping server waits for replies in flight to go out.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

pub struct Shutdown {
    /// Closed (never sent on) when the server is to stop.
    stop: (async_channel::Sender<()>, async_channel::Receiver<()>),
    /// Cloned into every [`InFlight`] guard; never sent on. Taken (and
    /// dropped) by [`Shutdown::drained`].
    in_flight: Mutex<Option<async_channel::Sender<()>>>,
    all_landed: async_channel::Receiver<()>,
}

/// Held while a connection has replies in flight; dropping it (the batch
/// done, or the task gone) counts it out.
pub struct InFlight(#[allow(dead_code)] async_channel::Sender<()>);

impl Default for Shutdown {
    fn default() -> Self {
        let (in_flight, all_landed) = async_channel::bounded(1);
        Shutdown {
            stop: async_channel::bounded(1),
            in_flight: Mutex::new(Some(in_flight)),
            all_landed,
        }
    }
}

impl Shutdown {
    /// Asks the server to stop. Idempotent.
    pub fn request(&self) {
        self.stop.0.close();
    }

    pub fn is_requested(&self) -> bool {
        self.stop.0.is_closed()
    }

    /// Completes once a stop has been requested.
    pub async fn requested(&self) {
        let _ = self.stop.1.recv().await;
    }

    /// Runs `work` unless a stop is requested first (`None` then).
    pub async fn unless_requested<T>(&self, work: impl Future<Output = T>) -> Option<T> {
        future::or(async { Some(work.await) }, async {
            self.requested().await;
            None
        })
        .await
    }

    /// A guard for a batch whose replies are about to be produced (`None`
    /// once draining has begun: nothing waits for it any more).
    pub fn enter(&self) -> Option<InFlight> {
        self.senders()
            .as_ref()
            .map(|sender| InFlight(sender.clone()))
    }

    fn senders(&self) -> MutexGuard<'_, Option<async_channel::Sender<()>>> {
        self.in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// After the accept loop has stopped: completes when no connection has
    /// replies in flight, or when `grace` completes (the runtime's sleep of
    /// [`SHUTDOWN_GRACE`]).
    pub async fn drained<S: Future>(&self, grace: S) {
        drop(self.senders().take());
        future::or(
            async {
                // Errs once every guard is dropped (nothing is ever sent).
                let _ = self.all_landed.recv().await;
            },
            async {
                grace.await;
            },
        )
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drained_waits_for_the_last_guard_only() {
        let shutdown = Shutdown::default();
        let guard = shutdown.enter();
        let mut drained = Box::pin(shutdown.drained(future::pending::<()>()));
        assert!(future::block_on(future::poll_once(&mut drained)).is_none());
        drop(guard);
        future::block_on(drained);
        assert!(shutdown.all_landed.is_closed());
        assert!(shutdown.enter().is_none(), "no guards once drained");
    }

    #[test]
    fn drained_gives_up_after_the_grace() {
        let shutdown = Shutdown::default();
        let _stuck = shutdown.enter();
        future::block_on(shutdown.drained(future::ready(())));
    }

    #[test]
    fn stop_requests_are_seen_by_every_waiter() {
        let shutdown = Shutdown::default();
        assert!(!shutdown.is_requested());
        shutdown.request();
        shutdown.request();
        future::block_on(shutdown.requested());
        assert_eq!(
            future::block_on(shutdown.unless_requested(future::pending::<()>())),
            None
        );
    }
}
