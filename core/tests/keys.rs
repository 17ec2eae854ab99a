//! DEL, EXISTS, EXPIRE family, PERSIST, TTL, TYPE, DBSIZE, FLUSH*, COPY,
//! MOVE, RENAME, RENAMENX, SWAPDB, TOUCH, UNLINK, OBJECT (KEYS, SCAN and
//! RANDOMKEY are in scan.rs).

mod support;
use miniredis_core::{Config, EvictionPolicy};
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

// ---- COPY, MOVE, RENAME, RENAMENX, SWAPDB, TOUCH, UNLINK -----------------

#[test]
fn copy_options_and_errors_as_redis() {
    // Every reply checked against redis-server 7.0.15.
    assert_eq!(
        replies(
            "SET s 5\nCOPY s s2\nCOPY s s2\nCOPY s s2 REPLACE\nCOPY nokey s3\nCOPY s s DB 0\nCOPY s s\nCOPY nokey nokey\nCOPY s s DB 1\nCOPY s s2 DB 16\nCOPY s s2 DB -1\nCOPY s s2 DB x\nCOPY s s2 DB\nCOPY s s2 FOO\nCOPY s s2 REPLACE REPLACE DB 1 DB 2\nCOPY s s2 DB 1 REPLACE x\nCOPY s s2 DB 16 FOO\nCOPY s s2 DB 99999999999 FOO\nCOPY s s2 DB 1 DB x\nSELECT 2\nGET s2\nSELECT 1\nGET s"
        ),
        "+OK\r\n:1\r\n:0\r\n:1\r\n:0\r\n\
         -ERR source and destination objects are the same\r\n\
         -ERR source and destination objects are the same\r\n\
         -ERR source and destination objects are the same\r\n\
         :1\r\n\
         -ERR DB index is out of range\r\n\
         -ERR DB index is out of range\r\n\
         -ERR value is not an integer or out of range\r\n\
         -ERR syntax error\r\n-ERR syntax error\r\n:1\r\n-ERR syntax error\r\n\
         -ERR DB index is out of range\r\n\
         -ERR value is out of range, value must between -2147483648 and 2147483647\r\n\
         -ERR value is not an integer or out of range\r\n\
         +OK\r\n$1\r\n5\r\n+OK\r\n$1\r\n5\r\n"
    );
}

#[test]
fn copy_is_deep_and_keeps_the_deadline() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "RPUSH l a b\nPEXPIRE l 5000\nCOPY l l2\nRPUSH l2 c\nRPOP l\nRPOP l2\nPTTL l2\nTYPE l2"
        ),
        ":2\r\n:1\r\n:1\r\n:3\r\n$1\r\nb\r\n$1\r\nc\r\n:5000\r\n+list\r\n"
    );
    // An expired source is missing; an expired destination is no obstacle.
    assert_eq!(
        h.run(&mut c, "SET gone v PX 10\nSET d old PX 10\nSET src new"),
        "+OK\r\n+OK\r\n+OK\r\n"
    );
    h.advance(10);
    assert_eq!(
        h.run(&mut c, "COPY gone x\nCOPY src d\nGET d\nPTTL d"),
        ":0\r\n:1\r\n$3\r\nnew\r\n:-1\r\n"
    );
}

#[test]
fn move_semantics_and_errors_as_redis() {
    assert_eq!(
        replies(
            "SET s v\nMOVE s 0\nMOVE nokey 0\nMOVE s 16\nMOVE s x\nMOVE s -1\nMOVE s -0\nMOVE s 2147483648\nMOVE nokey 1\nSELECT 1\nSET s other\nSELECT 0\nMOVE s 1\nMOVE s 3\nEXISTS s\nSELECT 3\nGET s\nMOVE s 0"
        ),
        "+OK\r\n\
         -ERR source and destination objects are the same\r\n\
         -ERR source and destination objects are the same\r\n\
         -ERR DB index is out of range\r\n\
         -ERR value is not an integer or out of range\r\n\
         -ERR DB index is out of range\r\n\
         -ERR value is not an integer or out of range\r\n\
         -ERR value is out of range, value must between -2147483648 and 2147483647\r\n\
         :0\r\n+OK\r\n+OK\r\n+OK\r\n:0\r\n:1\r\n:0\r\n+OK\r\n$1\r\nv\r\n:1\r\n"
    );
}

