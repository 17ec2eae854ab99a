//! Checks of an adapter binary's command-line behaviour, shared by the
//! `tests/cli.rs` of every runtime crate so the runtimes are held to the
//! same contract by the same code. [`cli_tests!`](crate::cli_tests) turns
//! them into `#[test]` functions.
//!
//! These are ordinary functions (not `#[cfg(test)]`) because integration
//! tests of other crates cannot see test-only items; binaries that do not
//! call them do not contain them.
//!
//! Every child process is killed and reaped, whatever the outcome, and
//! every wait has a deadline so a misbehaving binary fails a test instead of
//! hanging it.

mod aof_checks;
mod interop;
mod loading;
mod persistence;
mod running;

pub use aof_checks::{
    aof_interop_with_redis, aof_interop_without_preamble, aof_survives_sigkill,
    aof_torn_tail_and_old_file,
};
pub use interop::rdb_interop_with_redis;
pub use loading::{
    a_big_aof_loads_while_clients_get_loading, a_big_file_loads_while_clients_get_loading,
};

pub use persistence::{
    a_failed_save_keeps_the_previous_file, an_unreadable_file_ends_startup,
    snapshots_survive_a_restart,
};

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, ExitStatus};
use std::time::Duration;

use crate::cli::{ENV_MAXMEMORY, ENV_MAXMEMORY_POLICY};
use running::Running;

const DEADLINE: Duration = Duration::from_secs(20);

/// Generates the `#[test]` functions for one adapter binary:
/// `miniredis_runtime_common::cli_tests!(env!("CARGO_BIN_EXE_x"), "runtime");`
#[macro_export]
macro_rules! cli_tests {
    ($binary:expr, $runtime:expr) => {
        #[test]
        fn help_describes_every_flag() {
            $crate::cli_checks::help_describes_every_flag($binary);
        }
        #[test]
        fn bad_maxmemory_flag_exits_2() {
            $crate::cli_checks::bad_maxmemory_flag_exits_2($binary);
        }
        #[test]
        fn bad_policy_flag_exits_2() {
            $crate::cli_checks::bad_policy_flag_exits_2($binary);
        }
        #[test]
        fn bad_env_exits_2() {
            $crate::cli_checks::bad_env_exits_2($binary);
        }
        #[test]
        fn listens_and_answers() {
            $crate::cli_checks::listens_and_answers($binary, $runtime);
        }
        #[test]
        fn sigterm_and_sigint_exit_0() {
            $crate::cli_checks::signals_exit_0($binary);
        }
        #[test]
        fn shutdown_command_exits_0() {
            $crate::cli_checks::shutdown_command_exits_0($binary);
        }
        #[test]
        fn snapshots_survive_a_restart() {
            $crate::cli_checks::snapshots_survive_a_restart($binary);
        }
        #[test]
        fn a_failed_save_keeps_the_previous_file() {
            $crate::cli_checks::a_failed_save_keeps_the_previous_file($binary);
        }
        #[test]
        fn an_unreadable_file_ends_startup() {
            $crate::cli_checks::an_unreadable_file_ends_startup($binary);
        }
        #[test]
        fn a_big_file_loads_while_clients_get_loading() {
            $crate::cli_checks::a_big_file_loads_while_clients_get_loading($binary);
        }
        #[test]
        fn a_big_aof_loads_while_clients_get_loading() {
            $crate::cli_checks::a_big_aof_loads_while_clients_get_loading($binary);
        }
        #[test]
        fn rdb_interop_with_redis() {
            $crate::cli_checks::rdb_interop_with_redis($binary);
        }
        #[test]
        fn aof_survives_sigkill() {
            $crate::cli_checks::aof_survives_sigkill($binary);
        }
        #[test]
        fn aof_torn_tail_and_old_file() {
            $crate::cli_checks::aof_torn_tail_and_old_file($binary);
        }
        #[test]
        fn aof_interop_with_redis() {
            $crate::cli_checks::aof_interop_with_redis($binary);
        }
        #[test]
        fn aof_interop_without_preamble() {
            $crate::cli_checks::aof_interop_without_preamble($binary);
        }
        #[test]
        fn port_in_use_is_reported() {
            $crate::cli_checks::port_in_use_is_reported($binary);
        }
    };
}

/// Runs a command expected to exit on its own.
fn run(binary: &str, args: &[&str], env: &[(&str, &str)]) -> (ExitStatus, String, String) {
    Running::start(binary, args, env).finish()
}

/// Asserts exit status 2 with one line on stderr mentioning `needle`.
fn assert_refused(binary: &str, args: &[&str], env: &[(&str, &str)], needle: &str) {
    let (status, stdout, stderr) = run(binary, args, env);
    assert_eq!(status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stdout, "", "nothing on stdout");
    assert_eq!(stderr.lines().count(), 1, "one line on stderr: {stderr:?}");
    assert!(stderr.contains(needle), "{needle:?} not in {stderr:?}");
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind an ephemeral port")
        .port()
}

