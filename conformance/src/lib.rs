//! End-to-end conformance suite for miniRedis.
//!
//! The same cases run against each miniRedis binary and against a real
//! redis-server, whose reply bytes are the specification:
//!
//! - [`harness`] starts a server on a free port and kills it on drop;
//! - [`client`] sends exact bytes and reads replies with bounded waits;
//! - [`case`] and [`cases`] describe what to send and what must come back;
//! - [`runner::run_suite`] runs every case on a fresh connection and
//!   reports every failure;
//! - [`clients`] drives real clients (the `redis` crate, redis-cli,
//!   redis-benchmark) against the same server.

pub mod case;
pub mod cases;
pub mod client;
pub mod clients;
pub mod escape;
pub mod harness;
pub mod hostile;
pub mod report;
pub mod resp;
pub mod runner;
pub mod shapes;
pub mod twemproxy;

pub use clients::run_clients;
pub use harness::{in_ci, Server, Target};
pub use hostile::run_hostile;
pub use report::{Failure, Report};
pub use runner::run_suite;

/// Starts `binary`, runs every case against it, prints the report and
/// panics if anything failed or the server died.
pub fn assert_binary_passes_suite(binary: &str) {
    let mut server = start(binary);
    let mut report = run_suite(server.addr(), Target::MiniRedis);
    report.target = format!("{} at {}", server.label(), server.addr());
    finish(&mut server, report);
}

/// Starts `binary`, runs the real-client checks against it, prints the
/// report and panics if anything failed or the server died.
pub fn assert_binary_passes_clients(binary: &str) {
    let mut server = start(binary);
    let label = format!("{} at {}", server.label(), server.addr());
    let report = run_clients(&label, server.addr());
    finish(&mut server, report);
}

/// Starts `binary`, runs the hostile-input checks against it, prints the
/// report and panics if anything failed or the server died.
pub fn assert_binary_passes_hostile(binary: &str) {
    let mut server = start(binary);
    let label = format!("{} at {}", server.label(), server.addr());
    let report = run_hostile(&label, server.addr());
    finish(&mut server, report);
}

/// Starts two servers from `binary` behind twemproxy, runs the sharding
/// checks through it, prints the report and panics if anything failed.
pub fn assert_binary_works_behind_twemproxy(binary: &str) {
    let report = twemproxy::run_twemproxy(binary, || start(binary));
    println!("{report}");
    assert!(report.ok(), "{}", report.summary());
}

fn start(binary: &str) -> Server {
    Server::start_binary(binary, &[]).unwrap_or_else(|e| panic!("cannot start the server: {e}"))
}

fn finish(server: &mut Server, mut report: Report) {
    if !server.is_running() {
        report.failures.push(Failure {
            name: "server process".into(),
            place: "after the run".into(),
            sent: Vec::new(),
            expected: "still running".into(),
            got: format!("exited\n{}", server.output()),
        });
    }
    println!("{report}");
    assert!(report.ok(), "{}", report.summary());
}
