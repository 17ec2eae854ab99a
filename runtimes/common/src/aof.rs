//! The append-only file as Redis 7.0 lays it out, the adapter's side of
//! the core's write log (core/src/lib.rs, "The write log" and "The AOF"):
//!
//! - `appenddirname` (appendonlydir) in `dir` holds a base file
//!   (`<appendfilename>.<seq>.base.rdb`, an RDB made by a rewrite, or
//!   `.base.aof` of records), incremental files of records
//!   (`<appendfilename>.<seq>.incr.aof`) and the manifest naming them in
//!   order (`<appendfilename>.manifest`, lines
//!   `file <name> seq <n> type <b|i>`), replaced atomically (temporary file,
//!   fsync, rename, directory fsync);
//! - after each input the log's bytes are appended to the last
//!   incremental file (one write per input); with `appendfsync always`
//!   they are fsynced before the input's replies can be written, one fsync
//!   for every input appended meanwhile (a group commit, group_commit.rs),
//!   `everysec` fsyncs once a second on a thread of its own, `no` leaves
//!   it to the OS;
//! - a rewrite (BGREWRITEAOF, automatic growth, `appendonly yes` at run
//!   time) opens a new incremental file where the core rotates the log
//!   and lists it in the manifest at once (so nothing written meanwhile is
//!   lost if the rewrite fails); the snapshot's bytes become the new base,
//!   and once it is durable the manifest is swapped to the new base and
//!   the incremental files opened since, and the old files are deleted;
//! - at start, with `appendonly yes`, the manifest's files are loaded in
//!   order (an old single `appendonly.aof` in `dir` is loaded and moved in,
//!   as Redis 7 upgrades it); a torn last record is cut off
//!   (`aof-load-truncated yes`) or refused.
//!
//! A write or fsync error never stops the server: the bytes are kept and
//! written again once a second, the core refuses writes with `-MISCONF`
//! meanwhile, and with `always` the clients whose replies depended on the
//! failed write are closed without them (nothing unsaved is acknowledged).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use miniredis_core::{AppendFsync, LogLoad, Server, SnapshotChunk};

/// One file of the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub seq: u64,
    /// `b` base, `i` incremental (`h`, history, is dropped when read).
    pub kind: char,
}

/// The manifest: the base (if any) and the incremental files, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub base: Option<Entry>,
    pub incrs: Vec<Entry>,
}

impl Manifest {
    /// Parses Redis 7.0's manifest text.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let mut manifest = Manifest::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.split(' ').collect();
            let mut name = None;
            let mut seq = None;
            let mut kind = None;
            for pair in words.chunks(2) {
                match pair {
                    ["file", value] => name = Some(value.to_string()),
                    ["seq", value] => seq = value.parse::<u64>().ok(),
                    ["type", value] => kind = value.chars().next(),
                    _ => {}
                }
            }
            let (Some(name), Some(seq), Some(kind)) = (name, seq, kind) else {
                return Err(format!("Invalid AOF manifest file format: {line:?}"));
            };
            let entry = Entry { name, seq, kind };
            match kind {
                'b' if manifest.base.is_none() => manifest.base = Some(entry),
                'b' => return Err("Found duplicate base file information".into()),
                'i' => manifest.incrs.push(entry),
                'h' => {}
                _ => return Err(format!("Unknown AOF file type {kind:?}")),
            }
        }
        Ok(manifest)
    }

    /// The manifest's text, as Redis writes it.
    pub fn render(&self) -> String {
        self.base
            .iter()
            .chain(self.incrs.iter())
            .map(|e| format!("file {} seq {} type {}\n", e.name, e.seq, e.kind))
            .collect()
    }

    fn next_incr_seq(&self) -> u64 {
        self.incrs.iter().map(|e| e.seq).max().unwrap_or(0) + 1
    }

    fn next_base_seq(&self) -> u64 {
        self.base.as_ref().map_or(0, |e| e.seq) + 1
    }
}

/// Where the AOF lives and how it is loaded.
#[derive(Clone, Debug)]
pub struct AofPaths {
    /// `dir`.
    pub dir: PathBuf,
    /// `appenddirname`, inside `dir`.
    pub dirname: String,
    /// `appendfilename`: the prefix of every file's name.
    pub filename: String,
}

