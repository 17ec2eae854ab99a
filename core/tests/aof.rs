//! The AOF's core side through the driving contract, on the fake clock:
//! BGREWRITEAOF and its schedule beside BGSAVE, the log rotated where a
//! rewrite starts, the rewrite's base (an RDB with `aof-base` 1), write
//! errors reported by the adapter (MISCONF, INFO), `appendonly` at run
//! time and the automatic rewrite. The harness plays the adapter.

mod support;

use miniredis_core::{AofBaseFormat, Config, SnapshotTarget};
use support::{Client, Harness};

fn aof_on() -> (Harness, Client) {
    let mut h = Harness::with_config(Config {
        appendonly: true,
        ..Config::default()
    });
    h.server.set_log_enabled(true);
    let c = h.client();
    (h, c)
}

fn info_field(h: &mut Harness, c: &mut Client, name: &str) -> Option<String> {
    let info = h.run(c, "INFO persistence");
    info.lines()
        .find_map(|line| line.strip_prefix(&format!("{name}:")))
        .map(str::to_string)
}

fn take_log(h: &mut Harness) -> (Vec<u8>, bool) {
    let mut log = Vec::new();
    let rotated = h.server.take_log(&mut log);
    (log, rotated)
}

#[test]
fn bgrewriteaof_answers_as_redis_beside_bgsave() {
    let (mut h, mut c) = aof_on();
    h.run(&mut c, "SET a 1");
    assert_eq!(
        h.run(&mut c, "BGREWRITEAOF"),
        "+Background append only file rewriting started\r\n"
    );
    assert_eq!(
        h.run(&mut c, "BGREWRITEAOF"),
        "-ERR Background append only file rewriting already in progress\r\n"
    );
    assert_eq!(
        h.run(&mut c, "BGSAVE"),
        "-ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.\r\n"
    );
    assert_eq!(
        h.run(&mut c, "BGSAVE SCHEDULE"),
        "+Background saving scheduled\r\n"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "1"
    );
    let base = h.finish_snapshot(Ok(()));
    // The base is an RDB file marked as an AOF base.
    assert!(base.starts_with(b"REDIS0010"));
    let marker = b"\x08aof-base\xc0\x01";
    assert!(base.windows(marker.len()).any(|w| w == marker));
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "0"
    );
    assert_eq!(info_field(&mut h, &mut c, "aof_rewrites").unwrap(), "1");
    assert_eq!(
        info_field(&mut h, &mut c, "aof_last_bgrewrite_status").unwrap(),
        "ok"
    );
    // The scheduled BGSAVE starts on the timer.
    h.now += 1;
    h.tick();
    assert_eq!(
        info_field(&mut h, &mut c, "rdb_bgsave_in_progress").unwrap(),
        "1"
    );
    // Behind a BGSAVE, or inside EXEC, BGREWRITEAOF is scheduled.
    assert_eq!(
        h.run(&mut c, "BGREWRITEAOF"),
        "+Background append only file rewriting scheduled\r\n"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_scheduled").unwrap(),
        "1"
    );
    h.finish_snapshot(Ok(()));
    h.now += 1;
    h.tick();
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "1"
    );
    h.finish_snapshot(Err("disk full".into()));
    assert_eq!(
        info_field(&mut h, &mut c, "aof_last_bgrewrite_status").unwrap(),
        "err"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrites_consecutive_failures").unwrap(),
        "1"
    );
    assert_eq!(
        h.run(&mut c, "MULTI\nBGREWRITEAOF\nEXEC"),
        "+OK\r\n+QUEUED\r\n*1\r\n+Background append only file rewriting scheduled\r\n"
    );
}

