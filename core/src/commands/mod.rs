//! The commands: each described once, next to its handler.
//!
//! - `spec`: what a description holds ([`Command`]: name, arity, flags, key
//!   positions and specs, ACL categories, tips, handler, COMMAND DOCS
//!   metadata, subcommands) and the const builders that write one;
//! - one file per group, each opening with a `static COMMANDS` slice of
//!   its descriptions followed by their handlers: `connection`, `client`,
//!   `introspection` (COMMAND), `strings`, `counters`, `ranges`,
//!   `bitmaps`, `bitfield`, `keys`, `keys_moves`, `scan`, `object`, `lists`
//!   (the ends of a list) and `lists_index` (items by position or value),
//!   `hashes`, `sets`, `sort` (SORT, SORT_RO), `server`, `zsets` (with `zsets_ranges`, `zsets_setops`, and helpers in
//!   `zsets_shared`), `pubsub`;
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
mod config_reported;
mod connection;
mod counters;
mod draws;
pub(crate) mod errors;
mod hashes;
mod info;
mod introspection;
mod keys;
mod keys_moves;
mod keyspec;
mod lists;
mod lists_index;
mod long_double;
mod object;
pub(crate) mod pubsub;
mod ranges;
mod scan;
mod server;
mod sets;
mod sort;
mod spec;
mod strings;
pub(crate) mod table;
mod zsets;
mod zsets_ranges;
mod zsets_setops;
mod zsets_shared;

use bytes::Bytes;

use crate::compact::Key;
use crate::config::Config;
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::{Db, Store};
use crate::Millis;

pub(crate) use args::Args;
pub(crate) use connection::REDIS_VERSION;
pub(crate) use spec::{flags, Command, Handler};

/// What the engine does once a command's reply is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterReply {
    Continue,
    /// Close the connection once its output is written (QUIT).
    Close,
    /// Stop the whole server (SHUTDOWN).
    Shutdown,
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
    /// Inside EXEC (or a script): blocking commands answer as if their
    /// timeout had passed instead of blocking.
    pub in_exec: bool,
}

/// What a blocked client waits for. Whatever the command, a timeout (or
/// CLIENT UNBLOCK ... TIMEOUT) answers a null array, as Redis 7.0 does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Blocked {
    /// When it times out (the core's clock); `None` waits forever.
    pub deadline: Option<Millis>,
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
            in_exec: false,
        }
    }

    /// Redis's `authRequired`: a password is configured and this client
    /// has not given it.
    pub fn auth_required(&self, config: &Config) -> bool {
        !self.authenticated && !config.requirepass.is_empty()
    }
}

/// Everything a handler can touch: the store, its own client, its reply
/// buffer. Never the engine or other clients.
pub(crate) struct Ctx<'a> {
    pub store: &'a mut Store,
    pub client: &'a mut ClientState,
    pub out: &'a mut Vec<u8>,
    after: AfterReply,
}

impl<'a> Ctx<'a> {
    pub fn new(store: &'a mut Store, client: &'a mut ClientState, out: &'a mut Vec<u8>) -> Self {
        Ctx {
            store,
            client,
            out,
            after: AfterReply::Continue,
        }
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
            return;
        }
        if self.client.serving.is_none() {
            let (id, db) = (self.client.id, self.client.db);
            self.store.blocking.block(id, db, keys, deadline);
        }
        self.client.blocked = Some(Blocked { deadline });
    }

    /// The client's selected database.
    pub fn db(&mut self) -> &mut Db {
        &mut self.store.dbs[self.client.db]
    }
}
