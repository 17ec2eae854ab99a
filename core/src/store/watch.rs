//! WATCH: which clients watch which keys, and whether a key they watch
//! was touched since (Redis's `CLIENT_DIRTY_CAS`), as Redis 7.0 keeps it.
//!
//! The registry holds both directions: per database, each watched key and
//! its watchers; per client, its watched keys and its dirty flag. The
//! store owns it (a touch comes from any client, or from expiry and
//! eviction, none of which know the clients), so the flag lives here and
//! not in the client's own state.
//!
//! What touches a key, as in Redis:
//!
//! - a write to it ([`Store::touch_key`]; the dispatcher calls it for the
//!   keys a write command names, handlers writing into another database
//!   call it themselves);
//! - its removal by expiry (recorded by the database while one of its keys
//!   is watched, taken by [`Store::touch_expired`]) or eviction;
//! - FLUSHDB / FLUSHALL when it exists ([`Store::touch_flushed`]), SWAPDB
//!   when it exists on either side ([`Store::swap_dbs`]).
//!
//! Redis 7.0's rules for keys that are logically expired but not yet
//! removed ("stale") are followed: a key stale when watched is remembered
//! as such; its removal (by expiry, a flush, or a swap that leaves no key)
//! is then no change, and EXEC fails only if a watched key that was not
//! stale when watched is stale at EXEC ([`Store::watched_key_expired`]).
//!
//! Nothing here costs anything while no key is watched: every entry point
//! returns at once on an empty per-database map.

use std::collections::HashMap;

use super::db::{Key, SeededHasher};
use super::Store;

/// One client watching one key.
#[derive(Clone, Copy, Debug)]
struct Watcher {
    client: u64,
    /// The key was logically expired but still stored when watched
    /// (Redis's `watchedKey.expired`).
    stale: bool,
}

/// One client's side of the registry.
#[derive(Debug, Default)]
struct Watching {
    keys: Vec<(usize, Key)>,
    /// A watched key was touched: the next EXEC fails.
    dirty: bool,
}

/// What a touch does to one watcher.
enum Effect {
    /// Its transaction fails.
    Dirty,
    /// No logical change; the key is no longer remembered as stale.
    ClearStale,
    /// No logical change; the key is now remembered as stale.
    MarkStale,
    Nothing,
}

/// The WATCH registry. See the module documentation.
#[derive(Debug)]
pub(crate) struct Watches {
    by_key: Vec<HashMap<Key, Vec<Watcher>, SeededHasher>>,
    by_client: HashMap<u64, Watching, SeededHasher>,
}

impl Watches {
    pub fn new(databases: usize, seed: u64) -> Watches {
        Watches {
            by_key: (0..databases)
                .map(|i| HashMap::with_hasher(SeededHasher(seed ^ 0x3A7C_0000 ^ i as u64)))
                .collect(),
            by_client: HashMap::with_hasher(SeededHasher(seed ^ 0x3A7C_FFFF)),
        }
    }

    /// Whether any key of `db` is watched.
    #[inline]
    pub fn watching_db(&self, db: usize) -> bool {
        self.by_key.get(db).is_some_and(|keys| !keys.is_empty())
    }

