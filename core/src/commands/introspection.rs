//! COMMAND, COMMAND COUNT, COMMAND INFO, COMMAND DOCS, COMMAND LIST,
//! COMMAND GETKEYS / GETKEYSANDFLAGS and COMMAND HELP.
//!
//! The replies follow redis-server 7.0.15 byte for byte, in RESP2 and RESP3,
//! written from the command descriptions (see spec.rs), in table order.

use super::args::{token, Args};
use super::errors;
use super::keyspec::KeyArg;
use super::spec::{arg, flags::*, Arg, BeginSearch, Command, FindKeys, KeySpec, Reply};
use super::{table, Ctx};
use crate::glob::glob_match;
use crate::protocol::ReplyWriter;

pub(super) static COMMANDS: &[Command] =
    &[
        Command::container("command", -1, LOADING | STALE, SUBCOMMANDS)
            .bare(all)
            .acl(&["@slow", "@connection"])
            .tips(&["nondeterministic_output_order"])
            .doc(
                "Get array of Redis command details",
                "2.8.13",
                "server",
                "O(N) where N is the total number of Redis commands",
            ),
    ];

const SUBCOMMANDS: &[Command] = &[
    Command::new("command|count", 2, LOADING | STALE, count)
        .acl(&["@slow", "@connection"])
        .doc(
            "Get total number of Redis commands",
            "2.8.13",
            "server",
            "O(1)",
        ),
    Command::new("command|info", -2, LOADING | STALE, info)
        .acl(&["@slow", "@connection"])
        .tips(&["nondeterministic_output_order"])
        .doc(
            "Get array of specific Redis command details, or all when no argument is given.",
            "2.8.13",
            "server",
            "O(N) where N is the number of commands to look up",
        )
        .history(&[(
            "7.0.0",
            "Allowed to be called with no argument to get info on all commands.",
        )])
        .args(&[arg("command-name", "string").optional().multiple()]),
    Command::new("command|docs", -2, LOADING | STALE, docs)
        .acl(&["@slow", "@connection"])
        .tips(&["nondeterministic_output_order"])
        .doc(
            "Get array of specific Redis command documentation",
            "7.0.0",
            "server",
            "O(N) where N is the number of commands to look up",
        )
        .args(&[arg("command-name", "string").optional().multiple()]),
    Command::new("command|list", -2, LOADING | STALE, list)
        .acl(&["@slow", "@connection"])
        .tips(&["nondeterministic_output_order"])
        .doc(
            "Get an array of Redis command names",
            "7.0.0",
            "server",
            "O(N) where N is the total number of Redis commands",
        )
        .args(&[arg("filterby", "oneof")
            .token("FILTERBY")
            .optional()
            .args(&[
                arg("module-name", "string").token("MODULE"),
                arg("category", "string").token("ACLCAT"),
                arg("pattern", "pattern").token("PATTERN"),
            ])]),
    Command::new("command|getkeys", -4, LOADING | STALE, getkeys)
        .acl(&["@slow", "@connection"])
        .doc(
            "Extract keys given a full Redis command",
            "2.8.13",
            "server",
            "O(N) where N is the number of arguments to the command",
        ),
    Command::new(
        "command|getkeysandflags",
        -4,
        LOADING | STALE,
        getkeysandflags,
    )
    .acl(&["@slow", "@connection"])
    .doc(
        "Extract keys and access flags given a full Redis command",
        "7.0.0",
        "server",
        "O(N) where N is the number of arguments to the command",
    ),
    Command::new("command|help", 2, LOADING | STALE, help)
        .acl(&["@slow", "@connection"])
        .doc(
            "Show helpful text about the different subcommands",
            "5.0.0",
            "server",
            "O(1)",
        ),
];

/// Statuses written as a set of simple strings (flags, ACL categories).
fn status_set(w: &mut ReplyWriter, items: &[&str]) {
    w.set(items.len());
    for item in items {
        w.simple(item);
    }
}

