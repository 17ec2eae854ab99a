//! Deterministic simulation of scripts among other clients, against a
//! model that predicts every reply byte.
//!
//! Several clients send plain commands (GET, INCR, DEL, PING, SCRIPT KILL,
//! SCRIPT FLUSH) and EVAL / EVALSHA of a few script shapes over a tiny key
//! space, while a fake clock moves and timers run:
//!
//! - INCR + EXPIRE, and a sliding-window rate limiter (read-modify-write);
//! - a script that fails in a `redis.call` after writing (its writes stay,
//!   as in Redis), and one that catches an error with `redis.pcall`;
//! - `math.random`, deterministic per VM: the model runs the same 48-bit
//!   generator from the server's seed, reset by SCRIPT FLUSH;
//! - long scripts that run across several slices of `handle_timeout`
//!   (a read-only loop, a loop after a write, an endless read-only loop).
//!   While one runs, other clients' commands wait (atomicity) until it
//!   ends, when they run against its effects; once `busy-reply-threshold`
//!   has passed on the fake clock they get `-BUSY` instead, and SCRIPT
//!   KILL stops a read-only script (`-UNKILLABLE` once it wrote).
//!
//! - `fixed_seeds`: a fixed list of seeds on every `cargo test`;
//! - `replay`: the seed in `MINIREDIS_SCRIPT_SIM_SEED` (steps in
//!   `MINIREDIS_SCRIPT_SIM_STEPS`).

#[allow(dead_code)]
#[path = "simulation/rng.rs"]
mod rng;

use std::collections::{BTreeMap, BTreeSet};

use miniredis_core::{ClientId, Config, Host, Server};
use rng::Rng;

const DEFAULT_STEPS: usize = 200;
/// Long scripts cost real time (a slice is about a million Lua
/// instructions): seeds and steps keep a debug run to a few seconds.
const FIXED_SEEDS: std::ops::Range<u64> = 0..60;
/// Steps a running script may take before the run is declared stuck.
const BUSY_STEP_LIMIT: usize = 5000;

const INCR_EXPIRE: &str = "local n = redis.call('incr', KEYS[1]) if n == 1 then redis.call('expire', KEYS[1], ARGV[1]) end return n";
const LIMITER: &str = "local now = tonumber(ARGV[1]) redis.call('zremrangebyscore', KEYS[1], '-inf', now - 100) local n = redis.call('zcard', KEYS[1]) if n < 3 then redis.call('zadd', KEYS[1], now, ARGV[2]) redis.call('pexpire', KEYS[1], 100) return {1, n + 1} end return {0, n}";
const FAIL_MIDWAY: &str =
    "redis.call('incr', KEYS[1]) redis.call('set', KEYS[2], 'x') return redis.call('incr', KEYS[2])";
const PCALL: &str = "local r = redis.pcall('incr', KEYS[1]) if type(r) == 'table' then redis.call('del', KEYS[1]) return r['err'] end return r";
const RANDOM: &str = "return {math.random(1000), math.random(10, 20), math.random(3)}";
const LOOP: &str = "local s = 0 for i = 1, tonumber(ARGV[1]) do s = s + 1 end return s";
const WRITE_LOOP: &str = "redis.call('incr', KEYS[1]) local s = 0 for i = 1, tonumber(ARGV[1]) do s = s + 1 end return s";
const ENDLESS: &str = "local v = redis.call('get', KEYS[1]) while true do end";

const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
const BUSY: &[u8] =
    b"-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
const UNKILLABLE: &[u8] = b"-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n";
const NOTBUSY: &[u8] = b"-NOTBUSY No scripts in execution right now.\r\n";

fn sha1(body: &str) -> String {
    sha1_smol::Sha1::from(body).digest().to_string()
}

/// Redis's `redisLrand48`, as the core's `math.random` runs it.
struct Rand48(u64);

impl Rand48 {
    fn seeded(seed: i32) -> Rand48 {
        Rand48((((seed as u32 as u64) << 16) | 0x330E) & ((1 << 48) - 1))
    }

