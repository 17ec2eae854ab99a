//! The write log: the commands Redis 7.0 would append to its AOF for the
//! changes made to the dataset, RESP-encoded exactly as Redis writes AOF
//! records (`*N\r\n$len\r\narg\r\n...`), waiting in a buffer the adapter
//! drains after every input (`Server::take_log`).
//!
//! What goes in (Redis's `propagate` rules, matched against the AOF files
//! of redis-server 7.0.15):
//!
//! - a `SELECT db` before a record whose database differs from the last
//!   record's, and before the first record after the log is enabled (a new
//!   log, a new file);
//! - only changes: a command is logged as it was called, as its handler
//!   rewrote it (`Ctx::log_as`: relative expiry made absolute, blocking
//!   pops as their plain forms, random pops as the removals they made), or
//!   not at all when it changed nothing (`Ctx::unchanged`);
//! - keys removed by expiry (on access or by the active cycle) and by
//!   eviction, as `DEL` (`UNLINK` with `lazyfree-lazy-expire` /
//!   `lazyfree-lazy-eviction` on), where the removal happened;
//! - one execution unit (a command, a whole EXEC, a script) that logs more
//!   than one record is wrapped in `MULTI` ... `EXEC`; a unit with a
//!   single record is logged bare (as Redis does for an EXEC with one
//!   write). The `MULTI` is written before the unit's first record, once a
//!   second one comes (it follows that record's `SELECT`, as in Redis).
//!
//! It also keeps `dirty`, the count of changes since start (Redis's
//! `server.dirty`, INFO's `rdb_changes_since_last_save` once snapshots
//! reset it): counted whether or not the log is on.
//!
//! Disabled (the default), nothing is buffered and each command pays one
//! branch for the unit's end, and writes one more for the change count.

use crate::compact::Key;

/// The write log and the change counter. See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct WriteLog {
    enabled: bool,
    buf: Vec<u8>,
    /// Database of the last record written; `None` before the first one
    /// (a `SELECT` then always comes first).
    db: Option<usize>,
    /// Nesting of open atomic brackets (scripts, MULTI/EXEC run by the
    /// engine); the unit ends when the outermost closes.
    depth: u32,
    /// Records logged in the current unit.
    unit_records: u32,
    /// Where the unit's first record starts in `buf` (after its `SELECT`),
    /// for the `MULTI` that goes before it when a second record comes.
    unit_start: usize,
    /// Changes since start (see the module documentation).
    pub dirty: u64,
    /// Where an AOF rewrite started in `buf`: the bytes before belong to
    /// the old incremental file, the rest to the new one (see
    /// [`WriteLog::rotate`]).
    split: Option<usize>,
}

const MULTI: &[u8] = b"*1\r\n$5\r\nMULTI\r\n";
const EXEC: &[u8] = b"*1\r\n$4\r\nEXEC\r\n";

impl WriteLog {
    /// Whether records are being logged.
    #[inline(always)]
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Turns the log on or off. Turning it on starts a new log: its first
    /// record is preceded by a `SELECT`. Turning it off drops what was not
    /// taken.
    pub fn set_enabled(&mut self, on: bool) {
        self.enabled = on;
        self.db = None;
        self.unit_records = 0;
        self.split = None;
        if !on {
            self.buf = Vec::new();
        }
    }

    /// Marks the start of an AOF rewrite: the records logged from now on
    /// go to a new incremental file, which opens with a `SELECT` (as each
    /// of Redis's does). Called between units (a rewrite never starts
    /// inside one), while no earlier mark waits to be taken (one rewrite
    /// at a time, and the adapter takes the log after every input).
    pub fn rotate(&mut self) {
        if !self.enabled {
            return;
        }
        self.split = Some(self.buf.len());
        self.db = None;
    }

    /// Appends a record for a change made in database `db` (nothing while
    /// disabled).
    pub fn append(&mut self, db: usize, args: &[&[u8]]) {
        if !self.enabled {
            return;
        }
        if self.db != Some(db) {
            self.db = Some(db);
            let digits = db.to_string();
            encode(&mut self.buf, &[b"SELECT", digits.as_bytes()]);
        }
        self.unit_records += 1;
        match self.unit_records {
            1 => self.unit_start = self.buf.len(),
            2 => {
                let at = self.unit_start;
                self.buf.splice(at..at, MULTI.iter().copied());
            }
            _ => {}
        }
        encode(&mut self.buf, args);
    }

    /// Logs the removal of an expired or evicted key, `UNLINK` when the
    /// matching `lazyfree-lazy-*` parameter is on.
    pub fn append_removal(&mut self, db: usize, key: &Key, lazy: bool) {
        let name: &[u8] = if lazy { b"UNLINK" } else { b"DEL" };
        self.append(db, &[name, key.as_slice()]);
    }

