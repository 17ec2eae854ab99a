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
//! never reset by a rewrite).
//!
//! ## A failed fsync, and the recovery
//!
//! A failed fsync marks its range as of unknown durability, and a retry
//! does not clear it: Linux reports a lost write-back once, and a later
//! fsync of the same file can succeed without the data (the bytes after
//! the hole are no better: the file no longer loads past it). So from a
//! failure on, nothing past the last position known durable is
//! released by any fsync, and every reply waits (all output waits for
//! everything appended so far, reads included: a read may show a write
//! whose bytes were lost).
//!
//! The bytes are made durable another way: the dataset in memory is the
//! truth, so the adapter starts an AOF rewrite (aof.rs: a new base from
//! memory, a new incremental file and the manifest swap, all fsynced,
//! directory fsynced; retried once a second while the disk fails). When
//! a rewrite is in place, every position appended before its start is
//! durable through the new base ([`GroupCommit::recovered`]); if that
//! reaches past every failed range, the failure is resolved, and what a
//! successful fsync covered since is durable too (those fsyncs were of
//! the incremental files opened at or after the rewrite's start, since a
//! handle covers only bytes appended before it was taken, and a failed
//! fsync there would be a later failure, still unresolved).
//!
//! Output waiting on a failed range waits for that recovery, but not
//! for ever: connection.rs closes its client without it after
//! `RECOVERY_WAIT` (a client blocked on a disk that stays broken learns
//! it by the closed connection, as before the recovery existed; a read
//! whose reply was held only for the recovery then goes out a moment
//! later instead of never). A closed client's replies are dropped, so
//! its writes were never acknowledged; a released reply only ever shows
//! state that is in the new base or fsynced after it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use crate::mailbox::Mailbox;

#[derive(Default)]
pub struct GroupCommit {
    /// Bytes appended under `always` that replies may wait on.
    appended: AtomicU64,
    /// Every byte before this position is known durable: covered by a
    /// successful fsync with no unresolved failure before it, or by a
    /// rewrite's base.
    durable: AtomicU64,
    /// The highest position a successful fsync covered (past `durable`
    /// while a failure is unresolved).
    synced: AtomicU64,
    /// The end of the last range whose fsync failed; unresolved while it
    /// is past `durable`.
    failed: AtomicU64,
    /// Serializes the updates of `durable`, `synced` and `failed` (the
    /// fsync thread and the snapshot writer both make them); readers only
    /// load the atomics.
    update: Mutex<()>,
    /// The highest position a connection waits for, and the fsync
    /// thread's wake-up.
    wanted: Mutex<u64>,
    wake: Condvar,
    /// The mailboxes of the connections waiting, notified after each
    /// fsync and each recovery (they look again and wait again if it did
    /// not cover them).
    waiters: Mutex<Vec<Arc<Mailbox>>>,
}

/// What an fsync attempt covered: every byte before `upto`, or, on error,
/// none of those not covered before.
pub struct Synced {
    pub upto: u64,
    pub ok: bool,
}

