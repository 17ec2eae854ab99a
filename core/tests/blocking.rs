//! Blocking commands across clients: a client blocked in BLPOP (and its
//! kin) is served by another client's push, in the order clients blocked,
//! times out on the fake clock, keeps its later input until then, and can
//! be ended by CLIENT UNBLOCK. Expected bytes are redis-server 7.0.15's.

mod support;

use support::Harness;

fn cmd(line: &str) -> Vec<u8> {
    format!("{line}\r\n").into_bytes()
}

#[test]
fn a_push_serves_the_client_blocked_on_the_key() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    assert_eq!(h.send(&mut a, &cmd("BLPOP k 0")), b"");
    assert!(h.server.is_blocked(a.id));
    assert_eq!(h.send(&mut b, &cmd("LPUSH k v")), b":1\r\n");
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
    assert!(!h.server.is_blocked(a.id));
    assert_eq!(h.send(&mut b, &cmd("EXISTS k")), b":0\r\n");
}

#[test]
fn clients_are_served_in_the_order_they_blocked() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    h.send(&mut a, &cmd("BRPOP k 0"));
    h.send(&mut b, &cmd("BLPOP other k 0"));
    assert_eq!(h.send(&mut c, &cmd("RPUSH k x y z")), b":3\r\n");
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nk\r\n$1\r\nz\r\n");
    assert_eq!(h.read(&b), b"*2\r\n$1\r\nk\r\n$1\r\nx\r\n");
    assert_eq!(h.send(&mut c, &cmd("LRANGE k 0 -1")), b"*1\r\n$1\r\ny\r\n");
}

#[test]
fn only_as_many_clients_as_items_are_served() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    h.send(&mut a, &cmd("BLPOP k 0"));
    h.send(&mut b, &cmd("BLPOP k 0"));
    h.send(&mut c, &cmd("LPUSH k one"));
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nk\r\n$3\r\none\r\n");
    assert_eq!(h.read(&b), b"");
    assert!(h.server.is_blocked(b.id));
    h.send(&mut c, &cmd("LPUSH k two"));
    assert_eq!(h.read(&b), b"*2\r\n$1\r\nk\r\n$3\r\ntwo\r\n");
}

#[test]
fn a_timeout_answers_nil_at_its_deadline_and_later_input_then_runs() {
    let mut h = Harness::new();
    let mut a = h.client();
    assert_eq!(h.send(&mut a, &cmd("BLPOP k 0.5\r\nPING")), b"");
    h.advance(499);
    h.tick();
    assert_eq!(h.read(&a), b"");
    assert_eq!(h.server.next_timeout(), Some(500));
    h.advance(1);
    h.tick();
    assert_eq!(h.read(&a), b"*-1\r\n+PONG\r\n");
    assert!(!h.server.is_blocked(a.id));
}

#[test]
fn resp3_timeouts_are_null() {
    let mut h = Harness::new();
    let mut a = h.client();
    h.send(&mut a, &cmd("HELLO 3"));
    h.send(&mut a, &cmd("BLMOVE s d LEFT RIGHT 0.01"));
    h.advance(10);
    h.tick();
    assert_eq!(h.read(&a), b"_\r\n");
    h.send(&mut a, &cmd("BZPOPMAX z 0.01"));
    h.advance(10);
    h.tick();
    assert_eq!(h.read(&a), b"_\r\n");
}

/// Redis 7.0 answers every blocking command's timeout with a null array,
/// BRPOPLPUSH's and BLMOVE's included; and rounds the milliseconds up.
#[test]
fn a_move_times_out_with_a_null_array_too() {
    let mut h = Harness::new();
    let mut a = h.client();
    h.send(&mut a, &cmd("BRPOPLPUSH s d 0.0195"));
    h.advance(19);
    h.tick();
    assert_eq!(h.read(&a), b"");
    h.advance(1);
    h.tick();
    assert_eq!(h.read(&a), b"*-1\r\n");
}

#[test]
fn input_sent_while_blocked_runs_after_the_reply() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    assert_eq!(h.send(&mut a, &cmd("BLPOP k 0\r\nLLEN k\r\nPING")), b"");
    h.send(&mut a, &cmd("ECHO later"));
    assert_eq!(h.read(&a), b"");
    h.send(&mut b, &cmd("RPUSH k 1 2"));
    assert_eq!(
        h.read(&a),
        b"*2\r\n$1\r\nk\r\n$1\r\n1\r\n:1\r\n+PONG\r\n$5\r\nlater\r\n"
    );
}

