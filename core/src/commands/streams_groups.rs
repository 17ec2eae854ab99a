//! Consumer groups: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER,
//! DELCONSUMER, HELP), XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM;
//! the XINFO container is described here too, its handlers live in
//! `streams_info`.
//!
//! A group is taken out of its stream while a command changes it (the
//! read-counter arithmetic needs the stream's counters beside it), and
//! put back before the command returns. Times (delivery, seen) are Unix
//! milliseconds of the core's clock.

use super::args::{integer, is_token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::streams::{
    parse_interval, parse_read_args, parse_strict_id, write_entry, write_id, write_read_header,
    write_read_key, write_stream,
};
use super::streams_info::XINFO_SUBCOMMANDS;
use super::{Ctx, TimeoutReply};
use crate::protocol::ReplyWriter;
use crate::store::notify;
use crate::types::{Group, Stream, StreamId, Value, INVALID_ENTRIES_READ};

pub(super) static COMMANDS: &[Command] = &[
    Command::container("xgroup", -2, 0, XGROUP_SUBCOMMANDS)
        .acl(&["@slow"])
        .doc("A container for consumer groups commands", "5.0.0", "stream", "Depends on subcommand."),
    Command::new("xreadgroup", -7, WRITE | BLOCKING | MOVABLEKEYS, xreadgroup)
        .acl(&["@write", "@stream", "@slow", "@blocking"])
        .key_specs(&[KeySpec::keyword(&["RO", "access"], "STREAMS", 4, (-1, 1, 2))])
        .doc("Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.", "5.0.0", "stream", "For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.")
        .args(&[
            arg("group_consumer", "block").token("GROUP").args(&[
                    arg("group", "string"),
                    arg("consumer", "string"),
                ]),
            arg("count", "integer").token("COUNT").optional(),
            arg("milliseconds", "integer").token("BLOCK").optional(),
            arg("noack", "pure-token").token("NOACK").optional(),
            arg("streams", "block").token("STREAMS").args(&[
                    arg("key", "key").key_spec(0).multiple(),
                    arg("id", "string").multiple(),
                ]),
        ]),
    Command::new("xack", -4, WRITE | FAST, xack)
        .keys(1, 1, 1)
        .acl(&["@write", "@stream", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.", "5.0.0", "stream", "O(1) for each message ID processed.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("group", "string"),
            arg("id", "string").multiple(),
        ]),
    Command::new("xpending", -3, READONLY, xpending)
        .keys(1, 1, 1)
        .acl(&["@read", "@stream", "@slow"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.", "5.0.0", "stream", "O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.")
        .history(&[("6.2.0", "Added the `IDLE` option and exclusive range intervals.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("group", "string"),
            arg("filters", "block").optional().args(&[
                    arg("min-idle-time", "integer").token("IDLE").since("6.2.0").optional(),
                    arg("start", "string"),
                    arg("end", "string"),
                    arg("count", "integer"),
                    arg("consumer", "string").optional(),
                ]),
        ]),
    Command::new("xclaim", -6, WRITE | FAST, xclaim)
        .keys(1, 1, 1)
        .acl(&["@write", "@stream", "@fast"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.", "5.0.0", "stream", "O(log N) with N being the number of messages in the PEL of the consumer group.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("group", "string"),
            arg("consumer", "string"),
            arg("min-idle-time", "string"),
            arg("id", "string").multiple(),
            arg("ms", "integer").token("IDLE").optional(),
            arg("unix-time-milliseconds", "unix-time").token("TIME").optional(),
            arg("count", "integer").token("RETRYCOUNT").optional(),
            arg("force", "pure-token").token("FORCE").optional(),
            arg("justid", "pure-token").token("JUSTID").optional(),
            arg("id", "string").token("LASTID").optional(),
        ]),
    Command::new("xautoclaim", -6, WRITE | FAST, xautoclaim)
        .keys(1, 1, 1)
        .acl(&["@write", "@stream", "@fast"])
        .tips(&["nondeterministic_output"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 1, (0, 1, 0))])
        .doc("Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.", "6.2.0", "stream", "O(1) if COUNT is small.")
        .history(&[("7.0.0", "Added an element to the reply array, containing deleted entries the command cleared from the PEL")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("group", "string"),
            arg("consumer", "string"),
            arg("min-idle-time", "string"),
            arg("start", "string"),
            arg("count", "integer").token("COUNT").optional(),
            arg("justid", "pure-token").token("JUSTID").optional(),
        ]),
    Command::container("xinfo", -2, 0, XINFO_SUBCOMMANDS)
        .acl(&["@slow"])
        .doc("A container for stream introspection commands", "5.0.0", "stream", "Depends on subcommand."),
];

const XGROUP_SUBCOMMANDS: &[Command] = &[
    Command::new("xgroup|destroy", 4, WRITE, xgroup_destroy)
        .keys(2, 2, 1)
        .acl(&["@write", "@stream", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 2, (0, 1, 0))])
        .doc(
            "Destroy a consumer group.",
            "5.0.0",
            "stream",
            "O(N) where N is the number of entries in the group's pending entries list (PEL).",
        )
        .args(&[arg("key", "key").key_spec(0), arg("groupname", "string")]),
    Command::new("xgroup|delconsumer", 5, WRITE, xgroup_delconsumer)
        .keys(2, 2, 1)
        .acl(&["@write", "@stream", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "delete"], 2, (0, 1, 0))])
        .doc(
            "Delete a consumer from a consumer group.",
            "5.0.0",
            "stream",
            "O(1)",
        )
        .args(&[
            arg("key", "key").key_spec(0),
            arg("groupname", "string"),
            arg("consumername", "string"),
        ]),
    Command::new(
        "xgroup|createconsumer",
        5,
        WRITE | DENYOOM,
        xgroup_createconsumer,
    )
    .keys(2, 2, 1)
    .acl(&["@write", "@stream", "@slow"])
    .key_specs(&[KeySpec::new(&["RW", "insert"], 2, (0, 1, 0))])
    .doc(
        "Create a consumer in a consumer group.",
        "6.2.0",
        "stream",
        "O(1)",
    )
    .args(&[
        arg("key", "key").key_spec(0),
        arg("groupname", "string"),
        arg("consumername", "string"),
    ]),
    Command::new("xgroup|setid", -5, WRITE, xgroup_setid)
        .keys(2, 2, 1)
        .acl(&["@write", "@stream", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 2, (0, 1, 0))])
        .doc(
            "Set a consumer group to an arbitrary last delivered ID value.",
            "5.0.0",
            "stream",
            "O(1)",
        )
        .history(&[("7.0.0", "Added the optional `entries_read` argument.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("groupname", "string"),
            arg("id", "oneof").args(&[arg("id", "string"), arg("new_id", "pure-token").token("$")]),
            arg("entries_read", "integer")
                .token("ENTRIESREAD")
                .optional(),
        ]),
    Command::new("xgroup|create", -5, WRITE | DENYOOM, xgroup_create)
        .keys(2, 2, 1)
        .acl(&["@write", "@stream", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "insert"], 2, (0, 1, 0))])
        .doc("Create a consumer group.", "5.0.0", "stream", "O(1)")
        .history(&[("7.0.0", "Added the `entries_read` named argument.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("groupname", "string"),
            arg("id", "oneof").args(&[arg("id", "string"), arg("new_id", "pure-token").token("$")]),
            arg("mkstream", "pure-token").token("MKSTREAM").optional(),
            arg("entries_read", "integer")
                .token("ENTRIESREAD")
                .optional(),
        ]),
    Command::new("xgroup|help", 2, LOADING | STALE, xgroup_help)
        .acl(&["@stream", "@slow"])
        .doc(
            "Show helpful text about the different subcommands",
            "5.0.0",
            "stream",
            "O(1)",
        ),
];

