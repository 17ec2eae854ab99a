//! The hash commands: exact replies (recorded from redis-server 7.0.15),
//! the packed → table conversion, HRANDFIELD and HSCAN by shape and
//! membership, HINCRBYFLOAT's `long double` text, and the memory account.

mod support;
use std::collections::{BTreeMap, BTreeSet};

use miniredis_core::Config;
use support::{replies, Harness};

const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

/// A parsed reply, enough for the shapes of HRANDFIELD and HSCAN.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Resp {
    Bulk(Vec<u8>),
    Int(i64),
    Array(Vec<Resp>),
    Map(Vec<(Resp, Resp)>),
    Null,
    Other(Vec<u8>),
}

impl Resp {
    fn parse(bytes: &[u8]) -> Resp {
        let (value, used) = Resp::parse_at(bytes, 0);
        assert_eq!(
            used,
            bytes.len(),
            "one reply: {}",
            String::from_utf8_lossy(bytes)
        );
        value
    }

    fn parse_at(bytes: &[u8], at: usize) -> (Resp, usize) {
        let end = at + bytes[at..].windows(2).position(|w| w == b"\r\n").unwrap();
        let line = &bytes[at + 1..end];
        let number = || std::str::from_utf8(line).unwrap().parse::<i64>().unwrap();
        let next = end + 2;
        match bytes[at] {
            b'$' if number() < 0 => (Resp::Null, next),
            b'$' => {
                let len = number() as usize;
                (Resp::Bulk(bytes[next..next + len].to_vec()), next + len + 2)
            }
            b':' => (Resp::Int(number()), next),
            b'_' => (Resp::Null, next),
            b'*' | b'%' => {
                let pairs = bytes[at] == b'%';
                let mut items = Vec::new();
                let mut pos = next;
                for _ in 0..number() * if pairs { 2 } else { 1 } {
                    let (item, after) = Resp::parse_at(bytes, pos);
                    items.push(item);
                    pos = after;
                }
                if pairs {
                    let mut map = Vec::new();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        map.push((k, v));
                    }
                    (Resp::Map(map), pos)
                } else {
                    (Resp::Array(items), pos)
                }
            }
            _ => (Resp::Other(line.to_vec()), next),
        }
    }

    fn bulk(&self) -> &[u8] {
        match self {
            Resp::Bulk(b) => b,
            other => panic!("expected a bulk string, got {other:?}"),
        }
    }

    fn items(&self) -> &[Resp] {
        match self {
            Resp::Array(items) => items,
            other => panic!("expected an array, got {other:?}"),
        }
    }
}

#[test]
fn set_get_and_counts() {
    assert_eq!(
        replies("HSET h a 1 b 2 c 3\nHSET h a x d 4\nHGET h a\nHGET h zz\nHGET nokey a\nHLEN h\nHLEN nokey\nHSTRLEN h a\nHSTRLEN h zz\nHEXISTS h b\nHEXISTS h zz\nHEXISTS nokey a\nHMGET h a zz d\nHMGET nokey a b"),
        ":3\r\n:1\r\n$1\r\nx\r\n$-1\r\n$-1\r\n:4\r\n:0\r\n:1\r\n:0\r\n:1\r\n:0\r\n:0\r\n\
         *3\r\n$1\r\nx\r\n$-1\r\n$1\r\n4\r\n*2\r\n$-1\r\n$-1\r\n"
    );
}

#[test]
fn hsetnx_and_hmset() {
    assert_eq!(
        replies("HSETNX h a 1\nHSETNX h a 2\nHGET h a\nHMSET h a 3 b 4\nHGETALL h\nHSETNX n f v\nTYPE n"),
        ":1\r\n:0\r\n$1\r\n1\r\n+OK\r\n*4\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n4\r\n:1\r\n+hash\r\n"
    );
}

