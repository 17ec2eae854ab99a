//! Point-in-time snapshots of every database, taken without fork, and the
//! file format they are written in, behind one small trait.
//!
//! # How a background save gets a point-in-time image
//!
//! Redis forks and lets the kernel copy the pages the parent writes; the
//! core cannot, and need not: it knows exactly which key a command changes.
//! A snapshot started at `T` must write every key live at `T` exactly once,
//! with its value and deadline at `T`, while clients keep writing.
//!
//! - **Marks, not sets.** Every entry carries one bit, its *mark*
//!   (store/db.rs), and each database an *epoch* bit. Outside a snapshot
//!   every mark equals the epoch. Starting a snapshot flips the epochs of
//!   the 16 databases (O(16)): every existing key is now *pending* (mark
//!   != epoch); a key stored from then on is created with the mark equal
//!   to the epoch, so it is not part of the image. Writing a key (by the
//!   walk or as a pre-image) sets its mark. When a database's walk ends,
//!   every mark there equals the epoch again. No key set, no copy of the
//!   keyspace.
//! - **The walk.** (BGSAVE, SAVE, save points; SHUTDOWN and the stop on a
//!   signal walk everything at once, as nothing may change before they
//!   end.) [`crate::Server::handle_timeout`] walks the current
//!   database's map by position, a bounded slice per call
//!   ([`SNAPSHOT_KEYS_PER_TICK`] keys or [`SNAPSHOT_BYTES_PER_TICK`]
//!   bytes, whichever comes first), writing the pending entries. Removal
//!   from the map moves its last entry into the hole (`swap_remove`);
//!   when the hole is behind the walk's cursor, the removed entry is first
//!   swapped with the last walked one and the cursor steps back, so the
//!   moved entry lands ahead of the cursor and is walked later: every
//!   position behind the cursor holds a written (or new) entry.
//! - **Copy-before-write.** The one place where values change or leave is
//!   the database (store/db.rs: `put` over an existing key, `lookup_mut`,
//!   `set_expire`, every removal — DEL, expiry, eviction, RENAME, MOVE —
//!   and the flushes). There, a pending entry is first serialized as it
//!   is (by reference, no clone) into that database's pre-image buffer and
//!   marked. So every handler is covered without touching one. A flush
//!   (FLUSHDB, FLUSHALL, their ASYNC forms) does not serialize the whole
//!   database at once: the map is moved whole into the snapshot, which
//!   walks it as it walks the live map and then hands it to the lazy-free
//!   queue (what a forked child would have kept alive too). SWAPDB swaps
//!   the databases with their snapshot state, so each key is still written
//!   under the database number it had at `T`.
//! - **RDB's one-section-per-db layout.** Pre-images of a database other
//!   than the one being walked go into the stream as soon as the adapter
//!   takes bytes, framed by a SELECTDB of their database; the next walked
//!   entry selects the walked database again ([`SnapshotFormat::select_db`]).
//!   RDB allows any number of SELECTDB opcodes (the loader and
//!   redis-check-rdb just switch the current database), so the file stays
//!   valid while no pre-image is ever held longer than until the next
//!   [`crate::Server::take_snapshot_bytes`]: memory overhead is the bytes
//!   of the pre-images written since the last take, not a copy of the
//!   keyspace. (Buffering the pre-images of later databases until their
//!   section would give the textbook layout, at a cost that grows with
//!   the writes during the save.) Each database's walk opens with
//!   [`SnapshotFormat::db_start`] (SELECTDB and RESIZEDB), skipped for a
//!   database with nothing left to write.
//! - **Keys due at `T`** (past their deadline, not removed yet) are not
//!   written: they were logically gone at `T`.
//!
//! The cost a write pays during a snapshot is serializing the old value of
//! a key it is the first to touch, once per key per snapshot (Redis's fork
//! pays a page copy per page touched instead).
//!
//! # Formats
//!
//! [`SnapshotFormat`] turns entries into file bytes. The store owns the
//! walk and the stream but not the file format: that is the RDB codec's
//! (persistence/rdb/snapshot.rs), or for an AOF base made with
//! `aof-use-rdb-preamble no` the AOF records of persistence/aof_base.rs
//! (the same walk, another encoder; [`SnapshotUse`] says which), a layer
//! above, which the engine plugs in as
//! [`Persistence::make_format`](super::Persistence) when it builds the
//! server; a store built on its own (unit tests) writes [`TextFormat`].
//! Loading is the codec's too (the engine drives it).

use std::sync::Arc;

use crate::types::Value;

/// Keys one [`crate::Server::handle_timeout`] walks at most while a
/// snapshot runs.
pub const SNAPSHOT_KEYS_PER_TICK: usize = 2_000;

/// Bytes one [`crate::Server::handle_timeout`] serializes at most while a
/// snapshot runs (one value may overshoot it: a value is written whole).
pub const SNAPSHOT_BYTES_PER_TICK: usize = 256 << 10;