#[test]
fn blmove_and_brpoplpush_chain_through_blocked_clients() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    h.send(&mut a, &cmd("BRPOPLPUSH k1 k2 0"));
    h.send(&mut b, &cmd("BLMOVE k2 k3 LEFT RIGHT 0"));
    assert_eq!(h.send(&mut c, &cmd("LPUSH k1 v")), b":1\r\n");
    assert_eq!(h.read(&a), b"$1\r\nv\r\n");
    assert_eq!(h.read(&b), b"$1\r\nv\r\n");
    assert_eq!(
        h.send(&mut c, &cmd("EXISTS k1 k2\r\nLRANGE k3 0 -1")),
        b":0\r\n*1\r\n$1\r\nv\r\n"
    );
}

#[test]
fn sorted_set_pops_block_and_are_served() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    h.send(&mut a, &cmd("BZPOPMIN z 0"));
    h.send(&mut b, &cmd("HELLO 3"));
    h.send(&mut b, &cmd("BZMPOP 0 2 y z MAX COUNT 5"));
    h.send(&mut c, &cmd("ZADD z 1.5 m 2 n 3 o"));
    assert_eq!(h.read(&a), b"*3\r\n$1\r\nz\r\n$1\r\nm\r\n$3\r\n1.5\r\n");
    assert_eq!(
        h.read(&b),
        b"*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\no\r\n,3\r\n*2\r\n$1\r\nn\r\n,2\r\n"
    );
}

#[test]
fn blmpop_answers_as_lmpop() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.send(&mut a, &cmd("BLMPOP 0 2 x k RIGHT COUNT 2"));
    h.send(&mut b, &cmd("RPUSH k a b c"));
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nk\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n");
}

#[test]
fn data_already_there_is_served_at_once() {
    let mut h = Harness::new();
    let mut a = h.client();
    h.send(&mut a, &cmd("RPUSH k a b"));
    assert_eq!(
        h.send(&mut a, &cmd("BLPOP missing k 0")),
        b"*2\r\n$1\r\nk\r\n$1\r\na\r\n"
    );
    h.send(&mut a, &cmd("SET s x"));
    assert_eq!(
        h.send(&mut a, &cmd("BLPOP s k 0")),
        b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
}

#[test]
fn a_key_of_another_type_leaves_the_client_blocked() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.send(&mut a, &cmd("BLPOP k 0"));
    h.send(&mut b, &cmd("SET k x"));
    assert_eq!(h.read(&a), b"");
    assert!(h.server.is_blocked(a.id));
    h.send(&mut b, &cmd("DEL k\r\nRPUSH k v"));
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
}

#[test]
fn timeouts_are_validated_as_redis_does() {
    let mut h = Harness::new();
    let mut a = h.client();
    for (timeout, error) in [
        ("abc", "-ERR timeout is not a float or out of range\r\n"),
        ("nan", "-ERR timeout is not a float or out of range\r\n"),
        ("-1", "-ERR timeout is negative\r\n"),
        ("1e400", "-ERR timeout is negative\r\n"),
        ("inf", "-ERR timeout is negative\r\n"),
    ] {
        let reply = h.send(&mut a, &cmd(&format!("BLPOP k {timeout}")));
        assert_eq!(String::from_utf8_lossy(&reply), error, "{timeout}");
    }
    assert!(!h.server.is_blocked(a.id));
}

#[test]
fn client_unblock_ends_the_wait_as_a_timeout_or_an_error() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let id = a.id.get();
    h.send(&mut a, &cmd("BLPOP k 0"));
    assert_eq!(
        h.send(&mut b, &cmd(&format!("CLIENT UNBLOCK {id}"))),
        b":1\r\n"
    );
    assert_eq!(h.read(&a), b"*-1\r\n");
    assert_eq!(
        h.send(&mut b, &cmd(&format!("CLIENT UNBLOCK {id}"))),
        b":0\r\n"
    );
    h.send(&mut a, &cmd("BLMOVE s d LEFT LEFT 0"));
    assert_eq!(
        h.send(&mut b, &cmd(&format!("CLIENT UNBLOCK {id} ERROR"))),
        b":1\r\n"
    );
    assert_eq!(
        h.read(&a),
        b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"
    );
    assert_eq!(
        h.send(&mut b, &cmd(&format!("CLIENT UNBLOCK {id} maybe"))),
        b"-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n"
    );
}

