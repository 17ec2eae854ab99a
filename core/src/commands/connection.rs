//! Connection commands: PING, ECHO, HELLO, QUIT, SELECT.

use super::{errors, parse_i64, Ctx, Flow};
use crate::protocol::Protocol;
use crate::store::DATABASES;

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
    // Options take effect one by one, as in Redis: a SETNAME or AUTH
    // before a bad option stays done.
    let mut i = 2;
    while i < args.len() {
        let more = args.len() - 1 - i;
        if args[i].eq_ignore_ascii_case(b"auth") && more >= 2 {
            if !authenticate(ctx, args[i + 1], args[i + 2]) {
                ctx.reply().error(WRONGPASS);
                return Flow::Continue;
            }
            i += 3;
        } else if args[i].eq_ignore_ascii_case(b"setname") && more >= 1 {
            if !super::client::set_name(ctx, args[i + 1]) {
                return Flow::Continue;
            }
            i += 2;
        } else {
            let mut text = b"ERR Syntax error in HELLO option '".to_vec();
            text.extend_from_slice(args[i]);
            text.push(b'\'');
            ctx.reply().error_bytes(&text);
            return Flow::Continue;
        }
    }
    if ctx.client.auth_required(&ctx.store.config) {
        ctx.reply().error(HELLO_NOAUTH);
        return Flow::Continue;
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

const WRONGPASS: &str = "WRONGPASS invalid username-password pair or user is disabled.";

const HELLO_NOAUTH: &str = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time";

/// AUTH [username] password
pub(crate) fn auth(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let (user, password) = match args {
        [_, password] => {
            if ctx.store.config.requirepass.is_empty() {
                ctx.reply().error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
                return Flow::Continue;
            }
            (b"default".as_slice(), *password)
        }
        [_, user, password] => (*user, *password),
        _ => {
            ctx.reply().error(errors::SYNTAX);
            return Flow::Continue;
        }
    };
    if authenticate(ctx, user, password) {
        ctx.reply().ok();
    } else {
        ctx.reply().error(WRONGPASS);
    }
    Flow::Continue
}

/// Checks credentials for the only user, `default`, and marks the client
/// authenticated when they are right. Without `requirepass` the default
/// user takes any password (Redis's `nopass`). A failure leaves an already
/// authenticated client authenticated, as in Redis.
fn authenticate(ctx: &mut Ctx, user: &[u8], password: &[u8]) -> bool {
    let required = &ctx.store.config.requirepass;
    let ok = user == b"default" && (required.is_empty() || same_secret(password, required));
    if ok {
        ctx.client.authenticated = true;
    }
    ok
}

/// Compares without an early exit, so the time taken does not tell how
/// many leading bytes of a guess were right.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, &e) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(0) ^ e);
    }
    diff == 0
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
