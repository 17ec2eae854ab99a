//! Keyspace commands: DEL, EXISTS, EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT,
//! PERSIST, TTL/PTTL, EXPIRETIME/PEXPIRETIME, TYPE, DBSIZE, FLUSHDB,
//! FLUSHALL, TOUCH, UNLINK. Moves between names and databases are in
//! `keys_moves`, iteration in `scan`, OBJECT in `object`.

use super::args::{integer, token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::store::{notify, SaveKind, Store};
use crate::Millis;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("del", -2, WRITE, del)
        .keys(1, -1, 1)
        .acl(&["@keyspace", "@write", "@slow"])
        .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
        .key_specs(&[
            KeySpec::new(&["RM", "delete"], 1, (-1, 1, 0)),
        ])
        .doc("Delete a key", "1.0.0", "generic", "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).")
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
    Command::new("exists", -2, READONLY | FAST, exists)
        .keys(1, -1, 1)
        .acl(&["@keyspace", "@read", "@fast"])
        .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
        .key_specs(&[
            KeySpec::new(&["RO"], 1, (-1, 1, 0)),
        ])
        .doc("Determine if a key exists", "1.0.0", "generic", "O(N) where N is the number of keys to check.")
        .history(&[
            ("3.0.3", "Accepts multiple `key` arguments."),
        ])
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
    Command::new("expire", -3, WRITE | FAST, expire)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set a key's time to live in seconds", "1.0.0", "generic", "O(1)")
        .history(&[
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("seconds", "integer"),
            arg("condition", "oneof").since("7.0.0").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
                arg("gt", "pure-token").token("GT"),
                arg("lt", "pure-token").token("LT"),
            ]),
        ]),
    Command::new("pexpire", -3, WRITE | FAST, pexpire)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set a key's time to live in milliseconds", "2.6.0", "generic", "O(1)")
        .history(&[
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("milliseconds", "integer"),
            arg("condition", "oneof").since("7.0.0").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
                arg("gt", "pure-token").token("GT"),
                arg("lt", "pure-token").token("LT"),
            ]),
        ]),
    Command::new("expireat", -3, WRITE | FAST, expireat)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set the expiration for a key as a UNIX timestamp", "1.2.0", "generic", "O(1)")
        .history(&[
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("unix-time-seconds", "unix-time"),
            arg("condition", "oneof").since("7.0.0").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
                arg("gt", "pure-token").token("GT"),
                arg("lt", "pure-token").token("LT"),
            ]),
        ]),
    Command::new("pexpireat", -3, WRITE | FAST, pexpireat)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Set the expiration for a key as a UNIX timestamp specified in milliseconds", "2.6.0", "generic", "O(1)")
        .history(&[
            ("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("unix-time-milliseconds", "unix-time"),
            arg("condition", "oneof").since("7.0.0").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
                arg("gt", "pure-token").token("GT"),
                arg("lt", "pure-token").token("LT"),
            ]),
        ]),
    Command::new("persist", 2, WRITE | FAST, persist)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@write", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "update"], 1, (0, 1, 0)),
        ])
        .doc("Remove the expiration from a key", "2.2.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("ttl", 2, READONLY | FAST, ttl)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@read", "@fast"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the time to live for a key in seconds", "1.0.0", "generic", "O(1)")
        .history(&[
            ("2.8.0", "Added the -2 reply."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("pttl", 2, READONLY | FAST, pttl)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@read", "@fast"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the time to live for a key in milliseconds", "2.6.0", "generic", "O(1)")
        .history(&[
            ("2.8.0", "Added the -2 reply."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("expiretime", 2, READONLY | FAST, expiretime)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@read", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the expiration Unix timestamp for a key", "7.0.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("pexpiretime", 2, READONLY | FAST, pexpiretime)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@read", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
        ])
        .doc("Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("type", 2, READONLY | FAST, type_of)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@read", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RO"], 1, (0, 1, 0)),
        ])
        .doc("Determine the type stored at key", "1.0.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("dbsize", 1, READONLY | FAST, dbsize)
        .acl(&["@keyspace", "@read", "@fast"])
        .tips(&["request_policy:all_shards", "response_policy:agg_sum"])
        .doc("Return the number of keys in the selected database", "1.0.0", "server", "O(1)"),
    Command::new("flushdb", -1, WRITE, flushdb)
        .acl(&["@keyspace", "@write", "@slow", "@dangerous"])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .doc("Remove all keys from the current database", "1.0.0", "server", "O(N) where N is the number of keys in the selected database")
        .history(&[
            ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
            ("6.2.0", "Added the `SYNC` flushing mode modifier."),
        ])
        .args(&[
            arg("async", "oneof").optional().args(&[
                arg("async", "pure-token").token("ASYNC").since("4.0.0"),
                arg("sync", "pure-token").token("SYNC").since("6.2.0"),
            ]),
        ]),
    Command::new("flushall", -1, WRITE, flushall)
        .acl(&["@keyspace", "@write", "@slow", "@dangerous"])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .doc("Remove all keys from all databases", "1.0.0", "server", "O(N) where N is the total number of keys in all databases")
        .history(&[
            ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
            ("6.2.0", "Added the `SYNC` flushing mode modifier."),
        ])
        .args(&[
            arg("async", "oneof").optional().args(&[
                arg("async", "pure-token").token("ASYNC").since("4.0.0"),
                arg("sync", "pure-token").token("SYNC").since("6.2.0"),
            ]),
        ]),
    Command::new("touch", -2, READONLY | FAST, touch)
        .keys(1, -1, 1)
        .acl(&["@keyspace", "@read", "@fast"])
        .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (-1, 1, 0))])
        .doc("Alters the last access time of a key(s). Returns the number of existing keys specified.", "3.2.1", "generic", "O(N) where N is the number of keys that will be touched.")
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
    Command::new("unlink", -2, WRITE | FAST, unlink)
        .keys(1, -1, 1)
        .acl(&["@keyspace", "@write", "@fast"])
        .tips(&["request_policy:multi_shard", "response_policy:agg_sum"])
        .key_specs(&[KeySpec::new(&["RM", "delete"], 1, (-1, 1, 0))])
        .doc("Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", "4.0.0", "generic", "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.")
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
];

