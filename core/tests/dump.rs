//! DUMP and RESTORE through the whole core: payload round trips, the
//! `restore` (and `del`) keyspace events, WATCH invalidation, and a
//! blocked BLPOP served by a restored list, as redis-server 7.0.15 does.

mod support;

use support::Harness;

fn command(args: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The payload of a DUMP reply (a bulk string).
fn dumped(h: &mut Harness, c: &mut support::Client, key: &str) -> Vec<u8> {
    let reply = h.send(c, &command(&[b"DUMP", key.as_bytes()]));
    let header_end = reply.iter().position(|&b| b == b'\n').expect("header") + 1;
    let len: usize = std::str::from_utf8(&reply[1..header_end - 2])
        .expect("utf8")
        .parse()
        .expect("length");
    reply[header_end..header_end + len].to_vec()
}

fn pmessage(channel: &str, message: &str) -> String {
    let pattern = "__key*@0__:*";
    format!(
        "*4\r\n$8\r\npmessage\r\n${}\r\n{pattern}\r\n${}\r\n{channel}\r\n${}\r\n{message}\r\n",
        pattern.len(),
        channel.len(),
        message.len()
    )
}

fn both(event: &str, key: &str) -> String {
    pmessage(&format!("__keyspace@0__:{key}"), event)
        + &pmessage(&format!("__keyevent@0__:{event}"), key)
}

#[test]
fn payloads_round_trip_every_type() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(
        &mut c,
        "SET s hello\nRPUSH l a b 3\nHSET h f v\nZADD z 1 m 2 n\nSADD st 1 2 x\nXADD x 1-1 f v",
    );
    for (key, read) in [
        ("s", "GET"),
        ("l", "LRANGE {} 0 -1"),
        ("h", "HGETALL"),
        ("z", "ZRANGE {} 0 -1 WITHSCORES"),
        ("st", "SORT {} ALPHA"),
        ("x", "XRANGE {} - +"),
    ] {
        let payload = dumped(&mut h, &mut c, key);
        let copy = format!("{key}:copy");
        let reply = h.send(
            &mut c,
            &command(&[b"RESTORE", copy.as_bytes(), b"0", &payload]),
        );
        assert_eq!(reply, b"+OK\r\n", "{key}");
        let read_of = |k: &str| {
            if read.contains("{}") {
                read.replace("{}", k)
            } else {
                format!("{read} {k}")
            }
        };
        let original = h.run(&mut c, &read_of(key));
        assert_eq!(h.run(&mut c, &read_of(&copy)), original, "{key}");
    }
    assert_eq!(h.run(&mut c, "DUMP nokey"), "$-1\r\n");
}

#[test]
fn restore_publishes_its_event_and_touches_watchers() {
    let mut h = Harness::new();
    let mut sub = h.client();
    let (mut a, mut b) = (h.client(), h.client());
    h.run(&mut b, "CONFIG SET notify-keyspace-events KEA\nSET k v");
    let payload = dumped(&mut h, &mut b, "k");
    h.run(&mut sub, "PSUBSCRIBE __key*@0__:*");
    h.read(&sub);

    // A failed RESTORE (BUSYKEY) changes nothing: EXEC runs.
    assert_eq!(h.run(&mut a, "WATCH k"), "+OK\r\n");
    let busy = h.send(&mut b, &command(&[b"RESTORE", b"k", b"0", &payload]));
    assert_eq!(busy, b"-BUSYKEY Target key name already exists.\r\n");
    assert_eq!(
        h.run(&mut a, "MULTI\nPING\nEXEC"),
        "+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n"
    );

    // RESTORE REPLACE does: EXEC aborts.
    assert_eq!(h.run(&mut a, "WATCH k"), "+OK\r\n");
    let ok = h.send(
        &mut b,
        &command(&[b"RESTORE", b"k", b"0", &payload, b"REPLACE"]),
    );
    assert_eq!(ok, b"+OK\r\n");
    assert_eq!(
        h.run(&mut a, "MULTI\nPING\nEXEC"),
        "+OK\r\n+QUEUED\r\n*-1\r\n"
    );

    // A deadline already past deletes under REPLACE, with a del event.
    let past = h.send(
        &mut b,
        &command(&[b"RESTORE", b"k", b"1", &payload, b"REPLACE", b"ABSTTL"]),
    );
    assert_eq!(past, b"+OK\r\n");
    assert_eq!(h.run(&mut b, "EXISTS k"), ":0\r\n");
    let restored = h.send(&mut b, &command(&[b"RESTORE", b"k2", b"0", &payload]));
    assert_eq!(restored, b"+OK\r\n");
    assert_eq!(
        String::from_utf8_lossy(&h.read(&sub)),
        both("restore", "k") + &both("del", "k") + &both("restore", "k2")
    );
}

