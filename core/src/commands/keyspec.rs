//! Key extraction from a command's key specs: which arguments of a call
//! are keys, and with which key-spec flags (COMMAND GETKEYS and
//! GETKEYSANDFLAGS; the dispatcher may use it for anything keyed later).
//!
//! The interpretation follows redis-server 7.0.15's, checked against its
//! COMMAND GETKEYS answers:
//!
//! - a spec begins at a fixed index, or just after the first argument
//!   equal (in any case) to its keyword, searched from `startfrom`
//!   forwards up to the last argument (excluded) when that is positive,
//!   else from `argc + startfrom` backwards down to index 2; a keyword
//!   found nowhere gives no keys for
//!   that spec (and is no error);
//! - a range runs `lastkey` arguments past the start when `lastkey` is 0 or
//!   more; when negative it counts from the end (`argc + lastkey`), unless
//!   `limit` is set: then the keys are the first `1 / limit` of what
//!   remains (`(argc - first) / limit` arguments, XREAD's STREAMS);
//! - a keynum reads the count at `start + keynumidx` (a non-negative
//!   integer), then the keys begin at `start + firstkey`;
//! - keys are taken every `keystep` arguments.
//!
//! A spec that starts or ends outside the arguments, or whose count is not
//! a non-negative integer, or leaves no room (numkeys 0), or that cannot be
//! located at all (`unknown`, or flagged `incomplete`), makes the whole
//! extraction fail: Redis then asks the command's own key function. A
//! description carries one only where that finds keys (SORT and SORT_RO,
//! whose specs say `unknown`, see [`KeyFunction`]); for every other command
//! Redis has, its key function agrees there are no keys. Specs flagged
//! `not_key` (channels, not keys) are skipped.

use super::spec::{BeginSearch, Command, FindKeys, KeySpec};

/// One key argument of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KeyArg {
    /// Index into the full argument vector (the name is 0).
    pub index: usize,
    /// The key-spec flags that apply to it, as COMMAND INFO names them.
    pub flags: &'static [&'static str],
}

/// The specs cannot locate the keys of this call (see the module
/// documentation): callers treat it as "no keys".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KeysNotFound;

/// For a command whose key flags depend on its arguments (its spec says
/// `variable_flags`): the flags a call's spec `spec` gives its keys.
pub(crate) type VariableKeyFlags = fn(argv: &[&[u8]], spec: usize) -> &'static [&'static str];

/// A command's own key finder (Redis's `getkeys_proc`), asked when its
/// specs cannot locate the keys of a call: the keys of `argv` (the full
/// call, name included).
pub(crate) type KeyFunction = fn(argv: &[&[u8]]) -> Vec<KeyArg>;

impl Command {
    /// Whether any spec locates real keys (Redis's "has key arguments":
    /// a spec not flagged `not_key`).
    pub fn has_key_args(&self) -> bool {
        self.key_specs
            .iter()
            .any(|spec| !spec.flags.contains(&"not_key"))
    }

    /// The key arguments of `argv` (the full call, name included), spec
    /// after spec, each spec's keys in argument order. The call is assumed
    /// to satisfy the command's arity.
    pub fn key_args(&self, argv: &[&[u8]]) -> Result<Vec<KeyArg>, KeysNotFound> {
        let by_specs = self.key_args_by_specs(argv);
        match self.key_function {
            Some(find) if by_specs.is_err() => Ok(find(argv)),
            _ => by_specs,
        }
    }

    /// The key arguments as the key specs alone locate them.
    fn key_args_by_specs(&self, argv: &[&[u8]]) -> Result<Vec<KeyArg>, KeysNotFound> {
        let mut keys = Vec::new();
        for (i, spec) in self.key_specs.iter().enumerate() {
            if spec.flags.contains(&"not_key") {
                continue;
            }
            if spec.flags.contains(&"incomplete") {
                return Err(KeysNotFound);
            }
            let flags = match self.variable_key_flags {
                Some(flags_of) if spec.flags.contains(&"variable_flags") => flags_of(argv, i),
                _ => spec.flags,
            };
            let Some(positions) = spec.positions(argv)? else {
                continue;
            };
            keys.extend(positions.map(|index| KeyArg { index, flags }));
        }
        Ok(keys)
    }
}

