//! The reference model: the keyspace as plain ordered maps, and the exact
//! reply bytes redis-server 7 gives for each command, derived from the
//! model alone.
//!
//! It is deliberately naive (no expiry index, no memory account, no lazy or
//! active expiry): a key is visible iff it has no deadline or its deadline is
//! later than `now`. Anything cleverer in the core has to agree with it.
//! `BTreeMap` keeps every iteration order deterministic.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use miniredis_core::EvictionPolicy;

use super::model_hash::{self, HashLimits, HashShape, HashValue};
use super::model_set::{self, PendingPop, Shape};

/// Databases SELECT can address in the core.
pub const DATABASES: usize = 16;

pub const WRONGTYPE: &[u8] = b"WRONGTYPE Operation against a key holding the wrong kind of value";
pub const NOT_INTEGER: &[u8] = b"ERR value is not an integer or out of range";
pub const SYNTAX: &[u8] = b"ERR syntax error";
pub const OOM: &[u8] = b"OOM command not allowed when used memory > 'maxmemory'.";

#[derive(Clone, Debug)]
pub enum Value {
    Str(Vec<u8>),
    List(VecDeque<Vec<u8>>),
    Set(BTreeSet<Vec<u8>>),
    Hash(HashValue),
    ZSet(super::model_zset::ZSet),
    Stream(super::model_streams::StreamValue),
}

impl Value {
    /// Whether the value is an empty collection (which Redis never keeps).
    pub fn is_empty_collection(&self) -> bool {
        match self {
            Value::Str(_) => false,
            Value::List(list) => list.is_empty(),
            Value::Hash(hash) => hash.pairs.is_empty(),
            Value::Set(set) => set.is_empty(),
            Value::ZSet(zset) => zset.is_empty(),
            // Redis keeps an empty stream (XDEL, XTRIM MAXLEN 0).
            Value::Stream(_) => false,
        }
    }

    /// What TYPE answers for the value.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
            Value::Set(_) => "set",
            Value::ZSet(_) => "zset",
            Value::Stream(_) => "stream",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub value: Value,
    /// Deadline on the caller's clock (ms); the key is gone at `deadline`.
    pub deadline: Option<u64>,
}

impl Entry {
    fn visible(&self, now: u64) -> bool {
        self.deadline.is_none_or(|at| at > now)
    }
}

/// What the model knows about one connection.
#[derive(Clone, Debug)]
pub struct ClientModel {
    pub id: u64,
    pub db: usize,
    pub resp3: bool,
    /// Between MULTI and EXEC / DISCARD (model_multi.rs).
    pub tx: Option<super::model_multi::TxModel>,
}

impl ClientModel {
    pub fn new(id: u64) -> ClientModel {
        ClientModel {
            id,
            db: 0,
            resp3: false,
            tx: None,
        }
    }
}

/// The reply a command must produce.
#[derive(Clone, Debug)]
pub enum Expected {
    Exact(Vec<u8>),
    /// HELLO's map; every field is known except the version string, which
    /// belongs to the core, so it is checked for shape only.
    Hello {
        resp3: bool,
        id: u64,
    },
    /// Any integer reply: a number only the core knows (MEMORY USAGE).
    AnyInt,
    /// KEYS, RANDOMKEY, SCAN: checked as sets (see model_keys.rs).
    Keys(super::model_keys::KeysReply),
    /// A random or scanned sorted-set reply, checked for shape and
    /// membership (ZRANDMEMBER, ZSCAN).
    Sample(super::model_zset::Sample),
    /// A random or positional hash reply, checked by shape and membership.
    Hash(HashShape),
    /// Members in an order or choice only the core knows (model_set.rs).
    Set(Shape),
    /// An array of replies (EXEC's), each element as described.
    Array(Vec<Expected>),
    /// Pub/Sub frames in an order only the core knows (model_pubsub.rs).
    Unordered(super::model_pubsub::Unordered),
}

/// Result of running one command on the model.
pub struct Executed {
    pub expected: Expected,
    /// The connection closes after this reply (QUIT).
    pub closes: bool,
}

pub struct Model {
    pub dbs: Vec<BTreeMap<Vec<u8>, Entry>>,
    /// The keyspace commands' state (scans being followed).
    pub keys: super::model_keys::KeysModel,
    /// A SPOP whose outcome the simulation has yet to report.
    pub(super) pending_pop: Option<PendingPop>,
    /// `Config::unix_time_at_zero_ms`, as a signed value for the arithmetic.
    base: i64,
    /// The eviction settings CONFIG SET has left in force.
    pub maxmemory: u64,
    pub policy: EvictionPolicy,
    pub samples: u32,
    /// `hash-max-listpack-entries` / `-value` in force.
    pub hash_limits: HashLimits,
    /// WATCH, by client id (model_multi.rs).
    pub watches: BTreeMap<u64, super::model_multi::WatchModel>,
    /// Blocked clients and queued commands (model_blocking.rs).
    pub blocking: super::model_blocking::BlockingModel,
    /// Subscriptions and published messages (model_pubsub.rs).
    pub pubsub: super::model_pubsub::PubSubModel,
}