#[test]
fn the_log_rotates_exactly_where_the_rewrite_starts() {
    let (mut h, mut c) = aof_on();
    h.send(
        &mut c,
        b"SET a 1\r\nBGREWRITEAOF\r\nSELECT 2\r\nSET b 2\r\n",
    );
    let (old, rotated) = take_log(&mut h);
    assert!(rotated);
    assert_eq!(
        String::from_utf8_lossy(&old),
        "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"
    );
    // The new incremental file opens with its own SELECT.
    let (new, rotated) = take_log(&mut h);
    assert!(!rotated);
    assert_eq!(
        String::from_utf8_lossy(&new),
        "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n"
    );
    // The base holds `a` (before the rotation), not `b`.
    let base = h.finish_snapshot(Ok(()));
    let mut fresh = Harness::new();
    fresh
        .server
        .load_rdb_preamble(&base, 0)
        .expect("the base loads");
    let mut d = fresh.client();
    assert_eq!(fresh.run(&mut d, "GET a"), "$1\r\n1\r\n");
    assert_eq!(fresh.run(&mut d, "SELECT 2\nEXISTS b"), "+OK\r\n:0\r\n");
}

#[test]
fn rewrite_bytes_are_marked_for_the_aof_base() {
    let (mut h, mut c) = aof_on();
    h.run(&mut c, "BGREWRITEAOF");
    let mut bytes = Vec::new();
    let chunk = h.server.take_snapshot_bytes(&mut bytes).expect("a chunk");
    assert_eq!(chunk.target, SnapshotTarget::AofBase(AofBaseFormat::Rdb));
}

#[test]
fn a_failed_aof_write_refuses_writes_until_one_succeeds() {
    let (mut h, mut c) = aof_on();
    assert_eq!(
        info_field(&mut h, &mut c, "aof_last_write_status").unwrap(),
        "ok"
    );
    h.server
        .aof_written(Err("No space left on device".into()), h.now);
    assert_eq!(
        h.run(&mut c, "SET a 1"),
        "-MISCONF Errors writing to the AOF file: No space left on device\r\n"
    );
    assert_eq!(
        h.run(&mut c, "GET a\nPING"),
        "$-1\r\n-MISCONF Errors writing to the AOF file: No space left on device\r\n"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "aof_last_write_status").unwrap(),
        "err"
    );
    h.server.aof_written(Ok(100), h.now);
    assert_eq!(h.run(&mut c, "SET a 1"), "+OK\r\n");
    assert_eq!(
        info_field(&mut h, &mut c, "aof_last_write_status").unwrap(),
        "ok"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "aof_current_size").unwrap(),
        "100"
    );
}

#[test]
fn appendonly_at_run_time_starts_from_a_rewrite() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET a 1");
    assert_eq!(
        h.run(&mut c, "CONFIG GET appendonly"),
        "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n"
    );
    assert_eq!(info_field(&mut h, &mut c, "aof_enabled").unwrap(), "0");
    // The extra fields show only with the AOF on.
    assert_eq!(info_field(&mut h, &mut c, "aof_current_size"), None);
    assert_eq!(h.run(&mut c, "CONFIG SET appendonly yes"), "+OK\r\n");
    assert!(h.server.log_enabled());
    assert_eq!(info_field(&mut h, &mut c, "aof_enabled").unwrap(), "1");
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "1"
    );
    assert_eq!(info_field(&mut h, &mut c, "aof_base_size").unwrap(), "0");
    let (_, rotated) = take_log(&mut h);
    assert!(rotated, "the new AOF's first incremental file opens here");
    h.run(&mut c, "SET b 2");
    let (log, _) = take_log(&mut h);
    assert!(log.starts_with(b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nb"));
    assert_eq!(h.run(&mut c, "CONFIG SET appendonly no"), "+OK\r\n");
    assert!(!h.server.log_enabled());
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "0"
    );
    assert_eq!(
        h.run(&mut c, "CONFIG SET appendonly maybe"),
        "-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'\r\n"
    );
}

#[test]
fn the_aof_is_rewritten_when_it_grows() {
    let (mut h, mut c) = aof_on();
    h.run(
        &mut c,
        "CONFIG SET auto-aof-rewrite-min-size 1000\nCONFIG SET auto-aof-rewrite-percentage 100",
    );
    h.server.aof_base_size(600);
    h.server.aof_written(Ok(1100), h.now);
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "0"
    );
    // 100 % over the base: the report itself starts the rewrite.
    h.server.aof_written(Ok(1200), h.now);
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "1"
    );
    h.finish_snapshot(Ok(()));
    // Percentage 0 turns it off.
    h.run(&mut c, "CONFIG SET auto-aof-rewrite-percentage 0");
    h.server.aof_written(Ok(100_000), h.now);
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "0"
    );
}

