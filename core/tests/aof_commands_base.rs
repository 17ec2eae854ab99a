//! `aof-use-rdb-preamble no`: an AOF rewrite's base made of the commands
//! that rebuild the dataset, laid out as redis-server 7.0.15 writes them
//! (compared with the base files of a reference server: FUNCTION LOAD
//! first, a SELECT per database, per key its type's command in batches of
//! 64 elements, streams with XSETID, XGROUP and XCLAIM, then PEXPIREAT).
//! The base is walked in slices like an RDB base and loads back with
//! `load_log`.

mod support;

use miniredis_core::{AofBaseFormat, Config, SnapshotTarget};
use support::{Client, Harness, UNIX_AT_ZERO};

/// A server with the AOF on and `aof-use-rdb-preamble no`.
fn no_preamble() -> (Harness, Client) {
    let mut h = Harness::with_config(Config {
        appendonly: true,
        ..Config::default()
    });
    h.server.set_log_enabled(true);
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET aof-use-rdb-preamble no"),
        "+OK\r\n"
    );
    (h, c)
}

/// One RESP array of bulk strings, as a client sends and an AOF holds it.
fn resp(args: &[&str]) -> String {
    let mut out = format!("*{}\r\n", args.len());
    for arg in args {
        out.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
    }
    out
}

/// Runs BGREWRITEAOF and returns the base's bytes, checking they are
/// marked as a base of commands.
fn rewrite(h: &mut Harness, c: &mut Client) -> String {
    assert_eq!(
        h.run(c, "BGREWRITEAOF"),
        "+Background append only file rewriting started\r\n"
    );
    // The harness took the first bytes on the snapshot's event.
    let mut more = Vec::new();
    let chunk = h.server.take_snapshot_bytes(&mut more).expect("a chunk");
    assert_eq!(
        chunk.target,
        SnapshotTarget::AofBase(AofBaseFormat::Commands)
    );
    h.snapshot.extend_from_slice(&more);
    if chunk.last {
        h.snapshot_complete = Some(chunk.id);
    }
    let base = h.finish_snapshot(Ok(()));
    String::from_utf8(base).expect("a base of commands is text here")
}

#[test]
fn a_small_base_has_redis_layout_byte_for_byte() {
    let (mut h, mut c) = no_preamble();
    let library = "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)";
    assert_eq!(
        String::from_utf8_lossy(&h.send(&mut c, resp(&["FUNCTION", "LOAD", library]).as_bytes())),
        "$4\r\nlib1\r\n"
    );
    h.run(
        &mut c,
        "SET s hello\n\
         SET e v PX 100000\n\
         RPUSH l a b c\n\
         SADD si 3 1 2\n\
         ZADD z 0.1 a 2.5 b -inf c\n\
         HSET h f1 v1 f2 v2\n\
         XADD x 1-1 a 1\n\
         XADD x 2-1 b 2 c 3\n\
         XGROUP CREATE x g1 0\n\
         XREADGROUP GROUP g1 c1 COUNT 1 STREAMS x >\n\
         XGROUP CREATECONSUMER x g1 c2\n\
         XADD empty MAXLEN 0 5-5 f v\n\
         SELECT 3\n\
         SET other 1",
    );
    let base = rewrite(&mut h, &mut c);
    let unix = |ms: u64| (UNIX_AT_ZERO + ms).to_string();
    let expected = [
        resp(&["FUNCTION", "LOAD", library]),
        resp(&["SELECT", "0"]),
        resp(&["SET", "s", "hello"]),
        resp(&["SET", "e", "v"]),
        resp(&["PEXPIREAT", "e", &unix(100_000)]),
        resp(&["RPUSH", "l", "a", "b", "c"]),
        resp(&["SADD", "si", "1", "2", "3"]),
        resp(&[
            "ZADD",
            "z",
            "-inf",
            "c",
            "0.10000000000000001",
            "a",
            "2.5",
            "b",
        ]),
        resp(&["HMSET", "h", "f1", "v1", "f2", "v2"]),
        resp(&["XADD", "x", "1-1", "a", "1"]),
        resp(&["XADD", "x", "2-1", "b", "2", "c", "3"]),
        resp(&[
            "XSETID",
            "x",
            "2-1",
            "ENTRIESADDED",
            "2",
            "MAXDELETEDID",
            "0-0",
        ]),
        resp(&["XGROUP", "CREATE", "x", "g1", "1-1", "ENTRIESREAD", "1"]),
        resp(&[
            "XCLAIM",
            "x",
            "g1",
            "c1",
            "0",
            "1-1",
            "TIME",
            &unix(0),
            "RETRYCOUNT",
            "1",
            "JUSTID",
            "FORCE",
        ]),
        resp(&["XGROUP", "CREATECONSUMER", "x", "g1", "c2"]),
        resp(&["XADD", "empty", "MAXLEN", "0", "0-1", "x", "y"]),
        resp(&[
            "XSETID",
            "empty",
            "5-5",
            "ENTRIESADDED",
            "1",
            "MAXDELETEDID",
            "0-0",
        ]),
        resp(&["SELECT", "3"]),
        resp(&["SET", "other", "1"]),
    ]
    .concat();
    assert_eq!(base, expected);
}

