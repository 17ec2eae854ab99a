//! Regression tests for what the crash simulation found in aof.rs, each
//! on a [`SimDisk`] with one crash or fault at the spot that mattered.

use std::path::Path;

use miniredis_core::{ClientId, Config, Host, Server};

use super::{fsync_handle, io_reason, Aof, AofPaths, BaseInPlace};
use crate::disk::{Disk, DiskFile};
use crate::group_commit::{GroupCommit, Settled, Synced};
use crate::sim_disk::{Fault, FaultKind, SimDisk};

const DIR: &str = "/sim/data";

fn paths() -> AofPaths {
    AofPaths {
        dir: DIR.into(),
        dirname: "appendonlydir".into(),
        filename: "appendonly.aof".into(),
    }
}

fn server(fsync: &str, now: u64) -> Server {
    let mut config = Config {
        appendonly: true,
        ..Config::default()
    };
    config.set_reported_at_start("appendfsync", fsync.into());
    Server::new(config, Host::default(), now)
}

/// A server with its AOF started on `disk`, as at start.
fn start(disk: &SimDisk, fsync: &str) -> (Server, Aof<SimDisk>, ClientId) {
    let mut server = server(fsync, 0);
    let mut aof = Aof::open_on(disk.clone(), paths()).unwrap();
    aof.start(&mut server, 0, "test").unwrap();
    let client = server.connect(0);
    (server, aof, client)
}

/// Runs `command`, then the adapter's step; returns the reply and whether
/// it could go out.
fn run(
    server: &mut Server,
    aof: &mut Aof<SimDisk>,
    client: ClientId,
    command: &str,
) -> (String, bool) {
    let input: String = command.split(' ').fold(
        format!("*{}\r\n", command.split(' ').count()),
        |acc, word| format!("{acc}${}\r\n{word}\r\n", word.len()),
    );
    server.receive(client, input.as_bytes(), 0);
    let done = aof.after_input(server, 0);
    // `always`: the replies wait for the group commit's fsync.
    let durable = done.ok
        && done
            .wait_for
            .is_none_or(|need| group_fsync(server, aof, need));
    let mut out = Vec::new();
    server.take_output(client, &mut out);
    server.written(client, out.len(), 0);
    (String::from_utf8_lossy(&out).into_owned(), durable)
}

/// Group-commit fsyncs, as shared.rs's `fsync_aof`, until one covers
/// `need` or a failed one does: whether the replies waiting on `need`
/// may go out.
fn group_fsync(server: &mut Server, aof: &mut Aof<SimDisk>, need: u64) -> bool {
    loop {
        let (handle, upto) = aof.sync_handle();
        let ok = match fsync_handle(handle) {
            Ok(()) => true,
            Err(reason) => {
                aof.sync_failed(server, reason, 0);
                false
            }
        };
        if need <= upto {
            return ok;
        }
    }
}

fn get(server: &mut Server, aof: &mut Aof<SimDisk>, client: ClientId, key: &str) -> String {
    run(server, aof, client, &format!("GET {key}")).0
}

fn status(server: &mut Server, aof: &mut Aof<SimDisk>, client: ClientId) -> String {
    let info = run(server, aof, client, "INFO persistence").0;
    info.lines()
        .find_map(|l| l.strip_prefix("aof_last_write_status:"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_aof_directory_itself_survives_a_crash() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c) = start(&disk, "always");
    assert_eq!(run(&mut server, &mut aof, c, "SET a 1").0, "+OK\r\n");
    // Only what was fsynced stays: the directory's entry in `dir` too.
    disk.crash(|_| 0);
    let (mut server, mut aof, c) = start(&disk, "always");
    assert_eq!(get(&mut server, &mut aof, c, "a"), "$1\r\n1\r\n");
}

#[test]
fn a_rotation_leaves_the_previous_incr_file_whole_on_disk() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c) = start(&disk, "no");
    run(&mut server, &mut aof, c, "SET a 1");
    // The rewrite rotates: the next file is listed in the manifest.
    run(&mut server, &mut aof, c, "BGREWRITEAOF");
    assert_eq!(aof.manifest().incrs.len(), 2);
    run(&mut server, &mut aof, c, "SET b 2");
    // A crash before the base is done: the first file is in the middle
    // of the manifest and may not be torn (it would not load).
    disk.crash(|_| 0);
    let (mut server, mut aof, c) = start(&disk, "no");
    assert_eq!(get(&mut server, &mut aof, c, "a"), "$1\r\n1\r\n");
}

