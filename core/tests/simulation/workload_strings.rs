//! Random string commands beyond GET and SET (modelled in
//! `model_strings.rs`): counters, APPEND, STRLEN, GETRANGE, SETRANGE,
//! GETDEL, GETSET, SETNX, GETEX, MGET, MSET, MSETNX, SETBIT, GETBIT,
//! BITCOUNT, over the shared tiny key space.

use super::rng::Rng;
use super::workload::{bad_number, cased, key, millis, one_of, seconds, value};

/// An index or offset: small, sometimes negative, sometimes not a number.
fn index(rng: &mut Rng) -> Vec<u8> {
    match rng.below(12) {
        0 => bad_number(rng),
        1..=3 => rng.range(-12, -1).to_string().into_bytes(),
        _ => rng.range(0, 14).to_string().into_bytes(),
    }
}

/// An increment: mostly small, sometimes at the edges of i64.
fn increment(rng: &mut Rng) -> Vec<u8> {
    match rng.below(14) {
        0 => bad_number(rng),
        1 => b"9223372036854775807".to_vec(),
        2 => b"-9223372036854775808".to_vec(),
        _ => rng.range(-20, 20).to_string().into_bytes(),
    }
}

pub fn command(rng: &mut Rng, evict: bool) -> Vec<Vec<u8>> {
    let mut args = Vec::new();
    match rng.below(15) {
        0 => args.extend([one_of(rng, &["incr", "decr"]), key(rng)]),
        1 => args.extend([one_of(rng, &["incrby", "decrby"]), key(rng), increment(rng)]),
        2 => args.extend([cased(rng, "append"), key(rng), value(rng, evict)]),
        3 => args.extend([cased(rng, "strlen"), key(rng)]),
        4 => args.extend([
            one_of(rng, &["getrange", "substr"]),
            key(rng),
            index(rng),
            index(rng),
        ]),
        5 => args.extend([
            cased(rng, "setrange"),
            key(rng),
            index(rng),
            value(rng, evict),
        ]),
        6 => args.extend([one_of(rng, &["getdel", "strlen"]), key(rng)]),
        7 => args.extend([
            one_of(rng, &["getset", "setnx"]),
            key(rng),
            value(rng, evict),
        ]),
        8 => {
            args.extend([cased(rng, "getex"), key(rng)]);
            match rng.below(8) {
                0 | 1 => {}
                2 => args.push(cased(rng, "persist")),
                3 | 4 => args.extend([cased(rng, "px"), millis(rng)]),
                5 => args.extend([cased(rng, "ex"), seconds(rng)]),
                6 => args.extend([cased(rng, "persist"), cased(rng, "ex"), seconds(rng)]),
                _ => args.push(cased(rng, "bogus")),
            }
        }
        9 => {
            args.push(cased(rng, "mget"));
            for _ in 0..rng.range(1, 4) {
                args.push(key(rng));
            }
        }
        10 | 11 => {
            args.push(one_of(rng, &["mset", "msetnx"]));
            for _ in 0..rng.range(1, 3) {
                args.extend([key(rng), value(rng, evict)]);
            }
            if rng.chance(5) {
                args.push(key(rng)); // a key without its value
            }
        }
        12 => {
            let bit = if rng.chance(10) {
                b"2".to_vec()
            } else {
                rng.range(0, 1).to_string().into_bytes()
            };
            args.extend([cased(rng, "setbit"), key(rng), index(rng), bit]);
        }
        13 => args.extend([cased(rng, "getbit"), key(rng), index(rng)]),
        _ => {
            args.extend([cased(rng, "bitcount"), key(rng)]);
            match rng.below(6) {
                0 | 1 => {}
                2 => args.push(index(rng)),
                3 => args.extend([index(rng), index(rng)]),
                _ => args.extend([
                    index(rng),
                    index(rng),
                    one_of(rng, &["bit", "byte", "bits"]),
                ]),
            }
        }
    }
    args
}
