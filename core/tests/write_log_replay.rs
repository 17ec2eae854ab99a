//! Log replay simulation: random workloads of several clients run with the
//! write log on (strings, lists, hashes, sets, sorted sets, streams and
//! consumer groups, transactions, blocking pops served by other clients or
//! timed out, deadlines reached on access and by the timer, eviction under
//! a small `maxmemory`), the fake clock moving in small steps and jumps;
//! the log taken after every input, as an adapter appends it to its AOF.
//! At the end the whole log is loaded into a fresh server, which must then
//! hold the same dataset: every database's keys, types, values and
//! deadlines (as Unix times), streams with their groups, consumers and
//! pending entries.
//!
//! What replay does not keep, as Redis's AOF does not: idle times and
//! delivery times of pending entries, the delivery counts a history read
//! (XREADGROUP with an ID) adds, and a group's `entries-read` after an
//! XREADGROUP without NOACK (Redis 7.0.15 logs those deliveries as XCLAIMs,
//! which carry neither); nor encodings.
//!
//! This is the seed of issue 12's crash simulation: [`Run::log`] holds the
//! log as it was handed out, input by input (`durable` marks where each
//! input's bytes end: what a group commit made durable). Each run also
//! crashes once, at a random input: the log up to that input's end loads
//! to the dataset as it was then, and the log torn at a random byte of the
//! next input's bytes loads only whole records (the boundary's dataset when
//! none of that input is whole). A later step can model files, fsync
//! schedules and many crashes on the same data.
//!
//! Scripts (EVAL, some inside MULTI/EXEC) are logged by their effects,
//! as Redis 7.0 replicates them: random and time-dependent writes, a
//! script failing after its first writes, `redis.pcall`s that fail, a
//! SELECT inside a script, and scripts whose loops run across several
//! slices of [`Server::handle_timeout`] while the other clients' inputs
//! wait. Before the dataset is read the running script is run to its end
//! ([`Run::settle`]).
//!
//! - `fixed_seeds`: a fixed list of seeds on every `cargo test`;
//! - `replay_seed`: the seed in `MINIREDIS_LOG_SEED` (steps in
//!   `MINIREDIS_LOG_STEPS`).

#[allow(dead_code, unused_imports)]
#[path = "simulation"]
mod simulation {
    pub mod model;
    pub mod model_blocking;
    pub mod model_hash;
    pub mod model_keys;
    pub mod model_lists;
    pub mod model_multi;
    pub mod model_pubsub;
    pub mod model_set;
    pub mod model_stream_groups;
    pub mod model_streams;
    pub mod model_strings;
    pub mod model_zset;
    pub mod rng;
    pub mod workload;
    pub mod workload_blocking;
    pub mod workload_lists;
    pub mod workload_pubsub;
    pub mod workload_streams;
    pub mod workload_strings;
}

use miniredis_core::{ClientId, Config, Event, EvictionPolicy, Host, Server, DATABASES};
use simulation::rng::Rng;
use simulation::{workload, workload_blocking};

const DEFAULT_STEPS: usize = 400;
const FIXED_SEEDS: std::ops::Range<u64> = 0..150;

/// One workload run and its log.
struct Run {
    server: Server,
    host: Host,
    now: u64,
    rng: Rng,
    clients: Vec<ClientId>,
    evict: bool,
    /// The log as handed out, input after input.
    log: Vec<u8>,
    /// Where each input's log bytes end in `log` (what a group commit made
    /// durable after that input).
    durable: Vec<usize>,
}

impl Run {
    fn new(seed: u64) -> Run {
        let mut rng = Rng::new(seed);
        let base = 1_600_000_000_000 + rng.below(100_000_000_000);
        let host = Host {
            unix_time_at_zero_ms: base,
            seed,
            ..Host::default()
        };
        let evict = rng.chance(30);
        let mut config = Config::default();
        if evict {
            let limit = rng.pick(&workload::MAXMEMORY[..workload::MAXMEMORY.len() - 1]);
            config.maxmemory = miniredis_core::parse_memory(limit).expect("valid size");
            config.maxmemory_policy = *rng.pick(&EvictionPolicy::ALL);
        }
        config.hash_max_listpack_entries = *rng.pick(&[0, 2, 512]);
        let now = rng.below(1000);
        let mut server = Server::new(config, host.clone(), now);
        server.set_log_enabled(true);
        let clients = (0..rng.range(2, 5)).map(|_| server.connect(now)).collect();
        Run {
            server,
            host,
            now,
            rng,
            clients,
            evict,
            log: Vec::new(),
            durable: Vec::new(),
        }
    }

