//! The set commands: SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS,
//! SMOVE, SPOP, SRANDMEMBER, SSCAN, SINTER/SUNION/SDIFF and their STORE
//! forms, SINTERCARD. The exact replies were recorded from redis-server
//! 7.0.15 (raw RESP over a socket); replies whose order or content Redis
//! leaves to hashing or chance are checked for shape and membership.

mod support;
use std::collections::BTreeSet;

use support::{Client, Harness};

/// Runs each command in turn and compares its reply with Redis's.
fn check(h: &mut Harness, c: &mut Client, cases: &[(&str, &str)]) {
    for (command, expected) in cases {
        assert_eq!(&h.run(c, command), expected, "{command}");
    }
}

/// The members of a flat array or set reply of bulk strings.
fn members(reply: &str) -> Vec<String> {
    let mut lines = reply.split("\r\n");
    let head = lines.next().unwrap();
    assert!(head.starts_with('*') || head.starts_with('~'), "{reply}");
    let n: usize = head[1..].parse().unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        let len = lines.next().unwrap();
        assert!(len.starts_with('$'), "{reply}");
        out.push(lines.next().unwrap().to_string());
    }
    out
}

fn distinct(items: &[String]) -> BTreeSet<String> {
    items.iter().cloned().collect()
}

/// Members that are all integers come back sorted; duplicates are not added; non-canonical integers are other members.
#[test]
fn intsets_reply_in_numeric_order() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(&mut h, &mut c, &[
        ("SADD s 3 1 2 1 -5 10 0", ":6\r\n"),
        ("SMEMBERS s", "*6\r\n$2\r\n-5\r\n$1\r\n0\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n"),
        ("SCARD s", ":6\r\n"),
        ("SISMEMBER s 1", ":1\r\n"),
        ("SISMEMBER s 01", ":0\r\n"),
        ("SISMEMBER s x", ":0\r\n"),
        ("SMISMEMBER s 1 x 3 01", "*4\r\n:1\r\n:0\r\n:1\r\n:0\r\n"),
        ("TYPE s", "+set\r\n"),
        ("SREM s 0 x 10", ":2\r\n"),
        ("SMEMBERS s", "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        ("SADD s 9223372036854775807 -9223372036854775808", ":2\r\n"),
        ("SMEMBERS s", "*6\r\n$20\r\n-9223372036854775808\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$19\r\n9223372036854775807\r\n"),
    ]);
}

/// A set that loses its last member disappears, whatever removed it.
#[test]
fn emptied_sets_are_deleted() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SADD s a", ":1\r\n"),
            ("SADD s a b", ":1\r\n"),
            ("SCARD s", ":2\r\n"),
            ("SREM s a b c", ":2\r\n"),
            ("EXISTS s", ":0\r\n"),
            ("SCARD s", ":0\r\n"),
            ("SADD s 1", ":1\r\n"),
            ("SPOP s", "$1\r\n1\r\n"),
            ("EXISTS s", ":0\r\n"),
            ("SADD s 1 2", ":2\r\n"),
            ("SPOP s 2", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("EXISTS s", ":0\r\n"),
            ("SADD s x", ":1\r\n"),
            ("SMOVE s d x", ":1\r\n"),
            ("EXISTS s", ":0\r\n"),
            ("SMEMBERS d", "*1\r\n$1\r\nx\r\n"),
        ],
    );
}

#[test]
fn missing_keys_are_empty_sets() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SCARD nokey", ":0\r\n"),
            ("SISMEMBER nokey a", ":0\r\n"),
            ("SMISMEMBER nokey a b", "*2\r\n:0\r\n:0\r\n"),
            ("SMEMBERS nokey", "*0\r\n"),
            ("SREM nokey a", ":0\r\n"),
            ("SINTER nokey", "*0\r\n"),
            ("SUNION nokey", "*0\r\n"),
            ("SDIFF nokey", "*0\r\n"),
            ("SINTERCARD 1 nokey", ":0\r\n"),
            ("SPOP nokey", "$-1\r\n"),
            ("SPOP nokey 2", "*0\r\n"),
            ("SRANDMEMBER nokey", "$-1\r\n"),
            ("SRANDMEMBER nokey 2", "*0\r\n"),
            ("SRANDMEMBER nokey -2", "*0\r\n"),
            ("SSCAN nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("SMOVE nokey d a", ":0\r\n"),
            ("EXISTS d", ":0\r\n"),
        ],
    );
}

