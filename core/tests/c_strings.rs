//! Redis reads option words and formats the arguments it echoes in error
//! texts as C strings, which end at the first NUL byte; names it looks up
//! in a table (commands, subcommands, CONFIG parameters) and numbers it
//! reads in full. Every expected reply here is what redis-server 7.0.15
//! answered to the same bytes.

mod support;
use support::Harness;

/// One command as a RESP array of bulk strings (NULs and all).
fn resp(args: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Sends each command in turn on one connection and checks each reply.
#[track_caller]
fn check(exchanges: &[(&[&[u8]], &[u8])]) {
    let mut h = Harness::new();
    let mut c = h.client();
    for (args, want) in exchanges {
        let got = h.send(&mut c, &resp(args));
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(want),
            "{:?}",
            args.iter()
                .map(|a| String::from_utf8_lossy(a))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn option_words_end_at_nul() {
    check(&[
        (&[b"SET", b"k", b"v"], b"+OK\r\n"),
        // GT against a key without deadline: refused, so GT was read.
        (&[b"PEXPIRE", b"k", b"100000000", b"gt\0"], b":0\r\n"),
        (&[b"SET", b"k", b"v", b"nx\0"], b"$-1\r\n"),
        (&[b"SET", b"k2", b"v", b"ex\0junk", b"10"], b"+OK\r\n"),
        (&[b"TTL", b"k2"], b":10\r\n"),
        (&[b"FLUSHDB", b"sync\0"], b"+OK\r\n"),
        (&[b"SET", b"k", b"v"], b"+OK\r\n"),
        (
            &[b"MEMORY", b"USAGE", b"nosuch", b"samples\0", b"5"],
            b"$-1\r\n",
        ),
        (
            &[b"SHUTDOWN", b"abort\0"],
            b"-ERR No shutdown in progress.\r\n",
        ),
    ]);
}

#[test]
fn hello_setname_word_ends_at_nul() {
    let mut h = Harness::new();
    let mut c = h.client();
    let reply = h.send(&mut c, &resp(&[b"HELLO", b"2", b"setname\0", b"abc"]));
    assert!(reply.starts_with(b"*14\r\n$6\r\nserver\r\n"));
    let name = h.send(&mut c, &resp(&[b"CLIENT", b"GETNAME"]));
    assert_eq!(name, b"$3\r\nabc\r\n");
}

#[test]
fn info_section_names_end_at_nul() {
    let mut h = Harness::new();
    let mut c = h.client();
    let reply =
        String::from_utf8_lossy(&h.send(&mut c, &resp(&[b"INFO", b"server\0x"]))).into_owned();
    assert!(reply.contains("# Server\r\n"), "{reply}");
    assert!(!reply.contains("# Clients"), "{reply}");
}

#[test]
fn echoed_arguments_end_at_nul() {
    check(&[
        (&[b"SET", b"k", b"v"], b"+OK\r\n"),
        (
            &[b"EXPIRE", b"k", b"100", b"\0"],
            b"-ERR Unsupported option \r\n",
        ),
        (
            &[b"EXPIRE", b"k", b"100", b"ab\0cd"],
            b"-ERR Unsupported option ab\r\n",
        ),
        (
            &[b"HELLO", b"2", b"bad\0opt"],
            b"-ERR Syntax error in HELLO option 'bad'\r\n",
        ),
        (
            &[b"CLIENT", b"setname\0", b"x"],
            b"-ERR unknown subcommand 'setname'. Try CLIENT HELP.\r\n",
        ),
        (
            &[b"CLIENT", b"nosuch\0x"],
            b"-ERR unknown subcommand 'nosuch'. Try CLIENT HELP.\r\n",
        ),
        (
            &[b"CONFIG", b"SET", b"maxmemory\0", b"1"],
            b"-ERR Unknown option or number of arguments for CONFIG SET - 'maxmemory'\r\n",
        ),
        (
            &[b"CONFIG", b"SET", b"nosuch\0xx", b"1"],
            b"-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n",
        ),
    ]);
}

#[test]
fn unknown_command_echo_ends_each_piece_at_nul() {
    let long_c = [b'c'; 200];
    let x126 = [b'x'; 126];
    let x130 = [b'x'; 130];
    let nuls = [0u8; 10];
    let mut listed_c = b"-ERR unknown command 'nosuch', with args beginning with: 'a' '".to_vec();
    // 128 bytes of room, 4 taken by `'a' `, one by the opening quote.
    listed_c.extend_from_slice(&[b'c'; 124]);
    listed_c.extend_from_slice(b"' \r\n");
    let mut listed_x = b"-ERR unknown command 'nosuch', with args beginning with: '".to_vec();
    listed_x.extend_from_slice(&x126);
    listed_x.extend_from_slice(b"' \r\n");
    let mut after_nuls = b"-ERR unknown command 'nosuch', with args beginning with: '' '".to_vec();
    after_nuls.extend_from_slice(&[b'x'; 125]);
    after_nuls.extend_from_slice(b"' \r\n");
    check(&[
        (
            &[b"get\0x", b"a\0b", b"cd"],
            b"-ERR unknown command 'get', with args beginning with: 'a' 'cd' \r\n",
        ),
        (&[b"nosuch", b"a\0b", &long_c], &listed_c),
        (&[b"nosuch\0zz", &x126, b"yyyy"], &listed_x),
        (&[b"nosuch", &nuls, &x130], &after_nuls),
    ]);
}

/// What Redis reads in full: command and CONFIG parameter names, numbers.
#[test]
fn names_and_numbers_keep_their_nul() {
    check(&[
        (&[b"SET", b"k", b"v"], b"+OK\r\n"),
        (
            &[b"EXPIRE", b"k", b"10\0"],
            b"-ERR value is not an integer or out of range\r\n",
        ),
        (
            &[b"SELECT", b"1\0"],
            b"-ERR value is not an integer or out of range\r\n",
        ),
        (
            &[b"LPOP", b"k", b"1\0"],
            b"-ERR value is out of range, must be positive\r\n",
        ),
        (&[b"COMMAND", b"INFO", b"get\0"], b"*1\r\n$-1\r\n"),
        (&[b"CONFIG", b"GET", b"maxmemory\0"], b"*0\r\n"),
    ]);
}
