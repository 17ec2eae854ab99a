//! Loading an AOF in slices while clients are connected (engine/
//! aof_loading.rs): `-LOADING` for commands without Redis's `loading`
//! flag, INFO persistence's `loading:1` and progress over all the files,
//! the same dataset as a whole load whatever the clock does between two
//! slices (time stands still for the records), a torn last record cut
//! off or refused, and a bad record ending the load with nothing loaded.

mod support;

use miniredis_core::{
    AofFile, AofLoaded, Config, Loaded, Server, AOF_LOAD_BYTES_PER_STEP, LOAD_KEYS_PER_STEP,
};
use support::{Client, Harness, UNIX_AT_ZERO};

const LOADING: &str = "-LOADING Redis is loading the dataset in memory\r\n";

/// AOF records (RESP arrays of bulk strings) for the commands.
fn records<S: AsRef<str>>(commands: &[Vec<S>]) -> Vec<u8> {
    let mut out = Vec::new();
    for args in commands {
        out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
        for arg in args {
            let arg = arg.as_ref();
            out.extend_from_slice(format!("${}\r\n{arg}\r\n", arg.len()).as_bytes());
        }
    }
    out
}

/// Records from lines of space-separated words.
fn lines(text: &str) -> Vec<u8> {
    let commands: Vec<Vec<&str>> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(' ').collect())
        .collect();
    records(&commands)
}

fn file(name: &str, bytes: Vec<u8>, base: bool) -> AofFile {
    AofFile {
        name: name.into(),
        bytes,
        base,
    }
}

fn info_lines(h: &mut Harness, c: &mut Client) -> Vec<String> {
    h.run(c, "INFO persistence")
        .lines()
        .filter(|line| line.starts_with("loading") || line.starts_with("async_loading"))
        .map(str::to_string)
        .collect()
}

fn loaded_bytes(h: &mut Harness, c: &mut Client) -> u64 {
    info_lines(h, c)
        .iter()
        .find_map(|l| l.strip_prefix("loading_loaded_bytes:"))
        .expect("loading_loaded_bytes")
        .parse()
        .unwrap()
}

/// Runs the load to its end, `between` running after every slice but the
/// last. Returns how it ended and the number of slices.
fn finish(
    h: &mut Harness,
    mut between: impl FnMut(&mut Harness),
) -> (Result<Loaded, String>, usize) {
    let mut slices = 0;
    loop {
        slices += 1;
        assert!(slices < 10_000, "the load never ends");
        if let Some(done) = h.server.load_step(h.now) {
            return (done, slices);
        }
        between(h);
    }
}

/// Every database's keys, in order, then each one's DUMP payload and
/// deadline (PEXPIRETIME), asked in one input per database (the harness
/// audits the core after each input).
fn dataset(h: &mut Harness, c: &mut Client) -> Vec<String> {
    let mut all = Vec::new();
    for db in 0..16 {
        h.run(c, &format!("SELECT {db}"));
        let keys = h.run(c, "KEYS *");
        let mut names: Vec<&str> = keys
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.starts_with('$') && !l.is_empty())
            .collect();
        names.sort_unstable();
        let asks: String = names
            .iter()
            .map(|key| format!("DUMP {key}\nPEXPIRETIME {key}\n"))
            .collect();
        let replies = if asks.is_empty() {
            String::new()
        } else {
            h.run(c, &asks)
        };
        all.push(format!("{db} {names:?} {replies:?}"));
    }
    h.run(c, "SELECT 0");
    all
}

fn at(offset: i64) -> String {
    (UNIX_AT_ZERO as i64 + offset).to_string()
}

