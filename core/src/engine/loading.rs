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

use super::Server;
use crate::persistence::rdb::snapshot::FileLoad;
use crate::store::DatasetLoading;
use crate::Millis;

/// Keys one [`Server::load_step`] stores at most (a few milliseconds of
/// work for small keys; Redis serves clients every 2 MB it loads).
pub const LOAD_KEYS_PER_STEP: usize = 10_000;

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
        self.loading = Some(DatasetLoad { bytes, file });
        Ok(())
    }

    /// Loads the next slice (at most [`LOAD_KEYS_PER_STEP`] keys). `None`
    /// while more is left (call again, after serving clients); at the end
    /// `Some(Ok(keys loaded))`, or `Some(Err(message))` with the databases
    /// emptied again. `Some(Ok(0))` when no load runs.
    pub fn load_step(&mut self, now: Millis) -> Option<Result<u64, String>> {
        self.store.advance_clock(now);
        let Some(load) = self.loading.as_mut() else {
            return Some(Ok(0));
        };
        let now = self.store.now;
        let stepped = load
            .file
            .step(&mut self.store, &load.bytes, now, LOAD_KEYS_PER_STEP);
        if let Some(progress) = self.store.persistence.dataset_loading.as_mut() {
            progress.loaded_bytes = load.file.position() as u64;
            progress.rdb_used_mem = load.file.used_mem();
        }
        let done = match stepped {
            Ok(false) => return None,
            Ok(true) => Ok(()),
            Err(e) => Err(e),
        };
        let load = self.loading.take()?;
        self.store.persistence.dataset_loading = None;
        let (counts, libraries) = load.file.finish();
        let outcome = done.and_then(|()| {
            self.scripting
                .load_libraries(&mut self.store, &libraries)
                .map_err(|e| format!("Failed loading the RDB file's functions: {e}"))
        });
        self.store.persistence.last_save_at = now;
        match outcome {
            Ok(()) => {
                self.store.persistence.last_load_loaded = counts.loaded;
                self.store.persistence.last_load_expired = counts.expired;
                Some(Ok(counts.loaded))
            }
            Err(e) => {
                for db in &mut self.store.dbs {
                    db.clear();
                }
                self.store.functions.flush();
                Some(Err(e))
            }
        }
    }

    /// Whether a dataset load runs ([`Server::begin_dataset_load`]).
    pub fn loading(&self) -> bool {
        self.loading.is_some()
    }
}
