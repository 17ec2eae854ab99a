//! DEL, EXISTS, EXPIRE family, PERSIST, TTL, TYPE, DBSIZE, FLUSH*.

mod support;
use support::{replies, Harness};

#[test]
fn del_and_exists_count() {
    assert_eq!(
        replies("SET a 1\nSET b 2\nEXISTS a a b c\nDEL a a c\nDEL b\nEXISTS a b\nDEL"),
        "+OK\r\n+OK\r\n:3\r\n:1\r\n:1\r\n:0\r\n-ERR wrong number of arguments for 'del' command\r\n"
    );
}

#[test]
fn expire_options() {
    assert_eq!(
        replies(
            "SET k v\nEXPIRE k 100 NX\nEXPIRE k 200 NX\nEXPIRE k 50 GT\nEXPIRE k 500 GT\nEXPIRE k 600 LT\nEXPIRE k 50 LT\nEXPIRE k 50 XX\nPERSIST k\nEXPIRE k 50 XX\nEXPIRE k 50 GT\nEXPIRE k 50 LT\nTTL k"
        ),
        "+OK\r\n:1\r\n:0\r\n:0\r\n:1\r\n:0\r\n:1\r\n:1\r\n:1\r\n:0\r\n:0\r\n:1\r\n:50\r\n"
    );
}

#[test]
fn expire_errors() {
    assert_eq!(
        replies(
            "SET k v\nEXPIRE k 50 NX XX\nEXPIRE k 50 GT LT\nEXPIRE k 50 NX GT\nEXPIRE k 50 FOO\nEXPIRE k abc\nEXPIRE k abc FOO\nEXPIRE missing 50\nEXPIRE k 9223372036854775807\nPEXPIRE k 9223372036854775807\nEXPIRE k 100 xx xx"
        ),
        "+OK\r\n\
         -ERR NX and XX, GT or LT options at the same time are not compatible\r\n\
         -ERR GT and LT options at the same time are not compatible\r\n\
         -ERR NX and XX, GT or LT options at the same time are not compatible\r\n\
         -ERR Unsupported option FOO\r\n\
         -ERR value is not an integer or out of range\r\n\
         -ERR Unsupported option FOO\r\n\
         :0\r\n\
         -ERR invalid expire time in 'expire' command\r\n\
         -ERR invalid expire time in 'pexpire' command\r\n\
         :0\r\n"
    );
}

#[test]
fn non_positive_expire_deletes() {
    assert_eq!(
        replies("SET k v\nEXPIRE k 0\nEXISTS k\nSET k v\nPEXPIRE k -5\nEXISTS k"),
        "+OK\r\n:1\r\n:0\r\n+OK\r\n:1\r\n:0\r\n"
    );
}

#[test]
fn ttl_rounds_like_redis() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "SET k v\nPEXPIRE k 1500\nTTL k\nPTTL k"),
        "+OK\r\n:1\r\n:2\r\n:1500\r\n"
    );
    h.advance(1);
    assert_eq!(h.run(&mut c, "TTL k\nPTTL k"), ":1\r\n:1499\r\n");
    h.advance(1000);
    assert_eq!(h.run(&mut c, "TTL k\nPTTL k"), ":0\r\n:499\r\n");
    assert_eq!(
        h.run(&mut c, "TTL nokey\nPTTL nokey\nSET p v\nTTL p"),
        ":-2\r\n:-2\r\n+OK\r\n:-1\r\n"
    );
}

#[test]
fn persist() {
    assert_eq!(
        replies("PERSIST nokey\nSET k v\nPERSIST k\nEXPIRE k 100\nPERSIST k\nTTL k"),
        ":0\r\n+OK\r\n:0\r\n:1\r\n:1\r\n:-1\r\n"
    );
}

#[test]
fn type_dbsize_and_flush() {
    assert_eq!(
        replies("SET s v\nRPUSH l a\nTYPE s\nTYPE l\nTYPE n\nDBSIZE\nSELECT 1\nSET x y\nFLUSHDB\nDBSIZE\nSELECT 0\nDBSIZE\nFLUSHALL ASYNC\nDBSIZE\nFLUSHALL foo\nFLUSHDB sync async"),
        "+OK\r\n:1\r\n+string\r\n+list\r\n+none\r\n:2\r\n+OK\r\n+OK\r\n+OK\r\n:0\r\n+OK\r\n:2\r\n+OK\r\n:0\r\n-ERR syntax error\r\n-ERR syntax error\r\n"
    );
}

#[test]
fn expired_key_is_invisible_on_every_path() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "SET k v PX 100\nRPUSH l a\nPEXPIRE l 100\nSET keep v"
        ),
        "+OK\r\n:1\r\n:1\r\n+OK\r\n"
    );
    h.advance(99);
    assert_eq!(h.run(&mut c, "EXISTS k\nDBSIZE"), ":1\r\n:3\r\n");
    h.advance(1);
    // No tick ran: only the lazy check stands between the client and the key.
    assert_eq!(
        h.run(&mut c, "DBSIZE\nGET k\nEXISTS k\nTTL k\nPTTL k\nTYPE k\nDEL k\nEXPIRE k 10\nPERSIST k\nSET k v XX\nLPUSH l b\nLPOP l\nGET l"),
        ":1\r\n$-1\r\n:0\r\n:-2\r\n:-2\r\n+none\r\n:0\r\n:0\r\n:0\r\n$-1\r\n:1\r\n$1\r\nb\r\n$-1\r\n"
    );
}

#[test]
fn set_on_an_expired_list_is_no_wrongtype() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "RPUSH l a\nPEXPIRE l 10");
    h.advance(10);
    assert_eq!(h.run(&mut c, "SET l v GET\nGET l"), "$-1\r\n$1\r\nv\r\n");
}

#[test]
fn expireat_and_expiretime_use_unix_time() {
    let mut h = Harness::new();
    let mut c = h.client();
    let at = support::UNIX_AT_ZERO / 1000 + 100;
    let script = format!(
        "SET k v\nEXPIRETIME k\nEXPIREAT k {at}\nEXPIRETIME k\nPEXPIRETIME k\nTTL k\nPEXPIREAT k {}\nPEXPIRETIME k\nPTTL k\nEXPIRETIME nokey\nEXPIREAT k {at} NX\nEXPIREAT k abc\nEXPIREAT k 9223372036854775807",
        support::UNIX_AT_ZERO + 5_001
    );
    assert_eq!(
        h.run(&mut c, &script),
        format!(
            "+OK\r\n:-1\r\n:1\r\n:{at}\r\n:{}\r\n:100\r\n:1\r\n:{}\r\n:5001\r\n:-2\r\n:0\r\n-ERR value is not an integer or out of range\r\n-ERR invalid expire time in 'expireat' command\r\n",
            at * 1000,
            support::UNIX_AT_ZERO + 5_001
        )
    );
    // A Unix time already past deletes the key, as a non-positive EXPIRE does.
    assert_eq!(h.run(&mut c, "EXPIREAT k 1\nEXISTS k"), ":1\r\n:0\r\n");
}
