//! The same promises from `#[tokio::test]`s with the `redis` crate's async
//! connection: the server runs on its own thread, so it does not care which
//! runtime the test uses.

use std::time::{Duration, Instant};

use miniredis_embedded::Server;
use redis::AsyncCommands;

async fn connect(server: &Server) -> redis::aio::MultiplexedConnection {
    redis::Client::open(server.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

/// Waits until `n` clients are blocked, without blocking the runtime.
async fn wait_blocked(server: &Server, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.blocked_clients() != n {
        assert!(Instant::now() < deadline, "never {n} blocked clients");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[tokio::test]
async fn a_key_set_with_ex_10_expires_after_fast_forward() {
    let server = Server::start().unwrap();
    let mut con = connect(&server).await;
    let () = con.set_ex("k", "v", 10).await.unwrap();
    server.fast_forward(Duration::from_secs(9));
    assert_eq!(
        con.get::<_, Option<String>>("k").await.unwrap().as_deref(),
        Some("v")
    );
    server.fast_forward(Duration::from_secs(1));
    assert_eq!(con.get::<_, Option<String>>("k").await.unwrap(), None);
    assert!(server.keys().is_empty());
}

#[tokio::test]
async fn blpop_times_out_on_fast_forward_in_a_single_threaded_runtime() {
    let server = Server::start().unwrap();
    let mut con = connect(&server).await;
    let started = Instant::now();
    let blpop = tokio::spawn(async move {
        let popped: Option<(String, String)> = redis::cmd("BLPOP")
            .arg("queue")
            .arg(5)
            .query_async(&mut con)
            .await
            .unwrap();
        popped
    });
    wait_blocked(&server, 1).await;
    server.fast_forward(Duration::from_secs(5));
    assert_eq!(blpop.await.unwrap(), None);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_access_sees_what_an_async_client_wrote() {
    let server = Server::start().unwrap();
    let mut con = connect(&server).await;
    let () = con.hset("user:1", "name", "ada").await.unwrap();
    let () = con
        .rpush("jobs", &["a", "b"])
        .await
        .map(|_: i64| ())
        .unwrap();
    assert_eq!(server.hgetall("user:1")["name"], "ada");
    assert_eq!(server.lrange("jobs", 0, -1), ["a", "b"]);
    server.set("seeded", "1");
    assert_eq!(con.get::<_, String>("seeded").await.unwrap(), "1");
}
