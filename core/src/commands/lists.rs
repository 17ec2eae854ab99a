//! List commands at the ends of lists: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP,
//! RPOP (with count), LLEN, LMOVE, RPOPLPUSH, LMPOP. Those that reach items
//! by position or value are in `lists_index.rs`.

use super::args::{integer, is_token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::compact::Small;
use crate::protocol::ReplyWriter;
use crate::store::notify;
use crate::types::{List, Value};

pub(super) static COMMANDS: &[Command] = &[
    Command::new("lpush", -3, WRITE | DENYOOM | FAST, lpush)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "insert"], 1, (0, 1, 0)),
        ])
        .doc("Prepend one or multiple elements to a list", "1.0.0", "list", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        .history(&[
            ("2.4.0", "Accepts multiple `element` arguments."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("element", "string").multiple(),
        ]),
    Command::new("rpush", -3, WRITE | DENYOOM | FAST, rpush)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "insert"], 1, (0, 1, 0)),
        ])
        .doc("Append one or multiple elements to a list", "1.0.0", "list", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        .history(&[
            ("2.4.0", "Accepts multiple `element` arguments."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("element", "string").multiple(),
        ]),
    Command::new("lpop", -2, WRITE | FAST, lpop)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)),
        ])
        .doc("Remove and get the first elements in a list", "1.0.0", "list", "O(N) where N is the number of elements returned")
        .history(&[
            ("6.2.0", "Added the `count` argument."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").since("6.2.0").optional(),
        ]),
    Command::new("rpop", -2, WRITE | FAST, rpop)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@fast"])
        .key_specs(&[
            KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)),
        ])
        .doc("Remove and get the last elements in a list", "1.0.0", "list", "O(N) where N is the number of elements returned")
        .history(&[
            ("6.2.0", "Added the `count` argument."),
        ])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("count", "integer").since("6.2.0").optional(),
        ]),
    Command::new("llen", 2, READONLY | FAST, llen)
        .keys(1, 1, 1)
        .acl(&["@read", "@list", "@fast"])
        .key_specs(&[KeySpec::new(&["RO"], 1, (0, 1, 0))])
        .doc("Get the length of a list", "1.0.0", "list", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("lpushx", -3, WRITE | DENYOOM | FAST, lpushx)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "insert"], 1, (0, 1, 0))])
        .doc("Prepend an element to a list, only if the list exists", "2.2.0", "list", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        .history(&[("4.0.0", "Accepts multiple `element` arguments.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("element", "string").multiple(),
        ]),
    Command::new("rpushx", -3, WRITE | DENYOOM | FAST, rpushx)
        .keys(1, 1, 1)
        .acl(&["@write", "@list", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "insert"], 1, (0, 1, 0))])
        .doc("Append an element to a list, only if the list exists", "2.2.0", "list", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        .history(&[("4.0.0", "Accepts multiple `element` arguments.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("element", "string").multiple(),
        ]),
    Command::new("lmove", 5, WRITE | DENYOOM, lmove)
        .keys(1, 2, 1)
        .acl(&["@write", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)), KeySpec::new(&["RW", "insert"], 2, (0, 1, 0))])
        .doc("Pop an element from a list, push it to another list and return it", "6.2.0", "list", "O(1)")
        .args(&[
            arg("source", "key").key_spec(0),
            arg("destination", "key").key_spec(1),
            arg("wherefrom", "oneof").args(&[
                    arg("left", "pure-token").token("LEFT"),
                    arg("right", "pure-token").token("RIGHT"),
                ]),
            arg("whereto", "oneof").args(&[
                    arg("left", "pure-token").token("LEFT"),
                    arg("right", "pure-token").token("RIGHT"),
                ]),
        ]),
    Command::new("rpoplpush", 3, WRITE | DENYOOM, rpoplpush)
        .keys(1, 2, 1)
        .acl(&["@write", "@list", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)), KeySpec::new(&["RW", "insert"], 2, (0, 1, 0))])
        .doc("Remove the last element in a list, prepend it to another list and return it", "1.2.0", "list", "O(1)")
        .doc_flags(&["deprecated"])
        .deprecated("6.2.0", "`LMOVE` with the `RIGHT` and `LEFT` arguments")
        .args(&[
            arg("source", "key").key_spec(0),
            arg("destination", "key").key_spec(1),
        ]),
    Command::new("lmpop", -4, WRITE | MOVABLEKEYS, lmpop)
        .acl(&["@write", "@list", "@slow"])
        .key_specs(&[KeySpec::with_keynum(&["RW", "access", "delete"], 1, (0, 1, 1))])
        .doc("Pop elements from a list", "7.0.0", "list", "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
        .args(&[
            arg("numkeys", "integer"),
            arg("key", "key").key_spec(0).multiple(),
            arg("where", "oneof").args(&[
                    arg("left", "pure-token").token("LEFT"),
                    arg("right", "pure-token").token("RIGHT"),
                ]),
            arg("count", "integer").token("COUNT").optional(),
        ]),
];

