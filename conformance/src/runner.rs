//! Runs cases, each on a fresh connection, and collects every failure.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

use crate::case::{Case, Expect, Step, FIRST_CONNECTION};
use crate::cases;
use crate::client::{encode_command, Frame, RawClient};
use crate::escape::escape;
use crate::harness::Target;
use crate::report::{Failure, Report};
use crate::resp::Value;

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
        if let (Target::MiniRedis | Target::Proxy, Some(why)) = (target, &case.not_yet_in_miniredis)
        {
            report.skip(&case.name, format!("not yet in miniRedis: {why}"));
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

/// One open connection of a case.
struct Conn {
    name: String,
    client: RawClient,
    /// What the last step sent on it, for reports of checks that send
    /// nothing themselves (a blocked client's later reply, silence, close).
    last_sent: Vec<u8>,
}

/// One case in progress: its open connections (in opening order), the
/// current one's name, and the values remembered from replies.
struct Run<'a> {
    addr: SocketAddr,
    case: &'a Case,
    timeout: Duration,
    conns: Vec<Conn>,
    current: String,
    vars: HashMap<String, String>,
    /// Whether the case names connections, so reports say which one.
    named: bool,
}

fn run_case(addr: SocketAddr, case: &Case, timeout: Duration) -> Result<(), Failure> {
    let mut run = Run {
        addr,
        case,
        timeout,
        conns: Vec::new(),
        current: FIRST_CONNECTION.to_string(),
        vars: HashMap::new(),
        named: case.steps.iter().any(|s| matches!(s, Step::On(_))),
    };
    for (i, step) in case.steps.iter().enumerate() {
        let n = i + 1;
        match step {
            Step::Sleep(d) => thread::sleep(*d),
            Step::On(name) => run.current.clone_from(name),
            Step::Reconnect => {
                run.drop_current();
                run.conn()?;
            }
            Step::Send { bytes, expect } => run.send_and_expect(n, bytes.clone(), expect)?,
            Step::SendArgs { args, expect } => {
                let bytes = run.substitute(n, args)?;
                run.send_and_expect(n, bytes, expect)?;
            }
            Step::Receive(expect) => run.expect_replies(n, expect, None)?,
            Step::Silent(d) => run.expect_silence(n, *d)?,
            Step::Close => run.drop_current(),
            Step::ServerCloses => {
                run.expect_server_close(run.place(n, None))?;
                run.drop_current();
            }
        }
    }
    run.finish()
}

