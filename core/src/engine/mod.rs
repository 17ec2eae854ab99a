//! The engine: the [`Server`] the adapter drives. It owns every client
//! session, decodes their input, dispatches commands to the handlers with
//! the store, queues each client's output and the server-wide events, and
//! keeps the one timer table. See the crate documentation for the driving
//! contract.

mod admission;
mod after_command;
mod aof_loading;
mod blocking;
mod delivery;
mod dispatch;
mod loading;
mod monitor;
mod pause;
mod peers;
mod persist;
mod replay;
mod scripts;
mod session;
mod soft_limits;
mod timers;
mod transaction;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;

use crate::commands::{AfterReply, ClientState, OwnOnly, Peers};
use crate::compact::SeededHasher;
use crate::config::{Config, Host};
use crate::protocol::{Limits, ReplyWriter};
use crate::scripting::Scripting;
use crate::store::Store;
use crate::Millis;

pub use admission::Refusal;
pub use aof_loading::{AofFile, AofLoaded, AOF_LOAD_BYTES_PER_STEP};
pub use loading::{Loaded, LOAD_KEYS_PER_STEP};
use peers::PeerTable;
pub use persist::{AofBaseFormat, SnapshotChunk, SnapshotTarget};
pub use replay::{LogError, LogLoad, LogLoader};
use session::{Lifecycle, Session};
use timers::{Timers, IDLE_REFRESH_MS};

/// Keys the active expiry cycle may remove in one call, so the work of
/// [`Server::handle_timeout`] is bounded whatever the keyspace holds.
pub const EXPIRE_BUDGET_PER_TICK: usize = 20_000;

/// Elements of lazily freed values (UNLINK, FLUSHALL ASYNC) one
/// [`Server::handle_timeout`] call frees at most; while more wait, the next
/// timeout is `now + 1`.
pub const LAZY_FREE_BUDGET_PER_TICK: usize = 20_000;

/// Idle or over-limit clients one [`Server::handle_timeout`] call closes at
/// most; more due ones make the next timeout `now + 1`.
pub const CLIENT_TIMER_BUDGET: usize = 1_000;

/// How often Redis runs its periodic work (`hz 10`). The engine asks for no
/// timeout later than this while keys have deadlines far away, and
/// adapters may use it as the longest sleep of their timer task.
pub const TICK_INTERVAL_MS: Millis = 100;

/// A client, as the engine names it: the Redis client id (CLIENT ID), never
/// reused while the server runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientId(u64);

impl ClientId {
    /// The number CLIENT ID and HELLO report.
    pub fn get(self) -> u64 {
        self.0
    }
}

/// Something the adapter must act on, drained with [`Server::poll_event`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The client has output to take ([`Server::take_output`]) and write.
    /// Queued when its output goes from empty to non-empty, once until it
    /// is taken.
    Output(ClientId),
    /// Close the client's socket. With `flush`, first write all its output
    /// (take it once more: a QUIT's reply or a protocol error may be
    /// there); without, close at once and drop what is unwritten. Then
    /// report [`Server::closed`].
    Close { client: ClientId, flush: bool },
    /// Stop the server (SHUTDOWN): stop accepting, let output already
    /// produced go out (briefly), then exit with status 0.
    Shutdown,
    /// A snapshot has bytes (or its end) for the adapter: take them with
    /// [`Server::take_snapshot_bytes`]. Queued once until taken.
    Snapshot,
}

/// The whole server. See the crate documentation for the driving contract.
pub struct Server {
    store: Store,
    sessions: HashMap<u64, Session, SeededHasher>,
    events: VecDeque<Event>,
    timers: Timers,
    next_client_id: u64,
    /// Clients a command killed (CLIENT KILL), closed right after it.
    kills: Vec<u64>,
    /// The Lua VM and the script running across calls (engine/scripts.rs).
    scripting: Scripting,
    /// An [`Event::Snapshot`] was queued and the bytes not taken since.
    snapshot_announced: bool,
    /// A dataset loading in slices (engine/loading.rs, a snapshot file;
    /// engine/aof_loading.rs, an AOF).
    loading: Option<loading::Load>,
    /// The time of the last [`Server::handle_timeout`]: work it left due
    /// (a budget used up, a walk's next slice) is due again a millisecond
    /// after it, whatever calls came since (see [`Server::next_timeout`]).
    last_tick: Millis,
}

