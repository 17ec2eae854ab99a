//! The clock the adapters feed the core.
//!
//! The core wants monotonic milliseconds (so expiry is immune to wall-clock
//! jumps) plus the Unix time that corresponds to its zero (so `EXAT`/`PXAT`
//! and `TIME` can convert). Both are captured at the same moment at start.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use miniredis_core::Millis;

/// Monotonic milliseconds since the clock was created.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    start: Instant,
    unix_at_start_ms: u64,
}

impl Clock {
    /// Starts the clock now.
    pub fn start() -> Clock {
        let start = Instant::now();
        let unix_at_start_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        Clock {
            start,
            unix_at_start_ms,
        }
    }

    /// Milliseconds since start: the core's `now`. Never decreases.
    pub fn now(&self) -> Millis {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Unix time in milliseconds at `now() == 0`
    /// (`Config::unix_time_at_zero_ms`).
    pub fn unix_time_at_zero_ms(&self) -> u64 {
        self.unix_at_start_ms
    }
}

/// A seed that differs from run to run.
///
/// A real server is not replayable anyway (the network decides the order of
/// events), and a fixed seed would make the key hasher predictable to
/// clients. std's `RandomState` is seeded from the operating system's
/// random source; the time and process id are mixed in for good measure.
pub fn random_seed() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.write_u32(std::process::id());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_near_zero_and_never_goes_back() {
        let clock = Clock::start();
        let first = clock.now();
        assert!(first < 1000);
        assert!(clock.now() >= first);
        assert!(clock.unix_time_at_zero_ms() > 1_600_000_000_000);
    }

    #[test]
    fn seeds_differ() {
        assert_ne!(random_seed(), random_seed());
    }
}
