//! The command line every adapter binary shares.
//!
//! Flags are parsed with argh; the two memory settings fall back to
//! environment variables so a container or test harness can configure the
//! server without rewriting its command line. Precedence is: flag, then
//! environment variable, then the built-in default. A value that does not
//! parse is refused (exit status 2) rather than replaced by a default,
//! because a server silently running without the memory limit its operator
//! asked for is worse than one that does not start.

use std::ffi::OsString;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use argh::FromArgs;
use miniredis_core::{parse_memory, parse_save_points, EvictionPolicy, DEFAULT_SAVE_POINTS};

/// Environment variable giving the default for `--maxmemory`.
pub const ENV_MAXMEMORY: &str = "MINIREDIS_MAXMEMORY";
/// Environment variable giving the default for `--maxmemory-policy`.
pub const ENV_MAXMEMORY_POLICY: &str = "MINIREDIS_MAXMEMORY_POLICY";

/// Exit status for a refused command line or environment value.
pub const EXIT_USAGE: i32 = 2;

// The raw command line, before the environment is consulted. (Plain
// comment: argh turns the doc comment below into the help's description.)
//
// The memory settings stay strings here so that the error for a bad value
// can name the flag it came from, and so that "not given" is
// distinguishable from "given", which the environment fallback needs.
#[derive(FromArgs, Debug)]
#[argh(
    help_triggers("-h", "--help"),
    note = "Environment:
  MINIREDIS_MAXMEMORY         default for --maxmemory
  MINIREDIS_MAXMEMORY_POLICY  default for --maxmemory-policy
A flag overrides its environment variable. An invalid value, in a flag or in
the environment, is refused with exit status 2; it is never replaced by a
default."
)]
/// miniRedis: a Redis-compatible in-memory server.
struct RawArgs {
    /// IP address to listen on (default: 127.0.0.1)
    #[argh(option, default = "IpAddr::V4(Ipv4Addr::LOCALHOST)")]
    bind: IpAddr,

    /// TCP port to listen on (default: 6379; 0 lets the system pick a free
    /// port, which the listening line reports)
    #[argh(option, default = "6379")]
    port: u16,

    /// memory limit: bytes, or a number with a unit such as 100mb or 1gb
    /// (k/m/g are powers of 1000, kb/mb/gb powers of 1024); 0 means no limit
    /// (default: $MINIREDIS_MAXMEMORY, else 0)
    #[argh(option)]
    maxmemory: Option<String>,

    /// what to evict when the limit is reached: noeviction, allkeys-lru,
    /// volatile-lru, allkeys-lfu, volatile-lfu, allkeys-random,
    /// volatile-random or volatile-ttl (default:
    /// $MINIREDIS_MAXMEMORY_POLICY, else noeviction)
    #[argh(option)]
    maxmemory_policy: Option<String>,

    /// password clients must give with AUTH (or HELLO ... AUTH default
    /// PASS) before any other command (default: none)
    #[argh(option)]
    requirepass: Option<String>,

    /// most clients connected at once; more are refused with Redis's
    /// error (default: 10000)
    #[argh(option, default = "10000")]
    maxclients: u64,

    /// yes or no: without a password, refuse clients that are not on the
    /// loopback interface (default: yes)
    #[argh(option, default = "String::from(\"yes\")")]
    protected_mode: String,

    /// close a client idle for this many seconds; 0 means never
    /// (default: 0)
    #[argh(option, default = "0")]
    timeout: u64,
    /// RDB save points: pairs of seconds and changes ("3600 1 300 100");
    /// "" disables them (default: Redis's, "3600 1 300 100 60 10000")
    #[argh(option)]
    save: Option<String>,
    /// directory of the snapshot file, which must exist (default: the
    /// current directory)
    #[argh(option, default = "String::from(\".\")")]
    dir: String,
    /// the snapshot file's name in --dir, loaded at start and written by
    /// SAVE, BGSAVE and save points (default: dump.rdb)
    #[argh(option, default = "String::from(\"dump.rdb\")")]
    dbfilename: String,
    /// yes or no: keep an append-only file (the AOF, in --appenddirname
    /// in --dir), loaded at start instead of the snapshot (default: no)
    #[argh(option, default = "String::from(\"no\")")]
    appendonly: String,
    /// always, everysec or no: when AOF writes are fsynced (always: before
    /// the replies; default: everysec)
    #[argh(option, default = "String::from(\"everysec\")")]
    appendfsync: String,
    /// the AOF's directory in --dir (default: appendonlydir)
    #[argh(option, default = "String::from(\"appendonlydir\")")]
    appenddirname: String,
    /// the prefix of the AOF's file names (default: appendonly.aof)
    #[argh(option, default = "String::from(\"appendonly.aof\")")]
    appendfilename: String,
    /// yes or no: at start, cut off a torn last AOF record instead of
    /// refusing to start (default: yes)
    #[argh(option, default = "String::from(\"yes\")")]
    aof_load_truncated: String,
    /// yes or no: an AOF rewrite writes its base as RDB (yes) or as the
    /// commands that rebuild the data (no) (default: yes)
    #[argh(option, default = "String::from(\"yes\")")]
    aof_use_rdb_preamble: String,
    /// no, yes or local: who may run DEBUG (local: clients on the loopback
    /// interface or a unix socket; default: no)
    #[argh(option, default = "String::from(\"no\")")]
    enable_debug_command: String,
}