#[test]
fn move_keeps_the_deadline_and_expiry_follows_the_key() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "SET k v PX 100\nMOVE k 5\nEXISTS k\nSELECT 5\nPTTL k"
        ),
        "+OK\r\n:1\r\n:0\r\n+OK\r\n:100\r\n"
    );
    h.advance(100);
    h.tick();
    // The active cycle found the deadline in database 5's index.
    assert_eq!(h.server.key_count(), 0);
    assert_eq!(h.server.used_memory(), 0);
}

#[test]
fn rename_and_renamenx_as_redis() {
    assert_eq!(
        replies(
            "RENAME nokey x\nRENAME nokey nokey\nRENAMENX nokey nokey\nRENAMENX nokey x\nSET s x\nRENAME s s\nRENAMENX s s\nSET t 1\nRENAMENX s t\nRENAME s t\nGET t\nEXISTS s\nRENAMENX t u\nGET u\nRENAME"
        ),
        "-ERR no such key\r\n-ERR no such key\r\n-ERR no such key\r\n-ERR no such key\r\n\
         +OK\r\n+OK\r\n:0\r\n+OK\r\n:0\r\n+OK\r\n$1\r\nx\r\n:0\r\n:1\r\n$1\r\nx\r\n\
         -ERR wrong number of arguments for 'rename' command\r\n"
    );
}

#[test]
fn rename_moves_the_deadline_and_drops_the_destinations() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "SET a 1 PX 300\nSET b 2 PX 50\nRENAME a b\nPTTL b\nTTL a\nSET c 3 PX 20\nRENAME b c\nPTTL c"),
        "+OK\r\n+OK\r\n+OK\r\n:300\r\n:-2\r\n+OK\r\n+OK\r\n:300\r\n"
    );
    // A key renamed onto one without deadline keeps its own; PERSISTed
    // source leaves none.
    assert_eq!(
        h.run(
            &mut c,
            "SET p v\nRENAME c p\nPTTL p\nPERSIST p\nRENAME p q\nPTTL q"
        ),
        "+OK\r\n+OK\r\n:300\r\n:1\r\n+OK\r\n:-1\r\n"
    );
    h.advance(50);
    h.tick();
    assert_eq!(h.run(&mut c, "DBSIZE\nGET q"), ":1\r\n$1\r\n1\r\n");
    // An expired source is no such key.
    h.run(&mut c, "SET e v PX 1");
    h.advance(1);
    assert_eq!(
        h.run(&mut c, "RENAME e f\nRENAMENX e f"),
        "-ERR no such key\r\n-ERR no such key\r\n"
    );
}

#[test]
fn renames_keep_the_memory_account() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET k v");
    let short = h.server.used_memory();
    // A long name lives on the heap: the account grows with it (audit()
    // recounts after every send).
    let long = "k".repeat(100);
    h.run(&mut c, &format!("RENAME k {long}\nEXPIRE {long} 100"));
    assert!(h.server.used_memory() > short);
    h.run(&mut c, &format!("RENAME {long} k\nPERSIST k"));
    assert_eq!(h.server.used_memory(), short);
    h.run(&mut c, "MOVE k 7\nSELECT 7\nCOPY k k2 DB 3\nSWAPDB 7 3");
    assert_eq!(h.server.used_memory(), 2 * short);
    h.run(&mut c, "FLUSHALL");
    assert_eq!(h.server.used_memory(), 0);
}

