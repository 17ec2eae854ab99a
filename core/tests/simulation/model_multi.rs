//! The model of MULTI / EXEC / DISCARD / WATCH / UNWATCH, in front of
//! every command the model runs ([`Model::exec`]):
//!
//! - inside MULTI a command is checked (unknown, arity) and queued; a
//!   refused one dooms the transaction (`-EXECABORT`); EXEC runs the queue
//!   through the model, each command exactly as outside, and expects an
//!   array of their replies;
//! - WATCH records, per client, each key with its deadline when it was
//!   visible; a client is dirty once a key it watches is touched, and EXEC
//!   then expects a null array, as it does when a key visible when watched
//!   has reached its deadline by then.
//!
//! What touches a key is what the core documents (engine/transaction.rs,
//! store/watch.rs): a write that succeeded touches each key it writes
//! (which ones the core's own `COMMAND GETKEYSANDFLAGS` reports: its key
//! specs are checked against redis-server elsewhere) if the key was visible
//! before or is after; MOVE and COPY touch what they move or copy, in both
//! databases; FLUSHDB / FLUSHALL the watched keys they remove, SWAPDB those
//! visible on either side. Expiry needs no event here: a key watched while
//! visible either was touched since, or is unchanged, and then its deadline
//! decides; a key not visible when watched (missing, or stored but stale)
//! fails the transaction only once something creates it, which is a write.
//!
//! With blocking pops (model_blocking.rs): inside EXEC a pop that finds
//! nothing answers its timeout reply at once, and the waited-on keys the
//! queue added are served only after the whole EXEC; a pop that blocks
//! writes (touches) nothing until it is served. A RESP2 subscriber's
//! refusal (model_pubsub.rs) comes after the arity and memory checks and
//! dooms a transaction like them. The workload keeps Pub/Sub commands and
//! SWAPDB out of transactions.

use super::model::{
    self, error, null_array, simple, ClientModel, Executed, Expected, Model, DATABASES,
};
use super::rng::Rng;
use super::workload::{cased, key};

/// One client's MULTI.
#[derive(Clone, Debug, Default)]
pub struct TxModel {
    queued: Vec<Vec<Vec<u8>>>,
    /// A command was refused while queueing.
    aborted: bool,
}

/// One client's watched keys: (database, key, its deadline if it was
/// visible when watched), and whether one was touched since.
#[derive(Clone, Debug, Default)]
pub struct WatchModel {
    keys: Vec<(usize, Vec<u8>, Option<Option<u64>>)>,
    dirty: bool,
}

/// The keys a call writes (by name), as the core reports them.
pub type KeyOracle<'a> = dyn FnMut(&[Vec<u8>]) -> Vec<Vec<u8>> + 'a;

pub fn arity(name: &[u8]) -> Option<i32> {
    Some(match name {
        b"multi" | b"exec" | b"discard" | b"unwatch" => 1,
        b"watch" => -2,
        _ => return None,
    })
}

/// A transaction command, sometimes with a wrong number of arguments.
pub fn command(rng: &mut Rng) -> Vec<Vec<u8>> {
    match rng.weighted(&[30, 22, 8, 25, 8, 5]) {
        0 => vec![cased(rng, "multi")],
        1 => vec![cased(rng, "exec")],
        2 => vec![cased(rng, "discard")],
        3 => {
            let mut args = vec![cased(rng, "watch")];
            for _ in 0..rng.range(1, 3) {
                args.push(key(rng));
            }
            args
        }
        4 => vec![cased(rng, "unwatch")],
        _ => {
            let name = *rng.pick(&["multi", "exec", "discard", "unwatch", "watch"]);
            let mut args = vec![cased(rng, name)];
            if name != "watch" {
                args.push(key(rng));
            }
            args
        }
    }
}

/// Whether a client that was (`in_multi`) in MULTI before `args` is in it
/// after, for generating what a client sends ahead of the model.
pub fn in_multi_after(in_multi: bool, args: &[Vec<u8>]) -> bool {
    let name = args[0].to_ascii_lowercase();
    match name.as_slice() {
        b"multi" if args.len() == 1 => true,
        // A refused EXEC (wrong arity) discards the transaction too.
        b"exec" => false,
        b"discard" if args.len() == 1 => false,
        _ => in_multi,
    }
}

fn is_error(expected: &Expected) -> bool {
    matches!(expected, Expected::Exact(bytes) if bytes.first() == Some(&b'-'))
}

fn exact(bytes: Vec<u8>) -> Executed {
    Executed {
        expected: Expected::Exact(bytes),
        closes: false,
    }
}

