//! The hash commands: exact replies for small hashes (kept in insertion
//! order by both servers), shapes and membership for large ones and for
//! the random replies, HINCRBYFLOAT's `long double` text, and the
//! hash-max-listpack-* parameters with their ziplist aliases.

use std::collections::BTreeSet;

use crate::case::{Case, Expect};
use crate::client::encode_command;
use crate::resp::Value;

const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

/// `1e400` as the nearest `long double` prints.
const ONE_E400: &str = "10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880";

fn bulk(text: &str) -> String {
    format!("${}\r\n{text}\r\n", text.len())
}

fn bulks(items: &[&str]) -> String {
    items.iter().map(|i| bulk(i)).collect()
}

fn bytes_of(v: &Value) -> Result<Vec<u8>, String> {
    v.as_bytes()
        .map(<[u8]>::to_vec)
        .ok_or_else(|| format!("expected a bulk string, got {}", v.kind()))
}

fn items(v: &Value) -> Result<&[Value], String> {
    match v {
        Value::Array(Some(items)) => Ok(items),
        other => Err(format!("expected an array, got {}", other.kind())),
    }
}

/// A field of the hashes below (`f<n>`) holding its value (`v<n>`).
fn check_pair(field: &[u8], value: &[u8]) -> Result<(), String> {
    match (field.strip_prefix(b"f"), value.strip_prefix(b"v")) {
        (Some(f), Some(v)) if f == v => Ok(()),
        _ => Err(format!(
            "field {} holds {}",
            String::from_utf8_lossy(field),
            String::from_utf8_lossy(value)
        )),
    }
}

/// HSET of `f0 v0 .. f<n-1> v<n-1>` on `key`.
fn fill(key: &str, n: usize) -> Vec<String> {
    let mut args = vec!["HSET".to_string(), key.to_string()];
    for i in 0..n {
        args.push(format!("f{i}"));
        args.push(format!("v{i}"));
    }
    args
}

fn fill_step(case: Case, key: &str, n: usize) -> Case {
    let args = fill(key, n);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    case.cmd(&refs, format!(":{n}\r\n"))
}

/// HRANDFIELD's reply with a count: `distinct` fields out of the `size`
/// of the hash (or `draws` independent ones), with values when asked, as
/// a flat array (RESP2) or an array of pairs (RESP3).
fn random_fields(
    size: usize,
    expected_len: usize,
    distinct: bool,
    with_values: bool,
    resp3: bool,
) -> impl Fn(&Value) -> Result<(), String> + Send + Sync {
    move |v| {
        let all = items(v)?;
        let mut pairs: Vec<(Vec<u8>, Option<Vec<u8>>)> = Vec::new();
        if with_values && resp3 {
            for pair in all {
                match items(pair)? {
                    [field, value] => pairs.push((bytes_of(field)?, Some(bytes_of(value)?))),
                    other => return Err(format!("a pair of {} items", other.len())),
                }
            }
        } else if with_values {
            if !all.len().is_multiple_of(2) {
                return Err(format!("odd flat array of {}", all.len()));
            }
            for pair in all.chunks(2) {
                pairs.push((bytes_of(&pair[0])?, Some(bytes_of(&pair[1])?)));
            }
        } else {
            for field in all {
                pairs.push((bytes_of(field)?, None));
            }
        }
        if pairs.len() != expected_len {
            return Err(format!("{} fields, expected {expected_len}", pairs.len()));
        }
        let mut seen = BTreeSet::new();
        for (field, value) in &pairs {
            let n: usize = std::str::from_utf8(&field[1..])
                .ok()
                .and_then(|n| n.parse().ok())
                .filter(|&n| n < size && field[0] == b'f')
                .ok_or_else(|| format!("{} is no field", String::from_utf8_lossy(field)))?;
            if let Some(value) = value {
                check_pair(field, value)?;
            }
            seen.insert(n);
        }
        if distinct && seen.len() != pairs.len() {
            return Err("a field came twice".into());
        }
        Ok(())
    }
}

