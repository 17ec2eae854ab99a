//! Sorted-set commands, part one: adding, scoring, counting, popping,
//! random members and ZSCAN, with the helpers the other sorted-set files
//! share (score and range parsing, reply shapes, read and write access).
//! Ranges are in `zsets_ranges.rs`, the set operations in
//! `zsets_setops.rs`, the shared helpers in `zsets_shared.rs`.

use super::args::{token, Args};
use super::draws::Draws;
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::zsets_shared::{
    parse_score, peek_zset, read_zset, write_elements, write_zset, LexRange, ScoreRange,
};
use super::Ctx;
use crate::glob::glob_match;
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::{notify, Store};
use crate::types::ZSet;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("zadd", -4, WRITE | DENYOOM | FAST, zadd)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("Add one or more members to a sorted set, or update its score if it already exists", "1.2.0", "sorted-set", "O(log(N)) for each item added, where N is the number of elements in the sorted set.")
        .history(&[("2.4.0", "Accepts multiple elements."), ("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."), ("6.2.0", "Added the `GT` and `LT` options.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("condition", "oneof").since("3.0.2").optional().args(&[
                    arg("nx", "pure-token").token("NX"),
                    arg("xx", "pure-token").token("XX"),
                ]),
            arg("comparison", "oneof").since("6.2.0").optional().args(&[
                    arg("gt", "pure-token").token("GT"),
                    arg("lt", "pure-token").token("LT"),
                ]),
            arg("change", "pure-token").token("CH").since("3.0.2").optional(),
            arg("increment", "pure-token").token("INCR").since("3.0.2").optional(),
            arg("score_member", "block").multiple().args(&[
                    arg("score", "double"),
                    arg("member", "string"),
                ]),
        ]),
    Command::new("zcard", 2, READONLY | FAST, zcard)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc("Get the number of members in a sorted set", "1.2.0", "sorted-set", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("zcount", 4, READONLY | FAST, zcount)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Count the members in a sorted set with scores within the given values", "2.0.0", "sorted-set", "O(log(N)) with N being the number of elements in the sorted set.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("min", "double"),
            arg("max", "double"),
        ]),
    Command::new("zincrby", 4, WRITE | DENYOOM | FAST, zincrby)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc("Increment the score of a member in a sorted set", "1.2.0", "sorted-set", "O(log(N)) where N is the number of elements in the sorted set.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("increment", "integer"),
            arg("member", "string"),
        ]),
    Command::new("zlexcount", 4, READONLY | FAST, zlexcount)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Count the number of members in a sorted set between a given lexicographical range", "2.8.9", "sorted-set", "O(log(N)) with N being the number of elements in the sorted set.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("min", "string"),
            arg("max", "string"),
        ]),
    Command::new("zmscore", -3, READONLY | FAST, zmscore)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get the score associated with the given members in a sorted set", "6.2.0", "sorted-set", "O(N) where N is the number of members being requested.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string").multiple(),
        ]),
    Command::new("zpopmax", -2, WRITE | FAST, zpopmax)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0))])
        .doc("Remove and return members with the highest scores in a sorted set", "5.0.0", "sorted-set", "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").optional(),
        ]),
    Command::new("zpopmin", -2, WRITE | FAST, zpopmin)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0))])
        .doc("Remove and return members with the lowest scores in a sorted set", "5.0.0", "sorted-set", "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").optional(),
        ]),
    Command::new("zmpop", -4, WRITE | MOVABLEKEYS, zmpop)
        .acl(&["@write", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::with_keynum(&["RW", "access", "delete"], 1, (0, 1, 1))])
        .doc("Remove and return members with scores in a sorted set", "7.0.0", "sorted-set", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
        .args(&[
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("where", "oneof").args(&[
                    arg("min", "pure-token").token("MIN"),
                    arg("max", "pure-token").token("MAX"),
                ]),
            arg("count", "integer").token("COUNT").optional(),
        ]),
    Command::new("zrandmember", -2, READONLY, zrandmember)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get one or multiple random elements from a sorted set", "6.2.0", "sorted-set", "O(N) where N is the number of elements returned")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("options", "block").optional().args(&[
                    arg("count", "integer"),
                    arg("withscores", "pure-token").token("WITHSCORES").optional(),
                ]),
        ]),
    Command::new("zrank", 3, READONLY | FAST, zrank)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Determine the index of a member in a sorted set", "2.0.0", "sorted-set", "O(log(N))")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string"),
        ]),
    Command::new("zrevrank", 3, READONLY | FAST, zrevrank)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Determine the index of a member in a sorted set, with scores ordered from high to low", "2.0.0", "sorted-set", "O(log(N))")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string"),
        ]),
    Command::new("zrem", -3, WRITE | FAST, zrem)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Remove one or more members from a sorted set", "1.2.0", "sorted-set", "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.")
        .history(&[("2.4.0", "Accepts multiple elements.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string").multiple(),
        ]),
    Command::new("zscan", -3, READONLY, zscan)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Incrementally iterate sorted sets elements and associated scores", "2.8.0", "sorted-set", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("cursor", "integer"),
            arg("pattern", "pattern").token("MATCH").optional(),
            arg("count", "integer").token("COUNT").optional(),
        ]),
    Command::new("zscore", 3, READONLY | FAST, zscore)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get the score associated with the given member in a sorted set", "1.2.0", "sorted-set", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string"),
        ]),
];

