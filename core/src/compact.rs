//! Compact storage pieces for the keyspace: byte strings that keep short
//! contents inline (no heap allocation, no reference-counted handle), and a
//! fast seeded hasher.
//!
//! A stored key or string value is copied out of the request once; most are
//! short, so keeping them inside the map slot saves an allocation (and its
//! malloc header) per key and per value, which is most of a small key's
//! memory cost.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Deref;

/// Bytes stored inline when they fit in `N` bytes, on the heap otherwise.
/// `size_of` is `N + 2` rounded up to 8 (the length byte and the tag).
#[derive(Clone)]
pub struct InlineBytes<const N: usize>(Repr<N>);

#[derive(Clone)]
enum Repr<const N: usize> {
    Inline { len: u8, data: [u8; N] },
    Heap(Box<[u8]>),
}

impl<const N: usize> InlineBytes<N> {
    pub fn new(bytes: &[u8]) -> Self {
        if bytes.len() <= N {
            let mut data = [0; N];
            data[..bytes.len()].copy_from_slice(bytes);
            InlineBytes(Repr::Inline {
                len: bytes.len() as u8,
                data,
            })
        } else {
            InlineBytes(Repr::Heap(bytes.into()))
        }
    }

    #[inline]
    pub fn as_slice(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, data } => &data[..*len as usize],
            Repr::Heap(bytes) => bytes,
        }
    }

    /// Edits the bytes in place through a `Vec` (APPEND, SETRANGE, SETBIT):
    /// heap contents move into the `Vec` and back without a copy, inline
    /// ones are copied (they are short). The result is stored inline when
    /// it fits, on the heap in an allocation of exactly its length
    /// otherwise, so [`InlineBytes::heap_len`] stays the true cost. An edit
    /// that grows the bytes should `reserve_exact` first: the final
    /// shrink is then free.
    pub fn edit<R>(&mut self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        let mut bytes = match std::mem::replace(&mut self.0, Repr::Heap(Box::default())) {
            Repr::Inline { len, data } => data[..len as usize].to_vec(),
            Repr::Heap(bytes) => bytes.into_vec(),
        };
        let result = f(&mut bytes);
        *self = if bytes.len() <= N {
            InlineBytes::new(&bytes)
        } else {
            InlineBytes(Repr::Heap(bytes.into_boxed_slice()))
        };
        result
    }

    /// Length of the separate heap allocation, 0 when stored inline.
    pub fn heap_len(&self) -> usize {
        match &self.0 {
            Repr::Inline { .. } => 0,
            Repr::Heap(bytes) => bytes.len(),
        }
    }
}

impl<const N: usize> Deref for InlineBytes<N> {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl<const N: usize> AsRef<[u8]> for InlineBytes<N> {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl<const N: usize> Borrow<[u8]> for InlineBytes<N> {
    fn borrow(&self) -> &[u8] {
        self.as_slice()
    }
}

// Hash, Eq and Ord are those of the byte slice, so a map keyed by
// `InlineBytes` can be searched with a plain `&[u8]`.
impl<const N: usize> Hash for InlineBytes<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state)
    }
}

impl<const N: usize> PartialEq for InlineBytes<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const N: usize> Eq for InlineBytes<N> {}

impl<const N: usize> PartialOrd for InlineBytes<N> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<const N: usize> Ord for InlineBytes<N> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl<const N: usize> fmt::Debug for InlineBytes<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", bytes::Bytes::copy_from_slice(self.as_slice()))
    }
}

/// A stored key: up to 22 bytes inline, 24 bytes in all.
pub type Key = InlineBytes<22>;

/// A stored string value or list element: up to 38 bytes inline, 40 bytes
/// in all (short values are the common case: counters, ids, small blobs).
pub type Small = InlineBytes<38>;

/// Hash builder seeded from the configuration, so iteration and sampling
/// order replay exactly in a seeded simulation.
#[derive(Clone, Copy, Debug)]
pub struct SeededHasher(pub u64);

impl BuildHasher for SeededHasher {
    type Hasher = FoldHasher;

    #[inline]
    fn build_hasher(&self) -> FoldHasher {
        FoldHasher {
            state: self.0 ^ 0x243F_6A88_85A3_08D3,
        }
    }
}

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

/// Multiplies as 128 bits and folds the halves together: every input bit
/// reaches every output bit in one step.
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let product = (a as u128).wrapping_mul(b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// A fast hasher for short byte strings: eight bytes per multiply.
/// Not cryptographic; its seed comes from the configuration (random in a
/// real server), which keeps collisions unpredictable from outside.
pub struct FoldHasher {
    state: u64,
}

impl Hasher for FoldHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let word = u64::from_le_bytes(word);
            self.state = fold(self.state ^ word, MULTIPLIER);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut tail = [0u8; 8];
            tail[..rest.len()].copy_from_slice(rest);
            let word = u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 59);
            self.state = fold(self.state ^ word, MULTIPLIER);
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.write_u64(n as u64);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.state = fold(self.state ^ n, MULTIPLIER);
    }

    #[inline]
    fn finish(&self) -> u64 {
        fold(self.state, 0xD6E8_FEB8_6659_FD93).rotate_left(23)
    }
}

/// Bytes malloc really hands out for a request of `n` bytes.
pub fn alloc_size(n: usize) -> usize {
    if n == 0 {
        0
    } else {
        ((n + 8).max(24) + 15) & !15
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn sizes_are_as_documented() {
        assert_eq!(std::mem::size_of::<Key>(), 24);
        assert_eq!(std::mem::size_of::<Small>(), 40);
    }

    #[test]
    fn inline_and_heap_round_trip() {
        for len in [0, 1, 22, 23, 38, 39, 1000] {
            let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let key = Key::new(&data);
            assert_eq!(key.as_slice(), &data[..]);
            assert_eq!(key.heap_len(), if len > 22 { len } else { 0 });
            let small = Small::new(&data);
            assert_eq!(&*small, &data[..]);
            assert_eq!(small.heap_len(), if len > 38 { len } else { 0 });
        }
    }

    #[test]
    fn hash_matches_the_slice_hash() {
        let build = SeededHasher(7);
        for text in [&b""[..], b"a", b"key:000000012345", &[9u8; 40]] {
            assert_eq!(build.hash_one(Key::new(text)), build.hash_one(text));
        }
    }

    #[test]
    fn hasher_spreads_similar_keys() {
        let build = SeededHasher(1);
        // Low bits pick the bucket, high bits the control byte: both must
        // vary across near-identical keys.
        let mut low = HashSet::new();
        let mut high = HashSet::new();
        for i in 0..4096 {
            let h = build.hash_one(format!("key:{i:012}").as_bytes());
            low.insert(h & 0xFFF);
            high.insert(h >> 57);
        }
        assert!(low.len() > 2400, "{}", low.len());
        assert_eq!(high.len(), 128);
        assert_ne!(
            SeededHasher(1).hash_one(b"k".as_slice()),
            SeededHasher(2).hash_one(b"k".as_slice())
        );
    }
}
