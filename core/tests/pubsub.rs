//! Pub/Sub: subscriptions, deliveries to other clients, subscribed mode,
//! PUBSUB introspection, INFO counters and the `pubsub` output limit
//! class; exact redis-server 7.0.15 bytes in RESP2 and RESP3 (checked
//! against a reference server, several connections at once).

mod support;
use support::{Client, Harness};

/// The subscribed-mode refusal for a command's full name.
fn refused(name: &str) -> String {
    format!(
        "-ERR Can't execute '{name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n"
    )
}

/// Everything the core holds for `client`, as text.
fn read(h: &mut Harness, client: &Client) -> String {
    String::from_utf8_lossy(&h.read(client)).into_owned()
}

fn resp3(h: &mut Harness) -> Client {
    let mut c = h.client();
    assert!(h.run(&mut c, "HELLO 3").starts_with("%7\r\n"));
    c
}

#[test]
fn subscribe_confirms_each_channel_with_the_running_count() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "SUBSCRIBE x y x"),
        "*3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n\
         *3\r\n$9\r\nsubscribe\r\n$1\r\ny\r\n:2\r\n\
         *3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:2\r\n"
    );
    // Unsubscribing from a channel it is not on still answers.
    assert_eq!(
        h.run(&mut c, "UNSUBSCRIBE z"),
        "*3\r\n$11\r\nunsubscribe\r\n$1\r\nz\r\n:2\r\n"
    );
    // Patterns count with channels.
    assert_eq!(
        h.run(&mut c, "PSUBSCRIBE x* [xy]"),
        "*3\r\n$10\r\npsubscribe\r\n$2\r\nx*\r\n:3\r\n\
         *3\r\n$10\r\npsubscribe\r\n$4\r\n[xy]\r\n:4\r\n"
    );
    // Without arguments: every channel, in subscription order here.
    assert_eq!(
        h.run(&mut c, "UNSUBSCRIBE"),
        "*3\r\n$11\r\nunsubscribe\r\n$1\r\nx\r\n:3\r\n\
         *3\r\n$11\r\nunsubscribe\r\n$1\r\ny\r\n:2\r\n"
    );
    // Nothing left to unsubscribe: one reply with a nil channel.
    assert_eq!(
        h.run(&mut c, "UNSUBSCRIBE"),
        "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:2\r\n"
    );
    assert_eq!(
        h.run(&mut c, "PUNSUBSCRIBE\nPUNSUBSCRIBE"),
        "*3\r\n$12\r\npunsubscribe\r\n$2\r\nx*\r\n:1\r\n\
         *3\r\n$12\r\npunsubscribe\r\n$4\r\n[xy]\r\n:0\r\n\
         *3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n"
    );
    // Out of subscribed mode: anything runs again.
    assert_eq!(h.run(&mut c, "GET k\nPING"), "$-1\r\n+PONG\r\n");
    assert_eq!(
        h.run(&mut c, "UNSUBSCRIBE"),
        "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n"
    );
}

#[test]
fn a_resp2_subscriber_may_only_run_the_subscription_commands() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "SUBSCRIBE ch");
    // The name is the lower-case full name, whatever was typed.
    assert_eq!(
        h.run(&mut c, "get k\nGeT k\nCONFIG GET x"),
        format!(
            "{}{}{}",
            refused("get"),
            refused("get"),
            refused("config|get")
        )
    );
    // Unknown commands and wrong arities are refused first, as such.
    assert_eq!(
        h.run(&mut c, "NOSUCH\nGET\nPING a b"),
        "-ERR unknown command 'NOSUCH', with args beginning with: \r\n\
         -ERR wrong number of arguments for 'get' command\r\n\
         -ERR wrong number of arguments for 'ping' command\r\n"
    );
    // PING answers as a two-element array.
    assert_eq!(
        h.run(&mut c, "PING\nPING hi"),
        "*2\r\n$4\r\npong\r\n$0\r\n\r\n*2\r\n$4\r\npong\r\n$2\r\nhi\r\n"
    );
    // The refusals count as rejected calls, not calls.
    assert_eq!(
        h.run(&mut c, "UNSUBSCRIBE ch"),
        "*3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n"
    );
    let stats = h.run(&mut c, "INFO commandstats");
    assert!(
        stats.contains(
            "cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=3,failed_calls=0\r\n"
        ),
        "{stats}"
    );
    // QUIT is allowed.
    h.run(&mut c, "SUBSCRIBE ch");
    assert_eq!(h.run(&mut c, "QUIT"), "+OK\r\n");
    assert!(c.closed);
}

