//! RDB, version 10 (the format of Redis 7.0): one value ([`value_encode`],
//! [`value_decode`]), a DUMP payload ([`dump_payload`], [`restore_payload`]),
//! and a whole file ([`file`]), as pure functions over bytes.
//!
//! The pieces, one job each: [`crc64`] (the checksum), [`lzf`] (string
//! compression), [`encoding`] (lengths, strings, numbers), [`packed`]
//! (listpack, ziplist, zipmap, intset blobs), [`value_encode`] and
//! [`value_decode`] (a value of each type), [`file`] (header, aux fields,
//! databases, keys, end and checksum; incremental both ways), [`snapshot`]
//! (the snapshot stream's file format, and loading a file at start).

pub mod crc64;
pub mod encoding;
// The whole-file codec: DEBUG RELOAD and the AOF base written at start
// use `encode_store`, loads read through `FileReader`; `FileWriter` and
// `decode_file` serve the tests.
#[allow(dead_code)]
pub mod file;
pub mod function_payload;
pub mod lzf;
pub mod packed;
pub(crate) mod snapshot;
pub mod value_decode;
pub mod value_encode;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod interop_tests;

use std::fmt;

use crate::store::Store;
use crate::types::{HashLimits, Value, ZSetLimits};

/// The RDB version written (Redis 7.0's `RDB_VERSION`), and the newest
/// read.
pub const RDB_VERSION: u16 = 10;

/// Type bytes (`RDB_TYPE_*`) and opcodes (`RDB_OPCODE_*`).
pub mod kind {
    pub const STRING: u8 = 0;
    pub const LIST: u8 = 1;
    pub const SET: u8 = 2;
    pub const ZSET: u8 = 3;
    pub const HASH: u8 = 4;
    pub const ZSET_2: u8 = 5;
    pub const MODULE_PRE_GA: u8 = 6;
    pub const MODULE_2: u8 = 7;
    pub const HASH_ZIPMAP: u8 = 9;
    pub const LIST_ZIPLIST: u8 = 10;
    pub const SET_INTSET: u8 = 11;
    pub const ZSET_ZIPLIST: u8 = 12;
    pub const HASH_ZIPLIST: u8 = 13;
    pub const LIST_QUICKLIST: u8 = 14;
    pub const STREAM_LISTPACKS: u8 = 15;
    pub const HASH_LISTPACK: u8 = 16;
    pub const ZSET_LISTPACK: u8 = 17;
    pub const LIST_QUICKLIST_2: u8 = 18;
    pub const STREAM_LISTPACKS_2: u8 = 19;
    /// Redis 7.2's types, read when trivial (a RESTORE of a 7.2 payload
    /// still fails on its version, as in 7.0).
    pub const SET_LISTPACK: u8 = 20;
    pub const STREAM_LISTPACKS_3: u8 = 21;

    pub const FUNCTION2: u8 = 245;
    pub const FUNCTION_PRE_GA: u8 = 246;
    pub const MODULE_AUX: u8 = 247;
    pub const IDLE: u8 = 248;
    pub const FREQ: u8 = 249;
    pub const AUX: u8 = 250;
    pub const RESIZEDB: u8 = 251;
    pub const EXPIRETIME_MS: u8 = 252;
    pub const EXPIRETIME: u8 = 253;
    pub const SELECTDB: u8 = 254;
    pub const EOF: u8 = 255;
}

/// Why bytes could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RdbError {
    /// The input ends (or a length points) past its last byte.
    Truncated,
    /// Not an RDB file: no `REDIS` magic or a version that is not a number.
    BadMagic,
    /// A version this loader does not read (above 10).
    UnsupportedVersion(u32),
    /// The stored checksum differs from the computed one.
    BadChecksum { stored: u64, computed: u64 },
    /// A type byte or opcode that no Redis up to 7.2 writes.
    UnknownType(u8),
    /// Module values or module aux data: no modules here.
    ModuleData,
    /// A collection without elements (skipped when loading a file).
    EmptyKey,
    /// Anything else malformed, with what.
    Corrupt(&'static str),
}

impl fmt::Display for RdbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RdbError::Truncated => f.write_str("Unexpected EOF reading RDB file"),
            RdbError::BadMagic => f.write_str("Wrong signature trying to load DB from file"),
            RdbError::UnsupportedVersion(v) => write!(f, "Can't handle RDB format version {v}"),
            RdbError::BadChecksum { stored, computed } => write!(
                f,
                "Wrong RDB checksum expected: ({stored:x}) got ({computed:x})"
            ),
            RdbError::UnknownType(t) => write!(f, "Unknown RDB encoding type {t}"),
            RdbError::ModuleData => {
                f.write_str("The RDB file contains module data, which this server cannot load")
            }
            RdbError::EmptyKey => f.write_str("Empty key"),
            RdbError::Corrupt(what) => write!(f, "Bad RDB data: {what}"),
        }
    }
}

impl std::error::Error for RdbError {}

