//! Redis 7.0 functions on the Lua VM: FUNCTION LOAD runs a library's code
//! in a VM of their own (not EVAL's, as in Redis: SCRIPT FLUSH and
//! FUNCTION FLUSH do not touch each other), with only the load-time API
//! (functions.lua), and FCALL runs a registered callback through the same
//! coroutine slices and BUSY machinery as EVAL (mod.rs).
//!
//! The libraries themselves are the store's (store/functions.rs); this VM
//! holds their compiled callbacks and follows the store when its
//! generation moves: the callbacks of a library that went away are
//! dropped (a library's own state, such as its upvalues, lives on as in
//! Redis while the library stays), libraries put in the store from
//! elsewhere are compiled, and once no library is left the VM is dropped
//! whole, which frees its memory.

use std::collections::HashMap;

use mlua::{Function, RegistryKey, Table, Value};

use super::{error_message, raw, CallEnv, Dispatch, Outcome, Running, ScriptClient, Scripting};
use super::{Vm, EXEC_SLICES, STUCK_IN_EXEC};
use crate::commands::errors;
use crate::commands::functions::{library_metadata, RestorePolicy};
use crate::commands::{ClientState, Peers};
use crate::persistence::rdb::function_payload::{self, FunctionPayloadError as PayloadError};
use crate::protocol::ReplyWriter;
use crate::store::functions::{FunctionMeta, Library};
use crate::store::{Busy, Store};

/// Hook firings a library's load may take (about five million Lua
/// instructions) before it fails with `FUNCTION LOAD timeout`: the load
/// runs within one call, so it is bounded well below a script's slices.
const LOAD_HOOKS: u32 = 50;

/// The functions VM: the Lua state, the load/run API of functions.lua,
/// and the callbacks by lowercased function name.
pub(crate) struct FunctionsVm {
    pub vm: Vm,
    api: Table,
    /// Each function's callback in the registry, by lowercased name.
    callbacks: HashMap<Vec<u8>, RegistryKey>,
    /// The libraries compiled here, by name.
    compiled: HashMap<Vec<u8>, Compiled>,
    generation: u64,
}

/// A library compiled into the VM: its code and its lowercased function
/// names (the keys of its callbacks).
type Compiled = (Vec<u8>, Vec<Vec<u8>>);

/// A callback a library's load registered.
struct Registered {
    meta: FunctionMeta,
    callback: Function,
}

impl FunctionsVm {
    fn new(seed: u64, generation: u64) -> mlua::Result<FunctionsVm> {
        let vm = Vm::new(seed, generation)?;
        let runtime_redis: Table = vm.globals.raw_get("redis")?;
        let setup: Function = vm
            .lua
            .load(include_str!("functions.lua"))
            .set_name("=[functions]")
            .into_function()?;
        let api: Table = setup.call((vm.globals.clone(), runtime_redis))?;
        let callbacks = HashMap::new();
        Ok(FunctionsVm {
            vm,
            api,
            callbacks,
            compiled: HashMap::new(),
            generation,
        })
    }

