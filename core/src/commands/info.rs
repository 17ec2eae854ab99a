//! INFO: the report text, with the sections and fields tools read
//! (redis-cli --stat, redis-benchmark, client libraries).

use std::fmt::Write;

use super::args::token;
use super::table;
use crate::commands::REDIS_VERSION;
use crate::store::{DatasetLoading, Space, Store};

/// INFO sections in the order Redis prints them, and whether `INFO` /
/// `INFO default` includes each (`all` and `everything` include every one:
/// miniRedis has no modules adding sections of their own).
const ORDER: [(&str, bool); 13] = [
    ("server", true),
    ("clients", true),
    ("memory", true),
    ("persistence", true),
    ("stats", true),
    ("replication", true),
    ("cpu", true),
    ("modules", true),
    ("commandstats", false),
    ("errorstats", true),
    ("latencystats", false),
    ("cluster", true),
    ("keyspace", true),
];

/// Which sections a request asked for.
pub struct Sections {
    wanted: [bool; ORDER.len()],
}

impl Sections {
    /// No argument or `default` select the default sections, `all` and
    /// `everything` every section; other names select themselves, in any
    /// case (unknown names are ignored, as Redis ignores them). Sections
    /// print in Redis's order whatever the order asked.
    pub fn from_args(args: &[&[u8]]) -> Sections {
        let defaults = ORDER.map(|(_, default)| default);
        let mut wanted = if args.is_empty() {
            defaults
        } else {
            [false; ORDER.len()]
        };
        let names = ORDER.map(|(name, _)| name);
        for arg in args {
            // Section names are C strings to Redis, like option words.
            match token(arg, &["default", "all", "everything"]) {
                Some(0) => {
                    for (w, d) in wanted.iter_mut().zip(defaults) {
                        *w |= d;
                    }
                }
                Some(_) => wanted = [true; ORDER.len()],
                None => {}
            }
            if let Some(i) = token(arg, &names) {
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

/// A percentage as Redis prints them (`%.2f%%`); 0 of 0 is 0.
fn percent(part: u64, whole: u64) -> String {
    let ratio = if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    };
    format!("{ratio:.2}%")
}

/// Renders the requested sections, CRLF-separated like Redis.
///
/// Every section and field redis-server 7.0.15 prints is here, in its
/// order. Fields miniRedis has a value for carry it; the others carry what
/// an idle Redis without that feature prints (zeros, `ok`, `-1`). The core
/// knows no OS facts (no rusage, no RSS, no system memory, no executable
/// path): `used_cpu_*` are 0, `used_memory_rss` is `used_memory`, `os`,
/// `executable` and `gcc_version` are neutral, until an adapter feeds
/// real values. `Commandstats` and `Errorstats` list the counters the
/// dispatcher keeps (store/command_stats.rs), commands in COMMAND's order
/// (Redis's is its hash table's), with `usec` always 0: no CPU time is
/// measured. `Latencystats` (per-command latency percentiles) is empty.
pub fn render_info(server: &Store, sections: &Sections) -> String {
    let mut text = String::new();
    for (i, (name, _)) in ORDER.iter().enumerate() {
        if !sections.wanted[i] {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\r\n");
        }
        let mut title = name.to_string();
        if title == "cpu" {
            title.make_ascii_uppercase();
        } else {
            title[..1].make_ascii_uppercase();
        }
        let _ = write!(text, "# {title}\r\n");
        let mut field = |key: &str, value: &dyn std::fmt::Display| {
            let _ = write!(text, "{key}:{value}\r\n");
        };
        let config = &server.config;
        let stats = &server.stats;
        let used = server.used_memory() as u64;
        let reported = |name: &str, default: &'static str| -> String {
            config.reported.get(name).unwrap_or(default).to_string()
        };
        match *name {
            "server" => {
                let uptime = (server.now - server.started_at) / 1000;
                let hz = reported("hz", "10");
                field("redis_version", &REDIS_VERSION);
                field("redis_git_sha1", &"00000000");
                field("redis_git_dirty", &0);
                field("redis_build_id", &"0");
                field("redis_mode", &"standalone");
                field("os", &"miniRedis");
                field("arch_bits", &64);
                field("monotonic_clock", &"adapter");
                field("multiplexing_api", &server.host.runtime);
                field("atomicvar_api", &"none");
                field("gcc_version", &"0.0.0");
                field("process_id", &server.host.process_id);
                field("process_supervised", &"no");
                field("run_id", &hex_id(server.host.seed, 0x9E37_79B9));
                field("tcp_port", &server.host.port);
                field("server_time_usec", &(server.unix_now_ms() * 1000));
                field("uptime_in_seconds", &uptime);
                field("uptime_in_days", &(uptime / 86_400));
                field("hz", &hz);
                field("configured_hz", &hz);
                field("lru_clock", &((server.unix_now_ms() / 1000) & 0xFF_FFFF));
                field("executable", &"");
                field("config_file", &"");
                field("io_threads_active", &0);
                field("miniredis_runtime", &server.host.runtime);
            }
            "clients" => {
                field("connected_clients", &server.connected_clients);
                field("cluster_connections", &0);
                field("maxclients", &config.maxclients);
                field("client_recent_max_input_buffer", &0);
                field("client_recent_max_output_buffer", &0);
                field("blocked_clients", &server.blocked_clients());
                field("tracking_clients", &0);
                field("clients_in_timeout_table", &server.blocking.timed_clients());
            }
            "memory" => {
                let peak = server.peak_memory.max(used as usize) as u64;
                field("used_memory", &used);
                field("used_memory_human", &bytes_to_human(used));
                field("used_memory_rss", &used);
                field("used_memory_rss_human", &bytes_to_human(used));
                field("used_memory_peak", &peak);
                field("used_memory_peak_human", &bytes_to_human(peak));
                field("used_memory_peak_perc", &percent(used, peak));
                field("used_memory_overhead", &0);
                field("used_memory_startup", &0);
                field("used_memory_dataset", &used);
                field("used_memory_dataset_perc", &percent(used, used));
                field("allocator_allocated", &used);
                field("allocator_active", &used);
                field("allocator_resident", &used);
                field("total_system_memory", &0);
                field("total_system_memory_human", &bytes_to_human(0));
                let lua = server.scripts.vm_memory as u64;
                let bodies = server.scripts.body_bytes() as u64;
                field("used_memory_lua", &lua);
                field("used_memory_vm_eval", &lua);
                field("used_memory_lua_human", &bytes_to_human(lua));
                field("used_memory_scripts_eval", &bodies);
                field("number_of_cached_scripts", &server.scripts.len());
                let functions = &server.functions;
                let functions_vm = functions.vm_memory as u64;
                let functions_memory = functions.memory() as u64;
                field("number_of_functions", &functions.function_count());
                field("number_of_libraries", &functions.library_count());
                field("used_memory_vm_functions", &functions_vm);
                field("used_memory_vm_total", &(lua + functions_vm));
                field(
                    "used_memory_vm_total_human",
                    &bytes_to_human(lua + functions_vm),
                );
                field("used_memory_functions", &functions_memory);
                field("used_memory_scripts", &(bodies + functions_memory));
                field(
                    "used_memory_scripts_human",
                    &bytes_to_human(bodies + functions_memory),
                );
                field("maxmemory", &config.maxmemory);
                field("maxmemory_human", &bytes_to_human(config.maxmemory));
                field("maxmemory_policy", &config.maxmemory_policy.name());
                field("allocator_frag_ratio", &"1.00");
                field("allocator_frag_bytes", &0);
                field("allocator_rss_ratio", &"1.00");
                field("allocator_rss_bytes", &0);
                field("rss_overhead_ratio", &"1.00");
                field("rss_overhead_bytes", &0);
                field("mem_fragmentation_ratio", &"1.00");
                field("mem_fragmentation_bytes", &0);
                field("mem_not_counted_for_evict", &0);
                field("mem_replication_backlog", &0);
                field("mem_total_replication_buffers", &0);
                field("mem_clients_slaves", &0);
                field("mem_clients_normal", &0);
                field("mem_cluster_links", &0);
                field("mem_aof_buffer", &0);
                field("mem_allocator", &"rust");
                field("active_defrag_running", &0);
                field("lazyfree_pending_objects", &server.lazy_free_pending());
                field("lazyfreed_objects", &server.lazy_freed());
            }
            "persistence" => {
                let p = &server.persistence;
                field("loading", &u8::from(p.dataset_loading.is_some()));
                for (key, value) in [
                    ("async_loading", "0"),
                    ("current_cow_peak", "0"),
                    ("current_cow_size", "0"),
                    ("current_cow_size_age", "0"),
                    ("current_fork_perc", "0.00"),
                ] {
                    field(key, &value);
                }
                // Redis reports them while a child saves (a background
                // save here), 0 otherwise.
                let (processed, total) = match &p.running {
                    Some(running) if p.bgsave_in_progress() => {
                        (running.keys_processed, running.keys_total)
                    }
                    _ => (0, 0),
                };
                field("current_save_keys_processed", &processed);
                field("current_save_keys_total", &total);
                field("rdb_changes_since_last_save", &p.dirty);
                field("rdb_bgsave_in_progress", &u8::from(p.bgsave_in_progress()));
                field(
                    "rdb_last_save_time",
                    &(server.unix_ms_of(p.last_save_at) / 1000),
                );
                let status = if p.last_bgsave_ok { "ok" } else { "err" };
                field("rdb_last_bgsave_status", &status);
                field("rdb_last_bgsave_time_sec", &p.last_bgsave_secs);
                let current = match &p.running {
                    Some(running) if p.bgsave_in_progress() => {
                        ((server.now - running.started_at) / 1000) as i64
                    }
                    _ => -1,
                };
                field("rdb_current_bgsave_time_sec", &current);
                field("rdb_saves", &p.saves);
                field("rdb_last_cow_size", &0);
                field("rdb_last_load_keys_expired", &p.last_load_expired);
                field("rdb_last_load_keys_loaded", &p.last_load_loaded);
                let aof = &p.aof;
                let rewriting = server.aof_rewrite_in_progress();
                let on = server.config.appendonly;
                field("aof_enabled", &u8::from(on));
                field("aof_rewrite_in_progress", &u8::from(rewriting));
                field("aof_rewrite_scheduled", &u8::from(aof.rewrite_scheduled));
                field("aof_last_rewrite_time_sec", &aof.last_rewrite_secs);
                let current = match &p.running {
                    Some(running) if rewriting => ((server.now - running.started_at) / 1000) as i64,
                    _ => -1,
                };
                field("aof_current_rewrite_time_sec", &current);
                let ok_err = |ok: bool| if ok { "ok" } else { "err" };
                field("aof_last_bgrewrite_status", &ok_err(aof.last_bgrewrite_ok));
                field("aof_rewrites", &aof.rewrites);
                field(
                    "aof_rewrites_consecutive_failures",
                    &aof.consecutive_failures,
                );
                field("aof_last_write_status", &ok_err(aof.write_error.is_none()));
                field("aof_last_cow_size", &0);
                field("module_fork_in_progress", &0);
                field("module_fork_last_cow_size", &0);
                if on {
                    field("aof_current_size", &aof.current_size);
                    field("aof_base_size", &aof.base_size);
                    field("aof_pending_rewrite", &u8::from(aof.rewrite_scheduled));
                    field("aof_buffer_length", &0);
                    field("aof_pending_bio_fsync", &0);
                    field("aof_delayed_fsync", &0);
                }
                if let Some(loading) = &p.dataset_loading {
                    loading_fields(&mut field, server, loading);
                }
            }
            "stats" => {
                let expired: u64 = server.dbs.iter().map(|db| db.expired_keys).sum();
                field(
                    "total_connections_received",
                    &stats.total_connections_received,
                );
                field("total_commands_processed", &stats.total_commands_processed);
                field("instantaneous_ops_per_sec", &0);
                field("total_net_input_bytes", &0);
                field("total_net_output_bytes", &0);
                field("total_net_repl_input_bytes", &0);
                field("total_net_repl_output_bytes", &0);
                field("instantaneous_input_kbps", &"0.00");
                field("instantaneous_output_kbps", &"0.00");
                field("instantaneous_input_repl_kbps", &"0.00");
                field("instantaneous_output_repl_kbps", &"0.00");
                field("rejected_connections", &stats.rejected_connections);
                field("sync_full", &0);
                field("sync_partial_ok", &0);
                field("sync_partial_err", &0);
                field("expired_keys", &expired);
                field("expired_stale_perc", &"0.00");
                field("expired_time_cap_reached_count", &0);
                field("expire_cycle_cpu_milliseconds", &0);
                field("evicted_keys", &stats.evicted_keys);
                field("evicted_clients", &0);
                field("total_eviction_exceeded_time", &0);
                field("current_eviction_exceeded_time", &0);
                field("keyspace_hits", &stats.keyspace_hits);
                field("keyspace_misses", &stats.keyspace_misses);
                field("pubsub_channels", &server.pubsub.active(Space::Channels));
                field("pubsub_patterns", &server.pubsub.active(Space::Patterns));
                field("pubsubshard_channels", &server.pubsub.active(Space::Shard));
                for key in [
                    "latest_fork_usec",
                    "total_forks",
                    "migrate_cached_sockets",
                    "slave_expires_tracked_keys",
                    "active_defrag_hits",
                    "active_defrag_misses",
                    "active_defrag_key_hits",
                    "active_defrag_key_misses",
                    "total_active_defrag_time",
                    "current_active_defrag_time",
                    "tracking_total_keys",
                    "tracking_total_items",
                    "tracking_total_prefixes",
                    "unexpected_error_replies",
                ] {
                    field(key, &0);
                }
                field("total_error_replies", &stats.errors.total());
                for key in [
                    "dump_payload_sanitizations",
                    "total_reads_processed",
                    "total_writes_processed",
                    "io_threaded_reads_processed",
                    "io_threaded_writes_processed",
                    "reply_buffer_shrinks",
                    "reply_buffer_expands",
                ] {
                    field(key, &0);
                }
            }
            "replication" => {
                field("role", &"master");
                field("connected_slaves", &0);
                field("master_failover_state", &"no-failover");
                field("master_replid", &hex_id(server.host.seed, 0x85EB_CA6B));
                field("master_replid2", &"0".repeat(40));
                field("master_repl_offset", &0);
                field("second_repl_offset", &-1);
                field("repl_backlog_active", &0);
                field(
                    "repl_backlog_size",
                    &reported("repl-backlog-size", "1048576"),
                );
                field("repl_backlog_first_byte_offset", &0);
                field("repl_backlog_histlen", &0);
            }
            "cpu" => {
                for key in [
                    "used_cpu_sys",
                    "used_cpu_user",
                    "used_cpu_sys_children",
                    "used_cpu_user_children",
                    "used_cpu_sys_main_thread",
                    "used_cpu_user_main_thread",
                ] {
                    field(key, &"0.000000");
                }
            }
            "cluster" => field("cluster_enabled", &0),
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
            "commandstats" => {
                for (slot, command) in table::descriptions().enumerate() {
                    let counters = stats.commands.slot(slot);
                    if counters.is_used() {
                        // usec is not measured (see store/command_stats.rs).
                        field(
                            &format!("cmdstat_{}", command.name),
                            &format_args!(
                                "calls={},usec=0,usec_per_call=0.00,rejected_calls={},failed_calls={}",
                                counters.calls, counters.rejected_calls, counters.failed_calls
                            ),
                        );
                    }
                }
            }
            "errorstats" => {
                for (prefix, count) in stats.errors.by_prefix() {
                    let prefix = String::from_utf8_lossy(prefix);
                    field(
                        &format!("errorstat_{prefix}"),
                        &format_args!("count={count}"),
                    );
                }
            }
            // modules, latencystats: empty.
            _ => {}
        }
    }
    text
}

/// A 40-hex-digit identifier derived from the host seed (`run_id`,
/// `master_replid`), stable for a simulation's replay.
fn hex_id(seed: u64, salt: u64) -> String {
    let mut x = seed ^ salt;
    let mut out = String::with_capacity(40);
    while out.len() < 40 {
        x = x.wrapping_mul(0x2545_F491_4F6C_DD1D).wrapping_add(salt) | 1;
        let _ = write!(out, "{:016x}", x);
    }
    out.truncate(40);
    out
}

/// INFO persistence's progress of a dataset load, as Redis 7.0 computes
/// it: the percentage over `total + 1` bytes, and the time left estimated
/// from the pace so far (1 during the first second).
fn loading_fields(
    field: &mut impl FnMut(&str, &dyn std::fmt::Display),
    server: &Store,
    loading: &DatasetLoading,
) {
    let start_secs = server.unix_ms_of(loading.started_at) / 1000;
    let now_secs = server.unix_now_ms() / 1000;
    let (loaded, total) = (loading.loaded_bytes, loading.total_bytes);
    let (perc, remaining) = if total > 0 {
        (
            loaded as f64 / (total + 1) as f64 * 100.0,
            total.saturating_sub(loaded),
        )
    } else {
        (0.0, 1)
    };
    let elapsed = now_secs.saturating_sub(start_secs);
    let eta = if elapsed == 0 {
        1
    } else {
        elapsed.saturating_mul(remaining) / (loaded + 1)
    };
    field("loading_start_time", &start_secs);
    field("loading_total_bytes", &total);
    field("loading_rdb_used_mem", &loading.rdb_used_mem);
    field("loading_loaded_bytes", &loaded);
    field("loading_loaded_perc", &format!("{perc:.2}"));
    field("loading_eta_seconds", &eta);
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
