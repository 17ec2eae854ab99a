//! The clock an embedded server gives its core.
//!
//! The core takes time as a value (milliseconds on a monotonic clock), so
//! the test can own it: a manual clock moves only when the test calls
//! `fast_forward`, a system clock follows real time plus whatever the test
//! fast-forwarded. Either way `now` never goes backwards, which is all the
//! core asks of it.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use miniredis_core::Millis;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    /// `None`: manual; `Some(start)`: real time since `start`.
    real_since: Option<Instant>,
    /// Milliseconds the test added with `fast_forward` (the whole `now` of
    /// a manual clock).
    offset: Millis,
}

impl Clock {
    pub(crate) fn manual() -> Clock {
        Clock {
            real_since: None,
            offset: 0,
        }
    }

    /// A clock following real time, and the Unix milliseconds at its
    /// zero. It turns over to the next millisecond when the system clock
    /// does (its start is set back by the part of a millisecond the system
    /// clock was into), so zero plus `now` reads the system clock's
    /// milliseconds; counted from the start instant, the server's Unix
    /// time ran up to a millisecond behind (a key given `PXAT now+10000`
    /// showed a PTTL of 10001).
    pub(crate) fn system() -> (Clock, u64) {
        let before = Instant::now();
        let unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let start = before + before.elapsed() / 2;
        let into_ms = Duration::from_nanos(u64::from(unix.subsec_nanos() % 1_000_000));
        let clock = Clock {
            real_since: Some(start.checked_sub(into_ms).unwrap_or(start)),
            offset: 0,
        };
        let unix_ms = u64::try_from(unix.as_millis()).unwrap_or(u64::MAX);
        (clock, unix_ms)
    }

    /// Whether time moves on its own (and the timer task must sleep until
    /// the core's next timeout).
    pub(crate) fn follows_real_time(&self) -> bool {
        self.real_since.is_some()
    }

    /// The core's `now`.
    pub(crate) fn now(&self) -> Millis {
        let real = self.real_since.map_or(0, |start| {
            u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
        });
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

    #[test]
    fn a_system_clock_reads_the_system_clocks_millisecond() {
        // Zero plus `now` read between two readings of the system clock
        // lies between them, but for the few nanoseconds between the two
        // clocks' readings at start.
        let (mut readings, mut off) = (0u32, 0u32);
        for _ in 0..20 {
            let (clock, zero) = Clock::system();
            let until = Instant::now() + Duration::from_millis(5);
            while Instant::now() < until {
                let before = unix_ms(SystemTime::now());
                let unix = zero + clock.now();
                let after = unix_ms(SystemTime::now());
                readings += 1;
                off += u32::from(unix < before || unix > after);
            }
        }
        assert!(off * 200 <= readings, "{off} of {readings} readings off");
    }
}
