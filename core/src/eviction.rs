//! Making room under `maxmemory`: picks victims by the configured policy.
//!
//! Runs before every command that may grow memory (DENYOOM), as Redis does:
//! while used memory is over the limit, evict one key chosen by sampling;
//! when nothing can be evicted the command is refused with -OOM.

use crate::config::EvictionPolicy;
use crate::keyspace::Key;
use crate::server::Server;

impl Server {
    /// Evicts until used memory is within `maxmemory`. Returns false when
    /// the policy cannot free enough (the caller answers -OOM).
    pub(crate) fn make_room(&mut self, _db: usize) -> bool {
        let limit = self.config.maxmemory as usize;
        if limit == 0 {
            return true;
        }
        while self.used_memory() > limit {
            if self.config.maxmemory_policy == EvictionPolicy::NoEviction {
                return false;
            }
            let Some((db, key)) = self.pick_victim() else {
                return false;
            };
            self.dbs[db].remove(&key);
            self.stats.evicted_keys += 1;
        }
        true
    }

    /// Samples candidates and returns the best by the policy: the longest
    /// idle for LRU/LFU, the soonest deadline for volatile-ttl, any for random.
    fn pick_victim(&mut self) -> Option<(usize, Key)> {
        let policy = self.config.maxmemory_policy;
        let samples = self.config.maxmemory_samples.max(1) as usize;
        let now = self.now;
        let mut best: Option<(u64, usize, Key)> = None;
        for db in 0..self.dbs.len() {
            if policy == EvictionPolicy::VolatileTtl {
                if let Some(key) = self.dbs[db].soonest_expiring() {
                    let at = self.dbs[db].peek_expire_at(key).unwrap_or(u64::MAX);
                    let score = u64::MAX - at;
                    if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                        best = Some((score, db, key.clone()));
                    }
                }
                continue;
            }
            let len = self.dbs[db].len();
            if len == 0 {
                continue;
            }
            for _ in 0..samples {
                let index = (self.random() % len as u64) as usize;
                let Some((key, entry)) = self.dbs[db].key_at(index) else {
                    continue;
                };
                if policy.volatile_only() && entry.expire_at().is_none() {
                    continue;
                }
                let score = match policy {
                    EvictionPolicy::AllKeysRandom | EvictionPolicy::VolatileRandom => 0,
                    _ => entry.idle(now) as u64,
                };
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, db, key.clone()));
                }
            }
            if policy.volatile_only() && best.is_none() {
                // Sampling missed the few keys with a deadline: fall back
                // to the index, which holds exactly those.
                if let Some(key) = self.dbs[db].soonest_expiring() {
                    best = Some((0, db, key.clone()));
                }
            }
        }
        best.map(|(_, db, key)| (db, key))
    }

    /// Counts a read lookup in keyspace_hits / keyspace_misses.
    pub(crate) fn count_lookup(&mut self, hit: bool) {
        if hit {
            self.stats.keyspace_hits += 1;
        } else {
            self.stats.keyspace_misses += 1;
        }
    }
}
