//! Lazy free: values that left the keyspace but are too large to free
//! inside one command, taken apart a bounded slice at a time by the timer
//! (`Store::lazy_free_step`, run by the engine's `handle_timeout`).
//!
//! Which paths free lazily follows redis-server 7.0 with its defaults
//! (`lazyfree-lazy-user-del`, `-server-del`, `-expire`, `-eviction` and
//! `-user-flush` all `no`): UNLINK, and FLUSHDB / FLUSHALL with ASYNC. DEL,
//! overwrites, expiry, eviction and a plain FLUSHALL free at once; DEL and
//! a plain flush follow `lazyfree-lazy-user-del` / `lazyfree-lazy-user-flush`
//! when CONFIG SET turns them on. A value is queued only when freeing it
//! costs more than [`LAZYFREE_THRESHOLD`] elements (smaller ones are freed
//! at once, as Redis does); a flushed database is queued whole, whatever
//! its size, and taken apart key by key.
//!
//! The values leave the keyspace, and `used_memory`, at once; the queue
//! counts the objects still to free (INFO `lazyfree_pending_objects`: a
//! queued value is one, a flushed database one per key) and those freed
//! (`lazyfreed_objects`).

use std::collections::VecDeque;

use super::db::Contents;
use crate::types::Value;

/// Elements above which a value is freed lazily (Redis's
/// `LAZYFREE_THRESHOLD`).
pub(crate) const LAZYFREE_THRESHOLD: usize = 64;

#[derive(Default)]
pub(crate) struct LazyFree {
    /// Large values, the one in front being taken apart.
    values: VecDeque<Value>,
    /// Flushed databases, taken apart from the last.
    dbs: Vec<Contents>,
    /// Objects handed over and not freed yet.
    pending: usize,
    /// Objects freed since start.
    freed: u64,
}

impl LazyFree {
    /// Frees `value` now when that is cheap, else queues it.
    pub fn dispose(&mut self, value: Value) {
        if value.free_effort() > LAZYFREE_THRESHOLD {
            self.pending += 1;
            self.values.push_back(value);
        }
    }

    /// Queues a flushed database's contents.
    pub fn dispose_db(&mut self, contents: Contents) {
        if contents.is_empty() {
            return;
        }
        self.pending += contents.len();
        self.dbs.push(contents);
    }

    /// Objects still to free (INFO `lazyfree_pending_objects`).
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Objects freed so far (INFO `lazyfreed_objects`).
    pub fn freed(&self) -> u64 {
        self.freed
    }

    /// CONFIG RESETSTAT: the count of objects freed starts again from 0
    /// (the queue itself is untouched).
    pub fn reset_freed(&mut self) {
        self.freed = 0;
    }

    /// Frees up to about `budget` elements (a key, a collection element and
    /// an index element count one each; finishing off an emptied value
    /// counts one). Returns the work done.
    pub fn step(&mut self, budget: usize) -> usize {
        let mut left = budget;
        while left > 0 {
            if let Some(value) = self.values.front_mut() {
                let dropped = value.free_some(left);
                if dropped < left {
                    // Nothing left to take apart: the rest goes in O(1).
                    self.values.pop_front();
                    self.pending -= 1;
                    self.freed += 1;
                    left = left.saturating_sub(dropped + 1);
                } else {
                    left = 0;
                }
                continue;
            }
            let Some(db) = self.dbs.last_mut() else {
                break;
            };
            if db.expiries.pop_last().is_some() {
                left -= 1;
                continue;
            }
            if db.far.pop().is_some() {
                left -= 1;
                continue;
            }
            match db.map.pop() {
                Some((_, entry)) => {
                    let effort = entry.value.free_effort();
                    if effort > LAZYFREE_THRESHOLD {
                        // Still pending, now as a queued value.
                        self.values.push_back(entry.value);
                        left -= 1;
                    } else {
                        drop(entry);
                        self.pending -= 1;
                        self.freed += 1;
                        left = left.saturating_sub(effort);
                    }
                }
                None => {
                    // Empty tables: dropping them frees two allocations.
                    self.dbs.pop();
                    left -= 1;
                }
            }
        }
        budget - left
    }

    /// Checks the pending count against the queue.
    pub fn audit(&self) -> Result<(), String> {
        let queued = self.values.len() + self.dbs.iter().map(Contents::len).sum::<usize>();
        if queued != self.pending {
            return Err(format!(
                "lazy free: {} objects queued, {} counted pending",
                queued, self.pending
            ));
        }
        Ok(())
    }
}
