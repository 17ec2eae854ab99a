//! redis-benchmark: a short run of a few tests, then its full default run
//! (every test it has, as a user who types `redis-benchmark -q` gets).
//! Both first ask CONFIG GET save/appendonly. redis-benchmark 7.0 stops
//! at the first error reply, printing `Error from server: …` and exiting
//! 1, so a command the server lacks ends the run there.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use super::process::{run, Output};

const LIMIT: Duration = Duration::from_secs(30);

/// The tests of redis-benchmark 7.0's default run, as `-q` titles them,
/// in its order, with the `-t` name that selects each.
const DEFAULT_RUN: &[(&str, &str)] = &[
    ("PING_INLINE", "ping_inline"),
    ("PING_MBULK", "ping_mbulk"),
    ("SET", "set"),
    ("GET", "get"),
    ("INCR", "incr"),
    ("LPUSH", "lpush"),
    ("RPUSH", "rpush"),
    ("LPOP", "lpop"),
    ("RPOP", "rpop"),
    ("SADD", "sadd"),
    ("HSET", "hset"),
    ("SPOP", "spop"),
    ("ZADD", "zadd"),
    ("ZPOPMIN", "zpopmin"),
    ("LPUSH (needed to benchmark LRANGE)", "lrange_100"),
    ("LRANGE_100 (first 100 elements)", "lrange_100"),
    ("LRANGE_300 (first 300 elements)", "lrange_300"),
    ("LRANGE_500 (first 500 elements)", "lrange_500"),
    ("LRANGE_600 (first 600 elements)", "lrange_600"),
    ("MSET (10 keys)", "mset"),
];

fn bench(
    bench: &Path,
    addr: SocketAddr,
    requests: u32,
    tests: Option<&str>,
) -> Result<Output, String> {
    let mut args: Vec<String> = vec![
        "-h".into(),
        addr.ip().to_string(),
        "-p".into(),
        addr.port().to_string(),
        "-n".into(),
        requests.to_string(),
        "-q".into(),
    ];
    if let Some(tests) = tests {
        args.push("-t".into());
        args.push(tests.into());
    }
    run(bench, &args, b"", LIMIT)
}

/// Output lines (progress lines are separated by carriage returns).
fn lines(out: &Output) -> Vec<String> {
    format!("{}\n{}", out.stdout, out.stderr)
        .split(['\r', '\n'])
        .map(|l| l.trim().to_string())
        .collect()
}

/// Lines saying something went wrong: redis-benchmark's warnings (`WARN`,
/// e.g. when CONFIG GET fails) and error replies (`Error from server`).
fn bad_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.contains("WARN") || l.contains("ERR") || l.contains("Error"))
        .cloned()
        .collect()
}

/// Whether `title` got its final `TITLE: N requests per second` line.
fn reported(lines: &[String], title: &str) -> bool {
    lines
        .iter()
        .any(|l| l.starts_with(&format!("{title}: ")) && l.contains("requests per second"))
}

pub fn short_run(bench_path: &Path, addr: SocketAddr) -> Result<(), String> {
    let out = bench(bench_path, addr, 2000, Some("set,get,lpush,lpop,ping"))?;
    let lines = lines(&out);
    let bad = bad_lines(&lines);
    if !out.success() || !bad.is_empty() {
        return Err(format!(
            "redis-benchmark: expected exit 0 and no WARN/ERR lines; offending lines {bad:?}; {}",
            out.describe()
        ));
    }
    for test in ["PING_INLINE", "PING_MBULK", "SET", "GET", "LPUSH", "LPOP"] {
        if !reported(&lines, test) {
            return Err(format!(
                "redis-benchmark: no final result line for {test}; {}",
                out.describe()
            ));
        }
    }
    Ok(())
}

/// `redis-benchmark -n 200 -q`: every default test reports a rate, no
/// error line. On failure, each test that did not report is also run alone
/// (`-t`), so the report names every one the server fails, not only the
/// first (where the full run stopped).
pub fn default_run(bench_path: &Path, addr: SocketAddr) -> Result<(), String> {
    let out = bench(bench_path, addr, 200, None)?;
    let lines = lines(&out);
    let bad = bad_lines(&lines);
    let missing: Vec<&(&str, &str)> = DEFAULT_RUN
        .iter()
        .filter(|(title, _)| !reported(&lines, title))
        .collect();
    if out.success() && bad.is_empty() && missing.is_empty() {
        return Ok(());
    }
    let mut failing = Vec::new();
    let mut tried = Vec::new();
    for (title, selector) in &missing {
        if tried.contains(selector) {
            continue;
        }
        tried.push(*selector);
        let alone = bench(bench_path, addr, 200, Some(selector))?;
        let alone_lines = self::lines(&alone);
        if !alone.success() || !bad_lines(&alone_lines).is_empty() || !reported(&alone_lines, title)
        {
            let why = bad_lines(&alone_lines).join(" | ");
            failing.push(format!("{title} ({why})"));
        }
    }
    let titles: Vec<&str> = missing.iter().map(|(title, _)| *title).collect();
    Err(format!(
        "redis-benchmark default run: expected exit 0, no WARN/ERR lines and a rate for every \
         test; offending lines {bad:?}; no rate for {titles:?}; failing when run alone: \
         {failing:?}; {}",
        out.describe()
    ))
}