/// An HGETALL (RESP2) or one-call HSCAN of the whole of a hash of `size`
/// fields, in any order.
fn whole_hash(size: usize, scan: bool) -> impl Fn(&Value) -> Result<(), String> + Send + Sync {
    move |v| {
        let flat = if scan {
            match items(v)? {
                [cursor, rest] if bytes_of(cursor)? == b"0" => items(rest)?,
                _ => return Err("expected [\"0\", items]".into()),
            }
        } else {
            items(v)?
        };
        let mut fields = BTreeSet::new();
        for pair in flat.chunks(2) {
            let [field, value] = pair else {
                return Err("odd number of items".into());
            };
            check_pair(&bytes_of(field)?, &bytes_of(value)?)?;
            fields.insert(bytes_of(field)?);
        }
        if fields.len() != size || flat.len() != 2 * size {
            return Err(format!("{} items for {size} fields", flat.len()));
        }
        Ok(())
    }
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("hashes: set, get and counts")
            .cmd(&["HSET", "h1:a", "a", "1", "b", "2", "c", "3"], ":3\r\n")
            .cmd(&["HSET", "h1:a", "a", "x", "d", "4"], ":1\r\n")
            .cmd(&["HGET", "h1:a", "a"], "$1\r\nx\r\n")
            .cmd(&["HGET", "h1:a", "zz"], "$-1\r\n")
            .cmd(&["HGET", "h1:missing", "a"], "$-1\r\n")
            .cmd(&["HLEN", "h1:a"], ":4\r\n")
            .cmd(&["HLEN", "h1:missing"], ":0\r\n")
            .cmd(&["HSTRLEN", "h1:a", "a"], ":1\r\n")
            .cmd(&["HSTRLEN", "h1:a", "zz"], ":0\r\n")
            .cmd(&["HEXISTS", "h1:a", "b"], ":1\r\n")
            .cmd(&["HEXISTS", "h1:a", "zz"], ":0\r\n")
            .cmd(&["HEXISTS", "h1:missing", "b"], ":0\r\n")
            .cmd(
                &["HMGET", "h1:a", "a", "zz", "d"],
                format!("*3\r\n{}$-1\r\n{}", bulk("x"), bulk("4")),
            )
            .cmd(&["HMGET", "h1:missing", "a", "b"], "*2\r\n$-1\r\n$-1\r\n")
            .cmd(&["HSETNX", "h1:a", "a", "y"], ":0\r\n")
            .cmd(&["HSETNX", "h1:a", "e", "5"], ":1\r\n")
            .cmd(&["HMSET", "h1:a", "f", "6", "a", "1"], "+OK\r\n")
            .cmd(&["TYPE", "h1:a"], "+hash\r\n"),
        Case::new("hashes: a small hash lists in insertion order")
            .cmd(&["HSET", "h2:a", "z", "1", "a", "2", "m", "3"], ":3\r\n")
            .cmd(&["HSET", "h2:a", "a", "9"], ":0\r\n")
            .cmd(
                &["HGETALL", "h2:a"],
                format!("*6\r\n{}", bulks(&["z", "1", "a", "9", "m", "3"])),
            )
            .cmd(&["HKEYS", "h2:a"], format!("*3\r\n{}", bulks(&["z", "a", "m"])))
            .cmd(&["HVALS", "h2:a"], format!("*3\r\n{}", bulks(&["1", "9", "3"])))
            .cmd(&["HDEL", "h2:a", "z"], ":1\r\n")
            .cmd(&["HKEYS", "h2:a"], format!("*2\r\n{}", bulks(&["a", "m"])))
            .cmd(&["HGETALL", "h2:missing"], "*0\r\n")
            .cmd(&["HKEYS", "h2:missing"], "*0\r\n")
            .cmd(&["HVALS", "h2:missing"], "*0\r\n"),
        Case::new("hashes: RESP3 maps and nulls")
            .cmd(&["HSET", "h3:a", "a", "1", "b", "2"], ":2\r\n")
            .step(
                encode_command(&["HELLO", "3"]),
                vec![Expect::shape("HELLO 3 map", |v| match v {
                    Value::Map(_) => Ok(()),
                    other => Err(format!("expected a map, got {}", other.kind())),
                })],
            )
            .cmd(
                &["HGETALL", "h3:a"],
                format!("%2\r\n{}", bulks(&["a", "1", "b", "2"])),
            )
            .cmd(&["HGETALL", "h3:missing"], "%0\r\n")
            .cmd(&["HGET", "h3:a", "zz"], "_\r\n")
            .cmd(&["HMGET", "h3:a", "a", "zz"], format!("*2\r\n{}_\r\n", bulk("1")))
            .cmd(&["HRANDFIELD", "h3:missing"], "_\r\n")
            .cmd(&["HRANDFIELD", "h3:missing", "2"], "*0\r\n")
            .cmd(
                &["HRANDFIELD", "h3:a", "5", "WITHVALUES"],
                format!(
                    "*2\r\n*2\r\n{}*2\r\n{}",
                    bulks(&["a", "1"]),
                    bulks(&["b", "2"])
                ),
            )
            .cmd(&["HRANDFIELD", "h3:a", "5"], format!("*2\r\n{}", bulks(&["a", "b"])))
            .cmd(&["HINCRBYFLOAT", "h3:a", "f", "1.5"], bulk("1.5"))
            .cmd(
                &["HSCAN", "h3:a", "0"],
                format!("*2\r\n$1\r\n0\r\n*6\r\n{}", bulks(&["a", "1", "b", "2", "f", "1.5"])),
            ),
        Case::new("hashes: HDEL removes fields, then the key")
            .cmd(&["HSET", "h4:a", "a", "1", "b", "2", "c", "3"], ":3\r\n")
            .cmd(&["HDEL", "h4:a", "x", "y"], ":0\r\n")
            .cmd(&["HDEL", "h4:a", "a", "c", "z"], ":2\r\n")
            .cmd(&["HDEL", "h4:a", "b", "b", "q"], ":1\r\n")
            .cmd(&["EXISTS", "h4:a"], ":0\r\n")
            .cmd(&["HDEL", "h4:a", "b"], ":0\r\n"),
        Case::new("hashes: arity")
            .cmd(
                &["HSET", "h5:a", "a", "1", "b"],
                "-ERR wrong number of arguments for 'hset' command\r\n",
            )
            .cmd(
                &["HMSET", "h5:a", "a", "1", "b"],
                "-ERR wrong number of arguments for 'hmset' command\r\n",
            )
            .cmd(
                &["HSET", "h5:a", "a"],
                "-ERR wrong number of arguments for 'hset' command\r\n",
            )
            .cmd(
                &["HSETNX", "h5:a", "a"],
                "-ERR wrong number of arguments for 'hsetnx' command\r\n",
            )
            .cmd(
                &["HRANDFIELD"],
                "-ERR wrong number of arguments for 'hrandfield' command\r\n",
            )
            .cmd(
                &["HSCAN", "h5:a"],
                "-ERR wrong number of arguments for 'hscan' command\r\n",
            )
            .cmd(&["EXISTS", "h5:a"], ":0\r\n"),
        Case::new("hashes: WRONGTYPE on a string key")
            .cmd(&["SET", "h6:s", "v"], "+OK\r\n")
            .cmd(&["HSET", "h6:s", "a", "1"], WRONGTYPE)
            .cmd(&["HSETNX", "h6:s", "a", "1"], WRONGTYPE)
            .cmd(&["HMSET", "h6:s", "a", "1"], WRONGTYPE)
            .cmd(&["HGET", "h6:s", "a"], WRONGTYPE)
            .cmd(&["HMGET", "h6:s", "a"], WRONGTYPE)
            .cmd(&["HGETALL", "h6:s"], WRONGTYPE)
            .cmd(&["HKEYS", "h6:s"], WRONGTYPE)
            .cmd(&["HVALS", "h6:s"], WRONGTYPE)
            .cmd(&["HLEN", "h6:s"], WRONGTYPE)
            .cmd(&["HSTRLEN", "h6:s", "a"], WRONGTYPE)
            .cmd(&["HEXISTS", "h6:s", "a"], WRONGTYPE)
            .cmd(&["HDEL", "h6:s", "a"], WRONGTYPE)
            .cmd(&["HINCRBY", "h6:s", "a", "1"], WRONGTYPE)
            .cmd(&["HINCRBYFLOAT", "h6:s", "a", "1"], WRONGTYPE)
            .cmd(&["HRANDFIELD", "h6:s"], WRONGTYPE)
            .cmd(&["HRANDFIELD", "h6:s", "0"], WRONGTYPE)
            .cmd(&["HSCAN", "h6:s", "0", "COUNT", "0"], WRONGTYPE)
            .cmd(
                &["HINCRBY", "h6:s", "a", "x"],
                "-ERR value is not an integer or out of range\r\n",
            )
            .cmd(
                &["HINCRBYFLOAT", "h6:s", "a", "x"],
                "-ERR value is not a valid float\r\n",
            )
            .cmd(&["HSCAN", "h6:s", "x"], "-ERR invalid cursor\r\n")
            .cmd(&["HRANDFIELD", "h6:s", "1", "x"], "-ERR syntax error\r\n")
            .cmd(&["GET", "h6:s"], "$1\r\nv\r\n"),
        Case::new("hashes: HINCRBY")
            .cmd(&["HINCRBY", "h7:a", "n", "5"], ":5\r\n")
            .cmd(&["HINCRBY", "h7:a", "n", "-7"], ":-2\r\n")
            .cmd(&["HSET", "h7:a", "n", "-9223372036854775484"], ":0\r\n")
            .cmd(&["HINCRBY", "h7:a", "n", "-1"], ":-9223372036854775485\r\n")
            .cmd(
                &["HINCRBY", "h7:a", "n", "-10000"],
                "-ERR increment or decrement would overflow\r\n",
            )
            .cmd(&["HINCRBY", "h7:a", "m", "9223372036854775807"], ":9223372036854775807\r\n")
            .cmd(
                &["HINCRBY", "h7:a", "m", "1"],
                "-ERR increment or decrement would overflow\r\n",
            )
            .cmd(
                &["HINCRBY", "h7:a", "m", "1.5"],
                "-ERR value is not an integer or out of range\r\n",
            )
            .cmd(&["HSET", "h7:a", "l", " 11", "r", "11 ", "s", "abc"], ":3\r\n")
            .cmd(&["HINCRBY", "h7:a", "l", "1"], "-ERR hash value is not an integer\r\n")
            .cmd(&["HINCRBY", "h7:a", "r", "1"], "-ERR hash value is not an integer\r\n")
            .cmd(&["HINCRBY", "h7:a", "s", "1"], "-ERR hash value is not an integer\r\n")
            .cmd(&["HSET", "h7:a", "big", "17179869184"], ":1\r\n")
            .cmd(&["HINCRBY", "h7:a", "big", "17179869184"], ":34359738368\r\n"),
        Case::new("hashes: HINCRBYFLOAT computes and prints a long double")
            .cmd(&["HINCRBYFLOAT", "h8:a", "f", "1.23"], bulk("1.23"))
            .cmd(&["HINCRBYFLOAT", "h8:a", "f", "0.77"], bulk("2"))
            .cmd(&["HINCRBYFLOAT", "h8:a", "f", "-0.1"], bulk("1.9"))
            .cmd(&["HINCRBYFLOAT", "h8:a", "g", "10.5"], bulk("10.5"))
            .cmd(&["HINCRBYFLOAT", "h8:a", "g", "0.1"], bulk("10.6"))
            .cmd(
                &["HINCRBYFLOAT", "h8:a", "tie", "0.000003814697265625"],
                bulk("0.00000381469726562"),
            )
            .cmd(&["HINCRBYFLOAT", "h8:a", "tiny", "5e-18"], bulk("0"))
            .cmd(&["HINCRBYFLOAT", "h8:a", "neg", "-1e-20"], bulk("0"))
            .cmd(&["HINCRBYFLOAT", "h8:a", "huge", "1e400"], bulk(ONE_E400))
            .cmd(&["HINCRBYFLOAT", "h8:a", "hex", "0x1p3"], bulk("8"))
            .cmd(
                &["HINCRBYFLOAT", "h8:a", "long", "1.23456789012345678901234"],
                bulk("1.23456789012345679"),
            )
            .cmd(&["HINCRBYFLOAT", "h8:a", "i", "9223372036854775807"], bulk("9223372036854775807"))
            .cmd(&["HINCRBYFLOAT", "h8:a", "i", "1"], bulk("9223372036854775808"))
            .cmd(&["HGET", "h8:a", "f"], bulk("1.9")),
        Case::new("hashes: HINCRBYFLOAT errors")
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "f", "+inf"],
                "-ERR value is NaN or Infinity\r\n",
            )
            .cmd(&["EXISTS", "h9:a"], ":0\r\n")
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "f", "nan"],
                "-ERR value is not a valid float\r\n",
            )
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "f", "1e-5000"],
                "-ERR value is not a valid float\r\n",
            )
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "f", "1e5000"],
                "-ERR value is not a valid float\r\n",
            )
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "f", " 1"],
                "-ERR value is not a valid float\r\n",
            )
            .cmd(&["HSET", "h9:a", "s", "abc", "big", "1e4932", "inf", "inf"], ":3\r\n")
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "s", "1"],
                "-ERR hash value is not a float\r\n",
            )
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "big", "1e4932"],
                "-ERR increment would produce NaN or Infinity\r\n",
            )
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "inf", "1"],
                "-ERR increment would produce NaN or Infinity\r\n",
            )
            .step(
                encode_command(&[&b"HSET"[..], b"h9:a", b"nul", b"1\x002"]),
                crate::case::exact(":1\r\n"),
            )
            .cmd(
                &["HINCRBYFLOAT", "h9:a", "nul", "1"],
                "-ERR hash value is not a float\r\n",
            ),
        Case::new("hashes: HRANDFIELD arguments and empty replies")
            .cmd(&["HSET", "h10:a", "a", "1"], ":1\r\n")
            .cmd(
                &["HRANDFIELD", "h10:a", "-9223372036854775808"],
                "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n",
            )
            .cmd(
                &["HRANDFIELD", "h10:a", "9223372036854775808"],
                "-ERR value is not an integer or out of range\r\n",
            )
            .cmd(&["HRANDFIELD", "h10:a", "1", "WITHVALUES", "x"], "-ERR syntax error\r\n")
            .cmd(&["HRANDFIELD", "h10:a", "1", "WITHVALUE"], "-ERR syntax error\r\n")
            .cmd(
                &["HRANDFIELD", "h10:a", "-4611686018427387904", "WITHVALUES"],
                "-ERR value is out of range\r\n",
            )
            .cmd(
                &["HRANDFIELD", "h10:a", "4611686018427387904", "withvalues"],
                "-ERR value is out of range\r\n",
            )
            .cmd(
                &["HRANDFIELD", "h10:missing", "-4611686018427387903", "WITHVALUES"],
                "*0\r\n",
            )
            .cmd(&["HRANDFIELD", "h10:a", "0"], "*0\r\n")
            .cmd(&["HRANDFIELD", "h10:a", "0", "WITHVALUES"], "*0\r\n")
            .cmd(&["HRANDFIELD", "h10:missing"], "$-1\r\n")
            .cmd(&["HRANDFIELD", "h10:missing", "3"], "*0\r\n")
            .cmd(&["HRANDFIELD", "h10:a"], bulk("a"))
            .cmd(&["HRANDFIELD", "h10:a", "-3"], format!("*3\r\n{}", bulks(&["a", "a", "a"]))),
        hrandfield_shapes("hashes: HRANDFIELD shapes, small hash", "h11:a", 10),
        hrandfield_shapes("hashes: HRANDFIELD shapes, large hash", "h12:a", 600),
        fill_step(Case::new("hashes: HSCAN returns a small hash whole"), "h13:a", 20)
            .cmd(
                &["HSCAN", "h13:a", "0", "COUNT", "1", "MATCH", "f1*"],
                format!(
                    "*2\r\n$1\r\n0\r\n*22\r\n{}",
                    std::iter::once(1)
                        .chain(10..20)
                        .map(|i| bulk(&format!("f{i}")) + &bulk(&format!("v{i}")))
                        .collect::<String>()
                ),
            )
            .cmd(&["HSCAN", "h13:a", "abc"], "-ERR invalid cursor\r\n")
            .cmd(&["HSCAN", "h13:a", " 1"], "-ERR invalid cursor\r\n")
            .cmd(&["HSCAN", "h13:a", "18446744073709551616"], "-ERR invalid cursor\r\n")
            .cmd(&["HSCAN", "h13:a", "0", "COUNT", "0"], "-ERR syntax error\r\n")
            .cmd(
                &["HSCAN", "h13:a", "0", "COUNT", "x"],
                "-ERR value is not an integer or out of range\r\n",
            )
            .cmd(&["HSCAN", "h13:a", "0", "MATCH"], "-ERR syntax error\r\n")
            .cmd(&["HSCAN", "h13:a", "0", "TYPE", "hash"], "-ERR syntax error\r\n")
            .cmd(
                &["HSCAN", "h13:a", "0", "MATCH", "nomatch*"],
                "*2\r\n$1\r\n0\r\n*0\r\n",
            )
            .cmd(&["HSCAN", "h13:missing", "0", "COUNT", "0"], "*2\r\n$1\r\n0\r\n*0\r\n")
            .cmd(&["HSCAN", "h13:missing", "x"], "-ERR invalid cursor\r\n"),
        fill_step(Case::new("hashes: a large hash, whole"), "h14:a", 600)
            .cmd(&["HLEN", "h14:a"], ":600\r\n")
            .cmd_shape(&["HGETALL", "h14:a"], "every pair, any order", whole_hash(600, false))
            .cmd_shape(
                &["HSCAN", "h14:a", "0", "COUNT", "1000"],
                "cursor 0 and every pair, any order",
                whole_hash(600, true),
            )
            .cmd(&["HGET", "h14:a", "f599"], bulk("v599"))
            .cmd(&["HDEL", "h14:a", "f0", "f1"], ":2\r\n")
            .cmd(&["HLEN", "h14:a"], ":598\r\n"),
        Case::new("hashes: hash-max-listpack-* and their ziplist aliases")
            .cmd(
                &["CONFIG", "GET", "hash-max-ziplist-entries"],
                format!("*2\r\n{}", bulks(&["hash-max-ziplist-entries", "512"])),
            )
            .cmd(
                &["CONFIG", "GET", "HASH-MAX-LISTPACK-VALUE"],
                format!("*2\r\n{}", bulks(&["HASH-MAX-LISTPACK-VALUE", "64"])),
            )
            .cmd_shape(
                &["CONFIG", "GET", "hash-max-*"],
                "the four names, any order",
                crate::shapes::config_pairs(
                    false,
                    &[
                        ("hash-max-listpack-entries", "512"),
                        ("hash-max-ziplist-entries", "512"),
                        ("hash-max-listpack-value", "64"),
                        ("hash-max-ziplist-value", "64"),
                    ],
                ),
            )
            .cmd(&["CONFIG", "SET", "hash-max-ziplist-entries", "10"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "hash-max-listpack-entries"],
                format!("*2\r\n{}", bulks(&["hash-max-listpack-entries", "10"])),
            )
            .cmd(&["CONFIG", "SET", "hash-max-listpack-value", "1kb"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "hash-max-ziplist-value"],
                format!("*2\r\n{}", bulks(&["hash-max-ziplist-value", "1024"])),
            )
            .cmd(
                &["CONFIG", "SET", "HASH-max-ziplist-entries", "-5"],
                "-ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument must be between 0 and 9223372036854775807 inclusive\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "hash-max-listpack-entries", "1kb"],
                "-ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument couldn't be parsed into an integer\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "hash-max-listpack-value", "-1"],
                "-ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument must be a memory value\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "hash-max-listpack-entries", "5", "hash-max-listpack-entries", "6"],
                "-ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - duplicate parameter\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "hash-max-listpack-entries", "5", "hash-max-ziplist-entries", "512"],
                "+OK\r\n",
            )
            .cmd(&["CONFIG", "SET", "hash-max-listpack-value", "64"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "hash-max-listpack-entries"],
                format!("*2\r\n{}", bulks(&["hash-max-listpack-entries", "512"])),
            ),
        Case::new("hashes: OBJECT ENCODING follows the conversion limits")
            .cmd(&["HSET", "h16:a", "f", "v"], ":1\r\n")
            .cmd(&["OBJECT", "ENCODING", "h16:a"], bulk("listpack"))
            .cmd(&["HSET", "h16:a", "long", &"x".repeat(65)], ":1\r\n")
            .cmd(&["OBJECT", "ENCODING", "h16:a"], bulk("hashtable"))
            .cmd(&["HDEL", "h16:a", "long"], ":1\r\n")
            .cmd(&["OBJECT", "ENCODING", "h16:a"], bulk("hashtable"))
            .cmd(&["HSET", "h16:b", "f", &"x".repeat(64)], ":1\r\n")
            .cmd(&["OBJECT", "ENCODING", "h16:b"], bulk("listpack"))
            .cmd(&["HINCRBYFLOAT", "h16:c", &"k".repeat(65), "1"], bulk("1"))
            .cmd(&["OBJECT", "ENCODING", "h16:c"], bulk("hashtable")),
        fill_step(Case::new("hashes: OBJECT ENCODING past 512 fields"), "h17:a", 512)
            .cmd(&["OBJECT", "ENCODING", "h17:a"], bulk("listpack"))
            .cmd(&["HSET", "h17:a", "one", "more"], ":1\r\n")
            .cmd(&["OBJECT", "ENCODING", "h17:a"], bulk("hashtable")),
        Case::new("hashes: binary-safe fields and values")
            .step(
                encode_command(&[&b"HSET"[..], b"h15:b", b"\x00\r\n\xff", b""]),
                crate::case::exact(":1\r\n"),
            )
            .step(
                encode_command(&[&b"HGETALL"[..], b"h15:b"]),
                crate::case::exact(b"*2\r\n$4\r\n\x00\r\n\xff\r\n$0\r\n\r\n"),
            ),
    ]
}