#[test]
fn swapdb_as_redis() {
    assert_eq!(
        replies(
            "SET a 1\nSELECT 1\nSET b 2\nRPUSH l x\nSWAPDB 0 16\nSWAPDB 0 -1\nSWAPDB x 1\nSWAPDB 0 x\nSWAPDB 16 x\nSWAPDB -0 1\nSWAPDB 0 +1\nSWAPDB 99999999999 1\nSWAPDB 1 2147483648\nSWAPDB 1 1\nSWAPDB 0 1\nDBSIZE\nGET a\nSELECT 0\nDBSIZE\nGET b\nSWAPDB"
        ),
        "+OK\r\n+OK\r\n+OK\r\n:1\r\n\
         -ERR DB index is out of range\r\n-ERR DB index is out of range\r\n\
         -ERR invalid first DB index\r\n-ERR invalid second DB index\r\n\
         -ERR invalid second DB index\r\n-ERR invalid first DB index\r\n\
         -ERR invalid second DB index\r\n-ERR invalid first DB index\r\n\
         -ERR invalid second DB index\r\n+OK\r\n+OK\r\n\
         :1\r\n$1\r\n1\r\n+OK\r\n:2\r\n$1\r\n2\r\n\
         -ERR wrong number of arguments for 'swapdb' command\r\n"
    );
}

#[test]
fn swapdb_carries_deadlines_along() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET a 1 PX 100\nSWAPDB 0 9\nSELECT 9");
    assert_eq!(h.run(&mut c, "PTTL a"), ":100\r\n");
    h.advance(100);
    h.tick();
    assert_eq!(h.server.key_count(), 0);
}

#[test]
fn touch_and_unlink_count_like_exists_and_del() {
    assert_eq!(
        replies(
            "SET t 1\nRPUSH l a\nTOUCH t nokey t l\nUNLINK t nokey t l\nEXISTS t l\nTOUCH\nUNLINK"
        ),
        "+OK\r\n:1\r\n:3\r\n:2\r\n:0\r\n\
         -ERR wrong number of arguments for 'touch' command\r\n\
         -ERR wrong number of arguments for 'unlink' command\r\n"
    );
}

// ---- OBJECT ---------------------------------------------------------------

#[test]
fn object_help_and_errors_as_redis() {
    let help = "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n+    Return the kind of internal representation used in order to store the value\r\n+    associated with a <key>.\r\n+FREQ <key>\r\n+    Return the access frequency index of the <key>. The returned integer is\r\n+    proportional to the logarithm of the recent access frequency of the key.\r\n+IDLETIME <key>\r\n+    Return the idle time of the <key>, that is the approximated number of\r\n+    seconds elapsed since the last access to the key.\r\n+REFCOUNT <key>\r\n+    Return the number of references of the value associated with the specified\r\n+    <key>.\r\n+HELP\r\n+    Prints this help.\r\n";
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "OBJECT HELP\nOBJECT foo\nOBJECT\nOBJECT ENCODING\nOBJECT help extra\nOBJECT ENCODING nokey\nOBJECT FREQ nokey\nOBJECT IDLETIME nokey\nOBJECT REFCOUNT nokey\nSET k v\nOBJECT FREQ k"),
        format!(
            "{help}-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n\
             -ERR wrong number of arguments for 'object' command\r\n\
             -ERR wrong number of arguments for 'object|encoding' command\r\n\
             -ERR wrong number of arguments for 'object|help' command\r\n\
             $-1\r\n$-1\r\n$-1\r\n$-1\r\n+OK\r\n\
             -ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n"
        )
    );
    // RESP3: the same help, null as `_`.
    h.run(&mut c, "HELLO 3");
    let out = h.run(
        &mut c,
        "OBJECT ENCODING nokey\nOBJECT IDLETIME nokey\nOBJECT HELP",
    );
    assert_eq!(out, format!("_\r\n_\r\n{help}"));
}

