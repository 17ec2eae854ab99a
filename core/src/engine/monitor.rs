//! MONITOR's lines reaching the monitors: the dispatcher files each
//! shown command's line in the store (engine/after_command.rs); after the
//! batch of commands that produced them, the engine appends them to every
//! monitor's output but the client that ran them (which got its own
//! already), and applies that monitor's output limits. A monitor under
//! CLIENT REPLY OFF gets nothing.

use super::Server;
use crate::commands::{monitor, Ctx, ScriptJob};

/// EVAL and FCALL (flagged `skip-monitor`, so not shown after they ran)
/// reach the monitors before the script runs, so their line comes before
/// those of the commands the script calls, as in Redis.
pub(super) fn feed_script_call(ctx: &mut Ctx, job: &ScriptJob, args: &[&[u8]]) {
    if ctx.store.monitors.is_empty()
        || !matches!(job, ScriptJob::Eval { .. } | ScriptJob::Fcall { .. })
    {
        return;
    }
    let mut line = Vec::with_capacity(64);
    monitor::write_line(
        &mut line,
        ctx.store.unix_now_ms(),
        ctx.client.db,
        ctx.client.peer,
        args,
        0,
    );
    ctx.store.monitors.feed(ctx.client.id, &line);
}

impl Server {
    /// Hands the waiting MONITOR lines to the monitors.
    pub(super) fn route_monitor_lines(&mut self) {
        if !self.store.monitors.has_lines() {
            return;
        }
        // A monitor over its output limit is closed on the way, which
        // takes it out of the list: walk a copy.
        let monitors = self.store.monitors.clients().to_vec();
        for id in monitors {
            let Some(session) = self.sessions.get_mut(&id) else {
                continue;
            };
            if !session.is_open() || session.client.reply.is_off() {
                continue;
            }
            self.store.monitors.lines_for(id, &mut session.output);
            self.after_output_change(id);
        }
        self.store.monitors.clear_lines();
    }
}