/// Every command refuses a key of another type, SMOVE from a missing source excepted (it answers 0 first).
#[test]
fn wrongtype_everywhere() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SET str x", "+OK\r\n"),
            (
                "SADD str a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SREM str a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SCARD str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SISMEMBER str a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SMISMEMBER str a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SMEMBERS str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SPOP str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SPOP str 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SRANDMEMBER str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SRANDMEMBER str 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SSCAN str 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SMOVE str x a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SINTERCARD 1 str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("SADD a 1", ":1\r\n"),
            (
                "SMOVE a str 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("SMOVE nokey str 1", ":0\r\n"),
            (
                "SINTER nokey str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SUNION a str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SDIFF nokey str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SINTERSTORE d nokey str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SUNIONSTORE d str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "SDIFFSTORE d a str",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("EXISTS d", ":0\r\n"),
            ("SMEMBERS a", "*1\r\n$1\r\n1\r\n"),
        ],
    );
}

#[test]
fn algebra() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SADD a 1 2 3 4", ":4\r\n"),
            ("SADD b 2 3 5", ":3\r\n"),
            ("SADD c 3 4 2", ":3\r\n"),
            ("SINTER a b c", "*2\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            (
                "SUNION a b c",
                "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n",
            ),
            ("SDIFF a b", "*2\r\n$1\r\n1\r\n$1\r\n4\r\n"),
            ("SDIFF a b c", "*1\r\n$1\r\n1\r\n"),
            (
                "SDIFF a nokey",
                "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n",
            ),
            ("SDIFF nokey a", "*0\r\n"),
            ("SINTER a nokey", "*0\r\n"),
            (
                "SUNION nokey a",
                "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n",
            ),
            ("SINTERCARD 3 a b c", ":2\r\n"),
            ("SINTERCARD 2 a b LIMIT 1", ":1\r\n"),
            ("SINTERCARD 2 a b limit 0", ":2\r\n"),
            ("SINTERCARD 2 a nokey", ":0\r\n"),
        ],
    );
}

/// The *STORE forms replace the destination whatever it held, drop its TTL, and delete it for an empty result.
#[test]
fn store_forms_overwrite_and_delete() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SADD a 1 2 3 4", ":4\r\n"),
            ("SADD b 2 3 5", ":3\r\n"),
            ("SINTERSTORE d a b", ":2\r\n"),
            ("SMEMBERS d", "*2\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("SUNIONSTORE d a b", ":5\r\n"),
            (
                "SMEMBERS d",
                "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n",
            ),
            ("SDIFFSTORE d a b", ":2\r\n"),
            ("SMEMBERS d", "*2\r\n$1\r\n1\r\n$1\r\n4\r\n"),
            ("SINTERSTORE d a nokey", ":0\r\n"),
            ("EXISTS d", ":0\r\n"),
            ("SET d x", "+OK\r\n"),
            ("EXPIRE d 100", ":1\r\n"),
            ("SUNIONSTORE d a", ":4\r\n"),
            ("TTL d", ":-1\r\n"),
            ("TYPE d", "+set\r\n"),
            ("SDIFFSTORE d a a", ":0\r\n"),
            ("EXISTS d", ":0\r\n"),
            ("SET str x", "+OK\r\n"),
            ("SINTERSTORE str a b", ":2\r\n"),
            ("TYPE str", "+set\r\n"),
            ("SUNIONSTORE a a b", ":5\r\n"),
            (
                "SMEMBERS a",
                "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n",
            ),
        ],
    );
}

