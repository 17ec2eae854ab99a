//! Interoperability with a real redis-server 7.0.15 (skipped with a
//! notice when it is not installed; a failure under CI):
//!
//! 1. DUMP payloads of every type and encoding taken from redis-server
//!    load here with equal contents, and our DUMP of each value RESTOREs
//!    into redis-server with equal contents and the same encoding.
//! 2. A file written by our encoder loads in redis-server (every key,
//!    value, TTL and database equal) and passes `redis-check-rdb`; a
//!    dump.rdb made by redis-server's SAVE decodes here with equal
//!    contents.
//!
//! Fixtures are made at test time by the reference server: no binary is
//! committed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::file::{decode_file, encode_store};
use super::{dump_payload, restore_payload, LoadLimits, SaveOptions};
use crate::compact::Small;
use crate::config::{Config, Host};
use crate::protocol::encode::format_double;
use crate::store::Store;
use crate::types::{StreamId, Value};

// ---- a minimal client and server process -----------------------------

#[derive(Debug, Clone, PartialEq)]
enum Resp {
    Simple(String),
    Error(String),
    Int(i64),
    Bulk(Option<Vec<u8>>),
    Array(Vec<Resp>),
}

impl Resp {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Resp::Bulk(Some(b)) => b.clone(),
            Resp::Simple(s) => s.clone().into_bytes(),
            Resp::Int(n) => n.to_string().into_bytes(),
            other => panic!("not a string reply: {other:?}"),
        }
    }

    fn items(&self) -> Vec<Resp> {
        match self {
            Resp::Array(items) => items.clone(),
            other => panic!("not an array: {other:?}"),
        }
    }

    fn int(&self) -> i64 {
        match self {
            Resp::Int(n) => *n,
            other => panic!("not an integer: {other:?}"),
        }
    }
}

struct Redis {
    child: Child,
    conn: BufReader<TcpStream>,
    dir: PathBuf,
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "miniredis-rdb-{label}-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos() ^ rand_suffix()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

impl Redis {
    /// A fresh redis-server whose working directory is `dir` (holding
    /// `dbfilename` if it should load one), or `None` when redis-server is
    /// not installed (a panic under CI).
    fn start(dir: &Path, dbfilename: &str) -> Option<Redis> {
        let Some(exe) = find("redis-server") else {
            if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
                panic!("redis-server is not installed, and CI is set");
            }
            eprintln!("NOTICE: redis-server not found in PATH; skipping the RDB interop test");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(exe)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .args(["--dbfilename", dbfilename, "--enable-debug-command", "yes"])
            .arg("--dir")
            .arg(dir)
            .arg("--logfile")
            .arg(dir.join("redis.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server");
        let deadline = Instant::now() + Duration::from_secs(10);
        let stream = loop {
            if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
                break s;
            }
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        };
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        let mut redis = Redis {
            child,
            conn: BufReader::new(stream),
            dir: dir.to_path_buf(),
        };
        // Wait until the dataset is loaded.
        while matches!(redis.cmd(&[b"PING"]), Resp::Error(_)) {
            assert!(Instant::now() < deadline, "redis-server kept loading");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(redis)
    }

    fn cmd(&mut self, args: &[&[u8]]) -> Resp {
        let mut out = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
            out.extend_from_slice(a);
            out.extend_from_slice(b"\r\n");
        }
        self.conn.get_mut().write_all(&out).expect("write");
        self.read()
    }

    fn cmds(&mut self, args: &[&str]) -> Resp {
        let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
        self.cmd(&args)
    }

