//! The blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN,
//! BZPOPMAX, BZMPOP) and CLIENT UNBLOCK in the model, and the driver that
//! runs the clients' commands once clients can wait for each other, as
//! redis-server 7.0 runs them:
//!
//! - a blocking pop whose keys are all missing blocks its client, which
//!   then runs nothing more: what it sends is queued;
//! - after every command, each key it added (created, or replaced by
//!   RENAME or COPY, which delete and add; an overwrite by ZUNIONSTORE and
//!   friends does not count) that clients wait on is ready: its waiters
//!   are served from that key, first blocked first served, while it
//!   exists; a waiter for another type stays blocked; a served BLMOVE may
//!   add its destination, which is ready in turn;
//! - a served (or unblocked, or timed out) client runs its queued
//!   commands once the client whose command freed it has run all of its
//!   own, clients in the order they were freed;
//! - at a tick every client whose deadline has come reads the timeout
//!   reply, all of them first (in deadline order, then by id), and then
//!   they run their queued commands in that order;
//! - CLIENT UNBLOCK answers the blocked client at once, and it goes on as
//!   if served.
//!
//! Messages a command publishes reach their receivers right after it
//! (`model_pubsub.rs`). Replies and messages go to each client in the
//! order the driver produces them, through [`Connections`].

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::model::{
    bulk, eq, error, int, null_array, null_bulk, parse_int, wrong_arity, ClientModel, Entry,
    Expected, Model, Value,
};
use super::model_zset::g17;

/// A command's arguments.
pub type Args = Vec<Vec<u8>>;

const WRONGTYPE: &[u8] = b"WRONGTYPE Operation against a key holding the wrong kind of value";
const SYNTAX: &[u8] = b"ERR syntax error";
const NOT_INTEGER: &[u8] = b"ERR value is not an integer or out of range";
const NOT_FLOAT: &[u8] = b"ERR timeout is not a float or out of range";
const NEGATIVE: &[u8] = b"ERR timeout is negative";
const UNBLOCKED: &[u8] = b"UNBLOCKED client unblocked via CLIENT UNBLOCK";

/// Arity of the commands modelled here (CLIENT for its UNBLOCK).
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"blpop" | b"brpop" | b"bzpopmin" | b"bzpopmax" => -3,
        b"blmove" => 6,
        b"brpoplpush" => 4,
        b"blmpop" | b"bzmpop" => -5,
        b"client" => -2,
        _ => return None,
    })
}

/// Whether `args` is a blocking pop (for the workload's rules).
pub fn is_blocking(args: &[Vec<u8>]) -> bool {
    let name = args[0].to_ascii_lowercase();
    arity(&name).is_some() && name != b"client"
}

/// The simulation's clients, as the driver reaches them.
pub trait Connections {
    /// What the model knows about a connected client.
    fn client(&mut self, id: u64) -> &mut ClientModel;
    /// Appends what the client must read next (a reply or a message), with
    /// the command it belongs to (for failure messages).
    fn expect(&mut self, id: u64, expected: Expected, command: &[Vec<u8>]);
    /// The keys a call writes, as the core reports them (model_multi.rs).
    fn written_keys(&mut self, args: &[Vec<u8>]) -> Vec<Vec<u8>>;
}

/// What a blocked client waits to do.
#[derive(Clone, Debug)]
enum Kind {
    /// BLPOP / BRPOP: `[key, item]`.
    Pop { left: bool },
    /// BLMOVE / BRPOPLPUSH: the item, also pushed to `destination`.
    Move {
        destination: Vec<u8>,
        from_left: bool,
        to_left: bool,
    },
    /// BLMPOP: `[key, [items]]`.
    MPop { left: bool, count: u64 },
    /// BZPOPMIN / BZPOPMAX: `[key, member, score]`.
    ZPop { max: bool },
    /// BZMPOP: `[key, [[member, score] ...]]`.
    ZMPop { max: bool, count: u64 },
}

impl Kind {
    /// Whether it pops from a list (else from a sorted set).
    fn list(&self) -> bool {
        matches!(
            self,
            Kind::Pop { .. } | Kind::Move { .. } | Kind::MPop { .. }
        )
    }
}

