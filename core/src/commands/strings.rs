//! String commands: GET, SET (all options), SETEX, PSETEX, SETNX, GETSET,
//! GETDEL, GETEX, MGET, MSET, MSETNX, STRLEN.

use super::args::{integer, token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::compact::Small;
use crate::protocol::ReplyWriter;
use crate::store::notify;
use crate::types::Value;
use crate::Millis;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("get", 2, READONLY | FAST, get)
        .keys(1, 1, 1)
        .acl(&["@read", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get the value of a key", "1.0.0", "string", "O(1)")
        .args(&[arg("key", "key").key_spec(0)]),
    Command::new("set", -3, WRITE | DENYOOM, set)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@slow"])
        .key_specs(&[
            KeySpec::new(&["RW", "access", "update", "variable_flags"], 1, (0, 1, 0))
                .notes("RW and ACCESS due to the optional `GET` argument"),
        ])
        .variable_key_flags(set_key_flags)
        .doc("Set the string value of a key", "1.0.0", "string", "O(1)")
        .history(&[
            ("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."),
            ("6.0.0", "Added the `KEEPTTL` option."),
            ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."),
            (
                "7.0.0",
                "Allowed the `NX` and `GET` options to be used together.",
            ),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("value", "string"),
            arg("condition", "oneof").since("2.6.12").optional().args(&[
                arg("nx", "pure-token").token("NX"),
                arg("xx", "pure-token").token("XX"),
            ]),
            arg("get", "pure-token")
                .token("GET")
                .since("6.2.0")
                .optional(),
            arg("expiration", "oneof").optional().args(&[
                arg("seconds", "integer").token("EX").since("2.6.12"),
                arg("milliseconds", "integer").token("PX").since("2.6.12"),
                arg("unix-time-seconds", "unix-time")
                    .token("EXAT")
                    .since("6.2.0"),
                arg("unix-time-milliseconds", "unix-time")
                    .token("PXAT")
                    .since("6.2.0"),
                arg("keepttl", "pure-token").token("KEEPTTL").since("6.0.0"),
            ]),
        ]),
    Command::new("setex", 4, WRITE | DENYOOM, setex)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0))])
        .doc(
            "Set the value and expiration of a key",
            "2.0.0",
            "string",
            "O(1)",
        )
        .args(&[
            arg("key", "key").key_spec(0),
            arg("seconds", "integer"),
            arg("value", "string"),
        ]),
    Command::new("psetex", 4, WRITE | DENYOOM, psetex)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0))])
        .doc(
            "Set the value and expiration in milliseconds of a key",
            "2.6.0",
            "string",
            "O(1)",
        )
        .args(&[
            arg("key", "key").key_spec(0),
            arg("milliseconds", "integer"),
            arg("value", "string"),
        ]),
    Command::new("getdel", 2, WRITE | FAST, getdel)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0))])
        .doc(
            "Get the value of a key and delete the key",
            "6.2.0",
            "string",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0)]),
    Command::new("getex", -2, WRITE | FAST, getex)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))
            .notes("RW and UPDATE because it changes the TTL")])
        .doc(
            "Get the value of a key and optionally set its expiration",
            "6.2.0",
            "string",
            "O(1)",
        )
        .args(&[
            arg("key", "key").key_spec(0),
            arg("expiration", "oneof").optional().args(&[
                arg("seconds", "integer").token("EX"),
                arg("milliseconds", "integer").token("PX"),
                arg("unix-time-seconds", "unix-time").token("EXAT"),
                arg("unix-time-milliseconds", "unix-time").token("PXAT"),
                arg("persist", "pure-token").token("PERSIST"),
            ]),
        ]),
    Command::new("getset", 3, WRITE | DENYOOM | FAST, getset)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc(
            "Set the string value of a key and return its old value",
            "1.0.0",
            "string",
            "O(1)",
        )
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`SET` with the `!GET` argument")
        .args(&[arg("key", "key").key_spec(0), arg("value", "string")]),
    Command::new("setnx", 3, WRITE | DENYOOM | FAST, setnx)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["OW", "insert"], 1, (0, 1, 0))])
        .doc(
            "Set the value of a key, only if the key does not exist",
            "1.0.0",
            "string",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0), arg("value", "string")]),
    Command::new("mget", -2, READONLY | FAST, mget)
        .keys(1, -1, 1)
        .acl(&["@read", "@string", "@fast"])
        .tips(&["request_policy:multi_shard"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (-1, 1, 0))])
        .doc(
            "Get the values of all the given keys",
            "1.0.0",
            "string",
            "O(N) where N is the number of keys to retrieve.",
        )
        .args(&[arg("key", "key").key_spec(0).multiple()]),
    Command::new("mset", -3, WRITE | DENYOOM, mset)
        .keys(1, -1, 2)
        .acl(&["@write", "@string", "@slow"])
        .tips(&[
            "request_policy:multi_shard",
            "response_policy:all_succeeded",
        ])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (-1, 2, 0))])
        .doc(
            "Set multiple keys to multiple values",
            "1.0.1",
            "string",
            "O(N) where N is the number of keys to set.",
        )
        .args(&[arg("key_value", "block")
            .multiple()
            .args(&[arg("key", "key").key_spec(0), arg("value", "string")])]),
    Command::new("msetnx", -3, WRITE | DENYOOM, msetnx)
        .keys(1, -1, 2)
        .acl(&["@write", "@string", "@slow"])
        .tips(&["request_policy:multi_shard", "response_policy:agg_min"])
        .key_specs(&[KeySpec::new(&["OW", "insert"], 1, (-1, 2, 0))])
        .doc(
            "Set multiple keys to multiple values, only if none of the keys exist",
            "1.0.1",
            "string",
            "O(N) where N is the number of keys to set.",
        )
        .args(&[arg("key_value", "block")
            .multiple()
            .args(&[arg("key", "key").key_spec(0), arg("value", "string")])]),
    Command::new("strlen", 2, READONLY | FAST, strlen)
        .keys(1, 1, 1)
        .acl(&["@read", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc(
            "Get the length of the value stored in a key",
            "2.2.0",
            "string",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0)]),
];

