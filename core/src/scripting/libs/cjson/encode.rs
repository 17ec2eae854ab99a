//! `cjson.encode`: a Lua value as JSON text.
//!
//! Tables walk with an explicit stack kept in a Lua table (the tables
//! being walked and the current key of each object), so nesting costs
//! neither native stack nor mlua references. Nesting is refused past
//! `encode_max_depth` and where lua-cjson runs out of Lua C stack: it
//! keeps one slot per enclosing array and two per enclosing object and
//! needs three more to enter a table, within Lua's 8000.

use mlua::{Function, Lua, Table, Value};

use super::{Config, InvalidNumbers};
use crate::scripting::libs::raise::Fail;

/// Lua's limit of stack slots for a C function (`LUAI_MAXCSTACK`).
const MAX_C_STACK: i64 = 8000;
/// The longest text encode makes (Redis's largest bulk string): past it
/// the call fails as an allocation failure would, so a sparse array
/// allowed by `encode_sparse_array(true, 0)` cannot run unbounded.
const MAX_OUTPUT: usize = 512 * 1024 * 1024;
/// Tables up to this depth are encoded by plain recursion (objects
/// through `for_each`, each a protected Lua call, well within Lua's 200
/// nested C calls); deeper tables by the explicit walk.
const RECURSION: i64 = 32;

/// What is open at one level of the explicit walk.
#[derive(Clone, Copy)]
enum Level {
    /// The next index to write and the length.
    Array { next: i64, len: i64 },
    /// Whether no member has been written yet.
    Object { first: bool },
}

struct Encoder<'a> {
    lua: &'a Lua,
    config: &'a Config,
    next: &'a Function,
    out: Vec<u8>,
    /// Lua stack slots lua-cjson would hold for the open tables.
    slots: i64,
}

/// Encodes `value` with `config`; `next` is Lua's `next`.
pub(super) fn encode(
    lua: &Lua,
    config: &Config,
    next: &Function,
    value: Value,
) -> Result<Vec<u8>, Fail> {
    let mut e = Encoder {
        lua,
        config,
        next,
        out: Vec::new(),
        slots: 1,
    };
    e.value(value, 0)?;
    Ok(e.out)
}

