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
//! Starting an EVAL script ([`Pool::start_script`]) sets KEYS and ARGV in
//! the globals and puts the compiled function on the coroutine in one
//! protected call of a C function made when the VM was built
//! ([`start_in_protection`]): mlua's own protected calls make two
//! closures each time, which cost as much as the rest of the start.
#![allow(unsafe_code)]

use std::ffi::{c_int, c_void, CStr};

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
#[derive(Debug)]
pub(crate) struct Pool {
    spare: Option<Coroutine>,
    /// The coroutine handed out last: only it is taken back (one from a
    /// VM since dropped is no longer anyone's).
    lent: Option<Coroutine>,
    /// The VM's main state, and [`start_in_protection`] anchored in its
    /// registry.
    main: *mut ffi::lua_State,
    starter: c_int,
}

// SAFETY: as for [`Coroutine`]: the states belong to the pool's VM.
unsafe impl Send for Pool {}

/// What [`start_in_protection`] does, passed as a light userdata.
struct Start<'a> {
    co: *mut ffi::lua_State,
    /// The function to run, in the registry.
    function: c_int,
    keys: &'a [&'a [u8]],
    argv: &'a [&'a [u8]],
    /// `Some(globals)`: an EVAL script, KEYS and ARGV set in the globals
    /// (in the registry); `None`: an FCALL callback, called with the two
    /// tables.
    globals: Option<c_int>,
}

/// Puts a script's function on its coroutine (see [`Start`]); run by
/// `lua_pcall`, so an allocation failure is caught there.
///
/// SAFETY (caller): called through `lua_pcall` on the pool's main state
/// with a [`Start`] as its one argument; that start's coroutine has an
/// empty stack (room for LUA_MINSTACK values).
unsafe extern "C-unwind" fn start_in_protection(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: see above. Only plain values live in this frame (a Lua error
    // unwinds through it).
    unsafe {
        let start = &*(ffi::lua_touserdata(state, 1) as *const Start<'_>);
        ffi::lua_settop(state, 0);
        match start.globals {
            Some(globals) => {
                ffi::lua_rawgeti_(state, ffi::LUA_REGISTRYINDEX, globals);
                for (name, items) in [(c"KEYS", start.keys), (c"ARGV", start.argv)] {
                    ffi::lua_pushstring(state, name.as_ptr());
                    push_array(state, items);
                    ffi::lua_rawset(state, -3);
                }
                ffi::lua_settop(state, 0);
                ffi::lua_rawgeti_(start.co, ffi::LUA_REGISTRYINDEX, start.function);
            }
            None => {
                push_array(state, start.keys);
                push_array(state, start.argv);
                ffi::lua_rawgeti_(start.co, ffi::LUA_REGISTRYINDEX, start.function);
                ffi::lua_xmove(state, start.co, 2);
            }
        }
    }
    0
}

impl Pool {
    /// The pool of `lua`'s VM, called once when it is built.
    pub fn new(lua: &Lua) -> mlua::Result<Pool> {
        let mut made = None;
        // SAFETY: the C function is pushed, then popped into the registry;
        // the closure owns nothing.
        unsafe {
            lua.exec_raw::<()>((), |state| {
                ffi::lua_pushcfunction(state, start_in_protection);
                let starter = ffi::luaL_ref(state, ffi::LUA_REGISTRYINDEX);
                made = Some((state, starter));
            })?;
        }
        let (main, starter) = made.ok_or_else(|| mlua::Error::runtime("no main state"))?;
        Ok(Pool {
            spare: None,
            lent: None,
            main,
            starter,
        })
    }

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
        self.start_with(lua, function, keys, argv, Some(globals.id()))
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
        self.start_with(lua, function, keys, argv, None)
    }

    /// A coroutine set up by [`start_in_protection`] (see [`Start`]).
    fn start_with(
        &mut self,
        lua: &Lua,
        function: &RegistryKey,
        keys: &[&[u8]],
        argv: &[&[u8]],
        globals: Option<c_int>,
    ) -> mlua::Result<Coroutine> {
        let co = self.take(lua)?;
        let start = Start {
            co: co.state,
            function: function.id(),
            keys,
            argv,
            globals,
        };
        let started = self.run_start(&start);
        self.checked(co, started)
    }

    /// Runs [`start_in_protection`] for `start` on the main state.
    fn run_start(&self, start: &Start<'_>) -> mlua::Result<()> {
        let state = self.main;
        // SAFETY: the main state is live while its VM is, and idle (no
        // script runs while another starts). The stack is left as found.
        unsafe {
            if ffi::lua_checkstack(state, 2) == 0 {
                return Err(mlua::Error::runtime("stack overflow"));
            }
            let top = ffi::lua_gettop(state);
            ffi::lua_rawgeti_(state, ffi::LUA_REGISTRYINDEX, self.starter);
            ffi::lua_pushlightuserdata(state, start as *const Start<'_> as *mut c_void);
            let status = ffi::lua_pcall(state, 1, 0, 0);
            let result = match status {
                0 => Ok(()),
                _ => {
                    let text = ffi::lua_tostring(state, -1);
                    let message = if text.is_null() {
                        "error starting a script".to_string()
                    } else {
                        CStr::from_ptr(text).to_string_lossy().into_owned()
                    };
                    Err(mlua::Error::runtime(message))
                }
            };
            ffi::lua_settop(state, top);
            result
        }
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
