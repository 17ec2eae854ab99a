//! `cjson`: lua-cjson 2.1.0 as Redis bundles it.
//!
//! `cjson.encode(value)`, `cjson.decode(text)`, `cjson.null` (a light
//! userdata NULL), `cjson.new()` (a fresh copy of the module with its own
//! settings), `_NAME` / `_VERSION`, and the settings functions. Settings
//! belong to a module instance and persist across calls (in Redis, across
//! scripts until the interpreter is reset). Each settings function checks
//! its argument count, applies its arguments in order (an invalid later
//! argument leaves the earlier ones applied, as in lua-cjson) and returns
//! the resulting settings.

mod decode;
mod encode;
mod strtod;

use std::ffi::c_void;
use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use mlua::{LightUserData, Lua, MultiValue, Table, Value};

use super::raise::{check_integer, check_string, function, next_function, type_error, Args, Fail};

/// How `encode` treats NaN and infinities.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum InvalidNumbers {
    /// An error (the default).
    Refuse,
    /// `inf`, `-inf`, `nan`.
    Allow,
    /// `null`.
    Null,
}

/// One module instance's settings, with lua-cjson's defaults.
#[derive(Clone, Debug)]
pub(super) struct Config {
    pub sparse_convert: bool,
    pub sparse_ratio: i64,
    pub sparse_safe: i64,
    pub encode_max_depth: i64,
    pub decode_max_depth: i64,
    pub precision: usize,
    pub keep_buffer: bool,
    pub encode_invalid: InvalidNumbers,
    pub decode_invalid: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            sparse_convert: false,
            sparse_ratio: 2,
            sparse_safe: 10,
            encode_max_depth: 1000,
            decode_max_depth: 1000,
            precision: 14,
            keep_buffer: true,
            encode_invalid: InvalidNumbers::Refuse,
            decode_invalid: true,
        }
    }
}

type Shared = Arc<Mutex<Config>>;

/// The settings, whatever a panicking holder left (none does: the lock
/// only guards plain field reads and writes). A mutex rather than a
/// `RefCell` because the VM must be `Send` (adapters move the server
/// across threads); it is never contended.
fn lock(config: &Shared) -> MutexGuard<'_, Config> {
    config.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The light userdata NULL that stands for JSON null.
pub(super) fn null() -> Value {
    Value::LightUserData(LightUserData(ptr::null_mut::<c_void>()))
}

/// The `cjson` table.
pub(super) fn open(lua: &Lua) -> mlua::Result<Table> {
    instance(lua)
}

/// A module instance with default settings.
fn instance(lua: &Lua) -> mlua::Result<Table> {
    let config: Shared = Arc::new(Mutex::new(Config::default()));
    let t = super::library(lua, 14)?;
    let next = next_function(lua)?;
    {
        let config = config.clone();
        t.set(
            "encode",
            function(lua, move |lua, args| {
                one_argument(&args)?;
                let settings = lock(&config).clone();
                let value = args.get(1)?.unwrap_or(Value::Nil);
                let text = encode::encode(lua, &settings, &next, value)?;
                Ok(MultiValue::from_iter([Value::String(
                    lua.create_string(text)?,
                )]))
            })?,
        )?;
    }
    {
        let config = config.clone();
        t.set(
            "decode",
            function(lua, move |lua, args| {
                one_argument(&args)?;
                let text = check_string(lua, &args, 1)?;
                let settings = lock(&config).clone();
                let value = decode::decode(lua, &settings, &text.as_bytes())?;
                Ok(MultiValue::from_iter([value]))
            })?,
        )?;
    }
    setting(lua, &t, &config, "encode_sparse_array", sparse_array)?;
    setting(lua, &t, &config, "encode_max_depth", |lua, a, c| {
        integer_setting(lua, a, 1, &mut c.encode_max_depth, 1, i32::MAX as i64)?;
        Ok(vec![Value::Integer(c.encode_max_depth)])
    })?;
    setting(lua, &t, &config, "decode_max_depth", |lua, a, c| {
        integer_setting(lua, a, 1, &mut c.decode_max_depth, 1, i32::MAX as i64)?;
        Ok(vec![Value::Integer(c.decode_max_depth)])
    })?;
    setting(lua, &t, &config, "encode_number_precision", |lua, a, c| {
        let mut p = c.precision as i64;
        integer_setting(lua, a, 1, &mut p, 1, 14)?;
        c.precision = p as usize;
        Ok(vec![Value::Integer(p)])
    })?;
    setting(lua, &t, &config, "encode_keep_buffer", |lua, a, c| {
        if let Some(on) = switch(lua, a, 1, &["off", "on"])? {
            c.keep_buffer = on == 1;
        }
        Ok(vec![Value::Boolean(c.keep_buffer)])
    })?;
    setting(lua, &t, &config, "encode_invalid_numbers", |lua, a, c| {
        if let Some(choice) = switch(lua, a, 1, &["off", "on", "null"])? {
            c.encode_invalid = match choice {
                0 => InvalidNumbers::Refuse,
                1 => InvalidNumbers::Allow,
                _ => InvalidNumbers::Null,
            };
        }
        Ok(vec![match c.encode_invalid {
            InvalidNumbers::Null => Value::String(lua.create_string("null")?),
            other => Value::Boolean(other == InvalidNumbers::Allow),
        }])
    })?;
    setting(lua, &t, &config, "decode_invalid_numbers", |lua, a, c| {
        if let Some(on) = switch(lua, a, 1, &["off", "on"])? {
            c.decode_invalid = on == 1;
        }
        Ok(vec![Value::Boolean(c.decode_invalid)])
    })?;
    t.set(
        "new",
        function(lua, |lua, _| {
            Ok(MultiValue::from_iter([Value::Table(instance(lua)?)]))
        })?,
    )?;
    t.set("null", null())?;
    t.set("_NAME", "cjson")?;
    t.set("_VERSION", "2.1.0")?;
    Ok(t)
}

