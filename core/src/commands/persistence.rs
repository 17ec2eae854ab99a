//! RDB snapshot commands: SAVE, BGSAVE [SCHEDULE], LASTSAVE. The snapshot
//! itself (a point-in-time image taken in slices while clients write) is
//! the store's (store/persist.rs); the adapter writes the file.
//!
//! SAVE takes the same point-in-time snapshot as BGSAVE, in slices, and
//! answers when the adapter reports the file written (`+OK`) or failed
//! (`-ERR`); only the SAVE client waits (with its later input). Redis's
//! SAVE blocks every client instead; the file is the same (the state when
//! SAVE ran), without holding the whole file in memory or stalling the
//! others.

use super::args::Args;
use super::errors;
use super::spec::{arg, flags::*, Command, Reply};
use super::{Ctx, SaveWait};
use crate::store::SaveKind;

pub(super) static COMMANDS: &[Command] = &[
    Command::new(
        "save",
        1,
        ADMIN | NOSCRIPT | NO_ASYNC_LOADING | NO_MULTI,
        save,
    )
    .acl(&["@admin", "@slow", "@dangerous"])
    .doc(
        "Synchronously save the dataset to disk",
        "1.0.0",
        "server",
        "O(N) where N is the total number of keys in all databases",
    ),
    Command::new("bgsave", -1, ADMIN | NOSCRIPT | NO_ASYNC_LOADING, bgsave)
        .acl(&["@admin", "@slow", "@dangerous"])
        .doc(
            "Asynchronously save the dataset to disk",
            "1.0.0",
            "server",
            "O(1)",
        )
        .history(&[("3.2.2", "Added the `SCHEDULE` option.")])
        .args(&[arg("schedule", "pure-token")
            .token("SCHEDULE")
            .since("3.2.2")
            .optional()]),
    Command::new(
        "bgrewriteaof",
        1,
        ADMIN | NOSCRIPT | NO_ASYNC_LOADING,
        bgrewriteaof,
    )
    .acl(&["@admin", "@slow", "@dangerous"])
    .doc(
        "Asynchronously rewrite the append-only file",
        "1.0.0",
        "server",
        "O(1)",
    ),
    Command::new("lastsave", 1, LOADING | STALE | FAST, lastsave)
        .acl(&["@admin", "@fast", "@dangerous"])
        .tips(&["nondeterministic_output"])
        .doc(
            "Get the UNIX time stamp of the last successful save to disk",
            "1.0.0",
            "server",
            "O(1)",
        ),
];

/// SAVE: a snapshot of now; the reply waits for the file.
fn save(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    if ctx.store.persistence.running.is_some() {
        return Err(errors::BGSAVE_IN_PROGRESS);
    }
    ctx.store.begin_snapshot(SaveKind::Foreground);
    ctx.client.awaiting_save = Some(SaveWait::Save);
    Ok(())
}

/// BGSAVE [SCHEDULE]: starts a background snapshot. Inside EXEC it is
/// scheduled instead, as in Redis (which cannot fork there); SCHEDULE
/// only matters while another child would run (an AOF rewrite), which
/// miniRedis never has, so it starts at once like a plain BGSAVE.
fn bgsave(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let schedule = match args.remaining() {
        0 => false,
        1 if args.next_token(&["schedule"]).is_some() => true,
        _ => return Err(errors::SYNTAX),
    };
    if ctx.store.aof_rewrite_in_progress() && !ctx.client.in_exec {
        // The rewrite is Redis's other child: BGSAVE waits only if asked.
        if !schedule {
            return Err(errors::BGSAVE_CHILD_ACTIVE);
        }
        ctx.store.persistence.bgsave_scheduled = true;
        ctx.reply().simple("Background saving scheduled");
        return Ok(());
    }
    if ctx.store.persistence.running.is_some() {
        return Err(errors::BGSAVE_IN_PROGRESS);
    }
    if ctx.client.in_exec {
        ctx.store.persistence.bgsave_scheduled = true;
        ctx.reply().simple("Background saving scheduled");
        return Ok(());
    }
    ctx.store.begin_snapshot(SaveKind::Background);
    ctx.reply().simple("Background saving started");
    Ok(())
}

/// BGREWRITEAOF: starts an AOF rewrite (a snapshot that becomes the
/// AOF's new base while the writes go on into a new incremental file);
/// behind a running BGSAVE, or inside EXEC, it is scheduled, as in Redis.
/// Works with the AOF off too, as Redis's does (the adapter then writes
/// the files without keeping them up to date).
fn bgrewriteaof(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    if ctx.store.aof_rewrite_in_progress() {
        return Err(errors::AOF_REWRITE_IN_PROGRESS);
    }
    if ctx.store.persistence.running.is_some() || ctx.client.in_exec {
        ctx.store.persistence.aof.rewrite_scheduled = true;
        ctx.store.persistence.aof.consecutive_failures = 0;
        ctx.reply()
            .simple("Background append only file rewriting scheduled");
        return Ok(());
    }
    ctx.store.begin_aof_rewrite();
    ctx.reply()
        .simple("Background append only file rewriting started");
    Ok(())
}

/// LASTSAVE: Unix time of the last successful save (or of the start).
fn lastsave(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let at = ctx.store.persistence.last_save_at;
    let unix = ctx.store.unix_ms_of(at) / 1000;
    ctx.reply().integer(unix as i64);
    Ok(())
}