    fn step(&mut self) {
        match self.rng.below(100) {
            0..=9 => {
                self.now += *self.rng.pick(&[1, 5, 20, 100, 700, 3000]);
                if self.server.next_timeout().is_some_and(|at| at <= self.now) {
                    self.server.handle_timeout(self.now);
                }
            }
            10..=14 => self.server.handle_timeout(self.now),
            15..=18 => {
                let i = self.rng.below(self.clients.len() as u64) as usize;
                let unix_now = self.host.unix_time_at_zero_ms + self.now;
                let input = script_input(&mut self.rng, unix_now);
                self.server.receive(self.clients[i], &input, self.now);
            }
            19..=24 => {
                let i = self.rng.below(self.clients.len() as u64) as usize;
                let args = extra_command(&mut self.rng);
                self.send(i, &args);
            }
            25..=34 => {
                let i = self.rng.below(self.clients.len() as u64) as usize;
                let ids: Vec<u64> = self.clients.iter().map(|c| c.get()).collect();
                let own = ids[i];
                let args = workload_blocking::command(&mut self.rng, &ids, own, self.evict);
                self.send(i, &args);
            }
            _ => {
                let i = self.rng.below(self.clients.len() as u64) as usize;
                let unix_now = (self.host.unix_time_at_zero_ms + self.now) as i64;
                let args = workload::command(&mut self.rng, unix_now, self.evict);
                self.send(i, &args);
            }
        }
        self.drain();
    }

    fn send(&mut self, i: usize, args: &[Vec<u8>]) {
        let input = workload::multibulk(args);
        self.server.receive(self.clients[i], &input, self.now);
    }

    /// Runs a script still running (in slices) to its end, with no time
    /// passing, so the dataset can be read.
    fn settle(&mut self) {
        for _ in 0..10_000 {
            if self.server.next_timeout().is_none_or(|at| at > self.now) {
                break;
            }
            self.server.handle_timeout(self.now);
            self.drain();
        }
    }

    /// Takes every output, closes what the core closed (replacing the
    /// client), and appends the log bytes of the input.
    fn drain(&mut self) {
        let mut closed = Vec::new();
        while let Some(event) = self.server.poll_event() {
            match event {
                Event::Output(_) => {}
                Event::Close { client, .. } => closed.push(client),
                Event::Shutdown => panic!("the workload never shuts down"),
                // A save point's snapshot: written nowhere, reported done.
                Event::Snapshot => {
                    let mut bytes = Vec::new();
                    if let Some(chunk) = self.server.take_snapshot_bytes(&mut bytes) {
                        if chunk.last {
                            self.server.snapshot_finished(chunk.id, Ok(()), self.now);
                        }
                    }
                }
            }
        }
        for &client in &self.clients {
            let mut out = Vec::new();
            self.server.take_output(client, &mut out);
            self.server.written(client, out.len(), self.now);
        }
        for client in closed {
            self.server.closed(client, self.now);
            if let Some(slot) = self.clients.iter().position(|c| *c == client) {
                self.clients[slot] = self.server.connect(self.now);
            }
        }
        self.server.take_log(&mut self.log);
        self.durable.push(self.log.len());
        self.server.audit().expect("core invariants hold");
    }
}

