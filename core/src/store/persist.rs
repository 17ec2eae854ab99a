//! RDB persistence state: the running snapshot (its stream and which
//! database it walks), save points, the counters INFO persistence and
//! LASTSAVE report, and the MISCONF rule. The snapshot design is in
//! snapshot_stream.rs; the databases' side in db_snapshot.rs.

use super::db::Budget;
use super::snapshot_stream::{
    text_format_maker, FormatMaker, SnapshotUse, SnapshotWriter, SNAPSHOT_BYTES_PER_TICK,
    SNAPSHOT_KEYS_PER_TICK,
};
use super::Store;
use crate::Millis;

/// Redis's `CONFIG_BGSAVE_RETRY_DELAY`: after a failed background save,
/// save points wait this long before trying again.
pub(crate) const BGSAVE_RETRY_DELAY_MS: Millis = 5_000;

/// Bytes produced and not yet taken by the adapter above which the walk
/// pauses.
pub(crate) const SNAPSHOT_BACKLOG: usize = 4 * SNAPSHOT_BYTES_PER_TICK;

/// Why a snapshot was started; decides what its end updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SaveKind {
    /// BGSAVE, a save point, a scheduled BGSAVE.
    Background,
    /// SAVE, SHUTDOWN, FLUSHALL with save points: written whole at once.
    Foreground,
    /// An AOF rewrite: the AOF's new base (store/aof.rs).
    AofRewrite,
}

/// A snapshot being produced or written.
pub(crate) struct Running {
    pub id: u64,
    pub kind: SaveKind,
    /// The file it makes (fixed at the start, whatever CONFIG SET does).
    pub purpose: SnapshotUse,
    pub started_at: Millis,
    writer: SnapshotWriter,
    /// The database number (as at the start) walked now; 16 when all are.
    walking: usize,
    /// Whether `walking`'s section was opened.
    opened: bool,
    /// The walk's output before it joins the stream (kept for its
    /// capacity).
    scratch: Vec<u8>,
    /// All bytes, footer included, are produced.
    pub complete: bool,
    /// Nothing was taken yet (the next take starts a new file).
    pub first_take: bool,
    /// The last bytes were taken: nothing more until the adapter reports.
    last_taken: bool,
    /// `dirty` when it started (subtracted on success).
    dirty_at_start: u64,
    /// Keys when it started, and keys the walk has visited
    /// (`current_save_keys_total`, `current_save_keys_processed`).
    pub keys_total: usize,
    pub keys_processed: usize,
    /// When the walk's next slice is due. A fixed time, not "the current
    /// time plus the pace": every client call advances the store's clock,
    /// so a deadline derived from it stayed in the future for a timer that
    /// came while clients were busy, and the walk waited for a
    /// millisecond without input (a BGSAVE beside a full-speed writer took
    /// 30 s instead of 1).
    next_slice_at: Millis,
}

/// Persistence settings and state (INFO persistence, CONFIG).
pub(crate) struct Persistence {
    /// Makes each snapshot's file format (the RDB codec's, plugged in by
    /// the engine; see snapshot_stream.rs).
    pub make_format: FormatMaker,
    /// Changes since the last successful save (`rdb_changes_since_last_save`).
    pub dirty: u64,
    /// Clock time of the last successful save (or of the start).
    pub last_save_at: Millis,
    /// Whether the last background save succeeded.
    pub last_bgsave_ok: bool,
    /// When a background save was last started (for the retry delay).
    pub last_bgsave_try: Option<Millis>,
    /// Seconds the last background save took; -1 before the first.
    pub last_bgsave_secs: i64,
    /// Successful saves (`rdb_saves`).
    pub saves: u64,
    /// BGSAVE SCHEDULE (or BGSAVE inside EXEC) waits to start.
    pub bgsave_scheduled: bool,
    /// A SHUTDOWN (`Some(force)`) or a signal (`Some(false)`) waits for
    /// the running foreground snapshot: the server stops when it is
    /// written (or anyway with FORCE), whether or not the client that
    /// asked is still there.
    pub shutdown_on_save: Option<bool>,
    pub running: Option<Running>,
    next_id: u64,
    /// Keys loaded and keys skipped as expired by the last load.
    pub last_load_loaded: u64,
    pub last_load_expired: u64,
    /// The AOF's counters and schedule.
    pub aof: super::aof::AofState,
    /// A dataset is being loaded while clients are connected: commands
    /// without the `loading` flag get `-LOADING`, INFO shows its progress.
    pub dataset_loading: Option<DatasetLoading>,
}

