//! Server commands: CONFIG GET/SET/RESETSTAT, INFO, and the cluster probes.

use bytes::Bytes;

use super::info::{render_info, Sections};
use super::{Ctx, Flow};
use crate::config::{parse_memory, EvictionPolicy};
use crate::glob::glob_match;
use crate::store::{Stats, Store};

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
    // No persistence: these report what a Redis started with `--save ""
    // --appendonly no` reports (redis-benchmark asks for them).
    Param {
        name: "save",
        get: |_| String::new(),
        set: None,
    },
    Param {
        name: "appendonly",
        get: |_| "no".into(),
        set: None,
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

/// An integer between `min` and `max`, with Redis's reasons.
fn integer_in(v: &str, min: i64, max: i64) -> Result<i64, String> {
    let value = super::parse_i64(v.as_bytes())
        .ok_or_else(|| "argument couldn't be parsed into an integer".to_string())?;
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

/// CONFIG GET pattern [pattern ...]: a map of every matching parameter.
/// A name without glob characters is echoed as the client wrote it.
pub(crate) fn config_get(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let mut matches: Vec<(Bytes, &'static Param)> = Vec::new();
    for pattern in &args[2..] {
        if !pattern.iter().any(|c| matches!(c, b'*' | b'?' | b'[')) {
            if let Some(param) = find_param(pattern) {
                if !matches.iter().any(|(_, p)| p.name == param.name) {
                    matches.push((Bytes::copy_from_slice(pattern), param));
                }
            }
            continue;
        }
        for param in PARAMS {
            if glob_match(pattern, param.name.as_bytes(), true)
                && !matches.iter().any(|(_, p)| p.name == param.name)
            {
                matches.push((Bytes::from_static(param.name.as_bytes()), param));
            }
        }
    }
    let values: Vec<String> = matches.iter().map(|(_, p)| (p.get)(ctx.store)).collect();
    let mut w = ctx.reply();
    w.map(matches.len());
    for ((name, _), value) in matches.iter().zip(values) {
        w.bulk(name);
        w.bulk(value.as_bytes());
    }
    Flow::Continue
}

/// CONFIG SET name value [name value ...]: all or nothing.
pub(crate) fn config_set(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    if !args.len().is_multiple_of(2) {
        ctx.reply().error(super::errors::SYNTAX);
        return Flow::Continue;
    }
    let mut changes: Vec<(&'static Param, &[u8])> = Vec::new();
    for pair in args[2..].chunks_exact(2) {
        let (name, value) = (&pair[0], &pair[1]);
        let Some(param) = find_param(name) else {
            let mut text = b"ERR Unknown option or number of arguments for CONFIG SET - '".to_vec();
            text.extend_from_slice(name);
            text.push(b'\'');
            ctx.reply().error_bytes(&text);
            return Flow::Continue;
        };
        if changes.iter().any(|(p, _)| p.name == param.name) {
            config_set_failed(ctx, param.name, "duplicate parameter");
            return Flow::Continue;
        }
        changes.push((param, value));
    }
    let snapshot = ctx.store.config.clone();
    let sets_maxmemory = changes.iter().any(|(p, _)| p.name == "maxmemory");
    for (param, value) in changes {
        let value = String::from_utf8_lossy(value);
        let result = match param.set {
            Some(set) => set(ctx.store, &value),
            // Setting a fixed parameter to the value it has is harmless.
            None if (param.get)(ctx.store) == value => Ok(()),
            None => Err("can't set immutable config".into()),
        };
        if let Err(reason) = result {
            ctx.store.config = snapshot;
            config_set_failed(ctx, param.name, &reason);
            return Flow::Continue;
        }
    }
    ctx.store.apply_eviction_policy();
    if sets_maxmemory {
        // As Redis applies maxmemory: evict down to it now, not at the
        // next write.
        ctx.store.make_room(None);
    }
    ctx.reply().ok();
    Flow::Continue
}

fn config_set_failed(ctx: &mut Ctx, name: &str, reason: &str) {
    ctx.reply().error(&format!(
        "ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}"
    ));
}

pub(crate) fn config_resetstat(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    ctx.store.stats = Stats::default();
    for db in &mut ctx.store.dbs {
        db.expired_keys = 0;
    }
    ctx.reply().ok();
    Flow::Continue
}

/// INFO [section ...]
pub(crate) fn info(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let sections = Sections::from_args(&args[1..]);
    let text = render_info(ctx.store, &sections);
    ctx.reply().verbatim("txt", text.as_bytes());
    Flow::Continue
}

/// CLUSTER, READONLY, READWRITE on a standalone server.
pub(crate) fn cluster_disabled(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    ctx.reply()
        .error("ERR This instance has cluster support disabled");
    Flow::Continue
}

/// TIME: Unix seconds and microseconds, as two bulk strings.
pub(crate) fn time(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    let unix_ms = ctx.store.unix_now_ms();
    let seconds = (unix_ms / 1000).to_string();
    let micros = ((unix_ms % 1000) * 1000).to_string();
    let mut w = ctx.reply();
    w.array(2);
    w.bulk(seconds.as_bytes());
    w.bulk(micros.as_bytes());
    Flow::Continue
}

/// MEMORY USAGE key [SAMPLES count]: the bytes the memory tracker charges
/// for the key (the same estimate `used_memory` sums), or null.
pub(crate) fn memory_usage(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    // SAMPLES may repeat; a negative count is a syntax error, as in Redis.
    let mut options = args[3..].iter();
    while let Some(option) = options.next() {
        let count = options.next();
        match (
            option.eq_ignore_ascii_case(b"samples"),
            count.map(|c| super::parse_i64(c)),
        ) {
            (true, Some(Some(n))) if n >= 0 => {}
            (true, Some(None)) => {
                ctx.reply().error(super::errors::NOT_INTEGER);
                return Flow::Continue;
            }
            _ => {
                ctx.reply().error(super::errors::SYNTAX);
                return Flow::Continue;
            }
        }
    }
    let now = ctx.now();
    match ctx.db().memory_of(args[2], now) {
        Some(bytes) => ctx.reply().integer(bytes as i64),
        None => ctx.reply().null_bulk(),
    }
    Flow::Continue
}

/// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
///
/// miniRedis has no persistence, so there is never anything to save and no
/// shutdown is ever left in progress: the server stops at once, and this
/// client gets no reply (Redis closes it without one). SAVE asks for a
/// snapshot that cannot be written: it fails as a failed final save does
/// in Redis, unless FORCE says to stop anyway.
pub(crate) fn shutdown(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let (mut nosave, mut save, mut force, mut abort, mut now) = (false, false, false, false, false);
    for arg in &args[1..] {
        let flag = match arg.to_ascii_lowercase().as_slice() {
            b"nosave" => &mut nosave,
            b"save" => &mut save,
            b"now" => &mut now,
            b"force" => &mut force,
            b"abort" => &mut abort,
            _ => {
                ctx.reply().error(super::errors::SYNTAX);
                return Flow::Continue;
            }
        };
        *flag = true;
    }
    if (nosave && save) || (abort && args.len() > 2) {
        ctx.reply().error(super::errors::SYNTAX);
        return Flow::Continue;
    }
    if abort {
        ctx.reply().error("ERR No shutdown in progress.");
        return Flow::Continue;
    }
    if save && !force {
        ctx.reply()
            .error("ERR Errors trying to SHUTDOWN. Check logs.");
        return Flow::Continue;
    }
    let _ = now;
    Flow::Shutdown
}
