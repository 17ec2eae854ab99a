//! The Pub/Sub part of the model: who is subscribed to which channel,
//! pattern and shard channel, the confirmations (un)subscribing answers,
//! PUBLISH's receiver count and the exact messages every subscriber reads,
//! in its own protocol (an array in RESP2, a `>` push in RESP3), and RESP2
//! subscribed mode, where only the subscription commands, PING and QUIT
//! run. Written from Redis 7.0's documented behaviour and replies recorded
//! from redis-server 7.0.15.
//!
//! Where Redis keeps a hash table its order is not promised, and neither
//! is the core's: a client's channels and shard channels (UNSUBSCRIBE and
//! SUNSUBSCRIBE without arguments confirm them in that order) and the
//! patterns a publish walks (one client subscribed to several matching
//! patterns reads their messages in that order). Those frames are checked
//! in any order ([`Unordered`]); everything else is exact.
//!
//! A publish leaves its messages in [`PubSubModel::outbox`]; the driver
//! (`model_blocking.rs`) hands them to their receivers at once, as Redis
//! writes them, so a RESP3 publisher reads its own messages before
//! PUBLISH's reply.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{bulk, eq, error, int, ClientModel, Expected, Model};
use super::model_keys::glob;

/// Arity of the Pub/Sub commands the workload sends.
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"subscribe" | b"psubscribe" | b"ssubscribe" => -2,
        b"unsubscribe" | b"punsubscribe" | b"sunsubscribe" => -1,
        b"publish" | b"spublish" => 3,
        b"pubsub" => -2,
        _ => return None,
    })
}

/// Commands a RESP2 client with a subscription may still run.
const ALLOWED_WHILE_SUBSCRIBED: &[&str] = &[
    "subscribe",
    "psubscribe",
    "ssubscribe",
    "unsubscribe",
    "punsubscribe",
    "sunsubscribe",
    "ping",
    "quit",
    "reset",
];

/// Arity of the subcommands of the containers the workload sends, by full
/// name: a refusal in subscribed mode comes after this check.
fn subcommand_arity(full: &str) -> Option<i32> {
    Some(match full {
        "config|set" => -4,
        "memory|usage" => -3,
        "client|unblock" => -3,
        "pubsub|numsub" | "pubsub|shardnumsub" => -2,
        "pubsub|numpat" => 2,
        "xgroup|create" => -5,
        "xgroup|destroy" => 4,
        _ => return None,
    })
}

fn arity_ok(arity: i32, len: usize) -> bool {
    if arity >= 0 {
        len == arity as usize
    } else {
        len >= arity.unsigned_abs() as usize
    }
}

/// One client's subscriptions: channels and shard channels as sets (Redis
/// keeps them in hash tables), patterns in subscription order (a list).
#[derive(Clone, Debug, Default)]
struct Subscriptions {
    channels: BTreeSet<Vec<u8>>,
    patterns: Vec<Vec<u8>>,
    shard: BTreeSet<Vec<u8>>,
}

impl Subscriptions {
    fn is_empty(&self) -> bool {
        self.channels.is_empty() && self.patterns.is_empty() && self.shard.is_empty()
    }

    /// The count the channel and pattern confirmations carry.
    fn count(&self) -> i64 {
        (self.channels.len() + self.patterns.len()) as i64
    }
}

/// A message on its way to one receiver; written in the receiver's
/// protocol when handed over.
#[derive(Clone, Debug)]
pub enum Message {
    /// `message <channel> <payload>`, to a channel subscriber.
    Channel { channel: Vec<u8>, payload: Vec<u8> },
    /// `pmessage <pattern> <channel> <payload>`, once per matching pattern
    /// of the receiver, in an order the model does not know.
    Patterns {
        patterns: Vec<Vec<u8>>,
        channel: Vec<u8>,
        payload: Vec<u8>,
    },
    /// `smessage <channel> <payload>`, to a shard channel subscriber.
    Shard { channel: Vec<u8>, payload: Vec<u8> },
}

/// A push header: `>` in RESP3, an array in RESP2.
fn push(len: usize, resp3: bool) -> Vec<u8> {
    format!("{}{len}\r\n", if resp3 { '>' } else { '*' }).into_bytes()
}

