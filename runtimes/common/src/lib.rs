//! # miniredis-runtime-common
//!
//! Everything the miniRedis adapter binaries share, written without any
//! async runtime, so each binary is left with what genuinely differs: an
//! implementation of [`Runtime`] (bind, accept, spawn, sleep, readiness)
//! and a one-line `main` calling [`main`].
//!
//! - [`server`]: the accept loop, start-up and the [`Runtime`] trait;
//! - [`shared`]: the core behind one lock, event delivery, the timer task;
//! - [`connection`]: one client's task (read → core → write);
//! - [`read_policy`]: when a connection reads straight away or waits;
//! - [`mailbox`]: how events reach a connection task;
//! - [`shutdown`]: the stop signal and the drain of replies in flight;
//! - [`group_commit`]: `appendfsync always`, one fsync for many inputs;
//! - [`persist`]: snapshot files (temporary file, fsync, rename), loaded
//!   at start, written by a thread of their own;
//! - [`aof`]: the append-only file; [`disk`]: the file operations both
//!   use, behind a trait the crash simulation replaces;
//! - [`loading`]: the snapshot's keys loaded in slices at start while
//!   clients already get `-LOADING`;
//! - [`signals`], [`crash`]: SIGTERM/SIGINT, crash-only panics;
//! - [`cli`], [`clock`]: the command line, the clock and seed;
//! - [`cli_checks`]: the command-line tests every binary runs.

pub mod aof;
pub mod cli;
pub mod cli_checks;
pub mod clock;
pub mod connection;
pub mod crash;
#[cfg(test)]
mod crash_simulation;
pub mod disk;
pub mod group_commit;
pub mod loading;
pub mod mailbox;
pub mod persist;
pub mod read_policy;
pub mod server;
pub mod shared;
pub mod shutdown;
pub mod signals;
#[cfg(test)]
mod sim_disk;

pub use cli::Options;
pub use clock::Clock;
pub use server::{announce, exit_cannot_listen, main, serve, AcceptErrors, Runtime};
pub use shared::Shared;
pub use shutdown::SHUTDOWN_GRACE;
