//! The reference the restarted server is checked against: the dataset
//! the simulation's writes make, kept apart from the core, and the random
//! write commands themselves.
//!
//! Each key's name fixes its type (`s*` strings holding integers, `l*`
//! lists, `h*` hashes), so no command of the workload fails by itself: a
//! write either applies or is refused as a whole (`-MISCONF`, a
//! transaction's `-EXECABORT`). Times are even milliseconds and relative
//! expiries odd ones, so no deadline ever equals a time the core is
//! called at: whether a key is alive never depends on `<` versus `<=`.

use std::collections::BTreeMap;

use super::rng::Rng;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(Vec<u8>),
    List(Vec<Vec<u8>>),
    Hash(BTreeMap<Vec<u8>, Vec<u8>>),
}

/// Keys with their values and deadlines (core clock milliseconds).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    keys: BTreeMap<Vec<u8>, (Value, Option<u64>)>,
}

/// What a server or the model shows at one moment: the live keys, with
/// deadlines as Unix milliseconds.
pub type View = BTreeMap<Vec<u8>, (Value, Option<u64>)>;

const STRINGS: &[&str] = &["s0", "s1", "s2", "s3"];
const LISTS: &[&str] = &["l0", "l1", "l2"];
const HASHES: &[&str] = &["h0", "h1", "h2"];
const FIELDS: &[&str] = &["f0", "f1", "f2", "f3"];

fn args(words: &[&str]) -> Vec<Vec<u8>> {
    words.iter().map(|w| w.as_bytes().to_vec()).collect()
}

fn word(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len() as u64) as usize]
}

/// A relative expiry in odd milliseconds (see the module's note).
fn odd_ms(rng: &mut Rng) -> String {
    (rng.below(3000) * 2 + 1).to_string()
}

/// One random read command: GET of a string key.
pub fn random_read(rng: &mut Rng) -> Vec<Vec<u8>> {
    args(&["GET", word(rng, STRINGS)])
}

/// One random write command.
pub fn random_write(rng: &mut Rng) -> Vec<Vec<u8>> {
    let any = || [STRINGS, LISTS, HASHES].concat();
    let number = |rng: &mut Rng| (rng.below(2000) as i64 - 500).to_string();
    match rng.below(13) {
        0 | 1 => args(&["SET", word(rng, STRINGS), &number(rng)]),
        2 => args(&["SET", word(rng, STRINGS), &number(rng), "PX", &odd_ms(rng)]),
        3 | 4 => args(&["INCR", word(rng, STRINGS)]),
        5 => args(&["RPUSH", word(rng, LISTS), &number(rng), &number(rng)]),
        6 => args(&["RPUSH", word(rng, LISTS), &number(rng)]),
        7 => args(&["LPOP", word(rng, LISTS)]),
        8 | 9 => args(&["HSET", word(rng, HASHES), word(rng, FIELDS), &number(rng)]),
        10 => args(&["HDEL", word(rng, HASHES), word(rng, FIELDS)]),
        11 => args(&["DEL", word(rng, &any())]),
        _ => match rng.below(3) {
            0 => args(&["PERSIST", word(rng, &any())]),
            _ => args(&["PEXPIRE", word(rng, &any()), &odd_ms(rng)]),
        },
    }
}

fn text(arg: &[u8]) -> u64 {
    std::str::from_utf8(arg)
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0)
}

impl Model {
    fn alive(&mut self, key: &[u8], now: u64) -> Option<&mut (Value, Option<u64>)> {
        if self
            .keys
            .get(key)
            .is_some_and(|(_, deadline)| deadline.is_some_and(|d| d < now))
        {
            self.keys.remove(key);
        }
        self.keys.get_mut(key)
    }

    /// Applies a write the core answered without an error, at `now`.
    pub fn apply(&mut self, command: &[Vec<u8>], now: u64) {
        let name = String::from_utf8_lossy(&command[0]).to_ascii_uppercase();
        if name == "FLUSHALL" {
            self.keys.clear();
            return;
        }
        let key = command[1].clone();
        let entry = self.alive(&key, now);
        match name.as_str() {
            "SET" => {
                let deadline = command.get(4).map(|ms| now + text(ms));
                self.keys
                    .insert(key, (Value::Str(command[2].clone()), deadline));
            }
            "INCR" => match entry {
                Some((Value::Str(v), _)) => {
                    let n: i64 = String::from_utf8_lossy(v).parse().unwrap_or(0);
                    *v = (n + 1).to_string().into_bytes();
                }
                _ => {
                    self.keys.insert(key, (Value::Str(b"1".to_vec()), None));
                }
            },
            "RPUSH" => match entry {
                Some((Value::List(items), _)) => items.extend(command[2..].iter().cloned()),
                _ => {
                    self.keys
                        .insert(key, (Value::List(command[2..].to_vec()), None));
                }
            },
            "LPOP" => {
                if let Some((Value::List(items), _)) = entry {
                    items.remove(0);
                    if items.is_empty() {
                        self.keys.remove(&key);
                    }
                }
            }
            "HSET" => match entry {
                Some((Value::Hash(fields), _)) => {
                    fields.insert(command[2].clone(), command[3].clone());
                }
                _ => {
                    let fields = BTreeMap::from([(command[2].clone(), command[3].clone())]);
                    self.keys.insert(key, (Value::Hash(fields), None));
                }
            },
            "HDEL" => {
                if let Some((Value::Hash(fields), _)) = entry {
                    fields.remove(&command[2]);
                    if fields.is_empty() {
                        self.keys.remove(&key);
                    }
                }
            }
            "DEL" => {
                self.keys.remove(&key);
            }
            "PEXPIRE" => {
                if let Some((_, deadline)) = entry {
                    *deadline = Some(now + text(&command[2]));
                }
            }
            "PERSIST" => {
                if let Some((_, deadline)) = entry {
                    *deadline = None;
                }
            }
            other => panic!("the model has no {other}"),
        }
    }

    /// The live keys at `now`, deadlines as Unix times.
    pub fn view(&self, now: u64, unix_at_zero: u64) -> View {
        self.keys
            .iter()
            .filter(|(_, (_, deadline))| deadline.is_none_or(|d| d > now))
            .map(|(key, (value, deadline))| {
                (
                    key.clone(),
                    (value.clone(), deadline.map(|d| d + unix_at_zero)),
                )
            })
            .collect()
    }
}