fn frame(resp3: bool, parts: &[&[u8]]) -> Vec<u8> {
    let mut out = push(parts.len(), resp3);
    for part in parts {
        out.extend(bulk(part));
    }
    out
}

impl Message {
    /// What the receiver reads, in its protocol.
    pub fn expected(&self, resp3: bool) -> Expected {
        match self {
            Message::Channel { channel, payload } => {
                Expected::Exact(frame(resp3, &[b"message", channel, payload]))
            }
            Message::Shard { channel, payload } => {
                Expected::Exact(frame(resp3, &[b"smessage", channel, payload]))
            }
            Message::Patterns {
                patterns,
                channel,
                payload,
            } => {
                let frames: Vec<(Vec<u8>, Vec<u8>)> = patterns
                    .iter()
                    .map(|p| (p.clone(), frame(resp3, &[b"pmessage", p, channel, payload])))
                    .collect();
                Unordered::any_order(frames)
            }
        }
    }
}

/// `<verb> <name> <count>` (a nil name when there was nothing to
/// unsubscribe from).
fn confirmation(verb: &[u8], name: Option<&[u8]>, count: i64, resp3: bool) -> Vec<u8> {
    let mut out = push(3, resp3);
    out.extend(bulk(verb));
    match name {
        Some(name) => out.extend(bulk(name)),
        None if resp3 => out.extend(b"_\r\n"),
        None => out.extend(b"$-1\r\n"),
    }
    out.extend(int(count));
    out
}

/// Frames of one reply whose order only the core knows: slot by slot,
/// each one of the candidates listed for it, each name used once.
#[derive(Clone, Debug)]
pub struct Unordered {
    slots: Vec<Vec<(Vec<u8>, Vec<u8>)>>,
}

impl Unordered {
    /// These frames (named), each once, in any order; exact when there
    /// is only one.
    fn any_order(frames: Vec<(Vec<u8>, Vec<u8>)>) -> Expected {
        if frames.len() == 1 {
            return Expected::Exact(frames[0].1.clone());
        }
        Expected::Unordered(Unordered {
            slots: vec![frames.clone(); frames.len()],
        })
    }

    /// Checks that `actual` starts with the frames; returns how many bytes
    /// they took, or a description of what was expected.
    pub fn matches(&self, actual: &[u8]) -> Result<usize, Vec<u8>> {
        let mut used: BTreeSet<&[u8]> = BTreeSet::new();
        let mut pos = 0;
        for slot in &self.slots {
            // Frames are self-delimiting, so at most one can be a prefix.
            let found = slot.iter().find(|(name, bytes)| {
                !used.contains(name.as_slice()) && actual[pos..].starts_with(bytes)
            });
            match found {
                Some((name, bytes)) => {
                    used.insert(name);
                    pos += bytes.len();
                }
                None => return Err(self.describe()),
            }
        }
        Ok(pos)
    }

    fn describe(&self) -> Vec<u8> {
        let mut out = b"<in any order: ".to_vec();
        for (i, slot) in self.slots.iter().enumerate() {
            out.extend(format!("[{i}] one of {{").bytes());
            for (_, bytes) in slot {
                out.extend(bytes.iter().flat_map(|b| std::ascii::escape_default(*b)));
                out.push(b' ');
            }
            out.extend(b"} ");
        }
        out.push(b'>');
        out
    }
}

/// The model's registry, by client id (a client without subscriptions
/// has no entry), and the messages the last command published.
#[derive(Debug, Default)]
pub struct PubSubModel {
    clients: BTreeMap<u64, Subscriptions>,
    /// Each message with its receiver, in publish order, for the driver to
    /// hand over right after the command.
    pub outbox: Vec<(u64, Message)>,
}

impl PubSubModel {
    /// Whether the client has any subscription (RESP2 subscribed mode).
    pub fn is_subscribed(&self, id: u64) -> bool {
        self.clients.contains_key(&id)
    }

