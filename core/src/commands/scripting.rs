//! Lua scripting's commands: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and
//! SCRIPT LOAD, EXISTS, FLUSH, KILL, DEBUG, HELP.
//!
//! The handlers check what needs no Lua VM (numkeys, SCRIPT EXISTS, FLUSH,
//! KILL) and hand what does (running or compiling a script) to the
//! dispatcher as a [`ScriptJob`], the way EXEC hands over its queue: the VM
//! lives above the commands (`crate::scripting`, owned by the engine), and
//! a script's `redis.call` runs commands through the dispatcher itself.
//! The script cache and the running script's state are the store's
//! (store/scripts.rs).

use super::args::Args;
use super::errors;
use super::introspection::write_help;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;

pub(super) static COMMANDS: &[Command] = &[
    Command::new(
        "eval",
        -3,
        NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
        eval,
    )
    .acl(&["@slow", "@scripting"])
    .key_specs(&[
        KeySpec::with_keynum(&["RW", "access", "update"], 2, (0, 1, 1)).notes(
            "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE",
        ),
    ])
    .doc(
        "Execute a Lua script server side",
        "2.6.0",
        "scripting",
        "Depends on the script that is executed.",
    )
    .args(&[
        arg("script", "string"),
        arg("numkeys", "integer"),
        arg("key", "key").key_spec(0).optional().multiple(),
        arg("arg", "string").optional().multiple(),
    ]),
    Command::new(
        "evalsha",
        -3,
        NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
        evalsha,
    )
    .acl(&["@slow", "@scripting"])
    .key_specs(&[KeySpec::with_keynum(
        &["RW", "access", "update"],
        2,
        (0, 1, 1),
    )])
    .doc(
        "Execute a Lua script server side",
        "2.6.0",
        "scripting",
        "Depends on the script that is executed.",
    )
    .args(&[
        arg("sha1", "string"),
        arg("numkeys", "integer"),
        arg("key", "key").key_spec(0).optional().multiple(),
        arg("arg", "string").optional().multiple(),
    ]),
    Command::new(
        "eval_ro",
        -3,
        READONLY | NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
        eval_ro,
    )
    .acl(&["@slow", "@scripting"])
    .key_specs(&[KeySpec::with_keynum(&["RO", "access"], 2, (0, 1, 1))
        .notes("We cannot tell how the keys will be used so we assume the worst, RO and ACCESS")])
    .doc(
        "Execute a read-only Lua script server side",
        "7.0.0",
        "scripting",
        "Depends on the script that is executed.",
    )
    .args(&[
        arg("script", "string"),
        arg("numkeys", "integer"),
        arg("key", "key").key_spec(0).optional().multiple(),
        arg("arg", "string").optional().multiple(),
    ]),
    Command::new(
        "evalsha_ro",
        -3,
        READONLY | NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
        evalsha_ro,
    )
    .acl(&["@slow", "@scripting"])
    .key_specs(&[KeySpec::with_keynum(&["RO", "access"], 2, (0, 1, 1))])
    .doc(
        "Execute a read-only Lua script server side",
        "7.0.0",
        "scripting",
        "Depends on the script that is executed.",
    )
    .args(&[
        arg("sha1", "string"),
        arg("numkeys", "integer"),
        arg("key", "key").key_spec(0).optional().multiple(),
        arg("arg", "string").optional().multiple(),
    ]),
    Command::container("script", -2, 0, SCRIPT_SUBCOMMANDS)
        .acl(&["@slow"])
        .doc(
            "A container for Lua scripts management commands",
            "2.6.0",
            "scripting",
            "Depends on subcommand.",
        ),
];

static SCRIPT_SUBCOMMANDS: &[Command] = &[
    Command::new("script|debug", 3, NOSCRIPT, script_debug)
        .acl(&["@slow", "@scripting"])
        .doc("Set the debug mode for executed scripts.", "3.2.0", "scripting", "O(1)")
        .args(&[
            arg("mode", "oneof").args(&[
                    arg("yes", "pure-token").token("YES"),
                    arg("sync", "pure-token").token("SYNC"),
                    arg("no", "pure-token").token("NO"),
                ]),
        ]),
    Command::new("script|exists", -3, NOSCRIPT, script_exists)
        .acl(&["@slow", "@scripting"])
        .tips(&["request_policy:all_shards", "response_policy:agg_logical_and"])
        .doc("Check existence of scripts in the script cache.", "2.6.0", "scripting", "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).")
        .args(&[
            arg("sha1", "string").multiple(),
        ]),
    Command::new("script|flush", -2, NOSCRIPT, script_flush)
        .acl(&["@slow", "@scripting"])
        .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
        .doc("Remove all the scripts from the script cache.", "2.6.0", "scripting", "O(N) with N being the number of scripts in cache")
        .history(&[("6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers.")])
        .args(&[
            arg("async", "oneof").since("6.2.0").optional().args(&[
                    arg("async", "pure-token").token("ASYNC"),
                    arg("sync", "pure-token").token("SYNC"),
                ]),
        ]),
    Command::new("script|help", 2, LOADING | STALE, script_help)
        .acl(&["@slow", "@scripting"])
        .doc("Show helpful text about the different subcommands", "5.0.0", "scripting", "O(1)"),
    Command::new("script|load", 3, NOSCRIPT | STALE, script_load)
        .acl(&["@slow", "@scripting"])
        .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
        .doc("Load the specified Lua script into the script cache.", "2.6.0", "scripting", "O(N) with N being the length in bytes of the script body.")
        .args(&[
            arg("script", "string"),
        ]),
    Command::new("script|kill", 2, NOSCRIPT | ALLOW_BUSY, script_kill)
        .acl(&["@slow", "@scripting"])
        .tips(&["request_policy:all_shards", "response_policy:one_succeeded"])
        .doc("Kill the script currently in execution.", "2.6.0", "scripting", "O(1)"),
];

