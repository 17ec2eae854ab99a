//! The set commands in the model: each set a plain `BTreeSet`, each reply
//! as redis-server 7.0.15 gives it. Where Redis leaves the order to its
//! hash table or the members to chance (SMEMBERS and the set algebra,
//! SRANDMEMBER, SSCAN, SPOP), the reply is checked for shape and
//! membership ([`Shape`]). SPOP's choice changes the set: the simulation
//! ends a delivery at each SPOP and tells the model what the core kept
//! ([`Model::settle_pop`]), and the reply must be exactly what went.

use super::model::null_bulk;
use super::model_keys::glob;
use std::collections::BTreeSet;

use super::model::{error, int, parse_int, Entry, Model, Value};

type Members = BTreeSet<Vec<u8>>;

const WRONGTYPE: &[u8] = b"WRONGTYPE Operation against a key holding the wrong kind of value";
const SYNTAX: &[u8] = b"ERR syntax error";
const NOT_INTEGER: &[u8] = b"ERR value is not an integer or out of range";
const NOT_POSITIVE: &[u8] = b"ERR value is out of range, must be positive";

/// Arity as Redis declares it, for the set commands.
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"scard" | b"smembers" => 2,
        b"sismember" => 3,
        b"smove" => 4,
        b"sadd" | b"srem" | b"smismember" | b"sscan" | b"sintercard" => -3,
        b"sinterstore" | b"sunionstore" | b"sdiffstore" => -3,
        b"spop" | b"srandmember" | b"sinter" | b"sunion" | b"sdiff" => -2,
        _ => return None,
    })
}

/// What a reply whose bytes the model cannot know must look like.
#[derive(Clone, Debug)]
pub enum Shape {
    /// A bulk string, one of these.
    OneOf(Members),
    /// `count` bulk strings under a `header` (`*` array or `~` set), each
    /// in `from`, all different when `distinct`.
    Members {
        header: u8,
        count: usize,
        from: Members,
        distinct: bool,
    },
    /// An SSCAN reply: a cursor and distinct members of `from`; all of
    /// them when the call started at cursor 0 and ends there (`whole`).
    Scan { from: Members, whole: bool },
}

/// Reads `<prefix><digits>\r\n` at `pos`; returns the number and the
/// position after it.
fn header(actual: &[u8], pos: usize, prefix: u8) -> Option<(i64, usize)> {
    let rest = actual.get(pos..)?;
    if rest.first() != Some(&prefix) {
        return None;
    }
    let end = rest.windows(2).position(|w| w == b"\r\n")?;
    let n = std::str::from_utf8(&rest[1..end]).ok()?.parse().ok()?;
    Some((n, pos + end + 2))
}

/// Reads a bulk string at `pos`.
fn bulk_at(actual: &[u8], pos: usize) -> Option<(Vec<u8>, usize)> {
    let (len, start) = header(actual, pos, b'$')?;
    let end = start + usize::try_from(len).ok()?;
    let body = actual.get(start..end)?.to_vec();
    (actual.get(end..end + 2)? == b"\r\n").then_some((body, end + 2))
}

/// Reads `count` bulk strings from `pos`.
fn bulks(actual: &[u8], mut pos: usize, count: usize) -> Option<(Vec<Vec<u8>>, usize)> {
    let mut items = Vec::with_capacity(count);
    for _ in 0..count {
        let (item, next) = bulk_at(actual, pos)?;
        items.push(item);
        pos = next;
    }
    Some((items, pos))
}

fn all_in(items: &[Vec<u8>], from: &Members, distinct: bool) -> bool {
    let unique: Members = items.iter().cloned().collect();
    items.iter().all(|i| from.contains(i)) && (!distinct || unique.len() == items.len())
}

impl Shape {
    /// Checks that `actual` starts with a reply of this shape; returns
    /// how many bytes it used, or a description of what was expected.
    pub fn matches(&self, actual: &[u8]) -> Result<usize, Vec<u8>> {
        let expected = || format!("<{self:?}>").into_bytes();
        let used = match self {
            Shape::OneOf(from) => {
                bulk_at(actual, 0).and_then(|(item, end)| from.contains(&item).then_some(end))
            }
            Shape::Members {
                header: prefix,
                count,
                from,
                distinct,
            } => header(actual, 0, *prefix)
                .filter(|&(n, _)| n == *count as i64)
                .and_then(|(_, pos)| bulks(actual, pos, *count))
                .and_then(|(items, end)| all_in(&items, from, *distinct).then_some(end)),
            Shape::Scan { from, whole } => (|| {
                let (n, pos) = header(actual, 0, b'*')?;
                let (cursor, pos) = bulk_at(actual, pos).filter(|_| n == 2)?;
                let (n, pos) = header(actual, pos, b'*')?;
                let (items, end) = bulks(actual, pos, usize::try_from(n).ok()?)?;
                let ok = !cursor.is_empty()
                    && cursor.iter().all(u8::is_ascii_digit)
                    && all_in(&items, from, true)
                    && (!*whole || cursor != b"0" || items.len() == from.len());
                ok.then_some(end)
            })(),
        };
        used.ok_or_else(expected)
    }
}

