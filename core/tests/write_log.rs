//! The write log (AOF records) against what redis-server 7.0.15 appends to
//! its AOF for the same commands.
//!
//! Every expected log here was captured from redis-server 7.0.15 started
//! with `--appendonly yes --appendfsync always --save ''` (on a fresh
//! appendonlydir; `enable-debug-command yes` for DEBUG SET-ACTIVE-EXPIRE),
//! by running the same commands on one connection and reading the bytes
//! its `appendonly.aof.1.incr.aof` gained. They are written with each
//! `\r\n` shown as one space (`*2 $6 SELECT $1 0 ...`); no argument in
//! these tests holds a space or a line break, so the comparison is exact
//! byte for byte. Deadlines differ only because Redis's clock is not ours:
//! our clock's zero is [`support::UNIX_AT_ZERO`], so an `EXPIRE k 100` at
//! time 0 is `PEXPIREAT k 1700000100000`.

mod support;

use support::{Client, Harness};

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

fn logging() -> (Harness, Client) {
    let mut h = Harness::new();
    h.server.set_log_enabled(true);
    let c = h.client();
    (h, c)
}

#[test]
fn only_changes_are_logged_after_a_select() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "set a 1\nset a 2 nx\nsadd s x\nsadd s x\ndel nope\nlpop nope\nget a",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *3 $3 set $1 a $1 1 *3 $4 sadd $1 s $1 x"
    );
    assert_eq!(h.server.changes(), 2);
}

#[test]
fn nothing_is_kept_while_the_log_is_off() {
    let mut h = Harness::new();
    let mut c = h.client();
    h.run(&mut c, "set a 1\nexpire a 10");
    assert_eq!(log(&mut h), "");
    assert_eq!(h.server.changes(), 2);
}

/// redis: `select 1`, `set b 1 ex 100`, MULTI `set x 1` EXEC, MULTI `get x`
/// EXEC, MULTI `set x 2` `select 2` `set y 1` EXEC.
#[test]
fn transactions_wrap_two_or_more_records_and_select_inside() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "select 1\nset b 1 ex 100\nmulti\nset x 1\nexec\nmulti\nget x\nexec\n\
         multi\nset x 2\nselect 2\nset y 1\nexec",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 1 *5 $3 SET $1 b $1 1 $4 PXAT $13 1700000100000 \
         *3 $3 set $1 x $1 1 *1 $5 MULTI *3 $3 set $1 x $1 2 *2 $6 SELECT $1 2 \
         *3 $3 set $1 y $1 1 *1 $4 EXEC"
    );
}

/// redis: `flushall`, `sadd s a b c`, `spop s`, `spop s 5`, `sadd s a b c
/// d`, `spop s 2`, `incrbyfloat f 1.5`, `hincrbyfloat h f 2.5`, `expire f
/// 100`, `getex h`, `set g 1`, `getex g ex 100`, `getdel g`, `getdel g`.
/// (The members SPOP draws differ from Redis's: the records name ours.)
#[test]
fn random_pops_and_float_increments_are_logged_as_their_effects() {
    let (mut h, mut c) = logging();
    let popped = h.run(&mut c, "flushall\nsadd s a b c\nspop s");
    let one = popped.rsplit("\r\n").nth(1).unwrap().to_string();
    h.run(&mut c, "spop s 5");
    let two = h.run(&mut c, "sadd s a b c d\nspop s 2");
    let two: Vec<&str> = two.split("\r\n").filter(|l| l.len() == 1).collect();
    h.run(
        &mut c,
        "incrbyfloat f 1.5\nhincrbyfloat h f 2.5\nexpire f 100\ngetex h\nset g 1\n\
         getex g ex 100\ngetdel g\ngetdel g",
    );
    assert_eq!(
        log(&mut h),
        format!(
            "*2 $6 SELECT $1 0 *1 $8 flushall *5 $4 sadd $1 s $1 a $1 b $1 c \
             *3 $4 SREM $1 s $1 {one} *2 $3 DEL $1 s *6 $4 sadd $1 s $1 a $1 b $1 c $1 d \
             *1 $5 MULTI *3 $4 SREM $1 s $1 {} *3 $4 SREM $1 s $1 {} *1 $4 EXEC \
             *4 $3 SET $1 f $3 1.5 $7 KEEPTTL *4 $4 HSET $1 h $1 f $3 2.5 \
             *3 $9 PEXPIREAT $1 f $13 1700000100000 *3 $3 set $1 g $1 1 \
             *3 $9 PEXPIREAT $1 g $13 1700000100000 *2 $3 DEL $1 g",
            two[0], two[1]
        )
    );
}

