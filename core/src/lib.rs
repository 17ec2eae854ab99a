//! # miniredis-core
//!
//! The whole miniRedis server as a pure state machine: no sockets, no
//! threads, no async, no files, no OS clock. A runtime adapter owns the IO
//! and drives one [`Server`] with bytes and clock values; the server hands
//! back each client's output, a queue of [`Event`]s and the time it next
//! wants to be called.
//!
//! ## Time
//!
//! Time is a plain `u64` of milliseconds ([`Millis`]) on the adapter's
//! monotonic clock, passed to every input as `now`. A `now` smaller than
//! one seen before is taken as the largest seen so far: time never goes
//! backwards inside the core. Wall-clock commands (TIME, `SET ... EXAT`,
//! EXPIREAT) convert through [`Host::unix_time_at_zero_ms`], the Unix time
//! that `now == 0` stands for; refresh it with
//! [`Server::set_unix_time_base`] so they follow the wall clock over a long
//! uptime.
//!
//! ## Inputs
//!
//! Each input takes `now` and does work bounded by its arguments (the bytes
//! given, a fixed budget of keys or clients).
//!
//! | call | when |
//! | --- | --- |
//! | [`Server::new`] | once, with the tunables ([`Config`]) and the host facts ([`Host`]) |
//! | [`Server::accept`] | a socket was accepted: give its peer and local addresses (`None` when it has none); returns its [`ClientId`], or a [`Refusal`] whose bytes the adapter writes before closing it (`maxclients`, protected mode) |
//! | [`Server::receive`] | bytes were read from a client: every complete command runs, a partial one waits |
//! | [`Server::written`] | `n` bytes of a client's output (taken earlier) went out on the socket |
//! | [`Server::closed`] | a client's socket is closed, by either side or after [`Event::Close`]; the id is dead from then on |
//! | [`Server::handle_timeout`] | the time returned by [`Server::next_timeout`] has come |
//! | [`Server::snapshot_finished`] | the last bytes of a snapshot were taken and the file is durable in place, or failed (see "Persistence") |
//! | [`Server::shutdown_requested`] | a signal (SIGTERM, SIGINT) asks the server to stop |
//! | [`Server::begin_dataset_load`] or [`Server::begin_aof_load`], then [`Server::load_step`] | at start: the bytes of the snapshot file found, or with `appendonly yes` of the AOF's files, then the dataset in slices while clients are served (see "Loading at start") |
//! | [`Server::load_snapshot`] | instead of the two above, once, before accepting clients: the whole snapshot file at once |
//! | [`Server::aof_written`] | the log bytes taken after an input were written to the AOF, or failed (a write, or with `always` the fsync before their replies): the AOF's size, or the reason (see "The AOF") |
//! | [`Server::aof_base_size`] | an AOF rewrite's base is in place, or the AOF was loaded at start: the base's size |
//! | [`Server::request_aof_rewrite`] | the adapter needs a rewrite (with `always`, to recover from a failed write or fsync: see "The AOF"); [`Server::aof_rewrite_in_progress`] says whether one runs |
//! | [`Server::load_rdb_preamble`], [`Server::load_log`] | instead of [`Server::begin_aof_load`], before accepting clients: an AOF's base, then its incremental files, each at once (for embedders and tests) |
//!
//! Loading a write log comes before any of these: see "The write log".
//!
//! ## Outputs
//!
//! After **any** input, drain all three:
//!
//! 1. [`Server::poll_event`] until `None`. An [`Event::Output`] says a
//!    client has output to write (it may be any client: a command of one
//!    client can produce output for another); [`Event::Close`] says to
//!    close a client, after writing its output (`flush`) or at once;
//!    [`Event::Shutdown`] says to stop the server; [`Event::Snapshot`]
//!    says a snapshot has bytes to write (see "Persistence").
//! 2. For each client with output: [`Server::take_output`] moves its
//!    pending bytes into the adapter's buffer (a swap when that is empty).
//!    The adapter writes them, any prefix at a time, and reports each write
//!    with [`Server::written`]. Until reported, the bytes count as the
//!    client's unwritten output: `client-output-buffer-limit` applies to
//!    them, and a client whose socket stops taking bytes is closed by an
//!    [`Event::Close`] once over the limit.
//! 3. [`Server::next_timeout`]: when to call [`Server::handle_timeout`]
//!    next (or `None`): a deadline, or, for work due or left over by a
//!    budget, one millisecond after the last `handle_timeout`, whatever
//!    inputs came since. It may therefore be at or before the latest
//!    `now`: then it is due, call `handle_timeout`. While a script runs in
//!    slices, and during SAVE's walk, it is the latest `now` itself: due
//!    at once (see below). Any input may make it earlier, so an adapter
//!    with a sleeping timer task re-reads it after each input and wakes
//!    the task when it moved earlier.
//!
//! An input may leave work behind for the timer: UNLINK of a large
//! collection and FLUSHDB / FLUSHALL ASYNC take the values out of the
//! keyspace (and `used_memory`) at once but leave the freeing to a
//! lazy-free queue. Each [`Server::handle_timeout`] frees a bounded slice
//! of it ([`LAZY_FREE_BUDGET_PER_TICK`] elements), and while anything is
//! queued [`Server::next_timeout`] is one millisecond after the last
//! `handle_timeout`, so the queue drains within a few calls without any
//! one input or timer call stalling the server.
//!
//! ## A running script
//!
//! EVAL runs its Lua script in bounded slices (about a million Lua
//! instructions each). A script that finishes in its first slice answers
//! like any command. One that does not is suspended, and while it runs
//! [`Server::next_timeout`] returns `now` itself: each
//! [`Server::handle_timeout`] runs one more slice and nothing else (no
//! expiry, no blocked client served), and the call that ends it writes
//! the caller's reply and runs the input that waited. An adapter's timer
//! task treats a due-now deadline as any past one, and yields to its other
//! tasks between two calls. Scripts are atomic: until
//! `busy-reply-threshold` (alias `lua-time-limit`, 5000 ms on the clock the
//! adapter passes) has passed since the script started, other clients'
//! input waits in the core, as a blocked client's; after it, their
//! commands get `-BUSY ...` except those flagged `allow-busy` (SCRIPT
//! KILL, SHUTDOWN NOSAVE, ...). SCRIPT KILL ends a script that has not
//! written at the next timer call. One divergence from Redis: Lua 5.1
//! cannot suspend a script inside a C call (`pcall`, a metamethod, a sort
//! comparator); a script stuck there for about 10 million instructions
//! gets a Lua error (which a `pcall` may catch), so no call stalls.
//! (See crate::scripting and engine/scripts.rs.)
//!
//! ## The write log (AOF records)
//!
//! With [`Server::set_log_enabled`] on (off by default), every change to
//! the dataset appends the records redis-server 7.0 appends to its AOF,
//! byte for byte: a `SELECT` when the database changes, only commands that
//! changed something, relative expiry logged as absolute (`PEXPIREAT`,
//! `SET ... PXAT`), blocking pops as their plain forms, expired and
//! evicted keys as `DEL`, a transaction's writes inside `MULTI` ... `EXEC`
//! (store/write_log.rs has the rules). After **any** input, take the log
//! with [`Server::take_log`] together with the outputs below: with
//! `appendfsync always`, write that input's log bytes (one write for all
//! the commands of the input) and fsync them *before* writing its replies,
//! so no acknowledged write can be lost (one fsync may cover the inputs of
//! many clients: a group commit, as Redis's one per event-loop turn);
//! with `everysec`, write them and fsync once a second off the request
//! path; with `no`, leave the syncing to the OS. The log holds only whole
//! records (never half a transaction), so the bytes taken after an input
//! can be appended as they are.
//!
//! At start, an AOF loads in slices with [`Server::begin_aof_load`] (see
//! "The AOF"); without clients, a log may instead be loaded with
//! [`Server::load_log`] (or in chunks: [`Server::begin_log_load`],
//! [`Server::load_log_chunk`], [`Server::finish_log_load`]). A torn last
//! record, or a MULTI without its EXEC, is left out and reported in
//! [`LogLoad`] (`valid_len`: where to truncate the file, as Redis's
//! `aof-load-truncated yes` does); bytes that are not AOF records are a
//! [`LogError`]. [`Server::changes`] counts the changes as Redis's `dirty`
//! does (also INFO's `rdb_changes_since_last_save`, what save points
//! count): per element a write changed (RPUSH of three values counts 3,
//! DEL the keys deleted, HSET the fields given, FLUSHALL the keys
//! removed), nothing for a write that changed nothing.
//!
//! ## The AOF
//!
//! With `appendonly yes` ([`Config::appendonly`], or CONFIG SET) the
//! adapter keeps an AOF laid out as Redis 7.0 does (a manifest, a base
//! file, incremental files; runtimes/common/src/aof.rs) from the write
//! log above. The core keeps the parameters (`appendfsync`,
//! `appenddirname`, `appendfilename`, `aof-load-truncated`,
//! `aof-use-rdb-preamble`, `auto-aof-rewrite-*`: [`Config::appendfsync`]
//! and its neighbours), the
//! commands (BGREWRITEAOF, CONFIG SET appendonly) and INFO's `aof_*`.
//!
//! - **After each input**, [`Server::take_log`] and append the bytes to
//!   the last incremental file, before any of the input's replies is
//!   written (`always`: and fsync them before the replies go out; a write
//!   or fsync that fails means the replies must not go out: close those
//!   clients without them), then
//!   report [`Server::aof_written`] with the AOF's size (`Ok`) or the
//!   reason (`Err`). While the last report is an error the core refuses
//!   writes with `-MISCONF Errors writing to the AOF file: <reason>`; keep
//!   the bytes and try again at least once a second, the first success
//!   clears it. A report may start an automatic rewrite (the AOF grew
//!   `auto-aof-rewrite-percentage` over its base): take the log again
//!   right after it, so the rotation below is handled before the
//!   rewrite's first bytes are taken.
//! - **A failed write or fsync under `always`** is recovered by a
//!   rewrite, not by a retry: Linux reports a lost write-back once, and a
//!   retried fsync can succeed without the data, so the bytes whose fsync
//!   failed (and every byte after them in that file) are of unknown
//!   durability for good. The dataset in memory is the truth: report the
//!   failure ([`Server::aof_written`] `Err`: writes get `-MISCONF`), and
//!   once a second, until it is recovered, ask for a rewrite with
//!   [`Server::request_aof_rewrite`] (begun at once, or scheduled behind a
//!   running snapshot; not asked while one begun after the failure runs,
//!   see [`Server::aof_rewrite_in_progress`]). When a rewrite begun after
//!   the failure is in place (below), every byte logged before its start is
//!   durable through its base: the replies that waited on them may go
//!   out, and the next `Ok` report clears the error
//!   (`aof_last_write_status:ok`, writes accepted). Until then report no
//!   `Ok`, even after a write or a retried fsync succeeds, and send no
//!   reply that may show state logged since the last byte known durable
//!   (reads included; runtimes/common/src/group_commit.rs holds them,
//!   and closes their clients without them if no recovery comes within a
//!   few seconds).
//! - **A rewrite** (BGREWRITEAOF, automatic, or `CONFIG SET appendonly
//!   yes`) is a snapshot whose chunks have [`SnapshotTarget::AofBase`]
//!   with the base's [`AofBaseFormat`], fixed when the rewrite starts by
//!   `aof-use-rdb-preamble`: an RDB file with the `aof-base` aux field
//!   (`yes`, the default), or the AOF records that rebuild the data
//!   (`no`, as Redis 7.0's rewrite writes them: persistence/aof_base.rs);
//!   name the file `<appendfilename>.<seq>.<suffix>` with
//!   [`AofBaseFormat::file_suffix`] (`base.rdb`, `base.aof`; the manifest
//!   says `type b` for both). Where it starts the log
//!   rotates: [`Server::take_log`] returns `true` once, having moved the
//!   bytes logged before the start; open a new incremental file then,
//!   list it in the manifest at once (so the writes since are never lost,
//!   whatever happens to the rewrite), and take the rest. When the base's
//!   last chunk is taken: fsync it, rename it in place, write the manifest
//!   naming the new base and the incremental files opened since the
//!   rotation (temporary file, fsync, rename, directory fsync), delete the
//!   replaced files, report [`Server::aof_base_size`] and
//!   [`Server::snapshot_finished`].
//! - **At start**, with `appendonly yes`, the AOF alone is loaded (not
//!   `dbfilename`), in slices while clients get `-LOADING` (see "Loading
//!   at start"): hand its files to [`Server::begin_aof_load`] as
//!   [`AofFile`]s in the manifest's order (the base, RDB or records, then
//!   the incremental files), then call [`Server::load_step`] until it
//!   ends. At the end, [`Loaded::Aof`]'s [`AofLoaded::truncated`] names
//!   a last file with a torn end (`aof-load-truncated yes`; the core
//!   refuses it otherwise): truncate it there. Then, before any client
//!   sees the dataset (under the same lock as the last step), open the
//!   last incremental file for appending and report
//!   [`Server::aof_base_size`]. With no AOF yet, write a
//!   base of [`Server::aof_base_now`] (named for
//!   [`Server::aof_base_format`]), an empty incremental file and the
//!   manifest. Then turn the log on ([`Server::set_log_enabled`]).
//!
//! ## Persistence (RDB snapshots)
//!
//! The core produces snapshot files as bytes; the adapter owns the files.
//! A snapshot is a point-in-time image of every database: SHUTDOWN (with
//! save points or SAVE), FLUSHALL (with save points) and a signal stop
//! produce it whole at once; BGSAVE, SAVE (whose client alone waits for the
//! file) and the save points produce it in bounded slices on
//! [`Server::handle_timeout`] while clients keep writing
//! (a slice a millisecond while it walks, back to back for SAVE, whose
//! client waits, unless the adapter has fallen behind taking its bytes).
//! How the image stays exact without
//! fork: store/snapshot_stream.rs.
//!
//! 1. [`Event::Snapshot`] says a snapshot has bytes for the adapter: move
//!    them out with [`Server::take_snapshot_bytes`], which returns a
//!    [`SnapshotChunk`]. `first` starts a new file: create
//!    `temp-<pid>.rdb` in `dir` afresh (an unfinished one belonged to an
//!    abandoned snapshot: truncate it). Append the bytes. Keep taking them
//!    promptly: pre-images of keys written during a background save wait
//!    in the core until taken.
//! 2. When a chunk is `last`, the file is complete: fsync it, rename it
//!    over `dbfilename` in `dir` (atomic), fsync the directory, and report
//!    [`Server::snapshot_finished`] with the chunk's id and `Ok`; on any
//!    error, remove the temporary file, leave the previous `dbfilename`
//!    untouched, and report `Err` with the reason. A failed background
//!    save sets `rdb_last_bgsave_status:err` and, with
//!    `stop-writes-on-bgsave-error yes` and save points set, writes (and
//!    PING) get `-MISCONF` until a save succeeds. A client in SAVE is
//!    answered then (`+OK` or `-ERR`); a SHUTDOWN then stops the server
//!    ([`Event::Shutdown`]) or, on failure without FORCE, gets
//!    `-ERR Errors trying to SHUTDOWN. Check logs.` and the server goes on.
//! 3. At start: read `dbfilename` in `dir` and load it (see "Loading at
//!    start" below); a missing file means empty databases; `Err` (bad
//!    checksum, unknown type, truncated file) ends the server with that
//!    message and a non-zero status.
//! 4. On SIGTERM/SIGINT call [`Server::shutdown_requested`] instead of
//!    stopping: with save points set, the core produces a final snapshot
//!    and announces [`Event::Shutdown`] once it is reported written (a
//!    failed save keeps the server running, as Redis does); without save
//!    points, [`Event::Shutdown`] comes at once. SHUTDOWN NOSAVE never
//!    saves.
//!
//! `dir` and `dbfilename` are the adapter's, given in [`Config`] so
//! CONFIG GET reports them (CONFIG SET refuses them, as Redis 7.0 does by
//! default); the file format is the core's.
//!
//! DEBUG RELOAD (allowed by `enable-debug-command`, a start-up setting:
//! [`Config::set_reported_at_start`]) needs nothing more from the adapter:
//! the core serializes the dataset to an RDB image in memory, empties the
//! databases and loads them back from it within the one call (O(dataset),
//! like the save at shutdown; it is a debug command), and, unless NOSAVE,
//! writes `dbfilename` as SAVE does (a snapshot produced whole at once;
//! the client's `+OK` waits for [`Server::snapshot_finished`]). The core
//! never reads files: NOSAVE reloads that in-memory image, not the file on
//! disk.
//!
//! ## Loading at start
//!
//! Redis accepts clients while it loads its dataset and answers them
//! `-LOADING Redis is loading the dataset in memory`; so does the core:
//!
//! 1. Before accepting: [`Server::begin_dataset_load`] with the file's
//!    bytes, or with `appendonly yes` [`Server::begin_aof_load`] with the
//!    AOF's files (see "The AOF"). It checks the (RDB) header (an `Err`
//!    ends start-up before the server listens) and puts the server in its
//!    loading state.
//! 2. Accept clients, and call [`Server::load_step`] again and again,
//!    serving clients between two calls (each stores at most
//!    [`LOAD_KEYS_PER_STEP`] keys; of an AOF it runs at most as many
//!    records or [`AOF_LOAD_BYTES_PER_STEP`] bytes of them, a single
//!    bigger record whole). Meanwhile every command without
//!    Redis's `loading` flag (COMMAND INFO) gets the `-LOADING` error;
//!    PING, GET, SET... do, INFO, SELECT, CONFIG, HELLO, MULTI... run, and
//!    INFO persistence shows `loading:1` and Redis's `loading_start_time`,
//!    `loading_total_bytes`, `loading_rdb_used_mem`,
//!    `loading_loaded_bytes`, `loading_loaded_perc`, `loading_eta_seconds`.
//!    A SHUTDOWN or a signal meanwhile never saves the partial dataset.
//!    `loading_total_bytes` is the file's size, or the sum of the AOF's
//!    files'. Nothing expires and nothing is evicted meanwhile (as in
//!    Redis); while an AOF loads, time stands still for its records
//!    whatever the clock does between two steps (engine/aof_loading.rs).
//! 3. `load_step` returns `Some(Ok(`[`Loaded`]`))` at the end (the server
//!    serves normally from then), or `Some(Err(message))`: nothing stays
//!    loaded, and the adapter exits non-zero with the message (an AOF's
//!    messages name the file, Redis's texts). What the adapter does after
//!    an AOF's load (truncate a torn end, open the AOF for appending,
//!    turn the log on) belongs under the same lock as the last step, so
//!    that no client sees the dataset before the write log is on.
//!
//! [`Server::load_snapshot`] loads a whole file in one call instead (for
//! embedders and tests), as [`Server::load_rdb_preamble`] and
//! [`Server::load_log`] do an AOF's files.
//!
//! ## One client's command, another client's output
//!
//! Some commands answer other clients, and the adapter sees it only as
//! [`Event::Output`] for them: a push serves clients blocked in BLPOP and its
//! kin (first blocked, first served, after the command or the whole
//! MULTI/EXEC that added the key), PUBLISH and keyspace notifications write
//! messages to subscribers, CLIENT UNBLOCK ends another client's wait. A
//! blocked client's later input stays in the core until it is served, times
//! out (its deadline is in the timer table) or is unblocked; then it runs,
//! within the same input call. A subscriber that stops reading is closed by
//! the `pubsub` class of `client-output-buffer-limit`, and nobody else waits
//! for it.
//!
//! ## Clients acting on clients
//!
//! Some commands reach other clients; the adapter sees only the usual
//! outputs:
//!
//! - CLIENT LIST and CLIENT KILL see every client, with the addresses
//!   given to [`Server::accept`] (`?:0` for one registered with
//!   [`Server::connect`]). A killed client gets an [`Event::Close`]
//!   without `flush`, right after the command that killed it.
//! - MONITOR: after each batch of a client's commands, every monitor's
//!   lines arrive as its output ([`Event::Output`]), like Pub/Sub
//!   messages; their times are the core's clock on the Unix time base.
//! - CLIENT PAUSE holds the commands it pauses, with the input after them;
//!   [`Server::next_timeout`] includes the pause's end, and the
//!   [`Server::handle_timeout`] (or the input) that ends it runs the held
//!   clients' input, producing their output then. While clients are
//!   paused, no key expires or is evicted.
//!
//! (How the engine lends the other sessions to those commands without a
//! cost per command: engine/peers.rs.)
//!
//! An adapter is free to stop reading from a client while its output is
//! unwritten (it should: that is what bounds a client that sends without
//! reading), and must not hold a lock on the server across socket IO.
//!
//! ## Crash-only
//!
//! A panic in the core is a bug that may have left it half-changed. The
//! core never catches one; adapters stop the process with the panic
//! message and a non-zero status rather than serve on.
//!
//! ## Layout
//!
//! Layered, each layer using only those below it:
//!
//! - `engine`: [`Server`]: client sessions, dispatch in Redis's order of
//!   checks, events, the one timer table;
//! - `scripting`: the Lua VM (built on first use), EVAL's scripts run in
//!   slices, `redis.call`, replies ↔ Lua values;
//! - `commands`: one file per command group, opening with the group's
//!   command descriptions (name, arity, flags, keys, handler, COMMAND
//!   DOCS), then its handlers; the one table COMMAND and the dispatcher read;
//! - `store`: the databases, expiry, eviction, statistics, the shared
//!   configuration;
//! - `types`: the value types, each in its own module;
//! - `persistence`: Redis's file formats (RDB, used by DUMP/RESTORE and
//!   as the snapshot format the engine plugs into the store's snapshot
//!   stream, whose point-in-time walk lives in `store`; the AOF base of
//!   commands written with `aof-use-rdb-preamble no`);
//! - `protocol`, `config`, `compact`, `glob`: the wire format, tunables and
//!   building blocks every layer may use.