#[test]
fn clients_get_loading_until_the_last_slice_of_the_aof() {
    let keys = 2 * LOAD_KEYS_PER_STEP + 5;
    let base = lines("SELECT 0\nSET base 1");
    let commands: Vec<Vec<String>> = (0..keys)
        .map(|i| vec!["SET".into(), format!("k{i}"), format!("v{i}")])
        .collect();
    let incr = records(&commands);
    let total = base.len() + incr.len();
    let mut h = Harness::new();
    h.now = 5_000;
    let mut c = h.client();
    h.server
        .begin_aof_load(
            vec![
                file("b.base.aof", base.clone(), true),
                file("i.incr.aof", incr, false),
            ],
            h.now,
        )
        .unwrap();
    assert!(h.server.loading());
    assert_eq!(h.run(&mut c, "GET k1"), LOADING);
    assert_eq!(h.run(&mut c, "PING"), LOADING);
    assert_eq!(h.run(&mut c, "SET a b"), LOADING);
    assert_eq!(h.run(&mut c, "FLUSHALL"), LOADING);
    assert_eq!(h.run(&mut c, "SELECT 3"), "+OK\r\n");
    assert_eq!(
        h.run(&mut c, "MULTI\nGET k1\nEXEC"),
        format!("+OK\r\n{LOADING}-EXECABORT Transaction discarded because of previous errors.\r\n")
    );
    let start = (UNIX_AT_ZERO + 5_000) / 1000;
    assert_eq!(
        info_lines(&mut h, &mut c),
        [
            "loading:1".to_string(),
            "async_loading:0".into(),
            format!("loading_start_time:{start}"),
            format!("loading_total_bytes:{total}"),
            "loading_rdb_used_mem:0".into(),
            "loading_loaded_bytes:0".into(),
            "loading_loaded_perc:0.00".into(),
            "loading_eta_seconds:1".into(),
        ]
    );
    // The first slice runs the base's two records; the next ones at most
    // LOAD_KEYS_PER_STEP records each, the progress counting both files.
    assert_eq!(h.server.load_step(h.now), None);
    assert_eq!(loaded_bytes(&mut h, &mut c), base.len() as u64);
    assert_eq!(h.server.key_count(), 1);
    assert_eq!(h.server.load_step(h.now), None);
    assert_eq!(h.server.key_count(), 1 + LOAD_KEYS_PER_STEP);
    h.now += 2_000;
    let loaded = loaded_bytes(&mut h, &mut c);
    assert!(loaded > base.len() as u64 && loaded < total as u64);
    let perc = loaded as f64 / (total as f64 + 1.0) * 100.0;
    let eta = 2 * (total as u64 - loaded) / (loaded + 1);
    let lines = info_lines(&mut h, &mut c);
    assert_eq!(lines[6], format!("loading_loaded_perc:{perc:.2}"));
    assert_eq!(lines[7], format!("loading_eta_seconds:{eta}"));
    assert_eq!(h.run(&mut c, "GET k1"), LOADING);
    let (ended, slices) = finish(&mut h, |_| {});
    // A slice of LOAD_KEYS_PER_STEP records, one with the last five (the
    // file's end), one to settle the deadlines.
    assert_eq!(slices, 3);
    assert_eq!(
        ended,
        Ok(Loaded::Aof(AofLoaded {
            truncated: None,
            commands: 2 + keys as u64,
        }))
    );
    assert!(!h.server.loading());
    assert_eq!(info_lines(&mut h, &mut c), ["loading:0", "async_loading:0"]);
    assert_eq!(
        h.run(&mut c, "SELECT 0\nGET k1\nGET base\nDBSIZE"),
        format!("+OK\r\n$2\r\nv1\r\n$1\r\n1\r\n:{}\r\n", keys + 1)
    );
}

