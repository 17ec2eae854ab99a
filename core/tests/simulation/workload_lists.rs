//! Random list commands beyond push and pop, for the workload: items come
//! from a tiny set so pivots, LREM and LPOS find matches, indexes cluster
//! around the ends of short lists, and malformed arguments appear often
//! enough to exercise every error in its place.

use super::rng::Rng;
use super::workload::{bad_number, cased, one_of, value, KEYS};

/// A key: mostly one of two, so lists live long enough between the other
/// commands that overwrite or delete keys to grow and be searched.
fn key(rng: &mut Rng) -> Vec<u8> {
    if rng.chance(85) {
        rng.pick(&[&b"a"[..], b"bin\0\r\nkey"]).to_vec()
    } else {
        rng.pick(KEYS).to_vec()
    }
}

/// A list item: mostly one of a few short ones, so searches find them.
fn item(rng: &mut Rng, evict: bool) -> Vec<u8> {
    match rng.below(10) {
        0..=7 => rng.pick(&[&b"a"[..], b"b", b"c", b""]).to_vec(),
        _ => value(rng, evict),
    }
}

/// An index or count: small, either sign, sometimes extreme or malformed.
fn index(rng: &mut Rng) -> Vec<u8> {
    match rng.below(20) {
        0 => bad_number(rng),
        1 => rng
            .pick(&[
                &b"9223372036854775807"[..],
                b"-9223372036854775808",
                b"100",
                b"-100",
            ])
            .to_vec(),
        _ => rng.range(-5, 5).to_string().into_bytes(),
    }
}

fn end(rng: &mut Rng) -> Vec<u8> {
    if rng.chance(5) {
        cased(rng, "up")
    } else {
        one_of(rng, &["left", "right"])
    }
}

/// One list command, as its argument vector.
pub fn command(rng: &mut Rng, evict: bool) -> Vec<Vec<u8>> {
    let name = *rng.pick(&[
        "lindex",
        "linsert",
        "llen",
        "lmove",
        "lmpop",
        "lpos",
        "lpushx",
        "lrange",
        "lrem",
        "lset",
        "ltrim",
        "rpoplpush",
        "rpushx",
        // Lists of the few items above, long enough for searches to find
        // several matches.
        "rpush",
        "lpush",
        "rpush",
    ]);
    let mut args = vec![cased(rng, name), key(rng)];
    match name {
        "llen" => {}
        "lindex" => args.push(index(rng)),
        "lrange" | "ltrim" => args.extend([index(rng), index(rng)]),
        "lrem" => args.extend([index(rng), item(rng, evict)]),
        "lset" => args.extend([index(rng), item(rng, evict)]),
        "linsert" => {
            let place = match rng.below(12) {
                0 => cased(rng, "middle"),
                _ => one_of(rng, &["before", "after"]),
            };
            args.extend([place, item(rng, evict), item(rng, evict)]);
        }
        "lpush" | "rpush" => {
            for _ in 0..rng.range(1, 8) {
                args.push(item(rng, evict));
            }
        }
        "lpushx" | "rpushx" => {
            for _ in 0..rng.range(1, 3) {
                args.push(item(rng, evict));
            }
        }
        "rpoplpush" => args.push(key(rng)),
        "lmove" => args.extend([key(rng), end(rng), end(rng)]),
        "lpos" => {
            args.push(item(rng, evict));
            for _ in 0..*rng.pick(&[0, 0, 1, 1, 2, 3]) {
                let option = *rng.pick(&["rank", "count", "maxlen", "bogus"]);
                args.push(cased(rng, option));
                if rng.chance(95) {
                    args.push(index(rng));
                }
            }
        }
        _ => {
            // LMPOP numkeys key ... LEFT|RIGHT [COUNT n]: args[1] is the
            // numkeys; usually right, sometimes too many or malformed.
            let keys = rng.range(1, 3);
            args[1] = match rng.below(12) {
                0 => index(rng),
                1 => (keys + 1).to_string().into_bytes(),
                _ => keys.to_string().into_bytes(),
            };
            for _ in 0..keys {
                args.push(key(rng));
            }
            args.push(end(rng));
            match rng.below(10) {
                0..=4 => {}
                5..=7 => args.extend([
                    cased(rng, "count"),
                    rng.range(1, 4).to_string().into_bytes(),
                ]),
                8 => args.extend([cased(rng, "count"), index(rng)]),
                _ => args.push(cased(rng, "count")),
            }
        }
    }
    args
}
