//! Redis 7.0 functions' commands: FUNCTION LOAD, DELETE, FLUSH, LIST,
//! STATS, KILL, HELP, and FCALL / FCALL_RO.
//!
//! The libraries are the store's (store/functions.rs), so DELETE, FLUSH,
//! LIST and STATS need no Lua. LOAD (which runs the library's code) and
//! FCALL (which runs a function) hand a [`ScriptJob`] to the dispatcher
//! once what Redis checks before Lua is checked here, as EVAL does
//! (scripting.rs); crate::scripting::functions carries them out.
//! FUNCTION DUMP and RESTORE use Redis's payload format
//! (persistence/rdb/function_payload.rs).

use super::args::Args;
use super::errors::{self, CommandError};
use super::introspection::write_help;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::{Ctx, ScriptJob};
use crate::glob::glob_match;
use crate::persistence::rdb::function_payload::{self, FunctionPayloadError as PayloadError};
use crate::protocol::split_args;
use crate::store::functions::{FLAG_NAMES, NO_WRITES};
use crate::store::Store;

pub(super) static COMMANDS: &[Command] = &[
    Command::container("function", -2, 0, FUNCTION_SUBCOMMANDS)
        .acl(&["@slow"])
        .doc(
            "A container for function commands",
            "7.0.0",
            "scripting",
            "Depends on subcommand.",
        ),
    Command::new(
        "fcall",
        -3,
        NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
        fcall,
    )
    .acl(&["@slow", "@scripting"])
    .key_specs(&[
        KeySpec::with_keynum(&["RW", "access", "update"], 2, (0, 1, 1)).notes(
            "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE",
        ),
    ])
    .doc(
        "Invoke a function",
        "7.0.0",
        "scripting",
        "Depends on the function that is executed.",
    )
    .args(&[
        arg("function", "string"),
        arg("numkeys", "integer"),
        arg("key", "key").key_spec(0).optional().multiple(),
        arg("arg", "string").optional().multiple(),
    ]),
    Command::new(
        "fcall_ro",
        -3,
        READONLY | NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
        fcall_ro,
    )
    .acl(&["@slow", "@scripting"])
    .key_specs(&[KeySpec::with_keynum(&["RO", "access"], 2, (0, 1, 1))
        .notes("We cannot tell how the keys will be used so we assume the worst, RO and ACCESS")])
    .doc(
        "Invoke a read-only function",
        "7.0.0",
        "scripting",
        "Depends on the function that is executed.",
    )
    .args(&[
        arg("function", "string"),
        arg("numkeys", "integer"),
        arg("key", "key").key_spec(0).optional().multiple(),
        arg("arg", "string").optional().multiple(),
    ]),
];

