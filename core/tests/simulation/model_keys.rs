//! The model of the keyspace commands (COPY, MOVE, RENAME, RENAMENX,
//! SWAPDB, TOUCH, UNLINK, KEYS, RANDOMKEY, SCAN), their workload, and
//! SCAN's guarantee as an invariant: a scan a client carries on across
//! steps must return every key that stayed present for its whole duration.
//!
//! KEYS, RANDOMKEY and SCAN replies are checked as sets (their order is the
//! core's table order, which the model does not know).
//!
//! How a scan is followed: the workload's SCAN commands pass through
//! [`KeysModel::steer`] as they are generated; a client with no scan going
//! may start one (its command becomes `SCAN 0 ...`), and one whose last
//! tracked reply has been read continues it with the cursor that reply
//! gave. The model numbers each client's SCAN commands as generated and as
//! executed, so it knows which execution is the tracked call. Before every
//! command the model drops from each scan's "present throughout" set the
//! keys no longer live (SWAPDB of the scan's database empties it); the set
//! as it stands when a call runs travels with that call's expected reply,
//! and the reply that ends the scan (cursor 0) must complete it.

use super::model::eq;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use super::model::{
    self, error, int, parse_int, simple, ClientModel, Entry, Executed, Expected, Model,
};
use super::rng::Rng;

const NOT_INTEGER: &[u8] = b"ERR value is not an integer or out of range";
const NOT_C_INT: &[u8] =
    b"ERR value is out of range, value must between -2147483648 and 2147483647";
const OUT_OF_RANGE: &[u8] = b"ERR DB index is out of range";
const SAME: &[u8] = b"ERR source and destination objects are the same";
const SYNTAX: &[u8] = b"ERR syntax error";

/// Arity of the commands modelled here (name lower-case).
pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"copy" => -3,
        b"move" | b"rename" | b"renamenx" | b"swapdb" => 3,
        b"touch" | b"unlink" | b"scan" => -2,
        b"keys" => 2,
        b"randomkey" => 1,
        _ => return None,
    })
}

fn visible(entry: &Entry, now: u64) -> bool {
    entry.deadline.is_none_or(|at| at > now)
}

fn type_name(entry: &Entry) -> &'static str {
    entry.value.type_name()
}

/// A database index for MOVE and COPY: an integer, a C int, in range.
fn db_index(arg: &[u8]) -> Result<usize, Vec<u8>> {
    match parse_int(arg) {
        None => Err(error(NOT_INTEGER)),
        Some(i) if i32::try_from(i).is_err() => Err(error(NOT_C_INT)),
        Some(i) if !(0..model::DATABASES as i64).contains(&i) => Err(error(OUT_OF_RANGE)),
        Some(i) => Ok(i as usize),
    }
}

/// Glob matching, written from the documented rules (`*`, `?`, `[...]`
/// with ranges and `^`, `\` escapes), independently of the core's.
pub fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|i| glob(rest, &text[i..])),
        Some((b'?', rest)) => !text.is_empty() && glob(rest, &text[1..]),
        Some((b'[', rest)) => {
            let Some((&c, tail)) = text.split_first() else {
                return false;
            };
            let (negate, mut body) = match rest.split_first() {
                Some((b'^', body)) => (true, body),
                _ => (false, rest),
            };
            let mut hit = false;
            loop {
                match body {
                    [] => return false,
                    [b']', after @ ..] => {
                        body = after;
                        break;
                    }
                    [b'\\', x, after @ ..] => {
                        hit |= *x == c;
                        body = after;
                    }
                    [a, b'-', b, after @ ..] if *b != b']' => {
                        let (lo, hi) = if a <= b { (*a, *b) } else { (*b, *a) };
                        hit |= (lo..=hi).contains(&c);
                        body = after;
                    }
                    [x, after @ ..] => {
                        hit |= *x == c;
                        body = after;
                    }
                }
            }
            hit != negate && glob(body, tail)
        }
        Some((b'\\', [x, rest @ ..])) => text.first() == Some(x) && glob(rest, &text[1..]),
        Some((p, rest)) => text.first() == Some(p) && glob(rest, &text[1..]),
    }
}

