//! The commands: each described once, next to its handler.
//!
//! - `spec`: what a description holds ([`Command`]: name, arity, flags, key
//!   positions and specs, ACL categories, tips, handler, COMMAND DOCS
//!   metadata, subcommands) and the const builders that write one;
//! - one file per group, each opening with a `static COMMANDS` slice of
//!   its descriptions followed by their handlers: `connection`, `client`
//!   (CLIENT's descriptions, with handlers in `client_info` (LIST, INFO),
//!   `client_kill`, `client_pause` (PAUSE, UNPAUSE) and `client_modes`
//!   (REPLY, NO-EVICT, TRACKING and the rest)), `monitor` (MONITOR, RESET),
//!   `introspection` (COMMAND), `strings`, `counters`, `ranges`,
//!   `bitmaps`, `bitfield`, `keys`, `keys_moves`, `scan`, `object`, `lists`
//!   (the ends of a list) and `lists_index` (items by position or value),
//!   `hashes`, `sets`, `sort` (SORT, SORT_RO), `server`, `zsets` (with `zsets_ranges`, `zsets_setops`, and helpers in
//!   `zsets_shared`), `pubsub`, `blocking` (BLPOP and its kin),
//!   `transactions` (MULTI, EXEC, DISCARD, WATCH, UNWATCH, and the queue
//!   a client fills in MULTI);
//! - `peers`: the view of the other clients a command gets ([`Peers`]);
//! - `table`: the groups in COMMAND's order, and name lookup;
//! - `args`: the cursor handlers read their arguments with;
//! - `errors`: every error text.
//!
//! The dispatcher (`engine/dispatch.rs`) looks a command up, checks it,
//! and runs its handler with a [`Ctx`] and an [`Args`] cursor; the handler
//! writes its reply into the output, or returns the error for the
//! dispatcher to write. The simulation and the fuzz corpus drive every
//! handler with every argument count.

mod args;
mod bitfield;
mod bitmaps;
mod blocking;
mod client;
mod client_info;
mod client_kill;
mod client_modes;
mod client_pause;
mod config_reported;
mod connection;
mod counters;
mod debug;
mod draws;
mod dump;
pub(crate) mod errors;
pub(crate) mod functions;
mod geo;
mod hashes;
mod info;
mod introspection;
mod keys;
mod keys_moves;
mod keyspec;
mod lists;
mod lists_index;
mod long_double;
pub(crate) mod monitor;
mod notify;
mod object;
mod partial_sort;
pub(crate) mod peers;
mod persistence;
pub(crate) mod pubsub;
mod ranges;
mod scan;
pub(crate) mod scripting;
mod server;
mod sets;
mod sort;
mod spec;
mod streams;
mod streams_groups;
mod streams_info;
mod strings;
pub(crate) mod table;
pub(crate) mod transactions;
mod zsets;
mod zsets_ranges;
mod zsets_setops;
mod zsets_shared;

use std::net::SocketAddr;

use bytes::Bytes;

use crate::compact::Key;
use crate::config::Config;
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::{Db, Store};
use crate::Millis;

pub(crate) use args::Args;
pub(crate) use connection::REDIS_VERSION;
pub(crate) use peers::{OwnOnly, PeerIo, Peers};
pub(crate) use scripting::ScriptJob;
pub(crate) use spec::{flags, Command, Handler};
pub(crate) use transactions::Transaction;

/// What the engine does once a command's reply is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterReply {
    Continue,
    /// Close the connection once its output is written (QUIT).
    Close,
    /// Stop the whole server (SHUTDOWN).
    Shutdown,
}

/// What a client waiting for a snapshot to be written gets at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SaveWait {
    /// SAVE: `+OK`, or `-ERR` when the file could not be written.
    Save,
    /// SHUTDOWN: the server stops when the file is written (or anyway
    /// with FORCE); otherwise the client gets Redis's refusal.
    Shutdown { force: bool },
}

