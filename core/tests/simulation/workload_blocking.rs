//! Random blocking pops, CLIENT UNBLOCK, and the writes that wake or
//! puzzle blocked clients, for the workload: a few keys take most of the
//! traffic so clients block on keys other clients push to; timeouts are
//! mostly a few milliseconds to a couple of seconds (the clock's jumps
//! reach them), sometimes forever, sometimes malformed.

use super::rng::Rng;
use super::workload::{cased, one_of, value, KEYS};

/// A key: mostly one of the few the blocking commands share.
fn key(rng: &mut Rng) -> Vec<u8> {
    if rng.chance(80) {
        rng.pick(&[&b"a"[..], b"b", b"k:1", b"bin\0\r\nkey"])
            .to_vec()
    } else {
        rng.pick(KEYS).to_vec()
    }
}

fn keys(rng: &mut Rng, args: &mut Vec<Vec<u8>>, n: i64) {
    for _ in 0..n {
        args.push(key(rng));
    }
}

/// A timeout in seconds: mostly long enough (a tenth of a second to two
/// seconds) for other clients to push meanwhile, sometimes a few
/// milliseconds, sometimes malformed. Waiting forever is rare when the
/// client is alone (nobody could serve or unblock it; only a reconnect
/// ends it).
fn timeout(rng: &mut Rng, clients: usize) -> Vec<u8> {
    let forever = if clients > 1 { 12 } else { 2 };
    let text = match rng.weighted(&[forever, 15, 30, 30, 7]) {
        0 => *rng.pick(&["0", "0.0", "-0.0001"]),
        1 => *rng.pick(&["0.001", "0.005", "0.01", "0.05", "0.0001", "1e-2"]),
        2 => *rng.pick(&["0.1", "0.25", ".5", "0.5", "0.333", "+0.2"]),
        3 => *rng.pick(&["1", "1.5", "2", "5.", "2E0"]),
        _ => *rng.pick(&[
            "abc", "-1", "-0.5", "nan", "inf", "1e400", "", " 1", "1e5000",
        ]),
    };
    text.as_bytes().to_vec()
}

fn end(rng: &mut Rng) -> Vec<u8> {
    if rng.chance(4) {
        cased(rng, "up")
    } else {
        one_of(rng, &["left", "right"])
    }
}

/// numkeys, the keys, then the `ends` word and an optional COUNT, for
/// BLMPOP and BZMPOP (after their timeout); sometimes wrong.
fn multi_pop(rng: &mut Rng, args: &mut Vec<Vec<u8>>, ends: &[&str]) {
    let n = rng.range(1, 3);
    args.push(match rng.below(14) {
        0 => b"0".to_vec(),
        1 => b"x".to_vec(),
        2 => (n + 1).to_string().into_bytes(),
        _ => n.to_string().into_bytes(),
    });
    keys(rng, args, n);
    if rng.chance(4) {
        args.push(cased(rng, "middle"));
    } else {
        args.push(one_of(rng, ends));
    }
    match rng.below(12) {
        0..=6 => {}
        7..=9 => args.extend([
            cased(rng, "count"),
            rng.range(1, 3).to_string().into_bytes(),
        ]),
        10 => args.extend([cased(rng, "count"), rng.pick(&[&b"0"[..], b"x"]).to_vec()]),
        _ => args.push(cased(rng, "count")),
    }
}

