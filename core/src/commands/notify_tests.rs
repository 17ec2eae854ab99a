//! Keyspace notifications, command group by command group: each scenario
//! in `notify_cases.rs` was recorded from redis-server 7.0.15 (a client
//! subscribed to `__key*__:*` while another ran the commands, one marker
//! message after each command), and here replays through the handlers and
//! the store, asserting the exact (channel, message) pairs queued for each
//! step. Then: nothing is queued with notifications off, CONFIG SET/GET of
//! `notify-keyspace-events`, and the paths with no recorded counterpart.

use super::cases::{Step, SCENARIOS};
use crate::commands::{table, Args, ClientState, Ctx};
use crate::config::{Config, Host};
use crate::store::{notify, Store};

/// Clock value the bench starts at: far enough from the Unix epoch the
/// bench's host stands for that `EXPIREAT k 1` is in the past.
const START: u64 = 1_000_000;

/// A store and one client, running commands straight through their
/// handlers (as the dispatcher does once a command passed its checks).
struct Bench {
    store: Store,
    client: ClientState,
}

impl Bench {
    fn new(flags: &str) -> Bench {
        let mut store = Store::new(Config::default(), Host::default(), START);
        store.config.notify_keyspace_events =
            notify::parse_classes(flags.as_bytes()).expect("valid classes");
        store.apply_notify_config();
        Bench {
            store,
            client: ClientState::new(1, true),
        }
    }

    /// Runs one command; its reply, or `-` and its error text.
    fn run(&mut self, args: &[&str]) -> Vec<u8> {
        let argv: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
        let found = table::find(argv[0]).expect("known command");
        let (command, skip) = match argv.get(1) {
            Some(sub) if !found.command.subcommands.is_empty() => (
                table::find_subcommand(found.command, sub)
                    .expect("known subcommand")
                    .command,
                2,
            ),
            _ => (found.command, 1),
        };
        assert!(command.arity_ok(argv.len()), "arity of {args:?}");
        let handler = command.handler.expect("a handler");
        let mut out = Vec::new();
        let mut peers = crate::commands::peers::OwnOnly::default();
        let mut ctx = Ctx::new(&mut self.store, &mut self.client, &mut out, &mut peers);
        if let Err(error) = handler(&mut ctx, &mut Args::new(&argv[skip..])) {
            out.push(b'-');
            out.extend_from_slice(error.text());
        }
        out
    }

    /// The publishes queued since the last call, as text.
    fn published(&mut self) -> Vec<(String, String)> {
        self.store
            .take_publishes()
            .into_iter()
            .map(|(channel, message)| {
                (
                    String::from_utf8(channel.to_vec()).expect("text"),
                    String::from_utf8(message.to_vec()).expect("text"),
                )
            })
            .collect()
    }

    /// Plays one recorded step and asserts what it queued.
    fn step(&mut self, scenario: &str, step: &Step) {
        let (what, want) = match step {
            Step::Run(args, want) | Step::Fails(args, want) => {
                let reply = self.run(args);
                let failed = reply.first() == Some(&b'-');
                assert_eq!(
                    failed,
                    matches!(step, Step::Fails(..)),
                    "{scenario}: {args:?} replied {}",
                    String::from_utf8_lossy(&reply)
                );
                (format!("{args:?}"), want)
            }
            Step::Sleep(ms, want) => {
                self.store.advance_clock(self.store.now + ms);
                (format!("sleep {ms}"), want)
            }
            Step::Active(ms, want) => {
                self.store.advance_clock(self.store.now + ms);
                self.store.expire_cycle(usize::MAX);
                (format!("active expiry after {ms}"), want)
            }
        };
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(c, m)| (c.to_string(), m.to_string()))
            .collect();
        assert_eq!(self.published(), want, "{scenario}: {what}");
    }
}

/// Replays the scenario called `name` under its recorded flags.
fn replay(name: &str) {
    let (_, flags, steps) = SCENARIOS
        .iter()
        .find(|(n, _, _)| *n == name)
        .expect("a recorded scenario");
    let mut bench = Bench::new(flags);
    for step in *steps {
        bench.step(name, step);
    }
}

#[test]
fn strings() {
    replay("strings");
}

#[test]
fn bits() {
    replay("bits");
}

#[test]
fn keys() {
    replay("keys");
    replay("lazy_user_del");
}

#[test]
fn lists() {
    replay("lists");
}

#[test]
fn hashes() {
    replay("hashes");
}

#[test]
fn sets() {
    replay("sets");
}

#[test]
fn zsets() {
    replay("zsets");
}

#[test]
fn sort() {
    replay("sort");
}

#[test]
fn both_channels_in_redis_order() {
    replay("keyspace_and_keyevent");
    replay("keyspace_only");
}

#[test]
fn classes_filter_events() {
    replay("classes_filter");
    replay("new_only");
    replay("keymiss_only");
    replay("off_flags_only_classes");
}

#[test]
fn expiry() {
    replay("lazy_expiry");
    replay("lazy_expiry_keyspace");
    replay("active_expiry");
    replay("scan_and_randomkey");
}

#[test]
fn eviction() {
    replay("eviction");
}

#[test]
fn commands_across_databases_keep_redis_order() {
    replay("across_databases");
}

