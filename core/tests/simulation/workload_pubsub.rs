//! Random Pub/Sub commands for the workload: a few channels (binary and
//! empty ones included), patterns that match several of them at once, two
//! shard channels, and publishes far more often than anything else, so
//! subscribers of either protocol read messages between their replies.

use super::rng::Rng;
use super::workload::{cased, value};

const CHANNELS: &[&[u8]] = &[b"ch", b"news", b"n:1", b"", b"c\r\n\0x"];
const PATTERNS: &[&[u8]] = &[
    b"*", b"n*", b"ch", b"n?1", b"[cn]*", b"\\*", b"c*", b"n[^e]*",
];
const SHARD: &[&[u8]] = &[b"s1", b"ch"];

fn names(rng: &mut Rng, args: &mut Vec<Vec<u8>>, from: &[&[u8]], lo: i64, hi: i64) {
    for _ in 0..rng.range(lo, hi) {
        args.push(rng.pick(from).to_vec());
    }
}

/// One Pub/Sub command, or a PING (which subscribed mode answers in its
/// own way), or a HELLO (RESP3 subscribers run anything and read pushes
/// between their replies; a switch back to RESP2 puts a subscriber in
/// subscribed mode).
pub fn command(rng: &mut Rng, evict: bool) -> Vec<Vec<u8>> {
    let mut args = Vec::new();
    match rng.weighted(&[12, 10, 8, 7, 30, 5, 4, 8, 5, 4, 12]) {
        0 => {
            args.push(cased(rng, "subscribe"));
            names(rng, &mut args, CHANNELS, 1, 3);
        }
        1 => {
            args.push(cased(rng, "unsubscribe"));
            names(rng, &mut args, CHANNELS, 0, 2);
        }
        2 => {
            args.push(cased(rng, "psubscribe"));
            names(rng, &mut args, PATTERNS, 1, 2);
        }
        3 => {
            args.push(cased(rng, "punsubscribe"));
            names(rng, &mut args, PATTERNS, 0, 2);
        }
        4 => args.extend([
            cased(rng, "publish"),
            rng.pick(CHANNELS).to_vec(),
            value(rng, evict),
        ]),
        5 => {
            args.push(cased(rng, "ssubscribe"));
            names(rng, &mut args, SHARD, 1, 2);
        }
        6 => {
            args.push(cased(rng, "sunsubscribe"));
            names(rng, &mut args, SHARD, 0, 2);
        }
        7 => args.extend([
            cased(rng, "spublish"),
            rng.pick(SHARD).to_vec(),
            value(rng, evict),
        ]),
        8 => {
            args.push(cased(rng, "pubsub"));
            match rng.below(3) {
                0 => {
                    args.push(cased(rng, "numsub"));
                    names(rng, &mut args, CHANNELS, 0, 2);
                }
                1 => {
                    args.push(cased(rng, "shardnumsub"));
                    names(rng, &mut args, SHARD, 0, 2);
                }
                _ => args.push(cased(rng, "numpat")),
            }
        }
        9 => {
            args.push(cased(rng, "ping"));
            if rng.chance(40) {
                args.push(value(rng, evict));
            }
        }
        _ => {
            let version: &[u8] = if rng.chance(80) { b"3" } else { b"2" };
            args.extend([cased(rng, "hello"), version.to_vec()]);
        }
    }
    args
}

/// A way out of RESP2 subscribed mode: unsubscribing from everything in
/// one of the namespaces the client has subscriptions in (`has`:
/// channels, patterns, shard channels).
pub fn leave(rng: &mut Rng, has: [bool; 3]) -> Vec<Vec<u8>> {
    let words = ["unsubscribe", "punsubscribe", "sunsubscribe"];
    let held: Vec<&str> = words
        .iter()
        .zip(has)
        .filter(|(_, has)| *has)
        .map(|(w, _)| *w)
        .collect();
    let word = if held.is_empty() {
        *rng.pick(&words)
    } else {
        *rng.pick(&held)
    };
    vec![cased(rng, word)]
}
