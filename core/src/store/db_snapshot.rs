//! A database's side of a background snapshot: the marks that say which
//! entries are still to be written, the walk's cursor, copy-before-write of
//! pending entries (pre-images) and the flushed maps the snapshot still
//! has to walk. The design is explained in snapshot_stream.rs.

use std::sync::Arc;

use super::super::snapshot_stream::SnapshotFormat;
use super::{resolve, Contents, Db, Entry};
use crate::types::Value;
use crate::Millis;

/// The snapshot's state in one database; travels with the database
/// (SWAPDB swaps databases whole).
pub(crate) struct DbSnap {
    /// The database's number when the snapshot started: its keys are
    /// written under this number.
    origin: usize,
    /// The snapshot's start: keys due then are not written.
    start: Millis,
    format: Arc<dyn SnapshotFormat>,
    unix_base: u64,
    /// Map positions before this one are walked (hold no pending entry).
    cursor: usize,
    /// Pre-images serialized since the snapshot last took them.
    pre: Vec<u8>,
    /// Maps flushed with pending entries (walked after the live map),
    /// each with the position its walk has reached.
    detached: Vec<(Contents, usize)>,
    /// Detached maps walked, for the lazy-free queue.
    walked: Vec<Contents>,
    /// Keys and keys with deadlines at the start (the RESIZEDB hints).
    keys: usize,
    expires: usize,
}

/// What a walk may still do in this call: keys to visit, bytes to write.
pub(crate) struct Budget {
    pub keys: usize,
    pub bytes: usize,
}

impl Budget {
    fn spent(&self) -> bool {
        self.keys == 0 || self.bytes == 0
    }
}

/// One entry the walk reached: written unless it already was (its mark is
/// the epoch's: its pre-image went out before), and charged to the budget.
/// `times` is the snapshot's start and Unix time base.
#[allow(clippy::too_many_arguments)]
fn walk_entry(
    format: &dyn SnapshotFormat,
    times: (Millis, u64),
    epoch: bool,
    key: &[u8],
    entry: &mut Entry,
    expire_at: Option<Millis>,
    budget: &mut Budget,
    out: &mut Vec<u8>,
) {
    if entry.mark() == epoch {
        return;
    }
    entry.set_mark(epoch);
    let before = out.len();
    let (start, unix_base) = times;
    write_entry(format, start, unix_base, key, &entry.value, expire_at, out);
    budget.bytes = budget.bytes.saturating_sub(out.len() - before);
}

/// Serializes one entry unless it was due at the snapshot's start.
#[allow(clippy::too_many_arguments)]
fn write_entry(
    format: &dyn SnapshotFormat,
    start: Millis,
    unix_base: u64,
    key: &[u8],
    value: &Value,
    expire_at: Option<Millis>,
    out: &mut Vec<u8>,
) {
    if expire_at.is_some_and(|at| at <= start) {
        return;
    }
    let unix = expire_at.map(|at| unix_base.saturating_add(at));
    format.entry(key, value, unix, out);
}

impl Db {
    /// The mark a new entry of this database gets: not part of a running
    /// snapshot.
    pub(super) fn fresh_mark(&self) -> bool {
        self.epoch
    }

    /// Starts a snapshot of this database (numbered `origin` in the file):
    /// every key in it becomes pending.
    pub(crate) fn snapshot_begin(
        &mut self,
        origin: usize,
        start: Millis,
        format: Arc<dyn SnapshotFormat>,
        unix_base: u64,
    ) {
        self.epoch = !self.epoch;
        self.snap = Some(Box::new(DbSnap {
            origin,
            start,
            format,
            unix_base,
            cursor: 0,
            pre: Vec::new(),
            detached: Vec::new(),
            walked: Vec::new(),
            keys: self.map.len(),
            expires: self.volatile,
        }));
    }

    /// The database number the running snapshot writes this one's keys
    /// under; `None` when no snapshot walks it (any more).
    pub(crate) fn snapshot_origin(&self) -> Option<usize> {
        self.snap.as_ref().map(|snap| snap.origin)
    }

    /// The RESIZEDB hints: keys and keys with deadlines at the start.
    pub(crate) fn snapshot_hints(&self) -> (usize, usize) {
        self.snap
            .as_ref()
            .map_or((0, 0), |snap| (snap.keys, snap.expires))
    }

    /// Copy-before-write: serializes the entry at `index` into the
    /// pre-image buffer if it is still pending, and marks it written.
    /// Called before the entry changes or leaves.
    pub(super) fn pre_image(&mut self, index: usize) {
        let epoch = self.epoch;
        let Some(snap) = self.snap.as_mut() else {
            return;
        };
        let Some((key, entry)) = self.map.get_index_mut(index) else {
            return;
        };
        if entry.mark() == epoch {
            return;
        }
        entry.set_mark(epoch);
        let expire_at = resolve(&self.far, key, entry);
        write_entry(
            snap.format.as_ref(),
            snap.start,
            snap.unix_base,
            key.as_slice(),
            &entry.value,
            expire_at,
            &mut snap.pre,
        );
    }

    /// Before the entry at `index` is swap-removed: keeps every position
    /// behind the walk's cursor written. When `index` is behind the
    /// cursor, the entry is swapped with the last walked one and the
    /// cursor steps back over it, so the map's last entry, which the
    /// removal moves into the hole, lands at or past the cursor. Returns
    /// the entry's position after the swap.
    pub(super) fn before_swap_remove(&mut self, index: usize) -> usize {
        let Some(snap) = self.snap.as_mut() else {
            return index;
        };
        if index >= snap.cursor {
            return index;
        }
        let last_walked = snap.cursor - 1;
        self.map.swap_indices(index, last_walked);
        snap.cursor = last_walked;
        last_walked
    }

