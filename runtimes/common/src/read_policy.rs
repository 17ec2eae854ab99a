//! When a connection reads straight away and when it first waits for the
//! socket to become readable: a small pure state machine.
//!
//! - Reading straight away (after a yield) is best when the next request
//!   is usually there already (a busy server, pipelining clients), but a
//!   read that finds nothing costs a wasted `EWOULDBLOCK` system call.
//! - Waiting for readiness first costs no wasted read when the client
//!   sends only once it has its reply, but a trip through the reactor even
//!   when bytes are waiting.
//!
//! A connection reads straight away until such a read finds nothing after
//! a batch that drained the socket, then waits for readiness first, and
//! every [`PROBE_EVERY`] batches tries a straight read again to see whether
//! the load has changed.

/// Batches a connection that waits for readiness serves before it tries a
/// straight read again.
pub const PROBE_EVERY: u32 = 16;

/// How to get the next bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Read at once; report with [`ReadPolicy::straight_read`].
    ReadNow,
    /// Wait until readable, then read.
    WaitThenRead,
}

#[derive(Clone, Debug, Default)]
pub struct ReadPolicy {
    /// The last batch read less than the buffer: the socket was drained.
    drained: bool,
    wait_first: bool,
    since_probe: u32,
}

impl ReadPolicy {
    fn waits(&self) -> bool {
        self.drained && self.wait_first && self.since_probe < PROBE_EVERY
    }

    /// How to read next.
    pub fn next_step(&mut self) -> Step {
        if self.waits() {
            self.since_probe += 1;
            Step::WaitThenRead
        } else {
            self.since_probe = 0;
            Step::ReadNow
        }
    }

    /// After a [`Step::ReadNow`]: whether that read found bytes at once.
    /// Finding none after a drained batch switches to waiting first.
    pub fn straight_read(&mut self, found_bytes: bool) {
        if found_bytes {
            self.wait_first = false;
        } else if self.drained {
            self.wait_first = true;
        }
    }

    /// After a batch of `read` bytes into a buffer of `capacity`: returns
    /// whether the task should yield before the next read. A connection
    /// whose socket stays full would otherwise keep its task ready forever
    /// (reads and writes complete without suspending) and starve every
    /// other task on a single-threaded executor; one about to wait for
    /// readiness suspends there anyway.
    pub fn batch_done(&mut self, read: usize, capacity: usize) -> bool {
        self.drained = read < capacity;
        !self.waits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_straight_until_a_read_finds_nothing_after_a_drained_batch() {
        let mut policy = ReadPolicy::default();
        assert_eq!(policy.next_step(), Step::ReadNow);
        policy.straight_read(true);
        assert!(policy.batch_done(100, 16384), "a straight reader yields");
        assert_eq!(policy.next_step(), Step::ReadNow);
        policy.straight_read(false);
        assert!(!policy.batch_done(100, 16384), "about to wait: no yield");
        assert_eq!(policy.next_step(), Step::WaitThenRead);
    }

    #[test]
    fn a_full_buffer_keeps_reading_straight() {
        let mut policy = ReadPolicy::default();
        policy.next_step();
        policy.straight_read(false); // nothing after a batch that was not drained
        assert!(policy.batch_done(16384, 16384));
        assert_eq!(policy.next_step(), Step::ReadNow);
    }

    #[test]
    fn probes_a_straight_read_every_so_often() {
        let mut policy = ReadPolicy::default();
        policy.next_step();
        policy.batch_done(10, 100);
        policy.next_step();
        policy.straight_read(false);
        policy.batch_done(10, 100);
        let steps: Vec<Step> = (0..=PROBE_EVERY)
            .map(|_| {
                let step = policy.next_step();
                policy.batch_done(10, 100);
                step
            })
            .collect();
        assert!(steps[..PROBE_EVERY as usize]
            .iter()
            .all(|s| *s == Step::WaitThenRead));
        assert_eq!(steps[PROBE_EVERY as usize], Step::ReadNow);
        // The probe found bytes waiting: back to straight reads.
        policy.straight_read(true);
        policy.batch_done(10, 100);
        assert_eq!(policy.next_step(), Step::ReadNow);
    }
}
