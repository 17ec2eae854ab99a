//! Helpers the sorted-set command files share: score and range parsing,
//! the reply shapes of (member, score) lists, and read and write access to
//! a sorted set in the keyspace.

use super::errors::{self, CommandError};
use super::Ctx;
use crate::config::Config;
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::{notify, Store};
use crate::types::{Value, ZSet, ZSetLimits};

/// The conversion limits in force.
pub(super) fn limits(config: &Config) -> ZSetLimits {
    ZSetLimits {
        max_entries: usize::try_from(config.zset_max_listpack_entries).unwrap_or(usize::MAX),
        max_value: usize::try_from(config.zset_max_listpack_value).unwrap_or(usize::MAX),
    }
}

/// A score or increment, as Redis's `getDoubleFromObject` reads it: the
/// whole argument a float, no leading blank, no NaN, and neither an
/// overflow nor an underflow to zero.
pub(super) fn parse_score(arg: &[u8]) -> Result<f64, CommandError> {
    let value = super::args::parse_float(arg).ok_or(errors::NOT_FLOAT)?;
    if value == 0.0 && underflows(arg) {
        return Err(errors::NOT_FLOAT);
    }
    Ok(value)
}

/// Whether a decimal text that parsed as 0 has a non-zero digit in its
/// mantissa (it was too small for a double).
fn underflows(arg: &[u8]) -> bool {
    if arg.len() > 1 && arg[1].eq_ignore_ascii_case(&b'x')
        || arg.len() > 2 && arg[2].eq_ignore_ascii_case(&b'x')
    {
        return false;
    }
    arg.iter()
        .take_while(|b| !b.eq_ignore_ascii_case(&b'e'))
        .any(|b| (b'1'..=b'9').contains(b))
}

/// A range end as `strtod` reads it in Redis's range parsing: leading
/// blanks allowed, an empty text is 0, overflow is an infinity, NaN
/// refused, nothing may follow the number.
fn parse_range_float(arg: &[u8]) -> Option<f64> {
    if arg.is_empty() {
        return Some(0.0);
    }
    let start = arg
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))?;
    let text = &arg[start..];
    if let Some(value) = super::args::parse_float(text) {
        return Some(value);
    }
    // Too large for a double: strtod answers an infinity.
    let digits = text
        .strip_prefix(b"-")
        .or(text.strip_prefix(b"+"))
        .unwrap_or(text);
    if digits
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        let value: f64 = std::str::from_utf8(text).ok()?.parse().ok()?;
        return value.is_infinite().then_some(value);
    }
    None
}

/// A score range: `(` makes an end exclusive.
#[derive(Clone, Copy, Debug)]
pub(super) struct ScoreRange {
    min: f64,
    min_exclusive: bool,
    max: f64,
    max_exclusive: bool,
}

impl ScoreRange {
    pub fn parse(min: &[u8], max: &[u8]) -> Result<ScoreRange, CommandError> {
        let end = |arg: &[u8]| match arg.strip_prefix(b"(") {
            Some(rest) => parse_range_float(rest).map(|v| (v, true)),
            None => parse_range_float(arg).map(|v| (v, false)),
        };
        match (end(min), end(max)) {
            (Some((min, min_exclusive)), Some((max, max_exclusive))) => Ok(ScoreRange {
                min,
                min_exclusive,
                max,
                max_exclusive,
            }),
            _ => Err(errors::MIN_MAX_NOT_FLOAT),
        }
    }

    /// The ascending ranks `start..end` of the elements in range.
    pub fn ranks(&self, z: &ZSet) -> (usize, usize) {
        let start = z.count_while(|_, s| {
            if self.min_exclusive {
                s <= self.min
            } else {
                s < self.min
            }
        });
        let end = z.count_while(|_, s| {
            if self.max_exclusive {
                s < self.max
            } else {
                s <= self.max
            }
        });
        (start, end.max(start))
    }
}

/// One end of a lex range.
#[derive(Clone, Copy, Debug)]
enum LexBound<'a> {
    Min,
    Max,
    Inclusive(&'a [u8]),
    Exclusive(&'a [u8]),
}

/// A lex range: `[` inclusive, `(` exclusive, `-` and `+` the ends.
#[derive(Clone, Copy, Debug)]
pub(super) struct LexRange<'a> {
    min: LexBound<'a>,
    max: LexBound<'a>,
}

