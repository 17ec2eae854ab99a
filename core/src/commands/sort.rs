//! SORT and SORT_RO: the elements of a list, set or sorted set, sorted by
//! their own value or by values read from other keys, as redis-server
//! 7.0.15 does.
//!
//! - Options are read first, in any order and repeatable (the last wins),
//!   so a syntax error comes before WRONGTYPE; SORT_RO knows no STORE.
//! - `BY pattern` without a `*` (`BY nosort`) keeps the container's order
//!   (a list's or sorted set's, reversed by DESC; a set's own order) and
//!   sorts nothing, and stays in force whatever BY comes later. Sorting a
//!   set that way with STORE sorts it ALPHA instead (as Redis does, so a
//!   stored result never depends on hashing).
//! - A pattern names another key: its first `*` is replaced by the element,
//!   and `->field` after the `*` reads a hash field; `#` is the element
//!   itself. A missing key or field, or one of the wrong type, reads as
//!   nothing: 0 (or before everything, ALPHA) for BY, a null for GET
//!   (an empty string in a stored list).
//! - Numbers are read as `strtod` reads them: the text up to a NUL, and
//!   every byte of it, with out-of-range values and NaN refused (`ERR One
//!   or more scores can't be converted into double`). Equal numbers keep
//!   the elements in byte order.
//! - ALPHA compares bytes: without STORE as C strings (Redis's `strcoll`
//!   in the C locale, which stops at a NUL), with STORE as whole binary
//!   strings. Elements that compare equal keep the order they were read in.
//! - LIMIT offset count: a negative offset is 0, a negative count is
//!   everything after the offset.
//! - STORE replaces the destination whatever it held, TTL included, with a
//!   list (deleting it when the result is empty) and replies its length.
//!
//! Every lookup counts a keyspace hit or miss, the sorted key's and each
//! pattern's, with STORE too (Redis 7.0 looks them all up as reads). Sorting a sorted set converts it to its large form, as
//! Redis's SORT does.

use super::args::{integer, parse_hex_float, token, Args};
use super::errors::{self, c_str};
use super::keyspec::KeyArg;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::compact::Small;
use crate::protocol::ReplyWriter;
use crate::store::notify;
use crate::types::{List, Value};

pub(super) static COMMANDS: &[Command] = &[
    Command::new("sort", -2, WRITE | DENYOOM | MOVABLEKEYS, sort)
        .keys(1, 1, 1)
        .acl(&["@write", "@set", "@sortedset", "@list", "@slow", "@dangerous"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0)), KeySpec::unknown(&["RO", "access"]).notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort"), KeySpec::unknown(&["OW", "update"]).notes("For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array")])
        .key_function(sort_keys)
        .doc("Sort the elements in a list, set or sorted set", "1.0.0", "generic", "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("pattern", "pattern").key_spec(1).token("BY").optional(),
            arg("offset_count", "block").token("LIMIT").optional().args(&[
                    arg("offset", "integer"),
                    arg("count", "integer"),
                ]),
            arg("pattern", "pattern").key_spec(1).token("GET").optional().multiple().multiple_token(),
            arg("order", "oneof").optional().args(&[
                    arg("asc", "pure-token").token("ASC"),
                    arg("desc", "pure-token").token("DESC"),
                ]),
            arg("sorting", "pure-token").token("ALPHA").optional(),
            arg("destination", "key").key_spec(2).token("STORE").optional(),
        ]),
    Command::new("sort_ro", -2, READONLY | MOVABLEKEYS, sort_ro)
        .keys(1, 1, 1)
        .acl(&["@read", "@set", "@sortedset", "@list", "@slow", "@dangerous"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0)), KeySpec::unknown(&["RO", "access"]).notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort")])
        .key_function(sort_ro_keys)
        .doc("Sort the elements in a list, set or sorted set. Read-only variant of SORT.", "7.0.0", "generic", "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("pattern", "pattern").key_spec(1).token("BY").optional(),
            arg("offset_count", "block").token("LIMIT").optional().args(&[
                    arg("offset", "integer"),
                    arg("count", "integer"),
                ]),
            arg("pattern", "pattern").key_spec(1).token("GET").optional().multiple().multiple_token(),
            arg("order", "oneof").optional().args(&[
                    arg("asc", "pure-token").token("ASC"),
                    arg("desc", "pure-token").token("DESC"),
                ]),
            arg("sorting", "pure-token").token("ALPHA").optional(),
        ]),
];

