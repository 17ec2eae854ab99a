//! Keyspace commands that move values between names and databases: COPY,
//! MOVE, RENAME, RENAMENX, SWAPDB. Each keeps the deadline with the value
//! and every database's expiry index and memory account in step (through
//! `Db::take` / `Db::put` / `Db::insert`).

use super::args::{integer, token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::store::{notify, DATABASES};

pub(super) static COMMANDS: &[Command] = &[
    Command::new("copy", -3, WRITE | DENYOOM, copy)
        .keys(1, 2, 1)
        .acl(&["@keyspace", "@write", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0)), KeySpec::new(&["OW", "update"], 2, (0, 1, 0))])
        .doc("Copy a key", "6.2.0", "generic", "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.")
        .args(&[
            arg("source", "key").key_spec(0),
            arg("destination", "key").key_spec(1),
            arg("destination-db", "integer").token("DB").optional(),
            arg("replace", "pure-token").token("REPLACE").optional(),
        ]),
    Command::new("move", 3, WRITE | FAST, move_key)
        .keys(1, 1, 1)
        .acl(&["@keyspace", "@write", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "update"], 1, (0, 1, 0))])
        .doc("Move a key to another database", "1.0.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("db", "integer"),
        ]),
    Command::new("rename", 3, WRITE, rename)
        .keys(1, 2, 1)
        .acl(&["@keyspace", "@write", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)), KeySpec::new(&["OW", "update"], 2, (0, 1, 0))])
        .doc("Rename a key", "1.0.0", "generic", "O(1)")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("newkey", "key").key_spec(1),
        ]),
    Command::new("renamenx", 3, WRITE | FAST, renamenx)
        .keys(1, 2, 1)
        .acl(&["@keyspace", "@write", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (0, 1, 0)), KeySpec::new(&["OW", "insert"], 2, (0, 1, 0))])
        .doc("Rename a key, only if the new key does not exist", "1.0.0", "generic", "O(1)")
        .history(&[("3.2.0", "The command no longer returns an error when source and destination names are the same.")])
        .args(&[
            arg("key", "key").key_spec(0),
            arg("newkey", "key").key_spec(1),
        ]),
    Command::new("swapdb", 3, WRITE | FAST, swapdb)
        .acl(&["@keyspace", "@write", "@fast", "@dangerous"])
        .doc("Swaps two Redis databases", "4.0.0", "server", "O(N) where N is the count of clients watching or blocking on keys from both databases.")
        .args(&[
            arg("index1", "integer"),
            arg("index2", "integer"),
        ]),
];

/// A database index as SELECT, MOVE and COPY read it: an integer that fits
/// a C int, then within the database count.
pub(crate) fn db_index(arg: &[u8]) -> Result<usize, CommandError> {
    let index = integer(arg)?;
    if i32::try_from(index).is_err() {
        return Err(errors::DB_INDEX_NOT_INT);
    }
    usize::try_from(index)
        .ok()
        .filter(|&i| i < DATABASES)
        .ok_or(errors::DB_INDEX_OUT_OF_RANGE)
}

/// COPY source destination [DB destination-db] [REPLACE]
///
/// The copy is a new value (fresh access clock, never a shared integer)
/// with the source's deadline. Options are read in order and a DB index is
/// checked as soon as it is read, as Redis does.
fn copy(ctx: &mut Ctx, args: &mut Args) -> Reply {
    // Its destination may be in another database: it touches it itself.
    ctx.signals_own_writes();
    let (source, destination) = (args.next_key()?, args.next_key()?);
    let (from, mut to, mut replace) = (ctx.client.db, ctx.client.db, false);
    while let Some(option) = args.next() {
        match token(option, &["replace", "db"]) {
            Some(0) => replace = true,
            Some(1) if !args.is_empty() => to = db_index(args.next_arg()?)?,
            _ => return Err(errors::SYNTAX),
        }
    }
    if from == to && source == destination {
        return Err(errors::SAME_OBJECT);
    }
    let now = ctx.now();
    let copy = ctx.store.dbs[from].copy_of(source, now);
    ctx.count_read(source, copy.is_some());
    let Some(copy) = copy else {
        ctx.unchanged();
        ctx.reply().integer(0);
        return Ok(());
    };
    let target = &mut ctx.store.dbs[to];
    let replaced = target.contains(destination, now);
    if replaced && !replace {
        ctx.unchanged();
        ctx.reply().integer(0);
        return Ok(());
    }
    target.put(destination, copy, now);
    if replaced {
        target.record_new(destination);
    }
    ctx.store
        .notify(notify::GENERIC, "copy_to", to, destination);
    // Added even over an existing key (REPLACE), in any database: the
    // dispatcher signals only keys of the client's database that were
    // missing.
    ctx.store.blocking.signal(to, destination);
    ctx.store.touch_key(to, destination);
    ctx.reply().integer(1);
    Ok(())
}