/// The 10-element COMMAND INFO entry.
fn write_info(w: &mut ReplyWriter, command: &Command) {
    w.array(10);
    w.bulk(command.name.as_bytes());
    w.integer(command.arity.into());
    let printed = NAMES.iter().filter(|(flag, _)| command.has(*flag));
    w.set(printed.clone().count());
    for (_, name) in printed {
        w.simple(name);
    }
    let (first, last, step) = command.keys;
    w.integer(first);
    w.integer(last);
    w.integer(step);
    status_set(w, command.acl);
    w.set(command.tips.len());
    for tip in command.tips {
        w.bulk(tip.as_bytes());
    }
    w.set(command.key_specs.len());
    for spec in command.key_specs {
        write_key_spec(w, spec);
    }
    if command.subcommands.is_empty() {
        w.set(0);
    } else {
        w.array(command.subcommands.len());
        for sub in command.subcommands {
            write_info(w, sub);
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
    match spec.begin {
        BeginSearch::Index(index) => {
            w.bulk(b"index");
            w.bulk(b"spec");
            w.map(1);
            w.bulk(b"index");
            w.integer(index);
        }
        BeginSearch::Keyword { keyword, startfrom } => {
            w.bulk(b"keyword");
            w.bulk(b"spec");
            w.map(2);
            w.bulk(b"keyword");
            w.bulk(keyword.as_bytes());
            w.bulk(b"startfrom");
            w.integer(startfrom);
        }
        BeginSearch::Unknown => {
            w.bulk(b"unknown");
            w.bulk(b"spec");
            w.map(0);
        }
    }
    w.bulk(b"find_keys");
    w.map(2);
    w.bulk(b"type");
    let fields: &[(&str, i64)] = match spec.find {
        FindKeys::Range {
            lastkey,
            keystep,
            limit,
        } => {
            w.bulk(b"range");
            &[("lastkey", lastkey), ("keystep", keystep), ("limit", limit)]
        }
        FindKeys::Keynum {
            keynumidx,
            firstkey,
            keystep,
        } => {
            w.bulk(b"keynum");
            &[
                ("keynumidx", keynumidx),
                ("firstkey", firstkey),
                ("keystep", keystep),
            ]
        }
        FindKeys::Unknown => {
            w.bulk(b"unknown");
            &[]
        }
    };
    w.bulk(b"spec");
    w.map(fields.len());
    for (field, value) in fields {
        w.bulk(field.as_bytes());
        w.integer(*value);
    }
}

/// The COMMAND DOCS map of one command (without its name).
fn write_docs(w: &mut ReplyWriter, command: &Command) {
    // Redis leaves `complexity` out when a command documents none (MONITOR).
    let fields = 3
        + usize::from(!command.complexity.is_empty())
        + usize::from(!command.doc_flags.is_empty())
        + 2 * usize::from(command.deprecated.is_some())
        + usize::from(!command.history.is_empty())
        + usize::from(!command.args.is_empty())
        + usize::from(!command.subcommands.is_empty());
    w.map(fields);
    for (field, value) in [
        ("summary", command.summary),
        ("since", command.since),
        ("group", command.group),
        ("complexity", command.complexity),
    ] {
        if value.is_empty() {
            continue;
        }
        w.bulk(field.as_bytes());
        w.bulk(value.as_bytes());
    }
    if !command.doc_flags.is_empty() {
        w.bulk(b"doc_flags");
        status_set(w, command.doc_flags);
    }
    if let Some((since, replaced_by)) = command.deprecated {
        w.bulk(b"deprecated_since");
        w.bulk(since.as_bytes());
        w.bulk(b"replaced_by");
        w.bulk(replaced_by.as_bytes());
    }
    if !command.history.is_empty() {
        w.bulk(b"history");
        w.set(command.history.len());
        for (version, change) in command.history {
            w.array(2);
            w.bulk(version.as_bytes());
            w.bulk(change.as_bytes());
        }
    }
    if !command.args.is_empty() {
        w.bulk(b"arguments");
        write_args(w, command.args);
    }
    if !command.subcommands.is_empty() {
        w.bulk(b"subcommands");
        w.map(command.subcommands.len());
        for sub in command.subcommands {
            w.bulk(sub.name.as_bytes());
            write_docs(w, sub);
        }
    }
}

fn write_args(w: &mut ReplyWriter, args: &[Arg]) {
    w.array(args.len());
    for arg in args {
        let has_flags = arg.optional || arg.multiple || arg.multiple_token;
        let fields = 2
            + usize::from(arg.key_spec_index.is_some())
            + usize::from(arg.token.is_some())
            + usize::from(arg.since.is_some())
            + usize::from(arg.deprecated_since.is_some())
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
        if let Some(since) = arg.deprecated_since {
            w.bulk(b"deprecated_since");
            w.bulk(since.as_bytes());
        }
        if has_flags {
            w.bulk(b"flags");
            let flags: Vec<&str> = [
                (arg.optional, "optional"),
                (arg.multiple, "multiple"),
                (arg.multiple_token, "multiple_token"),
            ]
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
fn count(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    ctx.reply().integer(table::count() as i64);
    Ok(())
}

/// COMMAND INFO [name ...]: one entry per name, null for an unknown one;
/// every command when no name is given.
fn info(ctx: &mut Ctx, args: &mut Args) -> Reply {
    if args.is_empty() {
        return all(ctx, args);
    }
    let names = args.rest();
    let mut w = ctx.reply();
    w.array(names.len());
    for name in names {
        match table::resolve(name) {
            Some(command) => write_info(&mut w, command),
            None => w.null_bulk(),
        }
    }
    Ok(())
}

/// COMMAND DOCS [name ...]: a map from name to documentation; unknown names
/// are left out, and no name means every command.
fn docs(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let found: Vec<&Command> = if args.is_empty() {
        table::commands().collect()
    } else {
        args.filter_map(table::resolve).collect()
    };
    let mut w = ctx.reply();
    w.map(found.len());
    for command in found {
        w.bulk(command.name.as_bytes());
        write_docs(&mut w, command);
    }
    Ok(())
}

/// COMMAND with no subcommand: every command's INFO entry.
fn all(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    let mut w = ctx.reply();
    w.array(table::count());
    for command in table::commands() {
        write_info(&mut w, command);
    }
    Ok(())
}

/// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]:
/// the names of every command and subcommand, a container before its
/// subcommands. A category is named without `@` and in any case; a
/// pattern is a case-insensitive glob over full names (`config|get`);
/// no command comes from a module.
fn list(ctx: &mut Ctx, args: &mut Args) -> Reply {
    enum Filter<'a> {
        All,
        Module,
        Category(&'a [u8]),
        Pattern(&'a [u8]),
    }
    let filter = match args.rest() {
        [] => Filter::All,
        [filterby, kind, value] if token(filterby, &["filterby"]).is_some() => {
            match token(kind, &["module", "aclcat", "pattern"]) {
                Some(0) => Filter::Module,
                Some(1) => Filter::Category(value),
                Some(2) => Filter::Pattern(value),
                _ => return Err(errors::SYNTAX),
            }
        }
        _ => return Err(errors::SYNTAX),
    };
    let wanted = |command: &Command| match filter {
        Filter::All => true,
        Filter::Module => false,
        Filter::Category(category) => command.acl.iter().any(|acl| {
            acl.strip_prefix('@')
                .is_some_and(|name| name.as_bytes().eq_ignore_ascii_case(category))
        }),
        Filter::Pattern(pattern) => glob_match(pattern, command.name.as_bytes(), true),
    };
    let names: Vec<&str> = table::commands()
        .flat_map(|c| std::iter::once(c).chain(c.subcommands))
        .filter(|c| wanted(c))
        .map(|c| c.name)
        .collect();
    let mut w = ctx.reply();
    w.array(names.len());
    for name in names {
        w.bulk(name.as_bytes());
    }
    Ok(())
}

/// The keys of the command given as arguments to GETKEYS /
/// GETKEYSANDFLAGS, with Redis's errors for a call that cannot be read.
fn keys_of_call<'a>(args: &mut Args<'a>) -> Result<Vec<(&'a [u8], KeyArg)>, errors::CommandError> {
    let argv = args.rest();
    let command = match argv {
        [name, sub, ..] => table::lookup(name).map(|c| {
            if c.subcommands.is_empty() {
                Some(c)
            } else {
                table::lookup_subcommand(c, sub)
            }
        }),
        [name] => table::lookup(name).map(Some),
        [] => None,
    }
    .flatten()
    .ok_or(errors::GETKEYS_INVALID_COMMAND)?;
    if !command.has_key_args() {
        return Err(errors::GETKEYS_NO_KEYS);
    }
    if !command.arity_ok(argv.len()) {
        return Err(errors::GETKEYS_WRONG_ARITY);
    }
    let keys = command.key_args(argv).unwrap_or_default();
    if keys.is_empty() && !command.has(NO_MANDATORY_KEYS) {
        return Err(errors::GETKEYS_INVALID_ARGUMENTS);
    }
    Ok(keys
        .into_iter()
        .filter_map(|key| Some((*argv.get(key.index)?, key)))
        .collect())
}

/// COMMAND GETKEYS command [arg ...]: the call's key arguments.
fn getkeys(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let keys = keys_of_call(args)?;
    let mut w = ctx.reply();
    w.array(keys.len());
    for (key, _) in keys {
        w.bulk(key);
    }
    Ok(())
}

/// COMMAND GETKEYSANDFLAGS command [arg ...]: each key argument with its
/// key-spec flags.
fn getkeysandflags(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let keys = keys_of_call(args)?;
    let mut w = ctx.reply();
    w.array(keys.len());
    for (key, arg) in keys {
        w.array(2);
        w.bulk(key);
        status_set(&mut w, arg.flags);
    }
    Ok(())
}

/// COMMAND HELP
fn help(ctx: &mut Ctx, _args: &mut Args) -> Reply {
    write_help(
        &mut ctx.reply(),
        "COMMAND",
        &[
            "(no subcommand)",
            "    Return details about all Redis commands.",
            "COUNT",
            "    Return the total number of commands in this Redis server.",
            "LIST",
            "    Return a list of all commands in this Redis server.",
            "INFO [<command-name> ...]",
            "    Return details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "DOCS [<command-name> ...]",
            "    Return documentation details about multiple Redis commands.",
            "    If no command names are given, documentation details for all",
            "    commands are returned.",
            "GETKEYS <full-command>",
            "    Return the keys from a full Redis command.",
            "GETKEYSANDFLAGS <full-command>",
            "    Return the keys and the access flags from a full Redis command.",
        ],
    );
    Ok(())
}

/// A HELP reply as Redis writes them: status lines, a header naming the
/// container, the subcommands, and HELP itself last.
pub(super) fn write_help(w: &mut ReplyWriter, container: &str, lines: &[&str]) {
    w.array(lines.len() + 3);
    w.simple(&format!(
        "{container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    ));
    for line in lines {
        w.simple(line);
    }
    w.simple("HELP");
    w.simple("    Prints this help.");
}

#[cfg(test)]
#[path = "introspection_tests.rs"]
mod tests;
