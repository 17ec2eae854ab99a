//! Loading an AOF at start in slices while clients are connected, as a
//! snapshot file loads (engine/loading.rs): the adapter reads the AOF's
//! files (base, then incremental files, in the manifest's order) and hands
//! them to [`Server::begin_aof_load`], then calls [`Server::load_step`]
//! until it reports the end. Meanwhile clients get `-LOADING` and INFO
//! shows `loading:1` with the progress over all the files' bytes (Redis's
//! `loading_total_bytes` for an AOF is the size of all its files).
//!
//! Each step does bounded work: an RDB base (or an old file's RDB
//! preamble) stores at most [`LOAD_KEYS_PER_STEP`] keys, records run at
//! most [`LOAD_KEYS_PER_STEP`] of them or [`AOF_LOAD_BYTES_PER_STEP`]
//! bytes (one record at least, whatever its size), and the last phase
//! moves at most [`LOAD_KEYS_PER_STEP`] deadlines.
//!
//! ## Time stands still for the records
//!
//! A log's records run as they ran when they were logged: no deadline is
//! past while they load (engine/replay.rs). A whole-log load does it by
//! putting the clock on the Unix epoch at time 0 for the load's duration;
//! here clients call in between two steps, and their calls move the clock
//! and read it (TIME, INFO, CLIENT LIST), so the choice is to make time
//! stand still per step instead: each step enters log time (clock base
//! at the epoch, clock at 0, no eviction, no write log) and leaves it
//! before returning, so between two steps the clock is the real one and
//! clients see it as usual. Deadlines stay Unix times for the whole
//! load (the base's keys are stored in log time too): between two steps
//! they are not on the clock, which is harmless because nothing expires
//! or is evicted while a dataset loads (`Store::dataset_still`)
//! and no client can read or change a key (every command without the
//! `loading` flag is refused). The last phase moves them onto the clock,
//! a bounded number per step, walking each database's deadline index in
//! order (`Db::deadlines_after`): a moved deadline goes
//! before the walk's position, so each key is moved exactly once.
//!
//! ## Errors
//!
//! A base that is not an RDB file nor records, a record that is not one,
//! an unknown command, a torn base, or a torn incremental file other than
//! the last (or the last with `aof-load-truncated no`) end the load with
//! the message the adapter exits with; nothing stays loaded. A torn last
//! file with `aof-load-truncated yes` loads up to its last whole record
//! (and whole transaction): [`AofLoaded::truncated`] tells the adapter
//! where to cut the file.

use super::loading::LOAD_KEYS_PER_STEP;
use super::replay::{enter_log_time, leave_log_time, Records};
use super::Server;
use crate::persistence::rdb::snapshot::FileLoad;
use crate::Millis;

/// Bytes of records one step runs at most (Redis serves clients every
/// 1024 records it loads from an AOF; this bounds huge records too).
pub const AOF_LOAD_BYTES_PER_STEP: usize = 1 << 20;

/// One file of an AOF, as the adapter read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AofFile {
    /// How messages name the file (its path).
    pub name: String,
    pub bytes: Vec<u8>,
    /// The base: an RDB file (whose bytes after the RDB part, in an old
    /// single file with an RDB preamble, are records) or records. A torn
    /// base is an error, whatever `aof-load-truncated` says.
    pub base: bool,
}

/// How an AOF load ended ([`super::Loaded::Aof`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AofLoaded {
    /// The last file ended torn and `aof-load-truncated` is yes: its
    /// index among the files given and the length of its whole records,
    /// which the adapter truncates it to (with Redis's warning).
    pub truncated: Option<(usize, u64)>,
    /// Records run, over all the files.
    pub commands: u64,
}

/// An AOF being loaded: the files, the one loading and where.
pub(super) struct AofLoad {
    files: Vec<AofFile>,
    /// Index of the file loading (`files.len()` once the last is done).
    file: usize,
    /// Bytes of the files before it (INFO's progress).
    done_bytes: u64,
    phase: Phase,
    outcome: AofLoaded,
}

enum Phase {
    /// The base's RDB part (its header checked already).
    Rdb(FileLoad),
    /// The current file's records from byte `at` on.
    Records { records: Box<Records>, at: usize },
    /// Every file is in: the deadlines move onto the clock, per
    /// database, from after the last index position moved.
    Settle {
        db: usize,
        after: Option<(Millis, u64)>,
    },
}

impl Server {
    /// Starts loading an AOF's files (in load order: the base, if any,
    /// then the incremental files) into the empty databases, in slices
    /// ([`Server::load_step`]) with clients possibly connected. A base's
    /// RDB header is checked now. `Err` (databases not empty, a load
    /// already running, a bad RDB header) is a message for the operator.
    pub fn begin_aof_load(&mut self, files: Vec<AofFile>, now: Millis) -> Result<(), String> {
        self.store.advance_clock(now);
        if self.store.key_count() > 0 || self.loading.is_some() {
            return Err("begin_aof_load needs empty databases".into());
        }
        let total_bytes = files.iter().map(|f| f.bytes.len() as u64).sum();
        let mut load = AofLoad {
            files,
            file: 0,
            done_bytes: 0,
            phase: Phase::Settle { db: 0, after: None },
            outcome: AofLoaded::default(),
        };
        load.phase = load.open_file(&self.store)?;
        self.store.persistence.dataset_loading = Some(crate::store::DatasetLoading {
            started_at: self.store.now,
            total_bytes,
            rdb_used_mem: 0,
            loaded_bytes: 0,
        });
        self.loading = Some(super::loading::Load::Aof(Box::new(load)));
        Ok(())
    }

