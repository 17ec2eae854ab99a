//! CLIENT KILL, in both of Redis 7.0's forms:
//!
//! - `CLIENT KILL ip:port` (old): kills the client connected from that
//!   address, the running one included; `+OK`, or `-ERR No such client`;
//! - `CLIENT KILL <filter> <value> ...` with ID, TYPE, ADDR, LADDR, USER,
//!   SKIPME (yes by default): kills every client matching all filters and
//!   answers how many. (MAXAGE came with Redis 7.4: a syntax error here.)
//!
//! Another client is closed right after the command, dropping its
//! unwritten output, as Redis frees it at once; the running client, when
//! it matches, is closed once its reply is written.

use super::args::{is_token, Args};
use super::client_info::{all_ids, type_of, ClientType};
use super::errors;
use super::peers::address_text;
use super::spec::Reply;
use super::Ctx;
use crate::protocol::decode::parse_int;

/// What the killed clients must match.
struct Filter<'a> {
    addr: Option<&'a [u8]>,
    laddr: Option<&'a [u8]>,
    kind: Option<ClientType>,
    id: Option<u64>,
    skip_me: bool,
}

/// Reads the new form's filters in Redis's order of checks.
fn filters<'a>(rest: &[&'a [u8]]) -> Result<Filter<'a>, errors::CommandError> {
    let mut filter = Filter {
        addr: None,
        laddr: None,
        kind: None,
        id: None,
        skip_me: true,
    };
    for pair in rest.chunks(2) {
        let [option, value] = pair else {
            return Err(errors::SYNTAX);
        };
        if is_token(option, "id") {
            let id = parse_int(value)
                .filter(|&id| id >= 1)
                .ok_or(errors::CLIENT_ID_NOT_POSITIVE)?;
            filter.id = Some(id as u64);
        } else if is_token(option, "type") {
            let kind =
                ClientType::from_name(value).ok_or_else(|| errors::unknown_client_type(value))?;
            filter.kind = Some(kind);
        } else if is_token(option, "addr") {
            filter.addr = Some(value);
        } else if is_token(option, "laddr") {
            filter.laddr = Some(value);
        } else if is_token(option, "user") {
            // The only user is `default` (user names are case-sensitive).
            if *value != b"default" {
                return Err(errors::no_such_user(value));
            }
        } else if is_token(option, "skipme") {
            filter.skip_me = if is_token(value, "yes") {
                true
            } else if is_token(value, "no") {
                false
            } else {
                return Err(errors::SYNTAX);
            };
        } else {
            return Err(errors::SYNTAX);
        }
    }
    Ok(filter)
}

/// Whether client `id` matches the filter's addresses, type and id.
fn matches(ctx: &Ctx, id: u64, filter: &Filter) -> bool {
    if filter.id.is_some_and(|wanted| wanted != id) {
        return false;
    }
    let client = if id == ctx.client.id {
        &*ctx.client
    } else {
        match ctx.peers.get(id) {
            Some(peer) => peer.client,
            None => return false,
        }
    };
    let same = |wanted: Option<&[u8]>, addr| {
        wanted.is_none_or(|wanted| wanted == address_text(addr).as_bytes())
    };
    same(filter.addr, client.peer)
        && same(filter.laddr, client.local)
        && filter
            .kind
            .is_none_or(|kind| type_of(ctx, id) == Some(kind))
}

/// CLIENT KILL ip:port | CLIENT KILL <filter> <value> ...
pub(super) fn kill(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let rest = args.rest();
    let old_form = rest.len() == 1;
    let filter = match rest {
        // With the old form a client may kill itself.
        [addr] => Filter {
            addr: Some(addr),
            laddr: None,
            kind: None,
            id: None,
            skip_me: false,
        },
        _ => filters(rest)?,
    };
    let mut killed = 0;
    let mut close_me = false;
    for id in all_ids(ctx) {
        if !matches(ctx, id, &filter) {
            continue;
        }
        if id == ctx.client.id {
            if filter.skip_me {
                continue;
            }
            close_me = true;
        } else if !ctx.peers.kill(id) {
            continue;
        }
        killed += 1;
    }
    if old_form {
        if killed == 0 {
            return Err(errors::NO_SUCH_CLIENT);
        }
        ctx.reply().ok();
    } else {
        ctx.reply().integer(killed);
    }
    if close_me {
        ctx.close_after_reply();
    }
    Ok(())
}
