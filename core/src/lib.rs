//! # miniredis-core
//!
//! The whole miniRedis server as a pure state machine: no sockets, no
//! threads, no async, no OS clock. A runtime adapter owns the IO and drives a
//! [`Server`] with bytes and clock values; the server answers with reply bytes
//! and tells the adapter when it next wants to be woken.
//!
//! ## Driving contract
//!
//! Time is a plain `u64` of milliseconds ([`Millis`]) on the caller's
//! monotonic clock. Every call that takes `now` expects a value no smaller
//! than the one before; a smaller value is treated as the largest seen so
//! far (time never goes backwards inside the core). Wall-clock commands
//! (`SET ... EXAT`, `PXAT`) convert through [`Config::unix_time_at_zero_ms`],
//! the Unix time in milliseconds that corresponds to `now == 0`.
//!
//! 1. Create one [`Server`] with [`Server::new`]. It is shared by every
//!    connection; the adapter serialises access (for example with a mutex)
//!    but must not hold that lock across socket IO.
//! 2. For each accepted socket call [`Server::accept`] with the peer's
//!    address; it returns the [`Connection`] the adapter keeps for that
//!    socket (the per-client state: its partial input, protocol version,
//!    selected database, name), or a [`Refusal`] whose reply bytes the
//!    adapter writes before closing the socket (`maxclients` reached,
//!    protected mode). [`Server::connect`] admits without those checks.
//! 3. For every chunk of bytes read from the socket call [`Server::handle`]
//!    with that connection, the bytes and `now`. It parses every complete
//!    command in the input (keeping any partial command for the next call),
//!    executes them in order and appends all their replies to `out`. The
//!    adapter writes `out` to the socket in one write, then:
//!    - [`Outcome::Continue`]: keep reading;
//!    - [`Outcome::Close`]: write `out` first, then close the socket
//!      (`QUIT`, or a protocol error whose error reply is in `out`).
//!
//!    `handle` counts everything in `out` as replies not yet written, so
//!    `out` should hold only those. While writing `out`, the adapter
//!    reports how many of its bytes are still unwritten with
//!    [`Server::output_pending`]: after any write that leaves part of it
//!    unwritten, at least every [`TICK_INTERVAL_MS`] while a write is
//!    blocked (a client that does not read), and with 0 once everything is
//!    written if it reported anything before. When `handle` or
//!    `output_pending` finds the client over `client-output-buffer-limit`
//!    it answers [`Outcome::Close`] (`handle` has then taken the offending
//!    replies out of `out`), and the adapter closes the socket without
//!    writing the rest. (An adapter reads nothing more from a client while
//!    its write is blocked, so a client's unwritten replies are at most
//!    what one read's worth of commands produced; unlike Redis, it never
//!    holds more for a client that keeps sending without reading.)
//!
//!    While waiting for input, the adapter also waits for
//!    [`Server::idle_deadline`]; when it comes and
//!    [`Server::idle_expired`] says so, it closes the socket (`timeout`).
//! 4. When the socket closes (either side), call [`Server::disconnect`].
//! 5. Call [`Server::tick`] periodically (about every 100 ms) and whenever
//!    the time returned by [`Server::next_wakeup`] has come. A tick runs
//!    the active expiry cycle with a bounded budget and returns the next
//!    wakeup, always strictly later than `now` (or `None` when nothing is
//!    scheduled), so an adapter can never busy-loop on it.
//!
//! Every call does work bounded by its input: `handle` by the bytes passed
//! in, `tick` by a fixed key budget.

// No panicking shortcuts on the paths input reaches; modules that index into
// client bytes deny indexing too (decoder, inline splitting, glob). Command
// handlers index `args` only at positions the dispatcher's arity check
// guarantees (see commands/mod.rs).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod commands;
mod compact;
mod config;
mod eviction;
mod glob;
mod info;
mod keyspace;
pub mod protocol;
mod server;

pub use config::{parse_memory, Config, EvictionPolicy, OutputBufferLimit, OutputBufferLimits};
pub use server::{Connection, Outcome, Refusal, Server, EXPIRE_BUDGET_PER_TICK, TICK_INTERVAL_MS};

/// Milliseconds on the caller's monotonic clock.
pub type Millis = u64;
