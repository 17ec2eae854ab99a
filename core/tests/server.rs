//! CONFIG, INFO, eviction under maxmemory.

mod support;
use miniredis_core::{Config, EvictionPolicy, Host};
use support::{replies, Harness};

#[test]
fn config_get_and_set() {
    assert_eq!(
        replies("CONFIG GET maxmemory\nCONFIG SET maxmemory 100mb\nCONFIG GET maxmemory\nCONFIG GET MAXMEMORY\nCONFIG GET save\nCONFIG GET appendonly\nCONFIG GET nosuch"),
        "*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n+OK\r\n*2\r\n$9\r\nmaxmemory\r\n$9\r\n104857600\r\n*2\r\n$9\r\nMAXMEMORY\r\n$9\r\n104857600\r\n*2\r\n$4\r\nsave\r\n$0\r\n\r\n*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n*0\r\n"
    );
}

#[test]
fn config_get_glob_lists_each_match_once() {
    assert_eq!(
        replies("CONFIG GET maxmemory-p* maxmemory-polic?"),
        "*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n"
    );
}

#[test]
fn config_get_is_a_map_in_resp3() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HELLO 3");
    assert_eq!(
        h.run(&mut c, "CONFIG GET maxmemory-policy"),
        "%1\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n"
    );
}

#[test]
fn config_set_errors_change_nothing() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET maxmemory abc\nCONFIG SET maxmemory-policy foo\nCONFIG SET nosuch 1\nCONFIG SET maxmemory 1 maxmemory 2\nCONFIG SET maxmemory-samples 0\nCONFIG SET maxmemory 1 x\nCONFIG SET maxmemory 5mb maxmemory-policy bad"),
        "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction\r\n\
         -ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument must be between 1 and 2147483647 inclusive\r\n\
         -ERR syntax error\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction\r\n"
    );
    assert_eq!(h.server.config().maxmemory, 0);
    assert_eq!(
        h.run(
            &mut c,
            "CONFIG SET maxmemory-policy ALLKEYS-LRU\nCONFIG GET maxmemory-policy"
        ),
        "+OK\r\n*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n"
    );
}

fn info_text(h: &mut Harness, c: &mut support::Client, section: &str) -> String {
    let reply = h.run(c, &format!("INFO {section}"));
    let body = reply.split_once("\r\n").expect("bulk header").1;
    body.trim_end_matches("\r\n").to_string()
}

fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .unwrap_or_else(|| panic!("INFO has no {name}: {info}"))
        .to_string()
}

#[test]
fn info_has_the_fields_tools_read() {
    let mut h = Harness::with_host(
        Config::default(),
        Host {
            port: 7777,
            ..Host::default()
        },
    );
    let mut c = h.client();
    let _other = h.client();
    h.run(
        &mut c,
        "SET a 1\nSET b 2 EX 100\nGET a\nGET nokey\nSELECT 2\nSET x y",
    );
    h.advance(3_000);
    let info = info_text(&mut h, &mut c, "");
    let sections: Vec<&str> = info.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        sections,
        [
            "# Server",
            "# Clients",
            "# Memory",
            "# Persistence",
            "# Stats",
            "# Replication",
            "# CPU",
            "# Modules",
            "# Errorstats",
            "# Cluster",
            "# Keyspace"
        ]
    );
    assert_eq!(field(&info, "redis_version"), "7.0.15");
    assert_eq!(field(&info, "tcp_port"), "7777");
    assert_eq!(field(&info, "uptime_in_seconds"), "3");
    assert_eq!(field(&info, "connected_clients"), "2");
    assert_eq!(field(&info, "blocked_clients"), "0");
    assert_eq!(field(&info, "total_connections_received"), "2");
    assert_eq!(field(&info, "total_commands_processed"), "6");
    assert_eq!(field(&info, "keyspace_hits"), "1");
    assert_eq!(field(&info, "keyspace_misses"), "1");
    assert_eq!(field(&info, "expired_keys"), "0");
    assert_eq!(field(&info, "evicted_keys"), "0");
    assert_eq!(field(&info, "maxmemory"), "0");
    assert_eq!(field(&info, "maxmemory_policy"), "noeviction");
    assert_eq!(
        field(&info, "used_memory"),
        h.server.used_memory().to_string()
    );
    assert_eq!(field(&info, "db0"), "keys=2,expires=1,avg_ttl=0");
    assert_eq!(field(&info, "db2"), "keys=1,expires=0,avg_ttl=0");
}

