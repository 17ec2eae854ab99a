//! Lua scripting: EVAL and its kin run here, between the engine (which
//! owns the one [`Scripting`] and drives it) and the commands (which a
//! script's `redis.call` runs through the engine's dispatcher).
//!
//! - `vm`: the Lua 5.1 VM, its sandbox and the `redis` object, built on
//!   first use (a server that runs no script pays nothing) and rebuilt
//!   after SCRIPT FLUSH;
//! - `call`: `redis.call` / `redis.pcall`;
//! - `convert`: replies ↔ Lua values, RESP2 and RESP3;
//! - `raw`: the unsafe part (slices through a count hook, raw resume);
//! - `libs`: the bundled libraries (cjson, cmsgpack, bit, struct).
//!
//! A script runs as a coroutine in bounded slices (about a million Lua
//! instructions). One that finishes in its first slice answers at once,
//! like any command. One that does not stays here ([`Scripting::running`])
//! and the store records it as busy (store/scripts.rs); the engine asks to
//! be called again at once and runs one more slice per timer call
//! ([`Scripting::resume`]). Meanwhile no other client's command runs
//! before `busy-reply-threshold`; after it they get `-BUSY`, except
//! commands flagged `allow-busy` such as SCRIPT KILL, which makes the next
//! slice end the script with its error instead of resuming it. Scripts
//! are atomic: nothing else touches the data between two slices.
//!
//! Inside MULTI/EXEC a script cannot be suspended (the transaction is one
//! call): it runs whole, up to [`EXEC_SLICES`] slices, then fails.

mod call;
mod convert;
mod functions;
mod libs;
mod raw;
mod readonly;
mod vm;

use mlua::{Thread, Value};

pub(crate) use call::{CallEnv, Dispatch, ScriptClient};
pub(crate) use vm::Vm;

use crate::commands::errors;
use crate::commands::{ClientState, Peers, ScriptJob};
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::{Busy, Store};

/// Slices a script run inside EXEC may take before it fails (it cannot
/// be suspended there): about a hundred million instructions.
pub(crate) const EXEC_SLICES: u32 = 100;

/// The scripting engine: the VM (once built) and the script running
/// across calls, if any.
#[derive(Default)]
pub(crate) struct Scripting {
    vm: Option<Vm>,
    running: Option<Running>,
    /// The VM FUNCTION libraries live in (functions.rs), apart from
    /// EVAL's as in Redis 7.0.
    functions: Option<functions::FunctionsVm>,
}

/// A script suspended between two slices.
struct Running {
    thread: Thread,
    sha: [u8; 40],
    script: ScriptClient,
    /// The caller and the protocol its reply is written in.
    caller: u64,
    caller_protocol: Protocol,
    /// The function's name when it runs a function (FCALL): it runs in
    /// the functions VM and its errors name it instead of a SHA1.
    function: Option<Vec<u8>>,
}

/// How a job or a slice left things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Its reply is written.
    Done,
    /// The script is suspended; its reply comes from a later slice.
    Running,
}

/// The flags of a `#!lua` shebang.
#[derive(Debug, Default, Clone, Copy)]
struct ShebangFlags {
    present: bool,
    no_writes: bool,
    allow_oom: bool,
}

impl std::fmt::Debug for Scripting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scripting")
            .field("vm", &self.vm.is_some())
            .field("running", &self.running.as_ref().map(|r| r.caller))
            .finish()
    }
}

impl Scripting {
    /// The client whose script is suspended, if any.
    pub fn caller(&self) -> Option<u64> {
        self.running.as_ref().map(|r| r.caller)
    }

    /// The VM, built on first use or after SCRIPT FLUSH.
    fn vm(&mut self, store: &mut Store) -> Result<&Vm, String> {
        let generation = store.scripts.generation;
        if self
            .vm
            .as_ref()
            .is_none_or(|vm| vm.generation != generation)
        {
            self.vm = None;
            let seed = store.host.seed;
            let vm = Vm::new(seed, generation).map_err(|e| format!("ERR {e}"))?;
            store.scripts.vm_memory = vm.lua.used_memory();
            self.vm = Some(vm);
        }
        self.vm.as_ref().ok_or_else(String::new)
    }