    /// Opens an atomic bracket: everything logged until the matching
    /// [`WriteLog::end_atomic`] is one unit (wrapped in MULTI/EXEC when it
    /// holds more than one record). Brackets nest; only the outermost
    /// counts.
    pub fn begin_atomic(&mut self) {
        self.depth += 1;
    }

    /// Closes an atomic bracket opened by [`WriteLog::begin_atomic`].
    pub fn end_atomic(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.end_unit();
    }

    /// Ends the current unit unless an atomic bracket is open: an `EXEC`
    /// follows it when it logged more than one record.
    pub fn end_unit(&mut self) {
        if self.depth > 0 {
            return;
        }
        if self.unit_records > 1 && self.enabled {
            self.buf.extend_from_slice(EXEC);
        }
        self.unit_records = 0;
    }

    /// Moves the logged bytes to the end of `out` (a swap when `out` is
    /// empty). Records of an unfinished unit stay until it ends, so the
    /// bytes taken never end inside a MULTI.
    ///
    /// Returns true when it stopped at a rotation mark
    /// ([`WriteLog::rotate`]): what was moved belongs to the old file, the
    /// bytes left to the new one.
    pub fn take(&mut self, out: &mut Vec<u8>) -> bool {
        if let Some(at) = self.split.take() {
            out.extend(self.buf.drain(..at.min(self.buf.len())));
            return true;
        }
        if self.unit_records > 0 {
            // Only while a bracket is open across inputs, which the engine
            // never leaves: keep the unit whole (its MULTI may still have
            // to go before its first record).
            return false;
        }
        if out.is_empty() {
            std::mem::swap(out, &mut self.buf);
        } else {
            out.append(&mut self.buf);
        }
        false
    }

    /// Bytes logged and not taken yet.
    #[cfg(test)]
    pub fn pending(&self) -> usize {
        self.buf.len()
    }
}

/// Appends one RESP array of bulk strings, as Redis writes AOF records.
pub(crate) fn encode(out: &mut Vec<u8>, args: &[&[u8]]) {
    out.push(b'*');
    out.extend_from_slice(args.len().to_string().as_bytes());
    out.extend_from_slice(b"\r\n");
    for arg in args {
        out.push(b'$');
        out.extend_from_slice(arg.len().to_string().as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_of(f: impl FnOnce(&mut WriteLog)) -> String {
        let mut log = WriteLog::default();
        log.set_enabled(true);
        f(&mut log);
        let mut out = Vec::new();
        log.take(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_select_comes_first_and_when_the_database_changes() {
        let text = log_of(|log| {
            log.append(0, &[b"set", b"a", b"1"]);
            log.end_unit();
            log.append(0, &[b"set", b"b", b"2"]);
            log.end_unit();
            log.append(3, &[b"del", b"a"]);
            log.end_unit();
        });
        assert_eq!(
            text,
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n\
             *3\r\n$3\r\nset\r\n$1\r\nb\r\n$1\r\n2\r\n\
             *2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*2\r\n$3\r\ndel\r\n$1\r\na\r\n"
        );
    }

    #[test]
    fn a_unit_of_several_records_is_wrapped_after_its_select() {
        let text = log_of(|log| {
            log.append(2, &[b"DEL", b"k"]);
            log.append(2, &[b"set", b"k", b"v"]);
            log.end_unit();
            log.append(2, &[b"set", b"x", b"y"]);
            log.end_unit();
        });
        assert_eq!(
            text,
            "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*1\r\n$5\r\nMULTI\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n\
             *3\r\n$3\r\nset\r\n$1\r\nk\r\n$1\r\nv\r\n*1\r\n$4\r\nEXEC\r\n\
             *3\r\n$3\r\nset\r\n$1\r\nx\r\n$1\r\ny\r\n"
        );
    }

    #[test]
    fn atomic_brackets_nest_and_hold_the_unit_open() {
        let text = log_of(|log| {
            log.begin_atomic();
            log.append(0, &[b"a"]);
            log.end_unit(); // an inner command's end: the bracket holds
            log.begin_atomic();
            log.append(0, &[b"b"]);
            log.end_atomic();
            log.end_atomic();
        });
        assert_eq!(
            text,
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$5\r\nMULTI\r\n*1\r\n$1\r\na\r\n\
             *1\r\n$1\r\nb\r\n*1\r\n$4\r\nEXEC\r\n"
        );
    }

    #[test]
    fn nothing_is_kept_while_disabled() {
        let mut log = WriteLog::default();
        log.append(0, &[b"set", b"a", b"1"]);
        log.end_unit();
        assert_eq!(log.pending(), 0);
    }
}
