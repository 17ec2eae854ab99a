//! Connection commands and command-level errors, exact Redis 7 bytes.

mod support;
use support::{replies, Harness};

#[test]
fn ping_and_echo() {
    assert_eq!(
        replies("PING\nPING hi\nPING a b\nECHO x"),
        "+PONG\r\n$2\r\nhi\r\n-ERR wrong number of arguments for 'ping' command\r\n$1\r\nx\r\n"
    );
}

#[test]
fn unknown_command_lists_its_arguments_with_trailing_space() {
    assert_eq!(
        replies("FOO a b"),
        "-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n"
    );
    assert_eq!(
        replies("foo"),
        "-ERR unknown command 'foo', with args beginning with: \r\n"
    );
}

#[test]
fn unknown_command_arguments_are_truncated_to_128_bytes() {
    let long = "x".repeat(200);
    let reply = replies(&format!("FOO {long} b"));
    assert_eq!(
        reply,
        format!(
            "-ERR unknown command 'FOO', with args beginning with: '{}' \r\n",
            "x".repeat(128)
        )
    );
}

#[test]
fn names_are_case_insensitive_and_arity_is_checked() {
    assert_eq!(replies("GeT x\nget\nSET k"), "$-1\r\n-ERR wrong number of arguments for 'get' command\r\n-ERR wrong number of arguments for 'set' command\r\n");
}

#[test]
fn hello_switches_protocol_and_back() {
    let mut h = Harness::new();
    let mut c = h.client();
    let id = c.id.get();
    let map = format!("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:{id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
    assert_eq!(
        h.run(&mut c, "HELLO 3\nGET nokey\nLPOP nokey 2"),
        format!("{map}_\r\n_\r\n")
    );
    let array = map.replace("%7", "*14").replace(":3", ":2");
    assert_eq!(
        h.run(&mut c, "HELLO 2\nGET nokey\nLPOP nokey 2"),
        format!("{array}$-1\r\n*-1\r\n")
    );
}

#[test]
fn hello_errors() {
    assert_eq!(
        replies("HELLO x\nHELLO 4\nHELLO 1\nHELLO 3 AUTH foo bar\nHELLO 2 FOO\nHELLO 2 AUTH a\nHELLO 2 SETNAME \"a b\""),
        "-ERR Protocol version is not an integer or out of range\r\n\
         -NOPROTO unsupported protocol version\r\n\
         -NOPROTO unsupported protocol version\r\n\
         -WRONGPASS invalid username-password pair or user is disabled.\r\n\
         -ERR Syntax error in HELLO option 'FOO'\r\n\
         -ERR Syntax error in HELLO option 'AUTH'\r\n\
         -ERR Client names cannot contain spaces, newlines or special characters.\r\n"
    );
}

#[test]
fn hello_setname_and_auth_default() {
    let mut h = Harness::new();
    let mut c = h.client();
    let reply = h.run(&mut c, "HELLO 2 AUTH default anything SETNAME app");
    assert!(reply.starts_with("*14\r\n$6\r\nserver\r\n"), "{reply}");
    assert_eq!(h.run(&mut c, "CLIENT GETNAME"), "$3\r\napp\r\n");
}

#[test]
fn quit_replies_ok_then_closes() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(h.run(&mut c, "QUIT\nPING"), "+OK\r\n");
    assert!(c.closed);
}

#[test]
fn select_bounds_and_isolation() {
    assert_eq!(
        replies("SELECT x\nSELECT 16\nSELECT -1\nSELECT 1\nSET a b\nSELECT 0\nGET a\nSELECT 1\nGET a"),
        "-ERR value is not an integer or out of range\r\n-ERR DB index is out of range\r\n-ERR DB index is out of range\r\n+OK\r\n+OK\r\n+OK\r\n$-1\r\n+OK\r\n$1\r\nb\r\n"
    );
}

#[test]
fn client_subcommands() {
    let mut h = Harness::new();
    let mut c = h.client();
    let id = c.id.get();
    assert_eq!(
        h.run(&mut c, "CLIENT GETNAME\nCLIENT SETNAME app\nCLIENT GETNAME\nclient setname \"\"\nCLIENT GETNAME\nCLIENT ID"),
        format!("$-1\r\n+OK\r\n$3\r\napp\r\n+OK\r\n$-1\r\n:{id}\r\n")
    );
    assert_eq!(
        h.run(&mut c, "CLIENT SETINFO LIB-NAME redis-py\nCLIENT SETINFO lib-ver 5.0\nCLIENT SETINFO foo x\nCLIENT SETINFO lib-name \"a b\""),
        "+OK\r\n+OK\r\n-ERR Unrecognized option 'foo'\r\n-ERR lib-name cannot contain spaces, newlines or special characters.\r\n"
    );
    assert_eq!(
        h.run(&mut c, "client foo\nclient\nclient setname"),
        "-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n-ERR wrong number of arguments for 'client' command\r\n-ERR wrong number of arguments for 'client|setname' command\r\n"
    );
}

#[test]
fn cluster_probes_get_the_standalone_answer() {
    assert_eq!(
        replies("READONLY\nCLUSTER INFO"),
        "-ERR This instance has cluster support disabled\r\n-ERR This instance has cluster support disabled\r\n"
    );
}

#[test]
fn client_ids_are_distinct() {
    let mut h = Harness::new();
    let a = h.client();
    let b = h.client();
    assert_ne!(a.id.get(), b.id.get());
}