/// A SPOP the model waits to learn the outcome of.
#[derive(Clone, Debug)]
pub struct PendingPop {
    pub db: usize,
    pub key: Vec<u8>,
    before: Members,
    /// None for SPOP without a count.
    count: Option<usize>,
    resp3: bool,
}

/// A SCAN cursor read as Redis reads one (`strtoul`).
fn cursor_ok(arg: &[u8]) -> bool {
    let text = arg.split(|&b| b == 0).next().unwrap_or_default();
    let digits = match text.first() {
        None => return true,
        Some(b'-' | b'+') => &text[1..],
        Some(_) => text,
    };
    !digits.is_empty()
        && digits.iter().all(u8::is_ascii_digit)
        && std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse::<u64>().ok())
            .is_some()
}

fn set_header(resp3: bool) -> u8 {
    if resp3 {
        b'~'
    } else {
        b'*'
    }
}

/// The expectation of a reply listing exactly `members`, in any order.
fn exactly(members: Members, header: u8) -> Result<Shape, Vec<u8>> {
    Ok(Shape::Members {
        header,
        count: members.len(),
        from: members,
        distinct: true,
    })
}

impl Model {
    /// The set at `key`: `Ok(None)` when missing, `Err` for another type.
    fn set_at(&mut self, db: usize, key: &[u8], now: u64) -> Result<Option<Members>, Vec<u8>> {
        match self.entry(db, key, now) {
            None => Ok(None),
            Some(Entry {
                value: Value::Set(set),
                ..
            }) => Ok(Some(set.clone())),
            Some(_) => Err(error(WRONGTYPE)),
        }
    }

    /// Stores `set` at `key` (deleting the key when empty), keeping its
    /// deadline when `keep_ttl`.
    fn put_set(&mut self, db: usize, key: &[u8], set: Members, keep_ttl: bool, now: u64) {
        let deadline = match self.entry(db, key, now) {
            Some(e) if keep_ttl => e.deadline,
            _ => None,
        };
        if set.is_empty() {
            self.dbs[db].remove(key);
        } else {
            let value = Value::Set(set);
            self.dbs[db].insert(key.to_vec(), Entry { value, deadline });
        }
    }

    /// Every source set in order (missing ones `None`); WRONGTYPE at the
    /// first key of another type.
    fn sources(
        &mut self,
        db: usize,
        keys: &[Vec<u8>],
        now: u64,
    ) -> Result<Vec<Option<Members>>, Vec<u8>> {
        keys.iter().map(|k| self.set_at(db, k, now)).collect()
    }

    /// Runs a set command (arity already checked). `Ok` is an exact reply,
    /// `Err` a shape.
    pub fn exec_set(
        &mut self,
        db: usize,
        resp3: bool,
        name: &str,
        args: &[Vec<u8>],
        now: u64,
    ) -> Result<Vec<u8>, Shape> {
        match self.set_command(db, resp3, name, args, now) {
            Ok(Ok(shape)) => Err(shape),
            Ok(Err(reply)) | Err(reply) => Ok(reply),
        }
    }

