//! Client management across clients: CLIENT LIST / INFO / KILL / PAUSE /
//! UNPAUSE / REPLY / NO-EVICT / TRACKING and friends, RESET and MONITOR.
//! Expected bytes are redis-server 7.0.15's (checked against a reference
//! server with several connections at once); the figures of CLIENT LIST
//! that depend on buffer sizes are checked for shape only.

mod support;

use support::{Client, Harness, UNIX_AT_ZERO};

fn cmd(line: &str) -> Vec<u8> {
    format!("{line}\r\n").into_bytes()
}

/// Everything the core holds for `client`, as text.
fn read(h: &mut Harness, client: &Client) -> String {
    String::from_utf8_lossy(&h.read(client)).into_owned()
}

/// The `key=value` fields of one CLIENT LIST line, in order.
fn fields(line: &str) -> Vec<(String, String)> {
    line.split(' ')
        .map(|field| {
            let (key, value) = field.split_once('=').expect("key=value");
            (key.to_string(), value.to_string())
        })
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], key: &str) -> &'a str {
    &fields.iter().find(|(k, _)| k == key).expect(key).1
}

/// The lines of a RESP2 CLIENT LIST / INFO bulk reply.
fn lines(reply: &str) -> Vec<String> {
    let (header, body) = reply.split_once("\r\n").expect("bulk header");
    let len: usize = header[1..].parse().expect("bulk length");
    assert_eq!(body.len(), len + 2, "{reply}");
    assert!(body.ends_with("\n\r\n") || len == 0, "{reply}");
    body[..len].lines().map(str::to_string).collect()
}

const FIELDS: [&str; 28] = [
    "id",
    "addr",
    "laddr",
    "fd",
    "name",
    "age",
    "idle",
    "flags",
    "db",
    "sub",
    "psub",
    "ssub",
    "multi",
    "qbuf",
    "qbuf-free",
    "argv-mem",
    "multi-mem",
    "rbs",
    "rbp",
    "obl",
    "oll",
    "omem",
    "tot-mem",
    "events",
    "cmd",
    "user",
    "redir",
    "resp",
];

#[test]
fn client_list_has_redis_fields_in_order_for_every_client() {
    let mut h = Harness::new();
    let mut a = h.client_at("127.0.0.1:50336", "127.0.0.1:6379");
    let mut b = h.client_at("[::1]:40000", "[::1]:6379");
    assert_eq!(
        h.run(&mut b, "CLIENT SETNAME bee\nSELECT 3"),
        "+OK\r\n+OK\r\n"
    );
    h.advance(2500);
    let listed = lines(&String::from_utf8_lossy(
        &h.send(&mut a, b"*2\r\n$6\r\nclient\r\n$4\r\nlist\r\n"),
    ));
    assert_eq!(listed.len(), 2);
    let mine = fields(&listed[0]);
    let keys: Vec<&str> = mine.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, FIELDS);
    let expect = [
        ("id", "1"),
        ("addr", "127.0.0.1:50336"),
        ("laddr", "127.0.0.1:6379"),
        ("fd", "1"),
        ("name", ""),
        ("age", "2"),
        ("idle", "0"),
        ("flags", "N"),
        ("db", "0"),
        ("sub", "0"),
        ("psub", "0"),
        ("ssub", "0"),
        ("multi", "-1"),
        // The command itself is in the query buffer, as in Redis.
        ("qbuf", "26"),
        ("argv-mem", "10"),
        ("multi-mem", "0"),
        ("obl", "0"),
        ("oll", "0"),
        ("omem", "0"),
        ("events", "r"),
        ("cmd", "client|list"),
        ("user", "default"),
        ("redir", "-1"),
        ("resp", "2"),
    ];
    for (key, value) in expect {
        assert_eq!(field(&mine, key), value, "{key}");
    }
    let other = fields(&listed[1]);
    for (key, value) in [
        ("id", "2"),
        ("addr", "[::1]:40000"),
        ("laddr", "[::1]:6379"),
        ("name", "bee"),
        ("age", "2"),
        ("idle", "2"),
        ("db", "3"),
        ("qbuf", "0"),
        ("argv-mem", "0"),
        ("cmd", "select"),
    ] {
        assert_eq!(field(&other, key), value, "{key}");
    }
    for key in ["qbuf-free", "rbs", "rbp", "tot-mem"] {
        field(&other, key).parse::<u64>().expect(key);
    }
}

