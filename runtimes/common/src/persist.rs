//! Snapshot files, the adapter's side of the core's persistence contract
//! (core/src/lib.rs, "Persistence"): the core produces a snapshot's bytes,
//! this module puts them on disk so that a crash or a disk error never
//! leaves a half-written or missing `dbfilename`:
//!
//! - bytes go to `temp-<pid>.rdb` in `dir` (created afresh for each
//!   snapshot, so an abandoned one is simply overwritten);
//! - when the core says the file is complete: fsync it, rename it over
//!   `dbfilename` (atomic on POSIX), fsync the directory so the rename
//!   itself survives a power loss, and report the outcome to the core;
//! - any error removes the temporary file and is reported instead (the
//!   core turns it into `rdb_last_bgsave_status:err`, `-ERR` for SAVE, or a
//!   refused SHUTDOWN); the previous `dbfilename` is never touched.
//!
//! The writing runs on a thread of its own, so blocking file IO and fsync
//! never stall the async executor serving clients; it takes the core's
//! lock only to take bytes and to report, never across IO.

use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};

use miniredis_core::{AofLoaded, Millis, Server, SnapshotChunk, SnapshotTarget};

use crate::aof::{io_reason, Aof, AofPaths, BaseInPlace};
use crate::disk::{Disk, DiskFile, OsDisk};
use crate::shared::Shared;

/// Where snapshots live and the file being written, on the disk `D` (the
/// real one in the binaries, see disk.rs).
pub struct SnapshotFiles<D: Disk = OsDisk> {
    disk: D,
    dir: PathBuf,
    dbfilename: String,
    current: Option<Current<D::File>>,
}

/// The temporary file of the snapshot being written.
struct Current<F> {
    id: u64,
    file: Option<F>,
    /// The first error met; the rest of the snapshot's bytes are dropped
    /// and the error is reported when the core says the file is complete.
    error: Option<String>,
}

impl SnapshotFiles<OsDisk> {
    pub fn new(dir: PathBuf, dbfilename: String) -> SnapshotFiles {
        SnapshotFiles::on(OsDisk, dir, dbfilename)
    }
}

impl<D: Disk> SnapshotFiles<D> {
    /// The snapshot files of `dir` on `disk`.
    pub fn on(disk: D, dir: PathBuf, dbfilename: String) -> SnapshotFiles<D> {
        SnapshotFiles {
            disk,
            dir,
            dbfilename,
            current: None,
        }
    }

    /// The snapshot file: `dbfilename` in `dir`.
    pub fn target(&self) -> PathBuf {
        self.dir.join(&self.dbfilename)
    }

    /// The temporary file snapshots are written to before the rename.
    pub fn temp_path(&self) -> PathBuf {
        self.dir.join(format!("temp-{}.rdb", std::process::id()))
    }

