//! Start-up cost: a suite of 100 tests that each start a server must spend
//! well under a second starting them. Starts 100 servers one after the
//! other, checks each answers, and prints the time per start (with
//! `--nocapture`; run with `--release` for the figure in
//! docs/performance.md). The bound asserted is loose, for a debug build on
//! a busy machine; the target is under 5 ms per server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use miniredis_embedded::Server;

#[test]
fn a_hundred_servers_start_quickly() {
    let mut starts = Vec::with_capacity(100);
    let mut first_replies = Vec::with_capacity(100);
    let mut stops = Vec::with_capacity(100);
    for _ in 0..100 {
        let started = Instant::now();
        let server = Server::start().unwrap();
        starts.push(started.elapsed());
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        stream.write_all(b"PING\r\n").unwrap();
        let mut pong = [0; 7];
        stream.read_exact(&mut pong).unwrap();
        assert_eq!(&pong, b"+PONG\r\n");
        first_replies.push(started.elapsed());
        let stopping = Instant::now();
        drop(server);
        stops.push(stopping.elapsed());
    }
    let total = report("Server::start()", &mut starts);
    report("start to the first PONG", &mut first_replies);
    report("drop (thread joined, port freed)", &mut stops);
    assert!(total < Duration::from_secs(2), "100 starts took {total:?}");
}

/// Prints total, mean, median and max of `times`; returns the total.
fn report(what: &str, times: &mut [Duration]) -> Duration {
    times.sort();
    let total: Duration = times.iter().sum();
    println!(
        "{what}, 100 times: total {total:?}, mean {:?}, median {:?}, max {:?}",
        total / times.len() as u32,
        times[times.len() / 2],
        times[times.len() - 1]
    );
    total
}
