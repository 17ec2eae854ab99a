//! LPUSH, RPUSH, LPOP, RPOP with count.

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
