//! The server from inside async-std's runtime: its own thread and executor
//! do not care which runtime the test runs, and a blocking helper call
//! (`fast_forward`) is safe from there.

use std::time::Duration;

use async_std::net::TcpStream;
use async_std::task;
use futures_lite::io::{AsyncReadExt, AsyncWriteExt};
use miniredis_embedded::Server;

#[test]
fn expiry_and_blpop_timeout_under_async_std() {
    task::block_on(async {
        let server = Server::start().unwrap();
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream.write_all(b"SET k v EX 10\r\n").await.unwrap();
        let mut ok = [0; 5];
        stream.read_exact(&mut ok).await.unwrap();
        assert_eq!(&ok, b"+OK\r\n");
        server.fast_forward(Duration::from_secs(10));
        assert!(!server.exists("k"));

        stream.write_all(b"BLPOP q 3\r\n").await.unwrap();
        while server.blocked_clients() == 0 {
            task::sleep(Duration::from_millis(1)).await;
        }
        server.fast_forward(Duration::from_secs(3));
        let mut nil = [0; 5];
        stream.read_exact(&mut nil).await.unwrap();
        assert_eq!(&nil, b"*-1\r\n");
    });
}
