//! Helpers the test files share.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use miniredis_embedded::Server;

/// Waits (at most 5 s) until `n` clients are blocked, so a test
/// fast-forwards only once its blocking command has arrived.
pub fn wait_blocked(server: &Server, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.blocked_clients() != n {
        assert!(Instant::now() < deadline, "never {n} blocked clients");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A raw connection: exact bytes out, exact bytes back.
pub struct Raw(pub TcpStream);

impl Raw {
    pub fn connect(server: &Server) -> Raw {
        let stream = TcpStream::connect(server.addr()).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        Raw(stream)
    }

    /// Sends `request` and reads until exactly `expected.len()` bytes came
    /// back, which must be `expected`.
    pub fn round_trip(&mut self, request: &str, expected: &str) {
        self.0.write_all(request.as_bytes()).unwrap();
        self.expect(expected);
    }

    pub fn expect(&mut self, expected: &str) {
        let mut got = vec![0; expected.len()];
        self.0.read_exact(&mut got).unwrap_or_else(|e| {
            panic!("waiting for {expected:?}: {e}");
        });
        assert_eq!(String::from_utf8_lossy(&got), expected);
    }
}
