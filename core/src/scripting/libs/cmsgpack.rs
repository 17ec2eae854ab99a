//! `cmsgpack`: lua-cmsgpack as Redis bundles it.
//!
//! `pack(...)` concatenates the MessagePack encoding of each argument:
//! numbers that are whole and within int64 as the smallest integer
//! format, other numbers as float32 when that is exact, else float64;
//! strings as fixstr / str8 / str16 / str32; tables whose keys are exactly
//! 1..n as arrays, other tables as maps; tables nested 16 deep, and values
//! of other types, as nil. `unpack(data)` returns every value;
//! `unpack_one(data [, offset])` and `unpack_limit(data, limit [, offset])`
//! return the offset after what they read (-1 at the end) and then the
//! values. Unpacking reads nil, booleans, integers, floats, strings,
//! arrays and maps (bin and ext are `Bad data format`), and fails where
//! lua-cmsgpack runs out of Lua C stack (8000 slots: one per value
//! returned, two per open array, one per open map and its pending key).

use mlua::{Lua, MultiValue, Table, Value};

use super::nest::Nest;
use super::raise::{
    check_integer, check_string, function, opt_integer, Args, Fail, Outcome, Results,
};

/// Tables nested deeper than this pack as nil.
const MAX_NESTING: usize = 16;
/// Lua's limit of stack slots for a C function (`LUAI_MAXCSTACK`).
const MAX_C_STACK: i64 = 8000;
/// The longest string `pack` makes (Redis's largest bulk string): tables
/// shared many times over can describe more than memory holds.
const MAX_OUTPUT: usize = 512 * 1024 * 1024;

const TOO_MANY_VALUES: &str =
    "stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)";

/// The `cmsgpack` table.
pub(super) fn open(lua: &Lua) -> mlua::Result<Table> {
    let t = super::library(lua, 8)?;
    t.set("pack", function(lua, pack)?)?;
    t.set(
        "unpack",
        function(lua, |lua, a| {
            let data = check_string(lua, &a, 1)?;
            unpack_full(lua, &a, &data.as_bytes(), 0, 0)
        })?,
    )?;
    t.set(
        "unpack_one",
        function(lua, |lua, a| {
            let data = check_string(lua, &a, 1)?;
            let offset = opt_integer(lua, &a, 2, 0)?;
            unpack_full(lua, &a, &data.as_bytes(), 1, offset)
        })?,
    )?;
    t.set(
        "unpack_limit",
        function(lua, |lua, a| {
            let data = check_string(lua, &a, 1)?;
            let limit = check_integer(lua, &a, 2)?;
            let offset = opt_integer(lua, &a, 3, 0)?;
            unpack_full(lua, &a, &data.as_bytes(), limit, offset)
        })?,
    )?;
    t.set("_NAME", "cmsgpack")?;
    t.set("_VERSION", "lua-cmsgpack 0.4.0")?;
    t.set("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo")?;
    t.set("_DESCRIPTION", "MessagePack C implementation for Lua")?;
    Ok(t)
}

/// `cmsgpack.pack(...)`.
fn pack(lua: &Lua, args: Args) -> Outcome {
    if args.len() == 0 {
        return Err(Fail::arg(0, "MessagePack pack needs input."));
    }
    let mut out = Vec::new();
    for i in 1..=args.len() {
        let v = args.get(i)?.unwrap_or(Value::Nil);
        encode(&mut out, v, 0)?;
    }
    Ok(MultiValue::from_iter([Value::String(
        lua.create_string(out)?,
    )]))
}

/// One value at nesting `level` (0 for an argument).
fn encode(out: &mut Vec<u8>, v: Value, level: usize) -> Result<(), Fail> {
    if out.len() > MAX_OUTPUT {
        return Err(Fail::msg("not enough memory"));
    }
    match v {
        Value::Boolean(b) => out.push(if b { 0xc3 } else { 0xc2 }),
        Value::Integer(i) => number(out, i as f64),
        Value::Number(n) => number(out, n),
        Value::String(s) => string(out, &s.as_bytes()),
        Value::Table(t) if level < MAX_NESTING => table(out, t, level)?,
        _ => out.push(0xc0),
    }
    Ok(())
}

