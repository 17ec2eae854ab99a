//! Server configuration: the values CONFIG GET/SET and the command line share.

use std::fmt;
use std::str::FromStr;

/// What to do when a write would take used memory over `maxmemory`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvictionPolicy {
    NoEviction,
    AllKeysLru,
    VolatileLru,
    AllKeysLfu,
    VolatileLfu,
    AllKeysRandom,
    VolatileRandom,
    VolatileTtl,
}

impl EvictionPolicy {
    pub const ALL: [EvictionPolicy; 8] = [
        EvictionPolicy::NoEviction,
        EvictionPolicy::AllKeysLru,
        EvictionPolicy::VolatileLru,
        EvictionPolicy::AllKeysLfu,
        EvictionPolicy::VolatileLfu,
        EvictionPolicy::AllKeysRandom,
        EvictionPolicy::VolatileRandom,
        EvictionPolicy::VolatileTtl,
    ];

    /// The name Redis uses in `maxmemory-policy`.
    pub fn name(self) -> &'static str {
        match self {
            EvictionPolicy::NoEviction => "noeviction",
            EvictionPolicy::AllKeysLru => "allkeys-lru",
            EvictionPolicy::VolatileLru => "volatile-lru",
            EvictionPolicy::AllKeysLfu => "allkeys-lfu",
            EvictionPolicy::VolatileLfu => "volatile-lfu",
            EvictionPolicy::AllKeysRandom => "allkeys-random",
            EvictionPolicy::VolatileRandom => "volatile-random",
            EvictionPolicy::VolatileTtl => "volatile-ttl",
        }
    }

    /// True when only keys with a deadline may be evicted.
    pub fn volatile_only(self) -> bool {
        matches!(
            self,
            EvictionPolicy::VolatileLru
                | EvictionPolicy::VolatileLfu
                | EvictionPolicy::VolatileRandom
                | EvictionPolicy::VolatileTtl
        )
    }
}

impl fmt::Display for EvictionPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for EvictionPolicy {
    type Err = String;

    /// Case-insensitive, as CONFIG SET accepts it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EvictionPolicy::ALL
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "invalid maxmemory policy '{s}' (expected one of: {})",
                    EvictionPolicy::ALL.map(|p| p.name()).join(", ")
                )
            })
    }
}

/// Parses a memory size as Redis does: plain bytes, or a number followed by
/// `k`/`m`/`g` (powers of 1000) or `kb`/`mb`/`gb` (powers of 1024), in any
/// case. `100mb` is 104857600.
pub fn parse_memory(text: &str) -> Result<u64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let split = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (digits, unit) = lower.split_at(split);
    let multiplier: u64 = match unit {
        "" | "b" => 1,
        "k" => 1000,
        "kb" => 1024,
        "m" => 1000 * 1000,
        "mb" => 1024 * 1024,
        "g" => 1000 * 1000 * 1000,
        "gb" => 1024 * 1024 * 1024,
        _ => {
            return Err(format!(
                "invalid memory size '{text}' (use bytes or a unit: 100mb, 1gb)"
            ))
        }
    };
    if digits.is_empty() {
        return Err(format!(
            "invalid memory size '{text}' (use bytes or a unit: 100mb, 1gb)"
        ));
    }
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .ok_or_else(|| format!("memory size '{text}' is out of range"))
}

/// Parses a `save` value (`"3600 1 300 100"`): pairs of non-negative
/// integers, seconds then changes, or empty for none. `Err` is Redis's
/// reason text for CONFIG SET.
pub fn parse_save_points(text: &str) -> Result<Vec<(u64, u64)>, String> {
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    if !words.len().is_multiple_of(2) {
        return Err("Invalid save parameters".into());
    }
    let mut points = Vec::new();
    for pair in words.chunks_exact(2) {
        let parse = |w: &str| w.parse::<i64>().ok().filter(|&n| n >= 0);
        match (
            pair.first().and_then(|w| parse(w)),
            pair.get(1).and_then(|w| parse(w)),
        ) {
            (Some(secs), Some(changes)) => points.push((secs as u64, changes as u64)),
            _ => return Err("Invalid save parameters".into()),
        }
    }
    Ok(points)
}

/// Redis's default save points (`save "3600 1 300 100 60 10000"`), the
/// binaries' default.
pub const DEFAULT_SAVE_POINTS: &[(u64, u64)] = &[(3600, 1), (300, 100), (60, 10000)];

