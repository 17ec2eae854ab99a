//! The active expiry cycle and the wakeups it asks for.

mod support;
use miniredis_core::EXPIRE_BUDGET_PER_TICK;
use miniredis_core::{Millis, Server};
use support::Harness;

/// Runs the timer at `now` and returns the next timeout it asks for.
fn tick(server: &mut Server, now: Millis) -> Option<Millis> {
    server.handle_timeout(now);
    server.next_timeout()
}

#[test]
fn idle_server_asks_for_no_wakeup() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(tick(&mut h.server, 0), None);
    h.run(&mut c, "SET k v");
    assert_eq!(h.server.next_timeout(), None);
}

#[test]
fn wakeup_is_the_earliest_deadline_and_always_later_than_now() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET a v PX 500\nSET b v PX 200");
    assert_eq!(h.server.next_timeout(), Some(200));
    assert_eq!(tick(&mut h.server, 100), Some(200));
    assert_eq!(tick(&mut h.server, 200), Some(500));
    assert_eq!(h.server.key_count(), 1);
    assert_eq!(tick(&mut h.server, 900), None);
    assert_eq!(h.server.key_count(), 0);
}

#[test]
fn ticks_remove_expired_keys_without_any_client() {
    let mut h = Harness::new();
    let mut c = h.client();
    let total = 3 * EXPIRE_BUDGET_PER_TICK + 5;
    let mut batch = String::new();
    for i in 0..total {
        batch.push_str(&format!("SET key{i} value PX 100\r\n"));
    }
    h.send(&mut c, batch.as_bytes());
    assert!(h.server.used_memory() > 0);
    let mut now = 100;
    let mut ticks = 1;
    while let Some(next) = tick(&mut h.server, now) {
        assert!(next > now);
        now = next;
        ticks += 1;
        assert!(ticks < 10, "expiry did not converge");
    }
    assert_eq!(ticks, 4, "bounded budget per tick, resumed at once");
    assert_eq!(now, 103, "each tick asked for the next millisecond");
    assert_eq!(h.server.key_count(), 0);
    assert_eq!(h.server.used_memory(), 0);
    let info = h.run(&mut c, "INFO stats");
    assert!(
        info.contains(&format!("expired_keys:{total}\r\n")),
        "{info}"
    );
}

#[test]
fn time_never_goes_backwards() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.advance(1000);
    h.run(&mut c, "SET k v PX 100");
    h.now = 500; // a caller whose clock stepped back
    assert_eq!(h.run(&mut c, "PTTL k"), ":100\r\n");
    h.now = 1100;
    assert_eq!(h.run(&mut c, "GET k"), "$-1\r\n");
}

#[test]
fn repeated_expire_keeps_the_index_one_entry_per_key() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET k v");
    let before = h.server.used_memory();
    for i in 0..10_000 {
        h.send(&mut c, format!("EXPIRE k {}\r\n", 100_000 + i).as_bytes());
    }
    let after = h.server.used_memory();
    h.run(&mut c, "PERSIST k");
    assert_eq!(h.server.used_memory(), before);
    assert!(after - before <= 64, "index grew: {before} -> {after}");
}
