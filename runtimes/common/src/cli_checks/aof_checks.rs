//! The AOF through a real binary: every acknowledged write survives a
//! SIGKILL at a random moment under a pipelined writer (`appendfsync
//! always`), with rewrites in between; and the appendonlydir moves between
//! the binary and redis-server 7.0.15 both ways.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::interop::{
    read_dataset, redis_server, start_ours, start_redis, stop, write_dataset, Client,
};
use super::running::scratch_dir;

/// Crash rounds per binary.
const ROUNDS: u64 = 20;

/// A small xorshift generator: the seed is printed, so a failing run can
/// be told apart from the next (the timing is not replayable anyway).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Sends `SET r<round>:<i> <i>` pipelined, 32 at a time, and counts the
/// replies read: `acked` is how many writes the server acknowledged.
fn writer(addr: SocketAddr, round: u64, acked: Arc<AtomicU64>) {
    let Ok(stream) = TcpStream::connect(addr) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream);
    let mut next = 0u64;
    loop {
        let mut batch = Vec::new();
        for i in next..next + 32 {
            let key = format!("r{round}:{i}");
            let value = i.to_string();
            batch.extend_from_slice(
                format!(
                    "*3\r\n$3\r\nSET\r\n${}\r\n{key}\r\n${}\r\n{value}\r\n",
                    key.len(),
                    value.len()
                )
                .as_bytes(),
            );
        }
        if reader.get_mut().write_all(&batch).is_err() {
            return;
        }
        for _ in 0..32 {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(n) if n > 0 && line == "+OK\r\n" => {
                    acked.fetch_add(1, Ordering::SeqCst);
                }
                _ => return,
            }
        }
        next += 32;
    }
}

