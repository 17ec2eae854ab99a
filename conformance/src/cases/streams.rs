//! Streams: XADD's ID rules and edge cases, MAXLEN/MINID trimming with `=`
//! and `~`, XRANGE/XREVRANGE bounds and COUNT, XREAD, and the consumer-group
//! state (XPENDING, XINFO GROUPS lag and entries-read) after each command,
//! XCLAIM and XAUTOCLAIM with its deleted-entry list.
//!
//! Every ID is explicit so no reply depends on the clock; idle times are
//! checked by shape only.

use crate::case::Case;
use crate::resp::Value;

const EQUAL_OR_SMALLER: &str =
    "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n";
const INVALID_ID: &str = "-ERR Invalid stream ID specified as stream command argument\r\n";
const WRONGTYPE: &str = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
const SYNTAX: &str = "-ERR syntax error\r\n";
const MAX_ID: &str = "18446744073709551615-18446744073709551615";

fn bulk(s: &str) -> String {
    format!("${}\r\n{s}\r\n", s.len())
}

/// One entry as XRANGE writes it: `[id, [field, value, ...]]`.
fn entry(id: &str, fields: &[&str]) -> String {
    let mut out = format!("*2\r\n{}*{}\r\n", bulk(id), fields.len());
    for f in fields {
        out += &bulk(f);
    }
    out
}

/// An array of entries.
fn entries(items: &[(&str, &[&str])]) -> String {
    let mut out = format!("*{}\r\n", items.len());
    for (id, fields) in items {
        out += &entry(id, fields);
    }
    out
}

/// An array of bulk strings.
fn bulks(items: &[&str]) -> String {
    let mut out = format!("*{}\r\n", items.len());
    for item in items {
        out += &bulk(item);
    }
    out
}

/// XREAD's RESP2 reply for one stream.
fn read_one(key: &str, items: &[(&str, &[&str])]) -> String {
    format!("*1\r\n*2\r\n{}{}", bulk(key), entries(items))
}

/// One XINFO GROUPS row (RESP2); `entries_read`/`lag` None stands for nil.
fn group_row(
    name: &str,
    consumers: i64,
    pending: i64,
    last: &str,
    entries_read: Option<i64>,
    lag: Option<i64>,
) -> String {
    let int_or_nil = |v: Option<i64>| v.map_or("$-1\r\n".to_string(), |v| format!(":{v}\r\n"));
    format!(
        "*12\r\n$4\r\nname\r\n{}$9\r\nconsumers\r\n:{consumers}\r\n$7\r\npending\r\n:{pending}\r\n\
         $17\r\nlast-delivered-id\r\n{}$12\r\nentries-read\r\n{}$3\r\nlag\r\n{}",
        bulk(name),
        bulk(last),
        int_or_nil(entries_read),
        int_or_nil(lag),
    )
}

/// XPENDING's summary: count, smallest and greatest ID, per-consumer counts.
fn pending_summary(count: i64, first: &str, last: &str, consumers: &[(&str, i64)]) -> String {
    let mut out = format!(
        "*4\r\n:{count}\r\n{}{}*{}\r\n",
        bulk(first),
        bulk(last),
        consumers.len()
    );
    for (name, n) in consumers {
        out += &format!("*2\r\n{}{}", bulk(name), bulk(&n.to_string()));
    }
    out
}

/// XPENDING's extended form, rows `[id, consumer, idle, deliveries]` with
/// the idle time (which depends on the clock) only checked to be small.
fn pending_rows(
    expected: &'static [(&'static str, &'static str, i64)],
) -> impl Fn(&Value) -> Result<(), String> + Send + Sync {
    move |v| {
        let Value::Array(Some(rows)) = v else {
            return Err(format!("expected an array, got {v}"));
        };
        if rows.len() != expected.len() {
            return Err(format!("expected {} rows, got {v}", expected.len()));
        }
        for (row, (id, consumer, deliveries)) in rows.iter().zip(expected) {
            let ok = match row {
                Value::Array(Some(f)) if f.len() == 4 => {
                    f[0] == Value::Bulk(Some(id.as_bytes().to_vec()))
                        && f[1] == Value::Bulk(Some(consumer.as_bytes().to_vec()))
                        && matches!(f[2], Value::Int(idle) if (0..60_000).contains(&idle))
                        && f[3] == Value::Int(*deliveries)
                }
                _ => false,
            };
            if !ok {
                return Err(format!(
                    "expected [{id}, {consumer}, <idle ms>, {deliveries}], got {row}"
                ));
            }
        }
        Ok(())
    }
}

