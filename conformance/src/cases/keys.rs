//! DEL, EXISTS, EXPIRE family, TTL, TYPE, DBSIZE, FLUSHDB/FLUSHALL, and
//! lazy expiry as every command sees it; COPY, MOVE, RENAME, RENAMENX,
//! SWAPDB, TOUCH, UNLINK, OBJECT, KEYS, SCAN, RANDOMKEY (keys `ks:*`;
//! the cases that see a whole database use databases 12 and 13).

use crate::case::Case;
use crate::resp::Value;
use crate::shapes;

const NOT_INT: &str = "-ERR value is not an integer or out of range\r\n";

pub fn cases() -> Vec<Case> {
    let mut cases = vec![
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
    ];
    cases.extend(keyspace_cases());
    cases
}

const SAME: &str = "-ERR source and destination objects are the same\r\n";
const OUT_OF_RANGE: &str = "-ERR DB index is out of range\r\n";
const NOT_C_INT: &str =
    "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n";
const OBJECT_HELP: &str = "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n+    Return the kind of internal representation used in order to store the value\r\n+    associated with a <key>.\r\n+FREQ <key>\r\n+    Return the access frequency index of the <key>. The returned integer is\r\n+    proportional to the logarithm of the recent access frequency of the key.\r\n+IDLETIME <key>\r\n+    Return the idle time of the <key>, that is the approximated number of\r\n+    seconds elapsed since the last access to the key.\r\n+REFCOUNT <key>\r\n+    Return the number of references of the value associated with the specified\r\n+    <key>.\r\n+HELP\r\n+    Prints this help.\r\n";

/// The bulk strings of an array reply, sorted.
fn sorted_bulks(v: &Value) -> Option<Vec<Vec<u8>>> {
    let Value::Array(Some(items)) = v else {
        return None;
    };
    let mut keys = items
        .iter()
        .map(|item| match item {
            Value::Bulk(Some(b)) => Some(b.clone()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    keys.sort();
    Some(keys)
}

fn names(keys: &[&str]) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = keys.iter().map(|k| k.as_bytes().to_vec()).collect();
    keys.sort();
    keys
}

/// KEYS' reply: exactly these keys, in any order.
fn key_set(want: &'static [&'static str]) -> impl Fn(&Value) -> Result<(), String> + Send + Sync {
    move |v| match sorted_bulks(v) {
        Some(keys) if keys == names(want) => Ok(()),
        _ => Err(format!("expected the keys {want:?} in any order, got {v}")),
    }
}

/// SCAN's reply for a scan done in one call: cursor "0" and exactly these
/// keys, in any order.
fn whole_scan(
    want: &'static [&'static str],
) -> impl Fn(&Value) -> Result<(), String> + Send + Sync {
    move |v| match v {
        Value::Array(Some(parts))
            if parts.len() == 2
                && parts[0] == Value::Bulk(Some(b"0".to_vec()))
                && sorted_bulks(&parts[1]) == Some(names(want)) =>
        {
            Ok(())
        }
        _ => Err(format!("expected [\"0\", {want:?} in any order], got {v}")),
    }
}

/// RANDOMKEY's reply: one of these keys.
fn one_of(want: &'static [&'static str]) -> impl Fn(&Value) -> Result<(), String> + Send + Sync {
    move |v| match v {
        Value::Bulk(Some(key)) if want.iter().any(|k| k.as_bytes() == key.as_slice()) => Ok(()),
        _ => Err(format!("expected one of {want:?}, got {v}")),
    }
}