/// redis: `flushall`, `rpush l a b`, `lpop l` x3, `blpop l 1`, `rpush l
/// x`, `blpop l 1`, `rpush m 1 2`, `blmove m n left right 1`, `brpoplpush
/// m n 1`, `zadd z 1 a 2 b 3 c`, `bzpopmin z 1`, `bzpopmax z 1`, `zpopmin z
/// 5`, `rpush l 1 2 3`, `blmpop 1 1 l left count 2`, `lmpop 1 l right
/// count 5`, `zadd z 1 a 2 b`, `bzmpop 1 1 z min count 5`.
#[test]
fn pops_served_at_once_are_logged_as_plain_pops() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "flushall\nrpush l a b\nlpop l\nlpop l\nlpop l\nblpop l 1",
    );
    // BLPOP on the missing key waits a second, then times out.
    h.advance(1000);
    h.tick();
    h.read(&c);
    h.run(
        &mut c,
        "rpush l x\nblpop l 1\n\
         rpush m 1 2\nblmove m n left right 1\nbrpoplpush m n 1\nzadd z 1 a 2 b 3 c\n\
         bzpopmin z 1\nbzpopmax z 1\nzpopmin z 5\nrpush l 1 2 3\nblmpop 1 1 l left count 2\n\
         lmpop 1 l right count 5\nzadd z 1 a 2 b\nbzmpop 1 1 z min count 5",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *1 $8 flushall *4 $5 rpush $1 l $1 a $1 b *2 $4 lpop $1 l \
         *2 $4 lpop $1 l *3 $5 rpush $1 l $1 x *2 $4 LPOP $1 l *4 $5 rpush $1 m $1 1 $1 2 \
         *5 $5 LMOVE $1 m $1 n $4 left $5 right *3 $9 RPOPLPUSH $1 m $1 n \
         *8 $4 zadd $1 z $1 1 $1 a $1 2 $1 b $1 3 $1 c *2 $7 ZPOPMIN $1 z *2 $7 ZPOPMAX $1 z \
         *3 $7 zpopmin $1 z $1 5 *5 $5 rpush $1 l $1 1 $1 2 $1 3 *3 $4 LPOP $1 l $1 2 \
         *3 $4 RPOP $1 l $1 1 *6 $4 zadd $1 z $1 1 $1 a $1 2 $1 b *3 $7 ZPOPMIN $1 z $1 2"
    );
}

/// redis, a second connection blocked first: `blpop bl 2` then `rpush bl
/// v1 v2`; `blmove bm bn right left 2`; `bzpopmax bz 2`; `blmpop 2 1 bmp
/// right count 2`; `bzmpop 2 1 bzm max count 2`; `brpoplpush bq bq2 2`.
#[test]
fn pops_served_later_are_logged_when_served_as_plain_pops() {
    let (mut h, mut pusher) = logging();
    let cases = [
        (
            "blpop bl 2",
            "rpush bl v1 v2",
            "*4 $5 rpush $2 bl $2 v1 $2 v2 *2 $4 LPOP $2 bl",
        ),
        (
            "blmove bm bn right left 2",
            "rpush bm v1 v2",
            "*4 $5 rpush $2 bm $2 v1 $2 v2 *5 $5 LMOVE $2 bm $2 bn $5 right $4 left",
        ),
        (
            "bzpopmax bz 2",
            "zadd bz 1 a 2 b",
            "*6 $4 zadd $2 bz $1 1 $1 a $1 2 $1 b *2 $7 ZPOPMAX $2 bz",
        ),
        (
            "blmpop 2 1 bmp right count 2",
            "rpush bmp 1 2 3",
            "*5 $5 rpush $3 bmp $1 1 $1 2 $1 3 *3 $4 RPOP $3 bmp $1 2",
        ),
        (
            "bzmpop 2 1 bzm max count 2",
            "zadd bzm 1 a 2 b 3 c",
            "*8 $4 zadd $3 bzm $1 1 $1 a $1 2 $1 b $1 3 $1 c *3 $7 ZPOPMAX $3 bzm $1 2",
        ),
        (
            "brpoplpush bq bq2 2",
            "rpush bq 1",
            "*3 $5 rpush $2 bq $1 1 *3 $9 RPOPLPUSH $2 bq $3 bq2",
        ),
    ];
    let mut first = true;
    for (wait, push, expected) in cases {
        let mut waiter = h.client();
        h.run(&mut waiter, wait);
        assert_eq!(log(&mut h), "", "{wait}: blocked, nothing logged");
        h.run(&mut pusher, push);
        let select = if first { "*2 $6 SELECT $1 0 " } else { "" };
        first = false;
        assert_eq!(log(&mut h), format!("{select}{expected}"), "{wait}");
    }
}

