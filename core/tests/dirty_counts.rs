//! Redis's `dirty` counter, per command: INFO persistence's
//! `rdb_changes_since_last_save` (what save points count) and
//! `Server::changes` grow by the number of elements a write changed, not
//! by one per command. Every number below was read from redis-server
//! 7.0.15 (INFO persistence before and after the command, after the
//! setup lines ran on an empty server).

mod support;

use support::{Client, Harness};

fn since_save(h: &mut Harness, c: &mut Client) -> u64 {
    let info = h.run(c, "INFO persistence");
    info.lines()
        .find_map(|line| line.strip_prefix("rdb_changes_since_last_save:"))
        .expect("the field")
        .trim()
        .parse()
        .expect("a number")
}

/// (setup lines, command, changes redis-server 7.0.15 counted).
const CASES: &[(&str, &str, u64)] = &[
    ("", "SET k v", 1),
    ("SET k v", "SET k v", 1),
    ("SET k v", "SET k v NX", 0),
    ("", "SETNX k v", 1),
    ("SET k v", "SETNX k v", 0),
    ("", "MSET a 1 b 2 c 3", 3),
    ("", "MSETNX a 1 b 2 c 3", 3),
    ("SET a 1", "MSETNX a 1 b 2 c 3", 0),
    ("", "SETEX k 100 v", 1),
    ("", "PSETEX k 100000 v", 1),
    ("", "GETSET k v", 1),
    ("SET k v", "GETDEL k", 1),
    ("", "GETDEL k", 0),
    ("SET k v", "GETEX k EX 100", 1),
    ("SET k v", "GETEX k PERSIST", 0),
    ("SET k v", "GETEX k", 0),
    ("", "INCR k", 1),
    ("", "INCRBY k 5", 1),
    ("", "INCRBYFLOAT k 1.5", 1),
    ("", "DECR k", 1),
    ("", "APPEND k abc", 1),
    ("", "SETRANGE k 3 abc", 1),
    ("", "SETBIT k 7 1", 1),
    ("SETBIT k 7 1", "SETBIT k 7 1", 0),
    ("", "BITOP OR d a b", 0),
    ("SET a x", "BITOP OR d a b", 1),
    ("", "BITFIELD k SET u8 0 255 SET u8 8 1", 2),
    ("", "BITFIELD k GET u8 0", 0),
    ("SET a 1\nSET b 2\nSET c 3", "DEL a b c d", 3),
    ("", "DEL a b", 0),
    ("SET a 1\nSET b 2", "UNLINK a b c", 2),
    ("SET a 1", "EXPIRE a 100", 1),
    ("", "EXPIRE a 100", 0),
    ("SET a 1", "EXPIRE a 0", 1),
    ("SET a 1", "PEXPIREAT a 1", 1),
    ("SET a 1\nEXPIRE a 100", "PERSIST a", 1),
    ("SET a 1", "PERSIST a", 0),
    ("SET a 1", "RENAME a b", 1),
    ("SET a 1", "RENAMENX a b", 1),
    ("SET a 1\nSET b 1", "RENAMENX a b", 0),
    ("SET a 1", "MOVE a 1", 1),
    ("SET a 1", "COPY a b", 1),
    ("SET a 1", "COPY a b DB 2", 1),
    ("", "RPUSH l a b c", 3),
    ("", "LPUSH l a b c", 3),
    ("", "LPUSHX l a b", 0),
    ("RPUSH l x", "LPUSHX l a b", 2),
    ("RPUSH l x", "RPUSHX l a b c", 3),
    ("RPUSH l a b c d e", "LPOP l", 1),
    ("RPUSH l a b c d e", "LPOP l 3", 3),
    ("RPUSH l a b c d e", "RPOP l 10", 5),
    ("", "LPOP l 3", 0),
    ("RPUSH l a b c", "LINSERT l BEFORE b z", 1),
    ("RPUSH l a b c", "LINSERT l BEFORE q z", 0),
    ("RPUSH l a b c", "LSET l 0 z", 1),
    ("RPUSH l a b a c a", "LREM l 0 a", 3),
    ("RPUSH l a b a c a", "LREM l 0 q", 0),
    ("RPUSH l a b c d e", "LTRIM l 1 2", 3),
    ("RPUSH l a b c d e", "LTRIM l 0 -1", 0),
    ("RPUSH l a b c d e", "LTRIM l 5 10", 5),
    ("RPUSH l a b c", "RPOPLPUSH l m", 1),
    ("RPUSH l a b c", "LMOVE l m LEFT RIGHT", 1),
    ("RPUSH l a b c", "LMPOP 1 l LEFT COUNT 2", 2),
    ("RPUSH l a b c", "BLPOP l 0", 1),
    ("RPUSH l a b c", "BLMPOP 0 1 l LEFT COUNT 2", 2),
    ("", "SADD s a b c", 3),
    ("SADD s a", "SADD s a b c", 2),
    ("SADD s a", "SADD s a", 0),
    ("SADD s a b c", "SREM s a b z", 2),
    ("SADD s a b c", "SPOP s", 1),
    ("SADD s a b c", "SPOP s 2", 2),
    ("SADD s a b c", "SPOP s 10", 3),
    ("SADD s a b c", "SMOVE s t a", 2),
    ("SADD s a b c", "SMOVE s t z", 0),
    ("SADD s a b c\nSADD t c d", "SINTERSTORE d s t", 1),
    ("SADD s a b c\nSADD t c d", "SUNIONSTORE d s t", 1),
    ("SADD s a b c\nSADD t c d", "SDIFFSTORE d s t", 1),
    ("", "SINTERSTORE d s t", 0),
    ("SET d x", "SINTERSTORE d s t", 1),
    ("", "HSET h a 1 b 2 c 3", 3),
    ("HSET h a 1", "HSET h a 1 b 2", 2),
    ("", "HMSET h a 1 b 2", 2),
    ("", "HSETNX h a 1", 1),
    ("HSET h a 1", "HSETNX h a 1", 0),
    ("HSET h a 1 b 2 c 3", "HDEL h a b z", 2),
    ("", "HINCRBY h a 5", 1),
    ("", "HINCRBYFLOAT h a 1.5", 1),
    ("", "ZADD z 1 a 2 b 3 c", 3),
    ("ZADD z 1 a", "ZADD z 1 a 5 b", 1),
    ("ZADD z 1 a", "ZADD z 2 a 5 b", 2),
    ("ZADD z 1 a", "ZADD z NX 2 a 5 b", 1),
    ("ZADD z 1 a", "ZADD z XX 2 a 5 b", 1),
    ("ZADD z 1 a", "ZADD z INCR 2 a", 1),
    ("", "ZINCRBY z 2 a", 1),
    ("ZADD z 1 a 2 b 3 c", "ZREM z a b q", 2),
    ("ZADD z 1 a 2 b 3 c", "ZREMRANGEBYSCORE z 1 2", 2),
    ("ZADD z 1 a 2 b 3 c", "ZREMRANGEBYRANK z 0 -1", 3),
    ("ZADD z 1 a 2 b 3 c", "ZREMRANGEBYLEX z - +", 3),
    ("ZADD z 1 a 2 b 3 c", "ZPOPMIN z 2", 2),
    ("ZADD z 1 a 2 b 3 c", "ZPOPMAX z", 1),
    ("ZADD z 1 a 2 b 3 c", "ZMPOP 1 z MIN COUNT 2", 2),
    ("ZADD z 1 a 2 b 3 c", "BZPOPMIN z 0", 1),
    ("ZADD z 1 a 2 b 3 c\nZADD y 1 a", "ZUNIONSTORE d 2 z y", 1),
    ("ZADD z 1 a 2 b 3 c\nZADD y 1 a", "ZINTERSTORE d 2 z y", 1),
    ("ZADD z 1 a 2 b 3 c\nZADD y 1 a", "ZDIFFSTORE d 2 z y", 1),
    ("ZADD z 1 a 2 b 3 c", "ZRANGESTORE d z 0 -1", 1),
    ("", "ZRANGESTORE d z 0 -1", 0),
    ("", "XADD x * a 1", 1),
    ("", "XADD x NOMKSTREAM * a 1", 0),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXADD x 3-1 a 1", "XTRIM x MAXLEN 1", 2),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1", "XTRIM x MAXLEN 5", 0),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1", "XDEL x 1-1 2-1 9-9", 2),
    ("XADD x 1-1 a 1", "XGROUP CREATE x g 0", 1),
    ("", "XGROUP CREATE x g 0 MKSTREAM", 1),
    ("XADD x 1-1 a 1\nXGROUP CREATE x g 0", "XGROUP SETID x g 0", 1),
    ("XADD x 1-1 a 1\nXGROUP CREATE x g 0", "XGROUP DESTROY x g", 1),
    ("XADD x 1-1 a 1\nXGROUP CREATE x g 0", "XGROUP CREATECONSUMER x g c", 1),
    ("XADD x 1-1 a 1\nXGROUP CREATE x g 0\nXGROUP CREATECONSUMER x g c", "XGROUP DELCONSUMER x g c", 1),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0", "XREADGROUP GROUP g c STREAMS x >", 2),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0", "XREADGROUP GROUP g c COUNT 1 STREAMS x >", 2),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XACK x g 1-1 2-1 3-1", 2),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XCLAIM x g d 0 1-1 2-1", 3),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XAUTOCLAIM x g d 0 0", 3),
    ("XADD x 1-1 a 1", "XSETID x 5-5", 1),
    ("", "GEOADD g 1 1 a 2 2 b", 2),
    ("GEOADD g 1 1 a 2 2 b", "GEOSEARCHSTORE d g FROMLONLAT 1 1 BYRADIUS 1000 km", 2),
    ("SET a 1\nSET b 2", "FLUSHDB", 2),
    ("", "FLUSHDB", 0),
    ("SET a 1\nSET b 2", "FLUSHALL", 2),
    ("SET a 1", "SWAPDB 0 1", 1),
    ("", "SORT l STORE d", 0),
    ("RPUSH l 3 1 2", "SORT l STORE d", 3),
    ("", "SETRANGE k 0 ''", 0),
    ("SET k abc", "SETRANGE k 0 ''", 0),
    ("SET d x", "BITOP OR d a b", 1),
    ("", "BITFIELD k SET u8 0 0", 1),
    ("SET k v", "EVAL \"redis.call('set','x',1) redis.call('set','y',1)\" 0", 2),
    ("", "EVAL \"redis.call('rpush','x',1,2,3)\" 0", 3),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXADD x 3-1 a 1\nXGROUP CREATE x g 0", "XREADGROUP GROUP g c STREAMS x >", 2),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXADD x 3-1 a 1\nXGROUP CREATE x g 0\nXGROUP CREATECONSUMER x g c", "XREADGROUP GROUP g c STREAMS x >", 1),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXADD x 3-1 a 1\nXGROUP CREATE x g 0\nXGROUP CREATECONSUMER x g c", "XREADGROUP GROUP g c NOACK STREAMS x >", 1),
    ("XADD x 1-1 a 1\nXGROUP CREATE x g $", "XREADGROUP GROUP g c STREAMS x >", 0),
    ("XADD x 1-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XREADGROUP GROUP g c STREAMS x 0", 1),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XCLAIM x g c 0 1-1 2-1", 2),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XCLAIM x g d 0 1-1 2-1 JUSTID", 3),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XAUTOCLAIM x g c 0 0", 2),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XGROUP DELCONSUMER x g c", 1),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1", "XADD x MAXLEN 1 3-1 a 1", 1),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1", "XTRIM x MINID 3", 2),
    ("SET a 1\nSET b 2\nSELECT 1\nSET c 3", "FLUSHALL", 3),
    ("SELECT 1\nSET a 1\nSET b 2\nSET c 3", "FLUSHDB", 3),
    ("", "FLUSHALL", 0),
    ("SET a 1", "SWAPDB 0 0", 1),
    ("SELECT 1\nSET a 1", "MOVE a 0", 1),
    ("RPUSH l a b c\nRPUSH m x", "LMOVE l m RIGHT LEFT", 1),
    ("RPUSH l a", "LPOP l 0", 0),
    ("RPUSH l a b c", "LPOP l 0", 0),
    ("SADD s a b c", "SREM s z", 0),
    ("SADD s a b c", "SMOVE s s a", 0),
    ("SADD s a b c\nSADD t a", "SMOVE s t a", 1),
    ("HSET h a 1", "HSET h a 1", 1),
    ("HSET h a 1", "HDEL h z", 0),
    ("ZADD z 1 a", "ZADD z 1 a", 0),
    ("ZADD z 1 a", "ZADD z CH 1 a 2 b", 1),
    ("ZADD z 1 a", "ZADD z GT 0 a", 0),
    ("ZADD z 1 a", "ZINCRBY z 0 a", 0),
    ("ZADD z 1 a 2 b", "ZREMRANGEBYSCORE z 5 6", 0),
    ("SET k 10", "INCRBY k 0", 1),
    ("SET k abc", "APPEND k ''", 1),
    ("", "APPEND k ''", 1),
    ("", "GEOADD g 1 1 a", 1),
    ("GEOADD g 1 1 a", "GEOADD g 1 1 a", 0),
    ("GEOADD g 1 1 a 2 2 b", "GEORADIUS g 1 1 1000 km STORE d", 2),
    ("GEOADD g 1 1 a 2 2 b", "GEOSEARCHSTORE d g FROMLONLAT 50 50 BYRADIUS 1 km", 0),
    ("SET d x\nGEOADD g 1 1 a 2 2 b", "GEOSEARCHSTORE d g FROMLONLAT 50 50 BYRADIUS 1 km", 1),
    ("SET d x", "SORT l STORE d", 1),
    ("SET k v", "SET k v KEEPTTL GET", 1),
    ("SET k v", "SET k w XX", 1),
    ("SET k v", "GETSET k w", 1),
    ("SADD s 1 2 3", "SPOP s 0", 0),
    ("HSET h a 1", "HINCRBY h a 0", 1),
    ("RPUSH l a b c", "LTRIM l 0 -1", 0),
    ("SET k v", "BITFIELD k SET u8 0 118", 0),
    ("", "BITFIELD k OVERFLOW FAIL INCRBY u2 0 5 INCRBY u8 0 1", 1),
    ("", "BITFIELD k INCRBY u8 0 0", 1),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >\nXDEL x 1-1", "XAUTOCLAIM x g c 0 0", 2),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >\nXDEL x 1-1", "XCLAIM x g c 0 1-1 2-1", 2),
    ("XADD x 1-1 a 1\nXADD y 1-1 a 1\nXGROUP CREATE x g 0\nXGROUP CREATE y g 0", "XREADGROUP GROUP g c STREAMS x y > >", 4),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXGROUP CREATE x g 0\nXREADGROUP GROUP g c STREAMS x >", "XREADGROUP GROUP g c STREAMS x 0", 1),
    ("XADD x 1-1 a 1\nXGROUP CREATE x g 0\nXGROUP CREATECONSUMER x g c", "XREADGROUP GROUP g c STREAMS x 0", 1),
    ("ZADD z 1 a", "ZADD z INCR 0 a", 0),
    ("ZADD z 1 a", "ZADD z XX INCR 1 b", 0),
    ("", "GEOADD g 1 1 a 2 2 b 3 3 c", 3),
    ("GEOADD g 1 1 a", "GEOADD g CH 2 2 a 1 1 b", 2),
    ("RPUSH l 1", "SORT l STORE d", 1),
    ("", "LPUSH l a", 1),
    ("RPUSH l a b c", "RPOP l", 1),
    ("RPUSH l a b c", "RPOP l 2", 2),
    ("SET a 1\nEXPIRE a 100", "EXPIRE a 200 NX", 0),
    ("SET a 1", "EXPIRE a -1", 1),
    ("SET a 1", "PEXPIRE a 0", 1),
    ("", "SET k v GET", 1),
    ("SET a 1\nSET b 2", "COPY a b REPLACE", 1),
    ("SET a 1\nSET b 2", "COPY a b", 0),
    ("HSET h a 1", "HINCRBYFLOAT h a 0.5", 1),
    ("XADD x 1-1 a 1\nXGROUP CREATE x g 0", "XGROUP SETID x g 1-1", 1),
    ("XADD x 1-1 a 1", "XSETID x 1-1", 1),
    ("XADD x 1-1 a 1", "XGROUP DESTROY x nope", 0),
    ("SET a 1", "RENAME a a", 0),
    ("SET k 5", "DECRBY k 3", 1),
    ("SET k 5", "INCRBYFLOAT k 0", 1),
    ("HSET h a 1 b 2", "HDEL h a b", 2),
    ("ZADD z 1 a 2 b", "ZREM z a b", 2),
    ("RPUSH l a b", "LPOP l 5", 2),
    ("RPUSH l a b", "BLMOVE l m LEFT LEFT 0", 1),
    ("", "ZINCRBY z 1 a", 1),
    ("SET k v", "SET k w EX 100", 1),
    ("SET k v", "APPEND k x", 1),
    ("SADD s a b c\nSADD t d", "SINTERSTORE t s", 1),
    ("SADD s a b c\nSADD t d", "SUNIONSTORE t s", 1),
    ("SET a 1", "GETEX a PX 100000", 1),
    ("SET a 1\nEXPIRE a 100", "GETEX a PERSIST", 1),
    ("XADD x 1-1 a 1\nXADD x 2-1 a 1\nXADD x 3-1 a 1", "XADD x MAXLEN 1 4-1 a 1", 1),
    ("", "HSETNX h a 1", 1),
    ("SET a 1\nSET b 1", "MSET a 1 b 1", 2),
    ("", "LPUSH l a a a a", 4),
    ("SADD s 1 2 3", "SPOP s 3", 3),
    ("ZADD z 1 a 2 b 3 c", "ZPOPMAX z 10", 3),
    ("ZADD z 1 a 2 b", "ZADD z GT CH 3 a 1 b", 1),
    ("", "SETRANGE k 5 ''", 0),
    ("", "SET k v KEEPTTL", 1),
    ("SET k v", "SET k v NX GET", 0),
    ("SET k v", "EXPIREAT k 1", 1),
];

#[test]
fn each_write_counts_the_changes_redis_counts() {
    let mut wrong = Vec::new();
    for &(setup, command, expected) in CASES {
        let mut h = Harness::new();
        let mut c = h.client();
        if !setup.is_empty() {
            let replies = h.run(&mut c, setup);
            assert!(!replies.contains("-ERR"), "{setup}: {replies}");
        }
        let (before, changes_before) = (since_save(&mut h, &mut c), h.server.changes());
        let reply = h.run(&mut c, command);
        let (after, changes_after) = (since_save(&mut h, &mut c), h.server.changes());
        assert_eq!(
            after - before,
            changes_after - changes_before,
            "{command}: INFO and Server::changes agree"
        );
        if after - before != expected {
            wrong.push(format!(
                "[{setup}] {command}: {} (redis: {expected}) {reply:?}",
                after - before
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_transaction_counts_the_changes_of_its_commands() {
    let mut h = Harness::new();
    let mut c = h.client();
    let before = since_save(&mut h, &mut c);
    h.run(&mut c, "MULTI\nSET a 1\nRPUSH l a b\nPING\nEXEC");
    assert_eq!(since_save(&mut h, &mut c) - before, 3);
}