impl Server {
    /// A server with empty databases; `now` is the adapter's current time.
    pub fn new(config: Config, host: Host, now: Millis) -> Server {
        let seed = host.seed;
        let mut store = Store::new(config, host, now);
        // Snapshots are written in RDB (the store walks, the codec encodes).
        store.persistence.make_format = crate::persistence::snapshot_format;
        Server {
            store,
            sessions: HashMap::with_hasher(SeededHasher(seed ^ 0x5E55_1011)),
            events: VecDeque::new(),
            timers: Timers::default(),
            next_client_id: 1,
            kills: Vec::new(),
            scripting: Scripting::default(),
            snapshot_announced: false,
            loading: None,
            last_tick: now,
        }
    }

    /// The configuration currently in force (CONFIG SET changes it).
    pub fn config(&self) -> &Config {
        &self.store.config
    }

    /// The host facts given at start (with the current Unix time base).
    pub fn host(&self) -> &Host {
        &self.store.host
    }

    /// Sets the Unix time, in milliseconds, that `now == 0` stands for. An
    /// adapter refreshes it now and then from the wall clock so TIME,
    /// EXPIREAT and friends do not drift from it over a long uptime; key
    /// deadlines are kept on the monotonic clock and do not move.
    pub fn set_unix_time_base(&mut self, unix_time_at_zero_ms: u64) {
        self.store.host.unix_time_at_zero_ms = unix_time_at_zero_ms;
    }

    // ----- inputs -----

    /// Admits a client whose socket connects `peer` (the client's end) to
    /// `local` (the server's end); `None` for a socket without IP
    /// addresses. Admission is Redis's: refused when `maxclients`
    /// connections are open, or when protected mode is on, no password is
    /// set and the peer is not on the loopback interface. A refused client
    /// is not registered: write [`Refusal::reply`] and close the socket.
    /// The addresses are what CLIENT LIST shows (`addr`, `laddr`), CLIENT
    /// KILL matches and MONITOR prints.
    pub fn accept(
        &mut self,
        now: Millis,
        peer: Option<SocketAddr>,
        local: Option<SocketAddr>,
    ) -> Result<ClientId, Refusal> {
        self.store.advance_clock(now);
        admission::admit(&mut self.store, peer.map(|addr| addr.ip()))?;
        Ok(self.register(now, peer, local))
    }

    /// Registers a client without the admission checks of
    /// [`Server::accept`] and without addresses (CLIENT LIST shows `?:0`),
    /// for tests and embedders whose clients are trusted and local.
    pub fn connect(&mut self, now: Millis) -> ClientId {
        self.register(now, None, None)
    }

    fn register(
        &mut self,
        now: Millis,
        peer: Option<SocketAddr>,
        local: Option<SocketAddr>,
    ) -> ClientId {
        self.store.advance_clock(now);
        let id = self.next_client_id;
        self.next_client_id += 1;
        self.store.connected_clients += 1;
        self.store.stats.total_connections_received += 1;
        let mut client = ClientState::new(id, self.store.config.requirepass.is_empty());
        client.peer = peer;
        client.local = local;
        client.created_at = self.store.now;
        let session = Session::new(client, self.store.now);
        self.timers.idle.insert((session.idle_since, id));
        self.sessions.insert(id, session);
        ClientId(id)
    }

    /// Feeds bytes read from the client's socket. Every complete command
    /// runs, in order; a partial one waits for more bytes. Replies go to
    /// the client's output (see [`Server::take_output`]). Input for a
    /// client that is closing, or unknown, is ignored.
    pub fn receive(&mut self, client: ClientId, input: &[u8], now: Millis) {
        self.store.advance_clock(now);
        let now = self.store.now;
        let Some(session) = self.sessions.get_mut(&client.0) else {
            return;
        };
        if !session.is_open() {
            return;
        }
        session.last_input = now;
        if now.saturating_sub(session.idle_since) >= IDLE_REFRESH_MS {
            self.timers.idle.remove(&(session.idle_since, client.0));
            session.idle_since = now;
            self.timers.idle.insert((now, client.0));
        }
        session.decoder.extend(input);
        self.drive(client.0);
        self.store.note_peak_memory();
        self.announce_snapshot_batch();
    }