/// Commands that may grow memory: refused with -OOM while used memory is
/// over `maxmemory` and the policy can free nothing.
pub fn grows_memory(name: &[u8]) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_slice(),
        b"set" | b"setex" | b"psetex" | b"lpush" | b"rpush"
            // model_strings.rs
            | b"setnx" | b"getset" | b"mset" | b"msetnx" | b"append" | b"setrange"
            | b"incr" | b"decr" | b"incrby" | b"decrby" | b"setbit"
            // model_keys.rs
            | b"copy"
            // model_zset.rs
            | b"zadd" | b"zincrby" | b"zunionstore" | b"zinterstore" | b"zdiffstore"
            | b"zrangestore"
            // model_lists.rs
            | b"lpushx" | b"rpushx" | b"linsert" | b"lset" | b"lmove" | b"rpoplpush"
            // model_set.rs
            | b"sadd" | b"sinterstore" | b"sunionstore" | b"sdiffstore"
            // model_streams.rs
            | b"xadd"
            // model_blocking.rs
            | b"blmove" | b"brpoplpush"
    ) || model_hash::grows_memory(&name)
}

/// The CONFIG SET error for a parameter.
fn config_set_failed(param: &str, reason: &str) -> Vec<u8> {
    error(
        format!("ERR CONFIG SET failed (possibly related to argument '{param}') - {reason}")
            .as_bytes(),
    )
}

/// A memory size as CONFIG SET reads it: digits and an optional unit.
fn parse_memory(arg: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(arg).ok()?.to_ascii_lowercase();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let mul: u64 = match unit {
        "" | "b" => 1,
        "k" => 1000,
        "kb" => 1024,
        "m" => 1_000_000,
        "mb" => 1 << 20,
        "g" => 1_000_000_000,
        "gb" => 1 << 30,
        _ => return None,
    };
    digits.parse::<u64>().ok()?.checked_mul(mul)
}

/// Arity as Redis declares it: N exactly, -N at least N (name included).
pub(super) fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"get" | b"echo" | b"select" | b"persist" | b"ttl" | b"pttl" | b"type" => 2,
        b"expiretime" | b"pexpiretime" => 2,
        b"set" | b"expire" | b"pexpire" | b"lpush" | b"rpush" => -3,
        b"expireat" | b"pexpireat" => -3,
        b"setex" | b"psetex" => 4,
        b"del" | b"exists" | b"lpop" | b"rpop" => -2,
        b"memory" | b"config" => -2,
        b"dbsize" | b"time" => 1,
        b"flushdb" | b"flushall" | b"ping" | b"hello" | b"quit" => -1,
        _ => {
            return super::model_strings::arity(name)
                .or_else(|| super::model_keys::arity(name))
                .or_else(|| super::model_zset::arity(name))
                .or_else(|| super::model_lists::arity(name))
                .or_else(|| model_hash::arity(name))
                .or_else(|| model_set::arity(name))
                .or_else(|| super::model_multi::arity(name))
                .or_else(|| super::model_streams::arity(name))
                .or_else(|| super::model_blocking::arity(name))
                .or_else(|| super::model_pubsub::arity(name))
        }
    })
}

/// Integer argument parsing with the rules of Redis's string2ll: optional
/// `-`, digits only, no leading zero (except "0" itself), no "-0", fits i64.
pub fn parse_int(arg: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(arg).ok()?;
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.starts_with('0') && text != "0" {
        return None;
    }
    text.parse().ok()
}

// ---- reply encoding -------------------------------------------------------

pub fn simple(text: &str) -> Vec<u8> {
    format!("+{text}\r\n").into_bytes()
}

pub fn error(text: &[u8]) -> Vec<u8> {
    let mut out = vec![b'-'];
    // Redis never lets client bytes break the framing of an error line.
    out.extend(text.iter().map(|&b| match b {
        b'\r' | b'\n' => b' ',
        b => b,
    }));
    out.extend_from_slice(b"\r\n");
    out
}

pub fn int(value: i64) -> Vec<u8> {
    format!(":{value}\r\n").into_bytes()
}

pub fn bulk(value: &[u8]) -> Vec<u8> {
    let mut out = format!("${}\r\n", value.len()).into_bytes();
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
    out
}

pub fn null_bulk(resp3: bool) -> Vec<u8> {
    if resp3 {
        b"_\r\n".to_vec()
    } else {
        b"$-1\r\n".to_vec()
    }
}

pub fn null_array(resp3: bool) -> Vec<u8> {
    if resp3 {
        b"_\r\n".to_vec()
    } else {
        b"*-1\r\n".to_vec()
    }
}

pub fn bulk_array(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", items.len()).into_bytes();
    for item in items {
        out.extend_from_slice(&bulk(item));
    }
    out
}

