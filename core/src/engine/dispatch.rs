//! Running one command: Redis's order of checks (unknown command, arity,
//! authentication, `no-multi`, memory, subscribed mode), queueing inside
//! MULTI, the handler, then the bookkeeping after it (eviction, WATCH
//! touches, keys made ready for blocked clients, statistics). Everything
//! about a command comes from its one description.

use super::transaction;
use crate::commands::errors::{self, CommandError};
use crate::commands::pubsub::ALLOWED_WHILE_SUBSCRIBED;
use crate::commands::table::Found;
use crate::commands::{
    flags, table, transactions, AfterReply, Args, ClientState, Command, Ctx, Handler, Logged, Peers,
};
use crate::protocol::Protocol;
use crate::scripting::{Dispatch, Scripting};
use crate::store::Store;

use super::{after_command, pause};

/// Runs one command and appends its reply (or error) to `out`.
///
/// Counts as Redis 7.0 counts (INFO commandstats / errorstats): every error
/// reply in errorstats and `total_error_replies`; a command refused before
/// its handler (wrong arity, NOAUTH, OOM) in its `rejected_calls`; a
/// handler run in `calls`, and in `failed_calls` when it answered an
/// error. An unknown command or subcommand has no description, so only
/// its error is counted. A command held by CLIENT PAUSE is neither run nor
/// counted: it runs (and counts) once the pause ends.
///
/// `peers` is the view of the other clients the command may look at
/// (CLIENT LIST, KILL).
pub(crate) fn execute(
    store: &mut Store,
    client: &mut ClientState,
    args: &[&[u8]],
    out: &mut Vec<u8>,
    peers: &mut dyn Peers,
    mut scripts: Option<&mut Scripting>,
) -> AfterReply {
    let reply_start = out.len();
    let mut ctx = Ctx::new(store, client, out, peers);
    if let Err(error) = run(&mut ctx, args) {
        ctx.reply().error_bytes(error.text());
        ctx.store.stats.errors.record(error.text());
    }
    if let Some(job) = ctx.take_script_job() {
        super::monitor::feed_script_call(&mut ctx, &job, args);
        // EVAL and SCRIPT LOAD: the VM writes the reply (a script that
        // runs past its first slice answers later: see Server::handle_timeout).
        match scripts.as_deref_mut() {
            Some(scripts) => {
                let start = ctx.out.len();
                scripts.run_job(job, ctx.store, ctx.client, args, ctx.out, ctx.peers, nested);
                // EVAL answered an error: a failed call, as Redis counts.
                if ctx.out.get(start) == Some(&b'-') {
                    if let Ok((found, _)) = resolve(args) {
                        ctx.store.stats.commands.slot_mut(found.slot).failed_calls += 1;
                    }
                }
            }
            // A script's own commands never get here (EVAL is `noscript`).
            None => ctx.reply().error(errors::SCRIPT_NOT_ALLOWED),
        }
    }
    let Some(queued) = ctx.take_transaction() else {
        after_command::after_command(&mut ctx, args, reply_start);
        // A command is a unit of the write log, unless run inside an
        // atomic bracket (EXEC's, a script's), which then holds the unit.
        ctx.store.end_log_unit();
        return ctx.after_reply();
    };
    // EXEC accepted its transaction: its commands run now, after EXEC's
    // own reply header and statistics; EXEC's MONITOR line and CLIENT
    // REPLY's silencing come after them, as in Redis (where EXEC's call
    // ends after its commands').
    let (ran, redacted) = (ctx.ran, ctx.redacted);
    // The transaction's writes are one unit of the log (MULTI ... EXEC).
    store.begin_log_atomic();
    let after = transaction::run_queued(store, client, &queued, out, peers, scripts);
    store.end_log_atomic();
    let mut ctx = Ctx::new(store, client, out, peers);
    ctx.ran = ran;
    ctx.redacted = redacted;
    after_command::after_command(&mut ctx, args, reply_start);
    after
}

