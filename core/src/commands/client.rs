//! CLIENT subcommands: SETINFO, SETNAME, GETNAME, ID.

use bytes::Bytes;

use super::{Ctx, Flow};

/// Redis accepts only printable ASCII without spaces in client names and
/// library attributes, so they can appear in CLIENT LIST unquoted.
fn valid_attribute(value: &[u8]) -> bool {
    value.iter().all(|&c| (b'!'..=b'~').contains(&c))
}

/// Sets or clears (empty name) the client name; replies with the error and
/// returns false when the name is invalid. Shared with HELLO SETNAME.
pub(crate) fn set_name(ctx: &mut Ctx, name: &[u8]) -> bool {
    if !valid_attribute(name) {
        ctx.reply()
            .error("ERR Client names cannot contain spaces, newlines or special characters.");
        return false;
    }
    ctx.client.name = (!name.is_empty()).then(|| Bytes::copy_from_slice(name));
    true
}

/// CLIENT SETINFO LIB-NAME|LIB-VER value (as Redis 7.2).
pub(crate) fn setinfo(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let (attr, value) = (&args[2], &args[3]);
    let is_name = attr.eq_ignore_ascii_case(b"lib-name");
    if !is_name && !attr.eq_ignore_ascii_case(b"lib-ver") {
        let mut text = b"ERR Unrecognized option '".to_vec();
        text.extend_from_slice(attr);
        text.push(b'\'');
        ctx.reply().error_bytes(&text);
        return Flow::Continue;
    }
    if !valid_attribute(value) {
        let mut text = b"ERR ".to_vec();
        text.extend_from_slice(attr);
        text.extend_from_slice(b" cannot contain spaces, newlines or special characters.");
        ctx.reply().error_bytes(&text);
        return Flow::Continue;
    }
    let stored = (!value.is_empty()).then(|| Bytes::copy_from_slice(value));
    if is_name {
        ctx.client.lib_name = stored;
    } else {
        ctx.client.lib_ver = stored;
    }
    ctx.reply().ok();
    Flow::Continue
}

pub(crate) fn setname(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    if set_name(ctx, args[2]) {
        ctx.reply().ok();
    }
    Flow::Continue
}

pub(crate) fn getname(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    match ctx.client.name.clone() {
        Some(name) => ctx.reply().bulk(&name),
        None => ctx.reply().null_bulk(),
    }
    Flow::Continue
}

pub(crate) fn id(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    let id = ctx.client.id as i64;
    ctx.reply().integer(id);
    Flow::Continue
}