#[test]
fn a_failed_everysec_fsync_is_retried_until_it_succeeds() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c) = start(&disk, "everysec");
    run(&mut server, &mut aof, c, "SET a 1");
    let file = aof.tick(&mut server, 0).expect("a file to fsync");
    disk.set_fault(Some(Fault {
        kind: FaultKind::NoSpace,
        budget: 0,
    }));
    let error = file.sync_data().unwrap_err();
    aof.sync_failed(&mut server, io_reason(&error), 0);
    assert_eq!(status(&mut server, &mut aof, c), "err");
    assert!(run(&mut server, &mut aof, c, "SET b 2")
        .0
        .starts_with("-MISCONF Errors writing to the AOF file: No space left on device"));
    // The disk recovers: the next tick fsyncs and clears the error.
    disk.set_fault(None);
    if let Some(file) = aof.tick(&mut server, 1000) {
        file.sync_data().unwrap();
    }
    assert_eq!(status(&mut server, &mut aof, c), "ok");
    assert_eq!(run(&mut server, &mut aof, c, "SET b 2").0, "+OK\r\n");
    disk.crash(|_| 0);
    let (mut server, mut aof, c) = start(&disk, "everysec");
    assert_eq!(get(&mut server, &mut aof, c, "a"), "$1\r\n1\r\n");
}

#[test]
fn a_partial_write_that_cannot_be_cut_off_is_completed_not_repeated() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c) = start(&disk, "always");
    run(&mut server, &mut aof, c, "SET a 1");
    // Read-only after 5 more bytes: half a record goes in and stays.
    disk.set_fault(Some(Fault {
        kind: FaultKind::ReadOnly,
        budget: 5,
    }));
    let (_, durable) = run(&mut server, &mut aof, c, "SET b 2");
    assert!(!durable, "always: its reply must not go out");
    disk.set_fault(None);
    assert!(aof.tick(&mut server, 1000).is_none());
    let incr = Path::new(DIR).join("appendonlydir/appendonly.aof.1.incr.aof");
    let text = String::from_utf8(disk.read(&incr).unwrap()).unwrap();
    assert_eq!(
        text.matches("$1\r\nb\r\n$1\r\n2\r\n").count(),
        1,
        "{text:?}"
    );
    // Under `always` the error lasts until the recovery's rewrite (which
    // the tick asked for) is in place.
    assert_eq!(status(&mut server, &mut aof, c), "err");
    assert!(run_rewrite(&mut server, &mut aof, 1000).unwrap().is_ok());
    assert_eq!(status(&mut server, &mut aof, c), "ok");
    disk.crash(|_| 0);
    let (mut server, mut aof, c) = start(&disk, "always");
    assert_eq!(get(&mut server, &mut aof, c, "b"), "$1\r\n2\r\n");
}

/// Runs the rewrite the core began (as BGREWRITEAOF, or asked for by
/// [`Aof::tick`] for a recovery) to its end, as the adapter's threads do:
/// the rotation taken, the base's chunks taken and written, the outcome
/// reported to the core and the adapter's next step run. `None` when no
/// rewrite ran.
pub(super) fn run_rewrite<D: Disk>(
    server: &mut Server,
    aof: &mut Aof<D>,
    now: u64,
) -> Option<Result<BaseInPlace, String>> {
    aof.after_input(server, now);
    let mut now = now;
    loop {
        let mut bytes = Vec::new();
        let chunk = server.take_snapshot_bytes(&mut bytes)?;
        aof.base_taken(&chunk, server);
        let (id, last) = (chunk.id, chunk.last);
        if let Some(outcome) = aof.write_base(chunk, &bytes) {
            if let Ok(base) = &outcome {
                server.aof_base_size(base.size);
            }
            server.snapshot_finished(id, outcome.clone().map(|_| ()), now);
            aof.after_input(server, now);
            return Some(outcome);
        }
        if last {
            return None;
        }
        now += 1;
        server.handle_timeout(now);
        aof.after_input(server, now);
    }
}