const SORTED_KEY: &[&str] = &["RO", "access"];
const STORE_KEY: &[&str] = &["OW", "update"];

/// SORT's keys when its specs cannot say (COMMAND GETKEYS, the key the
/// dispatcher spares from eviction): the sorted key, and the destination
/// of the last STORE that has an argument after it. Redis's scan skips the
/// arguments of LIMIT (2), GET and BY (1) without checking them, so
/// `LIMIT 1 STORE d` hides that STORE.
fn sort_keys(argv: &[&[u8]]) -> Vec<KeyArg> {
    let mut keys = sort_ro_keys(argv);
    let mut store = None;
    let mut i = 2;
    while i < argv.len() {
        let Some(arg) = argv.get(i) else { break };
        match token(arg, &["limit", "get", "by", "store"]) {
            Some(0) => i += 2,
            Some(1 | 2) => i += 1,
            Some(_) if i + 1 < argv.len() => store = Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    keys.extend(store.map(|index| KeyArg {
        index,
        flags: STORE_KEY,
    }));
    keys
}

/// SORT_RO's keys: the sorted key only.
fn sort_ro_keys(argv: &[&[u8]]) -> Vec<KeyArg> {
    if argv.len() < 2 {
        return Vec::new();
    }
    vec![KeyArg {
        index: 1,
        flags: SORTED_KEY,
    }]
}

/// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC]
/// [ALPHA] [STORE destination]
fn sort(ctx: &mut Ctx, args: &mut Args) -> Reply {
    sort_generic(ctx, args, false)
}

/// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...]
/// [ASC|DESC] [ALPHA]
fn sort_ro(ctx: &mut Ctx, args: &mut Args) -> Reply {
    sort_generic(ctx, args, true)
}

/// What a BY or GET pattern names for one element.
#[derive(Clone, Copy)]
enum Pattern<'a> {
    /// `#`: the element itself.
    Element,
    /// No `*`: nothing (GET of a fixed key reads nothing; BY sorts nothing).
    Nothing,
    /// The key `prefix` + element + `suffix`, or its hash field `field`.
    Key {
        prefix: &'a [u8],
        suffix: &'a [u8],
        field: Option<&'a [u8]>,
    },
}

impl<'a> Pattern<'a> {
    /// Reads a pattern as Redis's `lookupKeyByPattern` does: `#` (up to a
    /// NUL) is the element; the first `*` before any NUL is replaced; a
    /// `->` after it (found before any NUL, and followed by something
    /// other than a NUL) starts the field, which runs to the end.
    fn parse(pattern: &'a [u8]) -> Pattern<'a> {
        if c_str(pattern) == b"#" {
            return Pattern::Element;
        }
        let Some(star) = c_str(pattern).iter().position(|&b| b == b'*') else {
            return Pattern::Nothing;
        };
        let prefix = &pattern[..star];
        let after = &pattern[star + 1..];
        let arrow = c_str(after).windows(2).position(|w| w == b"->");
        match arrow {
            Some(at) if after.get(at + 2).is_some_and(|&b| b != 0) => Pattern::Key {
                prefix,
                suffix: &after[..at],
                field: Some(&after[at + 2..]),
            },
            _ => Pattern::Key {
                prefix,
                suffix: after,
                field: None,
            },
        }
    }
}

/// The options of one call.
struct Options<'a> {
    /// The BY pattern that sorts, if any.
    by: Option<Pattern<'a>>,
    /// A BY without `*` was given: keep the container's order.
    dont_sort: bool,
    offset: i64,
    count: i64,
    gets: Vec<Pattern<'a>>,
    desc: bool,
    alpha: bool,
    store: Option<&'a [u8]>,
}

fn parse_options<'a>(
    args: &mut Args<'a>,
    read_only: bool,
) -> Result<Options<'a>, errors::CommandError> {
    let mut options = Options {
        by: None,
        dont_sort: false,
        offset: 0,
        count: -1,
        gets: Vec::new(),
        desc: false,
        alpha: false,
        store: None,
    };
    while let Some(option) = args.next() {
        let left = args.remaining();
        match token(
            option,
            &["asc", "desc", "alpha", "limit", "store", "by", "get"],
        ) {
            Some(0) => options.desc = false,
            Some(1) => options.desc = true,
            Some(2) => options.alpha = true,
            Some(3) if left >= 2 => {
                options.offset = integer(args.next_arg()?)?;
                options.count = integer(args.next_arg()?)?;
            }
            Some(4) if left >= 1 && !read_only => options.store = Some(args.next_arg()?),
            Some(5) if left >= 1 => {
                let pattern = args.next_arg()?;
                if c_str(pattern).contains(&b'*') {
                    options.by = Some(Pattern::parse(pattern));
                } else {
                    options.dont_sort = true;
                }
            }
            Some(6) if left >= 1 => options.gets.push(Pattern::parse(args.next_arg()?)),
            _ => return Err(errors::SYNTAX),
        }
    }
    Ok(options)
}

