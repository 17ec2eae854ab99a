//! The adapter's side of RDB snapshots (see the crate documentation,
//! "Persistence"): taking a snapshot's bytes, reporting the file written
//! or failed, loading a file at start, and a stop asked by a signal. The
//! clients a snapshot holds (SAVE, a saving SHUTDOWN) get their answer
//! here when the adapter reports the file's fate.

use std::collections::VecDeque;

use super::{ClientId, Event, Server};
use crate::commands::errors;
use crate::commands::SaveWait;
use crate::persistence::rdb;
use crate::protocol::ReplyWriter;
use crate::store::snapshot_stream::{encode_whole, SnapshotUse};
use crate::store::SaveKind;
use crate::Millis;

/// Bytes of a snapshot file handed to the adapter by
/// [`Server::take_snapshot_bytes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnapshotChunk {
    /// The snapshot these bytes belong to; report its end with this id.
    pub id: u64,
    /// The bytes start a new file: open a fresh temporary file, dropping
    /// any unfinished one (a snapshot abandoned by FLUSHALL or SHUTDOWN).
    pub first: bool,
    /// The bytes end the file: make it durable and put it in place, then
    /// call [`Server::snapshot_finished`].
    pub last: bool,
    /// Which file the bytes make.
    pub target: SnapshotTarget,
}

/// The file a snapshot makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotTarget {
    /// `dbfilename` in `dir`.
    Rdb,
    /// The new base file of an AOF rewrite, in the given format.
    AofBase(AofBaseFormat),
}

/// What an AOF base file holds (`aof-use-rdb-preamble`, as it was when
/// the base was started).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AofBaseFormat {
    /// An RDB file with the `aof-base` aux field (`aof-use-rdb-preamble
    /// yes`, the default).
    Rdb,
    /// AOF records that rebuild the dataset (`aof-use-rdb-preamble no`).
    Commands,
}

impl AofBaseFormat {
    /// The end of the base file's name, as Redis 7.0 names it:
    /// `<appendfilename>.<seq>.base.rdb` or `.base.aof`.
    pub fn file_suffix(self) -> &'static str {
        match self {
            AofBaseFormat::Rdb => "base.rdb",
            AofBaseFormat::Commands => "base.aof",
        }
    }
}

/// Bytes a snapshot gathers from clients' writes before a client's input
/// announces them (see [`Server::announce_snapshot_batch`]).
const SNAPSHOT_ANNOUNCE_BYTES: usize = 64 * 1024;

impl Server {
    /// Moves the running snapshot's bytes produced so far to the end of
    /// `buf`. `None` when no snapshot runs. Call it after
    /// [`Event::Snapshot`] (and may call it any time).
    pub fn take_snapshot_bytes(&mut self, buf: &mut Vec<u8>) -> Option<SnapshotChunk> {
        self.snapshot_announced = false;
        let purpose = self.store.snapshot_purpose();
        let (id, first, last) = self.store.take_snapshot_bytes(buf)?;
        let target = match purpose {
            Some(SnapshotUse::AofBase) => SnapshotTarget::AofBase(AofBaseFormat::Rdb),
            Some(SnapshotUse::AofBaseCommands) => SnapshotTarget::AofBase(AofBaseFormat::Commands),
            Some(SnapshotUse::Rdb) | None => SnapshotTarget::Rdb,
        };
        Some(SnapshotChunk {
            id,
            first,
            last,
            target,
        })
    }

    /// Reports the fate of snapshot `id` once its last bytes were taken:
    /// `Ok` when the file is durable under its name (temporary file
    /// fsynced, renamed over `dbfilename`, directory fsynced), `Err` with
    /// the reason when any step failed (the previous file must then be
    /// intact). A stale or unknown id is ignored.
    pub fn snapshot_finished(&mut self, id: u64, result: Result<(), String>, now: Millis) {
        self.store.advance_clock(now);
        let ok = result.is_ok();
        let Some(kind) = self.store.snapshot_finished(id, ok) else {
            return;
        };
        let mut resumed = VecDeque::new();
        // A failed save keeps the server up (unless FORCE), as Redis does.
        let stop = kind == SaveKind::Foreground
            && self
                .store
                .persistence
                .shutdown_on_save
                .take()
                .is_some_and(|force| ok || force);
        let waiting: Vec<u64> = self
            .sessions
            .iter()
            .filter(|(_, session)| session.client.awaiting_save.is_some())
            .map(|(&id, _)| id)
            .collect();
        for id in waiting {
            let Some(session) = self.sessions.get_mut(&id) else {
                continue;
            };
            let Some(wait) = session.client.awaiting_save.take() else {
                continue;
            };
            let mut reply = ReplyWriter::new(&mut session.output, session.client.protocol);
            match wait {
                SaveWait::Save if ok => reply.ok(),
                SaveWait::Save => {
                    reply.error_bytes(errors::SAVE_FAILED.text());
                    self.store.stats.errors.record(errors::SAVE_FAILED.text());
                }
                SaveWait::Shutdown { force } if ok || force => {
                    self.close(id, true);
                    continue;
                }
                SaveWait::Shutdown { .. } => {
                    reply.error_bytes(errors::SHUTDOWN_FAILED.text());
                    self.store
                        .stats
                        .errors
                        .record(errors::SHUTDOWN_FAILED.text());
                }
            }
            resumed.push_back(id);
        }
        for &id in &resumed {
            self.after_output_change(id);
        }
        self.drive_all(resumed);
        if stop {
            self.events.push_back(Event::Shutdown);
        }
        self.announce_snapshot();
    }

