//! # miniredis-embedded
//!
//! A real, Redis-exact server inside your test process: it listens on
//! 127.0.0.1 on a free port, any Redis client connects to it, and **the
//! test owns its clock**. Keys expire and blocking commands time out when
//! the test says so, at once, with no real waiting.
//!
//! It is miniRedis (the same core the `miniredis` binaries run, checked
//! byte for byte against redis-server 7.0.15) on a background thread of
//! its own with its own smol executor, so it works the same from a plain
//! `#[test]`, a `#[tokio::test]`, async-std or anything else. Each
//! [`Server`] is independent: start one per test, they run in parallel, and
//! dropping it stops it and frees its port.
//!
//! ## Example
//!
//! ```toml
//! [dev-dependencies]
//! miniredis-embedded = { path = "../miniredis/runtimes/embedded" }
//! redis = "1"
//! ```
//!
//! ```
//! use std::time::Duration;
//!
//! use miniredis_embedded::Server;
//! use redis::Commands;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = Server::start()?;
//! let mut con = redis::Client::open(server.url())?.get_connection()?;
//!
//! // The code under test stores a session for 10 seconds...
//! let () = con.set_ex("session:alice", "token", 10)?;
//!
//! // ...which is still there after 9 seconds...
//! server.fast_forward(Duration::from_secs(9));
//! let token: Option<String> = con.get("session:alice")?;
//! assert_eq!(token.as_deref(), Some("token"));
//! assert_eq!(server.ttl("session:alice"), Some(Duration::from_secs(1)));
//!
//! // ...and gone after one more: no sleeping.
//! server.fast_forward(Duration::from_secs(1));
//! let token: Option<String> = con.get("session:alice")?;
//! assert_eq!(token, None);
//!
//! // Seed and check data without a client.
//! server.set("greeting", "hello");
//! let greeting: String = con.get("greeting")?;
//! assert_eq!(greeting, "hello");
//! assert_eq!(server.keys(), ["greeting"]);
//! # Ok(())
//! # }
//! ```
//!
//! ## The clock
//!
//! By default the clock is manual: it starts at the current wall time and
//! moves only with [`Server::fast_forward`], which also runs, before it
//! returns, everything that became due: expired keys are removed (and their
//! keyspace notifications published), blocked clients whose timeout passed
//! get their reply. [`Builder::system_clock`] follows real time instead
//! (`fast_forward` then adds to it). [`Server::set_time`] sets the wall
//! clock that TIME, EXPIREAT and stream IDs see.
//!
//! ## Test helpers
//!
//! - [`Server::exec`] runs a command without a socket and returns a typed
//!   [`Reply`] (RESP3: maps, sets, doubles keep their types).
//! - Direct access ([`Server::get`], [`Server::set`], [`Server::lrange`]...,
//!   on another database through [`Server::db`]) seeds and checks data.
//! - [`Server::command_count`], [`Server::connected_clients`],
//!   [`Server::total_connections`] count what the clients did (not what the
//!   helpers did).
//! - [`Server::set_error`] makes every command from a socket answer an
//!   error, and [`Server::close_clients`] drops every connection, to test a
//!   client's error paths and reconnects.
//! - [`Server::blocked_clients`] tells when a blocking command sent from
//!   another thread or task has arrived, so the test fast-forwards after it.
//!
//! `exec` and direct access run on two internal clients without a socket,
//! registered on first use: CLIENT LIST shows them (`addr=?:0`), the
//! counting helpers leave them out.

mod clock;
mod connection;
mod db;
mod inject;
mod reply;
mod shared;
mod thread;

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use miniredis_core::{Config, Host};
use smol::Async;

use crate::clock::{unix_ms, Clock};
use crate::shared::{Internal, Shared};

pub use crate::db::Db;
pub use crate::reply::Reply;

/// How long `fast_forward` waits for the replies it caused to be written
/// to their sockets (a client that does not read would wait forever).
const WRITE_WAIT: Duration = Duration::from_secs(1);

/// How long `close_clients` waits for the connections to close.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// A running server; dropping it stops it (its thread ends, every
/// connection and the listener close).
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

/// Options for [`Server::builder`].
#[derive(Clone, Debug, Default)]
pub struct Builder {
    port: u16,
    password: Option<String>,
    system_clock: bool,
    config: Vec<(String, String)>,
}

impl Builder {
    /// Listens on this port of 127.0.0.1 instead of a free one.
    pub fn port(mut self, port: u16) -> Builder {
        self.port = port;
        self
    }

    /// Requires this password (`requirepass`): clients must AUTH first.
    pub fn password(mut self, password: &str) -> Builder {
        self.password = Some(password.to_string());
        self
    }