/// Commands the shared workload does not send and whose log records are
/// rewrites: time-based stream IDs and approximate trims, NOACK and
/// history reads, claims by idle time, consumer and group bookkeeping,
/// random and float writes, deadlines in every form.
fn extra_command(rng: &mut Rng) -> Vec<Vec<u8>> {
    let key = |rng: &mut Rng| rng.pick(&[&b"st"[..], b"c", b"s2"]).to_vec();
    let group = |rng: &mut Rng| rng.pick(&[&b"g1"[..], b"g2"]).to_vec();
    let consumer = |rng: &mut Rng| rng.pick(&[&b"alice"[..], b"bob", b"carol"]).to_vec();
    let small = |rng: &mut Rng, n: u64| rng.below(n).to_string().into_bytes();
    let words: Vec<Vec<u8>> = match rng.below(22) {
        0..=2 => {
            let mut args = vec![b"xadd".to_vec(), key(rng)];
            if rng.chance(40) {
                args.push(rng.pick(&[&b"maxlen"[..], b"MAXLEN"]).to_vec());
                args.push(rng.pick(&[&b"~"[..], b"="]).to_vec());
                args.push(small(rng, 6));
            }
            args.extend([b"*".to_vec(), b"f".to_vec(), small(rng, 100)]);
            args
        }
        3 => vec![
            b"xtrim".to_vec(),
            key(rng),
            b"maxlen".to_vec(),
            b"~".to_vec(),
            small(rng, 5),
        ],
        4 => {
            let mut args = vec![
                b"xreadgroup".to_vec(),
                b"group".to_vec(),
                group(rng),
                consumer(rng),
            ];
            if rng.chance(50) {
                args.extend([b"count".to_vec(), small(rng, 4)]);
            }
            if rng.chance(40) {
                args.push(b"noack".to_vec());
            }
            let from = if rng.chance(30) {
                b"0".to_vec()
            } else {
                b">".to_vec()
            };
            args.extend([b"streams".to_vec(), key(rng), from]);
            args
        }
        5 => vec![
            b"xautoclaim".to_vec(),
            key(rng),
            group(rng),
            consumer(rng),
            rng.pick(&[&b"0"[..], b"10", b"1000"]).to_vec(),
            b"0".to_vec(),
            b"count".to_vec(),
            small(rng, 5),
        ],
        6 => {
            let mut args = vec![
                b"xclaim".to_vec(),
                key(rng),
                group(rng),
                consumer(rng),
                rng.pick(&[&b"0"[..], b"10", b"1000"]).to_vec(),
            ];
            args.push(b"0-1".to_vec());
            args.push(b"1-0".to_vec());
            if rng.chance(30) {
                args.push(b"force".to_vec());
            }
            if rng.chance(30) {
                args.extend([b"lastid".to_vec(), small(rng, 9)]);
            }
            args
        }
        7 => vec![
            b"xgroup".to_vec(),
            b"createconsumer".to_vec(),
            key(rng),
            group(rng),
            consumer(rng),
        ],
        8 => vec![
            b"xgroup".to_vec(),
            b"delconsumer".to_vec(),
            key(rng),
            group(rng),
            consumer(rng),
        ],
        9 => vec![
            b"xgroup".to_vec(),
            b"setid".to_vec(),
            key(rng),
            group(rng),
            b"$".to_vec(),
        ],
        10 => vec![
            b"xgroup".to_vec(),
            b"create".to_vec(),
            key(rng),
            group(rng),
            b"0".to_vec(),
            b"mkstream".to_vec(),
        ],
        11 => {
            let mut args = vec![b"sadd".to_vec(), b"s2".to_vec()];
            args.extend((0..rng.range(1, 5)).map(|_| small(rng, 20)));
            args
        }
        12 => {
            let mut args = vec![b"spop".to_vec(), b"s2".to_vec()];
            if rng.chance(60) {
                args.push(small(rng, 4));
            }
            args
        }
        13 => vec![b"incrbyfloat".to_vec(), b"f".to_vec(), b"0.1".to_vec()],
        14 => vec![
            b"hincrbyfloat".to_vec(),
            b"h".to_vec(),
            b"x".to_vec(),
            b"1.5e3".to_vec(),
        ],
        15 => {
            let mut args = vec![b"getex".to_vec(), b"f".to_vec()];
            match rng.below(4) {
                0 => args.extend([b"ex".to_vec(), small(rng, 3)]),
                1 => args.extend([b"px".to_vec(), small(rng, 300)]),
                2 => args.push(b"persist".to_vec()),
                _ => {}
            }
            args
        }
        16 => vec![b"getdel".to_vec(), b"f".to_vec()],
        17 => {
            const WORDS: &[&[u8]] = &[b"expire", b"pexpire", b"expireat", b"pexpireat"];
            let word = *rng.pick(WORDS);
            let amount = match word {
                b"expire" => small(rng, 3),
                b"pexpire" => small(rng, 500),
                _ => (1_600_000_000 + rng.below(200_000_000_000))
                    .to_string()
                    .into_bytes(),
            };
            vec![
                word.to_vec(),
                rng.pick(&[&b"f"[..], b"h", b"s2", b"st"]).to_vec(),
                amount,
            ]
        }
        18 => vec![
            b"set".to_vec(),
            b"f".to_vec(),
            b"1.5".to_vec(),
            b"px".to_vec(),
            small(rng, 400),
        ],
        19 => vec![
            b"setex".to_vec(),
            b"h2".to_vec(),
            b"1".to_vec(),
            b"v".to_vec(),
        ],
        20 => vec![
            b"lmpop".to_vec(),
            b"2".to_vec(),
            b"a".to_vec(),
            b"b".to_vec(),
            b"left".to_vec(),
            b"count".to_vec(),
            small(rng, 3),
        ],
        _ => vec![
            b"zmpop".to_vec(),
            b"2".to_vec(),
            b"a".to_vec(),
            b"b".to_vec(),
            b"max".to_vec(),
            b"count".to_vec(),
            small(rng, 3),
        ],
    };
    words
}

