//! The RDB codec as the snapshot stream's file format: what SAVE, BGSAVE,
//! the save points and an AOF rewrite's base write, and what
//! [`load_file`] reads back at start.
//!
//! The stream (store/snapshot_stream.rs) drives the pieces in file order
//! and keeps the running CRC-64 as a plain `u64`; this format only turns
//! each piece into RDB bytes, with the settings and header facts of the
//! moment the snapshot started.

use std::sync::Arc;

use super::crc64::crc64_resume;
use super::file::{
    standard_aux, write_function, write_header, write_key, write_resize_db, write_select_db,
    FileReader, ReaderState, Record, Stored,
};
use super::{kind, LoadLimits, SaveOptions};
use crate::store::snapshot_stream::{SnapshotFormat, SnapshotUse};
use crate::store::Store;
use crate::types::Value;
use crate::Millis;

/// RDB version 10 as redis-server 7.0 writes it.
pub(crate) struct RdbFormat {
    options: SaveOptions,
    aux: Vec<(Vec<u8>, Vec<u8>)>,
    /// The function libraries' code when the snapshot started (written
    /// after the header, as Redis 7.0 does).
    libraries: Vec<Vec<u8>>,
}

/// The engine's [`crate::store::snapshot_stream::FormatMaker`]: RDB with
/// `rdbcompression` and `list-max-listpack-size` as they are now, and
/// Redis's aux fields (`aof-base` 1 for an AOF's base).
pub(crate) fn rdb_format(store: &Store, purpose: SnapshotUse) -> Arc<dyn SnapshotFormat> {
    Arc::new(RdbFormat {
        options: SaveOptions::from_store(store),
        aux: standard_aux(
            store.unix_now_ms() / 1000,
            store.used_memory() as u64,
            purpose == SnapshotUse::AofBase,
        ),
        libraries: store
            .functions
            .libraries()
            .map(|library| library.code.clone())
            .collect(),
    })
}

impl SnapshotFormat for RdbFormat {
    fn header(&self, out: &mut Vec<u8>) {
        let aux: Vec<(&[u8], &[u8])> = self
            .aux
            .iter()
            .map(|(name, value)| (name.as_slice(), value.as_slice()))
            .collect();
        write_header(out, &aux);
        for code in &self.libraries {
            write_function(out, code, &self.options);
        }
    }

    fn db_start(&self, db: usize, keys: usize, expires: usize, out: &mut Vec<u8>) {
        write_select_db(out, db);
        write_resize_db(out, keys as u64, expires as u64);
    }

    fn select_db(&self, db: usize, out: &mut Vec<u8>) {
        write_select_db(out, db);
    }

    fn entry(&self, key: &[u8], value: &Value, expire_at_unix_ms: Option<u64>, out: &mut Vec<u8>) {
        let expire = expire_at_unix_ms.map(|at| i64::try_from(at).unwrap_or(i64::MAX));
        write_key(out, key, value, expire, &self.options);
    }

    fn footer(&self, digest: u64, out: &mut Vec<u8>) {
        // The checksum covers the EOF opcode, as in Redis.
        out.push(kind::EOF);
        let crc = crc64_resume(digest, &[kind::EOF]);
        out.extend_from_slice(&crc.to_le_bytes());
    }

    fn digest(&self, digest: u64, bytes: &[u8]) -> u64 {
        crc64_resume(digest, bytes)
    }
}

/// What [`load_file`] read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LoadCounts {
    /// Keys stored.
    pub loaded: u64,
    /// Keys skipped because their deadline had passed.
    pub expired: u64,
    /// Bytes the file's RDB part took (an AOF base with an RDB preamble
    /// may go on with AOF records after them).
    pub rdb_len: usize,
}

/// What [`load_file`] leaves for the engine: the function libraries' code,
/// which only the scripting layer can compile and register.
pub(crate) type LoadedLibraries = Vec<Vec<u8>>;

