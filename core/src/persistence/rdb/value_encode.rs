//! A value in RDB form: its type byte and its payload, in the encoding
//! Redis 7.0 would write for the same value (listpack while the type's
//! compact form is in use, the table forms otherwise), so a file or DUMP
//! payload we write is what redis-server 7.0.15 expects to read.

use super::encoding::{write_f64, write_len, write_millis, write_string};
use super::packed::{write_intset, ListpackWriter};
use super::{kind, SaveOptions};
use crate::protocol::encode::format_double;
use crate::types::{Hash, List, Member, Set, Stream, StreamId, Value, ZSet};

/// The quicklist node container of a listpack (`QUICKLIST_NODE_CONTAINER_PACKED`).
const CONTAINER_PACKED: u64 = 2;

/// Stream entry flags (`STREAM_ITEM_FLAG_*`).
const FLAG_NONE: i64 = 0;
const FLAG_SAMEFIELDS: i64 = 2;

/// Node size limits of `list-max-listpack-size` below zero (4 to 64 kB).
const LIST_SIZE_LIMITS: [usize; 5] = [4096, 8192, 16384, 32768, 65536];
/// Largest node for a positive `list-max-listpack-size` (`SIZE_SAFETY_LIMIT`).
const LIST_SAFETY_LIMIT: usize = 8192;
/// Estimated per-element overhead Redis adds when deciding (`SIZE_ESTIMATE_OVERHEAD`).
const LIST_ELEMENT_OVERHEAD: usize = 8;

/// The RDB type byte this value is written with.
pub fn rdb_type(value: &Value) -> u8 {
    match value {
        Value::Str(_) => kind::STRING,
        Value::List(_) => kind::LIST_QUICKLIST_2,
        Value::Set(set) if set.encoding() == "intset" => kind::SET_INTSET,
        Value::Set(_) => kind::SET,
        Value::Hash(hash) if hash.is_packed() => kind::HASH_LISTPACK,
        Value::Hash(_) => kind::HASH,
        Value::ZSet(zset) if zset.is_compact() => kind::ZSET_LISTPACK,
        Value::ZSet(_) => kind::ZSET_2,
        Value::Stream(_) => kind::STREAM_LISTPACKS_2,
    }
}

/// Appends the value's type byte and payload.
pub fn write_value(out: &mut Vec<u8>, value: &Value, options: &SaveOptions) {
    out.push(rdb_type(value));
    write_value_body(out, value, options);
}

/// Appends the value's payload alone (in a file the type byte comes
/// before the key's name).
pub fn write_value_body(out: &mut Vec<u8>, value: &Value, options: &SaveOptions) {
    let compress = options.compress;
    match value {
        Value::Str(bytes) => write_string(out, bytes, compress),
        Value::List(list) => write_list(out, list, options),
        Value::Set(set) => write_set(out, set, compress),
        Value::Hash(hash) => write_hash(out, hash, compress),
        Value::ZSet(zset) => write_zset(out, zset, compress),
        Value::Stream(stream) => write_stream(out, stream, options),
    }
}

/// Whether a node of `node_bytes` and `count` elements can take one more
/// element of `len` bytes (Redis's `_quicklistNodeAllowInsert`).
fn node_takes(fill: i32, node_bytes: usize, count: usize, len: usize) -> bool {
    let new_size = node_bytes + len + LIST_ELEMENT_OVERHEAD;
    if fill >= 0 {
        count < fill.max(1) as usize && new_size <= LIST_SAFETY_LIMIT
    } else {
        let level = ((-fill - 1) as usize).min(LIST_SIZE_LIMITS.len() - 1);
        new_size <= LIST_SIZE_LIMITS[level]
    }
}

/// The listpack nodes of a quicklist holding `list`, filled as RPUSH
/// fills them with `list-max-listpack-size` `fill` (also what DEBUG
/// OBJECT reports as `ql_*`).
pub fn list_nodes(list: &List, fill: i32) -> Vec<Vec<u8>> {
    let mut nodes = Vec::new();
    let mut node = ListpackWriter::default();
    for item in list.iter() {
        if node.count() > 0 && !node_takes(fill, node.bytes(), node.count(), item.len()) {
            nodes.push(std::mem::take(&mut node).finish());
        }
        node.push(item);
    }
    if node.count() > 0 {
        nodes.push(node.finish());
    }
    nodes
}

/// A quicklist of listpack nodes, filled as RPUSH fills them.
fn write_list(out: &mut Vec<u8>, list: &List, options: &SaveOptions) {
    let nodes = list_nodes(list, options.list_fill);
    write_len(out, nodes.len() as u64);
    for node in nodes {
        write_len(out, CONTAINER_PACKED);
        write_string(out, &node, options.compress);
    }
}

fn write_set(out: &mut Vec<u8>, set: &Set, compress: bool) {
    if set.encoding() == "intset" {
        let ints: Vec<i64> = set
            .iter()
            .filter_map(|m| match m {
                Member::Int(n) => Some(n),
                Member::Bytes(_) => None,
            })
            .collect();
        write_string(out, &write_intset(&ints), compress);
        return;
    }
    write_len(out, set.len() as u64);
    for member in set.iter() {
        write_string(out, &member.bytes(), compress);
    }
}

