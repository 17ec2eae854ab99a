//! The list commands: pushes and pops, LLEN, LINDEX, LINSERT, LPOS, LRANGE,
//! LREM, LSET, LTRIM, LMOVE, RPOPLPUSH, LMPOP, and the list CONFIG parameters.

mod support;
use support::{replies, Harness};

#[test]
fn push_and_pop_order() {
    assert_eq!(
        replies("RPUSH l a b c\nLPUSH l x y\nLPOP l 2\nRPOP l 10\nEXISTS l\nLPOP l"),
        ":3\r\n:5\r\n*2\r\n$1\r\ny\r\n$1\r\nx\r\n*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n:0\r\n$-1\r\n"
    );
}

#[test]
fn pop_count_edge_cases() {
    assert_eq!(
        replies("RPUSH l a\nLPOP l 0\nLPOP l -1\nLPOP l abc\nLPOP nokey 0\nLPOP nokey 2\nLPOP l 1 2\nRPOP l"),
        ":1\r\n*0\r\n-ERR value is out of range, must be positive\r\n-ERR value is out of range, must be positive\r\n*-1\r\n*-1\r\n-ERR wrong number of arguments for 'lpop' command\r\n$1\r\na\r\n"
    );
}

#[test]
fn resp3_nulls() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HELLO 3");
    assert_eq!(
        h.run(&mut c, "LPOP nokey\nLPOP nokey 2\nRPUSH l a\nLPOP l 5"),
        "_\r\n_\r\n:1\r\n*1\r\n$1\r\na\r\n"
    );
}

#[test]
fn wrong_type() {
    let wrongtype = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    assert_eq!(
        replies("SET s v\nLPOP s\nLPOP s 0\nLPUSH s a\nRPUSH s a"),
        format!("+OK\r\n{wrongtype}{wrongtype}{wrongtype}{wrongtype}")
    );
}

#[test]
fn emptied_list_frees_its_memory() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "RPUSH l a b c");
    assert!(h.server.used_memory() > 0);
    h.run(&mut c, "LPOP l 3");
    assert_eq!(h.server.used_memory(), 0);
    assert_eq!(h.server.key_count(), 0);
}

const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
const NOT_INTEGER: &str = "-ERR value is not an integer or out of range\r\n";
const SYNTAX: &str = "-ERR syntax error\r\n";

/// `*n` followed by one bulk string per item.
fn bulks(items: &[&str]) -> String {
    let mut out = format!("*{}\r\n", items.len());
    for item in items {
        out += &format!("${}\r\n{item}\r\n", item.len());
    }
    out
}

#[test]
fn lrange_clamps_its_range() {
    assert_eq!(
        replies(
            "RPUSH l a b c d\nLRANGE l 0 -1\nLRANGE l 1 2\nLRANGE l -2 -1\nLRANGE l -100 1\n\
             LRANGE l 2 100\nLRANGE l 3 1\nLRANGE l 4 10\nLRANGE l -9223372036854775808 9223372036854775807\n\
             LRANGE l -1 -2\nLRANGE nokey 0 -1"
        ),
        [
            ":4\r\n".to_string(),
            bulks(&["a", "b", "c", "d"]),
            bulks(&["b", "c"]),
            bulks(&["c", "d"]),
            bulks(&["a", "b"]),
            bulks(&["c", "d"]),
            "*0\r\n".into(),
            "*0\r\n".into(),
            bulks(&["a", "b", "c", "d"]),
            "*0\r\n".into(),
            "*0\r\n".into(),
        ]
        .concat()
    );
}

#[test]
fn lrange_reads_its_indexes_before_the_key() {
    assert_eq!(
        replies("SET s v\nLRANGE s x 1\nLRANGE nokey 0 x\nLRANGE s 0 1"),
        format!("+OK\r\n{NOT_INTEGER}{NOT_INTEGER}{WRONGTYPE}")
    );
}

#[test]
fn lindex_counts_from_either_end() {
    assert_eq!(
        replies(
            "RPUSH l a b c\nLINDEX l 0\nLINDEX l -1\nLINDEX l 2\nLINDEX l 3\nLINDEX l -4\n\
             LINDEX l -9223372036854775808\nLINDEX l x\nLINDEX nokey x\nLLEN l\nLLEN nokey"
        ),
        ":3\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nc\r\n$-1\r\n$-1\r\n$-1\r\n-ERR value is not an integer or out of range\r\n$-1\r\n:3\r\n:0\r\n"
    );
}