/// redis: `set k2 v px 5000`, `pexpire k2 100`, `expireat k2 1`, `set k3
/// v`, `pexpireat k3 1`, `set k4 v exat 1`, `set k5 v`, `persist k5`,
/// `expire k5 100`, `persist k5`, `setex k6 100 v`, `psetex k7 100 v`,
/// `set k8 v pxat 99999999999999`, `set k9 v`, `expire k9 100 nx`,
/// `expire k9 200 nx`, `expire k9 -1`.
#[test]
fn deadlines_are_logged_as_absolute_unix_times() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "set k2 v px 5000\npexpire k2 100\nexpireat k2 1\nset k3 v\npexpireat k3 1\n\
         set k4 v exat 1\nset k5 v\npersist k5\nexpire k5 100\npersist k5\nsetex k6 100 v\n\
         psetex k7 100 v\nset k8 v pxat 99999999999999\nset k9 v\nexpire k9 100 nx\n\
         expire k9 200 nx\nexpire k9 -1",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *5 $3 SET $2 k2 $1 v $4 PXAT $13 1700000005000 \
         *3 $9 PEXPIREAT $2 k2 $13 1700000000100 *2 $3 DEL $2 k2 *3 $3 set $2 k3 $1 v \
         *2 $3 DEL $2 k3 *5 $3 SET $2 k4 $1 v $4 PXAT $4 1000 *3 $3 set $2 k5 $1 v \
         *3 $9 PEXPIREAT $2 k5 $13 1700000100000 *2 $7 persist $2 k5 \
         *5 $3 SET $2 k6 $1 v $4 PXAT $13 1700000100000 \
         *5 $3 SET $2 k7 $1 v $4 PXAT $13 1700000000100 \
         *5 $3 SET $2 k8 $1 v $4 PXAT $14 99999999999999 *3 $3 set $2 k9 $1 v \
         *4 $9 PEXPIREAT $2 k9 $13 1700000100000 $2 nx *2 $3 DEL $2 k9"
    );
}

/// redis: `set m 1`, `move m 1` (twice), `set c 1`, `copy c c2`, `copy c
/// c3 db 2`, `copy c c2`, `swapdb 0 1` (twice), `rename c c9`, `renamenx
/// c9 c2`, `flushdb`, `flushdb async`, `flushall sync`.
#[test]
fn moves_and_flushes_are_logged_as_called_when_they_changed_something() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "set m 1\nmove m 1\nmove m 1\nset c 1\ncopy c c2\ncopy c c3 db 2\ncopy c c2\n\
         swapdb 0 1\nswapdb 0 1\nrename c c9\nrenamenx c9 c2\nflushdb\nflushdb async\n\
         flushall sync",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *3 $3 set $1 m $1 1 *3 $4 move $1 m $1 1 *3 $3 set $1 c $1 1 \
         *3 $4 copy $1 c $2 c2 *5 $4 copy $1 c $2 c3 $2 db $1 2 *3 $6 swapdb $1 0 $1 1 \
         *3 $6 swapdb $1 0 $1 1 *3 $6 rename $1 c $2 c9 *1 $7 flushdb \
         *2 $7 flushdb $5 async *2 $8 flushall $4 sync"
    );
}

