//! The connection task against in-memory sockets.

use super::*;
use crate::group_commit::Synced;
use std::pin::Pin;
use std::task::{Context, Poll};

/// An in-memory socket: yields `chunks` in order, records every write
/// call, and can refuse writes (a client that does not read) or keep the
/// connection open with nothing to read once the chunks run out.
#[derive(Default)]
struct FakeSocket {
    chunks: Vec<Vec<u8>>,
    writes: Vec<Vec<u8>>,
    closed: bool,
    stalled: bool,
    hold_open: bool,
    /// Once `chunks` runs out, yield this forever...
    endless: Option<Vec<u8>>,
    /// ...but at most this many times: a loop that never yields ends
    /// (end of input) instead of hanging its test.
    reads_left: usize,
}

impl FakeSocket {
    fn sending(chunks: &[&[u8]]) -> FakeSocket {
        FakeSocket {
            chunks: chunks.iter().rev().map(|c| c.to_vec()).collect(),
            ..FakeSocket::default()
        }
    }
}

impl AsyncRead for FakeSocket {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let chunk = match self.chunks.pop() {
            Some(chunk) => chunk,
            None if self.endless.is_some() && self.reads_left > 0 => {
                self.reads_left -= 1;
                self.endless.clone().unwrap_or_default()
            }
            None if self.hold_open => return Poll::Pending,
            None => return Poll::Ready(Ok(0)),
        };
        buf[..chunk.len()].copy_from_slice(&chunk);
        Poll::Ready(Ok(chunk.len()))
    }
}

impl AsyncWrite for FakeSocket {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.stalled {
            return Poll::Pending;
        }
        self.writes.push(buf.to_vec());
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_close(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.closed = true;
        Poll::Ready(Ok(()))
    }
}

fn shared() -> Shared {
    let options = crate::cli::parse("test", &[], |_| None).unwrap();
    Shared::new("test", "test", &options, 6379)
}

const PING: &[u8] = b"*1\r\n$4\r\nPING\r\n";
const PONG: &[u8] = b"+PONG\r\n";

/// A timer that never fires.
fn never(_: Duration) -> future::Pending<()> {
    future::pending()
}

/// Readiness is a yield, as for a runtime without a readiness signal.
async fn yielding() -> io::Result<()> {
    future::yield_now().await;
    Ok(())
}

fn serve<'a>(shared: &'a Shared, socket: &'a mut FakeSocket) -> impl Future<Output = ()> + 'a {
    serve_connection(shared, socket, None, None, never, yielding)
}

/// Runs the server's timeouts now, as the timer task does when they come.
fn run_timer(shared: &Shared) {
    shared.with_core(None, |server, now| server.handle_timeout(now));
}

#[test]
fn a_pipelined_batch_is_answered_with_one_write() {
    let shared = shared();
    let mut socket = FakeSocket::sending(&[&[PING, PING, PING].concat()]);
    future::block_on(serve(&shared, &mut socket));
    assert_eq!(socket.writes, [PONG.repeat(3)]);
    assert!(socket.closed, "closed once the client hung up");
}

#[test]
fn a_command_split_across_reads_is_answered_once_complete() {
    let shared = shared();
    let mut socket = FakeSocket::sending(&[&PING[..5], &PING[5..]]);
    future::block_on(serve(&shared, &mut socket));
    assert_eq!(socket.writes, [PONG.to_vec()]);
}

#[test]
fn a_protocol_error_is_written_then_the_socket_closed() {
    let shared = shared();
    let mut socket = FakeSocket::sending(&[b"*1\r\nx\r\n", PING]);
    socket.hold_open = true;
    future::block_on(serve(&shared, &mut socket));
    assert_eq!(socket.writes.len(), 1);
    assert!(socket.writes[0].starts_with(b"-ERR Protocol error"));
    assert!(socket.closed);
    assert_eq!(socket.chunks.len(), 1, "nothing read after the close");
}

#[test]
fn quit_is_answered_then_the_socket_closed() {
    let shared = shared();
    let mut socket = FakeSocket::sending(&[b"QUIT\r\n", PING]);
    socket.hold_open = true;
    future::block_on(serve(&shared, &mut socket));
    assert_eq!(socket.writes, [b"+OK\r\n".to_vec()]);
    assert!(socket.closed);
}

#[test]
fn a_closed_client_is_forgotten_by_the_core() {
    let shared = shared();
    let mut socket = FakeSocket::sending(&[PING]);
    future::block_on(serve(&shared, &mut socket));
    let mut admin = FakeSocket::sending(&[b"INFO clients\r\n"]);
    future::block_on(serve(&shared, &mut admin));
    let info = String::from_utf8_lossy(&admin.writes[0]).into_owned();
    assert!(info.contains("connected_clients:1\r\n"), "{info}");
}

