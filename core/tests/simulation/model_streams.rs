//! The model of the stream commands the workload sends (XADD with explicit
//! or `ms-*` IDs and exact MAXLEN, XRANGE, XREVRANGE, XDEL, XTRIM MAXLEN,
//! XLEN): a reference stream is a `BTreeMap` of IDs to field/value lists
//! plus the last ID ever added, written from Redis 7.0's t_stream.c rules
//! (argument checks in its order) as plainly as possible. Consumer groups
//! live in each stream too; their commands are in model_stream_groups.rs.

use std::collections::BTreeMap;

use super::model::{
    bulk, error, int, null_array, wrong_arity, Entry, Model, Value, NOT_INTEGER, SYNTAX, WRONGTYPE,
};

/// An entry ID: (milliseconds, sequence).
pub type Id = (u64, u64);

const MAX_ID: Id = (u64::MAX, u64::MAX);
pub(super) const INVALID_ID: &[u8] = b"ERR Invalid stream ID specified as stream command argument";

/// A stream: its entries in ID order and the greatest ID ever added (which
/// deletions and trimming leave in place, as Redis's `last_id`).
#[derive(Clone, Debug, Default)]
pub struct StreamValue {
    pub entries: BTreeMap<Id, Vec<Vec<u8>>>,
    pub last: Id,
    /// Consumer groups by name (model_stream_groups.rs).
    pub groups: BTreeMap<Vec<u8>, super::model_stream_groups::Group>,
}

/// Arity of the stream commands modelled here (name lower-case).
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"xlen" => 2,
        b"xadd" => -5,
        b"xrange" | b"xrevrange" => -4,
        b"xdel" | b"xtrim" => -3,
        _ => return super::model_stream_groups::arity(name),
    })
}

pub(super) fn is(arg: &[u8], word: &str) -> bool {
    arg.eq_ignore_ascii_case(word.as_bytes())
}

/// Digits only, as the workload sends them, into a u64.
fn number(text: &[u8]) -> Option<u64> {
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// `ms-seq` or `ms` (sequence `missing_seq`); `-`/`+` too unless strict;
/// `seq_star` allows `ms-*` (returned with a None sequence).
pub(super) fn parse_id(
    arg: &[u8],
    missing_seq: u64,
    strict: bool,
    seq_star: bool,
) -> Option<(u64, Option<u64>)> {
    if !strict && arg == b"-" {
        return Some((0, Some(0)));
    }
    if !strict && arg == b"+" {
        return Some((u64::MAX, Some(u64::MAX)));
    }
    match arg.iter().position(|&b| b == b'-') {
        None => Some((number(arg)?, Some(missing_seq))),
        Some(dash) => {
            let ms = number(&arg[..dash])?;
            let seq = &arg[dash + 1..];
            if seq_star && seq == b"*" {
                Some((ms, None))
            } else {
                Some((ms, Some(number(seq)?)))
            }
        }
    }
}

pub(super) fn id_text(id: Id) -> Vec<u8> {
    format!("{}-{}", id.0, id.1).into_bytes()
}

/// An array of entries as XRANGE writes them.
pub(super) fn entries_reply<'a>(
    entries: impl Iterator<Item = (&'a Id, &'a Vec<Vec<u8>>)>,
) -> Vec<u8> {
    let entries: Vec<_> = entries.collect();
    let mut out = format!("*{}\r\n", entries.len()).into_bytes();
    for (id, fields) in entries {
        out.extend(b"*2\r\n");
        out.extend(bulk(&id_text(*id)));
        out.extend(format!("*{}\r\n", fields.len()).into_bytes());
        for f in fields {
            out.extend(bulk(f));
        }
    }
    out
}

/// `MAXLEN [=] n` at `args[at..]`: (n, the position after it).
fn maxlen(args: &[Vec<u8>], at: usize) -> Option<(u64, usize)> {
    let mut i = at + 1;
    if args.get(i).is_some_and(|a| a.as_slice() == b"=") {
        i += 1;
    }
    Some((number(args.get(i)?)?, i + 1))
}

/// Drops the oldest entries until at most `n` remain; how many went.
fn trim(stream: &mut StreamValue, n: u64) -> i64 {
    let mut removed = 0;
    while stream.entries.len() as u64 > n {
        stream.entries.pop_first();
        removed += 1;
    }
    removed
}

/// What looking a key up for a stream command finds.
pub(super) enum Found<'a> {
    Missing,
    Stream(&'a mut StreamValue),
    Other,
}

