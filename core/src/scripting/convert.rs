//! Conversions between replies and Lua values, as Redis 7.0 does them
//! (script_lua.c).
//!
//! Reply → Lua (what `redis.call` returns), by the script's protocol
//! (`redis.setresp`): integer → number, bulk → string, null bulk / null
//! array → `false` (RESP2) or `nil` (RESP3 null), array → table, status →
//! `{ok=...}`, error → `{err=...}`; RESP3 adds map → `{map={k=v}}`, set →
//! `{set={m=true}}`, double → `{double=n}`, boolean → boolean, big number
//! → `{big_number=s}`, verbatim → `{verbatim_string={format=, string=}}`.
//!
//! Lua → reply (what the script returns): number → integer (truncated),
//! string → bulk, table → an `err` string field makes an error, `ok` a
//! status, `double`, `big_number`, `map`, `set` their RESP3 types (RESP2
//! forms for a RESP2 caller), else an array up to the first nil; `true`
//! → `:1` and `false` → null while the script speaks RESP2, booleans when
//! it speaks RESP3; anything else → null.

use mlua::{Lua, Table, Value};

use crate::protocol::{Protocol, ReplyWriter};

/// Nesting deeper than this answers an error in place, as Redis does when
/// its Lua stack runs out (and a table that contains itself ends).
const MAX_DEPTH: usize = 200;

/// `{err=text}` with Redis's normalization of an error text: a leading
/// `-` dropped, and `ERR ` prepended when it has no code (no space), as
/// `luaPushErrorBuff`; trailing CR/LF trimmed.
pub(super) fn error_table(lua: &Lua, text: &[u8]) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.raw_set("err", lua.create_string(normalize_error(text))?)?;
    Ok(t)
}

/// An error table for an error already counted in the statistics (a
/// command's error reply or refusal inside a script): the script's own
/// error reply, raised or returned, does not count it again (Redis 7.0's
/// field of the same name).
pub(super) fn counted_error_table(lua: &Lua, text: &[u8]) -> mlua::Result<Table> {
    let t = error_table(lua, text)?;
    t.raw_set(IGNORE_STATS, true)?;
    Ok(t)
}

/// The field that marks an error table as already counted.
pub(super) const IGNORE_STATS: &str = "ignore_error_stats_update";

/// Whether a script's result is an error table already counted.
pub(super) fn already_counted(value: &Value) -> bool {
    match value {
        Value::Table(t) => matches!(t.raw_get::<Value>(IGNORE_STATS), Ok(Value::Boolean(true))),
        _ => false,
    }
}

fn normalize_error(text: &[u8]) -> Vec<u8> {
    let mut text = text;
    while let [rest @ .., b'\r' | b'\n'] = text {
        text = rest;
    }
    match text.strip_prefix(b"-") {
        Some(rest) if rest.contains(&b' ') => rest.to_vec(),
        Some(rest) => [&b"ERR "[..], rest].concat(),
        None => text.to_vec(),
    }
}

/// The Lua value of one complete reply.
pub(super) fn reply_to_lua(lua: &Lua, reply: &[u8], resp3: bool) -> mlua::Result<Value> {
    let mut parser = Parser {
        bytes: reply,
        at: 0,
    };
    let _ = resp3;
    parser.value(lua)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    /// The rest of the current line (without CRLF), moving past it.
    fn line(&mut self) -> &'a [u8] {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let end = memchr::memmem::find(rest, b"\r\n").unwrap_or(rest.len());
        self.at += end + 2;
        rest.get(..end).unwrap_or_default()
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let taken = rest.get(..n).unwrap_or(rest);
        self.at += n + 2;
        taken
    }

    fn number(line: &[u8]) -> i64 {
        std::str::from_utf8(line)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    fn value(&mut self, lua: &Lua) -> mlua::Result<Value> {
        let Some(&kind) = self.bytes.get(self.at) else {
            return Ok(Value::Nil);
        };
        self.at += 1;
        let line = self.line();
        Ok(match kind {
            b':' => Value::Number(Self::number(line) as f64),
            b'+' => {
                let t = lua.create_table()?;
                t.raw_set("ok", lua.create_string(line)?)?;
                Value::Table(t)
            }
            b'-' => Value::Table(counted_error_table(lua, &[b"-", line].concat())?),
            b'$' | b'=' => {
                let len = Self::number(line);
                if len < 0 {
                    return Ok(Value::Boolean(false));
                }
                let body = self.take(len as usize);
                if kind == b'=' {
                    let (format, text) = match body.get(3) {
                        Some(b':') => body.split_at(3),
                        _ => (&b"txt"[..], &b":"[..]),
                    };
                    let inner = lua.create_table()?;
                    inner.raw_set("format", lua.create_string(format)?)?;
                    inner.raw_set(
                        "string",
                        lua.create_string(text.get(1..).unwrap_or_default())?,
                    )?;
                    let t = lua.create_table()?;
                    t.raw_set("verbatim_string", inner)?;
                    return Ok(Value::Table(t));
                }
                Value::String(lua.create_string(body)?)
            }
            b'*' | b'~' | b'%' | b'>' => {
                let len = Self::number(line);
                if len < 0 {
                    return Ok(Value::Boolean(false));
                }
                let items = lua.create_table()?;
                for i in 0..len {
                    match kind {
                        b'~' => {
                            let member = self.value(lua)?;
                            items.raw_set(member, true)?;
                        }
                        b'%' => {
                            let key = self.value(lua)?;
                            let value = self.value(lua)?;
                            items.raw_set(key, value)?;
                        }
                        _ => items.raw_set(i + 1, self.value(lua)?)?,
                    }
                }
                match kind {
                    b'~' | b'%' => {
                        let t = lua.create_table()?;
                        t.raw_set(if kind == b'~' { "set" } else { "map" }, items)?;
                        Value::Table(t)
                    }
                    _ => Value::Table(items),
                }
            }
            b'_' => Value::Nil,
            b'#' => Value::Boolean(line == b"t"),
            b',' => {
                let text = std::str::from_utf8(line).unwrap_or("0");
                let value = match text {
                    "inf" => f64::INFINITY,
                    "-inf" => f64::NEG_INFINITY,
                    _ => text.parse().unwrap_or(f64::NAN),
                };
                let t = lua.create_table()?;
                t.raw_set("double", value)?;
                Value::Table(t)
            }
            b'(' => {
                let t = lua.create_table()?;
                t.raw_set("big_number", lua.create_string(line)?)?;
                Value::Table(t)
            }
            _ => Value::Nil,
        })
    }
}

