//! The Pub/Sub registry: who listens to which channel, pattern and shard
//! channel, and the messages a publish leaves for the engine to deliver.
//!
//! It is kept both ways, as Redis keeps it: each channel (pattern, shard
//! channel) with its subscribers in subscription order, which a publish
//! walks, and each client with its own subscriptions in subscription order,
//! which counts, UNSUBSCRIBE without arguments and a disconnect walk. The
//! two sides share the name bytes ([`Bytes`] clones).
//!
//! The store knows no sessions: a publish only appends [`Delivery`] values
//! to [`PubSub::outbox`]; the engine drains it after each command and writes
//! each one into its target's output in the target's protocol
//! ([`Delivery::write`]).
//!
//! Orders are deterministic. Where Redis keeps a list (the subscribers of
//! a channel or pattern, a client's patterns) the order is subscription
//! order and a removal keeps it, at the cost Redis pays too (a walk of the
//! list); where Redis keeps a hash table (the channels and patterns with
//! subscribers, a client's channels and shard channels), whose order it
//! does not promise, a removal moves the last entry into the hole, so it
//! costs O(1) as in Redis.

use std::collections::HashMap;

use bytes::Bytes;
use indexmap::{IndexMap, IndexSet};

use super::Store;
use crate::compact::SeededHasher;
use crate::config::{OutputBufferLimit, OutputClass};
use crate::glob::glob_match;
use crate::protocol::ReplyWriter;

/// The three namespaces a client can subscribe in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Space {
    /// SUBSCRIBE / PUBLISH.
    Channels,
    /// PSUBSCRIBE: glob patterns matched against PUBLISH's channel.
    Patterns,
    /// SSUBSCRIBE / SPUBLISH (no patterns there).
    Shard,
}

/// What a delivered message says it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MessageKind {
    /// To a channel subscriber: `message <channel> <payload>`.
    Message,
    /// To a pattern subscriber: `pmessage <pattern> <channel> <payload>`.
    PMessage(Bytes),
    /// To a shard channel subscriber: `smessage <channel> <payload>`.
    SMessage,
}

/// One message for one client, waiting in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Delivery {
    /// The client id of the receiver.
    pub target: u64,
    pub kind: MessageKind,
    pub channel: Bytes,
    pub payload: Bytes,
}

impl Delivery {
    /// Whether `other` is the same message (the same shared copies of its
    /// channel, payload and pattern), so its encoding can be reused: one
    /// PUBLISH to many subscribers queues one such run.
    pub fn same_message(&self, other: &Delivery) -> bool {
        let same = |a: &Bytes, b: &Bytes| a.as_ptr() == b.as_ptr() && a.len() == b.len();
        same(&self.channel, &other.channel)
            && same(&self.payload, &other.payload)
            && match (&self.kind, &other.kind) {
                (MessageKind::Message, MessageKind::Message)
                | (MessageKind::SMessage, MessageKind::SMessage) => true,
                (MessageKind::PMessage(a), MessageKind::PMessage(b)) => same(a, b),
                _ => false,
            }
    }

    /// Writes the message as Redis pushes it: an array in RESP2
    /// (`*3\r\n$7\r\nmessage\r\n...`), a push in RESP3 (`>3\r\n...`); the
    /// writer carries the receiver's protocol.
    pub fn write(&self, w: &mut ReplyWriter) {
        match &self.kind {
            MessageKind::Message => {
                w.push(3);
                w.bulk(b"message");
            }
            MessageKind::PMessage(pattern) => {
                w.push(4);
                w.bulk(b"pmessage");
                w.bulk(pattern);
            }
            MessageKind::SMessage => {
                w.push(3);
                w.bulk(b"smessage");
            }
        }
        w.bulk(&self.channel);
        w.bulk(&self.payload);
    }
}

/// Clients in subscription order.
type Subscribers = IndexSet<u64, SeededHasher>;
/// Channels (patterns, shard channels) with their subscribers.
type Registry = IndexMap<Bytes, Subscribers, SeededHasher>;
/// One client's names in one namespace, in subscription order.
type Names = IndexSet<Bytes, SeededHasher>;