/// The progress of a dataset load, as INFO persistence reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DatasetLoading {
    /// Clock time the load began (`loading_start_time`, in Unix seconds).
    pub started_at: Millis,
    pub total_bytes: u64,
    /// The file's `used-mem` aux field.
    pub rdb_used_mem: u64,
    pub loaded_bytes: u64,
}

impl Persistence {
    pub fn new(now: Millis) -> Persistence {
        Persistence {
            make_format: text_format_maker,
            dirty: 0,
            last_save_at: now,
            last_bgsave_ok: true,
            last_bgsave_try: None,
            last_bgsave_secs: -1,
            saves: 0,
            bgsave_scheduled: false,
            shutdown_on_save: None,
            running: None,
            next_id: 1,
            last_load_loaded: 0,
            last_load_expired: 0,
            aof: super::aof::AofState::default(),
            dataset_loading: None,
        }
    }

    /// Whether a background save is running (`rdb_bgsave_in_progress`).
    pub fn bgsave_in_progress(&self) -> bool {
        self.running
            .as_ref()
            .is_some_and(|running| running.kind == SaveKind::Background)
    }
}

/// The `save` parameter as CONFIG GET prints it.
pub(crate) fn save_points_text(points: &[(u64, u64)]) -> String {
    let words: Vec<String> = points
        .iter()
        .map(|(secs, changes)| format!("{secs} {changes}"))
        .collect();
    words.join(" ")
}

impl Store {
    /// Redis's `writeCommandsDeniedByDiskError` for RDB: write commands
    /// (and PING) get -MISCONF while the last background save failed,
    /// save points are set and `stop-writes-on-bgsave-error` is on.
    pub fn writes_denied_by_disk_error(&self) -> bool {
        self.config.stop_writes_on_bgsave_error
            && !self.config.save_points.is_empty()
            && !self.persistence.last_bgsave_ok
    }

    /// Starts a snapshot of every database as it is now, walked in slices
    /// by [`Store::snapshot_tick`]. The caller checks that none is
    /// running. Returns its id.
    pub fn begin_snapshot(&mut self, kind: SaveKind) -> u64 {
        let id = self.persistence.next_id;
        self.persistence.next_id += 1;
        let purpose = match kind {
            SaveKind::AofRewrite if self.config.aof_use_rdb_preamble() => SnapshotUse::AofBase,
            SaveKind::AofRewrite => SnapshotUse::AofBaseCommands,
            SaveKind::Background | SaveKind::Foreground => SnapshotUse::Rdb,
        };
        let format = (self.persistence.make_format)(self, purpose);
        let unix_base = self.host.unix_time_at_zero_ms;
        let now = self.now;
        for (origin, db) in self.dbs.iter_mut().enumerate() {
            db.snapshot_begin(origin, now, format.clone(), unix_base);
        }
        if kind == SaveKind::Background {
            // Redis counts a background save when it forks.
            self.persistence.last_bgsave_try = Some(now);
            self.persistence.saves += 1;
        }
        self.persistence.running = Some(Running {
            id,
            kind,
            purpose,
            started_at: now,
            writer: SnapshotWriter::new(format),
            walking: 0,
            opened: false,
            scratch: Vec::new(),
            complete: false,
            first_take: true,
            last_taken: false,
            dirty_at_start: self.persistence.dirty,
            keys_total: self.key_count(),
            keys_processed: 0,
            next_slice_at: now,
        });
        id
    }

    /// [`Store::begin_snapshot`], produced whole at once: for the saves
    /// after which nothing may change before the file is written
    /// (SHUTDOWN, the stop on a signal) or that are trivial (FLUSHALL's,
    /// of empty databases). Redis blocks the server for those too; the
    /// cost is the whole file in memory until the adapter takes it.
    pub fn begin_snapshot_at_once(&mut self, kind: SaveKind) -> u64 {
        let id = self.begin_snapshot(kind);
        self.snapshot_step(usize::MAX, usize::MAX);
        id
    }

    /// Moves the pre-images the databases serialized into the stream.
    fn collect_pre_images(&mut self) {
        let Some(running) = self.persistence.running.as_mut() else {
            return;
        };
        let mut bytes = Vec::new();
        for db in &mut self.dbs {
            if let Some(origin) = db.snapshot_origin() {
                db.snapshot_take_pre(&mut bytes);
                running.writer.append_entries(origin, &bytes);
                bytes.clear();
            }
        }
    }