/// `-h` and `--help` exit 0 and describe every flag and variable.
pub fn help_describes_every_flag(binary: &str) {
    for flag in ["-h", "--help"] {
        let (status, stdout, _) = run(binary, &[flag], &[]);
        assert!(status.success(), "{flag}: {status}");
        for needle in [
            "--bind",
            "--port",
            "--maxmemory ",
            "--maxmemory-policy",
            "--help",
            ENV_MAXMEMORY,
            ENV_MAXMEMORY_POLICY,
        ] {
            assert!(
                stdout.contains(needle),
                "{flag}: {needle} missing:\n{stdout}"
            );
        }
    }
}

/// An unknown memory unit is refused, naming the flag.
pub fn bad_maxmemory_flag_exits_2(binary: &str) {
    assert_refused(binary, &["--maxmemory", "10zb"], &[], "--maxmemory");
}

/// An unknown policy is refused, naming the flag.
pub fn bad_policy_flag_exits_2(binary: &str) {
    assert_refused(
        binary,
        &["--maxmemory-policy", "evict-everything"],
        &[],
        "--maxmemory-policy",
    );
}

/// Bad environment values are refused, naming the variable.
pub fn bad_env_exits_2(binary: &str) {
    assert_refused(binary, &[], &[(ENV_MAXMEMORY, "10zb")], ENV_MAXMEMORY);
    assert_refused(
        binary,
        &[],
        &[(ENV_MAXMEMORY_POLICY, "lru")],
        ENV_MAXMEMORY_POLICY,
    );
}

/// On a free port the binary prints the listening line and answers a
/// command over TCP.
pub fn listens_and_answers(binary: &str, runtime: &str) {
    let port = free_port();
    let mut server = Running::start(binary, &["--port", &port.to_string()], &[]);
    let line = server.first_line();
    assert_eq!(
        line,
        format!("miniRedis listening on 127.0.0.1:{port} (runtime: {runtime})")
    );

    let mut client = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    client.set_read_timeout(Some(DEADLINE)).unwrap();
    client.write_all(b"*1\r\n$4\r\nPING\r\n").unwrap();
    let mut reply = String::new();
    BufReader::new(client)
        .read_line(&mut reply)
        .expect("a reply");
    assert_eq!(reply, "+PONG\r\n");
}

/// A second server on a port already in use exits non-zero saying so.
pub fn port_in_use_is_reported(binary: &str) {
    // Port 0 makes the first server pick its own port: no race with other
    // tests for a "free" port.
    let mut first = Running::start(binary, &["--port", "0"], &[]);
    let line = first.first_line();
    let addr: SocketAddr = line
        .split_whitespace()
        .nth(3)
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));

    let (status, _, stderr) = run(binary, &["--port", &addr.port().to_string()], &[]);
    assert!(!status.success(), "second server started: {stderr}");
    assert!(stderr.contains("in use"), "{stderr:?}");
    drop(first);
}

/// Starts the binary on a port of its choosing; returns it and its address.
fn start_on_any_port(binary: &str) -> (Running, SocketAddr) {
    let mut server = Running::start(binary, &["--port", "0"], &[]);
    let line = server.first_line();
    let addr = line
        .split_whitespace()
        .nth(3)
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (server, addr)
}

fn ping(addr: SocketAddr) -> TcpStream {
    let mut client = TcpStream::connect(addr).expect("connect");
    client.set_read_timeout(Some(DEADLINE)).unwrap();
    client.write_all(b"PING\r\n").unwrap();
    let mut reply = [0; 7];
    client.read_exact(&mut reply).expect("a reply");
    assert_eq!(&reply, b"+PONG\r\n");
    client
}

/// SIGTERM and SIGINT stop the server gracefully: exit status 0, with a
/// client still connected.
pub fn signals_exit_0(binary: &str) {
    for signal in ["-TERM", "-INT"] {
        let (mut server, addr) = start_on_any_port(binary);
        let _client = ping(addr);
        let sent = Command::new("kill")
            .arg(signal)
            .arg(server.child.id().to_string())
            .status()
            .expect("run kill");
        assert!(sent.success());
        let status = server.wait();
        assert_eq!(status.code(), Some(0), "after {signal}: {status}");
    }
}

/// SHUTDOWN closes the connection without a reply (as Redis does) and the
/// server exits 0; the refused forms answer and keep it running.
pub fn shutdown_command_exits_0(binary: &str) {
    let (mut server, addr) = start_on_any_port(binary);
    let mut client = ping(addr);
    client
        .write_all(b"SHUTDOWN ABORT\r\nSHUTDOWN NOSAVE SAVE\r\n")
        .unwrap();
    let want = b"-ERR No shutdown in progress.\r\n-ERR syntax error\r\n";
    let mut reply = vec![0; want.len()];
    client.read_exact(&mut reply).expect("replies");
    assert_eq!(
        String::from_utf8_lossy(&reply),
        String::from_utf8_lossy(want)
    );
    client.write_all(b"SHUTDOWN NOSAVE\r\n").unwrap();
    let mut rest = Vec::new();
    let _ = client.read_to_end(&mut rest);
    assert_eq!(rest, b"", "no reply to SHUTDOWN");
    let status = server.wait();
    assert_eq!(status.code(), Some(0), "{status}");
}