/// SCAN's cursor read as Redis 7.0 reads it (`strtoull`, no leading
/// space, the C string wholly a number, `-` negating modulo 2^64).
fn parse_cursor(arg: &[u8]) -> Option<u64> {
    let text = arg.split(|&b| b == 0).next().unwrap_or_default();
    if text.is_empty() {
        return Some(0);
    }
    let (negative, digits) = match text[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// One client's SCAN bookkeeping.
#[derive(Debug, Default)]
struct ClientScans {
    /// SCAN commands generated for this client so far.
    generated: u64,
    /// SCAN commands the model has executed for it so far.
    executed: u64,
    tracked: Option<Tracked>,
}

/// A scan being followed.
#[derive(Debug)]
struct Tracked {
    /// Which of the client's SCAN commands is the current call.
    number: u64,
    /// The cursor to continue with; None while a call is on its way.
    cursor: Option<u64>,
    pattern: Option<Vec<u8>>,
    count: u64,
    /// The scan's database, set when its first call runs.
    db: Option<usize>,
    /// Keys present (and matching) since the scan started.
    throughout: BTreeSet<Vec<u8>>,
    /// Keys the scan has returned so far.
    seen: BTreeSet<Vec<u8>>,
}

#[derive(Debug, Default)]
pub struct Tracker {
    clients: HashMap<u64, ClientScans>,
}

/// The keyspace model's state: the scans being followed.
#[derive(Debug, Default)]
pub struct KeysModel {
    tracker: Rc<RefCell<Tracker>>,
}

/// A SCAN call being followed, as its expected reply carries it.
#[derive(Clone, Debug)]
pub struct ScanCall {
    tracker: Rc<RefCell<Tracker>>,
    client: u64,
    number: u64,
    /// The keys present throughout, as they stood when the call ran.
    throughout: BTreeSet<Vec<u8>>,
}

/// Replies checked as sets.
#[derive(Clone, Debug)]
pub enum KeysReply {
    /// KEYS: exactly these keys, any order.
    Set(BTreeSet<Vec<u8>>),
    /// RANDOMKEY: one of these, or null (in the client's protocol) if none.
    OneOf {
        keys: BTreeSet<Vec<u8>>,
        resp3: bool,
    },
    /// SCAN: a cursor and keys among `allowed`.
    Scan {
        allowed: BTreeSet<Vec<u8>>,
        call: Option<ScanCall>,
    },
}

/// Reads one RESP line starting at `at`; returns it and the offset after.
fn line(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let end = at + bytes.get(at..)?.windows(2).position(|w| w == b"\r\n")?;
    Some((&bytes[at..end], end + 2))
}

fn bulk_at(bytes: &[u8], at: usize) -> Option<(Vec<u8>, usize)> {
    let (head, at) = line(bytes, at)?;
    let len: usize = std::str::from_utf8(head.strip_prefix(b"$")?)
        .ok()?
        .parse()
        .ok()?;
    let value = bytes.get(at..at + len)?.to_vec();
    (bytes.get(at + len..at + len + 2)? == b"\r\n").then_some((value, at + len + 2))
}

fn bulk_array_at(bytes: &[u8], at: usize) -> Option<(Vec<Vec<u8>>, usize)> {
    let (head, mut at) = line(bytes, at)?;
    let n: usize = std::str::from_utf8(head.strip_prefix(b"*")?)
        .ok()?
        .parse()
        .ok()?;
    let mut items = Vec::new();
    for _ in 0..n {
        let (item, next) = bulk_at(bytes, at)?;
        items.push(item);
        at = next;
    }
    Some((items, at))
}

fn show(keys: &BTreeSet<Vec<u8>>) -> String {
    let names: Vec<String> = keys
        .iter()
        .map(|k| String::from_utf8_lossy(k).into_owned())
        .collect();
    format!("{names:?}")
}

impl KeysReply {
    /// Checks that `actual` starts with this reply; how many bytes it used,
    /// or a description of what was expected.
    pub fn matches(&self, actual: &[u8]) -> Result<usize, Vec<u8>> {
        match self {
            KeysReply::Set(keys) => match bulk_array_at(actual, 0) {
                Some((items, used))
                    if items.len() == keys.len()
                        && items.iter().cloned().collect::<BTreeSet<_>>() == *keys =>
                {
                    Ok(used)
                }
                _ => Err(format!("<array of {} in any order>", show(keys)).into_bytes()),
            },
            KeysReply::OneOf { keys, resp3 } => {
                if keys.is_empty() {
                    let null: &[u8] = if *resp3 { b"_\r\n" } else { b"$-1\r\n" };
                    return if actual.starts_with(null) {
                        Ok(null.len())
                    } else {
                        Err(null.to_vec())
                    };
                }
                match bulk_at(actual, 0) {
                    Some((key, used)) if keys.contains(&key) => Ok(used),
                    _ => Err(format!("<one of {}>", show(keys)).into_bytes()),
                }
            }
            KeysReply::Scan { allowed, call } => {
                let parsed = line(actual, 0)
                    .filter(|(head, _)| *head == b"*2")
                    .and_then(|(_, at)| bulk_at(actual, at))
                    .and_then(|(cursor, at)| {
                        let cursor: u64 = std::str::from_utf8(&cursor).ok()?.parse().ok()?;
                        let (keys, used) = bulk_array_at(actual, at)?;
                        Some((cursor, keys, used))
                    });
                let Some((cursor, keys, used)) = parsed else {
                    return Err(
                        format!("<SCAN reply with keys among {}>", show(allowed)).into_bytes()
                    );
                };
                if let Some(stray) = keys.iter().find(|k| !allowed.contains(*k)) {
                    return Err(format!(
                        "<SCAN keys among {}; {:?} is not live or does not match>",
                        show(allowed),
                        String::from_utf8_lossy(stray)
                    )
                    .into_bytes());
                }
                if let Some(call) = call {
                    call.reply(cursor, keys)?;
                }
                Ok(used)
            }
        }
    }
}

impl ScanCall {
    /// Records a tracked call's reply; at the end of the scan, checks that
    /// every key present throughout came back.
    fn reply(&self, cursor: u64, keys: Vec<Vec<u8>>) -> Result<(), Vec<u8>> {
        let mut tracker = self.tracker.borrow_mut();
        let Some(scans) = tracker.clients.get_mut(&self.client) else {
            return Ok(());
        };
        let Some(tracked) = scans.tracked.as_mut().filter(|t| t.number == self.number) else {
            return Ok(());
        };
        tracked.seen.extend(keys);
        if cursor != 0 {
            tracked.cursor = Some(cursor);
            return Ok(());
        }
        let missed: BTreeSet<Vec<u8>> =
            self.throughout.difference(&tracked.seen).cloned().collect();
        scans.tracked = None;
        if missed.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "<a finished scan that returned {} (present throughout, never returned)>",
                show(&missed)
            )
            .into_bytes())
        }
    }
}

