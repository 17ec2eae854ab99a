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

/// RESP3 shapes of every stream reply, recorded from redis-server 7.0.15
/// after `HELLO 3` (times are the fake clock's: the test advances it 5 ms
/// between the read and the reports, and its zero is `UNIX_AT_ZERO`).
#[test]
fn resp3_replies_have_the_shapes_redis_gives_them() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.send(&mut c, &cmd("HELLO 3"));
    let setup: &[(&str, &[u8])] = &[
        ("XADD s 1-1 a 1 b 2", b"$3\r\n1-1\r\n"),
        ("XADD s 2-1 c 3", b"$3\r\n2-1\r\n"),
        ("XADD s 3-0 d 4", b"$3\r\n3-0\r\n"),
        ("XLEN s", b":3\r\n"),
        ("XRANGE s - + COUNT 0", b"_\r\n"),
        ("XRANGE s 9 +", b"*0\r\n"),
        (
            "XREVRANGE s + - COUNT 1",
            b"*1\r\n*2\r\n$3\r\n3-0\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n",
        ),
        (
            "XREAD COUNT 1 STREAMS s nos 0 0",
            b"%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n",
        ),
        ("XREAD STREAMS nos 0", b"_\r\n"),
        ("XGROUP CREATE s g 0", b"+OK\r\n"),
        (
            "XREADGROUP GROUP g alice COUNT 2 STREAMS s >",
            b"%1\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n",
        ),
        ("XREADGROUP GROUP g bob STREAMS s 0", b"%1\r\n$1\r\ns\r\n*0\r\n"),
    ];
    for (line, want) in setup {
        assert_eq!(h.send(&mut c, &cmd(line)), *want, "{line}");
    }
    h.advance(5);
    let t = support::UNIX_AT_ZERO;
    let full = format!(
        "%9\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n\
         $17\r\nlast-generated-id\r\n$3\r\n3-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n\
         $13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n\
         $7\r\nentries\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n\
         $6\r\ngroups\r\n*1\r\n%7\r\n$4\r\nname\r\n$1\r\ng\r\n$17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n\
         $12\r\nentries-read\r\n:2\r\n$3\r\nlag\r\n:1\r\n$9\r\npel-count\r\n:2\r\n\
         $7\r\npending\r\n*1\r\n*4\r\n$3\r\n1-1\r\n$5\r\nalice\r\n:{t}\r\n:1\r\n\
         $9\r\nconsumers\r\n*2\r\n\
         %4\r\n$4\r\nname\r\n$5\r\nalice\r\n$9\r\nseen-time\r\n:{t}\r\n$9\r\npel-count\r\n:2\r\n\
         $7\r\npending\r\n*1\r\n*3\r\n$3\r\n1-1\r\n:{t}\r\n:1\r\n\
         %4\r\n$4\r\nname\r\n$3\r\nbob\r\n$9\r\nseen-time\r\n:{t}\r\n$9\r\npel-count\r\n:0\r\n\
         $7\r\npending\r\n*0\r\n"
    );
    let reports: Vec<(&str, Vec<u8>)> = vec![
        (
            "XINFO STREAM s",
            b"%10\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n\
              $17\r\nlast-generated-id\r\n$3\r\n3-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n\
              $13\r\nentries-added\r\n:3\r\n$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n\
              $6\r\ngroups\r\n:1\r\n\
              $11\r\nfirst-entry\r\n*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n\
              $10\r\nlast-entry\r\n*2\r\n$3\r\n3-0\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n"
                .to_vec(),
        ),
        ("XINFO STREAM s FULL COUNT 1", full.into_bytes()),
        (
            "XINFO GROUPS s",
            b"*1\r\n%6\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:2\r\n$7\r\npending\r\n:2\r\n\
              $17\r\nlast-delivered-id\r\n$3\r\n2-1\r\n$12\r\nentries-read\r\n:2\r\n$3\r\nlag\r\n:1\r\n"
                .to_vec(),
        ),
        (
            "XINFO CONSUMERS s g",
            b"*2\r\n%3\r\n$4\r\nname\r\n$5\r\nalice\r\n$7\r\npending\r\n:2\r\n$4\r\nidle\r\n:5\r\n\
              %3\r\n$4\r\nname\r\n$3\r\nbob\r\n$7\r\npending\r\n:0\r\n$4\r\nidle\r\n:5\r\n"
                .to_vec(),
        ),
        (
            "XPENDING s g",
            b"*4\r\n:2\r\n$3\r\n1-1\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$5\r\nalice\r\n$1\r\n2\r\n".to_vec(),
        ),
        ("XPENDING s nog", b"-NOGROUP No such key 's' or consumer group 'nog'\r\n".to_vec()),
        (
            "XPENDING s g IDLE 0 - + 10 alice",
            b"*2\r\n*4\r\n$3\r\n1-1\r\n$5\r\nalice\r\n:5\r\n:1\r\n*4\r\n$3\r\n2-1\r\n$5\r\nalice\r\n:5\r\n:1\r\n"
                .to_vec(),
        ),
        ("XCLAIM s g carol 0 1-1 JUSTID", b"*1\r\n$3\r\n1-1\r\n".to_vec()),
        (
            "XCLAIM s g carol 0 2-1",
            b"*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n".to_vec(),
        ),
        ("XCLAIM s g carol 0 9-9", b"*0\r\n".to_vec()),
        ("XDEL s 2-1", b":1\r\n".to_vec()),
        (
            "XAUTOCLAIM s g dave 0 0",
            b"*3\r\n$3\r\n0-0\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n\
              *1\r\n$3\r\n2-1\r\n"
                .to_vec(),
        ),
        (
            "XAUTOCLAIM s g dave 0 0 COUNT 1 JUSTID",
            b"*3\r\n$3\r\n0-0\r\n*1\r\n$3\r\n1-1\r\n*0\r\n".to_vec(),
        ),
        ("XACK s g 1-1 2-1", b":1\r\n".to_vec()),
        ("XINFO STREAM nos", b"-ERR no such key\r\n".to_vec()),
        (
            "XADD s 1-1 x y",
            b"-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n"
                .to_vec(),
        ),
    ];
    for (line, want) in &reports {
        assert_eq!(
            String::from_utf8_lossy(&h.send(&mut c, &cmd(line))),
            String::from_utf8_lossy(want),
            "{line}"
        );
    }
}

