//! Server commands: CONFIG GET/SET/RESETSTAT, INFO, SHUTDOWN, TIME,
//! MEMORY USAGE, and the cluster probes.

use bytes::Bytes;

use super::args::{integer, token, Args};
use super::config_reported::{self, Reported, ALIASES, REPORTED};
use super::errors;
use super::info::{render_info, Sections};
use super::introspection::write_help;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::{Ctx, SaveWait};
use crate::config::{parse_memory, parse_save_points, EvictionPolicy};
use crate::glob::glob_match;
use crate::store::{notify, save_points_text, SaveKind, Stats, Store};

pub(super) static COMMANDS: &[Command] = &[
    Command::container("config", -2, 0, CONFIG_SUBCOMMANDS)
        .acl(&["@slow"])
        .doc("A container for server configuration commands", "2.0.0", "server", "Depends on subcommand."),
    Command::new("info", -1, LOADING | STALE, info)
        .acl(&["@slow", "@dangerous"])
        .tips(&["nondeterministic_output", "request_policy:all_shards", "response_policy:special"])
        .doc("Get information and statistics about the server", "1.0.0", "server", "O(1)")
        .history(&[
            ("7.0.0", "Added support for taking multiple section arguments."),
        ])
        .args(&[
            arg("section", "string").optional().multiple(),
        ]),
    Command::new("shutdown", -1, ADMIN | NOSCRIPT | LOADING | STALE | NO_MULTI | ALLOW_BUSY, shutdown)
        .acl(&["@admin", "@slow", "@dangerous"])
        .doc("Synchronously save the dataset to disk and then shut down the server", "1.0.0", "server", "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)")
        .history(&[
            ("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."),
        ])
        .args(&[
            arg("nosave_save", "oneof").optional().args(&[
                arg("nosave", "pure-token").token("NOSAVE"),
                arg("save", "pure-token").token("SAVE"),
            ]),
            arg("now", "pure-token").token("NOW").since("7.0.0").optional(),
            arg("force", "pure-token").token("FORCE").since("7.0.0").optional(),
            arg("abort", "pure-token").token("ABORT").since("7.0.0").optional(),
        ]),
    Command::new("time", 1, LOADING | STALE | FAST, time)
        .acl(&["@fast"])
        .tips(&["nondeterministic_output"])
        .doc("Return the current server time", "2.6.0", "server", "O(1)"),
    Command::container("memory", -2, 0, MEMORY_SUBCOMMANDS)
        .acl(&["@slow"])
        .doc("A container for memory diagnostics commands", "4.0.0", "server", "Depends on subcommand."),
    Command::new("cluster", -2, 0, cluster)
        .acl(&["@slow"])
        .doc("A container for cluster commands", "3.0.0", "cluster", "Depends on subcommand."),
    Command::new("readonly", 1, LOADING | STALE | FAST, readonly)
        .acl(&["@fast", "@connection"])
        .doc("Enables read queries for a connection to a cluster replica node", "3.0.0", "cluster", "O(1)"),
    Command::new("readwrite", 1, LOADING | STALE | FAST, readwrite)
        .acl(&["@fast", "@connection"])
        .doc("Disables read queries for a connection to a cluster replica node", "3.0.0", "cluster", "O(1)"),
];

const CONFIG_SUBCOMMANDS: &[Command] = &[
    Command::new(
        "config|get",
        -3,
        ADMIN | NOSCRIPT | LOADING | STALE,
        config_get,
    )
    .acl(&["@admin", "@slow", "@dangerous"])
    .doc(
        "Get the values of configuration parameters",
        "2.0.0",
        "server",
        "O(N) when N is the number of configuration parameters provided",
    )
    .history(&[(
        "7.0.0",
        "Added the ability to pass multiple pattern parameters in one call",
    )])
    .args(&[arg("parameter", "block")
        .multiple()
        .args(&[arg("parameter", "string")])]),
    Command::new(
        "config|set",
        -4,
        ADMIN | NOSCRIPT | LOADING | STALE,
        config_set,
    )
    .acl(&["@admin", "@slow", "@dangerous"])
    .tips(&["request_policy:all_nodes", "response_policy:all_succeeded"])
    .doc(
        "Set configuration parameters to the given values",
        "2.0.0",
        "server",
        "O(N) when N is the number of configuration parameters provided",
    )
    .history(&[(
        "7.0.0",
        "Added the ability to set multiple parameters in one call.",
    )])
    .args(&[arg("parameter_value", "block")
        .multiple()
        .args(&[arg("parameter", "string"), arg("value", "string")])]),
    Command::new(
        "config|resetstat",
        2,
        ADMIN | NOSCRIPT | LOADING | STALE,
        config_resetstat,
    )
    .acl(&["@admin", "@slow", "@dangerous"])
    .doc(
        "Reset the stats returned by INFO",
        "2.0.0",
        "server",
        "O(1)",
    ),
    Command::new(
        "config|rewrite",
        2,
        ADMIN | NOSCRIPT | LOADING | STALE,
        config_rewrite,
    )
    .acl(&["@admin", "@slow", "@dangerous"])
    .doc(
        "Rewrite the configuration file with the in memory configuration",
        "2.8.0",
        "server",
        "O(1)",
    ),
    Command::new("config|help", 2, LOADING | STALE, config_help)
        .acl(&["@slow"])
        .doc(
            "Show helpful text about the different subcommands",
            "5.0.0",
            "server",
            "O(1)",
        ),
];