    /// Carries out a job a scripting command handed the dispatcher,
    /// writing its reply to `out` (now, or later when a script runs past
    /// its first slice: then [`Outcome::Running`]).
    #[allow(clippy::too_many_arguments)]
    pub fn run_job(
        &mut self,
        job: ScriptJob,
        store: &mut Store,
        client: &mut ClientState,
        args: &[&[u8]],
        out: &mut Vec<u8>,
        peers: &mut dyn Peers,
        dispatch: Dispatch,
    ) -> Outcome {
        let result = match job {
            ScriptJob::Load => self.load(store, args.get(2).copied().unwrap_or_default(), out),
            ScriptJob::Eval {
                by_sha,
                read_only,
                numkeys,
            } => self.eval(
                store, client, args, by_sha, read_only, numkeys, out, peers, dispatch,
            ),
            ScriptJob::FunctionLoad { replace } => {
                self.function_load(store, client, args, replace, out, peers, dispatch)
            }
            ScriptJob::Fcall { read_only, numkeys } => self.fcall(
                store, client, args, read_only, numkeys, out, peers, dispatch,
            ),
            ScriptJob::FunctionRestore { policy } => {
                self.function_restore(store, client, args, policy, out)
            }
        };
        match result {
            Ok(outcome) => outcome,
            Err(text) => {
                let mut w = ReplyWriter::new(out, client.protocol);
                w.error_bytes(text.as_bytes());
                store.stats.errors.record(text.as_bytes());
                Outcome::Done
            }
        }
    }

