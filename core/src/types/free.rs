//! Taking a value apart a slice at a time, for lazy free (UNLINK, FLUSHALL
//! ASYNC): the store hands a large detached value to its lazy-free queue
//! and the timer frees a bounded number of elements per call, so freeing a
//! huge collection never stalls the server.
//!
//! Each type adds an arm to both methods: [`Value::free_effort`] (how many
//! elements freeing the value costs, the number compared with the
//! threshold) and [`Value::free_some`] (drop up to `budget` of them with a
//! small per-type method, such as [`super::List::free_some`]; hashes and
//! sets truncate their tables from the end, their compact forms are one
//! buffer each).

use super::Value;

impl Value {
    /// Elements freeing this value costs: 1 for a string, the number of
    /// elements for a collection (what Redis compares with
    /// `LAZYFREE_THRESHOLD`; for a Redis list it counts quicklist nodes).
    pub fn free_effort(&self) -> usize {
        match self {
            Value::Str(_) => 1,
            Value::List(list) => list.len(),
            Value::ZSet(zset) => zset.len(),
            Value::Hash(hash) => hash.len(),
            Value::Set(set) => set.len(),
            Value::Stream(stream) => stream.free_effort(),
        }
    }

    /// Drops up to `budget` elements of a value that left the keyspace;
    /// returns how many. 0 means nothing is left to take apart: dropping
    /// what remains costs O(1) (a string, an emptied collection's shell).
    /// What remains may be fit only for more calls and dropping.
    pub fn free_some(&mut self, budget: usize) -> usize {
        match self {
            Value::Str(_) => 0,
            Value::List(list) => list.free_some(budget),
            Value::ZSet(zset) => zset.free_some(budget),
            Value::Hash(hash) => hash.free_some(budget),
            Value::Set(set) => set.free_some(budget),
            Value::Stream(stream) => stream.free_some(budget),
        }
    }
}
