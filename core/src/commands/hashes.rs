//! Hash commands: HSET, HSETNX, HMSET, HGET, HMGET, HGETALL, HKEYS, HVALS,
//! HLEN, HSTRLEN, HEXISTS, HDEL, HINCRBY, HINCRBYFLOAT, HRANDFIELD, HSCAN.
//!
//! Read commands count a keyspace hit or miss, as Redis's `lookupKeyRead`
//! does; a hash emptied by HDEL disappears. Float increments compute in
//! Redis's `long double` ([`super::long_double`]).

use std::collections::HashSet;

use super::args::{integer, is_token, scan_cursor, scan_options, Args};
use super::draws::Draws;
use super::errors::{self, CommandError};
use super::long_double::{string2ld, LongDouble, Parsed};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::glob::glob_match;
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::notify;
use crate::types::{Hash, HashLimits, Value};

pub(super) static COMMANDS: &[Command] = &[
    Command::new("hdel", -3, WRITE | FAST, hdel)
        .keys(1, 1, 1)
        .acl(&["@write", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Delete one or more hash fields", "2.0.0", "hash", "O(N) where N is the number of fields to be removed.")
        .history(&[("2.4.0", "Accepts multiple `field` arguments.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field", "string").multiple(),
        ]),
    Command::new("hexists", 3, READONLY | FAST, hexists)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc("Determine if a hash field exists", "2.0.0", "hash", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field", "string"),
        ]),
    Command::new("hget", 3, READONLY | FAST, hget)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get the value of a hash field", "2.0.0", "hash", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field", "string"),
        ]),
    Command::new("hgetall", 2, READONLY, hgetall)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@slow"])
        .tips(&["nondeterministic_output_order"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get all the fields and values in a hash", "2.0.0", "hash", "O(N) where N is the size of the hash.")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("hincrby", 4, WRITE | DENYOOM | FAST, hincrby)
        .keys(1, 1, 1)
        .acl(&["@write", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc("Increment the integer value of a hash field by the given number", "2.0.0", "hash", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field", "string"),
            arg("increment", "integer"),
        ]),
    Command::new("hincrbyfloat", 4, WRITE | DENYOOM | FAST, hincrbyfloat)
        .keys(1, 1, 1)
        .acl(&["@write", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc("Increment the float value of a hash field by the given amount", "2.6.0", "hash", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field", "string"),
            arg("increment", "double"),
        ]),
    Command::new("hkeys", 2, READONLY, hkeys)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@slow"])
        .tips(&["nondeterministic_output_order"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get all the fields in a hash", "2.0.0", "hash", "O(N) where N is the size of the hash.")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("hlen", 2, READONLY | FAST, hlen)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc("Get the number of fields in a hash", "2.0.0", "hash", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("hmget", -3, READONLY | FAST, hmget)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get the values of all the given hash fields", "2.0.0", "hash", "O(N) where N is the number of fields being requested.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field", "string").multiple(),
        ]),
    Command::new("hmset", -4, WRITE | DENYOOM | FAST, hmset)
        .keys(1, 1, 1)
        .acl(&["@write", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("Set multiple hash fields to multiple values", "2.0.0", "hash", "O(N) where N is the number of fields being set.")
        .doc_flags(&["deprecated"])
        .deprecated("4.0.0", "`HSET` with multiple field-value pairs")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field_value", "block").multiple().args(&[
                    arg("field", "string"),
                    arg("value", "string"),
                ]),
        ]),
    Command::new("hrandfield", -2, READONLY, hrandfield)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get one or multiple random fields from a hash", "6.2.0", "hash", "O(N) where N is the number of fields returned")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("options", "block").optional().args(&[
                    arg("count", "integer"),
                    arg("withvalues", "pure-token").token("WITHVALUES").optional(),
                ]),
        ]),
    Command::new("hscan", -3, READONLY, hscan)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Incrementally iterate hash fields and associated values", "2.8.0", "hash", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("cursor", "integer"),
            arg("pattern", "pattern").token("MATCH").optional(),
            arg("count", "integer").token("COUNT").optional(),
        ]),
    Command::new("hset", -4, WRITE | DENYOOM | FAST, hset)
        .keys(1, 1, 1)
        .acl(&["@write", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("Set the string value of a hash field", "2.0.0", "hash", "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.")
        .history(&[("4.0.0", "Accepts multiple `field` and `value` arguments.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field_value", "block").multiple().args(&[
                    arg("field", "string"),
                    arg("value", "string"),
                ]),
        ]),
    Command::new("hsetnx", 4, WRITE | DENYOOM | FAST, hsetnx)
        .keys(1, 1, 1)
        .acl(&["@write", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "insert"], 1, (0, 1, 0))])
        .doc("Set the value of a hash field, only if the field does not exist", "2.0.0", "hash", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field", "string"),
            arg("value", "string"),
        ]),
    Command::new("hstrlen", 3, READONLY | FAST, hstrlen)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc("Get the length of the value of a hash field", "3.2.0", "hash", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("field", "string"),
        ]),
    Command::new("hvals", 2, READONLY, hvals)
        .keys(1, 1, 1)
        .acl(&["@read", "@hash", "@slow"])
        .tips(&["nondeterministic_output_order"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get all the values in a hash", "2.0.0", "hash", "O(N) where N is the size of the hash.")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
];

/// The conversion thresholds in force and the hasher seed.
fn limits(ctx: &Ctx) -> HashLimits {
    let config = &ctx.store.config;
    HashLimits {
        max_entries: config.hash_max_listpack_entries,
        max_value: config.hash_max_listpack_value,
        seed: ctx.store.host.seed ^ 0x6861_7368_6861_7368,
    }
}

/// Runs `read` on the hash at `key` (`None` when missing) with a writer
/// for the reply; WRONGTYPE for another type. Counts a keyspace hit or
/// miss, as Redis's `lookupKeyRead` does.
fn read_hash<R>(
    ctx: &mut Ctx,
    key: &[u8],
    read: impl FnOnce(Option<&Hash>, &mut ReplyWriter) -> R,
) -> Result<R, CommandError> {
    let now = ctx.now();
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    let (hit, result) = match db.lookup(key, now).map(|e| &e.value) {
        None => (false, Ok(read(None, &mut w))),
        Some(Value::Hash(hash)) => (true, Ok(read(Some(hash), &mut w))),
        Some(_) => (true, Err(errors::WRONGTYPE)),
    };
    ctx.count_read(key, hit);
    result
}

/// Runs `write` on the hash at `key`, created empty when missing (and
/// stored only if `write` succeeds and leaves a field in it); WRONGTYPE
/// for another type. Memory is re-accounted after the change.
fn write_hash<R>(
    ctx: &mut Ctx,
    key: &[u8],
    write: impl FnOnce(&mut Hash, &HashLimits) -> Result<R, CommandError>,
) -> Result<R, CommandError> {
    let limits = limits(ctx);
    let now = ctx.now();
    let db = ctx.db();
    if let Some(entry) = db.lookup_mut(key, now) {
        return match &mut entry.entry.value {
            Value::Hash(hash) => write(hash, &limits),
            _ => Err(errors::WRONGTYPE),
        };
    }
    let mut hash = Hash::default();
    let result = write(&mut hash, &limits)?;
    if !hash.is_empty() {
        db.insert(key, Value::Hash(hash), None, now);
    }
    Ok(result)
}

/// The field/value pairs after the key; an odd count is Redis's arity
/// error for `command`.
fn pairs<'a>(args: &mut Args<'a>, command: &str) -> Result<&'a [&'a [u8]], CommandError> {
    let rest = args.rest();
    if rest.is_empty() || !rest.len().is_multiple_of(2) {
        return Err(errors::wrong_arity(command));
    }
    Ok(rest)
}

