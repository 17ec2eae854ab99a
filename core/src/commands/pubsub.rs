//! Pub/Sub commands: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE,
//! PUBLISH, SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH and PUBSUB's CHANNELS,
//! NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB, HELP.
//!
//! The registry is the store's ([`crate::store::PubSub`]); a publish only
//! queues deliveries there, which the engine writes to the receivers after
//! the command. Each (un)subscription is confirmed on its own as a push
//! (an array in RESP2) carrying the client's running count: channels plus
//! patterns for the channel and pattern commands, shard channels for the
//! shard ones, as Redis 7.0 counts. While a RESP2 client has any
//! subscription the dispatcher lets it run only these commands, PING, QUIT
//! and RESET (see `engine/dispatch.rs`).

use super::args::Args;
use super::errors;
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::store::Space;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("subscribe", -2, PUBSUB | NOSCRIPT | LOADING | STALE, subscribe)
        .acl(&["@pubsub", "@slow"])
        .doc("Listen for messages published to the given channels", "2.0.0", "pubsub", "O(N) where N is the number of channels to subscribe to.")
        .args(&[
            arg("channel", "string").multiple(),
        ]),
    Command::new("unsubscribe", -1, PUBSUB | NOSCRIPT | LOADING | STALE, unsubscribe)
        .acl(&["@pubsub", "@slow"])
        .doc("Stop listening for messages posted to the given channels", "2.0.0", "pubsub", "O(N) where N is the number of clients already subscribed to a channel.")
        .args(&[
            arg("channel", "string").optional().multiple(),
        ]),
    Command::new("psubscribe", -2, PUBSUB | NOSCRIPT | LOADING | STALE, psubscribe)
        .acl(&["@pubsub", "@slow"])
        .doc("Listen for messages published to channels matching the given patterns", "2.0.0", "pubsub", "O(N) where N is the number of patterns the client is already subscribed to.")
        .args(&[
            arg("pattern", "block").multiple().args(&[
                    arg("pattern", "pattern"),
                ]),
        ]),
    Command::new("punsubscribe", -1, PUBSUB | NOSCRIPT | LOADING | STALE, punsubscribe)
        .acl(&["@pubsub", "@slow"])
        .doc("Stop listening for messages posted to channels matching the given patterns", "2.0.0", "pubsub", "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).")
        .args(&[
            arg("pattern", "pattern").optional().multiple(),
        ]),
    Command::new("publish", 3, PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE, publish)
        .acl(&["@pubsub", "@fast"])
        .doc("Post a message to a channel", "2.0.0", "pubsub", "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).")
        .args(&[
            arg("channel", "string"),
            arg("message", "string"),
        ]),
    Command::container("pubsub", -2, 0, PUBSUB_SUBCOMMANDS)
        .acl(&["@slow"])
        .doc("A container for Pub/Sub commands", "2.8.0", "pubsub", "Depends on subcommand."),
    Command::new("ssubscribe", -2, PUBSUB | NOSCRIPT | LOADING | STALE, ssubscribe)
        .keys(1, -1, 1)
        .acl(&["@pubsub", "@slow"])
        .key_specs(&[KeySpec::new(&["not_key"], 1, (-1, 1, 0))])
        .doc("Listen for messages published to the given shard channels", "7.0.0", "pubsub", "O(N) where N is the number of shard channels to subscribe to.")
        .args(&[
            arg("shardchannel", "string").multiple(),
        ]),
    Command::new("sunsubscribe", -1, PUBSUB | NOSCRIPT | LOADING | STALE, sunsubscribe)
        .keys(1, -1, 1)
        .acl(&["@pubsub", "@slow"])
        .key_specs(&[KeySpec::new(&["not_key"], 1, (-1, 1, 0))])
        .doc("Stop listening for messages posted to the given shard channels", "7.0.0", "pubsub", "O(N) where N is the number of clients already subscribed to a shard channel.")
        .args(&[
            arg("shardchannel", "string").optional().multiple(),
        ]),
    Command::new("spublish", 3, PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE, spublish)
        .keys(1, 1, 1)
        .acl(&["@pubsub", "@fast"])
        .key_specs(&[KeySpec::new(&["not_key"], 1, (0, 1, 0))])
        .doc("Post a message to a shard channel", "7.0.0", "pubsub", "O(N) where N is the number of clients subscribed to the receiving shard channel.")
        .args(&[
            arg("shardchannel", "string"),
            arg("message", "string"),
        ]),
];

