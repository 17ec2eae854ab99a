//! The state the test thread and the server thread share: the core and its
//! clock behind one mutex, each socket's mailbox, the internal clients that
//! `exec` and direct access use, and the injected error.
//!
//! Every call into the core goes through [`Shared::with_core`]: the call
//! runs with the lock held (the core's work is bounded by its input), then,
//! still under the lock, the core's events are delivered (output and close
//! requests to the sockets' tasks, output of the internal clients into their
//! buffers, a shutdown to the stop signal). The lock is never held across an
//! `.await`, and the test thread waits for an internal reply on a condition
//! variable, so a blocking command in `exec` never stalls the sockets.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use miniredis_core::{ClientId, Event, Millis, Refusal, Server};

use crate::clock::Clock;
use crate::reply::{encode_command, parse, Reply};
use miniredis_runtime_common::mailbox::{CloseRequest, Mailbox};

/// The two internal clients: one for [`crate::Server::exec`] (whatever
/// state the test leaves it in: SELECT, MULTI, SUBSCRIBE), one for direct
/// access, which must not be affected by that state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Internal {
    Exec,
    Direct,
}

/// An internal client: registered with `Server::connect` (no socket), its
/// output gathered here as the core produces it.
struct InternalClient {
    id: ClientId,
    output: Vec<u8>,
    /// The database the direct-access client has selected.
    db: usize,
    /// The core closed it (QUIT, CLIENT KILL, `timeout`): what is left in
    /// `output` is still read, then the next use registers a new client.
    closed: bool,
}

pub(crate) struct Core {
    pub(crate) server: Server,
    pub(crate) clock: Clock,
    sockets: HashMap<ClientId, Arc<Mailbox>>,
    internal: [Option<InternalClient>; 2],
    /// The error every socket command answers, as reply bytes.
    pub(crate) injected: Option<Arc<[u8]>>,
    /// Commands and connections the internal clients made, which the test
    /// helpers do not count.
    internal_commands: u64,
    internal_connections: u64,
    /// While `fast_forward` runs: the socket clients that got output.
    notified: Option<Vec<ClientId>>,
}

impl Core {
    fn internal_index(&self, id: ClientId) -> Option<usize> {
        self.internal
            .iter()
            .position(|slot| slot.as_ref().is_some_and(|c| c.id == id))
    }

    /// INFO's `total_commands_processed` without the internal clients'.
    pub(crate) fn command_count(&self) -> u64 {
        self.server
            .commands_processed()
            .saturating_sub(self.internal_commands)
    }

    /// INFO's `connected_clients` without the internal clients.
    pub(crate) fn connected_clients(&self) -> usize {
        let internal = self.internal.iter().flatten().filter(|c| !c.closed).count();
        self.server.connected_clients().saturating_sub(internal)
    }

    /// INFO's `total_connections_received` without the internal clients.
    pub(crate) fn total_connections(&self) -> u64 {
        self.server
            .connections_received()
            .saturating_sub(self.internal_connections)
    }

    /// Runs everything due up to the clock's `now`. Right after a
    /// `handle_timeout` the core's `next_timeout` is after that time, so work a
    /// budget left over (more expired keys than one cycle removes, a long
    /// lazy-free queue) shows as `now + 1`: call again, a bounded number
    /// of times (harmless when it was a genuine deadline 1 ms away).
    pub(crate) fn run_due(&mut self) {
        const EXTRA_ROUNDS: usize = 1000;
        let now = self.clock.now();
        if self.server.next_timeout().is_some_and(|at| at <= now) {
            self.server.handle_timeout(now);
        }
        for _ in 0..EXTRA_ROUNDS {
            if self.server.next_timeout() != Some(now + 1) {
                break;
            }
            self.server.handle_timeout(now);
        }
    }
}

pub(crate) struct Shared {
    core: Mutex<Core>,
    /// Signalled when an internal client got output or closed, and when a
    /// socket closed: what `exec` and `close_clients` wait for.
    changed: Condvar,
    /// Wakes the timer task when the core's next timeout moved earlier.
    pub(crate) timer: Mailbox,
    /// When the timer task will next look (`u64::MAX`: not planned).
    pub(crate) timer_planned: AtomicU64,
    /// One turn per internal client: a command and its reply are one
    /// exchange, so threads that share a client take turns (else one could
    /// read the other's reply).
    turns: [Mutex<()>; 2],
    /// Closed (never sent on) to stop the server thread.
    pub(crate) stop: (async_channel::Sender<()>, async_channel::Receiver<()>),
}

impl Shared {
    pub(crate) fn new(server: Server, clock: Clock) -> Shared {
        Shared {
            core: Mutex::new(Core {
                server,
                clock,
                sockets: HashMap::new(),
                internal: [None, None],
                injected: None,
                internal_commands: 0,
                internal_connections: 0,
                notified: None,
            }),
            changed: Condvar::new(),
            timer: Mailbox::default(),
            timer_planned: AtomicU64::new(u64::MAX),
            turns: [Mutex::new(()), Mutex::new(())],
            stop: async_channel::bounded(1),
        }
    }