/// The state of one client that commands read and change. The engine
/// keeps it in the client's session and lends it to each command.
#[derive(Debug)]
pub(crate) struct ClientState {
    pub id: u64,
    pub protocol: Protocol,
    pub db: usize,
    pub name: Option<Bytes>,
    pub lib_name: Option<Bytes>,
    pub lib_ver: Option<Bytes>,
    /// Whether the client may run commands other than AUTH, HELLO, QUIT.
    /// Set at connect when no password is configured (as Redis does, a
    /// password set later does not lock out clients already connected).
    pub authenticated: bool,
    /// Set by a blocking command that found nothing to serve (see
    /// [`Ctx::block`]): the engine then holds the client's input until it
    /// is served, times out, or is unblocked.
    pub blocked: Option<Blocked>,
    /// The engine is running this client's blocked command again because
    /// this key, which it waits on, was added: the command then pops from
    /// that key only (as Redis serves a waiter from the key that became
    /// ready, whatever its other keys hold by then), a key of another type
    /// counts as missing (Redis 7.0 leaves such a client blocked), and
    /// blocking again keeps the client's place in the queues.
    pub serving: Option<Key>,
    /// Between MULTI and EXEC / DISCARD: the commands queued so far
    /// (see transactions.rs). `None` outside a transaction, and while EXEC
    /// runs the queue (it is taken out first).
    pub multi: Option<Box<Transaction>>,
    /// True while EXEC runs this client's queued commands (Redis's
    /// `CLIENT_DENY_BLOCKING` during EXEC). A blocking command (BLPOP,
    /// BZPOPMIN, XREAD BLOCK, ...) must check it and, when set, never
    /// block: it answers at once as if its timeout had expired (a null
    /// reply when nothing is there to pop), as Redis does inside MULTI.
    pub in_exec: bool,
    /// Set by SAVE, and by SHUTDOWN when it saves: the client waits,
    /// without a reply yet, until the adapter reports the snapshot written
    /// (the engine answers then; its later input waits too).
    pub awaiting_save: Option<SaveWait>,
    /// Set by a handler that blocks with arguments other than those it
    /// was called with ([`Ctx::block_with_args`]: XREAD resolves `$` to
    /// the stream's last ID when it blocks). The engine takes it, when
    /// set, as the command it stores for the blocked client and runs
    /// again on a wake-up; it is never left set otherwise.
    pub blocked_args: Option<Vec<Vec<u8>>>,
    /// The socket's peer and local addresses, as the adapter gave them
    /// (`None` for a client registered without, or a local socket).
    pub peer: Option<SocketAddr>,
    pub local: Option<SocketAddr>,
    /// When it connected (the core's clock).
    pub created_at: Millis,
    /// Full name of the last command looked up (`client|list`), `None`
    /// when it was unknown (CLIENT LIST's `cmd`, `NULL` then).
    pub last_command: Option<&'static str>,
    /// In monitor mode (MONITOR): it receives every command run.
    pub monitor: bool,
    /// CLIENT REPLY's state.
    pub reply: ReplyMode,
    /// CLIENT NO-EVICT on (a flag only: clients are never evicted).
    pub no_evict: bool,
    /// Its last command waits for CLIENT PAUSE to end: the engine keeps
    /// that command, and the input after it, until then.
    pub postponed: bool,
    /// Its last command looks at other clients and was given no view of
    /// them: the engine runs it again with one (engine/peers.rs).
    pub needs_peers: bool,
    /// A Lua script's own client (Redis's `CLIENT_SCRIPT`): XREAD refuses
    /// BLOCK, SORT BY a constant orders a set, MONITOR shows its commands
    /// as coming from `lua`.
    pub script: bool,
}

/// CLIENT REPLY ON|OFF|SKIP: which replies the client does not get.
/// Pushes (Pub/Sub messages and confirmations) go out regardless. One
/// byte of flags, so the dispatcher's check after every command is one
/// comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ReplyMode(u8);

impl ReplyMode {
    /// CLIENT REPLY OFF: no replies until ON.
    const OFF: u8 = 1;
    /// The reply of the current command is dropped (set after a SKIP).
    const SKIP: u8 = 2;
    /// CLIENT REPLY SKIP ran: the next command's reply is dropped.
    const SKIP_NEXT: u8 = 4;

    /// Whether any of it is on (else the dispatcher has nothing to do).
    #[inline]
    pub fn in_use(self) -> bool {
        self.0 != 0
    }

    pub fn is_off(self) -> bool {
        self.0 & Self::OFF != 0
    }

    /// CLIENT REPLY ON.
    pub fn on(&mut self) {
        self.0 = 0;
    }

    /// CLIENT REPLY OFF.
    pub fn off(&mut self) {
        self.0 |= Self::OFF;
    }

    /// CLIENT REPLY SKIP (nothing while OFF).
    pub fn skip_next(&mut self) {
        if !self.is_off() {
            self.0 |= Self::SKIP_NEXT;
        }
    }

    /// RESET: OFF and a pending SKIP end (the current command's SKIP
    /// stays, as in Redis).
    pub fn reset(&mut self) {
        self.0 &= Self::SKIP;
    }

    /// Whether the current command's reply is dropped.
    pub fn silenced(self) -> bool {
        self.0 & (Self::OFF | Self::SKIP) != 0
    }

    /// Once a command is done: a SKIP applies to the command after it.
    pub fn advance(&mut self) {
        let next = if self.0 & Self::SKIP_NEXT != 0 {
            Self::SKIP
        } else {
            0
        };
        self.0 = (self.0 & Self::OFF) | next;
    }
}

