//! Library functions that fail the way the C libraries fail.
//!
//! Redis's bundled libraries are C functions that raise plain Lua string
//! errors: `luaL_error` (the message prefixed with the calling Lua code's
//! position, `user_script:1: `) or `luaL_argerror` (`bad argument #2 to
//! 'band' (number expected, got string)`, the function's name taken from the
//! calling instruction). An mlua callback that returns `Err` raises an mlua
//! error object instead (a userdata with a Rust traceback), which scripts
//! would see from `pcall` and which has no position. So each library
//! function is a small C closure, [`trampoline`], around its Rust callback:
//! the callback reports a library error as a marked return value and the
//! trampoline, once the callback's frame is gone, raises it with the Lua C
//! API exactly as the C library would. The script-visible stack is the
//! same as Redis's (one C function), so Redis's error handler, which looks
//! past a C frame for the script's line, finds the same line.

use std::ffi::{c_int, c_void};
use std::ptr;

use mlua::{ffi, Function, LightUserData, Lua, MultiValue, Value};

/// Why a library function failed.
#[derive(Debug)]
pub(super) enum Fail {
    /// `luaL_error`: the message, prefixed with the caller's position.
    Message(Vec<u8>),
    /// `luaL_argerror`: argument number (from 1) and the detail in parentheses.
    Arg(usize, Vec<u8>),
    /// An error of mlua itself (out of memory, a failed conversion), raised as is.
    Lua(mlua::Error),
}

impl From<mlua::Error> for Fail {
    fn from(e: mlua::Error) -> Fail {
        Fail::Lua(e)
    }
}

impl Fail {
    /// A `luaL_argerror` detail.
    pub(super) fn arg(index: usize, detail: impl Into<Vec<u8>>) -> Fail {
        Fail::Arg(index, detail.into())
    }

    /// A `luaL_error` message.
    pub(super) fn msg(text: impl Into<Vec<u8>>) -> Fail {
        Fail::Message(text.into())
    }
}

/// What a library callback returns.
pub(super) type Outcome = Result<MultiValue, Fail>;

/// The address that marks a failure among a callback's return values; no
/// script can make a light userdata with it.
static FAIL_MARK: u8 = 0;

fn fail_mark() -> *mut c_void {
    ptr::addr_of!(FAIL_MARK) as *mut c_void
}

/// A library function: `f` behind the [`trampoline`].
pub(super) fn function<F>(lua: &Lua, f: F) -> mlua::Result<Function>
where
    F: Fn(&Lua, MultiValue) -> Outcome + 'static,
{
    let inner = lua.create_function(move |lua, args: MultiValue| match f(lua, args) {
        Ok(values) => Ok(values),
        Err(Fail::Lua(e)) => Err(e),
        Err(Fail::Message(text)) => marked(lua, 0, text),
        Err(Fail::Arg(n, text)) => marked(lua, n, text),
    })?;
    // SAFETY: pushes one C closure over the function given as the one
    // argument; `trampoline` keeps the protocol documented on it.
    unsafe { lua.exec_raw::<Function>(inner, |state| ffi::lua_pushcclosure(state, trampoline, 1)) }
}

/// Results at most this many return directly; more go through a table.
const DIRECT_RESULTS: usize = 64;

/// Returns `values` from a library function. mlua's callback returns stop
/// short of the Lua C stack limit (8000 slots) that the C libraries
/// reach, so a long list is handed to the [`trampoline`] in a table and
/// pushed from its frame, where up to 7999 fit as they do in C.
pub(super) fn results(lua: &Lua, values: Vec<Value>) -> Outcome {
    if values.len() <= DIRECT_RESULTS {
        return Ok(MultiValue::from_iter(values));
    }
    let n = values.len();
    let table = lua.create_table_with_capacity(n, 0)?;
    for (i, v) in values.into_iter().enumerate() {
        table.raw_set(i + 1, v)?;
    }
    Ok(MultiValue::from_iter([
        Value::LightUserData(LightUserData(fail_mark())),
        Value::Integer(-1),
        Value::Table(table),
        Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)),
    ]))
}

/// The three values a failed callback returns: the mark, the argument
/// number (0 for a plain message) and the text.
fn marked(lua: &Lua, narg: usize, text: Vec<u8>) -> mlua::Result<MultiValue> {
    let narg = i64::try_from(narg).unwrap_or(i64::MAX);
    Ok(MultiValue::from_iter([
        Value::LightUserData(LightUserData(fail_mark())),
        Value::Integer(narg),
        Value::String(lua.create_string(text)?),
    ]))
}