/// Work only the Lua VM can do, handed from a handler to the dispatcher
/// (see [`Ctx::run_script`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScriptJob {
    /// EVAL / EVALSHA / EVAL_RO / EVALSHA_RO, whose `numkeys` (the third
    /// word) is checked: the script is the second word, a body or, with
    /// `by_sha`, a SHA1 of the cache.
    Eval {
        by_sha: bool,
        read_only: bool,
        numkeys: usize,
    },
    /// SCRIPT LOAD: compile the third word and cache it.
    Load,
    /// FUNCTION LOAD [REPLACE]: the code is the last word (commands/functions.rs).
    FunctionLoad { replace: bool },
    /// FCALL / FCALL_RO of a function that exists, with `numkeys` checked
    /// (commands/functions.rs).
    Fcall { read_only: bool, numkeys: usize },
    /// FUNCTION RESTORE of a payload whose checksum is checked
    /// (commands/functions.rs).
    FunctionRestore {
        policy: super::functions::RestorePolicy,
    },
}

fn eval(ctx: &mut Ctx, args: &mut Args) -> Reply {
    eval_generic(ctx, args, false, false)
}

fn evalsha(ctx: &mut Ctx, args: &mut Args) -> Reply {
    eval_generic(ctx, args, true, false)
}

fn eval_ro(ctx: &mut Ctx, args: &mut Args) -> Reply {
    eval_generic(ctx, args, false, true)
}

fn evalsha_ro(ctx: &mut Ctx, args: &mut Args) -> Reply {
    eval_generic(ctx, args, true, true)
}

/// Redis's `evalGenericCommand` checks before the script: numkeys an
/// integer, not negative, not more than the arguments after it.
fn eval_generic(ctx: &mut Ctx, args: &mut Args, by_sha: bool, read_only: bool) -> Reply {
    args.next_arg()?;
    let numkeys = args.next_int()?;
    if numkeys > args.remaining() as i64 {
        return Err(errors::SCRIPT_TOO_MANY_KEYS);
    }
    if numkeys < 0 {
        return Err(errors::SCRIPT_NEGATIVE_KEYS);
    }
    ctx.run_script(ScriptJob::Eval {
        by_sha,
        read_only,
        numkeys: numkeys as usize,
    });
    Ok(())
}

/// SCRIPT DEBUG: the Lua debugger (LDB) is not offered; NO is accepted.
fn script_debug(ctx: &mut Ctx, args: &mut Args) -> Reply {
    match args.next_token(&["no", "yes", "sync"]) {
        Some(0) => {
            ctx.reply().ok();
            Ok(())
        }
        Some(_) => Err(errors::SCRIPT_DEBUG_UNSUPPORTED),
        None => Err(errors::SCRIPT_DEBUG_SYNTAX),
    }
}

fn script_exists(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let found: Vec<bool> = args.map(|sha| ctx.store.scripts.contains(sha)).collect();
    let mut w = ctx.reply();
    w.array(found.len());
    for exists in found {
        w.integer(exists as i64);
    }
    Ok(())
}

/// SCRIPT FLUSH [ASYNC|SYNC]: both forget the cache at once (the VM is
/// dropped and rebuilt on next use, which frees it whole).
fn script_flush(ctx: &mut Ctx, args: &mut Args) -> Reply {
    if args.remaining() > 1
        || (args.remaining() == 1 && args.next_token(&["sync", "async"]).is_none())
    {
        return Err(errors::SCRIPT_FLUSH_OPTION);
    }
    ctx.store.scripts.flush();
    ctx.reply().ok();
    Ok(())
}

fn script_help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    write_help(&mut ctx.reply(), "SCRIPT", HELP);
    Ok(())
}

const HELP: &[&str] = &[
    "DEBUG (YES|SYNC|NO)",
    "    Set the debug mode for subsequent scripts executed.",
    "EXISTS <sha1> [<sha1> ...]",
    "    Return information about the existence of the scripts in the script cache.",
    "FLUSH [ASYNC|SYNC]",
    "    Flush the Lua scripts cache. Very dangerous on replicas.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the scripts cache.",
    "    * SYNC: Synchronously flush the scripts cache.",
    "KILL",
    "    Kill the currently executing Lua script.",
    "LOAD <script>",
    "    Load a script into the scripts cache without executing it.",
];

fn script_load(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    ctx.run_script(ScriptJob::Load);
    Ok(())
}

/// SCRIPT KILL: asks the running script to stop (it ends, with its
/// caller's error reply, at the next timer call), unless it wrote.
fn script_kill(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let Some(busy) = ctx.store.scripts.busy.as_mut() else {
        return Err(errors::NOTBUSY);
    };
    if busy.wrote {
        return Err(errors::UNKILLABLE);
    }
    if busy.function {
        return Err(errors::BUSY_FUNCTION);
    }
    busy.kill = true;
    ctx.reply().ok();
    Ok(())
}