#[test]
fn a_closed_blocked_client_is_forgotten() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.send(&mut a, &cmd("BLPOP k 5"));
    h.server.closed(a.id, h.now);
    h.server.audit().unwrap();
    assert_eq!(h.send(&mut b, &cmd("LPUSH k v\r\nLLEN k")), b":1\r\n:1\r\n");
    assert_eq!(h.server.next_timeout(), None);
}

#[test]
fn info_counts_blocked_clients() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.send(&mut a, &cmd("BLPOP k 0"));
    let info = String::from_utf8(h.send(&mut b, &cmd("INFO clients"))).unwrap();
    assert!(info.contains("blocked_clients:1\r\n"), "{info}");
}

#[test]
fn a_move_or_a_swapdb_serves_clients_of_the_other_database() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    assert_eq!(h.send(&mut a, &cmd("SELECT 1\r\nBLPOP k 0")), b"+OK\r\n");
    h.send(&mut b, &cmd("RPUSH k v\r\nMOVE k 1"));
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
    h.send(&mut a, &cmd("BLPOP j 0"));
    h.send(&mut b, &cmd("RPUSH j w\r\nSWAPDB 0 1"));
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nj\r\n$1\r\nw\r\n");
}

#[test]
fn client_unblock_with_too_many_arguments_names_the_subcommand_as_typed() {
    let mut h = Harness::new();
    let mut a = h.client();
    assert_eq!(
        h.send(&mut a, &cmd("client UnBlock 5 TIMEOUT x")),
        b"-ERR unknown subcommand or wrong number of arguments for 'UnBlock'. Try CLIENT HELP.\r\n"
    );
}

#[test]
fn inside_multi_blocking_commands_answer_at_once() {
    let mut h = Harness::new();
    let mut a = h.client();
    assert_eq!(
        h.send(
            &mut a,
            &cmd("MULTI\r\nBLPOP k 0\r\nBLMOVE s d LEFT LEFT 0\r\nEXEC")
        ),
        b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n*-1\r\n$-1\r\n"
    );
    assert!(!h.server.is_blocked(a.id));
}

#[test]
fn pushes_inside_a_transaction_serve_blocked_clients_after_exec() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    h.send(&mut a, &cmd("BLPOP k1 0"));
    h.send(&mut b, &cmd("BLPOP k2 0"));
    assert_eq!(
        h.send(
            &mut c,
            &cmd("MULTI\r\nRPUSH k2 x\r\nRPUSH k1 y\r\nDEL k2\r\nEXEC")
        ),
        b"+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n:1\r\n:1\r\n:1\r\n"
    );
    // k2 was gone again by the end of EXEC: its client waits on.
    assert_eq!(h.read(&a), b"*2\r\n$2\r\nk1\r\n$1\r\ny\r\n");
    assert_eq!(h.read(&b), b"");
    assert!(h.server.is_blocked(b.id));
}

/// Redis's `timeout` closes idle clients, but not blocked ones: their own
/// timeout applies.
#[test]
fn the_idle_timeout_spares_blocked_clients() {
    let mut h = Harness::new();
    let mut admin = h.client();
    let mut blocked = h.client();
    let mut idle = h.client();
    h.send(&mut admin, &cmd("CONFIG SET timeout 1"));
    h.send(&mut blocked, &cmd("BLPOP k 0"));
    h.send(&mut idle, &cmd("PING"));
    for _ in 0..30 {
        h.advance(100);
        h.tick();
    }
    assert!(h.is_closed(&idle));
    assert!(!h.is_closed(&blocked));
    assert!(h.server.is_blocked(blocked.id));
}

/// A blocking command is one call in INFO commandstats, however long it
/// waited and whether it was served or timed out (redis-server: two BLPOPs,
/// one timed out and one served, show `calls=2`).
#[test]
fn a_blocked_command_counts_as_one_call_when_it_ends() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.send(&mut a, &cmd("BLPOP nokey 0.01"));
    h.advance(10);
    h.tick();
    h.send(&mut a, &cmd("BLPOP k 0"));
    h.send(&mut b, &cmd("RPUSH k v"));
    let stats = String::from_utf8(h.send(&mut b, &cmd("INFO commandstats"))).unwrap();
    let blpop = stats
        .lines()
        .find(|l| l.starts_with("cmdstat_blpop:"))
        .unwrap_or_default();
    assert!(blpop.starts_with("cmdstat_blpop:calls=2,"), "{stats}");
}