/// Redis's tunables: what `CONFIG GET` shows and `CONFIG SET` may change.
/// Facts about the host the core runs on are in [`Host`].
#[derive(Clone, Debug)]
pub struct Config {
    /// Memory limit in bytes; 0 means no limit.
    pub maxmemory: u64,
    pub maxmemory_policy: EvictionPolicy,
    /// How many keys an eviction samples (`maxmemory-samples`).
    pub maxmemory_samples: u32,
    /// `requirepass`: the default user's password; empty means none, and
    /// every client is authenticated from the start.
    pub requirepass: Vec<u8>,
    /// `proto-max-bulk-len`: largest argument a client may send, in bytes.
    pub proto_max_bulk_len: u64,
    /// `client-query-buffer-limit`: a client whose input not yet forming
    /// complete commands exceeds this many bytes is disconnected.
    pub client_query_buffer_limit: u64,
    /// `maxclients`: connections beyond this many are refused.
    pub maxclients: u64,
    /// `protected-mode`: without a password, refuse peers that are not on
    /// the loopback interface.
    pub protected_mode: bool,
    /// `timeout`: seconds a client may stay idle before it is closed; 0
    /// means never.
    pub timeout_secs: u64,
    /// `busy-reply-threshold` (alias `lua-time-limit`): milliseconds a
    /// script may run before other clients get `-BUSY` (until then their
    /// commands wait for it to end).
    pub busy_reply_threshold_ms: u64,
    /// `client-output-buffer-limit`, per client class.
    pub client_output_buffer_limit: OutputBufferLimits,
    /// `set-max-intset-entries`: a set of integers keeps the compact
    /// intset form up to this many members.
    pub set_max_intset_entries: usize,
    /// `hash-max-listpack-entries` (alias `hash-max-ziplist-entries`): a
    /// hash with more fields than this is kept as a hashed table.
    pub hash_max_listpack_entries: u64,
    /// `hash-max-listpack-value` (alias `hash-max-ziplist-value`): a hash
    /// given a field or value longer than this many bytes is kept as a
    /// hashed table.
    pub hash_max_listpack_value: u64,
    /// `list-max-listpack-size` (alias `list-max-ziplist-size`): Redis's
    /// bound on one quicklist node, items when positive, -1..-5 for 4 KB
    /// to 64 KB. Kept for CONFIG; a list here is one deque whatever it says.
    pub list_max_listpack_size: i32,
    /// `list-compress-depth`: quicklist nodes left uncompressed at each
    /// end (0: none compressed). Kept for CONFIG only.
    pub list_compress_depth: u32,
    /// `zset-max-listpack-entries` (alias `zset-max-ziplist-entries`): a
    /// sorted set with more members leaves the small form.
    pub zset_max_listpack_entries: u64,
    /// `zset-max-listpack-value` (alias `zset-max-ziplist-value`): a member
    /// longer than this many bytes makes a sorted set leave the small form.
    pub zset_max_listpack_value: u64,
    /// `notify-keyspace-events`: the event classes published as keyspace
    /// notifications, as a mask of Redis's `NOTIFY_*` bits (K 1, E 2, g 4,
    /// $ 8, l 16, s 32, h 64, z 128, x 256, e 512, t 1024, m 2048,
    /// d 8192, n 16384); 0, the default, publishes nothing.
    pub notify_keyspace_events: u32,
    /// `save`: RDB save points, (seconds, changes) pairs; a background
    /// save starts when `changes` writes happened and more than `seconds`
    /// passed since the last save. Empty (the core's default, so an
    /// embedder or a test saves only when asked) disables them; the
    /// binaries start with Redis's default, `3600 1 300 100 60 10000`.
    pub save_points: Vec<(u64, u64)>,
    /// `dir`: the directory the adapter writes snapshots in, as CONFIG GET
    /// reports it (the core writes no file).
    pub dir: String,
    /// `dbfilename`: the snapshot file's name in `dir`.
    pub dbfilename: String,
    /// `stop-writes-on-bgsave-error`: refuse writes with -MISCONF while the
    /// last background save failed (and save points are set).
    pub stop_writes_on_bgsave_error: bool,
    /// `rdbcompression`: LZF-compress long strings in snapshots.
    pub rdbcompression: bool,
    /// `rdbchecksum`: end snapshots with a CRC64 (else zero).
    pub rdbchecksum: bool,
    /// Values CONFIG SET gave the parameters miniRedis only reports.
    pub reported: ReportedValues,
    /// `appendonly`: the adapter keeps an AOF (the core logs the writes,
    /// see "The write log" in the crate documentation). CONFIG SET turns it
    /// on (with a rewrite, so the AOF starts from the current data) or off.
    pub appendonly: bool,
}

