//! The crate's promises, proved with the `redis` crate from plain
//! `#[test]`s (and raw sockets where exact bytes matter).

mod support;

use std::io::Read;
use std::net::TcpListener;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use miniredis_embedded::{Reply, Server};
use redis::Commands;
use support::{wait_blocked, Raw};

fn connect(server: &Server) -> redis::Connection {
    redis::Client::open(server.url())
        .unwrap()
        .get_connection()
        .unwrap()
}

#[test]
fn a_key_set_with_ex_10_survives_9_seconds_and_is_gone_after_10() {
    let server = Server::start().unwrap();
    let mut con = connect(&server);
    let () = redis::cmd("SET")
        .arg("k")
        .arg("v")
        .arg("EX")
        .arg(10)
        .query(&mut con)
        .unwrap();
    server.fast_forward(Duration::from_secs(9));
    assert_eq!(
        con.get::<_, Option<String>>("k").unwrap().as_deref(),
        Some("v")
    );
    assert_eq!(server.ttl("k"), Some(Duration::from_secs(1)));
    server.fast_forward(Duration::from_secs(1));
    // Removed by the expiry cycle, not only hidden: DBSIZE counts it no more.
    assert_eq!(server.exec(["DBSIZE"]), Reply::Integer(0));
    assert_eq!(con.get::<_, Option<String>>("k").unwrap(), None);
    assert!(!server.exists("k"));
}

#[test]
fn the_manual_clock_stands_still() {
    let server = Server::start().unwrap();
    server.exec(["SET", "k", "v", "PX", "50"]);
    std::thread::sleep(Duration::from_millis(80));
    assert_eq!(server.get("k").as_deref(), Some("v"));
    assert_eq!(server.ttl("k"), Some(Duration::from_millis(50)));
}

