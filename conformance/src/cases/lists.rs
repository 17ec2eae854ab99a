//! LPUSH/RPUSH, LPOP/RPOP with and without count, LPUSHX/RPUSHX, LLEN,
//! LINDEX, LINSERT, LPOS, LRANGE, LREM, LSET, LTRIM, LMOVE, RPOPLPUSH,
//! LMPOP, and the list CONFIG parameters.

use crate::case::Case;

const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
const MUST_BE_POSITIVE: &str = "-ERR value is out of range, must be positive\r\n";
const NOT_INTEGER: &str = "-ERR value is not an integer or out of range\r\n";
const SYNTAX: &str = "-ERR syntax error\r\n";
const RANK_ZERO: &str = "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n";
const NUMKEYS: &str = "-ERR numkeys should be greater than 0\r\n";
const COUNT: &str = "-ERR count should be greater than 0\r\n";

/// `*n` followed by one bulk string per item.
fn bulks(items: &[&str]) -> String {
    let mut out = format!("*{}\r\n", items.len());
    for item in items {
        out += &format!("${}\r\n{item}\r\n", item.len());
    }
    out
}

/// `*n` followed by one integer per index.
fn ints(items: &[i64]) -> String {
    let mut out = format!("*{}\r\n", items.len());
    for item in items {
        out += &format!(":{item}\r\n");
    }
    out
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("lists: push and pop")
            .cmd(&["LPUSH", "l1:a", "1", "2", "3"], ":3\r\n")
            .cmd(&["RPUSH", "l1:a", "4", "5"], ":5\r\n")
            .cmd(&["LPOP", "l1:a"], "$1\r\n3\r\n")
            .cmd(&["RPOP", "l1:a"], "$1\r\n5\r\n")
            .cmd(&["LPOP", "l1:a", "2"], "*2\r\n$1\r\n2\r\n$1\r\n1\r\n")
            .cmd(&["RPOP", "l1:a", "5"], "*1\r\n$1\r\n4\r\n")
            .cmd(&["EXISTS", "l1:a"], ":0\r\n")
            .cmd(&["LPOP", "l1:a"], "$-1\r\n")
            .cmd(&["RPOP", "l1:a"], "$-1\r\n")
            .cmd(&["LPOP", "l1:a", "2"], "*-1\r\n")
            .cmd(&["RPOP", "l1:a", "0"], "*-1\r\n"),
        Case::new("lists: RPOP with count pops from the tail")
            .cmd(&["RPUSH", "l2:a", "a", "b", "c"], ":3\r\n")
            .cmd(&["RPOP", "l2:a", "2"], "*2\r\n$1\r\nc\r\n$1\r\nb\r\n")
            .cmd(&["LPUSH", "l2:a", "z"], ":2\r\n")
            .cmd(&["LPOP", "l2:a", "10"], "*2\r\n$1\r\nz\r\n$1\r\na\r\n")
            .cmd(&["TYPE", "l2:a"], "+none\r\n"),
        Case::new("lists: count 0 and negative count")
            .cmd(&["RPUSH", "l3:b", "x", "y"], ":2\r\n")
            .cmd(&["LPOP", "l3:b", "0"], "*0\r\n")
            .cmd(&["RPOP", "l3:b", "0"], "*0\r\n")
            .cmd(&["LPOP", "l3:b", "-1"], MUST_BE_POSITIVE)
            .cmd(&["RPOP", "l3:b", "-1"], MUST_BE_POSITIVE)
            .cmd(&["LPOP", "l3:b", "x"], MUST_BE_POSITIVE)
            .cmd(&["LPOP", "l3:missing", "-1"], MUST_BE_POSITIVE)
            .cmd(&["LPOP", "l3:missing", "0"], "*-1\r\n")
            .cmd(&["RPOP", "l3:b", "1"], "*1\r\n$1\r\ny\r\n"),
        Case::new("lists: arity")
            .cmd(
                &["LPOP", "l4:b", "1", "2"],
                "-ERR wrong number of arguments for 'lpop' command\r\n",
            )
            .cmd(
                &["LPUSH", "l4:b"],
                "-ERR wrong number of arguments for 'lpush' command\r\n",
            )
            .cmd(
                &["RPUSH"],
                "-ERR wrong number of arguments for 'rpush' command\r\n",
            ),
        Case::new("lists: WRONGTYPE on a string key")
            .cmd(&["SET", "l5:s", "v"], "+OK\r\n")
            .cmd(&["LPUSH", "l5:s", "1"], WRONGTYPE)
            .cmd(&["RPUSH", "l5:s", "1"], WRONGTYPE)
            .cmd(&["LPOP", "l5:s"], WRONGTYPE)
            .cmd(&["RPOP", "l5:s", "2"], WRONGTYPE)
            .cmd(&["GET", "l5:s"], "$1\r\nv\r\n"),
        Case::new("lists: binary-safe elements")
            .step(
                crate::client::encode_command(&[&b"RPUSH"[..], b"l6:b", b"\x00\r\n\xff", b""]),
                crate::case::exact(":2\r\n"),
            )
            .cmd(
                &["LPOP", "l6:b", "2"],
                b"*2\r\n$4\r\n\x00\r\n\xff\r\n$0\r\n\r\n",
            ),
        Case::new("lists: LRANGE clamps, reads its indexes before the key")
            .cmd(&["RPUSH", "l7:a", "a", "b", "c", "d"], ":4\r\n")
            .cmd(&["LRANGE", "l7:a", "0", "-1"], bulks(&["a", "b", "c", "d"]))
            .cmd(&["LRANGE", "l7:a", "-2", "100"], bulks(&["c", "d"]))
            .cmd(&["LRANGE", "l7:a", "-100", "0"], bulks(&["a"]))
            .cmd(&["LRANGE", "l7:a", "2", "1"], "*0\r\n")
            .cmd(&["LRANGE", "l7:a", "4", "10"], "*0\r\n")
            .cmd(
                &["LRANGE", "l7:a", "-9223372036854775808", "9223372036854775807"],
                bulks(&["a", "b", "c", "d"]),
            )
            .cmd(&["LRANGE", "l7:missing", "0", "-1"], "*0\r\n")
            .cmd(&["LRANGE", "l7:missing", "x", "1"], NOT_INTEGER)
            .cmd(&["SET", "l7:s", "v"], "+OK\r\n")
            .cmd(&["LRANGE", "l7:s", "0", "x"], NOT_INTEGER)
            .cmd(&["LRANGE", "l7:s", "0", "1"], WRONGTYPE),
        Case::new("lists: LINDEX and LLEN")
            .cmd(&["RPUSH", "l8:a", "a", "b", "c"], ":3\r\n")
            .cmd(&["LINDEX", "l8:a", "0"], "$1\r\na\r\n")
            .cmd(&["LINDEX", "l8:a", "-1"], "$1\r\nc\r\n")
            .cmd(&["LINDEX", "l8:a", "3"], "$-1\r\n")
            .cmd(&["LINDEX", "l8:a", "-4"], "$-1\r\n")
            .cmd(&["LINDEX", "l8:a", "x"], NOT_INTEGER)
            .cmd(&["LINDEX", "l8:missing", "x"], "$-1\r\n")
            .cmd(&["LLEN", "l8:a"], ":3\r\n")
            .cmd(&["LLEN", "l8:missing"], ":0\r\n")
            .cmd(&["SET", "l8:s", "v"], "+OK\r\n")
            .cmd(&["LINDEX", "l8:s", "x"], WRONGTYPE)
            .cmd(&["LLEN", "l8:s"], WRONGTYPE),
        Case::new("lists: LINSERT")
            .cmd(&["RPUSH", "l9:a", "a", "b", "a"], ":3\r\n")
            .cmd(&["LINSERT", "l9:a", "BEFORE", "a", "x"], ":4\r\n")
            .cmd(&["LINSERT", "l9:a", "after", "a", "y"], ":5\r\n")
            .cmd(&["LINSERT", "l9:a", "AFTER", "zz", "q"], ":-1\r\n")
            .cmd(&["LRANGE", "l9:a", "0", "-1"], bulks(&["x", "a", "y", "b", "a"]))
            .cmd(&["LINSERT", "l9:missing", "BEFORE", "a", "b"], ":0\r\n")
            .cmd(&["EXISTS", "l9:missing"], ":0\r\n")
            .cmd(&["SET", "l9:s", "v"], "+OK\r\n")
            .cmd(&["LINSERT", "l9:s", "middle", "a", "b"], SYNTAX)
            .cmd(&["LINSERT", "l9:s", "BEFORE", "a", "b"], WRONGTYPE),
        Case::new("lists: LSET")
            .cmd(&["LSET", "l10:missing", "x", "a"], "-ERR no such key\r\n")
            .cmd(&["RPUSH", "l10:a", "a", "b", "c"], ":3\r\n")
            .cmd(&["LSET", "l10:a", "x", "a"], NOT_INTEGER)
            .cmd(&["LSET", "l10:a", "3", "a"], "-ERR index out of range\r\n")
            .cmd(&["LSET", "l10:a", "-4", "a"], "-ERR index out of range\r\n")
            .cmd(&["LSET", "l10:a", "-1", "z"], "+OK\r\n")
            .cmd(&["LSET", "l10:a", "0", ""], "+OK\r\n")
            .cmd(&["LRANGE", "l10:a", "0", "-1"], bulks(&["", "b", "z"]))
            .cmd(&["SET", "l10:s", "v"], "+OK\r\n")
            .cmd(&["LSET", "l10:s", "x", "a"], WRONGTYPE),
        Case::new("lists: LREM from the head, the tail, everywhere")
            .cmd(&["RPUSH", "l11:a", "a", "b", "a", "c", "a"], ":5\r\n")
            .cmd(&["LREM", "l11:a", "-2", "a"], ":2\r\n")
            .cmd(&["LRANGE", "l11:a", "0", "-1"], bulks(&["a", "b", "c"]))
            .cmd(&["RPUSH", "l11:a", "a", "a"], ":5\r\n")
            .cmd(&["LREM", "l11:a", "2", "a"], ":2\r\n")
            .cmd(&["LRANGE", "l11:a", "0", "-1"], bulks(&["b", "c", "a"]))
            .cmd(&["LREM", "l11:a", "0", "zz"], ":0\r\n")
            .cmd(&["LREM", "l11:a", "0", "a"], ":1\r\n")
            .cmd(&["LREM", "l11:a", "0", "b"], ":1\r\n")
            .cmd(&["LREM", "l11:a", "-1", "c"], ":1\r\n")
            .cmd(&["EXISTS", "l11:a"], ":0\r\n")
            .cmd(&["LREM", "l11:missing", "x", "a"], NOT_INTEGER)
            .cmd(&["SET", "l11:s", "v"], "+OK\r\n")
            .cmd(&["LREM", "l11:s", "0", "a"], WRONGTYPE),
        Case::new("lists: LTRIM")
            .cmd(&["RPUSH", "l12:a", "a", "b", "c", "d"], ":4\r\n")
            .cmd(&["LTRIM", "l12:a", "1", "-2"], "+OK\r\n")
            .cmd(&["LRANGE", "l12:a", "0", "-1"], bulks(&["b", "c"]))
            .cmd(&["LTRIM", "l12:a", "-1", "100"], "+OK\r\n")
            .cmd(&["LRANGE", "l12:a", "0", "-1"], bulks(&["c"]))
            .cmd(&["LTRIM", "l12:a", "5", "10"], "+OK\r\n")
            .cmd(&["EXISTS", "l12:a"], ":0\r\n")
            .cmd(&["LTRIM", "l12:missing", "0", "1"], "+OK\r\n")
            .cmd(&["LTRIM", "l12:missing", "x", "1"], NOT_INTEGER)
            .cmd(&["SET", "l12:s", "v"], "+OK\r\n")
            .cmd(&["LTRIM", "l12:s", "0", "1"], WRONGTYPE),
        Case::new("lists: LPOS with RANK, COUNT, MAXLEN")
            .cmd(&["RPUSH", "l13:a", "a", "b", "c", "a", "b", "c", "a"], ":7\r\n")
            .cmd(&["LPOS", "l13:a", "c"], ":2\r\n")
            .cmd(&["LPOS", "l13:a", "z"], "$-1\r\n")
            .cmd(&["LPOS", "l13:a", "a", "RANK", "2"], ":3\r\n")
            .cmd(&["LPOS", "l13:a", "a", "rank", "-1"], ":6\r\n")
            .cmd(&["LPOS", "l13:a", "a", "RANK", "4"], "$-1\r\n")
            .cmd(&["LPOS", "l13:a", "a", "COUNT", "0"], ints(&[0, 3, 6]))
            .cmd(&["LPOS", "l13:a", "a", "COUNT", "2"], ints(&[0, 3]))
            .cmd(
                &["LPOS", "l13:a", "a", "RANK", "-1", "COUNT", "0", "MAXLEN", "4"],
                ints(&[6, 3]),
            )
            .cmd(&["LPOS", "l13:a", "a", "MAXLEN", "3", "RANK", "2"], "$-1\r\n")
            .cmd(&["LPOS", "l13:a", "a", "RANK", "2", "COUNT", "5"], ints(&[3, 6]))
            .cmd(
                &["LPOS", "l13:a", "a", "RANK", "-9223372036854775808", "COUNT", "1"],
                ints(&[6, 3, 0]),
            )
            .cmd(&["LPOS", "l13:a", "z", "COUNT", "2"], "*0\r\n")
            .cmd(&["LPOS", "l13:missing", "a"], "$-1\r\n")
            .cmd(&["LPOS", "l13:missing", "a", "COUNT", "1"], "*0\r\n"),
        Case::new("lists: LPOS errors")
            .cmd(&["SET", "l14:s", "v"], "+OK\r\n")
            .cmd(&["LPOS", "l14:s", "a", "RANK", "0"], RANK_ZERO)
            .cmd(&["LPOS", "l14:s", "a"], WRONGTYPE)
            .cmd(&["LPOS", "l14:m", "a", "RANK", "x"], NOT_INTEGER)
            .cmd(
                &["LPOS", "l14:m", "a", "COUNT", "-1"],
                "-ERR COUNT can't be negative\r\n",
            )
            .cmd(
                &["LPOS", "l14:m", "a", "MAXLEN", "x"],
                "-ERR MAXLEN can't be negative\r\n",
            )
            .cmd(&["LPOS", "l14:m", "a", "RANK", "0", "foo"], RANK_ZERO)
            .cmd(&["LPOS", "l14:m", "a", "foo", "RANK", "0"], SYNTAX)
            .cmd(&["LPOS", "l14:m", "a", "RANK"], SYNTAX),
        Case::new("lists: LPUSHX and RPUSHX")
            .cmd(&["LPUSHX", "l15:a", "x"], ":0\r\n")
            .cmd(&["RPUSHX", "l15:a", "x", "y"], ":0\r\n")
            .cmd(&["EXISTS", "l15:a"], ":0\r\n")
            .cmd(&["RPUSH", "l15:a", "m"], ":1\r\n")
            .cmd(&["LPUSHX", "l15:a", "b", "a"], ":3\r\n")
            .cmd(&["RPUSHX", "l15:a", "y", "z"], ":5\r\n")
            .cmd(&["LRANGE", "l15:a", "0", "-1"], bulks(&["a", "b", "m", "y", "z"]))
            .cmd(&["SET", "l15:s", "v"], "+OK\r\n")
            .cmd(&["LPUSHX", "l15:s", "a"], WRONGTYPE)
            .cmd(&["RPUSHX", "l15:s", "a"], WRONGTYPE),
        Case::new("lists: LMOVE and RPOPLPUSH, rotation onto the same list")
            .cmd(&["RPUSH", "l16:src", "a", "b", "c"], ":3\r\n")
            .cmd(&["LMOVE", "l16:src", "l16:dst", "LEFT", "RIGHT"], "$1\r\na\r\n")
            .cmd(&["LMOVE", "l16:src", "l16:dst", "right", "left"], "$1\r\nc\r\n")
            .cmd(&["LRANGE", "l16:dst", "0", "-1"], bulks(&["c", "a"]))
            .cmd(&["RPUSH", "l16:src", "x"], ":2\r\n")
            .cmd(&["LMOVE", "l16:src", "l16:src", "LEFT", "RIGHT"], "$1\r\nb\r\n")
            .cmd(&["LRANGE", "l16:src", "0", "-1"], bulks(&["x", "b"]))
            .cmd(&["RPOPLPUSH", "l16:src", "l16:src"], "$1\r\nb\r\n")
            .cmd(&["LRANGE", "l16:src", "0", "-1"], bulks(&["b", "x"]))
            .cmd(&["RPOPLPUSH", "l16:src", "l16:dst"], "$1\r\nx\r\n")
            .cmd(&["LMOVE", "l16:src", "l16:dst", "LEFT", "LEFT"], "$1\r\nb\r\n")
            .cmd(&["EXISTS", "l16:src"], ":0\r\n")
            .cmd(&["LRANGE", "l16:dst", "0", "-1"], bulks(&["b", "x", "c", "a"]))
            .cmd(&["LMOVE", "l16:src", "l16:dst", "LEFT", "LEFT"], "$-1\r\n")
            .cmd(&["RPOPLPUSH", "l16:src", "l16:dst"], "$-1\r\n")
            .cmd(&["LMOVE", "l16:dst", "l16:new", "RIGHT", "RIGHT"], "$1\r\na\r\n")
            .cmd(&["LRANGE", "l16:new", "0", "-1"], bulks(&["a"])),
        Case::new("lists: LMOVE checks both types before popping")
            .cmd(&["SET", "l17:s", "v"], "+OK\r\n")
            .cmd(&["RPUSH", "l17:a", "a", "b"], ":2\r\n")
            .cmd(&["LMOVE", "l17:a", "l17:s", "LEFT", "LEFT"], WRONGTYPE)
            .cmd(&["RPOPLPUSH", "l17:a", "l17:s"], WRONGTYPE)
            .cmd(&["LRANGE", "l17:a", "0", "-1"], bulks(&["a", "b"]))
            .cmd(&["LMOVE", "l17:s", "l17:a", "LEFT", "LEFT"], WRONGTYPE)
            .cmd(&["LMOVE", "l17:missing", "l17:s", "LEFT", "LEFT"], "$-1\r\n")
            .cmd(&["LMOVE", "l17:a", "l17:s", "UP", "LEFT"], SYNTAX)
            .cmd(&["LMOVE", "l17:a", "l17:a", "LEFT", "DOWN"], SYNTAX),
        Case::new("lists: LMPOP")
            .cmd(&["RPUSH", "l18:b", "1", "2", "3"], ":3\r\n")
            .cmd(
                &["LMPOP", "2", "l18:a", "l18:b", "LEFT"],
                format!("*2\r\n$5\r\nl18:b\r\n{}", bulks(&["1"])),
            )
            .cmd(
                &["LMPOP", "2", "l18:a", "l18:b", "right", "COUNT", "5"],
                format!("*2\r\n$5\r\nl18:b\r\n{}", bulks(&["3", "2"])),
            )
            .cmd(&["EXISTS", "l18:b"], ":0\r\n")
            .cmd(&["LMPOP", "2", "l18:a", "l18:b", "LEFT"], "*-1\r\n")
            .cmd(&["SET", "l18:s", "v"], "+OK\r\n")
            .cmd(&["RPUSH", "l18:b", "x"], ":1\r\n")
            .cmd(&["LMPOP", "2", "l18:s", "l18:b", "LEFT"], WRONGTYPE)
            .cmd(
                &["LMPOP", "2", "l18:b", "l18:s", "LEFT"],
                format!("*2\r\n$5\r\nl18:b\r\n{}", bulks(&["x"])),
            )
            .cmd(&["LMPOP", "2", "l18:a", "l18:s", "LEFT"], WRONGTYPE),
        Case::new("lists: LMPOP argument errors")
            .cmd(&["LMPOP", "0", "l19:a", "LEFT"], NUMKEYS)
            .cmd(&["LMPOP", "-1", "l19:a", "LEFT"], NUMKEYS)
            .cmd(&["LMPOP", "x", "l19:a", "LEFT"], NUMKEYS)
            .cmd(&["LMPOP", "2", "l19:a", "LEFT"], SYNTAX)
            .cmd(&["LMPOP", "9223372036854775807", "l19:a", "LEFT"], SYNTAX)
            .cmd(&["LMPOP", "1", "l19:a", "UP"], SYNTAX)
            .cmd(&["LMPOP", "1", "l19:a", "LEFT", "COUNT"], SYNTAX)
            .cmd(&["LMPOP", "1", "l19:a", "LEFT", "COUNT", "0"], COUNT)
            .cmd(&["LMPOP", "1", "l19:a", "LEFT", "COUNT", "x"], COUNT)
            .cmd(&["LMPOP", "1", "l19:a", "LEFT", "COUNT", "1", "COUNT", "2"], SYNTAX)
            .cmd(&["LMPOP", "1", "l19:a", "LEFT", "foo", "1"], SYNTAX)
            .cmd(
                &["LMPOP", "1", "l19:a"],
                "-ERR wrong number of arguments for 'lmpop' command\r\n",
            ),
        Case::new("lists: RESP3 nulls of the list commands")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", |_| Ok(()))
            .cmd(&["LINDEX", "l20:missing", "0"], "_\r\n")
            .cmd(&["LPOS", "l20:missing", "a"], "_\r\n")
            .cmd(&["LPOS", "l20:missing", "a", "COUNT", "0"], "*0\r\n")
            .cmd(&["LMPOP", "1", "l20:missing", "LEFT"], "_\r\n")
            .cmd(&["LMOVE", "l20:missing", "l20:b", "LEFT", "LEFT"], "_\r\n")
            .cmd(&["RPOPLPUSH", "l20:missing", "l20:b"], "_\r\n")
            .cmd(&["RPUSH", "l20:a", "x"], ":1\r\n")
            .cmd(
                &["LMPOP", "1", "l20:a", "RIGHT"],
                format!("*2\r\n$5\r\nl20:a\r\n{}", bulks(&["x"])),
            ),
        Case::new("lists: list CONFIG parameters and the ziplist alias")
            .cmd(
                &["CONFIG", "GET", "list-max-ziplist-size"],
                "*2\r\n$21\r\nlist-max-ziplist-size\r\n$2\r\n-2\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "list-compress-depth"],
                "*2\r\n$19\r\nlist-compress-depth\r\n$1\r\n0\r\n",
            )
            .cmd(&["CONFIG", "SET", "list-max-ziplist-size", "5"], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "list-max-listpack-size"],
                "*2\r\n$22\r\nlist-max-listpack-size\r\n$1\r\n5\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "LIST-MAX-ZIPLIST-SIZE", "abc"],
                "-ERR CONFIG SET failed (possibly related to argument 'list-max-ziplist-size') - argument couldn't be parsed into an integer\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "list-compress-depth", "-1"],
                "-ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - argument must be between 0 and 2147483647 inclusive\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "list-max-listpack-size", "1", "list-max-listpack-size", "2"],
                "-ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - duplicate parameter\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "list-max-ziplist-size", "1", "list-max-listpack-size", "-2"],
                "+OK\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "list-max-ziplist-size"],
                "*2\r\n$21\r\nlist-max-ziplist-size\r\n$2\r\n-2\r\n",
            ),
    ]
}
