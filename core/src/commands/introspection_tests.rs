use super::*;
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

/// Every description has its documentation, and its arguments'
/// key-spec indexes point at its key specs.
#[test]
fn descriptions_are_complete() {
    fn check(command: &Command, args: &[Arg]) {
        for arg in args {
            if let Some(index) = arg.key_spec_index {
                assert!(
                    (index as usize) < command.key_specs.len(),
                    "{}",
                    command.name
                );
            }
            check(command, arg.args);
        }
    }
    for command in table::commands() {
        for described in std::iter::once(command).chain(command.subcommands) {
            assert!(
                !described.summary.is_empty()
                    && !described.since.is_empty()
                    && !described.group.is_empty()
                    // Redis documents no complexity for MONITOR.
                    && (!described.complexity.is_empty() || described.name == "monitor")
                    && !described.acl.is_empty(),
                "{}",
                described.name
            );
            check(described, described.args);
        }
    }
}

/// The flags print in redis-server's order, hidden ones left out.
#[test]
fn flags_print_in_redis_order() {
    static PRINTED: &[Command] = &[Command::new(
        "x",
        1,
        WRITE | DENYOOM | MOVABLEKEYS | MAY_REPLICATE | PROTECTED | SENTINEL | ONLY_SENTINEL,
        all,
    )
    .acl(&["@slow"])];
    let mut out = Vec::new();
    write_info(
        &mut ReplyWriter::new(&mut out, Protocol::Resp2),
        &PRINTED[0],
    );
    assert!(String::from_utf8_lossy(&out)
        .starts_with("*10\r\n$1\r\nx\r\n:1\r\n*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n"));
    let names: Vec<&str> = NAMES.iter().map(|(_, name)| *name).collect();
    assert_eq!(names.len(), 20);
    assert_eq!(names[..4], ["write", "readonly", "denyoom", "module"]);
    assert_eq!(
        names[14..],
        [
            "no_auth",
            "no_mandatory_keys",
            "no_async_loading",
            "no_multi",
            "movablekeys",
            "allow_busy"
        ]
    );
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
    let want = format!(":{}\r\n", table::count());
    assert_bytes(resp2(&["COMMAND", "COUNT"]), want.as_bytes());
    assert_bytes(resp3(&["command", "count"]), want.as_bytes());
}

#[test]
fn command_lists_every_command() {
    for protocol in [Protocol::Resp2, Protocol::Resp3] {
        let all = run(protocol, &["COMMAND"]);
        assert!(all.starts_with(format!("*{}\r\n*10\r\n$4\r\nping\r\n", table::count()).as_bytes()));
        assert_bytes(run(protocol, &["COMMAND", "INFO"]), &all);
        let names: Vec<&str> = table::commands().map(|c| c.name).collect();
        let mut args = vec!["COMMAND", "INFO"];
        args.extend(&names);
        let listed = run(protocol, &args);
        assert_bytes(listed, &all);
    }
    let docs = resp3(&["COMMAND", "DOCS"]);
    assert!(docs.starts_with(format!("%{}\r\n$4\r\nping\r\n", table::count()).as_bytes()));
}

#[test]
fn containers_show_only_table_subcommands() {
    let info = resp2(&["COMMAND", "INFO", "config"]);
    let want = b"*1\r\n*10\r\n$6\r\nconfig\r\n:-2\r\n*0\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@slow\r\n\
        *0\r\n*0\r\n*5\r\n*10\r\n$10\r\nconfig|get\r\n";
    assert!(info.starts_with(want), "{}", String::from_utf8_lossy(&info));
    let text = String::from_utf8_lossy(&info);
    for sub in ["set", "resetstat", "rewrite", "help"] {
        assert!(text.contains(&format!("config|{sub}")), "{sub}");
    }

    let docs = resp3(&["COMMAND", "DOCS", "client"]);
    let text = String::from_utf8_lossy(&docs);
    assert!(
        text.contains("$11\r\nsubcommands\r\n%17\r\n$14\r\nclient|setinfo\r\n"),
        "{text}"
    );
    // MEMORY has only USAGE here (Redis also has DOCTOR, STATS...).
    let docs = resp3(&["COMMAND", "DOCS", "memory"]);
    let text = String::from_utf8_lossy(&docs);
    assert!(text.contains("$11\r\nsubcommands\r\n%1\r\n$12\r\nmemory|usage\r\n"));
    assert!(!text.contains("memory|doctor"));
    // A leaf command has no subcommands field, and an empty set in INFO.
    assert!(resp3(&["COMMAND", "INFO", "cluster"]).ends_with(b"~0\r\n~0\r\n~0\r\n"));
    assert!(
        !String::from_utf8_lossy(&resp3(&["COMMAND", "DOCS", "cluster"])).contains("subcommands")
    );
}
