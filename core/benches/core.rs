//! Core microbenchmarks: decode, execute and encode cost per command, and
//! heap allocations per command, for SET / GET / LPUSH / LPOP pipelines of
//! 16 commands fed to `Server::receive` the way an adapter feeds one read
//! (then the output taken and reported written, as an adapter does).
//!
//! A small self-contained harness (no benchmark framework): each workload
//! runs for a fixed number of batches, five times, and the median is
//! printed. Wall-clock figures are noisy on a shared machine; for a
//! repeatable before/after comparison run one workload under callgrind and
//! compare instruction counts:
//!
//! ```sh
//! cargo bench -p miniredis-core --bench core                 # all, timed
//! cargo bench -p miniredis-core --bench core -- set          # one workload
//! MINIREDIS_BENCH_ONCE=1 valgrind --tool=callgrind \
//!     --toggle-collect='*handle_batches*' \
//!     target/release/deps/core-<hash> set                    # instructions
//! ```
//!
//! With `--toggle-collect` callgrind counts only the measured `handle`
//! loop: divide its total by 65,536 (4,096 batches of 16) for instructions
//! per command. `bench/core-instructions` does exactly that.
//!
//! `execute` is derived: the whole `handle` call minus decoding the same
//! bytes and encoding the same replies on their own.
//!
//! Allocation figures come from a counting global allocator, so they are
//! exact, not sampled.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

use miniredis_core::protocol::{Decoder, Limits, Protocol, ReplyWriter};
use miniredis_core::{ClientId, Config, Host, Server};

struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static ALLOC_BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        ALLOC_BYTES.fetch_add(layout.size() as u64, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        ALLOC_BYTES.fetch_add(new_size.saturating_sub(layout.size()) as u64, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const PIPELINE: usize = 16;
const BATCHES: usize = 4096;
const KEYSPACE: u64 = 100_000;

/// One workload: its name, how to write command `i`, and how to write the
/// reply the server gives to it (for the encode-only measurement).
struct Workload {
    name: &'static str,
    command: fn(u64, &mut Vec<u8>),
    reply: fn(&mut ReplyWriter),
}

fn bulk(out: &mut Vec<u8>, arg: &[u8]) {
    out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
    out.extend_from_slice(arg);
    out.extend_from_slice(b"\r\n");
}

fn command(out: &mut Vec<u8>, args: &[&[u8]]) {
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for arg in args {
        bulk(out, arg);
    }
}

fn key(n: u64) -> Vec<u8> {
    format!("key:{:012}", n % KEYSPACE).into_bytes()
}

const VALUE: &[u8] = b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

const WORKLOADS: &[Workload] = &[
    Workload {
        name: "set",
        command: |n, out| command(out, &[b"SET", &key(n), VALUE]),
        reply: |w| w.ok(),
    },
    Workload {
        name: "get",
        command: |n, out| command(out, &[b"GET", &key(n)]),
        reply: |w| w.bulk(VALUE),
    },
    Workload {
        name: "lpush",
        command: |_, out| command(out, &[b"LPUSH", b"mylist", VALUE]),
        reply: |w| w.integer(100_000),
    },
    Workload {
        name: "lpop",
        command: |_, out| command(out, &[b"LPOP", b"mylist"]),
        reply: |w| w.bulk(VALUE),
    },
    Workload {
        name: "evalsha",
        command: |n, out| command(out, &[b"EVALSHA", INCR_SHA, b"1", &key(n)]),
        reply: |w| w.integer(1),
    },
    Workload {
        name: "fcall",
        command: |n, out| command(out, &[b"FCALL", b"incr_expire", b"1", &key(n)]),
        reply: |w| w.integer(1),
    },
    Workload {
        name: "limiter",
        command: |n, out| {
            let now = (1_000_000 + n % 1000).to_string();
            let member = n.to_string();
            command(
                out,
                &[
                    b"EVALSHA",
                    LIMITER_SHA,
                    b"1",
                    &key(n),
                    now.as_bytes(),
                    b"60000",
                    b"10",
                    member.as_bytes(),
                ],
            )
        },
        reply: |w| w.integer(1),
    },
];

/// The scripts of bench/scripting: INCR + EXPIRE, and a sliding-window
/// rate limiter on a sorted set. Their SHA1s are checked when loaded.
const INCR: &[u8] =
    b"local v = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], 60) return v";
const INCR_SHA: &[u8] = b"b53dec798f0729ac526f9bcab3a22b8352a19f05";
/// The INCR + EXPIRE script as a function, for FCALL.
const INCR_LIBRARY: &[u8] = b"#!lua name=bench
redis.register_function('incr_expire', function(keys, args)
  local v = redis.call('INCR', keys[1]) redis.call('EXPIRE', keys[1], 60) return v
end)";
const LIMITER: &[u8] = b"local key, now = KEYS[1], tonumber(ARGV[1])
local window, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return 1
end
return 0
";
const LIMITER_SHA: &[u8] = b"1daefbc7a21f64defb1dba204bdd6c31e05402f0";

/// Pseudo-random key numbers, the same on every run.
fn numbers(count: usize) -> Vec<u64> {
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        })
        .collect()
}

