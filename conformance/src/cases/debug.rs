//! DEBUG, on servers started with `--enable-debug-command yes` (both the
//! binaries and redis-server, see harness.rs): the digests, the object
//! line, RELOAD keeping every type and deadline, PROTOCOL's values and the
//! errors.

use crate::case::Case;
use crate::resp::Value;

/// DEBUG OBJECT's line, whose address and LRU clock vary: `encoding` and
/// `serializedlength` must be these, idle time 0.
fn object_line(
    encoding: &'static str,
    length: usize,
) -> impl Fn(&Value) -> Result<(), String> + Send + Sync {
    move |v| {
        let Value::Simple(line) = v else {
            return Err(format!("expected a status line, got {v}"));
        };
        let line = String::from_utf8_lossy(line);
        let fixed = format!("refcount:1 encoding:{encoding} serializedlength:{length} lru:");
        let ok = line.starts_with("Value at:0x")
            && line.contains(&fixed)
            && line.ends_with("lru_seconds_idle:0");
        if ok {
            Ok(())
        } else {
            Err(format!("unexpected line {line:?}"))
        }
    }
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("debug: DIGEST-VALUE is Redis's digest of each value")
            .cmd(&["SET", "dbg:s", "hello"], "+OK\r\n")
            .cmd(&["RPUSH", "dbg:l", "a", "b", "3"], ":3\r\n")
            .cmd(&["SADD", "dbg:st", "x", "1", "y"], ":3\r\n")
            .cmd(&["HSET", "dbg:h", "f", "v", "g", "w"], ":2\r\n")
            .cmd(&["ZADD", "dbg:z", "1.5", "a", "0.1", "b", "3", "c"], ":3\r\n")
            .cmd(&["SET", "dbg:e", "v", "EX", "1000"], "+OK\r\n")
            .cmd(
                &["DEBUG", "DIGEST-VALUE", "dbg:s", "dbg:l", "dbg:st", "dbg:h", "dbg:z", "dbg:e", "dbg:none"],
                "*7\r\n+36b23a1456b2dce2c3ed252c456761301dba8060\r\n+09eb1fc9381ee92790d59930ab462945f8cd948b\r\n\
                 +03ee76a1ebe8db27d61b3ea784011d5acc537675\r\n+d127864ed50239662bf61bafc9bda63c17da5b37\r\n\
                 +d3a795113ef64aa93b74bbf2442038050fd508ed\r\n+311b17018163335616e089f6b951c82c477335ac\r\n\
                 +0000000000000000000000000000000000000000\r\n",
            )
            .cmd_shape(&["DEBUG", "OBJECT", "dbg:s"], "embstr, 6 bytes", object_line("embstr", 6))
            .cmd_shape(&["DEBUG", "OBJECT", "dbg:h"], "listpack, 20 bytes", object_line("listpack", 20))
            .cmd_shape(&["DEBUG", "OBJECT", "dbg:z"], "listpack, 38 bytes", object_line("listpack", 38))
            .cmd(&["DEBUG", "OBJECT", "dbg:none"], "-ERR no such key\r\n")
            .cmd(&["DEL", "dbg:s", "dbg:l", "dbg:st", "dbg:h", "dbg:z", "dbg:e"], ":6\r\n"),
        Case::new("debug: RELOAD saves, flushes and loads back every type and deadline")
            .cmd(&["SET", "dbg:r:s", "12345"], "+OK\r\n")
            .cmd(&["RPUSH", "dbg:r:l", "a", "b"], ":2\r\n")
            .cmd(&["HSET", "dbg:r:h", "f", "v"], ":1\r\n")
            .cmd(&["SET", "dbg:r:e", "v", "EX", "1000"], "+OK\r\n")
            .cmd(&["SELECT", "5"], "+OK\r\n")
            .cmd(&["SET", "dbg:r:db5", "x"], "+OK\r\n")
            .cmd(&["DEBUG", "RELOAD"], "+OK\r\n")
            .cmd(&["GET", "dbg:r:db5"], "$1\r\nx\r\n")
            .cmd(&["DEL", "dbg:r:db5"], ":1\r\n")
            .cmd(&["SELECT", "0"], "+OK\r\n")
            .cmd(&["GET", "dbg:r:s"], "$5\r\n12345\r\n")
            .cmd(&["OBJECT", "ENCODING", "dbg:r:s"], "$3\r\nint\r\n")
            .cmd(&["LRANGE", "dbg:r:l", "0", "-1"], "*2\r\n$1\r\na\r\n$1\r\nb\r\n")
            .cmd(&["HGET", "dbg:r:h", "f"], "$1\r\nv\r\n")
            .cmd(&["TTL", "dbg:r:e"], ":1000\r\n")
            .cmd(&["DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"], "+OK\r\n")
            .cmd(&["GET", "dbg:r:s"], "$5\r\n12345\r\n")
            .cmd(
                &["DEBUG", "RELOAD", "FOO"],
                "-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n",
            )
            .cmd(&["DEL", "dbg:r:s", "dbg:r:l", "dbg:r:h", "dbg:r:e"], ":4\r\n"),
        Case::new("debug: PROTOCOL values in RESP2 and RESP3")
            .cmd(&["DEBUG", "PROTOCOL", "double"], "$5\r\n3.141\r\n")
            .cmd(&["DEBUG", "PROTOCOL", "map"], "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n")
            .cmd(&["DEBUG", "PROTOCOL", "push"], "-ERR RESP2 is not supported by this command\r\n")
            .cmd(&["DEBUG", "PROTOCOL", "attrib"], "$39\r\nSome real reply following the attribute\r\n")
            .send(&["HELLO", "3"])
            .receive_shape("HELLO 3's map", crate::shapes::hello(3))
            .cmd(&["DEBUG", "PROTOCOL", "double"], ",3.141\r\n")
            .cmd(&["DEBUG", "PROTOCOL", "bignum"], "(1234567999999999999999999999999999999\r\n")
            .cmd(&["DEBUG", "PROTOCOL", "true"], "#t\r\n")
            .cmd(&["DEBUG", "PROTOCOL", "verbatim"], "=29\r\ntxt:This is a verbatim\nstring\r\n")
            .cmd(
                &["DEBUG", "PROTOCOL", "nope"],
                "-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n",
            ),
        Case::new("debug: small subcommands and errors")
            .cmd(&["DEBUG", "SLEEP", "0"], "+OK\r\n")
            .cmd(&["DEBUG", "SET-ACTIVE-EXPIRE", "1"], "+OK\r\n")
            .cmd(&["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0"], "+OK\r\n")
            .cmd(
                &["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "abc"],
                "-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n",
            )
            .cmd(&["DEBUG", "CHANGE-REPL-ID"], "+OK\r\n")
            .cmd(&["DEBUG", "LOG", "hello"], "+OK\r\n")
            .cmd(&["DEBUG", "ERROR", "MYERR some text"], "-MYERR some text\r\n")
            .cmd(
                &["DEBUG", "JMAP"],
                "-ERR unknown subcommand or wrong number of arguments for 'JMAP'. Try DEBUG HELP.\r\n",
            )
            .cmd(
                &["DEBUG", "SLEEP"],
                "-ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "enable-debug-command"],
                "*2\r\n$20\r\nenable-debug-command\r\n$3\r\nyes\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "enable-debug-command", "no"],
                "-ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config\r\n",
            ),
    ]
}
