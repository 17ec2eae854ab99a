//! Proves the suite's expected bytes: every case and every real-client
//! check must pass against a real redis-server.

use miniredis_conformance::{in_ci, run_clients, run_hostile, run_suite, Server, Target};

/// A fresh redis-server, or None (with a notice) when it is not installed.
/// Under CI a missing redis-server is a failure.
fn redis_server() -> Option<Server> {
    match Server::start_redis_server() {
        Ok(Some(server)) => Some(server),
        Ok(None) if in_ci() => panic!("redis-server is not installed, and CI is set"),
        Ok(None) => {
            eprintln!("NOTICE: redis-server not found in PATH; skipping the against-redis run");
            None
        }
        Err(e) => panic!("cannot start redis-server: {e}"),
    }
}

#[test]
fn every_case_matches_redis_server() {
    let Some(mut server) = redis_server() else {
        return;
    };
    let report = run_suite(server.addr(), Target::RealRedis);
    println!("{report}");
    for (name, why) in &report.skipped {
        eprintln!("NOTICE: skipped against redis-server: {name} ({why})");
    }
    assert!(
        server.is_running(),
        "redis-server died:\n{}",
        server.output()
    );
    assert!(report.ok(), "{}", report.summary());
}

#[test]
fn real_clients_work_against_redis_server() {
    let Some(server) = redis_server() else {
        return;
    };
    let report = run_clients("redis-server", server.addr());
    println!("{report}");
    assert!(report.ok(), "{}", report.summary());
}

#[test]
fn hostile_checks_match_redis_server() {
    let Some(mut server) = redis_server() else {
        return;
    };
    let report = run_hostile("redis-server", server.addr());
    println!("{report}");
    assert!(
        server.is_running(),
        "redis-server died:\n{}",
        server.output()
    );
    assert!(report.ok(), "{}", report.summary());
}

#[test]
fn twemproxy_checks_match_redis_servers() {
    if redis_server().is_none() {
        return;
    }
    let start = || {
        Server::start_redis_server()
            .ok()
            .flatten()
            .expect("redis-server starts")
    };
    let report = miniredis_conformance::twemproxy::run_twemproxy("redis-server", start);
    println!("{report}");
    assert!(report.ok(), "{}", report.summary());
}
