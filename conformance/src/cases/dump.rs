//! DUMP and RESTORE (keys `d:*`): DUMP's exact payload bytes for small
//! values of each type (the RDB encodings redis-server 7.0.15 writes:
//! listpack, quicklist 2, intset, integer strings), RESTORE of Redis's
//! payloads of every type with equal contents, an old-format (RDB 9
//! ziplist) payload, every error in Redis's order, and the TTL, REPLACE,
//! ABSTTL and IDLETIME options.
//!
//! The payloads were taken from redis-server 7.0.15's DUMP; the corrupt
//! ones were made from them with a recomputed CRC-64 (fuzz/make_corpus.py
//! has the same helper).

use crate::case::Case;
use crate::shapes;

const STR: &[u8] = b"\x00\x05hello\x0a\x00cr\xdfve4 \x0a";
const INT: &[u8] = b"\x00\xc1\xd4\xfe\x0a\x00\xc6\xc4\x86#\xfe\xbe\xde.";
const LIST: &[u8] = b"\x12\x01\x02\x12\x12\x00\x00\x00\x04\x00\x81a\x02\x01\x01\xdf\xff\x02\xc3\xe8\x02\xff\x0a\x00\x846~8x#\xa0(";
const HASH: &[u8] = b"\x10\x12\x12\x00\x00\x00\x04\x00\x81f\x02\x81v\x02\x81n\x02\x05\x01\xff\x0a\x00\x84\x90\x93\x9fW\xb4\xf3\xc2";
const ZSET: &[u8] = b"\x11\x1d\x1d\x00\x00\x00\x06\x00\x81c\x02\x84-inf\x05\x81a\x02\x01\x01\x81b\x02\x832.5\x04\xff\x0a\x009\x923\x9b\xe1\x1f2=";
const INTSET: &[u8] = b"\x0b\x14\x04\x00\x00\x00\x03\x00\x00\x00\x01\x00\x00\x00\x03\x00\x00\x00p\x11\x01\x00\x0a\x00I\x93@\xedT\xefJ\xfa";
const SET: &[u8] = b"\x02\x01\x01x\x0a\x00\xff\xe8\x80\xbav\x0c/\x09";
const STREAM: &[u8] = b"\x13\x01\x10\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x0188\x00\x00\x00\x16\x00\x03\x01\x00\x01\x01\x01\x81f\x02\x00\x01\x02\x01\x00\x01\x00\x01\x81v\x02\x04\x01\x02\x01\x00\x01\x01\x01\x81w\x02\x04\x01\x00\x01\x01\x01\xdf\xff\x02\x01\x01\x81g\x02\x01\x01\x06\x01\xff\x03\x06\x00\x05\x01\x00\x00\x03\x00\x0a\x00~\x82\xd5\xc2\x0d.\xf2\x96";
const BAD_CRC: &[u8] = b"\x12\x01\x02\x12\x12\x00\x00\x00\x04\x00\x81a\x02\x01\x01\xdf\xff\x02\xc3\xe8\x02\xff\x0a\x00\x846~8x#\xa0)";
const VERSION_11: &[u8] = b"\x12\x01\x02\x12\x12\x00\x00\x00\x04\x00\x81a\x02\x01\x01\xdf\xff\x02\xc3\xe8\x02\xff\x0b\x00\xed\xe9\xc3K\x85\xbcI\xa1";
const ODD_HASH: &[u8] =
    b"\x10\x0a\x0a\x00\x00\x00\x01\x00\x81a\x02\xff\x0a\x00\x11G\xeb\x83\xb3\x92\xe8\xb8";
const EMPTY_LIST: &[u8] = b"\x12\x00\x0a\x00i\xf6\x84[j\x1b\xbfW";
const UNKNOWN_TYPE: &[u8] = b"c\x00\x0a\x00k\x89v\xbc*\xe5$\x98";
const VERSION_9_ZIPLIST: &[u8] = b"\x0a\x12\x12\x00\x00\x00\x0d\x00\x00\x00\x02\x00\x00\x01a\x03\x02bc\xff\x09\x00_\x89e~)\xc5,{";

