//! The serving loops, written once against the `futures-io` traits so each
//! runtime only supplies sockets, a spawner and a timer.
//!
//! One [`Server`] behind a `std::sync::Mutex` is shared by every connection.
//! The lock is taken only around calls into the core, which do work bounded
//! by their input, and is never held across an `.await`: a client that stops
//! reading blocks only its own task in `write_all`, never the others.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use futures_lite::future;
use futures_lite::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use miniredis_core::{Config, Connection, Millis, Outcome, Server};

use crate::cli::Options;
use crate::clock::{random_seed, Clock};

/// Bytes read from a socket per call into the core.
const READ_BUFFER: usize = 16 * 1024;

/// Batches a connection that waits for readiness serves before it tries a
/// straight read again (see [`Shared::serve_connection_with_readiness`]).
pub const PROBE_EVERY: u32 = 16;

/// Reply buffer capacity kept between batches; a larger one (left by a big
/// reply) is shrunk back so idle connections do not pin memory.
const RETAINED_OUTPUT: usize = 64 * 1024;

/// How often the core is ticked when it has nothing scheduled sooner (the
/// interval the driving contract asks for).
pub const TICK_INTERVAL: Duration = Duration::from_millis(miniredis_core::TICK_INTERVAL_MS);

/// Everything the tasks of one server share.
pub struct Shared {
    server: Mutex<Server>,
    clock: Clock,
    binary: &'static str,
    /// Closed (never sent on) when the server is to stop.
    stop: (async_channel::Sender<()>, async_channel::Receiver<()>),
    /// Connections between having read input and having written its replies.
    in_flight: AtomicUsize,
}

/// How long a stopping server waits for replies in flight to go out.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The signals that stop the server gracefully: SIGTERM and SIGINT.
/// Registered before the server announces itself, so a signal sent as soon
/// as it is listening is not lost.
fn shutdown_signals() -> io::Result<async_signal::Signals> {
    async_signal::Signals::new([async_signal::Signal::Term, async_signal::Signal::Int])
}

/// Decrements the in-flight count when a batch is done, or its task dropped.
struct InFlight<'a>(&'a AtomicUsize);

impl<'a> InFlight<'a> {
    fn enter(count: &'a AtomicUsize) -> InFlight<'a> {
        count.fetch_add(1, Ordering::SeqCst);
        InFlight(count)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    /// Creates the core for `options`. `port` is the port actually bound
    /// (it differs from the requested one for `--port 0`), so INFO reports
    /// the truth.
    pub fn new(
        binary: &'static str,
        runtime: &'static str,
        options: &Options,
        port: u16,
    ) -> Shared {
        let clock = Clock::start();
        let config = Config {
            port,
            runtime,
            maxmemory: options.maxmemory,
            maxmemory_policy: options.maxmemory_policy,
            unix_time_at_zero_ms: clock.unix_time_at_zero_ms(),
            seed: random_seed(),
            process_id: std::process::id(),
            requirepass: options.requirepass.clone().into_bytes(),
            maxclients: options.maxclients,
            protected_mode: options.protected_mode,
            timeout_secs: options.timeout,
            ..Config::default()
        };
        Shared {
            server: Mutex::new(Server::new(config, clock.now())),
            clock,
            binary,
            stop: async_channel::bounded(1),
            in_flight: AtomicUsize::new(0),
        }
    }

    /// Asks the server to stop (SHUTDOWN, or a signal). Idempotent.
    pub fn request_shutdown(&self) {
        self.stop.0.close();
    }

    /// Completes once a stop has been requested.
    pub async fn stopped(&self) {
        let _ = self.stop.1.recv().await;
    }

    /// Runs `work` unless a stop is requested first (`None` then): the
    /// accept loop's `accept` goes through this.
    pub async fn unless_stopped<T>(&self, work: impl Future<Output = T>) -> Option<T> {
        future::or(async { Some(work.await) }, async {
            self.stopped().await;
            None
        })
        .await
    }

    /// Registers SIGTERM and SIGINT and returns the task the adapter spawns
    /// to request a stop when one arrives; `None` (said on stderr) when the
    /// signals cannot be watched. Call before announcing the server.
    pub fn signal_watcher(self: &Arc<Self>) -> Option<impl Future<Output = ()> + Send + 'static> {
        use futures_lite::StreamExt;
        let mut signals = match shutdown_signals() {
            Ok(signals) => signals,
            Err(e) => {
                eprintln!("{}: cannot watch SIGTERM/SIGINT: {e}", self.binary);
                return None;
            }
        };
        let shared = self.clone();
        Some(async move {
            if let Some(Ok(signal)) = signals.next().await {
                eprintln!("{}: received {signal:?}, shutting down", shared.binary);
            }
            shared.request_shutdown();
        })
    }

    /// After the accept loop has stopped: waits until no connection is
    /// between reading a batch and writing its replies, for at most
    /// [`SHUTDOWN_GRACE`], so replies in flight go out before the exit.
    pub async fn drain<F, Fut>(&self, mut sleep: F)
    where
        F: FnMut(Duration) -> Fut,
        Fut: Future,
    {
        let deadline = Instant::now() + SHUTDOWN_GRACE;
        while self.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            sleep(Duration::from_millis(5)).await;
        }
    }

