//! An AOF rewrite's base as commands (`aof-use-rdb-preamble no`): the
//! records that rebuild the dataset, laid out as redis-server 7.0's
//! `rewriteAppendOnlyFileRio` writes them, as a snapshot format.
//!
//! The snapshot stream (store/snapshot_stream.rs) drives this format with
//! the same walk, copy-before-write and bounded slices as an RDB base; only
//! the bytes differ. What Redis 7.0.15 writes, and so what this writes:
//!
//! - first, each function library as `FUNCTION LOAD <code>`;
//! - per database with keys, a `SELECT <db>`, then per key:
//!   strings as `SET`, lists as `RPUSH`, sets as `SADD`, sorted sets as
//!   `ZADD score member` (scores as `%.17g`: `0.10000000000000001`), hashes
//!   as `HMSET`, each in commands of at most
//!   [`AOF_REWRITE_ITEMS_PER_CMD`] elements (pairs for sorted sets and
//!   hashes); streams as one `XADD` per entry (an empty stream as
//!   `XADD key MAXLEN 0 0-1 x y`), then `XSETID key last ENTRIESADDED n
//!   MAXDELETEDID id`, then per group `XGROUP CREATE key group last
//!   ENTRIESREAD n`, per consumer in name order an `XCLAIM key group
//!   consumer 0 id TIME ms RETRYCOUNT n JUSTID FORCE` per pending entry,
//!   or `XGROUP CREATECONSUMER key group consumer` when it has none;
//! - after a key with a deadline, `PEXPIREAT key <unix ms>`.
//!
//! Pre-images of another database than the walked one are framed by a
//! `SELECT` of their database, and the walked one is selected again before
//! its next key ([`SnapshotFormat::select_db`]); a loader just follows the
//! SELECTs. There is no footer and no checksum: an AOF has none.

use std::sync::Arc;

use crate::protocol::encode::format_double;
use crate::store::snapshot_stream::SnapshotFormat;
use crate::store::Store;
use crate::types::{Hash, List, Set, Stream, Value, ZSet};

/// Redis's `AOF_REWRITE_ITEMS_PER_CMD`: elements per command of a rewrite.
pub const AOF_REWRITE_ITEMS_PER_CMD: usize = 64;

/// The base as AOF records. Holds the function libraries' code as it was
/// when the snapshot started (written with the header).
pub(crate) struct AofCommandsFormat {
    libraries: Vec<Vec<u8>>,
}

/// The format of a rewrite's base made now from `store`.
pub(crate) fn aof_commands_format(store: &Store) -> Arc<dyn SnapshotFormat> {
    Arc::new(AofCommandsFormat {
        libraries: store
            .functions
            .libraries()
            .map(|library| library.code.clone())
            .collect(),
    })
}

/// `*<n>\r\n`: a record of `n` arguments starts.
fn array(out: &mut Vec<u8>, n: usize) {
    out.push(b'*');
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// `$<len>\r\n<bytes>\r\n`: one argument.
fn bulk(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'$');
    out.extend_from_slice(itoa::Buffer::new().format(bytes.len()).as_bytes());
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
}

fn bulk_int(out: &mut Vec<u8>, n: impl itoa::Integer) {
    bulk(out, itoa::Buffer::new().format(n).as_bytes());
}

fn record(out: &mut Vec<u8>, args: &[&[u8]]) {
    array(out, args.len());
    for arg in args {
        bulk(out, arg);
    }
}

/// Writes `items` (each `width` arguments) as `command key items...` in
/// commands of at most [`AOF_REWRITE_ITEMS_PER_CMD`] items, as Redis's
/// rewrite batches them.
fn batched<I>(out: &mut Vec<u8>, command: &[u8], key: &[u8], len: usize, width: usize, items: I)
where
    I: Iterator,
    I::Item: FnOnce(&mut Vec<u8>),
{
    let mut left = len;
    let mut in_command = 0;
    for write_item in items {
        if in_command == 0 {
            let count = left.min(AOF_REWRITE_ITEMS_PER_CMD);
            array(out, 2 + count * width);
            bulk(out, command);
            bulk(out, key);
        }
        write_item(out);
        in_command += 1;
        left = left.saturating_sub(1);
        if in_command == AOF_REWRITE_ITEMS_PER_CMD {
            in_command = 0;
        }
    }
}

fn write_list(out: &mut Vec<u8>, key: &[u8], list: &List) {
    let items = list
        .iter()
        .map(|item| move |out: &mut Vec<u8>| bulk(out, item));
    batched(out, b"RPUSH", key, list.len(), 1, items);
}

fn write_set(out: &mut Vec<u8>, key: &[u8], set: &Set) {
    let items = set
        .iter()
        .map(|member| move |out: &mut Vec<u8>| bulk(out, &member.bytes()));
    batched(out, b"SADD", key, set.len(), 1, items);
}