    fn read(&mut self) -> Resp {
        let mut line = String::new();
        self.conn.read_line(&mut line).expect("reply line");
        let line = line.trim_end_matches("\r\n");
        let (kind, rest) = line.split_at(1);
        match kind {
            "+" => Resp::Simple(rest.to_string()),
            "-" => Resp::Error(rest.to_string()),
            ":" => Resp::Int(rest.parse().expect("int")),
            "$" => {
                let n: i64 = rest.parse().expect("len");
                if n < 0 {
                    return Resp::Bulk(None);
                }
                let mut buf = vec![0; n as usize + 2];
                self.conn.read_exact(&mut buf).expect("bulk");
                buf.truncate(n as usize);
                Resp::Bulk(Some(buf))
            }
            "*" => {
                let n: i64 = rest.parse().expect("len");
                Resp::Array((0..n.max(0)).map(|_| self.read()).collect())
            }
            _ => panic!("unexpected reply line {line:?}"),
        }
    }
}

// ---- contents, both sides ---------------------------------------------

/// A value's contents in a canonical form: what a client can see of it.
fn ours(value: &Value) -> Vec<Vec<u8>> {
    match value {
        Value::Str(s) => vec![s.to_vec()],
        Value::List(l) => l.iter().map(|i| i.to_vec()).collect(),
        Value::Set(s) => {
            let mut m: Vec<Vec<u8>> = s.iter().map(|m| m.bytes().to_vec()).collect();
            m.sort();
            m
        }
        Value::Hash(h) => {
            let mut p: Vec<Vec<u8>> = h.iter().map(|(f, v)| [f, b"=", v].concat()).collect();
            p.sort();
            p
        }
        Value::ZSet(z) => z
            .iter()
            .flat_map(|(m, s)| [m.to_vec(), format_double(s).into_bytes()])
            .collect(),
        Value::Stream(s) => {
            let mut out = Vec::new();
            s.visit(StreamId::MIN, StreamId::MAX, false, |id, fields| {
                out.push(id.to_bytes());
                for (f, v) in fields {
                    out.push(f.to_vec());
                    out.push(v.to_vec());
                }
                true
            });
            out.push(format!("len {} last {:?}", s.len(), s.last_id()).into_bytes());
            for (name, g) in &s.groups {
                out.push(name.clone());
                out.push(g.last_id.to_bytes());
                for (id, nack) in &g.pel {
                    out.push(
                        [
                            id.to_bytes(),
                            nack.consumer.clone(),
                            nack.delivery_count.to_string().into_bytes(),
                        ]
                        .join(&b' '),
                    );
                }
            }
            out
        }
    }
}

/// The same canonical form, read from redis-server with commands.
fn theirs(redis: &mut Redis, key: &[u8]) -> Vec<Vec<u8>> {
    let ty = redis.cmd(&[b"TYPE", key]).bytes();
    let all = |r: Resp| r.items().iter().map(Resp::bytes).collect::<Vec<_>>();
    match ty.as_slice() {
        b"string" => vec![redis.cmd(&[b"GET", key]).bytes()],
        b"list" => all(redis.cmd(&[b"LRANGE", key, b"0", b"-1"])),
        b"set" => {
            let mut m = all(redis.cmd(&[b"SMEMBERS", key]));
            m.sort();
            m
        }
        b"hash" => {
            let flat = all(redis.cmd(&[b"HGETALL", key]));
            let mut p: Vec<Vec<u8>> = flat
                .chunks(2)
                .map(|c| [&c[0][..], b"=", &c[1]].concat())
                .collect();
            p.sort();
            p
        }
        b"zset" => all(redis.cmd(&[b"ZRANGE", key, b"0", b"-1", b"WITHSCORES"])),
        b"stream" => {
            let mut out = Vec::new();
            for entry in redis.cmd(&[b"XRANGE", key, b"-", b"+"]).items() {
                let entry = entry.items();
                out.push(entry[0].bytes());
                out.extend(entry[1].items().iter().map(Resp::bytes));
            }
            let info = redis.cmd(&[b"XINFO", b"STREAM", key]).items();
            let field = |name: &str| {
                let at = info
                    .iter()
                    .position(|r| r == &Resp::Bulk(Some(name.as_bytes().to_vec())));
                info[at.expect("xinfo field") + 1].clone()
            };
            let last = String::from_utf8(field("last-generated-id").bytes()).expect("utf8");
            let (ms, seq) = last.split_once('-').expect("id");
            out.push(
                format!(
                    "len {} last {:?}",
                    field("length").int(),
                    StreamId::new(ms.parse().expect("ms"), seq.parse().expect("seq"))
                )
                .into_bytes(),
            );
            let mut groups = redis.cmd(&[b"XINFO", b"GROUPS", key]).items();
            groups.sort_by_key(|g| g.items()[1].bytes());
            for g in groups {
                let g = g.items();
                let name = g[1].bytes();
                out.push(name.clone());
                out.push(g[7].bytes());
                let pending = redis.cmd(&[b"XPENDING", key, &name, b"-", b"+", b"1000"]);
                for p in pending.items() {
                    let p = p.items();
                    out.push([p[0].bytes(), p[1].bytes(), p[3].bytes()].join(&b' '));
                }
            }
            out
        }
        other => panic!("unexpected type {:?}", String::from_utf8_lossy(other)),
    }
}

// ---- the data set ------------------------------------------------------

/// Every type in its small and large encodings, streams with groups, in
/// databases 0 and 5, some keys with a TTL.
fn populate(redis: &mut Redis) -> Vec<(usize, Vec<u8>)> {
    let mut keys = Vec::new();
    let mut run = |redis: &mut Redis, db: usize, key: &str, cmds: Vec<Vec<String>>| {
        redis.cmds(&["SELECT", &db.to_string()]);
        for c in cmds {
            let args: Vec<&str> = c.iter().map(String::as_str).collect();
            let reply = redis.cmds(&args);
            assert!(!matches!(reply, Resp::Error(_)), "{c:?}: {reply:?}");
        }
        keys.push((db, key.as_bytes().to_vec()));
    };
    let v = |parts: &[&str]| parts.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let many = |cmd: &str, key: &str, n: usize, f: &dyn Fn(usize) -> Vec<String>| {
        let mut c = v(&[cmd, key]);
        for i in 0..n {
            c.extend(f(i));
        }
        c
    };
    run(
        redis,
        0,
        "str:short",
        vec![v(&["SET", "str:short", "hello"])],
    );
    run(redis, 0, "str:int", vec![v(&["SET", "str:int", "-123456"])]);
    run(
        redis,
        0,
        "str:bigint",
        vec![v(&["SET", "str:bigint", "9223372036854775807"])],
    );
    run(
        redis,
        0,
        "str:lzf",
        vec![v(&["SET", "str:lzf", &"abcdefgh".repeat(200)])],
    );
    run(
        redis,
        0,
        "str:ttl",
        vec![v(&["SET", "str:ttl", "x", "PX", "5000000"])],
    );
    run(
        redis,
        0,
        "list:small",
        vec![v(&["RPUSH", "list:small", "a", "1", "-70000", "x"])],
    );
    run(
        redis,
        0,
        "list:big",
        vec![many("RPUSH", "list:big", 3000, &|i| {
            vec![format!("item-{i}-{}", "z".repeat(i % 50))]
        })],
    );
    run(
        redis,
        0,
        "set:int",
        vec![v(&["SADD", "set:int", "5", "-3", "1000000000000"])],
    );
    run(
        redis,
        0,
        "set:big",
        vec![many("SADD", "set:big", 600, &|i| vec![i.to_string()])],
    );
    run(
        redis,
        0,
        "set:str",
        vec![v(&["SADD", "set:str", "a", "b", "c"])],
    );
    run(
        redis,
        0,
        "hash:small",
        vec![v(&["HSET", "hash:small", "f", "v", "n", "12"])],
    );
    run(
        redis,
        0,
        "hash:big",
        vec![many("HSET", "hash:big", 600, &|i| {
            vec![format!("f{i}"), format!("{i}")]
        })],
    );
    run(
        redis,
        0,
        "hash:long",
        vec![v(&["HSET", "hash:long", "f", &"v".repeat(100)])],
    );
    run(
        redis,
        0,
        "zset:small",
        vec![v(&[
            "ZADD",
            "zset:small",
            "1",
            "a",
            "-2.5",
            "b",
            "inf",
            "c",
            "0.1",
            "d",
        ])],
    );
    run(
        redis,
        0,
        "zset:big",
        vec![many("ZADD", "zset:big", 300, &|i| {
            vec![format!("{}", i as f64 / 3.0), format!("m{i}")]
        })],
    );
    run(
        redis,
        0,
        "stream",
        vec![
            many("XADD", "stream", 0, &|_| vec![])
                .into_iter()
                .chain(v(&["1-1", "f", "v"]))
                .collect(),
            v(&["XADD", "stream", "1-2", "f", "w", "g", "2"]),
            v(&["XADD", "stream", "2-0", "f", "x"]),
            v(&["XADD", "stream", "3-0", "other", "y"]),
            v(&["XDEL", "stream", "1-2"]),
            v(&["XGROUP", "CREATE", "stream", "g1", "0"]),
            v(&["XGROUP", "CREATE", "stream", "g2", "$"]),
            v(&["XGROUP", "CREATECONSUMER", "stream", "g2", "idle"]),
            v(&[
                "XREADGROUP",
                "GROUP",
                "g1",
                "alice",
                "COUNT",
                "2",
                "STREAMS",
                "stream",
                ">",
            ]),
            v(&[
                "XREADGROUP",
                "GROUP",
                "g1",
                "bob",
                "COUNT",
                "1",
                "STREAMS",
                "stream",
                ">",
            ]),
        ],
    );
    let mut big_stream = vec![];
    for i in 0..500 {
        big_stream.push(v(&[
            "XADD",
            "stream:big",
            "*",
            "field",
            &i.to_string(),
            "other",
            "z",
        ]));
    }
    run(redis, 0, "stream:big", big_stream);
    run(
        redis,
        5,
        "db5:list",
        vec![
            v(&["RPUSH", "db5:list", "q"]),
            v(&["PEXPIRE", "db5:list", "9000000"]),
        ],
    );
    run(redis, 5, "db5:str", vec![v(&["SET", "db5:str", "in five"])]);
    redis.cmds(&["SELECT", "0"]);
    assert_eq!(
        redis.cmds(&["DEBUG", "POPULATE", "200", "pop", "20"]),
        Resp::Simple("OK".into())
    );
    keys.extend((0..200).map(|i| (0, format!("pop:{i}").into_bytes())));
    keys
}

fn limits() -> LoadLimits {
    let config = Config::default();
    LoadLimits {
        set_max_intset_entries: config.set_max_intset_entries,
        hash: crate::types::HashLimits {
            max_entries: config.hash_max_listpack_entries,
            max_value: config.hash_max_listpack_value,
            seed: 1,
        },
        zset: crate::types::ZSetLimits {
            max_entries: config.zset_max_listpack_entries as usize,
            max_value: config.zset_max_listpack_value as usize,
        },
        seed: 1,
    }
}

fn options() -> SaveOptions {
    SaveOptions {
        compress: true,
        list_fill: -2,
    }
}

#[test]
fn dump_and_files_interoperate_with_redis_server() {
    let dir = temp_dir("a");
    let Some(mut redis) = Redis::start(&dir, "dump.rdb") else {
        return;
    };
    let keys = populate(&mut redis);

    // 1. DUMP from Redis -> ours, equal contents; our DUMP -> Redis.
    let mut values = Vec::new();
    for (db, key) in &keys {
        redis.cmds(&["SELECT", &db.to_string()]);
        let payload = redis.cmd(&[b"DUMP", key]).bytes();
        let value = restore_payload(&payload, &limits())
            .unwrap_or_else(|e| panic!("{}: {e:?}", String::from_utf8_lossy(key)));
        let name = String::from_utf8_lossy(key).into_owned();
        assert_eq!(
            ours(&value),
            theirs(&mut redis, key),
            "{name}: Redis's DUMP loaded here"
        );
        let encoding = redis.cmd(&[b"OBJECT", b"ENCODING", key]).bytes();
        let back = [b"back:", key.as_slice()].concat();
        let mine = dump_payload(&value, &options());
        let reply = redis.cmd(&[b"RESTORE", &back, b"0", &mine]);
        assert_eq!(
            reply,
            Resp::Simple("OK".into()),
            "{name}: our DUMP into Redis"
        );
        assert_eq!(
            theirs(&mut redis, &back),
            theirs(&mut redis, key),
            "{name}: our DUMP's contents"
        );
        assert_eq!(
            redis.cmd(&[b"OBJECT", b"ENCODING", &back]).bytes(),
            encoding,
            "{name}: encoding"
        );
        if name.starts_with("stream") {
            let full = |r: &mut Redis, k: &[u8]| r.cmd(&[b"XINFO", b"STREAM", k, b"FULL"]);
            assert_eq!(
                full(&mut redis, &back),
                full(&mut redis, key),
                "{name}: XINFO FULL"
            );
        }
        redis.cmd(&[b"DEL", &back]);
        let pttl = redis.cmd(&[b"PTTL", key]).int();
        values.push((*db, key.clone(), value, pttl));
    }
    redis.cmds(&["SELECT", "0"]);

    // 2a. Redis's SAVE -> our file decoder.
    assert_eq!(redis.cmds(&["SAVE"]), Resp::Simple("OK".into()));
    let bytes = std::fs::read(redis.dir.join("dump.rdb")).expect("dump.rdb");
    let file = decode_file(&bytes, limits()).expect("Redis's dump.rdb loads");
    assert_eq!(file.keys.len(), values.len());
    for (db, key, value, pttl) in &values {
        let loaded = file
            .keys
            .iter()
            .find(|k| k.db == *db && &k.key == key)
            .unwrap_or_else(|| panic!("{} missing from the file", String::from_utf8_lossy(key)));
        assert_eq!(
            ours(&loaded.value),
            ours(value),
            "{}",
            String::from_utf8_lossy(key)
        );
        assert_eq!(loaded.expire_at_ms.is_some(), *pttl > 0);
    }
    let aux: Vec<&[u8]> = file.aux.iter().map(|(k, _)| k.as_slice()).collect();
    assert!(aux.contains(&&b"redis-ver"[..]));

    // 2b. Our encoder -> a file Redis loads and redis-check-rdb accepts.
    let host = Host {
        unix_time_at_zero_ms: 0,
        ..Host::default()
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as u64;
    let mut store = Store::new(Config::default(), host, now);
    for (db, key, value, pttl) in &values {
        let deadline = (*pttl > 0).then(|| now + *pttl as u64);
        store.dbs[*db].insert(key, value.clone(), deadline, now);
    }
    store.dbs[0].insert(
        b"extra:ours",
        Value::Str(Small::new(b"only here")),
        None,
        now,
    );
    let ours_dir = temp_dir("b");
    std::fs::write(ours_dir.join("ours.rdb"), encode_store(&store, options()))
        .expect("write ours.rdb");
    let check = find("redis-check-rdb");
    if check.is_none() && std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("redis-check-rdb is not installed, and CI is set");
    }
    if let Some(check) = check {
        let out = Command::new(check)
            .arg(ours_dir.join("ours.rdb"))
            .output()
            .expect("redis-check-rdb");
        assert!(
            out.status.success(),
            "redis-check-rdb: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let Some(mut loaded) = Redis::start(&ours_dir, "ours.rdb") else {
        return;
    };
    assert_eq!(
        loaded.cmds(&["DBSIZE"]).int(),
        1 + values.iter().filter(|v| v.0 == 0).count() as i64
    );
    for (db, key, _, pttl) in &values {
        loaded.cmds(&["SELECT", &db.to_string()]);
        redis.cmds(&["SELECT", &db.to_string()]);
        let name = String::from_utf8_lossy(key).into_owned();
        assert_eq!(
            theirs(&mut loaded, key),
            theirs(&mut redis, key),
            "{name} loaded by Redis from our file"
        );
        let loaded_ttl = loaded.cmd(&[b"PTTL", key]).int();
        if *pttl > 0 {
            assert!(
                (pttl - 60_000..=*pttl).contains(&loaded_ttl),
                "{name}: PTTL {loaded_ttl} vs {pttl}"
            );
        } else {
            assert_eq!(loaded_ttl, -1, "{name}");
        }
        assert_eq!(
            loaded.cmd(&[b"OBJECT", b"ENCODING", key]),
            redis.cmd(&[b"OBJECT", b"ENCODING", key]),
            "{name}: encoding"
        );
    }
    loaded.cmds(&["SELECT", "0"]);
    assert_eq!(loaded.cmds(&["GET", "extra:ours"]).bytes(), b"only here");
    eprintln!("interop: {} keys checked both ways", values.len());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&ours_dir);
}
