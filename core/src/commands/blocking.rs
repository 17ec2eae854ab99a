//! Blocking commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN,
//! BZPOPMAX, BZMPOP.
//!
//! Each first does what its non-blocking twin does; when every key is
//! missing it blocks the client ([`Ctx::block`]) and writes nothing. The
//! engine keeps the client's input until a key it waits on is added, then
//! runs the same command again for it (with `serving` set to that key,
//! the only one it then pops from; a key of another type counts as
//! missing, as Redis 7.0 leaves such a client waiting), or answers the
//! timeout reply when its time is up.
//! Inside EXEC the timeout reply comes at once.

use super::args::Args;
use super::errors::{self, CommandError};
use super::lists::{self, End};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::zsets;
use super::{Ctx, Logged, TimeoutReply};
use crate::types::Value;
use crate::Millis;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("blpop", -3, WRITE | NOSCRIPT | BLOCKING, blpop)
        .keys(1, -2, 1)
        .acl(&["@write", "@list", "@slow", "@blocking"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (-2, 1, 0))])
        .doc("Remove and get the first element in a list, or block until one is available", "2.0.0", "list", "O(N) where N is the number of provided keys.")
        .history(&[("6.0.0", "`timeout` is interpreted as a double instead of an integer.")])
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
            arg("timeout", "double"),
        ]),
    Command::new("brpop", -3, WRITE | NOSCRIPT | BLOCKING, brpop)
        .keys(1, -2, 1)
        .acl(&["@write", "@list", "@slow", "@blocking"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (-2, 1, 0))])
        .doc("Remove and get the last element in a list, or block until one is available", "2.0.0", "list", "O(N) where N is the number of provided keys.")
        .history(&[("6.0.0", "`timeout` is interpreted as a double instead of an integer.")])
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
            arg("timeout", "double"),
        ]),
    Command::new("blmove", 6, WRITE | DENYOOM | NOSCRIPT | BLOCKING, blmove)
        .keys(1, 2, 1)
        .acl(&["@write", "@list", "@slow", "@blocking"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)), KeySpec::new(&["RW", "insert"], 2, (0, 1, 0))])
        .doc("Pop an element from a list, push it to another list and return it; or block until one is available", "6.2.0", "list", "O(1)")
        .args(&[
            arg("source", "key").key_spec(0),
            arg("destination", "key").key_spec(1),
            arg("wherefrom", "oneof").args(&[
                    arg("left", "pure-token").token("LEFT"),
                    arg("right", "pure-token").token("RIGHT"),
                ]),
            arg("whereto", "oneof").args(&[
                    arg("left", "pure-token").token("LEFT"),
                    arg("right", "pure-token").token("RIGHT"),
                ]),
            arg("timeout", "double"),
        ]),
    Command::new("brpoplpush", 4, WRITE | DENYOOM | NOSCRIPT | BLOCKING, brpoplpush)
        .keys(1, 2, 1)
        .acl(&["@write", "@list", "@slow", "@blocking"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)), KeySpec::new(&["RW", "insert"], 2, (0, 1, 0))])
        .doc("Pop an element from a list, push it to another list and return it; or block until one is available", "2.2.0", "list", "O(1)")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`BLMOVE` with the `RIGHT` and `LEFT` arguments")
        .history(&[("6.0.0", "`timeout` is interpreted as a double instead of an integer.")])
        .args(&[
            arg("source", "key").key_spec(0),
            arg("destination", "key").key_spec(1),
            arg("timeout", "double"),
        ]),
    Command::new("blmpop", -5, WRITE | BLOCKING | MOVABLEKEYS, blmpop)
        .acl(&["@write", "@list", "@slow", "@blocking"])
        .key_specs(&[KeySpec::with_keynum(&["RW", "access", "delete"], 2, (0, 1, 1))])
        .doc("Pop elements from a list, or block until one is available", "7.0.0", "list", "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
        .args(&[
            arg("timeout", "double"),
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("where", "oneof").args(&[
                    arg("left", "pure-token").token("LEFT"),
                    arg("right", "pure-token").token("RIGHT"),
                ]),
            arg("count", "integer").token("COUNT").optional(),
        ]),
    Command::new("bzpopmin", -3, WRITE | NOSCRIPT | BLOCKING | FAST, bzpopmin)
        .keys(1, -2, 1)
        .acl(&["@write", "@sortedset", "@fast", "@blocking"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (-2, 1, 0))])
        .doc("Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", "5.0.0", "sorted-set", "O(log(N)) with N being the number of elements in the sorted set.")
        .history(&[("6.0.0", "`timeout` is interpreted as a double instead of an integer.")])
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
            arg("timeout", "double"),
        ]),
    Command::new("bzpopmax", -3, WRITE | NOSCRIPT | BLOCKING | FAST, bzpopmax)
        .keys(1, -2, 1)
        .acl(&["@write", "@sortedset", "@fast", "@blocking"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (-2, 1, 0))])
        .doc("Remove and return the member with the highest score from one or more sorted sets, or block until one is available", "5.0.0", "sorted-set", "O(log(N)) with N being the number of elements in the sorted set.")
        .history(&[("6.0.0", "`timeout` is interpreted as a double instead of an integer.")])
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
            arg("timeout", "double"),
        ]),
    Command::new("bzmpop", -5, WRITE | BLOCKING | MOVABLEKEYS, bzmpop)
        .acl(&["@write", "@sortedset", "@slow", "@blocking"])
        .key_specs(&[KeySpec::with_keynum(&["RW", "access", "delete"], 2, (0, 1, 1))])
        .doc("Remove and return members with scores in a sorted set or block until one is available", "7.0.0", "sorted-set", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
        .args(&[
            arg("timeout", "double"),
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("where", "oneof").args(&[
                    arg("min", "pure-token").token("MIN"),
                    arg("max", "pure-token").token("MAX"),
                ]),
            arg("count", "integer").token("COUNT").optional(),
        ]),
];

