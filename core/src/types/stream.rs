//! The stream type: entries (an ID and field/value pairs) in ID order,
//! and the consumer groups reading them ([`super::stream_groups`]).
//!
//! Entries are packed in blocks, as Redis packs them in listpacks under a
//! radix tree keyed by each node's first ("master") ID: a B-tree maps a
//! block's master ID to the block, and a block holds its live IDs in one
//! vector and the field/value bytes of all its entries in one buffer
//! (length-prefixed), so an entry costs no heap object of its own.
//!
//! Block boundaries follow Redis's nodes, because approximate trimming
//! (`MAXLEN ~`, `MINID ~`, `LIMIT`) removes whole nodes and its results
//! are visible to clients: a new block starts when the last one holds
//! `stream-node-max-entries` entries (deleted ones included, as a listpack
//! keeps their tombstones) or its estimated listpack size would reach
//! `stream-node-max-bytes`. Deleted entries leave the buffer at once; only
//! their count is kept.
//!
//! The heap-bytes figure of the blocks is kept up to date on each change,
//! so the memory account reads it in O(groups).

use std::collections::BTreeMap;

use super::stream_groups::Group;
use crate::compact::alloc_size;

/// An entry ID: milliseconds and a sequence number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId {
    pub ms: u64,
    pub seq: u64,
}

impl StreamId {
    pub const MIN: StreamId = StreamId { ms: 0, seq: 0 };
    pub const MAX: StreamId = StreamId {
        ms: u64::MAX,
        seq: u64::MAX,
    };

    pub fn new(ms: u64, seq: u64) -> StreamId {
        StreamId { ms, seq }
    }

    pub fn is_zero(self) -> bool {
        self == StreamId::MIN
    }

    /// The next ID, or `None` past the last possible one (Redis's
    /// `streamIncrID` failing).
    pub fn next(self) -> Option<StreamId> {
        if self.seq == u64::MAX {
            if self.ms == u64::MAX {
                None
            } else {
                Some(StreamId::new(self.ms + 1, 0))
            }
        } else {
            Some(StreamId::new(self.ms, self.seq + 1))
        }
    }

    /// The previous ID, or `None` before 0-0 (`streamDecrID` failing).
    pub fn prev(self) -> Option<StreamId> {
        if self.seq == 0 {
            if self.ms == 0 {
                None
            } else {
                Some(StreamId::new(self.ms - 1, u64::MAX))
            }
        } else {
            Some(StreamId::new(self.ms, self.seq - 1))
        }
    }

    /// `ms-seq` as Redis prints it.
    pub fn to_bytes(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(41);
        let mut buf = itoa::Buffer::new();
        out.extend_from_slice(buf.format(self.ms).as_bytes());
        out.push(b'-');
        out.extend_from_slice(buf.format(self.seq).as_bytes());
        out
    }
}

/// Trimming, as XADD and XTRIM ask for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trim {
    /// Keep at most this many entries.
    MaxLen(u64),
    /// Drop entries with a smaller ID.
    MinId(StreamId),
}

/// The node limits in force (`stream-node-max-entries`, `-bytes`).
#[derive(Clone, Copy, Debug)]
pub struct NodeLimits {
    /// 0: no limit on entries.
    pub max_entries: u64,
    pub max_bytes: u64,
}

/// Redis's bound for one listpack (`STREAM_LISTPACK_MAX_SIZE`).
const LISTPACK_MAX: u64 = 1 << 30;
/// A listpack's header and end byte.
const LISTPACK_HEADER: u64 = 7;

/// One node: live entries and their packed field/value bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Block {
    ids: Vec<StreamId>,
    /// End offset in `data` of each live entry (its start is the previous
    /// entry's end).
    ends: Vec<u32>,
    /// Per entry: a varint field count, then each field and value as a
    /// varint length and its bytes.
    data: Vec<u8>,
    /// The field names of the node's first entry, packed the same way:
    /// Redis stores them once per node, so entries with the same fields
    /// cost less in its size estimate.
    master: Vec<u8>,
    /// Entries deleted from this node (their tombstones count towards the
    /// node being full, as in a listpack).
    deleted: u64,
    /// The estimated listpack size, tombstones included.
    lp_bytes: u64,
}

