//! `struct`: Roberto Ierusalimschy's binary packing library as Redis
//! bundles it: `struct.pack(fmt, ...)`, `struct.unpack(fmt, data [, init])`
//! and `struct.size(fmt)`.
//!
//! A format is a sequence of options: `>` / `<` big / little endian
//! (little by default), `!n` maximum alignment (default 8; a power of 2),
//! `x` a zero byte, `b B` (1) `h H` (2) `l L T` (8) `i I` (`in` bytes, 1 to
//! 32, default 4) signed / unsigned integers, `f d` float and double, `s`
//! a zero-terminated string, `cn` `n` bytes (`c0`: the whole string when
//! packing, the previous unpacked number when unpacking), spaces ignored.
//! Integers, floats and doubles are aligned to `min(size, maxalign)` from
//! the start of the data; strings are not. A format ends at a NUL byte.

use mlua::{Lua, MultiValue, Table, Value};

use super::raise::{
    as_number, c_integer, check_number, check_string, function, opt_integer, type_error, Args,
    Fail, Outcome, Results,
};

/// The largest `in` / `In` size.
const MAX_INT_SIZE: u64 = 32;
/// The alignment `!` sets without a number: a double's on x86-64.
const DEFAULT_ALIGN: u64 = 8;
/// Lua 5.1's limit of stack slots for a C function (`LUAI_MAXCSTACK`):
/// unpack fails with `too many results` past it, as Redis's does.
const MAX_C_STACK: usize = 8000;

/// The `struct` table.
pub(super) fn open(lua: &Lua) -> mlua::Result<Table> {
    let t = super::library(lua, 3)?;
    t.set("pack", function(lua, pack)?)?;
    t.set("unpack", function(lua, unpack)?)?;
    t.set("size", function(lua, size)?)?;
    Ok(t)
}

/// One parsed option.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Opt {
    /// `>`, `<`, `!n` and spaces: they only change the state.
    Control,
    /// `x`.
    Pad,
    /// An integer of `size` bytes.
    Int {
        signed: bool,
    },
    Float,
    Double,
    /// `cn`; `c0` has size 0.
    Chars,
    /// `s`.
    Zstring,
    /// An unknown letter or digit (only `size` accepts and ignores them).
    Unknown(u8),
}

/// The format being read and its state.
struct Format<'a> {
    fmt: &'a [u8],
    at: usize,
    little: bool,
    max_align: u64,
}

impl<'a> Format<'a> {
    fn new(fmt: &'a [u8]) -> Format<'a> {
        // The C library reads the format as a C string.
        let end = fmt.iter().position(|&b| b == 0).unwrap_or(fmt.len());
        Format {
            fmt: fmt.get(..end).unwrap_or_default(),
            at: 0,
            little: true,
            max_align: 1,
        }
    }

    /// The digits at the cursor as a size, or `default` when there are none.
    fn number(&mut self, default: u64) -> Result<u64, Fail> {
        if !self.fmt.get(self.at).is_some_and(u8::is_ascii_digit) {
            return Ok(default);
        }
        let mut n: u64 = 0;
        while let Some(d) = self.fmt.get(self.at).filter(|b| b.is_ascii_digit()) {
            let d = u64::from(d - b'0');
            if n > i32::MAX as u64 / 10 || n * 10 > i32::MAX as u64 - d {
                return Err(Fail::msg("integral size overflow"));
            }
            n = n * 10 + d;
            self.at += 1;
        }
        Ok(n)
    }

    /// The next option and its size, `None` at the end. An unknown option
    /// character is an error unless `lenient` (struct.size skips letters
    /// and digits it does not know).
    fn next(&mut self, lenient: bool) -> Result<Option<(Opt, u64)>, Fail> {
        let Some(&c) = self.fmt.get(self.at) else {
            return Ok(None);
        };
        self.at += 1;
        let option = match c {
            b' ' => (Opt::Control, 0),
            b'>' => {
                self.little = false;
                (Opt::Control, 0)
            }
            b'<' => {
                self.little = true;
                (Opt::Control, 0)
            }
            b'!' => {
                let a = self.number(DEFAULT_ALIGN)?;
                if !a.is_power_of_two() {
                    return Err(Fail::msg(format!("alignment {a} is not a power of 2")));
                }
                self.max_align = a;
                (Opt::Control, 0)
            }
            b'x' => (Opt::Pad, 1),
            b'b' | b'B' => (Opt::Int { signed: c == b'b' }, 1),
            b'h' | b'H' => (Opt::Int { signed: c == b'h' }, 2),
            b'l' | b'L' => (Opt::Int { signed: c == b'l' }, 8),
            b'T' => (Opt::Int { signed: false }, 8),
            b'i' | b'I' => {
                let n = self.number(4)?;
                if n > MAX_INT_SIZE {
                    return Err(Fail::msg(format!(
                        "integral size {n} is larger than limit of {MAX_INT_SIZE}"
                    )));
                }
                (Opt::Int { signed: c == b'i' }, n)
            }
            b'f' => (Opt::Float, 4),
            b'd' => (Opt::Double, 8),
            b'c' => (Opt::Chars, self.number(1)?),
            b's' => (Opt::Zstring, 0),
            c if lenient && c.is_ascii_alphanumeric() => (Opt::Unknown(c), 0),
            c => {
                let mut detail = b"invalid format option '".to_vec();
                detail.push(c);
                detail.push(b'\'');
                return Err(Fail::arg(1, detail));
            }
        };
        Ok(Some(option))
    }

    /// Padding before an option of `size` bytes at offset `at`.
    fn padding(&self, opt: Opt, size: u64, at: u64) -> u64 {
        let aligned = matches!(opt, Opt::Int { .. } | Opt::Float | Opt::Double);
        let align = size.min(self.max_align);
        if !aligned || align <= 1 {
            return 0;
        }
        // A mask as the C library computes it: exact for powers of 2, and
        // what it gives for sizes like 3 (`!>bi3` pads to offset 3).
        let mask = align - 1;
        (align.wrapping_sub(at & mask)) & mask
    }
}

/// An integer option's bytes: `value` in `size` bytes, bytes past the
/// eighth zero.
fn put_int(out: &mut Vec<u8>, value: u64, size: u64, little: bool) {
    let byte = |i: u64| if i < 8 { (value >> (8 * i)) as u8 } else { 0 };
    if little {
        out.extend((0..size).map(byte));
    } else {
        out.extend((0..size).rev().map(byte));
    }
}

/// The integer a number packs as: C's conversion of the double to a
/// signed (negative) or unsigned (otherwise) 64-bit integer on x86-64.
fn pack_value(n: f64) -> u64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if n >= TWO_63 {
        (c_integer(n - TWO_63) as u64) ^ (1 << 63)
    } else {
        c_integer(n) as u64
    }
}

