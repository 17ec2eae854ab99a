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

impl List {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn push_front(&mut self, item: Small) {
        self.item_bytes += alloc_size(item.heap_len());
        self.items.push_front(item);
    }

    pub fn push_back(&mut self, item: Small) {
        self.item_bytes += alloc_size(item.heap_len());
        self.items.push_back(item);
    }

    pub fn pop_front(&mut self) -> Option<Small> {
        let item = self.items.pop_front()?;
        self.item_bytes -= alloc_size(item.heap_len());
        Some(item)
    }

    pub fn pop_back(&mut self) -> Option<Small> {
        let item = self.items.pop_back()?;
        self.item_bytes -= alloc_size(item.heap_len());
        Some(item)
    }

    /// Heap bytes the list holds besides its own header: the item slots
    /// and the heap parts of long items. O(1).
    pub fn heap_bytes(&self) -> usize {
        self.items.capacity() * std::mem::size_of::<Small>() + self.item_bytes
    }
}
