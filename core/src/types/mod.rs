//! The value types a key can hold, each with its structure in its own
//! module. The store (`crate::store`) keeps them in its databases and
//! charges their memory; commands read and change them.

mod hash;
mod list;
pub(crate) mod scan;

pub use hash::{Hash, HashLimits};
pub use list::List;

use crate::compact::Small;

/// A stored value, 40 bytes in the map slot: strings up to 38 bytes live
/// there, and so does a hash's header (its packed buffer or its boxed
/// table behind it); a list is boxed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(Small),
    List(Box<List>),
    Hash(Hash),
}

impl Value {
    /// Name reported by TYPE.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
        }
    }
}