/// Takes every chunk the core has now, walking the snapshot to its end.
fn take_all(
    server: &mut Server,
    aof: &mut Aof<SimDisk>,
) -> Vec<(miniredis_core::SnapshotChunk, Vec<u8>)> {
    let mut chunks = Vec::new();
    let mut now = 0;
    loop {
        let mut bytes = Vec::new();
        let Some(chunk) = server.take_snapshot_bytes(&mut bytes) else {
            return chunks;
        };
        aof.base_taken(&chunk, server);
        let last = chunk.last;
        if !bytes.is_empty() || chunk.first || last {
            chunks.push((chunk, bytes));
        }
        if last {
            return chunks;
        }
        now += 1;
        server.handle_timeout(now);
    }
}

fn write_all(
    aof: &mut Aof<SimDisk>,
    chunks: Vec<(miniredis_core::SnapshotChunk, Vec<u8>)>,
) -> Option<Result<u64, String>> {
    chunks
        .into_iter()
        .filter_map(|(chunk, bytes)| aof.write_base(chunk, &bytes))
        .last()
        .map(|outcome| outcome.map(|base| base.size))
}

#[test]
fn a_rewrite_the_core_abandoned_keeps_its_own_rotation() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c) = start(&disk, "always");
    run(&mut server, &mut aof, c, "RPUSH l a");
    run(&mut server, &mut aof, c, "BGREWRITEAOF");
    // The writer took the whole base, and is slow to write it.
    let first = take_all(&mut server, &mut aof);
    run(&mut server, &mut aof, c, "RPUSH l b");
    // FLUSHALL abandons the rewrite and the core starts another one,
    // with a rotation of its own.
    run(&mut server, &mut aof, c, "FLUSHALL");
    run(&mut server, &mut aof, c, "RPUSH l c");
    let second = take_all(&mut server, &mut aof);
    let outcome = write_all(&mut aof, first).expect("the first base is complete");
    assert_eq!(outcome, Ok(aof_base_len(&disk, &aof)));
    run(&mut server, &mut aof, c, "RPUSH l d");
    if let Some(outcome) = write_all(&mut aof, second) {
        assert!(outcome.is_ok(), "{outcome:?}");
    }
    disk.crash(|_| 0);
    let (mut server, mut aof, c) = start(&disk, "always");
    assert_eq!(
        run(&mut server, &mut aof, c, "LRANGE l 0 -1").0,
        "*2\r\n$1\r\nc\r\n$1\r\nd\r\n"
    );
}

fn aof_base_len(disk: &SimDisk, aof: &Aof<SimDisk>) -> u64 {
    let base = aof
        .manifest()
        .base
        .as_ref()
        .map(|b| b.name.clone())
        .unwrap_or_default();
    disk.file_len(&Path::new(DIR).join("appendonlydir").join(base))
        .unwrap_or(0)
}

#[test]
fn a_rewrite_with_the_aof_off_makes_a_base_alone() {
    let disk = SimDisk::new(Path::new(DIR));
    let mut server = Server::new(Config::default(), Host::default(), 0);
    let mut aof = Aof::open_on(disk.clone(), paths()).unwrap();
    aof.start(&mut server, 0, "test").unwrap();
    let c = server.connect(0);
    run(&mut server, &mut aof, c, "SET a 1");
    assert_eq!(
        run(&mut server, &mut aof, c, "BGREWRITEAOF").0,
        "+Background append only file rewriting started\r\n"
    );
    let chunks = take_all(&mut server, &mut aof);
    let outcome = write_all(&mut aof, chunks).expect("the base is complete");
    assert_eq!(outcome, Ok(aof_base_len(&disk, &aof)));
    assert!(aof.manifest().incrs.is_empty());
}

