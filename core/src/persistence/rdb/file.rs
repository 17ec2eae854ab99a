//! A whole RDB file: `REDIS0010`, aux fields, then per database SELECTDB,
//! RESIZEDB and its keys (each with its expiry), FUNCTION records, EOF and
//! the CRC-64 of everything before it.
//!
//! Both directions are incremental, so a background saver can write one
//! key at a time and a loader can take one record at a time:
//! [`FileWriter`] appends each piece to a buffer the caller may drain
//! between calls (it keeps the running checksum), and [`FileReader`]
//! yields one [`Record`] per call. [`encode_store`] and [`decode_file`]
//! do it all in one go.

use super::crc64::{crc64, Crc64};
use super::encoding::{write_len, write_millis, write_string, Reader};
use super::value_decode::read_value;
use super::value_encode::{rdb_type, write_value_body};
use super::{kind, LoadLimits, RdbError, SaveOptions, RDB_VERSION};
use crate::store::{Store, DATABASES};
use crate::types::Value;

/// The `redis-ver` aux field we write: the version we are compatible with.
pub const REDIS_VER: &str = "7.0.15";

/// Writes a file piece by piece into buffers the caller owns.
#[derive(Debug, Clone)]
pub struct FileWriter {
    crc: Crc64,
    options: SaveOptions,
}

impl FileWriter {
    pub fn new(options: SaveOptions) -> FileWriter {
        FileWriter {
            crc: Crc64::default(),
            options,
        }
    }

    fn wrote(&mut self, out: &[u8], start: usize) {
        self.crc.update(&out[start..]);
    }

    /// The magic, the version and the aux fields.
    pub fn header(&mut self, out: &mut Vec<u8>, aux: &[(&[u8], &[u8])]) {
        let start = out.len();
        write_header(out, aux);
        self.wrote(out, start);
    }

    /// SELECTDB and RESIZEDB before a database's keys.
    pub fn select_db(&mut self, out: &mut Vec<u8>, db: usize, keys: u64, expires: u64) {
        let start = out.len();
        write_select_db(out, db);
        write_resize_db(out, keys, expires);
        self.wrote(out, start);
    }

    /// One key: its expiry (Unix milliseconds) if any, type, name, value.
    pub fn key(&mut self, out: &mut Vec<u8>, key: &[u8], value: &Value, expire_at_ms: Option<i64>) {
        let start = out.len();
        write_key(out, key, value, expire_at_ms, &self.options);
        self.wrote(out, start);
    }

    /// A function library's code (`RDB_OPCODE_FUNCTION2`).
    #[allow(dead_code)] // for SAVE once FUNCTION exists (issue 12)
    pub fn function(&mut self, out: &mut Vec<u8>, code: &[u8]) {
        let start = out.len();
        write_function(out, code, &self.options);
        self.wrote(out, start);
    }

    /// EOF and the checksum.
    pub fn finish(mut self, out: &mut Vec<u8>) {
        let start = out.len();
        out.push(kind::EOF);
        self.wrote(out, start);
        out.extend_from_slice(&self.crc.value().to_le_bytes());
    }
}

// The pieces of a file, without the checksum (which [`FileWriter`] keeps,
// or the snapshot stream: persistence/rdb/snapshot.rs).

/// `REDIS0010` and the aux fields.
/// A function library's record (`RDB_OPCODE_FUNCTION2` and its code).
pub fn write_function(out: &mut Vec<u8>, code: &[u8], options: &SaveOptions) {
    out.push(kind::FUNCTION2);
    write_string(out, code, options.compress);
}

pub fn write_header(out: &mut Vec<u8>, aux: &[(&[u8], &[u8])]) {
    out.extend_from_slice(format!("REDIS{RDB_VERSION:04}").as_bytes());
    for (name, value) in aux {
        out.push(kind::AUX);
        write_string(out, name, false);
        write_string(out, value, false);
    }
}