    /// Reads the snapshot file at start: `None` when there is none.
    pub fn load(&self) -> Result<Option<Vec<u8>>, String> {
        let path = self.target();
        match self.disk.read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Appends a chunk of snapshot `chunk.id`; when it is the last, makes
    /// the file durable in place and returns the outcome to report.
    pub fn write(&mut self, chunk: SnapshotChunk, bytes: &[u8]) -> Option<Result<(), String>> {
        let stale = self.current.as_ref().is_none_or(|c| c.id != chunk.id);
        if stale && !chunk.first {
            // Bytes of a file not begun here: never let them replace the
            // snapshot file (the core does not send such; defensive).
            return None;
        }
        if chunk.first {
            let temp = self.temp_path();
            let (file, error) = match self.disk.create(&temp) {
                Ok(file) => (Some(file), None),
                Err(e) => (
                    None,
                    Some(format!(
                        "Failed opening the temp RDB file {} (in server root dir {}) for saving: {e}",
                        temp.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                        self.dir.display()
                    )),
                ),
            };
            self.current = Some(Current {
                id: chunk.id,
                file,
                error,
            });
        }
        let current = self.current.as_mut()?;
        if current.error.is_none() {
            if let Some(file) = current.file.as_mut() {
                if let Err(e) = file.write_all(bytes) {
                    current.error = Some(format!("Write error saving DB on disk: {e}"));
                }
            }
        }
        if !chunk.last {
            return None;
        }
        let current = self.current.take()?;
        let outcome = self.finish(current);
        if outcome.is_err() {
            let _ = self.disk.remove_file(&self.temp_path());
        }
        Some(outcome)
    }

    /// fsync, rename over the target, fsync the directory.
    fn finish(&self, current: Current<D::File>) -> Result<(), String> {
        if let Some(error) = current.error {
            return Err(error);
        }
        let file = current
            .file
            .ok_or_else(|| "no temporary file".to_string())?;
        file.sync_all()
            .map_err(|e| format!("Write error saving DB on disk: {e}"))?;
        drop(file);
        let (temp, target) = (self.temp_path(), self.target());
        self.disk.rename(&temp, &target).map_err(|e| {
            format!(
                "Error moving temp DB file {} on the final destination {} (in server root dir {}): {e}",
                temp.display(),
                target.display(),
                self.dir.display()
            )
        })?;
        self.disk
            .sync_dir(&self.dir)
            .map_err(|e| format!("Failed to fsync directory {}: {e}", self.dir.display()))
    }

    /// Removes a temporary file left by a snapshot the server stops
    /// without finishing (SHUTDOWN NOSAVE during BGSAVE).
    pub fn remove_temp(&self) {
        let _ = self.disk.remove_file(&self.temp_path());
    }

    /// At start, before any client: checks `dir` and, unless the AOF is
    /// on (it alone is loaded then, as Redis does), reads the snapshot
    /// file. `None` when there is nothing to load; `Err` is the message to
    /// exit with.
    fn read_at_start(&self, server: &Server) -> Result<Option<Vec<u8>>, String> {
        match self.disk.is_dir(&self.dir) {
            Ok(true) => {}
            Ok(false) => {
                return Err(format!(
                    "Can't chdir to '{}': Not a directory",
                    self.dir.display()
                ))
            }
            Err(e) => return Err(format!("Can't chdir to '{}': {e}", self.dir.display())),
        }
        if server.config().appendonly {
            return Ok(None);
        }
        self.load()
    }

    /// [`SnapshotFiles::read_at_start`], then the whole file loaded into
    /// the empty core at once (the crash simulation's start).
    pub fn load_at_start(
        &self,
        server: &mut Server,
        now: Millis,
        binary: &str,
    ) -> Result<(), String> {
        let Some(bytes) = self.read_at_start(server)? else {
            return Ok(());
        };
        match server.load_snapshot(&bytes, now) {
            Ok(keys) => {
                eprintln!(
                    "{binary}: loaded {keys} keys from {}",
                    self.target().display()
                );
                Ok(())
            }
            Err(e) => Err(format!("cannot load {}: {e}", self.target().display())),
        }
    }

    /// [`SnapshotFiles::read_at_start`], then the load begun: the header
    /// is checked now, the keys load in slices once clients are accepted
    /// (crate::loading).
    pub fn begin_load_at_start(&self, server: &mut Server, now: Millis) -> Result<(), String> {
        let Some(bytes) = self.read_at_start(server)? else {
            return Ok(());
        };
        server
            .begin_dataset_load(bytes, now)
            .map_err(|e| format!("cannot load {}: {e}", self.target().display()))
    }
}

/// A snapshot file finished (or failed), to report to the core.
#[derive(Debug)]
pub struct Finished {
    pub id: u64,
    pub outcome: Result<(), String>,
    /// A rewrite's new base in place: its size, and where the rewrite
    /// began in the group commit's positions.
    pub base: Option<BaseInPlace>,
}

impl Finished {
    /// Reports the file's fate to the core.
    pub fn report(self, server: &mut Server, now: Millis) {
        if let Some(base) = self.base {
            server.aof_base_size(base.size);
        }
        server.snapshot_finished(self.id, self.outcome, now);
    }
}

/// Writes a chunk of a snapshot taken from the core: an RDB file's to
/// `files`, an AOF rewrite's base to `aof`. Returns what to report when
/// the file is complete.
pub fn write_chunk<D: Disk>(
    files: &mut SnapshotFiles<D>,
    aof: Option<&mut Aof<D>>,
    chunk: SnapshotChunk,
    bytes: &[u8],
    binary: &str,
) -> Option<Finished> {
    if matches!(chunk.target, SnapshotTarget::AofBase(_)) {
        let outcome = match aof {
            Some(aof) => aof.write_base(chunk, bytes),
            None => chunk.last.then(|| Err("the AOF is not open".to_string())),
        }?;
        match &outcome {
            Ok(_) => eprintln!("{binary}: Background AOF rewrite finished successfully"),
            Err(e) => eprintln!("{binary}: {e}"),
        }
        return Some(Finished {
            id: chunk.id,
            base: outcome.as_ref().ok().copied(),
            outcome: outcome.map(|_| ()),
        });
    }
    let outcome = files.write(chunk, bytes)?;
    match &outcome {
        Ok(()) => eprintln!("{binary}: DB saved on disk"),
        Err(e) => eprintln!("{binary}: {e}"),
    }
    Some(Finished {
        id: chunk.id,
        outcome,
        base: None,
    })
}

/// Wakes the writer thread; a wake-up given while it works is kept.
#[derive(Default)]
pub struct WriterWake {
    pending: Mutex<bool>,
    signal: Condvar,
}

impl WriterWake {
    pub fn notify(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        *pending = true;
        self.signal.notify_one();
    }