static FUNCTION_SUBCOMMANDS: &[Command] = &[
    Command::new(
        "function|restore",
        -3,
        WRITE | DENYOOM | NOSCRIPT,
        function_restore,
    )
    .acl(&["@write", "@slow", "@scripting"])
    .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
    .doc(
        "Restore all the functions on the given payload",
        "7.0.0",
        "scripting",
        "O(N) where N is the number of functions on the payload",
    )
    .args(&[
        arg("serialized-value", "string"),
        arg("policy", "oneof").optional().args(&[
            arg("flush", "pure-token").token("FLUSH"),
            arg("append", "pure-token").token("APPEND"),
            arg("replace", "pure-token").token("REPLACE"),
        ]),
    ]),
    Command::new("function|dump", 2, NOSCRIPT, function_dump)
        .acl(&["@slow", "@scripting"])
        .doc(
            "Dump all functions into a serialized binary payload",
            "7.0.0",
            "scripting",
            "O(N) where N is the number of functions",
        ),
    Command::new("function|list", -2, NOSCRIPT, function_list)
        .acl(&["@slow", "@scripting"])
        .tips(&["nondeterministic_output_order"])
        .doc(
            "List information about all the functions",
            "7.0.0",
            "scripting",
            "O(N) where N is the number of functions",
        )
        .args(&[
            arg("library-name-pattern", "string")
                .token("LIBRARYNAME")
                .optional(),
            arg("withcode", "pure-token").token("WITHCODE").optional(),
        ]),
    Command::new("function|help", 2, LOADING | STALE, function_help)
        .acl(&["@slow", "@scripting"])
        .doc(
            "Show helpful text about the different subcommands",
            "7.0.0",
            "scripting",
            "O(1)",
        ),
    Command::new("function|kill", 2, NOSCRIPT | ALLOW_BUSY, function_kill)
        .acl(&["@slow", "@scripting"])
        .tips(&["request_policy:all_shards", "response_policy:one_succeeded"])
        .doc(
            "Kill the function currently in execution.",
            "7.0.0",
            "scripting",
            "O(1)",
        ),
    Command::new("function|delete", 3, WRITE | NOSCRIPT, function_delete)
        .acl(&["@write", "@slow", "@scripting"])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .doc("Delete a function by name", "7.0.0", "scripting", "O(1)")
        .args(&[arg("library-name", "string")]),
    Command::new("function|flush", -2, WRITE | NOSCRIPT, function_flush)
        .acl(&["@write", "@slow", "@scripting"])
        .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
        .doc(
            "Deleting all functions",
            "7.0.0",
            "scripting",
            "O(N) where N is the number of functions deleted",
        )
        .args(&[arg("async", "oneof").optional().args(&[
            arg("async", "pure-token").token("ASYNC"),
            arg("sync", "pure-token").token("SYNC"),
        ])]),
    Command::new(
        "function|load",
        -3,
        WRITE | DENYOOM | NOSCRIPT,
        function_load,
    )
    .acl(&["@write", "@slow", "@scripting"])
    .tips(&["request_policy:all_shards", "response_policy:all_succeeded"])
    .doc(
        "Create a function with the given arguments (name, code, description)",
        "7.0.0",
        "scripting",
        "O(1) (considering compilation time is redundant)",
    )
    .args(&[
        arg("replace", "pure-token").token("REPLACE").optional(),
        arg("function-code", "string"),
    ]),
    Command::new("function|stats", 2, NOSCRIPT | ALLOW_BUSY, function_stats)
        .acl(&["@slow", "@scripting"])
        .tips(&[
            "nondeterministic_output",
            "request_policy:all_shards",
            "response_policy:special",
        ])
        .doc(
            "Return information about the function currently running (name, description, duration)",
            "7.0.0",
            "scripting",
            "O(1)",
        ),
];

/// The engine and library name of a library's `#!<engine> name=<name>`
/// first line, as Redis 7.0 reads it (the line split like `sdssplitargs`,
/// so `name="x"` is `x`), or the error reply text.
pub(crate) fn library_metadata(code: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    if !code.starts_with(b"#!") {
        return Err(errors::FUNCTION_MISSING_METADATA.into());
    }
    let Some(end) = memchr::memchr(b'\n', code) else {
        return Err(errors::FUNCTION_INVALID_METADATA.into());
    };
    let parts = match split_args(code.get(..end).unwrap_or_default()) {
        Some(parts) if !parts.is_empty() => parts,
        _ => return Err(errors::FUNCTION_INVALID_METADATA.into()),
    };
    let mut parts = parts.into_iter();
    let engine = parts
        .next()
        .map(|p| p.get(2..).unwrap_or_default().to_vec())
        .unwrap_or_default();
    let mut name: Option<Vec<u8>> = None;
    for part in parts {
        if part.len() >= 5 && part[..5].eq_ignore_ascii_case(b"name=") {
            if name.is_some() {
                return Err(errors::FUNCTION_NAME_TWICE.into());
            }
            name = Some(part[5..].to_vec());
            continue;
        }
        return Err(format!(
            "ERR Invalid metadata value given: {}",
            String::from_utf8_lossy(&part)
        ));
    }
    let name = name.ok_or_else(|| errors::FUNCTION_NO_NAME.to_string())?;
    Ok((engine, name))
}

/// Library and function names: letters, digits and underscores, at least
/// one.
fn valid_name(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
}

fn owned(text: String) -> CommandError {
    CommandError::Formatted(text.into_bytes())
}