/// One blocked client.
#[derive(Clone, Debug)]
struct Wait {
    db: usize,
    keys: Vec<Vec<u8>>,
    /// On the simulation's clock; `None`: until served.
    deadline: Option<u64>,
    kind: Kind,
    command: Args,
    /// When it blocked, as a count: waiters of a key are served in this
    /// order.
    since: u64,
}

/// The blocked clients and the commands clients sent that have not run.
#[derive(Debug, Default)]
pub struct BlockingModel {
    waits: BTreeMap<u64, Wait>,
    queued: BTreeMap<u64, VecDeque<Args>>,
    blocks: u64,
    /// The wait the command just run started (from `exec` to the driver).
    started: Option<Wait>,
    /// CLIENT UNBLOCK requests of the command just run: the client, and
    /// whether it reads the error (else the timeout reply).
    unblocks: Vec<(u64, bool)>,
    /// An EXEC is running its queue: a blocking pop answers at once.
    in_exec: bool,
    /// Waited-on keys the commands of the running EXEC added, in order:
    /// served once the whole EXEC has run (as Redis serves ready keys
    /// after the call that signalled them).
    signaled: VecDeque<(usize, Vec<u8>)>,
}

impl BlockingModel {
    /// Deadlines of blocked clients later than `now`.
    pub fn deadlines(&self, now: u64) -> impl Iterator<Item = u64> + '_ {
        self.waits
            .values()
            .filter_map(|w| w.deadline)
            .filter(move |&at| at > now)
    }

    /// Commands received and not run yet, every client's.
    pub fn queued(&self) -> impl Iterator<Item = &Args> {
        self.queued.values().flatten()
    }

    /// The keys blocked clients of `db` wait on, each with whether it is
    /// for a list (else a sorted set).
    pub fn waited_in(&self, db: usize) -> Vec<(Vec<u8>, bool)> {
        self.waits
            .values()
            .filter(|w| w.db == db)
            .flat_map(|w| w.keys.iter().map(|k| (k.clone(), w.kind.list())))
            .collect()
    }
}

/// What one call of the driver did.
#[derive(Debug, Default)]
pub struct Ran {
    /// The expected reply of the first command run (the delivering
    /// client's, if it was not blocked).
    pub first: Option<Expected>,
    /// Clients whose QUIT ran: the core closes them.
    pub closed: Vec<u64>,
    /// Whether any command ran.
    pub any: bool,
}

/// A double as Redis replies one.
fn double(value: f64, resp3: bool) -> Vec<u8> {
    if resp3 {
        format!(",{}\r\n", g17(value)).into_bytes()
    } else {
        bulk(g17(value).as_bytes())
    }
}

/// The milliseconds a timeout argument (seconds, a long double for Redis)
/// stands for, rounded up; 0 waits forever. Computed exactly from the
/// decimal text: the workload sends short decimals (and `inf`, `1e400`,
/// junk), whose rounding a long double does not change.
fn timeout_ms(arg: &[u8]) -> Result<u64, &'static [u8]> {
    let text = std::str::from_utf8(arg).map_err(|_| NOT_FLOAT)?;
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        // Infinite milliseconds do not fit a long long: negative.
        return Err(NEGATIVE);
    }
    let (mantissa, exponent) = match lower.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (lower.as_str(), None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return Err(NOT_FLOAT);
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if unsigned.is_empty() || !digits_only(unsigned) {
                return Err(NOT_FLOAT);
            }
            e.parse().map_err(|_| NOT_FLOAT)?
        }
    };
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0);
    }
    assert!(digits.len() <= 30, "the workload sends short timeouts");
    // value = digits * 10^(exponent - fraction digits); ms = value * 1000.
    let scale = exponent + 3 - fraction.len() as i64;
    let magnitude = digits.len() as i64 - 1 + exponent - fraction.len() as i64;
    if magnitude > 4932 {
        // Beyond a long double: strtold overflows.
        return Err(NOT_FLOAT);
    }
    let n: u128 = digits.parse().expect("digits");
    let ms = if scale >= 0 {
        if digits.len() as i64 + scale > 20 {
            return Err(NEGATIVE);
        }
        n * 10u128.pow(scale as u32)
    } else if -scale > 38 {
        // Below one millisecond.
        u128::from(!negative)
    } else {
        let unit = 10u128.pow((-scale) as u32);
        // Rounded up: towards zero for a negative value.
        if negative {
            n / unit
        } else {
            n.div_ceil(unit)
        }
    };
    if ms >= 1 << 63 || (negative && ms > 0) {
        return Err(NEGATIVE);
    }
    Ok(ms as u64)
}