#[test]
fn collections_go_in_commands_of_64_elements() {
    let (mut h, mut c) = no_preamble();
    let items: Vec<String> = (1..=70).map(|i| i.to_string()).collect();
    let list: Vec<&str> = ["RPUSH", "l"]
        .into_iter()
        .chain(items.iter().map(String::as_str))
        .collect();
    h.send(&mut c, resp(&list).as_bytes());
    let pairs: Vec<String> = (1..=65)
        .flat_map(|i| [format!("f{i}"), format!("v{i}")])
        .collect();
    let hash: Vec<&str> = ["HSET", "h"]
        .into_iter()
        .chain(pairs.iter().map(String::as_str))
        .collect();
    h.send(&mut c, resp(&hash).as_bytes());
    let base = rewrite(&mut h, &mut c);
    let head = |cmd: &str, key: &str, from: usize, to: usize| -> Vec<String> {
        [cmd.to_string(), key.to_string()]
            .into_iter()
            .chain(items[from..to].iter().cloned())
            .collect()
    };
    let first = head("RPUSH", "l", 0, 64);
    let rest = head("RPUSH", "l", 64, 70);
    let as_strs =
        |v: &[String]| -> String { resp(&v.iter().map(String::as_str).collect::<Vec<_>>()) };
    let hash_first: Vec<String> = ["HMSET".to_string(), "h".to_string()]
        .into_iter()
        .chain(pairs[..128].iter().cloned())
        .collect();
    let hash_rest: Vec<String> = ["HMSET".to_string(), "h".to_string()]
        .into_iter()
        .chain(pairs[128..].iter().cloned())
        .collect();
    let expected = [
        resp(&["SELECT", "0"]),
        as_strs(&first),
        as_strs(&rest),
        as_strs(&hash_first),
        as_strs(&hash_rest),
    ]
    .concat();
    assert_eq!(base, expected);
}

#[test]
fn writes_during_the_rewrite_leave_the_base_as_it_was_at_its_start() {
    let (mut h, mut c) = no_preamble();
    // Enough keys that the walk takes several slices.
    let sets: String = (0..12_000).map(|i| format!("SET k{i} {i}\n")).collect();
    h.run(&mut c, &sets);
    h.run(&mut c, "BGREWRITEAOF");
    // Written before the walk reaches them: their old values go out as
    // pre-images, framed by SELECTs.
    h.run(
        &mut c,
        "SET k11999 changed\nDEL k11998\nSELECT 5\nSET new 1",
    );
    let base = h.finish_snapshot(Ok(()));
    let mut fresh = Harness::new();
    let mut d = fresh.client();
    let load = fresh.server.load_log(&base).expect("the base loads");
    assert!(!load.truncated);
    assert_eq!(
        fresh.run(
            &mut d,
            "DBSIZE\nGET k11999\nGET k11998\nGET k0\nSELECT 5\nDBSIZE"
        ),
        ":12000\r\n$5\r\n11999\r\n$5\r\n11998\r\n$1\r\n0\r\n+OK\r\n:0\r\n"
    );
}

#[test]
fn a_base_of_commands_loads_back_into_the_same_data() {
    let (mut h, mut c) = no_preamble();
    h.run(
        &mut c,
        "SET s hello\n\
         SET e v PX 100000\n\
         RPUSH l a b c\n\
         SADD st a b 1\n\
         ZADD z 1 a 2 b\n\
         HSET h f v\n\
         XADD x 1-1 a 1\n\
         XGROUP CREATE x g 0\n\
         XREADGROUP GROUP g c STREAMS x >\n\
         XGROUP CREATECONSUMER x g idle",
    );
    let base = rewrite(&mut h, &mut c);
    let mut fresh = Harness::new();
    let mut d = fresh.client();
    fresh
        .server
        .load_log(base.as_bytes())
        .expect("the base loads");
    // (Idle times are left out: a log's records run with the clock
    // stopped at the epoch, see engine/replay.rs.)
    let check = "DBSIZE\nPTTL e\nLRANGE l 0 -1\nSCARD st\nZSCORE z b\nHGET h f\n\
                 XPENDING x g\nXINFO STREAM x";
    fresh.advance(h.now);
    assert_eq!(fresh.run(&mut d, check), h.run(&mut c, check));
}

#[test]
fn the_base_made_at_start_follows_the_setting() {
    let (mut h, mut c) = no_preamble();
    assert_eq!(h.server.aof_base_format(), AofBaseFormat::Commands);
    h.run(&mut c, "SET a 1\nSELECT 2\nSET b 2 PX 5000");
    let expected = [
        resp(&["SELECT", "0"]),
        resp(&["SET", "a", "1"]),
        resp(&["SELECT", "2"]),
        resp(&["SET", "b", "2"]),
        resp(&["PEXPIREAT", "b", &(UNIX_AT_ZERO + 5000).to_string()]),
    ]
    .concat();
    assert_eq!(
        String::from_utf8(h.server.aof_base_now()).unwrap(),
        expected
    );
    h.run(&mut c, "CONFIG SET aof-use-rdb-preamble yes");
    assert_eq!(h.server.aof_base_format(), AofBaseFormat::Rdb);
    assert!(h.server.aof_base_now().starts_with(b"REDIS0010"));
    assert_eq!(AofBaseFormat::Rdb.file_suffix(), "base.rdb");
    assert_eq!(AofBaseFormat::Commands.file_suffix(), "base.aof");
}

#[test]
fn the_format_is_fixed_when_the_rewrite_starts() {
    let (mut h, mut c) = no_preamble();
    h.run(
        &mut c,
        "SET a 1\nBGREWRITEAOF\nCONFIG SET aof-use-rdb-preamble yes",
    );
    let base = h.finish_snapshot(Ok(()));
    assert_eq!(
        String::from_utf8(base).unwrap(),
        resp(&["SELECT", "0"]) + &resp(&["SET", "a", "1"])
    );
}
