//! Command-line behaviour of `miniredis-smol`; the checks are shared by all
//! adapters (see `miniredis_runtime_common::cli_checks`).

miniredis_runtime_common::cli_tests!(env!("CARGO_BIN_EXE_miniredis-smol"), "smol");
