//! The hash part of the reference model: a hash as a plain vector of
//! (field, value) pairs, and the replies redis-server 7 gives for the
//! hash commands, derived from it.
//!
//! The vector keeps the order the core's replies follow: insertion order
//! while the hash is small (Redis's listpack keeps it too), and once the
//! hash has outgrown `hash-max-listpack-entries` or been given a field or
//! value longer than `hash-max-listpack-value`, a table's order, where a
//! removal moves the last pair into the hole. HGETALL, HKEYS and HVALS are
//! therefore exact; HRANDFIELD and HSCAN of a table are checked by shape
//! and membership ([`HashShape`]).
//!
//! HINCRBYFLOAT is modelled exactly for the numbers the workload makes
//! (integers and short binary fractions): exact fixed-point sums, rounded
//! to the 64 significant bits of Redis's `long double`.

use super::model::eq;
use super::model::{
    bulk, error, int, null_bulk, parse_int, simple, wrong_arity, ClientModel, Entry, Expected,
    Model, Value, NOT_INTEGER, SYNTAX, WRONGTYPE,
};
use super::model_keys::glob;

/// A hash: its pairs in the core's order, and whether it has turned into
/// a table (it never turns back).
#[derive(Clone, Debug, Default)]
pub struct HashValue {
    pub pairs: Vec<(Vec<u8>, Vec<u8>)>,
    pub table: bool,
}

/// `hash-max-listpack-entries` and `hash-max-listpack-value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashLimits {
    pub max_entries: u64,
    pub max_value: u64,
}

impl HashValue {
    fn position(&self, field: &[u8]) -> Option<usize> {
        self.pairs.iter().position(|(f, _)| f == field)
    }

    pub fn get(&self, field: &[u8]) -> Option<&[u8]> {
        self.position(field).map(|i| self.pairs[i].1.as_slice())
    }

    /// Redis's `hashTypeSet`: a long field or value turns the hash into a
    /// table first, too many fields after. Returns whether it was new.
    pub fn set(&mut self, field: &[u8], value: &[u8], limits: HashLimits) -> bool {
        if field.len() as u64 > limits.max_value || value.len() as u64 > limits.max_value {
            self.table = true;
        }
        let created = match self.position(field) {
            Some(i) => {
                self.pairs[i].1 = value.to_vec();
                false
            }
            None => {
                self.pairs.push((field.to_vec(), value.to_vec()));
                true
            }
        };
        if self.pairs.len() as u64 > limits.max_entries {
            self.table = true;
        }
        created
    }

    pub fn remove(&mut self, field: &[u8]) -> bool {
        let Some(i) = self.position(field) else {
            return false;
        };
        if self.table {
            self.pairs.swap_remove(i);
        } else {
            self.pairs.remove(i);
        }
        true
    }
}

/// Arity of the hash commands, as Redis declares it.
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"hget" | b"hexists" | b"hstrlen" => 3,
        b"hgetall" | b"hkeys" | b"hvals" | b"hlen" => 2,
        b"hset" | b"hmset" => -4,
        b"hsetnx" | b"hincrby" | b"hincrbyfloat" => 4,
        b"hdel" | b"hmget" | b"hscan" => -3,
        b"hrandfield" => -2,
        _ => return None,
    })
}

/// Hash commands that may grow memory (Redis's DENYOOM ones).
pub fn grows_memory(name: &[u8]) -> bool {
    matches!(
        name,
        b"hset" | b"hmset" | b"hsetnx" | b"hincrby" | b"hincrbyfloat"
    )
}

fn array_header(len: usize) -> Vec<u8> {
    format!("*{len}\r\n").into_bytes()
}

/// Where a command found its key.
enum Found<'a> {
    Missing,
    Hash(&'a mut HashValue),
    Other,
}