    /// Moves the client's pending output to the end of `buf` (a swap, no
    /// copy, when `buf` is empty). The engine counts those bytes as
    /// unwritten until the adapter reports them with [`Server::written`].
    pub fn take_output(&mut self, client: ClientId, buf: &mut Vec<u8>) {
        let Some(session) = self.sessions.get_mut(&client.0) else {
            return;
        };
        session.handed_out += session.output.len();
        if buf.is_empty() {
            std::mem::swap(buf, &mut session.output);
        } else {
            buf.append(&mut session.output);
        }
        session.output_announced = false;
    }

    /// Reports that `n` bytes of output taken earlier were written to the
    /// socket (call after every write, partial ones included).
    pub fn written(&mut self, client: ClientId, n: usize, now: Millis) {
        self.store.advance_clock(now);
        let Some(session) = self.sessions.get_mut(&client.0) else {
            return;
        };
        session.handed_out = session.handed_out.saturating_sub(n);
        self.after_output_change(client.0);
    }

    /// Reports that the client's socket is closed (by either side, or after
    /// a [`Event::Close`]). The engine forgets the client.
    pub fn closed(&mut self, client: ClientId, now: Millis) {
        self.store.advance_clock(now);
        self.forget_block(client.0);
        if let Some(mut session) = self.sessions.remove(&client.0) {
            self.store.forget_client(client.0);
            transaction::forget(&mut self.store, &mut session.client);
            self.timers
                .forget(client.0, session.idle_since, session.output_soft_since);
            self.store.connected_clients = self.store.connected_clients.saturating_sub(1);
        }
    }

    /// Runs what is due at `now`: the active expiry cycle (at most
    /// [`EXPIRE_BUDGET_PER_TICK`] keys), a slice of the lazy-free queue (at
    /// most [`LAZY_FREE_BUDGET_PER_TICK`] elements), idle clients past `timeout` and
    /// clients over the soft output limit for too long (closed, at most
    /// [`CLIENT_TIMER_BUDGET`]). Call it whenever [`Server::next_timeout`]
    /// comes; calling it early is harmless.
    pub fn handle_timeout(&mut self, now: Millis) {
        self.store.advance_clock(now);
        self.last_tick = self.store.now;
        if self.scripting.caller().is_some() {
            // One slice of the running script, and nothing else touches
            // the data while it runs (see engine/scripts.rs).
            self.run_script_slice();
            return;
        }
        self.end_pause_if_due();
        self.store.expire_cycle(EXPIRE_BUDGET_PER_TICK);
        self.store.publish_notifications();
        self.route_deliveries();
        self.store.lazy_free_step(LAZY_FREE_BUDGET_PER_TICK);
        self.store.snapshot_tick();
        self.store.check_save_points();
        self.store.check_aof_rewrite();
        self.announce_snapshot();
        let mut budget = CLIENT_TIMER_BUDGET;
        budget -= self.time_out_blocked(budget);
        while budget > 0 {
            let Some((since, id)) = self.timers.first_idle() else {
                break;
            };
            let Some(deadline) = self.idle_deadline_from(since) else {
                break;
            };
            if deadline > self.store.now {
                break;
            }
            budget -= 1;
            self.timers.idle.remove(&(since, id));
            let Some(session) = self.sessions.get_mut(&id) else {
                continue;
            };
            // A closing client (its close not yet reported) is filed
            // again from now, so it does not come due on every call and
            // use up the budget meant for the others.
            let refile_at = if session.is_open() {
                session.last_input
            } else {
                self.store.now
            };
            // Re-filed under the real last input: closed only if that one
            // is past the timeout too.
            session.idle_since = refile_at;
            self.timers.idle.insert((refile_at, id));
            let idle_over = refile_at.saturating_add(deadline - since) <= self.store.now;
            // Redis spares blocked clients (their own timeout applies),
            // subscribers and monitors.
            if idle_over && !self.spare_idle_client(id) {
                // Redis closes idle clients without a word.
                self.close(id, false);
            }
        }
        while budget > 0 {
            let limits = &self.store.config.client_output_buffer_limit;
            let Some((deadline, since, id)) = self.timers.output_soft.first(limits) else {
                break;
            };
            if deadline > self.store.now {
                break;
            }
            budget -= 1;
            self.timers.output_soft.remove(since, id);
            if let Some(session) = self.sessions.get_mut(&id) {
                session.output_soft_since = None;
                if session.is_open() {
                    self.close(id, false);
                }
            }
        }
    }