/// Calls upvalue 1 (the Rust callback) with this call's arguments and
/// returns its results (pushing them from a table for [`results`]), or raises the error it reports as
/// `luaL_argerror` / `luaL_error` would from this C function.
///
/// Errors of the callback itself (mlua errors, a panic) propagate through
/// this frame unchanged. No Rust value with a destructor lives in this
/// frame, so a Lua error unwinding through it skips nothing.
unsafe extern "C-unwind" fn trampoline(state: *mut ffi::lua_State) -> c_int {
    let nargs = ffi::lua_gettop(state);
    ffi::luaL_checkstack(state, 3, ptr::null());
    ffi::lua_pushvalue(state, ffi::lua_upvalueindex(1));
    ffi::lua_insert(state, 1);
    ffi::lua_call(state, nargs, ffi::LUA_MULTRET);
    let results = ffi::lua_gettop(state);
    if results == 4
        && ffi::lua_type(state, 1) == ffi::LUA_TLIGHTUSERDATA
        && ffi::lua_touserdata(state, 1) == fail_mark()
    {
        // Many results, in the table at 3: push them from this frame.
        let n = c_int::try_from(ffi::lua_tointeger(state, 4)).unwrap_or(c_int::MAX);
        ffi::lua_settop(state, 3);
        ffi::lua_replace(state, 1);
        ffi::lua_settop(state, 1);
        if ffi::lua_checkstack(state, n) == 0 {
            ffi::luaL_error(state, c"stack overflow (too many results)".as_ptr());
        }
        for i in 1..=n {
            ffi::lua_rawgeti(state, 1, ffi::lua_Integer::from(i));
        }
        ffi::lua_remove(state, 1);
        return n;
    }
    if results == 3
        && ffi::lua_type(state, 1) == ffi::LUA_TLIGHTUSERDATA
        && ffi::lua_touserdata(state, 1) == fail_mark()
    {
        let narg = ffi::lua_tointeger(state, 2);
        if narg > 0 {
            let narg = c_int::try_from(narg).unwrap_or(c_int::MAX);
            let detail = ffi::lua_tolstring(state, 3, ptr::null_mut());
            ffi::luaL_argerror(state, narg, detail);
        }
        ffi::luaL_where(state, 1);
        ffi::lua_insert(state, 3);
        ffi::lua_concat(state, 2);
        ffi::lua_error(state);
    }
    results
}

/// The name `lua_typename` gives a value; `None` is an absent argument.
pub(super) fn type_name(v: Option<&Value>) -> &'static str {
    match v {
        None => "no value",
        Some(Value::Nil) => "nil",
        Some(Value::Boolean(_)) => "boolean",
        Some(Value::LightUserData(_)) | Some(Value::UserData(_)) => "userdata",
        Some(Value::Integer(_)) | Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Table(_)) => "table",
        Some(Value::Function(_)) => "function",
        Some(Value::Thread(_)) => "thread",
        Some(_) => "userdata",
    }
}

/// The `expected, got` detail of `luaL_typerror`.
pub(super) fn type_error(index: usize, expected: &str, got: Option<&Value>) -> Fail {
    Fail::arg(index, format!("{expected} expected, got {}", type_name(got)))
}

/// A number value (integer or float) as a double.
pub(super) fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

/// `luaL_checknumber`: a number, or a string Lua converts to one.
pub(super) fn check_number(lua: &Lua, args: &MultiValue, index: usize) -> Result<f64, Fail> {
    let v = args.get(index - 1);
    match v {
        Some(Value::String(_)) => match lua.coerce_number(v.cloned().unwrap_or(Value::Nil))? {
            Some(n) => Ok(n),
            None => Err(type_error(index, "number", v)),
        },
        Some(v) => as_number(v).ok_or_else(|| type_error(index, "number", Some(v))),
        None => Err(type_error(index, "number", None)),
    }
}

/// `luaL_checkinteger`: [`check_number`] truncated as C's cast to a 64-bit
/// integer does on x86-64 (out of range and NaN give `i64::MIN`).
pub(super) fn check_integer(lua: &Lua, args: &MultiValue, index: usize) -> Result<i64, Fail> {
    check_number(lua, args, index).map(c_integer)
}

/// C's `(long long)d` as x86-64 computes it.
pub(super) fn c_integer(d: f64) -> i64 {
    if d.is_nan() || d >= 9.223_372_036_854_775_807e18 || d < -9.223_372_036_854_775_808e18 {
        i64::MIN
    } else {
        d as i64
    }
}

/// `luaL_optinteger`: absent or nil gives `default`.
pub(super) fn opt_integer(lua: &Lua, args: &MultiValue, index: usize, default: i64) -> Result<i64, Fail> {
    match args.get(index - 1) {
        None | Some(Value::Nil) => Ok(default),
        Some(_) => check_integer(lua, args, index),
    }
}

/// `luaL_checklstring`: a string, or a number converted as Lua prints it.
pub(super) fn check_string(lua: &Lua, args: &MultiValue, index: usize) -> Result<mlua::LuaString, Fail> {
    let v = args.get(index - 1);
    match v {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Integer(_)) | Some(Value::Number(_)) => {
            match lua.coerce_string(v.cloned().unwrap_or(Value::Nil))? {
                Some(s) => Ok(s),
                None => Err(type_error(index, "string", v)),
            }
        }
        _ => Err(type_error(index, "string", v)),
    }
}

/// Lua's `next(t, k)` as a C function (`lua_next`), for walking tables
/// whose walk must be resumable (an explicit stack instead of recursion)
/// without depending on the script-visible global `next`.
pub(super) fn next_function(lua: &Lua) -> mlua::Result<Function> {
    // SAFETY: `raw_next` only calls the Lua C API on its own arguments.
    unsafe { lua.create_c_function(raw_next) }
}

/// `next(t, k)`: the following key and value, or nil at the end. An
/// invalid key raises Lua's own error; nothing in this frame needs dropping.
unsafe extern "C-unwind" fn raw_next(state: *mut ffi::lua_State) -> c_int {
    ffi::luaL_checktype(state, 1, ffi::LUA_TTABLE);
    ffi::lua_settop(state, 2);
    if ffi::lua_next(state, 1) != 0 {
        2
    } else {
        ffi::lua_pushnil(state);
        1
    }
}
