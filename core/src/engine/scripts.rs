//! The engine's side of a script that runs across calls (the VM and the
//! slices are in crate::scripting; the busy state in store/scripts.rs):
//!
//! - while it runs, every other client's input waits, as a blocked
//!   client's does ([`holds`]), until `busy-reply-threshold` has passed
//!   since it started; from then on their commands run and the dispatcher
//!   answers `-BUSY` to all but `allow-busy` ones (SCRIPT KILL, SHUTDOWN
//!   NOSAVE, ...);
//! - [`Server::next_timeout`] is `now` (due at once) and each
//!   [`Server::handle_timeout`] runs one slice and nothing else (no
//!   expiry, no blocked client served: the script is atomic);
//! - when it ends, its reply is in the caller's output, and the caller's
//!   later input and the held clients run, as after a served blocked
//!   client, with the keys it made ready served then.

use std::collections::VecDeque;

use super::{dispatch, peers, Server};
use crate::commands::OwnOnly;
use crate::scripting::Outcome;
use crate::store::Store;

/// Whether the client's input must wait for the running script: always
/// the caller's; another client's until the busy threshold (it is filed
/// to run when the script ends or the threshold passes).
pub(super) fn holds(store: &mut Store, id: u64) -> bool {
    let Some(busy) = store.scripts.busy else {
        return false;
    };
    if busy.caller == id {
        return true;
    }
    if store.now.saturating_sub(busy.started) >= store.config.busy_reply_threshold_ms {
        return false;
    }
    if !store.scripts.held.contains(&id) {
        store.scripts.held.push(id);
    }
    true
}

impl Server {
    /// Runs one slice of the running script (see the module docs).
    pub(super) fn run_script_slice(&mut self) {
        let Some(caller) = self.scripting.caller() else {
            return;
        };
        let now = self.store.now;
        let outcome = match self.sessions.get_mut(&caller) {
            Some(session) => {
                let mut own_only = OwnOnly {
                    own: peers::own_io(session, now),
                };
                self.scripting.resume(
                    &mut self.store,
                    &mut session.output,
                    &mut own_only,
                    dispatch::NESTED,
                )
            }
            // The caller left: the script still runs to its end, as in
            // Redis, and its reply goes nowhere.
            None => self.scripting.resume(
                &mut self.store,
                &mut Vec::new(),
                &mut OwnOnly::default(),
                dispatch::NESTED,
            ),
        };
        match outcome {
            Outcome::Done => {
                self.store.publish_notifications();
                self.after_output_change(caller);
                let mut runnable = VecDeque::from([caller]);
                runnable.extend(std::mem::take(&mut self.store.scripts.held));
                self.drive_all(runnable);
                self.store.note_peak_memory();
            }
            Outcome::Running => {
                let threshold = self.store.config.busy_reply_threshold_ms;
                let over = self
                    .store
                    .scripts
                    .busy
                    .is_some_and(|busy| now.saturating_sub(busy.started) >= threshold);
                if over && !self.store.scripts.held.is_empty() {
                    let held = std::mem::take(&mut self.store.scripts.held);
                    self.drive_all(held.into());
                }
            }
        }
    }
}