/// C's `(int64_t)d` on x86-64.
fn to_i64(d: f64) -> i64 {
    super::raise::c_integer(d)
}

fn number(out: &mut Vec<u8>, n: f64) {
    if !n.is_infinite() && to_i64(n) as f64 == n {
        integer(out, to_i64(n));
    } else if f64::from(n as f32) == n {
        out.push(0xca);
        out.extend_from_slice(&(n as f32).to_be_bytes());
    } else {
        out.push(0xcb);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn integer(out: &mut Vec<u8>, n: i64) {
    if n >= 0 {
        if n <= 127 {
            out.push(n as u8);
        } else if n <= 0xff {
            out.extend_from_slice(&[0xcc, n as u8]);
        } else if n <= 0xffff {
            out.push(0xcd);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        } else if n <= 0xffff_ffff {
            out.push(0xce);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            out.push(0xcf);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    } else if n >= -32 {
        out.push(n as i8 as u8);
    } else if n >= -128 {
        out.extend_from_slice(&[0xd0, n as i8 as u8]);
    } else if n >= -32768 {
        out.push(0xd1);
        out.extend_from_slice(&(n as i16).to_be_bytes());
    } else if n >= -2_147_483_648 {
        out.push(0xd2);
        out.extend_from_slice(&(n as i32).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn string(out: &mut Vec<u8>, s: &[u8]) {
    let len = s.len();
    if len < 32 {
        out.push(0xa0 | len as u8);
    } else if len <= 0xff {
        out.extend_from_slice(&[0xd9, len as u8]);
    } else if len <= 0xffff {
        out.push(0xda);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(0xdb);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
    out.extend_from_slice(s);
}

/// A container header: `fix` for up to 15 entries, else 16 or 32 bits.
fn header(out: &mut Vec<u8>, len: usize, fix: u8, wide: u8) {
    if len <= 15 {
        out.push(fix | len as u8);
    } else if len <= 0xffff {
        out.push(wide);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(wide + 1);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
}

fn table(out: &mut Vec<u8>, t: Table, level: usize) -> Result<(), Fail> {
    match array_length(&t)? {
        Some(len) => {
            header(out, len, 0x90, 0xdc);
            for i in 1..=len {
                let v: Value = t.raw_get(i)?;
                encode(out, v, level + 1)?;
            }
        }
        None => {
            let mut len = 0;
            for pair in t.pairs::<Value, Value>() {
                pair?;
                len += 1;
            }
            header(out, len, 0x80, 0xde);
            for pair in t.pairs::<Value, Value>() {
                let (k, v) = pair?;
                encode(out, k, level + 1)?;
                encode(out, v, level + 1)?;
            }
        }
    }
    Ok(())
}

/// `Some(n)` when the keys are exactly 1..n (numbers, whole, positive).
fn array_length(t: &Table) -> Result<Option<usize>, Fail> {
    let mut max: i64 = 0;
    let mut count: i64 = 0;
    for pair in t.pairs::<Value, Value>() {
        let (k, _) = pair?;
        let n = match k {
            Value::Integer(i) => i as f64,
            Value::Number(n) => n,
            _ => return Ok(None),
        };
        let index = to_i64(n);
        if index as f64 != n || index < 1 {
            return Ok(None);
        }
        max = max.max(index);
        count += 1;
    }
    Ok((max == count).then_some(count as usize))
}

/// Unpacks up to `limit` values (0: all) from `offset`; with a limit the
/// offset after them comes first (-1 when the data is used up).
fn unpack_full(lua: &Lua, args: &Args, data: &[u8], limit: i64, offset: i64) -> Outcome {
    let len = data.len() as i64;
    // lua-cmsgpack prints these as C ints.
    if offset < 0 || limit < 0 {
        return Err(Fail::msg(format!(
            "Invalid request to unpack with offset of {} and limit of {}.",
            offset as i32, len as i32
        )));
    }
    if offset > len {
        return Err(Fail::msg(format!(
            "Start offset {} greater than input length {}.",
            offset as i32, len as i32
        )));
    }
    let nargs = args.len() as i64;
    let room = limit as i32;
    if limit > 0
        && room > 0
        && (i64::from(room) > MAX_C_STACK || nargs + i64::from(room) > MAX_C_STACK)
    {
        return Err(Fail::msg("stack overflow (in function mp_unpack_full)"));
    }
    let mut results = Results::new(lua)?;
    if limit > 0 {
        results.push(Value::Nil)?;
    }
    let mut decoder = Decoder {
        lua,
        data,
        at: offset as usize,
        nest: Nest::new(),
        levels: Vec::new(),
        used: 0,
    };
    let mut count: i64 = 0;
    while decoder.at < data.len() && (limit == 0 || count < limit) {
        decoder.used = nargs + count;
        let v = decoder.value()?;
        results.push(v)?;
        count += 1;
    }
    if limit > 0 {
        let next = if decoder.at < data.len() {
            decoder.at as i64
        } else {
            -1
        };
        results.set(1, Value::Integer(next))?;
    }
    results.finish()
}

/// A container being filled.
#[derive(Clone, Copy)]
enum Level {
    /// An array: the index of the next element and how many remain.
    Array { next: i64, remaining: u64 },
    /// A map: entries remaining and whether a key waits for its value.
    Map { remaining: u64, keyed: bool },
}

struct Decoder<'a> {
    lua: &'a Lua,
    data: &'a [u8],
    at: usize,
    /// The open containers.
    nest: Nest,
    levels: Vec<Level>,
    /// Lua stack slots lua-cmsgpack would hold.
    used: i64,
}

fn missing() -> Fail {
    Fail::msg("Missing bytes in input.")
}

impl<'a> Decoder<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Fail> {
        let data = self.data;
        let end = self.at.checked_add(n).ok_or_else(missing)?;
        let bytes = data.get(self.at..end).ok_or_else(missing)?;
        self.at = end;
        Ok(bytes)
    }

    fn be(&mut self, n: usize) -> Result<u64, Fail> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// One complete value (containers filled) at the cursor.
    fn value(&mut self) -> Result<Value, Fail> {
        loop {
            if self.used + 1 > MAX_C_STACK {
                return Err(Fail::msg(TOO_MANY_VALUES));
            }
            let mut value = match self.header()? {
                Header::Value(v) => v,
                Header::Array(0) => {
                    self.array_room()?;
                    Value::Table(self.lua.create_table()?)
                }
                Header::Map(0) => Value::Table(self.lua.create_table()?),
                Header::Array(n) => {
                    self.open(
                        Level::Array {
                            next: 1,
                            remaining: n,
                        },
                        2,
                    )?;
                    continue;
                }
                Header::Map(n) => {
                    self.open(
                        Level::Map {
                            remaining: n,
                            keyed: false,
                        },
                        1,
                    )?;
                    continue;
                }
            };
            // Store the value, closing the containers it completes.
            loop {
                let Some(&level) = self.levels.last() else {
                    return Ok(value);
                };
                match level {
                    Level::Array { next, remaining } => {
                        self.nest.set(Value::Integer(next), value)?;
                        if remaining > 1 {
                            self.set_top(Level::Array {
                                next: next + 1,
                                remaining: remaining - 1,
                            });
                            break;
                        }
                        self.used -= 2;
                    }
                    Level::Map {
                        remaining,
                        keyed: false,
                    } => {
                        self.nest.set_key(self.lua, value)?;
                        self.set_top(Level::Map {
                            remaining,
                            keyed: true,
                        });
                        self.used += 1;
                        break;
                    }
                    Level::Map {
                        remaining,
                        keyed: true,
                    } => {
                        let key = self.nest.take_key()?;
                        match &key {
                            Value::Nil => return Err(Fail::Plain(b"table index is nil".to_vec())),
                            Value::Number(n) if n.is_nan() => {
                                return Err(Fail::Plain(b"table index is NaN".to_vec()))
                            }
                            _ => self.nest.set(key, value)?,
                        }
                        self.used -= 1;
                        if remaining > 1 {
                            self.set_top(Level::Map {
                                remaining: remaining - 1,
                                keyed: false,
                            });
                            break;
                        }
                        self.used -= 1;
                    }
                }
                self.levels.pop();
                value = Value::Table(self.nest.pop()?);
            }
        }
    }

    /// Replaces the innermost level.
    fn set_top(&mut self, level: Level) {
        if let Some(top) = self.levels.last_mut() {
            *top = level;
        }
    }

    /// Opens a non-empty container holding `slots` stack slots while its
    /// entries are read (an array: the table and the index; a map: the
    /// table, and a key while its value is read).
    fn open(&mut self, level: Level, slots: i64) -> Result<(), Fail> {
        if matches!(level, Level::Array { .. }) {
            self.array_room()?;
        }
        self.nest.push(self.lua, self.lua.create_table()?)?;
        self.levels.push(level);
        self.used += slots;
        Ok(())
    }

    /// lua-cmsgpack's check after creating an array's table: room for
    /// the table and an index.
    fn array_room(&self) -> Result<(), Fail> {
        if self.used + 2 > MAX_C_STACK {
            return Err(Fail::msg(
                "stack overflow (in function mp_decode_to_lua_array)",
            ));
        }
        Ok(())
    }

    /// The next value, or a container's header.
    fn header(&mut self) -> Result<Header, Fail> {
        let b = self.take(1)?.first().copied().ok_or_else(missing)?;
        let n = |v: f64| Ok(Header::Value(Value::Number(v)));
        match b {
            0x00..=0x7f => n(f64::from(b)),
            0x80..=0x8f => Ok(Header::Map(u64::from(b & 0x0f))),
            0x90..=0x9f => Ok(Header::Array(u64::from(b & 0x0f))),
            0xa0..=0xbf => self.string(usize::from(b & 0x1f)),
            0xc0 => Ok(Header::Value(Value::Nil)),
            0xc2 => Ok(Header::Value(Value::Boolean(false))),
            0xc3 => Ok(Header::Value(Value::Boolean(true))),
            0xca => n(f64::from(f32::from_bits(self.be(4)? as u32))),
            0xcb => n(f64::from_bits(self.be(8)?)),
            0xcc => n(self.be(1)? as f64),
            0xcd => n(self.be(2)? as f64),
            0xce => n(self.be(4)? as f64),
            // lua-cmsgpack pushes a uint64 as a signed lua_Integer.
            0xcf => n(self.be(8)? as i64 as f64),
            0xd0 => n(f64::from(self.be(1)? as u8 as i8)),
            0xd1 => n(f64::from(self.be(2)? as u16 as i16)),
            0xd2 => n(f64::from(self.be(4)? as u32 as i32)),
            0xd3 => n(self.be(8)? as i64 as f64),
            0xd9 => {
                let len = self.be(1)? as usize;
                self.string(len)
            }
            0xda => {
                let len = self.be(2)? as usize;
                self.string(len)
            }
            0xdb => {
                let len = self.be(4)? as usize;
                self.string(len)
            }
            0xdc => Ok(Header::Array(self.be(2)?)),
            0xdd => Ok(Header::Array(self.be(4)?)),
            0xde => Ok(Header::Map(self.be(2)?)),
            0xdf => Ok(Header::Map(self.be(4)?)),
            0xe0..=0xff => n(f64::from(b as i8)),
            _ => Err(Fail::msg("Bad data format in input.")),
        }
    }

    fn string(&mut self, len: usize) -> Result<Header, Fail> {
        let bytes = self.take(len)?;
        Ok(Header::Value(Value::String(self.lua.create_string(bytes)?)))
    }
}

/// What a type byte starts.
enum Header {
    Value(Value),
    Array(u64),
    Map(u64),
}