fn invalid_expire(command: &str) -> Vec<u8> {
    error(format!("ERR invalid expire time in '{command}' command").as_bytes())
}

pub fn wrong_arity(name: &str) -> Vec<u8> {
    error(format!("ERR wrong number of arguments for '{name}' command").as_bytes())
}

/// The bytes C's `printf("%.*s", precision, text)` prints: `text` is a C
/// string, so it ends at its first NUL, and at most `precision` bytes of it
/// are printed.
fn printf_str(text: &[u8], precision: usize) -> &[u8] {
    let c_string = text.split(|&b| b == 0).next().unwrap_or_default();
    &c_string[..c_string.len().min(precision)]
}

/// Redis 7.0's message for an unknown command, spelled as its
/// `commandCheckExistence` builds it with `sdscatprintf`:
///
/// ```c
/// for (i=1; i < c->argc && sdslen(args) < 128; i++)
///     args = sdscatprintf(args, "'%.*s' ", 128-(int)sdslen(args), (char*)c->argv[i]->ptr);
/// ... "unknown command '%.128s', with args beginning with: %s", (char*)c->argv[0]->ptr, args
/// ```
///
/// That is: the name as a C string cut to 128 bytes; then, while the list
/// built so far is under 128 bytes, the next argument quoted and followed
/// by a space, itself cut to the room left (128 minus the list's length;
/// quotes and space do not count against it) and ending at a NUL. Line ends
/// become spaces in [`error`], as `sdsmapchars` does.
pub(super) fn unknown_command(args: &[Vec<u8>]) -> Vec<u8> {
    const LIMIT: usize = 128;
    let mut listed: Vec<u8> = Vec::new();
    for arg in args.iter().skip(1) {
        if listed.len() >= LIMIT {
            break;
        }
        let precision = LIMIT - listed.len();
        listed.extend(b"'".iter().chain(printf_str(arg, precision)).chain(b"' "));
    }
    let mut text = b"ERR unknown command '".to_vec();
    text.extend_from_slice(printf_str(&args[0], LIMIT));
    text.extend_from_slice(b"', with args beginning with: ");
    text.extend_from_slice(&listed);
    error(&text)
}

pub fn eq(arg: &[u8], word: &str) -> bool {
    arg.eq_ignore_ascii_case(word.as_bytes())
}

// ---- the model ------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SetExpire {
    Ex,
    Px,
    ExAt,
    PxAt,
}

impl Model {
    pub fn new(
        unix_time_at_zero_ms: u64,
        maxmemory: u64,
        policy: EvictionPolicy,
        samples: u32,
    ) -> Model {
        Model {
            dbs: vec![BTreeMap::new(); DATABASES],
            keys: Default::default(),
            pending_pop: None,
            base: unix_time_at_zero_ms as i64,
            maxmemory,
            policy,
            samples,
            hash_limits: HashLimits {
                max_entries: 512,
                max_value: 64,
            },
            watches: BTreeMap::new(),
            blocking: Default::default(),
            pubsub: Default::default(),
        }
    }

    /// Entries the model holds, visible or not: after `prune` (or once
    /// the core has been swept), exactly the keys the core stores.
    pub fn stored_total(&self) -> usize {
        self.dbs.iter().map(BTreeMap::len).sum()
    }

    /// Entries whose deadline has passed but that nothing has removed yet.
    pub fn expired_total(&self, now: u64) -> usize {
        self.stored_total() - self.live_total(now)
    }

    /// Every held entry as (db, key, visible at `now`, has a deadline).
    pub fn entries(&self, now: u64) -> Vec<(usize, Vec<u8>, bool, bool)> {
        let mut all = Vec::new();
        for (db, map) in self.dbs.iter().enumerate() {
            for (key, entry) in map {
                all.push((
                    db,
                    key.clone(),
                    entry.visible(now),
                    entry.deadline.is_some(),
                ));
            }
        }
        all
    }

    /// Whether `key` is visible in `db` at `now` (no lazy removal).
    pub fn is_live(&self, db: usize, key: &[u8], now: u64) -> bool {
        self.dbs[db].get(key).is_some_and(|e| e.visible(now))
    }

    /// Visible keys with a deadline, other than `except`.
    pub fn live_volatile(&self, now: u64, except: Option<(usize, &[u8])>) -> usize {
        let mut count = 0;
        for (db, map) in self.dbs.iter().enumerate() {
            for (key, entry) in map {
                let spared = except.is_some_and(|(d, k)| d == db && k == key.as_slice());
                if entry.visible(now) && entry.deadline.is_some() && !spared {
                    count += 1;
                }
            }
        }
        count
    }

    /// Drops a key the core evicted.
    pub fn forget(&mut self, db: usize, key: &[u8]) {
        self.dbs[db].remove(key);
    }

