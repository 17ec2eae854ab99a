//! SORT and SORT_RO. The exact replies were recorded from redis-server
//! 7.0.15 (raw RESP over a socket, each test on a fresh connection), the
//! same steps as the conformance cases in `conformance/src/cases/sort.rs`;
//! then what only the core shows: keyspace statistics, the sorted set's
//! conversion, the dispatcher's DENYOOM refusal and eviction sparing the
//! STORE destination.

mod support;
use miniredis_core::EvictionPolicy;
use support::{Client, Harness};

/// One command (any bytes) as a RESP multibulk.
fn multibulk(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn send(h: &mut Harness, c: &mut Client, args: &[&str]) -> Vec<u8> {
    h.send(c, &multibulk(args))
}

enum Step {
    Cmd(&'static [&'static str], &'static [u8]),
    /// A new connection (Redis needs one after an out-of-range number,
    /// see the conformance cases; here it changes nothing).
    Reconnect,
    /// HELLO 3; its reply (which names the client id) is not compared.
    Hello3,
}

/// Runs the steps on one server and compares each reply with Redis's.
fn run(steps: &[Step]) {
    let mut h = Harness::new();
    let mut c = h.client();
    for step in steps {
        match step {
            Step::Cmd(args, expected) => {
                let reply = send(&mut h, &mut c, args);
                assert_eq!(
                    String::from_utf8_lossy(&reply),
                    String::from_utf8_lossy(expected),
                    "{args:?}"
                );
                assert_eq!(&reply, expected, "{args:?}");
            }
            Step::Reconnect => c = h.client(),
            Step::Hello3 => {
                let reply = send(&mut h, &mut c, &["HELLO", "3"]);
                assert!(reply.starts_with(b"%7\r\n"));
            }
        }
    }
}

/// Lists sort numerically by default; ALPHA compares bytes; a missing key is an empty list.
#[test]
fn numbers_desc_alpha_missing_key() {
    run(&[
        Step::Cmd(&["RPUSH", "so1:l", "3", "1", "2", "10", "-1.5"], b":5\r\n"),
        Step::Cmd(
            &["SORT", "so1:l"],
            b"*5\r\n$4\r\n-1.5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n",
        ),
        Step::Cmd(
            &["SORT", "so1:l", "DESC"],
            b"*5\r\n$2\r\n10\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n$4\r\n-1.5\r\n",
        ),
        Step::Cmd(
            &["SORT", "so1:l", "ALPHA"],
            b"*5\r\n$4\r\n-1.5\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n3\r\n",
        ),
        Step::Cmd(
            &["SORT", "so1:l", "alpha", "desc"],
            b"*5\r\n$1\r\n3\r\n$1\r\n2\r\n$2\r\n10\r\n$1\r\n1\r\n$4\r\n-1.5\r\n",
        ),
        Step::Cmd(
            &["SORT", "so1:l", "asc", "desc", "ALPHA", "Asc"],
            b"*5\r\n$4\r\n-1.5\r\n$1\r\n1\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n3\r\n",
        ),
        Step::Cmd(
            &["SORT_RO", "so1:l", "DESC"],
            b"*5\r\n$2\r\n10\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n$4\r\n-1.5\r\n",
        ),
        Step::Cmd(&["SORT", "so1:none"], b"*0\r\n"),
        Step::Cmd(&["SORT_RO", "so1:none", "BY", "x*", "GET", "#"], b"*0\r\n"),
    ]);
}

/// A set (intset) and a sorted set sort by the elements, not by score.
#[test]
fn sets_and_sorted_sets_sort_by_element_value() {
    run(&[
        Step::Cmd(&["SADD", "so2:s", "30", "4", "100", "-7"], b":4\r\n"),
        Step::Cmd(
            &["SORT", "so2:s"],
            b"*4\r\n$2\r\n-7\r\n$1\r\n4\r\n$2\r\n30\r\n$3\r\n100\r\n",
        ),
        Step::Cmd(
            &["SORT", "so2:s", "ALPHA"],
            b"*4\r\n$2\r\n-7\r\n$3\r\n100\r\n$2\r\n30\r\n$1\r\n4\r\n",
        ),
        Step::Cmd(
            &["SORT", "so2:s", "DESC", "LIMIT", "1", "2"],
            b"*2\r\n$2\r\n30\r\n$1\r\n4\r\n",
        ),
        Step::Cmd(
            &["ZADD", "so2:z", "1", "30", "2", "4", "3", "100"],
            b":3\r\n",
        ),
        Step::Cmd(
            &["SORT", "so2:z"],
            b"*3\r\n$1\r\n4\r\n$2\r\n30\r\n$3\r\n100\r\n",
        ),
        Step::Cmd(
            &["SORT", "so2:z", "ALPHA", "DESC"],
            b"*3\r\n$1\r\n4\r\n$2\r\n30\r\n$3\r\n100\r\n",
        ),
        Step::Cmd(&["SORT", "so2:z", "LIMIT", "1", "1"], b"*1\r\n$2\r\n30\r\n"),
        Step::Cmd(
            &["ZADD", "so2:inf", "1", "+inf", "2", "-inf", "3", "0"],
            b":3\r\n",
        ),
        Step::Cmd(
            &["SORT", "so2:inf"],
            b"*3\r\n$4\r\n-inf\r\n$1\r\n0\r\n$4\r\n+inf\r\n",
        ),
    ]);
}

/// Ties are broken by the elements' bytes; strtod takes leading blanks, a sign, hex, inf and the empty text as 0; a NUL ends the number.
#[test]
fn equal_numbers_in_byte_order_strtod_s_spellings() {
    run(&[
        Step::Cmd(&["RPUSH", "so3:l", "+3", ".5", "1.", "0X1P3", "\t 7", "2.2250738585072014e-308", "-0", "0", "\u{b}8", "", "1\0junk", "0x1p-1074"], b":12\r\n"),
        Step::Cmd(&["SORT", "so3:l"], b"*12\r\n$0\r\n\r\n$2\r\n-0\r\n$1\r\n0\r\n$9\r\n0x1p-1074\r\n$23\r\n2.2250738585072014e-308\r\n$2\r\n.5\r\n$6\r\n1\0junk\r\n$2\r\n1.\r\n$2\r\n+3\r\n$3\r\n\t 7\r\n$2\r\n\x0b8\r\n$5\r\n0X1P3\r\n"),
        Step::Cmd(&["SORT", "so3:l", "DESC"], b"*12\r\n$5\r\n0X1P3\r\n$2\r\n\x0b8\r\n$3\r\n\t 7\r\n$2\r\n+3\r\n$2\r\n1.\r\n$6\r\n1\0junk\r\n$2\r\n.5\r\n$23\r\n2.2250738585072014e-308\r\n$9\r\n0x1p-1074\r\n$1\r\n0\r\n$2\r\n-0\r\n$0\r\n\r\n"),
        Step::Cmd(&["RPUSH", "so3:i", "inf", "-inf", "infinity", "-INF", "1e308"], b":5\r\n"),
        Step::Cmd(&["SORT", "so3:i"], b"*5\r\n$4\r\n-INF\r\n$4\r\n-inf\r\n$5\r\n1e308\r\n$3\r\ninf\r\n$8\r\ninfinity\r\n"),
    ]);
}

/// Trailing bytes, a lone sign, NaN, overflow and underflow are refused.
#[test]
fn text_that_is_no_number() {
    run(&[
        Step::Cmd(&["RPUSH", "so4:a", "1 "], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:a"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Cmd(&["RPUSH", "so4:b", "-"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:b"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Cmd(&["RPUSH", "so4:c", "0x"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:c"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Cmd(&["RPUSH", "so4:d", "1e+"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:d"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Cmd(&["RPUSH", "so4:e", "nan"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:e"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Cmd(&["RPUSH", "so4:f", "abc", "1"], b":2\r\n"),
        Step::Cmd(
            &["SORT", "so4:f"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Cmd(
            &["SORT", "so4:f", "ALPHA"],
            b"*2\r\n$1\r\n1\r\n$3\r\nabc\r\n",
        ),
        Step::Cmd(
            &["SORT", "so4:f", "STORE", "so4:dst"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Cmd(&["EXISTS", "so4:dst"], b":0\r\n"),
        Step::Cmd(&["RPUSH", "so4:g", " "], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:g"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Reconnect,
        Step::Cmd(&["RPUSH", "so4:h", "1e400"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:h"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Reconnect,
        Step::Cmd(&["RPUSH", "so4:k", "1e-400"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:k"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Reconnect,
        Step::Cmd(&["RPUSH", "so4:m", "1e-310"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:m"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
        Step::Reconnect,
        Step::Cmd(&["RPUSH", "so4:n", "0x1p99999"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so4:n"],
            b"-ERR One or more scores can't be converted into double\r\n",
        ),
    ]);
}

/// Without STORE a NUL ends the compared text and equal texts keep their order; with STORE the whole bytes compare.
#[test]
fn alpha_compares_c_strings_store_whole_bytes() {
    run(&[
        Step::Cmd(&["RPUSH", "so5:l", "a\0c", "a\0b", "a", "\u{e9}", "a\0a", "B"], b":6\r\n"),
        Step::Cmd(&["SORT", "so5:l", "ALPHA"], b"*6\r\n$1\r\nB\r\n$3\r\na\0c\r\n$3\r\na\0b\r\n$1\r\na\r\n$3\r\na\0a\r\n$2\r\n\xc3\xa9\r\n"),
        Step::Cmd(&["SORT", "so5:l", "ALPHA", "DESC"], b"*6\r\n$2\r\n\xc3\xa9\r\n$3\r\na\0c\r\n$3\r\na\0b\r\n$1\r\na\r\n$3\r\na\0a\r\n$1\r\nB\r\n"),
        Step::Cmd(&["SORT", "so5:l", "ALPHA", "STORE", "so5:d"], b":6\r\n"),
        Step::Cmd(&["LRANGE", "so5:d", "0", "-1"], b"*6\r\n$1\r\nB\r\n$1\r\na\r\n$3\r\na\0a\r\n$3\r\na\0b\r\n$3\r\na\0c\r\n$2\r\n\xc3\xa9\r\n"),
    ]);
}

/// BY reads keys and hash fields named by the pattern (missing ones are 0); GET reads them, # is the element, a pattern without * reads nothing.
#[test]
fn by_and_get_patterns() {
    run(&[
        Step::Cmd(&["RPUSH", "so6:l", "1", "2", "3"], b":3\r\n"),
        Step::Cmd(&["SET", "so6:w_1", "30"], b"+OK\r\n"),
        Step::Cmd(&["SET", "so6:w_2", "10"], b"+OK\r\n"),
        Step::Cmd(&["HSET", "so6:h_3", "f", "20"], b":1\r\n"),
        Step::Cmd(&["SET", "so6:o_1", "one"], b"+OK\r\n"),
        Step::Cmd(&["HSET", "so6:h_1", "f", "hf1", "", "empty", "->x", "arrow"], b":3\r\n"),
        Step::Cmd(&["RPUSH", "so6:o_2", "x"], b":1\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:w_*"], b"*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:w_*", "DESC"], b"*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:w_*", "GET", "#", "GET", "so6:o_*", "GET", "so6:h_*->f", "GET", "nokey"], b"*12\r\n$1\r\n3\r\n$-1\r\n$2\r\n20\r\n$-1\r\n$1\r\n2\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\n1\r\n$3\r\none\r\n$3\r\nhf1\r\n$-1\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:h_*->f"], b"-ERR One or more scores can't be converted into double\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:h_*->"], b"*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        Step::Cmd(&["SORT", "so6:l", "GET", "so6:h_*->"], b"*3\r\n$-1\r\n$-1\r\n$-1\r\n"),
        Step::Cmd(&["SORT", "so6:l", "GET", "so6:h_*->->x"], b"*3\r\n$5\r\narrow\r\n$-1\r\n$-1\r\n"),
        Step::Cmd(&["SORT", "so6:l", "GET", "*->f", "GET", "#x", "GET", "", "GET", "*", "GET", "#\0x", "GET", "\0*"], b"*18\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\n1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\n2\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$1\r\n3\r\n$-1\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:w_*", "ALPHA"], b"*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:w_*", "ALPHA", "DESC"], b"*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:w_*", "LIMIT", "0", "2", "DESC"], b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
        Step::Cmd(&["SORT", "so6:l", "BY", "so6:w_*", "GET", "#", "GET", "so6:o_*", "STORE", "so6:dst"], b":6\r\n"),
        Step::Cmd(&["LRANGE", "so6:dst", "0", "-1"], b"*6\r\n$1\r\n3\r\n$0\r\n\r\n$1\r\n2\r\n$0\r\n\r\n$1\r\n1\r\n$3\r\none\r\n"),
    ]);
}

/// BY nosort keeps a list's or sorted set's order (DESC reverses it, LIMIT applies to it); a later BY with a star does not undo it.
#[test]
fn by_without_a_star_keeps_the_order() {
    run(&[
        Step::Cmd(&["RPUSH", "so7:l", "3", "1", "2", "10"], b":4\r\n"),
        Step::Cmd(&["SET", "so7:w_1", "9"], b"+OK\r\n"),
        Step::Cmd(
            &["SORT", "so7:l", "BY", "nosort"],
            b"*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:l", "BY", "nosort", "DESC"],
            b"*4\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:l", "BY", "nosort", "LIMIT", "1", "2"],
            b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:l", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
            b"*2\r\n$1\r\n2\r\n$1\r\n1\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:l", "BY", "nosort", "BY", "so7:w_*"],
            b"*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:l", "BY", "so7:w_\0*"],
            b"*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:l", "BY", "nosort", "STORE", "so7:d"],
            b":4\r\n",
        ),
        Step::Cmd(
            &["LRANGE", "so7:d", "0", "-1"],
            b"*4\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n$2\r\n10\r\n",
        ),
        Step::Cmd(
            &["ZADD", "so7:z", "1", "b", "2", "a", "3", "10", "5", "c"],
            b":4\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:z", "BY", "nosort"],
            b"*4\r\n$1\r\nb\r\n$1\r\na\r\n$2\r\n10\r\n$1\r\nc\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:z", "BY", "nosort", "ALPHA", "DESC"],
            b"*4\r\n$1\r\nc\r\n$2\r\n10\r\n$1\r\na\r\n$1\r\nb\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:z", "BY", "nosort", "LIMIT", "-1", "2"],
            b"*2\r\n$1\r\nb\r\n$1\r\na\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:z", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
            b"*2\r\n$2\r\n10\r\n$1\r\na\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:z", "BY", "nosort", "DESC", "LIMIT", "3", "10"],
            b"*1\r\n$1\r\nb\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:z", "BY", "nosort", "DESC", "LIMIT", "4", "10"],
            b"*0\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:z", "BY", "nosort", "DESC", "LIMIT", "0", "0"],
            b"*0\r\n",
        ),
        Step::Cmd(&["SADD", "so7:s", "b", "c", "a", "10", "9"], b":5\r\n"),
        Step::Cmd(
            &["SORT", "so7:s", "BY", "nosort", "STORE", "so7:d"],
            b":5\r\n",
        ),
        Step::Cmd(
            &["LRANGE", "so7:d", "0", "-1"],
            b"*5\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
        ),
        Step::Cmd(
            &[
                "SORT", "so7:s", "BY", "nosort", "DESC", "LIMIT", "1", "3", "STORE", "so7:d",
            ],
            b":3\r\n",
        ),
        Step::Cmd(
            &["LRANGE", "so7:d", "0", "-1"],
            b"*3\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\n9\r\n",
        ),
        Step::Cmd(
            &["SORT", "so7:s", "BY", "so7:w_*", "STORE", "so7:d"],
            b":5\r\n",
        ),
        Step::Cmd(
            &["LRANGE", "so7:d", "0", "-1"],
            b"*5\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
        ),
    ]);
}

/// A negative offset is 0, a negative count means the rest, offsets past the end give nothing, huge values are clamped.
#[test]
fn limit_offsets_and_counts() {
    run(&[
        Step::Cmd(&["RPUSH", "so8:l", "5", "4", "3", "2", "1"], b":5\r\n"),
        Step::Cmd(
            &["SORT", "so8:l", "LIMIT", "-5", "2"],
            b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n",
        ),
        Step::Cmd(&["SORT", "so8:l", "LIMIT", "4", "2"], b"*1\r\n$1\r\n5\r\n"),
        Step::Cmd(&["SORT", "so8:l", "LIMIT", "5", "2"], b"*0\r\n"),
        Step::Cmd(&["SORT", "so8:l", "LIMIT", "100", "-1"], b"*0\r\n"),
        Step::Cmd(&["SORT", "so8:l", "LIMIT", "0", "0"], b"*0\r\n"),
        Step::Cmd(
            &["SORT", "so8:l", "LIMIT", "1", "-3"],
            b"*4\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n",
        ),
        Step::Cmd(
            &[
                "SORT",
                "so8:l",
                "LIMIT",
                "9223372036854775807",
                "9223372036854775807",
            ],
            b"*0\r\n",
        ),
        Step::Cmd(
            &[
                "SORT",
                "so8:l",
                "LIMIT",
                "-9223372036854775808",
                "-9223372036854775808",
            ],
            b"*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n",
        ),
        Step::Cmd(
            &["SORT", "so8:l", "LIMIT", "1", "9223372036854775807"],
            b"*4\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n",
        ),
        Step::Cmd(
            &["SORT", "so8:l", "LIMIT", "0", "1", "LIMIT", "2", "1"],
            b"*1\r\n$1\r\n3\r\n",
        ),
        Step::Cmd(
            &[
                "SORT",
                "so8:l",
                "BY",
                "nosort",
                "LIMIT",
                "1",
                "9223372036854775807",
            ],
            b"*4\r\n$1\r\n4\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n",
        ),
        Step::Cmd(
            &[
                "SORT",
                "so8:l",
                "BY",
                "nosort",
                "DESC",
                "LIMIT",
                "3",
                "9223372036854775807",
            ],
            b"*2\r\n$1\r\n4\r\n$1\r\n5\r\n",
        ),
        Step::Cmd(
            &["SORT", "so8:l", "GET", "#", "GET", "#", "LIMIT", "0", "2"],
            b"*4\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n2\r\n",
        ),
        Step::Cmd(
            &["SORT", "so8:l", "LIMIT", "0", "0", "STORE", "so8:d"],
            b":0\r\n",
        ),
        Step::Cmd(&["EXISTS", "so8:d"], b":0\r\n"),
        Step::Cmd(
            &[
                "SORT", "so8:l", "LIMIT", "0", "1", "GET", "x", "GET", "y", "STORE", "so8:d",
            ],
            b":2\r\n",
        ),
        Step::Cmd(
            &["LRANGE", "so8:d", "0", "-1"],
            b"*2\r\n$0\r\n\r\n$0\r\n\r\n",
        ),
    ]);
}

/// STORE writes a list whatever the destination held, drops its TTL, deletes it when empty; the last STORE wins.
#[test]
fn store_replaces_the_destination() {
    run(&[
        Step::Cmd(&["SET", "so9:d", "v"], b"+OK\r\n"),
        Step::Cmd(&["EXPIRE", "so9:d", "100"], b":1\r\n"),
        Step::Cmd(&["SORT", "so9:none", "STORE", "so9:d"], b":0\r\n"),
        Step::Cmd(&["EXISTS", "so9:d"], b":0\r\n"),
        Step::Cmd(&["RPUSH", "so9:l", "2", "1"], b":2\r\n"),
        Step::Cmd(&["SET", "so9:d", "x"], b"+OK\r\n"),
        Step::Cmd(&["EXPIRE", "so9:d", "100"], b":1\r\n"),
        Step::Cmd(&["SORT", "so9:l", "STORE", "so9:d"], b":2\r\n"),
        Step::Cmd(&["TTL", "so9:d"], b":-1\r\n"),
        Step::Cmd(&["TYPE", "so9:d"], b"+list\r\n"),
        Step::Cmd(
            &["LRANGE", "so9:d", "0", "-1"],
            b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n",
        ),
        Step::Cmd(&["SORT", "so9:l", "DESC", "STORE", "so9:l"], b":2\r\n"),
        Step::Cmd(
            &["LRANGE", "so9:l", "0", "-1"],
            b"*2\r\n$1\r\n2\r\n$1\r\n1\r\n",
        ),
        Step::Cmd(
            &["SORT", "so9:l", "STORE", "so9:d2", "STORE", "so9:d3"],
            b":2\r\n",
        ),
        Step::Cmd(&["EXISTS", "so9:d2"], b":0\r\n"),
        Step::Cmd(
            &["LRANGE", "so9:d3", "0", "-1"],
            b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n",
        ),
    ]);
}

/// Options come before the type check; SORT_RO has no STORE; LIMIT takes integers.
#[test]
fn errors() {
    run(&[
        Step::Cmd(&["SET", "so10:s", "x"], b"+OK\r\n"),
        Step::Cmd(
            &["SORT", "so10:s"],
            b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        Step::Cmd(
            &["SORT_RO", "so10:s"],
            b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        Step::Cmd(&["SORT", "so10:s", "foo"], b"-ERR syntax error\r\n"),
        Step::Cmd(&["SORT", "so10:none", "foo"], b"-ERR syntax error\r\n"),
        Step::Cmd(
            &["SORT", "so10:s", "LIMIT", "x", "1"],
            b"-ERR value is not an integer or out of range\r\n",
        ),
        Step::Cmd(
            &["SORT", "so10:s", "STORE", "so10:d"],
            b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        Step::Cmd(&["HSET", "so10:h", "a", "1"], b":1\r\n"),
        Step::Cmd(
            &["SORT", "so10:h"],
            b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ),
        Step::Cmd(&["RPUSH", "so10:l", "1"], b":1\r\n"),
        Step::Cmd(
            &["SORT_RO", "so10:l", "STORE", "so10:d"],
            b"-ERR syntax error\r\n",
        ),
        Step::Cmd(&["SORT", "so10:l", "STORE"], b"-ERR syntax error\r\n"),
        Step::Cmd(&["SORT", "so10:l", "BY"], b"-ERR syntax error\r\n"),
        Step::Cmd(&["SORT", "so10:l", "GET"], b"-ERR syntax error\r\n"),
        Step::Cmd(&["SORT", "so10:l", "LIMIT", "0"], b"-ERR syntax error\r\n"),
        Step::Cmd(
            &["SORT", "so10:l", "LIMIT", "0", "x"],
            b"-ERR value is not an integer or out of range\r\n",
        ),
        Step::Cmd(
            &["SORT", "so10:l", "LIMIT", "x", "y", "foo"],
            b"-ERR value is not an integer or out of range\r\n",
        ),
        Step::Cmd(
            &["SORT", "so10:l", "limit", "0", "1", "foo"],
            b"-ERR syntax error\r\n",
        ),
        Step::Cmd(
            &["SORT"],
            b"-ERR wrong number of arguments for 'sort' command\r\n",
        ),
        Step::Cmd(
            &["SORT_RO"],
            b"-ERR wrong number of arguments for 'sort_ro' command\r\n",
        ),
    ]);
}

/// Under RESP3 missing GET values are nulls; STORE replies an integer.
#[test]
fn resp3_replies() {
    run(&[
        Step::Cmd(&["RPUSH", "so11:l", "2", "1"], b":2\r\n"),
        Step::Cmd(&["SET", "so11:o_1", "one"], b"+OK\r\n"),
        Step::Hello3,
        Step::Cmd(
            &["SORT", "so11:l", "GET", "#", "GET", "so11:o_*"],
            b"*4\r\n$1\r\n1\r\n$3\r\none\r\n$1\r\n2\r\n_\r\n",
        ),
        Step::Cmd(
            &["SORT_RO", "so11:l", "DESC"],
            b"*2\r\n$1\r\n2\r\n$1\r\n1\r\n",
        ),
        Step::Cmd(&["SORT", "so11:none"], b"*0\r\n"),
        Step::Cmd(&["SORT", "so11:l", "STORE", "so11:d"], b":2\r\n"),
    ]);
}

/// The sorted key and the last STORE with an argument; LIMIT, GET and BY arguments are skipped.
#[test]
fn command_getkeys_finds_the_store_destination() {
    run(&[
        Step::Cmd(&["COMMAND", "GETKEYS", "sort", "a", "store", "b"], b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
        Step::Cmd(&["COMMAND", "GETKEYSANDFLAGS", "sort", "a", "by", "x", "get", "y", "store", "b", "limit", "0", "1"], b"*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nb\r\n*2\r\n+OW\r\n+update\r\n"),
        Step::Cmd(&["COMMAND", "GETKEYS", "sort", "a"], b"*1\r\n$1\r\na\r\n"),
        Step::Cmd(&["COMMAND", "GETKEYS", "sort_ro", "a", "store", "b"], b"*1\r\n$1\r\na\r\n"),
        Step::Cmd(&["COMMAND", "GETKEYS", "sort", "a", "store"], b"*1\r\n$1\r\na\r\n"),
        Step::Cmd(&["COMMAND", "GETKEYS", "sort", "a", "limit", "1", "store", "b"], b"*1\r\n$1\r\na\r\n"),
        Step::Cmd(&["COMMAND", "GETKEYS", "sort", "a", "store", "store", "b"], b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"),
        Step::Cmd(&["COMMAND", "GETKEYS", "sort", "a", "store", "b", "STORE", "c"], b"*2\r\n$1\r\na\r\n$1\r\nc\r\n"),
        Step::Cmd(&["COMMAND", "GETKEYS", "sort", "a", "get", "store", "b"], b"*1\r\n$1\r\na\r\n"),
    ]);
}

/// The descriptions, key specs with notes and unknown searches included.
#[test]
fn command_info_and_docs() {
    run(&[
        Step::Cmd(&["COMMAND", "INFO", "sort", "sort_ro"], b"*2\r\n*10\r\n$4\r\nsort\r\n:-2\r\n*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*6\r\n+@write\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n*0\r\n*3\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*8\r\n$5\r\nnotes\r\n$120\r\nFor the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*8\r\n$5\r\nnotes\r\n$116\r\nFor the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array\r\n$5\r\nflags\r\n*2\r\n+OW\r\n+update\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n*10\r\n$7\r\nsort_ro\r\n:-2\r\n*2\r\n+readonly\r\n+movablekeys\r\n:1\r\n:1\r\n:1\r\n*6\r\n+@read\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n*0\r\n*2\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*8\r\n$5\r\nnotes\r\n$120\r\nFor the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$7\r\nunknown\r\n$4\r\nspec\r\n*0\r\n*0\r\n"),
        Step::Cmd(&["COMMAND", "DOCS", "sort_ro"], b"*2\r\n$7\r\nsort_ro\r\n*10\r\n$7\r\nsummary\r\n$74\r\nSort the elements in a list, set or sorted set. Read-only variant of SORT.\r\n$5\r\nsince\r\n$5\r\n7.0.0\r\n$5\r\ngroup\r\n$7\r\ngeneric\r\n$10\r\ncomplexity\r\n$168\r\nO(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).\r\n$9\r\narguments\r\n*6\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n*10\r\n$4\r\nname\r\n$7\r\npattern\r\n$4\r\ntype\r\n$7\r\npattern\r\n$14\r\nkey_spec_index\r\n:1\r\n$5\r\ntoken\r\n$2\r\nBY\r\n$5\r\nflags\r\n*1\r\n+optional\r\n*10\r\n$4\r\nname\r\n$12\r\noffset_count\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$5\r\nLIMIT\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n*4\r\n$4\r\nname\r\n$6\r\noffset\r\n$4\r\ntype\r\n$7\r\ninteger\r\n*4\r\n$4\r\nname\r\n$5\r\ncount\r\n$4\r\ntype\r\n$7\r\ninteger\r\n*10\r\n$4\r\nname\r\n$7\r\npattern\r\n$4\r\ntype\r\n$7\r\npattern\r\n$14\r\nkey_spec_index\r\n:1\r\n$5\r\ntoken\r\n$3\r\nGET\r\n$5\r\nflags\r\n*3\r\n+optional\r\n+multiple\r\n+multiple_token\r\n*8\r\n$4\r\nname\r\n$5\r\norder\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n*6\r\n$4\r\nname\r\n$3\r\nasc\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$3\r\nASC\r\n*6\r\n$4\r\nname\r\n$4\r\ndesc\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nDESC\r\n*8\r\n$4\r\nname\r\n$7\r\nsorting\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$5\r\nALPHA\r\n$5\r\nflags\r\n*1\r\n+optional\r\n"),
    ]);
}

/// The (hits, misses) INFO reports.
fn keyspace_stats(h: &mut Harness, c: &mut Client) -> (u64, u64) {
    let info = String::from_utf8(send(h, c, &["INFO", "stats"])).unwrap();
    let read = |name: &str| -> u64 {
        let line = info.lines().find(|l| l.starts_with(name)).unwrap();
        line[name.len()..].parse().unwrap()
    };
    (read("keyspace_hits:"), read("keyspace_misses:"))
}

/// Every lookup counts, the sorted key's and each pattern's, with STORE
/// too; BY nosort and GET without a star look nothing up (counts recorded
/// from redis-server 7.0.15).
#[test]
fn every_lookup_counts_a_hit_or_a_miss() {
    let mut h = Harness::new();
    let mut c = h.client();
    for args in [&["RPUSH", "l", "1", "2", "3"][..], &["SET", "w_1", "30"]] {
        send(&mut h, &mut c, args);
    }
    send(&mut h, &mut c, &["CONFIG", "RESETSTAT"]);
    let steps: &[(&[&str], (u64, u64))] = &[
        (&["SORT", "l", "BY", "w_*"], (2, 2)),
        (&["SORT", "l", "BY", "w_*", "STORE", "d"], (4, 4)),
        (&["SORT", "l", "GET", "#", "GET", "w_*"], (6, 6)),
        (&["SORT", "nokey", "STORE", "d"], (6, 7)),
        (&["SORT", "l", "BY", "nosort", "GET", "nostar"], (7, 7)),
    ];
    for (args, expected) in steps {
        send(&mut h, &mut c, args);
        assert_eq!(keyspace_stats(&mut h, &mut c), *expected, "{args:?}");
    }
}

/// Sorting a sorted set converts it to its large form, as Redis's SORT
/// does (SORT_RO and BY nosort too).
#[test]
fn sorting_a_sorted_set_converts_it() {
    let mut h = Harness::new();
    let mut c = h.client();
    send(&mut h, &mut c, &["ZADD", "z", "1", "a"]);
    send(&mut h, &mut c, &["ZADD", "y", "1", "a"]);
    assert_eq!(
        send(&mut h, &mut c, &["OBJECT", "ENCODING", "z"]),
        b"$8\r\nlistpack\r\n"
    );
    assert_eq!(
        send(&mut h, &mut c, &["SORT_RO", "z", "ALPHA"]),
        b"*1\r\n$1\r\na\r\n"
    );
    assert_eq!(
        send(&mut h, &mut c, &["OBJECT", "ENCODING", "z"]),
        b"$8\r\nskiplist\r\n"
    );
    assert_eq!(
        send(&mut h, &mut c, &["SORT", "y", "BY", "nosort"]),
        b"*1\r\n$1\r\na\r\n"
    );
    assert_eq!(
        send(&mut h, &mut c, &["OBJECT", "ENCODING", "y"]),
        b"$8\r\nskiplist\r\n"
    );
    // A refused sort converts nothing: options are read first.
    send(&mut h, &mut c, &["ZADD", "x", "1", "a"]);
    assert_eq!(
        send(&mut h, &mut c, &["SORT", "x", "bad"]),
        b"-ERR syntax error\r\n"
    );
    assert_eq!(
        send(&mut h, &mut c, &["OBJECT", "ENCODING", "x"]),
        b"$8\r\nlistpack\r\n"
    );
}

/// SORT is described write and denyoom, so over maxmemory it is refused
/// even without STORE (as Redis refuses it); SORT_RO still runs.
#[test]
fn sort_is_refused_over_maxmemory_even_without_store() {
    let (mut h, mut c) = support::with_eviction(EvictionPolicy::NoEviction, 2_000);
    send(&mut h, &mut c, &["RPUSH", "l", "2", "1"]);
    let mut i = 0;
    while !send(&mut h, &mut c, &["SET", &format!("key{i}"), "value"]).starts_with(b"-OOM") {
        i += 1;
        assert!(i < 1000, "never refused");
    }
    const OOM: &[u8] = b"-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    assert_eq!(send(&mut h, &mut c, &["SORT", "l"]), OOM);
    assert_eq!(send(&mut h, &mut c, &["SORT", "l", "STORE", "d"]), OOM);
    assert_eq!(send(&mut h, &mut c, &["SORT", "nokey"]), OOM);
    assert_eq!(
        send(&mut h, &mut c, &["SORT_RO", "l"]),
        b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n"
    );
}

/// Under eviction SORT ... STORE never ends above the limit and spares the
/// list it stored, wherever STORE is among the options.
#[test]
fn sort_store_under_eviction_spares_its_destination() {
    let (mut h, mut c) = support::with_eviction(EvictionPolicy::AllKeysLru, 6_000);
    send(&mut h, &mut c, &["RPUSH", "src", "3", "1", "2"]);
    for i in 0..200 {
        let destination = format!("destination-with-a-long-name-{i}");
        assert_eq!(
            send(
                &mut h,
                &mut c,
                &["SORT", "src", "STORE", &destination, "LIMIT", "0", "2"]
            ),
            b":2\r\n",
            "{i}"
        );
        assert!(h.server.used_memory() <= 6_000, "after SORT {i}");
        assert_eq!(
            send(&mut h, &mut c, &["EXISTS", &destination]),
            b":1\r\n",
            "{i}"
        );
        // The source may go; it then sorts as empty.
        send(&mut h, &mut c, &["RPUSH", "src", "3", "1", "2"]);
    }
}