/// Redis's timeout argument (seconds, a double): an invalid number, or
/// NaN, is `timeout is not a float or out of range`; the milliseconds are
/// rounded up, and then a negative count, or one that overflows (`1e400`,
/// `inf`), is `timeout is negative`. Zero (so `-0.0001` too) waits
/// forever. Returns the deadline on the core's clock.
fn timeout_deadline(ctx: &Ctx, arg: &[u8]) -> Result<Option<Millis>, CommandError> {
    let seconds = match super::args::parse_float(arg) {
        Some(seconds) => seconds,
        // Valid for strtold but beyond an f64: its milliseconds overflow.
        None if super::long_double::string2ld(arg).is_some() => {
            return Err(errors::TIMEOUT_NEGATIVE)
        }
        None => return Err(errors::TIMEOUT_NOT_FLOAT),
    };
    let millis = (seconds * 1000.0).ceil();
    // NaN cannot come here (parse_float refuses it); inf overflows.
    if millis >= i64::MAX as f64 || millis < 0.0 {
        return Err(errors::TIMEOUT_NEGATIVE);
    }
    let millis = millis as u64;
    Ok((millis > 0).then(|| ctx.now().saturating_add(millis)))
}

/// What a key holds, for a command wanting `list` (else a sorted set).
enum Holds {
    Missing,
    Wanted,
    Other,
}

fn holds(ctx: &mut Ctx, key: &[u8], list: bool) -> Holds {
    let now = ctx.now();
    match ctx.db().peek(key, now).map(|e| &e.value) {
        None => Holds::Missing,
        Some(Value::List(_)) if list => Holds::Wanted,
        Some(Value::ZSet(_)) if !list => Holds::Wanted,
        Some(_) => Holds::Other,
    }
}

/// The first of `keys` holding the wanted type: `Ok(None)` when none
/// does (the caller blocks); WRONGTYPE when a key of another type comes
/// first. While serving a blocked client only the key that became ready
/// counts, and another type there leaves it waiting.
fn first_holding<'a>(
    ctx: &mut Ctx,
    keys: &[&'a [u8]],
    list: bool,
) -> Result<Option<&'a [u8]>, CommandError> {
    let serving = ctx.client.serving.clone();
    for &key in keys {
        if serving
            .as_ref()
            .is_some_and(|ready| ready.as_slice() != key)
        {
            continue;
        }
        match holds(ctx, key, list) {
            Holds::Wanted => return Ok(Some(key)),
            Holds::Other if serving.is_none() => return Err(errors::WRONGTYPE),
            Holds::Missing | Holds::Other => {}
        }
    }
    Ok(None)
}

/// The keys and the timeout of BLPOP/BRPOP/BZPOPMIN/BZPOPMAX (the timeout
/// is last).
fn keys_then_timeout<'a>(
    ctx: &Ctx,
    args: &mut Args<'a>,
) -> Result<(&'a [&'a [u8]], Option<Millis>), CommandError> {
    let all = args.rest();
    let (timeout, keys) = all.split_last().ok_or(errors::SYNTAX)?;
    Ok((keys, timeout_deadline(ctx, timeout)?))
}

