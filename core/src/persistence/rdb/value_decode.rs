//! A value from its RDB type byte and payload, in every encoding Redis
//! 7.0 and 6.2 write (and the older ones 7.0 still loads). The value is
//! built through the types' own operations with the configured limits,
//! so it ends in the form Redis 7.0 would hold after loading (a small
//! table-form hash becomes a listpack, an oversized listpack a table).
//!
//! Empty collections are [`RdbError::EmptyKey`]: RESTORE refuses them,
//! file loading skips them, as Redis does.

use std::collections::BTreeSet;

use super::encoding::Reader;
use super::packed::{intset_items, listpack_items, ziplist_items, zipmap_pairs, Item};
use super::{kind, LoadLimits, RdbError};
use crate::compact::Small;
use crate::types::{Consumer, Group, Hash, List, Nack, Set, Stream, StreamId, Value, ZSet};

const FLAG_DELETED: i64 = 1;
const FLAG_SAMEFIELDS: i64 = 2;
const CONTAINER_PLAIN: u64 = 1;
const CONTAINER_PACKED: u64 = 2;
const DUPLICATE_MEMBER: RdbError = RdbError::Corrupt("duplicate set member");

/// Reads the payload of a value of type `rdb_type`.
pub fn read_value(
    reader: &mut Reader<'_>,
    rdb_type: u8,
    limits: &LoadLimits,
) -> Result<Value, RdbError> {
    let value = match rdb_type {
        kind::STRING => Value::Str(Small::new(&reader.string()?)),
        kind::LIST => {
            let n = reader.count(1)?;
            let mut list = List::default();
            for _ in 0..n {
                list.push_back(Small::new(&reader.string()?));
            }
            Value::List(Box::new(list))
        }
        kind::LIST_ZIPLIST => {
            let blob = reader.string()?;
            let mut list = List::default();
            for item in ziplist_items(&blob)? {
                list.push_back(Small::new(&item.to_vec()));
            }
            Value::List(Box::new(list))
        }
        kind::LIST_QUICKLIST | kind::LIST_QUICKLIST_2 => read_quicklist(reader, rdb_type, limits)?,
        kind::SET => {
            let n = reader.count(1)?;
            let mut set = Set::new(limits.seed);
            for _ in 0..n {
                if !set.insert(&reader.string()?, limits.set_max_intset_entries) {
                    return Err(DUPLICATE_MEMBER);
                }
            }
            Value::Set(Box::new(set))
        }
        kind::SET_INTSET => {
            let blob = reader.string()?;
            let mut set = Set::new(limits.seed);
            for n in intset_items(&blob)? {
                set.insert(
                    itoa::Buffer::new().format(n).as_bytes(),
                    limits.set_max_intset_entries,
                );
            }
            Value::Set(Box::new(set))
        }
        kind::SET_LISTPACK => {
            let blob = reader.string()?;
            let mut set = Set::new(limits.seed);
            for item in listpack_items(&blob)? {
                if !set.insert(&item.to_vec(), limits.set_max_intset_entries) {
                    return Err(DUPLICATE_MEMBER);
                }
            }
            Value::Set(Box::new(set))
        }
        kind::HASH => {
            let n = reader.count(2)?;
            let mut hash = Hash::default();
            for _ in 0..n {
                let (field, value) = (reader.string()?, reader.string()?);
                if !hash.set(&field, &value, &limits.hash) {
                    return Err(RdbError::Corrupt("duplicate hash field"));
                }
            }
            Value::Hash(hash)
        }
        kind::HASH_ZIPMAP => {
            let blob = reader.string()?;
            let pairs = zipmap_pairs(&blob)?;
            hash_from(
                pairs.into_iter().map(|(f, v)| (f.to_vec(), v.to_vec())),
                limits,
            )?
        }
        kind::HASH_ZIPLIST | kind::HASH_LISTPACK => {
            let blob = reader.string()?;
            let items = packed_items(&blob, rdb_type == kind::HASH_ZIPLIST)?;
            if items.len() % 2 != 0 {
                return Err(RdbError::Corrupt("odd number of hash elements"));
            }
            hash_from(
                items.chunks(2).map(|p| (p[0].to_vec(), p[1].to_vec())),
                limits,
            )?
        }
        kind::ZSET | kind::ZSET_2 => {
            let n = reader.count(2)?;
            let mut zset = ZSet::new();
            for _ in 0..n {
                let member = reader.string()?;
                let score = if rdb_type == kind::ZSET_2 {
                    reader.f64()?
                } else {
                    reader.text_double()?
                };
                if score.is_nan() {
                    return Err(RdbError::Corrupt("sorted set score is NaN"));
                }
                if zset.insert(&member, score, limits.zset).is_some() {
                    return Err(RdbError::Corrupt("duplicate sorted set member"));
                }
            }
            Value::ZSet(Box::new(zset))
        }
        kind::ZSET_ZIPLIST | kind::ZSET_LISTPACK => {
            let blob = reader.string()?;
            let items = packed_items(&blob, rdb_type == kind::ZSET_ZIPLIST)?;
            if items.len() % 2 != 0 {
                return Err(RdbError::Corrupt("odd number of sorted set elements"));
            }
            let mut zset = ZSet::new();
            for pair in items.chunks(2) {
                let score = match pair[1] {
                    Item::Int(n) => n as f64,
                    Item::Bytes(b) => parse_score(b)?,
                };
                if zset.insert(&pair[0].to_vec(), score, limits.zset).is_some() {
                    return Err(RdbError::Corrupt("duplicate sorted set member"));
                }
            }
            Value::ZSet(Box::new(zset))
        }
        kind::STREAM_LISTPACKS | kind::STREAM_LISTPACKS_2 | kind::STREAM_LISTPACKS_3 => {
            return read_stream(reader, rdb_type).map(|s| Value::Stream(Box::new(s)));
        }
        kind::MODULE_PRE_GA | kind::MODULE_2 => return Err(RdbError::ModuleData),
        other => return Err(RdbError::UnknownType(other)),
    };
    let empty = match &value {
        Value::Str(_) | Value::Stream(_) => false,
        Value::List(l) => l.is_empty(),
        Value::Set(s) => s.is_empty(),
        Value::Hash(h) => h.is_empty(),
        Value::ZSet(z) => z.is_empty(),
    };
    if empty {
        return Err(RdbError::EmptyKey);
    }
    Ok(value)
}