#[test]
fn a_restored_list_serves_a_blocked_client() {
    let mut h = Harness::new();
    let (mut blocked, mut c) = (h.client(), h.client());
    h.run(&mut c, "RPUSH src a b");
    let payload = dumped(&mut h, &mut c, "src");
    assert_eq!(h.send(&mut blocked, b"BLPOP l 0\r\n"), b"");
    let ok = h.send(&mut c, &command(&[b"RESTORE", b"l", b"0", &payload]));
    assert_eq!(ok, b"+OK\r\n");
    assert_eq!(h.read(&blocked), b"*2\r\n$1\r\nl\r\n$1\r\na\r\n");
    assert_eq!(h.run(&mut c, "LRANGE l 0 -1"), "*1\r\n$1\r\nb\r\n");
}

#[test]
fn idletime_and_freq_follow_the_policy() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET k v");
    let payload = dumped(&mut h, &mut c, "k");
    h.advance(5_000);
    let restore = |extra: &[&[u8]]| {
        let mut args: Vec<&[u8]> = vec![b"RESTORE", b"k", b"0", &payload, b"REPLACE"];
        args.extend_from_slice(extra);
        command(&args)
    };
    assert_eq!(
        h.send(&mut c, &restore(&[b"IDLETIME", b"1000"])),
        b"+OK\r\n"
    );
    assert_eq!(h.run(&mut c, "OBJECT IDLETIME k"), ":1000\r\n");
    h.run(&mut c, "CONFIG SET maxmemory-policy allkeys-lfu");
    assert_eq!(h.send(&mut c, &restore(&[b"FREQ", b"100"])), b"+OK\r\n");
    assert_eq!(h.run(&mut c, "OBJECT FREQ k"), ":100\r\n");
}

/// The write log gets RESTORE as redis-server 7.0.15 appends it to its AOF:
/// a relative TTL becomes the absolute Unix time with ABSTTL added (the
/// name and the other options as typed), no TTL or ABSTTL is kept as
/// called, and a TTL already past is the DEL of the key it replaced, or
/// nothing.
#[test]
fn restore_is_logged_with_an_absolute_ttl() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "set s hello\nset x 1");
    let payload = dumped(&mut h, &mut c, "s");
    h.server.set_log_enabled(true);
    let mut logged = Vec::new();
    h.server.take_log(&mut logged);
    let restores: [&[&[u8]]; 4] = [
        &[b"restore", b"r1", b"10000", &payload],
        &[b"RESTORE", b"r2", b"0", &payload, b"IDLETIME", b"5"],
        &[b"restore", b"x", b"1", &payload, b"REPLACE", b"ABSTTL"],
        &[b"restore", b"gone", b"1", &payload, b"ABSTTL"],
    ];
    for args in restores {
        assert_eq!(h.send(&mut c, &command(args)), b"+OK\r\n");
    }
    let mut log = Vec::new();
    h.server.take_log(&mut log);
    let unix_deadline = (support::UNIX_AT_ZERO + 10_000).to_string();
    let expected: [&[&[u8]]; 5] = [
        &[b"SELECT", b"0"],
        &[
            b"restore",
            b"r1",
            unix_deadline.as_bytes(),
            &payload,
            b"ABSTTL",
        ],
        &[b"RESTORE", b"r2", b"0", &payload, b"IDLETIME", b"5"],
        &[b"DEL", b"x"],
        &[],
    ];
    let expected: Vec<u8> = expected
        .iter()
        .filter(|args| !args.is_empty())
        .flat_map(|args| command(args))
        .collect();
    // Two records or more in one command's unit would be a MULTI; each
    // RESTORE is its own unit, so the records follow one another.
    assert_eq!(log, expected);
}
