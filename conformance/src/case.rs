//! What a case is: a named sequence of steps on one fresh connection, each
//! sending exact bytes and expecting exact bytes (or, for values that name
//! the server or depend on time, a shape check).

use std::sync::Arc;
use std::time::Duration;

use crate::client::encode_command;
use crate::escape::escape;
use crate::resp::{split_frames, Value};

/// A check on a parsed reply, for values that legitimately differ between
/// servers (ids, versions, counters) or with time.
pub type ShapeCheck = Arc<dyn Fn(&Value) -> Result<(), String> + Send + Sync>;

/// What one reply must be.
#[derive(Clone)]
pub enum Expect {
    /// Exactly these bytes (one complete reply).
    Exact(Vec<u8>),
    /// Any reply passing the check; `what` describes it for reports.
    Shape { what: String, check: ShapeCheck },
}

impl Expect {
    /// A shape check with a description.
    pub fn shape(
        what: impl Into<String>,
        check: impl Fn(&Value) -> Result<(), String> + Send + Sync + 'static,
    ) -> Expect {
        Expect::Shape {
            what: what.into(),
            check: Arc::new(check),
        }
    }

    /// How the expectation reads in a report.
    pub fn describe(&self) -> String {
        match self {
            Expect::Exact(b) => format!("\"{}\"", escape(b)),
            Expect::Shape { what, .. } => format!("<{what}>"),
        }
    }
}

/// Splits concatenated expected replies into one [`Expect::Exact`] each.
/// Panics on bytes that are not complete replies: that is a bug in a case.
pub fn exact(bytes: impl AsRef<[u8]>) -> Vec<Expect> {
    let bytes = bytes.as_ref();
    split_frames(bytes)
        .unwrap_or_else(|e| panic!("expected bytes {} are not replies: {e}", escape(bytes)))
        .into_iter()
        .map(Expect::Exact)
        .collect()
}

/// One thing a case does.
#[derive(Clone)]
pub enum Step {
    /// Send bytes (in one write), then read one reply per expectation.
    Send { bytes: Vec<u8>, expect: Vec<Expect> },
    /// Wait, for expiry cases.
    Sleep(Duration),
    /// Open a new connection; later steps use it.
    Reconnect,
}

/// A named sequence of steps on a fresh connection.
#[derive(Clone)]
pub struct Case {
    pub name: String,
    pub steps: Vec<Step>,
    /// The server must close the connection after the last step.
    pub expect_closed: bool,
    /// Runs against miniRedis only; the reason the real server differs.
    pub miniredis_only: Option<String>,
}

impl Case {
    pub fn new(name: impl Into<String>) -> Case {
        Case {
            name: name.into(),
            steps: Vec::new(),
            expect_closed: false,
            miniredis_only: None,
        }
    }

    /// Sends raw bytes and expects the concatenated replies `expected`.
    pub fn raw(self, bytes: impl AsRef<[u8]>, expected: impl AsRef<[u8]>) -> Case {
        self.step(bytes.as_ref().to_vec(), exact(expected))
    }

    /// Sends one command (as multibulk) and expects `expected`.
    pub fn cmd(self, args: &[&str], expected: impl AsRef<[u8]>) -> Case {
        self.step(encode_command(args), exact(expected))
    }

    /// Sends several commands in one write and expects the concatenated replies.
    pub fn pipeline(self, commands: &[&[&str]], expected: impl AsRef<[u8]>) -> Case {
        self.step(pipeline_bytes(commands), exact(expected))
    }

    /// Sends one command and checks the reply's shape.
    pub fn cmd_shape(
        self,
        args: &[&str],
        what: impl Into<String>,
        check: impl Fn(&Value) -> Result<(), String> + Send + Sync + 'static,
    ) -> Case {
        self.step(encode_command(args), vec![Expect::shape(what, check)])
    }

    /// Sends bytes and expects the replies listed.
    pub fn step(mut self, bytes: Vec<u8>, expect: Vec<Expect>) -> Case {
        self.steps.push(Step::Send { bytes, expect });
        self
    }

    pub fn sleep_ms(mut self, ms: u64) -> Case {
        self.steps.push(Step::Sleep(Duration::from_millis(ms)));
        self
    }

    pub fn reconnect(mut self) -> Case {
        self.steps.push(Step::Reconnect);
        self
    }

    /// The server must close the connection after the last step.
    pub fn closed(mut self) -> Case {
        self.expect_closed = true;
        self
    }

    /// Skip against the real server, for this reason.
    pub fn miniredis_only(mut self, reason: impl Into<String>) -> Case {
        self.miniredis_only = Some(reason.into());
        self
    }
}

/// Several commands as one byte string.
pub fn pipeline_bytes(commands: &[&[&str]]) -> Vec<u8> {
    commands.iter().flat_map(|c| encode_command(c)).collect()
}