impl<'a> LexRange<'a> {
    pub fn parse(min: &'a [u8], max: &'a [u8]) -> Result<LexRange<'a>, CommandError> {
        let bound = |arg: &'a [u8]| match arg {
            b"-" => Some(LexBound::Min),
            b"+" => Some(LexBound::Max),
            [b'[', rest @ ..] => Some(LexBound::Inclusive(rest)),
            [b'(', rest @ ..] => Some(LexBound::Exclusive(rest)),
            _ => None,
        };
        match (bound(min), bound(max)) {
            (Some(min), Some(max)) => Ok(LexRange { min, max }),
            _ => Err(errors::LEX_RANGE),
        }
    }

    /// The ascending ranks `start..end` of the elements in range (members
    /// compared as bytes; meaningful when all scores are equal, as Redis
    /// documents).
    pub fn ranks(&self, z: &ZSet) -> (usize, usize) {
        let start = z.count_while(|m, _| match self.min {
            LexBound::Min => false,
            LexBound::Max => true,
            LexBound::Inclusive(x) => m < x,
            LexBound::Exclusive(x) => m <= x,
        });
        let end = z.count_while(|m, _| match self.max {
            LexBound::Min => false,
            LexBound::Max => true,
            LexBound::Inclusive(x) => m <= x,
            LexBound::Exclusive(x) => m < x,
        });
        (start, end.max(start))
    }
}

/// Writes (member, score) pairs: members only, or with their scores (a
/// flat array in RESP2, an array of pairs in RESP3).
pub(super) fn write_elements(w: &mut ReplyWriter, items: &[(&[u8], f64)], withscores: bool) {
    if !withscores {
        w.array(items.len());
        for (member, _) in items {
            w.bulk(member);
        }
        return;
    }
    let nested = w.protocol() == Protocol::Resp3;
    w.array(if nested { items.len() } else { items.len() * 2 });
    for (member, score) in items {
        if nested {
            w.array(2);
        }
        w.bulk(member);
        w.double(*score);
    }
}

/// The sorted set at `key`, for a read: `None` when missing, WRONGTYPE
/// for another type. Counts a keyspace hit or miss.
pub(super) fn read_zset<'s>(
    store: &'s mut Store,
    db: usize,
    key: &[u8],
) -> Result<Option<&'s ZSet>, CommandError> {
    let now = store.now;
    let hit = store.dbs[db].contains(key, now);
    store.count_read(db, key, hit);
    match store.dbs[db].lookup(key, now).map(|e| &e.value) {
        None => Ok(None),
        Some(Value::ZSet(z)) => Ok(Some(z)),
        Some(_) => Err(errors::WRONGTYPE),
    }
}

/// Runs `f` on the sorted set at `key`, created empty first when missing
/// and `create`; a set left empty is deleted (and a new one never stored).
/// `Ok(None)` when the key is missing and not created; else the result
/// and whether an existing set was emptied and deleted (the caller
/// notifies `del` after its own event).
pub(super) fn write_zset<R>(
    ctx: &mut Ctx,
    key: &[u8],
    create: bool,
    f: impl FnOnce(&mut ZSet, ZSetLimits) -> R,
) -> Result<Option<(R, bool)>, CommandError> {
    let limits = limits(&ctx.store.config);
    let now = ctx.now();
    let db = ctx.db();
    if db.contains(key, now) {
        // The guard re-accounts the memory when the closure ends, before
        // an emptied set goes.
        let outcome = db
            .lookup_mut(key, now)
            .map(|entry| match &mut entry.entry.value {
                Value::ZSet(z) => {
                    let result = f(z, limits);
                    Ok((result, z.is_empty()))
                }
                _ => Err(errors::WRONGTYPE),
            });
        return match outcome {
            Some(Ok((result, empty))) => {
                if empty {
                    db.remove(key);
                }
                Ok(Some((result, empty)))
            }
            Some(Err(error)) => Err(error),
            None => Ok(None),
        };
    }
    if !create {
        return Ok(None);
    }
    let mut z = Box::new(ZSet::new());
    let result = f(&mut z, limits);
    if !z.is_empty() {
        db.insert(key, Value::ZSet(z), None, now);
    }
    Ok(Some((result, false)))
}

/// Stores `items` at `dst` as a new sorted set, replacing whatever was
/// there (its type and deadline too), and notifies `event`; an empty
/// result deletes `dst` (notifying `del` if there was one).
pub(super) fn store_result(ctx: &mut Ctx, dst: &[u8], items: &[(Vec<u8>, f64)], event: &str) {
    let limits = limits(&ctx.store.config);
    let now = ctx.now();
    let db = ctx.db();
    if items.is_empty() {
        if db.remove(dst).is_some() {
            ctx.notify(notify::GENERIC, "del", dst);
        } else {
            // Nothing stored, nothing deleted: no change (Redis logs none).
            ctx.unchanged();
        }
        return;
    }
    let mut z = Box::new(ZSet::new());
    for (member, score) in items {
        z.insert(member, *score, limits);
    }
    db.insert(dst, Value::ZSet(z), None, now);
    ctx.notify(notify::ZSET, event, dst);
}

/// The sorted set at `key` without counting a keyspace lookup (a second
/// look within one command); `None` when missing or of another type.
pub(super) fn peek_zset<'s>(store: &'s mut Store, db: usize, key: &[u8]) -> Option<&'s ZSet> {
    let now = store.now;
    match store.dbs[db].lookup(key, now).map(|e| &e.value) {
        Some(Value::ZSet(z)) => Some(z),
        _ => None,
    }
}
