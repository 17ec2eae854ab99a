//! The hash type: a map of binary-safe fields to binary-safe values.
//!
//! As in Redis, a small hash is kept packed (the counterpart of Redis's
//! listpack: one byte buffer of length-prefixed fields and values in
//! insertion order, searched linearly), and turned into a hashed table once
//! it has more than `hash-max-listpack-entries` fields or is given a field
//! or value longer than `hash-max-listpack-value` bytes. It never turns
//! back, as in Redis.
//!
//! The table is an `IndexMap` with the store's seeded hasher: its
//! iteration order is its positions, a removal moves the last entry into
//! the hole (`swap_remove`), and [`crate::types::scan::scan_window`] walks
//! it for HSCAN.

use indexmap::IndexMap;

use super::scan::scan_window;
use crate::compact::{alloc_size, InlineBytes, SeededHasher, Small};

/// A (field, value) pair borrowed from a hash.
pub type Pair<'a> = (&'a [u8], &'a [u8]);

/// A field in the table form: up to 22 bytes inline (field names are
/// usually short), 24 bytes in all.
pub type Field = InlineBytes<22>;

/// The conversion thresholds (Redis's `hash-max-listpack-entries` and
/// `hash-max-listpack-value`) and the seed of the table's hasher.
#[derive(Clone, Copy, Debug)]
pub struct HashLimits {
    pub max_entries: u64,
    pub max_value: u64,
    pub seed: u64,
}

#[derive(Debug, Clone)]
pub struct Hash {
    repr: Repr,
}

#[derive(Debug, Clone)]
enum Repr {
    Packed(Packed),
    /// Boxed: a hash starts small, and the packed form is what most
    /// hashes stay in.
    Table(Box<Table>),
}

impl Default for Hash {
    fn default() -> Self {
        Hash {
            repr: Repr::Packed(Packed::default()),
        }
    }
}

impl PartialEq for Hash {
    /// Same pairs in the same order, whatever the form.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Hash {}

impl Hash {
    /// Lazy free: drops up to `n` fields of a hash that left the keyspace
    /// (from the end of its table); returns how many. A packed hash is one
    /// buffer, freed in O(1): nothing to do piecemeal.
    pub fn free_some(&mut self, n: usize) -> usize {
        match &mut self.repr {
            Repr::Packed(_) => 0,
            Repr::Table(table) => {
                let keep = table.map.len().saturating_sub(n);
                let dropped = table.map.len() - keep;
                table.map.truncate(keep);
                dropped
            }
        }
    }

    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Packed(p) => p.len,
            Repr::Table(t) => t.map.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// OBJECT ENCODING's name for the current form.
    pub fn encoding(&self) -> &'static str {
        match &self.repr {
            Repr::Packed(_) => "listpack",
            Repr::Table(_) => "hashtable",
        }
    }

    /// Whether the hash is still in its packed (listpack) form.
    pub fn is_packed(&self) -> bool {
        matches!(self.repr, Repr::Packed(_))
    }

    pub fn get(&self, field: &[u8]) -> Option<&[u8]> {
        match &self.repr {
            Repr::Packed(p) => p.find(field).map(|at| at.value(&p.buf)),
            Repr::Table(t) => t.map.get(field).map(|v| v.as_slice()),
        }
    }

    pub fn contains(&self, field: &[u8]) -> bool {
        self.get(field).is_some()
    }

    /// Sets `field` to `value`; returns true when the field is new. The
    /// hash turns into a table first if either is longer than
    /// `max_value`, and after the insertion if it then has more than
    /// `max_entries` fields (Redis's `hashTypeSet`).
    pub fn set(&mut self, field: &[u8], value: &[u8], limits: &HashLimits) -> bool {
        if self.is_packed()
            && (field.len() as u64 > limits.max_value || value.len() as u64 > limits.max_value)
        {
            self.convert(limits.seed);
        }
        let created = match &mut self.repr {
            Repr::Packed(p) => p.set(field, value),
            Repr::Table(t) => t.set(field, value),
        };
        if self.is_packed() && self.len() as u64 > limits.max_entries {
            self.convert(limits.seed);
        }
        created
    }

    /// Removes `field`; returns whether it was there.
    pub fn remove(&mut self, field: &[u8]) -> bool {
        match &mut self.repr {
            Repr::Packed(p) => p.remove(field),
            Repr::Table(t) => t.remove(field),
        }
    }

