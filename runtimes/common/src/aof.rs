//! The append-only file as Redis 7.0 lays it out, the adapter's side of
//! the core's write log (core/src/lib.rs, "The write log" and "The AOF"):
//!
//! - `appenddirname` (appendonlydir) in `dir` holds a base file
//!   (`<appendfilename>.<seq>.base.rdb`, an RDB made by a rewrite, or
//!   `.base.aof` of records, made by one with `aof-use-rdb-preamble no`), incremental files of records
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
//! - at start, with `appendonly yes`, the manifest's files are read and
//!   handed to the core, which loads them in slices while clients get
//!   `-LOADING` ([`Aof::begin_load`], crate::loading; an old single
//!   `appendonly.aof` in `dir` is loaded and moved in, as Redis 7 upgrades
//!   it); once they are in, a torn last record is cut off
//!   (`aof-load-truncated yes`; the core refuses it otherwise) and the
//!   last incremental file is opened for appending ([`Aof::finish_load`]).
//!
//! A write or fsync error never stops the server: the bytes are kept and
//! written again once a second, the core refuses writes with `-MISCONF`
//! meanwhile, and with `always` the client whose input's write failed is
//! closed without its replies (nothing unsaved is acknowledged). Under
//! `always` a failed write or fsync is recovered by a rewrite, not by a
//! retry (a retried fsync can succeed without the data it lost): the
//! once-a-second tick asks the core for one until a rewrite begun after
//! the failure is in place; then every byte appended before its start is
//! durable through its base ([`BaseInPlace::durable_upto`], for the group
//! commit, which held every reply meanwhile: group_commit.rs) and the
//! error is cleared.

use std::io;
use std::path::{Path, PathBuf};

use miniredis_core::{
    AofBaseFormat, AofFile, AofLoaded, AppendFsync, Loaded, Server, SnapshotChunk, SnapshotTarget,
};

use crate::disk::{Disk, DiskFile, OsDisk};

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

/// The AOF being appended to, and the rewrite's base being written, on
/// the disk `D` (the real one in the binaries, see disk.rs).
pub struct Aof<D: Disk = OsDisk> {
    disk: D,
    paths: AofPaths,
    manifest: Manifest,
    /// The last incremental file, open for appending, and its length
    /// (where a failed write's partial bytes are cut off).
    incr: Option<D::File>,
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
    /// rotation), and the position then: the next group commit fails
    /// with it up to that position, whatever a retry says, since Linux
    /// reports lost write-back only once.
    sync_lost: Option<(String, u64)>,
    /// The last error reported to the core, until a write succeeds (or,
    /// after a failed fsync under `always`, until the recovery).
    failing: bool,
    /// Under `always`, an fsync of bytes replies may wait on failed (the
    /// group commit's, or the retry's): the position appended then. The
    /// bytes are of unknown durability whatever a retry says, so they are
    /// made durable by a rewrite begun at or after this position (asked
    /// for once a second by [`Aof::tick`]); the error stays until it is in
    /// place (group_commit.rs, "A failed fsync, and the recovery").
    recovery: Option<u64>,
    /// A rewrite in place ended the recovery: the next step reports the
    /// AOF written (clearing the core's error).
    recovered: bool,
    /// Where the log last rotated for a rewrite, not yet bound to the
    /// rewrite's first chunk.
    rotation: Option<Rotation>,
    /// The last rotation handled (the recovery waits for a rewrite begun
    /// after its failure).
    last_rotation: Option<Rotation>,
    /// The last rewrites whose first bytes the core handed out, with
    /// their rotations: `None` while still to be handled (see
    /// [`Aof::base_taken`]).
    base_starts: Vec<(u64, Option<Rotation>)>,
    /// The rewrite's base being written: snapshot id, temporary file, the
    /// first error met, and the incremental files opened since its start.
    rewrite: Option<Rewrite<D::File>>,
    /// The files of the load begun at start, in the order the core has
    /// them (a torn last one is cut by its index).
    loading: Vec<PathBuf>,
    /// The load begun is of an old single file, to move in once loaded.
    upgrade_old: bool,
}

/// Where the log rotated for a rewrite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rotation {
    /// The `seq` of the first incremental file after it, or `None` when
    /// that file could not be opened (then the rewrite cannot be put in
    /// place: the bytes since went to an older file).
    seq: Option<u64>,
    /// The group commit's position then: every byte appended before it is
    /// in the rewrite's base.
    at: u64,
}