fn deadline(arg: &[u8], now: u64) -> Result<Option<u64>, Vec<u8>> {
    match timeout_ms(arg) {
        Ok(0) => Ok(None),
        Ok(ms) => Ok(Some(now.saturating_add(ms))),
        Err(text) => Err(error(text)),
    }
}

/// LEFT (true) or RIGHT.
fn left(arg: &[u8]) -> Result<bool, Vec<u8>> {
    if eq(arg, "left") {
        Ok(true)
    } else if eq(arg, "right") {
        Ok(false)
    } else {
        Err(error(SYNTAX))
    }
}

fn side(left: bool) -> Vec<u8> {
    if left { &b"LEFT"[..] } else { b"RIGHT" }.to_vec()
}

/// A blocking command's arguments, read in Redis's order (BLMPOP and
/// BZMPOP read their timeout last): its kind, keys and deadline, or the
/// error reply.
fn parse(name: &str, args: &[Vec<u8>], now: u64) -> Result<(Kind, Args, Option<u64>), Vec<u8>> {
    match name {
        "blpop" | "brpop" | "bzpopmin" | "bzpopmax" => {
            let (timeout, keys) = args[1..].split_last().expect("arity checked");
            let at = deadline(timeout, now)?;
            let kind = match name {
                "blpop" => Kind::Pop { left: true },
                "brpop" => Kind::Pop { left: false },
                "bzpopmin" => Kind::ZPop { max: false },
                _ => Kind::ZPop { max: true },
            };
            Ok((kind, keys.to_vec(), at))
        }
        "blmove" | "brpoplpush" => {
            let (from_left, to_left, timeout) = if name == "blmove" {
                (left(&args[3])?, left(&args[4])?, &args[5])
            } else {
                (false, true, &args[3])
            };
            let at = deadline(timeout, now)?;
            let kind = Kind::Move {
                destination: args[2].clone(),
                from_left,
                to_left,
            };
            Ok((kind, vec![args[1].clone()], at))
        }
        _ => {
            let list = name == "blmpop";
            let numkeys = match parse_int(&args[2]) {
                Some(n) if n > 0 => n as u64,
                _ => return Err(error(b"ERR numkeys should be greater than 0")),
            };
            // timeout numkeys key... where: `where` follows the keys.
            let at_where = 3 + numkeys;
            if at_where >= args.len() as u64 {
                return Err(error(SYNTAX));
            }
            let at_where = at_where as usize;
            let end = &args[at_where];
            let first = if list {
                left(end)?
            } else if eq(end, "min") {
                false
            } else if eq(end, "max") {
                true
            } else {
                return Err(error(SYNTAX));
            };
            let mut count = None;
            let mut i = at_where + 1;
            while i < args.len() {
                if count.is_none() && eq(&args[i], "count") && i + 1 < args.len() {
                    match parse_int(&args[i + 1]) {
                        Some(n) if n > 0 => count = Some(n as u64),
                        _ => return Err(error(b"ERR count should be greater than 0")),
                    }
                    i += 2;
                } else {
                    return Err(error(SYNTAX));
                }
            }
            let count = count.unwrap_or(1);
            let at = deadline(&args[1], now)?;
            let kind = if list {
                Kind::MPop { left: first, count }
            } else {
                Kind::ZMPop { max: first, count }
            };
            Ok((kind, args[3..at_where].to_vec(), at))
        }
    }
}