/// SELECTDB: the following keys belong to `db`.
pub fn write_select_db(out: &mut Vec<u8>, db: usize) {
    out.push(kind::SELECTDB);
    write_len(out, db as u64);
}

/// RESIZEDB: the sizing hints of the selected database.
pub fn write_resize_db(out: &mut Vec<u8>, keys: u64, expires: u64) {
    out.push(kind::RESIZEDB);
    write_len(out, keys);
    write_len(out, expires);
}

/// One key: EXPIRETIME_MS if it has a deadline, then type, name, value.
pub fn write_key(
    out: &mut Vec<u8>,
    key: &[u8],
    value: &Value,
    expire_at_ms: Option<i64>,
    options: &SaveOptions,
) {
    if let Some(at) = expire_at_ms {
        out.push(kind::EXPIRETIME_MS);
        write_millis(out, at);
    }
    out.push(rdb_type(value));
    write_string(out, key, options.compress);
    write_value_body(out, value, options);
}

/// The aux fields Redis 7.0 writes on SAVE: `redis-ver`, `redis-bits`,
/// `ctime` (Unix seconds), `used-mem`, `aof-base` (1 in an AOF preamble).
pub fn standard_aux(unix_secs: u64, used_mem: u64, aof_base: bool) -> Vec<(Vec<u8>, Vec<u8>)> {
    vec![
        (b"redis-ver".to_vec(), REDIS_VER.as_bytes().to_vec()),
        (b"redis-bits".to_vec(), b"64".to_vec()),
        (b"ctime".to_vec(), unix_secs.to_string().into_bytes()),
        (b"used-mem".to_vec(), used_mem.to_string().into_bytes()),
        (
            b"aof-base".to_vec(),
            if aof_base {
                b"1".to_vec()
            } else {
                b"0".to_vec()
            },
        ),
    ]
}

/// The whole keyspace of `store` as an RDB file, in one call. Keys whose
/// deadline has passed but that were not reclaimed yet are written with
/// their deadline, as Redis does; a loader drops them.
pub fn encode_store(store: &Store, options: SaveOptions) -> Vec<u8> {
    encode_store_as(store, options, false)
}

/// [`encode_store`], as an AOF base (`aof-base` 1) when `aof_base`.
pub fn encode_store_as(store: &Store, options: SaveOptions, aof_base: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = FileWriter::new(options);
    let aux = standard_aux(
        store.unix_now_ms() / 1000,
        store.used_memory() as u64,
        aof_base,
    );
    let aux: Vec<(&[u8], &[u8])> = aux
        .iter()
        .map(|(k, v)| (k.as_slice(), v.as_slice()))
        .collect();
    writer.header(&mut out, &aux);
    for library in store.functions.libraries() {
        writer.function(&mut out, &library.code);
    }
    for (index, db) in store.dbs.iter().enumerate() {
        if db.len() == 0 {
            continue;
        }
        let expires = (0..db.len())
            .filter_map(|i| db.key_at(i))
            .filter(|(_, entry)| entry.has_deadline())
            .count();
        writer.select_db(&mut out, index, db.len() as u64, expires as u64);
        for i in 0..db.len() {
            let Some((key, entry)) = db.key_at(i) else {
                continue;
            };
            let expire = db.peek_expire_at(key).map(|at| store.unix_ms_of(at) as i64);
            writer.key(&mut out, key, &entry.value, expire);
        }
    }
    writer.finish(&mut out);
    out
}

/// One key read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedKey {
    /// The database (the last SELECTDB).
    pub db: usize,
    pub key: Vec<u8>,
    pub value: Value,
    /// Absolute Unix milliseconds (the caller converts to its clock and
    /// drops keys already expired, as a master does on load).
    pub expire_at_ms: Option<i64>,
    /// LRU idle seconds (`RDB_OPCODE_IDLE`), written under an LRU policy.
    pub idle_secs: Option<u64>,
    /// LFU counter (`RDB_OPCODE_FREQ`), written under an LFU policy.
    pub freq: Option<u8>,
}