/// FUNCTION LOAD [REPLACE] <code>: Redis's checks before the code runs
/// (options, metadata, name, engine, an existing library).
fn function_load(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let mut replace = false;
    while args.remaining() > 1 {
        let option = args.next_arg()?;
        if option.eq_ignore_ascii_case(b"replace") {
            replace = true;
            continue;
        }
        return Err(owned(format!(
            "ERR Unknown option given: {}",
            String::from_utf8_lossy(errors::c_str(option))
        )));
    }
    let code = args.next_arg()?;
    let (engine, name) = library_metadata(code).map_err(owned)?;
    if !valid_name(&name) {
        return Err(owned(errors::FUNCTION_BAD_NAME.into()));
    }
    if !engine.eq_ignore_ascii_case(b"lua") {
        return Err(owned(format!(
            "ERR Engine '{}' not found",
            String::from_utf8_lossy(&engine)
        )));
    }
    if !replace && ctx.store.functions.library(&name).is_some() {
        return Err(owned(format!(
            "ERR Library '{}' already exists",
            String::from_utf8_lossy(&name)
        )));
    }
    ctx.run_script(ScriptJob::FunctionLoad { replace });
    Ok(())
}

fn function_delete(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let name = args.next_arg()?;
    if ctx.store.functions.remove(name).is_none() {
        return Err(errors::FUNCTION_LIBRARY_NOT_FOUND);
    }
    ctx.reply().ok();
    Ok(())
}

/// FUNCTION FLUSH [ASYNC|SYNC]: both drop every library at once (the VM
/// is rebuilt on next use, which frees it whole). EVAL's scripts stay.
fn function_flush(ctx: &mut Ctx, args: &mut Args) -> Reply {
    if args.remaining() > 1 {
        let words = args.command_words();
        let sub = words.get(1).copied().unwrap_or_default();
        return Err(errors::subcommand_syntax(b"function", sub));
    }
    if args.remaining() == 1 && args.next_token(&["sync", "async"]).is_none() {
        return Err(errors::FUNCTION_FLUSH_OPTION);
    }
    ctx.store.functions.flush();
    ctx.reply().ok();
    Ok(())
}

/// FUNCTION LIST [LIBRARYNAME <pattern>] [WITHCODE]: each option once.
fn function_list(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let mut pattern: Option<&[u8]> = None;
    let mut with_code = false;
    while let Some(word) = args.peek() {
        args.next_arg()?;
        if word.eq_ignore_ascii_case(b"withcode") && !with_code {
            with_code = true;
        } else if word.eq_ignore_ascii_case(b"libraryname") && pattern.is_none() {
            pattern = Some(args.next_arg().map_err(|_| errors::FUNCTION_LIST_NO_NAME)?);
        } else {
            return Err(owned(format!(
                "ERR Unknown argument {}",
                String::from_utf8_lossy(errors::c_str(word))
            )));
        }
    }
    let libraries: Vec<_> = ctx
        .store
        .functions
        .libraries()
        .filter(|l| pattern.is_none_or(|p| glob_match(p, &l.name, false)))
        .cloned()
        .collect();
    let mut w = ctx.reply();
    w.array(libraries.len());
    for library in libraries {
        w.map(if with_code { 4 } else { 3 });
        w.bulk(b"library_name");
        w.bulk(&library.name);
        w.bulk(b"engine");
        w.bulk(b"LUA");
        w.bulk(b"functions");
        w.array(library.functions.len());
        for f in &library.functions {
            w.map(3);
            w.bulk(b"name");
            w.bulk(&f.name);
            w.bulk(b"description");
            match &f.description {
                Some(d) => w.bulk(d),
                None => w.null_bulk(),
            }
            w.bulk(b"flags");
            let names: Vec<&str> = FLAG_NAMES
                .iter()
                .filter(|(_, bit)| f.flags & bit != 0)
                .map(|(name, _)| *name)
                .collect();
            w.set(names.len());
            for name in names {
                w.simple(name);
            }
        }
        if with_code {
            w.bulk(b"library_code");
            w.bulk(&library.code);
        }
    }
    Ok(())
}