    /// Every (field, value) pair, in the hash's order: insertion order
    /// while packed, table positions once hashed.
    pub fn iter(&self) -> Iter<'_> {
        match &self.repr {
            Repr::Packed(p) => Iter::Packed { buf: &p.buf, at: 0 },
            Repr::Table(t) => Iter::Table(t.map.iter()),
        }
    }

    /// The pair at `index` in [`Hash::iter`]'s order: O(1) once hashed,
    /// a walk while packed (a packed hash is small; callers drawing many
    /// pairs from one collect [`Hash::iter`] first).
    pub fn pair_at(&self, index: usize) -> Option<Pair<'_>> {
        match &self.repr {
            Repr::Packed(_) => self.iter().nth(index),
            Repr::Table(t) => t
                .map
                .get_index(index)
                .map(|(f, v)| (f.as_slice(), v.as_slice())),
        }
    }

    /// One HSCAN step from `cursor` with a `count` hint: the pairs visited
    /// and the next cursor (0 once done). A packed hash is returned whole
    /// in one step, as Redis returns a listpack; a table is walked by
    /// [`scan_window`], so every field present for the whole scan is
    /// returned at least once.
    pub fn scan(&self, cursor: u64, count: usize) -> (Vec<Pair<'_>>, u64) {
        match &self.repr {
            Repr::Packed(_) => (self.iter().collect(), 0),
            Repr::Table(t) => {
                let (window, next) = scan_window(t.map.len(), cursor, count);
                let pairs = window
                    .filter_map(|i| t.map.get_index(i))
                    .map(|(f, v)| (f.as_slice(), v.as_slice()))
                    .collect();
                (pairs, next)
            }
        }
    }

    /// Heap bytes the hash holds besides its own header (which lives in
    /// the key's slot): the packed buffer, or the boxed table with its
    /// entries, index and long fields and values.
    /// A pure function of the current contents and capacities.
    pub fn heap_bytes(&self) -> usize {
        match &self.repr {
            Repr::Packed(p) => alloc_size(p.buf.capacity()),
            Repr::Table(t) => alloc_size(std::mem::size_of::<Table>()) + t.heap_bytes(),
        }
    }

    /// Turns the packed form into a table, keeping the order.
    fn convert(&mut self, seed: u64) {
        let Repr::Packed(packed) = &self.repr else {
            return;
        };
        let mut table = Table {
            map: IndexMap::with_capacity_and_hasher(packed.len, SeededHasher(seed)),
            item_bytes: 0,
        };
        for (field, value) in (Iter::Packed {
            buf: &packed.buf,
            at: 0,
        }) {
            table.set(field, value);
        }
        self.repr = Repr::Table(Box::new(table));
    }
}

/// The packed form: `len` pairs, each field then value as a LEB128 length
/// followed by the bytes.
#[derive(Debug, Clone, Default)]
struct Packed {
    buf: Vec<u8>,
    len: usize,
}

/// Packed buffers shorter than this grow to the exact size needed.
const EXACT_GROWTH_BELOW: usize = 512;

/// Where one pair lies in the packed buffer.
struct Slot {
    /// Offset of the field's length prefix.
    start: usize,
    /// Offset of the value's length prefix.
    value_at: usize,
    /// The value's bytes.
    value: std::ops::Range<usize>,
    /// Offset just past the pair.
    end: usize,
}

impl Slot {
    fn value<'a>(&self, buf: &'a [u8]) -> &'a [u8] {
        &buf[self.value.clone()]
    }
}