impl Model {
    /// Runs one command from `client` at `now` and returns the reply it
    /// must produce (see the module documentation). `keys` answers which
    /// keys a call writes.
    pub fn exec(
        &mut self,
        client: &mut ClientModel,
        args: &[Vec<u8>],
        now: u64,
        oom: bool,
        keys: &mut KeyOracle,
    ) -> Executed {
        let name = args[0].to_ascii_lowercase();
        let name = name.as_slice();
        // A RESP2 subscriber runs little else (model_pubsub.rs); Redis
        // checks that after the arity and memory, before it queues.
        let lower = String::from_utf8(name.to_vec()).expect("known names are ASCII");
        let refusal = self.refusal(client, args, oom).or_else(|| {
            self.observe_scans(now);
            self.pubsub_gate(client, &lower, args)
        });
        if let Some(refusal) = refusal {
            if let Some(tx) = client.tx.as_mut() {
                tx.aborted = true;
            }
            if name == b"exec" {
                client.tx = None;
                self.watches.remove(&client.id);
                let text = refusal[1..refusal.len() - 2].to_vec();
                let text = text.strip_prefix(b"ERR ").unwrap_or(&text).to_vec();
                let mut wrapped = b"EXECABORT Transaction discarded because of: ".to_vec();
                wrapped.extend_from_slice(&text);
                return exact(error(&wrapped));
            }
            return exact(refusal);
        }
        let runs_at_once = matches!(name, b"exec" | b"discard" | b"multi" | b"watch" | b"quit");
        if !runs_at_once {
            if let Some(tx) = client.tx.as_mut() {
                let dirty = self.watches.get(&client.id).is_some_and(|w| w.dirty);
                if !tx.aborted && !dirty {
                    tx.queued.push(args.to_vec());
                }
                return exact(simple("QUEUED"));
            }
        }
        match name {
            b"multi" => {
                if client.tx.is_some() {
                    return exact(error(b"ERR MULTI calls can not be nested"));
                }
                client.tx = Some(TxModel::default());
                exact(simple("OK"))
            }
            b"discard" => {
                if client.tx.take().is_none() {
                    return exact(error(b"ERR DISCARD without MULTI"));
                }
                self.watches.remove(&client.id);
                exact(simple("OK"))
            }
            b"exec" => self.exec_transaction(client, now, keys),
            b"watch" => {
                if client.tx.is_some() {
                    return exact(error(b"ERR WATCH inside MULTI is not allowed"));
                }
                let db = client.db;
                let watch = self.watches.entry(client.id).or_default();
                if !watch.dirty {
                    for key in &args[1..] {
                        if watch.keys.iter().any(|(d, k, _)| *d == db && k == key) {
                            continue;
                        }
                        let seen = self.dbs[db]
                            .get(key)
                            .filter(|e| e.deadline.is_none_or(|at| at > now))
                            .map(|e| e.deadline);
                        watch.keys.push((db, key.clone(), seen));
                    }
                }
                exact(simple("OK"))
            }
            b"unwatch" => {
                self.watches.remove(&client.id);
                exact(simple("OK"))
            }
            _ => self.run_and_touch(client, args, now, oom, keys),
        }
    }

    /// A client is gone: its watched keys are forgotten.
    pub fn forget_client(&mut self, id: u64) {
        self.watches.remove(&id);
    }

    /// The dispatcher's refusal of a call, if any: unknown command, wrong
    /// arity, and -OOM (for any queued command inside MULTI, for EXEC of a
    /// transaction with a command that may grow memory).
    fn refusal(&self, client: &ClientModel, args: &[Vec<u8>], oom: bool) -> Option<Vec<u8>> {
        let name = args[0].to_ascii_lowercase();
        let Some(arity) = model::arity(&name) else {
            return Some(model::unknown_command(args));
        };
        let arity_ok = if arity >= 0 {
            args.len() == arity as usize
        } else {
            args.len() >= arity.unsigned_abs() as usize
        };
        if !arity_ok {
            let name = String::from_utf8(name).expect("known names are ASCII");
            return Some(model::wrong_arity(&name));
        }
        // The subcommands the workload sends, with their own arity.
        let sub = match name.as_slice() {
            b"memory" => Some(("memory|usage", 3)),
            b"config" => Some(("config|set", 4)),
            _ => None,
        };
        if let Some((full, least)) = sub {
            if args.len() < least {
                return Some(model::wrong_arity(full));
            }
        }
        let refused = match (&client.tx, name.as_slice()) {
            (None, name) => model::grows_memory(name),
            (Some(tx), b"exec") => tx.queued.iter().any(|c| model::grows_memory(&c[0])),
            (Some(_), b"discard" | b"quit") => false,
            (Some(_), _) => true,
        };
        (oom && refused).then(|| error(model::OOM))
    }