/// `struct.pack(fmt, ...)`.
fn pack(lua: &Lua, args: Args) -> Outcome {
    let fmt = check_string(lua, &args, 1)?;
    let fmt = fmt.as_bytes();
    let mut format = Format::new(&fmt);
    let mut out = Vec::new();
    let mut arg = 2;
    while let Some((opt, size)) = format.next(false)? {
        let pad = format.padding(opt, size, out.len() as u64);
        out.resize(out.len() + pad as usize, 0);
        match opt {
            Opt::Control | Opt::Unknown(_) => {}
            Opt::Pad => out.push(0),
            Opt::Int { .. } => {
                let n = pack_number(lua, &args, arg)?;
                put_int(&mut out, pack_value(n), size, format.little);
                arg += 1;
            }
            Opt::Float => {
                let bits = (pack_number(lua, &args, arg)? as f32).to_bits();
                put_int(&mut out, u64::from(bits), 4, format.little);
                arg += 1;
            }
            Opt::Double => {
                let bits = pack_number(lua, &args, arg)?.to_bits();
                put_int(&mut out, bits, 8, format.little);
                arg += 1;
            }
            Opt::Chars | Opt::Zstring => {
                let s = pack_string(lua, &args, arg)?;
                let s = s.as_bytes();
                if opt == Opt::Zstring {
                    out.extend_from_slice(&s);
                    out.push(0);
                } else {
                    let n = if size == 0 { s.len() as u64 } else { size };
                    if (s.len() as u64) < n {
                        // The C library names the argument after this one.
                        return Err(Fail::arg(arg + 1, "string too short"));
                    }
                    out.extend_from_slice(s.get(..n as usize).unwrap_or_default());
                }
                arg += 1;
            }
        }
    }
    Ok(MultiValue::from_iter([Value::String(
        lua.create_string(out)?,
    )]))
}

/// The C library pushes a nil after the arguments before packing, so the
/// first missing argument is "got nil", later ones "got no value".
fn missing(args: &Args, arg: usize, expected: &str) -> Option<Fail> {
    if arg == args.len() + 1 {
        Some(type_error(arg, expected, Some(&Value::Nil)))
    } else {
        None
    }
}

fn pack_number(lua: &Lua, args: &Args, arg: usize) -> Result<f64, Fail> {
    match missing(args, arg, "number") {
        Some(fail) => Err(fail),
        None => check_number(lua, args, arg),
    }
}