/// Found by the crash simulation: a rewrite's first chunk taken before
/// the adapter handled its rotation was bound as if the log were off;
/// when the rotation's new file then failed to open, the writes went on
/// in the old file, and putting the base in place dropped them.
#[test]
fn a_rewrite_taken_before_its_rotation_waits_for_it() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c) = start(&disk, "always");
    run(&mut server, &mut aof, c, "SET a 1");
    run(&mut server, &mut aof, c, "BGSAVE");
    assert_eq!(
        run(&mut server, &mut aof, c, "BGREWRITEAOF").0,
        "+Background append only file rewriting scheduled\r\n"
    );
    let save = take_all(&mut server, &mut aof);
    let (chunk, _) = save.last().expect("the save's chunks");
    // The save ends and the timer starts the rewrite; the writer takes
    // its first chunk before the adapter's step takes the log (as after
    // a report of a failed write, which may start a rewrite too).
    server.snapshot_finished(chunk.id, Ok(()), 0);
    server.handle_timeout(1);
    let base = take_all(&mut server, &mut aof);
    assert!(!base.is_empty(), "the rewrite began");
    disk.set_fault(Some(Fault {
        kind: FaultKind::NoSpace,
        budget: 0,
    }));
    aof.after_input(&mut server, 0);
    disk.set_fault(None);
    assert!(aof.tick(&mut server, 1000).is_none());
    let (reply, durable) = run(&mut server, &mut aof, c, "SET b 2");
    assert_eq!((reply.as_str(), durable), ("+OK\r\n", true));
    let outcome = write_all(&mut aof, base).expect("the base is complete");
    assert!(outcome.is_err(), "{outcome:?}");
    disk.crash(|_| 0);
    let (mut server, mut aof, c) = start(&disk, "always");
    assert_eq!(get(&mut server, &mut aof, c, "a"), "$1\r\n1\r\n");
    assert_eq!(get(&mut server, &mut aof, c, "b"), "$1\r\n2\r\n");
}

/// `always` as a group commit: an input is appended, not fsynced, and
/// its reply waits for the group fsync; one fsync covers every input
/// appended before it; one that fails keeps the reply back, leaves the
/// AOF failing until the tick's retry, and a crash then loses the write
/// (never acknowledged).
#[test]
fn the_group_commit_fsyncs_what_replies_wait_for() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c) = start(&disk, "always");
    let other = server.connect(0);
    let input = |key: &str| format!("*3\r\n$3\r\nSET\r\n$1\r\n{key}\r\n$1\r\n1\r\n");
    server.receive(c, input("a").as_bytes(), 0);
    let first = aof.after_input(&mut server, 0);
    server.receive(other, input("b").as_bytes(), 0);
    let second = aof.after_input(&mut server, 0);
    let (Some(a), Some(b)) = (first.wait_for, second.wait_for) else {
        panic!("both inputs wait: {first:?} {second:?}");
    };
    assert!(first.ok && second.ok && a < b);
    // One fsync covers both.
    let (handle, upto) = aof.sync_handle();
    assert_eq!(upto, b);
    assert_eq!(fsync_handle(handle), Ok(()));
    assert!(matches!(aof.sync_handle(), (Ok(None), _)));
    server.receive(c, input("c").as_bytes(), 0);
    let need = aof.after_input(&mut server, 0).wait_for.expect("c waits");
    disk.set_fault(Some(Fault {
        kind: FaultKind::NoSpace,
        budget: 0,
    }));
    assert!(!group_fsync(&mut server, &mut aof, need));
    assert_eq!(status(&mut server, &mut aof, c), "err");
    disk.crash(|_| 0);
    let (mut server, mut aof, c) = start(&disk, "always");
    assert_eq!(get(&mut server, &mut aof, c, "a"), "$1\r\n1\r\n");
    assert_eq!(get(&mut server, &mut aof, c, "b"), "$1\r\n1\r\n");
    assert_eq!(get(&mut server, &mut aof, c, "c"), "$-1\r\n");
}

