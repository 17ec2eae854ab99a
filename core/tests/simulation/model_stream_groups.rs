//! The model of stream consumer groups as the workload sends them: XGROUP
//! CREATE (explicit ID, `0` or `$`, MKSTREAM) and DESTROY, non-blocking
//! XREADGROUP with `>`, XACK, and XPENDING's summary form. A group is its
//! last-delivered ID and pending-entries list; replies are spelled as
//! redis-server 7.0.15 writes them (checked by hand against it).

use std::collections::BTreeMap;

use super::model::{
    bulk, error, int, null_array, null_bulk, Entry, Model, Value, NOT_INTEGER, WRONGTYPE,
};
use super::model_streams::{
    entries_reply, id_text, is, parse_id, Found, Id, StreamValue, INVALID_ID,
};

/// One consumer group: what it has delivered and what awaits an XACK.
#[derive(Clone, Debug, Default)]
pub struct Group {
    pub last: Id,
    /// Pending entries: ID -> (consumer, delivery count).
    pub pel: BTreeMap<Id, (Vec<u8>, u64)>,
}

const NO_KEY: &[u8] = b"ERR The XGROUP subcommand requires the key to exist. \
Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";

/// Arity of the group commands modelled here (name lower-case).
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"xgroup" => -2,
        b"xreadgroup" => -7,
        b"xack" => -4,
        b"xpending" => -3,
        _ => return None,
    })
}

/// A strict `ms[-seq]` ID as XGROUP CREATE and XACK read it.
fn strict_id(arg: &[u8]) -> Option<Id> {
    match parse_id(arg, 0, true, false)? {
        (ms, Some(seq)) => Some((ms, seq)),
        _ => None,
    }
}

/// The bytes a C `%s` prints: up to the first NUL.
fn c_str(bytes: &[u8]) -> &[u8] {
    bytes.split(|&b| b == 0).next().unwrap_or(bytes)
}

/// The NOGROUP error, with the client's key and group printed as Redis's
/// `%s` does.
fn nogroup(key: &[u8], group: &[u8], tail: &[u8]) -> Vec<u8> {
    let mut text = b"NOGROUP No such key '".to_vec();
    text.extend(c_str(key));
    text.extend(b"' or consumer group '");
    text.extend(c_str(group));
    text.push(b'\'');
    text.extend(tail);
    error(&text)
}

impl Model {
    /// Runs one of the commands [`arity`] knows (arity already checked;
    /// the workload sends only the shapes documented in the module).
    pub fn group_command(
        &mut self,
        db: usize,
        resp3: bool,
        args: &[Vec<u8>],
        name: &str,
        now: u64,
    ) -> Vec<u8> {
        match name {
            "xgroup" => self.xgroup(db, args, now),
            "xreadgroup" => self.xreadgroup(db, resp3, args, now),
            "xack" => {
                let stream = match self.stream_at(db, &args[1], now) {
                    Found::Other => return error(WRONGTYPE),
                    Found::Missing => return int(0),
                    Found::Stream(s) => s,
                };
                let Some(group) = stream.groups.get_mut(&args[2]) else {
                    return int(0);
                };
                let mut ids = Vec::new();
                for arg in &args[3..] {
                    match strict_id(arg) {
                        Some(id) => ids.push(id),
                        None => return error(INVALID_ID),
                    }
                }
                int(ids
                    .iter()
                    .filter(|id| group.pel.remove(id).is_some())
                    .count() as i64)
            }
            _ => {
                let nogroup = || nogroup(&args[1], &args[2], b"");
                let stream = match self.stream_at(db, &args[1], now) {
                    Found::Other => return error(WRONGTYPE),
                    Found::Missing => return nogroup(),
                    Found::Stream(s) => s,
                };
                let Some(group) = stream.groups.get(&args[2]) else {
                    return nogroup();
                };
                pending_summary(group, resp3)
            }
        }
    }

