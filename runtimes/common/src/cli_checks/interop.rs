//! Files moved between the binary and redis-server 7.0.15: our `dump.rdb`
//! loads in redis-server with every type, deadline and database equal,
//! and redis-server's loads in ours. Skipped with a notice when
//! redis-server is not installed, a failure when `CI` is set.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::running::{scratch_dir, Running};
use super::DEADLINE;

/// The dataset, written the same way into either server.
pub(super) const WRITES: &[&str] = &[
    "SET s hello",
    "SET n 12345",
    "SET big aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "RPUSH l a b c 1 2 3",
    "SADD si 1 2 3",
    "SADD ss x y z",
    "HSET h f v g w",
    "ZADD z 1 a 2.5 b -3 c",
    "XADD st 1-1 f v",
    "XADD st 2-1 g w",
    "XGROUP CREATE st grp 1-1",
    "SET ttl x PXAT 4102444800123",
    "HSET httl a 1",
    "PEXPIREAT httl 4102444800456",
    "SELECT 3",
    "SET three 3",
    "SELECT 15",
    "LPUSH fifteen x",
    "SELECT 0",
];

/// Reads whose replies must be equal on both servers.
pub(super) const READS: &[&str] = &[
    "DBSIZE",
    "GET s",
    "GET n",
    "GET big",
    "LRANGE l 0 -1",
    "SORT si",
    "SORT ss ALPHA",
    "HGETALL h",
    "ZRANGE z 0 -1 WITHSCORES",
    "XRANGE st - +",
    "XINFO GROUPS st",
    "PEXPIRETIME ttl",
    "PEXPIRETIME httl",
    "HGETALL httl",
    "PEXPIRETIME s",
    "SELECT 3",
    "DBSIZE",
    "GET three",
    "SELECT 15",
    "LRANGE fifteen 0 -1",
    "SELECT 0",
];

/// A RESP client sending inline commands and reading whole replies as
/// text (nested arrays flattened with their headers).
pub(super) struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    pub(super) fn connect(addr: SocketAddr) -> Client {
        let until = Instant::now() + DEADLINE;
        loop {
            match TcpStream::connect(addr) {
                Ok(stream) => {
                    stream.set_read_timeout(Some(DEADLINE)).unwrap();
                    return Client {
                        reader: BufReader::new(stream),
                    };
                }
                Err(e) if Instant::now() < until => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => panic!("cannot connect to {addr}: {e}"),
            }
        }
    }

    pub(super) fn call(&mut self, command: &str) -> String {
        self.reader
            .get_mut()
            .write_all(format!("{command}\r\n").as_bytes())
            .unwrap();
        let mut text = String::new();
        self.reply(&mut text);
        text
    }

    fn reply(&mut self, text: &mut String) {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("a reply");
        text.push_str(&line);
        let rest = line.get(1..line.len().saturating_sub(2)).unwrap_or("");
        match line.as_bytes().first() {
            Some(b'$') if rest != "-1" => {
                let len: usize = rest.parse().expect("bulk length");
                let mut body = vec![0; len + 2];
                self.reader.read_exact(&mut body).expect("bulk body");
                text.push_str(&String::from_utf8_lossy(&body));
            }
            Some(b'*') if rest != "-1" => {
                let count: usize = rest.parse().expect("array length");
                for _ in 0..count {
                    self.reply(text);
                }
            }
            _ => {}
        }
    }
}