#[test]
fn object_encoding_of_strings_and_lists() {
    let long = "x".repeat(45);
    let embstr = "x".repeat(44);
    assert_eq!(
        replies(&format!(
            "SET i 12\nSET n -9223372036854775808\nSET big 9223372036854775808\nSET z -0\nSET lead 01\nSET plus +1\nSET e {embstr}\nSET r {long}\nRPUSH l a\nOBJECT ENCODING i\nOBJECT ENCODING n\nOBJECT ENCODING big\nOBJECT ENCODING z\nOBJECT ENCODING lead\nOBJECT ENCODING plus\nOBJECT ENCODING e\nOBJECT ENCODING r\nOBJECT ENCODING l\nCOPY i i2\nOBJECT ENCODING i2\nRENAME r r2\nOBJECT ENCODING r2"
        )),
        "+OK\r\n".repeat(8)
            + ":1\r\n$3\r\nint\r\n$3\r\nint\r\n$6\r\nembstr\r\n$6\r\nembstr\r\n$6\r\nembstr\r\n$6\r\nembstr\r\n$6\r\nembstr\r\n$3\r\nraw\r\n$9\r\nquicklist\r\n:1\r\n$3\r\nint\r\n+OK\r\n$3\r\nraw\r\n"
    );
}

#[test]
fn object_refcount_shares_small_integers_as_redis() {
    assert_eq!(
        replies("SET a 9999\nSET b 10000\nSET c -1\nSET d v\nOBJECT REFCOUNT a\nOBJECT REFCOUNT b\nOBJECT REFCOUNT c\nOBJECT REFCOUNT d\nCOPY a a2\nOBJECT REFCOUNT a2\nRENAME a a3\nOBJECT REFCOUNT a3"),
        "+OK\r\n+OK\r\n+OK\r\n+OK\r\n:2147483647\r\n:1\r\n:1\r\n:1\r\n:1\r\n:1\r\n+OK\r\n:2147483647\r\n"
    );
    // A memory limit with an LRU or LFU policy turns sharing off.
    let config = Config {
        maxmemory: 100 << 20,
        maxmemory_policy: EvictionPolicy::AllKeysLru,
        ..Config::default()
    };
    let mut h = Harness::with_config(config);
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "SET a 5\nOBJECT REFCOUNT a\nOBJECT ENCODING a"),
        "+OK\r\n:1\r\n$3\r\nint\r\n"
    );
}

#[test]
fn object_idletime_is_not_an_access_and_touch_is() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET k v\nSET other v");
    h.advance(2_500);
    assert_eq!(
        h.run(
            &mut c,
            "OBJECT IDLETIME k\nOBJECT ENCODING k\nOBJECT REFCOUNT k\nOBJECT IDLETIME k"
        ),
        ":2\r\n$6\r\nembstr\r\n:1\r\n:2\r\n"
    );
    h.advance(1_000);
    assert_eq!(
        h.run(
            &mut c,
            "TOUCH k\nOBJECT IDLETIME k\nOBJECT IDLETIME other\nGET other\nOBJECT IDLETIME other"
        ),
        ":1\r\n:0\r\n:3\r\n$1\r\nv\r\n:0\r\n"
    );
    // RENAME and MOVE look their key up for writing, an access (Redis's
    // lookupKeyWrite); COPY's value is new.
    h.advance(4_000);
    assert_eq!(
        h.run(&mut c, "COPY k k2\nMOVE k 1\nSELECT 1\nRENAME k k3\nOBJECT IDLETIME k3\nSELECT 0\nOBJECT IDLETIME k2"),
        ":1\r\n:1\r\n+OK\r\n+OK\r\n:0\r\n+OK\r\n:0\r\n"
    );
}

#[test]
fn object_freq_under_lfu() {
    let config = Config {
        maxmemory_policy: EvictionPolicy::AllKeysLfu,
        ..Config::default()
    };
    let mut h = Harness::with_config(config);
    let mut c = h.client();
    // A new key starts at 5 (Redis's LFU_INIT_VAL); OBJECT itself does not
    // count; a minute idle costs one.
    assert_eq!(
        h.run(&mut c, "SET k v\nOBJECT FREQ k\nOBJECT FREQ k\nOBJECT IDLETIME k\nOBJECT IDLETIME nokey"),
        "+OK\r\n:5\r\n:5\r\n-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n$-1\r\n"
    );
    h.advance(60_000);
    assert_eq!(h.run(&mut c, "OBJECT FREQ k"), ":4\r\n");
}