/// DEL key [key ...]: frees at once, as Redis does by default; as UNLINK
/// when `lazyfree-lazy-user-del` is on.
fn del(ctx: &mut Ctx, args: &mut Args) -> Reply {
    if ctx.store.lazy_config("lazyfree-lazy-user-del") {
        return unlink(ctx, args);
    }
    let now = ctx.now();
    let mut removed = 0;
    for key in args {
        let db = ctx.db();
        if db.contains(key, now) && db.remove(key).is_some() {
            ctx.notify(notify::GENERIC, "del", key);
            removed += 1;
        }
    }
    ctx.changes(removed as u64);
    ctx.reply().integer(removed);
    Ok(())
}

/// UNLINK key [key ...]: DEL, but a large value is left to the lazy-free
/// queue (freed by the timer a slice at a time).
fn unlink(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let db = ctx.client.db;
    let mut removed = 0;
    for key in args {
        if ctx.store.unlink(db, key) {
            ctx.notify(notify::GENERIC, "del", key);
            removed += 1;
        }
    }
    ctx.changes(removed as u64);
    ctx.reply().integer(removed);
    Ok(())
}

/// TOUCH key [key ...]: counts the live keys named (twice if named twice)
/// and records an access to each, as a read does.
fn touch(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let now = ctx.now();
    let mut found = 0;
    for key in args {
        let hit = ctx.db().lookup(key, now).is_some();
        ctx.count_read(key, hit);
        found += hit as i64;
    }
    ctx.reply().integer(found);
    Ok(())
}

/// EXISTS key [key ...]: a key named twice counts twice.
fn exists(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let now = ctx.now();
    let mut found = 0;
    for key in args {
        let hit = ctx.db().contains(key, now);
        ctx.count_read(key, hit);
        found += hit as i64;
    }
    ctx.reply().integer(found);
    Ok(())
}

fn expire(ctx: &mut Ctx, args: &mut Args) -> Reply {
    expire_generic(ctx, args, 1000, true, "expire")
}

fn pexpire(ctx: &mut Ctx, args: &mut Args) -> Reply {
    expire_generic(ctx, args, 1, true, "pexpire")
}

fn expireat(ctx: &mut Ctx, args: &mut Args) -> Reply {
    expire_generic(ctx, args, 1000, false, "expireat")
}

