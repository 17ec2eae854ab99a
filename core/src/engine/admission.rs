//! Who gets served: `maxclients` and protected mode, checked when a client
//! connects.

use std::net::IpAddr;

use crate::store::Store;

/// A connection the server will not serve: the adapter writes
/// [`Refusal::reply`] (best effort) and closes the socket. The client was
/// never registered, so no [`crate::Server::closed`] follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `maxclients` connections are open already.
    MaxClients,
    /// Protected mode: no password is set and the peer is not local.
    ProtectedMode,
}

impl Refusal {
    /// The bytes Redis sends before closing such a connection.
    pub fn reply(self) -> &'static [u8] {
        match self {
            Refusal::MaxClients => b"-ERR max number of clients reached\r\n",
            Refusal::ProtectedMode => PROTECTED_MODE_DENIED,
        }
    }
}

/// Applies Redis's admission rules and counts refusals as Redis does.
pub(crate) fn admit(store: &mut Store, peer: Option<IpAddr>) -> Result<(), Refusal> {
    if store.connected_clients as u64 >= store.config.maxclients {
        store.stats.rejected_connections += 1;
        return Err(Refusal::MaxClients);
    }
    if store.config.protected_mode && store.config.requirepass.is_empty() && !is_local(peer) {
        // Redis counts these as received connections, then drops them.
        store.stats.total_connections_received += 1;
        return Err(Refusal::ProtectedMode);
    }
    Ok(())
}

/// Redis's reply to a non-local peer in protected mode, word for word.
const PROTECTED_MODE_DENIED: &[u8] = b"-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

/// Whether a peer counts as local for protected mode: a loopback address
/// (IPv4-mapped ones included), or no address at all (a local socket).
fn is_local(peer: Option<IpAddr>) -> bool {
    match peer {
        None => true,
        Some(IpAddr::V4(v4)) => v4.is_loopback(),
        Some(IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}