/// redis, with DEBUG SET-ACTIVE-EXPIRE 0: six keys set with `px 10`, then
/// 100 ms later `set k w`, `lpush j x`, `get i`, `exists h`, and MULTI
/// `set g 1` `get f` EXEC: the expiry a command's lookup finds is logged
/// as a DEL in that command's unit.
#[test]
fn expiry_found_by_a_command_is_a_del_in_its_unit() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "set k v px 10\nset j v px 10\nset i v px 10\nset h v px 10\nset g v px 10\nset f v px 10",
    );
    log(&mut h);
    h.advance(100);
    h.run(
        &mut c,
        "set k w\nlpush j x\nget i\nexists h\nmulti\nset g 1\nget f\nexec",
    );
    assert_eq!(
        log(&mut h),
        "*1 $5 MULTI *2 $3 DEL $1 k *3 $3 set $1 k $1 w *1 $4 EXEC \
         *1 $5 MULTI *2 $3 DEL $1 j *3 $5 lpush $1 j $1 x *1 $4 EXEC \
         *2 $3 DEL $1 i *2 $3 DEL $1 h \
         *1 $5 MULTI *2 $3 DEL $1 g *3 $3 set $1 g $1 1 *2 $3 DEL $1 f *1 $4 EXEC"
    );
}

/// redis: `set q v px 10` with `lazyfree-lazy-expire yes`, then `exists q`
/// once it passed: UNLINK. The active cycle logs each key it removes as a
/// unit of its own.
#[test]
fn expiry_by_the_timer_and_lazy_expiry_as_unlink() {
    let (mut h, mut c) = logging();
    h.run(&mut c, "config set lazyfree-lazy-expire yes\nset q v px 10");
    log(&mut h);
    h.advance(20);
    h.run(&mut c, "exists q");
    assert_eq!(log(&mut h), "*2 $6 UNLINK $1 q");
    h.run(
        &mut c,
        "config set lazyfree-lazy-expire no\nset a 1 px 10\nselect 3\nset b 1 px 10",
    );
    log(&mut h);
    h.advance(20);
    h.tick();
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *2 $3 DEL $1 a *2 $6 SELECT $1 3 *2 $3 DEL $1 b"
    );
}

/// redis: `xadd s 1-1 a 1`, `xadd s 2-1 a 1`, `xadd s 3-1 a 1`, `xgroup
/// create s g 0`, `xreadgroup group g c1 noack streams s >`, `xadd s 4-1
/// a 1`, `xreadgroup group g c2 streams s >`, `xreadgroup group g c3
/// streams s >`, `xgroup delconsumer s g c2`, `xgroup delconsumer s g c3`,
/// `xgroup create s g2 $ entriesread 3`, `xsetid s 10-1 entriesadded 20
/// maxdeletedid 5-1`, `xgroup setid s g2 0 entriesread 1`, `xadd s maxlen
/// ~ 2 limit 1 * x 1`, `xtrim s minid ~ 3 limit 5`, `xtrim s minid 3`.
#[test]
fn stream_writes_are_logged_as_redis_propagates_them() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "xadd s 1-1 a 1\nxadd s 2-1 a 1\nxadd s 3-1 a 1\nxgroup create s g 0\n\
         xreadgroup group g c1 noack streams s >\nxadd s 4-1 a 1\n\
         xreadgroup group g c2 streams s >\nxreadgroup group g c3 streams s >\n\
         xgroup delconsumer s g c2\nxgroup delconsumer s g c3\n\
         xgroup create s g2 $ entriesread 3\nxsetid s 10-1 entriesadded 20 maxdeletedid 5-1\n\
         xgroup setid s g2 0 entriesread 1\nxadd s maxlen ~ 2 limit 1 * x 1\n\
         xtrim s minid ~ 3 limit 5\nxtrim s minid 3",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *5 $4 xadd $1 s $3 1-1 $1 a $1 1 *5 $4 xadd $1 s $3 2-1 $1 a $1 1 \
         *5 $4 xadd $1 s $3 3-1 $1 a $1 1 *5 $6 xgroup $6 create $1 s $1 g $1 0 \
         *1 $5 MULTI *5 $6 XGROUP $14 CREATECONSUMER $1 s $1 g $2 c1 \
         *7 $6 XGROUP $5 SETID $1 s $1 g $3 3-1 $11 ENTRIESREAD $1 3 *1 $4 EXEC \
         *5 $4 xadd $1 s $3 4-1 $1 a $1 1 \
         *14 $6 XCLAIM $1 s $1 g $2 c2 $1 0 $3 4-1 $4 TIME $13 1700000000000 \
         $10 RETRYCOUNT $1 1 $5 FORCE $6 JUSTID $6 LASTID $3 4-1 \
         *5 $6 xgroup $11 delconsumer $1 s $1 g $2 c2 \
         *7 $6 xgroup $6 create $1 s $2 g2 $1 $ $11 entriesread $1 3 \
         *7 $6 xsetid $1 s $4 10-1 $12 entriesadded $2 20 $12 maxdeletedid $3 5-1 \
         *7 $6 xgroup $5 setid $1 s $2 g2 $1 0 $11 entriesread $1 1 \
         *10 $4 xadd $1 s $6 maxlen $1 = $1 5 $5 limit $1 1 $15 1700000000000-0 $1 x $1 1 \
         *4 $5 xtrim $1 s $5 minid $1 3"
    );
}