/// `appendfsync`: when the adapter makes the AOF durable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppendFsync {
    /// Each input's log bytes are written and fsynced before its replies.
    Always,
    /// Written at once, fsynced once a second off the request path.
    Everysec,
    /// Written at once, synced when the OS decides.
    No,
}

impl Config {
    /// `appendfsync` as set (a reported parameter: CONFIG SET checks it).
    pub fn appendfsync(&self) -> AppendFsync {
        match self.reported.get("appendfsync") {
            Some("always") => AppendFsync::Always,
            Some("no") => AppendFsync::No,
            _ => AppendFsync::Everysec,
        }
    }

    /// `aof-use-rdb-preamble`: an AOF rewrite's base is an RDB file.
    pub fn aof_use_rdb_preamble(&self) -> bool {
        self.reported.get("aof-use-rdb-preamble") != Some("no")
    }

    /// `aof-load-truncated`: a torn last AOF record is cut off at start.
    pub fn aof_load_truncated(&self) -> bool {
        self.reported.get("aof-load-truncated") != Some("no")
    }

    /// `auto-aof-rewrite-percentage` (0: no automatic rewrite).
    pub fn auto_aof_rewrite_percentage(&self) -> u64 {
        self.reported
            .get("auto-aof-rewrite-percentage")
            .and_then(|v| v.parse().ok())
            .unwrap_or(100)
    }

    /// `auto-aof-rewrite-min-size` in bytes.
    pub fn auto_aof_rewrite_min_size(&self) -> u64 {
        self.reported
            .get("auto-aof-rewrite-min-size")
            .and_then(|v| v.parse().ok())
            .unwrap_or(64 << 20)
    }

    /// `enable-debug-command` (fixed at start): who may run DEBUG.
    pub fn enable_debug_command(&self) -> ProtectedAction {
        match self.reported.get("enable-debug-command") {
            Some("yes") => ProtectedAction::Yes,
            Some("local") => ProtectedAction::Local,
            _ => ProtectedAction::No,
        }
    }

    /// Sets a parameter the core only reports (`appendfsync`,
    /// `appenddirname`, `appendfilename`, `aof-use-rdb-preamble`,
    /// `aof-load-truncated`, ...) from the adapter's flags at start; the
    /// adapter checks the value as Redis would.
    pub fn set_reported_at_start(&mut self, name: &'static str, value: String) {
        self.reported.set(name, value);
    }
}

/// Who may run a protected command such as DEBUG (Redis's
/// `enable-debug-command`: `no`, `yes` or `local`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtectedAction {
    /// Nobody (the default).
    No,
    /// Every client.
    Yes,
    /// Clients on a unix socket or connected from 127.0.0.1 or ::1.
    Local,
}

impl ProtectedAction {
    /// Whether a client whose peer is `peer` (`None`: a unix socket or an
    /// embedder's client) may run the command.
    pub fn allows(self, peer: Option<std::net::IpAddr>) -> bool {
        match self {
            ProtectedAction::No => false,
            ProtectedAction::Yes => true,
            ProtectedAction::Local => peer.is_none_or(|ip| match ip {
                std::net::IpAddr::V4(v4) => v4 == std::net::Ipv4Addr::LOCALHOST,
                std::net::IpAddr::V6(v6) => v6 == std::net::Ipv6Addr::LOCALHOST,
            }),
        }
    }
}

/// CONFIG SET values of parameters that are reported but not implemented
/// (see `commands/config_reported.rs`), by parameter name; a parameter not
/// here shows Redis's default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportedValues(std::collections::BTreeMap<&'static str, String>);

impl ReportedValues {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub(crate) fn set(&mut self, name: &'static str, value: String) {
        self.0.insert(name, value);
    }
}

