//! The only unsafe code of scripting: what mlua does not offer under Lua
//! 5.1, done with Lua's C API.
//!
//! - **Slices.** A script runs as a coroutine with a count hook. When the
//!   hook fires at a point where Lua 5.1 can yield (no C call boundary
//!   between the hook and the coroutine's base: not inside `pcall`, a
//!   metamethod, a `table.sort` comparator, a `gsub` callback), and the
//!   slice's budget is spent, it yields, and [`resume`] returns
//!   [`Resumed::Yielded`]; the engine resumes it at its next timer call.
//!   mlua's hook API refuses to yield under 5.1, though Lua 5.1 itself
//!   allows it from a count hook (`lua_yield` as the hook's last act).
//!   Lua 5.1 has no `lua_isyieldable`: the test is `nCcalls <= baseCcalls`,
//!   read through a mirror of the head of 5.1.5's `struct lua_State`
//!   ([`StateHead`]), checked by [`layout_ok`] when the VM is built; if the
//!   check fails, scripts never yield (each runs whole, bounded by
//!   [`STUCK_HOOKS`] as below).
//! - **The one divergence from Redis.** Where the hook cannot yield, the
//!   slice goes on; once a slice has run [`STUCK_HOOKS`] firings without
//!   reaching a point where it can yield, the hook raises a Lua error at
//!   every line until it does (then the slice ends), so even
//!   `while 1 do pcall(function() while true do end end) end` keeps every
//!   call into the core bounded (Redis would run it until SCRIPT KILL;
//!   here the pcall catches the error and the script goes on).
//! - **Resuming.** mlua's `Thread::resume` turns error values that are not
//!   strings into strings, losing Redis's error tables (`{err=...}`);
//!   [`resume`] calls `lua_resume` and moves the first returned value, or
//!   the error value, into a named registry slot that safe code reads
//!   ([`RESULT_KEY`]), and reads where a failed script stopped.
//! - **The call context.** `redis.call` needs the engine's store and the
//!   script's client, which the engine owns as `&mut`: [`resume`] lends a
//!   pointer to them through a thread-local for exactly the duration of
//!   `lua_resume`, and [`with_env`] hands it to the callback.
#![allow(unsafe_code)]

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

use mlua::{ffi, Lua};

use super::convert::Scalar;
use super::coroutine::Coroutine;

use super::call::CallEnv;

/// Instructions between two firings of the count hook.
pub(super) const HOOK_INSTRUCTIONS: c_int = 10_000;
/// Firings at a yieldable point before a slice yields (about a million
/// instructions, a few milliseconds).
pub(super) const SLICE_HOOKS: u32 = 100;
/// `redis.call`s that count as one hook firing: a loop of calls does far
/// more work per Lua instruction than plain Lua.
const CALLS_PER_HOOK: u32 = 20;
/// Firings in one slice, all spent where the script cannot yield, before
/// the hook raises an error (about 10 million instructions); it raises at
/// every line then until the script reaches a point where it can yield
/// (and does) or ends.
pub(super) const STUCK_HOOKS: u32 = 1_000;
/// The registry slot [`resume`] leaves a finished script's first return
/// value, or a failed one's error value, in.
pub(super) const RESULT_KEY: &str = "__miniredis_result";
/// The error the hook raises where the script cannot yield for too long.
const STUCK_ERROR: &CStr =
    c"ERR the script ran too long inside a call that cannot be suspended (pcall, a metamethod, a sort comparator)";

/// The head of Lua 5.1.5's `struct lua_State` (lstate.h), up to the two
/// C-call counters.
#[repr(C)]
struct StateHead {
    next: *mut c_void,
    tt: u8,
    marked: u8,
    status: u8,
    top: *mut c_void,
    base: *mut c_void,
    l_g: *mut c_void,
    ci: *mut c_void,
    savedpc: *mut c_void,
    stack_last: *mut c_void,
    stack: *mut c_void,
    end_ci: *mut c_void,
    base_ci: *mut c_void,
    stacksize: c_int,
    size_ci: c_int,
    n_ccalls: u16,
    base_ccalls: u16,
}