#[derive(Clone, Copy)]
pub(super) enum End {
    Head,
    Tail,
}

impl End {
    /// The keyspace event of a push at this end.
    pub(super) fn push_event(self) -> &'static str {
        match self {
            End::Head => "lpush",
            End::Tail => "rpush",
        }
    }

    /// The keyspace event of a pop at this end.
    pub(super) fn pop_event(self) -> &'static str {
        match self {
            End::Head => "lpop",
            End::Tail => "rpop",
        }
    }

    /// The plain pop at this end, as the log names it (Redis logs a
    /// blocking or multi-key pop as LPOP / RPOP).
    pub(super) fn pop_command(self) -> &'static [u8] {
        match self {
            End::Head => b"LPOP",
            End::Tail => b"RPOP",
        }
    }
}

/// LPUSH key element [element ...]
fn lpush(ctx: &mut Ctx, args: &mut Args) -> Reply {
    push(ctx, args, End::Head, true)
}

/// RPUSH key element [element ...]
fn rpush(ctx: &mut Ctx, args: &mut Args) -> Reply {
    push(ctx, args, End::Tail, true)
}

/// LPUSHX key element [element ...]
fn lpushx(ctx: &mut Ctx, args: &mut Args) -> Reply {
    push(ctx, args, End::Head, false)
}

/// RPUSHX key element [element ...]
fn rpushx(ctx: &mut Ctx, args: &mut Args) -> Reply {
    push(ctx, args, End::Tail, false)
}

/// Pushes onto the list at the key; a missing key gets a new list when
/// `create`, and answers 0 otherwise (the X forms).
fn push(ctx: &mut Ctx, args: &mut Args, end: End, create: bool) -> Reply {
    let key = args.next_key()?;
    let items = args.rest();
    let now = ctx.now();
    let db = ctx.db();
    // One lookup for an existing list; a new one is built, then stored.
    let existing = db
        .lookup_mut(key, now)
        .map(|entry| match &mut entry.entry.value {
            Value::List(list) => {
                push_all(list, items, end);
                Some(list.len())
            }
            _ => None,
        });
    if existing.is_none() && !create {
        ctx.unchanged();
        ctx.reply().integer(0);
        return Ok(());
    }
    let length = existing.unwrap_or_else(|| {
        let mut list = Box::<List>::default();
        push_all(&mut list, items, end);
        let length = list.len();
        db.insert(key, Value::List(list), None, now);
        Some(length)
    });
    let length = length.ok_or(errors::WRONGTYPE)?;
    // Redis counts one change per item pushed.
    ctx.changes(items.len() as u64);
    ctx.reply().integer(length as i64);
    ctx.notify(notify::LIST, end.push_event(), key);
    Ok(())
}

fn push_all(list: &mut List, items: &[&[u8]], end: End) {
    for item in items {
        push_one(list, Small::new(item), end);
    }
}

pub(super) fn pop_one(list: &mut List, end: End) -> Option<Small> {
    match end {
        End::Head => list.pop_front(),
        End::Tail => list.pop_back(),
    }
}

/// LPOP key [count]
fn lpop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    pop(ctx, args, End::Head)
}

/// RPOP key [count]
fn rpop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    pop(ctx, args, End::Tail)
}