/// BLPOP key [key ...] timeout
fn blpop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    blocking_pop(ctx, args, End::Head)
}

/// BRPOP key [key ...] timeout
fn brpop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    blocking_pop(ctx, args, End::Tail)
}

/// Pops one item from the first key holding a list: [key, item].
fn blocking_pop(ctx: &mut Ctx, args: &mut Args, end: End) -> Reply {
    let (keys, deadline) = keys_then_timeout(ctx, args)?;
    match first_holding(ctx, keys, true)? {
        Some(key) => {
            lists::pop_one_with_key(ctx, key, end)?;
        }
        None => ctx.block(keys, deadline, TimeoutReply::NullArray),
    }
    Ok(())
}

/// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
fn blmove(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (source, destination) = (args.next_key()?, args.next_key()?);
    let ends = args.clone().take(2);
    let (from, to) = (lists::next_end(args)?, lists::next_end(args)?);
    let deadline = timeout_deadline(ctx, args.next_arg()?)?;
    // Logged as LMOVE with the ends as given, as Redis propagates it.
    let mut record = vec![&b"LMOVE"[..], source, destination];
    record.extend(ends);
    blocking_move(ctx, source, destination, (from, to), deadline, &record)
}

/// BRPOPLPUSH source destination timeout
fn brpoplpush(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (source, destination) = (args.next_key()?, args.next_key()?);
    let deadline = timeout_deadline(ctx, args.next_arg()?)?;
    let record = [&b"RPOPLPUSH"[..], source, destination];
    let ends = (End::Tail, End::Head);
    blocking_move(ctx, source, destination, ends, deadline, &record)
}

/// Moves an item, or blocks; a move is logged as `record` (the plain
/// command).
fn blocking_move(
    ctx: &mut Ctx,
    source: &[u8],
    destination: &[u8],
    (from, to): (End, End),
    deadline: Option<Millis>,
    record: &[&[u8]],
) -> Reply {
    match first_holding(ctx, &[source], true)? {
        Some(_) => {
            lists::move_item(ctx, source, destination, from, to)?;
            if ctx.logged != Logged::Nothing {
                ctx.log_as(record);
            }
            Ok(())
        }
        None => {
            ctx.block(&[source], deadline, TimeoutReply::NullBulk);
            Ok(())
        }
    }
}

/// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
///
/// Redis reads the timeout after the rest (its errors come last).
fn blmpop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let timeout = args.next_arg()?;
    let (keys, end, count) = lists::lmpop_args(args)?;
    let deadline = timeout_deadline(ctx, timeout)?;
    match first_holding(ctx, keys, true)? {
        Some(key) => {
            lists::pop_from_first(ctx, &[key], end, count)?;
        }
        None => ctx.block(keys, deadline, TimeoutReply::NullArray),
    }
    Ok(())
}

/// BZPOPMIN key [key ...] timeout
fn bzpopmin(ctx: &mut Ctx, args: &mut Args) -> Reply {
    blocking_zpop(ctx, args, false)
}

/// BZPOPMAX key [key ...] timeout
fn bzpopmax(ctx: &mut Ctx, args: &mut Args) -> Reply {
    blocking_zpop(ctx, args, true)
}

/// Pops the lowest (or highest) member of the first key holding a sorted
/// set: [key, member, score].
fn blocking_zpop(ctx: &mut Ctx, args: &mut Args, max: bool) -> Reply {
    let (keys, deadline) = keys_then_timeout(ctx, args)?;
    match first_holding(ctx, keys, false)? {
        Some(key) => {
            zsets::zpop_one_with_key(ctx, key, max)?;
        }
        None => ctx.block(keys, deadline, TimeoutReply::NullArray),
    }
    Ok(())
}

/// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
///
/// Redis reads the timeout after the rest (its errors come last).
fn bzmpop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let timeout = args.next_arg()?;
    let (keys, max, count) = zsets::zmpop_args(args)?;
    let deadline = timeout_deadline(ctx, timeout)?;
    match first_holding(ctx, &keys, false)? {
        Some(key) => {
            zsets::zmpop_from_first(ctx, &[key], max, count)?;
        }
        None => ctx.block(&keys, deadline, TimeoutReply::NullArray),
    }
    Ok(())
}
