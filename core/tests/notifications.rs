//! Keyspace notifications reach subscribers through pub/sub, from
//! commands, from blocking pops and from the expiry cycle, with the bytes
//! redis-server 7.0.15 sends (recorded from it).

mod support;

use support::Harness;

fn pmessage(channel: &str, message: &str) -> String {
    let pattern = "__key*@0__:*";
    format!(
        "*4\r\n$8\r\npmessage\r\n${}\r\n{pattern}\r\n${}\r\n{channel}\r\n${}\r\n{message}\r\n",
        pattern.len(),
        channel.len(),
        message.len()
    )
}

fn both(event: &str, key: &str) -> String {
    pmessage(&format!("__keyspace@0__:{key}"), event)
        + &pmessage(&format!("__keyevent@0__:{event}"), key)
}

#[test]
fn commands_and_expiry_publish_keyspace_and_keyevent_messages() {
    let mut h = Harness::new();
    let mut sub = h.client();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET notify-keyspace-events KEA"),
        "+OK\r\n"
    );
    h.run(&mut sub, "PSUBSCRIBE __key*@0__:*");
    h.run(&mut c, "SET k v PX 100\nRPUSH l a\nBLPOP l 0");
    h.advance(100);
    h.tick();
    let expected = both("set", "k")
        + &both("expire", "k")
        + &both("rpush", "l")
        + &both("lpop", "l")
        + &both("del", "l")
        + &both("expired", "k");
    assert_eq!(String::from_utf8_lossy(&h.read(&sub)), expected);
}

#[test]
fn a_served_blocked_client_pops_with_events_too() {
    let mut h = Harness::new();
    let mut sub = h.client();
    let mut blocked = h.client();
    let mut c = h.client();
    h.run(&mut c, "CONFIG SET notify-keyspace-events KEA");
    h.run(&mut sub, "PSUBSCRIBE __key*@0__:*");
    h.run(&mut blocked, "BRPOP l 0");
    h.run(&mut c, "RPUSH l a");
    assert_eq!(
        String::from_utf8_lossy(&h.read(&sub)),
        both("rpush", "l") + &both("rpop", "l") + &both("del", "l")
    );
}

#[test]
fn nothing_is_published_when_notifications_are_off() {
    let mut h = Harness::new();
    let mut sub = h.client();
    let mut c = h.client();
    h.run(&mut sub, "PSUBSCRIBE __key*@0__:*");
    h.run(&mut c, "SET k v PX 10\nRPUSH l a");
    h.advance(10);
    h.tick();
    assert_eq!(h.read(&sub), b"");
}