impl Model {
    pub(super) fn stream_at(&mut self, db: usize, key: &[u8], now: u64) -> Found<'_> {
        match self.entry(db, key, now) {
            None => Found::Missing,
            Some(Entry {
                value: Value::Stream(s),
                ..
            }) => Found::Stream(s),
            Some(_) => Found::Other,
        }
    }

    /// Runs one of the commands [`arity`] knows (arity already checked).
    pub fn stream_command(
        &mut self,
        db: usize,
        resp3: bool,
        args: &[Vec<u8>],
        name: &str,
        now: u64,
    ) -> Vec<u8> {
        let key = &args[1];
        if super::model_stream_groups::arity(name.as_bytes()).is_some() {
            return self.group_command(db, resp3, args, name, now);
        }
        match name {
            "xlen" => match self.stream_at(db, key, now) {
                Found::Missing => int(0),
                Found::Stream(s) => int(s.entries.len() as i64),
                Found::Other => error(WRONGTYPE),
            },
            "xadd" => self.xadd(db, args, now),
            "xtrim" => {
                if !(args.len() >= 4 && is(&args[2], "maxlen")) {
                    return error(SYNTAX);
                }
                let Some((n, end)) = maxlen(args, 2) else {
                    return error(b"ERR The MAXLEN argument must be >= 0.");
                };
                if end != args.len() {
                    return error(SYNTAX);
                }
                match self.stream_at(db, key, now) {
                    Found::Missing => int(0),
                    Found::Stream(s) => int(trim(s, n)),
                    Found::Other => error(WRONGTYPE),
                }
            }
            "xdel" => {
                let stream = match self.stream_at(db, key, now) {
                    Found::Missing => return int(0),
                    Found::Other => return error(WRONGTYPE),
                    Found::Stream(s) => s,
                };
                let mut ids = Vec::new();
                for arg in &args[2..] {
                    match parse_id(arg, 0, true, false) {
                        Some((ms, Some(seq))) => ids.push((ms, seq)),
                        _ => return error(INVALID_ID),
                    }
                }
                int(ids
                    .iter()
                    .filter(|id| stream.entries.remove(id).is_some())
                    .count() as i64)
            }
            _ => self.xrange(db, resp3, args, name == "xrevrange", now),
        }
    }

    fn xadd(&mut self, db: usize, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let mut at = 2;
        let mut limit = None;
        if is(&args[at], "maxlen") {
            let Some((n, end)) = maxlen(args, at) else {
                return error(b"ERR The MAXLEN argument must be >= 0.");
            };
            limit = Some(n);
            at = end;
        }
        let Some(id_arg) = args.get(at) else {
            return wrong_arity("xadd");
        };
        let Some((ms, seq)) = parse_id(id_arg, 0, true, true) else {
            return error(INVALID_ID);
        };
        let fields = &args[at + 1..];
        if fields.len() < 2 || fields.len() % 2 == 1 {
            return wrong_arity("xadd");
        }
        if seq == Some(0) && ms == 0 {
            return error(b"ERR The ID specified in XADD must be greater than 0-0");
        }
        let stream = match self.stream_at(db, &args[1], now) {
            Found::Other => return error(WRONGTYPE),
            Found::Stream(s) => s,
            Found::Missing => {
                self.insert(
                    db,
                    args[1].clone(),
                    Entry {
                        value: Value::Stream(StreamValue::default()),
                        deadline: None,
                    },
                );
                match self.stream_at(db, &args[1], now) {
                    Found::Stream(s) => s,
                    _ => unreachable!("just inserted"),
                }
            }
        };
        let last = stream.last;
        let id = match seq {
            Some(seq) if (ms, seq) > last => Some((ms, seq)),
            Some(_) => None,
            None if ms > last.0 => Some((ms, 0)),
            None if ms == last.0 && last.1 < u64::MAX => Some((ms, last.1 + 1)),
            None => None,
        };
        let Some(id) = id else {
            // A stream created for this XADD stays, empty, as in Redis.
            return error(
                b"ERR The ID specified in XADD is equal or smaller than the target stream top item",
            );
        };
        stream.entries.insert(id, fields.to_vec());
        stream.last = id;
        if let Some(n) = limit {
            trim(stream, n);
        }
        bulk(&id_text(id))
    }

    fn xrange(&mut self, db: usize, resp3: bool, args: &[Vec<u8>], rev: bool, now: u64) -> Vec<u8> {
        let (start_arg, end_arg) = if rev {
            (&args[3], &args[2])
        } else {
            (&args[2], &args[3])
        };
        // A bound: `(` makes it exclusive (and strict).
        let bound = |arg: &[u8], missing_seq: u64| -> Option<(Id, bool)> {
            let (arg, exclusive) = match arg {
                [b'(', rest @ ..] if !rest.is_empty() => (rest, true),
                _ => (arg, false),
            };
            match parse_id(arg, missing_seq, exclusive, false)? {
                (ms, Some(seq)) => Some(((ms, seq), exclusive)),
                _ => None,
            }
        };
        let Some((mut start, start_ex)) = bound(start_arg, 0) else {
            return error(INVALID_ID);
        };
        if start_ex {
            if start == MAX_ID {
                return error(b"ERR invalid start ID for the interval");
            }
            start = if start.1 == u64::MAX {
                (start.0 + 1, 0)
            } else {
                (start.0, start.1 + 1)
            };
        }
        let Some((mut end, end_ex)) = bound(end_arg, u64::MAX) else {
            return error(INVALID_ID);
        };
        if end_ex {
            if end == (0, 0) {
                return error(b"ERR invalid end ID for the interval");
            }
            end = if end.1 == 0 {
                (end.0 - 1, u64::MAX)
            } else {
                (end.0, end.1 - 1)
            };
        }
        let mut count: Option<i64> = None;
        let mut i = 4;
        while i < args.len() {
            if is(&args[i], "count") && i + 1 < args.len() {
                match super::model::parse_int(&args[i + 1]) {
                    Some(n) => count = Some(n.max(0)),
                    None => return error(NOT_INTEGER),
                }
                i += 2;
            } else {
                return error(SYNTAX);
            }
        }
        match self.stream_at(db, &args[1], now) {
            Found::Missing => entries_reply(std::iter::empty()),
            Found::Other => error(WRONGTYPE),
            Found::Stream(_) if count == Some(0) => null_array(resp3),
            Found::Stream(s) => {
                let take = count.map_or(usize::MAX, |n| n as usize);
                if start > end {
                    return entries_reply(std::iter::empty());
                }
                let range = s.entries.range(start..=end);
                if rev {
                    entries_reply(range.rev().take(take))
                } else {
                    entries_reply(range.take(take))
                }
            }
        }
    }
}
