//! The store: the databases and everything commands share across clients
//! (configuration, host facts, statistics, the clock as last seen, the
//! random generator, eviction, the Pub/Sub registry and its outbox). It knows nothing of clients or sessions;
//! the engine (`crate::engine`) owns those and lends the store to command
//! handlers.
//!
//! Invariants later layers rely on:
//! - Every key access goes through [`Db::lookup`]/[`Db::lookup_mut`] (or
//!   checks [`Db::contains`]), which apply lazy expiry, so an expired key is
//!   never visible.
//! - `now` never decreases; [`Store::advance_clock`] is the only writer.
//! - A database's keys live in an insertion-ordered map addressed by
//!   position ([`Db::key_at`]); a removal moves the last key into the hole
//!   (`swap_remove`). An iteration by position that must survive changes
//!   between calls (SCAN, a background snapshot) therefore needs a cursor
//!   scheme that tolerates that move (Redis's reverse-binary cursor over a
//!   stable hash order, or a copy-on-write view); nothing in the store may
//!   hold a position across commands today.

mod aof;
mod blocking;
mod command_stats;
mod db;
mod eviction;
pub(crate) mod functions;
mod lazy_free;
mod monitors;
pub(crate) mod notify;
mod pause;
mod persist;
mod pubsub;
pub(crate) mod scripts;
pub(crate) mod snapshot_stream;
mod watch;
mod write_log;

pub(crate) use blocking::{Blocking, UnblockMode};
pub(crate) use command_stats::{CommandStats, ErrorStats};
pub(crate) use db::{Db, Entry, StrForm};
pub(crate) use eviction::Candidate;
pub(crate) use functions::Functions;
use lazy_free::LazyFree;
pub(crate) use monitors::Monitors;
pub(crate) use pause::{Pause, PauseMode};
pub(crate) use persist::{save_points_text, DatasetLoading, Persistence, SaveKind};
pub(crate) use pubsub::{Delivery, PubSub, Space};
pub(crate) use scripts::{Busy, Scripts};
pub(crate) use watch::Watches;
pub(crate) use write_log::WriteLog;

use crate::config::{Config, Host};
use crate::Millis;

/// Number of databases SELECT can address.
pub const DATABASES: usize = 16;

/// Counters reported by INFO stats.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub total_commands_processed: u64,
    pub total_connections_received: u64,
    pub rejected_connections: u64,
    pub keyspace_hits: u64,
    pub keyspace_misses: u64,
    pub evicted_keys: u64,
    /// INFO commandstats, by command slot (see command_stats.rs).
    pub commands: CommandStats,
    /// INFO errorstats and `total_error_replies`.
    pub errors: ErrorStats,
}

