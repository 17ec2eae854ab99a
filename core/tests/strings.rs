//! GET, SET and its options, SETEX, PSETEX.

mod support;
use support::{replies, Harness, UNIX_AT_ZERO};

#[test]
fn set_and_get() {
    assert_eq!(
        replies("GET k\nSET k v\nGET k"),
        "$-1\r\n+OK\r\n$1\r\nv\r\n"
    );
}

#[test]
fn values_are_binary_safe() {
    let mut h = Harness::new();
    let mut c = h.client();
    let out = h.send(
        &mut c,
        b"*3\r\n$3\r\nSET\r\n$2\r\nbk\r\n$5\r\na\r\n\x00b\r\n*2\r\n$3\r\nGET\r\n$2\r\nbk\r\n",
    );
    assert_eq!(out, b"+OK\r\n$5\r\na\r\n\x00b\r\n");
}

#[test]
fn nx_xx_and_get() {
    assert_eq!(
        replies("SET k v NX\nSET k w NX\nSET n v XX\nSET k v2 GET\nSET k v3 NX GET\nSET n v XX GET\nGET k"),
        "+OK\r\n$-1\r\n$-1\r\n$1\r\nv\r\n$2\r\nv2\r\n$-1\r\n$2\r\nv2\r\n"
    );
}

#[test]
fn option_syntax_errors() {
    assert_eq!(
        replies("SET k v NX XX\nSET k v EX 10 PX 100\nSET k v KEEPTTL EX 10\nSET k v EX\nSET k v BOGUS\nSET k v ex 10 EX 20"),
        "-ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n+OK\r\n"
    );
}

#[test]
fn expire_argument_errors() {
    assert_eq!(
        replies("SET k v EX abc\nSET k v EX -1\nSET k v PX 0\nSET k v EX 9223372036854775807\nSET k v EX 9223372036854775\nSET k v PXAT 9223372036854775807\nSETEX k 0 v\nSETEX k x v\nPSETEX k -5 v"),
        "-ERR value is not an integer or out of range\r\n\
         -ERR invalid expire time in 'set' command\r\n\
         -ERR invalid expire time in 'set' command\r\n\
         -ERR invalid expire time in 'set' command\r\n\
         -ERR invalid expire time in 'set' command\r\n\
         +OK\r\n\
         -ERR invalid expire time in 'setex' command\r\n\
         -ERR value is not an integer or out of range\r\n\
         -ERR invalid expire time in 'psetex' command\r\n"
    );
}

#[test]
fn ex_px_exat_pxat_set_deadlines() {
    let mut h = Harness::new();
    let mut c = h.client();
    let exat = (UNIX_AT_ZERO + 50_000) / 1000;
    let pxat = UNIX_AT_ZERO + 7_000;
    let script = format!("SET a v EX 100\nSET b v PX 2500\nSET c v EXAT {exat}\nSET d v PXAT {pxat}\nSETEX e 9 v\nPSETEX f 1234 v\nPTTL a\nPTTL b\nTTL c\nPTTL d\nTTL e\nPTTL f");
    assert_eq!(
        h.run(&mut c, &script),
        "+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n:100000\r\n:2500\r\n:50\r\n:7000\r\n:9\r\n:1234\r\n"
    );
    h.advance(2500);
    assert_eq!(h.run(&mut c, "GET b\nPTTL f"), "$-1\r\n:-2\r\n");
}

#[test]
fn past_unix_deadline_hides_the_key_at_once() {
    assert_eq!(
        replies("SET k v EXAT 1\nGET k\nEXISTS k"),
        "+OK\r\n$-1\r\n:0\r\n"
    );
}

#[test]
fn keepttl_keeps_and_plain_set_clears_the_deadline() {
    assert_eq!(
        replies("SET k v EX 100\nSET k v2 KEEPTTL\nTTL k\nSET k v3\nTTL k\nSET k v4 XX GET EX 100\nTTL k"),
        "+OK\r\n+OK\r\n:100\r\n+OK\r\n:-1\r\n$2\r\nv3\r\n:100\r\n"
    );
}

#[test]
fn wrong_type() {
    let wrongtype = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    assert_eq!(
        replies("RPUSH l a\nGET l\nSET l x GET\nSET l x NX GET\nSETEX l 10 v\nTYPE l"),
        format!(":1\r\n{wrongtype}{wrongtype}{wrongtype}+OK\r\n+string\r\n")
    );
}
