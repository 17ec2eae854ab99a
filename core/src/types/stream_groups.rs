//! A stream's consumer groups: each group's last delivered ID, its read
//! counter, its pending entries list (PEL: entries delivered and not yet
//! acknowledged, with their owner, delivery time and count), and its
//! consumers (each with its own PEL of IDs).
//!
//! Also the read-counter arithmetic of Redis 7.0 (`entries-read`, `lag`),
//! which needs the stream's counters.

use std::collections::{BTreeMap, BTreeSet};

use super::stream::{Stream, StreamId};
use crate::compact::alloc_size;

/// Redis's `SCG_INVALID_ENTRIES_READ`: the counter is unknown.
pub const INVALID_ENTRIES_READ: i64 = -1;

/// One pending entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nack {
    /// When it was last delivered (Unix time, ms, as XCLAIM's TIME).
    pub delivery_time: u64,
    pub delivery_count: u64,
    pub consumer: Vec<u8>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Consumer {
    /// When it last read or claimed (Redis 7.0's `seen-time`; Unix time,
    /// ms).
    pub seen_time: u64,
    pub pel: BTreeSet<StreamId>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub last_id: StreamId,
    pub entries_read: i64,
    pub pel: BTreeMap<StreamId, Nack>,
    pub consumers: BTreeMap<Vec<u8>, Consumer>,
}

/// Heap bytes per B-tree element, roughly (node share and padding).
const TREE_SLOT: usize = 24;

impl Group {
    pub fn new(last_id: StreamId, entries_read: i64) -> Group {
        Group {
            last_id,
            entries_read,
            ..Group::default()
        }
    }

    /// Heap bytes, O(consumers).
    pub fn heap_bytes(&self) -> usize {
        let pel = self.pel.len() * (TREE_SLOT + 16 + std::mem::size_of::<Nack>());
        let consumers: usize = self
            .consumers
            .iter()
            .map(|(name, c)| {
                TREE_SLOT
                    + alloc_size(name.len())
                    + std::mem::size_of::<Consumer>()
                    + c.pel.len() * (TREE_SLOT + 16)
            })
            .sum();
        64 + pel + consumers
    }

    /// The consumer `name`, created when missing (seen now). Returns
    /// whether it was created.
    pub fn consumer_or_create(&mut self, name: &[u8], now: u64) -> (&mut Consumer, bool) {
        let created = !self.consumers.contains_key(name);
        let consumer = self.consumers.entry(name.to_vec()).or_insert(Consumer {
            seen_time: now,
            pel: BTreeSet::new(),
        });
        (consumer, created)
    }

    /// Removes a consumer and its pending entries; returns how many it
    /// had, or `None` when there was no such consumer.
    pub fn delete_consumer(&mut self, name: &[u8]) -> Option<usize> {
        let consumer = self.consumers.remove(name)?;
        for id in &consumer.pel {
            self.pel.remove(id);
        }
        Some(consumer.pel.len())
    }

    /// Records that `id` was delivered to `consumer` now: a new pending
    /// entry, or one taken over from whoever had it (delivery count 1).
    pub fn deliver(&mut self, id: StreamId, consumer: &[u8], now: u64) {
        if let Some(old) = self.pel.get(&id) {
            let owner = old.consumer.clone();
            if let Some(c) = self.consumers.get_mut(&owner) {
                c.pel.remove(&id);
            }
        }
        self.pel.insert(
            id,
            Nack {
                delivery_time: now,
                delivery_count: 1,
                consumer: consumer.to_vec(),
            },
        );
        if let Some(c) = self.consumers.get_mut(consumer) {
            c.pel.insert(id);
        }
    }

    /// Acknowledges `id`; true when it was pending.
    pub fn ack(&mut self, id: StreamId) -> bool {
        let Some(nack) = self.pel.remove(&id) else {
            return false;
        };
        if let Some(c) = self.consumers.get_mut(&nack.consumer) {
            c.pel.remove(&id);
        }
        true
    }

    /// Gives pending entry `id` to `consumer` (XCLAIM), creating the
    /// entry when `nack` is given for a missing one.
    pub fn claim(&mut self, id: StreamId, consumer: &[u8]) {
        let Some(nack) = self.pel.get_mut(&id) else {
            return;
        };
        if nack.consumer != consumer {
            let old = std::mem::replace(&mut nack.consumer, consumer.to_vec());
            if let Some(c) = self.consumers.get_mut(&old) {
                c.pel.remove(&id);
            }
        }
        if let Some(c) = self.consumers.get_mut(consumer) {
            c.pel.insert(id);
        }
    }

    /// Checks that the group PEL and the consumers' PELs agree.
    pub fn audit(&self) -> Result<(), String> {
        let mut owned = 0;
        for (name, consumer) in &self.consumers {
            for id in &consumer.pel {
                match self.pel.get(id) {
                    Some(nack) if &nack.consumer == name => owned += 1,
                    _ => return Err("consumer PEL entry not in group PEL".into()),
                }
            }
        }
        if owned != self.pel.len() {
            return Err("group PEL entry without consumer".into());
        }
        Ok(())
    }
}

impl Stream {
    /// Redis's `streamRangeHasTombstones(s, start, NULL)`: whether a
    /// deleted entry may lie at or after `start`.
    pub fn has_tombstones_from(&self, start: StreamId) -> bool {
        let max = self.max_deleted();
        if self.is_empty() || max.is_zero() || self.first_id() > max {
            return false;
        }
        start <= max
    }

    /// Redis's `streamEstimateDistanceFromFirstEverEntry`: the read
    /// counter of `id`, when it can be known.
    pub fn estimate_distance(&self, id: StreamId) -> i64 {
        let added = self.entries_added() as i64;
        if added == 0 {
            return 0;
        }
        if self.is_empty() && id <= self.last_id() {
            return added;
        }
        match id.cmp(&self.last_id()) {
            std::cmp::Ordering::Equal => return added,
            std::cmp::Ordering::Greater => return INVALID_ENTRIES_READ,
            std::cmp::Ordering::Less => {}
        }
        let max = self.max_deleted();
        if max.is_zero() || max < self.first_id() {
            match id.cmp(&self.first_id()) {
                std::cmp::Ordering::Less => return added - self.len() as i64,
                std::cmp::Ordering::Equal => return added - self.len() as i64 + 1,
                std::cmp::Ordering::Greater => {}
            }
        }
        INVALID_ENTRIES_READ
    }

    /// A group's lag as XINFO reports it (`None`: a null reply).
    pub fn lag(&self, group: &Group) -> Option<i64> {
        let added = self.entries_added() as i64;
        if added == 0 {
            return Some(0);
        }
        if group.entries_read != INVALID_ENTRIES_READ && !self.has_tombstones_from(group.last_id) {
            return Some(added - group.entries_read);
        }
        match self.estimate_distance(group.last_id) {
            INVALID_ENTRIES_READ => None,
            read => Some(added - read),
        }
    }

    /// Moves a group's last ID forward to `id` as a read of it does,
    /// keeping the read counter as Redis does.
    pub fn advance_group(&self, group: &mut Group, id: StreamId) {
        if id <= group.last_id {
            return;
        }
        if group.entries_read != INVALID_ENTRIES_READ && !self.has_tombstones_from(id) {
            group.entries_read += 1;
        } else if self.entries_added() != 0 {
            group.entries_read = self.estimate_distance(id);
        }
        group.last_id = id;
    }
}