/// The scenarios the tests above replay: every recorded one.
const REPLAYED: &[&str] = &[
    "strings",
    "bits",
    "keys",
    "lazy_user_del",
    "lists",
    "hashes",
    "sets",
    "zsets",
    "sort",
    "keyspace_and_keyevent",
    "keyspace_only",
    "classes_filter",
    "new_only",
    "keymiss_only",
    "off_flags_only_classes",
    "lazy_expiry",
    "lazy_expiry_keyspace",
    "active_expiry",
    "scan_and_randomkey",
    "eviction",
    "across_databases",
];

#[test]
fn every_recorded_scenario_is_replayed() {
    let mut recorded: Vec<&str> = SCENARIOS.iter().map(|(name, _, _)| *name).collect();
    let mut replayed = REPLAYED.to_vec();
    recorded.sort_unstable();
    replayed.sort_unstable();
    assert_eq!(recorded, replayed);
}

/// Every scenario again with notifications off: nothing is queued and
/// the databases record nothing.
#[test]
fn nothing_is_queued_when_off() {
    for (name, _, steps) in SCENARIOS {
        let mut bench = Bench::new("");
        for step in *steps {
            match step {
                Step::Run(args, _) | Step::Fails(args, _) => {
                    bench.run(args);
                }
                Step::Sleep(ms, _) => bench.store.advance_clock(bench.store.now + ms),
                Step::Active(ms, _) => {
                    bench.store.advance_clock(bench.store.now + ms);
                    bench.store.expire_cycle(usize::MAX);
                }
            }
            assert!(bench.store.pending_publishes.is_empty(), "{name}: {step:?}");
            assert_eq!(bench.store.recorded_key_events(), 0, "{name}: {step:?}");
        }
    }
}

/// CONFIG SET / GET spell the classes as redis-server 7.0.15 does, and the
/// flags take effect at once.
#[test]
fn config_round_trip() {
    let mut bench = Bench::new("");
    let get = |bench: &mut Bench| bench.run(&["CONFIG", "GET", "notify-keyspace-events"]);
    assert_eq!(
        get(&mut bench),
        b"*2\r\n$22\r\nnotify-keyspace-events\r\n$0\r\n\r\n"
    );
    for (given, shown) in [
        ("KEA", "AKE"),
        ("Elg$", "g$lE"),
        ("AKEnm", "AKEm"),
        ("xKn", "xnK"),
    ] {
        let reply = bench.run(&["CONFIG", "SET", "notify-keyspace-events", given]);
        assert_eq!(reply, b"+OK\r\n", "{given}");
        let want = format!(
            "*2\r\n$22\r\nnotify-keyspace-events\r\n${}\r\n{shown}\r\n",
            shown.len()
        );
        assert_eq!(String::from_utf8(get(&mut bench)).unwrap(), want, "{given}");
    }
    let refused = bench.run(&["CONFIG", "SET", "notify-keyspace-events", "KEq"]);
    assert_eq!(
        String::from_utf8(refused).unwrap(),
        "-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') \
         - Invalid event class character. Use 'Ag$lshzxeKEtmdn'."
    );
    // The refused value changed nothing: `xnK` is still in force.
    bench.run(&["SET", "k", "v"]);
    assert_eq!(
        bench.published(),
        [("__keyspace@0__:k".to_string(), "new".to_string())]
    );
    bench.run(&["CONFIG", "SET", "notify-keyspace-events", ""]);
    bench.run(&["SET", "k2", "v"]);
    assert!(bench.published().is_empty());
}

/// Channels and messages carry any bytes, and the database number in
/// decimal.
#[test]
fn binary_keys_and_database_numbers() {
    let mut store = Store::new(Config::default(), Host::default(), START);
    store.config.notify_keyspace_events = notify::parse_classes(b"KEg").unwrap();
    store.apply_notify_config();
    store.notify(notify::GENERIC, "del", 15, b"a\x00\xff b");
    let queued: Vec<(&[u8], &[u8])> = store
        .pending_publishes
        .iter()
        .map(|(c, m)| (&c[..], &m[..]))
        .collect();
    assert_eq!(
        queued,
        [
            (&b"__keyspace@15__:a\x00\xff b"[..], &b"del"[..]),
            (&b"__keyevent@15__:del"[..], &b"a\x00\xff b"[..]),
        ]
    );
    // A class that is off queues nothing.
    store.notify(notify::LIST, "lpush", 0, b"k");
    assert_eq!(store.take_publishes().len(), 2);
}

/// Eviction publishes `evicted` in the victim's database, with the
/// events of the write that made room recorded before it.
#[test]
fn eviction_names_the_victims_database() {
    let mut bench = Bench::new("Ee");
    bench.run(&["CONFIG", "SET", "maxmemory-policy", "allkeys-random"]);
    bench.run(&["SELECT", "7"]);
    bench.run(&["SET", "victim", "v"]);
    assert!(bench.published().is_empty());
    bench.store.config.maxmemory = 1;
    bench.store.make_room(None);
    assert_eq!(
        bench.published(),
        [("__keyevent@7__:evicted".to_string(), "victim".to_string())]
    );
}

/// SWAPDB queues the events the databases recorded before it under their
/// old numbers.
#[test]
fn swapdb_keeps_recorded_events_with_their_database() {
    let mut bench = Bench::new("Ex");
    bench.run(&["SELECT", "2"]);
    bench.run(&["SET", "k", "v", "PX", "10"]);
    bench.store.advance_clock(bench.store.now + 50);
    // A lookup records the expiry; nothing else queues it before SWAPDB.
    bench.run(&["STRLEN", "k"]);
    bench.run(&["SWAPDB", "2", "4"]);
    assert_eq!(
        bench.published(),
        [("__keyevent@2__:expired".to_string(), "k".to_string())]
    );
}
