//! Set commands: SADD, SCARD, SDIFF, SDIFFSTORE, SINTER, SINTERCARD,
//! SINTERSTORE, SISMEMBER, SMEMBERS, SMISMEMBER, SMOVE, SPOP,
//! SRANDMEMBER, SREM, SSCAN, SUNION, SUNIONSTORE.
//!
//! As in Redis, a missing key reads as the empty set, a key of another
//! type is WRONGTYPE (every source key is checked before anything is
//! computed), and a set that loses its last member is deleted. Read
//! commands count keyspace hits and misses per key looked up; the *STORE
//! forms look their sources up as writes, and overwrite the destination
//! whatever it held, dropping its TTL (an empty result deletes it).

use super::args::{integer, is_token, scan_cursor, scan_options, Args};
use super::draws::Draws;
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::glob::glob_match;
use crate::protocol::ReplyWriter;
use crate::store::{notify, Db};
use crate::types::scan::scan_window;
use crate::types::{Member, Set, Value};

pub(super) static COMMANDS: &[Command] = &[
    Command::new("sadd", -3, WRITE | DENYOOM | FAST, sadd)
        .keys(1, 1, 1)
        .acl(&["@write", "@set", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "insert"], 1, (0, 1, 0))])
        .doc("Add one or more members to a set", "1.0.0", "set", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        .history(&[("2.4.0", "Accepts multiple `member` arguments.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string").multiple(),
        ]),
    Command::new("scard", 2, READONLY | FAST, scard)
        .keys(1, 1, 1)
        .acl(&["@read", "@set", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc("Get the number of members in a set", "1.0.0", "set", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("sdiff", -2, READONLY, sdiff)
        .keys(1, -1, 1)
        .acl(&["@read", "@set", "@slow"])
        .tips(&["nondeterministic_output_order"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (-1, 1, 0))])
        .doc("Subtract multiple sets", "1.0.0", "set", "O(N) where N is the total number of elements in all given sets.")
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
    Command::new("sdiffstore", -3, WRITE | DENYOOM, sdiffstore)
        .keys(1, -1, 1)
        .acl(&["@write", "@set", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0)), KeySpec::new(&["RO", "access"], 2, (-1, 1, 0))])
        .doc("Subtract multiple sets and store the resulting set in a key", "1.0.0", "set", "O(N) where N is the total number of elements in all given sets.")
        .args(&[
            arg("destination", "key").key_spec(0),
            arg("key", "key").key_spec(1).multiple(),
        ]),
    Command::new("sinter", -2, READONLY, sinter)
        .keys(1, -1, 1)
        .acl(&["@read", "@set", "@slow"])
        .tips(&["nondeterministic_output_order"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (-1, 1, 0))])
        .doc("Intersect multiple sets", "1.0.0", "set", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
    Command::new("sintercard", -3, READONLY | MOVABLEKEYS, sintercard)
        .acl(&["@read", "@set", "@slow"])
        .key_specs(&[KeySpec::with_keynum(&["RO", "access"], 1, (0, 1, 1))])
        .doc("Intersect multiple sets and return the cardinality of the result", "7.0.0", "set", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
        .args(&[
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("limit", "integer").token("LIMIT").optional(),
        ]),
    Command::new("sinterstore", -3, WRITE | DENYOOM, sinterstore)
        .keys(1, -1, 1)
        .acl(&["@write", "@set", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0)), KeySpec::new(&["RO", "access"], 2, (-1, 1, 0))])
        .doc("Intersect multiple sets and store the resulting set in a key", "1.0.0", "set", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
        .args(&[
            arg("destination", "key").key_spec(0),
            arg("key", "key").key_spec(1).multiple(),
        ]),
    Command::new("sismember", 3, READONLY | FAST, sismember)
        .keys(1, 1, 1)
        .acl(&["@read", "@set", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc("Determine if a given value is a member of a set", "1.0.0", "set", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string"),
        ]),
    Command::new("smembers", 2, READONLY, smembers)
        .keys(1, 1, 1)
        .acl(&["@read", "@set", "@slow"])
        .tips(&["nondeterministic_output_order"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get all the members in a set", "1.0.0", "set", "O(N) where N is the set cardinality.")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("smismember", -3, READONLY | FAST, smismember)
        .keys(1, 1, 1)
        .acl(&["@read", "@set", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Returns the membership associated with the given elements for a set", "6.2.0", "set", "O(N) where N is the number of elements being checked for membership")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string").multiple(),
        ]),
    Command::new("smove", 4, WRITE | FAST, smove)
        .keys(1, 2, 1)
        .acl(&["@write", "@set", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)), KeySpec::new(&["RW", "insert"], 2, (0, 1, 0))])
        .doc("Move a member from one set to another", "1.0.0", "set", "O(1)")
        .args(&[
            arg("source", "key").key_spec(0),
            arg("destination", "key").key_spec(1),
            arg("member", "string"),
        ]),
    Command::new("spop", -2, WRITE | FAST, spop)
        .keys(1, 1, 1)
        .acl(&["@write", "@set", "@fast"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0))])
        .doc("Remove and return one or multiple random members from a set", "1.0.0", "set", "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.")
        .history(&[("3.2.0", "Added the `count` argument.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").since("3.2.0").optional(),
        ]),
    Command::new("srandmember", -2, READONLY, srandmember)
        .keys(1, 1, 1)
        .acl(&["@read", "@set", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get one or multiple random members from a set", "1.0.0", "set", "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.")
        .history(&[("2.6.0", "Added the optional `count` argument.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").since("2.6.0").optional(),
        ]),
    Command::new("srem", -3, WRITE | FAST, srem)
        .keys(1, 1, 1)
        .acl(&["@write", "@set", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Remove one or more members from a set", "1.0.0", "set", "O(N) where N is the number of members to be removed.")
        .history(&[("2.4.0", "Accepts multiple `member` arguments.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("member", "string").multiple(),
        ]),
    Command::new("sscan", -3, READONLY, sscan)
        .keys(1, 1, 1)
        .acl(&["@read", "@set", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Incrementally iterate Set elements", "2.8.0", "set", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("cursor", "integer"),
            arg("pattern", "pattern").token("MATCH").optional(),
            arg("count", "integer").token("COUNT").optional(),
        ]),
    Command::new("sunion", -2, READONLY, sunion)
        .keys(1, -1, 1)
        .acl(&["@read", "@set", "@slow"])
        .tips(&["nondeterministic_output_order"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (-1, 1, 0))])
        .doc("Add multiple sets", "1.0.0", "set", "O(N) where N is the total number of elements in all given sets.")
        .args(&[
            arg("key", "key").key_spec(0).multiple(),
        ]),
    Command::new("sunionstore", -3, WRITE | DENYOOM, sunionstore)
        .keys(1, -1, 1)
        .acl(&["@write", "@set", "@slow"])
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (0, 1, 0)), KeySpec::new(&["RO", "access"], 2, (-1, 1, 0))])
        .doc("Add multiple sets and store the resulting set in a key", "1.0.0", "set", "O(N) where N is the total number of elements in all given sets.")
        .args(&[
            arg("destination", "key").key_spec(0),
            arg("key", "key").key_spec(1).multiple(),
        ]),
];

