//! One connection acting on another: CLIENT KILL ID, CLIENT UNBLOCK,
//! CLIENT LIST of a blocked, subscribed or queueing client, CLIENT PAUSE
//! WRITE, and MONITOR.

use super::{bulks, confirm, SETTLE_MS};
use crate::case::Case;
use crate::shapes;

const UNBLOCKED: &str = "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("client: CLIENT KILL ID closes another connection")
            .on("b")
            .capture(&["CLIENT", "ID"], "b")
            .on("a")
            .cmd_with(&["CLIENT", "KILL", "ID", "{b}"], ":1\r\n")
            .on("b")
            .server_closes()
            .on("a")
            .cmd_with(&["CLIENT", "KILL", "ID", "{b}"], ":0\r\n"),
        Case::new("client: a killed blocked client is not served")
            .on("b")
            .capture(&["CLIENT", "ID"], "b")
            .send(&["BLPOP", "mc:kill", "0"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .cmd_with(&["CLIENT", "KILL", "ID", "{b}"], ":1\r\n")
            .on("b")
            .server_closes()
            .on("a")
            .cmd(&["RPUSH", "mc:kill", "v"], ":1\r\n")
            .cmd(&["LPOP", "mc:kill"], "$1\r\nv\r\n"),
        Case::new("client: CLIENT KILL ID errors, SKIPME and killing oneself")
            .capture(&["CLIENT", "ID"], "me")
            // SKIPME defaults to yes: one's own id matches nobody.
            .cmd_with(&["CLIENT", "KILL", "ID", "{me}"], ":0\r\n")
            .cmd(
                &["CLIENT", "KILL", "ID", "x"],
                "-ERR client-id should be greater than 0\r\n",
            )
            .cmd(
                &["CLIENT", "KILL", "ID", "0"],
                "-ERR client-id should be greater than 0\r\n",
            )
            // Three arguments are the old form, CLIENT KILL addr:port.
            .cmd(&["CLIENT", "KILL", "ID"], "-ERR No such client\r\n")
            .cmd_with(&["CLIENT", "KILL", "ID", "{me}", "SKIPME", "no"], ":1\r\n")
            .closed(),
        Case::new("client: CLIENT UNBLOCK with TIMEOUT and ERROR")
            .on("b")
            .capture(&["CLIENT", "ID"], "b")
            .on("a")
            .cmd_with(&["CLIENT", "UNBLOCK", "{b}"], ":0\r\n")
            .on("b")
            .send(&["BLPOP", "mc:ub", "0"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .cmd_with(&["CLIENT", "UNBLOCK", "{b}", "TIMEOUT"], ":1\r\n")
            .on("b")
            .receive("*-1\r\n")
            .send(&["BZPOPMIN", "mc:ub", "0"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .cmd_with(&["CLIENT", "UNBLOCK", "{b}", "ERROR"], ":1\r\n")
            .on("b")
            .receive(UNBLOCKED)
            .send(&["BLMOVE", "mc:ub", "mc:ub2", "LEFT", "LEFT", "0"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .cmd_with(&["CLIENT", "UNBLOCK", "{b}"], ":1\r\n")
            .on("b")
            .receive("*-1\r\n")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .send(&["BLMPOP", "0", "1", "mc:ub", "LEFT"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .cmd_with(&["CLIENT", "UNBLOCK", "{b}", "timeout"], ":1\r\n")
            .on("b")
            .receive("_\r\n")
            .send(&["BRPOP", "mc:ub", "0"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .cmd_with(&["CLIENT", "UNBLOCK", "{b}", "error"], ":1\r\n")
            .on("b")
            .receive(UNBLOCKED)
            .on("a")
            .cmd_with(&["CLIENT", "UNBLOCK", "{b}", "ERROR"], ":0\r\n"),
        Case::new("client: CLIENT UNBLOCK errors")
            .capture(&["CLIENT", "ID"], "me")
            .cmd_with(
                &["CLIENT", "UNBLOCK", "{me}", "FOO"],
                "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n",
            )
            .cmd(
                &["CLIENT", "UNBLOCK", "x"],
                "-ERR value is not an integer or out of range\r\n",
            )
            .cmd_with(
                &["CLIENT", "UNBLOCK", "{me}", "TIMEOUT", "x"],
                "-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. \
                 Try CLIENT HELP.\r\n",
            ),
        Case::new("client: CLIENT LIST shows blocked, subscribed and MULTI clients")
            .on("b")
            .capture(&["CLIENT", "ID"], "b")
            .cmd(&["CLIENT", "SETNAME", "mc-b"], "+OK\r\n")
            .send(&["BLPOP", "mc:list", "0"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .cmd_with_shape(
                &["CLIENT", "LIST", "ID", "{b}"],
                "one line: name=mc-b flags=b cmd=blpop",
                shapes::client_line(&[
                    ("name", "mc-b"),
                    ("flags", "b"),
                    ("db", "0"),
                    ("sub", "0"),
                    ("multi", "-1"),
                    ("cmd", "blpop"),
                    ("resp", "2"),
                ]),
            )
            .cmd_with(&["CLIENT", "UNBLOCK", "{b}"], ":1\r\n")
            .on("b")
            .receive("*-1\r\n")
            .cmd(
                &["SUBSCRIBE", "mc:list"],
                confirm(false, "subscribe", Some("mc:list"), 1),
            )
            .on("a")
            .cmd_with_shape(
                &["CLIENT", "LIST", "ID", "{b}"],
                "one line: flags=P sub=1 cmd=subscribe",
                shapes::client_line(&[("flags", "P"), ("sub", "1"), ("cmd", "subscribe")]),
            )
            .on("b")
            .cmd(&["RESET"], "+RESET\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["PING"], "+QUEUED\r\n")
            .on("a")
            .cmd_with_shape(
                &["CLIENT", "LIST", "ID", "{b}"],
                "one line: name= (RESET) flags=x multi=1 cmd=ping",
                shapes::client_line(&[
                    ("name", ""),
                    ("flags", "x"),
                    ("multi", "1"),
                    ("cmd", "ping"),
                ]),
            )
            .on("b")
            .cmd(&["EXEC"], "*1\r\n+PONG\r\n"),
        Case::new("client: CLIENT PAUSE WRITE holds writes, not reads")
            .on("c")
            .cmd(&["SET", "mc:pause", "1"], "+OK\r\n")
            .cmd(&["CLIENT", "PAUSE", "400", "WRITE"], "+OK\r\n")
            .on("a")
            .cmd(&["GET", "mc:pause"], "$1\r\n1\r\n")
            .send(&["SET", "mc:pause", "2"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["GET", "mc:pause"], "$1\r\n1\r\n")
            .cmd(&["CLIENT", "UNPAUSE"], "+OK\r\n")
            .on("a")
            .receive("+OK\r\n")
            .cmd(&["GET", "mc:pause"], "$1\r\n2\r\n")
            .cmd(&["DEL", "mc:pause"], ":1\r\n"),
        Case::new("client: MONITOR shows other connections' commands")
            .on("m")
            .cmd(&["MONITOR"], "+OK\r\n")
            .on("c")
            .cmd(&["SET", "mc:mon", "a \"b\"\n"], "+OK\r\n")
            .cmd(&["SELECT", "3"], "+OK\r\n")
            .cmd(&["GET", "mc:mon"], "$-1\r\n")
            .on("m")
            .receive_shape(
                "a MONITOR line for SET in db 0",
                shapes::monitor_line(0, r#""SET" "mc:mon" "a \"b\"\n""#),
            )
            // The line carries the database the client is in after the
            // command ran.
            .receive_shape(
                "a MONITOR line for SELECT in db 3",
                shapes::monitor_line(3, r#""SELECT" "3""#),
            )
            .receive_shape(
                "a MONITOR line for GET in db 3",
                shapes::monitor_line(3, r#""GET" "mc:mon""#),
            )
            .cmd(&["RESET"], "+RESET\r\n")
            .on("c")
            .cmd(&["SELECT", "0"], "+OK\r\n")
            .cmd(&["DEL", "mc:mon"], ":1\r\n")
            .on("m")
            .silent_ms(SETTLE_MS),
        Case::new("client: INFO counts blocked clients")
            .on("b")
            .send(&["BLPOP", "mc:info", "0"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .cmd_shape(
                &["INFO", "clients"],
                "INFO clients with blocked_clients:1",
                shapes::info_lines(&["blocked_clients:1"]),
            )
            .cmd(&["RPUSH", "mc:info", "v"], ":1\r\n")
            .on("b")
            .receive(bulks(&["mc:info", "v"]))
            .on("a")
            .cmd_shape(
                &["INFO", "clients"],
                "INFO clients with blocked_clients:0",
                shapes::info_lines(&["blocked_clients:0"]),
            ),
    ]
}