/// What the hook and `redis.call` see during one [`resume`].
#[derive(Clone, Copy)]
struct Slice {
    /// The script's coroutine (a coroutine the script made is not it).
    thread: *mut ffi::lua_State,
    /// Whether the thread may be yielded from at all (see [`layout_ok`]).
    can_yield: bool,
    /// Hook firings so far in this slice, and how many end it at the
    /// next yieldable point.
    fired: u32,
    budget: u32,
    /// `redis.call`s so far in this slice (see [`CALLS_PER_HOOK`]).
    calls: u32,
    env: *mut c_void,
}

thread_local! {
    static SLICE: Cell<Option<Slice>> = const { Cell::new(None) };
}

/// How a [`resume`] ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Resumed {
    /// The slice's budget is spent: resume again.
    Yielded,
    /// The script returned a table; it is at [`RESULT_KEY`].
    Returned,
    /// The script returned something else, left on its coroutine: read
    /// it with [`scalar_result`].
    ReturnedScalar,
    /// The script failed; the error value is at [`RESULT_KEY`], with where
    /// it stopped (the innermost frame of a chunk named `@user_script`...:
    /// source and line), when known.
    Failed(Option<(String, i64)>),
}

/// Checks the [`StateHead`] mirror against the running library: the
/// status byte agrees with `lua_status`, and a fresh coroutine counts no
/// C call above its base. False means: never yield.
pub(super) fn layout_ok(lua: &Lua) -> bool {
    let Ok(f) = lua.create_function(|_, ()| Ok(())) else {
        return false;
    };
    let Ok(thread) = lua.create_thread(f) else {
        return false;
    };
    let state = thread.state();
    // SAFETY: `state` is a live lua_State owned by `thread`; only the
    // fields of the mirrored head are read, and lua_status reads the same
    // object through the library.
    unsafe {
        let head = &*(state as *const StateHead);
        let status = ffi::lua_status(state);
        c_int::from(head.status) == status
            && status == 0
            && head.n_ccalls <= head.base_ccalls
            && head.stacksize > 0
            && head.size_ci > 0
            && !head.stack.is_null()
    }
}

/// Installs the slice hook on the script's coroutine.
fn install_hook(thread: &Coroutine) {
    // SAFETY: the state belongs to a live thread; the hook only reads the
    // thread-local slice state and calls the C API on the state it gets.
    unsafe {
        ffi::lua_sethook(
            thread.state(),
            Some(hook),
            ffi::LUA_MASKCOUNT,
            HOOK_INSTRUCTIONS,
        );
    }
}

unsafe extern "C-unwind" fn hook(state: *mut ffi::lua_State, _ar: *mut ffi::lua_Debug) {
    let Some(mut slice) = SLICE.with(Cell::get) else {
        return;
    };
    slice.fired = slice.fired.saturating_add(1);
    SLICE.with(|s| s.set(Some(slice)));
    let work = slice.fired.saturating_add(slice.calls / CALLS_PER_HOOK);
    // SAFETY: `state` is the running thread; the mirror's layout was
    // checked (`can_yield` is false otherwise, and then it is not read).
    let yieldable = slice.can_yield
        && state == slice.thread
        && unsafe {
            let head = &*(state as *const StateHead);
            head.n_ccalls <= head.base_ccalls
        };
    if yieldable {
        if work >= slice.budget {
            // SAFETY: at a yieldable point of the coroutine being resumed,
            // as the hook's last act (Lua 5.1 then suspends it).
            unsafe {
                ffi::lua_yield(state, 0);
            }
        }
        return;
    }
    if work >= STUCK_HOOKS {
        // Raised at every line from now on (as Redis raises SCRIPT KILL's
        // error), so a pcall that catches it cannot loop on: the error
        // unwinds to a yieldable point, where the slice ends, or ends the
        // script.
        // SAFETY: changing the running thread's hook and raising an error
        // from a hook are allowed; no Rust frame with destructors lies
        // between here and Lua's error handler.
        unsafe {
            ffi::lua_sethook(
                state,
                Some(hook),
                ffi::LUA_MASKCOUNT | ffi::LUA_MASKLINE,
                HOOK_INSTRUCTIONS,
            );
            ffi::lua_pushstring(state, STUCK_ERROR.as_ptr());
            ffi::lua_error(state);
        }
    }
}