/// Taking a client off one name's subscribers.
trait Leave {
    fn leave(&mut self, name: &[u8], client: u64);
}

impl Leave for Registry {
    /// Removes `client` from `name`'s subscribers, keeping their order,
    /// and the name itself once nobody is left.
    fn leave(&mut self, name: &[u8], client: u64) {
        if let Some(subscribers) = self.get_mut(name) {
            subscribers.shift_remove(&client);
            if subscribers.is_empty() {
                self.swap_remove(name);
            }
        }
    }
}

/// One client's subscriptions; a client with none has no entry.
struct ClientSubscriptions {
    channels: Names,
    patterns: Names,
    shard: Names,
}

impl ClientSubscriptions {
    fn names(&self, space: Space) -> &Names {
        match space {
            Space::Channels => &self.channels,
            Space::Patterns => &self.patterns,
            Space::Shard => &self.shard,
        }
    }

    fn names_mut(&mut self, space: Space) -> &mut Names {
        match space {
            Space::Channels => &mut self.channels,
            Space::Patterns => &mut self.patterns,
            Space::Shard => &mut self.shard,
        }
    }

    fn is_empty(&self) -> bool {
        self.channels.is_empty() && self.patterns.is_empty() && self.shard.is_empty()
    }
}

/// The registry. See the module documentation.
pub(crate) struct PubSub {
    hasher: SeededHasher,
    channels: Registry,
    patterns: Registry,
    shard: Registry,
    clients: HashMap<u64, ClientSubscriptions, SeededHasher>,
    /// Messages published and not yet written to their receivers, in
    /// publish order. The engine drains it after every command.
    pub outbox: Vec<Delivery>,
    /// Messages the engine took out of the outbox during a batch of one
    /// client's commands for other clients, to write once the batch ends
    /// (it cannot reach other sessions while running the batch). Empty
    /// between inputs.
    pub later: Vec<Delivery>,
}

impl PubSub {
    pub fn new(seed: u64) -> PubSub {
        let hasher = SeededHasher(seed ^ 0x9B5B_5B0B);
        PubSub {
            hasher,
            channels: IndexMap::with_hasher(hasher),
            patterns: IndexMap::with_hasher(hasher),
            shard: IndexMap::with_hasher(hasher),
            clients: HashMap::with_hasher(hasher),
            outbox: Vec::new(),
            later: Vec::new(),
        }
    }

    fn registry(&self, space: Space) -> &Registry {
        match space {
            Space::Channels => &self.channels,
            Space::Patterns => &self.patterns,
            Space::Shard => &self.shard,
        }
    }

    fn registry_mut(&mut self, space: Space) -> &mut Registry {
        match space {
            Space::Channels => &mut self.channels,
            Space::Patterns => &mut self.patterns,
            Space::Shard => &mut self.shard,
        }
    }

    /// Subscribes `client` to `name` in `space`; false when it already was.
    pub fn subscribe(&mut self, client: u64, space: Space, name: &[u8]) -> bool {
        let hasher = self.hasher;
        let subscriptions = self
            .clients
            .entry(client)
            .or_insert_with(|| ClientSubscriptions {
                channels: IndexSet::with_hasher(hasher),
                patterns: IndexSet::with_hasher(hasher),
                shard: IndexSet::with_hasher(hasher),
            });
        let names = subscriptions.names_mut(space);
        if names.contains(name) {
            return false;
        }
        // The registry's copy of the name, if any, is shared.
        let registry = match space {
            Space::Channels => &mut self.channels,
            Space::Patterns => &mut self.patterns,
            Space::Shard => &mut self.shard,
        };
        let name = match registry.get_full_mut(name) {
            Some((_, shared, subscribers)) => {
                subscribers.insert(client);
                shared.clone()
            }
            None => {
                let shared = Bytes::copy_from_slice(name);
                let mut subscribers = IndexSet::with_hasher(hasher);
                subscribers.insert(client);
                registry.insert(shared.clone(), subscribers);
                shared
            }
        };
        names.insert(name);
        true
    }

