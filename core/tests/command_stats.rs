//! INFO commandstats, INFO errorstats and `total_error_replies`: what
//! redis-server 7.0.15 counts for each way a command can end, checked line
//! by line against its INFO after the same commands (Redis's `usec` is
//! CPU time, always 0 here; Redis lists commands in its hash table's
//! order, miniRedis in COMMAND's, so the lines are compared as sets).

mod support;
use miniredis_core::Config;
use support::{Client, Harness};

fn info_lines(h: &mut Harness, c: &mut Client, section: &str) -> Vec<String> {
    let reply = h.run(c, &format!("INFO {section}"));
    let body = reply.split_once("\r\n").expect("bulk header").1;
    let mut lines: Vec<String> = body
        .trim_end_matches("\r\n")
        .split("\r\n")
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

fn sorted(lines: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    lines.sort();
    lines
}

fn stat(name: &str, calls: u64, rejected: u64, failed: u64) -> String {
    format!(
        "cmdstat_{name}:calls={calls},usec=0,usec_per_call=0.00,rejected_calls={rejected},failed_calls={failed}"
    )
}

#[test]
fn rejected_failed_and_unknown_commands_count_as_redis_counts() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET before 1\nGET\nNOSUCH");
    // RESETSTAT clears every counter, then counts itself.
    h.run(
        &mut c,
        "CONFIG RESETSTAT\n\
         NOSUCH a\n\
         CONFIG NOSUCH\n\
         CONFIG\n\
         GET\n\
         GET a b c\n\
         SET k v\n\
         LPUSH k x\n\
         CONFIG GET maxmemory\n\
         CONFIG SET nosuch 1\n\
         INCR k",
    );
    let commandstats = info_lines(&mut h, &mut c, "commandstats");
    let mut expected = vec![
        "# Commandstats".to_string(),
        stat("get", 0, 2, 0),
        stat("config", 0, 1, 0),
        stat("config|get", 1, 0, 0),
        stat("config|set", 1, 0, 1),
        stat("config|resetstat", 1, 0, 0),
        stat("lpush", 1, 0, 1),
        stat("set", 1, 0, 0),
        stat("incr", 1, 0, 1),
    ];
    expected.sort();
    assert_eq!(commandstats, expected);
    assert_eq!(
        info_lines(&mut h, &mut c, "errorstats"),
        sorted(&[
            "# Errorstats",
            "errorstat_ERR:count=7",
            "errorstat_WRONGTYPE:count=1"
        ])
    );
    let stats = info_lines(&mut h, &mut c, "stats");
    assert!(stats.contains(&"total_error_replies:8".to_string()));
    assert!(stats.contains(&"unexpected_error_replies:0".to_string()));
    // INFO is counted once it has run: the three above are now listed.
    let again = info_lines(&mut h, &mut c, "commandstats");
    assert!(again.contains(&stat("info", 3, 0, 0)), "{again:?}");
}

#[test]
fn noauth_and_oom_are_rejections() {
    let mut h = Harness::with_config(Config {
        requirepass: b"pw".to_vec(),
        ..Config::default()
    });
    let mut c = h.client();
    h.run(&mut c, "GET a\nPING\nAUTH wrong\nAUTH pw\nGET a");
    h.run(
        &mut c,
        "SET a b\nCONFIG SET maxmemory 1\nSET b c\nGET a\nCONFIG SET maxmemory 0",
    );
    let mut expected = vec![
        "# Commandstats".to_string(),
        stat("ping", 0, 1, 0),
        stat("get", 2, 1, 0),
        stat("auth", 2, 0, 1),
        stat("set", 1, 1, 0),
        stat("config|set", 2, 0, 0),
    ];
    expected.sort();
    assert_eq!(info_lines(&mut h, &mut c, "commandstats"), expected);
    assert_eq!(
        info_lines(&mut h, &mut c, "errorstats"),
        sorted(&[
            "# Errorstats",
            "errorstat_NOAUTH:count=2",
            "errorstat_OOM:count=1",
            "errorstat_WRONGPASS:count=1",
        ])
    );
}

#[test]
fn protocol_errors_count_as_err_replies() {
    let mut h = Harness::new();
    for bad in [&b"*abc\r\n"[..], b"*1\r\n$abc\r\n", b"\"unbalanced\r\n"] {
        let mut c = h.client();
        let reply = h.send(&mut c, bad);
        assert!(reply.starts_with(b"-ERR Protocol error"), "{reply:?}");
    }
    let mut c = h.client();
    assert_eq!(
        info_lines(&mut h, &mut c, "errorstats"),
        ["# Errorstats", "errorstat_ERR:count=3"]
    );
    // No command ran but the INFO before.
    assert_eq!(
        info_lines(&mut h, &mut c, "commandstats"),
        ["# Commandstats", &stat("info", 1, 0, 0)]
    );
}

#[test]
fn subcommands_are_counted_under_their_full_names_and_reset() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(
        &mut c,
        "COMMAND GETKEYS get\nCOMMAND GETKEYS get k\nCOMMAND GETKEYS nosuch k\nCOMMAND COUNT\nOBJECT ENCODING nokey",
    );
    let lines = info_lines(&mut h, &mut c, "commandstats");
    assert!(
        lines.contains(&stat("command|getkeys", 2, 1, 1)),
        "{lines:?}"
    );
    assert!(lines.contains(&stat("command|count", 1, 0, 0)), "{lines:?}");
    assert!(
        lines.contains(&stat("object|encoding", 1, 0, 0)),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("cmdstat_command:")));
    h.run(&mut c, "CONFIG RESETSTAT");
    assert_eq!(
        info_lines(&mut h, &mut c, "commandstats"),
        ["# Commandstats", &stat("config|resetstat", 1, 0, 0)]
    );
    assert_eq!(info_lines(&mut h, &mut c, "errorstats"), ["# Errorstats"]);
    let stats = info_lines(&mut h, &mut c, "stats");
    assert!(stats.contains(&"total_error_replies:0".to_string()));
}

#[test]
fn quit_is_a_call_and_handlers_errors_are_failures() {
    let mut h = Harness::new();
    let mut quitter = h.client();
    h.run(&mut quitter, "QUIT");
    let mut c = h.client();
    h.run(&mut c, "PING\nAUTH x\nHELLO 9 x");
    let mut expected = vec![
        "# Commandstats".to_string(),
        stat("quit", 1, 0, 0),
        stat("ping", 1, 0, 0),
        stat("auth", 1, 0, 1),
        stat("hello", 1, 0, 1),
    ];
    expected.sort();
    assert_eq!(info_lines(&mut h, &mut c, "commandstats"), expected);
    assert_eq!(
        info_lines(&mut h, &mut c, "errorstats"),
        [
            "# Errorstats",
            "errorstat_ERR:count=1",
            "errorstat_NOPROTO:count=1"
        ]
    );
}