fn find<'a>(model: &'a mut Model, db: usize, key: &[u8], now: u64) -> Found<'a> {
    match model.entry(db, key, now) {
        None => Found::Missing,
        Some(Entry {
            value: Value::Hash(hash),
            ..
        }) => Found::Hash(hash),
        Some(_) => Found::Other,
    }
}

/// Runs a write on the hash at `key`, created when missing (and stored
/// only when it ends with a field).
fn write<R>(
    model: &mut Model,
    db: usize,
    key: &[u8],
    now: u64,
    f: impl FnOnce(&mut HashValue, HashLimits) -> Result<R, Vec<u8>>,
) -> Result<R, Vec<u8>> {
    let limits = model.hash_limits;
    match find(model, db, key, now) {
        Found::Hash(hash) => f(hash, limits),
        Found::Other => Err(error(WRONGTYPE)),
        Found::Missing => {
            let mut hash = HashValue::default();
            let result = f(&mut hash, limits)?;
            if !hash.pairs.is_empty() {
                model.insert(
                    db,
                    key.to_vec(),
                    Entry {
                        value: Value::Hash(hash),
                        deadline: None,
                    },
                );
            }
            Ok(result)
        }
    }
}

/// Runs one hash command (arity and OOM already checked by the caller).
pub fn exec(
    model: &mut Model,
    client: &ClientModel,
    name: &str,
    args: &[Vec<u8>],
    now: u64,
) -> Expected {
    let db = client.db;
    let resp3 = client.resp3;
    let key = &args[1];
    let exact = Expected::Exact;
    let reply =
        match name {
            "hset" | "hmset" => {
                if !args.len().is_multiple_of(2) {
                    return exact(wrong_arity(name));
                }
                let pairs = &args[2..];
                match write(model, db, key, now, |hash, limits| {
                    Ok(pairs
                        .chunks(2)
                        .filter(|p| hash.set(&p[0], &p[1], limits))
                        .count())
                }) {
                    Err(reply) => reply,
                    Ok(_) if name == "hmset" => simple("OK"),
                    Ok(created) => int(created as i64),
                }
            }
            "hsetnx" => {
                let (field, value) = (&args[2], &args[3]);
                match write(model, db, key, now, |hash, limits| {
                    Ok(hash.get(field).is_none() && hash.set(field, value, limits))
                }) {
                    Err(reply) => reply,
                    Ok(created) => int(created as i64),
                }
            }
            "hget" => match find(model, db, key, now) {
                Found::Other => error(WRONGTYPE),
                Found::Missing => null_bulk(resp3),
                Found::Hash(hash) => hash.get(&args[2]).map_or(null_bulk(resp3), bulk),
            },
            "hmget" => {
                let fields = &args[2..];
                let hash = match find(model, db, key, now) {
                    Found::Other => return exact(error(WRONGTYPE)),
                    Found::Missing => None,
                    Found::Hash(hash) => Some(&*hash),
                };
                let mut out = array_header(fields.len());
                for field in fields {
                    out.extend(
                        hash.and_then(|h| h.get(field))
                            .map_or(null_bulk(resp3), bulk),
                    );
                }
                out
            }
            "hgetall" | "hkeys" | "hvals" => {
                let pairs = match find(model, db, key, now) {
                    Found::Other => return exact(error(WRONGTYPE)),
                    Found::Missing => Vec::new(),
                    Found::Hash(hash) => hash.pairs.clone(),
                };
                let mut out = match (name, resp3) {
                    ("hgetall", true) => format!("%{}\r\n", pairs.len()).into_bytes(),
                    ("hgetall", false) => array_header(pairs.len() * 2),
                    _ => array_header(pairs.len()),
                };
                for (field, value) in &pairs {
                    if name != "hvals" {
                        out.extend(bulk(field));
                    }
                    if name != "hkeys" {
                        out.extend(bulk(value));
                    }
                }
                out
            }
            "hlen" | "hstrlen" | "hexists" => match find(model, db, key, now) {
                Found::Other => error(WRONGTYPE),
                Found::Missing => int(0),
                Found::Hash(hash) => int(match name {
                    "hlen" => hash.pairs.len() as i64,
                    "hstrlen" => hash.get(&args[2]).map_or(0, |v| v.len() as i64),
                    _ => hash.get(&args[2]).is_some() as i64,
                }),
            },
            "hdel" => match find(model, db, key, now) {
                Found::Other => error(WRONGTYPE),
                Found::Missing => int(0),
                Found::Hash(hash) => {
                    let removed = args[2..].iter().filter(|f| hash.remove(f)).count();
                    if hash.pairs.is_empty() {
                        model.remove(db, key);
                    }
                    int(removed as i64)
                }
            },
            "hincrby" => {
                let Some(increment) = parse_int(&args[3]) else {
                    return exact(error(NOT_INTEGER));
                };
                let field = &args[2];
                match write(model, db, key, now, |hash, limits| {
                    let current = match hash.get(field) {
                        None => 0,
                        Some(text) => parse_int(text)
                            .ok_or_else(|| error(b"ERR hash value is not an integer"))?,
                    };
                    let value = current
                        .checked_add(increment)
                        .ok_or_else(|| error(b"ERR increment or decrement would overflow"))?;
                    hash.set(field, value.to_string().as_bytes(), limits);
                    Ok(value)
                }) {
                    Err(reply) => reply,
                    Ok(value) => int(value),
                }
            }
            "hincrbyfloat" => {
                let increment = match Fixed::parse(&args[3]) {
                    None => return exact(error(b"ERR value is not a valid float")),
                    Some(Fixed::Inf) => return exact(error(b"ERR value is NaN or Infinity")),
                    Some(Fixed::Finite(n)) => n,
                };
                let field = &args[2];
                match write(model, db, key, now, |hash, limits| {
                    let current = match hash.get(field) {
                        None => Fixed::Finite(0),
                        Some(text) => Fixed::parse(text)
                            .ok_or_else(|| error(b"ERR hash value is not a float"))?,
                    };
                    let Fixed::Finite(current) = current else {
                        return Err(error(b"ERR increment would produce NaN or Infinity"));
                    };
                    let text = Fixed::print(Fixed::round(current + increment));
                    hash.set(field, text.as_bytes(), limits);
                    Ok(text)
                }) {
                    Err(reply) => reply,
                    Ok(text) => bulk(text.as_bytes()),
                }
            }
            "hrandfield" => return hrandfield(model, client, args, now),
            "hscan" => return hscan(model, client, args, now),
            other => unreachable!("{other} is no hash command"),
        };
    exact(reply)
}

