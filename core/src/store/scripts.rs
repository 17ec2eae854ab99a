//! What the store keeps of Lua scripting: the script cache that EVALSHA,
//! SCRIPT LOAD and SCRIPT EXISTS name scripts from (SHA1 hex → body), and
//! the state of a script that is running across calls ([`Busy`]), which
//! the dispatcher reads to hold or refuse other clients' commands.
//!
//! Plain data on purpose: the Lua VM itself lives above the commands
//! (`crate::scripting`), owned by the engine, and compiles from the bodies
//! kept here, so the handlers of SCRIPT EXISTS and the INFO fields need no
//! VM, and a VM built lazily (or rebuilt after SCRIPT FLUSH) finds every
//! cached script here.

use std::collections::HashMap;

use crate::Millis;

/// The script cache and the running script's state.
#[derive(Debug, Default)]
pub(crate) struct Scripts {
    /// Cached bodies by lowercase SHA1 hex.
    bodies: HashMap<[u8; 40], Vec<u8>>,
    /// Sum of the cached bodies' lengths (INFO `used_memory_scripts_eval`).
    body_bytes: usize,
    /// Bumped by SCRIPT FLUSH: the VM rebuilds itself when it sees a new
    /// generation, dropping every compiled function.
    pub generation: u64,
    /// The script running across calls, if any.
    pub busy: Option<Busy>,
    /// Clients whose input waits for the running script (before
    /// `busy-reply-threshold`), in the order they arrived.
    pub held: Vec<u64>,
    /// Bytes the Lua VM holds (INFO `used_memory_lua` /
    /// `used_memory_vm_eval`), refreshed after each run.
    pub vm_memory: usize,
}

/// A script that yielded at the end of a slice and runs on at the next
/// timer call. While it is set, no other client's command runs before
/// `busy-reply-threshold` has passed since `started`; after that they get
/// `-BUSY` unless flagged `allow-busy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Busy {
    /// The client that called the script (its input waits too).
    pub caller: u64,
    /// When the script started (the core's clock).
    pub started: Millis,
    /// The script has run a write command: SCRIPT KILL refuses.
    pub wrote: bool,
    /// SCRIPT KILL asked to stop it: the next slice ends it with the
    /// kill error instead of resuming it.
    pub kill: bool,
    /// It is a function (FCALL): other clients' BUSY and the kill command
    /// that applies (FUNCTION KILL, not SCRIPT KILL) differ.
    pub function: bool,
}

impl Scripts {
    /// Caches `body` under `sha` (a no-op when it is there).
    pub fn insert(&mut self, sha: [u8; 40], body: &[u8]) {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.bodies.entry(sha) {
            self.body_bytes += body.len();
            slot.insert(body.to_vec());
        }
    }

    /// The body cached under `sha` (any case of hex digits).
    pub fn body(&self, sha: &[u8]) -> Option<&[u8]> {
        let key = normalize(sha)?;
        self.bodies.get(&key).map(Vec::as_slice)
    }

    pub fn contains(&self, sha: &[u8]) -> bool {
        self.body(sha).is_some()
    }

    /// SCRIPT FLUSH: forgets every script; the VM rebuilds on next use.
    pub fn flush(&mut self) {
        self.bodies = HashMap::new();
        self.body_bytes = 0;
        self.generation += 1;
        // The VM is dropped when next used; its memory no longer counts.
        self.vm_memory = 0;
    }

    /// Cached scripts (INFO `number_of_cached_scripts`).
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    /// Bytes of the cached bodies.
    pub fn body_bytes(&self) -> usize {
        self.body_bytes
    }
}

/// A 40-character SHA1 hex in lowercase, or `None` when `sha` is not 40
/// bytes long.
pub(crate) fn normalize(sha: &[u8]) -> Option<[u8; 40]> {
    let mut key = [0u8; 40];
    if sha.len() != 40 {
        return None;
    }
    for (slot, byte) in key.iter_mut().zip(sha) {
        *slot = byte.to_ascii_lowercase();
    }
    Some(key)
}
