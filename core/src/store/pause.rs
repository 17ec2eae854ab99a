//! CLIENT PAUSE: whether clients are paused, until when, and the clients
//! whose commands wait for the pause to end.
//!
//! Redis 7.0 semantics:
//!
//! - `CLIENT PAUSE <ms> WRITE` holds the commands that may change the
//!   dataset or reach replicas (flags `write` or `may_replicate`: PUBLISH,
//!   SPUBLISH...); `ALL` holds every command. Only replicas, and MONITOR
//!   clients (which Redis marks as replicas), are never held; the pausing
//!   client is held like any other.
//! - A second pause keeps the stronger mode and the later end of the two.
//! - The end is a Unix time in milliseconds computed as Redis computes it
//!   (`now + timeout` for a positive timeout, wrapping on overflow; 0 for
//!   a zero timeout), so a zero or overflowing timeout pauses nothing.
//!   Clients are paused while that end is not in the past.
//! - While paused, keys are neither expired (lookups treat a due key as
//!   missing but leave it in place, the active cycle does nothing) nor
//!   evicted: the dataset stays as it was (see [`Store::set_pause`]).
//! - A held client's command waits, with the input after it, until the
//!   pause ends (its time passes, or CLIENT UNPAUSE); then the held clients
//!   run in the order they were held. They count as `blocked_clients`.
//!
//! The store only keeps the state; the dispatcher decides what is held and
//! the engine runs the released clients.

use super::Store;
use crate::Millis;

/// What a pause holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PauseMode {
    /// Commands that may write or replicate.
    Write,
    /// Every command.
    All,
}

/// The pause and its held clients (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct Pause {
    /// The mode of the pause in force, if any.
    mode: Option<PauseMode>,
    /// Until when (Unix milliseconds, as Redis computes it; may be
    /// negative after an overflow).
    until_unix_ms: i64,
    /// Clients whose command waits for the pause to end, in arrival order.
    held: Vec<u64>,
    /// Clients whose wait ended, for the engine to run, in order.
    released: Vec<u64>,
}

impl Pause {
    /// Whether a pause was asked for and not ended yet (its time may be
    /// over: [`Store::refresh_pause`] tells).
    #[inline]
    pub fn is_set(&self) -> bool {
        self.mode.is_some()
    }

    /// The mode in force at Unix time `unix_ms`, if clients are paused.
    fn mode_at(&self, unix_ms: i64) -> Option<PauseMode> {
        self.mode.filter(|_| self.until_unix_ms >= unix_ms)
    }

    /// Files a held client (once).
    pub fn hold(&mut self, client: u64) {
        if !self.held.contains(&client) {
            self.held.push(client);
        }
    }

    /// Forgets a client that is gone (held or released).
    pub fn forget(&mut self, client: u64) {
        self.held.retain(|&id| id != client);
        self.released.retain(|&id| id != client);
    }

    /// Clients held now (counted in INFO `blocked_clients`).
    pub fn held_clients(&self) -> usize {
        self.held.len()
    }

    pub fn is_held(&self, client: u64) -> bool {
        self.held.contains(&client)
    }

    /// Whether released clients wait for the engine.
    pub fn has_released(&self) -> bool {
        !self.released.is_empty()
    }

    /// The clients whose wait ended, in the order they were held.
    pub fn take_released(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.released)
    }

    fn end(&mut self) {
        self.mode = None;
        self.until_unix_ms = 0;
        self.released.append(&mut self.held);
    }
}

impl Store {
    /// CLIENT PAUSE: pauses clients for `timeout_ms` (not negative) in
    /// `mode`, merged with a pause in force as Redis merges them.
    pub fn pause_clients(&mut self, timeout_ms: i64, mode: PauseMode) {
        // A pause whose time is over ends first: its mode does not carry.
        self.refresh_pause();
        let now = self.unix_now_ms() as i64;
        let until = if timeout_ms > 0 {
            now.wrapping_add(timeout_ms)
        } else {
            0
        };
        let pause = &mut self.pause;
        pause.mode = pause.mode.max(Some(mode));
        pause.until_unix_ms = pause.until_unix_ms.max(until);
        self.refresh_pause();
    }

    /// CLIENT UNPAUSE: ends the pause; the held clients are released.
    pub fn unpause_clients(&mut self) {
        self.pause.end();
        self.set_pause(false);
    }

    /// The pause mode in force now, ending a pause whose time is over
    /// (its held clients are then released for the engine to run).
    pub fn refresh_pause(&mut self) -> Option<PauseMode> {
        self.pause.mode?;
        let now = self.unix_now_ms() as i64;
        let mode = self.pause.mode_at(now);
        if mode.is_none() {
            self.pause.end();
        }
        self.set_pause(mode.is_some());
        mode
    }

    /// When the pause in force ends on the core's clock: the first
    /// millisecond after its end, when the engine must release the held
    /// clients.
    pub fn pause_deadline(&self) -> Option<Millis> {
        self.pause.mode?;
        let until = u64::try_from(self.pause.until_unix_ms).unwrap_or(0);
        Some(self.clock_from_unix_ms(until.saturating_add(1).min(i64::MAX as u64) as i64))
    }

    /// Whether clients are paused (as of the last refresh): keys are then
    /// neither expired nor evicted.
    pub fn clients_paused(&self) -> bool {
        self.paused
    }

    /// Keeps the dataset still while clients are paused: the databases
    /// stop expiring keys (see `Db::expiry_paused`), the active expiry
    /// cycle and eviction check [`Store::clients_paused`].
    fn set_pause(&mut self, on: bool) {
        if self.paused != on {
            self.paused = on;
            for db in &mut self.dbs {
                db.expiry_paused = on;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Host};

    fn store() -> Store {
        let host = Host {
            unix_time_at_zero_ms: 1_000_000,
            ..Host::default()
        };
        Store::new(Config::default(), host, 0)
    }

    #[test]
    fn a_second_pause_keeps_the_stronger_mode_and_the_later_end() {
        let mut store = store();
        store.pause_clients(1_200, PauseMode::Write);
        store.pause_clients(200, PauseMode::All);
        store.advance_clock(1_000);
        assert_eq!(store.refresh_pause(), Some(PauseMode::All));
        store.advance_clock(1_200);
        assert_eq!(store.refresh_pause(), Some(PauseMode::All));
        store.advance_clock(1_201);
        assert_eq!(store.refresh_pause(), None);
        assert!(!store.clients_paused());
    }

    #[test]
    fn zero_and_overflowing_timeouts_pause_nothing() {
        let mut store = store();
        store.pause_clients(0, PauseMode::Write);
        assert_eq!(store.refresh_pause(), None);
        store.pause_clients(i64::MAX, PauseMode::All);
        assert_eq!(store.refresh_pause(), None);
    }

    #[test]
    fn the_end_releases_held_clients_in_order() {
        let mut store = store();
        store.pause_clients(100, PauseMode::Write);
        store.pause.hold(7);
        store.pause.hold(3);
        store.pause.hold(7);
        assert_eq!(store.pause.held_clients(), 2);
        assert_eq!(store.pause_deadline(), Some(101));
        assert!(store.dbs.iter().all(|db| db.expiry_paused));
        store.unpause_clients();
        assert_eq!(store.pause.take_released(), vec![7, 3]);
        assert!(store.dbs.iter().all(|db| !db.expiry_paused));
        assert_eq!(store.pause_deadline(), None);
    }
}
