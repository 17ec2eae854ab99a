//! The one timer table: every reason the engine wants to be called back,
//! and the single next-timeout value computed from them.
//!
//! - key expiry: the earliest deadline in the store (the active expiry
//!   cycle then removes due keys with a bounded budget);
//! - idle clients (`timeout`): clients ordered by the time of their last
//!   input as recorded here. The record is refreshed lazily (only once it
//!   is a second or more behind, and whenever it comes due) so a busy
//!   client does not pay a tree update per read; a record may be earlier
//!   than the client's real last input, never later, so a timer never
//!   fires late, only sometimes early, and then it is re-filed;
//! - output soft limits: clients over the soft `client-output-buffer-limit`,
//!   ordered by when they went over, one table per client class
//!   (`soft_limits.rs`).
//!
//! - blocked clients (BLPOP...): ordered by their deadline.
//!
//! Both client tables are keyed by a start time rather than a deadline, so
//! a CONFIG SET of the duration needs no rebuild: the deadline is the start
//! plus the duration in force. Later issues add save points and script
//! slices here.

use std::collections::BTreeSet;

use super::soft_limits::SoftTimers;
use crate::Millis;

/// How far behind a client's recorded last input may fall before a read
/// refreshes it (the idle timeout is counted in seconds).
pub(crate) const IDLE_REFRESH_MS: Millis = 1000;

#[derive(Default)]
pub(crate) struct Timers {
    /// (recorded last input, client id).
    pub idle: BTreeSet<(Millis, u64)>,
    /// Clients over their soft output limit, by class.
    pub output_soft: SoftTimers,
    /// (deadline, client id) of clients blocked with a timeout.
    pub blocked: BTreeSet<(Millis, u64)>,
}

impl Timers {
    /// The earliest idle start, if any client is connected.
    pub fn first_idle(&self) -> Option<(Millis, u64)> {
        self.idle.first().copied()
    }

    pub fn first_blocked(&self) -> Option<(Millis, u64)> {
        self.blocked.first().copied()
    }

    pub fn forget(&mut self, id: u64, idle_since: Millis, soft_since: Option<Millis>) {
        self.idle.remove(&(idle_since, id));
        if let Some(since) = soft_since {
            self.output_soft.remove(since, id);
        }
    }
}

/// The deadline `duration_ms` after `start`, or `None` when the duration
/// is 0 (the limit is off). A client is over a limit once strictly more
/// than the duration has passed, as Redis counts, hence the `+ 1`.
pub(crate) fn deadline_after(start: Millis, duration_ms: Millis) -> Option<Millis> {
    (duration_ms > 0).then(|| start.saturating_add(duration_ms).saturating_add(1))
}