// No panicking shortcuts on the paths input reaches; modules that index into
// client bytes deny indexing too (decoder, inline splitting, glob). Command
// handlers never index their arguments: they read them through a cursor
// (commands/args.rs).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// Unsafe code lives in one module only (scripting/raw.rs), which allows it.
#![deny(unsafe_code)]

mod commands;
mod compact;
mod config;
mod engine;
mod glob;
mod persistence;
pub mod protocol;
mod scripting;
mod store;
mod types;

pub use config::{
    parse_memory, parse_save_points, AppendFsync, Config, EvictionPolicy, Host, OutputBufferLimit,
    OutputBufferLimits, ProtectedAction, ReportedValues, DEFAULT_SAVE_POINTS,
};
pub use engine::{
    AofBaseFormat, AofFile, AofLoaded, ClientId, Event, Loaded, LogError, LogLoad, LogLoader,
    Refusal, Server, SnapshotChunk, SnapshotTarget, AOF_LOAD_BYTES_PER_STEP, CLIENT_TIMER_BUDGET,
    EXPIRE_BUDGET_PER_TICK, LAZY_FREE_BUDGET_PER_TICK, LOAD_KEYS_PER_STEP, TICK_INTERVAL_MS,
};
pub use store::DATABASES;

/// Milliseconds on the caller's monotonic clock.
pub type Millis = u64;

/// The RDB decoder's fuzz entry: `data` as an RDB file and as a DUMP value
/// body; panics only on a bug (see `fuzz/README.md`). Not an API.
#[doc(hidden)]
pub fn fuzz_rdb(data: &[u8]) {
    persistence::rdb::fuzz_one(data);
}