#[test]
fn odd_pairs_are_an_arity_error() {
    assert_eq!(
        replies("HSET h a 1 b\nHMSET h a 1 b\nHSET h a\nHSETNX h a\nHGET h\nEXISTS h"),
        "-ERR wrong number of arguments for 'hset' command\r\n\
         -ERR wrong number of arguments for 'hmset' command\r\n\
         -ERR wrong number of arguments for 'hset' command\r\n\
         -ERR wrong number of arguments for 'hsetnx' command\r\n\
         -ERR wrong number of arguments for 'hget' command\r\n:0\r\n"
    );
}

#[test]
fn whole_hash_replies_keep_insertion_order() {
    assert_eq!(
        replies("HSET h z 1 a 2 m 3\nHSET h a 9\nHGETALL h\nHKEYS h\nHVALS h\nHGETALL nokey\nHKEYS nokey\nHVALS nokey"),
        ":3\r\n:0\r\n*6\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n9\r\n$1\r\nm\r\n$1\r\n3\r\n\
         *3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nm\r\n*3\r\n$1\r\n1\r\n$1\r\n9\r\n$1\r\n3\r\n*0\r\n*0\r\n*0\r\n"
    );
}

#[test]
fn resp3_shapes() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HELLO 3\nHSET h a 1 b 2");
    assert_eq!(
        h.run(&mut c, "HGETALL h\nHGETALL nokey\nHGET h zz\nHMGET h a zz\nHRANDFIELD nokey\nHRANDFIELD nokey 2\nHRANDFIELD h 5 WITHVALUES\nHRANDFIELD h 5\nHINCRBYFLOAT h f 1.5\nHSCAN h 0"),
        "%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n%0\r\n_\r\n*2\r\n$1\r\n1\r\n_\r\n_\r\n*0\r\n\
         *2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n\
         $3\r\n1.5\r\n*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nf\r\n$3\r\n1.5\r\n"
    );
}

#[test]
fn hdel_removes_fields_then_the_key() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "HSET h a 1 b 2 c 3\nHDEL h x y\nHDEL h a c z\nHGETALL h\nHDEL h b q\nEXISTS h\nHDEL h b\nHDEL nokey a"),
        ":3\r\n:0\r\n:2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n:1\r\n:0\r\n:0\r\n:0\r\n"
    );
    assert_eq!(h.server.used_memory(), 0);
    assert_eq!(h.server.key_count(), 0);
}

#[test]
fn every_command_refuses_another_type() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET s v");
    let commands = [
        "HSET s a 1",
        "HSETNX s a 1",
        "HMSET s a 1",
        "HGET s a",
        "HMGET s a",
        "HGETALL s",
        "HKEYS s",
        "HVALS s",
        "HLEN s",
        "HSTRLEN s a",
        "HEXISTS s a",
        "HDEL s a",
        "HINCRBY s a 1",
        "HINCRBYFLOAT s a 1",
        "HRANDFIELD s",
        "HRANDFIELD s 0",
        "HRANDFIELD s -3 WITHVALUES",
        "HSCAN s 0",
        "HSCAN s 0 COUNT 0",
    ];
    for command in commands {
        assert_eq!(h.run(&mut c, command), WRONGTYPE, "{command}");
    }
    // Argument errors come before the type check where Redis checks them
    // first.
    assert_eq!(
        h.run(&mut c, "HINCRBY s a x\nHINCRBYFLOAT s a x\nHSCAN s x\nHRANDFIELD s x\nHRANDFIELD s 1 x"),
        "-ERR value is not an integer or out of range\r\n-ERR value is not a valid float\r\n\
         -ERR invalid cursor\r\n-ERR value is not an integer or out of range\r\n-ERR syntax error\r\n"
    );
    assert_eq!(h.run(&mut c, "GET s"), "$1\r\nv\r\n");
}

