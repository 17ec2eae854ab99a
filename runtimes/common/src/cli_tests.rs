//! Command-line parsing: flags, environment fallbacks, refusals.

use super::*;

const BIN: &str = "miniredis-test";

fn no_env(_: &str) -> Option<OsString> {
    None
}

fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| OsString::from(v))
    }
}

#[test]
fn defaults_without_flags_or_env() {
    let options = parse(BIN, &[], no_env).unwrap();
    assert_eq!(options.addr(), "127.0.0.1:6379".parse().unwrap());
    assert_eq!(options.maxmemory, 0);
    assert_eq!(options.maxmemory_policy, EvictionPolicy::NoEviction);
    assert_eq!(options.save_points, [(3600, 1), (300, 100), (60, 10000)]);
    assert_eq!(options.dir, std::path::PathBuf::from("."));
    assert_eq!(options.dbfilename, "dump.rdb");
    assert!(!options.appendonly);
    assert_eq!(options.appendfsync, "everysec");
    assert_eq!(options.appenddirname, "appendonlydir");
    assert_eq!(options.appendfilename, "appendonly.aof");
    assert!(options.aof_load_truncated);
    assert!(options.aof_use_rdb_preamble);
}

#[test]
fn aof_flags_are_read() {
    let args = [
        "--appendonly",
        "YES",
        "--appendfsync",
        "Always",
        "--appenddirname",
        "aofs",
        "--appendfilename",
        "log.aof",
        "--aof-load-truncated",
        "no",
        "--aof-use-rdb-preamble",
        "no",
    ];
    let options = parse(BIN, &args, no_env).unwrap();
    assert!(options.appendonly);
    assert_eq!(options.appendfsync, "always");
    assert_eq!(options.appenddirname, "aofs");
    assert_eq!(options.appendfilename, "log.aof");
    assert!(!options.aof_load_truncated);
    assert!(!options.aof_use_rdb_preamble);
}

#[test]
fn persistence_flags_are_read() {
    let args = [
        "--save",
        "10 1 5 20",
        "--dir",
        "/tmp",
        "--dbfilename",
        "x.rdb",
    ];
    let options = parse(BIN, &args, no_env).unwrap();
    assert_eq!(options.save_points, [(10, 1), (5, 20)]);
    assert_eq!(options.dir, std::path::PathBuf::from("/tmp"));
    assert_eq!(options.dbfilename, "x.rdb");
    let options = parse(BIN, &["--save", ""], no_env).unwrap();
    assert!(options.save_points.is_empty());
}

#[test]
fn flags_are_read() {
    let args = [
        "--bind",
        "::1",
        "--port",
        "7000",
        "--maxmemory",
        "100mb",
        "--maxmemory-policy",
        "allkeys-lru",
    ];
    let options = parse(BIN, &args, no_env).unwrap();
    assert_eq!(options.addr(), "[::1]:7000".parse().unwrap());
    assert_eq!(options.maxmemory, 100 * 1024 * 1024);
    assert_eq!(options.maxmemory_policy, EvictionPolicy::AllKeysLru);
    assert_eq!(options.requirepass, "");
    assert_eq!(options.maxclients, 10_000);
    assert!(options.protected_mode);
    assert_eq!(options.timeout, 0);
    let args = [
        "--requirepass",
        "s3cret",
        "--maxclients",
        "5",
        "--protected-mode",
        "no",
        "--timeout",
        "30",
    ];
    let options = parse(BIN, &args, no_env).unwrap();
    assert_eq!(options.requirepass, "s3cret");
    assert_eq!(options.maxclients, 5);
    assert!(!options.protected_mode);
    assert_eq!(options.timeout, 30);
}

#[test]
fn env_gives_defaults() {
    let env = env_of(&[
        (ENV_MAXMEMORY, "1gb"),
        (ENV_MAXMEMORY_POLICY, "volatile-ttl"),
    ]);
    let options = parse(BIN, &[], env).unwrap();
    assert_eq!(options.maxmemory, 1 << 30);
    assert_eq!(options.maxmemory_policy, EvictionPolicy::VolatileTtl);
}

#[test]
fn flags_override_env() {
    let env = env_of(&[
        (ENV_MAXMEMORY, "1gb"),
        (ENV_MAXMEMORY_POLICY, "volatile-ttl"),
    ]);
    let args = ["--maxmemory", "2k", "--maxmemory-policy", "allkeys-random"];
    let options = parse(BIN, &args, env).unwrap();
    assert_eq!(options.maxmemory, 2000);
    assert_eq!(options.maxmemory_policy, EvictionPolicy::AllKeysRandom);
}