const XGROUP_HELP: &[&str] = &[
    "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
    "HELP",
    "    Prints this help.",
];

/// Writes Redis's help lines as simple strings.
pub(super) fn write_help(ctx: &mut Ctx, lines: &[&str]) {
    let mut w = ctx.reply();
    w.array(lines.len());
    for line in lines {
        w.simple(line);
    }
}

fn xgroup_help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    write_help(ctx, XGROUP_HELP);
    Ok(())
}

/// The options after `XGROUP CREATE|SETID key group id`: MKSTREAM (CREATE
/// only) and ENTRIESREAD. Returns (mkstream, entries_read).
fn group_options(args: &mut Args, create: bool) -> Result<(bool, i64), CommandError> {
    let (mut mkstream, mut entries_read) = (false, INVALID_ENTRIES_READ);
    let sub = if create { &b"create"[..] } else { b"setid" };
    while let Some(opt) = args.peek() {
        args.next_arg()?;
        if create && is_token(opt, "mkstream") {
            mkstream = true;
        } else if is_token(opt, "entriesread") && !args.is_empty() {
            entries_read = integer(args.next_arg()?)?;
            if entries_read < 0 && entries_read != INVALID_ENTRIES_READ {
                return Err(errors::ENTRIESREAD_RANGE);
            }
        } else {
            return Err(errors::subcommand_syntax(b"xgroup", sub));
        }
    }
    Ok((mkstream, entries_read))
}

/// The stream at `key` for XGROUP: WRONGTYPE for another type, Redis's
/// "requires the key to exist" error when missing.
fn group_stream<R>(
    ctx: &mut Ctx,
    key: &[u8],
    write: impl FnOnce(&mut Stream, &mut ReplyWriter) -> Result<R, CommandError>,
) -> Result<R, CommandError> {
    write_stream(ctx, key, |s, w| match s {
        None => Err(errors::XGROUP_NEEDS_KEY),
        Some(s) => write(s, w),
    })
}

/// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n]
fn xgroup_create(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, group, id_arg) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let (mkstream, entries_read) = group_options(args, true)?;
    let exists = super::streams::stream_exists(ctx, key)?;
    if !exists && !mkstream {
        return Err(errors::XGROUP_NEEDS_KEY);
    }
    let id = if id_arg == b"$" {
        None
    } else {
        Some(parse_strict_id(id_arg)?)
    };
    if !exists {
        let now = ctx.now();
        ctx.db()
            .insert(key, Value::Stream(Box::default()), None, now);
    }
    group_stream(ctx, key, |s, w| {
        if s.groups.contains_key(group) {
            return Err(errors::BUSYGROUP);
        }
        let id = id.unwrap_or(s.last_id());
        s.groups
            .insert(group.to_vec(), Group::new(id, entries_read));
        w.ok();
        Ok(())
    })?;
    ctx.notify(notify::STREAM, "xgroup-create", key);
    Ok(())
}

/// Runs `f` on group `name` of the stream at `key`, taken out of the
/// stream meanwhile; NOGROUP (XGROUP's wording) when it is missing.
fn with_group<R>(
    ctx: &mut Ctx,
    key: &[u8],
    name: &[u8],
    f: impl FnOnce(&mut Stream, &mut Group, &mut ReplyWriter) -> Result<R, CommandError>,
) -> Result<R, CommandError> {
    group_stream(ctx, key, |s, w| {
        on_group(s, name, || errors::nogroup_for_key(key, name), w, f)
    })
}

/// Runs `f` on group `name` of `s`, taken out of the stream meanwhile (so
/// `f` may change both), or answers `missing`'s error.
fn on_group<R>(
    s: &mut Stream,
    name: &[u8],
    missing: impl FnOnce() -> CommandError,
    w: &mut ReplyWriter,
    f: impl FnOnce(&mut Stream, &mut Group, &mut ReplyWriter) -> Result<R, CommandError>,
) -> Result<R, CommandError> {
    let mut group = s.groups.remove(name).ok_or_else(missing)?;
    let result = f(s, &mut group, w);
    s.groups.insert(name.to_vec(), group);
    result
}

/// XGROUP SETID key group id|$ [ENTRIESREAD n]
fn xgroup_setid(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name, id_arg) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let (_, entries_read) = group_options(args, false)?;
    with_group(ctx, key, name, |s, group, w| {
        group.last_id = if id_arg == b"$" {
            s.last_id()
        } else {
            parse_interval(id_arg, 0)?.0
        };
        group.entries_read = entries_read;
        w.ok();
        Ok(())
    })?;
    ctx.notify(notify::STREAM, "xgroup-setid", key);
    Ok(())
}

/// XGROUP DESTROY key group: 1 if it existed.
fn xgroup_destroy(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name) = (args.next_key()?, args.next_arg()?);
    let destroyed = group_stream(ctx, key, |s, w| {
        let destroyed = s.groups.remove(name).is_some();
        w.integer(destroyed as i64);
        Ok(destroyed)
    })?;
    if !destroyed {
        ctx.unchanged();
    }
    if destroyed {
        ctx.notify(notify::STREAM, "xgroup-destroy", key);
        // Readers blocked on the group answer now (with NOGROUP).
        let db = ctx.client.db;
        ctx.store.blocking.signal(db, key);
    }
    Ok(())
}

/// XGROUP CREATECONSUMER key group consumer: 1 if created.
fn xgroup_createconsumer(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name, consumer) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let now = ctx.store.unix_now_ms();
    let created = with_group(ctx, key, name, |_, group, w| {
        let created = group.consumer_or_create(consumer, now).1;
        w.integer(created as i64);
        Ok(created)
    })?;
    if created {
        ctx.notify(notify::STREAM, "xgroup-createconsumer", key);
    } else {
        ctx.unchanged();
    }
    Ok(())
}

/// XGROUP DELCONSUMER key group consumer: how many entries it had pending.
fn xgroup_delconsumer(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name, consumer) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let deleted = with_group(ctx, key, name, |_, group, w| {
        let pending = group.delete_consumer(consumer);
        w.integer(pending.unwrap_or(0) as i64);
        Ok(pending.is_some())
    })?;
    if deleted {
        ctx.notify(notify::STREAM, "xgroup-delconsumer", key);
    } else {
        ctx.unchanged();
    }
    Ok(())
}

// ---- XREADGROUP ------------------------------------------------------

/// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds]
/// [NOACK] STREAMS key [key ...] id [id ...]
fn xreadgroup(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let all = args.rest();
    let read = parse_read_args(ctx, &mut Args::new(all), true)?;
    let Some((group_name, consumer)) = read.group else {
        return Err(errors::XREADGROUP_MISSING_GROUP);
    };
    let now = ctx.now();
    // None: `>` (new entries); Some: the consumer's history from there.
    let serving = ctx.client.serving.is_some();
    let mut ids: Vec<Option<StreamId>> = Vec::with_capacity(read.keys.len());
    for (key, arg) in read.keys.iter().zip(read.ids) {
        let found = match ctx.db().lookup(key, now).map(|e| &e.value) {
            None if serving => return Err(errors::STREAM_KEY_GONE),
            None => false,
            Some(Value::Stream(s)) => s.groups.contains_key(group_name),
            Some(_) if serving => return Err(errors::STREAM_KEY_GONE),
            Some(_) => return Err(errors::WRONGTYPE),
        };
        if !found && serving {
            return Err(errors::GROUP_GONE);
        }
        if !found {
            return Err(errors::nogroup_in(
                key,
                group_name,
                "XREADGROUP with GROUP option",
            ));
        }
        if *arg == b"$" {
            return Err(errors::XREADGROUP_DOLLAR);
        }
        ids.push(if *arg == b">" {
            None
        } else {
            Some(parse_strict_id(arg)?)
        });
    }
    // Which streams to serve now: history always; `>` when the stream
    // has an entry past the group's last ID.
    let mut serve = Vec::new();
    for (i, key) in read.keys.iter().enumerate() {
        if let Some(Value::Stream(s)) = ctx.db().peek_value(key) {
            let group = &s.groups[group_name];
            if ids[i].is_some() || s.last_entry().is_some_and(|last| last > group.last_id) {
                serve.push(i);
            }
        }
    }
    if serve.is_empty() {
        ctx.unchanged();
        match read.block {
            None => ctx.reply().null_array(),
            Some(deadline) => {
                ctx.block(read.keys, deadline, TimeoutReply::NullArray);
                if ctx.client.blocked.is_some() {
                    let id = ctx.client.id;
                    ctx.store.blocking.wake_on_delete(id);
                }
            }
        }
        return Ok(());
    }
    let unix = ctx.store.unix_now_ms();
    let mut w_out = Vec::new();
    let mut created = Vec::new();
    // What Redis propagates for the read (see `read_records`).
    let mut records: Option<Vec<Vec<Vec<u8>>>> = ctx.logging().then(Vec::new);
    {
        let mut w = ReplyWriter::new(&mut w_out, ctx.client.protocol);
        write_read_header(&mut w, serve.len());
        for &i in &serve {
            let key = read.keys[i];
            write_read_key(&mut w, key);
            let db = &mut ctx.store.dbs[ctx.client.db];
            let Some(entry) = db.lookup_mut(key, now) else {
                w.array(0);
                continue;
            };
            let Value::Stream(s) = &mut entry.entry.value else {
                w.array(0);
                continue;
            };
            let Some(mut group) = s.groups.remove(group_name) else {
                w.array(0);
                continue;
            };
            let (c, new) = group.consumer_or_create(consumer, unix);
            c.seen_time = unix;
            if new {
                created.push(key);
            }
            let delivered = match ids[i] {
                Some(from) => {
                    read_history(&mut w, s, &mut group, consumer, from, read.count, unix);
                    Vec::new()
                }
                None => read_new(
                    &mut w, s, &mut group, consumer, read.count, read.noack, unix,
                ),
            };
            if let Some(records) = &mut records {
                let read = Read {
                    key,
                    group_name,
                    consumer,
                    created: new,
                    noack: read.noack,
                };
                read_records(records, &read, &group, &delivered);
            }
            s.groups.insert(group_name.to_vec(), group);
        }
    }
    ctx.out.extend_from_slice(&w_out);
    // Redis counts one change per stream served (a history read too,
    // though it logs nothing) and one per consumer created.
    ctx.changes((serve.len() + created.len()) as u64);
    for key in created {
        ctx.notify(notify::STREAM, "xgroup-createconsumer", key);
    }
    log_records(ctx, records);
    Ok(())
}

/// One stream's part of an XREADGROUP, for its log records.
struct Read<'a> {
    key: &'a [u8],
    group_name: &'a [u8],
    consumer: &'a [u8],
    /// The consumer was created by this read.
    created: bool,
    noack: bool,
}

/// The records Redis 7.0.15 logs for an XREADGROUP of one stream: an
/// `XCLAIM ... FORCE JUSTID LASTID` per entry delivered into the PEL;
/// with NOACK, `XGROUP CREATECONSUMER` (when the read created the
/// consumer) and `XGROUP SETID ... ENTRIESREAD` for the group's new last
/// ID; a history read logs nothing. Where Redis logs nothing for a
/// consumer created by a read that delivered nothing, this logs its
/// CREATECONSUMER too, so that replaying the log rebuilds the consumer.
fn read_records(
    records: &mut Vec<Vec<Vec<u8>>>,
    read: &Read,
    group: &Group,
    delivered: &[StreamId],
) {
    if read.created && (read.noack || delivered.is_empty()) {
        records.push(vec![
            b"XGROUP".to_vec(),
            b"CREATECONSUMER".to_vec(),
            read.key.to_vec(),
            read.group_name.to_vec(),
            read.consumer.to_vec(),
        ]);
    }
    if read.noack {
        if delivered.is_empty() {
            return;
        }
        records.push(vec![
            b"XGROUP".to_vec(),
            b"SETID".to_vec(),
            read.key.to_vec(),
            read.group_name.to_vec(),
            group.last_id.to_bytes(),
            b"ENTRIESREAD".to_vec(),
            group.entries_read.to_string().into_bytes(),
        ]);
        return;
    }
    for &id in delivered {
        if let Some(nack) = group.pel.get(&id) {
            // The group's last ID when this entry was delivered: itself.
            records.push(xclaim_record(
                read.key,
                read.group_name,
                read.consumer,
                id,
                nack,
                id,
            ));
        }
    }
}

