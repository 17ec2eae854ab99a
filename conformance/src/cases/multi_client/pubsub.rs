//! Pub/sub: SUBSCRIBE/PSUBSCRIBE/SSUBSCRIBE and their UNSUBSCRIBE
//! confirmations, message/pmessage/smessage pushes in RESP2 and RESP3,
//! PUBLISH/SPUBLISH receiver counts, PUBSUB introspection, and what a
//! subscribed RESP2 connection may still run.

use super::{confirm, push, SETTLE_MS};
use crate::case::Case;
use crate::shapes;

const SUBSCRIBED_ONLY: &str = "(P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are \
                               allowed in this context\r\n";

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("pubsub: SUBSCRIBE, PUBLISH and UNSUBSCRIBE in RESP2")
            .on("a")
            .cmd(
                &["SUBSCRIBE", "mc:ch1", "mc:ch2"],
                confirm(false, "subscribe", Some("mc:ch1"), 1)
                    + &confirm(false, "subscribe", Some("mc:ch2"), 2),
            )
            .on("c")
            .cmd(&["PUBLISH", "mc:ch1", "hello"], ":1\r\n")
            .cmd(&["PUBLISH", "mc:nobody", "x"], ":0\r\n")
            .on("a")
            .receive(push(false, &["message", "mc:ch1", "hello"]))
            .cmd(
                &["UNSUBSCRIBE", "mc:ch1"],
                confirm(false, "unsubscribe", Some("mc:ch1"), 1),
            )
            .on("c")
            .cmd(&["PUBLISH", "mc:ch1", "late"], ":0\r\n")
            .cmd(&["PUBLISH", "mc:ch2", "b\r\n\x00"], ":1\r\n")
            .on("a")
            .receive(push(false, &["message", "mc:ch2", "b\r\n\x00"]))
            .cmd(
                &["UNSUBSCRIBE"],
                confirm(false, "unsubscribe", Some("mc:ch2"), 0),
            )
            .cmd(&["UNSUBSCRIBE"], confirm(false, "unsubscribe", None, 0)),
        Case::new("pubsub: PSUBSCRIBE and pmessage; a client matching twice gets both")
            .on("a")
            .cmd(
                &["SUBSCRIBE", "mc:p1"],
                confirm(false, "subscribe", Some("mc:p1"), 1),
            )
            .cmd(
                &["PSUBSCRIBE", "mc:p*"],
                confirm(false, "psubscribe", Some("mc:p*"), 2),
            )
            .on("c")
            .cmd(&["PUBLISH", "mc:p1", "hi"], ":2\r\n")
            .cmd(&["PUBLISH", "mc:px", "yo"], ":1\r\n")
            .on("a")
            .receive(
                push(false, &["message", "mc:p1", "hi"])
                    + &push(false, &["pmessage", "mc:p*", "mc:p1", "hi"])
                    + &push(false, &["pmessage", "mc:p*", "mc:px", "yo"]),
            )
            .cmd(
                &["PUNSUBSCRIBE"],
                confirm(false, "punsubscribe", Some("mc:p*"), 1),
            )
            .cmd(&["PUNSUBSCRIBE"], confirm(false, "punsubscribe", None, 1))
            .cmd(
                &["UNSUBSCRIBE", "mc:p1"],
                confirm(false, "unsubscribe", Some("mc:p1"), 0),
            ),
        Case::new("pubsub: UNSUBSCRIBE when not subscribed confirms with count 0")
            .cmd(
                &["UNSUBSCRIBE", "mc:never"],
                confirm(false, "unsubscribe", Some("mc:never"), 0),
            )
            .cmd(
                &["PUNSUBSCRIBE", "mc:*"],
                confirm(false, "punsubscribe", Some("mc:*"), 0),
            )
            .cmd(
                &["SUNSUBSCRIBE", "mc:s"],
                confirm(false, "sunsubscribe", Some("mc:s"), 0),
            )
            .cmd(&["GET", "mc:never"], "$-1\r\n"),
        Case::new("pubsub: RESP3 confirmations and messages are push frames")
            .on("a")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .cmd(
                &["SUBSCRIBE", "mc:r3"],
                confirm(true, "subscribe", Some("mc:r3"), 1),
            )
            .cmd(
                &["PSUBSCRIBE", "mc:r*"],
                confirm(true, "psubscribe", Some("mc:r*"), 2),
            )
            .on("c")
            .cmd(&["PUBLISH", "mc:r3", "hello"], ":2\r\n")
            .on("a")
            .receive(
                push(true, &["message", "mc:r3", "hello"])
                    + &push(true, &["pmessage", "mc:r*", "mc:r3", "hello"]),
            )
            // RESP3 connections may run any command while subscribed.
            .cmd(&["GET", "mc:r3"], "_\r\n")
            .cmd(&["PING"], "+PONG\r\n")
            .cmd(
                &["UNSUBSCRIBE", "mc:r3"],
                confirm(true, "unsubscribe", Some("mc:r3"), 1),
            )
            .cmd(
                &["PUNSUBSCRIBE"],
                confirm(true, "punsubscribe", Some("mc:r*"), 0),
            )
            .cmd(&["UNSUBSCRIBE"], confirm(true, "unsubscribe", None, 0)),
        Case::new("pubsub: a subscribed RESP2 connection runs only pub/sub, PING, QUIT, RESET")
            .cmd(
                &["SUBSCRIBE", "mc:only"],
                confirm(false, "subscribe", Some("mc:only"), 1),
            )
            .cmd(
                &["GET", "mc:only"],
                format!("-ERR Can't execute 'get': only {SUBSCRIBED_ONLY}"),
            )
            .cmd(
                &["HELLO", "3"],
                format!("-ERR Can't execute 'hello': only {SUBSCRIBED_ONLY}"),
            )
            .cmd(&["PING"], "*2\r\n$4\r\npong\r\n$0\r\n\r\n")
            .cmd(&["PING", "hi"], "*2\r\n$4\r\npong\r\n$2\r\nhi\r\n")
            .cmd(&["RESET"], "+RESET\r\n")
            .cmd(&["PING"], "+PONG\r\n"),
        Case::new("pubsub: QUIT while subscribed")
            .cmd(
                &["SUBSCRIBE", "mc:quit"],
                confirm(false, "subscribe", Some("mc:quit"), 1),
            )
            .cmd(&["QUIT"], "+OK\r\n")
            .closed(),
        Case::new("pubsub: PUBSUB NUMSUB, NUMPAT and CHANNELS")
            .on("a")
            .cmd(
                &["SUBSCRIBE", "mc:n1", "mc:n2"],
                confirm(false, "subscribe", Some("mc:n1"), 1)
                    + &confirm(false, "subscribe", Some("mc:n2"), 2),
            )
            .on("b")
            .cmd(
                &["SUBSCRIBE", "mc:n1"],
                confirm(false, "subscribe", Some("mc:n1"), 1),
            )
            .cmd(
                &["PSUBSCRIBE", "mc:n*"],
                confirm(false, "psubscribe", Some("mc:n*"), 2),
            )
            .on("c")
            .cmd(
                &["PUBSUB", "NUMSUB", "mc:n1", "mc:n2", "mc:n3"],
                "*6\r\n$5\r\nmc:n1\r\n:2\r\n$5\r\nmc:n2\r\n:1\r\n$5\r\nmc:n3\r\n:0\r\n",
            )
            .cmd(&["PUBSUB", "NUMSUB"], "*0\r\n")
            .cmd(&["PUBSUB", "NUMPAT"], ":1\r\n")
            .cmd_shape(
                &["PUBSUB", "CHANNELS", "mc:n*"],
                "mc:n1 and mc:n2 in any order",
                shapes::bulks_any_order(&["mc:n1", "mc:n2"]),
            )
            .cmd(&["PUBSUB", "CHANNELS", "mc:n1*"], "*1\r\n$5\r\nmc:n1\r\n")
            .cmd(&["PUBSUB", "CHANNELS", "mc:zz*"], "*0\r\n")
            .cmd(&["PUBLISH", "mc:n1", "m"], ":3\r\n")
            .on("a")
            .receive(push(false, &["message", "mc:n1", "m"]))
            .cmd(
                &["UNSUBSCRIBE", "mc:n1", "mc:n2"],
                confirm(false, "unsubscribe", Some("mc:n1"), 1)
                    + &confirm(false, "unsubscribe", Some("mc:n2"), 0),
            )
            .on("b")
            .receive(
                push(false, &["message", "mc:n1", "m"])
                    + &push(false, &["pmessage", "mc:n*", "mc:n1", "m"]),
            )
            .cmd(&["RESET"], "+RESET\r\n")
            .on("c")
            .cmd(
                &["PUBSUB", "NUMSUB", "mc:n1", "mc:n2"],
                "*4\r\n$5\r\nmc:n1\r\n:0\r\n$5\r\nmc:n2\r\n:0\r\n",
            )
            .cmd(&["PUBSUB", "NUMPAT"], ":0\r\n"),
        Case::new("pubsub: SSUBSCRIBE, SPUBLISH and smessage in RESP2 and RESP3")
            .on("a")
            .cmd(
                &["SSUBSCRIBE", "mc:s1"],
                confirm(false, "ssubscribe", Some("mc:s1"), 1),
            )
            .on("b")
            .cmd_shape(&["HELLO", "3"], "HELLO 3 reply", shapes::hello(3))
            .cmd(
                &["SSUBSCRIBE", "mc:s1", "mc:s2"],
                confirm(true, "ssubscribe", Some("mc:s1"), 1)
                    + &confirm(true, "ssubscribe", Some("mc:s2"), 2),
            )
            .on("c")
            .cmd(&["SPUBLISH", "mc:s1", "m"], ":2\r\n")
            // Shard channels and plain channels are separate namespaces.
            .cmd(&["PUBLISH", "mc:s1", "m"], ":0\r\n")
            .cmd(
                &["PUBSUB", "SHARDNUMSUB", "mc:s1", "mc:s2", "mc:s3"],
                "*6\r\n$5\r\nmc:s1\r\n:2\r\n$5\r\nmc:s2\r\n:1\r\n$5\r\nmc:s3\r\n:0\r\n",
            )
            .cmd_shape(
                &["PUBSUB", "SHARDCHANNELS", "mc:s*"],
                "mc:s1 and mc:s2 in any order",
                shapes::bulks_any_order(&["mc:s1", "mc:s2"]),
            )
            .cmd(&["PUBSUB", "CHANNELS", "mc:s*"], "*0\r\n")
            .on("a")
            .receive(push(false, &["smessage", "mc:s1", "m"]))
            .cmd(
                &["GET", "mc:s1"],
                format!("-ERR Can't execute 'get': only {SUBSCRIBED_ONLY}"),
            )
            .cmd(
                &["SUNSUBSCRIBE"],
                confirm(false, "sunsubscribe", Some("mc:s1"), 0),
            )
            .cmd(&["SUNSUBSCRIBE"], confirm(false, "sunsubscribe", None, 0))
            .on("b")
            .receive(push(true, &["smessage", "mc:s1", "m"]))
            .cmd(
                &["SUNSUBSCRIBE", "mc:s2", "mc:s1"],
                confirm(true, "sunsubscribe", Some("mc:s2"), 1)
                    + &confirm(true, "sunsubscribe", Some("mc:s1"), 0),
            )
            .on("c")
            .cmd(&["SPUBLISH", "mc:s1", "m"], ":0\r\n"),
        Case::new("pubsub: every subscriber gets pipelined messages in order")
            .on("a")
            .cmd(
                &["SUBSCRIBE", "mc:order"],
                confirm(false, "subscribe", Some("mc:order"), 1),
            )
            .on("b")
            .cmd(
                &["PSUBSCRIBE", "mc:ord*"],
                confirm(false, "psubscribe", Some("mc:ord*"), 1),
            )
            .on("c")
            .pipeline(
                &[
                    &["PUBLISH", "mc:order", "1"],
                    &["PUBLISH", "mc:order", "2"],
                    &["PUBLISH", "mc:order", "3"],
                ],
                ":2\r\n:2\r\n:2\r\n",
            )
            .on("a")
            .receive(
                push(false, &["message", "mc:order", "1"])
                    + &push(false, &["message", "mc:order", "2"])
                    + &push(false, &["message", "mc:order", "3"]),
            )
            .silent_ms(SETTLE_MS)
            .cmd(
                &["UNSUBSCRIBE"],
                confirm(false, "unsubscribe", Some("mc:order"), 0),
            )
            .on("b")
            .receive(
                push(false, &["pmessage", "mc:ord*", "mc:order", "1"])
                    + &push(false, &["pmessage", "mc:ord*", "mc:order", "2"])
                    + &push(false, &["pmessage", "mc:ord*", "mc:order", "3"]),
            )
            .cmd(
                &["PUNSUBSCRIBE"],
                confirm(false, "punsubscribe", Some("mc:ord*"), 0),
            ),
        Case::new("pubsub: SUBSCRIBE arity")
            .cmd(
                &["SUBSCRIBE"],
                "-ERR wrong number of arguments for 'subscribe' command\r\n",
            )
            .cmd(
                &["PUBLISH", "mc:x"],
                "-ERR wrong number of arguments for 'publish' command\r\n",
            )
            .cmd(
                &["SSUBSCRIBE"],
                "-ERR wrong number of arguments for 'ssubscribe' command\r\n",
            ),
    ]
}