#[test]
fn clients_without_addresses_show_redis_unknown_form() {
    let mut h = Harness::new();
    let mut c = h.client();
    let info = lines(&h.run(&mut c, "CLIENT INFO"));
    let info = fields(&info[0]);
    assert_eq!(field(&info, "addr"), "?:0");
    assert_eq!(field(&info, "laddr"), "?:0");
    assert_eq!(field(&info, "qbuf"), "13");
    assert_eq!(field(&info, "cmd"), "client|info");
}

#[test]
fn client_list_filters_by_type_and_id() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    assert_eq!(
        h.run(&mut b, "SUBSCRIBE ch"),
        "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"
    );
    let pubsub = lines(&h.run(&mut a, "CLIENT LIST TYPE pubsub"));
    assert_eq!(pubsub.len(), 1);
    let b_fields = fields(&pubsub[0]);
    assert_eq!(field(&b_fields, "id"), "2");
    assert_eq!(field(&b_fields, "flags"), "P");
    assert_eq!(field(&b_fields, "sub"), "1");
    let normal = lines(&h.run(&mut a, "client list type NORMAL"));
    assert_eq!(normal.len(), 1);
    assert!(normal[0].starts_with("id=1 "));
    assert_eq!(h.run(&mut a, "CLIENT LIST TYPE master"), "$0\r\n\r\n");
    assert_eq!(h.run(&mut a, "CLIENT LIST TYPE replica"), "$0\r\n\r\n");
    // Ids in the order given, repeats repeated, unknown ones skipped.
    let by_id = lines(&h.run(&mut a, "CLIENT LIST ID 2 1 2 99 0 -5"));
    let ids: Vec<String> = by_id
        .iter()
        .map(|line| field(&fields(line), "id").to_string())
        .collect();
    assert_eq!(ids, ["2", "1", "2"]);
    assert_eq!(
        h.run(
            &mut a,
            "CLIENT LIST TYPE foo\nCLIENT LIST ID\nCLIENT LIST ID abc\nCLIENT LIST ID 1 x\n\
             CLIENT LIST TYPE normal x\nCLIENT LIST foo\nCLIENT LIST ID 99999999999999999999\n\
             CLIENT INFO x"
        ),
        "-ERR Unknown client type 'foo'\r\n-ERR syntax error\r\n-ERR Invalid client ID\r\n\
         -ERR Invalid client ID\r\n-ERR syntax error\r\n-ERR syntax error\r\n\
         -ERR Invalid client ID\r\n-ERR wrong number of arguments for 'client|info' command\r\n"
    );
}

#[test]
fn resp3_lists_are_verbatim_text() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert!(h.run(&mut c, "HELLO 3").starts_with("%7\r\n"));
    let reply = h.run(&mut c, "CLIENT INFO");
    let (header, body) = reply.split_once("\r\n").unwrap();
    assert_eq!(header, format!("={}", body.len() - 2));
    assert!(body.starts_with("txt:id=1 addr=?:0 "), "{reply}");
    assert!(body.ends_with(" resp=3\n\r\n"), "{reply}");
    let list = h.run(&mut c, "CLIENT LIST");
    assert!(list.starts_with('='), "{list}");
}

#[test]
fn the_running_client_shows_its_whole_batch_and_pending_replies() {
    let mut h = Harness::new();
    let mut c = h.client();
    let out = h.run(
        &mut c,
        "SELECT 3\nCLIENT SETNAME foo\nCLIENT NO-EVICT on\nCLIENT INFO",
    );
    let (replies, info) = out.split_at(15);
    assert_eq!(replies, "+OK\r\n+OK\r\n+OK\r\n");
    let info = fields(&lines(info)[0]);
    // Redis trims its query buffer only after the batch: the whole
    // pipeline (as sent with CRLF line ends) is in it.
    assert_eq!(field(&info, "qbuf"), "63");
    // The three replies before it are pending.
    assert_eq!(field(&info, "obl"), "15");
    assert_eq!(field(&info, "flags"), "e");
    assert_eq!(field(&info, "name"), "foo");
    assert_eq!(field(&info, "db"), "3");
}

