//! CLIENT subcommands: SETINFO, SETNAME, GETNAME, ID, UNBLOCK.

use bytes::Bytes;

use super::args::{integer, token, Args};
use super::errors;
use super::spec::{arg, flags::*, Command, Reply};
use super::Ctx;
use crate::store::UnblockMode;

pub(super) static COMMANDS: &[Command] = &[Command::container("client", -2, 0, SUBCOMMANDS)
    .acl(&["@slow"])
    .doc(
        "A container for client connection commands",
        "2.4.0",
        "connection",
        "Depends on subcommand.",
    )];

const SUBCOMMANDS: &[Command] = &[
    Command::new("client|setinfo", 4, NOSCRIPT | LOADING | STALE, setinfo)
        .acl(&["@slow", "@connection"])
        .doc(
            "Sets information specific to the client or connection.",
            "7.2.0",
            "connection",
            "O(1)",
        )
        .args(&[arg("attr", "oneof").args(&[
            arg("libname", "string").token("lib-name"),
            arg("libver", "string").token("lib-ver"),
        ])]),
    Command::new("client|setname", 3, NOSCRIPT | LOADING | STALE, setname)
        .acl(&["@slow", "@connection"])
        .doc(
            "Set the current connection name",
            "2.6.9",
            "connection",
            "O(1)",
        )
        .args(&[arg("connection-name", "string")]),
    Command::new("client|getname", 2, NOSCRIPT | LOADING | STALE, getname)
        .acl(&["@slow", "@connection"])
        .doc(
            "Get the current connection name",
            "2.6.9",
            "connection",
            "O(1)",
        ),
    Command::new("client|id", 2, NOSCRIPT | LOADING | STALE, id)
        .acl(&["@slow", "@connection"])
        .doc(
            "Returns the client ID for the current connection",
            "5.0.0",
            "connection",
            "O(1)",
        ),
    Command::new(
        "client|unblock",
        -3,
        ADMIN | NOSCRIPT | LOADING | STALE,
        unblock,
    )
    .acl(&["@admin", "@slow", "@dangerous", "@connection"])
    .doc(
        "Unblock a client blocked in a blocking command from a different connection",
        "5.0.0",
        "connection",
        "O(log N) where N is the number of client connections",
    )
    .args(&[
        arg("client-id", "integer"),
        arg("timeout_error", "oneof").optional().args(&[
            arg("timeout", "pure-token").token("TIMEOUT"),
            arg("error", "pure-token").token("ERROR"),
        ]),
    ]),
];

/// Redis accepts only printable ASCII without spaces in client names and
/// library attributes, so they can appear in CLIENT LIST unquoted.
fn valid_attribute(value: &[u8]) -> bool {
    value.iter().all(|&c| (b'!'..=b'~').contains(&c))
}

/// Sets or clears (empty name) the client name; an error when the name is
/// invalid. Shared with HELLO SETNAME.
pub(crate) fn set_name(ctx: &mut Ctx, name: &[u8]) -> Reply {
    if !valid_attribute(name) {
        return Err(errors::INVALID_CLIENT_NAME);
    }
    ctx.client.name = (!name.is_empty()).then(|| Bytes::copy_from_slice(name));
    Ok(())
}

/// CLIENT SETINFO LIB-NAME|LIB-VER value (as Redis 7.2).
fn setinfo(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (attr, value) = (args.next_arg()?, args.next_arg()?);
    let Some(which) = token(attr, &["lib-name", "lib-ver"]) else {
        return Err(errors::unrecognized_option(attr));
    };
    if !valid_attribute(value) {
        return Err(errors::invalid_attribute(attr));
    }
    let stored = (!value.is_empty()).then(|| Bytes::copy_from_slice(value));
    if which == 0 {
        ctx.client.lib_name = stored;
    } else {
        ctx.client.lib_ver = stored;
    }
    ctx.reply().ok();
    Ok(())
}

/// CLIENT SETNAME name
fn setname(ctx: &mut Ctx, args: &mut Args) -> Reply {
    set_name(ctx, args.next_arg()?)?;
    ctx.reply().ok();
    Ok(())
}

/// CLIENT GETNAME
fn getname(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    match ctx.client.name.clone() {
        Some(name) => ctx.reply().bulk(&name),
        None => ctx.reply().null_bulk(),
    }
    Ok(())
}

/// CLIENT ID
fn id(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let id = ctx.client.id as i64;
    ctx.reply().integer(id);
    Ok(())
}

/// CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends another client's blocking
/// command as if it timed out (the default) or with an `UNBLOCKED` error;
/// 1 when that client was blocked, else 0. The engine carries it out
/// right after this command. Redis reads the reason before the id.
fn unblock(ctx: &mut Ctx, args: &mut Args) -> Reply {
    if args.remaining() > 2 {
        return Err(match args.command_words() {
            [container, sub, ..] => errors::subcommand_syntax(container, sub),
            _ => errors::subcommand_syntax(b"client", b"unblock"),
        });
    }
    let id = args.next_arg()?;
    let mode = match args.next() {
        None => UnblockMode::Timeout,
        Some(reason) => match token(reason, &["timeout", "error"]) {
            Some(0) => UnblockMode::Timeout,
            Some(_) => UnblockMode::Error,
            None => return Err(errors::UNBLOCK_REASON),
        },
    };
    let id = integer(id)?;
    let unblocked = u64::try_from(id).is_ok_and(|id| ctx.store.blocking.request_unblock(id, mode));
    ctx.reply().integer(unblocked as i64);
    Ok(())
}
