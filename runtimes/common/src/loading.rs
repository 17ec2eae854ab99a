//! The dataset load at start, in slices, while clients are served (see
//! "Loading at start" in core/src/lib.rs): the snapshot file
//! ([`crate::persist::load_at_start`]) or, with `appendonly yes`, the AOF
//! ([`crate::persist::load_aof_at_start`]) is handed to the core before
//! the listener accepts, then this thread runs
//! [`miniredis_core::Server::load_step`] until the end, taking the core's
//! lock for one bounded slice at a time, so a client that connects
//! meanwhile gets `-LOADING` (or INFO's progress) instead of waiting for
//! the whole dataset.
//!
//! What follows the load (for an AOF: cutting a torn tail, opening it for
//! appending, turning the write log on) runs under the same lock as the
//! last slice, so no client sees the dataset before it is done: a write
//! right after the load is logged.
//!
//! The listening line (the readiness signal supervisors and tests wait
//! for) is printed once the dataset is in, as Redis logs "Ready to accept
//! connections" after its load: a client that connects earlier, the port
//! being open, gets `-LOADING`.
//!
//! A file whose header is bad is refused before any client is accepted; a
//! file that turns out corrupt further on stops the server with the
//! message and status 1, as a failed load at start does in Redis, the
//! clients connected meanwhile never having seen any of its data.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use miniredis_core::{Loaded, Millis, Server};

use crate::shared::Shared;

/// Pause between two slices, so the connection tasks waiting for the
/// core's lock get it (a mutex is not fair).
const BETWEEN_SLICES: Duration = Duration::from_micros(200);

/// Starts the loading thread if the core has a load running. `finish`
/// runs under the core's lock with the last slice, given how the load
/// ended; its `Err` is the message to exit with (status 1). Then `ready`
/// runs. Without a load, runs `ready` at once.
pub fn spawn_loader(
    shared: Arc<Shared>,
    finish: impl FnOnce(&mut Server, Millis, Result<Loaded, String>) -> Result<(), String>
        + Send
        + 'static,
    ready: impl FnOnce() + Send + 'static,
) -> io::Result<()> {
    if !shared.with_core(None, |server, _| server.loading()) {
        ready();
        return Ok(());
    }
    std::thread::Builder::new()
        .name("dataset-loader".into())
        .spawn(move || {
            let mut finish = Some(finish);
            loop {
                let ended = shared.with_core(None, |server, now| {
                    let ended = server.load_step(now)?;
                    let finish = finish.take()?;
                    Some(finish(server, now, ended))
                });
                match ended {
                    None => std::thread::sleep(BETWEEN_SLICES),
                    Some(Ok(())) => {
                        ready();
                        return;
                    }
                    Some(Err(message)) => {
                        eprintln!("{}: {message}", shared.binary());
                        std::process::exit(1);
                    }
                }
            }
        })
        .map(|_| ())
}
