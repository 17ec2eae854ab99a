//! KEYS, SCAN, RANDOMKEY: exact replies where the order is fixed (one key,
//! errors), sets of keys where it is not, and SCAN's guarantee while keys
//! come and go between calls.

mod support;
use std::collections::BTreeSet;

use support::{replies, Client, Harness};

/// Parses a SCAN reply: the cursor and the keys, checking the framing
/// (`*2`, the cursor as a bulk string, an array of bulk strings; the same
/// in RESP2 and RESP3).
fn parse_scan(reply: &[u8]) -> (u64, Vec<Vec<u8>>) {
    let text = reply;
    let mut lines = Lines(text);
    assert_eq!(
        lines.line(),
        b"*2",
        "reply {:?}",
        String::from_utf8_lossy(reply)
    );
    let cursor = String::from_utf8(lines.bulk()).unwrap().parse().unwrap();
    let keys = lines.bulk_array();
    assert!(lines.0.is_empty(), "trailing bytes");
    (cursor, keys)
}

struct Lines<'a>(&'a [u8]);

impl Lines<'_> {
    fn line(&mut self) -> Vec<u8> {
        let end = self.0.windows(2).position(|w| w == b"\r\n").unwrap();
        let line = self.0[..end].to_vec();
        self.0 = &self.0[end + 2..];
        line
    }

    fn bulk(&mut self) -> Vec<u8> {
        let head = self.line();
        assert_eq!(head[0], b'$');
        let len: usize = String::from_utf8_lossy(&head[1..]).parse().unwrap();
        let value = self.0[..len].to_vec();
        assert_eq!(&self.0[len..len + 2], b"\r\n");
        self.0 = &self.0[len + 2..];
        value
    }

    fn bulk_array(&mut self) -> Vec<Vec<u8>> {
        let head = self.line();
        assert_eq!(head[0], b'*');
        let n: usize = String::from_utf8_lossy(&head[1..]).parse().unwrap();
        (0..n).map(|_| self.bulk()).collect()
    }
}

fn set_of(keys: &[&str]) -> BTreeSet<Vec<u8>> {
    keys.iter().map(|k| k.as_bytes().to_vec()).collect()
}

/// KEYS pattern as a set.
fn keys(h: &mut Harness, c: &mut Client, pattern: &str) -> BTreeSet<Vec<u8>> {
    let out = h.send(c, format!("KEYS {pattern}\r\n").as_bytes());
    let mut lines = Lines(&out);
    let keys = lines.bulk_array();
    assert!(lines.0.is_empty());
    keys.into_iter().collect()
}

/// A whole scan with these options; every call's reply is checked for
/// shape. Returns the keys seen and the number of calls.
fn full_scan(h: &mut Harness, c: &mut Client, options: &str) -> (BTreeSet<Vec<u8>>, usize) {
    let (mut cursor, mut seen, mut calls) = (0, BTreeSet::new(), 0);
    loop {
        let out = h.send(c, format!("SCAN {cursor} {options}\r\n").as_bytes());
        let (next, found) = parse_scan(&out);
        seen.extend(found);
        calls += 1;
        cursor = next;
        if cursor == 0 {
            return (seen, calls);
        }
    }
}

