//! Command errors (the connection stays usable) and protocol errors (error
//! bytes, then the server closes the connection).

use crate::case::Case;

pub fn command_errors() -> Vec<Case> {
    vec![
        Case::new("errors: unknown command")
            .cmd(
                &["FOO", "a", "b"],
                "-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n",
            )
            .cmd(
                &["FOO"],
                "-ERR unknown command 'FOO', with args beginning with: \r\n",
            )
            .cmd(
                &["foo", "x"],
                "-ERR unknown command 'foo', with args beginning with: 'x' \r\n",
            ),
        Case::new("errors: unknown command, inline").raw(
            "FOO a b\r\n",
            "-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n",
        ),
        Case::new("errors: wrong arity")
            .cmd(
                &["GET"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            )
            .cmd(
                &["GET", "a", "b"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            )
            .cmd(
                &["get"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            ),
        Case::new("errors: unknown subcommand")
            .cmd(
                &["CLIENT", "FOO"],
                "-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n",
            )
            .cmd(
                &["CONFIG", "FOO", "bar"],
                "-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n",
            ),
        Case::new("errors: WRONGTYPE")
            .cmd(&["RPUSH", "e1:l", "a"], ":1\r\n")
            .cmd(
                &["GET", "e1:l"],
                "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            ),
        Case::new("errors: the connection stays usable after errors").pipeline(
            &[&["FOO"], &["GET"], &["PING"]],
            "-ERR unknown command 'FOO', with args beginning with: \r\n\
                 -ERR wrong number of arguments for 'get' command\r\n+PONG\r\n",
        ),
    ]
}

pub fn protocol_errors() -> Vec<Case> {
    vec![
        Case::new("protocol: invalid multibulk length")
            .raw(
                "*abc\r\n",
                "-ERR Protocol error: invalid multibulk length\r\n",
            )
            .closed(),
        Case::new("protocol: invalid bulk length")
            .raw(
                "*1\r\n$-1\r\n",
                "-ERR Protocol error: invalid bulk length\r\n",
            )
            .closed(),
        Case::new("protocol: non-numeric bulk length")
            .raw(
                "*1\r\n$abc\r\n",
                "-ERR Protocol error: invalid bulk length\r\n",
            )
            .closed(),
        Case::new("protocol: bulk length over 512 MB")
            .raw(
                "*1\r\n$536870913\r\n",
                "-ERR Protocol error: invalid bulk length\r\n",
            )
            .closed(),
        Case::new("protocol: expected '$'")
            .raw(
                "*2\r\nx\r\n",
                "-ERR Protocol error: expected '$', got 'x'\r\n",
            )
            .closed(),
        Case::new("protocol: a line end where '$' belongs shows as a space")
            .raw(
                "*2\r\n$3\r\nGET\r\n\r$1\r\n",
                "-ERR Protocol error: expected '$', got ' '\r\n",
            )
            .closed(),
        Case::new("protocol: unbalanced quotes")
            .raw(
                "\"foo\r\n",
                "-ERR Protocol error: unbalanced quotes in request\r\n",
            )
            .closed(),
        Case::new("protocol: closing quote followed by a character")
            .raw(
                "ECHO \"a\"b\r\n",
                "-ERR Protocol error: unbalanced quotes in request\r\n",
            )
            .closed(),
        Case::new("protocol: too big inline request")
            .raw(
                vec![b'x'; 70_000],
                "-ERR Protocol error: too big inline request\r\n",
            )
            .closed(),
        Case::new("protocol: replies before the error are kept")
            .raw(
                "PING\r\n*abc\r\n",
                "+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n",
            )
            .closed(),
        Case::new("protocol: huge multibulk length")
            .raw(
                "*1099511627776\r\n",
                "-ERR Protocol error: invalid multibulk length\r\n",
            )
            .closed(),
        Case::new("protocol: huge multibulk length, server stays up")
            .raw(
                "*1099511627776\r\n",
                "-ERR Protocol error: invalid multibulk length\r\n",
            )
            .reconnect()
            .cmd(&["PING"], "+PONG\r\n"),
        Case::new("protocol: empty and negative multibulk are ignored")
            .raw("*-1\r\n*0\r\nPING\r\n", "+PONG\r\n"),
    ]
}
