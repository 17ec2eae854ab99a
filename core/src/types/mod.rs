//! The value types a key can hold, each with its structure in its own
//! module. The store (`crate::store`) keeps them in its databases and
//! charges their memory; commands read and change them.

mod encoding;
mod free;
mod list;
pub(crate) mod scan;
mod zset;

pub use encoding::{is_shared_integer, str_encoding};
pub use list::List;
pub use zset::{order, Limits as ZSetLimits, ZSet};

use crate::compact::Small;

/// A stored value. Strings up to 38 bytes live inside the map slot; a list
/// is boxed so the common small string keeps the slot small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(Small),
    List(Box<List>),
    ZSet(Box<ZSet>),
}

impl Value {
    /// Name reported by TYPE.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::ZSet(_) => "zset",
        }
    }
}
