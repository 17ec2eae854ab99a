//! The accept loop both runtimes share, behind a minimal [`Runtime`]
//! trait: bind, start the timer and signal tasks, announce, accept until
//! stopped (spawning one connection task per socket), then let replies in
//! flight go out.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_lite::io::{AsyncRead, AsyncWrite};
use miniredis_core::Loaded;

use crate::aof::AofPaths;
use crate::cli::Options;
use crate::connection::serve_connection;
use crate::crash::install_crash_only_panic_hook;
use crate::persist::{self, SnapshotFiles};
use crate::shared::Shared;
use crate::shutdown::SHUTDOWN_GRACE;

/// What differs between async runtimes; everything else is shared.
pub trait Runtime: Clone + Send + Sync + 'static {
    /// The binary's name, for messages.
    const BINARY: &'static str;
    /// The runtime's name, for the announcement and INFO.
    const NAME: &'static str;

    type Listener: Send + Sync + 'static;
    /// An accepted socket. Served through shared references, which both
    /// runtimes' TCP streams support.
    type Stream: Send + Sync + 'static;

    /// Runs the server's main future to completion.
    fn block_on<F: Future>(&self, main: F) -> F::Output;
    fn bind(&self, addr: SocketAddr) -> io::Result<Self::Listener>;
    fn local_addr(listener: &Self::Listener) -> io::Result<SocketAddr>;
    /// Accepts a socket, with Nagle's algorithm off (replies are already
    /// written once per batch; Nagle would only delay them). Returns it
    /// with its peer's address and its local one (`None` if the system
    /// cannot tell), which the core shows in CLIENT LIST.
    fn accept<'a>(
        &'a self,
        listener: &'a Self::Listener,
    ) -> impl Future<Output = io::Result<(Self::Stream, SocketAddr, Option<SocketAddr>)>> + Send + 'a;
    fn spawn(&self, task: impl Future<Output = ()> + Send + 'static);
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static;
    /// Completes when the socket can be read without blocking; a runtime
    /// without that signal yields instead.
    fn readable<'a>(
        &'a self,
        stream: &'a Self::Stream,
    ) -> impl Future<Output = io::Result<()>> + Send + 'a;
}

/// A binary's whole `main`: crash-only panics, the command line, then the
/// server until it stops (exit status 0).
pub fn main<R: Runtime>(runtime: R)
where
    for<'a> &'a R::Stream: AsyncRead + AsyncWrite + Unpin + Send,
{
    install_crash_only_panic_hook(R::BINARY);
    let options = Options::from_env_or_exit(R::BINARY);
    runtime.block_on(serve(runtime.clone(), options));
}

