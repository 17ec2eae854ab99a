//! AUTH, requirepass and the limits on unauthenticated clients, exact
//! redis-server 7.0.15 bytes.

mod support;
use miniredis_core::Config;
use support::{replies, Harness};

const NOAUTH: &str = "-NOAUTH Authentication required.\r\n";
const WRONGPASS: &str = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
const HELLO_NOAUTH: &str = "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n";

fn with_password() -> Harness {
    Harness::with_config(Config {
        requirepass: b"secret".to_vec(),
        ..Config::default()
    })
}

fn hello(proto: u8, id: u64) -> String {
    let map = format!("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:{proto}\r\n$2\r\nid\r\n:{id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
    if proto == 2 {
        map.replace("%7", "*14")
    } else {
        map
    }
}

#[test]
fn without_a_password_auth_is_refused_but_the_default_user_takes_any() {
    assert_eq!(
        replies("AUTH foo\nAUTH default foo\nAUTH bob foo\nAUTH a b c\nAUTH"),
        "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n\
         +OK\r\n"
            .to_string()
            + WRONGPASS
            + "-ERR syntax error\r\n-ERR wrong number of arguments for 'auth' command\r\n"
    );
}

#[test]
fn only_auth_hello_quit_run_before_authentication() {
    let mut h = with_password();
    let mut c = h.client();
    // Unknown commands and arity errors are reported before NOAUTH.
    assert_eq!(
        h.run(
            &mut c,
            "PING\nGET k\nCLIENT ID\nCONFIG GET requirepass\nFOO\nGET\nCONFIG FOO"
        ),
        [
            NOAUTH,
            NOAUTH,
            NOAUTH,
            NOAUTH,
            "-ERR unknown command 'FOO', with args beginning with: \r\n",
            "-ERR wrong number of arguments for 'get' command\r\n",
            "-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n",
        ]
        .concat()
    );
    assert_eq!(
        h.run(
            &mut c,
            "AUTH wrong\nAUTH bob secret\nPING\nAUTH secret\nPING\nAUTH wrong\nPING"
        ),
        [
            WRONGPASS,
            WRONGPASS,
            NOAUTH,
            "+OK\r\n+PONG\r\n",
            WRONGPASS,
            "+PONG\r\n"
        ]
        .concat()
    );
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "AUTH default secret\nGET k"),
        "+OK\r\n$-1\r\n"
    );
    let mut c = h.client();
    assert_eq!(h.run(&mut c, "QUIT"), "+OK\r\n");
    assert!(c.closed);
}

#[test]
fn hello_authenticates_or_asks_for_auth() {
    let mut h = with_password();
    let mut c = h.client();
    let id = c.id.get();
    assert_eq!(
        h.run(
            &mut c,
            "HELLO\nHELLO 3\nHELLO 4\nHELLO 3 AUTH default wrong\nHELLO 3 AUTH default\nPING"
        ),
        [
            HELLO_NOAUTH,
            HELLO_NOAUTH,
            "-NOPROTO unsupported protocol version\r\n",
            WRONGPASS,
            "-ERR Syntax error in HELLO option 'AUTH'\r\n",
            NOAUTH,
        ]
        .concat()
    );
    assert_eq!(
        h.run(&mut c, "HELLO 2 AUTH default secret\nPING"),
        hello(2, id) + "+PONG\r\n"
    );
    // Options apply in order, as in Redis: the name set before the
    // refusal stays, and so does an AUTH before a bad option.
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "HELLO 3 SETNAME early\nAUTH secret\nCLIENT GETNAME"),
        HELLO_NOAUTH.to_string() + "+OK\r\n$5\r\nearly\r\n"
    );
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "HELLO 3 AUTH default secret FOO\nPING"),
        "-ERR Syntax error in HELLO option 'FOO'\r\n+PONG\r\n"
    );
}

#[test]
fn config_set_requirepass_applies_to_new_clients() {
    let mut h = Harness::new();
    let mut admin = h.client();
    assert_eq!(
        h.run(&mut admin, "CONFIG GET requirepass\nCONFIG SET requirepass pw\nCONFIG GET requirepass\nPING"),
        "*2\r\n$11\r\nrequirepass\r\n$0\r\n\r\n+OK\r\n*2\r\n$11\r\nrequirepass\r\n$2\r\npw\r\n+PONG\r\n"
    );
    let mut late = h.client();
    assert_eq!(
        h.run(&mut late, "PING\nAUTH pw\nPING"),
        NOAUTH.to_string() + "+OK\r\n+PONG\r\n"
    );
    let mut third = h.client();
    assert_eq!(h.run(&mut admin, "CONFIG SET requirepass \"\""), "+OK\r\n");
    assert_eq!(h.run(&mut third, "PING"), "+PONG\r\n");
}

#[test]
fn unauthenticated_clients_get_smaller_protocol_limits() {
    let mut h = with_password();
    let mut c = h.client();
    assert_eq!(
        h.send(&mut c, b"*11\r\n"),
        b"-ERR Protocol error: unauthenticated multibulk length\r\n"
    );
    assert!(c.closed);
    let mut c = h.client();
    assert_eq!(
        h.send(&mut c, b"*2\r\n$4\r\nAUTH\r\n$16385\r\n"),
        b"-ERR Protocol error: unauthenticated bulk length\r\n"
    );
    assert!(c.closed);
    // At the limits nothing is refused yet.
    let mut c = h.client();
    assert_eq!(h.send(&mut c, b"*10\r\n$16384\r\n"), b"");
    assert!(!c.closed);
    // Once AUTH has run, even later in the same input, the limits lift.
    let mut c = h.client();
    let mut input = b"AUTH secret\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$20000\r\n".to_vec();
    input.extend(std::iter::repeat_n(b'v', 20000));
    input.extend_from_slice(b"\r\n*12\r\n");
    assert_eq!(h.send(&mut c, &input), b"+OK\r\n+OK\r\n");
    assert!(!c.closed);
    // Without a password there are no such limits.
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(h.send(&mut c, b"*11\r\n$20000\r\n"), b"");
    assert!(!c.closed);
}
