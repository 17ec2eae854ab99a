//! # miniredis-runtime-common
//!
//! Everything the miniRedis adapter binaries share, written without any
//! async runtime so each adapter is left with only what genuinely differs:
//! which `TcpListener` it binds, how it spawns a task and how it sleeps.
//!
//! - [`cli`]: the command line and its environment fallbacks;
//! - [`clock`]: the monotonic clock and seed fed to the core;
//! - [`serve`]: the per-connection loop (generic over the `futures-io`
//!   traits), the tick loop, accept backoff and listen/ready reporting;
//! - [`cli_checks`]: the command-line tests every adapter runs.
//!
//! An adapter's `main` is, in order: [`Options::from_env_or_exit`], bind
//! (reporting failure with [`exit_cannot_listen`]), [`Shared::new`], spawn
//! [`Shared::signal_watcher`], [`announce`], spawn [`Shared::run_ticker`],
//! then accept until [`Shared::stopped`],
//! spawning [`Shared::serve_connection`] per socket and backing off with
//! [`AcceptErrors`] when accept fails; finally drop the listener and
//! [`Shared::drain`] before returning (exit status 0).

pub mod cli;
pub mod cli_checks;
pub mod clock;
pub mod serve;

pub use cli::Options;
pub use clock::Clock;
pub use serve::{
    announce, exit_cannot_listen, AcceptErrors, Shared, SHUTDOWN_GRACE, TICK_INTERVAL,
};
