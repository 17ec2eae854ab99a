//! The engine's side of [`Peers`]: the view of the other clients a
//! running command gets (CLIENT LIST, CLIENT KILL...).
//!
//! A batch of one client's commands runs with that client's session
//! borrowed from the session table, so its commands cannot see the table.
//! Most never need to: they get an [`crate::commands::OwnOnly`] view. A
//! command flagged `PEERS` (CLIENT LIST, KILL, TRACKING) given that view is
//! sent back before it runs; [`Server::run_commands`] then takes the
//! session out of the table, so that the table holds exactly the *other*
//! clients, and runs the rest of the batch with a [`PeerTable`] over it.
//! Only such batches pay for the move (a hash removal and insertion).
//!
//! A kill is recorded here and carried out by the engine right after the
//! command ([`Server::apply_kills`]); until then the killed client is
//! hidden from the view.

use std::collections::HashMap;

use super::session::Session;
use super::Server;
use crate::commands::peers::Peer;
use crate::commands::{PeerIo, Peers};
use crate::compact::SeededHasher;
use crate::Millis;

/// The other clients, lent to the commands of one client's batch.
pub(super) struct PeerTable<'a> {
    pub sessions: &'a HashMap<u64, Session, SeededHasher>,
    /// Clients killed by a command of the batch, for the engine to close.
    pub kills: &'a mut Vec<u64>,
    /// The running client's figures, taken when its batch began.
    pub own: PeerIo,
}

impl PeerTable<'_> {
    fn visible(&self, id: u64) -> Option<&Session> {
        self.sessions
            .get(&id)
            .filter(|session| session.is_open() && !self.kills.contains(&id))
    }
}

impl Peers for PeerTable<'_> {
    fn ids(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .sessions
            .iter()
            .filter(|(id, session)| session.is_open() && !self.kills.contains(id))
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }

    fn get(&self, id: u64) -> Option<Peer<'_>> {
        let session = self.visible(id)?;
        Some(Peer {
            client: &session.client,
            io: io_of(session),
        })
    }

    fn own_io(&self) -> PeerIo {
        self.own
    }

    fn lent(&self) -> bool {
        true
    }

    fn kill(&mut self, id: u64) -> bool {
        if self.visible(id).is_none() {
            return false;
        }
        self.kills.push(id);
        true
    }

    fn killed_any(&self) -> bool {
        !self.kills.is_empty()
    }
}

/// A session's CLIENT LIST figures (a client not running a command).
fn io_of(session: &Session) -> PeerIo {
    let (query, query_free) = session.decoder.query_buffer();
    let argv = session
        .blocked_command
        .as_ref()
        .map_or(0, |args| args.iter().map(Vec::len).sum());
    PeerIo {
        query,
        query_free,
        argv,
        unwritten: session.unwritten(),
        handed_out: session.handed_out,
        reply_capacity: session.output.capacity(),
        last_input: session.last_input,
    }
}

/// The running client's figures when its batch begins: its query buffer
/// holds the whole batch (Redis trims it only after the batch), its
/// pending replies are added by the command that reports them.
pub(super) fn own_io(session: &Session, now: Millis) -> PeerIo {
    let (query, query_free) = session.decoder.query_buffer();
    PeerIo {
        query,
        query_free,
        argv: 0,
        unwritten: 0,
        handed_out: session.handed_out,
        reply_capacity: 0,
        last_input: now,
    }
}

impl Server {
    /// Closes the clients killed by the last command (CLIENT KILL), at
    /// once and without their unwritten output, as Redis frees them.
    pub(super) fn apply_kills(&mut self) {
        if self.kills.is_empty() {
            return;
        }
        for id in std::mem::take(&mut self.kills) {
            self.close(id, false);
        }
    }
}