/// `XCLAIM key group consumer 0 id TIME <ms> RETRYCOUNT <n> FORCE JUSTID
/// LASTID <last>`: how Redis logs a pending entry given to a consumer (by
/// XREADGROUP, XCLAIM, XAUTOCLAIM), its delivery time and count kept.
fn xclaim_record(
    key: &[u8],
    group: &[u8],
    consumer: &[u8],
    id: StreamId,
    nack: &crate::types::Nack,
    last_id: StreamId,
) -> Vec<Vec<u8>> {
    vec![
        b"XCLAIM".to_vec(),
        key.to_vec(),
        group.to_vec(),
        consumer.to_vec(),
        b"0".to_vec(),
        id.to_bytes(),
        b"TIME".to_vec(),
        nack.delivery_time.to_string().into_bytes(),
        b"RETRYCOUNT".to_vec(),
        nack.delivery_count.to_string().into_bytes(),
        b"FORCE".to_vec(),
        b"JUSTID".to_vec(),
        b"LASTID".to_vec(),
        last_id.to_bytes(),
    ]
}

/// Logs the records a handler collected (`None` while the log is off),
/// in place of the command; a command that collected none changed
/// nothing the log needs.
fn log_records(ctx: &mut Ctx, records: Option<Vec<Vec<Vec<u8>>>>) {
    let Some(records) = records else {
        return;
    };
    if records.is_empty() {
        ctx.unchanged();
    }
    for record in records {
        let args: Vec<&[u8]> = record.iter().map(Vec::as_slice).collect();
        ctx.log_as(&args);
    }
}

/// Delivers the entries after the group's last ID to `consumer`; returns
/// the IDs delivered.
fn read_new(
    w: &mut ReplyWriter,
    s: &Stream,
    group: &mut Group,
    consumer: &[u8],
    count: usize,
    noack: bool,
    unix: u64,
) -> Vec<StreamId> {
    let Some(start) = group.last_id.next() else {
        w.array(0);
        return Vec::new();
    };
    let mut found = Vec::new();
    s.visit(start, StreamId::MAX, false, |id, fields| {
        found.push((id, fields));
        count == 0 || found.len() < count
    });
    w.array(found.len());
    let mut delivered = Vec::with_capacity(found.len());
    for (id, fields) in found {
        s.advance_group(group, id);
        write_entry(w, id, fields);
        if !noack {
            group.deliver(id, consumer, unix);
        }
        delivered.push(id);
    }
    delivered
}

/// Replies with the consumer's own pending entries from `from` on (a
/// deleted entry shows as [id, nil]), counting a new delivery of each.
fn read_history(
    w: &mut ReplyWriter,
    s: &Stream,
    group: &mut Group,
    consumer: &[u8],
    from: StreamId,
    count: usize,
    unix: u64,
) {
    let ids: Vec<StreamId> = group
        .consumers
        .get(consumer)
        .map(|c| {
            // Entries after `from`, not from it: Redis starts the history
            // at the ID incremented by one.
            c.pel
                .range((std::ops::Bound::Excluded(from), std::ops::Bound::Unbounded))
                .take(if count == 0 { usize::MAX } else { count })
                .copied()
                .collect()
        })
        .unwrap_or_default();
    w.array(ids.len());
    for id in ids {
        match s.get(id) {
            Some(fields) => {
                write_entry(w, id, fields);
                if let Some(nack) = group.pel.get_mut(&id) {
                    nack.delivery_time = unix;
                    nack.delivery_count += 1;
                }
            }
            None => {
                w.array(2);
                write_id(w, id);
                w.null_array();
            }
        }
    }
}

// ---- XACK / XPENDING -------------------------------------------------

/// The group `name` of the stream at `key`, for the commands whose
/// NOGROUP text is `No such key 'k' or consumer group 'g'`.
fn with_group_or_nogroup<R>(
    ctx: &mut Ctx,
    key: &[u8],
    name: &[u8],
    f: impl FnOnce(&mut Stream, &mut Group, &mut ReplyWriter) -> Result<R, CommandError>,
) -> Result<R, CommandError> {
    write_stream(ctx, key, |s, w| {
        let s = s.ok_or_else(|| errors::nogroup(key, name))?;
        on_group(s, name, || errors::nogroup(key, name), w, f)
    })
}

