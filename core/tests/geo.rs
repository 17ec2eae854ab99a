//! GEO commands: every reply byte for byte as redis-server 7.0.15 gives
//! it (the tables were recorded from it with the same inline commands), in
//! RESP2 and RESP3, each table run with the sorted sets in both forms.
//! The last tables add 40 random points, so coordinates, distances and
//! hashes are compared over many values, not a handful.

mod support;
use miniredis_core::Config;
use support::Harness;

/// Runs `rows` (command, expected reply) on a fresh server, then again on
/// one where every sorted set takes the large form at once.
fn check(resp3: bool, rows: &[(&str, &str)]) {
    let large = Config {
        zset_max_listpack_entries: 0,
        ..Config::default()
    };
    for (form, config) in [("listpack", Config::default()), ("skiplist", large)] {
        let mut h = Harness::with_config(config);
        let mut c = h.client();
        if resp3 {
            h.run(&mut c, "HELLO 3");
        }
        for (command, expected) in rows {
            assert_eq!(
                h.run(&mut c, command),
                *expected,
                "{command} ({form}, {})",
                if resp3 { "RESP3" } else { "RESP2" }
            );
        }
    }
}

#[test]
fn geoadd_options_and_errors_resp2() {
    check(
        false,
        &[
            ("GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", ":2\r\n"),
            ("GEOADD g 13.361389 38.115556 Palermo", ":0\r\n"),
            ("GEOADD g CH 13.361389 38.115556 Palermo 13 38 Palermo2", ":1\r\n"),
            ("GEOADD g CH 13.1 38.115556 Palermo", ":1\r\n"),
            ("GEOADD g NX CH 1 1 Palermo 2 2 new", ":1\r\n"),
            ("GEOADD g XX CH 1 1 Palermo 3 3 never", ":1\r\n"),
            ("GEOADD g XX 5 5 Palermo", ":0\r\n"),
            ("GEOADD g nx xx 1 1 a", "-ERR syntax error\r\n"),
            ("GEOADD g 1 1", "-ERR wrong number of arguments for 'geoadd' command\r\n"),
            ("GEOADD g 1 1 a 2", "-ERR syntax error\r\n"),
            ("GEOADD g GT 1 1 a", "-ERR syntax error\r\n"),
            ("GEOADD g 200 100 a", "-ERR invalid longitude,latitude pair 200.000000,100.000000\r\n"),
            ("GEOADD g 180.000001 0 a", "-ERR invalid longitude,latitude pair 180.000001,0.000000\r\n"),
            ("GEOADD g 0 85.05112879 a", "-ERR invalid longitude,latitude pair 0.000000,85.051129\r\n"),
            ("GEOADD g 0 -85.06 a", "-ERR invalid longitude,latitude pair 0.000000,-85.060000\r\n"),
            ("GEOADD g 1 1 ok 200 1 bad", "-ERR invalid longitude,latitude pair 200.000000,1.000000\r\n"),
            ("GEOADD g abc 1 a", "-ERR value is not a valid float\r\n"),
            ("GEOADD g 1 nan a", "-ERR value is not a valid float\r\n"),
            ("GEOADD g inf 1 a", "-ERR invalid longitude,latitude pair inf,1.000000\r\n"),
            ("GEOADD g -inf 1 a", "-ERR invalid longitude,latitude pair -inf,1.000000\r\n"),
            ("GEOADD g 1e400 1 a", "-ERR value is not a valid float\r\n"),
            ("GEOADD g 1e-400 1 a", "-ERR value is not a valid float\r\n"),
            ("GEOADD g 180 85.05112878 top -180 -85.05112878 bottom 0 0 zero", ":3\r\n"),
            ("ZRANGE g 0 -1 WITHSCORES", "*14\r\n$6\r\nbottom\r\n$1\r\n0\r\n$4\r\nzero\r\n$16\r\n3377699720527872\r\n$3\r\nnew\r\n$16\r\n3378191666521995\r\n$7\r\nPalermo\r\n$16\r\n3379881761160527\r\n$8\r\nPalermo2\r\n$16\r\n3479065152021743\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n$3\r\ntop\r\n$17\r\n13510798882111488\r\n"),
            ("GEOADD nokey XX 1 1 a", ":0\r\n"),
            ("EXISTS nokey", ":0\r\n"),
            ("SET s x", "+OK\r\n"),
            ("GEOADD s 1 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEOADD g", "-ERR wrong number of arguments for 'geoadd' command\r\n"),
            ("GEOADD g 1 1 ok", ":1\r\n"),
            ("ZSCORE g ok", "$16\r\n3377822707026402\r\n"),
        ],
    );
}