/// Reads the entry at `at`: its bytes' range and the offset after it.
fn read_entry(buf: &[u8], at: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let mut len = 0usize;
    let mut shift = 0;
    let mut pos = at;
    loop {
        let byte = *buf.get(pos)?;
        pos += 1;
        len |= ((byte & 0x7f) as usize) << shift;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    let end = pos.checked_add(len)?;
    (end <= buf.len()).then_some((pos..end, end))
}

/// Bytes `write_entry` writes for `bytes`: the LEB128 length, then them.
fn encoded_len(bytes: &[u8]) -> usize {
    let prefix = (usize::BITS - (bytes.len() | 1).leading_zeros()).div_ceil(7) as usize;
    prefix + bytes.len()
}

fn write_entry(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut len = bytes.len();
    while len >= 0x80 {
        out.push((len as u8) | 0x80);
        len >>= 7;
    }
    out.push(len as u8);
    out.extend_from_slice(bytes);
}

impl Packed {
    fn find(&self, field: &[u8]) -> Option<Slot> {
        let mut at = 0;
        while at < self.buf.len() {
            let (name, value_at) = read_entry(&self.buf, at)?;
            let (value, end) = read_entry(&self.buf, value_at)?;
            if &self.buf[name] == field {
                return Some(Slot {
                    start: at,
                    value_at,
                    value,
                    end,
                });
            }
            at = end;
        }
        None
    }

    fn set(&mut self, field: &[u8], value: &[u8]) -> bool {
        match self.find(field) {
            // Same length: overwrite in place (counters, flags).
            Some(slot) if slot.value.len() == value.len() => {
                self.buf[slot.value].copy_from_slice(value);
                false
            }
            Some(slot) => {
                let mut encoded = Vec::with_capacity(value.len() + 5);
                write_entry(&mut encoded, value);
                self.buf.splice(slot.value_at..slot.end, encoded);
                false
            }
            None => {
                let needed = encoded_len(field) + encoded_len(value);
                if self.buf.len() < EXACT_GROWTH_BELOW {
                    // Small buffers grow exactly, as a listpack does:
                    // most hashes stay small, and doubling would waste
                    // up to half of each.
                    self.buf.reserve_exact(needed);
                } else {
                    self.buf.reserve(needed);
                }
                write_entry(&mut self.buf, field);
                write_entry(&mut self.buf, value);
                self.len += 1;
                true
            }
        }
    }

    fn remove(&mut self, field: &[u8]) -> bool {
        let Some(slot) = self.find(field) else {
            return false;
        };
        self.buf.drain(slot.start..slot.end);
        self.len -= 1;
        // Give memory back once the buffer is mostly empty.
        if self.buf.capacity() > 64 && self.buf.capacity() > 2 * self.buf.len() {
            self.buf.shrink_to_fit();
        }
        true
    }
}

/// The table form, keeping the allocated size of long fields and values
/// up to date so its memory cost is O(1) to read.
#[derive(Debug, Clone)]
struct Table {
    map: IndexMap<Field, Small, SeededHasher>,
    /// Sum of `alloc_size` over the heap parts of fields and values.
    item_bytes: usize,
}

impl Table {
    fn set(&mut self, field: &[u8], value: &[u8]) -> bool {
        let value = Small::new(value);
        let value_bytes = alloc_size(value.heap_len());
        match self.map.get_mut(field) {
            Some(old) => {
                self.item_bytes = self.item_bytes - alloc_size(old.heap_len()) + value_bytes;
                *old = value;
                false
            }
            None => {
                let field = Field::new(field);
                self.item_bytes += alloc_size(field.heap_len()) + value_bytes;
                self.map.insert(field, value);
                true
            }
        }
    }

    fn remove(&mut self, field: &[u8]) -> bool {
        match self.map.swap_remove_entry(field) {
            Some((field, value)) => {
                self.item_bytes -= alloc_size(field.heap_len()) + alloc_size(value.heap_len());
                true
            }
            None => false,
        }
    }

    /// The entries vector (hash, field, value per slot) and the index (an
    /// 8-byte position and a control byte per bucket, at most 7/8 full),
    /// plus the heap parts of long fields and values.
    fn heap_bytes(&self) -> usize {
        let capacity = self.map.capacity();
        if capacity == 0 {
            return self.item_bytes;
        }
        let entries = capacity * std::mem::size_of::<(u64, Field, Small)>();
        let buckets = if capacity < 8 {
            (capacity + 1).next_power_of_two()
        } else {
            (capacity * 8 / 7).next_power_of_two()
        };
        let index = buckets * std::mem::size_of::<usize>() + buckets + 16;
        alloc_size(entries) + alloc_size(index) + self.item_bytes
    }
}

/// Iterator over a hash's pairs (see [`Hash::iter`]).
pub enum Iter<'a> {
    Packed { buf: &'a [u8], at: usize },
    Table(indexmap::map::Iter<'a, Field, Small>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Packed { buf, at } => {
                let (field, value_at) = read_entry(buf, *at)?;
                let (value, end) = read_entry(buf, value_at)?;
                *at = end;
                Some((&buf[field], &buf[value]))
            }
            Iter::Table(inner) => inner.next().map(|(f, v)| (f.as_slice(), v.as_slice())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: HashLimits = HashLimits {
        max_entries: 4,
        max_value: 8,
        seed: 7,
    };

    fn pairs(hash: &Hash) -> Vec<(String, String)> {
        hash.iter()
            .map(|(f, v)| {
                (
                    String::from_utf8_lossy(f).into_owned(),
                    String::from_utf8_lossy(v).into_owned(),
                )
            })
            .collect()
    }

    fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(f, v)| (f.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn packed_keeps_insertion_order_through_updates_and_removals() {
        let mut hash = Hash::default();
        assert!(hash.set(b"a", b"1", &LIMITS));
        assert!(hash.set(b"b", b"2", &LIMITS));
        assert!(hash.set(b"c", b"3", &LIMITS));
        assert!(!hash.set(b"a", b"one", &LIMITS));
        assert!(hash.remove(b"b"));
        assert!(!hash.remove(b"b"));
        assert_eq!(pairs(&hash), owned(&[("a", "one"), ("c", "3")]));
        assert_eq!(hash.get(b"a"), Some(&b"one"[..]));
        assert_eq!(hash.get(b"b"), None);
        assert_eq!(hash.len(), 2);
        assert_eq!(hash.encoding(), "listpack");
        assert_eq!(hash.pair_at(1), Some((&b"c"[..], &b"3"[..])));
    }

    #[test]
    fn converts_past_the_entry_limit_keeping_order() {
        let mut hash = Hash::default();
        for (i, field) in ["a", "b", "c", "d"].iter().enumerate() {
            hash.set(field.as_bytes(), i.to_string().as_bytes(), &LIMITS);
        }
        assert_eq!(hash.encoding(), "listpack", "4 entries fit");
        hash.set(b"e", b"4", &LIMITS);
        assert_eq!(hash.encoding(), "hashtable");
        assert_eq!(
            pairs(&hash),
            owned(&[("a", "0"), ("b", "1"), ("c", "2"), ("d", "3"), ("e", "4")])
        );
        // Removal moves the last entry into the hole; nothing converts back.
        for field in ["a", "b", "c", "d"] {
            hash.remove(field.as_bytes());
        }
        assert_eq!(pairs(&hash), owned(&[("e", "4")]));
        assert_eq!(hash.encoding(), "hashtable");
    }

    #[test]
    fn converts_on_a_long_field_or_value() {
        let mut hash = Hash::default();
        hash.set(b"f", b"12345678", &LIMITS);
        assert_eq!(hash.encoding(), "listpack", "8 bytes fit");
        hash.set(b"f", b"123456789", &LIMITS);
        assert_eq!(hash.encoding(), "hashtable");
        let mut hash = Hash::default();
        hash.set(b"123456789", b"v", &LIMITS);
        assert_eq!(hash.encoding(), "hashtable");
        assert_eq!(hash.get(b"123456789"), Some(&b"v"[..]));
    }

    #[test]
    fn encoded_lengths_are_exact() {
        for len in [0, 1, 127, 128, 16_383, 16_384, 70_000] {
            let bytes = vec![7u8; len];
            let mut out = Vec::new();
            write_entry(&mut out, &bytes);
            assert_eq!(out.len(), encoded_len(&bytes), "{len}");
        }
    }

    #[test]
    fn packed_lengths_beyond_one_byte_round_trip() {
        let limits = HashLimits {
            max_entries: 100,
            max_value: 1 << 20,
            seed: 1,
        };
        let mut hash = Hash::default();
        let long = vec![b'x'; 70_000];
        hash.set(&long, &long[..200], &limits);
        hash.set(b"", b"", &limits);
        hash.set(&long, b"short", &limits);
        assert_eq!(hash.encoding(), "listpack");
        assert_eq!(hash.get(&long), Some(&b"short"[..]));
        assert_eq!(hash.get(b""), Some(&b""[..]));
        assert_eq!(hash.len(), 2);
    }

    #[test]
    fn scan_returns_packed_whole_and_walks_tables() {
        let mut hash = Hash::default();
        hash.set(b"a", b"1", &LIMITS);
        hash.set(b"b", b"2", &LIMITS);
        assert_eq!(
            hash.scan(0, 1),
            (vec![(&b"a"[..], &b"1"[..]), (b"b", b"2")], 0)
        );
        for i in 0..10 {
            hash.set(format!("f{i}").as_bytes(), b"v", &LIMITS);
        }
        let mut seen = Vec::new();
        let mut cursor = 0;
        loop {
            let (found, next) = hash.scan(cursor, 3);
            assert!(found.len() <= 3);
            seen.extend(found.into_iter().map(|(f, _)| f.to_vec()));
            cursor = next;
            if cursor == 0 {
                break;
            }
        }
        seen.sort();
        assert_eq!(seen.len(), 12);
    }

    #[test]
    fn memory_follows_the_contents() {
        let mut hash = Hash::default();
        assert_eq!(hash.heap_bytes(), 0);
        hash.set(b"a", b"1", &LIMITS);
        let small = hash.heap_bytes();
        assert!(small > 0);
        for i in 0..20 {
            hash.set(format!("field{i}").as_bytes(), &[b'v'; 8], &LIMITS);
        }
        let big = hash.heap_bytes();
        assert!(big > small);
        hash.set(b"a", &[b'x'; 100], &LIMITS);
        assert!(hash.heap_bytes() >= big + 100);
        hash.set(b"a", b"1", &LIMITS);
        assert_eq!(hash.heap_bytes(), big);
    }
}
