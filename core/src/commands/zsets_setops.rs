//! Sorted-set commands, part three: the set operations ZUNION, ZINTER,
//! ZDIFF, their STORE forms, and ZINTERCARD.
//!
//! Inputs are sorted sets or plain sets (whose members count with score
//! 1, as in Redis); a missing key is an empty one, any other type is
//! WRONGTYPE.

use std::borrow::Cow;
use std::collections::HashMap;

use super::args::{token, Args};
use super::errors;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::zsets_shared::{parse_score, store_result, write_elements};
use super::Ctx;
use crate::protocol::ReplyWriter;
use crate::types::{order, Set, Value, ZSet};

pub(super) static COMMANDS: &[Command] = &[
    Command::new("zdiff", -3, READONLY | MOVABLEKEYS, zdiff)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::with_keynum(&["RO", "access"], 1, (0, 1, 1))])
        .doc("Subtract multiple sorted sets", "6.2.0", "sorted-set", "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
        .args(&[
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("withscores", "pure-token").token("WITHSCORES").optional(),
        ]),
    Command::new("zdiffstore", -4, WRITE | DENYOOM | MOVABLEKEYS, zdiffstore)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0)), KeySpec::with_keynum(&["RO", "access"], 2, (0, 1, 1))])
        .doc("Subtract multiple sorted sets and store the resulting sorted set in a new key", "6.2.0", "sorted-set", "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
        .args(&[
            arg("destination", "key").key_spec(0),
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(1).multiple(),
        ]),
    Command::new("zinter", -3, READONLY | MOVABLEKEYS, zinter)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::with_keynum(&["RO", "access"], 1, (0, 1, 1))])
        .doc("Intersect multiple sorted sets", "6.2.0", "sorted-set", "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
        .args(&[
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("weight", "integer").token("WEIGHTS").optional().multiple(),
            arg("aggregate", "oneof").token("AGGREGATE").optional().args(&[
                    arg("sum", "pure-token").token("SUM"),
                    arg("min", "pure-token").token("MIN"),
                    arg("max", "pure-token").token("MAX"),
                ]),
            arg("withscores", "pure-token").token("WITHSCORES").optional(),
        ]),
    Command::new("zintercard", -3, READONLY | MOVABLEKEYS, zintercard)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::with_keynum(&["RO", "access"], 1, (0, 1, 1))])
        .doc("Intersect multiple sorted sets and return the cardinality of the result", "7.0.0", "sorted-set", "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.")
        .args(&[
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("limit", "integer").token("LIMIT").optional(),
        ]),
    Command::new("zinterstore", -4, WRITE | DENYOOM | MOVABLEKEYS, zinterstore)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0)), KeySpec::with_keynum(&["RO", "access"], 2, (0, 1, 1))])
        .doc("Intersect multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", "sorted-set", "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
        .args(&[
            arg("destination", "key").key_spec(0),
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(1).multiple(),
            arg("weight", "integer").token("WEIGHTS").optional().multiple(),
            arg("aggregate", "oneof").token("AGGREGATE").optional().args(&[
                    arg("sum", "pure-token").token("SUM"),
                    arg("min", "pure-token").token("MIN"),
                    arg("max", "pure-token").token("MAX"),
                ]),
        ]),
    Command::new("zunion", -3, READONLY | MOVABLEKEYS, zunion)
        .acl(&["@read", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::with_keynum(&["RO", "access"], 1, (0, 1, 1))])
        .doc("Add multiple sorted sets", "6.2.0", "sorted-set", "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
        .args(&[
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("weight", "integer").token("WEIGHTS").optional().multiple(),
            arg("aggregate", "oneof").token("AGGREGATE").optional().args(&[
                    arg("sum", "pure-token").token("SUM"),
                    arg("min", "pure-token").token("MIN"),
                    arg("max", "pure-token").token("MAX"),
                ]),
            arg("withscores", "pure-token").token("WITHSCORES").optional(),
        ]),
    Command::new("zunionstore", -4, WRITE | DENYOOM | MOVABLEKEYS, zunionstore)
        .keys(1, 1, 1)
        .acl(&["@write", "@sortedset", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0)), KeySpec::with_keynum(&["RO", "access"], 2, (0, 1, 1))])
        .doc("Add multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", "sorted-set", "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
        .args(&[
            arg("destination", "key").key_spec(0),
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(1).multiple(),
            arg("weight", "integer").token("WEIGHTS").optional().multiple(),
            arg("aggregate", "oneof").token("AGGREGATE").optional().args(&[
                    arg("sum", "pure-token").token("SUM"),
                    arg("min", "pure-token").token("MIN"),
                    arg("max", "pure-token").token("MAX"),
                ]),
        ]),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Union,
    Inter,
    Diff,
}