    fn wait(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        while !*pending {
            pending = self.signal.wait(pending).unwrap_or_else(|p| p.into_inner());
        }
        *pending = false;
    }
}

/// Opens the AOF (its manifest, if any, even with `appendonly no`: a
/// later `CONFIG SET appendonly yes` goes on from it) and, with
/// `appendonly yes`, begins loading it before any client is accepted
/// (its files load in slices once they are: crate::loading). Returns the
/// AOF still to finish once the load ends ([`Aof::finish_load`]), or
/// `None` when there was nothing to load (the AOF is then created, or
/// left closed, at once). `Err` is the message to exit with.
pub fn load_aof_at_start(shared: &Shared, paths: AofPaths) -> Result<Option<Aof>, String> {
    let mut aof = Aof::open(paths)?;
    let loading = shared.with_core(None, |server, now| aof.begin_load(server, now))?;
    if loading {
        return Ok(Some(aof));
    }
    shared.with_core(None, |server, now| {
        aof.finish_load(server, None, now, shared.binary())
    })?;
    *shared.lock_aof() = Some(aof);
    Ok(None)
}

/// Ends the AOF's load at start, under the core's lock with its last
/// slice (before any client sees the dataset): see [`Aof::finish_load`].
pub fn finish_aof_load(
    shared: &Shared,
    mut aof: Aof,
    server: &mut Server,
    now: Millis,
    loaded: &AofLoaded,
) -> Result<(), String> {
    aof.finish_load(server, Some(loaded), now, shared.binary())?;
    eprintln!("{}: DB loaded from append only file", shared.binary());
    *shared.lock_aof() = Some(aof);
    Ok(())
}

/// The AOF's once-a-second thread: writes what an error left pending,
/// asks the core for the rewrite that recovers a failed write or fsync
/// under `always` (aof.rs) and, with `appendfsync everysec`, fsyncs
/// (outside every lock).
pub fn spawn_aof_syncer(shared: Arc<Shared>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("aof-fsync".into())
        .spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            let file = shared.with_core(None, |server, now| {
                shared
                    .lock_aof()
                    .as_mut()
                    .and_then(|aof| aof.tick(server, now))
            });
            if let Some(file) = file {
                if let Err(e) = file.sync_data() {
                    shared.with_core(None, |server, now| {
                        if let Some(aof) = shared.lock_aof().as_mut() {
                            aof.sync_failed(server, io_reason(&e), now);
                        }
                    });
                }
            }
        })
        .map(|_| ())
}

/// The group commit's fsync thread (`appendfsync always`, see
/// group_commit.rs): one fsync after another while connections wait.
pub fn spawn_group_commit(shared: Arc<Shared>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("aof-group-commit".into())
        .spawn(move || loop {
            shared.group_commit.sync_when_wanted(|| shared.fsync_aof());
        })
        .map(|_| ())
}

/// Checks `dir` and starts loading the snapshot file into the core before
/// any client is accepted (its header is checked now; the keys load in
/// slices once clients are accepted: crate::loading); `Err` is the
/// message to exit with.
pub fn load_at_start(shared: &Shared, files: &SnapshotFiles) -> Result<(), String> {
    shared.with_core(None, |server, now| files.begin_load_at_start(server, now))
}

