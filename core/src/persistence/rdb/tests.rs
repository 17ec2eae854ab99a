//! Round trips of every type and encoding through the value codec, the
//! DUMP payload and the whole file; hand-made 6.2-era encodings; and
//! corrupt input, which must be an error and never a panic.

use proptest::prelude::*;

use super::encoding::{write_len, write_string, Reader};
use super::file::{decode_file, encode_store, FileReader, FileWriter, Record, Stored};
use super::packed::{old, ListpackWriter};
use super::value_decode::read_value;
use super::value_encode::{rdb_type, write_value};
use super::*;
use crate::compact::Small;
use crate::config::{Config, Host};
use crate::store::Store;
use crate::types::{Group, Hash, List, NodeLimits, Set, Stream, StreamId, Value, ZSet};

fn limits() -> LoadLimits {
    let config = Config::default();
    LoadLimits {
        set_max_intset_entries: config.set_max_intset_entries,
        hash: HashLimits {
            max_entries: config.hash_max_listpack_entries,
            max_value: config.hash_max_listpack_value,
            seed: 7,
        },
        zset: ZSetLimits {
            max_entries: config.zset_max_listpack_entries as usize,
            max_value: config.zset_max_listpack_value as usize,
        },
        seed: 3,
    }
}

fn options() -> SaveOptions {
    SaveOptions {
        compress: true,
        list_fill: -2,
    }
}

fn round_trip(value: &Value) -> Value {
    let mut out = Vec::new();
    write_value(&mut out, value, &options());
    let mut reader = Reader::new(&out);
    let t = reader.u8().unwrap();
    let back = read_value(&mut reader, t, &limits()).unwrap();
    assert_eq!(reader.remaining(), 0, "payload fully read");
    back
}

fn list(items: impl IntoIterator<Item = Vec<u8>>) -> Value {
    let mut list = List::default();
    for item in items {
        list.push_back(Small::new(&item));
    }
    Value::List(Box::new(list))
}

fn set(members: impl IntoIterator<Item = Vec<u8>>) -> Value {
    let mut set = Set::new(3);
    for m in members {
        set.insert(&m, 512);
    }
    Value::Set(Box::new(set))
}

fn hash(pairs: impl IntoIterator<Item = (Vec<u8>, Vec<u8>)>) -> Value {
    let mut hash = Hash::default();
    for (f, v) in pairs {
        hash.set(&f, &v, &limits().hash);
    }
    Value::Hash(hash)
}

fn zset(pairs: impl IntoIterator<Item = (Vec<u8>, f64)>) -> Value {
    let mut zset = ZSet::new();
    for (m, s) in pairs {
        zset.insert(&m, s, limits().zset);
    }
    Value::ZSet(Box::new(zset))
}

fn numbered(prefix: &str, n: usize) -> impl Iterator<Item = Vec<u8>> + '_ {
    (0..n).map(move |i| format!("{prefix}{i}").into_bytes())
}

fn sample_stream() -> Stream {
    let limits = NodeLimits {
        max_entries: 3,
        max_bytes: 4096,
    };
    let mut s = Stream::default();
    for i in 1..=10u64 {
        let value = i.to_string();
        if i % 4 == 0 {
            s.append(
                StreamId::new(i, 0),
                &[b"other", value.as_bytes(), b"x", b"y"],
                limits,
            );
        } else {
            s.append(StreamId::new(i, 0), &[b"f", value.as_bytes()], limits);
        }
    }
    s.delete(StreamId::new(2, 0));
    // A whole node deleted.
    s.delete(StreamId::new(7, 0));
    s.delete(StreamId::new(8, 0));
    s.delete(StreamId::new(9, 0));
    let mut group = Group::new(StreamId::new(5, 0), 4);
    group.consumer_or_create(b"alice", 100);
    group.consumer_or_create(b"bob", 200);
    group.deliver(StreamId::new(1, 0), b"alice", 150);
    group.deliver(StreamId::new(3, 0), b"bob", 250);
    group.deliver(StreamId::new(5, 0), b"alice", 300);
    s.groups.insert(b"g1".to_vec(), group);
    s.groups
        .insert(b"empty".to_vec(), Group::new(StreamId::MIN, -1));
    s
}