/// A log whose records depend on time standing still: deadlines long
/// past that a later record removes (PERSIST), deadlines that pass while
/// the load runs, a transaction, databases chosen by SELECT across
/// slices, and more keys with deadlines than one slice settles.
fn timely_log() -> Vec<u8> {
    let mut log = lines(&format!(
        "SELECT 0
        SET plain 1
        SET past v PXAT {}
        PERSIST past
        SET gone v PXAT {}
        SET later v PXAT {}
        SET counter 5 PXAT {}
        INCR counter
        MULTI
        SET m1 a
        RPUSH mlist x y
        PEXPIREAT m1 {}
        EXEC
        SELECT 5
        HSET h f v",
        at(-1_000_000),
        at(-5_000),
        at(10_000_000),
        at(30_000_000),
        at(50_000_000),
    ));
    // Still in database 5, across several slices: keys with deadlines
    // past already (f1) or passing while the load runs (f1001, at 10 s:
    // the clock moves 7 s a slice), and keys whose deadline stays ahead.
    let filler: Vec<Vec<String>> = (0..(5 * LOAD_KEYS_PER_STEP / 2) as i64)
        .map(|i| {
            let deadline = if i % 2 == 0 {
                at(1_000_000_000 + i)
            } else {
                at(i * 10)
            };
            vec![
                "SET".into(),
                format!("f{i}"),
                "x".into(),
                "PXAT".into(),
                deadline,
            ]
        })
        .collect();
    log.extend(records(&filler));
    log.extend(lines(
        "PERSIST f1
        PERSIST f1001
        SET after-filler 1
        SELECT 0
        DEL plain",
    ));
    log
}

#[test]
fn a_sliced_load_makes_the_dataset_a_whole_load_makes() {
    let log = timely_log();
    let config = || {
        let mut config = Config::default();
        config.set_reported_at_start("enable-debug-command", "yes".into());
        config
    };
    let mut whole = Harness::with_config(config());
    whole.now = 1_000;
    let mut w = whole.client();
    whole.server.load_log(&log).unwrap();

    let mut sliced = Harness::with_config(config());
    sliced.now = 1_000;
    let mut s = sliced.client();
    sliced
        .server
        .begin_aof_load(vec![file("i.incr.aof", log, false)], sliced.now)
        .unwrap();
    let (ended, slices) = finish(&mut sliced, |h| {
        // Clients call in and move the clock between two slices, the
        // timer runs (it must expire nothing), and they see the real time.
        h.now += 7_000;
        h.tick();
        let time = h.run(&mut s, "TIME");
        let secs = (UNIX_AT_ZERO + h.now) / 1000;
        assert!(
            time.starts_with(&format!("*2\r\n${}\r\n{secs}\r\n", secs.to_string().len())),
            "{time}"
        );
        assert_eq!(h.run(&mut s, "GET plain"), LOADING);
    });
    assert!(slices > 4, "{slices} slices");
    assert!(
        matches!(
            ended,
            Ok(Loaded::Aof(AofLoaded {
                truncated: None,
                ..
            }))
        ),
        "{ended:?}"
    );
    whole.now = sliced.now;
    whole.tick();
    sliced.tick();
    let expected = dataset(&mut whole, &mut w);
    assert_eq!(dataset(&mut sliced, &mut s), expected);
    // What the log says, spot-checked.
    assert_eq!(
        sliced.run(&mut s, "PEXPIRETIME past\nEXISTS gone plain"),
        ":-1\r\n:0\r\n"
    );
    assert_eq!(
        sliced.run(
            &mut s,
            "SELECT 5\nPEXPIRETIME f1\nPEXPIRETIME f1001\nEXISTS f3 after-filler\nSELECT 0"
        ),
        "+OK\r\n:-1\r\n:-1\r\n:1\r\n+OK\r\n"
    );
    assert_eq!(
        sliced.run(
            &mut s,
            "GET counter\nPEXPIRETIME later\nLRANGE mlist 0 -1\nPEXPIRETIME m1"
        ),
        format!(
            "$1\r\n6\r\n:{}\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n:{}\r\n",
            at(10_000_000),
            at(50_000_000)
        )
    );
    assert_eq!(
        sliced.run(
            &mut s,
            "SELECT 5\nPEXPIRETIME f0\nPEXPIRETIME f24000\nSELECT 0"
        ),
        format!(
            "+OK\r\n:{}\r\n:{}\r\n+OK\r\n",
            at(1_000_000_000),
            at(1_000_024_000)
        )
    );
    assert_eq!(
        sliced.run(&mut s, "DEBUG DIGEST"),
        whole.run(&mut w, "DEBUG DIGEST")
    );
}

