//! `appendfsync always` as a group commit: replies wait for the fsync of
//! the AOF bytes they may depend on, and one fsync covers every input
//! appended before it began.
//!
//! Redis fsyncs once per event-loop turn, after all the clients that were
//! ready have run and before any reply is written. Fsyncing after each
//! input instead (under the core's lock) costs one fsync per client read:
//! with 50 clients that is 50 times the fsyncs, and each blocks the whole
//! server. Here inputs only append; a connection about to write output
//! first makes everything appended so far durable, unless an fsync that
//! began after it already did.
//!
//! Positions are counts of AOF bytes appended since start (monotonic,
//! never reset by a rewrite). A failed fsync marks its range: a reply that
//! waits on bytes in it is never sent (its client is closed without it),
//! even if a later fsync succeeds, because Linux reports a lost write-back
//! once and a retry can succeed without the data.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

#[derive(Default)]
pub struct GroupCommit {
    /// Bytes appended under `always` that replies may wait on.
    appended: AtomicU64,
    /// Bytes known durable.
    synced: AtomicU64,
    /// The end of the last range whose fsync failed.
    failed: AtomicU64,
    /// One fsync at a time: a waiter that finds one running waits for it
    /// and is usually covered by it.
    syncing: Mutex<()>,
}

/// What an fsync attempt covered: every byte before `upto`, or, on error,
/// none of those not covered before.
pub struct Synced {
    pub upto: u64,
    pub ok: bool,
}

impl GroupCommit {
    /// Records that bytes up to `position` were appended (under
    /// `always`): output taken from now on waits for them.
    pub fn appended(&self, position: u64) {
        self.appended.fetch_max(position, Ordering::AcqRel);
    }

    /// The position output taken now must wait for, or `None` when
    /// everything appended is durable already.
    pub fn pending(&self) -> Option<u64> {
        let need = self.appended.load(Ordering::Acquire);
        (need > self.synced.load(Ordering::Acquire)).then_some(need)
    }

    /// Makes bytes up to `need` durable with `sync` (called at most once,
    /// and not at all if another fsync covered them). False when they are
    /// in a range whose fsync failed: the replies must not go out.
    pub fn make_durable(&self, need: u64, sync: impl FnOnce() -> Synced) -> bool {
        if let Some(done) = self.settled(need) {
            return done;
        }
        let _one = self.syncing.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(done) = self.settled(need) {
            return done;
        }
        let outcome = sync();
        if outcome.ok {
            self.synced.fetch_max(outcome.upto, Ordering::AcqRel);
        } else {
            self.failed.fetch_max(outcome.upto, Ordering::AcqRel);
        }
        self.settled(need).unwrap_or(false)
    }

    /// `Some(false)` if `need` reaches into a range whose fsync failed
    /// (checked first: a later successful fsync does not bring lost
    /// write-back back), `Some(true)` if it is durable, `None` if it is
    /// still to be done.
    fn settled(&self, need: u64) -> Option<bool> {
        if need <= self.failed.load(Ordering::Acquire) {
            Some(false)
        } else if need <= self.synced.load(Ordering::Acquire) {
            Some(true)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn ok(upto: u64) -> Synced {
        Synced { upto, ok: true }
    }

    #[test]
    fn nothing_appended_needs_no_fsync() {
        let commit = GroupCommit::default();
        assert_eq!(commit.pending(), None);
        commit.appended(10);
        assert_eq!(commit.pending(), Some(10));
        assert!(commit.make_durable(10, || ok(10)));
        assert_eq!(commit.pending(), None);
    }

    #[test]
    fn one_fsync_covers_every_input_appended_before_it() {
        let commit = GroupCommit::default();
        let calls = Cell::new(0);
        commit.appended(5);
        let first = commit.pending().unwrap();
        commit.appended(9);
        let second = commit.pending().unwrap();
        // The first waiter's fsync covers what was appended when it ran.
        assert!(commit.make_durable(first, || {
            calls.set(calls.get() + 1);
            ok(9)
        }));
        assert!(commit.make_durable(second, || {
            calls.set(calls.get() + 1);
            ok(9)
        }));
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn replies_waiting_on_a_failed_range_never_go_out() {
        let commit = GroupCommit::default();
        commit.appended(8);
        assert!(!commit.make_durable(8, || Synced { upto: 8, ok: false }));
        assert!(!commit.make_durable(4, || unreachable!()));
        // Output after the failure waits on new bytes, made durable by a
        // new fsync...
        commit.appended(12);
        assert_eq!(commit.pending(), Some(12));
        assert!(commit.make_durable(12, || ok(12)));
        // ...which does not release the replies that waited on the lost
        // range.
        assert!(!commit.make_durable(8, || unreachable!()));
    }

    #[test]
    fn concurrent_waiters_share_fsyncs() {
        use std::sync::atomic::AtomicUsize;
        use std::sync::Arc;
        let commit = Arc::new(GroupCommit::default());
        let fsyncs = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (1..=8u64)
            .map(|i| {
                let (commit, fsyncs) = (commit.clone(), fsyncs.clone());
                std::thread::spawn(move || {
                    commit.appended(i);
                    let need = commit.pending().unwrap_or(0);
                    commit.make_durable(need, || {
                        fsyncs.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        ok(commit.appended.load(Ordering::Acquire))
                    })
                })
            })
            .collect();
        for t in threads {
            assert!(t.join().unwrap());
        }
        assert_eq!(commit.pending(), None);
        assert!(fsyncs.load(Ordering::SeqCst) <= 8);
    }
}