    /// Unsubscribes `client` from `name` in `space`; false when it was not
    /// subscribed. A name left without subscribers leaves the registry.
    pub fn unsubscribe(&mut self, client: u64, space: Space, name: &[u8]) -> bool {
        let Some(subscriptions) = self.clients.get_mut(&client) else {
            return false;
        };
        let names = subscriptions.names_mut(space);
        let removed = match space {
            Space::Patterns => names.shift_remove(name),
            Space::Channels | Space::Shard => names.swap_remove(name),
        };
        if !removed {
            return false;
        }
        if subscriptions.is_empty() {
            self.clients.remove(&client);
        }
        self.registry_mut(space).leave(name, client);
        true
    }

    /// Unsubscribes `client` from everything in `space` (UNSUBSCRIBE and
    /// friends without arguments); returns the names it was subscribed to,
    /// in the client's order.
    pub fn unsubscribe_all(&mut self, client: u64, space: Space) -> Vec<Bytes> {
        let Some(subscriptions) = self.clients.get_mut(&client) else {
            return Vec::new();
        };
        let names = std::mem::replace(
            subscriptions.names_mut(space),
            IndexSet::with_hasher(self.hasher),
        );
        if subscriptions.is_empty() {
            self.clients.remove(&client);
        }
        let registry = self.registry_mut(space);
        for name in &names {
            registry.leave(name, client);
        }
        names.into_iter().collect()
    }

    /// Redis's `clientSubscriptionsCount`: channels plus patterns, the
    /// count SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE and PUNSUBSCRIBE report.
    pub fn subscription_count(&self, client: u64) -> usize {
        self.clients
            .get(&client)
            .map_or(0, |s| s.channels.len() + s.patterns.len())
    }

    /// Redis's `clientShardSubscriptionsCount`: the count SSUBSCRIBE and
    /// SUNSUBSCRIBE report.
    pub fn shard_subscription_count(&self, client: u64) -> usize {
        self.clients.get(&client).map_or(0, |s| s.shard.len())
    }

    /// The client's channels, patterns and shard channels (CLIENT LIST's
    /// `sub`, `psub`, `ssub`).
    pub fn counts(&self, client: u64) -> (usize, usize, usize) {
        self.clients.get(&client).map_or((0, 0, 0), |s| {
            (s.channels.len(), s.patterns.len(), s.shard.len())
        })
    }

    /// Whether the client has any subscription at all: Redis's
    /// `CLIENT_PUBSUB` flag, which puts a RESP2 client in subscribed mode
    /// and any client in the `pubsub` output limit class.
    #[inline]
    pub fn is_subscribed(&self, client: u64) -> bool {
        // Checked for every command (subscribed mode, output class): no
        // hashing while nobody subscribes.
        !self.clients.is_empty() && self.clients.contains_key(&client)
    }

    /// Drops every subscription of a client that is gone (or going).
    pub fn forget_client(&mut self, client: u64) {
        let Some(subscriptions) = self.clients.remove(&client) else {
            return;
        };
        for (space, names) in [
            (Space::Channels, subscriptions.channels),
            (Space::Patterns, subscriptions.patterns),
            (Space::Shard, subscriptions.shard),
        ] {
            let registry = self.registry_mut(space);
            for name in &names {
                registry.leave(name, client);
            }
        }
    }

    /// Subscribers of one name (PUBSUB NUMSUB, SHARDNUMSUB); 0 for unknown.
    pub fn subscribers(&self, space: Space, name: &[u8]) -> usize {
        self.registry(space).get(name).map_or(0, IndexSet::len)
    }

    /// Names with at least one subscriber (INFO's `pubsub_channels`,
    /// `pubsub_patterns`, `pubsubshard_channels`; PUBSUB NUMPAT).
    pub fn active(&self, space: Space) -> usize {
        self.registry(space).len()
    }

    /// The names with subscribers that match `pattern` (all without one),
    /// case-sensitively (PUBSUB CHANNELS, SHARDCHANNELS).
    pub fn matching(&self, space: Space, pattern: Option<&[u8]>) -> Vec<Bytes> {
        self.registry(space)
            .keys()
            .filter(|name| pattern.is_none_or(|p| glob_match(p, name, false)))
            .cloned()
            .collect()
    }