/// Runs the script's coroutine for one slice of `hooks` hook firings,
/// with `env` lent to `redis.call` ([`with_env`]) until it returns.
pub(super) fn resume(
    lua: &Lua,
    thread: &Coroutine,
    can_yield: bool,
    hooks: u32,
    env: &mut CallEnv<'_>,
) -> Resumed {
    let state = thread.state();
    let slice = Slice {
        thread: state,
        can_yield,
        fired: 0,
        budget: hooks,
        calls: 0,
        env: env as *mut CallEnv<'_> as *mut c_void,
    };
    // A slice that raised in a stuck call left a line hook: count again.
    install_hook(thread);
    let previous = SLICE.with(|s| s.replace(Some(slice)));
    // SAFETY: `state` is a live coroutine, suspended or not started (the
    // caller never resumes a finished one); its stack holds the function
    // (first time) or nothing. Results are moved to the registry under a
    // key created when the VM was built, so the raw calls neither
    // allocate nor raise.
    let resumed = unsafe {
        // A fresh coroutine (status 0: never resumed) is called with
        // what lies above its function (FCALL's keys and arguments).
        let nargs = match ffi::lua_status(state) {
            0 => (ffi::lua_gettop(state) - 1).max(0),
            _ => 0,
        };
        let status = ffi::lua_resume_(state, nargs);
        // Room for the one value pushed below (a failed thread's frame
        // has none to spare).
        ffi::lua_checkstack(state, 2);
        match status {
            ffi::LUA_YIELD => {
                ffi::lua_settop(state, 0);
                Resumed::Yielded
            }
            0 if ffi::lua_gettop(state) >= 1 && ffi::lua_type(state, 1) == ffi::LUA_TTABLE => {
                ffi::lua_pushvalue(state, 1);
                set_result(state);
                ffi::lua_settop(state, 0);
                Resumed::Returned
            }
            0 => {
                ffi::lua_settop(state, 1);
                Resumed::ReturnedScalar
            }
            _ => {
                let location = error_location(state);
                if ffi::lua_gettop(state) < 1 {
                    ffi::lua_pushnil(state);
                }
                set_result(state);
                ffi::lua_settop(state, 0);
                Resumed::Failed(location)
            }
        }
    };
    SLICE.with(|s| s.set(previous));
    let _ = lua;
    resumed
}

/// Pops the top value into the registry at [`RESULT_KEY`].
///
/// SAFETY (caller): `state` is live with a value on top.
unsafe fn set_result(state: *mut ffi::lua_State) {
    let key = c"__miniredis_result";
    unsafe { ffi::lua_setfield(state, ffi::LUA_REGISTRYINDEX, key.as_ptr()) };
}

/// The innermost frame of the dead coroutine that runs user code (not a
/// C function, not the sandbox's own chunk): its source and line.
///
/// SAFETY (caller): `state` is a coroutine that just failed in
/// `lua_resume` (Lua 5.1 leaves its call frames for inspection).
unsafe fn error_location(state: *mut ffi::lua_State) -> Option<(String, i64)> {
    for level in 0..64 {
        // SAFETY: lua_Debug is plain data the library fills.
        let mut ar: ffi::lua_Debug = unsafe { std::mem::zeroed() };
        if unsafe { ffi::lua_getstack(state, level, &mut ar) } == 0 {
            return None;
        }
        if unsafe { ffi::lua_getinfo(state, c"Sl".as_ptr(), &mut ar) } == 0 {
            continue;
        }
        let what = unsafe { c_text(ar.what) };
        let source = unsafe { c_text(ar.source) };
        if what == "C" || source.starts_with("=[") {
            continue;
        }
        return Some((source, i64::from(ar.currentline)));
    }
    None
}

/// Where a coroutine the slice hook suspended stopped (source and line
/// of its innermost user frame), for SCRIPT KILL / FUNCTION KILL's reply.
pub(super) fn suspended_location(thread: &Coroutine) -> Option<(String, i64)> {
    // SAFETY: a coroutine suspended at a yield keeps its call frames, as
    // a failed one does (what error_location reads).
    unsafe { error_location(thread.state()) }.filter(|(_, line)| *line > 0)
}