    /// `Ok(Ok(shape))` for a shape; `Ok(Err(reply))` or `Err(reply)` for
    /// exact bytes (so `?` returns errors early).
    fn set_command(
        &mut self,
        db: usize,
        resp3: bool,
        name: &str,
        args: &[Vec<u8>],
        now: u64,
    ) -> Result<Result<Shape, Vec<u8>>, Vec<u8>> {
        let key = &args[1];
        let reply = match name {
            "sadd" => {
                let mut set = self.set_at(db, key, now)?.unwrap_or_default();
                let added = args[2..].iter().filter(|m| set.insert(m.to_vec())).count();
                self.put_set(db, key, set, true, now);
                int(added as i64)
            }
            "srem" => match self.set_at(db, key, now)? {
                None => int(0),
                Some(mut set) => {
                    let removed = args[2..].iter().filter(|m| set.remove(*m)).count();
                    self.put_set(db, key, set, true, now);
                    int(removed as i64)
                }
            },
            "scard" => int(self.set_at(db, key, now)?.map_or(0, |s| s.len()) as i64),
            "sismember" => {
                let set = self.set_at(db, key, now)?.unwrap_or_default();
                int(set.contains(&args[2]) as i64)
            }
            "smismember" => {
                let set = self.set_at(db, key, now)?.unwrap_or_default();
                let mut out = format!("*{}\r\n", args.len() - 2).into_bytes();
                for member in &args[2..] {
                    out.extend(int(set.contains(member) as i64));
                }
                out
            }
            "smembers" => {
                let set = self.set_at(db, key, now)?.unwrap_or_default();
                return Ok(exactly(set, set_header(resp3)));
            }
            "smove" => {
                let (src, dst, member) = (&args[1], &args[2], &args[3]);
                let from = self.set_at(db, src, now);
                let to = self.set_at(db, dst, now);
                let Some(mut from) = from? else {
                    return Err(int(0));
                };
                let to = to?;
                if src == dst {
                    return Err(int(from.contains(member) as i64));
                }
                if !from.remove(member) {
                    return Err(int(0));
                }
                self.put_set(db, src, from, true, now);
                let mut to = to.unwrap_or_default();
                to.insert(member.clone());
                self.put_set(db, dst, to, true, now);
                int(1)
            }
            "sinter" | "sunion" | "sdiff" => {
                let result = self.combine(db, name, &args[1..], now)?;
                return Ok(exactly(result, set_header(resp3)));
            }
            "sinterstore" | "sunionstore" | "sdiffstore" => {
                let result = self.combine(db, &name[..name.len() - 5], &args[2..], now)?;
                let len = result.len();
                self.put_set(db, key, result, false, now);
                int(len as i64)
            }
            "sintercard" => {
                let numkeys = parse_int(&args[1])
                    .filter(|&n| n > 0)
                    .ok_or_else(|| error(b"ERR numkeys should be greater than 0"))?;
                if numkeys > args.len() as i64 - 2 {
                    return Err(error(
                        b"ERR Number of keys can't be greater than number of args",
                    ));
                }
                let keys = &args[2..2 + numkeys as usize];
                let mut options = args[2 + numkeys as usize..].iter();
                let mut limit = 0;
                while let Some(option) = options.next() {
                    match options.next() {
                        Some(value) if option.eq_ignore_ascii_case(b"limit") => {
                            limit = parse_int(value)
                                .filter(|&n| n >= 0)
                                .ok_or_else(|| error(b"ERR LIMIT can't be negative"))?;
                        }
                        _ => return Err(error(SYNTAX)),
                    }
                }
                let n = self.combine(db, "sinter", keys, now)?.len() as i64;
                int(if limit > 0 { n.min(limit) } else { n })
            }
            "spop" => return self.spop(db, resp3, args, now),
            "srandmember" => {
                if args.len() > 3 {
                    return Err(error(SYNTAX));
                }
                let count = match args.get(2) {
                    None => None,
                    Some(arg) => match parse_int(arg) {
                        None => return Err(error(NOT_INTEGER)),
                        Some(i64::MIN) => return Err(error(b"ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")),
                        Some(n) => Some(n),
                    },
                };
                let set = self.set_at(db, key, now)?;
                match (set, count) {
                    (None, None) => null_bulk(resp3),
                    (Some(set), None) => return Ok(Ok(Shape::OneOf(set))),
                    (None, Some(_)) | (_, Some(0)) => b"*0\r\n".to_vec(),
                    (Some(set), Some(n)) => {
                        let count = if n < 0 {
                            n.unsigned_abs() as usize
                        } else {
                            (n as usize).min(set.len())
                        };
                        return Ok(Ok(Shape::Members {
                            header: b'*',
                            count,
                            from: set,
                            distinct: n > 0,
                        }));
                    }
                }
            }
            "sscan" => {
                if !cursor_ok(&args[2]) {
                    return Err(error(b"ERR invalid cursor"));
                }
                let Some(set) = self.set_at(db, key, now)? else {
                    return Err(b"*2\r\n$1\r\n0\r\n*0\r\n".to_vec());
                };
                let mut pattern = None;
                let mut options = args[3..].iter();
                while let Some(option) = options.next() {
                    match options.next() {
                        Some(value) if option.eq_ignore_ascii_case(b"count") => {
                            match parse_int(value) {
                                None => return Err(error(NOT_INTEGER)),
                                Some(n) if n < 1 => return Err(error(SYNTAX)),
                                Some(_) => {}
                            }
                        }
                        Some(value) if option.eq_ignore_ascii_case(b"match") => {
                            pattern = Some(value.clone());
                        }
                        _ => return Err(error(SYNTAX)),
                    }
                }
                let from = set
                    .into_iter()
                    .filter(|m| pattern.as_ref().is_none_or(|p| glob(p, m)))
                    .collect();
                let whole = args[2] == b"0";
                return Ok(Ok(Shape::Scan { from, whole }));
            }
            other => unreachable!("{other} is no set command"),
        };
        Ok(Err(reply))
    }