#[test]
fn an_rdb_base_loads_in_slices_and_its_past_deadlines_wait_for_the_records() {
    // The base: an RDB file with more keys than one slice stores, and a
    // key whose deadline passes before the load.
    let mut maker = Harness::new();
    let mut m = maker.client();
    for i in 0..LOAD_KEYS_PER_STEP + 10 {
        maker.send_unread(&mut m, format!("SET k{i} v{i}\r\n").as_bytes());
    }
    maker.read(&m);
    maker.run(&mut m, "SET old v PX 1000\nSAVE");
    let base = maker.finish_snapshot(Ok(()));
    let incr = lines("PERSIST old\nSET new 1");
    let mut h = Harness::new();
    h.now = 5_000;
    let mut c = h.client();
    h.server
        .begin_aof_load(
            vec![
                file("b.base.rdb", base, true),
                file("i.incr.aof", incr, false),
            ],
            h.now,
        )
        .unwrap();
    assert_eq!(h.server.load_step(h.now), None);
    assert_eq!(h.server.key_count(), LOAD_KEYS_PER_STEP);
    let info = info_lines(&mut h, &mut c);
    assert!(info.contains(&"loading:1".to_string()));
    assert!(
        !info.contains(&"loading_rdb_used_mem:0".to_string()),
        "{info:?}"
    );
    let (ended, _) = finish(&mut h, |h| h.now += 1_000);
    assert_eq!(
        ended,
        Ok(Loaded::Aof(AofLoaded {
            truncated: None,
            commands: 2
        }))
    );
    assert_eq!(
        h.run(&mut c, "GET old\nTTL old\nGET new\nDBSIZE"),
        format!(
            "$1\r\nv\r\n:-1\r\n$1\r\n1\r\n:{}\r\n",
            LOAD_KEYS_PER_STEP + 12
        )
    );
}

/// Loads `files` to the end with a client's GET between two slices.
fn load(config: Config, files: Vec<AofFile>) -> (Harness, Client, Result<Loaded, String>) {
    let mut h = Harness::with_config(config);
    let mut c = h.client();
    h.server.begin_aof_load(files, h.now).unwrap();
    let (ended, _) = finish(&mut h, |h| {
        let mut other = h.client();
        assert_eq!(h.run(&mut other, "GET a"), LOADING);
    });
    assert!(!h.server.loading());
    assert_eq!(info_lines(&mut h, &mut c)[0], "loading:0");
    (h, c, ended)
}

fn truncating(on: bool) -> Config {
    let mut config = Config::default();
    config.set_reported_at_start("aof-load-truncated", if on { "yes" } else { "no" }.into());
    config
}

#[test]
fn a_torn_last_record_is_cut_off_or_refused() {
    let whole = lines("SET a 1\nSET b 2");
    let second = lines("SET c 3");
    let cut = lines("SET d 4");
    let mut torn = second.clone();
    torn.extend_from_slice(&cut[..cut.len() - 3]);
    let files = |last: Vec<u8>| {
        vec![
            file("one.incr.aof", whole.clone(), false),
            file("two.incr.aof", last, false),
        ]
    };
    // Loaded with `aof-load-truncated yes`: cut where `second` ends, with
    // its three records run; `query` then answers `want`.
    let cut_after_second = |last: Vec<u8>, query: &str, want: &str| {
        let (mut h, mut c, ended) = load(truncating(true), files(last));
        assert_eq!(
            ended,
            Ok(Loaded::Aof(AofLoaded {
                truncated: Some((1, second.len() as u64)),
                commands: 3
            }))
        );
        assert_eq!(h.run(&mut c, query), want);
    };
    cut_after_second(
        torn.clone(),
        "MGET a b c d",
        "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$-1\r\n",
    );

    // A transaction without its EXEC is torn at its MULTI.
    let mut open = second.clone();
    open.extend(lines("MULTI\nSET d 4\nSET e 5"));
    cut_after_second(open, "MGET c d e", "*3\r\n$1\r\n3\r\n$-1\r\n$-1\r\n");

    // `aof-load-truncated no`: refused, nothing stays.
    let (mut h, mut c, ended) = load(truncating(false), files(torn.clone()));
    assert_eq!(
        ended,
        Err("Unexpected end of file reading the append only file two.incr.aof. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.".into())
    );
    assert_eq!(h.run(&mut c, "DBSIZE"), ":0\r\n");

    // Torn before the last file, or in the base: refused whatever the
    // setting says.
    let (_, _, ended) = load(
        truncating(true),
        vec![
            file("one.incr.aof", torn.clone(), false),
            file("two.incr.aof", whole.clone(), false),
        ],
    );
    assert!(ended
        .unwrap_err()
        .starts_with("Unexpected end of file reading the append only file one.incr.aof. You can:"));
    let (_, _, ended) = load(truncating(true), vec![file("b.base.aof", torn, true)]);
    assert_eq!(
        ended,
        Err("Unexpected end of file reading the append only file b.base.aof".into())
    );
}

