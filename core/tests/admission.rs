//! Who gets served: maxclients, protected mode, idle timeout.

mod support;
use std::net::IpAddr;

use miniredis_core::{Config, Refusal, Server};
use support::{replies, Harness};

fn ip(text: &str) -> Option<IpAddr> {
    Some(text.parse().unwrap())
}

#[test]
fn maxclients_refuses_the_connection_over_the_limit() {
    let mut server = Server::new(Config::default(), 0);
    let mut out = Vec::new();
    let mut first = server.accept(0, ip("127.0.0.1")).unwrap();
    server.handle(&mut first, b"CONFIG SET maxclients 2\r\n", 0, &mut out);
    assert_eq!(out, b"+OK\r\n");
    let second = server.accept(0, ip("127.0.0.1")).unwrap();
    let refused = server.accept(0, ip("127.0.0.1")).unwrap_err();
    assert_eq!(refused, Refusal::MaxClients);
    assert_eq!(refused.reply(), b"-ERR max number of clients reached\r\n");
    server.disconnect(second);
    assert!(server.accept(0, ip("::1")).is_ok());
    out.clear();
    server.handle(&mut first, b"INFO stats\r\n", 0, &mut out);
    assert!(String::from_utf8_lossy(&out).contains("rejected_connections:1\r\n"));
}

#[test]
fn protected_mode_refuses_remote_peers_without_a_password() {
    let mut server = Server::new(Config::default(), 0);
    for local in [
        None,
        ip("127.0.0.1"),
        ip("127.1.2.3"),
        ip("::1"),
        ip("::ffff:127.0.0.1"),
    ] {
        assert!(server.accept(0, local).is_ok(), "{local:?}");
    }
    let refused = server.accept(0, ip("10.0.0.7")).unwrap_err();
    assert_eq!(refused, Refusal::ProtectedMode);
    let text = String::from_utf8(refused.reply().to_vec()).unwrap();
    assert!(text.starts_with("-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. "));
    assert!(text
        .ends_with("in order for the server to start accepting connections from the outside.\r\n"));
    assert_eq!(text.len(), 1067);
    assert!(server.accept(0, ip("2001:db8::1")).is_err());

    // A password, or protected-mode no, lets remote peers in.
    let mut server = Server::new(
        Config {
            requirepass: b"pw".to_vec(),
            ..Config::default()
        },
        0,
    );
    assert!(server.accept(0, ip("10.0.0.7")).is_ok());
    let mut server = Server::new(
        Config {
            protected_mode: false,
            ..Config::default()
        },
        0,
    );
    assert!(server.accept(0, ip("10.0.0.7")).is_ok());
}

#[test]
fn config_get_and_set_of_admission_parameters() {
    assert_eq!(
        replies("CONFIG GET maxclients\nCONFIG GET timeout\nCONFIG GET protected-mode"),
        "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n*2\r\n$14\r\nprotected-mode\r\n$3\r\nyes\r\n"
    );
    assert_eq!(
        replies("CONFIG SET maxclients 0\nCONFIG SET maxclients abc\nCONFIG SET timeout -1\nCONFIG SET protected-mode maybe\nCONFIG SET protected-mode NO timeout 5\nCONFIG GET protected-mode"),
        "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'\r\n\
         +OK\r\n*2\r\n$14\r\nprotected-mode\r\n$2\r\nno\r\n"
    );
}

#[test]
fn idle_clients_expire_after_timeout() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(h.server.idle_deadline(&c.conn), None);
    assert_eq!(h.run(&mut c, "CONFIG SET timeout 2"), "+OK\r\n");
    assert_eq!(h.server.idle_deadline(&c.conn), Some(2001));
    h.advance(1500);
    assert_eq!(h.run(&mut c, "PING"), "+PONG\r\n");
    assert_eq!(h.server.idle_deadline(&c.conn), Some(3501));
    assert!(!h.server.idle_expired(&c.conn, 3500));
    assert!(h.server.idle_expired(&c.conn, 3501));
    assert_eq!(h.run(&mut c, "CONFIG SET timeout 0"), "+OK\r\n");
    assert!(!h.server.idle_expired(&c.conn, 1_000_000));
}

#[test]
fn shutdown_forms_answer_as_redis_without_persistence() {
    use miniredis_core::Outcome;
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "SHUTDOWN ABORT\nSHUTDOWN FOO\nSHUTDOWN NOSAVE SAVE\nSHUTDOWN ABORT NOW\nSHUTDOWN NOW FORCE NOSAVE ABORT\nSHUTDOWN SAVE"
        ),
        "-ERR No shutdown in progress.\r\n-ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n\
         -ERR Errors trying to SHUTDOWN. Check logs.\r\n"
    );
    assert!(!c.closed);
    for form in [
        "SHUTDOWN\r\nPING\r\n",
        "shutdown nosave now force\r\n",
        "SHUTDOWN SAVE FORCE\r\n",
    ] {
        let mut c = h.client();
        let mut out = Vec::new();
        let outcome = h.server.handle(&mut c.conn, form.as_bytes(), 0, &mut out);
        assert_eq!(outcome, Outcome::Shutdown, "{form}");
        assert_eq!(out, b"", "{form}: no reply, nothing after it runs");
    }
    // Before authentication SHUTDOWN is refused like any other command.
    let mut h = Harness::with_config(Config {
        requirepass: b"pw".to_vec(),
        ..Config::default()
    });
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "SHUTDOWN"),
        "-NOAUTH Authentication required.\r\n"
    );
}
