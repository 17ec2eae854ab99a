//! One client's task: read, hand the bytes to the core, write what the
//! core has for this client; woken also when another client's command (or
//! the core's timer) leaves output or a close request for it.
//!
//! Each read goes to the core in one call and all the output it produces
//! goes out in as few writes as the socket allows, so a pipelined batch
//! costs one write, not one per command. Nothing more is read from a client
//! while its output is unwritten: a client that does not read stalls only
//! itself, and the core closes it once it is over its output limit.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_lite::future;
use futures_lite::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use miniredis_core::ClientId;

use crate::group_commit::Settled;
use crate::mailbox::{CloseRequest, Mailbox};
use crate::read_policy::{ReadPolicy, Step};
use crate::shared::Shared;
use crate::shutdown::InFlight;

/// Bytes read from a socket per call into the core.
pub const READ_BUFFER: usize = 16 * 1024;

/// Output buffer capacity kept between batches; a larger one (left by a
/// big reply) is shrunk back so idle connections do not pin memory.
const RETAINED_OUTPUT: usize = 64 * 1024;

/// How long a client closed after its last reply (QUIT, a protocol error)
/// gets to take that reply before the socket closes anyway.
pub const FLUSH_BEFORE_CLOSE: Duration = Duration::from_secs(5);

/// How long output held by a failed group fsync waits for the recovery
/// (an AOF rewrite, see group_commit.rs) before its client is closed
/// without it. The rewrite starts within a second of the failure and, on
/// a disk that works again, takes a moment for a dataset of a few
/// hundred megabytes; a disk that stays broken should not keep clients
/// hanging for ever.
pub const RECOVERY_WAIT: Duration = Duration::from_secs(5);

/// Forgets the client in the core when the task ends, however it ends.
struct Registration<'a> {
    shared: &'a Shared,
    id: ClientId,
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        self.shared.closed(self.id);
    }
}

/// What woke a waiting connection.
enum Wake {
    Read(io::Result<usize>),
    Mail,
}

/// Serves one client connected from `peer` to `local` (`None` for a
/// socket without an IP address) until it disconnects, errs, or the core
/// closes it.
/// `sleep` is the runtime's timer; `readable` waits until the socket can
/// be read without reading it (a runtime without such a signal passes a
/// yield).
pub async fn serve_connection<S, F, Fut, R, RFut>(
    shared: &Shared,
    mut stream: S,
    peer: Option<SocketAddr>,
    local: Option<SocketAddr>,
    sleep: F,
    mut readable: R,
) where
    S: AsyncRead + AsyncWrite + Unpin,
    F: Fn(Duration) -> Fut,
    Fut: Future<Output = ()>,
    R: FnMut() -> RFut,
    RFut: Future<Output = io::Result<()>>,
{
    let (id, mailbox) = match shared.accept(peer, local) {
        Ok(admitted) => admitted,
        Err(refusal) => {
            // Best effort, as in Redis: the reply is small enough for any
            // socket buffer, and the socket closes either way.
            let _ = stream.write_all(refusal.reply()).await;
            let _ = stream.close().await;
            return;
        }
    };
    let _registration = Registration { shared, id };
    let mut input = vec![0; READ_BUFFER];
    let mut out = Vec::new();
    let mut policy = ReadPolicy::default();
    let mut in_flight: Option<InFlight> = None;
    let mut yield_next = false;
    loop {
        // A close "at once" drops the output (see `Event::Close`): with
        // `appendfsync always`, replies whose writes are not durable.
        if mailbox.close_request() == CloseRequest::Now {
            break;
        }
        if !out.is_empty() {
            if !durable(shared, &mailbox, &sleep).await {
                break;
            }
            if !write_out(shared, id, &mailbox, &mut stream, &mut out).await {
                break;
            }
        }
        in_flight = None;
        match mailbox.close_request() {
            CloseRequest::None => {}
            CloseRequest::Now => break,
            CloseRequest::AfterFlush => {
                let flush = async {
                    shared.with_core(Some(id), |server, _| server.take_output(id, &mut out));
                    while !out.is_empty() {
                        if !durable(shared, &mailbox, &sleep).await
                            || !write_out(shared, id, &mailbox, &mut stream, &mut out).await
                        {
                            break;
                        }
                    }
                };
                future::or(flush, sleep(FLUSH_BEFORE_CLOSE)).await;
                break;
            }
        }
        if std::mem::take(&mut yield_next) {
            future::yield_now().await;
        }
        let step = policy.next_step();
        let read = async {
            match step {
                Step::WaitThenRead => {
                    readable().await?;
                    stream.read(&mut input).await
                }
                Step::ReadNow => {
                    let mut reading = stream.read(&mut input);
                    match future::poll_once(&mut reading).await {
                        Some(result) => {
                            policy.straight_read(true);
                            result
                        }
                        None => {
                            policy.straight_read(false);
                            reading.await
                        }
                    }
                }
            }
        };
        let woke = future::or(async { Wake::Read(read.await) }, async {
            mailbox.notified().await;
            Wake::Mail
        })
        .await;
        match woke {
            Wake::Mail => {
                shared.with_core(Some(id), |server, _| server.take_output(id, &mut out));
            }
            Wake::Read(Ok(0)) => break,
            Wake::Read(Ok(read)) => {
                in_flight = shared.shutdown.enter();
                shared.with_core(Some(id), |server, now| {
                    server.receive(id, &input[..read], now);
                    server.take_output(id, &mut out);
                });
                yield_next = policy.batch_done(read, input.len());
            }
            Wake::Read(Err(e)) if e.kind() == io::ErrorKind::Interrupted => {}
            Wake::Read(Err(_)) => break,
        }
    }
    drop(in_flight);
    let _ = stream.close().await;
}

