//! `appendfsync always` as a group commit: replies wait for the fsync of
//! the AOF bytes they may depend on, and one fsync covers every input
//! appended before it began.
//!
//! Redis fsyncs once per event-loop turn, after all the clients that were
//! ready have run and before any reply is written. Fsyncing after each
//! input instead (under the core's lock) costs one fsync per client read:
//! with 50 clients that is 50 times the fsyncs, and each blocks the whole
//! server. Here inputs only append; a connection about to write output
//! asks for everything appended so far to be made durable and waits (its
//! mailbox is notified). One thread of its own does the fsyncs, outside
//! every lock, one after the other: each covers everything appended
//! before it began, so the inputs that arrive while one fsync runs share
//! the next, and the server keeps serving meanwhile.
//!
//! Positions are counts of AOF bytes appended since start (monotonic,
//! never reset by a rewrite). A failed fsync marks its range: a reply that
//! waits on bytes in it is never sent (its client is closed without it),
//! even if a later fsync succeeds, because Linux reports a lost write-back
//! once and a retry can succeed without the data.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use crate::mailbox::Mailbox;

#[derive(Default)]
pub struct GroupCommit {
    /// Bytes appended under `always` that replies may wait on.
    appended: AtomicU64,
    /// Bytes known durable.
    synced: AtomicU64,
    /// The end of the last range whose fsync failed.
    failed: AtomicU64,
    /// The highest position a connection waits for, and the fsync
    /// thread's wake-up.
    wanted: Mutex<u64>,
    wake: Condvar,
    /// The mailboxes of the connections waiting, notified after each
    /// fsync (they look again and wait again if it did not cover them).
    waiters: Mutex<Vec<Arc<Mailbox>>>,
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

    /// Bytes appended so far.
    pub fn position(&self) -> u64 {
        self.appended.load(Ordering::Acquire)
    }

    /// The position output taken now must wait for, or `None` when
    /// everything appended is durable already.
    pub fn pending(&self) -> Option<u64> {
        let need = self.appended.load(Ordering::Acquire);
        (need > self.synced.load(Ordering::Acquire)).then_some(need)
    }

    /// Asks for an fsync covering `need`; `mailbox` is notified after the
    /// next fsync ends. The caller looks at [`GroupCommit::settled`] after
    /// this (an fsync may have ended just before) and before waiting.
    pub fn request(&self, need: u64, mailbox: &Arc<Mailbox>) {
        self.waiters
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(mailbox.clone());
        let mut wanted = self.wanted.lock().unwrap_or_else(PoisonError::into_inner);
        if *wanted < need {
            *wanted = need;
            self.wake.notify_one();
        }
    }

