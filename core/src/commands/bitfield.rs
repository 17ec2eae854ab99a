//! BITFIELD and BITFIELD_RO: integer fields of 1 to 64 bits at any bit
//! offset of a string.

use super::args::{token, Args};
use super::bitmaps::{bit_offset, edit_bits, read_string};
use super::errors::{self, c_str, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::protocol::decode::parse_int;
use crate::store::notify;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("bitfield", -2, WRITE | DENYOOM, bitfield)
        .keys(1, 1, 1)
        .acl(&["@write", "@bitmap", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update", "variable_flags"], 1, (0, 1, 0)).notes("This command allows both access and modification of the key")])
        .doc("Perform arbitrary bitfield integer operations on strings", "3.2.0", "bitmap", "O(1) for each subcommand specified")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("operation", "oneof").optional().multiple().args(&[
                    arg("encoding_offset", "block").token("GET").args(&[
                            arg("encoding", "string"),
                            arg("offset", "integer"),
                        ]),
                    arg("write", "block").args(&[
                            arg("wrap_sat_fail", "oneof").token("OVERFLOW").optional().args(&[
                                    arg("wrap", "pure-token").token("WRAP"),
                                    arg("sat", "pure-token").token("SAT"),
                                    arg("fail", "pure-token").token("FAIL"),
                                ]),
                            arg("write_operation", "oneof").args(&[
                                    arg("encoding_offset_value", "block").token("SET").args(&[
                                            arg("encoding", "string"),
                                            arg("offset", "integer"),
                                            arg("value", "integer"),
                                        ]),
                                    arg("encoding_offset_increment", "block").token("INCRBY").args(&[
                                            arg("encoding", "string"),
                                            arg("offset", "integer"),
                                            arg("increment", "integer"),
                                        ]),
                                ]),
                        ]),
                ]),
        ]),
    Command::new("bitfield_ro", -2, READONLY | FAST, bitfield_ro)
        .keys(1, 1, 1)
        .acl(&["@read", "@bitmap", "@fast"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", "6.0.0", "bitmap", "O(1) for each subcommand specified")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("encoding_offset", "block").token("GET").optional().multiple().multiple_token().args(&[
                    arg("encoding", "string"),
                    arg("offset", "integer"),
                ]),
        ]),
];

/// What an overflowing SET or INCRBY does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Overflow {
    Wrap,
    Sat,
    Fail,
}

#[derive(Clone, Copy)]
enum Op {
    Get,
    Set(i64),
    IncrBy(i64),
}

/// One parsed operation: a signed or unsigned field of `bits` bits at a
/// bit offset, under the OVERFLOW mode in force where it was written.
#[derive(Clone, Copy)]
struct Field {
    op: Op,
    signed: bool,
    bits: u32,
    offset: u64,
    overflow: Overflow,
}

/// BITFIELD key [GET type offset] [SET type offset value]
/// [INCRBY type offset increment] [OVERFLOW WRAP|SAT|FAIL] ...
fn bitfield(ctx: &mut Ctx, args: &mut Args) -> Reply {
    run(ctx, args, false)
}

/// BITFIELD_RO key [GET type offset ...]
fn bitfield_ro(ctx: &mut Ctx, args: &mut Args) -> Reply {
    run(ctx, args, true)
}