/// Under `appendfsync always`, before output goes out: waits until every
/// AOF byte appended so far is durable (group_commit.rs: the fsync thread,
/// or the recovery's rewrite, notifies the mailbox). False when the
/// output must not go out (a write Redis could not persist is never
/// acknowledged, nor state that may be lost shown): the bytes reach past
/// a failed fsync that no rewrite made durable within [`RECOVERY_WAIT`],
/// or the client is to be closed at once meanwhile. A notification meant
/// for new output is consumed here harmlessly: `write_out` takes what the
/// core has once `out` is written.
async fn durable<F, Fut>(shared: &Shared, mailbox: &Arc<Mailbox>, sleep: &F) -> bool
where
    F: Fn(Duration) -> Fut,
    Fut: Future<Output = ()>,
{
    let commit = &shared.group_commit;
    let Some(need) = commit.pending() else {
        return true;
    };
    // Started when the output is first seen held by a failure.
    let mut give_up = None;
    loop {
        if commit.settled(need) == Settled::Durable {
            return true;
        }
        commit.request(need, mailbox);
        match commit.settled(need) {
            Settled::Durable => return true,
            Settled::Syncing => mailbox.notified().await,
            Settled::Failed => {
                let deadline = give_up.get_or_insert_with(|| Box::pin(sleep(RECOVERY_WAIT)));
                let woken = future::or(
                    async {
                        mailbox.notified().await;
                        true
                    },
                    async {
                        deadline.as_mut().await;
                        false
                    },
                )
                .await;
                if !woken {
                    return false;
                }
            }
        }
        if mailbox.close_request() == CloseRequest::Now {
            return false;
        }
    }
}

/// Writes `out`, reporting every write to the core; once all of it is
/// written, takes whatever output the core has gathered meanwhile into
/// `out` (usually nothing). False when the socket failed or the core asked
/// to close the client at once (while a write was blocked, for instance:
/// the mailbox wakes a blocked write).
async fn write_out<S: AsyncWrite + Unpin>(
    shared: &Shared,
    id: ClientId,
    mailbox: &Arc<Mailbox>,
    stream: &mut S,
    out: &mut Vec<u8>,
) -> bool {
    let mut written = 0;
    while written < out.len() {
        let wrote = future::or(async { Some(stream.write(&out[written..]).await) }, async {
            mailbox.notified().await;
            None
        })
        .await;
        let n = match wrote {
            Some(Ok(0)) | Some(Err(_)) => return false,
            Some(Ok(n)) => n,
            None if mailbox.close_request() == CloseRequest::Now => return false,
            // More output, or a flushing close: both wait for this write.
            None => continue,
        };
        written += n;
        if written == out.len() {
            out.clear();
            out.shrink_to(RETAINED_OUTPUT);
            shared.with_core(Some(id), |server, now| {
                server.written(id, n, now);
                server.take_output(id, out);
            });
            break;
        } else {
            shared.with_core(Some(id), |server, now| server.written(id, n, now));
        }
    }
    stream.flush().await.is_ok()
}

#[cfg(test)]
#[path = "connection_tests.rs"]
mod tests;