#[derive(Clone, Copy)]
enum Aggregate {
    Sum,
    Min,
    Max,
}

impl Aggregate {
    fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            Aggregate::Sum => {
                let sum = a + b;
                // inf + -inf: Redis keeps 0.
                if sum.is_nan() {
                    0.0
                } else {
                    sum
                }
            }
            Aggregate::Min => a.min(b),
            Aggregate::Max => a.max(b),
        }
    }
}

/// A weighted score; inf * 0 is 0, as in Redis.
fn weighted(weight: f64, score: f64) -> f64 {
    let value = weight * score;
    if value.is_nan() {
        0.0
    } else {
        value
    }
}

/// What the command does with the result.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output<'a> {
    Reply,
    Store(&'a [u8]),
    Cardinality,
}

/// The shared body: `numkeys key [key ...]` then the options the command
/// allows, in Redis's order of checks (keys and their types first).
fn setop(ctx: &mut Ctx, args: &mut Args, op: Op, output: Output, name: &str) -> Reply {
    let numkeys = args.next_int()?;
    if numkeys < 1 {
        return Err(errors::at_least_one_key(name));
    }
    if numkeys as u64 > args.remaining() as u64 {
        return Err(errors::SYNTAX);
    }
    let keys: Vec<&[u8]> = (0..numkeys).filter_map(|_| args.next()).collect();
    let now = ctx.now();
    // Every source is a read lookup, the STORE forms' too, as in Redis
    // (hits, misses and keymiss up to a key of another type).
    for key in &keys {
        let hit = match ctx.db().lookup(key, now).map(|e| &e.value) {
            None => false,
            Some(Value::ZSet(_) | Value::Set(_)) => true,
            Some(_) => {
                ctx.store.count_lookup(true);
                return Err(errors::WRONGTYPE);
            }
        };
        ctx.count_read(key, hit);
    }
    let mut weights = vec![1.0; keys.len()];
    let mut aggregate = Aggregate::Sum;
    let mut withscores = false;
    let mut limit = 0usize;
    while let Some(option) = args.next() {
        let remaining = args.remaining() + 1;
        let word = token(option, &["weights", "aggregate", "withscores", "limit"]);
        match word {
            Some(0)
                if op != Op::Diff && output != Output::Cardinality && remaining > keys.len() =>
            {
                for weight in weights.iter_mut() {
                    *weight =
                        parse_score(args.next_arg()?).map_err(|_| errors::WEIGHT_NOT_FLOAT)?;
                }
            }
            Some(1) if op != Op::Diff && output != Output::Cardinality && remaining >= 2 => {
                aggregate = match token(args.next_arg()?, &["sum", "min", "max"]) {
                    Some(0) => Aggregate::Sum,
                    Some(1) => Aggregate::Min,
                    Some(2) => Aggregate::Max,
                    _ => return Err(errors::SYNTAX),
                };
            }
            Some(2) if output == Output::Reply => withscores = true,
            Some(3) if output == Output::Cardinality && remaining >= 2 => {
                limit = match super::args::integer(args.next_arg()?) {
                    Ok(n) if n >= 0 => n as usize,
                    _ => return Err(errors::LIMIT_NEGATIVE),
                };
            }
            _ => return Err(errors::SYNTAX),
        }
    }
    let db = &ctx.store.dbs[ctx.client.db];
    let sets: Vec<Option<Input>> = keys
        .iter()
        .map(|key| match db.peek_value(key) {
            Some(Value::ZSet(z)) => Some(Input::Sorted(z)),
            Some(Value::Set(s)) => Some(Input::Plain(s)),
            _ => None,
        })
        .collect();
    let len = |i: usize| sets[i].as_ref().map_or(0, Input::len);
    let mut result: Vec<(Cow<[u8]>, f64)> = Vec::new();
    match op {
        Op::Union => {
            let mut by_size: Vec<usize> = (0..sets.len()).collect();
            by_size.sort_by_key(|&i| len(i));
            let mut acc: HashMap<Cow<[u8]>, f64> = HashMap::new();
            for i in by_size {
                let Some(z) = &sets[i] else { continue };
                for (member, score) in z.members() {
                    let value = weighted(weights[i], score);
                    acc.entry(member)
                        .and_modify(|a| *a = aggregate.apply(*a, value))
                        .or_insert(value);
                }
            }
            result.extend(acc);
        }
        Op::Inter => {
            let mut by_size: Vec<usize> = (0..sets.len()).collect();
            by_size.sort_by_key(|&i| len(i));
            if by_size.iter().all(|&i| sets[i].is_some()) {
                let first = by_size[0];
                let members = sets[first].as_ref().map(Input::members).unwrap_or_default();
                'members: for (member, score) in members {
                    let mut value = weighted(weights[first], score);
                    for &j in &by_size[1..] {
                        let Some(other) = sets[j].as_ref().and_then(|z| z.score(&member)) else {
                            continue 'members;
                        };
                        value = aggregate.apply(value, weighted(weights[j], other));
                    }
                    result.push((member, value));
                    if output == Output::Cardinality && limit > 0 && result.len() >= limit {
                        break;
                    }
                }
            }
        }
        Op::Diff => {
            if let Some(first) = &sets[0] {
                result.extend(first.members().into_iter().filter(|(m, _)| {
                    sets[1..]
                        .iter()
                        .all(|z| z.as_ref().is_none_or(|z| z.score(m).is_none()))
                }));
            }
        }
    }
    if output == Output::Cardinality {
        let count = result.len();
        ctx.reply().integer(count as i64);
        return Ok(());
    }
    result.sort_by(|a, b| order(a.1, &a.0, b.1, &b.0));
    match output {
        Output::Store(dst) => {
            let owned: Vec<(Vec<u8>, f64)> = result.iter().map(|(m, s)| (m.to_vec(), *s)).collect();
            let event = match op {
                Op::Union => "zunionstore",
                Op::Inter => "zinterstore",
                Op::Diff => "zdiffstore",
            };
            store_result(ctx, dst, &owned, event);
            ctx.reply().integer(owned.len() as i64);
        }
        _ => {
            let items: Vec<(&[u8], f64)> = result.iter().map(|(m, s)| (&**m, *s)).collect();
            let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
            write_elements(&mut w, &items, withscores);
        }
    }
    Ok(())
}

