//! The sorted-set part of the model: a plain map of member → score, sorted
//! on demand, and the reply bytes redis-server 7.0.15 gives for the
//! sorted-set commands the workload sends. Random replies (ZRANDMEMBER)
//! and ZSCAN are checked for shape and membership ([`Sample`]).

use super::model::{eq, null_bulk};
use std::collections::BTreeMap;

use super::model::{
    bulk, error, int, parse_int, ClientModel, Entry, Executed, Expected, Model, Value,
};

pub type ZSet = BTreeMap<Vec<u8>, f64>;

const WRONGTYPE: &[u8] = b"WRONGTYPE Operation against a key holding the wrong kind of value";
const SYNTAX: &[u8] = b"ERR syntax error";
const NOT_INTEGER: &[u8] = b"ERR value is not an integer or out of range";
const NOT_FLOAT: &[u8] = b"ERR value is not a valid float";
const RANGE_NOT_FLOAT: &[u8] = b"ERR min or max is not a float";
const LEX_RANGE: &[u8] = b"ERR min or max not valid string range item";

/// Arity of the sorted-set commands the workload sends.
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"zadd" => -4,
        b"zincrby" | b"zcount" | b"zlexcount" | b"zremrangebyrank" | b"zremrangebyscore" => 4,
        b"zcard" => 2,
        b"zscore" | b"zrank" | b"zrevrank" => 3,
        b"zrem" | b"zmscore" | b"zscan" | b"zunion" | b"zinter" | b"zdiff" | b"zintercard" => -3,
        b"zrange" | b"zrangebyscore" | b"zrevrangebyscore" | b"zrangebylex" | b"zrevrange" => -4,
        b"zpopmin" | b"zpopmax" | b"zrandmember" => -2,
        b"zmpop" | b"zunionstore" | b"zinterstore" | b"zdiffstore" => -4,
        b"zrangestore" => -5,
        _ => return None,
    })
}

/// Redis's order: score, then member bytes.
fn sorted(z: &ZSet) -> Vec<(Vec<u8>, f64)> {
    let mut items: Vec<(Vec<u8>, f64)> = z.iter().map(|(m, s)| (m.clone(), *s)).collect();
    items.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap().then_with(|| a.0.cmp(&b.0)));
    items
}

/// C's `%.17g`, written out digit by digit from Rust's exact 17-digit
/// scientific form.
pub fn g17(value: f64) -> String {
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.into();
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let sci = format!("{:.16e}", value.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let sign = if value < 0.0 { "-" } else { "" };
    if !(-4..17).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{fraction}e{esign}{:02}", exp.abs())
    } else if exp < 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize))
    } else {
        let point = exp as usize + 1;
        if digits.len() <= point {
            format!("{sign}{digits}{}", "0".repeat(point - digits.len()))
        } else {
            format!("{sign}{}.{}", &digits[..point], &digits[point..])
        }
    }
}

fn double(value: f64, resp3: bool) -> Vec<u8> {
    if resp3 {
        format!(",{}\r\n", g17(value)).into_bytes()
    } else {
        bulk(g17(value).as_bytes())
    }
}

/// Members, or (member, score) pairs: flat in RESP2, nested in RESP3.
fn elements(items: &[(Vec<u8>, f64)], withscores: bool, resp3: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if !withscores {
        out.extend(format!("*{}\r\n", items.len()).bytes());
        for (m, _) in items {
            out.extend(bulk(m));
        }
        return out;
    }
    out.extend(format!("*{}\r\n", if resp3 { items.len() } else { items.len() * 2 }).bytes());
    for (m, s) in items {
        if resp3 {
            out.extend(b"*2\r\n");
        }
        out.extend(bulk(m));
        out.extend(double(*s, resp3));
    }
    out
}

