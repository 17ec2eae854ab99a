//! CLIENT PAUSE in the engine: the dispatcher holds a paused command
//! ([`holds`]): the client's decoder gives the command back
//! (`Decoder::rewind`), so it waits first in line with the input after it,
//! and the client takes no more input until the pause ends. When it ends
//! (CLIENT UNPAUSE, or its time passed: checked at every command and by
//! the timer), the held clients run again, in the order they were held,
//! each through its whole input. See store/pause.rs for the semantics.

use std::collections::VecDeque;

use super::Server;
use crate::commands::{flags, Command, Ctx};
use crate::store::PauseMode;

/// Whether the command must wait for the pause to end; if so, the client
/// is marked and filed as held. MONITOR clients (replicas to Redis) are
/// never held, nor the commands EXEC runs, nor a blocked command served.
#[inline]
pub(super) fn holds(ctx: &mut Ctx, command: &Command, args: &[&[u8]]) -> bool {
    if !ctx.store.pause.is_set() {
        return false;
    }
    let Some(mode) = ctx.store.refresh_pause() else {
        return false;
    };
    let script_writes = crate::commands::functions::script_may_write(ctx.store, command, args);
    let client = &mut *ctx.client;
    if client.monitor || client.in_exec || client.serving.is_some() {
        return false;
    }
    let held = match mode {
        PauseMode::All => true,
        PauseMode::Write => {
            let writes = flags::WRITE | flags::MAY_REPLICATE;
            // EXEC counts as a write when its queue holds one (Redis's
            // processCommand).
            command.has(writes)
                || script_writes
                || (command.name == "exec"
                    && client.multi.as_ref().is_some_and(|t| t.queued_any(writes)))
        }
    };
    if held {
        client.postponed = true;
        ctx.store.pause.hold(client.id);
    }
    held
}

impl Server {
    /// Queues the clients the pause released (in the order they were
    /// held) to run their held command and the input after it.
    pub(super) fn resume_released(&mut self, runnable: &mut VecDeque<u64>) {
        if !self.store.pause.has_released() {
            return;
        }
        for id in self.store.pause.take_released() {
            let Some(session) = self.sessions.get_mut(&id) else {
                continue;
            };
            if std::mem::take(&mut session.client.postponed) && session.is_open() {
                runnable.push_back(id);
            }
        }
    }

    /// At the timer: ends a pause whose time is over and runs the clients
    /// it held.
    pub(super) fn end_pause_if_due(&mut self) {
        self.store.refresh_pause();
        let mut released = VecDeque::new();
        self.resume_released(&mut released);
        for id in released {
            self.drive(id);
        }
    }
}
