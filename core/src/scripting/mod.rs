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
mod coroutine;
mod functions;
mod libs;
mod native_call;
mod raw;
mod readonly;
mod vm;

use mlua::Value;

use coroutine::Coroutine;

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
    thread: Coroutine,
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
pub(crate) struct ShebangFlags {
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
    fn vm(&mut self, store: &mut Store) -> Result<&mut Vm, String> {
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
        self.vm.as_mut().ok_or_else(String::new)
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

    /// Compiles a script (unless compiled already): its shebang flags.
    fn compiled(
        &mut self,
        store: &mut Store,
        sha: &[u8; 40],
        body: &[u8],
    ) -> Result<ShebangFlags, String> {
        if let Some(flags) = self.cached_flags(store, sha)? {
            return Ok(flags);
        }
        let (flags, code) = shebang(body)?;
        let vm = self.vm(store)?;
        let f = vm
            .compile(code)
            .map_err(|message| format!("ERR Error compiling script (new function): {message}"))?;
        let function = vm
            .lua
            .create_registry_value(f)
            .map_err(|e| format!("ERR {e}"))?;
        vm.compiled.insert(*sha, vm::Compiled { function, flags });
        store.scripts.vm_memory = vm.lua.used_memory();
        Ok(flags)
    }

    /// The flags of script `sha` when it is compiled already.
    fn cached_flags(
        &mut self,
        store: &mut Store,
        sha: &[u8; 40],
    ) -> Result<Option<ShebangFlags>, String> {
        Ok(self.vm(store)?.compiled.get(sha).map(|c| c.flags))
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
        // The script cache and the compiled functions hold the same SHA1s
        // (SCRIPT FLUSH empties both): a compiled script needs no lookup
        // of its body.
        let (sha, flags) = if by_sha {
            let sha =
                crate::store::scripts::normalize(named).ok_or_else(|| text(&errors::NOSCRIPT))?;
            match self.cached_flags(store, &sha)? {
                Some(flags) => (sha, flags),
                None => {
                    let body = store
                        .scripts
                        .body(&sha)
                        .ok_or_else(|| text(&errors::NOSCRIPT))?
                        .to_vec();
                    (sha, self.compiled(store, &sha, &body)?)
                }
            }
        } else {
            let sha = sha1_hex_bytes(named);
            let flags = self.compiled(store, &sha, named)?;
            store.scripts.insert(sha, named);
            (sha, flags)
        };
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
        let thread = self
            .vm(store)?
            .start_script(&sha, keys, argv)
            .map_err(|e| format!("ERR {e}"))?;
        let running = Running {
            thread,
            sha,
            script: ScriptClient::new(
                client.id,
                client.db,
                read_only || flags.no_writes,
                flags.allow_oom,
            ),
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
        if resumed == raw::Resumed::ReturnedScalar {
            let script_resp3 = running.script.client.protocol == Protocol::Resp3;
            let mut w = ReplyWriter::new(out, running.caller_protocol);
            convert::scalar_to_reply(raw::scalar_result(&running.thread), &mut w, script_resp3);
            self.stop_running(store, true);
            return Outcome::Done;
        }
        let result: Value = vm
            .lua
            .named_registry_value(raw::RESULT_KEY)
            .unwrap_or(Value::Nil);
        match resumed {
            raw::Resumed::Yielded | raw::Resumed::ReturnedScalar => return Outcome::Running,
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
        self.stop_running(store, true);
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
    /// (see [`Scripting::start_running`]); its coroutine goes back to its
    /// VM, to run the next script if the script `returned` normally.
    fn stop_running(&mut self, store: &mut Store, returned: bool) -> Option<Running> {
        let running = self.running.take()?;
        let vm = match running.function {
            Some(_) => self.functions.as_mut().map(|f| &mut f.vm),
            None => self.vm.as_mut(),
        };
        if let Some(vm) = vm {
            vm.pool.recycle(running.thread, returned);
        }
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
        let Some(running) = self.stop_running(store, false) else {
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