const MEMORY_SUBCOMMANDS: &[Command] = &[Command::new("memory|usage", -3, READONLY, memory_usage)
    .keys(2, 2, 1)
    .acl(&["@read", "@slow"])
    .key_specs(&[KeySpec::new(&["RO"], 2, (0, 1, 0))])
    .doc(
        "Estimate the memory usage of a key",
        "4.0.0",
        "server",
        "O(N) where N is the number of samples.",
    )
    .args(&[
        arg("key", "key").key_spec(0),
        arg("count", "integer").token("SAMPLES").optional(),
    ])];

/// Validates and applies a new value; `Err` carries Redis's reason text.
type Setter = fn(&mut Store, &str) -> Result<(), String>;

/// A CONFIG parameter: its name, how to read it, and how to change it
/// (`None` for parameters that cannot change at run time).
struct Param {
    name: &'static str,
    get: fn(&Store) -> String,
    set: Option<Setter>,
}

const POLICY_CHOICES: &str = "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction";

static PARAMS: &[Param] = &[
    Param {
        name: "maxmemory",
        get: |s| s.config.maxmemory.to_string(),
        set: Some(|s, v| {
            s.config.maxmemory =
                parse_memory(v).map_err(|_| "argument must be a memory value".to_string())?;
            Ok(())
        }),
    },
    Param {
        name: "maxmemory-policy",
        get: |s| s.config.maxmemory_policy.name().to_string(),
        set: Some(|s, v| {
            s.config.maxmemory_policy = v
                .parse::<EvictionPolicy>()
                .map_err(|_| POLICY_CHOICES.to_string())?;
            Ok(())
        }),
    },
    Param {
        name: "maxmemory-samples",
        get: |s| s.config.maxmemory_samples.to_string(),
        set: Some(|s, v| {
            let samples: i64 = v
                .parse()
                .map_err(|_| "argument couldn't be parsed into an integer".to_string())?;
            if !(1..=i32::MAX as i64).contains(&samples) {
                return Err("argument must be between 1 and 2147483647 inclusive".into());
            }
            s.config.maxmemory_samples = samples as u32;
            Ok(())
        }),
    },
    Param {
        name: "requirepass",
        get: |s| String::from_utf8_lossy(&s.config.requirepass).into_owned(),
        set: Some(|s, v| {
            s.config.requirepass = v.as_bytes().to_vec();
            Ok(())
        }),
    },
    Param {
        name: "proto-max-bulk-len",
        get: |s| s.config.proto_max_bulk_len.to_string(),
        set: Some(|s, v| {
            s.config.proto_max_bulk_len = memory_at_least(v, 1024 * 1024)?;
            Ok(())
        }),
    },
    Param {
        name: "client-query-buffer-limit",
        get: |s| s.config.client_query_buffer_limit.to_string(),
        set: Some(|s, v| {
            s.config.client_query_buffer_limit = memory_at_least(v, 1024 * 1024)?;
            Ok(())
        }),
    },
    Param {
        name: "maxclients",
        get: |s| s.config.maxclients.to_string(),
        set: Some(|s, v| {
            s.config.maxclients = integer_in(v, 1, u32::MAX as i64)? as u64;
            Ok(())
        }),
    },
    Param {
        name: "timeout",
        get: |s| s.config.timeout_secs.to_string(),
        set: Some(|s, v| {
            s.config.timeout_secs = integer_in(v, 0, i32::MAX as i64)? as u64;
            Ok(())
        }),
    },
    Param {
        name: "busy-reply-threshold",
        get: |s| s.config.busy_reply_threshold_ms.to_string(),
        set: Some(|s, v| {
            s.config.busy_reply_threshold_ms = integer_in(v, 0, i64::MAX)? as u64;
            Ok(())
        }),
    },
    Param {
        name: "client-output-buffer-limit",
        get: |s| s.config.client_output_buffer_limit.to_string(),
        set: Some(|s, v| {
            s.config
                .client_output_buffer_limit
                .set(v)
                .map_err(str::to_string)
        }),
    },
    Param {
        name: "protected-mode",
        get: |s| yes_no(s.config.protected_mode),
        set: Some(|s, v| {
            s.config.protected_mode = parse_yes_no(v)?;
            Ok(())
        }),
    },
    Param {
        name: "notify-keyspace-events",
        get: |s| notify::classes_text(s.config.notify_keyspace_events),
        set: Some(|s, v| {
            s.config.notify_keyspace_events = notify::parse_classes(v.as_bytes())
                .ok_or_else(|| notify::INVALID_CLASS.to_string())?;
            Ok(())
        }),
    },
    // Each alias is a parameter of its own, as in Redis: a glob lists both
    // names, and setting both in one CONFIG SET is no duplicate.
    Param {
        name: "hash-max-listpack-entries",
        get: |s| s.config.hash_max_listpack_entries.to_string(),
        set: Some(set_hash_max_entries),
    },
    Param {
        name: "hash-max-ziplist-entries",
        get: |s| s.config.hash_max_listpack_entries.to_string(),
        set: Some(set_hash_max_entries),
    },
    Param {
        name: "hash-max-listpack-value",
        get: |s| s.config.hash_max_listpack_value.to_string(),
        set: Some(set_hash_max_value),
    },
    Param {
        name: "hash-max-ziplist-value",
        get: |s| s.config.hash_max_listpack_value.to_string(),
        set: Some(set_hash_max_value),
    },
    Param {
        name: "zset-max-listpack-entries",
        get: |s| s.config.zset_max_listpack_entries.to_string(),
        set: Some(set_zset_entries),
    },
    Param {
        name: "zset-max-ziplist-entries",
        get: |s| s.config.zset_max_listpack_entries.to_string(),
        set: Some(set_zset_entries),
    },
    Param {
        name: "zset-max-listpack-value",
        get: |s| s.config.zset_max_listpack_value.to_string(),
        set: Some(set_zset_value),
    },
    Param {
        name: "zset-max-ziplist-value",
        get: |s| s.config.zset_max_listpack_value.to_string(),
        set: Some(set_zset_value),
    },
    Param {
        name: "list-max-listpack-size",
        get: |s| s.config.list_max_listpack_size.to_string(),
        set: Some(set_list_size),
    },
    Param {
        name: "list-max-ziplist-size",
        get: |s| s.config.list_max_listpack_size.to_string(),
        set: Some(set_list_size),
    },
    Param {
        name: "list-compress-depth",
        get: |s| s.config.list_compress_depth.to_string(),
        set: Some(|s, v| {
            s.config.list_compress_depth = integer_in(v, 0, i32::MAX as i64)? as u32;
            Ok(())
        }),
    },
    Param {
        name: "set-max-intset-entries",
        get: |s| s.config.set_max_intset_entries.to_string(),
        set: Some(|s, v| {
            s.config.set_max_intset_entries = integer_in(v, 0, i64::MAX)? as usize;
            Ok(())
        }),
    },
    Param {
        name: "save",
        get: |s| save_points_text(&s.config.save_points),
        set: Some(|s, v| {
            s.config.save_points = parse_save_points(v)?;
            Ok(())
        }),
    },
    Param {
        name: "dir",
        get: |s| s.config.dir.clone(),
        // Protected in Redis 7.0 (`enable-protected-configs no`).
        set: Some(|_, _| Err("can't set protected config".into())),
    },
    Param {
        name: "dbfilename",
        get: |s| s.config.dbfilename.clone(),
        // Protected in Redis 7.0 (`enable-protected-configs no`).
        set: Some(|_, _| Err("can't set protected config".into())),
    },
    Param {
        name: "stop-writes-on-bgsave-error",
        get: |s| yes_no(s.config.stop_writes_on_bgsave_error),
        set: Some(|s, v| {
            s.config.stop_writes_on_bgsave_error = parse_yes_no(v)?;
            Ok(())
        }),
    },
    Param {
        name: "rdbcompression",
        get: |s| yes_no(s.config.rdbcompression),
        set: Some(|s, v| {
            s.config.rdbcompression = parse_yes_no(v)?;
            Ok(())
        }),
    },
    Param {
        name: "rdbchecksum",
        get: |s| yes_no(s.config.rdbchecksum),
        // Fixed at start in Redis.
        set: Some(|_, _| Err("can't set immutable config".into())),
    },
    Param {
        name: "appendonly",
        get: |s| yes_no(s.config.appendonly),
        set: Some(|s, v| {
            let on = parse_yes_no(v)?;
            s.set_appendonly(on);
            Ok(())
        }),
    },
    Param {
        name: "port",
        get: |s| s.host.port.to_string(),
        set: None,
    },
    Param {
        name: "databases",
        get: |_| crate::store::DATABASES.to_string(),
        set: None,
    },
];

