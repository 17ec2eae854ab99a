//! RDB snapshots through the driving contract, on the fake clock: BGSAVE
//! in slices while clients write, SAVE, save points, MISCONF after a failed
//! save, loading at start, and the saving SHUTDOWN and signal stop. The
//! harness plays the adapter: it takes the snapshot's bytes on
//! `Event::Snapshot` and reports the file written or failed.

mod support;

use miniredis_core::{Config, Host, Server};
use support::{Harness, UNIX_AT_ZERO};

fn with_save_points(points: &[(u64, u64)]) -> Harness {
    Harness::with_config(Config {
        save_points: points.to_vec(),
        ..Config::default()
    })
}

/// A fresh server loaded from `file`.
fn restarted(file: &[u8], now: u64) -> Harness {
    let mut h = Harness::new();
    h.now = now;
    h.server.load_snapshot(file, now).expect("the file loads");
    h
}

fn info_field(h: &mut Harness, c: &mut support::Client, name: &str) -> String {
    let info = h.run(c, "INFO persistence");
    info.lines()
        .find_map(|line| line.strip_prefix(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no {name} in {info}"))
        .to_string()
}

/// Runs the timer until the running snapshot's file is complete.
fn walk_to_end(h: &mut Harness) {
    for _ in 0..10_000 {
        if h.snapshot_complete.is_some() {
            return;
        }
        h.now = h.server.next_timeout().expect("the walk wants the timer");
        h.tick();
    }
    panic!("the snapshot never completed");
}

#[test]
fn bgsave_writes_the_state_at_its_start_while_clients_write() {
    let mut h = Harness::new();
    let mut c = h.client();
    // Enough keys for several slices.
    for i in 0..25_000 {
        h.send_unread(&mut c, format!("SET k{i} v{i}\r\n").as_bytes());
    }
    h.read(&c);
    h.run(
        &mut c,
        "RPUSH list a b\nSET ttl x PX 100000\nSELECT 3\nSET other 1\nSELECT 0",
    );
    assert_eq!(h.run(&mut c, "BGSAVE"), "+Background saving started\r\n");
    assert_eq!(h.server.next_timeout(), Some(h.now + 1));
    assert_eq!(info_field(&mut h, &mut c, "rdb_bgsave_in_progress"), "1");
    // Writes between slices: overwrite, delete, push, flush another db,
    // move, and new keys; none of it may reach the file.
    h.now += 1;
    h.tick();
    assert!(
        h.snapshot_complete.is_none(),
        "one slice does not do it all"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "current_save_keys_total"),
        "25003"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "current_save_keys_processed"),
        "2000"
    );
    assert_eq!(
        h.run(
            &mut c,
            "SET k1 changed\nDEL k24999\nRPUSH list c\nSET new 1\nMOVE k2 5"
        ),
        "+OK\r\n:1\r\n:3\r\n+OK\r\n:1\r\n"
    );
    assert_eq!(
        h.run(&mut c, "SELECT 3\nFLUSHDB\nSELECT 0"),
        "+OK\r\n+OK\r\n+OK\r\n"
    );
    assert_eq!(
        h.run(&mut c, "BGSAVE"),
        "-ERR Background save already in progress\r\n"
    );
    walk_to_end(&mut h);
    let file = h.finish_snapshot(Ok(()));
    assert_eq!(info_field(&mut h, &mut c, "rdb_bgsave_in_progress"), "0");
    assert_eq!(info_field(&mut h, &mut c, "rdb_last_bgsave_status"), "ok");
    assert_eq!(info_field(&mut h, &mut c, "rdb_saves"), "1");
    // The writes after the start are the changes since the save.
    assert_eq!(
        info_field(&mut h, &mut c, "rdb_changes_since_last_save"),
        "6"
    );

    let mut r = restarted(&file, h.now);
    let mut c = r.client();
    assert_eq!(r.run(&mut c, "DBSIZE"), ":25002\r\n");
    assert_eq!(
        r.run(
            &mut c,
            "GET k1\nGET k24999\nGET k2\nLRANGE list 0 -1\nEXISTS new\nPTTL ttl"
        ),
        format!(
            "$2\r\nv1\r\n$6\r\nv24999\r\n$2\r\nv2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n:0\r\n:{}\r\n",
            100_000 - h.now
        )
    );
    assert_eq!(r.run(&mut c, "SELECT 3\nGET other"), "+OK\r\n$1\r\n1\r\n");
    assert_eq!(r.run(&mut c, "SELECT 5\nDBSIZE"), "+OK\r\n:0\r\n");
}