fn packed_items(blob: &[u8], ziplist: bool) -> Result<Vec<Item<'_>>, RdbError> {
    if ziplist {
        ziplist_items(blob)
    } else {
        listpack_items(blob)
    }
}

fn parse_score(text: &[u8]) -> Result<f64, RdbError> {
    let score = std::str::from_utf8(text)
        .ok()
        .and_then(|t| match t {
            "inf" | "+inf" => Some(f64::INFINITY),
            "-inf" => Some(f64::NEG_INFINITY),
            _ => t.parse::<f64>().ok(),
        })
        .ok_or(RdbError::Corrupt("invalid sorted set score"))?;
    if score.is_nan() {
        return Err(RdbError::Corrupt("sorted set score is NaN"));
    }
    Ok(score)
}

fn hash_from(
    pairs: impl Iterator<Item = (Vec<u8>, Vec<u8>)>,
    limits: &LoadLimits,
) -> Result<Value, RdbError> {
    let mut hash = Hash::default();
    for (field, value) in pairs {
        if !hash.set(&field, &value, &limits.hash) {
            return Err(RdbError::Corrupt("duplicate hash field"));
        }
    }
    Ok(Value::Hash(hash))
}

/// Quicklist (6.2: ziplist nodes) and quicklist 2 (7.0: listpack nodes,
/// or plain nodes holding one large element).
fn read_quicklist(
    reader: &mut Reader<'_>,
    rdb_type: u8,
    _limits: &LoadLimits,
) -> Result<Value, RdbError> {
    let nodes = reader.count(1)?;
    let mut list = List::default();
    for _ in 0..nodes {
        let container = if rdb_type == kind::LIST_QUICKLIST_2 {
            reader.len()?
        } else {
            CONTAINER_PACKED
        };
        let blob = reader.string()?;
        match container {
            CONTAINER_PLAIN => list.push_back(Small::new(&blob)),
            CONTAINER_PACKED => {
                let items = packed_items(&blob, rdb_type == kind::LIST_QUICKLIST)?;
                if items.is_empty() {
                    return Err(RdbError::Corrupt("empty quicklist node"));
                }
                for item in items {
                    list.push_back(Small::new(&item.to_vec()));
                }
            }
            _ => return Err(RdbError::Corrupt("unknown quicklist container")),
        }
    }
    Ok(Value::List(Box::new(list)))
}

