//! Loading a write log (an AOF's records) into a server: the records
//! run, in order, as the commands of a pseudo client whose replies are
//! dropped (SELECT and MULTI/EXEC honoured), as Redis's
//! `loadSingleAppendOnlyFile` runs them. Here before any client connects
//! ([`Server::load_log`], or its chunks); at start, while clients are
//! served, engine/aof_loading.rs runs the same records
//! (`Server::run_records`) a slice at a time.
//!
//! As Redis does while loading, time stands still: no key expires and no
//! deadline counts as past, so a record runs on the dataset exactly as it
//! was when the record was logged (a key the log gave a deadline since
//! passed is still there for the records after it, until the log's own
//! `DEL` removes it). Deadlines are kept as the Unix times the log gives
//! (the clock base is moved to the epoch and the clock to 0 meanwhile:
//! `enter_log_time`; the deadlines of keys already there, from a
//! snapshot loaded first, move with it) and are moved back onto the
//! server's clock when loading ends; keys whose deadline passed then
//! expire as usual. Nothing is evicted while loading, and the write log is
//! off. A whole-log load stays in log time from its begin to its finish
//! (no client may call in between); a sliced load enters and leaves it
//! within each step (engine/aof_loading.rs says why).
//!
//! The log may come in chunks of any size: each chunk's whole records run
//! at once, a record cut by the chunk's end waits for the next one
//! ([`LogLoader`] holds it). At the end, a last record cut short, or a
//! MULTI without its EXEC, is a torn write: it is not applied, and
//! [`LogLoad::valid_len`] says where the whole records end (Redis's
//! `aof-load-truncated yes` truncates the file there). Bytes that are not
//! records as an AOF holds them are refused ([`LogError`]).

use super::dispatch;
use super::peers::PeerTable;
use super::Server;
use crate::commands::{flags, table, ClientState, PeerIo};
use crate::store::Store;
use crate::Millis;

/// Largest argument a record may hold (Redis's `proto-max-bulk-len`
/// default, which bounds what it can have logged).
const MAX_ARG_LEN: usize = 512 * 1024 * 1024;

/// What loading a log did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLoad {
    /// Length of the prefix of the log made of whole records (and whole
    /// transactions): everything there was applied. When
    /// [`LogLoad::truncated`], the adapter truncates the file to it.
    pub valid_len: u64,
    /// The log ended inside a record, or inside a MULTI without its EXEC:
    /// the bytes after [`LogLoad::valid_len`] were not applied.
    pub truncated: bool,
    /// Records run (MULTI and EXEC included; those of a torn transaction
    /// not).
    pub commands: u64,
    /// Records whose command answered an error (none in a log this server
    /// wrote; Redis ignores them too).
    pub errors: u64,
}

/// A log that cannot be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogError {
    /// The bytes at `offset` are not an AOF record (an array of bulk
    /// strings): Redis's "Bad file format reading the append only file".
    BadFormat { offset: u64 },
    /// The record at `offset` names a command this server does not know.
    UnknownCommand { offset: u64, name: String },
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogError::BadFormat { offset } => write!(
                f,
                "Bad file format reading the append only file (at byte {offset}): \
                 make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>"
            ),
            LogError::UnknownCommand { offset, name } => write!(
                f,
                "Unknown command '{name}' reading the append only file (at byte {offset})"
            ),
        }
    }
}

impl std::error::Error for LogError {}

/// A log being loaded in chunks: see [`Server::begin_log_load`].
#[derive(Debug)]
pub struct LogLoader {
    /// Bytes of a record the last chunk cut short.
    pending: Vec<u8>,
    records: Records,
    saved: LogTime,
}

/// The records of one log file run so far, and the pseudo client running
/// them (a fresh one for each file, as Redis makes for each).
#[derive(Debug)]
pub(super) struct Records {
    /// Log offset of the next record.
    pub(super) offset: u64,
    /// Offset of the MULTI of an open transaction.
    multi_at: Option<u64>,
    pub(super) commands: u64,
    /// Commands of the open transaction (not counted until its EXEC).
    queued: u64,
    errors: u64,
    client: ClientState,
}