impl KeysModel {
    /// A SCAN refused before it ran (RESP2 subscribed mode,
    /// model_pubsub.rs) still counts as executed; a followed scan whose
    /// call it was is no longer followed (no cursor comes back).
    pub fn scan_refused(&self, client: u64) {
        let mut tracker = self.tracker.borrow_mut();
        let scans = tracker.clients.entry(client).or_default();
        scans.executed += 1;
        if scans
            .tracked
            .as_ref()
            .is_some_and(|t| t.number == scans.executed)
        {
            scans.tracked = None;
        }
    }

    /// Turns a generated SCAN into the next call of a followed scan (or the
    /// first of a new one); leaves other commands, and SCANs generated while
    /// a followed call is on its way, as they are. Under eviction nothing
    /// is followed (an eviction and re-creation within one write would move
    /// a key without the model seeing it go).
    pub fn steer(&self, rng: &mut Rng, client: u64, args: &mut Vec<Vec<u8>>, evict: bool) {
        if args.len() < 2 || !eq(&args[0], "scan") {
            return;
        }
        let mut tracker = self.tracker.borrow_mut();
        let scans = tracker.clients.entry(client).or_default();
        scans.generated += 1;
        let number = scans.generated;
        if evict {
            return;
        }
        let cursor = match &mut scans.tracked {
            None if rng.chance(60) => {
                let pattern = match rng.below(4) {
                    0 => Some(b"k:*".to_vec()),
                    1 => Some(b"?".to_vec()),
                    _ => None,
                };
                scans.tracked = Some(Tracked {
                    number,
                    cursor: None,
                    pattern,
                    count: rng.range(1, 4) as u64,
                    db: None,
                    throughout: BTreeSet::new(),
                    seen: BTreeSet::new(),
                });
                0
            }
            Some(tracked) if tracked.cursor.is_some() => {
                tracked.number = number;
                tracked.cursor.take().unwrap_or(0)
            }
            _ => return,
        };
        let Some(tracked) = &scans.tracked else {
            return;
        };
        *args = vec![
            b"SCAN".to_vec(),
            cursor.to_string().into_bytes(),
            b"COUNT".to_vec(),
            tracked.count.to_string().into_bytes(),
        ];
        if let Some(pattern) = &tracked.pattern {
            args.extend([b"MATCH".to_vec(), pattern.clone()]);
        }
    }
}