/// HRANDFIELD's shapes on a hash of `size` fields, in both protocols.
fn hrandfield_shapes(name: &str, key: &str, size: usize) -> Case {
    let mut case = fill_step(Case::new(name), key, size);
    for resp3 in [false, true] {
        if resp3 {
            case = case.step(
                encode_command(&["HELLO", "3"]),
                vec![Expect::shape("HELLO 3 map", |v| match v {
                    Value::Map(_) => Ok(()),
                    other => Err(format!("expected a map, got {}", other.kind())),
                })],
            );
        }
        for (count, with_values) in [
            (3i64, false),
            (3, true),
            (size as i64 - 1, false),
            (size as i64 - 1, true),
            (size as i64 + 5, true),
            (-25, false),
            (-25, true),
        ] {
            let expected_len = if count < 0 {
                count.unsigned_abs() as usize
            } else {
                (count as usize).min(size)
            };
            let count_text = count.to_string();
            let mut args = vec!["HRANDFIELD", key, &count_text];
            if with_values {
                args.push("WITHVALUES");
            }
            case = case.cmd_shape(
                &args,
                format!("{expected_len} fields (distinct: {})", count > 0),
                random_fields(size, expected_len, count > 0, with_values, resp3),
            );
        }
        case = case.cmd_shape(&["HRANDFIELD", key], "one field", move |v| {
            let field = bytes_of(v)?;
            check_pair(&field, &[b"v", &field[1..]].concat())
        });
    }
    case
}
