//! Timers of clients over their soft `client-output-buffer-limit`, one
//! table per client class.
//!
//! Each table is ordered by when its clients went over the soft limit; the
//! deadline is that start plus the class's `soft_secs` in force, so a
//! CONFIG SET of the seconds needs no rebuild. The classes have their own
//! seconds (`normal 0 0 0`, `pubsub 32mb 8mb 60` by default), so one table
//! per class keeps each ordered by deadline too, and the earliest deadline
//! is the earlier of the two tables' first ones.

use std::collections::BTreeSet;

use crate::config::{OutputBufferLimits, OutputClass};
use crate::Millis;

#[derive(Default)]
pub(crate) struct SoftTimers {
    /// (over the soft limit since, client id) of normal clients.
    normal: BTreeSet<(Millis, u64)>,
    /// The same for clients with subscriptions.
    pubsub: BTreeSet<(Millis, u64)>,
}

impl SoftTimers {
    /// Files a client over its soft limit since `since` under its current
    /// class, taking it out of the other class's table: a client that
    /// subscribes or unsubscribes while over the limit keeps its start and
    /// takes the seconds of its new class, as Redis decides the class at
    /// each check.
    pub fn file(&mut self, class: OutputClass, since: Millis, id: u64) {
        let (table, other) = match class {
            OutputClass::Normal => (&mut self.normal, &mut self.pubsub),
            OutputClass::PubSub => (&mut self.pubsub, &mut self.normal),
        };
        other.remove(&(since, id));
        table.insert((since, id));
    }

    /// Forgets a client's timer, whichever table holds it.
    pub fn remove(&mut self, since: Millis, id: u64) {
        self.normal.remove(&(since, id));
        self.pubsub.remove(&(since, id));
    }

    /// The earliest soft-limit deadline: (deadline, start, client id).
    pub fn first(&self, limits: &OutputBufferLimits) -> Option<(Millis, Millis, u64)> {
        let normal = self
            .normal
            .first()
            .map(|&(since, id)| (deadline(since, limits.normal.soft_secs), since, id));
        let pubsub = self
            .pubsub
            .first()
            .map(|&(since, id)| (deadline(since, limits.pubsub.soft_secs), since, id));
        normal.into_iter().chain(pubsub).min()
    }
}

/// A client over the soft limit since `since` is closed once strictly more
/// than `secs` seconds have passed (Redis compares `elapsed > seconds`).
fn deadline(since: Millis, secs: u64) -> Millis {
    since
        .saturating_add(secs.saturating_mul(1000))
        .saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_deadline_comes_from_either_class() {
        let mut limits = OutputBufferLimits::default();
        limits.normal.soft_secs = 1;
        let mut timers = SoftTimers::default();
        timers.file(OutputClass::PubSub, 0, 1); // due at 60_001
        timers.file(OutputClass::Normal, 500, 2); // due at 1_501
        assert_eq!(timers.first(&limits), Some((1_501, 500, 2)));
        timers.file(OutputClass::PubSub, 500, 2); // changed class
        assert_eq!(timers.normal.len() + timers.pubsub.len(), 2);
        assert_eq!(timers.first(&limits), Some((60_001, 0, 1)));
        timers.remove(0, 1);
        timers.remove(500, 2);
        assert_eq!(timers.first(&limits), None);
    }
}
