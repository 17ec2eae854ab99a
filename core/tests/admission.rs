//! Who gets served: maxclients, protected mode, idle timeout.

mod support;
use std::net::{IpAddr, SocketAddr};

use miniredis_core::{ClientId, Config, Host, Refusal, Server};
use support::{replies, Harness};

/// A peer at `text` (an IP address), port 40000.
fn ip(text: &str) -> Option<SocketAddr> {
    let ip: IpAddr = text.parse().unwrap();
    Some(SocketAddr::new(ip, 40000))
}

/// The server's end of every test socket.
fn local() -> Option<SocketAddr> {
    Some("127.0.0.1:6379".parse().unwrap())
}

fn new_server(config: Config) -> Server {
    Server::new(config, Host::default(), 0)
}

/// Sends `input` and returns the client's output.
fn run(server: &mut Server, client: ClientId, input: &[u8]) -> Vec<u8> {
    server.receive(client, input, 0);
    let mut out = Vec::new();
    server.take_output(client, &mut out);
    server.written(client, out.len(), 0);
    out
}

#[test]
fn maxclients_refuses_the_connection_over_the_limit() {
    let mut server = new_server(Config::default());
    let first = server.accept(0, ip("127.0.0.1"), local()).unwrap();
    let out = run(&mut server, first, b"CONFIG SET maxclients 2\r\n");
    assert_eq!(out, b"+OK\r\n");
    let second = server.accept(0, ip("127.0.0.1"), local()).unwrap();
    let refused = server.accept(0, ip("127.0.0.1"), local()).unwrap_err();
    assert_eq!(refused, Refusal::MaxClients);
    assert_eq!(refused.reply(), b"-ERR max number of clients reached\r\n");
    server.closed(second, 0);
    assert!(server.accept(0, ip("::1"), local()).is_ok());
    let out = run(&mut server, first, b"INFO stats\r\n");
    assert!(String::from_utf8_lossy(&out).contains("rejected_connections:1\r\n"));
}

#[test]
fn protected_mode_refuses_remote_peers_without_a_password() {
    let mut server = new_server(Config::default());
    for peer in [
        None,
        ip("127.0.0.1"),
        ip("127.1.2.3"),
        ip("::1"),
        ip("::ffff:127.0.0.1"),
    ] {
        assert!(server.accept(0, peer, local()).is_ok(), "{peer:?}");
    }
    let refused = server.accept(0, ip("10.0.0.7"), local()).unwrap_err();
    assert_eq!(refused, Refusal::ProtectedMode);
    let text = String::from_utf8(refused.reply().to_vec()).unwrap();
    assert!(text.starts_with("-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. "));
    assert!(text
        .ends_with("in order for the server to start accepting connections from the outside.\r\n"));
    assert_eq!(text.len(), 1067);
    assert!(server.accept(0, ip("2001:db8::1"), local()).is_err());

    // A password, or protected-mode no, lets remote peers in.
    let mut server = new_server(Config {
        requirepass: b"pw".to_vec(),
        ..Config::default()
    });
    assert!(server.accept(0, ip("10.0.0.7"), local()).is_ok());
    let mut server = new_server(Config {
        protected_mode: false,
        ..Config::default()
    });
    assert!(server.accept(0, ip("10.0.0.7"), local()).is_ok());
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
    let mut other = h.client();
    assert_eq!(h.server.next_timeout(), None);
    assert_eq!(h.run(&mut c, "CONFIG SET timeout 2"), "+OK\r\n");
    assert_eq!(h.server.next_timeout(), Some(2001));
    h.advance(1500);
    assert_eq!(h.run(&mut c, "PING"), "+PONG\r\n");
    // `other` has been idle since 0: it goes at 2001, `c` stays.
    h.advance(501);
    h.tick();
    assert_eq!(h.closes, [(other.id, false)], "closed without a flush");
    assert!(!h.is_closed(&c));
    // Its socket closes; the core forgets it.
    h.server.closed(other.id, h.now);
    assert!(!h.server.is_connected(other.id));
    assert_eq!(
        h.run(&mut other, "PING"),
        "",
        "input after a close is ignored"
    );
    // `c` last spoke at 1500: due at 3501, not a millisecond before.
    assert_eq!(h.server.next_timeout(), Some(3501));
    h.now = 3500;
    h.tick();
    assert!(!h.is_closed(&c));
    h.now = 3501;
    h.tick();
    assert!(h.is_closed(&c));
}

#[test]
fn a_longer_timeout_set_later_applies_to_idle_clients() {
    let mut h = Harness::new();
    let mut c = h.client();
    let idle = h.client();
    assert_eq!(h.run(&mut c, "CONFIG SET timeout 2"), "+OK\r\n");
    h.advance(1000);
    assert_eq!(h.run(&mut c, "CONFIG SET timeout 10"), "+OK\r\n");
    h.advance(5000);
    h.tick();
    assert!(!h.is_closed(&idle));
    assert_eq!(h.run(&mut c, "CONFIG SET timeout 0"), "+OK\r\n");
    h.advance(1_000_000);
    h.tick();
    assert!(h.closes.is_empty());
    assert_eq!(h.server.next_timeout(), None);
}

#[test]
fn shutdown_forms_answer_as_redis() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "SHUTDOWN ABORT\nSHUTDOWN FOO\nSHUTDOWN NOSAVE SAVE\nSHUTDOWN ABORT NOW\nSHUTDOWN NOW FORCE NOSAVE ABORT"
        ),
        "-ERR No shutdown in progress.\r\n-ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n"
    );
    // SHUTDOWN SAVE waits for the snapshot; a failed write refuses it.
    assert_eq!(h.run(&mut c, "SHUTDOWN SAVE\nPING"), "");
    h.finish_snapshot(Err("disk full".into()));
    assert_eq!(
        String::from_utf8(h.read(&c)).unwrap(),
        "-ERR Errors trying to SHUTDOWN. Check logs.\r\n+PONG\r\n"
    );
    assert!(!c.closed && !h.shutdown);
    // Without save points, SHUTDOWN stops at once.
    for form in ["SHUTDOWN\r\nPING\r\n", "shutdown nosave now force\r\n"] {
        let mut h = Harness::new();
        let mut c = h.client();
        let out = h.send(&mut c, form.as_bytes());
        assert!(h.shutdown, "{form}");
        assert_eq!(h.closes, [(c.id, true)], "{form}");
        assert_eq!(out, b"", "{form}: no reply, nothing after it runs");
    }
    // SAVE FORCE stops even when the snapshot could not be written.
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(h.send(&mut c, b"SHUTDOWN SAVE FORCE\r\nPING\r\n"), b"");
    assert!(!h.shutdown);
    h.finish_snapshot(Err("read-only file system".into()));
    assert!(h.shutdown);
    assert_eq!(h.closes, [(c.id, true)]);
    assert_eq!(h.read(&c), b"");
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