    /// Turns the write log on or off (off at start). While on, every
    /// change to the dataset appends the records Redis 7.0 appends to its
    /// AOF for it ([`Server::take_log`]); turning it on starts a new log
    /// (its first record is preceded by a `SELECT`, as at the start of a
    /// Redis AOF file), turning it off drops what was not taken.
    pub fn set_log_enabled(&mut self, on: bool) {
        self.store.set_log_enabled(on);
    }

    /// Whether the write log is on.
    pub fn log_enabled(&self) -> bool {
        self.store.log.enabled()
    }

    /// Changes made to the dataset since start (Redis's `dirty`, what
    /// `rdb_changes_since_last_save` counts from the last save): a write
    /// command that changed something counts one.
    pub fn changes(&self) -> u64 {
        self.store.log.dirty
    }

    // ----- outputs -----

    /// Moves the write log's pending bytes (whole AOF records, never part
    /// of a MULTI ... EXEC) to the end of `buf`, a swap when `buf` is
    /// empty. Take them after every input, with the clients' output: for
    /// `appendfsync always`, make them durable before writing that input's
    /// replies (one write and one fsync per input: a group commit). Nothing
    /// accumulates while the log is off.
    ///
    /// Returns true when it stopped where an AOF rewrite began: the bytes
    /// moved belong to the current incremental file; open the new one
    /// (see "The AOF" in the crate documentation), then take the rest
    /// with another call.
    pub fn take_log(&mut self, buf: &mut Vec<u8>) -> bool {
        self.store.log_expired(true);
        self.store.log.take(buf)
    }

    /// The next event for the adapter, in order; `None` when there is none.
    /// Drain until `None` after every input call.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When the engine next wants [`Server::handle_timeout`], or `None`
    /// when nothing is scheduled. Ask again after every input call: any of
    /// them can make it earlier (a key given a deadline, a client over a
    /// limit, a large value left to the lazy-free queue).
    ///
    /// Work due, or left over by a budget (more expired keys than one
    /// cycle removes, a long lazy-free queue, a snapshot's next slice), is
    /// due one millisecond after the last `handle_timeout`, so it may be at
    /// or before the latest `now` the engine has seen: call
    /// `handle_timeout` then. (A deadline derived from the latest `now`
    /// would move on with every input call: under clients busy every
    /// millisecond, a timer comparing it with its own clock would never
    /// find it due.) While a script runs, and during SAVE's walk, it is the latest `now`
    /// itself: call again at once.
    pub fn next_timeout(&self) -> Option<Millis> {
        let now = self.store.now;
        if self.scripting.caller().is_some() || self.store.snapshot_back_to_back() {
            // A script runs in slices, or SAVE's walk (its client waits):
            // the next slice is due at once.
            return Some(now);
        }
        let lazy_free = (self.store.lazy_free_pending() > 0).then_some(now);
        let expiry = self.store.next_deadline();
        let idle = self
            .timers
            .first_idle()
            .and_then(|(since, _)| self.idle_deadline_from(since));
        let soft = self
            .timers
            .output_soft
            .first(&self.store.config.client_output_buffer_limit)
            .map(|(deadline, _, _)| deadline);
        let blocked = self.timers.first_blocked().map(|(deadline, _)| deadline);
        let pause = self.store.pause_deadline();
        let persistence = self.store.next_persistence_timeout();
        let earliest = [lazy_free, expiry, idle, soft, blocked, pause, persistence]
            .into_iter()
            .flatten()
            .min()?;
        Some(earliest.max(self.last_tick + 1))
    }

