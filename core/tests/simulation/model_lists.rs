//! The model of the list commands beyond LPUSH/RPUSH/LPOP/RPOP: LINDEX,
//! LINSERT, LLEN, LMOVE, LMPOP, LPOS, LPUSHX, LRANGE, LREM, LSET, LTRIM,
//! RPOPLPUSH, RPUSHX, written from Redis's documented behaviour (and
//! replies recorded from redis-server 7.0.15), as plainly as possible.

use std::collections::VecDeque;

use super::model::{
    bulk, bulk_array, error, int, null_array, null_bulk, parse_int, simple, Entry, Model, Value,
    NOT_INTEGER, SYNTAX, WRONGTYPE,
};

/// Arity of the list commands modelled here (name lower-case).
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"llen" => 2,
        b"lindex" | b"rpoplpush" => 3,
        b"lrange" | b"lrem" | b"lset" | b"ltrim" => 4,
        b"linsert" | b"lmove" => 5,
        b"lpushx" | b"rpushx" | b"lpos" => -3,
        b"lmpop" => -4,
        _ => return None,
    })
}

fn is(arg: &[u8], word: &str) -> bool {
    arg.eq_ignore_ascii_case(word.as_bytes())
}

/// LEFT (true) or RIGHT (false); None for anything else.
fn left(arg: &[u8]) -> Option<bool> {
    if is(arg, "left") {
        Some(true)
    } else if is(arg, "right") {
        Some(false)
    } else {
        None
    }
}

/// An index (negative from the tail) as a position in `len` items.
fn at(index: i64, len: usize) -> Option<usize> {
    let i = if index < 0 {
        len as i128 + index as i128
    } else {
        index as i128
    };
    (i >= 0 && i < len as i128).then_some(i as usize)
}

/// What looking a key up for a list command finds.
enum Found<'a> {
    Missing,
    List(&'a mut VecDeque<Vec<u8>>),
    Other,
}

