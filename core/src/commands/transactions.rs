//! Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH, as redis-server
//! 7.0.15 runs them, and the queue a client fills between MULTI and EXEC.
//!
//! Where things live:
//!
//! - the queue and its "a command was refused" flag ([`Transaction`], Redis's
//!   `CLIENT_DIRTY_EXEC`) are the client's own state
//!   ([`ClientState::multi`]);
//! - WATCH's registry and each client's "a watched key was touched" flag
//!   (Redis's `CLIENT_DIRTY_CAS`) belong to the store (store/watch.rs),
//!   since other clients, expiry and eviction touch keys;
//! - the dispatcher (engine/dispatch.rs) asks [`queues`] after its checks
//!   and queues instead of running, flags the transaction when it refuses a
//!   command ([`refused`]), and runs the queue EXEC hands it
//!   ([`Ctx::run_after_reply`]) through its normal path, command by command,
//!   with [`ClientState::in_exec`] set (engine/transaction.rs).
//!
//! Redis's rules kept here: inside MULTI every command but EXEC, DISCARD,
//! MULTI, WATCH, QUIT and RESET is checked (unknown, arity, NOAUTH,
//! `no-multi`, and -OOM for *any* command while memory is over the limit)
//! and queued with `+QUEUED`; a refusal is replied at once and makes EXEC
//! answer `-EXECABORT`. EXEC fails with a null array when a watched key was
//! touched, or is logically expired now though it was not when watched.
//! A transaction already bound to fail keeps nothing it is sent.

use super::args::Args;
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, Flags, KeySpec, Reply};
use super::{ClientState, Ctx};
use crate::store::Store;

pub(super) static COMMANDS: &[Command] = &[
    Command::new(
        "multi",
        1,
        NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY,
        multi,
    )
    .acl(&["@fast", "@transaction"])
    .doc(
        "Mark the start of a transaction block",
        "1.2.0",
        "transactions",
        "O(1)",
    ),
    Command::new(
        "exec",
        1,
        NOSCRIPT | LOADING | STALE | SKIP_SLOWLOG | PEERS,
        exec,
    )
    .acl(&["@slow", "@transaction"])
    .doc(
        "Execute all commands issued after MULTI",
        "1.2.0",
        "transactions",
        "Depends on commands in the transaction",
    ),
    Command::new(
        "discard",
        1,
        NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY,
        discard,
    )
    .acl(&["@fast", "@transaction"])
    .doc(
        "Discard all commands issued after MULTI",
        "2.0.0",
        "transactions",
        "O(N), when N is the number of queued commands",
    ),
    Command::new(
        "watch",
        -2,
        NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY,
        watch,
    )
    .keys(1, -1, 1)
    .acl(&["@fast", "@transaction"])
    .key_specs(&[KeySpec::new(&["RO"], 1, (-1, 1, 0))])
    .doc(
        "Watch the given keys to determine execution of the MULTI/EXEC block",
        "2.2.0",
        "transactions",
        "O(1) for every key.",
    )
    .args(&[arg("key", "key").key_spec(0).multiple()]),
    Command::new(
        "unwatch",
        1,
        NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY,
        unwatch,
    )
    .acl(&["@fast", "@transaction"])
    .doc(
        "Forget about all watched keys",
        "2.2.0",
        "transactions",
        "O(1)",
    ),
];

/// Bytes charged per queued argument besides its own bytes (its end offset
/// in the queue), and per queued command (its end in the argument list).
const SLOT_COST: usize = std::mem::size_of::<usize>();

/// The commands a client queued between MULTI and EXEC, in order, with
/// every argument of all of them in one buffer (three allocations for the
/// whole transaction, not one per argument).
#[derive(Debug, Default)]
pub(crate) struct Transaction {
    /// Every queued command's arguments, back to back.
    bytes: Vec<u8>,
    /// End offset in `bytes` of each argument.
    arg_ends: Vec<usize>,
    /// End index in `arg_ends` of each command.
    command_ends: Vec<usize>,
    /// A command was refused while queueing: EXEC answers -EXECABORT.
    aborted: bool,
    /// The union of the queued commands' flags (EXEC is refused under OOM
    /// when one of them may grow memory).
    flags: Flags,
    /// What the queue adds to the store's `queued_memory`.
    accounted: usize,
}