/// A snapshot file format: the writer side the snapshot drives in stream
/// order.
///
/// Methods take `&self`: a format holds only its settings (compression,
/// the header's facts), made for each snapshot at its start by a
/// [`FormatMaker`], so one instance is shared by the databases that
/// serialize pre-images and the walk. The running checksum is a `u64` the
/// snapshot keeps and feeds through [`SnapshotFormat::digest`] over every
/// byte in stream order (RDB's CRC64 has exactly that shape).
pub(crate) trait SnapshotFormat: Send + Sync {
    /// The file's opening bytes (RDB: `REDIS0010` and the AUX fields).
    fn header(&self, out: &mut Vec<u8>);
    /// Opens database `db`'s section; `keys` and `expires` are sizing
    /// hints (RDB: SELECTDB then RESIZEDB).
    fn db_start(&self, db: usize, keys: usize, expires: usize, out: &mut Vec<u8>);
    /// Makes `db` the database the following entries belong to, without
    /// sizing hints (RDB: SELECTDB).
    fn select_db(&self, db: usize, out: &mut Vec<u8>);
    /// One key: its value and its deadline as a Unix time in milliseconds.
    fn entry(&self, key: &[u8], value: &Value, expire_at_unix_ms: Option<u64>, out: &mut Vec<u8>);
    /// The file's closing bytes; `digest` covers every byte before them
    /// (RDB: the EOF opcode, then the CRC64 of everything up to it).
    fn footer(&self, digest: u64, out: &mut Vec<u8>);
    /// The running checksum after `bytes` (0 to start; RDB: CRC64 Jones).
    fn digest(&self, digest: u64, bytes: &[u8]) -> u64;
}

/// What a snapshot is for, which decides its format: RDB, RDB whose
/// header says it is an AOF's base (the `aof-base` aux field), or an AOF
/// base of commands (`aof-use-rdb-preamble no`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SnapshotUse {
    /// `dbfilename`: SAVE, BGSAVE, save points, SHUTDOWN.
    Rdb,
    /// The base file of an AOF rewrite, as RDB.
    AofBase,
    /// The base file of an AOF rewrite, as AOF records.
    AofBaseCommands,
}

/// Makes the format of one snapshot from the store as it is when the
/// snapshot starts (compression setting, time and memory for the header).
pub(crate) type FormatMaker = fn(&super::Store, SnapshotUse) -> Arc<dyn SnapshotFormat>;

/// The maker of a store built without a server (unit tests): [`TextFormat`].
pub(crate) fn text_format_maker(
    _store: &super::Store,
    _use: SnapshotUse,
) -> Arc<dyn SnapshotFormat> {
    Arc::new(TextFormat)
}

/// The output stream of one snapshot: the bytes not yet taken by the
/// adapter, the running checksum, and the database the stream currently
/// selects.
pub(crate) struct SnapshotWriter {
    pub format: Arc<dyn SnapshotFormat>,
    out: Vec<u8>,
    /// Checksum of every byte before `out[digested..]`.
    digest: u64,
    digested: usize,
    selected: Option<usize>,
    closed: bool,
}

impl SnapshotWriter {
    /// A stream opened with the format's header.
    pub fn new(format: Arc<dyn SnapshotFormat>) -> SnapshotWriter {
        let mut out = Vec::new();
        format.header(&mut out);
        SnapshotWriter {
            format,
            out,
            digest: 0,
            digested: 0,
            selected: None,
            closed: false,
        }
    }

    /// Opens database `db`'s walk (see [`SnapshotFormat::db_start`]).
    pub fn db_start(&mut self, db: usize, keys: usize, expires: usize) {
        self.format.db_start(db, keys, expires, &mut self.out);
        self.selected = Some(db);
    }

    /// The buffer entries of `db` are serialized into, after selecting
    /// `db` in the stream if another one is selected.
    pub fn entries_of(&mut self, db: usize) -> &mut Vec<u8> {
        if self.selected != Some(db) {
            self.format.select_db(db, &mut self.out);
            self.selected = Some(db);
        }
        &mut self.out
    }

    /// Appends entries of `db` serialized elsewhere (pre-images).
    pub fn append_entries(&mut self, db: usize, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.entries_of(db).extend_from_slice(bytes);
        }
    }

    /// Bytes waiting for the adapter.
    pub fn pending_len(&self) -> usize {
        self.out.len()
    }

    fn digest_rest(&mut self) {
        if !self.closed {
            let rest = self.out.get(self.digested..).unwrap_or_default();
            self.digest = self.format.digest(self.digest, rest);
            self.digested = self.out.len();
        }
    }

    /// Moves the waiting bytes to the end of `buf`.
    pub fn take(&mut self, buf: &mut Vec<u8>) {
        self.digest_rest();
        if buf.is_empty() {
            std::mem::swap(buf, &mut self.out);
        } else {
            buf.append(&mut self.out);
        }
        self.digested = 0;
    }

    /// Closes the stream with the footer (taken with the rest); nothing
    /// may be appended after it.
    pub fn finish(&mut self) {
        self.digest_rest();
        self.format.footer(self.digest, &mut self.out);
        self.closed = true;
    }
}

