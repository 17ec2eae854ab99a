//! The multi-connection cases against a miniRedis binary named by
//! `MINIREDIS_BIN`, for working on issue 10 before the cases are switched on
//! for every run (`cases::MULTI_CLIENT_CASES_AGAINST_MINIREDIS`):
//!
//! ```text
//! cargo build -p miniredis-smol
//! MINIREDIS_BIN=$CARGO_TARGET_DIR/debug/miniredis-smol \
//!     cargo test -p miniredis-conformance --test multi_client -- --ignored --nocapture
//! ```

use miniredis_conformance::cases::multi_client;
use miniredis_conformance::runner::run_cases;
use miniredis_conformance::{Server, Target};

#[test]
#[ignore = "until issue 10's cross-client commands land"]
fn multi_client_cases_pass_against_miniredis_bin() {
    let binary = std::env::var("MINIREDIS_BIN")
        .expect("set MINIREDIS_BIN to the path of a miniRedis binary (see this file's header)");
    let mut server =
        Server::start_binary(&binary, &[]).unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
    let label = format!("{} at {}", server.label(), server.addr());
    let report = run_cases(
        &label,
        server.addr(),
        Target::MiniRedis,
        &multi_client::cases(),
    );
    println!("{report}");
    assert!(server.is_running(), "{binary} died:\n{}", server.output());
    assert!(report.ok(), "{}", report.summary());
}