/// A rewrite's base put in place by [`Aof::write_base`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseInPlace {
    /// The new base's size.
    pub size: u64,
    /// The group commit's position where the rewrite began: every byte
    /// appended before it is durable through the base (tell
    /// [`crate::group_commit::GroupCommit::recovered`]).
    pub durable_upto: u64,
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
    /// Under `always`, when a write failed: the position the bytes kept
    /// in memory end at (they are written later, in order, so positions
    /// stay those of the file). Tell the group commit it failed up to
    /// there: every output after this shows state that is not on disk,
    /// and waits for the recovery (see `recovery`).
    pub failed_at: Option<u64>,
    /// The AOF was turned off: nothing is promised of its bytes any more
    /// (a restart loads the snapshot file), so output waiting on a failed
    /// range before this position goes out (tell
    /// [`crate::group_commit::GroupCommit::recovered`]; else, with no
    /// rewrite to come, every client would be closed after the wait).
    pub released_upto: Option<u64>,
}

struct Rewrite<F> {
    id: u64,
    /// What the new base holds, which names it (`.base.rdb`, `.base.aof`).
    format: AofBaseFormat,
    file: Option<F>,
    error: Option<String>,
}

pub(crate) fn io_reason(e: &io::Error) -> String {
    // Redis prints strerror(errno); Rust's text adds the code.
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The group commit's fsync of what [`Aof::sync_handle`] returned,
/// outside every lock: `Err` is the reason to report with
/// [`Aof::sync_failed`].
pub fn fsync_handle<F: DiskFile>(handle: Result<Option<F>, String>) -> Result<(), String> {
    match handle {
        Ok(Some(file)) => file.sync_data().map_err(|e| io_reason(&e)),
        Ok(None) => Ok(()),
        Err(reason) => Err(reason),
    }
}

impl Aof<OsDisk> {
    /// The AOF of `paths` on the real disk, with the manifest found there
    /// (if any); no file is opened yet.
    pub fn open(paths: AofPaths) -> Result<Aof, String> {
        Aof::open_on(OsDisk, paths)
    }
}

impl<D: Disk> Aof<D> {
    /// The AOF of `paths` on `disk`, with the manifest found there (if
    /// any); no file is opened yet.
    pub fn open_on(disk: D, paths: AofPaths) -> Result<Aof<D>, String> {
        let manifest = match disk.read(&paths.manifest_path()) {
            Ok(bytes) => Manifest::parse(&String::from_utf8_lossy(&bytes))?,
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
            disk,
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
            recovery: None,
            recovered: false,
            rotation: None,
            last_rotation: None,
            base_starts: Vec::new(),
            rewrite: None,
            loading: Vec::new(),
            upgrade_old: false,
        })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Writes the manifest atomically: temporary file, fsync, rename,
    /// directory fsync.
    fn persist_manifest(&self, manifest: &Manifest) -> io::Result<()> {
        let temp = self.paths.manifest_temp();
        let mut file = self.disk.create(&temp)?;
        file.write_all(manifest.render().as_bytes())?;
        file.sync_all()?;
        self.disk.rename(&temp, &self.paths.manifest_path())?;
        self.disk.sync_dir(&self.paths.aof_dir())
    }

    /// Creates `appenddirname` when missing, durably: the directory's own
    /// entry in `dir` survives a crash only once `dir` is fsynced, and
    /// without it every file inside is lost, fsynced or not.
    fn ensure_dir(&self) -> io::Result<()> {
        let aof_dir = self.paths.aof_dir();
        if self.disk.is_dir(&aof_dir).unwrap_or(false) {
            return Ok(());
        }
        self.disk.create_dir_all(&aof_dir)?;
        self.disk.sync_dir(&self.paths.dir)
    }

    fn file_size(&self, name: &str) -> u64 {
        self.disk
            .file_len(&self.paths.aof_dir().join(name))
            .unwrap_or(0)
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

    /// At start, with `appendonly yes`: reads the AOF's files (the
    /// manifest's base and incremental files, or an old single
    /// `appendfilename` in `dir`) and begins loading them into the empty
    /// core, in slices ([`Server::load_step`], see crate::loading).
    /// Returns false when there is nothing to load (`appendonly no`, or
    /// no AOF). `Err` is the message to exit with. Every file is read
    /// whole first, as a snapshot file is (the core drops each file's
    /// bytes once it is loaded).
    pub fn begin_load(&mut self, server: &mut Server, now: u64) -> Result<bool, String> {
        if !server.config().appendonly {
            return Ok(false);
        }
        let read = |path: &Path| {
            self.disk.read(path).map_err(|e| {
                format!(
                    "Can't open the append-only file {}: {}",
                    path.display(),
                    io_reason(&e)
                )
            })
        };
        let mut files = Vec::new();
        let mut paths = Vec::new();
        if self.manifest.base.is_none() && self.manifest.incrs.is_empty() {
            // Redis 7 upgrades an old single file: loaded as the base,
            // then moved into the directory (Aof::finish_load).
            let old = self.paths.dir.join(&self.paths.filename);
            let Ok(bytes) = self.disk.read(&old) else {
                return Ok(false);
            };
            files.push(AofFile {
                name: old.display().to_string(),
                bytes,
                base: true,
            });
            paths.push(old);
            self.upgrade_old = true;
        } else {
            if let Some(base) = &self.manifest.base {
                let path = self.paths.aof_dir().join(&base.name);
                files.push(AofFile {
                    name: path.display().to_string(),
                    bytes: read(&path)?,
                    base: true,
                });
                paths.push(path);
            }
            let last = self.manifest.incrs.len();
            for (index, entry) in self.manifest.incrs.iter().enumerate() {
                let path = self.paths.aof_dir().join(&entry.name);
                let bytes = match self.disk.read(&path) {
                    Ok(bytes) => bytes,
                    // The incremental file of a rewrite that never wrote.
                    Err(e) if e.kind() == io::ErrorKind::NotFound && index + 1 == last => {
                        Vec::new()
                    }
                    Err(_) => read(&path)?,
                };
                files.push(AofFile {
                    name: path.display().to_string(),
                    bytes,
                    base: false,
                });
                paths.push(path);
            }
        }
        server.begin_aof_load(files, now)?;
        self.loading = paths;
        Ok(true)
    }

    /// Once the core has loaded the AOF ([`Server::load_step`] ended with
    /// `loaded`), or at once when there was none (`None`), before any
    /// client sees the dataset: cuts a torn last file, moves an old single
    /// file in, opens the AOF for appending (or creates it, with
    /// `appendonly yes`), reports the sizes and turns the write log on.
    pub fn finish_load(
        &mut self,
        server: &mut Server,
        loaded: Option<&AofLoaded>,
        now: u64,
        binary: &str,
    ) -> Result<(), String> {
        if !server.config().appendonly {
            return Ok(());
        }
        let paths = std::mem::take(&mut self.loading);
        if let Some((index, valid_len)) = loaded.and_then(|l| l.truncated) {
            let path = paths
                .get(index)
                .ok_or("the truncated AOF file is unknown")?;
            truncate_torn(&self.disk, path, valid_len, binary)?;
        }
        if std::mem::take(&mut self.upgrade_old) {
            self.move_old_in()?;
            eprintln!("{binary}: Successfully migrated an old-style AOF into the AOF directory");
        }
        if loaded.is_some() {
            self.recount();
            self.open_for_append()?;
        } else {
            self.create(server, binary)?;
        }
        // As Redis: the size loaded is the reference for the automatic
        // rewrite (0 for an AOF made just now).
        server.aof_base_size(if loaded.is_some() { self.size() } else { 0 });
        server.aof_written(Ok(self.size()), now);
        server.set_log_enabled(true);
        Ok(())
    }

    /// Moves an old single file, just loaded, into the directory under
    /// its own name as the base of a new manifest (Redis 7's upgrade).
    fn move_old_in(&mut self) -> Result<(), String> {
        let old = self.paths.dir.join(&self.paths.filename);
        self.ensure_dir()
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
        self.disk
            .rename(&old, &self.paths.aof_dir().join(&name))
            .and_then(|()| self.persist_manifest(&manifest))
            .map_err(|e| format!("Can't upgrade the old AOF: {}", io_reason(&e)))?;
        self.manifest = manifest;
        Ok(())
    }

    /// At start, before any client: with `appendonly yes`, loads the AOF
    /// into the empty core (all its slices in this one call) and opens it
    /// for appending, or creates it; then turns the core's write log on.
    /// Returns whether an AOF was loaded. `Err` is the message to exit
    /// with. (The binaries serve clients during the load instead:
    /// [`Aof::begin_load`], crate::loading, [`Aof::finish_load`].)
    pub fn start(&mut self, server: &mut Server, now: u64, binary: &str) -> Result<bool, String> {
        let loaded = if self.begin_load(server, now)? {
            loop {
                match server.load_step(now) {
                    None => {}
                    Some(Ok(Loaded::Aof(loaded))) => break Some(loaded),
                    Some(Ok(Loaded::Snapshot { .. })) => {
                        return Err("the AOF load ended as a snapshot's".into())
                    }
                    Some(Err(e)) => return Err(e),
                }
            }
        } else {
            None
        };
        self.finish_load(server, loaded.as_ref(), now, binary)?;
        Ok(loaded.is_some())
    }

    /// Makes a fresh AOF from the core's data (empty at start): a base
    /// file, an empty incremental file and the manifest, as Redis does
    /// when `appendonly yes` finds no AOF.
    pub fn create(&mut self, server: &Server, binary: &str) -> Result<(), String> {
        let fail = |e: io::Error| format!("Can't create the AOF: {}", io_reason(&e));
        self.ensure_dir().map_err(fail)?;
        let seq = self.manifest.next_base_seq();
        let suffix = server.aof_base_format().file_suffix();
        let base_name = format!("{}.{seq}.{suffix}", self.paths.filename);
        let mut file = self
            .disk
            .create(&self.paths.aof_dir().join(&base_name))
            .map_err(fail)?;
        file.write_all(&server.aof_base_now()).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        eprintln!("{binary}: Creating AOF base file {base_name} on server start");
        let incr_seq = self.manifest.next_incr_seq();
        let incr_name = format!("{}.{incr_seq}.incr.aof", self.paths.filename);
        let incr = self
            .disk
            .open_append(&self.paths.aof_dir().join(&incr_name))
            .map_err(fail)?;
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
        let file = self.disk.open_append(&path).map_err(|e| {
            format!(
                "Can't open the append-only file {}: {}",
                path.display(),
                io_reason(&e)
            )
        })?;
        self.incr_len = file.size().unwrap_or(0);
        self.incr = Some(file);
        Ok(())
    }

    /// A new incremental file, listed in the manifest at once.
    fn new_incr(&mut self) -> io::Result<()> {
        // The file left behind must be whole on disk before the manifest
        // names a later one: a load accepts a torn end in the last file
        // only (a crash in between would otherwise strand a torn file in
        // the middle, and the AOF would not load). Its bytes may also be
        // ones replies wait for (group commit): when this fsync fails,
        // the rotation fails and the group commit's next fsync reports
        // the loss, whatever a retry says (an fsync of the group commit
        // may be under way on a clone of this handle, its bytes counted
        // as synced already).
        if let Some(old) = self.incr.as_ref() {
            if let Err(e) = old.sync_all() {
                self.sync_lost = Some((io_reason(&e), self.appended));
                return Err(e);
            }
            self.unsynced = false;
        }
        self.ensure_dir()?;
        let seq = self.manifest.next_incr_seq();
        let name = format!("{}.{seq}.incr.aof", self.paths.filename);
        let file = self.disk.open_append(&self.paths.aof_dir().join(&name))?;
        let mut manifest = self.manifest.clone();
        manifest.incrs.push(Entry {
            name,
            seq,
            kind: 'i',
        });
        self.persist_manifest(&manifest)?;
        self.manifest = manifest;
        self.incr = Some(file);
        self.incr_len = 0;
        self.unsynced = false;
        Ok(())
    }

    /// After each input: appends the core's log bytes to the AOF (opening
    /// a new incremental file where a rewrite began) and reports to the
    /// core. Under `always`, `ok` is false when the bytes could not be
    /// written (the input's replies must not go out), and `wait_for` is the
    /// position replies must wait for the fsync of, when bytes were written.
    pub fn after_input(&mut self, server: &mut Server, now: u64) -> AfterInput {
        let policy = server.config().appendfsync();
        let mut released_upto = None;
        if !server.config().appendonly && self.recovery.take().is_some() {
            released_upto = Some(self.appended + self.pending.len() as u64);
        }
        if !server.config().appendonly && self.incr.is_some() {
            // Turned off: what was written is synced and the file closed
            // (a failure fails the replies waiting on it, as at a
            // rotation).
            if let Some(file) = self.incr.take() {
                match file.sync_all() {
                    Ok(()) => self.unsynced = false,
                    Err(e) => self.sync_lost = Some((io_reason(&e), self.appended)),
                }
            }
        }
        // Every report to the core may start a rewrite (an automatic one,
        // or one scheduled behind a snapshot), which rotates the log: the
        // loop ends only when a take after the last report found no
        // rotation, so no rotation waits in the core after this step.
        let appended_before = self.appended;
        let mut wrote = false;
        let mut ok = true;
        if std::mem::take(&mut self.recovered) && !self.failing {
            // A rewrite made the failed fsync's bytes durable: writes are
            // accepted again (the loop takes a rotation this may start).
            server.aof_written(Ok(self.size), now);
        }
        loop {
            let rotated = server.take_log(&mut self.pending);
            let mut failed = false;
            if ok && !self.pending.is_empty() {
                wrote = true;
                if let Err(reason) = self.write_pending() {
                    ok = false;
                    failed = true;
                    self.failing = true;
                    if policy == AppendFsync::Always {
                        let end = self.appended + self.pending.len() as u64;
                        self.recovery = Some(self.recovery.unwrap_or(0).max(end));
                    }
                    server.aof_written(Err(reason), now);
                }
            }
            if rotated {
                if ok {
                    self.begin_rewrite_incr(server, now);
                } else {
                    // The new file cannot open before the old bytes are
                    // in: the rest stays in memory too and will go to the
                    // old file, so this rewrite cannot be put in place.
                    self.rotated(None);
                }
                continue;
            }
            // Only a write proves the disk works again: an input with
            // nothing to write leaves a failed fsync's error to the next
            // tick's retry.
            // Nor does it after a failed fsync under `always`: only the
            // recovery's rewrite does (see `recovery`).
            if ok && wrote {
                wrote = false;
                if self.recovery.is_none() {
                    self.failing = false;
                    server.aof_written(Ok(self.size), now);
                }
                continue;
            }
            if failed {
                continue;
            }
            break;
        }
        let always = policy == AppendFsync::Always;
        let end = self.appended + self.pending.len() as u64;
        AfterInput {
            ok: ok || !always,
            wait_for: (always && self.appended > appended_before).then_some(self.appended),
            failed_at: (always && !ok).then_some(end),
            released_upto,
        }
    }

    /// For the group commit: a handle to fsync outside every lock and the
    /// position it covers; no handle when everything written is synced.
    /// The caller reports a failure with [`Aof::sync_failed`].
    pub fn sync_handle(&mut self) -> (Result<Option<D::File>, String>, u64) {
        let upto = self.appended;
        if let Some((reason, lost)) = self.sync_lost.take() {
            // Only the range written before the loss fails: replies
            // waiting on later bytes wait for the next fsync.
            return (Err(reason), lost);
        }
        if !self.unsynced {
            return (Ok(None), upto);
        }
        match self.incr.as_ref().map(DiskFile::try_clone) {
            Some(Ok(file)) => {
                self.unsynced = false;
                (Ok(Some(file)), upto)
            }
            Some(Err(e)) => (Err(io_reason(&e)), upto),
            // No file open: the AOF was turned off, its file synced (or
            // its failure kept in `sync_lost`) and closed.
            None => {
                self.unsynced = false;
                (Ok(None), upto)
            }
        }
    }

    /// After the group commit's fsync of a [`Aof::sync_handle`] handle
    /// succeeded: `Err` when an fsync of the same file failed meanwhile
    /// (a rotation's, a retry's), which may have taken Linux's one report
    /// of a loss among this fsync's bytes: it counts as failed too (the
    /// next handle reports the loss with its own position).
    pub fn confirm_sync(&self) -> Result<(), String> {
        match &self.sync_lost {
            Some((reason, _)) => Err(reason.clone()),
            None => Ok(()),
        }
    }

    /// The rewrite's new incremental file, opened where the log rotated.
    /// The base bytes come with the snapshot; this marks from which
    /// incremental file on the new manifest keeps them. A rewrite still
    /// being written (one the core abandoned, FLUSHALL during a rewrite)
    /// keeps its own mark.
    fn begin_rewrite_incr(&mut self, server: &mut Server, now: u64) {
        let seq = self.manifest.next_incr_seq();
        match self.new_incr() {
            Ok(()) => self.rotated(Some(seq)),
            Err(e) => {
                self.rotated(None);
                server.aof_written(
                    Err(format!("Can't open a new AOF incr file: {}", io_reason(&e))),
                    now,
                );
                self.failing = true;
            }
        }
    }

    /// Where the log rotated (`None`: the new file failed to open): for
    /// the rewrite whose first chunk was taken before the rotation was
    /// handled, else for the next one taken.
    fn rotated(&mut self, seq: Option<u64>) {
        let rotation = Rotation {
            seq,
            at: self.appended,
        };
        self.last_rotation = Some(rotation);
        match self.base_starts.last_mut() {
            Some((_, binding @ None)) => *binding = Some(rotation),
            _ => self.rotation = Some(rotation),
        }
    }

    /// Call as a snapshot's chunk is taken from the core, with the core
    /// at hand: a rewrite's first chunk is bound to the rotation the core
    /// made when it began, handled already or at the adapter's next step
    /// (a rewrite that begins rotates the log, and the next rewrite cannot
    /// begin before that rotation is taken), whenever its bytes reach
    /// [`Aof::write_base`].
    pub fn base_taken(&mut self, chunk: &SnapshotChunk, server: &Server) {
        if !matches!(chunk.target, SnapshotTarget::AofBase(_)) || !chunk.first {
            return;
        }
        // A few are kept: a writer behind may still be writing a rewrite
        // the core abandoned when the next one began.
        if self.base_starts.len() >= 4 {
            self.base_starts.remove(0);
        }
        let binding = match self.rotation.take() {
            Some(rotation) => Some(rotation),
            // No rotation with the log off (BGREWRITEAOF with `appendonly
            // no`): the base alone makes the new AOF.
            None if !server.log_enabled() => Some(Rotation {
                seq: Some(self.manifest.next_incr_seq()),
                at: self.appended,
            }),
            None => None,
        };
        self.base_starts.push((chunk.id, binding));
    }

    /// Writes the pending bytes to the incremental file; on error they
    /// stay pending.
    fn write_pending(&mut self) -> Result<(), String> {
        let Some(file) = self.incr.as_mut() else {
            // Log bytes with no AOF open (a rewrite's incr file failed to
            // open): kept until one opens.
            return Err("no AOF file is open".into());
        };
        let (written, result) = file.write_counted(&self.pending);
        if let Err(e) = result {
            // A short write leaves part of a record: cut it off, as Redis
            // does, so the retry appends whole records after whole ones.
            // When even that fails (a disk gone read-only), the part
            // stays, and so the retry must write only the rest after it
            // (Redis too drops the written part from its buffer then).
            if written > 0 && file.set_len(self.incr_len).is_err() {
                self.incr_len += written as u64;
                self.size += written as u64;
                self.appended += written as u64;
                self.pending.drain(..written);
                self.unsynced = true;
            }
            return Err(io_reason(&e));
        }
        self.incr_len += self.pending.len() as u64;
        self.size += self.pending.len() as u64;
        self.appended += self.pending.len() as u64;
        self.pending.clear();
        self.unsynced = true;
        Ok(())
    }

    /// Once a second (`everysec`, and to retry after an error): writes
    /// what is pending and fsyncs. The fsync itself runs on a clone of the
    /// file handle, outside any lock, by the caller: this returns it.
    pub fn tick(&mut self, server: &mut Server, now: u64) -> Option<D::File> {
        if self.incr.is_none() && !self.pending.is_empty() && server.config().appendonly {
            if let Err(e) = self.new_incr() {
                server.aof_written(Err(io_reason(&e)), now);
                return None;
            }
        }
        let always = server.config().appendfsync() == AppendFsync::Always;
        if self.failing || !self.pending.is_empty() {
            let outcome = self.write_pending().and_then(|()| {
                let Some(file) = self.incr.as_ref() else {
                    return Ok(());
                };
                file.sync_data().map_err(|e| {
                    let reason = io_reason(&e);
                    if always {
                        // As a failed group fsync: the replies waiting
                        // on these bytes must never be released by a
                        // retry (this fsync may have taken the report).
                        self.sync_lost = Some((reason.clone(), self.appended));
                        self.recovery = Some(self.recovery.unwrap_or(0).max(self.appended));
                    }
                    reason
                })?;
                self.unsynced = false;
                Ok(())
            });
            match outcome {
                Ok(()) if self.recovery.is_none() => {
                    self.failing = false;
                    server.aof_written(Ok(self.size), now);
                }
                Ok(()) => {}
                Err(reason) => {
                    server.aof_written(Err(reason), now);
                    self.request_recovery(server, now);
                    return None;
                }
            }
        }
        self.request_recovery(server, now);
        let everysec = server.config().appendfsync() == AppendFsync::Everysec;
        if everysec && std::mem::take(&mut self.unsynced) {
            return self.incr.as_ref().and_then(|f| f.try_clone().ok());
        }
        None
    }

    /// The fsync of the handle [`Aof::tick`] or [`Aof::sync_handle`]
    /// returned failed (`reason`: see [`fsync_handle`]): reported to the
    /// core (writes get `-MISCONF`), and the next tick fsyncs again and
    /// clears the error once one succeeds.
    ///
    /// Under `always` the bytes are of unknown durability whatever a retry
    /// says: the error then stays until a rewrite begun after now is in
    /// place (see `recovery`; the next tick asks the core for it).
    pub fn sync_failed(&mut self, server: &mut Server, reason: String, now: u64) {
        self.failing = true;
        self.unsynced = true;
        if server.config().appendfsync() == AppendFsync::Always {
            self.recovery = Some(self.recovery.unwrap_or(0).max(self.appended));
        }
        server.aof_written(Err(reason), now);
    }

    /// Once a second while a recovery is due: asks the core for a rewrite
    /// unless one begun after the failure runs (one begun before it, or
    /// whose incremental file failed to open, cannot end the recovery: the
    /// new one is scheduled behind it).
    fn request_recovery(&mut self, server: &mut Server, now: u64) {
        let Some(failed_at) = self.recovery else {
            return;
        };
        if !server.config().appendonly {
            // Turning the AOF on again begins a rewrite, which recovers.
            return;
        }
        let covering = self
            .last_rotation
            .is_some_and(|r| r.seq.is_some() && r.at >= failed_at);
        if covering && server.aof_rewrite_in_progress() {
            return;
        }
        server.request_aof_rewrite(now);
    }

    /// A chunk of a rewrite's new base; on the last, makes it durable,
    /// swaps the manifest and deletes the replaced files. Returns the
    /// outcome to report when the base is complete.
    pub fn write_base(
        &mut self,
        chunk: SnapshotChunk,
        bytes: &[u8],
    ) -> Option<Result<BaseInPlace, String>> {
        let stale = self.rewrite.as_ref().is_none_or(|r| r.id != chunk.id);
        if stale && !chunk.first {
            // Bytes of a base whose start was not seen here: never put in
            // place (the core does not send such; defensive).
            return None;
        }
        if chunk.first {
            let _ = self.ensure_dir();
            let (file, error) = match self.disk.create(&self.paths.base_temp()) {
                Ok(file) => (Some(file), None),
                Err(e) => (
                    None,
                    Some(format!(
                        "Can't open the temp append only file for rewriting: {}",
                        io_reason(&e)
                    )),
                ),
            };
            let format = match chunk.target {
                SnapshotTarget::AofBase(format) => format,
                SnapshotTarget::Rdb => AofBaseFormat::Rdb,
            };
            self.rewrite = Some(Rewrite {
                id: chunk.id,
                format,
                file,
                error,
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
            let _ = self.disk.remove_file(&self.paths.base_temp());
        }
        Some(outcome)
    }

    fn finish_rewrite(&mut self, rewrite: Rewrite<D::File>) -> Result<BaseInPlace, String> {
        if let Some(error) = rewrite.error {
            return Err(error);
        }
        // The first incremental file the new manifest keeps: the one
        // opened where the log rotated for this rewrite.
        let (incrs_from, began_at) = match self.base_starts.iter().find(|(id, _)| *id == rewrite.id)
        {
            Some((_, Some(Rotation { seq: Some(seq), at }))) => (*seq, *at),
            Some((_, Some(Rotation { seq: None, .. }))) => {
                return Err("Can't open a new AOF incr file for the rewrite".into())
            }
            _ => return Err("the rewrite's incremental file is unknown".into()),
        };
        let file = rewrite.file.ok_or("no temporary file")?;
        let fail =
            |e: io::Error| format!("Error moving the rewritten AOF in place: {}", io_reason(&e));
        file.sync_all().map_err(fail)?;
        drop(file);
        let seq = self.manifest.next_base_seq();
        let suffix = rewrite.format.file_suffix();
        let name = format!("{}.{seq}.{suffix}", self.paths.filename);
        self.disk
            .rename(&self.paths.base_temp(), &self.paths.aof_dir().join(&name))
            .map_err(fail)?;
        let kept: Vec<Entry> = self
            .manifest
            .incrs
            .iter()
            .filter(|e| e.seq >= incrs_from)
            .cloned()
            .collect();
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
                let _ = self
                    .disk
                    .remove_file(&self.paths.aof_dir().join(&entry.name));
            }
        }
        self.recount();
        if self.recovery.is_some_and(|failed_at| began_at >= failed_at) {
            // Every byte of unknown durability is in the base now; a
            // write still pending (an error since) keeps the error until
            // it is written.
            self.recovery = None;
            if self.pending.is_empty() {
                self.failing = false;
                self.recovered = true;
            }
        }
        Ok(BaseInPlace {
            size: self.base_size,
            durable_upto: began_at,
        })
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether a failed write or fsync under `always` waits for the
    /// recovery's rewrite (see `recovery`).
    pub fn recovery_due(&self) -> bool {
        self.recovery.is_some()
    }

    /// Whether the last write or fsync failed (the core refuses writes
    /// with `-MISCONF` until one succeeds).
    pub fn is_failing(&self) -> bool {
        self.failing
    }
}

/// Cuts a torn last file at its last whole record (`aof-load-truncated
/// yes`), with Redis's warning.
fn truncate_torn<D: Disk>(
    disk: &D,
    path: &Path,
    valid_len: u64,
    binary: &str,
) -> Result<(), String> {
    let fail = |e: io::Error| {
        format!(
            "Error truncating the AOF file {}: {}",
            path.display(),
            io_reason(&e)
        )
    };
    let file = disk.open_append(path).map_err(fail)?;
    file.set_len(valid_len)
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    eprintln!(
        "{binary}: !!! Warning: short read while loading the AOF file {}!!! AOF loaded anyway because aof-load-truncated is enabled (truncated to {valid_len} bytes)",
        path.display(),
    );
    Ok(())
}

#[cfg(test)]
#[path = "aof_sim_tests.rs"]
mod sim_tests;

#[cfg(test)]
mod tests {
    use super::sim_tests::run_rewrite;
    use super::*;
    use miniredis_core::{Config, Host};
    use std::fs::{self, File};

    /// A server with `appendonly yes` and `appendfsync always`, and the
    /// AOF of `dir` opened (not loaded).
    fn always_in(dir: &Path) -> (Server, Aof) {
        let mut config = Config {
            appendonly: true,
            ..Config::default()
        };
        config.set_reported_at_start("appendfsync", "always".into());
        let server = Server::new(config, Host::default(), 0);
        let aof = Aof::open(AofPaths {
            dir: dir.to_path_buf(),
            dirname: "appendonlydir".into(),
            filename: "appendonly.aof".into(),
        })
        .unwrap();
        (server, aof)
    }

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
        let (mut server, mut aof) = always_in(&dir);
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
                wait_for: Some(aof.appended),
                failed_at: None,
                released_upto: None,
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

        // The disk works again: the kept bytes are written on the next
        // tick, which asks the core for the recovery's rewrite; the error
        // stays until it is in place.
        aof.incr = good;
        assert!(aof.tick(&mut server, 0).is_none());
        let written = String::from_utf8_lossy(&fs::read(&incr).unwrap()).into_owned();
        assert_eq!(written.matches("SET\r\n$1\r\n").count(), 2, "{written:?}");
        assert!(aof.recovery_due());
        assert!(server.aof_rewrite_in_progress());
        assert!(reply(&mut server, client, b"SET c 3\r\n")
            .starts_with("-MISCONF Errors writing to the AOF file: "));
        let base = run_rewrite(&mut server, &mut aof, 0).unwrap().unwrap();
        // Every byte appended so far is in the new base.
        assert_eq!(base.durable_upto, aof.appended);
        assert!(reply(&mut server, client, b"INFO persistence\r\n")
            .contains("aof_last_write_status:ok"));
        assert_eq!(reply(&mut server, client, b"SET c 3\r\n"), "+OK\r\n");
        assert!(aof.after_input(&mut server, 0).ok);

        // A failed group-commit fsync: a retry that succeeds proves
        // nothing (Linux reports lost write-back once), so writes are
        // refused until the recovery's rewrite is in place.
        aof.sync_failed(&mut server, "Input/output error".into(), 0);
        assert!(reply(&mut server, client, b"SET d 4\r\n")
            .starts_with("-MISCONF Errors writing to the AOF file: Input/output error"));
        assert!(aof.tick(&mut server, 0).is_none());
        assert!(reply(&mut server, client, b"SET d 4\r\n")
            .starts_with("-MISCONF Errors writing to the AOF file: Input/output error"));
        let position = aof.appended;
        let base = run_rewrite(&mut server, &mut aof, 0).unwrap().unwrap();
        assert_eq!(base.durable_upto, position);
        assert_eq!(reply(&mut server, client, b"SET d 4\r\n"), "+OK\r\n");
        assert!(aof.after_input(&mut server, 0).ok);

        // Everything loads again.
        let (mut server, mut aof) = always_in(&dir);
        assert!(aof.start(&mut server, 0, "test").unwrap());
        let client = server.connect(0);
        assert_eq!(
            reply(&mut server, client, b"MGET a b c d\r\n"),
            "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"
        );
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
