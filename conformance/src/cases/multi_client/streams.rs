//! Blocking stream reads: XREAD and XREADGROUP with BLOCK served by another
//! connection's XADD, their timeouts, their non-blocking behaviour inside
//! MULTI, and the errors a blocked XREADGROUP gets when its group or key
//! goes away. Entry ids are explicit so the reply bytes are stable.

use super::{bulk, SETTLE_MS};
use crate::case::Case;
use crate::shapes;

const NOGROUP_BLOCKED: &str =
    "-NOGROUP the consumer group this client was blocked on no longer exists\r\n";
const KEY_GONE: &str = "-UNBLOCKED the stream key no longer exists\r\n";
const NOGROUP_READ: &str =
    "-NOGROUP No such key 'mc:xs' or consumer group 'g' in XREADGROUP with GROUP option\r\n";

/// One stream entry: its id and its field/value pairs.
fn entry(id: &str, fields: &[&str]) -> String {
    let mut out = format!("*2\r\n{}*{}\r\n", bulk(id), fields.len());
    for f in fields {
        out += &bulk(f);
    }
    out
}

/// An XREAD/XREADGROUP reply naming one stream and its entries (RESP2).
fn read_reply(key: &str, entries: &[String]) -> String {
    format!(
        "*1\r\n*2\r\n{}*{}\r\n{}",
        bulk(key),
        entries.len(),
        entries.concat()
    )
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("streams: XREAD BLOCK 0 on $ is served with only the later entry")
            .on("c")
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], bulk("1-1"))
            .on("a")
            .send(&["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "$"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["XADD", "mc:xs", "2-1", "g", "w"], bulk("2-1"))
            .on("a")
            .receive(read_reply("mc:xs", &[entry("2-1", &["g", "w"])]))
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: $ is resolved when XREAD blocks, so a MULTI's two XADDs both serve it")
            .on("c")
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], bulk("1-1"))
            .on("a")
            .send(&["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "$"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["XADD", "mc:xs", "2-1", "g", "w"], "+QUEUED\r\n")
            .cmd(&["XADD", "mc:xs", "3-1", "h", "x"], "+QUEUED\r\n")
            .cmd(&["EXEC"], format!("*2\r\n{}{}", bulk("2-1"), bulk("3-1")))
            // The reader is served after EXEC, with every entry after the
            // last id at the time it blocked.
            .on("a")
            .receive(read_reply(
                "mc:xs",
                &[entry("2-1", &["g", "w"]), entry("3-1", &["h", "x"])],
            ))
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: $ on a missing key blocks until XADD creates it")
            .on("a")
            .send(&["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "$"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], "+QUEUED\r\n")
            .cmd(&["XADD", "mc:xs", "2-1", "g", "w"], "+QUEUED\r\n")
            .cmd(&["EXEC"], format!("*2\r\n{}{}", bulk("1-1"), bulk("2-1")))
            .on("a")
            .receive(read_reply(
                "mc:xs",
                &[entry("1-1", &["f", "v"]), entry("2-1", &["g", "w"])],
            ))
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: XREAD BLOCK with a timeout answers a null array")
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], bulk("1-1"))
            .cmd(
                &["XREAD", "BLOCK", "50", "STREAMS", "mc:xs", "$"],
                "*-1\r\n",
            )
            .cmd(
                &[
                    "XREAD", "COUNT", "1", "BLOCK", "50", "STREAMS", "mc:none", "$",
                ],
                "*-1\r\n",
            )
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .cmd(&["XREAD", "BLOCK", "50", "STREAMS", "mc:xs", "$"], "_\r\n")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: XREADGROUP BLOCK 0 on > is served by XADD and the entry is pending")
            .on("c")
            .cmd(
                &["XGROUP", "CREATE", "mc:xs", "g", "$", "MKSTREAM"],
                "+OK\r\n",
            )
            .on("a")
            .send(&[
                "XREADGROUP",
                "GROUP",
                "g",
                "c1",
                "BLOCK",
                "0",
                "STREAMS",
                "mc:xs",
                ">",
            ])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], bulk("1-1"))
            .on("a")
            .receive(read_reply("mc:xs", &[entry("1-1", &["f", "v"])]))
            .on("c")
            .cmd(
                &["XPENDING", "mc:xs", "g"],
                "*4\r\n:1\r\n$3\r\n1-1\r\n$3\r\n1-1\r\n*1\r\n*2\r\n$2\r\nc1\r\n$1\r\n1\r\n",
            )
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: one XADD serves two XREAD clients blocked on the stream")
            .on("a")
            .send(&["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "$"])
            .silent_ms(SETTLE_MS)
            .on("b")
            .send(&["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "0-0"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], bulk("1-1"))
            .on("a")
            .receive(read_reply("mc:xs", &[entry("1-1", &["f", "v"])]))
            .on("b")
            .receive(read_reply("mc:xs", &[entry("1-1", &["f", "v"])]))
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: one XADD serves only the first of two consumers of a group")
            .on("c")
            .cmd(
                &["XGROUP", "CREATE", "mc:xs", "g", "$", "MKSTREAM"],
                "+OK\r\n",
            )
            .on("a")
            .send(&[
                "XREADGROUP",
                "GROUP",
                "g",
                "c1",
                "BLOCK",
                "0",
                "STREAMS",
                "mc:xs",
                ">",
            ])
            .silent_ms(SETTLE_MS)
            .on("b")
            .send(&[
                "XREADGROUP",
                "GROUP",
                "g",
                "c2",
                "BLOCK",
                "0",
                "STREAMS",
                "mc:xs",
                ">",
            ])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], bulk("1-1"))
            .on("a")
            .receive(read_reply("mc:xs", &[entry("1-1", &["f", "v"])]))
            .on("b")
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["XADD", "mc:xs", "2-1", "g", "w"], bulk("2-1"))
            .on("b")
            .receive(read_reply("mc:xs", &[entry("2-1", &["g", "w"])]))
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: inside MULTI XREAD and XREADGROUP BLOCK answer at once")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(
                &["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "$"],
                "+QUEUED\r\n",
            )
            .cmd(
                &[
                    "XREADGROUP",
                    "GROUP",
                    "g",
                    "c",
                    "BLOCK",
                    "0",
                    "STREAMS",
                    "mc:xs",
                    ">",
                ],
                "+QUEUED\r\n",
            )
            .cmd(&["EXEC"], format!("*2\r\n*-1\r\n{NOGROUP_READ}"))
            .cmd(
                &["XGROUP", "CREATE", "mc:xs", "g", "$", "MKSTREAM"],
                "+OK\r\n",
            )
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(
                &["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "$"],
                "+QUEUED\r\n",
            )
            .cmd(
                &[
                    "XREADGROUP",
                    "GROUP",
                    "g",
                    "c",
                    "BLOCK",
                    "0",
                    "STREAMS",
                    "mc:xs",
                    ">",
                ],
                "+QUEUED\r\n",
            )
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], "+QUEUED\r\n")
            .cmd(
                &["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "0"],
                "+QUEUED\r\n",
            )
            .cmd(
                &[
                    "XREADGROUP",
                    "GROUP",
                    "g",
                    "c",
                    "BLOCK",
                    "0",
                    "STREAMS",
                    "mc:xs",
                    ">",
                ],
                "+QUEUED\r\n",
            )
            .cmd(
                &["EXEC"],
                format!(
                    "*5\r\n*-1\r\n*-1\r\n{}{}{}",
                    bulk("1-1"),
                    read_reply("mc:xs", &[entry("1-1", &["f", "v"])]),
                    read_reply("mc:xs", &[entry("1-1", &["f", "v"])]),
                ),
            )
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: a blocked XREADGROUP gets NOGROUP when its group is destroyed")
            .on("c")
            .cmd(
                &["XGROUP", "CREATE", "mc:xs", "g", "$", "MKSTREAM"],
                "+OK\r\n",
            )
            .on("a")
            .send(&[
                "XREADGROUP",
                "GROUP",
                "g",
                "c1",
                "BLOCK",
                "0",
                "STREAMS",
                "mc:xs",
                ">",
            ])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["XGROUP", "DESTROY", "mc:xs", "g"], ":1\r\n")
            .on("a")
            .receive(NOGROUP_BLOCKED)
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: a blocked XREADGROUP gets UNBLOCKED when its key is deleted")
            .on("c")
            .cmd(
                &["XGROUP", "CREATE", "mc:xs", "g", "$", "MKSTREAM"],
                "+OK\r\n",
            )
            .on("a")
            .send(&[
                "XREADGROUP",
                "GROUP",
                "g",
                "c1",
                "BLOCK",
                "0",
                "STREAMS",
                "mc:xs",
                ">",
            ])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n")
            .on("a")
            .receive(KEY_GONE),
        Case::new("streams: a blocked XREADGROUP gets UNBLOCKED when its key becomes a string")
            .on("c")
            .cmd(
                &["XGROUP", "CREATE", "mc:xs", "g", "$", "MKSTREAM"],
                "+OK\r\n",
            )
            .on("a")
            .send(&[
                "XREADGROUP",
                "GROUP",
                "g",
                "c1",
                "BLOCK",
                "0",
                "STREAMS",
                "mc:xs",
                ">",
            ])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["SET", "mc:xs", "x"], "+OK\r\n")
            .on("a")
            .receive(KEY_GONE)
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
        Case::new("streams: a blocked XREAD stays blocked when its key is deleted or replaced")
            .on("a")
            .send(&["XREAD", "BLOCK", "0", "STREAMS", "mc:xs", "$"])
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["SET", "mc:xs", "x"], "+OK\r\n")
            .on("a")
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n")
            .on("a")
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["XADD", "mc:xs", "1-1", "f", "v"], bulk("1-1"))
            .on("a")
            .receive(read_reply("mc:xs", &[entry("1-1", &["f", "v"])]))
            .on("c")
            .cmd(&["DEL", "mc:xs"], ":1\r\n"),
    ]
}
