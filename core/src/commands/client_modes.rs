//! CLIENT subcommands that set or report the running client's modes:
//! REPLY, NO-EVICT, TRACKING, TRACKINGINFO, GETREDIR, CACHING, and HELP.
//!
//! Client-side caching (tracking) is not implemented: TRACKING checks its
//! arguments as Redis 7.0 does and accepts OFF, but refuses a valid ON
//! with an error of its own rather than pretend; TRACKINGINFO, GETREDIR
//! and CACHING answer as Redis does for a client without tracking.

use super::args::{is_token, Args};
use super::errors;
use super::introspection::write_help;
use super::spec::Reply;
use super::Ctx;
use crate::protocol::decode::parse_int;

/// CLIENT REPLY ON|OFF|SKIP. OFF and SKIP answer nothing: the dispatcher
/// drops the replies the mode silences, this command's own included.
pub(super) fn reply(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let mode = args.next_arg()?;
    let reply = &mut ctx.client.reply;
    if is_token(mode, "on") {
        reply.on();
        ctx.reply().ok();
    } else if is_token(mode, "off") {
        reply.off();
    } else if is_token(mode, "skip") {
        reply.skip_next();
    } else {
        return Err(errors::SYNTAX);
    }
    Ok(())
}

/// CLIENT NO-EVICT ON|OFF: only a flag (CLIENT LIST's `e`), as miniRedis
/// never evicts clients.
pub(super) fn no_evict(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let mode = args.next_arg()?;
    ctx.client.no_evict = if is_token(mode, "on") {
        true
    } else if is_token(mode, "off") {
        false
    } else {
        return Err(errors::SYNTAX);
    };
    ctx.reply().ok();
    Ok(())
}

/// The options of CLIENT TRACKING that decide its errors.
#[derive(Default)]
struct TrackingOptions {
    bcast: bool,
    optin: bool,
    optout: bool,
    prefixes: usize,
}

/// CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p ...] [OPTIN]
/// [OPTOUT] [NOLOOP]: the options are read (and the redirect target
/// looked up) first, then ON's combinations checked, in Redis's order.
pub(super) fn tracking(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let status = args.next_arg()?;
    let mut options = TrackingOptions::default();
    let mut redirect: Option<i64> = None;
    while let Some(option) = args.next() {
        let more = args.remaining() > 0;
        if is_token(option, "redirect") && more {
            if redirect.is_some_and(|id| id != 0) {
                return Err(errors::REDIRECT_TWICE);
            }
            let id = parse_int(args.next_arg()?).ok_or(errors::NOT_INTEGER)?;
            let exists = u64::try_from(id)
                .is_ok_and(|id| id == ctx.client.id || ctx.peers.get(id).is_some());
            if !exists {
                return Err(errors::REDIRECT_MISSING);
            }
            redirect = Some(id);
        } else if is_token(option, "bcast") {
            options.bcast = true;
        } else if is_token(option, "optin") {
            options.optin = true;
        } else if is_token(option, "optout") {
            options.optout = true;
        } else if is_token(option, "noloop") {
        } else if is_token(option, "prefix") && more {
            args.next_arg()?;
            options.prefixes += 1;
        } else {
            return Err(errors::SYNTAX);
        }
    }
    if is_token(status, "on") {
        if !options.bcast && options.prefixes > 0 {
            return Err(errors::PREFIX_WITHOUT_BCAST);
        }
        if options.bcast && (options.optin || options.optout) {
            return Err(errors::OPTIN_OPTOUT_WITH_BCAST);
        }
        if options.optin && options.optout {
            return Err(errors::OPTIN_AND_OPTOUT);
        }
        return Err(errors::TRACKING_UNSUPPORTED);
    }
    if !is_token(status, "off") {
        return Err(errors::SYNTAX);
    }
    // Tracking is never on, so there is nothing to turn off.
    ctx.reply().ok();
    Ok(())
}

/// CLIENT TRACKINGINFO, as for a client without tracking: flags `off`,
/// redirect -1, no prefixes.
pub(super) fn trackinginfo(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let mut w = ctx.reply();
    w.map(3);
    w.bulk(b"flags");
    w.set(1);
    w.bulk(b"off");
    w.bulk(b"redirect");
    w.integer(-1);
    w.bulk(b"prefixes");
    w.array(0);
    Ok(())
}

/// CLIENT GETREDIR: -1, tracking being off.
pub(super) fn getredir(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    ctx.reply().integer(-1);
    Ok(())
}

/// CLIENT CACHING YES|NO: only meaningful with tracking on, which it never
/// is here (Redis checks that before the argument).
pub(super) fn caching(_ctx: &mut Ctx, _args: &mut Args) -> Reply {
    Err(errors::CACHING_WITHOUT_TRACKING)
}

/// CLIENT HELP, line by line as redis-server 7.0.15 prints it.
pub(super) fn help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    write_help(&mut ctx.reply(), "CLIENT", HELP);
    Ok(())
}

const HELP: &[&str] = &[
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
];