/// LPOP/RPOP key [count]. Without count: one element or null; with count:
/// an array (empty for count 0), or a null array when the key is missing.
fn pop(ctx: &mut Ctx, args: &mut Args, end: End) -> Reply {
    let key = args.next_key()?;
    if args.remaining() > 1 {
        return Err(errors::wrong_arity(match end {
            End::Head => "lpop",
            End::Tail => "rpop",
        }));
    }
    let count = match args.next() {
        None => None,
        Some(count) => match crate::protocol::decode::parse_int(count) {
            Some(n) if n >= 0 => Some(n as usize),
            _ => return Err(errors::NOT_POSITIVE),
        },
    };
    let now = ctx.now();
    // Replies are written as items come off the list: no copy, no vector.
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    let mut popped = 1;
    let emptied = {
        let Some(entry) = db.lookup_mut(key, now) else {
            match count {
                None => w.null_bulk(),
                Some(_) => w.null_array(),
            }
            ctx.logged = super::Logged::Nothing;
            return Ok(());
        };
        let Value::List(list) = &mut entry.entry.value else {
            return Err(errors::WRONGTYPE);
        };
        match count {
            None => match pop_one(list, end) {
                Some(item) => w.bulk(&item),
                None => w.null_bulk(),
            },
            Some(wanted) => {
                let n = wanted.min(list.len());
                popped = n;
                w.array(n);
                for _ in 0..n {
                    if let Some(item) = pop_one(list, end) {
                        w.bulk(&item);
                    }
                }
            }
        }
        list.is_empty()
    };
    // An emptied list disappears, as in Redis.
    if emptied {
        db.remove(key);
    }
    // Redis counts one change per item popped.
    ctx.changes(popped as u64);
    // COUNT 0 pops nothing and says nothing.
    if count != Some(0) {
        ctx.notify(notify::LIST, end.pop_event(), key);
        if emptied {
            ctx.notify(notify::GENERIC, "del", key);
        }
    } else {
        ctx.unchanged();
    }
    Ok(())
}

/// LLEN key
fn llen(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let now = ctx.now();
    let (hit, length) = match ctx.db().lookup(key, now).map(|e| &e.value) {
        None => (false, Ok(0)),
        Some(Value::List(list)) => (true, Ok(list.len())),
        Some(_) => (true, Err(errors::WRONGTYPE)),
    };
    ctx.count_read(key, hit);
    ctx.reply().integer(length? as i64);
    Ok(())
}

/// A LEFT or RIGHT argument.
pub(super) fn next_end(args: &mut Args) -> Result<End, CommandError> {
    match args.next_token(&["left", "right"]) {
        Some(0) => Ok(End::Head),
        Some(_) => Ok(End::Tail),
        None => Err(errors::SYNTAX),
    }
}

/// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
fn lmove(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (source, destination) = (args.next_key()?, args.next_key()?);
    let (from, to) = (next_end(args)?, next_end(args)?);
    move_item(ctx, source, destination, from, to)
}

/// RPOPLPUSH source destination: LMOVE source destination RIGHT LEFT.
fn rpoplpush(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (source, destination) = (args.next_key()?, args.next_key()?);
    move_item(ctx, source, destination, End::Tail, End::Head)
}

/// Pops an item off `source` and pushes it onto `destination`, replying
/// with it. In Redis's order of checks: a missing source answers null
/// whatever the destination holds; a source or destination of another
/// type is WRONGTYPE before anything is popped. The same list as both
/// rotates it.
pub(super) fn move_item(
    ctx: &mut Ctx,
    source: &[u8],
    destination: &[u8],
    from: End,
    to: End,
) -> Reply {
    let now = ctx.now();
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    match db.lookup(source, now).map(|e| &e.value) {
        None => {
            w.null_bulk();
            ctx.logged = super::Logged::Nothing;
            return Ok(());
        }
        Some(Value::List(_)) => {}
        Some(_) => return Err(errors::WRONGTYPE),
    }
    if source != destination {
        let other_type = db
            .lookup(destination, now)
            .is_some_and(|e| !matches!(e.value, Value::List(_)));
        if other_type {
            return Err(errors::WRONGTYPE);
        }
    }
    // The item and whether the source emptied; `None` for a rotation.
    let moved = {
        let Some(entry) = db.lookup_mut(source, now) else {
            return Ok(());
        };
        let Value::List(list) = &mut entry.entry.value else {
            return Err(errors::WRONGTYPE);
        };
        let Some(item) = pop_one(list, from) else {
            return Ok(());
        };
        w.bulk(&item);
        if source == destination {
            push_one(list, item, to);
            None
        } else {
            Some((item, list.is_empty()))
        }
    };
    let Some((item, emptied)) = moved else {
        ctx.notify(notify::LIST, to.push_event(), destination);
        ctx.notify(notify::LIST, from.pop_event(), source);
        return Ok(());
    };
    if emptied {
        db.remove(source);
    }
    let item = match db.lookup_mut(destination, now) {
        Some(entry) => match &mut entry.entry.value {
            Value::List(list) => {
                push_one(list, item, to);
                None
            }
            // Unreachable: its type was checked before the pop.
            _ => None,
        },
        None => Some(item),
    };
    if let Some(item) = item {
        let mut list = Box::<List>::default();
        push_one(&mut list, item, to);
        db.insert(destination, Value::List(list), None, now);
    }
    // Redis's order: the push (after any new key), then the pop.
    ctx.notify(notify::LIST, to.push_event(), destination);
    ctx.notify(notify::LIST, from.pop_event(), source);
    if emptied {
        ctx.notify(notify::GENERIC, "del", source);
    }
    Ok(())
}