    /// Whether any key is watched, or any client is dirty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.by_client.is_empty()
    }

    /// Whether a key `client` watches was touched since it watched it.
    pub fn is_dirty(&self, client: u64) -> bool {
        self.by_client.get(&client).is_some_and(|w| w.dirty)
    }

    /// The clients with an entry (watching keys, or dirty).
    pub fn clients(&self) -> impl Iterator<Item = u64> + '_ {
        self.by_client.keys().copied()
    }

    /// Keys `client` watches (each database and key once).
    #[cfg(test)]
    pub fn count_of(&self, client: u64) -> usize {
        self.by_client.get(&client).map_or(0, |w| w.keys.len())
    }

    /// Adds `key` of `db` to what `client` watches, unless already there.
    fn watch(&mut self, client: u64, db: usize, key: &[u8], stale: bool) {
        let Some(keys) = self.by_key.get_mut(db) else {
            return;
        };
        let watchers = keys.entry(Key::new(key)).or_default();
        if watchers.iter().any(|w| w.client == client) {
            return;
        }
        watchers.push(Watcher { client, stale });
        self.by_client
            .entry(client)
            .or_default()
            .keys
            .push((db, Key::new(key)));
    }

    /// Forgets every key `client` watches; with `keep_dirty` its dirty
    /// flag stays (a touched client stops watching, as Redis's
    /// `touchWatchedKey` does, but its EXEC must still fail).
    fn unwatch(&mut self, client: u64, keep_dirty: bool) {
        let Some(watching) = self.by_client.get_mut(&client) else {
            return;
        };
        let keys = std::mem::take(&mut watching.keys);
        if !(keep_dirty && watching.dirty) {
            self.by_client.remove(&client);
        }
        for (db, key) in keys {
            let Some(map) = self.by_key.get_mut(db) else {
                continue;
            };
            if let Some(watchers) = map.get_mut(key.as_slice()) {
                watchers.retain(|w| w.client != client);
                if watchers.is_empty() {
                    map.remove(key.as_slice());
                }
            }
        }
    }

    /// Applies `effect` to every watcher of `key` in `db`. Returns whether
    /// a client was dirtied (and so stopped watching anything).
    fn apply(&mut self, db: usize, key: &[u8], effect: impl Fn(&Watcher) -> Effect) -> bool {
        let Some(watchers) = self.by_key.get_mut(db).and_then(|map| map.get_mut(key)) else {
            return false;
        };
        let mut dirtied = Vec::new();
        for watcher in watchers.iter_mut() {
            match effect(watcher) {
                Effect::Dirty => dirtied.push(watcher.client),
                Effect::ClearStale => watcher.stale = false,
                Effect::MarkStale => watcher.stale = true,
                Effect::Nothing => {}
            }
        }
        let any = !dirtied.is_empty();
        for client in dirtied {
            if let Some(watching) = self.by_client.get_mut(&client) {
                watching.dirty = true;
            }
            self.unwatch(client, true);
        }
        any
    }

    /// The watched keys of `db`, copied (the caller changes the registry
    /// while walking them).
    fn keys_of_db(&self, db: usize) -> Vec<Key> {
        self.by_key
            .get(db)
            .map_or_else(Vec::new, |keys| keys.keys().cloned().collect())
    }

    /// Checks that both directions agree.
    pub fn audit(&self) -> Result<(), String> {
        let mut pairs = 0;
        for (db, keys) in self.by_key.iter().enumerate() {
            for (key, watchers) in keys {
                if watchers.is_empty() {
                    return Err(format!("db{db}: a watched key without watchers"));
                }
                for w in watchers {
                    let listed = self.by_client.get(&w.client).is_some_and(|c| {
                        c.keys
                            .iter()
                            .any(|(d, k)| *d == db && k.as_slice() == key.as_slice())
                    });
                    if !listed {
                        return Err(format!("client {}: watcher not in its list", w.client));
                    }
                    pairs += 1;
                }
            }
        }
        let listed: usize = self.by_client.values().map(|w| w.keys.len()).sum();
        if listed != pairs {
            return Err(format!(
                "{listed} watched keys listed by clients, {pairs} by key"
            ));
        }
        if let Some((id, _)) = self
            .by_client
            .iter()
            .find(|(_, w)| w.keys.is_empty() && !w.dirty)
        {
            return Err(format!("client {id}: an empty, clean entry"));
        }
        Ok(())
    }
}

impl Store {
    /// WATCH of `key` in `db` by `client`. A key stale at this moment is
    /// remembered as such (see the module documentation).
    pub fn watch_key(&mut self, client: u64, db: usize, key: &[u8]) {
        let stale = self.dbs.get(db).is_some_and(|d| d.is_stale(key, self.now));
        self.watches.watch(client, db, key, stale);
        self.sync_expiry_record(db);
    }

