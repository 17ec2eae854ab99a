//! Connection commands: PING, ECHO, HELLO, QUIT, AUTH, SELECT.

use super::args::{is_token, Args};
use super::errors;
use super::spec::{arg, flags::*, Command, Reply};
use super::Ctx;
use crate::protocol::Protocol;
use crate::store::DATABASES;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("ping", -1, FAST, ping)
        .acl(&["@fast", "@connection"])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .doc("Ping the server", "1.0.0", "connection", "O(1)")
        .args(&[
            arg("message", "string").optional(),
        ]),
    Command::new("echo", 2, LOADING | STALE | FAST, echo)
        .acl(&["@fast", "@connection"])
        .doc("Echo the given string", "1.0.0", "connection", "O(1)")
        .args(&[
            arg("message", "string"),
        ]),
    Command::new("hello", -1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, hello)
        .acl(&["@fast", "@connection"])
        .doc("Handshake with Redis", "6.0.0", "connection", "O(1)")
        .history(&[
            ("6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."),
        ])
        .args(&[
            arg("arguments", "block").optional().args(&[
                arg("protover", "integer"),
                arg("username_password", "block").token("AUTH").optional().args(&[
                    arg("username", "string"),
                    arg("password", "string"),
                ]),
                arg("clientname", "string").token("SETNAME").optional(),
            ]),
        ]),
    Command::new("quit", -1, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, quit)
        .acl(&["@fast", "@connection"])
        .doc("Close the connection", "1.0.0", "connection", "O(1)"),
    Command::new("auth", -2, NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, auth)
        .acl(&["@fast", "@connection"])
        .doc("Authenticate to the server", "1.0.0", "connection", "O(N) where N is the number of passwords defined for the user")
        .history(&[
            ("6.0.0", "Added ACL style (username and password)."),
        ])
        .args(&[
            arg("username", "string").since("6.0.0").optional(),
            arg("password", "string"),
        ]),
    Command::new("select", 2, LOADING | STALE | FAST, select)
        .acl(&["@fast", "@connection"])
        .doc("Change the selected database for the current connection", "1.0.0", "connection", "O(1)")
        .args(&[
            arg("index", "integer"),
        ]),
];

/// Version reported by HELLO and INFO: the redis-server release whose reply
/// bytes miniRedis follows.
pub(crate) const REDIS_VERSION: &str = "7.0.15";

/// PING [message]. A RESP2 client in subscribed mode can only read
/// pushes, so it gets `pong` and the message (empty without one) as a
/// two-element array, as in Redis.
fn ping(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let message = match args.rest() {
        [] => None,
        [message] => Some(*message),
        _ => return Err(errors::wrong_arity("ping")),
    };
    let subscribed =
        ctx.client.protocol == Protocol::Resp2 && ctx.store.pubsub.is_subscribed(ctx.client.id);
    let mut w = ctx.reply();
    match (subscribed, message) {
        (true, message) => {
            w.array(2);
            w.bulk(b"pong");
            w.bulk(message.unwrap_or_default());
        }
        (false, None) => w.simple("PONG"),
        (false, Some(message)) => w.bulk(message),
    }
    Ok(())
}

/// ECHO message
fn echo(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let message = args.next_arg()?;
    ctx.reply().bulk(message);
    Ok(())
}

/// HELLO [protover [AUTH username password] [SETNAME clientname]]
fn hello(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let protocol = match args.next() {
        None => None,
        Some(version) => match crate::protocol::decode::parse_int(version) {
            None => return Err(errors::PROTOCOL_NOT_INTEGER),
            Some(2) => Some(Protocol::Resp2),
            Some(3) => Some(Protocol::Resp3),
            Some(_) => return Err(errors::NOPROTO),
        },
    };
    // Options take effect one by one, as in Redis: a SETNAME or AUTH
    // before a bad option stays done. `index` is the option's position in
    // the whole command, for MONITOR's redaction of AUTH's credentials.
    let mut index = 2;
    while let Some(option) = args.next() {
        let more = args.remaining();
        if is_token(option, "auth") && more >= 2 {
            ctx.redact(index + 1);
            ctx.redact(index + 2);
            index += 3;
            let (user, password) = (args.next_arg()?, args.next_arg()?);
            if !authenticate(ctx, user, password) {
                return Err(errors::WRONGPASS);
            }
        } else if is_token(option, "setname") && more >= 1 {
            index += 2;
            super::client::set_name(ctx, args.next_arg()?)?;
        } else {
            return Err(errors::hello_syntax(option));
        }
    }
    if ctx.client.auth_required(&ctx.store.config) {
        return Err(errors::HELLO_NOAUTH);
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
    Ok(())
}

/// AUTH [username] password
fn auth(ctx: &mut Ctx, args: &mut Args) -> Reply {
    // MONITOR shows the credentials as `(redacted)`, once the syntax is
    // right (Redis redacts after its argument count check).
    let (user, password) = match args.rest() {
        [password] => {
            ctx.redact(1);
            if ctx.store.config.requirepass.is_empty() {
                return Err(errors::AUTH_WITHOUT_PASSWORD);
            }
            (b"default".as_slice(), *password)
        }
        [user, password] => {
            ctx.redact(1);
            ctx.redact(2);
            (*user, *password)
        }
        _ => return Err(errors::SYNTAX),
    };
    if !authenticate(ctx, user, password) {
        return Err(errors::WRONGPASS);
    }
    ctx.reply().ok();
    Ok(())
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

/// QUIT: OK, then the engine closes the connection once it is written.
fn quit(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    ctx.reply().ok();
    ctx.close_after_reply();
    Ok(())
}

/// SELECT index
fn select(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let index = args.next_int()?;
    // Redis reads the index as a C int before checking the database count.
    if i32::try_from(index).is_err() {
        return Err(errors::DB_INDEX_NOT_INT);
    }
    if index < 0 || index >= DATABASES as i64 {
        return Err(errors::DB_INDEX_OUT_OF_RANGE);
    }
    ctx.client.db = index as usize;
    ctx.reply().ok();
    Ok(())
}
