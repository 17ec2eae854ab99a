//! Scripts built from random tokens and random Lua values (the fuzz
//! harness's generator, `core/tests/fuzzing/lua_gen.rs`) run through a
//! server, a few thousand per run: no panic, every call into the core
//! bounded (a script past its first slice is driven by `handle_timeout`
//! and stopped by SCRIPT KILL, or SHUTDOWN NOSAVE once it wrote), replies
//! well framed, invariants kept, and the server answering PING after each
//! (see `fuzzing::scripts`).

mod fuzzing;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Random byte strings through `fuzzing::scripts`, from a fixed seed so a
/// CI run is reproducible (each case is up to 8 scripts: 500 cases are
/// about two thousand); proptest shrinks a failure to a small input.
#[test]
fn random_scripts_end_as_replies_with_the_server_alive() {
    let config = Config {
        cases: 500,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&proptest::collection::vec(any::<u8>(), 0..600), |data| {
        fuzzing::scripts(&data);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

/// The generator reaches its corners: parsable programs and token soup,
/// scripts that error, loops killed, and every kind of construct it
/// promises (checked on a fixed sample, so a change to it cannot silently
/// drop one).
#[test]
fn the_generator_covers_its_constructs() {
    let mut text = String::new();
    for seed in 0..3000u32 {
        let bytes: Vec<u8> = (0..300u32)
            .map(|i| {
                (seed
                    .wrapping_mul(2654435761)
                    .wrapping_add(i.wrapping_mul(40503))
                    >> 7) as u8
            })
            .collect();
        let mut choices = fuzzing::lua_gen::Choices::new(&bytes);
        text.push_str(&fuzzing::lua_gen::script(&mut choices));
        text.push('\n');
    }
    for construct in [
        "while true do end",
        "pcall(",
        "error(",
        "string.rep(",
        "table.concat(",
        "cjson.",
        "cmsgpack.",
        "struct.",
        "bit.",
        "redis.call(",
        "redis.pcall(",
        "1e309",
        "{{{{{{{{{{",
        "loadstring(string.rep",
        "err = ",
    ] {
        assert!(
            text.contains(construct),
            "the generator never writes {construct:?}"
        );
    }
}
