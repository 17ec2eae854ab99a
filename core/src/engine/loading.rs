//! Loading a dataset while clients are connected: the adapter starts
//! accepting clients first, hands the snapshot file's bytes to
//! [`Server::begin_dataset_load`], then calls [`Server::load_step`] until
//! it reports the end, yielding to its clients between two calls. Each
//! step stores a bounded number of keys ([`LOAD_KEYS_PER_STEP`]).
//! Meanwhile every command without Redis's `loading` flag gets
//! `-LOADING Redis is loading the dataset in memory` (checked in
//! dispatch.rs) and INFO persistence shows `loading:1` with Redis's
//! `loading_*` progress fields. The load stays all or nothing: on an error
//! nothing half loaded stays behind and the adapter exits with the
//! message, as it does for a file that fails at once.
//!
//! An AOF loads the same way ([`Server::begin_aof_load`], then the same
//! [`Server::load_step`] calls): see engine/aof_loading.rs.

use super::aof_loading::{AofLoad, AofLoaded};
use super::Server;
use crate::persistence::rdb::snapshot::FileLoad;
use crate::store::DatasetLoading;
use crate::Millis;

/// Keys one [`Server::load_step`] stores at most (a few milliseconds of
/// work for small keys; Redis serves clients every 2 MB it loads).
pub const LOAD_KEYS_PER_STEP: usize = 10_000;

/// How a dataset load ended ([`Server::load_step`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// A snapshot file: the keys stored.
    Snapshot { keys: u64 },
    /// An AOF.
    Aof(AofLoaded),
}

/// The dataset load running.
pub(super) enum Load {
    Snapshot(DatasetLoad),
    Aof(Box<AofLoad>),
}

/// The snapshot being loaded and the reader's place in it.
pub(super) struct DatasetLoad {
    bytes: Vec<u8>,
    file: FileLoad,
}

impl Server {
    /// Starts loading a snapshot file's bytes into the empty databases in
    /// slices ([`Server::load_step`]), with clients possibly connected.
    /// `Err` (not an RDB file, databases not empty, a load already
    /// running) is a message for the operator.
    pub fn begin_dataset_load(&mut self, bytes: Vec<u8>, now: Millis) -> Result<(), String> {
        self.store.advance_clock(now);
        if self.store.key_count() > 0 || self.loading.is_some() {
            return Err("begin_dataset_load needs empty databases".into());
        }
        let file = FileLoad::begin(&self.store, &bytes, false, false)?;
        self.store.persistence.dataset_loading = Some(DatasetLoading {
            started_at: self.store.now,
            total_bytes: bytes.len() as u64,
            rdb_used_mem: 0,
            loaded_bytes: 0,
        });
        self.loading = Some(Load::Snapshot(DatasetLoad { bytes, file }));
        Ok(())
    }

    /// Loads the next slice (bounded: at most [`LOAD_KEYS_PER_STEP`] keys
    /// of a snapshot; see engine/aof_loading.rs for an AOF). `None` while
    /// more is left (call again, after serving clients); at the end
    /// `Some(Ok(how))`, or `Some(Err(message))` with the databases emptied
    /// again. `Some(Ok(Loaded::Snapshot { keys: 0 }))` when no load runs.
    pub fn load_step(&mut self, now: Millis) -> Option<Result<Loaded, String>> {
        self.store.advance_clock(now);
        match self.loading.take() {
            None => Some(Ok(Loaded::Snapshot { keys: 0 })),
            Some(Load::Snapshot(mut load)) => match self.snapshot_step(&mut load) {
                None => {
                    self.loading = Some(Load::Snapshot(load));
                    None
                }
                Some(done) => {
                    let keys = self.finish_snapshot(load, done);
                    Some(self.end_load(keys, |keys| Loaded::Snapshot { keys }))
                }
            },
            Some(Load::Aof(mut load)) => match self.aof_load_step(&mut load) {
                Ok(None) => {
                    self.loading = Some(Load::Aof(load));
                    None
                }
                Ok(Some(loaded)) => Some(self.end_load(Ok(loaded), Loaded::Aof)),
                Err(e) => Some(self.end_load(Err(e), Loaded::Aof)),
            },
        }
    }

    /// A slice of a snapshot file: `None` while more is left, then
    /// whether the file read well.
    fn snapshot_step(&mut self, load: &mut DatasetLoad) -> Option<Result<(), String>> {
        let now = self.store.now;
        let stepped = load
            .file
            .step(&mut self.store, &load.bytes, now, LOAD_KEYS_PER_STEP);
        if let Some(progress) = self.store.persistence.dataset_loading.as_mut() {
            progress.loaded_bytes = load.file.position() as u64;
            progress.rdb_used_mem = load.file.used_mem();
        }
        match stepped {
            Ok(false) => None,
            Ok(true) => Some(Ok(())),
            Err(e) => Some(Err(e)),
        }
    }

    /// The snapshot's functions in after its keys: the keys stored (or
    /// the error).
    fn finish_snapshot(
        &mut self,
        load: DatasetLoad,
        read: Result<(), String>,
    ) -> Result<u64, String> {
        let (counts, libraries) = load.file.finish();
        let outcome = read.and_then(|()| {
            self.scripting
                .load_libraries(&mut self.store, &libraries)
                .map_err(|e| format!("Failed loading the RDB file's functions: {e}"))
        });
        self.store.persistence.last_save_at = self.store.now;
        outcome.map(|()| {
            self.store.persistence.last_load_loaded = counts.loaded;
            self.store.persistence.last_load_expired = counts.expired;
            counts.loaded
        })
    }

    /// Leaves the loading state; on an error nothing stays loaded.
    fn end_load<T>(
        &mut self,
        outcome: Result<T, String>,
        how: impl FnOnce(T) -> Loaded,
    ) -> Result<Loaded, String> {
        self.store.persistence.dataset_loading = None;
        match outcome {
            Ok(done) => Ok(how(done)),
            Err(e) => {
                for db in &mut self.store.dbs {
                    db.clear();
                }
                self.store.functions.flush();
                Err(e)
            }
        }
    }

    /// Whether a dataset load runs ([`Server::begin_dataset_load`]).
    pub fn loading(&self) -> bool {
        self.loading.is_some()
    }
}
