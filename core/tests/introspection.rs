//! COMMAND LIST, COMMAND GETKEYS / GETKEYSANDFLAGS, COMMAND HELP: replies
//! as redis-server 7.0.15 gives them for the same calls.

mod support;
use support::{replies, Harness};

#[test]
fn getkeys_finds_keys_from_the_key_specs() {
    assert_eq!(
        replies("COMMAND GETKEYS get a\nCOMMAND GETKEYS set a b ex 10\nCOMMAND GETKEYS del a b c\nCOMMAND GETKEYS memory usage k samples 5\nCOMMAND GETKEYS GET a"),
        "*1\r\n$1\r\na\r\n*1\r\n$1\r\na\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n*1\r\n$1\r\nk\r\n*1\r\n$1\r\na\r\n"
    );
}

#[test]
fn getkeys_errors_as_redis() {
    assert_eq!(
        replies("COMMAND GETKEYS nosuch a\nCOMMAND GETKEYS ping x\nCOMMAND GETKEYS get a b\nCOMMAND GETKEYS client id\nCOMMAND GETKEYS config\nCOMMAND GETKEYS CONFIG nosuch\nCOMMAND GETKEYS memory usage\nCOMMAND GETKEYS get"),
        "-ERR Invalid command specified\r\n\
         -ERR The command has no key arguments\r\n\
         -ERR Invalid number of arguments specified for command\r\n\
         -ERR The command has no key arguments\r\n\
         -ERR wrong number of arguments for 'command|getkeys' command\r\n\
         -ERR Invalid command specified\r\n\
         -ERR Invalid number of arguments specified for command\r\n\
         -ERR wrong number of arguments for 'command|getkeys' command\r\n"
    );
}

#[test]
fn getkeysandflags_gives_each_key_its_flags() {
    assert_eq!(
        replies("COMMAND GETKEYSANDFLAGS set a b get\nCOMMAND GETKEYSANDFLAGS set a b\nCOMMAND GETKEYSANDFLAGS lpush l a b"),
        "*1\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+update\r\n\
         *1\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+update\r\n\
         *1\r\n*2\r\n$1\r\nl\r\n*2\r\n+RW\r\n+insert\r\n"
    );
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HELLO 3");
    assert_eq!(
        h.run(&mut c, "COMMAND GETKEYSANDFLAGS set a b get"),
        "*1\r\n*2\r\n$1\r\na\r\n~3\r\n+RW\r\n+access\r\n+update\r\n"
    );
}

#[test]
fn list_filters_by_pattern_category_and_module() {
    assert_eq!(
        replies("COMMAND LIST FILTERBY PATTERN config|g*\nCOMMAND LIST FILTERBY PATTERN CONFIG|G*\nCOMMAND LIST FILTERBY ACLCAT @read\nCOMMAND LIST FILTERBY MODULE x\nCOMMAND LIST FILTERBY\nCOMMAND LIST x y z\nCOMMAND LIST FILTERBY pattern\nCOMMAND LIST FILTERBY pattern a b"),
        "*1\r\n$10\r\nconfig|get\r\n*1\r\n$10\r\nconfig|get\r\n*0\r\n*0\r\n\
         -ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n"
    );
    // A container and all its subcommands; subcommands match on their own.
    let config = replies("COMMAND LIST FILTERBY PATTERN conf*");
    assert!(config.starts_with("*6\r\n$6\r\nconfig\r\n"), "{config}");
    for sub in ["get", "set", "resetstat", "rewrite", "help"] {
        assert!(config.contains(&format!("\r\nconfig|{sub}\r\n")), "{sub}");
    }
    let read = replies("COMMAND LIST FILTERBY ACLCAT read");
    assert!(read.contains("\r\nget\r\n") && !read.contains("\r\nset\r\n"));
    assert_eq!(read, replies("COMMAND LIST FILTERBY aclcat READ"));
}

#[test]
fn list_names_every_command_and_subcommand() {
    let reply = replies("COMMAND LIST\nCOMMAND COUNT");
    let (list, count) = reply.rsplit_once(":").unwrap();
    let count: usize = count.trim().parse().unwrap();
    let names: Vec<&str> = list
        .split("\r\n")
        .filter(|l| !l.starts_with(['*', '$']) && !l.is_empty())
        .collect();
    let subcommands = names.iter().filter(|n| n.contains('|')).count();
    assert_eq!(names.len() - subcommands, count);
    assert!(names.contains(&"command|getkeysandflags"));
}

#[test]
fn help_lists_the_subcommands() {
    let help = replies("COMMAND HELP");
    assert!(help.starts_with("*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n"));
    assert!(help.ends_with("+GETKEYSANDFLAGS <full-command>\r\n+    Return the keys and the access flags from a full Redis command.\r\n+HELP\r\n+    Prints this help.\r\n"));
}