/// XACK key group id [id ...]: how many were pending.
fn xack(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name) = (args.next_key()?, args.next_arg()?);
    let ids = args
        .rest()
        .iter()
        .map(|a| parse_strict_id(a))
        .collect::<Result<Vec<_>, _>>()?;
    let now = ctx.now();
    let has_group = match ctx.db().lookup(key, now).map(|e| &e.value) {
        None => false,
        Some(Value::Stream(s)) => s.groups.contains_key(name),
        Some(_) => return Err(errors::WRONGTYPE),
    };
    if !has_group {
        ctx.unchanged();
        ctx.reply().integer(0);
        return Ok(());
    }
    let acked = with_group_or_nogroup(ctx, key, name, |_, group, w| {
        let acked = ids.iter().filter(|&&id| group.ack(id)).count();
        w.integer(acked as i64);
        Ok(acked)
    })?;
    // One change per entry acknowledged.
    ctx.changes(acked as u64);
    Ok(())
}

/// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
fn xpending(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name) = (args.next_key()?, args.next_arg()?);
    let rest = args.rest();
    if !rest.is_empty() && !(3..=6).contains(&rest.len()) {
        return Err(errors::SYNTAX);
    }
    let mut range = None;
    if !rest.is_empty() {
        let mut at = 0;
        let mut min_idle = 0;
        if is_token(rest[0], "idle") {
            min_idle = integer(rest[1])?;
            if rest.len() < 5 {
                return Err(errors::SYNTAX);
            }
            at = 2;
        }
        let count = integer(rest[at + 2])?.max(0) as usize;
        let (mut start, start_ex) = parse_interval(rest[at], 0)?;
        if start_ex {
            start = start.next().ok_or(errors::INVALID_START_ID)?;
        }
        let (mut end, end_ex) = parse_interval(rest[at + 1], u64::MAX)?;
        if end_ex {
            end = end.prev().ok_or(errors::INVALID_END_ID)?;
        }
        range = Some((min_idle, start, end, count, rest.get(at + 3).copied()));
    }
    let unix = ctx.store.unix_now_ms();
    if !super::streams::stream_exists(ctx, key)? {
        return Err(errors::nogroup(key, name));
    }
    with_group_or_nogroup(ctx, key, name, |_, group, w| {
        let Some((min_idle, start, end, count, consumer)) = range else {
            w.array(4);
            w.integer(group.pel.len() as i64);
            match (group.pel.keys().next(), group.pel.keys().next_back()) {
                (Some(&first), Some(&last)) => {
                    write_id(w, first);
                    write_id(w, last);
                    let owners: Vec<_> = group
                        .consumers
                        .iter()
                        .filter(|(_, c)| !c.pel.is_empty())
                        .collect();
                    w.array(owners.len());
                    for (name, c) in owners {
                        w.array(2);
                        w.bulk(name);
                        w.bulk(c.pel.len().to_string().as_bytes());
                    }
                }
                _ => {
                    w.null_bulk();
                    w.null_bulk();
                    w.null_array();
                }
            }
            return Ok(());
        };
        let mut rows = Vec::new();
        if start <= end {
            let ids: Box<dyn Iterator<Item = StreamId>> = match consumer {
                Some(c) => match group.consumers.get(c) {
                    Some(c) => Box::new(c.pel.range(start..=end).copied()),
                    None => Box::new(std::iter::empty()),
                },
                None => Box::new(group.pel.range(start..=end).map(|(&id, _)| id)),
            };
            for id in ids {
                if rows.len() >= count {
                    break;
                }
                let Some(nack) = group.pel.get(&id) else {
                    continue;
                };
                let idle = unix.saturating_sub(nack.delivery_time) as i64;
                if min_idle != 0 && idle < min_idle {
                    continue;
                }
                rows.push((id, nack.consumer.clone(), idle, nack.delivery_count));
            }
        }
        w.array(rows.len());
        for (id, owner, idle, delivered) in rows {
            w.array(4);
            write_id(w, id);
            w.bulk(&owner);
            w.integer(idle);
            w.integer(delivered as i64);
        }
        Ok(())
    })
}

// ---- XCLAIM / XAUTOCLAIM ---------------------------------------------

fn integer_or(arg: &[u8], error: &'static str) -> Result<i64, CommandError> {
    integer(arg).map_err(|_| CommandError::Static(error))
}

/// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms]
/// [TIME unix-ms] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]
fn xclaim(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name, consumer) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let min_idle_arg = args.next_arg()?;
    let now = ctx.now();
    match ctx.db().lookup(key, now).map(|e| &e.value) {
        Some(Value::Stream(s)) if s.groups.contains_key(name) => {}
        Some(Value::Stream(_)) | None => return Err(errors::nogroup(key, name)),
        Some(_) => return Err(errors::WRONGTYPE),
    }
    let min_idle = integer_or(
        min_idle_arg,
        "ERR Invalid min-idle-time argument for XCLAIM",
    )?
    .max(0);
    let rest = args.rest();
    let mut ids = Vec::new();
    let mut j = 0;
    while j < rest.len() {
        match parse_strict_id(rest[j]) {
            Ok(id) => ids.push(id),
            Err(_) => break,
        }
        j += 1;
    }
    let unix = ctx.store.unix_now_ms() as i64;
    let (mut force, mut justid) = (false, false);
    let mut delivery: Option<i64> = None;
    let mut retry: Option<i64> = None;
    let mut last_id = StreamId::MIN;
    while j < rest.len() {
        let opt = rest[j];
        let more = j + 1 < rest.len();
        if is_token(opt, "force") {
            force = true;
        } else if is_token(opt, "justid") {
            justid = true;
        } else if is_token(opt, "idle") && more {
            j += 1;
            delivery =
                Some(unix - integer_or(rest[j], "ERR Invalid IDLE option argument for XCLAIM")?);
        } else if is_token(opt, "time") && more {
            j += 1;
            delivery = Some(integer_or(
                rest[j],
                "ERR Invalid TIME option argument for XCLAIM",
            )?);
        } else if is_token(opt, "retrycount") && more {
            j += 1;
            retry = Some(integer_or(
                rest[j],
                "ERR Invalid RETRYCOUNT option argument for XCLAIM",
            )?);
        } else if is_token(opt, "lastid") && more {
            j += 1;
            last_id = parse_strict_id(rest[j])?;
        } else {
            return Err(errors::unrecognized_xclaim_option(opt));
        }
        j += 1;
    }
    // A delivery time in the future is taken as now, except while a log
    // loads (time stands still then: the logged time is the one to keep).
    let loading = ctx.store.loading;
    let delivery = match delivery {
        Some(t) if t >= 0 && (t <= unix || loading) => t as u64,
        _ => unix as u64,
    };
    let mut out = Vec::new();
    let protocol = ctx.client.protocol;
    // What Redis propagates: an XCLAIM record per entry claimed or
    // dropped from the PEL (its entry deleted), and XGROUP SETID when only
    // LASTID changed the group.
    let mut records: Option<Vec<Vec<Vec<u8>>>> = ctx.logging().then(Vec::new);
    // Redis counts each entry claimed or dropped, and a consumer created.
    let mut changes = 0u64;
    let created = with_group_or_nogroup(ctx, key, name, |s, group, _| {
        let mut new_last_id = false;
        if last_id > group.last_id {
            group.last_id = last_id;
            new_last_id = true;
        }
        let mut claimed = Vec::new();
        let mut created = false;
        for id in ids {
            let exists = s.get(id).is_some();
            if !exists {
                if let (Some(records), Some(nack)) = (&mut records, group.pel.get(&id)) {
                    records.push(xclaim_record(key, name, consumer, id, nack, group.last_id));
                }
                changes += group.ack(id) as u64;
                continue;
            }
            if force && !group.pel.contains_key(&id) {
                group.pel.insert(
                    id,
                    crate::types::Nack {
                        delivery_time: unix as u64,
                        delivery_count: 0,
                        consumer: Vec::new(),
                    },
                );
            }
            let Some(nack) = group.pel.get(&id) else {
                continue;
            };
            if !nack.consumer.is_empty()
                && min_idle != 0
                && (unix - nack.delivery_time as i64) < min_idle
            {
                continue;
            }
            let (c, new) = group.consumer_or_create(consumer, unix as u64);
            c.seen_time = unix as u64;
            created |= new;
            group.claim(id, consumer);
            if let Some(nack) = group.pel.get_mut(&id) {
                nack.delivery_time = delivery;
                match retry {
                    Some(n) => nack.delivery_count = n as u64,
                    None if !justid => nack.delivery_count += 1,
                    None => {}
                }
            }
            if let (Some(records), Some(nack)) = (&mut records, group.pel.get(&id)) {
                records.push(xclaim_record(key, name, consumer, id, nack, group.last_id));
            }
            claimed.push(id);
        }
        if let Some(records) = records.as_mut().filter(|r| r.is_empty() && new_last_id) {
            records.push(setid_record(key, name, group));
        }
        let mut w = ReplyWriter::new(&mut out, protocol);
        w.array(claimed.len());
        changes += claimed.len() as u64 + created as u64;
        for id in claimed {
            if justid {
                write_id(&mut w, id);
            } else if let Some(fields) = s.get(id) {
                write_entry(&mut w, id, fields);
            }
        }
        Ok(created)
    })?;
    ctx.out.extend_from_slice(&out);
    if created {
        ctx.notify(notify::STREAM, "xgroup-createconsumer", key);
    }
    if changes > 0 {
        ctx.changes(changes);
    }
    log_records(ctx, records);
    Ok(())
}