#[test]
fn shard_subscriptions_count_apart_but_keep_subscribed_mode() {
    let mut h = Harness::new();
    let mut c = h.client();
    assert_eq!(
        h.run(&mut c, "SSUBSCRIBE s\nSUBSCRIBE c"),
        "*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n\
         *3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n"
    );
    assert_eq!(
        h.run(&mut c, "UNSUBSCRIBE\nGET k"),
        format!(
            "*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n{}",
            refused("get")
        )
    );
    assert_eq!(
        h.run(
            &mut c,
            "PUNSUBSCRIBE\nSUBSCRIBE c\nSUNSUBSCRIBE\nSUNSUBSCRIBE\nGET k"
        ),
        format!(
            "*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n\
             *3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n\
             *3\r\n$12\r\nsunsubscribe\r\n$1\r\ns\r\n:0\r\n\
             *3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n{}",
            refused("get")
        )
    );
    assert_eq!(
        h.run(&mut c, "UNSUBSCRIBE c\nGET k"),
        "*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n$-1\r\n"
    );
}

#[test]
fn publish_reaches_channel_and_pattern_subscribers_of_either_protocol() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = resp3(&mut h);
    let mut publisher = h.client();
    h.run(&mut a, "SUBSCRIBE news other\nPSUBSCRIBE n*");
    assert_eq!(
        h.run(&mut b, "SUBSCRIBE news\nPSUBSCRIBE x*"),
        ">3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n\
         >3\r\n$10\r\npsubscribe\r\n$2\r\nx*\r\n:2\r\n"
    );
    // Two channel subscribers and one matching pattern subscription.
    assert_eq!(h.run(&mut publisher, "PUBLISH news hello"), ":3\r\n");
    assert_eq!(
        read(&mut h, &a),
        "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n\
         *4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n"
    );
    assert_eq!(
        read(&mut h, &b),
        ">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n"
    );
    assert_eq!(
        h.run(&mut publisher, "PUBLISH xyz m\nPUBLISH zzz m"),
        ":1\r\n:0\r\n"
    );
    assert_eq!(
        read(&mut h, &b),
        ">4\r\n$8\r\npmessage\r\n$2\r\nx*\r\n$3\r\nxyz\r\n$1\r\nm\r\n"
    );
    assert_eq!(read(&mut h, &a), "");
    // Binary-safe channel and payload.
    let sent = h.send(
        &mut publisher,
        b"*3\r\n$7\r\nPUBLISH\r\n$5\r\nother\r\n$4\r\n\r\n\x00\xff\r\n",
    );
    assert_eq!(sent, b":1\r\n");
    assert_eq!(
        h.read(&a),
        b"*3\r\n$7\r\nmessage\r\n$5\r\nother\r\n$4\r\n\r\n\x00\xff\r\n"
    );
}