impl Transaction {
    /// Queued commands.
    pub fn len(&self) -> usize {
        self.command_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.command_ends.is_empty()
    }

    /// Whether a queued command has any of `flags` (CLIENT PAUSE WRITE
    /// holds an EXEC whose queue writes, as Redis does).
    pub fn queued_any(&self, flags: Flags) -> bool {
        self.flags & flags != 0
    }

    /// Bytes charged to `used_memory` for this queue.
    pub fn accounted(&self) -> usize {
        self.accounted
    }

    /// Appends one command; returns the bytes it is charged.
    fn push(&mut self, args: &[&[u8]], flags: Flags) -> usize {
        let mut cost = SLOT_COST;
        for arg in args {
            self.bytes.extend_from_slice(arg);
            self.arg_ends.push(self.bytes.len());
            cost += arg.len() + SLOT_COST;
        }
        self.command_ends.push(self.arg_ends.len());
        self.flags |= flags;
        self.accounted += cost;
        cost
    }

    /// Calls `run` with each queued command's arguments, in order, through
    /// one reused slice buffer.
    pub fn for_each(&self, mut run: impl FnMut(&[&[u8]])) {
        let mut args: Vec<&[u8]> = Vec::new();
        let (mut arg, mut start) = (0, 0);
        for &command_end in &self.command_ends {
            args.clear();
            for &end in self.arg_ends.get(arg..command_end).unwrap_or_default() {
                args.push(self.bytes.get(start..end).unwrap_or_default());
                start = end;
            }
            arg = command_end;
            run(&args);
        }
    }
}

/// Commands that run at once inside MULTI rather than being queued (the
/// list in Redis's `processCommand`). RESET is not implemented yet; it is
/// listed so that it never gets queued once it is.
fn runs_at_once(command: &Command) -> bool {
    matches!(
        command.name,
        "exec" | "discard" | "multi" | "watch" | "quit" | "reset"
    )
}

/// Whether the dispatcher queues `command` instead of running it: the
/// client is in MULTI and it is not one of the commands that run at once.
#[inline]
pub(crate) fn queues(client: &ClientState, command: &Command) -> bool {
    client.multi.is_some() && !runs_at_once(command)
}

/// Queues a command that passed the dispatcher's checks, and replies
/// `+QUEUED`. A transaction already bound to fail (a refused command, or a
/// watched key touched) keeps nothing, as Redis's `queueMultiCommand`.
pub(crate) fn queue(ctx: &mut Ctx, command: &Command, args: &[&[u8]]) {
    let dirty = ctx.store.watches.is_dirty(ctx.client.id);
    if let Some(transaction) = ctx.client.multi.as_mut() {
        if !transaction.aborted && !dirty {
            // A script that may write counts as one (Redis queues a
            // command's effective flags), for CLIENT PAUSE WRITE.
            let mut command_flags = command.flags;
            if super::functions::script_may_write(ctx.store, command, args) {
                command_flags |= super::flags::MAY_REPLICATE;
            }
            ctx.store.queued_memory += transaction.push(args, command_flags);
        }
    }
    ctx.reply().simple("QUEUED");
}

/// The dispatcher refused a command (unknown, wrong arity, NOAUTH,
/// no-multi, OOM) with `error`: inside MULTI that dooms the transaction
/// (Redis's `flagTransaction`). A refused EXEC discards the transaction
/// and answers `-EXECABORT Transaction discarded because of: <error>`,
/// even outside MULTI (Redis's `execCommandAbort`).
pub(crate) fn refused(
    ctx: &mut Ctx,
    command: Option<&Command>,
    error: CommandError,
) -> CommandError {
    if let Some(transaction) = ctx.client.multi.as_mut() {
        transaction.aborted = true;
    }
    if command.is_some_and(|c| c.name == "exec") {
        discard_transaction(ctx.store, ctx.client);
        return errors::exec_abort(&error);
    }
    error
}

/// The dispatcher's `no-multi` check (after authentication, before
/// memory, as in Redis).
#[inline]
pub(crate) fn check_allowed(client: &ClientState, command: &Command) -> Result<(), CommandError> {
    if client.multi.is_some() && command.has(NO_MULTI) {
        return Err(errors::NOT_IN_MULTI);
    }
    Ok(())
}