/// GET key
fn get(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    reply_string_value(ctx, key)
}

/// Replies with the string at `key` (or null); WRONGTYPE for other types
/// (nothing written then). Counts a keyspace hit or miss.
fn reply_string_value(ctx: &mut Ctx, key: &[u8]) -> Reply {
    let now = ctx.now();
    // The reply is written straight from the stored value, without a copy.
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut reply = ReplyWriter::new(ctx.out, ctx.client.protocol);
    let (hit, result) = match db.lookup(key, now).map(|e| &e.value) {
        None => {
            reply.null_bulk();
            (false, Ok(()))
        }
        Some(Value::Str(v)) => {
            reply.bulk(v);
            (true, Ok(()))
        }
        Some(_) => (true, Err(errors::WRONGTYPE)),
    };
    ctx.count_read(key, hit);
    result
}

/// How SET's deadline is given.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ExpireForm {
    Seconds,
    Millis,
    UnixSeconds,
    UnixMillis,
}

/// SET's option words, in the order of [`SetOption`]'s match below.
const SET_OPTIONS: &[&str] = &["nx", "xx", "get", "keepttl", "ex", "px", "exat", "pxat"];

/// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL]
fn set(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, value) = (args.next_key()?, args.next_arg()?);
    let (mut nx, mut xx, mut get, mut keep_ttl) = (false, false, false, false);
    let mut expire: Option<(ExpireForm, &[u8])> = None;
    // Option rules as Redis applies them: the same option may repeat (the
    // last expire value wins), conflicting ones are a syntax error.
    while let Some(option) = args.next() {
        let form = match token(option, SET_OPTIONS) {
            Some(0) if !xx => {
                nx = true;
                continue;
            }
            Some(1) if !nx => {
                xx = true;
                continue;
            }
            Some(2) => {
                get = true;
                continue;
            }
            Some(3) if expire.is_none() => {
                keep_ttl = true;
                continue;
            }
            Some(4) => ExpireForm::Seconds,
            Some(5) => ExpireForm::Millis,
            Some(6) => ExpireForm::UnixSeconds,
            Some(7) => ExpireForm::UnixMillis,
            _ => return Err(errors::SYNTAX),
        };
        let Some(amount) = args.next() else {
            return Err(errors::SYNTAX);
        };
        if keep_ttl || expire.is_some_and(|(f, _)| f != form) {
            return Err(errors::SYNTAX);
        }
        expire = Some((form, amount));
    }
    let unix_deadline = match expire {
        None => None,
        Some((form, amount)) => Some(unix_deadline_for(ctx, form, amount, "set")?),
    };
    let deadline = unix_deadline.map(|when| ctx.store.clock_from_unix_ms(when));
    if get {
        reply_string_value(ctx, key)?;
    }
    let now = ctx.now();
    let db = ctx.db();
    // A plain SET needs no existence check: the insert replaces in place.
    let found = (nx || xx) && db.contains(key, now);
    if (nx && found) || (xx && !found) {
        ctx.unchanged();
        if !get {
            ctx.reply().null_bulk();
        }
        return Ok(());
    }
    let deadline = match deadline {
        Some(at) => Some(at),
        None if keep_ttl => db.lookup_expire_at(key, now).flatten(),
        None => None,
    };
    store_string(ctx, key, value, deadline);
    if let Some(when) = unix_deadline {
        log_set_pxat(ctx, key, value, when);
    }
    ctx.notify(notify::STRING, "set", key);
    if expire.is_some() {
        ctx.notify(notify::GENERIC, "expire", key);
    }
    if !get {
        ctx.reply().ok();
    }
    Ok(())
}

