//! The outcome of a run: every failure with what was sent, what was
//! expected and what came back, printed with escaped bytes.

use std::fmt;

use crate::escape::escape;

/// One failed case or client check.
#[derive(Clone, Debug)]
pub struct Failure {
    /// Case or check name.
    pub name: String,
    /// Where in the case it failed, e.g. "step 3, reply 1".
    pub place: String,
    /// The bytes sent in the failing step (empty for client checks).
    pub sent: Vec<u8>,
    /// What was expected, already rendered.
    pub expected: String,
    /// What came back, already rendered.
    pub got: String,
}

/// The result of running cases or client checks against one server.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Which server: binary name or "redis-server".
    pub target: String,
    pub passed: Vec<String>,
    pub failures: Vec<Failure>,
    /// Skipped cases or checks and why.
    pub skipped: Vec<(String, String)>,
}

impl Report {
    pub fn new(target: impl Into<String>) -> Report {
        Report {
            target: target.into(),
            ..Report::default()
        }
    }

    /// True when nothing failed.
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }

    /// Records a pass or a failure.
    pub fn record(&mut self, name: &str, outcome: Result<(), Failure>) {
        match outcome {
            Ok(()) => self.passed.push(name.to_string()),
            Err(f) => self.failures.push(f),
        }
    }

    pub fn skip(&mut self, name: impl Into<String>, why: impl Into<String>) {
        self.skipped.push((name.into(), why.into()));
    }

    /// Adds another report's entries to this one.
    pub fn merge(&mut self, other: Report) {
        self.passed.extend(other.passed);
        self.failures.extend(other.failures);
        self.skipped.extend(other.skipped);
    }

    /// One line: counts.
    pub fn summary(&self) -> String {
        format!(
            "{}: {} passed, {} failed, {} skipped",
            self.target,
            self.passed.len(),
            self.failures.len(),
            self.skipped.len()
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "== conformance against {} ==", self.target)?;
        for (name, why) in &self.skipped {
            writeln!(f, "SKIPPED {name}: {why}")?;
        }
        for fail in &self.failures {
            writeln!(f, "FAILED  {} ({})", fail.name, fail.place)?;
            if !fail.sent.is_empty() {
                writeln!(f, "    sent:     \"{}\"", escape(&fail.sent))?;
            }
            writeln!(f, "    expected: {}", fail.expected)?;
            writeln!(f, "    got:      {}", fail.got)?;
        }
        writeln!(f, "{}", self.summary())
    }
}