/// Script bodies of the replay workload (see the module documentation):
/// each is logged by its effects only.
const SCRIPTS: &[&str] = &[
    // INCR + EXPIRE.
    "local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('expire', KEYS[1], ARGV[1]) end return n",
    // A sliding-window rate limiter (its time comes from the caller).
    "local now = tonumber(ARGV[1]) redis.call('zremrangebyscore', KEYS[1], 0, now - 1000) \
     if redis.call('zcard', KEYS[1]) < 5 then redis.call('zadd', KEYS[1], now, ARGV[2]) \
     redis.call('pexpire', KEYS[1], 1000) return 1 end return 0",
    // Fails after writing: the writes stay.
    "redis.call('set', KEYS[1], ARGV[1]) redis.call('rpush', KEYS[2], 'x') return redis.call('hset', KEYS[1], 'f', 'v')",
    // pcall errors among writes.
    "redis.pcall('incr', KEYS[1]) redis.call('hset', KEYS[2], 'f', ARGV[1]) return redis.pcall('lpush', KEYS[1], 'y')",
    // Random values and random pops: the log holds what they gave.
    "redis.call('set', KEYS[1], tostring(math.random(1000000))) redis.call('sadd', KEYS[2], math.random(20), math.random(20)) return redis.call('spop', KEYS[2])",
    // The server's time, written.
    "local t = redis.call('time') redis.call('set', KEYS[1], t[1] .. '.' .. t[2]) return t[1]",
    // Another database, and back.
    "redis.call('select', '3') redis.call('incrby', KEYS[1], ARGV[1]) redis.call('select', '0') return redis.call('append', KEYS[2], ARGV[1])",
    // Writes across several slices.
    "for i = 1, 3000 do redis.call('incr', KEYS[1]) end return redis.call('get', KEYS[1])",
    // A long computation, then its result written: spans slices.
    "local s = 0 for i = 1, 1500000 do s = s + 1 end redis.call('set', KEYS[1], s) return s",
    // Deadlines read and set.
    "if redis.call('exists', KEYS[1]) == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end return redis.call('pttl', KEYS[1])",
    // Reads only.
    "return {redis.call('get', KEYS[1]), redis.call('ttl', KEYS[2])}",
];

