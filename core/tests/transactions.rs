//! MULTI, EXEC, DISCARD, WATCH, UNWATCH: every reply recorded from
//! redis-server 7.0.15 (`DEBUG SET-ACTIVE-EXPIRE 0` standing in for the
//! harness's clock, which runs the expiry cycle only on `tick`).

mod support;
use miniredis_core::{Config, EvictionPolicy};
use support::{replies, with_eviction, Client, Harness};

const QUEUED: &str = "+QUEUED\r\n";

#[test]
fn multi_exec_runs_the_queue_and_replies_each_command_as_outside() {
    assert_eq!(
        replies(
            "RPUSH mylist a b c\nMULTI\nLRANGE mylist 0 -1\nPING\nSET k 1\nGET k\nINCR k\nLPUSH k a\nEXEC\nGET k"
        ),
        ":3\r\n+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n\
         *6\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n+PONG\r\n+OK\r\n$1\r\n1\r\n:2\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         $1\r\n2\r\n"
    );
}

#[test]
fn an_empty_transaction_and_discard() {
    assert_eq!(
        replies("MULTI\nEXEC\nSET k v\nMULTI\nDEL k\nDISCARD\nGET k\nEXEC\nDISCARD"),
        "+OK\r\n*0\r\n+OK\r\n+OK\r\n+QUEUED\r\n+OK\r\n$1\r\nv\r\n\
         -ERR EXEC without MULTI\r\n-ERR DISCARD without MULTI\r\n"
    );
}

#[test]
fn resp3_replies_inside_exec_and_a_failed_exec_is_null() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    h.run(&mut a, "HELLO 3\nHSET h f v");
    assert_eq!(
        h.run(&mut a, "MULTI\nHGETALL h\nGET nokey\nEXEC"),
        "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n_\r\n"
    );
    h.run(&mut a, "WATCH h");
    h.run(&mut b, "DEL h");
    assert_eq!(h.run(&mut a, "MULTI\nEXEC"), "+OK\r\n_\r\n");
}

#[test]
fn nested_multi_and_watch_inside_multi_are_errors_that_do_not_abort() {
    assert_eq!(
        replies("MULTI\nMULTI\nWATCH x\nSET k 1\nEXEC"),
        "+OK\r\n-ERR MULTI calls can not be nested\r\n\
         -ERR WATCH inside MULTI is not allowed\r\n+QUEUED\r\n*1\r\n+OK\r\n"
    );
}

#[test]
fn a_command_refused_while_queueing_aborts_the_transaction() {
    assert_eq!(
        replies("MULTI\nSET foo1 bar1\nNOSUCH a\nSET foo2 bar2\nEXEC\nEXISTS foo1 foo2\nPING"),
        "+OK\r\n+QUEUED\r\n-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n\
         +QUEUED\r\n-EXECABORT Transaction discarded because of previous errors.\r\n:0\r\n+PONG\r\n"
    );
    assert_eq!(
        replies("MULTI\nGET\nCONFIG NOSUCH\nGET x\nEXEC\nEXEC"),
        "+OK\r\n-ERR wrong number of arguments for 'get' command\r\n\
         -ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP.\r\n+QUEUED\r\n\
         -EXECABORT Transaction discarded because of previous errors.\r\n\
         -ERR EXEC without MULTI\r\n"
    );
}

#[test]
fn exec_refused_by_its_own_checks_aborts_even_outside_multi() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    assert_eq!(
        h.run(&mut a, "MULTI\nSET x 1\nEXEC x\nGET x\nEXEC\nEXEC x\nDISCARD x\nUNWATCH x"),
        "+OK\r\n+QUEUED\r\n\
         -EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n\
         $-1\r\n-ERR EXEC without MULTI\r\n\
         -EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n\
         -ERR wrong number of arguments for 'discard' command\r\n\
         -ERR wrong number of arguments for 'unwatch' command\r\n"
    );
    // The refused EXEC also unwatched.
    h.run(&mut a, "WATCH x\nEXEC x");
    h.run(&mut b, "SET x 2");
    assert_eq!(h.run(&mut a, "MULTI\nEXEC"), "+OK\r\n*0\r\n");
}

