//! Real clients against the server under test: the `redis` crate, redis-cli
//! (one-shot, --pipe, stdin, --stat) and redis-benchmark (a short run
//! and its full default run). Missing tools are skipped with a notice, or fail
//! when env `CI` is set.

mod benchmark;
mod process;
mod redis_cli;
mod redis_crate;

use std::net::SocketAddr;
use std::path::Path;

use crate::harness::{find_in_path, in_ci};
use crate::report::{Failure, Report};

/// A check that drives an installed tool against the server.
type ToolCheck = fn(&Path, SocketAddr) -> Result<(), String>;

fn record(report: &mut Report, name: &str, outcome: Result<(), String>) {
    report.record(
        name,
        outcome.map_err(|got| Failure {
            name: name.to_string(),
            place: "client check".to_string(),
            sent: Vec::new(),
            expected: "success".to_string(),
            got,
        }),
    );
}

/// A tool from `PATH`, or a skip (a failure under CI) for each named check.
fn tool(report: &mut Report, name: &str, checks: &[&str]) -> Option<std::path::PathBuf> {
    let found = find_in_path(name);
    if found.is_none() {
        for check in checks {
            if in_ci() {
                record(
                    report,
                    check,
                    Err(format!("{name} is not installed (CI is set)")),
                );
            } else {
                eprintln!("NOTICE: {name} not found in PATH; skipping {check}");
                report.skip(*check, format!("{name} not installed"));
            }
        }
    }
    found
}

/// Runs every real-client check against `addr`.
pub fn run_clients(label: &str, addr: SocketAddr) -> Report {
    let mut report = Report::new(format!("{label} (real clients)"));
    record(
        &mut report,
        "redis crate: RESP2 round trips",
        redis_crate::round_trips(addr, false),
    );
    record(
        &mut report,
        "redis crate: RESP3 round trips",
        redis_crate::round_trips(addr, true),
    );

    let cli_checks: [(&str, ToolCheck); 4] = [
        ("redis-cli: one-shot mode", redis_cli::one_shot_mode),
        ("redis-cli: --pipe mode", redis_cli::pipe_mode),
        ("redis-cli: commands from stdin", redis_cli::stdin_mode),
        ("redis-cli: --stat mode", redis_cli::stat_mode),
    ];
    let names: Vec<&str> = cli_checks.iter().map(|c| c.0).collect();
    if let Some(cli) = tool(&mut report, "redis-cli", &names) {
        for (name, check) in cli_checks {
            record(&mut report, name, check(&cli, addr));
        }
    }

    let bench_checks: [(&str, ToolCheck); 2] = [
        ("redis-benchmark: short run", benchmark::short_run),
        ("redis-benchmark: full default run", benchmark::default_run),
    ];
    let names: Vec<&str> = bench_checks.iter().map(|c| c.0).collect();
    if let Some(bench) = tool(&mut report, "redis-benchmark", &names) {
        for (name, check) in bench_checks {
            record(&mut report, name, check(&bench, addr));
        }
    }
    report
}