/// Where a position stands, for output waiting on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    /// Durable: the output may go out.
    Durable,
    /// An fsync covering it is to be done (or under way).
    Syncing,
    /// It reaches past a failed fsync's range that no rewrite has made
    /// durable yet: wait for the recovery (with a bound), else close the
    /// client without its output.
    Failed,
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
        (need > self.durable.load(Ordering::Acquire)).then_some(need)
    }

    /// Asks for an fsync covering `need`; `mailbox` is notified after the
    /// next fsync or recovery ends. The caller looks at
    /// [`GroupCommit::settled`] after this (one may have ended just
    /// before) and before waiting.
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

    /// The fsync thread's turn: blocks until a position is wanted that no
    /// fsync has covered or failed on yet, runs `sync` (which covers
    /// everything appended when it begins), records its outcome and wakes
    /// the waiters.
    pub fn sync_when_wanted(&self, sync: impl FnOnce() -> Synced) {
        {
            let mut wanted = self.wanted.lock().unwrap_or_else(PoisonError::into_inner);
            while !self.needs_sync(*wanted) {
                wanted = self
                    .wake
                    .wait(wanted)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        }
        self.finished(sync());
    }

    /// Whether an fsync is to be tried for `need`: no fsync covered it,
    /// successfully or not (a retry of a failed range proves nothing; the
    /// recovery makes it durable), and it is not durable otherwise.
    fn needs_sync(&self, need: u64) -> bool {
        need > self.durable.load(Ordering::Acquire)
            && need > self.synced.load(Ordering::Acquire)
            && need > self.failed.load(Ordering::Acquire)
    }

    /// Whether a position is wanted that an fsync is to be tried for: what
    /// the fsync thread waits for (the crash simulation, which runs the
    /// thread's steps itself, asks instead of blocking).
    pub fn is_wanted(&self) -> bool {
        let wanted = *self.wanted.lock().unwrap_or_else(PoisonError::into_inner);
        self.needs_sync(wanted)
    }

    /// Records an fsync's outcome and wakes the waiters (they look again
    /// with [`GroupCommit::settled`]).
    pub fn finished(&self, outcome: Synced) {
        {
            let _update = self.update.lock().unwrap_or_else(PoisonError::into_inner);
            if outcome.ok {
                self.synced.fetch_max(outcome.upto, Ordering::AcqRel);
                if !self.unresolved() {
                    self.durable.fetch_max(outcome.upto, Ordering::AcqRel);
                }
            } else {
                self.failed.fetch_max(outcome.upto, Ordering::AcqRel);
            }
        }
        self.wake_waiters();
    }

    /// An AOF rewrite is in place (its base fsynced, renamed, the manifest
    /// naming it durable): every position before `upto`, where the
    /// rewrite began, is durable through the base. When that resolves
    /// every failed range, the fsyncs that succeeded since count again
    /// (see the module docs). Wakes the waiters.
    pub fn recovered(&self, upto: u64) {
        {
            let _update = self.update.lock().unwrap_or_else(PoisonError::into_inner);
            self.durable.fetch_max(upto, Ordering::AcqRel);
            if !self.unresolved() {
                let synced = self.synced.load(Ordering::Acquire);
                self.durable.fetch_max(synced, Ordering::AcqRel);
            }
        }
        self.wake_waiters();
    }

    /// Whether a failed fsync's range is not durable yet.
    fn unresolved(&self) -> bool {
        self.failed.load(Ordering::Acquire) > self.durable.load(Ordering::Acquire)
    }

    fn wake_waiters(&self) {
        let waiters =
            std::mem::take(&mut *self.waiters.lock().unwrap_or_else(PoisonError::into_inner));
        for mailbox in waiters {
            mailbox.notify();
        }
    }

    /// Where output waiting on `need` stands. Durable first: a recovery
    /// makes a failed range durable; past the durable prefix, an
    /// unresolved failure holds everything (a later successful fsync does
    /// not bring lost write-back back).
    pub fn settled(&self, need: u64) -> Settled {
        if need <= self.durable.load(Ordering::Acquire) {
            Settled::Durable
        } else if self.unresolved() {
            Settled::Failed
        } else {
            Settled::Syncing
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
        assert_eq!(commit.settled(10), Settled::Syncing);
        let mailbox = Arc::new(Mailbox::default());
        commit.request(10, &mailbox);
        commit.sync_when_wanted(|| ok(10));
        assert_eq!(commit.settled(10), Settled::Durable);
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
            (Settled::Durable, Settled::Durable)
        );
        for mailbox in [&a, &b] {
            assert_eq!(
                future::block_on(future::poll_once(mailbox.notified())),
                Some(())
            );
        }
    }

    fn notified(mailbox: &Mailbox) -> bool {
        future::block_on(future::poll_once(mailbox.notified())).is_some()
    }

    #[test]
    fn a_retried_fsync_releases_nothing_past_a_failed_range() {
        let commit = GroupCommit::default();
        let mailbox = Arc::new(Mailbox::default());
        commit.appended(4);
        commit.request(4, &mailbox);
        commit.sync_when_wanted(|| ok(4));
        commit.appended(8);
        commit.request(8, &mailbox);
        commit.sync_when_wanted(|| Synced { upto: 8, ok: false });
        // What was durable before stays so; the failed range waits.
        assert_eq!(commit.settled(4), Settled::Durable);
        assert_eq!(commit.settled(8), Settled::Failed);
        // No fsync is tried again for the failed range itself.
        assert!(!commit.is_wanted());
        // Output after the failure waits on new bytes: their fsync runs
        // and succeeds...
        commit.appended(12);
        assert_eq!(commit.pending(), Some(12));
        commit.request(12, &mailbox);
        assert!(commit.is_wanted());
        commit.sync_when_wanted(|| ok(12));
        assert!(!commit.is_wanted());
        // ...and releases nothing: the file has a hole before them.
        assert_eq!(commit.settled(12), Settled::Failed);
        assert_eq!(commit.settled(8), Settled::Failed);
        assert_eq!(commit.pending(), Some(12));
    }

    #[test]
    fn a_rewrite_begun_after_the_failure_recovers_it() {
        let commit = GroupCommit::default();
        let (waiting, later) = (Arc::new(Mailbox::default()), Arc::new(Mailbox::default()));
        commit.appended(8);
        commit.request(8, &waiting);
        commit.sync_when_wanted(|| Synced { upto: 8, ok: false });
        assert!(notified(&waiting));
        commit.request(8, &waiting);
        // A rewrite that began before the failure (at 6) does not cover it.
        commit.recovered(6);
        assert!(notified(&waiting));
        assert_eq!(commit.settled(6), Settled::Durable);
        assert_eq!(commit.settled(8), Settled::Failed);
        // The recovery rewrite begins at 10 (bytes 8..10 came meanwhile);
        // bytes after it go to its new incremental file, fsynced.
        commit.appended(10);
        commit.appended(14);
        commit.request(14, &later);
        commit.sync_when_wanted(|| ok(14));
        assert_eq!(commit.settled(14), Settled::Failed);
        commit.request(8, &waiting);
        commit.recovered(10);
        // Everything before the rewrite's start is durable through its
        // base, and the fsync of the new file counts again.
        assert!(notified(&waiting));
        assert!(notified(&later));
        assert_eq!(commit.settled(8), Settled::Durable);
        assert_eq!(commit.settled(14), Settled::Durable);
        assert_eq!(commit.pending(), None);
        // And the group commit goes on as before.
        commit.appended(20);
        assert_eq!(commit.settled(20), Settled::Syncing);
        commit.request(20, &later);
        commit.sync_when_wanted(|| ok(20));
        assert_eq!(commit.settled(20), Settled::Durable);
    }

    #[test]
    fn a_failure_after_the_rewrite_began_stays_unresolved() {
        let commit = GroupCommit::default();
        commit.appended(8);
        commit.finished(Synced { upto: 8, ok: false });
        // The rewrite began at 10; its new file then fails too, at 12.
        commit.appended(12);
        commit.finished(Synced {
            upto: 12,
            ok: false,
        });
        commit.appended(16);
        commit.finished(ok(16));
        commit.recovered(10);
        assert_eq!(commit.settled(10), Settled::Durable);
        assert_eq!(commit.settled(12), Settled::Failed);
        assert_eq!(commit.settled(16), Settled::Failed);
        // The next rewrite, begun at 16, resolves it.
        commit.recovered(16);
        assert_eq!(commit.settled(16), Settled::Durable);
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
                    if commit.settled(u64::MAX - 1) == Settled::Durable {
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
                            match commit.settled(need) {
                                Settled::Durable => break,
                                Settled::Failed => panic!("no fsync fails"),
                                Settled::Syncing => {}
                            }
                            commit.request(need, &mailbox);
                            if commit.settled(need) != Settled::Syncing {
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
