//! OBJECT: ENCODING, FREQ, IDLETIME, REFCOUNT, HELP. Looking a key up here
//! does not count as an access (its idle time and frequency stay as they
//! were), as Redis's `LOOKUP_NOTOUCH`.

use super::args::Args;
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::config::{Config, EvictionPolicy};
use crate::store::Entry;
use crate::Millis;

pub(super) static COMMANDS: &[Command] = &[Command::container("object", -2, 0, OBJECT_SUBCOMMANDS)
    .acl(&["@slow"])
    .doc(
        "A container for object introspection commands",
        "2.2.3",
        "generic",
        "Depends on subcommand.",
    )];

const OBJECT_SUBCOMMANDS: &[Command] = &[
    Command::new("object|help", 2, LOADING | STALE, object_help)
        .acl(&["@keyspace", "@slow"])
        .doc(
            "Show helpful text about the different subcommands",
            "6.2.0",
            "generic",
            "O(1)",
        ),
    Command::new("object|freq", 3, READONLY, object_freq)
        .keys(2, 2, 1)
        .acl(&["@keyspace", "@read", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO"], 2, (0, 1, 0))])
        .doc(
            "Get the logarithmic access frequency counter of a Redis object",
            "4.0.0",
            "generic",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0)]),
    Command::new("object|idletime", 3, READONLY, object_idletime)
        .keys(2, 2, 1)
        .acl(&["@keyspace", "@read", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO"], 2, (0, 1, 0))])
        .doc(
            "Get the time since a Redis object was last accessed",
            "2.2.3",
            "generic",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0)]),
    Command::new("object|encoding", 3, READONLY, object_encoding)
        .keys(2, 2, 1)
        .acl(&["@keyspace", "@read", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO"], 2, (0, 1, 0))])
        .doc(
            "Inspect the internal encoding of a Redis object",
            "2.2.3",
            "generic",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0)]),
    Command::new("object|refcount", 3, READONLY, object_refcount)
        .keys(2, 2, 1)
        .acl(&["@keyspace", "@read", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO"], 2, (0, 1, 0))])
        .doc(
            "Get the number of references to the value of the key",
            "2.2.3",
            "generic",
            "O(1)",
        )
        .args(&[arg("key", "key").key_spec(0)]),
];

/// OBJECT HELP, line by line, as redis-server 7.0.15 prints it.
const HELP: &[&str] = &[
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
];

/// OBJECT HELP
fn object_help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let mut reply = ctx.reply();
    reply.array(HELP.len());
    for line in HELP {
        reply.simple(line);
    }
    Ok(())
}

/// Whether the policy keeps access frequencies rather than idle times.
fn lfu_policy(config: &Config) -> bool {
    matches!(
        config.maxmemory_policy,
        EvictionPolicy::AllKeysLfu | EvictionPolicy::VolatileLfu
    )
}

/// `answer` over the live entry of the key argument, looked at without
/// touching it; `None` for a missing key (answered with a null before any
/// policy error, as Redis does).
fn peek<T>(
    ctx: &mut Ctx,
    args: &mut Args,
    answer: impl FnOnce(&Entry, &Config, Millis) -> T,
) -> Result<Option<T>, CommandError> {
    let key = args.next_key()?;
    let now = ctx.now();
    let store = &mut *ctx.store;
    let config = &store.config;
    Ok(store.dbs[ctx.client.db]
        .peek(key, now)
        .map(|entry| answer(entry, config, now)))
}

/// Replies with an integer answer, or null for a missing key.
fn integer_or_null(ctx: &mut Ctx, answer: Option<Result<i64, CommandError>>) -> Reply {
    match answer {
        None => ctx.reply().null_bulk(),
        Some(value) => ctx.reply().integer(value?),
    }
    Ok(())
}

/// OBJECT ENCODING key
fn object_encoding(ctx: &mut Ctx, args: &mut Args) -> Reply {
    match peek(ctx, args, |entry, config, _| entry.encoding(config))? {
        None => ctx.reply().null_bulk(),
        Some(name) => ctx.reply().bulk(name.as_bytes()),
    }
    Ok(())
}

/// OBJECT FREQ key: the logarithmic access counter, decayed to now; only
/// kept under an LFU policy.
fn object_freq(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let answer = peek(ctx, args, |entry, config, now| {
        if !lfu_policy(config) {
            return Err(errors::FREQ_WITHOUT_LFU);
        }
        Ok(entry.frequency(now).into())
    })?;
    integer_or_null(ctx, answer)
}

/// OBJECT IDLETIME key: whole seconds since the last access; not kept
/// under an LFU policy.
fn object_idletime(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let answer = peek(ctx, args, |entry, config, now| {
        if lfu_policy(config) {
            return Err(errors::IDLETIME_UNDER_LFU);
        }
        Ok(entry.idle_secs(now) as i64)
    })?;
    integer_or_null(ctx, answer)
}

/// OBJECT REFCOUNT key
fn object_refcount(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let answer = peek(ctx, args, |entry, config, _| Ok(entry.refcount(config)))?;
    integer_or_null(ctx, answer)
}