/// The score texts the workload sends: decimal, `inf` forms, `0x` hex
/// (rarely), or junk.
fn score(arg: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(arg).ok()?;
    let lower = text.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if body == "inf" || body == "infinity" {
        return Some(if lower.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if text.is_empty()
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    let v: f64 = text.parse().ok()?;
    v.is_finite().then_some(v)
}

/// A score-range end: `(` exclusive.
fn score_bound(arg: &[u8]) -> Option<(f64, bool)> {
    match arg.strip_prefix(b"(") {
        Some(rest) => score(rest).map(|v| (v, true)),
        None => score(arg).map(|v| (v, false)),
    }
}

#[derive(Clone, Copy)]
enum Lex<'a> {
    Min,
    Max,
    In(&'a [u8]),
    Ex(&'a [u8]),
}

fn lex_bound(arg: &[u8]) -> Option<Lex<'_>> {
    match arg {
        b"-" => Some(Lex::Min),
        b"+" => Some(Lex::Max),
        [b'[', rest @ ..] => Some(Lex::In(rest)),
        [b'(', rest @ ..] => Some(Lex::Ex(rest)),
        _ => None,
    }
}

fn above_min(m: &[u8], b: Lex) -> bool {
    match b {
        Lex::Min => true,
        Lex::Max => false,
        Lex::In(x) => m >= x,
        Lex::Ex(x) => m > x,
    }
}

fn below_max(m: &[u8], b: Lex) -> bool {
    match b {
        Lex::Min => false,
        Lex::Max => true,
        Lex::In(x) => m <= x,
        Lex::Ex(x) => m < x,
    }
}

fn in_score(s: f64, min: (f64, bool), max: (f64, bool)) -> bool {
    (if min.1 { s > min.0 } else { s >= min.0 }) && (if max.1 { s < max.0 } else { s <= max.0 })
}

/// Whether the scores differ (lex ranges are then undefined).
fn mixed(z: &ZSet) -> bool {
    let mut scores = z.values();
    let first = scores.next().copied();
    scores.any(|s| Some(*s) != first)
}

fn undefined(z: &ZSet, resp3: bool) -> Executed {
    Executed {
        expected: Expected::Sample(Sample {
            members: z.clone(),
            kind: SampleKind::Undefined,
            resp3,
        }),
        closes: false,
    }
}

/// Rank range clamping as Redis does it; `None` for an empty window.
fn rank_window(len: usize, start: i64, end: i64) -> Option<(usize, usize)> {
    let len = len as i64;
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start
    };
    let end = if end < 0 { len + end } else { end };
    if start > end || start >= len {
        return None;
    }
    Some((start as usize, end.min(len - 1) as usize))
}

/// What a random or scanned reply must look like.
#[derive(Clone, Debug)]
pub struct Sample {
    /// The set's members and scores when the command ran.
    pub members: ZSet,
    pub kind: SampleKind,
    pub resp3: bool,
}

#[derive(Clone, Debug)]
pub enum SampleKind {
    /// ZRANDMEMBER key: one member.
    One,
    /// ZRANDMEMBER key count [WITHSCORES]: `len` members, distinct or not.
    Many {
        len: usize,
        distinct: bool,
        withscores: bool,
    },
    /// ZSCAN: a cursor and distinct (member, score text) pairs.
    Scan,
    /// A lex range over members whose scores differ: Redis leaves the
    /// result undefined, so any well-formed reply passes.
    Undefined,
}

/// A member and, with WITHSCORES, its score text.
type Pair = (Vec<u8>, Option<Vec<u8>>);

/// A parsed reply frame.
enum Frame {
    /// An integer or an error.
    Int,
    Bulk(Vec<u8>),
    Double(Vec<u8>),
    Array(Vec<Frame>),
}

/// Parses one frame of the kinds these replies use; `None` when
/// incomplete or of another kind.
fn parse(input: &[u8]) -> Option<(Frame, usize)> {
    let end = input.windows(2).position(|w| w == b"\r\n")?;
    let head = std::str::from_utf8(&input[1..end]).ok()?;
    let body = end + 2;
    match input.first()? {
        b'$' => {
            let n: usize = head.parse().ok()?;
            let data = input.get(body..body + n)?.to_vec();
            (input.get(body + n..body + n + 2)? == b"\r\n")
                .then_some((Frame::Bulk(data), body + n + 2))
        }
        b',' => Some((Frame::Double(head.as_bytes().to_vec()), body)),
        b':' | b'-' => Some((Frame::Int, body)),
        b'*' => {
            let n: usize = head.parse().ok()?;
            let mut at = body;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                let (item, used) = parse(&input[at..])?;
                items.push(item);
                at += used;
            }
            Some((Frame::Array(items), at))
        }
        _ => None,
    }
}