    /// PUBLISH: one delivery per channel subscriber, then one per pattern
    /// subscription matching the channel (a client subscribed both ways
    /// gets both); returns their number, PUBLISH's reply. Without
    /// receivers it allocates nothing (keyspace notifications publish on
    /// every write).
    pub fn publish(&mut self, channel: &[u8], message: &[u8]) -> usize {
        let before = self.outbox.len();
        let mut shared = None;
        if let Some(subscribers) = self.channels.get(channel) {
            let (channel, payload) = copies(&mut shared, channel, message);
            self.outbox
                .extend(subscribers.iter().map(|&target| Delivery {
                    target,
                    kind: MessageKind::Message,
                    channel: channel.clone(),
                    payload: payload.clone(),
                }));
        }
        for (pattern, subscribers) in &self.patterns {
            if !glob_match(pattern, channel, false) {
                continue;
            }
            let (channel, payload) = copies(&mut shared, channel, message);
            self.outbox
                .extend(subscribers.iter().map(|&target| Delivery {
                    target,
                    kind: MessageKind::PMessage(pattern.clone()),
                    channel: channel.clone(),
                    payload: payload.clone(),
                }));
        }
        self.outbox.len() - before
    }

    /// SPUBLISH: one delivery per shard channel subscriber; returns their
    /// number.
    pub fn spublish(&mut self, channel: &[u8], message: &[u8]) -> usize {
        let Some(subscribers) = self.shard.get(channel) else {
            return 0;
        };
        let channel = Bytes::copy_from_slice(channel);
        let payload = Bytes::copy_from_slice(message);
        self.outbox
            .extend(subscribers.iter().map(|&target| Delivery {
                target,
                kind: MessageKind::SMessage,
                channel: channel.clone(),
                payload: payload.clone(),
            }));
        subscribers.len()
    }

    /// Every client with a subscription (for the engine's audit).
    pub fn subscribed_clients(&self) -> impl Iterator<Item = u64> + '_ {
        self.clients.keys().copied()
    }

    /// Checks that both sides of the registry agree.
    pub fn audit(&self) -> Result<(), String> {
        let mut links = 0;
        for (client, subscriptions) in &self.clients {
            if subscriptions.is_empty() {
                return Err(format!(
                    "pubsub: client {client} kept without subscriptions"
                ));
            }
            for space in [Space::Channels, Space::Patterns, Space::Shard] {
                for name in subscriptions.names(space) {
                    links += 1;
                    let listed = self
                        .registry(space)
                        .get(name)
                        .is_some_and(|subscribers| subscribers.contains(client));
                    if !listed {
                        return Err(format!(
                            "pubsub: client {client} misses from the {space:?} registry"
                        ));
                    }
                }
            }
        }
        let mut registered = 0;
        for space in [Space::Channels, Space::Patterns, Space::Shard] {
            for (name, subscribers) in self.registry(space) {
                if subscribers.is_empty() {
                    return Err(format!(
                        "pubsub: {space:?} {name:?} kept without subscribers"
                    ));
                }
                registered += subscribers.len();
            }
        }
        if registered != links {
            return Err(format!(
                "pubsub: {registered} registry links for {links} client subscriptions"
            ));
        }
        Ok(())
    }
}

/// The one shared copy of a published channel name and payload, made on
/// first need.
fn copies(shared: &mut Option<(Bytes, Bytes)>, channel: &[u8], message: &[u8]) -> (Bytes, Bytes) {
    shared
        .get_or_insert_with(|| {
            (
                Bytes::copy_from_slice(channel),
                Bytes::copy_from_slice(message),
            )
        })
        .clone()
}

impl Store {
    /// PUBLISH `message` to `channel`: queues the deliveries in
    /// `pubsub.outbox` and returns the receiver count (channel subscribers
    /// plus matching pattern subscriptions).
    pub fn publish(&mut self, channel: &[u8], message: &[u8]) -> usize {
        self.pubsub.publish(channel, message)
    }

    /// SPUBLISH `message` to the shard channel: as [`Store::publish`], for
    /// shard channel subscribers.
    pub fn spublish(&mut self, channel: &[u8], message: &[u8]) -> usize {
        self.pubsub.spublish(channel, message)
    }

