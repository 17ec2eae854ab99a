//! XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS, XINFO
//! HELP: a stream's counters, groups and consumers as Redis 7.0 reports
//! them (maps in RESP3, flat arrays in RESP2).

use super::args::{integer, is_token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::streams::{read_stream, write_entry, write_id};
use super::streams_groups::write_help;
use super::Ctx;
use crate::protocol::ReplyWriter;
use crate::types::{Group, Stream, StreamId, INVALID_ENTRIES_READ};

pub(super) const XINFO_SUBCOMMANDS: &[Command] = &[
    Command::new("xinfo|groups", 3, READONLY, xinfo_groups)
        .keys(2, 2, 1)
        .acl(&["@read", "@stream", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 2, (0, 1, 0))])
        .doc("List the consumer groups of a stream", "5.0.0", "stream", "O(1)")
        .history(&[("7.0.0", "Added the `entries-read` and `lag` fields")])
        .args(&[
            arg("key", "key").key_spec(0),
        ]),
    Command::new("xinfo|stream", -3, READONLY, xinfo_stream)
        .keys(2, 2, 1)
        .acl(&["@read", "@stream", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 2, (0, 1, 0))])
        .doc("Get information about a stream", "5.0.0", "stream", "O(1)")
        .history(&[("6.0.0", "Added the `FULL` modifier."), ("7.0.0", "Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("full", "block").token("FULL").optional().args(&[
                    arg("count", "integer").token("COUNT").optional(),
                ]),
        ]),
    Command::new("xinfo|consumers", 4, READONLY, xinfo_consumers)
        .keys(2, 2, 1)
        .acl(&["@read", "@stream", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 2, (0, 1, 0))])
        .doc("List the consumers in a consumer group", "5.0.0", "stream", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("groupname", "string"),
        ]),
    Command::new("xinfo|help", 2, LOADING | STALE, xinfo_help)
        .acl(&["@stream", "@slow"])
        .doc("Show helpful text about the different subcommands", "5.0.0", "stream", "O(1)"),
];

const XINFO_HELP: &[&str] = &[
    "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
    "HELP",
    "    Prints this help.",
];

pub(super) fn xinfo_help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    write_help(ctx, XINFO_HELP);
    Ok(())
}

/// The stream at `key` for XINFO: `ERR no such key` when missing.
fn info_stream(
    ctx: &mut Ctx,
    key: &[u8],
    f: impl FnOnce(&Stream, &mut ReplyWriter) -> Result<(), CommandError>,
) -> Reply {
    read_stream(ctx, key, |s, w| match s {
        None => Err(errors::NO_SUCH_KEY),
        Some(s) => f(s, w),
    })
}

fn entries_read(w: &mut ReplyWriter, group: &Group) {
    if group.entries_read == INVALID_ENTRIES_READ {
        w.null_bulk();
    } else {
        w.integer(group.entries_read);
    }
}

fn lag(w: &mut ReplyWriter, s: &Stream, group: &Group) {
    match s.lag(group) {
        Some(lag) => w.integer(lag),
        None => w.null_bulk(),
    }
}

/// XINFO GROUPS key
pub(super) fn xinfo_groups(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    info_stream(ctx, key, |s, w| {
        w.array(s.groups.len());
        for (name, group) in &s.groups {
            w.map(6);
            w.bulk(b"name");
            w.bulk(name);
            w.bulk(b"consumers");
            w.integer(group.consumers.len() as i64);
            w.bulk(b"pending");
            w.integer(group.pel.len() as i64);
            w.bulk(b"last-delivered-id");
            write_id(w, group.last_id);
            w.bulk(b"entries-read");
            entries_read(w, group);
            w.bulk(b"lag");
            lag(w, s, group);
        }
        Ok(())
    })
}

/// XINFO CONSUMERS key group
pub(super) fn xinfo_consumers(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name) = (args.next_key()?, args.next_arg()?);
    let unix = ctx.store.unix_now_ms();
    info_stream(ctx, key, |s, w| {
        let group = s
            .groups
            .get(name)
            .ok_or_else(|| errors::nogroup_for_key(key, name))?;
        w.array(group.consumers.len());
        for (name, consumer) in &group.consumers {
            w.map(3);
            w.bulk(b"name");
            w.bulk(name);
            w.bulk(b"pending");
            w.integer(consumer.pel.len() as i64);
            w.bulk(b"idle");
            w.integer(unix.saturating_sub(consumer.seen_time) as i64);
        }
        Ok(())
    })
}