/// `encode` and `decode` take exactly one argument.
fn one_argument(args: &Args) -> Result<(), Fail> {
    if args.len() == 1 {
        Ok(())
    } else {
        Err(Fail::arg(1, "expected 1 argument"))
    }
}

/// Registers a settings function taking at most as many arguments as
/// its options (`max_args`, known from the name) and returning values.
fn setting<F>(lua: &Lua, t: &Table, config: &Shared, name: &'static str, f: F) -> mlua::Result<()>
where
    F: Fn(&Lua, &Args, &mut Config) -> Result<Vec<Value>, Fail> + Send + 'static,
{
    let max_args = if name == "encode_sparse_array" { 3 } else { 1 };
    let config = config.clone();
    t.set(
        name,
        function(lua, move |lua, args| {
            if args.len() > max_args {
                return Err(Fail::arg(max_args + 1, "found too many arguments"));
            }
            let mut c = lock(&config);
            let values = f(lua, &args, &mut c)?;
            Ok(MultiValue::from_iter(values))
        })?,
    )
}

/// `encode_sparse_array([convert [, ratio [, safe]]])`.
fn sparse_array(lua: &Lua, args: &Args, c: &mut Config) -> Result<Vec<Value>, Fail> {
    if let Some(on) = switch(lua, args, 1, &["off", "on"])? {
        c.sparse_convert = on == 1;
    }
    integer_setting(lua, args, 2, &mut c.sparse_ratio, 0, i32::MAX as i64)?;
    integer_setting(lua, args, 3, &mut c.sparse_safe, 0, i32::MAX as i64)?;
    Ok(vec![
        Value::Boolean(c.sparse_convert),
        Value::Integer(c.sparse_ratio),
        Value::Integer(c.sparse_safe),
    ])
}

/// An integer setting at argument `index`, unchanged when absent or nil.
/// lua-cjson names argument 1 in its range error whatever the index.
fn integer_setting(
    lua: &Lua,
    args: &Args,
    index: usize,
    value: &mut i64,
    min: i64,
    max: i64,
) -> Result<(), Fail> {
    if matches!(args.get(index)?, None | Some(Value::Nil)) {
        return Ok(());
    }
    let n = check_integer(lua, args, index)?;
    if n < min || n > max {
        return Err(Fail::arg(
            1,
            format!("expected integer between {min} and {max}"),
        ));
    }
    *value = n;
    Ok(())
}

/// An on/off setting at argument `index`: a boolean (true is option 1) or
/// one of `options` by name (`luaL_checkoption`); `None` when absent or nil.
fn switch(lua: &Lua, args: &Args, index: usize, options: &[&str]) -> Result<Option<usize>, Fail> {
    match args.get(index)? {
        None | Some(Value::Nil) => Ok(None),
        Some(Value::Boolean(b)) => Ok(Some(usize::from(b))),
        Some(v @ (Value::String(_) | Value::Integer(_) | Value::Number(_))) => {
            let name = lua
                .coerce_string(v.clone())?
                .ok_or_else(|| type_error(index, "string", Some(&v)))?;
            let name = name.as_bytes();
            match options.iter().position(|o| o.as_bytes() == &name[..]) {
                Some(i) => Ok(Some(i)),
                None => {
                    let mut detail = b"invalid option '".to_vec();
                    detail.extend_from_slice(&name);
                    detail.push(b'\'');
                    Err(Fail::arg(index, detail))
                }
            }
        }
        Some(v) => Err(type_error(index, "string", Some(&v))),
    }
}