/// Writes the reply for a script's result `value` to a caller speaking
/// `w`'s protocol; `script_resp3` is the script's own `redis.setresp`.
pub(super) fn lua_to_reply(value: &Value, w: &mut ReplyWriter, script_resp3: bool) {
    write_value(value, w, script_resp3, 0);
}

/// Lua's number to C's `long long` as Redis casts it (x86: out of range
/// and NaN give the lowest value).
fn truncate(n: f64) -> i64 {
    if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&n) {
        i64::MIN
    } else {
        n as i64
    }
}

fn write_value(value: &Value, w: &mut ReplyWriter, script_resp3: bool, depth: usize) {
    if depth > MAX_DEPTH {
        w.error("ERR reached lua stack limit");
        return;
    }
    match value {
        Value::String(s) => w.bulk(&s.as_bytes()),
        Value::Integer(i) => w.integer(*i),
        Value::Number(n) => w.integer(truncate(*n)),
        Value::Boolean(b) => {
            if !script_resp3 {
                if *b {
                    w.integer(1);
                } else {
                    null(w);
                }
            } else {
                boolean(w, *b);
            }
        }
        Value::Table(t) => write_table(t, w, script_resp3, depth),
        _ => null(w),
    }
}

/// Null in the caller's protocol.
fn null(w: &mut ReplyWriter) {
    w.null_bulk();
}

fn boolean(w: &mut ReplyWriter, b: bool) {
    match w.protocol() {
        Protocol::Resp2 => w.integer(b as i64),
        Protocol::Resp3 => w.raw(if b { b"#t\r\n" } else { b"#f\r\n" }),
    }
}

fn write_table(t: &Table, w: &mut ReplyWriter, script_resp3: bool, depth: usize) {
    if let Ok(Value::String(err)) = t.raw_get::<Value>("err") {
        let text = err.as_bytes().to_vec();
        w.error_bytes(&text);
        return;
    }
    if let Ok(Value::String(ok)) = t.raw_get::<Value>("ok") {
        let text: Vec<u8> = ok
            .as_bytes()
            .iter()
            .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b })
            .collect();
        w.simple(&String::from_utf8_lossy(&text));
        return;
    }
    if let Ok(Value::Number(d)) = t.raw_get::<Value>("double") {
        w.double(d);
        return;
    }
    if let Ok(Value::Integer(d)) = t.raw_get::<Value>("double") {
        w.double(d as f64);
        return;
    }
    if let Ok(Value::String(big)) = t.raw_get::<Value>("big_number") {
        let text = big.as_bytes().to_vec();
        match w.protocol() {
            Protocol::Resp2 => w.bulk(&text),
            Protocol::Resp3 => {
                let mut bytes = vec![b'('];
                bytes.extend(
                    text.iter()
                        .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
                );
                bytes.extend_from_slice(b"\r\n");
                w.raw(&bytes);
            }
        }
        return;
    }
    if let Ok(Value::Table(map)) = t.raw_get::<Value>("map") {
        let pairs: Vec<(Value, Value)> = map.pairs::<Value, Value>().flatten().collect();
        w.map(pairs.len());
        for (k, v) in &pairs {
            write_value(k, w, script_resp3, depth + 1);
            write_value(v, w, script_resp3, depth + 1);
        }
        return;
    }
    if let Ok(Value::Table(set)) = t.raw_get::<Value>("set") {
        let members: Vec<Value> = set
            .pairs::<Value, Value>()
            .flatten()
            .map(|(k, _)| k)
            .collect();
        w.set(members.len());
        for m in &members {
            write_value(m, w, script_resp3, depth + 1);
        }
        return;
    }
    if let Ok(Value::Table(v)) = t.raw_get::<Value>("verbatim_string") {
        let format = v.raw_get::<mlua::LuaString>("format");
        let text = v.raw_get::<mlua::LuaString>("string");
        if let (Ok(format), Ok(text)) = (format, text) {
            let format = String::from_utf8_lossy(&format.as_bytes()).into_owned();
            w.verbatim(&format, &text.as_bytes());
            return;
        }
    }
    let mut items = Vec::new();
    for i in 1.. {
        match t.raw_get::<Value>(i) {
            Ok(Value::Nil) | Err(_) => break,
            Ok(v) => items.push(v),
        }
    }
    w.array(items.len());
    for item in &items {
        write_value(item, w, script_resp3, depth + 1);
    }
}