#[test]
fn client_kill_old_form_kills_by_address_even_itself() {
    let mut h = Harness::new();
    let mut a = h.client_at("127.0.0.1:1000", "127.0.0.9:6379");
    let mut b = h.client_at("127.0.0.2:2000", "127.0.0.9:6379");
    assert_eq!(
        h.run(&mut a, "CLIENT KILL 127.0.0.3:3000"),
        "-ERR No such client\r\n"
    );
    assert_eq!(h.run(&mut a, "CLIENT KILL 127.0.0.2:2000"), "+OK\r\n");
    assert_eq!(h.closes, [(b.id, false)], "closed at once, output dropped");
    assert!(!h.is_closed(&a));
    assert_eq!(h.run(&mut b, "PING"), "", "the killed client runs nothing");
    // Its own address: the reply goes out, then it is closed.
    assert_eq!(h.run(&mut a, "CLIENT KILL 127.0.0.1:1000\nPING"), "+OK\r\n");
    assert!(a.closed);
    assert_eq!(h.closes[1], (a.id, true));
}

#[test]
fn client_kill_filters_count_the_killed_clients() {
    let mut h = Harness::new();
    let mut a = h.client_at("127.0.0.1:1", "127.0.0.1:6379");
    let mut b = h.client_at("127.0.0.1:2", "127.0.0.1:6380");
    let c = h.client_at("127.0.0.1:3", "127.0.0.1:6379");
    assert_eq!(
        h.run(&mut b, "SUBSCRIBE ch"),
        "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"
    );
    // A killed subscriber is gone for the rest of the batch already.
    assert_eq!(
        h.run(
            &mut a,
            "CLIENT KILL TYPE pubsub\nPUBLISH ch x\nCLIENT KILL LADDR 127.0.0.1:6380"
        ),
        ":1\r\n:0\r\n:0\r\n"
    );
    assert!(h.is_closed(&b));
    assert_eq!(
        h.run(
            &mut a,
            "CLIENT KILL ID 3 ADDR 127.0.0.1:9\nCLIENT KILL ID 1\nCLIENT KILL USER default"
        ),
        ":0\r\n:0\r\n:1\r\n",
        "SKIPME yes by default"
    );
    assert!(h.is_closed(&c));
    assert_eq!(h.run(&mut a, "CLIENT KILL ID 1 SKIPME no\nPING"), ":1\r\n");
    assert!(a.closed);
}

#[test]
fn client_kill_errors_are_redis_own() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "CLIENT KILL\nCLIENT KILL id\nCLIENT KILL id 10 wrong_arg\nCLIENT KILL id str\n\
             CLIENT KILL id -1\nCLIENT KILL id 0\nCLIENT KILL id 99999999999999999999\n\
             CLIENT KILL type wrong_type\nCLIENT KILL user wrong_user\n\
             CLIENT KILL skipme yes_or_no\nCLIENT KILL maxage 100\nCLIENT KILL a b c\n\
             CLIENT KILL type slave\nCLIENT KILL type master"
        ),
        "-ERR wrong number of arguments for 'client|kill' command\r\n\
         -ERR No such client\r\n-ERR syntax error\r\n\
         -ERR client-id should be greater than 0\r\n-ERR client-id should be greater than 0\r\n\
         -ERR client-id should be greater than 0\r\n-ERR client-id should be greater than 0\r\n\
         -ERR Unknown client type 'wrong_type'\r\n-ERR No such user 'wrong_user'\r\n\
         -ERR syntax error\r\n-ERR syntax error\r\n-ERR syntax error\r\n:0\r\n:0\r\n"
    );
}

