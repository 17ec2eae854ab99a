//! CLIENT LIST and CLIENT INFO: one line per client with redis-server
//! 7.0.15's fields, in its order:
//!
//! `id addr laddr fd name age idle flags db sub psub ssub multi qbuf
//! qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd
//! user redir resp`
//!
//! Where miniRedis's layout differs from Redis's, the figures are the
//! nearest ones it has: `fd` is the client id (the core has no file
//! descriptors); `rbs` is the capacity of the client's reply buffer and
//! `rbp` the replies in it not yet handed to the adapter; `obl`, `oll` and
//! `omem` split the unwritten output as Redis would hold that many bytes
//! (the first 16 KiB in the client's own buffer, the rest in 16 KiB
//! blocks); `tot-mem` adds the buffers to the size of the client's state.
//! `multi` is -1 and `multi-mem` 0 (no transaction state here), `user` is
//! `default` and `redir` -1 (no ACL users, no tracking).

use super::args::{is_token, Args};
use super::errors;
use super::peers::{address_text, PeerIo};
use super::spec::Reply;
use super::{ClientState, Ctx};
use crate::protocol::Protocol;
use crate::store::Store;

/// Redis's reply-block size (`PROTO_REPLY_CHUNK_BYTES`), for `obl`/`oll`.
const REPLY_CHUNK: usize = 16 * 1024;

/// A client's type, as CLIENT LIST TYPE and CLIENT KILL TYPE name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ClientType {
    Normal,
    Master,
    Replica,
    PubSub,
}

impl ClientType {
    /// Redis's `getClientTypeByName` (`slave` is `replica`).
    pub fn from_name(name: &[u8]) -> Option<ClientType> {
        [
            ("normal", ClientType::Normal),
            ("slave", ClientType::Replica),
            ("replica", ClientType::Replica),
            ("pubsub", ClientType::PubSub),
            ("master", ClientType::Master),
        ]
        .into_iter()
        .find(|(word, _)| is_token(name, word))
        .map(|(_, kind)| kind)
    }

    /// Redis's `getClientType`: a client with subscriptions is `pubsub`,
    /// any other (a monitor included) `normal`; there are no replication
    /// links here.
    pub fn of(store: &Store, client: &ClientState) -> ClientType {
        if store.pubsub.is_subscribed(client.id) {
            ClientType::PubSub
        } else {
            ClientType::Normal
        }
    }
}

/// Appends the CLIENT LIST line of `client` (without the `\n`).
pub(super) fn write_line(out: &mut Vec<u8>, store: &Store, client: &ClientState, io: &PeerIo) {
    use std::fmt::Write;

    let now = store.now;
    let (sub, psub, ssub) = store.pubsub.counts(client.id);
    let mut flags = String::new();
    if client.monitor {
        flags.push('O');
    }
    if sub + psub + ssub > 0 {
        flags.push('P');
    }
    if client.multi.is_some() {
        flags.push('x');
    }
    if client.blocked.is_some() || client.postponed {
        flags.push('b');
    }
    if store.watches.is_dirty(client.id) {
        flags.push('d');
    }
    if client.no_evict {
        flags.push('e');
    }
    if flags.is_empty() {
        flags.push('N');
    }
    let obl = io.unwritten.min(REPLY_CHUNK);
    let omem = io.unwritten - obl;
    let oll = omem.div_ceil(REPLY_CHUNK);
    let rbp = io.unwritten.saturating_sub(io.handed_out);
    let tot_mem = std::mem::size_of::<ClientState>()
        + io.query
        + io.query_free
        + io.argv
        + io.reply_capacity
        + io.handed_out;
    let events = if io.handed_out > 0 { "rw" } else { "r" };
    let resp = match client.protocol {
        Protocol::Resp2 => 2,
        Protocol::Resp3 => 3,
    };
    let mut line = String::with_capacity(320);
    // Writing into a String cannot fail.
    let _ = write!(
        line,
        "id={} addr={} laddr={} fd={} name=",
        client.id,
        address_text(client.peer),
        address_text(client.local),
        client.id,
    );
    out.extend_from_slice(line.as_bytes());
    out.extend_from_slice(client.name.as_deref().unwrap_or_default());
    line.clear();
    let _ = write!(
        line,
        " age={} idle={} flags={flags} db={} sub={sub} psub={psub} ssub={ssub} multi={} \
         qbuf={} qbuf-free={} argv-mem={} multi-mem={} rbs={} rbp={rbp} obl={obl} oll={oll} \
         omem={omem} tot-mem={tot_mem} events={events} cmd={} user=default redir=-1 resp={resp}",
        now.saturating_sub(client.created_at) / 1000,
        now.saturating_sub(io.last_input) / 1000,
        client.db,
        client.multi.as_ref().map_or(-1, |t| t.len() as i64),
        io.query,
        io.query_free,
        io.argv,
        client.multi.as_ref().map_or(0, |t| t.accounted()),
        io.reply_capacity,
        client.last_command.unwrap_or("NULL"),
    );
    out.extend_from_slice(line.as_bytes());
}

