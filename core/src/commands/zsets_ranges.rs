//! Sorted-set commands, part two: ranges. ZRANGE (by rank, score or lex,
//! forward or reversed, with LIMIT and WITHSCORES) and its older forms,
//! ZRANGESTORE, and the ZREMRANGEBY* family.

use super::args::{integer, token, Args};
use super::errors;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::zsets_shared::{
    read_zset, store_result, write_elements, write_zset, LexRange, ScoreRange,
};
use super::Ctx;
use crate::protocol::ReplyWriter;
use crate::store::notify;
use crate::types::ZSet;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("zrange", -4, READONLY, zrange)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a range of members in a sorted set", "1.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")
        .history(&[("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("start", "string"),
            arg("stop", "string"),
            arg("sortby", "oneof").since("6.2.0").optional().args(&[
                    arg("byscore", "pure-token").token("BYSCORE"),
                    arg("bylex", "pure-token").token("BYLEX"),
                ]),
            arg("rev", "pure-token").token("REV").since("6.2.0").optional(),
            arg("offset_count", "block").token("LIMIT").since("6.2.0").optional().args(&[
                    arg("offset", "integer"),
                    arg("count", "integer"),
                ]),
            arg("withscores", "pure-token").token("WITHSCORES").optional(),
        ]),
    Command::new("zrangebylex", -4, READONLY, zrangebylex)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a range of members in a sorted set, by lexicographical range", "2.8.9", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`ZRANGE` with the `BYLEX` argument")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("min", "string"),
            arg("max", "string"),
            arg("offset_count", "block").token("LIMIT").optional().args(&[
                    arg("offset", "integer"),
                    arg("count", "integer"),
                ]),
        ]),
    Command::new("zrangebyscore", -4, READONLY, zrangebyscore)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a range of members in a sorted set, by score", "1.0.5", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`ZRANGE` with the `BYSCORE` argument")
        .history(&[("2.0.0", "Added the `WITHSCORES` modifier.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("min", "double"),
            arg("max", "double"),
            arg("withscores", "pure-token").token("WITHSCORES").since("2.0.0").optional(),
            arg("offset_count", "block").token("LIMIT").optional().args(&[
                    arg("offset", "integer"),
                    arg("count", "integer"),
                ]),
        ]),
    Command::new("zrangestore", -5, WRITE | DENYOOM, zrangestore)
        .keys(1, 2, 1)
        .acl(&["@write", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0)), KeySpec::new(&["RO", "access"], 2, (0, 1, 0))])
        .doc("Store a range of members from sorted set into another key", "6.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.")
        .args(&[
            arg("dst", "key").key_spec(0),
            arg("src", "key").key_spec(1),
            arg("min", "string"),
            arg("max", "string"),
            arg("sortby", "oneof").optional().args(&[
                    arg("byscore", "pure-token").token("BYSCORE"),
                    arg("bylex", "pure-token").token("BYLEX"),
                ]),
            arg("rev", "pure-token").token("REV").optional(),
            arg("offset_count", "block").token("LIMIT").optional().args(&[
                    arg("offset", "integer"),
                    arg("count", "integer"),
                ]),
        ]),
    Command::new("zrevrange", -4, READONLY, zrevrange)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a range of members in a sorted set, by index, with scores ordered from high to low", "1.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`ZRANGE` with the `REV` argument")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("start", "integer"),
            arg("stop", "integer"),
            arg("withscores", "pure-token").token("WITHSCORES").optional(),
        ]),
    Command::new("zrevrangebylex", -4, READONLY, zrevrangebylex)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", "2.8.9", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`ZRANGE` with the `REV` and `BYLEX` arguments")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("max", "string"),
            arg("min", "string"),
            arg("offset_count", "block").token("LIMIT").optional().args(&[
                    arg("offset", "integer"),
                    arg("count", "integer"),
                ]),
        ]),
    Command::new("zrevrangebyscore", -4, READONLY, zrevrangebyscore)
        .keys(1, 1, 1)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a range of members in a sorted set, by score, with scores ordered from high to low", "2.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`ZRANGE` with the `REV` and `BYSCORE` arguments")
        .history(&[("2.1.6", "`min` and `max` can be exclusive.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("max", "double"),
            arg("min", "double"),
            arg("withscores", "pure-token").token("WITHSCORES").optional(),
            arg("offset_count", "block").token("LIMIT").optional().args(&[
                    arg("offset", "integer"),
                    arg("count", "integer"),
                ]),
        ]),
    Command::new("zremrangebylex", 4, WRITE, zremrangebylex)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Remove all members in a sorted set between the given lexicographical range", "2.8.9", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("min", "string"),
            arg("max", "string"),
        ]),
    Command::new("zremrangebyrank", 4, WRITE, zremrangebyrank)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Remove all members in a sorted set within the given indexes", "2.0.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("start", "integer"),
            arg("stop", "integer"),
        ]),
    Command::new("zremrangebyscore", 4, WRITE, zremrangebyscore)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Remove all members in a sorted set within the given scores", "1.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("min", "double"),
            arg("max", "double"),
        ]),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum By {
    Rank,
    Score,
    Lex,
}