impl Block {
    fn heap(&self) -> usize {
        // A B-tree slot (key, value) share plus the block's buffers.
        64 + alloc_size(self.ids.capacity() * 16)
            + alloc_size(self.ends.capacity() * 4)
            + alloc_size(self.data.capacity())
            + alloc_size(self.master.capacity())
    }

    fn span(&self, index: usize) -> (usize, usize) {
        let start = if index == 0 {
            0
        } else {
            self.ends[index - 1] as usize
        };
        (start, self.ends[index] as usize)
    }

    fn fields(&self, index: usize) -> Fields<'_> {
        let (start, end) = self.span(index);
        Fields::new(&self.data[start..end])
    }

    /// Removes the live entry at `index`.
    fn remove(&mut self, index: usize) {
        let (start, end) = self.span(index);
        let len = (end - start) as u32;
        self.data.drain(start..end);
        self.ids.remove(index);
        self.ends.remove(index);
        for e in &mut self.ends[index..] {
            *e -= len;
        }
        self.deleted += 1;
    }
}

/// The field/value pairs of one entry.
#[derive(Clone, Debug)]
pub struct Fields<'a> {
    rest: &'a [u8],
    left: usize,
}

impl<'a> Fields<'a> {
    fn new(mut data: &'a [u8]) -> Fields<'a> {
        let left = read_varint(&mut data) as usize;
        Fields { rest: data, left }
    }

    /// Number of pairs.
    pub fn pairs(&self) -> usize {
        self.left
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let field = read_bytes(&mut self.rest);
        let value = read_bytes(&mut self.rest);
        Some((field, value))
    }
}

fn write_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(data: &mut &[u8]) -> u64 {
    let mut n = 0u64;
    let mut shift = 0;
    while let Some((&byte, rest)) = data.split_first() {
        *data = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

fn read_bytes<'a>(data: &mut &'a [u8]) -> &'a [u8] {
    let len = (read_varint(data) as usize).min(data.len());
    let (bytes, rest) = data.split_at(len);
    *data = rest;
    bytes
}

/// Listpack bytes of one element of `len` bytes (encoding header and
/// back-length), as Redis's listpack spends them on strings.
fn lp_element(len: usize) -> u64 {
    let len = len as u64;
    let header = if len < 64 {
        1
    } else if len < 4096 {
        2
    } else {
        5
    };
    let total = header + len;
    total + if total < 128 { 1 } else { 2 }
}

/// An entry's pairs in the block encoding, with its field names and
/// their estimated listpack sizes.
struct Packed {
    data: Vec<u8>,
    names: Vec<u8>,
    fields_len: u64,
    values_len: u64,
}

impl Packed {
    fn new(pairs: &[&[u8]]) -> Packed {
        let mut data = Vec::new();
        write_varint(&mut data, (pairs.len() / 2) as u64);
        let mut names = Vec::new();
        write_varint(&mut names, (pairs.len() / 2) as u64);
        let (mut fields_len, mut values_len) = (0, 0);
        for pair in pairs.chunks(2) {
            for part in pair {
                write_varint(&mut data, part.len() as u64);
                data.extend_from_slice(part);
            }
            write_varint(&mut names, pair[0].len() as u64);
            names.extend_from_slice(pair[0]);
            fields_len += lp_element(pair[0].len());
            values_len += pair.get(1).map_or(0, |v| lp_element(v.len()));
        }
        Packed {
            data,
            names,
            fields_len,
            values_len,
        }
    }
}

/// One node of a stream, as RDB writes it: its master ID, the field
/// names of its master entry, and its live entries.
#[derive(Clone, Copy)]
pub struct NodeView<'a> {
    pub master: StreamId,
    block: &'a Block,
}