/// The dispatcher as a script's `redis.call` runs it: no further script
/// can start from there.
fn nested(
    store: &mut Store,
    client: &mut ClientState,
    args: &[&[u8]],
    out: &mut Vec<u8>,
    peers: &mut dyn Peers,
) -> AfterReply {
    execute(store, client, args, out, peers, None)
}

/// The dispatcher for the scripting engine to run a script's commands.
pub(super) const NESTED: Dispatch = nested;

fn run(ctx: &mut Ctx, args: &[&[u8]]) -> Result<(), CommandError> {
    let (found, skip) = match resolve(args) {
        Ok(resolved) => resolved,
        Err(unknown) => {
            note_command(ctx, None);
            return Err(transactions::refused(ctx, None, unknown));
        }
    };
    let Found { slot, command } = found;
    note_command(ctx, Some(command));
    let handler = match checked(ctx, command, args) {
        Ok(handler) => handler,
        Err(refusal) => {
            ctx.store.stats.commands.slot_mut(slot).rejected_calls += 1;
            return Err(transactions::refused(ctx, Some(command), refusal));
        }
    };
    // Inside MULTI a checked command waits for EXEC (and is not counted).
    if transactions::queues(ctx.client, command) {
        transactions::queue(ctx, command, args);
        return Ok(());
    }
    if pause::holds(ctx, command, args) {
        return Ok(());
    }
    if command.has(flags::PEERS) && !ctx.peers.lent() {
        // The engine runs it again with the other clients in view.
        ctx.client.needs_peers = true;
        return Ok(());
    }
    ctx.ran = Some(command);
    let written = transaction::written_keys(ctx, command, args);
    // Keys clients wait on that this write names, with whether each is
    // there now (none when nobody waits, the usual case).
    let waited = if command.has(flags::WRITE) && ctx.store.blocking.blocked_clients() > 0 {
        waited_keys(ctx, command, args)
    } else {
        Vec::new()
    };
    let result = handler(ctx, &mut Args::after(args, skip));
    // A command that blocked changed nothing (and one run again for a
    // blocked client must not wake itself up forever).
    let blocked = ctx.client.blocked.is_some();
    if command.has(flags::WRITE) && !blocked {
        log_write(ctx, args, result.is_ok());
    }
    transaction::touch_after(ctx, written, result.is_ok() && !blocked, args);
    if !waited.is_empty() && !blocked {
        signal_changed_keys(ctx, &waited);
    }
    if command.has(flags::DENYOOM) && ctx.store.config.maxmemory != 0 {
        // Evict what this write pushed over the limit, sparing the key it
        // wrote, so a command never ends above maxmemory (see eviction.rs).
        // Only with a limit: finding the written key walks the key specs.
        let written = written_key(command, args).map(|key| (ctx.client.db, key));
        ctx.store.make_room(written);
    }
    // A command that blocked is counted once, when it ends (served, timed
    // out or unblocked: see engine/blocking.rs), as Redis counts it.
    if let Some(waiting) = ctx.client.blocked.as_mut() {
        waiting.slot = slot;
        return result;
    }
    // Counted once run, as Redis counts: INFO does not count itself, and
    // rejected commands (unknown, wrong arity, OOM) are not counted.
    ctx.store.stats.total_commands_processed += 1;
    let counters = ctx.store.stats.commands.slot_mut(slot);
    counters.calls += 1;
    if result.is_err() {
        counters.failed_calls += 1;
    }
    result
}