/// What a blocked client waits for. Whatever the command, a timeout (or
/// CLIENT UNBLOCK ... TIMEOUT) answers a null array, as Redis 7.0 does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Blocked {
    /// When it times out (the core's clock); `None` waits forever.
    pub deadline: Option<Millis>,
    /// The blocked command's statistics slot (INFO commandstats), for
    /// counting its call once it ends; set by the dispatcher.
    pub slot: usize,
}

/// The reply of a blocking command that may not block (inside EXEC):
/// Redis answers there as the non-blocking twin would on missing keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeoutReply {
    /// BLPOP, BRPOP, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP.
    NullArray,
    /// BLMOVE, BRPOPLPUSH.
    NullBulk,
}

impl TimeoutReply {
    pub fn write(self, w: &mut ReplyWriter) {
        match self {
            TimeoutReply::NullArray => w.null_array(),
            TimeoutReply::NullBulk => w.null_bulk(),
        }
    }
}

impl ClientState {
    pub fn new(id: u64, authenticated: bool) -> ClientState {
        ClientState {
            id,
            protocol: Protocol::Resp2,
            db: 0,
            name: None,
            lib_name: None,
            lib_ver: None,
            authenticated,
            blocked: None,
            serving: None,
            multi: None,
            in_exec: false,
            awaiting_save: None,
            blocked_args: None,
            peer: None,
            local: None,
            created_at: 0,
            last_command: None,
            monitor: false,
            reply: ReplyMode::default(),
            no_evict: false,
            postponed: false,
            needs_peers: false,
            script: false,
        }
    }

    /// Redis's `authRequired`: a password is configured and this client
    /// has not given it.
    pub fn auth_required(&self, config: &Config) -> bool {
        !self.authenticated && !config.requirepass.is_empty()
    }
}

/// Everything a handler can touch: the store, its own client, its reply
/// buffer, and a view of the other clients ([`Peers`]). Never the engine.
pub(crate) struct Ctx<'a> {
    pub store: &'a mut Store,
    pub client: &'a mut ClientState,
    pub out: &'a mut Vec<u8>,
    pub peers: &'a mut dyn Peers,
    /// Arguments that MONITOR shows as `(redacted)`, one bit per position
    /// in the whole command: secrets the handler found (AUTH, HELLO
    /// AUTH). Bit 63 stands for every position from 63 on.
    pub redacted: u64,
    /// The command whose handler ran (set by the dispatcher; `None` when
    /// it was refused or held), for what follows it (MONITOR, CLIENT REPLY).
    pub ran: Option<&'static Command>,
    after: AfterReply,
    /// A transaction EXEC has accepted, for the dispatcher to run once
    /// EXEC's own handler has returned (see [`Ctx::run_after_reply`]).
    exec: Option<Box<Transaction>>,
    /// Work for the Lua VM a scripting command handed over (see
    /// [`Ctx::run_script`]).
    script: Option<ScriptJob>,
    /// The handler touches the watched keys it writes itself (see
    /// [`Ctx::signals_own_writes`]).
    own_signals: bool,
    /// What the write log gets for this command (see [`Ctx::log_as`]).
    pub logged: Logged,
    /// The changes the handler counted ([`Ctx::changes`]); `None`: one.
    pub changes: Option<u64>,
}

/// What the write log gets for a write command that succeeded (see
/// store/write_log.rs); read by the dispatcher after the handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Logged {
    /// The command as it was called (the default): one change.
    AsCalled,
    /// Nothing: the command changed nothing ([`Ctx::unchanged`]).
    Nothing,
    /// The records the handler logged itself ([`Ctx::log_as`]).
    Rewritten,
}

impl<'a> Ctx<'a> {
    pub fn new(
        store: &'a mut Store,
        client: &'a mut ClientState,
        out: &'a mut Vec<u8>,
        peers: &'a mut dyn Peers,
    ) -> Self {
        Ctx {
            store,
            client,
            out,
            peers,
            redacted: 0,
            ran: None,
            after: AfterReply::Continue,
            exec: None,
            script: None,
            own_signals: false,
            logged: Logged::AsCalled,
            changes: None,
        }
    }

    /// EXEC: hands the dispatcher the transaction to run; each queued
    /// command's reply follows the array header EXEC wrote.
    pub fn run_after_reply(&mut self, transaction: Box<Transaction>) {
        self.exec = Some(transaction);
    }

    /// The transaction EXEC handed over, if any (read by the dispatcher).
    #[inline]
    pub fn take_transaction(&mut self) -> Option<Box<Transaction>> {
        self.exec.take()
    }

    /// EVAL and its kin, SCRIPT LOAD: hands the dispatcher work only the
    /// Lua VM can do; the handler has written nothing, and the job writes
    /// the reply (at once, or when a script running in slices ends).
    pub fn run_script(&mut self, job: ScriptJob) {
        self.script = Some(job);
    }

