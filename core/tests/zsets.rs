//! Sorted sets: every command's replies, byte for byte as redis-server
//! 7.0.15 gives them (the tables were recorded from it), in RESP2 and
//! RESP3, in both forms (each table runs again with every set in the
//! large form), plus expiry, memory, empty-set deletion and ZSCAN over a
//! large set.

mod support;
use miniredis_core::Config;
use support::{replies, Harness};

/// Runs `rows` (command, expected reply) on a fresh server, then again on
/// one where every sorted set takes the large form at once (ZSCAN, whose
/// order follows the form, only in the first run).
fn check(resp3: bool, rows: &[(&str, &str)]) {
    let large = Config {
        zset_max_listpack_entries: 0,
        ..Config::default()
    };
    for (form, config) in [("listpack", Config::default()), ("skiplist", large)] {
        let mut h = Harness::with_config(config);
        let mut c = h.client();
        if resp3 {
            h.run(&mut c, "HELLO 3");
        }
        for (command, expected) in rows {
            if form == "skiplist" && command.starts_with("ZSCAN") {
                continue;
            }
            assert_eq!(
                h.run(&mut c, command),
                *expected,
                "{command} ({form}, {})",
                if resp3 { "RESP3" } else { "RESP2" }
            );
        }
    }
}

#[test]
fn zadd_and_its_options() {
    check(
        false,
        &[
            ("ZADD z:a 1 a 2 b 3 c", ":3\r\n"),
            ("ZADD z:a 10 a 4 d", ":1\r\n"),
            ("ZADD z:a CH 10 a 20 b 5 e", ":2\r\n"),
            ("ZADD z:a NX 100 a 6 f", ":1\r\n"),
            ("ZADD z:a XX 100 a 7 g", ":0\r\n"),
            ("ZADD z:a XX CH 100 a 7 g", ":0\r\n"),
            ("ZADD z:a GT CH 50 a 200 b", ":1\r\n"),
            ("ZADD z:a LT CH 1 a 300 c", ":1\r\n"),
            ("ZADD z:a GT 1 newgt", ":1\r\n"),
            ("ZRANGE z:a 0 -1 WITHSCORES", "*14\r\n$1\r\na\r\n$1\r\n1\r\n$5\r\nnewgt\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nf\r\n$1\r\n6\r\n$1\r\nb\r\n$3\r\n200\r\n"),
            ("ZADD z:a INCR 5 a", "$1\r\n6\r\n"),
            ("ZADD z:a INCR NX 5 a", "$-1\r\n"),
            ("ZADD z:a INCR XX 5 nope", "$-1\r\n"),
            ("ZADD z:a INCR GT -1 a", "$-1\r\n"),
            ("ZADD z:a incr lt -1 a", "$1\r\n5\r\n"),
            ("ZADD z:missing XX 1 a", ":0\r\n"),
            ("ZADD z:missing XX INCR 1 a", "$-1\r\n"),
            ("EXISTS z:missing", ":0\r\n"),
            ("ZCARD z:a", ":7\r\n"),
        ],
    );
}

#[test]
fn zadd_errors() {
    check(
        false,
        &[
            (
                "ZADD z:a NX XX 1 a",
                "-ERR XX and NX options at the same time are not compatible\r\n",
            ),
            (
                "ZADD z:a NX GT 1 a",
                "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n",
            ),
            (
                "ZADD z:a GT LT 1 a",
                "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n",
            ),
            (
                "ZADD z:a LT NX 1 a",
                "-ERR GT, LT, and/or NX options at the same time are not compatible\r\n",
            ),
            (
                "ZADD z:a INCR 1 a 2 b",
                "-ERR INCR option supports a single increment-element pair\r\n",
            ),
            ("ZADD z:a 1 a 2", "-ERR syntax error\r\n"),
            ("ZADD z:a NX 1", "-ERR syntax error\r\n"),
            (
                "ZADD z:a 1",
                "-ERR wrong number of arguments for 'zadd' command\r\n",
            ),
            ("ZADD z:a nan a", "-ERR value is not a valid float\r\n"),
            ("ZADD z:a abc a", "-ERR value is not a valid float\r\n"),
            ("ZADD z:a 1e-400 a", "-ERR value is not a valid float\r\n"),
            ("ZADD z:a 1 a x b", "-ERR value is not a valid float\r\n"),
            ("EXISTS z:a", ":0\r\n"),
            ("ZADD z:a inf a", ":1\r\n"),
            (
                "ZADD z:a INCR -inf a",
                "-ERR resulting score is not a number (NaN)\r\n",
            ),
            ("ZSCORE z:a a", "$3\r\ninf\r\n"),
            ("ZINCRBY z:a abc a", "-ERR value is not a valid float\r\n"),
            (
                "ZINCRBY z:a 1",
                "-ERR wrong number of arguments for 'zincrby' command\r\n",
            ),
        ],
    );
}