    /// Locks the core. A panic in another task while it held the lock
    /// poisons the mutex; the server keeps serving with the state as it is,
    /// since refusing every later client would be worse.
    pub fn lock(&self) -> MutexGuard<'_, Server> {
        self.server.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Serves one client, connected from `peer` (`None` for a socket
    /// without an IP address), until it disconnects, errs, is closed by
    /// the core or stays idle past `timeout`. `sleep` is the runtime's
    /// timer. Each read is handed to the core in one call and all the
    /// replies it produces go out in one `write_all`, so a pipelined batch
    /// costs one write, not one per command.
    pub async fn serve_connection<S, F, Fut>(&self, stream: S, peer: Option<IpAddr>, sleep: F)
    where
        S: AsyncRead + AsyncWrite + Unpin,
        F: FnMut(Duration) -> Fut,
        Fut: Future,
    {
        // Without a readiness signal, "waiting" is a yield followed by a
        // read attempt.
        let readable = || async {
            future::yield_now().await;
            Ok(())
        };
        self.serve_connection_with_readiness(stream, peer, sleep, readable)
            .await
    }

    /// [`Self::serve_connection`] for a runtime that can wait for a socket
    /// to become readable without reading it (`readable`).
    ///
    /// Two ways to get a client's next bytes, chosen per connection from
    /// what the last attempt found:
    /// - read straight away (after a yield): best when the next request is
    ///   usually there already (a busy server, pipelining clients), but a
    ///   read that finds nothing costs a wasted `EWOULDBLOCK` system call;
    /// - wait for readiness first: no wasted read when the client sends
    ///   only once it has its reply, but a trip through the reactor even
    ///   when bytes are waiting.
    ///
    /// A connection reads straight away until such a read finds nothing,
    /// then waits for readiness, and every [`PROBE_EVERY`] batches tries a
    /// straight read again to see whether the load has changed. (With an
    /// idle timeout in force, reads always race the timer instead.)
    pub async fn serve_connection_with_readiness<S, F, Fut, R, RFut>(
        &self,
        mut stream: S,
        peer: Option<IpAddr>,
        mut sleep: F,
        mut readable: R,
    ) where
        S: AsyncRead + AsyncWrite + Unpin,
        F: FnMut(Duration) -> Fut,
        Fut: Future,
        R: FnMut() -> RFut,
        RFut: Future<Output = io::Result<()>>,
    {
        let admitted = self.lock().accept(self.clock.now(), peer);
        let mut connection = match admitted {
            Ok(connection) => connection,
            Err(refusal) => {
                // Best effort, as in Redis: the reply is small enough for
                // any socket buffer, and the socket closes either way.
                let _ = stream.write_all(refusal.reply()).await;
                let _ = stream.close().await;
                return;
            }
        };
        let mut input = vec![0; READ_BUFFER];
        let mut out = Vec::new();
        let mut drained = false;
        let mut wait_first = false;
        let mut since_probe = 0;
        loop {
            let idle_deadline = self.lock().idle_deadline(&connection);
            let read = match idle_deadline {
                None => {
                    let waited = drained && wait_first && since_probe < PROBE_EVERY;
                    if waited {
                        since_probe += 1;
                        if readable().await.is_err() {
                            break;
                        }
                    } else {
                        since_probe = 0;
                    }
                    let mut reading = stream.read(&mut input);
                    match future::poll_once(&mut reading).await {
                        Some(result) => {
                            if !waited {
                                wait_first = false;
                            }
                            result
                        }
                        None => {
                            // The straight read found nothing (and
                            // registered interest): wait for readiness
                            // next time.
                            if !waited && drained {
                                wait_first = true;
                            }
                            reading.await
                        }
                    }
                }
                Some(deadline) => {
                    let wait = Duration::from_millis(deadline.saturating_sub(self.clock.now()));
                    // Reading is cancel-safe: when the timer wins, no byte
                    // has been taken from the socket.
                    let timed = future::or(async { Some(stream.read(&mut input).await) }, async {
                        sleep(wait).await;
                        None
                    });
                    match timed.await {
                        Some(read) => read,
                        None => {
                            if self.lock().idle_expired(&connection, self.clock.now()) {
                                let _ = stream.close().await;
                                break;
                            }
                            continue;
                        }
                    }
                }
            };
            let read = match read {
                Ok(0) => break,
                Ok(read) => read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            let in_flight = InFlight::enter(&self.in_flight);
            let now = self.clock.now();
            // The guard lives only in this statement: nothing below awaits
            // with the core locked. A panic in the core is contained here so
            // this client is closed and still disconnected from the core.
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                self.lock()
                    .handle(&mut connection, &input[..read], now, &mut out)
            }));
            let outcome = outcome.unwrap_or_else(|_| {
                eprintln!(
                    "{}: internal error serving client {}; closing its connection",
                    self.binary,
                    connection.id()
                );
                Outcome::Close
            });
            if !out.is_empty() {
                if !self
                    .write_replies(&mut stream, &mut connection, &out, &mut sleep)
                    .await
                {
                    let _ = stream.close().await;
                    break;
                }
                out.clear();
                out.shrink_to(RETAINED_OUTPUT);
            }
            drop(in_flight);
            match outcome {
                Outcome::Continue => {}
                Outcome::Close => {
                    let _ = stream.close().await;
                    break;
                }
                Outcome::Shutdown => {
                    let _ = stream.close().await;
                    self.request_shutdown();
                    break;
                }
            }
            drained = read < input.len();
            if !(drained && wait_first && since_probe < PROBE_EVERY) {
                // A client that keeps its socket full would otherwise keep
                // this task ready forever (socket reads and writes complete
                // without suspending), and on a single-threaded executor
                // starve every other client, the accept loop and the ticker.
                // (A connection about to wait for readiness suspends there.)
                future::yield_now().await;
            }
        }
        self.lock().disconnect(connection);
    }

    /// Writes `out` to `stream`; false when the socket failed or the core
    /// closed the client for `client-output-buffer-limit`. Each write races
    /// a [`TICK_INTERVAL`] timer, so a client that stops reading is still
    /// reported to the core while its write is blocked. Writing is
    /// cancel-safe: a write that lost the race has taken no bytes. When the
    /// first write takes everything (the usual case) the core is not asked.
    async fn write_replies<S, F, Fut>(
        &self,
        stream: &mut S,
        connection: &mut Connection,
        out: &[u8],
        sleep: &mut F,
    ) -> bool
    where
        S: AsyncWrite + Unpin,
        F: FnMut(Duration) -> Fut,
        Fut: Future,
    {
        let mut written = 0;
        let mut reported = false;
        while written < out.len() {
            let step = future::or(async { Some(stream.write(&out[written..]).await) }, async {
                sleep(TICK_INTERVAL).await;
                None
            });
            match step.await {
                Some(Ok(0)) => return false,
                Some(Ok(n)) => written += n,
                Some(Err(e)) if e.kind() == io::ErrorKind::Interrupted => {}
                Some(Err(_)) => return false,
                None => {}
            }
            if written < out.len() || reported {
                reported = true;
                let unwritten = out.len() - written;
                let outcome = self
                    .lock()
                    .output_pending(connection, unwritten, self.clock.now());
                if outcome != Outcome::Continue {
                    return false;
                }
            }
        }
        stream.flush().await.is_ok()
    }

    /// Runs one tick of the core and says how long to sleep before the next:
    /// until the core's next wakeup, but never longer than
    /// [`TICK_INTERVAL`] and never less than a millisecond.
    pub fn tick(&self) -> Duration {
        let now = self.clock.now();
        let next = panic::catch_unwind(AssertUnwindSafe(|| self.lock().tick(now)));
        let next = next.unwrap_or_else(|_| {
            eprintln!("{}: internal error in the periodic tick", self.binary);
            None
        });
        delay_until(now, next)
    }

    /// The tick loop, forever. `sleep` is the runtime's timer.
    ///
    /// A sleep computed from the core's wakeup (rather than a fixed
    /// interval) lets keys expire on time when a deadline falls between two
    /// 100 ms ticks; the core guarantees the wakeup is in the future, so this
    /// cannot spin.
    pub async fn run_ticker<F, Fut>(&self, mut sleep: F)
    where
        F: FnMut(Duration) -> Fut,
        Fut: Future,
    {
        loop {
            let delay = self.tick();
            sleep(delay).await;
        }
    }
}