/// Facts about the process and machine driving the core, fixed by the
/// adapter at start (they are not Redis tunables; INFO reports them).
#[derive(Clone, Debug)]
pub struct Host {
    /// TCP port the adapter listens on.
    pub port: u16,
    /// Name of the runtime driving the core.
    pub runtime: &'static str,
    /// Process id (the adapter's; 0 in simulations).
    pub process_id: u32,
    /// Seed for the key hasher, sampling and `run_id`, so a simulation
    /// replays exactly.
    pub seed: u64,
    /// Unix time in milliseconds that corresponds to `now == 0` on the
    /// adapter's monotonic clock. [`crate::Server::set_unix_time_base`]
    /// refreshes it, so wall-clock commands do not drift over a long uptime.
    pub unix_time_at_zero_ms: u64,
}

impl Default for Host {
    fn default() -> Self {
        Host {
            port: 6379,
            runtime: "none",
            process_id: 0,
            seed: 0,
            unix_time_at_zero_ms: 0,
        }
    }
}

/// One class's `client-output-buffer-limit`: a client whose unwritten
/// replies reach `hard` bytes, or stay at `soft` bytes or more for longer
/// than `soft_secs` seconds, is disconnected. 0 disables a limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutputBufferLimit {
    pub hard: u64,
    pub soft: u64,
    pub soft_secs: u64,
}

/// `client-output-buffer-limit` for the three classes Redis knows.
/// `normal` and `pubsub` apply (see [`OutputClass`]); `replica` is kept so
/// CONFIG GET/SET behave as in Redis (there are no replicas yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputBufferLimits {
    pub normal: OutputBufferLimit,
    pub replica: OutputBufferLimit,
    pub pubsub: OutputBufferLimit,
}

impl Default for OutputBufferLimits {
    /// Redis's defaults: `normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60`.
    fn default() -> Self {
        OutputBufferLimits {
            normal: OutputBufferLimit::default(),
            replica: OutputBufferLimit {
                hard: 256 << 20,
                soft: 64 << 20,
                soft_secs: 60,
            },
            pubsub: OutputBufferLimit {
                hard: 32 << 20,
                soft: 8 << 20,
                soft_secs: 60,
            },
        }
    }
}

impl fmt::Display for OutputBufferLimits {
    /// The CONFIG GET form: `normal 0 0 0 slave ... pubsub ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let classes = [
            ("normal", self.normal),
            ("slave", self.replica),
            ("pubsub", self.pubsub),
        ];
        for (i, (name, l)) in classes.iter().enumerate() {
            let sep = if i == 0 { "" } else { " " };
            write!(f, "{sep}{name} {} {} {}", l.hard, l.soft, l.soft_secs)?;
        }
        Ok(())
    }
}

/// Which `client-output-buffer-limit` class a client is in, as Redis's
/// `getClientType` decides it: a client with any Pub/Sub subscription is
/// `PubSub`, any other `Normal` (there are no replicas yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OutputClass {
    Normal,
    PubSub,
}

impl OutputBufferLimit {
    /// The unwritten output at which a client of this class is closed:
    /// the hard limit, or [`OUTPUT_CEILING`] when there is none (or it is
    /// above the ceiling).
    pub fn effective_hard(&self) -> u64 {
        match self.hard {
            0 => OUTPUT_CEILING,
            hard => hard.min(OUTPUT_CEILING),
        }
    }
}

impl OutputBufferLimits {
    /// The limits of one client class.
    pub(crate) fn of(&self, class: OutputClass) -> OutputBufferLimit {
        match class {
            OutputClass::Normal => self.normal,
            OutputClass::PubSub => self.pubsub,
        }
    }

    /// Applies a CONFIG SET value: `<class> <hard> <soft> <soft-seconds>`
    /// repeated, classes `normal`, `replica`/`slave`, `pubsub` in any
    /// case. Either every triple is valid and all apply, or none does;
    /// `Err` carries Redis's reason text.
    pub fn set(&mut self, value: &str) -> Result<(), &'static str> {
        let words: Vec<&str> = value.split_ascii_whitespace().collect();
        if !words.len().is_multiple_of(4) {
            return Err("Wrong number of arguments in buffer limit configuration.");
        }
        let mut updated = *self;
        for class in words.chunks_exact(4) {
            let slot = match class[0].to_ascii_lowercase().as_str() {
                "normal" => &mut updated.normal,
                "replica" | "slave" => &mut updated.replica,
                "pubsub" => &mut updated.pubsub,
                _ => return Err("Invalid client class specified in buffer limit configuration."),
            };
            let hard = parse_memory(class[1]);
            let soft = parse_memory(class[2]);
            let secs = class[3].parse::<i64>();
            match (hard, soft, secs) {
                (Ok(hard), Ok(soft), Ok(secs)) if secs >= 0 => {
                    *slot = OutputBufferLimit {
                        hard,
                        soft,
                        soft_secs: secs as u64,
                    }
                }
                _ => return Err(
                    "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
                ),
            }
        }
        *self = updated;
        Ok(())
    }
}