impl<'a> NodeView<'a> {
    /// The master entry's field names.
    pub fn master_fields(&self) -> Vec<&'a [u8]> {
        let mut data = self.block.master.as_slice();
        let n = read_varint(&mut data);
        (0..n).map(|_| read_bytes(&mut data)).collect()
    }

    /// The live entries, in ID order.
    pub fn entries(&self) -> impl Iterator<Item = (StreamId, Fields<'a>)> + 'a {
        let block = self.block;
        (0..block.ids.len()).map(move |i| (block.ids[i], block.fields(i)))
    }

    pub fn len(&self) -> usize {
        self.block.ids.len()
    }

    #[allow(dead_code)] // the pair of `len`
    pub fn is_empty(&self) -> bool {
        self.block.ids.is_empty()
    }
}

/// A stream: its entries, its counters, and its consumer groups.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stream {
    blocks: BTreeMap<StreamId, Block>,
    length: u64,
    last_id: StreamId,
    first_id: StreamId,
    max_deleted: StreamId,
    entries_added: u64,
    /// Groups by name, in name order (Redis keeps them in a radix tree).
    pub groups: BTreeMap<Vec<u8>, Group>,
    blocks_heap: usize,
}

/// A copy (COPY) sizes its buffers to their contents, so the heap figure
/// is counted again from the copied blocks rather than copied.
impl Clone for Stream {
    fn clone(&self) -> Stream {
        let blocks = self.blocks.clone();
        let blocks_heap = blocks.values().map(Block::heap).sum();
        Stream {
            blocks,
            length: self.length,
            last_id: self.last_id,
            first_id: self.first_id,
            max_deleted: self.max_deleted,
            entries_added: self.entries_added,
            groups: self.groups.clone(),
            blocks_heap,
        }
    }
}

impl Stream {
    #[cfg(test)]
    pub fn new() -> Stream {
        Stream::default()
    }

    pub fn len(&self) -> u64 {
        self.length
    }

    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    pub fn last_id(&self) -> StreamId {
        self.last_id
    }

    /// The recorded first entry ID (0-0 when empty).
    pub fn first_id(&self) -> StreamId {
        self.first_id
    }

    pub fn max_deleted(&self) -> StreamId {
        self.max_deleted
    }

    pub fn entries_added(&self) -> u64 {
        self.entries_added
    }

