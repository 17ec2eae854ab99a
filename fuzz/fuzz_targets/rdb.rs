//! Arbitrary bytes into the RDB decoder, as a whole file and as a DUMP
//! value (with a correct footer added, so mutations get past the CRC).
#![no_main]

#[path = "../../core/tests/fuzzing/mod.rs"]
mod fuzzing;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::rdb(data));
