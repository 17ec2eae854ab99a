//! SIGTERM and SIGINT stop the server gracefully: the core saves a final
//! snapshot first when save points are set, and stays up if that fails
//! (as Redis does); a later signal tries again.

use std::future::Future;
use std::sync::Arc;

use futures_lite::StreamExt;

use crate::shared::Shared;

/// Registers SIGTERM and SIGINT and returns the task that requests a stop
/// when one arrives; `None` (said on stderr) when they cannot be watched.
/// Called before the server announces itself, so a signal sent as soon as
/// it is listening is not lost.
pub fn watcher(shared: Arc<Shared>) -> Option<impl Future<Output = ()> + Send + 'static> {
    let signals =
        async_signal::Signals::new([async_signal::Signal::Term, async_signal::Signal::Int]);
    let mut signals = match signals {
        Ok(signals) => signals,
        Err(e) => {
            eprintln!("{}: cannot watch SIGTERM/SIGINT: {e}", shared.binary());
            return None;
        }
    };
    Some(async move {
        while let Some(signal) = signals.next().await {
            if let Ok(signal) = signal {
                eprintln!("{}: received {signal:?}, shutting down", shared.binary());
            }
            shared.with_core(None, |server, now| server.shutdown_requested(now));
        }
        shared.shutdown.request();
    })
}