/// Found by the simulation: Redis reads BLMPOP's and BZMPOP's numkeys,
/// keys, end word and COUNT before their timeout (which comes first on
/// the line), so those errors win over a bad timeout.
#[test]
fn multi_key_pops_read_their_timeout_last() {
    let mut h = Harness::new();
    let mut a = h.client();
    for (name, end) in [("BLMPOP", "LEFT"), ("BZMPOP", "MIN")] {
        let reply = h.send(
            &mut a,
            &cmd(&format!(
                "{name} abc 0 k {end}\r\n{name} abc 1 k MIDDLE\r\n\
                 {name} abc 1 k {end} COUNT 0\r\n{name} abc 1 k {end}"
            )),
        );
        assert_eq!(
            String::from_utf8_lossy(&reply),
            "-ERR numkeys should be greater than 0\r\n-ERR syntax error\r\n\
             -ERR count should be greater than 0\r\n\
             -ERR timeout is not a float or out of range\r\n",
            "{name}"
        );
    }
}

/// Found by the simulation: a key of another type wakes a waiting client
/// that stays blocked, and it must keep its own deadline. (Running the
/// command again used to file a new one and leave the old timer behind,
/// which then timed out the client's next wait early.)
#[test]
fn a_client_left_waiting_keeps_its_deadline() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.send(&mut a, &cmd("BLPOP k 1"));
    h.advance(500);
    assert_eq!(h.send(&mut b, &cmd("SET k x")), b"+OK\r\n");
    h.server.audit().unwrap();
    assert_eq!(h.server.next_timeout(), Some(1000));
    h.advance(100);
    h.send(&mut b, &cmd("DEL k\r\nRPUSH k v"));
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
    h.send(&mut a, &cmd("BLPOP j 5"));
    h.server.audit().unwrap();
    h.advance(400);
    h.tick();
    assert_eq!(h.read(&a), b"", "waits for its own five seconds");
    assert_eq!(h.server.next_timeout(), Some(5600));
}

/// Found by the simulation: CLIENT UNBLOCK reads its reason before the
/// id, and too many arguments are the subcommand syntax error naming the
/// subcommand as typed (as redis-server 7.0.15 answers).
#[test]
fn client_unblock_checks_its_arguments_in_redis_order() {
    let mut h = Harness::new();
    let mut a = h.client();
    assert_eq!(
        h.run(
            &mut a,
            "CLIENT UNBLOCK abc bogus\nclient UnBlock 1 TIMEOUT x\nCLIENT UNBLOCK abc error"
        ),
        "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n\
         -ERR unknown subcommand or wrong number of arguments for 'UnBlock'. Try CLIENT HELP.\r\n\
         -ERR value is not an integer or out of range\r\n"
    );
}

/// Found by the simulation: Redis wakes waiters when a key is added to
/// its database, which RENAME and COPY do even over an existing key, but
/// not when a store command (ZUNIONSTORE...) overwrites one; the client
/// then waits on even while the key holds what it wants (redis-server
/// 7.0.15 answers so).
#[test]
fn only_an_added_key_wakes_its_waiters() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.send(&mut a, &cmd("BZPOPMIN z 0"));
    assert_eq!(
        h.send(
            &mut b,
            &cmd("SET z x\r\nZADD src 1 m\r\nZUNIONSTORE z 1 src")
        ),
        b"+OK\r\n:1\r\n:1\r\n"
    );
    assert_eq!(h.send(&mut b, &cmd("ZADD z 2 n")), b":1\r\n");
    assert_eq!(h.read(&a), b"");
    assert!(h.server.is_blocked(a.id));
    h.send(&mut b, &cmd("DEL z\r\nZADD z 3 o"));
    assert_eq!(h.read(&a), b"*3\r\n$1\r\nz\r\n$1\r\no\r\n$1\r\n3\r\n");
    // RENAME and COPY ... REPLACE delete the key they write and add it.
    h.send(&mut a, &cmd("BLPOP q 0"));
    h.send(&mut b, &cmd("SET q x\r\nRPUSH l1 a\r\nRENAME l1 q"));
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nq\r\n$1\r\na\r\n");
    h.send(&mut a, &cmd("BLPOP q 0"));
    h.send(&mut b, &cmd("SET q x\r\nRPUSH l1 a\r\nCOPY l1 q REPLACE"));
    assert_eq!(h.read(&a), b"*2\r\n$1\r\nq\r\n$1\r\na\r\n");
}