/// Serves until SHUTDOWN or a signal.
pub async fn serve<R: Runtime>(runtime: R, options: Options)
where
    for<'a> &'a R::Stream: AsyncRead + AsyncWrite + Unpin + Send,
{
    let addr = options.addr();
    let listener = runtime
        .bind(addr)
        .unwrap_or_else(|e| exit_cannot_listen(R::BINARY, addr, &e));
    let local =
        R::local_addr(&listener).unwrap_or_else(|e| exit_cannot_listen(R::BINARY, addr, &e));
    let shared = Arc::new(Shared::new(R::BINARY, R::NAME, &options, local.port()));
    // The snapshot file's header is checked before any client is
    // accepted; its keys load in slices once they are (crate::loading).
    let files = SnapshotFiles::new(options.dir.clone(), options.dbfilename.clone());
    if let Err(message) = persist::load_at_start(&shared, &files) {
        eprintln!("{}: {message}", R::BINARY);
        std::process::exit(1);
    }
    let aof_paths = AofPaths {
        dir: options.dir.clone(),
        dirname: options.appenddirname.clone(),
        filename: options.appendfilename.clone(),
    };
    // With `appendonly yes`, the AOF is loaded instead (the snapshot file
    // is not read then), in slices too.
    let aof = persist::load_aof_at_start(&shared, aof_paths).unwrap_or_else(|message| {
        eprintln!("{}: {message}", R::BINARY);
        std::process::exit(1);
    });
    if let Err(e) = persist::spawn_aof_syncer(shared.clone()) {
        eprintln!("{}: cannot start the AOF fsync thread: {e}", R::BINARY);
        std::process::exit(1);
    }
    if let Err(e) = persist::spawn_group_commit(shared.clone()) {
        eprintln!(
            "{}: cannot start the AOF group commit thread: {e}",
            R::BINARY
        );
        std::process::exit(1);
    }
    let temp = files.temp_path();
    let source = files.target().display().to_string();
    if let Err(e) = persist::spawn_writer(shared.clone(), files) {
        eprintln!("{}: cannot start the snapshot writer: {e}", R::BINARY);
        std::process::exit(1);
    }
    if let Some(watcher) = crate::signals::watcher(shared.clone()) {
        runtime.spawn(watcher);
    }
    let timer = (shared.clone(), runtime.clone());
    runtime.spawn(async move {
        let (shared, runtime) = timer;
        shared.run_timer(|d| runtime.sleep(d)).await
    });
    // The accept loop is a task of its own, so the main future (polled at
    // every executor wake-up on some runtimes) costs no accept call.
    let (listener_open, listener_closed) = async_channel::bounded::<()>(1);
    let (accepting, task_runtime) = (shared.clone(), runtime.clone());
    runtime.spawn(async move {
        accept_loop(&task_runtime, &accepting, listener).await;
        drop(listener_open);
    });
    // The listening line says the server is ready: once the dataset is in.
    let ready = move || announce(local, R::NAME);
    let finishing = shared.clone();
    let finish = move |server: &mut miniredis_core::Server, now, ended| match (ended, aof) {
        (Ok(Loaded::Aof(loaded)), Some(aof)) => {
            persist::finish_aof_load(&finishing, aof, server, now, &loaded)
        }
        (Ok(Loaded::Snapshot { keys }), _) => {
            eprintln!("{}: loaded {keys} keys from {source}", R::BINARY);
            Ok(())
        }
        (Ok(Loaded::Aof(_)), None) => Err("an AOF loaded without one open".into()),
        // An AOF's messages name its file already.
        (Err(e), Some(_)) => Err(e),
        (Err(e), None) => Err(format!("cannot load {source}: {e}")),
    };
    if let Err(e) = crate::loading::spawn_loader(shared.clone(), finish, ready) {
        eprintln!("{}: cannot start the loading thread: {e}", R::BINARY);
        std::process::exit(1);
    }
    shared.shutdown.requested().await;
    // Stop accepting, let replies in flight go out; returning ends `main`
    // with status 0.
    let _ = listener_closed.recv().await;
    shared.shutdown.drained(runtime.sleep(SHUTDOWN_GRACE)).await;
    // A background save left unfinished (SHUTDOWN NOSAVE) leaves no file.
    let _ = std::fs::remove_file(temp);
}

/// Accepts until a stop is requested, one connection task per socket; the
/// listener closes when it returns.
async fn accept_loop<R: Runtime>(runtime: &R, shared: &Arc<Shared>, listener: R::Listener)
where
    for<'a> &'a R::Stream: AsyncRead + AsyncWrite + Unpin + Send,
{
    let mut errors = AcceptErrors::new(R::BINARY);
    loop {
        let accepted = shared.shutdown.unless_requested(runtime.accept(&listener));
        let Some(accepted) = accepted.await else {
            return;
        };
        match accepted {
            Ok((stream, peer, local)) => {
                errors.succeeded();
                let (shared, task_runtime) = (shared.clone(), runtime.clone());
                runtime.spawn(async move {
                    let sleep = |d| task_runtime.sleep(d);
                    let readable = || task_runtime.readable(&stream);
                    serve_connection(&shared, &stream, Some(peer), local, sleep, readable).await;
                });
            }
            Err(e) => runtime.sleep(errors.failed(&e)).await,
        }
    }
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