    /// Runs a library's code (everything after the shebang line, compiled
    /// with line numbers as in the whole code) with the load-time API;
    /// what it registered, or the error reply text.
    fn run_library(&mut self, store: &mut Store, code: &[u8]) -> Result<Vec<Registered>, String> {
        let start = memchr::memchr(b'\n', code).unwrap_or(code.len());
        let body = code.get(start..).unwrap_or_default();
        let env: Table = self.api.raw_get("env").map_err(lua_error)?;
        let chunk = self
            .vm
            .lua
            .load(body)
            .set_name("@user_function")
            .set_mode(mlua::chunk::ChunkMode::Text)
            .set_environment(env)
            .into_function()
            .map_err(|e| match e {
                mlua::Error::SyntaxError { message, .. } => {
                    format!("ERR Error compiling function: {message}")
                }
                other => format!("ERR Error compiling function: {other}"),
            })?;
        let begin: Function = self.api.raw_get("begin").map_err(lua_error)?;
        let finish: Function = self.api.raw_get("finish").map_err(lua_error)?;
        begin.call::<()>(()).map_err(lua_error)?;
        let thread = self.vm.start(chunk).map_err(lua_error)?;
        let mut script = ScriptClient::new(0, 0, true, false);
        let mut peers = crate::commands::OwnOnly::default();
        let mut env = CallEnv {
            store,
            peers: &mut peers,
            dispatch: |_, _, _, _, _| crate::commands::AfterReply::Continue,
            script: &mut script,
        };
        let resumed = raw::resume(
            &self.vm.lua,
            &thread,
            self.vm.can_yield,
            LOAD_HOOKS,
            &mut env,
        );
        let result: Value = self
            .vm
            .lua
            .named_registry_value(raw::RESULT_KEY)
            .unwrap_or(Value::Nil);
        let _ = self.vm.lua.set_named_registry_value(raw::RESULT_KEY, false);
        let returned = matches!(
            resumed,
            raw::Resumed::Returned | raw::Resumed::ReturnedScalar
        );
        self.vm.pool.recycle(thread, returned);
        let registered: Table = finish.call(()).map_err(lua_error)?;
        match resumed {
            raw::Resumed::Returned | raw::Resumed::ReturnedScalar => {}
            raw::Resumed::Yielded => return Err(errors::FUNCTION_LOAD_TIMEOUT.to_string()),
            raw::Resumed::Failed(_) => {
                return Err(format!(
                    "ERR Error registering functions: {}",
                    error_message(&result)
                ))
            }
        }
        let mut out = Vec::new();
        for entry in registered.sequence_values::<Table>() {
            let entry = entry.map_err(lua_error)?;
            let name: mlua::LuaString = entry.raw_get("name").map_err(lua_error)?;
            let description: Option<mlua::LuaString> =
                entry.raw_get("description").map_err(lua_error)?;
            let flags: i64 = entry.raw_get("flags").map_err(lua_error)?;
            let callback: Function = entry.raw_get("callback").map_err(lua_error)?;
            out.push(Registered {
                meta: FunctionMeta {
                    name: name.as_bytes().to_vec(),
                    description: description.map(|d| d.as_bytes().to_vec()),
                    flags: flags as u8,
                },
                callback,
            });
        }
        Ok(out)
    }

    /// Keeps a loaded library's callbacks (replacing those of a library
    /// of that name compiled before).
    fn keep(&mut self, name: &[u8], code: &[u8], registered: &[Registered]) -> mlua::Result<()> {
        self.forget(name)?;
        let mut names = Vec::with_capacity(registered.len());
        for r in registered {
            let lower = r.meta.name.to_ascii_lowercase();
            let key = self.vm.lua.create_registry_value(r.callback.clone())?;
            self.callbacks.insert(lower.clone(), key);
            names.push(lower);
        }
        self.compiled.insert(name.to_vec(), (code.to_vec(), names));
        Ok(())
    }

    /// Drops a compiled library's callbacks.
    fn forget(&mut self, name: &[u8]) -> mlua::Result<()> {
        if let Some((_, names)) = self.compiled.remove(name) {
            for lower in names {
                self.callbacks.remove(&lower);
            }
        }
        Ok(())
    }

