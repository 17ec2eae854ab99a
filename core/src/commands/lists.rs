//! List commands: LPUSH, RPUSH, LPOP, RPOP (with count).

use super::{errors, parse_i64, Ctx, Flow};
use crate::keyspace::{Small, Value};

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
    let key = &args[1];
    let db = ctx.db();
    if db.lookup(key, now).is_none() {
        db.insert(key, Value::List(Box::default()), None, now);
    }
    let length = match db.lookup_mut(key, now) {
        Some(entry) => match &mut entry.entry.value {
            Value::List(list) => {
                for item in &args[2..] {
                    let item = Small::new(item);
                    match end {
                        End::Head => list.push_front(item),
                        End::Tail => list.push_back(item),
                    }
                }
                Some(list.len())
            }
            _ => None,
        },
        None => None,
    };
    match length {
        Some(len) => ctx.reply().integer(len as i64),
        None => ctx.reply().error(errors::WRONGTYPE),
    }
    Flow::Continue
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
    let key = &args[1];
    let db = ctx.db();
    let popped: Result<Option<Vec<Small>>, ()> = match db.lookup_mut(key, now) {
        None => Ok(None),
        Some(entry) => match &mut entry.entry.value {
            Value::List(list) => {
                let wanted = count.unwrap_or(1).min(list.len());
                let mut items = Vec::with_capacity(wanted);
                for _ in 0..wanted {
                    let item = match end {
                        End::Head => list.pop_front(),
                        End::Tail => list.pop_back(),
                    };
                    items.extend(item);
                }
                Ok(Some(items))
            }
            _ => Err(()),
        },
    };
    // An emptied list disappears, as in Redis.
    if matches!(db.peek_list_len(key), Some(0)) {
        db.remove(key);
    }
    let mut w = ctx.reply();
    match (popped, count) {
        (Err(()), _) => w.error(errors::WRONGTYPE),
        (Ok(None), None) => w.null_bulk(),
        (Ok(None), Some(_)) => w.null_array(),
        (Ok(Some(items)), None) => match items.first() {
            Some(item) => w.bulk(item),
            None => w.null_bulk(),
        },
        (Ok(Some(items)), Some(_)) => {
            w.array(items.len());
            for item in &items {
                w.bulk(item);
            }
        }
    }
    Flow::Continue
}
