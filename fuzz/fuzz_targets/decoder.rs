//! Arbitrary bytes, in arbitrary chunks, into the request decoder.
#![no_main]

#[path = "../../core/tests/fuzzing/mod.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::decoder(data));
