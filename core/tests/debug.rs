//! DEBUG and `enable-debug-command`, byte for byte as redis-server 7.0.15
//! answers (replies recorded from one started with
//! `--enable-debug-command yes`).

mod support;

use miniredis_core::Config;
use support::Harness;

const NOT_ALLOWED: &str = "-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n";

fn debug_config(value: &str) -> Config {
    let mut config = Config::default();
    config.set_reported_at_start("enable-debug-command", value.into());
    config
}

fn enabled() -> Harness {
    Harness::with_config(debug_config("yes"))
}

#[test]
fn debug_is_refused_by_default_before_authentication() {
    let mut h = Harness::with_config(Config {
        requirepass: b"secret".to_vec(),
        ..Config::default()
    });
    let mut c = h.client();
    assert_eq!(h.run(&mut c, "DEBUG HELP"), NOT_ALLOWED);
    // The arity check comes first.
    assert_eq!(
        h.run(&mut c, "DEBUG"),
        "-ERR wrong number of arguments for 'debug' command\r\n"
    );
    assert_eq!(h.run(&mut c, "AUTH secret"), "+OK\r\n");
    assert_eq!(
        h.run(&mut c, "CONFIG GET enable-debug-command"),
        "*2\r\n$20\r\nenable-debug-command\r\n$2\r\nno\r\n"
    );
    assert_eq!(
        h.run(&mut c, "CONFIG SET enable-debug-command yes"),
        "-ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config\r\n"
    );
    // Inside MULTI the refusal aborts the transaction, as any rejection.
    assert_eq!(
        h.run(&mut c, "MULTI\nDEBUG SLEEP 0\nEXEC"),
        format!(
            "+OK\r\n{NOT_ALLOWED}-EXECABORT Transaction discarded because of previous errors.\r\n"
        )
    );
}

#[test]
fn local_allows_loopback_and_socketless_clients_only() {
    let mut h = Harness::with_config(Config {
        protected_mode: false,
        ..debug_config("local")
    });
    let mut remote = h.client_at("10.0.0.2:5000", "10.0.0.1:6379");
    let mut v4 = h.client_at("127.0.0.1:5000", "127.0.0.1:6379");
    let mut v6 = h.client_at("[::1]:5000", "[::1]:6379");
    let mut unix = h.client();
    assert_eq!(h.run(&mut remote, "DEBUG SLEEP 0"), NOT_ALLOWED);
    for c in [&mut v4, &mut v6, &mut unix] {
        assert_eq!(h.run(c, "DEBUG SLEEP 0"), "+OK\r\n");
    }
    assert_eq!(
        h.run(&mut unix, "CONFIG GET enable-debug-command"),
        "*2\r\n$20\r\nenable-debug-command\r\n$5\r\nlocal\r\n"
    );
}

#[test]
fn simple_subcommands_answer_as_redis() {
    let mut h = enabled();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "DEBUG foo"),
        "-ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG HELP.\r\n"
    );
    assert_eq!(
        h.run(&mut c, "DEBUG SLEEP"),
        "-ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.\r\n"
    );
    assert_eq!(
        h.run(
            &mut c,
            "DEBUG SLEEP 0\nDEBUG sleep abc\nDEBUG LOG hello\nDEBUG CHANGE-REPL-ID\nDEBUG SET-ACTIVE-EXPIRE 1"
        ),
        "+OK\r\n".repeat(5)
    );
    assert_eq!(
        h.run(
            &mut c,
            "DEBUG QUICKLIST-PACKED-THRESHOLD 100\nDEBUG QUICKLIST-PACKED-THRESHOLD 0\nDEBUG QUICKLIST-PACKED-THRESHOLD abc\nDEBUG QUICKLIST-PACKED-THRESHOLD 5gb"
        ),
        "+OK\r\n+OK\r\n-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n"
    );
    assert_eq!(h.run(&mut c, "DEBUG ERROR foo"), "-foo\r\n");
    assert_eq!(h.run(&mut c, "DEBUG OBJECT nokey"), "-ERR no such key\r\n");
    let help = h.run(&mut c, "DEBUG HELP");
    assert!(help.starts_with(
        "*106\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
    ));
    assert!(help.ends_with("+HELP\r\n+    Prints this help.\r\n"));
}