/// An RDB file being loaded into a store in slices: the caller keeps the
/// bytes and hands them to each [`FileLoad::step`], which reads at most a
/// budget of keys. Keys past their deadline are skipped (unless
/// `keep_expired`: an AOF's base), a key met twice
/// (or already there) is an error (Redis stops with "duplicated key")
/// unless `replace` (DEBUG RELOAD MERGE: the file's value wins). Errors
/// are messages for the operator; the caller clears what was half loaded.
pub(crate) struct FileLoad {
    state: ReaderState,
    limits: LoadLimits,
    replace: bool,
    keep_expired: bool,
    counts: LoadCounts,
    libraries: LoadedLibraries,
    /// The file's `used-mem` aux field (INFO's `loading_rdb_used_mem`).
    used_mem: u64,
    /// The database of the section being read (its RESIZEDB hint sizes it).
    db: usize,
    done: bool,
}

impl FileLoad {
    /// Checks the magic and version of `bytes`.
    pub fn begin(
        store: &Store,
        bytes: &[u8],
        replace: bool,
        keep_expired: bool,
    ) -> Result<FileLoad, String> {
        let limits = LoadLimits::from_store(store);
        let reader = FileReader::new(bytes, limits).map_err(|e| e.to_string())?;
        Ok(FileLoad {
            state: reader.state(),
            limits,
            replace,
            keep_expired,
            counts: LoadCounts::default(),
            libraries: Vec::new(),
            used_mem: 0,
            db: 0,
            done: false,
        })
    }

    /// Reads on through `bytes` (the same as given to [`FileLoad::begin`])
    /// storing at most `keys` keys (and the records between them) at
    /// `now`. `Ok(true)` once the end and the checksum are read.
    pub fn step(
        &mut self,
        store: &mut Store,
        bytes: &[u8],
        now: Millis,
        keys: usize,
    ) -> Result<bool, String> {
        if self.done {
            return Ok(true);
        }
        let mut reader = FileReader::resume(bytes, self.state, self.limits);
        let mut left = keys;
        while left > 0 {
            let Some(record) = reader.next_record().map_err(|e| e.to_string())? else {
                self.done = true;
                break;
            };
            match record {
                Record::Key(key) => {
                    left -= 1;
                    if key.db >= store.dbs.len() {
                        return Err(format!("database {} out of range", key.db));
                    }
                    let db = key.db;
                    match key.store_into(store, now, self.keep_expired, self.replace) {
                        Stored::Kept => self.counts.loaded += 1,
                        Stored::Expired => self.counts.expired += 1,
                        Stored::Duplicate(name) => {
                            return Err(format!(
                                "RDB has duplicated key '{}' in DB {db}",
                                String::from_utf8_lossy(&name)
                            ));
                        }
                    }
                }
                Record::Function(code) => self.libraries.push(code),
                Record::Aux { name, value } => {
                    if name == b"used-mem" {
                        self.used_mem = std::str::from_utf8(&value)
                            .ok()
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                    }
                }
                Record::SelectDb(db) => self.db = db,
                Record::ResizeDb { keys, .. } => {
                    // Room for the section's keys at once rather than
                    // rehashing the map a dozen times while it fills (a
                    // tenth of a load's time). At most one key per 4 bytes
                    // left in the file: a hint never allocates beyond
                    // what the file could hold.
                    let left = bytes.len().saturating_sub(reader.position()) / 4;
                    if let Some(db) = store.dbs.get_mut(self.db) {
                        db.reserve(usize::try_from(keys).unwrap_or(usize::MAX).min(left));
                    }
                }
            }
        }
        self.state = reader.state();
        self.counts.rdb_len = reader.position();
        Ok(self.done)
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.counts.rdb_len
    }

    /// The file's `used-mem` aux field, 0 until read (or without one).
    pub fn used_mem(&self) -> u64 {
        self.used_mem
    }

    /// What was loaded, and the libraries' code for the engine.
    pub fn finish(self) -> (LoadCounts, LoadedLibraries) {
        (self.counts, self.libraries)
    }
}

/// Loads a whole RDB file into `store` in one call (see [`FileLoad`]; a
/// key already there is an error).
pub(crate) fn load_file(
    store: &mut Store,
    bytes: &[u8],
    now: Millis,
    keep_expired: bool,
    libraries: &mut LoadedLibraries,
) -> Result<LoadCounts, String> {
    let mut load = FileLoad::begin(store, bytes, false, keep_expired)?;
    load.step(store, bytes, now, usize::MAX)?;
    let (counts, loaded) = load.finish();
    libraries.extend(loaded);
    Ok(counts)
}
