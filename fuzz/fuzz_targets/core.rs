//! Arbitrary bytes on several connections into the whole core, with time
//! moving and ticks; invariants and reply framing checked after each step.
#![no_main]

#[path = "../../core/tests/fuzzing/mod.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::core(data));