#[test]
fn a_flag_shadows_a_bad_variable() {
    let env = env_of(&[(ENV_MAXMEMORY, "lots"), (ENV_MAXMEMORY_POLICY, "lru")]);
    let args = ["--maxmemory", "0", "--maxmemory-policy", "noeviction"];
    assert!(parse(BIN, &args, env).is_ok());
}

fn refused(args: &[&str], env: impl Fn(&str) -> Option<OsString>) -> String {
    let exit = parse(BIN, args, env).unwrap_err();
    assert_eq!(exit.code, EXIT_USAGE, "{}", exit.message);
    assert!(!exit.message.contains('\n'), "one line: {:?}", exit.message);
    assert!(exit.message.starts_with(BIN), "{}", exit.message);
    exit.message
}

#[test]
fn bad_values_are_refused_naming_their_source() {
    let message = refused(&["--maxmemory", "10zb"], no_env);
    assert!(
        message.contains("--maxmemory") && message.contains("10zb"),
        "{message}"
    );

    let message = refused(&["--maxmemory-policy", "lru"], no_env);
    assert!(
        message.contains("--maxmemory-policy") && message.contains("lru"),
        "{message}"
    );

    let message = refused(&[], env_of(&[(ENV_MAXMEMORY, "10zb")]));
    assert!(message.contains(ENV_MAXMEMORY), "{message}");

    let message = refused(&[], env_of(&[(ENV_MAXMEMORY_POLICY, "sometimes")]));
    assert!(message.contains(ENV_MAXMEMORY_POLICY), "{message}");

    // An empty variable is a value too; it is not taken to mean "unset".
    let message = refused(&[], env_of(&[(ENV_MAXMEMORY, "")]));
    assert!(message.contains(ENV_MAXMEMORY), "{message}");

    let message = refused(&["--port", "70000"], no_env);
    assert!(message.contains("--port"), "{message}");

    let message = refused(&["--bind", "localhost:1"], no_env);
    assert!(message.contains("--bind"), "{message}");

    refused(&["--frobnicate"], no_env);

    for args in [
        ["--maxclients", "0"],
        ["--maxclients", "4294967296"],
        ["--protected-mode", "maybe"],
        ["--timeout", "2147483648"],
        ["--save", "10"],
        ["--save", "x 1"],
        ["--dbfilename", "a/b.rdb"],
        ["--appendonly", "maybe"],
        ["--appendfsync", "sometimes"],
        ["--appenddirname", "a/b"],
        ["--appendfilename", ""],
        ["--aof-load-truncated", "1"],
        ["--aof-use-rdb-preamble", "0"],
    ] {
        let message = refused(&args, no_env);
        assert!(message.contains(args[0]), "{message}");
    }
}

#[cfg(unix)]
#[test]
fn a_variable_that_is_not_utf8_is_refused() {
    use std::os::unix::ffi::OsStringExt;
    let env = |name: &str| (name == ENV_MAXMEMORY).then(|| OsString::from_vec(vec![b'1', 0xff]));
    let message = refused(&[], env);
    assert!(message.contains(ENV_MAXMEMORY), "{message}");
}

#[test]
fn help_describes_every_flag_and_variable() {
    for flag in ["-h", "--help"] {
        let exit = parse(BIN, &[flag], no_env).unwrap_err();
        assert_eq!(exit.code, 0);
        for needle in [
            "--bind",
            "--port",
            "--maxmemory ",
            "--maxmemory-policy",
            "--requirepass",
            "--maxclients",
            "--protected-mode",
            "--timeout",
            "--save",
            "--dir",
            "--dbfilename",
            "--appendonly",
            "--appendfsync",
            "--appenddirname",
            "--appendfilename",
            "--aof-load-truncated",
            "--aof-use-rdb-preamble",
            "-h, --help",
            ENV_MAXMEMORY,
            ENV_MAXMEMORY_POLICY,
        ] {
            assert!(
                exit.message.contains(needle),
                "{needle} missing:\n{}",
                exit.message
            );
        }
        for policy in EvictionPolicy::ALL {
            assert!(exit.message.contains(policy.name()), "{policy} missing");
        }
    }
}

#[test]
fn enable_debug_command_is_read_and_checked() {
    assert_eq!(parse(BIN, &[], no_env).unwrap().enable_debug_command, "no");
    let options = parse(BIN, &["--enable-debug-command", "Local"], no_env).unwrap();
    assert_eq!(options.enable_debug_command, "local");
    let refused = parse(BIN, &["--enable-debug-command", "maybe"], no_env).unwrap_err();
    assert_eq!(refused.code, EXIT_USAGE);
    assert!(refused.message.contains("--enable-debug-command"));
}
