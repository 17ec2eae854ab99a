//! Crash-only: a panic in the core is a bug that may have left it
//! half-changed, so the process stops with the panic message and a
//! non-zero status instead of serving on. (With persistence, a restart
//! loads a consistent state.)

use std::io::Write;

/// Exit status after a panic (the status Rust gives an uncaught panic).
pub const PANIC_EXIT_STATUS: i32 = 101;

/// Makes every panic, in any thread or task, print its message and stop
/// the process. Call first thing in `main`.
pub fn install_crash_only_panic_hook(binary: &'static str) {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        report(info);
        crash(binary, "internal error (panic above); stopping");
    }));
}

/// Prints why and exits with [`PANIC_EXIT_STATUS`].
pub fn crash(binary: &str, why: &str) -> ! {
    let _ = writeln!(std::io::stderr(), "{binary}: {why}");
    std::process::exit(PANIC_EXIT_STATUS)
}