/// The state shared by every client. See the module documentation.
pub(crate) struct Store {
    pub config: Config,
    pub host: Host,
    pub dbs: Vec<Db>,
    pub stats: Stats,
    /// Latest time seen; never decreases.
    pub now: Millis,
    pub started_at: Millis,
    /// Open client connections (kept by the engine, reported by INFO).
    pub connected_clients: usize,
    pub peak_memory: usize,
    /// Eviction candidates carried between evictions (see eviction.rs).
    pub eviction_pool: Vec<Candidate>,
    /// Clients blocked on keys, and keys that became ready for them.
    pub blocking: Blocking,
    /// Keyspace notifications waiting for the Pub/Sub layer: (channel,
    /// message) pairs in publish order (see notify.rs). Drain it with
    /// [`Store::take_publishes`], which first moves in the events the
    /// databases recorded.
    pub pending_publishes: Vec<(bytes::Bytes, bytes::Bytes)>,
    /// Values that left the keyspace, waiting to be freed by the timer.
    lazy_free: LazyFree,
    /// Pub/Sub subscriptions and the messages waiting for delivery.
    pub pubsub: PubSub,
    /// WATCH: watched keys and dirty clients (see watch.rs).
    pub watches: Watches,
    /// Bytes of the commands clients have queued in MULTI, counted in
    /// `used_memory` as Redis counts a client's queued commands (so that,
    /// under `maxmemory`, an endless MULTI is refused with -OOM rather
    /// than growing without bound).
    pub queued_memory: usize,
    /// MONITOR clients and the command lines waiting for them.
    pub monitors: Monitors,
    /// CLIENT PAUSE and the clients it holds (see pause.rs).
    pub pause: Pause,
    /// The Lua script cache and the running script's state.
    pub scripts: Scripts,
    /// Redis 7.0 function libraries (FUNCTION LOAD / FCALL).
    pub functions: Functions,
    /// Clients are paused: keys are neither expired nor evicted.
    paused: bool,
    /// The AOF records of the changes, and the change counter (see
    /// write_log.rs).
    pub log: WriteLog,
    /// A write log is being loaded (engine/replay.rs): time stands still.
    pub loading: bool,
    /// RDB snapshots: the running one, save points, INFO persistence.
    pub persistence: Persistence,
    /// DEBUG SET-ACTIVE-EXPIRE: whether the timer expires keys (on by
    /// default; keys still expire when touched).
    pub active_expire: bool,
    /// DEBUG QUICKLIST-PACKED-THRESHOLD, kept for the command (lists here
    /// have no plain nodes for it to steer).
    pub quicklist_packed_threshold: u64,
    rng: u64,
}

impl Store {
    pub fn new(config: Config, host: Host, now: Millis) -> Store {
        let seed = host.seed;
        let mut store = Store {
            dbs: (0..DATABASES).map(|i| Db::new(seed ^ i as u64)).collect(),
            stats: Stats::default(),
            now,
            started_at: now,
            connected_clients: 0,
            peak_memory: 0,
            eviction_pool: Vec::new(),
            blocking: Blocking::default(),
            pending_publishes: Vec::new(),
            lazy_free: LazyFree::default(),
            pubsub: PubSub::new(seed),
            watches: Watches::new(DATABASES, seed),
            queued_memory: 0,
            monitors: Monitors::default(),
            pause: Pause::default(),
            scripts: Scripts::default(),
            functions: Functions::default(),
            paused: false,
            log: WriteLog::default(),
            loading: false,
            persistence: Persistence::new(now),
            active_expire: true,
            quicklist_packed_threshold: 1 << 30,
            rng: (seed ^ 0x9E37_79B9_7F4A_7C15) | 1,
            config,
            host,
        };
        store.apply_eviction_policy();
        store.apply_notify_config();
        store
    }

    /// Moves the clock to `now` unless it is earlier than the time seen.
    pub fn advance_clock(&mut self, now: Millis) {
        self.now = self.now.max(now);
    }

    /// Unix time in milliseconds for the current clock value.
    pub fn unix_now_ms(&self) -> u64 {
        self.host.unix_time_at_zero_ms.saturating_add(self.now)
    }

    /// Unix time in milliseconds of a time on the caller's clock.
    pub fn unix_ms_of(&self, at: Millis) -> u64 {
        self.host.unix_time_at_zero_ms.saturating_add(at)
    }

    /// Converts a Unix time in milliseconds to the caller's clock.
    pub fn clock_from_unix_ms(&self, unix_ms: i64) -> Millis {
        let base = self.host.unix_time_at_zero_ms as i64;
        unix_ms.saturating_sub(base).max(0) as Millis
    }