/// SADD key member [member ...]
fn sadd(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let members = args.rest();
    let now = ctx.now();
    let max = ctx.store.config.set_max_intset_entries;
    let seed = ctx.store.host.seed;
    let db = ctx.db();
    let existing = db
        .lookup_mut(key, now)
        .map(|entry| match &mut entry.entry.value {
            Value::Set(set) => Some(add_all(set, members, max)),
            _ => None,
        });
    let added = existing.unwrap_or_else(|| {
        let mut set = Box::new(Set::new(seed));
        let added = add_all(&mut set, members, max);
        db.insert(key, Value::Set(set), None, now);
        Some(added)
    });
    let added = added.ok_or(errors::WRONGTYPE)?;
    ctx.reply().integer(added as i64);
    if added > 0 {
        ctx.notify(notify::SET, "sadd", key);
    }
    // Redis counts one change per member added.
    ctx.changes(added as u64);
    Ok(())
}

fn add_all(set: &mut Set, members: &[&[u8]], max: usize) -> usize {
    members.iter().filter(|m| set.insert(m, max)).count()
}

/// SREM key member [member ...]
fn srem(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let members = args.rest();
    let now = ctx.now();
    let db = ctx.db();
    let (removed, emptied) = {
        let Some(entry) = db.lookup_mut(key, now) else {
            ctx.unchanged();
            ctx.reply().integer(0);
            return Ok(());
        };
        let Value::Set(set) = &mut entry.entry.value else {
            return Err(errors::WRONGTYPE);
        };
        let removed = members.iter().filter(|m| set.remove(m)).count();
        (removed, set.is_empty())
    };
    if emptied {
        db.remove(key);
    }
    ctx.reply().integer(removed as i64);
    ctx.changes(removed as u64);
    if removed > 0 {
        ctx.notify(notify::SET, "srem", key);
        if emptied {
            ctx.notify(notify::GENERIC, "del", key);
        }
    }
    Ok(())
}