/// One element being sorted, with what it sorts by.
struct Item {
    element: Vec<u8>,
    /// The numeric key (0 when its BY value is missing).
    score: f64,
    /// The ALPHA key read through BY (`None`: missing).
    by_value: Option<Vec<u8>>,
}

fn sort_generic(ctx: &mut Ctx, args: &mut Args, read_only: bool) -> Reply {
    let key = args.next_key()?;
    let mut options = parse_options(args, read_only)?;
    let now = ctx.now();
    let found = ctx
        .db()
        .lookup_mut(key, now)
        .map(|entry| match &mut entry.entry.value {
            Value::ZSet(zset) => {
                zset.convert_to_skiplist();
                Some(Kind::ZSet)
            }
            Value::List(_) => Some(Kind::List),
            Value::Set(_) => Some(Kind::Set),
            _ => None,
        });
    ctx.count_read(key, found.is_some());
    let kind = match found {
        Some(Some(kind)) => Some(kind),
        Some(None) => return Err(errors::WRONGTYPE),
        None => None,
    };
    // A set has no order of its own: stored, or for a script (whose
    // results must not depend on it), it is sorted ALPHA.
    if options.dont_sort
        && kind == Some(Kind::Set)
        && (options.store.is_some() || ctx.client.script)
    {
        options.dont_sort = false;
        options.alpha = true;
        options.by = None;
    }
    let len = ctx.db().peek_value(key).map_or(0, value_len) as i64;
    let (start, end) = window(options.offset, options.count, len);
    let mut items = load(ctx, key, kind, &options, start, end);
    // The window, now over `items`.
    let (start, end) = if options.dont_sort && kind != Some(Kind::Set) {
        (0, items.len())
    } else if end >= start {
        (start as usize, end as usize + 1)
    } else {
        (0, 0)
    };
    if !options.dont_sort {
        load_sort_keys(ctx, &mut items, &options)?;
        sort_items(&mut items, &options);
    }
    let window = items.get(start..end).unwrap_or_default();
    let per_element = options.gets.len().max(1);
    let output_len = window.len() * per_element;
    match options.store {
        None => {
            let mut values = Vec::with_capacity(output_len);
            for item in window {
                if options.gets.is_empty() {
                    values.push(Some(item.element.clone()));
                }
                for &pattern in &options.gets {
                    values.push(lookup_pattern(ctx, pattern, &item.element));
                }
            }
            let mut w = ctx.reply();
            w.array(values.len());
            for value in values {
                write_value(&mut w, value.as_deref());
            }
        }
        Some(destination) => {
            let mut list = List::default();
            for item in window {
                if options.gets.is_empty() {
                    list.push_back(Small::new(&item.element));
                }
                for &pattern in &options.gets {
                    let value = lookup_pattern(ctx, pattern, &item.element);
                    list.push_back(Small::new(value.as_deref().unwrap_or_default()));
                }
            }
            let db = ctx.db();
            if list.is_empty() {
                if db.remove(destination).is_some() {
                    ctx.notify(notify::GENERIC, "del", destination);
                } else {
                    ctx.unchanged();
                }
            } else {
                let stored = list.len() as u64;
                db.insert(destination, Value::List(Box::new(list)), None, now);
                // Redis counts one change per element stored.
                ctx.changes(stored);
                ctx.notify(notify::LIST, "sortstore", destination);
            }
            ctx.reply().integer(output_len as i64);
        }
    }
    Ok(())
}

