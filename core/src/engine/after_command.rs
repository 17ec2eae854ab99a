//! What follows every command the dispatcher ran or refused, before the
//! next one: CLIENT REPLY's silencing, and MONITOR's line.
//!
//! Silencing (Redis 7.0.15): while CLIENT REPLY OFF is on, or for the one
//! command after CLIENT REPLY SKIP, the command's reply (or error) is
//! dropped; the (un)subscribe family's confirmations are pushes and go out
//! regardless, as do Pub/Sub messages (written by the engine, not here).
//! A SKIP moves on to the next command once a command is done: not when it
//! blocked or waits for CLIENT PAUSE (Redis resets the client only once
//! such a command is served), and not for the commands EXEC runs (the
//! transaction is one command to it).
//!
//! MONITOR: see commands/monitor.rs for what is shown and how it reads.

use crate::commands::{flags, monitor, Ctx};

/// Commands whose replies are pushes, which CLIENT REPLY does not silence.
const PUSH_REPLIES: &[&str] = &[
    "subscribe",
    "unsubscribe",
    "psubscribe",
    "punsubscribe",
    "ssubscribe",
    "sunsubscribe",
];

/// Applies CLIENT REPLY to the reply written from `reply_start` on, and
/// feeds the monitors the command's line if it ran and is shown. Costs
/// two tests when neither CLIENT REPLY nor MONITOR is in use.
#[inline(always)]
pub(super) fn after_command(ctx: &mut Ctx, args: &[&[u8]], reply_start: usize) {
    if ctx.client.reply.in_use() || !ctx.store.monitors.is_empty() {
        reply_and_monitor(ctx, args, reply_start);
    }
}

fn reply_and_monitor(ctx: &mut Ctx, args: &[&[u8]], reply_start: usize) {
    let silenced = ctx.client.reply.silenced();
    let pushes = ctx.ran.is_some_and(|c| PUSH_REPLIES.contains(&c.name));
    if silenced && !pushes {
        ctx.out.truncate(reply_start);
    }
    let client = &*ctx.client;
    let waiting = client.blocked.is_some() || client.postponed || client.needs_peers;
    if !waiting && !ctx.client.in_exec {
        ctx.client.reply.advance();
    }
    let Some(command) = ctx.ran else {
        return;
    };
    if ctx.store.monitors.is_empty()
        || ctx.client.serving.is_some()
        || command.has(flags::ADMIN | flags::SKIP_MONITOR)
    {
        return;
    }
    let mut line = Vec::with_capacity(64);
    let source = match ctx.client.script {
        true => "lua".to_string(),
        false => crate::commands::peers::address_text(ctx.client.peer),
    };
    monitor::write_line_from(
        &mut line,
        ctx.store.unix_now_ms(),
        ctx.client.db,
        &source,
        args,
        ctx.redacted,
    );
    // A monitor sees its own commands too, after their replies.
    if ctx.client.monitor && !silenced {
        ctx.out.extend_from_slice(&line);
    }
    ctx.store.monitors.feed(ctx.client.id, &line);
}