/// One random keyspace command (the workload's share for this module).
/// `key` draws from the workload's key space.
pub fn command(rng: &mut Rng, evict: bool, key: impl Fn(&mut Rng) -> Vec<u8>) -> Vec<Vec<u8>> {
    let db = |rng: &mut Rng| -> Vec<u8> {
        match rng.below(12) {
            0 => b"16".to_vec(),
            1 => b"x".to_vec(),
            2 => b"2147483648".to_vec(),
            3 => b"-1".to_vec(),
            n => ((n - 4) % 4).to_string().into_bytes(),
        }
    };
    let patterns: &[&[u8]] = &[
        b"*", b"k:*", b"?", b"[ab]", b"*a*", b"k:[^1]", b"\\*", b"nomatch",
    ];
    let mut args: Vec<Vec<u8>> = Vec::new();
    // SCAN and RANDOMKEY remove keys past their deadline that they happen
    // to meet, which the model cannot know: under eviction, where every
    // disappearance must be accounted for, they are left out.
    let lazy = if evict { 0 } else { 1 };
    match rng.weighted(&[
        if evict { 2 } else { 6 },
        5,
        6,
        3,
        3,
        3,
        3,
        4 * lazy,
        3 * lazy,
        10 * lazy,
    ]) {
        0 => {
            args.extend([b"COPY".to_vec(), key(rng), key(rng)]);
            for _ in 0..*rng.pick(&[0, 0, 1, 1, 2]) {
                match rng.below(6) {
                    0..=2 => args.push(b"REPLACE".to_vec()),
                    3 | 4 => args.extend([b"DB".to_vec(), db(rng)]),
                    _ => args.push(b"BOGUS".to_vec()),
                }
            }
        }
        1 => args.extend([b"MOVE".to_vec(), key(rng), db(rng)]),
        2 => args.extend([
            rng.pick(&[&b"RENAME"[..], b"renamenx"]).to_vec(),
            key(rng),
            key(rng),
        ]),
        3 => args.extend([b"SWAPDB".to_vec(), db(rng), db(rng)]),
        4 | 5 => {
            args.push(if rng.chance(50) {
                b"TOUCH".to_vec()
            } else {
                b"UNLINK".to_vec()
            });
            for _ in 0..rng.range(1, 3) {
                args.push(key(rng));
            }
        }
        6 => args.extend([b"KEYS".to_vec(), rng.pick(patterns).to_vec()]),
        7 => args.push(b"RANDOMKEY".to_vec()),
        8 => {
            // A standalone SCAN with any options, errors included.
            let cursors: [&[u8]; 7] =
                [b"0", b"3", b"-1", b"x", b"", b" 0", b"18446744073709551616"];
            let cursor = *rng.pick(&cursors);
            args.extend([b"SCAN".to_vec(), cursor.to_vec()]);
            for _ in 0..rng.below(3) {
                match rng.below(7) {
                    0 | 1 => args.extend([b"MATCH".to_vec(), rng.pick(patterns).to_vec()]),
                    2 => args.extend([
                        b"COUNT".to_vec(),
                        rng.range(-1, 20).to_string().into_bytes(),
                    ]),
                    3 => args.extend([
                        b"TYPE".to_vec(),
                        rng.pick(&[&b"string"[..], b"LIST", b"hash", b"none"])
                            .to_vec(),
                    ]),
                    4 => args.push(b"COUNT".to_vec()),
                    5 => args.extend([b"COUNT".to_vec(), b"abc".to_vec()]),
                    _ => args.extend([b"BOGUS".to_vec(), b"1".to_vec()]),
                }
            }
        }
        _ => args.extend([b"SCAN".to_vec(), b"0".to_vec()]), // steered into a followed scan
    }
    args
}

