//! `bit`: LuaBitOp 1.0.2's bitwise operations on 32-bit integers.
//!
//! Every argument is a number (or a numeric string) normalised to 32 bits:
//! the double is rounded to an integer (ties to even) and taken modulo
//! 2^32, which LuaBitOp does by adding 2^52 + 2^51 and reading the low word
//! of the sum's bits; numbers too large for that give what the same sum
//! gives (for example infinity gives 0). Results are signed 32-bit numbers.

use mlua::{Lua, MultiValue, Table, Value};

use super::raise::{check_number, function, Args, Fail, Outcome};

/// The `bit` table.
pub(super) fn open(lua: &Lua) -> mlua::Result<Table> {
    let t = super::library(lua, 12)?;
    t.set("tobit", function(lua, |lua, a| one(arg(lua, &a, 1)?))?)?;
    t.set("bnot", function(lua, |lua, a| one(!arg(lua, &a, 1)?))?)?;
    t.set("band", function(lua, |lua, a| fold(lua, &a, |x, y| x & y))?)?;
    t.set("bor", function(lua, |lua, a| fold(lua, &a, |x, y| x | y))?)?;
    t.set("bxor", function(lua, |lua, a| fold(lua, &a, |x, y| x ^ y))?)?;
    t.set(
        "lshift",
        function(lua, |lua, a| shift(lua, &a, |x, n| x << n))?,
    )?;
    t.set(
        "rshift",
        function(lua, |lua, a| shift(lua, &a, |x, n| x >> n))?,
    )?;
    t.set(
        "arshift",
        function(lua, |lua, a| {
            shift(lua, &a, |x, n| ((x as i32) >> n) as u32)
        })?,
    )?;
    t.set(
        "rol",
        function(lua, |lua, a| shift(lua, &a, u32::rotate_left))?,
    )?;
    t.set(
        "ror",
        function(lua, |lua, a| shift(lua, &a, u32::rotate_right))?,
    )?;
    t.set(
        "bswap",
        function(lua, |lua, a| one(arg(lua, &a, 1)?.swap_bytes()))?,
    )?;
    t.set("tohex", function(lua, tohex)?)?;
    Ok(t)
}

/// A double normalised to 32 bits as LuaBitOp does it.
pub(super) fn tobit(n: f64) -> u32 {
    // 2^52 + 2^51: the sum's low mantissa word is the rounded integer mod 2^32.
    (n + 6_755_399_441_055_744.0).to_bits() as u32
}

/// Argument `index` (from 1) normalised to 32 bits.
fn arg(lua: &Lua, args: &Args, index: usize) -> Result<u32, Fail> {
    check_number(lua, args, index).map(tobit)
}

/// A result: the 32 bits as a signed number.
fn one(bits: u32) -> Outcome {
    Ok(MultiValue::from_iter([Value::Integer(i64::from(
        bits as i32,
    ))]))
}

/// band / bor / bxor over one or more arguments.
fn fold(lua: &Lua, args: &Args, op: fn(u32, u32) -> u32) -> Outcome {
    let mut acc = arg(lua, args, 1)?;
    for index in 2..=args.len() {
        acc = op(acc, arg(lua, args, index)?);
    }
    one(acc)
}

/// The shifts and rotations: the count is taken modulo 32.
fn shift(lua: &Lua, args: &Args, op: fn(u32, u32) -> u32) -> Outcome {
    let x = arg(lua, args, 1)?;
    let n = arg(lua, args, 2)? & 31;
    one(op(x, n))
}

/// `tohex(x [, n])`: the low `|n|` hex digits (at most 8, default 8),
/// upper case when `n` is negative.
fn tohex(lua: &Lua, args: Args) -> Outcome {
    let x = arg(lua, &args, 1)?;
    let mut n = if args.len() < 2 {
        8
    } else {
        i64::from(arg(lua, &args, 2)? as i32)
    };
    let digits: &[u8; 16] = if n < 0 {
        n = -n;
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let n = n.min(8) as u32;
    let text: Vec<u8> = (0..n)
        .rev()
        .filter_map(|i| digits.get(((x >> (4 * i)) & 15) as usize).copied())
        .collect();
    Ok(MultiValue::from_iter([Value::String(
        lua.create_string(text)?,
    )]))
}
