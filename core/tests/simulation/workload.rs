//! Random commands and their wire encodings.
//!
//! The key space is tiny so clients collide on keys, types clash
//! (WRONGTYPE) and deadlines set by one client are observed by another.
//! Expire amounts cluster around "now" (a few ms to a few hundred ms, or a
//! few seconds) so the clock regularly lands exactly on deadlines.

use super::rng::Rng;

/// Keys every client draws from, binary ones included (empty, CR LF, NUL,
/// non-UTF-8, a space for the inline quoting).
pub const KEYS: &[&[u8]] = &[
    b"a",
    b"b",
    b"c",
    b"k:1",
    b"k:2",
    b"",
    b"bin\0\r\nkey",
    b"sp ace",
    b"\xff\xfe",
];

/// Databases the workload selects (a few, so DBSIZE and FLUSHDB stay busy).
const DBS: &[&[u8]] = &[b"0", b"1", b"2", b"3"];

/// Names no version of the core will ever implement.
const UNKNOWN: &[&str] = &["nosuchcmd", "xyzzy", "Foo_Bar"];

pub fn key(rng: &mut Rng) -> Vec<u8> {
    rng.pick(KEYS).to_vec()
}

/// A binary value: bytes that matter to RESP framing appear often. Under a
/// small `maxmemory` some are large, up to beyond the limit on their own.
pub fn value(rng: &mut Rng, evict: bool) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ab01\r\n\0 \xff\"'\\";
    if evict && rng.chance(8) {
        let len = match rng.below(10) {
            0 => rng.range(3000, 6000),
            _ => rng.range(40, 600),
        } as usize;
        return vec![b'v'; len];
    }
    if rng.chance(10) {
        return rng.range(-1000, 1000).to_string().into_bytes();
    }
    let len = rng.below(11) as usize;
    (0..len).map(|_| *rng.pick(ALPHABET)).collect()
}