pub fn cases() -> Vec<Case> {
    let mut cases = id_cases();
    cases.extend(trim_cases());
    cases.extend(range_cases());
    cases.extend(group_cases());
    cases
}

fn id_cases() -> Vec<Case> {
    vec![
        Case::new("streams: explicit, partial and ms-only IDs")
            .cmd(&["XADD", "xs1:s", "5-3", "f", "v"], bulk("5-3"))
            .cmd(&["XADD", "xs1:s", "5-*", "f", "v"], bulk("5-4"))
            .cmd(&["XADD", "xs1:s", "6-*", "f", "v"], bulk("6-0"))
            .cmd(&["XADD", "xs1:s", "7", "f", "v"], bulk("7-0"))
            .cmd(&["XADD", "xs1:s", "7-0", "f", "v"], EQUAL_OR_SMALLER)
            .cmd(&["XADD", "xs1:s", "6-9", "f", "v"], EQUAL_OR_SMALLER)
            .cmd(&["XADD", "xs1:s", "6-*", "f", "v"], EQUAL_OR_SMALLER)
            .cmd(&["XADD", "xs1:s", "7-*", "f", "v"], bulk("7-1"))
            .cmd(&["XLEN", "xs1:s"], ":5\r\n")
            .cmd(&["XADD", "xs1:new", "0-*", "f", "v"], bulk("0-1"))
            .cmd(
                &["XADD", "xs1:zero", "0-0", "f", "v"],
                "-ERR The ID specified in XADD must be greater than 0-0\r\n",
            )
            .cmd(&["EXISTS", "xs1:zero"], ":0\r\n"),
        Case::new("streams: the greatest ID, then no more")
            .cmd(&["XADD", "xs2:s", MAX_ID, "f", "v"], bulk(MAX_ID))
            .cmd(
                &["XADD", "xs2:s", "*", "f", "v"],
                "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n",
            )
            .cmd(
                &["XADD", "xs2:s", "18446744073709551615-*", "f", "v"],
                "-ERR The stream has exhausted the last possible ID, unable to add more items\r\n",
            )
            .cmd(
                &["XRANGE", "xs2:s", "-", "+"],
                entries(&[(MAX_ID, &["f", "v"])]),
            )
            .cmd(
                &["XRANGE", "xs2:s", &format!("({MAX_ID}"), "+"],
                "-ERR invalid start ID for the interval\r\n",
            ),
        Case::new("streams: malformed IDs and arguments")
            .cmd(&["XADD", "xs3:s", "abc", "f", "v"], INVALID_ID)
            .cmd(&["XADD", "xs3:s", "1-x", "f", "v"], INVALID_ID)
            .cmd(&["XADD", "xs3:s", "-1", "f", "v"], INVALID_ID)
            .cmd(
                &["XADD", "xs3:s", "1-18446744073709551616", "f", "v"],
                INVALID_ID,
            )
            .cmd(
                &["XADD", "xs3:s", "1-1", "f"],
                "-ERR wrong number of arguments for 'xadd' command\r\n",
            )
            .cmd(&["XADD", "xs3:s", "NOMKSTREAM", "1-1", "f", "v"], "$-1\r\n")
            .cmd(&["EXISTS", "xs3:s"], ":0\r\n")
            .cmd(&["SET", "xs3:str", "v"], "+OK\r\n")
            .cmd(&["XADD", "xs3:str", "1-1", "f", "v"], WRONGTYPE)
            .cmd(&["XRANGE", "xs3:str", "-", "+"], WRONGTYPE)
            .cmd(&["XLEN", "xs3:missing"], ":0\r\n")
            // XDEL looks at the key before its IDs.
            .cmd(&["XDEL", "xs3:missing", "+"], ":0\r\n")
            .cmd(&["XDEL", "xs3:str", "+"], WRONGTYPE),
        Case::new("streams: XSETID")
            .cmd(&["XADD", "xs4:s", "3-0", "f", "v"], bulk("3-0"))
            .cmd(
                &["XSETID", "xs4:s", "2-0"],
                "-ERR The ID specified in XSETID is smaller than the target stream top item\r\n",
            )
            .cmd(
                &[
                    "XSETID",
                    "xs4:s",
                    "10-0",
                    "ENTRIESADDED",
                    "5",
                    "MAXDELETEDID",
                    "9-0",
                ],
                "+OK\r\n",
            )
            .cmd(&["XADD", "xs4:s", "10-*", "f", "v"], bulk("10-1"))
            .cmd(&["XSETID", "xs4:missing", "1-0"], "-ERR no such key\r\n"),
    ]
}