#[test]
fn score_text_resp2() {
    check(
        false,
        &[
            ("ZADD z:s 1.5 a 10 b 1e20 c 3.0e-5 d inf e -inf f -0.0 g 0x10 h 0.1 i 123456789012345678 j", ":10\r\n"),
            ("ZINCRBY z:s 0.2 i", "$19\r\n0.30000000000000004\r\n"),
            ("ZRANGE z:s 0 -1 WITHSCORES", "*20\r\n$1\r\nf\r\n$4\r\n-inf\r\n$1\r\ng\r\n$1\r\n0\r\n$1\r\nd\r\n$22\r\n3.0000000000000001e-05\r\n$1\r\ni\r\n$19\r\n0.30000000000000004\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$2\r\n10\r\n$1\r\nh\r\n$2\r\n16\r\n$1\r\nj\r\n$22\r\n1.2345678901234568e+17\r\n$1\r\nc\r\n$5\r\n1e+20\r\n$1\r\ne\r\n$3\r\ninf\r\n"),
            ("ZSCORE z:s g", "$1\r\n0\r\n"),
            ("ZSCORE z:s e", "$3\r\ninf\r\n"),
            ("ZSCORE z:s nope", "$-1\r\n"),
            ("ZSCORE z:nokey a", "$-1\r\n"),
            ("ZMSCORE z:s a nope c", "*3\r\n$3\r\n1.5\r\n$-1\r\n$5\r\n1e+20\r\n"),
            ("ZMSCORE z:nokey a b", "*2\r\n$-1\r\n$-1\r\n"),
            ("ZINCRBY z:s 1 new", "$1\r\n1\r\n"),
            ("ZINCRBY z:s -1.5 new", "$4\r\n-0.5\r\n"),
        ],
    );
}

#[test]
fn score_text_resp3() {
    check(
        true,
        &[
            ("ZADD z:s 1.5 a 10 b 1e20 c 3.0e-5 d inf e -inf f -0.0 g 0.1 i", ":8\r\n"),
            ("ZINCRBY z:s 0.2 i", ",0.30000000000000004\r\n"),
            ("ZRANGE z:s 0 -1 WITHSCORES", "*8\r\n*2\r\n$1\r\nf\r\n,-inf\r\n*2\r\n$1\r\ng\r\n,0\r\n*2\r\n$1\r\nd\r\n,3.0000000000000001e-05\r\n*2\r\n$1\r\ni\r\n,0.30000000000000004\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,10\r\n*2\r\n$1\r\nc\r\n,1e+20\r\n*2\r\n$1\r\ne\r\n,inf\r\n"),
            ("ZRANGE z:s 0 1", "*2\r\n$1\r\nf\r\n$1\r\ng\r\n"),
            ("ZSCORE z:s c", ",1e+20\r\n"),
            ("ZSCORE z:s nope", "_\r\n"),
            ("ZMSCORE z:s a nope", "*2\r\n,1.5\r\n_\r\n"),
            ("ZRANK z:s nope", "_\r\n"),
            ("ZREVRANK z:s a", ":3\r\n"),
            ("ZADD z:s INCR 1 a", ",2.5\r\n"),
            ("ZADD z:s NX INCR 1 a", "_\r\n"),
        ],
    );
}