/// Found by the simulation: looking for waiters of a written key must not
/// remove it when the write left it past its deadline (Redis keeps it
/// until it is next touched or swept).
#[test]
fn a_written_key_past_its_deadline_stays_until_touched() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.advance(5000);
    h.send(&mut a, &cmd("BLPOP k 0"));
    assert_eq!(
        h.send(&mut b, &cmd("SET k v\r\nSET k w XX PXAT 1")),
        b"+OK\r\n+OK\r\n"
    );
    assert_eq!(h.server.key_count(), 1);
    let info = String::from_utf8(h.send(&mut b, &cmd("INFO stats"))).unwrap();
    assert!(info.contains("expired_keys:0\r\n"), "{info}");
}

/// Found by the simulation: at a tick every client whose deadline has come
/// reads its timeout first, and only then do they run what they sent
/// meanwhile, in that order (Redis unblocks them all, then processes their
/// input); so one of them cannot serve another that was due too.
#[test]
fn clients_due_together_time_out_before_their_input_runs() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    assert_eq!(
        h.send(&mut a, &cmd("BLPOP k 0.01\r\nRPUSH k v\r\nPING")),
        b""
    );
    assert_eq!(h.send(&mut b, &cmd("BLPOP k 0.02\r\nLLEN k")), b"");
    h.advance(20);
    h.tick();
    assert_eq!(h.read(&a), b"*-1\r\n:1\r\n+PONG\r\n");
    assert_eq!(h.read(&b), b"*-1\r\n:1\r\n");
    assert_eq!(h.send(&mut c, &cmd("LRANGE k 0 -1")), b"*1\r\n$1\r\nv\r\n");
}

/// A waiter is served from the key that became ready, even when another
/// of its keys (named first) holds items by then: here the BLMOVE served
/// first fills `D`, and the BLPOP still pops from `K` (redis-server 7.0.15
/// answers so). Found by looking at how the simulation's model serves
/// waiters (the simulation rarely builds this chain).
#[test]
fn a_waiter_is_served_from_the_key_that_became_ready() {
    let mut h = Harness::new();
    let mut x = h.client();
    let mut w = h.client();
    let mut a = h.client();
    h.send(&mut x, &cmd("BLMOVE K D RIGHT LEFT 0"));
    h.send(&mut w, &cmd("BLPOP D K 0"));
    assert_eq!(h.send(&mut a, &cmd("RPUSH K 1 2")), b":2\r\n");
    assert_eq!(h.read(&x), b"$1\r\n2\r\n");
    assert_eq!(h.read(&w), b"*2\r\n$1\r\nK\r\n$1\r\n1\r\n");
    assert_eq!(
        h.send(&mut a, &cmd("EXISTS K\r\nLRANGE D 0 -1")),
        b":0\r\n*1\r\n$1\r\n2\r\n"
    );
}

/// Known difference from Redis, found by the simulation and not fixed
/// here: under `maxmemory` the core also evicts right after a write,
/// sparing the one key the write names first (LMOVE's source), so the
/// destination LMOVE just added can be evicted before the client waiting
/// on it is served, and its item is lost. Redis evicts only before a
/// command: the waiter gets the item. A fix would spare the keys a write
/// made ready as well (eviction.rs spares a single key today).
#[test]
#[ignore = "known difference: a key added for a waiter can be evicted before it is served"]
fn a_key_added_for_a_waiter_is_served_before_any_eviction() {
    // The memory LMOVE adds, measured on a server without a limit.
    let mut dry = Harness::new();
    let mut c = dry.client();
    dry.send(&mut c, &cmd("RPUSH a x y"));
    let before = dry.server.used_memory();
    dry.send(&mut c, &cmd("LMOVE a d LEFT LEFT"));
    let after = dry.server.used_memory();
    let mut h = Harness::new();
    let mut w = h.client();
    let mut a = h.client();
    let limit = (before + after) / 2;
    h.send(
        &mut a,
        &cmd(&format!(
            "RPUSH a x y\r\nCONFIG SET maxmemory-policy allkeys-lru\r\nCONFIG SET maxmemory {limit}"
        )),
    );
    h.send(&mut w, &cmd("BLPOP d 0"));
    assert_eq!(h.send(&mut a, &cmd("LMOVE a d LEFT LEFT")), b"$1\r\nx\r\n");
    assert_eq!(h.read(&w), b"*2\r\n$1\r\nd\r\n$1\r\nx\r\n");
}
