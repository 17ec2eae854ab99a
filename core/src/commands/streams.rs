//! Stream commands: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XREAD,
//! XSETID; consumer groups are in `streams_groups`, XINFO in
//! `streams_info`. The helpers here (ID parsing, entry replies, stream
//! lookups) are shared with them.
//!
//! XREAD BLOCK blocks on its keys with the `$` IDs resolved to each
//! stream's last ID at that moment ([`Ctx::block_with_args`]), so entries
//! added while it waits are never skipped; re-run when a key it waits on
//! is written, it answers only once an entry newer than its IDs exists,
//! and otherwise keeps waiting in its place.

use super::args::{integer, is_token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::{Ctx, TimeoutReply};
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::notify;
use crate::types::{Fields, NodeLimits, Stream, StreamId, Trim, Value};
use crate::Millis;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("xadd", -5, WRITE | DENYOOM | FAST, xadd)
        .keys(1, 1, 1)
        .acl(&["@write", "@stream", "@fast"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0)).notes("UPDATE instead of INSERT because of the optional trimming feature")])
        .doc("Appends a new entry to a stream", "5.0.0", "stream", "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.")
        .history(&[("6.2.0", "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option."), ("7.0.0", "Added support for the `<ms>-*` explicit ID form.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("nomkstream", "pure-token").token("NOMKSTREAM").since("6.2.0").optional(),
            arg("trim", "block").optional().args(&[
                    arg("strategy", "oneof").args(&[
                            arg("maxlen", "pure-token").token("MAXLEN"),
                            arg("minid", "pure-token").token("MINID").since("6.2.0"),
                        ]),
                    arg("operator", "oneof").optional().args(&[
                            arg("equal", "pure-token").token("="),
                            arg("approximately", "pure-token").token("~"),
                        ]),
                    arg("threshold", "string"),
                    arg("count", "integer").token("LIMIT").since("6.2.0").optional(),
                ]),
            arg("id_or_auto", "oneof").args(&[
                    arg("auto_id", "pure-token").token("*"),
                    arg("id", "string"),
                ]),
            arg("field_value", "block").multiple().args(&[
                    arg("field", "string"),
                    arg("value", "string"),
                ]),
        ]),
    Command::new("xlen", 2, READONLY | FAST, xlen)
        .keys(1, 1, 1)
        .acl(&["@read", "@stream", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc("Return the number of entries in a stream", "5.0.0", "stream", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("xrange", -4, READONLY, xrange)
        .keys(1, 1, 1)
        .acl(&["@read", "@stream", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a range of elements in a stream, with IDs matching the specified IDs interval", "5.0.0", "stream", "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).")
        .history(&[("6.2.0", "Added exclusive ranges.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("start", "string"),
            arg("end", "string"),
            arg("count", "integer").token("COUNT").optional(),
        ]),
    Command::new("xrevrange", -4, READONLY, xrevrange)
        .keys(1, 1, 1)
        .acl(&["@read", "@stream", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE", "5.0.0", "stream", "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).")
        .history(&[("6.2.0", "Added exclusive ranges.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("end", "string"),
            arg("start", "string"),
            arg("count", "integer").token("COUNT").optional(),
        ]),
    Command::new("xdel", -3, WRITE | FAST, xdel)
        .keys(1, 1, 1)
        .acl(&["@write", "@stream", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.", "5.0.0", "stream", "O(1) for each single item to delete in the stream, regardless of the stream size.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("id", "string").multiple(),
        ]),
    Command::new("xtrim", -4, WRITE, xtrim)
        .keys(1, 1, 1)
        .acl(&["@write", "@stream", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Trims the stream to (approximately if '~' is passed) a certain size", "5.0.0", "stream", "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.")
        .history(&[("6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("trim", "block").args(&[
                    arg("strategy", "oneof").args(&[
                            arg("maxlen", "pure-token").token("MAXLEN"),
                            arg("minid", "pure-token").token("MINID").since("6.2.0"),
                        ]),
                    arg("operator", "oneof").optional().args(&[
                            arg("equal", "pure-token").token("="),
                            arg("approximately", "pure-token").token("~"),
                        ]),
                    arg("threshold", "string"),
                    arg("count", "integer").token("LIMIT").since("6.2.0").optional(),
                ]),
        ]),
    Command::new("xread", -4, READONLY | BLOCKING | MOVABLEKEYS, xread)
        .acl(&["@read", "@stream", "@slow", "@blocking"])
        .key_specs(&[KeySpec::keyword(&["RO", "access"], "STREAMS", 1, (-1, 1, 2))])
        .doc("Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.", "5.0.0", "stream", "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.")
        .args(&[
            arg("count", "integer").token("COUNT").optional(),
            arg("milliseconds", "integer").token("BLOCK").optional(),
            arg("streams", "block").token("STREAMS").args(&[
                    arg("key", "key").key_spec(0).multiple(),
                    arg("id", "string").multiple(),
                ]),
        ]),
    Command::new("xsetid", -3, WRITE | DENYOOM | FAST, xsetid)
        .keys(1, 1, 1)
        .acl(&["@write", "@stream", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("An internal command for replicating stream values", "5.0.0", "stream", "O(1)")
        .history(&[("7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("last-id", "string"),
            arg("entries_added", "integer").token("ENTRIESADDED").since("7.0.0").optional(),
            arg("max_deleted_entry_id", "string").token("MAXDELETEDID").since("7.0.0").optional(),
        ]),
];

// ---- IDs -------------------------------------------------------------

/// Redis's `string2ull` on one part of an ID: decimal digits (a `+` may
/// lead), fitting 64 bits.
fn parse_u64(part: &[u8]) -> Option<u64> {
    let digits = part.strip_prefix(b"+").unwrap_or(part);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// An ID argument as Redis's `streamGenericParseIDOrReply` reads it: `-`
/// and `+` (unless `strict`), `ms` (the sequence is `missing_seq`), or
/// `ms-seq`. With `seq_star`, `ms-*` is accepted and reported as
/// `(id with seq 0, false)`; the flag says whether a sequence was given.
fn parse_id_full(
    arg: &[u8],
    missing_seq: u64,
    strict: bool,
    seq_star: bool,
) -> Result<(StreamId, bool), CommandError> {
    if arg.len() > 127 {
        return Err(errors::STREAM_BAD_ID);
    }
    let arg = errors::c_str(arg);
    match arg {
        b"-" if !strict => return Ok((StreamId::MIN, true)),
        b"+" if !strict => return Ok((StreamId::MAX, true)),
        b"-" | b"+" => return Err(errors::STREAM_BAD_ID),
        _ => {}
    }
    let (ms, seq) = match arg.iter().position(|&b| b == b'-') {
        Some(dash) => (&arg[..dash], Some(&arg[dash + 1..])),
        None => (arg, None),
    };
    let ms = parse_u64(ms).ok_or(errors::STREAM_BAD_ID)?;
    match seq {
        Some(b"*") if seq_star => Ok((StreamId::new(ms, 0), false)),
        Some(seq) => Ok((
            StreamId::new(ms, parse_u64(seq).ok_or(errors::STREAM_BAD_ID)?),
            true,
        )),
        None => Ok((StreamId::new(ms, missing_seq), true)),
    }
}

/// An ID where `-` and `+` are refused (XDEL, XREAD, XSETID...).
pub(super) fn parse_strict_id(arg: &[u8]) -> Result<StreamId, CommandError> {
    parse_id_full(arg, 0, true, false).map(|(id, _)| id)
}

/// A range bound: `-`, `+`, an ID (a missing sequence is `missing_seq`),
/// or with `(` an exclusive one (strict). Returns (id, exclusive).
pub(super) fn parse_interval(
    arg: &[u8],
    missing_seq: u64,
) -> Result<(StreamId, bool), CommandError> {
    if arg.len() > 1 && arg[0] == b'(' {
        Ok((parse_id_full(&arg[1..], missing_seq, true, false)?.0, true))
    } else {
        Ok((parse_id_full(arg, missing_seq, false, false)?.0, false))
    }
}

/// Writes an ID as a bulk string.
pub(super) fn write_id(w: &mut ReplyWriter, id: StreamId) {
    w.bulk(&id.to_bytes());
}

/// Writes one entry: [id, [field, value, ...]].
pub(super) fn write_entry(w: &mut ReplyWriter, id: StreamId, fields: Fields) {
    w.array(2);
    write_id(w, id);
    w.array(fields.pairs() * 2);
    for (field, value) in fields {
        w.bulk(field);
        w.bulk(value);
    }
}

/// The node limits from the configuration.
fn node_limits(ctx: &Ctx) -> NodeLimits {
    let get = |name: &str, default: u64| {
        ctx.store
            .config
            .reported
            .get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    NodeLimits {
        max_entries: get("stream-node-max-entries", 100),
        max_bytes: get("stream-node-max-bytes", 4096),
    }
}

// ---- lookups ---------------------------------------------------------

/// The stream at `key` for reading (counting a hit or miss); WRONGTYPE
/// for another type.
pub(super) fn read_stream<R>(
    ctx: &mut Ctx,
    key: &[u8],
    read: impl FnOnce(Option<&Stream>, &mut ReplyWriter) -> Result<R, CommandError>,
) -> Result<R, CommandError> {
    let now = ctx.now();
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    let (hit, result) = match db.lookup(key, now).map(|e| &e.value) {
        None => (false, read(None, &mut w)),
        Some(Value::Stream(s)) => (true, read(Some(s), &mut w)),
        Some(_) => (true, Err(errors::WRONGTYPE)),
    };
    ctx.count_read(key, hit);
    result
}

/// Runs `write` on the stream at `key` (`None` when missing); WRONGTYPE
/// for another type. Memory is re-accounted after the change.
pub(super) fn write_stream<R>(
    ctx: &mut Ctx,
    key: &[u8],
    write: impl FnOnce(Option<&mut Stream>, &mut ReplyWriter) -> Result<R, CommandError>,
) -> Result<R, CommandError> {
    let now = ctx.now();
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    match db.lookup_mut(key, now) {
        None => write(None, &mut w),
        Some(entry) => match &mut entry.entry.value {
            Value::Stream(s) => write(Some(s), &mut w),
            _ => Err(errors::WRONGTYPE),
        },
    }
}

/// Checks the key holds a stream or nothing (`Ok(false)`).
pub(super) fn stream_exists(ctx: &mut Ctx, key: &[u8]) -> Result<bool, CommandError> {
    let now = ctx.now();
    match ctx.db().lookup(key, now).map(|e| &e.value) {
        None => Ok(false),
        Some(Value::Stream(_)) => Ok(true),
        Some(_) => Err(errors::WRONGTYPE),
    }
}

// ---- XADD / XTRIM ----------------------------------------------------

/// The trimming options of XADD and XTRIM.
struct TrimArgs {
    trim: Option<Trim>,
    approx: bool,
    /// 0: no limit.
    limit: u64,
    no_mkstream: bool,
    /// XADD's ID: None for `*`; (id, sequence given).
    id: Option<(StreamId, bool)>,
}

/// Redis's `streamParseAddOrTrimArgsOrReply`: options, then (for XADD)
/// the ID; `args` is left at the fields.
fn parse_trim_args(ctx: &Ctx, args: &mut Args, xadd: bool) -> Result<TrimArgs, CommandError> {
    let mut parsed = TrimArgs {
        trim: None,
        approx: false,
        limit: 0,
        no_mkstream: false,
        id: None,
    };
    let mut limit_given = false;
    while let Some(opt) = args.peek() {
        let more = args.remaining() - 1;
        args.next_arg()?;
        if xadd && opt == b"*" {
            break;
        } else if (is_token(opt, "maxlen") || is_token(opt, "minid")) && more > 0 {
            if parsed.trim.is_some() {
                return Err(errors::TRIM_BOTH);
            }
            parsed.approx = false;
            if more >= 2 {
                match args.peek() {
                    Some(b"~") => {
                        parsed.approx = true;
                        args.next_arg()?;
                    }
                    Some(b"=") => {
                        args.next_arg()?;
                    }
                    _ => {}
                }
            }
            let threshold = args.next_arg()?;
            parsed.trim = Some(if is_token(opt, "maxlen") {
                let max = integer(threshold)?;
                if max < 0 {
                    return Err(errors::MAXLEN_NEGATIVE);
                }
                Trim::MaxLen(max as u64)
            } else {
                Trim::MinId(parse_strict_id(threshold)?)
            });
        } else if is_token(opt, "limit") && more > 0 {
            let limit = integer(args.next_arg()?)?;
            if limit < 0 {
                return Err(errors::XLIMIT_NEGATIVE);
            }
            parsed.limit = limit as u64;
            limit_given = true;
        } else if xadd && is_token(opt, "nomkstream") {
            parsed.no_mkstream = true;
        } else if xadd {
            parsed.id = Some(parse_id_full(opt, 0, true, true)?);
            break;
        } else {
            return Err(errors::SYNTAX);
        }
    }
    if parsed.limit != 0 && parsed.trim.is_none() {
        return Err(errors::LIMIT_WITHOUT_STRATEGY);
    }
    if !xadd && parsed.trim.is_none() {
        return Err(errors::XTRIM_NO_STRATEGY);
    }
    if limit_given {
        if !parsed.approx {
            return Err(errors::LIMIT_WITHOUT_APPROX);
        }
    } else if parsed.approx {
        let per_node = node_limits(ctx).max_entries;
        parsed.limit = per_node.saturating_mul(100);
        if parsed.limit == 0 {
            parsed.limit = 10_000;
        }
        parsed.limit = parsed.limit.min(1_000_000);
    } else {
        parsed.limit = 0;
    }
    Ok(parsed)
}

/// The ID XADD gives a new entry, or its error.
fn next_id(
    stream: &Stream,
    wanted: Option<(StreamId, bool)>,
    unix_ms: u64,
) -> Result<StreamId, CommandError> {
    let last = stream.last_id();
    let id = match wanted {
        Some((id, true)) => id,
        Some((id, false)) => {
            if id.ms == last.ms {
                if last.seq == u64::MAX {
                    return Err(errors::XADD_SMALLER_ID);
                }
                StreamId::new(last.ms, last.seq + 1)
            } else {
                id
            }
        }
        // Redis's `streamNextID`: the clock, unless it is not ahead of
        // the last ID (then the last ID's successor).
        None if unix_ms > last.ms => StreamId::new(unix_ms, 0),
        None => last.next().ok_or(errors::STREAM_EXHAUSTED)?,
    };
    if id <= last {
        return Err(errors::XADD_SMALLER_ID);
    }
    Ok(id)
}

/// XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]]
/// *|id field value [field value ...]
fn xadd(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let called = args.clone();
    let key = args.next_key()?;
    let parsed = parse_trim_args(ctx, args, true)?;
    let pairs = args.rest();
    if pairs.len() < 2 || !pairs.len().is_multiple_of(2) {
        return Err(errors::wrong_arity("xadd"));
    }
    if parsed.id == Some((StreamId::MIN, true)) {
        return Err(errors::XADD_ZERO_ID);
    }
    let exists = stream_exists(ctx, key)?;
    if !exists {
        if parsed.no_mkstream {
            ctx.unchanged();
            ctx.reply().null_bulk();
            return Ok(());
        }
        let now = ctx.now();
        ctx.db()
            .insert(key, Value::Stream(Box::default()), None, now);
    }
    let limits = node_limits(ctx);
    let unix_ms = ctx.store.unix_now_ms();
    let trimmed = write_stream(ctx, key, |stream, w| {
        let Some(stream) = stream else {
            return Ok((0, StreamId::MIN, Vec::new()));
        };
        if stream.last_id() == StreamId::MAX {
            return Err(errors::STREAM_EXHAUSTED);
        }
        let id = next_id(stream, parsed.id, unix_ms)?;
        stream.append(id, pairs, limits);
        write_id(w, id);
        let trimmed = match parsed.trim {
            Some(trim) => stream.trim(trim, parsed.approx, parsed.limit),
            None => 0,
        };
        Ok((trimmed, id, trimmed_to(stream, parsed.trim)))
    });
    let trimmed = match trimmed {
        Ok((n, id, reached)) => {
            if ctx.logging() {
                // The ID made explicit, an approximate trim made exact.
                let given = parsed.id.is_some_and(|(_, seq_given)| seq_given);
                let id_at = called.remaining() - pairs.len() - 1;
                let id = (!given).then_some((id_at, id));
                let reached = parsed.approx.then_some(reached);
                log_stream_write(ctx, called, id, reached);
            }
            n
        }
        Err(e) => {
            // A stream created for this call stays only if it was added to.
            if !exists {
                ctx.db().remove(key);
            }
            return Err(e);
        }
    };
    ctx.notify(notify::STREAM, "xadd", key);
    // Readers blocked on the stream wake on every new entry, not only
    // when the key is added (Redis's xaddCommand signals the key itself).
    let db = ctx.client.db;
    ctx.store.blocking.signal(db, key);
    if trimmed > 0 {
        ctx.notify(notify::STREAM, "xtrim", key);
    }
    Ok(())
}

/// Where a trim left the stream, as Redis writes it into the log in place
/// of an approximate threshold: the length (MAXLEN), or the first entry's
/// ID (MINID; 0-0 when empty).
fn trimmed_to(stream: &Stream, trim: Option<Trim>) -> Vec<u8> {
    match trim {
        Some(Trim::MaxLen(_)) => stream.len().to_string().into_bytes(),
        Some(Trim::MinId(_)) => stream.first_entry().unwrap_or(StreamId::MIN).to_bytes(),
        None => Vec::new(),
    }
}

/// Logs XADD or XTRIM as Redis 7.0 propagates it: as called, with the
/// entry ID XADD generated in place of `*` or `ms-*` (`id`: its position
/// among the arguments after the name, and the ID), and an approximate
/// trim (`~`) made exact (`=` and `reached`, see [`trimmed_to`]) so that
/// replaying it trims exactly what was trimmed here.
fn log_stream_write(
    ctx: &mut Ctx,
    called: Args,
    id: Option<(usize, StreamId)>,
    reached: Option<Vec<u8>>,
) {
    let words = called.command_words();
    let mut record: Vec<Vec<u8>> = called.map(<[u8]>::to_vec).collect();
    let options_end = id.map_or(record.len(), |(at, _)| at);
    if let Some((at, id)) = id {
        if let Some(arg) = record.get_mut(at) {
            *arg = id.to_bytes();
        }
    }
    if let Some(reached) = reached {
        // The first MAXLEN or MINID among the options (after the key).
        let strategy = (1..options_end).find(|&i| {
            record
                .get(i)
                .is_some_and(|a| is_token(a, "maxlen") || is_token(a, "minid"))
        });
        if let Some(at) = strategy {
            if let Some(approx) = record.get_mut(at + 1) {
                *approx = b"=".to_vec();
            }
            if let Some(threshold) = record.get_mut(at + 2) {
                *threshold = reached;
            }
        }
    }
    let mut whole: Vec<&[u8]> = words.to_vec();
    whole.extend(record.iter().map(Vec::as_slice));
    ctx.log_as(&whole);
}

/// XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
fn xtrim(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let called = args.clone();
    let key = args.next_key()?;
    let parsed = parse_trim_args(ctx, args, false)?;
    let Some(trim) = parsed.trim else {
        return Err(errors::XTRIM_NO_STRATEGY);
    };
    let (deleted, reached) = write_stream(ctx, key, |stream, _| {
        Ok(stream.map_or((0, Vec::new()), |s| {
            let deleted = s.trim(trim, parsed.approx, parsed.limit);
            (deleted, trimmed_to(s, Some(trim)))
        }))
    })?;
    // One change per entry trimmed.
    ctx.changes(deleted);
    if deleted > 0 && parsed.approx && ctx.logging() {
        log_stream_write(ctx, called, None, Some(reached));
    }
    ctx.reply().integer(deleted as i64);
    if deleted > 0 {
        ctx.notify(notify::STREAM, "xtrim", key);
    }
    Ok(())
}

// ---- reads -----------------------------------------------------------

/// XLEN key
fn xlen(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    read_stream(ctx, key, |s, w| {
        w.integer(s.map_or(0, |s| s.len() as i64));
        Ok(())
    })
}

/// XRANGE key start end [COUNT count]
fn xrange(ctx: &mut Ctx, args: &mut Args) -> Reply {
    range_command(ctx, args, false)
}

/// XREVRANGE key end start [COUNT count]
fn xrevrange(ctx: &mut Ctx, args: &mut Args) -> Reply {
    range_command(ctx, args, true)
}

fn range_command(ctx: &mut Ctx, args: &mut Args, rev: bool) -> Reply {
    let key = args.next_key()?;
    let (first, second) = (args.next_arg()?, args.next_arg()?);
    let (start_arg, end_arg) = if rev {
        (second, first)
    } else {
        (first, second)
    };
    let (mut start, start_ex) = parse_interval(start_arg, 0)?;
    if start_ex {
        start = start.next().ok_or(errors::INVALID_START_ID)?;
    }
    let (mut end, end_ex) = parse_interval(end_arg, u64::MAX)?;
    if end_ex {
        end = end.prev().ok_or(errors::INVALID_END_ID)?;
    }
    let mut count: i64 = -1;
    while let Some(opt) = args.peek() {
        args.next_arg()?;
        if is_token(opt, "count") && !args.is_empty() {
            count = integer(args.next_arg()?)?.max(0);
        } else {
            return Err(errors::SYNTAX);
        }
    }
    read_stream(ctx, key, |s, w| {
        match s {
            None => w.array(0),
            Some(_) if count == 0 => w.null_array(),
            Some(s) => write_range(w, s, start, end, rev, count.max(0) as usize),
        }
        Ok(())
    })
}

/// Writes the entries from `start` to `end` (at most `count`; 0: all) as
/// an array.
pub(super) fn write_range(
    w: &mut ReplyWriter,
    s: &Stream,
    start: StreamId,
    end: StreamId,
    rev: bool,
    count: usize,
) {
    let mut found: Vec<(StreamId, Fields)> = Vec::new();
    s.visit(start, end, rev, |id, fields| {
        found.push((id, fields));
        count == 0 || found.len() < count
    });
    w.array(found.len());
    for (id, fields) in found {
        write_entry(w, id, fields);
    }
}

/// XDEL key id [id ...]
fn xdel(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let rest = args.rest();
    // As Redis: a missing key answers 0 and another type WRONGTYPE before
    // the IDs are looked at; then every ID is checked before any deletion.
    let deleted = write_stream(ctx, key, |s, _| {
        let Some(s) = s else { return Ok(0) };
        let ids = rest
            .iter()
            .map(|a| parse_strict_id(a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids.iter().filter(|&&id| s.delete(id)).count())
    })?;
    ctx.reply().integer(deleted as i64);
    if deleted > 0 {
        ctx.notify(notify::STREAM, "xdel", key);
    }
    // One change per entry deleted.
    ctx.changes(deleted as u64);
    Ok(())
}

/// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
fn xsetid(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let id = parse_strict_id(args.next_arg()?)?;
    let mut added: Option<u64> = None;
    let mut max_deleted = StreamId::MIN;
    while let Some(opt) = args.peek() {
        args.next_arg()?;
        if is_token(opt, "entriesadded") && !args.is_empty() {
            let n = integer(args.next_arg()?)?;
            if n < 0 {
                return Err(errors::XSETID_ENTRIES_NEGATIVE);
            }
            added = Some(n as u64);
        } else if is_token(opt, "maxdeletedid") && !args.is_empty() {
            max_deleted = parse_strict_id(args.next_arg()?)?;
            if id < max_deleted {
                return Err(errors::XSETID_BELOW_MAX_DELETED);
            }
        } else {
            return Err(errors::SYNTAX);
        }
    }
    write_stream(ctx, key, |s, w| {
        let s = s.ok_or(errors::NO_SUCH_KEY)?;
        if !s.is_empty() {
            if s.last_entry().is_some_and(|last| id < last) {
                return Err(errors::XSETID_SMALLER);
            }
            if added.is_some_and(|n| s.len() > n) {
                return Err(errors::XSETID_ENTRIES_SMALLER);
            }
        }
        s.set_id(id, added, (!max_deleted.is_zero()).then_some(max_deleted));
        w.ok();
        Ok(())
    })?;
    ctx.notify(notify::STREAM, "xsetid", key);
    Ok(())
}

// ---- XREAD -----------------------------------------------------------

/// XREAD/XREADGROUP options.
pub(super) struct ReadArgs<'a> {
    /// BLOCK's deadline: `None` without BLOCK, `Some(None)` forever.
    pub block: Option<Option<Millis>>,
    pub count: usize,
    pub group: Option<(&'a [u8], &'a [u8])>,
    pub noack: bool,
    pub keys: &'a [&'a [u8]],
    pub ids: &'a [&'a [u8]],
    /// Where the IDs start among the arguments after the command name.
    pub ids_at: usize,
}

/// How many entries per stream a blocked XREAD/XREADGROUP without COUNT
/// (or with COUNT 0) gets when it is served: Redis 7.0 stores this limit
/// when the client blocks (`XREAD_BLOCKED_DEFAULT_COUNT`), so one large
/// MULTI of XADDs does not produce an unbounded reply to a waiter.
const BLOCKED_READ_DEFAULT_COUNT: usize = 1000;

/// BLOCK's milliseconds as Redis's `getTimeoutFromObjectOrReply` reads
/// them: the deadline, `None` for 0 (forever).
fn block_deadline(ctx: &Ctx, arg: &[u8]) -> Result<Option<Millis>, CommandError> {
    let ms = integer(arg).map_err(|_| errors::TIMEOUT_NOT_INTEGER)?;
    if ms < 0 {
        return Err(errors::TIMEOUT_NEGATIVE);
    }
    Ok((ms > 0).then(|| ctx.now().saturating_add(ms as u64)))
}

/// Parses XREAD's (or XREADGROUP's) options up to STREAMS.
pub(super) fn parse_read_args<'a>(
    ctx: &Ctx,
    args: &mut Args<'a>,
    group_command: bool,
) -> Result<ReadArgs<'a>, CommandError> {
    let all = args.rest();
    let mut read = ReadArgs {
        block: None,
        count: 0,
        group: None,
        noack: false,
        keys: &[],
        ids: &[],
        ids_at: 0,
    };
    let mut streams = false;
    let mut i = 0;
    while i < all.len() {
        let more = all.len() - i - 1;
        let opt = all[i];
        if is_token(opt, "block") && more > 0 {
            if ctx.client.script {
                return Err(errors::block_from_script(group_command));
            }
            i += 1;
            read.block = Some(block_deadline(ctx, all[i])?);
        } else if is_token(opt, "count") && more > 0 {
            i += 1;
            read.count = integer(all[i])?.max(0) as usize;
        } else if is_token(opt, "streams") && more > 0 {
            let rest = &all[i + 1..];
            if !rest.len().is_multiple_of(2) {
                return Err(if group_command {
                    errors::XREADGROUP_UNBALANCED
                } else {
                    errors::XREAD_UNBALANCED
                });
            }
            let (keys, ids) = rest.split_at(rest.len() / 2);
            read.keys = keys;
            read.ids = ids;
            read.ids_at = i + 1 + keys.len();
            streams = true;
            break;
        } else if is_token(opt, "group") && more >= 2 {
            if !group_command {
                return Err(errors::XREAD_GROUP_OPTION);
            }
            read.group = Some((all[i + 1], all[i + 2]));
            i += 2;
        } else if is_token(opt, "noack") {
            if !group_command {
                return Err(errors::XREAD_NOACK_OPTION);
            }
            read.noack = true;
        } else {
            return Err(errors::SYNTAX);
        }
        i += 1;
    }
    if !streams {
        return Err(errors::SYNTAX);
    }
    if group_command && read.group.is_none() {
        return Err(errors::XREADGROUP_MISSING_GROUP);
    }
    if read.count == 0 && ctx.client.serving.is_some() {
        read.count = BLOCKED_READ_DEFAULT_COUNT;
    }
    Ok(read)
}

/// Writes the header of XREAD's reply: an array of [key, entries] pairs
/// in RESP2, a map of key -> entries in RESP3.
pub(super) fn write_read_header(w: &mut ReplyWriter, streams: usize) {
    if w.protocol() == Protocol::Resp2 {
        w.array(streams);
    } else {
        w.map(streams);
    }
}

/// Writes one stream's part of XREAD's reply.
pub(super) fn write_read_key(w: &mut ReplyWriter, key: &[u8]) {
    if w.protocol() == Protocol::Resp2 {
        w.array(2);
    }
    w.bulk(key);
}

/// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
fn xread(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let words = args.command_words();
    let all = args.rest();
    let read = parse_read_args(ctx, &mut Args::new(all), false)?;
    // Resolve every ID first (`$`: the stream's last ID), checking types
    // in order as Redis does.
    let now = ctx.now();
    let mut ids = Vec::with_capacity(read.keys.len());
    let mut resolved_dollar = false;
    let serving = ctx.client.serving.is_some();
    for (key, arg) in read.keys.iter().zip(read.ids) {
        let stream = match ctx.db().lookup(key, now).map(|e| &e.value) {
            None => None,
            Some(Value::Stream(s)) => Some(s.last_id()),
            // Redis leaves a blocked reader waiting when the key turns
            // into another type.
            Some(_) if serving => None,
            Some(_) => return Err(errors::WRONGTYPE),
        };
        if *arg == b"$" {
            resolved_dollar = true;
            ids.push(stream.unwrap_or_default());
        } else if *arg == b">" {
            return Err(errors::XREAD_GT);
        } else {
            ids.push(parse_strict_id(arg)?);
        }
    }
    // Which streams have an entry above the ID.
    let mut ready = Vec::new();
    for (i, key) in read.keys.iter().enumerate() {
        if let Some(Value::Stream(s)) = ctx.db().lookup(key, now).map(|e| &e.value) {
            if s.last_entry().is_some_and(|last| last > ids[i]) {
                ready.push(i);
            }
        }
    }
    if !ready.is_empty() {
        let db = &mut ctx.store.dbs[ctx.client.db];
        let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
        write_read_header(&mut w, ready.len());
        for i in ready {
            let key = read.keys[i];
            write_read_key(&mut w, key);
            if let Some(Value::Stream(s)) = db.peek_value(key) {
                match ids[i].next() {
                    Some(start) => write_range(&mut w, s, start, StreamId::MAX, false, read.count),
                    None => w.array(0),
                }
            }
        }
        return Ok(());
    }
    match read.block {
        None => ctx.reply().null_array(),
        Some(deadline) => {
            // Store the command with `$` replaced by the IDs it stood for,
            // so a wake-up compares with the stream as it was now.
            let stored = resolved_dollar.then(|| {
                let mut stored: Vec<Vec<u8>> = words.iter().map(|w| w.to_vec()).collect();
                stored.extend(all[..read.ids_at].iter().map(|a| a.to_vec()));
                stored.extend(ids.iter().map(|id| id.to_bytes()));
                stored
            });
            ctx.block_with_args(read.keys, deadline, TimeoutReply::NullArray, stored);
        }
    }
    Ok(())
}