    /// Loads a snapshot file's bytes into the empty databases, before any
    /// client is accepted. Returns the keys loaded; `Err` is a message for
    /// the operator (the adapter exits non-zero with it).
    pub fn load_snapshot(&mut self, bytes: &[u8], now: Millis) -> Result<u64, String> {
        self.store.advance_clock(now);
        if self.store.key_count() > 0 {
            return Err("load_snapshot needs empty databases".into());
        }
        let now = self.store.now;
        let loaded = self.load_rdb(bytes, now, false);
        self.store.persistence.last_save_at = now;
        let counts = loaded?;
        self.store.persistence.last_load_loaded = counts.loaded;
        self.store.persistence.last_load_expired = counts.expired;
        Ok(counts.loaded)
    }

    /// Loads an AOF's RDB preamble (a base file `REDIS...`, or the start
    /// of an old single `appendonly.aof`) into the empty databases, before
    /// any client is accepted. Returns how many bytes the RDB part took:
    /// any bytes after it are AOF records, for [`Server::load_log`]. Keys
    /// already past their deadline are kept (they expire afterwards), as
    /// Redis loads an AOF preamble.
    pub fn load_rdb_preamble(&mut self, bytes: &[u8], now: Millis) -> Result<usize, String> {
        self.store.advance_clock(now);
        if self.store.key_count() > 0 {
            return Err("load_rdb_preamble needs empty databases".into());
        }
        let now = self.store.now;
        // Keys past their deadline stay: the records after the base were
        // logged against them (see `LoadedKey::store_into`).
        Ok(self.load_rdb(bytes, now, true)?.rdb_len)
    }

    /// An RDB file's keys and function libraries, all or nothing: on an
    /// error nothing half-loaded stays behind.
    fn load_rdb(
        &mut self,
        bytes: &[u8],
        now: Millis,
        keep_expired: bool,
    ) -> Result<rdb::snapshot::LoadCounts, String> {
        let mut libraries = Vec::new();
        let loaded =
            rdb::snapshot::load_file(&mut self.store, bytes, now, keep_expired, &mut libraries)
                .and_then(|counts| {
                    self.scripting
                        .load_libraries(&mut self.store, &libraries)
                        .map_err(|e| format!("Failed loading the RDB file's functions: {e}"))?;
                    Ok(counts)
                });
        if loaded.is_err() {
            for db in &mut self.store.dbs {
                db.clear();
            }
            self.store.functions.flush();
        }
        loaded
    }

    /// The whole dataset as an AOF base file, at once: what the adapter
    /// writes when the AOF is enabled at start and none exists yet
    /// (Redis's "Creating AOF base file ... on server start"), in
    /// [`Server::aof_base_format`].
    pub fn aof_base_now(&self) -> Vec<u8> {
        match self.aof_base_format() {
            AofBaseFormat::Rdb => {
                let options = rdb::SaveOptions::from_store(&self.store);
                rdb::file::encode_store_as(&self.store, options, true)
            }
            AofBaseFormat::Commands => {
                let format =
                    crate::persistence::snapshot_format(&self.store, SnapshotUse::AofBaseCommands);
                encode_whole(&self.store, format.as_ref())
            }
        }
    }

    /// The format a base made now has (`aof-use-rdb-preamble`): what
    /// [`Server::aof_base_now`] returns, and so the base file's name.
    pub fn aof_base_format(&self) -> AofBaseFormat {
        if self.store.config.aof_use_rdb_preamble() {
            AofBaseFormat::Rdb
        } else {
            AofBaseFormat::Commands
        }
    }