/// redis: after `xadd s 1-1 a 1`, `xadd s 2-1 b 2`, `xgroup create s g
/// 0`, `xreadgroup group g c1 streams s >` (two XCLAIMs in a MULTI), a
/// history read `xreadgroup group g c1 streams s 0` (logs nothing, counts
/// a delivery), `xautoclaim s g c5 0 0 count 10`: an XCLAIM per entry
/// with the delivery count it reached, in a MULTI.
#[test]
fn claims_are_logged_as_forced_xclaims() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "xadd s 1-1 a 1\nxadd s 2-1 b 2\nxgroup create s g 0\nxreadgroup group g c1 streams s >",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *5 $4 xadd $1 s $3 1-1 $1 a $1 1 *5 $4 xadd $1 s $3 2-1 $1 b $1 2 \
         *5 $6 xgroup $6 create $1 s $1 g $1 0 *1 $5 MULTI \
         *14 $6 XCLAIM $1 s $1 g $2 c1 $1 0 $3 1-1 $4 TIME $13 1700000000000 \
         $10 RETRYCOUNT $1 1 $5 FORCE $6 JUSTID $6 LASTID $3 1-1 \
         *14 $6 XCLAIM $1 s $1 g $2 c1 $1 0 $3 2-1 $4 TIME $13 1700000000000 \
         $10 RETRYCOUNT $1 1 $5 FORCE $6 JUSTID $6 LASTID $3 2-1 *1 $4 EXEC"
    );
    h.advance(5);
    h.run(
        &mut c,
        "xreadgroup group g c1 streams s 0\nxautoclaim s g c5 0 0 count 10\nxclaim s g c4 0 5-1",
    );
    assert_eq!(
        log(&mut h),
        "*1 $5 MULTI \
         *14 $6 XCLAIM $1 s $1 g $2 c5 $1 0 $3 1-1 $4 TIME $13 1700000000005 \
         $10 RETRYCOUNT $1 3 $5 FORCE $6 JUSTID $6 LASTID $3 2-1 \
         *14 $6 XCLAIM $1 s $1 g $2 c5 $1 0 $3 2-1 $4 TIME $13 1700000000005 \
         $10 RETRYCOUNT $1 3 $5 FORCE $6 JUSTID $6 LASTID $3 2-1 *1 $4 EXEC"
    );
}

use miniredis_core::{Config, Host, LogError, Server};

/// A log of every kind of record: SELECT, plain writes, a transaction,
/// deadlines as Unix times.
const LOG: &[u8] = b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n\
*1\r\n$5\r\nMULTI\r\n*3\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\nx\r\n*2\r\n$3\r\nDEL\r\n$1\r\na\r\n\
*1\r\n$4\r\nEXEC\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n\
*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n1700000100000\r\n";

