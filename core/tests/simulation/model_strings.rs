//! The model of the string commands beyond GET and SET: counters, APPEND,
//! STRLEN, GETRANGE, SETRANGE, GETDEL, GETSET, SETNX, GETEX, MGET, MSET,
//! MSETNX, and SETBIT, GETBIT, BITCOUNT. Plain byte vectors, written from
//! Redis's documented behaviour, independently of the core.

use super::model::eq;
use super::model::null_bulk;
use super::model::{
    bulk, error, int, parse_int, simple, ClientModel, Entry, Model, SetExpire, Value,
};

const WRONGTYPE: &[u8] = b"WRONGTYPE Operation against a key holding the wrong kind of value";
const NOT_INTEGER: &[u8] = b"ERR value is not an integer or out of range";
const SYNTAX: &[u8] = b"ERR syntax error";
const OVERFLOW: &[u8] = b"ERR increment or decrement would overflow";
const DECREMENT_OVERFLOW: &[u8] = b"ERR decrement would overflow";
const BIT_OFFSET: &[u8] = b"ERR bit offset is not an integer or out of range";
const BIT_VALUE: &[u8] = b"ERR bit is not an integer or out of range";
const OFFSET_RANGE: &[u8] = b"ERR offset is out of range";
/// `proto-max-bulk-len`, which the simulation never changes.
const MAX_BULK: i64 = 512 * 1024 * 1024;

/// Arity as Redis declares it (name included), for these commands.
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"incr" | b"decr" | b"getdel" | b"strlen" => 2,
        b"incrby" | b"decrby" | b"append" | b"getset" | b"setnx" | b"getbit" => 3,
        b"getrange" | b"substr" | b"setrange" | b"setbit" => 4,
        b"getex" | b"mget" | b"bitcount" => -2,
        b"mset" | b"msetnx" => -3,
        _ => return None,
    })
}

impl Model {
    /// The string at `key`: `Ok(None)` when missing, WRONGTYPE's reply for
    /// another type.
    fn string(&mut self, db: usize, key: &[u8], now: u64) -> Result<Option<Vec<u8>>, Vec<u8>> {
        match self.entry(db, key, now) {
            None => Ok(None),
            Some(Entry {
                value: Value::Str(v),
                ..
            }) => Ok(Some(v.clone())),
            Some(_) => Err(error(WRONGTYPE)),
        }
    }

    /// Replaces a string's bytes keeping its deadline, or creates it.
    fn put(&mut self, db: usize, key: &[u8], bytes: Vec<u8>, now: u64) {
        match self.entry(db, key, now) {
            Some(entry) => entry.value = Value::Str(bytes),
            None => {
                self.dbs[db].insert(
                    key.to_vec(),
                    Entry {
                        value: Value::Str(bytes),
                        deadline: None,
                    },
                );
            }
        }
    }

    /// Stores a new string, without a deadline.
    fn replace(&mut self, db: usize, key: &[u8], bytes: &[u8]) {
        self.dbs[db].insert(
            key.to_vec(),
            Entry {
                value: Value::Str(bytes.to_vec()),
                deadline: None,
            },
        );
    }