    /// Whether the client has channels, patterns, shard channels.
    pub fn namespaces(&self, id: u64) -> [bool; 3] {
        self.clients.get(&id).map_or([false; 3], |s| {
            [
                !s.channels.is_empty(),
                !s.patterns.is_empty(),
                !s.shard.is_empty(),
            ]
        })
    }

    /// Drops a client that is gone, with its subscriptions.
    pub fn forget(&mut self, id: u64) {
        self.clients.remove(&id);
    }

    fn subscribers(&self, name: &[u8], shard: bool) -> usize {
        self.clients
            .values()
            .filter(|s| {
                if shard {
                    s.shard.contains(name)
                } else {
                    s.channels.contains(name)
                }
            })
            .count()
    }
}

impl Model {
    /// RESP2 subscribed mode: the refusal (or PING's array form) that a
    /// RESP2 client with subscriptions gets for `name` (lower-case); `None`
    /// when the command runs as usual. Redis refuses after the arity
    /// checks (a subcommand's included) and the memory check. A refused
    /// SCAN is counted for the scans the keyspace model follows.
    pub(super) fn pubsub_gate(
        &self,
        client: &ClientModel,
        name: &str,
        args: &[Vec<u8>],
    ) -> Option<Vec<u8>> {
        if client.resp3 || !self.pubsub.is_subscribed(client.id) {
            return None;
        }
        if name == "ping" {
            return match args.len() {
                1 => Some(frame(false, &[b"pong", b""])),
                2 => Some(frame(false, &[b"pong", &args[1]])),
                _ => None,
            };
        }
        if ALLOWED_WHILE_SUBSCRIBED.contains(&name) {
            return None;
        }
        if name == "scan" {
            self.keys.scan_refused(client.id);
        }
        let full = match args.get(1) {
            Some(sub) if ["config", "memory", "client", "pubsub", "xgroup"].contains(&name) => {
                let sub = String::from_utf8_lossy(&sub.to_ascii_lowercase()).into_owned();
                let full = format!("{name}|{sub}");
                if !subcommand_arity(&full).is_some_and(|a| arity_ok(a, args.len())) {
                    return None;
                }
                full
            }
            _ => name.to_string(),
        };
        Some(error(
            format!(
                "ERR Can't execute '{full}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
            )
            .as_bytes(),
        ))
    }

    /// Runs a command [`arity`] knows (arity already checked).
    pub(super) fn pubsub_exec(
        &mut self,
        client: &ClientModel,
        args: &[Vec<u8>],
        name: &str,
    ) -> Expected {
        let (id, resp3) = (client.id, client.resp3);
        match name {
            "subscribe" | "psubscribe" | "ssubscribe" => {
                let subs = self.pubsub.clients.entry(id).or_default();
                let mut out = Vec::new();
                for n in &args[1..] {
                    let count = match name {
                        "subscribe" => {
                            subs.channels.insert(n.clone());
                            subs.count()
                        }
                        "psubscribe" => {
                            if !subs.patterns.contains(n) {
                                subs.patterns.push(n.clone());
                            }
                            subs.count()
                        }
                        _ => {
                            subs.shard.insert(n.clone());
                            subs.shard.len() as i64
                        }
                    };
                    out.extend(confirmation(name.as_bytes(), Some(n), count, resp3));
                }
                Expected::Exact(out)
            }
            "unsubscribe" | "punsubscribe" | "sunsubscribe" => {
                let expected = self.unsubscribe(id, resp3, name, &args[1..]);
                if self
                    .pubsub
                    .clients
                    .get(&id)
                    .is_some_and(Subscriptions::is_empty)
                {
                    self.pubsub.clients.remove(&id);
                }
                expected
            }
            "publish" | "spublish" => {
                let shard = name == "spublish";
                let (channel, payload) = (&args[1], &args[2]);
                let mut receivers = 0;
                for (&target, subs) in &self.pubsub.clients {
                    let mut messages = Vec::new();
                    if shard && subs.shard.contains(channel) {
                        messages.push(Message::Shard {
                            channel: channel.clone(),
                            payload: payload.clone(),
                        });
                        receivers += 1;
                    }
                    if !shard && subs.channels.contains(channel) {
                        messages.push(Message::Channel {
                            channel: channel.clone(),
                            payload: payload.clone(),
                        });
                        receivers += 1;
                    }
                    let patterns: Vec<Vec<u8>> = subs
                        .patterns
                        .iter()
                        .filter(|p| !shard && glob(p, channel))
                        .cloned()
                        .collect();
                    if !patterns.is_empty() {
                        receivers += patterns.len();
                        messages.push(Message::Patterns {
                            patterns,
                            channel: channel.clone(),
                            payload: payload.clone(),
                        });
                    }
                    self.pubsub
                        .outbox
                        .extend(messages.into_iter().map(|m| (target, m)));
                }
                Expected::Exact(int(receivers as i64))
            }
            "pubsub" => Expected::Exact(self.pubsub_introspect(args)),
            other => unreachable!("{other} is no Pub/Sub command of this model"),
        }
    }

