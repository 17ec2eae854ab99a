//! What a command may see of, and do to, the other clients (CLIENT LIST,
//! CLIENT KILL, CLIENT TRACKING's redirect check).
//!
//! The engine owns the sessions and lends the running command a [`Peers`]
//! view of every *other* open client: the running client's own state is
//! the command's [`super::ClientState`], and its input and output figures
//! come from [`Peers::own_io`]. A client killed during the command is gone
//! from the view at once (the engine closes it right after the command).
//!
//! Lending the other sessions costs the engine a little per batch, so it
//! does so only for the commands flagged `PEERS`: the others get an
//! [`OwnOnly`] view, and a `PEERS` command given one is sent back to the
//! engine to run again with the real view (the dispatcher checks this
//! before the handler runs, so nothing happens twice).

use std::net::SocketAddr;

use super::ClientState;
use crate::Millis;

/// The input and output figures of a client, as CLIENT LIST reports them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PeerIo {
    /// Bytes in its query buffer (for the running client: the whole input
    /// of its current batch, as Redis trims its buffer only after it).
    pub query: usize,
    /// Room left in the query buffer's allocation.
    pub query_free: usize,
    /// Bytes of the arguments it holds (a blocked command's).
    pub argv: usize,
    /// Output produced and not yet written. (The engine's figures for the
    /// running client leave out the replies pending in its buffer, which
    /// only the command sees: CLIENT LIST adds them.)
    pub unwritten: usize,
    /// Output the adapter holds but has not written: the socket is not
    /// taking it (CLIENT LIST shows `events=rw` then).
    pub handed_out: usize,
    /// Capacity of its reply buffer.
    pub reply_capacity: usize,
    /// When it last sent bytes.
    pub last_input: Millis,
}

/// Another client, as a command sees it.
pub(crate) struct Peer<'a> {
    pub client: &'a ClientState,
    pub io: PeerIo,
}

/// The other open clients (see the module documentation).
pub(crate) trait Peers {
    /// Their ids, ascending (the order clients connected in).
    fn ids(&self) -> Vec<u64>;
    /// One of them, if it is open (and not killed).
    fn get(&self, id: u64) -> Option<Peer<'_>>;
    /// The running client's input and output figures.
    fn own_io(&self) -> PeerIo;
    /// Whether this view holds the other clients (else it is [`OwnOnly`]).
    fn lent(&self) -> bool;
    /// Kills another client: it is closed without its unwritten output
    /// right after this command. False if there is no such open client.
    fn kill(&mut self, id: u64) -> bool;
    /// Whether a command killed clients the engine has yet to close.
    fn killed_any(&self) -> bool;
}

/// A view of no other client, for commands that do not look: only the
/// running client's own figures.
#[derive(Default)]
pub(crate) struct OwnOnly {
    pub own: PeerIo,
}

impl Peers for OwnOnly {
    fn ids(&self) -> Vec<u64> {
        Vec::new()
    }

    fn get(&self, _id: u64) -> Option<Peer<'_>> {
        None
    }

    fn own_io(&self) -> PeerIo {
        self.own
    }

    fn lent(&self) -> bool {
        false
    }

    fn kill(&mut self, _id: u64) -> bool {
        false
    }

    fn killed_any(&self) -> bool {
        false
    }
}

/// Redis's `ip:port` form of an address (`[ipv6]:port`), or `?:0` when
/// the client has none (Redis's form for an address it cannot read).
pub(crate) fn address_text(addr: Option<SocketAddr>) -> String {
    match addr {
        Some(SocketAddr::V4(v4)) => format!("{}:{}", v4.ip(), v4.port()),
        Some(SocketAddr::V6(v6)) => format!("[{}]:{}", v6.ip(), v6.port()),
        None => "?:0".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_as_redis_prints_them() {
        assert_eq!(
            address_text(Some("127.0.0.1:6379".parse().unwrap())),
            "127.0.0.1:6379"
        );
        assert_eq!(
            address_text(Some("[::1%3]:7000".parse().unwrap())),
            "[::1]:7000"
        );
        assert_eq!(address_text(None), "?:0");
    }
}
