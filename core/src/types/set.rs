//! The set type: unordered, binary-safe, distinct members, in Redis 7.0's
//! two forms.
//!
//! - An *intset*: the members as sorted 64-bit integers (binary search),
//!   while every member is an integer written as Redis's `string2ll`
//!   writes it (no sign but `-`, no leading zero, no `-0`) and there are at
//!   most `set-max-intset-entries` of them. Iteration is in ascending
//!   numeric order, as in Redis.
//! - A *hashtable*: an insertion-ordered hash set (removal moves the last
//!   member into the hole), hashed with the store's seeded hasher.
//!
//! A set converts from the first form to the second on its first
//! non-integer member or once it would hold more integers than allowed,
//! and never back (as Redis 7.0 does). OBJECT ENCODING names the forms
//! `intset` and `hashtable`.

use std::ops::{Deref, Range};

use indexmap::IndexSet;

use super::intset::IntSet;
use crate::compact::{alloc_size, SeededHasher, Small};
use crate::protocol::decode::parse_int;

/// A set of byte strings (see the module documentation).
#[derive(Debug, Clone)]
pub struct Set {
    repr: Repr,
    /// Seed of the hasher the hashtable form uses.
    seed: u64,
    /// Sum of `alloc_size` over the heap parts of hashtable members.
    member_bytes: usize,
}

#[derive(Debug, Clone)]
enum Repr {
    Ints(IntSet),
    /// Boxed: most sets of integers never leave the intset, whose header
    /// is then all the set carries.
    Hash(Box<IndexSet<Small, SeededHasher>>),
}

/// Two sets are equal when they hold the same members, whatever their
/// forms and orders.
impl PartialEq for Set {
    fn eq(&self, other: &Set) -> bool {
        self.len() == other.len() && self.iter().all(|m| other.contains_member(m))
    }
}

impl Eq for Set {}

/// One member as the set holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member<'a> {
    Int(i64),
    Bytes(&'a [u8]),
}

/// A member's bytes: borrowed from the set, or an integer written out.
pub struct MemberBytes<'a> {
    digits: [u8; 20],
    repr: MemberRepr<'a>,
}

enum MemberRepr<'a> {
    Slice(&'a [u8]),
    Digits(Range<usize>),
}

impl<'a> Member<'a> {
    /// The member as the client wrote it.
    pub fn bytes(self) -> MemberBytes<'a> {
        match self {
            Member::Bytes(slice) => MemberBytes {
                digits: [0; 20],
                repr: MemberRepr::Slice(slice),
            },
            Member::Int(value) => {
                let mut digits = [0u8; 20];
                let mut at = digits.len();
                let mut n = value.unsigned_abs();
                loop {
                    at -= 1;
                    digits[at] = b'0' + (n % 10) as u8;
                    n /= 10;
                    if n == 0 {
                        break;
                    }
                }
                if value < 0 {
                    at -= 1;
                    digits[at] = b'-';
                }
                MemberBytes {
                    digits,
                    repr: MemberRepr::Digits(at..20),
                }
            }
        }
    }
}

impl Deref for MemberBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.repr {
            MemberRepr::Slice(slice) => slice,
            MemberRepr::Digits(range) => &self.digits[range.clone()],
        }
    }
}

impl Set {
    /// Lazy free: drops up to `n` members of a set that left the keyspace
    /// (from the end of its table); returns how many. An intset is one
    /// buffer, freed in O(1): nothing to do piecemeal.
    pub fn free_some(&mut self, n: usize) -> usize {
        match &mut self.repr {
            Repr::Ints(_) => 0,
            Repr::Hash(members) => {
                let keep = members.len().saturating_sub(n);
                let dropped = members.len() - keep;
                members.truncate(keep);
                dropped
            }
        }
    }
}

