//! SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO. Every
//! expected reply in the generated tests was recorded from redis-server
//! 7.0.15 (same commands, raw RESP).

mod support;
use miniredis_core::Config;
use support::{replies, Harness};

/// SETBIT grows the string with zeros and returns the old bit; GETBIT reads zeros past the end.
#[test]
fn setbit_and_getbit() {
    assert_eq!(
        replies(
            "SETBIT b 7 1\n\
         GETRANGE b 0 -1\n\
         SETBIT b 7 1\n\
         SETBIT b 7 0\n\
         SETBIT b 100 1\n\
         STRLEN b\n\
         GETBIT b 100\n\
         GETBIT b 101\n\
         GETBIT b 99999\n\
         GETBIT none 5\n\
         SETBIT b 4294967295 2\n\
         SETBIT b 1 -1\n\
         SETBIT b 1 a\n\
         SETBIT b -1 1\n\
         SETBIT b 4294967296 1\n\
         SETBIT b 9223372036854775807 1\n\
         SETBIT b x 1\n\
         GETBIT b -1\n\
         GETBIT b 4294967296\n\
         SET s A\n\
         SETBIT s 6 1\n\
         GET s\n\
         RPUSH l a\n\
         SETBIT l 0 1\n\
         GETBIT l 0\n\
         SETBIT l a 1\n\
         GETBIT l a"
        ),
        ":0\r\n\
         $1\r\n\x01\r\n\
         :1\r\n\
         :1\r\n\
         :0\r\n\
         :13\r\n\
         :1\r\n\
         :0\r\n\
         :0\r\n\
         :0\r\n\
         -ERR bit is not an integer or out of range\r\n\
         -ERR bit is not an integer or out of range\r\n\
         -ERR bit is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         +OK\r\n\
         :0\r\n\
         $1\r\nC\r\n\
         :1\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n"
    );
}

