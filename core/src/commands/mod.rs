//! Command dispatch: the command table, name lookup, arity checks, the
//! memory check before writes, and the errors Redis gives for each.
//!
//! Handlers live in one module per command group. Each receives a [`Ctx`]
//! (the server, the calling client, the reply buffer) and the full argument
//! vector (`args[0]` is the command name as the client sent it).
//!
//! Invariant that makes handlers' `args[i]` safe: a handler runs only after
//! the arity check, so `args.len()` is exactly `arity`, or at least `-arity`
//! for a negative arity; handlers index only below that bound and reach any
//! optional argument through `get` or slice patterns. The simulation and the
//! fuzz corpus drive every handler with every argument count.

mod client;
mod connection;
mod introspection;
mod keys;
mod lists;
mod server_cmds;
mod strings;

mod info;

use bytes::Bytes;

use crate::config::Config;
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::{Db, Store};
use crate::Millis;

pub(crate) use connection::REDIS_VERSION;

/// Whether the connection stays open after a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
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
}

impl Ctx<'_> {
    /// A writer for this client's protocol version.
    pub fn reply(&mut self) -> ReplyWriter<'_> {
        ReplyWriter::new(self.out, self.client.protocol)
    }

    pub fn now(&self) -> Millis {
        self.store.now
    }

    /// The client's selected database.
    pub fn db(&mut self) -> &mut Db {
        &mut self.store.dbs[self.client.db]
    }
}

pub(crate) type Handler = fn(&mut Ctx, &[&[u8]]) -> Flow;

/// A command flag (bit set in [`CommandDef::flags`]).
pub(crate) const WRITE: u8 = 1;
/// May grow memory: runs only once used memory is under `maxmemory`.
pub(crate) const DENYOOM: u8 = 2;
/// Runs before the client has authenticated (AUTH, HELLO, QUIT).
pub(crate) const NO_AUTH: u8 = 4;

/// One row of the command table.
pub(crate) struct CommandDef {
    /// Lower-case name (for a subcommand, the part after the `|`).
    pub name: &'static str,
    /// Redis arity: N means exactly N arguments including the name, -N means
    /// at least N. For subcommands the container's name counts too.
    pub arity: i32,
    pub flags: u8,
    pub handler: Handler,
    /// Non-empty for container commands (CLIENT, CONFIG, COMMAND).
    pub subcommands: &'static [CommandDef],
}

const fn cmd(name: &'static str, arity: i32, flags: u8, handler: Handler) -> CommandDef {
    CommandDef {
        name,
        arity,
        flags,
        handler,
        subcommands: &[],
    }
}

/// A container command; `bare` runs when it is called with no subcommand
/// (only COMMAND allows that).
const fn container(
    name: &'static str,
    arity: i32,
    bare: Handler,
    subcommands: &'static [CommandDef],
) -> CommandDef {
    CommandDef {
        name,
        arity,
        flags: 0,
        handler: bare,
        subcommands,
    }
}

/// Every command miniRedis implements, in the order COMMAND lists them.
pub(crate) static TABLE: &[CommandDef] = &[
    // Connection
    cmd("ping", -1, 0, connection::ping),
    cmd("echo", 2, 0, connection::echo),
    cmd("hello", -1, NO_AUTH, connection::hello),
    cmd("quit", -1, NO_AUTH, connection::quit),
    cmd("auth", -2, NO_AUTH, connection::auth),
    cmd("select", 2, 0, connection::select),
    container(
        "client",
        -2,
        unknown_subcommand,
        &[
            cmd("setinfo", 4, 0, client::setinfo),
            cmd("setname", 3, 0, client::setname),
            cmd("getname", 2, 0, client::getname),
            cmd("id", 2, 0, client::id),
        ],
    ),
    container(
        "command",
        -1,
        introspection::all,
        &[
            cmd("count", 2, 0, introspection::count),
            cmd("info", -2, 0, introspection::info),
            cmd("docs", -2, 0, introspection::docs),
        ],
    ),
    // Strings
    cmd("get", 2, 0, strings::get),
    cmd("set", -3, WRITE | DENYOOM, strings::set),
    cmd("setex", 4, WRITE | DENYOOM, strings::setex),
    cmd("psetex", 4, WRITE | DENYOOM, strings::psetex),
    // Keys
    cmd("del", -2, WRITE, keys::del),
    cmd("exists", -2, 0, keys::exists),
    cmd("expire", -3, WRITE, keys::expire),
    cmd("pexpire", -3, WRITE, keys::pexpire),
    cmd("expireat", -3, WRITE, keys::expireat),
    cmd("pexpireat", -3, WRITE, keys::pexpireat),
    cmd("persist", 2, WRITE, keys::persist),
    cmd("ttl", 2, 0, keys::ttl),
    cmd("pttl", 2, 0, keys::pttl),
    cmd("expiretime", 2, 0, keys::expiretime),
    cmd("pexpiretime", 2, 0, keys::pexpiretime),
    cmd("type", 2, 0, keys::type_of),
    cmd("dbsize", 1, 0, keys::dbsize),
    cmd("flushdb", -1, WRITE, keys::flushdb),
    cmd("flushall", -1, WRITE, keys::flushall),
    // Lists
    cmd("lpush", -3, WRITE | DENYOOM, lists::lpush),
    cmd("rpush", -3, WRITE | DENYOOM, lists::rpush),
    cmd("lpop", -2, WRITE, lists::lpop),
    cmd("rpop", -2, WRITE, lists::rpop),
    // Server
    container(
        "config",
        -2,
        unknown_subcommand,
        &[
            cmd("get", -3, 0, server_cmds::config_get),
            cmd("set", -4, 0, server_cmds::config_set),
            cmd("resetstat", 2, 0, server_cmds::config_resetstat),
        ],
    ),
    cmd("info", -1, 0, server_cmds::info),
    cmd("shutdown", -1, 0, server_cmds::shutdown),
    cmd("time", 1, 0, server_cmds::time),
    container(
        "memory",
        -2,
        unknown_subcommand,
        &[cmd("usage", -3, 0, server_cmds::memory_usage)],
    ),
    // Cluster probes from cluster-aware clients: answered as a standalone
    // Redis answers them.
    cmd("cluster", -2, 0, server_cmds::cluster_disabled),
    cmd("readonly", 1, 0, server_cmds::cluster_disabled),
    cmd("readwrite", 1, 0, server_cmds::cluster_disabled),
];

/// Finds a command by name, ignoring ASCII case.
pub(crate) fn lookup(table: &'static [CommandDef], name: &[u8]) -> Option<&'static CommandDef> {
    table
        .iter()
        .find(|c| c.name.as_bytes().eq_ignore_ascii_case(name))
}

/// Handler of a container command whose subcommand is unknown.
pub(crate) fn unknown_subcommand(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let mut text = b"ERR unknown subcommand '".to_vec();
    text.extend_from_slice(&args[1][..args[1].len().min(128)]);
    text.extend_from_slice(b"'. Try ");
    text.extend_from_slice(&args[0].to_ascii_uppercase());
    text.extend_from_slice(b" HELP.");
    ctx.reply().error_bytes(&text);
    Flow::Continue
}

/// Common error texts, exactly as Redis words them.
pub(crate) mod errors {
    pub const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
    pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
    pub const SYNTAX: &str = "ERR syntax error";
}

/// Parses an integer argument as Redis's `string2ll` does (the decoder's
/// parser: one definition of what an integer is).
pub(crate) use crate::protocol::decode::parse_int as parse_i64;
