//! COMMAND, COMMAND COUNT, COMMAND INFO and COMMAND DOCS.
//!
//! The replies follow redis-server 7.0.15 byte for byte, in RESP2 and RESP3.
//! The set of commands (and of subcommands of a container) is the command
//! table; what COMMAND says about each one is the static metadata in
//! [`command_docs`]. A unit test keeps the two in step (every table entry
//! has metadata with the same arity and write/denyoom flags).
//!
//! Commands appear in table order (Redis's own order is its hash table's,
//! which changes from run to run).

#[path = "command_docs.rs"]
mod command_docs;

use super::{lookup, CommandDef, Ctx, Flow, TABLE};
use crate::protocol::ReplyWriter;

/// What COMMAND INFO and COMMAND DOCS report for one command or subcommand.
struct Meta {
    /// Full name: `get`, or `client|setname` for a subcommand.
    name: &'static str,
    /// As Redis reports it; the reply takes the table's arity, and a test
    /// checks that the two agree.
    arity: i32,
    flags: &'static [&'static str],
    /// First key, last key, step (the legacy key positions).
    keys: (i64, i64, i64),
    acl: &'static [&'static str],
    tips: &'static [&'static str],
    key_specs: &'static [KeySpec],
    summary: &'static str,
    since: &'static str,
    group: &'static str,
    complexity: &'static str,
    /// (version, change) pairs.
    history: &'static [(&'static str, &'static str)],
    args: &'static [Arg],
}

impl Meta {
    const fn new(
        name: &'static str,
        arity: i32,
        flags: &'static [&'static str],
        keys: (i64, i64, i64),
        acl: &'static [&'static str],
    ) -> Meta {
        Meta {
            name,
            arity,
            flags,
            keys,
            acl,
            tips: &[],
            key_specs: &[],
            summary: "",
            since: "",
            group: "",
            complexity: "",
            history: &[],
            args: &[],
        }
    }

    const fn tips(mut self, tips: &'static [&'static str]) -> Meta {
        self.tips = tips;
        self
    }

    const fn key_specs(mut self, key_specs: &'static [KeySpec]) -> Meta {
        self.key_specs = key_specs;
        self
    }

    const fn doc(
        mut self,
        summary: &'static str,
        since: &'static str,
        group: &'static str,
        complexity: &'static str,
    ) -> Meta {
        self.summary = summary;
        self.since = since;
        self.group = group;
        self.complexity = complexity;
        self
    }

    const fn history(mut self, history: &'static [(&'static str, &'static str)]) -> Meta {
        self.history = history;
        self
    }

    const fn args(mut self, args: &'static [Arg]) -> Meta {
        self.args = args;
        self
    }
}

/// A key spec whose keys start at a fixed argument index (`begin_search`
/// type `index`) and run over a range (`find_keys` type `range`): the only
/// kind the commands in the table use.
struct KeySpec {
    notes: Option<&'static str>,
    flags: &'static [&'static str],
    begin_index: i64,
    /// lastkey, keystep, limit.
    range: (i64, i64, i64),
}

impl KeySpec {
    const fn new(
        flags: &'static [&'static str],
        begin_index: i64,
        range: (i64, i64, i64),
    ) -> KeySpec {
        KeySpec {
            notes: None,
            flags,
            begin_index,
            range,
        }
    }

    const fn notes(mut self, notes: &'static str) -> KeySpec {
        self.notes = Some(notes);
        self
    }
}

/// One node of a command's argument tree (COMMAND DOCS `arguments`).
struct Arg {
    name: &'static str,
    /// `key`, `string`, `integer`, `oneof`, `block`, `pure-token`, ...
    kind: &'static str,
    key_spec_index: Option<i64>,
    token: Option<&'static str>,
    since: Option<&'static str>,
    optional: bool,
    multiple: bool,
    /// Members of a `oneof` or `block`.
    args: &'static [Arg],
}