#[test]
fn save_answers_when_the_file_is_written() {
    let mut h = Harness::new();
    let mut c = h.client();
    let other = &mut h.client();
    h.run(&mut c, "SET a 1");
    // The SAVE client waits (its next command too); others go on.
    assert_eq!(h.run(&mut c, "SAVE\nGET a"), "");
    assert_eq!(
        h.run(other, "SET a 2\nSAVE"),
        "+OK\r\n-ERR Background save already in progress\r\n"
    );
    h.now += 2000;
    let file = h.finish_snapshot(Ok(()));
    assert_eq!(String::from_utf8(h.read(&c)).unwrap(), "+OK\r\n$1\r\n2\r\n");
    let lastsave = (UNIX_AT_ZERO + 2000) / 1000;
    assert_eq!(h.run(&mut c, "LASTSAVE"), format!(":{lastsave}\r\n"));
    let mut r = restarted(&file, h.now);
    let mut d = r.client();
    assert_eq!(r.run(&mut d, "GET a"), "$1\r\n1\r\n");
    // A failed SAVE answers a bare -ERR and changes neither LASTSAVE nor
    // the background status.
    assert_eq!(h.run(&mut c, "SAVE"), "");
    h.finish_snapshot(Err("No space left on device".into()));
    assert_eq!(String::from_utf8(h.read(&c)).unwrap(), "-ERR\r\n");
    assert_eq!(h.run(&mut c, "LASTSAVE"), format!(":{lastsave}\r\n"));
    assert_eq!(info_field(&mut h, &mut c, "rdb_last_bgsave_status"), "ok");
    assert_eq!(
        h.run(&mut c, "MULTI\nSAVE"),
        "+OK\r\n-ERR Command not allowed inside a transaction\r\n"
    );
}

#[test]
fn bgsave_forms_answer_as_redis() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "BGSAVE FOO\nBGSAVE SCHEDULE X"),
        "-ERR syntax error\r\n-ERR syntax error\r\n"
    );
    assert_eq!(
        h.run(&mut c, "BGSAVE SCHEDULE"),
        "+Background saving started\r\n"
    );
    assert_eq!(
        h.run(&mut c, "BGSAVE SCHEDULE\nBGSAVE"),
        "-ERR Background save already in progress\r\n-ERR Background save already in progress\r\n"
    );
    walk_to_end(&mut h);
    h.finish_snapshot(Ok(()));
    // Inside EXEC it is scheduled, and starts on the next timer call.
    assert_eq!(
        h.run(&mut c, "MULTI\nBGSAVE\nEXEC"),
        "+OK\r\n+QUEUED\r\n*1\r\n+Background saving scheduled\r\n"
    );
    assert_eq!(info_field(&mut h, &mut c, "rdb_bgsave_in_progress"), "0");
    h.now = h
        .server
        .next_timeout()
        .expect("the scheduled save wants the timer");
    h.tick();
    assert_eq!(info_field(&mut h, &mut c, "rdb_bgsave_in_progress"), "1");
}

#[test]
fn save_points_fire_on_the_clock() {
    let mut h = with_save_points(&[(10, 2), (100, 1)]);
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG GET save"),
        "*2\r\n$4\r\nsave\r\n$10\r\n10 2 100 1\r\n"
    );
    assert_eq!(h.server.next_timeout(), None);
    h.run(&mut c, "SET a 1");
    // One change: the 100-second point, due after more than 100 s.
    assert_eq!(h.server.next_timeout(), Some(101_000));
    h.run(&mut c, "SET b 1");
    assert_eq!(h.server.next_timeout(), Some(11_000));
    h.now = 10_999;
    h.tick();
    assert_eq!(info_field(&mut h, &mut c, "rdb_bgsave_in_progress"), "0");
    h.now = 11_000;
    h.tick();
    walk_to_end(&mut h);
    h.finish_snapshot(Ok(()));
    assert_eq!(
        info_field(&mut h, &mut c, "rdb_changes_since_last_save"),
        "0"
    );
    assert_eq!(
        info_field(&mut h, &mut c, "rdb_last_save_time"),
        ((UNIX_AT_ZERO + h.now) / 1000).to_string()
    );
    assert_eq!(h.server.next_timeout(), None);
    // `save ""` disables them.
    assert_eq!(
        h.run(&mut c, "CONFIG SET save \"\"\nSET a 2\nSET b 2"),
        "+OK\r\n+OK\r\n+OK\r\n"
    );
    assert_eq!(h.server.next_timeout(), None);
    assert_eq!(
        h.run(&mut c, "CONFIG SET save \"1 x\"\nCONFIG SET save 5"),
        "-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n"
    );
}