    /// Follows real time instead of a manual clock; `fast_forward` adds to
    /// it.
    pub fn system_clock(mut self) -> Builder {
        self.system_clock = true;
        self
    }

    /// Sets any CONFIG SET parameter at start, e.g.
    /// `.config("maxmemory", "1mb")`; start fails if CONFIG SET refuses it.
    /// `enable-debug-command` (`no`, `yes` or `local`), which CONFIG SET
    /// refuses as Redis does, is taken here too: it is a start-up setting.
    pub fn config(mut self, name: &str, value: &str) -> Builder {
        self.config.push((name.to_string(), value.to_string()));
        self
    }

    /// Starts the server; it accepts connections when this returns.
    pub fn start(self) -> io::Result<Server> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], self.port)))?;
        let addr = listener.local_addr()?;
        let listener = Async::new(listener)?;
        let (clock, unix_time_at_zero_ms) = if self.system_clock {
            Clock::system()
        } else {
            (Clock::manual(), unix_ms(SystemTime::now()))
        };
        let host = Host {
            port: addr.port(),
            runtime: "embedded",
            process_id: std::process::id(),
            seed: random_seed(),
            unix_time_at_zero_ms,
        };
        let mut config = Config {
            requirepass: self.password.unwrap_or_default().into_bytes(),
            ..Config::default()
        };
        let (at_start, settable): (Vec<_>, Vec<_>) = self
            .config
            .iter()
            .partition(|(name, _)| name.eq_ignore_ascii_case("enable-debug-command"));
        for (_, value) in at_start {
            let value = value.to_ascii_lowercase();
            if !["no", "yes", "local"].contains(&value.as_str()) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("enable-debug-command {value}: expected no, yes or local"),
                ));
            }
            config.set_reported_at_start("enable-debug-command", value);
        }
        let core = miniredis_core::Server::new(config, host, clock.now());
        let shared = Arc::new(Shared::new(core, clock));
        for (name, value) in settable {
            let reply = shared.exec(Internal::Direct, None, &["CONFIG", "SET", name, value]);
            if let Reply::Error(e) = reply {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("CONFIG SET {name} {value}: {e}"),
                ));
            }
        }
        let serving = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("miniredis-{}", addr.port()))
            .spawn(move || thread::run(serving, listener))?;
        Ok(Server {
            shared,
            addr,
            thread: Some(thread),
        })
    }
}

impl Server {
    /// Starts a server on a free port of 127.0.0.1, empty, with a manual
    /// clock set to the current wall time.
    pub fn start() -> io::Result<Server> {
        Builder::default().start()
    }

    /// Options: port, password, clock, configuration.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `redis://127.0.0.1:PORT/`, for `redis::Client::open` and the like.
    pub fn url(&self) -> String {
        format!("redis://{}/", self.addr)
    }

    /// Moves the clock forward (millisecond resolution, rounded down) and
    /// runs everything that became due before returning: expired keys are
    /// gone and their notifications published, blocked clients whose
    /// timeout passed have their reply written to their socket.
    pub fn fast_forward(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        let notified = self.shared.advance(ms);
        self.shared.wait_written(&notified, WRITE_WAIT);
    }

    /// Sets the wall-clock time the server sees now (TIME, EXPIREAT, stream
    /// IDs). Deadlines already set stay where they are in server time.
    pub fn set_time(&self, now: SystemTime) {
        let unix = unix_ms(now);
        self.shared.with_core(|core, now| {
            core.server.set_unix_time_base(unix.saturating_sub(now));
        });
    }

    /// Runs one command without a socket and returns its reply, e.g.
    /// `server.exec(["HSET", "h", "f", "v"])`. The commands run on one
    /// internal RESP3 client of their own, in order: a SELECT, MULTI or
    /// SUBSCRIBE holds for the next `exec`. A blocking command waits until
    /// it is served or times out (with the manual clock: until another
    /// thread fast-forwards past its timeout), and `exec` calls from other
    /// threads wait their turn behind it (direct access does not: it has a
    /// client of its own). A command with no reply (after `CLIENT REPLY
    /// OFF`) waits forever.
    pub fn exec<I, A>(&self, args: I) -> Reply
    where
        I: IntoIterator<Item = A>,
        A: AsRef<[u8]>,
    {
        let args: Vec<A> = args.into_iter().collect();
        if args.is_empty() {
            // Redis answers an empty command with nothing at all: waiting
            // for that reply would never end.
            return Reply::Error("ERR miniredis-embedded: exec needs a command".into());
        }
        self.shared.exec(Internal::Exec, None, &args)
    }