#[test]
fn smove() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SADD s 1", ":1\r\n"),
            ("SMOVE s s 1", ":1\r\n"),
            ("SMOVE s s 9", ":0\r\n"),
            ("SMOVE s d 9", ":0\r\n"),
            ("SMOVE s d 1", ":1\r\n"),
            ("EXISTS s", ":0\r\n"),
            ("SMEMBERS d", "*1\r\n$1\r\n1\r\n"),
            ("SADD s x 1", ":2\r\n"),
            ("SMOVE s d 1", ":1\r\n"),
            ("SMEMBERS d", "*1\r\n$1\r\n1\r\n"),
            ("SMOVE s d x", ":1\r\n"),
            ("SCARD d", ":2\r\n"),
            ("EXISTS s", ":0\r\n"),
        ],
    );
}

#[test]
fn sintercard_arguments() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SADD s a", ":1\r\n"),
            (
                "SINTERCARD 0 s",
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                "SINTERCARD abc s",
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                "SINTERCARD -1 s",
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                "SINTERCARD 2 s",
                "-ERR Number of keys can't be greater than number of args\r\n",
            ),
            (
                "SINTERCARD 1 s LIMIT -1",
                "-ERR LIMIT can't be negative\r\n",
            ),
            (
                "SINTERCARD 1 s LIMIT abc",
                "-ERR LIMIT can't be negative\r\n",
            ),
            ("SINTERCARD 1 s LIMIT", "-ERR syntax error\r\n"),
            ("SINTERCARD 1 s foo", "-ERR syntax error\r\n"),
            ("SINTERCARD 1 s LIMIT 1 LIMIT 0", ":1\r\n"),
            (
                "SINTERCARD 9223372036854775807 s",
                "-ERR Number of keys can't be greater than number of args\r\n",
            ),
            (
                "SINTERCARD 1 s LIMIT 9223372036854775808",
                "-ERR LIMIT can't be negative\r\n",
            ),
            (
                "SINTERCARD 1",
                "-ERR wrong number of arguments for 'sintercard' command\r\n",
            ),
            ("SET str x", "+OK\r\n"),
            (
                "SINTERCARD 1 str LIMIT -1",
                "-ERR LIMIT can't be negative\r\n",
            ),
            ("SINTERCARD 1 str foo", "-ERR syntax error\r\n"),
        ],
    );
}

#[test]
fn spop_arguments() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SADD s a", ":1\r\n"),
            (
                "SPOP s -1",
                "-ERR value is out of range, must be positive\r\n",
            ),
            (
                "SPOP s abc",
                "-ERR value is out of range, must be positive\r\n",
            ),
            ("SPOP s 1 2", "-ERR syntax error\r\n"),
            ("SPOP s 0", "*0\r\n"),
            ("SPOP nokey 0", "*0\r\n"),
            (
                "SPOP nokey -1",
                "-ERR value is out of range, must be positive\r\n",
            ),
            ("SPOP s", "$1\r\na\r\n"),
            ("SPOP s", "$-1\r\n"),
            ("SADD s 1 2 3", ":3\r\n"),
            ("SPOP s 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
            ("EXISTS s", ":0\r\n"),
            ("SADD s 1 2 3", ":3\r\n"),
            ("SPOP s 10", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        ],
    );
}