/// What a lookup found: nothing, a set, or a value of another type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    Missing,
    Set,
    Other,
}

fn found(value: Option<&Value>) -> Found {
    match value {
        None => Found::Missing,
        Some(Value::Set(_)) => Found::Set,
        Some(_) => Found::Other,
    }
}

/// Looks `key` up (applying expiry, touching it) and says what it holds;
/// a read counts as a keyspace hit or miss.
fn look(ctx: &mut Ctx, key: &[u8], read: bool) -> Found {
    let now = ctx.now();
    let what = found(ctx.db().lookup(key, now).map(|e| &e.value));
    if read {
        ctx.count_read(key, what != Found::Missing);
    }
    what
}

/// [`look`], with WRONGTYPE for a value of another type; true if a set.
fn look_set(ctx: &mut Ctx, key: &[u8], read: bool) -> Result<bool, CommandError> {
    match look(ctx, key, read) {
        Found::Missing => Ok(false),
        Found::Set => Ok(true),
        Found::Other => Err(errors::WRONGTYPE),
    }
}

/// The set at `key`, already looked up in this command.
fn peek_set<'a>(db: &'a Db, key: &[u8]) -> Option<&'a Set> {
    match db.peek_value(key) {
        Some(Value::Set(set)) => Some(set),
        _ => None,
    }
}

/// The client's database and a reply writer, borrowed together.
fn db_and_writer<'c>(ctx: &'c mut Ctx) -> (&'c mut Db, ReplyWriter<'c>) {
    let db = &mut ctx.store.dbs[ctx.client.db];
    (db, ReplyWriter::new(ctx.out, ctx.client.protocol))
}

fn write_members<'a>(w: &mut ReplyWriter, members: impl Iterator<Item = Member<'a>>) {
    for member in members {
        w.bulk(&member.bytes());
    }
}

/// SCARD key
fn scard(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let exists = look_set(ctx, key, true)?;
    let len = if exists {
        peek_set(ctx.db(), key).map_or(0, Set::len)
    } else {
        0
    };
    ctx.reply().integer(len as i64);
    Ok(())
}

/// SISMEMBER key member
fn sismember(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let member = args.next_arg()?;
    look_set(ctx, key, true)?;
    let found = peek_set(ctx.db(), key).is_some_and(|set| set.contains(member));
    ctx.reply().integer(found as i64);
    Ok(())
}

/// SMISMEMBER key member [member ...]
fn smismember(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let members = args.rest();
    look_set(ctx, key, true)?;
    let (db, mut w) = db_and_writer(ctx);
    let set = peek_set(db, key);
    w.array(members.len());
    for member in members {
        w.integer(set.is_some_and(|set| set.contains(member)) as i64);
    }
    Ok(())
}

