//! The CONFIG parameters redis-server 7.0.15 lists that miniRedis does not
//! implement: CONFIG GET reports them (Redis's default, or the value last
//! set), CONFIG SET accepts exactly the values Redis accepts and refuses the
//! rest with Redis's reason, but nothing else changes. README.md lists them
//! under "Reported-only parameters".
//!
//! CONFIG GET and SET consult this table after `PARAMS` (server.rs): a
//! parameter implemented there is skipped here, so implementing one means
//! adding it to `PARAMS` (and may leave its line here, unused).
//!
//! The table is printed by `core/tools/describe-config` from a reference
//! redis-server started with no config file: names, defaults and the kind of
//! value each accepts (with integer and memory ranges read from its error
//! texts). `port`, `save`, `appendonly` and the other parameters of
//! `PARAMS` are left out. Parameters with their own syntax (`Special`) are
//! checked by hand below.

use crate::config::parse_memory;
use crate::store::Store;

/// What CONFIG SET accepts for a parameter.
pub(super) enum Kind {
    /// `yes` or `no`, in any case.
    YesNo,
    /// A decimal integer within the bounds.
    Integer(i64, i64),
    /// A memory value (`100mb`, `1k`, bytes) within the bounds, reported in
    /// bytes.
    Memory(i64, i64),
    /// One of the words, in any case.
    OneOf(&'static [&'static str]),
    /// Any string.
    Text,
    /// Fixed at startup in Redis.
    Immutable,
    /// Refused while `enable-protected-configs` is `no` (its default).
    Protected,
    /// Checked by [`set_special`].
    Special,
}

pub(super) struct Reported {
    pub name: &'static str,
    pub default: &'static str,
    pub kind: Kind,
}

const fn r(name: &'static str, default: &'static str, kind: Kind) -> Reported {
    Reported {
        name,
        default,
        kind,
    }
}