fn delay_until(now: Millis, next: Option<Millis>) -> Duration {
    let cap = TICK_INTERVAL.as_millis() as Millis;
    let ms = next.map_or(cap, |at| at.saturating_sub(now).clamp(1, cap));
    Duration::from_millis(ms)
}

/// Prints the single line that tells a supervisor (or a test) the server is
/// ready: `miniRedis listening on 127.0.0.1:6379 (runtime: smol)`.
pub fn announce(addr: SocketAddr, runtime: &str) {
    use std::io::Write;
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "miniRedis listening on {addr} (runtime: {runtime})");
    let _ = stdout.flush();
}

/// Reports a failed bind in one line and exits with status 1.
pub fn exit_cannot_listen(binary: &str, addr: SocketAddr, error: &io::Error) -> ! {
    let reason = match error.kind() {
        io::ErrorKind::AddrInUse => "address already in use".to_string(),
        io::ErrorKind::AddrNotAvailable => "address not available on this host".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    };
    eprintln!("{binary}: cannot listen on {addr}: {reason}");
    std::process::exit(1)
}

/// Backoff for a failing `accept`.
///
/// Errors such as running out of file descriptors repeat until something
/// changes, so retrying at once would spin a core and flood stderr. The
/// first error of a run is logged, later ones are counted, and the delay
/// grows from 10 ms to 100 ms until an accept succeeds again.
pub struct AcceptErrors {
    binary: &'static str,
    in_a_row: u32,
}