#[test]
fn linsert_before_and_after_the_first_pivot() {
    assert_eq!(
        replies(
            "RPUSH l a b a\nLINSERT l BEFORE a x\nLINSERT l after a y\nLINSERT l Before zz q\n\
             LRANGE l 0 -1\nLINSERT nokey BEFORE a b\nEXISTS nokey\nLINSERT l middle a b\n\
             SET s v\nLINSERT s around a b\nLINSERT s AFTER a b"
        ),
        [
            ":3\r\n:4\r\n:5\r\n:-1\r\n",
            &bulks(&["x", "a", "y", "b", "a"]),
            ":0\r\n:0\r\n",
            SYNTAX,
            "+OK\r\n",
            SYNTAX,
            WRONGTYPE,
        ]
        .concat()
    );
}

#[test]
fn lset_looks_the_key_up_before_the_index() {
    assert_eq!(
        replies(
            "LSET nokey x a\nLSET nokey 0 a\nSET s v\nLSET s x a\nRPUSH l a b c\nLSET l x a\n\
             LSET l 3 a\nLSET l -4 a\nLSET l -1 z\nLSET l 0 y\nLRANGE l 0 -1"
        ),
        [
            "-ERR no such key\r\n-ERR no such key\r\n+OK\r\n",
            WRONGTYPE,
            ":3\r\n",
            NOT_INTEGER,
            "-ERR index out of range\r\n-ERR index out of range\r\n+OK\r\n+OK\r\n",
            &bulks(&["y", "b", "z"]),
        ]
        .concat()
    );
}

#[test]
fn lrem_counts_from_the_head_the_tail_or_everywhere() {
    assert_eq!(
        replies(
            "RPUSH l a b a c a\nLREM l 2 a\nLRANGE l 0 -1\nDEL l\nRPUSH l a b a c a\n\
             LREM l -2 a\nLRANGE l 0 -1\nLREM l 0 a\nLREM l 1 zz\nLREM l 0 b\nLREM l 5 c\n\
             EXISTS l\nLREM nokey 1 a\nLREM nokey x a"
        ),
        [
            ":5\r\n:2\r\n",
            &bulks(&["b", "c", "a"]),
            ":1\r\n:5\r\n:2\r\n",
            &bulks(&["a", "b", "c"]),
            ":1\r\n:0\r\n:1\r\n:1\r\n:0\r\n:0\r\n",
            NOT_INTEGER,
        ]
        .concat()
    );
}

#[test]
fn ltrim_keeps_the_range_and_deletes_an_emptied_list() {
    assert_eq!(
        replies(
            "RPUSH l a b c d\nLTRIM l 1 -2\nLRANGE l 0 -1\nLTRIM l -1 100\nLRANGE l 0 -1\n\
             LTRIM l 1 0\nEXISTS l\nLTRIM nokey 0 1\nLTRIM nokey x 1\nSET s v\nLTRIM s 0 1"
        ),
        [
            ":4\r\n+OK\r\n",
            &bulks(&["b", "c"]),
            "+OK\r\n",
            &bulks(&["c"]),
            "+OK\r\n:0\r\n+OK\r\n",
            NOT_INTEGER,
            "+OK\r\n",
            WRONGTYPE,
        ]
        .concat()
    );
}

#[test]
fn lpos_rank_count_and_maxlen() {
    assert_eq!(
        replies(
            "RPUSH l a b c a b c a\nLPOS l a\nLPOS l c\nLPOS l z\nLPOS l a RANK 2\nLPOS l a RANK -1\n\
             LPOS l a RANK -2\nLPOS l a RANK 4\nLPOS l a COUNT 0\nLPOS l a COUNT 2\n\
             LPOS l a RANK -1 COUNT 0 MAXLEN 4\nLPOS l a MAXLEN 3 RANK 2\nLPOS l a RANK 2 COUNT 5\n\
             LPOS l z COUNT 2\nLPOS nokey a\nLPOS nokey a COUNT 1\nLPOS l a COUNT 1 COUNT 2\n\
             LPOS l a RANK -9223372036854775808 COUNT 1"
        ),
        ":7\r\n:0\r\n:2\r\n$-1\r\n:3\r\n:6\r\n:3\r\n$-1\r\n*3\r\n:0\r\n:3\r\n:6\r\n*2\r\n:0\r\n:3\r\n\
         *2\r\n:6\r\n:3\r\n$-1\r\n*2\r\n:3\r\n:6\r\n*0\r\n$-1\r\n*0\r\n*2\r\n:0\r\n:3\r\n\
         *3\r\n:6\r\n:3\r\n:0\r\n"
    );
}

