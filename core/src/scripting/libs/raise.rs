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

// The C-closure trampoline and the raw `next` are the libraries' only
// unsafe code; everywhere else the crate denies it (lib.rs).
#![allow(unsafe_code)]

use std::ffi::{c_int, c_void};
use std::ptr;

use mlua::{ffi, Function, LightUserData, Lua, MultiValue, Table, Value};

/// Why a library function failed.
#[derive(Debug)]
pub(super) enum Fail {
    /// `luaL_error`: the message, prefixed with the caller's position.
    Message(Vec<u8>),
    /// `luaL_argerror`: argument number (0 or more) and the detail in parentheses.
    Arg(usize, Vec<u8>),
    /// An error the Lua core raises from inside a C function (`table index
    /// is nil`): the message alone, without a position.
    Plain(Vec<u8>),
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

/// The address that marks the trampoline's protocol values (a failure,
/// results in a table, arguments in a table); no script makes a light
/// userdata with it.
static MARK: u8 = 0;

fn mark() -> *mut c_void {
    ptr::addr_of!(MARK) as *mut c_void
}

/// Codes in the second value after the mark (0 and up: `luaL_argerror`
/// with that argument number).
const CODE_ERROR: i64 = -1;
const CODE_PLAIN: i64 = -2;
const CODE_RESULTS: i64 = -3;

/// Calls with more arguments than this get them in a table: mlua takes a
/// callback's arguments onto the Rust side as references, of which it
/// has fewer than the Lua C stack has slots (8000), and Lua code may pass
/// a C function nearly that many.
const DIRECT_ARGS: c_int = 64;

/// A library function's arguments: given directly, or (many of them) in
/// a table read one at a time.
pub(super) struct Args {
    direct: MultiValue,
    table: Option<Table>,
    len: usize,
}

impl Args {
    fn new(direct: MultiValue) -> Args {
        let mut values = direct.iter();
        if let (
            Some(Value::LightUserData(m)),
            Some(Value::Table(t)),
            Some(Value::Integer(n)),
            None,
        ) = (values.next(), values.next(), values.next(), values.next())
        {
            if m.0 == mark() {
                let (table, len) = (t.clone(), usize::try_from(*n).unwrap_or(0));
                return Args {
                    direct: MultiValue::new(),
                    table: Some(table),
                    len,
                };
            }
        }
        let len = direct.len();
        Args {
            direct,
            table: None,
            len,
        }
    }