#[test]
fn protocol_values_in_both_protocols() {
    let mut h = enabled();
    let mut c = h.client();
    let cases = [
        ("string", "$11\r\nHello World\r\n", "$11\r\nHello World\r\n"),
        ("integer", ":12345\r\n", ":12345\r\n"),
        ("double", "$5\r\n3.141\r\n", ",3.141\r\n"),
        ("null", "$-1\r\n", "_\r\n"),
        ("set", "*3\r\n:0\r\n:1\r\n:2\r\n", "~3\r\n:0\r\n:1\r\n:2\r\n"),
        ("map", "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n", "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"),
        ("push", "-ERR RESP2 is not supported by this command\r\n", ">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n"),
        ("verbatim", "$25\r\nThis is a verbatim\nstring\r\n", "=29\r\ntxt:This is a verbatim\nstring\r\n"),
        ("true", ":1\r\n", "#t\r\n"),
    ];
    for (name, resp2, _) in cases {
        assert_eq!(
            h.run(&mut c, &format!("DEBUG PROTOCOL {name}")),
            resp2,
            "{name}"
        );
    }
    h.run(&mut c, "HELLO 3");
    for (name, _, resp3) in cases {
        assert_eq!(
            h.run(&mut c, &format!("DEBUG PROTOCOL {name}")),
            resp3,
            "{name}"
        );
    }
    assert_eq!(
        h.run(&mut c, "DEBUG PROTOCOL foo"),
        "-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n"
    );
}

/// The dataset the digests were recorded on.
const DATASET: &str = "SET s hello\nSET n 12345\nRPUSH l a b 3\nSADD st x 1 y\nHSET h f v g w\nZADD z 1.5 a 0.1 b 3 c\nSET e v EX 1000\nSELECT 2\nSET other 1\nSELECT 0";

#[test]
fn digests_are_redis_digests() {
    let mut h = enabled();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "DEBUG DIGEST"),
        "+0000000000000000000000000000000000000000\r\n"
    );
    h.run(&mut c, "SET s hello");
    assert_eq!(
        h.run(&mut c, "DEBUG DIGEST"),
        "+a500c6b54937da22f2ac1167da1da852479c7339\r\n"
    );
    h.run(&mut c, DATASET);
    assert_eq!(
        h.run(&mut c, "DEBUG DIGEST"),
        "+cc4d355f85f2aa1ac60650102dedc10e0ee95fb1\r\n"
    );
    assert_eq!(
        h.run(&mut c, "DEBUG DIGEST-VALUE s l st h z e nokey"),
        "*7\r\n+36b23a1456b2dce2c3ed252c456761301dba8060\r\n+09eb1fc9381ee92790d59930ab462945f8cd948b\r\n+03ee76a1ebe8db27d61b3ea784011d5acc537675\r\n+d127864ed50239662bf61bafc9bda63c17da5b37\r\n+d3a795113ef64aa93b74bbf2442038050fd508ed\r\n+311b17018163335616e089f6b951c82c477335ac\r\n+0000000000000000000000000000000000000000\r\n"
    );
    assert_eq!(h.run(&mut c, "DEBUG DIGEST-VALUE"), "*0\r\n");
}

/// DEBUG OBJECT's line with the address and LRU clock (which vary) cut.
fn object_line(h: &mut Harness, c: &mut support::Client, key: &str) -> String {
    let line = h.run(c, &format!("DEBUG OBJECT {key}"));
    let rest = line.strip_prefix("+Value at:0x").expect(&line);
    let (_, rest) = rest.split_once(' ').unwrap();
    let (head, tail) = rest.split_once(" lru:").unwrap();
    let (_, tail) = tail.split_once(' ').unwrap();
    format!("{head} {tail}")
}

#[test]
fn object_reports_encoding_and_serialized_length() {
    let mut h = enabled();
    let mut c = h.client();
    h.run(&mut c, DATASET);
    let cases = [
        ("n", "refcount:1 encoding:int serializedlength:3 lru_seconds_idle:0\r\n"),
        ("s", "refcount:1 encoding:embstr serializedlength:6 lru_seconds_idle:0\r\n"),
        ("h", "refcount:1 encoding:listpack serializedlength:20 lru_seconds_idle:0\r\n"),
        ("z", "refcount:1 encoding:listpack serializedlength:38 lru_seconds_idle:0\r\n"),
        ("st", "refcount:1 encoding:hashtable serializedlength:7 lru_seconds_idle:0\r\n"),
        ("l", "refcount:1 encoding:quicklist serializedlength:18 lru_seconds_idle:0 ql_nodes:1 ql_avg_node:3.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:15\r\n"),
    ];
    for (key, expected) in cases {
        assert_eq!(object_line(&mut h, &mut c, key), expected, "{key}");
    }
    h.advance(3_000);
    assert!(object_line(&mut h, &mut c, "n").ends_with("lru_seconds_idle:3\r\n"));
}

