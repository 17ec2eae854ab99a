//! Protocol and input limits under their Redis names, defaults and errors.

mod support;
use support::Harness;

fn bulk_header(len: usize) -> Vec<u8> {
    format!("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n${len}\r\n").into_bytes()
}

#[test]
fn defaults_are_redis_defaults() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "CONFIG GET proto-max-bulk-len\nCONFIG GET client-query-buffer-limit"
        ),
        "*2\r\n$18\r\nproto-max-bulk-len\r\n$9\r\n536870912\r\n\
         *2\r\n$25\r\nclient-query-buffer-limit\r\n$10\r\n1073741824\r\n"
    );
}

#[test]
fn config_set_checks_range_and_units() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "CONFIG SET proto-max-bulk-len 1000\nCONFIG SET client-query-buffer-limit abc\nCONFIG SET proto-max-bulk-len 2mb client-query-buffer-limit 1mb\nCONFIG GET proto-max-bulk-len"
        ),
        "-ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive\r\n\
         -ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be a memory value\r\n\
         +OK\r\n*2\r\n$18\r\nproto-max-bulk-len\r\n$7\r\n2097152\r\n"
    );
}

#[test]
fn proto_max_bulk_len_is_enforced_when_the_header_arrives() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET proto-max-bulk-len 1mb"),
        "+OK\r\n"
    );
    assert_eq!(h.send(&mut c, &bulk_header(1024 * 1024)), b"");
    assert!(!c.closed);
    let mut c = h.client();
    assert_eq!(
        h.send(&mut c, &bulk_header(1024 * 1024 + 1)),
        b"-ERR Protocol error: invalid bulk length\r\n"
    );
    assert!(c.closed);
}

#[test]
fn a_rolled_back_config_set_leaves_the_limit_as_it_was() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "CONFIG SET proto-max-bulk-len 1mb maxmemory-policy bad"
        )
        .as_bytes()[..1],
        *b"-"
    );
    assert_eq!(h.send(&mut c, &bulk_header(2 * 1024 * 1024)), b"");
    assert!(!c.closed);
}

#[test]
fn query_buffer_limit_closes_without_a_reply() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET client-query-buffer-limit 1mb"),
        "+OK\r\n"
    );
    // A value announced larger than the limit is fine until its bytes
    // actually pile up: nothing is reserved for what has not arrived.
    let mut input = bulk_header(2_000_000);
    input.extend(std::iter::repeat_n(b'x', 1024 * 1024 - 100));
    assert_eq!(h.send(&mut c, &input), b"");
    assert!(!c.closed);
    assert_eq!(h.send(&mut c, &[b'x'; 200]), b"");
    assert!(c.closed, "closed once pending input exceeds the limit");
}

#[test]
fn query_buffer_limit_counts_arguments_of_an_unfinished_command() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET client-query-buffer-limit 1mb"),
        "+OK\r\n"
    );
    let arg = [b"$65536\r\n".as_slice(), &[b'a'; 65536], b"\r\n"].concat();
    let mut input = b"*100\r\n$4\r\nECHO\r\n".to_vec();
    for _ in 0..15 {
        input.extend_from_slice(&arg);
    }
    assert_eq!(h.send(&mut c, &input), b"");
    assert!(!c.closed);
    assert_eq!(h.send(&mut c, &arg), b"");
    assert!(c.closed);
}

#[test]
fn complete_commands_do_not_count_against_the_query_buffer() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET client-query-buffer-limit 1mb"),
        "+OK\r\n"
    );
    let input = b"PING\r\n".repeat(400_000);
    let out = h.send(&mut c, &input);
    assert_eq!(out.len(), 400_000 * 7);
    assert!(!c.closed);
}

#[test]
fn inline_and_header_lines_are_bounded_at_64k() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(h.send(&mut c, &[b'a'; 65536]), b"");
    assert!(!c.closed);
    assert_eq!(
        h.send(&mut c, b"a"),
        b"-ERR Protocol error: too big inline request\r\n"
    );
    assert!(c.closed);
    let mut c = h.client();
    let mut star = b"*".to_vec();
    star.extend_from_slice(&[b'1'; 70000]);
    assert_eq!(
        h.send(&mut c, &star),
        b"-ERR Protocol error: too big mbulk count string\r\n"
    );
    let mut c = h.client();
    assert_eq!(
        h.send(&mut c, b"*2147483648\r\n"),
        b"-ERR Protocol error: invalid multibulk length\r\n"
    );
    let mut c = h.client();
    assert_eq!(h.send(&mut c, b"*2147483647\r\n"), b"");
    assert!(!c.closed);
}