/// A rotation whose fsync of the file left behind fails: the group
/// commit's next fsync fails for the bytes written before, even if a
/// retry would succeed (Linux reports lost write-back once); the error
/// lasts until a rewrite begun after the failure is in place (the one
/// whose rotation failed cannot be), and later bytes are made durable by
/// the fsync after.
#[test]
fn a_failed_fsync_at_a_rotation_fails_the_next_group_fsync() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c) = start(&disk, "always");
    server.receive(c, b"*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n", 0);
    let need = aof.after_input(&mut server, 0).wait_for.expect("a waits");
    disk.set_fault(Some(Fault {
        kind: FaultKind::NoSpace,
        budget: 0,
    }));
    server.receive(c, b"*1\r\n$12\r\nBGREWRITEAOF\r\n", 0);
    aof.after_input(&mut server, 0);
    disk.set_fault(None);
    assert!(
        !group_fsync(&mut server, &mut aof, need),
        "the loss is reported"
    );
    assert_eq!(status(&mut server, &mut aof, c), "err");
    // The tick's retry does not clear the error; it asks for a rewrite,
    // scheduled behind the one whose rotation failed (which cannot be put
    // in place).
    assert!(aof.tick(&mut server, 1000).is_none());
    assert_eq!(status(&mut server, &mut aof, c), "err");
    assert!(run_rewrite(&mut server, &mut aof, 1000)
        .unwrap()
        .unwrap_err()
        .contains("Can't open a new AOF incr file"));
    assert_eq!(status(&mut server, &mut aof, c), "err");
    server.handle_timeout(1100);
    let base = run_rewrite(&mut server, &mut aof, 1100).unwrap().unwrap();
    assert!(base.durable_upto >= need);
    assert_eq!(status(&mut server, &mut aof, c), "ok");
    server.receive(c, b"*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n1\r\n", 0);
    let later = aof.after_input(&mut server, 0).wait_for.expect("b waits");
    assert!(later > need);
    assert!(group_fsync(&mut server, &mut aof, later));
}

/// `always` on a disk whose write-back fails (writes land, fsyncs fail,
/// and the failed fsync's bytes are lost for good, as Linux may lose
/// them): `SET a` is durable, `SET b`'s group fsync fails. Returns the
/// server, its AOF, a client, the group commit and `SET b`'s position.
fn lose_b(disk: &SimDisk) -> (Server, Aof<SimDisk>, ClientId, GroupCommit, u64) {
    disk.lose_failed_writeback(true);
    let (mut server, mut aof, c) = start(disk, "always");
    let commit = GroupCommit::default();
    assert_eq!(
        run(&mut server, &mut aof, c, "SET a 1"),
        ("+OK\r\n".into(), true)
    );
    disk.set_fault(Some(Fault {
        kind: FaultKind::WriteBack,
        budget: 0,
    }));
    server.receive(c, b"*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n", 0);
    let done = aof.after_input(&mut server, 0);
    assert!(done.ok, "the write itself lands");
    let need = done.wait_for.expect("b waits for its fsync");
    commit.appended(need);
    let (handle, upto) = aof.sync_handle();
    let reason = fsync_handle(handle).unwrap_err();
    assert_eq!(reason, "Input/output error");
    aof.sync_failed(&mut server, reason, 0);
    commit.finished(Synced { upto, ok: false });
    let mut out = Vec::new();
    server.take_output(c, &mut out);
    assert_eq!(commit.settled(need), Settled::Failed);
    disk.set_fault(None);
    (server, aof, c, commit, need)
}

#[test]
fn a_failed_group_fsync_is_recovered_by_a_rewrite_not_by_a_retry() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c, commit, need) = lose_b(&disk);
    // The tick's retry succeeds and proves nothing: the error stays (and
    // writes are refused), the reply still waits, a rewrite is asked for.
    assert!(aof.tick(&mut server, 1000).is_none());
    assert!(aof.recovery_due());
    assert_eq!(status(&mut server, &mut aof, c), "err");
    assert!(run(&mut server, &mut aof, c, "SET c 3")
        .0
        .starts_with("-MISCONF Errors writing to the AOF file: Input/output error"));
    assert!(server.aof_rewrite_in_progress());
    // Even a group fsync of later bytes releases nothing.
    commit.finished(Synced {
        upto: need + 10,
        ok: true,
    });
    assert_eq!(commit.settled(need), Settled::Failed);
    // The rewrite is put in place: `b` is durable through the new base.
    let base = run_rewrite(&mut server, &mut aof, 1000).unwrap().unwrap();
    assert!(base.durable_upto >= need);
    commit.recovered(base.durable_upto);
    assert_eq!(commit.settled(need), Settled::Durable);
    assert!(!aof.recovery_due());
    assert_eq!(status(&mut server, &mut aof, c), "ok");
    assert_eq!(
        run(&mut server, &mut aof, c, "SET c 3"),
        ("+OK\r\n".into(), true)
    );
    disk.crash(|_| 0);
    let (mut server, mut aof, c) = start(&disk, "always");
    assert_eq!(
        run(&mut server, &mut aof, c, "MGET a b c").0,
        "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"
    );
}