impl Model {
    /// Drops from every followed scan the keys that are no longer live:
    /// called before each command runs.
    pub fn observe_scans(&mut self, now: u64) {
        let mut tracker = self.keys.tracker.borrow_mut();
        for scans in tracker.clients.values_mut() {
            if let Some(Tracked {
                db: Some(db),
                throughout,
                ..
            }) = &mut scans.tracked
            {
                let map = &self.dbs[*db];
                throughout.retain(|k| map.get(k).is_some_and(|e| visible(e, now)));
            }
        }
    }

    /// Whether `key` is live in `db`, forgetting it if its deadline passed.
    fn live(&mut self, db: usize, key: &[u8], now: u64) -> bool {
        let map: &mut BTreeMap<Vec<u8>, Entry> = &mut self.dbs[db];
        if map.get(key).is_some_and(|e| !visible(e, now)) {
            map.remove(key);
        }
        map.contains_key(key)
    }

    fn live_keys(&self, db: usize, now: u64) -> impl Iterator<Item = (&Vec<u8>, &Entry)> {
        self.dbs[db].iter().filter(move |(_, e)| visible(e, now))
    }

    /// Runs one of this module's commands (arity already checked).
    pub fn exec_keys(
        &mut self,
        client: &mut ClientModel,
        args: &[Vec<u8>],
        name: &str,
        now: u64,
    ) -> Executed {
        let db = client.db;
        let reply = match name {
            "copy" => self.copy(db, args, now),
            "move" => self.move_key(db, args, now),
            "rename" | "renamenx" => self.rename(db, args, name == "renamenx", now),
            "swapdb" => self.swapdb(args),
            "touch" | "unlink" => {
                let mut found = 0;
                for key in &args[1..] {
                    if self.live(db, key, now) {
                        found += 1;
                        if name == "unlink" {
                            self.dbs[db].remove(key);
                        }
                    }
                }
                int(found)
            }
            "keys" => {
                let keys = self
                    .live_keys(db, now)
                    .filter(|(k, _)| glob(&args[1], k))
                    .map(|(k, _)| k.clone())
                    .collect();
                return keys_reply(KeysReply::Set(keys));
            }
            "randomkey" => {
                let keys = self.live_keys(db, now).map(|(k, _)| k.clone()).collect();
                return keys_reply(KeysReply::OneOf {
                    keys,
                    resp3: client.resp3,
                });
            }
            "scan" => match self.scan(client, args, now) {
                Ok(reply) => return keys_reply(reply),
                Err(reply) => reply,
            },
            other => unreachable!("command {other} has an arity but no model"),
        };
        Executed {
            expected: Expected::Exact(reply),
            closes: false,
        }
    }

    fn copy(&mut self, db: usize, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let (source, destination) = (&args[1], &args[2]);
        let (mut to, mut replace, mut i) = (db, false, 3);
        while i < args.len() {
            if eq(&args[i], "replace") {
                replace = true;
                i += 1;
            } else if eq(&args[i], "db") && i + 1 < args.len() {
                match db_index(&args[i + 1]) {
                    Ok(index) => to = index,
                    Err(reply) => return reply,
                }
                i += 2;
            } else {
                return error(SYNTAX);
            }
        }
        if to == db && source == destination {
            return error(SAME);
        }
        if !self.live(db, source, now) || (!replace && self.live(to, destination, now)) {
            return int(0);
        }
        let entry = self.dbs[db][source].clone();
        self.dbs[to].insert(destination.clone(), entry);
        int(1)
    }

    fn move_key(&mut self, db: usize, args: &[Vec<u8>], now: u64) -> Vec<u8> {
        let key = &args[1];
        let to = match db_index(&args[2]) {
            Ok(index) => index,
            Err(reply) => return reply,
        };
        if to == db {
            return error(SAME);
        }
        if !self.live(db, key, now) || self.live(to, key, now) {
            return int(0);
        }
        let entry = self.dbs[db].remove(key).expect("live");
        self.dbs[to].insert(key.clone(), entry);
        int(1)
    }

    fn rename(&mut self, db: usize, args: &[Vec<u8>], nx: bool, now: u64) -> Vec<u8> {
        let (key, newkey) = (&args[1], &args[2]);
        let done = |renamed: bool| {
            if nx {
                int(renamed as i64)
            } else {
                simple("OK")
            }
        };
        if !self.live(db, key, now) {
            return error(b"ERR no such key");
        }
        if key == newkey {
            return if nx { int(0) } else { simple("OK") };
        }
        if nx && self.live(db, newkey, now) {
            return int(0);
        }
        let entry = self.dbs[db].remove(key).expect("live");
        self.dbs[db].insert(newkey.clone(), entry);
        done(true)
    }