/// FUNCTION STATS: the running function (nil when none, and refused with
/// EVAL's BUSY while an EVAL script runs), and the engine's counts.
fn function_stats(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let busy = ctx.store.scripts.busy;
    if busy.is_some_and(|b| !b.function) {
        return Err(errors::BUSY);
    }
    let now = ctx.store.now;
    let functions = &ctx.store.functions;
    let running = busy.map(|b| (functions.running.clone(), now.saturating_sub(b.started)));
    let (libraries, count) = (functions.library_count(), functions.function_count());
    let mut w = ctx.reply();
    w.map(2);
    w.bulk(b"running_script");
    match running {
        None => w.null_bulk(),
        Some((f, duration)) => {
            w.map(3);
            w.bulk(b"name");
            w.bulk(&f.name);
            w.bulk(b"command");
            w.array(f.command.len());
            for word in &f.command {
                w.bulk(word);
            }
            w.bulk(b"duration_ms");
            w.integer(duration as i64);
        }
    }
    w.bulk(b"engines");
    w.map(1);
    w.bulk(b"LUA");
    w.map(2);
    w.bulk(b"libraries_count");
    w.integer(libraries as i64);
    w.bulk(b"functions_count");
    w.integer(count as i64);
    Ok(())
}

/// FUNCTION KILL: stops a running function that has not written (it ends
/// with its caller's error reply at the next timer call); an EVAL script
/// is SCRIPT KILL's.
fn function_kill(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let Some(busy) = ctx.store.scripts.busy.as_mut() else {
        return Err(errors::NOTBUSY);
    };
    if busy.wrote {
        return Err(errors::UNKILLABLE);
    }
    if !busy.function {
        return Err(errors::BUSY);
    }
    busy.kill = true;
    ctx.reply().ok();
    Ok(())
}

fn function_help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    write_help(&mut ctx.reply(), "FUNCTION", HELP);
    Ok(())
}

const HELP: &[&str] = &[
    "LOAD [REPLACE] <FUNCTION CODE>",
    "    Create a new library with the given library name and code.",
    "DELETE <LIBRARY NAME>",
    "    Delete the given library.",
    "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
    "    Return general information on all the libraries:",
    "    * Library name",
    "    * The engine used to run the Library",
    "    * Library description",
    "    * Functions list",
    "    * Library code (if WITHCODE is given)",
    "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
    "STATS",
    "    Return information about the current function running:",
    "    * Function name",
    "    * Command used to run the function",
    "    * Duration in MS that the function is running",
    "    If no function is running, return nil",
    "    In addition, returns a list of available engines.",
    "KILL",
    "    Kill the current running function.",
    "FLUSH [ASYNC|SYNC]",
    "    Delete all the libraries.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the libraries.",
    "    * SYNC: Synchronously flush the libraries.",
    "DUMP",
    "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
    "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
    "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
    "    control how to handle existing libraries (default APPEND):",
    "    * FLUSH: delete all existing libraries.",
    "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
    "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
    "      libraries with the new libraries (notice that even on this option there is a chance of failure",
    "      in case of functions name collision with another library).",
];

/// FUNCTION DUMP: every library's code in Redis's payload format.
fn function_dump(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let payload =
        function_payload::encode(ctx.store.functions.libraries().map(|l| l.code.as_slice()));
    ctx.reply().bulk(&payload);
    Ok(())
}

/// What FUNCTION RESTORE does with the libraries already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RestorePolicy {
    /// Refuse a library that exists (the default).
    Append,
    /// Replace a library that exists.
    Replace,
    /// Drop every library first.
    Flush,
}

/// FUNCTION RESTORE <payload> [FLUSH|APPEND|REPLACE]: the policy and the
/// payload's checksum are checked here; the libraries run in the VM.
fn function_restore(ctx: &mut Ctx, args: &mut Args) -> Reply {
    if args.remaining() > 2 {
        let words = args.command_words();
        let sub = words.get(1).copied().unwrap_or_default();
        return Err(errors::subcommand_syntax(b"function", sub));
    }
    let payload = args.next_arg()?;
    let policy = match args.peek() {
        None => RestorePolicy::Append,
        Some(_) => match args.next_token(&["append", "replace", "flush"]) {
            Some(0) => RestorePolicy::Append,
            Some(1) => RestorePolicy::Replace,
            Some(_) => RestorePolicy::Flush,
            None => return Err(errors::FUNCTION_RESTORE_POLICY),
        },
    };
    if function_payload::decode(payload) == Err(PayloadError::VersionOrChecksum) {
        return Err(errors::DUMP_PAYLOAD);
    }
    ctx.run_script(ScriptJob::FunctionRestore { policy });
    Ok(())
}

