//! miniRedis served by smol (the default runtime).
//!
//! Only what is specific to smol lives here: its listener and sockets,
//! tasks on an owned [`Executor`], its [`Timer`], and readiness without a
//! read (`Async::readable`). Everything else is `miniredis-runtime-common`.
//!
//! The executor runs on the main thread only: the core is one
//! mutex-guarded state machine, so more executor threads would mostly
//! contend on that lock.

use std::future::Future;
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use miniredis_runtime_common::Runtime;
use smol::{Async, Executor, Timer};

#[derive(Clone)]
struct Smol(Arc<Executor<'static>>);

impl Runtime for Smol {
    const BINARY: &'static str = "miniredis-smol";
    const NAME: &'static str = "smol";
    type Listener = Async<TcpListener>;
    type Stream = Async<TcpStream>;

    fn block_on<F: Future>(&self, main: F) -> F::Output {
        smol::block_on(run_polling_io(&self.0, main))
    }

    fn bind(&self, addr: SocketAddr) -> io::Result<Self::Listener> {
        Async::<TcpListener>::bind(addr)
    }

    fn local_addr(listener: &Self::Listener) -> io::Result<SocketAddr> {
        listener.get_ref().local_addr()
    }

    async fn accept(
        &self,
        listener: &Self::Listener,
    ) -> io::Result<(Self::Stream, SocketAddr, Option<SocketAddr>)> {
        let (stream, peer) = listener.accept().await?;
        let local = stream.get_ref().local_addr().ok();
        let _ = stream.get_ref().set_nodelay(true);
        Ok((stream, peer, local))
    }

    fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        self.0.spawn(task).detach();
    }

    // Not an `async fn`: the timer must not borrow `self` ('static).
    #[allow(clippy::manual_async_fn)]
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static {
        async move {
            Timer::after(duration).await;
        }
    }

    async fn readable(&self, stream: &Self::Stream) -> io::Result<()> {
        stream.readable().await
    }
}

/// Tasks run between two polls of the reactor (I/O readiness and timers)
/// while tasks are always ready.
const TASKS_PER_IO_POLL: usize = 16;

/// Runs `executor` until `main` completes, like [`Executor::run`] but
/// returning to [`smol::block_on`] every [`TASKS_PER_IO_POLL`] tasks, where
/// it polls the reactor without blocking.
async fn run_polling_io<F: Future>(executor: &Executor<'static>, main: F) -> F::Output {
    let tasks = async {
        loop {
            for _ in 0..TASKS_PER_IO_POLL {
                executor.tick().await;
            }
            smol::future::yield_now().await;
        }
    };
    smol::future::or(main, tasks).await
}

fn main() {
    miniredis_runtime_common::main(Smol(Arc::new(Executor::new())));
}