#[test]
fn a_failed_bgsave_refuses_writes_until_a_save_succeeds() {
    let mut h = with_save_points(&[(3600, 1)]);
    let mut c = h.client();
    h.run(&mut c, "SET a 1");
    h.run(&mut c, "BGSAVE");
    walk_to_end(&mut h);
    h.finish_snapshot(Err("Read-only file system".into()));
    assert_eq!(info_field(&mut h, &mut c, "rdb_last_bgsave_status"), "err");
    let misconf = "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.\r\n";
    assert_eq!(
        h.run(&mut c, "SET a 2\nPING\nGET a\nMULTI\nSET a 3\nEXEC"),
        format!("{misconf}{misconf}$1\r\n1\r\n+OK\r\n{misconf}-EXECABORT Transaction discarded because of previous errors.\r\n")
    );
    // Save points retry only after the retry delay.
    h.now += 1000;
    h.tick();
    assert_eq!(info_field(&mut h, &mut c, "rdb_bgsave_in_progress"), "0");
    // Turning the option off lifts the refusal; on again, it is back.
    assert_eq!(
        h.run(&mut c, "CONFIG SET stop-writes-on-bgsave-error no\nSET a 2\nCONFIG SET stop-writes-on-bgsave-error yes\nSET a 3"),
        format!("+OK\r\n+OK\r\n+OK\r\n{misconf}")
    );
    // A successful save ends it.
    assert_eq!(h.run(&mut c, "BGSAVE"), "+Background saving started\r\n");
    walk_to_end(&mut h);
    h.finish_snapshot(Ok(()));
    assert_eq!(h.run(&mut c, "SET a 4"), "+OK\r\n");
    assert_eq!(info_field(&mut h, &mut c, "rdb_last_bgsave_status"), "ok");
}

#[test]
fn the_save_point_retry_waits_after_a_failure() {
    let mut h = with_save_points(&[(1, 1)]);
    let mut c = h.client();
    h.run(&mut c, "CONFIG SET stop-writes-on-bgsave-error no\nSET a 1");
    h.now = 2000;
    h.tick();
    walk_to_end(&mut h);
    h.finish_snapshot(Err("EIO".into()));
    // Tried at 2000: the next try is after 5 s.
    assert_eq!(h.server.next_timeout(), Some(7001));
    h.now = 7001;
    h.tick();
    assert_eq!(info_field(&mut h, &mut c, "rdb_bgsave_in_progress"), "1");
}

#[test]
fn flushall_abandons_a_background_save_and_saves_the_empty_dataset() {
    let mut h = with_save_points(&[(3600, 1)]);
    let mut c = h.client();
    for i in 0..30_000 {
        h.send_unread(&mut c, format!("SET k{i} v\r\n").as_bytes());
    }
    h.read(&c);
    h.run(&mut c, "BGSAVE");
    h.now += 1;
    h.tick();
    assert!(!h.snapshot.is_empty());
    let abandoned = h.snapshot_complete;
    assert_eq!(abandoned, None);
    assert_eq!(h.run(&mut c, "FLUSHALL"), "+OK\r\n");
    // The new file replaces the unfinished one (the harness starts over
    // on a chunk marked first).
    let file = h.finish_snapshot(Ok(()));
    let mut r = restarted(&file, h.now);
    let mut d = r.client();
    assert_eq!(r.run(&mut d, "DBSIZE"), ":0\r\n");
    // As redis-server 7.0.15: the save after the flush leaves no change
    // to count.
    assert_eq!(
        info_field(&mut h, &mut c, "rdb_changes_since_last_save"),
        "0"
    );
    h.server.audit().unwrap();
}