#[test]
fn a_resp3_client_runs_anything_and_reads_its_own_messages_first() {
    let mut h = Harness::new();
    let mut c = resp3(&mut h);
    assert_eq!(
        h.run(&mut c, "SUBSCRIBE x\nUNSUBSCRIBE z\nPING\nGET k"),
        ">3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n\
         >3\r\n$11\r\nunsubscribe\r\n$1\r\nz\r\n:1\r\n\
         +PONG\r\n_\r\n"
    );
    // The message to itself comes before PUBLISH's reply.
    assert_eq!(
        h.run(&mut c, "PUBLISH x m"),
        ">3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$1\r\nm\r\n:1\r\n"
    );
    assert_eq!(
        h.run(&mut c, "PSUBSCRIBE *\nPUBLISH x m\nECHO after"),
        ">3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:2\r\n\
         >3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$1\r\nm\r\n\
         >4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$1\r\nx\r\n$1\r\nm\r\n:2\r\n\
         $5\r\nafter\r\n"
    );
    assert_eq!(
        h.run(
            &mut c,
            "UNSUBSCRIBE\nUNSUBSCRIBE\nPUNSUBSCRIBE\nPUNSUBSCRIBE\nSUNSUBSCRIBE"
        ),
        ">3\r\n$11\r\nunsubscribe\r\n$1\r\nx\r\n:1\r\n\
         >3\r\n$11\r\nunsubscribe\r\n_\r\n:1\r\n\
         >3\r\n$12\r\npunsubscribe\r\n$1\r\n*\r\n:0\r\n\
         >3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n\
         >3\r\n$12\r\nsunsubscribe\r\n_\r\n:0\r\n"
    );
    assert_eq!(
        h.run(
            &mut c,
            "SSUBSCRIBE s1 s2\nSPUBLISH s1 m\nSUBSCRIBE c\nSUNSUBSCRIBE"
        ),
        ">3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:1\r\n\
         >3\r\n$10\r\nssubscribe\r\n$2\r\ns2\r\n:2\r\n\
         >3\r\n$8\r\nsmessage\r\n$2\r\ns1\r\n$1\r\nm\r\n:1\r\n\
         >3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n\
         >3\r\n$12\r\nsunsubscribe\r\n$2\r\ns1\r\n:1\r\n\
         >3\r\n$12\r\nsunsubscribe\r\n$2\r\ns2\r\n:0\r\n"
    );
    // Back to RESP2 with a subscription left: subscribed mode.
    assert!(h.run(&mut c, "HELLO 2").starts_with("*14\r\n"));
    assert_eq!(h.run(&mut c, "GET k"), refused("get"));
}

#[test]
fn spublish_reaches_shard_subscribers_only() {
    let mut h = Harness::new();
    let mut shard = h.client();
    let mut plain = h.client();
    let mut publisher = h.client();
    h.run(&mut shard, "SSUBSCRIBE sh");
    h.run(&mut plain, "SUBSCRIBE sh\nPSUBSCRIBE *");
    assert_eq!(h.run(&mut publisher, "SPUBLISH sh m"), ":1\r\n");
    assert_eq!(
        read(&mut h, &shard),
        "*3\r\n$8\r\nsmessage\r\n$2\r\nsh\r\n$1\r\nm\r\n"
    );
    assert_eq!(read(&mut h, &plain), "");
    assert_eq!(h.run(&mut publisher, "PUBLISH sh m"), ":2\r\n");
    assert_eq!(read(&mut h, &shard), "");
}

