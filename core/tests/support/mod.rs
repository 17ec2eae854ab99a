//! Test harness: one server, a fake clock, and clients that send raw bytes
//! and get back exactly the bytes the core produced, driven through the
//! core's public contract (inputs, then events and output drained).

#![allow(dead_code)]

pub mod frames;

use miniredis_core::{ClientId, Config, Event, EvictionPolicy, Host, Millis, Server};

/// Unix time (ms) that the fake clock's zero stands for.
pub const UNIX_AT_ZERO: u64 = 1_700_000_000_000;

pub struct Harness {
    pub server: Server,
    pub now: Millis,
    /// Clients the core asked to close, with whether to flush first.
    pub closes: Vec<(ClientId, bool)>,
    /// Whether the core asked the server to stop.
    pub shutdown: bool,
    /// The snapshot file taken so far, as an adapter writes it.
    pub snapshot: Vec<u8>,
    /// The id of the snapshot whose last bytes were taken (the file is
    /// complete; report it with [`Harness::finish_snapshot`]).
    pub snapshot_complete: Option<u64>,
}

pub struct Client {
    pub id: ClientId,
    /// The core announced a close for this client during one of this
    /// client's own `send` calls (see [`Harness::is_closed`] for others).
    pub closed: bool,
}

impl Harness {
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    pub fn with_config(config: Config) -> Self {
        Self::with_host(config, Host::default())
    }

    /// A server with these host facts, its clock's zero at [`UNIX_AT_ZERO`].
    pub fn with_host(config: Config, host: Host) -> Self {
        let host = Host {
            unix_time_at_zero_ms: UNIX_AT_ZERO,
            ..host
        };
        Harness {
            server: Server::new(config, host, 0),
            now: 0,
            closes: Vec::new(),
            shutdown: false,
            snapshot: Vec::new(),
            snapshot_complete: None,
        }
    }

    pub fn client(&mut self) -> Client {
        Client {
            id: self.server.connect(self.now),
            closed: false,
        }
    }

    /// A client admitted as the adapter admits one, connected from `peer`
    /// (an `ip:port`) to `local`.
    pub fn client_at(&mut self, peer: &str, local: &str) -> Client {
        let id = self
            .server
            .accept(self.now, peer.parse().ok(), local.parse().ok())
            .expect("admitted");
        Client { id, closed: false }
    }

    /// Moves the fake clock forward.
    pub fn advance(&mut self, ms: Millis) {
        self.now += ms;
    }

    /// Drains the core's events into `closes` / `shutdown`.
    pub fn drain_events(&mut self) {
        while let Some(event) = self.server.poll_event() {
            match event {
                Event::Output(_) => {}
                Event::Close { client, flush } => self.closes.push((client, flush)),
                Event::Shutdown => self.shutdown = true,
                Event::Snapshot => {
                    let mut bytes = Vec::new();
                    if let Some(chunk) = self.server.take_snapshot_bytes(&mut bytes) {
                        if chunk.first {
                            self.snapshot.clear();
                        }
                        self.snapshot.extend_from_slice(&bytes);
                        if chunk.last {
                            self.snapshot_complete = Some(chunk.id);
                        }
                    }
                }
            }
        }
    }

    /// Reports the complete snapshot written (`Ok`) or failed, as the
    /// adapter does after its fsync and rename; returns the file's bytes.
    /// A snapshot still walking is first walked to its end on the timer
    /// (each call a millisecond later).
    pub fn finish_snapshot(&mut self, result: Result<(), String>) -> Vec<u8> {
        for _ in 0..100_000 {
            if self.snapshot_complete.is_some() {
                break;
            }
            match self.server.next_timeout() {
                Some(at) if at <= self.now + 1 => {
                    self.now = self.now.max(at);
                    self.tick();
                }
                _ => break,
            }
        }
        let id = self.snapshot_complete.take().expect("a complete snapshot");
        self.server.snapshot_finished(id, result, self.now);
        self.drain_events();
        std::mem::take(&mut self.snapshot)
    }

    pub fn is_closed(&self, client: &Client) -> bool {
        self.closes.iter().any(|(id, _)| *id == client.id)
    }

    /// Takes all of the client's output and reports it written, as an
    /// adapter whose writes always complete does.
    pub fn read(&mut self, client: &Client) -> Vec<u8> {
        let mut out = Vec::new();
        self.server.take_output(client.id, &mut out);
        self.server.written(client.id, out.len(), self.now);
        self.drain_events();
        out
    }

    /// Sends `input` in one chunk and returns every reply byte.
    pub fn send(&mut self, client: &mut Client, input: &[u8]) -> Vec<u8> {
        let closes_before = self.closes.len();
        self.server.receive(client.id, input, self.now);
        self.drain_events();
        let out = self.read(client);
        if self.closes[closes_before..]
            .iter()
            .any(|(id, _)| *id == client.id)
        {
            client.closed = true;
        }
        self.server.audit().expect("core invariants hold");
        out
    }

    /// Sends `input` from a client that does not read its replies: they
    /// stay in the core, counted as unwritten.
    pub fn send_unread(&mut self, client: &mut Client, input: &[u8]) {
        self.server.receive(client.id, input, self.now);
        self.drain_events();
        client.closed |= self.is_closed(client);
    }

    /// Runs the timer if it is due at the harness's time.
    pub fn tick(&mut self) {
        if self.server.next_timeout().is_some_and(|at| at <= self.now) {
            self.server.handle_timeout(self.now);
        }
        self.drain_events();
        self.server.audit().expect("core invariants hold");
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

/// A server under `maxmemory` with `policy` (and a fixed seed, so its
/// sampling replays), with one client.
pub fn with_eviction(policy: EvictionPolicy, maxmemory: u64) -> (Harness, Client) {
    let mut h = Harness::with_host(
        Config {
            maxmemory,
            maxmemory_policy: policy,
            ..Config::default()
        },
        Host {
            seed: 7,
            ..Host::default()
        },
    );
    let c = h.client();
    (h, c)
}

/// One-shot helper: a fresh server and client, inline lines in, text out.
pub fn replies(lines: &str) -> String {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, lines)
}