#[test]
fn strings_round_trip_in_every_encoding() {
    for s in [
        &b""[..],
        b"a",
        b"12",
        b"-5000",
        b"123456789012",
        b"01",
        &[b'z'; 200],
        &[0, 255, 13, 10],
    ] {
        assert_eq!(
            round_trip(&Value::Str(Small::new(s))),
            Value::Str(Small::new(s))
        );
    }
}

#[test]
fn lists_round_trip_small_and_multi_node() {
    let small = list(numbered("", 5));
    assert_eq!(round_trip(&small), small);
    let big = list(numbered("element-number-", 5000));
    let mut out = Vec::new();
    write_value(&mut out, &big, &options());
    // Several nodes of at most 8 kB each.
    assert!(Reader::new(&out[1..]).len().unwrap() > 10);
    assert_eq!(round_trip(&big), big);
    let huge_items = list([vec![b'q'; 20_000], b"x".to_vec()]);
    assert_eq!(round_trip(&huge_items), huge_items);
}

#[test]
fn sets_keep_their_form() {
    let ints = set(numbered("", 100));
    assert_eq!(rdb_type(&ints), kind::SET_INTSET);
    let back = round_trip(&ints);
    assert_eq!(back, ints);
    let Value::Set(back) = back else { panic!() };
    assert_eq!(back.encoding(), "intset");
    let strings = set(numbered("m", 100));
    assert_eq!(rdb_type(&strings), kind::SET);
    assert_eq!(round_trip(&strings), strings);
    let many_ints = set(numbered("", 1000));
    assert_eq!(rdb_type(&many_ints), kind::SET);
    assert_eq!(round_trip(&many_ints), many_ints);
}

#[test]
fn hashes_keep_their_form() {
    let small = hash(numbered("f", 10).zip(numbered("v", 10)));
    assert_eq!(rdb_type(&small), kind::HASH_LISTPACK);
    assert_eq!(round_trip(&small), small);
    let big = hash(numbered("f", 1000).zip(numbered("", 1000)));
    assert_eq!(rdb_type(&big), kind::HASH);
    let back = round_trip(&big);
    assert_eq!(back, big);
    let Value::Hash(back) = back else { panic!() };
    assert_eq!(back.encoding(), "hashtable");
}

#[test]
fn zsets_keep_their_form_and_scores() {
    let scores = [
        0.0,
        -1.5,
        1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.1,
        3.0,
        -7e-300,
    ];
    let small = zset(numbered("m", scores.len()).zip(scores));
    assert_eq!(rdb_type(&small), kind::ZSET_LISTPACK);
    assert_eq!(round_trip(&small), small);
    let big = zset(numbered("m", 300).zip((0..300).map(|i| i as f64 / 7.0)));
    assert_eq!(rdb_type(&big), kind::ZSET_2);
    let back = round_trip(&big);
    assert_eq!(back, big);
    let Value::ZSet(back) = back else { panic!() };
    assert_eq!(back.encoding(), "skiplist");
}

#[test]
fn streams_round_trip_with_groups() {
    let stream = sample_stream();
    let value = Value::Stream(Box::new(stream.clone()));
    let back = round_trip(&value);
    let Value::Stream(back) = back else { panic!() };
    assert_eq!(back.len(), stream.len());
    assert_eq!(back.last_id(), stream.last_id());
    assert_eq!(back.first_id(), stream.first_id());
    assert_eq!(back.max_deleted(), stream.max_deleted());
    assert_eq!(back.entries_added(), stream.entries_added());
    assert_eq!(back.groups, stream.groups);
    let entries = |s: &Stream| {
        let mut all = Vec::new();
        s.visit(StreamId::MIN, StreamId::MAX, false, |id, fields| {
            all.push((
                id,
                fields
                    .map(|(f, v)| (f.to_vec(), v.to_vec()))
                    .collect::<Vec<_>>(),
            ));
            true
        });
        all
    };
    assert_eq!(entries(&back), entries(&stream));
    assert_eq!(back.blocks(), stream.blocks());
    back.audit().unwrap();
    // An empty stream is a value.
    let empty = Value::Stream(Box::default());
    assert!(matches!(round_trip(&empty), Value::Stream(s) if s.is_empty()));
}

