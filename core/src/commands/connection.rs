//! Connection commands: PING, ECHO, HELLO, QUIT, SELECT.

use super::{errors, parse_i64, Ctx, Flow};
use crate::protocol::Protocol;
use crate::server::DATABASES;

/// Version reported by HELLO and INFO: the redis-server release whose reply
/// bytes miniRedis follows.
pub(crate) const REDIS_VERSION: &str = "7.0.15";

pub(crate) fn ping(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    match args.len() {
        1 => ctx.reply().simple("PONG"),
        2 => ctx.reply().bulk(args[1]),
        _ => ctx
            .reply()
            .error("ERR wrong number of arguments for 'ping' command"),
    }
    Flow::Continue
}

pub(crate) fn echo(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    ctx.reply().bulk(args[1]);
    Flow::Continue
}

/// HELLO [protover [AUTH username password] [SETNAME clientname]]
pub(crate) fn hello(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let mut protocol = None;
    if let Some(version) = args.get(1) {
        match parse_i64(version) {
            None => {
                ctx.reply()
                    .error("ERR Protocol version is not an integer or out of range");
                return Flow::Continue;
            }
            Some(2) => protocol = Some(Protocol::Resp2),
            Some(3) => protocol = Some(Protocol::Resp3),
            Some(_) => {
                ctx.reply().error("NOPROTO unsupported protocol version");
                return Flow::Continue;
            }
        }
    }
    let mut credentials = None;
    let mut name = None;
    let mut i = 2;
    while i < args.len() {
        let more = args.len() - 1 - i;
        if args[i].eq_ignore_ascii_case(b"auth") && more >= 2 {
            credentials = Some((&args[i + 1], &args[i + 2]));
            i += 3;
        } else if args[i].eq_ignore_ascii_case(b"setname") && more >= 1 {
            name = Some(&args[i + 1]);
            i += 2;
        } else {
            let mut text = b"ERR Syntax error in HELLO option '".to_vec();
            text.extend_from_slice(args[i]);
            text.push(b'\'');
            ctx.reply().error_bytes(&text);
            return Flow::Continue;
        }
    }
    if let Some((user, _password)) = credentials {
        // Only the default user exists and it has no password: any password
        // is accepted for it, as Redis does for a `nopass` user.
        if user != b"default" {
            ctx.reply()
                .error("WRONGPASS invalid username-password pair or user is disabled.");
            return Flow::Continue;
        }
    }
    if let Some(name) = name {
        if !super::client::set_name(ctx, name) {
            return Flow::Continue;
        }
    }
    if let Some(protocol) = protocol {
        ctx.client.protocol = protocol;
    }
    let proto = match ctx.client.protocol {
        Protocol::Resp2 => 2,
        Protocol::Resp3 => 3,
    };
    let id = ctx.client.id as i64;
    let mut w = ctx.reply();
    w.map(7);
    w.bulk(b"server");
    w.bulk(b"redis");
    w.bulk(b"version");
    w.bulk(REDIS_VERSION.as_bytes());
    w.bulk(b"proto");
    w.integer(proto);
    w.bulk(b"id");
    w.integer(id);
    w.bulk(b"mode");
    w.bulk(b"standalone");
    w.bulk(b"role");
    w.bulk(b"master");
    w.bulk(b"modules");
    w.array(0);
    Flow::Continue
}

pub(crate) fn quit(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    ctx.reply().ok();
    Flow::Close
}

pub(crate) fn select(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    match parse_i64(args[1]) {
        None => ctx.reply().error(errors::NOT_INTEGER),
        // Redis reads the index as a C int before checking the database count.
        Some(index) if i32::try_from(index).is_err() => ctx
            .reply()
            .error("ERR value is out of range, value must between -2147483648 and 2147483647"),
        Some(index) if index < 0 || index >= DATABASES as i64 => {
            ctx.reply().error("ERR DB index is out of range")
        }
        Some(index) => {
            ctx.client.db = index as usize;
            ctx.reply().ok();
        }
    }
    Flow::Continue
}
