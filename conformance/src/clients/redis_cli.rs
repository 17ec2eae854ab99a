//! redis-cli in its three ways of talking to a server: one command from the
//! arguments, `--pipe` bulk loading, and commands read from stdin.

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