/// An input of one EVAL, or of a transaction holding EVALs among writes.
fn script_input(rng: &mut Rng, unix_now: u64) -> Vec<u8> {
    // Keys of the scripts' own, mostly: the workload's hold other types.
    const KEYS: &[&[u8]] = &[b"sc1", b"sc2", b"sc3", b"rl", b"n", b"f", b"c"];
    let eval = |rng: &mut Rng| -> Vec<Vec<u8>> {
        let index = rng.below(SCRIPTS.len() as u64) as usize;
        // The long ones are rare: they cost.
        let index = if (7..=8).contains(&index) && !rng.chance(25) {
            0
        } else {
            index
        };
        let arg = match index {
            1 => unix_now.to_string().into_bytes(),
            _ => rng.below(300).to_string().into_bytes(),
        };
        vec![
            b"EVAL".to_vec(),
            SCRIPTS[index].as_bytes().to_vec(),
            b"2".to_vec(),
            rng.pick(KEYS).to_vec(),
            rng.pick(KEYS).to_vec(),
            arg,
            rng.below(50).to_string().into_bytes(),
        ]
    };
    if !rng.chance(20) {
        return workload::multibulk(&eval(rng));
    }
    let mut input = workload::multibulk(&[b"MULTI".to_vec()]);
    for _ in 0..rng.range(1, 4) {
        let args = if rng.chance(60) {
            eval(rng)
        } else {
            vec![b"incr".to_vec(), rng.pick(KEYS).to_vec()]
        };
        input.extend(workload::multibulk(&args));
    }
    input.extend(workload::multibulk(&[b"EXEC".to_vec()]));
    input
}