/// SIGKILL under a pipelined writer, `ROUNDS` times on one directory;
/// after each restart every acknowledged write of every round is there.
pub fn aof_survives_sigkill(binary: &str) {
    let dir = scratch_dir("aof-crash");
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    eprintln!("aof_survives_sigkill: seed {seed}");
    let mut rng = Rng(seed);
    let args = [
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
    ];
    let mut acked_by_round = Vec::new();
    for round in 0..ROUNDS {
        let (mut server, addr) = start_ours(binary, &dir, &args);
        check_rounds(addr, &acked_by_round, round);
        let acked = Arc::new(AtomicU64::new(0));
        let counter = acked.clone();
        let writing = std::thread::spawn(move || writer(addr, round, counter));
        std::thread::sleep(Duration::from_millis(5 + rng.next() % 60));
        if round % 4 == 1 {
            // A rewrite in flight when the kill comes, or finished before.
            let reply = Client::connect(addr).call("BGREWRITEAOF");
            assert!(reply.starts_with('+'), "{reply}");
            std::thread::sleep(Duration::from_millis(rng.next() % 20));
        }
        server.child.kill().expect("SIGKILL");
        let _ = server.child.wait();
        writing.join().expect("the writer thread");
        acked_by_round.push(acked.load(Ordering::SeqCst));
    }
    eprintln!("aof_survives_sigkill: acknowledged per round {acked_by_round:?}");
    let (server, addr) = start_ours(binary, &dir, &args);
    check_rounds(addr, &acked_by_round, ROUNDS);
    stop(server, addr);
    assert!(
        acked_by_round.iter().sum::<u64>() > 0,
        "no write was acknowledged at all: {acked_by_round:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Every acknowledged key of the rounds before `upto` holds its value.
fn check_rounds(addr: SocketAddr, acked_by_round: &[u64], upto: u64) {
    let mut client = Client::connect(addr);
    for (round, &acked) in acked_by_round.iter().enumerate().take(upto as usize) {
        let mut i = 0;
        while i < acked {
            let end = (i + 200).min(acked);
            let keys: Vec<String> = (i..end).map(|k| format!("r{round}:{k}")).collect();
            let reply = client.call(&format!("MGET {}", keys.join(" ")));
            let mut expected = format!("*{}\r\n", end - i);
            for k in i..end {
                let value = k.to_string();
                expected.push_str(&format!("${}\r\n{value}\r\n", value.len()));
            }
            assert_eq!(
                reply, expected,
                "round {round}: an acknowledged write among {i}..{end} is missing ({acked} acknowledged)"
            );
            i = end;
        }
    }
}

/// Our appendonlydir (a base after a rewrite, and records after it)
/// loads in redis-server with equal data, and redis-server's in ours.
pub fn aof_interop_with_redis(binary: &str) {
    let Some(redis) = redis_server() else {
        return;
    };
    let aof = ["--save", "", "--appendonly", "yes"];
    // Ours -> redis-server.
    let dir = scratch_dir("aof-interop-ours");
    let (ours, addr) = start_ours(binary, &dir, &aof);
    write_dataset(addr);
    let mut client = Client::connect(addr);
    assert_eq!(
        client.call("BGREWRITEAOF"),
        "+Background append only file rewriting started\r\n"
    );
    wait_rewrite(&mut client);
    // Records after the base: a change and a new key.
    assert_eq!(client.call("SET s changed"), "+OK\r\n");
    assert_eq!(client.call("SET after 1"), "+OK\r\n");
    assert_eq!(client.call("SET s hello"), "+OK\r\n");
    assert_eq!(client.call("DEL after"), ":1\r\n");
    let expected = read_dataset(addr);
    drop(client);
    stop(ours, addr);
    let (theirs, raddr) = start_redis(&redis, &dir, &aof);
    assert_eq!(
        read_dataset(raddr),
        expected,
        "redis-server loading our AOF"
    );
    stop(theirs, raddr);

    // redis-server -> ours.
    let dir = scratch_dir("aof-interop-theirs");
    let (theirs, raddr) = start_redis(&redis, &dir, &aof);
    write_dataset(raddr);
    let expected = read_dataset(raddr);
    stop(theirs, raddr);
    let (ours, addr) = start_ours(binary, &dir, &aof);
    assert_eq!(
        read_dataset(addr),
        expected,
        "our binary loading redis-server's AOF"
    );
    stop(ours, addr);
}

/// `aof-use-rdb-preamble no` on both sides: our rewrite's base, commands
/// in `<name>.<seq>.base.aof`, loads in redis-server with equal data
/// (pending stream entries and an idle consumer included), and the base
/// of commands redis-server's rewrite writes loads in ours.
pub fn aof_interop_without_preamble(binary: &str) {
    let Some(redis) = redis_server() else {
        return;
    };
    let aof = [
        "--save",
        "",
        "--appendonly",
        "yes",
        "--aof-use-rdb-preamble",
        "no",
    ];
    let streams = [
        "XREADGROUP GROUP grp alice COUNT 1 STREAMS st >",
        "XGROUP CREATECONSUMER st grp bob",
    ];
    // The extended XPENDING's idle times differ between the servers.
    let reads = [
        ("XPENDING st grp", false),
        ("XPENDING st grp - + 10 alice", true),
    ];
    let read = |client: &mut Client, command: &str, idle: bool| {
        let reply = client.call(command);
        let reply = if idle { without_idle(&reply) } else { reply };
        (command.to_string(), reply)
    };
    let fill_and_rewrite = |addr: SocketAddr| {
        write_dataset(addr);
        let mut client = Client::connect(addr);
        for command in streams {
            assert!(!client.call(command).starts_with('-'), "{command}");
        }
        assert_eq!(
            client.call("BGREWRITEAOF"),
            "+Background append only file rewriting started\r\n"
        );
        wait_rewrite(&mut client);
        // A record after the base.
        assert_eq!(client.call("SET after 1"), "+OK\r\n");
        let mut expected = read_dataset(addr);
        for (command, idle) in reads {
            expected.push(read(&mut client, command, idle));
        }
        expected
    };
    let reread = |addr: SocketAddr| {
        let mut client = Client::connect(addr);
        let mut got = read_dataset(addr);
        for (command, idle) in reads {
            got.push(read(&mut client, command, idle));
        }
        got
    };
    for (from, ours_first) in [("ours", true), ("theirs", false)] {
        let dir = scratch_dir(&format!("aof-no-preamble-{from}"));
        let (first, addr) = if ours_first {
            start_ours(binary, &dir, &aof)
        } else {
            start_redis(&redis, &dir, &aof)
        };
        let expected = fill_and_rewrite(addr);
        stop(first, addr);
        let manifest =
            std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.manifest")).unwrap();
        assert!(
            manifest.starts_with("file appendonly.aof.2.base.aof seq 2 type b\n"),
            "{from}: {manifest}"
        );
        let base = std::fs::read(dir.join("appendonlydir/appendonly.aof.2.base.aof")).unwrap();
        assert!(base.starts_with(b"*2\r\n$6\r\nSELECT\r\n"), "{from}");
        let claims = base.windows(8).filter(|w| w == b"\r\nXCLAIM").count();
        assert_eq!(claims, 1, "{from}: the pending entry as an XCLAIM");
        let (second, addr) = if ours_first {
            start_redis(&redis, &dir, &aof)
        } else {
            start_ours(binary, &dir, &aof)
        };
        assert_eq!(reread(addr), expected, "loading the AOF of {from}");
        stop(second, addr);
    }
}

/// An extended XPENDING reply with each entry's idle time blanked (per
/// entry: `*4`, the ID, the consumer, the idle time, the count).
fn without_idle(reply: &str) -> String {
    let lines: Vec<&str> = reply.split("\r\n").collect();
    let mut out = Vec::new();
    let mut skip_at = None;
    for (i, line) in lines.iter().enumerate() {
        if *line == "*4" {
            skip_at = Some(i + 5);
        }
        if skip_at == Some(i) {
            out.push(":<idle>");
            continue;
        }
        out.push(line);
    }
    out.join("\r\n")
}

fn wait_rewrite(client: &mut Client) {
    for _ in 0..500 {
        let info = client.call("INFO persistence");
        if info.contains("aof_rewrite_in_progress:0") {
            assert!(info.contains("aof_last_bgrewrite_status:ok"), "{info}");
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the AOF rewrite never finished");
}

/// A torn last record is cut off at start (with a log line) under
/// `aof-load-truncated yes`, and ends start-up under `no`; an old single
/// `appendonly.aof` in `dir` is loaded and moved into the directory.
pub fn aof_torn_tail_and_old_file(binary: &str) {
    let dir = scratch_dir("aof-torn");
    let args = [
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
    ];
    let (mut server, addr) = start_ours(binary, &dir, &args);
    let mut client = Client::connect(addr);
    assert_eq!(client.call("SET a 1"), "+OK\r\n");
    assert_eq!(client.call("SET b 2"), "+OK\r\n");
    drop(client);
    server.child.kill().expect("SIGKILL");
    let _ = server.child.wait();
    let incr = dir.join("appendonlydir/appendonly.aof.1.incr.aof");
    let whole = std::fs::read(&incr).expect("the incremental file");
    let mut torn = whole.clone();
    torn.extend_from_slice(b"*3\r\n$3\r\nSET\r\n$1\r\nc");
    std::fs::write(&incr, &torn).unwrap();

    let refused = std::process::Command::new(binary)
        .args(["--port", "0", "--dir"])
        .arg(&dir)
        .args(args)
        .args(["--aof-load-truncated", "no"])
        .output()
        .expect("run the binary");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("Unexpected end of file"), "{stderr}");
    assert_eq!(
        std::fs::read(&incr).unwrap(),
        torn,
        "refused: the file is untouched"
    );

    let (server, addr) = start_ours(binary, &dir, &args);
    let mut client = Client::connect(addr);
    assert_eq!(
        client.call("MGET a b c"),
        "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n"
    );
    drop(client);
    stop(server, addr);
    assert_eq!(
        std::fs::read(&incr).unwrap(),
        whole,
        "truncated to the whole records"
    );

    // An old single file (Redis 6 and older): loaded, then moved in.
    let old = scratch_dir("aof-old");
    std::fs::write(
        old.join("appendonly.aof"),
        b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$1\r\n1\r\n",
    )
    .unwrap();
    let (server, addr) = start_ours(binary, &old, &args);
    let mut client = Client::connect(addr);
    assert_eq!(client.call("GET old"), "$1\r\n1\r\n");
    assert_eq!(client.call("SET new 2"), "+OK\r\n");
    drop(client);
    stop(server, addr);
    let manifest = std::fs::read_to_string(old.join("appendonlydir/appendonly.aof.manifest"))
        .expect("a manifest");
    assert_eq!(
        manifest,
        "file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"
    );
    assert!(!old.join("appendonly.aof").exists());
    let (server, addr) = start_ours(binary, &old, &args);
    assert_eq!(
        Client::connect(addr).call("MGET old new"),
        "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"
    );
    stop(server, addr);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(old);
}
