//! Deterministic simulation of the core against a simple model.
//!
//! Several clients send random commands over a tiny key space; their byte
//! streams are cut at random boundaries and interleaved, a fake clock moves
//! in small steps, jumps, and lands exactly on deadlines, and ticks come at
//! random. Clients block on each other (blocking pops: who is served, who
//! times out, what a freed client then runs) and publish to each other's
//! subscriptions (`model_blocking.rs`, `model_pubsub.rs`). Every reply
//! byte, every client's, is compared with what the model
//! (`simulation/model.rs`) derives, and the core's own invariants
//! (`Server::audit`, key counts, wakeups, memory) are checked after every
//! step. A run is a pure function of its seed, so any failure replays with
//! the command printed in the panic message.
//!
//! - `fixed_seeds`: a fixed list of seeds, run on every `cargo test`;
//! - `replay`: the seed in `MINIREDIS_SIM_SEED` (steps in
//!   `MINIREDIS_SIM_STEPS`, a step-by-step trace on stderr with
//!   `MINIREDIS_SIM_TRACE=1`); does nothing when the variable is unset;
//! - `same_seed_same_transcript`: determinism of the whole run.

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

use std::collections::VecDeque;

use miniredis_core::{ClientId, Config, Event, EvictionPolicy, Host, Server};
use simulation::model::{self, ClientModel, Expected, Model};
use simulation::model_blocking::{is_blocking, Connections};
use simulation::model_multi;
use simulation::model_set;
use simulation::rng::Rng;
use simulation::workload;
use simulation::{workload_blocking, workload_pubsub};

/// Steps of one run unless `MINIREDIS_SIM_STEPS` says otherwise.
const DEFAULT_STEPS: usize = 300;

/// Seeds `fixed_seeds` runs: enough to cover the workload's corners in a
/// debug build well within a minute.
const FIXED_SEEDS: std::ops::Range<u64> = 0..2000;

/// Upper bound on ticks the convergence phase may need; every tick removes
/// all due keys (the key space is far below the tick budget), so one tick
/// per distinct deadline is plenty.
const CONVERGENCE_TICKS: usize = 1000;

/// Bytes as a readable, unambiguous string for failure messages.
fn escape(bytes: &[u8]) -> String {
    let mut text = String::new();
    for &b in bytes {
        match b {
            b'\r' => text.push_str("\\r"),
            b'\n' => text.push_str("\\n"),
            b'\\' => text.push_str("\\\\"),
            b'"' => text.push_str("\\\""),
            0x20..=0x7e => text.push(b as char),
            _ => text.push_str(&format!("\\x{b:02x}")),
        }
    }
    text
}