    // ----- observation (tests, simulation, INFO-like callers) -----

    /// Whether the engine still knows the client (until [`Server::closed`]).
    pub fn is_connected(&self, client: ClientId) -> bool {
        self.sessions.contains_key(&client.0)
    }

    /// Bytes received from the client but not yet part of a complete
    /// command.
    pub fn pending_input(&self, client: ClientId) -> usize {
        self.sessions
            .get(&client.0)
            .map_or(0, |s| s.decoder.buffered())
    }

    /// Output of the client not yet written (taken or not).
    pub fn unwritten_output(&self, client: ClientId) -> usize {
        self.sessions.get(&client.0).map_or(0, Session::unwritten)
    }

    /// Commands run since start or CONFIG RESETSTAT (INFO's
    /// `total_commands_processed`), for an embedder that reports it without
    /// running INFO through a client of its own, which would count too.
    pub fn commands_processed(&self) -> u64 {
        self.store.stats.total_commands_processed
    }

    /// Clients registered since start or CONFIG RESETSTAT (INFO's
    /// `total_connections_received`); see [`Server::commands_processed`].
    pub fn connections_received(&self) -> u64 {
        self.store.stats.total_connections_received
    }

    /// Clients registered and not yet reported closed (INFO's
    /// `connected_clients`).
    pub fn connected_clients(&self) -> usize {
        self.store.connected_clients
    }

    /// Whether a script (EVAL or FCALL) is running across calls: it holds
    /// the other clients and [`Server::handle_timeout`] runs its next
    /// slice. For tests and harnesses that drive a script to its end.
    pub fn script_running(&self) -> bool {
        self.scripting.caller().is_some()
    }

    /// Total keys across databases.
    pub fn key_count(&self) -> usize {
        self.store.key_count()
    }

    /// Approximate bytes used by the keyspace and by the commands clients
    /// have queued in MULTI (INFO's `used_memory`).
    pub fn used_memory(&self) -> usize {
        self.store.used_memory()
    }

    /// Bytes of the commands clients have queued in MULTI (part of
    /// [`Server::used_memory`]).
    pub fn queued_memory(&self) -> usize {
        self.store.queued_memory
    }

    /// Objects left to the lazy-free queue and not freed yet (INFO's
    /// `lazyfree_pending_objects`).
    pub fn lazy_free_pending(&self) -> usize {
        self.store.lazy_free_pending()
    }

    /// Checks internal invariants (memory account, expiry index, timer
    /// table); for tests and simulations.
    pub fn audit(&self) -> Result<(), String> {
        self.store.audit()?;
        if self.timers.idle.len() != self.sessions.len() {
            return Err(format!(
                "{} idle timer entries for {} sessions",
                self.timers.idle.len(),
                self.sessions.len()
            ));
        }
        for (id, session) in &self.sessions {
            // A client the idle timeout spared (a subscriber, a blocked
            // client) or found closing is filed from when it was looked
            // at, which may be after its last input; never in the future.
            if !self.timers.idle.contains(&(session.idle_since, *id))
                || session.idle_since > self.store.now
            {
                return Err(format!("client {id}: idle timer entry out of step"));
            }
        }
        if self.store.connected_clients != self.sessions.len() {
            return Err("connected_clients out of step with sessions".into());
        }
        self.audit_blocked()?;
        self.audit_deliveries()?;
        transaction::audit(&self.store, self.sessions.iter())
    }

    // ----- internals -----

    fn idle_deadline_from(&self, since: Millis) -> Option<Millis> {
        timers::deadline_after(since, self.store.config.timeout_secs.saturating_mul(1000))
    }

