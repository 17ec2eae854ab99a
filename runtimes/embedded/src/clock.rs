//! The clock an embedded server gives its core.
//!
//! The core takes time as a value (milliseconds on a monotonic clock), so
//! the test can own it: a manual clock moves only when the test calls
//! `fast_forward`, a system clock follows real time plus whatever the test
//! fast-forwarded. Either way `now` never goes backwards, which is all the
//! core asks of it.

use std::time::{SystemTime, UNIX_EPOCH};

use miniredis_core::Millis;
use miniredis_runtime_common::Clock as RealClock;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    /// `None`: manual; `Some`: real time, as the binaries count it.
    real: Option<RealClock>,
    /// Milliseconds the test added with `fast_forward` (the whole `now` of
    /// a manual clock).
    offset: Millis,
}

impl Clock {
    pub(crate) fn manual() -> Clock {
        Clock {
            real: None,
            offset: 0,
        }
    }

    /// A clock following real time, and the Unix milliseconds at its
    /// zero: the binaries' clock (runtimes/common/src/clock.rs), whose
    /// milliseconds turn over with the system clock's, so zero plus `now`
    /// reads the system clock (a key given `PXAT now+10000` shows a PTTL of
    /// at most 10000).
    pub(crate) fn system() -> (Clock, u64) {
        let real = RealClock::start();
        let clock = Clock {
            real: Some(real),
            offset: 0,
        };
        (clock, real.unix_time_at_zero_ms())
    }

    /// Whether time moves on its own (and the timer task must sleep until
    /// the core's next timeout).
    pub(crate) fn follows_real_time(&self) -> bool {
        self.real.is_some()
    }

    /// The core's `now`.
    pub(crate) fn now(&self) -> Millis {
        let real = self.real.map_or(0, |real| real.now());
        real.saturating_add(self.offset)
    }

    pub(crate) fn advance(&mut self, by: Millis) {
        self.offset = self.offset.saturating_add(by);
    }
}

/// A point of the wall clock as Unix milliseconds (0 before 1970).
pub(crate) fn unix_ms(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced() {
        let mut clock = Clock::manual();
        assert_eq!(clock.now(), 0);
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(clock.now(), 0);
        clock.advance(1500);
        assert_eq!(clock.now(), 1500);
        assert!(!clock.follows_real_time());
    }

    #[test]
    fn a_system_clock_adds_the_offset_to_real_time() {
        let (mut clock, _) = Clock::system();
        clock.advance(10_000);
        std::thread::sleep(std::time::Duration::from_millis(5));
        let now = clock.now();
        assert!((10_005..10_500).contains(&now), "{now}");
        assert!(clock.follows_real_time());
    }
}
