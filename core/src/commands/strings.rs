//! String commands: GET, SET (all options), SETEX, PSETEX.

use super::{errors, parse_i64, Ctx, Flow};
use crate::compact::Small;
use crate::protocol::ReplyWriter;
use crate::types::Value;
use crate::Millis;

pub(crate) fn get(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    reply_string_value(ctx, args[1]);
    Flow::Continue
}

/// Replies with the string at `key` (or null); WRONGTYPE for other types.
/// Returns false on WRONGTYPE. Counts a keyspace hit or miss.
fn reply_string_value(ctx: &mut Ctx, key: &[u8]) -> bool {
    let now = ctx.now();
    // The reply is written straight from the stored value, without a copy.
    let db = &mut ctx.store.dbs[ctx.client.db];
    let mut reply = ReplyWriter::new(ctx.out, ctx.client.protocol);
    let (hit, is_string) = match db.lookup(key, now).map(|e| &e.value) {
        None => {
            reply.null_bulk();
            (false, true)
        }
        Some(Value::Str(v)) => {
            reply.bulk(v);
            (true, true)
        }
        Some(_) => {
            reply.error(errors::WRONGTYPE);
            (true, false)
        }
    };
    ctx.store.count_lookup(hit);
    is_string
}

/// How SET's deadline is given.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ExpireForm {
    Seconds,
    Millis,
    UnixSeconds,
    UnixMillis,
}

/// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT t|PXAT t|KEEPTTL]
pub(crate) fn set(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let (mut nx, mut xx, mut get, mut keep_ttl) = (false, false, false, false);
    let mut expire: Option<(ExpireForm, &[u8])> = None;
    let mut i = 3;
    // Option rules as Redis applies them: the same option may repeat (the
    // last expire value wins), conflicting ones are a syntax error.
    while i < args.len() {
        let opt = args[i];
        let next = args.get(i + 1);
        let form = if opt.eq_ignore_ascii_case(b"ex") {
            Some(ExpireForm::Seconds)
        } else if opt.eq_ignore_ascii_case(b"px") {
            Some(ExpireForm::Millis)
        } else if opt.eq_ignore_ascii_case(b"exat") {
            Some(ExpireForm::UnixSeconds)
        } else if opt.eq_ignore_ascii_case(b"pxat") {
            Some(ExpireForm::UnixMillis)
        } else {
            None
        };
        if opt.eq_ignore_ascii_case(b"nx") && !xx {
            nx = true;
        } else if opt.eq_ignore_ascii_case(b"xx") && !nx {
            xx = true;
        } else if opt.eq_ignore_ascii_case(b"get") {
            get = true;
        } else if opt.eq_ignore_ascii_case(b"keepttl") && expire.is_none() {
            keep_ttl = true;
        } else if let (Some(form), Some(value)) = (form, next) {
            if keep_ttl || expire.is_some_and(|(f, _)| f != form) {
                ctx.reply().error(errors::SYNTAX);
                return Flow::Continue;
            }
            expire = Some((form, value));
            i += 1;
        } else {
            ctx.reply().error(errors::SYNTAX);
            return Flow::Continue;
        }
        i += 1;
    }
    let deadline = match expire {
        None => None,
        Some((form, value)) => match deadline_for(ctx, form, value, "set") {
            Some(at) => Some(at),
            None => return Flow::Continue,
        },
    };
    let key = &args[1];
    if get && !reply_string_value(ctx, key) {
        return Flow::Continue;
    }
    let now = ctx.now();
    let db = ctx.db();
    // A plain SET needs no existence check: the insert replaces in place.
    let found = (nx || xx) && db.contains(key, now);
    if (nx && found) || (xx && !found) {
        if !get {
            ctx.reply().null_bulk();
        }
        return Flow::Continue;
    }
    let deadline = match deadline {
        Some(at) => Some(at),
        None if keep_ttl => db.lookup(key, now).and_then(|e| e.expire_at()),
        None => None,
    };
    store_string(ctx, key, args[2], deadline);
    if !get {
        ctx.reply().ok();
    }
    Flow::Continue
}

/// SETEX key seconds value
pub(crate) fn setex(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    set_with_ttl(ctx, args, ExpireForm::Seconds, "setex")
}

/// PSETEX key milliseconds value
pub(crate) fn psetex(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    set_with_ttl(ctx, args, ExpireForm::Millis, "psetex")
}

fn set_with_ttl(ctx: &mut Ctx, args: &[&[u8]], form: ExpireForm, command: &str) -> Flow {
    if let Some(deadline) = deadline_for(ctx, form, args[2], command) {
        store_string(ctx, args[1], args[3], Some(deadline));
        ctx.reply().ok();
    }
    Flow::Continue
}

fn store_string(ctx: &mut Ctx, key: &[u8], value: &[u8], deadline: Option<Millis>) {
    let now = ctx.now();
    ctx.db()
        .insert(key, Value::Str(Small::new(value)), deadline, now);
}

/// Converts an expire argument to a deadline on the caller's clock, with
/// Redis's validation and errors (replied here; `None` after an error).
fn deadline_for(ctx: &mut Ctx, form: ExpireForm, value: &[u8], command: &str) -> Option<Millis> {
    let Some(amount) = parse_i64(value) else {
        ctx.reply().error(errors::NOT_INTEGER);
        return None;
    };
    let seconds = matches!(form, ExpireForm::Seconds | ExpireForm::UnixSeconds);
    if amount <= 0 || (seconds && amount > i64::MAX / 1000) {
        invalid_expire_time(ctx, command);
        return None;
    }
    let millis = if seconds { amount * 1000 } else { amount };
    let unix_when = match form {
        ExpireForm::Seconds | ExpireForm::Millis => {
            (ctx.store.unix_now_ms() as i64).checked_add(millis)
        }
        ExpireForm::UnixSeconds | ExpireForm::UnixMillis => Some(millis),
    };
    match unix_when {
        Some(when) if when > 0 => Some(ctx.store.clock_from_unix_ms(when)),
        _ => {
            invalid_expire_time(ctx, command);
            None
        }
    }
}

pub(crate) fn invalid_expire_time(ctx: &mut Ctx, command: &str) {
    ctx.reply()
        .error(&format!("ERR invalid expire time in '{command}' command"));
}