/// The value a script returned when [`resume`] said
/// [`Resumed::ReturnedScalar`]; it borrows from the coroutine, which must
/// not run again while the value is in use.
pub(super) fn scalar_result(thread: &Coroutine) -> Scalar<'_> {
    let state = thread.state();
    // SAFETY: the coroutine finished with one value on its stack (index
    // 1, set by `resume`); reading it converts nothing (a string is read
    // as it is, a number as a number) and raises nothing.
    unsafe {
        match ffi::lua_type(state, 1) {
            ffi::LUA_TBOOLEAN => Scalar::Boolean(ffi::lua_toboolean(state, 1) != 0),
            ffi::LUA_TNUMBER => Scalar::Number(ffi::lua_tonumber(state, 1)),
            ffi::LUA_TSTRING => {
                let mut len = 0;
                let bytes = ffi::lua_tolstring(state, 1, &mut len);
                Scalar::String(std::slice::from_raw_parts(bytes.cast(), len))
            }
            _ => Scalar::Nil,
        }
    }
}

/// SAFETY (caller): `text` is null or a NUL-terminated string.
unsafe fn c_text(text: *const c_char) -> String {
    if text.is_null() {
        return String::new();
    }
    unsafe { CStr::from_ptr(text) }
        .to_string_lossy()
        .into_owned()
}

/// Counts one `redis.call` toward the slice's work.
pub(super) fn note_call() {
    SLICE.with(|s| {
        if let Some(mut slice) = s.get() {
            slice.calls = slice.calls.saturating_add(1);
            s.set(Some(slice));
        }
    });
}