#[test]
fn no_multi_commands_are_refused_inside_multi() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "MULTI\nSET foo bar\nSHUTDOWN\nEXEC\nGET foo"),
        "+OK\r\n+QUEUED\r\n-ERR Command not allowed inside a transaction\r\n\
         -EXECABORT Transaction discarded because of previous errors.\r\n$-1\r\n"
    );
    assert!(!h.shutdown);
}

#[test]
fn quit_inside_multi_runs_at_once() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "MULTI\nSET k v\nQUIT"),
        "+OK\r\n+QUEUED\r\n+OK\r\n"
    );
    assert!(c.closed);
    h.server.closed(c.id, h.now);
    let mut d = h.client();
    assert_eq!(h.run(&mut d, "GET k"), "$-1\r\n");
    assert_eq!(h.server.used_memory(), 0);
}

#[test]
fn commands_run_by_exec_are_counted_as_redis_counts_them() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(
        &mut c,
        "CONFIG RESETSTAT\nMULTI\nSET k 1\nLPUSH k a\nEXEC\nMULTI\nGET k\nGET\nEXEC\nEXEC\nMULTI\nMULTI\nWATCH x\nDISCARD",
    );
    let stats = h.run(&mut c, "INFO commandstats");
    let mut lines: Vec<&str> = stats
        .split("\r\n")
        .filter(|l| l.starts_with("cmdstat_"))
        .collect();
    lines.sort();
    let line = |name: &str, calls, rejected, failed| {
        format!(
            "cmdstat_{name}:calls={calls},usec=0,usec_per_call=0.00,rejected_calls={rejected},failed_calls={failed}"
        )
    };
    let mut expected = vec![
        line("config|resetstat", 1, 0, 0),
        line("multi", 4, 0, 1),
        line("set", 1, 0, 0),
        line("lpush", 1, 0, 1),
        line("exec", 3, 0, 2),
        line("get", 0, 1, 0),
        line("watch", 1, 0, 1),
        line("discard", 1, 0, 0),
    ];
    expected.sort();
    assert_eq!(lines, expected);
    let info = h.run(&mut c, "INFO stats\nINFO errorstats");
    // RESETSTAT, 4 MULTI, SET, LPUSH, 3 EXEC, WATCH, DISCARD, INFO: the
    // queued commands count once run, not when queued.
    assert!(info.contains("total_commands_processed:13\r\n"), "{info}");
    assert!(info.contains("errorstat_EXECABORT:count=1\r\n"), "{info}");
    assert!(info.contains("errorstat_WRONGTYPE:count=1\r\n"), "{info}");
    assert!(info.contains("errorstat_ERR:count=4\r\n"), "{info}");
}

fn watch_then(h: &mut Harness, a: &mut Client, b: &mut Client, setup: &str, other: &str) -> String {
    if !setup.is_empty() {
        h.run(b, setup);
    }
    assert_eq!(h.run(a, "WATCH x"), "+OK\r\n");
    h.run(b, other);
    h.run(a, "MULTI\nPING\nEXEC")
}

const FAILS: &str = "+OK\r\n+QUEUED\r\n*-1\r\n";
const RUNS: &str = "+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n";

#[test]
fn watch_fails_exec_when_another_client_writes_the_key() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    let cases: &[(&str, &str, &str)] = &[
        // A missing key, then created.
        ("", "SET x 1", FAILS),
        // Deleting a missing key changes nothing.
        ("DEL x", "DEL x", RUNS),
        ("SET x 1", "DEL x", FAILS),
        ("SET x 1", "EXPIRE x 100", FAILS),
        ("SET x 1", "EXPIRE nokey 100", RUNS),
        // A write that fails changes nothing.
        ("SET x 1", "LPUSH x a", RUNS),
        // Reads never touch.
        ("SET x 1", "GET x\nEXISTS x\nTYPE x", RUNS),
        ("SET x 1", "INCR x", FAILS),
        ("SET x 1", "RENAME x y", FAILS),
        ("SET y 1", "RENAME y x", FAILS),
        ("SET x 1", "SET y 1", RUNS),
        // LPUSHX / EXPIRE on a missing key change nothing.
        ("DEL x", "LPUSHX x a\nPEXPIRE x 5", RUNS),
        // SORT ... STORE of an empty result deletes the destination.
        ("LPUSH x bar", "SORT emptylist STORE x", FAILS),
        ("SET x 1", "MSET a 1 x 2", FAILS),
        ("SET x 1", "UNLINK x", FAILS),
        ("SET src v", "COPY src x", FAILS),
        // SMOVE touches its destination only when the member is new there
        // (Redis's unit/type/set "SMOVE only notify dstset ..."), and its
        // source whenever it moved the member out.
        ("SADD src a b\nSADD x a", "SMOVE src x a", RUNS),
        ("SADD src a b\nSADD x c", "SMOVE src x a", FAILS),
        ("SADD x a b", "SMOVE x dst a", FAILS),
        ("SADD x a b", "SMOVE x dst nope", RUNS),
    ];
    for (setup, other, expected) in cases {
        h.run(&mut b, "FLUSHALL");
        assert_eq!(
            watch_then(&mut h, &mut a, &mut b, setup, other),
            *expected,
            "{setup} / {other}"
        );
    }
}

