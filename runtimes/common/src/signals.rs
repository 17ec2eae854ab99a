//! SIGTERM and SIGINT stop the server gracefully.

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
        if let Some(Ok(signal)) = signals.next().await {
            eprintln!("{}: received {signal:?}, shutting down", shared.binary());
        }
        shared.shutdown.request();
    })
}