fn describe(args: &[Vec<u8>]) -> String {
    args.iter()
        .map(|a| format!("\"{}\"", escape(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// FNV-1a, folded over everything observable, for the determinism test.
struct Transcript(u64);

impl Transcript {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }

    fn add_u64(&mut self, value: u64) {
        self.add(&value.to_le_bytes());
    }
}

/// One simulated client: its id, what the model knows about it, the bytes
/// it has produced but not yet delivered, and the replies the model
/// expects for commands the core has run but whose output the simulation
/// has not taken yet (output is drained at random moments, not always
/// right after the input that produced it).
struct Client {
    id: ClientId,
    model: ClientModel,
    outbox: Vec<u8>,
    /// Commands in `outbox`, each with the offset just past its last byte.
    commands: VecDeque<(usize, Vec<Vec<u8>>)>,
    /// Expected replies not yet checked, in order, with their commands.
    expecting: VecDeque<(Expected, Vec<Vec<u8>>)>,
    /// A QUIT ran: the core must have announced a flushing close.
    quit: bool,
    /// In MULTI once every command of `outbox` has run (what the client
    /// sends next is chosen with it: EXEC more often, and no command with
    /// a random effect, whose outcome the model learns only outside EXEC).
    in_multi_after_outbox: bool,
}

impl Client {
    fn connect(server: &mut Server, now: u64) -> Client {
        let id = server.connect(now);
        Client {
            id,
            model: ClientModel::new(id.get()),
            outbox: Vec::new(),
            commands: VecDeque::new(),
            expecting: VecDeque::new(),
            quit: false,
            in_multi_after_outbox: false,
        }
    }
}

/// Checks that `actual` starts with the reply described by `expected`;
/// returns how many bytes it used, or what was expected instead.
fn match_reply(expected: &Expected, actual: &[u8]) -> Result<usize, Vec<u8>> {
    match expected {
        Expected::Exact(bytes) if actual.starts_with(bytes) => Ok(bytes.len()),
        Expected::Exact(bytes) => Err(bytes.clone()),
        Expected::Keys(reply) => reply.matches(actual),
        Expected::Sample(sample) => sample.matches(actual),
        Expected::Hash(shape) => shape.matches(actual),
        Expected::Set(shape) => shape.matches(actual),
        Expected::Array(items) => {
            let header = format!("*{}\r\n", items.len()).into_bytes();
            if !actual.starts_with(&header) {
                let mut shown = header;
                shown.extend_from_slice(b"<elements>");
                return Err(shown);
            }
            let mut pos = header.len();
            for (i, item) in items.iter().enumerate() {
                match match_reply(item, &actual[pos..]) {
                    Ok(used) => pos += used,
                    Err(expected) => {
                        let mut shown =
                            format!("<EXEC element {i} of {}:> ", items.len()).into_bytes();
                        shown.extend_from_slice(&expected);
                        return Err(shown);
                    }
                }
            }
            Ok(pos)
        }
        Expected::Unordered(frames) => frames.matches(actual),
        Expected::AnyInt => {
            let digits = actual
                .strip_prefix(b":")
                .map(|rest| {
                    let sign = rest.starts_with(b"-") as usize;
                    sign + rest[sign..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count()
                })
                .filter(|&n| n > 0)
                .ok_or(b":<integer>\r\n".to_vec())?;
            if actual[1 + digits..].starts_with(b"\r\n") {
                Ok(1 + digits + 2)
            } else {
                Err(b":<integer>\r\n".to_vec())
            }
        }
        Expected::Hello { resp3, id } => {
            let head: &[u8] = if *resp3 { b"%7\r\n" } else { b"*14\r\n" };
            let mut prefix = head.to_vec();
            for field in [&b"server"[..], b"redis", b"version"] {
                prefix.extend_from_slice(&model::bulk(field));
            }
            let mut suffix = Vec::new();
            suffix.extend_from_slice(&model::bulk(b"proto"));
            suffix.extend_from_slice(&model::int(if *resp3 { 3 } else { 2 }));
            suffix.extend_from_slice(&model::bulk(b"id"));
            suffix.extend_from_slice(&model::int(*id as i64));
            for field in [&b"mode"[..], b"standalone", b"role", b"master", b"modules"] {
                suffix.extend_from_slice(&model::bulk(field));
            }
            suffix.extend_from_slice(b"*0\r\n");
            let mut shown = prefix.clone();
            shown.extend_from_slice(b"$<len>\r\n<version>\r\n");
            shown.extend_from_slice(&suffix);
            // The version: any bulk string of digits and dots.
            let rest = actual.strip_prefix(&prefix[..]).ok_or(shown.clone())?;
            let rest_str = rest.strip_prefix(b"$").ok_or(shown.clone())?;
            let digits = rest_str.iter().take_while(|b| b.is_ascii_digit()).count();
            let len: usize = std::str::from_utf8(&rest_str[..digits])
                .ok()
                .and_then(|d| d.parse().ok())
                .ok_or(shown.clone())?;
            let body_start = 1 + digits + 2;
            let version = rest
                .get(body_start..body_start + len)
                .filter(|v| !v.is_empty() && v.iter().all(|b| b.is_ascii_digit() || *b == b'.'))
                .ok_or(shown.clone())?;
            let after = &rest[body_start + version.len()..];
            let after = after.strip_prefix(b"\r\n").ok_or(shown.clone())?;
            if !after.starts_with(&suffix) {
                return Err(shown);
            }
            Ok(actual.len() - after.len() + suffix.len())
        }
    }
}

/// One run of the simulation.
struct Sim {
    seed: u64,
    steps: usize,
    step: usize,
    rng: Rng,
    server: Server,
    model: Model,
    clients: Vec<Client>,
    /// The simulated time: calls normally pass this.
    clock: u64,
    /// The largest time passed to the core so far: the core's notion of
    /// now (a stale value passed in is treated as this), and so the time
    /// the model runs commands at.
    core_now: u64,
    /// The core's time at the last `handle_timeout` (at creation before
    /// the first): work left due is due again one millisecond after it.
    last_tick: u64,
    base: u64,
    transcript: Transcript,
    trace: bool,
    /// A run under a small `maxmemory`: commands are delivered one at a
    /// time and every step is reconciled with the core (see `reconcile`).
    evict: bool,
    /// The client the simulation itself uses to look at the core.
    observer: ClientId,
    /// Clients the core announced a flushing close for (after QUIT).
    closing: Vec<ClientId>,
    /// INFO's `evicted_keys` at the last reconciliation.
    evicted_seen: u64,
}

/// Parses an integer reply.
fn int_reply(reply: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(reply.strip_prefix(b":")?).ok()?;
    text.strip_suffix("\r\n")?.parse().ok()
}

impl Sim {
    fn new(seed: u64, steps: usize, trace: bool) -> Sim {
        let mut rng = Rng::new(seed);
        // A realistic Unix base, not a multiple of a second, so EXAT
        // deadlines fall between whole milliseconds of the clock's seconds.
        let base = 1_600_000_000_000 + rng.below(100_000_000_000);
        let clock = rng.below(1000);
        let evict = rng.chance(40);
        let mut config = Config::default();
        let host = Host {
            unix_time_at_zero_ms: base,
            seed,
            ..Host::default()
        };
        if evict {
            let limit = rng.pick(&workload::MAXMEMORY[..workload::MAXMEMORY.len() - 1]);
            config.maxmemory = miniredis_core::parse_memory(limit).expect("valid size");
            config.maxmemory_policy = *rng.pick(&EvictionPolicy::ALL);
            config.maxmemory_samples = rng.range(1, 10) as u32;
        }
        // Hash limits small enough that hashes turn into tables often.
        config.hash_max_listpack_entries = *rng.pick(&[0, 1, 2, 3, 4, 512]);
        config.hash_max_listpack_value = *rng.pick(&[0, 2, 4, 64]);
        let mut model = Model::new(
            base,
            config.maxmemory,
            config.maxmemory_policy,
            config.maxmemory_samples,
        );
        model.hash_limits = simulation::model_hash::HashLimits {
            max_entries: config.hash_max_listpack_entries,
            max_value: config.hash_max_listpack_value,
        };
        let mut server = Server::new(config, host, clock);
        let clients = (0..rng.range(1, 4))
            .map(|_| Client::connect(&mut server, clock))
            .collect();
        let observer = server.connect(clock);
        Sim {
            seed,
            steps,
            step: 0,
            rng,
            server,
            model,
            clients,
            clock,
            core_now: clock,
            last_tick: clock,
            base,
            transcript: Transcript(0xcbf2_9ce4_8422_2325),
            trace,
            evict,
            observer,
            closing: Vec::new(),
            evicted_seen: 0,
        }
    }

    fn fail(&self, client: Option<usize>, what: &str) -> ! {
        let steps = if self.steps == DEFAULT_STEPS {
            String::new()
        } else {
            format!("MINIREDIS_SIM_STEPS={} ", self.steps)
        };
        let client = client.map_or("-".to_string(), |c| c.to_string());
        let mode = if self.evict {
            format!(
                " (maxmemory {} {} samples {})",
                self.model.maxmemory, self.model.policy, self.model.samples
            )
        } else {
            String::new()
        };
        panic!(
            "simulation failed: seed {} step {} client {} now {}{mode}: {what}\n\
             replay: MINIREDIS_SIM_SEED={} {steps}cargo test -p miniredis-core --test simulation -- replay --nocapture",
            self.seed, self.step, client, self.core_now, self.seed
        );
    }

    fn log(&self, what: impl FnOnce() -> String) {
        if self.trace {
            eprintln!("[step {} clock {}] {}", self.step, self.clock, what());
        }
    }

    fn run(mut self) -> u64 {
        while self.step < self.steps {
            self.one_step();
            self.check_invariants();
            self.step += 1;
        }
        self.converge();
        self.transcript.0
    }

    fn one_step(&mut self) {
        match self.rng.weighted(&[60, 10, 3, 4, 6, 9, 1, 15]) {
            0 => self.deliver(),
            7 => {
                let i = self.rng.below(self.clients.len() as u64) as usize;
                self.drain_client(i);
            }
            1 => {
                let step = self.rng.below(4);
                self.advance(self.clock + step);
            }
            2 => {
                let jump = self.rng.below(3001);
                self.advance(self.clock + jump);
            }
            3 => {
                if let Some(at) = self.server.next_timeout() {
                    self.advance(at);
                }
            }
            4 => {
                // Land just before, on, or just after a deadline.
                let deadlines = self.model.deadlines(self.clock);
                if !deadlines.is_empty() {
                    let at = *self.rng.pick(&deadlines);
                    let at = at - 1 + self.rng.below(3);
                    self.advance(at.max(self.clock));
                    if self.rng.chance(30) {
                        self.tick();
                    }
                }
            }
            5 => {
                self.tick();
                if self.rng.chance(20) {
                    self.tick();
                }
            }
            6 => {
                let i = self.rng.below(self.clients.len() as u64) as usize;
                self.log(|| format!("client {i} reconnects"));
                // Sometimes it reads what is left first, sometimes it just
                // goes, leaving output unwritten.
                if self.rng.chance(50) {
                    self.drain_client(i);
                }
                self.reconnect(i);
            }
            _ => unreachable!("weights cover eight cases"),
        }
    }

    fn advance(&mut self, to: u64) {
        self.log(|| format!("clock -> {to}"));
        self.clock = self.clock.max(to);
        self.transcript.add_u64(self.clock);
    }

    /// A time value for a call: usually the clock, sometimes an older
    /// one than the core has seen, which it must treat as the latest it has
    /// seen (time never goes backwards inside the core).
    fn call_time(&mut self) -> u64 {
        let now = if self.rng.chance(10) {
            self.core_now.saturating_sub(self.rng.below(50))
        } else {
            self.clock
        };
        self.core_now = self.core_now.max(now);
        now
    }

    fn reconnect(&mut self, i: usize) {
        let now = self.call_time();
        let fresh = Client::connect(&mut self.server, now);
        let old = std::mem::replace(&mut self.clients[i], fresh);
        self.server.closed(old.id, now);
        self.model.disconnect(old.id.get());
        self.closing.retain(|id| *id != old.id);
        if self.server.is_connected(old.id) {
            self.fail(Some(i), "the core still knows a client reported closed");
        }
        self.drain_events();
    }

    /// Drains the core's event queue and checks each event: output only
    /// for connected clients, closes only (and always flushing) for a
    /// client that sent QUIT, never a shutdown.
    fn drain_events(&mut self) {
        while let Some(event) = self.server.poll_event() {
            self.log(|| format!("event {event:?}"));
            match event {
                Event::Output(id) => {
                    if !self.server.is_connected(id) {
                        self.fail(None, &format!("output announced for gone client {id:?}"));
                    }
                }
                Event::Close { client, flush } => {
                    let quit = self.clients.iter().any(|c| c.id == client && c.quit);
                    if !flush || !quit {
                        self.fail(
                            None,
                            &format!("close of {client:?} (flush {flush}) without a QUIT"),
                        );
                    }
                    self.closing.push(client);
                }
                Event::Shutdown => self.fail(None, "shutdown announced"),
                Event::Snapshot => {
                    // Written at once, as an adapter with a fast disk.
                    let mut bytes = Vec::new();
                    if let Some(chunk) = self.server.take_snapshot_bytes(&mut bytes) {
                        if chunk.last {
                            self.server
                                .snapshot_finished(chunk.id, Ok(()), self.core_now);
                        }
                    }
                }
            }
        }
    }

    /// Takes client `i`'s pending output, reports it written in one to
    /// three pieces, and checks it against the replies the model expects.
    fn drain_client(&mut self, i: usize) {
        let id = self.clients[i].id;
        let mut out = Vec::new();
        self.server.take_output(id, &mut out);
        let mut left = out.len();
        while left > 0 {
            let piece = if self.rng.chance(50) {
                left
            } else {
                1 + self.rng.below(left as u64) as usize
            };
            let now = self.call_time();
            self.server.written(id, piece, now);
            left -= piece;
        }
        if self.server.unwritten_output(id) != 0 {
            self.fail(
                Some(i),
                "output reported written is still counted unwritten",
            );
        }
        self.drain_events();
        self.log(|| format!("client {i} reads \"{}\"", escape(&out)));
        self.transcript.add(&out);
        let mut pos = 0;
        while let Some((expected, args)) = self.clients[i].expecting.pop_front() {
            match match_reply(&expected, &out[pos..]) {
                Ok(used) => pos += used,
                Err(expected) => self.fail(
                    Some(i),
                    &format!(
                        "command {}\n  expected: \"{}\"\n  actual:   \"{}\"",
                        describe(&args),
                        escape(&expected),
                        escape(&out[pos..])
                    ),
                ),
            }
        }
        if pos != out.len() {
            self.fail(
                Some(i),
                &format!("unexpected extra reply bytes \"{}\"", escape(&out[pos..])),
            );
        }
    }

    fn tick(&mut self) {
        let now = self.call_time();
        self.server.handle_timeout(now);
        let ran = self.model.time_out(
            &mut Conns {
                clients: &mut self.clients,
                server: &mut self.server,
                observer: self.observer,
                now: self.core_now,
            },
            self.core_now,
        );
        if ran.any {
            // Clients freed by their timeout ran commands after the expiry
            // cycle: sweep again what they left due.
            self.server.handle_timeout(now);
        }
        self.mark_quit(&ran.closed);
        self.last_tick = self.core_now;
        let next = self.server.next_timeout();
        self.drain_events();
        self.log(|| format!("tick({now}) -> {next:?}"));
        self.transcript.add_u64(next.unwrap_or(0));
        if next.is_some_and(|at| at <= self.core_now) {
            self.fail(None, &format!("tick returned {next:?}, not after now"));
        }
        // After a tick nothing due remains: the wakeup is exactly the
        // earliest deadline of a live key, and every stored key is live.
        let expected = self.model.next_deadline(self.core_now);
        if next != expected {
            self.fail(
                None,
                &format!("tick returned {next:?}, the earliest live deadline is {expected:?}"),
            );
        }
        let live = self.model.live_total(self.core_now);
        if self.server.key_count() != live {
            self.fail(
                None,
                &format!(
                    "after a tick key_count() is {}, the model has {live} live keys",
                    self.server.key_count()
                ),
            );
        }
        // The core holds no expired key now; neither does the model.
        self.model.prune(self.core_now);
        self.reconnect_closed(&ran.closed);
    }

    /// Sends the next piece of one client's byte stream and checks every
    /// reply it produces.
    fn deliver(&mut self) {
        let i = self.rng.below(self.clients.len() as u64) as usize;
        if self.evict && self.model.is_blocked(self.clients[i].id.get()) {
            // Under eviction a blocked client is sent nothing: its queued
            // commands would run inside another client's, between the
            // memory checks of one command.
            return;
        }
        if self.clients[i].outbox.is_empty() || self.rng.chance(30) {
            for _ in 0..self.rng.range(1, 4) {
                let unix_now = (self.base + self.clock) as i64;
                let in_multi = self.clients[i].in_multi_after_outbox;
                let args = loop {
                    if in_multi && self.rng.chance(12) {
                        let end = if self.rng.chance(80) {
                            "exec"
                        } else {
                            "discard"
                        };
                        break vec![workload::cased(&mut self.rng, end)];
                    }
                    let mut args = self.next_command(i, unix_now, in_multi);
                    let id = self.clients[i].id.get();
                    self.model
                        .keys
                        .steer(&mut self.rng, id, &mut args, self.evict);
                    if !(in_multi && model_set::random_write(&args)) {
                        break args;
                    }
                };
                // A transaction often watches keys first.
                let opens = model_multi::in_multi_after(in_multi, &args) && !in_multi;
                let watch = (opens && self.rng.chance(60)).then(|| {
                    let mut watch = vec![workload::cased(&mut self.rng, "watch")];
                    for _ in 0..self.rng.range(1, 3) {
                        watch.push(workload::key(&mut self.rng));
                    }
                    watch
                });
                for args in watch.into_iter().chain([args]) {
                    let bytes = workload::encode(&mut self.rng, &args);
                    let client = &mut self.clients[i];
                    client.in_multi_after_outbox =
                        model_multi::in_multi_after(client.in_multi_after_outbox, &args);
                    client.outbox.extend_from_slice(&bytes);
                    client.commands.push_back((client.outbox.len(), args));
                }
            }
        }
        let len = self.clients[i].outbox.len() as u64;
        let n = match self.rng.weighted(&[15, 25, 30, 30]) {
            0 => 1,
            1 => 1 + self.rng.below(8).min(len - 1),
            2 => 1 + self.rng.below(len),
            _ => len,
        } as usize;
        // Under eviction at most one command completes per call, so the
        // core's memory and keys can be looked at between any two commands.
        let n = match self.clients[i].commands.get(1) {
            Some((end, _)) if self.evict => n.min(end - 1),
            _ => n,
        };
        // A command with a random effect is the only one of its delivery,
        // so the model can learn its outcome before another command runs
        // (one freed by an earlier command of the delivery included).
        let n = match self.clients[i]
            .commands
            .iter()
            .position(|(_, args)| model_set::random_write(args))
        {
            Some(0) => n.min(self.clients[i].commands[0].0),
            Some(at) => n.min(self.clients[i].commands[at].0 - 1),
            None => n,
        };
        let now = self.call_time();
        let client = &mut self.clients[i];
        let input: Vec<u8> = client.outbox.drain(..n).collect();
        let mut done = Vec::new();
        while client.commands.front().is_some_and(|(end, _)| *end <= n) {
            done.push(client.commands.pop_front().expect("checked").1);
        }
        for (end, _) in client.commands.iter_mut() {
            *end -= n;
        }
        let limit = self.model.maxmemory as usize;
        let grows = done.iter().any(|args| model::grows_memory(&args[0]));
        let can_evict = self.model.policy != EvictionPolicy::NoEviction;
        if self.evict && grows && can_evict && limit > 0 && self.server.used_memory() > limit {
            // Over the limit, a write first evicts without sparing anything;
            // make that happen now (the model could not know the victims
            // before the write's own reply), or learn that nothing can go.
            self.probe();
        }
        let oom = self.evict && limit > 0 && self.server.used_memory() > limit;
        let id = self.clients[i].id;
        self.server.receive(id, &input, now);
        let (stored_after, used_after) = (self.server.key_count(), self.server.used_memory());
        self.log(|| format!("client {i} sends \"{}\" at {now}", escape(&input)));
        for args in &done {
            self.log(|| format!("client {i} completes {}", describe(args)));
        }
        let ran = self.model.receive(
            &mut Conns {
                clients: &mut self.clients,
                server: &mut self.server,
                observer: self.observer,
                now: self.core_now,
            },
            id.get(),
            done.clone(),
            self.core_now,
            oom,
        );
        let first_ok = matches!(&ran.first, Some(Expected::Exact(b)) if b == b"+OK\r\n");
        let closes = ran.closed.contains(&id.get());
        self.mark_quit(&ran.closed);
        if let Some((db, key)) = self.model.pending_pop() {
            self.settle_pop(i, db, &key);
        }
        self.drain_events();
        if closes != self.closing.contains(&id) {
            self.fail(
                Some(i),
                &format!("QUIT seen: {closes}, close announced: {}", !closes),
            );
        }
        if closes || self.rng.chance(50) {
            self.drain_client(i);
        }
        if self.evict && !done.is_empty() {
            let args = &done[0];
            let wrote = model::grows_memory(&args[0]) && !oom;
            // The key the write stores into, which eviction spares: the
            // first key, but COPY's destination.
            let at = if args[0].eq_ignore_ascii_case(b"copy") {
                2
            } else {
                1
            };
            let written = args
                .get(at)
                .filter(|_| wrote)
                .map(|key| (self.clients[i].model.db, key.clone()));
            // A successful CONFIG SET of maxmemory evicts at once (as Redis
            // does), sparing nothing.
            let reconfigured = first_ok
                && args[0].eq_ignore_ascii_case(b"config")
                && args.iter().any(|a| a.eq_ignore_ascii_case(b"maxmemory"));
            self.reconcile(stored_after, used_after, written, wrote || reconfigured);
        }
        if closes {
            self.reconnect(i);
        }
        self.reconnect_closed(&ran.closed);
    }

    /// Sends one command on the observer connection; returns the reply.
    fn observe(&mut self, args: &[&[u8]]) -> Vec<u8> {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.to_vec()).collect();
        let input = workload::multibulk(&args);
        let out = run_command(&mut self.server, self.observer, &input, self.core_now);
        self.transcript.add(&out);
        out
    }

    /// Tells the model what the SPOP just run left in the set (read on
    /// the observer connection), and expects exactly the rest as its reply.
    fn settle_pop(&mut self, i: usize, db: usize, key: &[u8]) {
        let selected = self.observe(&[b"SELECT", db.to_string().as_bytes()]);
        let reply = self.observe(&[b"SMEMBERS", key]);
        let kept = model_set::parse_members(&reply).unwrap_or_else(|| {
            self.fail(
                Some(i),
                &format!("observer SMEMBERS replied \"{}\"", escape(&reply)),
            )
        });
        if selected != b"+OK\r\n" {
            self.fail(None, "observer SELECT failed");
        }
        match self.model.settle_pop(kept, self.core_now) {
            Ok(shape) => {
                if let Some(last) = self.clients[i].expecting.back_mut() {
                    last.0 = Expected::Set(shape);
                }
            }
            Err(what) => self.fail(Some(i), &what),
        }
    }

    /// INFO stats' `evicted_keys`.
    fn evicted_keys(&mut self) -> u64 {
        let info = self.observe(&[b"INFO", b"stats"]);
        let text = String::from_utf8_lossy(&info);
        text.split("\r\n")
            .find_map(|line| line.strip_prefix("evicted_keys:"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| self.fail(None, &format!("no evicted_keys in INFO: {text}")))
    }

    /// A write that is sure to change nothing (a syntax error) but runs the
    /// core's check before writes: over the limit it evicts until under it,
    /// or is refused with -OOM, which only a policy that can free nothing
    /// may do.
    fn probe(&mut self) {
        let reply = self.observe(&[b"SET", b"probe:key", b"x", b"BOGUS"]);
        let (stored, used) = (self.server.key_count(), self.server.used_memory());
        let oom = reply == model::error(model::OOM);
        if !oom && reply != model::error(b"ERR syntax error") {
            self.fail(None, &format!("probe SET replied \"{}\"", escape(&reply)));
        }
        let policy = self.model.policy;
        if oom && !policy.volatile_only() {
            // (noeviction never gets here: its writes are simply refused.)
            self.fail(
                None,
                &format!("-OOM under {policy}, which can evict any key"),
            );
        }
        self.reconcile(stored, used, None, true);
        if oom && self.model.live_volatile(self.core_now, None) > 0 {
            self.fail(
                None,
                &format!("-OOM under {policy} with volatile keys left"),
            );
        }
    }

    /// Under eviction: finds which keys the core no longer holds and accepts
    /// each disappearance only as an eviction the policy allows, counted in
    /// INFO's `evicted_keys`. `stored` and `used` are `key_count()` and
    /// `used_memory()` right after the command, `written` the key a write
    /// just wrote (never its own victim), `grew` whether the command could
    /// grow memory (it must then end within the limit if anything else
    /// could still be evicted).
    ///
    /// Between steps the model holds exactly the keys the core stores
    /// (ticks remove every due key and this sweep lazily removes any that
    /// linger, and the model prunes the same), so during one command the
    /// core loses exactly the evicted keys: visible ones, seen by EXISTS,
    /// and expired ones, counted by `key_count()`.
    fn reconcile(
        &mut self,
        stored: usize,
        used: usize,
        written: Option<(usize, Vec<u8>)>,
        grew: bool,
    ) {
        let now = self.core_now;
        let held = self.model.stored_total();
        let expired = self.model.expired_total(now);
        // The written key is spared even when its deadline has already
        // passed (SET ... PXAT in the past): count it apart.
        let written_expired = written.as_ref().is_some_and(|(db, key)| {
            self.model
                .entries(now)
                .iter()
                .any(|(d, k, live, _)| d == db && k == key && !live)
        });
        let mut gone = Vec::new();
        let mut selected = None;
        for (db, key, live, volatile) in self.model.entries(now) {
            if selected != Some(db) {
                let reply = self.observe(&[b"SELECT", db.to_string().as_bytes()]);
                if reply != b"+OK\r\n" {
                    self.fail(
                        None,
                        &format!("observer SELECT {db}: \"{}\"", escape(&reply)),
                    );
                }
                selected = Some(db);
            }
            // EXISTS also removes the key if it lingers past its deadline.
            let reply = self.observe(&[b"EXISTS", &key]);
            match int_reply(&reply) {
                Some(1) if live => {}
                Some(0) if live => gone.push((db, key, volatile)),
                Some(0) => {}
                _ => self.fail(
                    None,
                    &format!(
                        "EXISTS \"{}\" in db {db} (visible in the model: {live}) replied \"{}\"",
                        escape(&key),
                        escape(&reply)
                    ),
                ),
            }
        }
        let evicted_expired = held as i64 - stored as i64 - gone.len() as i64;
        if evicted_expired < 0 || evicted_expired > expired as i64 {
            self.fail(
                None,
                &format!(
                    "the core stores {stored} keys; the model holds {held} ({expired} expired) \
                     and {} visible ones are gone",
                    gone.len()
                ),
            );
        }
        let evicted = self.evicted_keys();
        let delta = evicted as i64 - self.evicted_seen as i64;
        let policy = self.model.policy;
        let names = || {
            gone.iter()
                .map(|(db, key, _)| format!("{db}:\"{}\"", escape(key)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if delta != gone.len() as i64 + evicted_expired {
            self.fail(
                None,
                &format!(
                    "evicted_keys grew by {delta}, but {} visible keys [{}] and {evicted_expired} \
                     expired ones disappeared",
                    gone.len(),
                    names()
                ),
            );
        }
        if delta != 0 && (!grew || self.model.maxmemory == 0) {
            self.fail(
                None,
                &format!("{delta} keys evicted by a command that cannot grow memory, or without a limit: [{}]", names()),
            );
        }
        if policy == EvictionPolicy::NoEviction && delta != 0 {
            self.fail(
                None,
                &format!("{delta} keys evicted under noeviction: [{}]", names()),
            );
        }
        if policy.volatile_only() && gone.iter().any(|(_, _, volatile)| !volatile) {
            self.fail(
                None,
                &format!(
                    "a key without deadline evicted under {policy}: [{}]",
                    names()
                ),
            );
        }
        if let Some((db, key)) = &written {
            if gone.iter().any(|(d, k, _)| d == db && k == key) {
                self.fail(
                    None,
                    &format!(
                        "the key just written, {db}:\"{}\", was evicted",
                        escape(key)
                    ),
                );
            }
        }
        self.transcript.add_u64(evicted);
        self.evicted_seen = evicted;
        for (db, key, _) in &gone {
            self.log(|| format!("evicted {db}:\"{}\"", escape(key)));
            self.model.forget(*db, key);
        }
        self.model.prune(now);
        if self.server.key_count() != self.model.stored_total() {
            self.fail(
                None,
                &format!(
                    "after the sweep the core stores {} keys, the model {}",
                    self.server.key_count(),
                    self.model.stored_total()
                ),
            );
        }
        // A write ends within the limit unless nothing else may be evicted.
        let limit = self.model.maxmemory as usize;
        if grew && limit > 0 && used > limit {
            let spared = written.as_ref().map(|(db, key)| (*db, key.as_slice()));
            let written_held =
                written_expired || spared.is_some_and(|(db, key)| self.model.is_live(db, key, now));
            let lingering = expired as i64 - evicted_expired - written_expired as i64;
            let stuck = match policy {
                EvictionPolicy::NoEviction => true,
                p if p.volatile_only() => {
                    lingering == 0 && self.model.live_volatile(now, spared) == 0
                }
                _ => stored == 0 || (stored == 1 && written_held),
            };
            if !stuck {
                self.fail(
                    None,
                    &format!(
                        "used_memory() {used} > maxmemory {limit} after a write under {policy} \
                         with other keys still evictable ({stored} stored: {:?})",
                        self.model
                            .entries(now)
                            .iter()
                            .map(|(db, key, _, _)| format!("{db}:\"{}\"", escape(key)))
                            .collect::<Vec<_>>()
                    ),
                );
            }
        }
        // MEMORY USAGE charges each key exactly what used_memory() sums.
        let mut total = 0;
        let mut selected = None;
        for (db, key, _, _) in self.model.entries(now) {
            if selected != Some(db) {
                self.observe(&[b"SELECT", db.to_string().as_bytes()]);
                selected = Some(db);
            }
            let reply = self.observe(&[b"MEMORY", b"USAGE", &key]);
            match int_reply(&reply) {
                Some(n) if n > 0 => total += n as usize,
                _ => self.fail(
                    None,
                    &format!(
                        "MEMORY USAGE \"{}\" in db {db} replied \"{}\"",
                        escape(&key),
                        escape(&reply)
                    ),
                ),
            }
        }
        if total != self.server.used_memory() {
            self.fail(
                None,
                &format!(
                    "MEMORY USAGE of every key sums to {total}, used_memory() is {}",
                    self.server.used_memory()
                ),
            );
        }
    }

    /// Invariants that hold after every step, whatever it was.
    fn check_invariants(&self) {
        if let Err(e) = self.server.audit() {
            self.fail(None, &format!("audit failed: {e}"));
        }
        self.check_blocked();
        let config = self.server.config();
        let settings = (
            config.maxmemory,
            config.maxmemory_policy,
            config.maxmemory_samples,
            config.hash_max_listpack_entries,
            config.hash_max_listpack_value,
        );
        let modelled = (
            self.model.maxmemory,
            self.model.policy,
            self.model.samples,
            self.model.hash_limits.max_entries,
            self.model.hash_limits.max_value,
        );
        if settings != modelled {
            self.fail(
                None,
                &format!("core config {settings:?}, model {modelled:?}"),
            );
        }
        if self.evict && self.server.key_count() != self.model.stored_total() {
            self.fail(
                None,
                &format!(
                    "the core stores {} keys, the model {}",
                    self.server.key_count(),
                    self.model.stored_total()
                ),
            );
        }
        let keys = self.server.key_count();
        let live = self.model.live_total(self.core_now);
        // Expired keys may linger until touched or ticked, never the reverse.
        if keys < live {
            self.fail(
                None,
                &format!("key_count() {keys} is below the model's {live} live keys"),
            );
        }
        // Commands queued in MULTI count in used_memory() too.
        let keyspace_memory = self.server.used_memory() - self.server.queued_memory();
        if (keys == 0) != (keyspace_memory == 0) {
            self.fail(
                None,
                &format!(
                    "key_count() {keys} with used_memory() {} ({} of it queued commands)",
                    self.server.used_memory(),
                    self.server.queued_memory()
                ),
            );
        }
        // Between ticks the wakeup is never later than the earliest live
        // deadline and always after the last tick; with no live deadline
        // it can only be "last tick + 1" for a due key still stored.
        let wakeup = self.server.next_timeout();
        if wakeup.is_some_and(|at| at <= self.last_tick) {
            self.fail(
                None,
                &format!("next_timeout() {wakeup:?} is not after the last tick"),
            );
        }
        let ok = match (self.model.next_deadline(self.core_now), wakeup) {
            (Some(deadline), Some(at)) => at <= deadline.max(self.last_tick + 1),
            (Some(_), None) => false,
            (None, at) => at.is_none_or(|at| at <= self.core_now + 1),
        };
        if !ok {
            self.fail(
                None,
                &format!(
                    "next_timeout() {wakeup:?} but the earliest live deadline is {:?}",
                    self.model.next_deadline(self.core_now)
                ),
            );
        }
    }

    /// No more traffic: ticking at the requested wakeups must physically
    /// remove every expired key, then every volatile key as its time comes;
    /// FLUSHALL then leaves nothing at all.
    fn converge(&mut self) {
        self.step = self.steps;
        let mut ticks = 0;
        while self.server.key_count() != self.model.live_total(self.core_now) {
            let Some(at) = self.server.next_timeout() else {
                self.fail(None, "expired keys remain but no wakeup is requested");
            };
            self.advance(at);
            self.tick();
            ticks += 1;
            if ticks > CONVERGENCE_TICKS {
                self.fail(None, "expired keys still stored after the tick bound");
            }
        }
        while let Some(at) = self.server.next_timeout() {
            self.advance(at);
            self.tick();
            self.check_invariants();
            ticks += 1;
            if ticks > CONVERGENCE_TICKS {
                self.fail(None, "deadlines still pending after the tick bound");
            }
        }
        let live = self.model.live_total(self.core_now);
        if self.server.key_count() != live {
            self.fail(
                None,
                &format!("{} keys stored, {live} expected", self.server.key_count()),
            );
        }
        // Every client timed out (or waits forever) and read all it was
        // due.
        for i in 0..self.clients.len() {
            self.drain_client(i);
        }
        // The clients go, and their open transactions with them.
        for client in std::mem::take(&mut self.clients) {
            self.server.closed(client.id, self.core_now);
            self.model.disconnect(client.id.get());
        }
        if self.server.queued_memory() != 0 || !self.model.watches.is_empty() {
            self.fail(None, "transactions outlive their clients");
        }
        let client = Client::connect(&mut self.server, self.core_now);
        let mut input = workload::multibulk(&[b"FLUSHALL".to_vec()]);
        input.extend_from_slice(&workload::multibulk(&[b"DBSIZE".to_vec()]));
        let out = run_command(&mut self.server, client.id, &input, self.core_now);
        if out != b"+OK\r\n:0\r\n" {
            self.fail(
                None,
                &format!("FLUSHALL; DBSIZE replied \"{}\"", escape(&out)),
            );
        }
        self.server.closed(client.id, self.core_now);
        if self.server.key_count() != 0 || self.server.used_memory() != 0 {
            self.fail(
                None,
                &format!(
                    "after FLUSHALL: {} keys, used_memory() {}",
                    self.server.key_count(),
                    self.server.used_memory()
                ),
            );
        }
        if self.server.next_timeout().is_some() {
            self.fail(None, "a wakeup is requested after FLUSHALL");
        }
        if let Err(e) = self.server.audit() {
            self.fail(None, &format!("audit failed after FLUSHALL: {e}"));
        }
    }
}

/// The keys `args` writes: those the core's `COMMAND GETKEYSANDFLAGS`
/// flags RW, OW or RM, asked on the observer connection (none when it
/// answers an error: no keys, or a call the command would refuse).
fn written_keys(
    server: &mut Server,
    observer: ClientId,
    args: &[Vec<u8>],
    now: u64,
) -> Vec<Vec<u8>> {
    let mut call = vec![b"COMMAND".to_vec(), b"GETKEYSANDFLAGS".to_vec()];
    call.extend(args.iter().cloned());
    let reply = run_command(server, observer, &workload::multibulk(&call), now);
    let line = |pos: usize| -> Option<(&[u8], usize)> {
        let end = pos + reply.get(pos..)?.windows(2).position(|w| w == b"\r\n")?;
        Some((&reply[pos..end], end + 2))
    };
    let count = |text: &[u8]| -> Option<usize> { std::str::from_utf8(text).ok()?.parse().ok() };
    let mut keys = Vec::new();
    let parsed = (|| -> Option<()> {
        let (head, mut pos) = line(0)?;
        for _ in 0..count(head.strip_prefix(b"*")?)? {
            let (_, next) = line(pos)?; // *2
            let (len, start) = line(next)?;
            let len = count(len.strip_prefix(b"$")?)?;
            let key = reply.get(start..start + len)?.to_vec();
            let (flags_head, mut at) = line(start + len + 2)?;
            let mut writes = false;
            for _ in 0..count(flags_head.strip_prefix(b"*")?)? {
                let (flag, next) = line(at)?;
                writes |= matches!(flag, b"+RW" | b"+OW" | b"+RM");
                at = next;
            }
            if writes {
                keys.push(key);
            }
            pos = at;
        }
        Some(())
    })();
    if parsed.is_none() && !reply.starts_with(b"-") {
        panic!("COMMAND GETKEYSANDFLAGS replied \"{}\"", escape(&reply));
    }
    keys
}

// ---- several clients at once: blocking pops and Pub/Sub ------------------

/// The clients as the model's driver reaches them (model_blocking.rs),
/// and the core's observer connection, which tells which keys a call
/// writes (model_multi.rs).
struct Conns<'a> {
    clients: &'a mut [Client],
    server: &'a mut Server,
    observer: ClientId,
    now: u64,
}

impl Conns<'_> {
    fn find(&mut self, id: u64) -> &mut Client {
        self.clients
            .iter_mut()
            .find(|c| c.id.get() == id)
            .expect("the model names connected clients only")
    }
}

impl Connections for Conns<'_> {
    fn client(&mut self, id: u64) -> &mut ClientModel {
        &mut self.find(id).model
    }

    fn expect(&mut self, id: u64, expected: Expected, command: &[Vec<u8>]) {
        self.find(id)
            .expecting
            .push_back((expected, command.to_vec()));
    }

    fn written_keys(&mut self, args: &[Vec<u8>]) -> Vec<Vec<u8>> {
        written_keys(self.server, self.observer, args, self.now)
    }
}

/// Attempts at drawing a command the model can follow before giving up
/// for a PING.
const DRAWS: usize = 20;

impl Sim {
    /// The next command client `i` sends: mostly one of the workload's,
    /// sometimes a blocking pop or a Pub/Sub command; for a RESP2 client in
    /// subscribed mode, which may run little else, mostly a Pub/Sub
    /// command or a way out.
    /// Inside MULTI (`in_multi`) it sends no Pub/Sub command (kept out of
    /// transactions) and no SWAPDB (see `unfollowable`).
    fn next_command(&mut self, i: usize, unix_now: i64, in_multi: bool) -> Vec<Vec<u8>> {
        let id = self.clients[i].id.get();
        let ids: Vec<u64> = self.clients.iter().map(|c| c.id.get()).collect();
        let subscribed = !self.clients[i].model.resp3 && self.model.pubsub.is_subscribed(id);
        let weights = if in_multi {
            [78, 12, 0, 0]
        } else if subscribed {
            [20, 5, 45, 30]
        } else {
            [78, 12, 10, 0]
        };
        // Often a write for a client waiting in this client's database.
        let waited = self.model.blocking.waited_in(self.clients[i].model.db);
        if !waited.is_empty() && self.rng.chance(20) {
            let (key, list) = self.rng.pick(&waited).clone();
            return workload_blocking::feed(&mut self.rng, &key, list, self.evict);
        }
        for _ in 0..DRAWS {
            let args = match self.rng.weighted(&weights) {
                0 => workload::command(&mut self.rng, unix_now, self.evict),
                1 => workload_blocking::command(&mut self.rng, &ids, id, self.evict),
                2 => workload_pubsub::command(&mut self.rng, self.evict),
                _ => workload_pubsub::leave(&mut self.rng, self.model.pubsub.namespaces(id)),
            };
            if !self.unfollowable(i, &args, in_multi) {
                return args;
            }
        }
        vec![b"PING".to_vec()]
    }

    /// Whether the model could not follow `args` sent by client `i`: a
    /// command that disturbs blocked clients while clients block or may
    /// block (or a blocking pop while one is on its way), or a random
    /// write (SPOP) that could run inside another client's delivery
    /// (queued behind a blocking pop). Disturbing: SWAPDB, which makes
    /// many keys ready at once, served in the order of a hash table; and
    /// under eviction LMOVE and RPOPLPUSH, whose new destination the core
    /// may evict before its waiters are served (a known difference from
    /// Redis, see core/tests/blocking.rs).
    ///
    /// Inside MULTI a disturbing command is never sent: it would run at an
    /// EXEC, when a client may block meanwhile.
    fn unfollowable(&self, i: usize, args: &[Vec<u8>], in_multi: bool) -> bool {
        let named = |a: &[Vec<u8>], names: &[&str]| {
            names
                .iter()
                .any(|n| a[0].eq_ignore_ascii_case(n.as_bytes()))
        };
        let disturbs = |a: &[Vec<u8>]| {
            named(a, &["swapdb"]) || (self.evict && named(a, &["lmove", "rpoplpush"]))
        };
        let mut in_flight = self
            .clients
            .iter()
            .flat_map(|c| c.commands.iter().map(|(_, a)| a))
            .chain(self.model.blocking.queued());
        let anyone_blocked = self
            .clients
            .iter()
            .any(|c| self.model.is_blocked(c.id.get()));
        if disturbs(args) {
            return in_multi || anyone_blocked || in_flight.any(|a| is_blocking(a));
        }
        if is_blocking(args) {
            return in_flight.any(|a| disturbs(a));
        }
        if model_set::random_write(args) {
            let client = &self.clients[i];
            return self.model.is_blocked(client.id.get())
                || client.commands.iter().any(|(_, a)| is_blocking(a));
        }
        false
    }

    /// Clients whose QUIT ran: the core announces their close.
    fn mark_quit(&mut self, closed: &[u64]) {
        for client in &mut self.clients {
            if closed.contains(&client.id.get()) {
                client.quit = true;
            }
        }
    }

    /// Reads and replaces the clients whose queued QUIT ran while another
    /// client's input (or a tick) freed them. (A delivering client that
    /// sent QUIT is replaced by `deliver` first; its old id is gone.)
    fn reconnect_closed(&mut self, closed: &[u64]) {
        for &id in closed {
            let Some(j) = self.clients.iter().position(|c| c.id.get() == id) else {
                continue;
            };
            if !self.closing.contains(&self.clients[j].id) {
                self.fail(Some(j), "QUIT ran but no close was announced");
            }
            self.drain_client(j);
            self.reconnect(j);
        }
    }

    /// A blocked client is never lost: the core and the model agree on
    /// who is blocked after every step (served, timed out, unblocked or
    /// gone otherwise).
    fn check_blocked(&self) {
        for (i, client) in self.clients.iter().enumerate() {
            let core = self.server.is_blocked(client.id);
            let model = self.model.is_blocked(client.id.get());
            if core != model {
                self.fail(
                    Some(i),
                    &format!("the core says blocked: {core}, the model: {model}"),
                );
            }
        }
    }
}

/// Sends `input` from `client` and takes all its output at once.
fn run_command(server: &mut Server, client: ClientId, input: &[u8], now: u64) -> Vec<u8> {
    server.receive(client, input, now);
    let mut out = Vec::new();
    server.take_output(client, &mut out);
    server.written(client, out.len(), now);
    out
}

fn run(seed: u64, steps: usize, trace: bool) -> u64 {
    Sim::new(seed, steps, trace).run()
}

#[test]
fn fixed_seeds() {
    for seed in FIXED_SEEDS {
        run(seed, DEFAULT_STEPS, false);
    }
}

#[test]
fn replay() {
    let Ok(seed) = std::env::var("MINIREDIS_SIM_SEED") else {
        return;
    };
    let seed: u64 = seed.trim().parse().expect("MINIREDIS_SIM_SEED is a u64");
    let steps = std::env::var("MINIREDIS_SIM_STEPS")
        .map(|s| s.trim().parse().expect("MINIREDIS_SIM_STEPS is a number"))
        .unwrap_or(DEFAULT_STEPS);
    let trace = std::env::var("MINIREDIS_SIM_TRACE").is_ok_and(|v| v != "0");
    run(seed, steps, trace);
}

#[test]
fn same_seed_same_transcript() {
    for seed in [7, 1234, 987_654_321] {
        assert_eq!(
            run(seed, 1000, false),
            run(seed, 1000, false),
            "seed {seed} is not deterministic"
        );
    }
    assert_ne!(run(1, 300, false), run(2, 300, false));
}

/// Found by seed 10: Redis reads SELECT's index as a C int first, so an
/// index beyond i32 is a range error, not "DB index is out of range".
#[test]
fn select_beyond_i32_is_a_range_error() {
    let mut server = Server::new(Config::default(), Host::default(), 0);
    let client = server.connect(0);
    let out = run_command(
        &mut server,
        client,
        b"*2\r\n$6\r\nSELECT\r\n$10\r\n4294967296\r\n",
        0,
    );
    assert_eq!(
        escape(&out),
        escape(b"-ERR value is out of range, value must between -2147483648 and 2147483647\r\n")
    );
}
