//! Pub/Sub on one connection: confirmations, subscribed mode, a RESP3
//! client's own messages, PUBSUB introspection. (Messages between
//! connections are covered by the core's tests/pubsub.rs.) Channel names
//! are this file's own, so counts do not depend on other cases.

use crate::case::Case;

fn refused(name: &str) -> String {
    format!(
        "-ERR Can't execute '{name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n"
    )
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("pubsub: SUBSCRIBE and UNSUBSCRIBE confirm each channel").pipeline(
            &[
                &["SUBSCRIBE", "ps:a", "ps:b", "ps:a"],
                &["UNSUBSCRIBE", "ps:b", "ps:zz"],
                &["PSUBSCRIBE", "ps:*"],
                &["UNSUBSCRIBE"],
                &["UNSUBSCRIBE"],
                &["PUNSUBSCRIBE"],
                &["PUNSUBSCRIBE"],
            ],
            "*3\r\n$9\r\nsubscribe\r\n$4\r\nps:a\r\n:1\r\n\
             *3\r\n$9\r\nsubscribe\r\n$4\r\nps:b\r\n:2\r\n\
             *3\r\n$9\r\nsubscribe\r\n$4\r\nps:a\r\n:2\r\n\
             *3\r\n$11\r\nunsubscribe\r\n$4\r\nps:b\r\n:1\r\n\
             *3\r\n$11\r\nunsubscribe\r\n$5\r\nps:zz\r\n:1\r\n\
             *3\r\n$10\r\npsubscribe\r\n$4\r\nps:*\r\n:2\r\n\
             *3\r\n$11\r\nunsubscribe\r\n$4\r\nps:a\r\n:1\r\n\
             *3\r\n$11\r\nunsubscribe\r\n$-1\r\n:1\r\n\
             *3\r\n$12\r\npunsubscribe\r\n$4\r\nps:*\r\n:0\r\n\
             *3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n",
        ),
        Case::new("pubsub: a RESP2 subscriber runs only the subscription commands")
            .cmd(
                &["SUBSCRIBE", "ps:mode"],
                "*3\r\n$9\r\nsubscribe\r\n$7\r\nps:mode\r\n:1\r\n",
            )
            .cmd(&["GeT", "k"], refused("get"))
            .cmd(&["CONFIG", "GET", "x"], refused("config|get"))
            .cmd(
                &["GET"],
                "-ERR wrong number of arguments for 'get' command\r\n",
            )
            .cmd(&["PING"], "*2\r\n$4\r\npong\r\n$0\r\n\r\n")
            .cmd(&["PING", "hi"], "*2\r\n$4\r\npong\r\n$2\r\nhi\r\n")
            .cmd(
                &["SSUBSCRIBE", "ps:shard"],
                "*3\r\n$10\r\nssubscribe\r\n$8\r\nps:shard\r\n:1\r\n",
            )
            .cmd(
                &["UNSUBSCRIBE"],
                "*3\r\n$11\r\nunsubscribe\r\n$7\r\nps:mode\r\n:0\r\n",
            )
            .cmd(&["GET", "k"], refused("get"))
            .cmd(
                &["SUNSUBSCRIBE"],
                "*3\r\n$12\r\nsunsubscribe\r\n$8\r\nps:shard\r\n:0\r\n",
            )
            .cmd(&["PING"], "+PONG\r\n"),
        Case::new("pubsub: RESP3 reads its own message before PUBLISH's count")
            .cmd_shape(&["HELLO", "3"], "HELLO map", |_| Ok(()))
            .cmd(
                &["SUBSCRIBE", "ps:self"],
                ">3\r\n$9\r\nsubscribe\r\n$7\r\nps:self\r\n:1\r\n",
            )
            .raw(
                "PUBLISH ps:self hi\r\nPING\r\n",
                ">3\r\n$7\r\nmessage\r\n$7\r\nps:self\r\n$2\r\nhi\r\n:1\r\n+PONG\r\n",
            )
            .raw(
                "SSUBSCRIBE ps:s\r\nSPUBLISH ps:s m\r\n",
                ">3\r\n$10\r\nssubscribe\r\n$4\r\nps:s\r\n:1\r\n\
                 >3\r\n$8\r\nsmessage\r\n$4\r\nps:s\r\n$1\r\nm\r\n:1\r\n",
            )
            .raw(
                "UNSUBSCRIBE\r\nUNSUBSCRIBE\r\nSUNSUBSCRIBE\r\n",
                ">3\r\n$11\r\nunsubscribe\r\n$7\r\nps:self\r\n:0\r\n\
                 >3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n\
                 >3\r\n$12\r\nsunsubscribe\r\n$4\r\nps:s\r\n:0\r\n",
            ),
        Case::new("pubsub: PUBSUB NUMSUB and syntax errors")
            .cmd(
                &["PUBSUB", "NUMSUB", "ps:nobody", "ps:nobody2"],
                "*4\r\n$9\r\nps:nobody\r\n:0\r\n$10\r\nps:nobody2\r\n:0\r\n",
            )
            .cmd(&["PUBSUB", "CHANNELS", "ps:nobody*"], "*0\r\n")
            .cmd(&["PUBLISH", "ps:nobody", "m"], ":0\r\n")
            .cmd(
                &["PUBSUB", "ChanNels", "a", "b"],
                "-ERR unknown subcommand or wrong number of arguments for 'ChanNels'. Try PUBSUB HELP.\r\n",
            )
            .cmd(
                &["PUBSUB", "NUMPAT", "x"],
                "-ERR wrong number of arguments for 'pubsub|numpat' command\r\n",
            )
            .cmd(
                &["PubSub", "nosuch"],
                "-ERR unknown subcommand 'nosuch'. Try PUBSUB HELP.\r\n",
            ),
    ]
}