impl Run<'_> {
    /// The current connection, opened now if it is not open.
    fn conn(&mut self) -> Result<&mut Conn, Failure> {
        let i = match self.conns.iter().position(|c| c.name == self.current) {
            Some(i) => i,
            None => {
                let client = connect(self.addr, self.case, self.timeout)?;
                self.conns.push(Conn {
                    name: self.current.clone(),
                    client,
                    last_sent: Vec::new(),
                });
                self.conns.len() - 1
            }
        };
        Ok(&mut self.conns[i])
    }

    /// Closes the current connection (if open) from the client side.
    fn drop_current(&mut self) {
        self.conns.retain(|c| c.name != self.current);
    }

    /// Where in the case a check failed, naming the connection when the
    /// case uses several.
    fn place(&self, step: usize, reply: Option<(usize, usize)>) -> String {
        let mut place = format!("step {step}");
        if self.named {
            place.push_str(&format!(" on {}", self.current));
        }
        if let Some((j, of)) = reply.filter(|(_, of)| *of > 1) {
            place.push_str(&format!(", reply {j} of {of}"));
        }
        place
    }

    /// The command's arguments with every `{var}` replaced by its value.
    fn substitute(&self, step: usize, args: &[String]) -> Result<Vec<u8>, Failure> {
        let mut out = Vec::with_capacity(args.len());
        for arg in args {
            let mut arg = arg.clone();
            for (var, value) in &self.vars {
                arg = arg.replace(&format!("{{{var}}}"), value);
            }
            if let Some(at) = arg.find('{') {
                return Err(fail(
                    self.case,
                    self.place(step, None),
                    b"",
                    format!("a value remembered for {}", &arg[at..]),
                    "no such value (a bug in the case)".into(),
                ));
            }
            out.push(arg);
        }
        Ok(encode_command(&out))
    }

    fn send_and_expect(
        &mut self,
        step: usize,
        bytes: Vec<u8>,
        expect: &[Expect],
    ) -> Result<(), Failure> {
        let conn = self.conn()?;
        // A write error is not final: the server may have replied (and
        // closed) before reading everything.
        let write_error = conn.client.send(&bytes).err();
        conn.last_sent = bytes;
        self.expect_replies(step, expect, write_error)
    }

    /// Reads one reply per expectation on the current connection.
    fn expect_replies(
        &mut self,
        step: usize,
        expect: &[Expect],
        write_error: Option<std::io::Error>,
    ) -> Result<(), Failure> {
        for (j, want) in expect.iter().enumerate() {
            let place = self.place(step, Some((j + 1, expect.len())));
            let timeout = self.timeout;
            let conn = self.conn()?;
            let frame = conn.client.read_frame(timeout);
            let sent = conn.last_sent.clone();
            let mut got = render(&frame, timeout);
            if let Some(e) = &write_error {
                got.push_str(&format!(" (write failed: {e})"));
            }
            let matched = match (&frame, want) {
                (Frame::Reply(raw, _), Expect::Exact(bytes)) => raw == bytes,
                (Frame::Reply(_, value), Expect::Shape { check, .. }) => match check(value) {
                    Ok(()) => true,
                    Err(why) => {
                        got.push_str(&format!(" ({why})"));
                        false
                    }
                },
                (Frame::Reply(_, value), Expect::Capture(var)) => {
                    let text = match value {
                        Value::Int(i) => Some(i.to_string()),
                        other => other
                            .as_bytes()
                            .map(|b| String::from_utf8_lossy(b).into_owned()),
                    };
                    text.map(|t| self.vars.insert(var.clone(), t)).is_some()
                }
                _ => false,
            };
            if !matched {
                return Err(fail(self.case, place, &sent, want.describe(), got));
            }
        }
        Ok(())
    }

    /// Nothing arrives on the current connection for `wait`, and it stays open.
    fn expect_silence(&mut self, step: usize, wait: Duration) -> Result<(), Failure> {
        let place = self.place(step, None);
        let conn = self.conn()?;
        let frame = conn.client.read_frame(wait);
        if matches!(&frame, Frame::Timeout(b) if b.is_empty()) {
            return Ok(());
        }
        let sent = conn.last_sent.clone();
        Err(fail(
            self.case,
            place,
            &sent,
            format!("nothing within {wait:?}, connection open"),
            render(&frame, wait),
        ))
    }

    /// The server closes the current connection with nothing more sent.
    fn expect_server_close(&mut self, place: String) -> Result<(), Failure> {
        let timeout = self.timeout;
        let conn = self.conn()?;
        let (extra, closed) = conn.client.read_until_closed(timeout);
        if extra.is_empty() && closed {
            return Ok(());
        }
        let got = match (extra.is_empty(), closed) {
            (true, false) => format!("connection still open after {timeout:?}"),
            (false, true) => format!("extra \"{}\" then closed", escape(&extra)),
            _ => format!("extra \"{}\", still open", escape(&extra)),
        };
        let sent = conn.last_sent.clone();
        Err(fail(
            self.case,
            place,
            &sent,
            "the server closes the connection".into(),
            got,
        ))
    }

    /// After the last step: the current connection is closed by the server
    /// if the case says so; on every other open connection a PING proves
    /// no extra reply was queued and the connection is still usable.
    fn finish(mut self) -> Result<(), Failure> {
        if self.case.expect_closed {
            self.expect_server_close("after last step".into())?;
            self.drop_current();
        }
        let ping = encode_command(&["PING"]);
        for conn in &mut self.conns {
            let _ = conn.client.send(&ping);
            let frame = conn.client.read_frame(self.timeout);
            if !matches!(&frame, Frame::Reply(raw, _) if raw == b"+PONG\r\n") {
                let place = if self.named {
                    format!("trailing PING on {} after the last step", conn.name)
                } else {
                    "trailing PING after the last step".into()
                };
                return Err(fail(
                    self.case,
                    place,
                    &ping,
                    "\"+PONG\\r\\n\" (no extra replies, connection open)".into(),
                    render(&frame, self.timeout),
                ));
            }
        }
        Ok(())
    }
}
