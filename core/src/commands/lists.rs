//! List commands: LPUSH, RPUSH, LPOP, RPOP (with count).

use super::{errors, parse_i64, Ctx, Flow};
use crate::compact::Small;
use crate::protocol::ReplyWriter;
use crate::types::{List, Value};

#[derive(Clone, Copy)]
enum End {
    Head,
    Tail,
}

pub(crate) fn lpush(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    push(ctx, args, End::Head)
}

pub(crate) fn rpush(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    push(ctx, args, End::Tail)
}

fn push(ctx: &mut Ctx, args: &[&[u8]], end: End) -> Flow {
    let now = ctx.now();
    let key = args[1];
    let db = ctx.db();
    // One lookup for an existing list; a new one is built, then stored.
    let existing = db
        .lookup_mut(key, now)
        .map(|entry| match &mut entry.entry.value {
            Value::List(list) => {
                push_all(list, &args[2..], end);
                Some(list.len())
            }
            _ => None,
        });
    let length = existing.unwrap_or_else(|| {
        let mut list = Box::<List>::default();
        push_all(&mut list, &args[2..], end);
        let length = list.len();
        db.insert(key, Value::List(list), None, now);
        Some(length)
    });
    match length {
        Some(len) => ctx.reply().integer(len as i64),
        None => ctx.reply().error(errors::WRONGTYPE),
    }
    Flow::Continue
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

pub(crate) fn lpop(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    pop(ctx, args, End::Head)
}

pub(crate) fn rpop(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    pop(ctx, args, End::Tail)
}

/// LPOP/RPOP key [count]. Without count: one element or null; with count:
/// an array (empty for count 0), or a null array when the key is missing.
fn pop(ctx: &mut Ctx, args: &[&[u8]], end: End) -> Flow {
    let name = match end {
        End::Head => "lpop",
        End::Tail => "rpop",
    };
    if args.len() > 3 {
        ctx.reply().error(&format!(
            "ERR wrong number of arguments for '{name}' command"
        ));
        return Flow::Continue;
    }
    let count = match args.get(2) {
        None => None,
        Some(arg) => match parse_i64(arg) {
            Some(n) if n >= 0 => Some(n as usize),
            _ => {
                ctx.reply()
                    .error("ERR value is out of range, must be positive");
                return Flow::Continue;
            }
        },
    };
    let now = ctx.now();
    let key = args[1];
    // Replies are written as items come off the list: no copy, no vector.
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut w = ReplyWriter::new(ctx.out, ctx.client.protocol);
    let mut emptied = false;
    match db.lookup_mut(key, now) {
        None if count.is_none() => w.null_bulk(),
        None => w.null_array(),
        Some(entry) => match &mut entry.entry.value {
            Value::List(list) => {
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
                emptied = list.len() == 0;
            }
            _ => w.error(errors::WRONGTYPE),
        },
    }
    // An emptied list disappears, as in Redis.
    if emptied {
        db.remove(key);
    }
    Flow::Continue
}