#[test]
fn scan_errors_and_cursors_as_redis() {
    // Checked against redis-server 7.0.15 (one key, so the order is fixed).
    assert_eq!(
        replies(
            "SET s v\nSCAN x\nSCAN \" 0\"\nSCAN 18446744073709551616\nSCAN +\nSCAN -\nSCAN 0 COUNT 0\nSCAN 0 COUNT -1\nSCAN 0 COUNT x\nSCAN 0 COUNT\nSCAN 0 MATCH\nSCAN 0 FOO\nSCAN x COUNT 0\nSCAN 0 COUNT 0 FOO\nSCAN\nSCAN 0\nSCAN +0\nSCAN 00\nSCAN \"\"\nSCAN 0 TYPE foo\nSCAN 0 TYPE STRING\nSCAN 0 MATCH * COUNT 10 TYPE string MATCH s*\nSCAN 0 MATCH x*\nSCAN 0 COUNT 9223372036854775807\nSCAN -1\nSCAN 18446744073709551615"
        ),
        "+OK\r\n-ERR invalid cursor\r\n-ERR invalid cursor\r\n-ERR invalid cursor\r\n-ERR invalid cursor\r\n-ERR invalid cursor\r\n\
         -ERR syntax error\r\n-ERR syntax error\r\n-ERR value is not an integer or out of range\r\n\
         -ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n-ERR invalid cursor\r\n-ERR syntax error\r\n\
         -ERR wrong number of arguments for 'scan' command\r\n"
            .to_string()
            + &"*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n".repeat(4)
            + "*2\r\n$1\r\n0\r\n*0\r\n"
            + &"*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n".repeat(2)
            + "*2\r\n$1\r\n0\r\n*0\r\n"
            + "*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n"
            // A cursor past the end restarts from the end (Redis's own is
            // a position in its table; the shape is the same).
            + &"*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n".repeat(2)
    );
}

#[test]
fn scan_visits_everything_with_match_type_and_count() {
    let mut h = Harness::new();
    let mut c = h.client();
    let mut all = BTreeSet::new();
    for i in 0..100 {
        h.run(&mut c, &format!("SET key:{i} v"));
        all.insert(format!("key:{i}").into_bytes());
    }
    h.run(&mut c, "RPUSH list:1 a\nRPUSH list:2 a");
    let (seen, calls) = full_scan(&mut h, &mut c, "MATCH key:*");
    assert_eq!(seen, all);
    assert_eq!(calls, 11, "COUNT 10 by default over 102 positions");
    let (seen, calls) = full_scan(&mut h, &mut c, "COUNT 7 TYPE list");
    assert_eq!(seen, set_of(&["list:1", "list:2"]));
    assert_eq!(calls, 15);
    let (seen, calls) = full_scan(&mut h, &mut c, "COUNT 1000 MATCH key:1?");
    assert_eq!(seen.len(), 10);
    assert_eq!(calls, 1);
    let (seen, _) = full_scan(&mut h, &mut c, "TYPE hash");
    assert!(seen.is_empty());
    // RESP3 replies the same way.
    h.run(&mut c, "HELLO 3");
    let (seen, _) = full_scan(&mut h, &mut c, "COUNT 3 MATCH list:*");
    assert_eq!(seen, set_of(&["list:1", "list:2"]));
}

#[test]
fn scan_returns_every_key_present_throughout_under_churn() {
    let mut h = Harness::new();
    let mut c = h.client();
    let mut writer = h.client();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..20 {
        h.run(&mut writer, "FLUSHALL");
        let mut live: BTreeSet<Vec<u8>> = BTreeSet::new();
        for i in 0..(20 + round * 7) {
            h.run(&mut writer, &format!("SET k{i} v"));
            live.insert(format!("k{i}").into_bytes());
        }
        let mut throughout = live.clone();
        let (mut cursor, mut seen, mut fresh) = (0u64, BTreeSet::new(), 10_000);
        loop {
            let count = 1 + next() % 9;
            let out = h.send(
                &mut c,
                format!("SCAN {cursor} COUNT {count}\r\n").as_bytes(),
            );
            let (reply_cursor, found) = parse_scan(&out);
            for key in &found {
                assert!(
                    live.contains(key),
                    "round {round}: a key not live came back"
                );
            }
            seen.extend(found);
            cursor = reply_cursor;
            if cursor == 0 {
                break;
            }
            // Deletes, inserts, renames and expiries between calls.
            for _ in 0..next() % 5 {
                let pick = live
                    .iter()
                    .nth((next() % live.len().max(1) as u64) as usize)
                    .cloned();
                match (next() % 5, pick) {
                    (0, Some(key)) => {
                        h.send(&mut writer, &[b"DEL ".as_slice(), &key, b"\r\n"].concat());
                        live.remove(&key);
                        throughout.remove(&key);
                    }
                    (1, Some(key)) => {
                        let name = format!("r{fresh}");
                        fresh += 1;
                        h.send(
                            &mut writer,
                            &[b"RENAME ".as_slice(), &key, b" ", name.as_bytes(), b"\r\n"].concat(),
                        );
                        live.remove(&key);
                        throughout.remove(&key);
                        live.insert(name.into_bytes());
                    }
                    (2, Some(key)) => {
                        h.send(
                            &mut writer,
                            &[b"PEXPIRE ".as_slice(), &key, b" 1\r\n"].concat(),
                        );
                        h.advance(1);
                        live.remove(&key);
                        throughout.remove(&key);
                    }
                    _ => {
                        let name = format!("n{fresh}");
                        fresh += 1;
                        h.run(&mut writer, &format!("SET {name} v"));
                        live.insert(name.into_bytes());
                    }
                }
            }
        }
        let missed: Vec<_> = throughout.difference(&seen).collect();
        assert!(missed.is_empty(), "round {round}: missed {missed:?}");
    }
}