/// XINFO STREAM key [FULL [COUNT count]]
pub(super) fn xinfo_stream(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let key = args.next_key()?;
    let opts = args.rest();
    let syntax = || errors::subcommand_syntax(b"xinfo", b"stream");
    let mut full = None;
    if !opts.is_empty() {
        if (opts.len() != 1 && opts.len() != 3) || !is_token(opts[0], "full") {
            return Err(syntax());
        }
        let mut count = 10;
        if opts.len() == 3 {
            if !is_token(opts[1], "count") {
                return Err(syntax());
            }
            count = integer(opts[2])?;
            if count < 0 {
                count = 10;
            }
        }
        full = Some(count as usize);
    }
    info_stream(ctx, key, |s, w| {
        w.map(if full.is_some() { 9 } else { 10 });
        w.bulk(b"length");
        w.integer(s.len() as i64);
        w.bulk(b"radix-tree-keys");
        w.integer(s.blocks() as i64);
        w.bulk(b"radix-tree-nodes");
        // Redis's radix tree over 16-byte keys: about two nodes per key.
        w.integer((s.blocks() * 2).max(1) as i64);
        w.bulk(b"last-generated-id");
        write_id(w, s.last_id());
        w.bulk(b"max-deleted-entry-id");
        write_id(w, s.max_deleted());
        w.bulk(b"entries-added");
        w.integer(s.entries_added() as i64);
        w.bulk(b"recorded-first-entry-id");
        write_id(w, s.first_id());
        match full {
            None => {
                w.bulk(b"groups");
                w.integer(s.groups.len() as i64);
                for (label, rev) in [(&b"first-entry"[..], false), (b"last-entry", true)] {
                    w.bulk(label);
                    let mut written = false;
                    s.visit(StreamId::MIN, StreamId::MAX, rev, |id, fields| {
                        write_entry(w, id, fields);
                        written = true;
                        false
                    });
                    if !written {
                        w.null_bulk();
                    }
                }
            }
            Some(count) => {
                w.bulk(b"entries");
                super::streams::write_range(w, s, StreamId::MIN, StreamId::MAX, false, count);
                w.bulk(b"groups");
                w.array(s.groups.len());
                for (name, group) in &s.groups {
                    full_group(w, s, name, group, count);
                }
            }
        }
        Ok(())
    })
}

fn limited(count: usize) -> usize {
    if count == 0 {
        usize::MAX
    } else {
        count
    }
}

fn full_group(w: &mut ReplyWriter, s: &Stream, name: &[u8], group: &Group, count: usize) {
    w.map(7);
    w.bulk(b"name");
    w.bulk(name);
    w.bulk(b"last-delivered-id");
    write_id(w, group.last_id);
    w.bulk(b"entries-read");
    entries_read(w, group);
    w.bulk(b"lag");
    lag(w, s, group);
    w.bulk(b"pel-count");
    w.integer(group.pel.len() as i64);
    w.bulk(b"pending");
    let pending: Vec<_> = group.pel.iter().take(limited(count)).collect();
    w.array(pending.len());
    for (&id, nack) in pending {
        w.array(4);
        write_id(w, id);
        w.bulk(&nack.consumer);
        w.integer(nack.delivery_time as i64);
        w.integer(nack.delivery_count as i64);
    }
    w.bulk(b"consumers");
    w.array(group.consumers.len());
    for (cname, consumer) in &group.consumers {
        w.map(4);
        w.bulk(b"name");
        w.bulk(cname);
        w.bulk(b"seen-time");
        w.integer(consumer.seen_time as i64);
        w.bulk(b"pel-count");
        w.integer(consumer.pel.len() as i64);
        w.bulk(b"pending");
        let ids: Vec<_> = consumer.pel.iter().take(limited(count)).collect();
        w.array(ids.len());
        for id in ids {
            w.array(3);
            write_id(w, *id);
            let nack = group.pel.get(id);
            w.integer(nack.map_or(0, |n| n.delivery_time as i64));
            w.integer(nack.map_or(0, |n| n.delivery_count as i64));
        }
    }
}
