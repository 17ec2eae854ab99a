//! The snapshot's point-in-time property, with a readable test format:
//! whatever is written, deleted, expired, flushed, swapped or moved while
//! a snapshot runs, its stream holds exactly the live keys at its start.

use proptest::prelude::*;

use super::SaveKind;
use crate::compact::Small;
use crate::config::{Config, Host};
use crate::store::snapshot_stream::{expected_text, parse_text};
use crate::store::Store;
use crate::types::{List, Value};

const UNIX_BASE: u64 = 1_700_000_000_000;

fn store() -> Store {
    let host = Host {
        unix_time_at_zero_ms: UNIX_BASE,
        ..Host::default()
    };
    Store::new(Config::default(), host, 0)
}

#[derive(Clone, Debug)]
enum Op {
    Set(usize, u8, u8, Option<u64>),
    Del(usize, u8),
    Expire(usize, u8, u64),
    Push(usize, u8, u8),
    Flush(usize, bool),
    Swap(usize, usize),
    Move(usize, u8, usize),
    Advance(u64),
    ExpireCycle,
    Step(usize),
    Take,
}

fn op() -> impl Strategy<Value = Op> {
    let db = 0..4usize;
    let key = 0..12u8;
    prop_oneof![
        4 => (db.clone(), key.clone(), any::<u8>(), proptest::option::of(1..50u64))
            .prop_map(|(d, k, v, t)| Op::Set(d, k, v, t)),
        2 => (db.clone(), key.clone()).prop_map(|(d, k)| Op::Del(d, k)),
        2 => (db.clone(), key.clone(), 1..50u64).prop_map(|(d, k, t)| Op::Expire(d, k, t)),
        2 => (db.clone(), key.clone(), any::<u8>()).prop_map(|(d, k, v)| Op::Push(d, k, v)),
        1 => (db.clone(), any::<bool>()).prop_map(|(d, lazy)| Op::Flush(d, lazy)),
        1 => (db.clone(), db.clone()).prop_map(|(a, b)| Op::Swap(a, b)),
        1 => (db.clone(), key.clone(), db).prop_map(|(d, k, to)| Op::Move(d, k, to)),
        2 => (1..20u64).prop_map(Op::Advance),
        1 => Just(Op::ExpireCycle),
        3 => (1..4usize).prop_map(Op::Step),
        2 => Just(Op::Take),
    ]
}

fn key(k: u8) -> Vec<u8> {
    format!("key:{k}").into_bytes()
}

