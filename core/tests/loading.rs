//! Loading a snapshot in slices while clients are connected: `-LOADING`
//! for commands without Redis's `loading` flag, INFO persistence's
//! `loading:1` and progress fields, all or nothing on a bad file, and no
//! save of the partial dataset on a stop.

mod support;

use miniredis_core::{Config, Loaded, Server, LOAD_KEYS_PER_STEP};
use support::{Harness, UNIX_AT_ZERO};

const LOADING: &str = "-LOADING Redis is loading the dataset in memory\r\n";

/// A snapshot of `keys` string keys (k0 = v0, ...), a list, a key with a
/// deadline and a key in database 3.
fn snapshot_of(keys: usize) -> Vec<u8> {
    let mut h = Harness::new();
    let mut c = h.client();
    for i in 0..keys {
        h.send_unread(&mut c, format!("SET k{i} v{i}\r\n").as_bytes());
    }
    h.read(&c);
    h.run(
        &mut c,
        "RPUSH list a b c\nSET ttl x PX 100000\nSELECT 3\nSET other 1\nSELECT 0\nSAVE",
    );
    h.finish_snapshot(Ok(()))
}

fn info_lines(h: &mut Harness, c: &mut support::Client) -> Vec<String> {
    h.run(c, "INFO persistence")
        .lines()
        .filter(|line| line.starts_with("loading"))
        .map(str::to_string)
        .collect()
}

#[test]
fn clients_get_loading_until_the_last_slice() {
    let keys = 2 * LOAD_KEYS_PER_STEP + 5;
    let file = snapshot_of(keys);
    let mut h = Harness::new();
    h.now = 5_000;
    let mut c = h.client();
    h.server.begin_dataset_load(file.clone(), h.now).unwrap();
    assert!(h.server.loading());
    assert_eq!(h.run(&mut c, "GET k1"), LOADING);
    assert_eq!(h.run(&mut c, "PING"), LOADING);
    assert_eq!(h.run(&mut c, "SET a b"), LOADING);
    // Commands flagged `loading` run.
    assert_eq!(h.run(&mut c, "SELECT 3"), "+OK\r\n");
    assert_eq!(
        h.run(&mut c, "CONFIG GET maxclients"),
        "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"
    );
    // Inside MULTI the refusal aborts the transaction.
    assert_eq!(
        h.run(&mut c, "MULTI\nGET k1\nEXEC"),
        format!("+OK\r\n{LOADING}-EXECABORT Transaction discarded because of previous errors.\r\n")
    );
    let start = (UNIX_AT_ZERO + 5_000) / 1000;
    let total = file.len();
    assert_eq!(
        info_lines(&mut h, &mut c),
        [
            "loading:1".to_string(),
            format!("loading_start_time:{start}"),
            format!("loading_total_bytes:{total}"),
            "loading_rdb_used_mem:0".into(),
            "loading_loaded_bytes:0".into(),
            "loading_loaded_perc:0.00".into(),
            "loading_eta_seconds:1".into(),
        ]
    );
    // One slice: bounded, progress reported.
    assert_eq!(h.server.load_step(h.now), None);
    assert_eq!(h.server.key_count(), LOAD_KEYS_PER_STEP);
    h.now += 2_000;
    let lines = info_lines(&mut h, &mut c);
    let loaded: u64 = lines[4]
        .strip_prefix("loading_loaded_bytes:")
        .unwrap()
        .parse()
        .unwrap();
    assert!(loaded > 0 && loaded < total as u64, "{lines:?}");
    assert_ne!(lines[3], "loading_rdb_used_mem:0");
    let perc = loaded as f64 / (total as f64 + 1.0) * 100.0;
    assert_eq!(lines[5], format!("loading_loaded_perc:{perc:.2}"));
    let eta = 2 * (total as u64 - loaded) / (loaded + 1);
    assert_eq!(lines[6], format!("loading_eta_seconds:{eta}"));
    assert_eq!(h.run(&mut c, "GET k1"), LOADING);
    // The rest.
    let mut steps = 1;
    let loaded = loop {
        steps += 1;
        if let Some(done) = h.server.load_step(h.now) {
            break done;
        }
    };
    assert_eq!(steps, 3);
    assert_eq!(
        loaded,
        Ok(Loaded::Snapshot {
            keys: keys as u64 + 3
        })
    );
    assert!(!h.server.loading());
    assert_eq!(info_lines(&mut h, &mut c), ["loading:0"]);
    assert_eq!(h.run(&mut c, "GET other"), "$1\r\n1\r\n");
    assert_eq!(
        h.run(
            &mut c,
            "SELECT 0\nGET k1\nLRANGE list 0 -1\nPTTL ttl\nDBSIZE"
        ),
        format!(
            "+OK\r\n$2\r\nv1\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n:93000\r\n:{}\r\n",
            keys + 2
        )
    );
    // The deadline is absolute: 7 s of the 100 have passed since the save.
    // The load counts as the last load.
    let rdb = h.run(&mut c, "INFO persistence");
    assert!(rdb.contains(&format!("rdb_last_load_keys_loaded:{}\r\n", keys + 3)));
}

