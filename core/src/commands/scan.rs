//! Keyspace iteration: KEYS, SCAN, RANDOMKEY. None of them counts as an
//! access to the keys it returns.

use super::args::{integer, scan_cursor, token, Args};
use super::errors::{self, c_str};
use super::spec::{arg, flags::*, Command, Reply};
use super::Ctx;
use crate::compact::Key;
use crate::glob::glob_match;
use crate::types::scan::scan_window;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("keys", 2, READONLY, keys)
        .acl(&["@keyspace", "@read", "@slow", "@dangerous"])
        .tips(&["request_policy:all_shards", "nondeterministic_output_order"])
        .doc("Find all keys matching the given pattern", "1.0.0", "generic", "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.")
        .args(&[
            arg("pattern", "pattern"),
        ]),
    Command::new("randomkey", 1, READONLY, randomkey)
        .acl(&["@keyspace", "@read", "@slow"])
        .tips(&["request_policy:all_shards", "nondeterministic_output"])
        .doc("Return a random key from the keyspace", "1.0.0", "generic", "O(1)"),
    Command::new("scan", -2, READONLY, scan)
        .acl(&["@keyspace", "@read", "@slow"])
        .tips(&["nondeterministic_output", "request_policy:special"])
        .doc("Incrementally iterate the keys space", "2.8.0", "generic", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.")
        .history(&[("6.0.0", "Added the `TYPE` subcommand.")])
        .args(&[
            arg("cursor", "integer"),
            arg("pattern", "pattern").token("MATCH").optional(),
            arg("count", "integer").token("COUNT").optional(),
            arg("type", "string").token("TYPE").since("6.0.0").optional(),
        ]),
];

/// KEYS pattern: every live key matching, in table order. Keys past their
/// deadline are skipped (and left for the expiry cycle, as Redis 7.0 does).
fn keys(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let pattern = args.next_arg()?;
    let now = ctx.now();
    let db = &ctx.store.dbs[ctx.client.db];
    let every = pattern == b"*";
    let found: Vec<&Key> = (0..db.len())
        .filter_map(|i| db.key_at(i))
        .filter(|(key, entry)| {
            !db.due(key, entry, now) && (every || glob_match(pattern, key, false))
        })
        .map(|(key, _)| key)
        .collect();
    let mut reply = crate::protocol::ReplyWriter::new(ctx.out, ctx.client.protocol);
    reply.array(found.len());
    for key in found {
        reply.bulk(key);
    }
    Ok(())
}

/// Random draws RANDOMKEY makes before clearing out the keys past their
/// deadline (each draw that lands on one removes it, as in Redis).
const RANDOMKEY_DRAWS: usize = 100;

/// RANDOMKEY: a live key drawn with the seeded generator, or null.
fn randomkey(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let now = ctx.now();
    let index = ctx.client.db;
    let mut chosen: Option<Key> = None;
    for draw in 0..=RANDOMKEY_DRAWS {
        let len = ctx.store.dbs[index].len();
        if len == 0 {
            break;
        }
        if draw == RANDOMKEY_DRAWS {
            // Many keys are past their deadline: remove them all (work
            // Redis's loop would do one draw at a time), so the last draw
            // lands on a live key or finds the database empty.
            ctx.store.dbs[index].expire_due(now, len);
            if ctx.store.dbs[index].len() == 0 {
                break;
            }
        }
        let position = (ctx.store.random() % ctx.store.dbs[index].len() as u64) as usize;
        let db = &mut ctx.store.dbs[index];
        let Some((key, entry)) = db.key_at(position) else {
            break;
        };
        let key = key.clone();
        if !db.due(&key, entry, now) {
            chosen = Some(key);
            break;
        }
        db.contains(&key, now);
    }
    match chosen {
        Some(key) => ctx.reply().bulk(&key),
        None => ctx.reply().null_bulk(),
    }
    Ok(())
}

/// SCAN's default COUNT, as Redis's.
const SCAN_COUNT: usize = 10;

/// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
///
/// Visits `count` positions of the database's table with the one cursor
/// scheme of `types::scan` (every key present for a whole scan is
/// returned). Keys past their deadline are skipped and removed once the
/// window is read; MATCH and TYPE filter what is returned, never what is
/// visited. An unknown TYPE name matches nothing (Redis 7.0).
fn scan(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let cursor = scan_cursor(args.next_arg()?)?;
    let (mut pattern, mut count, mut type_name) = (None, SCAN_COUNT, None);
    while let Some(option) = args.next() {
        let which = token(option, &["match", "count", "type"]);
        let Some(value) = which.and_then(|_| args.next()) else {
            return Err(errors::SYNTAX);
        };
        match which {
            Some(0) => pattern = Some(value).filter(|p| *p != b"*"),
            Some(1) => {
                let n = integer(value)?;
                if n < 1 {
                    return Err(errors::SYNTAX);
                }
                count = usize::try_from(n).unwrap_or(usize::MAX);
            }
            _ => type_name = Some(c_str(value)),
        }
    }
    let now = ctx.now();
    let db = &mut ctx.store.dbs[ctx.client.db];
    let (window, next) = scan_window(db.len(), cursor, count);
    let mut found = Vec::new();
    let mut due = Vec::new();
    for position in window {
        let Some((key, entry)) = db.key_at(position) else {
            continue;
        };
        if db.due(key, entry, now) {
            due.push(key.clone());
        } else if pattern.is_none_or(|p| glob_match(p, key, false))
            && type_name.is_none_or(|t| t.eq_ignore_ascii_case(entry.value.type_name().as_bytes()))
        {
            found.push(key.clone());
        }
    }
    // Removed only now: a removal moves the last key into the hole, which
    // must not disturb the window being read.
    for key in due {
        db.contains(&key, now);
    }
    let mut reply = ctx.reply();
    reply.array(2);
    reply.bulk(next.to_string().as_bytes());
    reply.array(found.len());
    for key in found {
        reply.bulk(&key);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_follow_strtoull() {
        for (text, want) in [
            (&b"0"[..], Some(0)),
            (b"", Some(0)),
            (b"00", Some(0)),
            (b"+0", Some(0)),
            (b"-1", Some(u64::MAX)),
            (b"-18446744073709551615", Some(1)),
            (b"18446744073709551615", Some(u64::MAX)),
            (b"7\0junk", Some(7)),
            (b"18446744073709551616", None),
            (b" 0", None),
            (b"+", None),
            (b"-", None),
            (b"1x", None),
            (b"0x10", None),
        ] {
            assert_eq!(scan_cursor(text).ok(), want, "{text:?}");
        }
    }
}