fn set_hash_max_entries(s: &mut Store, v: &str) -> Result<(), String> {
    s.config.hash_max_listpack_entries = integer_in(v, 0, i64::MAX)? as u64;
    Ok(())
}

/// A memory value; Redis reads an empty one as 0.
fn set_hash_max_value(s: &mut Store, v: &str) -> Result<(), String> {
    s.config.hash_max_listpack_value = if v.is_empty() {
        0
    } else {
        memory_at_least(v, 0)?
    };
    Ok(())
}

fn set_zset_entries(s: &mut Store, v: &str) -> Result<(), String> {
    s.config.zset_max_listpack_entries = integer_in(v, 0, i64::MAX)? as u64;
    Ok(())
}

/// A memory value; Redis reads an empty one as 0.
/// `list-max-listpack-size` and its alias: any 32-bit value.
fn set_list_size(s: &mut Store, v: &str) -> Result<(), String> {
    s.config.list_max_listpack_size = integer_in(v, i32::MIN as i64, i32::MAX as i64)? as i32;
    Ok(())
}

fn set_zset_value(s: &mut Store, v: &str) -> Result<(), String> {
    s.config.zset_max_listpack_value = if v.is_empty() {
        0
    } else {
        memory_at_least(v, 0)?
    };
    Ok(())
}