/// The observation methods an embedder reads instead of running INFO
/// agree with INFO, and follow CONFIG RESETSTAT and closed clients.
#[test]
fn observation_counters_match_info() {
    let mut h = Harness::new();
    let mut c = h.client();
    let other = h.client();
    h.run(&mut c, "SET a 1\nGET a\nNOSUCHCOMMAND");
    assert_eq!(h.server.commands_processed(), 2);
    assert_eq!(h.server.connections_received(), 2);
    assert_eq!(h.server.connected_clients(), 2);
    let info = info_text(&mut h, &mut c, "");
    // INFO counts itself once it has run; the fields show the state before.
    assert_eq!(field(&info, "total_commands_processed"), "2");
    assert_eq!(field(&info, "total_connections_received"), "2");
    assert_eq!(field(&info, "connected_clients"), "2");
    assert_eq!(h.server.commands_processed(), 3);
    h.server.closed(other.id, h.now);
    assert_eq!(h.server.connected_clients(), 1);
    h.run(&mut c, "CONFIG RESETSTAT");
    assert_eq!(h.server.commands_processed(), 1);
    assert_eq!(h.server.connections_received(), 0);
}

#[test]
fn info_sections_are_selectable_and_unknown_is_empty() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(h.run(&mut c, "INFO nosuch"), "$0\r\n\r\n");
    assert_eq!(h.run(&mut c, "INFO keyspace"), "$12\r\n# Keyspace\r\n\r\n");
    let two = info_text(&mut h, &mut c, "KEYSPACE clients");
    assert!(
        two.starts_with("# Clients\r\nconnected_clients:1\r\n"),
        "{two}"
    );
    assert!(two.ends_with("\r\n\r\n# Keyspace"), "{two}");
    h.run(&mut c, "HELLO 3");
    assert_eq!(
        h.run(&mut c, "INFO keyspace"),
        "=16\r\ntxt:# Keyspace\r\n\r\n"
    );
}

#[test]
fn noeviction_refuses_writes_but_serves_reads_and_deletes() {
    let (mut h, mut c) = support::with_eviction(EvictionPolicy::NoEviction, 2_000);
    let mut i = 0;
    while !h
        .run(&mut c, &format!("SET key{i} value"))
        .starts_with("-OOM")
    {
        i += 1;
        assert!(i < 1000, "never refused");
    }
    assert_eq!(
        h.run(&mut c, "SET more v"),
        "-OOM command not allowed when used memory > 'maxmemory'.\r\n"
    );
    assert_eq!(
        h.run(&mut c, "GET key0\nDEL key0 key1\nLPOP nokey"),
        "$5\r\nvalue\r\n:2\r\n$-1\r\n"
    );
    assert_eq!(h.run(&mut c, "SET again v"), "+OK\r\n");
}

#[test]
fn allkeys_lru_keeps_memory_bounded_and_counts_evictions() {
    let (mut h, mut c) = support::with_eviction(EvictionPolicy::AllKeysLru, 20_000);
    for i in 0..2_000 {
        assert_eq!(h.run(&mut c, &format!("SET key{i} value{i}")), "+OK\r\n");
        assert!(
            h.server.used_memory() <= 20_000,
            "after write {i}: {}",
            h.server.used_memory()
        );
        // The key just written is never the one evicted for it.
        assert_eq!(
            h.run(&mut c, &format!("GET key{i}")),
            format!("${}\r\nvalue{i}\r\n", 5 + i.to_string().len())
        );
        h.advance(1);
    }
    let info = info_text(&mut h, &mut c, "stats");
    let evicted: usize = field(&info, "evicted_keys").parse().unwrap();
    assert_eq!(evicted + h.server.key_count(), 2_000);
}