    /// Reports an AOF write (with `appendfsync always`, write and fsync)
    /// of the log bytes taken with [`Server::take_log`]: `Ok` with the
    /// AOF's total size now (base and incremental files), or the reason it
    /// failed. While the last report is an error, INFO shows
    /// `aof_last_write_status:err` and write commands get
    /// `-MISCONF Errors writing to the AOF file: <reason>`; the adapter
    /// keeps the bytes and tries again (at least once a second), and the
    /// first success clears it.
    pub fn aof_written(&mut self, result: Result<u64, String>, now: Millis) {
        self.store.advance_clock(now);
        self.store.aof_written(result);
        // The AOF may have grown past the automatic rewrite's threshold.
        if self.store.check_aof_rewrite() {
            self.announce_snapshot();
        }
    }

    /// Asks for an AOF rewrite as BGREWRITEAOF does, without a client:
    /// begun now (the log rotates, see "The AOF" in the crate docs), or
    /// scheduled behind a running snapshot or rewrite, or the load. The
    /// adapter asks for one to make durable again, through a new base,
    /// AOF bytes whose fsync failed under `appendfsync always` (a retried
    /// fsync does not prove them durable: runtimes/common/src/aof.rs).
    /// Nothing with `appendonly no`.
    pub fn request_aof_rewrite(&mut self, now: Millis) {
        self.store.advance_clock(now);
        if !self.store.config.appendonly {
            return;
        }
        self.store.persistence.aof.rewrite_scheduled = true;
        if self.store.check_aof_rewrite() {
            self.announce_snapshot();
        }
    }

    /// Whether an AOF rewrite runs (INFO's `aof_rewrite_in_progress`).
    pub fn aof_rewrite_in_progress(&self) -> bool {
        self.store.aof_rewrite_in_progress()
    }

    /// Reports the AOF's base size after a rewrite or a load at start
    /// (`aof_base_size`, the reference for automatic rewrites).
    pub fn aof_base_size(&mut self, size: u64) {
        self.store.persistence.aof.base_size = size;
        self.store.persistence.aof.current_size = self.store.persistence.aof.current_size.max(size);
    }

    /// A signal (SIGTERM, SIGINT) asks the server to stop. With save points
    /// set, the core first produces a snapshot (abandoning a background
    /// one) and announces [`Event::Shutdown`] once the adapter reports it
    /// written; if that fails the server goes on, as Redis does. Without
    /// save points, [`Event::Shutdown`] comes at once.
    pub fn shutdown_requested(&mut self, now: Millis) {
        self.store.advance_clock(now);
        // While loading, the partial dataset is never saved (as Redis).
        if self.store.config.save_points.is_empty() || self.loading.is_some() {
            self.events.push_back(Event::Shutdown);
            return;
        }
        // A SAVE's snapshot being written is waited for instead (its
        // image predates the signal by the time the adapter writes it).
        if self.store.abort_background_snapshot() {
            self.store.begin_snapshot_at_once(SaveKind::Foreground);
        }
        let force = self.store.persistence.shutdown_on_save.unwrap_or(false);
        self.store.persistence.shutdown_on_save = Some(force);
        self.announce_snapshot();
    }

    /// Queues [`Event::Snapshot`] when the snapshot has something for the
    /// adapter, once until it is taken.
    pub(super) fn announce_snapshot(&mut self) {
        self.announce_snapshot_over(1);
    }

    /// After a client's input: announces the snapshot only once it has
    /// [`SNAPSHOT_ANNOUNCE_BYTES`] (or its start or end). Under a busy
    /// writer nearly every input leaves a few pre-images, and announcing
    /// each woke the adapter's writer thread for a few hundred bytes ten
    /// thousand times a second, every wake-up taking the core's lock from
    /// the clients; the timer's slices announce whatever there is, so the
    /// rest waits at most one slice.
    pub(super) fn announce_snapshot_batch(&mut self) {
        self.announce_snapshot_over(SNAPSHOT_ANNOUNCE_BYTES);
    }

    fn announce_snapshot_over(&mut self, min_bytes: usize) {
        if !self.snapshot_announced && self.store.snapshot_has_output(min_bytes) {
            self.snapshot_announced = true;
            self.events.push_back(Event::Snapshot);
        }
    }

    /// Whether a client waits for a snapshot to be written (tests).
    pub fn awaiting_save(&self, client: ClientId) -> bool {
        self.sessions
            .get(&client.0)
            .is_some_and(|session| session.client.awaiting_save.is_some())
    }
}