/// SETEX key seconds value
fn setex(ctx: &mut Ctx, args: &mut Args) -> Reply {
    set_with_ttl(ctx, args, ExpireForm::Seconds, "setex")
}

/// PSETEX key milliseconds value
fn psetex(ctx: &mut Ctx, args: &mut Args) -> Reply {
    set_with_ttl(ctx, args, ExpireForm::Millis, "psetex")
}

fn set_with_ttl(ctx: &mut Ctx, args: &mut Args, form: ExpireForm, command: &str) -> Reply {
    let (key, amount, value) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let when = unix_deadline_for(ctx, form, amount, command)?;
    let deadline = ctx.store.clock_from_unix_ms(when);
    store_string(ctx, key, value, Some(deadline));
    log_set_pxat(ctx, key, value, when);
    ctx.notify(notify::STRING, "set", key);
    ctx.notify(notify::GENERIC, "expire", key);
    ctx.reply().ok();
    Ok(())
}

/// Logs a SET, SETEX or PSETEX with a deadline as Redis propagates it:
/// `SET key value PXAT <unix ms>` (its NX/XX/GET options dropped).
fn log_set_pxat(ctx: &mut Ctx, key: &[u8], value: &[u8], unix_ms: i64) {
    if ctx.logging() {
        let unix_ms = unix_ms.to_string();
        ctx.log_as(&[b"SET", key, value, b"PXAT", unix_ms.as_bytes()]);
    }
}

fn store_string(ctx: &mut Ctx, key: &[u8], value: &[u8], deadline: Option<Millis>) {
    let now = ctx.now();
    ctx.db()
        .insert(key, Value::Str(Small::new(value)), deadline, now);
}

/// Converts an expire argument to a deadline on the caller's clock, with
/// Redis's validation and errors.
fn deadline_for(
    ctx: &mut Ctx,
    form: ExpireForm,
    amount: &[u8],
    command: &str,
) -> Result<Millis, CommandError> {
    unix_deadline_for(ctx, form, amount, command).map(|when| ctx.store.clock_from_unix_ms(when))
}

