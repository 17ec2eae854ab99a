//! Connection commands, inline and pipelined requests, HELLO and RESP3.

use crate::case::{exact, pipeline_bytes, Case, Expect};
use crate::client::encode_command;
use crate::shapes;

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("connection: PING").cmd(&["PING"], "+PONG\r\n"),
        Case::new("connection: PING with message").cmd(&["PING", "hello"], "$5\r\nhello\r\n"),
        Case::new("connection: PING arity").cmd(
            &["PING", "a", "b"],
            "-ERR wrong number of arguments for 'ping' command\r\n",
        ),
        Case::new("connection: ECHO")
            .cmd(&["ECHO", "hi"], "$2\r\nhi\r\n")
            .cmd(&["ECHO", ""], "$0\r\n\r\n")
            .cmd(
                &["ECHO"],
                "-ERR wrong number of arguments for 'echo' command\r\n",
            ),
        Case::new("connection: ECHO binary-safe").step(
            encode_command(&[&b"ECHO"[..], &b"a\r\n\x00\xff"[..]]),
            exact(b"$5\r\na\r\n\x00\xff\r\n"),
        ),
        Case::new("inline: PING").raw("PING\r\n", "+PONG\r\n"),
        Case::new("inline: LF only and extra spaces")
            .raw("PING\n", "+PONG\r\n")
            .raw("  PING   \r\n", "+PONG\r\n"),
        Case::new("inline: quoted args").raw("ECHO \"a b\\x41\"\r\n", "$4\r\na bA\r\n"),
        Case::new("inline: single quotes").raw("ECHO 'a\\'b'\r\n", "$3\r\na'b\r\n"),
        Case::new("inline: empty lines ignored")
            .raw("\r\n\r\nPING\r\n", "+PONG\r\n")
            .raw("\n\nPING\r\n", "+PONG\r\n"),
        Case::new("inline: SET and GET").raw(
            "SET inl:k \"hello world\"\r\nGET inl:k\r\nDEL inl:k\r\n",
            "+OK\r\n$11\r\nhello world\r\n:1\r\n",
        ),
        Case::new("pipeline: inline and multibulk mixed in one write").raw(
            "*1\r\n$4\r\nPING\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\nz\r\n",
            "+PONG\r\n+PONG\r\n$1\r\nz\r\n",
        ),
        pipelined_many(),
        Case::new("pipeline: command split across writes")
            .raw("*2\r\n$4\r\nEC", "")
            .sleep_ms(20)
            .raw("HO\r\n$5\r\nhel", "")
            .sleep_ms(20)
            .raw("lo\r\n", "$5\r\nhello\r\n"),
        Case::new("connection: HELLO 2").cmd_shape(
            &["HELLO", "2"],
            "HELLO reply, RESP2 flat array, proto 2",
            shapes::hello(2),
        ),
        Case::new("connection: HELLO without version").cmd_shape(
            &["HELLO"],
            "HELLO reply, RESP2 flat array, proto 2",
            shapes::hello(2),
        ),
        Case::new("connection: HELLO 3").cmd_shape(
            &["HELLO", "3"],
            "HELLO reply, RESP3 map, proto 3",
            shapes::hello(3),
        ),
        Case::new("connection: HELLO errors")
            .cmd(&["HELLO", "4"], "-NOPROTO unsupported protocol version\r\n")
            .cmd(&["HELLO", "1"], "-NOPROTO unsupported protocol version\r\n")
            .cmd(
                &["HELLO", "x"],
                "-ERR Protocol version is not an integer or out of range\r\n",
            )
            .cmd(
                &["HELLO", "3", "FOO"],
                "-ERR Syntax error in HELLO option 'FOO'\r\n",
            ),
        resp3_replies(),
        Case::new("connection: HELLO 3 pipelined with RESP3 replies").step(
            pipeline_bytes(&[
                &["HELLO", "3"],
                &["GET", "r3p:missing"],
                &["CONFIG", "GET", "maxmemory"],
                &["LPOP", "r3p:missing", "2"],
                &["HELLO", "2"],
                &["GET", "r3p:missing"],
                &["LPOP", "r3p:missing", "2"],
            ]),
            [
                vec![Expect::shape("HELLO 3 reply", shapes::hello(3))],
                exact("_\r\n%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n_\r\n"),
                vec![Expect::shape("HELLO 2 reply", shapes::hello(2))],
                exact("$-1\r\n*-1\r\n"),
            ]
            .concat(),
        ),
        Case::new("connection: QUIT")
            .cmd(&["QUIT"], "+OK\r\n")
            .closed(),
        Case::new("connection: QUIT after pipelined PING")
            .raw("PING\r\nQUIT\r\n", "+PONG\r\n+OK\r\n")
            .closed(),
        Case::new("connection: SELECT range")
            .cmd(&["SELECT", "0"], "+OK\r\n")
            .cmd(&["SELECT", "15"], "+OK\r\n")
            .cmd(&["SELECT", "16"], "-ERR DB index is out of range\r\n")
            .cmd(&["SELECT", "-1"], "-ERR DB index is out of range\r\n")
            .cmd(
                &["SELECT", "x"],
                "-ERR value is not an integer or out of range\r\n",
            ),
        Case::new("connection: SELECT isolates databases").pipeline(
            &[
                &["SELECT", "1"],
                &["SET", "sel:k", "one"],
                &["SELECT", "0"],
                &["GET", "sel:k"],
                &["SELECT", "1"],
                &["GET", "sel:k"],
                &["DEL", "sel:k"],
            ],
            "+OK\r\n+OK\r\n+OK\r\n$-1\r\n+OK\r\n$3\r\none\r\n:1\r\n",
        ),
        Case::new("connection: CLIENT SETNAME/GETNAME")
            .cmd(&["CLIENT", "GETNAME"], "$-1\r\n")
            .cmd(&["CLIENT", "SETNAME", "foo"], "+OK\r\n")
            .cmd(&["CLIENT", "GETNAME"], "$3\r\nfoo\r\n")
            .cmd(
                &["CLIENT", "SETNAME", "a b"],
                "-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
            )
            .cmd(&["CLIENT", "SETNAME", ""], "+OK\r\n")
            .cmd(&["CLIENT", "GETNAME"], "$-1\r\n")
            .cmd(
                &["CLIENT", "SETNAME"],
                "-ERR wrong number of arguments for 'client|setname' command\r\n",
            ),
        Case::new("connection: CLIENT ID").cmd_shape(
            &["CLIENT", "ID"],
            "positive integer",
            shapes::int_in(1, i64::MAX),
        ),
        Case::new("connection: CLIENT errors")
            .cmd(
                &["CLIENT"],
                "-ERR wrong number of arguments for 'client' command\r\n",
            )
            .cmd(
                &["CLIENT", "ID", "x"],
                "-ERR wrong number of arguments for 'client|id' command\r\n",
            ),
        Case::new("connection: CLIENT SETINFO")
            .cmd(&["CLIENT", "SETINFO", "LIB-NAME", "x"], "+OK\r\n")
            .cmd(&["CLIENT", "SETINFO", "LIB-VER", "1.0"], "+OK\r\n")
            .miniredis_only(
                "CLIENT SETINFO answers +OK since Redis 7.2; the installed redis-server 7.0 \
                 does not know the subcommand",
            ),
        Case::new("connection: command names are case-insensitive")
            .cmd(&["pInG"], "+PONG\r\n")
            .cmd(&["set", "ci:k", "v"], "+OK\r\n")
            .cmd(&["get", "ci:k"], "$1\r\nv\r\n")
            .cmd(&["GeT", "ci:k"], "$1\r\nv\r\n")
            .cmd(
                &["Config", "get", "MAXMEMORY-policy"],
                "*2\r\n$16\r\nMAXMEMORY-policy\r\n$10\r\nnoeviction\r\n",
            ),
    ]
}

