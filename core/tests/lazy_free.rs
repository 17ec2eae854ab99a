//! Lazy free: UNLINK of a large value and FLUSHDB / FLUSHALL ASYNC take the
//! values out of the keyspace at once and leave the freeing to the timer,
//! a bounded slice per call.

mod support;
use miniredis_core::{Millis, LAZY_FREE_BUDGET_PER_TICK};
use support::Harness;

fn info_field(h: &mut Harness, c: &mut support::Client, name: &str) -> String {
    let reply = h.run(c, "INFO memory");
    reply
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .unwrap_or_else(|| panic!("INFO memory has no {name}"))
        .to_string()
}

/// RPUSHes `n` items (half of them too long to be stored inline).
fn fill_list(h: &mut Harness, c: &mut support::Client, key: &str, n: usize) {
    let mut pushed = 0;
    while pushed < n {
        let batch = (n - pushed).min(1000);
        let items: Vec<String> = (pushed..pushed + batch)
            .map(|i| {
                if i % 2 == 0 {
                    format!("{i}")
                } else {
                    format!("{i:0>60}")
                }
            })
            .collect();
        let reply = h.run(c, &format!("RPUSH {key} {}", items.join(" ")));
        assert_eq!(reply, format!(":{}\r\n", pushed + batch));
        pushed += batch;
    }
}

/// Runs the timer until the queue is empty; checks after every call that
/// the core is consistent and that the next timeout is `now + 1` while
/// anything is pending. Returns the number of calls.
fn drain(h: &mut Harness) -> usize {
    let mut calls = 0;
    while h.server.lazy_free_pending() > 0 {
        assert_eq!(h.server.next_timeout(), Some(h.now + 1));
        h.advance(1);
        h.server.handle_timeout(h.now);
        h.server.audit().expect("core invariants hold");
        calls += 1;
        assert!(calls < 1000, "the lazy-free queue does not drain");
    }
    calls
}

#[test]
fn unlink_of_a_large_list_returns_at_once_and_drains_in_bounded_slices() {
    let mut h = Harness::new();
    let mut c = h.client();
    let n = 100_000;
    fill_list(&mut h, &mut c, "big", n);
    h.run(&mut c, "SET small v");
    let small_only = {
        let mut other = Harness::new();
        let mut oc = other.client();
        other.run(&mut oc, "SET small v");
        other.server.used_memory()
    };
    assert!(h.server.used_memory() > n * 40);
    assert_eq!(h.server.next_timeout(), None);

    assert_eq!(h.run(&mut c, "UNLINK big nokey"), ":1\r\n");
    // Gone from the keyspace and the memory account at once.
    assert_eq!(h.run(&mut c, "EXISTS big\nLLEN big"), ":0\r\n:0\r\n");
    assert_eq!(h.server.used_memory(), small_only);
    assert_eq!(h.server.lazy_free_pending(), 1);
    assert_eq!(info_field(&mut h, &mut c, "lazyfree_pending_objects"), "1");
    assert_eq!(info_field(&mut h, &mut c, "lazyfreed_objects"), "0");
    assert_eq!(h.server.next_timeout(), Some(h.now + 1));
    // The name is free for a new value meanwhile.
    assert_eq!(h.run(&mut c, "RPUSH big x\nLLEN big"), ":1\r\n:1\r\n");

    // Each call frees at most the budget: the list takes several calls,
    // as many as the budget implies (plus one to drop the emptied shell).
    let calls = drain(&mut h);
    let slices = n.div_ceil(LAZY_FREE_BUDGET_PER_TICK);
    assert!(calls >= 2, "freed in {calls} call(s)");
    assert!(
        calls == slices || calls == slices + 1,
        "{calls} calls for {slices} slices"
    );
    assert_eq!(info_field(&mut h, &mut c, "lazyfree_pending_objects"), "0");
    assert_eq!(info_field(&mut h, &mut c, "lazyfreed_objects"), "1");
    assert_eq!(h.server.next_timeout(), None);
    assert_eq!(h.run(&mut c, "LLEN big\nGET small"), ":1\r\n$1\r\nv\r\n");
    // CONFIG RESETSTAT starts the count again, as Redis 7.0 does.
    assert_eq!(h.run(&mut c, "CONFIG RESETSTAT"), "+OK\r\n");
    assert_eq!(info_field(&mut h, &mut c, "lazyfreed_objects"), "0");
}

#[test]
fn small_values_and_del_free_at_once() {
    let mut h = Harness::new();
    let mut c = h.client();
    // 64 elements is Redis's LAZYFREE_THRESHOLD: not above it, freed at once.
    fill_list(&mut h, &mut c, "at", 64);
    fill_list(&mut h, &mut c, "above", 65);
    fill_list(&mut h, &mut c, "deleted", 10_000);
    h.run(&mut c, "SET s v");
    assert_eq!(h.run(&mut c, "UNLINK at s"), ":2\r\n");
    assert_eq!(h.server.lazy_free_pending(), 0);
    // DEL frees synchronously, as Redis with lazyfree-lazy-user-del no.
    assert_eq!(h.run(&mut c, "DEL deleted"), ":1\r\n");
    assert_eq!(h.server.lazy_free_pending(), 0);
    assert_eq!(h.server.next_timeout(), None);
    assert_eq!(h.run(&mut c, "UNLINK above"), ":1\r\n");
    assert_eq!(h.server.lazy_free_pending(), 1);
    assert_eq!(drain(&mut h), 1);
    assert_eq!(h.server.used_memory(), 0);
}