/// redis-server's path, or `None` (a panic under CI) when not installed.
pub(super) fn redis_server() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("redis-server"))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v.is_empty()),
            "redis-server is not installed, and CI is set"
        );
        eprintln!("NOTICE: redis-server not found in PATH; skipping the interop check");
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Starts redis-server in `dir` with `args` on a free port.
pub(super) fn start_redis(exe: &Path, dir: &Path, args: &[&str]) -> (Running, SocketAddr) {
    let port = free_port();
    let port_arg = port.to_string();
    let dir_arg = dir.to_string_lossy().into_owned();
    let log = dir.join("redis.log").to_string_lossy().into_owned();
    let mut all = vec![
        "--port",
        &port_arg,
        "--bind",
        "127.0.0.1",
        "--daemonize",
        "no",
        "--dir",
        &dir_arg,
        "--logfile",
        &log,
    ];
    all.extend_from_slice(args);
    let server = Running::start_in(&exe.to_string_lossy(), &all, &[], dir);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    // Wait until it answers (it may be loading).
    let until = Instant::now() + DEADLINE;
    loop {
        if let Ok(stream) = TcpStream::connect(addr) {
            let mut client = Client {
                reader: BufReader::new(stream),
            };
            client
                .reader
                .get_ref()
                .set_read_timeout(Some(DEADLINE))
                .unwrap();
            if client.call("PING") == "+PONG\r\n" {
                break;
            }
        }
        assert!(
            Instant::now() < until,
            "redis-server did not start: {}",
            log
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    (server, addr)
}

/// Starts the binary in `dir` with `args`; returns it and its address.
pub(super) fn start_ours(binary: &str, dir: &Path, args: &[&str]) -> (Running, SocketAddr) {
    let dir_arg = dir.to_string_lossy().into_owned();
    let mut all = vec!["--port", "0", "--dir", &dir_arg];
    all.extend_from_slice(args);
    let mut server = Running::start_in(binary, &all, &[], dir);
    let line = server.first_line();
    let addr = line
        .split_whitespace()
        .nth(3)
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (server, addr)
}

/// Writes the dataset through `addr`.
pub(super) fn write_dataset(addr: SocketAddr) {
    let mut client = Client::connect(addr);
    for command in WRITES {
        let reply = client.call(command);
        assert!(!reply.starts_with('-'), "{command}: {reply}");
    }
}

/// The replies of the reads, one string.
pub(super) fn read_dataset(addr: SocketAddr) -> Vec<(String, String)> {
    let mut client = Client::connect(addr);
    READS
        .iter()
        .map(|command| (command.to_string(), client.call(command)))
        .collect()
}

/// Stops a server with SHUTDOWN NOSAVE and waits for it.
pub(super) fn stop(mut server: Running, addr: SocketAddr) {
    let mut client = Client::connect(addr);
    let _ = client.reader.get_mut().write_all(b"SHUTDOWN NOSAVE\r\n");
    let mut rest = Vec::new();
    let _ = client.reader.read_to_end(&mut rest);
    server.wait();
}

/// Our `dump.rdb` loads in redis-server with equal data, and
/// redis-server's loads in ours (and `redis-check-rdb` accepts ours when
/// installed).
pub fn rdb_interop_with_redis(binary: &str) {
    let Some(redis) = redis_server() else {
        return;
    };
    // Ours -> redis-server.
    let dir = scratch_dir("rdb-interop-ours");
    let (ours, addr) = start_ours(binary, &dir, &["--save", ""]);
    write_dataset(addr);
    deliver_one(addr);
    let expected = read_dataset(addr);
    assert_eq!(Client::connect(addr).call("SAVE"), "+OK\r\n");
    stop(ours, addr);
    let check = Command::new("redis-check-rdb")
        .arg(dir.join("dump.rdb"))
        .output();
    if let Ok(check) = check {
        assert!(
            check.status.success(),
            "redis-check-rdb refused our file: {}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    let (theirs, raddr) = start_redis(&redis, &dir, &["--save", "", "--appendonly", "no"]);
    assert_eq!(
        read_dataset(raddr),
        expected,
        "redis-server loading our dump.rdb"
    );
    assert_recent_delivery(raddr, "redis-server loading our dump.rdb");
    stop(theirs, raddr);

    // redis-server -> ours.
    let dir = scratch_dir("rdb-interop-theirs");
    let (theirs, raddr) = start_redis(&redis, &dir, &["--save", "", "--appendonly", "no"]);
    write_dataset(raddr);
    deliver_one(raddr);
    let expected = read_dataset(raddr);
    assert_eq!(Client::connect(raddr).call("SAVE"), "+OK\r\n");
    stop(theirs, raddr);
    let (ours, addr) = start_ours(binary, &dir, &["--save", ""]);
    assert_eq!(
        read_dataset(addr),
        expected,
        "our binary loading redis-server's dump.rdb"
    );
    assert_recent_delivery(addr, "our binary loading redis-server's dump.rdb");
    stop(ours, addr);
}

/// Delivers the stream's second entry to `alice` of `grp`: a pending
/// entry with a delivery time, written in the file.
fn deliver_one(addr: SocketAddr) {
    let reply = Client::connect(addr).call("XREADGROUP GROUP grp alice COUNT 1 STREAMS st >");
    assert!(reply.contains("2-1"), "{reply}");
}

/// The times of the stream's groups (delivery and seen times, in
/// `XINFO STREAM st FULL`) are within a minute of now: they went through
/// the file as the Unix milliseconds they are.
fn assert_recent_delivery(addr: SocketAddr, what: &str) {
    let reply = Client::connect(addr).call("XINFO STREAM st FULL");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let times: Vec<i64> = reply
        .split("\r\n")
        .filter_map(|line| line.strip_prefix(':'))
        .filter_map(|n| n.parse::<i64>().ok())
        .filter(|&n| n > 1_000_000_000_000)
        .collect();
    assert!(!times.is_empty(), "{what}: no times in {reply:?}");
    for time in times {
        assert!(
            (now - 60_000..=now + 60_000).contains(&time),
            "{what}: a group time {time} ms, now {now} ms"
        );
    }
}
