//! The [`Server`] (state shared by all clients) and each client's
//! [`Connection`]. See the crate documentation for the driving contract.

use bytes::Bytes;

use crate::commands::{self, Flow};
use crate::config::Config;
use crate::keyspace::Db;
use crate::protocol::{Decoder, Limits, Protocol, ReplyWriter};
use crate::Millis;

/// Number of databases SELECT can address.
pub const DATABASES: usize = 16;

/// Keys the active expiry cycle may remove in one tick, so a tick's work is
/// bounded whatever the keyspace holds.
pub const EXPIRE_BUDGET_PER_TICK: usize = 20_000;

/// How often the adapter is expected to tick when it has nothing sooner.
pub const TICK_INTERVAL_MS: Millis = 100;

/// What the adapter does after writing the reply bytes of a `handle` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Keep the connection open and read more.
    Continue,
    /// Write the replies produced so far, then close the connection.
    Close,
}

/// Counters reported by INFO stats.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub total_commands_processed: u64,
    pub total_connections_received: u64,
    pub keyspace_hits: u64,
    pub keyspace_misses: u64,
    pub evicted_keys: u64,
}

/// Per-client state that commands read and change.
#[derive(Debug)]
pub(crate) struct ClientState {
    pub id: u64,
    pub protocol: Protocol,
    pub db: usize,
    pub name: Option<Bytes>,
    pub lib_name: Option<Bytes>,
    pub lib_ver: Option<Bytes>,
    /// Whether the client may run commands other than AUTH, HELLO, QUIT.
    /// Set at connect when no password is configured (as Redis does, a
    /// password set later does not lock out clients already connected).
    pub authenticated: bool,
}

impl ClientState {
    /// Redis's `authRequired`: a password is configured and this client
    /// has not given it.
    pub fn auth_required(&self, config: &Config) -> bool {
        !self.authenticated && !config.requirepass.is_empty()
    }
}

/// One client connection, owned by the adapter and passed back to the
/// server on every call. Holds the partial input and the client's settings.
pub struct Connection {
    decoder: Decoder,
    pub(crate) client: ClientState,
    closed: bool,
}

impl Connection {
    /// The client id (CLIENT ID, HELLO's `id`).
    pub fn id(&self) -> u64 {
        self.client.id
    }

    /// Bytes received but not yet part of a complete command.
    pub fn pending_input(&self) -> usize {
        self.decoder.buffered()
    }
}

/// The server state shared by every connection.
pub struct Server {
    pub(crate) config: Config,
    pub(crate) dbs: Vec<Db>,
    pub(crate) stats: Stats,
    pub(crate) limits: Limits,
    /// Latest time seen; never decreases.
    pub(crate) now: Millis,
    pub(crate) started_at: Millis,
    pub(crate) connected_clients: usize,
    pub(crate) peak_memory: usize,
    /// Eviction candidates carried between evictions (see eviction.rs).
    pub(crate) eviction_pool: Vec<crate::eviction::Candidate>,
    next_client_id: u64,
    rng: u64,
}

impl Server {
    /// A server with empty databases. `now` is the caller's current time.
    pub fn new(config: Config, now: Millis) -> Server {
        let seed = config.seed;
        let mut server = Server {
            dbs: (0..DATABASES).map(|i| Db::new(seed ^ i as u64)).collect(),
            stats: Stats::default(),
            limits: Limits {
                max_bulk_len: config.proto_max_bulk_len,
                ..Limits::default()
            },
            now,
            started_at: now,
            connected_clients: 0,
            peak_memory: 0,
            eviction_pool: Vec::new(),
            next_client_id: 1,
            rng: (seed ^ 0x9E37_79B9_7F4A_7C15) | 1,
            config,
        };
        server.apply_eviction_policy();
        server
    }

    /// The configuration currently in force (CONFIG SET changes it).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Brings state derived from the configuration in line after CONFIG SET.
    pub(crate) fn apply_config(&mut self) {
        self.limits.max_bulk_len = self.config.proto_max_bulk_len;
    }

    /// Registers a new client and returns its connection state.
    pub fn connect(&mut self, now: Millis) -> Connection {
        self.advance_clock(now);
        let id = self.next_client_id;
        self.next_client_id += 1;
        self.connected_clients += 1;
        self.stats.total_connections_received += 1;
        Connection {
            decoder: Decoder::new(),
            client: ClientState {
                id,
                protocol: Protocol::Resp2,
                db: 0,
                name: None,
                lib_name: None,
                lib_ver: None,
                authenticated: self.config.requirepass.is_empty(),
            },
            closed: false,
        }
    }

