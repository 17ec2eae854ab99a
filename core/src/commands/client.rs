//! CLIENT: every subcommand's description, and the handlers of SETINFO,
//! SETNAME, GETNAME, ID, UNBLOCK. The others live with their kind:
//! `client_info` (LIST, INFO), `client_kill` (KILL), `client_pause`
//! (PAUSE, UNPAUSE), `client_modes` (REPLY, NO-EVICT, TRACKING,
//! TRACKINGINFO, GETREDIR, CACHING, HELP).

use bytes::Bytes;

use super::args::{integer, token, Args};
use super::errors;
use super::spec::{arg, flags::*, Command, Reply};
use super::{client_info, client_kill, client_modes, client_pause, Ctx};
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
    Command::new("client|list", -2, ADMIN | NOSCRIPT | LOADING | STALE | PEERS, client_info::list)
        .acl(&["@admin", "@slow", "@dangerous", "@connection"])
        .tips(&["nondeterministic_output"])
        .doc("Get the list of client connections", "2.4.0", "connection", "O(N) where N is the number of client connections")
        .history(&[("2.8.12", "Added unique client `id` field."), ("5.0.0", "Added optional `TYPE` filter."), ("6.0.0", "Added `user` field."), ("6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."), ("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."), ("7.0.3", "Added `ssub` field.")])
        .args(&[
            arg("normal_master_replica_pubsub", "oneof").token("TYPE").since("5.0.0").optional().args(&[
                arg("normal", "pure-token").token("NORMAL"),
                arg("master", "pure-token").token("MASTER"),
                arg("replica", "pure-token").token("REPLICA"),
                arg("pubsub", "pure-token").token("PUBSUB"),
            ]),
            arg("id", "block").token("ID").since("6.2.0").optional().args(&[
                arg("client-id", "integer").multiple(),
            ]),
        ]),
    Command::new("client|info", 2, NOSCRIPT | LOADING | STALE, client_info::info)
        .acl(&["@slow", "@connection"])
        .tips(&["nondeterministic_output"])
        .doc("Returns information about the current client connection.", "6.2.0", "connection", "O(1)"),
    Command::new("client|kill", -3, ADMIN | NOSCRIPT | LOADING | STALE | PEERS, client_kill::kill)
        .acl(&["@admin", "@slow", "@dangerous", "@connection"])
        .doc("Kill the connection of a client", "2.4.0", "connection", "O(N) where N is the number of client connections")
        .history(&[("2.8.12", "Added new filter format."), ("2.8.12", "`ID` option."), ("3.2.0", "Added `master` type in for `TYPE` option."), ("5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."), ("6.2.0", "`LADDR` option.")])
        .args(&[
            arg("filter", "oneof").args(&[
                arg("ip:port", "string").deprecated_since("2.8.12"),
                arg("new-format", "oneof").multiple().args(&[
                    arg("client-id", "integer").token("ID").since("2.8.12").optional(),
                    arg("normal_master_slave_pubsub", "oneof").token("TYPE").since("2.8.12").optional().args(&[
                        arg("normal", "pure-token").token("NORMAL"),
                        arg("master", "pure-token").token("MASTER").since("3.2.0"),
                        arg("slave", "pure-token").token("SLAVE"),
                        arg("replica", "pure-token").token("REPLICA").since("5.0.0"),
                        arg("pubsub", "pure-token").token("PUBSUB"),
                    ]),
                    arg("username", "string").token("USER").optional(),
                    arg("ip:port", "string").token("ADDR").optional(),
                    arg("ip:port", "string").token("LADDR").since("6.2.0").optional(),
                    arg("yes/no", "string").token("SKIPME").optional(),
                ]),
            ]),
        ]),
    Command::new("client|pause", -3, ADMIN | NOSCRIPT | LOADING | STALE, client_pause::pause)
        .acl(&["@admin", "@slow", "@dangerous", "@connection"])
        .doc("Stop processing commands from clients for some time", "2.9.50", "connection", "O(1)")
        .history(&[("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option.")])
        .args(&[
            arg("timeout", "integer"),
            arg("mode", "oneof").since("6.2.0").optional().args(&[
                arg("write", "pure-token").token("WRITE"),
                arg("all", "pure-token").token("ALL"),
            ]),
        ]),
    Command::new("client|unpause", 2, ADMIN | NOSCRIPT | LOADING | STALE, client_pause::unpause)
        .acl(&["@admin", "@slow", "@dangerous", "@connection"])
        .doc("Resume processing of clients that were paused", "6.2.0", "connection", "O(N) Where N is the number of paused clients"),
    Command::new("client|reply", 3, NOSCRIPT | LOADING | STALE, client_modes::reply)
        .acl(&["@slow", "@connection"])
        .doc("Instruct the server whether to reply to commands", "3.2.0", "connection", "O(1)")
        .args(&[
            arg("on_off_skip", "oneof").args(&[
                arg("on", "pure-token").token("ON"),
                arg("off", "pure-token").token("OFF"),
                arg("skip", "pure-token").token("SKIP"),
            ]),
        ]),
    Command::new("client|no-evict", 3, ADMIN | NOSCRIPT | LOADING | STALE, client_modes::no_evict)
        .acl(&["@admin", "@slow", "@dangerous", "@connection"])
        .doc("Set client eviction mode for the current connection", "7.0.0", "connection", "O(1)")
        .args(&[
            arg("enabled", "oneof").args(&[
                arg("on", "pure-token").token("ON"),
                arg("off", "pure-token").token("OFF"),
            ]),
        ]),
    Command::new("client|tracking", -3, NOSCRIPT | LOADING | STALE | PEERS, client_modes::tracking)
        .acl(&["@slow", "@connection"])
        .doc("Enable or disable server assisted client side caching support", "6.0.0", "connection", "O(1). Some options may introduce additional complexity.")
        .args(&[
            arg("status", "oneof").args(&[
                arg("on", "pure-token").token("ON"),
                arg("off", "pure-token").token("OFF"),
            ]),
            arg("client-id", "integer").token("REDIRECT").optional(),
            arg("prefix", "string").token("PREFIX").optional().multiple().multiple_token(),
            arg("bcast", "pure-token").token("BCAST").optional(),
            arg("optin", "pure-token").token("OPTIN").optional(),
            arg("optout", "pure-token").token("OPTOUT").optional(),
            arg("noloop", "pure-token").token("NOLOOP").optional(),
        ]),
    Command::new("client|trackinginfo", 2, NOSCRIPT | LOADING | STALE, client_modes::trackinginfo)
        .acl(&["@slow", "@connection"])
        .doc("Return information about server assisted client side caching for the current connection", "6.2.0", "connection", "O(1)"),
    Command::new("client|getredir", 2, NOSCRIPT | LOADING | STALE, client_modes::getredir)
        .acl(&["@slow", "@connection"])
        .doc("Get tracking notifications redirection client ID if any", "6.0.0", "connection", "O(1)"),
    Command::new("client|caching", 3, NOSCRIPT | LOADING | STALE, client_modes::caching)
        .acl(&["@slow", "@connection"])
        .doc("Instruct the server about tracking or not keys in the next request", "6.0.0", "connection", "O(1)")
        .args(&[
            arg("mode", "oneof").args(&[
                arg("yes", "pure-token").token("YES"),
                arg("no", "pure-token").token("NO"),
            ]),
        ]),
    Command::new("client|help", 2, LOADING | STALE, client_modes::help)
        .acl(&["@slow", "@connection"])
        .doc("Show helpful text about the different subcommands", "5.0.0", "connection", "O(1)"),
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
        return Err(subcommand_syntax(args));
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

/// Redis's `addReplySubcommandSyntaxError` for a CLIENT subcommand: both
/// names as typed.
pub(super) fn subcommand_syntax(args: &Args) -> errors::CommandError {
    match args.command_words() {
        [container, sub, ..] => errors::subcommand_syntax(container, sub),
        _ => errors::subcommand_syntax(b"client", b""),
    }
}
