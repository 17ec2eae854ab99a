//! A script running long, seen from another connection: its commands wait
//! until `busy-reply-threshold`, then get -BUSY; SCRIPT KILL ends a script
//! that has not written and refuses (UNKILLABLE) one that has. The
//! threshold is lowered for the cases and restored to its default.

use crate::case::Case;

const BUSY: &str =
    "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";

/// A script that writes, then runs for about 0.6 s by the server's clock.
const WRITES_THEN_WAITS: &str = "redis.call('set', KEYS[1], '1') local t0 = redis.call('time') repeat local t = redis.call('time') until (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 600000 return 'done'";

/// Why the UNKILLABLE case runs only against redis-server for now. Its
/// SCRIPT KILL must land within the script's 0.6 s, from a connection
/// opened while the script runs. On a loaded machine (load 10+ on two
/// cores) the async-std binary still answered NOTBUSY in 1 to 4 runs out
/// of 100: each slice of the script then takes about 100 to 300 ms in an
/// unoptimised build, and the new connection was accepted by the listener
/// only after several of them (about 330 ms late in a traced run), so the
/// script had ended. The smol binary passed 100 out of 100 in each such
/// run. The cause of the late accept is not found yet; the lock
/// starvation behind the first reports is fixed in runtime-common.
const ASYNC_STD_LATE_ACCEPT: &str =
    "the async-std binary accepts a connection opened during a script late under load";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("scripting: others wait, then get BUSY; SCRIPT KILL ends the script")
            .cmd(&["CONFIG", "SET", "busy-reply-threshold", "300"], "+OK\r\n")
            .on("b")
            .cmd(&["SCRIPT", "KILL"], "-NOTBUSY No scripts in execution right now.\r\n")
            .on("a")
            .send(&["EVAL", "while true do end", "0"])
            .silent_ms(50)
            .on("b")
            .send(&["PING"])
            .silent_ms(100)
            .receive(BUSY)
            .cmd(&["GET", "mc:script"], BUSY)
            .cmd(&["SCRIPT", "KILL"], "+OK\r\n")
            .on("a")
            .receive("-ERR Script killed by user with SCRIPT KILL... script: 694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7, on @user_script:1.\r\n")
            .cmd(&["PING"], "+PONG\r\n")
            .on("b")
            .cmd(&["PING"], "+PONG\r\n")
            .cmd(&["CONFIG", "SET", "busy-reply-threshold", "5000"], "+OK\r\n"),
        Case::new("scripting: a script that wrote is UNKILLABLE and runs to its end")
            .cmd(&["CONFIG", "SET", "busy-reply-threshold", "100"], "+OK\r\n")
            .send(&["EVAL", WRITES_THEN_WAITS, "1", "mc:script"])
            .silent_ms(50)
            .on("b")
            .sleep_ms(150)
            .cmd(
                &["SCRIPT", "KILL"],
                "-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n",
            )
            .on("a")
            .receive("$4\r\ndone\r\n")
            .on("b")
            .cmd(&["GET", "mc:script"], "$1\r\n1\r\n")
            .cmd(&["DEL", "mc:script"], ":1\r\n")
            .cmd(&["CONFIG", "SET", "busy-reply-threshold", "5000"], "+OK\r\n")
            .not_yet_in_miniredis(ASYNC_STD_LATE_ACCEPT),
    ]
}