/// `XGROUP SETID key group <last id> ENTRIESREAD <n>`: how Redis logs a
/// group's new last ID.
fn setid_record(key: &[u8], name: &[u8], group: &Group) -> Vec<Vec<u8>> {
    vec![
        b"XGROUP".to_vec(),
        b"SETID".to_vec(),
        key.to_vec(),
        name.to_vec(),
        group.last_id.to_bytes(),
        b"ENTRIESREAD".to_vec(),
        group.entries_read.to_string().into_bytes(),
    ]
}

/// XAUTOCLAIM key group consumer min-idle-time start [COUNT count]
/// [JUSTID]: [next start, claimed, deleted IDs].
fn xautoclaim(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, name, consumer) = (args.next_key()?, args.next_arg()?, args.next_arg()?);
    let (min_idle_arg, start_arg) = (args.next_arg()?, args.next_arg()?);
    let min_idle = integer_or(
        min_idle_arg,
        "ERR Invalid min-idle-time argument for XAUTOCLAIM",
    )?
    .max(0);
    let (mut start, start_ex) = parse_interval(start_arg, 0)?;
    if start_ex {
        start = start.next().ok_or(errors::INVALID_START_ID)?;
    }
    let mut count: i64 = 100;
    let mut justid = false;
    while let Some(opt) = args.peek() {
        args.next_arg()?;
        if is_token(opt, "count") && !args.is_empty() {
            count = integer(args.next_arg()?).map_err(|_| errors::XAUTOCLAIM_COUNT)?;
            if !(1..=i64::MAX / (1 << 10)).contains(&count) {
                return Err(errors::XAUTOCLAIM_COUNT);
            }
        } else if is_token(opt, "justid") {
            justid = true;
        } else {
            return Err(errors::SYNTAX);
        }
    }
    let now = ctx.now();
    match ctx.db().lookup(key, now).map(|e| &e.value) {
        Some(Value::Stream(s)) if s.groups.contains_key(name) => {}
        Some(Value::Stream(_)) | None => return Err(errors::nogroup(key, name)),
        Some(_) => return Err(errors::WRONGTYPE),
    }
    let unix = ctx.store.unix_now_ms();
    let protocol = ctx.client.protocol;
    let mut out = Vec::new();
    // An XCLAIM record per entry claimed or dropped, as Redis logs them.
    let mut records: Option<Vec<Vec<Vec<u8>>>> = ctx.logging().then(Vec::new);
    // Redis counts each entry claimed or dropped, and a consumer created.
    let mut changes = 0u64;
    let created = with_group_or_nogroup(ctx, key, name, |s, group, _| {
        let mut attempts = count.saturating_mul(10);
        let mut budget = count;
        let mut claimed = Vec::new();
        let mut deleted = Vec::new();
        let mut next = StreamId::MIN;
        let pending: Vec<StreamId> = group.pel.range(start..).map(|(&id, _)| id).collect();
        let mut iter = pending.into_iter();
        let mut created = false;
        loop {
            if attempts == 0 || budget == 0 {
                if let Some(id) = iter.next() {
                    next = id;
                }
                break;
            }
            let Some(id) = iter.next() else {
                break;
            };
            attempts -= 1;
            if s.get(id).is_none() {
                if let (Some(records), Some(nack)) = (&mut records, group.pel.get(&id)) {
                    records.push(xclaim_record(key, name, consumer, id, nack, group.last_id));
                }
                group.ack(id);
                deleted.push(id);
                budget -= 1;
                continue;
            }
            let Some(nack) = group.pel.get(&id) else {
                continue;
            };
            if min_idle != 0 && unix.saturating_sub(nack.delivery_time) < min_idle as u64 {
                continue;
            }
            let (c, new) = group.consumer_or_create(consumer, unix);
            c.seen_time = unix;
            created |= new;
            group.claim(id, consumer);
            if let Some(nack) = group.pel.get_mut(&id) {
                nack.delivery_time = unix;
                if !justid {
                    nack.delivery_count += 1;
                }
            }
            if let (Some(records), Some(nack)) = (&mut records, group.pel.get(&id)) {
                records.push(xclaim_record(key, name, consumer, id, nack, group.last_id));
            }
            claimed.push(id);
            budget -= 1;
        }
        changes = (claimed.len() + deleted.len()) as u64 + created as u64;
        let mut w = ReplyWriter::new(&mut out, protocol);
        w.array(3);
        write_id(&mut w, next);
        w.array(claimed.len());
        for id in claimed {
            if justid {
                write_id(&mut w, id);
            } else if let Some(fields) = s.get(id) {
                write_entry(&mut w, id, fields);
            }
        }
        w.array(deleted.len());
        for id in deleted {
            write_id(&mut w, id);
        }
        Ok(created)
    })?;
    ctx.out.extend_from_slice(&out);
    if created {
        ctx.notify(notify::STREAM, "xgroup-createconsumer", key);
    }
    if changes > 0 {
        ctx.changes(changes);
    }
    log_records(ctx, records);
    Ok(())
}