const fn arg(name: &'static str, kind: &'static str) -> Arg {
    Arg {
        name,
        kind,
        key_spec_index: None,
        token: None,
        since: None,
        optional: false,
        multiple: false,
        args: &[],
    }
}

impl Arg {
    const fn key_spec(mut self, index: i64) -> Arg {
        self.key_spec_index = Some(index);
        self
    }

    const fn token(mut self, token: &'static str) -> Arg {
        self.token = Some(token);
        self
    }

    const fn since(mut self, since: &'static str) -> Arg {
        self.since = Some(since);
        self
    }

    const fn optional(mut self) -> Arg {
        self.optional = true;
        self
    }

    const fn multiple(mut self) -> Arg {
        self.multiple = true;
        self
    }

    const fn args(mut self, args: &'static [Arg]) -> Arg {
        self.args = args;
        self
    }
}

/// Metadata for a full name (`get`, `client|setname`).
fn meta(full_name: &str) -> Option<&'static Meta> {
    command_docs::COMMANDS.iter().find(|m| m.name == full_name)
}

/// A table entry with the full name COMMAND reports for it.
struct Found {
    def: &'static CommandDef,
    full_name: String,
}

impl Found {
    fn top(def: &'static CommandDef) -> Found {
        Found {
            def,
            full_name: def.name.to_string(),
        }
    }

    fn sub(parent: &CommandDef, def: &'static CommandDef) -> Found {
        Found {
            def,
            full_name: format!("{}|{}", parent.name, def.name),
        }
    }

    fn subcommands(&self) -> impl Iterator<Item = Found> + '_ {
        self.def
            .subcommands
            .iter()
            .map(|sub| Found::sub(self.def, sub))
    }
}

/// Resolves a name as COMMAND INFO / DOCS take it: `get`, or
/// `container|subcommand`, in any case.
fn resolve(name: &[u8]) -> Option<Found> {
    match name.iter().position(|&b| b == b'|') {
        None => lookup(TABLE, name).map(Found::top),
        Some(bar) => {
            let parent = lookup(TABLE, &name[..bar])?;
            if parent.subcommands.is_empty() {
                return None;
            }
            let sub = lookup(parent.subcommands, &name[bar + 1..])?;
            Some(Found::sub(parent, sub))
        }
    }
}

/// Statuses written as a set of simple strings (flags, ACL categories).
fn status_set(w: &mut ReplyWriter, items: &[&str]) {
    w.set(items.len());
    for item in items {
        w.simple(item);
    }
}

/// The 10-element COMMAND INFO entry.
fn write_info(w: &mut ReplyWriter, found: &Found) {
    static UNDESCRIBED: Meta = Meta::new("", 0, &[], (0, 0, 0), &[]);
    let meta = meta(&found.full_name).unwrap_or(&UNDESCRIBED);
    debug_assert!(meta.name.is_empty() || meta.arity == found.def.arity);
    w.array(10);
    w.bulk(found.full_name.as_bytes());
    w.integer(found.def.arity.into());
    status_set(w, meta.flags);
    w.integer(meta.keys.0);
    w.integer(meta.keys.1);
    w.integer(meta.keys.2);
    status_set(w, meta.acl);
    w.set(meta.tips.len());
    for tip in meta.tips {
        w.bulk(tip.as_bytes());
    }
    w.set(meta.key_specs.len());
    for spec in meta.key_specs {
        write_key_spec(w, spec);
    }
    if found.def.subcommands.is_empty() {
        w.set(0);
    } else {
        w.array(found.def.subcommands.len());
        for sub in found.subcommands() {
            write_info(w, &sub);
        }
    }
}