fn write_zset(out: &mut Vec<u8>, key: &[u8], zset: &ZSet) {
    let items = zset.iter().map(|(member, score)| {
        move |out: &mut Vec<u8>| {
            bulk(out, format_double(score).as_bytes());
            bulk(out, member);
        }
    });
    batched(out, b"ZADD", key, zset.len(), 2, items);
}

fn write_hash(out: &mut Vec<u8>, key: &[u8], hash: &Hash) {
    let items = hash.iter().map(|(field, value)| {
        move |out: &mut Vec<u8>| {
            bulk(out, field);
            bulk(out, value);
        }
    });
    batched(out, b"HMSET", key, hash.len(), 2, items);
}

/// A stream with its counters, groups, pending entries and consumers, as
/// Redis's `rewriteStreamObject`. Delivery times are Unix milliseconds,
/// as the stream commands keep them.
fn write_stream(out: &mut Vec<u8>, key: &[u8], stream: &Stream) {
    if stream.is_empty() {
        // An XADD that trims itself away creates the (empty) key.
        record(out, &[b"XADD", key, b"MAXLEN", b"0", b"0-1", b"x", b"y"]);
    } else {
        for node in stream.nodes() {
            for (id, fields) in node.entries() {
                array(out, 3 + 2 * fields.pairs());
                bulk(out, b"XADD");
                bulk(out, key);
                bulk(out, &id.to_bytes());
                for (field, value) in fields {
                    bulk(out, field);
                    bulk(out, value);
                }
            }
        }
    }
    array(out, 7);
    bulk(out, b"XSETID");
    bulk(out, key);
    bulk(out, &stream.last_id().to_bytes());
    bulk(out, b"ENTRIESADDED");
    bulk_int(out, stream.entries_added());
    bulk(out, b"MAXDELETEDID");
    bulk(out, &stream.max_deleted().to_bytes());
    for (name, group) in &stream.groups {
        array(out, 7);
        bulk(out, b"XGROUP");
        bulk(out, b"CREATE");
        bulk(out, key);
        bulk(out, name);
        bulk(out, &group.last_id.to_bytes());
        bulk(out, b"ENTRIESREAD");
        bulk_int(out, group.entries_read);
        for (consumer_name, consumer) in &group.consumers {
            if consumer.pel.is_empty() {
                record(
                    out,
                    &[b"XGROUP", b"CREATECONSUMER", key, name, consumer_name],
                );
                continue;
            }
            for id in &consumer.pel {
                let Some(nack) = group.pel.get(id) else {
                    continue;
                };
                array(out, 12);
                for arg in [b"XCLAIM".as_slice(), key, name, consumer_name, b"0"] {
                    bulk(out, arg);
                }
                bulk(out, &id.to_bytes());
                bulk(out, b"TIME");
                bulk_int(out, nack.delivery_time);
                bulk(out, b"RETRYCOUNT");
                bulk_int(out, nack.delivery_count);
                bulk(out, b"JUSTID");
                bulk(out, b"FORCE");
            }
        }
    }
}

impl AofCommandsFormat {
    fn value(key: &[u8], value: &Value, out: &mut Vec<u8>) {
        match value {
            Value::Str(bytes) => record(out, &[b"SET", key, bytes]),
            Value::List(list) => write_list(out, key, list),
            Value::Set(set) => write_set(out, key, set),
            Value::ZSet(zset) => write_zset(out, key, zset),
            Value::Hash(hash) => write_hash(out, key, hash),
            Value::Stream(stream) => write_stream(out, key, stream),
        }
    }
}

impl SnapshotFormat for AofCommandsFormat {
    fn header(&self, out: &mut Vec<u8>) {
        for code in &self.libraries {
            record(out, &[b"FUNCTION", b"LOAD", code]);
        }
    }

    fn db_start(&self, db: usize, _keys: usize, _expires: usize, out: &mut Vec<u8>) {
        self.select_db(db, out);
    }

    fn select_db(&self, db: usize, out: &mut Vec<u8>) {
        array(out, 2);
        bulk(out, b"SELECT");
        bulk_int(out, db);
    }

    fn entry(&self, key: &[u8], value: &Value, expire_at_unix_ms: Option<u64>, out: &mut Vec<u8>) {
        Self::value(key, value, out);
        if let Some(at) = expire_at_unix_ms {
            array(out, 3);
            bulk(out, b"PEXPIREAT");
            bulk(out, key);
            bulk_int(out, at);
        }
    }

    fn footer(&self, _digest: u64, _out: &mut Vec<u8>) {}

    fn digest(&self, digest: u64, _bytes: &[u8]) -> u64 {
        digest
    }
}
