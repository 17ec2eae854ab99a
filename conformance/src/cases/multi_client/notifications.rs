//! Keyspace notifications: CONFIG SET notify-keyspace-events, then a
//! pattern subscriber on `__keyspace@0__:*` and `__keyevent@0__:*` sees
//! another connection's writes. Each case resets the setting at its end.

use super::{confirm, push, SETTLE_MS};
use crate::case::Case;

const SPACE: &str = "__keyspace@0__:*";
const EVENT: &str = "__keyevent@0__:*";

/// The two messages one event on `key` sends: keyspace first, then keyevent.
fn event(key: &str, name: &str) -> String {
    push(
        false,
        &["pmessage", SPACE, &format!("__keyspace@0__:{key}"), name],
    ) + &push(
        false,
        &["pmessage", EVENT, &format!("__keyevent@0__:{name}"), key],
    )
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("notifications: set, lpush, expire, del and expired events")
            .on("c")
            // No volatile key left by earlier cases may expire into this one.
            .cmd(&["FLUSHALL"], "+OK\r\n")
            .cmd(
                &["CONFIG", "SET", "notify-keyspace-events", "KEA"],
                "+OK\r\n",
            )
            .on("sub")
            .cmd(
                &["PSUBSCRIBE", SPACE, EVENT],
                confirm(false, "psubscribe", Some(SPACE), 1)
                    + &confirm(false, "psubscribe", Some(EVENT), 2),
            )
            .on("c")
            .cmd(&["SET", "mc:kn", "v"], "+OK\r\n")
            .cmd(&["LPUSH", "mc:kl", "a", "b"], ":2\r\n")
            .cmd(&["EXPIRE", "mc:kn", "100"], ":1\r\n")
            .cmd(&["DEL", "mc:kn", "mc:kl", "mc:nothing"], ":2\r\n")
            .on("sub")
            .receive(
                event("mc:kn", "set")
                    + &event("mc:kl", "lpush")
                    + &event("mc:kn", "expire")
                    + &event("mc:kn", "del")
                    + &event("mc:kl", "del"),
            )
            // SET with PX is a set and an expire; the expiry itself follows.
            .on("c")
            .cmd(&["SET", "mc:ke", "v", "PX", "50"], "+OK\r\n")
            .sleep_ms(150)
            .cmd(&["EXISTS", "mc:ke"], ":0\r\n")
            .on("sub")
            .receive(event("mc:ke", "set") + &event("mc:ke", "expire") + &event("mc:ke", "expired"))
            // Another database's events go to __keyspace@1__, not matched here.
            .on("c")
            .cmd(&["SELECT", "1"], "+OK\r\n")
            .cmd(&["SET", "mc:db1", "v"], "+OK\r\n")
            .cmd(&["DEL", "mc:db1"], ":1\r\n")
            .on("sub")
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["CONFIG", "SET", "notify-keyspace-events", ""], "+OK\r\n")
            .cmd(&["SET", "mc:db1", "v"], "+OK\r\n")
            .cmd(&["DEL", "mc:db1"], ":1\r\n")
            .on("sub")
            .silent_ms(SETTLE_MS)
            .cmd(
                &["PUNSUBSCRIBE", SPACE, EVENT],
                confirm(false, "punsubscribe", Some(SPACE), 1)
                    + &confirm(false, "punsubscribe", Some(EVENT), 0),
            ),
        Case::new("notifications: only the classes asked for, keyevent only")
            .on("c")
            .cmd(
                &["CONFIG", "SET", "notify-keyspace-events", "El"],
                "+OK\r\n",
            )
            .on("sub")
            .cmd(
                &["PSUBSCRIBE", SPACE, EVENT],
                confirm(false, "psubscribe", Some(SPACE), 1)
                    + &confirm(false, "psubscribe", Some(EVENT), 2),
            )
            .on("c")
            .cmd(&["SET", "mc:only", "v"], "+OK\r\n")
            .cmd(&["DEL", "mc:only"], ":1\r\n")
            .cmd(&["RPUSH", "mc:only", "x"], ":1\r\n")
            .cmd(&["RPOP", "mc:only"], "$1\r\nx\r\n")
            .on("sub")
            .receive(
                push(
                    false,
                    &["pmessage", EVENT, "__keyevent@0__:rpush", "mc:only"],
                ) + &push(
                    false,
                    &["pmessage", EVENT, "__keyevent@0__:rpop", "mc:only"],
                ),
            )
            .silent_ms(SETTLE_MS)
            .on("c")
            .cmd(&["CONFIG", "SET", "notify-keyspace-events", ""], "+OK\r\n")
            .on("sub")
            .cmd(
                &["PUNSUBSCRIBE", SPACE, EVENT],
                confirm(false, "punsubscribe", Some(SPACE), 1)
                    + &confirm(false, "punsubscribe", Some(EVENT), 0),
            ),
        Case::new("notifications: CONFIG GET shows the flags in canonical form")
            .cmd(
                &["CONFIG", "SET", "notify-keyspace-events", "KEA"],
                "+OK\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "notify-keyspace-events"],
                "*2\r\n$22\r\nnotify-keyspace-events\r\n$3\r\nAKE\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "notify-keyspace-events", "Kl"],
                "+OK\r\n",
            )
            .cmd(
                &["CONFIG", "GET", "notify-keyspace-events"],
                "*2\r\n$22\r\nnotify-keyspace-events\r\n$2\r\nlK\r\n",
            )
            .cmd(
                &["CONFIG", "SET", "notify-keyspace-events", "z!"],
                "-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') \
                 - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.\r\n",
            )
            .cmd(&["CONFIG", "SET", "notify-keyspace-events", ""], "+OK\r\n")
            .cmd(
                &["CONFIG", "GET", "notify-keyspace-events"],
                "*2\r\n$22\r\nnotify-keyspace-events\r\n$0\r\n\r\n",
            ),
    ]
}