/// Sets every pair; returns how many fields are new.
fn set_pairs(hash: &mut Hash, pairs: &[&[u8]], limits: &HashLimits) -> usize {
    pairs
        .chunks_exact(2)
        .filter(|pair| hash.set(pair[0], pair[1], limits))
        .count()
}

/// HSET key field value [field value ...]: how many fields are new.
fn hset(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let pairs = pairs(args, "hset")?;
    let created = write_hash(ctx, key, |hash, limits| Ok(set_pairs(hash, pairs, limits)))?;
    // Redis counts one change per field given, new or not.
    ctx.changes(pairs.len() as u64 / 2);
    ctx.reply().integer(created as i64);
    ctx.notify(notify::HASH, "hset", key);
    Ok(())
}

/// HMSET key field value [field value ...]: HSET answering OK.
fn hmset(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let pairs = pairs(args, "hmset")?;
    write_hash(ctx, key, |hash, limits| Ok(set_pairs(hash, pairs, limits)))?;
    ctx.changes(pairs.len() as u64 / 2);
    ctx.reply().ok();
    ctx.notify(notify::HASH, "hset", key);
    Ok(())
}

/// HSETNX key field value: 1 if set, 0 if the field already existed.
fn hsetnx(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, field, value) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let created = write_hash(ctx, key, |hash, limits| {
        Ok(!hash.contains(field) && hash.set(field, value, limits))
    })?;
    ctx.reply().integer(created as i64);
    if created {
        ctx.notify(notify::HASH, "hset", key);
    } else {
        ctx.unchanged();
    }
    Ok(())
}