fn push_one(list: &mut List, item: Small, end: End) {
    match end {
        End::Head => list.push_front(item),
        End::Tail => list.push_back(item),
    }
}

/// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: pops up to
/// `count` items (1 by default) from the first key holding a list, and
/// answers [key, [items]], or a null array when no key holds one.
fn lmpop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (keys, end, count) = lmpop_args(args)?;
    if !pop_from_first(ctx, keys, end, count)? {
        ctx.unchanged();
        ctx.reply().null_array();
    }
    Ok(())
}

/// LMPOP's (and BLMPOP's) arguments after the command name (and
/// BLMPOP's timeout): the keys, the end, and the count (1 by default).
pub(super) fn lmpop_args<'a>(
    args: &mut Args<'a>,
) -> Result<(&'a [&'a [u8]], End, usize), CommandError> {
    let numkeys = match args.next().map(integer) {
        Some(Ok(n)) if n > 0 => n as u64,
        _ => return Err(errors::NUMKEYS_NOT_POSITIVE),
    };
    // The keys, then at least the LEFT|RIGHT word.
    if numkeys >= args.remaining() as u64 {
        return Err(errors::SYNTAX);
    }
    let all = args.rest();
    let (keys, options) = all.split_at(numkeys as usize);
    let mut options = Args::new(options);
    let end = next_end(&mut options)?;
    let mut count = None;
    while let Some(option) = options.next() {
        match options.peek() {
            Some(value) if count.is_none() && is_token(option, "count") => {
                options.next();
                match integer(value) {
                    Ok(n) if n > 0 => count = Some(n as usize),
                    _ => return Err(errors::COUNT_NOT_POSITIVE),
                }
            }
            _ => return Err(errors::SYNTAX),
        }
    }
    Ok((keys, end, count.unwrap_or(1)))
}

/// Pops up to `wanted` items from the first of `keys` holding a list and
/// answers [key, [items]]; false (nothing written) when none holds one.
pub(super) fn pop_from_first(
    ctx: &mut Ctx,
    keys: &[&[u8]],
    end: End,
    wanted: usize,
) -> Result<bool, CommandError> {
    for &key in keys {
        if pop_with_key(ctx, key, end, Some(wanted))? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Pops one item from the list at `key` and answers [key, item] (BLPOP,
/// BRPOP); false (nothing written) when the key is missing.
pub(super) fn pop_one_with_key(ctx: &mut Ctx, key: &[u8], end: End) -> Result<bool, CommandError> {
    pop_with_key(ctx, key, end, None)
}

/// Pops from the list at `key` and answers with the key: [key, item] for
/// one item (`wanted` None), [key, [items]] for up to `wanted`. False
/// (nothing written) when the key is missing. An emptied list goes, with
/// its `del` event after the pop's.
fn pop_with_key(
    ctx: &mut Ctx,
    key: &[u8],
    end: End,
    wanted: Option<usize>,
) -> Result<bool, CommandError> {
    let now = ctx.now();
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    let mut popped = 1;
    let emptied = {
        let Some(entry) = db.lookup_mut(key, now) else {
            return Ok(false);
        };
        let Value::List(list) = &mut entry.entry.value else {
            return Err(errors::WRONGTYPE);
        };
        w.array(2);
        w.bulk(key);
        match wanted {
            None => {
                if let Some(item) = pop_one(list, end) {
                    w.bulk(&item);
                }
            }
            Some(wanted) => {
                let n = wanted.min(list.len());
                popped = n;
                w.array(n);
                for _ in 0..n {
                    if let Some(item) = pop_one(list, end) {
                        w.bulk(&item);
                    }
                }
            }
        }
        list.is_empty()
    };
    if emptied {
        db.remove(key);
    }
    ctx.notify(notify::LIST, end.pop_event(), key);
    if emptied {
        ctx.notify(notify::GENERIC, "del", key);
    }
    // Logged as the plain pop of what it took (BLPOP as LPOP key, LMPOP
    // and BLMPOP as LPOP key count), as Redis propagates them; one change
    // per item.
    ctx.changes(popped as u64);
    match wanted {
        None => ctx.log_as(&[end.pop_command(), key]),
        Some(_) if ctx.logging() => {
            let count = popped.to_string();
            ctx.log_as(&[end.pop_command(), key, count.as_bytes()]);
        }
        Some(_) => {}
    }
    Ok(true)
}
