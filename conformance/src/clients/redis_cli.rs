//! redis-cli in its ways of talking to a server: one command from the
//! arguments, `--pipe` bulk loading, commands read from stdin, and the
//! `--stat` monitor that polls INFO.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use super::process::run;
use crate::client::encode_command;

const LIMIT: Duration = Duration::from_secs(15);

fn base_args(addr: SocketAddr) -> Vec<String> {
    vec![
        "-h".into(),
        addr.ip().to_string(),
        "-p".into(),
        addr.port().to_string(),
    ]
}

fn one_shot(cli: &Path, addr: SocketAddr, command: &[&str], want: &str) -> Result<(), String> {
    let mut args = base_args(addr);
    args.extend(command.iter().map(|s| s.to_string()));
    let out = run(cli, &args, b"", LIMIT)?;
    if out.success() && out.stdout == want {
        Ok(())
    } else {
        Err(format!(
            "`redis-cli … {}`: expected exit 0 and stdout {want:?}, got {}",
            command.join(" "),
            out.describe()
        ))
    }
}

/// `redis-cli -p N SET k v` then `GET k` (and a missing key, which prints
/// an empty line when stdout is not a terminal).
pub fn one_shot_mode(cli: &Path, addr: SocketAddr) -> Result<(), String> {
    one_shot(cli, addr, &["SET", "cli1:k", "v"], "OK\n")?;
    one_shot(cli, addr, &["GET", "cli1:k"], "v\n")?;
    one_shot(cli, addr, &["GET", "cli1:missing"], "\n")?;
    one_shot(cli, addr, &["DEL", "cli1:k"], "1\n")
}

/// `redis-cli --pipe` with a few hundred RESP commands on stdin.
pub fn pipe_mode(cli: &Path, addr: SocketAddr) -> Result<(), String> {
    let n = 300;
    let mut input = Vec::new();
    for i in 0..n {
        input.extend(encode_command(&[
            "SET",
            &format!("cli2:{i}"),
            &format!("v{i}"),
        ]));
    }
    let mut args = base_args(addr);
    args.push("--pipe".into());
    let out = run(cli, &args, &input, LIMIT)?;
    let summary = format!("errors: 0, replies: {n}");
    if out.success() && out.stdout.lines().any(|l| l.trim() == summary) {
        Ok(())
    } else {
        Err(format!(
            "`redis-cli --pipe` with {n} SETs: expected exit 0 and a line {summary:?}, got {}",
            out.describe()
        ))
    }
}

/// Commands piped on stdin with no command arguments: redis-cli first asks
/// COMMAND DOCS (for its help), then runs each line, printing raw replies.
pub fn stdin_mode(cli: &Path, addr: SocketAddr) -> Result<(), String> {
    let input = "SET cli3:k hello\nGET cli3:k\nRPUSH cli3:l a b\nLPOP cli3:l\n\
                 GET cli3:missing\nNOSUCHCMD x\nDEL cli3:k cli3:l\nPING\n";
    let want = "OK\nhello\n2\na\n\n\
                ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \n\n\
                2\nPONG\n";
    let out = run(cli, &base_args(addr), input.as_bytes(), LIMIT)?;
    if out.success() && out.stdout == want {
        Ok(())
    } else {
        Err(format!(
            "redis-cli reading commands from stdin: expected exit 0 and stdout {want:?}, got {}",
            out.describe()
        ))
    }
}

/// `redis-cli --stat` for two seconds: it polls INFO and prints a header
/// and one line per poll (keys, memory, clients, blocked, requests with
/// their increase, connections), read from `db0:keys=`, `used_memory`,
/// `connected_clients`, `blocked_clients`, `total_commands_processed` and
/// `total_connections_received`. It never exits by itself, so it is killed
/// at the time limit; polling every 10 ms fills stdio's buffer (a pipe is
/// not a terminal) often enough for whole lines to come out before that.
pub fn stat_mode(cli: &Path, addr: SocketAddr) -> Result<(), String> {
    let mut args = base_args(addr);
    args.extend(["--stat".to_string(), "-i".to_string(), "0.01".to_string()]);
    let out = run(cli, &args, b"", Duration::from_secs(2))?;
    let fail = |what: &str| {
        Err(format!(
            "`redis-cli --stat`: {what}; got {}",
            out.describe()
        ))
    };
    if out.status.is_some() {
        return fail("expected it to keep polling until killed");
    }
    if out.stdout.contains("ERR") || out.stdout.contains("rror") || !out.stderr.is_empty() {
        return fail("expected no error");
    }
    if !out
        .stdout
        .lines()
        .any(|l| l.starts_with("------- data ------"))
        || !out.stdout.lines().any(|l| l.starts_with("keys       mem"))
    {
        return fail("expected its header lines");
    }
    let mut requests = Vec::new();
    for line in out.stdout.lines() {
        if line.starts_with('-') || line.starts_with("keys") {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        // A line cut by the kill is the last one; ignore it.
        if words.len() < 7 {
            continue;
        }
        let numbers = [words[0], words[2], words[3], words[4], words[6]];
        let increase = words[5]
            .strip_prefix("(+")
            .and_then(|w| w.strip_suffix(')'));
        let mem_ok = words[1].ends_with(['B', 'K', 'M', 'G']);
        if numbers.iter().any(|n| n.parse::<u64>().is_err())
            || increase.and_then(|n| n.parse::<u64>().ok()).is_none()
            || !mem_ok
        {
            return fail(&format!(
                "line {line:?} is not keys/mem/clients/blocked/requests/connections"
            ));
        }
        requests.push(words[4].parse::<u64>().unwrap_or(0));
    }
    // Each poll is an INFO, counted in total_commands_processed.
    if requests.len() < 3 || requests.windows(2).any(|w| w[1] <= w[0]) {
        return fail(&format!(
            "expected at least 3 data lines with growing request counts, got {requests:?}"
        ));
    }
    Ok(())
}