// ---- handlers ---------------------------------------------------------------

/// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
fn zadd(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let (mut nx, mut xx, mut gt, mut lt, mut ch, mut incr) =
        (false, false, false, false, false, false);
    while let Some(which) = args.next_token(&["nx", "xx", "gt", "lt", "ch", "incr"]) {
        match which {
            0 => nx = true,
            1 => xx = true,
            2 => gt = true,
            3 => lt = true,
            4 => ch = true,
            _ => incr = true,
        }
    }
    let pairs = args.rest();
    if pairs.is_empty() || !pairs.len().is_multiple_of(2) {
        return Err(errors::SYNTAX);
    }
    if nx && xx {
        return Err(errors::ZADD_NX_XX);
    }
    if ((gt || lt) && nx) || (gt && lt) {
        return Err(errors::ZADD_GT_LT_NX);
    }
    if incr && pairs.len() > 2 {
        return Err(errors::ZADD_INCR_PAIRS);
    }
    let mut scores = Vec::with_capacity(pairs.len() / 2);
    for pair in pairs.chunks_exact(2) {
        scores.push(parse_score(pair[0])?);
    }
    let outcome = write_zset(ctx, key, !xx, |z, limits| {
        let (mut added, mut updated) = (0i64, 0i64);
        let mut last: Option<f64> = None;
        for (pair, &score) in pairs.chunks_exact(2).zip(&scores) {
            let member = pair[1];
            match z.score(member) {
                Some(current) => {
                    if nx {
                        continue;
                    }
                    let new = if incr { current + score } else { score };
                    if new.is_nan() {
                        return Err(errors::SCORE_NAN);
                    }
                    if (lt && new >= current) || (gt && new <= current) {
                        continue;
                    }
                    if new != current {
                        z.insert(member, new, limits);
                        updated += 1;
                    }
                    last = Some(new);
                }
                None => {
                    if xx {
                        continue;
                    }
                    z.insert(member, score, limits);
                    added += 1;
                    last = Some(score);
                }
            }
        }
        Ok((added, updated, last))
    })?;
    let (added, updated, last) = match outcome {
        Some((result, _)) => result?,
        None => (0, 0, None),
    };
    if added + updated > 0 {
        ctx.notify(notify::ZSET, if incr { "zincr" } else { "zadd" }, key);
    }
    // Redis counts one change per member added or updated.
    ctx.changes((added + updated) as u64);
    let mut w = ctx.reply();
    if incr {
        match last {
            Some(score) => w.double(score),
            None => w.null_bulk(),
        }
    } else {
        w.integer(if ch { added + updated } else { added });
    }
    Ok(())
}

/// ZINCRBY key increment member
fn zincrby(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let increment = parse_score(args.next_arg()?)?;
    let member = args.next_arg()?;
    let (new, changed) = write_zset(ctx, key, true, |z, limits| {
        // A new member takes the increment itself (-0 answers as -0).
        let current = z.score(member);
        let new = current.map_or(increment, |current| current + increment);
        if new.is_nan() {
            return Err(errors::SCORE_NAN);
        }
        z.insert(member, new, limits);
        Ok((new, current != Some(new)))
    })?
    // Always Some: a missing key is created.
    .map_or(Ok((increment, true)), |(result, _)| result)?;
    if changed {
        ctx.notify(notify::ZSET, "zincr", key);
    } else {
        ctx.unchanged();
    }
    ctx.reply().double(new);
    Ok(())
}

/// ZCARD key
fn zcard(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let len = read_zset(ctx.store, ctx.client.db, key)?.map_or(0, ZSet::len);
    ctx.reply().integer(len as i64);
    Ok(())
}