/// Redis's default `proto-max-bulk-len` (512mb).
pub const DEFAULT_PROTO_MAX_BULK_LEN: u64 = 512 * 1024 * 1024;
/// Redis's default `client-query-buffer-limit` (1gb).
pub const DEFAULT_CLIENT_QUERY_BUFFER_LIMIT: u64 = 1024 * 1024 * 1024;

/// Unwritten output a client may hold when `client-output-buffer-limit
/// normal` sets no hard limit (Redis's default, 0): past it the client is
/// closed as over a hard limit. Redis has no such ceiling, but a command
/// whose reply size the client chooses (SRANDMEMBER, HRANDFIELD and
/// ZRANDMEMBER with a huge negative count) must not make memory grow
/// without bound.
pub const OUTPUT_CEILING: u64 = 1024 * 1024 * 1024;

impl Config {
    /// The unwritten output at which a normal client is closed: the
    /// configured hard limit, or [`OUTPUT_CEILING`] when there is none.
    pub fn output_hard_limit(&self) -> u64 {
        self.client_output_buffer_limit.normal.effective_hard()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            maxmemory: 0,
            maxmemory_policy: EvictionPolicy::NoEviction,
            maxmemory_samples: 5,
            requirepass: Vec::new(),
            proto_max_bulk_len: DEFAULT_PROTO_MAX_BULK_LEN,
            client_query_buffer_limit: DEFAULT_CLIENT_QUERY_BUFFER_LIMIT,
            maxclients: 10_000,
            protected_mode: true,
            timeout_secs: 0,
            busy_reply_threshold_ms: 5000,
            client_output_buffer_limit: OutputBufferLimits::default(),
            set_max_intset_entries: 512,
            hash_max_listpack_entries: 512,
            hash_max_listpack_value: 64,
            list_max_listpack_size: -2,
            list_compress_depth: 0,
            zset_max_listpack_entries: 128,
            zset_max_listpack_value: 64,
            notify_keyspace_events: 0,
            save_points: Vec::new(),
            dir: String::from("/"),
            dbfilename: String::from("dump.rdb"),
            stop_writes_on_bgsave_error: true,
            rdbcompression: true,
            rdbchecksum: true,
            reported: ReportedValues::default(),
            appendonly: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_units_follow_redis() {
        assert_eq!(parse_memory("1024"), Ok(1024));
        assert_eq!(parse_memory("100mb"), Ok(100 * 1024 * 1024));
        assert_eq!(parse_memory("1GB"), Ok(1 << 30));
        assert_eq!(parse_memory("2k"), Ok(2000));
        assert_eq!(parse_memory("3kb"), Ok(3072));
        assert!(parse_memory("mb").is_err());
        assert!(parse_memory("-1").is_err());
        assert!(parse_memory("10tb").is_err());
        assert!(parse_memory("99999999999999999999").is_err());
    }

    #[test]
    fn output_buffer_limits_parse_and_print_as_redis() {
        let mut limits = OutputBufferLimits::default();
        assert_eq!(
            limits.to_string(),
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"
        );
        assert_eq!(limits.set("NORMAL 1k 2kb 3 replica 4 5 6"), Ok(()));
        assert_eq!(
            limits.to_string(),
            "normal 1000 2048 3 slave 4 5 6 pubsub 33554432 8388608 60"
        );
        assert_eq!(limits.set(""), Ok(()));
        let before = limits;
        assert!(limits.set("normal 1 2").is_err());
        assert!(limits.set("normal 9 9 9 master 1 2 3").is_err());
        assert!(limits.set("normal 9 9 9 pubsub -1 2 3").is_err());
        assert!(limits.set("normal 9 9 -1").is_err());
        assert_eq!(limits, before, "a refused value changes nothing");
    }

    #[test]
    fn policies_parse_case_insensitively() {
        assert_eq!("ALLKEYS-LRU".parse(), Ok(EvictionPolicy::AllKeysLru));
        assert!("lru".parse::<EvictionPolicy>().is_err());
    }
}