#[test]
fn a_bad_record_mid_file_ends_the_load_with_nothing_loaded() {
    // Enough good records before it that some slices ran.
    let commands: Vec<Vec<String>> = (0..LOAD_KEYS_PER_STEP + 10)
        .map(|i| vec!["SET".into(), format!("k{i}"), "v".into()])
        .collect();
    let good = records(&commands);
    let mut bad = good.clone();
    bad.extend_from_slice(b"+OK\r\n");
    bad.extend(lines("SET z 1"));
    let (mut h, mut c, ended) = load(Config::default(), vec![file("i.incr.aof", bad, false)]);
    assert_eq!(
        ended,
        Err(format!(
            "Bad file format reading the append only file (at byte {}): make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest> (i.incr.aof)",
            good.len()
        ))
    );
    assert_eq!(h.run(&mut c, "DBSIZE\nGET k0"), ":0\r\n$-1\r\n");

    let mut unknown = good.clone();
    unknown.extend(lines("NOPE a"));
    let (mut h, mut c, ended) = load(Config::default(), vec![file("i.incr.aof", unknown, false)]);
    assert_eq!(
        ended,
        Err(format!(
            "Unknown command 'NOPE' reading the append only file (at byte {}) (i.incr.aof)",
            good.len()
        ))
    );
    assert_eq!(h.run(&mut c, "DBSIZE"), ":0\r\n");

    // A base that is not an RDB file past its header: refused at once.
    let mut server = Server::new(Config::default(), Default::default(), 0);
    let error = server
        .begin_aof_load(vec![file("b.base.rdb", b"REDIS0099".to_vec(), true)], 0)
        .unwrap_err();
    assert!(error.ends_with(" (b.base.rdb)"), "{error}");
    assert!(!server.loading());
}

#[test]
fn a_huge_record_runs_whole_in_one_slice_and_small_ones_by_the_megabyte() {
    let big = "x".repeat(3 * AOF_LOAD_BYTES_PER_STEP);
    let mut log = records(&[vec!["SET", "big", big.as_str()]]);
    let value = "y".repeat(1000);
    let commands: Vec<Vec<String>> = (0..3 * AOF_LOAD_BYTES_PER_STEP / 1000)
        .map(|i| vec!["SET".into(), format!("s{i}"), value.clone()])
        .collect();
    log.extend(records(&commands));
    let mut h = Harness::new();
    let mut c = h.client();
    h.server
        .begin_aof_load(vec![file("i.incr.aof", log, false)], 0)
        .unwrap();
    assert_eq!(h.server.load_step(0), None);
    assert_eq!(h.server.key_count(), 1, "the big record alone");
    assert_eq!(h.server.load_step(0), None);
    let after = h.server.key_count();
    assert!(
        after > 1 && after <= 1 + AOF_LOAD_BYTES_PER_STEP / 1000 + 1,
        "{after}"
    );
    let (ended, _) = finish(&mut h, |_| {});
    assert!(ended.is_ok());
    assert_eq!(h.run(&mut c, "STRLEN big"), format!(":{}\r\n", big.len()));
}