/// Writes `count` fresh keys while the `hot` keys are read between writes,
/// and returns how many of the hot keys survived.
fn hot_keys_surviving(policy: EvictionPolicy) -> usize {
    // Room for about 240 keys: 20 hot ones read in turn between writes stay
    // far more recent than most of the cold ones.
    let (mut h, mut c) = support::with_eviction(policy, 60_000);
    for i in 0..20 {
        h.run(&mut c, &format!("SET hot{i} v EX 100000"));
    }
    for i in 0..3_000 {
        h.run(&mut c, &format!("SET cold{i} v EX 100000"));
        h.run(&mut c, &format!("GET hot{}", i % 20));
        h.advance(10);
    }
    (0..20)
        .filter(|i| h.run(&mut c, &format!("EXISTS hot{i}")) == ":1\r\n")
        .count()
}

#[test]
fn lru_and_lfu_keep_the_keys_in_use() {
    for policy in [
        EvictionPolicy::AllKeysLru,
        EvictionPolicy::VolatileLru,
        EvictionPolicy::AllKeysLfu,
        EvictionPolicy::VolatileLfu,
    ] {
        let survivors = hot_keys_surviving(policy);
        assert!(
            survivors >= 18,
            "{policy}: only {survivors} of 20 hot keys survived"
        );
    }
    let random = hot_keys_surviving(EvictionPolicy::AllKeysRandom);
    assert!(
        random < 10,
        "random eviction kept {random} hot keys: the test does not discriminate"
    );
}

#[test]
fn volatile_policies_spare_persistent_keys() {
    for policy in [
        EvictionPolicy::VolatileLru,
        EvictionPolicy::VolatileLfu,
        EvictionPolicy::VolatileRandom,
    ] {
        let (mut h, mut c) = support::with_eviction(policy, 5_000);
        for i in 0..10 {
            h.run(&mut c, &format!("SET keep{i} v"));
        }
        for i in 0..500 {
            assert_eq!(
                h.run(&mut c, &format!("SET v{i} x EX 1000")),
                "+OK\r\n",
                "{policy}"
            );
        }
        for i in 0..10 {
            assert_eq!(
                h.run(&mut c, &format!("EXISTS keep{i}")),
                ":1\r\n",
                "{policy}"
            );
        }
        assert!(
            h.server.used_memory() <= 5_000,
            "{policy}: {}",
            h.server.used_memory()
        );
    }
}

#[test]
fn eviction_reaches_every_database() {
    let (mut h, mut c) = support::with_eviction(EvictionPolicy::AllKeysLru, 10_000);
    h.run(&mut c, "SELECT 3");
    for i in 0..40 {
        h.run(&mut c, &format!("SET old{i} v"));
    }
    h.advance(1_000);
    h.run(&mut c, "SELECT 0");
    for i in 0..200 {
        h.run(&mut c, &format!("SET new{i} v"));
        h.advance(1);
    }
    h.run(&mut c, "SELECT 3");
    assert_eq!(
        h.run(&mut c, "DBSIZE"),
        ":0\r\n",
        "the oldest keys, in another database, go first"
    );
}

#[test]
fn volatile_ttl_evicts_soonest_deadline_first_and_spares_persistent_keys() {
    let (mut h, mut c) = support::with_eviction(EvictionPolicy::VolatileTtl, 3_000);
    h.run(&mut c, "SET persistent v");
    for i in 0..500 {
        assert_eq!(
            h.run(&mut c, &format!("SET v{i} x EX {}", 1000 + i)),
            "+OK\r\n"
        );
    }
    assert_eq!(
        h.run(&mut c, "EXISTS persistent\nEXISTS v0\nEXISTS v499"),
        ":1\r\n:0\r\n:1\r\n"
    );
    // With only persistent keys left there is nothing this policy may evict.
    h.run(&mut c, "FLUSHALL");
    let mut i = 0;
    while h.run(&mut c, &format!("SET p{i} x")) == "+OK\r\n" {
        i += 1;
        assert!(i < 5000, "never refused");
    }
    assert_eq!(
        h.run(&mut c, "SET more x"),
        "-OOM command not allowed when used memory > 'maxmemory'.\r\n"
    );
}