    /// Runs one of this file's commands (arity already checked); `None`
    /// for a command that is not one of them.
    pub fn exec_string(
        &mut self,
        client: &mut ClientModel,
        args: &[Vec<u8>],
        name: &str,
        now: u64,
    ) -> Option<Vec<u8>> {
        let (db, resp3) = (client.db, client.resp3);
        let reply = match name {
            "incr" => self.add(db, &args[1], 1, now),
            "decr" => self.add(db, &args[1], -1, now),
            "incrby" => match parse_int(&args[2]) {
                None => error(NOT_INTEGER),
                Some(by) => self.add(db, &args[1], by, now),
            },
            "decrby" => match parse_int(&args[2]) {
                None => error(NOT_INTEGER),
                Some(i64::MIN) => error(DECREMENT_OVERFLOW),
                Some(by) => self.add(db, &args[1], -by, now),
            },
            "append" => match self.string(db, &args[1], now) {
                Err(reply) => reply,
                Ok(current) => {
                    let mut bytes = current.unwrap_or_default();
                    bytes.extend_from_slice(&args[2]);
                    let len = bytes.len();
                    self.put(db, &args[1], bytes, now);
                    int(len as i64)
                }
            },
            "strlen" => match self.string(db, &args[1], now) {
                Err(reply) => reply,
                Ok(v) => int(v.map_or(0, |v| v.len()) as i64),
            },
            "getrange" | "substr" => match (parse_int(&args[2]), parse_int(&args[3])) {
                (Some(start), Some(end)) => match self.string(db, &args[1], now) {
                    Err(reply) => reply,
                    Ok(v) => bulk(&substring(&v.unwrap_or_default(), start, end)),
                },
                _ => error(NOT_INTEGER),
            },
            "setrange" => self.setrange(db, args, now),
            "getdel" => match self.string(db, &args[1], now) {
                Err(reply) => reply,
                Ok(None) => null_bulk(resp3),
                Ok(Some(v)) => {
                    self.dbs[db].remove(&args[1]);
                    bulk(&v)
                }
            },
            "getset" => match self.string(db, &args[1], now) {
                Err(reply) => reply,
                Ok(old) => {
                    self.replace(db, &args[1], &args[2]);
                    old.map_or_else(|| null_bulk(resp3), |v| bulk(&v))
                }
            },
            "setnx" => {
                if self.entry(db, &args[1], now).is_some() {
                    int(0)
                } else {
                    self.replace(db, &args[1], &args[2]);
                    int(1)
                }
            }
            "getex" => self.getex(client, args, now),
            "mget" => {
                let mut out = format!("*{}\r\n", args.len() - 1).into_bytes();
                for key in &args[1..] {
                    match self.string(db, key, now) {
                        Ok(Some(v)) => out.extend(bulk(&v)),
                        _ => out.extend(null_bulk(resp3)),
                    }
                }
                out
            }
            "mset" | "msetnx" if args.len().is_multiple_of(2) => {
                error(format!("ERR wrong number of arguments for '{name}' command").as_bytes())
            }
            "mset" => {
                for pair in args[1..].chunks(2) {
                    self.replace(db, &pair[0], &pair[1]);
                }
                simple("OK")
            }
            "msetnx" => {
                let exists = args[1..]
                    .chunks(2)
                    .any(|pair| self.entry(db, &pair[0], now).is_some());
                if exists {
                    int(0)
                } else {
                    for pair in args[1..].chunks(2) {
                        self.replace(db, &pair[0], &pair[1]);
                    }
                    int(1)
                }
            }
            "setbit" => self.setbit(db, args, now),
            "getbit" => match bit_offset(&args[2]) {
                None => error(BIT_OFFSET),
                Some(offset) => match self.string(db, &args[1], now) {
                    Err(reply) => reply,
                    Ok(v) => int(bit(&v.unwrap_or_default(), offset) as i64),
                },
            },
            "bitcount" => self.bitcount(db, args, now),
            _ => return None,
        };
        Some(reply)
    }

    fn add(&mut self, db: usize, key: &[u8], by: i64, now: u64) -> Vec<u8> {
        let value = match self.string(db, key, now) {
            Err(reply) => return reply,
            Ok(None) => 0,
            Ok(Some(v)) => match parse_int(&v) {
                None => return error(NOT_INTEGER),
                Some(n) => n,
            },
        };
        match value.checked_add(by) {
            None => error(OVERFLOW),
            Some(sum) => {
                self.put(db, key, sum.to_string().into_bytes(), now);
                int(sum)
            }
        }
    }

