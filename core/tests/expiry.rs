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

/// A deadline too far for an entry's packed field (from 2^38 - 2 ms after
/// clock zero on) is kept in the database's side table: exact in PTTL and
/// EXPIRETIME, carried by RENAME, COPY, MOVE and KEEPTTL, and due at the
/// right millisecond when the clock gets there.
#[test]
fn far_deadlines_are_kept_exactly() {
    const FAR_FROM: u64 = (1 << 38) - 2;
    const AT: u64 = 4_000_000_000_000 - support::UNIX_AT_ZERO;
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "SET k v EXAT 4000000000\nEXPIRETIME k\nPEXPIRETIME k\nPTTL k"
        ),
        format!("+OK\r\n:4000000000\r\n:4000000000000\r\n:{AT}\r\n")
    );
    // The last deadline held in the entry, and the first one that is not.
    let (inside, edge) = (
        support::UNIX_AT_ZERO + FAR_FROM - 1,
        support::UNIX_AT_ZERO + FAR_FROM,
    );
    assert_eq!(
        h.run(
            &mut c,
            &format!("SET inside v PXAT {inside}\nSET edge v PXAT {edge}\nPEXPIRETIME inside\nPEXPIRETIME edge")
        ),
        format!("+OK\r\n+OK\r\n:{inside}\r\n:{edge}\r\n")
    );
    assert_eq!(
        h.run(
            &mut c,
            "RENAME k k2\nPEXPIRETIME k2\nCOPY k2 k3\nMOVE k3 1\nSELECT 1\nPEXPIRETIME k3\nSELECT 0"
        ),
        "+OK\r\n:4000000000000\r\n:1\r\n:1\r\n+OK\r\n:4000000000000\r\n+OK\r\n"
    );
    // PERSIST drops it from the side table, PEXPIREAT files it again,
    // KEEPTTL keeps it, a plain SET clears it.
    assert_eq!(
        h.run(
            &mut c,
            "SET t v PXAT 4000000000000\nPERSIST t\nTTL t\nPEXPIREAT t 4000000000000\nSET t w KEEPTTL\nPEXPIRETIME t\nSET u v EXAT 4000000000\nSET u v\nTTL u"
        ),
        "+OK\r\n:1\r\n:-1\r\n:1\r\n+OK\r\n:4000000000000\r\n+OK\r\n+OK\r\n:-1\r\n"
    );
    h.advance(FAR_FROM - 1);
    assert_eq!(h.run(&mut c, "EXISTS inside\nPTTL edge"), ":0\r\n:1\r\n");
    h.advance(1);
    assert_eq!(h.run(&mut c, "EXISTS edge"), ":0\r\n");
    // Past the field's range every deadline goes to the side table.
    assert_eq!(
        h.run(&mut c, "SET late v PX 100\nPTTL late"),
        "+OK\r\n:100\r\n"
    );
    h.advance(100);
    assert_eq!(
        h.run(&mut c, "EXISTS late\nPTTL k2"),
        format!(":0\r\n:{}\r\n", AT - FAR_FROM - 100)
    );
    h.advance(AT - FAR_FROM - 100 - 1);
    assert_eq!(h.run(&mut c, "PTTL k2\nEXISTS t"), ":1\r\n:1\r\n");
    h.advance(1);
    assert_eq!(h.run(&mut c, "EXISTS k2"), ":0\r\n");
    // The active cycle finds the rest (t here, k3 in database 1).
    assert_eq!(h.server.key_count(), 3);
    h.server.handle_timeout(h.now);
    h.server.audit().unwrap();
    assert_eq!(h.server.key_count(), 1, "only the persistent u is left");
}