#[test]
fn a_signal_saves_before_stopping_when_save_points_are_set() {
    let mut h = with_save_points(&[(3600, 1)]);
    let mut c = h.client();
    h.run(&mut c, "SET a 1");
    h.server.shutdown_requested(h.now);
    h.drain_events();
    assert!(!h.shutdown);
    h.finish_snapshot(Err("EIO".into()));
    assert!(!h.shutdown, "a failed save keeps the server up");
    h.server.shutdown_requested(h.now);
    h.drain_events();
    let file = h.finish_snapshot(Ok(()));
    assert!(h.shutdown);
    let mut r = restarted(&file, h.now);
    let mut d = r.client();
    assert_eq!(r.run(&mut d, "GET a"), "$1\r\n1\r\n");
    // Without save points the stop is immediate.
    let mut h = Harness::new();
    h.server.shutdown_requested(0);
    h.drain_events();
    assert!(h.shutdown);
    assert!(h.snapshot_complete.is_none());
}

#[test]
fn shutdown_saves_when_save_points_are_set_and_nosave_skips_it() {
    let mut h = with_save_points(&[(3600, 1)]);
    let mut c = h.client();
    h.run(&mut c, "SET a 1");
    assert_eq!(h.run(&mut c, "SHUTDOWN"), "");
    assert!(!h.shutdown);
    h.finish_snapshot(Ok(()));
    assert!(h.shutdown);
    let mut h = with_save_points(&[(3600, 1)]);
    let mut c = h.client();
    assert_eq!(h.run(&mut c, "SHUTDOWN NOSAVE"), "");
    assert!(h.shutdown);
    assert!(h.snapshot_complete.is_none());
}

#[test]
fn a_file_that_cannot_be_loaded_is_refused_whole() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET a 1\nSET b 2");
    h.run(&mut c, "SAVE");
    let file = h.finish_snapshot(Ok(()));
    let mut server = Server::new(Config::default(), Host::default(), 0);
    for cut in [0, 10, file.len() - 1] {
        assert!(
            server.load_snapshot(&file[..cut], 0).is_err(),
            "cut at {cut}"
        );
        assert_eq!(server.key_count(), 0);
    }
    let mut corrupt = file.clone();
    let last = corrupt.len() - 1;
    corrupt[last] ^= 1;
    let error = server.load_snapshot(&corrupt, 0).unwrap_err();
    assert!(error.contains("checksum"), "{error}");
    assert_eq!(server.load_snapshot(&file, 0), Ok(2));
}

#[test]
fn keys_past_their_deadline_at_load_are_skipped() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET short 1 PX 500\nSET long 1 PX 5000");
    h.run(&mut c, "SAVE");
    let file = h.finish_snapshot(Ok(()));
    let mut r = restarted(&file, 1000);
    let mut d = r.client();
    assert_eq!(r.run(&mut d, "EXISTS short long"), ":1\r\n");
    assert_eq!(
        info_field(&mut r, &mut d, "rdb_last_load_keys_expired"),
        "1"
    );
    assert_eq!(info_field(&mut r, &mut d, "rdb_last_load_keys_loaded"), "1");
}

#[test]
fn a_shutdown_whose_client_left_still_stops_once_saved() {
    let mut h = with_save_points(&[(3600, 1)]);
    let mut c = h.client();
    assert_eq!(h.run(&mut c, "SHUTDOWN"), "");
    h.server.closed(c.id, h.now);
    h.finish_snapshot(Ok(()));
    assert!(h.shutdown);
}

#[test]
fn exec_of_queued_writes_is_refused_after_a_failure_but_not_each_command() {
    let mut h = with_save_points(&[(3600, 1)]);
    let mut c = h.client();
    let mut other = h.client();
    // Queued before the failure.
    assert_eq!(h.run(&mut c, "MULTI\nSET a 1"), "+OK\r\n+QUEUED\r\n");
    assert_eq!(
        h.run(&mut other, "BGSAVE"),
        "+Background saving started\r\n"
    );
    walk_to_end(&mut h);
    h.finish_snapshot(Err("EIO".into()));
    // As Redis 7.0.15 answers a refused EXEC.
    assert_eq!(
        h.run(&mut c, "EXEC"),
        "-EXECABORT Transaction discarded because of: MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.\r\n"
    );
    // A read-only transaction runs.
    assert_eq!(
        h.run(&mut c, "MULTI\nGET a\nEXEC"),
        "+OK\r\n+QUEUED\r\n*1\r\n$-1\r\n"
    );
}

