//! The shared end-to-end suite, run against the embedded server: the same
//! cases and the same bytes as against the binaries. Some cases wait in
//! real time (a key set with PX 50 is gone after 120 ms, BLPOP 0.1 times
//! out, XREAD BLOCK 100): with the manual clock those 14 of them would wait
//! in vain, so the server follows the system clock here.

use miniredis_conformance::{run_clients, run_hostile, run_suite, Report, Target};
use miniredis_embedded::Server;

fn server() -> Server {
    Server::builder()
        .system_clock()
        // As the binaries are started for the suite (its DEBUG cases).
        .config("enable-debug-command", "yes")
        .start()
        .expect("the embedded server starts")
}

fn check(report: Report) {
    println!("{report}");
    assert!(report.ok(), "{}", report.summary());
}

#[test]
fn raw_protocol_cases() {
    let server = server();
    let mut report = run_suite(server.addr(), Target::MiniRedis);
    report.target = format!("miniredis-embedded at {}", server.addr());
    check(report);
}

#[test]
fn real_clients() {
    let server = server();
    check(run_clients(
        &format!("miniredis-embedded at {}", server.addr()),
        server.addr(),
    ));
}

#[test]
fn hostile_input_and_slow_clients() {
    let server = server();
    check(run_hostile(
        &format!("miniredis-embedded at {}", server.addr()),
        server.addr(),
    ));
}