fn trim_cases() -> Vec<Case> {
    let five: &[&[&str]] = &[
        &["XADD", "KEY", "1-0", "f", "1"],
        &["XADD", "KEY", "2-0", "f", "2"],
        &["XADD", "KEY", "3-0", "f", "3"],
        &["XADD", "KEY", "4-0", "f", "4"],
        &["XADD", "KEY", "5-0", "f", "5"],
    ];
    let load = |key: &str| -> Vec<Vec<String>> {
        five.iter()
            .map(|c| c.iter().map(|a| a.replace("KEY", key)).collect())
            .collect()
    };
    let add_five = |case: Case, key: &str| {
        let commands = load(key);
        let refs: Vec<Vec<&str>> = commands
            .iter()
            .map(|c| c.iter().map(String::as_str).collect())
            .collect();
        let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        case.pipeline(
            &slices,
            bulk("1-0") + &bulk("2-0") + &bulk("3-0") + &bulk("4-0") + &bulk("5-0"),
        )
    };
    vec![
        add_five(
            Case::new("streams: XADD MAXLEN = and XTRIM MAXLEN"),
            "xt1:s",
        )
        .cmd(
            &["XADD", "xt1:s", "MAXLEN", "=", "3", "6-0", "f", "6"],
            bulk("6-0"),
        )
        .cmd(&["XLEN", "xt1:s"], ":3\r\n")
        .cmd(
            &["XRANGE", "xt1:s", "-", "+"],
            entries(&[
                ("4-0", &["f", "4"]),
                ("5-0", &["f", "5"]),
                ("6-0", &["f", "6"]),
            ]),
        )
        .cmd(&["XTRIM", "xt1:s", "MAXLEN", "1"], ":2\r\n")
        .cmd(&["XTRIM", "xt1:s", "MAXLEN", "5"], ":0\r\n")
        .cmd(&["XTRIM", "xt1:s", "MAXLEN", "0"], ":1\r\n")
        .cmd(&["EXISTS", "xt1:s"], ":1\r\n")
        .cmd(&["XADD", "xt1:s", "6-0", "f", "v"], EQUAL_OR_SMALLER)
        .cmd(
            &["XTRIM", "xt1:s", "MAXLEN", "-1"],
            "-ERR The MAXLEN argument must be >= 0.\r\n",
        ),
        add_five(Case::new("streams: MINID = and ~"), "xt2:s")
            .cmd(&["XTRIM", "xt2:s", "MINID", "3-0"], ":2\r\n")
            .cmd(&["XTRIM", "xt2:s", "MINID", "=", "3"], ":0\r\n")
            .cmd(
                &["XADD", "xt2:s", "MINID", "4-0", "6-0", "f", "6"],
                bulk("6-0"),
            )
            .cmd(
                &["XRANGE", "xt2:s", "-", "+", "COUNT", "1"],
                entries(&[("4-0", &["f", "4"])]),
            )
            // `~` only drops whole nodes: a small stream keeps everything.
            .cmd(&["XTRIM", "xt2:s", "MINID", "~", "6-0"], ":0\r\n")
            .cmd(
                &["XTRIM", "xt2:s", "MAXLEN", "~", "1", "LIMIT", "10"],
                ":0\r\n",
            )
            .cmd(&["XLEN", "xt2:s"], ":3\r\n")
            .cmd(&["XTRIM", "xt2:s", "MAXLEN", "~", "0"], ":3\r\n")
            .cmd(
                &["XTRIM", "xt2:s", "MAXLEN", "1", "LIMIT", "10"],
                "-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n",
            )
            .cmd(&["XTRIM", "xt2:s", "MINID", "x"], INVALID_ID)
            .cmd(&["XTRIM", "xt2:s", "SIZE", "1"], SYNTAX)
            .cmd(&["XTRIM", "xt2:missing", "MAXLEN", "0"], ":0\r\n"),
        add_five(
            Case::new("streams: XDEL and what XINFO STREAM keeps of it"),
            "xt3:s",
        )
        .cmd(&["XDEL", "xt3:s", "2-0", "2-0", "9-0"], ":1\r\n")
        .cmd(&["XDEL", "xt3:s", "5-0"], ":1\r\n")
        .cmd(&["XLEN", "xt3:s"], ":3\r\n")
        .cmd(
            &["XINFO", "STREAM", "xt3:s"],
            "*20\r\n$6\r\nlength\r\n:3\r\n$15\r\nradix-tree-keys\r\n:1\r\n\
                 $16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n5-0\r\n\
                 $20\r\nmax-deleted-entry-id\r\n$3\r\n5-0\r\n$13\r\nentries-added\r\n:5\r\n\
                 $23\r\nrecorded-first-entry-id\r\n$3\r\n1-0\r\n$6\r\ngroups\r\n:0\r\n"
                .to_string()
                + "$11\r\nfirst-entry\r\n"
                + &entry("1-0", &["f", "1"])
                + "$10\r\nlast-entry\r\n"
                + &entry("4-0", &["f", "4"]),
        )
        .cmd(&["XADD", "xt3:s", "5-0", "f", "v"], EQUAL_OR_SMALLER),
    ]
}