impl KeySpec {
    /// The argument indexes of this spec's keys in `argv`; `None` when its
    /// keyword is absent.
    fn positions(
        &self,
        argv: &[&[u8]],
    ) -> Result<Option<impl Iterator<Item = usize>>, KeysNotFound> {
        let argc = argv.len() as i64;
        let start = match self.begin {
            BeginSearch::Index(index) => index,
            BeginSearch::Keyword { keyword, startfrom } => {
                // Redis's search never looks at its end: the last argument
                // going forwards (a keyword there has no key after it), index
                // 1 going backwards.
                let found = if startfrom > 0 {
                    (startfrom..argc - 1).find(|&i| is_keyword(argv, i, keyword))
                } else {
                    (2..=argc + startfrom)
                        .rev()
                        .find(|&i| is_keyword(argv, i, keyword))
                };
                match found {
                    Some(i) => i + 1,
                    None => return Ok(None),
                }
            }
            BeginSearch::Unknown => return Err(KeysNotFound),
        };
        let (first, last, step) = match self.find {
            FindKeys::Range {
                lastkey,
                keystep,
                limit,
            } => {
                let last = if lastkey >= 0 {
                    start + lastkey
                } else if limit <= 0 {
                    argc + lastkey
                } else {
                    start + (argc - start) / limit + lastkey
                };
                (start, last, keystep)
            }
            FindKeys::Keynum {
                keynumidx,
                firstkey,
                keystep,
            } => {
                let at = start + keynumidx;
                let numkeys = usize::try_from(at)
                    .ok()
                    .and_then(|at| argv.get(at))
                    .and_then(|arg| super::args::integer(arg).ok())
                    .filter(|&n| n >= 0)
                    .ok_or(KeysNotFound)?;
                let first = start + firstkey;
                // A client's numkeys can be anything: no overflow, just no keys.
                let last = (numkeys - 1)
                    .checked_mul(keystep)
                    .and_then(|span| first.checked_add(span))
                    .ok_or(KeysNotFound)?;
                (first, last, keystep)
            }
            FindKeys::Unknown => return Err(KeysNotFound),
        };
        if first < 1 || first >= argc || last >= argc || last < first || step < 1 {
            return Err(KeysNotFound);
        }
        Ok(Some(
            (first as usize..=last as usize).step_by(step as usize),
        ))
    }
}