/// The writer thread, forever: on each wake-up, takes the snapshot's
/// bytes, appends them to the temporary file, and when the file is
/// complete puts it in place and reports the outcome to the core.
pub fn spawn_writer(shared: Arc<Shared>, mut files: SnapshotFiles) -> io::Result<()> {
    std::thread::Builder::new()
        .name("snapshot-writer".into())
        .spawn(move || loop {
            shared.snapshot_wake.wait();
            loop {
                let mut bytes = Vec::new();
                let chunk = shared.with_core(None, |server, _| {
                    let chunk = server.take_snapshot_bytes(&mut bytes)?;
                    if let Some(aof) = shared.lock_aof().as_mut() {
                        aof.base_taken(&chunk, server);
                    }
                    Some(chunk)
                });
                let Some(chunk) = chunk else {
                    break;
                };
                if bytes.is_empty() && !chunk.first && !chunk.last {
                    break;
                }
                // The AOF's lock is taken only for a rewrite's chunks,
                // and never with the core's.
                let finished = if matches!(chunk.target, SnapshotTarget::AofBase(_)) {
                    let mut aof = shared.lock_aof();
                    write_chunk(&mut files, aof.as_mut(), chunk, &bytes, shared.binary())
                } else {
                    write_chunk(&mut files, None, chunk, &bytes, shared.binary())
                };
                if let Some(finished) = finished {
                    // Every byte appended before the rewrite began is
                    // durable through its base: replies waiting on them
                    // (after a failed fsync) go out.
                    if let Some(base) = finished.base {
                        shared.group_commit.recovered(base.durable_upto);
                    }
                    shared.with_core(None, |server, now| finished.report(server, now));
                }
            }
        })
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn chunk(id: u64, first: bool, last: bool) -> SnapshotChunk {
        SnapshotChunk {
            id,
            first,
            last,
            target: SnapshotTarget::Rdb,
        }
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("miniredis-persist-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_complete_file_replaces_the_target_and_leaves_no_temp() {
        let dir = temp_dir("complete");
        let mut files = SnapshotFiles::new(dir.clone(), "dump.rdb".into());
        assert_eq!(files.load(), Ok(None));
        assert_eq!(files.write(chunk(1, true, false), b"abc"), None);
        assert_eq!(files.write(chunk(1, false, true), b"def"), Some(Ok(())));
        assert_eq!(files.load(), Ok(Some(b"abcdef".to_vec())));
        assert!(!files.temp_path().exists());
        // An abandoned snapshot's bytes never reach the target.
        files.write(chunk(2, true, false), b"old");
        assert_eq!(files.write(chunk(3, true, true), b"new"), Some(Ok(())));
        assert_eq!(files.load(), Ok(Some(b"new".to_vec())));
        // Bytes of a file whose start was not seen are dropped.
        assert_eq!(files.write(chunk(4, false, true), b""), None);
        assert_eq!(files.load(), Ok(Some(b"new".to_vec())));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_failed_save_keeps_the_previous_file() {
        let dir = temp_dir("failed");
        let mut files = SnapshotFiles::new(dir.clone(), "dump.rdb".into());
        files.write(chunk(1, true, true), b"good");
        // The target becomes a non-empty directory: the rename fails
        // (even for root, unlike a read-only directory).
        let mut blocked = SnapshotFiles::new(dir.clone(), "blocked".into());
        fs::create_dir_all(dir.join("blocked/x")).unwrap();
        let outcome = blocked.write(chunk(2, true, true), b"bad").unwrap();
        assert!(outcome.unwrap_err().contains("Error moving temp DB file"));
        assert!(!blocked.temp_path().exists());
        // A directory that does not exist: the temporary file fails.
        let mut missing = SnapshotFiles::new(dir.join("nope"), "dump.rdb".into());
        let outcome = missing.write(chunk(3, true, true), b"bad").unwrap();
        assert!(outcome
            .unwrap_err()
            .contains("Failed opening the temp RDB file"));
        assert_eq!(files.load(), Ok(Some(b"good".to_vec())));
        fs::remove_dir_all(dir).unwrap();
    }
}