/// The settings the server starts with, every source resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
    /// Bytes; 0 means no limit.
    pub maxmemory: u64,
    pub maxmemory_policy: EvictionPolicy,
    /// Empty: no password.
    pub requirepass: String,
    pub maxclients: u64,
    pub protected_mode: bool,
    /// Idle seconds before a client is closed; 0 means never.
    pub timeout: u64,
    /// RDB save points, (seconds, changes); empty: none.
    pub save_points: Vec<(u64, u64)>,
    /// Directory of the snapshot file.
    pub dir: std::path::PathBuf,
    /// The snapshot file's name in `dir` (never a path).
    pub dbfilename: String,
    /// `appendonly`.
    pub appendonly: bool,
    /// `appendfsync`: always, everysec or no.
    pub appendfsync: String,
    /// `appenddirname` and `appendfilename` (names, never paths).
    pub appenddirname: String,
    pub appendfilename: String,
    /// `aof-load-truncated`.
    pub aof_load_truncated: bool,
    /// `aof-use-rdb-preamble`.
    pub aof_use_rdb_preamble: bool,
    /// `enable-debug-command`: no, yes or local.
    pub enable_debug_command: String,
}

impl Options {
    /// The address to listen on.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
    }

    /// Reads the process's own arguments and environment. Prints help and
    /// exits 0 for `-h`/`--help`; prints a one-line error and exits 2 for
    /// anything refused.
    pub fn from_env_or_exit(binary: &str) -> Options {
        let args: Result<Vec<String>, OsString> = std::env::args_os()
            .skip(1)
            .map(OsString::into_string)
            .collect();
        let result = match args {
            Ok(args) => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                parse(binary, &args, |name| std::env::var_os(name))
            }
            Err(bad) => Err(Exit::usage(format!(
                "{binary}: argument {bad:?} is not valid UTF-8"
            ))),
        };
        result.unwrap_or_else(|exit| exit.exit())
    }
}

/// Why parsing stopped short of [`Options`]: help was asked for, or a value
/// was refused. Kept as data (not an immediate `process::exit`) so parsing
/// is testable.
#[derive(Debug, PartialEq, Eq)]
pub struct Exit {
    /// 0 for help, [`EXIT_USAGE`] for a refused value.
    pub code: i32,
    /// Text to print: help for stdout, or a one-line error for stderr.
    pub message: String,
}

impl Exit {
    fn usage(message: String) -> Exit {
        Exit {
            code: EXIT_USAGE,
            message,
        }
    }

    /// Prints the message (help to stdout, errors to stderr) and exits.
    pub fn exit(self) -> ! {
        if self.code == 0 {
            print!("{}", self.message);
        } else {
            eprintln!("{}", self.message);
        }
        std::process::exit(self.code)
    }
}

