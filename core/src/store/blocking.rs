//! Clients blocked on keys (BLPOP, BZPOPMIN, BLMOVE...): who waits on
//! which key, in the order they blocked, and which keys became ready.
//!
//! A client blocks on keys that are missing (an empty list or sorted set
//! does not exist), so a key can only become servable when it is added to
//! its database, and that is when it is filed as ready (Redis's
//! `signalKeyAsReady` from `dbAdd`): the dispatcher files a waited-on key
//! a write names that was missing before it and exists after; RENAME,
//! COPY, MOVE and SWAPDB, which add keys whatever was there (or in
//! another database), file theirs. An overwrite of an existing key (a
//! store command over a key of another type) wakes nobody, as in Redis.
//! The engine then serves the waiters of every ready key, first blocked
//! first served, after the command (or the whole MULTI/EXEC) that added
//! it. What each waiter runs, and its reply, is the engine's business;
//! this module only keeps the order.

use std::collections::{HashMap, VecDeque};

use crate::compact::Key;
use crate::Millis;

/// How CLIENT UNBLOCK ends a client's wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnblockMode {
    /// As if its timeout had passed.
    Timeout,
    /// With `-UNBLOCKED client unblocked via CLIENT UNBLOCK`.
    Error,
}

/// One blocked client's registration.
#[derive(Debug)]
struct Waiting {
    db: usize,
    keys: Vec<Key>,
    deadline: Option<Millis>,
    /// Served also when a key it waits on is deleted or changes type
    /// (XREADGROUP: Redis answers `-UNBLOCKED the stream key no longer
    /// exists` then).
    wake_on_delete: bool,
}

/// The registry of blocked clients (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct Blocking {
    /// (database, key) -> clients blocked on it, in the order they blocked.
    waiters: HashMap<(usize, Key), VecDeque<u64>>,
    clients: HashMap<u64, Waiting>,
    /// Keys added while clients wait on them, in the order they came.
    ready: VecDeque<(usize, Key)>,
    /// CLIENT UNBLOCK requests for the engine to carry out.
    unblocks: Vec<(u64, UnblockMode)>,
}

impl Blocking {
    /// Number of blocked clients (INFO `blocked_clients`).
    pub fn blocked_clients(&self) -> usize {
        self.clients.len()
    }

    /// Blocked clients with a deadline (INFO `clients_in_timeout_table`).
    pub fn timed_clients(&self) -> usize {
        self.clients
            .values()
            .filter(|w| w.deadline.is_some())
            .count()
    }

    pub fn is_blocked(&self, client: u64) -> bool {
        self.clients.contains_key(&client)
    }

    /// Whether some client waits on `key` in `db` (one hash lookup; none
    /// at all when nobody is blocked).
    pub fn is_waited_on(&self, db: usize, key: &[u8]) -> bool {
        !self.waiters.is_empty() && self.waiters.contains_key(&(db, Key::new(key)))
    }

    /// Files `client` as blocked on `keys` of `db` until `deadline`
    /// (`None`: forever), behind the clients already waiting there.
    pub fn block(&mut self, client: u64, db: usize, keys: &[&[u8]], deadline: Option<Millis>) {
        let mut own: Vec<Key> = Vec::with_capacity(keys.len());
        for key in keys {
            let key = Key::new(key);
            if own.contains(&key) {
                continue;
            }
            self.waiters
                .entry((db, key.clone()))
                .or_default()
                .push_back(client);
            own.push(key);
        }
        self.clients.insert(
            client,
            Waiting {
                db,
                keys: own,
                deadline,
                wake_on_delete: false,
            },
        );
    }

    /// Marks a blocked client as one to serve when a key it waits on is
    /// deleted (see `Waiting::wake_on_delete`).
    pub fn wake_on_delete(&mut self, client: u64) {
        if let Some(waiting) = self.clients.get_mut(&client) {
            waiting.wake_on_delete = true;
        }
    }

    /// Whether `client` is served when a key it waits on is missing.
    /// Whether a client waiting on `key` wants to hear of its deletion.
    pub fn has_delete_waiter(&self, db: usize, key: &[u8]) -> bool {
        self.waiters
            .get(&(db, Key::new(key)))
            .is_some_and(|queue| queue.iter().any(|&id| self.wakes_on_delete(id)))
    }

    pub fn wakes_on_delete(&self, client: u64) -> bool {
        self.clients.get(&client).is_some_and(|w| w.wake_on_delete)
    }

    /// Forgets a client's wait (served, timed out, unblocked or gone);
    /// returns its deadline if it was blocked.
    pub fn unblock(&mut self, client: u64) -> Option<Option<Millis>> {
        let waiting = self.clients.remove(&client)?;
        for key in waiting.keys {
            let slot = (waiting.db, key);
            if let Some(queue) = self.waiters.get_mut(&slot) {
                queue.retain(|&id| id != client);
                if queue.is_empty() {
                    self.waiters.remove(&slot);
                }
            }
        }
        Some(waiting.deadline)
    }

    /// Files a key added to `db` as ready when clients wait on it.
    pub fn signal(&mut self, db: usize, key: &[u8]) {
        if self.is_waited_on(db, key) {
            let slot = (db, Key::new(key));
            if !self.ready.contains(&slot) {
                self.ready.push_back(slot);
            }
        }
    }

    /// Files every waited-on key of `db` as ready (SWAPDB brings a whole
    /// database's keys; the engine serves only those that exist).
    pub fn signal_db(&mut self, db: usize) {
        let keys: Vec<(usize, Key)> = self
            .waiters
            .keys()
            .filter(|(d, _)| *d == db)
            .cloned()
            .collect();
        for slot in keys {
            if !self.ready.contains(&slot) {
                self.ready.push_back(slot);
            }
        }
    }

    /// Whether the engine has clients to serve or unblock.
    pub fn has_work(&self) -> bool {
        !self.ready.is_empty() || !self.unblocks.is_empty()
    }

    /// The next ready key and the clients waiting on it, first blocked
    /// first.
    pub fn next_ready(&mut self) -> Option<(usize, Key, Vec<u64>)> {
        while let Some((db, key)) = self.ready.pop_front() {
            if let Some(queue) = self.waiters.get(&(db, key.clone())) {
                let clients = queue.iter().copied().collect();
                return Some((db, key, clients));
            }
        }
        None
    }

    /// Asks the engine to end `client`'s wait; false when it is not
    /// blocked (CLIENT UNBLOCK then answers 0).
    pub fn request_unblock(&mut self, client: u64, mode: UnblockMode) -> bool {
        if !self.is_blocked(client) {
            return false;
        }
        self.unblocks.push((client, mode));
        true
    }

    pub fn take_unblock_requests(&mut self) -> Vec<(u64, UnblockMode)> {
        std::mem::take(&mut self.unblocks)
    }

    /// Checks that every queue entry belongs to a registered client and
    /// every registration is queued (for audits).
    pub fn audit(&self) -> Result<(), String> {
        for ((db, key), queue) in &self.waiters {
            for id in queue {
                match self.clients.get(id) {
                    Some(w) if w.db == *db && w.keys.contains(key) => {}
                    _ => return Err(format!("blocked queue lists client {id} not waiting there")),
                }
            }
        }
        for (id, waiting) in &self.clients {
            for key in &waiting.keys {
                let queued = self
                    .waiters
                    .get(&(waiting.db, key.clone()))
                    .is_some_and(|q| q.contains(id));
                if !queued {
                    return Err(format!("blocked client {id} missing from a key's queue"));
                }
            }
        }
        Ok(())
    }
}