    /// One bounded slice of the AOF load: `Ok(None)` while more is left,
    /// `Ok(Some(outcome))` once everything is in.
    pub(super) fn aof_load_step(
        &mut self,
        load: &mut AofLoad,
    ) -> Result<Option<AofLoaded>, String> {
        if let Phase::Settle { db, after } = &mut load.phase {
            if settle_deadlines(&mut self.store, db, after) {
                return Ok(Some(std::mem::take(&mut load.outcome)));
            }
            return Ok(None);
        }
        let time = enter_log_time(&mut self.store);
        let stepped = self.aof_file_step(load);
        leave_log_time(&mut self.store, &time);
        let file_done = stepped?;
        if file_done {
            load.done_bytes += load.files[load.file].bytes.len() as u64;
            // The file's bytes are not needed any more.
            load.files[load.file].bytes = Vec::new();
            load.file += 1;
            load.phase = load.open_file(&self.store)?;
        }
        if let Some(progress) = self.store.persistence.dataset_loading.as_mut() {
            progress.loaded_bytes = load.done_bytes + load.position() as u64;
        }
        Ok(None)
    }

    /// A slice of the current file, in log time. `Ok(true)` when the file
    /// is done.
    fn aof_file_step(&mut self, load: &mut AofLoad) -> Result<bool, String> {
        let file = &load.files[load.file];
        match &mut load.phase {
            Phase::Rdb(rdb) => {
                let done = rdb
                    .step(&mut self.store, &file.bytes, 0, LOAD_KEYS_PER_STEP)
                    .map_err(|e| format!("{e} ({})", file.name))?;
                if let Some(progress) = self.store.persistence.dataset_loading.as_mut() {
                    progress.rdb_used_mem = rdb.used_mem();
                }
                if !done {
                    return Ok(false);
                }
                let at = rdb.position();
                let Phase::Rdb(rdb) = std::mem::replace(
                    &mut load.phase,
                    Phase::Records {
                        records: Box::new(Records::new()),
                        at,
                    },
                ) else {
                    return Ok(false);
                };
                let (_, libraries) = rdb.finish();
                self.scripting
                    .load_libraries(&mut self.store, &libraries)
                    .map_err(|e| format!("Failed loading the RDB file's functions: {e}"))?;
                if let Phase::Records { records, .. } = &mut load.phase {
                    records.offset = at as u64;
                }
                Ok(at >= file.bytes.len())
            }
            Phase::Records { records, at } => {
                let rest = file.bytes.get(*at..).unwrap_or_default();
                let ran = self
                    .run_records(records, rest, LOAD_KEYS_PER_STEP, AOF_LOAD_BYTES_PER_STEP)
                    .map_err(|e| format!("{e} ({})", file.name))?;
                *at += ran;
                let cut = *at < file.bytes.len();
                if cut && ran > 0 {
                    return Ok(false);
                }
                // The end of the file, or a record cut short there.
                let (valid_len, torn) = self.end_records(records, cut);
                load.outcome.commands += records.commands;
                if !torn {
                    return Ok(true);
                }
                let last = load.file + 1 == load.files.len();
                if file.base {
                    return Err(format!(
                        "Unexpected end of file reading the append only file {}",
                        file.name
                    ));
                }
                if !last || !self.store.config.aof_load_truncated() {
                    return Err(format!(
                        "Unexpected end of file reading the append only file {}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.",
                        file.name
                    ));
                }
                load.outcome.truncated = Some((load.file, valid_len));
                Ok(true)
            }
            Phase::Settle { .. } => Ok(true),
        }
    }
}

impl AofLoad {
    /// The phase that loads the current file (the deadlines' move once
    /// every file is in).
    fn open_file(&self, store: &crate::store::Store) -> Result<Phase, String> {
        let Some(file) = self.files.get(self.file) else {
            return Ok(Phase::Settle { db: 0, after: None });
        };
        if file.base && file.bytes.starts_with(b"REDIS") {
            // Keys past their deadline stay: the records after the base
            // were logged against them.
            let rdb = FileLoad::begin(store, &file.bytes, false, true)
                .map_err(|e| format!("{e} ({})", file.name))?;
            return Ok(Phase::Rdb(rdb));
        }
        Ok(Phase::Records {
            records: Box::new(Records::new()),
            at: 0,
        })
    }

    /// Bytes of the current file loaded.
    fn position(&self) -> usize {
        match &self.phase {
            Phase::Rdb(rdb) => rdb.position(),
            Phase::Records { at, .. } => *at,
            Phase::Settle { .. } => 0,
        }
    }
}

/// Moves the deadlines of at most [`LOAD_KEYS_PER_STEP`] keys from Unix
/// times onto the clock. True once every database is done.
fn settle_deadlines(
    store: &mut crate::store::Store,
    db: &mut usize,
    after: &mut Option<(Millis, u64)>,
) -> bool {
    let base = store.host.unix_time_at_zero_ms;
    let mut left = LOAD_KEYS_PER_STEP;
    while *db < store.dbs.len() {
        let batch = store.dbs[*db].deadlines_after(*after, left);
        if batch.is_empty() {
            *db += 1;
            *after = None;
            continue;
        }
        left = left.saturating_sub(batch.len());
        for (position, key) in batch {
            *after = Some(position);
            if base > 0 {
                let database = &mut store.dbs[*db];
                if let Some(unix_at) = database.peek_expire_at(&key) {
                    // `now` 0: every key is live for the move.
                    database.set_expire(&key, Some(unix_at.saturating_sub(base)), 0);
                }
            }
        }
        if left == 0 {
            return false;
        }
    }
    true
}