#[test]
fn pubsub_introspection() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    assert_eq!(
        h.run(
            &mut c,
            "PUBSUB NUMPAT\nPUBSUB CHANNELS\nPUBSUB NUMSUB\nPUBSUB SHARDNUMSUB"
        ),
        ":0\r\n*0\r\n*0\r\n*0\r\n"
    );
    h.run(&mut a, "SUBSCRIBE ch1 ch2\nPSUBSCRIBE c*\nSSUBSCRIBE sh");
    h.run(&mut b, "SUBSCRIBE ch1\nPSUBSCRIBE c* d*");
    assert_eq!(
        h.run(
            &mut c,
            "PUBSUB CHANNELS\nPUBSUB CHANNELS *2\npubsub channels ["
        ),
        "*2\r\n$3\r\nch1\r\n$3\r\nch2\r\n*1\r\n$3\r\nch2\r\n*0\r\n"
    );
    assert_eq!(
        h.run(&mut c, "PUBSUB NUMSUB ch1 ch2 nope ch1"),
        "*8\r\n$3\r\nch1\r\n:2\r\n$3\r\nch2\r\n:1\r\n$4\r\nnope\r\n:0\r\n$3\r\nch1\r\n:2\r\n"
    );
    assert_eq!(h.run(&mut c, "PUBSUB NUMPAT"), ":2\r\n");
    assert_eq!(
        h.run(
            &mut c,
            "PUBSUB SHARDCHANNELS\nPUBSUB SHARDCHANNELS x*\nPUBSUB SHARDNUMSUB sh x"
        ),
        "*1\r\n$2\r\nsh\r\n*0\r\n*4\r\n$2\r\nsh\r\n:1\r\n$1\r\nx\r\n:0\r\n"
    );
    assert_eq!(
        h.run(&mut c, "PUBLISH ch1 m\nSPUBLISH sh m"),
        ":4\r\n:1\r\n"
    );
    // NUMSUB stays a flat array in RESP3.
    h.run(&mut c, "HELLO 3");
    assert_eq!(
        h.run(&mut c, "PUBSUB NUMSUB ch1 x"),
        "*4\r\n$3\r\nch1\r\n:2\r\n$1\r\nx\r\n:0\r\n"
    );
    assert_eq!(
        h.run(
            &mut c,
            "PUBSUB ChanNels a b\nPUBSUB SHARDCHANNELS a b\nPUBSUB NUMPAT x\nPUBSUB HELP x\nPubSub nosuch\nPUBSUB"
        ),
        "-ERR unknown subcommand or wrong number of arguments for 'ChanNels'. Try PUBSUB HELP.\r\n\
         -ERR unknown subcommand or wrong number of arguments for 'SHARDCHANNELS'. Try PUBSUB HELP.\r\n\
         -ERR wrong number of arguments for 'pubsub|numpat' command\r\n\
         -ERR wrong number of arguments for 'pubsub|help' command\r\n\
         -ERR unknown subcommand 'nosuch'. Try PUBSUB HELP.\r\n\
         -ERR wrong number of arguments for 'pubsub' command\r\n"
    );
    assert_eq!(
        h.run(&mut c, "PUBSUB HELP"),
        "*14\r\n\
         +PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n\
         +CHANNELS [<pattern>]\r\n\
         +    Return the currently active channels matching a <pattern> (default: '*').\r\n\
         +NUMPAT\r\n\
         +    Return number of subscriptions to patterns.\r\n\
         +NUMSUB [<channel> ...]\r\n\
         +    Return the number of subscribers for the specified channels, excluding\r\n\
         +    pattern subscriptions(default: no channels).\r\n\
         +SHARDCHANNELS [<pattern>]\r\n\
         +    Return the currently active shard level channels matching a <pattern> (default: '*').\r\n\
         +SHARDNUMSUB [<shardchannel> ...]\r\n\
         +    Return the number of subscribers for the specified shard level channel(s)\r\n\
         +HELP\r\n\
         +    Prints this help.\r\n"
    );
}

#[test]
fn info_stats_counts_active_channels_and_patterns() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    let mut c = h.client();
    h.run(&mut a, "SUBSCRIBE ch1 ch2\nPSUBSCRIBE c*\nSSUBSCRIBE sh");
    h.run(&mut b, "SUBSCRIBE ch1\nPSUBSCRIBE c* d*");
    let stats = h.run(&mut c, "INFO stats");
    assert!(
        stats.contains(
            "keyspace_misses:0\r\npubsub_channels:2\r\npubsub_patterns:2\r\n\
             pubsubshard_channels:1\r\nlatest_fork_usec:0\r\n"
        ),
        "{stats}"
    );
}

#[test]
fn a_gone_client_is_forgotten() {
    let mut h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    h.run(&mut a, "SUBSCRIBE ch\nPSUBSCRIBE *\nSSUBSCRIBE sh");
    h.server.closed(a.id, h.now);
    assert_eq!(
        h.run(
            &mut b,
            "PUBLISH ch m\nSPUBLISH sh m\nPUBSUB NUMSUB ch\nPUBSUB NUMPAT"
        ),
        ":0\r\n:0\r\n*2\r\n$2\r\nch\r\n:0\r\n:0\r\n"
    );
    // A client closed by the server (QUIT) stops receiving at once.
    let mut q = h.client();
    h.run(&mut q, "SUBSCRIBE ch\nQUIT");
    assert!(q.closed);
    assert_eq!(h.run(&mut b, "PUBLISH ch m"), ":0\r\n");
}

/// Sends `PUBLISH <channel> <payload>` from `publisher` and returns its reply.
fn publish(h: &mut Harness, publisher: &mut Client, channel: &str, payload: &[u8]) -> Vec<u8> {
    let mut input = format!(
        "*3\r\n$7\r\nPUBLISH\r\n${}\r\n{channel}\r\n${}\r\n",
        channel.len(),
        payload.len()
    )
    .into_bytes();
    input.extend_from_slice(payload);
    input.extend_from_slice(b"\r\n");
    h.send(publisher, &input)
}

