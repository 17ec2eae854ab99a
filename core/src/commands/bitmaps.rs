//! Strings as bitmaps: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP. Bit 0 is
//! the most significant bit of the first byte.

use super::args::{integer, token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::compact::Small;
use crate::protocol::decode::parse_int;
use crate::store::{notify, StrForm};
use crate::types::Value;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("setbit", 4, WRITE | DENYOOM, setbit)
        .keys(1, 1, 1)
        .acl(&["@write", "@bitmap", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc(
            "Sets or clears the bit at offset in the string value stored at key",
            "2.2.0",
            "bitmap",
            "O(1)",
        )
        .args(&[
            arg("key", "key").key_spec(0),
            arg("offset", "integer"),
            arg("value", "integer"),
        ]),
    Command::new("getbit", 3, READONLY | FAST, getbit)
        .keys(1, 1, 1)
        .acl(&["@read", "@bitmap", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc(
            "Returns the bit value at offset in the string value stored at key",
            "2.2.0",
            "bitmap",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0), arg("offset", "integer")]),
    Command::new("bitcount", -2, READONLY, bitcount)
        .keys(1, 1, 1)
        .acl(&["@read", "@bitmap", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Count set bits in a string", "2.6.0", "bitmap", "O(N)")
        .history(&[("7.0.0", "Added the `BYTE|BIT` option.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("index", "block").optional().args(&[
                arg("start", "integer"),
                arg("end", "integer"),
                arg("index_unit", "oneof").since("7.0.0").optional().args(&[
                    arg("byte", "pure-token").token("BYTE"),
                    arg("bit", "pure-token").token("BIT"),
                ]),
            ]),
        ]),
    Command::new("bitpos", -3, READONLY, bitpos)
        .keys(1, 1, 1)
        .acl(&["@read", "@bitmap", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc(
            "Find first bit set or clear in a string",
            "2.8.7",
            "bitmap",
            "O(N)",
        )
        .history(&[("7.0.0", "Added the `BYTE|BIT` option.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("bit", "integer"),
            arg("index", "block").optional().args(&[
                arg("start", "integer"),
                arg("end_index", "block").optional().args(&[
                    arg("end", "integer"),
                    arg("index_unit", "oneof").since("7.0.0").optional().args(&[
                        arg("byte", "pure-token").token("BYTE"),
                        arg("bit", "pure-token").token("BIT"),
                    ]),
                ]),
            ]),
        ]),
    Command::new("bitop", -4, WRITE | DENYOOM, bitop)
        .keys(2, -1, 1)
        .acl(&["@write", "@bitmap", "@slow"])
        .key_specs(&[
            KeySpec::new(&["OW", "update"], 2, (0, 1, 0)),
            KeySpec::new(&["RO", "access"], 3, (-1, 1, 0)),
        ])
        .doc(
            "Perform bitwise operations between strings",
            "2.6.0",
            "bitmap",
            "O(N)",
        )
        .args(&[
            arg("operation", "string"),
            arg("destkey", "key").key_spec(0),
            arg("key", "key").key_spec(1).multiple(),
        ]),
];

/// A bit offset as Redis's `getBitOffsetFromArgument` reads it: an
/// integer, or for BITFIELD (`bits` given) `#n` meaning `n * bits`; never
/// negative, and its byte within `proto-max-bulk-len`.
pub(super) fn bit_offset(ctx: &Ctx, arg: &[u8], bits: Option<u32>) -> Result<u64, CommandError> {
    let offset = match (arg.strip_prefix(b"#"), bits) {
        (Some(index), Some(bits)) => parse_int(index).map(|n| n.wrapping_mul(i64::from(bits))),
        _ => parse_int(arg),
    };
    match offset {
        Some(offset)
            if offset >= 0 && (offset as u64 >> 3) < ctx.store.config.proto_max_bulk_len =>
        {
            Ok(offset as u64)
        }
        _ => Err(errors::BIT_OFFSET),
    }
}

/// Runs `edit` on the string at `key` grown (with zero bytes) to at least
/// `len` bytes, creating it when missing, as Redis's
/// `lookupStringForBitCommand` does before a bit write. WRONGTYPE for
/// other types. Also returns whether the string was created or grown
/// (Redis's `dirty`: such a write notifies even when no bit changed).
pub(super) fn edit_bits<R>(
    ctx: &mut Ctx,
    key: &[u8],
    len: usize,
    edit: impl FnOnce(&mut [u8]) -> R,
) -> Result<(R, bool), CommandError> {
    let now = ctx.now();
    let db = ctx.db();
    let Some(found) = db.lookup_mut(key, now) else {
        let mut bytes = Vec::new();
        bytes
            .try_reserve_exact(len)
            .map_err(|_| errors::STRING_TOO_LONG)?;
        bytes.resize(len, 0);
        let result = edit(&mut bytes);
        db.insert(key, Value::Str(Small::new(&bytes)), None, now);
        // Bit edits work on raw strings, as Redis's do.
        db.mark_str_form(key, StrForm::Raw);
        return Ok((result, true));
    };
    let Value::Str(current) = &mut found.entry.value else {
        return Err(errors::WRONGTYPE);
    };
    let grown = len > current.len();
    let result = current.edit(|bytes| {
        if len > bytes.len() {
            bytes.reserve_exact(len - bytes.len());
            bytes.resize(len, 0);
        }
        edit(bytes)
    });
    found.entry.set_str_form(StrForm::Raw);
    Ok((result, grown))
}

/// The string at `key` for a read (`None` when missing), counting a
/// keyspace hit or miss; WRONGTYPE for other types.
pub(super) fn read_string(ctx: &mut Ctx, key: &[u8]) -> Result<Option<Small>, CommandError> {
    let now = ctx.now();
    let found = ctx.db().lookup(key, now).map(|e| match &e.value {
        Value::Str(v) => Ok(v.clone()),
        _ => Err(errors::WRONGTYPE),
    });
    ctx.count_read(key, found.is_some());
    found.transpose()
}

fn bit_at(bytes: &[u8], offset: u64) -> u8 {
    let byte = usize::try_from(offset >> 3).ok().and_then(|i| bytes.get(i));
    byte.map_or(0, |b| (b >> (7 - (offset & 7))) & 1)
}

/// SETBIT key offset value: the bit's previous value.
fn setbit(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, offset, value) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let offset = bit_offset(ctx, offset, None)?;
    let on = match integer(value) {
        Ok(0) => false,
        Ok(1) => true,
        _ => return Err(errors::BIT_VALUE),
    };
    let byte = (offset >> 3) as usize;
    let mask = 1u8 << (7 - (offset & 7));
    let (old, dirty) = edit_bits(ctx, key, byte + 1, |bytes| {
        let old = bytes[byte] & mask != 0;
        if on {
            bytes[byte] |= mask;
        } else {
            bytes[byte] &= !mask;
        }
        old
    })?;
    if dirty || old != on {
        ctx.notify(notify::STRING, "setbit", key);
    } else {
        ctx.unchanged();
    }
    ctx.reply().integer(i64::from(old));
    Ok(())
}

/// GETBIT key offset: 0 past the end or for a missing key.
fn getbit(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, offset) = (args.next_key()?, args.next_arg()?);
    let offset = bit_offset(ctx, offset, None)?;
    let bit = read_string(ctx, key)?.map_or(0, |v| bit_at(&v, offset));
    ctx.reply().integer(i64::from(bit));
    Ok(())
}

/// A BYTE or BIT range's unit word.
fn unit_is_bit(arg: &[u8]) -> Result<bool, CommandError> {
    match token(arg, &["byte", "bit"]) {
        Some(unit) => Ok(unit == 1),
        None => Err(errors::SYNTAX),
    }
}

/// Clamps `start..=end` (negative from the end) to `len` units, as both
/// BITCOUNT and BITPOS do; `None` when empty.
fn clamp(len: i64, start: i64, end: i64) -> Option<(u64, u64)> {
    let start = if start < 0 {
        len.saturating_add(start)
    } else {
        start
    }
    .max(0);
    let end = if end < 0 {
        len.saturating_add(end)
    } else {
        end
    }
    .max(0);
    let end = end.min(len - 1);
    (start <= end).then_some((start as u64, end as u64))
}

/// BITCOUNT key [start end [BYTE|BIT]]
fn bitcount(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    // Redis looks the key up before reading the range.
    let Some(value) = read_string(ctx, key)? else {
        ctx.reply().integer(0);
        return Ok(());
    };
    let bits = match args.remaining() {
        0 => clamp(value.len() as i64, 0, -1).map(|(s, e)| (s * 8, e * 8 + 7)),
        2 | 3 => {
            let (start, end) = (args.next_int()?, args.next_int()?);
            let bit = match args.next() {
                Some(unit) => unit_is_bit(unit)?,
                None => false,
            };
            if start < 0 && end < 0 && start > end {
                None
            } else if bit {
                clamp(value.len() as i64 * 8, start, end)
            } else {
                clamp(value.len() as i64, start, end).map(|(s, e)| (s * 8, e * 8 + 7))
            }
        }
        _ => return Err(errors::SYNTAX),
    };
    let count = bits.map_or(0, |(first, last)| count_bits(&value, first, last));
    ctx.reply().integer(count as i64);
    Ok(())
}

/// Set bits in the inclusive bit range (within the string).
fn count_bits(bytes: &[u8], first: u64, last: u64) -> u64 {
    let (first_byte, last_byte) = ((first >> 3) as usize, (last >> 3) as usize);
    let mut count: u64 = bytes[first_byte..=last_byte]
        .iter()
        .map(|b| u64::from(b.count_ones()))
        .sum();
    // Take back the bits of the edge bytes outside the range.
    let before = !(0xffu8 >> (first & 7));
    count -= u64::from((bytes[first_byte] & before).count_ones());
    let after = (0xffu16 >> ((last & 7) + 1)) as u8;
    count -= u64::from((bytes[last_byte] & after).count_ones());
    count
}

/// BITPOS key bit [start [end [BYTE|BIT]]]
fn bitpos(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let want = match integer(args.next_arg()?)? {
        0 => false,
        1 => true,
        _ => return Err(errors::BIT_ARGUMENT),
    };
    // A missing key is an endless run of zeros.
    let Some(value) = read_string(ctx, key)? else {
        ctx.reply().integer(if want { -1 } else { 0 });
        return Ok(());
    };
    let len = value.len() as i64;
    let (range, end_given) = match args.remaining() {
        0 => (clamp(len, 0, -1).map(|(s, e)| (s * 8, e * 8 + 7)), false),
        1..=3 => {
            let start = args.next_int()?;
            let unit = args.clone().nth(1);
            let bit = match unit {
                Some(unit) => unit_is_bit(unit)?,
                None => false,
            };
            let end = match args.next() {
                Some(end) => Some(integer(end)?),
                None => None,
            };
            let range = if bit {
                clamp(len * 8, start, end.unwrap_or(-1))
            } else {
                clamp(len, start, end.unwrap_or(-1)).map(|(s, e)| (s * 8, e * 8 + 7))
            };
            (range, end.is_some())
        }
        _ => return Err(errors::SYNTAX),
    };
    let position = match range {
        None => -1,
        Some((first, last)) => match find_bit(&value, first, last, want) {
            Some(at) => at as i64,
            // Looking for a clear bit past a range that runs to the end
            // of the string finds the first padding zero after it.
            None if !want && !end_given => last as i64 + 1,
            None => -1,
        },
    };
    ctx.reply().integer(position);
    Ok(())
}

/// The first bit equal to `want` in the inclusive bit range.
fn find_bit(bytes: &[u8], first: u64, last: u64, want: bool) -> Option<u64> {
    let skip = if want { 0x00 } else { 0xff };
    let mut at = first;
    while at <= last {
        let byte = bytes[(at >> 3) as usize];
        if at & 7 == 0 && last - at >= 7 && byte == skip {
            at += 8;
            continue;
        }
        if (byte >> (7 - (at & 7)) & 1 == 1) == want {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// BITOP AND|OR|XOR|NOT destkey key [key ...]: the result's length (the
/// longest source's, shorter ones padded with zeros); an empty result
/// deletes the destination.
fn bitop(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (op, dest) = (args.next_arg()?, args.next_key()?);
    let op = token(op, &["and", "or", "xor", "not"]).ok_or(errors::SYNTAX)?;
    let sources = args.rest();
    if op == 3 && sources.len() != 1 {
        return Err(errors::BITOP_NOT_ONE_KEY);
    }
    let mut values = Vec::with_capacity(sources.len());
    for key in sources {
        values.push(read_string(ctx, key)?);
    }
    let len = values.iter().flatten().map(|v| v.len()).max().unwrap_or(0);
    let now = ctx.now();
    if len == 0 {
        if ctx.db().remove(dest).is_some() {
            ctx.notify(notify::GENERIC, "del", dest);
        } else {
            ctx.unchanged();
        }
        ctx.reply().integer(0);
        return Ok(());
    }
    let byte =
        |v: &Option<Small>, i: usize| v.as_ref().and_then(|v| v.get(i).copied()).unwrap_or(0);
    let mut result = Vec::new();
    result
        .try_reserve_exact(len)
        .map_err(|_| errors::STRING_TOO_LONG)?;
    for i in 0..len {
        let mut bytes = values.iter().map(|v| byte(v, i));
        let first = bytes.next().unwrap_or(0);
        result.push(match op {
            0 => bytes.fold(first, |acc, b| acc & b),
            1 => bytes.fold(first, |acc, b| acc | b),
            2 => bytes.fold(first, |acc, b| acc ^ b),
            _ => !first,
        });
    }
    ctx.db()
        .insert(dest, Value::Str(Small::new(&result)), None, now);
    ctx.notify(notify::STRING, "set", dest);
    ctx.reply().integer(len as i64);
    Ok(())
}