/// One command of this share of the workload. `ids` are the simulated
/// clients' ids (CLIENT UNBLOCK names them), `own` the sender's. Under
/// eviction BLMOVE and BRPOPLPUSH are left out: served, they could grow
/// memory in the middle of another client's command.
pub fn command(rng: &mut Rng, ids: &[u64], own: u64, evict: bool) -> Vec<Vec<u8>> {
    let moves = if evict { 0 } else { 8 };
    let clients = ids.len();
    let mut args: Vec<Vec<u8>> = Vec::new();
    match rng.weighted(&[16, 8, moves, moves / 2, 6, 6, 8, 18, 12, 5, 5, 5]) {
        0 => {
            args.push(one_of(rng, &["blpop", "brpop"]));
            let n = rng.range(1, 3);
            keys(rng, &mut args, n);
            args.push(timeout(rng, clients));
        }
        1 => {
            args.push(one_of(rng, &["bzpopmin", "bzpopmax"]));
            let n = rng.range(1, 3);
            keys(rng, &mut args, n);
            args.push(timeout(rng, clients));
        }
        2 => args.extend([
            cased(rng, "blmove"),
            key(rng),
            key(rng),
            end(rng),
            end(rng),
            timeout(rng, clients),
        ]),
        3 => args.extend([
            cased(rng, "brpoplpush"),
            key(rng),
            key(rng),
            timeout(rng, clients),
        ]),
        4 => {
            args.extend([cased(rng, "blmpop"), timeout(rng, clients)]);
            multi_pop(rng, &mut args, &["left", "right"]);
        }
        5 => {
            args.extend([cased(rng, "bzmpop"), timeout(rng, clients)]);
            multi_pop(rng, &mut args, &["min", "max"]);
        }
        6 => {
            let others: Vec<u64> = ids.iter().copied().filter(|&id| id != own).collect();
            let id = match rng.below(10) {
                0..=6 if !others.is_empty() => rng.pick(&others).to_string().into_bytes(),
                0..=7 => own.to_string().into_bytes(),
                8 => rng.pick(&[&b"0"[..], b"-1", b"999999"]).to_vec(),
                _ => rng.pick(&[&b"x"[..], b""]).to_vec(),
            };
            args.extend([cased(rng, "client"), cased(rng, "unblock"), id]);
            match rng.below(12) {
                0..=3 => {}
                4..=6 => args.push(cased(rng, "timeout")),
                7..=9 => args.push(cased(rng, "error")),
                10 => args.push(cased(rng, "maybe")),
                _ => args.extend([cased(rng, "timeout"), cased(rng, "error")]),
            }
        }
        7 => {
            args.extend([one_of(rng, &["lpush", "rpush"]), key(rng)]);
            for _ in 0..rng.range(1, 3) {
                args.push(value(rng, evict));
            }
        }
        8 => {
            args.extend([cased(rng, "zadd"), key(rng)]);
            for _ in 0..rng.range(1, 3) {
                args.push(rng.pick(&[&b"1"[..], b"2", b"-1.5", b"inf"]).to_vec());
                args.push(rng.pick(&[&b"m"[..], b"n", b"o"]).to_vec());
            }
        }
        9 => {
            // A key of another type, or none, where clients wait.
            match rng.below(3) {
                0 => args.extend([cased(rng, "set"), key(rng), value(rng, evict)]),
                1 => args.extend([cased(rng, "del"), key(rng)]),
                _ => args.extend([cased(rng, "sadd"), key(rng), b"m".to_vec()]),
            }
        }
        10 => {
            // Keys added whole: RENAME and COPY (which wake waiters) and a
            // sorted-set store (which overwrites without waking them).
            match rng.below(3) {
                0 => args.extend([one_of(rng, &["rename", "renamenx"]), key(rng), key(rng)]),
                1 => {
                    args.extend([cased(rng, "copy"), key(rng), key(rng)]);
                    if rng.chance(50) {
                        args.push(cased(rng, "replace"));
                    }
                }
                _ => args.extend([
                    one_of(rng, &["zunionstore", "zinterstore"]),
                    key(rng),
                    b"1".to_vec(),
                    key(rng),
                ]),
            }
        }
        _ => {
            // Back to the database most clients share, so clients meet on
            // keys (the workload's SELECTs scatter them).
            args.extend([cased(rng, "select"), b"0".to_vec()]);
        }
    }
    args
}

/// A write that may serve a client waiting on `key` for a list (`list`)
/// or a sorted set: mostly a push of the wanted type, sometimes another
/// way to add the key, or a value of the other type.
pub fn feed(rng: &mut Rng, key: &[u8], list: bool, evict: bool) -> Vec<Vec<u8>> {
    let key = key.to_vec();
    match rng.below(10) {
        0..=6 if list => {
            let mut args = vec![one_of(rng, &["lpush", "rpush"]), key];
            for _ in 0..rng.range(1, 3) {
                args.push(value(rng, evict));
            }
            args
        }
        0..=6 => {
            let mut args = vec![cased(rng, "zadd"), key];
            for _ in 0..rng.range(1, 3) {
                args.push(rng.pick(&[&b"1"[..], b"2", b"-1.5"]).to_vec());
                args.push(rng.pick(&[&b"m"[..], b"n", b"o"]).to_vec());
            }
            args
        }
        // (Under eviction the simulation keeps moves away from waiters.)
        7 if evict => vec![one_of(rng, &["rename", "copy"]), self::key(rng), key],
        7 if rng.chance(50) => vec![cased(rng, "rpoplpush"), self::key(rng), key],
        7 => vec![
            cased(rng, "lmove"),
            self::key(rng),
            key,
            one_of(rng, &["left", "right"]),
            one_of(rng, &["left", "right"]),
        ],
        8 => vec![one_of(rng, &["rename", "copy"]), self::key(rng), key],
        _ if list => vec![cased(rng, "zadd"), key, b"1".to_vec(), b"m".to_vec()],
        _ => vec![cased(rng, "rpush"), key, b"v".to_vec()],
    }
}