#[test]
fn a_client_that_does_not_read_does_not_hold_up_others() {
    let shared = shared();
    let mut stuck = FakeSocket::sending(&[PING]);
    stuck.stalled = true;
    let mut stuck_task = Box::pin(serve(&shared, &mut stuck));
    assert!(future::block_on(future::poll_once(&mut stuck_task)).is_none());

    let mut other = FakeSocket::sending(&[PING]);
    future::block_on(serve(&shared, &mut other));
    assert_eq!(other.writes, [PONG.to_vec()]);
}

#[test]
fn a_client_stuck_over_the_soft_output_limit_is_closed_while_blocked() {
    let shared = shared();
    let mut admin =
        FakeSocket::sending(&[b"CONFIG SET client-output-buffer-limit \"normal 0 1 0\"\r\n"]);
    future::block_on(serve(&shared, &mut admin));
    assert_eq!(admin.writes, [b"+OK\r\n".to_vec()]);

    let mut stuck = FakeSocket::sending(&[PING]);
    stuck.stalled = true;
    stuck.hold_open = true;
    let mut task = Box::pin(serve(&shared, &mut stuck));
    assert!(future::block_on(future::poll_once(&mut task)).is_none());
    // Over the soft limit for more than its 0 seconds: the core's timer
    // closes it, and its mailbox wakes the blocked write.
    std::thread::sleep(Duration::from_millis(5));
    run_timer(&shared);
    assert!(future::block_on(future::poll_once(&mut task)).is_some());
    drop(task);
    assert!(stuck.writes.is_empty());
    assert!(stuck.closed);
}

#[test]
fn an_idle_client_is_closed_by_the_timer_while_waiting_to_read() {
    let shared = shared();
    let mut admin = FakeSocket::sending(&[b"CONFIG SET timeout 1\r\n"]);
    future::block_on(serve(&shared, &mut admin));
    let mut idle = FakeSocket::sending(&[PING]);
    idle.hold_open = true;
    std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(1100));
            run_timer(&shared);
        });
        // Returns once the mailbox wakes the task with the close.
        future::block_on(serve(&shared, &mut idle));
    });
    assert_eq!(idle.writes, [PONG.to_vec()]);
    assert!(idle.closed);
}

#[test]
fn a_flooding_client_yields_between_batches() {
    let shared = shared();
    let mut flood = FakeSocket::sending(&[]);
    flood.endless = Some(PING.repeat(100));
    flood.reads_left = 1000;
    let mut flood_task = Box::pin(serve(&shared, &mut flood));
    // Without a yield between batches this one poll would read all 1000
    // batches and return at the end of input.
    assert!(future::block_on(future::poll_once(&mut flood_task)).is_none());
    drop(flood_task);
    assert_eq!(flood.writes.len(), 1, "one batch, then the yield");
}

/// A timer that fires at once.
fn at_once(_: Duration) -> future::Ready<()> {
    future::ready(())
}

/// Under `appendfsync always`, after a failed group fsync: the reply
/// (here a read's) waits, and goes out once a rewrite made the failed
/// range durable (group_commit.rs, "A failed fsync, and the recovery").
#[test]
fn output_held_by_a_failed_fsync_goes_out_once_a_rewrite_recovers_it() {
    let shared = shared();
    let commit = &shared.group_commit;
    commit.appended(10);
    commit.finished(Synced {
        upto: 10,
        ok: false,
    });
    let mut socket = FakeSocket {
        hold_open: true,
        ..FakeSocket::sending(&[PING])
    };
    {
        let mut serving = std::pin::pin!(serve(&shared, &mut socket));
        assert!(future::block_on(future::poll_once(&mut serving)).is_none());
        // A retried fsync that succeeds releases nothing.
        commit.finished(Synced { upto: 10, ok: true });
        assert!(future::block_on(future::poll_once(&mut serving)).is_none());
        assert_eq!(commit.settled(10), Settled::Failed);
        commit.recovered(10);
        assert!(future::block_on(future::poll_once(&mut serving)).is_none());
    }
    assert_eq!(socket.writes.concat(), PONG);
    assert!(!socket.closed);
}

/// ...but not for ever: without the recovery within [`RECOVERY_WAIT`]
/// the client is closed without its reply.
#[test]
fn output_held_by_a_failed_fsync_is_dropped_when_no_recovery_comes() {
    let shared = shared();
    shared.group_commit.appended(10);
    shared.group_commit.finished(Synced {
        upto: 10,
        ok: false,
    });
    let mut socket = FakeSocket {
        hold_open: true,
        ..FakeSocket::sending(&[PING])
    };
    future::block_on(serve_connection(
        &shared,
        &mut socket,
        None,
        None,
        at_once,
        yielding,
    ));
    assert!(socket.writes.is_empty());
    assert!(socket.closed);
}
