//! Scripts and the write log, as Redis 7.0 replicates script effects: a
//! script's writes (its `redis.call`s, as each would be logged alone) are
//! one unit, wrapped in MULTI ... EXEC when there are two or more, and
//! EVAL itself is never logged; FUNCTION LOAD/DELETE/FLUSH are logged as
//! called, FCALL by its effects.
//!
//! Every expected log was captured from redis-server 7.0.15 started with
//! `--appendonly yes --appendfsync always --save ''`, reading the bytes its
//! `appendonly.aof.1.incr.aof` gained for the same commands on one
//! connection (after a FLUSHALL, so the SELECT 0 Redis wrote before is
//! ours too). `\r\n` is shown as one space; in the function body the line
//! break is one too.

mod support;

use miniredis_core::Config;
use support::{Client, Harness};

fn cmd(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n{a}\r\n", a.len()).as_bytes());
    }
    out
}

fn call(h: &mut Harness, c: &mut Client, args: &[&str]) -> String {
    String::from_utf8_lossy(&h.send(c, &cmd(args))).into_owned()
}

/// The log taken from the server, `\r\n` shown as a space.
fn log(h: &mut Harness) -> String {
    let mut out = Vec::new();
    h.server.take_log(&mut out);
    String::from_utf8(out)
        .expect("utf-8 in these tests")
        .replace("\r\n", " ")
        .trim_end()
        .to_string()
}

fn logging(config: Config) -> (Harness, Client) {
    let mut h = Harness::with_config(config);
    h.server.set_log_enabled(true);
    let c = h.client();
    (h, c)
}

#[test]
fn a_script_logs_its_effects_as_one_unit_never_eval() {
    let (mut h, mut c) = logging(Config::default());
    let cases: &[(&str, &str, &str)] = &[
        (
            "redis.call('set','a','1'); redis.call('incr','a'); return 1",
            ":1\r\n",
            "*2 $6 SELECT $1 0 *1 $5 MULTI *3 $3 set $1 a $1 1 *2 $4 incr $1 a *1 $4 EXEC",
        ),
        (
            "redis.call('set','a','1'); return 1",
            ":1\r\n",
            "*3 $3 set $1 a $1 1",
        ),
        ("return redis.call('get','a')", "$1\r\n1\r\n", ""),
        (
            "redis.call('set','a','1'); redis.call('expire','a',100); return 1",
            ":1\r\n",
            "*1 $5 MULTI *3 $3 set $1 a $1 1 *3 $9 PEXPIREAT $1 a $13 1700000100000 *1 $4 EXEC",
        ),
        (
            "redis.pcall('set','a'); redis.pcall('set','b','1'); redis.call('spop','nope'); \
             redis.call('sadd','s','a'); redis.call('spop','s'); return 1",
            ":1\r\n",
            "*1 $5 MULTI *3 $3 set $1 b $1 1 *3 $4 sadd $1 s $1 a *3 $4 SREM $1 s $1 a *1 $4 EXEC",
        ),
        (
            "redis.call('select','2'); redis.call('set','b','1'); redis.call('set','c','1')",
            "$-1\r\n",
            "*2 $6 SELECT $1 2 *1 $5 MULTI *3 $3 set $1 b $1 1 *3 $3 set $1 c $1 1 *1 $4 EXEC",
        ),
    ];
    for (script, reply, expected) in cases {
        assert_eq!(
            call(&mut h, &mut c, &["EVAL", script, "0"]),
            *reply,
            "{script}"
        );
        assert_eq!(log(&mut h), *expected, "{script}");
    }
}

/// A script that fails after writing keeps its effects, logged as a unit.
#[test]
fn a_failed_script_logs_the_effects_it_made() {
    let (mut h, mut c) = logging(Config::default());
    let script =
        "redis.call('set','a','1'); redis.call('lpush','l','x'); return redis.call('nosuch')";
    let reply = call(&mut h, &mut c, &["EVAL", script, "0"]);
    assert!(
        reply.starts_with("-ERR Unknown Redis command called from script"),
        "{reply}"
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *1 $5 MULTI *3 $3 set $1 a $1 1 *3 $5 lpush $1 l $1 x *1 $4 EXEC"
    );
}

/// redis: MULTI, SET q 1, EVAL (two sets), EXEC; MULTI, EVAL (one set),
/// EXEC; MULTI, EVAL (no write), EXEC.
#[test]
fn eval_inside_exec_is_part_of_the_transaction_unit() {
    let (mut h, mut c) = logging(Config::default());
    let two = "redis.call('set','a','1'); redis.call('set','b','2')";
    let mut input = cmd(&["MULTI"]);
    input.extend(cmd(&["SET", "q", "1"]));
    input.extend(cmd(&["EVAL", two, "0"]));
    input.extend(cmd(&["EXEC"]));
    h.send(&mut c, &input);
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *1 $5 MULTI *3 $3 SET $1 q $1 1 *3 $3 set $1 a $1 1 \
         *3 $3 set $1 b $1 2 *1 $4 EXEC"
    );
    let mut input = cmd(&["MULTI"]);
    input.extend(cmd(&["EVAL", "redis.call('set','a','1')", "0"]));
    input.extend(cmd(&["EXEC"]));
    h.send(&mut c, &input);
    assert_eq!(log(&mut h), "*3 $3 set $1 a $1 1");
    let mut input = cmd(&["MULTI"]);
    input.extend(cmd(&["EVAL", "return 1", "0"]));
    input.extend(cmd(&["EXEC"]));
    h.send(&mut c, &input);
    assert_eq!(log(&mut h), "");
}

