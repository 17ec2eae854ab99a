//! The state every task of one server shares: the core behind one mutex,
//! each connection's mailbox, the clock, the timer task's wake-up and the
//! shutdown signal.
//!
//! Every call into the core goes through [`Shared::with_core`], which runs
//! the call with the lock held (the core's work is bounded by its input)
//! and then, still under the lock, drains the core's events and delivers
//! them: output and close requests to the clients' mailboxes, a shutdown to
//! the stop signal, and an earlier next timeout to the timer task. The lock
//! is never held across an `.await`.
//!
//! Who gets the lock next matters while a script runs: the timer task
//! then calls the core back to back, one slice per call, and on a
//! multi-threaded executor (async-std) another client's input (SCRIPT
//! KILL) is a thread blocked on the lock. So while a script runs every
//! release is fair (an ordinary mutex lets the releasing thread, or the timer task it just
//! woke, take the lock again before the woken waiter runs: SCRIPT KILL
//! waited slice after slice, for hundreds of milliseconds, until the
//! script had ended by itself and was answered NOTBUSY), and the timer task
//! never blocks an executor thread waiting for the lock (see
//! [`Shared::timer_call`]: with the script's first slice running in its
//! caller's task and the timer blocked, both of async-std's threads were
//! taken, and SCRIPT KILL was not even read until the timer's next slice
//! had run).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{fence, AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex, MutexGuard as StdMutexGuard};
use std::time::Duration;

use miniredis_core::{ClientId, Config, Event, Host, Millis, Refusal, Server};
use parking_lot::{Mutex, MutexGuard};

use crate::aof::{fsync_handle, Aof};
use crate::cli::Options;
use crate::clock::{random_seed, Clock};
use crate::group_commit::{GroupCommit, Synced};
use crate::mailbox::{CloseRequest, Mailbox};
use crate::persist::WriterWake;
use crate::shutdown::Shutdown;

/// The core and the mailboxes of its clients, locked together so events
/// are delivered in the order the core produced them.
struct Core {
    server: Server,
    mailboxes: HashMap<ClientId, Arc<Mailbox>>,
}

pub struct Shared {
    core: Mutex<Core>,
    clock: Clock,
    binary: &'static str,
    /// Wakes the timer task when the core's next timeout moved earlier.
    timer: Mailbox,
    /// When the timer task will next run (`u64::MAX`: not planned).
    timer_planned: AtomicU64,
    /// Set while the timer task waits for the lock to be released (see
    /// [`Shared::timer_call`]); the release wakes it.
    timer_wants_lock: AtomicBool,
    pub shutdown: Shutdown,
    /// Wakes the snapshot writer thread (see persist.rs).
    pub snapshot_wake: WriterWake,
    /// The append-only file (aof.rs), once opened at start. Locked after
    /// the core's lock when both are held, never before it.
    pub aof: StdMutex<Option<Aof>>,
    /// `appendfsync always`: what output waits for (group_commit.rs;
    /// connection.rs waits, persist.rs runs its fsync thread).
    pub group_commit: GroupCommit,
}

fn yes_no(on: bool) -> String {
    if on { "yes" } else { "no" }.to_string()
}

