//! The snapshot load at start, in slices, while clients are served (see
//! "Persistence" in core/src/lib.rs): [`crate::persist::load_at_start`]
//! hands the file to the core before the listener accepts, then this
//! thread runs [`miniredis_core::Server::load_step`] until the end, taking
//! the core's lock for one bounded slice at a time, so a client that
//! connects meanwhile gets `-LOADING` (or INFO's progress) instead of
//! waiting for the whole file.
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

use crate::shared::Shared;

/// Pause between two slices, so the connection tasks waiting for the
/// core's lock get it (a mutex is not fair).
const BETWEEN_SLICES: Duration = Duration::from_micros(200);

/// Starts the loading thread if the core has a load running, which runs
/// `ready` once the dataset is in; without a load, runs `ready` at once.
/// `source` is the file, for the messages.
pub fn spawn_loader(
    shared: Arc<Shared>,
    source: String,
    ready: impl FnOnce() + Send + 'static,
) -> io::Result<()> {
    if !shared.with_core(None, |server, _| server.loading()) {
        ready();
        return Ok(());
    }
    std::thread::Builder::new()
        .name("dataset-loader".into())
        .spawn(move || loop {
            match shared.with_core(None, |server, now| server.load_step(now)) {
                None => std::thread::sleep(BETWEEN_SLICES),
                Some(Ok(keys)) => {
                    eprintln!("{}: loaded {keys} keys from {source}", shared.binary());
                    ready();
                    return;
                }
                Some(Err(e)) => {
                    eprintln!("{}: cannot load {source}: {e}", shared.binary());
                    std::process::exit(1);
                }
            }
        })
        .map(|_| ())
}