/// HGET key field
fn hget(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, field) = (args.next_key()?, args.next_arg()?);
    read_hash(ctx, key, |hash, w| match hash.and_then(|h| h.get(field)) {
        Some(value) => w.bulk(value),
        None => w.null_bulk(),
    })
}

/// HMGET key field [field ...]: a value or null per field.
fn hmget(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let fields = args.rest();
    read_hash(ctx, key, |hash, w| {
        w.array(fields.len());
        for field in fields {
            match hash.and_then(|h| h.get(field)) {
                Some(value) => w.bulk(value),
                None => w.null_bulk(),
            }
        }
    })
}

/// What HGETALL, HKEYS and HVALS list of each pair.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Both,
    Fields,
    Values,
}

/// HGETALL (a map), HKEYS and HVALS (arrays), in the hash's order.
fn list_all(ctx: &mut Ctx, args: &mut Args, part: Part) -> Reply {
    let key = args.next_key()?;
    read_hash(ctx, key, |hash, w| {
        let len = hash.map_or(0, |h| h.len());
        if part == Part::Both {
            w.map(len);
        } else {
            w.array(len);
        }
        for (field, value) in hash.into_iter().flat_map(|h| h.iter()) {
            if part != Part::Values {
                w.bulk(field);
            }
            if part != Part::Fields {
                w.bulk(value);
            }
        }
    })
}

/// HGETALL key
fn hgetall(ctx: &mut Ctx, args: &mut Args) -> Reply {
    list_all(ctx, args, Part::Both)
}

/// HKEYS key
fn hkeys(ctx: &mut Ctx, args: &mut Args) -> Reply {
    list_all(ctx, args, Part::Fields)
}

/// HVALS key
fn hvals(ctx: &mut Ctx, args: &mut Args) -> Reply {
    list_all(ctx, args, Part::Values)
}

/// HLEN key
fn hlen(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    read_hash(ctx, key, |hash, w| {
        w.integer(hash.map_or(0, |h| h.len()) as i64)
    })
}

/// HSTRLEN key field: the value's length, 0 when missing.
fn hstrlen(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, field) = (args.next_key()?, args.next_arg()?);
    read_hash(ctx, key, |hash, w| {
        let len = hash.and_then(|h| h.get(field)).map_or(0, <[u8]>::len);
        w.integer(len as i64)
    })
}