#[test]
fn shrinking_maxmemory_evicts_at_once() {
    // As Redis's CONFIG SET maxmemory: evicts right away, before any write.
    let (mut h, mut c) = support::with_eviction(EvictionPolicy::AllKeysRandom, 0);
    for i in 0..100 {
        h.run(&mut c, &format!("SET k{i} v"));
    }
    let before = h.server.used_memory();
    assert!(before > 2000);
    assert_eq!(h.run(&mut c, "CONFIG SET maxmemory 2000"), "+OK\r\n");
    assert!(h.server.used_memory() <= 2000, "{}", h.server.used_memory());
    let evicted = 100 - h.server.key_count();
    assert!(evicted > 0);
    assert!(h
        .run(&mut c, "INFO stats")
        .contains(&format!("evicted_keys:{evicted}\r\n")));
    // Under noeviction nothing can go: the setting is taken all the same.
    let (mut h, mut c) = support::with_eviction(EvictionPolicy::NoEviction, 0);
    for i in 0..100 {
        h.run(&mut c, &format!("SET k{i} v"));
    }
    assert_eq!(h.run(&mut c, "CONFIG SET maxmemory 2000"), "+OK\r\n");
    assert_eq!(h.server.key_count(), 100);
}

#[test]
fn time_follows_the_callers_clock_through_the_unix_base() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.advance(1_234);
    let seconds = (support::UNIX_AT_ZERO + 1_234) / 1000;
    assert_eq!(
        h.run(&mut c, "TIME"),
        format!(
            "*2\r\n${}\r\n{seconds}\r\n$6\r\n234000\r\n",
            seconds.to_string().len()
        )
    );
}

#[test]
fn memory_usage_is_the_tracked_cost() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET k v");
    let usage = h.run(&mut c, "MEMORY USAGE k");
    assert_eq!(usage, format!(":{}\r\n", h.server.used_memory()));
    assert_eq!(h.run(&mut c, "MEMORY USAGE k SAMPLES 5"), usage);
    assert_eq!(
        h.run(&mut c, "MEMORY USAGE nokey\nMEMORY USAGE k SAMPLES x\nMEMORY USAGE k FOO\nMEMORY FOO"),
        "$-1\r\n-ERR value is not an integer or out of range\r\n-ERR syntax error\r\n-ERR unknown subcommand 'FOO'. Try MEMORY HELP.\r\n"
    );
    h.run(&mut c, "RPUSH l a b c");
    let list_usage: usize = h
        .run(&mut c, "MEMORY USAGE l")
        .trim_start_matches(':')
        .trim_end()
        .parse()
        .unwrap();
    assert_eq!(
        h.server.used_memory(),
        list_usage
            + usage
                .trim_start_matches(':')
                .trim_end()
                .parse::<usize>()
                .unwrap()
    );
}

/// Every parameter redis-server 7.0.15 lists for `CONFIG GET *` (192 with
/// the aliases), each once.
#[test]
fn config_get_star_lists_every_redis_parameter() {
    let reply = replies("CONFIG GET *");
    let (header, body) = reply.split_once("\r\n").unwrap();
    assert_eq!(header, "*384");
    let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.starts_with('$')).collect();
    let names: Vec<&str> = lines.chunks(2).map(|pair| pair[0]).collect();
    for name in [
        "hz",
        "slave-read-only",
        "replica-read-only",
        "lua-time-limit",
        "dir",
        "save",
        "port",
        "notify-keyspace-events",
        "list-max-ziplist-size",
    ] {
        assert_eq!(names.iter().filter(|n| **n == name).count(), 1, "{name}");
    }
}