#[test]
fn a_bad_file_fails_at_its_slice_and_leaves_nothing() {
    let mut file = snapshot_of(LOAD_KEYS_PER_STEP + 10);
    let last = file.len() - 1;
    file[last] ^= 0xff;
    let mut server = Server::new(Config::default(), Default::default(), 0);
    server.begin_dataset_load(file, 0).unwrap();
    assert_eq!(server.load_step(0), None);
    let error = server.load_step(0).unwrap().unwrap_err();
    assert!(error.starts_with("Wrong RDB checksum"), "{error}");
    assert_eq!(server.key_count(), 0);
    assert!(!server.loading());
    // Not an RDB file at all: refused at once.
    assert_eq!(
        server.begin_dataset_load(b"hello".to_vec(), 0),
        Err("Wrong signature trying to load DB from file".into())
    );
    assert!(!server.loading());
}

#[test]
fn a_stop_while_loading_never_saves_the_partial_dataset() {
    let file = snapshot_of(LOAD_KEYS_PER_STEP + 10);
    let mut h = Harness::with_config(Config {
        save_points: vec![(3600, 1)],
        ..Config::default()
    });
    let mut c = h.client();
    h.server.begin_dataset_load(file, 0).unwrap();
    assert_eq!(h.server.load_step(0), None);
    assert_eq!(h.run(&mut c, "SHUTDOWN"), "");
    assert!(h.shutdown);
    assert!(h.snapshot.is_empty() && h.snapshot_complete.is_none());
}

#[test]
fn a_signal_while_loading_stops_without_saving() {
    let file = snapshot_of(10);
    let mut h = Harness::with_config(Config {
        save_points: vec![(3600, 1)],
        ..Config::default()
    });
    h.server.begin_dataset_load(file, 0).unwrap();
    h.server.shutdown_requested(0);
    h.drain_events();
    assert!(h.shutdown);
    assert!(h.snapshot.is_empty());
}

#[test]
fn an_aof_turned_on_while_loading_is_rewritten_once_the_load_ends() {
    let file = snapshot_of(LOAD_KEYS_PER_STEP + 10);
    let mut h = Harness::new();
    let mut c = h.client();
    h.server.begin_dataset_load(file, 0).unwrap();
    assert_eq!(h.server.load_step(0), None);
    assert_eq!(h.run(&mut c, "CONFIG SET appendonly yes"), "+OK\r\n");
    h.now += 1;
    h.tick();
    assert!(h.snapshot.is_empty(), "no base of a partial dataset");
    assert_eq!(
        h.server.load_step(h.now),
        Some(Ok(Loaded::Snapshot {
            keys: LOAD_KEYS_PER_STEP as u64 + 13
        }))
    );
    h.now += 1;
    h.tick();
    let base = h.finish_snapshot(Ok(()));
    let mut restarted = Server::new(Config::default(), Default::default(), 0);
    restarted.load_rdb_preamble(&base, 0).unwrap();
    assert_eq!(restarted.key_count(), LOAD_KEYS_PER_STEP + 13);
}
