//! Redis 7.0 functions on the Lua VM: FUNCTION LOAD runs a library's code
//! in a VM of their own (not EVAL's, as in Redis: SCRIPT FLUSH and
//! FUNCTION FLUSH do not touch each other), with only the load-time API
//! (functions.lua), and FCALL runs a registered callback through the same
//! coroutine slices and BUSY machinery as EVAL (mod.rs).
//!
//! The libraries themselves are the store's (store/functions.rs); this VM
//! holds their compiled callbacks and is rebuilt from the store whenever
//! its generation moves (a library went away), so removed code is freed
//! whole and libraries put in the store from elsewhere get compiled.

use mlua::{Function, Table, Value};

use super::{error_message, raw, CallEnv, Dispatch, Outcome, Running, ScriptClient, Scripting};
use super::{Vm, EXEC_SLICES, STUCK_IN_EXEC};
use crate::commands::errors;
use crate::commands::functions::library_metadata;
use crate::commands::{ClientState, Peers};
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
    callbacks: Table,
    generation: u64,
}

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
        let callbacks = vm.lua.create_table()?;
        Ok(FunctionsVm {
            vm,
            api,
            callbacks,
            generation,
        })
    }

    /// Runs a library's code (everything after the shebang line, compiled
    /// with line numbers as in the whole code) with the load-time API;
    /// what it registered, or the error reply text.
    fn run_library(&self, store: &mut Store, code: &[u8]) -> Result<Vec<Registered>, String> {
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
        let mut script = ScriptClient {
            client: ClientState::new(0, true),
            read_only: true,
            allow_oom: false,
            wrote: false,
        };
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
        let registered: Table = finish.call(()).map_err(lua_error)?;
        match resumed {
            raw::Resumed::Returned => {}
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

    /// Keeps a loaded library's callbacks.
    fn keep(&self, registered: &[Registered]) -> mlua::Result<()> {
        for r in registered {
            let key = self
                .vm
                .lua
                .create_string(r.meta.name.to_ascii_lowercase())?;
            self.callbacks.raw_set(key, r.callback.clone())?;
        }
        Ok(())
    }
}

fn lua_error(e: mlua::Error) -> String {
    format!("ERR {e}")
}

impl Scripting {
    /// The functions VM, built (with every library of the store compiled
    /// into it) on first use and whenever the store's generation moved.
    fn functions_vm(&mut self, store: &mut Store) -> Result<&FunctionsVm, String> {
        let generation = store.functions.generation;
        if self
            .functions
            .as_ref()
            .is_none_or(|f| f.generation != generation)
        {
            self.functions = None;
            let fvm = FunctionsVm::new(store.host.seed, generation).map_err(lua_error)?;
            let libraries: Vec<Vec<u8>> = store
                .functions
                .libraries()
                .map(|l| l.code.clone())
                .collect();
            for code in libraries {
                // A library the store holds loaded once already; one that
                // no longer loads keeps its metadata but cannot be called.
                if let Ok(registered) = fvm.run_library(store, &code) {
                    fvm.keep(&registered).map_err(lua_error)?;
                }
            }
            store.functions.vm_memory = fvm.vm.lua.used_memory();
            self.functions = Some(fvm);
        }
        self.functions.as_ref().ok_or_else(String::new)
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
        let replacing = store.functions.library(&name).is_some();
        if !replacing {
            fvm.keep(&registered).map_err(lua_error)?;
        }
        store.functions.insert(Library {
            name: name.clone(),
            code: code.to_vec(),
            functions: registered.into_iter().map(|r| r.meta).collect(),
        });
        ReplyWriter::new(out, client.protocol).bulk(&name);
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
        let key = fvm
            .vm
            .lua
            .create_string(name.to_ascii_lowercase())
            .map_err(lua_error)?;
        let callback: Function = fvm
            .callbacks
            .raw_get(key)
            .map_err(|_| text(&errors::FUNCTION_NOT_FOUND))?;
        let lua = &fvm.vm.lua;
        let to_table = |items: &[&[u8]]| -> mlua::Result<Table> {
            let t = lua.create_table_with_capacity(items.len(), 0)?;
            for (i, item) in items.iter().enumerate() {
                t.raw_set(i + 1, lua.create_string(item)?)?;
            }
            Ok(t)
        };
        let bind: Function = fvm.api.raw_get("bind").map_err(lua_error)?;
        let body: Function = bind
            .call((
                callback,
                to_table(keys).map_err(lua_error)?,
                to_table(argv).map_err(lua_error)?,
            ))
            .map_err(lua_error)?;
        let thread = fvm.vm.start(body).map_err(lua_error)?;
        store.functions.running = crate::store::functions::RunningFunction {
            name: name.clone(),
            command: args.iter().map(|a| a.to_vec()).collect(),
        };
        let mut script_client = ClientState::new(client.id, true);
        script_client.db = client.db;
        script_client.in_exec = true;
        self.running = Some(Running {
            thread,
            sha: [b'0'; 40],
            script: ScriptClient {
                client: script_client,
                read_only: read_only || flags & crate::store::functions::NO_WRITES != 0,
                allow_oom: flags & crate::store::functions::ALLOW_OOM != 0,
                wrote: false,
            },
            caller: client.id,
            caller_protocol: client.protocol,
            function: Some(name),
        });
        let slices = if client.in_exec { EXEC_SLICES } else { 1 };
        for _ in 0..slices {
            if self.slice(store, out, peers, dispatch) == Outcome::Done {
                self.note_memory(store);
                return Ok(Outcome::Done);
            }
        }
        if client.in_exec {
            let message = format!("{STUCK_IN_EXEC} (inside MULTI/EXEC a script runs whole)");
            self.finish_with_error(store, out, &message, None);
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
