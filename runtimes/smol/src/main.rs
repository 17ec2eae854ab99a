//! miniRedis served by smol.
//!
//! Only what is specific to smol lives here: binding its listener, spawning
//! tasks on an owned [`Executor`] and sleeping with its [`Timer`]. The
//! command line, clock, connection loop and tick loop are shared with the
//! other adapters in `miniredis-runtime-common`.
//!
//! The executor is single-threaded for now: it is driven only by
//! `smol::block_on` on the main thread. The core is one mutex-guarded state
//! machine, so extra executor threads would mostly contend on that lock;
//! running `executor.run` on more threads is the way to add them should
//! socket IO ever become the bottleneck.

use std::net::TcpListener;
use std::sync::Arc;

use miniredis_runtime_common::{announce, exit_cannot_listen, AcceptErrors, Options, Shared};
use smol::{Async, Executor, Timer};

const BINARY: &str = "miniredis-smol";
const RUNTIME: &str = "smol";

fn main() {
    let options = Options::from_env_or_exit(BINARY);
    let executor = Executor::new();
    smol::block_on(executor.run(serve(&executor, options)));
}

async fn serve(executor: &Executor<'_>, options: Options) {
    let addr = options.addr();
    let listener =
        Async::<TcpListener>::bind(addr).unwrap_or_else(|e| exit_cannot_listen(BINARY, addr, &e));
    let local = listener
        .get_ref()
        .local_addr()
        .unwrap_or_else(|e| exit_cannot_listen(BINARY, addr, &e));
    let shared = Arc::new(Shared::new(BINARY, RUNTIME, &options, local.port()));
    if let Some(watcher) = shared.signal_watcher() {
        executor.spawn(watcher).detach();
    }
    announce(local, RUNTIME);

    let ticker = shared.clone();
    executor
        .spawn(async move { ticker.run_ticker(Timer::after).await })
        .detach();

    let mut errors = AcceptErrors::new(BINARY);
    loop {
        let Some(accepted) = shared.unless_stopped(listener.accept()).await else {
            break;
        };
        match accepted {
            Ok((stream, peer)) => {
                errors.succeeded();
                // Replies are written once per batch already; Nagle would
                // only delay them.
                let _ = stream.get_ref().set_nodelay(true);
                let shared = shared.clone();
                executor
                    .spawn(async move {
                        // `Async` can wait for readability without reading
                        // (see serve_connection_with_readiness).
                        let readable = || stream.readable();
                        shared
                            .serve_connection_with_readiness(
                                &stream,
                                Some(peer.ip()),
                                Timer::after,
                                readable,
                            )
                            .await
                    })
                    .detach();
            }
            Err(e) => {
                Timer::after(errors.failed(&e)).await;
            }
        }
    }
    // Stop accepting, let replies in flight go out; returning from here
    // ends `main` with status 0.
    drop(listener);
    shared.drain(Timer::after).await;
}
