//! One socket's task: read, hand the bytes to the core (or answer the
//! injected error), write what the core has for this client; woken also
//! when another client's command, the timer or the test thread leaves
//! output or a close request for it.
//!
//! As in the server binaries, nothing more is read while output is
//! unwritten (a client that does not read stalls only itself, and the core
//! closes it once it is over its output limit), and every write is reported
//! to the core so `client-output-buffer-limit` sees the truth.

use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use futures_lite::future;
use futures_lite::io::{AsyncReadExt, AsyncWriteExt};
use miniredis_core::ClientId;
use smol::{Async, Timer};

use crate::inject::{Injector, Route};
use crate::shared::Shared;
use miniredis_runtime_common::mailbox::{CloseRequest, Mailbox};

/// Bytes read from a socket per call into the core.
const READ_BUFFER: usize = 16 * 1024;

/// How long a client closed after its last reply (QUIT, a protocol error)
/// gets to take that reply before the socket closes anyway.
const FLUSH_BEFORE_CLOSE: Duration = Duration::from_secs(5);

/// Owns the socket and reports it closed to the core once it is, however
/// the task ends (the server stopping drops it mid-await): so when
/// `close_clients` sees the client gone, its socket is closed too.
struct Connection {
    shared: Arc<Shared>,
    id: ClientId,
    stream: Option<Async<TcpStream>>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        drop(self.stream.take());
        self.shared.closed(self.id);
    }
}

enum Wake {
    Read(std::io::Result<usize>),
    Mail,
}

/// Serves one accepted socket until it or the core closes it.
pub(crate) async fn serve(shared: Arc<Shared>, stream: Async<TcpStream>, peer: SocketAddr) {
    let local = stream.get_ref().local_addr().ok();
    let (id, mailbox) = match shared.accept(peer, local) {
        Ok(admitted) => admitted,
        Err(refusal) => {
            let _ = (&stream).write_all(refusal.reply()).await;
            return;
        }
    };
    let connection = Connection {
        shared: shared.clone(),
        id,
        stream: Some(stream),
    };
    let Some(stream) = connection.stream.as_ref() else {
        return;
    };
    let mut stream = stream;
    let mut input = vec![0; READ_BUFFER];
    let mut out = Vec::new();
    let mut injector = Injector::default();
    loop {
        if !out.is_empty() && !write_out(&shared, id, &mailbox, &mut stream, &mut out).await {
            break;
        }
        match mailbox.close_request() {
            CloseRequest::None => {}
            CloseRequest::Now => break,
            CloseRequest::AfterFlush => {
                let flush = async {
                    shared.with_core(|core, _| core.server.take_output(id, &mut out));
                    while !out.is_empty() {
                        if !write_out(&shared, id, &mailbox, &mut stream, &mut out).await {
                            break;
                        }
                    }
                };
                future::or(flush, async {
                    Timer::after(FLUSH_BEFORE_CLOSE).await;
                })
                .await;
                break;
            }
        }
        let woke = future::or(async { Wake::Read(stream.read(&mut input).await) }, async {
            mailbox.notified().await;
            Wake::Mail
        })
        .await;
        match woke {
            Wake::Mail => shared.with_core(|core, _| core.server.take_output(id, &mut out)),
            Wake::Read(Ok(0)) => break,
            Wake::Read(Ok(read)) => {
                let route = shared.with_core(|core, now| {
                    let route = injector.route(&input[..read], core.injected.as_deref());
                    if let Route::Core(bytes) = &route {
                        core.server.receive(id, bytes, now);
                        core.server.take_output(id, &mut out);
                    }
                    route
                });
                if let Route::Answer(errors) = route {
                    // Not the core's output: written outside its account.
                    if stream.write_all(&errors).await.is_err() {
                        break;
                    }
                }
            }
            Wake::Read(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Wake::Read(Err(_)) => break,
        }
    }
    drop(connection);
}

/// Writes `out`, reporting every write to the core; once all of it is
/// written, takes whatever output the core gathered meanwhile. False when
/// the socket failed or the core asked to close the client at once (the
/// mailbox wakes a blocked write).
async fn write_out(
    shared: &Shared,
    id: ClientId,
    mailbox: &Arc<Mailbox>,
    stream: &mut &Async<TcpStream>,
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
            None => continue,
        };
        written += n;
        if written == out.len() {
            out.clear();
            shared.with_core(|core, now| {
                core.server.written(id, n, now);
                core.server.take_output(id, out);
            });
            break;
        } else {
            shared.with_core(|core, now| core.server.written(id, n, now));
        }
    }
    true
}