impl AofPaths {
    pub fn aof_dir(&self) -> PathBuf {
        self.dir.join(&self.dirname)
    }

    fn manifest_path(&self) -> PathBuf {
        self.aof_dir().join(format!("{}.manifest", self.filename))
    }

    fn manifest_temp(&self) -> PathBuf {
        self.aof_dir()
            .join(format!("temp-{}.manifest", self.filename))
    }

    fn base_temp(&self) -> PathBuf {
        self.aof_dir()
            .join(format!("temp-rewriteaof-bg-{}.aof", std::process::id()))
    }
}

/// The AOF being appended to, and the rewrite's base being written.
pub struct Aof {
    paths: AofPaths,
    manifest: Manifest,
    /// The last incremental file, open for appending, and its length
    /// (where a failed write's partial bytes are cut off).
    incr: Option<File>,
    incr_len: u64,
    /// Bytes of the base and incremental files.
    size: u64,
    base_size: u64,
    /// Log bytes taken from the core and not written yet (after an error).
    pending: Vec<u8>,
    /// Written since the last fsync.
    unsynced: bool,
    /// Bytes written since start, never reset: the positions of the
    /// group commit (group_commit.rs).
    appended: u64,
    /// An fsync outside the group commit failed (closing a file at a
    /// rotation): the next group commit fails with it, whatever a retry
    /// says, since Linux reports lost write-back only once.
    sync_lost: Option<String>,
    /// The last error reported to the core, until a write succeeds.
    failing: bool,
    /// The rewrite's base being written: snapshot id, temporary file, the
    /// first error met, and the incremental files opened since its start.
    rewrite: Option<Rewrite>,
}

/// What [`Aof::after_input`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AfterInput {
    /// False under `always` when the bytes could not be written.
    pub ok: bool,
    /// Under `always`, the position (bytes appended since start) the
    /// input's replies wait for the fsync of; `None` when nothing was
    /// written.
    pub wait_for: Option<u64>,
}

struct Rewrite {
    id: u64,
    file: Option<File>,
    error: Option<String>,
    /// Incremental files listed from the rewrite's start on.
    incrs_from: usize,
}