/// The input of every batch: `PIPELINE` commands each.
fn batches(workload: &Workload) -> Vec<Vec<u8>> {
    let numbers = numbers(BATCHES * PIPELINE);
    numbers
        .chunks(PIPELINE)
        .map(|chunk| {
            let mut batch = Vec::new();
            for &n in chunk {
                (workload.command)(n, &mut batch);
            }
            batch
        })
        .collect()
}

/// A server in the state the workload expects: every key present for GET,
/// a list long enough for every LPOP.
fn prepared_server(workload: &Workload) -> Server {
    let mut server = Server::new(Config::default(), Host::default(), 0);
    let conn = server.connect(0);
    let mut out = Vec::new();
    let mut setup = Vec::new();
    match workload.name {
        "get" => {
            for n in 0..KEYSPACE {
                command(&mut setup, &[b"SET", &key(n), VALUE]);
            }
        }
        "lpop" => {
            for _ in 0..BATCHES * PIPELINE * 6 {
                command(&mut setup, &[b"LPUSH", b"mylist", VALUE]);
            }
        }
        "evalsha" | "limiter" => {
            command(&mut setup, &[b"SCRIPT", b"LOAD", INCR]);
            command(&mut setup, &[b"SCRIPT", b"LOAD", LIMITER]);
        }
        "fcall" => command(&mut setup, &[b"FUNCTION", b"LOAD", INCR_LIBRARY]),
        _ => {}
    }
    server.receive(conn, &setup, 0);
    server.take_output(conn, &mut out);
    if workload.name == "evalsha" || workload.name == "limiter" {
        let expected = format!(
            "$40\r\n{}\r\n$40\r\n{}\r\n",
            String::from_utf8_lossy(INCR_SHA),
            String::from_utf8_lossy(LIMITER_SHA)
        );
        assert_eq!(
            String::from_utf8_lossy(&out),
            expected,
            "the scripts' SHA1s"
        );
    }
    server.closed(conn, 0);
    server
}

struct Sample {
    handle_ns: f64,
    decode_ns: f64,
    encode_ns: f64,
    allocs: f64,
    alloc_bytes: f64,
}

/// The measured `handle` loop, kept out of line so callgrind can count
/// just it: `--toggle-collect=*handle_batches*`.
#[inline(never)]
fn handle_batches(server: &mut Server, conn: ClientId, input: &[Vec<u8>], out: &mut Vec<u8>) {
    for batch in input {
        server.receive(conn, batch, 1);
        while let Some(event) = server.poll_event() {
            black_box(event);
        }
        server.take_output(conn, out);
        black_box(&out);
        server.written(conn, out.len(), 1);
        out.clear();
    }
}

fn run_once(workload: &Workload, input: &[Vec<u8>], server: &mut Server) -> Sample {
    let commands = (input.len() * PIPELINE) as f64;

    let mut decoder = Decoder::new();
    let limits = Limits::default();
    let start = Instant::now();
    for batch in input {
        decoder.extend(batch);
        while let Some(args) = decoder.next_command(&limits).unwrap() {
            black_box(args.len());
            black_box(&args);
        }
    }
    let decode_ns = start.elapsed().as_nanos() as f64 / commands;

    let mut out = Vec::with_capacity(64 * 1024);
    let start = Instant::now();
    for _ in input {
        for _ in 0..PIPELINE {
            (workload.reply)(&mut ReplyWriter::new(&mut out, Protocol::Resp2));
        }
        black_box(&out);
        out.clear();
    }
    let encode_ns = start.elapsed().as_nanos() as f64 / commands;

    let conn = server.connect(0);
    let (allocs, bytes) = (ALLOCS.load(Relaxed), ALLOC_BYTES.load(Relaxed));
    let start = Instant::now();
    handle_batches(server, conn, input, &mut out);
    let handle_ns = start.elapsed().as_nanos() as f64 / commands;
    let allocs = (ALLOCS.load(Relaxed) - allocs) as f64 / commands;
    let alloc_bytes = (ALLOC_BYTES.load(Relaxed) - bytes) as f64 / commands;
    server.closed(conn, 0);
    Sample {
        handle_ns,
        decode_ns,
        encode_ns,
        allocs,
        alloc_bytes,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters workloads.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let once = std::env::var_os("MINIREDIS_BENCH_ONCE").is_some();
    let runs = if once { 1 } else { 5 };
    println!(
        "{:<6} {:>10} {:>10} {:>10} {:>10} {:>12} {:>12}",
        "cmd", "handle ns", "decode ns", "execute ns", "encode ns", "allocs/cmd", "bytes/cmd"
    );
    for workload in WORKLOADS {
        if !filters.is_empty() && !filters.iter().any(|f| f == workload.name) {
            continue;
        }
        let input = batches(workload);
        let mut server = prepared_server(workload);
        let samples: Vec<Sample> = (0..runs)
            .map(|_| run_once(workload, &input, &mut server))
            .collect();
        let pick = |f: fn(&Sample) -> f64| median(samples.iter().map(f).collect());
        let handle = pick(|s| s.handle_ns);
        let decode = pick(|s| s.decode_ns);
        let encode = pick(|s| s.encode_ns);
        println!(
            "{:<6} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>12.2} {:>12.1}",
            workload.name,
            handle,
            decode,
            (handle - decode - encode).max(0.0),
            encode,
            pick(|s| s.allocs),
            pick(|s| s.alloc_bytes),
        );
    }
}