#[test]
fn lpos_errors_in_the_order_redis_checks() {
    let rank_zero = "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n";
    let count = "-ERR COUNT can't be negative\r\n";
    let maxlen = "-ERR MAXLEN can't be negative\r\n";
    assert_eq!(
        replies(
            "SET s v\nLPOS s a RANK 0\nLPOS s a\nLPOS nokey a RANK 0\nLPOS nokey a RANK x\n\
             LPOS nokey a COUNT -1\nLPOS nokey a COUNT x\nLPOS nokey a MAXLEN -1\n\
             LPOS nokey a RANK 1 RANK 0\nLPOS nokey a RANK 0 foo\nLPOS nokey a foo RANK 0\n\
             LPOS nokey a COUNT -1 RANK 0\nLPOS nokey a RANK"
        ),
        [
            "+OK\r\n",
            rank_zero,
            WRONGTYPE,
            rank_zero,
            NOT_INTEGER,
            count,
            count,
            maxlen,
            rank_zero,
            rank_zero,
            SYNTAX,
            count,
            SYNTAX,
        ]
        .concat()
    );
}

#[test]
fn pushx_never_creates_a_list() {
    assert_eq!(
        replies(
            "LPUSHX l a\nRPUSHX l a b\nEXISTS l\nRPUSH l x\nLPUSHX l a b\nRPUSHX l y z\n\
             LRANGE l 0 -1\nSET s v\nLPUSHX s a\nRPUSHX s a"
        ),
        [
            ":0\r\n:0\r\n:0\r\n:1\r\n:3\r\n:5\r\n",
            &bulks(&["b", "a", "x", "y", "z"]),
            "+OK\r\n",
            WRONGTYPE,
            WRONGTYPE,
        ]
        .concat()
    );
}

#[test]
fn lmove_between_lists_and_onto_itself() {
    assert_eq!(
        replies(
            "RPUSH src a b c\nLMOVE src dst LEFT RIGHT\nLMOVE src dst right left\n\
             LRANGE src 0 -1\nLRANGE dst 0 -1\nLMOVE src src left right\nRPUSH one x\n\
             LMOVE one one left left\nLRANGE one 0 -1\nLMOVE src dst left left\nEXISTS src\n\
             RPOPLPUSH dst dst\nLRANGE dst 0 -1\nRPOPLPUSH dst other\nLRANGE other 0 -1\n\
             LMOVE nokey dst left left\nRPOPLPUSH nokey dst"
        ),
        [
            ":3\r\n$1\r\na\r\n$1\r\nc\r\n",
            &bulks(&["b"]),
            &bulks(&["c", "a"]),
            "$1\r\nb\r\n:1\r\n$1\r\nx\r\n",
            &bulks(&["x"]),
            "$1\r\nb\r\n:0\r\n$1\r\na\r\n",
            &bulks(&["a", "b", "c"]),
            "$1\r\nc\r\n",
            &bulks(&["c"]),
            "$-1\r\n$-1\r\n",
        ]
        .concat()
    );
}

#[test]
fn lmove_checks_both_types_before_popping() {
    assert_eq!(
        replies(
            "SET s v\nRPUSH l a b\nLMOVE l s left left\nRPOPLPUSH l s\nLRANGE l 0 -1\n\
             LMOVE s l left left\nLMOVE nokey s left left\nLMOVE l s up left\nLMOVE nokey s left up\n\
             LMOVE s s left left"
        ),
        [
            "+OK\r\n:2\r\n",
            WRONGTYPE,
            WRONGTYPE,
            &bulks(&["a", "b"]),
            WRONGTYPE,
            "$-1\r\n",
            SYNTAX,
            SYNTAX,
            WRONGTYPE,
        ]
        .concat()
    );
}

#[test]
fn lmpop_pops_from_the_first_list() {
    assert_eq!(
        replies(
            "RPUSH b 1 2 3\nLMPOP 2 a b LEFT\nLMPOP 2 a b right COUNT 5\nEXISTS b\n\
             LMPOP 2 a b left\nLMPOP 1 a left COUNT 2\nSET s v\nRPUSH b x\nLMPOP 2 s b left\n\
             LMPOP 2 b s left\nLMPOP 2 a s left"
        ),
        [
            ":3\r\n*2\r\n$1\r\nb\r\n",
            &bulks(&["1"]),
            "*2\r\n$1\r\nb\r\n",
            &bulks(&["3", "2"]),
            ":0\r\n*-1\r\n*-1\r\n+OK\r\n:1\r\n",
            WRONGTYPE,
            "*2\r\n$1\r\nb\r\n",
            &bulks(&["x"]),
            WRONGTYPE,
        ]
        .concat()
    );
}