/// A RESP2 reply, parsed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Reply {
    Simple(Vec<u8>),
    Error(Vec<u8>),
    Int(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

fn parse(bytes: &[u8], at: &mut usize) -> Reply {
    let line_end = bytes[*at..]
        .windows(2)
        .position(|w| w == b"\r\n")
        .expect("whole reply")
        + *at;
    let kind = bytes[*at];
    let line = bytes[*at + 1..line_end].to_vec();
    *at = line_end + 2;
    let number = || -> i64 { String::from_utf8_lossy(&line).parse().expect("a number") };
    match kind {
        b'+' => Reply::Simple(line),
        b'-' => Reply::Error(line),
        b':' => Reply::Int(number()),
        b'$' => {
            let len = number();
            if len < 0 {
                return Reply::Bulk(None);
            }
            let value = bytes[*at..*at + len as usize].to_vec();
            *at += len as usize + 2;
            Reply::Bulk(Some(value))
        }
        b'*' => {
            let len = number();
            if len < 0 {
                return Reply::Array(None);
            }
            Reply::Array(Some((0..len).map(|_| parse(bytes, at)).collect()))
        }
        other => panic!("unexpected reply type {}", other as char),
    }
}

/// A reply as readable text, for comparisons and failure messages.
fn show(reply: &Reply) -> String {
    match reply {
        Reply::Simple(text) => String::from_utf8_lossy(text).into_owned(),
        Reply::Error(text) => format!("-{}", String::from_utf8_lossy(text)),
        Reply::Int(n) => format!(":{n}"),
        Reply::Bulk(None) | Reply::Array(None) => "(nil)".into(),
        Reply::Bulk(Some(bytes)) => format!("{:?}", String::from_utf8_lossy(bytes)),
        Reply::Array(Some(items)) => {
            let items: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", items.join(" "))
        }
    }
}

/// Runs one command on a client of its own and parses the reply.
fn call(server: &mut Server, client: ClientId, now: u64, args: &[&[u8]]) -> Reply {
    let args: Vec<Vec<u8>> = args.iter().map(|a| a.to_vec()).collect();
    server.receive(client, &workload::multibulk(&args), now);
    let mut out = Vec::new();
    server.take_output(client, &mut out);
    server.written(client, out.len(), now);
    let mut at = 0;
    let reply = parse(&out, &mut at);
    assert_eq!(at, out.len(), "one reply");
    reply
}

fn items(reply: Reply) -> Vec<Reply> {
    match reply {
        Reply::Array(Some(items)) => items,
        other => panic!("not an array: {other:?}"),
    }
}

/// A flat map reply (XINFO) as pairs, without the fields replay does not
/// keep.
fn fields(reply: Reply, dropped: &[&str]) -> Vec<(Reply, Reply)> {
    let items = items(reply);
    items
        .chunks(2)
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .filter(|(name, _)| {
            !dropped
                .iter()
                .any(|d| *name == Reply::Bulk(Some(d.as_bytes().to_vec())))
        })
        .collect()
}

/// Everything replay must rebuild, as comparable text. Reads through a
/// client of its own at `now` (keys past their deadline then read as
/// missing on both sides).
fn dataset(server: &mut Server, now: u64) -> Vec<String> {
    let client = server.connect(now);
    let mut lines = Vec::new();
    for db in 0..DATABASES {
        let index = db.to_string();
        call(server, client, now, &[b"select", index.as_bytes()]);
        let mut keys = items(call(server, client, now, &[b"keys", b"*"]));
        keys.sort();
        for key in keys {
            let Reply::Bulk(Some(key)) = key else {
                panic!("a key name")
            };
            let k = key.as_slice();
            let kind = call(server, client, now, &[b"type", k]);
            let deadline = call(server, client, now, &[b"pexpiretime", k]);
            let value = match &kind {
                Reply::Simple(t) if t == b"string" => vec![call(server, client, now, &[b"get", k])],
                Reply::Simple(t) if t == b"list" => {
                    vec![call(server, client, now, &[b"lrange", k, b"0", b"-1"])]
                }
                Reply::Simple(t) if t == b"set" => {
                    let mut members = items(call(server, client, now, &[b"smembers", k]));
                    members.sort();
                    members
                }
                Reply::Simple(t) if t == b"zset" => vec![call(
                    server,
                    client,
                    now,
                    &[b"zrange", k, b"0", b"-1", b"withscores"],
                )],
                Reply::Simple(t) if t == b"hash" => {
                    let flat = items(call(server, client, now, &[b"hgetall", k]));
                    let mut pairs: Vec<Vec<Reply>> = flat.chunks(2).map(|p| p.to_vec()).collect();
                    pairs.sort();
                    pairs.into_iter().flatten().collect()
                }
                Reply::Simple(t) if t == b"stream" => stream(server, client, now, k),
                other => panic!("unexpected type {other:?}"),
            };
            let value: Vec<String> = value.iter().map(show).collect();
            lines.push(format!(
                "db{db} {:?} {} expires {} = {}",
                String::from_utf8_lossy(k),
                show(&kind),
                show(&deadline),
                value.join(" ")
            ));
        }
    }
    server.closed(client, now);
    lines
}

/// A stream's entries, its counters, and its groups with their consumers
/// and pending entries (without what replay does not keep: see the module
/// documentation).
fn stream(server: &mut Server, client: ClientId, now: u64, key: &[u8]) -> Vec<Reply> {
    let mut out = vec![call(server, client, now, &[b"xrange", key, b"-", b"+"])];
    let info = call(server, client, now, &[b"xinfo", b"stream", key]);
    let info = fields(info, &["radix-tree-keys", "radix-tree-nodes"]);
    out.extend(info.into_iter().flat_map(|(k, v)| [k, v]));
    for group in items(call(server, client, now, &[b"xinfo", b"groups", key])) {
        let group = fields(group, &["entries-read", "lag"]);
        let name = group[0].1.clone();
        out.extend(group.into_iter().flat_map(|(k, v)| [k, v]));
        let Reply::Bulk(Some(name)) = name else {
            panic!("a group name")
        };
        for consumer in items(call(
            server,
            client,
            now,
            &[b"xinfo", b"consumers", key, &name],
        )) {
            let consumer = fields(consumer, &["idle", "inactive"]);
            out.extend(consumer.into_iter().flat_map(|(k, v)| [k, v]));
        }
        let pending = call(
            server,
            client,
            now,
            &[b"xpending", key, &name, b"-", b"+", b"1000000"],
        );
        for entry in items(pending) {
            // [id, consumer, idle, delivery count]: the owner is kept.
            out.extend(items(entry).into_iter().take(2));
        }
    }
    out
}

/// The dataset at an input boundary, for the crash checks.
struct Snapshot {
    /// Where the log ended then.
    at: usize,
    now: u64,
    dataset: Vec<String>,
}

/// Runs `steps` steps of seed `seed`, then loads its log into a fresh
/// server and compares the datasets; and checks a crash at one random
/// moment: the log up to an input boundary loads to the dataset as it was
/// then, and a log torn inside the next input's bytes loads its whole
/// records only, the boundary's state when none of that input's.
fn run(seed: u64, steps: usize) {
    let mut run = Run::new(seed);
    let crash_at = Rng::new(seed ^ 0xC4A5_4000).below(steps as u64) as usize;
    let mut snapshot = None;
    for step in 0..steps {
        run.step();
        if step == crash_at {
            run.settle();
            let now = run.now;
            let dataset = dataset(&mut run.server, now);
            // Reading may expire keys: their DELs belong to this state.
            run.drain();
            snapshot = Some(Snapshot {
                at: run.log.len(),
                now,
                dataset,
            });
        }
    }
    if let Some(snapshot) = snapshot {
        check_crash(seed, &run, &snapshot);
    }
    run.settle();
    let now = run.now;
    let expected = dataset(&mut run.server, now);
    let mut replayed = Server::new(Config::default(), run.host.clone(), now);
    let load = replayed
        .load_log(&run.log)
        .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    assert!(
        !load.truncated,
        "seed {seed}: a whole log is not torn: {load:?} of {} bytes, from there: {:?}",
        run.log.len(),
        String::from_utf8_lossy(
            &run.log[(load.valid_len as usize).min(run.log.len())..]
                [..200.min(run.log.len() - load.valid_len as usize)]
        )
    );
    assert_eq!(load.valid_len, run.log.len() as u64, "seed {seed}");
    assert_eq!(load.errors, 0, "seed {seed}: every logged command ran");
    let actual = dataset(&mut replayed, now);
    if expected != actual {
        let first = expected
            .iter()
            .zip(&actual)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(actual.len()));
        panic!(
            "seed {seed}: the replayed dataset differs (evict {}):\n  logged:   {:?}\n  replayed: {:?}\n(log: {} bytes)",
            run.evict,
            expected.get(first),
            actual.get(first),
            run.log.len()
        );
    }
}