    /// Announces a close: queues the event, stops serving the session and,
    /// without `flush`, drops its unwritten output.
    fn close(&mut self, id: u64, flush: bool) {
        let Some(session) = self.sessions.get_mut(&id) else {
            return;
        };
        if session.lifecycle == Lifecycle::Closing {
            return;
        }
        session.lifecycle = Lifecycle::Closing;
        session.blocked_command = None;
        if !flush {
            session.output = Vec::new();
        }
        if let Some(since) = session.output_soft_since.take() {
            self.timers.output_soft.remove(since, id);
        }
        // A closing client receives no more messages or monitor lines,
        // and no longer waits for a pause to end.
        self.store.forget_client(id);
        self.events.push_back(Event::Close {
            client: ClientId(id),
            flush,
        });
        self.forget_block(id);
    }

    /// After a client's unwritten output changed: applies the output limits
    /// and announces new output.
    fn after_output_change(&mut self, id: u64) {
        let now = self.store.now;
        let class = self.store.output_class(id);
        let limit = self.store.config.client_output_buffer_limit.of(class);
        let hard = limit.effective_hard();
        let Some(session) = self.sessions.get_mut(&id) else {
            return;
        };
        if !session.is_open() {
            return;
        }
        let unwritten = session.unwritten() as u64;
        if unwritten >= hard {
            self.close(id, false);
            return;
        }
        let over_soft = limit.soft > 0 && unwritten >= limit.soft;
        match (over_soft, session.output_soft_since) {
            (true, since) => {
                let since = since.unwrap_or(now);
                session.output_soft_since = Some(since);
                self.timers.output_soft.file(class, since, id);
            }
            (false, Some(since)) => {
                session.output_soft_since = None;
                self.timers.output_soft.remove(since, id);
            }
            _ => {}
        }
        if !session.output.is_empty() && !session.output_announced {
            session.output_announced = true;
            self.events.push_back(Event::Output(ClientId(id)));
        }
    }

    /// Decodes and runs every complete command in the session's input.
    ///
    /// The session stays in the session table while its commands run, and
    /// they see no other client (an [`OwnOnly`] view). When one must (a
    /// command flagged `PEERS`: CLIENT LIST, KILL, TRACKING), the batch
    /// stops before it and goes on with the session taken out of the
    /// table, so that the table, then holding exactly the other clients,
    /// can be lent to the commands (engine/peers.rs). Only such batches
    /// pay for moving the session.
    fn run_commands(&mut self, id: u64) -> BatchEnd {
        let Some(session) = self.sessions.get_mut(&id) else {
            return BatchEnd::Waiting;
        };
        let replies_start = session.output.len();
        let mut own_only = OwnOnly {
            own: peers::own_io(session, self.store.now),
        };
        let end = run_batch(
            &mut self.store,
            session,
            &mut own_only,
            replies_start,
            &mut self.scripting,
        );
        if !matches!(end, BatchEnd::NeedsPeers) {
            return end;
        }
        let Some(mut session) = self.sessions.remove(&id) else {
            return BatchEnd::Waiting;
        };
        session.client.needs_peers = false;
        let mut peers = PeerTable {
            own: own_only.own,
            sessions: &self.sessions,
            kills: &mut self.kills,
        };
        let end = run_batch(
            &mut self.store,
            &mut session,
            &mut peers,
            replies_start,
            &mut self.scripting,
        );
        self.sessions.insert(id, session);
        end
    }
}