#[test]
fn client_reply_off_on_and_skip() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "CLIENT REPLY OFF\nPING a\nGET\nCLIENT REPLY ON\nPING b"
        ),
        "+OK\r\n$1\r\nb\r\n"
    );
    assert_eq!(
        h.run(
            &mut c,
            "CLIENT REPLY SKIP\nCLIENT REPLY SKIP\nPING a\nPING b"
        ),
        "$1\r\nb\r\n"
    );
    // ON right after SKIP answers: it clears the skip first.
    assert_eq!(
        h.run(&mut c, "CLIENT REPLY SKIP\nCLIENT REPLY ON\nPING"),
        "+OK\r\n+PONG\r\n"
    );
    // Errors of the skipped command are dropped but counted.
    assert_eq!(
        h.run(&mut c, "CLIENT REPLY SKIP\nNOSUCH\nPING"),
        "+PONG\r\n"
    );
    assert!(h
        .run(&mut c, "INFO stats")
        .contains("total_error_replies:2\r\n"));
    assert_eq!(
        h.run(
            &mut c,
            "CLIENT REPLY\nCLIENT REPLY maybe\nCLIENT REPLY on x"
        ),
        "-ERR wrong number of arguments for 'client|reply' command\r\n-ERR syntax error\r\n\
         -ERR wrong number of arguments for 'client|reply' command\r\n"
    );
}

#[test]
fn pushes_go_out_despite_client_reply_off() {
    let mut h = Harness::new();
    let mut c = h.client();
    let mut p = h.client();
    assert_eq!(
        h.run(&mut c, "CLIENT REPLY OFF\nSUBSCRIBE ch"),
        "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"
    );
    assert_eq!(h.run(&mut p, "PUBLISH ch hi"), ":1\r\n");
    assert_eq!(
        read(&mut h, &c),
        "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"
    );
    // Subscribed-mode refusals are replies: dropped.
    assert_eq!(
        h.run(&mut c, "GET k\nUNSUBSCRIBE ch"),
        "*3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n"
    );
}

#[test]
fn no_evict_tracking_and_caching_answer_as_for_a_client_without_tracking() {
    let mut h = Harness::new();
    let mut c = h.client();
    let mut other = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "CLIENT NO-EVICT\nCLIENT NO-EVICT maybe\nCLIENT NO-EVICT on\nCLIENT NO-EVICT OFF\n\
             CLIENT GETREDIR\nCLIENT GETREDIR x\nCLIENT TRACKINGINFO\nCLIENT CACHING yes\n\
             CLIENT CACHING maybe"
        ),
        "-ERR wrong number of arguments for 'client|no-evict' command\r\n-ERR syntax error\r\n\
         +OK\r\n+OK\r\n:-1\r\n-ERR wrong number of arguments for 'client|getredir' command\r\n\
         *6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n\
         -ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n\
         -ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n"
    );
    assert_eq!(
        h.run(
            &mut c,
            "CLIENT TRACKING\nCLIENT TRACKING foo\nCLIENT TRACKING off\n\
             CLIENT TRACKING on redirect 9999\nCLIENT TRACKING on redirect x\n\
             CLIENT TRACKING on bcast optin\nCLIENT TRACKING on prefix a\nCLIENT TRACKING on foo\n\
             CLIENT TRACKING on optin optout\nCLIENT TRACKING on redirect 2 redirect 2"
        ),
        "-ERR wrong number of arguments for 'client|tracking' command\r\n-ERR syntax error\r\n\
         +OK\r\n-ERR The client ID you want redirect to does not exist\r\n\
         -ERR value is not an integer or out of range\r\n\
         -ERR OPTIN and OPTOUT are not compatible with BCAST\r\n\
         -ERR PREFIX option requires BCAST mode to be enabled\r\n-ERR syntax error\r\n\
         -ERR You can't specify both OPTIN mode and OPTOUT mode\r\n\
         -ERR A client can only redirect to a single other client\r\n"
    );
    // Tracking itself is not implemented: a valid ON is refused.
    assert_eq!(
        h.run(&mut c, "CLIENT TRACKING on redirect 2 optin noloop"),
        "-ERR client-side caching (CLIENT TRACKING ON) is not supported by this server\r\n"
    );
    assert!(h.run(&mut other, "HELLO 3").starts_with("%7\r\n"));
    assert_eq!(
        h.run(&mut other, "CLIENT TRACKINGINFO"),
        "%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"
    );
}