fn write_key_spec(w: &mut ReplyWriter, spec: &KeySpec) {
    w.map(3 + usize::from(spec.notes.is_some()));
    if let Some(notes) = spec.notes {
        w.bulk(b"notes");
        w.bulk(notes.as_bytes());
    }
    w.bulk(b"flags");
    status_set(w, spec.flags);
    w.bulk(b"begin_search");
    w.map(2);
    w.bulk(b"type");
    w.bulk(b"index");
    w.bulk(b"spec");
    w.map(1);
    w.bulk(b"index");
    w.integer(spec.begin_index);
    w.bulk(b"find_keys");
    w.map(2);
    w.bulk(b"type");
    w.bulk(b"range");
    w.bulk(b"spec");
    w.map(3);
    let (lastkey, keystep, limit) = spec.range;
    for (field, value) in [("lastkey", lastkey), ("keystep", keystep), ("limit", limit)] {
        w.bulk(field.as_bytes());
        w.integer(value);
    }
}

/// The COMMAND DOCS map of one command (without its name).
fn write_docs(w: &mut ReplyWriter, found: &Found) {
    let Some(meta) = meta(&found.full_name) else {
        w.map(0);
        return;
    };
    let fields = 4
        + usize::from(!meta.history.is_empty())
        + usize::from(!meta.args.is_empty())
        + usize::from(!found.def.subcommands.is_empty());
    w.map(fields);
    for (field, value) in [
        ("summary", meta.summary),
        ("since", meta.since),
        ("group", meta.group),
        ("complexity", meta.complexity),
    ] {
        w.bulk(field.as_bytes());
        w.bulk(value.as_bytes());
    }
    if !meta.history.is_empty() {
        w.bulk(b"history");
        w.set(meta.history.len());
        for (version, change) in meta.history {
            w.array(2);
            w.bulk(version.as_bytes());
            w.bulk(change.as_bytes());
        }
    }
    if !meta.args.is_empty() {
        w.bulk(b"arguments");
        write_args(w, meta.args);
    }
    if !found.def.subcommands.is_empty() {
        w.bulk(b"subcommands");
        w.map(found.def.subcommands.len());
        for sub in found.subcommands() {
            w.bulk(sub.full_name.as_bytes());
            write_docs(w, &sub);
        }
    }
}

fn write_args(w: &mut ReplyWriter, args: &[Arg]) {
    w.array(args.len());
    for arg in args {
        let has_flags = arg.optional || arg.multiple;
        let fields = 2
            + usize::from(arg.key_spec_index.is_some())
            + usize::from(arg.token.is_some())
            + usize::from(arg.since.is_some())
            + usize::from(has_flags)
            + usize::from(!arg.args.is_empty());
        w.map(fields);
        w.bulk(b"name");
        w.bulk(arg.name.as_bytes());
        w.bulk(b"type");
        w.bulk(arg.kind.as_bytes());
        if let Some(index) = arg.key_spec_index {
            w.bulk(b"key_spec_index");
            w.integer(index);
        }
        if let Some(token) = arg.token {
            w.bulk(b"token");
            w.bulk(token.as_bytes());
        }
        if let Some(since) = arg.since {
            w.bulk(b"since");
            w.bulk(since.as_bytes());
        }
        if has_flags {
            w.bulk(b"flags");
            let flags: Vec<&str> = [(arg.optional, "optional"), (arg.multiple, "multiple")]
                .into_iter()
                .filter_map(|(set, flag)| set.then_some(flag))
                .collect();
            status_set(w, &flags);
        }
        if !arg.args.is_empty() {
            w.bulk(b"arguments");
            write_args(w, arg.args);
        }
    }
}

/// COMMAND COUNT
pub(crate) fn count(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    ctx.reply().integer(TABLE.len() as i64);
    Flow::Continue
}

/// COMMAND INFO [name ...]: one entry per name, null for an unknown one;
/// every command when no name is given.
pub(crate) fn info(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    if args.len() == 2 {
        return all(ctx, args);
    }
    let mut w = ctx.reply();
    let names = &args[2..];
    w.array(names.len());
    for name in names {
        match resolve(name) {
            Some(found) => write_info(&mut w, &found),
            None => w.null_bulk(),
        }
    }
    Flow::Continue
}