    /// Lua 5.1's `math.random(l, u)` over the generator.
    fn random(&mut self, l: i64, u: i64) -> i64 {
        self.0 = (self.0.wrapping_mul(0x5_DEEC_E66D).wrapping_add(0xB)) & ((1 << 48) - 1);
        let next = (self.0 >> 17) as i64;
        let r = (next % 2_147_483_647) as f64 / 2_147_483_647.0;
        ((r * (u - l + 1) as f64).floor() as i64) + l
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Str(Vec<u8>),
    Zset(BTreeMap<Vec<u8>, i64>),
}

/// The dataset as the model sees it, and the scripting state.
struct Model {
    keys: BTreeMap<&'static str, (Value, Option<u64>)>,
    cached: BTreeSet<String>,
    rand: Rand48,
    seed: u64,
    member: u64,
}

fn bulk(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("${}\r\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    out
}

fn int(n: i64) -> Vec<u8> {
    format!(":{n}\r\n").into_bytes()
}

/// What a script call does: its reply now, or a long script's outcome.
enum Outcome {
    Now(Vec<u8>),
    /// A script that runs across slices: its reply when it ends by
    /// itself (None: it never does), whether SCRIPT KILL may stop it.
    Long {
        reply: Option<Vec<u8>>,
        killable: bool,
        sha: String,
    },
}

impl Model {
    fn new(seed: u64) -> Model {
        Model {
            keys: BTreeMap::new(),
            cached: BTreeSet::new(),
            rand: Rand48::seeded(seed as i32),
            seed,
            member: 0,
        }
    }

    /// The live entry of `key` (one past its deadline is gone).
    fn live(&mut self, key: &'static str, now: u64) -> Option<&mut (Value, Option<u64>)> {
        if self
            .keys
            .get(key)
            .is_some_and(|(_, at)| at.is_some_and(|at| at <= now))
        {
            self.keys.remove(key);
        }
        self.keys.get_mut(key)
    }

    fn incr(&mut self, key: &'static str, now: u64) -> Result<i64, &'static str> {
        match self.live(key, now) {
            None => {
                self.keys.insert(key, (Value::Str(b"1".to_vec()), None));
                Ok(1)
            }
            Some((Value::Str(s), _)) => {
                let n: i64 = std::str::from_utf8(s)
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .ok_or(NOT_INTEGER)?;
                *s = (n + 1).to_string().into_bytes();
                Ok(n + 1)
            }
            Some(_) => Err("WRONGTYPE"),
        }
    }

    fn get(&mut self, key: &'static str, now: u64) -> Vec<u8> {
        match self.live(key, now) {
            None => b"$-1\r\n".to_vec(),
            Some((Value::Str(s), _)) => bulk(s),
            Some(_) => {
                b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n".to_vec()
            }
        }
    }

    /// A plain command's reply (and its effect).
    fn command(&mut self, args: &[&'static str], now: u64, script_running: bool) -> Vec<u8> {
        match args {
            ["GET", key] => self.get(key, now),
            ["INCR", key] => match self.incr(key, now) {
                Ok(n) => int(n),
                Err(e) => format!("-{e}\r\n").into_bytes(),
            },
            ["DEL", key] => int(i64::from(
                self.live(key, now).is_some() && self.keys.remove(key).is_some(),
            )),
            ["PING"] => b"+PONG\r\n".to_vec(),
            ["SCRIPT", "KILL"] if !script_running => NOTBUSY.to_vec(),
            ["SCRIPT", "FLUSH"] => {
                self.cached.clear();
                self.rand = Rand48::seeded(self.seed as i32);
                b"+OK\r\n".to_vec()
            }
            other => panic!("no model for {other:?}"),
        }
    }

    /// EVAL (or EVALSHA when `by_sha`) of `body` with its keys and
    /// arguments, at `now`.
    fn script(
        &mut self,
        body: &str,
        by_sha: bool,
        keys: &[&'static str],
        argv: &[String],
        now: u64,
    ) -> Outcome {
        let sha = sha1(body);
        if by_sha && !self.cached.contains(&sha) {
            return Outcome::Now(b"-NOSCRIPT No matching script. Please use EVAL.\r\n".to_vec());
        }
        self.cached.insert(sha.clone());
        let failed = |text: &str| -> Vec<u8> {
            format!("-{text} script: {sha}, on @user_script:1.\r\n").into_bytes()
        };
        let reply = match body {
            INCR_EXPIRE => {
                let fresh = self.live(keys[0], now).is_none();
                let n = self.incr(keys[0], now).expect("counters hold integers");
                if fresh {
                    let seconds: u64 = argv[0].parse().expect("seconds");
                    if let Some(entry) = self.keys.get_mut(keys[0]) {
                        entry.1 = Some(now + seconds * 1000);
                    }
                }
                int(n)
            }
            LIMITER => {
                let at: i64 = argv[0].parse().expect("a time");
                let key = keys[0];
                let mut set = match self.live(key, now) {
                    Some((Value::Zset(set), _)) => set.clone(),
                    _ => BTreeMap::new(),
                };
                let deadline = self.live(key, now).and_then(|e| e.1);
                set.retain(|_, score| *score > at - 100);
                let n = set.len() as i64;
                if n < 3 {
                    set.insert(argv[1].clone().into_bytes(), at);
                    self.keys.insert(key, (Value::Zset(set), Some(now + 100)));
                    format!("*2\r\n:1\r\n:{}\r\n", n + 1).into_bytes()
                } else {
                    self.keys.insert(key, (Value::Zset(set), deadline));
                    format!("*2\r\n:0\r\n:{n}\r\n").into_bytes()
                }
            }
            FAIL_MIDWAY => {
                self.incr(keys[0], now).expect("counters hold integers");
                self.keys.insert(keys[1], (Value::Str(b"x".to_vec()), None));
                failed(NOT_INTEGER)
            }
            PCALL => match self.incr(keys[0], now) {
                Ok(n) => int(n),
                Err(text) => {
                    self.keys.remove(keys[0]);
                    bulk(text.as_bytes())
                }
            },
            RANDOM => {
                let a = self.rand.random(1, 1000);
                let b = self.rand.random(10, 20);
                let c = self.rand.random(1, 3);
                format!("*3\r\n:{a}\r\n:{b}\r\n:{c}\r\n").into_bytes()
            }
            LOOP => {
                let n: i64 = argv[0].parse().expect("a count");
                if n < 100_000 {
                    int(n)
                } else {
                    return Outcome::Long {
                        reply: Some(int(n)),
                        killable: true,
                        sha,
                    };
                }
            }
            WRITE_LOOP => {
                self.incr(keys[0], now).expect("counters hold integers");
                let n: i64 = argv[0].parse().expect("a count");
                return Outcome::Long {
                    reply: Some(int(n)),
                    killable: false,
                    sha,
                };
            }
            ENDLESS => {
                return Outcome::Long {
                    reply: None,
                    killable: true,
                    sha,
                }
            }
            other => panic!("no model for script {other}"),
        };
        Outcome::Now(reply)
    }
}

fn multibulk(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n{a}\r\n", a.len()).as_bytes());
    }
    out
}

/// A script running across slices, as the driver tracks it.
struct Busy {
    caller: usize,
    started: u64,
    reply: Option<Vec<u8>>,
    killable: bool,
    killed: bool,
    sha: String,
    /// Commands other clients sent while it held them, in arrival order.
    held: Vec<(usize, Vec<&'static str>)>,
}

struct Sim {
    seed: u64,
    server: Server,
    rng: Rng,
    model: Model,
    clients: Vec<ClientId>,
    now: u64,
    threshold: u64,
    step: usize,
    /// Every reply, in order, for the determinism check.
    transcript: Vec<u8>,
}

const COUNTERS: &[&str] = &["c1", "c2"];

impl Sim {
    fn new(seed: u64) -> Sim {
        let mut rng = Rng::new(seed);
        let threshold = *rng.pick(&[10, 40, 100]);
        let config = Config {
            busy_reply_threshold_ms: threshold,
            ..Config::default()
        };
        let host = Host {
            seed,
            ..Host::default()
        };
        let now = rng.below(1000);
        let mut server = Server::new(config, host, now);
        let clients = (0..rng.range(2, 4)).map(|_| server.connect(now)).collect();
        Sim {
            seed,
            server,
            rng,
            model: Model::new(seed),
            clients,
            now,
            threshold,
            step: 0,
            transcript: Vec::new(),
        }
    }

    fn output(&mut self, i: usize) -> Vec<u8> {
        while self.server.poll_event().is_some() {}
        let mut out = Vec::new();
        self.server.take_output(self.clients[i], &mut out);
        self.server.written(self.clients[i], out.len(), self.now);
        self.transcript.extend_from_slice(&out);
        out
    }

    fn send(&mut self, i: usize, args: &[&str]) -> Vec<u8> {
        self.server
            .receive(self.clients[i], &multibulk(args), self.now);
        self.output(i)
    }

    fn check(&self, what: &str, got: &[u8], expected: &[u8]) {
        assert_eq!(
            String::from_utf8_lossy(got),
            String::from_utf8_lossy(expected),
            "seed {} step {}: {what}",
            self.seed,
            self.step
        );
    }

    fn tick(&mut self) {
        if self.server.next_timeout().is_some_and(|at| at <= self.now) {
            self.server.handle_timeout(self.now);
        }
    }

    fn plain(&mut self) -> Vec<&'static str> {
        let key = |rng: &mut Rng| *rng.pick(&["c1", "c2", "j"]);
        match self.rng.below(10) {
            0..=3 => vec!["GET", key(&mut self.rng)],
            4..=5 => vec!["INCR", *self.rng.pick(COUNTERS)],
            6 => vec!["DEL", *self.rng.pick(&["c1", "c2", "j", "rl"])],
            7 => vec!["SCRIPT", "KILL"],
            _ => vec!["PING"],
        }
    }

    fn step(&mut self) {
        self.step += 1;
        match self.rng.below(100) {
            0..=14 => {
                self.now += *self.rng.pick(&[1, 5, 50, 99, 100, 300, 1000, 1500]);
                self.tick();
            }
            15..=19 => self.tick(),
            20..=44 => {
                let i = self.rng.below(self.clients.len() as u64) as usize;
                let args = if self.rng.chance(3) {
                    vec!["SCRIPT", "FLUSH"]
                } else {
                    self.plain()
                };
                let expected = self.model.command(&args, self.now, false);
                let got = self.send(i, &args);
                self.check(&format!("{args:?}"), &got, &expected);
            }
            _ => self.script(),
        }
        self.server.audit().expect("core invariants hold");
    }

    fn script(&mut self) {
        let i = self.rng.below(self.clients.len() as u64) as usize;
        let counter = *self.rng.pick(COUNTERS);
        let (body, keys, argv): (&str, Vec<&'static str>, Vec<String>) = match self.rng.below(100) {
            0..=24 => (
                INCR_EXPIRE,
                vec![counter],
                vec![self.rng.range(1, 2).to_string()],
            ),
            25..=44 => {
                self.model.member += 1;
                (
                    LIMITER,
                    vec!["rl"],
                    vec![self.now.to_string(), format!("m{}", self.model.member)],
                )
            }
            45..=54 => (FAIL_MIDWAY, vec![counter, "j"], vec![]),
            55..=69 => (PCALL, vec!["j"], vec![]),
            70..=84 => (RANDOM, vec![], vec![]),
            85..=89 => (LOOP, vec![], vec!["1000".into()]),
            90..=93 => (
                LOOP,
                vec![],
                vec![self.rng.pick(&["1500000", "3000000"]).to_string()],
            ),
            94..=96 => (WRITE_LOOP, vec![counter], vec!["1500000".into()]),
            _ => (ENDLESS, vec![counter], vec![]),
        };
        let by_sha = self.rng.chance(40);
        let named = if by_sha { sha1(body) } else { body.to_string() };
        let numkeys = keys.len().to_string();
        let mut args: Vec<&str> = vec![if by_sha { "EVALSHA" } else { "EVAL" }, &named, &numkeys];
        args.extend(keys.iter().copied());
        args.extend(argv.iter().map(String::as_str));
        let outcome = self.model.script(body, by_sha, &keys, &argv, self.now);
        let got = self.send(i, &args);
        match outcome {
            Outcome::Now(expected) => self.check(body, &got, &expected),
            Outcome::Long {
                reply,
                killable,
                sha,
            } => {
                self.check(&format!("{body}: runs past its first slice"), &got, b"");
                self.busy(Busy {
                    caller: i,
                    started: self.now,
                    reply,
                    killable,
                    killed: false,
                    sha,
                    held: Vec::new(),
                });
            }
        }
    }

    /// Drives the clock, slices and other clients until the running
    /// script ends (see the module documentation).
    fn busy(&mut self, mut busy: Busy) {
        for _ in 0..BUSY_STEP_LIMIT {
            self.step += 1;
            let over = self.now - busy.started >= self.threshold;
            match self.rng.below(100) {
                0..=39 => {
                    assert!(
                        self.server.next_timeout().is_some_and(|at| at <= self.now),
                        "seed {}: a running script asks to be woken at once",
                        self.seed
                    );
                    self.server.handle_timeout(self.now);
                    let got = self.output(busy.caller);
                    if !got.is_empty() {
                        let expected = if busy.killed {
                            format!(
                                "-ERR Script killed by user with SCRIPT KILL... script: {}, on @user_script:1.\r\n",
                                busy.sha
                            )
                            .into_bytes()
                        } else {
                            busy.reply.clone().unwrap_or_else(|| {
                                panic!(
                                    "seed {}: an endless script ended: {:?}",
                                    self.seed,
                                    String::from_utf8_lossy(&got)
                                )
                            })
                        };
                        self.check("the script's reply", &got, &expected);
                        // The held commands run now, after its effects.
                        for (j, args) in std::mem::take(&mut busy.held) {
                            let expected = self.model.command(&args, self.now, false);
                            let got = self.output(j);
                            self.check(
                                &format!("{args:?} held until the script ended"),
                                &got,
                                &expected,
                            );
                        }
                        return;
                    }
                    assert!(
                        !busy.killed,
                        "seed {}: a killed script ends at its next slice",
                        self.seed
                    );
                    let mut held = std::mem::take(&mut busy.held);
                    if !over {
                        busy.held = held;
                        for (j, _) in busy.held.clone() {
                            let got = self.output(j);
                            self.check("a command held by the script", &got, b"");
                        }
                    } else {
                        for (j, args) in held.drain(..) {
                            let expected = self.busy_reply(&mut busy, &args);
                            let got = self.output(j);
                            self.check(
                                &format!("{args:?} held past the threshold"),
                                &got,
                                &expected,
                            );
                        }
                    }
                }
                40..=69 => self.now += *self.rng.pick(&[0, 1, 3, 10, 30]),
                _ => {
                    let free: Vec<usize> = (0..self.clients.len())
                        .filter(|&j| j != busy.caller && busy.held.iter().all(|(h, _)| *h != j))
                        .collect();
                    if free.is_empty() {
                        continue;
                    }
                    let j = *self.rng.pick(&free);
                    let mut args = self.plain();
                    if over && !busy.killed && busy.reply.is_none() && self.rng.chance(50) {
                        args = vec!["SCRIPT", "KILL"];
                    }
                    if busy.killed && args == ["SCRIPT", "KILL"] {
                        args = vec!["PING"];
                    }
                    let got = self.send(j, &args);
                    if over {
                        let expected = self.busy_reply(&mut busy, &args);
                        self.check(&format!("{args:?} past the threshold"), &got, &expected);
                    } else {
                        self.check(&format!("{args:?} held"), &got, b"");
                        busy.held.push((j, args));
                    }
                }
            }
        }
        panic!("seed {}: the script never ended", self.seed);
    }

    /// A command's reply while a script runs past the threshold.
    fn busy_reply(&self, busy: &mut Busy, args: &[&str]) -> Vec<u8> {
        if args != ["SCRIPT", "KILL"] {
            return BUSY.to_vec();
        }
        if busy.killed {
            return b"+OK\r\n".to_vec();
        }
        if !busy.killable {
            return UNKILLABLE.to_vec();
        }
        busy.killed = true;
        b"+OK\r\n".to_vec()
    }
}

fn run(seed: u64, steps: usize) -> Vec<u8> {
    let mut sim = Sim::new(seed);
    while sim.step < steps {
        sim.step();
    }
    sim.transcript
}

/// The fixed seeds, and that they reach every corner the module
/// documentation promises (so the workload cannot silently stop covering
/// one).
#[test]
fn fixed_seeds() {
    let mut all = Vec::new();
    for seed in FIXED_SEEDS {
        all.extend(run(seed, DEFAULT_STEPS));
    }
    let text = String::from_utf8_lossy(&all);
    for corner in [
        "-BUSY ",
        "-UNKILLABLE ",
        "Script killed by user",
        "-NOTBUSY ",
        "-NOSCRIPT ",
        "-ERR value is not an integer or out of range script: ",
        "$43\r\nERR value is not an integer or out of range",
        ":1500000\r\n",
        ":3000000\r\n",
        "*2\r\n:0\r\n:3\r\n",
    ] {
        let count = text.matches(corner).count();
        eprintln!("{corner:?}: {count}");
        assert!(count > 0, "no {corner:?} in the fixed seeds' transcripts");
    }
}

#[test]
fn same_seed_same_transcript() {
    assert_eq!(run(7, DEFAULT_STEPS), run(7, DEFAULT_STEPS));
}

#[test]
fn replay() {
    let Ok(seed) = std::env::var("MINIREDIS_SCRIPT_SIM_SEED") else {
        return;
    };
    let seed: u64 = seed.trim().parse().expect("a u64 seed");
    let steps = std::env::var("MINIREDIS_SCRIPT_SIM_STEPS")
        .map(|s| s.trim().parse().expect("a number of steps"))
        .unwrap_or(DEFAULT_STEPS);
    run(seed, steps);
}
