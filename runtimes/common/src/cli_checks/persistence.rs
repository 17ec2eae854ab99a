//! Snapshot files through a real binary: saved, loaded after a restart,
//! kept intact when a save fails, refused at start when unreadable.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::running::{scratch_dir, Running};
use super::DEADLINE;

/// Starts the binary in `dir` with `args`; returns it and its address.
fn start(binary: &str, dir: &Path, args: &[&str]) -> (Running, SocketAddr) {
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

/// A connection sending inline commands and reading one-line replies
/// (every reply these checks expect is one line, or a bulk string).
struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn new(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        Conn {
            reader: BufReader::new(stream),
        }
    }

    /// Sends one inline command; returns its reply (a bulk string's
    /// header and body joined).
    fn call(&mut self, command: &str) -> String {
        let mut line = self.first_line(command);
        if line.starts_with('$') && line != "$-1\r\n" {
            let mut body = String::new();
            self.reader.read_line(&mut body).expect("a bulk body");
            line.push_str(&body);
        }
        line
    }

    /// Sends one inline command; returns the first line of its reply.
    fn first_line(&mut self, command: &str) -> String {
        self.reader
            .get_mut()
            .write_all(format!("{command}\r\n").as_bytes())
            .unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("a reply");
        line
    }

    /// An INFO persistence field, read fresh.
    fn info_field(&mut self, name: &str) -> String {
        let reply = self.first_line("INFO persistence");
        let len: usize = reply[1..reply.find('\r').unwrap()].parse().unwrap();
        let mut body = vec![0; len + 2];
        std::io::Read::read_exact(&mut self.reader, &mut body).unwrap();
        let text = String::from_utf8_lossy(&body).into_owned();
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .to_string()
    }

    /// Polls an INFO field until it has `want`.
    fn wait_for(&mut self, name: &str, want: &str) {
        let until = Instant::now() + DEADLINE;
        while self.info_field(name) != want {
            assert!(Instant::now() < until, "{name} never became {want}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn signal(server: &Running, signal: &str) {
    let sent = Command::new("kill")
        .arg(signal)
        .arg(server.child.id().to_string())
        .status()
        .expect("run kill");
    assert!(sent.success());
}

/// SAVE, BGSAVE and the save on SIGTERM write a file the next start loads.
pub fn snapshots_survive_a_restart(binary: &str) {
    let dir = scratch_dir("restart");
    let (server, addr) = start(binary, &dir, &["--save", ""]);
    let mut c = Conn::new(addr);
    assert_eq!(c.call("SET a 1"), "+OK\r\n");
    assert_eq!(c.call("RPUSH l x y"), ":2\r\n");
    assert_eq!(c.call("SAVE"), "+OK\r\n");
    assert!(dir.join("dump.rdb").exists());
    assert_eq!(c.call("SET b 2"), "+OK\r\n");
    assert_eq!(c.call("BGSAVE"), "+Background saving started\r\n");
    c.wait_for("rdb_bgsave_in_progress", "0");
    assert_eq!(c.info_field("rdb_last_bgsave_status"), "ok");
    // Without save points a signal does not save: this write is lost.
    assert_eq!(c.call("SET lost 1"), "+OK\r\n");
    drop(c);
    signal(&server, "-TERM");
    let mut server = server;
    assert_eq!(server.wait().code(), Some(0));

    // With save points (Redis's default) SIGTERM saves first.
    let (server, addr) = start(binary, &dir, &[]);
    let mut c = Conn::new(addr);
    assert_eq!(c.call("GET a"), "$1\r\n1\r\n");
    assert_eq!(c.call("GET b"), "$1\r\n2\r\n");
    assert_eq!(c.call("EXISTS lost"), ":0\r\n");
    assert_eq!(c.call("LLEN l"), ":2\r\n");
    assert_eq!(c.call("SET kept 1"), "+OK\r\n");
    drop(c);
    signal(&server, "-TERM");
    let mut server = server;
    assert_eq!(server.wait().code(), Some(0));
    assert!(!dir.join(format!("temp-{}.rdb", server.child.id())).exists());

    let (_server, addr) = start(binary, &dir, &["--save", ""]);
    let mut c = Conn::new(addr);
    assert_eq!(c.call("GET kept"), "$1\r\n1\r\n");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A save that cannot be written reports the error, keeps the previous
/// file, and (with save points) refuses writes until a save succeeds.
pub fn a_failed_save_keeps_the_previous_file(binary: &str) {
    let dir = scratch_dir("failed-save");
    let (server, addr) = start(binary, &dir, &["--save", "3600 1"]);
    let mut c = Conn::new(addr);
    assert_eq!(c.call("SET a old"), "+OK\r\n");
    assert_eq!(c.call("SAVE"), "+OK\r\n");
    let before = std::fs::read(dir.join("dump.rdb")).unwrap();
    // A directory where the temporary file goes: creating it fails, even
    // for root (a read-only directory would not stop root).
    let temp = dir.join(format!("temp-{}.rdb", server.child.id()));
    std::fs::create_dir_all(temp.join("x")).unwrap();
    assert_eq!(c.call("SET a new"), "+OK\r\n");
    assert_eq!(c.call("SAVE"), "-ERR\r\n");
    assert_eq!(c.call("BGSAVE"), "+Background saving started\r\n");
    c.wait_for("rdb_last_bgsave_status", "err");
    assert!(c.call("SET a newer").starts_with("-MISCONF "));
    assert_eq!(std::fs::read(dir.join("dump.rdb")).unwrap(), before);
    // The disk recovers: the next save succeeds and writes are accepted.
    std::fs::remove_dir_all(&temp).unwrap();
    assert_eq!(c.call("BGSAVE"), "+Background saving started\r\n");
    c.wait_for("rdb_last_bgsave_status", "ok");
    assert_eq!(c.call("SET a newest"), "+OK\r\n");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A snapshot file that cannot be loaded ends start-up with a message
/// naming it and a non-zero status.
pub fn an_unreadable_file_ends_startup(binary: &str) {
    let dir = scratch_dir("bad-file");
    std::fs::write(dir.join("dump.rdb"), b"not a snapshot").unwrap();
    let dir_arg = dir.to_string_lossy().into_owned();
    let server = Running::start_in(binary, &["--port", "0", "--dir", &dir_arg], &[], &dir);
    let (status, stdout, stderr) = server.finish();
    assert!(!status.success(), "started: {stdout}");
    assert!(stderr.contains("dump.rdb"), "{stderr:?}");
    assert_eq!(stdout, "", "it never listened");
    // A --dir that does not exist is refused too.
    let missing = dir.join("missing").to_string_lossy().into_owned();
    let server = Running::start_in(binary, &["--port", "0", "--dir", &missing], &[], &dir);
    let (status, _, stderr) = server.finish();
    assert!(!status.success());
    assert!(stderr.contains("missing"), "{stderr:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