#[test]
fn hincrby_parses_and_checks_overflow() {
    assert_eq!(
        replies("HINCRBY h n 5\nHINCRBY h n -7\nHSET h n -9223372036854775484\nHINCRBY h n -1\nHINCRBY h n -10000\nHINCRBY h m 9223372036854775807\nHINCRBY h m 1\nHINCRBY h n 1.5\nHINCRBY h n 99999999999999999999"),
        ":5\r\n:-2\r\n:0\r\n:-9223372036854775485\r\n-ERR increment or decrement would overflow\r\n\
         :9223372036854775807\r\n-ERR increment or decrement would overflow\r\n\
         -ERR value is not an integer or out of range\r\n-ERR value is not an integer or out of range\r\n"
    );
    let mut h = Harness::new();
    let mut c = h.client();
    h.send(
        &mut c,
        b"*8\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nl\r\n$3\r\n 11\r\n$1\r\nr\r\n$3\r\n11 \r\n$1\r\nz\r\n$3\r\n1\x002\r\n",
    );
    assert_eq!(
        h.run(&mut c, "HINCRBY h l 1\nHINCRBY h r 1\nHINCRBY h z 1\nHGET h l"),
        "-ERR hash value is not an integer\r\n-ERR hash value is not an integer\r\n-ERR hash value is not an integer\r\n$3\r\n 11\r\n"
    );
}

/// `1e400` as the `long double` nearest to it prints (redis-server 7.0.15).
const ONE_E400: &str = "10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880";

#[test]
fn hincrbyfloat_prints_as_redis_long_double() {
    assert_eq!(
        replies("HINCRBYFLOAT h f 1.23\nHINCRBYFLOAT h f 0.77\nHINCRBYFLOAT h f -0.1\nHINCRBYFLOAT h g 10.5\nHINCRBYFLOAT h g 0.1\nHINCRBYFLOAT h k 0.000003814697265625\nHINCRBYFLOAT h big 1e400\nHGET h f\nHSET h i 17179869184\nHINCRBYFLOAT h i 17179869184\nHINCRBYFLOAT h m 5e-18\nHINCRBYFLOAT h x 0x1p3"),
        "$4\r\n1.23\r\n$1\r\n2\r\n$3\r\n1.9\r\n$4\r\n10.5\r\n$4\r\n10.6\r\n$19\r\n0.00000381469726562\r\n\
         $401\r\n".to_string()
            + ONE_E400
            + "\r\n$3\r\n1.9\r\n:1\r\n$11\r\n34359738368\r\n$1\r\n0\r\n$1\r\n8\r\n"
    );
}

#[test]
fn hincrbyfloat_errors() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "HINCRBYFLOAT h f +inf\nHINCRBYFLOAT h f -Infinity\nEXISTS h\nHINCRBYFLOAT h f nan\nHINCRBYFLOAT h f abc\nHINCRBYFLOAT h f 1e-5000\nHINCRBYFLOAT h f 1e5000\nEXISTS h"),
        "-ERR value is NaN or Infinity\r\n-ERR value is NaN or Infinity\r\n:0\r\n\
         -ERR value is not a valid float\r\n-ERR value is not a valid float\r\n\
         -ERR value is not a valid float\r\n-ERR value is not a valid float\r\n:0\r\n"
    );
    assert_eq!(
        h.run(&mut c, "HSET h s abc big 1e4932 inf inf\nHINCRBYFLOAT h s 1\nHINCRBYFLOAT h big 1e4932\nHINCRBYFLOAT h inf 1\nHGET h big"),
        ":3\r\n-ERR hash value is not a float\r\n-ERR increment would produce NaN or Infinity\r\n\
         -ERR increment would produce NaN or Infinity\r\n$6\r\n1e4932\r\n"
    );
}

