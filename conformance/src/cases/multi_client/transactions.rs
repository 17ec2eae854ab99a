//! MULTI/EXEC/DISCARD/WATCH: a WATCHed key changed by another connection
//! makes EXEC answer nil; queueing errors abort with EXECABORT; the
//! errors that do not abort a transaction.

use crate::case::Case;
use crate::shapes;

const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("multi: EXEC answers a null array after another client changed a WATCHed key")
            .on("a")
            .cmd(&["WATCH", "mc:w1"], "+OK\r\n")
            .on("c")
            .cmd(&["SET", "mc:w1", "x"], "+OK\r\n")
            .on("a")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["SET", "mc:w1", "mine"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*-1\r\n")
            .cmd(&["GET", "mc:w1"], "$1\r\nx\r\n")
            // EXEC forgot the watch: the next transaction runs.
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["GET", "mc:w1"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*1\r\n$1\r\nx\r\n")
            .cmd(&["DEL", "mc:w1"], ":1\r\n"),
        Case::new("multi: EXEC answers null in RESP3 after a WATCHed key changed")
            .on("a")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .cmd(&["WATCH", "mc:w2"], "+OK\r\n")
            .on("c")
            .cmd(&["LPUSH", "mc:w2", "x"], ":1\r\n")
            .on("a")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["PING"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "_\r\n")
            .cmd(&["DEL", "mc:w2"], ":1\r\n"),
        Case::new("multi: WATCH sees writes that change a key, not a DEL of a missing one")
            .on("a")
            .cmd(&["WATCH", "mc:w3"], "+OK\r\n")
            .on("c")
            .cmd(&["DEL", "mc:w3"], ":0\r\n")
            .on("a")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["PING"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*1\r\n+PONG\r\n")
            .cmd(&["WATCH", "mc:w3"], "+OK\r\n")
            .on("c")
            .cmd(&["SET", "mc:w3", "1"], "+OK\r\n")
            .cmd(&["DEL", "mc:w3"], ":1\r\n")
            .on("a")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["PING"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*-1\r\n"),
        Case::new("multi: UNWATCH forgets watched keys")
            .on("a")
            .cmd(&["WATCH", "mc:w4", "mc:w5"], "+OK\r\n")
            .cmd(&["UNWATCH"], "+OK\r\n")
            .on("c")
            .cmd(&["SET", "mc:w4", "z"], "+OK\r\n")
            .on("a")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["GET", "mc:w4"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*1\r\n$1\r\nz\r\n")
            .cmd(&["DEL", "mc:w4"], ":1\r\n"),
        Case::new("multi: FLUSHDB by another client touches an existing WATCHed key")
            .on("a")
            .cmd(&["SELECT", "9"], "+OK\r\n")
            .cmd(&["SET", "mc:w6", "v"], "+OK\r\n")
            .cmd(&["WATCH", "mc:w6"], "+OK\r\n")
            .on("c")
            .cmd(&["SELECT", "9"], "+OK\r\n")
            .cmd(&["FLUSHDB"], "+OK\r\n")
            .on("a")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["PING"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*-1\r\n"),
        Case::new("multi: a queueing error makes EXEC answer EXECABORT")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(
                &["NOSUCH"],
                "-ERR unknown command 'NOSUCH', with args beginning with: \r\n",
            )
            .cmd(
                &["GET"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            )
            .cmd(&["SET", "mc:abort", "b"], "+QUEUED\r\n")
            .cmd(
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            )
            .cmd(&["EXISTS", "mc:abort"], ":0\r\n")
            .cmd(&["EXEC"], "-ERR EXEC without MULTI\r\n"),
        Case::new("multi: nested MULTI and WATCH inside MULTI do not abort the transaction")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["MULTI"], "-ERR MULTI calls can not be nested\r\n")
            .cmd(
                &["WATCH", "mc:x"],
                "-ERR WATCH inside MULTI is not allowed\r\n",
            )
            .cmd(&["PING"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*1\r\n+PONG\r\n"),
        Case::new("multi: DISCARD drops the queue; EXEC and DISCARD need MULTI")
            .cmd(&["EXEC"], "-ERR EXEC without MULTI\r\n")
            .cmd(&["DISCARD"], "-ERR DISCARD without MULTI\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["SET", "mc:d", "1"], "+QUEUED\r\n")
            .cmd(&["DISCARD"], "+OK\r\n")
            .cmd(&["EXISTS", "mc:d"], ":0\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(
                &["DISCARD", "x"],
                "-ERR wrong number of arguments for 'discard' command\r\n",
            )
            .cmd(&["DISCARD"], "+OK\r\n"),
        Case::new("multi: runtime errors inside EXEC do not stop the rest")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["SET", "mc:rt", "1"], "+QUEUED\r\n")
            .cmd(&["INCR", "mc:rt"], "+QUEUED\r\n")
            .cmd(&["LPUSH", "mc:rt", "x"], "+QUEUED\r\n")
            .cmd(&["GET", "mc:rt"], "+QUEUED\r\n")
            .cmd(&["DEL", "mc:rt"], "+QUEUED\r\n")
            .cmd(
                &["EXEC"],
                format!("*5\r\n+OK\r\n:2\r\n{WRONGTYPE}$1\r\n2\r\n:1\r\n"),
            ),
        Case::new("multi: another client sees nothing of a queued transaction until EXEC")
            .on("a")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["SET", "mc:iso", "1"], "+QUEUED\r\n")
            .on("c")
            .cmd(&["EXISTS", "mc:iso"], ":0\r\n")
            .on("a")
            .cmd(&["EXEC"], "*1\r\n+OK\r\n")
            .on("c")
            .cmd(&["GET", "mc:iso"], "$1\r\n1\r\n")
            .cmd(&["DEL", "mc:iso"], ":1\r\n"),
    ]
}