/// Applies one operation the way commands reach the databases.
fn apply(store: &mut Store, op: &Op, stream: &mut Vec<u8>) {
    let now = store.now;
    match *op {
        Op::Set(db, k, v, ttl) => {
            let value = Value::Str(Small::new(&[v]));
            store.dbs[db].insert(&key(k), value, ttl.map(|t| now + t), now);
        }
        Op::Del(db, k) => {
            if store.dbs[db].contains(&key(k), now) {
                store.dbs[db].remove(&key(k));
            }
        }
        Op::Expire(db, k, ttl) => {
            store.dbs[db].set_expire(&key(k), Some(now + ttl), now);
        }
        Op::Push(db, k, v) => {
            let pushed = match store.dbs[db].lookup_mut(&key(k), now) {
                Some(found) => {
                    if let Value::List(list) = &mut found.entry.value {
                        list.push_back(Small::new(&[v]));
                    }
                    true
                }
                None => false,
            };
            if !pushed {
                let mut list = List::default();
                list.push_back(Small::new(&[v]));
                store.dbs[db].insert(&key(k), Value::List(Box::new(list)), None, now);
            }
        }
        Op::Flush(db, lazy) => {
            if lazy {
                store.flush_async(db);
            } else {
                store.dbs[db].clear();
            }
        }
        Op::Swap(a, b) => store.swap_dbs(a, b),
        Op::Move(db, k, to) => {
            if let Some(taken) = store.dbs[db].take(&key(k), now) {
                store.dbs[to].put(&key(k), taken, now);
            }
        }
        Op::Advance(ms) => store.advance_clock(now + ms),
        Op::ExpireCycle => {
            store.expire_cycle(3);
        }
        Op::Step(keys) => {
            let visited = store.snapshot_step(keys, usize::MAX);
            assert!(
                visited <= keys,
                "visited {visited} keys on a budget of {keys}"
            );
        }
        Op::Take => {
            store.take_snapshot_bytes(stream);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_snapshot_is_the_state_at_its_start(
        before in proptest::collection::vec(op(), 0..60),
        during in proptest::collection::vec(op(), 0..120),
    ) {
        let mut store = store();
        let mut stream = Vec::new();
        for op in &before {
            apply(&mut store, op, &mut stream);
        }
        let expected = expected_text(&store.dbs, store.now, UNIX_BASE);
        store.begin_snapshot(SaveKind::Background);
        for op in &during {
            apply(&mut store, op, &mut stream);
            store.audit().map_err(TestCaseError::fail)?;
        }
        while !store.persistence.running.as_ref().is_some_and(|r| r.complete) {
            store.snapshot_step(2, usize::MAX);
        }
        // (The last bytes may have been taken by a Take above already.)
        let taken = store.take_snapshot_bytes(&mut stream);
        prop_assert!(taken.is_none_or(|(_, _, last)| last));
        let id = store.persistence.running.as_ref().unwrap().id;
        prop_assert_eq!(store.snapshot_finished(id, true), Some(SaveKind::Background));
        store.audit().map_err(TestCaseError::fail)?;
        let written = parse_text(&stream).map_err(TestCaseError::fail)?;
        prop_assert_eq!(written, expected);
        // The marks are back in step: a second snapshot sees today's state.
        let expected = expected_text(&store.dbs, store.now, UNIX_BASE);
        let mut stream = Vec::new();
        store.begin_snapshot_at_once(SaveKind::Foreground);
        store.take_snapshot_bytes(&mut stream);
        prop_assert_eq!(parse_text(&stream).map_err(TestCaseError::fail)?, expected);
    }
}

#[test]
fn a_slice_is_bounded_by_keys_and_bytes() {
    let mut store = store();
    for i in 0..100u32 {
        store.dbs[0].insert(&i.to_be_bytes(), Value::Str(Small::new(&[7; 100])), None, 0);
    }
    store.begin_snapshot(SaveKind::Background);
    assert_eq!(store.snapshot_step(10, usize::MAX), 10);
    // A byte budget stops after the entry that crosses it.
    assert_eq!(store.snapshot_step(usize::MAX, 1), 1);
    let mut stream = Vec::new();
    store.take_snapshot_bytes(&mut stream);
    let entry = stream.split(|&b| b == b'\n').nth(2).unwrap().len() + 1;
    assert_eq!(store.snapshot_step(usize::MAX, 3 * entry), 3);
    let mut steps = 0;
    while store
        .persistence
        .running
        .as_ref()
        .is_some_and(|r| !r.complete)
    {
        store.snapshot_step(10, usize::MAX);
        steps += 1;
    }
    assert!(steps >= 8);
}

#[test]
fn pre_images_of_later_databases_are_framed_by_their_database() {
    let mut store = store();
    store.dbs[0].insert(b"a", Value::Str(Small::new(b"1")), None, 0);
    store.dbs[2].insert(b"b", Value::Str(Small::new(b"2")), None, 0);
    store.begin_snapshot(SaveKind::Background);
    // db 2's key is overwritten before the walk reaches it.
    store.dbs[2].insert(b"b", Value::Str(Small::new(b"3")), None, 0);
    let mut stream = Vec::new();
    store.take_snapshot_bytes(&mut stream);
    store.snapshot_step(usize::MAX, usize::MAX);
    store.take_snapshot_bytes(&mut stream);
    let text = String::from_utf8(stream).unwrap();
    let lines: Vec<&str> = text.lines().map(|l| &l[..1]).collect();
    // Header, db 2's pre-image under S 2, then db 0's section; db 2 has
    // no section (its walk finds only the new value, not in the image).
    assert_eq!(lines, ["H", "S", "K", "D", "K", "F"], "{text}");
    assert!(text.contains("S 2\n"));
    assert!(text.contains("D 0 1 0\n"));
}

#[test]
fn flushall_abandons_a_background_snapshot_and_restores_the_marks() {
    let mut store = store();
    for i in 0..10u8 {
        store.dbs[1].insert(&[i], Value::Str(Small::new(b"v")), None, 0);
    }
    store.begin_snapshot(SaveKind::Background);
    store.snapshot_step(3, usize::MAX);
    assert!(store.abort_background_snapshot());
    store.audit().unwrap();
    assert!(!store.dbs[1].snapshot_pending(&[5]));
    let mut stream = Vec::new();
    store.begin_snapshot_at_once(SaveKind::Foreground);
    store.take_snapshot_bytes(&mut stream);
    assert_eq!(parse_text(&stream).unwrap().len(), 10);
}

#[test]
fn nothing_more_is_handed_out_after_the_last_bytes() {
    let mut store = store();
    store.dbs[0].insert(b"a", Value::Str(Small::new(b"1")), None, 0);
    let id = store.begin_snapshot_at_once(SaveKind::Foreground);
    let mut stream = Vec::new();
    assert_eq!(
        store.take_snapshot_bytes(&mut stream),
        Some((id, true, true))
    );
    assert_eq!(store.take_snapshot_bytes(&mut stream), None);
    assert!(!store.snapshot_has_output(1));
    assert_eq!(store.snapshot_finished(id + 1, true), None, "a stale id");
    assert_eq!(
        store.snapshot_finished(id, true),
        Some(SaveKind::Foreground)
    );
    assert!(store.persistence.running.is_none());
}