#[test]
fn a_snapshot_is_an_rdb_file_holding_every_type() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(
        &mut c,
        "SET s hello\nSET n 12345\nRPUSH l a b c\nSADD si 1 2 3\nSADD ss x y\n\
         HSET h f v g w\nZADD z 1 a 2.5 b\nXADD st 1-1 f v\nSET ttl x PXAT 1800000000000\n\
         SELECT 5\nSET five 5\nSELECT 0",
    );
    h.run(&mut c, "SAVE");
    let file = h.finish_snapshot(Ok(()));
    assert!(file.starts_with(b"REDIS0010\xfa\x09redis-ver\x067.0.15"));
    // EOF, then the CRC-64 (little endian) of everything before it.
    assert_eq!(file[file.len() - 9], 0xff);
    let mut r = restarted(&file, 1000);
    let mut d = r.client();
    assert_eq!(r.run(&mut d, "DBSIZE"), ":9\r\n");
    for (command, reply) in [
        ("GET s", "$5\r\nhello\r\n"),
        ("OBJECT ENCODING n", "$3\r\nint\r\n"),
        ("LRANGE l 0 -1", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"),
        ("OBJECT ENCODING si", "$6\r\nintset\r\n"),
        ("SCARD ss", ":2\r\n"),
        ("HGET h g", "$1\r\nw\r\n"),
        ("ZSCORE z b", "$3\r\n2.5\r\n"),
        (
            "XRANGE st - +",
            "*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n",
        ),
        ("PEXPIRETIME ttl", ":1800000000000\r\n"),
        ("SELECT 5", "+OK\r\n"),
        ("GET five", "$1\r\n5\r\n"),
    ] {
        assert_eq!(r.run(&mut d, command), reply, "{command}");
    }
}

mod through_commands {
    //! The point-in-time property through the commands: random writes
    //! between the timer's slices of a BGSAVE; the file, loaded into a
    //! fresh server, holds exactly the keys, values and deadlines there
    //! were when BGSAVE ran.

    use super::support::{Client, Harness, UNIX_AT_ZERO};
    use proptest::prelude::*;

    const DBS: u8 = 3;

    fn op() -> impl Strategy<Value = String> {
        let k = 0..8u8;
        prop_oneof![
            (k.clone(), 0..50u8).prop_map(|(k, v)| format!("SET k{k} v{v}")),
            (k.clone(), 1..3000u32).prop_map(|(k, ms)| format!("SET k{k} t PX {ms}")),
            k.clone().prop_map(|k| format!("DEL k{k} l{k}")),
            (k.clone(), 0..9u8).prop_map(|(k, v)| format!("RPUSH l{k} x{v}")),
            k.clone().prop_map(|k| format!("LPOP l{k}")),
            k.clone().prop_map(|k| format!("APPEND k{k} z")),
            (k.clone(), 1..5u8).prop_map(|(k, s)| format!("EXPIRE k{k} {s}")),
            k.clone().prop_map(|k| format!("PERSIST k{k}")),
            (k.clone(), k.clone()).prop_map(|(a, b)| format!("RENAME k{a} k{b}")),
            (k, 0..DBS).prop_map(|(k, db)| format!("MOVE k{k} {db}")),
            (0..DBS, 0..DBS).prop_map(|(a, b)| format!("SWAPDB {a} {b}")),
            (0..DBS).prop_map(|db| format!("SELECT {db}")),
            Just("FLUSHDB".to_string()),
            (1..400u32).prop_map(|ms| format!("ADVANCE {ms}")),
            Just("TICK".to_string()),
        ]
    }

    fn apply(h: &mut Harness, c: &mut Client, op: &str) {
        if let Some(ms) = op.strip_prefix("ADVANCE ") {
            h.advance(ms.parse().unwrap());
        } else if op == "TICK" {
            h.now = h.now.max(h.server.next_timeout().unwrap_or(h.now));
            h.tick();
        } else {
            h.run(c, op);
        }
    }

    /// The bulk strings of a flat RESP array reply.
    fn bulks(reply: &str) -> Vec<String> {
        reply
            .split("\r\n")
            .skip(1)
            .collect::<Vec<_>>()
            .chunks(2)
            .filter_map(|pair| pair.get(1).map(|s| s.to_string()))
            .collect()
    }