fn is_keyword(argv: &[&[u8]], i: i64, keyword: &str) -> bool {
    usize::try_from(i)
        .ok()
        .and_then(|i| argv.get(i))
        .is_some_and(|arg| arg.eq_ignore_ascii_case(keyword.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::spec::flags::*;

    fn noop(
        _: &mut crate::commands::Ctx,
        _: &mut crate::commands::Args,
    ) -> super::super::spec::Reply {
        Ok(())
    }

    fn keys(command: &Command, call: &str) -> Result<Vec<&'static str>, KeysNotFound> {
        let argv: Vec<&[u8]> = call.split(' ').map(str::as_bytes).collect();
        let words: Vec<&str> = call.split(' ').collect();
        command.key_args(&argv).map(|keys| {
            keys.iter()
                .map(|k| -> &'static str { Box::leak(words[k.index].to_string().into_boxed_str()) })
                .collect()
        })
    }

    // Shapes as redis-server 7.0.15's COMMAND INFO gives them.
    static ZUNIONSTORE: Command =
        Command::new("zunionstore", -4, WRITE | DENYOOM | MOVABLEKEYS, noop).key_specs(&[
            KeySpec::new(&["OW", "update"], 1, (0, 1, 0)),
            KeySpec::with_keynum(&["RO", "access"], 2, (0, 1, 1)),
        ]);
    static XREAD: Command =
        Command::new("xread", -4, READONLY | BLOCKING | MOVABLEKEYS, noop).key_specs(&[
            KeySpec::keyword(&["RO", "access"], "STREAMS", 1, (-1, 1, 2)),
        ]);
    static EVAL: Command = Command::new(
        "eval",
        -3,
        NOSCRIPT | STALE | NO_MANDATORY_KEYS | MOVABLEKEYS,
        noop,
    )
    .key_specs(&[
        KeySpec::with_keynum(&["RW", "access", "update"], 2, (0, 1, 1)).notes(
            "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE",
        ),
    ]);
    static LMPOP: Command =
        Command::new("lmpop", -4, WRITE | MOVABLEKEYS, noop).key_specs(&[KeySpec::with_keynum(
            &["RW", "access", "delete"],
            1,
            (0, 1, 1),
        )]);
    static GEORADIUS: Command = Command::new("georadius", -6, WRITE | DENYOOM | MOVABLEKEYS, noop)
        .key_specs(&[
            KeySpec::new(&["RO", "access"], 1, (0, 1, 0)),
            KeySpec::keyword(&["OW", "update"], "STORE", 6, (0, 1, 0)),
            KeySpec::keyword(&["OW", "update"], "STOREDIST", 6, (0, 1, 0)),
        ]);
    static MIGRATE_KEYS: Command = Command::new("migrate", -6, WRITE | MOVABLEKEYS, noop)
        .key_specs(&[KeySpec::keyword(
            &["RW", "access", "delete", "incomplete"],
            "KEYS",
            -2,
            (-1, 1, 0),
        )]);
    static MIGRATE_BACKWARDS: Command = Command::new("migrate", -6, WRITE | MOVABLEKEYS, noop)
        .key_specs(&[KeySpec::keyword(
            &["RW", "access", "delete"],
            "KEYS",
            -2,
            (-1, 1, 0),
        )]);
    static MSET: Command = Command::new("mset", -3, WRITE | DENYOOM, noop)
        .key_specs(&[KeySpec::new(&["OW", "update"], 1, (-1, 2, 0))]);
    static BLPOP: Command = Command::new("blpop", -3, WRITE | BLOCKING, noop)
        .key_specs(&[KeySpec::new(&["RW", "access", "delete"], 1, (-2, 1, 0))]);
    static SPUBLISH: Command = Command::new("spublish", 3, PUBSUB | LOADING | STALE | FAST, noop)
        .key_specs(&[KeySpec::new(&["not_key"], 1, (0, 1, 0))]);

    /// Each expectation is what redis-server 7.0.15's COMMAND GETKEYS
    /// answers for the same call (an error there is `Err` here).
    #[test]
    fn keys_as_redis_finds_them() {
        let z = &ZUNIONSTORE;
        assert_eq!(
            keys(z, "zunionstore d 2 a b weights 1 2"),
            Ok(vec!["d", "a", "b"])
        );
        assert_eq!(keys(z, "zunionstore d 5 a b"), Err(KeysNotFound));
        assert_eq!(keys(z, "zunionstore d 0 a"), Err(KeysNotFound));
        assert_eq!(keys(z, "zunionstore d -1 a"), Err(KeysNotFound));
        assert_eq!(keys(z, "zunionstore d x a"), Err(KeysNotFound));

        let x = &XREAD;
        assert_eq!(keys(x, "xread count 2 streams a b 0 0"), Ok(vec!["a", "b"]));
        assert_eq!(keys(x, "xread streams a b 0"), Ok(vec!["a"]));
        assert_eq!(keys(x, "xread streams a 0 0"), Ok(vec!["a"]));
        assert_eq!(keys(x, "xread STREAMS a 0"), Ok(vec!["a"]));
        // STREAMS in last place is not searched: no keys from the spec.
        assert_eq!(keys(x, "xread count 1 streams"), Ok(vec![]));
        // No STREAMS: no keys from the spec (Redis's answer is the same
        // error once its own key function agrees).
        assert_eq!(keys(x, "xread count 1 x y"), Ok(vec![]));

        assert_eq!(keys(&EVAL, "eval x 0"), Err(KeysNotFound));
        assert_eq!(keys(&EVAL, "eval x 2 a"), Err(KeysNotFound));
        assert_eq!(keys(&EVAL, "eval x 2 a b c"), Ok(vec!["a", "b"]));

        assert_eq!(keys(&LMPOP, "lmpop 2 a b left"), Ok(vec!["a", "b"]));
        assert_eq!(keys(&LMPOP, "lmpop 3 a b left"), Ok(vec!["a", "b", "left"]));
        assert_eq!(keys(&LMPOP, "lmpop 0 a left"), Err(KeysNotFound));

        let g = &GEORADIUS;
        assert_eq!(
            keys(g, "georadius k 1 2 3 m store d storedist e"),
            Ok(vec!["k", "d", "e"])
        );
        assert_eq!(keys(g, "georadius k 1 2 3 m"), Ok(vec!["k"]));
        // A keyword in last place is not searched: no key, and no error.
        assert_eq!(keys(g, "georadius k 1 2 3 m STORE"), Ok(vec!["k"]));
        assert_eq!(keys(g, "georadius k 1 2 store a STORE"), Ok(vec!["k"]));
        assert_eq!(
            keys(g, "georadius k 1 2 3 m x store a STORE"),
            Ok(vec!["k", "a"])
        );

        assert_eq!(keys(&MSET, "mset a b c"), Ok(vec!["a", "c"]));
        assert_eq!(keys(&BLPOP, "blpop a b 0"), Ok(vec!["a", "b"]));
    }

    #[test]
    fn keyword_search_runs_backwards_from_a_negative_start() {
        let m = &MIGRATE_BACKWARDS;
        // From argc - 2 down to 1: the KEYS nearest the end wins.
        assert_eq!(keys(m, "migrate h p x 0 5 keys a b"), Ok(vec!["a", "b"]));
        assert_eq!(keys(m, "migrate h p x 0 5 keys keys b"), Ok(vec!["b"]));
        // The last argument is never searched.
        assert_eq!(keys(m, "migrate h p x 0 5 a keys"), Ok(vec![]));
        // A spec Redis marks incomplete cannot be trusted alone.
        assert_eq!(
            keys(&MIGRATE_KEYS, "migrate h p x 0 5 keys a"),
            Err(KeysNotFound)
        );
    }

    #[test]
    fn channels_are_not_keys() {
        assert!(!SPUBLISH.has_key_args());
        assert_eq!(keys(&SPUBLISH, "spublish c m"), Ok(vec![]));
        assert!(XREAD.has_key_args());
    }

    #[test]
    fn flags_come_from_the_spec() {
        let argv: Vec<&[u8]> = vec![b"zunionstore", b"d", b"1", b"a"];
        let found = ZUNIONSTORE.key_args(&argv).unwrap();
        assert_eq!(
            found,
            [
                KeyArg {
                    index: 1,
                    flags: &["OW", "update"]
                },
                KeyArg {
                    index: 3,
                    flags: &["RO", "access"]
                },
            ]
        );
    }
}