fn keyspace_cases() -> Vec<Case> {
    vec![
        Case::new("keys: COPY, options and errors")
            .cmd(&["SET", "ks:c1", "5", "PX", "100000"], "+OK\r\n")
            .cmd(&["COPY", "ks:c1", "ks:c2"], ":1\r\n")
            .cmd(&["COPY", "ks:c1", "ks:c2"], ":0\r\n")
            .cmd(&["COPY", "ks:c1", "ks:c2", "REPLACE"], ":1\r\n")
            .cmd_shape(&["PTTL", "ks:c2"], "the deadline copied", shapes::int_in(90_000, 100_000))
            .cmd(&["COPY", "ks:nokey", "ks:c3"], ":0\r\n")
            .cmd(&["COPY", "ks:c1", "ks:c1"], SAME)
            .cmd(&["COPY", "ks:c1", "ks:c1", "DB", "0"], SAME)
            .cmd(&["COPY", "ks:c1", "ks:c2", "DB", "16"], OUT_OF_RANGE)
            .cmd(&["COPY", "ks:c1", "ks:c2", "DB", "-1"], OUT_OF_RANGE)
            .cmd(&["COPY", "ks:c1", "ks:c2", "DB", "16", "FOO"], OUT_OF_RANGE)
            .cmd(&["COPY", "ks:c1", "ks:c2", "DB", "99999999999"], NOT_C_INT)
            .cmd(&["COPY", "ks:c1", "ks:c2", "DB", "x"], NOT_INT)
            .cmd(&["COPY", "ks:c1", "ks:c2", "DB"], "-ERR syntax error\r\n")
            .cmd(&["COPY", "ks:c1", "ks:c2", "FOO"], "-ERR syntax error\r\n")
            .cmd(&["COPY", "ks:c1", "ks:c2", "DB", "12", "REPLACE", "x"], "-ERR syntax error\r\n")
            .cmd(&["COPY", "ks:c1", "ks:c1", "DB", "12", "REPLACE"], ":1\r\n")
            .pipeline(&[&["SELECT", "12"], &["GET", "ks:c1"], &["DEL", "ks:c1"]], "+OK\r\n$1\r\n5\r\n:1\r\n")
            .cmd(&["COPY"], "-ERR wrong number of arguments for 'copy' command\r\n"),
        Case::new("keys: COPY of a list is deep")
            .cmd(&["RPUSH", "ks:cl", "a", "b"], ":2\r\n")
            .cmd(&["COPY", "ks:cl", "ks:cl2"], ":1\r\n")
            .cmd(&["RPUSH", "ks:cl2", "c"], ":3\r\n")
            .cmd(&["RPOP", "ks:cl"], "$1\r\nb\r\n")
            .cmd(&["RPOP", "ks:cl2"], "$1\r\nc\r\n")
            .cmd(&["DEL", "ks:cl", "ks:cl2"], ":2\r\n"),
        Case::new("keys: MOVE")
            .cmd(&["SET", "ks:m", "v", "EX", "100"], "+OK\r\n")
            .cmd(&["MOVE", "ks:m", "0"], SAME)
            .cmd(&["MOVE", "ks:nokey", "0"], SAME)
            .cmd(&["MOVE", "ks:m", "16"], OUT_OF_RANGE)
            .cmd(&["MOVE", "ks:m", "-1"], OUT_OF_RANGE)
            .cmd(&["MOVE", "ks:m", "x"], NOT_INT)
            .cmd(&["MOVE", "ks:m", "-0"], NOT_INT)
            .cmd(&["MOVE", "ks:m", "2147483648"], NOT_C_INT)
            .cmd(&["MOVE", "ks:nokey", "12"], ":0\r\n")
            .pipeline(&[&["SELECT", "12"], &["SET", "ks:m", "there"], &["SELECT", "0"]], "+OK\r\n+OK\r\n+OK\r\n")
            .cmd(&["MOVE", "ks:m", "12"], ":0\r\n")
            .cmd(&["MOVE", "ks:m", "13"], ":1\r\n")
            .cmd(&["EXISTS", "ks:m"], ":0\r\n")
            .pipeline(&[&["SELECT", "13"], &["GET", "ks:m"]], "+OK\r\n$1\r\nv\r\n")
            .cmd_shape(&["TTL", "ks:m"], "the deadline moved", shapes::int_in(99, 100))
            .cmd(&["MOVE", "ks:m", "12"], ":0\r\n")
            .pipeline(&[&["DEL", "ks:m"], &["SELECT", "12"], &["DEL", "ks:m"]], ":1\r\n+OK\r\n:1\r\n"),
        Case::new("keys: RENAME and RENAMENX")
            .cmd(&["RENAME", "ks:nokey", "ks:x"], "-ERR no such key\r\n")
            .cmd(&["RENAME", "ks:nokey", "ks:nokey"], "-ERR no such key\r\n")
            .cmd(&["RENAMENX", "ks:nokey", "ks:nokey"], "-ERR no such key\r\n")
            .cmd(&["SET", "ks:r", "x", "EX", "100"], "+OK\r\n")
            .cmd(&["RENAME", "ks:r", "ks:r"], "+OK\r\n")
            .cmd(&["RENAMENX", "ks:r", "ks:r"], ":0\r\n")
            .cmd(&["SET", "ks:t", "1"], "+OK\r\n")
            .cmd(&["RENAMENX", "ks:r", "ks:t"], ":0\r\n")
            .cmd(&["RENAME", "ks:r", "ks:t"], "+OK\r\n")
            .cmd(&["GET", "ks:t"], "$1\r\nx\r\n")
            .cmd_shape(&["TTL", "ks:t"], "the deadline renamed", shapes::int_in(99, 100))
            .cmd(&["EXISTS", "ks:r"], ":0\r\n")
            .cmd(&["RENAMENX", "ks:t", "ks:u"], ":1\r\n")
            .cmd(&["DEL", "ks:u"], ":1\r\n")
            .cmd(&["RENAME", "ks:a"], "-ERR wrong number of arguments for 'rename' command\r\n"),
        Case::new("keys: SWAPDB")
            .cmd(&["SWAPDB", "12", "16"], OUT_OF_RANGE)
            .cmd(&["SWAPDB", "-1", "12"], OUT_OF_RANGE)
            .cmd(&["SWAPDB", "x", "12"], "-ERR invalid first DB index\r\n")
            .cmd(&["SWAPDB", "12", "x"], "-ERR invalid second DB index\r\n")
            .cmd(&["SWAPDB", "16", "x"], "-ERR invalid second DB index\r\n")
            .cmd(&["SWAPDB", "99999999999", "12"], "-ERR invalid first DB index\r\n")
            .cmd(&["SWAPDB", "12", "+13"], "-ERR invalid second DB index\r\n")
            .pipeline(
                &[&["SELECT", "12"], &["FLUSHDB"], &["SET", "ks:a", "1"], &["SELECT", "13"], &["FLUSHDB"], &["SET", "ks:b", "2"], &["RPUSH", "ks:l", "x"]],
                "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n:1\r\n",
            )
            .cmd(&["SWAPDB", "12", "12"], "+OK\r\n")
            .cmd(&["SWAPDB", "12", "13"], "+OK\r\n")
            .pipeline(&[&["DBSIZE"], &["GET", "ks:a"], &["SELECT", "12"], &["DBSIZE"], &["GET", "ks:b"]], ":1\r\n$1\r\n1\r\n+OK\r\n:2\r\n$1\r\n2\r\n")
            .pipeline(&[&["FLUSHDB"], &["SELECT", "13"], &["FLUSHDB"]], "+OK\r\n+OK\r\n+OK\r\n"),
        Case::new("keys: TOUCH and UNLINK")
            .cmd(&["SET", "ks:t1", "1"], "+OK\r\n")
            .cmd(&["RPUSH", "ks:t2", "a"], ":1\r\n")
            .cmd(&["TOUCH", "ks:t1", "ks:nokey", "ks:t1", "ks:t2"], ":3\r\n")
            .cmd(&["UNLINK", "ks:t1", "ks:nokey", "ks:t1", "ks:t2"], ":2\r\n")
            .cmd(&["TOUCH", "ks:t1"], ":0\r\n")
            .cmd(&["TOUCH"], "-ERR wrong number of arguments for 'touch' command\r\n")
            .cmd(&["UNLINK"], "-ERR wrong number of arguments for 'unlink' command\r\n"),
        Case::new("keys: OBJECT")
            .cmd(&["OBJECT", "HELP"], OBJECT_HELP)
            .cmd(&["OBJECT", "foo"], "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n")
            .cmd(&["OBJECT"], "-ERR wrong number of arguments for 'object' command\r\n")
            .cmd(&["OBJECT", "ENCODING"], "-ERR wrong number of arguments for 'object|encoding' command\r\n")
            .cmd(&["OBJECT", "help", "x"], "-ERR wrong number of arguments for 'object|help' command\r\n")
            .cmd(&["OBJECT", "ENCODING", "ks:nokey"], "$-1\r\n")
            .cmd(&["OBJECT", "FREQ", "ks:nokey"], "$-1\r\n")
            .cmd(&["OBJECT", "IDLETIME", "ks:nokey"], "$-1\r\n")
            .cmd(&["OBJECT", "REFCOUNT", "ks:nokey"], "$-1\r\n")
            .pipeline(
                &[
                    &["SET", "ks:i", "9999"],
                    &["SET", "ks:j", "10000"],
                    &["SET", "ks:e", "-0"],
                    &["SET", "ks:r", "123456789012345678901234567890123456789012345"],
                    &["RPUSH", "ks:l", "a"],
                ],
                "+OK\r\n+OK\r\n+OK\r\n+OK\r\n:1\r\n",
            )
            .cmd(&["OBJECT", "ENCODING", "ks:i"], "$3\r\nint\r\n")
            .cmd(&["OBJECT", "ENCODING", "ks:j"], "$3\r\nint\r\n")
            .cmd(&["OBJECT", "ENCODING", "ks:e"], "$6\r\nembstr\r\n")
            .cmd(&["OBJECT", "ENCODING", "ks:r"], "$3\r\nraw\r\n")
            .cmd(&["OBJECT", "ENCODING", "ks:l"], "$9\r\nquicklist\r\n")
            .cmd(&["OBJECT", "REFCOUNT", "ks:i"], ":2147483647\r\n")
            .cmd(&["OBJECT", "REFCOUNT", "ks:j"], ":1\r\n")
            .cmd(&["COPY", "ks:i", "ks:i2"], ":1\r\n")
            .cmd(&["OBJECT", "REFCOUNT", "ks:i2"], ":1\r\n")
            .cmd(&["OBJECT", "FREQ", "ks:j"], "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n")
            .cmd_shape(&["OBJECT", "IDLETIME", "ks:j"], "idle seconds", shapes::int_in(0, 1))
            .cmd(&["DEL", "ks:i", "ks:j", "ks:e", "ks:r", "ks:l", "ks:i2"], ":6\r\n")
            .cmd_shape(&["HELLO", "3"], "HELLO 3", shapes::hello(3))
            .cmd(&["OBJECT", "ENCODING", "ks:nokey"], "_\r\n"),
        Case::new("keys: KEYS, SCAN and RANDOMKEY in a database of their own")
            .pipeline(
                &[
                    &["SELECT", "12"],
                    &["FLUSHDB"],
                    &["RANDOMKEY"],
                    &["KEYS", "*"],
                    &["SCAN", "0"],
                    &["SET", "ks:foo", "1"],
                    &["SET", "ks:fab", "2"],
                    &["RPUSH", "ks:fiz", "a"],
                    &["SET", "ks:bar", "3"],
                ],
                "+OK\r\n+OK\r\n$-1\r\n*0\r\n*2\r\n$1\r\n0\r\n*0\r\n+OK\r\n+OK\r\n:1\r\n+OK\r\n",
            )
            .cmd_shape(&["KEYS", "*"], "all four keys", key_set(&["ks:foo", "ks:fab", "ks:fiz", "ks:bar"]))
            .cmd_shape(&["KEYS", "ks:f[oa]?"], "two keys", key_set(&["ks:foo", "ks:fab"]))
            .cmd(&["KEYS", "nomatch*"], "*0\r\n")
            .cmd_shape(&["SCAN", "0"], "one call", whole_scan(&["ks:foo", "ks:fab", "ks:fiz", "ks:bar"]))
            .cmd_shape(&["SCAN", "0", "MATCH", "ks:f*", "COUNT", "100"], "the f keys", whole_scan(&["ks:foo", "ks:fab", "ks:fiz"]))
            .cmd_shape(&["SCAN", "0", "TYPE", "LIST"], "the list", whole_scan(&["ks:fiz"]))
            .cmd_shape(&["SCAN", "0", "TYPE", "nosuchtype"], "nothing", whole_scan(&[]))
            .cmd_shape(&["RANDOMKEY"], "a key", one_of(&["ks:foo", "ks:fab", "ks:fiz", "ks:bar"]))
            .cmd(&["SCAN", "x"], "-ERR invalid cursor\r\n")
            .cmd(&["SCAN", " 0"], "-ERR invalid cursor\r\n")
            .cmd(&["SCAN", "18446744073709551616"], "-ERR invalid cursor\r\n")
            .cmd(&["SCAN", "0", "COUNT", "0"], "-ERR syntax error\r\n")
            .cmd(&["SCAN", "0", "COUNT", "x"], NOT_INT)
            .cmd(&["SCAN", "0", "MATCH"], "-ERR syntax error\r\n")
            .cmd(&["SCAN", "0", "FOO", "bar"], "-ERR syntax error\r\n")
            .cmd(&["KEYS"], "-ERR wrong number of arguments for 'keys' command\r\n")
            .cmd(&["RANDOMKEY", "x"], "-ERR wrong number of arguments for 'randomkey' command\r\n")
            .cmd(&["FLUSHDB"], "+OK\r\n")
            .cmd_shape(&["HELLO", "3"], "HELLO 3", shapes::hello(3))
            .cmd(&["RANDOMKEY"], "_\r\n")
            .cmd(&["SCAN", "0"], "*2\r\n$1\r\n0\r\n*0\r\n"),
        Case::new("expiry: KEYS, SCAN, RANDOMKEY, RENAME, MOVE, COPY never see a key past its deadline")
            .pipeline(
                &[
                    &["SELECT", "13"],
                    &["FLUSHDB"],
                    &["SET", "ks:x1", "v", "PX", "50"],
                    &["SET", "ks:x2", "v", "PX", "50"],
                    &["SET", "ks:x3", "v", "PX", "50"],
                    &["SET", "ks:live", "v"],
                ],
                "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n",
            )
            .sleep_ms(120)
            .cmd(&["KEYS", "*"], "*1\r\n$7\r\nks:live\r\n")
            .cmd(&["SCAN", "0"], "*2\r\n$1\r\n0\r\n*1\r\n$7\r\nks:live\r\n")
            .cmd(&["RANDOMKEY"], "$7\r\nks:live\r\n")
            .cmd(&["RENAME", "ks:x1", "ks:y"], "-ERR no such key\r\n")
            .cmd(&["MOVE", "ks:x2", "12"], ":0\r\n")
            .cmd(&["COPY", "ks:x3", "ks:y"], ":0\r\n")
            .cmd(&["COPY", "ks:live", "ks:x3"], ":1\r\n")
            .cmd(&["FLUSHDB"], "+OK\r\n"),
    ]
}
