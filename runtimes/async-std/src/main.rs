//! miniRedis served by async-std.
//!
//! Only what is specific to async-std lives here: its listener and
//! sockets, its global executor and `task::sleep`. It has no readiness
//! signal without a read, so a connection that would wait for one yields
//! and reads instead. Everything else is `miniredis-runtime-common`.
//!
//! async-std is no longer developed upstream; this adapter is kept small
//! and isolated so it can be dropped without touching anything else.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use async_std::net::{TcpListener, TcpStream};
use async_std::task;
use miniredis_runtime_common::Runtime;

#[derive(Clone)]
struct AsyncStd;

impl Runtime for AsyncStd {
    const BINARY: &'static str = "miniredis-async-std";
    const NAME: &'static str = "async-std";
    type Listener = TcpListener;
    type Stream = TcpStream;

    fn block_on<F: Future>(&self, main: F) -> F::Output {
        task::block_on(main)
    }

    fn bind(&self, addr: SocketAddr) -> io::Result<Self::Listener> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        Ok(TcpListener::from(listener))
    }

    fn local_addr(listener: &Self::Listener) -> io::Result<SocketAddr> {
        listener.local_addr()
    }

    async fn accept(
        &self,
        listener: &Self::Listener,
    ) -> io::Result<(Self::Stream, SocketAddr, Option<SocketAddr>)> {
        let (stream, peer) = listener.accept().await?;
        let local = stream.local_addr().ok();
        let _ = stream.set_nodelay(true);
        Ok((stream, peer, local))
    }

    fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        task::spawn(task);
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static {
        task::sleep(duration)
    }

    async fn readable(&self, _stream: &Self::Stream) -> io::Result<()> {
        task::yield_now().await;
        Ok(())
    }
}

fn main() {
    miniredis_runtime_common::main(AsyncStd);
}