/// ZCOUNT key min max
fn zcount(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let range = ScoreRange::parse(args.next_arg()?, args.next_arg()?)?;
    let count = read_zset(ctx.store, ctx.client.db, key)?.map_or(0, |z| {
        let (start, end) = range.ranks(z);
        end - start
    });
    ctx.reply().integer(count as i64);
    Ok(())
}

/// ZLEXCOUNT key min max
fn zlexcount(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let range = LexRange::parse(args.next_arg()?, args.next_arg()?)?;
    let count = read_zset(ctx.store, ctx.client.db, key)?.map_or(0, |z| {
        let (start, end) = range.ranks(z);
        end - start
    });
    ctx.reply().integer(count as i64);
    Ok(())
}

/// ZSCORE key member
fn zscore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let member = args.next_arg()?;
    let score = read_zset(ctx.store, ctx.client.db, key)?.and_then(|z| z.score(member));
    let mut w = ctx.reply();
    match score {
        Some(score) => w.double(score),
        None => w.null_bulk(),
    }
    Ok(())
}

/// ZMSCORE key member [member ...]
fn zmscore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let members = args.rest();
    let z = read_zset(ctx.store, ctx.client.db, key)?;
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    w.array(members.len());
    for member in members {
        match z.and_then(|z| z.score(member)) {
            Some(score) => w.double(score),
            None => w.null_bulk(),
        }
    }
    Ok(())
}

/// ZRANK key member
fn zrank(ctx: &mut Ctx, args: &mut Args) -> Reply {
    rank(ctx, args, false)
}

/// ZREVRANK key member
fn zrevrank(ctx: &mut Ctx, args: &mut Args) -> Reply {
    rank(ctx, args, true)
}

fn rank(ctx: &mut Ctx, args: &mut Args, reverse: bool) -> Reply {
    let key = args.next_key()?;
    let member = args.next_arg()?;
    let rank = read_zset(ctx.store, ctx.client.db, key)?.and_then(|z| {
        let rank = z.rank(member)?;
        Some(if reverse { z.len() - 1 - rank } else { rank })
    });
    let mut w = ctx.reply();
    match rank {
        Some(rank) => w.integer(rank as i64),
        None => w.null_bulk(),
    }
    Ok(())
}

/// ZREM key member [member ...]
fn zrem(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let members = args.rest();
    let removed = write_zset(ctx, key, false, |z, _| {
        members.iter().filter(|m| z.remove(m).is_some()).count()
    })?;
    let (removed, emptied) = removed.unwrap_or((0, false));
    ctx.changes(removed as u64);
    if removed > 0 {
        ctx.notify(notify::ZSET, "zrem", key);
        if emptied {
            ctx.notify(notify::GENERIC, "del", key);
        }
    }
    ctx.reply().integer(removed as i64);
    Ok(())
}

/// Pops up to `count` elements from the low (`max` false) or high end.
fn pop(z: &mut ZSet, count: usize, max: bool) -> Vec<(Vec<u8>, f64)> {
    let n = count.min(z.len());
    let (start, end) = if max { (z.len() - n, z.len()) } else { (0, n) };
    let mut popped: Vec<(Vec<u8>, f64)> = z
        .remove_range(start, end)
        .into_iter()
        .map(|(m, s)| (m.to_vec(), s))
        .collect();
    if max {
        popped.reverse();
    }
    popped
}

/// Writes popped elements as pairs: flat in RESP2 or when `flat`, an array
/// of [member, score] arrays otherwise.
fn write_popped(w: &mut ReplyWriter, popped: &[(Vec<u8>, f64)], flat: bool) {
    let items: Vec<(&[u8], f64)> = popped.iter().map(|(m, s)| (m.as_slice(), *s)).collect();
    if flat {
        w.array(items.len() * 2);
        for (member, score) in items {
            w.bulk(member);
            w.double(score);
        }
    } else {
        write_elements(w, &items, true);
    }
}

/// The events of a pop from `key` (if anything was popped) and of its
/// deletion when it emptied.
fn notify_pop(ctx: &mut Ctx, key: &[u8], max: bool, popped: bool, emptied: bool) {
    if popped {
        ctx.notify(notify::ZSET, if max { "zpopmax" } else { "zpopmin" }, key);
    }
    if emptied {
        ctx.notify(notify::GENERIC, "del", key);
    }
}

/// ZPOPMIN key [count]
fn zpopmin(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zpop(ctx, args, false)
}

/// ZPOPMAX key [count]
fn zpopmax(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zpop(ctx, args, true)
}