#[test]
fn hrandfield_argument_errors() {
    assert_eq!(
        replies("HSET h a 1\nHRANDFIELD h -9223372036854775808\nHRANDFIELD h 9223372036854775808\nHRANDFIELD h 1 WITHVALUES x\nHRANDFIELD h 1 WITHVALUE\nHRANDFIELD h -4611686018427387904 WITHVALUES\nHRANDFIELD h 4611686018427387904 withvalues\nHRANDFIELD nokey -4611686018427387903 WITHVALUES\nHRANDFIELD h 0\nHRANDFIELD h 0 WITHVALUES\nHRANDFIELD nokey\nHRANDFIELD nokey 3"),
        ":1\r\n\
         -ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n\
         -ERR value is not an integer or out of range\r\n-ERR syntax error\r\n-ERR syntax error\r\n\
         -ERR value is out of range\r\n-ERR value is out of range\r\n*0\r\n*0\r\n*0\r\n$-1\r\n*0\r\n"
    );
}

/// Fields of a hash of `n` fields `f0..`, values `v0..`, kept packed or
/// turned into a table by `entries`.
fn filled(n: usize, entries: u64) -> (Harness, support::Client) {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(
        &mut c,
        &format!("CONFIG SET hash-max-listpack-entries {entries}"),
    );
    let mut line = String::from("HSET h");
    for i in 0..n {
        line.push_str(&format!(" f{i} v{i}"));
    }
    assert_eq!(h.run(&mut c, &line), format!(":{n}\r\n"));
    (h, c)
}

fn field_value(field: &[u8], value: &[u8]) {
    let field = std::str::from_utf8(field).unwrap();
    let value = std::str::from_utf8(value).unwrap();
    assert_eq!(&field[1..], &value[1..], "{field} holds {value}");
    assert!(field.starts_with('f') && value.starts_with('v'));
}

#[test]
fn hrandfield_shapes_and_membership() {
    for entries in [512, 4] {
        let (mut h, mut c) = filled(10, entries);
        let mut run = |line: &str| Resp::parse(h.run(&mut c, line).as_bytes());
        // No count: one field.
        let one = run("HRANDFIELD h");
        assert!(one.bulk().starts_with(b"f"));
        // Distinct fields, fewer than the hash holds (both strategies).
        for count in [2, 8] {
            let fields = run(&format!("HRANDFIELD h {count}"));
            let set: BTreeSet<&[u8]> = fields.items().iter().map(Resp::bulk).collect();
            assert_eq!(set.len(), count);
            let flat = run(&format!("HRANDFIELD h {count} WITHVALUES"));
            let items = flat.items();
            assert_eq!(items.len(), 2 * count);
            let mut distinct = BTreeSet::new();
            for pair in items.chunks(2) {
                field_value(pair[0].bulk(), pair[1].bulk());
                distinct.insert(pair[0].bulk().to_vec());
            }
            assert_eq!(distinct.len(), count);
        }
        // As many as or more than the hash holds: all of them, in order.
        let all = run("HRANDFIELD h 20");
        assert_eq!(all, run("HKEYS h"));
        assert_eq!(run("HRANDFIELD h 10 WITHVALUES"), run("HGETALL h"));
        // Negative: that many draws, repeats allowed, each a member.
        let draws = run("HRANDFIELD h -50 WITHVALUES");
        assert_eq!(draws.items().len(), 100);
        for pair in draws.items().chunks(2) {
            field_value(pair[0].bulk(), pair[1].bulk());
        }
        let mut seen = BTreeSet::new();
        for field in run("HRANDFIELD h -1000").items() {
            seen.insert(field.bulk().to_vec());
        }
        assert_eq!(seen.len(), 10, "1000 draws reach every field");
    }
}

#[test]
fn hrandfield_resp3_pairs() {
    let (mut h, mut c) = filled(5, 2);
    h.run(&mut c, "HELLO 3");
    for line in ["HRANDFIELD h 3 WITHVALUES", "HRANDFIELD h -7 WITHVALUES"] {
        let reply = Resp::parse(h.run(&mut c, line).as_bytes());
        for pair in reply.items() {
            let [field, value] = pair.items() else {
                panic!("{line}: a pair is two items: {pair:?}");
            };
            field_value(field.bulk(), value.bulk());
        }
    }
    let plain = Resp::parse(h.run(&mut c, "HRANDFIELD h 3").as_bytes());
    assert_eq!(plain.items().len(), 3);
    assert!(plain.items().iter().all(|i| matches!(i, Resp::Bulk(_))));
}

