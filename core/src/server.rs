//! The [`Server`] (state shared by all clients) and each client's
//! [`Connection`]. See the crate documentation for the driving contract.

use std::net::IpAddr;

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
    /// SHUTDOWN: close this connection (its replies are written first, as
    /// for `Close`), then stop the server: stop accepting, let replies
    /// already in flight to other clients go out, and exit with status 0.
    Shutdown,
}

/// Counters reported by INFO stats.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub total_commands_processed: u64,
    pub total_connections_received: u64,
    pub rejected_connections: u64,
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
    /// When the client last sent bytes (for `timeout`).
    last_input: Millis,
    /// Since when its unwritten replies have been at or over the soft
    /// `client-output-buffer-limit`.
    output_soft_since: Option<Millis>,
}

/// A connection the server will not serve: the adapter writes
/// [`Refusal::reply`] (best effort) and closes the socket. No
/// [`Server::disconnect`] follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `maxclients` connections are open already.
    MaxClients,
    /// Protected mode: no password is set and the peer is not local.
    ProtectedMode,
}

impl Refusal {
    /// The bytes Redis sends before closing such a connection.
    pub fn reply(self) -> &'static [u8] {
        match self {
            Refusal::MaxClients => b"-ERR max number of clients reached\r\n",
            Refusal::ProtectedMode => PROTECTED_MODE_DENIED,
        }
    }
}

/// Redis's reply to a non-local peer in protected mode, word for word.
const PROTECTED_MODE_DENIED: &[u8] = b"-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

/// Whether a peer counts as local for protected mode: a loopback address
/// (IPv4-mapped ones included), or no address at all (a local socket).
fn is_local(peer: Option<IpAddr>) -> bool {
    match peer {
        None => true,
        Some(IpAddr::V4(v4)) => v4.is_loopback(),
        Some(IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("id", &self.client.id)
            .field("pending_input", &self.decoder.pending())
            .field("closed", &self.closed)
            .finish()
    }
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

    /// Admits a client that connected from `peer` (`None` for a local
    /// socket without an address), as Redis does: refused when
    /// `maxclients` connections are open, or, in protected mode with no
    /// password, when the peer is not on the loopback interface. The
    /// adapter calls this for every accepted socket.
    pub fn accept(&mut self, now: Millis, peer: Option<IpAddr>) -> Result<Connection, Refusal> {
        self.advance_clock(now);
        if self.connected_clients as u64 >= self.config.maxclients {
            self.stats.rejected_connections += 1;
            return Err(Refusal::MaxClients);
        }
        if self.config.protected_mode && self.config.requirepass.is_empty() && !is_local(peer) {
            // Redis counts these as received connections, then drops them.
            self.stats.total_connections_received += 1;
            return Err(Refusal::ProtectedMode);
        }
        Ok(self.connect(now))
    }

    /// Registers a new client and returns its connection state, without
    /// the admission checks of [`Server::accept`] (for tests and embedders
    /// whose clients are trusted and local).
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
            last_input: self.now,
            output_soft_since: None,
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
        connection.last_input = self.now;
        connection.decoder.extend(input);
        let replies_start = out.len();
        // What `out` holds now is all that is unwritten (the contract):
        // this also ends a soft-limit count left from an earlier batch.
        if self.output_over_limit(connection, replies_start) {
            connection.closed = true;
            return Outcome::Close;
        }
        loop {
            // Checked per command: an AUTH earlier in this input lifts the
            // unauthenticated limits for the commands after it.
            let limits = Limits {
                unauthenticated: connection.client.auth_required(&self.config),
                ..self.limits
            };
            match connection.decoder.next_command(&limits) {
                Ok(Some(command)) => {
                    let client = &mut connection.client;
                    match command.with_slices(|args| commands::execute(self, client, args, out)) {
                        Flow::Continue => {
                            if self.output_over_limit(connection, out.len()) {
                                // As Redis: the client is dropped without
                                // the replies that took it over the limit.
                                out.truncate(replies_start);
                                connection.closed = true;
                                return Outcome::Close;
                            }
                        }
                        Flow::Close => {
                            connection.closed = true;
                            return Outcome::Close;
                        }
                        Flow::Shutdown => {
                            connection.closed = true;
                            return Outcome::Shutdown;
                        }
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

    /// Reports that `unwritten` reply bytes of `connection` are still
    /// waiting to go out at `now` (see the driving contract): `Close` when
    /// that is over `client-output-buffer-limit` (the adapter then closes
    /// the socket without writing the rest), `Continue` otherwise.
    pub fn output_pending(
        &mut self,
        connection: &mut Connection,
        unwritten: usize,
        now: Millis,
    ) -> Outcome {
        self.advance_clock(now);
        if connection.closed {
            return Outcome::Close;
        }
        if self.output_over_limit(connection, unwritten) {
            connection.closed = true;
            return Outcome::Close;
        }
        Outcome::Continue
    }

    /// Redis's check: over the hard limit, or over the soft limit for
    /// longer than its seconds (counted from the first time it was seen
    /// over; dropping under the soft limit restarts the count).
    fn output_over_limit(&self, connection: &mut Connection, unwritten: usize) -> bool {
        let limit = self.config.client_output_buffer_limit.normal;
        if limit.hard == 0 && limit.soft == 0 {
            return false;
        }
        let unwritten = unwritten as u64;
        if limit.hard > 0 && unwritten >= limit.hard {
            return true;
        }
        if limit.soft == 0 || unwritten < limit.soft {
            connection.output_soft_since = None;
            return false;
        }
        match connection.output_soft_since {
            None => {
                connection.output_soft_since = Some(self.now);
                false
            }
            Some(since) => self.now - since > limit.soft_secs.saturating_mul(1000),
        }
    }

    /// When `connection` will have been idle longer than `timeout` (the
    /// first millisecond at which [`Server::idle_expired`] holds), or
    /// `None` when `timeout` is 0. The adapter waits for input until then.
    pub fn idle_deadline(&self, connection: &Connection) -> Option<Millis> {
        match self.config.timeout_secs {
            0 => None,
            secs => Some(
                connection
                    .last_input
                    .saturating_add(secs.saturating_mul(1000))
                    .saturating_add(1),
            ),
        }
    }

    /// True when `connection` has been idle longer than `timeout` at
    /// `now`: the adapter closes it silently (Redis sends nothing). Asked
    /// again when its deadline comes, since CONFIG SET may have changed it.
    pub fn idle_expired(&mut self, connection: &Connection, now: Millis) -> bool {
        self.advance_clock(now);
        self.idle_deadline(connection)
            .is_some_and(|deadline| self.now >= deadline)
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