#[test]
fn srandmember_arguments() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(&mut h, &mut c, &[
        ("SADD s a", ":1\r\n"),
        ("SRANDMEMBER s abc", "-ERR value is not an integer or out of range\r\n"),
        ("SRANDMEMBER s -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"),
        ("SRANDMEMBER s 1 2", "-ERR syntax error\r\n"),
        ("SRANDMEMBER s 0", "*0\r\n"),
        ("SRANDMEMBER s", "$1\r\na\r\n"),
        ("SRANDMEMBER s 5", "*1\r\n$1\r\na\r\n"),
        ("SRANDMEMBER s -3", "*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n"),
        ("SRANDMEMBER s 1", "*1\r\n$1\r\na\r\n"),
        ("SADD i 3 1 2", ":3\r\n"),
        ("SRANDMEMBER i 3", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        ("SRANDMEMBER i 10", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        ("SCARD i", ":3\r\n"),
    ]);
}

/// A small intset is scanned in one call; the cursor is read as strtoul reads it; options after the key lookup.
#[test]
fn sscan_arguments() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            ("SADD s 1 2 3", ":3\r\n"),
            ("SSCAN s abc", "-ERR invalid cursor\r\n"),
            ("SSCAN nokey 0 COUNT 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("SSCAN s 0 COUNT 0", "-ERR syntax error\r\n"),
            (
                "SSCAN s 0 COUNT abc",
                "-ERR value is not an integer or out of range\r\n",
            ),
            ("SSCAN s 0 foo", "-ERR syntax error\r\n"),
            (
                "SSCAN s -1",
                "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
            ),
            ("SSCAN s 18446744073709551616", "-ERR invalid cursor\r\n"),
            ("SSCAN s 0 MATCH", "-ERR syntax error\r\n"),
            (
                "SSCAN s 0 MATCH [12]",
                "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n",
            ),
            (
                "SSCAN s 0 count 1 match 3",
                "*2\r\n$1\r\n0\r\n*1\r\n$1\r\n3\r\n",
            ),
            ("SSCAN s 0 COUNT -1", "-ERR syntax error\r\n"),
            (
                "SSCAN s 5",
                "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n",
            ),
            ("SADD t a", ":1\r\n"),
            (
                "SSCAN t 0 MATCH a COUNT 100",
                "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n",
            ),
            ("SSCAN t 0 MATCH b", "*2\r\n$1\r\n0\r\n*0\r\n"),
        ],
    );
}

#[test]
fn arity() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(
        &mut h,
        &mut c,
        &[
            (
                "SADD s",
                "-ERR wrong number of arguments for 'sadd' command\r\n",
            ),
            (
                "SREM s",
                "-ERR wrong number of arguments for 'srem' command\r\n",
            ),
            (
                "SMISMEMBER s",
                "-ERR wrong number of arguments for 'smismember' command\r\n",
            ),
            (
                "SISMEMBER s",
                "-ERR wrong number of arguments for 'sismember' command\r\n",
            ),
            (
                "SMOVE s d",
                "-ERR wrong number of arguments for 'smove' command\r\n",
            ),
            (
                "SINTER",
                "-ERR wrong number of arguments for 'sinter' command\r\n",
            ),
            (
                "SUNIONSTORE d",
                "-ERR wrong number of arguments for 'sunionstore' command\r\n",
            ),
            (
                "SPOP",
                "-ERR wrong number of arguments for 'spop' command\r\n",
            ),
            (
                "SRANDMEMBER",
                "-ERR wrong number of arguments for 'srandmember' command\r\n",
            ),
            (
                "SSCAN s",
                "-ERR wrong number of arguments for 'sscan' command\r\n",
            ),
            (
                "SCARD",
                "-ERR wrong number of arguments for 'scard' command\r\n",
            ),
            (
                "SCARD s t",
                "-ERR wrong number of arguments for 'scard' command\r\n",
            ),
            (
                "SINTERCARD 1",
                "-ERR wrong number of arguments for 'sintercard' command\r\n",
            ),
        ],
    );
}