const PUBSUB_SUBCOMMANDS: &[Command] = &[
    Command::new("pubsub|numsub", -2, PUBSUB | LOADING | STALE, pubsub_numsub)
        .acl(&["@pubsub", "@slow"])
        .doc("Get the count of subscribers for channels", "2.8.0", "pubsub", "O(N) for the NUMSUB subcommand, where N is the number of requested channels")
        .args(&[
            arg("channel", "string").optional().multiple(),
        ]),
    Command::new("pubsub|help", 2, LOADING | STALE, pubsub_help)
        .acl(&["@slow"])
        .doc("Show helpful text about the different subcommands", "6.2.0", "pubsub", "O(1)"),
    Command::new("pubsub|numpat", 2, PUBSUB | LOADING | STALE, pubsub_numpat)
        .acl(&["@pubsub", "@slow"])
        .doc("Get the count of unique patterns pattern subscriptions", "2.8.0", "pubsub", "O(1)"),
    Command::new("pubsub|shardnumsub", -2, PUBSUB | LOADING | STALE, pubsub_shardnumsub)
        .acl(&["@pubsub", "@slow"])
        .doc("Get the count of subscribers for shard channels", "7.0.0", "pubsub", "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels")
        .args(&[
            arg("shardchannel", "string").optional().multiple(),
        ]),
    Command::new("pubsub|channels", -2, PUBSUB | LOADING | STALE, pubsub_channels)
        .acl(&["@pubsub", "@slow"])
        .doc("List active channels", "2.8.0", "pubsub", "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)")
        .args(&[
            arg("pattern", "pattern").optional(),
        ]),
    Command::new("pubsub|shardchannels", -2, PUBSUB | LOADING | STALE, pubsub_shardchannels)
        .acl(&["@pubsub", "@slow"])
        .doc("List active shard channels", "7.0.0", "pubsub", "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).")
        .args(&[
            arg("pattern", "pattern").optional(),
        ]),
];

/// The commands a RESP2 client with subscriptions may still run (Redis's
/// list in `processCommand`), by description name.
pub(crate) const ALLOWED_WHILE_SUBSCRIBED: &[&str] = &[
    "subscribe",
    "ssubscribe",
    "psubscribe",
    "unsubscribe",
    "sunsubscribe",
    "punsubscribe",
    "ping",
    "quit",
    "reset",
];

/// The words of one namespace's confirmations.
struct Verbs {
    space: Space,
    subscribe: &'static [u8],
    unsubscribe: &'static [u8],
}

const CHANNELS: Verbs = Verbs {
    space: Space::Channels,
    subscribe: b"subscribe",
    unsubscribe: b"unsubscribe",
};
const PATTERNS: Verbs = Verbs {
    space: Space::Patterns,
    subscribe: b"psubscribe",
    unsubscribe: b"punsubscribe",
};
const SHARD: Verbs = Verbs {
    space: Space::Shard,
    subscribe: b"ssubscribe",
    unsubscribe: b"sunsubscribe",
};

/// The running count a confirmation in `space` carries.
fn count(ctx: &Ctx, space: Space) -> i64 {
    let pubsub = &ctx.store.pubsub;
    let id = ctx.client.id;
    let n = match space {
        Space::Channels | Space::Patterns => pubsub.subscription_count(id),
        Space::Shard => pubsub.shard_subscription_count(id),
    };
    n as i64
}

/// `<verb> <name or nil> <count>`, as a push (an array in RESP2).
fn confirm(ctx: &mut Ctx, verb: &[u8], name: Option<&[u8]>, space: Space) {
    let count = count(ctx, space);
    let mut w = ctx.reply();
    w.push(3);
    w.bulk(verb);
    match name {
        Some(name) => w.bulk(name),
        None => w.null_bulk(),
    }
    w.integer(count);
}

/// SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE: one confirmation per name, a name
/// already subscribed included.
fn subscribe_in(ctx: &mut Ctx, args: &mut Args, verbs: &Verbs) -> Reply {
    for name in args.by_ref() {
        ctx.store.pubsub.subscribe(ctx.client.id, verbs.space, name);
        confirm(ctx, verbs.subscribe, Some(name), verbs.space);
    }
    Ok(())
}

/// UNSUBSCRIBE, PUNSUBSCRIBE, SUNSUBSCRIBE: one confirmation per name
/// given (subscribed or not); without names, one per subscription the
/// client had, or a single one with a nil name when it had none.
fn unsubscribe_in(ctx: &mut Ctx, args: &mut Args, verbs: &Verbs) -> Reply {
    let id = ctx.client.id;
    if args.is_empty() {
        let names = ctx.store.pubsub.unsubscribe_all(id, verbs.space);
        if names.is_empty() {
            confirm(ctx, verbs.unsubscribe, None, verbs.space);
        }
        // All are gone at once; each confirmation counts what was still
        // left after it, as removing them one by one would.
        let left = count(ctx, verbs.space);
        let mut w = ctx.reply();
        for (i, name) in names.iter().enumerate() {
            w.push(3);
            w.bulk(verbs.unsubscribe);
            w.bulk(name);
            w.integer(left + (names.len() - 1 - i) as i64);
        }
        return Ok(());
    }
    for name in args.by_ref() {
        ctx.store.pubsub.unsubscribe(id, verbs.space, name);
        confirm(ctx, verbs.unsubscribe, Some(name), verbs.space);
    }
    Ok(())
}

/// SUBSCRIBE channel [channel ...]
fn subscribe(ctx: &mut Ctx, args: &mut Args) -> Reply {
    subscribe_in(ctx, args, &CHANNELS)
}

