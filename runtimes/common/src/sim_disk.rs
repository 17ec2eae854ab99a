//! A simulated disk for the crash simulation (tests only): every file is
//! bytes plus a durable length, and the directory tree exists twice, as
//! the running process sees it and as the disk would show it after a
//! power loss.
//!
//! - A write lands in the file at once; [`DiskFile::sync_data`] /
//!   [`DiskFile::sync_all`] make the whole file durable.
//! - Creating, renaming and removing change the visible tree only; the
//!   durable tree follows for a directory's entries when that directory
//!   is fsynced ([`Disk::sync_dir`]), as on Linux file systems.
//! - [`SimDisk::crash`] keeps the durable tree, and of each file its
//!   durable prefix plus a random part of the rest (a write torn at a
//!   random byte); a file only a volatile entry named is gone.
//! - [`SimDisk::set_fault`]: writes, fsyncs and the other changes fail with
//!   ENOSPC or EROFS, possibly after some bytes still went through (a
//!   partial write), until the fault is cleared.
//! - [`SimDisk::lose_failed_writeback`]: a failed fsync of a file with
//!   bytes not durable loses them as Linux may (the write-back failed, the
//!   pages are marked clean and the error is reported once): a later
//!   fsync of that file succeeds and makes nothing past the loss durable.
//!   A crash then keeps the file up to the loss exactly (on a real disk
//!   it could hold a hole there, which would not load at all: no server
//!   can do better than the prefix, so the simulation checks that).
//! - [`SimDisk::crash_after`]: the process dies after that many more
//!   changing operations: from then on every change fails and has no
//!   effect, so a crash can fall between any two steps of the file logic
//!   (between a write and its fsync, a rename and the directory fsync).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::disk::{Disk, DiskFile};

const ENOSPC: i32 = 28;
const EROFS: i32 = 30;
const EIO: i32 = 5;

/// What a failing disk answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// ENOSPC: writes and fsyncs fail; truncating, renaming and removing
    /// still work.
    NoSpace,
    /// EROFS: every change fails (truncating a partial write too).
    ReadOnly,
    /// EIO at fsync: writes land (in the page cache), every fsync (of a
    /// file or a directory) fails: the device fails the write-back.
    WriteBack,
}

#[derive(Clone, Copy, Debug)]
pub struct Fault {
    pub kind: FaultKind,
    /// Bytes that still get written before writes fail (a partial write).
    pub budget: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    Dir,
    File(u64),
}

#[derive(Debug, Default)]
struct Inode {
    data: Vec<u8>,
    durable: usize,
    /// Where a failed fsync lost the write-back (see
    /// [`SimDisk::lose_failed_writeback`]): nothing after it becomes
    /// durable.
    lost_at: Option<usize>,
}

#[derive(Debug, Default)]
struct State {
    inodes: HashMap<u64, Inode>,
    next_inode: u64,
    /// The tree as the process sees it.
    visible: BTreeMap<PathBuf, Node>,
    /// The tree as it would be found after a crash.
    durable: BTreeMap<PathBuf, Node>,
    fault: Option<Fault>,
    lose_failed_writeback: bool,
    /// Changing operations left before the process dies.
    crash_after: Option<u64>,
    dead: bool,
}

/// The simulated disk; clones share it.
#[derive(Clone, Debug, Default)]
pub struct SimDisk(Rc<RefCell<State>>);

/// A file open for writing on a [`SimDisk`].
#[derive(Debug)]
pub struct SimFile {
    disk: SimDisk,
    inode: u64,
}

fn dead() -> io::Error {
    io::Error::other("the simulated process crashed")
}

fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

impl State {
    /// Counts a changing operation: `Err` once the process is dead, or
    /// when the fault refuses it (`write`: the operation writes data).
    fn change(&mut self, write: bool) -> io::Result<()> {
        self.change_or_sync(write, false)
    }