    /// SINTER / SUNION / SDIFF of `keys` (name without STORE).
    fn combine(
        &mut self,
        db: usize,
        op: &str,
        keys: &[Vec<u8>],
        now: u64,
    ) -> Result<Members, Vec<u8>> {
        let sets = self.sources(db, keys, now)?;
        let mut sets = sets.into_iter();
        let first = sets.next().flatten().unwrap_or_default();
        Ok(match op {
            "sinter" => sets.fold(first, |acc, s| {
                let s = s.unwrap_or_default();
                acc.intersection(&s).cloned().collect()
            }),
            "sunion" => sets.fold(first, |acc, s| {
                acc.union(&s.unwrap_or_default()).cloned().collect()
            }),
            _ => sets.fold(first, |acc, s| {
                acc.difference(&s.unwrap_or_default()).cloned().collect()
            }),
        })
    }

    fn spop(
        &mut self,
        db: usize,
        resp3: bool,
        args: &[Vec<u8>],
        now: u64,
    ) -> Result<Result<Shape, Vec<u8>>, Vec<u8>> {
        if args.len() > 3 {
            return Err(error(SYNTAX));
        }
        let count = match args.get(2) {
            None => None,
            Some(arg) => match parse_int(arg) {
                Some(n) if n >= 0 => Some(n as usize),
                _ => return Err(error(NOT_POSITIVE)),
            },
        };
        let empty = format!("{}0\r\n", set_header(resp3) as char).into_bytes();
        match (self.set_at(db, &args[1], now)?, count) {
            (None, None) => Err(null_bulk(resp3)),
            (None, Some(_)) | (Some(_), Some(0)) => Err(empty),
            (Some(before), count) => {
                self.pending_pop = Some(PendingPop {
                    db,
                    key: args[1].clone(),
                    before,
                    count,
                    resp3,
                });
                // Replaced once the outcome is known (settle_pop).
                Err(b"<SPOP outcome not settled>".to_vec())
            }
        }
    }

    /// The SPOP just run, if it removed members the model cannot choose.
    pub fn pending_pop(&self) -> Option<(usize, Vec<u8>)> {
        self.pending_pop.as_ref().map(|p| (p.db, p.key.clone()))
    }

    /// Learns what SPOP left (`kept`, the core's SMEMBERS right after
    /// it), checks it is a possible outcome, and returns the exact
    /// expectation of SPOP's reply.
    pub fn settle_pop(&mut self, kept: Vec<Vec<u8>>, now: u64) -> Result<Shape, String> {
        let pop = self.pending_pop.take().expect("a SPOP is pending");
        let kept: Members = kept.into_iter().collect();
        let wanted = pop.count.unwrap_or(1).min(pop.before.len());
        if !kept.is_subset(&pop.before) || kept.len() != pop.before.len() - wanted {
            return Err(format!(
                "after SPOP of {wanted} from {:?} the core holds {kept:?}",
                pop.before
            ));
        }
        let popped: Members = pop.before.difference(&kept).cloned().collect();
        self.put_set(pop.db, &pop.key, kept, true, now);
        Ok(match pop.count {
            None => Shape::OneOf(popped),
            Some(_) => Shape::Members {
                header: set_header(pop.resp3),
                count: popped.len(),
                from: popped,
                distinct: true,
            },
        })
    }
}

/// Parses a RESP2 array of bulk strings (the observer's SMEMBERS).
pub fn parse_members(reply: &[u8]) -> Option<Vec<Vec<u8>>> {
    let (n, pos) = header(reply, 0, b'*')?;
    let (items, end) = bulks(reply, pos, usize::try_from(n).ok()?)?;
    (end == reply.len()).then_some(items)
}

/// Whether `args` is a command the workload may send whose effect is
/// random (a delivery ends with it, see the module documentation).
pub fn random_write(args: &[Vec<u8>]) -> bool {
    args[0].eq_ignore_ascii_case(b"spop")
}

#[test]
fn shapes_accept_what_they_describe() {
    let from: Members = [b"a".to_vec(), b"bc".to_vec()].into_iter().collect();
    let both = Shape::Members {
        header: b'~',
        count: 2,
        from: from.clone(),
        distinct: true,
    };
    assert_eq!(both.matches(b"~2\r\n$2\r\nbc\r\n$1\r\na\r\n:1\r\n"), Ok(19));
    assert!(both.matches(b"*2\r\n$2\r\nbc\r\n$1\r\na\r\n").is_err());
    assert!(both.matches(b"~2\r\n$1\r\na\r\n$1\r\na\r\n").is_err());
    let scan = Shape::Scan { from, whole: true };
    assert!(scan.matches(b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n").is_err());
    assert!(scan.matches(b"*2\r\n$1\r\n5\r\n*1\r\n$1\r\na\r\n").is_ok());
    assert!(glob(b"[a1]*", b"abc") && !glob(b"?", b"ab") && glob(b"*c", b"abc"));
    assert!(cursor_ok(b"-1") && cursor_ok(b"") && !cursor_ok(b"18446744073709551616"));
}