/// Where `needle` starts in LOG.
fn at(needle: &[u8]) -> u64 {
    LOG.windows(needle.len()).position(|w| w == needle).unwrap() as u64
}

/// What a server holds, read through a client of its own.
fn state(server: &mut Server) -> String {
    let c = server.connect(0);
    server.receive(
        c,
        b"get a\r\nlrange l 0 -1\r\nselect 2\r\nget k\r\npexpiretime k\r\n",
        0,
    );
    let mut out = Vec::new();
    server.take_output(c, &mut out);
    server.closed(c, 0);
    String::from_utf8_lossy(&out).into_owned()
}

fn fresh() -> Server {
    let host = Host {
        unix_time_at_zero_ms: support::UNIX_AT_ZERO,
        ..Host::default()
    };
    Server::new(Config::default(), host, 0)
}

#[test]
fn a_whole_log_loads_with_its_transactions_databases_and_deadlines() {
    let mut server = fresh();
    let load = server.load_log(LOG).unwrap();
    assert_eq!(
        (load.valid_len, load.truncated, load.commands, load.errors),
        (LOG.len() as u64, false, 8, 0)
    );
    assert_eq!(
        state(&mut server),
        "$-1\r\n*1\r\n$1\r\nx\r\n+OK\r\n$1\r\nv\r\n:1700000100000\r\n"
    );
}

/// However the log is cut into chunks, it loads to the same state.
#[test]
fn a_log_fed_in_chunks_loads_the_same() {
    let mut whole = fresh();
    whole.load_log(LOG).unwrap();
    let expected = state(&mut whole);
    for cut in 0..LOG.len() {
        for step in [1, 7, LOG.len()] {
            let mut server = fresh();
            let mut loader = server.begin_log_load();
            server.load_log_chunk(&mut loader, &LOG[..cut]).unwrap();
            for chunk in LOG[cut..].chunks(step) {
                server.load_log_chunk(&mut loader, chunk).unwrap();
            }
            let load = server.finish_log_load(loader);
            assert!(!load.truncated, "cut {cut} step {step}");
            assert_eq!(state(&mut server), expected, "cut {cut} step {step}");
        }
    }
}

/// A log cut anywhere (a torn last write) loads its whole records and
/// transactions, and says where they end: inside the transaction, at its
/// MULTI (Redis reverts an unfinished MULTI); inside the last record, at
/// its start.
#[test]
fn a_torn_log_loads_up_to_its_last_whole_record_or_transaction() {
    let multi_at = at(b"*1\r\n$5\r\nMULTI");
    let exec_end = at(b"EXEC\r\n") + 6;
    let last_at = at(b"*5\r\n");
    for cut in 1..LOG.len() {
        let mut server = fresh();
        let load = server.load_log(&LOG[..cut]).unwrap();
        let cut = cut as u64;
        // The last record start at or before the cut, a transaction
        // counting as one record.
        let starts = [0, at(b"*3\r\n$3\r\nset"), multi_at, exec_end, last_at];
        let expected = starts.into_iter().filter(|&s| s <= cut).max().unwrap();
        assert_eq!(load.valid_len, expected, "cut at {cut}");
        assert_eq!(load.truncated, cut != load.valid_len, "cut at {cut}");
        // The prefix that is whole loads to the same state on its own.
        let mut prefix = fresh();
        let again = prefix.load_log(&LOG[..load.valid_len as usize]).unwrap();
        assert!(!again.truncated);
        assert_eq!(state(&mut prefix), state(&mut server), "cut at {cut}");
    }
}

#[test]
fn bytes_that_are_not_records_are_refused() {
    let mut server = fresh();
    let error = server.load_log(b"*1\r\n$4\r\nPING\r\n+OK\r\n").unwrap_err();
    assert_eq!(error, LogError::BadFormat { offset: 14 });
    assert!(error
        .to_string()
        .starts_with("Bad file format reading the append only file (at byte 14)"));
    let error = fresh().load_log(b"*1\r\n$5\r\nNOPES\r\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "Unknown command 'NOPES' reading the append only file (at byte 0)"
    );
    // A bulk whose length does not end where it says.
    let error = fresh().load_log(b"*1\r\n$2\r\nPING\r\n").unwrap_err();
    assert_eq!(error, LogError::BadFormat { offset: 0 });
}

