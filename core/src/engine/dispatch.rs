//! Running one command: Redis's order of checks (unknown command, arity,
//! authentication, memory, subscribed mode), the handler, then the
//! bookkeeping after it.
//! Everything about a command comes from its one description.

use crate::commands::errors::{self, CommandError};
use crate::commands::pubsub::ALLOWED_WHILE_SUBSCRIBED;
use crate::commands::table::Found;
use crate::commands::{flags, table, AfterReply, Args, ClientState, Command, Ctx, Handler};
use crate::protocol::Protocol;
use crate::store::Store;

/// Runs one command and appends its reply (or error) to `out`.
///
/// Counts as Redis 7.0 counts (INFO commandstats / errorstats): every error
/// reply in errorstats and `total_error_replies`; a command refused before
/// its handler (wrong arity, NOAUTH, OOM) in its `rejected_calls`; a
/// handler run in `calls`, and in `failed_calls` when it answered an
/// error. An unknown command or subcommand has no description, so only
/// its error is counted.
pub(crate) fn execute(
    store: &mut Store,
    client: &mut ClientState,
    args: &[&[u8]],
    out: &mut Vec<u8>,
) -> AfterReply {
    let mut ctx = Ctx::new(store, client, out);
    if let Err(error) = run(&mut ctx, args) {
        ctx.reply().error_bytes(error.text());
        ctx.store.stats.errors.record(error.text());
    }
    ctx.after_reply()
}

fn run(ctx: &mut Ctx, args: &[&[u8]]) -> Result<(), CommandError> {
    let Some(name) = args.first() else {
        return Err(errors::unknown_command(args));
    };
    let found = table::find(name).ok_or_else(|| errors::unknown_command(args))?;
    // A container called with a subcommand runs the subcommand (its arity
    // checked once found); called bare, it runs its own handler.
    let (found, skip) = match args.get(1) {
        Some(sub)
            if !found.command.subcommands.is_empty() && found.command.arity_ok(args.len()) =>
        {
            let sub = table::find_subcommand(found.command, sub)
                .ok_or_else(|| errors::unknown_subcommand(name, sub))?;
            (sub, 2)
        }
        _ => (found, 1),
    };
    let Found { slot, command } = found;
    let handler = match checked(ctx, command, args) {
        Ok(handler) => handler,
        Err(refusal) => {
            ctx.store.stats.commands.slot_mut(slot).rejected_calls += 1;
            return Err(refusal);
        }
    };
    // Keys clients wait on that this write may add (none when nobody
    // waits, the usual case).
    let waited = if command.has(flags::WRITE) && ctx.store.blocking.blocked_clients() > 0 {
        missing_waited_keys(ctx, command, args)
    } else {
        Vec::new()
    };
    let result = handler(ctx, &mut Args::after(args, skip));
    // A command that blocked changed nothing (and one run again for a
    // blocked client must not wake itself up forever).
    if !waited.is_empty() && ctx.client.blocked.is_none() {
        signal_added_keys(ctx, &waited);
    }
    if command.has(flags::DENYOOM) && ctx.store.config.maxmemory != 0 {
        // Evict what this write pushed over the limit, sparing the key it
        // wrote, so a command never ends above maxmemory (see eviction.rs).
        // Only with a limit: finding the written key walks the key specs.
        let written = written_key(command, args).map(|key| (ctx.client.db, key));
        ctx.store.make_room(written);
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

/// The checks before a command runs, in Redis's order (unknown command and
/// arity errors come first, then authentication, then memory, then
/// subscribed mode): its handler, or the error it is refused with.
fn checked(ctx: &mut Ctx, command: &Command, args: &[&[u8]]) -> Result<Handler, CommandError> {
    if !command.arity_ok(args.len()) {
        return Err(errors::wrong_arity(command.name));
    }
    // Unreachable for a described container (its arity asks for a
    // subcommand; a table test checks that), answered as Redis would.
    let handler = command
        .handler
        .ok_or_else(|| errors::wrong_arity(command.name))?;
    if !command.has(flags::NO_AUTH) && ctx.client.auth_required(&ctx.store.config) {
        return Err(errors::NOAUTH);
    }
    if command.has(flags::DENYOOM) && !ctx.store.make_room(None) {
        return Err(errors::OOM);
    }
    // Subscribed mode: a RESP2 connection with a subscription carries
    // pushes, so only the (un)subscribe family, PING, QUIT and RESET may
    // run on it; RESP3 tells pushes from replies and runs anything.
    if ctx.client.protocol == Protocol::Resp2
        && ctx.store.pubsub.is_subscribed(ctx.client.id)
        && !ALLOWED_WHILE_SUBSCRIBED.contains(&command.name)
    {
        return Err(errors::only_pubsub_allowed(command.name));
    }
    Ok(handler)
}

/// The keys a write names (by its key specs) that clients of the
/// client's database wait on and that are missing now: the ones the write
/// may add. Only called while some client is blocked.
fn missing_waited_keys<'a>(ctx: &mut Ctx, command: &Command, args: &[&'a [u8]]) -> Vec<&'a [u8]> {
    let Ok(keys) = command.key_args(args) else {
        return Vec::new();
    };
    let (db, now) = (ctx.client.db, ctx.store.now);
    keys.into_iter()
        .filter_map(|key| args.get(key.index).copied())
        .filter(|key| {
            ctx.store.blocking.is_waited_on(db, key) && !ctx.store.dbs[db].is_live(key, now)
        })
        .collect()
}

/// Files the keys of `missing` the write added as ready for the clients
/// blocked on them. As Redis, a key is ready when it is added to its
/// database, not when an existing one is overwritten (a store command over
/// a key of another type wakes nobody); RENAME, COPY and MOVE, which add
/// a key whatever was there, signal it themselves. The checks never
/// expire a key: a write may leave its key past its deadline, and Redis
/// keeps it until it is touched.
fn signal_added_keys(ctx: &mut Ctx, missing: &[&[u8]]) {
    let (db, now) = (ctx.client.db, ctx.store.now);
    for key in missing {
        if ctx.store.dbs[db].is_live(key, now) {
            ctx.store.blocking.signal(db, key);
        }
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
