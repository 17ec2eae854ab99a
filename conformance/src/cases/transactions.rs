//! MULTI, EXEC, DISCARD, WATCH, UNWATCH on one connection (keys `tx:*`):
//! queueing, errors while queueing, EXECABORT, replies inside EXEC in
//! RESP2 and RESP3, and WATCH touched by the connection's own writes.
//! (Two-client WATCH cases are in core/tests/transactions.rs.)

use crate::case::Case;
use crate::shapes;

const QUEUED: &str = "+QUEUED\r\n";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("transactions: MULTI and EXEC")
            .cmd(&["DEL", "tx:1"], ":0\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["RPUSH", "tx:1", "a", "b"], QUEUED)
            .cmd(&["LRANGE", "tx:1", "0", "-1"], QUEUED)
            .cmd(&["PING"], QUEUED)
            .cmd(&["INCR", "tx:1"], QUEUED)
            .cmd(
                &["EXEC"],
                "*4\r\n:2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n+PONG\r\n\
                 -WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
            )
            .cmd(&["EXEC"], "-ERR EXEC without MULTI\r\n")
            .cmd(&["DEL", "tx:1"], ":1\r\n"),
        Case::new("transactions: DISCARD")
            .cmd(&["SET", "tx:2", "v"], "+OK\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["DEL", "tx:2"], QUEUED)
            .cmd(&["DISCARD"], "+OK\r\n")
            .cmd(&["GET", "tx:2"], "$1\r\nv\r\n")
            .cmd(&["DISCARD"], "-ERR DISCARD without MULTI\r\n")
            .cmd(&["DEL", "tx:2"], ":1\r\n"),
        Case::new("transactions: errors while queueing abort EXEC")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["MULTI"], "-ERR MULTI calls can not be nested\r\n")
            .cmd(&["WATCH", "tx:3"], "-ERR WATCH inside MULTI is not allowed\r\n")
            .cmd(&["SET", "tx:3", "v"], QUEUED)
            .cmd(&["SET", "tx:3"], "-ERR wrong number of arguments for 'set' command\r\n")
            .cmd(
                &["NOSUCH", "x"],
                "-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n",
            )
            .cmd(&["SHUTDOWN"], "-ERR Command not allowed inside a transaction\r\n")
            .cmd(
                &["EXEC"],
                "-EXECABORT Transaction discarded because of previous errors.\r\n",
            )
            .cmd(&["GET", "tx:3"], "$-1\r\n"),
        Case::new("transactions: EXEC refused by its arity")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["SET", "tx:4", "v"], QUEUED)
            .cmd(
                &["EXEC", "x"],
                "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n",
            )
            .cmd(&["EXEC"], "-ERR EXEC without MULTI\r\n")
            .cmd(&["GET", "tx:4"], "$-1\r\n"),
        Case::new("transactions: RESP3 replies inside EXEC")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .cmd(&["HSET", "tx:5", "f", "v"], ":1\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["HGETALL", "tx:5"], QUEUED)
            .cmd(&["GET", "tx:5:none"], QUEUED)
            .cmd(&["EXEC"], "*2\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n_\r\n")
            .cmd(&["WATCH", "tx:5"], "+OK\r\n")
            .cmd(&["DEL", "tx:5"], ":1\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["EXEC"], "_\r\n"),
        Case::new("transactions: WATCH")
            .cmd(&["SET", "tx:6", "30"], "+OK\r\n")
            .cmd(&["WATCH", "tx:6", "tx:6:other"], "+OK\r\n")
            .cmd(&["EXPIRE", "tx:6", "100"], ":1\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["PING"], QUEUED)
            .cmd(&["EXEC"], "*-1\r\n")
            // Unwatched by the failed EXEC.
            .cmd(&["SET", "tx:6", "40"], "+OK\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["EXEC"], "*0\r\n")
            // A write that changes nothing does not touch.
            .cmd(&["WATCH", "tx:6:none"], "+OK\r\n")
            .cmd(&["DEL", "tx:6:none"], ":0\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["EXEC"], "*0\r\n")
            // UNWATCH forgets a touched key.
            .cmd(&["WATCH", "tx:6"], "+OK\r\n")
            .cmd(&["INCR", "tx:6"], ":41\r\n")
            .cmd(&["UNWATCH"], "+OK\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["INCR", "tx:6"], QUEUED)
            .cmd(&["EXEC"], "*1\r\n:42\r\n")
            .cmd(&["DEL", "tx:6"], ":1\r\n"),
    ]
}
