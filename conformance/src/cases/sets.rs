//! Sets: SADD/SREM/SCARD/SISMEMBER/SMISMEMBER/SMEMBERS, SMOVE, SPOP,
//! SRANDMEMBER, SSCAN, SINTER/SUNION/SDIFF (and their STORE forms),
//! SINTERCARD. Small integer sets are intsets, whose order (ascending) is
//! Redis's; members of hashed sets and random picks are checked for shape.

use std::collections::BTreeSet;

use crate::case::Case;
use crate::resp::Value;
use crate::shapes;

/// A reply of `count` bulk strings, as a RESP3 set (`~`) when `set`, else
/// an array; each one of `from`, all distinct when `distinct`.
fn members(
    set: bool,
    count: usize,
    from: &'static [&'static str],
    distinct: bool,
) -> impl Fn(&Value) -> Result<(), String> + Send + Sync {
    move |v| {
        let items = match (set, v) {
            (true, Value::Set(items)) | (false, Value::Array(Some(items))) => items,
            _ => {
                return Err(format!(
                    "expected a {}, got {v}",
                    if set { "set" } else { "array" }
                ))
            }
        };
        if items.len() != count {
            return Err(format!("expected {count} members, got {v}"));
        }
        let mut seen = BTreeSet::new();
        for item in items {
            let Value::Bulk(Some(bytes)) = item else {
                return Err(format!("expected bulk strings, got {v}"));
            };
            if !from.iter().any(|m| m.as_bytes() == bytes.as_slice()) {
                return Err(format!("{item} is no member, in {v}"));
            }
            if !seen.insert(bytes.clone()) && distinct {
                return Err(format!("{item} repeated, in {v}"));
            }
        }
        Ok(())
    }
}

