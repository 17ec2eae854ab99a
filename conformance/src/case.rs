//! What a case is: a named sequence of steps on fresh connections, each
//! sending exact bytes and expecting exact bytes (or, for values that name
//! the server or depend on time, a shape check).
//!
//! Most cases use one connection. Cross-client behaviour (a blocked client
//! served by another's push, a subscriber receiving another's publish, a
//! transaction aborted by another's write) needs several: [`Case::on`]
//! names the connection later steps use, opened on first use, and
//! [`Case::receive`], [`Case::silent_ms`], [`Case::close`] and
//! [`Case::server_closes`] check what arrives on it without sending.

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
    /// An integer or string reply, remembered under this name so that a
    /// later [`Step::SendArgs`] can use it as `{name}` (a client id that
    /// another connection kills or unblocks).
    Capture(String),
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
            Expect::Capture(var) => format!("<an integer or string, remembered as {{{var}}}>"),
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

/// One thing a case does. Every step but [`Step::On`] and [`Step::Sleep`]
/// acts on the current connection.
#[derive(Clone)]
pub enum Step {
    /// Send bytes (in one write), then read one reply per expectation.
    /// No expectations: send only (a blocking command, checked later).
    Send { bytes: Vec<u8>, expect: Vec<Expect> },
    /// As `Send`, for a command whose arguments use `{name}` for values
    /// remembered by [`Expect::Capture`].
    SendArgs {
        args: Vec<String>,
        expect: Vec<Expect>,
    },
    /// Read replies that arrive without sending anything: a blocked client
    /// served by another connection, a published message.
    Receive(Vec<Expect>),
    /// Nothing arrives for this long and the connection stays open: a
    /// blocked client stays blocked, a subscriber gets no message.
    Silent(Duration),
    /// Wait, for expiry cases.
    Sleep(Duration),
    /// Open a new connection in place of the current one.
    Reconnect,
    /// Later steps use the connection with this name, opened on first use
    /// (a closed name opens again). Before any `On` the name is `a`.
    On(String),
    /// Close the current connection from the client side.
    Close,
    /// The server closes the current connection, sending nothing more.
    ServerCloses,
}

/// The connection a case starts on.
pub const FIRST_CONNECTION: &str = "a";

/// A named sequence of steps on fresh connections.
#[derive(Clone)]
pub struct Case {
    pub name: String,
    pub steps: Vec<Step>,
    /// The server must close the current connection after the last step.
    pub expect_closed: bool,
    /// Runs against miniRedis only; the reason the real server differs.
    pub miniredis_only: Option<String>,
    /// Runs against redis-server only (which proves the bytes); skipped
    /// against miniRedis for this reason, until miniRedis has the feature.
    pub not_yet_in_miniredis: Option<String>,
}

impl Case {
    pub fn new(name: impl Into<String>) -> Case {
        Case {
            name: name.into(),
            steps: Vec::new(),
            expect_closed: false,
            miniredis_only: None,
            not_yet_in_miniredis: None,
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

    /// Later steps use the connection `name` (opened on first use).
    pub fn on(mut self, name: impl Into<String>) -> Case {
        self.steps.push(Step::On(name.into()));
        self
    }

    /// Sends one command without reading: it blocks, or its reply is read
    /// by a later [`Case::receive`].
    pub fn send(self, args: &[&str]) -> Case {
        self.step(encode_command(args), Vec::new())
    }

    /// Reads the concatenated replies `expected` without sending.
    pub fn receive(mut self, expected: impl AsRef<[u8]>) -> Case {
        self.steps.push(Step::Receive(exact(expected)));
        self
    }

    /// Reads one reply without sending and checks its shape.
    pub fn receive_shape(
        mut self,
        what: impl Into<String>,
        check: impl Fn(&Value) -> Result<(), String> + Send + Sync + 'static,
    ) -> Case {
        self.steps
            .push(Step::Receive(vec![Expect::shape(what, check)]));
        self
    }

    /// Nothing may arrive for `ms` milliseconds, and the connection stays
    /// open. After sending a blocking command this also gives the server
    /// time to block the client before another connection acts.
    pub fn silent_ms(mut self, ms: u64) -> Case {
        self.steps.push(Step::Silent(Duration::from_millis(ms)));
        self
    }

    /// Sends one command and remembers its integer or string reply as
    /// `{var}` for later [`Case::cmd_with`] steps.
    pub fn capture(self, args: &[&str], var: impl Into<String>) -> Case {
        self.step(encode_command(args), vec![Expect::Capture(var.into())])
    }

    /// Sends one command whose arguments may use remembered `{var}` values,
    /// and expects `expected`. Every `{` in its arguments must open a
    /// remembered name (an unknown one fails the case as a bug in it).
    pub fn cmd_with(mut self, args: &[&str], expected: impl AsRef<[u8]>) -> Case {
        self.steps.push(Step::SendArgs {
            args: args.iter().map(|a| a.to_string()).collect(),
            expect: exact(expected),
        });
        self
    }

    /// As [`Case::cmd_with`], checking the reply's shape.
    pub fn cmd_with_shape(
        mut self,
        args: &[&str],
        what: impl Into<String>,
        check: impl Fn(&Value) -> Result<(), String> + Send + Sync + 'static,
    ) -> Case {
        self.steps.push(Step::SendArgs {
            args: args.iter().map(|a| a.to_string()).collect(),
            expect: vec![Expect::shape(what, check)],
        });
        self
    }

    /// Closes the current connection from the client side.
    pub fn close(mut self) -> Case {
        self.steps.push(Step::Close);
        self
    }

    /// The server must close the current connection now, sending nothing
    /// more (a client killed by another).
    pub fn server_closes(mut self) -> Case {
        self.steps.push(Step::ServerCloses);
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

    /// Skip against miniRedis, for this reason; redis-server still runs it.
    pub fn not_yet_in_miniredis(mut self, reason: impl Into<String>) -> Case {
        self.not_yet_in_miniredis = Some(reason.into());
        self
    }
}

/// Several commands as one byte string.
pub fn pipeline_bytes(commands: &[&[&str]]) -> Vec<u8> {
    commands.iter().flat_map(|c| encode_command(c)).collect()
}
