//! Conversions between replies and Lua values, as Redis 7.0 does them
//! (script_lua.c). Reply → Lua is done on Lua's stack by native_call.rs;
//! Lua → reply is here.
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

use mlua::{Table, Value};

use crate::protocol::{Protocol, ReplyWriter};

/// Nesting deeper than this answers an error in place, as Redis does when
/// its Lua stack runs out (and a table that contains itself ends).
const MAX_DEPTH: usize = 200;

/// The field that marks an error table as already counted.
pub(super) const IGNORE_STATS: &str = "ignore_error_stats_update";

/// Whether a script's result is an error table already counted.
pub(super) fn already_counted(value: &Value) -> bool {
    match value {
        Value::Table(t) => matches!(t.raw_get::<Value>(IGNORE_STATS), Ok(Value::Boolean(true))),
        _ => false,
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

/// A script's result that is not a table (numbers, strings, booleans,
/// and anything else, which replies null).
#[derive(Debug, Clone, Copy)]
pub(super) enum Scalar<'a> {
    Nil,
    Boolean(bool),
    Number(f64),
    String(&'a [u8]),
}

/// Writes the reply for a script's result that is not a table (see
/// [`lua_to_reply`]).
pub(super) fn scalar_to_reply(value: Scalar<'_>, w: &mut ReplyWriter, script_resp3: bool) {
    match value {
        Scalar::String(s) => w.bulk(s),
        Scalar::Number(n) => w.integer(truncate(n)),
        Scalar::Boolean(b) => {
            if !script_resp3 {
                if b {
                    w.integer(1);
                } else {
                    null(w);
                }
            } else {
                boolean(w, b);
            }
        }
        Scalar::Nil => null(w),
    }
}

fn write_value(value: &Value, w: &mut ReplyWriter, script_resp3: bool, depth: usize) {
    if depth > MAX_DEPTH {
        w.error("ERR reached lua stack limit");
        return;
    }
    match value {
        Value::String(s) => scalar_to_reply(Scalar::String(&s.as_bytes()), w, script_resp3),
        Value::Integer(i) => w.integer(*i),
        Value::Number(n) => scalar_to_reply(Scalar::Number(*n), w, script_resp3),
        Value::Boolean(b) => scalar_to_reply(Scalar::Boolean(*b), w, script_resp3),
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