fn zpop(ctx: &mut Ctx, args: &mut Args, max: bool) -> Reply {
    let key = args.next_key()?;
    if args.remaining() > 1 {
        return Err(errors::SYNTAX);
    }
    let count = match args.next() {
        None => None,
        Some(arg) => match crate::protocol::decode::parse_int(arg) {
            Some(n) if n >= 0 => Some(n as usize),
            _ => return Err(errors::NOT_POSITIVE),
        },
    };
    let (popped, emptied) =
        write_zset(ctx, key, false, |z, _| pop(z, count.unwrap_or(1), max))?.unwrap_or_default();
    notify_pop(ctx, key, max, !popped.is_empty(), emptied);
    // One change per member popped.
    ctx.changes(popped.len() as u64);
    let mut w = ctx.reply();
    // Without a count the pair is flat in RESP3 too.
    write_popped(&mut w, &popped, count.is_none());
    Ok(())
}

/// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
fn zmpop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (keys, max, count) = zmpop_args(args)?;
    if !zmpop_from_first(ctx, &keys, max, count)? {
        ctx.unchanged();
        ctx.reply().null_array();
    }
    Ok(())
}

/// ZMPOP's (and BZMPOP's) arguments after the command name (and BZMPOP's
/// timeout): the keys, whether MAX, and the count (1 by default).
pub(super) fn zmpop_args<'a>(
    args: &mut Args<'a>,
) -> Result<(Vec<&'a [u8]>, bool, usize), CommandError> {
    let numkeys = match args.next_int() {
        Ok(n) if n > 0 => n as usize,
        _ => return Err(errors::NUMKEYS_NOT_POSITIVE),
    };
    if numkeys > args.remaining().saturating_sub(1) {
        return Err(errors::SYNTAX);
    }
    let keys: Vec<&[u8]> = (0..numkeys).filter_map(|_| args.next()).collect();
    let max = match args.next_token(&["min", "max"]) {
        Some(which) => which == 1,
        None => return Err(errors::SYNTAX),
    };
    let mut count = 1;
    let mut counted = false;
    while let Some(option) = args.next() {
        if counted || token(option, &["count"]).is_none() {
            return Err(errors::SYNTAX);
        }
        let Some(value) = args.next() else {
            return Err(errors::SYNTAX);
        };
        count = match crate::protocol::decode::parse_int(value) {
            Some(n) if n > 0 => n as usize,
            _ => return Err(errors::COUNT_NOT_POSITIVE),
        };
        counted = true;
    }
    Ok((keys, max, count))
}

/// Pops up to `count` members from the first of `keys` holding a sorted
/// set and answers [key, [[member, score]...]] (nested in RESP2 too);
/// false (nothing written) when none holds one.
pub(super) fn zmpop_from_first(
    ctx: &mut Ctx,
    keys: &[&[u8]],
    max: bool,
    count: usize,
) -> Result<bool, CommandError> {
    for &key in keys {
        let popped = write_zset(ctx, key, false, |z, _| pop(z, count, max))?;
        if let Some((popped, emptied)) = popped {
            notify_pop(ctx, key, max, true, emptied);
            ctx.changes(popped.len() as u64);
            // Logged as the plain pop of what it took, as Redis does.
            if ctx.logging() {
                let count = popped.len().to_string();
                ctx.log_as(&[pop_command(max), key, count.as_bytes()]);
            }
            let mut w = ctx.reply();
            w.array(2);
            w.bulk(key);
            w.array(popped.len());
            for (member, score) in &popped {
                w.array(2);
                w.bulk(member);
                w.double(*score);
            }
            return Ok(true);
        }
    }
    Ok(false)
}

/// Pops the lowest (or highest, `max`) member of the sorted set at `key`
/// and answers [key, member, score] (BZPOPMIN/BZPOPMAX); false (nothing
/// written) when the key is missing.
pub(super) fn zpop_one_with_key(
    ctx: &mut Ctx,
    key: &[u8],
    max: bool,
) -> Result<bool, CommandError> {
    let Some((popped, emptied)) = write_zset(ctx, key, false, |z, _| pop(z, 1, max))? else {
        return Ok(false);
    };
    notify_pop(ctx, key, max, true, emptied);
    ctx.log_as(&[pop_command(max), key]);
    let mut w = ctx.reply();
    w.array(3);
    w.bulk(key);
    for (member, score) in &popped {
        w.bulk(member);
        w.double(*score);
    }
    Ok(true)
}

/// The plain pop a blocking or multi-key one is logged as.
fn pop_command(max: bool) -> &'static [u8] {
    if max {
        b"ZPOPMAX"
    } else {
        b"ZPOPMIN"
    }
}