#[test]
fn del_follows_lazyfree_lazy_user_del() {
    let mut h = Harness::new();
    let mut c = h.client();
    fill_list(&mut h, &mut c, "l", 1000);
    assert_eq!(
        h.run(&mut c, "CONFIG SET lazyfree-lazy-user-del yes\nDEL l"),
        "+OK\r\n:1\r\n"
    );
    assert_eq!(h.server.lazy_free_pending(), 1);
    drain(&mut h);
}

#[test]
fn unlink_of_a_large_sorted_set_drains() {
    let mut h = Harness::new();
    let mut c = h.client();
    let members: Vec<String> = (0..5000).map(|i| format!("{i} member-{i}")).collect();
    h.run(&mut c, &format!("ZADD z {}", members.join(" ")));
    assert_eq!(h.run(&mut c, "OBJECT ENCODING z"), "$8\r\nskiplist\r\n");
    assert_eq!(h.run(&mut c, "UNLINK z\nEXISTS z"), ":1\r\n:0\r\n");
    assert_eq!(h.server.used_memory(), 0);
    assert_eq!(h.server.lazy_free_pending(), 1);
    drain(&mut h);
}

#[test]
fn flushall_async_empties_at_once_and_frees_in_bounded_slices() {
    let mut h = Harness::new();
    let mut c = h.client();
    let keys = 30_000;
    for db in 0..2 {
        h.run(&mut c, &format!("SELECT {db}"));
        for chunk in 0..keys / 1000 {
            let pairs: Vec<String> = (chunk * 1000..(chunk + 1) * 1000)
                .map(|i| format!("key:{i} value-{i}"))
                .collect();
            assert_eq!(
                h.run(&mut c, &format!("MSET {}", pairs.join(" "))),
                "+OK\r\n"
            );
        }
        // Some deadlines, so the expiry index goes with the database.
        for i in 0..1000 {
            h.run(&mut c, &format!("EXPIRE key:{i} 1000"));
        }
    }
    fill_list(&mut h, &mut c, "list", 50_000);
    h.run(&mut c, "SELECT 0");
    let before = h.server.key_count();
    assert_eq!(before, 2 * keys + 1);
    let deadline_timeout = h.server.next_timeout();

    assert_eq!(h.run(&mut c, "FLUSHALL ASYNC\nDBSIZE"), "+OK\r\n:0\r\n");
    assert_eq!(h.server.key_count(), 0);
    assert_eq!(h.server.used_memory(), 0);
    assert_eq!(h.server.lazy_free_pending(), before);
    assert_eq!(
        info_field(&mut h, &mut c, "lazyfree_pending_objects"),
        before.to_string()
    );
    assert_ne!(deadline_timeout, Some(h.now + 1));
    assert_eq!(h.server.next_timeout(), Some(h.now + 1));
    // The keyspace is usable at once.
    assert_eq!(
        h.run(&mut c, "SET key:1 new\nGET key:1"),
        "+OK\r\n$3\r\nnew\r\n"
    );

    // 60,000 keys, 2,000 index elements and a 50,000-element list: a few
    // budgets' worth, never all in one call.
    let work = 2 * keys + 2000 + 50_000;
    let mut last_pending = h.server.lazy_free_pending();
    let mut calls = 0;
    while h.server.lazy_free_pending() > 0 {
        h.advance(1);
        h.server.handle_timeout(h.now);
        h.server.audit().expect("core invariants hold");
        let pending = h.server.lazy_free_pending();
        // A slice frees at most a budget's worth of keys.
        assert!(last_pending - pending <= LAZY_FREE_BUDGET_PER_TICK);
        last_pending = pending;
        calls += 1;
        assert!(calls < 1000);
    }
    assert!(calls >= work / LAZY_FREE_BUDGET_PER_TICK, "{calls} calls");
    assert_eq!(
        info_field(&mut h, &mut c, "lazyfreed_objects"),
        before.to_string()
    );
    assert_eq!(h.run(&mut c, "DBSIZE\nGET key:1"), ":1\r\n$3\r\nnew\r\n");
    assert_eq!(h.server.next_timeout(), None);
}

#[test]
fn flushdb_async_takes_one_database_and_plain_flushes_are_synchronous() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET a 1\nSELECT 1\nSET b 2\nSET c 3");
    assert_eq!(h.run(&mut c, "FLUSHDB ASYNC\nDBSIZE"), "+OK\r\n:0\r\n");
    assert_eq!(h.server.lazy_free_pending(), 2);
    assert_eq!(h.run(&mut c, "SELECT 0\nDBSIZE"), "+OK\r\n:1\r\n");
    let now: Millis = h.now;
    assert_eq!(h.server.next_timeout(), Some(now + 1));
    assert_eq!(drain(&mut h), 1);
    h.run(&mut c, "SET x 1\nSELECT 2\nSET y 2");
    assert_eq!(
        h.run(&mut c, "FLUSHALL\nFLUSHALL SYNC\nFLUSHDB SYNC"),
        "+OK\r\n".repeat(3)
    );
    assert_eq!(h.server.lazy_free_pending(), 0);
    assert_eq!(h.server.key_count(), 0);
    // lazyfree-lazy-user-flush makes a flush without a mode asynchronous.
    h.run(&mut c, "SET x 1\nCONFIG SET lazyfree-lazy-user-flush yes");
    assert_eq!(h.run(&mut c, "FLUSHALL"), "+OK\r\n");
    assert_eq!(h.server.lazy_free_pending(), 1);
    assert_eq!(
        h.run(&mut c, "FLUSHALL ASYNC extra"),
        "-ERR syntax error\r\n"
    );
    drain(&mut h);
}
