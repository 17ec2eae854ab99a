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

/// The multi-connection steps can fail: deliberately wrong cases, each
/// of which must fail at the step named, against the real server.
#[test]
fn multi_connection_steps_catch_mistakes() {
    use miniredis_conformance::case::Case;
    use miniredis_conformance::runner::run_cases;

    let Some(server) = redis_server() else {
        return;
    };
    let wrong = [
        (
            Case::new("a reply arrives where silence was expected")
                .on("a")
                .send(&["PING"])
                .silent_ms(50),
            "step 3 on a",
        ),
        (
            Case::new("a blocked client is served in the wrong order")
                .on("a")
                .send(&["BLPOP", "self:q", "0"])
                .silent_ms(100)
                .on("b")
                .send(&["BLPOP", "self:q", "0"])
                .silent_ms(100)
                .on("c")
                .cmd(&["RPUSH", "self:q", "x", "y"], ":2\r\n")
                .on("b")
                .receive("*2\r\n$6\r\nself:q\r\n$1\r\nx\r\n"),
            "step 10 on b",
        ),
        (
            Case::new("nothing to receive").on("b").receive("+PONG\r\n"),
            "step 2 on b",
        ),
        (
            Case::new("the server does not close")
                .on("b")
                .cmd(&["PING"], "+PONG\r\n")
                .server_closes(),
            "step 3 on b",
        ),
        (
            Case::new("an unread reply on another connection")
                .on("a")
                .cmd(&["PING"], "+PONG\r\n")
                .on("b")
                .send(&["ECHO", "left"]),
            "trailing PING on b",
        ),
        (
            Case::new("a client left blocked")
                .on("b")
                .send(&["BLPOP", "self:never", "0"]),
            "trailing PING on b",
        ),
        (
            Case::new("a value never remembered")
                .cmd_with(&["CLIENT", "KILL", "ID", "{x}"], ":1\r\n"),
            "step 1",
        ),
    ];
    let cases: Vec<Case> = wrong.iter().map(|(c, _)| c.clone()).collect();
    let report = run_cases("redis-server", server.addr(), Target::RealRedis, &cases);
    println!("{report}");
    assert!(report.passed.is_empty(), "passed: {:?}", report.passed);
    for ((case, place), failure) in wrong.iter().zip(&report.failures) {
        assert_eq!(failure.name, case.name);
        assert!(
            failure.place.starts_with(place),
            "{}: failed at {:?}, expected {place:?}",
            case.name,
            failure.place
        );
    }
    assert_eq!(report.failures.len(), wrong.len());
}