fn write_hash(out: &mut Vec<u8>, hash: &Hash, compress: bool) {
    if hash.is_packed() {
        let mut lp = ListpackWriter::default();
        for (field, value) in hash.iter() {
            lp.push(field);
            lp.push(value);
        }
        write_string(out, &lp.finish(), compress);
        return;
    }
    write_len(out, hash.len() as u64);
    for (field, value) in hash.iter() {
        write_string(out, field, compress);
        write_string(out, value, compress);
    }
}

fn write_zset(out: &mut Vec<u8>, zset: &ZSet, compress: bool) {
    if zset.is_compact() {
        let mut lp = ListpackWriter::default();
        for (member, score) in zset.iter() {
            lp.push(member);
            lp.push(format_double(score).as_bytes());
        }
        write_string(out, &lp.finish(), compress);
        return;
    }
    // Greatest first, as Redis writes its skiplist (it loads faster so).
    let elements: Vec<(&[u8], f64)> = zset.iter().collect();
    write_len(out, elements.len() as u64);
    for (member, score) in elements.into_iter().rev() {
        write_string(out, member, compress);
        write_f64(out, score);
    }
}

fn write_id(out: &mut Vec<u8>, id: StreamId) {
    write_len(out, id.ms);
    write_len(out, id.seq);
}

/// A stream ID as 16 big-endian bytes (node keys and PEL entries).
fn raw_id(id: StreamId) -> [u8; 16] {
    let mut raw = [0; 16];
    raw[..8].copy_from_slice(&id.ms.to_be_bytes());
    raw[8..].copy_from_slice(&id.seq.to_be_bytes());
    raw
}

/// One node's listpack: the master entry (live count, deleted count,
/// master fields, a 0 terminator), then each entry as flags, ID deltas
/// from the master ID, its fields unless they are the master's, its
/// values, and its element count.
fn node_listpack(node: &crate::types::NodeView<'_>) -> Vec<u8> {
    let master_fields = node.master_fields();
    let mut lp = ListpackWriter::default();
    lp.push_int(node.len() as i64);
    lp.push_int(0);
    lp.push_int(master_fields.len() as i64);
    for field in &master_fields {
        lp.push(field);
    }
    lp.push_int(0);
    for (id, fields) in node.entries() {
        let same = fields.pairs() == master_fields.len()
            && fields
                .clone()
                .zip(&master_fields)
                .all(|((f, _), m)| f == *m);
        lp.push_int(if same { FLAG_SAMEFIELDS } else { FLAG_NONE });
        lp.push_int(id.ms.wrapping_sub(node.master.ms) as i64);
        lp.push_int(id.seq.wrapping_sub(node.master.seq) as i64);
        let pairs = fields.pairs();
        if same {
            for (_, value) in fields {
                lp.push(value);
            }
            lp.push_int(pairs as i64 + 3);
        } else {
            lp.push_int(pairs as i64);
            for (field, value) in fields {
                lp.push(field);
                lp.push(value);
            }
            lp.push_int(2 * pairs as i64 + 4);
        }
    }
    lp.finish()
}

/// `RDB_TYPE_STREAM_LISTPACKS_2`: the nodes, the counters, and each
/// consumer group with its PEL and consumers. Delivery and seen times are
/// Unix milliseconds in the groups (the stream commands keep them so, as
/// Redis does) and in the file alike.
fn write_stream(out: &mut Vec<u8>, stream: &Stream, options: &SaveOptions) {
    let unix = |t: u64| i64::try_from(t).unwrap_or(i64::MAX);
    write_len(out, stream.nodes().count() as u64);
    for node in stream.nodes() {
        write_string(out, &raw_id(node.master), false);
        write_string(out, &node_listpack(&node), options.compress);
    }
    write_len(out, stream.len());
    write_id(out, stream.last_id());
    write_id(out, stream.first_id());
    write_id(out, stream.max_deleted());
    write_len(out, stream.entries_added());
    write_len(out, stream.groups.len() as u64);
    for (name, group) in &stream.groups {
        write_string(out, name, options.compress);
        write_id(out, group.last_id);
        // entries_read is signed; -1 (unknown) is written as its u64 form.
        write_len(out, group.entries_read as u64);
        write_len(out, group.pel.len() as u64);
        for (id, nack) in &group.pel {
            out.extend_from_slice(&raw_id(*id));
            write_millis(out, unix(nack.delivery_time));
            write_len(out, nack.delivery_count);
        }
        write_len(out, group.consumers.len() as u64);
        for (name, consumer) in &group.consumers {
            write_string(out, name, options.compress);
            write_millis(out, unix(consumer.seen_time));
            write_len(out, consumer.pel.len() as u64);
            for id in &consumer.pel {
                out.extend_from_slice(&raw_id(*id));
            }
        }
    }
}