    /// How many arguments were passed (`lua_gettop`).
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Argument `index` (from 1); `None` past the last.
    pub(super) fn get(&self, index: usize) -> Result<Option<Value>, Fail> {
        if index == 0 || index > self.len {
            return Ok(None);
        }
        match &self.table {
            Some(t) => Ok(Some(t.raw_get(index)?)),
            None => Ok(self.direct.get(index - 1).cloned()),
        }
    }
}

/// A library function: `f` behind the [`trampoline`].
pub(super) fn function<F>(lua: &Lua, f: F) -> mlua::Result<Function>
where
    F: Fn(&Lua, Args) -> Outcome + Send + 'static,
{
    let inner =
        lua.create_function(move |lua, args: MultiValue| match f(lua, Args::new(args)) {
            Ok(values) => Ok(values),
            Err(Fail::Lua(e)) => Err(e),
            Err(Fail::Message(text)) => marked(lua, CODE_ERROR, text),
            Err(Fail::Plain(text)) => marked(lua, CODE_PLAIN, text),
            Err(Fail::Arg(n, text)) => marked(lua, i64::try_from(n).unwrap_or(i64::MAX), text),
        })?;
    // SAFETY: pushes one C closure over the function given as the one
    // argument; `trampoline` keeps the protocol documented on it.
    unsafe { lua.exec_raw::<Function>(inner, |state| ffi::lua_pushcclosure(state, trampoline, 1)) }
}

/// The three values a failed callback returns.
fn marked(lua: &Lua, code: i64, text: Vec<u8>) -> mlua::Result<MultiValue> {
    Ok(MultiValue::from_iter([
        Value::LightUserData(LightUserData(mark())),
        Value::Integer(code),
        Value::String(lua.create_string(text)?),
    ]))
}

/// A list of results gathered in a Lua table as they are made (so that
/// thousands of strings do not each hold an mlua reference), returned by
/// the [`trampoline`] from its own frame, where up to 7999 fit as they do
/// for a C function.
pub(super) struct Results {
    table: Table,
    len: usize,
}

impl Results {
    pub(super) fn new(lua: &Lua) -> mlua::Result<Results> {
        Ok(Results {
            table: lua.create_table()?,
            len: 0,
        })
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn push(&mut self, v: Value) -> mlua::Result<()> {
        self.len += 1;
        self.table.raw_set(self.len, v)
    }

    /// Replaces result `index` (from 1).
    pub(super) fn set(&mut self, index: usize, v: Value) -> mlua::Result<()> {
        self.table.raw_set(index, v)
    }

    /// Takes back the last result (nil when there is none).
    pub(super) fn pop(&mut self) -> mlua::Result<Value> {
        if self.len == 0 {
            return Ok(Value::Nil);
        }
        let v = self.table.raw_get(self.len)?;
        self.table.raw_set(self.len, Value::Nil)?;
        self.len -= 1;
        Ok(v)
    }

    pub(super) fn finish(self) -> Outcome {
        Ok(MultiValue::from_iter([
            Value::LightUserData(LightUserData(mark())),
            Value::Integer(CODE_RESULTS),
            Value::Table(self.table),
            Value::Integer(i64::try_from(self.len).unwrap_or(i64::MAX)),
        ]))
    }
}

/// Whether stack slot `idx` holds the protocol mark.
unsafe fn is_mark(state: *mut ffi::lua_State, idx: c_int) -> bool {
    ffi::lua_type(state, idx) == ffi::LUA_TLIGHTUSERDATA
        && ffi::lua_touserdata(state, idx) == mark()
}

/// Calls upvalue 1 (the Rust callback) with this call's arguments (in a
/// table when there are many) and returns its results (pushed from a
/// table for [`Results`]), or raises the error it reports as
/// `luaL_argerror` / `luaL_error` / the Lua core would from this C
/// function.
///
/// Errors of the callback itself (mlua errors, a panic) propagate through
/// this frame unchanged. No Rust value with a destructor lives in this
/// frame, so a Lua error unwinding through it skips nothing.
unsafe extern "C-unwind" fn trampoline(state: *mut ffi::lua_State) -> c_int {
    let nargs = ffi::lua_gettop(state);
    // Room for the closure and the marks (plain lua_checkstack: mlua's
    // luaL_checkstack asks for 20 more slots than it is given).
    if ffi::lua_checkstack(state, 4) == 0 {
        ffi::luaL_error(state, c"stack overflow".as_ptr());
    }
    if nargs > DIRECT_ARGS {
        ffi::lua_createtable(state, nargs, 0);
        ffi::lua_insert(state, 1);
        for i in (1..=nargs).rev() {
            ffi::lua_rawseti(state, 1, ffi::lua_Integer::from(i));
        }
        ffi::lua_pushlightuserdata(state, mark());
        ffi::lua_insert(state, 1);
        ffi::lua_pushinteger(state, ffi::lua_Integer::from(nargs));
    }
    let nargs = ffi::lua_gettop(state);
    ffi::lua_pushvalue(state, ffi::lua_upvalueindex(1));
    ffi::lua_insert(state, 1);
    ffi::lua_call(state, nargs, ffi::LUA_MULTRET);
    let results = ffi::lua_gettop(state);
    if results == 4
        && is_mark(state, 1)
        && ffi::lua_tointeger(state, 2) == CODE_RESULTS as ffi::lua_Integer
    {
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
    if results == 3 && is_mark(state, 1) {
        let code = ffi::lua_tointeger(state, 2);
        if code >= 0 {
            let narg = c_int::try_from(code).unwrap_or(c_int::MAX);
            let detail = ffi::lua_tolstring(state, 3, ptr::null_mut());
            ffi::luaL_argerror(state, narg, detail);
        }
        if code == CODE_ERROR as ffi::lua_Integer {
            ffi::luaL_where(state, 1);
            ffi::lua_insert(state, 3);
            ffi::lua_concat(state, 2);
        }
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
    Fail::arg(
        index,
        format!("{expected} expected, got {}", type_name(got)),
    )
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
pub(super) fn check_number(lua: &Lua, args: &Args, index: usize) -> Result<f64, Fail> {
    to_number(lua, args.get(index)?, index)
}

/// [`check_number`] for a value already taken (`None`: absent).
pub(super) fn to_number(lua: &Lua, v: Option<Value>, index: usize) -> Result<f64, Fail> {
    match v {
        Some(Value::String(s)) => match lua.coerce_number(Value::String(s.clone()))? {
            Some(n) => Ok(n),
            None => Err(type_error(index, "number", Some(&Value::String(s)))),
        },
        Some(v) => as_number(&v).ok_or_else(|| type_error(index, "number", Some(&v))),
        None => Err(type_error(index, "number", None)),
    }
}

/// `luaL_checkinteger`: [`check_number`] truncated as C's cast to a 64-bit
/// integer does on x86-64 (out of range and NaN give `i64::MIN`).
pub(super) fn check_integer(lua: &Lua, args: &Args, index: usize) -> Result<i64, Fail> {
    check_number(lua, args, index).map(c_integer)
}

/// C's `(long long)d` as x86-64 computes it.
pub(super) fn c_integer(d: f64) -> i64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if (-TWO_63..TWO_63).contains(&d) {
        d as i64
    } else {
        i64::MIN
    }
}

/// `luaL_optinteger`: absent or nil gives `default`.
pub(super) fn opt_integer(lua: &Lua, args: &Args, index: usize, default: i64) -> Result<i64, Fail> {
    match args.get(index)? {
        None | Some(Value::Nil) => Ok(default),
        Some(_) => check_integer(lua, args, index),
    }
}

/// `luaL_checklstring`: a string, or a number converted as Lua prints it.
pub(super) fn check_string(lua: &Lua, args: &Args, index: usize) -> Result<mlua::LuaString, Fail> {
    to_string(lua, args.get(index)?, index)
}

/// [`check_string`] for a value already taken (`None`: absent).
pub(super) fn to_string(
    lua: &Lua,
    v: Option<Value>,
    index: usize,
) -> Result<mlua::LuaString, Fail> {
    match v {
        Some(Value::String(s)) => Ok(s),
        Some(v @ (Value::Integer(_) | Value::Number(_))) => match lua.coerce_string(v.clone())? {
            Some(s) => Ok(s),
            None => Err(type_error(index, "string", Some(&v))),
        },
        v => Err(type_error(index, "string", v.as_ref())),
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
