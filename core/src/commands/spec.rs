//! The shape of a command description: everything the dispatcher and
//! COMMAND / COMMAND INFO / COMMAND DOCS know about one command, in one
//! value built by const builder calls, so each group file can open with a
//! compact `static` slice of its commands.
//!
//! The metadata follows redis-server 7.0.15's own COMMAND INFO and COMMAND
//! DOCS replies.

use super::args::Args;
use super::errors::CommandError;
use super::Ctx;

/// What a handler returns: its reply is already written on success; on
/// error the dispatcher writes the error (so handlers never write half a
/// reply and an error).
pub(crate) type Reply = Result<(), CommandError>;

/// A command handler. `args` starts after the command name (and, for a
/// subcommand, after the subcommand name).
pub(crate) type Handler = fn(&mut Ctx, &mut Args) -> Reply;

/// Redis's command flags as a bitset. All of them are representable; the
/// ones Redis hides from COMMAND INFO are never printed (see [`flags::NAMES`]).
pub(crate) type Flags = u32;

/// The command flags, one bit each, named as Redis names them.
pub(crate) mod flags {
    use super::Flags;

    pub const WRITE: Flags = 1 << 0;
    pub const READONLY: Flags = 1 << 1;
    /// May grow memory: runs only once used memory is under `maxmemory`.
    pub const DENYOOM: Flags = 1 << 2;
    pub const MODULE: Flags = 1 << 3;
    pub const ADMIN: Flags = 1 << 4;
    pub const PUBSUB: Flags = 1 << 5;
    pub const NOSCRIPT: Flags = 1 << 6;
    pub const BLOCKING: Flags = 1 << 7;
    pub const LOADING: Flags = 1 << 8;
    pub const STALE: Flags = 1 << 9;
    pub const SKIP_MONITOR: Flags = 1 << 10;
    pub const SKIP_SLOWLOG: Flags = 1 << 11;
    pub const ASKING: Flags = 1 << 12;
    pub const FAST: Flags = 1 << 13;
    /// Runs before the client has authenticated (AUTH, HELLO, QUIT).
    pub const NO_AUTH: Flags = 1 << 14;
    /// May reach replicas without being a write (PUBLISH, SPUBLISH):
    /// CLIENT PAUSE WRITE holds these too. Hidden from COMMAND INFO.
    pub const MAY_REPLICATE: Flags = 1 << 15;
    #[cfg_attr(not(test), allow(dead_code))] // see NAMES
    pub const SENTINEL: Flags = 1 << 16;
    #[cfg_attr(not(test), allow(dead_code))] // see NAMES
    pub const ONLY_SENTINEL: Flags = 1 << 17;
    pub const NO_MANDATORY_KEYS: Flags = 1 << 18;
    #[cfg_attr(not(test), allow(dead_code))] // see NAMES
    pub const PROTECTED: Flags = 1 << 19;
    pub const NO_ASYNC_LOADING: Flags = 1 << 20;
    pub const NO_MULTI: Flags = 1 << 21;
    pub const MOVABLEKEYS: Flags = 1 << 22;
    pub const ALLOW_BUSY: Flags = 1 << 23;
    /// Not Redis's: the command looks at other clients (CLIENT LIST, KILL,
    /// TRACKING's redirect; EXEC, whose queue may hold those), so the
    /// engine must lend it the session table (engine/peers.rs). Never
    /// printed.
    pub const PEERS: Flags = 1 << 24;