/// An expire argument as the Unix time in milliseconds it stands for
/// (what the log records: a time before our clock's zero stays as given).
fn unix_deadline_for(
    ctx: &mut Ctx,
    form: ExpireForm,
    amount: &[u8],
    command: &str,
) -> Result<i64, CommandError> {
    let amount = integer(amount)?;
    let seconds = matches!(form, ExpireForm::Seconds | ExpireForm::UnixSeconds);
    if amount <= 0 || (seconds && amount > i64::MAX / 1000) {
        return Err(errors::invalid_expire_time(command));
    }
    let millis = if seconds { amount * 1000 } else { amount };
    let unix_when = match form {
        ExpireForm::Seconds | ExpireForm::Millis => {
            (ctx.store.unix_now_ms() as i64).checked_add(millis)
        }
        ExpireForm::UnixSeconds | ExpireForm::UnixMillis => Some(millis),
    };
    match unix_when {
        Some(when) if when > 0 => Ok(when),
        _ => Err(errors::invalid_expire_time(command)),
    }
}

/// SET's key flags for a call: read too when any option word is GET
/// (as redis-server 7.0.15's COMMAND GETKEYSANDFLAGS answers, even for
/// `SET k v EX GET`), else an overwrite.
fn set_key_flags(argv: &[&[u8]], _spec: usize) -> &'static [&'static str] {
    if argv.iter().skip(3).any(|a| a.eq_ignore_ascii_case(b"get")) {
        &["RW", "access", "update"]
    } else {
        &["OW", "update"]
    }
}

/// SETNX key value
fn setnx(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, value) = (args.next_key()?, args.next_arg()?);
    let now = ctx.now();
    if ctx.db().contains(key, now) {
        ctx.unchanged();
        ctx.reply().integer(0);
    } else {
        store_string(ctx, key, value, None);
        ctx.notify(notify::STRING, "set", key);
        ctx.reply().integer(1);
    }
    Ok(())
}

/// GETSET key value: the old value (or null); the new one replaces it and
/// its deadline.
fn getset(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, value) = (args.next_key()?, args.next_arg()?);
    reply_string_value(ctx, key)?;
    store_string(ctx, key, value, None);
    ctx.notify(notify::STRING, "set", key);
    Ok(())
}

/// GETDEL key
fn getdel(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    reply_string_value(ctx, key)?;
    if ctx.db().remove(key).is_some() {
        ctx.notify(notify::GENERIC, "del", key);
        if ctx.logging() {
            ctx.log_as(&[b"DEL", key]);
        }
    } else {
        ctx.unchanged();
    }
    Ok(())
}

/// GETEX's option words, in the order of the match below.
const GETEX_OPTIONS: &[&str] = &["persist", "ex", "px", "exat", "pxat"];

/// GETEX key [EX s|PX ms|EXAT t|PXAT t|PERSIST]
fn getex(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    // As SET's options: one form may repeat (the last value wins), two
    // different ones (or PERSIST with any) are a syntax error.
    let mut change: Option<(ExpireForm, &[u8])> = None;
    let mut persist = false;
    while let Some(option) = args.next() {
        let form = match token(option, GETEX_OPTIONS) {
            Some(0) if change.is_none() => {
                persist = true;
                continue;
            }
            Some(1) => ExpireForm::Seconds,
            Some(2) => ExpireForm::Millis,
            Some(3) => ExpireForm::UnixSeconds,
            Some(4) => ExpireForm::UnixMillis,
            _ => return Err(errors::SYNTAX),
        };
        let Some(amount) = args.next() else {
            return Err(errors::SYNTAX);
        };
        if persist || change.is_some_and(|(f, _)| f != form) {
            return Err(errors::SYNTAX);
        }
        change = Some((form, amount));
    }
    // Then, as Redis orders it: a missing key or another type, and only
    // then the expire argument.
    let now = ctx.now();
    let found = ctx.db().lookup(key, now).map(|e| match e.value {
        Value::Str(_) => Ok(()),
        _ => Err(errors::WRONGTYPE),
    });
    ctx.count_read(key, found.is_some());
    if found.transpose()?.is_none() {
        ctx.unchanged();
        ctx.reply().null_bulk();
        return Ok(());
    }
    let deadline = match change {
        None => None,
        Some((form, amount)) => Some(deadline_for(ctx, form, amount, "getex")?),
    };
    let db = &mut ctx.store.dbs[ctx.client.db];
    if let Some(Value::Str(v)) = db.lookup(key, now).map(|e| &e.value) {
        ReplyWriter::new(ctx.out, ctx.client.protocol).bulk(v);
    }
    match deadline {
        // A deadline already past deletes the key (its value was replied).
        Some(at) if at <= now => {
            db.remove(key);
            ctx.notify(notify::GENERIC, "del", key);
            if ctx.logging() {
                let removal =
                    super::keys::removal_word(ctx.store.lazy_config("lazyfree-lazy-expire"));
                ctx.log_as(&[removal, key]);
            }
        }
        Some(at) => {
            db.set_expire(key, Some(at), now);
            ctx.notify(notify::GENERIC, "expire", key);
            if ctx.logging() {
                let unix_ms = ctx.store.unix_ms_of(at).to_string();
                ctx.log_as(&[b"PEXPIREAT", key, unix_ms.as_bytes()]);
            }
        }
        None if persist && db.peek_expire_at(key).is_some() => {
            db.set_expire(key, None, now);
            ctx.notify(notify::GENERIC, "persist", key);
            ctx.log_as(&[b"PERSIST", key]);
        }
        None => ctx.unchanged(),
    }
    Ok(())
}

