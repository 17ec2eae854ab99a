//! Random stream commands for the workload: IDs from a tiny range of
//! milliseconds and sequences (explicit, `ms-*` and ms-only, so equal,
//! smaller and 0-0 IDs are common), exact MAXLEN trims, and ranges with
//! inclusive, exclusive and open bounds. No `*` IDs: the model has no
//! wall clock to derive them from.

use super::rng::Rng;
use super::workload::{cased, value, KEYS};

/// A key: mostly `c`, so a stream grows between the commands that
/// overwrite or delete keys, or `st`, which only stream commands name, so
/// consumer groups live long enough to deliver, pend and be acknowledged.
fn key(rng: &mut Rng) -> Vec<u8> {
    match rng.below(20) {
        0..=8 => b"c".to_vec(),
        9..=16 => b"st".to_vec(),
        _ => rng.pick(KEYS).to_vec(),
    }
}

fn small(rng: &mut Rng, hi: i64) -> String {
    rng.range(0, hi).to_string()
}

/// An ID for XADD: `ms-seq`, `ms-*`, `ms`, or rarely malformed.
fn add_id(rng: &mut Rng) -> Vec<u8> {
    match rng.below(20) {
        0 => b"abc".to_vec(),
        1 => b"0-0".to_vec(),
        2..=7 => format!("{}-*", small(rng, 8)).into_bytes(),
        8..=9 => small(rng, 8).into_bytes(),
        _ => format!("{}-{}", small(rng, 8), small(rng, 3)).into_bytes(),
    }
}

/// A range bound: `-`, `+`, an ID or ms, sometimes exclusive or malformed.
fn bound(rng: &mut Rng) -> Vec<u8> {
    let id = match rng.below(10) {
        0..=2 => small(rng, 8),
        _ => format!("{}-{}", small(rng, 8), small(rng, 3)),
    };
    match rng.below(20) {
        0..=3 => b"-".to_vec(),
        4..=7 => b"+".to_vec(),
        8 => b"(-".to_vec(),
        9 => b"x".to_vec(),
        10..=13 => format!("({id}").into_bytes(),
        _ => id.into_bytes(),
    }
}

/// `MAXLEN [=] n`, n small (rarely negative).
fn maxlen(rng: &mut Rng, args: &mut Vec<Vec<u8>>) {
    args.push(cased(rng, "maxlen"));
    if rng.chance(50) {
        args.push(b"=".to_vec());
    }
    args.push(match rng.below(12) {
        0 => b"-1".to_vec(),
        _ => small(rng, 5).into_bytes(),
    });
}

/// One stream command, as its argument vector.
pub fn command(rng: &mut Rng, evict: bool) -> Vec<Vec<u8>> {
    let name = *rng.pick(&[
        "xadd",
        "xadd",
        "xadd",
        "xadd",
        "xrange",
        "xrevrange",
        "xdel",
        "xtrim",
        "xlen",
        "group",
        "group",
        "group",
        "group",
        "group",
    ]);
    if name == "group" {
        return group_command(rng);
    }
    let mut args = vec![cased(rng, name), key(rng)];
    match name {
        "xlen" => {}
        "xadd" => {
            if rng.chance(15) {
                maxlen(rng, &mut args);
            }
            args.push(add_id(rng));
            let pairs = rng.range(1, 3);
            for _ in 0..pairs {
                args.push(rng.pick(&[&b"f"[..], b"g"]).to_vec());
                args.push(value(rng, evict));
            }
            if rng.chance(5) {
                args.pop();
            }
        }
        "xrange" | "xrevrange" => {
            args.extend([bound(rng), bound(rng)]);
            match rng.below(10) {
                0..=5 => {}
                6..=8 => args.extend([cased(rng, "count"), small(rng, 4).into_bytes()]),
                _ => args.push(cased(rng, "count")),
            }
        }
        "xdel" => {
            for _ in 0..rng.range(1, 3) {
                args.push(match rng.below(12) {
                    0 => b"+".to_vec(),
                    _ => format!("{}-{}", small(rng, 8), small(rng, 3)).into_bytes(),
                });
            }
        }
        _ => {
            maxlen(rng, &mut args);
        }
    }
    args
}

/// A consumer group name: two, so DESTROY and NOGROUP both come up.
fn group(rng: &mut Rng) -> Vec<u8> {
    rng.pick(&[&b"g1"[..], b"g2"]).to_vec()
}

/// An explicit ID for XGROUP CREATE and XACK, in the range XADD uses.
fn group_id(rng: &mut Rng) -> Vec<u8> {
    match rng.below(6) {
        0 => b"0".to_vec(),
        1 => small(rng, 8).into_bytes(),
        _ => format!("{}-{}", small(rng, 8), small(rng, 3)).into_bytes(),
    }
}

/// One consumer-group command (model_stream_groups.rs): XGROUP CREATE
/// [MKSTREAM] / DESTROY, XREADGROUP ... STREAMS key > without BLOCK, XACK,
/// and XPENDING's summary. No time-dependent replies.
fn group_command(rng: &mut Rng) -> Vec<Vec<u8>> {
    match rng.below(11) {
        0..=2 => {
            let id = match rng.below(4) {
                0 => b"$".to_vec(),
                _ => group_id(rng),
            };
            let mut args = vec![
                cased(rng, "xgroup"),
                cased(rng, "create"),
                key(rng),
                group(rng),
                id,
            ];
            if rng.chance(70) {
                args.push(cased(rng, "mkstream"));
            }
            args
        }
        3 => vec![
            cased(rng, "xgroup"),
            cased(rng, "destroy"),
            key(rng),
            group(rng),
        ],
        4..=6 => vec![
            cased(rng, "xreadgroup"),
            cased(rng, "group"),
            group(rng),
            rng.pick(&[&b"alice"[..], b"bob"]).to_vec(),
            cased(rng, "count"),
            small(rng, 4).into_bytes(),
            cased(rng, "streams"),
            key(rng),
            b">".to_vec(),
        ],
        7..=8 => {
            let mut args = vec![cased(rng, "xack"), key(rng), group(rng)];
            for _ in 0..rng.range(1, 3) {
                args.push(group_id(rng));
            }
            args
        }
        _ => vec![cased(rng, "xpending"), key(rng), group(rng)],
    }
}
