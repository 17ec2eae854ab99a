//! Hostile input, slow clients and faults: checks that need more than one
//! connection, changed server settings or timing, so they do not fit the
//! one-connection case table. Each check restores the settings it changed.
//! All of them run against redis-server too, which proves the bytes.

use std::net::SocketAddr;
use std::thread;
use std::time::{Duration, Instant};

use crate::client::{encode_command, Frame, RawClient};
use crate::escape::escape;
use crate::report::{Failure, Report};

type Check = fn(SocketAddr) -> Result<(), String>;

/// The checks, by name.
pub const CHECKS: &[(&str, Check)] = &[
    ("hostile: AUTH with requirepass set", requirepass),
    ("hostile: maxclients refuses the extra client", maxclients),
    ("hostile: idle timeout closes silently", idle_timeout),
    (
        "hostile: a client that never reads does not slow others",
        isolation,
    ),
    (
        "hostile: a subscriber that never reads is dropped at the pubsub limit, others go on",
        subscriber_isolation,
    ),
    (
        "hostile: client-output-buffer-limit hard limit drops the client",
        output_hard_limit,
    ),
    (
        "hostile: client-output-buffer-limit soft limit drops a client that stops reading",
        output_soft_limit,
    ),
];

/// Runs every check against the server at `addr`.
pub fn run_hostile(label: &str, addr: SocketAddr) -> Report {
    let mut report = Report::new(label);
    for (name, check) in CHECKS {
        let outcome = check(addr).map_err(|got| Failure {
            name: name.to_string(),
            place: "hostile check".into(),
            sent: Vec::new(),
            expected: "success".into(),
            got,
        });
        report.record(name, outcome);
    }
    report
}

const WAIT: Duration = Duration::from_secs(2);

fn connect(addr: SocketAddr) -> Result<RawClient, String> {
    RawClient::connect(addr, WAIT).map_err(|e| format!("connect: {e}"))
}

/// Sends one command and returns the raw reply.
fn call(client: &mut RawClient, args: &[&str]) -> Result<Vec<u8>, String> {
    client
        .send(&encode_command(args))
        .map_err(|e| format!("{args:?}: write failed: {e}"))?;
    match client.read_frame(WAIT) {
        Frame::Reply(raw, _) => Ok(raw),
        other => Err(format!("{args:?}: no reply: {other:?}")),
    }
}

fn expect(client: &mut RawClient, args: &[&str], want: &[u8]) -> Result<(), String> {
    let got = call(client, args)?;
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "{args:?}: expected \"{}\", got \"{}\"",
            escape(want),
            escape(&got)
        ))
    }
}