    /// Before a flush empties the live map: a running snapshot keeps the
    /// old map to walk. Returns whether it took it (the caller then has
    /// nothing left to free).
    pub(super) fn detach_for_snapshot(&mut self) -> bool {
        let Some(snap) = self.snap.as_mut() else {
            return false;
        };
        if self.map.len() <= snap.cursor {
            // Everything there is written or new. The caller empties the
            // map: the walk restarts at its (new, empty) start, or the
            // cursor would point past the entries stored from now on.
            snap.cursor = 0;
            return false;
        }
        let hasher = *self.map.hasher();
        let map = std::mem::replace(&mut self.map, indexmap::IndexMap::with_hasher(hasher));
        let far = std::mem::replace(&mut self.far, indexmap::IndexMap::with_hasher(hasher));
        let contents = Contents {
            map,
            expiries: std::mem::take(&mut self.expiries),
            far,
        };
        // Its walk goes on from where the live map's had reached.
        snap.detached.push((contents, snap.cursor));
        snap.cursor = 0;
        true
    }

    /// Whether pre-images wait to be taken.
    /// Bytes of pre-images serialized and not yet taken.
    pub(crate) fn snapshot_pre_len(&self) -> usize {
        self.snap.as_ref().map_or(0, |snap| snap.pre.len())
    }

    /// Takes the pre-images serialized since the last call.
    pub(crate) fn snapshot_take_pre(&mut self, buf: &mut Vec<u8>) {
        if let Some(snap) = self.snap.as_mut() {
            buf.append(&mut snap.pre);
        }
    }

    /// Walks on within `budget`, serializing pending entries into `out`.
    /// Returns true when the database is done (then call
    /// [`Db::snapshot_end`]).
    pub(crate) fn snapshot_walk(&mut self, budget: &mut Budget, out: &mut Vec<u8>) -> bool {
        let epoch = self.epoch;
        let Some(snap) = self.snap.as_mut() else {
            return true;
        };
        while !budget.spent() {
            let Some((key, entry)) = self.map.get_index_mut(snap.cursor) else {
                break;
            };
            snap.cursor += 1;
            budget.keys -= 1;
            let expire_at = resolve(&self.far, key, entry);
            let times = (snap.start, snap.unix_base);
            walk_entry(
                snap.format.as_ref(),
                times,
                epoch,
                key,
                entry,
                expire_at,
                budget,
                out,
            );
        }
        while !budget.spent() {
            let Some((contents, cursor)) = snap.detached.first_mut() else {
                return true;
            };
            let Some((key, entry)) = contents.map.get_index_mut(*cursor) else {
                let (done, _) = snap.detached.remove(0);
                snap.walked.push(done);
                continue;
            };
            *cursor += 1;
            budget.keys -= 1;
            let expire_at = resolve(&contents.far, key, entry);
            let times = (snap.start, snap.unix_base);
            walk_entry(
                snap.format.as_ref(),
                times,
                epoch,
                key,
                entry,
                expire_at,
                budget,
                out,
            );
        }
        snap.cursor >= self.map.len() && snap.detached.is_empty()
    }

    /// Ends the snapshot for this database once its walk is done (every
    /// mark equals the epoch again); returns the flushed maps it kept, for
    /// the lazy-free queue.
    pub(crate) fn snapshot_end(&mut self) -> Vec<Contents> {
        let Some(mut snap) = self.snap.take() else {
            return Vec::new();
        };
        let mut freed = std::mem::take(&mut snap.walked);
        freed.extend(snap.detached.drain(..).map(|(contents, _)| contents));
        freed
    }

    /// Abandons a running snapshot (FLUSHALL ends a background save, as in
    /// Redis): marks every entry not walked yet as written, so the next
    /// snapshot starts from the invariant. One pass over the part not
    /// walked; FLUSHALL calls it after emptying the database, when that is
    /// nothing.
    pub(crate) fn snapshot_abort(&mut self) -> Vec<Contents> {
        let epoch = self.epoch;
        if let Some(snap) = self.snap.as_ref() {
            for index in snap.cursor..self.map.len() {
                if let Some((_, entry)) = self.map.get_index_mut(index) {
                    entry.set_mark(epoch);
                }
            }
        }
        self.snapshot_end()
    }

    /// Checks that outside a snapshot every mark equals the epoch, and
    /// during one that no entry behind the cursor is pending.
    pub(super) fn audit_snapshot(&self) -> Result<(), String> {
        let walked = self
            .snap
            .as_ref()
            .map_or(self.map.len(), |snap| snap.cursor);
        match self
            .map
            .get_range(..walked.min(self.map.len()))
            .and_then(|range| range.values().position(|entry| entry.mark() != self.epoch))
        {
            Some(index) => Err(format!("pending snapshot entry at walked position {index}")),
            None => Ok(()),
        }
    }

    /// Whether an entry is still pending (tests).
    #[cfg(test)]
    pub(crate) fn snapshot_pending(&self, key: &[u8]) -> bool {
        self.snap.is_some()
            && self
                .map
                .get(key)
                .is_some_and(|entry| entry.mark() != self.epoch)
    }
}