#[test]
fn keys_written_into_another_database_touch_it_there() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    let cases: &[(&str, &str, &str)] = &[
        // MOVE from db 1 into db 0 creates x here.
        ("SELECT 1\nSET x 1", "MOVE x 0", FAILS),
        // MOVE refused: x exists in both; nothing changes.
        ("SELECT 0\nSET x 1\nSELECT 1\nSET x 1", "MOVE x 0", RUNS),
        ("SELECT 0\nSET x 1", "SELECT 0\nMOVE x 3", FAILS),
        ("SELECT 2\nSET src v", "COPY src x DB 0", FAILS),
        // COPY into another database leaves this x alone.
        ("SELECT 0\nSET x 1", "SELECT 0\nCOPY x x DB 4", RUNS),
        // A write to x in another database is another key.
        ("SELECT 0\nSET x 1", "SELECT 5\nSET x 2", RUNS),
    ];
    for (setup, other, expected) in cases {
        h.run(&mut b, "FLUSHALL\nSELECT 0");
        assert_eq!(
            watch_then(&mut h, &mut a, &mut b, setup, other),
            *expected,
            "{setup} / {other}"
        );
    }
    // WATCH remembers the database a key was watched in.
    h.run(
        &mut a,
        "SELECT 5\nSET x 30\nWATCH x\nSELECT 1\nSET x 10\nSELECT 5",
    );
    assert_eq!(h.run(&mut a, "MULTI\nPING\nEXEC"), RUNS);
}

#[test]
fn flushes_touch_watched_keys_that_exist() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    let cases: &[(&str, &str, &str)] = &[
        ("SET x 30", "FLUSHALL", FAILS),
        ("", "FLUSHALL", RUNS),
        ("SET x 30", "FLUSHDB", FAILS),
        ("", "FLUSHDB", RUNS),
        ("SET x 30", "FLUSHALL ASYNC", FAILS),
        ("SET x 30", "SELECT 3\nFLUSHDB\nSELECT 0", RUNS),
        // SWAPDB: x leaves db 0, or arrives in it.
        ("SET x 30", "SWAPDB 0 1", FAILS),
        ("SELECT 1\nSET x 30\nSELECT 0", "SWAPDB 0 1", FAILS),
        ("SET x 30", "SWAPDB 2 1", RUNS),
        ("SET x 30", "SWAPDB 0 0", RUNS),
    ];
    for (setup, other, expected) in cases {
        h.run(&mut b, "FLUSHALL");
        h.run(&mut a, "UNWATCH");
        assert_eq!(
            watch_then(&mut h, &mut a, &mut b, setup, other),
            *expected,
            "{setup} / {other}"
        );
    }
    // A client watching several keys, all flushed.
    assert_eq!(
        h.run(&mut a, "FLUSHALL\nMSET a a b b\nWATCH b a\nFLUSHALL\nPING"),
        "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+PONG\r\n"
    );
}

