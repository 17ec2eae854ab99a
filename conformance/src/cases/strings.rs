//! GET, SET and its options, SETEX, PSETEX.

use crate::case::Case;
use crate::shapes;

const SYNTAX: &str = "-ERR syntax error\r\n";
const NOT_INT: &str = "-ERR value is not an integer or out of range\r\n";
const BAD_EXPIRE_SET: &str = "-ERR invalid expire time in 'set' command\r\n";
const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("strings: SET and GET")
            .cmd(&["GET", "s1:k"], "$-1\r\n")
            .cmd(&["SET", "s1:k", "v"], "+OK\r\n")
            .cmd(&["GET", "s1:k"], "$1\r\nv\r\n")
            .cmd(&["SET", "s1:k", ""], "+OK\r\n")
            .cmd(&["GET", "s1:k"], "$0\r\n\r\n")
            .cmd(&["SET", "s1:k", "overwritten"], "+OK\r\n")
            .cmd(&["GET", "s1:k"], "$11\r\noverwritten\r\n"),
        Case::new("strings: SET NX / XX")
            .cmd(&["SET", "s2:k", "v"], "+OK\r\n")
            .cmd(&["SET", "s2:k", "w", "NX"], "$-1\r\n")
            .cmd(&["SET", "s2:k", "w", "XX"], "+OK\r\n")
            .cmd(&["SET", "s2:n", "w", "XX"], "$-1\r\n")
            .cmd(&["GET", "s2:n"], "$-1\r\n")
            .cmd(&["SET", "s2:n", "w", "nx"], "+OK\r\n")
            .cmd(&["GET", "s2:k"], "$1\r\nw\r\n"),
        Case::new("strings: SET GET")
            .cmd(&["SET", "s3:k", "a"], "+OK\r\n")
            .cmd(&["SET", "s3:k", "b", "GET"], "$1\r\na\r\n")
            .cmd(&["SET", "s3:none", "z", "GET"], "$-1\r\n")
            .cmd(&["GET", "s3:none"], "$1\r\nz\r\n")
            .cmd(&["SET", "s3:k", "c", "NX", "GET"], "$1\r\nb\r\n")
            .cmd(&["GET", "s3:k"], "$1\r\nb\r\n"),
        Case::new("strings: SET EX / PX / EXAT / PXAT")
            .cmd(&["SET", "s4:k", "v", "EX", "100"], "+OK\r\n")
            .cmd_shape(&["TTL", "s4:k"], "TTL in 99..=100", shapes::int_in(99, 100))
            .cmd(&["SET", "s4:k", "v", "PX", "100000"], "+OK\r\n")
            .cmd_shape(
                &["PTTL", "s4:k"],
                "PTTL in 99000..=100000",
                shapes::int_in(99_000, 100_000),
            )
            .cmd(&["SET", "s4:k", "v", "EXAT", "4000000000"], "+OK\r\n")
            .cmd_shape(
                &["TTL", "s4:k"],
                "TTL until the year 2096",
                shapes::int_in(1, 4_000_000_000),
            )
            .cmd(&["SET", "s4:k", "v", "PXAT", "4000000000000"], "+OK\r\n")
            .cmd_shape(
                &["PTTL", "s4:k"],
                "PTTL until the year 2096",
                shapes::int_in(1, 4_000_000_000_000),
            )
            .cmd(&["SET", "s4:k", "v", "ex", "100"], "+OK\r\n")
            .cmd(&["SET", "s4:k", "plain"], "+OK\r\n")
            .cmd(&["TTL", "s4:k"], ":-1\r\n"),
        Case::new("strings: SET KEEPTTL")
            .cmd(&["SET", "s5:k", "v", "EX", "100"], "+OK\r\n")
            .cmd(&["SET", "s5:k", "v2", "KEEPTTL"], "+OK\r\n")
            .cmd_shape(&["TTL", "s5:k"], "TTL in 99..=100", shapes::int_in(99, 100))
            .cmd(&["GET", "s5:k"], "$2\r\nv2\r\n")
            .cmd(&["SET", "s5:k", "v3"], "+OK\r\n")
            .cmd(&["TTL", "s5:k"], ":-1\r\n"),
        Case::new("strings: SET option errors")
            .cmd(&["SET", "s6:k", "v", "FOO"], SYNTAX)
            .cmd(&["SET", "s6:k", "v", "NX", "XX"], SYNTAX)
            .cmd(&["SET", "s6:k", "v", "EX", "10", "PX", "100"], SYNTAX)
            .cmd(&["SET", "s6:k", "v", "EX"], SYNTAX)
            .cmd(&["SET", "s6:k", "v", "KEEPTTL", "EX", "10"], SYNTAX)
            .cmd(&["SET", "s6:k", "v", "EX", "0"], BAD_EXPIRE_SET)
            .cmd(&["SET", "s6:k", "v", "EX", "-5"], BAD_EXPIRE_SET)
            .cmd(&["SET", "s6:k", "v", "PX", "0"], BAD_EXPIRE_SET)
            .cmd(&["SET", "s6:k", "v", "EXAT", "0"], BAD_EXPIRE_SET)
            .cmd(
                &["SET", "s6:k", "v", "EX", "9223372036854775807"],
                BAD_EXPIRE_SET,
            )
            .cmd(
                &["SET", "s6:k", "v", "PX", "9223372036854775807"],
                BAD_EXPIRE_SET,
            )
            .cmd(&["SET", "s6:k", "v", "EX", "abc"], NOT_INT)
            .cmd(&["SET", "s6:k", "v", "EX", "1.5"], NOT_INT)
            .cmd(&["SET", "s6:k", "v", "EX", "99999999999999999999"], NOT_INT)
            .cmd(
                &["SET", "s6:k"],
                "-ERR wrong number of arguments for 'set' command\r\n",
            )
            .cmd(&["EXISTS", "s6:k"], ":0\r\n"),
        Case::new("strings: SETEX / PSETEX")
            .cmd(&["SETEX", "s7:k", "100", "v"], "+OK\r\n")
            .cmd(&["GET", "s7:k"], "$1\r\nv\r\n")
            .cmd_shape(&["TTL", "s7:k"], "TTL in 99..=100", shapes::int_in(99, 100))
            .cmd(&["PSETEX", "s7:p", "100000", "v"], "+OK\r\n")
            .cmd_shape(
                &["PTTL", "s7:p"],
                "PTTL in 99000..=100000",
                shapes::int_in(99_000, 100_000),
            )
            .cmd(
                &["SETEX", "s7:k", "0", "v"],
                "-ERR invalid expire time in 'setex' command\r\n",
            )
            .cmd(
                &["PSETEX", "s7:k", "-1", "v"],
                "-ERR invalid expire time in 'psetex' command\r\n",
            )
            .cmd(&["SETEX", "s7:k", "x", "v"], NOT_INT)
            .cmd(
                &["SETEX", "s7:k", "100"],
                "-ERR wrong number of arguments for 'setex' command\r\n",
            ),
        Case::new("strings: WRONGTYPE on a list key")
            .cmd(&["LPUSH", "s8:l", "a"], ":1\r\n")
            .cmd(&["GET", "s8:l"], WRONGTYPE)
            .cmd(&["SET", "s8:l", "x", "GET"], WRONGTYPE)
            .cmd(&["SET", "s8:l", "x", "NX", "GET"], WRONGTYPE)
            .cmd(&["SET", "s8:l", "x"], "+OK\r\n")
            .cmd(&["GET", "s8:l"], "$1\r\nx\r\n"),
    ]
}