#[test]
fn reload_writes_the_file_and_keeps_the_dataset() {
    let mut h = enabled();
    let mut c = h.client();
    h.run(&mut c, DATASET);
    let digest = h.run(&mut c, "DEBUG DIGEST");
    h.run(&mut c, "SET gone x PX 10");
    let code = "#!lua name=lib\nredis.register_function('f', function() return 1 end)";
    let load = format!(
        "*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n${}\r\n{code}\r\n",
        code.len()
    );
    assert_eq!(h.send(&mut c, load.as_bytes()), b"$3\r\nlib\r\n");
    h.advance(20);
    // The reply waits for the file, as SAVE's does.
    assert_eq!(h.run(&mut c, "DEBUG RELOAD"), "");
    let file = h.finish_snapshot(Ok(()));
    assert!(file.starts_with(b"REDIS0010"));
    assert_eq!(h.read(&c), b"+OK\r\n");
    // The key past its deadline was dropped by the load; the rest is
    // equal, types, deadlines, databases and libraries.
    assert_eq!(h.server.key_count(), 8);
    assert_eq!(h.run(&mut c, "DEBUG DIGEST"), digest);
    assert_eq!(h.run(&mut c, "FCALL f 0"), ":1\r\n");
    assert_eq!(h.run(&mut c, "DBSIZE"), ":7\r\n");
    // NOSAVE answers at once, without a file.
    assert_eq!(h.run(&mut c, "DEBUG RELOAD NOSAVE"), "+OK\r\n");
    assert!(h.snapshot_complete.is_none());
    assert_eq!(h.run(&mut c, "DEBUG DIGEST"), digest);
    assert_eq!(
        h.run(&mut c, "DEBUG RELOAD NOFLUSH"),
        "-ERR Error trying to load the RDB dump, check server logs.\r\n"
    );
    assert_eq!(
        h.run(&mut c, "DEBUG RELOAD NOSAVE NOFLUSH MERGE"),
        "+OK\r\n"
    );
    assert_eq!(h.run(&mut c, "DEBUG DIGEST"), digest);
    assert_eq!(
        h.run(&mut c, "DEBUG RELOAD FOO"),
        "-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n"
    );
    assert_eq!(h.run(&mut c, "SELECT 2\nGET other"), "+OK\r\n$1\r\n1\r\n");
    assert_eq!(h.run(&mut c, "SELECT 0\nTTL e"), "+OK\r\n:1000\r\n");
}

#[test]
fn a_failed_reload_save_answers_err() {
    let mut h = enabled();
    let mut c = h.client();
    h.run(&mut c, "SET a 1");
    assert_eq!(h.run(&mut c, "DEBUG RELOAD"), "");
    h.finish_snapshot(Err("disk full".into()));
    assert_eq!(h.read(&c), b"-ERR\r\n");
    assert_eq!(h.run(&mut c, "GET a"), "$1\r\n1\r\n");
}

#[test]
fn set_active_expire_zero_stops_the_timer_expiring_keys() {
    let mut h = enabled();
    let mut c = h.client();
    h.run(&mut c, "DEBUG SET-ACTIVE-EXPIRE 0\nSET k v PX 10");
    for _ in 0..20 {
        h.advance(100);
        h.tick();
    }
    // Still in the keyspace, and counted by DBSIZE as Redis counts it,
    // until it is touched.
    assert_eq!(h.server.key_count(), 1);
    assert_eq!(h.run(&mut c, "DBSIZE"), ":1\r\n");
    assert_eq!(h.run(&mut c, "GET k\nDBSIZE"), "$-1\r\n:0\r\n");
    h.run(&mut c, "SET k v PX 10");
    h.run(&mut c, "DEBUG SET-ACTIVE-EXPIRE 1");
    for _ in 0..20 {
        h.advance(100);
        h.tick();
    }
    assert_eq!(h.server.key_count(), 0);
}

#[test]
fn loadaof_reloads_the_dataset_with_the_aof_on() {
    let mut h = enabled();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "DEBUG LOADAOF"),
        "-ERR DEBUG LOADAOF needs appendonly yes\r\n"
    );
    h.run(&mut c, DATASET);
    let digest = h.run(&mut c, "DEBUG DIGEST");
    assert_eq!(h.run(&mut c, "CONFIG SET appendonly yes"), "+OK\r\n");
    h.finish_snapshot(Ok(()));
    assert_eq!(h.run(&mut c, "DEBUG LOADAOF x y"), "+OK\r\n");
    assert_eq!(h.run(&mut c, "DEBUG DIGEST"), digest);
    assert_eq!(h.run(&mut c, "TTL e"), ":1000\r\n");
}

#[test]
fn reload_inside_exec_answers_in_place() {
    let mut h = enabled();
    let mut c = h.client();
    h.run(&mut c, "SET a 1");
    assert_eq!(
        h.run(&mut c, "MULTI\nDEBUG RELOAD\nGET a\nEXEC"),
        "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\n1\r\n"
    );
    // The file is written all the same.
    assert!(h.finish_snapshot(Ok(())).starts_with(b"REDIS0010"));
    assert_eq!(h.read(&c), b"");
}