#[test]
fn exec_discard_and_unwatch_forget_the_watched_keys() {
    let mut h = Harness::new();
    let mut a = h.client();
    // After a successful EXEC, and after a failed one.
    assert_eq!(
        h.run(
            &mut a,
            "SET x 30\nWATCH x\nMULTI\nPING\nEXEC\nSET x 40\nMULTI\nPING\nEXEC"
        ),
        "+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n"
    );
    assert_eq!(
        h.run(
            &mut a,
            "WATCH x\nSET x 40\nMULTI\nPING\nEXEC\nSET x 40\nMULTI\nPING\nEXEC"
        ),
        "+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n"
    );
    // UNWATCH forgets that a key was touched, as does DISCARD.
    assert_eq!(
        h.run(
            &mut a,
            "WATCH x\nSET x 40\nUNWATCH\nMULTI\nPING\nEXEC\nUNWATCH"
        ),
        "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n+OK\r\n"
    );
    assert_eq!(
        h.run(
            &mut a,
            "WATCH x\nSET x 10\nMULTI\nDISCARD\nMULTI\nINCR x\nEXEC"
        ),
        "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n:11\r\n"
    );
    // A watched key written by the transaction itself: EXEC runs.
    assert_eq!(
        h.run(&mut a, "WATCH x\nMULTI\nINCR x\nEXEC"),
        "+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n:12\r\n"
    );
}

#[test]
fn a_transaction_writing_a_key_fails_other_clients_watching_it() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    h.run(&mut a, "WATCH x");
    assert_eq!(
        h.run(&mut b, "WATCH x\nMULTI\nSET x 1\nEXEC"),
        "+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n"
    );
    assert_eq!(h.run(&mut a, "MULTI\nPING\nEXEC"), FAILS);
    // A disconnected watcher is forgotten (the audit checks the registry).
    h.run(&mut b, "WATCH x\nMULTI\nSET big 0123456789");
    assert!(h.server.used_memory() > 0);
    h.server.closed(b.id, h.now);
    h.run(&mut a, "FLUSHALL");
    assert_eq!(h.server.used_memory(), 0);
}

#[test]
fn watched_keys_that_expire() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    // Expired by EXEC time, still stored (no tick ran): EXEC fails.
    h.run(&mut a, "SET x foo PX 100\nWATCH x");
    h.advance(150);
    assert_eq!(h.run(&mut a, "MULTI\nPING\nEXEC"), FAILS);
    // Removed by the expiry cycle.
    h.run(&mut a, "SET y foo PX 50\nWATCH y");
    h.advance(100);
    h.tick();
    assert_eq!(h.run(&mut a, "DBSIZE\nMULTI\nEXEC"), ":0\r\n+OK\r\n*-1\r\n");
    // Removed lazily by another client's read.
    h.run(&mut a, "SET y foo PX 50\nWATCH y");
    h.advance(100);
    h.run(&mut b, "GET y");
    assert_eq!(h.run(&mut a, "MULTI\nPING\nEXEC"), FAILS);
    // Touched by an EXPIRE that leaves it alive.
    h.run(&mut a, "SET x foo\nWATCH x\nEXPIRE x 10");
    assert_eq!(h.run(&mut a, "MULTI\nPING\nEXEC"), FAILS);
}

#[test]
fn keys_already_stale_when_watched() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    let stale = |h: &mut Harness, a: &mut Client| {
        h.run(a, "DEL x\nSET x foo PX 1");
        h.advance(2);
        assert_eq!(h.run(a, "WATCH x"), "+OK\r\n");
    };
    // Stale when watched and at EXEC: no change.
    stale(&mut h, &mut a);
    assert_eq!(h.run(&mut a, "MULTI\nPING\nEXEC"), RUNS);
    // Its lazy removal is no change either.
    stale(&mut h, &mut a);
    assert_eq!(
        h.run(&mut a, "EXISTS x\nMULTI\nPING\nEXEC"),
        format!(":0\r\n{RUNS}")
    );
    // Nor is its removal by the expiry cycle, or by a flush.
    stale(&mut h, &mut a);
    h.tick();
    assert_eq!(h.run(&mut a, "MULTI\nPING\nEXEC"), RUNS);
    stale(&mut h, &mut a);
    assert_eq!(
        h.run(&mut a, "FLUSHDB\nMULTI\nPING\nEXEC"),
        format!("+OK\r\n{RUNS}")
    );
    // Written by another client: fails.
    stale(&mut h, &mut a);
    h.run(&mut b, "SET x bar");
    assert_eq!(h.run(&mut a, "MULTI\nEXEC"), "+OK\r\n*-1\r\n");
    // Removed, then set again and stale again by EXEC time: fails.
    stale(&mut h, &mut a);
    h.run(&mut b, "GET x\nSET x bar PX 1");
    h.advance(2);
    assert_eq!(h.run(&mut a, "MULTI\nPING\nEXEC"), FAILS);
}