/// The command name (or an option word) in random letter case.
pub fn cased(rng: &mut Rng, word: &str) -> Vec<u8> {
    match rng.below(10) {
        0..=6 => word.to_ascii_uppercase().into_bytes(),
        7 | 8 => word.to_ascii_lowercase().into_bytes(),
        _ => word
            .bytes()
            .map(|b| {
                if rng.chance(50) {
                    b.to_ascii_uppercase()
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect(),
    }
}

/// One of `words`, in random letter case.
pub fn one_of(rng: &mut Rng, words: &[&str]) -> Vec<u8> {
    let word = *rng.pick(words);
    cased(rng, word)
}

/// An argument that is not a valid integer, or overflows what is checked.
pub fn bad_number(rng: &mut Rng) -> Vec<u8> {
    let junk: &[&str] = &[
        "abc",
        "1.5",
        "",
        "+5",
        "05",
        "-0",
        " 1",
        "9223372036854775808",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854776",
        "-9223372036854776",
        "4294967296",
    ];
    rng.pick(junk).as_bytes().to_vec()
}

/// A relative amount in milliseconds.
pub(super) fn millis(rng: &mut Rng) -> Vec<u8> {
    let n = match rng.weighted(&[25, 35, 15, 5, 8, 6]) {
        0 => rng.range(1, 5),
        1 => rng.range(1, 400),
        2 => rng.range(400, 3000),
        3 => 0,
        4 => rng.range(-300, -1),
        _ => return bad_number(rng),
    };
    n.to_string().into_bytes()
}

/// A relative amount in seconds.
pub(super) fn seconds(rng: &mut Rng) -> Vec<u8> {
    let n = match rng.weighted(&[50, 10, 10, 10, 6]) {
        0 => rng.range(1, 3),
        1 => 0,
        2 => rng.range(-3, -1),
        3 => rng.range(4, 10),
        _ => return bad_number(rng),
    };
    n.to_string().into_bytes()
}

/// An absolute Unix time for EXPIREAT (`unit_ms` 1000) or PEXPIREAT (1):
/// mostly around now, sometimes long past, or beyond what fits.
fn unix_time(rng: &mut Rng, unix_now: i64, unit_ms: i64) -> Vec<u8> {
    let n = match rng.weighted(&[60, 10, 8, 6]) {
        0 if unit_ms == 1000 => unix_now / 1000 + rng.range(-2, 4),
        0 => unix_now + rng.range(-5, 400),
        1 => rng.range(-2, 5),
        2 => unix_now / unit_ms - rng.range(1, 5000),
        // Errors only: not an integer, or seconds that overflow as ms. (A
        // valid far-future Unix time would let the clock jump to it.)
        _ if unit_ms == 1000 => {
            let junk = [
                "9223372036854776",
                "-9223372036854776",
                "9223372036854775807",
                "1.5",
            ];
            return rng.pick(&junk).as_bytes().to_vec();
        }
        _ => {
            let junk = ["abc", "", "+5", "05", "-0", "9223372036854775808"];
            return rng.pick(&junk).as_bytes().to_vec();
        }
    };
    n.to_string().into_bytes()
}

/// The eviction settings a run starts with or CONFIG SET changes to: a
/// few KB, so eviction happens all the time.
pub const MAXMEMORY: &[&str] = &["600", "1000", "1500", "2000", "3000", "4kb", "2k", "0"];

fn config_set(rng: &mut Rng) -> Vec<Vec<u8>> {
    let mut args = vec![cased(rng, "config"), cased(rng, "set")];
    let params = ["maxmemory", "maxmemory-policy", "maxmemory-samples"];
    let first = rng.below(3) as usize;
    let count = if rng.chance(25) { 2 } else { 1 };
    for k in 0..count {
        let param = params[(first + k) % 3];
        args.push(cased(rng, param));
        args.push(match param {
            "maxmemory" if rng.chance(5) => b"lots".to_vec(),
            "maxmemory" => rng.pick(MAXMEMORY).as_bytes().to_vec(),
            "maxmemory-policy" if rng.chance(5) => b"lru".to_vec(),
            "maxmemory-policy" => {
                let policy = rng.pick(&miniredis_core::EvictionPolicy::ALL).name();
                cased(rng, policy)
            }
            _ => rng.range(1, 10).to_string().into_bytes(),
        });
    }
    args
}

fn set_options(rng: &mut Rng, unix_now: i64, args: &mut Vec<Vec<u8>>) {
    let count = *rng.pick(&[0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 3]);
    for _ in 0..count {
        match rng.weighted(&[12, 12, 10, 8, 12, 14, 8, 8, 1, 1]) {
            0 => args.push(cased(rng, "nx")),
            1 => args.push(cased(rng, "xx")),
            2 => args.push(cased(rng, "get")),
            3 => args.push(cased(rng, "keepttl")),
            4 => {
                args.push(cased(rng, "ex"));
                args.push(seconds(rng));
            }
            5 => {
                args.push(cased(rng, "px"));
                args.push(millis(rng));
            }
            6 => {
                args.push(cased(rng, "exat"));
                let at = if rng.chance(5) {
                    rng.range(-1, 0)
                } else {
                    unix_now / 1000 + rng.range(-1, 3)
                };
                args.push(at.to_string().into_bytes());
            }
            7 => {
                args.push(cased(rng, "pxat"));
                let at = if rng.chance(5) {
                    rng.range(-1, 0)
                } else {
                    unix_now + rng.range(-5, 400)
                };
                args.push(at.to_string().into_bytes());
            }
            8 => args.push(cased(rng, "px")), // missing its value
            _ => args.push(cased(rng, "bogus")),
        }
    }
}

/// A command with the wrong number of arguments.
fn wrong_arity(rng: &mut Rng) -> Vec<Vec<u8>> {
    let (name, extra): (&str, usize) = *rng.pick(&[
        ("get", 0),
        ("get", 2),
        ("set", 1),
        ("setex", 2),
        ("psetex", 4),
        ("del", 0),
        ("exists", 0),
        ("expire", 1),
        ("persist", 0),
        ("ttl", 2),
        ("type", 0),
        ("dbsize", 1),
        ("lpush", 1),
        ("rpop", 0),
        ("lpop", 3),
        ("select", 0),
        ("echo", 2),
        ("ping", 2),
        ("flushdb", 2),
        ("expireat", 1),
        ("pexpiretime", 0),
        ("expiretime", 2),
        ("time", 1),
        ("memory", 0),
        ("lindex", 1),
        ("lrange", 2),
        ("lmove", 3),
        ("lmpop", 2),
        ("lpos", 1),
        ("rpoplpush", 1),
        ("hset", 2),
        ("hget", 1),
        ("hgetall", 0),
        ("hsetnx", 2),
        ("hincrbyfloat", 4),
        ("hrandfield", 0),
        ("hscan", 1),
    ]);
    let mut args = vec![cased(rng, name)];
    for _ in 0..extra {
        args.push(key(rng));
    }
    args
}

/// One random command as its argument vector; `evict` adds CONFIG SET of
/// the eviction settings and large values (runs with a small maxmemory).
pub fn command(rng: &mut Rng, unix_now: i64, evict: bool) -> Vec<Vec<u8>> {
    let kind = rng.weighted(&[
        12,                         // get
        14,                         // set
        3,                          // setex
        3,                          // psetex
        4,                          // del
        3,                          // exists
        8,                          // expire / pexpire
        3,                          // persist
        5,                          // ttl / pttl
        3,                          // type
        3,                          // dbsize
        7,                          // lpush / rpush
        6,                          // lpop / rpop
        3,                          // select
        1,                          // flushdb / flushall
        2,                          // ping / echo
        1,                          // hello
        2,                          // wrong arity
        1,                          // unknown command
        1,                          // quit
        5,                          // expireat / pexpireat
        3,                          // expiretime / pexpiretime
        1,                          // time
        2,                          // memory usage
        6,                          // keyspace (model_keys.rs)
        20,                         // sorted sets (model_zset.rs)
        16,                         // the other list commands
        20,                         // set commands (set_command)
        if evict { 2 } else { 0 },  // config set
        20,                         // strings (workload_strings.rs)
        20,                         // a hash command (hash_command)
        1,                          // config set hash-max-*
        if evict { 0 } else { 4 },  // transactions (model_multi.rs)
        if evict { 0 } else { 12 }, // streams (workload_streams.rs)
    ]);
    let mut args: Vec<Vec<u8>> = Vec::new();
    match kind {
        0 => args.extend([cased(rng, "get"), key(rng)]),
        1 => {
            args.extend([cased(rng, "set"), key(rng), value(rng, evict)]);
            set_options(rng, unix_now, &mut args);
        }
        2 => args.extend([
            cased(rng, "setex"),
            key(rng),
            seconds(rng),
            value(rng, evict),
        ]),
        3 => args.extend([
            cased(rng, "psetex"),
            key(rng),
            millis(rng),
            value(rng, evict),
        ]),
        4 | 5 => {
            args.push(cased(rng, if kind == 4 { "del" } else { "exists" }));
            for _ in 0..rng.range(1, 3) {
                args.push(key(rng));
            }
        }
        6 => {
            if rng.chance(50) {
                args.extend([cased(rng, "expire"), key(rng), seconds(rng)]);
            } else {
                args.extend([cased(rng, "pexpire"), key(rng), millis(rng)]);
            }
            for _ in 0..*rng.pick(&[0, 0, 0, 1, 1, 1, 2]) {
                let opt = *rng.pick(&["nx", "xx", "gt", "lt", "nx", "xx", "gt", "lt", "zz"]);
                args.push(cased(rng, opt));
            }
        }
        7 => args.extend([cased(rng, "persist"), key(rng)]),
        8 => args.extend([one_of(rng, &["ttl", "pttl"]), key(rng)]),
        9 => args.extend([cased(rng, "type"), key(rng)]),
        10 => args.push(cased(rng, "dbsize")),
        11 => {
            args.extend([one_of(rng, &["lpush", "rpush"]), key(rng)]);
            for _ in 0..rng.range(1, 3) {
                args.push(value(rng, evict));
            }
        }
        12 => {
            args.extend([one_of(rng, &["lpop", "rpop"]), key(rng)]);
            match rng.below(10) {
                0..=4 => {}
                5..=8 => args.push(rng.range(0, 4).to_string().into_bytes()),
                _ => args.push(if rng.chance(50) {
                    b"-1".to_vec()
                } else {
                    bad_number(rng)
                }),
            }
        }
        13 => {
            args.push(cased(rng, "select"));
            args.push(match rng.below(20) {
                0 => b"16".to_vec(),
                1 => b"-1".to_vec(),
                2 => bad_number(rng),
                _ => rng.pick(DBS).to_vec(),
            });
        }
        14 => {
            args.push(one_of(rng, &["flushdb", "flushdb", "flushall"]));
            match rng.below(6) {
                0 => args.push(cased(rng, "async")),
                1 => args.push(cased(rng, "sync")),
                2 => args.push(cased(rng, "now")),
                _ => {}
            }
        }
        15 => {
            if rng.chance(50) {
                args.push(cased(rng, "ping"));
                if rng.chance(40) {
                    args.push(value(rng, evict));
                }
            } else {
                args.extend([cased(rng, "echo"), value(rng, evict)]);
            }
        }
        16 => {
            args.push(cased(rng, "hello"));
            match rng.below(10) {
                0..=3 => args.push(b"3".to_vec()),
                4..=6 => args.push(b"2".to_vec()),
                7 => {}
                8 => args.push(b"4".to_vec()),
                _ => args.push(b"x".to_vec()),
            }
        }
        17 => args = wrong_arity(rng),
        18 => {
            args.push(rng.pick(UNKNOWN).as_bytes().to_vec());
            for _ in 0..rng.below(4) {
                let len = if rng.chance(20) {
                    150
                } else {
                    1 + rng.below(6)
                };
                // Printable ASCII only: Redis formats this message as a C
                // string, which would stop at a NUL.
                args.push((0..len).map(|_| b'!' + rng.below(94) as u8).collect());
            }
        }
        19 => args.push(cased(rng, "quit")),
        20 => {
            let unit_ms = if rng.chance(50) {
                args.push(cased(rng, "expireat"));
                1000
            } else {
                args.push(cased(rng, "pexpireat"));
                1
            };
            args.extend([key(rng), unix_time(rng, unix_now, unit_ms)]);
            for _ in 0..*rng.pick(&[0, 0, 0, 1, 1, 1, 2]) {
                let opt = *rng.pick(&["nx", "xx", "gt", "lt", "nx", "xx", "gt", "lt", "zz"]);
                args.push(cased(rng, opt));
            }
        }
        21 => args.extend([one_of(rng, &["expiretime", "pexpiretime"]), key(rng)]),
        22 => args.push(cased(rng, "time")),
        23 => {
            args.extend([cased(rng, "memory"), cased(rng, "usage")]);
            match rng.below(14) {
                0 => {}
                1 => {
                    let junk = rng
                        .pick(&["abc", "1.5", "", "+5", "05"])
                        .as_bytes()
                        .to_vec();
                    args.extend([key(rng), cased(rng, "samples"), junk]);
                }
                2 => args.extend([key(rng), cased(rng, "bogus")]),
                // A negative count, a repeated SAMPLES, a dangling one.
                3 => args.extend([key(rng), cased(rng, "samples"), b"-1".to_vec()]),
                4 => args.extend([
                    key(rng),
                    cased(rng, "samples"),
                    b"3".to_vec(),
                    cased(rng, "samples"),
                    rng.range(0, 3).to_string().into_bytes(),
                ]),
                5 => args.extend([
                    key(rng),
                    cased(rng, "samples"),
                    b"1".to_vec(),
                    cased(rng, "samples"),
                ]),
                6..=7 => args.extend([
                    key(rng),
                    cased(rng, "samples"),
                    rng.range(0, 10).to_string().into_bytes(),
                ]),
                _ => args.push(key(rng)),
            }
        }
        24 => args = super::model_keys::command(rng, evict, key),
        25 => args = super::model_zset::command(rng),
        26 => args = super::workload_lists::command(rng, evict),
        27 => args = set_command(rng),
        29 => args = super::workload_strings::command(rng, evict),
        30 => args = hash_command(rng, evict),
        31 => args = hash_config_set(rng),
        32 => args = super::model_multi::command(rng),
        33 => args = super::workload_streams::command(rng, evict),
        _ => args = config_set(rng),
    }
    args
}

/// Fields the hash commands draw from: a few short ones (binary ones
/// included) and, rarely, one longer than any `hash-max-listpack-value`
/// the simulation sets but the default.
fn field(rng: &mut Rng) -> Vec<u8> {
    const FIELDS: &[&[u8]] = &[b"f1", b"f2", b"f3", b"a", b"", b"f\0\r\n", b"\xff"];
    if rng.chance(3) {
        return vec![b'F'; 70];
    }
    rng.pick(FIELDS).to_vec()
}

/// HINCRBYFLOAT increments: numbers the model holds exactly (integers and
/// short binary fractions, in every spelling strtold takes), and ones
/// Redis refuses.
const FLOAT_INCREMENTS: &[&str] = &[
    "0.5",
    "-0.25",
    "1.125",
    "3",
    "-7",
    "100.0625",
    "1e2",
    "2.5e-1",
    "0x10",
    ".5",
    "5.",
    "+1.5",
    "-0",
    "0",
    "1E1",
    "-1e0",
    "abc",
    "nan",
    "inf",
    "-Infinity",
    "1e",
    " 1",
    "",
    "0x",
    "1e5000",
];

/// HSCAN patterns: prefix, suffix, one byte, classes, an escape.
const PATTERNS: &[&str] = &["f*", "*1", "?", "f[12]", "[^f]*", "*", "a\\*", "F*"];

/// One random hash command, valid or not.
fn hash_command(rng: &mut Rng, evict: bool) -> Vec<Vec<u8>> {
    let name = *rng.pick(&[
        "hset",
        "hset",
        "hset",
        "hmset",
        "hsetnx",
        "hget",
        "hget",
        "hmget",
        "hgetall",
        "hkeys",
        "hvals",
        "hlen",
        "hstrlen",
        "hexists",
        "hdel",
        "hdel",
        "hincrby",
        "hincrbyfloat",
        "hincrbyfloat",
        "hrandfield",
        "hrandfield",
        "hscan",
        "hscan",
    ]);
    let mut args = vec![cased(rng, name), key(rng)];
    match name {
        "hset" | "hmset" => {
            for _ in 0..rng.range(1, 3) {
                args.extend([field(rng), value(rng, evict)]);
            }
            if rng.chance(8) {
                args.push(field(rng)); // odd: an arity error
            }
        }
        "hsetnx" => args.extend([field(rng), value(rng, evict)]),
        "hget" | "hstrlen" | "hexists" => args.push(field(rng)),
        "hmget" | "hdel" => {
            for _ in 0..rng.range(1, 3) {
                args.push(field(rng));
            }
        }
        "hincrby" => {
            args.push(field(rng));
            args.push(match rng.below(12) {
                0 => bad_number(rng),
                1 => rng
                    .pick(&["9223372036854775807", "-9223372036854775808"])
                    .as_bytes()
                    .to_vec(),
                _ => rng.range(-5, 5).to_string().into_bytes(),
            });
        }
        "hincrbyfloat" => {
            args.push(field(rng));
            args.push(rng.pick(FLOAT_INCREMENTS).as_bytes().to_vec());
        }
        "hrandfield" => match rng.below(12) {
            0..=2 => {}
            3 => args.push(
                rng.pick(&["-9223372036854775808", "abc", "4611686018427387904"])
                    .as_bytes()
                    .to_vec(),
            ),
            _ => {
                // Small positive counts often: the hashes are small, and
                // a count below their size asks for distinct fields.
                let count = match rng.below(8) {
                    0 => rng.range(-30, -10),
                    1 => rng.range(10, 30),
                    2..=4 => rng.range(1, 2),
                    _ => rng.range(-5, 5),
                };
                args.push(count.to_string().into_bytes());
                match rng.below(10) {
                    0..=4 => {}
                    5..=8 => args.push(cased(rng, "withvalues")),
                    _ => args.push(cased(rng, "bogus")),
                }
            }
        },
        "hscan" => {
            args.push(match rng.below(10) {
                0..=5 => b"0".to_vec(),
                6 | 7 => rng.range(1, 12).to_string().into_bytes(),
                8 => b"-1".to_vec(),
                _ => rng.pick(&["abc", " 1", "", "+3"]).as_bytes().to_vec(),
            });
            for _ in 0..*rng.pick(&[0, 0, 1, 1, 2]) {
                match rng.below(8) {
                    0..=2 => {
                        args.extend([cased(rng, "match"), rng.pick(PATTERNS).as_bytes().to_vec()])
                    }
                    3..=5 => args.extend([
                        cased(rng, "count"),
                        rng.range(1, 6).to_string().into_bytes(),
                    ]),
                    6 => args.extend([
                        cased(rng, "count"),
                        rng.pick(&["0", "x"]).as_bytes().to_vec(),
                    ]),
                    _ => args.push(cased(rng, "novalues")),
                }
            }
        }
        _ => {} // HGETALL, HKEYS, HVALS, HLEN: the key alone
    }
    args
}

/// Set members: integers (intsets) and other bytes (hashed sets).
const MEMBERS: &[&[u8]] = &[
    b"1", b"2", b"3", b"-5", b"10", b"a", b"b", b"x y", b"\0", b"",
];

/// A key for a set command: mostly one only set commands use, so sets
/// live long enough to grow, sometimes one every command shares.
fn set_key(rng: &mut Rng) -> Vec<u8> {
    if rng.chance(60) {
        rng.pick(&[&b"s:1"[..], b"s:2"]).to_vec()
    } else {
        key(rng)
    }
}

/// One set command, with its argument errors now and then.
fn set_command(rng: &mut Rng) -> Vec<Vec<u8>> {
    let member = |rng: &mut Rng| rng.pick(MEMBERS).to_vec();
    let name = *rng.pick(&[
        "sadd",
        "sadd",
        "sadd",
        "srem",
        "scard",
        "sismember",
        "smismember",
        "smembers",
        "smove",
        "spop",
        "spop",
        "srandmember",
        "sscan",
        "sinter",
        "sunion",
        "sdiff",
        "sinterstore",
        "sunionstore",
        "sdiffstore",
        "sintercard",
    ]);
    let mut args = vec![cased(rng, name), set_key(rng)];
    match name {
        "sadd" | "srem" | "smismember" => {
            for _ in 0..rng.range(1, 4) {
                args.push(member(rng));
            }
        }
        "sismember" => args.push(member(rng)),
        "scard" | "smembers" => {}
        "smove" => args.extend([set_key(rng), member(rng)]),
        "spop" | "srandmember" => match rng.below(10) {
            0..=3 => {}
            4..=7 => args.push(rng.range(-3, 6).to_string().into_bytes()),
            // Not bad_number(): a huge negative SRANDMEMBER count asks for
            // that many members (in Redis too).
            8 => {
                let junk = ["abc", "1.5", "", "+5", "05", "-0", "-9223372036854775808"];
                args.push(rng.pick(&junk).as_bytes().to_vec());
            }
            _ => args.extend([b"1".to_vec(), b"2".to_vec()]),
        },
        "sscan" => {
            let cursor = *rng.pick(&["0", "0", "0", "1", "3", "-1", "abc", ""]);
            args.push(cursor.as_bytes().to_vec());
            for _ in 0..*rng.pick(&[0, 0, 1, 1, 2]) {
                match rng.below(8) {
                    0..=2 => {
                        args.push(cased(rng, "match"));
                        args.push(rng.pick(&["*", "?", "[a1]*", "*y"]).as_bytes().to_vec());
                    }
                    3..=5 => {
                        args.push(cased(rng, "count"));
                        args.push(rng.range(-1, 5).to_string().into_bytes());
                    }
                    6 => args.push(cased(rng, "count")),
                    _ => args.extend([cased(rng, "bogus"), b"1".to_vec()]),
                }
            }
        }
        "sinter" | "sunion" | "sdiff" | "sinterstore" | "sunionstore" | "sdiffstore" => {
            for _ in 0..rng.range(0, 2) {
                args.push(set_key(rng));
            }
        }
        _ => {
            // SINTERCARD numkeys key [key ...] [LIMIT limit]: the key drawn
            // above becomes numkeys.
            let keys = rng.range(1, 3);
            args[1] = match rng.below(10) {
                0 => b"0".to_vec(),
                1 => (keys + 1).to_string().into_bytes(),
                _ => keys.to_string().into_bytes(),
            };
            for _ in 0..keys {
                args.push(set_key(rng));
            }
            match rng.below(6) {
                0 => args.extend([
                    cased(rng, "limit"),
                    rng.range(-1, 3).to_string().into_bytes(),
                ]),
                1 => args.push(cased(rng, "limit")),
                _ => {}
            }
        }
    }
    args
}

/// CONFIG SET of the hash conversion limits (or their aliases), with
/// small values so hashes turn into tables, and sometimes a bad one.
fn hash_config_set(rng: &mut Rng) -> Vec<Vec<u8>> {
    let param = *rng.pick(&[
        "hash-max-listpack-entries",
        "hash-max-ziplist-entries",
        "hash-max-listpack-value",
        "hash-max-ziplist-value",
    ]);
    let value = if rng.chance(10) {
        rng.pick(&["-1", "x", "1kb"]).as_bytes().to_vec()
    } else if param.ends_with("entries") {
        rng.pick(&["0", "1", "2", "3", "512"]).as_bytes().to_vec()
    } else {
        rng.pick(&["0", "2", "4", "64"]).as_bytes().to_vec()
    };
    vec![
        cased(rng, "config"),
        cased(rng, "set"),
        cased(rng, param),
        value,
    ]
}

/// RESP multibulk encoding of a command.
pub fn multibulk(args: &[Vec<u8>]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Inline encoding: plain words as they are, anything else (empty, blanks,
/// quotes, binary) inside double quotes with `\xHH` escapes.
pub fn inline(args: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        let plain = !arg.is_empty()
            && arg
                .iter()
                .all(|&b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'\\'));
        if plain {
            out.extend_from_slice(arg);
            continue;
        }
        out.push(b'"');
        for &b in arg {
            if b.is_ascii_graphic() && !matches!(b, b'"' | b'\\') || b == b' ' {
                out.push(b);
            } else {
                out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
            }
        }
        out.push(b'"');
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// Encodes a command the way a client would: mostly multibulk, sometimes
/// inline. An inline line must not start with `*` (it would be read as
/// multibulk), so such commands stay multibulk.
pub fn encode(rng: &mut Rng, args: &[Vec<u8>]) -> Vec<u8> {
    if rng.chance(20) && !args[0].starts_with(b"*") {
        inline(args)
    } else {
        multibulk(args)
    }
}
