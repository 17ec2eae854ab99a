//! The integers of a small set, sorted, in the narrowest width that holds
//! them all (16, 32 or 64 bits), as Redis's intset keeps them: a set of
//! small numbers costs 2 bytes a member. A wider member widens every
//! member; nothing narrows again.

use crate::compact::alloc_size;

#[derive(Debug, Clone)]
pub(crate) enum IntSet {
    W16(Vec<i16>),
    W32(Vec<i32>),
    W64(Vec<i64>),
}

impl Default for IntSet {
    fn default() -> Self {
        IntSet::W16(Vec::new())
    }
}

impl IntSet {
    pub fn len(&self) -> usize {
        match self {
            IntSet::W16(v) => v.len(),
            IntSet::W32(v) => v.len(),
            IntSet::W64(v) => v.len(),
        }
    }

    pub fn get(&self, index: usize) -> Option<i64> {
        match self {
            IntSet::W16(v) => v.get(index).map(|&n| n.into()),
            IntSet::W32(v) => v.get(index).map(|&n| n.into()),
            IntSet::W64(v) => v.get(index).copied(),
        }
    }

    /// Where `n` is (`Ok`) or would go (`Err`), as `slice::binary_search`.
    pub fn binary_search(&self, n: i64) -> Result<usize, usize> {
        // A value too wide for the current width is below or above them all.
        let outside = |len: usize| Err(if n < 0 { 0 } else { len });
        match self {
            IntSet::W16(v) => i16::try_from(n).map_or(outside(v.len()), |n| v.binary_search(&n)),
            IntSet::W32(v) => i32::try_from(n).map_or(outside(v.len()), |n| v.binary_search(&n)),
            IntSet::W64(v) => v.binary_search(&n),
        }
    }

    /// Inserts `n` at `at` (from [`IntSet::binary_search`]), widening first
    /// if `n` needs it.
    pub fn insert(&mut self, at: usize, n: i64) {
        self.widen_for(n);
        match self {
            IntSet::W16(v) => v.insert(at, n as i16),
            IntSet::W32(v) => v.insert(at, n as i32),
            IntSet::W64(v) => v.insert(at, n),
        }
    }

    pub fn remove(&mut self, at: usize) -> i64 {
        match self {
            IntSet::W16(v) => v.remove(at).into(),
            IntSet::W32(v) => v.remove(at).into(),
            IntSet::W64(v) => v.remove(at),
        }
    }

    /// Members in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Heap bytes of the members' buffer.
    pub fn heap_bytes(&self) -> usize {
        match self {
            IntSet::W16(v) => alloc_size(v.capacity() * 2),
            IntSet::W32(v) => alloc_size(v.capacity() * 4),
            IntSet::W64(v) => alloc_size(v.capacity() * 8),
        }
    }

    fn widen_for(&mut self, n: i64) {
        let widened = match self {
            IntSet::W16(v) if i16::try_from(n).is_err() => {
                if i32::try_from(n).is_ok() {
                    IntSet::W32(v.iter().map(|&x| x.into()).collect())
                } else {
                    IntSet::W64(v.iter().map(|&x| x.into()).collect())
                }
            }
            IntSet::W32(v) if i32::try_from(n).is_err() => {
                IntSet::W64(v.iter().map(|&x| x.into()).collect())
            }
            _ => return,
        };
        *self = widened;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against a sorted vector of i64, through every width change.
    #[test]
    fn behaves_as_a_sorted_vector_through_widenings() {
        let mut set = IntSet::default();
        let mut model: Vec<i64> = Vec::new();
        let values = [
            5,
            -3,
            300,
            32_767,
            -32_768,
            40_000,
            -2_147_483_648,
            7_000_000_000,
            i64::MIN,
            i64::MAX,
            0,
        ];
        for &n in &values {
            let at = set.binary_search(n).unwrap_err();
            assert_eq!(Err(at), model.binary_search(&n), "{n}");
            set.insert(at, n);
            model.insert(at, n);
            assert_eq!(set.iter().collect::<Vec<_>>(), model);
        }
        assert!(matches!(set, IntSet::W64(_)));
        for &n in &values {
            assert_eq!(set.binary_search(n), model.binary_search(&n));
        }
        let at = set.binary_search(300).unwrap();
        assert_eq!(set.remove(at), 300);
        model.remove(at);
        assert_eq!(set.iter().collect::<Vec<_>>(), model);
    }

    #[test]
    fn small_members_take_two_bytes() {
        let mut set = IntSet::default();
        for n in 0..10 {
            set.insert(n as usize, n);
        }
        assert!(matches!(set, IntSet::W16(_)));
        assert!(set.heap_bytes() <= alloc_size(16 * 2));
        assert_eq!(set.binary_search(70_000), Err(10));
        assert_eq!(set.binary_search(-70_000), Err(0));
    }
}