/// After a write command ran (and did not block): counts its changes (one,
/// or what the handler said: [`Ctx::changes`]) and logs it as called, unless it failed, its handler said it changed
/// nothing, or logged its own records (see store/write_log.rs). While the
/// log is off this is a few instructions: the logging is out of line.
#[inline]
fn log_write(ctx: &mut Ctx, args: &[&[u8]], succeeded: bool) {
    if !succeeded {
        return;
    }
    // Redis's `dirty`: since start (Server::changes) and since the last
    // save (`rdb_changes_since_last_save`, the save points). A count the
    // handler gave stands even when nothing is logged (an XREADGROUP of
    // the history counts, and logs nothing).
    let changes = match (ctx.changes, ctx.logged) {
        (Some(n), _) => n,
        (None, Logged::Nothing) => 0,
        (None, _) => 1,
    };
    ctx.store.log.dirty += changes;
    ctx.store.persistence.dirty += changes;
    if ctx.logged == Logged::AsCalled && ctx.store.log.enabled() {
        log_as_called(ctx, args);
    }
}

#[inline(never)]
fn log_as_called(ctx: &mut Ctx, args: &[&[u8]]) {
    let db = ctx.client.db;
    ctx.store.log_record(db, args);
}

/// CLIENT LIST's `cmd`: the last command looked up, NULL when unknown.
/// The commands EXEC runs leave it at `exec`, as in Redis.
fn note_command(ctx: &mut Ctx, command: Option<&'static Command>) {
    if !ctx.client.in_exec {
        ctx.client.last_command = command.map(|c| c.name);
    }
}

/// The checks before a command runs, in Redis's order (unknown command and
/// arity errors come first, then authentication, then memory, then
/// subscribed mode, then a monitor's keyspace access): its handler, or the
/// error it is refused with.
fn checked(ctx: &mut Ctx, command: &Command, args: &[&[u8]]) -> Result<Handler, CommandError> {
    if !command.arity_ok(args.len()) {
        return Err(errors::wrong_arity(command.name));
    }
    // Unreachable for a described container (its arity asks for a
    // subcommand; a table test checks that), answered as Redis would.
    let handler = command
        .handler
        .ok_or_else(|| errors::wrong_arity(command.name))?;
    // A protected command (DEBUG) is refused before authentication, as
    // Redis refuses it.
    if command.name == "debug"
        && !ctx
            .store
            .config
            .enable_debug_command()
            .allows(ctx.client.peer.map(|addr| addr.ip()))
    {
        return Err(errors::DEBUG_NOT_ALLOWED);
    }
    if !command.has(flags::NO_AUTH) && ctx.client.auth_required(&ctx.store.config) {
        return Err(errors::NOAUTH);
    }
    // A script runs across calls: past busy-reply-threshold, only
    // `allow-busy` commands run (the script's own commands carry its
    // caller's id).
    if ctx
        .store
        .scripts
        .busy
        .is_some_and(|busy| busy.caller != ctx.client.id)
        && !command.has(flags::ALLOW_BUSY)
    {
        return Err(errors::busy_for(ctx.store.scripts.busy));
    }
    transactions::check_allowed(ctx.client, command)?;
    if transactions::refused_when_oom(ctx.client, command) && !ctx.store.make_room(None) {
        return Err(errors::OOM);
    }
    // After a failed background save (stop-writes-on-bgsave-error), writes
    // and PING are refused, as Redis's `writeCommandsDeniedByDiskError`.
    // Checked as a command arrives (EXEC, for the writes it queued), not
    // again for each command EXEC runs.
    let writes = command.has(flags::WRITE)
        || (command.name == "exec"
            && ctx
                .client
                .multi
                .as_ref()
                .is_some_and(|t| t.queued_any(flags::WRITE)));
    if (writes || command.name == "ping")
        && !ctx.client.in_exec
        && ctx.store.writes_denied_by_disk_error()
    {
        return Err(errors::MISCONF);
    }
    // As for RDB errors, PING is refused too (Redis's processCommand).
    if (writes || command.name == "ping") && !ctx.client.in_exec {
        if let Some(reason) = ctx.store.writes_denied_by_aof_error() {
            return Err(errors::aof_write_error(reason));
        }
    }
    // Subscribed mode: a RESP2 connection with a subscription carries
    // pushes, so only the (un)subscribe family, PING, QUIT and RESET may
    // run on it; RESP3 tells pushes from replies and runs anything.
    // Checked as a command arrives, not again when EXEC runs it (a HELLO 2
    // queued in the same transaction does not refuse the commands after
    // it, as in Redis).
    if ctx.client.protocol == Protocol::Resp2
        && !ctx.client.in_exec
        && ctx.store.pubsub.is_subscribed(ctx.client.id)
        && !ALLOWED_WHILE_SUBSCRIBED.contains(&command.name)
    {
        return Err(errors::only_pubsub_allowed(command.name));
    }
    // A monitor is a replica to Redis: it may not touch the keyspace.
    if ctx.client.monitor && command.has(flags::WRITE | flags::READONLY | flags::MAY_REPLICATE) {
        return Err(errors::REPLICA_KEYSPACE);
    }
    // While the dataset loads, only commands flagged `loading` run (the
    // records of an AOF being loaded, run in log time, are no client's).
    if ctx.store.persistence.dataset_loading.is_some()
        && !ctx.store.loading
        && !command.has(flags::LOADING)
    {
        return Err(errors::LOADING);
    }
    Ok(handler)
}