#[test]
fn config_set_reported_parameters_as_redis_accepts_them() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET slave-priority 5\nCONFIG GET replica-priority slave-priority\nCONFIG SET hz 600\nCONFIG GET hz\nCONFIG SET hz 0\nCONFIG GET hz\nCONFIG SET notify-keyspace-events KEA\nCONFIG GET notify-keyspace-events\nCONFIG SET activerehashing maybe\nCONFIG SET daemonize no\nCONFIG SET dir /tmp\nCONFIG SET loglevel WARNING\nCONFIG GET loglevel\nCONFIG SET repl-backlog-size 1mb\nCONFIG GET repl-backlog-size\nCONFIG SET active-defrag-cycle-max 100"),
        "+OK\r\n*4\r\n$16\r\nreplica-priority\r\n$1\r\n5\r\n$14\r\nslave-priority\r\n$1\r\n5\r\n\
         +OK\r\n*2\r\n$2\r\nhz\r\n$3\r\n500\r\n+OK\r\n*2\r\n$2\r\nhz\r\n$1\r\n1\r\n\
         +OK\r\n*2\r\n$22\r\nnotify-keyspace-events\r\n$3\r\nAKE\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'activerehashing') - argument must be 'yes' or 'no'\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n\
         +OK\r\n*2\r\n$8\r\nloglevel\r\n$7\r\nwarning\r\n\
         +OK\r\n*2\r\n$17\r\nrepl-backlog-size\r\n$7\r\n1048576\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'active-defrag-cycle-max') - argument must be between 1 and 99 inclusive\r\n"
    );
    // A refused pair undoes the pairs before it.
    assert_eq!(
        h.run(&mut c, "CONFIG SET loglevel debug maxmemory-clients 101%\nCONFIG GET loglevel\nCONFIG REWRITE\nCONFIG RESETSTAT"),
        "-ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100\r\n\
         *2\r\n$8\r\nloglevel\r\n$7\r\nwarning\r\n\
         -ERR The server is running without a config file\r\n+OK\r\n"
    );
}

