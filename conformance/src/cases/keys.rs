//! DEL, EXISTS, EXPIRE family, TTL, TYPE, DBSIZE, FLUSHDB/FLUSHALL, and
//! lazy expiry as every command sees it.

use crate::case::Case;
use crate::shapes;

const NOT_INT: &str = "-ERR value is not an integer or out of range\r\n";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("keys: DEL counts")
            .cmd(&["SET", "k1:a", "1"], "+OK\r\n")
            .cmd(&["SET", "k1:b", "1"], "+OK\r\n")
            .cmd(&["DEL", "k1:a", "k1:b", "k1:c"], ":2\r\n")
            .cmd(&["DEL", "k1:a"], ":0\r\n")
            .cmd(&["SET", "k1:a", "1"], "+OK\r\n")
            .cmd(&["DEL", "k1:a", "k1:a"], ":1\r\n")
            .cmd(
                &["DEL"],
                "-ERR wrong number of arguments for 'del' command\r\n",
            ),
        Case::new("keys: EXISTS counts duplicates")
            .cmd(&["SET", "k2:a", "1"], "+OK\r\n")
            .cmd(&["EXISTS", "k2:a", "k2:a", "k2:c"], ":2\r\n")
            .cmd(&["EXISTS", "k2:c"], ":0\r\n")
            .cmd(
                &["EXISTS"],
                "-ERR wrong number of arguments for 'exists' command\r\n",
            ),
        Case::new("keys: EXPIRE NX/XX/GT/LT")
            .cmd(&["SET", "k3:e", "1"], "+OK\r\n")
            .cmd(&["EXPIRE", "k3:e", "100", "XX"], ":0\r\n")
            .cmd(&["TTL", "k3:e"], ":-1\r\n")
            .cmd(&["EXPIRE", "k3:e", "10", "GT"], ":0\r\n")
            .cmd(&["EXPIRE", "k3:e", "100", "NX"], ":1\r\n")
            .cmd(&["EXPIRE", "k3:e", "100", "NX"], ":0\r\n")
            .cmd(&["EXPIRE", "k3:e", "200", "GT"], ":1\r\n")
            .cmd(&["EXPIRE", "k3:e", "50", "GT"], ":0\r\n")
            .cmd(&["EXPIRE", "k3:e", "50", "LT"], ":1\r\n")
            .cmd(&["EXPIRE", "k3:e", "500", "LT"], ":0\r\n")
            .cmd(&["EXPIRE", "k3:e", "60", "xx"], ":1\r\n")
            .cmd_shape(&["TTL", "k3:e"], "TTL in 59..=60", shapes::int_in(59, 60))
            .cmd(&["SET", "k3:p", "1"], "+OK\r\n")
            .cmd(&["EXPIRE", "k3:p", "10", "LT"], ":1\r\n")
            .cmd_shape(&["TTL", "k3:p"], "TTL in 9..=10", shapes::int_in(9, 10))
            .cmd(&["EXPIRE", "k3:missing", "10"], ":0\r\n"),
        Case::new("keys: EXPIRE errors")
            .cmd(&["SET", "k4:e", "1"], "+OK\r\n")
            .cmd(
                &["EXPIRE", "k4:e", "10", "NX", "XX"],
                "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            )
            .cmd(
                &["EXPIRE", "k4:e", "10", "GT", "LT"],
                "-ERR GT and LT options at the same time are not compatible\r\n",
            )
            .cmd(
                &["EXPIRE", "k4:e", "10", "FOO"],
                "-ERR Unsupported option FOO\r\n",
            )
            .cmd(&["EXPIRE", "k4:e", "x"], NOT_INT)
            .cmd(
                &["EXPIRE", "k4:e", "9223372036854775807"],
                "-ERR invalid expire time in 'expire' command\r\n",
            )
            .cmd(
                &["PEXPIRE", "k4:e", "9223372036854775807"],
                "-ERR invalid expire time in 'pexpire' command\r\n",
            )
            .cmd(
                &["EXPIRE", "k4:e"],
                "-ERR wrong number of arguments for 'expire' command\r\n",
            )
            .cmd(&["TTL", "k4:e"], ":-1\r\n"),
        Case::new("keys: PEXPIRE and PTTL")
            .cmd(&["SET", "k5:p", "1"], "+OK\r\n")
            .cmd(&["PEXPIRE", "k5:p", "100000", "GT"], ":0\r\n")
            .cmd(&["PEXPIRE", "k5:p", "100000"], ":1\r\n")
            .cmd_shape(
                &["PTTL", "k5:p"],
                "PTTL in 99000..=100000",
                shapes::int_in(99_000, 100_000),
            )
            .cmd(&["PEXPIRE", "k5:p", "5000", "XX"], ":1\r\n")
            .cmd_shape(
                &["PTTL", "k5:p"],
                "PTTL in 4000..=5000",
                shapes::int_in(4_000, 5_000),
            )
            .cmd_shape(&["TTL", "k5:p"], "TTL in 4..=5", shapes::int_in(4, 5)),
        Case::new("keys: EXPIRE with zero or negative deletes")
            .cmd(&["SET", "k6:t", "1"], "+OK\r\n")
            .cmd(&["EXPIRE", "k6:t", "0"], ":1\r\n")
            .cmd(&["EXISTS", "k6:t"], ":0\r\n")
            .cmd(&["SET", "k6:t", "1"], "+OK\r\n")
            .cmd(&["EXPIRE", "k6:t", "-5"], ":1\r\n")
            .cmd(&["GET", "k6:t"], "$-1\r\n")
            .cmd(&["SET", "k6:t", "1"], "+OK\r\n")
            .cmd(&["PEXPIRE", "k6:t", "-5"], ":1\r\n")
            .cmd(&["GET", "k6:t"], "$-1\r\n"),
        Case::new("keys: PERSIST")
            .cmd(&["SET", "k7:p", "1", "EX", "100"], "+OK\r\n")
            .cmd(&["PERSIST", "k7:p"], ":1\r\n")
            .cmd(&["PERSIST", "k7:p"], ":0\r\n")
            .cmd(&["TTL", "k7:p"], ":-1\r\n")
            .cmd(&["PTTL", "k7:p"], ":-1\r\n")
            .cmd(&["PERSIST", "k7:missing"], ":0\r\n"),
        Case::new("keys: TTL/PTTL of missing and persistent keys")
            .cmd(&["TTL", "k8:missing"], ":-2\r\n")
            .cmd(&["PTTL", "k8:missing"], ":-2\r\n")
            .cmd(&["SET", "k8:k", "1"], "+OK\r\n")
            .cmd(&["TTL", "k8:k"], ":-1\r\n")
            .cmd(&["PTTL", "k8:k"], ":-1\r\n"),
        Case::new("keys: TYPE")
            .cmd(&["SET", "k9:s", "1"], "+OK\r\n")
            .cmd(&["LPUSH", "k9:l", "1"], ":1\r\n")
            .cmd(&["TYPE", "k9:s"], "+string\r\n")
            .cmd(&["TYPE", "k9:l"], "+list\r\n")
            .cmd(&["TYPE", "k9:n"], "+none\r\n"),
        Case::new("keys: DBSIZE, FLUSHDB, FLUSHALL")
            .cmd(&["FLUSHALL"], "+OK\r\n")
            .cmd(&["DBSIZE"], ":0\r\n")
            .pipeline(
                &[&["SET", "a", "1"], &["SET", "b", "1"], &["DBSIZE"]],
                "+OK\r\n+OK\r\n:2\r\n",
            )
            .pipeline(
                &[
                    &["SELECT", "1"],
                    &["DBSIZE"],
                    &["SET", "c", "1"],
                    &["DBSIZE"],
                    &["FLUSHDB"],
                    &["DBSIZE"],
                    &["SELECT", "0"],
                    &["DBSIZE"],
                ],
                "+OK\r\n:0\r\n+OK\r\n:1\r\n+OK\r\n:0\r\n+OK\r\n:2\r\n",
            )
            .pipeline(
                &[&["SELECT", "2"], &["SET", "d", "1"], &["SELECT", "0"]],
                "+OK\r\n+OK\r\n+OK\r\n",
            )
            .cmd(&["FLUSHALL"], "+OK\r\n")
            .cmd(&["DBSIZE"], ":0\r\n")
            .pipeline(&[&["SELECT", "2"], &["DBSIZE"]], "+OK\r\n:0\r\n")
            .cmd(&["FLUSHALL", "SYNC"], "+OK\r\n")
            .cmd(&["FLUSHDB", "ASYNC"], "+OK\r\n")
            .cmd(&["FLUSHALL", "FOO"], "-ERR syntax error\r\n")
            .cmd(
                &["DBSIZE", "x"],
                "-ERR wrong number of arguments for 'dbsize' command\r\n",
            ),
        Case::new("expiry: a key set with PX 50 is gone after 120 ms for every command")
            .pipeline(
                &[
                    &["SET", "x:get", "v", "PX", "50"],
                    &["SET", "x:exists", "v", "PX", "50"],
                    &["SET", "x:ttl", "v", "PX", "50"],
                    &["SET", "x:pttl", "v", "PX", "50"],
                    &["SET", "x:del", "v", "PX", "50"],
                    &["SET", "x:expire", "v", "PX", "50"],
                    &["SET", "x:lpush", "v", "PX", "50"],
                    &["SET", "x:type", "v", "PX", "50"],
                    &["SET", "x:setnx", "v", "PX", "50"],
                    &["SET", "x:persist", "v", "PX", "50"],
                ],
                "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n",
            )
            .sleep_ms(120)
            .cmd(&["GET", "x:get"], "$-1\r\n")
            .cmd(&["EXISTS", "x:exists"], ":0\r\n")
            .cmd(&["TTL", "x:ttl"], ":-2\r\n")
            .cmd(&["PTTL", "x:pttl"], ":-2\r\n")
            .cmd(&["DEL", "x:del"], ":0\r\n")
            .cmd(&["EXPIRE", "x:expire", "100"], ":0\r\n")
            .cmd(&["EXISTS", "x:expire"], ":0\r\n")
            .cmd(&["LPUSH", "x:lpush", "a"], ":1\r\n")
            .cmd(&["TYPE", "x:lpush"], "+list\r\n")
            .cmd(&["TYPE", "x:type"], "+none\r\n")
            .cmd(&["SET", "x:setnx", "w", "NX"], "+OK\r\n")
            .cmd(&["TTL", "x:setnx"], ":-1\r\n")
            .cmd(&["PERSIST", "x:persist"], ":0\r\n")
            .cmd(&["DEL", "x:lpush", "x:setnx"], ":2\r\n"),
    ]
}
