//! List commands that reach items by position or value: LINDEX, LINSERT,
//! LPOS, LRANGE, LREM, LSET, LTRIM.

use super::args::{integer, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::compact::Small;
use crate::protocol::ReplyWriter;
use crate::store::notify;
use crate::types::{List, Value};

pub(super) static COMMANDS: &[Command] = &[
    Command::new("lindex", 3, READONLY, lindex)
        .keys(1, 1, 1)
        .acl(&["@read", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get an element from a list by its index", "1.0.0", "list", "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("index", "integer"),
        ]),
    Command::new("linsert", 5, WRITE | DENYOOM, linsert)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "insert"], 1, (0, 1, 0))])
        .doc("Insert an element before or after another element in a list", "2.2.0", "list", "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("where", "oneof").args(&[
                    arg("before", "pure-token").token("BEFORE"),
                    arg("after", "pure-token").token("AFTER"),
                ]),
            arg("pivot", "string"),
            arg("element", "string"),
        ]),
    Command::new("lpos", -3, READONLY, lpos)
        .keys(1, 1, 1)
        .acl(&["@read", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return the index of matching elements on a list", "6.0.6", "list", "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("element", "string"),
            arg("rank", "integer").token("RANK").optional(),
            arg("num-matches", "integer").token("COUNT").optional(),
            arg("len", "integer").token("MAXLEN").optional(),
        ]),
    Command::new("lrange", 4, READONLY, lrange)
        .keys(1, 1, 1)
        .acl(&["@read", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get a range of elements from a list", "1.0.0", "list", "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("start", "integer"),
            arg("stop", "integer"),
        ]),
    Command::new("lrem", 4, WRITE, lrem)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Remove elements from a list", "1.0.0", "list", "O(N+M) where N is the length of the list and M is the number of elements removed.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer"),
            arg("element", "string"),
        ]),
    Command::new("lset", 4, WRITE | DENYOOM, lset)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("Set the value of an element in a list by its index", "1.0.0", "list", "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("index", "integer"),
            arg("element", "string"),
        ]),
    Command::new("ltrim", 4, WRITE, ltrim)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Trim a list to the specified range", "1.0.0", "list", "O(N) where N is the number of elements to be removed by the operation.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("start", "integer"),
            arg("stop", "integer"),
        ]),
];

/// Runs `body` on the list at `key` (`None` when missing) with a writer
/// for the reply, counting a keyspace hit or miss as Redis's read lookups
/// do; WRONGTYPE (nothing written) for another type.
fn read_list(
    ctx: &mut Ctx,
    key: &[u8],
    body: impl FnOnce(Option<&List>, &mut ReplyWriter),
) -> Reply {
    let now = ctx.now();
    // The reply is written straight from the stored items, without a copy.
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    let (hit, result) = match db.lookup(key, now).map(|e| &e.value) {
        None => {
            body(None, &mut w);
            (false, Ok(()))
        }
        Some(Value::List(list)) => {
            body(Some(list), &mut w);
            (true, Ok(()))
        }
        Some(_) => (true, Err(errors::WRONGTYPE)),
    };
    ctx.count_read(key, hit);
    result
}

/// Runs `body` on the list at `key` for writing; `Ok(None)` when the key
/// is missing, WRONGTYPE for another type. A list `body` leaves empty is
/// deleted, as Redis deletes it; the flag returned with the result says
/// so (the caller notifies `del` after its own event).
fn write_list<T>(
    ctx: &mut Ctx,
    key: &[u8],
    body: impl FnOnce(&mut List) -> T,
) -> Result<Option<(T, bool)>, CommandError> {
    let now = ctx.now();
    let db = ctx.db();
    let (result, emptied) = {
        let Some(entry) = db.lookup_mut(key, now) else {
            return Ok(None);
        };
        let Value::List(list) = &mut entry.entry.value else {
            return Err(errors::WRONGTYPE);
        };
        let result = body(list);
        (result, list.is_empty())
    };
    if emptied {
        db.remove(key);
    }
    Ok(Some((result, emptied)))
}

/// An index counted from the head (negative: from the tail, -1 the last
/// item) as a position in a list of `len` items, if there is one.
fn position(index: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let index = if index < 0 { len + index } else { index };
    (0..len).contains(&index).then_some(index as usize)
}

/// The items `start..=stop` of LRANGE and LTRIM (negative indexes count
/// from the tail) clamped to a list of `len` items: `None` when no item
/// is in the range.
fn span(start: i64, stop: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i64;
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start
    };
    let stop = if stop < 0 {
        len + stop
    } else {
        stop.min(len - 1)
    };
    (start <= stop && start < len).then_some((start as usize, stop as usize))
}

/// LINDEX key index
fn lindex(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, index) = (args.next_key()?, args.next_arg()?);
    // The key is looked up before the index is read: a missing key
    // answers null whatever the index says.
    let mut bad_index = Ok(());
    read_list(ctx, key, |list, w| {
        let Some(list) = list else {
            w.null_bulk();
            return;
        };
        match integer(index) {
            Err(error) => bad_index = Err(error),
            Ok(index) => match position(index, list.len()).and_then(|i| list.get(i)) {
                Some(item) => w.bulk(item),
                None => w.null_bulk(),
            },
        }
    })?;
    bad_index
}