    /// The flags COMMAND INFO prints, in the order redis-server prints
    /// them (its `addReplyCommandFlags`, checked against 7.0.15's replies
    /// for SORT, EVAL, XREAD, SHUTDOWN, PUBLISH). MAY_REPLICATE, SENTINEL,
    /// ONLY_SENTINEL and PROTECTED are left out on purpose: Redis hides
    /// them too (DEBUG is protected, yet COMMAND INFO DEBUG does not say so).
    /// Being hidden, they cannot be checked against redis-server's replies;
    /// only MAY_REPLICATE is set, from Redis's command tables (PUBLISH,
    /// SPUBLISH), because CLIENT PAUSE WRITE depends on it.
    pub const NAMES: &[(Flags, &str)] = &[
        (WRITE, "write"),
        (READONLY, "readonly"),
        (DENYOOM, "denyoom"),
        (MODULE, "module"),
        (ADMIN, "admin"),
        (PUBSUB, "pubsub"),
        (NOSCRIPT, "noscript"),
        (BLOCKING, "blocking"),
        (LOADING, "loading"),
        (STALE, "stale"),
        (SKIP_MONITOR, "skip_monitor"),
        (SKIP_SLOWLOG, "skip_slowlog"),
        (ASKING, "asking"),
        (FAST, "fast"),
        (NO_AUTH, "no_auth"),
        (NO_MANDATORY_KEYS, "no_mandatory_keys"),
        (NO_ASYNC_LOADING, "no_async_loading"),
        (NO_MULTI, "no_multi"),
        (MOVABLEKEYS, "movablekeys"),
        (ALLOW_BUSY, "allow_busy"),
    ];
}

/// One command or subcommand.
pub(crate) struct Command {
    /// Lower-case full name: `get`, or `client|setname` for a subcommand
    /// (the form COMMAND INFO and the wrong-arity error print).
    pub name: &'static str,
    /// Redis arity: N means exactly N arguments including the name, -N means
    /// at least N. For subcommands the container's name counts too.
    pub arity: i32,
    pub flags: Flags,
    /// First key, last key (negative: from the end), step: the legacy key
    /// positions, indexes into the full argument vector.
    pub keys: (i64, i64, i64),
    pub acl: &'static [&'static str],
    pub tips: &'static [&'static str],
    pub key_specs: &'static [KeySpec],
    /// `None` for a container that needs a subcommand (its arity makes
    /// the dispatcher look one up before any handler could run).
    pub handler: Option<Handler>,
    /// Non-empty for containers (CLIENT, COMMAND, CONFIG, MEMORY).
    pub subcommands: &'static [Command],
    pub summary: &'static str,
    pub since: &'static str,
    pub group: &'static str,
    pub complexity: &'static str,
    /// COMMAND DOCS `doc_flags`: `deprecated`, `syscmd`.
    pub doc_flags: &'static [&'static str],
    /// For a deprecated command: since when, and what to use instead.
    pub deprecated: Option<(&'static str, &'static str)>,
    /// (version, change) pairs.
    pub history: &'static [(&'static str, &'static str)],
    pub args: &'static [Arg],
    /// For a spec flagged `variable_flags`: the flags a given call's keys
    /// get (SET's depend on GET). See keyspec.rs.
    pub variable_key_flags: Option<super::keyspec::VariableKeyFlags>,
    /// The command's own key finder, for calls its specs cannot locate
    /// keys in (Redis's `getkeys_proc`: SORT's BY/GET/STORE).
    pub key_function: Option<super::keyspec::KeyFunction>,
}

impl Command {
    /// A command run by `handler`.
    pub const fn new(name: &'static str, arity: i32, flags: Flags, handler: Handler) -> Command {
        Command::base(name, arity, flags, Some(handler), &[])
    }

    /// A container of `subcommands`; add [`Command::bare`] if it also runs
    /// without one (only COMMAND does).
    pub const fn container(
        name: &'static str,
        arity: i32,
        flags: Flags,
        subcommands: &'static [Command],
    ) -> Command {
        Command::base(name, arity, flags, None, subcommands)
    }

    const fn base(
        name: &'static str,
        arity: i32,
        flags: Flags,
        handler: Option<Handler>,
        subcommands: &'static [Command],
    ) -> Command {
        Command {
            name,
            arity,
            flags,
            keys: (0, 0, 0),
            acl: &[],
            tips: &[],
            key_specs: &[],
            handler,
            subcommands,
            summary: "",
            since: "",
            group: "",
            complexity: "",
            doc_flags: &[],
            deprecated: None,
            history: &[],
            args: &[],
            variable_key_flags: None,
            key_function: None,
        }
    }

    pub const fn bare(mut self, handler: Handler) -> Command {
        self.handler = Some(handler);
        self
    }