    fn xgroup(&mut self, db: usize, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let key = &args[2];
        let group = args[3].clone();
        let create = is(&args[1], "create");
        let mkstream = create && args.len() == 6;
        let exists = match self.stream_at(db, key, now) {
            Found::Other => return error(WRONGTYPE),
            Found::Missing => false,
            Found::Stream(_) => true,
        };
        if !exists && !mkstream {
            return error(NO_KEY);
        }
        if !create {
            let Found::Stream(s) = self.stream_at(db, key, now) else {
                unreachable!("checked above");
            };
            return int(i64::from(s.groups.remove(&group).is_some()));
        }
        let id = if args[4] == b"$" {
            None
        } else {
            match strict_id(&args[4]) {
                Some(id) => Some(id),
                None => return error(INVALID_ID),
            }
        };
        if !exists {
            self.insert(
                db,
                key.clone(),
                Entry {
                    value: Value::Stream(StreamValue::default()),
                    deadline: None,
                },
            );
        }
        let Found::Stream(s) = self.stream_at(db, key, now) else {
            unreachable!("exists or just inserted");
        };
        if s.groups.contains_key(&group) {
            return error(b"BUSYGROUP Consumer Group name already exists");
        }
        let last = id.unwrap_or(s.last);
        s.groups.insert(
            group,
            Group {
                last,
                pel: BTreeMap::new(),
            },
        );
        b"+OK\r\n".to_vec()
    }

    /// `XREADGROUP GROUP g c COUNT n STREAMS key >`.
    fn xreadgroup(&mut self, db: usize, resp3: bool, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let (group_name, consumer, key) = (&args[2], &args[3], &args[7]);
        let count = match super::model::parse_int(&args[5]) {
            Some(n) if n > 0 => n as usize,
            Some(_) => usize::MAX,
            None => return error(NOT_INTEGER),
        };
        let stream = match self.stream_at(db, key, now) {
            Found::Other => return error(WRONGTYPE),
            Found::Missing => None,
            Found::Stream(s) => Some(s),
        };
        let Some((entries, group)) = stream.and_then(|s| {
            let group = s.groups.get_mut(group_name.as_slice())?;
            Some((&s.entries, group))
        }) else {
            return nogroup(key, group_name, b" in XREADGROUP with GROUP option");
        };
        let after = match group.last.1.checked_add(1) {
            Some(seq) => (group.last.0, seq),
            None => match group.last.0.checked_add(1) {
                Some(ms) => (ms, 0),
                None => return null_array(resp3),
            },
        };
        let served: Vec<_> = entries.range(after..).take(count).collect();
        if served.is_empty() {
            return null_array(resp3);
        }
        for (id, _) in &served {
            group.pel.insert(**id, (consumer.clone(), 1));
            group.last = **id;
        }
        let mut out = if resp3 {
            b"%1\r\n".to_vec()
        } else {
            b"*1\r\n*2\r\n".to_vec()
        };
        out.extend(bulk(key));
        out.extend(entries_reply(served.into_iter()));
        out
    }
}

/// XPENDING's summary: count, smallest and greatest pending IDs, and the
/// pending count of each consumer with any (in name order, as bulk text).
fn pending_summary(group: &Group, resp3: bool) -> Vec<u8> {
    let mut out = b"*4\r\n".to_vec();
    out.extend(int(group.pel.len() as i64));
    let (Some(first), Some(last)) = (group.pel.keys().next(), group.pel.keys().last()) else {
        out.extend(null_bulk(resp3));
        out.extend(null_bulk(resp3));
        out.extend(null_array(resp3));
        return out;
    };
    out.extend(bulk(&id_text(*first)));
    out.extend(bulk(&id_text(*last)));
    let mut per: BTreeMap<&[u8], u64> = BTreeMap::new();
    for (consumer, _) in group.pel.values() {
        *per.entry(consumer).or_default() += 1;
    }
    out.extend(format!("*{}\r\n", per.len()).into_bytes());
    for (consumer, n) in per {
        out.extend(b"*2\r\n");
        out.extend(bulk(consumer));
        out.extend(bulk(n.to_string().as_bytes()));
    }
    out
}