/// An integer between `min` and `max`, with Redis's reasons.
fn integer_in(v: &str, min: i64, max: i64) -> Result<i64, String> {
    let value = integer(v.as_bytes())
        .map_err(|_| "argument couldn't be parsed into an integer".to_string())?;
    if !(min..=max).contains(&value) {
        return Err(format!(
            "argument must be between {min} and {max} inclusive"
        ));
    }
    Ok(value)
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

fn parse_yes_no(v: &str) -> Result<bool, String> {
    if v.eq_ignore_ascii_case("yes") {
        Ok(true)
    } else if v.eq_ignore_ascii_case("no") {
        Ok(false)
    } else {
        Err("argument must be 'yes' or 'no'".into())
    }
}

/// A memory value between `min` and `i64::MAX`, with Redis's reasons.
fn memory_at_least(v: &str, min: u64) -> Result<u64, String> {
    let value = parse_memory(v).map_err(|_| "argument must be a memory value".to_string())?;
    if value < min || value > i64::MAX as u64 {
        return Err(format!(
            "argument must be between {min} and {} inclusive",
            i64::MAX
        ));
    }
    Ok(value)
}

fn find_param(name: &[u8]) -> Option<&'static Param> {
    PARAMS
        .iter()
        .find(|p| p.name.as_bytes().eq_ignore_ascii_case(name))
}

/// A parameter CONFIG GET/SET can name: one of `PARAMS`, else a reported
/// one (config_reported.rs), under its own name or an alias.
#[derive(Clone, Copy)]
struct Setting {
    /// The name as Redis lists it (an alias lists under its own name).
    name: &'static str,
    target: Target,
}