impl Set {
    /// An empty set in the intset form; `seed` seeds the hasher of the
    /// hashtable form it may convert to.
    pub fn new(seed: u64) -> Set {
        Set {
            repr: Repr::Ints(IntSet::default()),
            seed,
            member_bytes: 0,
        }
    }

    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Ints(ints) => ints.len(),
            Repr::Hash(hash) => hash.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// OBJECT ENCODING's name for the current form.
    // Read by OBJECT ENCODING once it exists; the tests read it now.
    #[allow(dead_code)]
    pub fn encoding(&self) -> &'static str {
        match &self.repr {
            Repr::Ints(_) => "intset",
            Repr::Hash(_) => "hashtable",
        }
    }

    pub fn contains(&self, member: &[u8]) -> bool {
        match &self.repr {
            Repr::Ints(ints) => parse_int(member).is_some_and(|n| ints.binary_search(n).is_ok()),
            Repr::Hash(hash) => hash.contains(member),
        }
    }

    /// Whether `member`, taken from another set, is in this one (an
    /// integer is looked up without writing it out when both are intsets).
    pub fn contains_member(&self, member: Member<'_>) -> bool {
        match (&self.repr, member) {
            (Repr::Ints(ints), Member::Int(n)) => ints.binary_search(n).is_ok(),
            (_, member) => self.contains(&member.bytes()),
        }
    }

    /// Adds `member`; `max_ints` is `set-max-intset-entries`. Returns
    /// whether it was new.
    pub fn insert(&mut self, member: &[u8], max_ints: usize) -> bool {
        if let Repr::Ints(ints) = &mut self.repr {
            if let Some(n) = parse_int(member) {
                let at = match ints.binary_search(n) {
                    Ok(_) => return false,
                    Err(at) => at,
                };
                if ints.len() < max_ints {
                    ints.insert(at, n);
                    return true;
                }
            }
            self.convert();
        }
        let Repr::Hash(hash) = &mut self.repr else {
            unreachable!("converted above");
        };
        if hash.contains(member) {
            return false;
        }
        let member = Small::new(member);
        self.member_bytes += alloc_size(member.heap_len());
        hash.insert(member);
        true
    }

    /// Moves the members into the hashtable form, in ascending order.
    fn convert(&mut self) {
        let Repr::Ints(ints) = &self.repr else {
            return;
        };
        let mut hash = IndexSet::with_capacity_and_hasher(ints.len() + 1, SeededHasher(self.seed));
        for n in ints.iter() {
            hash.insert(Small::new(&Member::Int(n).bytes()));
        }
        // Integers are at most 20 bytes: always inline.
        self.repr = Repr::Hash(Box::new(hash));
    }

    /// Removes `member`; returns whether it was there.
    pub fn remove(&mut self, member: &[u8]) -> bool {
        match &mut self.repr {
            Repr::Ints(ints) => match parse_int(member).map(|n| ints.binary_search(n)) {
                Some(Ok(at)) => {
                    ints.remove(at);
                    true
                }
                _ => false,
            },
            Repr::Hash(hash) => match hash.swap_remove_full(member) {
                Some((_, removed)) => {
                    self.member_bytes -= alloc_size(removed.heap_len());
                    true
                }
                None => false,
            },
        }
    }

    /// The member at `index` (below [`Set::len`]) in iteration order.
    pub fn get_index(&self, index: usize) -> Option<Member<'_>> {
        match &self.repr {
            Repr::Ints(ints) => ints.get(index).map(Member::Int),
            Repr::Hash(hash) => hash.get_index(index).map(|m| Member::Bytes(m)),
        }
    }

    /// Removes the member at `index` and returns its bytes.
    pub fn remove_index(&mut self, index: usize) -> Option<Vec<u8>> {
        match &mut self.repr {
            Repr::Ints(ints) => {
                if index >= ints.len() {
                    return None;
                }
                let n = ints.remove(index);
                Some(Member::Int(n).bytes().to_vec())
            }
            Repr::Hash(hash) => {
                let removed = hash.swap_remove_index(index)?;
                self.member_bytes -= alloc_size(removed.heap_len());
                Some(removed.to_vec())
            }
        }
    }

    /// Every member, in iteration order (ascending for an intset).
    pub fn iter(&self) -> impl Iterator<Item = Member<'_>> + '_ {
        let (ints, hash) = match &self.repr {
            Repr::Ints(ints) => (Some(ints.iter().map(Member::Int)), None),
            Repr::Hash(hash) => (None, Some(hash.iter().map(|m| Member::Bytes(m)))),
        };
        ints.into_iter().flatten().chain(hash.into_iter().flatten())
    }

    /// Whether SSCAN returns every member in one call (the compact form,
    /// as Redis does for intsets).
    pub fn scans_at_once(&self) -> bool {
        matches!(self.repr, Repr::Ints(_))
    }

    /// Heap bytes the set holds besides its own header: the integer array,
    /// or the hash set's entries and index plus long members' heap parts.
    pub fn heap_bytes(&self) -> usize {
        match &self.repr {
            Repr::Ints(ints) => ints.heap_bytes(),
            Repr::Hash(hash) => {
                // Entries hold the member and its hash; the index holds a
                // position and a control byte per bucket, at a load of at
                // most 7/8.
                let capacity = hash.capacity();
                let entries = capacity * (std::mem::size_of::<Small>() + 8);
                let index = capacity * 8 / 7 * (std::mem::size_of::<usize>() + 1);
                alloc_size(std::mem::size_of::<IndexSet<Small, SeededHasher>>())
                    + alloc_size(entries)
                    + alloc_size(index)
                    + self.member_bytes
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(set: &Set) -> Vec<Vec<u8>> {
        set.iter().map(|m| m.bytes().to_vec()).collect()
    }

    #[test]
    fn integers_stay_sorted_in_an_intset() {
        let mut set = Set::new(1);
        for m in ["3", "-10", "7", "3", "0", "9223372036854775807"] {
            set.insert(m.as_bytes(), 512);
        }
        assert_eq!(set.encoding(), "intset");
        assert_eq!(
            members(&set),
            [&b"-10"[..], b"0", b"3", b"7", b"9223372036854775807"]
        );
        assert!(set.contains(b"7") && !set.contains(b"07") && !set.contains(b"x"));
        assert!(set.remove(b"7") && !set.remove(b"7") && !set.remove(b"+3"));
        assert_eq!(set.len(), 4);
    }

    #[test]
    fn a_non_integer_or_too_many_convert_for_good() {
        let mut set = Set::new(1);
        set.insert(b"1", 512);
        set.insert(b"01", 512);
        assert_eq!(set.encoding(), "hashtable");
        assert!(set.contains(b"1") && set.contains(b"01"));
        set.remove(b"01");
        assert_eq!(set.encoding(), "hashtable", "never back");

        let mut set = Set::new(1);
        for i in 0..3 {
            set.insert(i.to_string().as_bytes(), 3);
        }
        assert_eq!(set.encoding(), "intset");
        assert!(
            !set.insert(b"2", 3),
            "a member already there changes nothing"
        );
        assert_eq!(set.encoding(), "intset");
        assert!(set.insert(b"3", 3));
        assert_eq!(set.encoding(), "hashtable");
        assert_eq!(set.len(), 4);
        for m in ["-0", "1.0", " 1", "+1"] {
            let mut set = Set::new(1);
            set.insert(m.as_bytes(), 512);
            assert_eq!(set.encoding(), "hashtable", "{m}");
        }
    }

    #[test]
    fn members_come_back_as_written() {
        for n in [0, -1, i64::MIN, i64::MAX, 1234567890] {
            assert_eq!(&*Member::Int(n).bytes(), n.to_string().as_bytes());
        }
        let mut set = Set::new(1);
        let long = vec![b'x'; 100];
        set.insert(&long, 512);
        set.insert(b"a", 512);
        assert!(set.heap_bytes() >= 100);
        assert_eq!(set.remove_index(0), Some(long));
        assert_eq!(members(&set), [b"a".to_vec()]);
    }
}