fn fcall(ctx: &mut Ctx, args: &mut Args) -> Reply {
    fcall_generic(ctx, args, false)
}

fn fcall_ro(ctx: &mut Ctx, args: &mut Args) -> Reply {
    fcall_generic(ctx, args, true)
}

/// Redis's `fcallCommandGeneric` checks, in its order: the function
/// exists, numkeys, then `scriptPrepareForRun`'s flag checks (a write
/// function from FCALL_RO; memory for one that may write).
fn fcall_generic(ctx: &mut Ctx, args: &mut Args, read_only: bool) -> Reply {
    let name = args.next_arg()?;
    let flags = match ctx.store.functions.function(name) {
        Some((_, meta)) => meta.flags,
        None => return Err(errors::FUNCTION_NOT_FOUND),
    };
    let numkeys =
        super::args::integer(args.next_arg()?).map_err(|_| errors::FUNCTION_BAD_NUMKEYS)?;
    if numkeys > args.remaining() as i64 {
        return Err(errors::SCRIPT_TOO_MANY_KEYS);
    }
    if numkeys < 0 {
        return Err(errors::SCRIPT_NEGATIVE_KEYS);
    }
    let no_writes = flags & NO_WRITES != 0;
    if read_only && !no_writes {
        return Err(errors::FUNCTION_RO_WRITE);
    }
    let allow_oom = flags & crate::store::functions::ALLOW_OOM != 0;
    if !no_writes && !allow_oom && ctx.store.config.maxmemory != 0 && !ctx.store.make_room(None) {
        return Err(CommandError::Static(errors::SCRIPT_OOM));
    }
    ctx.run_script(ScriptJob::Fcall {
        read_only,
        numkeys: numkeys as usize,
    });
    Ok(())
}

/// Scripts count as writes by their flags, as Redis's
/// `fcallGetCommandFlags` / `evalGetCommandFlags` make them: a function's
/// or a `#!lua` shebang's flags replace the command's (a write unless
/// `no-writes`); otherwise the command's own hidden `may-replicate` holds
/// (FCALL of an unknown function, EVAL/EVALSHA without a shebang), which
/// the `_RO` variants lack. CLIENT PAUSE WRITE holds such a script, and
/// an EXEC whose queue holds one.
pub(crate) fn script_may_write(store: &Store, command: &Command, args: &[&[u8]]) -> bool {
    let named = args.get(1).copied().unwrap_or_default();
    let read_only_variant = command.name.ends_with("_ro");
    let no_writes = match command.name {
        "fcall" | "fcall_ro" => store
            .functions
            .function(named)
            .map(|(_, f)| f.flags & crate::store::functions::NO_WRITES != 0),
        "eval" | "eval_ro" => shebang_no_writes(named),
        "evalsha" | "evalsha_ro" => store.scripts.body(named).and_then(shebang_no_writes),
        _ => return false,
    };
    match no_writes {
        Some(no_writes) => !no_writes,
        None => !read_only_variant,
    }
}

/// Whether a script's `#!lua` shebang says `no-writes`; `None` without a
/// (well-formed) shebang.
fn shebang_no_writes(body: &[u8]) -> Option<bool> {
    if !body.starts_with(b"#!lua") {
        return None;
    }
    let end = memchr::memchr(b'\n', body).unwrap_or(body.len());
    let line = body.get(..end)?;
    let mut no_writes = false;
    for word in line.split(|&b| b == b' ').skip(1).filter(|w| !w.is_empty()) {
        let list = word.strip_prefix(b"flags=")?;
        no_writes |= list.split(|&b| b == b',').any(|f| f == b"no-writes");
    }
    Some(no_writes)
}
