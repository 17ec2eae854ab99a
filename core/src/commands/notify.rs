//! The handlers' side of keyspace notifications: [`Ctx::notify`] queues an
//! event for a key of the client's selected database, and
//! [`Ctx::count_read`] counts a read lookup and fires `keymiss` on a miss,
//! as Redis's `lookupKeyRead` does. Each handler calls them with the
//! events and conditions redis-server 7.0 uses (see store/notify.rs for
//! the queue and the classes).

use super::Ctx;

impl Ctx<'_> {
    /// Queues event `event` of class `class` for `key` in the client's
    /// selected database (nothing when the class is off).
    #[inline]
    pub fn notify(&mut self, class: u32, event: &str, key: &[u8]) {
        let db = self.client.db;
        self.store.notify(class, event, db, key);
    }

    /// Counts a read lookup of `key` in keyspace_hits / keyspace_misses
    /// and, for a miss, queues `keymiss` (class `m`).
    #[inline]
    pub fn count_read(&mut self, key: &[u8], hit: bool) {
        let db = self.client.db;
        self.store.count_read(db, key, hit);
    }
}

#[cfg(test)]
#[path = "notify_cases.rs"]
mod cases;

#[cfg(test)]
#[path = "notify_tests.rs"]
mod tests;
