//! Running a client's input around blocked clients: a client blocked in
//! BLPOP (or another blocking command) keeps its later input in its
//! decoder; a command that adds a key someone waits on makes the engine
//! serve the waiters, first blocked first served, by running each one's
//! blocked command again; a served, timed-out or unblocked client then
//! goes on with the input it had sent meanwhile.
//!
//! Work stays bounded by what the clients sent: every command runs once
//! per input, and a blocked command runs again only when a key it waits
//! on was added.

use std::collections::VecDeque;

use super::{dispatch, BatchEnd, ClientId, Event, Server};
use crate::commands::{errors, OwnOnly};
use crate::compact::Key;
use crate::protocol::ReplyWriter;
use crate::store::UnblockMode;

impl Server {
    /// Runs the client's buffered commands, and then those of every client
    /// a command of theirs served, unblocked or released from a pause,
    /// until no client has a runnable command left. After each batch: the
    /// clients it killed are closed, then blocked clients served, then the
    /// MONITOR lines and Pub/Sub messages it produced delivered.
    pub(super) fn drive(&mut self, id: u64) {
        self.drive_all(VecDeque::from([id]));
    }

    /// [`Server::drive`] for several clients, in turn; clients their
    /// commands free join the end of the line.
    pub(super) fn drive_all(&mut self, mut runnable: VecDeque<u64>) {
        while let Some(id) = runnable.pop_front() {
            loop {
                let end = self.run_commands(id);
                let yielded = matches!(end, BatchEnd::Yield);
                self.end_batch(id, end);
                self.apply_kills();
                // Messages the batch published first: Redis writes each one
                // when it is published, so a subscriber reads them before
                // the reply of a wait the batch then ended.
                self.route_deliveries();
                if self.store.blocking.has_work() {
                    self.serve_blocked(&mut runnable);
                }
                self.resume_released(&mut runnable);
                self.route_monitor_lines();
                // What serving published (the keyspace events of its pops).
                self.route_deliveries();
                if !yielded {
                    break;
                }
            }
        }
    }

    /// What follows a batch of the client's commands.
    fn end_batch(&mut self, id: u64, end: BatchEnd) {
        let Some(session) = self.sessions.get_mut(&id) else {
            return;
        };
        match end {
            // (NeedsPeers never leaves run_commands.)
            BatchEnd::Waiting | BatchEnd::Yield | BatchEnd::NeedsPeers => {
                self.after_output_change(id)
            }
            BatchEnd::Blocked(deadline) => {
                if let Some(deadline) = deadline {
                    self.timers.blocked.insert((deadline, id));
                }
                self.after_output_change(id);
            }
            BatchEnd::Close => self.close(id, true),
            BatchEnd::OverLimit(replies_start) => {
                // As Redis: the client is dropped without the replies that
                // took it over the limit.
                session.output.truncate(replies_start);
                self.close(id, false);
            }
            BatchEnd::Shutdown => {
                self.close(id, true);
                self.events.push_back(Event::Shutdown);
            }
        }
    }

    /// Serves the clients waiting on every ready key and carries out
    /// CLIENT UNBLOCK requests; each client served or unblocked joins
    /// `runnable` (its later input can run now).
    fn serve_blocked(&mut self, runnable: &mut VecDeque<u64>) {
        loop {
            for (id, mode) in self.store.blocking.take_unblock_requests() {
                if self.end_wait(id, mode) {
                    runnable.push_back(id);
                }
            }
            let Some((db, key, waiters)) = self.store.blocking.next_ready() else {
                if self.store.blocking.has_work() {
                    continue;
                }
                return;
            };
            let now = self.store.now;
            for id in waiters {
                // Each served client may take the last item: the others
                // wait on (until the next push), except those that must
                // learn the key is gone (XREADGROUP).
                if !self.store.dbs[db].contains(&key, now)
                    && !self.store.blocking.wakes_on_delete(id)
                {
                    continue;
                }
                if self.serve(id, &key) {
                    runnable.push_back(id);
                }
            }
        }
    }