/// Set results are RESP3 sets; SRANDMEMBER with a count is an array; SPOP with a count is a set.
#[test]
fn resp3_types() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HELLO 3");
    check(
        &mut h,
        &mut c,
        &[
            ("SADD s 1 2", ":2\r\n"),
            ("SMEMBERS s", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("SMEMBERS nokey", "~0\r\n"),
            ("SINTER s nokey", "~0\r\n"),
            ("SUNION s", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("SDIFF s", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("SPOP nokey", "_\r\n"),
            ("SPOP nokey 2", "~0\r\n"),
            ("SPOP s 0", "~0\r\n"),
            ("SRANDMEMBER s 5", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("SRANDMEMBER nokey 3", "*0\r\n"),
            ("SRANDMEMBER nokey", "_\r\n"),
            ("SMISMEMBER s 1 9", "*2\r\n:1\r\n:0\r\n"),
            ("SSCAN s 0", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("SSCAN nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("SPOP s 5", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("SADD t a", ":1\r\n"),
            ("SPOP t 1", "~1\r\n$1\r\na\r\n"),
            ("SADD t a", ":1\r\n"),
            ("SRANDMEMBER t -2", "*2\r\n$1\r\na\r\n$1\r\na\r\n"),
            ("SPOP t", "$1\r\na\r\n"),
        ],
    );
}

#[test]
fn intset_threshold_follows_config() {
    let mut h = Harness::new();
    let mut c = h.client();
    check(&mut h, &mut c, &[
        ("CONFIG SET set-max-intset-entries -1", "-ERR CONFIG SET failed (possibly related to argument 'set-max-intset-entries') - argument must be between 0 and 9223372036854775807 inclusive\r\n"),
        ("CONFIG SET set-max-intset-entries abc", "-ERR CONFIG SET failed (possibly related to argument 'set-max-intset-entries') - argument couldn't be parsed into an integer\r\n"),
        ("CONFIG GET set-max-intset-entries", "*2\r\n$22\r\nset-max-intset-entries\r\n$3\r\n512\r\n"),
        ("CONFIG SET set-max-intset-entries 2", "+OK\r\n"),
        ("SADD s 3 2", ":2\r\n"),
        ("SMEMBERS s", "*2\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        ("CONFIG SET set-max-intset-entries 512", "+OK\r\n"),
        ("SADD t 5 4", ":2\r\n"),
        ("SMEMBERS t", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"),
    ]);
}

/// A set past the intset threshold, or with a non-integer, answers every
/// member whatever the order; conversions never lose one.
#[test]
fn large_and_mixed_sets_keep_every_member() {
    let mut h = Harness::new();
    let mut c = h.client();
    let ints: Vec<String> = (0..600).map(|i| i.to_string()).collect();
    let reply = h.run(&mut c, &format!("SADD big {}", ints.join(" ")));
    assert_eq!(reply, ":600\r\n");
    let all = members(&h.run(&mut c, "SMEMBERS big"));
    assert_eq!(all.len(), 600);
    assert_eq!(distinct(&all), distinct(&ints));
    assert_eq!(
        h.run(&mut c, "SISMEMBER big 599\nSISMEMBER big 600"),
        ":1\r\n:0\r\n"
    );
    h.run(&mut c, "SADD mixed 3 1 2\nSADD mixed x");
    let mixed = members(&h.run(&mut c, "SMEMBERS mixed"));
    assert_eq!(
        distinct(&mixed),
        distinct(&["1", "2", "3", "x"].map(String::from))
    );
    assert_eq!(
        h.run(&mut c, "SISMEMBER mixed 2\nSREM mixed x 2\nSCARD mixed"),
        ":1\r\n:2\r\n:2\r\n"
    );
}

/// A full SSCAN of a hashtable returns every member; COUNT and MATCH
/// shape each call.
#[test]
fn sscan_walks_a_hashtable() {
    let mut h = Harness::new();
    let mut c = h.client();
    let names: Vec<String> = (0..100).map(|i| format!("m{i}")).collect();
    h.run(&mut c, &format!("SADD s {}", names.join(" ")));
    let mut seen = BTreeSet::new();
    let mut cursor = "0".to_string();
    let mut calls = 0;
    loop {
        let reply = h.run(&mut c, &format!("SSCAN s {cursor} COUNT 7"));
        let rest = reply.strip_prefix("*2\r\n$").unwrap();
        let (_, rest) = rest.split_once("\r\n").unwrap();
        let (next, rest) = rest.split_once("\r\n").unwrap();
        let got = members(rest);
        assert!(got.len() <= 7);
        seen.extend(got);
        cursor = next.to_string();
        calls += 1;
        if cursor == "0" {
            break;
        }
    }
    assert!(calls > 1);
    assert_eq!(seen, distinct(&names));
    let reply = h.run(&mut c, "SSCAN s 0 COUNT 1000 MATCH m1?");
    let got = members(reply.splitn(4, "\r\n").nth(3).unwrap());
    assert_eq!(got.len(), 10, "{reply}");
    assert!(reply.starts_with("*2\r\n$1\r\n0\r\n"));
}

/// SPOP with a count removes exactly the members it returns; SRANDMEMBER
/// returns distinct members for a positive count and may repeat for a
/// negative one, and changes nothing.
#[test]
fn random_members_come_from_the_set() {
    let mut h = Harness::new();
    let mut c = h.client();
    let names: Vec<String> = (0..50).map(|i| format!("e{i}")).collect();
    h.run(&mut c, &format!("SADD s {}", names.join(" ")));
    let all = distinct(&names);
    let picked = members(&h.run(&mut c, "SRANDMEMBER s 20"));
    assert_eq!(distinct(&picked).len(), 20);
    assert!(distinct(&picked).is_subset(&all));
    let repeated = members(&h.run(&mut c, "SRANDMEMBER s -200"));
    assert_eq!(repeated.len(), 200);
    assert!(distinct(&repeated).is_subset(&all));
    assert!(distinct(&repeated).len() < 200);
    assert_eq!(h.run(&mut c, "SCARD s"), ":50\r\n");

    let popped = members(&h.run(&mut c, "SPOP s 20"));
    assert_eq!(distinct(&popped).len(), 20);
    let left = distinct(&members(&h.run(&mut c, "SMEMBERS s")));
    assert_eq!(left.len(), 30);
    assert!(left.is_disjoint(&distinct(&popped)));
    let one = h.run(&mut c, "SPOP s");
    let one = one.split("\r\n").nth(1).unwrap().to_string();
    assert!(left.contains(&one));
    assert_eq!(h.run(&mut c, &format!("SISMEMBER s {one}")), ":0\r\n");

    // The same on an intset.
    h.run(&mut c, "SADD i 1 2 3 4 5 6 7 8 9 10");
    let popped = members(&h.run(&mut c, "SPOP i 4"));
    assert_eq!(distinct(&popped).len(), 4);
    let left = members(&h.run(&mut c, "SMEMBERS i"));
    assert_eq!(left.len(), 6);
    let mut sorted = left.clone();
    sorted.sort_by_key(|m| m.parse::<i64>().unwrap());
    assert_eq!(left, sorted, "an intset stays in numeric order");
}

/// A set key expires like any other; the store forms drop a destination's
/// TTL; keyspace hits count per key read.
#[test]
fn expiry_and_statistics() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SADD s a b\nPEXPIRE s 100");
    h.advance(100);
    assert_eq!(
        h.run(&mut c, "SCARD s\nSISMEMBER s a\nSMEMBERS s\nEXISTS s"),
        ":0\r\n:0\r\n*0\r\n:0\r\n"
    );
    h.run(
        &mut c,
        "CONFIG RESETSTAT\nSADD a 1\nSINTER a nokey nokey2\nSCARD a",
    );
    let info = h.run(&mut c, "INFO stats");
    assert!(info.contains("keyspace_hits:2\r\n"), "{info}");
    assert!(info.contains("keyspace_misses:2\r\n"), "{info}");
}

/// Memory follows the sets: it grows with members (long ones included) and
/// returns to nothing when they go.
#[test]
fn memory_follows_members() {
    let mut h = Harness::new();
    let mut c = h.client();
    let long = "x".repeat(200);
    h.run(&mut c, "SADD s 1 2 3");
    let small = h.server.used_memory();
    assert!(small > 0);
    h.run(&mut c, &format!("SADD s {long}"));
    assert!(h.server.used_memory() > small + 200);
    let names: Vec<String> = (0..1000).map(|i| format!("member:{i}")).collect();
    h.run(&mut c, &format!("SADD s {}", names.join(" ")));
    assert!(h.server.used_memory() > 1000 * 40);
    h.run(
        &mut c,
        &format!("SUNIONSTORE d s\nSREM s 1 2 3 {long} {}", names.join(" ")),
    );
    assert_eq!(h.server.key_count(), 1);
    h.run(&mut c, "DEL d");
    assert_eq!(h.server.used_memory(), 0);
}
