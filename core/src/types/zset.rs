//! The sorted-set type: members (binary strings) each with a score,
//! ordered by (score, member bytes) as Redis orders them.
//!
//! Two forms, as in Redis:
//! - `listpack`: a vector of (member, score) kept sorted, searched
//!   linearly by member and by binary search by order, for small sets;
//! - `skiplist`: past `zset-max-listpack-entries` members, or once a member
//!   is longer than `zset-max-listpack-value` bytes, an order-statistic
//!   treap (subtree sizes give rank and select in O(log n)) plus a
//!   member → score table. A set never goes back to the small form.
//!
//! Scores are never NaN (commands refuse them), so the order is total.
//! The heap-bytes figure the memory account reads is kept O(1).

use std::cmp::Ordering;

use indexmap::IndexMap;

use crate::compact::{alloc_size, InlineBytes, SeededHasher};

/// A member: up to 22 bytes inline.
pub type Member = InlineBytes<22>;

/// The limits that decide when the small form converts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_entries: usize,
    pub max_value: usize,
}

/// Redis's order: by score, then by member bytes.
pub fn order(a_score: f64, a_member: &[u8], b_score: f64, b_member: &[u8]) -> Ordering {
    a_score
        .partial_cmp(&b_score)
        .unwrap_or(Ordering::Equal)
        .then_with(|| a_member.cmp(b_member))
}

#[derive(Clone, Debug)]
pub struct ZSet {
    repr: Repr,
    /// Sum of `alloc_size` over the members' heap parts (each member is
    /// held once in the small form, twice in the large one).
    member_bytes: usize,
}

#[derive(Clone, Debug)]
enum Repr {
    Listpack(Vec<(Member, f64)>),
    Skiplist(Box<Sorted>),
}

#[derive(Clone, Debug)]
struct Sorted {
    tree: Treap,
    dict: IndexMap<Member, f64, SeededHasher>,
}

impl Default for ZSet {
    fn default() -> Self {
        ZSet::new()
    }
}

impl PartialEq for ZSet {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.range(0, self.len()) == other.range(0, other.len())
    }
}

impl Eq for ZSet {}

impl ZSet {
    pub fn new() -> ZSet {
        ZSet {
            repr: Repr::Listpack(Vec::new()),
            member_bytes: 0,
        }
    }

