//! A child process under test, killed and reaped when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::DEADLINE;
use crate::cli::{ENV_MAXMEMORY, ENV_MAXMEMORY_POLICY};

/// A child process that is killed and reaped when dropped.
pub(super) struct Running {
    pub(super) child: Child,
    /// Its working directory, of its own (a snapshot it saves with the
    /// default `--dir .` lands there, never in the source tree), removed
    /// when dropped unless the caller gave the directory.
    own_dir: Option<PathBuf>,
}

/// A fresh empty directory for one test process.
pub(super) fn scratch_dir(name: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "miniredis-cli-{name}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

impl Running {
    /// Starts `binary` with `args` and `env`, with the memory variables of
    /// the test's own environment removed so they cannot leak in.
    pub(super) fn start(binary: &str, args: &[&str], env: &[(&str, &str)]) -> Running {
        let dir = scratch_dir("run");
        let mut running = Running::start_in(binary, args, env, &dir);
        running.own_dir = Some(dir);
        running
    }

    /// [`Running::start`] with `dir` as the working directory (kept).
    pub(super) fn start_in(
        binary: &str,
        args: &[&str],
        env: &[(&str, &str)],
        dir: &Path,
    ) -> Running {
        let mut command = Command::new(binary);
        command
            .current_dir(dir)
            .args(args)
            .env_remove(ENV_MAXMEMORY)
            .env_remove(ENV_MAXMEMORY_POLICY)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        Running {
            child,
            own_dir: None,
        }
    }

    /// Waits for the process to exit; panics if it does not in time.
    pub(super) fn wait(&mut self) -> ExitStatus {
        let until = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < until, "process did not exit in time");
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for exit and returns the status with all of stdout and stderr.
    pub(super) fn finish(mut self) -> (ExitStatus, String, String) {
        let status = self.wait();
        let mut stdout = String::new();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stdout.take() {
            pipe.read_to_string(&mut stdout).expect("read stdout");
        }
        if let Some(mut pipe) = self.child.stderr.take() {
            pipe.read_to_string(&mut stderr).expect("read stderr");
        }
        (status, stdout, stderr)
    }

    /// The first line on stdout, read with a deadline. The rest of stdout
    /// is drained in the background so the child never blocks on it.
    pub(super) fn first_line(&mut self) -> String {
        let stdout = self.child.stdout.take().expect("stdout is piped");
        let (lines, line) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let _ = lines.send(first);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        line.recv_timeout(DEADLINE)
            .expect("no line on stdout in time")
            .trim_end()
            .to_string()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(dir) = &self.own_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