impl Shared {
    /// Creates the core for `options`. `port` is the port actually bound
    /// (it differs from the requested one for `--port 0`), so INFO reports
    /// the truth.
    pub fn new(
        binary: &'static str,
        runtime: &'static str,
        options: &Options,
        port: u16,
    ) -> Shared {
        let clock = Clock::start();
        let config = Config {
            maxmemory: options.maxmemory,
            maxmemory_policy: options.maxmemory_policy,
            requirepass: options.requirepass.clone().into_bytes(),
            maxclients: options.maxclients,
            protected_mode: options.protected_mode,
            timeout_secs: options.timeout,
            save_points: options.save_points.clone(),
            // CONFIG GET dir reports an absolute path, as Redis does.
            dir: std::fs::canonicalize(&options.dir)
                .unwrap_or_else(|_| options.dir.clone())
                .display()
                .to_string(),
            dbfilename: options.dbfilename.clone(),
            appendonly: options.appendonly,
            ..Config::default()
        };
        let mut config = config;
        for (name, value) in [
            ("appendfsync", options.appendfsync.clone()),
            ("appenddirname", options.appenddirname.clone()),
            ("appendfilename", options.appendfilename.clone()),
            ("aof-load-truncated", yes_no(options.aof_load_truncated)),
            ("aof-use-rdb-preamble", yes_no(options.aof_use_rdb_preamble)),
            ("enable-debug-command", options.enable_debug_command.clone()),
        ] {
            config.set_reported_at_start(name, value);
        }
        let host = Host {
            port,
            runtime,
            process_id: std::process::id(),
            seed: random_seed(),
            unix_time_at_zero_ms: clock.unix_time_at_zero_ms(),
        };
        Shared {
            core: Mutex::new(Core {
                server: Server::new(config, host, clock.now()),
                mailboxes: HashMap::new(),
            }),
            clock,
            binary,
            timer: Mailbox::default(),
            timer_planned: AtomicU64::new(0),
            timer_wants_lock: AtomicBool::new(false),
            shutdown: Shutdown::default(),
            snapshot_wake: WriterWake::default(),
            aof: StdMutex::new(None),
            group_commit: GroupCommit::default(),
        }
    }