    /// Walks the running snapshot on, visiting at most `keys` keys and
    /// writing about `bytes` bytes; closes the stream when every database
    /// is walked. Returns the keys visited.
    pub fn snapshot_step(&mut self, keys: usize, bytes: usize) -> usize {
        self.collect_pre_images();
        let Some(running) = self.persistence.running.as_mut() else {
            return 0;
        };
        if running.complete {
            return 0;
        }
        let mut budget = Budget { keys, bytes };
        while running.walking < self.dbs.len() && budget.keys > 0 && budget.bytes > 0 {
            let origin = running.walking;
            let Some(db) = self
                .dbs
                .iter_mut()
                .find(|db| db.snapshot_origin() == Some(origin))
            else {
                running.walking += 1;
                running.opened = false;
                continue;
            };
            let mut scratch = std::mem::take(&mut running.scratch);
            let done = db.snapshot_walk(&mut budget, &mut scratch);
            // A database's section opens with its first entry: one with
            // nothing left to write (empty, or all written as pre-images)
            // has none.
            if !scratch.is_empty() {
                if !running.opened {
                    let (keys, expires) = db.snapshot_hints();
                    running.writer.db_start(origin, keys, expires);
                    running.opened = true;
                }
                running.writer.append_entries(origin, &scratch);
                scratch.clear();
            }
            running.scratch = scratch;
            if done {
                let mut pre = Vec::new();
                db.snapshot_take_pre(&mut pre);
                running.writer.append_entries(origin, &pre);
                for contents in db.snapshot_end() {
                    self.lazy_free.dispose_db(contents);
                }
                running.walking += 1;
                running.opened = false;
            }
        }
        if running.walking >= self.dbs.len() {
            running.writer.finish();
            running.complete = true;
        }
        running.keys_processed += keys - budget.keys;
        keys - budget.keys
    }

    /// The file the running snapshot makes.
    pub fn snapshot_purpose(&self) -> Option<SnapshotUse> {
        self.persistence
            .running
            .as_ref()
            .map(|running| running.purpose)
    }

    /// One timer slice of a running background snapshot; none while the
    /// adapter has not taken [`SNAPSHOT_BACKLOG`] bytes already produced
    /// (so a slow disk bounds the snapshot's memory, not the keyspace).
    pub fn snapshot_tick(&mut self) {
        if !self.snapshot_backlogged() {
            self.snapshot_step(SNAPSHOT_KEYS_PER_TICK, SNAPSHOT_BYTES_PER_TICK);
            let now = self.now;
            if let Some(running) = self.persistence.running.as_mut() {
                // One slice a millisecond (SAVE's run back to back: see
                // `snapshot_back_to_back`).
                running.next_slice_at = now.saturating_add(1);
            }
        }
    }

    fn snapshot_backlogged(&self) -> bool {
        self.persistence
            .running
            .as_ref()
            .is_some_and(|running| running.writer.pending_len() >= SNAPSHOT_BACKLOG)
    }

    /// Whether SAVE's walk is under way: its client waits for the file, so
    /// its slices run back to back (other clients are still served between
    /// two).
    pub fn snapshot_back_to_back(&self) -> bool {
        self.persistence.running.as_ref().is_some_and(|running| {
            running.kind == SaveKind::Foreground && !running.complete && !self.snapshot_backlogged()
        })
    }

    /// When the timer is next wanted for persistence: at once while a
    /// snapshot walks (and the adapter keeps up), else when the first save
    /// point comes due or a scheduled BGSAVE may start.
    pub fn next_persistence_timeout(&self) -> Option<Millis> {
        let p = &self.persistence;
        let now = self.now;
        if let Some(running) = &p.running {
            let walk = !running.complete && !self.snapshot_backlogged();
            return walk.then_some(running.next_slice_at);
        }
        let retry_at = match (p.last_bgsave_ok, p.last_bgsave_try) {
            (false, Some(tried)) => tried.saturating_add(BGSAVE_RETRY_DELAY_MS + 1),
            _ => 0,
        };
        let scheduled = p.bgsave_scheduled.then_some(retry_at);
        let points = self
            .config
            .save_points
            .iter()
            .filter(|&&(_, changes)| p.dirty >= changes)
            .map(|&(secs, _)| {
                let due = p
                    .last_save_at
                    .saturating_add(secs.saturating_add(1).saturating_mul(1000));
                due.max(retry_at)
            });
        // A scheduled AOF rewrite starts at the next tick.
        let rewrite = p.aof.rewrite_scheduled.then_some(now);
        scheduled.into_iter().chain(points).chain(rewrite).min()
    }