/// The running client's figures: what the engine knows of its batch,
/// plus the replies it has pending in this batch and the arguments of the
/// command running now (`args`).
fn own_io(ctx: &Ctx, args: &Args) -> PeerIo {
    let mut io = ctx.peers.own_io();
    io.unwritten = io.handed_out + ctx.out.len();
    io.reply_capacity = ctx.out.capacity();
    io.argv = args.command_words().iter().map(|a| a.len()).sum::<usize>()
        + args.clone().map(<[u8]>::len).sum::<usize>();
    io
}

/// Appends the line of client `id` and a `\n`, if it is the running
/// client or another open one.
fn append_client(ctx: &Ctx, own: &PeerIo, id: u64, text: &mut Vec<u8>) {
    if id == ctx.client.id {
        write_line(text, ctx.store, ctx.client, own);
    } else if let Some(peer) = ctx.peers.get(id) {
        write_line(text, ctx.store, peer.client, &peer.io);
    } else {
        return;
    }
    text.push(b'\n');
}

/// Writes `text` as CLIENT LIST and INFO do: a bulk string, or a verbatim
/// `txt` string in RESP3.
fn reply_text(ctx: &mut Ctx, text: &[u8]) {
    let mut w = ctx.reply();
    match w.protocol() {
        Protocol::Resp2 => w.bulk(text),
        Protocol::Resp3 => w.verbatim("txt", text),
    }
}

/// CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]]: every
/// client in the order they connected, or those of one type, or those
/// with the given ids (in the order given, repeats repeated).
pub(super) fn list(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let own = own_io(ctx, args);
    let rest = args.rest();
    let ids: Vec<u64> = match rest {
        [] => all_ids(ctx),
        [word, name] if is_token(word, "type") => {
            let wanted =
                ClientType::from_name(name).ok_or_else(|| errors::unknown_client_type(name))?;
            all_ids(ctx)
                .into_iter()
                .filter(|&id| type_of(ctx, id) == Some(wanted))
                .collect()
        }
        [word, given @ ..] if is_token(word, "id") && !given.is_empty() => {
            let mut ids = Vec::with_capacity(given.len());
            for id in given {
                let id = super::args::integer(id).map_err(|_| errors::INVALID_CLIENT_ID)?;
                // No client has an id below 1.
                if let Ok(id) = u64::try_from(id) {
                    ids.push(id);
                }
            }
            ids
        }
        _ => return Err(errors::SYNTAX),
    };
    let mut text = Vec::new();
    for id in ids {
        append_client(ctx, &own, id, &mut text);
    }
    reply_text(ctx, &text);
    Ok(())
}

/// CLIENT INFO: the running client's line.
pub(super) fn info(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let own = own_io(ctx, args);
    let mut text = Vec::new();
    append_client(ctx, &own, ctx.client.id, &mut text);
    reply_text(ctx, &text);
    Ok(())
}

/// Every open client's id, the running one included, ascending.
pub(super) fn all_ids(ctx: &Ctx) -> Vec<u64> {
    let mut ids = ctx.peers.ids();
    let at = ids.partition_point(|&id| id < ctx.client.id);
    ids.insert(at, ctx.client.id);
    ids
}

/// The type of client `id` (the running one or another open one).
pub(super) fn type_of(ctx: &Ctx, id: u64) -> Option<ClientType> {
    if id == ctx.client.id {
        return Some(ClientType::of(ctx.store, ctx.client));
    }
    let peer = ctx.peers.get(id)?;
    Some(ClientType::of(ctx.store, peer.client))
}