    /// Drops every entry whose deadline has passed (once the core is known
    /// to have removed them all: after a tick, or a sweep).
    pub fn prune(&mut self, now: u64) {
        for map in &mut self.dbs {
            map.retain(|_, e| e.visible(now));
        }
    }

    /// Keys visible in `db` at `now` (what DBSIZE must say).
    pub fn live_count(&self, db: usize, now: u64) -> usize {
        self.dbs[db].values().filter(|e| e.visible(now)).count()
    }

    pub fn live_total(&self, now: u64) -> usize {
        (0..DATABASES).map(|db| self.live_count(db, now)).sum()
    }

    /// Every future deadline of a visible key or a blocked client, in
    /// ascending order.
    pub fn deadlines(&self, now: u64) -> Vec<u64> {
        let mut all: Vec<u64> = self
            .dbs
            .iter()
            .flat_map(|db| db.values().filter_map(|e| e.deadline))
            .filter(|&at| at > now)
            .chain(self.blocking.deadlines(now))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The earliest future deadline: what the core must ask to be woken at
    /// once a tick has removed everything already due.
    pub fn next_deadline(&self, now: u64) -> Option<u64> {
        self.deadlines(now).first().copied()
    }

    /// Stores an entry (a new key: callers looked it up first).
    pub fn insert(&mut self, db: usize, key: Vec<u8>, entry: Entry) {
        self.dbs[db].insert(key, entry);
    }

    /// Removes a key (an emptied collection).
    pub fn remove(&mut self, db: usize, key: &[u8]) {
        self.dbs[db].remove(key);
    }

    /// The visible entry, forgetting it if its deadline has passed.
    /// Deletes the key if a command left it an empty collection.
    pub fn drop_if_empty(&mut self, db: usize, key: &[u8]) {
        if self.dbs[db]
            .get(key)
            .is_some_and(|e| e.value.is_empty_collection())
        {
            self.dbs[db].remove(key);
        }
    }

    pub fn entry(&mut self, db: usize, key: &[u8], now: u64) -> Option<&mut Entry> {
        let map = &mut self.dbs[db];
        if map.get(key).is_some_and(|e| !e.visible(now)) {
            map.remove(key);
        }
        map.get_mut(key)
    }

    /// Runs one command at `now`, outside MULTI (model_multi.rs decides
    /// that), and returns the reply it must produce. `oom`: used memory is
    /// over `maxmemory` and the policy can free nothing, so commands that
    /// grow memory are refused. (A blocking pop that blocks replies
    /// nothing yet; the driver in model_blocking.rs runs commands through
    /// [`Model::exec`], which comes here.)
    pub(super) fn exec_command(
        &mut self,
        client: &mut ClientModel,
        args: &[Vec<u8>],
        now: u64,
        oom: bool,
    ) -> Executed {
        let exact = |bytes: Vec<u8>| Executed {
            expected: Expected::Exact(bytes),
            closes: false,
        };
        self.observe_scans(now);
        let name = args[0].to_ascii_lowercase();
        let Some(arity) = arity(&name) else {
            return exact(unknown_command(args));
        };
        let name = String::from_utf8(name).expect("known names are ASCII");
        let arity_ok = if arity >= 0 {
            args.len() == arity as usize
        } else {
            args.len() >= arity.unsigned_abs() as usize
        };
        if !arity_ok {
            return exact(wrong_arity(&name));
        }
        if oom && grows_memory(name.as_bytes()) {
            return exact(error(OOM));
        }
        let resp3 = client.resp3;
        let db = client.db;
        let reply = match name.as_str() {
            "ping" => match args.len() {
                1 => simple("PONG"),
                2 => bulk(&args[1]),
                _ => wrong_arity("ping"),
            },
            "echo" => bulk(&args[1]),
            "quit" => {
                return Executed {
                    expected: Expected::Exact(simple("OK")),
                    closes: true,
                }
            }
            "hello" => return self.hello(client, args),
            "select" => self.select(client, &args[1]),
            "get" => match self.entry(db, &args[1], now) {
                None => null_bulk(resp3),
                Some(Entry {
                    value: Value::Str(v),
                    ..
                }) => bulk(v),
                Some(_) => error(WRONGTYPE),
            },
            "set" => self.set(client, args, now),
            "setex" => self.set_with_ttl(client, args, SetExpire::Ex, "setex", now),
            "psetex" => self.set_with_ttl(client, args, SetExpire::Px, "psetex", now),
            "del" => {
                let mut removed = 0;
                for key in &args[1..] {
                    if self.entry(db, key, now).is_some() {
                        self.dbs[db].remove(key);
                        removed += 1;
                    }
                }
                int(removed)
            }
            "exists" => {
                let mut found = 0;
                for key in &args[1..] {
                    found += self.entry(db, key, now).is_some() as i64;
                }
                int(found)
            }
            "expire" => self.expire(client, args, 1000, true, "expire", now),
            "pexpire" => self.expire(client, args, 1, true, "pexpire", now),
            "expireat" => self.expire(client, args, 1000, false, "expireat", now),
            "pexpireat" => self.expire(client, args, 1, false, "pexpireat", now),
            "expiretime" | "pexpiretime" => {
                let base = self.base;
                match self.entry(db, &args[1], now) {
                    None => int(-2),
                    Some(Entry { deadline: None, .. }) => int(-1),
                    Some(Entry {
                        deadline: Some(at), ..
                    }) => {
                        let unix = *at as i64 + base;
                        if name == "pexpiretime" {
                            int(unix)
                        } else if unix > i64::MAX - 500 {
                            // Rounding would overflow a signed 64-bit value.
                            return Executed {
                                expected: Expected::AnyInt,
                                closes: false,
                            };
                        } else {
                            int((unix + 500) / 1000)
                        }
                    }
                }
            }
            "time" => {
                let unix = self.base as u64 + now;
                bulk_array(&[
                    (unix / 1000).to_string().into_bytes(),
                    ((unix % 1000) * 1000).to_string().into_bytes(),
                ])
            }
            "memory" => {
                if !eq(&args[1], "usage") {
                    unreachable!("the workload sends MEMORY USAGE only");
                }
                if args.len() < 3 {
                    wrong_arity("memory|usage")
                } else {
                    // Option pairs in order: SAMPLES may repeat; the first
                    // bad one decides the error.
                    let options_ok = args[3..]
                        .chunks(2)
                        .map(|pair| match pair {
                            [token, count] if eq(token, "samples") => match parse_int(count) {
                                None => Err(error(NOT_INTEGER)),
                                Some(n) if n < 0 => Err(error(SYNTAX)),
                                Some(_) => Ok(()),
                            },
                            _ => Err(error(SYNTAX)),
                        })
                        .find(|r| r.is_err())
                        .unwrap_or(Ok(()));
                    match options_ok {
                        Err(reply) => reply,
                        Ok(()) => match self.entry(db, &args[2], now) {
                            None => null_bulk(resp3),
                            Some(_) => {
                                return Executed {
                                    expected: Expected::AnyInt,
                                    closes: false,
                                }
                            }
                        },
                    }
                }
            }
            "config" => self.config_set(args),
            "persist" => match self.entry(db, &args[1], now) {
                Some(e) if e.deadline.is_some() => {
                    e.deadline = None;
                    int(1)
                }
                _ => int(0),
            },
            "ttl" | "pttl" => match self.entry(db, &args[1], now) {
                None => int(-2),
                Some(Entry { deadline: None, .. }) => int(-1),
                Some(Entry {
                    deadline: Some(at), ..
                }) => {
                    let remaining = (*at - now) as i64;
                    int(if name == "pttl" {
                        remaining
                    } else {
                        (remaining + 500) / 1000
                    })
                }
            },
            "type" => simple(
                self.entry(db, &args[1], now)
                    .map_or("none", |e| e.value.type_name()),
            ),
            "dbsize" => int(self.live_count(db, now) as i64),
            "flushdb" | "flushall" => {
                let mode_ok = args.len() == 1
                    || (args.len() == 2 && (eq(&args[1], "sync") || eq(&args[1], "async")));
                if !mode_ok {
                    error(SYNTAX)
                } else {
                    if name == "flushdb" {
                        self.dbs[db].clear();
                    } else {
                        self.dbs.iter_mut().for_each(BTreeMap::clear);
                    }
                    simple("OK")
                }
            }
            "lpush" | "rpush" => self.push(client, args, name == "lpush", now),
            "lpop" | "rpop" => self.pop(client, args, &name, now),
            other if super::model_blocking::arity(other.as_bytes()).is_some() => {
                self.blocking_exec(client, args, other, now)
            }
            other if super::model_pubsub::arity(other.as_bytes()).is_some() => {
                return Executed {
                    expected: self.pubsub_exec(client, args, other),
                    closes: false,
                }
            }
            set if model_set::arity(set.as_bytes()).is_some() => {
                match self.exec_set(db, resp3, set, args, now) {
                    Ok(reply) => reply,
                    Err(shape) => {
                        return Executed {
                            expected: Expected::Set(shape),
                            closes: false,
                        }
                    }
                }
            }
            other if model_hash::arity(other.as_bytes()).is_some() => {
                return Executed {
                    expected: model_hash::exec(self, client, other, args, now),
                    closes: false,
                }
            }
            list if super::model_lists::arity(list.as_bytes()).is_some() => {
                self.list_command(db, resp3, args, list, now)
            }
            stream if super::model_streams::arity(stream.as_bytes()).is_some() => {
                self.stream_command(db, resp3, args, stream, now)
            }
            _ if super::model_zset::arity(name.as_bytes()).is_some() => {
                return self.zset_exec(client, args, now)
            }
            other => match self.exec_string(client, args, other, now) {
                Some(reply) => reply,
                None => return self.exec_keys(client, args, other, now),
            },
        };
        exact(reply)
    }

    /// CONFIG SET of the eviction parameters: all pairs or none.
    fn config_set(&mut self, args: &[Vec<u8>]) -> Vec<u8> {
        assert!(eq(&args[1], "set"), "the workload sends CONFIG SET only");
        if args.len() < 4 {
            return wrong_arity("config|set");
        }
        if !args.len().is_multiple_of(2) {
            return error(SYNTAX);
        }
        let (mut maxmemory, mut policy, mut samples) = (self.maxmemory, self.policy, self.samples);
        let mut hash_limits = self.hash_limits;
        let mut seen: Vec<String> = Vec::new();
        for pair in args[2..].chunks_exact(2) {
            let (param, value) = (&pair[0], &pair[1]);
            let name = String::from_utf8_lossy(param).to_ascii_lowercase();
            if seen.contains(&name) {
                // Named as the client wrote it.
                return config_set_failed(&String::from_utf8_lossy(param), "duplicate parameter");
            }
            seen.push(name.clone());
            if eq(param, "hash-max-listpack-entries") || eq(param, "hash-max-ziplist-entries") {
                match parse_int(value) {
                    Some(n) if n >= 0 => hash_limits.max_entries = n as u64,
                    Some(_) => {
                        return config_set_failed(
                            &name,
                            "argument must be between 0 and 9223372036854775807 inclusive",
                        )
                    }
                    None => {
                        return config_set_failed(
                            &name,
                            "argument couldn't be parsed into an integer",
                        )
                    }
                }
            } else if eq(param, "hash-max-listpack-value") || eq(param, "hash-max-ziplist-value") {
                match parse_memory(value) {
                    Some(n) if n <= i64::MAX as u64 => hash_limits.max_value = n,
                    Some(_) => {
                        return config_set_failed(
                            &name,
                            "argument must be between 0 and 9223372036854775807 inclusive",
                        )
                    }
                    None => return config_set_failed(&name, "argument must be a memory value"),
                }
            } else if eq(param, "maxmemory") {
                match parse_memory(value) {
                    Some(v) => maxmemory = v,
                    None => {
                        return config_set_failed("maxmemory", "argument must be a memory value")
                    }
                }
            } else if eq(param, "maxmemory-policy") {
                let found = EvictionPolicy::ALL
                    .iter()
                    .find(|p| eq(value, p.name()))
                    .copied();
                match found {
                    Some(p) => policy = p,
                    None => {
                        return config_set_failed(
                            "maxmemory-policy",
                            "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
                        )
                    }
                }
            } else if eq(param, "maxmemory-samples") {
                match parse_int(value) {
                    Some(n) if (1..=64).contains(&n) => samples = n as u32,
                    _ => unreachable!("the workload sends valid sample counts"),
                }
            } else {
                unreachable!("the workload sets eviction and hash parameters only");
            }
        }
        self.hash_limits = hash_limits;
        self.maxmemory = maxmemory;
        self.policy = policy;
        self.samples = samples;
        simple("OK")
    }

    fn hello(&mut self, client: &mut ClientModel, args: &[Vec<u8>]) -> Executed {
        if let Some(version) = args.get(1) {
            let reply = match parse_int(version) {
                None => Some(error(
                    b"ERR Protocol version is not an integer or out of range",
                )),
                Some(2) => {
                    client.resp3 = false;
                    None
                }
                Some(3) => {
                    client.resp3 = true;
                    None
                }
                Some(_) => Some(error(b"NOPROTO unsupported protocol version")),
            };
            if let Some(reply) = reply {
                return Executed {
                    expected: Expected::Exact(reply),
                    closes: false,
                };
            }
        }
        assert!(args.len() <= 2, "the workload sends HELLO without options");
        Executed {
            expected: Expected::Hello {
                resp3: client.resp3,
                id: client.id,
            },
            closes: false,
        }
    }

    fn select(&mut self, client: &mut ClientModel, index: &[u8]) -> Vec<u8> {
        match parse_int(index) {
            None => error(NOT_INTEGER),
            // SELECT reads an int: anything outside i32 fails that range
            // check before the database index is looked at.
            Some(i) if i < i32::MIN as i64 || i > i32::MAX as i64 => {
                error(b"ERR value is out of range, value must between -2147483648 and 2147483647")
            }
            Some(i) if i < 0 || i >= DATABASES as i64 => error(b"ERR DB index is out of range"),
            Some(i) => {
                client.db = i as usize;
                simple("OK")
            }
        }
    }

    /// Validates an expire argument of SET/SETEX/PSETEX and turns it into a
    /// deadline on the caller's clock (`Err` holds the error reply).
    pub(super) fn set_deadline(
        &self,
        form: SetExpire,
        arg: &[u8],
        command: &str,
        now: u64,
    ) -> Result<u64, Vec<u8>> {
        let amount = parse_int(arg).ok_or_else(|| error(NOT_INTEGER))?;
        let seconds = matches!(form, SetExpire::Ex | SetExpire::ExAt);
        if amount <= 0 || (seconds && amount > i64::MAX / 1000) {
            return Err(invalid_expire(command));
        }
        let ms = if seconds { amount * 1000 } else { amount };
        let unix = match form {
            SetExpire::Ex | SetExpire::Px => ms.checked_add(self.base + now as i64),
            SetExpire::ExAt | SetExpire::PxAt => Some(ms),
        }
        .ok_or_else(|| invalid_expire(command))?;
        // A deadline before the clock's zero is simply in the past.
        Ok((unix - self.base).max(0) as u64)
    }

    fn set(&mut self, client: &mut ClientModel, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let (mut nx, mut xx, mut get, mut keep_ttl) = (false, false, false, false);
        let mut expire: Option<(SetExpire, &[u8])> = None;
        let mut i = 3;
        while i < args.len() {
            let opt = &args[i];
            let next = args.get(i + 1);
            let form = [
                ("ex", SetExpire::Ex),
                ("px", SetExpire::Px),
                ("exat", SetExpire::ExAt),
                ("pxat", SetExpire::PxAt),
            ]
            .into_iter()
            .find(|(word, _)| eq(opt, word))
            .map(|(_, form)| form);
            if eq(opt, "nx") && !xx {
                nx = true;
            } else if eq(opt, "xx") && !nx {
                xx = true;
            } else if eq(opt, "get") {
                get = true;
            } else if eq(opt, "keepttl") && expire.is_none() {
                keep_ttl = true;
            } else if let (Some(form), Some(next)) = (form, next) {
                // The same expire option may repeat (last one wins); a
                // different one, or KEEPTTL, conflicts.
                if keep_ttl || expire.is_some_and(|(f, _)| f != form) {
                    return error(SYNTAX);
                }
                expire = Some((form, next));
                i += 1;
            } else {
                return error(SYNTAX);
            }
            i += 1;
        }
        let deadline = match expire {
            None => None,
            Some((form, arg)) => match self.set_deadline(form, arg, "set", now) {
                Ok(at) => Some(at),
                Err(reply) => return reply,
            },
        };
        let db = client.db;
        let key = &args[1];
        let mut reply = Vec::new();
        let existing = self.entry(db, key, now).cloned();
        if get {
            match &existing {
                None => reply = null_bulk(client.resp3),
                Some(Entry {
                    value: Value::Str(v),
                    ..
                }) => reply = bulk(v),
                Some(_) => return error(WRONGTYPE),
            }
        }
        let found = existing.is_some();
        if (nx && found) || (xx && !found) {
            return if get { reply } else { null_bulk(client.resp3) };
        }
        let deadline = match deadline {
            Some(at) => Some(at),
            None if keep_ttl => existing.and_then(|e| e.deadline),
            None => None,
        };
        self.dbs[db].insert(
            key.clone(),
            Entry {
                value: Value::Str(args[2].clone()),
                deadline,
            },
        );
        if get {
            reply
        } else {
            simple("OK")
        }
    }

    fn set_with_ttl(
        &mut self,
        client: &mut ClientModel,
        args: &[Vec<u8>],
        form: SetExpire,
        command: &str,
        now: u64,
    ) -> Vec<u8> {
        match self.set_deadline(form, &args[2], command, now) {
            Err(reply) => reply,
            Ok(at) => {
                self.dbs[client.db].insert(
                    args[1].clone(),
                    Entry {
                        value: Value::Str(args[3].clone()),
                        deadline: Some(at),
                    },
                );
                simple("OK")
            }
        }
    }

    /// EXPIRE/PEXPIRE (relative) and EXPIREAT/PEXPIREAT (absolute Unix
    /// time) key amount [NX|XX|GT|LT], compared in Unix ms as Redis compares
    /// them; a deadline not in the future deletes the key.
    fn expire(
        &mut self,
        client: &mut ClientModel,
        args: &[Vec<u8>],
        unit_ms: i64,
        relative: bool,
        command: &str,
        now: u64,
    ) -> Vec<u8> {
        let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
        for opt in &args[3..] {
            if eq(opt, "nx") {
                nx = true;
            } else if eq(opt, "xx") {
                xx = true;
            } else if eq(opt, "gt") {
                gt = true;
            } else if eq(opt, "lt") {
                lt = true;
            } else {
                let mut text = b"ERR Unsupported option ".to_vec();
                text.extend_from_slice(opt);
                return error(&text);
            }
        }
        if nx && (xx || gt || lt) {
            return error(b"ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if gt && lt {
            return error(b"ERR GT and LT options at the same time are not compatible");
        }
        let Some(amount) = parse_int(&args[2]) else {
            return error(NOT_INTEGER);
        };
        if unit_ms == 1000 && !(i64::MIN / 1000..=i64::MAX / 1000).contains(&amount) {
            return invalid_expire(command);
        }
        let ms = amount * unit_ms;
        let unix_now = self.base + now as i64;
        let basetime = if relative { unix_now } else { 0 };
        if ms > i64::MAX - basetime {
            return invalid_expire(command);
        }
        let when = ms + basetime;
        let base = self.base;
        let Some(entry) = self.entry(client.db, &args[1], now) else {
            return int(0);
        };
        let current = entry.deadline.map(|at| at as i64 + base);
        let refused = (nx && current.is_some())
            || (xx && current.is_none())
            || (gt && current.is_none_or(|at| when <= at))
            || (lt && current.is_some_and(|at| when >= at));
        if refused {
            return int(0);
        }
        if when <= unix_now {
            self.dbs[client.db].remove(&args[1]);
        } else {
            entry.deadline = Some((when - base).max(0) as u64);
        }
        int(1)
    }

    fn push(
        &mut self,
        client: &mut ClientModel,
        args: &[Vec<u8>],
        head: bool,
        now: u64,
    ) -> Vec<u8> {
        let db = client.db;
        if self.entry(db, &args[1], now).is_none() {
            self.dbs[db].insert(
                args[1].clone(),
                Entry {
                    value: Value::List(VecDeque::new()),
                    deadline: None,
                },
            );
        }
        match self.entry(db, &args[1], now) {
            Some(Entry {
                value: Value::List(list),
                ..
            }) => {
                for item in &args[2..] {
                    if head {
                        list.push_front(item.clone());
                    } else {
                        list.push_back(item.clone());
                    }
                }
                int(list.len() as i64)
            }
            _ => error(WRONGTYPE),
        }
    }

    fn pop(&mut self, client: &mut ClientModel, args: &[Vec<u8>], name: &str, now: u64) -> Vec<u8> {
        if args.len() > 3 {
            return wrong_arity(name);
        }
        let count = match args.get(2) {
            None => None,
            Some(arg) => match parse_int(arg) {
                Some(n) if n >= 0 => Some(n as usize),
                _ => return error(b"ERR value is out of range, must be positive"),
            },
        };
        let resp3 = client.resp3;
        let db = client.db;
        let list = match self.entry(db, &args[1], now) {
            None if count.is_some() => return null_array(resp3),
            None => return null_bulk(resp3),
            Some(Entry {
                value: Value::List(list),
                ..
            }) => list,
            Some(_) => return error(WRONGTYPE),
        };
        let wanted = count.unwrap_or(1).min(list.len());
        let popped: Vec<Vec<u8>> = (0..wanted)
            .filter_map(|_| {
                if name == "lpop" {
                    list.pop_front()
                } else {
                    list.pop_back()
                }
            })
            .collect();
        if list.is_empty() {
            self.dbs[db].remove(&args[1]);
        }
        match count {
            None => bulk(&popped[0]),
            Some(_) => bulk_array(&popped),
        }
    }
}

/// Replies recorded from redis-server 7.0.15 (raw RESP over a socket).
#[test]
fn unknown_command_text_is_redis_7_0_15s() {
    let reply = |args: &[&[u8]]| {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.to_vec()).collect();
        String::from_utf8(unknown_command(&args)).unwrap()
    };
    let (a120, a125, b20) = ("a".repeat(120), "a".repeat(125), "b".repeat(20));
    let (x200, y150) = ("x".repeat(200), "y".repeat(150));
    let cases: &[(&[&[u8]], String)] = &[
        (
            &[b"nosuch"],
            "-ERR unknown command 'nosuch', with args beginning with: \r\n".into(),
        ),
        (
            &[b"nosuch", b"a", b"b"],
            "-ERR unknown command 'nosuch', with args beginning with: 'a' 'b' \r\n".into(),
        ),
        (
            &[b"no\0such", b"a\0b", b"c"],
            "-ERR unknown command 'no', with args beginning with: 'a' 'c' \r\n".into(),
        ),
        (
            &[b"\0", b"\0x", b"z"],
            "-ERR unknown command '', with args beginning with: '' 'z' \r\n".into(),
        ),
        (
            &[x200.as_bytes(), y150.as_bytes()],
            format!(
                "-ERR unknown command '{}', with args beginning with: '{}' \r\n",
                &x200[..128],
                &y150[..128]
            ),
        ),
        (
            &[b"nosuch", a120.as_bytes(), b20.as_bytes(), b"c"],
            format!(
                "-ERR unknown command 'nosuch', with args beginning with: '{a120}' 'bbbbb' \r\n"
            ),
        ),
        (
            &[b"nosuch", a125.as_bytes(), b20.as_bytes(), b"c"],
            format!("-ERR unknown command 'nosuch', with args beginning with: '{a125}' \r\n"),
        ),
        (
            &[b"nosuch", b"a\r\nb", b"c\rd"],
            "-ERR unknown command 'nosuch', with args beginning with: 'a  b' 'c d' \r\n".into(),
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(&reply(args), expected, "{args:?}");
    }
}