    /// The fsync thread's turn: blocks until a position is wanted that is
    /// neither durable nor failed, runs `sync` (which covers everything
    /// appended when it begins), records its outcome and wakes the waiters.
    pub fn sync_when_wanted(&self, sync: impl FnOnce() -> Synced) {
        {
            let mut wanted = self.wanted.lock().unwrap_or_else(PoisonError::into_inner);
            while self.settled(*wanted).is_some() {
                wanted = self
                    .wake
                    .wait(wanted)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        }
        self.finished(sync());
    }

    /// Whether a position is wanted that is neither durable nor failed:
    /// what the fsync thread waits for (the crash simulation, which runs
    /// the thread's steps itself, asks instead of blocking).
    pub fn is_wanted(&self) -> bool {
        let wanted = *self.wanted.lock().unwrap_or_else(PoisonError::into_inner);
        self.settled(wanted).is_none()
    }

    /// Records an fsync's outcome and wakes the waiters (they look again
    /// with [`GroupCommit::settled`]).
    pub fn finished(&self, outcome: Synced) {
        if outcome.ok {
            self.synced.fetch_max(outcome.upto, Ordering::AcqRel);
        } else {
            self.failed.fetch_max(outcome.upto, Ordering::AcqRel);
        }
        let waiters =
            std::mem::take(&mut *self.waiters.lock().unwrap_or_else(PoisonError::into_inner));
        for mailbox in waiters {
            mailbox.notify();
        }
    }

    /// `Some(false)` if `need` reaches into a range whose fsync failed
    /// (checked first: a later successful fsync does not bring lost
    /// write-back back), `Some(true)` if it is durable, `None` if it is
    /// still to be done.
    pub fn settled(&self, need: u64) -> Option<bool> {
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
    use futures_lite::future;

    fn ok(upto: u64) -> Synced {
        Synced { upto, ok: true }
    }

    #[test]
    fn nothing_appended_needs_no_fsync() {
        let commit = GroupCommit::default();
        assert_eq!(commit.pending(), None);
        commit.appended(10);
        assert_eq!(commit.pending(), Some(10));
        assert_eq!(commit.settled(10), None);
        let mailbox = Arc::new(Mailbox::default());
        commit.request(10, &mailbox);
        commit.sync_when_wanted(|| ok(10));
        assert_eq!(commit.settled(10), Some(true));
        assert_eq!(commit.pending(), None);
        // The waiter was woken.
        assert_eq!(
            future::block_on(future::poll_once(mailbox.notified())),
            Some(())
        );
    }

    #[test]
    fn one_fsync_covers_every_input_appended_before_it() {
        let commit = GroupCommit::default();
        let (a, b) = (Arc::new(Mailbox::default()), Arc::new(Mailbox::default()));
        commit.appended(5);
        commit.request(commit.pending().unwrap(), &a);
        commit.appended(9);
        commit.request(commit.pending().unwrap(), &b);
        let mut calls = 0;
        commit.sync_when_wanted(|| {
            calls += 1;
            ok(9)
        });
        assert_eq!(calls, 1);
        assert_eq!(
            (commit.settled(5), commit.settled(9)),
            (Some(true), Some(true))
        );
        for mailbox in [&a, &b] {
            assert_eq!(
                future::block_on(future::poll_once(mailbox.notified())),
                Some(())
            );
        }
    }

    #[test]
    fn replies_waiting_on_a_failed_range_never_go_out() {
        let commit = GroupCommit::default();
        let mailbox = Arc::new(Mailbox::default());
        commit.appended(8);
        commit.request(8, &mailbox);
        commit.sync_when_wanted(|| Synced { upto: 8, ok: false });
        assert_eq!(commit.settled(8), Some(false));
        assert_eq!(commit.settled(4), Some(false));
        // Output after the failure waits on new bytes, made durable by a
        // new fsync...
        commit.appended(12);
        assert_eq!(commit.pending(), Some(12));
        commit.request(12, &mailbox);
        commit.sync_when_wanted(|| ok(12));
        assert_eq!(commit.settled(12), Some(true));
        // ...which does not release the replies that waited on the lost
        // range.
        assert_eq!(commit.settled(8), Some(false));
    }

    #[test]
    fn the_fsync_thread_serves_waiters_until_all_are_durable() {
        let commit = Arc::new(GroupCommit::default());
        let fsyncs = Arc::new(AtomicU64::new(0));
        let syncer = {
            let (commit, fsyncs) = (commit.clone(), fsyncs.clone());
            std::thread::spawn(move || {
                while fsyncs.load(Ordering::SeqCst) < u64::MAX {
                    commit.sync_when_wanted(|| {
                        fsyncs.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        ok(commit.appended.load(Ordering::Acquire))
                    });
                    if commit.settled(u64::MAX - 1) == Some(true) {
                        return;
                    }
                }
            })
        };
        let clients: Vec<_> = (1..=8u64)
            .map(|i| {
                let commit = commit.clone();
                std::thread::spawn(move || {
                    let mailbox = Arc::new(Mailbox::default());
                    for round in 0..20 {
                        commit.appended(round * 100 + i);
                        let need = commit.pending().unwrap_or(0);
                        loop {
                            if let Some(done) = commit.settled(need) {
                                assert!(done);
                                break;
                            }
                            commit.request(need, &mailbox);
                            if commit.settled(need).is_some() {
                                continue;
                            }
                            future::block_on(mailbox.notified());
                        }
                    }
                })
            })
            .collect();
        for client in clients {
            client.join().unwrap();
        }
        // Lets the fsync thread end.
        commit.appended(u64::MAX - 1);
        commit.request(u64::MAX - 1, &Arc::new(Mailbox::default()));
        syncer.join().unwrap();
        assert!(fsyncs.load(Ordering::SeqCst) < 8 * 20, "fsyncs are shared");
    }
}
