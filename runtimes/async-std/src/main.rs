//! miniRedis served by async-std.
//!
//! Only what is specific to async-std lives here: binding its listener,
//! spawning tasks on its global executor and sleeping with `task::sleep`.
//! The command line, clock, connection loop and tick loop are shared with
//! the other adapters in `miniredis-runtime-common`.
//!
//! async-std is no longer developed upstream; this adapter is kept small
//! and isolated so it can be dropped without touching anything else.

use std::sync::Arc;

use async_std::net::TcpListener;
use async_std::task;
use miniredis_runtime_common::{announce, exit_cannot_listen, AcceptErrors, Options, Shared};

const BINARY: &str = "miniredis-async-std";
const RUNTIME: &str = "async-std";

fn main() {
    let options = Options::from_env_or_exit(BINARY);
    task::block_on(serve(options));
}

async fn serve(options: Options) {
    let addr = options.addr();
    let listener = TcpListener::bind(addr)
        .await
        .unwrap_or_else(|e| exit_cannot_listen(BINARY, addr, &e));
    let local = listener
        .local_addr()
        .unwrap_or_else(|e| exit_cannot_listen(BINARY, addr, &e));
    let shared = Arc::new(Shared::new(BINARY, RUNTIME, &options, local.port()));
    if let Some(watcher) = shared.signal_watcher() {
        task::spawn(watcher);
    }
    announce(local, RUNTIME);

    let ticker = shared.clone();
    task::spawn(async move { ticker.run_ticker(task::sleep).await });

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
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                task::spawn(async move {
                    shared
                        .serve_connection(stream, Some(peer.ip()), task::sleep)
                        .await
                });
            }
            Err(e) => task::sleep(errors.failed(&e)).await,
        }
    }
    // Stop accepting, let replies in flight go out; returning from here
    // ends `main` with status 0.
    drop(listener);
    shared.drain(task::sleep).await;
}