#[test]
fn ranks_and_counts() {
    check(
        false,
        &[
            ("ZADD z:r 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
            ("ZRANK z:r a", ":0\r\n"),
            ("ZRANK z:r e", ":4\r\n"),
            ("ZREVRANK z:r a", ":4\r\n"),
            ("ZRANK z:r nope", "$-1\r\n"),
            ("ZRANK z:nokey a", "$-1\r\n"),
            ("ZCARD z:r", ":5\r\n"),
            ("ZCARD z:nokey", ":0\r\n"),
            ("ZCOUNT z:r 2 4", ":3\r\n"),
            ("ZCOUNT z:r (2 (4", ":1\r\n"),
            ("ZCOUNT z:r -inf +inf", ":5\r\n"),
            ("ZCOUNT z:r 4 2", ":0\r\n"),
            ("ZCOUNT z:r (1 1", ":0\r\n"),
            ("ZCOUNT z:r a 1", "-ERR min or max is not a float\r\n"),
            ("ZCOUNT z:r 1 (", ":0\r\n"),
            ("ZCOUNT z:nokey 1 2", ":0\r\n"),
            ("ZCOUNT z:r 1 2x", "-ERR min or max is not a float\r\n"),
        ],
    );
}

#[test]
fn range_by_rank() {
    check(
        false,
        &[
            ("ZADD z:r 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
            ("ZRANGE z:r 0 -1", "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"),
            ("ZRANGE z:r -2 -1 WITHSCORES", "*4\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n"),
            ("ZRANGE z:r 1 2", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n"),
            ("ZRANGE z:r 3 1", "*0\r\n"),
            ("ZRANGE z:r -100 100", "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"),
            ("ZRANGE z:r 5 10", "*0\r\n"),
            ("ZRANGE z:r -1 -100", "*0\r\n"),
            ("ZRANGE z:r 0 1 REV", "*2\r\n$1\r\ne\r\n$1\r\nd\r\n"),
            ("ZREVRANGE z:r 0 1 WITHSCORES", "*4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n"),
            ("ZREVRANGE z:r -2 -1", "*2\r\n$1\r\nb\r\n$1\r\na\r\n"),
            ("ZRANGE z:r 0 -1 LIMIT 0 -1", "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"),
            ("ZRANGE z:r 0 -1 LIMIT 0 1", "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n"),
            ("ZRANGE z:r a 1", "-ERR value is not an integer or out of range\r\n"),
            ("ZRANGE z:nokey 0 -1", "*0\r\n"),
            ("ZREVRANGE z:r 0 1 REV", "-ERR syntax error\r\n"),
        ],
    );
}

#[test]
fn range_by_score() {
    check(
        false,
        &[
            ("ZADD z:r 1 a 2 b 3 c 4 d 5 e 5 f", ":6\r\n"),
            (
                "ZRANGEBYSCORE z:r 2 4",
                "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n",
            ),
            (
                "ZRANGEBYSCORE z:r (2 4 WITHSCORES",
                "*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n",
            ),
            (
                "ZRANGEBYSCORE z:r -inf +inf LIMIT 1 2",
                "*2\r\n$1\r\nb\r\n$1\r\nc\r\n",
            ),
            (
                "ZRANGEBYSCORE z:r -inf +inf LIMIT 2 -1",
                "*4\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n",
            ),
            ("ZRANGEBYSCORE z:r -inf +inf LIMIT -1 2", "*0\r\n"),
            ("ZRANGEBYSCORE z:r -inf +inf LIMIT 10 2", "*0\r\n"),
            ("ZRANGEBYSCORE z:r -inf +inf LIMIT 0 0", "*0\r\n"),
            ("ZRANGEBYSCORE z:r 5 1", "*0\r\n"),
            (
                "ZREVRANGEBYSCORE z:r 5 (1 WITHSCORES LIMIT 1 3",
                "*6\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n",
            ),
            (
                "ZREVRANGEBYSCORE z:r (5 (1",
                "*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n",
            ),
            (
                "ZREVRANGEBYSCORE z:r +inf -inf LIMIT 0 -5",
                "*6\r\n$1\r\nf\r\n$1\r\ne\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n",
            ),
            (
                "ZRANGE z:r 5 1 BYSCORE REV LIMIT 0 2 WITHSCORES",
                "*4\r\n$1\r\nf\r\n$1\r\n5\r\n$1\r\ne\r\n$1\r\n5\r\n",
            ),
            ("ZRANGE z:r (1 3 BYSCORE", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n"),
            (
                "ZRANGEBYSCORE z:r 1 x",
                "-ERR min or max is not a float\r\n",
            ),
            (
                "ZRANGEBYSCORE z:r 1 nan",
                "-ERR min or max is not a float\r\n",
            ),
            ("ZRANGEBYSCORE z:r 0 10 REV", "-ERR syntax error\r\n"),
            ("ZRANGEBYSCORE z:r 0 10 LIMIT 1", "-ERR syntax error\r\n"),
            (
                "ZRANGEBYSCORE z:r 0 10 LIMIT a 1",
                "-ERR value is not an integer or out of range\r\n",
            ),
            ("ZRANGE z:r 0 10 BYSCORE BYLEX", "-ERR syntax error\r\n"),
            ("ZRANGE z:r 0 10 REV REV", "-ERR syntax error\r\n"),
        ],
    );
}

#[test]
fn range_by_lex() {
    check(
        false,
        &[
            ("ZADD z:l 0 a 0 b 0 c 0 d 0 e 0 f 0 g", ":7\r\n"),
            ("ZRANGEBYLEX z:l - +", "*7\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
            ("ZRANGEBYLEX z:l [b (e", "*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
            ("ZRANGEBYLEX z:l (b [e", "*3\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"),
            ("ZRANGEBYLEX z:l [f +", "*2\r\n$1\r\nf\r\n$1\r\ng\r\n"),
            ("ZRANGEBYLEX z:l + -", "*0\r\n"),
            ("ZRANGEBYLEX z:l [a (a", "*0\r\n"),
            ("ZRANGEBYLEX z:l - + LIMIT 2 3", "*3\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n"),
            ("ZRANGEBYLEX z:l - + LIMIT 2 -1", "*5\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n"),
            ("ZREVRANGEBYLEX z:l + [f", "*2\r\n$1\r\ng\r\n$1\r\nf\r\n"),
            ("ZREVRANGEBYLEX z:l (g - LIMIT 1 2", "*2\r\n$1\r\ne\r\n$1\r\nd\r\n"),
            ("ZRANGE z:l [c + BYLEX REV", "*0\r\n"),
            ("ZRANGE z:l + [c BYLEX REV LIMIT 0 2", "*2\r\n$1\r\ng\r\n$1\r\nf\r\n"),
            ("ZLEXCOUNT z:l [b [d", ":3\r\n"),
            ("ZLEXCOUNT z:l - +", ":7\r\n"),
            ("ZLEXCOUNT z:l (a (b", ":0\r\n"),
            ("ZLEXCOUNT z:nokey - +", ":0\r\n"),
            ("ZLEXCOUNT z:l a +", "-ERR min or max not valid string range item\r\n"),
            ("ZRANGEBYLEX z:l a b", "-ERR min or max not valid string range item\r\n"),
            ("ZRANGEBYLEX z:l [a b", "-ERR min or max not valid string range item\r\n"),
            ("ZRANGEBYLEX z:l - + WITHSCORES", "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n"),
            ("ZRANGE z:l - + BYLEX WITHSCORES", "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n"),
        ],
    );
}

#[test]
fn remove_ranges() {
    check(
        false,
        &[
            ("ZADD z:d 1 a 2 b 3 c 4 d 5 e 6 f 7 g", ":7\r\n"),
            ("ZREMRANGEBYRANK z:d 0 0", ":1\r\n"),
            ("ZREMRANGEBYRANK z:d -1 -1", ":1\r\n"),
            ("ZREMRANGEBYRANK z:d 5 1", ":0\r\n"),
            ("ZREMRANGEBYSCORE z:d (2 3", ":1\r\n"),
            ("ZREMRANGEBYSCORE z:d 100 200", ":0\r\n"),
            ("ZRANGE z:d 0 -1 WITHSCORES", "*8\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n$1\r\nf\r\n$1\r\n6\r\n"),
            ("ZADD z:x 0 a 0 b 0 c 0 d", ":4\r\n"),
            ("ZREMRANGEBYLEX z:x [b (d", ":2\r\n"),
            ("ZRANGE z:x 0 -1", "*2\r\n$1\r\na\r\n$1\r\nd\r\n"),
            ("ZREMRANGEBYRANK z:nokey 0 -1", ":0\r\n"),
            ("ZREMRANGEBYRANK z:d a b", "-ERR value is not an integer or out of range\r\n"),
            ("ZREMRANGEBYSCORE z:d a b", "-ERR min or max is not a float\r\n"),
            ("ZREMRANGEBYLEX z:d a b", "-ERR min or max not valid string range item\r\n"),
            ("ZREMRANGEBYRANK z:d 0 -1", ":4\r\n"),
            ("EXISTS z:d", ":0\r\n"),
            ("ZREMRANGEBYLEX z:x - +", ":2\r\n"),
            ("EXISTS z:x", ":0\r\n"),
        ],
    );
}

#[test]
fn zrem_and_pops() {
    check(
        false,
        &[
            ("ZADD z:p 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
            ("ZREM z:p a nope a", ":1\r\n"),
            ("ZREM z:nokey a", ":0\r\n"),
            ("ZPOPMIN z:p", "*2\r\n$1\r\nb\r\n$1\r\n2\r\n"),
            ("ZPOPMAX z:p", "*2\r\n$1\r\ne\r\n$1\r\n5\r\n"),
            ("ZPOPMIN z:p 0", "*0\r\n"),
            (
                "ZPOPMAX z:p 5",
                "*4\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n",
            ),
            ("EXISTS z:p", ":0\r\n"),
            ("ZPOPMIN z:p", "*0\r\n"),
            ("ZPOPMIN z:p 2", "*0\r\n"),
            (
                "ZPOPMIN z:p -1",
                "-ERR value is out of range, must be positive\r\n",
            ),
            (
                "ZPOPMIN z:p x",
                "-ERR value is out of range, must be positive\r\n",
            ),
            ("ZPOPMIN z:p 1 2", "-ERR syntax error\r\n"),
            ("ZADD z:p 1 a", ":1\r\n"),
            ("ZREM z:p a", ":1\r\n"),
            ("EXISTS z:p", ":0\r\n"),
        ],
    );
}

#[test]
fn pops_resp3() {
    check(
        true,
        &[
            ("ZADD z:p 1 a 2 b 3 c 4 d 5 e", ":5\r\n"),
            ("ZPOPMIN z:p", "*2\r\n$1\r\na\r\n,1\r\n"),
            ("ZPOPMIN z:p 1", "*1\r\n*2\r\n$1\r\nb\r\n,2\r\n"),
            (
                "ZPOPMAX z:p 2",
                "*2\r\n*2\r\n$1\r\ne\r\n,5\r\n*2\r\n$1\r\nd\r\n,4\r\n",
            ),
            ("ZPOPMAX z:p 0", "*0\r\n"),
            ("ZPOPMIN z:nokey", "*0\r\n"),
            (
                "ZMPOP 1 z:p MIN",
                "*2\r\n$3\r\nz:p\r\n*1\r\n*2\r\n$1\r\nc\r\n,3\r\n",
            ),
            ("ZMPOP 1 z:nokey MAX COUNT 3", "_\r\n"),
            ("ZMPOP 2 z:nokey z:p MAX COUNT 3", "_\r\n"),
            ("EXISTS z:p", ":0\r\n"),
        ],
    );
}

#[test]
fn zmpop() {
    check(
        false,
        &[
            ("ZADD z:m 1 a 2 b 3 c", ":3\r\n"),
            (
                "ZMPOP 2 z:nokey z:m MIN",
                "*2\r\n$3\r\nz:m\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n",
            ),
            (
                "ZMPOP 1 z:m MAX COUNT 10",
                "*2\r\n$3\r\nz:m\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
            ),
            ("ZMPOP 1 z:m MIN", "*-1\r\n"),
            ("EXISTS z:m", ":0\r\n"),
            ("ZADD z:m 1 a", ":1\r\n"),
            (
                "ZMPOP 0 z:m MIN",
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                "ZMPOP -1 z:m MIN",
                "-ERR numkeys should be greater than 0\r\n",
            ),
            (
                "ZMPOP x z:m MIN",
                "-ERR numkeys should be greater than 0\r\n",
            ),
            ("ZMPOP 2 z:m MIN", "-ERR syntax error\r\n"),
            ("ZMPOP 1 z:m MID", "-ERR syntax error\r\n"),
            (
                "ZMPOP 1 z:m MIN COUNT 0",
                "-ERR count should be greater than 0\r\n",
            ),
            (
                "ZMPOP 1 z:m MIN COUNT x",
                "-ERR count should be greater than 0\r\n",
            ),
            ("ZMPOP 1 z:m MIN COUNT 1 COUNT 1", "-ERR syntax error\r\n"),
            ("ZMPOP 1 z:m MIN COUNT", "-ERR syntax error\r\n"),
        ],
    );
}

#[test]
fn set_operations() {
    check(
        false,
        &[
            ("ZADD z:1 1 a 2 b 3 c", ":3\r\n"),
            ("ZADD z:2 1 b 2 c 3 d", ":3\r\n"),
            ("ZUNION 2 z:1 z:2 WITHSCORES", "*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n5\r\n"),
            ("ZUNION 2 z:1 z:2 WEIGHTS 2 3 AGGREGATE MAX WITHSCORES", "*8\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n6\r\n$1\r\nd\r\n$1\r\n9\r\n"),
            ("ZUNION 2 z:1 z:2 AGGREGATE MIN", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"),
            ("ZUNION 3 z:1 z:2 z:nokey", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nd\r\n$1\r\nc\r\n"),
            ("ZINTER 2 z:1 z:2 WITHSCORES", "*4\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n5\r\n"),
            ("ZINTER 2 z:1 z:2 WEIGHTS 1 0 WITHSCORES", "*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"),
            ("ZINTER 2 z:1 z:nokey", "*0\r\n"),
            ("ZDIFF 2 z:1 z:2 WITHSCORES", "*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
            ("ZDIFF 2 z:2 z:1", "*1\r\n$1\r\nd\r\n"),
            ("ZDIFF 1 z:nokey", "*0\r\n"),
            ("ZINTERCARD 2 z:1 z:2", ":2\r\n"),
            ("ZINTERCARD 2 z:1 z:2 LIMIT 1", ":1\r\n"),
            ("ZINTERCARD 2 z:1 z:2 LIMIT 0", ":2\r\n"),
            ("ZUNIONSTORE z:out 2 z:1 z:2", ":4\r\n"),
            ("ZRANGE z:out 0 -1 WITHSCORES", "*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n3\r\n$1\r\nc\r\n$1\r\n5\r\n"),
            ("ZINTERSTORE z:out 2 z:1 z:2 WEIGHTS 1 2", ":2\r\n"),
            ("ZRANGE z:out 0 -1 WITHSCORES", "*4\r\n$1\r\nb\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n7\r\n"),
            ("ZDIFFSTORE z:out 2 z:1 z:2", ":1\r\n"),
            ("ZRANGE z:out 0 -1 WITHSCORES", "*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
            ("ZINTERSTORE z:out 2 z:1 z:nokey", ":0\r\n"),
            ("EXISTS z:out", ":0\r\n"),
            ("ZADD z:inf inf a", ":1\r\n"),
            ("ZADD z:ninf -inf a", ":1\r\n"),
            ("ZUNION 2 z:inf z:ninf WITHSCORES", "*2\r\n$1\r\na\r\n$1\r\n0\r\n"),
            ("ZUNION 1 z:inf WEIGHTS 0 WITHSCORES", "*2\r\n$1\r\na\r\n$1\r\n0\r\n"),
        ],
    );
}

#[test]
fn set_operation_errors() {
    check(
        false,
        &[
            ("ZADD z:1 1 a", ":1\r\n"),
            ("SET z:s x", "+OK\r\n"),
            (
                "ZUNION 2 z:1 z:s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZUNIONSTORE z:out 2 z:1 z:s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("ZUNION 2 z:1 z:1 WEIGHTS 1", "-ERR syntax error\r\n"),
            (
                "ZUNION 2 z:1 z:1 WEIGHTS 1 x",
                "-ERR weight value is not a float\r\n",
            ),
            ("ZUNION 1 z:1 AGGREGATE avg", "-ERR syntax error\r\n"),
            ("ZUNION 1 z:1 AGGREGATE", "-ERR syntax error\r\n"),
            (
                "ZUNIONSTORE z:out 1 z:1 WITHSCORES",
                "-ERR syntax error\r\n",
            ),
            ("ZINTERCARD 1 z:1 WEIGHTS 1", "-ERR syntax error\r\n"),
            (
                "ZINTERCARD 1 z:1 LIMIT -1",
                "-ERR LIMIT can't be negative\r\n",
            ),
            (
                "ZINTERCARD 1 z:1 LIMIT x",
                "-ERR LIMIT can't be negative\r\n",
            ),
            (
                "ZINTERCARD 0 z:1",
                "-ERR at least 1 input key is needed for 'zintercard' command\r\n",
            ),
            ("ZDIFF 1 z:1 AGGREGATE SUM", "-ERR syntax error\r\n"),
            ("ZDIFF 1 z:1 WEIGHTS 1", "-ERR syntax error\r\n"),
            ("ZUNION 3 z:1 z:1", "-ERR syntax error\r\n"),
            (
                "ZUNION x z:1",
                "-ERR value is not an integer or out of range\r\n",
            ),
            (
                "ZUNION 0 z:1",
                "-ERR at least 1 input key is needed for 'zunion' command\r\n",
            ),
            (
                "ZINTERSTORE z:out -1 z:1",
                "-ERR at least 1 input key is needed for 'zinterstore' command\r\n",
            ),
            (
                "ZDIFFSTORE z:out 0 z:1",
                "-ERR at least 1 input key is needed for 'zdiffstore' command\r\n",
            ),
        ],
    );
}

#[test]
fn set_operations_resp3() {
    check(
        true,
        &[
            ("ZADD z:1 1 a 2 b", ":2\r\n"),
            ("ZADD z:2 3 b 4 c", ":2\r\n"),
            (
                "ZUNION 2 z:1 z:2 WITHSCORES",
                "*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nc\r\n,4\r\n*2\r\n$1\r\nb\r\n,5\r\n",
            ),
            (
                "ZINTER 2 z:1 z:2 WITHSCORES",
                "*1\r\n*2\r\n$1\r\nb\r\n,5\r\n",
            ),
            (
                "ZDIFF 2 z:1 z:2 WITHSCORES",
                "*1\r\n*2\r\n$1\r\na\r\n,1\r\n",
            ),
            (
                "ZUNION 2 z:1 z:2",
                "*3\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n",
            ),
            (
                "ZRANGE z:1 0 -1 WITHSCORES",
                "*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n",
            ),
            (
                "ZREVRANGEBYSCORE z:1 +inf -inf WITHSCORES",
                "*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n",
            ),
        ],
    );
}

#[test]
fn store_overwrites_destination() {
    check(
        false,
        &[
            ("ZADD z:src 1 a 2 b 3 c", ":3\r\n"),
            ("SET z:dst x EX 100", "+OK\r\n"),
            ("ZRANGESTORE z:dst z:src 0 1", ":2\r\n"),
            ("TYPE z:dst", "+zset\r\n"),
            ("TTL z:dst", ":-1\r\n"),
            (
                "ZRANGE z:dst 0 -1 WITHSCORES",
                "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n",
            ),
            ("ZRANGESTORE z:dst z:src 2 1 BYSCORE", ":0\r\n"),
            ("EXISTS z:dst", ":0\r\n"),
            ("LPUSH z:dst x", ":1\r\n"),
            ("ZUNIONSTORE z:dst 1 z:src", ":3\r\n"),
            ("TYPE z:dst", "+zset\r\n"),
            ("ZRANGESTORE z:dst z:nokey 0 -1", ":0\r\n"),
            ("EXISTS z:dst", ":0\r\n"),
            (
                "ZRANGESTORE z:dst z:src (1 +inf BYSCORE LIMIT 0 1",
                ":1\r\n",
            ),
            (
                "ZRANGE z:dst 0 -1 WITHSCORES",
                "*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
            ),
            ("ZRANGESTORE z:dst z:src [c - BYLEX REV", ":3\r\n"),
            (
                "ZRANGE z:dst 0 -1",
                "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
            ),
            (
                "ZRANGESTORE z:dst z:src 0 -1 WITHSCORES",
                "-ERR syntax error\r\n",
            ),
        ],
    );
}

#[test]
fn wrong_type() {
    check(
        false,
        &[
            ("SET z:s v", "+OK\r\n"),
            (
                "ZADD z:s 1 a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZINCRBY z:s 1 a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZCARD z:s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZSCORE z:s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZMSCORE z:s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZRANK z:s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZREM z:s a",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZRANGE z:s 0 -1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZRANGEBYSCORE z:s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZRANGEBYLEX z:s - +",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZCOUNT z:s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZLEXCOUNT z:s - +",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZPOPMIN z:s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZMPOP 1 z:s MIN",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZRANDMEMBER z:s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZSCAN z:s 0",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZREMRANGEBYRANK z:s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZRANGESTORE z:d z:s 0 1",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "ZUNION 1 z:s",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("ZADD z:z 1 a", ":1\r\n"),
            (
                "GET z:z",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            (
                "LPUSH z:z x",
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
            ("TYPE z:z", "+zset\r\n"),
        ],
    );
}

#[test]
fn randmember_and_scan() {
    check(
        false,
        &[
            ("ZADD z:q 1 a 2 b 3 c", ":3\r\n"),
            ("ZRANDMEMBER z:q 3", "*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n"),
            ("ZRANDMEMBER z:q 10 WITHSCORES", "*6\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n"),
            ("ZRANDMEMBER z:q 0", "*0\r\n"),
            ("ZRANDMEMBER z:nokey", "$-1\r\n"),
            ("ZRANDMEMBER z:nokey 3", "*0\r\n"),
            ("ZRANDMEMBER z:q 1 WITHSCORES x", "-ERR syntax error\r\n"),
            ("ZRANDMEMBER z:q 1 foo", "-ERR syntax error\r\n"),
            ("ZRANDMEMBER z:q -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"),
            ("ZRANDMEMBER z:q -4611686018427387904 WITHSCORES", "-ERR value is out of range\r\n"),
            ("ZRANDMEMBER z:q x", "-ERR value is not an integer or out of range\r\n"),
            ("ZSCAN z:q 0", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"),
            ("ZSCAN z:q 0 MATCH b*", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"),
            ("ZSCAN z:q 0 COUNT 1", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"),
            ("ZSCAN z:nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"),
            ("ZSCAN z:q x", "-ERR invalid cursor\r\n"),
            ("ZSCAN z:q -1", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"),
            ("ZSCAN z:q 0 COUNT 0", "-ERR syntax error\r\n"),
            ("ZSCAN z:q 0 COUNT x", "-ERR value is not an integer or out of range\r\n"),
            ("ZSCAN z:q 0 COUNT", "-ERR syntax error\r\n"),
            ("ZSCAN z:q 0 FOO 1", "-ERR syntax error\r\n"),
        ],
    );
}

#[test]
fn randmember_resp3() {
    check(
        true,
        &[
            ("ZADD z:q 1 a 2.5 b", ":2\r\n"),
            (
                "ZRANDMEMBER z:q 2 WITHSCORES",
                "*2\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,1\r\n",
            ),
            ("ZRANDMEMBER z:q 5", "*2\r\n$1\r\nb\r\n$1\r\na\r\n"),
            ("ZRANDMEMBER z:nokey", "_\r\n"),
            ("ZRANDMEMBER z:nokey 1 WITHSCORES", "*0\r\n"),
            (
                "ZSCAN z:q 0",
                "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n",
            ),
        ],
    );
}

#[test]
fn arity() {
    check(
        false,
        &[
            (
                "ZADD z:a",
                "-ERR wrong number of arguments for 'zadd' command\r\n",
            ),
            (
                "ZADD z:a 1",
                "-ERR wrong number of arguments for 'zadd' command\r\n",
            ),
            (
                "ZCARD",
                "-ERR wrong number of arguments for 'zcard' command\r\n",
            ),
            (
                "ZRANGE z:a 0",
                "-ERR wrong number of arguments for 'zrange' command\r\n",
            ),
            (
                "ZRANK z:a",
                "-ERR wrong number of arguments for 'zrank' command\r\n",
            ),
            (
                "ZRANGESTORE z:d z:a 0",
                "-ERR wrong number of arguments for 'zrangestore' command\r\n",
            ),
            (
                "ZINCRBY z:a 1",
                "-ERR wrong number of arguments for 'zincrby' command\r\n",
            ),
            (
                "ZUNION 1",
                "-ERR wrong number of arguments for 'zunion' command\r\n",
            ),
            (
                "ZMPOP 1 z:a",
                "-ERR wrong number of arguments for 'zmpop' command\r\n",
            ),
            (
                "ZSCAN z:a",
                "-ERR wrong number of arguments for 'zscan' command\r\n",
            ),
            (
                "ZPOPMIN",
                "-ERR wrong number of arguments for 'zpopmin' command\r\n",
            ),
        ],
    );
}

#[test]
fn emptied_sets_are_deleted_and_free_their_memory() {
    let mut h = Harness::new();
    let mut c = h.client();
    for (fill, empty) in [
        ("ZADD z 1 a 2 b", "ZREM z a b"),
        ("ZADD z 1 a 2 b", "ZPOPMIN z 5"),
        ("ZADD z 1 a 2 b", "ZMPOP 1 z MAX COUNT 2"),
        ("ZADD z 1 a 2 b", "ZREMRANGEBYRANK z 0 -1"),
        ("ZADD z 1 a 2 b", "ZREMRANGEBYSCORE z -inf +inf"),
        ("ZADD z 0 a 0 b", "ZREMRANGEBYLEX z - +"),
    ] {
        h.run(&mut c, fill);
        assert!(h.server.used_memory() > 0);
        h.run(&mut c, empty);
        assert_eq!(h.run(&mut c, "EXISTS z"), ":0\r\n", "{empty}");
        assert_eq!(h.server.used_memory(), 0, "{empty}");
        assert_eq!(h.server.key_count(), 0, "{empty}");
    }
}

#[test]
fn memory_follows_growth_in_both_forms() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "ZADD z 1 a");
    let small = h.server.used_memory();
    let mut last = small;
    for i in 0..300 {
        h.run(&mut c, &format!("ZADD z {i} member-{i}"));
        let now = h.server.used_memory();
        assert!(now >= last, "memory went down while growing at {i}");
        last = now;
    }
    assert!(last > small + 300 * 16);
    h.run(
        &mut c,
        "ZADD z 1 a-member-longer-than-the-twenty-two-inline-bytes",
    );
    assert!(h.server.used_memory() > last);
    h.run(&mut c, "DEL z");
    assert_eq!(h.server.used_memory(), 0);
}

#[test]
fn expired_sets_are_gone() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "ZADD z 1 a 2 b\nPEXPIRE z 100\nZCARD z"),
        ":2\r\n:1\r\n:2\r\n"
    );
    h.advance(100);
    assert_eq!(
        h.run(
            &mut c,
            "ZCARD z\nZSCORE z a\nZRANGE z 0 -1\nZADD z XX 5 a\nZINCRBY z 1 a\nTTL z"
        ),
        ":0\r\n$-1\r\n*0\r\n:0\r\n$1\r\n1\r\n:-1\r\n"
    );
    // A store drops the destination's deadline; reading keeps it.
    assert_eq!(
        h.run(
            &mut c,
            "ZADD src 1 a\nPEXPIRE src 1000\nZUNIONSTORE dst 1 src\nPEXPIRE dst 50\nZRANGESTORE dst src 0 -1\nTTL dst\nZRANGE src 0 -1\nTTL src"
        ),
        ":1\r\n:1\r\n:1\r\n:1\r\n:1\r\n:-1\r\n*1\r\n$1\r\na\r\n:1\r\n"
    );
    h.advance(1000);
    assert_eq!(
        h.run(&mut c, "EXISTS src\nZUNION 1 src\nZCARD dst"),
        ":0\r\n*0\r\n:1\r\n"
    );
}

#[test]
fn zscan_over_a_large_set_returns_every_member() {
    let mut h = Harness::new();
    let mut c = h.client();
    for i in 0..500 {
        h.run(&mut c, &format!("ZADD z {i} m{i}"));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut cursor = "0".to_string();
    let mut calls = 0;
    loop {
        let reply = h.run(&mut c, &format!("ZSCAN z {cursor} COUNT 37"));
        let lines: Vec<&str> = reply.split("\r\n").collect();
        // *2, $n, cursor, *2k, then $len/member/$len/score pairs.
        cursor = lines[2].to_string();
        for pair in lines[4..].chunks(4) {
            if pair.len() == 4 {
                let (member, score) = (pair[1], pair[3]);
                assert_eq!(format!("m{score}"), member);
                seen.insert(member.to_string());
            }
        }
        calls += 1;
        if cursor == "0" {
            break;
        }
        assert!(calls < 100, "the scan does not end");
    }
    assert_eq!(seen.len(), 500);
    // One call covers everything with a large COUNT; MATCH filters.
    let reply = h.run(&mut c, "ZSCAN z 0 MATCH m49* COUNT 1000");
    assert!(reply.starts_with("*2\r\n$1\r\n0\r\n*22\r\n"), "{reply}");
    assert!(reply.contains("$3\r\nm49\r\n$2\r\n49\r\n"), "{reply}");
}

#[test]
fn large_form_ranges_agree_with_the_order() {
    let mut h = Harness::new();
    let mut c = h.client();
    for i in (0..400).rev() {
        h.run(&mut c, &format!("ZADD z {} m{i:03}", i / 2));
    }
    assert_eq!(h.run(&mut c, "ZCARD z"), ":400\r\n");
    assert_eq!(
        h.run(&mut c, "ZRANGE z 0 2 WITHSCORES"),
        "*6\r\n$4\r\nm000\r\n$1\r\n0\r\n$4\r\nm001\r\n$1\r\n0\r\n$4\r\nm002\r\n$1\r\n1\r\n"
    );
    assert_eq!(
        h.run(
            &mut c,
            "ZRANK z m201\nZREVRANK z m201\nZCOUNT z (10 20\nZRANGEBYSCORE z 150 +inf LIMIT 99 5"
        ),
        ":201\r\n:198\r\n:20\r\n*1\r\n$4\r\nm399\r\n"
    );
    assert_eq!(
        h.run(&mut c, "ZREMRANGEBYRANK z 10 389\nZRANGE z -3 -1\nZCARD z"),
        ":380\r\n*3\r\n$4\r\nm397\r\n$4\r\nm398\r\n$4\r\nm399\r\n:20\r\n"
    );
}

#[test]
fn conversion_limits_are_config_parameters() {
    assert_eq!(
        replies(
            "CONFIG GET zset-max-listpack-entries\nCONFIG GET zset-max-ziplist-value\nCONFIG SET zset-max-ziplist-entries 5\nCONFIG GET zset-max-listpack-entries\nCONFIG SET zset-max-listpack-value 1kb\nCONFIG GET zset-max-listpack-value\nCONFIG SET zset-max-listpack-entries -1\nCONFIG SET zset-max-listpack-entries abc\nCONFIG SET zset-max-listpack-value 1.5"
        ),
        "*2\r\n$25\r\nzset-max-listpack-entries\r\n$3\r\n128\r\n\
         *2\r\n$22\r\nzset-max-ziplist-value\r\n$2\r\n64\r\n\
         +OK\r\n\
         *2\r\n$25\r\nzset-max-listpack-entries\r\n$1\r\n5\r\n\
         +OK\r\n\
         *2\r\n$23\r\nzset-max-listpack-value\r\n$4\r\n1024\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-entries') - argument couldn't be parsed into an integer\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-value') - argument must be a memory value\r\n"
    );
}