#[test]
fn lmpop_argument_errors() {
    let numkeys = "-ERR numkeys should be greater than 0\r\n";
    let count = "-ERR count should be greater than 0\r\n";
    assert_eq!(
        replies(
            "RPUSH l a\nLMPOP 0 l left\nLMPOP -1 l left\nLMPOP x l left\n\
             LMPOP 9223372036854775808 l left\nLMPOP 2 l left\nLMPOP 9223372036854775807 l left\n\
             LMPOP 1 l up\nLMPOP 1 l left COUNT\nLMPOP 1 l left COUNT 0\nLMPOP 1 l left count -1\n\
             LMPOP 1 l left COUNT x\nLMPOP 1 l left COUNT 1 COUNT 2\nLMPOP 1 l left foo 1\n\
             LMPOP 1 nokey left COUNT 0\nLMPOP 1 l"
        ),
        [
            ":1\r\n",
            numkeys,
            numkeys,
            numkeys,
            numkeys,
            SYNTAX,
            SYNTAX,
            SYNTAX,
            SYNTAX,
            count,
            count,
            count,
            SYNTAX,
            SYNTAX,
            count,
            "-ERR wrong number of arguments for 'lmpop' command\r\n",
        ]
        .concat()
    );
}

#[test]
fn resp3_replies() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HELLO 3");
    assert_eq!(
        h.run(
            &mut c,
            "LINDEX nokey 0\nLPOS nokey a\nLPOS nokey a COUNT 0\nLMPOP 1 nokey left\n\
             LMOVE nokey b left left\nRPOPLPUSH nokey b\nLRANGE nokey 0 -1\nRPUSH l a\n\
             LINDEX l 1\nLPOS l z\nLMPOP 1 l right"
        ),
        "_\r\n_\r\n*0\r\n_\r\n_\r\n_\r\n*0\r\n:1\r\n_\r\n_\r\n*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n"
    );
}

#[test]
fn every_list_command_refuses_other_types() {
    let commands = [
        "LINDEX s 0",
        "LINSERT s BEFORE a b",
        "LLEN s",
        "LMOVE s l left left",
        "LMPOP 1 s left",
        "LPOS s a",
        "LPUSHX s a",
        "LRANGE s 0 -1",
        "LREM s 0 a",
        "LSET s 0 a",
        "LTRIM s 0 1",
        "RPOPLPUSH s l",
        "RPUSHX s a",
    ];
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET s v\nRPUSH l a");
    for command in commands {
        assert_eq!(h.run(&mut c, command), WRONGTYPE, "{command}");
    }
    assert_eq!(h.run(&mut c, "GET s\nLLEN l"), "$1\r\nv\r\n:1\r\n");
}

#[test]
fn binary_items() {
    let mut h = Harness::new();
    let mut c = h.client();
    let input = b"*4\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$3\r\n\x00\r\n\r\n$0\r\n\r\n\
                  *4\r\n$4\r\nLREM\r\n$1\r\nl\r\n$1\r\n0\r\n$0\r\n\r\n\
                  *3\r\n$4\r\nLPOS\r\n$1\r\nl\r\n$3\r\n\x00\r\n\r\n\
                  *4\r\n$6\r\nLRANGE\r\n$1\r\nl\r\n$1\r\n0\r\n$2\r\n-1\r\n";
    assert_eq!(
        h.send(&mut c, input),
        b":2\r\n:1\r\n:0\r\n*1\r\n$3\r\n\x00\r\n\r\n"
    );
}

#[test]
fn expired_lists_are_missing_to_every_command() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(
        &mut c,
        "RPUSH l a b\nPEXPIRE l 100\nRPUSH d x\nPEXPIRE d 100",
    );
    h.advance(100);
    assert_eq!(
        h.run(
            &mut c,
            "LLEN l\nLINDEX l 0\nLPUSHX l a\nLSET l 0 a\nLMOVE l d left left\nLINSERT l BEFORE a b\n\
             RPUSH s z\nLMOVE s d left left\nTTL d\nLRANGE d 0 -1\nEXISTS l s"
        ),
        ":0\r\n$-1\r\n:0\r\n-ERR no such key\r\n$-1\r\n:0\r\n:1\r\n$1\r\nz\r\n:-1\r\n*1\r\n$1\r\nz\r\n:0\r\n"
    );
}