/// A parsed range of any kind.
enum Range<'a> {
    Rank(i64, i64),
    Score(ScoreRange),
    Lex(LexRange<'a>),
}

/// The ascending ranks `start..end` a rank range selects, Redis's way:
/// negative indexes count from the end, ends are clamped.
pub(super) fn rank_window(len: usize, start: i64, end: i64) -> (usize, usize) {
    let len = len as i64;
    let mut start = if start < 0 { len + start } else { start };
    let mut end = if end < 0 { len + end } else { end };
    if start < 0 {
        start = 0;
    }
    if start > end || start >= len {
        return (0, 0);
    }
    if end >= len {
        end = len - 1;
    }
    start = start.max(0);
    end = end.max(0);
    (start as usize, end as usize + 1)
}

/// The elements a range selects, in reply order.
fn select<'z>(
    z: &'z ZSet,
    range: &Range,
    rev: bool,
    offset: i64,
    limit: i64,
) -> Vec<(&'z [u8], f64)> {
    let len = z.len();
    let (lo, hi) = match range {
        Range::Rank(start, end) => {
            let (s, e) = rank_window(len, *start, *end);
            if rev {
                (len - e, len - s)
            } else {
                (s, e)
            }
        }
        Range::Score(_) | Range::Lex(_) => {
            let (start, end) = match range {
                Range::Score(r) => r.ranks(z),
                Range::Lex(r) => r.ranks(z),
                Range::Rank(..) => unreachable!(),
            };
            if offset < 0 {
                return Vec::new();
            }
            let offset = usize::try_from(offset).unwrap_or(usize::MAX);
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            if rev {
                let hi = end.saturating_sub(offset).max(start);
                (hi.saturating_sub(limit).max(start), hi)
            } else {
                let lo = start.saturating_add(offset).min(end);
                (lo, lo.saturating_add(limit).min(end))
            }
        }
    };
    let mut items = z.range(lo, hi);
    if rev {
        items.reverse();
    }
    items
}