/// A full HSCAN iteration: every (field, value) it returned.
fn scan_all(h: &mut Harness, c: &mut support::Client, options: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut cursor = "0".to_string();
    let mut found = Vec::new();
    for _ in 0..10_000 {
        let reply = Resp::parse(h.run(c, &format!("HSCAN h {cursor} {options}")).as_bytes());
        let [next, items] = reply.items() else {
            panic!("HSCAN replies [cursor, items]: {reply:?}");
        };
        for pair in items.items().chunks(2) {
            found.push((pair[0].bulk().to_vec(), pair[1].bulk().to_vec()));
        }
        cursor = String::from_utf8(next.bulk().to_vec()).unwrap();
        if cursor == "0" {
            return found;
        }
    }
    panic!("HSCAN never ended");
}

#[test]
fn hscan_returns_every_field() {
    // Packed: everything in one call, whatever COUNT says.
    let (mut h, mut c) = filled(20, 512);
    let bulk = |text: String| format!("${}\r\n{text}\r\n", text.len());
    let expected: String = std::iter::once(1)
        .chain(10..20)
        .map(|i| bulk(format!("f{i}")) + &bulk(format!("v{i}")))
        .collect();
    assert_eq!(
        h.run(&mut c, "HSCAN h 0 COUNT 1 MATCH f1*"),
        format!("*2\r\n$1\r\n0\r\n*22\r\n{expected}")
    );
    // A table: walked a few positions per call.
    let (mut h, mut c) = filled(300, 16);
    for options in ["", "COUNT 7", "COUNT 1000", "MATCH f2* COUNT 3"] {
        let found = scan_all(&mut h, &mut c, options);
        let fields: BTreeMap<Vec<u8>, Vec<u8>> = found.iter().cloned().collect();
        assert_eq!(
            fields.len(),
            found.len(),
            "{options}: no repeats without changes"
        );
        let want = if options.contains("f2*") { 111 } else { 300 };
        assert_eq!(fields.len(), want, "{options}");
        for (field, value) in &fields {
            field_value(field, value);
        }
    }
}

#[test]
fn hscan_arguments() {
    assert_eq!(
        replies("HSET h a 1\nHSCAN h abc\nHSCAN h \" 1\"\nHSCAN h 18446744073709551616\nHSCAN h -1\nHSCAN h 0 COUNT 0\nHSCAN h 0 COUNT x\nHSCAN h 0 MATCH\nHSCAN h 0 TYPE hash\nHSCAN nokey 0 COUNT 0\nHSCAN nokey x"),
        ":1\r\n-ERR invalid cursor\r\n-ERR invalid cursor\r\n-ERR invalid cursor\r\n\
         *2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n-ERR syntax error\r\n\
         -ERR value is not an integer or out of range\r\n-ERR syntax error\r\n-ERR syntax error\r\n\
         *2\r\n$1\r\n0\r\n*0\r\n-ERR invalid cursor\r\n"
    );
}