    /// UNWATCH (and EXEC, DISCARD, disconnect): forgets every key
    /// `client` watches and clears its dirty flag.
    pub fn unwatch_all(&mut self, client: u64) {
        let Some(watching) = self.watches.by_client.get(&client) else {
            return;
        };
        let mut dbs: Vec<usize> = watching.keys.iter().map(|(db, _)| *db).collect();
        dbs.sort_unstable();
        dbs.dedup();
        self.watches.unwatch(client, false);
        for db in dbs {
            self.sync_expiry_record(db);
        }
    }

    /// `key` of `db` was written, or removed by eviction (Redis's
    /// `touchWatchedKey`): its watchers' transactions fail, except where
    /// a key stale when watched has now been removed (no logical change).
    pub fn touch_key(&mut self, db: usize, key: &[u8]) {
        if !self.watches.watching_db(db) {
            return;
        }
        let stored = self.dbs.get(db).is_some_and(|d| d.in_map(key));
        let dirtied = self.watches.apply(db, key, |w| match (w.stale, stored) {
            (true, false) => Effect::ClearStale,
            _ => Effect::Dirty,
        });
        if dirtied {
            self.sync_expiry_records();
        }
    }

    /// Touches the watched keys that expiry removed since the last call.
    /// The dispatcher calls it after every command, the expiry cycle after
    /// its sweep, while any key is watched.
    pub fn touch_expired(&mut self) {
        if self.watches.is_empty() {
            return;
        }
        for db in 0..self.dbs.len() {
            for key in self.dbs[db].take_expired() {
                self.touch_key(db, key.as_slice());
            }
        }
    }

    /// Before FLUSHDB / FLUSHALL empties `db` (Redis's
    /// `touchAllWatchedKeysInDb(db, NULL)`): every watched key stored
    /// there is touched; a stale one's removal is no change.
    pub fn touch_flushed(&mut self, db: usize) {
        self.touch_replaced(db, None);
    }

    /// SWAPDB: the two databases trade contents; the watched keys stay
    /// with their database index, and each one whose key changes is
    /// touched (Redis's `touchAllWatchedKeysInDb` both ways, then the swap).
    pub fn swap_dbs(&mut self, first: usize, second: usize) {
        if first == second || first >= self.dbs.len() || second >= self.dbs.len() {
            return;
        }
        self.touch_replaced(first, Some(second));
        self.touch_replaced(second, Some(first));
        self.dbs.swap(first, second);
        self.sync_expiry_record(first);
        self.sync_expiry_record(second);
    }

    /// Whether a key `client` watches, not stale when watched, is
    /// logically expired now (Redis 7.0 fails such an EXEC).
    pub fn watched_key_expired(&self, client: u64) -> bool {
        let Some(watching) = self.watches.by_client.get(&client) else {
            return false;
        };
        watching.keys.iter().any(|(db, key)| {
            let stale_when_watched = self
                .watches
                .by_key
                .get(*db)
                .and_then(|map| map.get(key.as_slice()))
                .and_then(|ws| ws.iter().find(|w| w.client == client))
                .is_some_and(|w| w.stale);
            !stale_when_watched && self.dbs[*db].is_stale(key.as_slice(), self.now)
        })
    }

    /// `emptied` loses its contents, replaced by those of `replaced_with`
    /// (SWAPDB) or by nothing (a flush).
    fn touch_replaced(&mut self, emptied: usize, replaced_with: Option<usize>) {
        if !self.watches.watching_db(emptied) {
            return;
        }
        let now = self.now;
        for key in self.watches.keys_of_db(emptied) {
            let key = key.as_slice();
            let in_emptied = self.dbs[emptied].in_map(key);
            let (in_other, stale_in_other) = match replaced_with {
                Some(other) => (
                    self.dbs[other].in_map(key),
                    self.dbs[other].is_stale(key, now),
                ),
                None => (false, false),
            };
            if !in_emptied && !in_other {
                continue;
            }
            let dirtied = self.watches.apply(emptied, key, |w| {
                if w.stale {
                    if !in_other {
                        // A stale key is removed: no logical change.
                        Effect::ClearStale
                    } else if stale_in_other {
                        // Stale before, stale after.
                        Effect::Nothing
                    } else {
                        Effect::Dirty
                    }
                } else if !in_emptied && stale_in_other {
                    // No key, replaced by a stale one: still no key.
                    Effect::MarkStale
                } else {
                    Effect::Dirty
                }
            });
            if dirtied {
                self.sync_expiry_records();
            }
        }
    }