fn read_id(reader: &mut Reader<'_>) -> Result<StreamId, RdbError> {
    Ok(StreamId::new(reader.len()?, reader.len()?))
}

fn raw_id(bytes: &[u8]) -> Result<StreamId, RdbError> {
    if bytes.len() != 16 {
        return Err(RdbError::Corrupt("stream ID of the wrong size"));
    }
    let ms = u64::from_be_bytes(bytes[..8].try_into().unwrap_or_default());
    let seq = u64::from_be_bytes(bytes[8..].try_into().unwrap_or_default());
    Ok(StreamId::new(ms, seq))
}

const BAD_NODE: RdbError = RdbError::Corrupt("invalid stream node");

/// Reads one node's listpack into the stream (see the encoder for the
/// layout); deleted entries only count.
fn read_node(stream: &mut Stream, master: StreamId, blob: &[u8]) -> Result<(), RdbError> {
    let items = listpack_items(blob)?;
    let mut it = items.into_iter();
    let int =
        |it: &mut std::vec::IntoIter<Item<'_>>| it.next().and_then(Item::as_int).ok_or(BAD_NODE);
    let count = int(&mut it)?;
    let deleted = int(&mut it)?;
    let nfields = int(&mut it)?;
    if count < 0 || deleted < 0 || nfields < 0 || nfields as usize > blob.len() {
        return Err(BAD_NODE);
    }
    let master_fields: Vec<Vec<u8>> = (0..nfields)
        .map(|_| it.next().map(Item::to_vec).ok_or(BAD_NODE))
        .collect::<Result<_, _>>()?;
    if int(&mut it)? != 0 {
        return Err(BAD_NODE);
    }
    let refs: Vec<&[u8]> = master_fields.iter().map(Vec::as_slice).collect();
    if !stream.load_node(master, &refs, deleted as u64) {
        return Err(RdbError::Corrupt("stream node out of order"));
    }
    let (mut live, mut dead) = (0, 0);
    while let Some(flags) = it.next() {
        let flags = flags.as_int().ok_or(BAD_NODE)?;
        let ms = master.ms.wrapping_add(int(&mut it)? as u64);
        let seq = master.seq.wrapping_add(int(&mut it)? as u64);
        let id = StreamId::new(ms, seq);
        let mut pairs: Vec<Vec<u8>> = Vec::new();
        if flags & FLAG_SAMEFIELDS != 0 {
            for field in &master_fields {
                pairs.push(field.clone());
                pairs.push(it.next().ok_or(BAD_NODE)?.to_vec());
            }
        } else {
            let n = int(&mut it)?;
            if n < 0 || n as usize > blob.len() {
                return Err(BAD_NODE);
            }
            for _ in 0..2 * n {
                pairs.push(it.next().ok_or(BAD_NODE)?.to_vec());
            }
        }
        int(&mut it)?; // the entry's element count, for backward walks
        if flags & FLAG_DELETED != 0 {
            dead += 1;
            continue;
        }
        live += 1;
        let refs: Vec<&[u8]> = pairs.iter().map(Vec::as_slice).collect();
        if !stream.load_entry(id, &refs) {
            return Err(RdbError::Corrupt("stream entry out of order"));
        }
    }
    if live != count || dead != deleted {
        return Err(BAD_NODE);
    }
    stream.drop_empty_node();
    Ok(())
}

