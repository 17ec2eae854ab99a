//! List commands: LPUSH, RPUSH, LPOP, RPOP (with count).

use super::args::Args;
use super::errors;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::compact::Small;
use crate::protocol::ReplyWriter;
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
];

#[derive(Clone, Copy)]
enum End {
    Head,
    Tail,
}

/// LPUSH key element [element ...]
fn lpush(ctx: &mut Ctx, args: &mut Args) -> Reply {
    push(ctx, args, End::Head)
}

/// RPUSH key element [element ...]
fn rpush(ctx: &mut Ctx, args: &mut Args) -> Reply {
    push(ctx, args, End::Tail)
}

fn push(ctx: &mut Ctx, args: &mut Args, end: End) -> Reply {
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
    let length = existing.unwrap_or_else(|| {
        let mut list = Box::<List>::default();
        push_all(&mut list, items, end);
        let length = list.len();
        db.insert(key, Value::List(list), None, now);
        Some(length)
    });
    let length = length.ok_or(errors::WRONGTYPE)?;
    ctx.reply().integer(length as i64);
    Ok(())
}

fn push_all(list: &mut List, items: &[&[u8]], end: End) {
    for item in items {
        let item = Small::new(item);
        match end {
            End::Head => list.push_front(item),
            End::Tail => list.push_back(item),
        }
    }
}

fn pop_one(list: &mut List, end: End) -> Option<Small> {
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
    let emptied = {
        let Some(entry) = db.lookup_mut(key, now) else {
            match count {
                None => w.null_bulk(),
                Some(_) => w.null_array(),
            }
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
                w.array(n);
                for _ in 0..n {
                    if let Some(item) = pop_one(list, end) {
                        w.bulk(&item);
                    }
                }
            }
        }
        list.len() == 0
    };
    // An emptied list disappears, as in Redis.
    if emptied {
        db.remove(key);
    }
    Ok(())
}