/// Found by the crash simulation (runtimes/common): a base loaded after
/// one of its keys' deadline dropped the key, so a record after the base
/// that wrote to it (logged while it was alive) made it anew, without the
/// deadline: a key that should have expired came back for good. Redis
/// loads an AOF's base keeping such keys (`RDBFLAGS_AOF_PREAMBLE`).
#[test]
fn a_base_keeps_keys_past_their_deadline_for_the_records_after_it() {
    let (mut h, mut c) = aof_on();
    h.run(&mut c, "HSET k f1 a\nPEXPIRE k 1000\nBGREWRITEAOF");
    let (_, rotated) = take_log(&mut h);
    assert!(rotated);
    h.run(&mut c, "HSET k f2 b");
    let (incr, _) = take_log(&mut h);
    let base = h.finish_snapshot(Ok(()));

    // Restarted after the deadline.
    let mut fresh = Harness::new();
    fresh.advance(5000);
    fresh
        .server
        .load_rdb_preamble(&base, 5000)
        .expect("the base loads");
    fresh.server.load_log(&incr).expect("the records load");
    let mut d = fresh.client();
    assert_eq!(fresh.run(&mut d, "EXISTS k"), ":0\r\n");

    // Before the deadline, the key is whole and keeps it.
    let mut early = Harness::new();
    early.advance(500);
    early
        .server
        .load_rdb_preamble(&base, 500)
        .expect("the base loads");
    early.server.load_log(&incr).expect("the records load");
    let mut e = early.client();
    assert_eq!(early.run(&mut e, "HLEN k"), ":2\r\n");
    assert_eq!(early.run(&mut e, "PTTL k"), ":500\r\n");
}

/// The adapter's request for a rewrite (with `appendfsync always`, to
/// recover from a failed fsync): begun at once, or scheduled behind a
/// running snapshot, as BGREWRITEAOF; nothing with the AOF off. The
/// error it recovers from lasts until the adapter reports a write.
#[test]
fn a_rewrite_requested_by_the_adapter_starts_or_waits_its_turn() {
    let (mut h, mut c) = aof_on();
    h.run(&mut c, "SET a 1");
    h.server
        .aof_written(Err("Input/output error".into()), h.now);
    assert_eq!(h.run(&mut c, "BGSAVE"), "+Background saving started\r\n");
    h.server.request_aof_rewrite(h.now);
    assert!(!h.server.aof_rewrite_in_progress());
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_scheduled").unwrap(),
        "1"
    );
    h.finish_snapshot(Ok(()));
    h.advance(1);
    h.tick();
    assert!(h.server.aof_rewrite_in_progress());
    // The log rotated where it began.
    assert!(take_log(&mut h).1);
    assert_eq!(
        h.run(&mut c, "SET b 2"),
        "-MISCONF Errors writing to the AOF file: Input/output error\r\n"
    );
    h.finish_snapshot(Ok(()));
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_in_progress").unwrap(),
        "0"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "aof_last_bgrewrite_status").unwrap(),
        "ok"
    );
    // The adapter, the base in place, reports the AOF written.
    h.server.aof_written(Ok(100), h.now);
    assert_eq!(h.run(&mut c, "SET b 2"), "+OK\r\n");
    assert_eq!(
        info_field(&mut h, &mut c, "aof_last_write_status").unwrap(),
        "ok"
    );

    // With the AOF off there is nothing to rewrite for.
    let mut h = Harness::with_config(Config::default());
    let mut c = h.client();
    h.server.request_aof_rewrite(h.now);
    assert!(!h.server.aof_rewrite_in_progress());
    assert_eq!(
        info_field(&mut h, &mut c, "aof_rewrite_scheduled").unwrap(),
        "0"
    );
}
