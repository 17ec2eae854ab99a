//! The internal encoding names OBJECT ENCODING reports, as redis-server
//! 7.0.15 would hold each value. Each type adds its arm to
//! [`Value::encoding`].

use super::Value;
use crate::config::Config;
use crate::protocol::decode::parse_int;

/// Longest string Redis 7.0 keeps in one allocation with its header
/// (`OBJ_ENCODING_EMBSTR_SIZE_LIMIT`).
pub const EMBSTR_MAX: usize = 44;

/// Integers Redis shares one object for (`OBJ_SHARED_INTEGERS`).
const SHARED_INTEGERS: i64 = 10_000;

impl Value {
    /// The encoding name for a value written the ordinary way (SET, a
    /// push): strings as SET stores them (see [`str_encoding`]); lists are
    /// always `quicklist` in Redis 7.0 (small lists became `listpack` in
    /// 7.2).
    pub fn encoding(&self, _config: &Config) -> &'static str {
        match self {
            Value::Str(bytes) => str_encoding(bytes, true),
            Value::List(_) => "quicklist",
            Value::Hash(hash) => hash.encoding(),
            Value::ZSet(zset) => zset.encoding(),
            Value::Set(set) => set.encoding(),
            Value::Stream(_) => "stream",
        }
    }
}

/// A string's encoding: `int` when `try_int` and the bytes are an integer
/// in `string2ll` form (at most 20 bytes, fits an i64), else `embstr` up to
/// [`EMBSTR_MAX`] bytes, else `raw`.
pub fn str_encoding(bytes: &[u8], try_int: bool) -> &'static str {
    if try_int && bytes.len() <= 20 && parse_int(bytes).is_some() {
        "int"
    } else if bytes.len() <= EMBSTR_MAX {
        "embstr"
    } else {
        "raw"
    }
}

/// Whether Redis would store these bytes as one of its shared integer
/// objects (0 to 9999), given that the policy allows sharing.
pub fn is_shared_integer(bytes: &[u8]) -> bool {
    bytes.len() <= 20 && parse_int(bytes).is_some_and(|n| (0..SHARED_INTEGERS).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_encodings_follow_redis_7_0() {
        for (text, want) in [
            ("1", "int"),
            ("-9223372036854775808", "int"),
            ("9223372036854775808", "embstr"),
            ("-0", "embstr"),
            ("01", "embstr"),
            ("+1", "embstr"),
            (" 1", "embstr"),
            ("1.0", "embstr"),
            ("", "embstr"),
        ] {
            assert_eq!(str_encoding(text.as_bytes(), true), want, "{text:?}");
        }
        assert_eq!(str_encoding(&[b'x'; 44], true), "embstr");
        assert_eq!(str_encoding(&[b'x'; 45], true), "raw");
        assert_eq!(str_encoding(b"5", false), "embstr");
        assert!(is_shared_integer(b"0") && is_shared_integer(b"9999"));
        assert!(!is_shared_integer(b"10000") && !is_shared_integer(b"-1"));
    }
}