    fn swapdb(&mut self, args: &[Vec<u8>]) -> Vec<u8> {
        let parse = |arg: &[u8]| parse_int(arg).filter(|i| i32::try_from(*i).is_ok());
        let Some(first) = parse(&args[1]) else {
            return error(b"ERR invalid first DB index");
        };
        let Some(second) = parse(&args[2]) else {
            return error(b"ERR invalid second DB index");
        };
        let range = 0..model::DATABASES as i64;
        if !range.contains(&first) || !range.contains(&second) {
            return error(OUT_OF_RANGE);
        }
        let (first, second) = (first as usize, second as usize);
        self.dbs.swap(first, second);
        // A scan of either database now walks another table: nothing was
        // present throughout.
        for scans in self.keys.tracker.borrow_mut().clients.values_mut() {
            if let Some(Tracked {
                db: Some(db),
                throughout,
                ..
            }) = &mut scans.tracked
            {
                if *db == first || *db == second {
                    throughout.clear();
                }
            }
        }
        simple("OK")
    }

    fn scan(
        &mut self,
        client: &ClientModel,
        args: &[Vec<u8>],
        now: u64,
    ) -> Result<KeysReply, Vec<u8>> {
        let tracker = Rc::clone(&self.keys.tracker);
        let mut tracker = tracker.borrow_mut();
        let scans = tracker.clients.entry(client.id).or_default();
        scans.executed += 1;
        let executed = scans.executed;
        let Some(_) = parse_cursor(&args[1]) else {
            return Err(error(b"ERR invalid cursor"));
        };
        let (mut pattern, mut type_name, mut i) = (None, None, 2);
        while i < args.len() {
            let Some(value) = args.get(i + 1) else {
                return Err(error(SYNTAX));
            };
            if eq(&args[i], "match") {
                pattern = Some(value.clone());
            } else if eq(&args[i], "count") {
                match parse_int(value) {
                    None => return Err(error(NOT_INTEGER)),
                    Some(n) if n < 1 => return Err(error(SYNTAX)),
                    Some(_) => {}
                }
            } else if eq(&args[i], "type") {
                type_name = Some(value.clone());
            } else {
                return Err(error(SYNTAX));
            }
            i += 2;
        }
        let db = client.db;
        let allowed: BTreeSet<Vec<u8>> = self
            .live_keys(db, now)
            .filter(|(k, e)| {
                pattern.as_ref().is_none_or(|p| glob(p, k))
                    && type_name
                        .as_ref()
                        .is_none_or(|t| t.eq_ignore_ascii_case(type_name_of(e)))
            })
            .map(|(k, _)| k.clone())
            .collect();
        let mut call = None;
        if let Some(tracked) = scans.tracked.as_mut().filter(|t| t.number == executed) {
            match tracked.db {
                None => {
                    tracked.db = Some(db);
                    tracked.throughout = allowed.clone();
                }
                Some(scan_db) if scan_db != db => {
                    // The client changed database mid-scan: stop following.
                    scans.tracked = None;
                }
                Some(_) => {}
            }
            if let Some(tracked) = &scans.tracked {
                call = Some(ScanCall {
                    tracker: Rc::clone(&self.keys.tracker),
                    client: client.id,
                    number: executed,
                    throughout: tracked.throughout.clone(),
                });
            }
        }
        Ok(KeysReply::Scan { allowed, call })
    }
}

fn type_name_of(entry: &Entry) -> &[u8] {
    type_name(entry).as_bytes()
}

fn keys_reply(reply: KeysReply) -> Executed {
    Executed {
        expected: Expected::Keys(reply),
        closes: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_rules() {
        assert!(glob(b"k:*", b"k:1"));
        assert!(glob(b"[ab]", b"a") && !glob(b"[ab]", b"c"));
        assert!(glob(b"k:[^1]", b"k:2") && !glob(b"k:[^1]", b"k:1"));
        assert!(glob(b"\\*", b"*") && !glob(b"\\*", b"a"));
        assert!(glob(b"*a*", b"bab") && !glob(b"?", b""));
    }
}
