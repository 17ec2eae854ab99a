//! The command table: every group's descriptions, in the order COMMAND
//! lists them, and name lookup.
//!
//! Lookup is a hash map built once, keyed by the lower-case name; a name
//! from the client is lower-cased into a stack buffer first, so a lookup
//! neither allocates nor scans the table. Names are matched as binary
//! (Redis looks commands up by their full length, so `get\0` is unknown).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::spec::Command;
use super::{
    bitfield, bitmaps, blocking, client, connection, counters, debug, dump, functions, geo, hashes,
    introspection, keys, keys_moves, lists, lists_index, monitor, object, persistence, pubsub,
    ranges, scan, scripting, server, sets, sort, streams, streams_groups, strings, transactions,
    zsets, zsets_ranges, zsets_setops,
};
use crate::compact::SeededHasher;

/// The groups in COMMAND's order (Redis's own order is its hash table's,
/// which changes from run to run).
static GROUPS: &[&[Command]] = &[
    connection::COMMANDS,
    client::COMMANDS,
    monitor::COMMANDS,
    introspection::COMMANDS,
    strings::COMMANDS,
    counters::COMMANDS,
    ranges::COMMANDS,
    bitmaps::COMMANDS,
    bitfield::COMMANDS,
    keys::COMMANDS,
    keys_moves::COMMANDS,
    dump::COMMANDS,
    scan::COMMANDS,
    object::COMMANDS,
    lists::COMMANDS,
    lists_index::COMMANDS,
    blocking::COMMANDS,
    hashes::COMMANDS,
    zsets::COMMANDS,
    zsets_ranges::COMMANDS,
    zsets_setops::COMMANDS,
    sets::COMMANDS,
    streams::COMMANDS,
    streams_groups::COMMANDS,
    sort::COMMANDS,
    geo::COMMANDS,
    server::COMMANDS,
    persistence::COMMANDS,
    debug::COMMANDS,
    pubsub::COMMANDS,
    transactions::COMMANDS,
    scripting::COMMANDS,
    functions::COMMANDS,
];

/// Longer names are no command: the longest described one is far shorter
/// (a test checks every full name fits).
const MAX_NAME: usize = 64;

/// Every top-level command, in COMMAND's order.
pub(crate) fn commands() -> impl Iterator<Item = &'static Command> {
    GROUPS.iter().flat_map(|group| group.iter())
}

/// COMMAND COUNT: the number of top-level commands.
pub(crate) fn count() -> usize {
    GROUPS.iter().map(|group| group.len()).sum()
}

/// A description and its slot: its position among every description
/// (each command followed by its subcommands, in COMMAND's order), which
/// indexes per-command counters (INFO commandstats) without a lookup.
#[derive(Clone, Copy)]
pub(crate) struct Found {
    pub slot: usize,
    pub command: &'static Command,
}

/// The index's fixed names cannot be chosen by a client (a lookup adds
/// nothing), so a fixed seed is safe, and the fast hasher saves most of
/// the lookup that every command makes.
type NameMap = HashMap<&'static [u8], Found, SeededHasher>;

struct Index {
    /// Top-level commands by name.
    commands: NameMap,
    /// Subcommands by full name (`client|setname`).
    subcommands: NameMap,
}

/// Every description, commands and subcommands, in slot order.
pub(crate) fn descriptions() -> impl Iterator<Item = &'static Command> {
    commands().flat_map(|command| std::iter::once(command).chain(command.subcommands))
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = Index {
            commands: HashMap::with_hasher(SeededHasher(0)),
            subcommands: HashMap::with_hasher(SeededHasher(0)),
        };
        for (slot, command) in descriptions().enumerate() {
            let found = Found { slot, command };
            if command.name.contains('|') {
                index.subcommands.insert(command.name.as_bytes(), found);
            } else {
                index.commands.insert(command.name.as_bytes(), found);
            }
        }
        index
    })
}

/// A name lower-cased into a stack buffer; `None` when too long to be any
/// command's.
struct Lowered {
    buf: [u8; MAX_NAME],
    len: usize,
}

impl Lowered {
    fn new() -> Lowered {
        Lowered {
            buf: [0; MAX_NAME],
            len: 0,
        }
    }

    fn push(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.len + bytes.len();
        let room = self.buf.get_mut(self.len..end)?;
        for (to, from) in room.iter_mut().zip(bytes) {
            *to = from.to_ascii_lowercase();
        }
        self.len = end;
        Some(())
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// The top-level command `name`, in any case.
pub(crate) fn lookup(name: &[u8]) -> Option<&'static Command> {
    find(name).map(|found| found.command)
}

/// The subcommand `sub` of `container`, in any case.
pub(crate) fn lookup_subcommand(container: &Command, sub: &[u8]) -> Option<&'static Command> {
    find_subcommand(container, sub).map(|found| found.command)
}