/// BITCOUNT over bytes and bits, negative indexes, Redis's clamping, errors after the key lookup.
#[test]
fn bitcount_ranges() {
    assert_eq!(
        replies(
            "SET bc foobar\n\
         BITCOUNT bc\n\
         BITCOUNT bc 0 0\n\
         BITCOUNT bc 1 1\n\
         BITCOUNT bc 1 1 BYTE\n\
         BITCOUNT bc 5 30 BIT\n\
         BITCOUNT bc -1 -1\n\
         BITCOUNT bc -2 -1 bit\n\
         BITCOUNT bc -1 -2\n\
         BITCOUNT bc -100 -200\n\
         BITCOUNT bc -200 -100\n\
         BITCOUNT bc 0 -1 bit\n\
         BITCOUNT bc 3 1\n\
         BITCOUNT bc 0 1000 BIT\n\
         BITCOUNT bc 0\n\
         BITCOUNT bc 0 1 2 3\n\
         BITCOUNT bc 0 1 foo\n\
         BITCOUNT bc a b\n\
         BITCOUNT none 0 1\n\
         BITCOUNT none a b\n\
         BITCOUNT none 0 1 foo\n\
         SET e \"\"\n\
         BITCOUNT e\n\
         BITCOUNT e 0 -1\n\
         BITCOUNT e 0 -1 BIT\n\
         RPUSH l a\n\
         BITCOUNT l\n\
         BITCOUNT l a b"
        ),
        "+OK\r\n\
         :26\r\n\
         :4\r\n\
         :6\r\n\
         :6\r\n\
         :17\r\n\
         :4\r\n\
         :1\r\n\
         :0\r\n\
         :0\r\n\
         :4\r\n\
         :26\r\n\
         :0\r\n\
         :26\r\n\
         -ERR syntax error\r\n\
         -ERR syntax error\r\n\
         -ERR syntax error\r\n\
         -ERR value is not an integer or out of range\r\n\
         :0\r\n\
         :0\r\n\
         :0\r\n\
         +OK\r\n\
         :0\r\n\
         :0\r\n\
         :0\r\n\
         :1\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
}

/// BITPOS: first set or clear bit over bytes or bits; the padding zero after a range that runs to the end.
#[test]
fn bitpos_ranges() {
    assert_eq!(
        replies(
            "SET bp \"\\xff\\xf0\\x00\"\n\
         BITPOS bp 0\n\
         BITPOS bp 1\n\
         BITPOS bp 0 2 -1\n\
         BITPOS bp 0 0 0\n\
         BITPOS bp 1 2\n\
         BITPOS bp 1 2 -1\n\
         BITPOS bp 1 7 15 BIT\n\
         BITPOS bp 0 7 15 BIT\n\
         BITPOS bp 1 12 BIT\n\
         BITPOS bp 0 0 11 bit\n\
         BITPOS bp 0 0 -1\n\
         BITPOS bp 0 0\n\
         BITPOS bp 1 -100 -200\n\
         BITPOS bp 0 -100 -200\n\
         BITPOS bp 1 -1 -3\n\
         SET ones \"\\xff\\xff\"\n\
         BITPOS ones 0\n\
         BITPOS ones 0 0\n\
         BITPOS ones 0 0 -1\n\
         BITPOS ones 0 3 BIT\n\
         BITPOS ones 0 3 -1 BIT\n\
         BITPOS ones 0 1 1\n\
         BITPOS ones 1 0 1 foo\n\
         BITPOS ones 1 0 1 bit extra\n\
         BITPOS ones 2\n\
         BITPOS ones 1 a\n\
         BITPOS ones 1 0 a\n\
         BITPOS none 0\n\
         BITPOS none 1\n\
         BITPOS none 1 a\n\
         BITPOS none 3\n\
         SET e \"\"\n\
         BITPOS e 0\n\
         BITPOS e 1\n\
         RPUSH l a\n\
         BITPOS l 1\n\
         BITPOS l 2\n\
         BITPOS l 1 a"
        ),
        "+OK\r\n\
         :12\r\n\
         :0\r\n\
         :16\r\n\
         :-1\r\n\
         :-1\r\n\
         :-1\r\n\
         :7\r\n\
         :12\r\n\
         -ERR value is not an integer or out of range\r\n\
         :-1\r\n\
         :12\r\n\
         :12\r\n\
         :0\r\n\
         :-1\r\n\
         :-1\r\n\
         +OK\r\n\
         :16\r\n\
         :16\r\n\
         :-1\r\n\
         -ERR value is not an integer or out of range\r\n\
         :-1\r\n\
         :-1\r\n\
         -ERR syntax error\r\n\
         -ERR syntax error\r\n\
         -ERR The bit argument must be 1 or 0.\r\n\
         -ERR value is not an integer or out of range\r\n\
         -ERR value is not an integer or out of range\r\n\
         :0\r\n\
         :-1\r\n\
         :-1\r\n\
         -ERR The bit argument must be 1 or 0.\r\n\
         +OK\r\n\
         :-1\r\n\
         :-1\r\n\
         :1\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         -ERR The bit argument must be 1 or 0.\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
}

/// BITOP AND/OR/XOR/NOT: shorter and missing sources padded with zeros; an empty result deletes the destination.
#[test]
fn bitop_operations() {
    assert_eq!(
        replies(
            "SET o1 \"\\x0f\\x70\"\n\
         SET o2 \"\\x3c\"\n\
         BITOP AND d o1 o2\n\
         GETRANGE d 0 -1\n\
         BITOP OR d o1 o2 none\n\
         GETRANGE d 0 -1\n\
         BITOP XOR d o1 o2\n\
         GETRANGE d 0 -1\n\
         BITOP NOT d o2\n\
         BITCOUNT d\n\
         BITOP not d o1 o2\n\
         BITOP nope d o1\n\
         SET d x EX 100\n\
         BITOP AND d o1\n\
         TTL d\n\
         BITOP AND d none none2\n\
         EXISTS d\n\
         BITOP OR d none\n\
         RPUSH l a\n\
         BITOP AND d o1 l\n\
         BITOP NOT d l\n\
         BITOP AND l o1\n\
         TYPE l"
        ),
        "+OK\r\n\
         +OK\r\n\
         :2\r\n\
         $2\r\n\x0c\x00\r\n\
         :2\r\n\
         $2\r\n?p\r\n\
         :2\r\n\
         $2\r\n3p\r\n\
         :1\r\n\
         :4\r\n\
         -ERR BITOP NOT must be called with a single source key.\r\n\
         -ERR syntax error\r\n\
         +OK\r\n\
         :2\r\n\
         :-1\r\n\
         :0\r\n\
         :0\r\n\
         :0\r\n\
         :1\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         :2\r\n\
         +string\r\n"
    );
}

/// BITFIELD: signed and unsigned fields, # offsets, the three OVERFLOW modes.
#[test]
fn bitfield_get_set_incrby() {
    assert_eq!(
        replies(
            "SET bf \"\"\n\
         BITFIELD bf SET i8 0 100 GET i8 0 INCRBY i8 0 100 GET u4 0\n\
         BITFIELD bf OVERFLOW SAT INCRBY i8 0 100 OVERFLOW FAIL INCRBY i8 0 100 OVERFLOW WRAP INCRBY i8 0 1\n\
         BITFIELD bf SET u8 #1 255 GET u8 #1 INCRBY u8 #1 1\n\
         BITFIELD bf OVERFLOW SAT SET u8 #2 -1 SET u8 #3 300 OVERFLOW FAIL SET u8 #4 300 OVERFLOW WRAP SET u8 #5 -1\n\
         BITFIELD bf SET i64 0 -1 GET i64 0 GET u63 0 INCRBY i64 0 -9223372036854775807 INCRBY i64 0 -10\n\
         BITFIELD bf OVERFLOW SAT INCRBY i64 0 -9223372036854775807 INCRBY i64 0 9223372036854775807 INCRBY i64 0 1\n\
         BITFIELD bf OVERFLOW SAT INCRBY u2 100 5 INCRBY u2 100 -9 OVERFLOW WRAP INCRBY u2 100 -1 INCRBY i3 200 -5\n\
         BITFIELD bf SET i1 0 1 GET i1 0 SET u1 1 5 GET u1 1\n\
         BITFIELD bf GET u8 #536870911\n\
         STRLEN bf\n\
         BITFIELD new OVERFLOW FAIL SET i8 100 1000\n\
         STRLEN new\n\
         BITFIELD new\n\
         BITFIELD new OVERFLOW SAT\n\
         BITFIELD nokey GET i8 0\n\
         EXISTS nokey"
        ),
        "+OK\r\n\
         *4\r\n:0\r\n:100\r\n:-56\r\n:12\r\n\
         *3\r\n:44\r\n$-1\r\n:45\r\n\
         *3\r\n:0\r\n:255\r\n:0\r\n\
         *4\r\n:0\r\n:0\r\n$-1\r\n:0\r\n\
         *5\r\n:3242873202405212160\r\n:-1\r\n:9223372036854775807\r\n:-9223372036854775808\r\n:9223372036854775798\r\n\
         *3\r\n:-9\r\n:9223372036854775798\r\n:9223372036854775799\r\n\
         *4\r\n:3\r\n:0\r\n:3\r\n:3\r\n\
         *4\r\n:0\r\n:-1\r\n:1\r\n:1\r\n\
         *1\r\n:0\r\n\
         :26\r\n\
         *1\r\n$-1\r\n\
         :14\r\n\
         *0\r\n\
         *0\r\n\
         *1\r\n:0\r\n\
         :0\r\n"
    );
}

/// BITFIELD's argument errors, found before anything runs, and BITFIELD_RO.
#[test]
fn bitfield_errors() {
    assert_eq!(
        replies(
            "SET bf \"\"\n\
         BITFIELD bf GET u64 0\n\
         BITFIELD bf GET i65 0\n\
         BITFIELD bf GET i0 0\n\
         BITFIELD bf GET x8 0\n\
         BITFIELD bf GET I8 0\n\
         BITFIELD bf GET U8 0\n\
         BITFIELD bf OVERFLOW bad\n\
         BITFIELD bf GET i8\n\
         BITFIELD bf GET i8 #-1\n\
         BITFIELD bf GET i8 -1\n\
         BITFIELD bf GET u8 a\n\
         BITFIELD bf GET i8 #a\n\
         BITFIELD bf INCRBY u8 0\n\
         BITFIELD bf SET u8 0 a\n\
         BITFIELD bf SET i8 0 1 foo\n\
         BITFIELD bf SET i8 0 1 GET u64 0\n\
         STRLEN bf\n\
         BITFIELD bf GET u8 4294967296\n\
         BITFIELD bf GET u8 #536870912\n\
         BITFIELD bf foo\n\
         BITFIELD_RO bf GET i8 0 GET u4 4\n\
         BITFIELD_RO bf SET i8 0 1\n\
         BITFIELD_RO bf OVERFLOW WRAP GET i8 0\n\
         BITFIELD_RO none GET i8 0\n\
         BITFIELD_RO none INCRBY i8 0 1\n\
         BITFIELD_RO bf\n\
         RPUSH l a\n\
         BITFIELD l GET u8 0\n\
         BITFIELD l SET u8 0 1\n\
         BITFIELD_RO l GET u8 0\n\
         BITFIELD l foo"
        ),
        "+OK\r\n\
         -ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n\
         -ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n\
         -ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n\
         -ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n\
         -ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n\
         -ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n\
         -ERR Invalid OVERFLOW type specified\r\n\
         -ERR syntax error\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR syntax error\r\n\
         -ERR value is not an integer or out of range\r\n\
         -ERR syntax error\r\n\
         -ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n\
         :0\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR bit offset is not an integer or out of range\r\n\
         -ERR syntax error\r\n\
         *2\r\n:0\r\n:0\r\n\
         -ERR BITFIELD_RO only supports the GET subcommand\r\n\
         *1\r\n:0\r\n\
         *1\r\n:0\r\n\
         -ERR BITFIELD_RO only supports the GET subcommand\r\n\
         *0\r\n\
         :1\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         -WRONGTYPE Operation against a key holding the wrong kind of value\r\n\
         -ERR syntax error\r\n"
    );
}

/// An overflow under FAIL replies null: _ in RESP3.
#[test]
fn bitfield_fail_is_null_in_resp3() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HELLO 3");
    assert_eq!(
        h.run(
            &mut c,
            "BITFIELD bf OVERFLOW FAIL INCRBY i8 0 1000 INCRBY u4 0 3\n\
         BITFIELD bf\n\
         BITPOS none 0\n\
         BITCOUNT none"
        ),
        "*2\r\n_\r\n:3\r\n\
         *0\r\n\
         :0\r\n\
         :0\r\n"
    );
}

// ---- written by hand ----------------------------------------------------

/// Bit 0 is the most significant bit of the first byte; the bytes read
/// back are exactly the bits written.
#[test]
fn bits_are_msb_first_and_read_back_binary() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SETBIT b 0 1\nSETBIT b 9 1\nSETBIT b 23 1");
    assert_eq!(
        h.send(&mut c, b"*2\r\n$3\r\nGET\r\n$1\r\nb\r\n"),
        b"$3\r\n\x80\x40\x01\r\n"
    );
    h.run(&mut c, "BITOP NOT n b");
    assert_eq!(
        h.send(&mut c, b"*2\r\n$3\r\nGET\r\n$1\r\nn\r\n"),
        b"$3\r\n\x7f\xbf\xfe\r\n"
    );
    assert_eq!(
        h.run(&mut c, "BITFIELD b GET u16 0 GET i8 #1 GET u4 20"),
        "*3\r\n:32832\r\n:64\r\n:1\r\n"
    );
}

