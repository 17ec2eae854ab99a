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

use crate::keyspace::Db;
use crate::protocol::ReplyWriter;
use crate::server::{ClientState, Server};
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

/// Everything a handler can touch.
pub(crate) struct Ctx<'a> {
    pub server: &'a mut Server,
    pub client: &'a mut ClientState,
    pub out: &'a mut Vec<u8>,
}

impl Ctx<'_> {
    /// A writer for this client's protocol version.
    pub fn reply(&mut self) -> ReplyWriter<'_> {
        ReplyWriter::new(self.out, self.client.protocol)
    }

    pub fn now(&self) -> Millis {
        self.server.now
    }

    /// The client's selected database.
    pub fn db(&mut self) -> &mut Db {
        &mut self.server.dbs[self.client.db]
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

fn arity_ok(arity: i32, argc: usize) -> bool {
    if arity >= 0 {
        argc == arity as usize
    } else {
        argc >= arity.unsigned_abs() as usize
    }
}

/// Runs one command and appends its reply to `out`.
pub(crate) fn execute(
    server: &mut Server,
    client: &mut ClientState,
    args: &[&[u8]],
    out: &mut Vec<u8>,
) -> Flow {
    let mut ctx = Ctx {
        server,
        client,
        out,
    };
    let Some(command) = lookup(TABLE, args[0]) else {
        reject_unknown_command(&mut ctx, args);
        return Flow::Continue;
    };
    if !arity_ok(command.arity, args.len()) {
        wrong_arity(&mut ctx, command.name);
        return Flow::Continue;
    }
    let command = if command.subcommands.is_empty() || args.len() == 1 {
        command
    } else {
        match lookup(command.subcommands, args[1]) {
            Some(sub) if arity_ok(sub.arity, args.len()) => sub,
            Some(sub) => {
                wrong_arity(&mut ctx, &format!("{}|{}", command.name, sub.name));
                return Flow::Continue;
            }
            None => return unknown_subcommand(&mut ctx, args),
        }
    };
    // As Redis orders its checks: unknown command and arity errors come
    // first, then authentication.
    if command.flags & NO_AUTH == 0 && ctx.client.auth_required(&ctx.server.config) {
        ctx.reply().error("NOAUTH Authentication required.");
        return Flow::Continue;
    }
    let grows_memory = command.flags & DENYOOM != 0;
    if grows_memory && !ctx.server.make_room(None) {
        ctx.reply()
            .error("OOM command not allowed when used memory > 'maxmemory'.");
        return Flow::Continue;
    }
    let flow = (command.handler)(&mut ctx, args);
    if grows_memory {
        // Evict what this write pushed over the limit, sparing its key, so
        // a command never ends above maxmemory (see eviction.rs).
        let written = args.get(1).map(|key| (ctx.client.db, *key));
        ctx.server.make_room(written);
    }
    // Counted once run, as Redis counts: INFO does not count itself, and
    // rejected commands (unknown, wrong arity, OOM) are not counted.
    ctx.server.stats.total_commands_processed += 1;
    flow
}

fn reject_unknown_command(ctx: &mut Ctx, args: &[&[u8]]) {
    let mut text = b"ERR unknown command '".to_vec();
    text.extend_from_slice(&args[0][..args[0].len().min(128)]);
    text.extend_from_slice(b"', with args beginning with: ");
    let mut listed = Vec::new();
    for arg in &args[1..] {
        if listed.len() >= 128 {
            break;
        }
        let room = 128 - listed.len();
        listed.push(b'\'');
        listed.extend_from_slice(&arg[..arg.len().min(room)]);
        listed.extend_from_slice(b"' ");
    }
    text.extend_from_slice(&listed);
    ctx.reply().error_bytes(&text);
}

fn wrong_arity(ctx: &mut Ctx, name: &str) {
    ctx.reply().error(&format!(
        "ERR wrong number of arguments for '{name}' command"
    ));
}

/// Handler of a container command whose subcommand is unknown.
fn unknown_subcommand(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
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