    pub const fn keys(mut self, first: i64, last: i64, step: i64) -> Command {
        self.keys = (first, last, step);
        self
    }

    pub const fn acl(mut self, acl: &'static [&'static str]) -> Command {
        self.acl = acl;
        self
    }

    pub const fn tips(mut self, tips: &'static [&'static str]) -> Command {
        self.tips = tips;
        self
    }

    pub const fn key_specs(mut self, key_specs: &'static [KeySpec]) -> Command {
        self.key_specs = key_specs;
        self
    }

    pub const fn doc(
        mut self,
        summary: &'static str,
        since: &'static str,
        group: &'static str,
        complexity: &'static str,
    ) -> Command {
        self.summary = summary;
        self.since = since;
        self.group = group;
        self.complexity = complexity;
        self
    }

    /// COMMAND DOCS `doc_flags`: `deprecated`, `syscmd`.
    pub const fn doc_flags(mut self, doc_flags: &'static [&'static str]) -> Command {
        self.doc_flags = doc_flags;
        self
    }

    /// Deprecated since `version`, `replaced_by` what to use instead.
    pub const fn deprecated(mut self, version: &'static str, replaced_by: &'static str) -> Command {
        self.deprecated = Some((version, replaced_by));
        self
    }

    pub const fn history(mut self, history: &'static [(&'static str, &'static str)]) -> Command {
        self.history = history;
        self
    }

    pub const fn args(mut self, args: &'static [Arg]) -> Command {
        self.args = args;
        self
    }

    /// The flags of keys whose spec says `variable_flags`, per call.
    pub const fn variable_key_flags(
        mut self,
        flags_of: super::keyspec::VariableKeyFlags,
    ) -> Command {
        self.variable_key_flags = Some(flags_of);
        self
    }

    /// The key finder used when the key specs cannot locate the keys.
    pub const fn key_function(mut self, find: super::keyspec::KeyFunction) -> Command {
        self.key_function = Some(find);
        self
    }

    pub fn has(&self, flag: Flags) -> bool {
        self.flags & flag != 0
    }

    /// Whether `argc` arguments (name included) satisfy the arity.
    pub fn arity_ok(&self, argc: usize) -> bool {
        if self.arity >= 0 {
            argc == self.arity as usize
        } else {
            argc >= self.arity.unsigned_abs() as usize
        }
    }

    /// The indexes of a call's key arguments (`argc` counts the name),
    /// from the first/last/step positions as Redis's legacy range spec
    /// reads them: a negative last key counts from the end.
    pub fn key_positions(&self, argc: usize) -> impl Iterator<Item = usize> {
        let (first, last, step) = self.keys;
        let argc = argc as i64;
        let last = if last < 0 { argc + last } else { last }.min(argc - 1);
        // No keys (first 0) gives an empty range.
        let first = if first <= 0 { argc } else { first };
        (first..=last)
            .step_by(step.max(1) as usize)
            .map(|i| i as usize)
    }
}

/// Where a key spec's search for keys begins (`begin_search`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BeginSearch {
    /// At a fixed argument index.
    Index(i64),
    /// After the first `keyword` found searching from `startfrom`
    /// (negative: from the end, backwards).
    // Serves commands still to be described (XREAD).
    #[allow(dead_code)]
    Keyword {
        keyword: &'static str,
        startfrom: i64,
    },
    /// Not described (the keys come from elsewhere, e.g. SORT's BY).
    Unknown,
}

/// How the keys run once found (`find_keys`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FindKeys {
    /// Up to `lastkey` (relative to the start; negative from the end),
    /// every `keystep`, at most `argc / limit` of them when `limit` > 0.
    Range {
        lastkey: i64,
        keystep: i64,
        limit: i64,
    },
    /// The argument at `keynumidx` says how many keys follow from
    /// `firstkey`, every `keystep` (ZUNIONSTORE's numkeys).
    Keynum {
        keynumidx: i64,
        firstkey: i64,
        keystep: i64,
    },
    Unknown,
}

