//! Pub/Sub messages reaching their receivers: the engine's side of
//! [`crate::store::PubSub`]. A publish only queues [`Delivery`] values in
//! the store's outbox; here they are written into the receivers' output,
//! each in its receiver's protocol, and the receivers' output limits are
//! applied as for any output (a subscriber that does not read is closed
//! once over its `pubsub` class hard limit, the others go on).
//!
//! Two steps, because a batch of one client's commands runs with that
//! session borrowed from the session table:
//!
//! 1. after each command of the batch, [`deliver_own`] writes the messages
//!    for the running client itself into its output *before* the reply of
//!    the command that published them (as Redis does: a RESP3 client that
//!    publishes to a channel it is subscribed to reads the message, then
//!    PUBLISH's count), and sets the others aside in `pubsub.later`;
//! 2. once the batch ends (a batch also ends after a command that made
//!    keys ready for blocked clients), [`Server::route_deliveries`] writes
//!    those, and anything else left in the outbox, into the other
//!    sessions, before any blocked client is served.
//!
//! No other client runs, and no other output is written, in between, so
//! the receivers cannot tell the difference from Redis's writing each
//! message at once (a blocked subscriber reads a message published before
//! the push that serves it first).

use super::session::Session;
use super::Server;
use crate::protocol::{Protocol, ReplyWriter};
use crate::store::{Delivery, Store};

/// After a command of the running client's batch: its own messages go into
/// its output at `reply_start` (where the command's reply begins); the
/// others wait in `pubsub.later` for [`Server::route_deliveries`].
#[inline]
pub(super) fn deliver_own(store: &mut Store, session: &mut Session, reply_start: usize) {
    if !store.pubsub.outbox.is_empty() {
        deliver_own_messages(store, session, reply_start);
    }
}

#[cold]
fn deliver_own_messages(store: &mut Store, session: &mut Session, reply_start: usize) {
    let pubsub = &mut store.pubsub;
    let id = session.client.id;
    let mut own = Vec::new();
    for delivery in pubsub.outbox.drain(..) {
        if delivery.target == id {
            delivery.write(&mut ReplyWriter::new(&mut own, session.client.protocol));
        } else {
            pubsub.later.push(delivery);
        }
    }
    if !own.is_empty() {
        let at = reply_start.min(session.output.len());
        session.output.splice(at..at, own);
    }
}

/// The bytes of the last message written, and which message in which
/// protocol they are.
#[derive(Default)]
struct Encoded {
    of: Option<Delivery>,
    protocol: Option<Protocol>,
    bytes: Vec<u8>,
}

impl Server {
    /// Writes every waiting message into its receiver's output and applies
    /// that receiver's output limits. Messages for a client that is gone or
    /// closing are dropped (its subscriptions were dropped with it).
    pub(super) fn route_deliveries(&mut self) {
        let pubsub = &mut self.store.pubsub;
        if pubsub.later.is_empty() && pubsub.outbox.is_empty() {
            return;
        }
        let mut waiting = std::mem::take(&mut pubsub.later);
        waiting.append(&mut pubsub.outbox);
        let mut encoded = Encoded::default();
        for delivery in waiting.drain(..) {
            self.deliver(&delivery, &mut encoded);
        }
        // Keeps the capacity for the next batch.
        self.store.pubsub.later = waiting;
    }

    /// Appends one message to its receiver's output, reusing the bytes of
    /// the previous delivery when it was the same message in the same
    /// protocol (a PUBLISH to many subscribers is encoded once, not once
    /// per subscriber).
    fn deliver(&mut self, delivery: &Delivery, encoded: &mut Encoded) {
        let Some(session) = self.sessions.get_mut(&delivery.target) else {
            return;
        };
        if !session.is_open() {
            return;
        }
        let protocol = session.client.protocol;
        let reusable = encoded.protocol == Some(protocol)
            && encoded
                .of
                .as_ref()
                .is_some_and(|of| of.same_message(delivery));
        if !reusable {
            encoded.bytes.clear();
            delivery.write(&mut ReplyWriter::new(&mut encoded.bytes, protocol));
            encoded.protocol = Some(protocol);
            encoded.of = Some(delivery.clone());
        }
        session.output.extend_from_slice(&encoded.bytes);
        self.after_output_change(delivery.target);
    }

    /// Redis never closes an idle client with subscriptions, nor a
    /// monitor or a blocked client (`timeout` spares them): when `id` is
    /// one, its idle timer is filed again from now, so it is looked at
    /// once more a timeout later, and this returns true. The record is
    /// then later than its last input, which only delays a close that
    /// Redis would not make anyway.
    pub(super) fn spare_idle_client(&mut self, id: u64) -> bool {
        if !self.store.spared_from_idle_timeout(id) {
            return false;
        }
        let now = self.store.now;
        if let Some(session) = self.sessions.get_mut(&id) {
            self.timers.idle.remove(&(session.idle_since, id));
            session.idle_since = now;
            self.timers.idle.insert((now, id));
        }
        true
    }

    /// Subscriptions belong to open sessions only, and no message is left
    /// waiting between inputs.
    pub(super) fn audit_deliveries(&self) -> Result<(), String> {
        let pubsub = &self.store.pubsub;
        if !pubsub.outbox.is_empty() || !pubsub.later.is_empty() {
            return Err("pubsub: messages left undelivered after an input".into());
        }
        for id in pubsub.subscribed_clients() {
            if !self.sessions.get(&id).is_some_and(Session::is_open) {
                return Err(format!(
                    "pubsub: client {id} subscribed without an open session"
                ));
            }
        }
        Ok(())
    }
}
