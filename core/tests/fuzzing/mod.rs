//! The fuzzing harnesses, shared by the coverage-guided targets in `fuzz/`
//! (which include this file by path) and by `core/tests/fuzz_corpus.rs`,
//! which replays every file of `fuzz/corpus/` on stable in every test run.
//!
//! Each harness takes arbitrary bytes and panics when the core misbehaves:
//! a panic inside the core, a broken invariant ([`Server::audit`]), a reply
//! that is not well-framed RESP, or a decoder whose result depends on how
//! its input was split.

#![allow(dead_code)]

use miniredis_core::protocol::{DecodeError, Decoder, Limits};
use miniredis_core::{ClientId, Config, Event, Host, Millis, Server};

/// Script bodies from fuzz bytes (the `scripts` harness).
#[path = "lua_gen.rs"]
pub mod lua_gen;

/// The one reply framer, shared with the tests' harness.
#[path = "../support/frames.rs"]
mod frames;

/// Decoder target. The first byte picks the limits (bit 0: the client is
/// unauthenticated; bit 1: a 1 KiB `proto-max-bulk-len`; bit 2: a 64-byte
/// inline limit), the second seeds the chunk sizes; the rest is the stream.
/// The stream is decoded once whole and once in chunks: both must give the
/// same commands and end the same way (waiting, or the same error).
pub fn decoder(data: &[u8]) {
    let (&flags, rest) = data.split_first().unwrap_or((&0, &[]));
    let (&seed, stream) = rest.split_first().unwrap_or((&0, &[]));
    let limits = Limits {
        unauthenticated: flags & 1 != 0,
        max_bulk_len: if flags & 2 != 0 { 1024 } else { 512 << 20 },
        max_inline_len: if flags & 4 != 0 { 64 } else { 64 * 1024 },
        ..Limits::default()
    };
    let whole = decode_chunks(stream, &[stream.len()], &limits);
    let mut rng = (u64::from(seed) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut cuts = Vec::new();
    let mut at = 0;
    while at < stream.len() {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        at += 1 + (rng % 9) as usize;
        cuts.push(at.min(stream.len()));
    }
    let split = decode_chunks(stream, &cuts, &limits);
    // A line longer than the limit is refused only while its end has not
    // arrived (as in Redis), so with such an error the chunked run may stop
    // earlier; what it decoded up to there must still agree.
    if is_too_big(&whole.1) || is_too_big(&split.1) {
        let n = whole.0.len().min(split.0.len());
        assert_eq!(
            whole.0[..n],
            split.0[..n],
            "the split changed what was decoded"
        );
    } else {
        assert_eq!(whole, split, "the split changed what was decoded");
    }
}

fn is_too_big(end: &Option<DecodeError>) -> bool {
    matches!(
        end,
        Some(
            DecodeError::TooBigInlineRequest
                | DecodeError::TooBigMultibulkCount
                | DecodeError::TooBigBulkCount
        )
    )
}

type Decoded = (Vec<Vec<Vec<u8>>>, Option<DecodeError>);

fn decode_chunks(stream: &[u8], cuts: &[usize], limits: &Limits) -> Decoded {
    let mut decoder = Decoder::new();
    let mut commands = Vec::new();
    let mut start = 0;
    for &cut in cuts {
        decoder.extend(&stream[start..cut]);
        start = cut;
        loop {
            match decoder.next_command(limits) {
                Ok(Some(args)) => {
                    assert!(!args.is_empty(), "a command without arguments");
                    commands.push(args.iter().map(|a| a.to_vec()).collect());
                }
                Ok(None) => break,
                Err(error) => {
                    let message = error.message();
                    assert!(message.starts_with(b"ERR Protocol error: "));
                    assert!(!message.contains(&b'\n'), "line end in an error reply");
                    return (commands, Some(error));
                }
            }
        }
        assert!(decoder.pending() <= cut, "more input held than received");
    }
    (commands, None)
}

/// Connections the core target drives at once.
const CONNECTIONS: usize = 4;

/// Whole-core target. The input is a program of operations, each starting
/// with one byte whose low three bits pick the operation:
///
/// - `0..=3`: send to client `(b >> 3) % 4` the next `n` bytes, where `n`
///   is the byte after the operation byte; then take its output, unless
///   bit 5 is set (a client that does not read);
/// - `4`: advance the clock by `v * v` ms (`v` the next byte);
/// - `5`: run the timer;
/// - `6`: close client `(b >> 3) % 4` and connect a new one;
/// - `7`: take client `(b >> 3) % 4`'s output but report only `v * v * 16`
///   bytes of it written (`v` the next byte), a blocked write.
///
/// After every operation the events are drained (a closed client is
/// replaced by a new one) and the core's invariants must hold; all output
/// taken must be complete, well-framed RESP replies.
///
/// The server starts with `proto-max-bulk-len` at its smallest (1mb): it
/// also bounds string growth (SETBIT, SETRANGE, BITFIELD offsets), and at
/// Redis's 512mb a one-line `SETBIT k 4294967295 1` made every later
/// BITCOUNT/BITOP walk half a gigabyte (a 40 s input, then an RSS out of
/// memory under the sanitizer). Inputs are far shorter than 1mb anyway.
pub fn core(data: &[u8]) {
    let mut now: Millis = 0;
    let host = Host {
        unix_time_at_zero_ms: 1_700_000_000_000,
        ..Host::default()
    };
    let mut config = Config {
        proto_max_bulk_len: 1024 * 1024,
        ..Config::default()
    };
    // DEBUG runs (RELOAD, DIGEST, OBJECT...): it is refused by default.
    config.set_reported_at_start("enable-debug-command", "yes".into());
    let mut server = Server::new(config, host, now);
    let mut clients: Vec<ClientId> = (0..CONNECTIONS).map(|_| server.connect(now)).collect();
    let mut input = data;
    while let Some((&op, rest)) = input.split_first() {
        input = rest;
        let slot = usize::from(op >> 3) % CONNECTIONS;
        match op & 7 {
            0..=3 => {
                let (&len, rest) = input.split_first().unwrap_or((&0, &[]));
                let len = usize::from(len).min(rest.len());
                let (chunk, rest) = rest.split_at(len);
                input = rest;
                server.receive(clients[slot], chunk, now);
                if op & 0x20 == 0 {
                    take_checked(&mut server, clients[slot], None, now);
                }
            }
            4 => {
                let (&v, rest) = input.split_first().unwrap_or((&0, &[]));
                input = rest;
                now += u64::from(v) * u64::from(v);
            }
            5 => {
                server.handle_timeout(now);
                if let Some(next) = server.next_timeout() {
                    // `now` itself only while a script runs in slices.
                    assert!(next >= now, "timer asked to be called at {next}, now {now}");
                }
            }
            6 => reconnect(&mut server, &mut clients, slot, now),
            _ => {
                let (&v, rest) = input.split_first().unwrap_or((&0, &[]));
                input = rest;
                let written = usize::from(v) * usize::from(v) * 16;
                take_checked(&mut server, clients[slot], Some(written), now);
            }
        }
        while let Some(event) = server.poll_event() {
            match event {
                Event::Output(id) => assert!(server.is_connected(id), "output for a gone client"),
                Event::Close { client, .. } => {
                    if let Some(slot) = clients.iter().position(|c| *c == client) {
                        take_checked(&mut server, client, None, now);
                        reconnect(&mut server, &mut clients, slot, now);
                    }
                }
                Event::Shutdown => {}
                Event::Snapshot => {
                    let mut bytes = Vec::new();
                    if let Some(chunk) = server.take_snapshot_bytes(&mut bytes) {
                        if chunk.last {
                            server.snapshot_finished(chunk.id, Ok(()), now);
                        }
                    }
                }
            }
        }
        if let Err(problem) = server.audit() {
            panic!("invariant broken: {problem}");
        }
    }
    for client in clients {
        server.closed(client, now);
    }
}

/// Takes a client's output, checks its framing and reports `written` bytes
/// of it written (all of it for `None`).
fn take_checked(server: &mut Server, client: ClientId, written: Option<usize>, now: Millis) {
    let mut out = Vec::new();
    server.take_output(client, &mut out);
    if let Err(problem) = check_replies(&out) {
        panic!(
            "bad reply framing ({problem}): {:?}",
            String::from_utf8_lossy(&out)
        );
    }
    let n = written.map_or(out.len(), |n| n.min(out.len()));
    server.written(client, n, now);
}

fn reconnect(server: &mut Server, clients: &mut [ClientId], slot: usize, now: Millis) {
    let fresh = server.connect(now);
    server.closed(std::mem::replace(&mut clients[slot], fresh), now);
}

/// Checks that `out` is a sequence of complete RESP2/RESP3 replies.
pub fn check_replies(mut out: &[u8]) -> Result<(), String> {
    while !out.is_empty() {
        let len = frames::frame_len(out)?;
        out = &out[len..];
    }
    Ok(())
}

/// RDB bytes into the RDB decoder, as a file and as a DUMP value (the
/// core's own entry checks the invariants).
pub fn rdb(data: &[u8]) {
    miniredis_core::fuzz_rdb(data);
}

/// Slices a script may run before the harness asks SCRIPT KILL.
const SCRIPT_SLICES: usize = 4;
/// Slices an unkillable script (it wrote) may run after that before the
/// harness ends it with SHUTDOWN NOSAVE.
const UNKILLABLE_SLICES: usize = 30;
/// Wall time any one call into the core may take, generous for debug
/// builds and sanitizers: beyond it the core did unbounded work.
const CALL_BOUND: std::time::Duration = std::time::Duration::from_secs(20);

/// Scripts target: the bytes are read as a series of EVAL commands whose
/// bodies [`lua_gen::script`] builds from random tokens and values (with
/// random keys and arguments; some EVAL_RO, some inside MULTI/EXEC), each
/// run through a server to its end: a script still running after its
/// first slice is driven by `handle_timeout` (the clock moving past
/// `busy-reply-threshold`), asked to stop by SCRIPT KILL from another
/// connection after [`SCRIPT_SLICES`] slices, and, when it wrote and so
/// cannot be killed, ended with SHUTDOWN NOSAVE (the server is then
/// rebuilt). Checked: no panic, every reply well framed, every call into
/// the core under [`CALL_BOUND`], the invariants after each script, and
/// both connections answering PING after each.
pub fn scripts(data: &[u8]) {
    let mut choices = lua_gen::Choices::new(data);
    let mut scripts_run = 0;
    let mut env = ScriptEnv::new();
    while !choices.exhausted() && scripts_run < 8 {
        scripts_run += 1;
        let body = lua_gen::script(&mut choices);
        if std::env::var_os("MINIREDIS_FUZZ_TRACE").is_some() {
            eprintln!("script: {body}");
        }
        let numkeys = choices.below(3);
        let mut args: Vec<Vec<u8>> = vec![
            if choices.below(4) == 0 {
                b"EVAL_RO".to_vec()
            } else {
                b"EVAL".to_vec()
            },
            body.into_bytes(),
            numkeys.to_string().into_bytes(),
        ];
        for _ in 0..numkeys + choices.below(3) {
            let value = match choices.below(4) {
                0 => b"k1".to_vec(),
                1 => choices.byte().to_string().into_bytes(),
                2 => vec![choices.byte(); choices.below(8)],
                _ => b"1e400".to_vec(),
            };
            args.push(value);
        }
        let mut input = encode_command(&args);
        if choices.below(8) == 0 {
            let mut wrapped = encode_command(&[b"MULTI".to_vec()]);
            wrapped.extend(input);
            wrapped.extend(encode_command(&[b"EXEC".to_vec()]));
            input = wrapped;
        }
        env.run_script(&input);
    }
}

/// The server and the two connections the scripts target drives.
struct ScriptEnv {
    server: Server,
    now: Millis,
    caller: ClientId,
    other: ClientId,
}

fn encode_command(args: &[Vec<u8>]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Runs `f` on the server and checks it returned within [`CALL_BOUND`].
fn bounded<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let value = f();
    let took = start.elapsed();
    assert!(took < CALL_BOUND, "{what} took {took:?}");
    value
}

impl ScriptEnv {
    fn new() -> ScriptEnv {
        let now = 0;
        let config = Config {
            busy_reply_threshold_ms: 5,
            proto_max_bulk_len: 1024 * 1024,
            ..Config::default()
        };
        let mut server = Server::new(config, Host::default(), now);
        let caller = server.connect(now);
        let other = server.connect(now);
        ScriptEnv {
            server,
            now,
            caller,
            other,
        }
    }

    /// Takes a client's output, checking its framing.
    fn output(&mut self, client: ClientId) -> Vec<u8> {
        let mut out = Vec::new();
        self.server.take_output(client, &mut out);
        if let Err(problem) = check_replies(&out) {
            panic!(
                "bad reply framing ({problem}): {:?}",
                String::from_utf8_lossy(&out)
            );
        }
        self.server.written(client, out.len(), self.now);
        out
    }

    /// Drains events; true when the server shut down. A connection the
    /// core closed (a script's CLIENT KILL, an output limit) is replaced.
    fn events(&mut self) -> bool {
        let mut shutdown = false;
        while let Some(event) = self.server.poll_event() {
            match event {
                Event::Shutdown => shutdown = true,
                Event::Close { client, .. } => {
                    let now = self.now;
                    for slot in [&mut self.caller, &mut self.other] {
                        if *slot == client {
                            self.server.closed(client, now);
                            *slot = self.server.connect(now);
                        }
                    }
                }
                Event::Output(_) => {}
                // A script's SAVE/BGSAVE: the file is taken and reported
                // written, as the adapter would.
                Event::Snapshot => {
                    let mut bytes = Vec::new();
                    if let Some(chunk) = self.server.take_snapshot_bytes(&mut bytes) {
                        if chunk.last {
                            self.server.snapshot_finished(chunk.id, Ok(()), self.now);
                        }
                    }
                }
            }
        }
        shutdown
    }

    fn slice(&mut self) {
        self.now += 2;
        let now = self.now;
        bounded("a slice", || self.server.handle_timeout(now));
    }

    fn run_script(&mut self, input: &[u8]) {
        let (caller, now) = (self.caller, self.now);
        bounded("EVAL", || self.server.receive(caller, input, now));
        let mut done = false;
        for _ in 0..SCRIPT_SLICES {
            if !self.server.script_running() {
                done = true;
                break;
            }
            self.slice();
        }
        if !done && self.server.script_running() {
            let kill = encode_command(&[b"SCRIPT".to_vec(), b"KILL".to_vec()]);
            let (other, now) = (self.other, self.now);
            bounded("SCRIPT KILL", || self.server.receive(other, &kill, now));
            let reply = self.output(other);
            let killed = reply == b"+OK\r\n";
            assert!(
                killed || reply.starts_with(b"-UNKILLABLE ") || reply.starts_with(b"-NOTBUSY "),
                "SCRIPT KILL: {:?}",
                String::from_utf8_lossy(&reply)
            );
            let budget = if killed { 2 } else { UNKILLABLE_SLICES };
            for _ in 0..budget {
                if !self.server.script_running() {
                    break;
                }
                self.slice();
            }
            if self.server.script_running() {
                assert!(!killed, "a killed script ran on");
                let shutdown = encode_command(&[b"SHUTDOWN".to_vec(), b"NOSAVE".to_vec()]);
                let (other, now) = (self.other, self.now);
                bounded("SHUTDOWN NOSAVE", || {
                    self.server.receive(other, &shutdown, now)
                });
                assert!(self.events(), "SHUTDOWN NOSAVE during a script shuts down");
                *self = ScriptEnv::new();
                return;
            }
        }
        assert!(!self.events(), "a script shut the server down");
        self.output(self.caller);
        self.output(self.other);
        if let Err(problem) = self.server.audit() {
            panic!("invariant broken: {problem}");
        }
        for client in [self.caller, self.other] {
            let ping = encode_command(&[b"PING".to_vec()]);
            let now = self.now;
            bounded("PING", || self.server.receive(client, &ping, now));
            let reply = self.output(client);
            assert!(
                reply == b"+PONG\r\n",
                "PING after a script: {:?}",
                String::from_utf8_lossy(&reply)
            );
        }
    }
}