/// What became of a loaded key ([`LoadedKey::store_into`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    Kept,
    /// Its deadline had passed: dropped.
    Expired,
    /// The key (given back) was there already and `replace` was off:
    /// nothing changed.
    Duplicate(Vec<u8>),
}

impl LoadedKey {
    /// Stores the key in `store` as a master loading at `now` does: a key
    /// whose deadline has passed is dropped, the others keep their
    /// deadline (converted to the core's clock) and their LRU idle time or
    /// LFU counter when the file had one. A key already there is replaced
    /// when `replace`, else left alone (Redis refuses such a file; the
    /// caller says so), as Redis checks only the keys it would store.
    ///
    /// `keep_expired`: an AOF's base keeps them, as Redis's
    /// `RDBFLAGS_AOF_PREAMBLE` load does, because the incremental files'
    /// records that follow were logged against exactly that keyspace (a
    /// write to a key that had not expired yet must find it, deadline and
    /// all; its expiry comes later, as a logged DEL).
    pub fn store_into(
        self,
        store: &mut Store,
        now: crate::Millis,
        keep_expired: bool,
        replace: bool,
    ) -> Stored {
        let deadline = self.expire_at_ms.map(|ms| store.clock_from_unix_ms(ms));
        if !keep_expired && deadline.is_some_and(|at| at <= now) {
            return Stored::Expired;
        }
        let db = &mut store.dbs[self.db];
        if replace {
            db.insert(&self.key, self.value, deadline, now);
        } else if !db.insert_if_absent(&self.key, self.value, deadline, now) {
            return Stored::Duplicate(self.key);
        }
        if self.idle_secs.is_some() || self.freq.is_some() {
            db.set_access_hint(&self.key, self.idle_secs, self.freq, now);
        }
        Stored::Kept
    }
}

/// One record of a file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Aux {
        name: Vec<u8>,
        value: Vec<u8>,
    },
    SelectDb(usize),
    ResizeDb {
        keys: u64,
        expires: u64,
    },
    Key(LoadedKey),
    /// A function library's code, kept opaque until FUNCTION exists.
    Function(Vec<u8>),
}

/// A [`FileReader`]'s position, kept between the slices of a load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderState {
    pos: usize,
    version: u32,
    db: usize,
    done: bool,
}

/// Reads a file one record at a time; the checksum is verified when EOF
/// is reached (a stored 0 means the writer had checksums off).
#[derive(Debug, Clone)]
pub struct FileReader<'a> {
    reader: Reader<'a>,
    version: u32,
    db: usize,
    limits: LoadLimits,
    done: bool,
}

