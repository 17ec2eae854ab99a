//! Runs cases, each on a fresh connection, and collects every failure.

use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

use crate::case::{Case, Expect, Step};
use crate::cases;
use crate::client::{encode_command, Frame, RawClient};
use crate::escape::escape;
use crate::harness::Target;
use crate::report::{Failure, Report};

/// How long to wait for one reply (or for the close) before calling it missing.
pub fn reply_timeout() -> Duration {
    let ms = std::env::var("CONFORMANCE_REPLY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    Duration::from_millis(ms)
}

/// Runs every case against the server at `addr`; cases marked
/// miniRedis-only are skipped (and listed) when `target` is the real server.
pub fn run_suite(addr: SocketAddr, target: Target) -> Report {
    let label = match target {
        Target::MiniRedis => format!("miniRedis at {addr}"),
        Target::RealRedis => format!("redis-server at {addr}"),
        Target::Proxy => format!("twemproxy at {addr}"),
    };
    run_cases(&label, addr, target, &cases::all(addr.port()))
}

/// Runs the given cases; see [`run_suite`].
pub fn run_cases(label: &str, addr: SocketAddr, target: Target, cases: &[Case]) -> Report {
    let mut report = Report::new(label);
    let timeout = reply_timeout();
    for case in cases {
        if let (Target::RealRedis, Some(why)) = (target, &case.miniredis_only) {
            report.skip(&case.name, format!("miniRedis-only: {why}"));
            continue;
        }
        report.record(&case.name, run_case(addr, case, timeout));
    }
    report
}

fn fail(case: &Case, place: String, sent: &[u8], expected: String, got: String) -> Failure {
    Failure {
        name: case.name.clone(),
        place,
        sent: sent.to_vec(),
        expected,
        got,
    }
}

fn connect(addr: SocketAddr, case: &Case, timeout: Duration) -> Result<RawClient, Failure> {
    RawClient::connect(addr, timeout).map_err(|e| {
        fail(
            case,
            "connect".into(),
            b"",
            format!("a connection to {addr}"),
            format!("error: {e}"),
        )
    })
}

/// Renders what a read produced, for the report.
fn render(frame: &Frame, timeout: Duration) -> String {
    match frame {
        Frame::Reply(raw, _) => format!("\"{}\"", escape(raw)),
        Frame::Closed(b) if b.is_empty() => "connection closed, nothing received".into(),
        Frame::Closed(b) => format!("\"{}\" then connection closed", escape(b)),
        Frame::Timeout(b) if b.is_empty() => format!("nothing within {timeout:?}"),
        Frame::Timeout(b) => format!("\"{}\" then nothing within {timeout:?}", escape(b)),
        Frame::Garbage(b, why) => format!("\"{}\" (not a reply: {why})", escape(b)),
    }
}

fn run_case(addr: SocketAddr, case: &Case, timeout: Duration) -> Result<(), Failure> {
    let mut client = connect(addr, case, timeout)?;
    let mut last_sent: Vec<u8> = Vec::new();
    for (i, step) in case.steps.iter().enumerate() {
        let n = i + 1;
        match step {
            Step::Sleep(d) => thread::sleep(*d),
            Step::Reconnect => client = connect(addr, case, timeout)?,
            Step::Send { bytes, expect } => {
                last_sent.clone_from(bytes);
                // A write error is not final: the server may have replied
                // (and closed) before reading everything.
                let write_error = client.send(bytes).err();
                for (j, want) in expect.iter().enumerate() {
                    let place = if expect.len() > 1 {
                        format!("step {n}, reply {} of {}", j + 1, expect.len())
                    } else {
                        format!("step {n}")
                    };
                    let frame = client.read_frame(timeout);
                    let mut got = render(&frame, timeout);
                    if let Some(e) = &write_error {
                        got.push_str(&format!(" (write failed: {e})"));
                    }
                    let matched = match (&frame, want) {
                        (Frame::Reply(raw, _), Expect::Exact(bytes)) => raw == bytes,
                        (Frame::Reply(_, value), Expect::Shape { check, .. }) => {
                            match check(value) {
                                Ok(()) => true,
                                Err(why) => {
                                    got.push_str(&format!(" ({why})"));
                                    false
                                }
                            }
                        }
                        _ => false,
                    };
                    if !matched {
                        return Err(fail(case, place, bytes, want.describe(), got));
                    }
                }
            }
        }
    }
    if case.expect_closed {
        let (extra, closed) = client.read_until_closed(timeout);
        if !extra.is_empty() || !closed {
            let got = match (extra.is_empty(), closed) {
                (true, false) => format!("connection still open after {timeout:?}"),
                (false, true) => format!("extra \"{}\" then closed", escape(&extra)),
                _ => format!("extra \"{}\", still open", escape(&extra)),
            };
            return Err(fail(
                case,
                "after last step".into(),
                &last_sent,
                "the server closes the connection".into(),
                got,
            ));
        }
    } else {
        // A trailing PING proves no extra reply was queued and the
        // connection is still usable.
        let ping = encode_command(&["PING"]);
        let _ = client.send(&ping);
        let frame = client.read_frame(timeout);
        if !matches!(&frame, Frame::Reply(raw, _) if raw == b"+PONG\r\n") {
            return Err(fail(
                case,
                "trailing PING after the last step".into(),
                &ping,
                "\"+PONG\\r\\n\" (no extra replies, connection open)".into(),
                render(&frame, timeout),
            ));
        }
    }
    Ok(())
}