    /// Whether the running snapshot has at least `min_bytes` for the
    /// adapter (at least one, whatever `min_bytes` says), or its start or
    /// end to announce.
    pub fn snapshot_has_output(&self, min_bytes: usize) -> bool {
        self.persistence.running.as_ref().is_some_and(|running| {
            if running.first_take || running.complete && !running.last_taken {
                return true;
            }
            let walked = if running.last_taken {
                0
            } else {
                running.writer.pending_len()
            };
            let pre: usize = self.dbs.iter().map(|db| db.snapshot_pre_len()).sum();
            walked + pre >= min_bytes.max(1)
        })
    }

    /// Moves the snapshot's bytes to `buf`: the id, whether they start a
    /// new file, and whether they end it.
    pub fn take_snapshot_bytes(&mut self, buf: &mut Vec<u8>) -> Option<(u64, bool, bool)> {
        self.collect_pre_images();
        let running = self.persistence.running.as_mut()?;
        if running.last_taken {
            // The file is complete and handed out; it waits for its fate.
            return None;
        }
        running.writer.take(buf);
        let first = std::mem::replace(&mut running.first_take, false);
        running.last_taken = running.complete;
        Some((running.id, first, running.complete))
    }

    /// Abandons a running background snapshot (FLUSHALL, SHUTDOWN, as
    /// Redis kills its child); the adapter drops its unfinished file when
    /// the next snapshot's bytes come. A foreground one (SAVE, a saving
    /// SHUTDOWN) has clients waiting for it and is left to finish.
    /// Returns whether no snapshot runs any more.
    pub fn abort_background_snapshot(&mut self) -> bool {
        match &self.persistence.running {
            None => return true,
            Some(running) if running.kind == SaveKind::Foreground => return false,
            Some(_) => {}
        }
        let aborted = self.persistence.running.take();
        if aborted.is_some_and(|running| running.kind == SaveKind::AofRewrite) {
            // The new incremental file already holds the writes since the
            // rewrite began; a new base is made again later.
            self.persistence.aof.rewrite_scheduled = self.config.appendonly;
        }
        for db in &mut self.dbs {
            for contents in db.snapshot_abort() {
                self.lazy_free.dispose_db(contents);
            }
        }
        true
    }

    /// The adapter's report that snapshot `id` is on disk (or failed).
    /// Returns the kind of the snapshot it ended, `None` for a stale id.
    pub fn snapshot_finished(&mut self, id: u64, ok: bool) -> Option<SaveKind> {
        let running = self.persistence.running.as_ref()?;
        if running.id != id || !running.complete {
            return None;
        }
        let running = self.persistence.running.take()?;
        if running.kind == SaveKind::AofRewrite {
            self.aof_rewrite_finished(ok, running.started_at);
            return Some(running.kind);
        }
        let p = &mut self.persistence;
        if ok {
            p.dirty = p.dirty.saturating_sub(running.dirty_at_start);
            p.last_save_at = self.now;
            if running.kind == SaveKind::Foreground {
                p.saves += 1;
            }
            p.last_bgsave_ok = true;
        } else if running.kind == SaveKind::Background {
            p.last_bgsave_ok = false;
        }
        if running.kind == SaveKind::Background {
            p.last_bgsave_secs = ((self.now - running.started_at) / 1000) as i64;
        }
        Some(running.kind)
    }

    /// Starts a background save if a save point is due or one is
    /// scheduled (Redis's serverCron rule: `changes` writes and more than
    /// `seconds` since the last save; after a failure, not before the
    /// retry delay). Returns whether it started one.
    pub fn check_save_points(&mut self) -> bool {
        let p = &self.persistence;
        if p.running.is_some() {
            return false;
        }
        let points = &self.config.save_points;
        let retry_ok = p.last_bgsave_ok
            || p.last_bgsave_try
                .is_none_or(|at| self.now.saturating_sub(at) > BGSAVE_RETRY_DELAY_MS);
        let since_save_secs = self.now.saturating_sub(p.last_save_at) / 1000;
        let due = points
            .iter()
            .any(|&(secs, changes)| p.dirty >= changes && since_save_secs > secs && retry_ok);
        if due || (p.bgsave_scheduled && retry_ok) {
            self.persistence.bgsave_scheduled = false;
            self.begin_snapshot(SaveKind::Background);
            return true;
        }
        false
    }
}

#[cfg(test)]
#[path = "persist_tests.rs"]
mod tests;