/// SMEMBERS key: a set reply (RESP3 `~`), empty for a missing key.
fn smembers(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    look_set(ctx, key, true)?;
    let (db, mut w) = db_and_writer(ctx);
    match peek_set(db, key) {
        None => w.set(0),
        Some(set) => {
            w.set(set.len());
            write_members(&mut w, set.iter());
        }
    }
    Ok(())
}

/// SMOVE source destination member
fn smove(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let source = args.next_key()?;
    let destination = args.next_key()?;
    let member = args.next_arg()?;
    let from = look(ctx, source, false);
    let to = look(ctx, destination, false);
    match (from, to) {
        (Found::Missing, _) => {
            ctx.unchanged();
            ctx.reply().integer(0);
            return Ok(());
        }
        (Found::Other, _) | (_, Found::Other) => return Err(errors::WRONGTYPE),
        _ => {}
    }
    // WATCH as exact as Redis: touched below only what really changed.
    ctx.signals_own_writes();
    let now = ctx.now();
    let max = ctx.store.config.set_max_intset_entries;
    let seed = ctx.store.host.seed;
    let db = ctx.db();
    if source == destination {
        let found = peek_set(db, source).is_some_and(|set| set.contains(member));
        ctx.unchanged();
        ctx.reply().integer(found as i64);
        return Ok(());
    }
    let (removed, emptied) = match db.lookup_mut(source, now) {
        Some(entry) => match &mut entry.entry.value {
            Value::Set(set) => (set.remove(member), set.is_empty()),
            _ => (false, false),
        },
        None => (false, false),
    };
    if !removed {
        ctx.unchanged();
        ctx.reply().integer(0);
        return Ok(());
    }
    if emptied {
        db.remove(source);
    }
    // Redis's order: the source's events, then the destination's (its
    // `new`, recorded by the insert below, included).
    ctx.notify(notify::SET, "srem", source);
    if emptied {
        ctx.notify(notify::GENERIC, "del", source);
    }
    let db = ctx.db();
    let added = db
        .lookup_mut(destination, now)
        .map(|entry| match &mut entry.entry.value {
            Value::Set(set) => set.insert(member, max),
            _ => unreachable!("checked to be a set"),
        });
    let added = added.unwrap_or_else(|| {
        let mut set = Box::new(Set::new(seed));
        set.insert(member, max);
        db.insert(destination, Value::Set(set), None, now);
        true
    });
    if added {
        ctx.notify(notify::SET, "sadd", destination);
    }
    // The source changed; the destination only when the member was not
    // there already.
    let db = ctx.client.db;
    ctx.store.touch_key(db, source);
    if added {
        ctx.store.touch_key(db, destination);
    }
    // Redis counts the removal and the addition.
    ctx.changes(1 + added as u64);
    ctx.reply().integer(1);
    Ok(())
}

/// The members of `first` in every one of `others`, in `first`'s order,
/// at most `limit` of them (0: no limit).
fn intersection<'a>(sets: &mut [&'a Set], limit: usize) -> Vec<Member<'a>> {
    // Walk the smallest set, probe the others.
    sets.sort_by_key(|set| set.len());
    let Some((first, others)) = sets.split_first() else {
        return Vec::new();
    };
    let mut members = Vec::new();
    for member in first.iter() {
        if others.iter().all(|set| set.contains_member(member)) {
            members.push(member);
            if members.len() == limit {
                break;
            }
        }
    }
    members
}

/// Looks every source key up in order, as reads (counted) or writes;
/// WRONGTYPE at the first of another type. Returns whether all exist.
fn look_sources(ctx: &mut Ctx, keys: &[&[u8]], read: bool) -> Result<bool, CommandError> {
    let mut all = true;
    for key in keys {
        all &= look_set(ctx, key, read)?;
    }
    Ok(all)
}

/// The sets of `keys` that exist (already looked up).
fn existing_sets<'a>(db: &'a Db, keys: &[&[u8]]) -> Vec<&'a Set> {
    keys.iter().filter_map(|key| peek_set(db, key)).collect()
}