#[test]
fn config_names_and_aliases() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG GET hash-max-ziplist-entries\nCONFIG GET HASH-MAX-LISTPACK-VALUE\nCONFIG SET hash-max-ziplist-entries 10\nCONFIG GET hash-max-listpack-entries\nCONFIG SET hash-max-listpack-value 1kb\nCONFIG GET hash-max-ziplist-value"),
        "*2\r\n$24\r\nhash-max-ziplist-entries\r\n$3\r\n512\r\n*2\r\n$23\r\nHASH-MAX-LISTPACK-VALUE\r\n$2\r\n64\r\n\
         +OK\r\n*2\r\n$25\r\nhash-max-listpack-entries\r\n$2\r\n10\r\n+OK\r\n*2\r\n$22\r\nhash-max-ziplist-value\r\n$4\r\n1024\r\n"
    );
    assert_eq!(
        h.run(&mut c, "CONFIG SET HASH-max-ziplist-entries -5\nCONFIG SET hash-max-listpack-entries 1kb\nCONFIG SET hash-max-listpack-value -1\nCONFIG SET hash-max-listpack-value 9223372036854775808\nCONFIG SET hash-max-listpack-entries 5 hash-max-listpack-entries 6\nCONFIG SET hash-max-listpack-entries 5 hash-max-ziplist-entries 6\nCONFIG GET hash-max-listpack-entries"),
        "-ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument must be between 0 and 9223372036854775807 inclusive\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument couldn't be parsed into an integer\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument must be a memory value\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument must be between 0 and 9223372036854775807 inclusive\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - duplicate parameter\r\n\
         +OK\r\n*2\r\n$25\r\nhash-max-listpack-entries\r\n$1\r\n6\r\n"
    );
    let glob = h.run(&mut c, "CONFIG GET hash-max-*");
    for name in [
        "hash-max-listpack-entries",
        "hash-max-ziplist-entries",
        "hash-max-listpack-value",
        "hash-max-ziplist-value",
    ] {
        assert!(glob.contains(name), "{glob}");
    }
    assert!(glob.starts_with("*8\r\n"));
    assert_eq!(h.server.config().hash_max_listpack_entries, 6);
    assert_eq!(h.server.config().hash_max_listpack_value, 1024);
}

/// The conversion shows in the order after a removal: a packed hash keeps
/// insertion order, a table moves its last field into the hole.
#[test]
fn conversion_past_the_limits() {
    let mut h = Harness::new();
    let mut c = h.client();
    let order = |h: &mut Harness, c: &mut support::Client, key: &str| {
        h.run(c, &format!("HDEL {key} a\nHKEYS {key}"))
    };
    h.run(
        &mut c,
        "CONFIG SET hash-max-listpack-entries 3 hash-max-listpack-value 4",
    );
    h.run(&mut c, "HSET p a 1 b 2 c 3");
    assert_eq!(
        order(&mut h, &mut c, "p"),
        ":1\r\n*2\r\n$1\r\nb\r\n$1\r\nc\r\n"
    );
    h.run(&mut c, "HSET t a 1 b 2 c 3 d 4");
    assert_eq!(
        order(&mut h, &mut c, "t"),
        ":1\r\n*3\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n",
        "4 fields > 3: a table"
    );
    h.run(&mut c, "HSET v a 1 b 2 c 1234");
    assert_eq!(
        order(&mut h, &mut c, "v"),
        ":1\r\n*2\r\n$1\r\nb\r\n$1\r\nc\r\n"
    );
    h.run(&mut c, "HSET w a 1 b 2 c 12345");
    assert_eq!(
        order(&mut h, &mut c, "w"),
        ":1\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n",
        "a 5-byte value > 4: a table"
    );
    // HINCRBYFLOAT's result counts too; a table never turns back.
    h.run(&mut c, "HSET x a 1 b 2 c 3\nHINCRBYFLOAT x c 0.5");
    assert_eq!(
        order(&mut h, &mut c, "x"),
        ":1\r\n*2\r\n$1\r\nb\r\n$1\r\nc\r\n"
    );
    h.run(
        &mut c,
        "HSET y a 1 b 2 c 3\nHINCRBYFLOAT y c 0.125\nHDEL y c",
    );
    assert_eq!(
        order(&mut h, &mut c, "y"),
        ":1\r\n*1\r\n$1\r\nb\r\n",
        "3.125 is 5 bytes: a table, still one after the long value left"
    );
    assert_eq!(
        h.run(&mut c, "OBJECT ENCODING p\nOBJECT ENCODING t\nOBJECT ENCODING v\nOBJECT ENCODING w\nOBJECT ENCODING y"),
        "$8\r\nlistpack\r\n$9\r\nhashtable\r\n$8\r\nlistpack\r\n$9\r\nhashtable\r\n$9\r\nhashtable\r\n"
    );
    h.run(&mut c, "HSET z a 1 b 2 longfield 3 c 4");
    assert_eq!(
        order(&mut h, &mut c, "z"),
        ":1\r\n*3\r\n$1\r\nc\r\n$1\r\nb\r\n$9\r\nlongfield\r\n"
    );
}