#[test]
fn a_crash_before_the_recovery_loses_only_the_unacknowledged_write() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, _, _, _) = lose_b(&disk);
    // The retry "succeeds"; the disk still holds only `a`.
    assert!(aof.tick(&mut server, 1000).is_none());
    disk.crash(|n| n);
    let (mut server, mut aof, c) = start(&disk, "always");
    assert_eq!(
        run(&mut server, &mut aof, c, "MGET a b").0,
        "*2\r\n$1\r\n1\r\n$-1\r\n"
    );
}

/// The process dies at every step of the recovery's rewrite in turn:
/// `a` (acknowledged) always survives, `b` (whose reply never went out)
/// may or may not, and the restarted server takes writes.
#[test]
fn a_crash_at_any_step_of_the_recovery_keeps_what_was_acknowledged() {
    let mut survived = 0;
    for ops in 0..24 {
        let disk = SimDisk::new(Path::new(DIR));
        let (mut server, mut aof, _, _, _) = lose_b(&disk);
        disk.crash_after(Some(ops));
        assert!(aof.tick(&mut server, 1000).is_none());
        let outcome = run_rewrite(&mut server, &mut aof, 1000);
        let died = disk.is_dead();
        disk.crash(|n| n / 2);
        let (mut server, mut aof, c) = start(&disk, "always");
        let found = run(&mut server, &mut aof, c, "MGET a b").0;
        assert!(
            found == "*2\r\n$1\r\n1\r\n$-1\r\n" || found == "*2\r\n$1\r\n1\r\n$1\r\n2\r\n",
            "crash after {ops} operations ({outcome:?}): {found:?}"
        );
        if !died {
            // The rewrite was in place before the crash: `b` is in its base.
            assert_eq!(found, "*2\r\n$1\r\n1\r\n$1\r\n2\r\n", "after {ops}");
            assert!(outcome.is_some_and(|o| o.is_ok()));
            survived += 1;
        }
        assert_eq!(status(&mut server, &mut aof, c), "ok");
        assert_eq!(
            run(&mut server, &mut aof, c, "SET c 3"),
            ("+OK\r\n".into(), true)
        );
    }
    // Both kinds were seen: deaths at each step, and the whole recovery.
    assert!((1..20).contains(&survived), "{survived}");
}

/// Turning the AOF off during a recovery: nothing is promised of its
/// bytes any more, so the held replies go out (no rewrite will come for
/// them) and writes are accepted.
#[test]
fn turning_the_aof_off_releases_what_waited_for_a_recovery() {
    let disk = SimDisk::new(Path::new(DIR));
    let (mut server, mut aof, c, commit, need) = lose_b(&disk);
    server.receive(
        c,
        b"*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$10\r\nappendonly\r\n$2\r\nno\r\n",
        0,
    );
    let done = aof.after_input(&mut server, 0);
    let mut out = Vec::new();
    server.take_output(c, &mut out);
    assert_eq!(out, b"+OK\r\n");
    let released = done.released_upto.expect("released");
    assert!(released >= need);
    commit.recovered(released);
    assert_eq!(commit.settled(need), Settled::Durable);
    assert!(!aof.recovery_due());
    assert_eq!(run(&mut server, &mut aof, c, "SET c 3").0, "+OK\r\n");
    assert!(aof.tick(&mut server, 1000).is_none());
    assert!(!server.aof_rewrite_in_progress());
}