/// A blocked XREAD or XREADGROUP without COUNT is served at most 1000
/// entries per stream, as redis-server 7.0.15 serves one woken by a MULTI
/// of 1500 XADDs (`XREAD_BLOCKED_DEFAULT_COUNT`); with COUNT it gets COUNT.
#[test]
fn a_blocked_read_without_count_is_served_at_most_1000_entries() {
    for (read, want) in [
        ("XREAD BLOCK 0 STREAMS s $", 1000),
        ("XREADGROUP GROUP g c BLOCK 0 STREAMS s >", 1000),
        ("XREAD COUNT 0 BLOCK 0 STREAMS s $", 1000),
        ("XREAD COUNT 1200 BLOCK 0 STREAMS s $", 1200),
    ] {
        let mut h = Harness::new();
        let mut a = h.client();
        let mut b = h.client();
        h.send(&mut b, &cmd("XGROUP CREATE s g $ MKSTREAM"));
        assert_eq!(h.send(&mut a, &cmd(read)), b"", "{read}");
        let mut multi = cmd("MULTI");
        for i in 1..=1500 {
            multi.extend(cmd(&format!("XADD s {i}-0 f v")));
        }
        multi.extend(cmd("EXEC"));
        h.send(&mut b, &multi);
        let out = h.read(&a);
        let head = format!("*1\r\n*2\r\n$1\r\ns\r\n*{want}\r\n*2\r\n$3\r\n1-0\r\n");
        assert!(out.starts_with(head.as_bytes()), "{read}: {:?}", &out[..40]);
        let entries = out.windows(9).filter(|w| w == b"$1\r\nf\r\n$1").count();
        assert_eq!(entries, want, "{read}");
    }
}

/// XDEL answers 0 for a missing key and WRONGTYPE for another type before
/// it looks at the IDs (redis-server 7.0.15: `XDEL nokey 3-3 +` is `:0`);
/// found by the simulation's reference stream.
#[test]
fn xdel_checks_the_key_before_the_ids() {
    let mut h = Harness::new();
    let mut c = h.client();
    let invalid = b"-ERR Invalid stream ID specified as stream command argument\r\n";
    assert_eq!(h.send(&mut c, &cmd("XDEL s 3-3 + +")), b":0\r\n");
    assert_eq!(h.send(&mut c, &cmd("SET str v")), b"+OK\r\n");
    assert_eq!(
        h.send(&mut c, &cmd("XDEL str +")),
        b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(h.send(&mut c, &cmd("XADD s 1-1 f v")), b"$3\r\n1-1\r\n");
    assert_eq!(h.send(&mut c, &cmd("XDEL s 1-1 +")), invalid);
    assert_eq!(h.send(&mut c, &cmd("XLEN s")), b":1\r\n");
}

/// A copied stream's heap figure matches its (tightly sized) copied
/// buffers: the harness audits the server after every command, and the
/// audit compared the copy's blocks with the original's figure.
#[test]
fn a_copied_stream_passes_the_audit() {
    let mut h = Harness::new();
    let mut c = h.client();
    for i in 1..=5 {
        h.send(&mut c, &cmd(&format!("XADD s {i}-0 f v{i}")));
    }
    assert_eq!(h.send(&mut c, &cmd("COPY s t DB 1")), b":1\r\n");
    assert_eq!(h.send(&mut c, &cmd("SELECT 1")), b"+OK\r\n");
    assert_eq!(h.send(&mut c, &cmd("XDEL t 2-0")), b":1\r\n");
    assert_eq!(h.send(&mut c, &cmd("XADD t 6-0 f v6")), b"$3\r\n6-0\r\n");
    assert_eq!(h.send(&mut c, &cmd("XLEN t")), b":5\r\n");
}

#[test]
fn a_consumers_history_starts_after_the_id_given() {
    // Bytes from redis-server 7.0.15.
    let mut h = Harness::new();
    let mut c = h.client();
    let steps: [(&str, &[u8]); 7] = [
        ("XADD s 1-1 a 1", b"$3\r\n1-1\r\n"),
        ("XADD s 2-1 b 2", b"$3\r\n2-1\r\n"),
        ("XGROUP CREATE s g 0", b"+OK\r\n"),
        (
            "XREADGROUP GROUP g alice STREAMS s >",
            b"*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
        ),
        (
            "XREADGROUP GROUP g alice STREAMS s 1-1",
            b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
        ),
        (
            "XREADGROUP GROUP g alice STREAMS s 0",
            b"*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\n2-1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n",
        ),
        (
            "XREADGROUP GROUP g alice STREAMS s 2-1",
            b"*1\r\n*2\r\n$1\r\ns\r\n*0\r\n",
        ),
    ];
    for (line, want) in steps {
        assert_eq!(h.send(&mut c, &cmd(line)), want, "{line}");
    }
}