#[test]
fn swapdb_and_stale_keys() {
    let mut h = Harness::new();
    let mut a = h.client();
    let exec = |h: &mut Harness, a: &mut Client| h.run(a, "MULTI\nPING\nEXEC");
    // A stale key replaced by no key.
    h.run(&mut a, "FLUSHALL\nSELECT 1\nSET x foo PX 1");
    h.advance(2);
    h.run(&mut a, "WATCH x\nSWAPDB 0 1");
    assert_eq!(exec(&mut h, &mut a), RUNS);
    // No key replaced by a stale one.
    h.run(&mut a, "FLUSHALL\nSELECT 0\nSET x foo PX 1");
    h.advance(2);
    h.run(&mut a, "SELECT 1\nWATCH x\nSWAPDB 0 1");
    assert_eq!(exec(&mut h, &mut a), RUNS);
    // A stale key replaced by another stale key.
    h.run(
        &mut a,
        "FLUSHALL\nSELECT 1\nSET x foo PX 1\nSELECT 0\nSET x bar PX 1",
    );
    h.advance(2);
    h.run(&mut a, "SELECT 1\nWATCH x\nSWAPDB 0 1");
    assert_eq!(exec(&mut h, &mut a), RUNS);
    // A stale key replaced by a live one.
    h.run(
        &mut a,
        "FLUSHALL\nSELECT 1\nSET x foo PX 1\nSELECT 0\nSET x bar",
    );
    h.advance(2);
    h.run(&mut a, "SELECT 1\nWATCH x\nSWAPDB 0 1");
    assert_eq!(exec(&mut h, &mut a), FAILS);
}

#[test]
fn queueing_under_oom_is_refused_and_only_writing_transactions_are() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    const OOM: &str = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    h.run(&mut a, "SET x value\nMULTI\nSET foo1 bar1");
    h.run(&mut b, "CONFIG SET maxmemory 1");
    // EXEC itself is refused: a queued SET may grow memory.
    assert_eq!(
        h.run(&mut a, "GET x\nMULTI\nWATCH x\nEXEC"),
        format!(
            "{OOM}{OOM}{OOM}-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n"
        )
    );
    assert_eq!(
        h.run(&mut a, "MULTI\nSET x 1\nDISCARD\nPING"),
        format!("+OK\r\n{OOM}+OK\r\n+PONG\r\n")
    );
    // Queued before the limit: reads run, a write aborts the transaction.
    h.run(&mut b, "CONFIG SET maxmemory 0");
    h.run(&mut a, "MULTI\nGET x\nPING");
    h.run(&mut b, "CONFIG SET maxmemory 1");
    assert_eq!(h.run(&mut a, "EXEC"), "*2\r\n$5\r\nvalue\r\n+PONG\r\n");
    h.run(&mut b, "CONFIG SET maxmemory 0");
    h.run(&mut a, "MULTI\nSET x 1\nGET x");
    h.run(&mut b, "CONFIG SET maxmemory 1");
    assert_eq!(
        h.run(&mut a, "EXEC\nGET x\nEXEC"),
        format!(
            "-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n\
             $5\r\nvalue\r\n-ERR EXEC without MULTI\r\n"
        )
    );
    let stats = h.run(&mut b, "INFO commandstats\nINFO errorstats");
    assert!(
        stats.contains(
            "cmdstat_exec:calls=2,usec=0,usec_per_call=0.00,rejected_calls=2,failed_calls=1\r\n"
        ),
        "{stats}"
    );
    assert!(stats.contains("errorstat_OOM:count=4\r\n"), "{stats}");
    assert!(stats.contains("errorstat_EXECABORT:count=2\r\n"), "{stats}");
}

