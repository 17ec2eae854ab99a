//! Tests of the application code against miniredis-embedded, using only
//! its documented API, from plain `#[test]`s and `#[tokio::test]`s.

use std::time::{Duration, Instant};

use miniredis_embedded::Server;
use miniredis_embedded_example::{next_job, next_job_async, Sessions};

fn wait_until_blocked(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.blocked_clients() == 0 {
        assert!(Instant::now() < deadline, "the BLPOP never arrived");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_session_expires_after_its_ttl() {
    let server = Server::start().unwrap();
    let mut con = redis::Client::open(server.url())
        .unwrap()
        .get_connection()
        .unwrap();
    let sessions = Sessions { ttl_secs: 1800 };
    sessions.login(&mut con, "ada", "t0k3n").unwrap();
    assert_eq!(server.ttl("session:ada"), Some(Duration::from_secs(1800)));

    server.fast_forward(Duration::from_secs(1799));
    assert_eq!(
        sessions.token(&mut con, "ada").unwrap().as_deref(),
        Some("t0k3n")
    );
    server.fast_forward(Duration::from_secs(1));
    assert_eq!(sessions.token(&mut con, "ada").unwrap(), None);
    assert!(!server.exists("session:ada"));
}

#[test]
fn waiting_for_a_job_times_out_without_real_waiting() {
    let server = Server::start().unwrap();
    let mut con = redis::Client::open(server.url())
        .unwrap()
        .get_connection()
        .unwrap();
    let started = Instant::now();
    let worker = std::thread::spawn(move || next_job(&mut con, 30).unwrap());
    wait_until_blocked(&server);
    server.fast_forward(Duration::from_secs(30));
    assert_eq!(worker.join().unwrap(), None);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_seeded_job_is_taken_and_the_queue_checked_directly() {
    let server = Server::start().unwrap();
    server.exec(["RPUSH", "jobs", "first", "second"]);
    let mut con = redis::Client::open(server.url())
        .unwrap()
        .get_connection()
        .unwrap();
    // Counts only what clients send (the redis crate's connection set-up
    // included), not the seeding above.
    let before = server.command_count();
    assert_eq!(next_job(&mut con, 1).unwrap().as_deref(), Some("first"));
    assert_eq!(server.command_count() - before, 1);
    assert_eq!(server.lrange("jobs", 0, -1), ["second"]);
}

#[tokio::test]
async fn async_session_expiry_and_direct_access() {
    let server = Server::start().unwrap();
    let client = redis::Client::open(server.url()).unwrap();
    let mut con = client.get_multiplexed_async_connection().await.unwrap();
    let () = redis::AsyncCommands::set_ex(&mut con, "session:bob", "x", 60)
        .await
        .unwrap();
    server.fast_forward(Duration::from_secs(60));
    let token: Option<String> = redis::AsyncCommands::get(&mut con, "session:bob")
        .await
        .unwrap();
    assert_eq!(token, None);
    server.db(2).set("elsewhere", "1");
    assert_eq!(server.db(2).keys(), ["elsewhere"]);
    assert!(server.keys().is_empty());
}

#[tokio::test]
async fn async_wait_for_a_job_times_out_on_fast_forward() {
    let server = Server::start().unwrap();
    let client = redis::Client::open(server.url()).unwrap();
    let mut con = client.get_multiplexed_async_connection().await.unwrap();
    let worker = tokio::spawn(async move { next_job_async(&mut con, 10).await.unwrap() });
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.blocked_clients() == 0 {
        assert!(Instant::now() < deadline, "the BLPOP never arrived");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.fast_forward(Duration::from_secs(10));
    assert_eq!(worker.await.unwrap(), None);
}