/// A few hundred commands written at once; replies must come back in order.
fn pipelined_many() -> Case {
    let n = 200;
    let keys: Vec<String> = (0..n).map(|i| format!("pl:{i}")).collect();
    let vals: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
    let mut bytes = Vec::new();
    let mut expected = String::new();
    for (k, v) in keys.iter().zip(&vals) {
        bytes.extend(encode_command(&["SET", k, v]));
        expected.push_str("+OK\r\n");
    }
    for (k, v) in keys.iter().zip(&vals) {
        bytes.extend(encode_command(&["GET", k]));
        expected.push_str(&format!("${}\r\n{v}\r\n", v.len()));
    }
    let mut del: Vec<&str> = vec!["DEL"];
    del.extend(keys.iter().map(String::as_str));
    bytes.extend(encode_command(&del));
    expected.push_str(&format!(":{n}\r\n"));
    Case::new("pipeline: 401 commands in one write").step(bytes, exact(expected))
}

/// After HELLO 3 the same commands answer with RESP3 types; HELLO 2 goes back.
fn resp3_replies() -> Case {
    Case::new("connection: RESP3 replies after HELLO 3, RESP2 after HELLO 2")
        .cmd(&["FLUSHALL"], "+OK\r\n")
        .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
        .cmd(&["GET", "r3:missing"], "_\r\n")
        .cmd(&["LPOP", "r3:missing"], "_\r\n")
        .cmd(&["LPOP", "r3:missing", "2"], "_\r\n")
        .cmd(&["CLIENT", "GETNAME"], "_\r\n")
        .cmd(&["SET", "r3:k", "v", "GET"], "_\r\n")
        .cmd(&["SET", "r3:k", "w", "NX", "GET"], "$1\r\nv\r\n")
        .cmd(&["EXISTS", "r3:k"], ":1\r\n")
        .cmd(&["PING"], "+PONG\r\n")
        .cmd(
            &["CONFIG", "GET", "maxmemory"],
            "%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n",
        )
        .cmd(&["CONFIG", "GET", "nonexistent*"], "%0\r\n")
        .cmd(&["DEL", "r3:k"], ":1\r\n")
        .cmd(&["INFO", "keyspace"], "=16\r\ntxt:# Keyspace\r\n\r\n")
        .cmd_shape(&["HELLO", "2"], "HELLO 2 reply", shapes::hello(2))
        .cmd(&["GET", "r3:missing"], "$-1\r\n")
        .cmd(&["LPOP", "r3:missing", "2"], "*-1\r\n")
        .cmd(&["CONFIG", "GET", "nonexistent*"], "*0\r\n")
        .cmd(&["INFO", "keyspace"], "$12\r\n# Keyspace\r\n\r\n")
}