impl Model {
    /// Runs a command [`arity`] knows (arity already checked). A pop that
    /// finds nothing starts a wait, which the driver files; it replies
    /// nothing for now.
    pub(super) fn blocking_exec(
        &mut self,
        client: &ClientModel,
        args: &[Vec<u8>],
        name: &str,
        now: u64,
    ) -> Vec<u8> {
        if name == "client" {
            return self.client_unblock(args);
        }
        let (kind, keys, deadline) = match parse(name, args, now) {
            Ok(parsed) => parsed,
            Err(reply) => return reply,
        };
        let db = client.db;
        for key in &keys {
            match self.entry(db, key, now).map(|e| e.value.type_name()) {
                None => continue,
                Some(t) if (t == "list" && kind.list()) || (t == "zset" && !kind.list()) => {
                    return self.take(db, client.resp3, &kind, key, now);
                }
                Some(_) => return error(WRONGTYPE),
            }
        }
        if self.blocking.in_exec {
            // Inside EXEC a pop that would block answers its timeout reply.
            return match kind {
                Kind::Move { .. } => null_bulk(client.resp3),
                _ => null_array(client.resp3),
            };
        }
        self.blocking.blocks += 1;
        self.blocking.started = Some(Wait {
            db,
            keys,
            deadline,
            kind,
            command: args.to_vec(),
            since: self.blocking.blocks,
        });
        Vec::new()
    }

    /// CLIENT UNBLOCK id [TIMEOUT|ERROR]: Redis reads the reason before
    /// the id.
    fn client_unblock(&mut self, args: &[Vec<u8>]) -> Vec<u8> {
        assert!(
            eq(&args[1], "unblock"),
            "the workload sends CLIENT UNBLOCK only"
        );
        if args.len() < 3 {
            return wrong_arity("client|unblock");
        }
        if args.len() > 4 {
            return error(
                format!(
                    "ERR unknown subcommand or wrong number of arguments for '{}'. Try CLIENT HELP.",
                    String::from_utf8_lossy(&args[1])
                )
                .as_bytes(),
            );
        }
        let with_error = match args.get(3) {
            None => false,
            Some(reason) if eq(reason, "timeout") => false,
            Some(reason) if eq(reason, "error") => true,
            Some(_) => return error(b"ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"),
        };
        let Some(id) = parse_int(&args[2]) else {
            return error(NOT_INTEGER);
        };
        match u64::try_from(id) {
            // (Twice in one EXEC: the first unblocked it.)
            Ok(id)
                if self.blocking.waits.contains_key(&id)
                    && !self.blocking.unblocks.iter().any(|&(u, _)| u == id) =>
            {
                self.blocking.unblocks.push((id, with_error));
                int(1)
            }
            _ => int(0),
        }
    }