    /// Keeps `db` recording its expired keys exactly while one is watched.
    fn sync_expiry_record(&mut self, db: usize) {
        let on = self.watches.watching_db(db);
        if let Some(d) = self.dbs.get_mut(db) {
            d.record_expired(on);
        }
    }

    /// [`Store::sync_expiry_record`] for every database (after a touch
    /// made clients stop watching, in any database).
    fn sync_expiry_records(&mut self) {
        for db in 0..self.dbs.len() {
            self.sync_expiry_record(db);
        }
    }

    /// Checks the registry, and that exactly the databases with a watched
    /// key record their expired keys.
    pub fn audit_watches(&self) -> Result<(), String> {
        self.watches.audit()?;
        for (i, db) in self.dbs.iter().enumerate() {
            if db.records_expired() != self.watches.watching_db(i) {
                return Err(format!("db{i}: expiry recording out of step with WATCH"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compact::Small;
    use crate::config::{Config, Host};
    use crate::types::Value;

    fn store() -> Store {
        Store::new(Config::default(), Host::default(), 0)
    }

    fn set(store: &mut Store, db: usize, key: &[u8], expire_at: Option<u64>) {
        let now = store.now;
        store.dbs[db].insert(key, Value::Str(Small::new(b"v")), expire_at, now);
    }

    #[test]
    fn a_touch_dirties_every_watcher_and_unwatches_them() {
        let mut s = store();
        s.watch_key(1, 0, b"k");
        s.watch_key(1, 0, b"k");
        s.watch_key(1, 0, b"other");
        s.watch_key(2, 0, b"k");
        s.watch_key(3, 1, b"k");
        assert_eq!(s.watches.count_of(1), 2);
        s.touch_key(0, b"k");
        assert!(s.watches.is_dirty(1) && s.watches.is_dirty(2));
        assert!(!s.watches.is_dirty(3));
        assert_eq!(s.watches.count_of(1), 0);
        s.watches.audit().unwrap();
        // Touching "other" now finds nobody: client 1 stopped watching.
        assert!(!s.watches.watching_db(0));
        s.unwatch_all(1);
        assert!(!s.watches.is_dirty(1));
        s.watches.audit().unwrap();
    }

    #[test]
    fn expiry_is_recorded_only_while_watched() {
        let mut s = store();
        set(&mut s, 0, b"k", Some(10));
        set(&mut s, 0, b"j", Some(10));
        s.now = 20;
        s.expire_cycle(100);
        assert!(s.dbs[0].take_expired().is_empty());
        set(&mut s, 0, b"k", Some(30));
        s.watch_key(7, 0, b"k");
        s.now = 40;
        assert!(!s.dbs[0].contains(b"k", 40));
        s.touch_expired();
        assert!(s.watches.is_dirty(7));
        s.unwatch_all(7);
        assert!(s.watches.is_empty());
        s.watches.audit().unwrap();
    }

    #[test]
    fn a_key_stale_when_watched_may_be_removed_without_failing() {
        let mut s = store();
        set(&mut s, 0, b"k", Some(10));
        s.now = 20;
        s.watch_key(1, 0, b"k");
        assert!(!s.watched_key_expired(1));
        s.touch_flushed(0);
        s.dbs[0].clear();
        assert!(!s.watches.is_dirty(1));
        // No longer remembered as stale: a new key with a passed deadline
        // now fails the EXEC.
        set(&mut s, 0, b"k", Some(15));
        assert!(s.watched_key_expired(1));
    }
}
