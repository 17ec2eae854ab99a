//! The list type: a double-ended queue of binary-safe items.

use std::collections::VecDeque;

use crate::compact::{alloc_size, Small};

/// A list that keeps the allocated size of its items up to date, so its
/// memory cost is O(1) to read however long it grows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List {
    items: VecDeque<Small>,
    /// Sum of `alloc_size` over the items' heap parts (0 for inline ones).
    item_bytes: usize,
}

fn cost(item: &Small) -> usize {
    alloc_size(item.heap_len())
}

impl List {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn push_front(&mut self, item: Small) {
        self.item_bytes += cost(&item);
        self.items.push_front(item);
    }

    pub fn push_back(&mut self, item: Small) {
        self.item_bytes += cost(&item);
        self.items.push_back(item);
    }

    pub fn pop_front(&mut self) -> Option<Small> {
        let item = self.items.pop_front()?;
        self.item_bytes -= cost(&item);
        Some(item)
    }

    pub fn pop_back(&mut self) -> Option<Small> {
        let item = self.items.pop_back()?;
        self.item_bytes -= cost(&item);
        Some(item)
    }

    /// The item at `index` from the head.
    pub fn get(&self, index: usize) -> Option<&Small> {
        self.items.get(index)
    }

    /// Replaces the item at `index`; false (and no change) when out of range.
    pub fn set(&mut self, index: usize, item: Small) -> bool {
        let Some(slot) = self.items.get_mut(index) else {
            return false;
        };
        self.item_bytes = self.item_bytes - cost(slot) + cost(&item);
        *slot = item;
        true
    }

    /// Inserts `item` so that it ends up at `index` (`index <= len`).
    pub fn insert(&mut self, index: usize, item: Small) {
        self.item_bytes += cost(&item);
        self.items.insert(index, item);
    }

    /// Every item from the head.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Small> + ExactSizeIterator {
        self.items.iter()
    }

    /// The items at `start..=end` from the head (indexes already in range).
    pub fn range(&self, start: usize, end: usize) -> impl Iterator<Item = &Small> {
        self.items.range(start..=end)
    }

    /// Keeps only the items at `start..=end` (indexes already in range);
    /// an empty range (`start > end`) empties the list.
    pub fn trim(&mut self, start: usize, end: usize) {
        if start > end || start >= self.items.len() {
            self.items.clear();
            self.item_bytes = 0;
        } else {
            let end = end.min(self.items.len() - 1);
            for item in self.items.drain(end + 1..) {
                self.item_bytes -= cost(&item);
            }
            for item in self.items.drain(..start) {
                self.item_bytes -= cost(&item);
            }
        }
        self.release_spare();
    }

    /// Removes up to `limit` items equal to `value` (every one for `None`),
    /// scanning from the head, or from the tail when `from_tail`. Returns
    /// how many were removed.
    pub fn remove_equal(&mut self, value: &[u8], limit: Option<usize>, from_tail: bool) -> usize {
        let mut budget = limit.unwrap_or(usize::MAX);
        let before = self.items.len();
        let mut freed = 0;
        let mut keep = |item: &Small| {
            if budget > 0 && **item == *value {
                budget -= 1;
                freed += cost(item);
                false
            } else {
                true
            }
        };
        if from_tail {
            // VecDeque::retain visits from the head; reverse around it so
            // the matches nearest the tail go first.
            self.items.make_contiguous().reverse();
            self.items.retain(&mut keep);
            self.items.make_contiguous().reverse();
        } else {
            self.items.retain(&mut keep);
        }
        self.item_bytes -= freed;
        let removed = before - self.items.len();
        if removed > 0 {
            self.release_spare();
        }
        removed
    }

    /// Drops up to `n` items from the tail; returns how many. Lazy free
    /// (`crate::types::Value::free_some`) takes a large list apart with it
    /// a slice at a time; the list stays valid throughout.
    pub fn free_some(&mut self, n: usize) -> usize {
        let keep = self.items.len().saturating_sub(n);
        let dropped = self.items.len() - keep;
        for item in self.items.drain(keep..) {
            self.item_bytes -= cost(&item);
        }
        dropped
    }

    /// Gives back slot memory once the list has shrunk to a quarter of
    /// its capacity, so a trimmed list does not keep its peak footprint.
    fn release_spare(&mut self) {
        if self.items.capacity() > 16 && self.items.len() * 4 < self.items.capacity() {
            self.items.shrink_to(self.items.len() * 2);
        }
    }

    /// OBJECT ENCODING: Redis 7.0 stores every list as a quicklist (a
    /// linked list of listpack nodes, each bounded by
    /// `list-max-listpack-size`) and reports `quicklist` whatever its size;
    /// the `listpack` encoding for small lists came with Redis 7.2.
    #[allow(dead_code)] // read by OBJECT ENCODING, still to come
    pub fn encoding(&self) -> &'static str {
        "quicklist"
    }

    /// Heap bytes the list holds besides its own header: the item slots
    /// and the heap parts of long items. O(1).
    pub fn heap_bytes(&self) -> usize {
        self.items.capacity() * std::mem::size_of::<Small>() + self.item_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> List {
        let mut l = List::default();
        for i in items {
            l.push_back(Small::new(i.as_bytes()));
        }
        l
    }

    fn items(l: &List) -> Vec<String> {
        l.iter()
            .map(|i| String::from_utf8_lossy(i).into_owned())
            .collect()
    }

    /// The byte count, recomputed from scratch.
    fn recount(l: &List) -> usize {
        l.iter().map(cost).sum()
    }

    #[test]
    fn edits_keep_the_byte_count() {
        let long = "x".repeat(100);
        let mut l = list(&["a", &long, "b", &long, "a"]);
        assert_eq!(l.item_bytes, recount(&l));
        assert!(l.set(0, Small::new(long.as_bytes())));
        assert!(!l.set(5, Small::new(b"z")));
        assert_eq!(l.item_bytes, recount(&l));
        l.insert(2, Small::new(long.as_bytes()));
        assert_eq!(l.item_bytes, recount(&l));
        assert_eq!(l.remove_equal(long.as_bytes(), Some(2), true), 2);
        assert_eq!(items(&l), [long.as_str(), &long, "b", "a"]);
        assert_eq!(l.item_bytes, recount(&l));
        assert_eq!(l.remove_equal(b"a", None, false), 1);
        assert_eq!(items(&l), [long.as_str(), &long, "b"]);
        l.trim(2, 2);
        assert_eq!(items(&l), ["b"]);
        assert_eq!(l.item_bytes, recount(&l));
        l.trim(1, 0);
        assert!(l.is_empty());
        assert_eq!(l.item_bytes, 0);
    }

    #[test]
    fn remove_equal_counts_from_either_end() {
        let mut l = list(&["a", "b", "a", "c", "a"]);
        assert_eq!(l.remove_equal(b"a", Some(2), true), 2);
        assert_eq!(items(&l), ["a", "b", "c"]);
        let mut l = list(&["a", "b", "a", "c", "a"]);
        assert_eq!(l.remove_equal(b"a", Some(2), false), 2);
        assert_eq!(items(&l), ["b", "c", "a"]);
    }

    #[test]
    fn trimming_releases_spare_slots() {
        let mut l = list(&[]);
        for i in 0..1000 {
            l.push_back(Small::new(format!("{i}").as_bytes()));
        }
        l.trim(10, 19);
        assert_eq!(items(&l)[0], "10");
        assert!(l.heap_bytes() < 100 * std::mem::size_of::<Small>());
    }
}
