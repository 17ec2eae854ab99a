//! LPUSH/RPUSH, LPOP/RPOP with and without count.

use crate::case::Case;

const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
const MUST_BE_POSITIVE: &str = "-ERR value is out of range, must be positive\r\n";

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
    ]
}
