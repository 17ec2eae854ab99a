//! The coroutines scripts run in, kept for reuse, and the raw calls that
//! start one (unsafe: Lua's C API where mlua's safe API costs a protected
//! call and a registry reference per value).
//!
//! A script runs as a coroutine (see raw.rs for the slices). Creating one
//! per call costs more than a small script itself, so a coroutine whose
//! script returned normally goes back to its VM ([`Pool`]) and runs the
//! next script: under Lua 5.1 a thread that finished (status 0, no call
//! frame left) can be given a new function and resumed again. One that
//! failed or was killed is dropped: its anchor in the registry is
//! released and the collector frees it.
//!
//! Starting an EVAL script ([`start_script`]) sets KEYS and ARGV in the
//! globals and puts the compiled function on the coroutine in one
//! protected call.
#![allow(unsafe_code)]

use std::ffi::c_int;

use mlua::{ffi, Function, Lua, RegistryKey};

/// A coroutine of a VM, anchored in its registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Coroutine {
    state: *mut ffi::lua_State,
    anchor: c_int,
}

// SAFETY: a coroutine belongs to its VM and is only used with it, on the
// thread that holds the VM (mlua's `send` feature makes the VM `Send`).
unsafe impl Send for Coroutine {}

impl Coroutine {
    /// Its Lua state, for the C API.
    pub fn state(&self) -> *mut ffi::lua_State {
        self.state
    }
}

/// At most one finished coroutine kept per VM: scripts run one at a
/// time, so one is enough.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    spare: Option<Coroutine>,
    /// The coroutine handed out last: only it is taken back (one from a
    /// VM since dropped is no longer anyone's).
    lent: Option<Coroutine>,
}

impl Pool {
    /// A coroutine with an empty stack: the spare one, or a new one.
    fn take(&mut self, lua: &Lua) -> mlua::Result<Coroutine> {
        let co = self.take_or_make(lua)?;
        self.lent = Some(co);
        Ok(co)
    }

    fn take_or_make(&mut self, lua: &Lua) -> mlua::Result<Coroutine> {
        if let Some(co) = self.spare.take() {
            return Ok(co);
        }
        let mut made = None;
        // SAFETY: a new thread is pushed, then popped into the registry;
        // nothing owned lives in the closure.
        unsafe {
            lua.exec_raw::<()>((), |state| {
                let co = ffi::lua_newthread(state);
                let anchor = ffi::luaL_ref(state, ffi::LUA_REGISTRYINDEX);
                made = Some(Coroutine { state: co, anchor });
            })?;
        }
        made.ok_or_else(|| mlua::Error::runtime("no coroutine"))
    }

    /// Takes back a coroutine whose script ended: kept when it `returned`
    /// normally (and no other is kept), else released.
    pub fn recycle(&mut self, co: Coroutine, returned: bool) {
        if self.lent != Some(co) {
            return;
        }
        self.lent = None;
        // SAFETY: `co` is a coroutine of this pool's VM, not running. Its
        // stack is emptied; releasing the anchor only writes registry
        // slots that exist (no allocation, no error).
        unsafe {
            ffi::lua_settop(co.state, 0);
            if returned && self.spare.is_none() {
                self.spare = Some(co);
            } else {
                ffi::luaL_unref(co.state, ffi::LUA_REGISTRYINDEX, co.anchor);
            }
        }
    }

    /// A coroutine that will run `function` when resumed.
    pub fn start(&mut self, lua: &Lua, function: Function) -> mlua::Result<Coroutine> {
        let co = self.take(lua)?;
        // SAFETY: the function is the one argument on the main state's
        // stack; it moves to the coroutine's empty stack (room for
        // LUA_MINSTACK values).
        let moved = unsafe {
            lua.exec_raw::<()>(function, |state| {
                ffi::lua_xmove(state, co.state, 1);
            })
        };
        self.checked(co, moved)
    }

    /// Gives the coroutine back when a start failed.
    fn checked(&mut self, co: Coroutine, started: mlua::Result<()>) -> mlua::Result<Coroutine> {
        match started {
            Ok(()) => Ok(co),
            Err(e) => {
                self.recycle(co, true);
                Err(e)
            }
        }
    }

    /// A coroutine that will run the EVAL script `function` when resumed,
    /// with KEYS and ARGV set in `globals` (the real globals behind the
    /// read-only environment), in one protected call.
    pub fn start_script(
        &mut self,
        lua: &Lua,
        function: &RegistryKey,
        globals: &RegistryKey,
        keys: &[&[u8]],
        argv: &[&[u8]],
    ) -> mlua::Result<Coroutine> {
        let co = self.take(lua)?;
        let (function, globals) = (function.id(), globals.id());
        // SAFETY: a protected call; an allocation failure unwinds out of
        // the closure, which owns nothing. Pushes: globals, a name, a
        // table, an item: within LUA_MINSTACK.
        let started = unsafe {
            lua.exec_raw::<()>((), |state| {
                ffi::lua_rawgeti_(state, ffi::LUA_REGISTRYINDEX, globals);
                for (name, items) in [(&b"KEYS"[..], keys), (&b"ARGV"[..], argv)] {
                    ffi::lua_pushlstring(state, name.as_ptr().cast(), name.len());
                    push_array(state, items);
                    ffi::lua_rawset(state, -3);
                }
                ffi::lua_pop(state, 1);
                ffi::lua_rawgeti_(co.state, ffi::LUA_REGISTRYINDEX, function);
            })
        };
        self.checked(co, started)
    }

    /// A coroutine that will call the FCALL callback `function` with the
    /// tables of its keys and arguments when first resumed ([`resume`]
    /// passes what lies above a fresh coroutine's function).
    ///
    /// [`resume`]: super::raw::resume
    pub fn start_call(
        &mut self,
        lua: &Lua,
        function: &RegistryKey,
        keys: &[&[u8]],
        argv: &[&[u8]],
    ) -> mlua::Result<Coroutine> {
        let co = self.take(lua)?;
        let function = function.id();
        // SAFETY: a protected call as in `start_script`; the two tables
        // move from the main state's stack to the coroutine's (empty,
        // room for LUA_MINSTACK values) after its function.
        let started = unsafe {
            lua.exec_raw::<()>((), |state| {
                push_array(state, keys);
                push_array(state, argv);
                ffi::lua_rawgeti_(co.state, ffi::LUA_REGISTRYINDEX, function);
                ffi::lua_xmove(state, co.state, 2);
            })
        };
        self.checked(co, started)
    }
}

/// Pushes a new table holding `items` as strings, from index 1.
///
/// SAFETY (caller): a protected call on `state`, room for two values.
unsafe fn push_array(state: *mut ffi::lua_State, items: &[&[u8]]) {
    let count = c_int::try_from(items.len()).unwrap_or(c_int::MAX - 1);
    unsafe {
        ffi::lua_createtable(state, count, 0);
        for (i, item) in (1..=count).zip(items) {
            ffi::lua_pushlstring(state, item.as_ptr().cast(), item.len());
            ffi::lua_rawseti_(state, -2, i);
        }
    }
}