/// How values are written.
#[derive(Debug, Clone, Copy)]
pub struct SaveOptions {
    /// `rdbcompression`: LZF for strings over 20 bytes.
    pub compress: bool,
    /// `list-max-listpack-size`, which sizes quicklist nodes.
    pub list_fill: i32,
}

impl SaveOptions {
    /// The options in force in `store`: `rdbcompression` (`yes` by
    /// default) and `list-max-listpack-size`.
    pub fn from_store(store: &Store) -> SaveOptions {
        SaveOptions {
            compress: store.config.rdbcompression,
            list_fill: store.config.list_max_listpack_size,
        }
    }
}

/// What loading needs to build values as the server would hold them.
#[derive(Debug, Clone, Copy)]
pub struct LoadLimits {
    pub set_max_intset_entries: usize,
    pub hash: HashLimits,
    pub zset: ZSetLimits,
    /// Seed of a set's hasher.
    pub seed: u64,
}

impl LoadLimits {
    /// The limits of a default configuration (tests, fuzzing).
    pub fn defaults() -> LoadLimits {
        let store = Store::new(
            crate::config::Config::default(),
            crate::config::Host::default(),
            0,
        );
        LoadLimits::from_store(&store)
    }

    pub fn from_store(store: &Store) -> LoadLimits {
        let config = &store.config;
        LoadLimits {
            set_max_intset_entries: config.set_max_intset_entries,
            hash: HashLimits {
                max_entries: config.hash_max_listpack_entries,
                max_value: config.hash_max_listpack_value,
                // The seed the hash commands use (commands/hashes.rs).
                seed: store.host.seed ^ 0x6861_7368_6861_7368,
            },
            zset: ZSetLimits {
                max_entries: usize::try_from(config.zset_max_listpack_entries)
                    .unwrap_or(usize::MAX),
                max_value: usize::try_from(config.zset_max_listpack_value).unwrap_or(usize::MAX),
            },
            seed: store.host.seed,
        }
    }
}

/// DUMP's payload: the value in RDB form, the RDB version (2 bytes, little
/// endian) and the CRC-64 of all that (8 bytes, little endian).
pub fn dump_payload(value: &Value, options: &SaveOptions) -> Vec<u8> {
    let mut out = Vec::new();
    value_encode::write_value(&mut out, value, options);
    out.extend_from_slice(&RDB_VERSION.to_le_bytes());
    let crc = crc64::crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Why a RESTORE payload was refused; each has its own error reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    /// Too short, a version above ours, or a checksum mismatch
    /// (`DUMP payload version or checksum are wrong`).
    VersionOrChecksum,
    /// The value itself is malformed (`Bad data format`).
    BadData(RdbError),
}

/// Checks a DUMP payload's footer (Redis's `verifyDumpPayload`).
pub fn verify_payload(payload: &[u8]) -> Result<(), PayloadError> {
    if payload.len() < 10 {
        return Err(PayloadError::VersionOrChecksum);
    }
    let body = payload.len() - 10;
    let version = u16::from_le_bytes([payload[body], payload[body + 1]]);
    if version > RDB_VERSION {
        return Err(PayloadError::VersionOrChecksum);
    }
    let mut stored = [0; 8];
    stored.copy_from_slice(&payload[body + 2..]);
    if crc64::crc64(&payload[..body + 2]) != u64::from_le_bytes(stored) {
        return Err(PayloadError::VersionOrChecksum);
    }
    Ok(())
}

/// The value of a RESTORE payload of any RDB version up to 10.
pub fn restore_payload(payload: &[u8], limits: &LoadLimits) -> Result<Value, PayloadError> {
    verify_payload(payload)?;
    let mut reader = encoding::Reader::new(&payload[..payload.len() - 10]);
    let rdb_type = reader.u8().map_err(PayloadError::BadData)?;
    value_decode::read_value(&mut reader, rdb_type, limits).map_err(PayloadError::BadData)
}

/// The fuzz harness's entry (`fuzz/fuzz_targets/rdb.rs`, replayed by
/// `core/tests/fuzz_corpus.rs`): `data` as a whole file, read record by
/// record, and as a value with a correct footer added, so mutations reach
/// the value decoder past the checksum. Neither may panic, and a value
/// that loads must write back canonically: dumping it, loading that and
/// dumping again gives the same bytes.
pub fn fuzz_one(data: &[u8]) {
    let limits = LoadLimits::defaults();
    if let Ok(mut reader) = file::FileReader::new(data, limits) {
        while let Ok(Some(_)) = reader.next_record() {}
    }
    let mut payload = data.to_vec();
    payload.extend_from_slice(&RDB_VERSION.to_le_bytes());
    let crc = crc64::crc64(&payload);
    payload.extend_from_slice(&crc.to_le_bytes());
    if let Ok(value) = restore_payload(&payload, &limits) {
        let options = SaveOptions {
            compress: true,
            list_fill: -2,
        };
        let once = dump_payload(&value, &options);
        match restore_payload(&once, &limits) {
            Ok(again) => assert_eq!(dump_payload(&again, &options), once, "dump is canonical"),
            Err(e) => panic!("a dumped value does not load: {e:?}"),
        }
    }
}