fn range_cases() -> Vec<Case> {
    let all: &[(&str, &[&str])] = &[
        ("1-0", &["a", "1"]),
        ("1-1", &["b", "2"]),
        ("2-0", &["c", "3"]),
        ("3-5", &["d", "4"]),
    ];
    vec![
        Case::new("streams: XRANGE and XREVRANGE bounds and COUNT")
            .pipeline(
                &[
                    &["XADD", "xr1:s", "1-0", "a", "1"],
                    &["XADD", "xr1:s", "1-1", "b", "2"],
                    &["XADD", "xr1:s", "2-0", "c", "3"],
                    &["XADD", "xr1:s", "3-5", "d", "4"],
                ],
                bulk("1-0") + &bulk("1-1") + &bulk("2-0") + &bulk("3-5"),
            )
            .cmd(&["XRANGE", "xr1:s", "-", "+"], entries(all))
            .cmd(&["XRANGE", "xr1:s", "1", "1"], entries(&all[..2]))
            .cmd(&["XRANGE", "xr1:s", "(1-0", "(3-5"], entries(&all[1..3]))
            .cmd(&["XRANGE", "xr1:s", "(1", "+"], entries(&all[1..]))
            .cmd(&["XRANGE", "xr1:s", "(1-1", "+", "COUNT", "1"], entries(&all[2..3]))
            .cmd(&["XRANGE", "xr1:s", "-", "+", "COUNT", "0"], "*-1\r\n")
            .cmd(&["XRANGE", "xr1:s", "-", "+", "COUNT", "-3"], "*-1\r\n")
            .cmd(&["XRANGE", "xr1:s", "3", "1"], "*0\r\n")
            .cmd(&["XRANGE", "xr1:s", "(2-0", "(2-1"], "*0\r\n")
            .cmd(
                &["XREVRANGE", "xr1:s", "+", "-", "COUNT", "2"],
                entries(&[all[3], all[2]]),
            )
            .cmd(&["XREVRANGE", "xr1:s", "(2-0", "(1-0"], entries(&[all[1]]))
            .cmd(&["XRANGE", "xr1:s", "(-", "+"], INVALID_ID)
            .cmd(&["XRANGE", "xr1:s", "-", "(0-0"], "-ERR invalid end ID for the interval\r\n")
            .cmd(&["XRANGE", "xr1:s", "-", "+", "COUNT"], SYNTAX)
            .cmd(&["XRANGE", "xr1:s", "x", "+"], INVALID_ID)
            .cmd(&["XRANGE", "xr1:missing", "-", "+"], "*0\r\n"),
        Case::new("streams: XREAD from several streams")
            .cmd(&["XADD", "xr2:a", "1-0", "f", "1"], bulk("1-0"))
            .cmd(&["XADD", "xr2:a", "2-0", "f", "2"], bulk("2-0"))
            .cmd(&["XADD", "xr2:b", "5-0", "g", "5"], bulk("5-0"))
            .cmd(
                &["XREAD", "COUNT", "1", "STREAMS", "xr2:a", "xr2:b", "xr2:c", "1-0", "0", "0"],
                format!(
                    "*2\r\n*2\r\n{}{}*2\r\n{}{}",
                    bulk("xr2:a"),
                    entries(&[("2-0", &["f", "2"])]),
                    bulk("xr2:b"),
                    entries(&[("5-0", &["g", "5"])]),
                ),
            )
            .cmd(&["XREAD", "STREAMS", "xr2:a", "2-0"], "*-1\r\n")
            .cmd(&["XREAD", "STREAMS", "xr2:a", "$"], "*-1\r\n")
            .cmd(
                &["XREAD", "STREAMS", "xr2:a", "xr2:b", "0"],
                "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n",
            )
            .cmd(
                &["XREAD", "STREAMS", "xr2:a", ">"],
                "-ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.\r\n",
            )
            .cmd(&["XREAD", "COUNT", "2", "BLOCK", "1", "STREAMS", "xr2:a", "0"], read_one("xr2:a", &[("1-0", &["f", "1"]), ("2-0", &["f", "2"])])),
    ]
}