/// The section titles and field names redis-server 7.0.15 prints for
/// `INFO everything` (the per-command, per-error and per-database lines
/// aside), in its order.
const REDIS_INFO_EVERYTHING: &[&str] = &[
    "# Server",
    "redis_version",
    "redis_git_sha1",
    "redis_git_dirty",
    "redis_build_id",
    "redis_mode",
    "os",
    "arch_bits",
    "monotonic_clock",
    "multiplexing_api",
    "atomicvar_api",
    "gcc_version",
    "process_id",
    "process_supervised",
    "run_id",
    "tcp_port",
    "server_time_usec",
    "uptime_in_seconds",
    "uptime_in_days",
    "hz",
    "configured_hz",
    "lru_clock",
    "executable",
    "config_file",
    "io_threads_active",
    "# Clients",
    "connected_clients",
    "cluster_connections",
    "maxclients",
    "client_recent_max_input_buffer",
    "client_recent_max_output_buffer",
    "blocked_clients",
    "tracking_clients",
    "clients_in_timeout_table",
    "# Memory",
    "used_memory",
    "used_memory_human",
    "used_memory_rss",
    "used_memory_rss_human",
    "used_memory_peak",
    "used_memory_peak_human",
    "used_memory_peak_perc",
    "used_memory_overhead",
    "used_memory_startup",
    "used_memory_dataset",
    "used_memory_dataset_perc",
    "allocator_allocated",
    "allocator_active",
    "allocator_resident",
    "total_system_memory",
    "total_system_memory_human",
    "used_memory_lua",
    "used_memory_vm_eval",
    "used_memory_lua_human",
    "used_memory_scripts_eval",
    "number_of_cached_scripts",
    "number_of_functions",
    "number_of_libraries",
    "used_memory_vm_functions",
    "used_memory_vm_total",
    "used_memory_vm_total_human",
    "used_memory_functions",
    "used_memory_scripts",
    "used_memory_scripts_human",
    "maxmemory",
    "maxmemory_human",
    "maxmemory_policy",
    "allocator_frag_ratio",
    "allocator_frag_bytes",
    "allocator_rss_ratio",
    "allocator_rss_bytes",
    "rss_overhead_ratio",
    "rss_overhead_bytes",
    "mem_fragmentation_ratio",
    "mem_fragmentation_bytes",
    "mem_not_counted_for_evict",
    "mem_replication_backlog",
    "mem_total_replication_buffers",
    "mem_clients_slaves",
    "mem_clients_normal",
    "mem_cluster_links",
    "mem_aof_buffer",
    "mem_allocator",
    "active_defrag_running",
    "lazyfree_pending_objects",
    "lazyfreed_objects",
    "# Persistence",
    "loading",
    "async_loading",
    "current_cow_peak",
    "current_cow_size",
    "current_cow_size_age",
    "current_fork_perc",
    "current_save_keys_processed",
    "current_save_keys_total",
    "rdb_changes_since_last_save",
    "rdb_bgsave_in_progress",
    "rdb_last_save_time",
    "rdb_last_bgsave_status",
    "rdb_last_bgsave_time_sec",
    "rdb_current_bgsave_time_sec",
    "rdb_saves",
    "rdb_last_cow_size",
    "rdb_last_load_keys_expired",
    "rdb_last_load_keys_loaded",
    "aof_enabled",
    "aof_rewrite_in_progress",
    "aof_rewrite_scheduled",
    "aof_last_rewrite_time_sec",
    "aof_current_rewrite_time_sec",
    "aof_last_bgrewrite_status",
    "aof_rewrites",
    "aof_rewrites_consecutive_failures",
    "aof_last_write_status",
    "aof_last_cow_size",
    "module_fork_in_progress",
    "module_fork_last_cow_size",
    "# Stats",
    "total_connections_received",
    "total_commands_processed",
    "instantaneous_ops_per_sec",
    "total_net_input_bytes",
    "total_net_output_bytes",
    "total_net_repl_input_bytes",
    "total_net_repl_output_bytes",
    "instantaneous_input_kbps",
    "instantaneous_output_kbps",
    "instantaneous_input_repl_kbps",
    "instantaneous_output_repl_kbps",
    "rejected_connections",
    "sync_full",
    "sync_partial_ok",
    "sync_partial_err",
    "expired_keys",
    "expired_stale_perc",
    "expired_time_cap_reached_count",
    "expire_cycle_cpu_milliseconds",
    "evicted_keys",
    "evicted_clients",
    "total_eviction_exceeded_time",
    "current_eviction_exceeded_time",
    "keyspace_hits",
    "keyspace_misses",
    "pubsub_channels",
    "pubsub_patterns",
    "pubsubshard_channels",
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
    "total_error_replies",
    "dump_payload_sanitizations",
    "total_reads_processed",
    "total_writes_processed",
    "io_threaded_reads_processed",
    "io_threaded_writes_processed",
    "reply_buffer_shrinks",
    "reply_buffer_expands",
    "# Replication",
    "role",
    "connected_slaves",
    "master_failover_state",
    "master_replid",
    "master_replid2",
    "master_repl_offset",
    "second_repl_offset",
    "repl_backlog_active",
    "repl_backlog_size",
    "repl_backlog_first_byte_offset",
    "repl_backlog_histlen",
    "# CPU",
    "used_cpu_sys",
    "used_cpu_user",
    "used_cpu_sys_children",
    "used_cpu_user_children",
    "used_cpu_sys_main_thread",
    "used_cpu_user_main_thread",
    "# Modules",
    "# Commandstats",
    "# Errorstats",
    "# Latencystats",
    "# Cluster",
    "cluster_enabled",
    "# Keyspace",
];

#[test]
fn info_everything_has_every_redis_section_and_field_in_order() {
    let mut h = Harness::new();
    let mut c = h.client();
    for selector in ["everything", "all", "ALL default"] {
        let info = info_text(&mut h, &mut c, selector);
        let names: Vec<&str> = info
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| {
                if l.starts_with('#') {
                    l
                } else {
                    l.split(':').next().unwrap()
                }
            })
            // Our one field of our own; the counters of the INFO calls
            // before (checked in command_stats.rs).
            .filter(|n| *n != "miniredis_runtime" && !n.starts_with("cmdstat_"))
            .collect();
        assert_eq!(names, REDIS_INFO_EVERYTHING, "{selector}");
    }
    let default = info_text(&mut h, &mut c, "default commandstats");
    assert!(default.contains("# Commandstats") && !default.contains("# Latencystats"));
    assert_eq!(
        h.run(&mut c, "INFO cluster"),
        "$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n"
    );
    assert_eq!(h.run(&mut c, "INFO modules"), "$11\r\n# Modules\r\n\r\n");
    assert_eq!(h.run(&mut c, "INFO foo"), "$0\r\n\r\n");
}