/// LINSERT key BEFORE|AFTER pivot element
fn linsert(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let after = match args.next_token(&["before", "after"]) {
        Some(found) => found == 1,
        None => return Err(errors::SYNTAX),
    };
    let (pivot, element) = (args.next_arg()?, args.next_arg()?);
    let length = write_list(ctx, key, |list| {
        let found = list.iter().position(|item| **item == *pivot);
        match found {
            Some(at) => {
                list.insert(at + after as usize, Small::new(element));
                list.len() as i64
            }
            None => -1,
        }
    })?;
    let length = length.map_or(0, |(length, _)| length);
    if length > 0 {
        ctx.notify(notify::LIST, "linsert", key);
    } else {
        ctx.unchanged();
    }
    ctx.reply().integer(length);
    Ok(())
}

/// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
fn lpos(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, element) = (args.next_key()?, args.next_arg()?);
    let (mut rank, mut count, mut maxlen) = (1i64, None, 0usize);
    // Options in order, each checked as it is read; the last of a repeated
    // one wins. An option without its value is a syntax error.
    while let Some(option) = args.next_token(&["rank", "count", "maxlen"]) {
        let Some(value) = args.next() else {
            return Err(errors::SYNTAX);
        };
        match option {
            0 => {
                rank = integer(value)?;
                if rank == 0 {
                    return Err(errors::LPOS_RANK_ZERO);
                }
            }
            1 => match integer(value) {
                Ok(n) if n >= 0 => count = Some(n as usize),
                _ => return Err(errors::LPOS_COUNT_NEGATIVE),
            },
            _ => match integer(value) {
                Ok(n) if n >= 0 => maxlen = n as usize,
                _ => return Err(errors::LPOS_MAXLEN_NEGATIVE),
            },
        }
    }
    if !args.is_empty() {
        return Err(errors::SYNTAX);
    }
    // RANK -9223372036854775808 cannot be negated: Redis then takes every
    // match from the tail, whatever COUNT says (checked against 7.0.15).
    let (skip, limit) = match rank {
        i64::MIN => (0, count.map(|_| 0)),
        rank => (rank.unsigned_abs() as usize - 1, count),
    };
    let from_tail = rank < 0;
    read_list(ctx, key, |list, w| {
        let Some(list) = list else {
            match count {
                Some(_) => w.array(0),
                None => w.null_bulk(),
            }
            return;
        };
        let len = list.len();
        let scanned = if maxlen == 0 { len } else { maxlen.min(len) };
        let matches = |(_, item): &(usize, &Small)| item.as_slice() == element;
        let found: Box<dyn Iterator<Item = usize>> = if from_tail {
            Box::new(
                list.iter()
                    .enumerate()
                    .rev()
                    .take(scanned)
                    .filter(matches)
                    .map(|(i, _)| i),
            )
        } else {
            Box::new(
                list.iter()
                    .enumerate()
                    .take(scanned)
                    .filter(matches)
                    .map(|(i, _)| i),
            )
        };
        let mut found = found.skip(skip);
        match limit {
            None => match found.next() {
                Some(index) => w.integer(index as i64),
                None => w.null_bulk(),
            },
            Some(limit) => {
                let limit = if limit == 0 { usize::MAX } else { limit };
                let indexes: Vec<usize> = found.take(limit).collect();
                w.array(indexes.len());
                for index in indexes {
                    w.integer(index as i64);
                }
            }
        }
    })
}

/// LRANGE key start stop
fn lrange(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let (start, stop) = (args.next_int()?, args.next_int()?);
    read_list(ctx, key, |list, w| {
        let Some((list, (first, last))) =
            list.and_then(|list| Some((list, span(start, stop, list.len())?)))
        else {
            w.array(0);
            return;
        };
        w.array(last - first + 1);
        for item in list.range(first, last) {
            w.bulk(item);
        }
    })
}

/// LREM key count element
fn lrem(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let count = args.next_int()?;
    let element = args.next_arg()?;
    let limit = (count != 0).then_some(count.unsigned_abs() as usize);
    let removed = write_list(ctx, key, |list| {
        list.remove_equal(element, limit, count < 0)
    })?;
    let (removed, emptied) = removed.unwrap_or((0, false));
    if removed > 0 {
        ctx.notify(notify::LIST, "lrem", key);
    }
    ctx.changes(removed as u64);
    if emptied {
        ctx.notify(notify::GENERIC, "del", key);
    }
    ctx.reply().integer(removed as i64);
    Ok(())
}

/// LSET key index element
fn lset(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, index, element) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    // The key is looked up before the index is read.
    let done = write_list(ctx, key, |list| {
        let index = integer(index)?;
        let at = position(index, list.len()).ok_or(errors::INDEX_OUT_OF_RANGE)?;
        list.set(at, Small::new(element));
        Ok(())
    })?;
    done.ok_or(errors::NO_SUCH_KEY)?.0?;
    ctx.notify(notify::LIST, "lset", key);
    ctx.reply().ok();
    Ok(())
}

/// LTRIM key start stop
fn ltrim(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let (start, stop) = (args.next_int()?, args.next_int()?);
    let mut trimmed_items = 0;
    let trimmed = write_list(ctx, key, |list| {
        let before = list.len();
        match span(start, stop, list.len()) {
            Some((first, last)) => list.trim(first, last),
            None => list.trim(1, 0),
        }
        trimmed_items = before - list.len();
    })?;
    // Redis counts (and logs) only the items trimmed, one change each.
    ctx.changes(trimmed_items as u64);
    if let Some((_, emptied)) = trimmed {
        ctx.notify(notify::LIST, "ltrim", key);
        if emptied {
            ctx.notify(notify::GENERIC, "del", key);
        }
    }
    ctx.reply().ok();
    Ok(())
}