/// HRANDFIELD: exact where Redis's reply is determined (errors, missing
/// key, count 0, a count covering the whole hash), by shape otherwise.
fn hrandfield(model: &mut Model, client: &ClientModel, args: &[Vec<u8>], now: u64) -> Expected {
    let exact = Expected::Exact;
    let resp3 = client.resp3;
    let Some(count_arg) = args.get(2) else {
        return match find(model, client.db, &args[1], now) {
            Found::Other => exact(error(WRONGTYPE)),
            Found::Missing => exact(null_bulk(resp3)),
            Found::Hash(hash) => Expected::Hash(HashShape::Fields {
                pairs: hash.pairs.clone(),
                len: 1,
                distinct: true,
                with_values: false,
                resp3,
                single: true,
            }),
        };
    };
    let Some(count) = parse_int(count_arg) else {
        return exact(error(NOT_INTEGER));
    };
    if count == i64::MIN {
        return exact(error(
            b"ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        ));
    }
    let with_values = match &args[3..] {
        [] => false,
        [word] if eq(word, "withvalues") => true,
        _ => return exact(error(SYNTAX)),
    };
    if with_values && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&count) {
        return exact(error(b"ERR value is out of range"));
    }
    let hash = match find(model, client.db, &args[1], now) {
        Found::Other => return exact(error(WRONGTYPE)),
        Found::Missing => return exact(array_header(0)),
        Found::Hash(hash) => hash,
    };
    if count == 0 {
        return exact(array_header(0));
    }
    let size = hash.pairs.len();
    if count > 0 && count as usize >= size {
        // The whole hash, in its order.
        let mut out = array_header(if with_values && !resp3 {
            size * 2
        } else {
            size
        });
        for (field, value) in &hash.pairs {
            if with_values && resp3 {
                out.extend(array_header(2));
            }
            out.extend(bulk(field));
            if with_values {
                out.extend(bulk(value));
            }
        }
        return exact(out);
    }
    Expected::Hash(HashShape::Fields {
        pairs: hash.pairs.clone(),
        len: count.unsigned_abs() as usize,
        distinct: count > 0,
        with_values,
        resp3,
        single: false,
    })
}

/// A cursor as Redis's `strtoul`-based parse reads it (see the core's
/// `scan_cursor` for the rules); `None` is `ERR invalid cursor`.
fn scan_cursor(arg: &[u8]) -> Option<u64> {
    let text = arg.split(|&b| b == 0).next().unwrap_or_default();
    if text.is_empty() {
        return Some(0);
    }
    let (negative, digits) = match text[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// HSCAN: a small hash comes whole with cursor 0; a table by shape.
fn hscan(model: &mut Model, client: &ClientModel, args: &[Vec<u8>], now: u64) -> Expected {
    let exact = Expected::Exact;
    if scan_cursor(&args[2]).is_none() {
        return exact(error(b"ERR invalid cursor"));
    }
    let hash = match find(model, client.db, &args[1], now) {
        Found::Other => return exact(error(WRONGTYPE)),
        Found::Missing => return exact(b"*2\r\n$1\r\n0\r\n*0\r\n".to_vec()),
        Found::Hash(hash) => hash,
    };
    let mut pattern = None;
    let mut count = 10usize;
    let mut options = args[3..].iter();
    while let Some(option) = options.next() {
        let is_count = eq(option, "count");
        if !is_count && !eq(option, "match") {
            return exact(error(SYNTAX));
        }
        let Some(value) = options.next() else {
            return exact(error(SYNTAX));
        };
        if is_count {
            match parse_int(value) {
                None => return exact(error(NOT_INTEGER)),
                Some(n) if n < 1 => return exact(error(SYNTAX)),
                Some(n) => count = n as usize,
            }
        } else {
            pattern = (value.as_slice() != b"*").then(|| value.clone());
        }
    }
    let matching = |field: &[u8]| pattern.as_ref().is_none_or(|p| glob(p, field));
    if !hash.table {
        let kept: Vec<&(Vec<u8>, Vec<u8>)> =
            hash.pairs.iter().filter(|(f, _)| matching(f)).collect();
        let mut out = b"*2\r\n$1\r\n0\r\n".to_vec();
        out.extend(array_header(kept.len() * 2));
        for (field, value) in kept {
            out.extend(bulk(field));
            out.extend(bulk(value));
        }
        return exact(out);
    }
    Expected::Hash(HashShape::Scan {
        pairs: hash.pairs.clone(),
        pattern,
        count,
    })
}

/// A reply the model can only check by shape and membership.
#[derive(Clone, Debug)]
pub enum HashShape {
    /// HRANDFIELD: `len` fields of the hash (distinct ones, or independent
    /// draws), with their values when asked; `single` for the bare form
    /// (one bulk string, no array).
    Fields {
        pairs: Vec<(Vec<u8>, Vec<u8>)>,
        len: usize,
        distinct: bool,
        with_values: bool,
        resp3: bool,
        single: bool,
    },
    /// One HSCAN step over a table: a cursor, then at most `count` pairs
    /// of the hash whose fields match the pattern.
    Scan {
        pairs: Vec<(Vec<u8>, Vec<u8>)>,
        pattern: Option<Vec<u8>>,
        count: usize,
    },
}

/// A parsed reply: enough for arrays of bulk strings.
#[derive(Debug)]
enum Reply {
    Bulk(Vec<u8>),
    Array(Vec<Reply>),
}

/// One reply at the start of `bytes` (bulk strings and arrays only) and
/// its length.
fn parse(bytes: &[u8]) -> Option<(Reply, usize)> {
    let end = bytes.windows(2).position(|w| w == b"\r\n")?;
    let n: usize = std::str::from_utf8(bytes.get(1..end)?).ok()?.parse().ok()?;
    let mut pos = end + 2;
    match bytes.first()? {
        b'$' => {
            let body = bytes.get(pos..pos + n)?.to_vec();
            (bytes.get(pos + n..pos + n + 2)? == b"\r\n")
                .then_some((Reply::Bulk(body), pos + n + 2))
        }
        b'*' => {
            let mut items = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                let (item, used) = parse(&bytes[pos..])?;
                items.push(item);
                pos += used;
            }
            Some((Reply::Array(items), pos))
        }
        _ => None,
    }
}

impl HashShape {
    /// What the reply should look like, for failure messages.
    fn describe(&self) -> Vec<u8> {
        format!("<{self:?}>").into_bytes()
    }

    /// Checks that `actual` starts with a reply of this shape; returns its
    /// length, or the description to show.
    pub fn matches(&self, actual: &[u8]) -> Result<usize, Vec<u8>> {
        let (reply, used) = parse(actual).ok_or_else(|| self.describe())?;
        let ok = match self {
            HashShape::Fields {
                pairs,
                len,
                distinct,
                with_values,
                resp3,
                single,
            } => check_fields(
                &reply,
                pairs,
                *len,
                *distinct,
                *with_values,
                *resp3,
                *single,
            ),
            HashShape::Scan {
                pairs,
                pattern,
                count,
            } => check_scan(&reply, pairs, pattern.as_deref(), *count),
        };
        if ok {
            Ok(used)
        } else {
            Err(self.describe())
        }
    }
}

fn bulk_of(reply: &Reply) -> Option<&[u8]> {
    match reply {
        Reply::Bulk(b) => Some(b),
        Reply::Array(_) => None,
    }
}

fn items_of(reply: &Reply) -> Option<&[Reply]> {
    match reply {
        Reply::Array(items) => Some(items),
        Reply::Bulk(_) => None,
    }
}

fn check_fields(
    reply: &Reply,
    pairs: &[(Vec<u8>, Vec<u8>)],
    len: usize,
    distinct: bool,
    with_values: bool,
    resp3: bool,
    single: bool,
) -> bool {
    let value_of = |field: &[u8]| pairs.iter().find(|(f, _)| f == field).map(|(_, v)| v);
    if single {
        return bulk_of(reply).is_some_and(|f| value_of(f).is_some());
    }
    let Some(items) = items_of(reply) else {
        return false;
    };
    let mut got: Vec<(&[u8], Option<&[u8]>)> = Vec::new();
    if with_values && resp3 {
        for pair in items {
            match items_of(pair) {
                Some([f, v]) => match (bulk_of(f), bulk_of(v)) {
                    (Some(f), Some(v)) => got.push((f, Some(v))),
                    _ => return false,
                },
                _ => return false,
            }
        }
    } else if with_values {
        if !items.len().is_multiple_of(2) {
            return false;
        }
        for pair in items.chunks(2) {
            match (bulk_of(&pair[0]), bulk_of(&pair[1])) {
                (Some(f), Some(v)) => got.push((f, Some(v))),
                _ => return false,
            }
        }
    } else {
        for field in items {
            match bulk_of(field) {
                Some(f) => got.push((f, None)),
                None => return false,
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    got.len() == len
        && got.iter().all(|(field, value)| match value_of(field) {
            None => false,
            Some(stored) => value.is_none_or(|v| v == stored.as_slice()),
        })
        && (!distinct || got.iter().all(|(field, _)| seen.insert(*field)))
}

fn check_scan(
    reply: &Reply,
    pairs: &[(Vec<u8>, Vec<u8>)],
    pattern: Option<&[u8]>,
    count: usize,
) -> bool {
    let Some([cursor, found]) = items_of(reply) else {
        return false;
    };
    let cursor_ok = bulk_of(cursor)
        .and_then(|c| std::str::from_utf8(c).ok())
        .is_some_and(|c| c.parse::<u64>().is_ok());
    let Some(found) = items_of(found) else {
        return false;
    };
    cursor_ok
        && found.len().is_multiple_of(2)
        && found.len() / 2 <= count
        && found
            .chunks(2)
            .all(|pair| match (bulk_of(&pair[0]), bulk_of(&pair[1])) {
                (Some(f), Some(v)) => {
                    pairs.iter().any(|(pf, pv)| pf == f && pv == v)
                        && pattern.is_none_or(|p| glob(p, f))
                }
                _ => false,
            })
}

/// The numbers HINCRBYFLOAT meets in the simulation, exactly: value
/// `n / 2^16`. Every number the workload makes is an integer or a short
/// binary fraction, which Redis's `long double` holds exactly unless it
/// needs more than 64 significant bits (see [`Fixed::round`]).
#[derive(Clone, Copy, Debug)]
enum Fixed {
    Finite(i128),
    Inf,
}

const SCALE_BITS: u32 = 16;

impl Fixed {
    /// `strtold`'s grammar as Redis's `string2ld` applies it, for the
    /// forms the workload produces: `[+-]` then `inf`/`infinity`, a `0x`
    /// hexadecimal integer, or `digits[.digits][e[+-]digits]`. NaN and
    /// anything with other bytes (spaces, NUL) are refused. Panics on a
    /// valid number the model cannot hold exactly: a workload bug.
    fn parse(text: &[u8]) -> Option<Fixed> {
        let (negative, body) = match text.first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        if body.eq_ignore_ascii_case(b"inf") || body.eq_ignore_ascii_case(b"infinity") {
            return Some(Fixed::Inf);
        }
        let sign = if negative { -1 } else { 1 };
        if let Some(hex) = body.strip_prefix(b"0x").or(body.strip_prefix(b"0X")) {
            if hex.is_empty() || !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let n = i128::from_str_radix(std::str::from_utf8(hex).ok()?, 16)
                .expect("the workload's hex numbers are small");
            return Some(Fixed::Finite(sign * (n << SCALE_BITS)));
        }
        let (mantissa, exponent) = match body.iter().position(|&b| b == b'e' || b == b'E') {
            Some(e) => {
                let exp = &body[e + 1..];
                let digits = exp
                    .strip_prefix(b"-")
                    .or(exp.strip_prefix(b"+"))
                    .unwrap_or(exp);
                if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let value: i64 = std::str::from_utf8(exp).ok()?.parse().ok()?;
                (&body[..e], value)
            }
            None => (body, 0),
        };
        let (whole, fraction) = match mantissa.iter().position(|&b| b == b'.') {
            Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
            None => (mantissa, &[][..]),
        };
        if (whole.is_empty() && fraction.is_empty())
            || !whole.iter().chain(fraction).all(u8::is_ascii_digit)
        {
            return None;
        }
        // Move the point by the exponent, then hold whole + fraction.
        let digits: Vec<u8> = whole.iter().chain(fraction).copied().collect();
        let point = whole.len() as i64 + exponent;
        if point > 4933 && digits.iter().any(|&d| d != b'0') {
            // Beyond the largest long double (about 1.19e4932): refused.
            return None;
        }
        let at = point.clamp(0, digits.len() as i64) as usize;
        let mut whole_digits = digits[..at].to_vec();
        whole_digits.extend(std::iter::repeat_n(
            b'0',
            (point - at as i64).max(0) as usize,
        ));
        let mut fraction_digits = vec![b'0'; (at as i64 - point).max(0) as usize];
        fraction_digits.extend_from_slice(&digits[at..]);
        while fraction_digits.last() == Some(&b'0') {
            fraction_digits.pop();
        }
        let number = |digits: &[u8]| -> i128 {
            let text = std::str::from_utf8(digits).expect("digits");
            let text = text.trim_start_matches('0');
            if text.is_empty() {
                0
            } else {
                text.parse().expect("the workload's numbers are short")
            }
        };
        let whole = number(&whole_digits);
        let fraction = number(&fraction_digits) << SCALE_BITS;
        let den = 10i128.pow(fraction_digits.len() as u32);
        assert!(
            fraction % den == 0,
            "{} is no short binary fraction",
            String::from_utf8_lossy(text)
        );
        let n = (whole << SCALE_BITS) + fraction / den;
        Some(Fixed::Finite(sign * n))
    }

    /// Rounds to the 64 significant bits of a `long double`, ties to even.
    fn round(n: i128) -> i128 {
        let magnitude = n.unsigned_abs();
        let bits = 128 - magnitude.leading_zeros();
        if bits <= 64 {
            return n;
        }
        let drop = bits - 64;
        let kept = magnitude >> drop;
        let rest = magnitude & ((1u128 << drop) - 1);
        let half = 1u128 << (drop - 1);
        let up = rest > half || (rest == half && kept & 1 == 1);
        let rounded = ((kept + up as u128) << drop) as i128;
        if n < 0 {
            -rounded
        } else {
            rounded
        }
    }

    /// `%.17Lf` without trailing zeros (exact here: 2^-16 has 16 decimal
    /// digits), `-0` as `0`.
    fn print(n: i128) -> String {
        let magnitude = n.unsigned_abs();
        let whole = magnitude >> SCALE_BITS;
        let fraction = magnitude & ((1 << SCALE_BITS) - 1);
        // fraction / 2^16 = fraction * 5^16 / 10^16.
        let decimals = format!("{:016}", fraction * 5u128.pow(16));
        let decimals = decimals.trim_end_matches('0');
        let sign = if n < 0 { "-" } else { "" };
        if decimals.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{decimals}")
        }
    }
}

#[test]
fn fixed_point_follows_long_double() {
    let sum = |a: &str, b: &str| match (Fixed::parse(a.as_bytes()), Fixed::parse(b.as_bytes())) {
        (Some(Fixed::Finite(a)), Some(Fixed::Finite(b))) => Fixed::print(Fixed::round(a + b)),
        other => panic!("{other:?}"),
    };
    assert_eq!(sum("1.5", "2.25"), "3.75");
    assert_eq!(sum("0.5", "-0.5"), "0");
    assert_eq!(sum("-3", "0.125"), "-2.875");
    assert_eq!(sum("2.5e-1", "0x10"), "16.25");
    // Recorded from redis-server 7.0.15: the sum needs 65 bits.
    assert_eq!(sum("9223372036854775807", "1"), "9223372036854775808");
    assert_eq!(sum("18446744073709551615", "0"), "18446744073709551615");
    assert_eq!(sum("18446744073709551615", "0.5"), "18446744073709551616");
    assert!(Fixed::parse(b"nan").is_none());
    assert!(Fixed::parse(b" 1").is_none());
    assert!(Fixed::parse(b"1\0").is_none());
    assert!(Fixed::parse(b"").is_none());
    assert!(Fixed::parse(b"0x").is_none());
    assert!(matches!(Fixed::parse(b"-INF"), Some(Fixed::Inf)));
    assert!(glob(b"f[0-2]*", b"f1x") && !glob(b"f[^0-2]", b"f1") && glob(b"a\\*", b"a*"));
}