impl Model {
    fn list_at(&mut self, db: usize, key: &[u8], now: u64) -> Found<'_> {
        match self.entry(db, key, now) {
            None => Found::Missing,
            Some(Entry {
                value: Value::List(list),
                ..
            }) => Found::List(list),
            Some(_) => Found::Other,
        }
    }

    /// Runs one of the commands [`arity`] knows (arity already checked).
    pub fn list_command(
        &mut self,
        db: usize,
        resp3: bool,
        args: &[Vec<u8>],
        name: &str,
        now: u64,
    ) -> Vec<u8> {
        match name {
            "llen" => match self.list_at(db, &args[1], now) {
                Found::Missing => int(0),
                Found::List(list) => int(list.len() as i64),
                Found::Other => error(WRONGTYPE),
            },
            "lindex" => match self.list_at(db, &args[1], now) {
                Found::Missing => null_bulk(resp3),
                Found::Other => error(WRONGTYPE),
                Found::List(list) => match parse_int(&args[2]) {
                    None => error(NOT_INTEGER),
                    Some(i) => match at(i, list.len()) {
                        Some(i) => bulk(&list[i]),
                        None => null_bulk(resp3),
                    },
                },
            },
            "lrange" => {
                let (Some(start), Some(stop)) = (parse_int(&args[2]), parse_int(&args[3])) else {
                    return error(NOT_INTEGER);
                };
                match self.list_at(db, &args[1], now) {
                    Found::Missing => bulk_array(&[]),
                    Found::Other => error(WRONGTYPE),
                    Found::List(list) => {
                        // Every position whose index, counted from either
                        // end, falls in [start, stop].
                        let len = list.len() as i128;
                        let norm = |i: i64| if i < 0 { len + i as i128 } else { i as i128 };
                        let (start, stop) = (norm(start), norm(stop));
                        let items: Vec<Vec<u8>> = (0..list.len())
                            .filter(|&i| start <= i as i128 && i as i128 <= stop)
                            .map(|i| list[i].clone())
                            .collect();
                        bulk_array(&items)
                    }
                }
            }
            "ltrim" => {
                let (Some(start), Some(stop)) = (parse_int(&args[2]), parse_int(&args[3])) else {
                    return error(NOT_INTEGER);
                };
                match self.list_at(db, &args[1], now) {
                    Found::Missing => {}
                    Found::Other => return error(WRONGTYPE),
                    Found::List(list) => {
                        let len = list.len() as i128;
                        let norm = |i: i64| if i < 0 { len + i as i128 } else { i as i128 };
                        let (start, stop) = (norm(start), norm(stop));
                        let kept: VecDeque<Vec<u8>> = (0..list.len())
                            .filter(|&i| start <= i as i128 && i as i128 <= stop)
                            .map(|i| list[i].clone())
                            .collect();
                        *list = kept;
                    }
                }
                self.drop_if_empty(db, &args[1]);
                simple("OK")
            }
            "lset" => match self.list_at(db, &args[1], now) {
                Found::Missing => error(b"ERR no such key"),
                Found::Other => error(WRONGTYPE),
                Found::List(list) => match parse_int(&args[2]) {
                    None => error(NOT_INTEGER),
                    Some(i) => match at(i, list.len()) {
                        None => error(b"ERR index out of range"),
                        Some(i) => {
                            list[i] = args[3].clone();
                            simple("OK")
                        }
                    },
                },
            },
            "linsert" => {
                let after = if is(&args[2], "after") {
                    true
                } else if is(&args[2], "before") {
                    false
                } else {
                    return error(SYNTAX);
                };
                match self.list_at(db, &args[1], now) {
                    Found::Missing => int(0),
                    Found::Other => error(WRONGTYPE),
                    Found::List(list) => match list.iter().position(|item| *item == args[3]) {
                        None => int(-1),
                        Some(i) => {
                            list.insert(i + after as usize, args[4].clone());
                            int(list.len() as i64)
                        }
                    },
                }
            }
            "lrem" => {
                let Some(count) = parse_int(&args[2]) else {
                    return error(NOT_INTEGER);
                };
                let removed = match self.list_at(db, &args[1], now) {
                    Found::Missing => 0,
                    Found::Other => return error(WRONGTYPE),
                    Found::List(list) => {
                        let mut order: Vec<usize> = (0..list.len()).collect();
                        if count < 0 {
                            order.reverse();
                        }
                        let limit = if count == 0 {
                            u64::MAX
                        } else {
                            count.unsigned_abs()
                        };
                        let mut doomed = Vec::new();
                        for i in order {
                            if (doomed.len() as u64) < limit && list[i] == args[3] {
                                doomed.push(i);
                            }
                        }
                        let kept: VecDeque<Vec<u8>> = (0..list.len())
                            .filter(|i| !doomed.contains(i))
                            .map(|i| list[i].clone())
                            .collect();
                        *list = kept;
                        doomed.len() as i64
                    }
                };
                self.drop_if_empty(db, &args[1]);
                int(removed)
            }
            "lpushx" | "rpushx" => match self.list_at(db, &args[1], now) {
                Found::Missing => int(0),
                Found::Other => error(WRONGTYPE),
                Found::List(list) => {
                    for item in &args[2..] {
                        if name == "lpushx" {
                            list.push_front(item.clone());
                        } else {
                            list.push_back(item.clone());
                        }
                    }
                    int(list.len() as i64)
                }
            },
            "lmove" | "rpoplpush" => {
                let (from_left, to_left) = if name == "rpoplpush" {
                    (false, true)
                } else {
                    match (left(&args[3]), left(&args[4])) {
                        (Some(from), Some(to)) => (from, to),
                        _ => return error(SYNTAX),
                    }
                };
                self.lmove(db, resp3, &args[1], &args[2], from_left, to_left, now)
            }
            "lmpop" => self.lmpop(db, resp3, args, now),
            "lpos" => self.lpos(db, resp3, args, now),
            other => unreachable!("{other} is no list command of this model"),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn lmove(
        &mut self,
        db: usize,
        resp3: bool,
        source: &[u8],
        destination: &[u8],
        from_left: bool,
        to_left: bool,
        now: u64,
    ) -> Vec<u8> {
        match self.list_at(db, source, now) {
            Found::Missing => return null_bulk(resp3),
            Found::Other => return error(WRONGTYPE),
            Found::List(_) => {}
        }
        if let Found::Other = self.list_at(db, destination, now) {
            return error(WRONGTYPE);
        }
        let Found::List(list) = self.list_at(db, source, now) else {
            unreachable!("checked above");
        };
        let item = if from_left {
            list.pop_front()
        } else {
            list.pop_back()
        }
        .expect("stored lists are never empty");
        // Pushed before the source is looked at again: the same list as
        // both ends is rotated, never deleted (its deadline stays).
        if self.entry(db, destination, now).is_none() {
            self.dbs[db].insert(
                destination.to_vec(),
                Entry {
                    value: Value::List(VecDeque::new()),
                    deadline: None,
                },
            );
        }
        let Found::List(target) = self.list_at(db, destination, now) else {
            unreachable!("a list is there now");
        };
        if to_left {
            target.push_front(item.clone());
        } else {
            target.push_back(item.clone());
        }
        self.drop_if_empty(db, source);
        bulk(&item)
    }

    fn lmpop(&mut self, db: usize, resp3: bool, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let numkeys = match parse_int(&args[1]) {
            Some(n) if n > 0 => n as u64,
            _ => return error(b"ERR numkeys should be greater than 0"),
        };
        // numkeys keys, then LEFT|RIGHT.
        if numkeys + 2 >= args.len() as u64 {
            return error(SYNTAX);
        }
        let keys = &args[2..2 + numkeys as usize];
        let mut rest = args[2 + numkeys as usize..].iter();
        let Some(from_left) = rest.next().and_then(|w| left(w)) else {
            return error(SYNTAX);
        };
        let mut count = None;
        while let Some(option) = rest.next() {
            if !is(option, "count") || count.is_some() {
                return error(SYNTAX);
            }
            let Some(value) = rest.next() else {
                return error(SYNTAX);
            };
            match parse_int(value) {
                Some(n) if n > 0 => count = Some(n as u64),
                _ => return error(b"ERR count should be greater than 0"),
            }
        }
        for key in keys {
            match self.list_at(db, key, now) {
                Found::Missing => continue,
                Found::Other => return error(WRONGTYPE),
                Found::List(list) => {
                    let mut popped = Vec::new();
                    while (popped.len() as u64) < count.unwrap_or(1) {
                        let item = if from_left {
                            list.pop_front()
                        } else {
                            list.pop_back()
                        };
                        match item {
                            Some(item) => popped.push(item),
                            None => break,
                        }
                    }
                    self.drop_if_empty(db, key);
                    let mut reply = b"*2\r\n".to_vec();
                    reply.extend(bulk(key));
                    reply.extend(bulk_array(&popped));
                    return reply;
                }
            }
        }
        null_array(resp3)
    }

    fn lpos(&mut self, db: usize, resp3: bool, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let (mut rank, mut count, mut maxlen) = (1i64, None, 0u64);
        let mut rest = args[3..].iter();
        while let Some(option) = rest.next() {
            let known = is(option, "rank") || is(option, "count") || is(option, "maxlen");
            let Some(value) = rest.next().filter(|_| known) else {
                return error(SYNTAX);
            };
            let n = parse_int(value);
            if is(option, "rank") {
                match n {
                    None => return error(NOT_INTEGER),
                    Some(0) => return error(b"ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"),
                    Some(n) => rank = n,
                }
            } else if is(option, "count") {
                match n {
                    Some(n) if n >= 0 => count = Some(n as u64),
                    _ => return error(b"ERR COUNT can't be negative"),
                }
            } else {
                match n {
                    Some(n) if n >= 0 => maxlen = n as u64,
                    _ => return error(b"ERR MAXLEN can't be negative"),
                }
            }
        }
        let list = match self.list_at(db, &args[1], now) {
            Found::Missing if count.is_some() => return bulk_array(&[]),
            Found::Missing => return null_bulk(resp3),
            Found::Other => return error(WRONGTYPE),
            Found::List(list) => list,
        };
        let mut order: Vec<usize> = (0..list.len()).collect();
        if rank < 0 {
            order.reverse();
        }
        if maxlen > 0 {
            order.truncate(maxlen as usize);
        }
        // The rank-th match on (|rank| - 1 skipped), then up to COUNT of
        // them (0: all). Redis cannot negate -2^63: it then takes every
        // match from the tail, whatever COUNT says.
        let (skip, limit) = if rank == i64::MIN {
            (0, count.map(|_| u64::MAX))
        } else {
            (
                rank.unsigned_abs() - 1,
                count.map(|c| if c == 0 { u64::MAX } else { c }),
            )
        };
        let found: Vec<usize> = order
            .into_iter()
            .filter(|&i| list[i] == args[2])
            .skip(skip as usize)
            .take(limit.unwrap_or(1).min(usize::MAX as u64) as usize)
            .collect();
        match limit {
            None => match found.first() {
                Some(&i) => int(i as i64),
                None => null_bulk(resp3),
            },
            Some(_) => {
                let mut reply = format!("*{}\r\n", found.len()).into_bytes();
                for i in found {
                    reply.extend(int(i as i64));
                }
                reply
            }
        }
    }
}