/// Runs the session's complete commands, with `peers` as the commands'
/// view of the other clients, until its input runs out or something ends
/// the batch. `replies_start` is where the batch's replies begin in its
/// output.
fn run_batch<P: Peers>(
    store: &mut Store,
    session: &mut Session,
    peers: &mut P,
    replies_start: usize,
    scripting: &mut Scripting,
) -> BatchEnd {
    let id = session.client.id;
    if !session.is_open() {
        // Killed or closing: it runs nothing more.
        return BatchEnd::Waiting;
    }
    if scripts::holds(store, id) {
        return BatchEnd::Waiting;
    }
    if session.blocked_command.is_some()
        || session.client.postponed
        || session.client.awaiting_save.is_some()
    {
        // Its input waits (bounded as any input) until it is served,
        // unblocked, timed out or released by the end of a pause.
        if session.decoder.pending() as u64 > store.config.client_query_buffer_limit {
            return BatchEnd::Close;
        }
        return BatchEnd::Waiting;
    }
    let unwritten_before = session.handed_out;
    loop {
        // Checked per command: an AUTH earlier in this input lifts the
        // unauthenticated limits for the commands after it.
        let limits = Limits {
            unauthenticated: session.client.auth_required(&store.config),
            max_bulk_len: store.config.proto_max_bulk_len,
            ..Limits::default()
        };
        match session.decoder.next_command(&limits) {
            Ok(Some(command)) => {
                let client = &mut session.client;
                let out = &mut session.output;
                let reply_start = out.len();
                let blocked_command = &mut session.blocked_command;
                let after = command.with_slices(|args| {
                    let after = dispatch::execute(store, client, args, out, peers, Some(scripting));
                    if client.blocked.is_some() {
                        // The command as it was sent, or as its handler
                        // rewrote it (XREAD's `$` resolved when it blocked).
                        *blocked_command = Some(
                            client
                                .blocked_args
                                .take()
                                .unwrap_or_else(|| args.iter().map(|a| a.to_vec()).collect()),
                        );
                    }
                    after
                });
                store.publish_notifications();
                delivery::deliver_own(store, session, reply_start);
                match after {
                    AfterReply::Continue => {
                        let hard = store.output_limit(id).effective_hard();
                        let unwritten = (unwritten_before + session.output.len()) as u64;
                        if unwritten >= hard {
                            return BatchEnd::OverLimit(replies_start);
                        }
                        if session.client.postponed {
                            // CLIENT PAUSE holds it: first in line again.
                            session.decoder.rewind();
                            return BatchEnd::Blocked(None);
                        }
                        if session.client.needs_peers {
                            // It runs again with the other clients in view.
                            session.decoder.rewind();
                            return BatchEnd::NeedsPeers;
                        }
                        if let Some(blocked) = session.client.blocked {
                            return BatchEnd::Blocked(blocked.deadline);
                        }
                        if store.scripts.busy.is_some_and(|busy| busy.caller == id) {
                            // Its script runs on in slices; its input waits.
                            return BatchEnd::Blocked(None);
                        }
                        if session.client.awaiting_save.is_some() {
                            // SAVE or SHUTDOWN: answered when the adapter
                            // reports the snapshot written.
                            return BatchEnd::Blocked(None);
                        }
                        if store.blocking.has_work() || peers.killed_any() {
                            return BatchEnd::Yield;
                        }
                    }
                    AfterReply::Close => return BatchEnd::Close,
                    AfterReply::Shutdown => return BatchEnd::Shutdown,
                }
            }
            Ok(None) => {
                if session.decoder.pending() as u64 > store.config.client_query_buffer_limit {
                    // Redis closes such a client without a reply.
                    return BatchEnd::Close;
                }
                return BatchEnd::Waiting;
            }
            Err(error) => {
                // Counted as any error reply (`errorstat_ERR`).
                let message = error.message();
                ReplyWriter::new(&mut session.output, session.client.protocol)
                    .error_bytes(&message);
                store.stats.errors.record(&message);
                return BatchEnd::Close;
            }
        }
    }
}

/// How a batch of input ended.
enum BatchEnd {
    /// Every complete command ran; the rest waits for more bytes.
    Waiting,
    /// Close after the output is written (QUIT, protocol error, query
    /// buffer limit).
    Close,
    /// The output reached the hard limit; the replies from this offset on
    /// are dropped with the client.
    OverLimit(usize),
    Shutdown,
    /// The last command blocked the client (until the deadline, if any),
    /// or waits for CLIENT PAUSE to end; the rest of its input waits.
    Blocked(Option<Millis>),
    /// The last command made keys ready for blocked clients (or asked for
    /// a CLIENT UNBLOCK, or killed clients): serve them (close them), then
    /// go on with this client's input.
    Yield,
    /// The next command must see the other clients: run the rest of the
    /// batch with them lent (see [`Server::run_commands`]).
    NeedsPeers,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("clients", &self.sessions.len())
            .field("keys", &self.store.key_count())
            .field("now", &self.store.now)
            .finish()
    }
}