/// The whole store in `format` at once, without the walk (nothing can
/// change meanwhile): the AOF base written when the AOF is created at
/// start. Keys due now are left out, as a snapshot leaves them out.
pub(crate) fn encode_whole(store: &super::Store, format: &dyn SnapshotFormat) -> Vec<u8> {
    let mut out = Vec::new();
    format.header(&mut out);
    for (index, db) in store.dbs.iter().enumerate() {
        let mut opened = false;
        for position in 0..db.len() {
            let Some((key, entry)) = db.key_at(position) else {
                continue;
            };
            if db.due(key, entry, store.now) {
                continue;
            }
            if !opened {
                let expires = (0..db.len())
                    .filter_map(|i| db.key_at(i))
                    .filter(|(_, entry)| entry.has_deadline())
                    .count();
                format.db_start(index, db.len(), expires, &mut out);
                opened = true;
            }
            let expire = db
                .peek_expire_at(key.as_slice())
                .map(|at| store.unix_ms_of(at));
            format.entry(key.as_slice(), &entry.value, expire, &mut out);
        }
    }
    let digest = format.digest(0, &out);
    format.footer(digest, &mut out);
    out
}

/// A readable format for tests: one line per record, keys in hex, values
/// as their `Debug` form (so any type compares exactly). Write-only.
pub(crate) struct TextFormat;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl SnapshotFormat for TextFormat {
    fn header(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"H\n");
    }

    fn db_start(&self, db: usize, keys: usize, expires: usize, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("D {db} {keys} {expires}\n").as_bytes());
    }

    fn select_db(&self, db: usize, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("S {db}\n").as_bytes());
    }

    fn entry(&self, key: &[u8], value: &Value, expire_at_unix_ms: Option<u64>, out: &mut Vec<u8>) {
        let expire = expire_at_unix_ms.map_or("-".to_string(), |at| at.to_string());
        let line = format!(
            "K {} {expire} {}\n",
            hex(key),
            hex(format!("{value:?}").as_bytes())
        );
        out.extend_from_slice(line.as_bytes());
    }

    fn footer(&self, digest: u64, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("F {digest}\n").as_bytes());
    }

    fn digest(&self, digest: u64, bytes: &[u8]) -> u64 {
        digest + bytes.len() as u64
    }
}

/// Keys of a [`TextFormat`] stream: (db, hex key) -> (deadline, hex of
/// the value's `Debug` form).
#[cfg(test)]
pub(crate) type TextKeys = std::collections::BTreeMap<(usize, String), (String, String)>;

/// What a [`TextFormat`] stream holds: (db, hex key) -> (expire, hex of
/// the value's Debug form). Fails on a duplicate key, a missing header or
/// footer, bytes after the footer, or a footer digest that is not the
/// length of what precedes it.
#[cfg(test)]
pub(crate) fn parse_text(stream: &[u8]) -> Result<TextKeys, String> {
    let text = std::str::from_utf8(stream).map_err(|e| e.to_string())?;
    let mut lines = text.split_inclusive('\n');
    if lines.next() != Some("H\n") {
        return Err("no header".into());
    }
    let mut seen = 2usize;
    let mut db = None;
    let mut keys = std::collections::BTreeMap::new();
    let mut footer = false;
    for line in lines {
        if footer {
            return Err("bytes after the footer".into());
        }
        let words: Vec<&str> = line.trim_end().split(' ').collect();
        match words.as_slice() {
            ["D", n, _, _] | ["S", n] => db = Some(n.parse::<usize>().map_err(|e| e.to_string())?),
            ["K", key, expire, value] => {
                let db = db.ok_or("entry before any database")?;
                let previous = keys.insert(
                    (db, key.to_string()),
                    (expire.to_string(), value.to_string()),
                );
                if previous.is_some() {
                    return Err(format!("duplicate key {key} in db {db}"));
                }
            }
            ["F", digest] => {
                if digest.parse::<usize>().ok() != Some(seen) {
                    return Err(format!("footer digest {digest}, {seen} bytes before it"));
                }
                footer = true;
            }
            _ => return Err(format!("bad line {line:?}")),
        }
        seen += line.len();
    }
    if !footer {
        return Err("no footer".into());
    }
    Ok(keys)
}

/// The keys a [`TextFormat`] stream of the databases would hold now: each
/// live key with its deadline as a Unix time (for comparing a snapshot
/// with the state it started from).
#[cfg(test)]
pub(crate) fn expected_text(
    dbs: &[crate::store::Db],
    now: crate::Millis,
    unix_base: u64,
) -> TextKeys {
    let mut keys = std::collections::BTreeMap::new();
    for (index, db) in dbs.iter().enumerate() {
        for position in 0..db.len() {
            let Some((key, entry)) = db.key_at(position) else {
                continue;
            };
            if db.due(key, entry, now) {
                continue;
            }
            let expire = db
                .peek_expire_at(key.as_slice())
                .map_or("-".to_string(), |at| (unix_base + at).to_string());
            keys.insert(
                (index, hex(key.as_slice())),
                (expire, hex(format!("{:?}", entry.value).as_bytes())),
            );
        }
    }
    keys
}