    /// Pops for a blocking command from `key`, which holds the type it
    /// wants: its reply.
    fn take(&mut self, db: usize, resp3: bool, kind: &Kind, key: &[u8], now: u64) -> Vec<u8> {
        match kind {
            Kind::Pop { left } => {
                let Some(Entry {
                    value: Value::List(list),
                    ..
                }) = self.entry(db, key, now)
                else {
                    unreachable!("a list is there");
                };
                let item = if *left {
                    list.pop_front()
                } else {
                    list.pop_back()
                }
                .expect("stored lists are never empty");
                self.drop_if_empty(db, key);
                let mut out = b"*2\r\n".to_vec();
                out.extend(bulk(key));
                out.extend(bulk(&item));
                out
            }
            Kind::Move {
                destination,
                from_left,
                to_left,
            } => {
                let args = [
                    b"lmove".to_vec(),
                    key.to_vec(),
                    destination.clone(),
                    side(*from_left),
                    side(*to_left),
                ];
                self.list_command(db, resp3, &args, "lmove", now)
            }
            Kind::MPop { left, count } => {
                let args = [
                    b"lmpop".to_vec(),
                    b"1".to_vec(),
                    key.to_vec(),
                    side(*left),
                    b"COUNT".to_vec(),
                    count.to_string().into_bytes(),
                ];
                self.list_command(db, resp3, &args, "lmpop", now)
            }
            Kind::ZPop { max } => {
                let Some(Entry {
                    value: Value::ZSet(z),
                    ..
                }) = self.entry(db, key, now)
                else {
                    unreachable!("a sorted set is there");
                };
                // Redis's order: score, then member.
                let mut items: Vec<(Vec<u8>, f64)> =
                    z.iter().map(|(m, s)| (m.clone(), *s)).collect();
                items.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap().then_with(|| a.0.cmp(&b.0)));
                let (member, score) = if *max {
                    items.pop()
                } else {
                    items.into_iter().next()
                }
                .expect("stored sorted sets are never empty");
                z.remove(&member);
                self.drop_if_empty(db, key);
                let mut out = b"*3\r\n".to_vec();
                out.extend(bulk(key));
                out.extend(bulk(&member));
                out.extend(double(score, resp3));
                out
            }
            Kind::ZMPop { max, count } => {
                let args = [
                    b"zmpop".to_vec(),
                    b"1".to_vec(),
                    key.to_vec(),
                    if *max { &b"MAX"[..] } else { b"MIN" }.to_vec(),
                    b"COUNT".to_vec(),
                    count.to_string().into_bytes(),
                ];
                let mut client = ClientModel::new(0);
                client.db = db;
                client.resp3 = resp3;
                match self.zset_exec(&client, &args, now).expected {
                    Expected::Exact(reply) => reply,
                    other => unreachable!("ZMPOP's reply is exact: {other:?}"),
                }
            }
        }
    }

    /// Whether the client is blocked.
    pub fn is_blocked(&self, id: u64) -> bool {
        self.blocking.waits.contains_key(&id)
    }

    /// A client is gone: its wait, its queued commands and its
    /// subscriptions with it.
    pub fn disconnect(&mut self, id: u64) {
        self.blocking.waits.remove(&id);
        self.blocking.queued.remove(&id);
        self.pubsub.forget(id);
        self.forget_client(id);
    }

    /// Whether the command just run started a wait.
    pub(super) fn wait_started(&self) -> bool {
        self.blocking.started.is_some()
    }

    /// An EXEC starts (`true`) or ends running its queue.
    pub(super) fn set_in_exec(&mut self, on: bool) {
        self.blocking.in_exec = on;
    }

    /// Files the waited-on keys (of `before`) a command inside EXEC added,
    /// to be served once the EXEC is over.
    pub(super) fn signal_added(
        &mut self,
        before: &[((usize, Vec<u8>), bool)],
        args: &[Vec<u8>],
        db: usize,
        reply: &Expected,
        now: u64,
    ) {
        for slot in self.added(before, args, db, reply, now) {
            if !self.blocking.signaled.contains(&slot) {
                self.blocking.signaled.push_back(slot);
            }
        }
    }

    /// A client sent `commands` (complete ones, in order): they run, with
    /// everything they set off, unless the client is blocked (then they
    /// wait). `oom`: commands that grow memory are refused.
    pub fn receive(
        &mut self,
        conns: &mut dyn Connections,
        id: u64,
        commands: Vec<Args>,
        now: u64,
        oom: bool,
    ) -> Ran {
        self.blocking.queued.entry(id).or_default().extend(commands);
        let mut ran = Ran::default();
        self.run_clients(conns, VecDeque::from([id]), now, oom, &mut ran);
        ran
    }

    /// A tick at `now`: every blocked client whose deadline has come reads
    /// the timeout reply, then they run what they sent meanwhile.
    pub fn time_out(&mut self, conns: &mut dyn Connections, now: u64) -> Ran {
        let mut due: Vec<(u64, u64)> = self
            .blocking
            .waits
            .iter()
            .filter_map(|(&id, w)| w.deadline.filter(|&at| at <= now).map(|at| (at, id)))
            .collect();
        due.sort_unstable();
        let mut freed = VecDeque::new();
        for (_, id) in due {
            let wait = self.blocking.waits.remove(&id).expect("listed above");
            let resp3 = conns.client(id).resp3;
            conns.expect(id, Expected::Exact(null_array(resp3)), &wait.command);
            freed.push_back(id);
        }
        let mut ran = Ran::default();
        self.run_clients(conns, freed, now, false, &mut ran);
        ran
    }

    /// Runs the queued commands of each client in `runnable`, in turn,
    /// until it blocks or has none left; clients freed meanwhile join the
    /// end of the line.
    fn run_clients(
        &mut self,
        conns: &mut dyn Connections,
        mut runnable: VecDeque<u64>,
        now: u64,
        oom: bool,
        ran: &mut Ran,
    ) {
        while let Some(id) = runnable.pop_front() {
            while !self.is_blocked(id) {
                let Some(args) = self
                    .blocking
                    .queued
                    .get_mut(&id)
                    .and_then(VecDeque::pop_front)
                else {
                    break;
                };
                self.run_command(conns, id, &args, now, oom, &mut runnable, ran);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn run_command(
        &mut self,
        conns: &mut dyn Connections,
        id: u64,
        args: &[Vec<u8>],
        now: u64,
        oom: bool,
        runnable: &mut VecDeque<u64>,
        ran: &mut Ran,
    ) {
        let before = self.waited_keys(now);
        // A copy of the client's model, so the key oracle can reach the
        // connections meanwhile.
        let mut client = conns.client(id).clone();
        let db = client.db;
        let executed = {
            let mut keys = |a: &[Vec<u8>]| conns.written_keys(a);
            self.exec(&mut client, args, now, oom, &mut keys)
        };
        *conns.client(id) = client;
        // A publisher subscribed itself reads its messages first.
        for (target, message) in std::mem::take(&mut self.pubsub.outbox) {
            let resp3 = conns.client(target).resp3;
            conns.expect(target, message.expected(resp3), args);
        }
        if !ran.any {
            ran.first = Some(executed.expected.clone());
            ran.any = true;
        }
        match self.blocking.started.take() {
            Some(wait) => {
                self.blocking.waits.insert(id, wait);
            }
            None => conns.expect(id, executed.expected.clone(), args),
        }
        for (target, with_error) in std::mem::take(&mut self.blocking.unblocks) {
            let wait = self
                .blocking
                .waits
                .remove(&target)
                .expect("CLIENT UNBLOCK checked it waits");
            let reply = if with_error {
                error(UNBLOCKED)
            } else {
                null_array(conns.client(target).resp3)
            };
            conns.expect(target, Expected::Exact(reply), &wait.command);
            runnable.push_back(target);
        }
        if executed.closes {
            ran.closed.push(id);
            self.disconnect(id);
        }
        // Keys an EXEC's commands added come first, in the order they
        // were added.
        let mut ready = std::mem::take(&mut self.blocking.signaled);
        for slot in self.added(&before, args, db, &executed.expected, now) {
            if !ready.contains(&slot) {
                ready.push_back(slot);
            }
        }
        self.serve(conns, ready, now, runnable);
    }

    /// Every key some client waits on, with whether it exists at `now`.
    pub(super) fn waited_keys(&self, now: u64) -> Vec<((usize, Vec<u8>), bool)> {
        let slots: BTreeSet<(usize, Vec<u8>)> = self
            .blocking
            .waits
            .values()
            .flat_map(|w| w.keys.iter().map(move |k| (w.db, k.clone())))
            .collect();
        slots
            .into_iter()
            .map(|(db, key)| {
                let exists = self.is_live(db, &key, now);
                ((db, key), exists)
            })
            .collect()
    }

    /// The waited-on keys (of `before`) a command added: those that exist
    /// now and did not before, and the one RENAME or COPY replaced.
    /// `args` ran in `db` and was answered `reply` (empty `args` for a
    /// served pop).
    fn added(
        &self,
        before: &[((usize, Vec<u8>), bool)],
        args: &[Vec<u8>],
        db: usize,
        reply: &Expected,
        now: u64,
    ) -> VecDeque<(usize, Vec<u8>)> {
        let answered = |bytes: &[u8]| matches!(reply, Expected::Exact(r) if r == bytes);
        let replaced = match args.first() {
            Some(name) if eq(name, "rename") || eq(name, "renamenx") => {
                let done = answered(b"+OK\r\n") || answered(b":1\r\n");
                (done && args[1] != args[2]).then(|| (db, args[2].clone()))
            }
            Some(name) if eq(name, "copy") && answered(b":1\r\n") => {
                let mut target = db;
                for pair in args[3..].windows(2) {
                    if eq(&pair[0], "db") {
                        target = parse_int(&pair[1]).expect("COPY succeeded") as usize;
                    }
                }
                Some((target, args[2].clone()))
            }
            _ => None,
        };
        before
            .iter()
            .filter(|(slot, existed)| {
                self.is_live(slot.0, &slot.1, now) && (!existed || replaced.as_ref() == Some(slot))
            })
            .map(|(slot, _)| slot.clone())
            .collect()
    }

    /// Serves the waiters of each ready key, first blocked first, from
    /// that key while it exists; keys a served pop adds are ready next.
    fn serve(
        &mut self,
        conns: &mut dyn Connections,
        mut ready: VecDeque<(usize, Vec<u8>)>,
        now: u64,
        runnable: &mut VecDeque<u64>,
    ) {
        while let Some((db, key)) = ready.pop_front() {
            let mut waiters: Vec<(u64, u64)> = self
                .blocking
                .waits
                .iter()
                .filter(|(_, w)| w.db == db && w.keys.contains(&key))
                .map(|(&id, w)| (w.since, id))
                .collect();
            waiters.sort_unstable();
            for (_, id) in waiters {
                let list = match self.entry(db, &key, now).map(|e| e.value.type_name()) {
                    Some("list") => true,
                    Some("zset") => false,
                    _ => break,
                };
                if self.blocking.waits[&id].kind.list() != list {
                    continue;
                }
                let wait = self.blocking.waits.remove(&id).expect("listed above");
                let before = self.waited_keys(now);
                let resp3 = conns.client(id).resp3;
                let reply = self.take(db, resp3, &wait.kind, &key, now);
                // The pop writes its key (and a move its destination):
                // clients watching them are dirty (model_multi.rs).
                self.touch(db, &key);
                if let Kind::Move { destination, .. } = &wait.kind {
                    self.touch(db, destination);
                }
                // A pop may delete the key: scans being followed learn it
                // (a push may add it again before the next command runs).
                self.observe_scans(now);
                conns.expect(id, Expected::Exact(reply), &wait.command);
                runnable.push_back(id);
                for slot in self.added(&before, &[], db, &Expected::AnyInt, now) {
                    if !ready.contains(&slot) {
                        ready.push_back(slot);
                    }
                }
            }
        }
    }
}

#[test]
fn timeouts_round_up_to_milliseconds_as_redis() {
    let cases: &[(&str, Result<u64, &[u8]>)] = &[
        ("0", Ok(0)),
        ("0.0", Ok(0)),
        ("-0", Ok(0)),
        ("-0.0001", Ok(0)),
        ("0.0001", Ok(1)),
        ("0.0195", Ok(20)),
        ("1", Ok(1000)),
        ("+1.5", Ok(1500)),
        (".5", Ok(500)),
        ("5.", Ok(5000)),
        ("1e-2", Ok(10)),
        ("2E0", Ok(2000)),
        ("-1", Err(NEGATIVE)),
        ("-0.5", Err(NEGATIVE)),
        ("inf", Err(NEGATIVE)),
        ("-Infinity", Err(NEGATIVE)),
        ("1e400", Err(NEGATIVE)),
        ("1e5000", Err(NOT_FLOAT)),
        ("nan", Err(NOT_FLOAT)),
        ("abc", Err(NOT_FLOAT)),
        ("", Err(NOT_FLOAT)),
        (" 1", Err(NOT_FLOAT)),
        ("1e", Err(NOT_FLOAT)),
        (".", Err(NOT_FLOAT)),
    ];
    for (text, expected) in cases {
        assert_eq!(timeout_ms(text.as_bytes()), *expected, "{text}");
    }
}
