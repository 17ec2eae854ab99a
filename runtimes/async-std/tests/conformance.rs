//! The shared end-to-end suite, run against this crate's binary.

#[test]
fn raw_protocol_cases() {
    miniredis_conformance::assert_binary_passes_suite(env!("CARGO_BIN_EXE_miniredis-async-std"));
}

#[test]
fn real_clients() {
    miniredis_conformance::assert_binary_passes_clients(env!("CARGO_BIN_EXE_miniredis-async-std"));
}

#[test]
fn hostile_input_and_slow_clients() {
    miniredis_conformance::assert_binary_passes_hostile(env!("CARGO_BIN_EXE_miniredis-async-std"));
}

#[test]
fn sharded_behind_twemproxy() {
    miniredis_conformance::assert_binary_works_behind_twemproxy(env!(
        "CARGO_BIN_EXE_miniredis-async-std"
    ));
}