/// MGET key [key ...]: null for a missing key or one of another type.
fn mget(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let now = ctx.now();
    let keys = args.rest();
    ctx.reply().array(keys.len());
    for key in keys {
        // Each value is written straight from the store, without a copy.
        let db = &mut ctx.store.dbs[ctx.client.db];
        let mut reply = ReplyWriter::new(ctx.out, ctx.client.protocol);
        let hit = match db.lookup(key, now).map(|e| &e.value) {
            Some(Value::Str(v)) => {
                reply.bulk(v);
                true
            }
            found => {
                reply.null_bulk();
                found.is_some()
            }
        };
        ctx.count_read(key, hit);
    }
    Ok(())
}

/// The key/value pairs of MSET and MSETNX; an odd count is an arity error.
fn pairs<'a>(args: &mut Args<'a>, command: &str) -> Result<&'a [&'a [u8]], CommandError> {
    let rest = args.rest();
    if !rest.len().is_multiple_of(2) {
        return Err(errors::wrong_arity(command));
    }
    Ok(rest)
}

/// MSET key value [key value ...]: every key set (deadlines cleared) at
/// once; a key named twice keeps its last value.
fn mset(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let pairs = pairs(args, "mset")?;
    for pair in pairs.chunks_exact(2) {
        store_string(ctx, pair[0], pair[1], None);
        ctx.notify(notify::STRING, "set", pair[0]);
    }
    // Redis counts one change per key.
    ctx.changes(pairs.len() as u64 / 2);
    ctx.reply().ok();
    Ok(())
}

/// MSETNX key value [key value ...]: all set, or none if any exists.
fn msetnx(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let pairs = pairs(args, "msetnx")?;
    let now = ctx.now();
    let db = ctx.db();
    if pairs.chunks_exact(2).any(|pair| db.contains(pair[0], now)) {
        ctx.unchanged();
        ctx.reply().integer(0);
        return Ok(());
    }
    for pair in pairs.chunks_exact(2) {
        store_string(ctx, pair[0], pair[1], None);
        ctx.notify(notify::STRING, "set", pair[0]);
    }
    ctx.changes(pairs.len() as u64 / 2);
    ctx.reply().integer(1);
    Ok(())
}

/// STRLEN key: 0 for a missing key.
fn strlen(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let now = ctx.now();
    let found = ctx.db().lookup(key, now).map(|e| match &e.value {
        Value::Str(v) => Ok(v.len()),
        _ => Err(errors::WRONGTYPE),
    });
    ctx.count_read(key, found.is_some());
    let len = found.transpose()?.unwrap_or(0);
    ctx.reply().integer(len as i64);
    Ok(())
}
