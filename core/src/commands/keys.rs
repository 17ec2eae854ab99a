//! Keyspace commands: DEL, EXISTS, EXPIRE/PEXPIRE, PERSIST, TTL/PTTL, TYPE,
//! DBSIZE, FLUSHDB, FLUSHALL.

use super::strings::invalid_expire_time;
use super::{errors, parse_i64, Ctx, Flow};
use crate::store::Store;
use crate::Millis;

pub(crate) fn del(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let now = ctx.now();
    let db = ctx.db();
    let removed = args[1..]
        .iter()
        .filter(|key| db.contains(key, now) && db.remove(key).is_some())
        .count();
    ctx.reply().integer(removed as i64);
    Flow::Continue
}

pub(crate) fn exists(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let now = ctx.now();
    let mut found = 0;
    for key in &args[1..] {
        let hit = ctx.db().contains(key, now);
        ctx.store.count_lookup(hit);
        found += hit as i64;
    }
    ctx.reply().integer(found);
    Flow::Continue
}

pub(crate) fn expire(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    expire_generic(ctx, args, 1000, true, "expire")
}

pub(crate) fn pexpire(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    expire_generic(ctx, args, 1, true, "pexpire")
}

pub(crate) fn expireat(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    expire_generic(ctx, args, 1000, false, "expireat")
}

pub(crate) fn pexpireat(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    expire_generic(ctx, args, 1, false, "pexpireat")
}

/// EXPIRE / PEXPIRE (relative) and EXPIREAT / PEXPIREAT (Unix time)
/// key amount [NX|XX|GT|LT], in Redis's order of checks: options, then the
/// number, then overflow, then the key. A deadline not in the future
/// deletes the key.
fn expire_generic(
    ctx: &mut Ctx,
    args: &[&[u8]],
    unit_ms: i64,
    relative: bool,
    command: &str,
) -> Flow {
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    for opt in &args[3..] {
        if opt.eq_ignore_ascii_case(b"nx") {
            nx = true;
        } else if opt.eq_ignore_ascii_case(b"xx") {
            xx = true;
        } else if opt.eq_ignore_ascii_case(b"gt") {
            gt = true;
        } else if opt.eq_ignore_ascii_case(b"lt") {
            lt = true;
        } else {
            let mut text = b"ERR Unsupported option ".to_vec();
            text.extend_from_slice(opt);
            ctx.reply().error_bytes(&text);
            return Flow::Continue;
        }
    }
    if nx && (xx || gt || lt) {
        ctx.reply()
            .error("ERR NX and XX, GT or LT options at the same time are not compatible");
        return Flow::Continue;
    }
    if gt && lt {
        ctx.reply()
            .error("ERR GT and LT options at the same time are not compatible");
        return Flow::Continue;
    }
    let Some(amount) = parse_i64(args[2]) else {
        ctx.reply().error(errors::NOT_INTEGER);
        return Flow::Continue;
    };
    let unix_now = ctx.store.unix_now_ms() as i64;
    let base = if relative { unix_now } else { 0 };
    let when = amount
        .checked_mul(unit_ms)
        .filter(|ms| *ms <= i64::MAX - base)
        .map(|ms| ms + base);
    let Some(when) = when else {
        invalid_expire_time(ctx, command);
        return Flow::Continue;
    };
    let now = ctx.now();
    let deadline = ctx.store.clock_from_unix_ms(when);
    let db = ctx.db();
    let Some(current) = db.lookup(args[1], now).map(|e| e.expire_at()) else {
        ctx.reply().integer(0);
        return Flow::Continue;
    };
    let refused = (nx && current.is_some())
        || (xx && current.is_none())
        || (gt && current.is_none_or(|at| deadline <= at))
        || (lt && current.is_some_and(|at| deadline >= at));
    if refused {
        ctx.reply().integer(0);
        return Flow::Continue;
    }
    if when <= unix_now {
        db.remove(args[1]);
    } else {
        db.set_expire(args[1], Some(deadline), now);
    }
    ctx.reply().integer(1);
    Flow::Continue
}

pub(crate) fn persist(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let now = ctx.now();
    let db = ctx.db();
    let had_deadline = db
        .lookup(args[1], now)
        .and_then(|e| e.expire_at())
        .is_some();
    if had_deadline {
        db.set_expire(args[1], None, now);
    }
    ctx.reply().integer(had_deadline as i64);
    Flow::Continue
}

pub(crate) fn ttl(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    // Rounded to the nearest second, as Redis does.
    reply_deadline(ctx, args[1], |_, now, at| {
        (at.saturating_sub(now) as i64 + 500) / 1000
    })
}

pub(crate) fn pttl(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    reply_deadline(ctx, args[1], |_, now, at| at.saturating_sub(now) as i64)
}

pub(crate) fn expiretime(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    // Rounded to the nearest second, like TTL.
    reply_deadline(ctx, args[1], |server, _, at| {
        (server.unix_ms_of(at) as i64).saturating_add(500) / 1000
    })
}

pub(crate) fn pexpiretime(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    reply_deadline(ctx, args[1], |server, _, at| server.unix_ms_of(at) as i64)
}

/// The TTL family: -2 for a missing key, -1 for a key without deadline,
/// else `present(server, now, deadline)`.
fn reply_deadline(
    ctx: &mut Ctx,
    key: &[u8],
    present: impl Fn(&Store, Millis, Millis) -> i64,
) -> Flow {
    let now = ctx.now();
    let found = ctx.db().contains(key, now);
    ctx.store.count_lookup(found);
    let reply = if !found {
        -2
    } else {
        match ctx.db().peek_expire_at(key) {
            None => -1,
            Some(at) => present(ctx.store, now, at),
        }
    };
    ctx.reply().integer(reply);
    Flow::Continue
}

pub(crate) fn type_of(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let now = ctx.now();
    let found = ctx.db().contains(args[1], now);
    ctx.store.count_lookup(found);
    let name = if found {
        ctx.db().peek_type(args[1]).unwrap_or("none")
    } else {
        "none"
    };
    ctx.reply().simple(name);
    Flow::Continue
}

pub(crate) fn dbsize(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    let now = ctx.now();
    let live = ctx.db().live_len(now);
    ctx.reply().integer(live as i64);
    Flow::Continue
}

/// FLUSHDB / FLUSHALL accept an optional ASYNC or SYNC (both run at once).
fn flush_mode_ok(ctx: &mut Ctx, args: &[&[u8]]) -> bool {
    let ok = match args.len() {
        1 => true,
        2 => args[1].eq_ignore_ascii_case(b"async") || args[1].eq_ignore_ascii_case(b"sync"),
        _ => false,
    };
    if !ok {
        ctx.reply().error(errors::SYNTAX);
    }
    ok
}

pub(crate) fn flushdb(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    if flush_mode_ok(ctx, args) {
        ctx.db().clear();
        ctx.reply().ok();
    }
    Flow::Continue
}

pub(crate) fn flushall(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    if flush_mode_ok(ctx, args) {
        for db in &mut ctx.store.dbs {
            db.clear();
        }
        ctx.reply().ok();
    }
    Flow::Continue
}