fn pack_string(lua: &Lua, args: &Args, arg: usize) -> Result<mlua::LuaString, Fail> {
    match missing(args, arg, "string") {
        Some(fail) => Err(fail),
        None => check_string(lua, args, arg),
    }
}

/// An integer option's value read from `bytes`.
fn get_int(bytes: &[u8], little: bool, signed: bool) -> f64 {
    let fold = |acc: u64, b: &u8| (acc << 8) | u64::from(*b);
    let value = if little {
        bytes.iter().rev().fold(0, fold)
    } else {
        bytes.iter().fold(0, fold)
    };
    let size = bytes.len();
    if !signed {
        return value as f64;
    }
    if size < 8 && size > 0 {
        let shift = 64 - 8 * size as u32;
        (((value << shift) as i64) >> shift) as f64
    } else {
        value as i64 as f64
    }
}

/// `struct.unpack(fmt, data [, init])`: the values, then the position
/// after them.
fn unpack(lua: &Lua, args: Args) -> Outcome {
    let fmt = check_string(lua, &args, 1)?;
    let fmt = fmt.as_bytes();
    let data = check_string(lua, &args, 2)?;
    let data = data.as_bytes();
    let len = data.len() as u64;
    // Positions are C's size_t: a negative init wraps to a huge position.
    let init = opt_integer(lua, &args, 3, 1)? as u64;
    if init == 0 {
        return Err(Fail::arg(3, "offset must be 1 or greater"));
    }
    let mut pos = init - 1;
    let mut format = Format::new(&fmt);
    let mut values = Results::new(lua)?;
    while let Some((opt, mut size)) = format.next(false)? {
        pos = pos.wrapping_add(format.padding(opt, size, pos));
        if opt == Opt::Chars && size == 0 {
            let previous = match values.pop()? {
                Value::String(s) => lua.coerce_number(Value::String(s))?,
                v => as_number(&v),
            };
            let Some(n) = previous else {
                return Err(Fail::msg("format 'c0' needs a previous size"));
            };
            size = pack_value(n);
        }
        if size > len || pos > len - size {
            return Err(Fail::arg(2, "data string too short"));
        }
        if args.len() + values.len() + 2 > MAX_C_STACK {
            return Err(Fail::msg("stack overflow (too many results)"));
        }
        let at = pos as usize;
        let field = data.get(at..at + size as usize).unwrap_or_default();
        match opt {
            Opt::Control | Opt::Unknown(_) | Opt::Pad => {}
            Opt::Int { signed } => {
                values.push(Value::Number(get_int(field, format.little, signed)))?
            }
            Opt::Float => {
                let bits = get_int(field, format.little, false) as u32;
                values.push(Value::Number(f64::from(f32::from_bits(bits))))?;
            }
            Opt::Double => {
                let bits = field_bits(field, format.little);
                values.push(Value::Number(f64::from_bits(bits)))?;
            }
            Opt::Chars => values.push(Value::String(lua.create_string(field)?))?,
            Opt::Zstring => {
                let rest = data.get(at..).unwrap_or_default();
                let Some(end) = rest.iter().position(|&b| b == 0) else {
                    return Err(Fail::msg("unfinished string in data"));
                };
                values.push(Value::String(
                    lua.create_string(rest.get(..end).unwrap_or_default())?,
                ))?;
                size = end as u64 + 1;
            }
        }
        pos = pos.wrapping_add(size);
    }
    values.push(Value::Integer(pos.wrapping_add(1) as i64))?;
    values.finish()
}

/// Eight bytes as a u64 in the format's byte order.
fn field_bits(field: &[u8], little: bool) -> u64 {
    let b = <[u8; 8]>::try_from(field).unwrap_or_default();
    if little {
        u64::from_le_bytes(b)
    } else {
        u64::from_be_bytes(b)
    }
}

/// `struct.size(fmt)`: the bytes `pack` makes for a format without
/// variable-length options.
fn size(lua: &Lua, args: Args) -> Outcome {
    let fmt = check_string(lua, &args, 1)?;
    let fmt = fmt.as_bytes();
    let mut format = Format::new(&fmt);
    let mut total: u64 = 0;
    while let Some((opt, size)) = format.next(true)? {
        if opt == Opt::Zstring {
            return Err(Fail::arg(1, "option 's' has no fixed size"));
        }
        if opt == Opt::Chars && size == 0 {
            return Err(Fail::arg(1, "option 'c0' has no fixed size"));
        }
        total = total
            .wrapping_add(format.padding(opt, size, total))
            .wrapping_add(size);
    }
    Ok(MultiValue::from_iter([Value::Number(total as f64)]))
}