/// A script that runs across slices: the log hands out nothing of its unit
/// until it ends, then the whole unit; other clients' writes follow it.
#[test]
fn a_script_across_slices_is_one_unit_taken_whole() {
    let (mut h, mut a) = logging(Config::default());
    let mut b = h.client();
    let script = "redis.call('set','x','1') local s = 0 for i = 1, 3000000 do s = s + 1 end \
                  redis.call('set','y',s) return s";
    assert_eq!(call(&mut h, &mut a, &["EVAL", script, "0"]), "");
    assert_eq!(call(&mut h, &mut b, &["SET", "z", "1"]), "");
    assert_eq!(log(&mut h), "");
    let mut slices = 0;
    let mut reply = Vec::new();
    while reply.is_empty() && slices < 100 {
        h.tick();
        slices += 1;
        if reply.is_empty() && slices == 1 {
            assert_eq!(log(&mut h), "", "half a unit handed out");
        }
        reply = h.read(&a);
    }
    assert!(slices >= 2, "{slices}");
    assert_eq!(String::from_utf8_lossy(&reply), ":3000000\r\n");
    assert_eq!(String::from_utf8_lossy(&h.read(&b)), "+OK\r\n");
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *1 $5 MULTI *3 $3 set $1 x $1 1 *3 $3 set $1 y $7 3000000 \
         *1 $4 EXEC *3 $3 SET $1 z $1 1"
    );
}

/// A script killed or failing while suspended ends its unit: what it
/// wrote is logged whole and the next commands are units of their own.
#[test]
fn the_unit_ends_when_a_suspended_script_ends() {
    let (mut h, mut a) = logging(Config {
        busy_reply_threshold_ms: 100,
        ..Config::default()
    });
    let mut b = h.client();
    let script = "redis.call('set','x','1') redis.call('set','y','2') \
                  local s = 0 for i = 1, 3000000 do s = s + 1 end return redis.call('nosuch')";
    assert_eq!(call(&mut h, &mut a, &["EVAL", script, "0"]), "");
    let mut reply = Vec::new();
    for _ in 0..100 {
        h.tick();
        reply = h.read(&a);
        if !reply.is_empty() {
            break;
        }
    }
    assert!(String::from_utf8_lossy(&reply).starts_with("-ERR Unknown Redis command"));
    assert_eq!(call(&mut h, &mut a, &["SET", "w", "1"]), "+OK\r\n");
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *1 $5 MULTI *3 $3 set $1 x $1 1 *3 $3 set $1 y $1 2 *1 $4 EXEC \
         *3 $3 SET $1 w $1 1"
    );
    // Killed: a read-only script logs nothing, and the unit is closed.
    let endless = "local n = redis.call('get','x') while true do end";
    assert_eq!(call(&mut h, &mut a, &["EVAL", endless, "0"]), "");
    h.advance(100);
    h.tick();
    assert_eq!(call(&mut h, &mut b, &["SCRIPT", "KILL"]), "+OK\r\n");
    h.tick();
    assert!(String::from_utf8_lossy(&h.read(&a)).starts_with("-ERR Script killed"));
    assert_eq!(call(&mut h, &mut b, &["SET", "v", "1"]), "+OK\r\n");
    assert_eq!(call(&mut h, &mut b, &["SET", "u", "1"]), "+OK\r\n");
    assert_eq!(log(&mut h), "*3 $3 SET $1 v $1 1 *3 $3 SET $1 u $1 1");
}

/// redis: FUNCTION LOAD, FCALL f 1 z, FUNCTION LOAD REPLACE, FUNCTION
/// DELETE lib, FUNCTION DELETE lib (not found), FUNCTION FLUSH, FUNCTION
/// FLUSH ASYNC (nothing to flush: still logged).
#[test]
fn function_management_is_logged_as_called_and_fcall_by_its_effects() {
    let (mut h, mut c) = logging(Config::default());
    let lib = "#!lua name=lib\nredis.register_function('f', function(k) redis.call('set',k[1],'1'); redis.call('incr',k[1]) end)";
    let lib2 = "#!lua name=lib\nredis.register_function('f', function(k) return 1 end)";
    assert_eq!(
        call(&mut h, &mut c, &["function", "load", lib]),
        "$3\r\nlib\r\n"
    );
    assert_eq!(call(&mut h, &mut c, &["FCALL", "f", "1", "z"]), "$-1\r\n");
    assert_eq!(
        call(&mut h, &mut c, &["function", "load", "replace", lib2]),
        "$3\r\nlib\r\n"
    );
    assert_eq!(
        call(&mut h, &mut c, &["function", "delete", "lib"]),
        "+OK\r\n"
    );
    assert_eq!(
        call(&mut h, &mut c, &["function", "delete", "lib"]),
        "-ERR Library not found\r\n"
    );
    assert_eq!(call(&mut h, &mut c, &["function", "flush"]), "+OK\r\n");
    assert_eq!(
        call(&mut h, &mut c, &["function", "flush", "async"]),
        "+OK\r\n"
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *3 $8 function $4 load $112 #!lua name=lib\n\
         redis.register_function('f', function(k) redis.call('set',k[1],'1'); redis.call('incr',k[1]) end) \
         *1 $5 MULTI *3 $3 set $1 z $1 1 *2 $4 incr $1 z *1 $4 EXEC \
         *4 $8 function $4 load $7 replace $69 #!lua name=lib\n\
         redis.register_function('f', function(k) return 1 end) \
         *3 $8 function $6 delete $3 lib *2 $8 function $5 flush \
         *3 $8 function $5 flush $5 async"
    );
}