impl Encoder<'_> {
    /// Writes a value found inside a table at `depth` (0: the argument).
    fn value(&mut self, value: Value, depth: i64) -> Result<(), Fail> {
        match value {
            Value::Table(t) => self.table(t, depth + 1),
            other => self.scalar(other),
        }
    }

    /// Writes any value but a table.
    fn scalar(&mut self, value: Value) -> Result<(), Fail> {
        match value {
            Value::Nil => self.out.extend_from_slice(b"null"),
            Value::Boolean(b) => self
                .out
                .extend_from_slice(if b { b"true" } else { b"false" }),
            Value::Integer(i) => self.number(i as f64)?,
            Value::Number(n) => self.number(n)?,
            Value::String(s) => escape(&mut self.out, &s.as_bytes()),
            Value::LightUserData(p) if p.0.is_null() => self.out.extend_from_slice(b"null"),
            other => return Err(unsupported(type_name(&other), "type not supported")),
        }
        if self.out.len() > MAX_OUTPUT {
            return Err(Fail::msg("not enough memory"));
        }
        Ok(())
    }

    /// Refuses a table at `depth` past the setting or the Lua C stack.
    fn enter(&self, depth: i64) -> Result<(), Fail> {
        if depth > self.config.encode_max_depth || self.slots + 3 > MAX_C_STACK {
            return Err(Fail::msg(format!(
                "Cannot serialise, excessive nesting ({depth})"
            )));
        }
        Ok(())
    }

    /// A table at `depth`: an array when its keys are 1..n (not too
    /// sparse), otherwise an object.
    fn table(&mut self, table: Table, depth: i64) -> Result<(), Fail> {
        self.enter(depth)?;
        if depth > RECURSION {
            return self.walk(table, depth);
        }
        let len = self.array_length(&table)?;
        if len > 0 {
            self.out.push(b'[');
            self.slots += 1;
            for i in 1..=len {
                if i > 1 {
                    self.out.push(b',');
                }
                let v: Value = table.raw_get(i)?;
                self.value(v, depth)?;
            }
            self.slots -= 1;
            self.out.push(b']');
        } else {
            self.out.push(b'{');
            self.slots += 2;
            let mut first = true;
            let mut failure = None;
            let walked = table.for_each(|k: Value, v: Value| {
                if !first {
                    self.out.push(b',');
                }
                first = false;
                let member = self.key(&k).and_then(|()| {
                    self.out.push(b':');
                    self.value(v, depth)
                });
                member.map_err(|f| {
                    failure = Some(f);
                    mlua::Error::runtime("cjson: stop")
                })
            });
            if let Some(f) = failure {
                return Err(f);
            }
            walked?;
            self.slots -= 2;
            self.out.push(b'}');
        }
        Ok(())
    }

    /// Encodes a deep table with an explicit stack kept in a Lua table
    /// (slot `2k - 1`: the table open at level `k`; slot `2k`: its current
    /// key), so depth costs neither native stack nor mlua references.
    fn walk(&mut self, root: Table, root_depth: i64) -> Result<(), Fail> {
        let walk = self.lua.create_table()?;
        let mut levels: Vec<Level> = Vec::new();
        self.open(&walk, &mut levels, root)?;
        while let Some(&level) = levels.last() {
            let k = levels.len() as i64;
            let table: Table = walk.raw_get(2 * k - 1)?;
            let v = match level {
                Level::Array { next, len } => {
                    if next > len {
                        self.out.push(b']');
                        self.close(&walk, &mut levels)?;
                        continue;
                    }
                    set_top(
                        &mut levels,
                        Level::Array {
                            next: next + 1,
                            len,
                        },
                    );
                    if next > 1 {
                        self.out.push(b',');
                    }
                    table.raw_get(next)?
                }
                Level::Object { first } => {
                    let key: Value = walk.raw_get(2 * k)?;
                    let (key, v): (Value, Value) = self.next.call((table, key))?;
                    if key.is_nil() {
                        self.out.push(b'}');
                        self.close(&walk, &mut levels)?;
                        continue;
                    }
                    set_top(&mut levels, Level::Object { first: false });
                    if !first {
                        self.out.push(b',');
                    }
                    walk.raw_set(2 * k, key.clone())?;
                    self.key(&key)?;
                    self.out.push(b':');
                    v
                }
            };
            match v {
                Value::Table(t) => {
                    self.enter(root_depth + k)?;
                    self.open(&walk, &mut levels, t)?;
                }
                other => self.scalar(other)?,
            }
        }
        Ok(())
    }

    /// Enters a table in the explicit walk.
    fn open(&mut self, walk: &Table, levels: &mut Vec<Level>, table: Table) -> Result<(), Fail> {
        let len = self.array_length(&table)?;
        let k = levels.len() as i64 + 1;
        walk.raw_set(2 * k - 1, table)?;
        if len > 0 {
            self.out.push(b'[');
            levels.push(Level::Array { next: 1, len });
            self.slots += 1;
        } else {
            self.out.push(b'{');
            levels.push(Level::Object { first: true });
            self.slots += 2;
        }
        Ok(())
    }

    /// Leaves the innermost table of the explicit walk.
    fn close(&mut self, walk: &Table, levels: &mut Vec<Level>) -> Result<(), Fail> {
        let k = levels.len() as i64;
        walk.raw_set(2 * k - 1, Value::Nil)?;
        walk.raw_set(2 * k, Value::Nil)?;
        match levels.pop() {
            Some(Level::Array { .. }) => self.slots -= 1,
            Some(Level::Object { .. }) => self.slots -= 2,
            None => {}
        }
        Ok(())
    }

    /// The array length of a table whose keys are all positive integers,
    /// or 0 to encode it as an object; an excessively sparse array is an
    /// error unless `encode_sparse_array` converts it to an object.
    fn array_length(&self, table: &Table) -> Result<i64, Fail> {
        let mut max: f64 = 0.0;
        let mut items: i64 = 0;
        let mut array = true;
        table.for_each(|k: Value, _: Value| {
            if !array {
                return Ok(());
            }
            let k = match k {
                Value::Integer(i) => i as f64,
                Value::Number(n) => n,
                _ => {
                    array = false;
                    return Ok(());
                }
            };
            // lua-cjson takes a key as an index when it survives a round
            // trip through a C int: 1 to 2^31 - 1.
            if !(1.0..=i32::MAX as f64).contains(&k) || k.floor() != k {
                array = false;
                return Ok(());
            }
            max = max.max(k);
            items += 1;
            Ok(())
        })?;
        if !array {
            return Ok(0);
        }
        let c = self.config;
        if c.sparse_ratio > 0 && max > (items * c.sparse_ratio) as f64 && max > c.sparse_safe as f64
        {
            if c.sparse_convert {
                return Ok(0);
            }
            return Err(unsupported("table", "excessively sparse array"));
        }
        Ok(max as i64)
    }

    /// An object key: a string, or a number written as text.
    fn key(&mut self, key: &Value) -> Result<(), Fail> {
        match key {
            Value::String(s) => escape(&mut self.out, &s.as_bytes()),
            Value::Integer(_) | Value::Number(_) => {
                self.out.push(b'"');
                self.number(super::super::raise::as_number(key).unwrap_or(0.0))?;
                self.out.push(b'"');
            }
            other => {
                return Err(unsupported(
                    type_name(other),
                    "table key must be a number or string",
                ))
            }
        }
        Ok(())
    }

    /// A number as `%.<precision>g`; NaN and infinities as configured.
    fn number(&mut self, n: f64) -> Result<(), Fail> {
        if !n.is_finite() {
            match self.config.encode_invalid {
                InvalidNumbers::Refuse => {
                    return Err(unsupported("number", "must not be NaN or Inf"))
                }
                InvalidNumbers::Null => {
                    self.out.extend_from_slice(b"null");
                    return Ok(());
                }
                InvalidNumbers::Allow if n.is_nan() => {
                    self.out.extend_from_slice(b"nan");
                    return Ok(());
                }
                InvalidNumbers::Allow => {}
            }
        }
        write_g(&mut self.out, n, self.config.precision);
        Ok(())
    }
}

