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
