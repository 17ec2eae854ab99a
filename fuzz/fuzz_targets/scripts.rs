//! EVAL of scripts built from random Lua tokens and values, each driven to
//! its end (slices, SCRIPT KILL, SHUTDOWN NOSAVE); no panic, bounded
//! calls, the server answering PING after each.
#![no_main]

#[path = "../../core/tests/fuzzing/mod.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::scripts(data));