    /// [`State::change`] for an fsync (`write`: of a file's data).
    fn sync(&mut self, write: bool) -> io::Result<()> {
        self.change_or_sync(write, true)
    }

    fn change_or_sync(&mut self, write: bool, sync: bool) -> io::Result<()> {
        if self.dead {
            return Err(dead());
        }
        if let Some(left) = self.crash_after.as_mut() {
            if *left == 0 {
                self.dead = true;
                return Err(dead());
            }
            *left -= 1;
        }
        match self.fault {
            // Bytes still go while the budget lasts (then writes fail):
            // a disk filling up, or remounted read-only, in the middle of
            // a write.
            Some(Fault {
                kind: FaultKind::WriteBack,
                ..
            }) => {
                if sync {
                    Err(io::Error::from_raw_os_error(EIO))
                } else {
                    Ok(())
                }
            }
            Some(Fault { budget, .. }) if write && budget > 0 => Ok(()),
            Some(Fault {
                kind: FaultKind::ReadOnly,
                ..
            }) => Err(io::Error::from_raw_os_error(EROFS)),
            Some(Fault {
                kind: FaultKind::NoSpace,
                ..
            }) if write => Err(io::Error::from_raw_os_error(ENOSPC)),
            _ => Ok(()),
        }
    }

    fn parent_is_dir(&self, path: &Path) -> io::Result<()> {
        match path.parent().and_then(|p| self.visible.get(p)) {
            Some(Node::Dir) => Ok(()),
            _ => Err(not_found()),
        }
    }

    fn new_inode(&mut self) -> u64 {
        self.next_inode += 1;
        self.inodes.insert(self.next_inode, Inode::default());
        self.next_inode
    }
}

impl SimDisk {
    /// A disk holding the directory `root` (durably).
    pub fn new(root: &Path) -> SimDisk {
        let disk = SimDisk::default();
        {
            let mut state = disk.0.borrow_mut();
            for dir in root.ancestors() {
                state.visible.insert(dir.to_path_buf(), Node::Dir);
                state.durable.insert(dir.to_path_buf(), Node::Dir);
            }
        }
        disk
    }

    pub fn set_fault(&self, fault: Option<Fault>) {
        self.0.borrow_mut().fault = fault;
    }

    /// From now on, a failed fsync loses the file's bytes not durable
    /// (see the module docs).
    pub fn lose_failed_writeback(&self, on: bool) {
        self.0.borrow_mut().lose_failed_writeback = on;
    }

    pub fn fault(&self) -> Option<Fault> {
        self.0.borrow().fault
    }

    /// The process dies after `ops` more changing operations.
    pub fn crash_after(&self, ops: Option<u64>) {
        self.0.borrow_mut().crash_after = ops;
    }

    /// Whether the process died (see [`SimDisk::crash_after`]).
    pub fn is_dead(&self) -> bool {
        self.0.borrow().dead
    }

    /// A power loss: the durable tree and each file's durable prefix
    /// stay, with `pick(n)` (a number in `0..=n`) more bytes of its
    /// unsynced tail. Afterwards everything on the disk is durable, no
    /// fault is set and the process may run again.
    pub fn crash(&self, mut pick: impl FnMut(usize) -> usize) {
        let mut state = self.0.borrow_mut();
        let durable = std::mem::take(&mut state.durable);
        // An entry whose directory's own entry was not durable is gone.
        let kept: BTreeMap<PathBuf, Node> = durable
            .iter()
            .filter(|(path, _)| {
                path.ancestors()
                    .skip(1)
                    .all(|dir| durable.get(dir) == Some(&Node::Dir))
            })
            .map(|(path, node)| (path.clone(), *node))
            .collect();
        let mut inodes = HashMap::new();
        for node in kept.values() {
            let Node::File(id) = *node else { continue };
            if inodes.contains_key(&id) {
                continue;
            }
            let Some(mut inode) = state.inodes.remove(&id) else {
                continue;
            };
            let tail = inode.data.len() - inode.durable;
            let len = match inode.lost_at.take() {
                Some(lost) => lost.min(inode.durable),
                None => inode.durable + pick(tail).min(tail),
            };
            inode.data.truncate(len);
            inode.durable = len;
            inodes.insert(id, inode);
        }
        state.inodes = inodes;
        state.visible = kept.clone();
        state.durable = kept;
        state.fault = None;
        state.crash_after = None;
        state.dead = false;
    }

