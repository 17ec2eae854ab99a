//! A raw TCP client: sends exact bytes and reads back exact bytes, with
//! bounded waits, noticing when the server closes the connection.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::resp::{self, Value};

/// What one bounded read produced.
#[derive(Debug)]
pub enum Frame {
    /// A complete reply: its bytes and its parsed form.
    Reply(Vec<u8>, Value),
    /// The server closed the connection; the bytes that arrived before it.
    Closed(Vec<u8>),
    /// Nothing complete arrived in time; the partial bytes.
    Timeout(Vec<u8>),
    /// The bytes cannot be a reply; all bytes buffered so far.
    Garbage(Vec<u8>, String),
}

/// One connection to the server under test.
pub struct RawClient {
    stream: TcpStream,
    buf: Vec<u8>,
    closed: bool,
}

impl RawClient {
    /// Connects within `timeout`.
    pub fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<RawClient> {
        let stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_nodelay(true)?;
        stream.set_write_timeout(Some(Duration::from_secs(5)))?;
        Ok(RawClient {
            stream,
            buf: Vec::new(),
            closed: false,
        })
    }

    /// Writes all of `bytes` in one write call sequence.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)?;
        self.stream.flush()
    }

    /// True once a read saw the end of the stream (or a reset).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Reads until one complete reply is buffered, the server closes, or
    /// `timeout` passes. The reply is taken out of the buffer.
    pub fn read_frame(&mut self, timeout: Duration) -> Frame {
        let deadline = Instant::now() + timeout;
        loop {
            match resp::parse(&self.buf) {
                Ok(Some((value, used))) => {
                    let raw: Vec<u8> = self.buf.drain(..used).collect();
                    return Frame::Reply(raw, value);
                }
                Ok(None) => {}
                Err(e) => return Frame::Garbage(std::mem::take(&mut self.buf), e),
            }
            if self.closed {
                return Frame::Closed(std::mem::take(&mut self.buf));
            }
            if !self.fill(deadline) {
                return Frame::Timeout(std::mem::take(&mut self.buf));
            }
        }
    }

    /// Reads until `n` bytes are buffered, the server closes, or `timeout`
    /// passes; returns what arrived (at most `n` bytes).
    pub fn read_exact_len(&mut self, n: usize, timeout: Duration) -> Vec<u8> {
        let deadline = Instant::now() + timeout;
        while self.buf.len() < n && !self.closed {
            if !self.fill(deadline) {
                break;
            }
        }
        let take = n.min(self.buf.len());
        self.buf.drain(..take).collect()
    }

    /// Reads until the server closes or `timeout` passes. Returns the bytes
    /// that arrived and whether the connection was seen closed.
    pub fn read_until_closed(&mut self, timeout: Duration) -> (Vec<u8>, bool) {
        let deadline = Instant::now() + timeout;
        while !self.closed {
            if !self.fill(deadline) {
                break;
            }
        }
        (std::mem::take(&mut self.buf), self.closed)
    }

    /// One read into the buffer. Returns false when the deadline passed
    /// without any byte or close arriving.
    fn fill(&mut self, deadline: Instant) -> bool {
        let now = Instant::now();
        if now >= deadline {
            return false;
        }
        let wait = (deadline - now).max(Duration::from_millis(1));
        if self.stream.set_read_timeout(Some(wait)).is_err() {
            return false;
        }
        let mut chunk = [0u8; 16 * 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => {
                self.closed = true;
                true
            }
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                true
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => false,
            Err(e) if e.kind() == ErrorKind::Interrupted => true,
            Err(_) => {
                // Reset or another hard error: the connection is gone.
                self.closed = true;
                true
            }
        }
    }
}

impl Drop for RawClient {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// Encodes a command as a RESP multibulk request.
pub fn encode_command<A: AsRef<[u8]>>(args: &[A]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        let a = a.as_ref();
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_command;

    #[test]
    fn encodes_multibulk() {
        assert_eq!(
            encode_command(&["GET", "k"]),
            b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".to_vec()
        );
    }
}
