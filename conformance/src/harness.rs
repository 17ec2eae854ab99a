//! Starting a server under test on a free port, waiting until it accepts
//! connections, and killing it when the handle is dropped.

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long a freshly started server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts with a new port when the server exits right away (port race).
const START_ATTEMPTS: usize = 3;

/// Which kind of server is under test; some cases apply to one kind only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A miniRedis binary.
    MiniRedis,
    /// A real redis-server, proving the expected bytes.
    RealRedis,
    /// twemproxy (nutcracker) in front of servers under test.
    Proxy,
}

/// A running server process, killed on drop.
pub struct Server {
    child: Child,
    addr: SocketAddr,
    dir: PathBuf,
    log: PathBuf,
    target: Target,
    label: String,
}

impl Server {
    /// Starts a miniRedis binary with `--port N --bind 127.0.0.1 --save ""
    /// --dir <its temporary directory> --enable-debug-command yes` plus
    /// `extra_args`.
    pub fn start_binary(binary: &str, extra_args: &[&str]) -> Result<Server, String> {
        let label = Path::new(binary)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| binary.to_string());
        Self::start(Target::MiniRedis, &label, |port, dir, _log| {
            let mut cmd = Command::new(binary);
            cmd.args(["--port", &port.to_string(), "--bind", "127.0.0.1"]);
            // As redis-server is started: no save points, files in the
            // server's own temporary directory (never a dump.rdb left in,
            // or loaded from, the working directory). A test may give its
            // own.
            if !extra_args.contains(&"--save") {
                cmd.args(["--save", ""]);
            }
            if !extra_args.contains(&"--dir") {
                cmd.arg("--dir").arg(dir);
            }
            // DEBUG runs, as on redis-server below (cases/debug.rs).
            if !extra_args.contains(&"--enable-debug-command") {
                cmd.args(["--enable-debug-command", "yes"]);
            }
            cmd.args(extra_args);
            cmd
        })
    }

    /// Starts `redis-server` without persistence, with DEBUG enabled,
    /// logging to a temp file.
    /// `Ok(None)` when redis-server is not installed.
    pub fn start_redis_server() -> Result<Option<Server>, String> {
        let Some(exe) = find_in_path("redis-server") else {
            return Ok(None);
        };
        Self::start(Target::RealRedis, "redis-server", |port, dir, log| {
            let mut cmd = Command::new(&exe);
            cmd.args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
                .args(["--enable-debug-command", "yes"])
                .arg("--logfile")
                .arg(log)
                .arg("--dir")
                .arg(dir);
            cmd
        })
        .map(Some)
    }

    /// Starts twemproxy (Debian's `nutcracker`) sharding keys over
    /// `backends` (Redis protocol, fnv1a_64 modulo the server count), its statistics
    /// port on loopback too. `Ok(None)` when nutcracker is not installed.
    pub fn start_nutcracker(backends: &[SocketAddr]) -> Result<Option<Server>, String> {
        let Some(exe) = find_in_path("nutcracker").or_else(|| {
            let sbin = PathBuf::from("/usr/sbin/nutcracker");
            is_executable(&sbin).then_some(sbin)
        }) else {
            return Ok(None);
        };
        let stats_port = free_port().map_err(|e| format!("no free port: {e}"))?;
        let backends: Vec<String> = backends.iter().map(|b| format!("   - {b}:1")).collect();
        Self::start(Target::Proxy, "nutcracker", |port, dir, log| {
            let conf = dir.join("nutcracker.yml");
            let text = format!(
                "pool:\n  listen: 127.0.0.1:{port}\n  hash: fnv1a_64\n  distribution: modula\n  \
                 redis: true\n  auto_eject_hosts: false\n  timeout: 2000\n  servers:\n{}\n",
                backends.join("\n")
            );
            // A failed write shows up as nutcracker refusing to start.
            let _ = fs::write(&conf, text);
            let mut cmd = Command::new(&exe);
            cmd.arg("-c")
                .arg(&conf)
                .args(["-a", "127.0.0.1", "-s", &stats_port.to_string()])
                .arg("-o")
                .arg(log)
                .arg("-p")
                .arg(dir.join("nutcracker.pid"));
            cmd
        })
        .map(Some)
    }

    fn start(
        target: Target,
        label: &str,
        make: impl Fn(u16, &Path, &Path) -> Command,
    ) -> Result<Server, String> {
        let mut last_error = String::new();
        for _ in 0..START_ATTEMPTS {
            let port = free_port().map_err(|e| format!("no free port: {e}"))?;
            let dir = temp_dir(label, port)?;
            let log = dir.join("server.log");
            let out = fs::File::create(dir.join("stdout.log")).map_err(|e| e.to_string())?;
            let err = out.try_clone().map_err(|e| e.to_string())?;
            let mut cmd = make(port, &dir, &log);
            cmd.stdin(Stdio::null())
                .stdout(Stdio::from(out))
                .stderr(Stdio::from(err));
            let child = cmd
                .spawn()
                .map_err(|e| format!("cannot start {label}: {e}"))?;
            let mut server = Server {
                child,
                addr: SocketAddr::from(([127, 0, 0, 1], port)),
                dir,
                log,
                target,
                label: label.to_string(),
            };
            match server.wait_accepting(START_TIMEOUT) {
                Ok(()) => return Ok(server),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    /// Polls until the port accepts a TCP connection, the process exits, or
    /// the time is up.
    fn wait_accepting(&mut self, limit: Duration) -> Result<(), String> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "{} exited ({status}) before accepting on {}\n{}",
                    self.label,
                    self.addr,
                    self.output()
                ));
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(100)).is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "{} did not accept on {} within {limit:?}\n{}",
                    self.label,
                    self.addr,
                    self.output()
                ));
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// What kind of server this is.
    pub fn target(&self) -> Target {
        self.target
    }

    /// A short name for reports.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// True while the process has not exited.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// What the server printed so far (stdout, stderr and log file), for
    /// diagnosing a failed start.
    pub fn output(&self) -> String {
        let mut text = String::new();
        for file in [self.dir.join("stdout.log"), self.log.clone()] {
            if let Ok(s) = fs::read_to_string(&file) {
                if !s.trim().is_empty() {
                    text.push_str(&format!("--- {} ---\n{}\n", file.display(), s.trim_end()));
                }
            }
        }
        if text.is_empty() {
            text.push_str("(no output)");
        }
        text
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// A port that was free a moment ago: bind port 0 and let the listener go.
pub fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// Looks an executable up in `PATH`, as `which` does.
pub fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path)
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

fn temp_dir(label: &str, port: u16) -> Result<PathBuf, String> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "miniredis-conformance-{}-{n}-{label}-{port}",
        std::process::id()
    ));
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// True when running under CI (env `CI` set), where missing tools are errors.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}
