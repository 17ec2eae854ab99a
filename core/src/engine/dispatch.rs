//! Running one command: Redis's order of checks (unknown command, arity,
//! authentication, memory), the handler, then the bookkeeping after it.

use crate::commands::{
    lookup, unknown_subcommand, ClientState, Ctx, Flow, DENYOOM, NO_AUTH, TABLE,
};
use crate::store::Store;

fn arity_ok(arity: i32, argc: usize) -> bool {
    if arity >= 0 {
        argc == arity as usize
    } else {
        argc >= arity.unsigned_abs() as usize
    }
}

/// Runs one command and appends its reply to `out`.
pub(crate) fn execute(
    store: &mut Store,
    client: &mut ClientState,
    args: &[&[u8]],
    out: &mut Vec<u8>,
) -> Flow {
    let mut ctx = Ctx { store, client, out };
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
    if command.flags & NO_AUTH == 0 && ctx.client.auth_required(&ctx.store.config) {
        ctx.reply().error("NOAUTH Authentication required.");
        return Flow::Continue;
    }
    let grows_memory = command.flags & DENYOOM != 0;
    if grows_memory && !ctx.store.make_room(None) {
        ctx.reply()
            .error("OOM command not allowed when used memory > 'maxmemory'.");
        return Flow::Continue;
    }
    let flow = (command.handler)(&mut ctx, args);
    if grows_memory {
        // Evict what this write pushed over the limit, sparing its key, so
        // a command never ends above maxmemory (see eviction.rs).
        let written = args.get(1).map(|key| (ctx.client.db, *key));
        ctx.store.make_room(written);
    }
    // Counted once run, as Redis counts: INFO does not count itself, and
    // rejected commands (unknown, wrong arity, OOM) are not counted.
    ctx.store.stats.total_commands_processed += 1;
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
