//! `client-output-buffer-limit` for normal clients: CONFIG syntax and
//! texts as in Redis, and the disconnection rules, on a fake clock.

mod support;
use support::Harness;

const DEFAULT: &str = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

fn config_get(value: &str) -> String {
    format!(
        "*2\r\n$26\r\nclient-output-buffer-limit\r\n${}\r\n{value}\r\n",
        value.len()
    )
}

#[test]
fn config_get_and_set_use_redis_syntax_and_texts() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG GET client-output-buffer-limit"),
        config_get(DEFAULT)
    );
    let failed =
        "-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - ";
    assert_eq!(
        h.run(
            &mut c,
            "CONFIG SET client-output-buffer-limit \"normal 1 2\"\n\
             CONFIG SET client-output-buffer-limit \"normal 1 2 3 master 1 2 3\"\n\
             CONFIG SET client-output-buffer-limit \"normal x 2 3\"\n\
             CONFIG SET client-output-buffer-limit \"normal 1 2 -1\"\n\
             CONFIG GET client-output-buffer-limit"
        ),
        format!(
            "{failed}Wrong number of arguments in buffer limit configuration.\r\n\
             {failed}Invalid client class specified in buffer limit configuration.\r\n\
             {failed}Error in hard, soft or soft_seconds setting in buffer limit configuration.\r\n\
             {failed}Error in hard, soft or soft_seconds setting in buffer limit configuration.\r\n\
             {}",
            config_get(DEFAULT)
        )
    );
    assert_eq!(
        h.run(
            &mut c,
            "CONFIG SET client-output-buffer-limit \"NORMAL 1mb 1k 10 replica 4 5 6\"\n\
             CONFIG GET client-output-buffer-limit"
        ),
        format!(
            "+OK\r\n{}",
            config_get("normal 1048576 1000 10 slave 4 5 6 pubsub 33554432 8388608 60")
        )
    );
}

fn limited(limit: &str) -> (Harness, support::Client) {
    let mut h = Harness::new();
    let mut c = h.client();
    let set = format!(
        "CONFIG SET client-output-buffer-limit \"normal {limit}\"\nSET big {}",
        "v".repeat(200)
    );
    assert_eq!(h.run(&mut c, &set), "+OK\r\n+OK\r\n");
    (h, c)
}

#[test]
fn replies_reaching_the_hard_limit_close_the_client_without_them() {
    let (mut h, mut c) = limited("200 0 0");
    // 199 bytes of replies: under the limit.
    assert_eq!(
        h.run(&mut c, &format!("ECHO {}", "e".repeat(191))).len(),
        199
    );
    assert!(!c.closed);
    // The pipeline's replies reach 200 bytes at the GET: none are sent,
    // and the command after it does not run.
    assert_eq!(h.run(&mut c, "PING\nGET big\nSET after 1"), "");
    assert!(c.closed);
    let mut other = h.client();
    assert_eq!(h.run(&mut other, "EXISTS after"), ":0\r\n");
}

/// Takes the client's output as a blocked adapter would, and reports only
/// `n` bytes of it written.
fn write_only(h: &mut Harness, c: &support::Client, n: usize) {
    let mut out = Vec::new();
    h.server.take_output(c.id, &mut out);
    h.server.written(c.id, n, h.now);
    h.drain_events();
}

#[test]
fn the_soft_limit_closes_only_after_its_seconds_over_it() {
    let (mut h, mut c) = limited("0 100 2");
    // A client that does not read: 208 bytes stay unwritten from time 0.
    h.send_unread(&mut c, b"GET big\r\n");
    assert_eq!(h.server.unwritten_output(c.id), 208);
    assert!(
        !h.is_closed(&c),
        "over the soft limit, replies still go out"
    );
    assert_eq!(h.server.next_timeout(), Some(2001));
    write_only(&mut h, &c, 58);
    assert_eq!(h.server.unwritten_output(c.id), 150);
    h.advance(2000);
    h.tick();
    assert!(!h.is_closed(&c));
    h.advance(1);
    h.tick();
    assert_eq!(
        h.closes,
        [(c.id, false)],
        "closed, unwritten output dropped"
    );
    // Once closed, the client is served no more.
    assert_eq!(h.send(&mut c, b"PING\r\n"), b"");
}