/// Parses `args` (without the program name), falling back to `env` for the
/// memory settings a flag does not give. `env` is a lookup rather than the
/// process environment so tests need not mutate global state.
///
/// The environment is consulted only for settings no flag gives, so an
/// explicit flag is a way around a bad variable inherited from a parent.
pub fn parse(
    binary: &str,
    args: &[&str],
    env: impl Fn(&str) -> Option<OsString>,
) -> Result<Options, Exit> {
    let raw = RawArgs::from_args(&[binary], args).map_err(|early| match early.status {
        Ok(()) => Exit {
            code: 0,
            message: early.output,
        },
        Err(()) => Exit::usage(format!(
            "{binary}: {} (see --help)",
            early.output.trim_end().replace('\n', "; ")
        )),
    })?;

    let maxmemory = match setting(binary, raw.maxmemory, "--maxmemory", ENV_MAXMEMORY, &env)? {
        None => 0,
        Some((text, source)) => parse_memory(&text)
            .map_err(|e| Exit::usage(format!("{binary}: bad value for {source}: {e}")))?,
    };
    let maxmemory_policy = match setting(
        binary,
        raw.maxmemory_policy,
        "--maxmemory-policy",
        ENV_MAXMEMORY_POLICY,
        &env,
    )? {
        None => EvictionPolicy::NoEviction,
        Some((text, source)) => text
            .parse()
            .map_err(|e| Exit::usage(format!("{binary}: bad value for {source}: {e}")))?,
    };

    if !(1..=u64::from(u32::MAX)).contains(&raw.maxclients) {
        return Err(Exit::usage(format!(
            "{binary}: bad value for --maxclients: {} (expected 1 to {})",
            raw.maxclients,
            u32::MAX
        )));
    }
    if raw.timeout > i32::MAX as u64 {
        return Err(Exit::usage(format!(
            "{binary}: bad value for --timeout: {} (expected 0 to {})",
            raw.timeout,
            i32::MAX
        )));
    }
    let protected_mode = match raw.protected_mode.to_ascii_lowercase().as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(Exit::usage(format!(
                "{binary}: bad value for --protected-mode: {:?} (expected yes or no)",
                raw.protected_mode
            )))
        }
    };

    let save_points = match &raw.save {
        None => DEFAULT_SAVE_POINTS.to_vec(),
        Some(text) => parse_save_points(text)
            .map_err(|e| Exit::usage(format!("{binary}: bad value for --save: {text:?} ({e})")))?,
    };
    // Redis's rule: a file name, never a path.
    if raw.dbfilename.is_empty() || raw.dbfilename.contains('/') {
        return Err(Exit::usage(format!(
            "{binary}: bad value for --dbfilename: {:?} (dbfilename can't be a path, just a filename)",
            raw.dbfilename
        )));
    }

    let yes_no = |value: &str, flag: &str| match value.to_ascii_lowercase().as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(Exit::usage(format!(
            "{binary}: bad value for {flag}: {value:?} (expected yes or no)"
        ))),
    };
    let appendonly = yes_no(&raw.appendonly, "--appendonly")?;
    let aof_load_truncated = yes_no(&raw.aof_load_truncated, "--aof-load-truncated")?;
    let aof_use_rdb_preamble = yes_no(&raw.aof_use_rdb_preamble, "--aof-use-rdb-preamble")?;
    let appendfsync = raw.appendfsync.to_ascii_lowercase();
    if !["always", "everysec", "no"].contains(&appendfsync.as_str()) {
        return Err(Exit::usage(format!(
            "{binary}: bad value for --appendfsync: {:?} (expected always, everysec or no)",
            raw.appendfsync
        )));
    }
    let enable_debug_command = raw.enable_debug_command.to_ascii_lowercase();
    if !["no", "yes", "local"].contains(&enable_debug_command.as_str()) {
        return Err(Exit::usage(format!(
            "{binary}: bad value for --enable-debug-command: {:?} (expected no, yes or local)",
            raw.enable_debug_command
        )));
    }
    for (flag, value) in [
        ("--appenddirname", &raw.appenddirname),
        ("--appendfilename", &raw.appendfilename),
    ] {
        if value.is_empty() || value.contains('/') {
            return Err(Exit::usage(format!(
                "{binary}: bad value for {flag}: {value:?} (can't be a path, just a name)"
            )));
        }
    }

    Ok(Options {
        bind: raw.bind,
        port: raw.port,
        maxmemory,
        maxmemory_policy,
        requirepass: raw.requirepass.unwrap_or_default(),
        maxclients: raw.maxclients,
        protected_mode,
        timeout: raw.timeout,
        save_points,
        dir: raw.dir.into(),
        dbfilename: raw.dbfilename,
        appendonly,
        appendfsync,
        appenddirname: raw.appenddirname,
        appendfilename: raw.appendfilename,
        aof_load_truncated,
        aof_use_rdb_preamble,
        enable_debug_command,
    })
}

/// The text of a setting and where it came from (the flag or the variable),
/// or `None` when neither gives it.
fn setting(
    binary: &str,
    flag_value: Option<String>,
    flag: &'static str,
    var: &'static str,
    env: &impl Fn(&str) -> Option<OsString>,
) -> Result<Option<(String, &'static str)>, Exit> {
    if let Some(text) = flag_value {
        return Ok(Some((text, flag)));
    }
    match env(var) {
        None => Ok(None),
        Some(value) => value
            .into_string()
            .map(|text| Some((text, var)))
            .map_err(|bad| {
                Exit::usage(format!(
                    "{binary}: bad value for {var}: {bad:?} is not valid UTF-8"
                ))
            }),
    }
}

#[cfg(test)]
#[path = "cli_tests.rs"]
mod tests;