    pub fn binary(&self) -> &'static str {
        self.binary
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Locks the core; release it with [`Shared::unlock`]. The lock does
    /// not record panics (no poisoning): a panic while it is held stops
    /// the process in the panic hook, before anything could unlock it
    /// (crash-only, see `crash.rs`).
    fn lock(&self) -> MutexGuard<'_, Core> {
        self.core.lock()
    }

    /// Runs `call` on the core at the current time, then delivers the
    /// events it produced. Output announced for `me` is not delivered: the
    /// caller (that client's own task) takes it in `call`.
    pub fn with_core<R>(
        &self,
        me: Option<ClientId>,
        call: impl FnOnce(&mut Server, Millis) -> R,
    ) -> R {
        let core = self.lock();
        self.call_locked(core, me, call)
    }

    /// [`Shared::with_core`] with the lock taken.
    fn call_locked<R>(
        &self,
        mut core: MutexGuard<'_, Core>,
        me: Option<ClientId>,
        call: impl FnOnce(&mut Server, Millis) -> R,
    ) -> R {
        let now = self.clock.now();
        let result = call(&mut core.server, now);
        let next = self.deliver_events(&mut core, me, now);
        // Fair only while a script runs in slices (other due work, such as
        // a background save's next slice, is not worth a hand-over).
        let fair = core.server.script_running();
        self.unlock(core, fair);
        if next < self.timer_planned.load(Ordering::Acquire) {
            self.timer_planned.store(next, Ordering::Release);
            self.timer.notify();
        }
        result
    }

    /// Releases the lock taken by [`Shared::lock`], and wakes the timer
    /// task if it is waiting for it. Every release goes through here.
    ///
    /// While a script runs (`fair`: its next slice is due at once) the
    /// release is fair: a thread already blocked on the lock
    /// gets it, rather than whichever thread asks next (usually the
    /// releasing one, or the timer task it just woke). Otherwise it is an
    /// ordinary release: handing the lock over on every release costs a
    /// third of async-std's pipelined throughput (redis-benchmark SET/GET
    /// -P 16), and a client waits for the lock only one command's time.
    fn unlock(&self, core: MutexGuard<'_, Core>, fair: bool) {
        if fair {
            MutexGuard::unlock_fair(core);
        } else {
            drop(core);
        }
        // Pairs with the fence in `try_lock_for_timer`: either it sees the
        // lock free or this sees its flag.
        fence(Ordering::SeqCst);
        if self.timer_wants_lock.load(Ordering::Relaxed)
            && self.timer_wants_lock.swap(false, Ordering::Relaxed)
        {
            self.timer.notify();
        }
    }

    /// After a call into the core, still under its lock: logs the input to
    /// the AOF, delivers the events the call produced (except `me`'s
    /// output, see [`Shared::with_core`]) and returns the core's next
    /// timeout (`u64::MAX`: none).
    fn deliver_events(&self, core: &mut Core, me: Option<ClientId>, now: Millis) -> Millis {
        // The input's log goes to the AOF before any of its replies can
        // be written (they are taken under this lock, after this); under
        // `always` they wait for its fsync too (connection.rs, `durable`).
        let durable = match self.lock_aof().as_mut() {
            Some(aof) => {
                let done = aof.after_input(&mut core.server, now);
                if let Some(position) = done.wait_for {
                    self.group_commit.appended(position);
                }
                if let Some(position) = done.released_upto {
                    self.group_commit.recovered(position);
                }
                if let Some(position) = done.failed_at {
                    // Bytes not on disk: output shows their state from
                    // now on, so it waits for the recovery.
                    self.group_commit.appended(position);
                    self.group_commit.finished(Synced {
                        upto: position,
                        ok: false,
                    });
                }
                done.ok
            }
            None => true,
        };
        if !durable {
            // `appendfsync always` and the write failed: the replies of
            // this input acknowledge writes that are not on disk, so
            // their clients are closed without them.
            if let Some(mailbox) = me.and_then(|id| core.mailboxes.get(&id)) {
                mailbox.request_close(CloseRequest::Now);
            }
        }
        while let Some(event) = core.server.poll_event() {
            match event {
                Event::Output(client) if Some(client) == me => {}
                Event::Output(client) if !durable => {
                    if let Some(mailbox) = core.mailboxes.get(&client) {
                        mailbox.request_close(CloseRequest::Now);
                    }
                }
                Event::Output(client) => {
                    if let Some(mailbox) = core.mailboxes.get(&client) {
                        mailbox.notify();
                    }
                }
                Event::Close { client, flush } => {
                    if let Some(mailbox) = core.mailboxes.get(&client) {
                        mailbox.request_close(if flush {
                            CloseRequest::AfterFlush
                        } else {
                            CloseRequest::Now
                        });
                    }
                }
                Event::Shutdown => self.shutdown.request(),
                Event::Snapshot => self.snapshot_wake.notify(),
            }
        }
        core.server.next_timeout().unwrap_or(u64::MAX)
    }

    /// One group-commit fsync, outside the core's and the AOF's locks:
    /// everything appended when it begins.
    pub fn fsync_aof(&self) -> Synced {
        let (handle, upto) = match self.lock_aof().as_mut() {
            Some(aof) => aof.sync_handle(),
            // No AOF, so nothing was appended: nothing to wait for.
            None => (Ok(None), self.group_commit.position()),
        };
        let outcome = fsync_handle(handle).and_then(|()| match self.lock_aof().as_ref() {
            Some(aof) => aof.confirm_sync(),
            None => Ok(()),
        });
        if let Err(reason) = &outcome {
            self.with_core(None, |server, now| {
                if let Some(aof) = self.lock_aof().as_mut() {
                    aof.sync_failed(server, reason.clone(), now);
                }
            });
        }
        Synced {
            upto,
            ok: outcome.is_ok(),
        }
    }

    /// Locks the AOF (after the core's lock, if both are held).
    pub fn lock_aof(&self) -> StdMutexGuard<'_, Option<Aof>> {
        self.aof.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Admits a client (see [`Server::accept`]) and gives it a mailbox.
    pub fn accept(
        &self,
        peer: Option<SocketAddr>,
        local: Option<SocketAddr>,
    ) -> Result<(ClientId, Arc<Mailbox>), Refusal> {
        let now = self.clock.now();
        let mut core = self.lock();
        let admitted = match core.server.accept(now, peer, local) {
            Ok(id) => {
                let mailbox = Arc::new(Mailbox::default());
                core.mailboxes.insert(id, mailbox.clone());
                Ok((id, mailbox))
            }
            Err(refusal) => Err(refusal),
        };
        self.unlock(core, false);
        admitted
    }

    /// Reports a client's socket closed; the core and the mailboxes forget
    /// it.
    pub fn closed(&self, id: ClientId) {
        self.with_core(None, |server, now| server.closed(id, now));
        let mut core = self.lock();
        core.mailboxes.remove(&id);
        self.unlock(core, false);
    }

    /// The timer task, forever: runs the core's timeouts when they come
    /// ([`Shared::timer_call`]) and sleeps in between. `sleep` is the
    /// runtime's timer.
    pub async fn run_timer<F, Fut>(&self, sleep: F)
    where
        F: Fn(Duration) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        loop {
            let Some(delay) = self.timer_call() else {
                // Another caller has the core: woken when it is released.
                self.timer.notified().await;
                continue;
            };
            if delay.is_zero() {
                // Due at once (a script running in slices, SAVE's walk):
                // let the other tasks (clients' input, which may be SCRIPT
                // KILL) in between two calls, without sleeping. (Callers
                // on other threads get the lock first from `timer_call`.)
                futures_lite::future::yield_now().await;
            } else {
                futures_lite::future::or(sleep(delay), self.timer.notified()).await;
            }
        }
    }

    /// One call of the timer task into the core: runs what is due (one
    /// slice of a running script, or the periodic work), refreshes the
    /// core's Unix time base so wall-clock commands follow the system
    /// clock, and returns how long to wait before the next call (at most
    /// [`UNIX_BASE_REFRESH`]; zero while a script runs). `None`, at once,
    /// when another caller has the lock: its release wakes the task.
    ///
    /// Another client's input so waits for at most the slice in progress
    /// (see the module docs): this call never blocks the thread, and it
    /// releases the lock fairly. The wait is published under the lock: a
    /// later call that makes the next timeout earlier sees it and wakes the
    /// task (published after the unlock, it could overwrite that call's
    /// earlier plan, and the task slept through the new timeout, up to
    /// [`UNIX_BASE_REFRESH`]).
    fn timer_call(&self) -> Option<Duration> {
        let unix_base = self.clock.current_unix_time_at_zero_ms();
        let core = self.try_lock_for_timer()?;
        let delay = self.call_locked(core, None, |server, now| {
            // Two truncated clocks make the measured base jitter by a
            // millisecond or so; following that would shift absolute
            // deadlines (PEXPIREAT, a loaded file's) by it. Only a real
            // step of the system clock is followed.
            if server.host().unix_time_at_zero_ms.abs_diff(unix_base) >= UNIX_BASE_JITTER_MS {
                server.set_unix_time_base(unix_base);
            }
            if server.next_timeout().is_some_and(|at| at <= now) {
                server.handle_timeout(now);
            }
            let delay = timer_delay(now, server.next_timeout());
            self.timer_planned.store(
                now.saturating_add(delay.as_millis() as u64),
                Ordering::Release,
            );
            delay
        });
        Some(delay)
    }

    /// The lock, if free; otherwise `None`, and the next release wakes the
    /// timer task.
    fn try_lock_for_timer(&self) -> Option<MutexGuard<'_, Core>> {
        if let Some(core) = self.core.try_lock() {
            return Some(core);
        }
        self.timer_wants_lock.store(true, Ordering::Relaxed);
        // Pairs with the fence in `unlock`: a release between the first try
        // and the flag is seen by the second try.
        fence(Ordering::SeqCst);
        let core = self.core.try_lock()?;
        self.timer_wants_lock.store(false, Ordering::Relaxed);
        Some(core)
    }
}

/// The longest the timer task sleeps, so the Unix time base is refreshed.
/// Changes of the measured Unix time base smaller than this are jitter,
/// not a step of the system clock, and are ignored.
const UNIX_BASE_JITTER_MS: u64 = 10;

pub const UNIX_BASE_REFRESH: Duration = Duration::from_secs(1);

/// How long the timer task sleeps at `now` before the core's `next`
/// timeout: until then, at most [`UNIX_BASE_REFRESH`]; zero when it is
/// due (the core asks for `now` itself while a script runs in slices).
fn timer_delay(now: Millis, next: Option<Millis>) -> Duration {
    let cap = UNIX_BASE_REFRESH.as_millis() as Millis;
    let ms = next.map_or(cap, |at| at.saturating_sub(now).min(cap));
    Duration::from_millis(ms)
}

#[cfg(test)]
#[path = "shared_tests.rs"]
mod tests;