/// SINTER key [key ...]
fn sinter(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let keys = args.rest();
    let all = look_sources(ctx, keys, true)?;
    let (db, mut w) = db_and_writer(ctx);
    if !all {
        w.set(0);
        return Ok(());
    }
    let members = intersection(&mut existing_sets(db, keys), 0);
    w.set(members.len());
    write_members(&mut w, members.into_iter());
    Ok(())
}

/// SINTERCARD numkeys key [key ...] [LIMIT limit]
fn sintercard(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let numkeys = integer(args.next_arg()?)
        .ok()
        .filter(|&n| n > 0)
        .ok_or(errors::SINTERCARD_NUMKEYS)?;
    if numkeys > args.remaining() as i64 {
        return Err(errors::SINTERCARD_TOO_MANY_KEYS);
    }
    let all_args = args.rest();
    let (keys, options) = all_args.split_at(numkeys as usize);
    let mut options = Args::new(options);
    let mut limit = 0;
    while let Some(option) = options.next() {
        match options.peek() {
            Some(value) if is_token(option, "limit") => {
                options.next();
                limit = integer(value)
                    .ok()
                    .filter(|&n| n >= 0)
                    .ok_or(errors::LIMIT_NEGATIVE)?;
            }
            _ => return Err(errors::SYNTAX),
        }
    }
    let all = look_sources(ctx, keys, true)?;
    let count = if all {
        let db = ctx.db();
        intersection(&mut existing_sets(db, keys), limit as usize).len()
    } else {
        0
    };
    ctx.reply().integer(count as i64);
    Ok(())
}

/// SINTERSTORE destination key [key ...]
fn sinterstore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let destination = args.next_key()?;
    let keys = args.rest();
    let all = look_sources(ctx, keys, true)?;
    let result = if all {
        let max = ctx.store.config.set_max_intset_entries;
        let mut result = Set::new(ctx.store.host.seed);
        for member in intersection(&mut existing_sets(ctx.db(), keys), 0) {
            result.insert(&member.bytes(), max);
        }
        result
    } else {
        Set::new(ctx.store.host.seed)
    };
    store(ctx, destination, result, "sinterstore");
    Ok(())
}

/// Stores a computed set under `destination` (deleting it when empty),
/// replies with its size, and notifies `event` (or `del` for a deleted
/// destination).
fn store(ctx: &mut Ctx, destination: &[u8], result: Set, event: &str) {
    let now = ctx.now();
    let len = result.len();
    let db = ctx.db();
    if len == 0 {
        let removed = db.remove(destination).is_some();
        ctx.reply().integer(0);
        if removed {
            ctx.notify(notify::GENERIC, "del", destination);
        } else {
            ctx.unchanged();
        }
    } else {
        db.insert(destination, Value::Set(Box::new(result)), None, now);
        ctx.reply().integer(len as i64);
        ctx.notify(notify::SET, event, destination);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Union,
    Diff,
}

/// The union of the sets at `keys`, or the members of the first not in
/// any other (the keys already looked up; missing ones are empty).
fn combine(ctx: &mut Ctx, keys: &[&[u8]], op: Op) -> Set {
    let max = ctx.store.config.set_max_intset_entries;
    let mut result = Set::new(ctx.store.host.seed);
    let db = ctx.db();
    match op {
        Op::Union => {
            for set in existing_sets(db, keys) {
                for member in set.iter() {
                    result.insert(&member.bytes(), max);
                }
            }
        }
        Op::Diff => {
            let Some((first, others)) = keys.split_first() else {
                return result;
            };
            let Some(first) = peek_set(db, first) else {
                return result;
            };
            let others = existing_sets(db, others);
            for member in first.iter() {
                if !others.iter().any(|set| set.contains_member(member)) {
                    result.insert(&member.bytes(), max);
                }
            }
        }
    }
    result
}

fn union_or_diff(ctx: &mut Ctx, args: &mut Args, op: Op) -> Reply {
    let keys = args.rest();
    look_sources(ctx, keys, true)?;
    let result = combine(ctx, keys, op);
    let mut w = ctx.reply();
    w.set(result.len());
    write_members(&mut w, result.iter());
    Ok(())
}

fn union_or_diff_store(ctx: &mut Ctx, args: &mut Args, op: Op) -> Reply {
    let destination = args.next_key()?;
    let keys = args.rest();
    // Sources are read lookups even here, as in Redis (hits, misses,
    // keymiss).
    look_sources(ctx, keys, true)?;
    let result = combine(ctx, keys, op);
    let event = match op {
        Op::Union => "sunionstore",
        Op::Diff => "sdiffstore",
    };
    store(ctx, destination, result, event);
    Ok(())
}

/// SUNION key [key ...]
fn sunion(ctx: &mut Ctx, args: &mut Args) -> Reply {
    union_or_diff(ctx, args, Op::Union)
}

/// SDIFF key [key ...]
fn sdiff(ctx: &mut Ctx, args: &mut Args) -> Reply {
    union_or_diff(ctx, args, Op::Diff)
}

/// SUNIONSTORE destination key [key ...]
fn sunionstore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    union_or_diff_store(ctx, args, Op::Union)
}