/// [`lookup`] with the description's slot.
pub(crate) fn find(name: &[u8]) -> Option<Found> {
    let mut lowered = Lowered::new();
    lowered.push(name)?;
    index().commands.get(lowered.as_bytes()).copied()
}

/// [`lookup_subcommand`] with the description's slot.
pub(crate) fn find_subcommand(container: &Command, sub: &[u8]) -> Option<Found> {
    if container.subcommands.is_empty() {
        return None;
    }
    let mut lowered = Lowered::new();
    lowered.push(container.name.as_bytes())?;
    lowered.push(b"|")?;
    lowered.push(sub)?;
    index().subcommands.get(lowered.as_bytes()).copied()
}

/// A name as COMMAND INFO / DOCS take it: `get`, or
/// `container|subcommand`, in any case.
pub(crate) fn resolve(name: &[u8]) -> Option<&'static Command> {
    match name.iter().position(|&b| b == b'|') {
        None => lookup(name),
        Some(bar) => lookup_subcommand(lookup(&name[..bar])?, &name[bar + 1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_descriptions() -> Vec<&'static Command> {
        commands()
            .flat_map(|c| std::iter::once(c).chain(c.subcommands))
            .collect()
    }

    /// Every description is found under its own name, in any case, and
    /// under no other: names are unique, fit the lookup buffer, and are
    /// stored lower-case.
    #[test]
    fn every_description_is_found_by_its_name_only() {
        let all = all_descriptions();
        for command in &all {
            let name = command.name;
            assert!(name.len() <= MAX_NAME && name == name.to_ascii_lowercase());
            for spelling in [
                name.to_string(),
                name.to_ascii_uppercase(),
                mixed_case(name),
            ] {
                let found = resolve(spelling.as_bytes()).unwrap_or_else(|| panic!("{spelling}"));
                assert!(std::ptr::eq(found, *command), "{spelling}");
            }
            let same_name = all.iter().filter(|c| c.name == name).count();
            assert_eq!(same_name, 1, "{name} described twice");
            match name.split_once('|') {
                // A subcommand is no top-level command.
                Some(_) => assert!(lookup(name.as_bytes()).is_none()),
                None => assert!(std::ptr::eq(lookup(name.as_bytes()).unwrap(), *command)),
            }
        }
        assert_eq!(count(), commands().count());
    }

    /// A description's slot is its position in [`descriptions`], whether
    /// found as a command or as a subcommand.
    #[test]
    fn slots_are_positions_among_descriptions() {
        let all: Vec<_> = descriptions().collect();
        for (slot, command) in all.iter().enumerate() {
            let found = match command.name.split_once('|') {
                None => find(command.name.as_bytes()).unwrap(),
                Some((parent, sub)) => {
                    find_subcommand(lookup(parent.as_bytes()).unwrap(), sub.as_bytes()).unwrap()
                }
            };
            assert_eq!(found.slot, slot, "{}", command.name);
            assert!(std::ptr::eq(found.command, *command));
        }
    }

    fn mixed_case(name: &str) -> String {
        name.chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    }

    /// What the dispatcher relies on: a container either needs a
    /// subcommand (arity at most -2) or has a bare handler; every leaf has
    /// a handler and its subcommands are named `container|sub`.
    #[test]
    fn every_description_can_run() {
        for command in commands() {
            assert!(!command.name.contains('|'));
            assert!(
                command.handler.is_some()
                    || (!command.subcommands.is_empty() && command.arity <= -2),
                "{} cannot run",
                command.name
            );
            for sub in command.subcommands {
                assert!(sub.handler.is_some() && sub.subcommands.is_empty());
                let (parent, _) = sub.name.split_once('|').unwrap();
                assert_eq!(parent, command.name);
                assert!(sub.arity.unsigned_abs() >= 2, "{}", sub.name);
            }
        }
    }

    #[test]
    fn lookups_refuse_what_redis_refuses() {
        assert!(lookup(b"get\0").is_none());
        assert!(lookup(&[b'g'; MAX_NAME + 1]).is_none());
        assert!(resolve(b"get|x").is_none());
        assert!(resolve(b"client|").is_none());
        assert!(resolve(b"|get").is_none());
        assert!(lookup(b"client|setname").is_none());
    }

    #[test]
    fn key_positions_follow_first_last_step() {
        let get = lookup(b"get").unwrap();
        assert_eq!(get.key_positions(2).collect::<Vec<_>>(), [1]);
        let del = lookup(b"del").unwrap();
        assert_eq!(del.key_positions(4).collect::<Vec<_>>(), [1, 2, 3]);
        let usage = resolve(b"memory|usage").unwrap();
        assert_eq!(usage.key_positions(5).collect::<Vec<_>>(), [2]);
        let ping = lookup(b"ping").unwrap();
        assert_eq!(ping.key_positions(2).count(), 0);
    }
}