/// HEXISTS key field
fn hexists(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, field) = (args.next_key()?, args.next_arg()?);
    read_hash(ctx, key, |hash, w| {
        w.integer(hash.is_some_and(|h| h.contains(field)) as i64)
    })
}

/// HDEL key field [field ...]: how many were removed; the key goes with
/// its last field.
fn hdel(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let fields = args.rest();
    let now = ctx.now();
    let db = ctx.db();
    let (removed, emptied) = match db.lookup_mut(key, now) {
        None => (0, false),
        Some(entry) => match &mut entry.entry.value {
            Value::Hash(hash) => {
                let removed = fields.iter().filter(|field| hash.remove(field)).count();
                (removed, hash.is_empty())
            }
            _ => return Err(errors::WRONGTYPE),
        },
    };
    if emptied {
        db.remove(key);
    }
    ctx.reply().integer(removed as i64);
    ctx.changes(removed as u64);
    if removed > 0 {
        ctx.notify(notify::HASH, "hdel", key);
        if emptied {
            ctx.notify(notify::GENERIC, "del", key);
        }
    }
    Ok(())
}

/// HINCRBY key field increment
fn hincrby(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, field) = (args.next_key()?, args.next_arg()?);
    let increment = args.next_int()?;
    let value = write_hash(ctx, key, |hash, limits| {
        let current = match hash.get(field) {
            Some(text) => integer(text).map_err(|_| errors::HASH_NOT_INTEGER)?,
            None => 0,
        };
        let value = current
            .checked_add(increment)
            .ok_or(errors::INCR_OVERFLOW)?;
        hash.set(field, itoa::Buffer::new().format(value).as_bytes(), limits);
        Ok(value)
    })?;
    ctx.reply().integer(value);
    ctx.notify(notify::HASH, "hincrby", key);
    Ok(())
}

/// HINCRBYFLOAT key field increment: the new value as Redis prints a
/// `long double` (`%.17Lf` without trailing zeros), stored as that text.
fn hincrbyfloat(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, field) = (args.next_key()?, args.next_arg()?);
    let increment = match string2ld(args.next_arg()?) {
        None => return Err(errors::NOT_FLOAT),
        Some(Parsed::Infinite) => return Err(errors::VALUE_NAN_OR_INFINITY),
        Some(Parsed::Finite(increment)) => increment,
    };
    let text = write_hash(ctx, key, |hash, limits| {
        let current = match hash.get(field).map(string2ld) {
            None => LongDouble::ZERO,
            Some(Some(Parsed::Finite(current))) => current,
            // inf + a finite increment stays infinite.
            Some(Some(Parsed::Infinite)) => return Err(errors::NAN_OR_INFINITY),
            Some(None) => return Err(errors::HASH_NOT_FLOAT),
        };
        let value = current.add(increment).ok_or(errors::NAN_OR_INFINITY)?;
        let text = value.to_human();
        hash.set(field, text.as_bytes(), limits);
        Ok(text)
    })?;
    ctx.reply().bulk(text.as_bytes());
    ctx.notify(notify::HASH, "hincrbyfloat", key);
    // Logged as the value stored, as Redis propagates it.
    ctx.log_as(&[b"HSET", key, field, text.as_bytes()]);
    Ok(())
}