/// COMMAND DOCS [name ...]: a map from name to documentation; unknown names
/// are left out, and no name means every command.
pub(crate) fn docs(ctx: &mut Ctx, args: &[&[u8]]) -> Flow {
    let found: Vec<Found> = if args.len() == 2 {
        TABLE.iter().map(Found::top).collect()
    } else {
        args[2..].iter().filter_map(|name| resolve(name)).collect()
    };
    let mut w = ctx.reply();
    w.map(found.len());
    for entry in &found {
        w.bulk(entry.full_name.as_bytes());
        write_docs(&mut w, entry);
    }
    Flow::Continue
}

/// COMMAND with no subcommand: every command's INFO entry.
pub(crate) fn all(ctx: &mut Ctx, _args: &[&[u8]]) -> Flow {
    let mut w = ctx.reply();
    w.array(TABLE.len());
    for def in TABLE {
        write_info(&mut w, &Found::top(def));
    }
    Flow::Continue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{DENYOOM, NO_AUTH, WRITE};
    use crate::protocol::Protocol;
    use crate::{Config, Host, Server};

    /// Sends one command through the public path and returns the reply
    /// (after `HELLO 3`, whose reply is dropped, for RESP3).
    fn run(protocol: Protocol, args: &[&str]) -> Vec<u8> {
        let mut input = format!("*{}\r\n", args.len());
        for arg in args {
            input += &format!("${}\r\n{arg}\r\n", arg.len());
        }
        let mut server = Server::new(Config::default(), Host::default(), 0);
        let client = server.connect(0);
        let mut out = Vec::new();
        if protocol == Protocol::Resp3 {
            server.receive(client, b"HELLO 3\r\n", 0);
            server.take_output(client, &mut out);
            out.clear();
        }
        server.receive(client, input.as_bytes(), 0);
        server.take_output(client, &mut out);
        out
    }

    fn resp2(args: &[&str]) -> Vec<u8> {
        run(Protocol::Resp2, args)
    }

    fn resp3(args: &[&str]) -> Vec<u8> {
        run(Protocol::Resp3, args)
    }

    #[track_caller]
    fn assert_bytes(got: Vec<u8>, want: &[u8]) {
        assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(want));
    }

    /// Every table entry and subcommand has metadata that agrees with the
    /// table (arity, write and denyoom flags), and no metadata is left over
    /// for a command the table does not have.
    #[test]
    fn metadata_matches_the_table() {
        let mut described = 0;
        for def in TABLE {
            let mut entries = vec![Found::top(def)];
            entries.extend(Found::top(def).subcommands());
            for found in entries {
                let name = &found.full_name;
                let meta = meta(name).unwrap_or_else(|| panic!("no COMMAND metadata for {name}"));
                described += 1;
                assert_eq!(meta.arity, found.def.arity, "arity of {name}");
                let has = |flag: &str| meta.flags.contains(&flag);
                assert_eq!(
                    has("write"),
                    found.def.flags & WRITE != 0,
                    "write flag of {name}"
                );
                assert_eq!(
                    has("denyoom"),
                    found.def.flags & DENYOOM != 0,
                    "denyoom flag of {name}"
                );
                assert_eq!(
                    has("no_auth"),
                    found.def.flags & NO_AUTH != 0,
                    "no_auth flag of {name}"
                );
                assert!(
                    !meta.summary.is_empty() && !meta.since.is_empty() && !meta.group.is_empty()
                );
            }
        }
        assert_eq!(
            described,
            command_docs::COMMANDS.len(),
            "metadata for a command not in the table"
        );
    }

    #[test]
    fn key_spec_indexes_point_at_key_specs() {
        fn check(meta: &Meta, args: &[Arg]) {
            for arg in args {
                if let Some(index) = arg.key_spec_index {
                    assert!((index as usize) < meta.key_specs.len(), "{}", meta.name);
                }
                check(meta, arg.args);
            }
        }
        for meta in command_docs::COMMANDS {
            check(meta, meta.args);
        }
    }

    const INFO_GET_RESP2: &[u8] = b"\
            *1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n\
            +@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n\
            +access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n\
            *2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n\
            $4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n\
            :0\r\n*0\r\n";

    const INFO_GET_RESP3: &[u8] = b"\
            *1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n\
            +@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n\
            +access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n\
            %1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n\
            $4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n\
            :0\r\n~0\r\n";

    const DOCS_GET_RESP2: &[u8] = b"\
            *2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\n\
            since\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\n\
            O(1)\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n\
            $3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n";

    const DOCS_GET_RESP3: &[u8] = b"\
            %1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\n\
            since\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\n\
            O(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n\
            $3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n";

    const INFO_SET_RESP3: &[u8] = b"\
            *1\r\n*10\r\n$3\r\nset\r\n:-3\r\n~2\r\n+write\r\n+denyoom\r\n:1\r\n:1\r\n:1\r\n\
            ~3\r\n+@write\r\n+@string\r\n+@slow\r\n~0\r\n~1\r\n%4\r\n$5\r\nnotes\r\n$48\r\n\
            RW and ACCESS due to the optional `GET` argument\r\n$5\r\nflags\r\n~4\r\n+RW\r\n\
            +access\r\n+update\r\n+variable_flags\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n\
            $5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n\
            $4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\n\
            keystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n";

    const DOCS_SET_RESP2: &[u8] = b"\
            *2\r\n$3\r\nset\r\n*12\r\n$7\r\nsummary\r\n$29\r\nSet the string value of a key\r\n\
            $5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n\
            $4\r\nO(1)\r\n$7\r\nhistory\r\n*4\r\n*2\r\n$6\r\n2.6.12\r\n$44\r\n\
            Added the `EX`, `PX`, `NX` and `XX` options.\r\n*2\r\n$5\r\n6.0.0\r\n$27\r\n\
            Added the `KEEPTTL` option.\r\n*2\r\n$5\r\n6.2.0\r\n$42\r\n\
            Added the `GET`, `EXAT` and `PXAT` option.\r\n*2\r\n$5\r\n7.0.0\r\n$55\r\n\
            Allowed the `NX` and `GET` options to be used together.\r\n$9\r\narguments\r\n*5\r\n\
            *6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\n\
            key_spec_index\r\n:0\r\n*4\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\ntype\r\n$6\r\n\
            string\r\n*10\r\n$4\r\nname\r\n$9\r\ncondition\r\n$4\r\ntype\r\n$5\r\noneof\r\n\
            $5\r\nsince\r\n$6\r\n2.6.12\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n\
            *2\r\n*6\r\n$4\r\nname\r\n$2\r\nnx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\n\
            token\r\n$2\r\nNX\r\n*6\r\n$4\r\nname\r\n$2\r\nxx\r\n$4\r\ntype\r\n$10\r\n\
            pure-token\r\n$5\r\ntoken\r\n$2\r\nXX\r\n*10\r\n$4\r\nname\r\n$3\r\nget\r\n$4\r\n\
            type\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$3\r\nGET\r\n$5\r\nsince\r\n$5\r\n\
            6.2.0\r\n$5\r\nflags\r\n*1\r\n+optional\r\n*8\r\n$4\r\nname\r\n$10\r\nexpiration\r\n\
            $4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n\
            *5\r\n*8\r\n$4\r\nname\r\n$7\r\nseconds\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\n\
            token\r\n$2\r\nEX\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n*8\r\n$4\r\nname\r\n$12\r\n\
            milliseconds\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$2\r\nPX\r\n$5\r\n\
            since\r\n$6\r\n2.6.12\r\n*8\r\n$4\r\nname\r\n$17\r\nunix-time-seconds\r\n$4\r\n\
            type\r\n$9\r\nunix-time\r\n$5\r\ntoken\r\n$4\r\nEXAT\r\n$5\r\nsince\r\n$5\r\n\
            6.2.0\r\n*8\r\n$4\r\nname\r\n$22\r\nunix-time-milliseconds\r\n$4\r\ntype\r\n$9\r\n\
            unix-time\r\n$5\r\ntoken\r\n$4\r\nPXAT\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n*8\r\n$4\r\n\
            name\r\n$7\r\nkeepttl\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\n\
            KEEPTTL\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n";

    const DOCS_SET_RESP3: &[u8] = b"\
            %1\r\n$3\r\nset\r\n%6\r\n$7\r\nsummary\r\n$29\r\nSet the string value of a key\r\n\
            $5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n\
            $4\r\nO(1)\r\n$7\r\nhistory\r\n~4\r\n*2\r\n$6\r\n2.6.12\r\n$44\r\n\
            Added the `EX`, `PX`, `NX` and `XX` options.\r\n*2\r\n$5\r\n6.0.0\r\n$27\r\n\
            Added the `KEEPTTL` option.\r\n*2\r\n$5\r\n6.2.0\r\n$42\r\n\
            Added the `GET`, `EXAT` and `PXAT` option.\r\n*2\r\n$5\r\n7.0.0\r\n$55\r\n\
            Allowed the `NX` and `GET` options to be used together.\r\n$9\r\narguments\r\n*5\r\n\
            %3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\n\
            key_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\ntype\r\n$6\r\n\
            string\r\n%5\r\n$4\r\nname\r\n$9\r\ncondition\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\n\
            since\r\n$6\r\n2.6.12\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n\
            %3\r\n$4\r\nname\r\n$2\r\nnx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n\
            $2\r\nNX\r\n%3\r\n$4\r\nname\r\n$2\r\nxx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n\
            $5\r\ntoken\r\n$2\r\nXX\r\n%5\r\n$4\r\nname\r\n$3\r\nget\r\n$4\r\ntype\r\n$10\r\n\
            pure-token\r\n$5\r\ntoken\r\n$3\r\nGET\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\n\
            flags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$10\r\nexpiration\r\n$4\r\ntype\r\n\
            $5\r\noneof\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*5\r\n%4\r\n\
            $4\r\nname\r\n$7\r\nseconds\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$2\r\n\
            EX\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n%4\r\n$4\r\nname\r\n$12\r\nmilliseconds\r\n\
            $4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$2\r\nPX\r\n$5\r\nsince\r\n$6\r\n\
            2.6.12\r\n%4\r\n$4\r\nname\r\n$17\r\nunix-time-seconds\r\n$4\r\ntype\r\n$9\r\n\
            unix-time\r\n$5\r\ntoken\r\n$4\r\nEXAT\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n%4\r\n$4\r\n\
            name\r\n$22\r\nunix-time-milliseconds\r\n$4\r\ntype\r\n$9\r\nunix-time\r\n$5\r\n\
            token\r\n$4\r\nPXAT\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n%4\r\n$4\r\nname\r\n$7\r\n\
            keepttl\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\nKEEPTTL\r\n$5\r\n\
            since\r\n$5\r\n6.0.0\r\n";

    const INFO_SETNAME_RESP2: &[u8] = b"\
            *1\r\n*10\r\n$14\r\nclient|setname\r\n:3\r\n*3\r\n+noscript\r\n+loading\r\n\
            +stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n";

    const INFO_SETNAME_RESP3: &[u8] = b"\
            *1\r\n*10\r\n$14\r\nclient|setname\r\n:3\r\n~3\r\n+noscript\r\n+loading\r\n\
            +stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n";

    #[test]
    fn info_matches_redis() {
        assert_bytes(resp2(&["COMMAND", "INFO", "get"]), INFO_GET_RESP2);
        assert_bytes(resp3(&["COMMAND", "INFO", "get"]), INFO_GET_RESP3);
        assert_bytes(resp3(&["command", "info", "SET"]), INFO_SET_RESP3);
        assert_bytes(
            resp2(&["COMMAND", "INFO", "client|setname"]),
            INFO_SETNAME_RESP2,
        );
        assert_bytes(
            resp3(&["COMMAND", "INFO", "CLIENT|SETNAME"]),
            INFO_SETNAME_RESP3,
        );
    }

    #[test]
    fn docs_match_redis() {
        assert_bytes(resp2(&["COMMAND", "DOCS", "get"]), DOCS_GET_RESP2);
        assert_bytes(resp3(&["COMMAND", "DOCS", "GET"]), DOCS_GET_RESP3);
        assert_bytes(resp2(&["COMMAND", "DOCS", "set"]), DOCS_SET_RESP2);
        assert_bytes(resp3(&["COMMAND", "DOCS", "set"]), DOCS_SET_RESP3);
    }

    #[test]
    fn unknown_names() {
        let info = ["COMMAND", "INFO", "nosuch", "get|x", "client|nosuch"];
        assert_bytes(resp2(&info), b"*3\r\n$-1\r\n$-1\r\n$-1\r\n");
        assert_bytes(resp3(&info), b"*3\r\n_\r\n_\r\n_\r\n");
        assert_bytes(resp2(&["COMMAND", "DOCS", "nosuch"]), b"*0\r\n");
        assert_bytes(resp3(&["COMMAND", "DOCS", "nosuch"]), b"%0\r\n");
        // Unknown names leave no slot in DOCS; known ones keep theirs, even repeated.
        let mut want = b"*4\r\n".to_vec();
        for _ in 0..2 {
            want.extend_from_slice(&DOCS_GET_RESP2[4..]);
        }
        assert_bytes(resp2(&["COMMAND", "DOCS", "get", "nosuch", "GET"]), &want);
    }

    #[test]
    fn count_is_the_table_size() {
        let want = format!(":{}\r\n", TABLE.len());
        assert_bytes(resp2(&["COMMAND", "COUNT"]), want.as_bytes());
        assert_bytes(resp3(&["command", "count"]), want.as_bytes());
    }

    #[test]
    fn command_lists_every_command() {
        for protocol in [Protocol::Resp2, Protocol::Resp3] {
            let all = run(protocol, &["COMMAND"]);
            assert!(
                all.starts_with(format!("*{}\r\n*10\r\n$4\r\nping\r\n", TABLE.len()).as_bytes())
            );
            assert_bytes(run(protocol, &["COMMAND", "INFO"]), &all);
            let names: Vec<&str> = TABLE.iter().map(|c| c.name).collect();
            let mut args = vec!["COMMAND", "INFO"];
            args.extend(&names);
            let listed = run(protocol, &args);
            assert_bytes(listed, &all);
        }
        let docs = resp3(&["COMMAND", "DOCS"]);
        assert!(docs.starts_with(format!("%{}\r\n$4\r\nping\r\n", TABLE.len()).as_bytes()));
    }

    #[test]
    fn containers_show_only_table_subcommands() {
        let info = resp2(&["COMMAND", "INFO", "config"]);
        let want = b"*1\r\n*10\r\n$6\r\nconfig\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n\
            *0\r\n*0\r\n*3\r\n*10\r\n$10\r\nconfig|get\r\n";
        assert!(info.starts_with(want), "{}", String::from_utf8_lossy(&info));
        let text = String::from_utf8_lossy(&info);
        assert!(text.contains("config|set") && text.contains("config|resetstat"));
        assert!(!text.contains("config|rewrite"));

        let docs = resp3(&["COMMAND", "DOCS", "client"]);
        let text = String::from_utf8_lossy(&docs);
        assert!(
            text.contains("$11\r\nsubcommands\r\n%4\r\n$14\r\nclient|setinfo\r\n"),
            "{text}"
        );
        assert!(!text.contains("client|kill"));
        // A leaf command has no subcommands field, and an empty set in INFO.
        assert!(resp3(&["COMMAND", "INFO", "cluster"]).ends_with(b"~0\r\n~0\r\n~0\r\n"));
        assert!(
            !String::from_utf8_lossy(&resp3(&["COMMAND", "DOCS", "cluster"]))
                .contains("subcommands")
        );
    }
}