    /// Every file's path and bytes, as the process sees them (for
    /// failure reports).
    pub fn listing(&self) -> Vec<(PathBuf, usize, usize)> {
        let state = self.0.borrow();
        state
            .visible
            .iter()
            .filter_map(|(path, node)| match node {
                Node::File(id) => state
                    .inodes
                    .get(id)
                    .map(|i| (path.clone(), i.data.len(), i.durable)),
                Node::Dir => None,
            })
            .collect()
    }

    fn with_inode<R>(&self, id: u64, f: impl FnOnce(&mut Inode) -> R) -> io::Result<R> {
        let mut state = self.0.borrow_mut();
        state.inodes.get_mut(&id).map(f).ok_or_else(not_found)
    }

    fn sync_file(&self, id: u64) -> io::Result<()> {
        let mut state = self.0.borrow_mut();
        if let Err(e) = state.sync(true) {
            if state.lose_failed_writeback && !state.dead {
                if let Some(inode) = state.inodes.get_mut(&id) {
                    if inode.data.len() > inode.durable && inode.lost_at.is_none() {
                        inode.lost_at = Some(inode.durable);
                    }
                }
            }
            return Err(e);
        }
        drop(state);
        self.with_inode(id, |inode| {
            if inode.lost_at.is_none() {
                inode.durable = inode.data.len();
            }
        })
    }
}

impl DiskFile for SimFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut state = self.disk.0.borrow_mut();
        state.change(!bytes.is_empty())?;
        let n = match state.fault.as_mut() {
            Some(fault) if fault.kind != FaultKind::WriteBack => {
                let n = bytes.len().min(fault.budget as usize);
                fault.budget -= n as u64;
                n
            }
            _ => bytes.len(),
        };
        let inode = state.inodes.get_mut(&self.inode).ok_or_else(not_found)?;
        inode.data.extend_from_slice(&bytes[..n]);
        Ok(n)
    }

    fn sync_all(&self) -> io::Result<()> {
        self.disk.sync_file(self.inode)
    }

    fn sync_data(&self) -> io::Result<()> {
        self.disk.sync_file(self.inode)
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        self.disk.0.borrow_mut().change(false)?;
        self.disk.with_inode(self.inode, |inode| {
            inode.data.resize(len as usize, 0);
            inode.durable = inode.durable.min(inode.data.len());
            // Cut at or before the loss: no hole is left.
            inode.lost_at = inode.lost_at.filter(|&lost| lost < inode.data.len());
        })
    }

    fn size(&self) -> io::Result<u64> {
        self.disk
            .with_inode(self.inode, |inode| inode.data.len() as u64)
    }

    fn try_clone(&self) -> io::Result<SimFile> {
        Ok(SimFile {
            disk: self.disk.clone(),
            inode: self.inode,
        })
    }
}

