//! The value types a key can hold, each with its structure in its own
//! module. The store (`crate::store`) keeps them in its databases and
//! charges their memory; commands read and change them.

mod encoding;
mod free;
pub mod geo;
mod hash;
mod intset;
mod list;
pub(crate) mod scan;
mod set;
mod stream;
mod stream_groups;
mod zset;

pub use encoding::{is_shared_integer, str_encoding};
pub use hash::{Hash, HashLimits};
pub use list::List;
pub use set::{Member, Set};
pub use stream::{Fields, NodeLimits, NodeView, Stream, StreamId, Trim};
pub use stream_groups::{Consumer, Group, Nack, INVALID_ENTRIES_READ};
pub use zset::{order, Limits as ZSetLimits, ZSet};

use crate::compact::Small;

/// A stored value, 40 bytes in the map slot: strings up to 38 bytes live
/// there, and so does a hash's header (its packed buffer or its boxed
/// table behind it); lists and sorted sets are boxed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(Small),
    List(Box<List>),
    Hash(Hash),
    ZSet(Box<ZSet>),
    Set(Box<Set>),
    Stream(Box<Stream>),
}

impl Value {
    /// Name reported by TYPE.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
            Value::ZSet(_) => "zset",
            Value::Set(_) => "set",
            Value::Stream(_) => "stream",
        }
    }
}