impl Records {
    pub(super) fn new() -> Records {
        Records {
            offset: 0,
            multi_at: None,
            commands: 0,
            queued: 0,
            errors: 0,
            client: ClientState::new(0, true),
        }
    }
}

/// What the log's time changes in the server, put back when it ends
/// ([`enter_log_time`], [`leave_log_time`]).
#[derive(Debug)]
pub(super) struct LogTime {
    pub(super) unix_base: u64,
    now: Millis,
    maxmemory: u64,
    log_enabled: bool,
}

/// Makes time stand still for log records (see the module docs): the
/// clock at 0 on the Unix epoch, so every deadline a record gives is kept
/// as the Unix time it is and none is past; no eviction, no write log.
/// Deadlines already there are not moved (the caller's business).
pub(super) fn enter_log_time(store: &mut Store) -> LogTime {
    let saved = LogTime {
        unix_base: store.host.unix_time_at_zero_ms,
        now: store.now,
        maxmemory: store.config.maxmemory,
        log_enabled: store.log.enabled(),
    };
    store.host.unix_time_at_zero_ms = 0;
    store.now = 0;
    store.config.maxmemory = 0;
    store.set_log_enabled(false);
    store.loading = true;
    saved
}

/// Puts back what [`enter_log_time`] changed.
pub(super) fn leave_log_time(store: &mut Store, saved: &LogTime) {
    store.host.unix_time_at_zero_ms = saved.unix_base;
    store.now = saved.now;
    store.config.maxmemory = saved.maxmemory;
    store.loading = false;
    store.set_log_enabled(saved.log_enabled);
}

/// One record parsed from the front of a buffer.
enum Parsed {
    /// The arguments and the record's length in bytes.
    Record(Vec<Vec<u8>>, usize),
    /// The buffer ends inside the record.
    Incomplete,
    Bad,
}

impl Server {
    /// Starts loading a log into this server, before any client connects
    /// (with clients: [`Server::begin_aof_load`]):
    /// feed it with [`Server::load_log_chunk`], end with
    /// [`Server::finish_log_load`]. Until then the server's clock stands
    /// still (see engine/replay.rs); serve no client meanwhile.
    pub fn begin_log_load(&mut self) -> LogLoader {
        let saved = enter_log_time(&mut self.store);
        // Deadlines are taken as Unix times, none past (time 0 is 1970):
        // those of keys already here (a snapshot loaded first) too.
        move_deadlines(&mut self.store, |at| at.saturating_add(saved.unix_base));
        LogLoader {
            pending: Vec::new(),
            records: Records::new(),
            saved,
        }
    }

    /// Runs the whole records of `chunk` (with what the previous chunk
    /// left); work bounded by the chunk's size. On an error, stop loading
    /// (the server is then half-loaded: exit, as Redis does).
    pub fn load_log_chunk(&mut self, loader: &mut LogLoader, chunk: &[u8]) -> Result<(), LogError> {
        loader.pending.extend_from_slice(chunk);
        let ran = self.run_records(&mut loader.records, &loader.pending, usize::MAX, usize::MAX)?;
        loader.pending.drain(..ran);
        Ok(())
    }

    /// Runs the whole records at the front of `bytes` (the log from
    /// `records.offset` on), in log time ([`enter_log_time`]), until the
    /// first cut one or until `max_records` records or `max_bytes` bytes
    /// have run (always one at least, whatever its size). Returns the
    /// bytes run, and moves `records.offset` past them.
    pub(super) fn run_records(
        &mut self,
        records: &mut Records,
        bytes: &[u8],
        max_records: usize,
        max_bytes: usize,
    ) -> Result<usize, LogError> {
        let mut start = 0;
        let mut ran = 0;
        while ran < max_records && start < max_bytes {
            let rest = bytes.get(start..).unwrap_or_default();
            if rest.is_empty() {
                break;
            }
            let at = records.offset + start as u64;
            let (args, len) = match parse(rest) {
                Parsed::Record(args, len) => (args, len),
                Parsed::Incomplete => break,
                Parsed::Bad => return Err(LogError::BadFormat { offset: at }),
            };
            self.run_record(records, &args, at)?;
            start += len;
            ran += 1;
        }
        records.offset += start as u64;
        Ok(start)
    }