/// The keys a write names (by its key specs) that clients of the
/// client's database wait on, each with whether it exists now. Only
/// called while some client is blocked.
fn waited_keys<'a>(ctx: &mut Ctx, command: &Command, args: &[&'a [u8]]) -> Vec<(&'a [u8], bool)> {
    let Ok(keys) = command.key_args(args) else {
        return Vec::new();
    };
    let (db, now) = (ctx.client.db, ctx.store.now);
    keys.into_iter()
        .filter_map(|key| args.get(key.index).copied())
        .filter(|key| ctx.store.blocking.is_waited_on(db, key))
        .map(|key| (key, ctx.store.dbs[db].is_live(key, now)))
        .collect()
}

/// Files as ready the waited-on keys the write added (missing before,
/// there now): as Redis, a key is ready when it is added to its database,
/// not when an existing one is overwritten (a store command over a key of
/// another type wakes nobody); RENAME, COPY and MOVE, which add a key
/// whatever was there, signal it themselves. A key that was there is
/// signalled only for waiters that want to hear of its deletion or
/// change (a blocked XREADGROUP: see Blocking::wake_on_delete). The
/// checks never expire a key: a write may leave its key past its
/// deadline, and Redis keeps it until it is touched.
fn signal_changed_keys(ctx: &mut Ctx, waited: &[(&[u8], bool)]) {
    let (db, now) = (ctx.client.db, ctx.store.now);
    for &(key, was_there) in waited {
        let added = !was_there && ctx.store.dbs[db].is_live(key, now);
        if added || (was_there && ctx.store.blocking.has_delete_waiter(db, key)) {
            ctx.store.blocking.signal(db, key);
        }
    }
}

/// The description a call names, and where its own arguments start: a
/// container called with a subcommand resolves to the subcommand (its
/// arity checked once found); called bare, to itself.
#[inline]
fn resolve(args: &[&[u8]]) -> Result<(Found, usize), CommandError> {
    let Some(name) = args.first() else {
        return Err(errors::unknown_command(args));
    };
    let found = table::find(name).ok_or_else(|| errors::unknown_command(args))?;
    match args.get(1) {
        Some(sub)
            if !found.command.subcommands.is_empty() && found.command.arity_ok(args.len()) =>
        {
            let sub = table::find_subcommand(found.command, sub)
                .ok_or_else(|| errors::unknown_subcommand(name, sub))?;
            Ok((sub, 2))
        }
        _ => Ok((found, 1)),
    }
}

/// The key a write stored into: its first key whose key spec says it is
/// written (`OW`, `RW`, `insert`, `update`: COPY's destination, not its
/// source), else its first key by the legacy positions.
fn written_key<'a>(command: &Command, args: &[&'a [u8]]) -> Option<&'a [u8]> {
    const WRITES: [&str; 4] = ["OW", "RW", "insert", "update"];
    let by_spec = command.key_args(args).ok().and_then(|keys| {
        keys.into_iter()
            .find(|key| key.flags.iter().any(|f| WRITES.contains(f)))
            .and_then(|key| args.get(key.index).copied())
    });
    by_spec.or_else(|| {
        command
            .key_positions(args.len())
            .next()
            .and_then(|i| args.get(i).copied())
    })
}