#[test]
fn a_subscriber_that_does_not_read_is_closed_at_the_pubsub_hard_limit() {
    // Redis's defaults: normal clients have no limit, subscribers 32mb.
    let mut h = Harness::new();
    let mut slow = h.client();
    let mut reader = h.client();
    let mut publisher = h.client();
    h.run(&mut slow, "SUBSCRIBE ch");
    h.run(&mut reader, "SUBSCRIBE ch");
    let payload = vec![b'p'; 1 << 20];
    let message_len = read_len_of_message(payload.len());
    let mut published = 0;
    while !h.is_closed(&slow) {
        let reply = publish(&mut h, &mut publisher, "ch", &payload);
        published += 1;
        // The slow one counts as a receiver until it is closed.
        assert_eq!(reply, b":2\r\n");
        assert_eq!(
            h.read(&reader).len(),
            message_len,
            "the reader gets each one"
        );
        assert!(published <= 32, "never closed");
    }
    // Closed once its unwritten messages reached 32mb, output dropped.
    assert_eq!(published, (32 << 20) / message_len + 1);
    assert_eq!(h.closes, [(slow.id, false)]);
    assert_eq!(h.server.unwritten_output(slow.id), 0);
    assert!(!h.is_closed(&reader) && !h.is_closed(&publisher));
    assert_eq!(publish(&mut h, &mut publisher, "ch", b"m"), b":1\r\n");
    assert_eq!(
        h.read(&reader),
        b"*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n"
    );
}

/// Bytes of one RESP2 `message` on channel `ch` with a payload of `len`.
fn read_len_of_message(len: usize) -> usize {
    "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n".len() + format!("${len}\r\n").len() + len + 2
}

#[test]
fn subscribers_follow_the_pubsub_class_limits_not_the_normal_ones() {
    let mut h = Harness::new();
    let mut admin = h.client();
    assert_eq!(
        h.run(
            &mut admin,
            "CONFIG SET client-output-buffer-limit \"normal 100 0 0 pubsub 0 100 2\""
        ),
        "+OK\r\n"
    );
    let mut sub = h.client();
    let mut publisher = h.client();
    h.run(&mut sub, "SUBSCRIBE ch");
    // Over the normal hard limit, but a subscriber has none.
    publish(&mut h, &mut publisher, "ch", &[b'x'; 150]);
    assert!(!h.is_closed(&sub));
    assert!(h.server.unwritten_output(sub.id) > 150);
    // Over the pubsub soft limit since time 0: closed after 2 seconds.
    assert_eq!(h.server.next_timeout(), Some(2001));
    h.advance(2000);
    h.tick();
    assert!(!h.is_closed(&sub));
    h.advance(1);
    h.tick();
    assert_eq!(h.closes, [(sub.id, false)]);
    // The publisher, a normal client, is held to the normal hard limit.
    let reply = h.run(&mut publisher, &format!("ECHO {}", "e".repeat(120)));
    assert_eq!(reply, "");
    assert!(publisher.closed);
}

#[test]
fn unsubscribing_moves_a_client_back_to_the_normal_class() {
    let mut h = Harness::new();
    let mut admin = h.client();
    h.run(
        &mut admin,
        "CONFIG SET client-output-buffer-limit \"normal 0 100 1 pubsub 0 100 5\"",
    );
    let mut c = h.client();
    h.run(&mut c, "SUBSCRIBE ch");
    let mut publisher = h.client();
    publish(&mut h, &mut publisher, "ch", &[b'x'; 150]);
    assert_eq!(h.server.next_timeout(), Some(5001));
    // Unsubscribing (its output still unread) makes it a normal client:
    // the same start, the normal class's one second.
    h.send_unread(&mut c, b"UNSUBSCRIBE\r\n");
    assert_eq!(h.server.next_timeout(), Some(1001));
    h.advance(1001);
    h.tick();
    assert!(h.is_closed(&c));
}