#[test]
fn client_help_lists_every_subcommand_as_redis() {
    let mut h = Harness::new();
    let mut c = h.client();
    let help = h.run(&mut c, "CLIENT HELP");
    assert!(help.starts_with(
        "*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n\
         +CACHING (YES|NO)\r\n"
    ));
    assert!(help.contains(
        "+TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]\r\n\
         +         [OPTIN] [OPTOUT] [NOLOOP]\r\n"
    ));
    assert!(help.ends_with(
        "+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n\
         +HELP\r\n+    Prints this help.\r\n"
    ));
    assert_eq!(
        h.run(
            &mut c,
            "CLIENT HELP x\nCLIENT FOO\nCLIENT UNBLOCK 1 TIMEOUT x\nclient Unblock 1 a b"
        ),
        "-ERR wrong number of arguments for 'client|help' command\r\n\
         -ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n\
         -ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n\
         -ERR unknown subcommand or wrong number of arguments for 'Unblock'. Try CLIENT HELP.\r\n"
    );
}

#[test]
fn reset_restores_the_connection_state() {
    let mut h = Harness::new();
    let mut c = h.client();
    let mut p = h.client();
    assert!(h
        .run(
            &mut c,
            "SELECT 3\nCLIENT SETNAME foo\nCLIENT NO-EVICT on\nHELLO 3\nSUBSCRIBE ch"
        )
        .starts_with("+OK\r\n+OK\r\n+OK\r\n%7\r\n"));
    assert_eq!(h.run(&mut c, "CLIENT REPLY OFF\nRESET"), "+RESET\r\n");
    assert_eq!(
        h.run(&mut p, "PUBLISH ch x"),
        ":0\r\n",
        "unsubscribed, without a word"
    );
    let info = fields(&lines(&h.run(&mut c, "CLIENT INFO"))[0]);
    for (key, value) in [
        ("name", ""),
        ("db", "0"),
        ("resp", "2"),
        ("sub", "0"),
        // redis-server 7.0.15 keeps CLIENT NO-EVICT across RESET.
        ("flags", "e"),
    ] {
        assert_eq!(field(&info, key), value, "{key}");
    }
    assert_eq!(
        h.run(&mut c, "RESET x"),
        "-ERR wrong number of arguments for 'reset' command\r\n"
    );
}

#[test]
fn reset_unauthenticates_when_a_password_is_set() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "CONFIG SET requirepass pw\nRESET\nPING"),
        "+OK\r\n+RESET\r\n-NOAUTH Authentication required.\r\n"
    );
    // RESET itself needs no authentication.
    assert_eq!(
        h.run(&mut c, "RESET\nAUTH pw\nPING"),
        "+RESET\r\n+OK\r\n+PONG\r\n"
    );
}

#[test]
fn monitor_shows_commands_as_redis_words_them() {
    let mut h = Harness::new();
    let mut m = h.client_at("127.0.0.1:5000", "127.0.0.1:6379");
    let mut c = h.client_at("127.0.0.1:6000", "127.0.0.1:6379");
    assert_eq!(h.run(&mut m, "MONITOR"), "+OK\r\n");
    h.advance(1234);
    h.send(
        &mut c,
        b"SELECT 5\r\n*3\r\n$3\r\nset\r\n$3\r\na b\r\n$6\r\nx\\\"\n\x01\xff\r\nNOSUCH\r\nGET\r\n\
          AUTH x\r\nAUTH a b c\r\nAUTH u p\r\nHELLO 2 AUTH u p\r\nHELLO 9 AUTH u p\r\n\
          HELLO 2 SETNAME n AUTH default p\r\nCLIENT LIST\r\nCONFIG GET x\r\nCLIENT ID\r\n\
          MONITOR\r\nCLIENT NO-EVICT on\r\n",
    );
    let at = format!("+{}.234000 [", UNIX_AT_ZERO / 1000 + 1);
    let expect = [
        "5 127.0.0.1:6000] \"SELECT\" \"5\"",
        "5 127.0.0.1:6000] \"set\" \"a b\" \"x\\\\\\\"\\n\\x01\\xff\"",
        "5 127.0.0.1:6000] \"AUTH\" \"(redacted)\"",
        "5 127.0.0.1:6000] \"AUTH\" \"a\" \"b\" \"c\"",
        "5 127.0.0.1:6000] \"AUTH\" \"(redacted)\" \"(redacted)\"",
        "5 127.0.0.1:6000] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"",
        "5 127.0.0.1:6000] \"HELLO\" \"9\" \"AUTH\" \"u\" \"p\"",
        "5 127.0.0.1:6000] \"HELLO\" \"2\" \"SETNAME\" \"n\" \"AUTH\" \"(redacted)\" \"(redacted)\"",
        "5 127.0.0.1:6000] \"CLIENT\" \"ID\"",
    ];
    let want: String = expect
        .iter()
        .map(|line| format!("{at}{line}\r\n"))
        .collect();
    assert_eq!(read(&mut h, &m), want);
    // The client ran MONITOR last: it is a monitor now too.
    assert_eq!(
        h.run(&mut c, "ECHO x"),
        format!("$1\r\nx\r\n{at}5 127.0.0.1:6000] \"ECHO\" \"x\"\r\n")
    );
    assert_eq!(
        read(&mut h, &m),
        format!("{at}5 127.0.0.1:6000] \"ECHO\" \"x\"\r\n")
    );
}