    /// Follows the store's libraries (see the module docs).
    fn sync(&mut self, store: &mut Store) -> mlua::Result<()> {
        let stale: Vec<Vec<u8>> = self
            .compiled
            .iter()
            .filter(|(name, (code, _))| {
                store.functions.library(name).map(|l| &l.code) != Some(code)
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in stale {
            self.forget(&name)?;
        }
        let missing: Vec<(Vec<u8>, Vec<u8>)> = store
            .functions
            .libraries()
            .filter(|l| !self.compiled.contains_key(&l.name))
            .map(|l| (l.name.clone(), l.code.clone()))
            .collect();
        for (name, code) in missing {
            // A library the store holds loaded once already; one that no
            // longer loads keeps its metadata but cannot be called.
            if let Ok(registered) = self.run_library(store, &code) {
                self.keep(&name, &code, &registered)?;
            }
        }
        self.generation = store.functions.generation;
        Ok(())
    }
}

fn lua_error(e: mlua::Error) -> String {
    format!("ERR {e}")
}

impl Scripting {
    /// The functions VM, built on first use (and again once every
    /// library is gone, which frees it whole), in step with the store's
    /// libraries.
    fn functions_vm(&mut self, store: &mut Store) -> Result<&mut FunctionsVm, String> {
        let generation = store.functions.generation;
        let emptied = store.functions.library_count() == 0
            && self
                .functions
                .as_ref()
                .is_some_and(|f| !f.compiled.is_empty());
        if self.functions.is_none() || emptied {
            self.functions = None;
            let fvm =
                FunctionsVm::new(store.host.seed, generation.wrapping_sub(1)).map_err(lua_error)?;
            self.functions = Some(fvm);
        }
        let fvm = self.functions.as_mut().ok_or_else(String::new)?;
        if fvm.generation != generation {
            fvm.sync(store).map_err(lua_error)?;
            store.functions.vm_memory = fvm.vm.lua.used_memory();
        }
        Ok(fvm)
    }

    /// FUNCTION LOAD [REPLACE] <code>: the handler checked the metadata,
    /// the name and that the library is new unless `replace`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn function_load(
        &mut self,
        store: &mut Store,
        client: &mut ClientState,
        args: &[&[u8]],
        replace: bool,
        out: &mut Vec<u8>,
        _peers: &mut dyn Peers,
        _dispatch: Dispatch,
    ) -> Result<Outcome, String> {
        let code = args.last().copied().unwrap_or_default();
        let (_, name) = library_metadata(code)?;
        let fvm = self.functions_vm(store)?;
        let registered = fvm.run_library(store, code)?;
        store.functions.vm_memory = fvm.vm.lua.used_memory();
        if registered.is_empty() {
            return Err(errors::FUNCTION_NONE_REGISTERED.to_string());
        }
        for r in &registered {
            if let Some(owner) = store.functions.owner_of(&r.meta.name) {
                if owner != name.as_slice() || !replace {
                    return Err(format!(
                        "ERR Function {} already exists",
                        String::from_utf8_lossy(&r.meta.name)
                    ));
                }
            }
        }
        fvm.keep(&name, code, &registered).map_err(lua_error)?;
        store.functions.insert(Library {
            name: name.clone(),
            code: code.to_vec(),
            functions: registered.into_iter().map(|r| r.meta).collect(),
        });
        fvm.generation = store.functions.generation;
        ReplyWriter::new(out, client.protocol).bulk(&name);
        Ok(Outcome::Done)
    }

    /// Loads the libraries an RDB file holds, at start (before any client),
    /// as FUNCTION RESTORE does: each compiled and registered, and one that
    /// fails (bad code, a name met twice) fails the whole load.
    pub fn load_libraries(&mut self, store: &mut Store, codes: &[Vec<u8>]) -> Result<(), String> {
        if codes.is_empty() {
            return Ok(());
        }
        let payload = function_payload::encode(codes.iter().map(Vec::as_slice));
        let args: [&[u8]; 3] = [b"FUNCTION", b"RESTORE", &payload];
        let mut client = ClientState::new(0, true);
        let mut out = Vec::new();
        self.function_restore(store, &mut client, &args, RestorePolicy::Append, &mut out)
            .map(|_| ())
    }

    /// FUNCTION RESTORE: every library of the payload is loaded apart
    /// first (one that fails fails the whole restore, nothing changed),
    /// then joined to the libraries there as the policy says, with
    /// Redis's `libraryJoin` errors.
    pub(super) fn function_restore(
        &mut self,
        store: &mut Store,
        client: &mut ClientState,
        args: &[&[u8]],
        policy: RestorePolicy,
        out: &mut Vec<u8>,
    ) -> Result<Outcome, String> {
        let payload = args.get(2).copied().unwrap_or_default();
        let codes = function_payload::decode(payload).map_err(|e| match e {
            PayloadError::VersionOrChecksum => text(&errors::DUMP_PAYLOAD),
            PayloadError::NotAFunction => "ERR given type is not a function".to_string(),
            PayloadError::BadCode => "ERR Failed loading library code".to_string(),
        })?;
        let fvm = self.functions_vm(store)?;
        let mut loaded: Vec<Library> = Vec::new();
        for code in codes {
            let (_, name) = library_metadata(&code)?;
            if loaded.iter().any(|l| l.name == name) {
                return Err(format!(
                    "ERR Library '{}' already exists",
                    String::from_utf8_lossy(&name)
                ));
            }
            let registered = fvm.run_library(store, &code)?;
            if registered.is_empty() {
                return Err(errors::FUNCTION_NONE_REGISTERED.to_string());
            }
            for r in &registered {
                let lower = r.meta.name.to_ascii_lowercase();
                if loaded
                    .iter()
                    .flat_map(|l| &l.functions)
                    .any(|f| f.name.to_ascii_lowercase() == lower)
                {
                    return Err(format!(
                        "ERR Function {} already exists",
                        String::from_utf8_lossy(&r.meta.name)
                    ));
                }
            }
            loaded.push(Library {
                name,
                code,
                functions: registered.into_iter().map(|r| r.meta).collect(),
            });
        }
        if policy == RestorePolicy::Flush {
            store.functions.flush();
        } else {
            let replace = policy == RestorePolicy::Replace;
            for library in &loaded {
                if store.functions.library(&library.name).is_some() && !replace {
                    return Err(format!(
                        "ERR Library {} already exists",
                        String::from_utf8_lossy(&library.name)
                    ));
                }
            }
            for library in &loaded {
                for f in &library.functions {
                    let owner = store.functions.owner_of(&f.name);
                    let replaced = owner
                        .is_some_and(|o| replace && loaded.iter().any(|l| l.name.as_slice() == o));
                    if owner.is_some() && !replaced {
                        return Err(format!(
                            "ERR Function {} already exists",
                            String::from_utf8_lossy(&f.name)
                        ));
                    }
                }
            }
        }
        // The VM compiles the new libraries when it next follows the store.
        for library in loaded {
            store.functions.insert(library);
        }
        ReplyWriter::new(out, client.protocol).ok();
        Ok(Outcome::Done)
    }

    /// FCALL / FCALL_RO of a function the handler found, whose flags it
    /// checked against the call; runs like EVAL (mod.rs), in slices.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn fcall(
        &mut self,
        store: &mut Store,
        client: &mut ClientState,
        args: &[&[u8]],
        read_only: bool,
        numkeys: usize,
        out: &mut Vec<u8>,
        peers: &mut dyn Peers,
        dispatch: Dispatch,
    ) -> Result<Outcome, String> {
        let named = args.get(1).copied().unwrap_or_default();
        let (name, flags) = match store.functions.function(named) {
            Some((_, meta)) => (meta.name.clone(), meta.flags),
            None => return Err(text(&errors::FUNCTION_NOT_FOUND)),
        };
        let keys = args.get(3..3 + numkeys).unwrap_or_default();
        let argv = args.get(3 + numkeys..).unwrap_or_default();
        let fvm = self.functions_vm(store)?;
        let callback = fvm
            .callbacks
            .get(&name.to_ascii_lowercase())
            .ok_or_else(|| text(&errors::FUNCTION_NOT_FOUND))?;
        let thread = fvm
            .vm
            .pool
            .start_call(&fvm.vm.lua, callback, keys, argv)
            .map_err(lua_error)?;
        self.start_running(
            store,
            Running {
                thread,
                sha: [b'0'; 40],
                script: ScriptClient::new(
                    client.id,
                    client.db,
                    read_only || flags & crate::store::functions::NO_WRITES != 0,
                    flags & crate::store::functions::ALLOW_OOM != 0,
                ),
                caller: client.id,
                caller_protocol: client.protocol,
                function: Some(name.clone()),
            },
        );
        let slices = if client.in_exec { EXEC_SLICES } else { 1 };
        for _ in 0..slices {
            if self.slice(store, out, peers, dispatch) == Outcome::Done {
                self.note_memory(store);
                return Ok(Outcome::Done);
            }
        }
        // Still running: FUNCTION STATS shows it to the other clients.
        store.functions.running = crate::store::functions::RunningFunction {
            name,
            command: args.iter().map(|a| a.to_vec()).collect(),
        };
        if client.in_exec {
            let message = format!("{STUCK_IN_EXEC} (inside MULTI/EXEC a script runs whole)");
            self.finish_with_error(store, out, &message, None, false);
            return Ok(Outcome::Done);
        }
        store.scripts.busy = Some(Busy {
            caller: client.id,
            started: store.now,
            wrote: self.running.as_ref().is_some_and(|r| r.script.wrote),
            kill: false,
            function: true,
        });
        Ok(Outcome::Running)
    }

    /// Refreshes INFO's `used_memory_vm_functions` after a function ran
    /// (`slice` refreshes the EVAL figure with the VM it ran on).
    fn note_memory(&self, store: &mut Store) {
        if let Some(f) = self.functions.as_ref() {
            store.functions.vm_memory = f.vm.lua.used_memory();
        }
    }
}

fn text(error: &errors::CommandError) -> String {
    String::from_utf8_lossy(error.text()).into_owned()
}
