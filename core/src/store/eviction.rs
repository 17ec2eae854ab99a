//! Making room under `maxmemory`: picks victims by the configured policy.
//!
//! Like Redis, commands that may grow memory (DENYOOM) first evict while used
//! memory is over the limit, or are refused with -OOM when the policy can
//! free nothing. Unlike Redis, a write that pushes memory over the limit is
//! followed at once by more eviction, sparing the key just written, so
//! `used_memory` never ends a command above `maxmemory` (unless that one key
//! alone is larger than the limit).
//!
//! LRU and LFU approximate the exact order the way Redis does: each eviction
//! samples `maxmemory-samples` keys per database and merges them into a small
//! pool of the best candidates seen so far, which is carried from one
//! eviction to the next; the best candidate still present is evicted.

use super::db::Key;
use super::Store;
use crate::config::EvictionPolicy;

/// Candidates kept between evictions (Redis keeps 16 too).
pub(crate) const POOL_SIZE: usize = 16;

/// An eviction candidate: higher `score` means a better victim.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    score: u64,
    db: usize,
    key: Key,
}

impl Store {
    /// Evicts until used memory is within `maxmemory`, never evicting
    /// `protect` (database, key). Returns false when the policy cannot free
    /// enough.
    pub(crate) fn make_room(&mut self, protect: Option<(usize, &[u8])>) -> bool {
        let limit = self.config.maxmemory as usize;
        // Nothing is evicted while clients are paused (Redis treats that
        // as room enough: the commands that would grow memory wait anyway),
        // nor while a dataset loads (Redis's isSafeToPerformEvictions).
        if limit == 0 || self.dataset_still() {
            return true;
        }
        while self.used_memory() > limit {
            let Some((db, key)) = self.pick_victim(protect) else {
                return false;
            };
            self.dbs[db].remove(&key);
            if self.log.enabled() {
                self.log_expired(false);
                let lazy = self.lazy_config("lazyfree-lazy-eviction");
                self.log.append_removal(db, &key, lazy);
            }
            self.stats.evicted_keys += 1;
            self.notify(super::notify::EVICTED, "evicted", db, &key);
            self.touch_key(db, key.as_slice());
        }
        true
    }

    /// Applies the eviction policy to the databases' bookkeeping (LFU
    /// counters are kept only under an LFU policy) and drops the pool,
    /// whose scores belong to the previous policy.
    pub(crate) fn apply_eviction_policy(&mut self) {
        let lfu = matches!(
            self.config.maxmemory_policy,
            EvictionPolicy::AllKeysLfu | EvictionPolicy::VolatileLfu
        );
        for db in &mut self.dbs {
            db.set_count_frequency(lfu);
        }
        self.eviction_pool.clear();
    }

    /// The next key to evict, never `protect`: chosen by the policy, or,
    /// when sampling found nothing, the first key the policy may evict.
    fn pick_victim(&mut self, protect: Option<(usize, &[u8])>) -> Option<(usize, Key)> {
        let policy = self.config.maxmemory_policy;
        let spared = |db: usize, key: &[u8]| protect.is_some_and(|(d, k)| d == db && k == key);
        let chosen = match policy {
            EvictionPolicy::NoEviction => return None,
            EvictionPolicy::VolatileTtl => self.soonest_deadline(spared),
            EvictionPolicy::AllKeysRandom | EvictionPolicy::VolatileRandom => {
                self.random_key(policy, spared)
            }
            _ => self.best_from_pool(policy, spared),
        };
        chosen.or_else(|| self.any_evictable(policy, spared))
    }

    /// Fallback when sampling found nothing: looks at two keys per database
    /// at most (only one key is ever protected), so it is O(databases).
    fn any_evictable(
        &self,
        policy: EvictionPolicy,
        spared: impl Fn(usize, &[u8]) -> bool,
    ) -> Option<(usize, Key)> {
        self.dbs.iter().enumerate().find_map(|(index, db)| {
            let key = if policy.volatile_only() {
                db.volatile_keys_by_deadline()
                    .take(2)
                    .find(|k| !spared(index, k))
            } else {
                (0..2.min(db.len()))
                    .filter_map(|i| db.key_at(i).map(|(k, _)| k))
                    .find(|k| !spared(index, k))
            };
            key.map(|k| (index, k.clone()))
        })
    }

    /// volatile-ttl: the key with the earliest deadline across databases
    /// (exact, from the expiry index).
    fn soonest_deadline(&self, spared: impl Fn(usize, &[u8]) -> bool) -> Option<(usize, Key)> {
        let mut best: Option<(u64, usize, Key)> = None;
        for (index, db) in self.dbs.iter().enumerate() {
            let Some(key) = db
                .volatile_keys_by_deadline()
                .take(2)
                .find(|key| !spared(index, key))
            else {
                continue;
            };
            let at = db.peek_expire_at(key).unwrap_or(u64::MAX);
            if best.as_ref().is_none_or(|(b, _, _)| at < *b) {
                best = Some((at, index, key.clone()));
            }
        }
        best.map(|(_, db, key)| (db, key))
    }