    pub fn len(&self) -> usize {
        match &self.repr {
            Repr::Listpack(v) => v.len(),
            Repr::Skiplist(s) => s.dict.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// OBJECT ENCODING's name for the current form.
    pub fn encoding(&self) -> &'static str {
        match &self.repr {
            Repr::Listpack(_) => "listpack",
            Repr::Skiplist(_) => "skiplist",
        }
    }

    /// Heap bytes besides the set's own header. O(1).
    pub fn heap_bytes(&self) -> usize {
        match &self.repr {
            Repr::Listpack(v) => {
                alloc_size(v.capacity() * std::mem::size_of::<(Member, f64)>()) + self.member_bytes
            }
            Repr::Skiplist(s) => {
                // The table: entries (hash, member, score) and an index
                // of one position and one control byte per bucket.
                let slot = std::mem::size_of::<(u64, Member, f64)>() + 9;
                alloc_size(std::mem::size_of::<Sorted>())
                    + alloc_size(s.tree.nodes.capacity() * std::mem::size_of::<Node>())
                    + s.dict.capacity() * slot
                    + self.member_bytes
            }
        }
    }

    pub fn score(&self, member: &[u8]) -> Option<f64> {
        match &self.repr {
            Repr::Listpack(v) => v.iter().find(|(m, _)| m.as_slice() == member).map(|e| e.1),
            Repr::Skiplist(s) => s.dict.get(member).copied(),
        }
    }

    /// Sets `member`'s score, adding it if new; returns the old score.
    pub fn insert(&mut self, member: &[u8], score: f64, limits: Limits) -> Option<f64> {
        // -0 is stored as 0, as Redis's replies show it.
        let score = score + 0.0;
        let old = self.remove(member);
        if let Repr::Listpack(v) = &self.repr {
            if v.len() + 1 > limits.max_entries || member.len() > limits.max_value {
                self.convert();
            }
        }
        let m = Member::new(member);
        let heap = member_heap(member.len());
        match &mut self.repr {
            Repr::Listpack(v) => {
                let at = v.partition_point(|(x, s)| order(*s, x, score, member) == Ordering::Less);
                v.insert(at, (m, score));
                self.member_bytes += heap;
            }
            Repr::Skiplist(s) => {
                s.tree.insert(m.clone(), score);
                s.dict.insert(m, score);
                self.member_bytes += 2 * heap;
            }
        }
        old
    }

    /// Drops up to `n` members; returns how many. For lazy free only
    /// (`crate::types::Value::free_some`): the large form drops dictionary
    /// entries and tree nodes from their ends without relinking, so what
    /// remains is fit only for more `free_some` calls and dropping.
    pub fn free_some(&mut self, n: usize) -> usize {
        match &mut self.repr {
            Repr::Listpack(v) => {
                let keep = v.len().saturating_sub(n);
                let dropped = v.len() - keep;
                for (member, _) in v.drain(keep..) {
                    self.member_bytes -= alloc_size(member.heap_len());
                }
                dropped
            }
            Repr::Skiplist(s) => {
                let keep = s.dict.len().saturating_sub(n);
                let dropped = s.dict.len() - keep;
                s.dict.truncate(keep);
                s.tree
                    .nodes
                    .truncate(s.tree.nodes.len().saturating_sub(dropped));
                s.tree.free.clear();
                s.tree.root = NIL;
                dropped
            }
        }
    }

    /// Removes `member`; returns its score.
    pub fn remove(&mut self, member: &[u8]) -> Option<f64> {
        let heap = member_heap(member.len());
        match &mut self.repr {
            Repr::Listpack(v) => {
                let at = v.iter().position(|(m, _)| m.as_slice() == member)?;
                let (_, score) = v.remove(at);
                self.member_bytes -= heap;
                Some(score)
            }
            Repr::Skiplist(s) => {
                let score = s.dict.swap_remove(member)?;
                s.tree.remove(score, member);
                self.member_bytes -= 2 * heap;
                Some(score)
            }
        }
    }

    /// Converts a small set to the large form (no-op when already large):
    /// SORT does this to the set it sorts, as Redis's does, which OBJECT
    /// ENCODING shows afterwards.
    pub fn convert_to_skiplist(&mut self) {
        self.convert();
    }

    fn convert(&mut self) {
        let Repr::Listpack(v) = &mut self.repr else {
            return;
        };
        let items = std::mem::take(v);
        let mut sorted = Box::new(Sorted {
            tree: Treap::new(),
            dict: IndexMap::with_capacity_and_hasher(items.len(), SeededHasher(0x5EED)),
        });
        for (m, score) in items {
            sorted.tree.insert(m.clone(), score);
            sorted.dict.insert(m, score);
        }
        self.member_bytes *= 2;
        self.repr = Repr::Skiplist(sorted);
    }

    /// 0-based rank of `member` in ascending order.
    pub fn rank(&self, member: &[u8]) -> Option<usize> {
        match &self.repr {
            Repr::Listpack(v) => v.iter().position(|(m, _)| m.as_slice() == member),
            Repr::Skiplist(s) => {
                let score = *s.dict.get(member)?;
                Some(
                    s.tree
                        .count_while(|m, x| order(x, m, score, member) == Ordering::Less),
                )
            }
        }
    }

    /// How many elements, from the lowest, satisfy `pred` (which must hold
    /// for a prefix of the order: a lower bound of a range).
    pub fn count_while(&self, pred: impl Fn(&[u8], f64) -> bool) -> usize {
        match &self.repr {
            Repr::Listpack(v) => v.partition_point(|(m, s)| pred(m, *s)),
            Repr::Skiplist(s) => s.tree.count_while(pred),
        }
    }

    /// The element at ascending rank `rank`.
    pub fn get(&self, rank: usize) -> Option<(&[u8], f64)> {
        match &self.repr {
            Repr::Listpack(v) => v.get(rank).map(|(m, s)| (m.as_slice(), *s)),
            Repr::Skiplist(s) => s.tree.select(rank),
        }
    }

    /// Elements of ascending ranks `start..end`, in ascending order.
    pub fn range(&self, start: usize, end: usize) -> Vec<(&[u8], f64)> {
        let end = end.min(self.len());
        if start >= end {
            return Vec::new();
        }
        match &self.repr {
            Repr::Listpack(v) => v[start..end]
                .iter()
                .map(|(m, s)| (m.as_slice(), *s))
                .collect(),
            Repr::Skiplist(s) => {
                let mut out = Vec::with_capacity(end - start);
                s.tree.collect(s.tree.root, 0, start, end, &mut out);
                out
            }
        }
    }

    /// Removes the elements of ascending ranks `start..end`; returns them.
    pub fn remove_range(&mut self, start: usize, end: usize) -> Vec<(Member, f64)> {
        let end = end.min(self.len());
        if start >= end {
            return Vec::new();
        }
        let removed: Vec<(Member, f64)> = match &mut self.repr {
            Repr::Listpack(v) => v.drain(start..end).collect(),
            Repr::Skiplist(s) => {
                let removed = s.tree.remove_ranks(start, end);
                for (m, _) in &removed {
                    s.dict.swap_remove(m.as_slice());
                }
                removed
            }
        };
        let per = match self.repr {
            Repr::Listpack(_) => 1,
            Repr::Skiplist(_) => 2,
        };
        for (m, _) in &removed {
            self.member_bytes -= per * alloc_size(m.heap_len());
        }
        removed
    }

    /// The element at position `index` of the form's own storage (any
    /// order; for random draws): `index < len()`.
    pub fn at_position(&self, index: usize) -> Option<(&[u8], f64)> {
        match &self.repr {
            Repr::Listpack(v) => v.get(index).map(|(m, s)| (m.as_slice(), *s)),
            Repr::Skiplist(s) => s.dict.get_index(index).map(|(m, s)| (m.as_slice(), *s)),
        }
    }

    /// Whether the set is in the small form (ZSCAN returns it whole).
    pub fn is_compact(&self) -> bool {
        matches!(self.repr, Repr::Listpack(_))
    }

    /// Every element in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], f64)> {
        self.range(0, self.len()).into_iter()
    }
}