pub(crate) fn io_reason(e: &io::Error) -> String {
    // Redis prints strerror(errno); Rust's text adds the code.
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

impl Aof {
    /// The AOF of `paths`, with the manifest found on disk (if any); no
    /// file is opened yet.
    pub fn open(paths: AofPaths) -> Result<Aof, String> {
        let manifest = match fs::read_to_string(paths.manifest_path()) {
            Ok(text) => Manifest::parse(&text)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Manifest::default(),
            Err(e) => {
                return Err(format!(
                    "Can't open the AOF manifest file {}: {}",
                    paths.manifest_path().display(),
                    io_reason(&e)
                ))
            }
        };
        Ok(Aof {
            paths,
            manifest,
            incr: None,
            incr_len: 0,
            size: 0,
            base_size: 0,
            pending: Vec::new(),
            unsynced: false,
            appended: 0,
            sync_lost: None,
            failing: false,
            rewrite: None,
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Writes the manifest atomically: temporary file, fsync, rename,
    /// directory fsync.
    fn persist_manifest(&self, manifest: &Manifest) -> io::Result<()> {
        let temp = self.paths.manifest_temp();
        let mut file = File::create(&temp)?;
        file.write_all(manifest.render().as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, self.paths.manifest_path())?;
        sync_dir(&self.paths.aof_dir())
    }

    fn file_size(&self, name: &str) -> u64 {
        fs::metadata(self.paths.aof_dir().join(name)).map_or(0, |m| m.len())
    }

    fn recount(&mut self) {
        self.base_size = self
            .manifest
            .base
            .as_ref()
            .map_or(0, |b| self.file_size(&b.name));
        self.size = self.base_size
            + self
                .manifest
                .incrs
                .iter()
                .map(|e| self.file_size(&e.name))
                .sum::<u64>();
    }

    /// Loads the AOF into the empty core at start. Returns false when there
    /// is none (neither a manifest nor an old `appendfilename` in `dir`).
    pub fn load(&mut self, server: &mut Server, now: u64, binary: &str) -> Result<bool, String> {
        let truncate_ok = server.config().aof_load_truncated();
        if self.manifest.base.is_none() && self.manifest.incrs.is_empty() {
            // Redis 7 upgrades an old single file: loaded as the base,
            // then moved into the directory under its own name.
            let old = self.paths.dir.join(&self.paths.filename);
            let Ok(bytes) = fs::read(&old) else {
                return Ok(false);
            };
            load_base(server, &bytes, now, &old)?;
            fs::create_dir_all(self.paths.aof_dir())
                .map_err(|e| format!("Can't create the AOF directory: {}", io_reason(&e)))?;
            let name = self.paths.filename.clone();
            let manifest = Manifest {
                base: Some(Entry {
                    name: name.clone(),
                    seq: 1,
                    kind: 'b',
                }),
                incrs: Vec::new(),
            };
            fs::rename(&old, self.paths.aof_dir().join(&name))
                .and_then(|()| self.persist_manifest(&manifest))
                .map_err(|e| format!("Can't upgrade the old AOF: {}", io_reason(&e)))?;
            eprintln!("{binary}: Successfully migrated an old-style AOF into the AOF directory");
            self.manifest = manifest;
            self.recount();
            return Ok(true);
        }
        if let Some(base) = self.manifest.base.clone() {
            let path = self.paths.aof_dir().join(&base.name);
            let bytes = fs::read(&path).map_err(|e| {
                format!(
                    "Can't open the append-only file {}: {}",
                    path.display(),
                    io_reason(&e)
                )
            })?;
            load_base(server, &bytes, now, &path)?;
        }
        let last = self.manifest.incrs.len();
        for (index, entry) in self.manifest.incrs.clone().iter().enumerate() {
            let path = self.paths.aof_dir().join(&entry.name);
            let bytes = match fs::read(&path) {
                Ok(bytes) => bytes,
                // The incremental file of a rewrite that never wrote.
                Err(e) if e.kind() == io::ErrorKind::NotFound && index + 1 == last => Vec::new(),
                Err(e) => {
                    return Err(format!(
                        "Can't open the append-only file {}: {}",
                        path.display(),
                        io_reason(&e)
                    ))
                }
            };
            let load = server
                .load_log(&bytes)
                .map_err(|e| format!("{e} ({})", path.display()))?;
            if load.truncated {
                check_truncated(&load, &path, index + 1 == last, truncate_ok, binary)?;
            }
        }
        self.recount();
        Ok(true)
    }

    /// Makes a fresh AOF from the core's data (empty at start): a base
    /// file, an empty incremental file and the manifest, as Redis does
    /// when `appendonly yes` finds no AOF.
    pub fn create(&mut self, server: &Server, binary: &str) -> Result<(), String> {
        let fail = |e: io::Error| format!("Can't create the AOF: {}", io_reason(&e));
        fs::create_dir_all(self.paths.aof_dir()).map_err(fail)?;
        let seq = self.manifest.next_base_seq();
        let base_name = format!("{}.{seq}.base.rdb", self.paths.filename);
        let mut file = File::create(self.paths.aof_dir().join(&base_name)).map_err(fail)?;
        file.write_all(&server.aof_base_now()).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        eprintln!("{binary}: Creating AOF base file {base_name} on server start");
        let incr_seq = self.manifest.next_incr_seq();
        let incr_name = format!("{}.{incr_seq}.incr.aof", self.paths.filename);
        let incr = create_incr(&self.paths.aof_dir().join(&incr_name)).map_err(fail)?;
        let manifest = Manifest {
            base: Some(Entry {
                name: base_name,
                seq,
                kind: 'b',
            }),
            incrs: vec![Entry {
                name: incr_name.clone(),
                seq: incr_seq,
                kind: 'i',
            }],
        };
        self.persist_manifest(&manifest).map_err(fail)?;
        eprintln!("{binary}: Creating AOF incr file {incr_name} on server start");
        self.manifest = manifest;
        self.incr = Some(incr);
        self.incr_len = 0;
        self.recount();
        Ok(())
    }

    /// Opens the last incremental file for appending (after a load).
    pub fn open_for_append(&mut self) -> Result<(), String> {
        if self.manifest.incrs.is_empty() {
            return self
                .new_incr()
                .map_err(|e| format!("Can't open a new AOF incr file: {}", io_reason(&e)));
        }
        let Some(last) = self.manifest.incrs.last() else {
            return Ok(());
        };
        let path = self.paths.aof_dir().join(&last.name);
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| {
                format!(
                    "Can't open the append-only file {}: {}",
                    path.display(),
                    io_reason(&e)
                )
            })?;
        self.incr_len = file.metadata().map_or(0, |m| m.len());
        self.incr = Some(file);
        Ok(())
    }

    /// A new incremental file, listed in the manifest at once.
    fn new_incr(&mut self) -> io::Result<()> {
        // Bytes in the file being closed that replies wait for (group
        // commit): durable first, or the rotation fails and the group
        // commit's next fsync reports the loss.
        if let (true, Some(old)) = (self.unsynced, self.incr.as_ref()) {
            if let Err(e) = old.sync_data() {
                self.sync_lost = Some(io_reason(&e));
                return Err(e);
            }
            self.unsynced = false;
        }
        fs::create_dir_all(self.paths.aof_dir())?;
        let seq = self.manifest.next_incr_seq();
        let name = format!("{}.{seq}.incr.aof", self.paths.filename);
        let file = create_incr(&self.paths.aof_dir().join(&name))?;
        let mut manifest = self.manifest.clone();
        manifest.incrs.push(Entry {
            name,
            seq,
            kind: 'i',
        });
        self.persist_manifest(&manifest)?;
        self.manifest = manifest;
        if let Some(old) = self.incr.replace(file) {
            let _ = old.sync_all();
        }
        self.incr_len = 0;
        Ok(())
    }

    /// After each input: appends the core's log bytes to the AOF (opening
    /// a new incremental file where a rewrite began) and reports to the
    /// core. Under `always`, `ok` is false when the bytes could not be
    /// written (the input's replies must not go out), and `wait_for` is the
    /// position replies must wait for the fsync of, when bytes were written.
    pub fn after_input(&mut self, server: &mut Server, now: u64) -> AfterInput {
        let policy = server.config().appendfsync();
        if !server.config().appendonly && self.incr.is_some() {
            // Turned off: what was written is synced and the file closed.
            if let Some(file) = self.incr.take() {
                let _ = file.sync_all();
            }
        }
        let mut wrote = false;
        let mut ok = true;
        loop {
            let rotated = server.take_log(&mut self.pending);
            if !self.pending.is_empty() {
                wrote = true;
                if let Err(reason) = self.write_pending(false) {
                    ok = false;
                    self.failing = true;
                    server.aof_written(Err(reason), now);
                    if rotated {
                        // The new file cannot open before the old bytes
                        // are in: keep the rest in memory too.
                        let mut rest = Vec::new();
                        server.take_log(&mut rest);
                        self.pending.extend_from_slice(&rest);
                    }
                    break;
                }
            }
            if !rotated {
                break;
            }
            self.begin_rewrite_incr(server, now);
        }
        if ok && (wrote || self.failing) {
            self.failing = false;
            server.aof_written(Ok(self.size), now);
        }
        let always = policy == AppendFsync::Always;
        AfterInput {
            ok: ok || !always,
            wait_for: (always && wrote).then_some(self.appended),
        }
    }

    /// For the group commit: a handle to fsync outside every lock and the
    /// position it covers; no handle when everything written is synced.
    /// The caller reports a failure with [`Aof::sync_failed`].
    pub fn sync_handle(&mut self) -> (Result<Option<File>, String>, u64) {
        let upto = self.appended;
        if let Some(reason) = self.sync_lost.take() {
            return (Err(reason), upto);
        }
        if !self.unsynced {
            return (Ok(None), upto);
        }
        match self.incr.as_ref().map(File::try_clone) {
            Some(Ok(file)) => {
                self.unsynced = false;
                (Ok(Some(file)), upto)
            }
            Some(Err(e)) => (Err(io_reason(&e)), upto),
            // Written bytes with no file open: a rewrite's new incremental
            // file failed to open after the old one was synced and closed.
            None => {
                self.unsynced = false;
                (Ok(None), upto)
            }
        }
    }

    /// A group commit's fsync failed: the core refuses writes (MISCONF)
    /// until the once-a-second retry succeeds.
    pub fn sync_failed(&mut self, server: &mut Server, reason: String, now: u64) {
        self.unsynced = true;
        self.failing = true;
        server.aof_written(Err(reason), now);
    }

    /// The rewrite's new incremental file, opened where the log rotated.
    fn begin_rewrite_incr(&mut self, server: &mut Server, now: u64) {
        let incrs_from = self.manifest.incrs.len();
        if let Err(e) = self.new_incr() {
            server.aof_written(
                Err(format!("Can't open a new AOF incr file: {}", io_reason(&e))),
                now,
            );
            self.failing = true;
        }
        // The base bytes come with the snapshot; this marks from which
        // incremental file on the new manifest keeps them.
        match &mut self.rewrite {
            Some(rewrite) => rewrite.incrs_from = incrs_from,
            None => {
                self.rewrite = Some(Rewrite {
                    id: 0,
                    file: None,
                    error: None,
                    incrs_from,
                })
            }
        }
    }

    /// Writes the pending bytes to the incremental file (and fsyncs it
    /// when `sync`); on error they stay pending.
    fn write_pending(&mut self, sync: bool) -> Result<(), String> {
        let Some(file) = self.incr.as_mut() else {
            // Log bytes with no AOF open (a rewrite's incr file failed to
            // open): kept until one opens.
            return Err("no AOF file is open".into());
        };
        if let Err(e) = file.write_all(&self.pending) {
            // A short write leaves part of a record: cut it off, as Redis
            // does, so the retry appends whole records after whole ones.
            let _ = file.set_len(self.incr_len);
            return Err(io_reason(&e));
        }
        self.incr_len += self.pending.len() as u64;
        self.size += self.pending.len() as u64;
        self.appended += self.pending.len() as u64;
        self.pending.clear();
        self.unsynced = true;
        if sync {
            file.sync_data().map_err(|e| io_reason(&e))?;
            self.unsynced = false;
        }
        Ok(())
    }

    /// Once a second (`everysec`, and to retry after an error): writes
    /// what is pending and fsyncs. The fsync itself runs on a clone of the
    /// file handle, outside any lock, by the caller: this returns it.
    pub fn tick(&mut self, server: &mut Server, now: u64) -> Option<File> {
        if self.incr.is_none() && !self.pending.is_empty() && server.config().appendonly {
            if let Err(e) = self.new_incr() {
                server.aof_written(Err(io_reason(&e)), now);
                return None;
            }
        }
        if self.failing || !self.pending.is_empty() {
            match self.write_pending(true) {
                Ok(()) => {
                    self.failing = false;
                    server.aof_written(Ok(self.size), now);
                }
                Err(reason) => {
                    server.aof_written(Err(reason), now);
                    return None;
                }
            }
        }
        let everysec = server.config().appendfsync() == AppendFsync::Everysec;
        if everysec && std::mem::take(&mut self.unsynced) {
            return self.incr.as_ref().and_then(|f| f.try_clone().ok());
        }
        None
    }

    /// A chunk of a rewrite's new base; on the last, makes it durable,
    /// swaps the manifest and deletes the replaced files. Returns the
    /// outcome to report when the base is complete.
    pub fn write_base(
        &mut self,
        chunk: SnapshotChunk,
        bytes: &[u8],
    ) -> Option<Result<u64, String>> {
        let stale = self.rewrite.as_ref().is_none_or(|r| r.id != chunk.id);
        if chunk.first || stale {
            let incrs_from = match &self.rewrite {
                Some(r) if r.id == 0 || r.id == chunk.id => r.incrs_from,
                _ => self.manifest.incrs.len(),
            };
            let _ = fs::create_dir_all(self.paths.aof_dir());
            let (file, error) = match File::create(self.paths.base_temp()) {
                Ok(file) => (Some(file), None),
                Err(e) => (
                    None,
                    Some(format!(
                        "Can't open the temp append only file for rewriting: {}",
                        io_reason(&e)
                    )),
                ),
            };
            self.rewrite = Some(Rewrite {
                id: chunk.id,
                file,
                error,
                incrs_from,
            });
        }
        let rewrite = self.rewrite.as_mut()?;
        if rewrite.error.is_none() {
            if let Some(file) = rewrite.file.as_mut() {
                if let Err(e) = file.write_all(bytes) {
                    rewrite.error = Some(format!(
                        "Error writing the rewritten AOF: {}",
                        io_reason(&e)
                    ));
                }
            }
        }
        if !chunk.last {
            return None;
        }
        let rewrite = self.rewrite.take()?;
        let outcome = self.finish_rewrite(rewrite);
        if outcome.is_err() {
            let _ = fs::remove_file(self.paths.base_temp());
        }
        Some(outcome)
    }

    fn finish_rewrite(&mut self, rewrite: Rewrite) -> Result<u64, String> {
        if let Some(error) = rewrite.error {
            return Err(error);
        }
        let file = rewrite.file.ok_or("no temporary file")?;
        let fail =
            |e: io::Error| format!("Error moving the rewritten AOF in place: {}", io_reason(&e));
        file.sync_all().map_err(fail)?;
        drop(file);
        let seq = self.manifest.next_base_seq();
        let name = format!("{}.{seq}.base.rdb", self.paths.filename);
        fs::rename(self.paths.base_temp(), self.paths.aof_dir().join(&name)).map_err(fail)?;
        let kept: Vec<Entry> = self
            .manifest
            .incrs
            .get(rewrite.incrs_from..)
            .unwrap_or_default()
            .to_vec();
        let manifest = Manifest {
            base: Some(Entry {
                name,
                seq,
                kind: 'b',
            }),
            incrs: kept,
        };
        self.persist_manifest(&manifest).map_err(fail)?;
        // The replaced files are history now: deleted (Redis's default
        // `aof-disable-auto-gc no`).
        let old = std::mem::replace(&mut self.manifest, manifest);
        for entry in old.base.iter().chain(old.incrs.iter()) {
            let still = self.manifest.incrs.iter().any(|e| e.name == entry.name);
            if !still {
                let _ = fs::remove_file(self.paths.aof_dir().join(&entry.name));
            }
        }
        self.recount();
        Ok(self.base_size)
    }

    pub fn size(&self) -> u64 {
        self.size
    }
}

fn create_incr(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

/// Loads a base file: RDB (possibly followed by records, in an old
/// single file with an RDB preamble) or records.
fn load_base(server: &mut Server, bytes: &[u8], now: u64, path: &Path) -> Result<(), String> {
    let records = if bytes.starts_with(b"REDIS") {
        let len = server
            .load_rdb_preamble(bytes, now)
            .map_err(|e| format!("{e} ({})", path.display()))?;
        bytes.get(len..).unwrap_or_default()
    } else {
        bytes
    };
    if !records.is_empty() {
        let load = server
            .load_log(records)
            .map_err(|e| format!("{e} ({})", path.display()))?;
        if load.truncated {
            return Err(format!(
                "Unexpected end of file reading the append only file {}",
                path.display()
            ));
        }
    }
    Ok(())
}

/// A torn end: cut off (the last file, `aof-load-truncated yes`) or refused.
fn check_truncated(
    load: &LogLoad,
    path: &Path,
    last: bool,
    truncate_ok: bool,
    binary: &str,
) -> Result<(), String> {
    if !last || !truncate_ok {
        return Err(format!(
            "Unexpected end of file reading the append only file {}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.",
            path.display()
        ));
    }
    let file = OpenOptions::new().write(true).open(path).map_err(|e| {
        format!(
            "Error truncating the AOF file {}: {}",
            path.display(),
            io_reason(&e)
        )
    })?;
    file.set_len(load.valid_len)
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            format!(
                "Error truncating the AOF file {}: {}",
                path.display(),
                io_reason(&e)
            )
        })?;
    eprintln!(
        "{binary}: !!! Warning: short read while loading the AOF file {}!!! AOF loaded anyway because aof-load-truncated is enabled (truncated to {} bytes)",
        path.display(),
        load.valid_len
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use miniredis_core::{Config, Host};

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("miniredis-aof-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn reply(server: &mut Server, client: miniredis_core::ClientId, command: &[u8]) -> String {
        server.receive(client, command, 0);
        let mut out = Vec::new();
        server.take_output(client, &mut out);
        server.written(client, out.len(), 0);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn a_failed_write_is_kept_refused_and_written_once_the_disk_recovers() {
        let dir = temp_dir("recover");
        let mut config = Config {
            appendonly: true,
            ..Config::default()
        };
        config.set_reported_at_start("appendfsync", "always".into());
        let mut server = Server::new(config, Host::default(), 0);
        let mut aof = Aof::open(AofPaths {
            dir: dir.clone(),
            dirname: "appendonlydir".into(),
            filename: "appendonly.aof".into(),
        })
        .unwrap();
        aof.create(&server, "test").unwrap();
        server.set_log_enabled(true);
        let client = server.connect(0);
        let incr = dir.join("appendonlydir/appendonly.aof.1.incr.aof");

        server.receive(client, b"SET a 1\r\n", 0);
        let done = aof.after_input(&mut server, 0);
        let first = fs::read(&incr).unwrap();
        assert!(first.ends_with(b"$1\r\na\r\n$1\r\n1\r\n"));
        // Appended, not fsynced: the replies wait for the group commit's
        // fsync of everything written so far.
        assert_eq!(
            done,
            AfterInput {
                ok: true,
                wait_for: Some(aof.appended)
            }
        );
        let (handle, upto) = aof.sync_handle();
        assert!(handle.unwrap().is_some());
        assert_eq!(upto, aof.appended);
        assert!(
            matches!(aof.sync_handle(), (Ok(None), _)),
            "nothing new to sync"
        );

        // The disk fails: a handle that cannot write.
        let good = aof.incr.replace(File::open(&incr).unwrap());
        server.receive(client, b"SET b 2\r\n", 0);
        assert!(
            !aof.after_input(&mut server, 0).ok,
            "always: the replies must not go out"
        );
        let mut out = Vec::new();
        server.take_output(client, &mut out);
        server.written(client, out.len(), 0);
        assert!(reply(&mut server, client, b"SET c 3\r\n")
            .starts_with("-MISCONF Errors writing to the AOF file: "));
        assert!(reply(&mut server, client, b"INFO persistence\r\n")
            .contains("aof_last_write_status:err"));
        assert_eq!(fs::read(&incr).unwrap(), first);

        // It recovers: the kept bytes are written on the next tick.
        aof.incr = good;
        assert!(aof.tick(&mut server, 0).is_none());
        assert!(reply(&mut server, client, b"INFO persistence\r\n")
            .contains("aof_last_write_status:ok"));
        assert_eq!(reply(&mut server, client, b"SET c 3\r\n"), "+OK\r\n");
        assert!(aof.after_input(&mut server, 0).ok);
        // A failed group-commit fsync: writes are refused until the retry.
        aof.sync_failed(&mut server, "Input/output error".into(), 0);
        assert!(reply(&mut server, client, b"SET d 4\r\n")
            .starts_with("-MISCONF Errors writing to the AOF file: "));
        assert!(aof.tick(&mut server, 0).is_none());
        assert_eq!(reply(&mut server, client, b"SET d 4\r\n"), "+OK\r\n");
        assert!(aof.after_input(&mut server, 0).ok);
        let all = String::from_utf8_lossy(&fs::read(&incr).unwrap()).into_owned();
        let sets: Vec<&str> = all.matches("SET\r\n$1\r\n").collect();
        assert_eq!(sets.len(), 4, "{all:?}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_manifest_reads_and_writes_as_redis_does() {
        let text = "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n";
        let manifest = Manifest::parse(text).unwrap();
        assert_eq!(manifest.render(), text);
        assert_eq!(manifest.next_incr_seq(), 2);
        assert_eq!(manifest.next_base_seq(), 2);
        let with_history = "file a.1.base.rdb seq 1 type h\nfile a.2.base.rdb seq 2 type b\n";
        assert_eq!(
            Manifest::parse(with_history).unwrap().render(),
            "file a.2.base.rdb seq 2 type b\n"
        );
        assert!(Manifest::parse("file x seq\n").is_err());
        assert!(Manifest::parse("file a seq 1 type b\nfile b seq 2 type b\n").is_err());
    }
}