    /// Next pseudo-random number (xorshift64*), seeded from the host seed.
    pub fn random(&mut self) -> u64 {
        let mut x = self.rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Counts a read lookup in keyspace_hits / keyspace_misses.
    pub fn count_lookup(&mut self, hit: bool) {
        if hit {
            self.stats.keyspace_hits += 1;
        } else {
            self.stats.keyspace_misses += 1;
        }
    }

    /// Total keys across databases (expired ones not yet removed included).
    pub fn key_count(&self) -> usize {
        self.dbs.iter().map(|db| db.len()).sum()
    }

    /// Approximate bytes used by the keyspace, the commands queued in
    /// transactions and the Lua VMs, EVAL's and functions' (INFO's
    /// `used_memory`).
    pub fn used_memory(&self) -> usize {
        self.dbs.iter().map(|db| db.used_memory()).sum::<usize>()
            + self.queued_memory
            + self.scripts.vm_memory
            + self.functions.vm_memory
    }

    /// Records the peak of `used_memory` (INFO's `used_memory_peak`).
    pub fn note_peak_memory(&mut self) {
        self.peak_memory = self.peak_memory.max(self.used_memory());
    }

    /// Runs the active expiry cycle: removes due keys, at most `budget`
    /// of them. Returns how many it removed.
    pub fn expire_cycle(&mut self, budget: usize) -> usize {
        // Redis leaves the dataset still while clients are paused, and
        // expires nothing while a dataset loads.
        if self.dataset_still() || !self.active_expire {
            return 0;
        }
        let mut left = budget;
        for db in &mut self.dbs {
            left -= db.expire_due(self.now, left);
            if left == 0 {
                break;
            }
        }
        if self.log.enabled() {
            // Each removal is a unit of its own, as Redis propagates them.
            self.log_expired(true);
        }
        self.flush_key_events();
        self.touch_expired();
        budget - left
    }

    /// Turns the write log on or off (see write_log.rs); the databases
    /// then record the keys expiry removes, for the log.
    pub fn set_log_enabled(&mut self, on: bool) {
        self.log.set_enabled(on);
        for db in &mut self.dbs {
            db.expired_for_log = on.then(Vec::new);
        }
    }

    /// Appends a record for a change in database `db`, after the removals
    /// expiry made before it (nothing while the log is off).
    #[inline]
    pub fn log_record(&mut self, db: usize, args: &[&[u8]]) {
        if self.log.enabled() {
            self.log_expired(false);
            self.log.append(db, args);
        }
    }

    /// Ends the current unit of the log (a command, a transaction, a
    /// script: see write_log.rs), after logging the removals expiry made
    /// during it.
    #[inline]
    pub fn end_log_unit(&mut self) {
        if self.log.enabled() {
            self.end_logged_unit();
        }
    }

    #[inline(never)]
    fn end_logged_unit(&mut self) {
        self.log_expired(false);
        self.log.end_unit();
    }

    /// Opens an atomic bracket of the log: what is logged until the
    /// matching [`Store::end_log_atomic`] is one unit, wrapped in MULTI /
    /// EXEC when it holds more than one record (the commands EXEC runs;
    /// a script's effects). Brackets nest. Counted while the log is off
    /// too, so a bracket stays balanced if the log is turned on inside.
    pub fn begin_log_atomic(&mut self) {
        self.log.begin_atomic();
    }

    /// Closes the bracket [`Store::begin_log_atomic`] opened; the
    /// outermost ends the unit.
    pub fn end_log_atomic(&mut self) {
        if self.log.enabled() {
            self.log_expired(false);
        }
        self.log.end_atomic();
    }

    /// Logs the keys expiry removed since the last call, as `DEL` (or
    /// `UNLINK` with `lazyfree-lazy-expire yes`), each its own unit when
    /// `own_units` (the active cycle), else in the current unit.
    pub fn log_expired(&mut self, own_units: bool) {
        if !self
            .dbs
            .iter()
            .any(|db| db.expired_for_log.as_ref().is_some_and(|k| !k.is_empty()))
        {
            return;
        }
        let lazy = self.lazy_config("lazyfree-lazy-expire");
        for index in 0..self.dbs.len() {
            let Some(keys) = self.dbs[index].expired_for_log.as_mut() else {
                continue;
            };
            for key in std::mem::take(keys) {
                self.log.append_removal(index, &key, lazy);
                if own_units {
                    self.log.end_unit();
                }
            }
        }
    }

    /// Removes a live key, leaving a large value to the lazy-free queue
    /// (UNLINK). Returns whether the key existed.
    pub fn unlink(&mut self, db: usize, key: &[u8]) -> bool {
        let now = self.now;
        let Some(db) = self.dbs.get_mut(db) else {
            return false;
        };
        if !db.contains(key, now) {
            return false;
        }
        match db.remove(key) {
            Some(entry) => {
                self.lazy_free.dispose(entry.value);
                true
            }
            None => false,
        }
    }

    /// Empties a database at once, leaving its keys to the lazy-free queue
    /// (FLUSHDB ASYNC, and FLUSHALL ASYNC for each database).
    pub fn flush_async(&mut self, db: usize) {
        if let Some(db) = self.dbs.get_mut(db) {
            let contents = db.take_all();
            self.lazy_free.dispose_db(contents);
        }
    }

    /// Whether CONFIG SET turned a `lazyfree-lazy-*` parameter on.
    pub fn lazy_config(&self, name: &str) -> bool {
        self.config
            .reported
            .get(name)
            .is_some_and(|value| value.eq_ignore_ascii_case("yes"))
    }

    /// Frees up to about `budget` elements of what the lazy-free queue
    /// holds (see lazy_free.rs). Returns the work done.
    pub fn lazy_free_step(&mut self, budget: usize) -> usize {
        self.lazy_free.step(budget)
    }

    /// Objects the lazy-free queue has still to free.
    pub fn lazy_free_pending(&self) -> usize {
        self.lazy_free.pending()
    }

    /// Objects the lazy-free queue has freed since start or CONFIG
    /// RESETSTAT.
    pub fn lazy_freed(&self) -> u64 {
        self.lazy_free.freed()
    }

    /// CONFIG RESETSTAT's part for the lazy-free queue.
    pub fn reset_lazy_freed(&mut self) {
        self.lazy_free.reset_freed();
    }

    /// The earliest key deadline in any database (none while clients are
    /// paused: no key expires then, the pause's own end comes first; none
    /// while a dataset loads).
    pub fn next_deadline(&self) -> Option<Millis> {
        if self.dataset_still() {
            return None;
        }
        self.dbs.iter().filter_map(|db| db.next_deadline()).min()
    }

    /// Whether keys neither expire (actively) nor get evicted: while
    /// clients are paused, and while a dataset loads (Redis: "Don't expire
    /// anything while loading"; an AOF's deadlines are Unix times then,
    /// see engine/aof_loading.rs).
    pub fn dataset_still(&self) -> bool {
        self.clients_paused() || self.persistence.dataset_loading.is_some()
    }

    /// Forgets a client that is closing or gone: its subscriptions, its
    /// monitor mode, its place among the paused clients.
    pub fn forget_client(&mut self, client: u64) {
        self.pubsub.forget_client(client);
        self.monitors.remove(client);
        self.pause.forget(client);
    }

    /// Clients waiting in a blocking command or held by CLIENT PAUSE (INFO
    /// `blocked_clients`, as Redis counts them).
    pub fn blocked_clients(&self) -> usize {
        self.blocking.blocked_clients() + self.pause.held_clients()
    }

    /// Whether Redis's idle `timeout` spares the client: subscribers,
    /// monitors and blocked clients are never closed for idling.
    pub fn spared_from_idle_timeout(&self, client: u64) -> bool {
        self.pubsub.is_subscribed(client)
            || self.monitors.contains(client)
            || self.blocking.is_blocked(client)
            || self.pause.is_held(client)
    }

    /// Checks internal invariants (memory account, expiry index, Pub/Sub
    /// registry).
    pub fn audit(&self) -> Result<(), String> {
        for (i, db) in self.dbs.iter().enumerate() {
            db.audit().map_err(|e| format!("db{i}: {e}"))?;
        }
        self.blocking.audit()?;
        self.pubsub.audit()?;
        self.audit_watches()?;
        self.lazy_free.audit()
    }
}
