//! A short redis-benchmark run: it asks CONFIG GET save/appendonly first,
//! then hammers PING (inline and multibulk), SET, GET, LPUSH, LPOP.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use super::process::run;

const LIMIT: Duration = Duration::from_secs(30);

pub fn short_run(bench: &Path, addr: SocketAddr) -> Result<(), String> {
    let args: Vec<String> = [
        "-h",
        &addr.ip().to_string(),
        "-p",
        &addr.port().to_string(),
        "-n",
        "2000",
        "-q",
        "-t",
        "set,get,lpush,lpop,ping",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = run(bench, &args, b"", LIMIT)?;
    let text = format!("{}\n{}", out.stdout, out.stderr);
    // Progress lines are separated by carriage returns.
    let lines: Vec<&str> = text.split(['\r', '\n']).map(str::trim).collect();
    let bad: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("WARN") || l.contains("ERR"))
        .collect();
    if !out.success() || !bad.is_empty() {
        return Err(format!(
            "redis-benchmark: expected exit 0 and no WARN/ERR lines; offending lines {bad:?}; {}",
            out.describe()
        ));
    }
    for test in ["PING_INLINE", "PING_MBULK", "SET", "GET", "LPUSH", "LPOP"] {
        let done = lines
            .iter()
            .any(|l| l.starts_with(&format!("{test}: ")) && l.contains("requests per second"));
        if !done {
            return Err(format!(
                "redis-benchmark: no final result line for {test}; {}",
                out.describe()
            ));
        }
    }
    Ok(())
}