impl AcceptErrors {
    pub fn new(binary: &'static str) -> AcceptErrors {
        AcceptErrors {
            binary,
            in_a_row: 0,
        }
    }

    /// Records a failure; returns how long to wait before accepting again.
    pub fn failed(&mut self, error: &io::Error) -> Duration {
        if self.in_a_row == 0 {
            eprintln!("{}: accept failed: {error} (retrying)", self.binary);
        }
        let delay = Duration::from_millis((10u64 << self.in_a_row.min(4)).min(100));
        self.in_a_row = self.in_a_row.saturating_add(1);
        delay
    }

    /// Records a success, ending any run of failures.
    pub fn succeeded(&mut self) {
        if self.in_a_row > 1 {
            eprintln!(
                "{}: accept working again after {} failures",
                self.binary, self.in_a_row
            );
        }
        self.in_a_row = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// An in-memory socket: yields `input` in the given chunks, records
    /// every write call, and can refuse to accept writes (a client that
    /// does not read).
    #[derive(Default)]
    struct FakeSocket {
        chunks: Vec<Vec<u8>>,
        writes: Vec<Vec<u8>>,
        closed: bool,
        stalled: bool,
        /// Once `chunks` runs out, keep yielding this forever.
        endless: Option<Vec<u8>>,
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
            let Some(chunk) = self.chunks.pop().or_else(|| self.endless.clone()) else {
                return Poll::Ready(Ok(0));
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

    /// A timer that never fires.
    fn never(_: Duration) -> future::Pending<()> {
        future::pending()
    }

    const PONG: &[u8] = b"+PONG\r\n";

    #[test]
    fn a_pipelined_batch_is_answered_with_one_write() {
        let shared = shared();
        let mut socket = FakeSocket::sending(&[&[PING, PING, PING].concat()]);
        future::block_on(shared.serve_connection(&mut socket, None, never));
        assert_eq!(socket.writes.len(), 1);
        assert_eq!(socket.writes[0], PONG.repeat(3));
        assert!(!socket.closed);
    }

    #[test]
    fn a_command_split_across_reads_is_answered_once_complete() {
        let shared = shared();
        let mut socket = FakeSocket::sending(&[&PING[..5], &PING[5..]]);
        future::block_on(shared.serve_connection(&mut socket, None, never));
        assert_eq!(socket.writes.len(), 1);
        assert_eq!(socket.writes[0], PONG);
    }

    #[test]
    fn a_protocol_error_is_written_then_the_socket_closed() {
        let shared = shared();
        let mut socket = FakeSocket::sending(&[b"*1\r\nx\r\n", PING]);
        future::block_on(shared.serve_connection(&mut socket, None, never));
        assert_eq!(socket.writes.len(), 1);
        assert!(socket.writes[0].starts_with(b"-ERR Protocol error"));
        assert!(socket.closed);
        assert_eq!(socket.chunks.len(), 1, "nothing read after the close");
    }

    #[test]
    fn a_client_that_does_not_read_does_not_hold_up_others() {
        let shared = shared();
        let mut stuck = FakeSocket::sending(&[PING]);
        stuck.stalled = true;
        let mut stuck_task = Box::pin(shared.serve_connection(&mut stuck, None, never));
        assert!(future::block_on(future::poll_once(&mut stuck_task)).is_none());

        let mut other = FakeSocket::sending(&[PING]);
        future::block_on(shared.serve_connection(&mut other, None, never));
        assert_eq!(other.writes.len(), 1);
    }

    #[test]
    fn a_client_stuck_over_the_soft_output_limit_is_closed_while_blocked() {
        let shared = shared();
        let mut admin =
            FakeSocket::sending(&[b"CONFIG SET client-output-buffer-limit \"normal 0 1 0\"\r\n"]);
        future::block_on(shared.serve_connection(&mut admin, None, never));
        assert_eq!(admin.writes, [b"+OK\r\n".to_vec()]);

        let mut stuck = FakeSocket::sending(&[PING]);
        stuck.stalled = true;
        // A timer that is always due: every blocked write is reported at
        // once, until the soft limit's 0 seconds have passed.
        future::block_on(shared.serve_connection(&mut stuck, None, |_| future::ready(())));
        assert!(stuck.writes.is_empty());
        assert!(stuck.closed);
        assert_eq!(stuck.chunks.len(), 0);
    }

    #[test]
    fn a_flooding_client_yields_between_batches() {
        let shared = shared();
        let mut flood = FakeSocket::sending(&[]);
        flood.endless = Some(PING.repeat(100));
        let mut flood_task = Box::pin(shared.serve_connection(&mut flood, None, never));
        // Without a yield this poll would never return.
        assert!(future::block_on(future::poll_once(&mut flood_task)).is_none());
        drop(flood_task);
        assert_eq!(flood.writes.len(), 1);
    }

    #[test]
    fn a_poisoned_lock_is_recovered() {
        let shared = shared();
        let _ = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _guard = shared.lock();
                    panic!("poisoning the lock on purpose");
                })
                .join()
        });
        assert!(shared.server.is_poisoned());
        let mut socket = FakeSocket::sending(&[PING]);
        future::block_on(shared.serve_connection(&mut socket, None, never));
        assert_eq!(socket.writes.len(), 1);
        shared.tick();
    }

    #[test]
    fn tick_delay_is_bounded_both_ways() {
        assert_eq!(delay_until(1000, None), TICK_INTERVAL);
        assert_eq!(delay_until(1000, Some(1001)), Duration::from_millis(1));
        assert_eq!(delay_until(1000, Some(1040)), Duration::from_millis(40));
        assert_eq!(delay_until(1000, Some(5000)), TICK_INTERVAL);
        assert_eq!(delay_until(1000, Some(900)), Duration::from_millis(1));
    }

    #[test]
    fn accept_backoff_grows_and_resets() {
        let mut errors = AcceptErrors::new("test");
        let error = io::Error::other("too many open files");
        let delays: Vec<_> = (0..6).map(|_| errors.failed(&error).as_millis()).collect();
        assert_eq!(delays, [10, 20, 40, 80, 100, 100]);
        errors.succeeded();
        assert_eq!(errors.failed(&error).as_millis(), 10);
    }
}