fn run(ctx: &mut Ctx, args: &mut Args, read_only: bool) -> Reply {
    let key = args.next_key()?;
    // Every operation is parsed (and any error found) before one runs.
    let mut fields = Vec::new();
    let mut overflow = Overflow::Wrap;
    let mut highest_write: Option<u64> = None;
    while let Some(word) = args.next() {
        let left = args.remaining();
        let op = match token(word, &["get", "set", "incrby", "overflow"]) {
            Some(0) if left >= 2 => Op::Get,
            Some(1) if left >= 3 => Op::Set(0),
            Some(2) if left >= 3 => Op::IncrBy(0),
            Some(3) if left >= 1 => {
                overflow = match token(args.next_arg()?, &["wrap", "sat", "fail"]) {
                    Some(0) => Overflow::Wrap,
                    Some(1) => Overflow::Sat,
                    Some(2) => Overflow::Fail,
                    _ => return Err(errors::BITFIELD_OVERFLOW),
                };
                continue;
            }
            _ => return Err(errors::SYNTAX),
        };
        let (signed, bits) = field_type(args.next_arg()?)?;
        let offset = bit_offset(ctx, args.next_arg()?, Some(bits))?;
        let op = match op {
            Op::Get => Op::Get,
            Op::Set(_) | Op::IncrBy(_) => {
                let last = offset + u64::from(bits) - 1;
                highest_write = Some(highest_write.map_or(last, |h| h.max(last)));
                let value = args.next_int()?;
                if matches!(op, Op::Set(_)) {
                    Op::Set(value)
                } else {
                    Op::IncrBy(value)
                }
            }
        };
        fields.push(Field {
            op,
            signed,
            bits,
            offset,
            overflow,
        });
    }
    let Some(highest) = highest_write else {
        // Reads only: a missing key reads as zeros.
        let value = read_string(ctx, key)?;
        let bytes = value.as_deref().unwrap_or_default();
        ctx.unchanged();
        let mut reply = ctx.reply();
        reply.array(fields.len());
        for field in &fields {
            reply.integer(get(bytes, field));
        }
        return Ok(());
    };
    if read_only {
        return Err(errors::BITFIELD_RO_WRITE);
    }
    let len = usize::try_from((highest >> 3) + 1).map_err(|_| errors::BIT_OFFSET)?;
    // What Redis counts as changes: writes that did not fail, when the
    // string was created or grown, or else when they changed the field.
    // Each counts one (`server.dirty`).
    let (mut wrote, mut changed) = (0u64, 0u64);
    let (results, dirty) = edit_bits(ctx, key, len, |bytes| {
        fields
            .iter()
            .map(|field| {
                let before = read_raw(bytes, field.offset, field.bits);
                let result = apply(bytes, field);
                if result.is_some() && !matches!(field.op, Op::Get) {
                    wrote += 1;
                    if before != read_raw(bytes, field.offset, field.bits) {
                        changed += 1;
                    }
                }
                result
            })
            .collect::<Vec<_>>()
    })?;
    let changes = if dirty { wrote } else { changed };
    if changes > 0 {
        ctx.notify(notify::STRING, "setbit", key);
    }
    ctx.changes(changes);
    let mut reply = ctx.reply();
    reply.array(results.len());
    for result in results {
        match result {
            Some(value) => reply.integer(value),
            None => reply.null_bulk(),
        }
    }
    Ok(())
}

/// `i<bits>` (1 to 64) or `u<bits>` (1 to 63), the letter lower-case.
fn field_type(arg: &[u8]) -> Result<(bool, u32), CommandError> {
    let arg = c_str(arg);
    let signed = match arg.first() {
        Some(b'i') => true,
        Some(b'u') => false,
        _ => return Err(errors::BITFIELD_TYPE),
    };
    let max = if signed { 64 } else { 63 };
    match parse_int(&arg[1..]) {
        Some(bits) if (1..=max).contains(&bits) => Ok((signed, bits as u32)),
        _ => Err(errors::BITFIELD_TYPE),
    }
}

/// The field's bits as an unsigned number (zeros past the string's end).
fn read_raw(bytes: &[u8], offset: u64, bits: u32) -> u64 {
    let mut value = 0u64;
    for i in 0..u64::from(bits) {
        let at = offset + i;
        let byte = usize::try_from(at >> 3).ok().and_then(|b| bytes.get(b));
        let bit = byte.map_or(0, |b| (b >> (7 - (at & 7))) & 1);
        value = (value << 1) | u64::from(bit);
    }
    value
}

fn write_raw(bytes: &mut [u8], offset: u64, bits: u32, value: u64) {
    for i in 0..u64::from(bits) {
        let at = offset + i;
        let bit = (value >> (u64::from(bits) - 1 - i)) & 1;
        let mask = 1u8 << (7 - (at & 7));
        if let Some(byte) = bytes.get_mut((at >> 3) as usize) {
            if bit == 1 {
                *byte |= mask;
            } else {
                *byte &= !mask;
            }
        }
    }
}

/// The field's value, sign-extended for a signed type.
fn get(bytes: &[u8], field: &Field) -> i64 {
    let raw = read_raw(bytes, field.offset, field.bits);
    if field.signed {
        let shift = 64 - field.bits;
        ((raw << shift) as i64) >> shift
    } else {
        raw as i64
    }
}

/// Runs one operation on the (already grown) string: its reply value, or
/// `None` when an overflow under FAIL left the field unchanged.
fn apply(bytes: &mut [u8], field: &Field) -> Option<i64> {
    let old = get(bytes, field);
    let (target, reply_old) = match field.op {
        Op::Get => return Some(old),
        // SET checks its value as an increment of 0 from itself. An
        // unsigned field takes a negative value as its 64-bit pattern.
        Op::Set(value) if field.signed => (i128::from(value), true),
        Op::Set(value) => (i128::from(value as u64), true),
        Op::IncrBy(by) => (i128::from(old) + i128::from(by), false),
    };
    let bits = field.bits;
    let (min, max) = if field.signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    };
    let new = if (min..=max).contains(&target) {
        target
    } else {
        match field.overflow {
            Overflow::Fail => return None,
            Overflow::Sat if target > max => max,
            Overflow::Sat => min,
            // The low bits, sign-extended for a signed type.
            Overflow::Wrap if field.signed => (target << (128 - bits)) >> (128 - bits),
            Overflow::Wrap => target & max,
        }
    };
    write_raw(bytes, field.offset, bits, new as u64);
    Some(if reply_old { old } else { new as i64 })
}