/// What one server logs, another loads to the same state, with the
/// deadlines it logged as Unix times back on its own clock.
#[test]
fn what_is_logged_loads_back() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "set a 1 ex 100\nrpush l x y\nmulti\nlpop l\nincrbyfloat n 2.5\nexec\nselect 2\nset k v px 5000",
    );
    let mut out = Vec::new();
    h.server.take_log(&mut out);
    let mut server = fresh();
    server.load_log(&out).unwrap();
    let c2 = server.connect(0);
    server.receive(
        c2,
        b"pexpiretime a\r\nlrange l 0 -1\r\nget n\r\nselect 2\r\npttl k\r\n",
        0,
    );
    let mut replies = Vec::new();
    server.take_output(c2, &mut replies);
    assert_eq!(
        String::from_utf8_lossy(&replies),
        ":1700000100000\r\n*1\r\n$1\r\ny\r\n$3\r\n2.5\r\n+OK\r\n:5000\r\n"
    );
}

/// An evicted key is logged as a DEL (UNLINK with `lazyfree-lazy-eviction
/// yes`), in the unit of the write that made room for itself: after that
/// write's record here (the core evicts after a write; Redis, before the
/// command, logs its DEL first). Replaying the log removes the same keys.
#[test]
fn evicted_keys_are_logged_as_removals() {
    let (mut h, mut c) = support::with_eviction(miniredis_core::EvictionPolicy::AllKeysLru, 20_000);
    h.server.set_log_enabled(true);
    let mut log_bytes = Vec::new();
    for i in 0..400 {
        h.run(&mut c, &format!("SET key{i} value{i}"));
        if i == 300 {
            h.run(&mut c, "config set lazyfree-lazy-eviction yes");
        }
        h.server.take_log(&mut log_bytes);
        h.advance(1);
    }
    let text = String::from_utf8_lossy(&log_bytes).replace("\r\n", " ");
    let dels = text.matches("*2 $3 DEL ").count();
    let unlinks = text.matches("*2 $6 UNLINK ").count();
    assert!(dels > 0 && unlinks > 0, "{dels} DEL, {unlinks} UNLINK");
    assert_eq!(dels + unlinks + h.server.key_count(), 400);
    // Each eviction is in the unit of the SET that caused it.
    assert!(text.contains("*1 $5 MULTI *3 $3 SET $6 key350 $8 value350 *2 $6 UNLINK"));
    let mut replayed = fresh();
    replayed.load_log(&log_bytes).unwrap();
    assert_eq!(replayed.key_count(), h.server.key_count());
}