    /// Number of blocks (XINFO's `radix-tree-keys`).
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }

    /// XSETID: the last ID and, optionally, the counters.
    pub fn set_id(&mut self, last: StreamId, added: Option<u64>, max_deleted: Option<StreamId>) {
        self.last_id = last;
        if let Some(added) = added {
            self.entries_added = added;
        }
        if let Some(max) = max_deleted {
            self.max_deleted = max;
        }
    }

    /// Heap bytes of the whole stream, groups included.
    pub fn heap_bytes(&self) -> usize {
        self.blocks_heap
            + self
                .groups
                .iter()
                .map(|(name, g)| alloc_size(name.len()) + g.heap_bytes())
                .sum::<usize>()
    }

    /// Appends an entry with ID `id`, which must be above the last one
    /// (the caller checks). `pairs` holds field, value, field, value...
    pub fn append(&mut self, id: StreamId, pairs: &[&[u8]], limits: NodeLimits) {
        let packed = Packed::new(pairs);
        let total: u64 = pairs.iter().map(|p| p.len() as u64).sum();
        let max_bytes = match limits.max_bytes {
            0 => LISTPACK_MAX,
            n => n.min(LISTPACK_MAX),
        };
        let new_block = match self.blocks.last_key_value() {
            None => true,
            Some((_, block)) => {
                block.lp_bytes + total >= max_bytes
                    || (limits.max_entries != 0
                        && block.ids.len() as u64 + block.deleted >= limits.max_entries)
            }
        };
        if new_block {
            self.start_block(id, packed.names.clone(), packed.fields_len, 0);
        }
        self.push_last(id, &packed);
    }

    /// Opens a block keyed `master` whose master entry has the packed
    /// field `names` (`fields_len` listpack bytes).
    fn start_block(&mut self, master: StreamId, names: Vec<u8>, fields_len: u64, deleted: u64) {
        let block = Block {
            // The master entry: its counters, its fields, a terminator.
            lp_bytes: LISTPACK_HEADER + 4 * 2 + 2 + fields_len + 1,
            master: names,
            deleted,
            ..Block::default()
        };
        self.blocks_heap += block.heap();
        self.blocks.insert(master, block);
    }

    /// Adds an entry to the last block.
    fn push_last(&mut self, id: StreamId, packed: &Packed) {
        let Some((_, block)) = self.blocks.iter_mut().next_back() else {
            return;
        };
        self.blocks_heap -= block.heap();
        let same = block.master == packed.names;
        // Flags, ID deltas, the entry's own field count unless the same
        // fields as the master, and the back-count.
        block.lp_bytes +=
            2 + 3 + packed.values_len + if same { 0 } else { packed.fields_len + 2 } + 2;
        block.data.extend_from_slice(&packed.data);
        block.ids.push(id);
        block.ends.push(block.data.len() as u32);
        self.blocks_heap += block.heap();
        self.length += 1;
        self.entries_added += 1;
        self.last_id = id;
        if self.length == 1 {
            self.first_id = id;
        }
    }

    /// The nodes in ID order, as RDB writes them (one listpack each).
    pub fn nodes(&self) -> impl Iterator<Item = NodeView<'_>> {
        self.blocks
            .iter()
            .map(|(&master, block)| NodeView { master, block })
    }

    /// Loading: opens a node keyed `master` whose master entry names
    /// `master_fields` and which held `deleted` deleted entries. Refused
    /// (false) unless `master` is above every ID loaded so far.
    pub fn load_node(&mut self, master: StreamId, master_fields: &[&[u8]], deleted: u64) -> bool {
        if self.length > 0 || !self.blocks.is_empty() {
            let last = self.blocks.keys().next_back().copied().unwrap_or_default();
            if master <= last || (self.length > 0 && master <= self.last_id) {
                return false;
            }
        }
        let mut names = Vec::new();
        write_varint(&mut names, master_fields.len() as u64);
        let mut fields_len = 0;
        for field in master_fields {
            write_varint(&mut names, field.len() as u64);
            names.extend_from_slice(field);
            fields_len += lp_element(field.len());
        }
        self.start_block(master, names, fields_len, deleted);
        true
    }

    /// Loading: adds an entry (`pairs` is field, value, ...) to the node
    /// opened last. Refused (false) unless the ID is at least the node's
    /// master ID and above the previous entry's.
    pub fn load_entry(&mut self, id: StreamId, pairs: &[&[u8]]) -> bool {
        let Some((&master, _)) = self.blocks.last_key_value() else {
            return false;
        };
        if id < master || (self.length > 0 && id <= self.last_id) {
            return false;
        }
        self.push_last(id, &Packed::new(pairs));
        true
    }

    /// Loading: drops the node opened last when no live entry went into
    /// it (Redis deletes a node whose entries are all deleted).
    pub fn drop_empty_node(&mut self) {
        if let Some(entry) = self.blocks.last_entry() {
            if entry.get().ids.is_empty() {
                let block = entry.remove();
                self.blocks_heap -= block.heap();
            }
        }
    }

    /// Loading: the counters as the file recorded them, once every entry
    /// is in.
    pub fn finish_load(
        &mut self,
        last_id: StreamId,
        first_id: StreamId,
        max_deleted: StreamId,
        entries_added: u64,
    ) {
        self.last_id = last_id;
        self.first_id = first_id;
        self.max_deleted = max_deleted;
        self.entries_added = entries_added;
    }

    /// Where `id` is, if it is a live entry: (block key, index).
    fn locate(&self, id: StreamId) -> Option<(StreamId, usize)> {
        let (&key, block) = self.blocks.range(..=id).next_back()?;
        block.ids.binary_search(&id).ok().map(|i| (key, i))
    }

    /// The fields of entry `id`, if it exists.
    pub fn get(&self, id: StreamId) -> Option<Fields<'_>> {
        let (key, index) = self.locate(id)?;
        Some(self.blocks[&key].fields(index))
    }

    /// Deletes entry `id`; false when there is none. Keeps the recorded
    /// first ID and the largest deleted ID as XDEL does.
    pub fn delete(&mut self, id: StreamId) -> bool {
        let Some((key, index)) = self.locate(id) else {
            return false;
        };
        let Some(block) = self.blocks.get_mut(&key) else {
            return false;
        };
        self.blocks_heap -= block.heap();
        block.remove(index);
        if block.ids.is_empty() {
            self.blocks.remove(&key);
        } else {
            self.blocks_heap += block.heap();
        }
        self.length -= 1;
        if id > self.max_deleted {
            self.max_deleted = id;
        }
        if self.length == 0 {
            self.first_id = StreamId::MIN;
        } else if id == self.first_id {
            self.first_id = self.first_entry().unwrap_or_default();
        }
        true
    }

    /// The ID of the first (or last) live entry.
    pub fn first_entry(&self) -> Option<StreamId> {
        self.blocks.values().find_map(|b| b.ids.first().copied())
    }

    pub fn last_entry(&self) -> Option<StreamId> {
        self.blocks
            .values()
            .rev()
            .find_map(|b| b.ids.last().copied())
    }

    /// Trims as Redis's `streamTrim` does: whole blocks from the head
    /// while they can go (and, with `limit` > 0, while the entries removed
    /// stay within it); then, unless `approx`, entries from the head of
    /// the next block. Returns how many entries were removed.
    pub fn trim(&mut self, trim: Trim, approx: bool, limit: u64) -> u64 {
        let mut deleted = 0u64;
        while let Some((&key, block)) = self.blocks.first_key_value() {
            if let Trim::MaxLen(max) = trim {
                if self.length <= max {
                    break;
                }
            }
            let entries = block.ids.len() as u64;
            if limit != 0 && deleted + entries > limit {
                break;
            }
            let remove = match trim {
                Trim::MaxLen(max) => self.length - entries >= max,
                Trim::MinId(min) => block.ids.last().is_some_and(|&last| last < min),
            };
            if remove {
                self.blocks_heap -= block.heap();
                self.blocks.remove(&key);
                self.length -= entries;
                deleted += entries;
                continue;
            }
            if approx {
                break;
            }
            let Some(block) = self.blocks.get_mut(&key) else {
                break;
            };
            self.blocks_heap -= block.heap();
            while let Some(&id) = block.ids.first() {
                let done = match trim {
                    Trim::MaxLen(max) => self.length <= max,
                    Trim::MinId(min) => id >= min,
                };
                if done {
                    break;
                }
                block.remove(0);
                self.length -= 1;
                deleted += 1;
            }
            self.blocks_heap += block.heap();
            break;
        }
        if self.length == 0 {
            self.first_id = StreamId::MIN;
        } else if deleted > 0 {
            self.first_id = self.first_entry().unwrap_or_default();
        }
        deleted
    }

    /// Calls `visit` with each entry from `start` to `end` (inclusive), in
    /// order or in reverse, until it returns false.
    pub fn visit<'a>(
        &'a self,
        start: StreamId,
        end: StreamId,
        rev: bool,
        mut visit: impl FnMut(StreamId, Fields<'a>) -> bool,
    ) {
        if start > end {
            return;
        }
        if !rev {
            let from = self
                .blocks
                .range(..=start)
                .next_back()
                .map_or(start, |(&k, _)| k);
            for block in self.blocks.range(from..).map(|(_, b)| b) {
                let first = block.ids.partition_point(|&id| id < start);
                for i in first..block.ids.len() {
                    let id = block.ids[i];
                    if id > end || !visit(id, block.fields(i)) {
                        return;
                    }
                }
            }
        } else {
            for block in self.blocks.range(..=end).rev().map(|(_, b)| b) {
                let last = block.ids.partition_point(|&id| id <= end);
                for i in (0..last).rev() {
                    let id = block.ids[i];
                    if id < start || !visit(id, block.fields(i)) {
                        return;
                    }
                }
            }
        }
    }

    /// Drops up to `budget` blocks' worth of entries for lazy free;
    /// returns how many entries went.
    pub fn free_some(&mut self, budget: usize) -> usize {
        let mut freed = 0;
        while freed < budget {
            let Some((_, block)) = self.blocks.pop_first() else {
                break;
            };
            self.blocks_heap -= block.heap();
            freed += block.ids.len().max(1);
            self.length -= block.ids.len() as u64;
        }
        if freed < budget {
            freed += std::mem::take(&mut self.groups).len();
        }
        freed
    }

    /// Elements freeing costs: entries and groups.
    pub fn free_effort(&self) -> usize {
        self.length as usize + self.groups.len()
    }

    /// Checks the counters against the blocks (for tests and audits).
    pub fn audit(&self) -> Result<(), String> {
        let live: u64 = self.blocks.values().map(|b| b.ids.len() as u64).sum();
        if live != self.length {
            return Err(format!("stream length {} but {live} live", self.length));
        }
        let heap: usize = self.blocks.values().map(Block::heap).sum();
        if heap != self.blocks_heap {
            return Err("stream heap out of step".into());
        }
        let mut prev = None;
        for (&key, block) in &self.blocks {
            if block.ids.is_empty() {
                return Err("empty block".into());
            }
            if block.ids[0] < key || prev.is_some_and(|p| p >= key) {
                return Err("blocks out of order".into());
            }
            if block.ids.windows(2).any(|w| w[0] >= w[1]) {
                return Err("ids out of order".into());
            }
            prev = block.ids.last().copied();
        }
        if prev.is_some_and(|p| p > self.last_id) {
            return Err("entry above last id".into());
        }
        self.groups
            .values()
            .try_for_each(super::stream_groups::Group::audit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: NodeLimits = NodeLimits {
        max_entries: 10,
        max_bytes: 4096,
    };

    fn filled(n: u64) -> Stream {
        let mut s = Stream::new();
        for i in 1..=n {
            s.append(StreamId::new(i, 0), &[b"f", b"v"], LIMITS);
        }
        s
    }

    fn ids(s: &Stream, rev: bool) -> Vec<u64> {
        let mut out = Vec::new();
        s.visit(StreamId::MIN, StreamId::MAX, rev, |id, _| {
            out.push(id.ms);
            true
        });
        out
    }

    #[test]
    fn blocks_split_and_iterate_both_ways() {
        let s = filled(25);
        assert_eq!(s.blocks(), 3);
        assert_eq!(ids(&s, false), (1..=25).collect::<Vec<_>>());
        assert_eq!(ids(&s, true), (1..=25).rev().collect::<Vec<_>>());
        let got: Vec<(&[u8], &[u8])> = s.get(StreamId::new(7, 0)).unwrap().collect();
        assert_eq!(got, vec![(&b"f"[..], &b"v"[..])]);
        s.audit().unwrap();
    }

    #[test]
    fn delete_keeps_counters() {
        let mut s = filled(12);
        assert!(s.delete(StreamId::new(1, 0)));
        assert!(!s.delete(StreamId::new(1, 0)));
        assert_eq!(s.first_id(), StreamId::new(2, 0));
        assert_eq!(s.max_deleted(), StreamId::new(1, 0));
        for i in 2..=10 {
            s.delete(StreamId::new(i, 0));
        }
        assert_eq!(s.blocks(), 1);
        assert_eq!(s.len(), 2);
        s.audit().unwrap();
    }

    #[test]
    fn approximate_trim_removes_whole_blocks() {
        // Redis's "XADD with LIMIT consecutive calls": 100 entries in
        // nodes of 10, MAXLEN ~ 55 LIMIT 30 leaves 71 (one more added).
        let mut s = filled(100);
        s.append(StreamId::new(101, 0), &[b"x", b"y"], LIMITS);
        assert_eq!(s.trim(Trim::MaxLen(55), true, 30), 30);
        assert_eq!(s.len(), 71);
        assert_eq!(s.trim(Trim::MaxLen(55), false, 0), 16);
        assert_eq!(s.first_id(), StreamId::new(47, 0));
        assert_eq!(s.trim(Trim::MinId(StreamId::new(50, 0)), false, 0), 3);
        s.audit().unwrap();
    }
}