/// One command with binary arguments, as multibulk.
fn command(args: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// RESTORE key ttl payload [options...].
fn restore(key: &str, ttl: &str, payload: &[u8], options: &[&str]) -> Vec<u8> {
    let mut args: Vec<&[u8]> = vec![b"RESTORE", key.as_bytes(), ttl.as_bytes(), payload];
    args.extend(options.iter().map(|o| o.as_bytes()));
    command(&args)
}

/// A bulk reply of `bytes`.
fn bulk(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("${}\r\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    out
}

const OK: &str = "+OK\r\n";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("dump: DUMP payloads are Redis's bytes")
            .cmd(&["DEL", "d:s", "d:i", "d:l", "d:h", "d:z", "d:si", "d:ss"], ":0\r\n")
            .cmd(&["SET", "d:s", "hello"], OK)
            .cmd(&["SET", "d:i", "-300"], OK)
            .cmd(&["RPUSH", "d:l", "a", "1", "-1", "1000"], ":4\r\n")
            .cmd(&["HSET", "d:h", "f", "v", "n", "5"], ":2\r\n")
            .cmd(&["ZADD", "d:z", "1", "a", "2.5", "b", "-inf", "c"], ":3\r\n")
            .cmd(&["SADD", "d:si", "3", "1", "70000"], ":3\r\n")
            .cmd(&["SADD", "d:ss", "x"], ":1\r\n")
            .cmd(&["DUMP", "d:s"], bulk(STR))
            .cmd(&["DUMP", "d:i"], bulk(INT))
            .cmd(&["DUMP", "d:l"], bulk(LIST))
            .cmd(&["DUMP", "d:h"], bulk(HASH))
            .cmd(&["DUMP", "d:z"], bulk(ZSET))
            .cmd(&["DUMP", "d:si"], bulk(INTSET))
            .cmd(&["DUMP", "d:ss"], bulk(SET))
            .cmd(&["DUMP", "d:missing"], "$-1\r\n")
            .cmd(&["DEL", "d:s", "d:i", "d:l", "d:h", "d:z", "d:si", "d:ss"], ":7\r\n"),
        Case::new("dump: rdbcompression decides LZF for long strings")
            .cmd(&["CONFIG", "SET", "rdbcompression", "no"], OK)
            .cmd(&["SET", "d:long", &"a".repeat(100)], OK)
            .cmd(
                &["DUMP", "d:long"],
                bulk(&[&b"\x00\x40\x64"[..], &[b'a'; 100], b"\x0a\x00\xaf\xa7\xa1\xbfiqpE"].concat()),
            )
            .cmd(&["CONFIG", "SET", "rdbcompression", "yes"], OK)
            .cmd(&["DEL", "d:long"], ":1\r\n"),
        Case::new("dump: RESTORE of every type gives the same contents")
            .raw(restore("d:r:s", "0", STR, &[]), OK)
            .cmd(&["GET", "d:r:s"], "$5\r\nhello\r\n")
            .raw(restore("d:r:i", "0", INT, &[]), OK)
            .cmd(&["GET", "d:r:i"], "$4\r\n-300\r\n")
            .cmd(&["OBJECT", "ENCODING", "d:r:i"], "$3\r\nint\r\n")
            .raw(restore("d:r:l", "0", LIST, &[]), OK)
            .cmd(&["LRANGE", "d:r:l", "0", "-1"], "*4\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\n-1\r\n$4\r\n1000\r\n")
            .raw(restore("d:r:h", "0", HASH, &[]), OK)
            .cmd(&["HGETALL", "d:r:h"], "*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nn\r\n$1\r\n5\r\n")
            .cmd(&["OBJECT", "ENCODING", "d:r:h"], "$8\r\nlistpack\r\n")
            .raw(restore("d:r:z", "0", ZSET, &[]), OK)
            .cmd(
                &["ZRANGE", "d:r:z", "0", "-1", "WITHSCORES"],
                "*6\r\n$1\r\nc\r\n$4\r\n-inf\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n",
            )
            .raw(restore("d:r:si", "0", INTSET, &[]), OK)
            .cmd(&["SMEMBERS", "d:r:si"], "*3\r\n$1\r\n1\r\n$1\r\n3\r\n$5\r\n70000\r\n")
            .cmd(&["OBJECT", "ENCODING", "d:r:si"], "$6\r\nintset\r\n")
            .raw(restore("d:r:ss", "0", SET, &[]), OK)
            .cmd(&["SMEMBERS", "d:r:ss"], "*1\r\n$1\r\nx\r\n")
            .raw(restore("d:r:x", "0", STREAM, &[]), OK)
            .cmd(
                &["XRANGE", "d:r:x", "-", "+"],
                "*3\r\n*2\r\n$3\r\n5-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$3\r\n5-2\r\n*2\r\n$1\r\nf\r\n$1\r\nw\r\n*2\r\n$3\r\n6-0\r\n*2\r\n$1\r\ng\r\n$1\r\n1\r\n",
            )
            .cmd(&["XLEN", "d:r:x"], ":3\r\n")
            .raw(restore("d:r:old", "0", VERSION_9_ZIPLIST, &[]), OK)
            .cmd(&["LRANGE", "d:r:old", "0", "-1"], "*2\r\n$1\r\na\r\n$2\r\nbc\r\n")
            .cmd(&["DEL", "d:r:s", "d:r:i", "d:r:l", "d:r:h", "d:r:z", "d:r:si", "d:r:ss", "d:r:x", "d:r:old"], ":9\r\n"),
        Case::new("dump: RESTORE errors in Redis's order")
            .cmd(&["SET", "d:e", "1"], OK)
            .raw(restore("d:e", "0", LIST, &[]), "-BUSYKEY Target key name already exists.\r\n")
            // Options are read before the key is checked.
            .raw(restore("d:e", "0", LIST, &["BOGUS"]), "-ERR syntax error\r\n")
            .raw(restore("d:e", "-1", LIST, &[]), "-BUSYKEY Target key name already exists.\r\n")
            .raw(restore("d:n", "-1", LIST, &[]), "-ERR Invalid TTL value, must be >= 0\r\n")
            .raw(restore("d:n", "x", LIST, &[]), "-ERR value is not an integer or out of range\r\n")
            .raw(restore("d:n", "0", b"short", &[]), "-ERR DUMP payload version or checksum are wrong\r\n")
            .raw(restore("d:n", "0", BAD_CRC, &[]), "-ERR DUMP payload version or checksum are wrong\r\n")
            .raw(restore("d:n", "0", VERSION_11, &[]), "-ERR DUMP payload version or checksum are wrong\r\n")
            .raw(restore("d:n", "0", ODD_HASH, &[]), "-ERR Bad data format\r\n")
            .raw(restore("d:n", "0", EMPTY_LIST, &[]), "-ERR Bad data format\r\n")
            .raw(restore("d:n", "0", UNKNOWN_TYPE, &[]), "-ERR Bad data format\r\n")
            .raw(restore("d:n", "0", LIST, &["IDLETIME", "-1"]), "-ERR Invalid IDLETIME value, must be >= 0\r\n")
            .raw(restore("d:n", "0", LIST, &["IDLETIME", "x"]), "-ERR value is not an integer or out of range\r\n")
            .raw(restore("d:n", "0", LIST, &["FREQ", "256"]), "-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n")
            .raw(restore("d:n", "0", LIST, &["FREQ", "-1"]), "-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n")
            .raw(restore("d:n", "0", LIST, &["IDLETIME", "1", "FREQ", "1"]), "-ERR syntax error\r\n")
            .raw(restore("d:n", "0", LIST, &["FREQ", "1", "IDLETIME", "1"]), "-ERR syntax error\r\n")
            .raw(restore("d:n", "0", LIST, &["IDLETIME"]), "-ERR syntax error\r\n")
            .cmd(&["RESTORE", "d:n", "0"], "-ERR wrong number of arguments for 'restore' command\r\n")
            .cmd(&["DUMP"], "-ERR wrong number of arguments for 'dump' command\r\n")
            .cmd(&["EXISTS", "d:n"], ":0\r\n")
            .cmd(&["DEL", "d:e"], ":1\r\n"),
        Case::new("dump: RESTORE TTL, REPLACE, ABSTTL, IDLETIME")
            .raw(restore("d:t", "100000", LIST, &[]), OK)
            .cmd_shape(&["PTTL", "d:t"], "PTTL in 99000..=100000", shapes::int_in(99_000, 100_000))
            .raw(restore("d:t", "0", STR, &["REPLACE"]), OK)
            .cmd(&["TTL", "d:t"], ":-1\r\n")
            .cmd(&["GET", "d:t"], "$5\r\nhello\r\n")
            .raw(restore("d:t", "0", LIST, &["REPLACE", "IDLETIME", "1000"]), OK)
            .cmd_shape(&["OBJECT", "IDLETIME", "d:t"], "idle in 1000..=1001", shapes::int_in(1000, 1001))
            .raw(restore("d:t", "4102444800000", LIST, &["REPLACE", "ABSTTL"]), OK)
            .cmd_shape(&["TTL", "d:t"], "TTL far ahead", shapes::int_in(1_000_000, 4_102_444_800))
            // A deadline already past: OK, and the old key is gone.
            .raw(restore("d:t", "1", LIST, &["REPLACE", "ABSTTL"]), OK)
            .cmd(&["EXISTS", "d:t"], ":0\r\n")
            .raw(restore("d:t", "1", LIST, &["ABSTTL"]), OK)
            .cmd(&["EXISTS", "d:t"], ":0\r\n")
            .raw(restore("d:t", "0", LIST, &["FREQ", "100"]), OK)
            .cmd(&["LLEN", "d:t"], ":4\r\n")
            .cmd(&["DEL", "d:t"], ":1\r\n"),
    ]
}
