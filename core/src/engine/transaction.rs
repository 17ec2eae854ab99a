//! The engine's side of transactions (the commands and the queue are in
//! commands/transactions.rs, the WATCH registry in store/watch.rs):
//!
//! - running the queue EXEC accepted, through the dispatcher, with the
//!   client's `in_exec` set so blocking commands answer at once;
//! - touching watched keys after a write command: every key the call names
//!   with a writing key-spec flag (`RW`, `OW`, `RM`), once the command
//!   succeeded, unless the key neither existed before nor exists after (a
//!   DEL, EXPIRE or LPUSHX of a missing key changed nothing, and Redis does
//!   not touch it). All of it only while a key of the client's database is
//!   watched: otherwise a write costs one branch;
//! - the expired watched keys the store recorded, touched after every
//!   command (the expiry cycle takes its own);
//! - forgetting a disconnected client's transaction and watched keys.
//!
//! Where this is looser than Redis: Redis touches a key only when the
//! command really changed it, and a write that names an existing key but
//! leaves it as it was (SET NX on an existing key, SADD of a member already
//! there, SREM of a missing member, PERSIST of a key without deadline)
//! touches it here. A handler can make itself exact by touching what it
//! changes and calling `Ctx::signals_own_writes` (MOVE and COPY do, as they
//! write into another database).

use super::dispatch;
use super::session::Session;
use crate::commands::{
    flags, transactions, AfterReply, ClientState, Command, Ctx, Peers, Transaction,
};
use crate::scripting::Scripting;
use crate::store::Store;

/// Runs every queued command of an accepted EXEC, in order, each exactly
/// as it would run outside MULTI (its reply, its statistics, its touches),
/// appending its reply to `out` after EXEC's array header. Returns a close
/// or shutdown a queued command asked for (none of those can be queued
/// today: QUIT runs at once and SHUTDOWN is `no-multi`).
pub(super) fn run_queued(
    store: &mut Store,
    client: &mut ClientState,
    transaction: &Transaction,
    out: &mut Vec<u8>,
    peers: &mut dyn Peers,
    mut scripts: Option<&mut Scripting>,
) -> AfterReply {
    client.in_exec = true;
    let mut after = AfterReply::Continue;
    transaction.for_each(|args| {
        let asked = dispatch::execute(store, client, args, out, peers, scripts.as_deref_mut());
        if asked != AfterReply::Continue {
            after = asked;
        }
    });
    client.in_exec = false;
    after
}

/// The written keys of a call (argument index, whether the key existed
/// before the command ran), when a key of the client's database is
/// watched and the command writes; `None` otherwise.
#[inline]
pub(super) fn written_keys(
    ctx: &Ctx,
    command: &Command,
    args: &[&[u8]],
) -> Option<Vec<(usize, bool)>> {
    if !command.has(flags::WRITE) || !ctx.store.watches.watching_db(ctx.client.db) {
        return None;
    }
    watched_written_keys(ctx, command, args)
}

#[cold]
fn watched_written_keys(
    ctx: &Ctx,
    command: &Command,
    args: &[&[u8]],
) -> Option<Vec<(usize, bool)>> {
    let db = ctx.client.db;
    let keys = command.key_args(args).ok()?;
    let now = ctx.store.now;
    let written = keys
        .into_iter()
        .filter(|key| key.flags.iter().any(|f| matches!(*f, "RW" | "OW" | "RM")))
        .filter_map(|key| {
            let name = args.get(key.index)?;
            Some((key.index, ctx.store.dbs[db].is_live(name, now)))
        })
        .collect();
    Some(written)
}

/// After a command ran: touches the keys it wrote (see the module
/// documentation) when it succeeded, then the watched keys expiry removed
/// meanwhile. Nothing to do, and no call, while nothing is watched.
#[inline]
pub(super) fn touch_after(
    ctx: &mut Ctx,
    written: Option<Vec<(usize, bool)>>,
    succeeded: bool,
    args: &[&[u8]],
) {
    if written.is_some() || !ctx.store.watches.is_empty() {
        touch_watched(ctx, written, succeeded, args);
    }
}

#[cold]
fn touch_watched(
    ctx: &mut Ctx,
    written: Option<Vec<(usize, bool)>>,
    succeeded: bool,
    args: &[&[u8]],
) {
    if let Some(written) = written.filter(|_| succeeded && !ctx.has_own_signals()) {
        let (db, now) = (ctx.client.db, ctx.store.now);
        for (index, existed) in written {
            let Some(key) = args.get(index) else {
                continue;
            };
            if existed || ctx.store.dbs[db].is_live(key, now) {
                ctx.store.touch_key(db, key);
            }
        }
    }
    ctx.store.touch_expired();
}

/// A client is gone: its transaction and its watched keys go too.
pub(super) fn forget(store: &mut Store, client: &mut ClientState) {
    transactions::discard_transaction(store, client);
}

/// The memory charged for queued commands is what the sessions' queues
/// hold, and only connected clients watch keys.
pub(super) fn audit<'a>(
    store: &Store,
    sessions: impl Iterator<Item = (&'a u64, &'a Session)>,
) -> Result<(), String> {
    let mut queued = 0;
    let mut ids = std::collections::HashSet::new();
    for (id, session) in sessions {
        queued += session.client.multi.as_ref().map_or(0, |t| t.accounted());
        if session.client.in_exec {
            return Err(format!("client {id}: left in EXEC"));
        }
        ids.insert(*id);
    }
    if queued != store.queued_memory {
        return Err(format!(
            "queued_memory {} but the queues hold {queued}",
            store.queued_memory
        ));
    }
    match store.watches.clients().find(|id| !ids.contains(id)) {
        Some(id) => Err(format!("client {id} watches keys but is gone")),
        None => Ok(()),
    }
}