#[test]
fn dropping_under_the_soft_limit_restarts_its_count() {
    let (mut h, mut c) = limited("0 100 1");
    h.send_unread(&mut c, b"GET big\r\n");
    h.advance(900);
    write_only(&mut h, &c, 109); // 99 left: under the soft limit
    assert_eq!(h.server.next_timeout(), None);
    h.advance(900);
    h.send_unread(&mut c, b"GET big\r\n"); // over again from 1800
    assert_eq!(h.server.next_timeout(), Some(2801));
    h.advance(1000);
    h.tick();
    assert!(!h.is_closed(&c));
    h.advance(1);
    h.tick();
    assert!(h.is_closed(&c));
}

#[test]
fn a_written_batch_resets_the_soft_count_for_the_next() {
    let (mut h, mut c) = limited("0 100 1");
    h.send_unread(&mut c, b"GET big\r\n");
    h.advance(500);
    write_only(&mut h, &c, 208);
    h.advance(5000);
    h.tick();
    h.send_unread(&mut c, b"GET big\r\n");
    h.advance(1000);
    h.tick();
    assert!(!h.is_closed(&c));
}

#[test]
fn big_replies_written_at_once_never_add_up_to_the_soft_seconds() {
    let (mut h, mut c) = limited("0 100 1");
    for _ in 0..5 {
        assert_eq!(h.run(&mut c, "GET big").len(), 208);
        h.advance(1500);
        h.tick();
    }
    assert!(!c.closed && h.closes.is_empty());
}

#[test]
fn the_hard_limit_counts_output_taken_but_not_yet_written() {
    let (mut h, mut c) = limited("300 0 0");
    h.send_unread(&mut c, b"GET big\r\n");
    write_only(&mut h, &c, 0); // handed to the adapter, blocked
    h.send_unread(&mut c, b"PING\r\n");
    assert!(!h.is_closed(&c));
    h.send_unread(&mut c, b"GET big\r\n");
    assert_eq!(h.closes, [(c.id, false)]);
}

#[test]
fn without_limits_nothing_is_ever_closed() {
    let mut h = Harness::new();
    let mut c = h.client();
    for _ in 0..100 {
        h.send_unread(
            &mut c,
            format!("ECHO {}\r\n", "x".repeat(10_000)).as_bytes(),
        );
    }
    assert!(h.server.unwritten_output(c.id) > 1_000_000);
    h.advance(1 << 40);
    h.tick();
    assert!(h.closes.is_empty());
}

/// A reply whose size the client picks (a huge negative count draws with
/// repetition) stops at the output limit and the client is closed, for
/// every such command, instead of building the whole reply.
#[test]
fn client_sized_random_replies_stop_at_the_output_limit() {
    for (fill, draw) in [
        ("SADD s a b c", "SRANDMEMBER s -9223372036854775807"),
        (
            "HSET h f v g w",
            "HRANDFIELD h -4611686018427387903 WITHVALUES",
        ),
        (
            "ZADD z 1 a 2 b",
            "ZRANDMEMBER z -4611686018427387903 WITHSCORES",
        ),
        ("ZADD z 1 a 2 b", "ZRANDMEMBER z -9223372036854775807"),
    ] {
        let mut h = Harness::new();
        let mut c = h.client();
        h.run(
            &mut c,
            &format!("CONFIG SET client-output-buffer-limit \"normal 1mb 0 0\"\n{fill}"),
        );
        h.send_unread(&mut c, format!("{draw}\r\n").as_bytes());
        assert_eq!(h.closes, [(c.id, false)], "{draw}");
        assert_eq!(h.server.unwritten_output(c.id), 0, "{draw}: dropped");
    }
}