    /// The job [`Ctx::run_script`] handed over, if any (read by the
    /// dispatcher).
    #[inline]
    pub fn take_script_job(&mut self) -> Option<ScriptJob> {
        self.script.take()
    }

    /// Says this handler touches the keys it really changes itself (with
    /// [`Store::touch_key`]), so the dispatcher does not touch every key
    /// the call names after it. For writes into another database (MOVE,
    /// COPY ... DB) and for handlers made exact about no-op writes.
    pub fn signals_own_writes(&mut self) {
        self.own_signals = true;
    }

    /// Whether [`Ctx::signals_own_writes`] was called.
    pub fn has_own_signals(&self) -> bool {
        self.own_signals
    }

    /// Hides the argument at `index` (counting the command name as 0) from
    /// MONITOR, as Redis's `redactClientCommandArgument` does.
    pub fn redact(&mut self, index: usize) {
        self.redacted |= 1 << index.min(63);
    }

    /// Asks the engine to close this connection after the reply (QUIT).
    pub fn close_after_reply(&mut self) {
        self.after = AfterReply::Close;
    }

    /// Asks the engine to stop the server (SHUTDOWN).
    pub fn request_shutdown(&mut self) {
        self.after = AfterReply::Shutdown;
    }

    /// What the handler asked for; read by the dispatcher once it returns.
    pub fn after_reply(&self) -> AfterReply {
        self.after
    }

    /// A writer for this client's protocol version.
    pub fn reply(&mut self) -> ReplyWriter<'_> {
        ReplyWriter::new(self.out, self.client.protocol)
    }

    pub fn now(&self) -> Millis {
        self.store.now
    }

    /// Blocks the client on `keys` of its database until one is added or
    /// `deadline` passes (then it gets a null array). Inside EXEC it
    /// answers `unblockable` at once instead (Redis never blocks there).
    /// A handler calls it last, having written nothing.
    pub fn block(&mut self, keys: &[&[u8]], deadline: Option<Millis>, unblockable: TimeoutReply) {
        if self.client.in_exec {
            unblockable.write(&mut self.reply());
            self.unchanged();
            return;
        }
        if self.client.serving.is_none() {
            let (id, db) = (self.client.id, self.client.db);
            self.store.blocking.block(id, db, keys, deadline);
        }
        self.client.blocked = Some(Blocked { deadline, slot: 0 });
    }

    /// [`Ctx::block`], asking the engine to store `stored` (the whole
    /// command, name first) instead of the arguments the handler was
    /// called with, when given. While serving a blocked client the stored
    /// command stays as it was.
    pub fn block_with_args(
        &mut self,
        keys: &[&[u8]],
        deadline: Option<Millis>,
        unblockable: TimeoutReply,
        stored: Option<Vec<Vec<u8>>>,
    ) {
        self.block(keys, deadline, unblockable);
        if self.client.blocked.is_some() && self.client.serving.is_none() {
            self.client.blocked_args = stored;
        }
    }

    /// Says the command changed nothing: the write log gets nothing for it
    /// and the change counter does not move (SET NX on an existing key,
    /// SADD of members already there, DEL of missing keys ...). Replaying
    /// the log does not need it (a no-op replays as a no-op); Redis's log
    /// and counter are exact about it.
    pub fn unchanged(&mut self) {
        self.logged = Logged::Nothing;
    }

    /// Says how many changes the command made, as Redis counts them in
    /// `server.dirty` (INFO's `rdb_changes_since_last_save`, what save
    /// points count): one per element for the writes of many (RPUSH of
    /// three values is 3, DEL the keys deleted, HSET the fields given,
    /// ZADD the members added or updated, FLUSHALL the keys removed ...).
    /// A write that does not call it counts one, unless
    /// [`Ctx::unchanged`]. Zero is [`Ctx::unchanged`]: Redis logs a
    /// command only when it counted a change.
    pub fn changes(&mut self, n: u64) {
        self.changes = Some(n);
        if n == 0 {
            self.unchanged();
        }
    }

    /// Whether the write log is on: a handler checks it before building a
    /// rewritten record ([`Ctx::log_as`]), so it costs nothing otherwise.
    #[inline]
    pub fn logging(&self) -> bool {
        self.store.log.enabled()
    }

    /// Logs `record` (the whole command, name first) for this command's
    /// change in the client's database, in place of the command as called:
    /// relative expiry made absolute, a blocking pop as its plain form, a
    /// random pop as the removals it made. Each call appends one record,
    /// in order; several make the command's unit a MULTI/EXEC.
    pub fn log_as(&mut self, record: &[&[u8]]) {
        self.logged = Logged::Rewritten;
        let db = self.client.db;
        self.store.log_record(db, record);
    }

    /// The client's selected database.
    pub fn db(&mut self) -> &mut Db {
        &mut self.store.dbs[self.client.db]
    }
}