#[test]
fn queued_commands_count_toward_memory_until_exec_or_discard() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "MULTI");
    assert_eq!(h.server.used_memory(), 0);
    h.run(&mut c, "SET key value");
    let one = h.server.used_memory();
    assert!(one >= "SETkeyvalue".len(), "{one}");
    h.run(&mut c, "SET key value");
    assert_eq!(h.server.used_memory(), 2 * one);
    h.run(&mut c, "DISCARD");
    assert_eq!(h.server.used_memory(), 0);
    // A doomed transaction keeps nothing more.
    h.run(&mut c, "MULTI\nSET key value\nNOSUCH\nSET key value");
    assert_eq!(h.server.used_memory(), one);
    h.run(&mut c, "EXEC");
    assert_eq!(h.server.used_memory(), 0);
    // Nor does one whose watched key was touched.
    h.run(&mut c, "WATCH k\nSET k 1\nMULTI\nSET key value");
    assert_eq!(h.run(&mut c, "EXEC"), "*-1\r\n");
}

#[test]
fn queued_commands_are_what_makes_maxmemory_refuse_a_long_transaction() {
    let mut h = Harness::with_config(Config {
        maxmemory: 400,
        ..Config::default()
    });
    let mut c = h.client();
    let mut out = h.run(&mut c, "MULTI");
    for _ in 0..20 {
        out += &h.run(&mut c, "SET key 0123456789");
    }
    let queued = out.matches(QUEUED).count();
    assert!((5..20).contains(&queued), "{out}");
    assert!(out.ends_with("-OOM command not allowed when used memory > 'maxmemory'.\r\n"));
    assert!(h.run(&mut c, "EXEC").starts_with("-EXECABORT"));
    assert_eq!(h.server.used_memory(), 0);
}

#[test]
fn eviction_touches_the_watched_keys_it_removes() {
    let (mut h, mut a) = with_eviction(EvictionPolicy::AllKeysRandom, 0);
    let mut b = h.client();
    h.run(&mut a, "SET x 0123456789\nWATCH x");
    h.run(&mut b, "CONFIG SET maxmemory 1");
    h.run(&mut b, "CONFIG SET maxmemory 0");
    assert_eq!(
        h.run(&mut a, "DBSIZE\nMULTI\nPING\nEXEC"),
        format!(":0\r\n{FAILS}")
    );
}

#[test]
fn an_unauthenticated_exec_is_aborted_with_noauth() {
    let mut h = Harness::with_config(Config {
        requirepass: "pw".into(),
        ..Config::default()
    });
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "EXEC\nMULTI\nDISCARD\nWATCH x"),
        "-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n\
         -NOAUTH Authentication required.\r\n-NOAUTH Authentication required.\r\n\
         -NOAUTH Authentication required.\r\n"
    );
}

#[test]
fn wrong_arity_of_the_commands_that_run_at_once_aborts_too() {
    assert_eq!(
        replies("MULTI\nDISCARD x\nEXEC\nMULTI\nWATCH\nEXEC\nMULTI\nMULTI x\nEXEC"),
        "+OK\r\n-ERR wrong number of arguments for 'discard' command\r\n\
         -EXECABORT Transaction discarded because of previous errors.\r\n\
         +OK\r\n-ERR wrong number of arguments for 'watch' command\r\n\
         -EXECABORT Transaction discarded because of previous errors.\r\n\
         +OK\r\n-ERR wrong number of arguments for 'multi' command\r\n\
         -EXECABORT Transaction discarded because of previous errors.\r\n"
    );
}

/// Inside EXEC no command is refused for memory (its queue was admitted
/// as a whole, as in Redis): the second SET runs though the first took
/// memory over the limit; outside EXEC the next write is refused.
#[test]
fn commands_inside_exec_are_not_refused_for_memory() {
    let mut h = Harness::with_config(Config {
        maxmemory: 1000,
        ..Config::default()
    });
    let mut c = h.client();
    let big = "v".repeat(900);
    assert_eq!(
        h.run(&mut c, &format!("MULTI\nSET a {big}\nSET b x\nEXEC")),
        "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n+OK\r\n"
    );
    assert!(h.server.used_memory() > 1000);
    assert_eq!(
        h.run(&mut c, "SET c x"),
        "-OOM command not allowed when used memory > 'maxmemory'.\r\n"
    );
}