/// SDIFFSTORE destination key [key ...]
fn sdiffstore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    union_or_diff_store(ctx, args, Op::Diff)
}

/// SPOP key [count]
fn spop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    if args.remaining() > 1 {
        return Err(errors::SYNTAX);
    }
    let count = match args.next() {
        None => None,
        Some(count) => Some(
            integer(count)
                .ok()
                .filter(|&n| n >= 0)
                .ok_or(errors::NOT_POSITIVE)? as usize,
        ),
    };
    let now = ctx.now();
    // The members popped, for the log (Redis logs the removals, not the
    // random pick).
    let mut popped: Option<Vec<Vec<u8>>> = ctx.logging().then(Vec::new);
    let lazy_del = ctx.store.lazy_config("lazyfree-lazy-server-del");
    let mut draws = Draws::new(ctx.store);
    let (db, mut w) = db_and_writer(ctx);
    let emptied = {
        let Some(entry) = db.lookup_mut(key, now) else {
            match count {
                None => w.null_bulk(),
                Some(_) => w.set(0),
            }
            ctx.unchanged();
            return Ok(());
        };
        let Value::Set(set) = &mut entry.entry.value else {
            return Err(errors::WRONGTYPE);
        };
        match count {
            None => {
                let at = draws.below(set.len());
                if let Some(member) = set.remove_index(at) {
                    w.bulk(&member);
                    if let Some(popped) = &mut popped {
                        popped.push(member.to_vec());
                    }
                }
            }
            Some(count) if count >= set.len() => {
                // Everything goes: the reply is the set, the key is deleted.
                let members = set.len() as u64;
                w.set(set.len());
                write_members(&mut w, set.iter());
                drop(entry);
                db.remove(key);
                ctx.notify(notify::SET, "spop", key);
                ctx.notify(notify::GENERIC, "del", key);
                ctx.log_as(&[super::keys::removal_word(lazy_del), key]);
                ctx.changes(members);
                return Ok(());
            }
            Some(count) => {
                w.set(count);
                for _ in 0..count {
                    let at = draws.below(set.len());
                    if let Some(member) = set.remove_index(at) {
                        w.bulk(&member);
                        if let Some(popped) = &mut popped {
                            popped.push(member.to_vec());
                        }
                    }
                }
            }
        }
        set.is_empty()
    };
    if emptied {
        db.remove(key);
    }
    // SPOP key 0 pops nothing and says nothing.
    if count == Some(0) {
        ctx.unchanged();
        return Ok(());
    }
    ctx.notify(notify::SET, "spop", key);
    if emptied {
        ctx.notify(notify::GENERIC, "del", key);
    }
    // One SREM per member, as Redis 7.0 propagates them.
    for member in popped.iter().flatten() {
        ctx.log_as(&[b"SREM", key, member]);
    }
    // One change per member popped.
    ctx.changes(count.unwrap_or(1) as u64);
    Ok(())
}