impl Sample {
    /// How many bytes of `actual` the reply takes, or what was expected.
    pub fn matches(&self, actual: &[u8]) -> Result<usize, Vec<u8>> {
        let wanted = || format!("<{:?} of {:?}>", self.kind, self.members).into_bytes();
        let (frame, used) = parse(actual).ok_or_else(wanted)?;
        let score_of = |m: &[u8]| self.members.get(m).copied();
        let ok = match (&self.kind, frame) {
            (SampleKind::One, Frame::Bulk(m)) => score_of(&m).is_some(),
            (SampleKind::Undefined, _) => true,
            (
                SampleKind::Many {
                    len,
                    distinct,
                    withscores,
                },
                Frame::Array(items),
            ) => {
                let mut seen = std::collections::BTreeSet::new();
                let pairs: Option<Vec<Pair>> = if !withscores {
                    items
                        .into_iter()
                        .map(|f| match f {
                            Frame::Bulk(m) => Some((m, None)),
                            _ => None,
                        })
                        .collect()
                } else if self.resp3 {
                    items
                        .into_iter()
                        .map(|f| match f {
                            Frame::Array(mut pair) if pair.len() == 2 => {
                                match (pair.remove(0), pair.remove(0)) {
                                    (Frame::Bulk(m), Frame::Double(s)) => Some((m, Some(s))),
                                    _ => None,
                                }
                            }
                            _ => None,
                        })
                        .collect()
                } else {
                    let mut flat = items.into_iter();
                    let mut out = Vec::new();
                    while let Some(m) = flat.next() {
                        match (m, flat.next()) {
                            (Frame::Bulk(m), Some(Frame::Bulk(s))) => out.push((m, Some(s))),
                            _ => return Err(wanted()),
                        }
                    }
                    Some(out)
                };
                pairs.is_some_and(|pairs| {
                    pairs.len() == *len
                        && pairs.iter().all(|(m, s)| {
                            score_of(m).is_some_and(|score| {
                                s.as_ref().is_none_or(|s| s == g17(score).as_bytes())
                            }) && (!distinct || seen.insert(m.clone()))
                        })
                })
            }
            (SampleKind::Scan, Frame::Array(mut parts)) if parts.len() == 2 => {
                let (cursor, list) = (parts.remove(0), parts.remove(0));
                let cursor_ok = matches!(&cursor, Frame::Bulk(c) if !c.is_empty() && c.iter().all(u8::is_ascii_digit));
                let mut seen = std::collections::BTreeSet::new();
                match list {
                    Frame::Array(items) if cursor_ok && items.len() % 2 == 0 => {
                        items.chunks(2).all(|pair| match pair {
                            [Frame::Bulk(m), Frame::Bulk(s)] => {
                                score_of(m).is_some_and(|score| s == g17(score).as_bytes())
                                    && seen.insert(m.clone())
                            }
                            _ => false,
                        })
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        if ok {
            Ok(used)
        } else {
            Err(wanted())
        }
    }
}

impl Model {
    /// Runs a sorted-set command (arity already checked).
    pub fn zset_exec(&mut self, client: &ClientModel, args: &[Vec<u8>], now: u64) -> Executed {
        let resp3 = client.resp3;
        let db = client.db;
        let name = String::from_utf8(args[0].to_ascii_lowercase()).unwrap();
        let exact = |bytes: Vec<u8>| Executed {
            expected: Expected::Exact(bytes),
            closes: false,
        };
        // The set at a key: Ok(None) missing, Err for another type.
        let reply = match name.as_str() {
            "zadd" => self.zadd(db, args, now, resp3),
            "zincrby" => match score(&args[2]) {
                None => error(NOT_FLOAT),
                Some(inc) => match self.zset_mut(db, &args[1], now, true) {
                    Err(e) => e,
                    Ok(z) => {
                        let z = z.unwrap();
                        let new = z.get(&args[3]).map_or(inc, |cur| cur + inc);
                        if new.is_nan() {
                            self.drop_if_empty(db, &args[1]);
                            error(b"ERR resulting score is not a number (NaN)")
                        } else {
                            z.insert(args[3].clone(), new + 0.0);
                            double(new, resp3)
                        }
                    }
                },
            },
            "zrem" => match self.zset_mut(db, &args[1], now, false) {
                Err(e) => e,
                Ok(None) => int(0),
                Ok(Some(z)) => {
                    let n = args[2..].iter().filter(|m| z.remove(*m).is_some()).count();
                    self.drop_if_empty(db, &args[1]);
                    int(n as i64)
                }
            },
            "zcard" => match self.zset(db, &args[1], now) {
                Err(e) => e,
                Ok(z) => int(z.map_or(0, |z| z.len() as i64)),
            },
            "zscore" => match self.zset(db, &args[1], now) {
                Err(e) => e,
                Ok(z) => match z.and_then(|z| z.get(&args[2])) {
                    Some(s) => double(*s, resp3),
                    None => null_bulk(resp3),
                },
            },
            "zmscore" => match self.zset(db, &args[1], now) {
                Err(e) => e,
                Ok(z) => {
                    let mut out = format!("*{}\r\n", args.len() - 2).into_bytes();
                    for m in &args[2..] {
                        out.extend(match z.and_then(|z| z.get(m)) {
                            Some(s) => double(*s, resp3),
                            None => null_bulk(resp3),
                        });
                    }
                    out
                }
            },
            "zrank" | "zrevrank" => match self.zset(db, &args[1], now) {
                Err(e) => e,
                Ok(z) => {
                    let items = z.map(sorted).unwrap_or_default();
                    match items.iter().position(|(m, _)| *m == args[2]) {
                        None => null_bulk(resp3),
                        Some(r) if name == "zrank" => int(r as i64),
                        Some(r) => int((items.len() - 1 - r) as i64),
                    }
                }
            },
            "zcount" => match (score_bound(&args[2]), score_bound(&args[3])) {
                (Some(min), Some(max)) => match self.zset(db, &args[1], now) {
                    Err(e) => e,
                    Ok(z) => int(z.map_or(0, |z| {
                        z.values().filter(|s| in_score(**s, min, max)).count()
                    }) as i64),
                },
                _ => error(RANGE_NOT_FLOAT),
            },
            "zlexcount" => match (lex_bound(&args[2]), lex_bound(&args[3])) {
                (Some(min), Some(max)) => match self.zset(db, &args[1], now) {
                    Err(e) => e,
                    Ok(Some(z)) if mixed(z) => return undefined(z, resp3),
                    Ok(z) => int(z.map_or(0, |z| {
                        z.keys()
                            .filter(|m| above_min(m, min) && below_max(m, max))
                            .count()
                    }) as i64),
                },
                _ => error(LEX_RANGE),
            },
            "zrange" | "zrangebylex"
                if name == "zrangebylex" || args.iter().any(|a| eq(a, "bylex")) =>
            {
                // Errors first: a refused call does not touch the key (its
                // lazy expiry included).
                let reply = self.zrange(db, &name, &args[1..], None, now, resp3);
                if reply.starts_with(b"-") {
                    reply
                } else {
                    match self.zset(db, &args[1], now) {
                        Ok(Some(z)) if mixed(z) => return undefined(&z.clone(), resp3),
                        _ => reply,
                    }
                }
            }
            "zrange" | "zrangebyscore" | "zrevrangebyscore" | "zrangebylex" | "zrevrange" => {
                self.zrange(db, &name, &args[1..], None, now, resp3)
            }
            "zrangestore" => self.zrange(db, &name, &args[2..], Some(&args[1]), now, resp3),
            "zpopmin" | "zpopmax" => {
                if args.len() > 3 {
                    error(SYNTAX)
                } else {
                    let count = match args.get(2).map(|a| parse_int(a)) {
                        None => None,
                        Some(Some(n)) if n >= 0 => Some(n as usize),
                        Some(_) => {
                            return exact(error(b"ERR value is out of range, must be positive"))
                        }
                    };
                    match self.zpop(db, &args[1], count.unwrap_or(1), name == "zpopmax", now) {
                        Err(e) => e,
                        Ok(popped) => {
                            if count.is_none() {
                                let mut out = format!("*{}\r\n", popped.len() * 2).into_bytes();
                                for (m, s) in &popped {
                                    out.extend(bulk(m));
                                    out.extend(double(*s, resp3));
                                }
                                out
                            } else {
                                elements(&popped, true, resp3)
                            }
                        }
                    }
                }
            }
            "zmpop" => self.zmpop(db, args, now, resp3),
            "zremrangebyrank" => match (parse_int(&args[2]), parse_int(&args[3])) {
                (Some(a), Some(b)) => match self.zset_mut(db, &args[1], now, false) {
                    Err(e) => e,
                    Ok(None) => int(0),
                    Ok(Some(z)) => {
                        let items = sorted(z);
                        let gone = rank_window(items.len(), a, b).map_or(0, |(s, e)| {
                            for (m, _) in &items[s..=e] {
                                z.remove(m);
                            }
                            e - s + 1
                        });
                        self.drop_if_empty(db, &args[1]);
                        int(gone as i64)
                    }
                },
                _ => error(NOT_INTEGER),
            },
            "zremrangebyscore" => match (score_bound(&args[2]), score_bound(&args[3])) {
                (Some(min), Some(max)) => match self.zset_mut(db, &args[1], now, false) {
                    Err(e) => e,
                    Ok(None) => int(0),
                    Ok(Some(z)) => {
                        let before = z.len();
                        z.retain(|_, s| !in_score(*s, min, max));
                        let gone = before - z.len();
                        self.drop_if_empty(db, &args[1]);
                        int(gone as i64)
                    }
                },
                _ => error(RANGE_NOT_FLOAT),
            },
            "zunion" | "zinter" | "zdiff" | "zintercard" => {
                self.setop(db, &name, &args[1..], None, now, resp3)
            }
            "zunionstore" | "zinterstore" | "zdiffstore" => {
                self.setop(db, &name, &args[2..], Some(&args[1]), now, resp3)
            }
            "zrandmember" => return self.zrandmember(db, args, now, resp3),
            "zscan" => return self.zscan(db, args, now, resp3),
            other => unreachable!("no sorted-set model for {other}"),
        };
        exact(reply)
    }

    fn zset(&mut self, db: usize, key: &[u8], now: u64) -> Result<Option<&ZSet>, Vec<u8>> {
        match self.entry(db, key, now) {
            None => Ok(None),
            Some(Entry {
                value: Value::ZSet(z),
                ..
            }) => Ok(Some(z)),
            Some(_) => Err(error(WRONGTYPE)),
        }
    }

    fn zset_mut(
        &mut self,
        db: usize,
        key: &[u8],
        now: u64,
        create: bool,
    ) -> Result<Option<&mut ZSet>, Vec<u8>> {
        if create && self.entry(db, key, now).is_none() {
            self.dbs[db].insert(
                key.to_vec(),
                Entry {
                    value: Value::ZSet(ZSet::new()),
                    deadline: None,
                },
            );
        }
        match self.entry(db, key, now) {
            None => Ok(None),
            Some(Entry {
                value: Value::ZSet(z),
                ..
            }) => Ok(Some(z)),
            Some(_) => Err(error(WRONGTYPE)),
        }
    }

    fn store(&mut self, db: usize, dst: &[u8], items: &[(Vec<u8>, f64)]) {
        if items.is_empty() {
            self.dbs[db].remove(dst);
        } else {
            // Stored scores show -0 as 0 (the sets the workload makes stay
            // in Redis's small form, which keeps scores as text).
            let z: ZSet = items.iter().map(|(m, s)| (m.clone(), s + 0.0)).collect();
            self.dbs[db].insert(
                dst.to_vec(),
                Entry {
                    value: Value::ZSet(z),
                    deadline: None,
                },
            );
        }
    }

    fn zadd(&mut self, db: usize, args: &[Vec<u8>], now: u64, resp3: bool) -> Vec<u8> {
        let (mut nx, mut xx, mut gt, mut lt, mut ch, mut incr) =
            (false, false, false, false, false, false);
        let mut i = 2;
        while i < args.len() {
            let a = &args[i];
            if eq(a, "nx") {
                nx = true
            } else if eq(a, "xx") {
                xx = true
            } else if eq(a, "gt") {
                gt = true
            } else if eq(a, "lt") {
                lt = true
            } else if eq(a, "ch") {
                ch = true
            } else if eq(a, "incr") {
                incr = true
            } else {
                break;
            }
            i += 1;
        }
        let pairs = &args[i..];
        if pairs.is_empty() || !pairs.len().is_multiple_of(2) {
            return error(SYNTAX);
        }
        if nx && xx {
            return error(b"ERR XX and NX options at the same time are not compatible");
        }
        if (gt || lt) && nx || gt && lt {
            return error(b"ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if incr && pairs.len() > 2 {
            return error(b"ERR INCR option supports a single increment-element pair");
        }
        let mut scores = Vec::new();
        for pair in pairs.chunks(2) {
            match score(&pair[0]) {
                Some(s) => scores.push(s),
                None => return error(NOT_FLOAT),
            }
        }
        let key = &args[1];
        let z = match self.zset_mut(db, key, now, !xx) {
            Err(e) => return e,
            Ok(None) => return if incr { null_bulk(resp3) } else { int(0) },
            Ok(Some(z)) => z,
        };
        let (mut added, mut changed, mut last) = (0, 0, None);
        let mut nan = false;
        for (pair, s) in pairs.chunks(2).zip(scores) {
            let m = &pair[1];
            match z.get(m).copied() {
                Some(cur) => {
                    if nx {
                        continue;
                    }
                    let new = if incr { cur + s } else { s };
                    if new.is_nan() {
                        nan = true;
                        break;
                    }
                    if (lt && new >= cur) || (gt && new <= cur) {
                        continue;
                    }
                    if new != cur {
                        z.insert(m.clone(), new + 0.0);
                        changed += 1;
                    }
                    last = Some(new);
                }
                None => {
                    if xx {
                        continue;
                    }
                    z.insert(m.clone(), s + 0.0);
                    added += 1;
                    last = Some(s);
                }
            }
        }
        self.drop_if_empty(db, key);
        if nan {
            return error(b"ERR resulting score is not a number (NaN)");
        }
        match (incr, last) {
            (true, Some(s)) => double(s, resp3),
            (true, None) => null_bulk(resp3),
            _ => int(if ch { added + changed } else { added }),
        }
    }

    /// ZRANGE and friends; `rest` starts at the source key.
    fn zrange(
        &mut self,
        db: usize,
        name: &str,
        rest: &[Vec<u8>],
        dst: Option<&[u8]>,
        now: u64,
        resp3: bool,
    ) -> Vec<u8> {
        #[derive(PartialEq, Clone, Copy)]
        enum By {
            Rank,
            Score,
            Lex,
        }
        let (mut by, mut rev) = match name {
            "zrangebyscore" => (Some(By::Score), Some(false)),
            "zrevrangebyscore" => (Some(By::Score), Some(true)),
            "zrangebylex" => (Some(By::Lex), Some(false)),
            "zrevrange" => (Some(By::Rank), Some(true)),
            _ => (None, None),
        };
        let (mut withscores, mut offset, mut limit) = (false, 0i64, -1i64);
        let mut i = 3;
        while i < rest.len() {
            let a = &rest[i];
            let left = rest.len() - i - 1;
            if eq(a, "withscores") && dst.is_none() {
                withscores = true;
            } else if eq(a, "limit") && left >= 2 {
                match (parse_int(&rest[i + 1]), parse_int(&rest[i + 2])) {
                    (Some(o), Some(l)) => (offset, limit) = (o, l),
                    _ => return error(NOT_INTEGER),
                }
                i += 2;
            } else if eq(a, "rev") && rev.is_none() {
                rev = Some(true);
            } else if eq(a, "bylex") && by.is_none() {
                by = Some(By::Lex);
            } else if eq(a, "byscore") && by.is_none() {
                by = Some(By::Score);
            } else {
                return error(SYNTAX);
            }
            i += 1;
        }
        let (by, rev) = (by.unwrap_or(By::Rank), rev.unwrap_or(false));
        if limit != -1 && by == By::Rank {
            return error(b"ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if withscores && by == By::Lex {
            return error(b"ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        let (mut lo, mut hi) = (&rest[1], &rest[2]);
        if rev && by != By::Rank {
            std::mem::swap(&mut lo, &mut hi);
        }
        enum Parsed<'a> {
            Rank(i64, i64),
            Score((f64, bool), (f64, bool)),
            Lex(Lex<'a>, Lex<'a>),
        }
        // The range is parsed before the key is looked at.
        let parsed = match by {
            By::Rank => match (parse_int(lo), parse_int(hi)) {
                (Some(a), Some(b)) => Parsed::Rank(a, b),
                _ => return error(NOT_INTEGER),
            },
            By::Score => match (score_bound(lo), score_bound(hi)) {
                (Some(min), Some(max)) => Parsed::Score(min, max),
                _ => return error(RANGE_NOT_FLOAT),
            },
            By::Lex => match (lex_bound(lo), lex_bound(hi)) {
                (Some(min), Some(max)) => Parsed::Lex(min, max),
                _ => return error(LEX_RANGE),
            },
        };
        let items = match self.zset(db, &rest[0], now) {
            Err(e) => return e,
            Ok(z) => z.map(sorted).unwrap_or_default(),
        };
        let mut picked: Vec<(Vec<u8>, f64)> = match parsed {
            Parsed::Rank(a, b) => {
                let mut ordered = items;
                if rev {
                    ordered.reverse();
                }
                rank_window(ordered.len(), a, b)
                    .map_or(Vec::new(), |(s, e)| ordered[s..=e].to_vec())
            }
            Parsed::Score(min, max) => {
                let mut inside: Vec<_> = items
                    .into_iter()
                    .filter(|(_, s)| in_score(*s, min, max))
                    .collect();
                if rev {
                    inside.reverse();
                }
                inside
            }
            Parsed::Lex(min, max) => {
                let mut inside: Vec<_> = items
                    .into_iter()
                    .filter(|(m, _)| above_min(m, min) && below_max(m, max))
                    .collect();
                if rev {
                    inside.reverse();
                }
                inside
            }
        };
        if by != By::Rank {
            if offset < 0 {
                picked.clear();
            } else {
                picked = picked.into_iter().skip(offset as usize).collect();
                if limit >= 0 {
                    picked.truncate(limit as usize);
                }
            }
        }
        match dst {
            None => elements(&picked, withscores, resp3),
            Some(dst) => {
                self.store(db, dst, &picked);
                int(picked.len() as i64)
            }
        }
    }

    /// Removes and returns up to `count` lowest (or highest) elements.
    fn zpop(
        &mut self,
        db: usize,
        key: &[u8],
        count: usize,
        max: bool,
        now: u64,
    ) -> Result<Vec<(Vec<u8>, f64)>, Vec<u8>> {
        let Some(z) = self.zset_mut(db, key, now, false)? else {
            return Ok(Vec::new());
        };
        let mut items = sorted(z);
        if max {
            items.reverse();
        }
        items.truncate(count);
        for (m, _) in &items {
            z.remove(m);
        }
        self.drop_if_empty(db, key);
        Ok(items)
    }

    fn zmpop(&mut self, db: usize, args: &[Vec<u8>], now: u64, resp3: bool) -> Vec<u8> {
        let numkeys = match parse_int(&args[1]) {
            Some(n) if n > 0 => n as usize,
            _ => return error(b"ERR numkeys should be greater than 0"),
        };
        if numkeys > args.len() - 3 {
            return error(SYNTAX);
        }
        let keys = &args[2..2 + numkeys];
        let rest = &args[2 + numkeys..];
        let max = if eq(&rest[0], "max") {
            true
        } else if eq(&rest[0], "min") {
            false
        } else {
            return error(SYNTAX);
        };
        let count = match &rest[1..] {
            [] => 1,
            [c, n] if eq(c, "count") => match parse_int(n) {
                Some(n) if n > 0 => n as usize,
                _ => return error(b"ERR count should be greater than 0"),
            },
            _ => return error(SYNTAX),
        };
        for key in keys {
            match self.zset(db, key, now) {
                Err(e) => return e,
                Ok(None) => continue,
                Ok(Some(_)) => {}
            }
            let popped = self.zpop(db, key, count, max, now).unwrap();
            let mut out = b"*2\r\n".to_vec();
            out.extend(bulk(key));
            out.extend(format!("*{}\r\n", popped.len()).bytes());
            for (m, s) in &popped {
                out.extend(b"*2\r\n");
                out.extend(bulk(m));
                out.extend(double(*s, resp3));
            }
            return out;
        }
        if resp3 {
            b"_\r\n".to_vec()
        } else {
            b"*-1\r\n".to_vec()
        }
    }

    /// ZUNION/ZINTER/ZDIFF/ZINTERCARD and the STORE forms; `rest` starts
    /// at numkeys.
    fn setop(
        &mut self,
        db: usize,
        name: &str,
        rest: &[Vec<u8>],
        dst: Option<&[u8]>,
        now: u64,
        resp3: bool,
    ) -> Vec<u8> {
        let numkeys = match parse_int(&rest[0]) {
            None if name == "zintercard" => return error(NOT_INTEGER),
            None => return error(NOT_INTEGER),
            Some(n) if n < 1 => {
                return error(
                    format!("ERR at least 1 input key is needed for '{name}' command").as_bytes(),
                )
            }
            Some(n) => n as usize,
        };
        if numkeys > rest.len() - 1 {
            return error(SYNTAX);
        }
        let mut sets = Vec::new();
        for key in &rest[1..=numkeys] {
            // A plain set is an input too: every member with score 1.
            match self.entry(db, key, now) {
                Some(Entry {
                    value: Value::Set(members),
                    ..
                }) => sets.push(Some(members.iter().map(|m| (m.clone(), 1.0)).collect())),
                _ => match self.zset(db, key, now) {
                    Err(e) => return e,
                    Ok(z) => sets.push(z.cloned()),
                },
            }
        }
        let op = name.trim_end_matches("store");
        let card = name == "zintercard";
        let mut weights = vec![1.0; numkeys];
        let mut agg = 0; // sum, min, max
        let mut withscores = false;
        let mut limit = 0usize;
        let mut i = numkeys + 1;
        while i < rest.len() {
            let a = &rest[i];
            let left = rest.len() - i;
            if op != "zdiff" && !card && left > numkeys && eq(a, "weights") {
                for w in weights.iter_mut() {
                    i += 1;
                    match score(&rest[i]) {
                        Some(v) => *w = v,
                        None => return error(b"ERR weight value is not a float"),
                    }
                }
            } else if op != "zdiff" && !card && left >= 2 && eq(a, "aggregate") {
                i += 1;
                agg = match rest[i].to_ascii_lowercase().as_slice() {
                    b"sum" => 0,
                    b"min" => 1,
                    b"max" => 2,
                    _ => return error(SYNTAX),
                };
            } else if dst.is_none() && !card && eq(a, "withscores") {
                withscores = true;
            } else if card && left >= 2 && eq(a, "limit") {
                i += 1;
                match parse_int(&rest[i]) {
                    Some(n) if n >= 0 => limit = n as usize,
                    _ => return error(b"ERR LIMIT can't be negative"),
                }
            } else {
                return error(SYNTAX);
            }
            i += 1;
        }
        let nan0 = |v: f64| if v.is_nan() { 0.0 } else { v };
        let combine = |a: f64, b: f64| match agg {
            0 => nan0(a + b),
            1 => a.min(b),
            _ => a.max(b),
        };
        // Inputs from the smallest, as Redis orders them (sums in that order).
        let mut order: Vec<usize> = (0..numkeys).collect();
        order.sort_by_key(|&i| sets[i].as_ref().map_or(0, |z| z.len()));
        let mut result: ZSet = ZSet::new();
        match op {
            "zunion" => {
                for &i in &order {
                    for (m, s) in sets[i].iter().flatten() {
                        let v = nan0(weights[i] * s);
                        let e = result.entry(m.clone()).or_insert(f64::NAN);
                        *e = if e.is_nan() { v } else { combine(*e, v) };
                    }
                }
            }
            "zdiff" => {
                if let Some(first) = &sets[0] {
                    for (m, s) in first {
                        if sets[1..].iter().flatten().all(|z| !z.contains_key(m)) {
                            result.insert(m.clone(), *s);
                        }
                    }
                }
            }
            _ => {
                if sets.iter().all(Option::is_some) {
                    let first = order[0];
                    for (m, s) in sets[first].as_ref().unwrap() {
                        let mut v = nan0(weights[first] * s);
                        let mut all = true;
                        for &j in &order[1..] {
                            match sets[j].as_ref().unwrap().get(m) {
                                Some(o) => v = combine(v, nan0(weights[j] * o)),
                                None => all = false,
                            }
                        }
                        if all {
                            result.insert(m.clone(), v);
                        }
                    }
                }
            }
        }
        if card {
            let n = result.len();
            return int(if limit > 0 { n.min(limit) } else { n } as i64);
        }
        let items = sorted(&result);
        match dst {
            Some(dst) => {
                self.store(db, dst, &items);
                int(items.len() as i64)
            }
            None => elements(&items, withscores, resp3),
        }
    }

    fn zrandmember(&mut self, db: usize, args: &[Vec<u8>], now: u64, resp3: bool) -> Executed {
        let exact = |bytes: Vec<u8>| Executed {
            expected: Expected::Exact(bytes),
            closes: false,
        };
        let count = match args.get(2) {
            None => None,
            Some(a) => match parse_int(a) {
                Some(n) => Some(n),
                None => return exact(error(NOT_INTEGER)),
            },
        };
        let withscores = match args.get(3) {
            None => false,
            Some(a) if eq(a, "withscores") && args.len() == 4 => true,
            Some(_) => return exact(error(SYNTAX)),
        };
        let z = match self.zset(db, &args[1], now) {
            Err(e) => return exact(e),
            Ok(None) => {
                return exact(if count.is_some() {
                    b"*0\r\n".to_vec()
                } else {
                    null_bulk(resp3)
                })
            }
            Ok(Some(z)) => z.clone(),
        };
        let kind = match count {
            None => SampleKind::One,
            Some(0) => return exact(b"*0\r\n".to_vec()),
            Some(n) if n < 0 => SampleKind::Many {
                len: n.unsigned_abs() as usize,
                distinct: false,
                withscores,
            },
            Some(n) => SampleKind::Many {
                len: (n as usize).min(z.len()),
                distinct: true,
                withscores,
            },
        };
        Executed {
            expected: Expected::Sample(Sample {
                members: z,
                kind,
                resp3,
            }),
            closes: false,
        }
    }

    fn zscan(&mut self, db: usize, args: &[Vec<u8>], now: u64, resp3: bool) -> Executed {
        let exact = |bytes: Vec<u8>| Executed {
            expected: Expected::Exact(bytes),
            closes: false,
        };
        // The workload sends cursor 0 and at most a COUNT. As Redis's
        // scanGenericCommand, the options are read once the key is known
        // to be a sorted set: a missing key answers an empty scan and
        // another type WRONGTYPE whatever they say.
        let found = match self.zset(db, &args[1], now) {
            Err(e) => return exact(e),
            Ok(None) => return exact(b"*2\r\n$1\r\n0\r\n*0\r\n".to_vec()),
            Ok(Some(z)) => z.clone(),
        };
        let mut i = 3;
        while i < args.len() {
            if i + 1 >= args.len() || !eq(&args[i], "count") {
                return exact(error(SYNTAX));
            }
            match parse_int(&args[i + 1]) {
                None => return exact(error(NOT_INTEGER)),
                Some(n) if n < 1 => return exact(error(SYNTAX)),
                Some(_) => {}
            }
            i += 2;
        }
        Executed {
            expected: Expected::Sample(Sample {
                members: found,
                kind: SampleKind::Scan,
                resp3,
            }),
            closes: false,
        }
    }
}

#[test]
fn g17_is_printf() {
    for (v, t) in [
        (0.1, "0.10000000000000001"),
        (1e20, "1e+20"),
        (10.0, "10"),
        (1.5, "1.5"),
        (3e-5, "3.0000000000000001e-05"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-2.5, "-2.5"),
        (1e16, "10000000000000000"),
        (1e17, "1e+17"),
        (123.456, "123.456"),
        (0.0001, "0.0001"),
        (1.0 / 3.0, "0.33333333333333331"),
    ] {
        assert_eq!(g17(v), t);
    }
}

// ---- the workload's sorted-set commands -----------------------------------

use super::rng::Rng;

const MEMBERS: &[&[u8]] = &[b"a", b"b", b"c", b"d", b"e", b"", b"m\0\r\n", b"sp ace"];
const SCORES: &[&str] = &[
    "1", "2", "-3", "0", "1.5", "0.1", "inf", "-inf", "1e20", "-0", "3e-5", "10", "abc", "",
];
const SCORE_BOUNDS: &[&str] = &[
    "-inf", "+inf", "(1", "1", "2", "(0", "0.5", "(inf", "x", "10",
];
const LEX_BOUNDS: &[&str] = &["-", "+", "[a", "(b", "[c", "(e", "[", "x", "+"];
const RANKS: &[&str] = &["0", "1", "-1", "2", "-2", "5", "-10", "x"];

fn word(rng: &mut Rng, w: &str) -> Vec<u8> {
    if rng.chance(20) {
        w.to_ascii_lowercase().into_bytes()
    } else {
        w.as_bytes().to_vec()
    }
}

fn one(rng: &mut Rng, words: &[&str]) -> Vec<u8> {
    let w = *rng.pick(words);
    word(rng, w)
}

fn pick(rng: &mut Rng, items: &[&str]) -> Vec<u8> {
    rng.pick(items).as_bytes().to_vec()
}

fn zkey(rng: &mut Rng) -> Vec<u8> {
    rng.pick(super::workload::KEYS).to_vec()
}

/// One random sorted-set command.
pub fn command(rng: &mut Rng) -> Vec<Vec<u8>> {
    let kind = rng.weighted(&[
        14, 3, 4, 3, 3, 2, 3, 2, 2, 6, 3, 2, 3, 2, 2, 3, 2, 2, 2, 2, 2,
    ]);
    let mut args: Vec<Vec<u8>>;
    match kind {
        0 => {
            args = vec![word(rng, "ZADD"), zkey(rng)];
            for opt in ["NX", "XX", "GT", "LT", "CH", "INCR"] {
                if rng.chance(8) {
                    args.push(word(rng, opt));
                }
            }
            for _ in 0..rng.range(1, 3) {
                args.push(pick(rng, SCORES));
                args.push(rng.pick(MEMBERS).to_vec());
            }
        }
        1 => {
            args = vec![
                word(rng, "ZINCRBY"),
                zkey(rng),
                pick(rng, SCORES),
                rng.pick(MEMBERS).to_vec(),
            ]
        }
        2 => {
            args = vec![word(rng, "ZREM"), zkey(rng)];
            for _ in 0..rng.range(1, 3) {
                args.push(rng.pick(MEMBERS).to_vec());
            }
        }
        3 => args = vec![word(rng, "ZCARD"), zkey(rng)],
        4 => args = vec![word(rng, "ZSCORE"), zkey(rng), rng.pick(MEMBERS).to_vec()],
        5 => {
            args = vec![
                word(rng, "ZMSCORE"),
                zkey(rng),
                rng.pick(MEMBERS).to_vec(),
                rng.pick(MEMBERS).to_vec(),
            ]
        }
        6 => {
            args = vec![
                one(rng, &["ZRANK", "ZREVRANK"]),
                zkey(rng),
                rng.pick(MEMBERS).to_vec(),
            ]
        }
        7 => {
            args = vec![
                word(rng, "ZCOUNT"),
                zkey(rng),
                pick(rng, SCORE_BOUNDS),
                pick(rng, SCORE_BOUNDS),
            ]
        }
        8 => {
            args = vec![
                word(rng, "ZLEXCOUNT"),
                zkey(rng),
                pick(rng, LEX_BOUNDS),
                pick(rng, LEX_BOUNDS),
            ]
        }
        9 => {
            let by = rng.below(3);
            let rev = rng.chance(30);
            let (lo, hi) = match by {
                0 => (pick(rng, RANKS), pick(rng, RANKS)),
                1 => (pick(rng, SCORE_BOUNDS), pick(rng, SCORE_BOUNDS)),
                _ => (pick(rng, LEX_BOUNDS), pick(rng, LEX_BOUNDS)),
            };
            args = vec![word(rng, "ZRANGE"), zkey(rng), lo, hi];
            match by {
                1 => args.push(word(rng, "BYSCORE")),
                2 => args.push(word(rng, "BYLEX")),
                _ => {}
            }
            if rev {
                args.push(word(rng, "REV"));
            }
            if rng.chance(if by == 0 { 5 } else { 40 }) {
                args.push(word(rng, "LIMIT"));
                args.push(pick(rng, &["0", "1", "-1", "2"]));
                args.push(pick(rng, &["1", "2", "-1", "0", "10"]));
            }
            if rng.chance(if by == 2 { 5 } else { 50 }) {
                args.push(word(rng, "WITHSCORES"));
            }
        }
        10 => {
            let name = *rng.pick(&["ZRANGEBYSCORE", "ZREVRANGEBYSCORE"]);
            args = vec![
                word(rng, name),
                zkey(rng),
                pick(rng, SCORE_BOUNDS),
                pick(rng, SCORE_BOUNDS),
            ];
            if rng.chance(40) {
                args.push(word(rng, "WITHSCORES"));
            }
        }
        11 => {
            args = vec![
                word(rng, "ZRANGEBYLEX"),
                zkey(rng),
                pick(rng, LEX_BOUNDS),
                pick(rng, LEX_BOUNDS),
            ]
        }
        12 => {
            args = vec![one(rng, &["ZPOPMIN", "ZPOPMAX"]), zkey(rng)];
            if rng.chance(60) {
                args.push(pick(rng, &["0", "1", "2", "10", "-1"]));
            }
        }
        13 => {
            let n = rng.range(1, 2) as usize;
            args = vec![word(rng, "ZMPOP"), n.to_string().into_bytes()];
            for _ in 0..n {
                args.push(zkey(rng));
            }
            args.push(pick(rng, &["MIN", "MAX", "min"]));
            if rng.chance(50) {
                args.push(word(rng, "COUNT"));
                args.push(pick(rng, &["1", "3", "0"]));
            }
        }
        14 => {
            args = vec![
                word(rng, "ZREMRANGEBYRANK"),
                zkey(rng),
                pick(rng, RANKS),
                pick(rng, RANKS),
            ]
        }
        15 => {
            args = vec![
                word(rng, "ZREMRANGEBYSCORE"),
                zkey(rng),
                pick(rng, SCORE_BOUNDS),
                pick(rng, SCORE_BOUNDS),
            ]
        }
        16 | 17 => {
            let store = kind == 16;
            let op = *rng.pick(&["ZUNION", "ZINTER", "ZDIFF"]);
            let name = if store {
                format!("{op}STORE")
            } else {
                op.to_string()
            };
            args = vec![word(rng, &name)];
            if store {
                args.push(zkey(rng));
            }
            let n = rng.range(1, 3) as usize;
            args.push(n.to_string().into_bytes());
            for _ in 0..n {
                args.push(zkey(rng));
            }
            if op != "ZDIFF" && rng.chance(30) {
                args.push(word(rng, "WEIGHTS"));
                for _ in 0..n {
                    args.push(pick(rng, &["1", "2", "0", "-1", "0.5"]));
                }
            }
            if op != "ZDIFF" && rng.chance(30) {
                args.push(word(rng, "AGGREGATE"));
                args.push(pick(rng, &["SUM", "MIN", "MAX"]));
            }
            if !store && rng.chance(50) {
                args.push(word(rng, "WITHSCORES"));
            }
        }
        18 => {
            args = vec![
                word(rng, "ZRANGESTORE"),
                zkey(rng),
                zkey(rng),
                pick(rng, RANKS),
                pick(rng, RANKS),
            ];
        }
        19 => {
            args = vec![word(rng, "ZRANDMEMBER"), zkey(rng)];
            if rng.chance(70) {
                args.push(pick(rng, &["1", "2", "3", "-3", "-1", "0", "20"]));
                if rng.chance(40) {
                    args.push(word(rng, "WITHSCORES"));
                }
            }
        }
        _ => {
            args = vec![word(rng, "ZSCAN"), zkey(rng), b"0".to_vec()];
            if rng.chance(30) {
                args.push(word(rng, "COUNT"));
                args.push(pick(rng, &["1", "5", "0"]));
            }
        }
    }
    args
}