    /// Where the log's whole records (and whole transactions) end, and
    /// whether bytes after them (`cut`: a record cut short) or an open
    /// MULTI were left out: a torn write, whose transaction is dropped.
    pub(super) fn end_records(&mut self, records: &mut Records, cut: bool) -> (u64, bool) {
        let mut valid_len = records.offset;
        let mut truncated = cut;
        if let Some(multi_at) = records.multi_at {
            // Redis: "Revert incomplete MULTI/EXEC transaction in AOF file".
            valid_len = multi_at;
            truncated = true;
        }
        super::transaction::forget(&mut self.store, &mut records.client);
        (valid_len, truncated)
    }

    /// Ends loading: a torn tail (a cut record, a MULTI without EXEC) is
    /// left out and reported, the deadlines move onto the server's clock,
    /// and the clock, `maxmemory` and the write log are as before.
    pub fn finish_log_load(&mut self, mut loader: LogLoader) -> LogLoad {
        let cut = !loader.pending.is_empty();
        let (valid_len, truncated) = self.end_records(&mut loader.records, cut);
        let base = loader.saved.unix_base;
        move_deadlines(&mut self.store, |unix_at| unix_at.saturating_sub(base));
        leave_log_time(&mut self.store, &loader.saved);
        LogLoad {
            valid_len,
            truncated,
            commands: loader.records.commands,
            errors: loader.records.errors,
        }
    }

    /// Loads a whole log at once (see [`Server::begin_log_load`]).
    pub fn load_log(&mut self, log: &[u8]) -> Result<LogLoad, LogError> {
        let mut loader = self.begin_log_load();
        let loaded = self.load_log_chunk(&mut loader, log);
        let load = self.finish_log_load(loader);
        loaded.map(|()| load)
    }

    fn run_record(
        &mut self,
        records: &mut Records,
        args: &[Vec<u8>],
        at: u64,
    ) -> Result<(), LogError> {
        let name = args.first().map(Vec::as_slice).unwrap_or_default();
        let Some(found) = table::find(name) else {
            return Err(LogError::UnknownCommand {
                offset: at,
                name: String::from_utf8_lossy(name).into_owned(),
            });
        };
        let is = |word: &str| name.eq_ignore_ascii_case(word.as_bytes());
        if is("multi") && records.client.multi.is_none() {
            records.multi_at = Some(at);
        }
        let client = &mut records.client;
        // A blocking command answers at once, as for Redis's loading
        // client (a log this server wrote holds none: they are logged as
        // their plain forms).
        let deny_blocking = found.command.has(flags::BLOCKING) && client.multi.is_none();
        client.in_exec |= deny_blocking;
        let errors_before = self.store.stats.errors.total();
        let argv: Vec<&[u8]> = args.iter().map(Vec::as_slice).collect();
        let mut out = Vec::new();
        // The other clients in view (EXEC asks for them, for the commands
        // it may run); loading comes before any connects, and a kill (none
        // in a log) is dropped.
        let mut kills = Vec::new();
        let mut peers = PeerTable {
            sessions: &self.sessions,
            kills: &mut kills,
            own: PeerIo::default(),
        };
        // Scripting in view: a log carries FUNCTION LOAD as called (EVAL is
        // logged as its effects, never as itself).
        dispatch::execute(
            &mut self.store,
            client,
            &argv,
            &mut out,
            &mut peers,
            Some(&mut self.scripting),
        );
        if deny_blocking {
            client.in_exec = false;
        }
        records.errors += self.store.stats.errors.total() - errors_before;
        if client.multi.is_some() {
            records.queued += 1;
        } else {
            records.commands += records.queued + 1;
            records.queued = 0;
            records.multi_at = None;
        }
        Ok(())
    }
}