/// HRANDFIELD key [count [WITHVALUES]]
///
/// Without a count: one random field, or null. With a count: that many
/// distinct fields (all of them, in order, when the hash has no more),
/// or for a negative count that many independent draws; WITHVALUES adds
/// each value (RESP3: a [field, value] array per pair).
fn hrandfield(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let Some(count) = args.next() else {
        let mut draws = Draws::new(ctx.store);
        return read_hash(ctx, key, |hash, w| match hash {
            None => w.null_bulk(),
            Some(hash) => match hash.pair_at(draws.below(hash.len())) {
                Some((field, _)) => w.bulk(field),
                None => w.null_bulk(),
            },
        });
    };
    let count = integer(count)?;
    if count == i64::MIN {
        return Err(errors::RANDMEMBER_RANGE);
    }
    let with_values = match args.rest() {
        [] => false,
        [word] if is_token(word, "withvalues") => true,
        _ => return Err(errors::SYNTAX),
    };
    if with_values && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&count) {
        return Err(errors::OUT_OF_RANGE);
    }
    let mut draws = Draws::new(ctx.store);
    // Redis stops writing a long reply once the client is to be closed
    // for its output buffer; the engine then drops the client.
    let budget = super::draws::output_budget(ctx);
    read_hash(ctx, key, |hash, w| {
        let Some(hash) = hash.filter(|_| count != 0) else {
            w.array(0);
            return;
        };
        // A packed hash is walked once rather than once per draw.
        let packed: Option<Vec<(&[u8], &[u8])>> = hash.is_packed().then(|| hash.iter().collect());
        let at = |i: usize| match &packed {
            Some(pairs) => pairs.get(i).copied(),
            None => hash.pair_at(i),
        };
        let size = hash.len();
        let wanted = count.unsigned_abs() as usize;
        let write_pair = |w: &mut ReplyWriter, pair: Option<(&[u8], &[u8])>| {
            let Some((field, value)) = pair else {
                return;
            };
            if with_values && w.protocol() == Protocol::Resp3 {
                w.array(2);
            }
            w.bulk(field);
            if with_values {
                w.bulk(value);
            }
        };
        let header = |w: &mut ReplyWriter, n: usize| {
            let flat = with_values && w.protocol() == Protocol::Resp2;
            w.array(if flat { n * 2 } else { n });
        };
        if count < 0 {
            header(w, wanted);
            for _ in 0..wanted {
                write_pair(w, at(draws.below(size)));
                if w.len() >= budget {
                    break;
                }
            }
            return;
        }
        if wanted >= size {
            header(w, size);
            for i in 0..size {
                write_pair(w, at(i));
            }
            return;
        }
        header(w, wanted);
        if wanted * 3 > size {
            // Most of the hash: a partial shuffle of every position.
            let mut positions: Vec<usize> = (0..size).collect();
            for i in 0..wanted {
                let j = i + draws.below(size - i);
                positions.swap(i, j);
                write_pair(w, at(positions[i]));
            }
        } else {
            // A small part: draw until enough distinct positions came up.
            let mut seen = HashSet::with_capacity(wanted);
            while seen.len() < wanted {
                let i = draws.below(size);
                if seen.insert(i) {
                    write_pair(w, at(i));
                }
            }
        }
    })
}

/// HSCAN key cursor [MATCH pattern] [COUNT count]
///
/// A packed hash comes whole with cursor 0; a table is walked `count`
/// positions per call (see [`crate::types::scan`]). MATCH filters on the
/// field, case-sensitively. The reply is `[cursor, [field, value, ...]]`
/// in both protocols.
fn hscan(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let cursor = scan_cursor(args.next_arg()?)?;
    let mut options = args.clone();
    read_hash(ctx, key, |hash, w| {
        let Some(hash) = hash else {
            w.array(2);
            w.bulk(b"0");
            w.array(0);
            return Ok(());
        };
        let (pattern, count) = scan_options(&mut options)?;
        let (pairs, next) = hash.scan(cursor, count);
        let kept: Vec<(&[u8], &[u8])> = pairs
            .into_iter()
            .filter(|(field, _)| pattern.is_none_or(|p| glob_match(p, field, false)))
            .collect();
        w.array(2);
        w.bulk(itoa::Buffer::new().format(next).as_bytes());
        w.array(kept.len() * 2);
        for (field, value) in kept {
            w.bulk(field);
            w.bulk(value);
        }
        Ok(())
    })?
}