/// UNSUBSCRIBE [channel ...]
fn unsubscribe(ctx: &mut Ctx, args: &mut Args) -> Reply {
    unsubscribe_in(ctx, args, &CHANNELS)
}

/// PSUBSCRIBE pattern [pattern ...]
fn psubscribe(ctx: &mut Ctx, args: &mut Args) -> Reply {
    subscribe_in(ctx, args, &PATTERNS)
}

/// PUNSUBSCRIBE [pattern ...]
fn punsubscribe(ctx: &mut Ctx, args: &mut Args) -> Reply {
    unsubscribe_in(ctx, args, &PATTERNS)
}

/// SSUBSCRIBE shardchannel [shardchannel ...]
fn ssubscribe(ctx: &mut Ctx, args: &mut Args) -> Reply {
    subscribe_in(ctx, args, &SHARD)
}

/// SUNSUBSCRIBE [shardchannel ...]
fn sunsubscribe(ctx: &mut Ctx, args: &mut Args) -> Reply {
    unsubscribe_in(ctx, args, &SHARD)
}

/// PUBLISH channel message: the number of receivers.
fn publish(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (channel, message) = (args.next_arg()?, args.next_arg()?);
    let receivers = ctx.store.publish(channel, message);
    ctx.reply().integer(receivers as i64);
    Ok(())
}

/// SPUBLISH shardchannel message: the number of receivers.
fn spublish(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (channel, message) = (args.next_arg()?, args.next_arg()?);
    let receivers = ctx.store.spublish(channel, message);
    ctx.reply().integer(receivers as i64);
    Ok(())
}

/// CHANNELS / SHARDCHANNELS [pattern]: the active names matching it.
fn list_names(ctx: &mut Ctx, args: &mut Args, space: Space) -> Reply {
    let pattern = match args.rest() {
        [] => None,
        [pattern] => Some(*pattern),
        _ => return Err(subcommand_syntax(args)),
    };
    let names = ctx.store.pubsub.matching(space, pattern);
    let mut w = ctx.reply();
    w.array(names.len());
    for name in &names {
        w.bulk(name);
    }
    Ok(())
}

/// NUMSUB / SHARDNUMSUB [name ...]: each name with its subscriber count,
/// flat (an array in RESP3 too, as Redis 7.0 answers).
fn count_subscribers(ctx: &mut Ctx, args: &mut Args, space: Space) -> Reply {
    let names = args.rest();
    let pubsub = &ctx.store.pubsub;
    let counts: Vec<usize> = names.iter().map(|n| pubsub.subscribers(space, n)).collect();
    let mut w = ctx.reply();
    w.array(names.len() * 2);
    for (name, count) in names.iter().zip(counts) {
        w.bulk(name);
        w.integer(count as i64);
    }
    Ok(())
}

/// The subcommand syntax error, naming the command and subcommand as typed.
fn subcommand_syntax(args: &Args) -> errors::CommandError {
    match args.command_words() {
        [container, sub, ..] => errors::subcommand_syntax(container, sub),
        _ => errors::subcommand_syntax(b"pubsub", b""),
    }
}

/// PUBSUB CHANNELS [pattern]
fn pubsub_channels(ctx: &mut Ctx, args: &mut Args) -> Reply {
    list_names(ctx, args, Space::Channels)
}

/// PUBSUB SHARDCHANNELS [pattern]
fn pubsub_shardchannels(ctx: &mut Ctx, args: &mut Args) -> Reply {
    list_names(ctx, args, Space::Shard)
}

/// PUBSUB NUMSUB [channel ...]
fn pubsub_numsub(ctx: &mut Ctx, args: &mut Args) -> Reply {
    count_subscribers(ctx, args, Space::Channels)
}

/// PUBSUB SHARDNUMSUB [shardchannel ...]
fn pubsub_shardnumsub(ctx: &mut Ctx, args: &mut Args) -> Reply {
    count_subscribers(ctx, args, Space::Shard)
}

/// PUBSUB NUMPAT: distinct patterns with subscribers.
fn pubsub_numpat(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let patterns = ctx.store.pubsub.active(Space::Patterns);
    ctx.reply().integer(patterns as i64);
    Ok(())
}

/// PUBSUB HELP, line by line, as redis-server 7.0.15 prints it.
const HELP: &[&str] = &[
    "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CHANNELS [<pattern>]",
    "    Return the currently active channels matching a <pattern> (default: '*').",
    "NUMPAT",
    "    Return number of subscriptions to patterns.",
    "NUMSUB [<channel> ...]",
    "    Return the number of subscribers for the specified channels, excluding",
    "    pattern subscriptions(default: no channels).",
    "SHARDCHANNELS [<pattern>]",
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    Return the number of subscribers for the specified shard level channel(s)",
    "HELP",
    "    Prints this help.",
];

/// PUBSUB HELP
fn pubsub_help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let mut w = ctx.reply();
    w.array(HELP.len());
    for line in HELP {
        w.simple(line);
    }
    Ok(())
}