/// redis: after `rpush l a b`: `lrem l 0 zz`, `lpushx nope a`, `rpushx
/// nope a`, `linsert l before zz x`, `linsert nope before a x`, `zadd z 1
/// a`, `zrem z nope`, `zadd z nx 2 a`, `zadd z 1 a`, `zadd z xx 1 b`,
/// `msetnx l 1 m 2`, `hset h f v` (twice), `hdel h nope`, `setrange s 0
/// ""`, `append s ""`, `ltrim l 0 -1`, `lset l 0 a`, `smove nope s2 a`,
/// `zincrby z 0 a`, `incrby n 0`, `setnx l 1`, `srem nope a`, `persist
/// l`, `rename l l`, `zremrangebyscore z 10 20`, `zremrangebyrank nope 0
/// 1`, `lmove nope x left left`, `rpoplpush nope x`, `hincrby h n 0`,
/// `setbit b 0 0`, `hsetnx h f w`, `del nope`, `unlink nope`, `expire nope
/// 10`, `getdel nope`, `xadd st nomkstream * a 1`, `xdel nope 1-1`, `copy
/// nope x`, `move nope 1`: only the commands that changed something (or
/// that Redis counts as a change: HSET of the same value, APPEND of
/// nothing to a missing key, INCRBY 0, HINCRBY 0, SETBIT 0 0) are logged.
#[test]
fn commands_that_change_nothing_are_not_logged() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "rpush l a b\nlrem l 0 zz\nlpushx nope a\nrpushx nope a\nlinsert l before zz x\n\
         linsert nope before a x\nzadd z 1 a\nzrem z nope\nzadd z nx 2 a\nzadd z 1 a\n\
         zadd z xx 1 b\nmsetnx l 1 m 2\nhset h f v\nhset h f v\nhdel h nope\nsetrange s 0 \"\"\n\
         append s \"\"\nltrim l 0 -1\nlset l 0 a\nsmove nope s2 a\nzincrby z 0 a\nincrby n 0\n\
         setnx l 1\nsrem nope a\npersist l\nrename l l\nzremrangebyscore z 10 20\n\
         zremrangebyrank nope 0 1\nlmove nope x left left\nrpoplpush nope x\nhincrby h n 0\n\
         setbit b 0 0\nhsetnx h f w\ndel nope\nunlink nope\nexpire nope 10\ngetdel nope\n\
         xadd st nomkstream * a 1\nxdel nope 1-1\ncopy nope x\nmove nope 1",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *4 $5 rpush $1 l $1 a $1 b *4 $4 zadd $1 z $1 1 $1 a \
         *4 $4 hset $1 h $1 f $1 v *4 $4 hset $1 h $1 f $1 v *3 $6 append $1 s $0  \
         *4 $4 lset $1 l $1 0 $1 a *3 $6 incrby $1 n $1 0 *4 $7 hincrby $1 h $1 n $1 0 \
         *4 $6 setbit $1 b $1 0 $1 0"
    );
}

/// A log loaded after a snapshot (keys already there, with deadlines on
/// the server's clock) leaves their deadlines where they were.
#[test]
fn keys_already_there_keep_their_deadlines_through_a_load() {
    let mut h = Harness::with_host(Config::default(), Host::default());
    let mut c = h.client();
    h.advance(5_000);
    h.run(&mut c, "set early v px 1000");
    h.server
        .load_log(
            b"*5\r\n$3\r\nSET\r\n$4\r\nlate\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n1700000009000\r\n",
        )
        .unwrap();
    assert_eq!(
        h.run(&mut c, "pexpiretime early\npexpiretime late\npttl early"),
        ":1700000006000\r\n:1700000009000\r\n:1000\r\n"
    );
}

/// redis: `set f 1 ex 100`, `getex f persist` (twice), `set g 1 nx get ex
/// 10`, `set g 2 keepttl`, `hincrbyfloat h x 1.5e3`, `xadd s 1-1 a 1`,
/// `xadd s 2-1 a 1`, `xadd s 3-1 a 1`, `xadd s minid ~ 3 * a 1`, `spop
/// nope`, `spop nope 2`.
#[test]
fn options_dropped_kept_and_rewritten_as_redis_does() {
    let (mut h, mut c) = logging();
    h.run(
        &mut c,
        "set f 1 ex 100\ngetex f persist\ngetex f persist\nset g 1 nx get ex 10\n\
         set g 2 keepttl\nhincrbyfloat h x 1.5e3\nxadd s 1-1 a 1\nxadd s 2-1 a 1\n\
         xadd s 3-1 a 1\nxadd s minid ~ 3 * a 1\nspop nope\nspop nope 2",
    );
    assert_eq!(
        log(&mut h),
        "*2 $6 SELECT $1 0 *5 $3 SET $1 f $1 1 $4 PXAT $13 1700000100000 *2 $7 PERSIST $1 f \
         *5 $3 SET $1 g $1 1 $4 PXAT $13 1700000010000 *4 $3 set $1 g $1 2 $7 keepttl \
         *4 $4 HSET $1 h $1 x $4 1500 *5 $4 xadd $1 s $3 1-1 $1 a $1 1 \
         *5 $4 xadd $1 s $3 2-1 $1 a $1 1 *5 $4 xadd $1 s $3 3-1 $1 a $1 1 \
         *8 $4 xadd $1 s $5 minid $1 = $3 1-1 $15 1700000000000-0 $1 a $1 1"
    );
}
