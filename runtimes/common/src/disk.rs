//! The file operations the AOF (aof.rs) and the snapshot files
//! (persist.rs) use, behind a small trait so the same logic runs on the
//! real file system ([`OsDisk`], the binaries') and on a simulated disk
//! that can crash and fail (sim_disk.rs, tests only): the crash
//! simulation checks exactly the code the binaries run.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// A file open for writing.
pub trait DiskFile: Sized {
    /// Appends (files are only ever written front to back) a prefix of
    /// `bytes`: how many went in. A short count is not an error; the next
    /// call says why, if anything is wrong.
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize>;

    /// Writes all of `bytes`; on an error, how many went in before it.
    fn write_counted(&mut self, bytes: &[u8]) -> (usize, io::Result<()>) {
        let mut done = 0;
        while done < bytes.len() {
            match self.write(&bytes[done..]) {
                Ok(0) => return (done, Err(io::Error::from(io::ErrorKind::WriteZero))),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return (done, Err(e)),
            }
        }
        (done, Ok(()))
    }

    /// Writes all of `bytes`; may leave a prefix written when it fails.
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_counted(bytes).1
    }

    /// fsync: data and metadata.
    fn sync_all(&self) -> io::Result<()>;
    /// fdatasync: the data (and the length).
    fn sync_data(&self) -> io::Result<()>;
    /// Cuts the file to `len` bytes.
    fn set_len(&self, len: u64) -> io::Result<()>;
    /// The file's length.
    fn size(&self) -> io::Result<u64>;
    /// A second handle on the same file (for an fsync outside a lock).
    fn try_clone(&self) -> io::Result<Self>;
}

/// The directory operations, by path.
pub trait Disk {
    type File: DiskFile;
    /// A whole file's bytes.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Creates `path` or truncates it, open for writing.
    fn create(&self, path: &Path) -> io::Result<Self::File>;
    /// Opens `path` for appending, creating it when missing.
    fn open_append(&self, path: &Path) -> io::Result<Self::File>;
    /// Renames `from` over `to` (atomic, replacing `to`).
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    /// fsyncs the directory `path`, making the entries created, renamed
    /// and removed in it durable.
    fn sync_dir(&self, path: &Path) -> io::Result<()>;
    /// The length of the file at `path`.
    fn file_len(&self, path: &Path) -> io::Result<u64>;
    /// Whether `path` is a directory (`Err` when it does not exist).
    fn is_dir(&self, path: &Path) -> io::Result<bool>;
}

/// The real file system, through `std::fs`.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsDisk;

impl DiskFile for File {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        Write::write(self, bytes)
    }

    fn sync_all(&self) -> io::Result<()> {
        File::sync_all(self)
    }

    fn sync_data(&self) -> io::Result<()> {
        File::sync_data(self)
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        File::set_len(self, len)
    }

    fn size(&self) -> io::Result<u64> {
        self.metadata().map(|m| m.len())
    }

    fn try_clone(&self) -> io::Result<File> {
        File::try_clone(self)
    }
}

impl Disk for OsDisk {
    type File = File;

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        fs::read(path)
    }

    fn create(&self, path: &Path) -> io::Result<File> {
        File::create(path)
    }

    fn open_append(&self, path: &Path) -> io::Result<File> {
        OpenOptions::new().create(true).append(true).open(path)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::create_dir_all(path)
    }

    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        File::open(path)?.sync_all()
    }

    fn file_len(&self, path: &Path) -> io::Result<u64> {
        fs::metadata(path).map(|m| m.len())
    }

    fn is_dir(&self, path: &Path) -> io::Result<bool> {
        fs::metadata(path).map(|m| m.is_dir())
    }
}