fn pexpireat(ctx: &mut Ctx, args: &mut Args) -> Reply {
    expire_generic(ctx, args, 1, false, "pexpireat")
}

/// EXPIRE / PEXPIRE (relative) and EXPIREAT / PEXPIREAT (Unix time)
/// key amount [NX|XX|GT|LT], in Redis's order of checks: options, then the
/// number, then overflow, then the key. A deadline not in the future
/// deletes the key.
fn expire_generic(
    ctx: &mut Ctx,
    args: &mut Args,
    unit_ms: i64,
    relative: bool,
    command: &str,
) -> Reply {
    let (key, amount) = (args.next_key()?, args.next_arg()?);
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    let options = args.rest();
    for &option in options {
        match token(option, &["nx", "xx", "gt", "lt"]) {
            Some(0) => nx = true,
            Some(1) => xx = true,
            Some(2) => gt = true,
            Some(3) => lt = true,
            _ => return Err(errors::unsupported_option(option)),
        }
    }
    if nx && (xx || gt || lt) {
        return Err(errors::NX_AND_XX_GT_LT);
    }
    if gt && lt {
        return Err(errors::GT_AND_LT);
    }
    let amount = integer(amount)?;
    let unix_now = ctx.store.unix_now_ms() as i64;
    let base = if relative { unix_now } else { 0 };
    let when = amount
        .checked_mul(unit_ms)
        .filter(|ms| *ms <= i64::MAX - base)
        .map(|ms| ms + base)
        .ok_or_else(|| errors::invalid_expire_time(command))?;
    let now = ctx.now();
    let deadline = ctx.store.clock_from_unix_ms(when);
    let db = ctx.db();
    let Some(current) = db.lookup_expire_at(key, now) else {
        ctx.unchanged();
        ctx.reply().integer(0);
        return Ok(());
    };
    let refused = (nx && current.is_some())
        || (xx && current.is_none())
        || (gt && current.is_none_or(|at| deadline <= at))
        || (lt && current.is_some_and(|at| deadline >= at));
    if refused {
        ctx.unchanged();
        ctx.reply().integer(0);
        return Ok(());
    }
    if when <= unix_now {
        db.remove(key);
        ctx.notify(notify::GENERIC, "del", key);
        if ctx.logging() {
            let removal = removal_word(ctx.store.lazy_config("lazyfree-lazy-expire"));
            ctx.log_as(&[removal, key]);
        }
    } else {
        db.set_expire(key, Some(deadline), now);
        ctx.notify(notify::GENERIC, "expire", key);
        // Logged as an absolute PEXPIREAT, options kept (Redis keeps a
        // PEXPIREAT as called).
        if ctx.logging() && command != "pexpireat" {
            let when = when.to_string();
            let mut record = vec![&b"PEXPIREAT"[..], key, when.as_bytes()];
            record.extend_from_slice(options);
            ctx.log_as(&record);
        }
    }
    ctx.reply().integer(1);
    Ok(())
}

/// The command that logs a key's removal by a deadline: `UNLINK` when
/// the removal is lazy (`lazyfree-lazy-expire`), else `DEL`.
pub(super) fn removal_word(lazy: bool) -> &'static [u8] {
    if lazy {
        b"UNLINK"
    } else {
        b"DEL"
    }
}

/// PERSIST key
fn persist(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let now = ctx.now();
    let db = ctx.db();
    let had_deadline = db.lookup_expire_at(key, now).flatten().is_some();
    if had_deadline {
        db.set_expire(key, None, now);
        ctx.notify(notify::GENERIC, "persist", key);
    } else {
        ctx.unchanged();
    }
    ctx.reply().integer(had_deadline as i64);
    Ok(())
}

fn ttl(ctx: &mut Ctx, args: &mut Args) -> Reply {
    // Rounded to the nearest second, as Redis does.
    reply_deadline(ctx, args, |_, now, at| {
        (at.saturating_sub(now) as i64 + 500) / 1000
    })
}

fn pttl(ctx: &mut Ctx, args: &mut Args) -> Reply {
    reply_deadline(ctx, args, |_, now, at| at.saturating_sub(now) as i64)
}

fn expiretime(ctx: &mut Ctx, args: &mut Args) -> Reply {
    // Rounded to the nearest second, like TTL.
    reply_deadline(ctx, args, |server, _, at| {
        (server.unix_ms_of(at) as i64).saturating_add(500) / 1000
    })
}

