//! Streams: IDs, ranges, trimming, groups and blocking reads, with the
//! exact bytes redis-server 7.0.15 answers (recorded beside it).

mod support;

use support::Harness;

fn cmd(line: &str) -> Vec<u8> {
    format!("{line}\r\n").into_bytes()
}

#[test]
fn ids_ranges_and_trimming_answer_as_redis() {
    let mut h = Harness::new();
    let mut c = h.client();
    let cases: &[(&str, &[u8])] = &[
        ("XADD s 1-1 a 1", b"$3\r\n1-1\r\n"),
        ("XADD s 1-* b 2", b"$3\r\n1-2\r\n"),
        (
            "XADD s 1-1 x y",
            b"-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n",
        ),
        ("XADD s 0-0 x y", b"-ERR The ID specified in XADD must be greater than 0-0\r\n"),
        ("XRANGE s - + COUNT 1", b"*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
        ("XREVRANGE s + (1-1", b"*1\r\n*2\r\n$3\r\n1-2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"),
        ("XADD s MAXLEN = 1 2-0 c 3", b"$3\r\n2-0\r\n"),
        ("XLEN s", b":1\r\n"),
        ("TYPE s", b"+stream\r\n"),
        ("OBJECT ENCODING s", b"$6\r\nstream\r\n"),
        ("XGROUP CREATE s g 0", b"+OK\r\n"),
        ("XINFO GROUPS s", b"*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:1\r\n"),
        ("XREAD STREAMS s 9", b"*-1\r\n"),
        (
            "XSETID s 1",
            b"-ERR The ID specified in XSETID is smaller than the target stream top item\r\n",
        ),
        ("XADD nos NOMKSTREAM * a b", b"$-1\r\n"),
    ];
    for (line, want) in cases {
        assert_eq!(h.send(&mut c, &cmd(line)), *want, "{line}");
    }
}

#[test]
fn a_blocked_xread_with_dollar_gets_the_entry_added_after_it_blocked() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    assert_eq!(h.send(&mut b, &cmd("XADD s 1-0 a 1")), b"$3\r\n1-0\r\n");
    assert_eq!(h.send(&mut a, &cmd("XREAD BLOCK 0 STREAMS s $")), b"");
    assert!(h.server.is_blocked(a.id));
    assert_eq!(h.send(&mut b, &cmd("XADD s 2-0 b 2")), b"$3\r\n2-0\r\n");
    assert_eq!(
        h.read(&a),
        b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"
    );
    assert!(!h.server.is_blocked(a.id));
}

#[test]
fn a_blocked_xread_times_out_with_a_null_array_and_answers_at_once_in_multi() {
    let mut h = Harness::new();
    let mut a = h.client();
    assert_eq!(h.send(&mut a, &cmd("XREAD BLOCK 100 STREAMS s $")), b"");
    h.advance(101);
    h.tick();
    assert_eq!(h.read(&a), b"*-1\r\n");
    assert_eq!(h.send(&mut a, &cmd("MULTI")), b"+OK\r\n");
    assert_eq!(
        h.send(&mut a, &cmd("XREAD BLOCK 0 STREAMS s $")),
        b"+QUEUED\r\n"
    );
    assert_eq!(h.send(&mut a, &cmd("EXEC")), b"*1\r\n*-1\r\n");
    assert_eq!(
        h.send(&mut a, &cmd("XREAD BLOCK -1 STREAMS s $")),
        b"-ERR timeout is negative\r\n"
    );
}