#[derive(Clone, Copy)]
enum Target {
    Param(&'static Param),
    Reported(&'static Reported),
}

impl Setting {
    fn get(&self, store: &Store) -> String {
        match self.target {
            Target::Param(param) => (param.get)(store),
            Target::Reported(reported) => reported.get(store),
        }
    }

    fn set(&self, store: &mut Store, value: &str) -> Result<(), String> {
        match self.target {
            Target::Param(param) => match param.set {
                Some(set) => set(store, value),
                // Setting a fixed parameter to the value it has is harmless.
                None if (param.get)(store) == value => Ok(()),
                None => Err("can't set immutable config".into()),
            },
            Target::Reported(reported) => reported.set(store, value),
        }
    }
}

/// The parameter named `canonical` (lower-case), listed as `name`.
fn target_of(canonical: &str) -> Option<Target> {
    match find_param(canonical.as_bytes()) {
        Some(param) => Some(Target::Param(param)),
        None => config_reported::find(canonical).map(Target::Reported),
    }
}

/// Every parameter, in CONFIG GET *'s order: `PARAMS`, the reported ones
/// `PARAMS` does not have, then the aliases.
fn all_settings() -> impl Iterator<Item = Setting> {
    let params = PARAMS.iter().map(|p| Setting {
        name: p.name,
        target: Target::Param(p),
    });
    let reported = REPORTED
        .iter()
        .filter(|r| find_param(r.name.as_bytes()).is_none())
        .map(|r| Setting {
            name: r.name,
            target: Target::Reported(r),
        });
    let aliases = ALIASES.iter().filter_map(|(alias, canonical)| {
        Some(Setting {
            name: alias,
            target: target_of(canonical)?,
        })
    });
    params.chain(reported).chain(aliases)
}

/// The parameter called `name`, in any case.
fn find_setting(name: &[u8]) -> Option<Setting> {
    all_settings().find(|s| s.name.as_bytes().eq_ignore_ascii_case(name))
}

/// CONFIG GET pattern [pattern ...]: a map of every matching parameter.
/// A name without glob characters is echoed as the client wrote it.
fn config_get(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let mut matches: Vec<(Bytes, Setting)> = Vec::new();
    for pattern in args {
        if !pattern.iter().any(|c| matches!(c, b'*' | b'?' | b'[')) {
            if let Some(setting) = find_setting(pattern) {
                if !matches.iter().any(|(_, s)| s.name == setting.name) {
                    matches.push((Bytes::copy_from_slice(pattern), setting));
                }
            }
            continue;
        }
        for setting in all_settings() {
            if glob_match(pattern, setting.name.as_bytes(), true)
                && !matches.iter().any(|(_, s)| s.name == setting.name)
            {
                matches.push((Bytes::from_static(setting.name.as_bytes()), setting));
            }
        }
    }
    let values: Vec<String> = matches.iter().map(|(_, s)| s.get(ctx.store)).collect();
    let mut w = ctx.reply();
    w.map(matches.len());
    for ((name, _), value) in matches.iter().zip(values) {
        w.bulk(name);
        w.bulk(value.as_bytes());
    }
    Ok(())
}

/// CONFIG SET name value [name value ...]: all or nothing.
fn config_set(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let pairs = args.rest();
    if !pairs.len().is_multiple_of(2) {
        return Err(errors::SYNTAX);
    }
    let mut changes: Vec<(Setting, &[u8])> = Vec::new();
    for pair in pairs.chunks_exact(2) {
        let [name, value] = pair else {
            return Err(errors::SYNTAX);
        };
        // Names are matched in full (a NUL is part of the name), as
        // Redis's config dictionary does.
        let setting = find_setting(name).ok_or_else(|| errors::config_unknown_option(name))?;
        if changes.iter().any(|(s, _)| s.name == setting.name) {
            // Redis names the repeated argument as the client wrote it.
            let given = String::from_utf8_lossy(errors::c_str(name));
            return Err(errors::config_set_failed(&given, "duplicate parameter"));
        }
        changes.push((setting, value));
    }
    let snapshot = ctx.store.config.clone();
    let sets_maxmemory = changes.iter().any(|(s, _)| s.name == "maxmemory");
    for (setting, value) in changes {
        let value = String::from_utf8_lossy(value);
        if let Err(reason) = setting.set(ctx.store, &value) {
            ctx.store.config = snapshot;
            return Err(errors::config_set_failed(setting.name, &reason));
        }
    }
    ctx.store.apply_eviction_policy();
    ctx.store.apply_notify_config();
    if sets_maxmemory {
        // As Redis applies maxmemory: evict down to it now, not at the
        // next write.
        ctx.store.make_room(None);
    }
    ctx.reply().ok();
    Ok(())
}

/// CONFIG REWRITE: miniRedis is never started from a config file.
fn config_rewrite(_ctx: &mut Ctx, _args: &mut Args) -> Reply {
    Err(errors::NO_CONFIG_FILE)
}

/// CONFIG HELP
fn config_help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    write_help(
        &mut ctx.reply(),
        "CONFIG",
        &[
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.",
        ],
    );
    Ok(())
}

/// CONFIG RESETSTAT
fn config_resetstat(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    ctx.store.stats = Stats::default();
    ctx.store.reset_lazy_freed();
    for db in &mut ctx.store.dbs {
        db.expired_keys = 0;
    }
    ctx.reply().ok();
    Ok(())
}

/// INFO [section ...]
fn info(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let sections = Sections::from_args(args.rest());
    let text = render_info(ctx.store, &sections);
    ctx.reply().verbatim("txt", text.as_bytes());
    Ok(())
}

/// CLUSTER on a standalone server.
fn cluster(_ctx: &mut Ctx, _args: &mut Args) -> Reply {
    Err(errors::CLUSTER_DISABLED)
}

/// READONLY on a standalone server.
fn readonly(_ctx: &mut Ctx, _args: &mut Args) -> Reply {
    Err(errors::CLUSTER_DISABLED)
}

/// READWRITE on a standalone server.
fn readwrite(_ctx: &mut Ctx, _args: &mut Args) -> Reply {
    Err(errors::CLUSTER_DISABLED)
}

/// TIME: Unix seconds and microseconds, as two bulk strings.
fn time(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let unix_ms = ctx.store.unix_now_ms();
    let seconds = (unix_ms / 1000).to_string();
    let micros = ((unix_ms % 1000) * 1000).to_string();
    let mut w = ctx.reply();
    w.array(2);
    w.bulk(seconds.as_bytes());
    w.bulk(micros.as_bytes());
    Ok(())
}

/// MEMORY USAGE key [SAMPLES count]: the bytes the memory tracker charges
/// for the key (the same estimate `used_memory` sums), or null.
fn memory_usage(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    // SAMPLES may repeat; a negative count is a syntax error, as in Redis.
    while let Some(option) = args.next() {
        match (token(option, &["samples"]), args.next().map(integer)) {
            (Some(_), Some(Ok(n))) if n >= 0 => {}
            (Some(_), Some(Err(error))) => return Err(error),
            _ => return Err(errors::SYNTAX),
        }
    }
    let now = ctx.now();
    match ctx.db().memory_of(key, now) {
        Some(bytes) => ctx.reply().integer(bytes as i64),
        None => ctx.reply().null_bulk(),
    }
    Ok(())
}

/// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
///
/// With save points set (or SAVE), the server first produces a snapshot
/// (abandoning a background one, as Redis kills its child) and this
/// client waits for the adapter to write it: then the server stops and
/// the client gets no reply (Redis closes it without one), or, when the
/// file could not be written, the client gets Redis's refusal and the
/// server goes on (FORCE stops it anyway). NOSAVE stops at once. No
/// shutdown is ever left in progress for ABORT to cancel.
fn shutdown(ctx: &mut Ctx, args: &mut Args) -> Reply {
    const OPTIONS: &[&str] = &["nosave", "save", "now", "force", "abort"];
    let given = args.remaining();
    // Which options were given, in OPTIONS order (NOW changes nothing here).
    let mut seen = [false; 5];
    for option in args {
        let which = token(option, OPTIONS).ok_or(errors::SYNTAX)?;
        seen[which] = true;
    }
    let [nosave, save, _now, force, abort] = seen;
    if (nosave && save) || (abort && given > 1) {
        return Err(errors::SYNTAX);
    }
    if abort {
        return Err(errors::NO_SHUTDOWN_IN_PROGRESS);
    }
    // As Redis: a server still loading its dataset never saves the
    // partial dataset over the file it is loading.
    let loading = ctx.store.persistence.dataset_loading.is_some();
    if !loading && (save || (!nosave && !ctx.store.config.save_points.is_empty())) {
        if !ctx.store.abort_background_snapshot() {
            // A SAVE's file is being written: its image predates this.
            return Err(errors::SHUTDOWN_FAILED);
        }
        ctx.store.begin_snapshot_at_once(SaveKind::Foreground);
        ctx.client.awaiting_save = Some(SaveWait::Shutdown { force });
        ctx.store.persistence.shutdown_on_save = Some(force);
        return Ok(());
    }
    ctx.request_shutdown();
    Ok(())
}