#[test]
fn blpop_with_a_5_second_timeout_returns_nil_after_fast_forward_without_waiting() {
    let server = Server::start().unwrap();
    let started = Instant::now();
    let mut con = connect(&server);
    let blpop = std::thread::spawn(move || {
        let popped: Option<(String, String)> = redis::cmd("BLPOP")
            .arg("queue")
            .arg(5)
            .query(&mut con)
            .unwrap();
        popped
    });
    wait_blocked(&server, 1);
    server.fast_forward(Duration::from_millis(4_999));
    assert!(!blpop.is_finished(), "BLPOP answered before its timeout");
    server.fast_forward(Duration::from_millis(1));
    assert_eq!(blpop.join().unwrap(), None);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn fast_forward_returns_after_the_timed_out_reply_is_written() {
    let server = Server::start().unwrap();
    let mut raw = Raw::connect(&server);
    raw.0.write_all_str("BLPOP q 1\r\n");
    wait_blocked(&server, 1);
    server.fast_forward(Duration::from_secs(1));
    raw.0.set_nonblocking(true).unwrap();
    let mut got = [0; 16];
    let n = raw.0.read(&mut got).expect("the reply is already there");
    assert_eq!(&got[..n], b"*-1\r\n");
}

trait WriteStr {
    fn write_all_str(&mut self, s: &str);
}

impl WriteStr for std::net::TcpStream {
    fn write_all_str(&mut self, s: &str) {
        std::io::Write::write_all(self, s.as_bytes()).unwrap();
    }
}

#[test]
fn a_blocked_exec_is_answered_by_a_fast_forward_from_another_thread() {
    let server = Server::start().unwrap();
    std::thread::scope(|scope| {
        let blpop = scope.spawn(|| server.exec(["BLPOP", "q", "2"]));
        wait_blocked(&server, 1);
        server.fast_forward(Duration::from_secs(2));
        assert_eq!(blpop.join().unwrap(), Reply::Nil);
    });
    // And a push serves it like any client.
    std::thread::scope(|scope| {
        let blpop = scope.spawn(|| server.exec(["BLPOP", "q", "0"]));
        wait_blocked(&server, 1);
        let mut con = connect(&server);
        let _: i64 = con.rpush("q", "job").unwrap();
        assert_eq!(
            blpop.join().unwrap(),
            Reply::Array(vec![
                Reply::Bulk(b"q".to_vec()),
                Reply::Bulk(b"job".to_vec())
            ])
        );
    });
}

#[test]
fn expiry_publishes_keyspace_notifications_during_fast_forward() {
    let server = Server::builder()
        .config("notify-keyspace-events", "Ex")
        .start()
        .unwrap();
    let mut subscriber = Raw::connect(&server);
    subscriber.round_trip(
        "SUBSCRIBE __keyevent@0__:expired\r\n",
        "*3\r\n$9\r\nsubscribe\r\n$22\r\n__keyevent@0__:expired\r\n:1\r\n",
    );
    server.exec(["SET", "session", "x", "PX", "1500"]);
    server.fast_forward(Duration::from_millis(1500));
    subscriber.0.set_nonblocking(true).unwrap();
    let mut got = [0; 128];
    let n = subscriber
        .0
        .read(&mut got)
        .expect("published before fast_forward returned");
    assert_eq!(
        String::from_utf8_lossy(&got[..n]),
        "*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$7\r\nsession\r\n"
    );
}

#[test]
fn two_servers_in_one_process_do_not_see_each_others_keys() {
    let a = Server::start().unwrap();
    let b = Server::start().unwrap();
    assert_ne!(a.addr(), b.addr());
    let (mut con_a, mut con_b) = (connect(&a), connect(&b));
    let () = con_a.set("shared-name", "a").unwrap();
    let () = con_b.set("shared-name", "b").unwrap();
    assert_eq!(con_a.get::<_, String>("shared-name").unwrap(), "a");
    assert_eq!(b.get("shared-name").as_deref(), Some("b"));
    a.fast_forward(Duration::from_secs(100));
    b.set("only-b", "1");
    assert_eq!(a.keys(), ["shared-name"]);
    assert_eq!(b.keys(), ["only-b", "shared-name"]);
}

#[test]
fn exec_returns_typed_resp3_replies() {
    let server = Server::start().unwrap();
    assert_eq!(server.exec(["SET", "k", "v"]), Reply::Status("OK".into()));
    assert_eq!(server.exec(["GET", "k"]), Reply::Bulk(b"v".to_vec()));
    assert_eq!(server.exec(["GET", "missing"]), Reply::Nil);
    assert_eq!(
        server.exec(vec![b"INCR".to_vec(), b"n".to_vec()]),
        Reply::Integer(1)
    );
    assert_eq!(server.exec(["HSET", "h", "f", "1"]), Reply::Integer(1));
    assert_eq!(
        server.exec(["HGETALL", "h"]),
        Reply::Map(vec![(
            Reply::Bulk(b"f".to_vec()),
            Reply::Bulk(b"1".to_vec())
        )])
    );
    server.exec(["SADD", "s", "m"]);
    assert_eq!(
        server.exec(["SMEMBERS", "s"]),
        Reply::Set(vec![Reply::Bulk(b"m".to_vec())])
    );
    server.exec(["ZADD", "z", "1.5", "m"]);
    assert_eq!(server.exec(["ZSCORE", "z", "m"]), Reply::Double(1.5));
    assert_eq!(server.exec(["SISMEMBER", "s", "m"]), Reply::Integer(1));
    assert_eq!(
        server.exec(["LPUSH", "k", "x"]),
        Reply::Error("WRONGTYPE Operation against a key holding the wrong kind of value".into())
    );
    assert_eq!(
        server.exec(["NOSUCH"]),
        Reply::Error("ERR unknown command 'NOSUCH', with args beginning with: ".into())
    );
    assert_eq!(
        server.exec(Vec::<&str>::new()),
        Reply::Error("ERR miniredis-embedded: exec needs a command".into())
    );
    // exec's client keeps its state: SELECT holds for the next exec.
    server.exec(["SELECT", "3"]);
    server.exec(["SET", "in3", "x"]);
    assert!(server.db(3).exists("in3"));
    assert!(!server.exists("in3"));
    // QUIT closes it; the next exec gets a new client.
    assert_eq!(server.exec(["QUIT"]), Reply::Status("OK".into()));
    assert_eq!(server.exec(["GET", "in3"]), Reply::Nil);
}

#[test]
fn direct_access_seeds_and_checks_every_type() {
    let server = Server::start().unwrap();
    let mut con = connect(&server);
    server.set("s", "v");
    assert!(server.set_ttl("s", Duration::from_secs(30)));
    assert_eq!(con.get::<_, String>("s").unwrap(), "v");
    assert_eq!(server.ttl("s"), Some(Duration::from_secs(30)));
    assert_eq!(server.ttl("missing"), None);
    let _: i64 = con.rpush("l", &["a", "b", "c"]).unwrap();
    assert_eq!(server.lrange("l", 0, -1), ["a", "b", "c"]);
    assert_eq!(server.lrange("l", -1, -1), ["c"]);
    let _: i64 = con
        .hset_multiple("h", &[("f1", "1"), ("f2", "2")])
        .map(|()| 2)
        .unwrap();
    assert_eq!(
        server.hgetall("h").into_iter().collect::<Vec<_>>(),
        [
            ("f1".to_string(), "1".to_string()),
            ("f2".to_string(), "2".to_string())
        ]
    );
    let _: i64 = con.sadd("set", &["y", "x"]).unwrap();
    assert_eq!(
        server.smembers("set").into_iter().collect::<Vec<_>>(),
        ["x", "y"]
    );
    let _: i64 = con.zadd_multiple("z", &[(2.5, "b"), (1.0, "a")]).unwrap();
    assert_eq!(
        server.zrange_with_scores("z", 0, -1),
        [("a".to_string(), 1.0), ("b".to_string(), 2.5)]
    );
    assert_eq!(server.keys(), ["h", "l", "s", "set", "z"]);
    assert!(server.del("l"));
    assert!(!server.del("l"));
    // Another database, seen by a client that selects it.
    server.db(5).set("five", "5");
    assert!(!server.exists("five"));
    assert_eq!(server.db(5).keys(), ["five"]);
    let () = redis::cmd("SELECT").arg(5).query(&mut con).unwrap();
    assert_eq!(con.get::<_, String>("five").unwrap(), "5");
    server.db(5).flush_db();
    assert!(server.db(5).keys().is_empty());
    assert!(!server.keys().is_empty());
    server.flush_all();
    assert!(server.keys().is_empty());
}

#[test]
#[should_panic(expected = "WRONGTYPE")]
fn direct_access_panics_on_an_error_reply() {
    let server = Server::start().unwrap();
    server.exec(["LPUSH", "l", "x"]);
    server.get("l");
}

#[test]
fn counts_are_the_clients_not_the_helpers() {
    let server = Server::start().unwrap();
    server.set("seed", "1");
    server.exec(["GET", "seed"]);
    assert_eq!(server.command_count(), 0);
    assert_eq!(server.connected_clients(), 0);
    assert_eq!(server.total_connections(), 0);
    let mut a = Raw::connect(&server);
    a.round_trip("PING\r\nGET seed\r\n", "+PONG\r\n$1\r\n1\r\n");
    let mut b = Raw::connect(&server);
    b.round_trip("PING\r\n", "+PONG\r\n");
    assert_eq!(server.command_count(), 3);
    assert_eq!(server.connected_clients(), 2);
    assert_eq!(server.total_connections(), 2);
    drop(b);
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.connected_clients() != 1 {
        assert!(
            Instant::now() < deadline,
            "the closed client is still counted"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(server.total_connections(), 2);
}

#[test]
fn set_error_answers_every_socket_command_with_the_error() {
    let server = Server::start().unwrap();
    server.set("k", "v");
    let mut raw = Raw::connect(&server);
    server.set_error(Some("ERR injected"));
    // A pipeline: one error per command, whatever the form.
    raw.round_trip(
        "GET k\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n",
        "-ERR injected\r\n-ERR injected\r\n-ERR injected\r\n",
    );
    let mut con = connect(&server);
    let err = con.get::<_, String>("k").unwrap_err();
    assert_eq!(err.code(), Some("ERR"));
    assert!(err.to_string().contains("injected"), "{err}");
    // Direct access and exec still work, and nothing ran for the sockets.
    assert_eq!(server.get("k").as_deref(), Some("v"));
    assert_eq!(server.command_count(), 0);
    server.set_error(None);
    raw.round_trip("GET k\r\n", "$1\r\nv\r\n");
    assert_eq!(con.get::<_, String>("k").unwrap(), "v");
}

#[test]
fn close_clients_drops_every_connection_and_clients_reconnect() {
    let server = Server::start().unwrap();
    let mut raw = Raw::connect(&server);
    raw.round_trip("PING\r\n", "+PONG\r\n");
    let mut con = connect(&server);
    let () = con.set("k", "v").unwrap();
    server.close_clients();
    assert_eq!(server.connected_clients(), 0);
    let mut buf = [0; 8];
    assert_eq!(raw.0.read(&mut buf).unwrap_or(0), 0, "closed by the server");
    assert!(
        con.get::<_, String>("k").is_err(),
        "the old connection is gone"
    );
    // The server still listens and the data is there.
    let mut again = connect(&server);
    assert_eq!(again.get::<_, String>("k").unwrap(), "v");
}

#[test]
fn set_time_moves_the_wall_clock_that_time_and_expireat_see() {
    let server = Server::start().unwrap();
    let y2k = UNIX_EPOCH + Duration::from_secs(946_684_800);
    server.set_time(y2k);
    let time = server.exec(["TIME"]);
    assert_eq!(
        time.as_array().unwrap()[0],
        Reply::Bulk(b"946684800".to_vec())
    );
    server.fast_forward(Duration::from_secs(60));
    let time = server.exec(["TIME"]);
    assert_eq!(
        time.as_array().unwrap()[0],
        Reply::Bulk(b"946684860".to_vec())
    );
    // EXPIREAT converts through it: 100 s after the server's "now".
    server.set("k", "v");
    server.exec(["EXPIREAT", "k", "946684960"]);
    assert_eq!(server.ttl("k"), Some(Duration::from_secs(100)));
}

#[test]
fn the_manual_clock_starts_at_the_current_wall_time() {
    let server = Server::start().unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let Reply::Array(time) = server.exec(["TIME"]) else {
        panic!("TIME answers an array");
    };
    let secs: u64 = time[0].as_str().unwrap().parse().unwrap();
    assert!(secs.abs_diff(now) <= 2, "{secs} vs {now}");
}

#[test]
fn a_system_clock_follows_real_time_plus_fast_forward() {
    let server = Server::builder().system_clock().start().unwrap();
    server.exec(["SET", "soon", "v", "PX", "50"]);
    server.exec(["SET", "later", "v", "EX", "3600"]);
    std::thread::sleep(Duration::from_millis(120));
    assert!(!server.exists("soon"));
    server.fast_forward(Duration::from_secs(3600));
    assert!(!server.exists("later"));
}

#[test]
fn password_and_config_apply_from_the_start() {
    let server = Server::builder()
        .password("secret")
        .config("maxmemory", "1mb")
        .start()
        .unwrap();
    let mut raw = Raw::connect(&server);
    raw.round_trip("GET k\r\n", "-NOAUTH Authentication required.\r\n");
    raw.round_trip(
        "AUTH secret\r\nCONFIG GET maxmemory\r\n",
        "+OK\r\n*2\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n",
    );
    // The helpers authenticate by themselves.
    server.set("k", "v");
    assert_eq!(server.get("k").as_deref(), Some("v"));
    let url = format!("redis://:secret@{}/", server.addr());
    let mut con = redis::Client::open(url).unwrap().get_connection().unwrap();
    assert_eq!(con.get::<_, String>("k").unwrap(), "v");
}

#[test]
fn a_refused_config_fails_the_start() {
    let err = Server::builder()
        .config("maxmemory", "lots")
        .start()
        .err()
        .expect("refused");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("maxmemory"), "{err}");
}

#[test]
fn dropping_the_server_frees_its_port() {
    let server = Server::start().unwrap();
    let addr = server.addr();
    let mut raw = Raw::connect(&server);
    raw.round_trip("PING\r\n", "+PONG\r\n");
    drop(server);
    let mut buf = [0; 8];
    assert_eq!(
        raw.0.read(&mut buf).unwrap_or(0),
        0,
        "the connection closed"
    );
    // The port can be bound again, and a new server on it serves.
    drop(TcpListener::bind(addr).expect("the port is free"));
    let again = Server::builder().port(addr.port()).start().unwrap();
    assert_eq!(again.addr(), addr);
    Raw::connect(&again).round_trip("PING\r\n", "+PONG\r\n");
}

#[test]
fn a_server_can_be_shared_and_moved_between_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Server>();
    let server = Server::start().unwrap();
    let moved = std::thread::spawn(move || {
        server.set("k", "v");
        server
    })
    .join()
    .unwrap();
    assert_eq!(moved.get("k").as_deref(), Some("v"));
}

#[test]
fn with_the_manual_clock_the_lazy_free_queue_still_drains() {
    let server = Server::start().unwrap();
    let mut push = vec!["RPUSH".to_string(), "big".to_string()];
    push.extend((0..30_000).map(|i| i.to_string()));
    server.exec(&push);
    assert_eq!(server.exec(["UNLINK", "big"]), Reply::Integer(1));
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let info = server.exec(["INFO", "memory"]);
        if info
            .as_str()
            .unwrap()
            .contains("lazyfree_pending_objects:0\r\n")
        {
            break;
        }
        assert!(Instant::now() < deadline, "never drained: {info}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn more_expired_keys_than_one_cycle_removes_are_all_gone_after_fast_forward() {
    let server = Server::start().unwrap();
    for chunk in 0..5 {
        let mut mset = vec!["MSET".to_string()];
        for i in 0..10_000 {
            mset.push(format!("k{chunk}:{i}"));
            mset.push("v".to_string());
        }
        server.exec(&mset);
    }
    let mut con = connect(&server);
    let mut pipe = redis::pipe();
    for chunk in 0..5 {
        for i in 0..10_000 {
            pipe.cmd("PEXPIRE")
                .arg(format!("k{chunk}:{i}"))
                .arg(1000)
                .ignore();
        }
    }
    let () = pipe.query(&mut con).unwrap();
    server.fast_forward(Duration::from_secs(1));
    // Removed by the expiry cycle (20 000 per call), not lazily on access.
    assert_eq!(server.exec(["DBSIZE"]), Reply::Integer(0));
}
