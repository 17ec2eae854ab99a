//! CLIENT subcommands: SETINFO, SETNAME, GETNAME, ID.

use bytes::Bytes;

use super::args::{token, Args};
use super::errors;
use super::spec::{arg, flags::*, Command, Reply};
use super::Ctx;

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