#[test]
fn lmove_keeps_the_destination_deadline() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "RPUSH d x\nPEXPIRE d 1000\nRPUSH s a\nLMOVE s d left right\nPTTL d\nEXISTS s"
        ),
        ":1\r\n:1\r\n:1\r\n$1\r\na\r\n:1000\r\n:0\r\n"
    );
}

#[test]
fn emptied_lists_free_their_memory() {
    let mut h = Harness::new();
    let mut c = h.client();
    let long = "x".repeat(200);
    for (fill, empty) in [
        ("RPUSH l a b c", "LTRIM l 5 10"),
        ("RPUSH l a a a", "LREM l 0 a"),
        ("RPUSH l a b", "LMPOP 1 l left COUNT 2"),
        ("RPUSH l a", "LMOVE l other left left\nDEL other"),
        ("RPUSH l a", "RPOPLPUSH l other\nDEL other"),
    ] {
        h.run(
            &mut c,
            &format!("{fill}\nLSET l 0 {long}\nLINSERT l BEFORE {long} {long}"),
        );
        assert!(h.server.used_memory() > 400, "{fill}");
        h.run(&mut c, &format!("LREM l 0 {long}\n{empty}"));
        assert_eq!(h.server.key_count(), 0, "{empty}");
        assert_eq!(h.server.used_memory(), 0, "{empty}");
    }
}

/// `keyspace_hits` and `keyspace_misses` from INFO stats.
fn hits_and_misses(h: &mut Harness, c: &mut support::Client) -> (u64, u64) {
    let info = h.run(c, "INFO stats");
    let field = |name: &str| -> u64 {
        let line = info
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .expect("field in INFO");
        line.trim().parse().expect("a number")
    };
    (field("keyspace_hits"), field("keyspace_misses"))
}

#[test]
fn reads_count_keyspace_hits_and_misses() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "RPUSH l a b");
    let before = hits_and_misses(&mut h, &mut c);
    h.run(
        &mut c,
        "LLEN l\nLINDEX l 0\nLRANGE l 0 -1\nLPOS l a\nLLEN n\nLINDEX n 0\nLRANGE n 0 -1\nLPOS n a",
    );
    let after = hits_and_misses(&mut h, &mut c);
    assert_eq!((after.0 - before.0, after.1 - before.1), (4, 4));
    // Writes look keys up without counting, as Redis's write lookups do.
    h.run(
        &mut c,
        "LSET l 0 z\nLMOVE l l left left\nLPUSHX n a\nLTRIM n 0 1\nLMPOP 1 n left",
    );
    assert_eq!(hits_and_misses(&mut h, &mut c), after);
}

#[test]
fn list_config_parameters() {
    assert_eq!(
        replies(
            "CONFIG GET list-max-ziplist-size\nCONFIG GET list-compress-depth\n\
             CONFIG SET list-max-ziplist-size 5\nCONFIG GET list-max-listpack-size\n\
             CONFIG SET LIST-MAX-ZIPLIST-SIZE abc\nCONFIG SET list-max-listpack-size 2147483648\n\
             CONFIG SET list-max-ziplist-size 1 list-max-listpack-size -3\nCONFIG GET list-max-listpack-size\n\
             CONFIG SET list-max-listpack-size 1 list-max-listpack-size 2\n\
             CONFIG SET list-compress-depth -1\nCONFIG GET list-max-ziplist-size LIST-MAX-ZIPLIST-SIZE"
        ),
        "*2\r\n$21\r\nlist-max-ziplist-size\r\n$2\r\n-2\r\n*2\r\n$19\r\nlist-compress-depth\r\n$1\r\n0\r\n\
         +OK\r\n*2\r\n$22\r\nlist-max-listpack-size\r\n$1\r\n5\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'list-max-ziplist-size') - argument couldn't be parsed into an integer\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument must be between -2147483648 and 2147483647 inclusive\r\n\
         +OK\r\n*2\r\n$22\r\nlist-max-listpack-size\r\n$2\r\n-3\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - duplicate parameter\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - argument must be between 0 and 2147483647 inclusive\r\n\
         *2\r\n$21\r\nlist-max-ziplist-size\r\n$2\r\n-3\r\n"
    );
}