fn connected_clients(client: &mut RawClient) -> Result<usize, String> {
    let info = call(client, &["INFO", "clients"])?;
    let text = String::from_utf8_lossy(&info);
    text.lines()
        .find_map(|l| l.strip_prefix("connected_clients:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("no connected_clients in {text:?}"))
}

/// Waits until `client` is the only one the server counts, so a limit
/// computed from the count is not thrown off by connections that are
/// closing.
fn wait_alone(client: &mut RawClient) -> Result<(), String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let n = connected_clients(client)?;
        if n == 1 {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{n} clients still connected"));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

fn requirepass(addr: SocketAddr) -> Result<(), String> {
    let mut admin = connect(addr)?;
    expect(
        &mut admin,
        &["CONFIG", "SET", "requirepass", "h0stile"],
        b"+OK\r\n",
    )?;
    let result = (|| {
        let mut c = connect(addr)?;
        expect(&mut c, &["PING"], b"-NOAUTH Authentication required.\r\n")?;
        expect(
            &mut c,
            &["AUTH", "nope"],
            b"-WRONGPASS invalid username-password pair or user is disabled.\r\n",
        )?;
        expect(&mut c, &["AUTH", "h0stile"], b"+OK\r\n")?;
        expect(&mut c, &["PING"], b"+PONG\r\n")?;
        // Unauthenticated clients may not announce big requests.
        let mut c = connect(addr)?;
        let _ = c.send(b"*11\r\n");
        let (bytes, closed) = c.read_until_closed(WAIT);
        if bytes != b"-ERR Protocol error: unauthenticated multibulk length\r\n" || !closed {
            return Err(format!(
                "*11 before AUTH: got \"{}\", closed: {closed}",
                escape(&bytes)
            ));
        }
        Ok(())
    })();
    // The admin connected before the password was set: still allowed.
    expect(
        &mut admin,
        &["CONFIG", "SET", "requirepass", ""],
        b"+OK\r\n",
    )?;
    result
}

fn maxclients(addr: SocketAddr) -> Result<(), String> {
    let mut admin = connect(addr)?;
    wait_alone(&mut admin)?;
    expect(
        &mut admin,
        &["CONFIG", "SET", "maxclients", "2"],
        b"+OK\r\n",
    )?;
    let result = (|| {
        let mut second = connect(addr)?;
        expect(&mut second, &["PING"], b"+PONG\r\n")?;
        let mut third = connect(addr)?;
        let (bytes, closed) = third.read_until_closed(WAIT);
        if bytes != b"-ERR max number of clients reached\r\n" || !closed {
            return Err(format!(
                "third client: got \"{}\", closed: {closed}",
                escape(&bytes)
            ));
        }
        Ok(())
    })();
    expect(
        &mut admin,
        &["CONFIG", "SET", "maxclients", "10000"],
        b"+OK\r\n",
    )?;
    result
}

fn idle_timeout(addr: SocketAddr) -> Result<(), String> {
    let mut admin = connect(addr)?;
    expect(&mut admin, &["CONFIG", "SET", "timeout", "1"], b"+OK\r\n")?;
    let mut idle = connect(addr)?;
    expect(&mut idle, &["PING"], b"+PONG\r\n")?;
    let started = Instant::now();
    let (bytes, closed) = idle.read_until_closed(Duration::from_secs(4));
    let took = started.elapsed();
    // The admin has been idle as long: it may be gone too.
    let mut admin = connect(addr)?;
    expect(&mut admin, &["CONFIG", "SET", "timeout", "0"], b"+OK\r\n")?;
    if !closed || !bytes.is_empty() {
        return Err(format!(
            "idle client after {took:?}: got \"{}\", closed: {closed}",
            escape(&bytes)
        ));
    }
    if took < Duration::from_millis(900) {
        return Err(format!("closed too early, after {took:?}"));
    }
    Ok(())
}

/// How many replies of [`BIG`] bytes the stuck client asks for.
const STUCK_REPLIES: usize = 64;
const BIG: usize = 1024 * 1024;

fn isolation(addr: SocketAddr) -> Result<(), String> {
    let mut setup = connect(addr)?;
    let value = "v".repeat(BIG);
    expect(&mut setup, &["SET", "hostile:big", &value], b"+OK\r\n")?;
    expect(&mut setup, &["SET", "hostile:small", "x"], b"+OK\r\n")?;

    // 64 MiB of replies requested, none read.
    let mut stuck = connect(addr)?;
    let request = encode_command(&["GET", "hostile:big"]).repeat(STUCK_REPLIES);
    stuck
        .send(&request)
        .map_err(|e| format!("stuck client write: {e}"))?;
    thread::sleep(Duration::from_millis(200));

    let mut other = connect(addr)?;
    let mut latencies = Vec::with_capacity(20);
    for _ in 0..20 {
        let started = Instant::now();
        expect(&mut other, &["GET", "hostile:small"], b"$1\r\nx\r\n")?;
        latencies.push(started.elapsed());
    }
    latencies.sort();
    let (median, slowest) = (
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1],
    );
    drop(stuck);
    expect(
        &mut setup,
        &["DEL", "hostile:big", "hostile:small"],
        b":2\r\n",
    )?;
    // "A few milliseconds": judged on the median so that a scheduler hiccup
    // on a loaded test machine does not fail it, while a stall (every GET
    // waiting behind the stuck client) still does; no single GET may wait
    // anywhere near a stall.
    if median > Duration::from_millis(20) || slowest > Duration::from_millis(500) {
        return Err(format!(
            "GETs took median {median:?}, slowest {slowest:?} while another client was stuck"
        ));
    }
    Ok(())
}

/// Messages of [`BIG`] bytes published: more than the `pubsub` class's
/// default 32 MiB hard limit plus what the kernel's socket buffers hold.
const FANOUT_MESSAGES: usize = 48;

/// One subscriber never reads, another reads every message: PUBLISH and
/// the reading subscriber never wait for the stuck one, which the server
/// drops once its unwritten messages pass the default `pubsub` hard limit
/// (`32mb 8mb 60`), while the other keeps its subscription.
fn subscriber_isolation(addr: SocketAddr) -> Result<(), String> {
    let channel = "hostile:fanout";
    let subscribe = encode_command(&["SUBSCRIBE", channel]);
    let confirmation = format!(
        "*3\r\n$9\r\nsubscribe\r\n${}\r\n{channel}\r\n:1\r\n",
        channel.len()
    );
    let mut stuck = connect(addr)?;
    let mut reader = connect(addr)?;
    for c in [&mut stuck, &mut reader] {
        c.send(&subscribe).map_err(|e| format!("subscribe: {e}"))?;
        match c.read_frame(WAIT) {
            Frame::Reply(raw, _) if raw == confirmation.as_bytes() => {}
            other => return Err(format!("SUBSCRIBE answered {other:?}")),
        }
    }
    let payload = "m".repeat(BIG);
    let message = format!(
        "*3\r\n$7\r\nmessage\r\n${}\r\n{channel}\r\n${BIG}\r\n{payload}\r\n",
        channel.len()
    );
    let mut publisher = connect(addr)?;
    let mut slowest = Duration::ZERO;
    for i in 0..FANOUT_MESSAGES {
        let started = Instant::now();
        let count = call(&mut publisher, &["PUBLISH", channel, &payload])?;
        if count != b":2\r\n" && count != b":1\r\n" {
            return Err(format!("PUBLISH {i} answered {}", escape(&count)));
        }
        let got = reader.read_exact_len(message.len(), WAIT);
        if got != message.as_bytes() {
            return Err(format!(
                "message {i}: the reading subscriber got {} bytes",
                got.len()
            ));
        }
        slowest = slowest.max(started.elapsed());
    }
    let (_, closed) = stuck.read_until_closed(WAIT);
    if !closed {
        return Err("the subscriber that never reads was not dropped".into());
    }
    let numsub = format!("*2\r\n${}\r\n{channel}\r\n:1\r\n", channel.len());
    expect(
        &mut publisher,
        &["PUBSUB", "NUMSUB", channel],
        numsub.as_bytes(),
    )?;
    if slowest > Duration::from_millis(500) {
        return Err(format!("a PUBLISH and its delivery took {slowest:?}"));
    }
    Ok(())
}

const OUTPUT_LIMIT: &str = "client-output-buffer-limit";
const OUTPUT_LIMIT_DEFAULT: &[u8] =
    b"*2\r\n$26\r\nclient-output-buffer-limit\r\n$67\r\nnormal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60\r\n";

/// Sets `normal <limit>` for the duration of `check`, then restores the
/// default (and checks CONFIG GET shows it again).
fn with_output_limit(
    addr: SocketAddr,
    limit: &str,
    check: impl FnOnce(&mut RawClient) -> Result<(), String>,
) -> Result<(), String> {
    let mut admin = connect(addr)?;
    wait_alone(&mut admin)?;
    expect(
        &mut admin,
        &["CONFIG", "GET", OUTPUT_LIMIT],
        OUTPUT_LIMIT_DEFAULT,
    )?;
    let value = "v".repeat(BIG);
    expect(&mut admin, &["SET", "hostile:obl", &value], b"+OK\r\n")?;
    let normal = format!("normal {limit}");
    expect(
        &mut admin,
        &["CONFIG", "SET", OUTPUT_LIMIT, &normal],
        b"+OK\r\n",
    )?;
    let result = check(&mut admin);
    expect(
        &mut admin,
        &["CONFIG", "SET", OUTPUT_LIMIT, "normal 0 0 0"],
        b"+OK\r\n",
    )?;
    expect(&mut admin, &["DEL", "hostile:obl"], b":1\r\n")?;
    expect(
        &mut admin,
        &["CONFIG", "GET", OUTPUT_LIMIT],
        OUTPUT_LIMIT_DEFAULT,
    )?;
    result
}

/// A reply bigger than the hard limit: the client is closed and gets
/// none of it; small replies still flow.
fn output_hard_limit(addr: SocketAddr) -> Result<(), String> {
    with_output_limit(addr, "512kb 0 0", |admin| {
        let mut c = connect(addr)?;
        expect(&mut c, &["PING"], b"+PONG\r\n")?;
        c.send(&encode_command(&["GET", "hostile:obl"]))
            .map_err(|e| format!("write: {e}"))?;
        let (bytes, closed) = c.read_until_closed(WAIT);
        if !bytes.is_empty() || !closed {
            return Err(format!(
                "GET of {BIG} bytes: got {} bytes, closed: {closed}",
                bytes.len()
            ));
        }
        expect(admin, &["ECHO", "small"], b"$5\r\nsmall\r\n")
    })
}

/// A client that asks for 64 MiB of replies at once, then one more every
/// 50 ms, and reads none: once its unwritten replies stay over the 1 MiB
/// soft limit for more than a second it is dropped, and not before.
fn output_soft_limit(addr: SocketAddr) -> Result<(), String> {
    with_output_limit(addr, "0 1mb 1", |admin| {
        let mut stuck = connect(addr)?;
        let request = encode_command(&["GET", "hostile:obl"]);
        let started = Instant::now();
        stuck
            .send(&request.repeat(STUCK_REPLIES))
            .map_err(|e| format!("write: {e}"))?;
        loop {
            // Errors are expected once the server has closed it.
            let _ = stuck.send(&request);
            thread::sleep(Duration::from_millis(50));
            if connected_clients(admin)? == 1 {
                break;
            }
            if started.elapsed() > Duration::from_secs(8) {
                return Err("the client was still connected after 8 s".into());
            }
        }
        let took = started.elapsed();
        if took < Duration::from_millis(900) {
            return Err(format!("closed after {took:?}, before the soft seconds"));
        }
        Ok(())
    })
}
