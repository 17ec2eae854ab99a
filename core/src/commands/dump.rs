//! DUMP and RESTORE: a key's value as Redis's serialized payload (the
//! value in RDB form, the RDB version, a CRC-64), and back. The format is
//! in `crate::persistence::rdb`; this file is the commands' option
//! parsing, checks in Redis's order, and the keyspace bookkeeping.

use super::args::{integer, token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::persistence::rdb::{
    dump_payload, restore_payload, LoadLimits, PayloadError, SaveOptions,
};
use crate::store::notify;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("dump", 2, READONLY, dump)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@read", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a serialized version of the value stored at the specified key.", "2.6.0", "generic", "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("restore", -4, WRITE | DENYOOM, restore)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@write", "@slow", "@dangerous"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0))])
        .doc("Create a key using the provided serialized value, previously obtained using DUMP.", "2.6.0", "generic", "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).")
        .history(&[("3.0.0", "Added the `REPLACE` modifier."), ("5.0.0", "Added the `ABSTTL` modifier."), ("5.0.0", "Added the `IDLETIME` and `FREQ` options.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("ttl", "integer"),
            arg("serialized-value", "string"),
            arg("replace", "pure-token").token("REPLACE").since("3.0.0").optional(),
            arg("absttl", "pure-token").token("ABSTTL").since("5.0.0").optional(),
            arg("seconds", "integer").token("IDLETIME").since("5.0.0").optional(),
            arg("frequency", "integer").token("FREQ").since("5.0.0").optional(),
        ]),
];

/// DUMP key: the payload, or a null bulk for a missing key (a read
/// lookup: it counts a hit or a miss).
fn dump(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let options = SaveOptions::from_store(ctx.store);
    let now = ctx.now();
    let payload = ctx
        .db()
        .lookup(key, now)
        .map(|entry| dump_payload(&entry.value, &options));
    ctx.count_read(key, payload.is_some());
    match payload {
        Some(payload) => ctx.reply().bulk(&payload),
        None => ctx.reply().null_bulk(),
    }
    Ok(())
}

/// The options after the payload.
#[derive(Default)]
struct RestoreOptions {
    replace: bool,
    absttl: bool,
    idle_secs: Option<u64>,
    freq: Option<u8>,
}

/// Reads the options as Redis 7.0 does: IDLETIME and FREQ each need a
/// value and exclude each other (the second one is a syntax error), and
/// each value is checked as it is read.
fn restore_options(args: &mut Args) -> Result<RestoreOptions, CommandError> {
    let mut options = RestoreOptions::default();
    while let Some(option) = args.next() {
        let has_value = !args.is_empty();
        match token(option, &["replace", "absttl", "idletime", "freq"]) {
            Some(0) => options.replace = true,
            Some(1) => options.absttl = true,
            Some(2) if has_value && options.freq.is_none() => {
                let idle = integer(args.next_arg()?)?;
                if idle < 0 {
                    return Err(errors::RESTORE_BAD_IDLETIME);
                }
                options.idle_secs = Some(idle as u64);
            }
            Some(3) if has_value && options.idle_secs.is_none() => {
                let freq = integer(args.next_arg()?)?;
                options.freq = Some(u8::try_from(freq).map_err(|_| errors::RESTORE_BAD_FREQ)?);
            }
            _ => return Err(errors::SYNTAX),
        }
    }
    Ok(options)
}

/// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds]
/// [FREQ frequency]
///
/// Checks in Redis's order: options, an existing key without REPLACE,
/// the TTL, the payload's footer, the value. A TTL already in the past
/// stores nothing (deleting the old key under REPLACE) and still answers
/// OK.
fn restore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, ttl, payload) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    // The options as typed, for the logged record.
    let typed_options = args.clone().rest();
    let options = restore_options(args)?;
    let now = ctx.now();
    if !options.replace && ctx.db().contains(key, now) {
        return Err(errors::BUSYKEY);
    }
    let ttl = integer(ttl)?;
    if ttl < 0 {
        return Err(errors::RESTORE_BAD_TTL);
    }
    let limits = LoadLimits::from_store(ctx.store);
    let value = restore_payload(payload, &limits).map_err(|e| match e {
        PayloadError::VersionOrChecksum => errors::DUMP_PAYLOAD,
        PayloadError::BadData(_) => errors::BAD_DATA_FORMAT,
    })?;
    let deadline = match (ttl, options.absttl) {
        (0, _) => None,
        (ms, true) => Some(ctx.store.clock_from_unix_ms(ms)),
        (ms, false) => Some(now.saturating_add(ms as u64)),
    };
    let existed = options.replace && ctx.db().contains(key, now);
    if deadline.is_some_and(|at| at <= now) {
        if existed {
            ctx.db().remove(key);
            ctx.notify(notify::GENERIC, "del", key);
            // Logged as the deletion it was, as Redis does.
            if ctx.logging() {
                ctx.log_as(&[b"DEL", key]);
            }
        } else {
            ctx.unchanged();
        }
        ctx.reply().ok();
        return Ok(());
    }
    let db = ctx.db();
    db.insert(key, value, deadline, now);
    if existed {
        // Redis deletes the old key and adds the new one.
        db.record_new(key);
    }
    db.set_access_hint(key, options.idle_secs, options.freq, now);
    ctx.notify(notify::GENERIC, "restore", key);
    // A relative TTL is logged as the absolute Unix time it stands for,
    // with ABSTTL added (Redis's rewrite), so a replay later keeps the
    // deadline the key had.
    if let (Some(at), false, true) = (deadline, options.absttl, ctx.logging()) {
        let when = ctx.store.unix_ms_of(at).to_string();
        // The name as typed: Redis rewrites only the TTL and appends.
        let name = args.command_words().first().copied().unwrap_or(b"RESTORE");
        let mut record: Vec<&[u8]> = vec![name, key, when.as_bytes(), payload];
        record.extend(typed_options);
        record.push(b"ABSTTL");
        ctx.log_as(&record);
    }
    ctx.reply().ok();
    Ok(())
}