/// `alloc_size` of a member's heap part (0 when it is inline).
fn member_heap(len: usize) -> usize {
    if len > 22 {
        alloc_size(len)
    } else {
        0
    }
}

const NIL: u32 = u32::MAX;

#[derive(Clone, Debug)]
struct Node {
    member: Member,
    score: f64,
    priority: u32,
    left: u32,
    right: u32,
    size: u32,
}

/// An order-statistic treap in an arena: each node's `size` counts its
/// subtree, so rank and select walk one path. Expected depth O(log n).
#[derive(Clone, Debug)]
struct Treap {
    nodes: Vec<Node>,
    free: Vec<u32>,
    root: u32,
    /// Priorities come from a fixed-seed generator: the shape replays.
    rng: u64,
}

impl Treap {
    fn new() -> Treap {
        Treap {
            nodes: Vec::new(),
            free: Vec::new(),
            root: NIL,
            rng: 0x9E37_79B9_7F4A_7C15,
        }
    }

    fn size(&self, t: u32) -> usize {
        if t == NIL {
            0
        } else {
            self.nodes[t as usize].size as usize
        }
    }

    fn fix(&mut self, t: u32) {
        let n = &self.nodes[t as usize];
        let size = 1 + self.size(n.left) + self.size(n.right);
        self.nodes[t as usize].size = size as u32;
    }

    /// Splits `t` into (elements where `left_of` holds, the rest); `left_of`
    /// must hold for a prefix of the order.
    /// Generic over the predicate so each caller's comparison is inlined
    /// into the descent (it runs once per level).
    fn split<F: Fn(&Node, usize) -> bool>(
        &mut self,
        t: u32,
        left_of: &F,
        before: usize,
    ) -> (u32, u32) {
        if t == NIL {
            return (NIL, NIL);
        }
        let left = self.nodes[t as usize].left;
        let rank = before + self.size(left);
        if left_of(&self.nodes[t as usize], rank) {
            let right = self.nodes[t as usize].right;
            let (a, b) = self.split(right, left_of, rank + 1);
            self.nodes[t as usize].right = a;
            self.fix(t);
            (t, b)
        } else {
            let (a, b) = self.split(left, left_of, before);
            self.nodes[t as usize].left = b;
            self.fix(t);
            (a, t)
        }
    }

