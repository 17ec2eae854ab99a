//! Counters on string values: INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT.
//!
//! The value is read as Redis reads it (`string2ll` for the integer
//! commands, `strtold` for INCRBYFLOAT) and written back in place: the key
//! keeps its deadline; a missing key counts from 0 and has none.

use super::args::Args;
use super::errors::{self, CommandError};
use super::long_double::{self, LongDouble, Parsed};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::compact::Small;
use crate::protocol::decode::parse_int;
use crate::store::{notify, StrForm};
use crate::types::Value;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("incr", 2, WRITE | DENYOOM | FAST, incr)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc(
            "Increment the integer value of a key by one",
            "1.0.0",
            "string",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0)]),
    Command::new("decr", 2, WRITE | DENYOOM | FAST, decr)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc(
            "Decrement the integer value of a key by one",
            "1.0.0",
            "string",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0)]),
    Command::new("incrby", 3, WRITE | DENYOOM | FAST, incrby)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc(
            "Increment the integer value of a key by the given amount",
            "1.0.0",
            "string",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0), arg("increment", "integer")]),
    Command::new("decrby", 3, WRITE | DENYOOM | FAST, decrby)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc(
            "Decrement the integer value of a key by the given number",
            "1.0.0",
            "string",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0), arg("decrement", "integer")]),
    Command::new("incrbyfloat", 3, WRITE | DENYOOM | FAST, incrbyfloat)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc(
            "Increment the float value of a key by the given amount",
            "2.6.0",
            "string",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0), arg("increment", "double")]),
];

/// INCR key
fn incr(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    add(ctx, key, 1)
}

/// DECR key
fn decr(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    add(ctx, key, -1)
}

/// INCRBY key increment
fn incrby(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, by) = (args.next_key()?, args.next_int()?);
    add(ctx, key, by)
}

/// DECRBY key decrement: the smallest integer has no opposite.
fn decrby(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, by) = (args.next_key()?, args.next_int()?);
    let by = by.checked_neg().ok_or(errors::DECREMENT_OVERFLOW)?;
    add(ctx, key, by)
}

/// Adds `by` to the integer at `key` and replies with the sum.
fn add(ctx: &mut Ctx, key: &[u8], by: i64) -> Reply {
    let sum = update(ctx, key, StrForm::Encoded, |current| {
        let value = match current {
            None => 0,
            Some(text) => parse_int(text).ok_or(errors::NOT_INTEGER)?,
        };
        let sum = value.checked_add(by).ok_or(errors::INCR_OVERFLOW)?;
        Ok((sum, itoa::Buffer::new().format(sum).as_bytes().to_vec()))
    })?;
    ctx.notify(notify::STRING, "incrby", key);
    ctx.reply().integer(sum);
    Ok(())
}

/// Redis's `MAX_LONG_DOUBLE_CHARS`: longer texts are never floats.
const MAX_LONG_DOUBLE_CHARS: usize = 5 * 1024;

/// A float as Redis's `getLongDoubleFromObject` reads one.
fn long_double(text: &[u8]) -> Result<Parsed, CommandError> {
    if text.len() >= MAX_LONG_DOUBLE_CHARS {
        return Err(errors::NOT_FLOAT);
    }
    long_double::parse(text).ok_or(errors::NOT_FLOAT)
}

/// INCRBYFLOAT key increment: computed as a `long double` and stored in
/// Redis's human-friendly form (`%.17Lf`, trailing zeros cut), which is
/// also the reply (a bulk string in both protocols).
fn incrbyfloat(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, by) = (args.next_key()?, args.next_arg()?);
    let text = update(ctx, key, StrForm::Plain, |current| {
        let value = match current {
            None => Parsed::Finite(LongDouble::ZERO),
            Some(text) => long_double(text)?,
        };
        let by = long_double(by)?;
        let sum = match (value, by) {
            (Parsed::Finite(a), Parsed::Finite(b)) => a.add(b),
            _ => None,
        };
        let text = sum.ok_or(errors::NAN_OR_INFINITY)?.to_human().into_bytes();
        Ok((text.clone(), text))
    })?;
    ctx.notify(notify::STRING, "incrbyfloat", key);
    // Logged as the value it stored, so that replaying never depends on
    // float arithmetic (as Redis propagates it).
    ctx.log_as(&[b"SET", key, &text, b"KEEPTTL"]);
    ctx.reply().bulk(&text);
    Ok(())
}

/// Replaces the string at `key` with what `compute` derives from it (its
/// bytes, or `None` when the key is missing), keeping the deadline;
/// `compute` returns the reply value and the new bytes. WRONGTYPE for
/// other types.
fn update<T>(
    ctx: &mut Ctx,
    key: &[u8],
    form: StrForm,
    compute: impl FnOnce(Option<&[u8]>) -> Result<(T, Vec<u8>), CommandError>,
) -> Result<T, CommandError> {
    let now = ctx.now();
    let db = ctx.db();
    if let Some(found) = db.lookup_mut(key, now) {
        let Value::Str(current) = &mut found.entry.value else {
            return Err(errors::WRONGTYPE);
        };
        let (result, bytes) = compute(Some(current))?;
        *current = Small::new(&bytes);
        found.entry.set_str_form(form);
        return Ok(result);
    }
    let (result, bytes) = compute(None)?;
    db.insert(key, Value::Str(Small::new(&bytes)), None, now);
    db.mark_str_form(key, form);
    Ok(result)
}