/// See [`run`]: the durable prefix at a boundary, and a tear after it.
fn check_crash(seed: u64, run: &Run, snapshot: &Snapshot) {
    let load_prefix = |len: usize| {
        let mut server = Server::new(Config::default(), run.host.clone(), snapshot.now);
        let load = server
            .load_log(&run.log[..len])
            .unwrap_or_else(|e| panic!("seed {seed}: prefix of {len}: {e}"));
        (load, dataset(&mut server, snapshot.now))
    };
    let (load, state) = load_prefix(snapshot.at);
    assert!(!load.truncated, "seed {seed}: a boundary is never torn");
    assert_eq!(state, snapshot.dataset, "seed {seed}: the durable prefix");
    let next = run.durable.iter().copied().find(|&end| end > snapshot.at);
    let Some(next) = next else {
        return;
    };
    let tear = snapshot.at + 1 + Rng::new(seed).below((next - snapshot.at) as u64) as usize;
    let (load, state) = load_prefix(tear.min(next));
    let valid = load.valid_len as usize;
    assert!(
        (snapshot.at..=tear).contains(&valid),
        "seed {seed}: torn at {tear}, whole records up to {valid}, boundary {}",
        snapshot.at
    );
    assert_eq!(load.truncated, valid != tear.min(next), "seed {seed}");
    if valid == snapshot.at {
        assert_eq!(
            state, snapshot.dataset,
            "seed {seed}: nothing of the torn input"
        );
    }
}

#[test]
fn fixed_seeds() {
    for seed in FIXED_SEEDS {
        run(seed, DEFAULT_STEPS);
    }
}

#[test]
fn replay_seed() {
    let Ok(seed) = std::env::var("MINIREDIS_LOG_SEED") else {
        return;
    };
    let seed: u64 = seed.trim().parse().expect("MINIREDIS_LOG_SEED is a u64");
    let steps = std::env::var("MINIREDIS_LOG_STEPS")
        .map(|s| s.trim().parse().expect("MINIREDIS_LOG_STEPS is a number"))
        .unwrap_or(DEFAULT_STEPS);
    run(seed, steps);
}