#[test]
fn the_idle_timeout_spares_subscribers() {
    let mut h = Harness::new();
    let mut admin = h.client();
    h.run(&mut admin, "CONFIG SET timeout 1");
    let mut sub = h.client();
    let mut idle = h.client();
    h.run(&mut sub, "SUBSCRIBE ch");
    h.run(&mut idle, "PING");
    for _ in 0..5 {
        h.advance(900);
        h.tick();
        if h.is_closed(&idle) && h.server.is_connected(idle.id) {
            h.server.closed(idle.id, h.now); // as an adapter reports it
        }
        h.run(&mut admin, "PING");
    }
    assert!(h.is_closed(&idle));
    assert!(!h.is_closed(&sub));
    assert!(h.server.next_timeout().is_some_and(|at| at > h.now));
    assert_eq!(h.run(&mut admin, "PUBLISH ch m"), ":1\r\n");
    assert_eq!(
        read(&mut h, &sub),
        "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n"
    );
    // Once it has no subscription left, the timeout applies again.
    h.run(&mut sub, "UNSUBSCRIBE");
    h.advance(1100);
    h.run(&mut admin, "PING");
    h.advance(1000);
    h.tick();
    assert!(h.is_closed(&sub));
}

/// One message to subscribers of both protocols and to a pattern: each
/// gets its own encoding, though the engine encodes a message once per run
/// of equal deliveries.
#[test]
fn one_message_reaches_mixed_protocols_each_in_its_own_encoding() {
    let mut h = Harness::new();
    let mut two = h.client();
    let mut three = h.client();
    let mut two_again = h.client();
    let mut pattern = h.client();
    let mut publisher = h.client();
    h.run(&mut two, "SUBSCRIBE ch");
    h.run(&mut three, "HELLO 3");
    h.run(&mut three, "SUBSCRIBE ch");
    h.run(&mut two_again, "SUBSCRIBE ch");
    h.run(&mut pattern, "PSUBSCRIBE c*");
    assert_eq!(h.run(&mut publisher, "PUBLISH ch hi"), ":4\r\n");
    let resp2 = b"*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n";
    assert_eq!(h.read(&two), resp2);
    assert_eq!(
        h.read(&three),
        b">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"
    );
    assert_eq!(h.read(&two_again), resp2);
    assert_eq!(
        h.read(&pattern),
        b"*4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$2\r\nhi\r\n"
    );
}

/// Found by the simulation: a RESP3 subscriber blocked in BLPOP reads a
/// message published before the push (or the CLIENT UNBLOCK) that ends
/// its wait first, as Redis writes each message when it is published
/// (checked against redis-server 7.0.15).
#[test]
fn a_message_published_before_a_blocked_subscriber_is_served_comes_first() {
    let mut h = Harness::new();
    let mut sub = resp3(&mut h);
    let mut publisher = h.client();
    h.run(&mut sub, "SUBSCRIBE ch\nBLPOP k 0");
    assert_eq!(
        h.run(&mut publisher, "PUBLISH ch m\nLPUSH k v"),
        ":1\r\n:1\r\n"
    );
    assert_eq!(
        read(&mut h, &sub),
        ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n*2\r\n$1\r\nk\r\n$1\r\nv\r\n"
    );
    h.run(&mut sub, "BLPOP k 0");
    let unblock = format!("PUBLISH ch n\nCLIENT UNBLOCK {}", sub.id.get());
    assert_eq!(h.run(&mut publisher, &unblock), ":1\r\n:1\r\n");
    assert_eq!(
        read(&mut h, &sub),
        ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nn\r\n_\r\n"
    );
}

/// Subscribed mode is checked as a command arrives: a RESP3 subscriber
/// that queues HELLO 2 in a transaction still runs the commands queued
/// after it (redis-server 7.0.15: `*2`, the HELLO map, `*0`). Found by the
/// simulation.
#[test]
fn subscribed_mode_is_not_checked_again_inside_exec() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "HELLO 3");
    h.run(&mut c, "SUBSCRIBE ch");
    assert_eq!(
        h.run(&mut c, "MULTI\nHELLO 2\nHKEYS nokey"),
        "+OK\r\n+QUEUED\r\n+QUEUED\r\n"
    );
    let exec = h.run(&mut c, "EXEC");
    assert!(exec.starts_with("*2\r\n*14\r\n$6\r\nserver\r\n"), "{exec}");
    assert!(exec.ends_with("*0\r\n"), "{exec}");
}
