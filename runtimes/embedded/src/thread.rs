//! The server's own thread: a smol executor running the accept loop, one
//! task per socket and the timer task, until the `Server` handle is
//! dropped (or SHUTDOWN runs). Nothing is shared with other servers in the
//! process but smol's reactor, which only waits for socket readiness.

use std::net::TcpListener;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use futures_lite::future;
use smol::{Async, LocalExecutor, Timer};

use crate::connection::serve;
use crate::shared::Shared;

/// The longest the timer task of a system clock sleeps without looking.
const LONGEST_SLEEP: Duration = Duration::from_secs(1);

/// Serves `listener` until the stop signal; returns once every task is
/// dropped and every socket, the listener included, is closed.
pub(crate) fn run(shared: Arc<Shared>, listener: Async<TcpListener>) {
    let executor = LocalExecutor::new();
    executor.spawn(timer(shared.clone())).detach();
    let accept = async {
        loop {
            match listener.accept().await {
                Ok((stream, peer)) => {
                    let _ = stream.get_ref().set_nodelay(true);
                    executor.spawn(serve(shared.clone(), stream, peer)).detach();
                }
                // Out of file descriptors and the like: try again shortly
                // rather than spin.
                Err(_) => {
                    Timer::after(Duration::from_millis(10)).await;
                }
            }
        }
    };
    let stopped = async {
        let _ = shared.stop.1.recv().await;
    };
    smol::block_on(executor.run(future::or(stopped, accept)));
    // Dropping the executor drops every task and so closes every socket;
    // the listener goes with this function.
    drop(executor);
}

/// Runs the core's timeouts as they come. With a system clock it sleeps
/// until the core's next timeout; with a manual clock time moves only in
/// `fast_forward` (which runs what is due itself), so the task only frees
/// what the lazy-free queue holds, a slice at a time.
async fn timer(shared: Arc<Shared>) {
    loop {
        let (delay, planned) = shared.with_core(|core, now| {
            let real_time = core.clock.follows_real_time();
            if real_time {
                core.run_due();
            } else if core.server.lazy_free_pending() > 0 {
                core.server.handle_timeout(now);
            }
            let next = core.server.next_timeout();
            let delay = if real_time {
                let ms = next.map_or(LONGEST_SLEEP.as_millis() as u64, |at| {
                    at.saturating_sub(now).max(1)
                });
                Some(Duration::from_millis(ms).min(LONGEST_SLEEP))
            } else if core.server.lazy_free_pending() > 0 {
                Some(Duration::ZERO)
            } else {
                None
            };
            let planned = match delay {
                Some(d) => now.saturating_add(d.as_millis() as u64),
                None => next.unwrap_or(u64::MAX),
            };
            (delay, planned)
        });
        shared.timer_planned.store(planned, Ordering::Release);
        match delay {
            Some(Duration::ZERO) => future::yield_now().await,
            Some(delay) => {
                future::or(
                    async {
                        Timer::after(delay).await;
                    },
                    shared.timer.notified(),
                )
                .await
            }
            None => shared.timer.notified().await,
        }
    }
}
