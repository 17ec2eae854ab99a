//! Scaling out: two miniRedis servers behind twemproxy (nutcracker), the
//! proxy users shard keys with. It splits MGET, MSET, DEL and UNLINK
//! across the shards and forwards single-key commands to the key's shard;
//! every type's commands must work through it, and the keys must really be
//! spread over both servers.

use std::net::SocketAddr;
use std::time::Duration;

use crate::client::{encode_command, Frame, RawClient};
use crate::harness::{in_ci, Server};
use crate::report::{Failure, Report};

const TIMEOUT: Duration = Duration::from_secs(5);

/// Keys written through the proxy: enough that both shards get some.
const KEYS: usize = 40;

/// One command through `client` and the exact reply it must get.
fn check(client: &mut RawClient, args: &[&str], expected: &[u8]) -> Result<(), Failure> {
    let got = ask(client, args);
    if got == expected {
        return Ok(());
    }
    Err(Failure {
        name: format!("twemproxy: {}", args.join(" ")),
        place: "through the proxy".into(),
        sent: encode_command(args),
        expected: crate::escape::escape(expected),
        got: crate::escape::escape(&got),
    })
}

/// The raw reply to one command (whatever arrived, on a failure).
fn ask(client: &mut RawClient, args: &[&str]) -> Vec<u8> {
    if client.send(&encode_command(args)).is_err() {
        return b"<send failed>".to_vec();
    }
    match client.read_frame(TIMEOUT) {
        Frame::Reply(raw, _) => raw,
        Frame::Closed(bytes) | Frame::Timeout(bytes) | Frame::Garbage(bytes, _) => bytes,
    }
}

fn bulk(value: &str) -> String {
    format!("${}\r\n{value}\r\n", value.len())
}

/// Starts two servers with `start` and nutcracker in front of them, and
/// runs every check through the proxy. Without nutcracker the checks are
/// skipped (an error under CI).
pub fn run_twemproxy(label: &str, start: impl Fn() -> Server) -> Report {
    let mut report = Report::new(format!("{label} x2 behind twemproxy"));
    let shards = [start(), start()];
    let backends: Vec<SocketAddr> = shards.iter().map(Server::addr).collect();
    let proxy = match Server::start_nutcracker(&backends) {
        Ok(Some(proxy)) => proxy,
        Ok(None) if !in_ci() => {
            report.skip("twemproxy", "nutcracker is not installed");
            return report;
        }
        Ok(None) => panic!("nutcracker is not installed (CI): apt-get install nutcracker"),
        Err(e) => panic!("cannot start nutcracker: {e}"),
    };
    let mut client =
        RawClient::connect(proxy.addr(), TIMEOUT).unwrap_or_else(|e| panic!("proxy: {e}"));
    let keys: Vec<String> = (0..KEYS).map(|i| format!("tw:{i}")).collect();
    let values: Vec<String> = (0..KEYS).map(|i| format!("v{i}")).collect();

    // MSET and MGET are split across the shards and put back together.
    let mut mset = vec!["MSET"];
    for (key, value) in keys.iter().zip(&values) {
        mset.push(key);
        mset.push(value);
    }
    report.record("twemproxy: MSET", check(&mut client, &mset, b"+OK\r\n"));
    let mut mget = vec!["MGET"];
    mget.extend(keys.iter().map(String::as_str));
    let mut all = format!("*{KEYS}\r\n");
    for value in &values {
        all.push_str(&bulk(value));
    }
    report.record("twemproxy: MGET", check(&mut client, &mget, all.as_bytes()));
    report.record("twemproxy: keys on both shards", spread(&shards));

    // Every type through the proxy.
    let steps: &[(&[&str], &str)] = &[
        (&["GET", "tw:0"], "$2\r\nv0\r\n"),
        (&["INCR", "tw:counter"], ":1\r\n"),
        (&["EXPIRE", "tw:counter", "100"], ":1\r\n"),
        (&["TTL", "tw:counter"], ":100\r\n"),
        (&["RPUSH", "tw:list", "a", "b"], ":2\r\n"),
        (
            &["LRANGE", "tw:list", "0", "-1"],
            "*2\r\n$1\r\na\r\n$1\r\nb\r\n",
        ),
        (&["HSET", "tw:hash", "f", "1"], ":1\r\n"),
        (&["HGETALL", "tw:hash"], "*2\r\n$1\r\nf\r\n$1\r\n1\r\n"),
        (&["SADD", "tw:set", "3", "1", "2"], ":3\r\n"),
        (
            &["SMEMBERS", "tw:set"],
            "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
        ),
        (&["ZADD", "tw:zset", "2", "b", "1", "a"], ":2\r\n"),
        (
            &["ZRANGE", "tw:zset", "0", "-1", "WITHSCORES"],
            "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n",
        ),
        (&["TYPE", "tw:zset"], "+zset\r\n"),
        (&["EXISTS", "tw:hash"], ":1\r\n"),
    ];
    for (args, expected) in steps {
        report.record(
            &format!("twemproxy: {}", args[0]),
            check(&mut client, args, expected.as_bytes()),
        );
    }

    // DEL and UNLINK are split too; their counts are summed.
    let half = KEYS / 2;
    let mut del = vec!["DEL"];
    del.extend(keys[..half].iter().map(String::as_str));
    report.record(
        "twemproxy: DEL",
        check(&mut client, &del, format!(":{half}\r\n").as_bytes()),
    );
    let mut unlink = vec!["UNLINK"];
    unlink.extend(keys.iter().map(String::as_str));
    report.record(
        "twemproxy: UNLINK",
        check(
            &mut client,
            &unlink,
            format!(":{}\r\n", KEYS - half).as_bytes(),
        ),
    );
    report
}

/// Both shards hold some of the MSET keys, and together all of them.
fn spread(shards: &[Server; 2]) -> Result<(), Failure> {
    let mut counts = Vec::new();
    for shard in shards {
        let mut direct = RawClient::connect(shard.addr(), TIMEOUT).map_err(|e| Failure {
            name: "twemproxy: keys on both shards".into(),
            place: format!("connecting to {}", shard.addr()),
            sent: Vec::new(),
            expected: "a connection".into(),
            got: e.to_string(),
        })?;
        let reply = ask(&mut direct, &["DBSIZE"]);
        let count: usize = std::str::from_utf8(&reply)
            .ok()
            .and_then(|r| r.trim_start_matches(':').trim_end().parse().ok())
            .unwrap_or(0);
        counts.push(count);
    }
    if counts.iter().all(|&n| n > 0) && counts.iter().sum::<usize>() == KEYS {
        return Ok(());
    }
    Err(Failure {
        name: "twemproxy: keys on both shards".into(),
        place: "DBSIZE of each shard".into(),
        sent: Vec::new(),
        expected: format!("both non-empty, {KEYS} in all"),
        got: format!("{counts:?}"),
    })
}