#[test]
fn a_monitor_may_not_touch_keys_and_monitors_only_once() {
    let mut h = Harness::new();
    let mut m = h.client();
    let mut c = h.client();
    assert_eq!(h.run(&mut m, "MONITOR"), "+OK\r\n");
    let at = format!("+{}.000000 [0 ?:0]", UNIX_AT_ZERO / 1000);
    assert_eq!(
        h.run(&mut m, "MONITOR\nGET k\nSET k v\nPUBLISH ch x\nPING"),
        format!(
            "-ERR Replica can't interact with the keyspace\r\n\
             -ERR Replica can't interact with the keyspace\r\n\
             -ERR Replica can't interact with the keyspace\r\n+PONG\r\n{at} \"PING\"\r\n"
        )
    );
    let fields = fields(&lines(&h.run(&mut c, "CLIENT LIST ID 1"))[0]);
    assert_eq!(field(&fields, "flags"), "O");
    assert_eq!(field(&fields, "cmd"), "ping");
    // Under CLIENT REPLY OFF a monitor receives nothing.
    h.read(&m);
    assert_eq!(h.run(&mut m, "CLIENT REPLY OFF"), "");
    h.run(&mut c, "PING");
    assert_eq!(read(&mut h, &m), "");
    // RESET ends monitor mode.
    assert_eq!(h.run(&mut m, "RESET\nGET k"), "+RESET\r\n$-1\r\n");
    h.run(&mut c, "PING");
    assert_eq!(read(&mut h, &m), "");
}

#[test]
fn a_blocked_command_is_shown_once_when_it_blocks() {
    let mut h = Harness::new();
    let mut m = h.client();
    let mut a = h.client();
    let mut b = h.client();
    h.run(&mut m, "MONITOR");
    assert_eq!(h.send(&mut a, &cmd("BLPOP l 0")), b"");
    assert_eq!(h.send(&mut b, &cmd("LPUSH l x")), b":1\r\n");
    assert_eq!(read(&mut h, &a), "*2\r\n$1\r\nl\r\n$1\r\nx\r\n");
    let at = format!("+{}.000000 [0 ?:0]", UNIX_AT_ZERO / 1000);
    assert_eq!(
        read(&mut h, &m),
        format!("{at} \"BLPOP\" \"l\" \"0\"\r\n{at} \"LPUSH\" \"l\" \"x\"\r\n")
    );
}

#[test]
fn a_monitor_is_spared_by_the_idle_timeout() {
    let mut h = Harness::new();
    let mut m = h.client();
    let mut c = h.client();
    assert_eq!(h.run(&mut c, "CONFIG SET timeout 1"), "+OK\r\n");
    h.run(&mut m, "MONITOR");
    h.read(&m);
    h.advance(5000);
    h.tick();
    assert!(!h.is_closed(&m));
    assert!(h.is_closed(&c));
}