fn read_stream(reader: &mut Reader<'_>, rdb_type: u8) -> Result<Stream, RdbError> {
    // Group times stay the Unix milliseconds the file holds (see
    // value_encode.rs).
    let clock = |unix: i64| unix.max(0) as u64;
    let mut stream = Stream::default();
    let nodes = reader.count(2)?;
    for _ in 0..nodes {
        let key = reader.string()?;
        let master = raw_id(&key)?;
        let blob = reader.string()?;
        read_node(&mut stream, master, &blob)?;
    }
    let length = reader.len()?;
    let last_id = read_id(reader)?;
    if length != stream.len() {
        return Err(RdbError::Corrupt(
            "stream length does not match its entries",
        ));
    }
    if stream.last_entry().is_some_and(|last| last > last_id) {
        return Err(RdbError::Corrupt("stream last ID below an entry"));
    }
    let first_entry = stream.first_entry().unwrap_or_default();
    let (first_id, max_deleted, entries_added) = if rdb_type == kind::STREAM_LISTPACKS {
        // Redis 6.2 kept no such counters; 7.0 derives them on load.
        (first_entry, StreamId::MIN, length)
    } else {
        (read_id(reader)?, read_id(reader)?, reader.len()?)
    };
    stream.finish_load(last_id, first_id, max_deleted, entries_added);
    let groups = reader.count(1)?;
    for _ in 0..groups {
        let name = reader.string()?;
        let group_last = read_id(reader)?;
        let entries_read = if rdb_type == kind::STREAM_LISTPACKS {
            stream.estimate_distance(group_last)
        } else {
            reader.len()? as i64
        };
        let mut group = Group::new(group_last, entries_read);
        let pel = reader.count(17)?;
        for _ in 0..pel {
            let id = raw_id(reader.take(16)?)?;
            let delivery_time = clock(reader.millis()?);
            let delivery_count = reader.len()?;
            let nack = Nack {
                delivery_time,
                delivery_count,
                consumer: Vec::new(),
            };
            if group.pel.insert(id, nack).is_some() {
                return Err(RdbError::Corrupt("duplicate stream PEL entry"));
            }
        }
        let consumers = reader.count(10)?;
        for _ in 0..consumers {
            let cname = reader.string()?;
            let seen_time = clock(reader.millis()?);
            if rdb_type == kind::STREAM_LISTPACKS_3 {
                reader.millis()?; // active-time (7.2); 7.0 keeps only seen-time
            }
            let owned = reader.count(16)?;
            let mut ids = BTreeSet::new();
            for _ in 0..owned {
                let id = raw_id(reader.take(16)?)?;
                let nack = group.pel.get_mut(&id).ok_or(RdbError::Corrupt(
                    "consumer PEL entry missing from the group PEL",
                ))?;
                if !nack.consumer.is_empty() {
                    return Err(RdbError::Corrupt("stream PEL entry owned twice"));
                }
                nack.consumer = cname.clone();
                ids.insert(id);
            }
            if cname.is_empty() && owned > 0 {
                return Err(RdbError::Corrupt("empty consumer name"));
            }
            let consumer = Consumer {
                seen_time,
                pel: ids,
            };
            if group.consumers.insert(cname, consumer).is_some() {
                return Err(RdbError::Corrupt("duplicate consumer"));
            }
        }
        if group.pel.values().any(|nack| nack.consumer.is_empty()) {
            return Err(RdbError::Corrupt("stream PEL entry without a consumer"));
        }
        if stream.groups.insert(name, group).is_some() {
            return Err(RdbError::Corrupt("duplicate consumer group"));
        }
    }
    Ok(stream)
}