    /// The `client-output-buffer-limit` class of a client (see
    /// [`OutputClass`]).
    pub fn output_class(&self, client: u64) -> OutputClass {
        if self.pubsub.is_subscribed(client) {
            OutputClass::PubSub
        } else {
            OutputClass::Normal
        }
    }

    /// The output limits that apply to a client now.
    pub fn output_limit(&self, client: u64) -> OutputBufferLimit {
        self.config
            .client_output_buffer_limit
            .of(self.output_class(client))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Protocol;

    fn targets(pubsub: &PubSub) -> Vec<(u64, MessageKind)> {
        pubsub
            .outbox
            .iter()
            .map(|d| (d.target, d.kind.clone()))
            .collect()
    }

    #[test]
    fn publish_reaches_channel_subscribers_in_order_then_patterns() {
        let mut ps = PubSub::new(1);
        assert!(ps.subscribe(7, Space::Channels, b"news"));
        assert!(ps.subscribe(3, Space::Channels, b"news"));
        assert!(!ps.subscribe(3, Space::Channels, b"news"));
        assert!(ps.subscribe(3, Space::Patterns, b"n*"));
        assert!(ps.subscribe(5, Space::Patterns, b"x*"));
        assert_eq!(ps.publish(b"news", b"hi"), 3);
        assert_eq!(
            targets(&ps),
            [
                (7, MessageKind::Message),
                (3, MessageKind::Message),
                (3, MessageKind::PMessage(Bytes::from_static(b"n*"))),
            ]
        );
        assert_eq!(ps.spublish(b"news", b"hi"), 0);
        assert_eq!(ps.subscription_count(3), 2);
        assert_eq!(ps.shard_subscription_count(3), 0);
        ps.audit().unwrap();
    }

    #[test]
    fn unsubscribing_and_forgetting_leave_no_trace() {
        let mut ps = PubSub::new(1);
        ps.subscribe(1, Space::Channels, b"a");
        ps.subscribe(1, Space::Shard, b"s");
        ps.subscribe(2, Space::Channels, b"a");
        assert!(ps.unsubscribe(1, Space::Channels, b"a"));
        assert!(!ps.unsubscribe(1, Space::Channels, b"a"));
        assert!(ps.is_subscribed(1), "still on a shard channel");
        assert_eq!(ps.subscribers(Space::Channels, b"a"), 1);
        ps.forget_client(1);
        ps.forget_client(2);
        assert!(!ps.is_subscribed(1));
        assert_eq!(ps.active(Space::Channels) + ps.active(Space::Shard), 0);
        ps.audit().unwrap();
    }

    #[test]
    fn unsubscribing_from_everything_keeps_the_clients_order() {
        let mut ps = PubSub::new(1);
        for name in [&b"p1"[..], b"p2", b"p3"] {
            ps.subscribe(1, Space::Patterns, name);
            ps.subscribe(2, Space::Patterns, name);
        }
        ps.subscribe(1, Space::Channels, b"c");
        assert!(ps.unsubscribe(1, Space::Patterns, b"p2"));
        ps.subscribe(1, Space::Patterns, b"p2");
        assert_eq!(ps.unsubscribe_all(1, Space::Patterns), ["p1", "p3", "p2"]);
        assert_eq!(ps.unsubscribe_all(1, Space::Patterns), Vec::<Bytes>::new());
        assert_eq!(ps.subscription_count(1), 1);
        assert_eq!(ps.active(Space::Patterns), 3, "client 2 still on them");
        assert_eq!(ps.unsubscribe_all(1, Space::Channels), ["c"]);
        assert!(!ps.is_subscribed(1));
        assert_eq!(ps.active(Space::Channels), 0);
        ps.audit().unwrap();
    }

    #[test]
    fn deliveries_are_written_in_the_receivers_protocol() {
        let delivery = Delivery {
            target: 1,
            kind: MessageKind::PMessage(Bytes::from_static(b"c*")),
            channel: Bytes::from_static(b"ch"),
            payload: Bytes::from_static(b"m"),
        };
        let mut out = Vec::new();
        delivery.write(&mut ReplyWriter::new(&mut out, Protocol::Resp3));
        assert_eq!(
            out,
            b">4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$1\r\nm\r\n"
        );
    }
}