fn write_value(w: &mut ReplyWriter, value: Option<&[u8]>) {
    match value {
        Some(bytes) => w.bulk(bytes),
        None => w.null_bulk(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    List,
    Set,
    ZSet,
}

fn value_len(value: &Value) -> usize {
    match value {
        Value::List(list) => list.len(),
        Value::Set(set) => set.len(),
        Value::ZSet(zset) => zset.len(),
        _ => 0,
    }
}

/// LIMIT over `len` elements, as Redis clamps it: the inclusive window
/// `start..=end`, empty when `end < start`.
fn window(offset: i64, count: i64, len: i64) -> (i64, i64) {
    let start = offset.clamp(0, len);
    let count = count.clamp(-1, len);
    let mut end = if count < 0 {
        len - 1
    } else {
        start + count - 1
    };
    let start = if start >= len {
        end = len - 2;
        len - 1
    } else {
        start
    };
    (start, end.min(len - 1))
}

/// The elements to sort: all of them, or, when a list or sorted set keeps
/// its own order, just the window `start..=end` of that order (reversed by
/// DESC).
fn load(
    ctx: &mut Ctx,
    key: &[u8],
    kind: Option<Kind>,
    options: &Options,
    start: i64,
    end: i64,
) -> Vec<Item> {
    let item = |element: Vec<u8>| Item {
        element,
        score: 0.0,
        by_value: None,
    };
    let Some(value) = ctx.db().peek_value(key) else {
        return Vec::new();
    };
    let windowed = options.dont_sort && kind != Some(Kind::Set);
    let (skip, take) = if !windowed {
        (0, usize::MAX)
    } else if end >= start {
        (start as usize, (end - start + 1) as usize)
    } else {
        (0, 0)
    };
    match value {
        Value::List(list) => {
            let elements = list.iter().map(|e| item(e.as_slice().to_vec()));
            if windowed && options.desc {
                elements.rev().skip(skip).take(take).collect()
            } else {
                elements.skip(skip).take(take).collect()
            }
        }
        Value::ZSet(zset) if windowed => {
            let len = zset.len();
            let (from, to) = if options.desc {
                (len.saturating_sub(skip + take), len - skip.min(len))
            } else {
                (skip, skip.saturating_add(take).min(len))
            };
            let mut elements: Vec<Item> = zset
                .range(from, to)
                .into_iter()
                .map(|(member, _)| item(member.to_vec()))
                .collect();
            if options.desc {
                elements.reverse();
            }
            elements
        }
        Value::ZSet(zset) => zset
            .iter()
            .map(|(member, _)| item(member.to_vec()))
            .collect(),
        Value::Set(set) => set
            .iter()
            .map(|member| item(member.bytes().to_vec()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads what each item sorts by: its BY value (ALPHA), or its number
/// (from its BY value, 0 when that is missing, or from the element).
fn load_sort_keys(ctx: &mut Ctx, items: &mut [Item], options: &Options) -> Reply {
    if options.alpha {
        if let Some(pattern) = options.by {
            for item in items {
                item.by_value = lookup_pattern(ctx, pattern, &item.element);
            }
        }
        return Ok(());
    }
    let mut convertible = true;
    for item in items {
        let number = match options.by {
            Some(pattern) => match lookup_pattern(ctx, pattern, &item.element) {
                Some(value) => score(&value),
                None => continue,
            },
            None => score(&item.element),
        };
        match number {
            Some(number) => item.score = number,
            None => convertible = false,
        }
    }
    if convertible {
        Ok(())
    } else {
        Err(errors::SORT_NOT_DOUBLE)
    }
}

/// Sorts by score (ties by element bytes) or ALPHA, stably.
fn sort_items(items: &mut [Item], options: &Options) {
    let binary = options.store.is_some();
    let compare_bytes = |a: &[u8], b: &[u8]| {
        if binary {
            a.cmp(b)
        } else {
            c_str(a).cmp(c_str(b))
        }
    };
    items.sort_by(|a, b| {
        let order = if !options.alpha {
            a.score
                .partial_cmp(&b.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.element.cmp(&b.element))
        } else if options.by.is_some() {
            match (&a.by_value, &b.by_value) {
                (Some(x), Some(y)) => compare_bytes(x, y),
                (x, y) => x.is_some().cmp(&y.is_some()),
            }
        } else {
            compare_bytes(&a.element, &b.element)
        };
        if options.desc {
            order.reverse()
        } else {
            order
        }
    });
}

/// The value `pattern` names for `element`: the element, a string key's
/// value, or a hash field's; `None` when missing or of another type.
/// Counts a keyspace hit or miss.
fn lookup_pattern(ctx: &mut Ctx, pattern: Pattern, element: &[u8]) -> Option<Vec<u8>> {
    let (prefix, suffix, field) = match pattern {
        Pattern::Element => return Some(element.to_vec()),
        Pattern::Nothing => return None,
        Pattern::Key {
            prefix,
            suffix,
            field,
        } => (prefix, suffix, field),
    };
    let mut name = Vec::with_capacity(prefix.len() + element.len() + suffix.len());
    name.extend_from_slice(prefix);
    name.extend_from_slice(element);
    name.extend_from_slice(suffix);
    let now = ctx.now();
    let value = ctx
        .db()
        .lookup(&name, now)
        .map(|entry| match (&entry.value, field) {
            (Value::Str(bytes), None) => Some(bytes.as_slice().to_vec()),
            (Value::Hash(hash), Some(field)) => hash.get(field).map(<[u8]>::to_vec),
            _ => None,
        });
    ctx.count_read(&name, value.is_some());
    value.flatten()
}

/// A number as SORT reads one with C's `strtod` (see the module
/// documentation): white space first, then a decimal or hexadecimal
/// number or `inf`/`infinity`, ending the text (up to its first NUL; the
/// empty text is 0). Overflow and underflow (a result too small for a
/// normal double; an exact hexadecimal one passes) are refused, as ERANGE
/// makes Redis refuse them, and so is NaN.
fn score(bytes: &[u8]) -> Option<f64> {
    let text = c_str(bytes);
    if text.is_empty() {
        return Some(0.0);
    }
    // C's isspace: space, \t, \n, \v, \f, \r.
    let blank = text
        .iter()
        .take_while(|&&b| b == b' ' || (0x09..=0x0d).contains(&b))
        .count();
    let body = &text[blank..];
    let (negative, unsigned) = match body.first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let magnitude =
        if unsigned.eq_ignore_ascii_case(b"inf") || unsigned.eq_ignore_ascii_case(b"infinity") {
            f64::INFINITY
        } else if unsigned.len() > 2 && unsigned[..2].eq_ignore_ascii_case(b"0x") {
            hex_number(&unsigned[2..])?
        } else {
            decimal_number(unsigned)?
        };
    Some(if negative { -magnitude } else { magnitude })
}

/// The digits of a decimal number: `digits[.digits][e[+-]digits]`, with
/// at least one mantissa digit.
fn decimal_number(text: &[u8]) -> Option<f64> {
    let mantissa_end = text
        .iter()
        .position(|&b| b == b'e' || b == b'E')
        .unwrap_or(text.len());
    let (mantissa, exponent) = text.split_at(mantissa_end);
    let (whole, fraction) = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => (&mantissa[..dot], &mantissa[dot + 1..]),
        None => (mantissa, &[][..]),
    };
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    if !digits(whole) || !digits(fraction) || whole.len() + fraction.len() == 0 {
        return None;
    }
    if let Some(exponent) = exponent.get(1..) {
        let power = exponent
            .strip_prefix(b"+")
            .or_else(|| exponent.strip_prefix(b"-"))
            .unwrap_or(exponent);
        if power.is_empty() || !digits(power) {
            return None;
        }
    }
    let value: f64 = std::str::from_utf8(text).ok()?.parse().ok()?;
    let nonzero = whole.iter().chain(fraction).any(|&b| b != b'0');
    in_range(value, nonzero, true)
}

/// The part of a hexadecimal number after `0x`.
fn hex_number(text: &[u8]) -> Option<f64> {
    let lower = std::str::from_utf8(text).ok()?.to_ascii_lowercase();
    let mantissa = lower.split('p').next().unwrap_or("");
    let nonzero = mantissa.bytes().any(|b| b.is_ascii_hexdigit() && b != b'0');
    in_range(parse_hex_float(&lower)?, nonzero, false)
}

/// Refuses what sets ERANGE: an infinite result, zero from nonzero digits,
/// and (for decimal text, which is never exact there) a subnormal one.
fn in_range(value: f64, nonzero: bool, decimal: bool) -> Option<f64> {
    let underflow = nonzero && (value == 0.0 || (decimal && value.abs() < f64::MIN_POSITIVE));
    (value.is_finite() && !underflow).then_some(value)
}