impl Disk for SimDisk {
    type File = SimFile;

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let state = self.0.borrow();
        match state.visible.get(path) {
            Some(Node::File(id)) => state
                .inodes
                .get(id)
                .map(|i| i.data.clone())
                .ok_or_else(not_found),
            Some(Node::Dir) => Err(io::Error::from(io::ErrorKind::IsADirectory)),
            None => Err(not_found()),
        }
    }

    fn create(&self, path: &Path) -> io::Result<SimFile> {
        let mut state = self.0.borrow_mut();
        state.change(true)?;
        state.parent_is_dir(path)?;
        let inode = match state.visible.get(path) {
            Some(Node::File(id)) => {
                let id = *id;
                if let Some(inode) = state.inodes.get_mut(&id) {
                    inode.data.clear();
                    inode.durable = 0;
                    // No hole is left: what is written now is new.
                    inode.lost_at = None;
                }
                id
            }
            Some(Node::Dir) => return Err(io::Error::from(io::ErrorKind::IsADirectory)),
            None => {
                let id = state.new_inode();
                state.visible.insert(path.to_path_buf(), Node::File(id));
                id
            }
        };
        Ok(SimFile {
            disk: self.clone(),
            inode,
        })
    }

    fn open_append(&self, path: &Path) -> io::Result<SimFile> {
        let existing = match self.0.borrow().visible.get(path) {
            Some(Node::File(id)) => Some(*id),
            Some(Node::Dir) => return Err(io::Error::from(io::ErrorKind::IsADirectory)),
            None => None,
        };
        if let Some(inode) = existing {
            if self.0.borrow().dead {
                return Err(dead());
            }
            return Ok(SimFile {
                disk: self.clone(),
                inode,
            });
        }
        self.create(path)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let mut state = self.0.borrow_mut();
        state.change(false)?;
        state.parent_is_dir(to)?;
        match state.visible.get(from).copied() {
            Some(node @ Node::File(_)) => {
                if state.visible.get(to) == Some(&Node::Dir) {
                    return Err(io::Error::from(io::ErrorKind::IsADirectory));
                }
                state.visible.remove(from);
                state.visible.insert(to.to_path_buf(), node);
                Ok(())
            }
            Some(Node::Dir) => Err(io::Error::from(io::ErrorKind::Unsupported)),
            None => Err(not_found()),
        }
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        let mut state = self.0.borrow_mut();
        state.change(false)?;
        match state.visible.get(path) {
            Some(Node::File(_)) => {
                state.visible.remove(path);
                Ok(())
            }
            Some(Node::Dir) => Err(io::Error::from(io::ErrorKind::IsADirectory)),
            None => Err(not_found()),
        }
    }

    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        let mut state = self.0.borrow_mut();
        let missing: Vec<PathBuf> = path
            .ancestors()
            .take_while(|dir| !state.visible.contains_key(*dir))
            .map(Path::to_path_buf)
            .collect();
        if state.visible.get(path) == Some(&Node::Dir) {
            return Ok(());
        }
        if state.visible.contains_key(path) {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists));
        }
        state.change(true)?;
        for dir in missing.into_iter().rev() {
            state.parent_is_dir(&dir)?;
            state.visible.insert(dir, Node::Dir);
        }
        Ok(())
    }

    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        let mut state = self.0.borrow_mut();
        state.sync(false)?;
        if state.visible.get(path) != Some(&Node::Dir) {
            return Err(not_found());
        }
        let in_dir = |p: &PathBuf| p.parent() == Some(path);
        let now: Vec<(PathBuf, Node)> = state
            .visible
            .iter()
            .filter(|(p, _)| in_dir(p))
            .map(|(p, n)| (p.clone(), *n))
            .collect();
        state.durable.retain(|p, _| !in_dir(p));
        state.durable.extend(now);
        Ok(())
    }

    fn file_len(&self, path: &Path) -> io::Result<u64> {
        let state = self.0.borrow();
        match state.visible.get(path) {
            Some(Node::File(id)) => Ok(state.inodes.get(id).map_or(0, |i| i.data.len() as u64)),
            Some(Node::Dir) => Ok(0),
            None => Err(not_found()),
        }
    }

    fn is_dir(&self, path: &Path) -> io::Result<bool> {
        match self.0.borrow().visible.get(path) {
            Some(node) => Ok(*node == Node::Dir),
            None => Err(not_found()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fsynced_bytes_and_dir_synced_entries_survive_a_crash() {
        let root = Path::new("/sim");
        let disk = SimDisk::new(root);
        let a = root.join("a");
        let mut file = disk.create(&a).unwrap();
        file.write_all(b"hello").unwrap();
        file.sync_data().unwrap();
        file.write_all(b" world").unwrap();
        // The entry is not durable yet: the file is gone.
        disk.crash(|n| n);
        assert!(disk.read(&a).is_err());

        let mut file = disk.create(&a).unwrap();
        file.write_all(b"hello").unwrap();
        file.sync_data().unwrap();
        disk.sync_dir(root).unwrap();
        file.write_all(b" world").unwrap();
        disk.crash(|n| n - 2);
        assert_eq!(disk.read(&a).unwrap(), b"hello wor");
        disk.crash(|_| 0);
        assert_eq!(disk.read(&a).unwrap(), b"hello wor");

        // A rename is durable after the directory's fsync only.
        let t = root.join("t");
        let mut temp = disk.create(&t).unwrap();
        temp.write_all(b"new").unwrap();
        temp.sync_all().unwrap();
        disk.rename(&t, &a).unwrap();
        assert_eq!(disk.read(&a).unwrap(), b"new");
        disk.crash(|_| 0);
        assert_eq!(disk.read(&a).unwrap(), b"hello wor");
        assert!(disk.read(&t).is_err());
    }

    #[test]
    fn faults_fail_writes_after_their_budget_and_a_dead_process_changes_nothing() {
        let root = Path::new("/sim");
        let disk = SimDisk::new(root);
        let mut file = disk.create(&root.join("a")).unwrap();
        disk.set_fault(Some(Fault {
            kind: FaultKind::NoSpace,
            budget: 3,
        }));
        let (n, e) = file.write_counted(b"abcdef");
        assert_eq!((n, e.unwrap_err().raw_os_error()), (3, Some(ENOSPC)));
        assert_eq!(file.size().unwrap(), 3);
        assert!(file.sync_data().is_err());
        file.set_len(0).unwrap();
        disk.set_fault(Some(Fault {
            kind: FaultKind::ReadOnly,
            budget: 2,
        }));
        let (n, e) = file.write_counted(b"abc");
        assert_eq!((n, e.unwrap_err().raw_os_error()), (2, Some(EROFS)));
        assert_eq!(file.set_len(1).unwrap_err().raw_os_error(), Some(EROFS));
        assert_eq!(file.size().unwrap(), 2);
        disk.set_fault(None);
        file.write_all(b"ok").unwrap();
        disk.crash_after(Some(1));
        file.write_all(b"!").unwrap();
        assert!(file.write_all(b"?").is_err());
        assert!(disk.is_dead());
        assert_eq!(disk.read(&root.join("a")).unwrap(), b"abok!");
    }

    #[test]
    fn a_lost_write_back_is_not_brought_back_by_a_later_fsync() {
        let root = Path::new("/sim");
        let disk = SimDisk::new(root);
        disk.lose_failed_writeback(true);
        let a = root.join("a");
        let mut file = disk.create(&a).unwrap();
        disk.sync_dir(root).unwrap();
        file.write_all(b"kept").unwrap();
        file.sync_data().unwrap();
        file.write_all(b" lost").unwrap();
        disk.set_fault(Some(Fault {
            kind: FaultKind::NoSpace,
            budget: 0,
        }));
        assert!(file.sync_data().is_err());
        disk.set_fault(None);
        // The retry succeeds, and the process still reads every byte...
        file.write_all(b" after").unwrap();
        file.sync_data().unwrap();
        assert_eq!(disk.read(&a).unwrap(), b"kept lost after");
        // ...but the disk holds only what was durable before the loss.
        disk.crash(|n| n);
        assert_eq!(disk.read(&a).unwrap(), b"kept");
        // A new file after the crash is not affected.
        let mut file = disk.open_append(&a).unwrap();
        file.write_all(b"!").unwrap();
        file.sync_data().unwrap();
        disk.crash(|_| 0);
        assert_eq!(disk.read(&a).unwrap(), b"kept!");
    }
}