#[test]
fn dump_payload_round_trips_and_checks_its_footer() {
    let value = hash([(b"a".to_vec(), b"1".to_vec())]);
    let payload = dump_payload(&value, &options());
    assert_eq!(&payload[payload.len() - 10..payload.len() - 8], [10, 0]);
    assert_eq!(restore_payload(&payload, &limits()), Ok(value));
    let mut bad = payload.clone();
    bad[1] ^= 1;
    assert_eq!(
        restore_payload(&bad, &limits()),
        Err(PayloadError::VersionOrChecksum)
    );
    assert_eq!(
        restore_payload(b"short", &limits()),
        Err(PayloadError::VersionOrChecksum)
    );
    // A newer version is refused even with a good checksum.
    let mut newer = payload[..payload.len() - 10].to_vec();
    newer.extend_from_slice(&11u16.to_le_bytes());
    let crc = crc64::crc64(&newer);
    newer.extend_from_slice(&crc.to_le_bytes());
    assert_eq!(
        restore_payload(&newer, &limits()),
        Err(PayloadError::VersionOrChecksum)
    );
}

/// A payload of `body` with a correct footer for `version`.
fn payload_of(body: &[u8], version: u16) -> Vec<u8> {
    let mut out = body.to_vec();
    out.extend_from_slice(&version.to_le_bytes());
    let crc = crc64::crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

#[test]
fn old_encodings_load() {
    // List as a ziplist (6.2's small list before quicklist) and quicklist 1.
    let zl = old::ziplist(&[b"a", b"b", b"c"]);
    let mut body = vec![kind::LIST_ZIPLIST];
    write_string(&mut body, &zl, false);
    let want = list([b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
    assert_eq!(
        restore_payload(&payload_of(&body, 9), &limits()),
        Ok(want.clone())
    );
    let mut body = vec![kind::LIST_QUICKLIST];
    write_len(&mut body, 1);
    write_string(&mut body, &zl, false);
    assert_eq!(
        restore_payload(&payload_of(&body, 9), &limits()),
        Ok(want.clone())
    );
    // Plain list.
    let mut body = vec![kind::LIST];
    write_len(&mut body, 3);
    for s in [b"a", b"b", b"c"] {
        write_string(&mut body, s, false);
    }
    assert_eq!(restore_payload(&payload_of(&body, 6), &limits()), Ok(want));
    // Hash as a zipmap and as a ziplist.
    let want = hash([
        (b"f".to_vec(), b"v".to_vec()),
        (b"g".to_vec(), b"w".to_vec()),
    ]);
    let mut body = vec![kind::HASH_ZIPMAP];
    write_string(
        &mut body,
        &old::zipmap(&[(b"f", b"v"), (b"g", b"w")]),
        false,
    );
    assert_eq!(
        restore_payload(&payload_of(&body, 3), &limits()),
        Ok(want.clone())
    );
    let mut body = vec![kind::HASH_ZIPLIST];
    write_string(&mut body, &old::ziplist(&[b"f", b"v", b"g", b"w"]), false);
    assert_eq!(restore_payload(&payload_of(&body, 9), &limits()), Ok(want));
    // Sorted sets: ziplist and the old text-score type.
    let want = zset([(b"a".to_vec(), 1.5), (b"b".to_vec(), f64::INFINITY)]);
    let mut body = vec![kind::ZSET_ZIPLIST];
    write_string(
        &mut body,
        &old::ziplist(&[b"a", b"1.5", b"b", b"inf"]),
        false,
    );
    assert_eq!(
        restore_payload(&payload_of(&body, 9), &limits()),
        Ok(want.clone())
    );
    let mut body = vec![kind::ZSET];
    write_len(&mut body, 2);
    write_string(&mut body, b"a", false);
    body.extend_from_slice(b"\x031.5");
    write_string(&mut body, b"b", false);
    body.push(254);
    assert_eq!(restore_payload(&payload_of(&body, 6), &limits()), Ok(want));
    // A 7.2 listpack set.
    let mut lp = ListpackWriter::default();
    lp.push(b"x");
    lp.push(b"7");
    let mut body = vec![kind::SET_LISTPACK];
    write_string(&mut body, &lp.finish(), false);
    let want = set([b"x".to_vec(), b"7".to_vec()]);
    assert_eq!(restore_payload(&payload_of(&body, 10), &limits()), Ok(want));
}

#[test]
fn bad_values_are_errors() {
    let bad = |body: &[u8]| restore_payload(&payload_of(body, 10), &limits());
    assert_eq!(
        bad(&[99]),
        Err(PayloadError::BadData(RdbError::UnknownType(99)))
    );
    assert_eq!(
        bad(&[kind::MODULE_2, 1]),
        Err(PayloadError::BadData(RdbError::ModuleData))
    );
    assert_eq!(
        bad(&[kind::LIST, 0]),
        Err(PayloadError::BadData(RdbError::EmptyKey))
    );
    assert_eq!(
        bad(&[kind::STRING, 5, b'a']),
        Err(PayloadError::BadData(RdbError::Truncated))
    );
    assert_eq!(bad(&[]), Err(PayloadError::BadData(RdbError::Truncated)));
    // A hash listpack with an odd number of elements.
    let mut lp = ListpackWriter::default();
    lp.push(b"lonely");
    let mut body = vec![kind::HASH_LISTPACK];
    write_string(&mut body, &lp.finish(), false);
    assert!(bad(&body).is_err());
}

fn store_with_values() -> Store {
    let host = Host {
        unix_time_at_zero_ms: 1_700_000_000_000,
        ..Host::default()
    };
    let mut store = Store::new(Config::default(), host, 5_000);
    let db0 = &mut store.dbs[0];
    db0.insert(b"s", Value::Str(Small::new(b"hello")), None, 5_000);
    db0.insert(b"n", Value::Str(Small::new(b"42")), Some(100_000), 5_000);
    db0.insert(b"l", list(numbered("", 10)), None, 5_000);
    db0.insert(b"st", Value::Stream(Box::new(sample_stream())), None, 5_000);
    let db3 = &mut store.dbs[3];
    db3.insert(
        b"h",
        hash(numbered("f", 3).zip(numbered("v", 3))),
        Some(9_000_000),
        5_000,
    );
    db3.insert(
        b"z",
        zset(numbered("m", 3).zip([1.0, 2.0, 3.0])),
        None,
        5_000,
    );
    db3.insert(b"set", set(numbered("", 3)), None, 5_000);
    store
}

#[test]
fn whole_files_round_trip() {
    let store = store_with_values();
    let bytes = encode_store(&store, options());
    assert_eq!(&bytes[..9], b"REDIS0010");
    let file = decode_file(&bytes, limits()).unwrap();
    assert_eq!(file.version, 10);
    let aux: Vec<&[u8]> = file.aux.iter().map(|(k, _)| k.as_slice()).collect();
    assert_eq!(
        aux,
        [
            &b"redis-ver"[..],
            b"redis-bits",
            b"ctime",
            b"used-mem",
            b"aof-base"
        ]
    );
    assert_eq!(file.keys.len(), 7);
    for key in &file.keys {
        let db = &store.dbs[key.db];
        let value = db.peek_value(&key.key).expect("key was saved from here");
        if !matches!(value, Value::Stream(_)) {
            assert_eq!(&key.value, value, "{:?}", key.key);
        }
        let expire = db
            .peek_expire_at(&key.key)
            .map(|at| (1_700_000_000_000 + at) as i64);
        assert_eq!(key.expire_at_ms, expire);
    }
    // Loading into a fresh store: every key but none expired, deadlines
    // back on the clock.
    let mut fresh = store_with_values();
    for db in fresh.dbs.iter_mut() {
        db.clear();
    }
    let loaded = file
        .keys
        .iter()
        .filter(|k| (*k).clone().store_into(&mut fresh, 5_000, false, true) == Stored::Kept)
        .count();
    assert_eq!(loaded, 7);
    assert_eq!(fresh.dbs[0].peek_expire_at(b"n"), Some(100_000));
    assert_eq!(fresh.dbs[3].peek_expire_at(b"h"), Some(9_000_000));
    let mut later = store_with_values();
    let kept = file
        .keys
        .iter()
        .filter(|k| (*k).clone().store_into(&mut later, 200_000, false, true) == Stored::Kept)
        .count();
    assert_eq!(kept, 6, "n expired at 100 s is dropped");
    // A flipped byte fails the checksum, a checksum of 0 is not checked.
    let mut corrupt = bytes.clone();
    let at = corrupt.len() - 20;
    corrupt[at] ^= 0x40;
    assert!(decode_file(&corrupt, limits()).is_err());
    let mut unchecked = bytes.clone();
    let n = unchecked.len();
    unchecked[n - 8..].fill(0);
    assert!(decode_file(&unchecked, limits()).is_ok());
    let mut wrong = bytes.clone();
    wrong[n - 1] ^= 1;
    assert!(matches!(
        decode_file(&wrong, limits()),
        Err(RdbError::BadChecksum { .. })
    ));
}

#[test]
fn files_read_record_by_record_with_old_opcodes() {
    // Version 6 file: seconds expiry, idle and freq opcodes, an empty list
    // (skipped), a function record.
    let mut out = Vec::new();
    let mut writer = FileWriter::new(options());
    writer.header(&mut out, &[(b"redis-ver", b"6.2.14")]);
    writer.select_db(&mut out, 2, 1, 1);
    out.push(kind::EXPIRETIME);
    out.extend_from_slice(&2_000_000_000i32.to_le_bytes());
    out.push(kind::IDLE);
    write_len(&mut out, 30);
    out.push(kind::STRING);
    write_string(&mut out, b"k", false);
    write_string(&mut out, b"v", false);
    out.push(kind::LIST);
    write_string(&mut out, b"empty", false);
    write_len(&mut out, 0);
    out.push(kind::FREQ);
    out.push(9);
    out.push(kind::STRING);
    write_string(&mut out, b"k2", false);
    write_string(&mut out, b"v2", false);
    out.push(kind::FUNCTION2);
    write_string(&mut out, b"#!lua name=lib\n", false);
    out.push(kind::EOF);
    let crc = crc64::crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out[5..9].copy_from_slice(b"0006");
    // The version changed after the checksum: recompute.
    let n = out.len();
    let crc = crc64::crc64(&out[..n - 8]);
    out[n - 8..].copy_from_slice(&crc.to_le_bytes());
    let mut reader = FileReader::new(&out, limits()).unwrap();
    assert_eq!(reader.version(), 6);
    let mut records = Vec::new();
    while let Some(r) = reader.next_record().unwrap() {
        records.push(r);
    }
    assert_eq!(records.len(), 6, "{records:?}");
    let Record::Key(k) = &records[3] else {
        panic!("{records:?}")
    };
    assert_eq!(
        (k.db, k.expire_at_ms, k.idle_secs),
        (2, Some(2_000_000_000_000), Some(30))
    );
    let Record::Key(k2) = &records[4] else {
        panic!()
    };
    assert_eq!(
        (k2.key.as_slice(), k2.freq, k2.expire_at_ms),
        (&b"k2"[..], Some(9), None)
    );
    assert_eq!(records[5], Record::Function(b"#!lua name=lib\n".to_vec()));
    // Module aux data and bad headers are clear errors.
    assert_eq!(
        FileReader::new(b"RADIS0010", limits()).err(),
        Some(RdbError::BadMagic)
    );
    assert_eq!(
        FileReader::new(b"REDIS0011", limits()).err(),
        Some(RdbError::UnsupportedVersion(11))
    );
    let mut module = b"REDIS0010".to_vec();
    module.push(kind::MODULE_AUX);
    let mut reader = FileReader::new(&module, limits()).unwrap();
    assert_eq!(reader.next_record(), Err(RdbError::ModuleData));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Random bytes after each type byte: an error or a value, never a
    /// panic; allocation stays bounded by the Reader's length checks.
    #[test]
    fn random_payloads_never_panic(t in 0u8..24, body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut reader = Reader::new(&body);
        let _ = read_value(&mut reader, t, &limits());
    }

    /// Valid payloads with a few bytes changed.
    #[test]
    fn mutated_payloads_never_panic(which in 0usize..6, flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4)) {
        let values = [
            list(numbered("", 30)),
            hash(numbered("f", 5).zip(numbered("v", 5))),
            zset(numbered("m", 5).zip([1.0, 2.0, 3.0, 4.0, 5.0])),
            set(numbered("", 5)),
            Value::Stream(Box::new(sample_stream())),
            Value::Str(Small::new(&b"abc".repeat(30))),
        ];
        let mut out = Vec::new();
        write_value(&mut out, &values[which], &options());
        for (at, byte) in flips {
            let n = out.len();
            out[at % n] ^= byte;
        }
        let mut reader = Reader::new(&out[1..]);
        let _ = read_value(&mut reader, out[0], &limits());
        let file = [b"REDIS0010".as_slice(), &[0], b"\x01k", &out[1..], &[255]].concat();
        let _ = decode_file(&file, limits());
    }

    /// The fuzz entry's invariants (no panic; a value that loads dumps
    /// canonically) on valid bodies with bytes changed.
    #[test]
    fn mutated_bodies_keep_the_fuzz_invariants(which in 0usize..6, flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3)) {
        let values = [
            list(numbered("", 30)),
            hash(numbered("f", 5).zip(numbered("v", 5))),
            zset(numbered("m", 5).zip([1.0, 2.0, 3.0, 4.0, 5.0])),
            set(numbered("", 5)),
            Value::Stream(Box::new(sample_stream())),
            Value::Str(Small::new(&b"abc".repeat(30))),
        ];
        let mut out = Vec::new();
        write_value(&mut out, &values[which], &options());
        for (at, byte) in flips {
            let n = out.len();
            out[at % n] ^= byte;
        }
        fuzz_one(&out);
    }

    #[test]
    fn random_files_never_panic(body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let file = [b"REDIS0010".as_slice(), &body].concat();
        let _ = decode_file(&file, limits());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Random contents of every collection type, in both forms (sizes on
    /// either side of the default thresholds), round trip equal.
    #[test]
    fn random_collections_round_trip(
        items in proptest::collection::vec(
            prop_oneof![
                any::<i64>().prop_map(|n| n.to_string().into_bytes()),
                proptest::collection::vec(any::<u8>(), 0..80),
            ],
            1..700,
        ),
        scores in proptest::collection::vec(-1e6f64..1e6, 700),
    ) {
        let l = list(items.clone());
        prop_assert_eq!(round_trip(&l), l);
        let s = set(items.clone());
        prop_assert_eq!(round_trip(&s), s);
        let h = hash(items.iter().cloned().zip(items.iter().rev().cloned()));
        prop_assert_eq!(round_trip(&h), h);
        let z = zset(items.iter().cloned().zip(scores));
        prop_assert_eq!(round_trip(&z), z);
    }
}

#[test]
fn stream_group_times_are_written_as_the_unix_times_they_are() {
    // The stream commands keep delivery and seen times as Unix
    // milliseconds; the file holds them unchanged (redis-server reads
    // them as such), whatever the clock's zero.
    let limits = NodeLimits {
        max_bytes: 4096,
        max_entries: 100,
    };
    let mut s = Stream::default();
    s.append(StreamId::new(1, 0), &[b"f", b"v"], limits);
    let mut group = Group::new(StreamId::new(1, 0), 1);
    group.consumer_or_create(b"alice", 1_700_000_000_100);
    group.deliver(StreamId::new(1, 0), b"alice", 1_700_000_000_123);
    s.groups.insert(b"g".to_vec(), group);
    let value = Value::Stream(Box::new(s));
    let mut out = Vec::new();
    write_value(&mut out, &value, &options());
    for time in [1_700_000_000_123i64, 1_700_000_000_100] {
        let bytes = time.to_le_bytes();
        assert!(out.windows(8).any(|w| w == bytes), "{time} in the payload");
    }
    assert_eq!(round_trip(&value), value);
}

#[test]
fn a_resize_hint_sizes_the_database_but_never_past_what_the_file_holds() {
    // SELECTDB 0, RESIZEDB claiming 2^40 keys, one string key, EOF, a zero
    // checksum (not checked): the hint is capped by the bytes left, so the
    // load neither aborts on the allocation nor stores anything extra.
    let mut bytes = b"REDIS0010".to_vec();
    bytes.extend_from_slice(&[0xFE, 0x00, 0xFB]);
    write_len(&mut bytes, 1 << 40);
    write_len(&mut bytes, 0);
    bytes.push(0x00);
    write_string(&mut bytes, b"k", false);
    write_string(&mut bytes, b"v", false);
    bytes.push(0xFF);
    bytes.extend_from_slice(&[0; 8]);
    let mut store = Store::new(Config::default(), Host::default(), 0);
    let mut libraries = Vec::new();
    let counts = snapshot::load_file(&mut store, &bytes, 0, false, &mut libraries).unwrap();
    assert_eq!(counts.loaded, 1);
    assert_eq!(store.key_count(), 1);
    assert_eq!(
        store.dbs[0].peek_value(b"k"),
        Some(&Value::Str(Small::new(b"v")))
    );
}

/// A file of string keys: `(key, value, deadline in Unix ms)` in
/// database 0, with a zero checksum (not checked).
fn file_of(keys: &[(&[u8], &[u8], Option<u64>)]) -> Vec<u8> {
    let mut bytes = b"REDIS0010".to_vec();
    bytes.extend_from_slice(&[0xFE, 0x00]);
    for (key, value, deadline) in keys {
        if let Some(ms) = deadline {
            bytes.push(0xFC);
            bytes.extend_from_slice(&ms.to_le_bytes());
        }
        bytes.push(0x00);
        write_string(&mut bytes, key, false);
        write_string(&mut bytes, value, false);
    }
    bytes.push(0xFF);
    bytes.extend_from_slice(&[0; 8]);
    bytes
}

#[test]
fn a_duplicated_key_fails_the_load_unless_the_copy_has_expired() {
    let load = |bytes: &[u8]| {
        let mut store = Store::new(Config::default(), Host::default(), 0);
        snapshot::load_file(&mut store, bytes, 1_000, false, &mut Vec::new())
            .map(|_| (store.key_count(), store.dbs[0].peek_value(b"k").cloned()))
    };
    let twice = file_of(&[(b"k", b"1", None), (b"k", b"2", None)]);
    assert_eq!(
        load(&twice),
        Err("RDB has duplicated key 'k' in DB 0".into())
    );
    // Redis drops an expired key before it would add it, so an expired
    // copy is no duplicate.
    let expired_copy = file_of(&[(b"k", b"1", None), (b"k", b"2", Some(1))]);
    assert_eq!(
        load(&expired_copy),
        Ok((1, Some(Value::Str(Small::new(b"1")))))
    );
}