    /// SCRIPT LOAD: compiles and caches the body; replies its SHA1.
    fn load(
        &mut self,
        store: &mut Store,
        body: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<Outcome, String> {
        let sha = sha1_hex_bytes(body);
        self.compiled(store, &sha, body)?;
        store.scripts.insert(sha, body);
        ReplyWriter::new(out, Protocol::Resp2).bulk(&sha);
        Ok(Outcome::Done)
    }

    /// The compiled function of a script (compiling it on first use), with
    /// its shebang flags.
    fn compiled(
        &mut self,
        store: &mut Store,
        sha: &[u8; 40],
        body: &[u8],
    ) -> Result<(mlua::Function, ShebangFlags), String> {
        let (flags, code) = shebang(body)?;
        let vm = self.vm(store)?;
        let key = vm.lua.create_string(sha).map_err(|e| format!("ERR {e}"))?;
        if let Ok(f) = vm.functions.raw_get::<mlua::Function>(&key) {
            return Ok((f, flags));
        }
        let f = vm
            .compile(code)
            .map_err(|message| format!("ERR Error compiling script (new function): {message}"))?;
        vm.functions
            .raw_set(key, f.clone())
            .map_err(|e| format!("ERR {e}"))?;
        store.scripts.vm_memory = vm.lua.used_memory();
        Ok((f, flags))
    }

    #[allow(clippy::too_many_arguments)]
    fn eval(
        &mut self,
        store: &mut Store,
        client: &mut ClientState,
        args: &[&[u8]],
        by_sha: bool,
        read_only: bool,
        numkeys: usize,
        out: &mut Vec<u8>,
        peers: &mut dyn Peers,
        dispatch: Dispatch,
    ) -> Result<Outcome, String> {
        let named = args.get(1).copied().unwrap_or_default();
        let (sha, body) = if by_sha {
            let body = store
                .scripts
                .body(named)
                .ok_or_else(|| text(&errors::NOSCRIPT))?
                .to_vec();
            let sha =
                crate::store::scripts::normalize(named).ok_or_else(|| text(&errors::NOSCRIPT))?;
            (sha, body)
        } else {
            (sha1_hex_bytes(named), named.to_vec())
        };
        let (function, flags) = self.compiled(store, &sha, &body)?;
        store.scripts.insert(sha, &body);
        if flags.present
            && !flags.allow_oom
            && !flags.no_writes
            && store.config.maxmemory != 0
            && !store.make_room(None)
        {
            return Err(errors::SCRIPT_OOM.to_string());
        }
        let keys = args.get(3..3 + numkeys).unwrap_or_default();
        let argv = args.get(3 + numkeys..).unwrap_or_default();
        let vm = self.vm(store)?;
        vm.set_keys_and_args(keys, argv)
            .map_err(|e| format!("ERR {e}"))?;
        let thread = vm.start(function).map_err(|e| format!("ERR {e}"))?;
        let mut script_client = ClientState::new(client.id, true);
        script_client.db = client.db;
        script_client.in_exec = true;
        script_client.script = true;
        let running = Running {
            thread,
            sha,
            script: ScriptClient {
                client: script_client,
                read_only: read_only || flags.no_writes,
                allow_oom: flags.allow_oom,
                wrote: false,
            },
            caller: client.id,
            caller_protocol: client.protocol,
            function: None,
        };
        self.start_running(store, running);
        let slices = if client.in_exec { EXEC_SLICES } else { 1 };
        for _ in 0..slices {
            if self.slice(store, out, peers, dispatch) == Outcome::Done {
                return Ok(Outcome::Done);
            }
        }
        if client.in_exec {
            let message = format!("{} (inside MULTI/EXEC a script runs whole)", STUCK_IN_EXEC);
            self.finish_with_error(store, out, &message, None, false);
            return Ok(Outcome::Done);
        }
        store.scripts.busy = Some(Busy {
            caller: client.id,
            started: store.now,
            wrote: self.running.as_ref().is_some_and(|r| r.script.wrote),
            kill: false,
            function: false,
        });
        Ok(Outcome::Running)
    }

    /// Runs one more slice of the suspended script (or ends it, when
    /// SCRIPT KILL asked), writing its reply to `out` (the caller's
    /// output) when it ends. `Done` also when nothing was running.
    pub fn resume(
        &mut self,
        store: &mut Store,
        out: &mut Vec<u8>,
        peers: &mut dyn Peers,
        dispatch: Dispatch,
    ) -> Outcome {
        if self.running.is_none() {
            store.scripts.busy = None;
            return Outcome::Done;
        }
        if store.scripts.busy.is_some_and(|b| b.kill) {
            let source = match self.running.as_ref().and_then(|r| r.function.as_ref()) {
                Some(_) => "@user_function",
                None => "@user_script",
            };
            let location = self
                .running
                .as_ref()
                .and_then(|r| raw::suspended_location(&r.thread))
                .unwrap_or((source.into(), 1));
            self.finish_with_error(store, out, errors::SCRIPT_KILLED, Some(location), false);
            store.scripts.busy = None;
            return Outcome::Done;
        }
        let outcome = self.slice(store, out, peers, dispatch);
        match outcome {
            Outcome::Done => store.scripts.busy = None,
            Outcome::Running => {
                if let (Some(busy), Some(running)) =
                    (store.scripts.busy.as_mut(), self.running.as_ref())
                {
                    busy.wrote = running.script.wrote;
                }
            }
        }
        outcome
    }

    /// One slice of the running script; on its end, its reply.
    fn slice(
        &mut self,
        store: &mut Store,
        out: &mut Vec<u8>,
        peers: &mut dyn Peers,
        dispatch: Dispatch,
    ) -> Outcome {
        let vm = match self.running.as_ref().map(|r| r.function.is_some()) {
            Some(true) => self.functions.as_ref().map(|f| &f.vm),
            _ => self.vm.as_ref(),
        };
        let (Some(vm), Some(running)) = (vm, self.running.as_mut()) else {
            return Outcome::Done;
        };
        let mut env = CallEnv {
            store,
            peers,
            dispatch,
            script: &mut running.script,
        };
        let resumed = raw::resume(
            &vm.lua,
            &running.thread,
            vm.can_yield,
            raw::SLICE_HOOKS,
            &mut env,
        );
        if running.function.is_none() {
            store.scripts.vm_memory = vm.lua.used_memory();
        }
        let result: Value = vm
            .lua
            .named_registry_value(raw::RESULT_KEY)
            .unwrap_or(Value::Nil);
        match resumed {
            raw::Resumed::Yielded => return Outcome::Running,
            raw::Resumed::Returned => {
                let script_resp3 = running.script.client.protocol == Protocol::Resp3;
                let mut w = ReplyWriter::new(out, running.caller_protocol);
                let start = w.len();
                convert::lua_to_reply(&result, &mut w, script_resp3);
                if out.get(start) == Some(&b'-') && !convert::already_counted(&result) {
                    let line_end =
                        memchr::memchr(b'\r', &out[start..]).map_or(out.len(), |i| start + i);
                    let text = out[start + 1..line_end].to_vec();
                    store.stats.errors.record(&text);
                }
            }
            raw::Resumed::Failed(location) => {
                let message = error_message(&result);
                let counted = convert::already_counted(&result);
                let _ = vm.lua.set_named_registry_value(raw::RESULT_KEY, false);
                self.finish_with_error(store, out, &message, location, counted);
                return Outcome::Done;
            }
        }
        let _ = vm.lua.set_named_registry_value(raw::RESULT_KEY, false);
        self.stop_running(store);
        Outcome::Done
    }

    /// Makes `running` the running script and opens its unit of the write
    /// log: the script's effects (its `redis.call`s, each as it would be
    /// logged alone) are logged as one unit, MULTI ... EXEC around two or
    /// more, as Redis 7.0 replicates script effects, and EVAL / FCALL
    /// themselves are never logged. The unit spans the slices of a script
    /// that runs across calls (`Server::take_log` hands none of it out
    /// until it ends) and ends in [`Scripting::stop_running`], however the
    /// script ends (returned, failed, killed).
    fn start_running(&mut self, store: &mut Store, running: Running) {
        store.begin_log_atomic();
        self.running = Some(running);
    }

    /// Ends the running script, if any, and closes its unit of the log
    /// (see [`Scripting::start_running`]).
    fn stop_running(&mut self, store: &mut Store) -> Option<Running> {
        let running = self.running.take()?;
        store.end_log_atomic();
        Some(running)
    }

    /// Ends the running script with an error reply in Redis's form:
    /// `<message> script: <sha>, on <source>:<line>.`
    fn finish_with_error(
        &mut self,
        store: &mut Store,
        out: &mut Vec<u8>,
        message: &str,
        location: Option<(String, i64)>,
        counted: bool,
    ) {
        let Some(running) = self.stop_running(store) else {
            return;
        };
        let mut text = message.to_string();
        if let Some((source, line)) = location {
            let sha = match &running.function {
                Some(name) => String::from_utf8_lossy(name),
                None => String::from_utf8_lossy(&running.sha),
            };
            text.push_str(&format!(" script: {sha}, on {source}:{line}."));
        }
        ReplyWriter::new(out, running.caller_protocol).error_bytes(text.as_bytes());
        if !counted {
            store.stats.errors.record(text.as_bytes());
        }
    }
}

const STUCK_IN_EXEC: &str = "ERR the script ran too long to run whole";

/// An error reply text of a command error.
fn text(error: &errors::CommandError) -> String {
    String::from_utf8_lossy(error.text()).into_owned()
}

/// The reply text of a script's error value, as Redis's error handler
/// makes it: an `{err=...}` table gives its text; anything else is
/// `ERR ` and its string form.
fn error_message(value: &Value) -> String {
    match value {
        Value::Table(t) => match t.raw_get::<Value>("err") {
            Ok(Value::String(s)) => String::from_utf8_lossy(&s.as_bytes()).into_owned(),
            _ => "ERR unknown error".into(),
        },
        Value::String(s) => format!("ERR {}", String::from_utf8_lossy(&s.as_bytes())),
        Value::Nil => "ERR nil".into(),
        Value::Boolean(b) => format!("ERR {b}"),
        Value::Integer(i) => format!("ERR {i}"),
        Value::Number(n) => format!("ERR {n}"),
        Value::Error(e) => format!("ERR {e}"),
        other => format!("ERR {}", other.type_name()),
    }
}

/// The `#!lua` shebang's flags, and the code to compile (the shebang line
/// blanked, so line numbers stay the body's).
fn shebang(body: &[u8]) -> Result<(ShebangFlags, &[u8]), String> {
    if !body.starts_with(b"#!") {
        return Ok((ShebangFlags::default(), body));
    }
    let end = memchr::memchr(b'\n', body).unwrap_or(body.len());
    let line = String::from_utf8_lossy(&body[..end]).into_owned();
    let mut words = line.split(' ').filter(|w| !w.is_empty());
    let engine = words.next().unwrap_or_default();
    if engine != "#!lua" {
        return Err(format!("ERR Unexpected engine in script shebang: {line}"));
    }
    let mut flags = ShebangFlags {
        present: true,
        ..ShebangFlags::default()
    };
    for word in words {
        let Some(list) = word.strip_prefix("flags=") else {
            return Err(format!("ERR Unknown lua shebang option: {word}"));
        };
        for flag in list.split(',').filter(|f| !f.is_empty()) {
            match flag {
                "no-writes" => flags.no_writes = true,
                "allow-oom" => flags.allow_oom = true,
                "allow-stale" | "no-cluster" | "allow-cross-slot-keys" => {}
                other => return Err(format!("ERR Unexpected flag in script shebang: {other}")),
            }
        }
    }
    Ok((flags, &body[end..]))
}

/// SHA1 of `data` in lowercase hex (the script cache's names).
pub(crate) fn sha1_hex(data: &[u8]) -> String {
    sha1_smol::Sha1::from(data).digest().to_string()
}

fn sha1_hex_bytes(data: &[u8]) -> [u8; 40] {
    let mut out = [0u8; 40];
    out.copy_from_slice(sha1_hex(data).as_bytes());
    out
}