#[test]
fn geopos_geohash_geodist_resp2() {
    check(
        false,
        &[
            ("GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12.758489 38.788135 edge1 17.241510 38.222869 edge2", ":4\r\n"),
            ("GEOADD Sicily 180 85.05112878 top -180 -85.05112878 bottom 0 0 zero -0.0001 0.0001 tiny", ":4\r\n"),
            ("GEOPOS Sicily Palermo Catania nope edge1 edge2 top bottom zero tiny", "*9\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*-1\r\n*2\r\n$19\r\n12.7584877610206604\r\n$20\r\n38.78813451624225195\r\n*2\r\n$20\r\n17.24151045083999634\r\n$20\r\n38.22286888521923487\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$19\r\n0.00000268220901489\r\n$19\r\n0.00000126736058093\r\n*2\r\n$20\r\n-0.00009924173355103\r\n$19\r\n0.00010012148579364\r\n"),
            ("GEOPOS Sicily", "*0\r\n"),
            ("GEOPOS nokey a b", "*2\r\n*-1\r\n*-1\r\n"),
            ("GEOHASH Sicily Palermo Catania nope edge1 edge2 top bottom zero tiny", "*9\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n$-1\r\n$11\r\nsqchdm4mq20\r\n$11\r\nsqu32q6bk70\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n$11\r\ns0000000000\r\n$11\r\nebpbpbpbtd0\r\n"),
            ("GEOHASH Sicily", "*0\r\n"),
            ("GEOHASH nokey a", "*1\r\n$-1\r\n"),
            ("GEODIST Sicily Palermo Catania", "$11\r\n166274.1516\r\n"),
            ("GEODIST Sicily Palermo Catania m", "$11\r\n166274.1516\r\n"),
            ("GEODIST Sicily Palermo Catania KM", "$8\r\n166.2742\r\n"),
            ("GEODIST Sicily Palermo Catania ft", "$11\r\n545518.8700\r\n"),
            ("GEODIST Sicily Palermo Catania Mi", "$8\r\n103.3182\r\n"),
            ("GEODIST Sicily Palermo Palermo", "$6\r\n0.0000\r\n"),
            ("GEODIST Sicily top bottom km", "$10\r\n18919.8446\r\n"),
            ("GEODIST Sicily zero tiny", "$7\r\n15.7928\r\n"),
            ("GEODIST Sicily Palermo nope", "$-1\r\n"),
            ("GEODIST nokey a b", "$-1\r\n"),
            ("GEODIST nokey a b parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEODIST Sicily Palermo Catania parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEODIST Sicily Palermo Catania km extra", "-ERR syntax error\r\n"),
            ("ZADD Sicily -5 neg 1e20 huge 4503599627370496 over", ":3\r\n"),
            ("GEOPOS Sicily neg huge over", "*3\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$19\r\n85.0511287799999991\r\n"),
            ("GEOHASH Sicily neg huge over", "*3\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n$11\r\nbp05b5048p0\r\n"),
            ("SET s x", "+OK\r\n"),
            ("GEOPOS s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEOHASH s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEODIST s a b", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEODIST s a b parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
        ],
    );
}

#[test]
fn georadius_family_resp2() {
    check(
        false,
        &[
            ("GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12.758489 38.788135 edge1 17.241510 38.222869 edge2", ":4\r\n"),
            ("GEORADIUS Sicily 15 37 200 km", "*2\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n"),
            ("GEORADIUS Sicily 15 37 200 km ASC", "*2\r\n$7\r\nCatania\r\n$7\r\nPalermo\r\n"),
            ("GEORADIUS Sicily 15 37 200 km DESC", "*2\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHDIST", "*2\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHCOORD", "*2\r\n*2\r\n$7\r\nPalermo\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*2\r\n$7\r\nCatania\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHHASH", "*2\r\n*2\r\n$7\r\nPalermo\r\n:3479099956230698\r\n*2\r\n$7\r\nCatania\r\n:3479447370796909\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH ASC", "*2\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHDIST COUNT 1", "*1\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHDIST COUNT 2 DESC", "*2\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT 1 ANY", "*1\r\n$7\r\nPalermo\r\n"),
            ("GEORADIUS Sicily 15 37 500 mi WITHDIST", "*4\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n118.3357\r\n*2\r\n$5\r\nedge1\r\n$8\r\n173.8231\r\n*2\r\n$7\r\nCatania\r\n$7\r\n35.0711\r\n*2\r\n$5\r\nedge2\r\n$8\r\n149.0001\r\n"),
            ("GEORADIUS Sicily 15 37 500000 ft WITHDIST", "*1\r\n*2\r\n$7\r\nCatania\r\n$11\r\n185174.7305\r\n"),
            ("GEORADIUS Sicily 15 37 10 m", "*0\r\n"),
            ("GEORADIUS Sicily 15 37 0 km", "*0\r\n"),
            ("GEORADIUS_RO Sicily 15 37 200 km WITHDIST ASC", "*2\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n"),
            ("GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST", "*3\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$5\r\nedge1\r\n$7\r\n91.4007\r\n*2\r\n$7\r\nCatania\r\n$8\r\n166.2742\r\n"),
            ("GEORADIUSBYMEMBER Sicily Palermo 100 km WITHDIST ASC", "*2\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$5\r\nedge1\r\n$7\r\n91.4007\r\n"),
            ("GEORADIUSBYMEMBER_RO Sicily Palermo 500 km WITHCOORD DESC COUNT 3", "*3\r\n*2\r\n$5\r\nedge2\r\n*2\r\n$20\r\n17.24151045083999634\r\n$20\r\n38.22286888521923487\r\n*2\r\n$7\r\nCatania\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*2\r\n$5\r\nedge1\r\n*2\r\n$19\r\n12.7584877610206604\r\n$20\r\n38.78813451624225195\r\n"),
            ("GEORADIUSBYMEMBER Sicily nope 200 km", "-ERR could not decode requested zset member\r\n"),
            ("GEORADIUSBYMEMBER nokey nope abc km", "*0\r\n"),
            ("GEORADIUSBYMEMBER nokey nope 1 km STORE dst", ":0\r\n"),
            ("GEORADIUS nokey 15 37 200 km", "*0\r\n"),
            ("GEORADIUS nokey 15 37 200 km STORE dst", ":0\r\n"),
            ("GEORADIUS nokey 200 37 200 km", "-ERR invalid longitude,latitude pair 200.000000,37.000000\r\n"),
            ("GEORADIUS Sicily 15 37 200 km STORE dst", ":2\r\n"),
            ("ZRANGE dst 0 -1 WITHSCORES", "*4\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n"),
            ("GEORADIUS Sicily 15 37 200 km STOREDIST dst2", ":2\r\n"),
            ("ZRANGE dst2 0 -1 WITHSCORES", "*4\r\n$7\r\nCatania\r\n$18\r\n56.441257870158204\r\n$7\r\nPalermo\r\n$18\r\n190.44242984775784\r\n"),
            ("GEORADIUSBYMEMBER Sicily Palermo 200 km STOREDIST dst3 COUNT 1", ":1\r\n"),
            ("ZRANGE dst3 0 -1 WITHSCORES", "*2\r\n$7\r\nPalermo\r\n$1\r\n0\r\n"),
            ("GEORADIUS Sicily 15 37 1 m STORE dst", ":0\r\n"),
            ("EXISTS dst", ":0\r\n"),
            ("GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST", "-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n"),
            ("GEORADIUS_RO Sicily 15 37 200 km STORE dst", "-ERR syntax error\r\n"),
            ("GEORADIUS Sicily 15 37 200 km STORE", "-ERR syntax error\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT 0", "-ERR COUNT must be > 0\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT -1", "-ERR COUNT must be > 0\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT abc", "-ERR value is not an integer or out of range\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT", "-ERR syntax error\r\n"),
            ("GEORADIUS Sicily 15 37 200 km ANY", "-ERR the ANY argument requires COUNT argument\r\n"),
            ("GEORADIUS Sicily 15 37 200 km FROMMEMBER Palermo", "-ERR syntax error\r\n"),
            ("GEORADIUS Sicily 15 37 -1 km", "-ERR radius cannot be negative\r\n"),
            ("GEORADIUS Sicily 15 37 abc km", "-ERR need numeric radius\r\n"),
            ("GEORADIUS Sicily 15 37 200 parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEORADIUS Sicily 15 95 200 km", "-ERR invalid longitude,latitude pair 15.000000,95.000000\r\n"),
            ("GEORADIUS Sicily x 37 200 km", "-ERR value is not a valid float\r\n"),
            ("SET s x", "+OK\r\n"),
            ("GEORADIUS s 15 37 200 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEORADIUSBYMEMBER s a 200 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ],
    );
}

#[test]
fn geosearch_family_resp2() {
    check(
        false,
        &[
            ("GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12.758489 38.788135 edge1 17.241510 38.222869 edge2", ":4\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km", "*2\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC WITHCOORD WITHDIST WITHHASH", "*2\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHCOORD WITHDIST", "*4\r\n*3\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*3\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*3\r\n$5\r\nedge2\r\n$8\r\n239.7918\r\n*2\r\n$20\r\n17.24151045083999634\r\n$20\r\n38.22286888521923487\r\n*3\r\n$5\r\nedge1\r\n$8\r\n279.7405\r\n*2\r\n$19\r\n12.7584877610206604\r\n$20\r\n38.78813451624225195\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 100 100 km ASC WITHDIST", "*0\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 300 300 km DESC WITHDIST", "*2\r\n*2\r\n$5\r\nedge1\r\n$7\r\n91.4007\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 300 km COUNT 2 WITHDIST", "*2\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$5\r\nedge1\r\n$7\r\n91.4007\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 300 km COUNT 2 ANY", "*2\r\n$7\r\nPalermo\r\n$5\r\nedge1\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 300 KM COUNT 10 ANY DESC", "*3\r\n$7\r\nCatania\r\n$5\r\nedge1\r\n$7\r\nPalermo\r\n"),
            ("GEOSEARCH Sicily BYRADIUS 300 km FROMLONLAT 13 38 WITHHASH", "*3\r\n*2\r\n$7\r\nPalermo\r\n:3479099956230698\r\n*2\r\n$5\r\nedge1\r\n:3479273021651468\r\n*2\r\n$7\r\nCatania\r\n:3479447370796909\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER nope BYRADIUS 300 km", "-ERR could not decode requested zset member\r\n"),
            ("GEOSEARCH nokey FROMMEMBER nope BYRADIUS 300 km", "*0\r\n"),
            ("GEOSEARCH nokey FROMLONLAT 1 1 BYRADIUS 300 km", "*0\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37", "-ERR wrong number of arguments for 'geosearch' command\r\n"),
            ("GEOSEARCH Sicily BYRADIUS 200 km", "-ERR wrong number of arguments for 'geosearch' command\r\n"),
            ("geosearch Sicily BYRADIUS 200 km WITHDIST", "-ERR wrong number of arguments for 'geosearch' command\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 FROMMEMBER Palermo BYRADIUS 200 km", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 15 37 BYRADIUS 200 km", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km BYBOX 1 1 km", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 1 km BYRADIUS 200 km", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km", "-ERR height or width cannot be negative\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX x 1 km", "-ERR need numeric width\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 x km", "-ERR need numeric height\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 1 yd", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 yd", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE d", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ANY", "-ERR the ANY argument requires COUNT argument\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 0", "-ERR COUNT must be > 0\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 m", "*0\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km", ":2\r\n"),
            ("ZRANGE dst 0 -1 WITHSCORES", "*4\r\n$7\r\nPalermo\r\n$16\r\n3479099956230698\r\n$7\r\nCatania\r\n$16\r\n3479447370796909\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST", ":2\r\n"),
            ("ZRANGE dst 0 -1 WITHSCORES", "*4\r\n$7\r\nCatania\r\n$18\r\n56.441257870158204\r\n$7\r\nPalermo\r\n$18\r\n190.44242984775784\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 1 DESC STOREDIST", ":1\r\n"),
            ("ZRANGE dst 0 -1 WITHSCORES", "*2\r\n$7\r\nPalermo\r\n$18\r\n190.44242984775784\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST", "-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n"),
            ("geosearchstore dst Sicily BYRADIUS 200 km", "-ERR wrong number of arguments for 'geosearchstore' command\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 1 m", ":0\r\n"),
            ("EXISTS dst", ":0\r\n"),
            ("SET dst x", "+OK\r\n"),
            ("GEOSEARCHSTORE dst nokey FROMLONLAT 15 37 BYRADIUS 1 m", ":0\r\n"),
            ("EXISTS dst", ":0\r\n"),
            ("SET s x", "+OK\r\n"),
            ("GEOSEARCH s FROMLONLAT 15 37 BYRADIUS 200 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEOSEARCHSTORE dst s FROMLONLAT 15 37 BYRADIUS 200 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ],
    );
}

#[test]
fn nyc_searches_resp2() {
    check(
        false,
        &[
            ("GEOADD nyc -73.9454966 40.747533 lic -73.9733487 40.7648057 q4 -73.9903085 40.7362513 union -74.0131604 40.7126674 wtc -73.7858139 40.6428986 jfk -73.9375699 40.7498929 q1 -73.9564142 40.7480973 q2 -73.9591302 40.7573177 q3", ":8\r\n"),
            ("GEORADIUS nyc -73.9798091 40.7598464 3 km ASC", "*4\r\n$2\r\nq4\r\n$2\r\nq3\r\n$2\r\nq2\r\n$5\r\nunion\r\n"),
            ("GEORADIUS nyc -73.9798091 40.7598464 3 km", "*4\r\n$2\r\nq4\r\n$2\r\nq2\r\n$2\r\nq3\r\n$5\r\nunion\r\n"),
            ("GEORADIUS nyc -73.9798091 40.7598464 3 km WITHDIST WITHCOORD WITHHASH ASC", "*4\r\n*4\r\n$2\r\nq4\r\n$6\r\n0.7750\r\n:1791875761332224\r\n*2\r\n$21\r\n-73.97334784269332886\r\n$20\r\n40.76480639569881959\r\n*4\r\n$2\r\nq3\r\n$6\r\n1.7646\r\n:1791875812218780\r\n*2\r\n$21\r\n-73.95913213491439819\r\n$20\r\n40.75731882939412998\r\n*4\r\n$2\r\nq2\r\n$6\r\n2.3651\r\n:1791875796750882\r\n*2\r\n$21\r\n-73.95641237497329712\r\n$20\r\n40.74809751381645384\r\n*4\r\n$5\r\nunion\r\n$6\r\n2.7697\r\n:1791875485187452\r\n*2\r\n$21\r\n-73.99031013250350952\r\n$20\r\n40.73625022711770782\r\n"),
            ("GEORADIUS nyc -73.9798091 40.7598464 30 km DESC WITHDIST", "*8\r\n*2\r\n$3\r\njfk\r\n$7\r\n20.8995\r\n*2\r\n$3\r\nwtc\r\n$6\r\n5.9530\r\n*2\r\n$2\r\nq1\r\n$6\r\n3.7269\r\n*2\r\n$3\r\nlic\r\n$6\r\n3.1991\r\n*2\r\n$5\r\nunion\r\n$6\r\n2.7697\r\n*2\r\n$2\r\nq2\r\n$6\r\n2.3651\r\n*2\r\n$2\r\nq3\r\n$6\r\n1.7646\r\n*2\r\n$2\r\nq4\r\n$6\r\n0.7750\r\n"),
            ("GEOSEARCH nyc FROMLONLAT -73.9798091 40.7598464 BYBOX 6 6 km ASC WITHDIST", "*5\r\n*2\r\n$2\r\nq4\r\n$6\r\n0.7750\r\n*2\r\n$2\r\nq3\r\n$6\r\n1.7646\r\n*2\r\n$2\r\nq2\r\n$6\r\n2.3651\r\n*2\r\n$5\r\nunion\r\n$6\r\n2.7697\r\n*2\r\n$3\r\nlic\r\n$6\r\n3.1991\r\n"),
            ("GEOSEARCH nyc FROMLONLAT -73.9798091 40.7598464 BYBOX 6 6 km", "*5\r\n$2\r\nq4\r\n$2\r\nq2\r\n$3\r\nlic\r\n$2\r\nq3\r\n$5\r\nunion\r\n"),
            ("GEOSEARCH nyc FROMMEMBER wtc BYBOX 100 100 km WITHDIST", "*8\r\n*2\r\n$3\r\nwtc\r\n$6\r\n0.0000\r\n*2\r\n$5\r\nunion\r\n$6\r\n3.2544\r\n*2\r\n$2\r\nq4\r\n$6\r\n6.7000\r\n*2\r\n$2\r\nq2\r\n$6\r\n6.1975\r\n*2\r\n$3\r\nlic\r\n$6\r\n6.8969\r\n*2\r\n$2\r\nq3\r\n$6\r\n6.7381\r\n*2\r\n$2\r\nq1\r\n$6\r\n7.5983\r\n*2\r\n$3\r\njfk\r\n$7\r\n20.6880\r\n"),
            ("GEOSEARCH nyc FROMMEMBER jfk BYRADIUS 50 mi COUNT 3 ANY WITHDIST", "*3\r\n*2\r\n$3\r\nwtc\r\n$7\r\n12.8550\r\n*2\r\n$5\r\nunion\r\n$7\r\n12.5089\r\n*2\r\n$2\r\nq4\r\n$7\r\n12.9434\r\n"),
            ("GEOSEARCH nyc FROMMEMBER jfk BYRADIUS 50 mi COUNT 3 WITHDIST", "*3\r\n*2\r\n$3\r\njfk\r\n$6\r\n0.0000\r\n*2\r\n$2\r\nq1\r\n$7\r\n10.8590\r\n*2\r\n$3\r\nlic\r\n$7\r\n11.0594\r\n"),
            ("GEOSEARCH nyc FROMLONLAT 0 0 BYRADIUS 20000 km COUNT 2 DESC", "*2\r\n$3\r\nwtc\r\n$5\r\nunion\r\n"),
            ("GEOSEARCH nyc FROMLONLAT 180 85 BYRADIUS 10000 km ASC WITHDIST", "*0\r\n"),
            ("GEOPOS nyc lic q4 union wtc jfk q1 q2 q3", "*8\r\n*2\r\n$21\r\n-73.94549578428268433\r\n$20\r\n40.74753227099792952\r\n*2\r\n$21\r\n-73.97334784269332886\r\n$20\r\n40.76480639569881959\r\n*2\r\n$21\r\n-73.99031013250350952\r\n$20\r\n40.73625022711770782\r\n*2\r\n$21\r\n-74.01316255331039429\r\n$20\r\n40.71266718145121644\r\n*2\r\n$21\r\n-73.78581315279006958\r\n$20\r\n40.64289898154041936\r\n*2\r\n$21\r\n-73.93757253885269165\r\n$20\r\n40.74989209639726795\r\n*2\r\n$21\r\n-73.95641237497329712\r\n$20\r\n40.74809751381645384\r\n*2\r\n$21\r\n-73.95913213491439819\r\n$20\r\n40.75731882939412998\r\n"),
            ("GEOHASH nyc lic q4 union wtc jfk q1 q2 q3", "*8\r\n$11\r\ndr5rv3fe940\r\n$11\r\ndr5rutn20n0\r\n$11\r\ndr5rsrccug0\r\n$11\r\ndr5reg922r0\r\n$11\r\ndr5x0yyf1c0\r\n$11\r\ndr5rvd233d0\r\n$11\r\ndr5rv1fwfe0\r\n$11\r\ndr5rv58se60\r\n"),
        ],
    );
}

#[test]
fn random_points_resp2() {
    check(
        false,
        &[
            ("GEOADD r -63.42 -18.0 p0 -154.0 -23.0 p1 147.493 -78.671988499 p2 -29.458 -69.61971643 p3 -159.0 76.0 p4 27.757061502 -76.615 p5 -163.23 -35.787 p6 14.646919 10.25 p7 -142.9 -22.0 p8 23.173 -0.609894381 p9 99.802358993 14.554072983 p10 -49.83 50.074 p11 -150.532196 4.285925 p12 82.600304 19.0 p13 -137.496319828 -56.989946 p14 -125.285567522 -13.0 p15 95.245512 -27.195186 p16 33.973155758 -73.0 p17 160.085194239 34.0 p18 -158.159006 25.026618155 p19 -77.545608446 65.835554 p20 -171.8773459 -25.0 p21 -2.271 45.626 p22 85.810816654 -18.549455497 p23 -150.990731568 -16.730312 p24 138.018177519 61.913758 p25 74.302815 31.081192402 p26 164.783 -70.934 p27 -96.496 -82.998 p28 -85.0 -60.270446 p29 39.532477 77.0 p30 -15.608260007 -17.338355842 p31 -142.726646264 -74.0 p32 174.480336272 -57.442228 p33 36.0 -85.01 p34 13.182728 19.0 p35 134.759655855 -59.781562 p36 163.968489 -4.0 p37 125.617293534 -3.334793 p38 -149.0 42.469534 p39", ":40\r\n"),
            ("GEOPOS r p0 p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12 p13 p14 p15 p16 p17 p18 p19 p20 p21 p22 p23 p24 p25 p26 p27 p28 p29 p30 p31 p32 p33 p34 p35 p36 p37 p38 p39", "*40\r\n*2\r\n$21\r\n-63.41999799013137817\r\n$21\r\n-17.99999913609774893\r\n*2\r\n$22\r\n-153.99999886751174927\r\n$21\r\n-23.00000023389439718\r\n*2\r\n$21\r\n147.49299734830856323\r\n$21\r\n-78.67198970148876924\r\n*2\r\n$21\r\n-29.45800155401229858\r\n$21\r\n-69.61971721265112478\r\n*2\r\n$22\r\n-159.00000125169754028\r\n$20\r\n76.00000071776581478\r\n*2\r\n$20\r\n27.75706261396408081\r\n$21\r\n-76.61500011265621879\r\n*2\r\n$22\r\n-163.23000043630599976\r\n$21\r\n-35.78699931637333975\r\n*2\r\n$20\r\n14.64691847562789917\r\n$20\r\n10.25000047617832166\r\n*2\r\n$22\r\n-142.89999872446060181\r\n$21\r\n-21.99999950739083587\r\n*2\r\n$20\r\n23.17300111055374146\r\n$20\r\n-0.60989319911492146\r\n*2\r\n$20\r\n99.80236083269119263\r\n$20\r\n14.55407360190919519\r\n*2\r\n$21\r\n-49.83000129461288452\r\n$20\r\n50.07400075596819988\r\n*2\r\n$22\r\n-150.53219765424728394\r\n$19\r\n4.28592578959058557\r\n*2\r\n$20\r\n82.60030299425125122\r\n$20\r\n18.99999986260130669\r\n*2\r\n$20\r\n-137.496318519115448\r\n$21\r\n-56.98994688368598105\r\n*2\r\n$22\r\n-125.28556734323501587\r\n$21\r\n-13.00000057302225542\r\n*2\r\n$20\r\n95.24551302194595337\r\n$21\r\n-27.19518680806238464\r\n*2\r\n$20\r\n33.97315710783004761\r\n$21\r\n-73.00000107297628915\r\n*2\r\n$21\r\n160.08519619703292847\r\n$20\r\n34.00000062127011091\r\n*2\r\n$22\r\n-158.15900534391403198\r\n$20\r\n25.02661879379574117\r\n*2\r\n$21\r\n-77.54561036825180054\r\n$20\r\n65.83555341751807077\r\n*2\r\n$21\r\n-171.8773457407951355\r\n$21\r\n-24.99999915218036506\r\n*2\r\n$20\r\n-2.27100223302841187\r\n$20\r\n45.62600109336774779\r\n*2\r\n$20\r\n85.81081598997116089\r\n$21\r\n-18.54945571124996917\r\n*2\r\n$22\r\n-150.99073201417922974\r\n$21\r\n-16.73031168240400035\r\n*2\r\n$21\r\n138.01817983388900757\r\n$20\r\n61.91375679815406841\r\n*2\r\n$19\r\n74.3028143048286438\r\n$20\r\n31.08119316465651849\r\n*2\r\n$21\r\n164.78299945592880249\r\n$21\r\n-70.93400055042229724\r\n*2\r\n$21\r\n-96.49600178003311157\r\n$21\r\n-82.99800083885369872\r\n*2\r\n$21\r\n-85.00000029802322388\r\n$21\r\n-60.27044637613143863\r\n*2\r\n$20\r\n39.53247517347335815\r\n$20\r\n76.99999890954821069\r\n*2\r\n$21\r\n-15.60825973749160767\r\n$21\r\n-17.33835580243317764\r\n*2\r\n$22\r\n-142.72664755582809448\r\n$21\r\n-73.99999926475868506\r\n*2\r\n$21\r\n174.48033839464187622\r\n$21\r\n-57.44222731903147405\r\n*2\r\n$20\r\n36.00000053644180298\r\n$21\r\n-85.00999912710798867\r\n*2\r\n$19\r\n13.1827273964881897\r\n$20\r\n18.99999986260130669\r\n*2\r\n$21\r\n134.75965529680252075\r\n$21\r\n-59.78156203252393652\r\n*2\r\n$21\r\n163.96848767995834351\r\n$20\r\n-3.99999910393250957\r\n*2\r\n$21\r\n125.61729222536087036\r\n$20\r\n-3.33479195231791437\r\n*2\r\n$22\r\n-149.00000184774398804\r\n$20\r\n42.46953311141223253\r\n"),
            ("GEOHASH r p0 p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12 p13 p14 p15 p16 p17 p18 p19 p20 p21 p22 p23 p24 p25 p26 p27 p28 p29 p30 p31 p32 p33 p34 p35 p36 p37 p38 p39", "*40\r\n$11\r\n6sfcsg4yqu0\r\n$11\r\n2efmpsux7c0\r\n$11\r\np60bkq1n7y0\r\n$11\r\n57e5cwj7fb0\r\n$11\r\nbmwbmg7sp60\r\n$11\r\nhd7spssj620\r\n$11\r\n23eumt5t970\r\n$11\r\ns3f6m3cw9f0\r\n$11\r\n2u46u5p2sw0\r\n$11\r\nkxbkx2fp450\r\n$11\r\nw4wfz13zee0\r\n$11\r\nfbusf5dyhy0\r\n$11\r\n88ubqs1z3d0\r\n$11\r\ntg6spdgen80\r\n$11\r\n0vy5z1q1rx0\r\n$11\r\n3jwyj13vd80\r\n$11\r\nq55tr378t30\r\n$11\r\nhg00tnf2pv0\r\n$11\r\nxw1c6vd2r70\r\n$11\r\n8krw35bns50\r\n$11\r\nf78ye2vpbk0\r\n$11\r\n25tcbbfsrw0\r\n$11\r\ngbn7s3fq9z0\r\n$11\r\nmutn2xjt8f0\r\n$11\r\n2th8u47fug0\r\n$11\r\nz540hxjcb80\r\n$11\r\nttsbff1tj40\r\n$11\r\npemhmwz76p0\r\n$11\r\n1c5ru4tv850\r\n$11\r\n4j791u0ghq0\r\n$11\r\nuvsn596tt20\r\n$11\r\n7suvkgdkv00\r\n$11\r\n0ffe00twu00\r\n$11\r\npvu14quwy80\r\n$11\r\nhbcs7hqkug0\r\n$11\r\ns73k5fz75b0\r\n$11\r\nnvrgft0gpt0\r\n$11\r\nrxk95py4qd0\r\n$11\r\nqz3m42ztrj0\r\n$11\r\n8xw197mdbq0\r\n"),
            ("GEODIST r p14 p23 ft", "$13\r\n35127384.9703\r\n"),
            ("GEODIST r p8 p12 m", "$12\r\n3039434.6544\r\n"),
            ("GEODIST r p5 p8 km", "$9\r\n9033.7961\r\n"),
            ("GEODIST r p32 p13 ft", "$13\r\n43697965.1194\r\n"),
            ("GEODIST r p1 p29 ft", "$13\r\n21825079.7302\r\n"),
            ("GEODIST r p29 p24 ft", "$13\r\n23241833.8273\r\n"),
            ("GEODIST r p36 p12 ft", "$13\r\n31424000.4423\r\n"),
            ("GEODIST r p5 p31 km", "$9\r\n7031.7319\r\n"),
            ("GEODIST r p1 p17 ft", "$13\r\n30598214.4023\r\n"),
            ("GEODIST r p30 p24 m", "$13\r\n13290600.5278\r\n"),
            ("GEODIST r p16 p6 m", "$12\r\n9223851.8378\r\n"),
            ("GEODIST r p24 p39 ft", "$13\r\n21613328.0737\r\n"),
            ("GEODIST r p6 p3 mi", "$9\r\n4792.6490\r\n"),
            ("GEODIST r p15 p5 ft", "$13\r\n32470457.4052\r\n"),
            ("GEODIST r p33 p13 km", "$10\r\n11892.7281\r\n"),
            ("GEODIST r p38 p4 m", "$12\r\n9981650.8670\r\n"),
            ("GEODIST r p31 p12 km", "$10\r\n14902.6284\r\n"),
            ("GEODIST r p37 p29 ft", "$13\r\n35293505.5430\r\n"),
            ("GEODIST r p18 p35 mi", "$9\r\n8178.4857\r\n"),
            ("GEODIST r p27 p8 km", "$9\r\n6381.1456\r\n"),
            ("GEOSEARCH r FROMLONLAT 125.617293534 -3.334793 BYRADIUS 100 km ASC WITHDIST WITHCOORD WITHHASH", "*1\r\n*4\r\n$3\r\np38\r\n$6\r\n0.0002\r\n:3233008529889925\r\n*2\r\n$21\r\n125.61729222536087036\r\n$20\r\n-3.33479195231791437\r\n"),
            ("GEOSEARCH r FROMMEMBER p20 BYBOX 8000 4000 km WITHDIST", "*4\r\n*2\r\n$2\r\np4\r\n$9\r\n2874.4666\r\n*2\r\n$3\r\np11\r\n$9\r\n2359.1688\r\n*2\r\n$3\r\np20\r\n$6\r\n0.0000\r\n*2\r\n$3\r\np30\r\n$9\r\n3570.9559\r\n"),
            ("GEOSEARCH r FROMLONLAT -2.271 45.626 BYRADIUS 10000 km ASC WITHDIST WITHCOORD WITHHASH", "*15\r\n*4\r\n$3\r\np22\r\n$6\r\n0.0002\r\n:2158920152654252\r\n*2\r\n$20\r\n-2.27100223302841187\r\n$20\r\n45.62600109336774779\r\n*4\r\n$3\r\np35\r\n$9\r\n3285.2006\r\n:3409749817848761\r\n*2\r\n$19\r\n13.1827273964881897\r\n$20\r\n18.99999986260130669\r\n*4\r\n$3\r\np11\r\n$9\r\n3523.0847\r\n:2021285513722236\r\n*2\r\n$21\r\n-49.83000129461288452\r\n$20\r\n50.07400075596819988\r\n*4\r\n$3\r\np30\r\n$9\r\n3952.6548\r\n:3793681971191006\r\n*2\r\n$20\r\n39.53247517347335815\r\n$20\r\n76.99999890954821069\r\n*4\r\n$2\r\np7\r\n$9\r\n4251.6166\r\n:3392903058720251\r\n*2\r\n$20\r\n14.64691847562789917\r\n$20\r\n10.25000047617832166\r\n*4\r\n$3\r\np20\r\n$9\r\n4842.5078\r\n:2049877188433161\r\n*2\r\n$21\r\n-77.54561036825180054\r\n$20\r\n65.83555341751807077\r\n*4\r\n$2\r\np9\r\n$9\r\n5717.1690\r\n:2662272951911232\r\n*2\r\n$20\r\n23.17300111055374146\r\n$20\r\n-0.60989319911492146\r\n*4\r\n$2\r\np4\r\n$9\r\n6389.1889\r\n:1507206206823326\r\n*2\r\n$22\r\n-159.00000125169754028\r\n$20\r\n76.00000071776581478\r\n*4\r\n$3\r\np26\r\n$9\r\n6613.9489\r\n:3632026809240020\r\n*2\r\n$19\r\n74.3028143048286438\r\n$20\r\n31.08119316465651849\r\n*4\r\n$3\r\np31\r\n$9\r\n7131.4607\r\n:1094150499695815\r\n*2\r\n$21\r\n-15.60825973749160767\r\n$21\r\n-17.33835580243317764\r\n*4\r\n$3\r\np25\r\n$9\r\n7544.6437\r\n:4386573700800807\r\n*2\r\n$21\r\n138.01817983388900757\r\n$20\r\n61.91375679815406841\r\n*4\r\n$3\r\np13\r\n$9\r\n8123.1758\r\n:3586111901981489\r\n*2\r\n$20\r\n82.60030299425125122\r\n$20\r\n18.99999986260130669\r\n*4\r\n$2\r\np0\r\n$9\r\n9371.6612\r\n:951695070247471\r\n*2\r\n$21\r\n-63.41999799013137817\r\n$21\r\n-17.99999913609774893\r\n*4\r\n$3\r\np39\r\n$9\r\n9683.1478\r\n:1257657908577308\r\n*2\r\n$22\r\n-149.00000184774398804\r\n$20\r\n42.46953311141223253\r\n*4\r\n$3\r\np10\r\n$9\r\n9767.8901\r\n:3962227209250789\r\n*2\r\n$20\r\n99.80236083269119263\r\n$20\r\n14.55407360190919519\r\n"),
            ("GEOSEARCH r FROMMEMBER p39 BYBOX 8000 4000 km WITHDIST", "*2\r\n*2\r\n$3\r\np19\r\n$9\r\n2113.7709\r\n*2\r\n$3\r\np39\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -150.532196 4.285925 BYRADIUS 5000 km ASC WITHDIST WITHCOORD WITHHASH", "*9\r\n*4\r\n$3\r\np12\r\n$6\r\n0.0002\r\n:1164709001928884\r\n*2\r\n$22\r\n-150.53219765424728394\r\n$19\r\n4.28592578959058557\r\n*4\r\n$3\r\np24\r\n$9\r\n2338.1016\r\n:390659761175915\r\n*2\r\n$22\r\n-150.99073201417922974\r\n$21\r\n-16.73031168240400035\r\n*4\r\n$3\r\np19\r\n$9\r\n2446.7160\r\n:1209172012047445\r\n*2\r\n$22\r\n-158.15900534391403198\r\n$20\r\n25.02661879379574117\r\n*4\r\n$2\r\np8\r\n$9\r\n3039.4345\r\n:349403114077218\r\n*2\r\n$22\r\n-142.89999872446060181\r\n$21\r\n-21.99999950739083587\r\n*4\r\n$2\r\np1\r\n$9\r\n3058.1952\r\n:340384385651391\r\n*2\r\n$22\r\n-153.99999886751174927\r\n$21\r\n-23.00000023389439718\r\n*4\r\n$3\r\np15\r\n$9\r\n3387.4600\r\n:500878235920246\r\n*2\r\n$22\r\n-125.28556734323501587\r\n$21\r\n-13.00000057302225542\r\n*4\r\n$3\r\np21\r\n$9\r\n3991.3586\r\n:306124910283700\r\n*2\r\n$21\r\n-171.8773457407951355\r\n$21\r\n-24.99999915218036506\r\n*4\r\n$3\r\np39\r\n$9\r\n4249.7319\r\n:1257657908577308\r\n*2\r\n$22\r\n-149.00000184774398804\r\n$20\r\n42.46953311141223253\r\n*4\r\n$2\r\np6\r\n$9\r\n4649.5871\r\n:295677545074845\r\n*2\r\n$22\r\n-163.23000043630599976\r\n$21\r\n-35.78699931637333975\r\n"),
            ("GEOSEARCH r FROMMEMBER p22 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np22\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT 174.480336272 -57.442228 BYRADIUS 5000 km ASC WITHDIST WITHCOORD WITHHASH", "*12\r\n*4\r\n$3\r\np33\r\n$6\r\n0.0001\r\n:3076520065490789\r\n*2\r\n$21\r\n174.48033839464187622\r\n$21\r\n-57.44222731903147405\r\n*4\r\n$3\r\np27\r\n$9\r\n1567.7780\r\n:3011772255531847\r\n*2\r\n$21\r\n164.78299945592880249\r\n$21\r\n-70.93400055042229724\r\n*4\r\n$3\r\np36\r\n$9\r\n2280.6142\r\n:2933403126397877\r\n*2\r\n$21\r\n134.75965529680252075\r\n$21\r\n-59.78156203252393652\r\n*4\r\n$2\r\np2\r\n$9\r\n2556.2424\r\n:2968812736893950\r\n*2\r\n$21\r\n147.49299734830856323\r\n$21\r\n-78.67198970148876924\r\n*4\r\n$3\r\np32\r\n$9\r\n2581.8595\r\n:62175023913285\r\n*2\r\n$22\r\n-142.72664755582809448\r\n$21\r\n-73.99999926475868506\r\n*4\r\n$3\r\np14\r\n$9\r\n2831.9507\r\n:121775148523505\r\n*2\r\n$20\r\n-137.496318519115448\r\n$21\r\n-56.98994688368598105\r\n*4\r\n$2\r\np6\r\n$9\r\n2920.7131\r\n:295677545074845\r\n*2\r\n$22\r\n-163.23000043630599976\r\n$21\r\n-35.78699931637333975\r\n*4\r\n$3\r\np28\r\n$9\r\n3682.0303\r\n:185759775760643\r\n*2\r\n$21\r\n-96.49600178003311157\r\n$21\r\n-82.99800083885369872\r\n*4\r\n$3\r\np21\r\n$9\r\n3768.7406\r\n:306124910283700\r\n*2\r\n$21\r\n-171.8773457407951355\r\n$21\r\n-24.99999915218036506\r\n*4\r\n$3\r\np34\r\n$9\r\n4051.7127\r\n:2295952840670252\r\n*2\r\n$20\r\n36.00000053644180298\r\n$21\r\n-85.00999912710798867\r\n*4\r\n$2\r\np1\r\n$9\r\n4590.3011\r\n:340384385651391\r\n*2\r\n$22\r\n-153.99999886751174927\r\n$21\r\n-23.00000023389439718\r\n*4\r\n$2\r\np5\r\n$9\r\n4926.3140\r\n:2293224678905359\r\n*2\r\n$20\r\n27.75706261396408081\r\n$21\r\n-76.61500011265621879\r\n"),
            ("GEOSEARCH r FROMMEMBER p4 BYBOX 8000 4000 km WITHDIST", "*4\r\n*2\r\n$2\r\np4\r\n$6\r\n0.0000\r\n*2\r\n$3\r\np20\r\n$9\r\n2874.4666\r\n*2\r\n$3\r\np30\r\n$9\r\n2963.2513\r\n*2\r\n$3\r\np25\r\n$9\r\n2758.4663\r\n"),
            ("GEOSEARCH r FROMLONLAT -142.726646264 -74.0 BYRADIUS 20000 km ASC WITHDIST WITHCOORD WITHHASH", "*40\r\n*4\r\n$3\r\np32\r\n$6\r\n0.0001\r\n:62175023913285\r\n*2\r\n$22\r\n-142.72664755582809448\r\n$21\r\n-73.99999926475868506\r\n*4\r\n$3\r\np28\r\n$9\r\n1359.3549\r\n:185759775760643\r\n*2\r\n$21\r\n-96.49600178003311157\r\n$21\r\n-82.99800083885369872\r\n*4\r\n$3\r\np27\r\n$9\r\n1730.5898\r\n:3011772255531847\r\n*2\r\n$21\r\n164.78299945592880249\r\n$21\r\n-70.93400055042229724\r\n*4\r\n$2\r\np2\r\n$9\r\n1779.9434\r\n:2968812736893950\r\n*2\r\n$21\r\n147.49299734830856323\r\n$21\r\n-78.67198970148876924\r\n*4\r\n$3\r\np14\r\n$9\r\n1905.5385\r\n:121775148523505\r\n*2\r\n$20\r\n-137.496318519115448\r\n$21\r\n-56.98994688368598105\r\n*4\r\n$3\r\np34\r\n$9\r\n2334.5348\r\n:2295952840670252\r\n*2\r\n$20\r\n36.00000053644180298\r\n$21\r\n-85.00999912710798867\r\n*4\r\n$3\r\np33\r\n$9\r\n2581.8596\r\n:3076520065490789\r\n*2\r\n$21\r\n174.48033839464187622\r\n$21\r\n-57.44222731903147405\r\n*4\r\n$3\r\np29\r\n$9\r\n2759.2319\r\n:635213026802778\r\n*2\r\n$21\r\n-85.00000029802322388\r\n$21\r\n-60.27044637613143863\r\n*4\r\n$2\r\np5\r\n$9\r\n3256.9622\r\n:2293224678905359\r\n*2\r\n$20\r\n27.75706261396408081\r\n$21\r\n-76.61500011265621879\r\n*4\r\n$2\r\np3\r\n$9\r\n3373.0282\r\n:732207605035629\r\n*2\r\n$21\r\n-29.45800155401229858\r\n$21\r\n-69.61971721265112478\r\n*4\r\n$3\r\np36\r\n$9\r\n3551.2334\r\n:2933403126397877\r\n*2\r\n$21\r\n134.75965529680252075\r\n$21\r\n-59.78156203252393652\r\n*4\r\n$3\r\np17\r\n$9\r\n3668.9037\r\n:2313650703269807\r\n*2\r\n$20\r\n33.97315710783004761\r\n$21\r\n-73.00000107297628915\r\n*4\r\n$2\r\np6\r\n$9\r\n4394.1648\r\n:295677545074845\r\n*2\r\n$22\r\n-163.23000043630599976\r\n$21\r\n-35.78699931637333975\r\n*4\r\n$2\r\np1\r\n$9\r\n5712.5837\r\n:340384385651391\r\n*2\r\n$22\r\n-153.99999886751174927\r\n$21\r\n-23.00000023389439718\r\n*4\r\n$3\r\np21\r\n$9\r\n5712.6388\r\n:306124910283700\r\n*2\r\n$21\r\n-171.8773457407951355\r\n$21\r\n-24.99999915218036506\r\n*4\r\n$2\r\np8\r\n$9\r\n5783.7771\r\n:349403114077218\r\n*2\r\n$22\r\n-142.89999872446060181\r\n$21\r\n-21.99999950739083587\r\n*4\r\n$3\r\np24\r\n$9\r\n6390.6389\r\n:390659761175915\r\n*2\r\n$22\r\n-150.99073201417922974\r\n$21\r\n-16.73031168240400035\r\n*4\r\n$3\r\np15\r\n$9\r\n6874.4259\r\n:500878235920246\r\n*2\r\n$22\r\n-125.28556734323501587\r\n$21\r\n-13.00000057302225542\r\n*4\r\n$2\r\np0\r\n$9\r\n7760.9473\r\n:951695070247471\r\n*2\r\n$21\r\n-63.41999799013137817\r\n$21\r\n-17.99999913609774893\r\n*4\r\n$3\r\np16\r\n$9\r\n8006.4025\r\n:3115984693741981\r\n*2\r\n$20\r\n95.24551302194595337\r\n$21\r\n-27.19518680806238464\r\n*4\r\n$3\r\np37\r\n$9\r\n8522.4623\r\n:3366831245839219\r\n*2\r\n$21\r\n163.96848767995834351\r\n$20\r\n-3.99999910393250957\r\n*4\r\n$3\r\np12\r\n$9\r\n8724.0244\r\n:1164709001928884\r\n*2\r\n$22\r\n-150.53219765424728394\r\n$19\r\n4.28592578959058557\r\n*4\r\n$3\r\np23\r\n$9\r\n9161.7248\r\n:2791797784024447\r\n*2\r\n$20\r\n85.81081598997116089\r\n$21\r\n-18.54945571124996917\r\n*4\r\n$3\r\np31\r\n$9\r\n9194.3947\r\n:1094150499695815\r\n*2\r\n$21\r\n-15.60825973749160767\r\n$21\r\n-17.33835580243317764\r\n*4\r\n$3\r\np38\r\n$9\r\n9704.5818\r\n:3233008529889925\r\n*2\r\n$21\r\n125.61729222536087036\r\n$20\r\n-3.33479195231791437\r\n*4\r\n$3\r\np19\r\n$10\r\n11072.5138\r\n:1209172012047445\r\n*2\r\n$22\r\n-158.15900534391403198\r\n$20\r\n25.02661879379574117\r\n*4\r\n$2\r\np9\r\n$10\r\n11667.3257\r\n:2662272951911232\r\n*2\r\n$20\r\n23.17300111055374146\r\n$20\r\n-0.60989319911492146\r\n*4\r\n$3\r\np10\r\n$10\r\n12388.9215\r\n:3962227209250789\r\n*2\r\n$20\r\n99.80236083269119263\r\n$20\r\n14.55407360190919519\r\n*4\r\n$3\r\np18\r\n$10\r\n12728.4799\r\n:4205058176137930\r\n*2\r\n$21\r\n160.08519619703292847\r\n$20\r\n34.00000062127011091\r\n*4\r\n$2\r\np7\r\n$10\r\n12782.5469\r\n:3392903058720251\r\n*2\r\n$20\r\n14.64691847562789917\r\n$20\r\n10.25000047617832166\r\n*4\r\n$3\r\np39\r\n$10\r\n12963.1457\r\n:1257657908577308\r\n*2\r\n$22\r\n-149.00000184774398804\r\n$20\r\n42.46953311141223253\r\n*4\r\n$3\r\np13\r\n$10\r\n13319.1397\r\n:3586111901981489\r\n*2\r\n$20\r\n82.60030299425125122\r\n$20\r\n18.99999986260130669\r\n*4\r\n$3\r\np35\r\n$10\r\n13728.3482\r\n:3409749817848761\r\n*2\r\n$19\r\n13.1827273964881897\r\n$20\r\n18.99999986260130669\r\n*4\r\n$3\r\np26\r\n$10\r\n14816.7766\r\n:3632026809240020\r\n*2\r\n$19\r\n74.3028143048286438\r\n$20\r\n31.08119316465651849\r\n*4\r\n$3\r\np11\r\n$10\r\n15377.5044\r\n:2021285513722236\r\n*2\r\n$21\r\n-49.83000129461288452\r\n$20\r\n50.07400075596819988\r\n*4\r\n$3\r\np25\r\n$10\r\n16180.5421\r\n:4386573700800807\r\n*2\r\n$21\r\n138.01817983388900757\r\n$20\r\n61.91375679815406841\r\n*4\r\n$3\r\np20\r\n$10\r\n16246.2314\r\n:2049877188433161\r\n*2\r\n$21\r\n-77.54561036825180054\r\n$20\r\n65.83555341751807077\r\n*4\r\n$3\r\np22\r\n$10\r\n16316.1954\r\n:2158920152654252\r\n*2\r\n$20\r\n-2.27100223302841187\r\n$20\r\n45.62600109336774779\r\n*4\r\n$2\r\np4\r\n$10\r\n16718.1554\r\n:1507206206823326\r\n*2\r\n$22\r\n-159.00000125169754028\r\n$20\r\n76.00000071776581478\r\n*4\r\n$3\r\np30\r\n$10\r\n19681.2377\r\n:3793681971191006\r\n*2\r\n$20\r\n39.53247517347335815\r\n$20\r\n76.99999890954821069\r\n"),
            ("GEOSEARCH r FROMMEMBER p22 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np22\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -125.285567522 -13.0 BYRADIUS 100 km ASC WITHDIST WITHCOORD WITHHASH", "*1\r\n*4\r\n$3\r\np15\r\n$6\r\n0.0001\r\n:500878235920246\r\n*2\r\n$22\r\n-125.28556734323501587\r\n$21\r\n-13.00000057302225542\r\n"),
            ("GEOSEARCH r FROMMEMBER p21 BYBOX 3000 1500 km WITHDIST", "*1\r\n*2\r\n$3\r\np21\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -137.496319828 -56.989946 BYRADIUS 5000 km ASC WITHDIST WITHCOORD WITHHASH", "*15\r\n*4\r\n$3\r\np14\r\n$6\r\n0.0001\r\n:121775148523505\r\n*2\r\n$20\r\n-137.496318519115448\r\n$21\r\n-56.98994688368598105\r\n*4\r\n$3\r\np32\r\n$9\r\n1905.5385\r\n:62175023913285\r\n*2\r\n$22\r\n-142.72664755582809448\r\n$21\r\n-73.99999926475868506\r\n*4\r\n$3\r\np33\r\n$9\r\n2831.9505\r\n:3076520065490789\r\n*2\r\n$21\r\n174.48033839464187622\r\n$21\r\n-57.44222731903147405\r\n*4\r\n$3\r\np29\r\n$9\r\n2979.5773\r\n:635213026802778\r\n*2\r\n$21\r\n-85.00000029802322388\r\n$21\r\n-60.27044637613143863\r\n*4\r\n$2\r\np6\r\n$9\r\n3038.4457\r\n:295677545074845\r\n*2\r\n$22\r\n-163.23000043630599976\r\n$21\r\n-35.78699931637333975\r\n*4\r\n$3\r\np27\r\n$9\r\n3050.4251\r\n:3011772255531847\r\n*2\r\n$21\r\n164.78299945592880249\r\n$21\r\n-70.93400055042229724\r\n*4\r\n$3\r\np28\r\n$9\r\n3121.1921\r\n:185759775760643\r\n*2\r\n$21\r\n-96.49600178003311157\r\n$21\r\n-82.99800083885369872\r\n*4\r\n$2\r\np2\r\n$9\r\n3536.7214\r\n:2968812736893950\r\n*2\r\n$21\r\n147.49299734830856323\r\n$21\r\n-78.67198970148876924\r\n*4\r\n$2\r\np8\r\n$9\r\n3916.6802\r\n:349403114077218\r\n*2\r\n$22\r\n-142.89999872446060181\r\n$21\r\n-21.99999950739083587\r\n*4\r\n$2\r\np1\r\n$9\r\n4010.0137\r\n:340384385651391\r\n*2\r\n$22\r\n-153.99999886751174927\r\n$21\r\n-23.00000023389439718\r\n*4\r\n$3\r\np34\r\n$9\r\n4223.4479\r\n:2295952840670252\r\n*2\r\n$20\r\n36.00000053644180298\r\n$21\r\n-85.00999912710798867\r\n*4\r\n$3\r\np21\r\n$9\r\n4490.1398\r\n:306124910283700\r\n*2\r\n$21\r\n-171.8773457407951355\r\n$21\r\n-24.99999915218036506\r\n*4\r\n$3\r\np24\r\n$9\r\n4618.1545\r\n:390659761175915\r\n*2\r\n$22\r\n-150.99073201417922974\r\n$21\r\n-16.73031168240400035\r\n*4\r\n$3\r\np36\r\n$9\r\n4744.6431\r\n:2933403126397877\r\n*2\r\n$21\r\n134.75965529680252075\r\n$21\r\n-59.78156203252393652\r\n*4\r\n$2\r\np3\r\n$9\r\n4820.1750\r\n:732207605035629\r\n*2\r\n$21\r\n-29.45800155401229858\r\n$21\r\n-69.61971721265112478\r\n"),
            ("GEOSEARCH r FROMMEMBER p27 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np27\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT 95.245512 -27.195186 BYRADIUS 10000 km ASC WITHDIST WITHCOORD WITHHASH", "*23\r\n*4\r\n$3\r\np16\r\n$6\r\n0.0001\r\n:3115984693741981\r\n*2\r\n$20\r\n95.24551302194595337\r\n$21\r\n-27.19518680806238464\r\n*4\r\n$3\r\np23\r\n$9\r\n1362.5501\r\n:2791797784024447\r\n*2\r\n$20\r\n85.81081598997116089\r\n$21\r\n-18.54945571124996917\r\n*4\r\n$3\r\np38\r\n$9\r\n4178.0906\r\n:3233008529889925\r\n*2\r\n$21\r\n125.61729222536087036\r\n$20\r\n-3.33479195231791437\r\n*4\r\n$3\r\np10\r\n$9\r\n4669.6013\r\n:3962227209250789\r\n*2\r\n$20\r\n99.80236083269119263\r\n$20\r\n14.55407360190919519\r\n*4\r\n$3\r\np36\r\n$9\r\n4698.7678\r\n:2933403126397877\r\n*2\r\n$21\r\n134.75965529680252075\r\n$21\r\n-59.78156203252393652\r\n*4\r\n$3\r\np13\r\n$9\r\n5315.8918\r\n:3586111901981489\r\n*2\r\n$20\r\n82.60030299425125122\r\n$20\r\n18.99999986260130669\r\n*4\r\n$3\r\np17\r\n$9\r\n6206.7133\r\n:2313650703269807\r\n*2\r\n$20\r\n33.97315710783004761\r\n$21\r\n-73.00000107297628915\r\n*4\r\n$2\r\np2\r\n$9\r\n6260.1798\r\n:2968812736893950\r\n*2\r\n$21\r\n147.49299734830856323\r\n$21\r\n-78.67198970148876924\r\n*4\r\n$3\r\np27\r\n$9\r\n6423.9876\r\n:3011772255531847\r\n*2\r\n$21\r\n164.78299945592880249\r\n$21\r\n-70.93400055042229724\r\n*4\r\n$2\r\np5\r\n$9\r\n6499.6789\r\n:2293224678905359\r\n*2\r\n$20\r\n27.75706261396408081\r\n$21\r\n-76.61500011265621879\r\n*4\r\n$3\r\np34\r\n$9\r\n6711.3873\r\n:2295952840670252\r\n*2\r\n$20\r\n36.00000053644180298\r\n$21\r\n-85.00999912710798867\r\n*4\r\n$3\r\np26\r\n$9\r\n6852.4461\r\n:3632026809240020\r\n*2\r\n$19\r\n74.3028143048286438\r\n$20\r\n31.08119316465651849\r\n*4\r\n$3\r\np33\r\n$9\r\n6858.9017\r\n:3076520065490789\r\n*2\r\n$21\r\n174.48033839464187622\r\n$21\r\n-57.44222731903147405\r\n*4\r\n$3\r\np37\r\n$9\r\n7705.3769\r\n:3366831245839219\r\n*2\r\n$21\r\n163.96848767995834351\r\n$20\r\n-3.99999910393250957\r\n*4\r\n$3\r\np28\r\n$9\r\n7748.9412\r\n:185759775760643\r\n*2\r\n$21\r\n-96.49600178003311157\r\n$21\r\n-82.99800083885369872\r\n*4\r\n$3\r\np32\r\n$9\r\n8006.4027\r\n:62175023913285\r\n*2\r\n$22\r\n-142.72664755582809448\r\n$21\r\n-73.99999926475868506\r\n*4\r\n$2\r\np9\r\n$9\r\n8210.8633\r\n:2662272951911232\r\n*2\r\n$20\r\n23.17300111055374146\r\n$20\r\n-0.60989319911492146\r\n*4\r\n$2\r\np3\r\n$9\r\n8386.5034\r\n:732207605035629\r\n*2\r\n$21\r\n-29.45800155401229858\r\n$21\r\n-69.61971721265112478\r\n*4\r\n$3\r\np21\r\n$9\r\n9033.5248\r\n:306124910283700\r\n*2\r\n$21\r\n-171.8773457407951355\r\n$21\r\n-24.99999915218036506\r\n*4\r\n$2\r\np6\r\n$9\r\n9223.8520\r\n:295677545074845\r\n*2\r\n$22\r\n-163.23000043630599976\r\n$21\r\n-35.78699931637333975\r\n*4\r\n$3\r\np14\r\n$9\r\n9436.7396\r\n:121775148523505\r\n*2\r\n$20\r\n-137.496318519115448\r\n$21\r\n-56.98994688368598105\r\n*4\r\n$2\r\np7\r\n$9\r\n9617.2379\r\n:3392903058720251\r\n*2\r\n$20\r\n14.64691847562789917\r\n$20\r\n10.25000047617832166\r\n*4\r\n$3\r\np18\r\n$9\r\n9640.9223\r\n:4205058176137930\r\n*2\r\n$21\r\n160.08519619703292847\r\n$20\r\n34.00000062127011091\r\n"),
            ("GEOSEARCH r FROMMEMBER p26 BYBOX 3000 1500 km WITHDIST", "*1\r\n*2\r\n$3\r\np26\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -49.83 50.074 BYRADIUS 10000 km ASC WITHDIST WITHCOORD WITHHASH", "*14\r\n*4\r\n$3\r\np11\r\n$6\r\n0.0001\r\n:2021285513722236\r\n*2\r\n$21\r\n-49.83000129461288452\r\n$20\r\n50.07400075596819988\r\n*4\r\n$3\r\np20\r\n$9\r\n2359.1690\r\n:2049877188433161\r\n*2\r\n$21\r\n-77.54561036825180054\r\n$20\r\n65.83555341751807077\r\n*4\r\n$3\r\np22\r\n$9\r\n3523.0844\r\n:2158920152654252\r\n*2\r\n$20\r\n-2.27100223302841187\r\n$20\r\n45.62600109336774779\r\n*4\r\n$3\r\np30\r\n$9\r\n4617.1442\r\n:3793681971191006\r\n*2\r\n$20\r\n39.53247517347335815\r\n$20\r\n76.99999890954821069\r\n*4\r\n$2\r\np4\r\n$9\r\n5130.1139\r\n:1507206206823326\r\n*2\r\n$22\r\n-159.00000125169754028\r\n$20\r\n76.00000071776581478\r\n*4\r\n$3\r\np35\r\n$9\r\n6487.6853\r\n:3409749817848761\r\n*2\r\n$19\r\n13.1827273964881897\r\n$20\r\n18.99999986260130669\r\n*4\r\n$3\r\np39\r\n$9\r\n7090.2649\r\n:1257657908577308\r\n*2\r\n$22\r\n-149.00000184774398804\r\n$20\r\n42.46953311141223253\r\n*4\r\n$2\r\np7\r\n$9\r\n7328.0615\r\n:3392903058720251\r\n*2\r\n$20\r\n14.64691847562789917\r\n$20\r\n10.25000047617832166\r\n*4\r\n$3\r\np25\r\n$9\r\n7545.2870\r\n:4386573700800807\r\n*2\r\n$21\r\n138.01817983388900757\r\n$20\r\n61.91375679815406841\r\n*4\r\n$2\r\np0\r\n$9\r\n7688.5937\r\n:951695070247471\r\n*2\r\n$21\r\n-63.41999799013137817\r\n$21\r\n-17.99999913609774893\r\n*4\r\n$3\r\np31\r\n$9\r\n8214.8850\r\n:1094150499695815\r\n*2\r\n$21\r\n-15.60825973749160767\r\n$21\r\n-17.33835580243317764\r\n*4\r\n$2\r\np9\r\n$9\r\n8860.6193\r\n:2662272951911232\r\n*2\r\n$20\r\n23.17300111055374146\r\n$20\r\n-0.60989319911492146\r\n*4\r\n$3\r\np19\r\n$9\r\n9105.3278\r\n:1209172012047445\r\n*2\r\n$22\r\n-158.15900534391403198\r\n$20\r\n25.02661879379574117\r\n*4\r\n$3\r\np26\r\n$9\r\n9452.1643\r\n:3632026809240020\r\n*2\r\n$19\r\n74.3028143048286438\r\n$20\r\n31.08119316465651849\r\n"),
            ("GEOSEARCH r FROMMEMBER p10 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np10\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -154.0 -23.0 BYRADIUS 1000 km ASC WITHDIST WITHCOORD WITHHASH", "*2\r\n*4\r\n$2\r\np1\r\n$6\r\n0.0001\r\n:340384385651391\r\n*2\r\n$22\r\n-153.99999886751174927\r\n$21\r\n-23.00000023389439718\r\n*4\r\n$3\r\np24\r\n$8\r\n765.0210\r\n:390659761175915\r\n*2\r\n$22\r\n-150.99073201417922974\r\n$21\r\n-16.73031168240400035\r\n"),
            ("GEOSEARCH r FROMMEMBER p19 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np19\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT 14.646919 10.25 BYRADIUS 100 km ASC WITHDIST WITHCOORD WITHHASH", "*1\r\n*4\r\n$2\r\np7\r\n$6\r\n0.0001\r\n:3392903058720251\r\n*2\r\n$20\r\n14.64691847562789917\r\n$20\r\n10.25000047617832166\r\n"),
            ("GEOSEARCH r FROMMEMBER p21 BYBOX 3000 1500 km WITHDIST", "*1\r\n*2\r\n$3\r\np21\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT 99.802358993 14.554072983 BYRADIUS 20000 km ASC WITHDIST WITHCOORD WITHHASH", "*40\r\n*4\r\n$3\r\np10\r\n$6\r\n0.0002\r\n:3962227209250789\r\n*2\r\n$20\r\n99.80236083269119263\r\n$20\r\n14.55407360190919519\r\n*4\r\n$3\r\np13\r\n$9\r\n1896.3274\r\n:3586111901981489\r\n*2\r\n$20\r\n82.60030299425125122\r\n$20\r\n18.99999986260130669\r\n*4\r\n$3\r\np26\r\n$9\r\n3181.7018\r\n:3632026809240020\r\n*2\r\n$19\r\n74.3028143048286438\r\n$20\r\n31.08119316465651849\r\n*4\r\n$3\r\np38\r\n$9\r\n3471.9696\r\n:3233008529889925\r\n*2\r\n$21\r\n125.61729222536087036\r\n$20\r\n-3.33479195231791437\r\n*4\r\n$3\r\np23\r\n$9\r\n3988.4709\r\n:2791797784024447\r\n*2\r\n$20\r\n85.81081598997116089\r\n$21\r\n-18.54945571124996917\r\n*4\r\n$3\r\np16\r\n$9\r\n4669.6013\r\n:3115984693741981\r\n*2\r\n$20\r\n95.24551302194595337\r\n$21\r\n-27.19518680806238464\r\n*4\r\n$3\r\np25\r\n$9\r\n6069.4266\r\n:4386573700800807\r\n*2\r\n$21\r\n138.01817983388900757\r\n$20\r\n61.91375679815406841\r\n*4\r\n$3\r\np18\r\n$9\r\n6387.9238\r\n:4205058176137930\r\n*2\r\n$21\r\n160.08519619703292847\r\n$20\r\n34.00000062127011091\r\n*4\r\n$3\r\np37\r\n$9\r\n7365.4241\r\n:3366831245839219\r\n*2\r\n$21\r\n163.96848767995834351\r\n$20\r\n-3.99999910393250957\r\n*4\r\n$3\r\np30\r\n$9\r\n7712.3761\r\n:3793681971191006\r\n*2\r\n$20\r\n39.53247517347335815\r\n$20\r\n76.99999890954821069\r\n*4\r\n$2\r\np9\r\n$9\r\n8589.3314\r\n:2662272951911232\r\n*2\r\n$20\r\n23.17300111055374146\r\n$20\r\n-0.60989319911492146\r\n*4\r\n$2\r\np4\r\n$9\r\n8737.8392\r\n:1507206206823326\r\n*2\r\n$22\r\n-159.00000125169754028\r\n$20\r\n76.00000071776581478\r\n*4\r\n$3\r\np36\r\n$9\r\n8843.3036\r\n:2933403126397877\r\n*2\r\n$21\r\n134.75965529680252075\r\n$21\r\n-59.78156203252393652\r\n*4\r\n$3\r\np35\r\n$9\r\n9142.4129\r\n:3409749817848761\r\n*2\r\n$19\r\n13.1827273964881897\r\n$20\r\n18.99999986260130669\r\n*4\r\n$2\r\np7\r\n$9\r\n9210.6870\r\n:3392903058720251\r\n*2\r\n$20\r\n14.64691847562789917\r\n$20\r\n10.25000047617832166\r\n*4\r\n$3\r\np22\r\n$9\r\n9767.8902\r\n:2158920152654252\r\n*2\r\n$20\r\n-2.27100223302841187\r\n$20\r\n45.62600109336774779\r\n*4\r\n$3\r\np33\r\n$10\r\n10483.4275\r\n:3076520065490789\r\n*2\r\n$21\r\n174.48033839464187622\r\n$21\r\n-57.44222731903147405\r\n*4\r\n$3\r\np19\r\n$10\r\n10499.1120\r\n:1209172012047445\r\n*2\r\n$22\r\n-158.15900534391403198\r\n$20\r\n25.02661879379574117\r\n*4\r\n$3\r\np21\r\n$10\r\n10523.8554\r\n:306124910283700\r\n*2\r\n$21\r\n-171.8773457407951355\r\n$21\r\n-24.99999915218036506\r\n*4\r\n$3\r\np39\r\n$10\r\n10575.0179\r\n:1257657908577308\r\n*2\r\n$22\r\n-149.00000184774398804\r\n$20\r\n42.46953311141223253\r\n*4\r\n$3\r\np27\r\n$10\r\n10672.9944\r\n:3011772255531847\r\n*2\r\n$21\r\n164.78299945592880249\r\n$21\r\n-70.93400055042229724\r\n*4\r\n$2\r\np2\r\n$10\r\n10766.8109\r\n:2968812736893950\r\n*2\r\n$21\r\n147.49299734830856323\r\n$21\r\n-78.67198970148876924\r\n*4\r\n$3\r\np17\r\n$10\r\n10805.4642\r\n:2313650703269807\r\n*2\r\n$20\r\n33.97315710783004761\r\n$21\r\n-73.00000107297628915\r\n*4\r\n$3\r\np20\r\n$10\r\n11076.5505\r\n:2049877188433161\r\n*2\r\n$21\r\n-77.54561036825180054\r\n$20\r\n65.83555341751807077\r\n*4\r\n$2\r\np5\r\n$10\r\n11133.9436\r\n:2293224678905359\r\n*2\r\n$20\r\n27.75706261396408081\r\n$21\r\n-76.61500011265621879\r\n*4\r\n$3\r\np34\r\n$10\r\n11379.3844\r\n:2295952840670252\r\n*2\r\n$20\r\n36.00000053644180298\r\n$21\r\n-85.00999912710798867\r\n*4\r\n$2\r\np6\r\n$10\r\n11569.3445\r\n:295677545074845\r\n*2\r\n$22\r\n-163.23000043630599976\r\n$21\r\n-35.78699931637333975\r\n*4\r\n$3\r\np12\r\n$10\r\n11992.4857\r\n:1164709001928884\r\n*2\r\n$22\r\n-150.53219765424728394\r\n$19\r\n4.28592578959058557\r\n*4\r\n$3\r\np11\r\n$10\r\n12243.3239\r\n:2021285513722236\r\n*2\r\n$21\r\n-49.83000129461288452\r\n$20\r\n50.07400075596819988\r\n*4\r\n$2\r\np1\r\n$10\r\n12266.8282\r\n:340384385651391\r\n*2\r\n$22\r\n-153.99999886751174927\r\n$21\r\n-23.00000023389439718\r\n*4\r\n$3\r\np28\r\n$10\r\n12375.5112\r\n:185759775760643\r\n*2\r\n$21\r\n-96.49600178003311157\r\n$21\r\n-82.99800083885369872\r\n*4\r\n$3\r\np32\r\n$10\r\n12388.9214\r\n:62175023913285\r\n*2\r\n$22\r\n-142.72664755582809448\r\n$21\r\n-73.99999926475868506\r\n*4\r\n$3\r\np24\r\n$10\r\n12475.7606\r\n:390659761175915\r\n*2\r\n$22\r\n-150.99073201417922974\r\n$21\r\n-16.73031168240400035\r\n*4\r\n$2\r\np3\r\n$10\r\n12976.9715\r\n:732207605035629\r\n*2\r\n$21\r\n-29.45800155401229858\r\n$21\r\n-69.61971721265112478\r\n*4\r\n$3\r\np31\r\n$10\r\n13138.2684\r\n:1094150499695815\r\n*2\r\n$21\r\n-15.60825973749160767\r\n$21\r\n-17.33835580243317764\r\n*4\r\n$3\r\np14\r\n$10\r\n13314.8977\r\n:121775148523505\r\n*2\r\n$20\r\n-137.496318519115448\r\n$21\r\n-56.98994688368598105\r\n*4\r\n$2\r\np8\r\n$10\r\n13389.2540\r\n:349403114077218\r\n*2\r\n$22\r\n-142.89999872446060181\r\n$21\r\n-21.99999950739083587\r\n*4\r\n$3\r\np29\r\n$10\r\n14920.8879\r\n:635213026802778\r\n*2\r\n$21\r\n-85.00000029802322388\r\n$21\r\n-60.27044637613143863\r\n*4\r\n$3\r\np15\r\n$10\r\n15154.7257\r\n:500878235920246\r\n*2\r\n$22\r\n-125.28556734323501587\r\n$21\r\n-13.00000057302225542\r\n*4\r\n$2\r\np0\r\n$10\r\n18189.6998\r\n:951695070247471\r\n*2\r\n$21\r\n-63.41999799013137817\r\n$21\r\n-17.99999913609774893\r\n"),
            ("GEOSEARCH r FROMMEMBER p14 BYBOX 3000 1500 km WITHDIST", "*1\r\n*2\r\n$3\r\np14\r\n$6\r\n0.0000\r\n"),
        ],
    );
}

#[test]
fn ties_with_count_resp2() {
    check(
        false,
        &[
            ("GEOADD t 10 10.5 t0 10 10.5 t1 10.5 10 t2 -180 -85.05112878 t3 10.5 10 t4 10.5 10 t5 10.5 10 t6 10.5 10 t7 10 10 t8 9.5 10 t9 180 -85.05112878 t10 10 10.5 t11 -180 -85.05112878 t12 180 -85.05112878 t13 180 -85.05112878 t14 -180 -85.05112878 t15 10 10 t16 -180 -85.05112878 t17 10 10.5 t18 10.5 10 t19 10 10.5 t20 180 -85.05112878 t21 -180 -85.05112878 t22 -180 -85.05112878 t23 10.5 10 t24 9.5 10 t25 10 10.5 t26 180 -85.05112878 t27 10.5 10 t28 10.5 10 t29 10 10.5 t30 180 -85.05112878 t31 10.5 10 t32 -180 -85.05112878 t33 9.5 10 t34 10 10 t35 180 -85.05112878 t36 -180 -85.05112878 t37 180 -85.05112878 t38 10 10 t39 10 10.5 t40 9.5 10 t41 10 10.5 t42 10 10 t43 9.5 10 t44 -180 -85.05112878 t45 10 10 t46 10 10.5 t47 10.5 10 t48 9.5 10 t49 -180 -85.05112878 t50 10 10 t51 10 10.5 t52 -180 -85.05112878 t53 10.5 10 t54 -180 -85.05112878 t55 10 10.5 t56 10 10 t57 9.5 10 t58 10.5 10 t59", ":60\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 1", "*1\r\n$3\r\nt51\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 1 WITHDIST", "*1\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 1", "*1\r\n$3\r\nt51\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 3", "*3\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 3 WITHDIST", "*3\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 3", "*3\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 7", "*7\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 7 WITHDIST", "*7\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 7", "*7\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 8", "*8\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt57\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 8 WITHDIST", "*8\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt56\r\n$7\r\n55.6132\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 8", "*8\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt57\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 20", "*20\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt57\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$2\r\nt4\r\n$3\r\nt32\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 20 WITHDIST", "*20\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt56\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt52\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt47\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt42\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt30\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt25\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt34\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt41\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt44\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt49\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt58\r\n$7\r\n54.7682\r\n*2\r\n$2\r\nt9\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt29\r\n$7\r\n54.7680\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 20", "*20\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt57\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$2\r\nt4\r\n$3\r\nt32\r\n$2\r\nt7\r\n$2\r\nt6\r\n$3\r\nt59\r\n$3\r\nt54\r\n$2\r\nt5\r\n$3\r\nt48\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 41", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 41 WITHDIST", "*40\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt30\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt42\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt47\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt52\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt56\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt25\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt34\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt41\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt44\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt49\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt58\r\n$7\r\n54.7682\r\n*2\r\n$2\r\nt9\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt19\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt2\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt24\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt28\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt29\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt32\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt4\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt48\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt5\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt54\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt59\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt6\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt7\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt16\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt35\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt39\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt43\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt46\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt51\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt57\r\n$6\r\n0.0003\r\n*2\r\n$2\r\nt8\r\n$6\r\n0.0003\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 41", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 59", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 59 WITHDIST", "*40\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt30\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt42\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt47\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt52\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt56\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt25\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt34\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt41\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt44\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt49\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt58\r\n$7\r\n54.7682\r\n*2\r\n$2\r\nt9\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt19\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt2\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt24\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt28\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt29\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt32\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt4\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt48\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt5\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt54\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt59\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt6\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt7\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt16\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt35\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt39\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt43\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt46\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt51\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt57\r\n$6\r\n0.0003\r\n*2\r\n$2\r\nt8\r\n$6\r\n0.0003\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 59", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km ASC", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC", "*40\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n"),
            ("GEOSEARCH t FROMLONLAT 179 -85 BYRADIUS 200 km COUNT 5 WITHCOORD", "*5\r\n*2\r\n$3\r\nt55\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\nt15\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\nt17\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\nt22\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\nt23\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n"),
            ("GEOSEARCHSTORE d t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 9 DESC STOREDIST", ":9\r\n"),
            ("ZRANGE d 0 -1 WITHSCORES", "*18\r\n$2\r\nt0\r\n$18\r\n55.613152683684376\r\n$2\r\nt1\r\n$18\r\n55.613152683684376\r\n$3\r\nt11\r\n$18\r\n55.613152683684376\r\n$3\r\nt18\r\n$18\r\n55.613152683684376\r\n$3\r\nt20\r\n$18\r\n55.613152683684376\r\n$3\r\nt26\r\n$18\r\n55.613152683684376\r\n$3\r\nt40\r\n$18\r\n55.613152683684376\r\n$3\r\nt52\r\n$18\r\n55.613152683684376\r\n$3\r\nt56\r\n$18\r\n55.613152683684376\r\n"),
        ],
    );
}

#[test]
fn geoadd_options_and_errors_resp3() {
    check(
        true,
        &[
            ("GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", ":2\r\n"),
            ("GEOADD g 13.361389 38.115556 Palermo", ":0\r\n"),
            ("GEOADD g CH 13.361389 38.115556 Palermo 13 38 Palermo2", ":1\r\n"),
            ("GEOADD g CH 13.1 38.115556 Palermo", ":1\r\n"),
            ("GEOADD g NX CH 1 1 Palermo 2 2 new", ":1\r\n"),
            ("GEOADD g XX CH 1 1 Palermo 3 3 never", ":1\r\n"),
            ("GEOADD g XX 5 5 Palermo", ":0\r\n"),
            ("GEOADD g nx xx 1 1 a", "-ERR syntax error\r\n"),
            ("GEOADD g 1 1", "-ERR wrong number of arguments for 'geoadd' command\r\n"),
            ("GEOADD g 1 1 a 2", "-ERR syntax error\r\n"),
            ("GEOADD g GT 1 1 a", "-ERR syntax error\r\n"),
            ("GEOADD g 200 100 a", "-ERR invalid longitude,latitude pair 200.000000,100.000000\r\n"),
            ("GEOADD g 180.000001 0 a", "-ERR invalid longitude,latitude pair 180.000001,0.000000\r\n"),
            ("GEOADD g 0 85.05112879 a", "-ERR invalid longitude,latitude pair 0.000000,85.051129\r\n"),
            ("GEOADD g 0 -85.06 a", "-ERR invalid longitude,latitude pair 0.000000,-85.060000\r\n"),
            ("GEOADD g 1 1 ok 200 1 bad", "-ERR invalid longitude,latitude pair 200.000000,1.000000\r\n"),
            ("GEOADD g abc 1 a", "-ERR value is not a valid float\r\n"),
            ("GEOADD g 1 nan a", "-ERR value is not a valid float\r\n"),
            ("GEOADD g inf 1 a", "-ERR invalid longitude,latitude pair inf,1.000000\r\n"),
            ("GEOADD g -inf 1 a", "-ERR invalid longitude,latitude pair -inf,1.000000\r\n"),
            ("GEOADD g 1e400 1 a", "-ERR value is not a valid float\r\n"),
            ("GEOADD g 1e-400 1 a", "-ERR value is not a valid float\r\n"),
            ("GEOADD g 180 85.05112878 top -180 -85.05112878 bottom 0 0 zero", ":3\r\n"),
            ("ZRANGE g 0 -1 WITHSCORES", "*7\r\n*2\r\n$6\r\nbottom\r\n,0\r\n*2\r\n$4\r\nzero\r\n,3377699720527872\r\n*2\r\n$3\r\nnew\r\n,3378191666521995\r\n*2\r\n$7\r\nPalermo\r\n,3379881761160527\r\n*2\r\n$8\r\nPalermo2\r\n,3479065152021743\r\n*2\r\n$7\r\nCatania\r\n,3479447370796909\r\n*2\r\n$3\r\ntop\r\n,13510798882111488\r\n"),
            ("GEOADD nokey XX 1 1 a", ":0\r\n"),
            ("EXISTS nokey", ":0\r\n"),
            ("SET s x", "+OK\r\n"),
            ("GEOADD s 1 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEOADD g", "-ERR wrong number of arguments for 'geoadd' command\r\n"),
            ("GEOADD g 1 1 ok", ":1\r\n"),
            ("ZSCORE g ok", ",3377822707026402\r\n"),
        ],
    );
}

#[test]
fn geopos_geohash_geodist_resp3() {
    check(
        true,
        &[
            ("GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12.758489 38.788135 edge1 17.241510 38.222869 edge2", ":4\r\n"),
            ("GEOADD Sicily 180 85.05112878 top -180 -85.05112878 bottom 0 0 zero -0.0001 0.0001 tiny", ":4\r\n"),
            ("GEOPOS Sicily Palermo Catania nope edge1 edge2 top bottom zero tiny", "*9\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n_\r\n*2\r\n,12.7584877610206604\r\n,38.78813451624225195\r\n*2\r\n,17.24151045083999634\r\n,38.22286888521923487\r\n*2\r\n,180\r\n,85.0511287799999991\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n,0.00000268220901489\r\n,0.00000126736058093\r\n*2\r\n,-0.00009924173355103\r\n,0.00010012148579364\r\n"),
            ("GEOPOS Sicily", "*0\r\n"),
            ("GEOPOS nokey a b", "*2\r\n_\r\n_\r\n"),
            ("GEOHASH Sicily Palermo Catania nope edge1 edge2 top bottom zero tiny", "*9\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n_\r\n$11\r\nsqchdm4mq20\r\n$11\r\nsqu32q6bk70\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n$11\r\ns0000000000\r\n$11\r\nebpbpbpbtd0\r\n"),
            ("GEOHASH Sicily", "*0\r\n"),
            ("GEOHASH nokey a", "*1\r\n_\r\n"),
            ("GEODIST Sicily Palermo Catania", "$11\r\n166274.1516\r\n"),
            ("GEODIST Sicily Palermo Catania m", "$11\r\n166274.1516\r\n"),
            ("GEODIST Sicily Palermo Catania KM", "$8\r\n166.2742\r\n"),
            ("GEODIST Sicily Palermo Catania ft", "$11\r\n545518.8700\r\n"),
            ("GEODIST Sicily Palermo Catania Mi", "$8\r\n103.3182\r\n"),
            ("GEODIST Sicily Palermo Palermo", "$6\r\n0.0000\r\n"),
            ("GEODIST Sicily top bottom km", "$10\r\n18919.8446\r\n"),
            ("GEODIST Sicily zero tiny", "$7\r\n15.7928\r\n"),
            ("GEODIST Sicily Palermo nope", "_\r\n"),
            ("GEODIST nokey a b", "_\r\n"),
            ("GEODIST nokey a b parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEODIST Sicily Palermo Catania parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEODIST Sicily Palermo Catania km extra", "-ERR syntax error\r\n"),
            ("ZADD Sicily -5 neg 1e20 huge 4503599627370496 over", ":3\r\n"),
            ("GEOPOS Sicily neg huge over", "*3\r\n*2\r\n,180\r\n,85.0511287799999991\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n,-179.99999731779098511\r\n,85.0511287799999991\r\n"),
            ("GEOHASH Sicily neg huge over", "*3\r\n$11\r\nbp05b5048p0\r\n$11\r\n00bh0hbj200\r\n$11\r\nbp05b5048p0\r\n"),
            ("SET s x", "+OK\r\n"),
            ("GEOPOS s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEOHASH s a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEODIST s a b", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEODIST s a b parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
        ],
    );
}

#[test]
fn georadius_family_resp3() {
    check(
        true,
        &[
            ("GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12.758489 38.788135 edge1 17.241510 38.222869 edge2", ":4\r\n"),
            ("GEORADIUS Sicily 15 37 200 km", "*2\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n"),
            ("GEORADIUS Sicily 15 37 200 km ASC", "*2\r\n$7\r\nCatania\r\n$7\r\nPalermo\r\n"),
            ("GEORADIUS Sicily 15 37 200 km DESC", "*2\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHDIST", "*2\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHCOORD", "*2\r\n*2\r\n$7\r\nPalermo\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n*2\r\n$7\r\nCatania\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHHASH", "*2\r\n*2\r\n$7\r\nPalermo\r\n:3479099956230698\r\n*2\r\n$7\r\nCatania\r\n:3479447370796909\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH ASC", "*2\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHDIST COUNT 1", "*1\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n"),
            ("GEORADIUS Sicily 15 37 200 km WITHDIST COUNT 2 DESC", "*2\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT 1 ANY", "*1\r\n$7\r\nPalermo\r\n"),
            ("GEORADIUS Sicily 15 37 500 mi WITHDIST", "*4\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n118.3357\r\n*2\r\n$5\r\nedge1\r\n$8\r\n173.8231\r\n*2\r\n$7\r\nCatania\r\n$7\r\n35.0711\r\n*2\r\n$5\r\nedge2\r\n$8\r\n149.0001\r\n"),
            ("GEORADIUS Sicily 15 37 500000 ft WITHDIST", "*1\r\n*2\r\n$7\r\nCatania\r\n$11\r\n185174.7305\r\n"),
            ("GEORADIUS Sicily 15 37 10 m", "*0\r\n"),
            ("GEORADIUS Sicily 15 37 0 km", "*0\r\n"),
            ("GEORADIUS_RO Sicily 15 37 200 km WITHDIST ASC", "*2\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n"),
            ("GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST", "*3\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$5\r\nedge1\r\n$7\r\n91.4007\r\n*2\r\n$7\r\nCatania\r\n$8\r\n166.2742\r\n"),
            ("GEORADIUSBYMEMBER Sicily Palermo 100 km WITHDIST ASC", "*2\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$5\r\nedge1\r\n$7\r\n91.4007\r\n"),
            ("GEORADIUSBYMEMBER_RO Sicily Palermo 500 km WITHCOORD DESC COUNT 3", "*3\r\n*2\r\n$5\r\nedge2\r\n*2\r\n,17.24151045083999634\r\n,38.22286888521923487\r\n*2\r\n$7\r\nCatania\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n*2\r\n$5\r\nedge1\r\n*2\r\n,12.7584877610206604\r\n,38.78813451624225195\r\n"),
            ("GEORADIUSBYMEMBER Sicily nope 200 km", "-ERR could not decode requested zset member\r\n"),
            ("GEORADIUSBYMEMBER nokey nope abc km", "*0\r\n"),
            ("GEORADIUSBYMEMBER nokey nope 1 km STORE dst", ":0\r\n"),
            ("GEORADIUS nokey 15 37 200 km", "*0\r\n"),
            ("GEORADIUS nokey 15 37 200 km STORE dst", ":0\r\n"),
            ("GEORADIUS nokey 200 37 200 km", "-ERR invalid longitude,latitude pair 200.000000,37.000000\r\n"),
            ("GEORADIUS Sicily 15 37 200 km STORE dst", ":2\r\n"),
            ("ZRANGE dst 0 -1 WITHSCORES", "*2\r\n*2\r\n$7\r\nPalermo\r\n,3479099956230698\r\n*2\r\n$7\r\nCatania\r\n,3479447370796909\r\n"),
            ("GEORADIUS Sicily 15 37 200 km STOREDIST dst2", ":2\r\n"),
            ("ZRANGE dst2 0 -1 WITHSCORES", "*2\r\n*2\r\n$7\r\nCatania\r\n,56.441257870158204\r\n*2\r\n$7\r\nPalermo\r\n,190.44242984775784\r\n"),
            ("GEORADIUSBYMEMBER Sicily Palermo 200 km STOREDIST dst3 COUNT 1", ":1\r\n"),
            ("ZRANGE dst3 0 -1 WITHSCORES", "*1\r\n*2\r\n$7\r\nPalermo\r\n,0\r\n"),
            ("GEORADIUS Sicily 15 37 1 m STORE dst", ":0\r\n"),
            ("EXISTS dst", ":0\r\n"),
            ("GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST", "-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n"),
            ("GEORADIUS_RO Sicily 15 37 200 km STORE dst", "-ERR syntax error\r\n"),
            ("GEORADIUS Sicily 15 37 200 km STORE", "-ERR syntax error\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT 0", "-ERR COUNT must be > 0\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT -1", "-ERR COUNT must be > 0\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT abc", "-ERR value is not an integer or out of range\r\n"),
            ("GEORADIUS Sicily 15 37 200 km COUNT", "-ERR syntax error\r\n"),
            ("GEORADIUS Sicily 15 37 200 km ANY", "-ERR the ANY argument requires COUNT argument\r\n"),
            ("GEORADIUS Sicily 15 37 200 km FROMMEMBER Palermo", "-ERR syntax error\r\n"),
            ("GEORADIUS Sicily 15 37 -1 km", "-ERR radius cannot be negative\r\n"),
            ("GEORADIUS Sicily 15 37 abc km", "-ERR need numeric radius\r\n"),
            ("GEORADIUS Sicily 15 37 200 parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEORADIUS Sicily 15 95 200 km", "-ERR invalid longitude,latitude pair 15.000000,95.000000\r\n"),
            ("GEORADIUS Sicily x 37 200 km", "-ERR value is not a valid float\r\n"),
            ("SET s x", "+OK\r\n"),
            ("GEORADIUS s 15 37 200 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEORADIUSBYMEMBER s a 200 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ],
    );
}

#[test]
fn geosearch_family_resp3() {
    check(
        true,
        &[
            ("GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12.758489 38.788135 edge1 17.241510 38.222869 edge2", ":4\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km", "*2\r\n$7\r\nPalermo\r\n$7\r\nCatania\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC WITHCOORD WITHDIST WITHHASH", "*2\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHCOORD WITHDIST", "*4\r\n*3\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n*3\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n*3\r\n$5\r\nedge2\r\n$8\r\n239.7918\r\n*2\r\n,17.24151045083999634\r\n,38.22286888521923487\r\n*3\r\n$5\r\nedge1\r\n$8\r\n279.7405\r\n*2\r\n,12.7584877610206604\r\n,38.78813451624225195\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 100 100 km ASC WITHDIST", "*0\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 300 300 km DESC WITHDIST", "*2\r\n*2\r\n$5\r\nedge1\r\n$7\r\n91.4007\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 300 km COUNT 2 WITHDIST", "*2\r\n*2\r\n$7\r\nPalermo\r\n$6\r\n0.0000\r\n*2\r\n$5\r\nedge1\r\n$7\r\n91.4007\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 300 km COUNT 2 ANY", "*2\r\n$7\r\nPalermo\r\n$5\r\nedge1\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo BYRADIUS 300 KM COUNT 10 ANY DESC", "*3\r\n$7\r\nCatania\r\n$5\r\nedge1\r\n$7\r\nPalermo\r\n"),
            ("GEOSEARCH Sicily BYRADIUS 300 km FROMLONLAT 13 38 WITHHASH", "*3\r\n*2\r\n$7\r\nPalermo\r\n:3479099956230698\r\n*2\r\n$5\r\nedge1\r\n:3479273021651468\r\n*2\r\n$7\r\nCatania\r\n:3479447370796909\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER nope BYRADIUS 300 km", "-ERR could not decode requested zset member\r\n"),
            ("GEOSEARCH nokey FROMMEMBER nope BYRADIUS 300 km", "*0\r\n"),
            ("GEOSEARCH nokey FROMLONLAT 1 1 BYRADIUS 300 km", "*0\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37", "-ERR wrong number of arguments for 'geosearch' command\r\n"),
            ("GEOSEARCH Sicily BYRADIUS 200 km", "-ERR wrong number of arguments for 'geosearch' command\r\n"),
            ("geosearch Sicily BYRADIUS 200 km WITHDIST", "-ERR wrong number of arguments for 'geosearch' command\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 FROMMEMBER Palermo BYRADIUS 200 km", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 15 37 BYRADIUS 200 km", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km BYBOX 1 1 km", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 1 km BYRADIUS 200 km", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km", "-ERR height or width cannot be negative\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX x 1 km", "-ERR need numeric width\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 x km", "-ERR need numeric height\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 1 1 yd", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 yd", "-ERR unsupported unit provided. please use M, KM, FT, MI\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE d", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST", "-ERR syntax error\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ANY", "-ERR the ANY argument requires COUNT argument\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 0", "-ERR COUNT must be > 0\r\n"),
            ("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 m", "*0\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km", ":2\r\n"),
            ("ZRANGE dst 0 -1 WITHSCORES", "*2\r\n*2\r\n$7\r\nPalermo\r\n,3479099956230698\r\n*2\r\n$7\r\nCatania\r\n,3479447370796909\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST", ":2\r\n"),
            ("ZRANGE dst 0 -1 WITHSCORES", "*2\r\n*2\r\n$7\r\nCatania\r\n,56.441257870158204\r\n*2\r\n$7\r\nPalermo\r\n,190.44242984775784\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km COUNT 1 DESC STOREDIST", ":1\r\n"),
            ("ZRANGE dst 0 -1 WITHSCORES", "*1\r\n*2\r\n$7\r\nPalermo\r\n,190.44242984775784\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST", "-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options\r\n"),
            ("geosearchstore dst Sicily BYRADIUS 200 km", "-ERR wrong number of arguments for 'geosearchstore' command\r\n"),
            ("GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 1 m", ":0\r\n"),
            ("EXISTS dst", ":0\r\n"),
            ("SET dst x", "+OK\r\n"),
            ("GEOSEARCHSTORE dst nokey FROMLONLAT 15 37 BYRADIUS 1 m", ":0\r\n"),
            ("EXISTS dst", ":0\r\n"),
            ("SET s x", "+OK\r\n"),
            ("GEOSEARCH s FROMLONLAT 15 37 BYRADIUS 200 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
            ("GEOSEARCHSTORE dst s FROMLONLAT 15 37 BYRADIUS 200 km", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ],
    );
}

#[test]
fn nyc_searches_resp3() {
    check(
        true,
        &[
            ("GEOADD nyc -73.9454966 40.747533 lic -73.9733487 40.7648057 q4 -73.9903085 40.7362513 union -74.0131604 40.7126674 wtc -73.7858139 40.6428986 jfk -73.9375699 40.7498929 q1 -73.9564142 40.7480973 q2 -73.9591302 40.7573177 q3", ":8\r\n"),
            ("GEORADIUS nyc -73.9798091 40.7598464 3 km ASC", "*4\r\n$2\r\nq4\r\n$2\r\nq3\r\n$2\r\nq2\r\n$5\r\nunion\r\n"),
            ("GEORADIUS nyc -73.9798091 40.7598464 3 km", "*4\r\n$2\r\nq4\r\n$2\r\nq2\r\n$2\r\nq3\r\n$5\r\nunion\r\n"),
            ("GEORADIUS nyc -73.9798091 40.7598464 3 km WITHDIST WITHCOORD WITHHASH ASC", "*4\r\n*4\r\n$2\r\nq4\r\n$6\r\n0.7750\r\n:1791875761332224\r\n*2\r\n,-73.97334784269332886\r\n,40.76480639569881959\r\n*4\r\n$2\r\nq3\r\n$6\r\n1.7646\r\n:1791875812218780\r\n*2\r\n,-73.95913213491439819\r\n,40.75731882939412998\r\n*4\r\n$2\r\nq2\r\n$6\r\n2.3651\r\n:1791875796750882\r\n*2\r\n,-73.95641237497329712\r\n,40.74809751381645384\r\n*4\r\n$5\r\nunion\r\n$6\r\n2.7697\r\n:1791875485187452\r\n*2\r\n,-73.99031013250350952\r\n,40.73625022711770782\r\n"),
            ("GEORADIUS nyc -73.9798091 40.7598464 30 km DESC WITHDIST", "*8\r\n*2\r\n$3\r\njfk\r\n$7\r\n20.8995\r\n*2\r\n$3\r\nwtc\r\n$6\r\n5.9530\r\n*2\r\n$2\r\nq1\r\n$6\r\n3.7269\r\n*2\r\n$3\r\nlic\r\n$6\r\n3.1991\r\n*2\r\n$5\r\nunion\r\n$6\r\n2.7697\r\n*2\r\n$2\r\nq2\r\n$6\r\n2.3651\r\n*2\r\n$2\r\nq3\r\n$6\r\n1.7646\r\n*2\r\n$2\r\nq4\r\n$6\r\n0.7750\r\n"),
            ("GEOSEARCH nyc FROMLONLAT -73.9798091 40.7598464 BYBOX 6 6 km ASC WITHDIST", "*5\r\n*2\r\n$2\r\nq4\r\n$6\r\n0.7750\r\n*2\r\n$2\r\nq3\r\n$6\r\n1.7646\r\n*2\r\n$2\r\nq2\r\n$6\r\n2.3651\r\n*2\r\n$5\r\nunion\r\n$6\r\n2.7697\r\n*2\r\n$3\r\nlic\r\n$6\r\n3.1991\r\n"),
            ("GEOSEARCH nyc FROMLONLAT -73.9798091 40.7598464 BYBOX 6 6 km", "*5\r\n$2\r\nq4\r\n$2\r\nq2\r\n$3\r\nlic\r\n$2\r\nq3\r\n$5\r\nunion\r\n"),
            ("GEOSEARCH nyc FROMMEMBER wtc BYBOX 100 100 km WITHDIST", "*8\r\n*2\r\n$3\r\nwtc\r\n$6\r\n0.0000\r\n*2\r\n$5\r\nunion\r\n$6\r\n3.2544\r\n*2\r\n$2\r\nq4\r\n$6\r\n6.7000\r\n*2\r\n$2\r\nq2\r\n$6\r\n6.1975\r\n*2\r\n$3\r\nlic\r\n$6\r\n6.8969\r\n*2\r\n$2\r\nq3\r\n$6\r\n6.7381\r\n*2\r\n$2\r\nq1\r\n$6\r\n7.5983\r\n*2\r\n$3\r\njfk\r\n$7\r\n20.6880\r\n"),
            ("GEOSEARCH nyc FROMMEMBER jfk BYRADIUS 50 mi COUNT 3 ANY WITHDIST", "*3\r\n*2\r\n$3\r\nwtc\r\n$7\r\n12.8550\r\n*2\r\n$5\r\nunion\r\n$7\r\n12.5089\r\n*2\r\n$2\r\nq4\r\n$7\r\n12.9434\r\n"),
            ("GEOSEARCH nyc FROMMEMBER jfk BYRADIUS 50 mi COUNT 3 WITHDIST", "*3\r\n*2\r\n$3\r\njfk\r\n$6\r\n0.0000\r\n*2\r\n$2\r\nq1\r\n$7\r\n10.8590\r\n*2\r\n$3\r\nlic\r\n$7\r\n11.0594\r\n"),
            ("GEOSEARCH nyc FROMLONLAT 0 0 BYRADIUS 20000 km COUNT 2 DESC", "*2\r\n$3\r\nwtc\r\n$5\r\nunion\r\n"),
            ("GEOSEARCH nyc FROMLONLAT 180 85 BYRADIUS 10000 km ASC WITHDIST", "*0\r\n"),
            ("GEOPOS nyc lic q4 union wtc jfk q1 q2 q3", "*8\r\n*2\r\n,-73.94549578428268433\r\n,40.74753227099792952\r\n*2\r\n,-73.97334784269332886\r\n,40.76480639569881959\r\n*2\r\n,-73.99031013250350952\r\n,40.73625022711770782\r\n*2\r\n,-74.01316255331039429\r\n,40.71266718145121644\r\n*2\r\n,-73.78581315279006958\r\n,40.64289898154041936\r\n*2\r\n,-73.93757253885269165\r\n,40.74989209639726795\r\n*2\r\n,-73.95641237497329712\r\n,40.74809751381645384\r\n*2\r\n,-73.95913213491439819\r\n,40.75731882939412998\r\n"),
            ("GEOHASH nyc lic q4 union wtc jfk q1 q2 q3", "*8\r\n$11\r\ndr5rv3fe940\r\n$11\r\ndr5rutn20n0\r\n$11\r\ndr5rsrccug0\r\n$11\r\ndr5reg922r0\r\n$11\r\ndr5x0yyf1c0\r\n$11\r\ndr5rvd233d0\r\n$11\r\ndr5rv1fwfe0\r\n$11\r\ndr5rv58se60\r\n"),
        ],
    );
}

#[test]
fn random_points_resp3() {
    check(
        true,
        &[
            ("GEOADD r -63.42 -18.0 p0 -154.0 -23.0 p1 147.493 -78.671988499 p2 -29.458 -69.61971643 p3 -159.0 76.0 p4 27.757061502 -76.615 p5 -163.23 -35.787 p6 14.646919 10.25 p7 -142.9 -22.0 p8 23.173 -0.609894381 p9 99.802358993 14.554072983 p10 -49.83 50.074 p11 -150.532196 4.285925 p12 82.600304 19.0 p13 -137.496319828 -56.989946 p14 -125.285567522 -13.0 p15 95.245512 -27.195186 p16 33.973155758 -73.0 p17 160.085194239 34.0 p18 -158.159006 25.026618155 p19 -77.545608446 65.835554 p20 -171.8773459 -25.0 p21 -2.271 45.626 p22 85.810816654 -18.549455497 p23 -150.990731568 -16.730312 p24 138.018177519 61.913758 p25 74.302815 31.081192402 p26 164.783 -70.934 p27 -96.496 -82.998 p28 -85.0 -60.270446 p29 39.532477 77.0 p30 -15.608260007 -17.338355842 p31 -142.726646264 -74.0 p32 174.480336272 -57.442228 p33 36.0 -85.01 p34 13.182728 19.0 p35 134.759655855 -59.781562 p36 163.968489 -4.0 p37 125.617293534 -3.334793 p38 -149.0 42.469534 p39", ":40\r\n"),
            ("GEOPOS r p0 p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12 p13 p14 p15 p16 p17 p18 p19 p20 p21 p22 p23 p24 p25 p26 p27 p28 p29 p30 p31 p32 p33 p34 p35 p36 p37 p38 p39", "*40\r\n*2\r\n,-63.41999799013137817\r\n,-17.99999913609774893\r\n*2\r\n,-153.99999886751174927\r\n,-23.00000023389439718\r\n*2\r\n,147.49299734830856323\r\n,-78.67198970148876924\r\n*2\r\n,-29.45800155401229858\r\n,-69.61971721265112478\r\n*2\r\n,-159.00000125169754028\r\n,76.00000071776581478\r\n*2\r\n,27.75706261396408081\r\n,-76.61500011265621879\r\n*2\r\n,-163.23000043630599976\r\n,-35.78699931637333975\r\n*2\r\n,14.64691847562789917\r\n,10.25000047617832166\r\n*2\r\n,-142.89999872446060181\r\n,-21.99999950739083587\r\n*2\r\n,23.17300111055374146\r\n,-0.60989319911492146\r\n*2\r\n,99.80236083269119263\r\n,14.55407360190919519\r\n*2\r\n,-49.83000129461288452\r\n,50.07400075596819988\r\n*2\r\n,-150.53219765424728394\r\n,4.28592578959058557\r\n*2\r\n,82.60030299425125122\r\n,18.99999986260130669\r\n*2\r\n,-137.496318519115448\r\n,-56.98994688368598105\r\n*2\r\n,-125.28556734323501587\r\n,-13.00000057302225542\r\n*2\r\n,95.24551302194595337\r\n,-27.19518680806238464\r\n*2\r\n,33.97315710783004761\r\n,-73.00000107297628915\r\n*2\r\n,160.08519619703292847\r\n,34.00000062127011091\r\n*2\r\n,-158.15900534391403198\r\n,25.02661879379574117\r\n*2\r\n,-77.54561036825180054\r\n,65.83555341751807077\r\n*2\r\n,-171.8773457407951355\r\n,-24.99999915218036506\r\n*2\r\n,-2.27100223302841187\r\n,45.62600109336774779\r\n*2\r\n,85.81081598997116089\r\n,-18.54945571124996917\r\n*2\r\n,-150.99073201417922974\r\n,-16.73031168240400035\r\n*2\r\n,138.01817983388900757\r\n,61.91375679815406841\r\n*2\r\n,74.3028143048286438\r\n,31.08119316465651849\r\n*2\r\n,164.78299945592880249\r\n,-70.93400055042229724\r\n*2\r\n,-96.49600178003311157\r\n,-82.99800083885369872\r\n*2\r\n,-85.00000029802322388\r\n,-60.27044637613143863\r\n*2\r\n,39.53247517347335815\r\n,76.99999890954821069\r\n*2\r\n,-15.60825973749160767\r\n,-17.33835580243317764\r\n*2\r\n,-142.72664755582809448\r\n,-73.99999926475868506\r\n*2\r\n,174.48033839464187622\r\n,-57.44222731903147405\r\n*2\r\n,36.00000053644180298\r\n,-85.00999912710798867\r\n*2\r\n,13.1827273964881897\r\n,18.99999986260130669\r\n*2\r\n,134.75965529680252075\r\n,-59.78156203252393652\r\n*2\r\n,163.96848767995834351\r\n,-3.99999910393250957\r\n*2\r\n,125.61729222536087036\r\n,-3.33479195231791437\r\n*2\r\n,-149.00000184774398804\r\n,42.46953311141223253\r\n"),
            ("GEOHASH r p0 p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12 p13 p14 p15 p16 p17 p18 p19 p20 p21 p22 p23 p24 p25 p26 p27 p28 p29 p30 p31 p32 p33 p34 p35 p36 p37 p38 p39", "*40\r\n$11\r\n6sfcsg4yqu0\r\n$11\r\n2efmpsux7c0\r\n$11\r\np60bkq1n7y0\r\n$11\r\n57e5cwj7fb0\r\n$11\r\nbmwbmg7sp60\r\n$11\r\nhd7spssj620\r\n$11\r\n23eumt5t970\r\n$11\r\ns3f6m3cw9f0\r\n$11\r\n2u46u5p2sw0\r\n$11\r\nkxbkx2fp450\r\n$11\r\nw4wfz13zee0\r\n$11\r\nfbusf5dyhy0\r\n$11\r\n88ubqs1z3d0\r\n$11\r\ntg6spdgen80\r\n$11\r\n0vy5z1q1rx0\r\n$11\r\n3jwyj13vd80\r\n$11\r\nq55tr378t30\r\n$11\r\nhg00tnf2pv0\r\n$11\r\nxw1c6vd2r70\r\n$11\r\n8krw35bns50\r\n$11\r\nf78ye2vpbk0\r\n$11\r\n25tcbbfsrw0\r\n$11\r\ngbn7s3fq9z0\r\n$11\r\nmutn2xjt8f0\r\n$11\r\n2th8u47fug0\r\n$11\r\nz540hxjcb80\r\n$11\r\nttsbff1tj40\r\n$11\r\npemhmwz76p0\r\n$11\r\n1c5ru4tv850\r\n$11\r\n4j791u0ghq0\r\n$11\r\nuvsn596tt20\r\n$11\r\n7suvkgdkv00\r\n$11\r\n0ffe00twu00\r\n$11\r\npvu14quwy80\r\n$11\r\nhbcs7hqkug0\r\n$11\r\ns73k5fz75b0\r\n$11\r\nnvrgft0gpt0\r\n$11\r\nrxk95py4qd0\r\n$11\r\nqz3m42ztrj0\r\n$11\r\n8xw197mdbq0\r\n"),
            ("GEODIST r p14 p23 ft", "$13\r\n35127384.9703\r\n"),
            ("GEODIST r p8 p12 m", "$12\r\n3039434.6544\r\n"),
            ("GEODIST r p5 p8 km", "$9\r\n9033.7961\r\n"),
            ("GEODIST r p32 p13 ft", "$13\r\n43697965.1194\r\n"),
            ("GEODIST r p1 p29 ft", "$13\r\n21825079.7302\r\n"),
            ("GEODIST r p29 p24 ft", "$13\r\n23241833.8273\r\n"),
            ("GEODIST r p36 p12 ft", "$13\r\n31424000.4423\r\n"),
            ("GEODIST r p5 p31 km", "$9\r\n7031.7319\r\n"),
            ("GEODIST r p1 p17 ft", "$13\r\n30598214.4023\r\n"),
            ("GEODIST r p30 p24 m", "$13\r\n13290600.5278\r\n"),
            ("GEODIST r p16 p6 m", "$12\r\n9223851.8378\r\n"),
            ("GEODIST r p24 p39 ft", "$13\r\n21613328.0737\r\n"),
            ("GEODIST r p6 p3 mi", "$9\r\n4792.6490\r\n"),
            ("GEODIST r p15 p5 ft", "$13\r\n32470457.4052\r\n"),
            ("GEODIST r p33 p13 km", "$10\r\n11892.7281\r\n"),
            ("GEODIST r p38 p4 m", "$12\r\n9981650.8670\r\n"),
            ("GEODIST r p31 p12 km", "$10\r\n14902.6284\r\n"),
            ("GEODIST r p37 p29 ft", "$13\r\n35293505.5430\r\n"),
            ("GEODIST r p18 p35 mi", "$9\r\n8178.4857\r\n"),
            ("GEODIST r p27 p8 km", "$9\r\n6381.1456\r\n"),
            ("GEOSEARCH r FROMLONLAT 125.617293534 -3.334793 BYRADIUS 100 km ASC WITHDIST WITHCOORD WITHHASH", "*1\r\n*4\r\n$3\r\np38\r\n$6\r\n0.0002\r\n:3233008529889925\r\n*2\r\n,125.61729222536087036\r\n,-3.33479195231791437\r\n"),
            ("GEOSEARCH r FROMMEMBER p20 BYBOX 8000 4000 km WITHDIST", "*4\r\n*2\r\n$2\r\np4\r\n$9\r\n2874.4666\r\n*2\r\n$3\r\np11\r\n$9\r\n2359.1688\r\n*2\r\n$3\r\np20\r\n$6\r\n0.0000\r\n*2\r\n$3\r\np30\r\n$9\r\n3570.9559\r\n"),
            ("GEOSEARCH r FROMLONLAT -2.271 45.626 BYRADIUS 10000 km ASC WITHDIST WITHCOORD WITHHASH", "*15\r\n*4\r\n$3\r\np22\r\n$6\r\n0.0002\r\n:2158920152654252\r\n*2\r\n,-2.27100223302841187\r\n,45.62600109336774779\r\n*4\r\n$3\r\np35\r\n$9\r\n3285.2006\r\n:3409749817848761\r\n*2\r\n,13.1827273964881897\r\n,18.99999986260130669\r\n*4\r\n$3\r\np11\r\n$9\r\n3523.0847\r\n:2021285513722236\r\n*2\r\n,-49.83000129461288452\r\n,50.07400075596819988\r\n*4\r\n$3\r\np30\r\n$9\r\n3952.6548\r\n:3793681971191006\r\n*2\r\n,39.53247517347335815\r\n,76.99999890954821069\r\n*4\r\n$2\r\np7\r\n$9\r\n4251.6166\r\n:3392903058720251\r\n*2\r\n,14.64691847562789917\r\n,10.25000047617832166\r\n*4\r\n$3\r\np20\r\n$9\r\n4842.5078\r\n:2049877188433161\r\n*2\r\n,-77.54561036825180054\r\n,65.83555341751807077\r\n*4\r\n$2\r\np9\r\n$9\r\n5717.1690\r\n:2662272951911232\r\n*2\r\n,23.17300111055374146\r\n,-0.60989319911492146\r\n*4\r\n$2\r\np4\r\n$9\r\n6389.1889\r\n:1507206206823326\r\n*2\r\n,-159.00000125169754028\r\n,76.00000071776581478\r\n*4\r\n$3\r\np26\r\n$9\r\n6613.9489\r\n:3632026809240020\r\n*2\r\n,74.3028143048286438\r\n,31.08119316465651849\r\n*4\r\n$3\r\np31\r\n$9\r\n7131.4607\r\n:1094150499695815\r\n*2\r\n,-15.60825973749160767\r\n,-17.33835580243317764\r\n*4\r\n$3\r\np25\r\n$9\r\n7544.6437\r\n:4386573700800807\r\n*2\r\n,138.01817983388900757\r\n,61.91375679815406841\r\n*4\r\n$3\r\np13\r\n$9\r\n8123.1758\r\n:3586111901981489\r\n*2\r\n,82.60030299425125122\r\n,18.99999986260130669\r\n*4\r\n$2\r\np0\r\n$9\r\n9371.6612\r\n:951695070247471\r\n*2\r\n,-63.41999799013137817\r\n,-17.99999913609774893\r\n*4\r\n$3\r\np39\r\n$9\r\n9683.1478\r\n:1257657908577308\r\n*2\r\n,-149.00000184774398804\r\n,42.46953311141223253\r\n*4\r\n$3\r\np10\r\n$9\r\n9767.8901\r\n:3962227209250789\r\n*2\r\n,99.80236083269119263\r\n,14.55407360190919519\r\n"),
            ("GEOSEARCH r FROMMEMBER p39 BYBOX 8000 4000 km WITHDIST", "*2\r\n*2\r\n$3\r\np19\r\n$9\r\n2113.7709\r\n*2\r\n$3\r\np39\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -150.532196 4.285925 BYRADIUS 5000 km ASC WITHDIST WITHCOORD WITHHASH", "*9\r\n*4\r\n$3\r\np12\r\n$6\r\n0.0002\r\n:1164709001928884\r\n*2\r\n,-150.53219765424728394\r\n,4.28592578959058557\r\n*4\r\n$3\r\np24\r\n$9\r\n2338.1016\r\n:390659761175915\r\n*2\r\n,-150.99073201417922974\r\n,-16.73031168240400035\r\n*4\r\n$3\r\np19\r\n$9\r\n2446.7160\r\n:1209172012047445\r\n*2\r\n,-158.15900534391403198\r\n,25.02661879379574117\r\n*4\r\n$2\r\np8\r\n$9\r\n3039.4345\r\n:349403114077218\r\n*2\r\n,-142.89999872446060181\r\n,-21.99999950739083587\r\n*4\r\n$2\r\np1\r\n$9\r\n3058.1952\r\n:340384385651391\r\n*2\r\n,-153.99999886751174927\r\n,-23.00000023389439718\r\n*4\r\n$3\r\np15\r\n$9\r\n3387.4600\r\n:500878235920246\r\n*2\r\n,-125.28556734323501587\r\n,-13.00000057302225542\r\n*4\r\n$3\r\np21\r\n$9\r\n3991.3586\r\n:306124910283700\r\n*2\r\n,-171.8773457407951355\r\n,-24.99999915218036506\r\n*4\r\n$3\r\np39\r\n$9\r\n4249.7319\r\n:1257657908577308\r\n*2\r\n,-149.00000184774398804\r\n,42.46953311141223253\r\n*4\r\n$2\r\np6\r\n$9\r\n4649.5871\r\n:295677545074845\r\n*2\r\n,-163.23000043630599976\r\n,-35.78699931637333975\r\n"),
            ("GEOSEARCH r FROMMEMBER p22 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np22\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT 174.480336272 -57.442228 BYRADIUS 5000 km ASC WITHDIST WITHCOORD WITHHASH", "*12\r\n*4\r\n$3\r\np33\r\n$6\r\n0.0001\r\n:3076520065490789\r\n*2\r\n,174.48033839464187622\r\n,-57.44222731903147405\r\n*4\r\n$3\r\np27\r\n$9\r\n1567.7780\r\n:3011772255531847\r\n*2\r\n,164.78299945592880249\r\n,-70.93400055042229724\r\n*4\r\n$3\r\np36\r\n$9\r\n2280.6142\r\n:2933403126397877\r\n*2\r\n,134.75965529680252075\r\n,-59.78156203252393652\r\n*4\r\n$2\r\np2\r\n$9\r\n2556.2424\r\n:2968812736893950\r\n*2\r\n,147.49299734830856323\r\n,-78.67198970148876924\r\n*4\r\n$3\r\np32\r\n$9\r\n2581.8595\r\n:62175023913285\r\n*2\r\n,-142.72664755582809448\r\n,-73.99999926475868506\r\n*4\r\n$3\r\np14\r\n$9\r\n2831.9507\r\n:121775148523505\r\n*2\r\n,-137.496318519115448\r\n,-56.98994688368598105\r\n*4\r\n$2\r\np6\r\n$9\r\n2920.7131\r\n:295677545074845\r\n*2\r\n,-163.23000043630599976\r\n,-35.78699931637333975\r\n*4\r\n$3\r\np28\r\n$9\r\n3682.0303\r\n:185759775760643\r\n*2\r\n,-96.49600178003311157\r\n,-82.99800083885369872\r\n*4\r\n$3\r\np21\r\n$9\r\n3768.7406\r\n:306124910283700\r\n*2\r\n,-171.8773457407951355\r\n,-24.99999915218036506\r\n*4\r\n$3\r\np34\r\n$9\r\n4051.7127\r\n:2295952840670252\r\n*2\r\n,36.00000053644180298\r\n,-85.00999912710798867\r\n*4\r\n$2\r\np1\r\n$9\r\n4590.3011\r\n:340384385651391\r\n*2\r\n,-153.99999886751174927\r\n,-23.00000023389439718\r\n*4\r\n$2\r\np5\r\n$9\r\n4926.3140\r\n:2293224678905359\r\n*2\r\n,27.75706261396408081\r\n,-76.61500011265621879\r\n"),
            ("GEOSEARCH r FROMMEMBER p4 BYBOX 8000 4000 km WITHDIST", "*4\r\n*2\r\n$2\r\np4\r\n$6\r\n0.0000\r\n*2\r\n$3\r\np20\r\n$9\r\n2874.4666\r\n*2\r\n$3\r\np30\r\n$9\r\n2963.2513\r\n*2\r\n$3\r\np25\r\n$9\r\n2758.4663\r\n"),
            ("GEOSEARCH r FROMLONLAT -142.726646264 -74.0 BYRADIUS 20000 km ASC WITHDIST WITHCOORD WITHHASH", "*40\r\n*4\r\n$3\r\np32\r\n$6\r\n0.0001\r\n:62175023913285\r\n*2\r\n,-142.72664755582809448\r\n,-73.99999926475868506\r\n*4\r\n$3\r\np28\r\n$9\r\n1359.3549\r\n:185759775760643\r\n*2\r\n,-96.49600178003311157\r\n,-82.99800083885369872\r\n*4\r\n$3\r\np27\r\n$9\r\n1730.5898\r\n:3011772255531847\r\n*2\r\n,164.78299945592880249\r\n,-70.93400055042229724\r\n*4\r\n$2\r\np2\r\n$9\r\n1779.9434\r\n:2968812736893950\r\n*2\r\n,147.49299734830856323\r\n,-78.67198970148876924\r\n*4\r\n$3\r\np14\r\n$9\r\n1905.5385\r\n:121775148523505\r\n*2\r\n,-137.496318519115448\r\n,-56.98994688368598105\r\n*4\r\n$3\r\np34\r\n$9\r\n2334.5348\r\n:2295952840670252\r\n*2\r\n,36.00000053644180298\r\n,-85.00999912710798867\r\n*4\r\n$3\r\np33\r\n$9\r\n2581.8596\r\n:3076520065490789\r\n*2\r\n,174.48033839464187622\r\n,-57.44222731903147405\r\n*4\r\n$3\r\np29\r\n$9\r\n2759.2319\r\n:635213026802778\r\n*2\r\n,-85.00000029802322388\r\n,-60.27044637613143863\r\n*4\r\n$2\r\np5\r\n$9\r\n3256.9622\r\n:2293224678905359\r\n*2\r\n,27.75706261396408081\r\n,-76.61500011265621879\r\n*4\r\n$2\r\np3\r\n$9\r\n3373.0282\r\n:732207605035629\r\n*2\r\n,-29.45800155401229858\r\n,-69.61971721265112478\r\n*4\r\n$3\r\np36\r\n$9\r\n3551.2334\r\n:2933403126397877\r\n*2\r\n,134.75965529680252075\r\n,-59.78156203252393652\r\n*4\r\n$3\r\np17\r\n$9\r\n3668.9037\r\n:2313650703269807\r\n*2\r\n,33.97315710783004761\r\n,-73.00000107297628915\r\n*4\r\n$2\r\np6\r\n$9\r\n4394.1648\r\n:295677545074845\r\n*2\r\n,-163.23000043630599976\r\n,-35.78699931637333975\r\n*4\r\n$2\r\np1\r\n$9\r\n5712.5837\r\n:340384385651391\r\n*2\r\n,-153.99999886751174927\r\n,-23.00000023389439718\r\n*4\r\n$3\r\np21\r\n$9\r\n5712.6388\r\n:306124910283700\r\n*2\r\n,-171.8773457407951355\r\n,-24.99999915218036506\r\n*4\r\n$2\r\np8\r\n$9\r\n5783.7771\r\n:349403114077218\r\n*2\r\n,-142.89999872446060181\r\n,-21.99999950739083587\r\n*4\r\n$3\r\np24\r\n$9\r\n6390.6389\r\n:390659761175915\r\n*2\r\n,-150.99073201417922974\r\n,-16.73031168240400035\r\n*4\r\n$3\r\np15\r\n$9\r\n6874.4259\r\n:500878235920246\r\n*2\r\n,-125.28556734323501587\r\n,-13.00000057302225542\r\n*4\r\n$2\r\np0\r\n$9\r\n7760.9473\r\n:951695070247471\r\n*2\r\n,-63.41999799013137817\r\n,-17.99999913609774893\r\n*4\r\n$3\r\np16\r\n$9\r\n8006.4025\r\n:3115984693741981\r\n*2\r\n,95.24551302194595337\r\n,-27.19518680806238464\r\n*4\r\n$3\r\np37\r\n$9\r\n8522.4623\r\n:3366831245839219\r\n*2\r\n,163.96848767995834351\r\n,-3.99999910393250957\r\n*4\r\n$3\r\np12\r\n$9\r\n8724.0244\r\n:1164709001928884\r\n*2\r\n,-150.53219765424728394\r\n,4.28592578959058557\r\n*4\r\n$3\r\np23\r\n$9\r\n9161.7248\r\n:2791797784024447\r\n*2\r\n,85.81081598997116089\r\n,-18.54945571124996917\r\n*4\r\n$3\r\np31\r\n$9\r\n9194.3947\r\n:1094150499695815\r\n*2\r\n,-15.60825973749160767\r\n,-17.33835580243317764\r\n*4\r\n$3\r\np38\r\n$9\r\n9704.5818\r\n:3233008529889925\r\n*2\r\n,125.61729222536087036\r\n,-3.33479195231791437\r\n*4\r\n$3\r\np19\r\n$10\r\n11072.5138\r\n:1209172012047445\r\n*2\r\n,-158.15900534391403198\r\n,25.02661879379574117\r\n*4\r\n$2\r\np9\r\n$10\r\n11667.3257\r\n:2662272951911232\r\n*2\r\n,23.17300111055374146\r\n,-0.60989319911492146\r\n*4\r\n$3\r\np10\r\n$10\r\n12388.9215\r\n:3962227209250789\r\n*2\r\n,99.80236083269119263\r\n,14.55407360190919519\r\n*4\r\n$3\r\np18\r\n$10\r\n12728.4799\r\n:4205058176137930\r\n*2\r\n,160.08519619703292847\r\n,34.00000062127011091\r\n*4\r\n$2\r\np7\r\n$10\r\n12782.5469\r\n:3392903058720251\r\n*2\r\n,14.64691847562789917\r\n,10.25000047617832166\r\n*4\r\n$3\r\np39\r\n$10\r\n12963.1457\r\n:1257657908577308\r\n*2\r\n,-149.00000184774398804\r\n,42.46953311141223253\r\n*4\r\n$3\r\np13\r\n$10\r\n13319.1397\r\n:3586111901981489\r\n*2\r\n,82.60030299425125122\r\n,18.99999986260130669\r\n*4\r\n$3\r\np35\r\n$10\r\n13728.3482\r\n:3409749817848761\r\n*2\r\n,13.1827273964881897\r\n,18.99999986260130669\r\n*4\r\n$3\r\np26\r\n$10\r\n14816.7766\r\n:3632026809240020\r\n*2\r\n,74.3028143048286438\r\n,31.08119316465651849\r\n*4\r\n$3\r\np11\r\n$10\r\n15377.5044\r\n:2021285513722236\r\n*2\r\n,-49.83000129461288452\r\n,50.07400075596819988\r\n*4\r\n$3\r\np25\r\n$10\r\n16180.5421\r\n:4386573700800807\r\n*2\r\n,138.01817983388900757\r\n,61.91375679815406841\r\n*4\r\n$3\r\np20\r\n$10\r\n16246.2314\r\n:2049877188433161\r\n*2\r\n,-77.54561036825180054\r\n,65.83555341751807077\r\n*4\r\n$3\r\np22\r\n$10\r\n16316.1954\r\n:2158920152654252\r\n*2\r\n,-2.27100223302841187\r\n,45.62600109336774779\r\n*4\r\n$2\r\np4\r\n$10\r\n16718.1554\r\n:1507206206823326\r\n*2\r\n,-159.00000125169754028\r\n,76.00000071776581478\r\n*4\r\n$3\r\np30\r\n$10\r\n19681.2377\r\n:3793681971191006\r\n*2\r\n,39.53247517347335815\r\n,76.99999890954821069\r\n"),
            ("GEOSEARCH r FROMMEMBER p22 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np22\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -125.285567522 -13.0 BYRADIUS 100 km ASC WITHDIST WITHCOORD WITHHASH", "*1\r\n*4\r\n$3\r\np15\r\n$6\r\n0.0001\r\n:500878235920246\r\n*2\r\n,-125.28556734323501587\r\n,-13.00000057302225542\r\n"),
            ("GEOSEARCH r FROMMEMBER p21 BYBOX 3000 1500 km WITHDIST", "*1\r\n*2\r\n$3\r\np21\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -137.496319828 -56.989946 BYRADIUS 5000 km ASC WITHDIST WITHCOORD WITHHASH", "*15\r\n*4\r\n$3\r\np14\r\n$6\r\n0.0001\r\n:121775148523505\r\n*2\r\n,-137.496318519115448\r\n,-56.98994688368598105\r\n*4\r\n$3\r\np32\r\n$9\r\n1905.5385\r\n:62175023913285\r\n*2\r\n,-142.72664755582809448\r\n,-73.99999926475868506\r\n*4\r\n$3\r\np33\r\n$9\r\n2831.9505\r\n:3076520065490789\r\n*2\r\n,174.48033839464187622\r\n,-57.44222731903147405\r\n*4\r\n$3\r\np29\r\n$9\r\n2979.5773\r\n:635213026802778\r\n*2\r\n,-85.00000029802322388\r\n,-60.27044637613143863\r\n*4\r\n$2\r\np6\r\n$9\r\n3038.4457\r\n:295677545074845\r\n*2\r\n,-163.23000043630599976\r\n,-35.78699931637333975\r\n*4\r\n$3\r\np27\r\n$9\r\n3050.4251\r\n:3011772255531847\r\n*2\r\n,164.78299945592880249\r\n,-70.93400055042229724\r\n*4\r\n$3\r\np28\r\n$9\r\n3121.1921\r\n:185759775760643\r\n*2\r\n,-96.49600178003311157\r\n,-82.99800083885369872\r\n*4\r\n$2\r\np2\r\n$9\r\n3536.7214\r\n:2968812736893950\r\n*2\r\n,147.49299734830856323\r\n,-78.67198970148876924\r\n*4\r\n$2\r\np8\r\n$9\r\n3916.6802\r\n:349403114077218\r\n*2\r\n,-142.89999872446060181\r\n,-21.99999950739083587\r\n*4\r\n$2\r\np1\r\n$9\r\n4010.0137\r\n:340384385651391\r\n*2\r\n,-153.99999886751174927\r\n,-23.00000023389439718\r\n*4\r\n$3\r\np34\r\n$9\r\n4223.4479\r\n:2295952840670252\r\n*2\r\n,36.00000053644180298\r\n,-85.00999912710798867\r\n*4\r\n$3\r\np21\r\n$9\r\n4490.1398\r\n:306124910283700\r\n*2\r\n,-171.8773457407951355\r\n,-24.99999915218036506\r\n*4\r\n$3\r\np24\r\n$9\r\n4618.1545\r\n:390659761175915\r\n*2\r\n,-150.99073201417922974\r\n,-16.73031168240400035\r\n*4\r\n$3\r\np36\r\n$9\r\n4744.6431\r\n:2933403126397877\r\n*2\r\n,134.75965529680252075\r\n,-59.78156203252393652\r\n*4\r\n$2\r\np3\r\n$9\r\n4820.1750\r\n:732207605035629\r\n*2\r\n,-29.45800155401229858\r\n,-69.61971721265112478\r\n"),
            ("GEOSEARCH r FROMMEMBER p27 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np27\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT 95.245512 -27.195186 BYRADIUS 10000 km ASC WITHDIST WITHCOORD WITHHASH", "*23\r\n*4\r\n$3\r\np16\r\n$6\r\n0.0001\r\n:3115984693741981\r\n*2\r\n,95.24551302194595337\r\n,-27.19518680806238464\r\n*4\r\n$3\r\np23\r\n$9\r\n1362.5501\r\n:2791797784024447\r\n*2\r\n,85.81081598997116089\r\n,-18.54945571124996917\r\n*4\r\n$3\r\np38\r\n$9\r\n4178.0906\r\n:3233008529889925\r\n*2\r\n,125.61729222536087036\r\n,-3.33479195231791437\r\n*4\r\n$3\r\np10\r\n$9\r\n4669.6013\r\n:3962227209250789\r\n*2\r\n,99.80236083269119263\r\n,14.55407360190919519\r\n*4\r\n$3\r\np36\r\n$9\r\n4698.7678\r\n:2933403126397877\r\n*2\r\n,134.75965529680252075\r\n,-59.78156203252393652\r\n*4\r\n$3\r\np13\r\n$9\r\n5315.8918\r\n:3586111901981489\r\n*2\r\n,82.60030299425125122\r\n,18.99999986260130669\r\n*4\r\n$3\r\np17\r\n$9\r\n6206.7133\r\n:2313650703269807\r\n*2\r\n,33.97315710783004761\r\n,-73.00000107297628915\r\n*4\r\n$2\r\np2\r\n$9\r\n6260.1798\r\n:2968812736893950\r\n*2\r\n,147.49299734830856323\r\n,-78.67198970148876924\r\n*4\r\n$3\r\np27\r\n$9\r\n6423.9876\r\n:3011772255531847\r\n*2\r\n,164.78299945592880249\r\n,-70.93400055042229724\r\n*4\r\n$2\r\np5\r\n$9\r\n6499.6789\r\n:2293224678905359\r\n*2\r\n,27.75706261396408081\r\n,-76.61500011265621879\r\n*4\r\n$3\r\np34\r\n$9\r\n6711.3873\r\n:2295952840670252\r\n*2\r\n,36.00000053644180298\r\n,-85.00999912710798867\r\n*4\r\n$3\r\np26\r\n$9\r\n6852.4461\r\n:3632026809240020\r\n*2\r\n,74.3028143048286438\r\n,31.08119316465651849\r\n*4\r\n$3\r\np33\r\n$9\r\n6858.9017\r\n:3076520065490789\r\n*2\r\n,174.48033839464187622\r\n,-57.44222731903147405\r\n*4\r\n$3\r\np37\r\n$9\r\n7705.3769\r\n:3366831245839219\r\n*2\r\n,163.96848767995834351\r\n,-3.99999910393250957\r\n*4\r\n$3\r\np28\r\n$9\r\n7748.9412\r\n:185759775760643\r\n*2\r\n,-96.49600178003311157\r\n,-82.99800083885369872\r\n*4\r\n$3\r\np32\r\n$9\r\n8006.4027\r\n:62175023913285\r\n*2\r\n,-142.72664755582809448\r\n,-73.99999926475868506\r\n*4\r\n$2\r\np9\r\n$9\r\n8210.8633\r\n:2662272951911232\r\n*2\r\n,23.17300111055374146\r\n,-0.60989319911492146\r\n*4\r\n$2\r\np3\r\n$9\r\n8386.5034\r\n:732207605035629\r\n*2\r\n,-29.45800155401229858\r\n,-69.61971721265112478\r\n*4\r\n$3\r\np21\r\n$9\r\n9033.5248\r\n:306124910283700\r\n*2\r\n,-171.8773457407951355\r\n,-24.99999915218036506\r\n*4\r\n$2\r\np6\r\n$9\r\n9223.8520\r\n:295677545074845\r\n*2\r\n,-163.23000043630599976\r\n,-35.78699931637333975\r\n*4\r\n$3\r\np14\r\n$9\r\n9436.7396\r\n:121775148523505\r\n*2\r\n,-137.496318519115448\r\n,-56.98994688368598105\r\n*4\r\n$2\r\np7\r\n$9\r\n9617.2379\r\n:3392903058720251\r\n*2\r\n,14.64691847562789917\r\n,10.25000047617832166\r\n*4\r\n$3\r\np18\r\n$9\r\n9640.9223\r\n:4205058176137930\r\n*2\r\n,160.08519619703292847\r\n,34.00000062127011091\r\n"),
            ("GEOSEARCH r FROMMEMBER p26 BYBOX 3000 1500 km WITHDIST", "*1\r\n*2\r\n$3\r\np26\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -49.83 50.074 BYRADIUS 10000 km ASC WITHDIST WITHCOORD WITHHASH", "*14\r\n*4\r\n$3\r\np11\r\n$6\r\n0.0001\r\n:2021285513722236\r\n*2\r\n,-49.83000129461288452\r\n,50.07400075596819988\r\n*4\r\n$3\r\np20\r\n$9\r\n2359.1690\r\n:2049877188433161\r\n*2\r\n,-77.54561036825180054\r\n,65.83555341751807077\r\n*4\r\n$3\r\np22\r\n$9\r\n3523.0844\r\n:2158920152654252\r\n*2\r\n,-2.27100223302841187\r\n,45.62600109336774779\r\n*4\r\n$3\r\np30\r\n$9\r\n4617.1442\r\n:3793681971191006\r\n*2\r\n,39.53247517347335815\r\n,76.99999890954821069\r\n*4\r\n$2\r\np4\r\n$9\r\n5130.1139\r\n:1507206206823326\r\n*2\r\n,-159.00000125169754028\r\n,76.00000071776581478\r\n*4\r\n$3\r\np35\r\n$9\r\n6487.6853\r\n:3409749817848761\r\n*2\r\n,13.1827273964881897\r\n,18.99999986260130669\r\n*4\r\n$3\r\np39\r\n$9\r\n7090.2649\r\n:1257657908577308\r\n*2\r\n,-149.00000184774398804\r\n,42.46953311141223253\r\n*4\r\n$2\r\np7\r\n$9\r\n7328.0615\r\n:3392903058720251\r\n*2\r\n,14.64691847562789917\r\n,10.25000047617832166\r\n*4\r\n$3\r\np25\r\n$9\r\n7545.2870\r\n:4386573700800807\r\n*2\r\n,138.01817983388900757\r\n,61.91375679815406841\r\n*4\r\n$2\r\np0\r\n$9\r\n7688.5937\r\n:951695070247471\r\n*2\r\n,-63.41999799013137817\r\n,-17.99999913609774893\r\n*4\r\n$3\r\np31\r\n$9\r\n8214.8850\r\n:1094150499695815\r\n*2\r\n,-15.60825973749160767\r\n,-17.33835580243317764\r\n*4\r\n$2\r\np9\r\n$9\r\n8860.6193\r\n:2662272951911232\r\n*2\r\n,23.17300111055374146\r\n,-0.60989319911492146\r\n*4\r\n$3\r\np19\r\n$9\r\n9105.3278\r\n:1209172012047445\r\n*2\r\n,-158.15900534391403198\r\n,25.02661879379574117\r\n*4\r\n$3\r\np26\r\n$9\r\n9452.1643\r\n:3632026809240020\r\n*2\r\n,74.3028143048286438\r\n,31.08119316465651849\r\n"),
            ("GEOSEARCH r FROMMEMBER p10 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np10\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT -154.0 -23.0 BYRADIUS 1000 km ASC WITHDIST WITHCOORD WITHHASH", "*2\r\n*4\r\n$2\r\np1\r\n$6\r\n0.0001\r\n:340384385651391\r\n*2\r\n,-153.99999886751174927\r\n,-23.00000023389439718\r\n*4\r\n$3\r\np24\r\n$8\r\n765.0210\r\n:390659761175915\r\n*2\r\n,-150.99073201417922974\r\n,-16.73031168240400035\r\n"),
            ("GEOSEARCH r FROMMEMBER p19 BYBOX 500 250 km WITHDIST", "*1\r\n*2\r\n$3\r\np19\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT 14.646919 10.25 BYRADIUS 100 km ASC WITHDIST WITHCOORD WITHHASH", "*1\r\n*4\r\n$2\r\np7\r\n$6\r\n0.0001\r\n:3392903058720251\r\n*2\r\n,14.64691847562789917\r\n,10.25000047617832166\r\n"),
            ("GEOSEARCH r FROMMEMBER p21 BYBOX 3000 1500 km WITHDIST", "*1\r\n*2\r\n$3\r\np21\r\n$6\r\n0.0000\r\n"),
            ("GEOSEARCH r FROMLONLAT 99.802358993 14.554072983 BYRADIUS 20000 km ASC WITHDIST WITHCOORD WITHHASH", "*40\r\n*4\r\n$3\r\np10\r\n$6\r\n0.0002\r\n:3962227209250789\r\n*2\r\n,99.80236083269119263\r\n,14.55407360190919519\r\n*4\r\n$3\r\np13\r\n$9\r\n1896.3274\r\n:3586111901981489\r\n*2\r\n,82.60030299425125122\r\n,18.99999986260130669\r\n*4\r\n$3\r\np26\r\n$9\r\n3181.7018\r\n:3632026809240020\r\n*2\r\n,74.3028143048286438\r\n,31.08119316465651849\r\n*4\r\n$3\r\np38\r\n$9\r\n3471.9696\r\n:3233008529889925\r\n*2\r\n,125.61729222536087036\r\n,-3.33479195231791437\r\n*4\r\n$3\r\np23\r\n$9\r\n3988.4709\r\n:2791797784024447\r\n*2\r\n,85.81081598997116089\r\n,-18.54945571124996917\r\n*4\r\n$3\r\np16\r\n$9\r\n4669.6013\r\n:3115984693741981\r\n*2\r\n,95.24551302194595337\r\n,-27.19518680806238464\r\n*4\r\n$3\r\np25\r\n$9\r\n6069.4266\r\n:4386573700800807\r\n*2\r\n,138.01817983388900757\r\n,61.91375679815406841\r\n*4\r\n$3\r\np18\r\n$9\r\n6387.9238\r\n:4205058176137930\r\n*2\r\n,160.08519619703292847\r\n,34.00000062127011091\r\n*4\r\n$3\r\np37\r\n$9\r\n7365.4241\r\n:3366831245839219\r\n*2\r\n,163.96848767995834351\r\n,-3.99999910393250957\r\n*4\r\n$3\r\np30\r\n$9\r\n7712.3761\r\n:3793681971191006\r\n*2\r\n,39.53247517347335815\r\n,76.99999890954821069\r\n*4\r\n$2\r\np9\r\n$9\r\n8589.3314\r\n:2662272951911232\r\n*2\r\n,23.17300111055374146\r\n,-0.60989319911492146\r\n*4\r\n$2\r\np4\r\n$9\r\n8737.8392\r\n:1507206206823326\r\n*2\r\n,-159.00000125169754028\r\n,76.00000071776581478\r\n*4\r\n$3\r\np36\r\n$9\r\n8843.3036\r\n:2933403126397877\r\n*2\r\n,134.75965529680252075\r\n,-59.78156203252393652\r\n*4\r\n$3\r\np35\r\n$9\r\n9142.4129\r\n:3409749817848761\r\n*2\r\n,13.1827273964881897\r\n,18.99999986260130669\r\n*4\r\n$2\r\np7\r\n$9\r\n9210.6870\r\n:3392903058720251\r\n*2\r\n,14.64691847562789917\r\n,10.25000047617832166\r\n*4\r\n$3\r\np22\r\n$9\r\n9767.8902\r\n:2158920152654252\r\n*2\r\n,-2.27100223302841187\r\n,45.62600109336774779\r\n*4\r\n$3\r\np33\r\n$10\r\n10483.4275\r\n:3076520065490789\r\n*2\r\n,174.48033839464187622\r\n,-57.44222731903147405\r\n*4\r\n$3\r\np19\r\n$10\r\n10499.1120\r\n:1209172012047445\r\n*2\r\n,-158.15900534391403198\r\n,25.02661879379574117\r\n*4\r\n$3\r\np21\r\n$10\r\n10523.8554\r\n:306124910283700\r\n*2\r\n,-171.8773457407951355\r\n,-24.99999915218036506\r\n*4\r\n$3\r\np39\r\n$10\r\n10575.0179\r\n:1257657908577308\r\n*2\r\n,-149.00000184774398804\r\n,42.46953311141223253\r\n*4\r\n$3\r\np27\r\n$10\r\n10672.9944\r\n:3011772255531847\r\n*2\r\n,164.78299945592880249\r\n,-70.93400055042229724\r\n*4\r\n$2\r\np2\r\n$10\r\n10766.8109\r\n:2968812736893950\r\n*2\r\n,147.49299734830856323\r\n,-78.67198970148876924\r\n*4\r\n$3\r\np17\r\n$10\r\n10805.4642\r\n:2313650703269807\r\n*2\r\n,33.97315710783004761\r\n,-73.00000107297628915\r\n*4\r\n$3\r\np20\r\n$10\r\n11076.5505\r\n:2049877188433161\r\n*2\r\n,-77.54561036825180054\r\n,65.83555341751807077\r\n*4\r\n$2\r\np5\r\n$10\r\n11133.9436\r\n:2293224678905359\r\n*2\r\n,27.75706261396408081\r\n,-76.61500011265621879\r\n*4\r\n$3\r\np34\r\n$10\r\n11379.3844\r\n:2295952840670252\r\n*2\r\n,36.00000053644180298\r\n,-85.00999912710798867\r\n*4\r\n$2\r\np6\r\n$10\r\n11569.3445\r\n:295677545074845\r\n*2\r\n,-163.23000043630599976\r\n,-35.78699931637333975\r\n*4\r\n$3\r\np12\r\n$10\r\n11992.4857\r\n:1164709001928884\r\n*2\r\n,-150.53219765424728394\r\n,4.28592578959058557\r\n*4\r\n$3\r\np11\r\n$10\r\n12243.3239\r\n:2021285513722236\r\n*2\r\n,-49.83000129461288452\r\n,50.07400075596819988\r\n*4\r\n$2\r\np1\r\n$10\r\n12266.8282\r\n:340384385651391\r\n*2\r\n,-153.99999886751174927\r\n,-23.00000023389439718\r\n*4\r\n$3\r\np28\r\n$10\r\n12375.5112\r\n:185759775760643\r\n*2\r\n,-96.49600178003311157\r\n,-82.99800083885369872\r\n*4\r\n$3\r\np32\r\n$10\r\n12388.9214\r\n:62175023913285\r\n*2\r\n,-142.72664755582809448\r\n,-73.99999926475868506\r\n*4\r\n$3\r\np24\r\n$10\r\n12475.7606\r\n:390659761175915\r\n*2\r\n,-150.99073201417922974\r\n,-16.73031168240400035\r\n*4\r\n$2\r\np3\r\n$10\r\n12976.9715\r\n:732207605035629\r\n*2\r\n,-29.45800155401229858\r\n,-69.61971721265112478\r\n*4\r\n$3\r\np31\r\n$10\r\n13138.2684\r\n:1094150499695815\r\n*2\r\n,-15.60825973749160767\r\n,-17.33835580243317764\r\n*4\r\n$3\r\np14\r\n$10\r\n13314.8977\r\n:121775148523505\r\n*2\r\n,-137.496318519115448\r\n,-56.98994688368598105\r\n*4\r\n$2\r\np8\r\n$10\r\n13389.2540\r\n:349403114077218\r\n*2\r\n,-142.89999872446060181\r\n,-21.99999950739083587\r\n*4\r\n$3\r\np29\r\n$10\r\n14920.8879\r\n:635213026802778\r\n*2\r\n,-85.00000029802322388\r\n,-60.27044637613143863\r\n*4\r\n$3\r\np15\r\n$10\r\n15154.7257\r\n:500878235920246\r\n*2\r\n,-125.28556734323501587\r\n,-13.00000057302225542\r\n*4\r\n$2\r\np0\r\n$10\r\n18189.6998\r\n:951695070247471\r\n*2\r\n,-63.41999799013137817\r\n,-17.99999913609774893\r\n"),
            ("GEOSEARCH r FROMMEMBER p14 BYBOX 3000 1500 km WITHDIST", "*1\r\n*2\r\n$3\r\np14\r\n$6\r\n0.0000\r\n"),
        ],
    );
}

#[test]
fn ties_with_count_resp3() {
    check(
        true,
        &[
            ("GEOADD t 10 10.5 t0 10 10.5 t1 10.5 10 t2 -180 -85.05112878 t3 10.5 10 t4 10.5 10 t5 10.5 10 t6 10.5 10 t7 10 10 t8 9.5 10 t9 180 -85.05112878 t10 10 10.5 t11 -180 -85.05112878 t12 180 -85.05112878 t13 180 -85.05112878 t14 -180 -85.05112878 t15 10 10 t16 -180 -85.05112878 t17 10 10.5 t18 10.5 10 t19 10 10.5 t20 180 -85.05112878 t21 -180 -85.05112878 t22 -180 -85.05112878 t23 10.5 10 t24 9.5 10 t25 10 10.5 t26 180 -85.05112878 t27 10.5 10 t28 10.5 10 t29 10 10.5 t30 180 -85.05112878 t31 10.5 10 t32 -180 -85.05112878 t33 9.5 10 t34 10 10 t35 180 -85.05112878 t36 -180 -85.05112878 t37 180 -85.05112878 t38 10 10 t39 10 10.5 t40 9.5 10 t41 10 10.5 t42 10 10 t43 9.5 10 t44 -180 -85.05112878 t45 10 10 t46 10 10.5 t47 10.5 10 t48 9.5 10 t49 -180 -85.05112878 t50 10 10 t51 10 10.5 t52 -180 -85.05112878 t53 10.5 10 t54 -180 -85.05112878 t55 10 10.5 t56 10 10 t57 9.5 10 t58 10.5 10 t59", ":60\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 1", "*1\r\n$3\r\nt51\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 1 WITHDIST", "*1\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 1", "*1\r\n$3\r\nt51\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 3", "*3\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 3 WITHDIST", "*3\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 3", "*3\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 7", "*7\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 7 WITHDIST", "*7\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 7", "*7\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 8", "*8\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt57\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 8 WITHDIST", "*8\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt56\r\n$7\r\n55.6132\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 8", "*8\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt57\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 20", "*20\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt57\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$2\r\nt4\r\n$3\r\nt32\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 20 WITHDIST", "*20\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt56\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt52\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt47\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt42\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt30\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt25\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt34\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt41\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt44\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt49\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt58\r\n$7\r\n54.7682\r\n*2\r\n$2\r\nt9\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt29\r\n$7\r\n54.7680\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 20", "*20\r\n$3\r\nt51\r\n$2\r\nt8\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt57\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$2\r\nt4\r\n$3\r\nt32\r\n$2\r\nt7\r\n$2\r\nt6\r\n$3\r\nt59\r\n$3\r\nt54\r\n$2\r\nt5\r\n$3\r\nt48\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 41", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 41 WITHDIST", "*40\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt30\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt42\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt47\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt52\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt56\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt25\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt34\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt41\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt44\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt49\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt58\r\n$7\r\n54.7682\r\n*2\r\n$2\r\nt9\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt19\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt2\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt24\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt28\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt29\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt32\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt4\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt48\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt5\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt54\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt59\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt6\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt7\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt16\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt35\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt39\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt43\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt46\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt51\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt57\r\n$6\r\n0.0003\r\n*2\r\n$2\r\nt8\r\n$6\r\n0.0003\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 41", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 59", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC COUNT 59 WITHDIST", "*40\r\n*2\r\n$2\r\nt0\r\n$7\r\n55.6132\r\n*2\r\n$2\r\nt1\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt11\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt18\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt20\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt26\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt30\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt40\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt42\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt47\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt52\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt56\r\n$7\r\n55.6132\r\n*2\r\n$3\r\nt25\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt34\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt41\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt44\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt49\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt58\r\n$7\r\n54.7682\r\n*2\r\n$2\r\nt9\r\n$7\r\n54.7682\r\n*2\r\n$3\r\nt19\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt2\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt24\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt28\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt29\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt32\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt4\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt48\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt5\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt54\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt59\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt6\r\n$7\r\n54.7680\r\n*2\r\n$2\r\nt7\r\n$7\r\n54.7680\r\n*2\r\n$3\r\nt16\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt35\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt39\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt43\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt46\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt51\r\n$6\r\n0.0003\r\n*2\r\n$3\r\nt57\r\n$6\r\n0.0003\r\n*2\r\n$2\r\nt8\r\n$6\r\n0.0003\r\n"),
            ("GEORADIUS t 10.2 10.1 500 km ASC COUNT 59", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km ASC", "*40\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n"),
            ("GEOSEARCH t FROMLONLAT 10 10 BYRADIUS 100 km DESC", "*40\r\n$2\r\nt0\r\n$2\r\nt1\r\n$3\r\nt11\r\n$3\r\nt18\r\n$3\r\nt20\r\n$3\r\nt26\r\n$3\r\nt30\r\n$3\r\nt40\r\n$3\r\nt42\r\n$3\r\nt47\r\n$3\r\nt52\r\n$3\r\nt56\r\n$3\r\nt25\r\n$3\r\nt34\r\n$3\r\nt41\r\n$3\r\nt44\r\n$3\r\nt49\r\n$3\r\nt58\r\n$2\r\nt9\r\n$3\r\nt19\r\n$2\r\nt2\r\n$3\r\nt24\r\n$3\r\nt28\r\n$3\r\nt29\r\n$3\r\nt32\r\n$2\r\nt4\r\n$3\r\nt48\r\n$2\r\nt5\r\n$3\r\nt54\r\n$3\r\nt59\r\n$2\r\nt6\r\n$2\r\nt7\r\n$3\r\nt16\r\n$3\r\nt35\r\n$3\r\nt39\r\n$3\r\nt43\r\n$3\r\nt46\r\n$3\r\nt51\r\n$3\r\nt57\r\n$2\r\nt8\r\n"),
            ("GEOSEARCH t FROMLONLAT 179 -85 BYRADIUS 200 km COUNT 5 WITHCOORD", "*5\r\n*2\r\n$3\r\nt55\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n$3\r\nt15\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n$3\r\nt17\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n$3\r\nt22\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n$3\r\nt23\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n"),
            ("GEOSEARCHSTORE d t FROMLONLAT 10 10 BYRADIUS 100 km COUNT 9 DESC STOREDIST", ":9\r\n"),
            ("ZRANGE d 0 -1 WITHSCORES", "*9\r\n*2\r\n$2\r\nt0\r\n,55.613152683684376\r\n*2\r\n$2\r\nt1\r\n,55.613152683684376\r\n*2\r\n$3\r\nt11\r\n,55.613152683684376\r\n*2\r\n$3\r\nt18\r\n,55.613152683684376\r\n*2\r\n$3\r\nt20\r\n,55.613152683684376\r\n*2\r\n$3\r\nt26\r\n,55.613152683684376\r\n*2\r\n$3\r\nt40\r\n,55.613152683684376\r\n*2\r\n$3\r\nt52\r\n,55.613152683684376\r\n*2\r\n$3\r\nt56\r\n,55.613152683684376\r\n"),
        ],
    );
}

/// A keyevent message for `key` as a `__keyevent@0__:*` subscriber gets it.
fn keyevent(event: &str, key: &str) -> String {
    let pattern = "__keyevent@0__:*";
    let channel = format!("__keyevent@0__:{event}");
    format!(
        "*4\r\n$8\r\npmessage\r\n${}\r\n{pattern}\r\n${}\r\n{channel}\r\n${}\r\n{key}\r\n",
        pattern.len(),
        channel.len(),
        key.len()
    )
}

/// The events redis-server 7.0.15 publishes for the same calls: GEOADD is
/// a `zadd` (none when nothing changes), a store `georadiusstore` or
/// `geosearchstore`, and an empty result deletes the destination (`del`).
#[test]
fn writes_publish_redis_events() {
    let mut h = Harness::new();
    let mut sub = h.client();
    let mut c = h.client();
    h.run(&mut c, "CONFIG SET notify-keyspace-events KEA");
    h.run(&mut sub, "PSUBSCRIBE __keyevent@0__:*");
    for command in [
        "GEOADD g 1 1 a 2 2 b",
        "GEOADD g 1 1 a",
        "GEOADD g XX CH 3 3 a",
        "GEORADIUS g 1 1 500 km STORE d",
        "GEORADIUS g 1 1 1 m STORE d",
        "GEOSEARCHSTORE d2 g FROMLONLAT 1 1 BYRADIUS 900 km",
        "GEOSEARCHSTORE d2 nokey FROMLONLAT 1 1 BYRADIUS 900 km",
        "GEORADIUSBYMEMBER g a 900 km STOREDIST d3",
    ] {
        h.run(&mut c, command);
    }
    let expected = keyevent("zadd", "g")
        + &keyevent("zadd", "g")
        + &keyevent("georadiusstore", "d")
        + &keyevent("del", "d")
        + &keyevent("geosearchstore", "d2")
        + &keyevent("del", "d2")
        + &keyevent("georadiusstore", "d3");
    assert_eq!(String::from_utf8_lossy(&h.read(&sub)), expected);
}