impl<'a> FileReader<'a> {
    /// Checks the magic and version.
    pub fn new(bytes: &'a [u8], limits: LoadLimits) -> Result<FileReader<'a>, RdbError> {
        let mut reader = Reader::new(bytes);
        let magic = reader.take(9).map_err(|_| RdbError::BadMagic)?;
        if &magic[..5] != b"REDIS" {
            return Err(RdbError::BadMagic);
        }
        let version: u32 = std::str::from_utf8(&magic[5..])
            .ok()
            .filter(|v| v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse().ok())
            .ok_or(RdbError::BadMagic)?;
        if !(1..=u32::from(RDB_VERSION)).contains(&version) {
            return Err(RdbError::UnsupportedVersion(version));
        }
        Ok(FileReader {
            reader,
            version,
            db: 0,
            limits,
            done: false,
        })
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    /// Where the reader is, to go on later over the same bytes with
    /// [`FileReader::resume`] (a load in slices keeps only this between
    /// slices, not a borrow of the bytes).
    pub fn state(&self) -> ReaderState {
        ReaderState {
            pos: self.reader.position(),
            version: self.version,
            db: self.db,
            done: self.done,
        }
    }

    /// A reader of `bytes` at `state`, taken from a reader of the same
    /// bytes.
    pub fn resume(bytes: &'a [u8], state: ReaderState, limits: LoadLimits) -> FileReader<'a> {
        FileReader {
            reader: Reader::at(bytes, state.pos),
            version: state.version,
            db: state.db,
            limits,
            done: state.done,
        }
    }

    /// Bytes consumed so far (after the last record returned): a loader
    /// reports progress with it, an AOF loader finds where the RDB
    /// preamble ends.
    pub fn position(&self) -> usize {
        self.reader.position()
    }

    /// The next record; `None` once EOF and the checksum are read. Empty
    /// collections are skipped, as Redis skips them.
    pub fn next_record(&mut self) -> Result<Option<Record>, RdbError> {
        if self.done {
            return Ok(None);
        }
        let (mut expire_at_ms, mut idle_secs, mut freq) = (None, None, None);
        loop {
            let op = self.reader.u8()?;
            match op {
                kind::EXPIRETIME_MS => expire_at_ms = Some(self.reader.millis()?),
                kind::EXPIRETIME => expire_at_ms = Some(self.reader.seconds_as_millis()?),
                kind::IDLE => idle_secs = Some(self.reader.len()?),
                kind::FREQ => freq = Some(self.reader.u8()?),
                kind::SELECTDB => {
                    let db = self.reader.len()?;
                    if db >= DATABASES as u64 {
                        return Err(RdbError::Corrupt(
                            "database index beyond the configured databases",
                        ));
                    }
                    self.db = db as usize;
                    return Ok(Some(Record::SelectDb(self.db)));
                }
                kind::RESIZEDB => {
                    let keys = self.reader.len()?;
                    let expires = self.reader.len()?;
                    return Ok(Some(Record::ResizeDb { keys, expires }));
                }
                kind::AUX => {
                    let name = self.reader.string()?;
                    let value = self.reader.string()?;
                    return Ok(Some(Record::Aux { name, value }));
                }
                kind::MODULE_AUX => return Err(RdbError::ModuleData),
                kind::FUNCTION_PRE_GA => {
                    return Err(RdbError::Corrupt(
                        "pre-release function format not supported",
                    ))
                }
                kind::FUNCTION2 => return Ok(Some(Record::Function(self.reader.string()?))),
                kind::EOF => {
                    self.finish()?;
                    return Ok(None);
                }
                rdb_type => {
                    let key = self.reader.string()?;
                    match read_value(&mut self.reader, rdb_type, &self.limits) {
                        Ok(value) => {
                            return Ok(Some(Record::Key(LoadedKey {
                                db: self.db,
                                key,
                                value,
                                expire_at_ms,
                                idle_secs,
                                freq,
                            })))
                        }
                        Err(RdbError::EmptyKey) => {
                            (expire_at_ms, idle_secs, freq) = (None, None, None);
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }

    fn finish(&mut self) -> Result<(), RdbError> {
        self.done = true;
        if self.version < 5 {
            return Ok(());
        }
        let computed = crc64(self.reader.consumed());
        let stored = u64::from_le_bytes(
            self.reader
                .take(8)?
                .try_into()
                .map_err(|_| RdbError::Truncated)?,
        );
        if stored != 0 && stored != computed {
            return Err(RdbError::BadChecksum { stored, computed });
        }
        Ok(())
    }
}

/// A whole file, loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadedFile {
    pub version: u32,
    pub aux: Vec<(Vec<u8>, Vec<u8>)>,
    pub keys: Vec<LoadedKey>,
    pub functions: Vec<Vec<u8>>,
}

/// Loads a whole file in one call.
pub fn decode_file(bytes: &[u8], limits: LoadLimits) -> Result<LoadedFile, RdbError> {
    let mut reader = FileReader::new(bytes, limits)?;
    let mut file = LoadedFile {
        version: reader.version(),
        ..LoadedFile::default()
    };
    while let Some(record) = reader.next_record()? {
        match record {
            Record::Aux { name, value } => file.aux.push((name, value)),
            Record::Key(key) => file.keys.push(key),
            Record::Function(code) => file.functions.push(code),
            Record::SelectDb(_) | Record::ResizeDb { .. } => {}
        }
    }
    Ok(file)
}