/// ZRANGE and its older forms; `by` and `rev` are fixed by the older
/// forms, `store` is ZRANGESTORE's destination.
fn zrange_generic(
    ctx: &mut Ctx,
    args: &mut Args,
    store: Option<&[u8]>,
    fixed: Option<(By, bool)>,
) -> Reply {
    let key = args.next_key()?;
    let mut first = args.next_arg()?;
    let mut second = args.next_arg()?;
    let (mut by, mut rev) = (fixed.map(|f| f.0), fixed.map(|f| f.1));
    let mut withscores = false;
    let (mut offset, mut limit) = (0i64, -1i64);
    while let Some(option) = args.next() {
        let word = token(option, &["withscores", "limit", "rev", "bylex", "byscore"]);
        match word {
            Some(0) if store.is_none() => withscores = true,
            Some(1) if args.remaining() >= 2 => {
                offset = integer(args.next_arg()?)?;
                limit = integer(args.next_arg()?)?;
            }
            Some(2) if rev.is_none() => rev = Some(true),
            Some(3) if by.is_none() => by = Some(By::Lex),
            Some(4) if by.is_none() => by = Some(By::Score),
            _ => return Err(errors::SYNTAX),
        }
    }
    let by = by.unwrap_or(By::Rank);
    let rev = rev.unwrap_or(false);
    if limit != -1 && by == By::Rank {
        return Err(errors::LIMIT_NEEDS_BYSCORE_BYLEX);
    }
    if withscores && by == By::Lex {
        return Err(errors::WITHSCORES_BYLEX);
    }
    if rev && by != By::Rank {
        // Given as max, min.
        std::mem::swap(&mut first, &mut second);
    }
    let range = match by {
        By::Rank => Range::Rank(integer(first)?, integer(second)?),
        By::Score => Range::Score(ScoreRange::parse(first, second)?),
        By::Lex => Range::Lex(LexRange::parse(first, second)?),
    };
    let z = read_zset(ctx.store, ctx.client.db, key)?;
    let items = z
        .map(|z| select(z, &range, rev, offset, limit))
        .unwrap_or_default();
    match store {
        None => {
            let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
            write_elements(&mut w, &items, withscores);
        }
        Some(dst) => {
            let owned: Vec<(Vec<u8>, f64)> = items.iter().map(|(m, s)| (m.to_vec(), *s)).collect();
            store_result(ctx, dst, &owned, "zrangestore");
            ctx.reply().integer(owned.len() as i64);
        }
    }
    Ok(())
}

/// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
fn zrange(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zrange_generic(ctx, args, None, None)
}

/// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]
fn zrangestore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let dst = args.next_key()?;
    zrange_generic(ctx, args, Some(dst), None)
}

/// ZREVRANGE key start stop [WITHSCORES]
fn zrevrange(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zrange_generic(ctx, args, None, Some((By::Rank, true)))
}

/// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
fn zrangebyscore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zrange_generic(ctx, args, None, Some((By::Score, false)))
}

/// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
fn zrevrangebyscore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zrange_generic(ctx, args, None, Some((By::Score, true)))
}

/// ZRANGEBYLEX key min max [LIMIT offset count]
fn zrangebylex(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zrange_generic(ctx, args, None, Some((By::Lex, false)))
}

/// ZREVRANGEBYLEX key max min [LIMIT offset count]
fn zrevrangebylex(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zrange_generic(ctx, args, None, Some((By::Lex, true)))
}

/// ZREMRANGEBYRANK / BYSCORE / BYLEX key min max: the range is parsed
/// before the key is looked at.
fn zremrange(ctx: &mut Ctx, args: &mut Args, by: By) -> Reply {
    let key = args.next_key()?;
    let (first, second) = (args.next_arg()?, args.next_arg()?);
    let range = match by {
        By::Rank => Range::Rank(integer(first)?, integer(second)?),
        By::Score => Range::Score(ScoreRange::parse(first, second)?),
        By::Lex => Range::Lex(LexRange::parse(first, second)?),
    };
    let removed = write_zset(ctx, key, false, |z, _| {
        let (start, end) = match &range {
            Range::Rank(s, e) => rank_window(z.len(), *s, *e),
            Range::Score(r) => r.ranks(z),
            Range::Lex(r) => r.ranks(z),
        };
        z.remove_range(start, end).len()
    })?;
    let (removed, emptied) = removed.unwrap_or((0, false));
    // One change per member removed.
    ctx.changes(removed as u64);
    if removed > 0 {
        let event = match by {
            By::Rank => "zremrangebyrank",
            By::Score => "zremrangebyscore",
            By::Lex => "zremrangebylex",
        };
        ctx.notify(notify::ZSET, event, key);
        if emptied {
            ctx.notify(notify::GENERIC, "del", key);
        }
    }
    ctx.reply().integer(removed as i64);
    Ok(())
}

/// ZREMRANGEBYRANK key start stop
fn zremrangebyrank(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zremrange(ctx, args, By::Rank)
}

/// ZREMRANGEBYSCORE key min max
fn zremrangebyscore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zremrange(ctx, args, By::Score)
}

/// ZREMRANGEBYLEX key min max
fn zremrangebylex(ctx: &mut Ctx, args: &mut Args) -> Reply {
    zremrange(ctx, args, By::Lex)
}