/// Moves every key's deadline (between the server's clock and Unix times,
/// while time stands still at 0). O(keys with a deadline), once at each
/// end of a load.
fn move_deadlines(store: &mut Store, moved: impl Fn(Millis) -> Millis) {
    for db in &mut store.dbs {
        let deadlines: Vec<_> = db
            .volatile_keys_by_deadline()
            .filter_map(|key| Some((key.clone(), db.peek_expire_at(key)?)))
            .collect();
        for (key, at) in deadlines {
            db.set_expire(&key, Some(moved(at)), 0);
        }
    }
}

/// Parses the record at the front of `buf`: `*N\r\n` then N times
/// `$len\r\n` and `len` bytes and `\r\n`.
fn parse(buf: &[u8]) -> Parsed {
    let mut pos = 0;
    let count = match header(buf, &mut pos, b'*') {
        Header::Len(n) if n > 0 => n,
        Header::Len(_) | Header::Bad => return Parsed::Bad,
        Header::Incomplete => return Parsed::Incomplete,
    };
    let mut args = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let len = match header(buf, &mut pos, b'$') {
            Header::Len(n) if n <= MAX_ARG_LEN => n,
            Header::Len(_) | Header::Bad => return Parsed::Bad,
            Header::Incomplete => return Parsed::Incomplete,
        };
        let Some(arg) = buf.get(pos..pos + len) else {
            return Parsed::Incomplete;
        };
        match buf.get(pos + len..pos + len + 2) {
            Some(b"\r\n") => {}
            Some(_) => return Parsed::Bad,
            None if buf.len() > pos + len && buf.get(pos + len) != Some(&b'\r') => {
                return Parsed::Bad
            }
            None => return Parsed::Incomplete,
        }
        args.push(arg.to_vec());
        pos += len + 2;
    }
    Parsed::Record(args, pos)
}

enum Header {
    Len(usize),
    Incomplete,
    Bad,
}

/// Reads `<kind><digits>\r\n` at `pos`, moving past it.
fn header(buf: &[u8], pos: &mut usize, kind: u8) -> Header {
    let rest = buf.get(*pos..).unwrap_or_default();
    match rest.first() {
        None => return Header::Incomplete,
        Some(&b) if b != kind => return Header::Bad,
        _ => {}
    }
    let mut n: usize = 0;
    let mut i = 1;
    loop {
        match rest.get(i) {
            None => return Header::Incomplete,
            Some(d @ b'0'..=b'9') if i <= 12 => {
                n = n * 10 + usize::from(d - b'0');
            }
            Some(b'\r') if i > 1 => break,
            Some(_) => return Header::Bad,
        }
        i += 1;
    }
    match rest.get(i + 1) {
        None => Header::Incomplete,
        Some(b'\n') => {
            *pos += i + 2;
            Header::Len(n)
        }
        Some(_) => Header::Bad,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_parse_whole_cut_or_bad() {
        let record = b"*2\r\n$3\r\ndel\r\n$1\r\nk\r\n";
        let Parsed::Record(args, len) = parse(record) else {
            panic!("not parsed");
        };
        assert_eq!(
            (args, len),
            (vec![b"del".to_vec(), b"k".to_vec()], record.len())
        );
        for cut in 0..record.len() {
            assert!(matches!(parse(&record[..cut]), Parsed::Incomplete), "{cut}");
        }
        for bad in [
            &b"+OK\r\n"[..],
            b"*0\r\n",
            b"*1\r\n:1\r\n",
            b"*1\r\n$1\r\nab\r\n",
            b"*x\r\n",
        ] {
            assert!(matches!(parse(bad), Parsed::Bad), "{bad:?}");
        }
    }
}