#[cfg(test)]
mod tests {
    use crate::commands::table;
    use crate::{Config, Host, Server};

    /// Runs one command on a fresh server and returns its reply.
    fn reply_to(args: &[String]) -> String {
        let mut input = format!("*{}\r\n", args.len());
        for arg in args {
            input += &format!("${}\r\n{arg}\r\n", arg.len());
        }
        let mut server = Server::new(Config::default(), Host::default(), 0);
        let client = server.connect(0);
        server.receive(client, input.as_bytes(), 0);
        let mut out = Vec::new();
        server.take_output(client, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Every described command and subcommand is dispatched to its
    /// handler when named in any case: never an unknown command or
    /// subcommand, never a wrong arity at its own arity.
    #[test]
    fn every_description_is_dispatchable_in_any_case() {
        let mut ran = 0;
        for command in table::commands() {
            let runs = std::iter::once((command, None)).chain(
                command
                    .subcommands
                    .iter()
                    .map(|sub| (sub, sub.name.split_once('|').map(|(_, s)| s))),
            );
            for (described, sub) in runs {
                if described.handler.is_none() {
                    continue;
                }
                for upper in [false, true] {
                    let case = |s: &str| {
                        if upper {
                            s.to_ascii_uppercase()
                        } else {
                            s.to_string()
                        }
                    };
                    let mut args = vec![case(command.name)];
                    args.extend(sub.map(case));
                    while args.len() < described.arity.unsigned_abs() as usize {
                        args.push("1".into());
                    }
                    let reply = reply_to(&args);
                    for refusal in ["unknown command", "unknown subcommand", "wrong number"] {
                        assert!(!reply.contains(refusal), "{args:?}: {reply}");
                    }
                }
                ran += 1;
            }
        }
        assert!(ran > 40);
    }

    /// A DENYOOM write spares its first key as the description places it,
    /// even when that is not the first argument.
    #[test]
    fn the_written_key_is_the_one_the_specs_say_is_written() {
        let copy = table::lookup(b"copy").unwrap();
        let args: [&[u8]; 3] = [b"copy", b"src", b"dst"];
        assert_eq!(super::written_key(copy, &args), Some(&b"dst"[..]));
        let bitop = table::lookup(b"bitop").unwrap();
        let args: [&[u8]; 4] = [b"bitop", b"and", b"dest", b"a"];
        assert_eq!(super::written_key(bitop, &args), Some(&b"dest"[..]));
        let mset = table::lookup(b"mset").unwrap();
        let args: [&[u8]; 5] = [b"mset", b"a", b"1", b"b", b"2"];
        assert_eq!(super::written_key(mset, &args), Some(&b"a"[..]));
        // SORT's specs cannot locate STORE: its own key finder does.
        let sort = table::lookup(b"sort").unwrap();
        let args: [&[u8]; 6] = [b"sort", b"src", b"limit", b"0", b"store", b"dst"];
        assert_eq!(super::written_key(sort, &args), Some(&b"src"[..]));
        let args: [&[u8]; 7] = [b"sort", b"src", b"limit", b"0", b"1", b"store", b"dst"];
        assert_eq!(super::written_key(sort, &args), Some(&b"dst"[..]));
    }

    #[test]
    fn written_key_comes_from_the_key_positions() {
        let set = table::lookup(b"set").unwrap();
        let args: [&[u8]; 3] = [b"set", b"k", b"v"];
        assert_eq!(set.key_positions(args.len()).next(), Some(1));
        let usage = table::resolve(b"memory|usage").unwrap();
        assert_eq!(usage.key_positions(3).next(), Some(2));
    }
}