    /// Every key of the first databases: (db, key, value reply, absolute
    /// deadline in Unix ms or -1).
    fn dump(h: &mut Harness) -> Vec<(u8, String, String, i64)> {
        let mut c = h.client();
        let mut keys = Vec::new();
        for db in 0..DBS {
            h.run(&mut c, &format!("SELECT {db}"));
            // The bulk keys only make the walk long; they are never written.
            let mut names = bulks(&h.run(&mut c, "KEYS [kl]*"));
            names.sort();
            for key in names {
                let value = match h.run(&mut c, &format!("TYPE {key}")).as_str() {
                    "+string\r\n" => h.run(&mut c, &format!("GET {key}")),
                    _ => h.run(&mut c, &format!("LRANGE {key} 0 -1")),
                };
                let at = h.run(&mut c, &format!("PEXPIRETIME {key}"));
                let at: i64 = at.trim_start_matches(':').trim_end().parse().unwrap();
                keys.push((db, key, value, at));
            }
        }
        h.server.closed(c.id, h.now);
        keys
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn the_file_is_the_dataset_when_bgsave_ran(
            before in proptest::collection::vec(op(), 0..80),
            during in proptest::collection::vec(op(), 0..80),
        ) {
            let mut h = Harness::new();
            let mut c = h.client();
            // Enough keys that db 0's walk takes two slices.
            for i in 0..12_000 {
                h.send_unread(&mut c, format!("SET bulk{i} v\r\n").as_bytes());
            }
            h.read(&c);
            for op in &before {
                apply(&mut h, &mut c, op);
            }
            let expected = dump(&mut h);
            prop_assert_eq!(h.run(&mut c, "BGSAVE"), "+Background saving started\r\n");
            for op in &during {
                apply(&mut h, &mut c, op);
            }
            let file = h.finish_snapshot(Ok(()));
            let mut loaded = Harness::new();
            loaded.now = h.now;
            loaded.server.load_snapshot(&file, h.now).map_err(TestCaseError::fail)?;
            // Keys whose deadline passed since are not loaded.
            let load_unix = (UNIX_AT_ZERO + h.now) as i64;
            let expected: Vec<_> = expected
                .into_iter()
                .filter(|(_, _, _, at)| *at < 0 || *at > load_unix)
                .collect();
            prop_assert_eq!(dump(&mut loaded), expected);
        }
    }
}

/// Function libraries are saved in the file (after its header, as Redis
/// 7.0 writes them) and registered again when it loads, with the keys.
#[test]
fn function_libraries_are_saved_and_loaded() {
    let mut h = Harness::new();
    let mut c = h.client();
    let code = "#!lua name=lib\nredis.register_function('hello', function() return 'hi' end)";
    let load = format!(
        "*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n${}\r\n{code}\r\n",
        code.len()
    );
    assert_eq!(h.send(&mut c, load.as_bytes()), b"$3\r\nlib\r\n");
    h.run(&mut c, "SET a 1");
    assert_eq!(h.run(&mut c, "SAVE"), "");
    let file = h.finish_snapshot(Ok(()));
    assert_eq!(String::from_utf8(h.read(&c)).unwrap(), "+OK\r\n");
    let mut r = restarted(&file, h.now);
    let mut d = r.client();
    assert_eq!(r.run(&mut d, "FCALL hello 0"), "$2\r\nhi\r\n");
    assert_eq!(r.run(&mut d, "GET a"), "$1\r\n1\r\n");
    let listed = r.run(&mut d, "FUNCTION LIST");
    assert!(listed.contains("$3\r\nlib\r\n"), "{listed}");
}

/// SAVE's client waits for the file, so its slices ask for the timer at
/// once (back to back, as a script's do) where BGSAVE's leave a
/// millisecond between two; other clients are still served between
/// slices.
#[test]
fn save_slices_run_back_to_back() {
    let mut h = Harness::new();
    let mut c = h.client();
    let mut other = h.client();
    for i in 0..25_000 {
        h.send_unread(&mut c, format!("SET k{i} v{i}\r\n").as_bytes());
    }
    h.read(&c);
    assert_eq!(h.run(&mut c, "SAVE"), "");
    assert_eq!(h.server.next_timeout(), Some(h.now));
    h.tick();
    assert_eq!(h.server.next_timeout(), Some(h.now));
    assert_eq!(h.run(&mut other, "GET k7"), "$2\r\nv7\r\n");
    walk_to_end(&mut h);
    h.finish_snapshot(Ok(()));
    assert_eq!(String::from_utf8(h.read(&c)).unwrap(), "+OK\r\n");
}