/// Replaces the innermost level of the explicit walk.
fn set_top(levels: &mut [Level], level: Level) {
    if let Some(top) = levels.last_mut() {
        *top = level;
    }
}

/// `Cannot serialise <type>: <reason>`.
fn unsupported(type_name: &str, reason: &str) -> Fail {
    Fail::msg(format!("Cannot serialise {type_name}: {reason}"))
}

/// Lua's name for a value's type.
fn type_name(v: &Value) -> &'static str {
    crate::scripting::libs::raise::type_name(Some(v))
}

/// A JSON string: `"`, `\`, `/` and control characters (and DEL) escaped,
/// other bytes as they are.
fn escape(out: &mut Vec<u8>, s: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push(b'"');
    for &b in s {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'/' => out.extend_from_slice(b"\\/"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            0..=0x1f | 0x7f => {
                out.extend_from_slice(b"\\u00");
                out.extend(
                    [b >> 4, b & 15].map(|d| HEX.get(usize::from(d)).copied().unwrap_or(b'0')),
                );
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

/// Appends C's `%.<precision>g` of `n` (precision 1 to 14 here).
fn write_g(out: &mut Vec<u8>, n: f64, precision: usize) {
    // Whole numbers with at most `precision` digits print as integers.
    if n.fract() == 0.0
        && n.abs() < 10f64.powi(precision as i32)
        && !(n == 0.0 && n.is_sign_negative())
    {
        out.extend_from_slice(itoa::Buffer::new().format(n as i64).as_bytes());
        return;
    }
    out.extend_from_slice(format_g(n, precision).as_bytes());
}

/// C's `%.<precision>g` (precision 1 to 14 here; Lua's own `%.14g`).
pub(crate) fn format_g(n: f64, precision: usize) -> String {
    if n.is_nan() {
        return if n.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if n.is_infinite() {
        return if n < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    if n == 0.0 {
        return if n.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let p = precision.max(1);
    let sci = format!("{:.*e}", p - 1, n);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= p as i64 {
        let mantissa = trim_fraction(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (p as i64 - 1 - exp).max(0) as usize;
        trim_fraction(&format!("{:.*}", decimals, n)).to_string()
    }
}

/// Drops a fraction's trailing zeros, and the point if nothing is left.
fn trim_fraction(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}
