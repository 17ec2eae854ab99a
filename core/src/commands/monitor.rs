//! MONITOR and RESET, and the line MONITOR shows for each command.
//!
//! A monitor receives, for every command any client runs (after it ran,
//! errors from the handler included), a status line
//!
//! `+<unix seconds>.<microseconds> [<db> <ip:port>] "arg" "arg" ...`
//!
//! with each argument quoted as Redis's `sdscatrepr` does, and the
//! secrets a handler marked (AUTH's, HELLO AUTH's) shown as
//! `"(redacted)"`. Commands refused before running (unknown, wrong arity,
//! NOAUTH...) are not shown, nor those flagged `admin` or `skip_monitor`,
//! nor a blocked command when it runs again to serve its client. The
//! dispatcher (engine/monitor.rs) decides and delivers; this module words.

use std::net::SocketAddr;

use super::args::Args;
use super::errors;
use super::peers::address_text;
use super::spec::{flags::*, Command, Reply};
use super::Ctx;
use crate::protocol::Protocol;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("monitor", 1, ADMIN | NOSCRIPT | LOADING | STALE, monitor)
        .acl(&["@admin", "@slow", "@dangerous"])
        .doc(
            "Listen for all requests received by the server in real time",
            "1.0.0",
            "server",
            "",
        ),
    Command::new(
        "reset",
        1,
        NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY,
        reset,
    )
    .acl(&["@fast", "@connection"])
    .doc("Reset the connection", "6.2.0", "connection", "O(1)"),
];

/// MONITOR: `+OK`, then the line of every command run. A client already
/// monitoring gets no reply at all (as in Redis); inside a transaction
/// (Redis's "deny blocking" clients) it is refused.
fn monitor(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    if ctx.client.in_exec {
        return Err(errors::MONITOR_DENY_BLOCKING);
    }
    if ctx.client.monitor {
        return Ok(());
    }
    ctx.client.monitor = true;
    ctx.store.monitors.add(ctx.client.id);
    ctx.reply().ok();
    Ok(())
}

/// RESET: the connection as it was on connect, as Redis 7.0's
/// `clearClientConnectionState` leaves it: out of monitor mode, database
/// 0, RESP2, authenticated only if no password is set, no subscriptions
/// (dropped without confirmations), no name, CLIENT REPLY ON; `+RESET`.
/// CLIENT NO-EVICT stays as it was (redis-server 7.0.15 keeps it).
fn reset(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let id = ctx.client.id;
    if ctx.client.monitor {
        ctx.store.monitors.remove(id);
        ctx.client.monitor = false;
    }
    // Leaves MULTI and unwatches everything, as DISCARD would.
    super::transactions::discard_transaction(ctx.store, ctx.client);
    let client = &mut *ctx.client;
    client.db = 0;
    client.protocol = Protocol::Resp2;
    client.authenticated = ctx.store.config.requirepass.is_empty();
    client.name = None;
    client.reply.reset();
    ctx.store.pubsub.forget_client(id);
    ctx.reply().simple("RESET");
    Ok(())
}

/// Appends the MONITOR line of a command: run at `unix_ms` by the client
/// at `peer`, with database `db` selected once it ran, `redacted` the
/// argument positions to hide (bits, see [`Ctx::redact`]).
pub(crate) fn write_line(
    line: &mut Vec<u8>,
    unix_ms: u64,
    db: usize,
    peer: Option<SocketAddr>,
    args: &[&[u8]],
    redacted: u64,
) {
    write_line_from(line, unix_ms, db, &address_text(peer), args, redacted);
}

/// [`write_line`] with the source as shown (an address, or `lua` for a
/// script's commands).
pub(crate) fn write_line_from(
    line: &mut Vec<u8>,
    unix_ms: u64,
    db: usize,
    source: &str,
    args: &[&[u8]],
    redacted: u64,
) {
    let header = format!(
        "+{}.{:06} [{db} {source}]",
        unix_ms / 1000,
        (unix_ms % 1000) * 1000,
    );
    line.extend_from_slice(header.as_bytes());
    for (i, arg) in args.iter().enumerate() {
        line.push(b' ');
        if redacted & (1 << i.min(63)) != 0 {
            line.extend_from_slice(b"\"(redacted)\"");
        } else {
            quote(line, arg);
        }
    }
    line.extend_from_slice(b"\r\n");
}

/// Redis's `sdscatrepr`: double quotes, `\\` and `\"` escaped, `\n \r \t
/// \a \b` by name, other bytes outside printable ASCII as `\xhh`.
fn quote(line: &mut Vec<u8>, arg: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    line.push(b'"');
    for &byte in arg {
        match byte {
            b'\\' | b'"' => line.extend_from_slice(&[b'\\', byte]),
            b'\n' => line.extend_from_slice(b"\\n"),
            b'\r' => line.extend_from_slice(b"\\r"),
            b'\t' => line.extend_from_slice(b"\\t"),
            0x07 => line.extend_from_slice(b"\\a"),
            0x08 => line.extend_from_slice(b"\\b"),
            b' '..=b'~' => line.push(byte),
            _ => line.extend_from_slice(&[
                b'\\',
                b'x',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]),
        }
    }
    line.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_quote_and_redact_as_redis() {
        let mut line = Vec::new();
        let peer = "127.0.0.1:50336".parse().ok();
        let args: [&[u8]; 4] = [b"SET", b"a b", b"q\"\\\n\r\t\x07\x08\x01\xff~", b"x"];
        write_line(&mut line, 1_700_000_000_123, 5, peer, &args, 1 << 3);
        assert_eq!(
            line,
            b"+1700000000.123000 [5 127.0.0.1:50336] \"SET\" \"a b\" \
              \"q\\\"\\\\\\n\\r\\t\\a\\b\\x01\\xff~\" \"(redacted)\"\r\n"
        );
        line.clear();
        write_line(&mut line, 5, 0, None, &[b"ping"], 0);
        assert_eq!(line, b"+0.005000 [0 ?:0] \"ping\"\r\n");
    }
}