/// Every reported parameter, by name.
pub(super) static REPORTED: &[Reported] = &[
    r(
        "acl-pubsub-default",
        "resetchannels",
        Kind::OneOf(&["allchannels", "resetchannels"]),
    ),
    r("aclfile", "", Kind::Immutable),
    r(
        "acllog-max-len",
        "128",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("active-defrag-cycle-max", "25", Kind::Integer(1, 99)),
    r("active-defrag-cycle-min", "1", Kind::Integer(1, 99)),
    r(
        "active-defrag-ignore-bytes",
        "104857600",
        Kind::Memory(1, 9223372036854775807),
    ),
    r(
        "active-defrag-max-scan-fields",
        "1000",
        Kind::Integer(1, 9223372036854775807),
    ),
    r(
        "active-defrag-threshold-lower",
        "10",
        Kind::Integer(0, 1000),
    ),
    r(
        "active-defrag-threshold-upper",
        "100",
        Kind::Integer(0, 1000),
    ),
    r("active-expire-effort", "1", Kind::Integer(1, 10)),
    r("activedefrag", "no", Kind::YesNo),
    r("activerehashing", "yes", Kind::YesNo),
    r("always-show-logo", "no", Kind::Immutable),
    r("aof-disable-auto-gc", "no", Kind::YesNo),
    r("aof-load-truncated", "yes", Kind::YesNo),
    r("aof-rewrite-incremental-fsync", "yes", Kind::YesNo),
    r("aof-timestamp-enabled", "no", Kind::YesNo),
    r("aof-use-rdb-preamble", "yes", Kind::YesNo),
    r("aof_rewrite_cpulist", "", Kind::Immutable),
    r("appenddirname", "appendonlydir", Kind::Immutable),
    r("appendfilename", "appendonly.aof", Kind::Immutable),
    r(
        "appendfsync",
        "everysec",
        Kind::OneOf(&["everysec", "always", "no"]),
    ),
    r(
        "auto-aof-rewrite-min-size",
        "67108864",
        Kind::Memory(0, 9223372036854775807),
    ),
    r(
        "auto-aof-rewrite-percentage",
        "100",
        Kind::Integer(0, 2147483647),
    ),
    r("bgsave_cpulist", "", Kind::Immutable),
    r("bind", "* -::*", Kind::Special),
    r("bind-source-addr", "", Kind::Text),
    r("bio_cpulist", "", Kind::Immutable),
    r(
        "busy-reply-threshold",
        "5000",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("cluster-allow-pubsubshard-when-down", "yes", Kind::YesNo),
    r("cluster-allow-reads-when-down", "no", Kind::YesNo),
    r("cluster-allow-replica-migration", "yes", Kind::YesNo),
    r("cluster-announce-bus-port", "0", Kind::Integer(0, 65535)),
    r("cluster-announce-hostname", "", Kind::Text),
    r("cluster-announce-ip", "", Kind::Text),
    r("cluster-announce-port", "0", Kind::Integer(0, 65535)),
    r("cluster-announce-tls-port", "0", Kind::Integer(0, 65535)),
    r("cluster-config-file", "nodes.conf", Kind::Immutable),
    r("cluster-enabled", "no", Kind::Immutable),
    r(
        "cluster-link-sendbuf-limit",
        "0",
        Kind::Memory(0, 9223372036854775807),
    ),
    r(
        "cluster-migration-barrier",
        "1",
        Kind::Integer(0, 2147483647),
    ),
    r(
        "cluster-node-timeout",
        "15000",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("cluster-port", "0", Kind::Immutable),
    r(
        "cluster-preferred-endpoint-type",
        "ip",
        Kind::OneOf(&["ip", "hostname", "unknown-endpoint"]),
    ),
    r("cluster-replica-no-failover", "no", Kind::YesNo),
    r(
        "cluster-replica-validity-factor",
        "10",
        Kind::Integer(0, 2147483647),
    ),
    r("cluster-require-full-coverage", "yes", Kind::YesNo),
    r("crash-log-enabled", "yes", Kind::YesNo),
    r("crash-memcheck-enabled", "yes", Kind::YesNo),
    r("daemonize", "no", Kind::Immutable),
    r("dbfilename", "dump.rdb", Kind::Protected),
    // Shadowed by PARAMS (server.rs), which reports the adapter's dir.
    r("dir", "/", Kind::Protected),
    r("disable-thp", "yes", Kind::Immutable),
    r("dynamic-hz", "yes", Kind::YesNo),
    // Set at start only (the adapter's --enable-debug-command); the
    // dispatcher reads it through Config::enable_debug_command.
    r("enable-debug-command", "no", Kind::Immutable),
    r("enable-module-command", "no", Kind::Immutable),
    r("enable-protected-configs", "no", Kind::Immutable),
    r(
        "hash-max-listpack-entries",
        "512",
        Kind::Integer(0, 9223372036854775807),
    ),
    r(
        "hash-max-listpack-value",
        "64",
        Kind::Memory(0, 9223372036854775807),
    ),
    r(
        "hll-sparse-max-bytes",
        "3000",
        Kind::Memory(0, 9223372036854775807),
    ),
    r("hz", "10", Kind::Special),
    r("ignore-warnings", "", Kind::Text),
    r("io-threads", "1", Kind::Immutable),
    r("io-threads-do-reads", "no", Kind::Immutable),
    r("jemalloc-bg-thread", "yes", Kind::YesNo),
    r(
        "latency-monitor-threshold",
        "0",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("latency-tracking", "yes", Kind::YesNo),
    r(
        "latency-tracking-info-percentiles",
        "50 99 99.9",
        Kind::Special,
    ),
    r("lazyfree-lazy-eviction", "no", Kind::YesNo),
    r("lazyfree-lazy-expire", "no", Kind::YesNo),
    r("lazyfree-lazy-server-del", "no", Kind::YesNo),
    // These two do take effect: DEL and FLUSHDB / FLUSHALL read them
    // (`Store::lazy_config`, store/lazy_free.rs).
    r("lazyfree-lazy-user-del", "no", Kind::YesNo),
    r("lazyfree-lazy-user-flush", "no", Kind::YesNo),
    r("lfu-decay-time", "1", Kind::Integer(0, 2147483647)),
    r("lfu-log-factor", "10", Kind::Integer(0, 2147483647)),
    r("list-compress-depth", "0", Kind::Integer(0, 2147483647)),
    r(
        "list-max-listpack-size",
        "-2",
        Kind::Integer(-2147483648, 2147483647),
    ),
    r("logfile", "", Kind::Immutable),
    r(
        "loglevel",
        "notice",
        Kind::OneOf(&["debug", "verbose", "notice", "warning"]),
    ),
    r("masterauth", "", Kind::Text),
    r("masteruser", "", Kind::Text),
    r("maxmemory-clients", "0", Kind::Special),
    r("maxmemory-eviction-tenacity", "10", Kind::Integer(0, 100)),
    r("min-replicas-max-lag", "10", Kind::Integer(0, 2147483647)),
    r("min-replicas-to-write", "0", Kind::Integer(0, 2147483647)),
    r("no-appendfsync-on-rewrite", "no", Kind::YesNo),
    r(
        "oom-score-adj",
        "no",
        Kind::OneOf(&["no", "yes", "relative", "absolute"]),
    ),
    r("oom-score-adj-values", "0 200 800", Kind::Special),
    r("pidfile", "", Kind::Immutable),
    r(
        "proc-title-template",
        "{title} {listen-addr} {server-mode}",
        Kind::Text,
    ),
    r(
        "propagation-error-behavior",
        "ignore",
        Kind::OneOf(&["ignore", "panic", "panic-on-replicas"]),
    ),
    r("rdb-del-sync-files", "no", Kind::YesNo),
    r("rdb-save-incremental-fsync", "yes", Kind::YesNo),
    r("rdbchecksum", "yes", Kind::Immutable),
    r("rdbcompression", "yes", Kind::YesNo),
    r(
        "repl-backlog-size",
        "1048576",
        Kind::Memory(1, 9223372036854775807),
    ),
    r(
        "repl-backlog-ttl",
        "3600",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("repl-disable-tcp-nodelay", "no", Kind::YesNo),
    r(
        "repl-diskless-load",
        "disabled",
        Kind::OneOf(&["disabled", "on-empty-db", "swapdb"]),
    ),
    r("repl-diskless-sync", "yes", Kind::YesNo),
    r(
        "repl-diskless-sync-delay",
        "5",
        Kind::Integer(0, 2147483647),
    ),
    r(
        "repl-diskless-sync-max-replicas",
        "0",
        Kind::Integer(0, 2147483647),
    ),
    r(
        "repl-ping-replica-period",
        "10",
        Kind::Integer(1, 2147483647),
    ),
    r("repl-timeout", "60", Kind::Integer(1, 2147483647)),
    r("replica-announce-ip", "", Kind::Text),
    r("replica-announce-port", "0", Kind::Integer(0, 65535)),
    r("replica-announced", "yes", Kind::YesNo),
    r("replica-ignore-disk-write-errors", "no", Kind::YesNo),
    r("replica-ignore-maxmemory", "yes", Kind::YesNo),
    r("replica-lazy-flush", "no", Kind::YesNo),
    r("replica-priority", "100", Kind::Integer(0, 2147483647)),
    r("replica-read-only", "yes", Kind::YesNo),
    r("replica-serve-stale-data", "yes", Kind::YesNo),
    r("replicaof", "", Kind::Immutable),
    r(
        "sanitize-dump-payload",
        "no",
        Kind::OneOf(&["no", "yes", "clients"]),
    ),
    r("server_cpulist", "", Kind::Immutable),
    r(
        "set-max-intset-entries",
        "512",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("set-proc-title", "yes", Kind::Immutable),
    r(
        "shutdown-on-sigint",
        "default",
        Kind::OneOf(&["default", "save", "nosave", "now", "force"]),
    ),
    r(
        "shutdown-on-sigterm",
        "default",
        Kind::OneOf(&["default", "save", "nosave", "now", "force"]),
    ),
    r("shutdown-timeout", "10", Kind::Integer(0, 2147483647)),
    r(
        "slowlog-log-slower-than",
        "10000",
        Kind::Integer(-1, 9223372036854775807),
    ),
    r(
        "slowlog-max-len",
        "128",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("socket-mark-id", "0", Kind::Immutable),
    r("stop-writes-on-bgsave-error", "yes", Kind::YesNo),
    r(
        "stream-node-max-bytes",
        "4096",
        Kind::Memory(0, 9223372036854775807),
    ),
    r(
        "stream-node-max-entries",
        "100",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("supervised", "no", Kind::Immutable),
    r("syslog-enabled", "no", Kind::Immutable),
    r("syslog-facility", "local0", Kind::Immutable),
    r("syslog-ident", "redis", Kind::Immutable),
    r("tcp-backlog", "511", Kind::Immutable),
    r("tcp-keepalive", "300", Kind::Integer(0, 2147483647)),
    r(
        "tls-auth-clients",
        "yes",
        Kind::OneOf(&["no", "yes", "optional"]),
    ),
    r("tls-ca-cert-dir", "", Kind::Text),
    r("tls-ca-cert-file", "", Kind::Text),
    r("tls-cert-file", "", Kind::Text),
    r("tls-ciphers", "", Kind::Text),
    r("tls-ciphersuites", "", Kind::Text),
    r("tls-client-cert-file", "", Kind::Text),
    r("tls-client-key-file", "", Kind::Text),
    r("tls-client-key-file-pass", "", Kind::Text),
    r("tls-cluster", "no", Kind::YesNo),
    r("tls-dh-params-file", "", Kind::Text),
    r("tls-key-file", "", Kind::Text),
    r("tls-key-file-pass", "", Kind::Text),
    r("tls-port", "0", Kind::Integer(0, 65535)),
    r("tls-prefer-server-ciphers", "no", Kind::YesNo),
    r("tls-protocols", "", Kind::Text),
    r("tls-replication", "no", Kind::YesNo),
    r(
        "tls-session-cache-size",
        "20480",
        Kind::Integer(0, 2147483647),
    ),
    r(
        "tls-session-cache-timeout",
        "300",
        Kind::Integer(0, 2147483647),
    ),
    r("tls-session-caching", "yes", Kind::YesNo),
    r(
        "tracking-table-max-keys",
        "1000000",
        Kind::Integer(0, 9223372036854775807),
    ),
    r("unixsocket", "", Kind::Immutable),
    r("unixsocketperm", "0", Kind::Immutable),
    r(
        "zset-max-listpack-entries",
        "128",
        Kind::Integer(0, 9223372036854775807),
    ),
    r(
        "zset-max-listpack-value",
        "64",
        Kind::Memory(0, 9223372036854775807),
    ),
];

/// Names Redis reports as well as the canonical one, with the same value:
/// (alias, canonical). The canonical name may be in `PARAMS` or here.
pub(super) static ALIASES: &[(&str, &str)] = &[
    ("cluster-slave-no-failover", "cluster-replica-no-failover"),
    (
        "cluster-slave-validity-factor",
        "cluster-replica-validity-factor",
    ),
    ("hash-max-ziplist-entries", "hash-max-listpack-entries"),
    ("hash-max-ziplist-value", "hash-max-listpack-value"),
    ("list-max-ziplist-size", "list-max-listpack-size"),
    ("lua-time-limit", "busy-reply-threshold"),
    ("min-slaves-max-lag", "min-replicas-max-lag"),
    ("min-slaves-to-write", "min-replicas-to-write"),
    ("repl-ping-slave-period", "repl-ping-replica-period"),
    ("slave-announce-ip", "replica-announce-ip"),
    ("slave-announce-port", "replica-announce-port"),
    ("slave-ignore-maxmemory", "replica-ignore-maxmemory"),
    ("slave-lazy-flush", "replica-lazy-flush"),
    ("slave-priority", "replica-priority"),
    ("slave-read-only", "replica-read-only"),
    ("slave-serve-stale-data", "replica-serve-stale-data"),
    ("slaveof", "replicaof"),
    ("zset-max-ziplist-entries", "zset-max-listpack-entries"),
    ("zset-max-ziplist-value", "zset-max-listpack-value"),
];

impl Reported {
    /// The value CONFIG GET shows.
    pub fn get(&self, store: &Store) -> String {
        store
            .config
            .reported
            .get(self.name)
            .unwrap_or(self.default)
            .to_string()
    }

    /// Checks `value` as Redis would and records it; `Err` is Redis's
    /// reason.
    pub fn set(&self, store: &mut Store, value: &str) -> Result<(), String> {
        let normalized = match self.kind {
            Kind::YesNo => match value.to_ascii_lowercase().as_str() {
                word @ ("yes" | "no") => word.to_string(),
                _ => return Err("argument must be 'yes' or 'no'".into()),
            },
            Kind::Integer(min, max) => integer_in(value, min, max)?.to_string(),
            Kind::Memory(min, max) => memory_in(value, min, max)?.to_string(),
            Kind::OneOf(choices) => choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(value))
                .ok_or_else(|| {
                    format!(
                        "argument(s) must be one of the following: {}",
                        choices.join(", ")
                    )
                })?
                .to_string(),
            Kind::Text => value.to_string(),
            Kind::Immutable => return Err("can't set immutable config".into()),
            Kind::Protected => return Err("can't set protected config".into()),
            Kind::Special => set_special(self.name, value)?,
        };
        store.config.reported.set(self.name, normalized);
        Ok(())
    }
}

/// The reported parameter `name` (canonical, lower-case).
pub(super) fn find(name: &str) -> Option<&'static Reported> {
    REPORTED.iter().find(|r| r.name == name)
}

fn integer_in(value: &str, min: i64, max: i64) -> Result<i64, String> {
    let n = super::args::integer(value.as_bytes())
        .map_err(|_| "argument couldn't be parsed into an integer".to_string())?;
    if !(min..=max).contains(&n) {
        return Err(format!(
            "argument must be between {min} and {max} inclusive"
        ));
    }
    Ok(n)
}

fn memory_in(value: &str, min: i64, max: i64) -> Result<i64, String> {
    let out_of_range = || format!("argument must be between {min} and {max} inclusive");
    let n = match parse_memory(value) {
        Ok(n) => n,
        // Digits too many for 64 bits: Redis reads them, then finds them
        // out of range.
        Err(_) if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(out_of_range())
        }
        Err(_) => return Err("argument must be a memory value".into()),
    };
    let n = i64::try_from(n).map_err(|_| out_of_range())?;
    if !(min..=max).contains(&n) {
        return Err(out_of_range());
    }
    Ok(n)
}

/// The parameters with their own syntax: the value to record, or Redis's
/// reason for refusing it.
fn set_special(name: &str, value: &str) -> Result<String, String> {
    match name {
        // Out of 1..=500 is clamped, as Redis clamps it.
        "hz" => Ok(integer_in(value, 0, i32::MAX as i64)?
            .clamp(1, 500)
            .to_string()),
        // miniRedis cannot listen elsewhere from inside the core.
        "bind" => Err("Failed to bind to specified addresses.".into()),
        "maxmemory-clients" => match value.strip_suffix('%') {
            Some(percent) => {
                let n = super::args::integer(percent.as_bytes())
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or("argument must be a memory or percent value")?;
                if n > 100 {
                    return Err("percentage argument must be less or equal to 100".into());
                }
                Ok(format!("{n}%"))
            }
            None => parse_memory(value)
                .ok()
                .filter(|n| i64::try_from(*n).is_ok())
                .map(|n| n.to_string())
                .ok_or_else(|| "argument must be a memory or percent value".into()),
        },
        "latency-tracking-info-percentiles" => {
            let mut shown = Vec::new();
            for word in value.split(' ').filter(|w| !w.is_empty()) {
                let p: f64 = word
                    .parse()
                    .ok()
                    .filter(|p: &f64| !p.is_nan())
                    .ok_or("Invalid latency-tracking-info-percentiles parameters")?;
                if !(0.0..=100.0).contains(&p) {
                    return Err(
                        "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"
                            .into(),
                    );
                }
                shown.push(format!("{p}"));
            }
            Ok(shown.join(" "))
        }
        "oom-score-adj-values" => {
            let words: Vec<&str> = value.split(' ').filter(|w| !w.is_empty()).collect();
            if words.len() != 3 {
                return Err("wrong number of arguments".into());
            }
            let mut values = Vec::new();
            for word in words {
                let n = super::args::integer(word.as_bytes())
                    .ok()
                    .filter(|n| (-2000..=2000).contains(n))
                    .ok_or(
                        "Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
                    )?;
                values.push(n.to_string());
            }
            Ok(values.join(" "))
        }
        _ => Err("can't set immutable config".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_aliases_point_at_real_names() {
        for (i, a) in REPORTED.iter().enumerate() {
            assert!(
                REPORTED[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
        for (alias, canonical) in ALIASES {
            assert!(find(alias).is_none());
            assert!(find(canonical).is_some(), "{canonical}");
        }
    }
}