/// MOVE key db: 1 when moved (deadline and all), 0 when the key is missing
/// here or present there.
fn move_key(ctx: &mut Ctx, args: &mut Args) -> Reply {
    // A move touches the key in both databases, itself.
    ctx.signals_own_writes();
    let (key, to) = (args.next_key()?, db_index(args.next_arg()?)?);
    let from = ctx.client.db;
    if from == to {
        return Err(errors::SAME_OBJECT);
    }
    let now = ctx.now();
    let moved = ctx.store.dbs[from].lookup(key, now).is_some()
        && !ctx.store.dbs[to].contains(key, now)
        && match ctx.store.dbs[from].take(key, now) {
            Some(entry) => {
                ctx.store.dbs[to].put(key, entry, now);
                ctx.store.blocking.signal(to, key);
                true
            }
            None => false,
        };
    if moved {
        ctx.store.notify(notify::GENERIC, "move_from", from, key);
        ctx.store.notify(notify::GENERIC, "move_to", to, key);
        ctx.store.touch_key(from, key);
        ctx.store.touch_key(to, key);
    } else {
        ctx.unchanged();
    }
    ctx.reply().integer(moved as i64);
    Ok(())
}

/// RENAME key newkey
fn rename(ctx: &mut Ctx, args: &mut Args) -> Reply {
    if rename_generic(ctx, args, false)? {
        ctx.reply().ok();
    }
    Ok(())
}

/// RENAMENX key newkey
fn renamenx(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let renamed = rename_generic(ctx, args, true)?;
    ctx.reply().integer(renamed as i64);
    Ok(())
}

/// Renames `key` to `newkey` with its deadline and access metadata,
/// replacing `newkey` unless `nx`. A missing key is an error (even when
/// both names are the same); a rename to the same name changes nothing and
/// counts as done for RENAME, not for RENAMENX. Returns whether renamed.
fn rename_generic(ctx: &mut Ctx, args: &mut Args, nx: bool) -> Result<bool, CommandError> {
    let (key, newkey) = (args.next_key()?, args.next_key()?);
    let now = ctx.now();
    let db = ctx.db();
    if db.lookup(key, now).is_none() {
        return Err(errors::NO_SUCH_KEY);
    }
    if key == newkey {
        ctx.unchanged();
        return Ok(!nx);
    }
    let replaced = db.contains(newkey, now);
    if nx && replaced {
        ctx.unchanged();
        return Ok(false);
    }
    let Some(entry) = db.take(key, now) else {
        return Err(errors::NO_SUCH_KEY);
    };
    db.put(newkey, entry, now);
    if replaced {
        db.record_new(newkey);
    }
    ctx.notify(notify::GENERIC, "rename_from", key);
    ctx.notify(notify::GENERIC, "rename_to", newkey);
    // Redis deletes `newkey` and adds it again: its waiters are woken even
    // when it existed (the dispatcher signals only keys that were missing).
    let db = ctx.client.db;
    ctx.store.blocking.signal(db, newkey);
    Ok(true)
}

/// SWAPDB index1 index2: the two databases trade their whole contents.
fn swapdb(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let parse = |arg: &[u8], invalid: CommandError| {
        integer(arg)
            .ok()
            .filter(|&i| i32::try_from(i).is_ok())
            .ok_or(invalid)
    };
    let first = parse(args.next_arg()?, errors::INVALID_FIRST_DB)?;
    let second = parse(args.next_arg()?, errors::INVALID_SECOND_DB)?;
    let in_range = |i: i64| usize::try_from(i).ok().filter(|&i| i < DATABASES);
    let (Some(first), Some(second)) = (in_range(first), in_range(second)) else {
        return Err(errors::DB_INDEX_OUT_OF_RANGE);
    };
    // The databases' recorded events belong to their numbers: queue them
    // before the swap.
    ctx.store.flush_key_events();
    // Watched keys stay with their database index and are touched as
    // their contents change (see store/watch.rs).
    ctx.store.swap_dbs(first, second);
    // Clients stay blocked on their database number: keys the other
    // database brought may serve them.
    ctx.store.blocking.signal_db(first);
    ctx.store.blocking.signal_db(second);
    ctx.reply().ok();
    Ok(())
}