#[test]
fn scan_skips_and_removes_expired_keys() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SET a v PX 10\nSET b v\nSET c v PX 10");
    h.advance(10);
    assert_eq!(h.server.key_count(), 3);
    assert_eq!(
        h.run(&mut c, "SCAN 0"),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nb\r\n"
    );
    // Lazily removed once read: the table holds only the live key now.
    assert_eq!(h.server.key_count(), 1);
}

#[test]
fn keys_matches_live_keys_only() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(
        &mut c,
        "SET foo 1\nSET fab 2\nRPUSH fiz a\nSET bar 3\nSET gone v PX 5\nSELECT 1\nSET other 1\nSELECT 0",
    );
    h.advance(5);
    assert_eq!(
        keys(&mut h, &mut c, "*"),
        set_of(&["foo", "fab", "fiz", "bar"])
    );
    assert_eq!(keys(&mut h, &mut c, "f*"), set_of(&["foo", "fab", "fiz"]));
    assert_eq!(keys(&mut h, &mut c, "f[oa]?"), set_of(&["foo", "fab"]));
    assert_eq!(keys(&mut h, &mut c, "g*"), set_of(&[]));
    assert_eq!(keys(&mut h, &mut c, "fo\\o"), set_of(&["foo"]));
    // Exact replies for a fixed order (checked against redis-server).
    assert_eq!(
        replies("KEYS\nKEYS *\nSET x 1\nKEYS x\nHELLO 3\nKEYS nomatch"),
        "-ERR wrong number of arguments for 'keys' command\r\n*0\r\n+OK\r\n*1\r\n$1\r\nx\r\n"
            .to_string()
            + &replies("HELLO 3").to_string()
            + "*0\r\n"
    );
}

#[test]
fn randomkey_draws_live_keys() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "RANDOMKEY\nRANDOMKEY x"),
        "$-1\r\n-ERR wrong number of arguments for 'randomkey' command\r\n"
    );
    h.run(&mut c, "SET a 1\nSET b 2\nSET c 3");
    let mut drawn = BTreeSet::new();
    for _ in 0..100 {
        let out = h.send(&mut c, b"RANDOMKEY\r\n");
        let mut lines = Lines(&out);
        drawn.insert(lines.bulk());
    }
    assert_eq!(drawn, set_of(&["a", "b", "c"]), "every key comes up");
    // Keys past their deadline never come back, however many there are.
    h.run(&mut c, "FLUSHALL");
    for i in 0..500 {
        h.run(&mut c, &format!("SET e{i} v PX 10"));
    }
    h.run(&mut c, "SET live v");
    h.advance(10);
    assert_eq!(h.run(&mut c, "RANDOMKEY"), "$4\r\nlive\r\n");
    let left = h.server.key_count();
    assert!(
        left < 501,
        "expired keys met on the way are removed ({left} left)"
    );
    h.run(&mut c, "DEL live\nSET last v PX 1");
    h.advance(1);
    assert_eq!(
        h.run(&mut c, "HELLO 3\nRANDOMKEY").rsplit("\r\n").nth(1),
        Some("_")
    );
}
