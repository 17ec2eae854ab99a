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

use bytes::Bytes;

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
pub(crate) fn count(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    ctx.reply().integer(TABLE.len() as i64);
    Flow::Continue
}

/// COMMAND INFO [name ...]: one entry per name, null for an unknown one;
/// every command when no name is given.
pub(crate) fn info(ctx: &mut Ctx, args: &[Bytes]) -> Flow {
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
pub(crate) fn docs(ctx: &mut Ctx, args: &[Bytes]) -> Flow {
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
pub(crate) fn all(ctx: &mut Ctx, _args: &[Bytes]) -> Flow {
    let mut w = ctx.reply();
    w.array(TABLE.len());
    for def in TABLE {
        write_info(&mut w, &Found::top(def));
    }
    Flow::Continue
}