#[test]
fn memory_account_follows_every_change() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "CONFIG SET hash-max-listpack-entries 8");
    let usage = |h: &mut Harness, c: &mut support::Client| -> i64 {
        let reply = h.run(c, "MEMORY USAGE h");
        reply[1..reply.len() - 2].parse().unwrap()
    };
    h.run(&mut c, "HSET h f0 v0");
    let one = usage(&mut h, &mut c);
    assert_eq!(one as usize, h.server.used_memory());
    let mut last = one;
    for i in 1..40 {
        h.run(&mut c, &format!("HSET h f{i} {}", "v".repeat(i * 3)));
        let now = usage(&mut h, &mut c);
        // Buffers grow by doubling: never down, not at every field.
        assert!(now >= last, "field {i}: {now} after {last}");
        assert_eq!(now as usize, h.server.used_memory());
        last = now;
    }
    assert!(last > one + 40 * 60, "{last}");
    for i in 0..40 {
        h.run(&mut c, &format!("HINCRBYFLOAT h f{i} 1.5\nHDEL h g{i}"));
        assert_eq!(usage(&mut h, &mut c) as usize, h.server.used_memory());
    }
    for i in 0..39 {
        h.run(&mut c, &format!("HDEL h f{i}"));
        assert_eq!(usage(&mut h, &mut c) as usize, h.server.used_memory());
    }
    assert!(usage(&mut h, &mut c) < last);
    h.run(&mut c, "HDEL h f39");
    assert_eq!(h.server.used_memory(), 0);
}

#[test]
fn hashes_expire_like_any_key() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HSET h a 1\nPEXPIRE h 100");
    h.advance(100);
    assert_eq!(
        h.run(&mut c, "HGET h a\nHLEN h\nHSET h b 2\nHGETALL h\nTTL h"),
        "$-1\r\n:0\r\n:1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n:-1\r\n"
    );
}

#[test]
fn binary_fields_and_values() {
    let mut h = Harness::new();
    let mut c = h.client();
    let out = h.send(
        &mut c,
        b"*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$3\r\n\x00\r\n\r\n$0\r\n\r\n*3\r\n$4\r\nHGET\r\n$1\r\nh\r\n$3\r\n\x00\r\n\r\n*2\r\n$7\r\nHGETALL\r\n$1\r\nh\r\n",
    );
    assert_eq!(out, b":1\r\n$0\r\n\r\n*2\r\n$3\r\n\x00\r\n\r\n$0\r\n\r\n");
}

#[test]
fn reads_count_keyspace_hits_and_misses() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(
        &mut c,
        "HSET h a 1\nHGET h a\nHGET nokey a\nHLEN h\nHEXISTS nokey a\nHSET h b 2",
    );
    let info = h.run(&mut c, "INFO stats");
    assert!(info.contains("keyspace_hits:2\r\n"), "{info}");
    assert!(info.contains("keyspace_misses:2\r\n"), "{info}");
}

#[test]
fn a_long_negative_draw_stops_at_the_output_limit() {
    let mut h = Harness::with_config(Config::default());
    let mut c = h.client();
    h.run(
        &mut c,
        "HSET h a 1\nCONFIG SET client-output-buffer-limit \"normal 1mb 0 0\"",
    );
    h.send_unread(&mut c, b"HRANDFIELD h -9223372036854775807\r\n");
    assert!(c.closed, "the client is dropped at its hard limit");
    assert_eq!(h.server.key_count(), 1);
}