fn pexpiretime(ctx: &mut Ctx, args: &mut Args) -> Reply {
    reply_deadline(ctx, args, |server, _, at| server.unix_ms_of(at) as i64)
}

/// The TTL family, `key` the one argument: -2 for a missing key, -1 for a
/// key without deadline, else `present(server, now, deadline)`.
fn reply_deadline(
    ctx: &mut Ctx,
    args: &mut Args,
    present: impl Fn(&Store, Millis, Millis) -> i64,
) -> Reply {
    let key = args.next_key()?;
    let now = ctx.now();
    let found = ctx.db().contains(key, now);
    ctx.count_read(key, found);
    let reply = if !found {
        -2
    } else {
        match ctx.db().peek_expire_at(key) {
            None => -1,
            Some(at) => present(ctx.store, now, at),
        }
    };
    ctx.reply().integer(reply);
    Ok(())
}

/// TYPE key
fn type_of(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let now = ctx.now();
    let found = ctx.db().contains(key, now);
    ctx.count_read(key, found);
    let name = if found {
        ctx.db().peek_type(key).unwrap_or("none")
    } else {
        "none"
    };
    ctx.reply().simple(name);
    Ok(())
}

/// DBSIZE
fn dbsize(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let now = ctx.now();
    // Keys past their deadline are not counted: Redis's active cycle
    // would have removed them. With it off (DEBUG SET-ACTIVE-EXPIRE 0)
    // Redis counts them until they are touched, and so does this.
    let active = ctx.store.active_expire;
    let db = ctx.db();
    let live = if active { db.live_len(now) } else { db.len() };
    ctx.reply().integer(live as i64);
    Ok(())
}

/// FLUSHDB / FLUSHALL accept an optional ASYNC or SYNC; without one,
/// `lazyfree-lazy-user-flush` decides (off by default). Returns whether
/// the flush is asynchronous (its keys left to the lazy-free queue).
fn flush_mode(ctx: &Ctx, args: &mut Args) -> Result<bool, CommandError> {
    let mode = args.next_token(&["async", "sync"]);
    if !args.is_empty() {
        return Err(errors::SYNTAX);
    }
    Ok(match mode {
        Some(0) => true,
        Some(_) => false,
        None => ctx.store.lazy_config("lazyfree-lazy-user-flush"),
    })
}

/// FLUSHDB [ASYNC|SYNC]
fn flushdb(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let lazy = flush_mode(ctx, args)?;
    // Redis counts the keys removed, and logs the flush even when none.
    ctx.changes = Some(ctx.db().len() as u64);
    ctx.store.touch_flushed(ctx.client.db);
    let flushed = ctx.client.db;
    ctx.store.blocking.signal_db(flushed);
    if lazy {
        let db = ctx.client.db;
        ctx.store.flush_async(db);
    } else {
        ctx.db().clear();
    }
    ctx.reply().ok();
    Ok(())
}

/// FLUSHALL [ASYNC|SYNC]
fn flushall(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let lazy = flush_mode(ctx, args)?;
    // Redis counts the keys removed, and logs the flush even when none.
    let keys = ctx.store.dbs.iter().map(|db| db.len() as u64).sum();
    ctx.changes = Some(keys);
    for db in 0..ctx.store.dbs.len() {
        ctx.store.touch_flushed(db);
        ctx.store.blocking.signal_db(db);
    }
    if lazy {
        for db in 0..ctx.store.dbs.len() {
            ctx.store.flush_async(db);
        }
    } else {
        for db in &mut ctx.store.dbs {
            db.clear();
        }
    }
    // As Redis: a background save's image of the data just flushed is
    // abandoned, and with save points set an (empty) snapshot replaces
    // the file at once.
    if ctx.store.abort_background_snapshot() && !ctx.store.config.save_points.is_empty() {
        // The removals count before that save, which then clears them
        // (Redis: `rdb_changes_since_last_save:0` after it).
        ctx.store.persistence.dirty += keys;
        ctx.store.log.dirty += keys;
        ctx.changes = Some(0);
        ctx.store.begin_snapshot_at_once(SaveKind::Foreground);
    }
    ctx.reply().ok();
    Ok(())
}