fn group_cases() -> Vec<Case> {
    let e = |id: &'static str, n: &'static str| -> (&'static str, &'static [&'static str]) {
        let fields: &'static [&'static str] = match n {
            "1" => &["f", "1"],
            "2" => &["f", "2"],
            "3" => &["f", "3"],
            _ => &["f", "4"],
        };
        (id, fields)
    };
    vec![
        Case::new("streams: consumer-group state after each command")
            .cmd(&["XADD", "xg1:s", "1-0", "f", "1"], bulk("1-0"))
            .cmd(&["XADD", "xg1:s", "2-0", "f", "2"], bulk("2-0"))
            .cmd(&["XADD", "xg1:s", "3-0", "f", "3"], bulk("3-0"))
            .cmd(&["XGROUP", "CREATE", "xg1:s", "g", "0"], "+OK\r\n")
            .cmd(
                &["XINFO", "GROUPS", "xg1:s"],
                format!("*1\r\n{}", group_row("g", 0, 0, "0-0", None, Some(3))),
            )
            .cmd(
                &["XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "xg1:s", ">"],
                read_one("xg1:s", &[e("1-0", "1"), e("2-0", "2")]),
            )
            .cmd(
                &["XINFO", "GROUPS", "xg1:s"],
                format!("*1\r\n{}", group_row("g", 1, 2, "2-0", Some(2), Some(1))),
            )
            .cmd(&["XPENDING", "xg1:s", "g"], pending_summary(2, "1-0", "2-0", &[("alice", 2)]))
            .cmd(
                &["XREADGROUP", "GROUP", "g", "bob", "STREAMS", "xg1:s", ">"],
                read_one("xg1:s", &[e("3-0", "3")]),
            )
            .cmd(
                &["XPENDING", "xg1:s", "g"],
                pending_summary(3, "1-0", "3-0", &[("alice", 2), ("bob", 1)]),
            )
            .cmd(
                &["XINFO", "GROUPS", "xg1:s"],
                format!("*1\r\n{}", group_row("g", 2, 3, "3-0", Some(3), Some(0))),
            )
            // Re-reading the history counts a second delivery.
            .cmd(
                &["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "xg1:s", "0"],
                read_one("xg1:s", &[e("1-0", "1"), e("2-0", "2")]),
            )
            .cmd_shape(
                &["XPENDING", "xg1:s", "g", "-", "+", "10"],
                "rows [1-0 alice 2] [2-0 alice 2] [3-0 bob 1] with idle times",
                pending_rows(&[("1-0", "alice", 2), ("2-0", "alice", 2), ("3-0", "bob", 1)]),
            )
            .cmd_shape(
                &["XPENDING", "xg1:s", "g", "(1-0", "+", "1", "bob"],
                "row [3-0 bob 1] with its idle time",
                pending_rows(&[("3-0", "bob", 1)]),
            )
            .cmd(&["XPENDING", "xg1:s", "g", "IDLE", "3600000", "-", "+", "10"], "*0\r\n")
            .cmd(&["XACK", "xg1:s", "g", "1-0", "1-0", "9-0"], ":1\r\n")
            .cmd(&["XPENDING", "xg1:s", "g"], pending_summary(2, "2-0", "3-0", &[("alice", 1), ("bob", 1)]))
            .cmd(&["XADD", "xg1:s", "4-0", "f", "4"], bulk("4-0"))
            .cmd(
                &["XINFO", "GROUPS", "xg1:s"],
                format!("*1\r\n{}", group_row("g", 2, 2, "3-0", Some(3), Some(1))),
            )
            // A deletion after the last delivered ID leaves the lag unknown.
            .cmd(&["XDEL", "xg1:s", "4-0"], ":1\r\n")
            .cmd(&["XADD", "xg1:s", "5-0", "f", "5"], bulk("5-0"))
            .cmd(
                &["XINFO", "GROUPS", "xg1:s"],
                format!("*1\r\n{}", group_row("g", 2, 2, "3-0", Some(3), None)),
            )
            .cmd(&["XGROUP", "SETID", "xg1:s", "g", "$", "ENTRIESREAD", "5"], "+OK\r\n")
            .cmd(
                &["XINFO", "GROUPS", "xg1:s"],
                format!("*1\r\n{}", group_row("g", 2, 2, "5-0", Some(5), Some(0))),
            )
            .cmd(&["XACK", "xg1:s", "g", "2-0", "3-0"], ":2\r\n")
            .cmd(&["XPENDING", "xg1:s", "g"], "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n")
            .cmd(&["XGROUP", "DELCONSUMER", "xg1:s", "g", "alice"], ":0\r\n")
            .cmd(&["XGROUP", "CREATECONSUMER", "xg1:s", "g", "bob"], ":0\r\n")
            .cmd(&["XGROUP", "CREATECONSUMER", "xg1:s", "g", "carol"], ":1\r\n")
            .cmd(
                &["XINFO", "GROUPS", "xg1:s"],
                format!("*1\r\n{}", group_row("g", 2, 0, "5-0", Some(5), Some(0))),
            )
            .cmd(&["XGROUP", "DESTROY", "xg1:s", "g"], ":1\r\n")
            .cmd(&["XGROUP", "DESTROY", "xg1:s", "g"], ":0\r\n")
            .cmd(&["XINFO", "GROUPS", "xg1:s"], "*0\r\n"),
        Case::new("streams: NOACK, groups created at $ and errors")
            .cmd(&["XGROUP", "CREATE", "xg2:s", "g", "$"], "-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.\r\n")
            .cmd(&["XGROUP", "CREATE", "xg2:s", "g", "$", "MKSTREAM"], "+OK\r\n")
            .cmd(&["XGROUP", "CREATE", "xg2:s", "g", "$"], "-BUSYGROUP Consumer Group name already exists\r\n")
            .cmd(&["XADD", "xg2:s", "1-0", "f", "1"], bulk("1-0"))
            .cmd(
                &["XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "xg2:s", ">"],
                read_one("xg2:s", &[e("1-0", "1")]),
            )
            .cmd(&["XPENDING", "xg2:s", "g"], "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n")
            .cmd(&["XREADGROUP", "GROUP", "g", "c", "STREAMS", "xg2:s", ">"], "*-1\r\n")
            .cmd(
                &["XREADGROUP", "GROUP", "nog", "c", "STREAMS", "xg2:s", ">"],
                "-NOGROUP No such key 'xg2:s' or consumer group 'nog' in XREADGROUP with GROUP option\r\n",
            )
            .cmd(&["XPENDING", "xg2:s", "nog"], "-NOGROUP No such key 'xg2:s' or consumer group 'nog'\r\n")
            .cmd(&["XACK", "xg2:s", "nog", "1-0"], ":0\r\n")
            .cmd(&["XGROUP", "SETID", "xg2:s", "nog", "0"], "-NOGROUP No such consumer group 'nog' for key name 'xg2:s'\r\n")
            .cmd(&["XREADGROUP", "GROUP", "g", "c", "STREAMS", "xg2:s", "$"], "-ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.\r\n")
            .cmd(&["XGROUP", "CREATE", "xg2:s", "g2", "0", "ENTRIESREAD", "-5"], "-ERR value for ENTRIESREAD must be positive or -1\r\n"),
        Case::new("streams: XCLAIM and XAUTOCLAIM with deleted entries")
            .cmd(&["XADD", "xg3:s", "1-0", "f", "1"], bulk("1-0"))
            .cmd(&["XADD", "xg3:s", "2-0", "f", "2"], bulk("2-0"))
            .cmd(&["XADD", "xg3:s", "3-0", "f", "3"], bulk("3-0"))
            .cmd(&["XADD", "xg3:s", "4-0", "f", "4"], bulk("4-0"))
            .cmd(&["XGROUP", "CREATE", "xg3:s", "g", "0"], "+OK\r\n")
            .cmd(
                &["XREADGROUP", "GROUP", "g", "alice", "STREAMS", "xg3:s", ">"],
                read_one("xg3:s", &[e("1-0", "1"), e("2-0", "2"), e("3-0", "3"), e("4-0", "4")]),
            )
            .cmd(&["XDEL", "xg3:s", "2-0", "3-0"], ":2\r\n")
            .cmd(&["XCLAIM", "xg3:s", "g", "bob", "3600000", "1-0"], "*0\r\n")
            .cmd(&["XCLAIM", "xg3:s", "g", "bob", "0", "1-0", "JUSTID"], bulks(&["1-0"]))
            .cmd(
                &["XAUTOCLAIM", "xg3:s", "g", "carol", "0", "0", "COUNT", "2"],
                format!("*3\r\n{}{}{}", bulk("3-0"), entries(&[e("1-0", "1")]), bulks(&["2-0"])),
            )
            .cmd(
                &["XAUTOCLAIM", "xg3:s", "g", "carol", "0", "3-0", "JUSTID"],
                format!("*3\r\n{}{}{}", bulk("0-0"), bulks(&["4-0"]), bulks(&["3-0"])),
            )
            .cmd(
                &["XPENDING", "xg3:s", "g"],
                pending_summary(2, "1-0", "4-0", &[("carol", 2)]),
            )
            .cmd_shape(
                &["XPENDING", "xg3:s", "g", "-", "+", "10"],
                "rows [1-0 carol 2] [4-0 carol 1]",
                pending_rows(&[("1-0", "carol", 2), ("4-0", "carol", 1)]),
            )
            .cmd(
                &["XCLAIM", "xg3:s", "g", "dave", "0", "4-0", "RETRYCOUNT", "7", "JUSTID"],
                bulks(&["4-0"]),
            )
            .cmd_shape(
                &["XPENDING", "xg3:s", "g", "4-0", "4-0", "1"],
                "row [4-0 dave 7]",
                pending_rows(&[("4-0", "dave", 7)]),
            )
            .cmd(
                &["XCLAIM", "xg3:s", "g", "dave", "0", "9-0", "FORCE", "JUSTID"],
                "*0\r\n",
            )
            .cmd(
                &["XCLAIM", "xg3:s", "g", "dave", "0", "1-0", "FORCE", "LASTID", "8-0", "JUSTID"],
                bulks(&["1-0"]),
            )
            .cmd(
                &["XINFO", "GROUPS", "xg3:s"],
                format!("*1\r\n{}", group_row("g", 4, 2, "8-0", Some(4), Some(0))),
            )
            .cmd(&["XAUTOCLAIM", "xg3:s", "g", "c", "0", "0", "COUNT", "0"], "-ERR COUNT must be > 0\r\n"),
    ]
}