/// `proto-max-bulk-len` bounds every write that grows a string: the
/// offset's byte must be below it (bits), the new length within it.
#[test]
fn proto_max_bulk_len_bounds_growth() {
    let mut h = Harness::with_config(Config {
        proto_max_bulk_len: 1 << 20,
        ..Config::default()
    });
    let mut c = h.client();
    const OFFSET: &str = "-ERR bit offset is not an integer or out of range\r\n";
    const TOO_LONG: &str = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
    assert_eq!(h.run(&mut c, "SETBIT y 8388607 1"), ":0\r\n");
    assert_eq!(h.run(&mut c, "SETBIT y 8388608 1"), OFFSET);
    assert_eq!(h.run(&mut c, "GETBIT y 8388608"), OFFSET);
    assert_eq!(h.run(&mut c, "BITFIELD y SET u8 8388608 1"), OFFSET);
    // The byte of the offset is checked, not the field's last bit.
    assert_eq!(
        h.run(&mut c, "BITFIELD y SET u8 8388607 1"),
        "*1\r\n:128\r\n"
    );
    assert_eq!(h.run(&mut c, "STRLEN y"), ":1048577\r\n");
    assert_eq!(h.run(&mut c, "SETRANGE x 1048575 a"), ":1048576\r\n");
    assert_eq!(h.run(&mut c, "SETRANGE z 1048576 a"), TOO_LONG);
    assert_eq!(h.run(&mut c, "APPEND x b"), TOO_LONG);
    assert_eq!(h.run(&mut c, "EXISTS z"), ":0\r\n");
    assert_eq!(
        h.run(&mut c, "CONFIG SET proto-max-bulk-len 2mb\nAPPEND x b"),
        "+OK\r\n:1048577\r\n"
    );
}
