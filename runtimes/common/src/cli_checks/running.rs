//! A child process under test, killed and reaped when dropped.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::DEADLINE;
use crate::cli::{ENV_MAXMEMORY, ENV_MAXMEMORY_POLICY};

/// A child process that is killed and reaped when dropped.
pub(super) struct Running {
    pub(super) child: Child,
}

impl Running {
    /// Starts `binary` with `args` and `env`, with the memory variables of
    /// the test's own environment removed so they cannot leak in.
    pub(super) fn start(binary: &str, args: &[&str], env: &[(&str, &str)]) -> Running {
        let mut command = Command::new(binary);
        command
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
        Running { child }
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
    }
}