#[test]
fn pause_write_holds_writes_and_publish_until_unpause() {
    let mut h = Harness::new();
    let mut p = h.client();
    let mut w = h.client();
    let mut r = h.client();
    let mut s = h.client();
    assert_eq!(h.run(&mut p, "CLIENT PAUSE 100000 WRITE"), "+OK\r\n");
    assert_eq!(
        h.run(&mut w, "SET k v\nGET k"),
        "",
        "held, and what follows"
    );
    assert_eq!(h.run(&mut s, "PUBLISH ch x"), "");
    assert_eq!(
        h.run(&mut r, "GET k\nPING"),
        "$-1\r\n+PONG\r\n",
        "reads run"
    );
    // Wrong arity is answered at once: the check comes first.
    assert_eq!(
        h.run(&mut r, "SET k"),
        "-ERR wrong number of arguments for 'set' command\r\n"
    );
    let info = h.run(&mut r, "INFO clients");
    assert!(info.contains("blocked_clients:2\r\n"), "{info}");
    let listed = lines(&h.run(&mut r, "CLIENT LIST ID 2 4"));
    let held = fields(&listed[0]);
    assert_eq!(field(&held, "flags"), "b");
    assert_eq!(field(&held, "cmd"), "set");
    assert_eq!(field(&fields(&listed[1]), "cmd"), "publish");
    // The pausing client is held like the others.
    assert_eq!(h.run(&mut p, "DEL k"), "");
    assert_eq!(h.run(&mut r, "CLIENT UNPAUSE"), "+OK\r\n");
    // Released in the order they were held: the SET ran before the DEL.
    assert_eq!(read(&mut h, &p), ":1\r\n");
    assert_eq!(read(&mut h, &w), "+OK\r\n$1\r\nv\r\n");
    assert_eq!(read(&mut h, &s), ":0\r\n");
    assert!(h
        .run(&mut r, "INFO clients")
        .contains("blocked_clients:0\r\n"));
    assert_eq!(
        h.run(&mut r, "INFO commandstats")
            .matches("cmdstat_set:calls=1,")
            .count(),
        1
    );
}

#[test]
fn pause_all_holds_every_command_until_its_time_is_over() {
    let mut h = Harness::new();
    let mut p = h.client();
    let mut m = h.client();
    let mut r = h.client();
    assert_eq!(h.run(&mut m, "MONITOR"), "+OK\r\n");
    assert_eq!(h.run(&mut p, "CLIENT PAUSE 300"), "+OK\r\n");
    assert_eq!(h.run(&mut r, "PING"), "");
    assert_eq!(
        h.run(&mut p, "CLIENT UNPAUSE"),
        "",
        "even the pausing client"
    );
    // A monitor is a replica to Redis: never held.
    assert_eq!(
        h.run(&mut m, "CLIENT ID"),
        format!(
            ":2\r\n+{}.000000 [0 ?:0] \"CLIENT\" \"ID\"\r\n",
            UNIX_AT_ZERO / 1000
        )
    );
    assert_eq!(h.server.next_timeout(), Some(301));
    h.advance(300);
    h.tick();
    assert_eq!(read(&mut h, &r), "");
    h.advance(1);
    h.tick();
    assert_eq!(read(&mut h, &r), "+PONG\r\n");
    assert_eq!(read(&mut h, &p), "+OK\r\n");
    // Held commands are shown when they run.
    assert_eq!(
        read(&mut h, &m),
        format!("+{}.301000 [0 ?:0] \"PING\"\r\n", UNIX_AT_ZERO / 1000)
    );
}

#[test]
fn pause_arguments_and_merging_as_redis() {
    let mut h = Harness::new();
    let mut p = h.client();
    let mut w = h.client();
    assert_eq!(
        h.run(
            &mut p,
            "CLIENT PAUSE abc\nCLIENT PAUSE -1\nCLIENT PAUSE 10 foo\nCLIENT PAUSE abc foo\n\
             CLIENT PAUSE 10 write x\nCLIENT UNPAUSE x\nCLIENT PAUSE 0 WRITE\n\
             CLIENT PAUSE 9223372036854775807 WRITE"
        ),
        "-ERR timeout is not an integer or out of range\r\n-ERR timeout is negative\r\n\
         -ERR CLIENT PAUSE mode must be WRITE or ALL\r\n-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n\
         -ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n\
         -ERR wrong number of arguments for 'client|unpause' command\r\n+OK\r\n+OK\r\n"
    );
    // A zero or overflowing timeout pauses nothing.
    assert_eq!(h.run(&mut w, "SET k v"), "+OK\r\n");
    // The stronger mode and the later end win.
    assert_eq!(
        h.run(&mut p, "CLIENT PAUSE 1200 WRITE\nCLIENT PAUSE 200 ALL"),
        "+OK\r\n+OK\r\n"
    );
    h.advance(1000);
    assert_eq!(h.run(&mut w, "GET k"), "", "ALL, still at 1000 ms");
    h.advance(201);
    h.tick();
    assert_eq!(read(&mut h, &w), "$1\r\nv\r\n");
}