/// ZRANDMEMBER key [count [WITHSCORES]]
fn zrandmember(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let count = match args.next() {
        None => None,
        Some(arg) => Some(super::args::integer(arg)?),
    };
    let withscores = match args.next() {
        None => false,
        Some(arg) if token(arg, &["withscores"]).is_some() && args.is_empty() => true,
        Some(_) => return Err(errors::SYNTAX),
    };
    if let Some(count) = count {
        if count == i64::MIN {
            return Err(errors::RANDMEMBER_RANGE);
        }
        if withscores && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&count) {
            return Err(errors::OUT_OF_RANGE);
        }
    }
    let db = ctx.client.db;
    let Some(z) = read_zset(ctx.store, db, key)? else {
        let mut w = ctx.reply();
        match count {
            None => w.null_bulk(),
            Some(_) => w.array(0),
        }
        return Ok(());
    };
    let len = z.len();
    if let Some(count) = count.filter(|c| *c < 0) {
        // Repetitions allowed, and the client picks the size: drawn while
        // writing, and stopped at the output limit (the engine then closes
        // the client), never collected first.
        let mut draws = Draws::new(ctx.store);
        let budget = super::draws::output_budget(ctx);
        let Some(z) = peek_zset(ctx.store, db, key) else {
            return Ok(());
        };
        let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
        let wanted = count.unsigned_abs() as usize;
        let nested = w.protocol() == Protocol::Resp3;
        w.array(if withscores && !nested {
            wanted * 2
        } else {
            wanted
        });
        for _ in 0..wanted {
            if let Some((member, score)) = z.at_position(draws.below(len)) {
                if withscores && nested {
                    w.array(2);
                }
                w.bulk(member);
                if withscores {
                    w.double(score);
                }
            }
            if w.len() >= budget {
                break;
            }
        }
        return Ok(());
    }
    // Draws first (they need the store's generator), then the reply.
    let positions: Vec<usize> = match count {
        None => vec![(ctx.store.random() % len as u64) as usize],
        // The whole set, highest first (the order Redis gives for a listpack).
        Some(count) if count as u64 >= len as u64 => (0..len).rev().collect(),
        Some(count) => distinct_sample(ctx.store, len, count as usize),
    };
    let Some(z) = peek_zset(ctx.store, db, key) else {
        return Ok(());
    };
    let items: Vec<(&[u8], f64)> = positions
        .iter()
        .filter_map(|&p| {
            if count.is_some_and(|c| c as u64 >= len as u64) {
                z.get(p)
            } else {
                z.at_position(p)
            }
        })
        .collect();
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    match count {
        None => w.bulk(items[0].0),
        Some(_) => write_elements(&mut w, &items, withscores),
    }
    Ok(())
}

/// `count` distinct positions out of `len` (count < len), in random order.
fn distinct_sample(store: &mut Store, len: usize, count: usize) -> Vec<usize> {
    if count * 3 > len {
        // Most of the set: shuffle the positions and keep a prefix.
        let mut all: Vec<usize> = (0..len).collect();
        for i in 0..count {
            let j = i + (store.random() % (len - i) as u64) as usize;
            all.swap(i, j);
        }
        all.truncate(count);
        all
    } else {
        let mut seen = std::collections::HashSet::with_capacity(count);
        let mut out = Vec::with_capacity(count);
        while out.len() < count {
            let p = (store.random() % len as u64) as usize;
            if seen.insert(p) {
                out.push(p);
            }
        }
        out
    }
}

/// ZSCAN key cursor [MATCH pattern] [COUNT count]
fn zscan(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let cursor = super::args::scan_cursor(args.next_arg()?)?;
    let z = read_zset(ctx.store, ctx.client.db, key)?;
    // Options are read once the key is known to be a sorted set or
    // missing (Redis's scanGenericCommand): a missing key answers an
    // empty scan whatever they say.
    let (pattern, count) = match z {
        None => (None, 10),
        Some(_) => super::args::scan_options(args)?,
    };
    let (positions, next) = match z {
        None => (0..0, 0),
        // The small form answers whole, as Redis does for a listpack.
        Some(z) if z.is_compact() => (0..z.len(), 0),
        Some(z) => crate::types::scan::scan_window(z.len(), cursor, count),
    };
    let items: Vec<(&[u8], f64)> = positions
        .filter_map(|p| z.and_then(|z| z.at_position(p)))
        .filter(|(m, _)| pattern.is_none_or(|p| glob_match(p, m, false)))
        .collect();
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    w.array(2);
    w.bulk(next.to_string().as_bytes());
    w.array(items.len() * 2);
    for (member, score) in items {
        w.bulk(member);
        w.bulk(crate::protocol::encode::format_double(score).as_bytes());
    }
    Ok(())
}