    fn exec_transaction(
        &mut self,
        client: &mut ClientModel,
        now: u64,
        keys: &mut KeyOracle,
    ) -> Executed {
        let Some(tx) = client.tx.take() else {
            return exact(error(b"ERR EXEC without MULTI"));
        };
        let watch = self.watches.remove(&client.id).unwrap_or_default();
        let expired = watch
            .keys
            .iter()
            .any(|(_, _, seen)| matches!(seen, Some(Some(at)) if *at <= now));
        if tx.aborted {
            return exact(error(
                b"EXECABORT Transaction discarded because of previous errors.",
            ));
        }
        if watch.dirty || expired {
            return exact(null_array(client.resp3));
        }
        // The only transaction command that can be queued is UNWATCH
        // (the others run at once), and it finds nothing left to forget.
        // Blocking pops answer at once; keys its commands add are served
        // after the whole EXEC (model_blocking.rs).
        self.set_in_exec(true);
        let replies = tx
            .queued
            .iter()
            .map(|args| match args[0].eq_ignore_ascii_case(b"unwatch") {
                true => Expected::Exact(simple("OK")),
                false => {
                    let before = self.waited_keys(now);
                    let db = client.db;
                    let expected = self.run_and_touch(client, args, now, false, keys).expected;
                    self.signal_added(&before, args, db, &expected, now);
                    expected
                }
            })
            .collect();
        self.set_in_exec(false);
        Executed {
            expected: Expected::Array(replies),
            closes: false,
        }
    }

    /// Runs a command and touches what it wrote (see the module
    /// documentation).
    fn run_and_touch(
        &mut self,
        client: &mut ClientModel,
        args: &[Vec<u8>],
        now: u64,
        oom: bool,
        keys: &mut KeyOracle,
    ) -> Executed {
        if !self.watches.values().any(|w| !w.keys.is_empty()) {
            return self.exec_command(client, args, now, oom);
        }
        let db = client.db;
        let name = args[0].to_ascii_lowercase();
        // Touches decided before the command runs, applied if it succeeds.
        let mut planned: Vec<(usize, Vec<u8>)> = Vec::new();
        match name.as_slice() {
            b"flushdb" | b"flushall" => {
                let dbs = if name == b"flushdb" {
                    db..db + 1
                } else {
                    0..DATABASES
                };
                for d in dbs {
                    for key in self.watched_in(d) {
                        if self.is_live(d, &key, now) {
                            planned.push((d, key));
                        }
                    }
                }
            }
            b"swapdb" => {
                let index = |arg: &[u8]| {
                    model::parse_int(arg)
                        .and_then(|i| usize::try_from(i).ok())
                        .filter(|&i| i < DATABASES)
                };
                if let (Some(a), Some(b)) = (index(&args[1]), index(&args[2])) {
                    if a != b {
                        for (d, other) in [(a, b), (b, a)] {
                            for key in self.watched_in(d) {
                                if self.is_live(d, &key, now) || self.is_live(other, &key, now) {
                                    planned.push((d, key));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        // SMOVE touches its destination only when the member is new there.
        let smove_adds = name == b"smove" && args.len() == 4 && {
            let had = self.entry(db, &args[2], now).is_some_and(
                |e| matches!(&e.value, model::Value::Set(set) if set.contains(&args[3])),
            );
            !had
        };
        let generic = !matches!(
            name.as_slice(),
            b"move" | b"copy" | b"flushdb" | b"flushall" | b"swapdb" | b"smove"
        ) && args[1..]
            .iter()
            .any(|arg| self.watched_in(db).contains(arg));
        let written: Vec<(Vec<u8>, bool)> = if generic {
            keys(args)
                .into_iter()
                .map(|key| {
                    let before = self.is_live(db, &key, now);
                    (key, before)
                })
                .collect()
        } else {
            Vec::new()
        };
        let executed = self.exec_command(client, args, now, oom);
        // A blocking pop that blocked has written nothing yet (its
        // serving touches what it writes, model_blocking.rs).
        if is_error(&executed.expected) || self.wait_started() {
            return executed;
        }
        for (key, before) in written {
            if before || self.is_live(db, &key, now) {
                planned.push((db, key));
            }
        }
        let moved = matches!(&executed.expected, Expected::Exact(b) if b == b":1\r\n");
        if moved && name == b"move" {
            let to = model::parse_int(&args[2]).expect("MOVE succeeded") as usize;
            planned.push((db, args[1].clone()));
            planned.push((to, args[1].clone()));
        }
        if moved && name == b"smove" {
            planned.push((db, args[1].clone()));
            if smove_adds {
                planned.push((db, args[2].clone()));
            }
        }
        if moved && name == b"copy" {
            let mut to = db;
            let mut i = 3;
            while i < args.len() {
                if model::eq(&args[i], "db") {
                    to = model::parse_int(&args[i + 1]).expect("COPY succeeded") as usize;
                    i += 1;
                }
                i += 1;
            }
            planned.push((to, args[2].clone()));
        }
        for (d, key) in planned {
            self.touch(d, &key);
        }
        executed
    }

    /// The keys of `db` some client watches.
    fn watched_in(&self, db: usize) -> Vec<Vec<u8>> {
        let mut keys: Vec<Vec<u8>> = self
            .watches
            .values()
            .flat_map(|w| w.keys.iter())
            .filter(|(d, _, _)| *d == db)
            .map(|(_, k, _)| k.clone())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Every client watching `key` of `db` is dirty and stops watching.
    pub(super) fn touch(&mut self, db: usize, key: &[u8]) {
        for watch in self.watches.values_mut() {
            if watch.keys.iter().any(|(d, k, _)| *d == db && k == key) {
                watch.dirty = true;
                watch.keys.clear();
            }
        }
    }
}