/// One of a command's key specs, as COMMAND INFO shows them.
pub(crate) struct KeySpec {
    pub notes: Option<&'static str>,
    pub flags: &'static [&'static str],
    pub begin: BeginSearch,
    pub find: FindKeys,
}

impl KeySpec {
    /// Keys from a fixed index over a range: (lastkey, keystep, limit).
    pub const fn new(
        flags: &'static [&'static str],
        begin_index: i64,
        (lastkey, keystep, limit): (i64, i64, i64),
    ) -> KeySpec {
        KeySpec {
            notes: None,
            flags,
            begin: BeginSearch::Index(begin_index),
            find: FindKeys::Range {
                lastkey,
                keystep,
                limit,
            },
        }
    }

    /// Keys from a fixed index, counted by a numkeys argument:
    /// (keynumidx, firstkey, keystep).
    pub const fn with_keynum(
        flags: &'static [&'static str],
        begin_index: i64,
        (keynumidx, firstkey, keystep): (i64, i64, i64),
    ) -> KeySpec {
        KeySpec {
            notes: None,
            flags,
            begin: BeginSearch::Index(begin_index),
            find: FindKeys::Keynum {
                keynumidx,
                firstkey,
                keystep,
            },
        }
    }

    /// Keys after a keyword, over a range: (lastkey, keystep, limit).
    #[allow(dead_code)] // serves commands still to be described (XREAD)
    pub const fn keyword(
        flags: &'static [&'static str],
        keyword: &'static str,
        startfrom: i64,
        (lastkey, keystep, limit): (i64, i64, i64),
    ) -> KeySpec {
        KeySpec {
            notes: None,
            flags,
            begin: BeginSearch::Keyword { keyword, startfrom },
            find: FindKeys::Range {
                lastkey,
                keystep,
                limit,
            },
        }
    }

    /// Keys this spec cannot locate by position.
    pub const fn unknown(flags: &'static [&'static str]) -> KeySpec {
        KeySpec {
            notes: None,
            flags,
            begin: BeginSearch::Unknown,
            find: FindKeys::Unknown,
        }
    }

    pub const fn notes(mut self, notes: &'static str) -> KeySpec {
        self.notes = Some(notes);
        self
    }
}

/// One node of a command's argument tree (COMMAND DOCS `arguments`).
pub(crate) struct Arg {
    pub name: &'static str,
    /// `key`, `string`, `integer`, `oneof`, `block`, `pure-token`, ...
    pub kind: &'static str,
    pub key_spec_index: Option<i64>,
    pub token: Option<&'static str>,
    pub since: Option<&'static str>,
    pub deprecated_since: Option<&'static str>,
    pub optional: bool,
    pub multiple: bool,
    /// The token repeats with each value (SORT's `GET p1 GET p2`).
    pub multiple_token: bool,
    /// Members of a `oneof` or `block`.
    pub args: &'static [Arg],
}

pub(crate) const fn arg(name: &'static str, kind: &'static str) -> Arg {
    Arg {
        name,
        kind,
        key_spec_index: None,
        token: None,
        since: None,
        deprecated_since: None,
        optional: false,
        multiple: false,
        multiple_token: false,
        args: &[],
    }
}

impl Arg {
    pub const fn key_spec(mut self, index: i64) -> Arg {
        self.key_spec_index = Some(index);
        self
    }

    pub const fn token(mut self, token: &'static str) -> Arg {
        self.token = Some(token);
        self
    }

    pub const fn since(mut self, since: &'static str) -> Arg {
        self.since = Some(since);
        self
    }

    pub const fn optional(mut self) -> Arg {
        self.optional = true;
        self
    }

    pub const fn multiple(mut self) -> Arg {
        self.multiple = true;
        self
    }

    pub const fn multiple_token(mut self) -> Arg {
        self.multiple_token = true;
        self
    }

    #[allow(dead_code)] // serves commands still to be described (CLIENT KILL)
    pub const fn deprecated_since(mut self, version: &'static str) -> Arg {
        self.deprecated_since = Some(version);
        self
    }

    pub const fn args(mut self, args: &'static [Arg]) -> Arg {
        self.args = args;
        self
    }
}