    /// allkeys-random / volatile-random: a key drawn at random from a
    /// randomly chosen non-empty database.
    fn random_key(
        &mut self,
        policy: EvictionPolicy,
        spared: impl Fn(usize, &[u8]) -> bool,
    ) -> Option<(usize, Key)> {
        let volatile = policy.volatile_only();
        let candidates: Vec<usize> = (0..self.dbs.len())
            .filter(|&i| {
                if volatile {
                    self.dbs[i].has_deadlines()
                } else {
                    self.dbs[i].len() > 0
                }
            })
            .collect();
        if candidates.is_empty() {
            return None;
        }
        // A few draws, in case one lands on the protected key.
        for _ in 0..8 {
            let db = candidates[(self.random() % candidates.len() as u64) as usize];
            let draw = self.random();
            let found = if volatile {
                self.dbs[db].sample_volatile(draw, 2)
            } else {
                self.dbs[db]
                    .key_at((draw % self.dbs[db].len() as u64) as usize)
                    .into_iter()
                    .collect()
            };
            if let Some((key, _)) = found.into_iter().find(|(key, _)| !spared(db, key)) {
                return Some((db, key.clone()));
            }
        }
        None
    }

    /// LRU / LFU: sample every database into the pool, then evict the best
    /// pooled candidate that still exists.
    fn best_from_pool(
        &mut self,
        policy: EvictionPolicy,
        spared: impl Fn(usize, &[u8]) -> bool,
    ) -> Option<(usize, Key)> {
        // A round can come up empty when every pooled candidate turned out
        // gone or protected; a few fresh rounds make that vanishingly rare.
        for _ in 0..4 {
            if let Some(victim) = self.pool_round(policy, &spared) {
                return Some(victim);
            }
        }
        None
    }

    fn pool_round(
        &mut self,
        policy: EvictionPolicy,
        spared: &impl Fn(usize, &[u8]) -> bool,
    ) -> Option<(usize, Key)> {
        let samples = self.config.maxmemory_samples.max(1) as usize;
        let volatile = policy.volatile_only();
        let lfu = matches!(
            policy,
            EvictionPolicy::AllKeysLfu | EvictionPolicy::VolatileLfu
        );
        let now = self.now;
        for db in 0..self.dbs.len() {
            let len = self.dbs[db].len();
            if len == 0 || (volatile && !self.dbs[db].has_deadlines()) {
                continue;
            }
            // Draw from the whole map (uniform); under a volatile policy keep
            // only keys with a deadline, and fall back to the expiry index
            // when they are too rare to be drawn.
            let draws: Vec<u64> = (0..samples * if volatile { 4 } else { 1 } + 1)
                .map(|_| self.random())
                .collect();
            let mut sampled = Vec::with_capacity(samples);
            for draw in &draws[1..] {
                if let Some((key, entry)) = self.dbs[db].key_at((draw % len as u64) as usize) {
                    if !volatile || entry.has_deadline() {
                        sampled.push((key, entry));
                    }
                }
                if sampled.len() == samples {
                    break;
                }
            }
            if sampled.is_empty() && volatile {
                sampled = self.dbs[db].sample_volatile(draws[0], samples);
            }
            let candidates: Vec<Candidate> = sampled
                .into_iter()
                .map(|(key, entry)| {
                    let score = if lfu {
                        // Least frequent first; among equals, the longest idle.
                        ((u8::MAX - entry.frequency(now)) as u64) << 32 | entry.idle_minutes(now)
                    } else {
                        entry.idle_secs(now)
                    };
                    Candidate {
                        score,
                        db,
                        key: key.clone(),
                    }
                })
                .collect();
            for candidate in candidates {
                insert_candidate(&mut self.eviction_pool, candidate);
            }
        }
        // Best first; drop candidates that are gone, lost their deadline
        // under a volatile policy, or are protected.
        while let Some(best) = self.eviction_pool.pop() {
            let db = &self.dbs[best.db];
            let alive = db.peek_type(&best.key).is_some();
            let eligible = !volatile || db.peek_expire_at(&best.key).is_some();
            if alive && eligible && !spared(best.db, &best.key) {
                return Some((best.db, best.key));
            }
        }
        None
    }
}

/// Inserts into the pool (kept sorted by ascending score, at most
/// [`POOL_SIZE`] entries), refreshing a key already present.
fn insert_candidate(pool: &mut Vec<Candidate>, candidate: Candidate) {
    if let Some(existing) = pool
        .iter()
        .position(|c| c.db == candidate.db && c.key == candidate.key)
    {
        pool.remove(existing);
    }
    let at = pool.partition_point(|c| c.score <= candidate.score);
    if pool.len() >= POOL_SIZE {
        if at == 0 {
            return; // worse than everything pooled
        }
        pool.remove(0);
        pool.insert(at - 1, candidate);
    } else {
        pool.insert(at, candidate);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(score: u64, key: &str) -> Candidate {
        Candidate {
            score,
            db: 0,
            key: Key::new(key.as_bytes()),
        }
    }

    #[test]
    fn pool_keeps_the_best_candidates_in_order() {
        let mut pool = Vec::new();
        for score in 0..40u64 {
            insert_candidate(&mut pool, candidate((score * 7) % 40, &format!("k{score}")));
        }
        let scores: Vec<u64> = pool.iter().map(|c| c.score).collect();
        assert_eq!(scores, (24..40).collect::<Vec<_>>());
        // A key sampled again (it was used since) is refreshed, not doubled.
        insert_candidate(&mut pool, candidate(1, "k39"));
        assert_eq!(pool.len(), POOL_SIZE);
        assert_eq!(pool.iter().filter(|c| &*c.key == b"k39").count(), 1);
        assert_eq!(pool[0].score, 1);
    }
}