    /// Direct access to database `index` (0 to 15).
    pub fn db(&self, index: usize) -> Db<'_> {
        Db {
            server: self,
            index,
        }
    }

    /// [`Db::get`] on database 0.
    pub fn get(&self, key: impl AsRef<[u8]>) -> Option<String> {
        self.db(0).get(key)
    }

    /// [`Db::get_bytes`] on database 0.
    pub fn get_bytes(&self, key: impl AsRef<[u8]>) -> Option<Vec<u8>> {
        self.db(0).get_bytes(key)
    }

    /// [`Db::set`] on database 0.
    pub fn set(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) {
        self.db(0).set(key, value)
    }

    /// [`Db::set_ttl`] on database 0.
    pub fn set_ttl(&self, key: impl AsRef<[u8]>, ttl: Duration) -> bool {
        self.db(0).set_ttl(key, ttl)
    }

    /// [`Db::del`] on database 0.
    pub fn del(&self, key: impl AsRef<[u8]>) -> bool {
        self.db(0).del(key)
    }

    /// [`Db::exists`] on database 0.
    pub fn exists(&self, key: impl AsRef<[u8]>) -> bool {
        self.db(0).exists(key)
    }

    /// [`Db::keys`] on database 0.
    pub fn keys(&self) -> Vec<String> {
        self.db(0).keys()
    }

    /// [`Db::ttl`] on database 0.
    pub fn ttl(&self, key: impl AsRef<[u8]>) -> Option<Duration> {
        self.db(0).ttl(key)
    }

    /// [`Db::lrange`] on database 0.
    pub fn lrange(&self, key: impl AsRef<[u8]>, start: i64, stop: i64) -> Vec<String> {
        self.db(0).lrange(key, start, stop)
    }

    /// [`Db::hgetall`] on database 0.
    pub fn hgetall(&self, key: impl AsRef<[u8]>) -> BTreeMap<String, String> {
        self.db(0).hgetall(key)
    }

    /// [`Db::smembers`] on database 0.
    pub fn smembers(&self, key: impl AsRef<[u8]>) -> BTreeSet<String> {
        self.db(0).smembers(key)
    }

    /// [`Db::zrange_with_scores`] on database 0.
    pub fn zrange_with_scores(
        &self,
        key: impl AsRef<[u8]>,
        start: i64,
        stop: i64,
    ) -> Vec<(String, f64)> {
        self.db(0).zrange_with_scores(key, start, stop)
    }

    /// FLUSHALL: empties every database.
    pub fn flush_all(&self) {
        self.db(0).flush_all();
    }

    /// Commands the server ran for its clients (INFO's
    /// `total_commands_processed`, without those of `exec` and direct
    /// access).
    pub fn command_count(&self) -> u64 {
        self.shared.with_core(|core, _| core.command_count())
    }

    /// Clients connected now (not counting the internal clients).
    pub fn connected_clients(&self) -> usize {
        self.shared.with_core(|core, _| core.connected_clients())
    }

    /// Connections accepted since start (not counting the internal
    /// clients).
    pub fn total_connections(&self) -> u64 {
        self.shared.with_core(|core, _| core.total_connections())
    }

    /// Clients waiting in a blocking command (INFO's `blocked_clients`).
    /// A test that runs BLPOP on another thread or task waits until this
    /// counts it before it fast-forwards, so the timeout starts first.
    pub fn blocked_clients(&self) -> usize {
        let info = self
            .shared
            .exec(Internal::Direct, None, &["INFO", "clients"]);
        info.as_str()
            .and_then(|text| {
                text.lines()
                    .find_map(|line| line.strip_prefix("blocked_clients:"))
            })
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("miniredis-embedded: INFO has no blocked_clients: {info}"))
    }

    /// With `Some(text)`, every command from a socket is answered with the
    /// error `text` (e.g. `"ERR injected"`; the leading `-` is optional)
    /// instead of running, one error per command of a pipeline; `None`
    /// ends it. `exec` and direct access are not affected.
    pub fn set_error(&self, error: Option<&str>) {
        let reply = error.map(|text| Arc::from(inject::error_reply(text)));
        self.shared.with_core(|core, _| core.injected = reply);
    }

    /// Closes every client connection at once (the server keeps
    /// listening), and returns once they are closed.
    pub fn close_clients(&self) {
        self.shared.close_sockets(CLOSE_WAIT);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.0.close();
        if let Some(thread) = self.thread.take() {
            // A panic there was a core bug, already printed; a drop must
            // not panic again.
            let _ = thread.join();
        }
    }
}

/// A seed for the core's key hasher that differs from server to server
/// (std's `RandomState` draws from the operating system's random source).
fn random_seed() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.finish()
}