const ABC: &[&str] = &["a", "b", "c"];
const ABCDE: &[&str] = &["a", "b", "c", "d", "e"];

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("sets: add, members in numeric order, remove")
            .cmd(&["SADD", "st1:s", "3", "1", "2", "1", "-5"], ":4\r\n")
            .cmd(&["SMEMBERS", "st1:s"], "*4\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n")
            .cmd(&["SCARD", "st1:s"], ":4\r\n")
            .cmd(&["SISMEMBER", "st1:s", "1"], ":1\r\n")
            .cmd(&["SISMEMBER", "st1:s", "01"], ":0\r\n")
            .cmd(&["SMISMEMBER", "st1:s", "1", "x", "3"], "*3\r\n:1\r\n:0\r\n:1\r\n")
            .cmd(&["TYPE", "st1:s"], "+set\r\n")
            .cmd(&["SREM", "st1:s", "-5", "x"], ":1\r\n")
            .cmd(&["SREM", "st1:s", "1", "2", "3"], ":3\r\n")
            .cmd(&["EXISTS", "st1:s"], ":0\r\n"),
        Case::new("sets: missing keys are empty sets")
            .cmd(&["SCARD", "st2:none"], ":0\r\n")
            .cmd(&["SISMEMBER", "st2:none", "a"], ":0\r\n")
            .cmd(&["SMISMEMBER", "st2:none", "a", "b"], "*2\r\n:0\r\n:0\r\n")
            .cmd(&["SMEMBERS", "st2:none"], "*0\r\n")
            .cmd(&["SREM", "st2:none", "a"], ":0\r\n")
            .cmd(&["SINTER", "st2:none"], "*0\r\n")
            .cmd(&["SUNION", "st2:none"], "*0\r\n")
            .cmd(&["SDIFF", "st2:none"], "*0\r\n")
            .cmd(&["SINTERCARD", "1", "st2:none"], ":0\r\n")
            .cmd(&["SPOP", "st2:none"], "$-1\r\n")
            .cmd(&["SPOP", "st2:none", "2"], "*0\r\n")
            .cmd(&["SRANDMEMBER", "st2:none"], "$-1\r\n")
            .cmd(&["SRANDMEMBER", "st2:none", "2"], "*0\r\n")
            .cmd(&["SSCAN", "st2:none", "0"], "*2\r\n$1\r\n0\r\n*0\r\n")
            .cmd(&["SMOVE", "st2:none", "st2:d", "a"], ":0\r\n")
            .cmd(&["EXISTS", "st2:d"], ":0\r\n"),
        Case::new("sets: WRONGTYPE, checked on every source key")
            .cmd(&["SET", "st3:str", "x"], "+OK\r\n")
            .cmd(&["SADD", "st3:str", "a"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SREM", "st3:str", "a"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SCARD", "st3:str"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SISMEMBER", "st3:str", "a"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SMEMBERS", "st3:str"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SPOP", "st3:str", "1"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SRANDMEMBER", "st3:str", "0"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SSCAN", "st3:str", "0"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SINTERCARD", "1", "st3:str"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SADD", "st3:a", "1"], ":1\r\n")
            .cmd(&["SMOVE", "st3:a", "st3:str", "1"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SMOVE", "st3:none", "st3:str", "1"], ":0\r\n")
            .cmd(&["SINTER", "st3:none", "st3:str"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SUNION", "st3:a", "st3:str"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SDIFF", "st3:none", "st3:str"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SINTERSTORE", "st3:d", "st3:none", "st3:str"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["SDIFFSTORE", "st3:d", "st3:a", "st3:str"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
            .cmd(&["EXISTS", "st3:d"], ":0\r\n")
            .cmd(&["SMEMBERS", "st3:a"], "*1\r\n$1\r\n1\r\n"),
        Case::new("sets: intersection, union, difference of intsets")
            .cmd(&["SADD", "st4:a", "1", "2", "3", "4"], ":4\r\n")
            .cmd(&["SADD", "st4:b", "2", "3", "5"], ":3\r\n")
            .cmd(&["SADD", "st4:c", "3", "4", "2"], ":3\r\n")
            .cmd(&["SINTER", "st4:a", "st4:b", "st4:c"], "*2\r\n$1\r\n2\r\n$1\r\n3\r\n")
            .cmd(&["SUNION", "st4:a", "st4:b", "st4:c"], "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n")
            .cmd(&["SDIFF", "st4:a", "st4:b"], "*2\r\n$1\r\n1\r\n$1\r\n4\r\n")
            .cmd(&["SDIFF", "st4:a", "st4:none"], "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n")
            .cmd(&["SDIFF", "st4:none", "st4:a"], "*0\r\n")
            .cmd(&["SINTER", "st4:a", "st4:none"], "*0\r\n")
            .cmd(&["SINTERCARD", "3", "st4:a", "st4:b", "st4:c"], ":2\r\n")
            .cmd(&["SINTERCARD", "2", "st4:a", "st4:b", "LIMIT", "1"], ":1\r\n")
            .cmd(&["SINTERCARD", "2", "st4:a", "st4:b", "LIMIT", "0"], ":2\r\n"),
        Case::new("sets: store forms overwrite, drop the TTL, delete on empty")
            .cmd(&["SADD", "st5:a", "1", "2", "3", "4"], ":4\r\n")
            .cmd(&["SADD", "st5:b", "2", "3", "5"], ":3\r\n")
            .cmd(&["SINTERSTORE", "st5:d", "st5:a", "st5:b"], ":2\r\n")
            .cmd(&["SMEMBERS", "st5:d"], "*2\r\n$1\r\n2\r\n$1\r\n3\r\n")
            .cmd(&["SUNIONSTORE", "st5:d", "st5:a", "st5:b"], ":5\r\n")
            .cmd(&["SMEMBERS", "st5:d"], "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n")
            .cmd(&["SDIFFSTORE", "st5:d", "st5:a", "st5:b"], ":2\r\n")
            .cmd(&["SMEMBERS", "st5:d"], "*2\r\n$1\r\n1\r\n$1\r\n4\r\n")
            .cmd(&["SINTERSTORE", "st5:d", "st5:a", "st5:none"], ":0\r\n")
            .cmd(&["EXISTS", "st5:d"], ":0\r\n")
            .cmd(&["SET", "st5:d", "x"], "+OK\r\n")
            .cmd(&["EXPIRE", "st5:d", "100"], ":1\r\n")
            .cmd(&["SUNIONSTORE", "st5:d", "st5:a"], ":4\r\n")
            .cmd(&["TTL", "st5:d"], ":-1\r\n")
            .cmd(&["TYPE", "st5:d"], "+set\r\n")
            .cmd(&["SDIFFSTORE", "st5:d", "st5:a", "st5:a"], ":0\r\n")
            .cmd(&["EXISTS", "st5:d"], ":0\r\n"),
        Case::new("sets: SMOVE")
            .cmd(&["SADD", "st6:s", "1"], ":1\r\n")
            .cmd(&["SMOVE", "st6:s", "st6:s", "1"], ":1\r\n")
            .cmd(&["SMOVE", "st6:s", "st6:s", "9"], ":0\r\n")
            .cmd(&["SMOVE", "st6:s", "st6:d", "9"], ":0\r\n")
            .cmd(&["SMOVE", "st6:s", "st6:d", "1"], ":1\r\n")
            .cmd(&["EXISTS", "st6:s"], ":0\r\n")
            .cmd(&["SMEMBERS", "st6:d"], "*1\r\n$1\r\n1\r\n")
            .cmd(&["SADD", "st6:s", "x", "1"], ":2\r\n")
            .cmd(&["SMOVE", "st6:s", "st6:d", "1"], ":1\r\n")
            .cmd(&["SMOVE", "st6:s", "st6:d", "x"], ":1\r\n")
            .cmd(&["SCARD", "st6:d"], ":2\r\n")
            .cmd(&["EXISTS", "st6:s"], ":0\r\n"),
        Case::new("sets: SINTERCARD arguments")
            .cmd(&["SADD", "st7:s", "a"], ":1\r\n")
            .cmd(&["SINTERCARD", "0", "st7:s"], "-ERR numkeys should be greater than 0\r\n")
            .cmd(&["SINTERCARD", "abc", "st7:s"], "-ERR numkeys should be greater than 0\r\n")
            .cmd(&["SINTERCARD", "-1", "st7:s"], "-ERR numkeys should be greater than 0\r\n")
            .cmd(&["SINTERCARD", "2", "st7:s"], "-ERR Number of keys can't be greater than number of args\r\n")
            .cmd(&["SINTERCARD", "1", "st7:s", "LIMIT", "-1"], "-ERR LIMIT can't be negative\r\n")
            .cmd(&["SINTERCARD", "1", "st7:s", "LIMIT", "abc"], "-ERR LIMIT can't be negative\r\n")
            .cmd(&["SINTERCARD", "1", "st7:s", "LIMIT"], "-ERR syntax error\r\n")
            .cmd(&["SINTERCARD", "1", "st7:s", "foo"], "-ERR syntax error\r\n")
            .cmd(&["SINTERCARD", "1", "st7:s", "LIMIT", "1", "LIMIT", "0"], ":1\r\n")
            .cmd(&["SINTERCARD", "1", "st7:s", "LIMIT", "9223372036854775808"], "-ERR LIMIT can't be negative\r\n")
            .cmd(&["SINTERCARD", "1"], "-ERR wrong number of arguments for 'sintercard' command\r\n"),
        Case::new("sets: SPOP and SRANDMEMBER arguments")
            .cmd(&["SADD", "st8:s", "a"], ":1\r\n")
            .cmd(&["SPOP", "st8:s", "-1"], "-ERR value is out of range, must be positive\r\n")
            .cmd(&["SPOP", "st8:s", "abc"], "-ERR value is out of range, must be positive\r\n")
            .cmd(&["SPOP", "st8:s", "1", "2"], "-ERR syntax error\r\n")
            .cmd(&["SPOP", "st8:s", "0"], "*0\r\n")
            .cmd(&["SPOP", "st8:none", "-1"], "-ERR value is out of range, must be positive\r\n")
            .cmd(&["SRANDMEMBER", "st8:s", "abc"], "-ERR value is not an integer or out of range\r\n")
            .cmd(&["SRANDMEMBER", "st8:s", "-9223372036854775808"], "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n")
            .cmd(&["SRANDMEMBER", "st8:s", "1", "2"], "-ERR syntax error\r\n")
            .cmd(&["SRANDMEMBER", "st8:s", "0"], "*0\r\n")
            .cmd(&["SRANDMEMBER", "st8:s"], "$1\r\na\r\n")
            .cmd(&["SRANDMEMBER", "st8:s", "5"], "*1\r\n$1\r\na\r\n")
            .cmd(&["SRANDMEMBER", "st8:s", "-3"], "*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n")
            .cmd(&["SPOP", "st8:s"], "$1\r\na\r\n")
            .cmd(&["SPOP", "st8:s"], "$-1\r\n")
            .cmd(&["SADD", "st8:i", "3", "1", "2"], ":3\r\n")
            .cmd(&["SRANDMEMBER", "st8:i", "3"], "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n")
            .cmd(&["SPOP", "st8:i", "10"], "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n")
            .cmd(&["EXISTS", "st8:i"], ":0\r\n"),
        Case::new("sets: SSCAN of an intset, cursors and options")
            .cmd(&["SADD", "st9:s", "1", "2", "3"], ":3\r\n")
            .cmd(&["SSCAN", "st9:s", "abc"], "-ERR invalid cursor\r\n")
            .cmd(&["SSCAN", "st9:none", "0", "COUNT", "0"], "*2\r\n$1\r\n0\r\n*0\r\n")
            .cmd(&["SSCAN", "st9:s", "0", "COUNT", "0"], "-ERR syntax error\r\n")
            .cmd(&["SSCAN", "st9:s", "0", "COUNT", "abc"], "-ERR value is not an integer or out of range\r\n")
            .cmd(&["SSCAN", "st9:s", "0", "foo"], "-ERR syntax error\r\n")
            .cmd(&["SSCAN", "st9:s", "-1"], "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n")
            .cmd(&["SSCAN", "st9:s", "18446744073709551616"], "-ERR invalid cursor\r\n")
            .cmd(&["SSCAN", "st9:s", "0", "MATCH"], "-ERR syntax error\r\n")
            .cmd(&["SSCAN", "st9:s", "0", "MATCH", "[12]"], "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n")
            .cmd(&["SSCAN", "st9:s", "0", "count", "1", "match", "3"], "*2\r\n$1\r\n0\r\n*1\r\n$1\r\n3\r\n")
            .cmd(&["SSCAN", "st9:s", "5"], "*2\r\n$1\r\n0\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"),
        Case::new("sets: RESP3 set and array replies")
            .cmd_shape(&["HELLO", "3"], "HELLO reply, RESP3 map, proto 3", shapes::hello(3))
            .cmd(&["SADD", "st10:s", "1", "2"], ":2\r\n")
            .cmd(&["SMEMBERS", "st10:s"], "~2\r\n$1\r\n1\r\n$1\r\n2\r\n")
            .cmd(&["SMEMBERS", "st10:none"], "~0\r\n")
            .cmd(&["SINTER", "st10:s", "st10:none"], "~0\r\n")
            .cmd(&["SUNION", "st10:s"], "~2\r\n$1\r\n1\r\n$1\r\n2\r\n")
            .cmd(&["SDIFF", "st10:s"], "~2\r\n$1\r\n1\r\n$1\r\n2\r\n")
            .cmd(&["SPOP", "st10:none"], "_\r\n")
            .cmd(&["SPOP", "st10:none", "2"], "~0\r\n")
            .cmd(&["SPOP", "st10:s", "0"], "~0\r\n")
            .cmd(&["SRANDMEMBER", "st10:s", "5"], "*2\r\n$1\r\n1\r\n$1\r\n2\r\n")
            .cmd(&["SRANDMEMBER", "st10:none", "3"], "*0\r\n")
            .cmd(&["SRANDMEMBER", "st10:none"], "_\r\n")
            .cmd(&["SMISMEMBER", "st10:s", "1", "9"], "*2\r\n:1\r\n:0\r\n")
            .cmd(&["SSCAN", "st10:s", "0"], "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n")
            .cmd(&["SPOP", "st10:s", "5"], "~2\r\n$1\r\n1\r\n$1\r\n2\r\n")
            .cmd(&["SADD", "st10:t", "a"], ":1\r\n")
            .cmd(&["SPOP", "st10:t", "1"], "~1\r\n$1\r\na\r\n"),
        Case::new("sets: hashed sets, any order")
            .cmd(&["SADD", "st11:s", "a", "b", "c"], ":3\r\n")
            .cmd_shape(&["SMEMBERS", "st11:s"], "the 3 members", members(false, 3, ABC, true))
            .cmd(&["SADD", "st11:t", "c", "d", "e", "a", "b"], ":5\r\n")
            .cmd_shape(
                &["SUNION", "st11:s", "st11:t"],
                "the 5 members",
                members(false, 5, ABCDE, true),
            )
            .cmd_shape(
                &["SINTER", "st11:t", "st11:s"],
                "a, b, c",
                members(false, 3, ABC, true),
            )
            .cmd(&["SDIFF", "st11:s", "st11:t"], "*0\r\n")
            .cmd(&["SREM", "st11:t", "a", "b", "c"], ":3\r\n")
            .cmd_shape(&["SDIFF", "st11:t", "st11:s"], "d, e", members(false, 2, &["d", "e"], true))
            .cmd(&["SUNIONSTORE", "st11:u", "st11:s", "st11:t"], ":5\r\n")
            .cmd(&["SINTERCARD", "2", "st11:u", "st11:s"], ":3\r\n"),
        Case::new("sets: random members of a hashed set")
            .cmd(&["SADD", "st12:s", "a", "b", "c", "d", "e"], ":5\r\n")
            .cmd_shape(&["SRANDMEMBER", "st12:s", "3"], "3 distinct", members(false, 3, ABCDE, true))
            .cmd_shape(&["SRANDMEMBER", "st12:s", "-8"], "8 with repeats", members(false, 8, ABCDE, false))
            .cmd_shape(&["SRANDMEMBER", "st12:s", "9"], "all 5", members(false, 5, ABCDE, true))
            .cmd_shape(&["SPOP", "st12:s", "2"], "2 distinct", members(false, 2, ABCDE, true))
            .cmd(&["SCARD", "st12:s"], ":3\r\n")
            .cmd_shape(&["HELLO", "3"], "HELLO reply, RESP3 map, proto 3", shapes::hello(3))
            .cmd_shape(&["SPOP", "st12:s", "2"], "a RESP3 set of 2", members(true, 2, ABCDE, true))
            .cmd_shape(&["SRANDMEMBER", "st12:s", "-2"], "an array", members(false, 2, ABCDE, false))
            .cmd(&["SCARD", "st12:s"], ":1\r\n"),
        Case::new("sets: binary-safe members")
            .step(
                crate::client::encode_command(&[&b"SADD"[..], b"st13:b", b"\x00\r\n\xff", b""]),
                crate::case::exact(":2\r\n"),
            )
            .step(
                crate::client::encode_command(&[&b"SISMEMBER"[..], b"st13:b", b"\x00\r\n\xff"]),
                crate::case::exact(":1\r\n"),
            )
            .cmd(&["SREM", "st13:b", ""], ":1\r\n")
            .cmd(&["SMEMBERS", "st13:b"], b"*1\r\n$4\r\n\x00\r\n\xff\r\n"),
    ]
}
