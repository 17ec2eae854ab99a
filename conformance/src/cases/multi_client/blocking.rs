//! Blocking pops: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN,
//! BZPOPMAX and BZMPOP served by another connection's push, their
//! timeouts, timeout errors, and their non-blocking behaviour inside MULTI.

use super::{bulk, bulks, SETTLE_MS};
use crate::case::Case;
use crate::shapes;

const NOT_FLOAT: &str = "-ERR timeout is not a float or out of range\r\n";
const NEGATIVE: &str = "-ERR timeout is negative\r\n";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("blocking: BLPOP clients are served in the order they blocked")
            .on("a")
            .send(&["BLPOP", "mc:q", "0"])
            .silent_ms(SETTLE_MS)
            .on("b")
            .send(&["BLPOP", "mc:q", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["RPUSH", "mc:q", "x", "y", "z"], ":3\r\n")
            .on("a")
            .receive(bulks(&["mc:q", "x"]))
            .on("b")
            .receive(bulks(&["mc:q", "y"]))
            .on("c")
            .cmd(&["LRANGE", "mc:q", "0", "-1"], bulks(&["z"]))
            .cmd(&["DEL", "mc:q"], ":1\r\n"),
        Case::new("blocking: BLPOP on several keys")
            .on("a")
            .send(&["BLPOP", "mc:k1", "mc:k2", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["RPUSH", "mc:k2", "v1", "v2"], ":2\r\n")
            .on("a")
            .receive(bulks(&["mc:k2", "v1"]))
            .on("c")
            .cmd(&["RPUSH", "mc:k1", "w"], ":1\r\n")
            // Both keys hold elements: the first key named wins.
            .on("a")
            .cmd(&["BLPOP", "mc:k2", "mc:k1", "0"], bulks(&["mc:k2", "v2"]))
            .cmd(&["BLPOP", "mc:k2", "mc:k1", "0"], bulks(&["mc:k1", "w"]))
            .cmd(&["EXISTS", "mc:k1", "mc:k2"], ":0\r\n"),
        Case::new("blocking: keys made ready by one transaction serve in push order")
            .on("a")
            .send(&["BLPOP", "mc:r1", "mc:r2", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["LPUSH", "mc:r2", "first"], "+QUEUED\r\n")
            .cmd(&["LPUSH", "mc:r1", "second"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*2\r\n:1\r\n:1\r\n")
            .on("a")
            .receive(bulks(&["mc:r2", "first"]))
            .on("c")
            .cmd(&["LRANGE", "mc:r1", "0", "-1"], bulks(&["second"]))
            .cmd(&["DEL", "mc:r1"], ":1\r\n"),
        Case::new("blocking: BRPOP pops the tail after the whole push")
            .on("a")
            .send(&["BRPOP", "mc:t", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["RPUSH", "mc:t", "a", "b", "c"], ":3\r\n")
            .on("a")
            .receive(bulks(&["mc:t", "c"]))
            .on("c")
            .cmd(&["LRANGE", "mc:t", "0", "-1"], bulks(&["a", "b"]))
            .cmd(&["DEL", "mc:t"], ":1\r\n"),
        Case::new("blocking: a key that becomes a string leaves the client blocked")
            .on("a")
            .send(&["BLPOP", "mc:wt", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["SET", "mc:wt", "str"], "+OK\r\n")
            .on("a")
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["DEL", "mc:wt"], ":1\r\n")
            .cmd(&["RPUSH", "mc:wt", "ok"], ":1\r\n")
            .on("a")
            .receive(bulks(&["mc:wt", "ok"])),
        Case::new("blocking: a client that disconnected is not served")
            .on("a")
            .send(&["BLPOP", "mc:gone", "0"])
            .silent_ms(SETTLE_MS)
            .close()
            .on("b")
            .send(&["BLPOP", "mc:gone", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["RPUSH", "mc:gone", "v"], ":1\r\n")
            .on("b")
            .receive(bulks(&["mc:gone", "v"]))
            .on("c")
            .cmd(&["EXISTS", "mc:gone"], ":0\r\n"),
        Case::new("blocking: BLMOVE is served, and its push serves the next client")
            .on("b")
            .send(&["BLPOP", "mc:dst", "0"])
            .silent_ms(SETTLE_MS)
            .on("a")
            .send(&["BLMOVE", "mc:src", "mc:dst", "LEFT", "RIGHT", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["RPUSH", "mc:src", "v"], ":1\r\n")
            .on("a")
            .receive(bulk("v"))
            .on("b")
            .receive(bulks(&["mc:dst", "v"]))
            .on("c")
            .cmd(&["EXISTS", "mc:src", "mc:dst"], ":0\r\n"),
        Case::new("blocking: BRPOPLPUSH is served by LPUSH")
            .on("a")
            .send(&["BRPOPLPUSH", "mc:s", "mc:d", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["LPUSH", "mc:s", "x"], ":1\r\n")
            .on("a")
            .receive(bulk("x"))
            .on("c")
            .cmd(&["LRANGE", "mc:d", "0", "-1"], bulks(&["x"]))
            .cmd(&["DEL", "mc:s", "mc:d"], ":1\r\n"),
        Case::new("blocking: BZPOPMIN served by ZADD, then BZPOPMAX at once")
            .on("a")
            .send(&["BZPOPMIN", "mc:z1", "mc:z2", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["ZADD", "mc:z2", "2", "b", "1", "a", "3", "c"], ":3\r\n")
            .on("a")
            .receive(bulks(&["mc:z2", "a", "1"]))
            .cmd(
                &["BZPOPMAX", "mc:z1", "mc:z2", "0"],
                bulks(&["mc:z2", "c", "3"]),
            )
            .cmd(&["DEL", "mc:z2"], ":1\r\n"),
        Case::new("blocking: BZPOPMAX in RESP3 answers the score as a double")
            .on("a")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .send(&["BZPOPMAX", "mc:z3", "0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["ZADD", "mc:z3", "1.5", "m", "2.5", "n"], ":2\r\n")
            .on("a")
            .receive("*3\r\n$5\r\nmc:z3\r\n$1\r\nn\r\n,2.5\r\n")
            .cmd(
                &["BZPOPMIN", "mc:z3", "0"],
                "*3\r\n$5\r\nmc:z3\r\n$1\r\nm\r\n,1.5\r\n",
            ),
        Case::new("blocking: BLMPOP is served with COUNT from the chosen end")
            .on("a")
            .send(&["BLMPOP", "0", "2", "mc:m1", "mc:m2", "RIGHT", "COUNT", "2"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["RPUSH", "mc:m2", "a", "b", "c"], ":3\r\n")
            .on("a")
            .receive(format!("*2\r\n{}{}", bulk("mc:m2"), bulks(&["c", "b"])))
            .on("c")
            .cmd(&["LRANGE", "mc:m2", "0", "-1"], bulks(&["a"]))
            .cmd(&["DEL", "mc:m2"], ":1\r\n"),
        Case::new("blocking: BZMPOP in RESP3 is served with scores as doubles")
            .on("a")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .send(&["BZMPOP", "0", "2", "mc:zm1", "mc:zm2", "MAX", "COUNT", "5"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(
                &["ZADD", "mc:zm2", "1.5", "m", "2", "n", "-inf", "o"],
                ":3\r\n",
            )
            .on("a")
            .receive(
                "*2\r\n$6\r\nmc:zm2\r\n*3\r\n*2\r\n$1\r\nn\r\n,2\r\n\
                 *2\r\n$1\r\nm\r\n,1.5\r\n*2\r\n$1\r\no\r\n,-inf\r\n",
            )
            .cmd(&["EXISTS", "mc:zm2"], ":0\r\n"),
        Case::new("blocking: fractional timeouts answer a null array in RESP2")
            .cmd(&["BLPOP", "mc:none", "0.1"], "*-1\r\n")
            .cmd(&["BRPOP", "mc:none", "mc:none2", "0.05"], "*-1\r\n")
            .cmd(
                &["BLMOVE", "mc:none", "mc:d", "LEFT", "RIGHT", "0.05"],
                "*-1\r\n",
            )
            .cmd(&["BRPOPLPUSH", "mc:none", "mc:d", "0.05"], "*-1\r\n")
            .cmd(&["BLMPOP", "0.05", "1", "mc:none", "LEFT"], "*-1\r\n")
            .cmd(&["BZPOPMIN", "mc:none", "0.05"], "*-1\r\n")
            .cmd(&["BZPOPMAX", "mc:none", "0.05"], "*-1\r\n")
            .cmd(&["BZMPOP", "0.05", "1", "mc:none", "MIN"], "*-1\r\n")
            // 1e-5 s rounds up to 1 ms rather than down to "forever".
            .cmd(&["BLPOP", "mc:none", "1e-5"], "*-1\r\n")
            .cmd(&["EXISTS", "mc:d"], ":0\r\n"),
        Case::new("blocking: fractional timeouts answer null in RESP3")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .cmd(&["BLPOP", "mc:none", "0.1"], "_\r\n")
            .cmd(&["BRPOP", "mc:none", "0.05"], "_\r\n")
            .cmd(
                &["BLMOVE", "mc:none", "mc:d", "LEFT", "RIGHT", "0.05"],
                "_\r\n",
            )
            .cmd(&["BRPOPLPUSH", "mc:none", "mc:d", "0.05"], "_\r\n")
            .cmd(&["BLMPOP", "0.05", "1", "mc:none", "LEFT"], "_\r\n")
            .cmd(&["BZPOPMIN", "mc:none", "0.05"], "_\r\n")
            .cmd(&["BZMPOP", "0.05", "1", "mc:none", "MIN"], "_\r\n"),
        Case::new("blocking: timeout errors")
            .cmd(&["BLPOP", "mc:k", "x"], NOT_FLOAT)
            .cmd(&["BLPOP", "mc:k", ""], NOT_FLOAT)
            .cmd(&["BLPOP", "mc:k", "nan"], NOT_FLOAT)
            .cmd(&["BLPOP", "mc:k", " 1"], NOT_FLOAT)
            .cmd(&["BLPOP", "mc:k", "-1"], NEGATIVE)
            .cmd(&["BRPOP", "mc:k", "-0.5"], NEGATIVE)
            .cmd(&["BZPOPMIN", "mc:k", "x"], NOT_FLOAT)
            .cmd(&["BZPOPMAX", "mc:k", "-1"], NEGATIVE)
            .cmd(&["BLMOVE", "mc:k", "mc:d", "LEFT", "RIGHT", "x"], NOT_FLOAT)
            .cmd(&["BRPOPLPUSH", "mc:k", "mc:d", "-1"], NEGATIVE)
            .cmd(&["BLMPOP", "x", "1", "mc:k", "LEFT"], NOT_FLOAT)
            .cmd(&["BLMPOP", "-1", "1", "mc:k", "LEFT"], NEGATIVE)
            .cmd(&["BZMPOP", "-1", "1", "mc:k", "MIN"], NEGATIVE),
        Case::new("blocking: inside MULTI blocking commands answer nil at once")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["BLPOP", "mc:none", "0"], "+QUEUED\r\n")
            .cmd(&["BRPOP", "mc:none", "0"], "+QUEUED\r\n")
            .cmd(
                &["BLMOVE", "mc:none", "mc:d", "LEFT", "LEFT", "0"],
                "+QUEUED\r\n",
            )
            .cmd(&["BRPOPLPUSH", "mc:none", "mc:d", "0"], "+QUEUED\r\n")
            .cmd(&["BLMPOP", "0", "1", "mc:none", "LEFT"], "+QUEUED\r\n")
            .cmd(&["BZPOPMIN", "mc:none", "0"], "+QUEUED\r\n")
            .cmd(&["BZMPOP", "0", "1", "mc:none", "MIN"], "+QUEUED\r\n")
            // Unlike a timeout, BLMOVE and BRPOPLPUSH answer a null bulk here.
            .cmd(
                &["EXEC"],
                "*7\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n*-1\r\n",
            )
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["RPUSH", "mc:x", "a"], "+QUEUED\r\n")
            .cmd(&["BLPOP", "mc:x", "0"], "+QUEUED\r\n")
            .cmd(&["BLPOP", "mc:x", "x"], "+QUEUED\r\n")
            .cmd(
                &["EXEC"],
                format!("*3\r\n:1\r\n{}{NOT_FLOAT}", bulks(&["mc:x", "a"])),
            )
            .cmd(&["EXISTS", "mc:x", "mc:d"], ":0\r\n"),
        Case::new("blocking: inside MULTI in RESP3 blocking commands answer null")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["BLPOP", "mc:none", "0"], "+QUEUED\r\n")
            .cmd(
                &["BLMOVE", "mc:none", "mc:d", "LEFT", "LEFT", "0"],
                "+QUEUED\r\n",
            )
            .cmd(&["BZPOPMIN", "mc:none", "0"], "+QUEUED\r\n")
            .cmd(&["BLMPOP", "0", "1", "mc:none", "LEFT"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*4\r\n_\r\n_\r\n_\r\n_\r\n"),
    ]
}