#[test]
fn keys_neither_expire_nor_get_evicted_while_clients_are_paused() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "SET k v PX 10\nCLIENT PAUSE 100000 WRITE"),
        "+OK\r\n+OK\r\n"
    );
    h.advance(50);
    h.tick();
    // Logically gone, but neither the lookup nor the timer removed it.
    assert_eq!(h.run(&mut c, "GET k\nEXISTS k"), "$-1\r\n:0\r\n");
    assert!(h.run(&mut c, "INFO stats").contains("expired_keys:0\r\n"));
    assert_eq!(h.server.key_count(), 1);
    assert_eq!(h.run(&mut c, "CLIENT UNPAUSE\nGET k"), "+OK\r\n$-1\r\n");
    assert!(h.run(&mut c, "INFO stats").contains("expired_keys:1\r\n"));
}

#[test]
fn a_held_client_keeps_its_input_and_can_be_killed() {
    let mut h = Harness::new();
    let mut p = h.client();
    let mut w = h.client();
    h.run(&mut p, "CLIENT PAUSE 100000 WRITE");
    assert_eq!(h.run(&mut w, "SET a 1"), "");
    assert_eq!(
        h.run(&mut w, "SET b 2\nGET a"),
        "",
        "after the held command"
    );
    let out = h.run(&mut p, "CLIENT KILL ID 2\nINFO clients");
    assert!(out.starts_with(":1\r\n"), "{out}");
    assert!(out.contains("blocked_clients:0\r\n"), "{out}");
    assert!(h.is_closed(&w));
    assert_eq!(h.run(&mut p, "CLIENT UNPAUSE\nDBSIZE"), "+OK\r\n:0\r\n");
}

#[test]
fn info_counts_blocked_clients_and_their_timeouts() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    h.send(&mut a, &cmd("BLPOP l 0"));
    h.send(&mut b, &cmd("BLPOP l 5"));
    let info = h.run(&mut c, "INFO clients");
    assert!(info.contains("blocked_clients:2\r\n"), "{info}");
    assert!(info.contains("clients_in_timeout_table:1\r\n"), "{info}");
}

#[test]
fn a_killed_blocked_client_is_not_served_and_runs_nothing_more() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    assert_eq!(h.send(&mut a, b"BLPOP l 0\r\nSET x 1\r\n"), b"");
    assert_eq!(
        h.run(&mut b, "CLIENT KILL ID 1\nLPUSH l v\nLLEN l\nEXISTS x"),
        ":1\r\n:1\r\n:1\r\n:0\r\n"
    );
    assert_eq!(h.closes, [(a.id, false)]);
    assert_eq!(read(&mut h, &a), "");
}

/// MONITOR shows a transaction's commands before EXEC itself (Redis feeds
/// monitors when a call ends, and EXEC's ends after its commands'), and a
/// refused command is not shown.
#[test]
fn monitor_shows_queued_commands_before_exec() {
    let mut h = Harness::new();
    let mut m = h.client_at("127.0.0.1:5000", "127.0.0.1:6379");
    let mut c = h.client_at("127.0.0.1:6000", "127.0.0.1:6379");
    assert_eq!(h.run(&mut m, "MONITOR"), "+OK\r\n");
    assert_eq!(
        h.run(
            &mut c,
            "MULTI\nSET foo bar\nEXEC\nMULTI\nsyntax error\nEXEC"
        ),
        "+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n+OK\r\n\
         -ERR unknown command 'syntax', with args beginning with: 'error' \r\n\
         -EXECABORT Transaction discarded because of previous errors.\r\n"
    );
    let lines = String::from_utf8(h.read(&m)).unwrap();
    let shown: Vec<&str> = lines
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split("] ").nth(1).unwrap_or(l))
        .collect();
    assert_eq!(
        shown,
        [
            "\"MULTI\"",
            "\"SET\" \"foo\" \"bar\"",
            "\"EXEC\"",
            "\"MULTI\"",
            "\"EXEC\""
        ]
    );
}