/// SRANDMEMBER key [count]
fn srandmember(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    if args.remaining() > 1 {
        return Err(errors::SYNTAX);
    }
    let count = match args.next() {
        None => None,
        Some(count) => match integer(count)? {
            i64::MIN => return Err(errors::RANDMEMBER_RANGE),
            n => Some(n),
        },
    };
    look_set(ctx, key, true)?;
    let mut draws = Draws::new(ctx.store);
    let budget = super::draws::output_budget(ctx);
    let (db, mut w) = db_and_writer(ctx);
    let set = peek_set(db, key);
    let Some(count) = count else {
        match set {
            None => w.null_bulk(),
            Some(set) => match set.get_index(draws.below(set.len())) {
                Some(member) => w.bulk(&member.bytes()),
                None => w.null_bulk(),
            },
        }
        return Ok(());
    };
    let Some(set) = set.filter(|_| count != 0) else {
        w.array(0);
        return Ok(());
    };
    let len = set.len();
    if count < 0 {
        // Repetitions allowed.
        let wanted = count.unsigned_abs() as usize;
        w.array(wanted);
        for _ in 0..wanted {
            if let Some(member) = set.get_index(draws.below(len)) {
                w.bulk(&member.bytes());
            }
            // The client picks this reply's size: stop at the output
            // limit (the engine then closes the client).
            if w.len() >= budget {
                break;
            }
        }
    } else if count as usize >= len {
        w.array(len);
        write_members(&mut w, set.iter());
    } else {
        // Distinct positions by Floyd's sampling: `count` draws.
        let wanted = count as usize;
        let mut chosen = Vec::with_capacity(wanted);
        let mut taken = std::collections::HashSet::with_capacity(wanted);
        for top in len - wanted..len {
            let pick = draws.below(top + 1);
            let at = if taken.insert(pick) { pick } else { top };
            taken.insert(at);
            chosen.push(at);
        }
        w.array(wanted);
        write_members(
            &mut w,
            chosen.into_iter().filter_map(|at| set.get_index(at)),
        );
    }
    Ok(())
}

/// SSCAN key cursor [MATCH pattern] [COUNT count]
fn sscan(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let cursor = scan_cursor(args.next_arg()?)?;
    if !look_set(ctx, key, true)? {
        let mut w = ctx.reply();
        w.array(2);
        w.bulk(b"0");
        w.array(0);
        return Ok(());
    }
    let (pattern, count) = scan_options(args)?;
    let (db, mut w) = db_and_writer(ctx);
    let Some(set) = peek_set(db, key) else {
        return Ok(());
    };
    let matches = |member: &Member| pattern.is_none_or(|p| glob_match(p, &member.bytes(), false));
    let (members, next): (Vec<Member>, u64) = if set.scans_at_once() {
        (set.iter().filter(matches).collect(), 0)
    } else {
        let (window, next) = scan_window(set.len(), cursor, count);
        let members = window
            .filter_map(|at| set.get_index(at))
            .filter(matches)
            .collect();
        (members, next)
    };
    w.array(2);
    w.bulk(next.to_string().as_bytes());
    w.array(members.len());
    write_members(&mut w, members.into_iter());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_follow_strtoul() {
        for (text, want) in [
            (&b"0"[..], 0),
            (b"", 0),
            (b"\0x", 0),
            (b"42", 42),
            (b"+7", 7),
            (b"7\0junk", 7),
            (b"-1", u64::MAX),
            (b"18446744073709551615", u64::MAX),
        ] {
            assert_eq!(scan_cursor(text), Ok(want), "{text:?}");
        }
        for text in [
            &b" 1"[..],
            b"1 ",
            b"x",
            b"-",
            b"+",
            b"1.5",
            b"18446744073709551616",
            b"-18446744073709551616",
        ] {
            assert_eq!(scan_cursor(text), Err(errors::INVALID_CURSOR), "{text:?}");
        }
    }
}