    /// Locks the core. A poisoned lock means the core panicked (a bug):
    /// the test that uses the server fails with that message.
    fn lock(&self) -> MutexGuard<'_, Core> {
        self.core
            .lock()
            .unwrap_or_else(|_| panic!("miniredis-embedded: the server panicked earlier"))
    }

    /// Runs `call` on the core with its clock's `now`, then delivers the
    /// events it produced.
    pub(crate) fn with_core<R>(&self, call: impl FnOnce(&mut Core, Millis) -> R) -> R {
        let mut core = self.lock();
        let result = self.call_locked(&mut core, call);
        drop(core);
        result
    }

    fn call_locked<R>(&self, core: &mut Core, call: impl FnOnce(&mut Core, Millis) -> R) -> R {
        let result = call(core, core.clock.now());
        let now = core.clock.now();
        self.deliver(core, now);
        result
    }

    /// Drains the core's events (see the module documentation) and wakes
    /// the timer task if the next timeout moved earlier.
    fn deliver(&self, core: &mut Core, now: Millis) {
        let mut internal_changed = false;
        while let Some(event) = core.server.poll_event() {
            match event {
                Event::Output(client) => {
                    if let Some(mailbox) = core.sockets.get(&client) {
                        mailbox.notify();
                        if let Some(notified) = &mut core.notified {
                            notified.push(client);
                        }
                    } else if let Some(i) = core.internal_index(client) {
                        let mut output = Vec::new();
                        core.server.take_output(client, &mut output);
                        // Gathered here is as good as written to a socket.
                        core.server.written(client, output.len(), now);
                        if let Some(internal) = &mut core.internal[i] {
                            internal.output.extend_from_slice(&output);
                        }
                        internal_changed = true;
                    }
                }
                Event::Close { client, flush } => {
                    if let Some(mailbox) = core.sockets.get(&client) {
                        mailbox.request_close(if flush {
                            CloseRequest::AfterFlush
                        } else {
                            CloseRequest::Now
                        });
                    } else if let Some(i) = core.internal_index(client) {
                        let mut output = Vec::new();
                        core.server.take_output(client, &mut output);
                        if let Some(internal) = &mut core.internal[i] {
                            internal.output.extend_from_slice(&output);
                            internal.closed = true;
                        }
                        core.server.closed(client, now);
                        internal_changed = true;
                    }
                }
                Event::Shutdown => {
                    self.stop.0.close();
                }
                // The embedded server is a test double that keeps no
                // files: a snapshot (SAVE, BGSAVE, BGREWRITEAOF) is
                // produced as in a real server, its bytes dropped and its
                // end reported written, so persistence commands answer as
                // they would against a server with a disk.
                Event::Snapshot => {
                    let mut bytes = Vec::new();
                    if let Some(chunk) = core.server.take_snapshot_bytes(&mut bytes) {
                        if chunk.last {
                            core.server.snapshot_finished(chunk.id, Ok(()), now);
                        }
                    }
                }
            }
        }
        if internal_changed {
            self.changed.notify_all();
        }
        let next = core.server.next_timeout().unwrap_or(u64::MAX);
        if next < self.timer_planned.load(Ordering::Acquire) {
            self.timer_planned.store(next, Ordering::Release);
            self.timer.notify();
        }
    }

    /// Admits a socket's client and gives it a mailbox.
    pub(crate) fn accept(
        &self,
        peer: SocketAddr,
        local: Option<SocketAddr>,
    ) -> Result<(ClientId, Arc<Mailbox>), Refusal> {
        self.with_core(|core, now| {
            let id = core.server.accept(now, Some(peer), local)?;
            let mailbox = Arc::new(Mailbox::default());
            core.sockets.insert(id, mailbox.clone());
            Ok((id, mailbox))
        })
    }

    /// Reports a socket closed (after it is closed).
    pub(crate) fn closed(&self, id: ClientId) {
        self.with_core(|core, now| {
            core.server.closed(id, now);
            core.sockets.remove(&id);
        });
        self.changed.notify_all();
    }

    /// Asks every socket's task to close at once, and waits (at most
    /// `limit`) until they have.
    pub(crate) fn close_sockets(&self, limit: Duration) {
        let deadline = Instant::now() + limit;
        let mut core = self.lock();
        let ids: Vec<ClientId> = core.sockets.keys().copied().collect();
        for mailbox in core.sockets.values() {
            mailbox.request_close(CloseRequest::Now);
        }
        while ids.iter().any(|id| core.sockets.contains_key(id)) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            core = self
                .changed
                .wait_timeout(core, left)
                .unwrap_or_else(|_| panic!("miniredis-embedded: the server panicked earlier"))
                .0;
        }
    }

    /// Moves the clock forward by `by` ms and runs what became due;
    /// returns the socket clients that got output from it.
    pub(crate) fn advance(&self, by: Millis) -> Vec<ClientId> {
        self.with_core(|core, _| {
            core.notified = Some(Vec::new());
            core.clock.advance(by);
            core.run_due();
        });
        self.lock().notified.take().unwrap_or_default()
    }

    /// Waits (at most `limit`) until these clients' output is written to
    /// their sockets, so what a `fast_forward` produced has left the server
    /// when it returns. Polls: the wait is short and rare.
    pub(crate) fn wait_written(&self, clients: &[ClientId], limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            let pending = {
                let core = self.lock();
                clients.iter().any(|&id| {
                    core.sockets.contains_key(&id) && core.server.unwritten_output(id) > 0
                })
            };
            if !pending || Instant::now() >= deadline {
                return;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// Runs one command on an internal client and waits for its reply;
    /// `db` first selects that database (direct access).
    pub(crate) fn exec<A: AsRef<[u8]>>(
        &self,
        which: Internal,
        db: Option<usize>,
        args: &[A],
    ) -> Reply {
        // A panic while it was held (a failed assertion in a test thread)
        // leaves nothing half-done here.
        let _turn = self.turns[which as usize]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (mut core, id, selected) = self.internal_client(self.lock(), which);
        let mut request = Vec::new();
        let select = db.filter(|&db| db != selected);
        if let Some(db) = select {
            encode_command(&["SELECT".to_string(), db.to_string()], &mut request);
        }
        encode_command(args, &mut request);
        self.run_internal(&mut core, id, &request);
        if let Some(db) = select {
            let (guard, answer) = self.wait_reply(core, id);
            core = guard;
            let ok = matches!(answer, Reply::Status(_));
            match core.internal_index(id) {
                Some(i) if ok => {
                    if let Some(client) = &mut core.internal[i] {
                        client.db = db;
                    }
                }
                _ => return answer,
            }
        }
        self.wait_reply(core, id).1
    }

    /// The internal client, registered (switched to RESP3 and
    /// authenticated with the password in force) on first use; with the
    /// database it has selected.
    fn internal_client<'a>(
        &'a self,
        mut core: MutexGuard<'a, Core>,
        which: Internal,
    ) -> (MutexGuard<'a, Core>, ClientId, usize) {
        if let Some(client) = core.internal[which as usize].as_ref().filter(|c| !c.closed) {
            let (id, db) = (client.id, client.db);
            return (core, id, db);
        }
        let now = core.clock.now();
        let id = core.server.connect(now);
        core.internal_connections += 1;
        core.internal[which as usize] = Some(InternalClient {
            id,
            output: Vec::new(),
            db: 0,
            closed: false,
        });
        let password = core.server.config().requirepass.clone();
        let mut hello: Vec<Vec<u8>> = vec![b"HELLO".to_vec(), b"3".to_vec()];
        if !password.is_empty() {
            hello.extend([b"AUTH".to_vec(), b"default".to_vec(), password]);
        }
        let mut request = Vec::new();
        encode_command(&hello, &mut request);
        self.run_internal(&mut core, id, &request);
        let (core, answer) = self.wait_reply(core, id);
        assert!(
            !answer.is_error(),
            "miniredis-embedded: the internal client's HELLO failed: {answer}"
        );
        (core, id, 0)
    }

    /// Gives `request` to the internal client `id`, counting the commands
    /// it ran as internal.
    fn run_internal(&self, core: &mut Core, id: ClientId, request: &[u8]) {
        self.call_locked(core, |core, now| {
            let before = core.server.commands_processed();
            core.server.receive(id, request, now);
            let ran = core.server.commands_processed().saturating_sub(before);
            core.internal_commands += ran;
        });
    }

    /// The next reply of the internal client `id`, waiting for it (a
    /// blocking command waits until it is served or times out). If the
    /// client was closed meanwhile (QUIT, CLIENT KILL), an error says so.
    fn wait_reply<'a>(
        &'a self,
        mut core: MutexGuard<'a, Core>,
        id: ClientId,
    ) -> (MutexGuard<'a, Core>, Reply) {
        loop {
            let Some(i) = core.internal_index(id) else {
                let replaced = "ERR miniredis-embedded: the connection was closed";
                return (core, Reply::Error(replaced.into()));
            };
            if let Some(client) = &mut core.internal[i] {
                match parse(&client.output) {
                    Ok(Some((reply, used))) => {
                        client.output.drain(..used);
                        return (core, reply);
                    }
                    Ok(None) if client.closed => {
                        let closed = "ERR miniredis-embedded: the connection was closed";
                        return (core, Reply::Error(closed.into()));
                    }
                    Ok(None) => {}
                    Err(why) => panic!("miniredis-embedded: unreadable reply from the core: {why}"),
                }
            }
            core = self
                .changed
                .wait(core)
                .unwrap_or_else(|_| panic!("miniredis-embedded: the server panicked earlier"));
        }
    }
}
