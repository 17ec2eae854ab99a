//! `redis.call` and `redis.pcall`: a command run from a script, through
//! the engine's dispatcher, on the script's own client, with Redis 7.0's
//! checks for scripts first (unknown command, `noscript`, writes from a
//! read-only script, memory), its reply turned into a Lua value.

use crate::commands::errors;
use crate::commands::table::Found;
use crate::commands::{flags, table, AfterReply, ClientState, Command, Peers};
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
    /// The last command's reply, which `redis.call` turns into Lua values
    /// (kept here so its buffer is reused, and so no Rust value owns it
    /// while Lua allocates: see native_call.rs).
    pub reply: Vec<u8>,
}

impl ScriptClient {
    /// The script's client, on behalf of client `caller` in database `db`,
    /// under the script's rules.
    pub fn new(caller: u64, db: usize, read_only: bool, allow_oom: bool) -> ScriptClient {
        let mut client = ClientState::new(caller, true);
        client.db = db;
        client.in_exec = true;
        client.script = true;
        ScriptClient {
            client,
            read_only,
            allow_oom,
            wrote: false,
            reply: Vec::new(),
        }
    }
}

impl CallEnv<'_> {
    /// Checks and runs one command, leaving its reply in the script
    /// client's [`ScriptClient::reply`] (in the script's protocol); the
    /// error text of a refusal.
    pub(super) fn run(&mut self, args: &[&[u8]]) -> Result<(), &'static str> {
        let Some(found) = lookup(args) else {
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
        script.reply.clear();
        (self.dispatch)(
            self.store,
            &mut script.client,
            args,
            &mut script.reply,
            self.peers,
        );
        if command.has(flags::WRITE) && script.reply.first() != Some(&b'-') {
            script.wrote = true;
        }
        Ok(())
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