    /// Runs a blocked client's command again, from the ready `key`; true
    /// when it answered (the client is no longer blocked), false when it
    /// still waits.
    fn serve(&mut self, id: u64, key: &Key) -> bool {
        let Some(session) = self.sessions.get_mut(&id) else {
            return false;
        };
        let Some(command) = session.blocked_command.take() else {
            return false;
        };
        let args: Vec<&[u8]> = command.iter().map(Vec::as_slice).collect();
        let client = &mut session.client;
        let waited = client.blocked.take();
        client.serving = Some(key.clone());
        // A blocking command never looks at other clients.
        dispatch::execute(
            &mut self.store,
            client,
            &args,
            &mut session.output,
            &mut OwnOnly::default(),
        );
        client.serving = None;
        self.store.publish_notifications();
        if client.blocked.is_some() {
            // Still waiting: on its own deadline (running the command
            // again worked out a new one from now).
            client.blocked = waited;
            session.blocked_command = Some(command);
            return false;
        }
        self.release(id);
        self.after_output_change(id);
        true
    }

    /// Ends a client's wait without serving it: its timeout reply, or
    /// CLIENT UNBLOCK's error. False when it was not blocked.
    fn end_wait(&mut self, id: u64, mode: UnblockMode) -> bool {
        let Some(session) = self.sessions.get_mut(&id) else {
            return false;
        };
        let Some(blocked) = session.client.blocked.take() else {
            return false;
        };
        session.blocked_command = None;
        let mut w = ReplyWriter::new(&mut session.output, session.client.protocol);
        match mode {
            UnblockMode::Timeout => w.null_array(),
            UnblockMode::Error => {
                let text = errors::UNBLOCKED.text();
                w.error_bytes(text);
                self.store.stats.errors.record(text);
            }
        }
        // The blocked command's one call, counted as it ends.
        self.store.stats.total_commands_processed += 1;
        self.store.stats.commands.slot_mut(blocked.slot).calls += 1;
        self.release(id);
        self.after_output_change(id);
        true
    }

    /// Answers the blocked clients whose deadline has passed (at most
    /// `budget`), then runs what they sent meanwhile. Returns how many.
    ///
    /// As Redis: every client due reads its timeout before any of them
    /// runs its input (which could otherwise serve another one that is due
    /// too); then they run in deadline order.
    pub(super) fn time_out_blocked(&mut self, budget: usize) -> usize {
        let mut done = 0;
        let mut timed_out = VecDeque::new();
        while done < budget {
            let Some((deadline, id)) = self.timers.first_blocked() else {
                break;
            };
            if deadline > self.store.now {
                break;
            }
            self.timers.blocked.remove(&(deadline, id));
            done += 1;
            if self.end_wait(id, UnblockMode::Timeout) {
                timed_out.push_back(id);
            }
        }
        self.drive_all(timed_out);
        done
    }

    /// Takes a client out of the blocking registry and its deadline out
    /// of the timer table (the one place a wait's bookkeeping ends).
    fn release(&mut self, id: u64) {
        if let Some(Some(deadline)) = self.store.blocking.unblock(id) {
            self.timers.blocked.remove(&(deadline, id));
        }
    }

    /// Forgets a closing or closed client's wait.
    pub(super) fn forget_block(&mut self, id: u64) {
        self.release(id);
        if let Some(session) = self.sessions.get_mut(&id) {
            session.client.blocked = None;
            session.blocked_command = None;
        }
    }

    /// Whether the client is blocked (for tests and the simulation).
    pub fn is_blocked(&self, client: ClientId) -> bool {
        self.store.blocking.is_blocked(client.0)
    }

    /// Checks that the blocked clients, their sessions and their timers
    /// agree (for audits).
    pub(super) fn audit_blocked(&self) -> Result<(), String> {
        let mut timed = 0;
        for (id, session) in &self.sessions {
            let registered = self.store.blocking.is_blocked(*id);
            let waiting = session.client.blocked;
            if registered != waiting.is_some() || registered != session.blocked_command.is_some() {
                return Err(format!("client {id}: blocked state out of step"));
            }
            if let Some(deadline) = waiting.and_then(|w| w.deadline) {
                timed += 1;
                if !self.timers.blocked.contains(&(deadline, *id)) {
                    return Err(format!("client {id}: blocked deadline not filed"));
                }
            }
        }
        if timed != self.timers.blocked.len() {
            return Err("blocked timer entries out of step".into());
        }
        if self.store.blocking.blocked_clients() > self.sessions.len() {
            return Err("blocked registry lists unknown clients".into());
        }
        Ok(())
    }
}