/// Runs `f` with the call context [`resume`] lent, or returns `None`
/// outside a resume (a `redis.call` from a script's own coroutine body
/// after its slice, which cannot happen, or a nested use).
pub(super) fn with_env<R>(f: impl FnOnce(&mut CallEnv<'_>) -> R) -> Option<R> {
    let slice = SLICE.with(Cell::get)?;
    if slice.env.is_null() {
        return None;
    }
    // Taken out while in use, so it is never lent twice.
    SLICE.with(|s| {
        s.set(Some(Slice {
            env: ptr::null_mut(),
            ..slice
        }))
    });
    // SAFETY: `env` points to the CallEnv [`resume`] borrowed mutably for
    // the whole lua_resume, during which this callback runs on the same
    // thread; it is not aliased (taken out of the slice state above).
    let result = f(unsafe { &mut *(slice.env as *mut CallEnv<'_>) });
    SLICE.with(|s| {
        if let Some(mut current) = s.get() {
            current.env = slice.env;
            s.set(Some(current));
        }
    });
    Some(result)
}

/// How a guarded function treats failure.
#[derive(Clone, Copy)]
struct Mode {
    /// Raise the error table on failure, or return it.
    raise: bool,
}

/// Calls the function in the registry at `key` with this C function's
/// arguments, expecting `(value, failed)`: raises `value` when failed
/// (and [`Mode::raise`]), else returns it.
///
/// Why C functions: `return redis.call(...)` is a tail call, and Lua 5.1
/// replaces the caller's frame when the callee is a Lua function, losing
/// the script line Redis reports (`on @user_script:N`); a C function
/// keeps its caller's frame.
///
/// SAFETY (caller): called by Lua as a lua_CFunction on `state`, with
/// `key` naming a function set when the VM was built.
unsafe fn guarded(state: *mut ffi::lua_State, key: &CStr, mode: Mode) -> c_int {
    // SAFETY: see above. A C function may push LUA_MINSTACK (20) values
    // without lua_checkstack; this pushes at most three at a time beyond
    // its arguments. lua_error leaves only this frame, which holds
    // nothing to drop.
    unsafe {
        let n = ffi::lua_gettop(state);
        ffi::lua_getfield_(state, ffi::LUA_REGISTRYINDEX, key.as_ptr());
        ffi::lua_insert(state, 1);
        ffi::lua_call(state, n, 2);
        if mode.raise && ffi::lua_toboolean(state, -1) != 0 {
            ffi::lua_pop(state, 1);
            ffi::lua_error(state);
        }
        ffi::lua_pop(state, 1);
        1
    }
}

macro_rules! guarded_fns {
    ($(($name:ident, $key:literal, $raise:expr)),* $(,)?) => {
        $(
            unsafe extern "C-unwind" fn $name(state: *mut ffi::lua_State) -> c_int {
                // SAFETY: a lua_CFunction; the key is set by vm.rs.
                unsafe { guarded(state, $key, Mode { raise: $raise }) }
            }
        )*
        /// Each guarded `redis` function: its name, the registry key of
        /// the function it calls, and its C function (see [`guarded`]).
        const GUARDED: &[(&str, &CStr, ffi::lua_CFunction)] =
            &[$((stringify!($name), $key, $name)),*];
    };
}

guarded_fns![
    (log, c"__miniredis_log", true),
    (setresp, c"__miniredis_setresp", true),
    (sha1hex, c"__miniredis_sha1hex", true),
    (set_repl, c"__miniredis_set_repl", true),
    (acl_check_cmd, c"__miniredis_acl_check_cmd", true),
];

/// Makes room for one more value after a call that left its results on
/// the stack, or raises Lua's own stack overflow error.
unsafe fn room_for_status(state: *mut ffi::lua_State) {
    if ffi::lua_checkstack(state, 1) == 0 {
        ffi::luaL_error(state, c"stack overflow".as_ptr());
    }
}

/// `pcall` as Redis 7.0 has it: Lua 5.1's, except that an error value
/// that is a table with a string `err` field (what `redis.call` raises,
/// or a script's `error({err=...})`) is caught as that string, and that
/// its status slot is pushed before the call, so a call returning many
/// results (nested pcalls 190 deep, found by the script fuzz test) leaves
/// no push past the frame's stack (Lua 5.1's own pcall pushes there: an
/// API-check abort in debug builds). With no argument it calls its status
/// slot, failing with `attempt to call a boolean value` as Redis's does.
unsafe extern "C-unwind" fn pcall_with_room(state: *mut ffi::lua_State) -> c_int {
    let argc = ffi::lua_gettop(state);
    room_for_status(state);
    ffi::lua_pushboolean(state, 1);
    ffi::lua_insert(state, 1);
    let status = if argc == 0 {
        ffi::lua_pcall(state, 0, ffi::LUA_MULTRET, 0)
    } else {
        ffi::lua_pcall(state, argc - 1, ffi::LUA_MULTRET, 0)
    };
    if status != 0 {
        if argc != 0 {
            ffi::lua_remove(state, 1);
        }
        if ffi::lua_istable(state, -1) != 0 {
            ffi::lua_getfield(state, -1, c"err".as_ptr());
            if ffi::lua_isstring(state, -1) != 0 {
                ffi::lua_replace(state, -2);
            } else {
                ffi::lua_pop(state, 1);
            }
        }
        ffi::lua_pushboolean(state, 0);
        ffi::lua_insert(state, 1);
    }
    ffi::lua_gettop(state)
}

/// Lua 5.1's `xpcall` (luaB_xpcall), with room made as in
/// [`pcall_with_room`].
unsafe extern "C-unwind" fn xpcall_with_room(state: *mut ffi::lua_State) -> c_int {
    ffi::luaL_checkany(state, 2);
    ffi::lua_settop(state, 2);
    ffi::lua_insert(state, 1);
    let status = ffi::lua_pcall(state, 0, ffi::LUA_MULTRET, 1);
    room_for_status(state);
    ffi::lua_pushboolean(state, c_int::from(status == 0));
    ffi::lua_replace(state, 1);
    ffi::lua_gettop(state)
}

/// `pcall` and `xpcall` for the sandbox (see [`pcall_with_room`]).
pub(super) fn protected_calls(lua: &Lua) -> mlua::Result<(mlua::Function, mlua::Function)> {
    // SAFETY: both follow the lua_CFunction contract.
    unsafe {
        Ok((
            lua.create_c_function(pcall_with_room)?,
            lua.create_c_function(xpcall_with_room)?,
        ))
    }
}

/// Each `redis` function written in C, by name: the guarded ones (see
/// [`guarded`]) and `call` / `pcall` (native_call.rs).
pub(super) fn redis_c_functions(lua: &Lua) -> mlua::Result<Vec<(&'static str, mlua::Function)>> {
    let native: [(&str, ffi::lua_CFunction); 2] = [
        ("call", super::native_call::call),
        ("pcall", super::native_call::pcall),
    ];
    GUARDED
        .iter()
        .map(|(name, _, f)| (*name, *f))
        .chain(native)
        .map(|(name, f)| {
            // SAFETY: each function follows the lua_CFunction contract.
            let function = unsafe { lua.create_c_function(f) }?;
            Ok((name, function))
        })
        .collect()
}