    fn setrange(&mut self, db: usize, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let offset = match parse_int(&args[2]) {
            None => return error(NOT_INTEGER),
            Some(n) if n < 0 => return error(OFFSET_RANGE),
            Some(n) => n,
        };
        let value = &args[3];
        let current = match self.string(db, &args[1], now) {
            Err(reply) => return reply,
            Ok(current) => current,
        };
        if value.is_empty() {
            return int(current.map_or(0, |v| v.len()) as i64);
        }
        if offset
            .checked_add(value.len() as i64)
            .is_none_or(|end| end > MAX_BULK)
        {
            return error(b"ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        let mut bytes = current.unwrap_or_default();
        let end = offset as usize + value.len();
        if bytes.len() < end {
            bytes.resize(end, 0);
        }
        bytes[offset as usize..end].copy_from_slice(value);
        let len = bytes.len();
        self.put(db, &args[1], bytes, now);
        int(len as i64)
    }

    fn getex(&mut self, client: &ClientModel, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let db = client.db;
        let mut persist = false;
        let mut expire: Option<(SetExpire, &[u8])> = None;
        let mut i = 2;
        while i < args.len() {
            let option = &args[i];
            let form = if eq(option, "persist") && expire.is_none() {
                persist = true;
                i += 1;
                continue;
            } else if eq(option, "ex") {
                SetExpire::Ex
            } else if eq(option, "px") {
                SetExpire::Px
            } else if eq(option, "exat") {
                SetExpire::ExAt
            } else if eq(option, "pxat") {
                SetExpire::PxAt
            } else {
                return error(SYNTAX);
            };
            let Some(amount) = args.get(i + 1) else {
                return error(SYNTAX);
            };
            if persist || expire.is_some_and(|(f, _)| f != form) {
                return error(SYNTAX);
            }
            expire = Some((form, amount));
            i += 2;
        }
        let value = match self.string(db, &args[1], now) {
            Err(reply) => return reply,
            Ok(None) => return null_bulk(client.resp3),
            Ok(Some(v)) => v,
        };
        let deadline = match expire {
            None => None,
            Some((form, amount)) => match self.set_deadline(form, amount, "getex", now) {
                Err(reply) => return reply,
                Ok(at) => Some(at),
            },
        };
        match deadline {
            Some(at) if at <= now => {
                self.dbs[db].remove(&args[1]);
            }
            Some(at) => {
                if let Some(entry) = self.entry(db, &args[1], now) {
                    entry.deadline = Some(at);
                }
            }
            None if persist => {
                if let Some(entry) = self.entry(db, &args[1], now) {
                    entry.deadline = None;
                }
            }
            None => {}
        }
        bulk(&value)
    }

    fn setbit(&mut self, db: usize, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let Some(offset) = bit_offset(&args[2]) else {
            return error(BIT_OFFSET);
        };
        let on = match parse_int(&args[3]) {
            Some(0) => false,
            Some(1) => true,
            _ => return error(BIT_VALUE),
        };
        let mut bytes = match self.string(db, &args[1], now) {
            Err(reply) => return reply,
            Ok(v) => v.unwrap_or_default(),
        };
        let byte = (offset / 8) as usize;
        if bytes.len() <= byte {
            bytes.resize(byte + 1, 0);
        }
        let old = bit(&bytes, offset);
        let mask = 0x80u8 >> (offset % 8);
        if on {
            bytes[byte] |= mask;
        } else {
            bytes[byte] &= !mask;
        }
        self.put(db, &args[1], bytes, now);
        int(old as i64)
    }

    fn bitcount(&mut self, db: usize, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let bytes = match self.string(db, &args[1], now) {
            Err(reply) => return reply,
            Ok(None) => return int(0),
            Ok(Some(v)) => v,
        };
        let bits = bytes.len() as i64 * 8;
        // The range in bits, inclusive.
        let (first, last) = match args.len() {
            2 => (0, bits - 1),
            4 | 5 => {
                let (Some(start), Some(end)) = (parse_int(&args[2]), parse_int(&args[3])) else {
                    return error(NOT_INTEGER);
                };
                let in_bits = match args.get(4) {
                    None => false,
                    Some(unit) if eq(unit, "bit") => true,
                    Some(unit) if eq(unit, "byte") => false,
                    Some(_) => return error(SYNTAX),
                };
                if start < 0 && end < 0 && start > end {
                    return int(0);
                }
                let len = if in_bits { bits } else { bytes.len() as i64 };
                let fix = |i: i64| if i < 0 { (len + i).max(0) } else { i };
                let (start, end) = (fix(start), fix(end).min(len - 1));
                if start > end {
                    return int(0);
                }
                if in_bits {
                    (start, end)
                } else {
                    (start * 8, end * 8 + 7)
                }
            }
            _ => return error(SYNTAX),
        };
        int((first..=last)
            .filter(|&i| bit(&bytes, i as u64) == 1)
            .count() as i64)
    }
}

/// A SETBIT/GETBIT offset: non-negative, its byte under 512MB.
fn bit_offset(arg: &[u8]) -> Option<u64> {
    parse_int(arg)
        .filter(|&n| n >= 0 && n >> 3 < MAX_BULK)
        .map(|n| n as u64)
}

fn bit(bytes: &[u8], offset: u64) -> u8 {
    bytes
        .get((offset / 8) as usize)
        .map_or(0, |b| (b >> (7 - offset % 8)) & 1)
}

/// GETRANGE's clamping: negative indexes from the end, an empty result
/// for an empty or inverted range.
fn substring(bytes: &[u8], start: i64, end: i64) -> Vec<u8> {
    let len = bytes.len() as i64;
    if (start < 0 && end < 0 && start > end) || len == 0 {
        return Vec::new();
    }
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start
    };
    let end = if end < 0 { (len + end).max(0) } else { end }.min(len - 1);
    if start > end {
        return Vec::new();
    }
    bytes[start as usize..=end as usize].to_vec()
}
