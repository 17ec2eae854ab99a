//! End-to-end conformance suite for miniRedis.
//!
//! - [`harness`] starts a server on a free port and kills it on drop;
//! - [`client`] sends exact bytes and reads replies with bounded waits.

pub mod client;
pub mod escape;
pub mod harness;
pub mod resp;

pub use harness::{in_ci, Server, Target};
