//! INFO: the report text, with the sections and fields tools read
//! (redis-cli --stat, redis-benchmark, client libraries).

use std::fmt::Write;

use super::args::token;
use crate::commands::REDIS_VERSION;
use crate::store::Store;

/// INFO sections in the order Redis prints them.
const ORDER: [&str; 7] = [
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "keyspace",
];

/// Which sections a request asked for.
pub struct Sections {
    wanted: [bool; ORDER.len()],
}

impl Sections {
    /// No argument, `default`, `all` or `everything` select every section
    /// miniRedis has; otherwise the named ones (unknown names are ignored,
    /// as Redis ignores them).
    pub fn from_args(args: &[&[u8]]) -> Sections {
        let mut wanted = [args.is_empty(); ORDER.len()];
        for arg in args {
            // Section names are C strings to Redis, like option words.
            if token(arg, &["default", "all", "everything"]).is_some() {
                wanted = [true; ORDER.len()];
            }
            if let Some(i) = token(arg, &ORDER) {
                wanted[i] = true;
            }
        }
        Sections { wanted }
    }
}

/// Formats a byte count as Redis's `*_human` fields do.
pub fn bytes_to_human(n: u64) -> String {
    const UNITS: [(f64, &str); 5] = [
        (1024.0, "K"),
        (1024.0 * 1024.0, "M"),
        (1024.0 * 1024.0 * 1024.0, "G"),
        (1024.0 * 1024.0 * 1024.0 * 1024.0, "T"),
        (1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0, "P"),
    ];
    if n < 1024 {
        return format!("{n}B");
    }
    let mut chosen = UNITS[0];
    for unit in UNITS {
        if n as f64 >= unit.0 {
            chosen = unit;
        }
    }
    format!("{:.2}{}", n as f64 / chosen.0, chosen.1)
}

/// Renders the requested sections, CRLF-separated like Redis.
pub fn render_info(server: &Store, sections: &Sections) -> String {
    let mut text = String::new();
    for (i, name) in ORDER.iter().enumerate() {
        if !sections.wanted[i] {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\r\n");
        }
        let mut title = name.to_string();
        title[..1].make_ascii_uppercase();
        let _ = write!(text, "# {title}\r\n");
        let mut field = |key: &str, value: &dyn std::fmt::Display| {
            let _ = write!(text, "{key}:{value}\r\n");
        };
        let config = &server.config;
        let stats = &server.stats;
        let used = server.used_memory() as u64;
        match *name {
            "server" => {
                let uptime = (server.now - server.started_at) / 1000;
                field("redis_version", &REDIS_VERSION);
                field("redis_mode", &"standalone");
                field("miniredis_runtime", &server.host.runtime);
                field("arch_bits", &64);
                field("process_id", &server.host.process_id);
                field(
                    "run_id",
                    &format!("{:040x}", server.host.seed as u128 * 0x9E37_79B9),
                );
                field("tcp_port", &server.host.port);
                field("server_time_usec", &(server.unix_now_ms() * 1000));
                field("uptime_in_seconds", &uptime);
                field("uptime_in_days", &(uptime / 86_400));
                field("hz", &10);
                field("configured_hz", &10);
            }
            "clients" => {
                field("connected_clients", &server.connected_clients);
                field("maxclients", &server.config.maxclients);
                field("blocked_clients", &0);
                field("tracking_clients", &0);
            }
            "memory" => {
                let peak = server.peak_memory.max(used as usize) as u64;
                field("used_memory", &used);
                field("used_memory_human", &bytes_to_human(used));
                field("used_memory_peak", &peak);
                field("used_memory_peak_human", &bytes_to_human(peak));
                field("maxmemory", &config.maxmemory);
                field("maxmemory_human", &bytes_to_human(config.maxmemory));
                field("maxmemory_policy", &config.maxmemory_policy.name());
            }
            "persistence" => {
                field("loading", &0);
                field("async_loading", &0);
                field("rdb_bgsave_in_progress", &0);
                field("aof_enabled", &0);
                field("aof_rewrite_in_progress", &0);
            }
            "stats" => {
                let expired: u64 = server.dbs.iter().map(|db| db.expired_keys).sum();
                field(
                    "total_connections_received",
                    &stats.total_connections_received,
                );
                field("total_commands_processed", &stats.total_commands_processed);
                field("rejected_connections", &stats.rejected_connections);
                field("expired_keys", &expired);
                field("evicted_keys", &stats.evicted_keys);
                field("keyspace_hits", &stats.keyspace_hits);
                field("keyspace_misses", &stats.keyspace_misses);
            }
            "replication" => {
                field("role", &"master");
                field("connected_slaves", &0);
            }
            "keyspace" => {
                for (index, db) in server.dbs.iter().enumerate() {
                    let keys = db.live_len(server.now);
                    if keys > 0 {
                        let expires = db.live_expires_len(server.now);
                        field(
                            &format!("db{index}"),
                            &format!("keys={keys},expires={expires},avg_ttl=0"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::bytes_to_human;

    #[test]
    fn human_sizes_match_redis() {
        assert_eq!(bytes_to_human(0), "0B");
        assert_eq!(bytes_to_human(1023), "1023B");
        assert_eq!(bytes_to_human(1024), "1.00K");
        assert_eq!(bytes_to_human(1_609_664), "1.54M");
        assert_eq!(bytes_to_human(104_857_600), "100.00M");
    }
}