/// One input of a set operation.
enum Input<'a> {
    Sorted(&'a ZSet),
    /// A plain set: every member with score 1.
    Plain(&'a Set),
}

impl<'a> Input<'a> {
    fn len(&self) -> usize {
        match self {
            Input::Sorted(z) => z.len(),
            Input::Plain(s) => s.len(),
        }
    }

    /// Every member with its score (a plain set's integers are spelled
    /// out, hence owned bytes for them).
    fn members(&self) -> Vec<(Cow<'a, [u8]>, f64)> {
        match self {
            Input::Sorted(z) => z.iter().map(|(m, s)| (Cow::Borrowed(m), s)).collect(),
            Input::Plain(s) => s
                .iter()
                .map(|m| (Cow::Owned(m.bytes().to_vec()), 1.0))
                .collect(),
        }
    }

    fn score(&self, member: &[u8]) -> Option<f64> {
        match self {
            Input::Sorted(z) => z.score(member),
            Input::Plain(s) => s.contains(member).then_some(1.0),
        }
    }
}

/// ZUNION numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
fn zunion(ctx: &mut Ctx, args: &mut Args) -> Reply {
    setop(ctx, args, Op::Union, Output::Reply, "zunion")
}

/// ZINTER numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
fn zinter(ctx: &mut Ctx, args: &mut Args) -> Reply {
    setop(ctx, args, Op::Inter, Output::Reply, "zinter")
}

/// ZDIFF numkeys key [key ...] [WITHSCORES]
fn zdiff(ctx: &mut Ctx, args: &mut Args) -> Reply {
    setop(ctx, args, Op::Diff, Output::Reply, "zdiff")
}

/// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]
fn zunionstore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let dst = args.next_key()?;
    setop(ctx, args, Op::Union, Output::Store(dst), "zunionstore")
}

/// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS ...] [AGGREGATE ...]
fn zinterstore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let dst = args.next_key()?;
    setop(ctx, args, Op::Inter, Output::Store(dst), "zinterstore")
}

/// ZDIFFSTORE destination numkeys key [key ...]
fn zdiffstore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let dst = args.next_key()?;
    setop(ctx, args, Op::Diff, Output::Store(dst), "zdiffstore")
}

/// ZINTERCARD numkeys key [key ...] [LIMIT limit]
fn zintercard(ctx: &mut Ctx, args: &mut Args) -> Reply {
    setop(ctx, args, Op::Inter, Output::Cardinality, "zintercard")
}