    /// Forgets a client whose socket has closed.
    pub fn disconnect(&mut self, connection: Connection) {
        drop(connection);
        self.connected_clients = self.connected_clients.saturating_sub(1);
    }

    /// Feeds bytes read from `connection` at time `now`; appends the replies
    /// of every complete command to `out`. See the crate documentation.
    pub fn handle(
        &mut self,
        connection: &mut Connection,
        input: &[u8],
        now: Millis,
        out: &mut Vec<u8>,
    ) -> Outcome {
        self.advance_clock(now);
        if connection.closed {
            return Outcome::Close;
        }
        connection.decoder.extend(input);
        loop {
            // Checked per command: an AUTH earlier in this input lifts the
            // unauthenticated limits for the commands after it.
            let limits = Limits {
                unauthenticated: connection.client.auth_required(&self.config),
                ..self.limits
            };
            match connection.decoder.next_command(&limits) {
                Ok(Some(args)) => {
                    if commands::execute(self, &mut connection.client, &args, out) == Flow::Close {
                        connection.closed = true;
                        return Outcome::Close;
                    }
                }
                Ok(None) => {
                    self.peak_memory = self.peak_memory.max(self.used_memory());
                    if connection.decoder.pending() as u64 > self.config.client_query_buffer_limit {
                        // Redis closes such a client without a reply.
                        connection.closed = true;
                        return Outcome::Close;
                    }
                    return Outcome::Continue;
                }
                Err(error) => {
                    ReplyWriter::new(out, connection.client.protocol).error_bytes(&error.message());
                    connection.closed = true;
                    return Outcome::Close;
                }
            }
        }
    }

    /// Runs the active expiry cycle (bounded work) and returns the next
    /// time the server wants a tick, strictly later than `now`.
    pub fn tick(&mut self, now: Millis) -> Option<Millis> {
        self.advance_clock(now);
        let mut budget = EXPIRE_BUDGET_PER_TICK;
        for db in &mut self.dbs {
            budget -= db.expire_due(self.now, budget);
            if budget == 0 {
                break;
            }
        }
        self.next_wakeup()
    }

    /// When the server next needs a tick: `now + 1` if expired keys remain
    /// (the budget ran out), the earliest deadline otherwise, `None` when no
    /// key has a deadline. Always strictly later than the current time.
    pub fn next_wakeup(&self) -> Option<Millis> {
        let earliest = self.dbs.iter().filter_map(|db| db.next_deadline()).min()?;
        Some(earliest.max(self.now + 1))
    }

    /// Total keys across databases.
    pub fn key_count(&self) -> usize {
        self.dbs.iter().map(|db| db.len()).sum()
    }

    /// Approximate bytes used by the keyspace (INFO's `used_memory`).
    pub fn used_memory(&self) -> usize {
        self.dbs.iter().map(|db| db.used_memory()).sum()
    }

    /// Checks internal invariants (memory account, expiry index); for tests
    /// and simulations.
    pub fn audit(&self) -> Result<(), String> {
        for (i, db) in self.dbs.iter().enumerate() {
            db.audit().map_err(|e| format!("db{i}: {e}"))?;
        }
        Ok(())
    }

    fn advance_clock(&mut self, now: Millis) {
        self.now = self.now.max(now);
    }

    /// Unix time in milliseconds for the current clock value.
    pub(crate) fn unix_now_ms(&self) -> u64 {
        self.config.unix_time_at_zero_ms.saturating_add(self.now)
    }

    /// Unix time in milliseconds of a time on the caller's clock.
    pub(crate) fn unix_ms_of(&self, at: Millis) -> u64 {
        self.config.unix_time_at_zero_ms.saturating_add(at)
    }

    /// Converts a Unix time in milliseconds to the caller's clock.
    pub(crate) fn clock_from_unix_ms(&self, unix_ms: i64) -> Millis {
        let base = self.config.unix_time_at_zero_ms as i64;
        unix_ms.saturating_sub(base).max(0) as Millis
    }

    /// Next pseudo-random number (xorshift64*), seeded from the config.
    pub(crate) fn random(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}
