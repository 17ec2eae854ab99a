//! Test harness: one server, a fake clock, and clients that send raw bytes
//! and get back exactly the bytes the core produced.

#![allow(dead_code)]

pub mod frames;

use miniredis_core::{Config, Connection, Millis, Outcome, Server};

/// Unix time (ms) that the fake clock's zero stands for.
pub const UNIX_AT_ZERO: u64 = 1_700_000_000_000;

pub struct Harness {
    pub server: Server,
    pub now: Millis,
}

pub struct Client {
    pub conn: Connection,
    pub closed: bool,
}

impl Harness {
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    pub fn with_config(config: Config) -> Self {
        let config = Config {
            unix_time_at_zero_ms: UNIX_AT_ZERO,
            ..config
        };
        Harness {
            server: Server::new(config, 0),
            now: 0,
        }
    }

    pub fn client(&mut self) -> Client {
        Client {
            conn: self.server.connect(self.now),
            closed: false,
        }
    }

    /// Moves the fake clock forward.
    pub fn advance(&mut self, ms: Millis) {
        self.now += ms;
    }

    /// Sends `input` in one chunk and returns every reply byte.
    pub fn send(&mut self, client: &mut Client, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        if self
            .server
            .handle(&mut client.conn, input, self.now, &mut out)
            == Outcome::Close
        {
            client.closed = true;
        }
        self.server.audit().expect("core invariants hold");
        out
    }

    /// Sends inline command lines and returns the replies as text.
    pub fn run(&mut self, client: &mut Client, lines: &str) -> String {
        let mut input = lines.replace('\n', "\r\n");
        if !input.ends_with("\r\n") {
            input.push_str("\r\n");
        }
        String::from_utf8_lossy(&self.send(client, input.as_bytes())).into_owned()
    }
}

/// One-shot helper: a fresh server and client, inline lines in, text out.
pub fn replies(lines: &str) -> String {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, lines)
}
