//! `redis.call` and `redis.pcall`: a command run from a script, through
//! the engine's dispatcher, on the script's own client, with Redis 7.0's
//! checks for scripts first (unknown command, `noscript`, writes from a
//! read-only script, memory), its reply turned into a Lua value.

use mlua::{Lua, Table, Value};

use super::convert;
use super::raw;
use crate::commands::errors;
use crate::commands::table::Found;
use crate::commands::{flags, table, AfterReply, ClientState, Command, Peers};
use crate::protocol::encode::format_double;
use crate::protocol::Protocol;
use crate::store::Store;

/// How the engine runs one command (its dispatcher), so that scripting
/// never names the engine: the script's commands run exactly as a
/// client's, with their statistics, notifications and key touches.
pub(crate) type Dispatch =
    fn(&mut Store, &mut ClientState, &[&[u8]], &mut Vec<u8>, &mut dyn Peers) -> AfterReply;

/// What a running script's commands need, lent for one slice.
pub(crate) struct CallEnv<'a> {
    pub store: &'a mut Store,
    pub peers: &'a mut dyn Peers,
    pub dispatch: Dispatch,
    pub script: &'a mut ScriptClient,
}

/// The script's own client and its rules, kept across slices.
#[derive(Debug)]
pub(crate) struct ScriptClient {
    /// Its database starts as the caller's; SELECT in the script changes
    /// only this one. Its protocol is `redis.setresp`'s. `in_exec` is set
    /// so a blocking command answers at once, as inside EXEC.
    pub client: ClientState,
    /// EVAL_RO, or the shebang's `no-writes`.
    pub read_only: bool,
    /// The shebang's `allow-oom`.
    pub allow_oom: bool,
    /// A write command ran (SCRIPT KILL refuses then).
    pub wrote: bool,
}

/// `redis.call` and `redis.pcall`'s Rust half, given the arguments packed
/// in a table with their count (numbers already made strings, see
/// raw.rs): the reply as a Lua value, and whether it is an error table
/// (which `redis.call` raises).
pub(super) fn call(lua: &Lua, (args, count): (Table, i64)) -> mlua::Result<(Value, bool)> {
    let mut words: Vec<Vec<u8>> = Vec::with_capacity(count.max(0) as usize);
    for i in 1..=count {
        match args.raw_get::<Value>(i)? {
            Value::String(s) => words.push(s.as_bytes().to_vec()),
            Value::Number(n) => words.push(number_argument(n).into_bytes()),
            Value::Integer(n) => words.push(number_argument(n as f64).into_bytes()),
            _ => return error(lua, errors::SCRIPT_BAD_ARGUMENT),
        }
    }
    if words.is_empty() {
        return error(lua, errors::SCRIPT_NO_ARGUMENTS);
    }
    raw::note_call();
    let outcome = raw::with_env(|env| env.run(&words));
    match outcome {
        None => error(lua, errors::SCRIPT_NOT_ALLOWED),
        Some(Err(text)) => counted_error(lua, text),
        Some(Ok((reply, protocol))) => {
            let resp3 = protocol == Protocol::Resp3;
            let value = convert::reply_to_lua(lua, &reply, resp3)?;
            let failed = reply.first() == Some(&b'-');
            Ok((value, failed))
        }
    }
}

/// A number passed to `redis.call`, as Redis 7.0 writes it (`%.17g`,
/// glibc's `inf` and `-nan`): 0.1 is `0.10000000000000001`, 2^53-1 stays
/// exact.
fn number_argument(n: f64) -> String {
    if n.is_nan() {
        return if n.is_sign_negative() { "-nan" } else { "nan" }.into();
    }
    format_double(n)
}

/// An error table `{err=text}`, to raise (or return, from pcall).
/// An error table for a refusal already counted (see `run`).
fn counted_error(lua: &Lua, text: &str) -> mlua::Result<(Value, bool)> {
    Ok((
        Value::Table(convert::counted_error_table(lua, text.as_bytes())?),
        true,
    ))
}

fn error(lua: &Lua, text: &str) -> mlua::Result<(Value, bool)> {
    Ok((
        Value::Table(convert::error_table(lua, text.as_bytes())?),
        true,
    ))
}

impl CallEnv<'_> {
    /// Checks and runs one command; its reply bytes and the protocol they
    /// are in, or the error text of a refusal.
    fn run(&mut self, words: &[Vec<u8>]) -> Result<(Vec<u8>, Protocol), &'static str> {
        let args: Vec<&[u8]> = words.iter().map(Vec::as_slice).collect();
        let Some(found) = lookup(&args) else {
            self.store
                .stats
                .errors
                .record(errors::SCRIPT_UNKNOWN_COMMAND.as_bytes());
            return Err(errors::SCRIPT_UNKNOWN_COMMAND);
        };
        // A refusal counts as Redis counts it: in errorstats and in the
        // command's rejected_calls, once (the script's own error reply
        // does not count it again: see `ignore_error_stats_update`).
        let refused = self.check(found.command, args.len());
        if let Err(text) = refused {
            self.store.stats.errors.record(text.as_bytes());
            self.store
                .stats
                .commands
                .slot_mut(found.slot)
                .rejected_calls += 1;
            return Err(text);
        }
        let command = found.command;
        let script = &mut *self.script;
        let mut out = Vec::new();
        (self.dispatch)(self.store, &mut script.client, &args, &mut out, self.peers);
        if command.has(flags::WRITE) && out.first() != Some(&b'-') {
            script.wrote = true;
        }
        Ok((out, script.client.protocol))
    }

    /// Redis's checks for a command run from a script.
    fn check(&mut self, command: &Command, argc: usize) -> Result<(), &'static str> {
        if !command.arity_ok(argc) {
            return Err(errors::SCRIPT_WRONG_ARITY);
        }
        if command.has(flags::NOSCRIPT) {
            return Err(errors::SCRIPT_NOT_ALLOWED);
        }
        let script = &mut *self.script;
        // A read-only script may not run what may replicate (PUBLISH...)
        // either: Redis refuses it for CLIENT PAUSE WRITE's sake.
        if script.read_only && command.has(flags::MAY_REPLICATE) {
            return Err(errors::SCRIPT_WRITE_IN_READ_ONLY);
        }
        if command.has(flags::WRITE) {
            if script.read_only {
                return Err(errors::SCRIPT_WRITE_IN_READ_ONLY);
            }
            // Redis refuses a script's first write under memory pressure
            // (later ones may go on: the script is already half done).
            if command.has(flags::DENYOOM)
                && !script.allow_oom
                && !script.wrote
                && self.store.config.maxmemory != 0
                && !self.store.make_room(None)
            {
                return Err(errors::SCRIPT_OOM);
            }
        }
        Ok(())
    }
}

/// The description a script's command names (a container's subcommand
/// when it has one) with its statistics slot, `None` when unknown.
fn lookup(args: &[&[u8]]) -> Option<Found> {
    let found = table::find(args.first()?)?;
    if found.command.subcommands.is_empty() {
        return Some(found);
    }
    match args.get(1) {
        Some(sub) => table::find_subcommand(found.command, sub),
        // The container's arity refuses it.
        None => Some(found),
    }
}