/// Whether the dispatcher refuses `command` with -OOM while memory is over
/// `maxmemory` and eviction cannot help, as Redis 7.0 decides: a command
/// that may grow memory, except inside EXEC (its queue was admitted as a
/// whole); inside MULTI any command but EXEC, DISCARD, QUIT and RESET
/// (queueing takes memory too); EXEC when a queued command may grow memory.
#[inline]
pub(crate) fn refused_when_oom(client: &ClientState, command: &Command) -> bool {
    let Some(transaction) = &client.multi else {
        return command.has(DENYOOM) && !client.in_exec;
    };
    match command.name {
        "exec" => transaction.flags & DENYOOM != 0,
        "discard" | "quit" | "reset" => false,
        _ => true,
    }
}

/// Ends the client's transaction without running it and unwatches its
/// keys (Redis's `discardTransaction`): DISCARD, a refused EXEC, RESET and
/// disconnection.
pub(crate) fn discard_transaction(store: &mut Store, client: &mut ClientState) {
    if let Some(transaction) = client.multi.take() {
        store.queued_memory -= transaction.accounted;
    }
    store.unwatch_all(client.id);
}

/// MULTI
fn multi(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    if ctx.client.multi.is_some() {
        return Err(errors::MULTI_NESTED);
    }
    ctx.client.multi = Some(Box::default());
    ctx.reply().ok();
    Ok(())
}

/// EXEC: -EXECABORT when a command was refused while queueing, a null
/// array when a watched key was touched (or expired since WATCH),
/// otherwise an array of every queued command's reply, which the
/// dispatcher appends after this handler's header.
fn exec(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let Some(transaction) = ctx.client.multi.take() else {
        return Err(errors::EXEC_WITHOUT_MULTI);
    };
    ctx.store.queued_memory -= transaction.accounted;
    let id = ctx.client.id;
    let touched = ctx.store.watches.is_dirty(id) || ctx.store.watched_key_expired(id);
    ctx.store.unwatch_all(id);
    if transaction.aborted {
        return Err(errors::EXECABORT);
    }
    if touched {
        ctx.reply().null_array();
        return Ok(());
    }
    ctx.reply().array(transaction.len());
    if !transaction.is_empty() {
        ctx.run_after_reply(transaction);
    }
    Ok(())
}

/// DISCARD
fn discard(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    if ctx.client.multi.is_none() {
        return Err(errors::DISCARD_WITHOUT_MULTI);
    }
    discard_transaction(ctx.store, ctx.client);
    ctx.reply().ok();
    Ok(())
}

/// WATCH key [key ...]: in the selected database. A client whose watched
/// key was already touched watches nothing more (its EXEC fails anyway).
fn watch(ctx: &mut Ctx, args: &mut Args) -> Reply {
    if ctx.client.multi.is_some() {
        return Err(errors::WATCH_IN_MULTI);
    }
    let (id, db) = (ctx.client.id, ctx.client.db);
    if !ctx.store.watches.is_dirty(id) {
        for key in args.rest() {
            ctx.store.watch_key(id, db, key);
        }
    }
    ctx.reply().ok();
    Ok(())
}

/// UNWATCH: forgets every watched key and that one was touched.
fn unwatch(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    ctx.store.unwatch_all(ctx.client.id);
    ctx.reply().ok();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_hands_back_each_command_whole_and_in_order() {
        let mut t = Transaction::default();
        let a: [&[u8]; 3] = [b"SET", b"k", b""];
        let b: [&[u8]; 1] = [b"PING"];
        let cost = t.push(&a, WRITE) + t.push(&b, FAST);
        assert_eq!(cost, t.accounted());
        assert_eq!(cost, (3 + 1 + 4) + 4 * SLOT_COST + 2 * SLOT_COST);
        let mut seen = Vec::new();
        t.for_each(|args| seen.push(args.iter().map(|a| a.to_vec()).collect::<Vec<_>>()));
        assert_eq!(
            seen,
            vec![
                vec![b"SET".to_vec(), b"k".to_vec(), Vec::new()],
                vec![b"PING".to_vec()]
            ]
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t.flags, WRITE | FAST);
    }
}
