//! The clock the adapters feed the core.
//!
//! The core wants monotonic milliseconds (so expiry is immune to wall-clock
//! jumps) plus the Unix time that corresponds to its zero (so `EXAT`/`PXAT`
//! and `TIME` can convert). Both are captured at the same moment at start.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use miniredis_core::Millis;

/// Monotonic milliseconds since the clock was created, counted on the
/// Unix clock's millisecond boundaries.
///
/// `now()` turns over to the next millisecond when the system clock does,
/// so `unix_time_at_zero_ms() + now()` is the system clock's milliseconds,
/// as Redis's `mstime()` reads them. Counted from the start instant
/// instead, each of the two truncations could lose most of a millisecond:
/// the core's Unix time ran up to one millisecond behind, and a key given
/// `PXAT now+10000` showed a PTTL of 10001.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    start: Instant,
    unix_at_start_ms: u64,
    /// Nanoseconds of the Unix time at start past its millisecond.
    start_ns_into_ms: u64,
}

const NANOS_PER_MS: u128 = 1_000_000;

impl Clock {
    /// Starts the clock now.
    pub fn start() -> Clock {
        // The instant halfway between two readings around the system
        // clock's, so the two clocks are read as nearly together as can be.
        let before = Instant::now();
        let unix_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let start = before + before.elapsed() / 2;
        Clock {
            start,
            unix_at_start_ms: u64::try_from(unix_ns / NANOS_PER_MS).unwrap_or(u64::MAX),
            start_ns_into_ms: (unix_ns % NANOS_PER_MS) as u64,
        }
    }

    /// Milliseconds since start: the core's `now`. Never decreases.
    pub fn now(&self) -> Millis {
        let ns = self.start.elapsed().as_nanos() + u128::from(self.start_ns_into_ms);
        u64::try_from(ns / NANOS_PER_MS).unwrap_or(u64::MAX)
    }

    /// Unix time in milliseconds at `now() == 0`, as captured at start
    /// (`Host::unix_time_at_zero_ms`).
    pub fn unix_time_at_zero_ms(&self) -> u64 {
        self.unix_at_start_ms
    }

    /// The same, measured again now: the system clock minus the monotonic
    /// time elapsed. It moves when the system clock is stepped or drifts
    /// from the monotonic one; the core is given it now and then.
    pub fn current_unix_time_at_zero_ms(&self) -> u64 {
        unix_now_ms().saturating_sub(self.now())
    }
}

/// The system clock as Unix milliseconds (0 before 1970).
fn unix_now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
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
    fn counts_real_milliseconds_from_zero() {
        let clock = Clock::start();
        let first = clock.now();
        assert!(first < 50, "a new clock starts near zero, not {first}");
        let before = Instant::now();
        std::thread::sleep(std::time::Duration::from_millis(30));
        let slept = before.elapsed().as_millis() as u64;
        let second = clock.now();
        assert!(second >= first + 30, "{first} -> {second} after 30 ms");
        assert!(
            second <= first + slept + 1,
            "{first} -> {second} after {slept} ms"
        );
    }

    #[test]
    fn its_zero_is_the_unix_time_it_started_at() {
        let before = unix_now_ms();
        let clock = Clock::start();
        let after = unix_now_ms();
        let zero = clock.unix_time_at_zero_ms();
        assert!(
            (before..=after).contains(&zero),
            "{before} <= {zero} <= {after}"
        );
        assert!(zero > 1_600_000_000_000);
        // Measured again later, the base stays put (the system clock and
        // the monotonic one run together here), give or take rounding.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let again = clock.current_unix_time_at_zero_ms();
        assert!(again.abs_diff(zero) <= 2, "{zero} then {again}");
    }

    #[test]
    fn its_unix_time_is_the_system_clocks_millisecond() {
        // Base plus `now()` read between two readings of the system clock
        // lies between them. (Counted from the start instant, it fell a
        // millisecond behind for the part of each millisecond the start
        // was into its own: about one reading in ten over many clocks.)
        let (mut readings, mut off) = (0u32, 0u32);
        for _ in 0..20 {
            let clock = Clock::start();
            let until = Instant::now() + std::time::Duration::from_millis(5);
            while Instant::now() < until {
                let before = unix_now_ms();
                let unix = clock.unix_time_at_zero_ms() + clock.now();
                let after = unix_now_ms();
                readings += 1;
                off += u32::from(unix < before || unix > after);
            }
        }
        // Only the two clocks' readings at start, a few nanoseconds apart,
        // or a slew of the system clock could put a reading off.
        assert!(
            off * 200 <= readings,
            "{off} of {readings} readings off the system clock"
        );
    }

    #[test]
    fn seeds_differ() {
        assert_ne!(random_seed(), random_seed());
    }
}