    /// UNSUBSCRIBE, PUNSUBSCRIBE, SUNSUBSCRIBE: one confirmation per name
    /// given, subscribed or not; without names one per subscription (a
    /// single one with a nil name when there is none), each with the count
    /// left after it.
    fn unsubscribe(&mut self, id: u64, resp3: bool, name: &str, names: &[Vec<u8>]) -> Expected {
        let subs = self.pubsub.clients.entry(id).or_default();
        let verb = name.as_bytes();
        let count = |s: &Subscriptions| {
            if name == "sunsubscribe" {
                s.shard.len() as i64
            } else {
                s.count()
            }
        };
        let remove = |s: &mut Subscriptions, n: &[u8]| match name {
            "unsubscribe" => {
                s.channels.remove(n);
            }
            "punsubscribe" => s.patterns.retain(|p| p != n),
            _ => {
                s.shard.remove(n);
            }
        };
        if !names.is_empty() {
            let mut out = Vec::new();
            for n in names {
                remove(subs, n);
                out.extend(confirmation(verb, Some(n), count(subs), resp3));
            }
            return Expected::Exact(out);
        }
        let all: Vec<Vec<u8>> = match name {
            "unsubscribe" => subs.channels.iter().cloned().collect(),
            "punsubscribe" => subs.patterns.clone(),
            _ => subs.shard.iter().cloned().collect(),
        };
        if all.is_empty() {
            return Expected::Exact(confirmation(verb, None, count(subs), resp3));
        }
        if name == "punsubscribe" {
            // Patterns are a list: confirmed in subscription order.
            let mut out = Vec::new();
            for n in &all {
                remove(subs, n);
                out.extend(confirmation(verb, Some(n), count(subs), resp3));
            }
            return Expected::Exact(out);
        }
        for n in &all {
            remove(subs, n);
        }
        let left = count(subs);
        let n = all.len();
        let slots = (0..n)
            .map(|i| {
                let count = left + (n - 1 - i) as i64;
                all.iter()
                    .map(|name| (name.clone(), confirmation(verb, Some(name), count, resp3)))
                    .collect()
            })
            .collect::<Vec<Vec<_>>>();
        if n == 1 {
            return Expected::Exact(slots[0][0].1.clone());
        }
        Expected::Unordered(Unordered { slots })
    }

    /// PUBSUB NUMSUB, SHARDNUMSUB (each name with its subscriber count,
    /// flat in RESP3 too) and NUMPAT (distinct patterns).
    fn pubsub_introspect(&self, args: &[Vec<u8>]) -> Vec<u8> {
        let sub = &args[1];
        if eq(sub, "numpat") {
            if args.len() != 2 {
                return error(b"ERR wrong number of arguments for 'pubsub|numpat' command");
            }
            let patterns: BTreeSet<&Vec<u8>> = self
                .pubsub
                .clients
                .values()
                .flat_map(|s| s.patterns.iter())
                .collect();
            return int(patterns.len() as i64);
        }
        let shard = eq(sub, "shardnumsub");
        assert!(shard || eq(sub, "numsub"), "the workload sends these only");
        let names = &args[2..];
        let mut out = format!("*{}\r\n", names.len() * 2).into_bytes();
        for name in names {
            out.extend(bulk(name));
            out.extend(int(self.pubsub.subscribers(name, shard) as i64));
        }
        out
    }
}