    fn merge(&mut self, a: u32, b: u32) -> u32 {
        if a == NIL {
            return b;
        }
        if b == NIL {
            return a;
        }
        if self.nodes[a as usize].priority >= self.nodes[b as usize].priority {
            let right = self.nodes[a as usize].right;
            let merged = self.merge(right, b);
            self.nodes[a as usize].right = merged;
            self.fix(a);
            a
        } else {
            let left = self.nodes[b as usize].left;
            let merged = self.merge(a, left);
            self.nodes[b as usize].left = merged;
            self.fix(b);
            b
        }
    }

    fn insert(&mut self, member: Member, score: f64) {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let node = Node {
            member,
            score,
            priority: (self.rng >> 32) as u32,
            left: NIL,
            right: NIL,
            size: 1,
        };
        let index = match self.free.pop() {
            Some(i) => {
                self.nodes[i as usize] = node;
                i
            }
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as u32
            }
        };
        self.root = self.insert_at(self.root, index);
    }

    /// Inserts node `x` into subtree `t` by one descent in order, then
    /// rotates it up while its priority beats its parent's (expected O(1)
    /// rotations); returns the subtree's new root.
    fn insert_at(&mut self, t: u32, x: u32) -> u32 {
        if t == NIL {
            return x;
        }
        let (node, at) = (&self.nodes[x as usize], &self.nodes[t as usize]);
        let root = if order(node.score, &node.member, at.score, &at.member) == Ordering::Less {
            let left = self.insert_at(self.nodes[t as usize].left, x);
            self.nodes[t as usize].left = left;
            if self.nodes[left as usize].priority > self.nodes[t as usize].priority {
                self.rotate_right(t)
            } else {
                t
            }
        } else {
            let right = self.insert_at(self.nodes[t as usize].right, x);
            self.nodes[t as usize].right = right;
            if self.nodes[right as usize].priority > self.nodes[t as usize].priority {
                self.rotate_left(t)
            } else {
                t
            }
        };
        self.fix(t);
        self.fix(root);
        root
    }

    /// `t`'s left child becomes the subtree's root.
    fn rotate_right(&mut self, t: u32) -> u32 {
        let l = self.nodes[t as usize].left;
        self.nodes[t as usize].left = self.nodes[l as usize].right;
        self.nodes[l as usize].right = t;
        self.fix(t);
        self.fix(l);
        l
    }

    /// `t`'s right child becomes the subtree's root.
    fn rotate_left(&mut self, t: u32) -> u32 {
        let r = self.nodes[t as usize].right;
        self.nodes[t as usize].right = self.nodes[r as usize].left;
        self.nodes[r as usize].left = t;
        self.fix(t);
        self.fix(r);
        r
    }
    fn remove(&mut self, score: f64, member: &[u8]) {
        self.root = self.remove_at(self.root, score, member);
    }

    /// Removes the element (score, member) from subtree `t` by one descent;
    /// the found node's children are merged in its place. Returns the
    /// subtree's new root.
    fn remove_at(&mut self, t: u32, score: f64, member: &[u8]) -> u32 {
        if t == NIL {
            return NIL;
        }
        let at = &self.nodes[t as usize];
        match order(score, member, at.score, &at.member) {
            Ordering::Less => {
                let left = self.remove_at(at.left, score, member);
                self.nodes[t as usize].left = left;
            }
            Ordering::Greater => {
                let right = self.remove_at(at.right, score, member);
                self.nodes[t as usize].right = right;
            }
            Ordering::Equal => {
                let (left, right) = (at.left, at.right);
                let n = &mut self.nodes[t as usize];
                n.left = NIL;
                n.right = NIL;
                self.release(t);
                return self.merge(left, right);
            }
        }
        self.fix(t);
        t
    }

    /// Puts a detached subtree's slots on the free list.
    fn release(&mut self, t: u32) {
        let mut stack = vec![t];
        while let Some(t) = stack.pop() {
            let n = &mut self.nodes[t as usize];
            for c in [n.left, n.right] {
                if c != NIL {
                    stack.push(c);
                }
            }
            // Drop a long member's heap part now.
            n.member = Member::new(b"");
            self.free.push(t);
        }
        if self.free.len() == self.nodes.len() {
            self.nodes.clear();
            self.free.clear();
        }
    }

    fn remove_ranks(&mut self, start: usize, end: usize) -> Vec<(Member, f64)> {
        if end == start + 1 && start < self.size(self.root) {
            // One element (ZPOPMIN, ZPOPMAX): one descent, no split.
            let (root, x) = self.remove_rank_at(self.root, start);
            self.root = root;
            let n = &mut self.nodes[x as usize];
            let out = vec![(n.member.clone(), n.score)];
            n.left = NIL;
            n.right = NIL;
            self.release(x);
            return out;
        }
        let (l, r) = self.split(self.root, &|_, rank| rank < start, 0);
        let (m, r) = self.split(r, &|_, rank| rank < end - start, 0);
        let mut out = Vec::with_capacity(end - start);
        self.collect_owned(m, &mut out);
        self.release(m);
        self.root = self.merge(l, r);
        out
    }

    /// Unlinks the node at `rank` (which exists) from subtree `t`: returns
    /// the subtree's new root and the unlinked node.
    fn remove_rank_at(&mut self, t: u32, rank: usize) -> (u32, u32) {
        let (left, right) = (self.nodes[t as usize].left, self.nodes[t as usize].right);
        let left_size = self.size(left);
        if rank < left_size {
            let (l, x) = self.remove_rank_at(left, rank);
            self.nodes[t as usize].left = l;
            self.fix(t);
            (t, x)
        } else if rank == left_size {
            (self.merge(left, right), t)
        } else {
            let (r, x) = self.remove_rank_at(right, rank - left_size - 1);
            self.nodes[t as usize].right = r;
            self.fix(t);
            (t, x)
        }
    }

    fn collect_owned(&self, t: u32, out: &mut Vec<(Member, f64)>) {
        if t == NIL {
            return;
        }
        let n = &self.nodes[t as usize];
        self.collect_owned(n.left, out);
        out.push((n.member.clone(), n.score));
        self.collect_owned(n.right, out);
    }

    fn count_while(&self, pred: impl Fn(&[u8], f64) -> bool) -> usize {
        let mut count = 0;
        let mut t = self.root;
        while t != NIL {
            let n = &self.nodes[t as usize];
            if pred(&n.member, n.score) {
                count += self.size(n.left) + 1;
                t = n.right;
            } else {
                t = n.left;
            }
        }
        count
    }

    fn select(&self, mut rank: usize) -> Option<(&[u8], f64)> {
        let mut t = self.root;
        while t != NIL {
            let n = &self.nodes[t as usize];
            let left = self.size(n.left);
            match rank.cmp(&left) {
                Ordering::Less => t = n.left,
                Ordering::Equal => return Some((n.member.as_slice(), n.score)),
                Ordering::Greater => {
                    rank -= left + 1;
                    t = n.right;
                }
            }
        }
        None
    }

    /// Appends the elements of ranks `start..end` within subtree `t`, whose
    /// first element has rank `before`.
    fn collect<'a>(
        &'a self,
        t: u32,
        before: usize,
        start: usize,
        end: usize,
        out: &mut Vec<(&'a [u8], f64)>,
    ) {
        if t == NIL || before >= end || before + self.size(t) <= start {
            return;
        }
        let n = &self.nodes[t as usize];
        let rank = before + self.size(n.left);
        self.collect(n.left, before, start, end, out);
        if (start..end).contains(&rank) {
            out.push((n.member.as_slice(), n.score));
        }
        self.collect(n.right, rank + 1, start, end, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SMALL: Limits = Limits {
        max_entries: 4,
        max_value: 8,
    };

    fn model_sorted(model: &std::collections::BTreeMap<Vec<u8>, f64>) -> Vec<(Vec<u8>, f64)> {
        let mut v: Vec<(Vec<u8>, f64)> = model.iter().map(|(m, s)| (m.clone(), *s)).collect();
        v.sort_by(|a, b| order(a.1, &a.0, b.1, &b.0));
        v
    }

    #[derive(Debug, Clone)]
    enum Op {
        Insert(u8, i8),
        Remove(u8),
        RemoveRange(u8, u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (any::<u8>(), any::<i8>()).prop_map(|(m, s)| Op::Insert(m % 40, s % 5)),
            2 => any::<u8>().prop_map(|m| Op::Remove(m % 40)),
            1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::RemoveRange(a % 30, b % 30)),
        ]
    }

    fn member(m: u8) -> Vec<u8> {
        // Some long members, to cross the value limit and the inline size.
        if m.is_multiple_of(13) {
            format!("long-member-{m:0>30}").into_bytes()
        } else {
            format!("m{m}").into_bytes()
        }
    }

    proptest! {
        #[test]
        fn agrees_with_a_naive_model(ops in proptest::collection::vec(op(), 1..200)) {
            let mut z = ZSet::new();
            let mut model = std::collections::BTreeMap::new();
            for op in ops {
                match op {
                    Op::Insert(m, s) => {
                        let m = member(m);
                        let old = z.insert(&m, s as f64 * 0.5, SMALL);
                        prop_assert_eq!(old, model.insert(m, s as f64 * 0.5));
                    }
                    Op::Remove(m) => {
                        let m = member(m);
                        prop_assert_eq!(z.remove(&m), model.remove(&m));
                    }
                    Op::RemoveRange(a, b) => {
                        let (a, b) = (a as usize, b as usize);
                        let sorted = model_sorted(&model);
                        let removed = z.remove_range(a, b);
                        let want: Vec<(Vec<u8>, f64)> = if a < b.min(sorted.len()) { sorted[a..b.min(sorted.len())].to_vec() } else { Vec::new() };
                        let got: Vec<(Vec<u8>, f64)> = removed.iter().map(|(m, s)| (m.to_vec(), *s)).collect();
                        prop_assert_eq!(&got, &want);
                        for (m, _) in want {
                            model.remove(&m);
                        }
                    }
                }
                let sorted = model_sorted(&model);
                prop_assert_eq!(z.len(), sorted.len());
                let got: Vec<(Vec<u8>, f64)> = z.range(0, z.len()).iter().map(|(m, s)| (m.to_vec(), *s)).collect();
                prop_assert_eq!(&got, &sorted);
                for (rank, (m, s)) in sorted.iter().enumerate() {
                    prop_assert_eq!(z.rank(m), Some(rank));
                    prop_assert_eq!(z.score(m), Some(*s));
                    prop_assert_eq!(z.get(rank), Some((m.as_slice(), *s)));
                    prop_assert_eq!(z.at_position(rank).is_some(), true);
                }
                let below = z.count_while(|_, s| s < 0.0);
                prop_assert_eq!(below, sorted.iter().filter(|e| e.1 < 0.0).count());
                if sorted.len() >= 2 {
                    let mid: Vec<(Vec<u8>, f64)> = z.range(1, sorted.len() - 1).iter().map(|(m, s)| (m.to_vec(), *s)).collect();
                    prop_assert_eq!(&mid[..], &sorted[1..sorted.len() - 1]);
                }
            }
        }
    }

    #[test]
    fn converts_past_the_limits_and_never_back() {
        let mut z = ZSet::new();
        for i in 0..4 {
            z.insert(format!("{i}").as_bytes(), i as f64, SMALL);
        }
        assert_eq!(z.encoding(), "listpack");
        z.insert(b"5", 5.0, SMALL);
        assert_eq!(z.encoding(), "skiplist");
        z.remove_range(0, 5);
        assert!(z.is_empty());
        assert_eq!(z.encoding(), "skiplist");
        let mut z = ZSet::new();
        z.insert(b"123456789", 1.0, SMALL);
        assert_eq!(z.encoding(), "skiplist");
    }

    #[test]
    fn negative_zero_is_zero() {
        let mut z = ZSet::new();
        z.insert(b"a", -0.0, SMALL);
        assert!(z.score(b"a").unwrap().is_sign_positive());
    }
}
