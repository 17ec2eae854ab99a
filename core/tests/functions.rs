//! Redis 7.0 functions: FUNCTION LOAD/DELETE/FLUSH/LIST/STATS/KILL/HELP,
//! FCALL and FCALL_RO, the load-time API and its errors, functions run in
//! slices (BUSY, FUNCTION KILL). Every expected reply recorded from
//! redis-server 7.0.15 (each case on a fresh server).

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

type Case = &'static [(&'static [&'static str], &'static str)];

/// Sequences of commands and the reply redis-server 7.0.15 gave to each.
const CASES: &[Case] = &[
    // load and call
    (&[
        (&["FUNCTION", "LOAD", "#!lua name=t\nredis.register_function('hello', function(keys, args) return 'hello' end)"], "$1\r\nt\r\n"),
        (&["FCALL", "hello", "0"], "$5\r\nhello\r\n"),
        (&["FCALL", "HELLO", "0"], "$5\r\nhello\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=t\nredis.register_function('hello', function(keys, args) return 'hello2' end)"], "-ERR Library 't' already exists\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=t\nredis.register_function('hello', function(keys, args) return 'hello2' end)"], "$1\r\nt\r\n"),
        (&["FCALL", "hello", "0"], "$6\r\nhello2\r\n"),
        (&["FUNCTION", "LOAD", "foo", "bar", "#!lua name=t\nx"], "-ERR Unknown option given: foo\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "REPLACE", "#!lua name=t\nredis.register_function('hello', function(keys, args) return 3 end)"], "$1\r\nt\r\n"),
        (&["FCALL", "hello", "0"], ":3\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=T\nredis.register_function('h2', function(keys, args) return 1 end)"], "$1\r\nT\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=u\nredis.register_function('HELLO', function(keys, args) return 1 end)"], "-ERR Function HELLO already exists\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=u\nredis.register_function('hello', function(keys, args) return 1 end)"], "-ERR Function hello already exists\r\n"),
    ]),
    // keys and args
    (&[
        (&["FUNCTION", "LOAD", "#!lua name=kv\nredis.register_function('setkv', function(keys, args) return redis.call('set', keys[1], args[1]) end)"], "$2\r\nkv\r\n"),
        (&["FCALL", "setkv", "1", "x", "foo"], "+OK\r\n"),
        (&["GET", "x"], "$3\r\nfoo\r\n"),
        (&["FCALL", "setkv", "bad", "x"], "-ERR Bad number of keys provided\r\n"),
        (&["FCALL", "setkv", "3", "x"], "-ERR Number of keys can't be greater than number of args\r\n"),
        (&["FCALL", "setkv", "-1", "x"], "-ERR Number of keys can't be negative\r\n"),
        (&["FCALL", "nope", "bad"], "-ERR Function not found\r\n"),
        (&["FCALL_RO", "setkv", "1", "x", "y"], "-ERR Can not execute a script with write flag using *_ro command.\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=kv2\nredis.register_function{function_name='rokv', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}}"], "$3\r\nkv2\r\n"),
        (&["FCALL_RO", "rokv", "1", "x"], "$3\r\nfoo\r\n"),
        (&["FCALL", "rokv", "1", "x"], "$3\r\nfoo\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=kv3\nredis.register_function{function_name='rw', callback=function(keys, args) return redis.call('set', 'y', 1) end, flags={'no-writes'}}"], "$3\r\nkv3\r\n"),
        (&["FCALL", "rw", "0"], "-ERR Write commands are not allowed from read-only scripts. script: rw, on @user_function:2.\r\n"),
        (&["FCALL_RO", "rw", "0"], "-ERR Write commands are not allowed from read-only scripts. script: rw, on @user_function:2.\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=kv4\nredis.register_function('args', function(keys, args) return {#keys, #args, keys[1], args[2]} end)"], "$3\r\nkv4\r\n"),
        (&["FCALL", "args", "2", "a", "b", "c", "d"], "*4\r\n:2\r\n:2\r\n$1\r\na\r\n$1\r\nd\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=kv5\nredis.register_function('glob', function(keys, args) return KEYS end)"], "$3\r\nkv5\r\n"),
        (&["FCALL", "glob", "0"], "-ERR user_function:2: Script attempted to access nonexistent global variable 'KEYS' script: glob, on @user_function:2.\r\n"),
    ]),
    // metadata errors
    (&[
        (&["FUNCTION", "LOAD", "no shebang"], "-ERR Missing library metadata\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=x"], "-ERR Invalid library metadata\r\n"),
        (&["FUNCTION", "LOAD", "#!lua\nreturn 1"], "-ERR Library name was not given\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=a name=b\n"], "-ERR Invalid metadata value, name argument was given multiple times\r\n"),
        (&["FUNCTION", "LOAD", "#!lua foo=bar\n"], "-ERR Invalid metadata value given: foo=bar\r\n"),
        (&["FUNCTION", "LOAD", "#! name=x\n"], "-ERR Engine '' not found\r\n"),
        (&["FUNCTION", "LOAD", "#!bad name=x\n"], "-ERR Engine 'bad' not found\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=a-b\n"], "-ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=\n"], "-ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=\"q\"\nredis.register_function('q', function(keys, args) return 1 end)"], "$1\r\nq\r\n"),
        (&["FUNCTION", "LOAD", "#!LUA Name=q2\nredis.register_function('q2', function(keys, args) return 1 end)"], "$2\r\nq2\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=\"unbalanced\n"], "-ERR Invalid library metadata\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nbad script"], "-ERR Error compiling function: user_function:2: '=' expected near 'script'\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nreturn 1"], "-ERR No functions registered\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nlocal a = 1 while true do a = a + 1 end"], "-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\na = 1"], "-ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nreturn math.random()"], "-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'math'\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nreturn redis.call('ping')"], "-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nreturn redis.setresp(3)"], "-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'setresp'\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nreturn redis.redis"], "-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'redis'\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nmt = getmetatable(_G)"], "-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'getmetatable'\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nredis.log(1)"], "-ERR Error registering functions: ERR redis.log() requires two arguments or more.\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=c\nredis.foo = 1"], "-ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table\r\n"),
    ]),
    // register_function errors
    (&[
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function()"], "-ERR Error registering functions: ERR wrong number of arguments to redis.register_function\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function('f1')"], "-ERR Error registering functions: ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function(nil, function() end)"], "-ERR Error registering functions: ERR first argument to redis.register_function must be a string\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function('a-b', function() end)"], "-ERR Error registering functions: ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function('', function() end)"], "-ERR Error registering functions: ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function('f','x')"], "-ERR Error registering functions: ERR second argument to redis.register_function must be a function\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function('f', function() end, {}, 'd')"], "-ERR Error registering functions: ERR wrong number of arguments to redis.register_function\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name='f', callback=function() end, flags='x'}"], "-ERR Error registering functions: ERR flags argument to redis.register_function must be a table representing function flags\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name='f', callback=function() end, flags={'bad'}}"], "-ERR Error registering functions: ERR unknown flag given\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name='f', callback=function() end, flags={1}}"], "-ERR Error registering functions: ERR unknown flag given\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name='f', callback=function() end, zz=1}"], "-ERR Error registering functions: ERR unknown argument given to redis.register_function\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{callback=function() end}"], "-ERR Error registering functions: ERR redis.register_function must get a function name argument\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name='f'}"], "-ERR Error registering functions: ERR redis.register_function must get a callback argument\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name=1, callback=function() end}"], "$1\r\nr\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name='f', callback=1}"], "-ERR Error registering functions: ERR callback argument given to redis.register_function must be a function\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name='f', callback=function() end, description=1}"], "$1\r\nr\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{[1]='f'}"], "-ERR Error registering functions: ERR unknown argument given to redis.register_function\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function('f', function() end) redis.register_function('f', function() end)"], "-ERR Error registering functions: ERR Function already exists in the library\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function('ok', function() end) redis.register_function('f', 1)"], "-ERR Error registering functions: ERR second argument to redis.register_function must be a function\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function(1, function() end)"], "$1\r\nr\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=r\nredis.register_function{function_name=2, callback=function() end, description=3}"], "$1\r\nr\r\n"),
        (&["FUNCTION", "LIST"], "*1\r\n*6\r\n$12\r\nlibrary_name\r\n$1\r\nr\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$1\r\n2\r\n$11\r\ndescription\r\n$1\r\n3\r\n$5\r\nflags\r\n*0\r\n"),
    ]),
    // collisions
    (&[
        (&["FUNCTION", "LOAD", "#!lua name=a\nredis.register_function('f1', function(keys, args) return 1 end)"], "$1\r\na\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=b\nredis.register_function('f1', function(keys, args) return 2 end)"], "-ERR Function f1 already exists\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=b\nredis.register_function('F1', function(keys, args) return 2 end)"], "-ERR Function F1 already exists\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=b\nredis.register_function('f1', function(keys, args) return 2 end)"], "-ERR Function f1 already exists\r\n"),
        (&["FCALL", "f1", "0"], ":1\r\n"),
        (&["FUNCTION", "LOAD", "REPLACE", "#!lua name=a\nredis.register_function('f2', function(keys, args) return 2 end)"], "$1\r\na\r\n"),
        (&["FCALL", "f1", "0"], "-ERR Function not found\r\n"),
        (&["FCALL", "f2", "0"], ":2\r\n"),
        (&["FUNCTION", "STATS"], "*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n"),
    ]),
    // runtime
    (&[
        (&["FUNCTION", "LOAD", "#!lua name=rt\nredis.register_function('err', function(keys, args) error('boom') end)\nredis.register_function('errt', function(keys, args) error({err='MY boom'}) end)\nredis.register_function('nested', function(keys, args) redis.register_function('x', function() end) end)\nlocal lib = redis\nlib.register_function('mal', function() lib.register_function('y', function() end) end)\nlib.register_function('mal2', function() lib.redis = redis end)\nredis.register_function('ver', function(keys, args) return redis.REDIS_VERSION end)\nredis.register_function('g', function(keys, args) mt = getmetatable(_G) end)\nredis.register_function('ping', function(keys, args) return redis.call('ping') end)\nredis.register_function('table', function(keys, args) return {1, 'two', {3}} end)\nredis.register_function('resp3', function(keys, args) redis.setresp(3) return redis.call('hgetall', 'h') end)\nredis.register_function('pc', function(keys, args) return redis.pcall('incr', 'h') end)\nredis.register_function('cjson', function(keys, args) return cjson.encode({1,2}) end)\nredis.register_function('ro', function(keys, args) cjson.foo = 1 end)"], "$2\r\nrt\r\n"),
        (&["HSET", "h", "a", "1"], ":1\r\n"),
        (&["FCALL", "err", "0"], "-ERR user_function:2: boom script: err, on @user_function:2.\r\n"),
        (&["FCALL", "errt", "0"], "-MY boom script: errt, on @user_function:3.\r\n"),
        (&["FCALL", "nested", "0"], "-ERR user_function:4: attempt to call field 'register_function' (a nil value) script: nested, on @user_function:4.\r\n"),
        (&["FCALL", "mal", "0"], "-ERR redis.register_function can only be called on FUNCTION LOAD command script: mal, on @user_function:6.\r\n"),
        (&["FCALL", "mal2", "0"], "-ERR user_function:7: Attempt to modify a readonly table script: mal2, on @user_function:7.\r\n"),
        (&["FCALL", "ver", "0"], "$6\r\n7.0.15\r\n"),
        (&["FCALL", "g", "0"], "-ERR user_function:9: Attempt to modify a readonly table script: g, on @user_function:9.\r\n"),
        (&["FCALL", "ping", "0"], "+PONG\r\n"),
        (&["FCALL", "table", "0"], "*3\r\n:1\r\n$3\r\ntwo\r\n*1\r\n:3\r\n"),
        (&["FCALL", "resp3", "0"], "*2\r\n$1\r\na\r\n$1\r\n1\r\n"),
        (&["FCALL", "pc", "0"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        (&["FCALL", "cjson", "0"], "$5\r\n[1,2]\r\n"),
        (&["FCALL", "ro", "0"], "-ERR user_function:15: Attempt to modify a readonly table script: ro, on @user_function:15.\r\n"),
    ]),
    // list
    (&[
        (&["FUNCTION", "LOAD", "#!lua name=lib1\nredis.register_function{function_name='f7', callback=function() return 1 end, flags={'no-writes','allow-oom','allow-stale','no-cluster','allow-cross-slot-keys'}, description='hi'}"], "$4\r\nlib1\r\n"),
        (&["FUNCTION", "LIST"], "*1\r\n*6\r\n$12\r\nlibrary_name\r\n$4\r\nlib1\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$2\r\nf7\r\n$11\r\ndescription\r\n$2\r\nhi\r\n$5\r\nflags\r\n*5\r\n+no-writes\r\n+allow-oom\r\n+allow-stale\r\n+no-cluster\r\n+allow-cross-slot-keys\r\n"),
        (&["FUNCTION", "LIST", "WITHCODE"], "*1\r\n*8\r\n$12\r\nlibrary_name\r\n$4\r\nlib1\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$2\r\nf7\r\n$11\r\ndescription\r\n$2\r\nhi\r\n$5\r\nflags\r\n*5\r\n+no-writes\r\n+allow-oom\r\n+allow-stale\r\n+no-cluster\r\n+allow-cross-slot-keys\r\n$12\r\nlibrary_code\r\n$195\r\n#!lua name=lib1\nredis.register_function{function_name='f7', callback=function() return 1 end, flags={'no-writes','allow-oom','allow-stale','no-cluster','allow-cross-slot-keys'}, description='hi'}\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('f8', function(keys, args) return 1 end)"], "$4\r\nlib2\r\n"),
        (&["FUNCTION", "LIST", "LIBRARYNAME", "*1"], "*1\r\n*6\r\n$12\r\nlibrary_name\r\n$4\r\nlib1\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$2\r\nf7\r\n$11\r\ndescription\r\n$2\r\nhi\r\n$5\r\nflags\r\n*5\r\n+no-writes\r\n+allow-oom\r\n+allow-stale\r\n+no-cluster\r\n+allow-cross-slot-keys\r\n"),
        (&["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "*2"], "*1\r\n*8\r\n$12\r\nlibrary_name\r\n$4\r\nlib2\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$2\r\nf8\r\n$11\r\ndescription\r\n$-1\r\n$5\r\nflags\r\n*0\r\n$12\r\nlibrary_code\r\n$80\r\n#!lua name=lib2\nredis.register_function('f8', function(keys, args) return 1 end)\r\n"),
        (&["FUNCTION", "LIST", "libraryname", "nomatch", "withcode"], "*0\r\n"),
        (&["FUNCTION", "LIST", "LIBRARYNAME"], "-ERR library name argument was not given\r\n"),
        (&["FUNCTION", "LIST", "foo"], "-ERR Unknown argument foo\r\n"),
        (&["FUNCTION", "LIST", "WITHCODE", "WITHCODE"], "-ERR Unknown argument WITHCODE\r\n"),
        (&["FUNCTION", "LIST", "LIBRARYNAME", "a", "LIBRARYNAME", "b"], "-ERR Unknown argument LIBRARYNAME\r\n"),
        (&["HELLO", "3"], "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:50\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"),
        (&["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "lib1"], "*1\r\n%4\r\n$12\r\nlibrary_name\r\n$4\r\nlib1\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n%3\r\n$4\r\nname\r\n$2\r\nf7\r\n$11\r\ndescription\r\n$2\r\nhi\r\n$5\r\nflags\r\n~5\r\n+no-writes\r\n+allow-oom\r\n+allow-stale\r\n+no-cluster\r\n+allow-cross-slot-keys\r\n$12\r\nlibrary_code\r\n$195\r\n#!lua name=lib1\nredis.register_function{function_name='f7', callback=function() return 1 end, flags={'no-writes','allow-oom','allow-stale','no-cluster','allow-cross-slot-keys'}, description='hi'}\r\n"),
        (&["FUNCTION", "LIST", "LIBRARYNAME", "lib2"], "*1\r\n%3\r\n$12\r\nlibrary_name\r\n$4\r\nlib2\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n%3\r\n$4\r\nname\r\n$2\r\nf8\r\n$11\r\ndescription\r\n_\r\n$5\r\nflags\r\n~0\r\n"),
        (&["FUNCTION", "STATS"], "%2\r\n$14\r\nrunning_script\r\n_\r\n$7\r\nengines\r\n%1\r\n$3\r\nLUA\r\n%2\r\n$15\r\nlibraries_count\r\n:2\r\n$15\r\nfunctions_count\r\n:2\r\n"),
        (&["HELLO", "2"], "*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:50\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"),
    ]),
    // delete flush stats help
    (&[
        (&["FUNCTION", "STATS"], "*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:0\r\n$15\r\nfunctions_count\r\n:0\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=d1\nredis.register_function('f1', function(keys, args) return 1 end)\nredis.register_function('f2', function(keys, args) return 2 end)"], "$2\r\nd1\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=d2\nredis.register_function('f3', function(keys, args) return 3 end)"], "$2\r\nd2\r\n"),
        (&["FUNCTION", "STATS"], "*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:2\r\n$15\r\nfunctions_count\r\n:3\r\n"),
        (&["FUNCTION", "DELETE", "D1"], "-ERR Library not found\r\n"),
        (&["FUNCTION", "DELETE", "d1"], "+OK\r\n"),
        (&["FCALL", "f1", "0"], "-ERR Function not found\r\n"),
        (&["FCALL", "f3", "0"], ":3\r\n"),
        (&["FUNCTION", "STATS"], "*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n"),
        (&["FUNCTION", "DELETE"], "-ERR wrong number of arguments for 'function|delete' command\r\n"),
        (&["FUNCTION", "DELETE", "a", "b"], "-ERR wrong number of arguments for 'function|delete' command\r\n"),
        (&["FUNCTION", "FLUSH", "bad"], "-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n"),
        (&["FUNCTION", "flush", "sync", "x"], "-ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP.\r\n"),
        (&["FUNCTION", "FLUSH", "ASYNC"], "+OK\r\n"),
        (&["FUNCTION", "LIST"], "*0\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=d3\nredis.register_function('f3', function(keys, args) return 3 end)"], "$2\r\nd3\r\n"),
        (&["FUNCTION", "FLUSH", "SYNC"], "+OK\r\n"),
        (&["FUNCTION", "FLUSH"], "+OK\r\n"),
        (&["FUNCTION", "KILL"], "-NOTBUSY No scripts in execution right now.\r\n"),
        (&["FUNCTION", "KILL", "x"], "-ERR wrong number of arguments for 'function|kill' command\r\n"),
        (&["FUNCTION", "STATS", "x"], "-ERR wrong number of arguments for 'function|stats' command\r\n"),
        (&["FUNCTION", "HELP"], "*40\r\n+FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+LOAD [REPLACE] <FUNCTION CODE>\r\n+    Create a new library with the given library name and code.\r\n+DELETE <LIBRARY NAME>\r\n+    Delete the given library.\r\n+LIST [LIBRARYNAME PATTERN] [WITHCODE]\r\n+    Return general information on all the libraries:\r\n+    * Library name\r\n+    * The engine used to run the Library\r\n+    * Library description\r\n+    * Functions list\r\n+    * Library code (if WITHCODE is given)\r\n+    It also possible to get only function that matches a pattern using LIBRARYNAME argument.\r\n+STATS\r\n+    Return information about the current function running:\r\n+    * Function name\r\n+    * Command used to run the function\r\n+    * Duration in MS that the function is running\r\n+    If no function is running, return nil\r\n+    In addition, returns a list of available engines.\r\n+KILL\r\n+    Kill the current running function.\r\n+FLUSH [ASYNC|SYNC]\r\n+    Delete all the libraries.\r\n+    When called without the optional mode argument, the behavior is determined by the\r\n+    lazyfree-lazy-user-flush configuration directive. Valid modes are:\r\n+    * ASYNC: Asynchronously flush the libraries.\r\n+    * SYNC: Synchronously flush the libraries.\r\n+DUMP\r\n+    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command\r\n+RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]\r\n+    Restore the libraries represented by the given payload, it is possible to give a restore policy to\r\n+    control how to handle existing libraries (default APPEND):\r\n+    * FLUSH: delete all existing libraries.\r\n+    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.\r\n+    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old\r\n+      libraries with the new libraries (notice that even on this option there is a chance of failure\r\n+      in case of functions name collision with another library).\r\n+HELP\r\n+    Prints this help.\r\n"),
        (&["FUNCTION", "HELP", "x"], "-ERR wrong number of arguments for 'function|help' command\r\n"),
        (&["FUNCTION", "BAD"], "-ERR unknown subcommand 'BAD'. Try FUNCTION HELP.\r\n"),
        (&["FUNCTION"], "-ERR wrong number of arguments for 'function' command\r\n"),
        (&["FCALL"], "-ERR wrong number of arguments for 'fcall' command\r\n"),
        (&["FCALL", "x"], "-ERR wrong number of arguments for 'fcall' command\r\n"),
        (&["FCALL_RO", "x"], "-ERR wrong number of arguments for 'fcall_ro' command\r\n"),
    ]),
    // flushes are separate
    (&[
        (&["FUNCTION", "LOAD", "#!lua name=s\nredis.register_function('f', function(keys, args) return 1 end)"], "$1\r\ns\r\n"),
        (&["SCRIPT", "LOAD", "return 1"], "$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n"),
        (&["SCRIPT", "FLUSH"], "+OK\r\n"),
        (&["FCALL", "f", "0"], ":1\r\n"),
        (&["SCRIPT", "LOAD", "return 1"], "$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n"),
        (&["FUNCTION", "FLUSH"], "+OK\r\n"),
        (&["SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"], "*1\r\n:1\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=s\nredis.register_function('f', function(keys, args) return 1 end)"], "$1\r\ns\r\n"),
        (&["FLUSHALL"], "+OK\r\n"),
        (&["FCALL", "f", "0"], ":1\r\n"),
    ]),
    // multi
    (&[
        (&["FUNCTION", "LOAD", "#!lua name=m\nredis.register_function('f', function(keys, args) return redis.call('incr','c') end)"], "$1\r\nm\r\n"),
        (&["MULTI"], "+OK\r\n"),
        (&["FCALL", "f", "0"], "+QUEUED\r\n"),
        (&["FCALL", "f", "0"], "+QUEUED\r\n"),
        (&["FUNCTION", "LOAD", "#!lua name=m2\nredis.register_function('g', function(keys, args) return 1 end)"], "+QUEUED\r\n"),
        (&["EXEC"], "*3\r\n:1\r\n:2\r\n$2\r\nm2\r\n"),
        (&["FCALL", "g", "0"], ":1\r\n"),
    ]),
];

#[test]
fn replies_match_redis() {
    for case in CASES {
        let mut h = Harness::new();
        let mut c = h.client();
        for (args, expected) in case.iter() {
            let reply = call(&mut h, &mut c, args);
            // HELLO's reply carries the connection id, which differs.
            if args[0] != "HELLO" {
                assert_eq!(reply, *expected, "{args:?}");
            }
        }
    }
}

const BUSY_FUNCTION: &str =
    "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n";
const BUSY_EVAL: &str =
    "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
const UNKILLABLE: &str = "-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n";

fn busy_harness() -> Harness {
    Harness::with_config(Config {
        busy_reply_threshold_ms: 100,
        ..Config::default()
    })
}

const LOOPS: &str = "#!lua name=busy\nredis.register_function('loop', function() local a = 1 while true do a = a + 1 end end)\nredis.register_function('wloop', function(keys) redis.call('set', keys[1], 1) while true do end end)";

#[test]
fn a_long_function_runs_in_slices_and_function_kill_stops_it() {
    let mut h = busy_harness();
    let (mut a, mut b) = (h.client(), h.client());
    assert_eq!(
        call(&mut h, &mut b, &["FUNCTION", "LOAD", LOOPS]),
        "$4\r\nbusy\r\n"
    );
    assert_eq!(call(&mut h, &mut a, &["FCALL", "loop", "0"]), "");
    // Before the threshold another client waits; after it, BUSY.
    assert_eq!(call(&mut h, &mut b, &["PING"]), "");
    h.advance(100);
    h.tick();
    assert_eq!(String::from_utf8_lossy(&h.read(&b)), BUSY_FUNCTION);
    assert_eq!(call(&mut h, &mut b, &["SCRIPT", "KILL"]), BUSY_FUNCTION);
    assert_eq!(
        call(&mut h, &mut b, &["FUNCTION", "LOAD", "x"]),
        BUSY_FUNCTION
    );
    h.advance(7);
    assert_eq!(
        call(&mut h, &mut b, &["FUNCTION", "STATS"]),
        "*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\nloop\r\n$7\r\ncommand\r\n*3\r\n$5\r\nFCALL\r\n$4\r\nloop\r\n$1\r\n0\r\n$11\r\nduration_ms\r\n:107\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:2\r\n"
    );
    assert_eq!(call(&mut h, &mut b, &["FUNCTION", "KILL"]), "+OK\r\n");
    h.tick();
    assert_eq!(
        String::from_utf8_lossy(&h.read(&a)),
        "-ERR Script killed by user with SCRIPT KILL... script: loop, on @user_function:2.\r\n"
    );
    assert_eq!(call(&mut h, &mut b, &["PING"]), "+PONG\r\n");
    assert_eq!(
        call(&mut h, &mut b, &["FUNCTION", "KILL"]),
        "-NOTBUSY No scripts in execution right now.\r\n"
    );
}

#[test]
fn a_function_that_wrote_is_unkillable() {
    let mut h = busy_harness();
    let (mut a, mut b) = (h.client(), h.client());
    call(&mut h, &mut b, &["FUNCTION", "LOAD", LOOPS]);
    assert_eq!(call(&mut h, &mut a, &["FCALL", "wloop", "1", "q"]), "");
    h.advance(100);
    h.tick();
    assert_eq!(call(&mut h, &mut b, &["FUNCTION", "KILL"]), UNKILLABLE);
    assert_eq!(call(&mut h, &mut b, &["SCRIPT", "KILL"]), UNKILLABLE);
}

#[test]
fn function_kill_and_stats_do_not_touch_an_eval_script() {
    let mut h = busy_harness();
    let (mut a, mut b) = (h.client(), h.client());
    assert_eq!(
        call(&mut h, &mut a, &["EVAL", "while true do end", "0"]),
        ""
    );
    h.advance(100);
    h.tick();
    assert_eq!(call(&mut h, &mut b, &["FUNCTION", "KILL"]), BUSY_EVAL);
    assert_eq!(call(&mut h, &mut b, &["FUNCTION", "STATS"]), BUSY_EVAL);
    assert_eq!(call(&mut h, &mut b, &["FCALL", "x", "0"]), BUSY_EVAL);
    assert_eq!(call(&mut h, &mut b, &["SCRIPT", "KILL"]), "+OK\r\n");
    h.tick();
    assert!(String::from_utf8_lossy(&h.read(&a)).starts_with("-ERR Script killed by user"));
}

#[test]
fn a_function_finishing_across_slices_replies_once() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    let code = "#!lua name=long\nredis.register_function('count', function(keys) local s = 0 for i = 1, 3000000 do s = s + 1 end redis.call('set', keys[1], s) return s end)";
    call(&mut h, &mut a, &["FUNCTION", "LOAD", code]);
    assert_eq!(call(&mut h, &mut a, &["FCALL", "count", "1", "done"]), "");
    assert_eq!(call(&mut h, &mut b, &["GET", "done"]), "");
    let mut reply = Vec::new();
    let mut slices = 0;
    while reply.is_empty() && slices < 100 {
        h.tick();
        slices += 1;
        reply = h.read(&a);
    }
    assert!(slices >= 2, "{slices}");
    assert_eq!(String::from_utf8_lossy(&reply), ":3000000\r\n");
    assert_eq!(String::from_utf8_lossy(&h.read(&b)), "$7\r\n3000000\r\n");
}

#[test]
fn info_memory_counts_functions() {
    let mut h = Harness::new();
    let mut c = h.client();
    let info = call(&mut h, &mut c, &["INFO", "memory"]);
    assert!(
        info.contains("number_of_functions:0\r\nnumber_of_libraries:0\r\n"),
        "{info}"
    );
    assert!(info.contains("used_memory_functions:200\r\n"), "{info}");
    call(&mut h, &mut c, &["FUNCTION", "LOAD", LOOPS]);
    let info = call(&mut h, &mut c, &["INFO", "memory"]);
    assert!(
        info.contains("number_of_functions:2\r\nnumber_of_libraries:1\r\n"),
        "{info}"
    );
    let vm = info
        .lines()
        .find_map(|l| l.strip_prefix("used_memory_vm_functions:"))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    assert!(vm > 0, "{info}");
    call(&mut h, &mut c, &["FUNCTION", "FLUSH"]);
    let info = call(&mut h, &mut c, &["INFO", "memory"]);
    assert!(
        info.contains("number_of_functions:0\r\nnumber_of_libraries:0\r\n"),
        "{info}"
    );
}

#[test]
fn a_library_keeps_its_state_while_others_come_and_go() {
    // As in Redis: deleting or replacing another library does not reload
    // this one (its upvalues live on).
    let mut h = Harness::new();
    let mut c = h.client();
    let one = "#!lua name=one\nlocal n = 41\nredis.register_function('one', function() n = n + 1 return n end)";
    let two = "#!lua name=two\nredis.register_function('two', function() return 2 end)";
    call(&mut h, &mut c, &["FUNCTION", "LOAD", one]);
    call(&mut h, &mut c, &["FUNCTION", "LOAD", two]);
    assert_eq!(call(&mut h, &mut c, &["FCALL", "one", "0"]), ":42\r\n");
    assert_eq!(
        call(&mut h, &mut c, &["FUNCTION", "DELETE", "two"]),
        "+OK\r\n"
    );
    assert_eq!(call(&mut h, &mut c, &["FCALL", "one", "0"]), ":43\r\n");
    assert_eq!(
        call(&mut h, &mut c, &["FCALL", "two", "0"]),
        "-ERR Function not found\r\n"
    );
    assert_eq!(
        call(&mut h, &mut c, &["FUNCTION", "LOAD", "REPLACE", two]),
        "$3\r\ntwo\r\n"
    );
    assert_eq!(call(&mut h, &mut c, &["FCALL", "one", "0"]), ":44\r\n");
    assert_eq!(call(&mut h, &mut c, &["FCALL", "two", "0"]), ":2\r\n");
    // After FLUSH everything starts afresh.
    assert_eq!(call(&mut h, &mut c, &["FUNCTION", "FLUSH"]), "+OK\r\n");
    call(&mut h, &mut c, &["FUNCTION", "LOAD", one]);
    assert_eq!(call(&mut h, &mut c, &["FCALL", "one", "0"]), ":42\r\n");
}

#[test]
fn read_only_libraries_can_still_be_listed() {
    let mut h = Harness::new();
    let mut c = h.client();
    let cases: &[(&str, &str)] = &[
        (
            "local n=0 for k,v in pairs(cjson) do n=n+1 end return n",
            ":13\r\n",
        ),
        (
            "local n=0 for k,v in pairs(redis) do n=n+1 end return n",
            ":23\r\n",
        ),
        (
            "local n=0 for k,v in pairs(string) do n=n+1 end return n",
            ":15\r\n",
        ),
        ("return type(next(cjson))", "$6\r\nstring\r\n"),
        ("return type(rawget(cjson,'encode'))", "$8\r\nfunction\r\n"),
        ("return next({})", "$-1\r\n"),
        (
            "local t = setmetatable({}, {__index = {a = 1}}) return rawget(t, 'a')",
            "$-1\r\n",
        ),
        ("local t = {} rawset(t, 'a', 2) return t.a", ":2\r\n"),
    ];
    for (script, expected) in cases {
        assert_eq!(
            call(&mut h, &mut c, &["EVAL", script, "0"]),
            *expected,
            "{script}"
        );
    }
    let refused = call(&mut h, &mut c, &["EVAL", "cjson.foo = 1", "0"]);
    assert!(
        refused.starts_with("-ERR user_script:1: Attempt to modify a readonly table script: "),
        "{refused}"
    );
    let refused = call(&mut h, &mut c, &["EVAL", "rawset(cjson,'x',1)", "0"]);
    assert!(
        refused.starts_with("-ERR Attempt to modify a readonly table script: "),
        "{refused}"
    );
}

/// The bulk string of a reply, as bytes.
fn bulk_of(reply: &[u8]) -> Vec<u8> {
    let start = reply.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
    reply[start..reply.len() - 2].to_vec()
}

fn send_bytes(h: &mut Harness, c: &mut Client, args: &[&[u8]]) -> String {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    String::from_utf8_lossy(&h.send(c, &out)).into_owned()
}

#[test]
fn dump_and_restore_with_each_policy() {
    let mut h = Harness::new();
    let mut c = h.client();
    let lib1 = "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)\nredis.register_function('f2', function() return 2 end)";
    let other = "#!lua name=other\nredis.register_function('f2', function() return 22 end)";
    // An empty server dumps the bare footer, as redis-server 7.0.15 does.
    assert_eq!(
        h.send(&mut c, &cmd(&["FUNCTION", "DUMP"])),
        b"$10\r\n\n\x00]\x9b\\@\x0f\x7f\xa2\xda\r\n"
    );
    call(&mut h, &mut c, &["FUNCTION", "LOAD", lib1]);
    let payload = bulk_of(&h.send(&mut c, &cmd(&["FUNCTION", "DUMP"])));
    let restore = |h: &mut Harness, c: &mut Client, policy: Option<&str>| {
        let mut args: Vec<&[u8]> = vec![b"FUNCTION", b"RESTORE", &payload];
        if let Some(p) = policy {
            args.push(p.as_bytes());
        }
        send_bytes(h, c, &args)
    };
    assert_eq!(
        restore(&mut h, &mut c, None),
        "-ERR Library lib1 already exists\r\n"
    );
    assert_eq!(restore(&mut h, &mut c, Some("REPLACE")), "+OK\r\n");
    assert_eq!(
        restore(&mut h, &mut c, Some("bad")),
        "-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n"
    );
    call(&mut h, &mut c, &["FUNCTION", "FLUSH"]);
    call(&mut h, &mut c, &["FUNCTION", "LOAD", other]);
    assert_eq!(
        restore(&mut h, &mut c, Some("APPEND")),
        "-ERR Function f2 already exists\r\n"
    );
    assert_eq!(
        restore(&mut h, &mut c, Some("REPLACE")),
        "-ERR Function f2 already exists\r\n"
    );
    assert_eq!(call(&mut h, &mut c, &["FCALL", "f2", "0"]), ":22\r\n");
    assert_eq!(restore(&mut h, &mut c, Some("FLUSH")), "+OK\r\n");
    assert_eq!(call(&mut h, &mut c, &["FCALL", "f2", "0"]), ":2\r\n");
    assert_eq!(call(&mut h, &mut c, &["FCALL", "f1", "0"]), ":1\r\n");
    assert_eq!(
        call(&mut h, &mut c, &["FUNCTION", "RESTORE", "bad_payload"]),
        "-ERR DUMP payload version or checksum are wrong\r\n"
    );
    assert_eq!(
        call(&mut h, &mut c, &["FUNCTION", "RESTORE", "a", "b", "c"]),
        "-ERR unknown subcommand or wrong number of arguments for 'RESTORE'. Try FUNCTION HELP.\r\n"
    );
    call(&mut h, &mut c, &["FUNCTION", "FLUSH"]);
    assert_eq!(restore(&mut h, &mut c, None), "+OK\r\n");
    assert_eq!(
        call(&mut h, &mut c, &["FUNCTION", "LIST"]),
        "*1\r\n*6\r\n$12\r\nlibrary_name\r\n$4\r\nlib1\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*2\r\n*6\r\n$4\r\nname\r\n$2\r\nf1\r\n$11\r\ndescription\r\n$-1\r\n$5\r\nflags\r\n*0\r\n*6\r\n$4\r\nname\r\n$2\r\nf2\r\n$11\r\ndescription\r\n$-1\r\n$5\r\nflags\r\n*0\r\n"
    );
}

#[test]
fn monitor_shows_fcall_before_the_commands_it_runs_from_lua() {
    let mut h = Harness::new();
    let (mut a, mut m) = (h.client(), h.client());
    call(&mut h, &mut a, &["FUNCTION", "LOAD", "#!lua name=test\nredis.register_function('test', function() return redis.call('set', 'foo', 'bar') end)"]);
    assert_eq!(call(&mut h, &mut m, &["MONITOR"]), "+OK\r\n");
    assert_eq!(call(&mut h, &mut a, &["FCALL", "test", "0"]), "+OK\r\n");
    assert_eq!(
        call(
            &mut h,
            &mut a,
            &["EVAL", "return redis.call('get', 'foo')", "0"]
        ),
        "$3\r\nbar\r\n"
    );
    let seen = String::from_utf8_lossy(&h.read(&m)).into_owned();
    let lines: Vec<&str> = seen.lines().collect();
    assert_eq!(lines.len(), 4, "{seen}");
    assert!(lines[0].ends_with("\"FCALL\" \"test\" \"0\""), "{seen}");
    assert!(
        lines[1].ends_with("[0 lua] \"set\" \"foo\" \"bar\""),
        "{seen}"
    );
    assert!(
        lines[2].ends_with("\"EVAL\" \"return redis.call('get', 'foo')\" \"0\""),
        "{seen}"
    );
    assert!(lines[3].ends_with("[0 lua] \"get\" \"foo\""), "{seen}");
}

#[test]
fn client_pause_write_holds_functions_that_may_write() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    let code = "#!lua name=p\nredis.register_function{function_name='ro', callback=function() return 'hello' end, flags={'no-writes'}}\nredis.register_function('rw', function() return 'rw' end)";
    call(&mut h, &mut a, &["FUNCTION", "LOAD", code]);
    assert_eq!(
        call(&mut h, &mut a, &["CLIENT", "PAUSE", "60000", "WRITE"]),
        "+OK\r\n"
    );
    assert_eq!(
        call(&mut h, &mut b, &["FCALL", "ro", "0"]),
        "$5\r\nhello\r\n"
    );
    assert_eq!(
        call(&mut h, &mut b, &["FCALL_RO", "ro", "0"]),
        "$5\r\nhello\r\n"
    );
    assert_eq!(call(&mut h, &mut b, &["FCALL", "rw", "0"]), "");
    assert_eq!(call(&mut h, &mut a, &["CLIENT", "UNPAUSE"]), "+OK\r\n");
    assert_eq!(String::from_utf8_lossy(&h.read(&b)), "$2\r\nrw\r\n");
}

#[test]
fn client_pause_write_holds_scripts_by_their_flags() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    call(&mut h, &mut a, &["SET", "x", "y"]);
    assert_eq!(
        call(&mut h, &mut a, &["CLIENT", "PAUSE", "60000", "WRITE"]),
        "+OK\r\n"
    );
    assert_eq!(
        call(
            &mut h,
            &mut b,
            &["EVAL", "#!lua flags=no-writes\nreturn 'ro'", "0"]
        ),
        "$2\r\nro\r\n"
    );
    assert_eq!(
        call(
            &mut h,
            &mut b,
            &["EVAL_RO", "return redis.call('get', KEYS[1])", "1", "x"]
        ),
        "$1\r\ny\r\n"
    );
    assert_eq!(
        call(&mut h, &mut b, &["FCALL_RO", "nosuch", "0"]),
        "-ERR Function not found\r\n"
    );
    assert_eq!(call(&mut h, &mut b, &["EVAL", "return 1", "0"]), "");
    assert_eq!(call(&mut h, &mut a, &["CLIENT", "UNPAUSE"]), "+OK\r\n");
    assert_eq!(String::from_utf8_lossy(&h.read(&b)), ":1\r\n");
}

#[test]
fn read_only_scripts_cannot_publish_and_exec_of_a_write_script_is_paused() {
    let mut h = Harness::new();
    let (mut a, mut b) = (h.client(), h.client());
    let refused = call(
        &mut h,
        &mut a,
        &["EVAL_RO", "return redis.call('publish','ch','msg')", "0"],
    );
    assert!(
        refused.starts_with("-ERR Write commands are not allowed from read-only scripts. script: "),
        "{refused}"
    );
    assert_eq!(
        call(
            &mut h,
            &mut a,
            &["EVAL", "return redis.call('publish','ch','msg')", "0"]
        ),
        ":0\r\n"
    );
    assert_eq!(call(&mut h, &mut b, &["MULTI"]), "+OK\r\n");
    assert_eq!(
        call(&mut h, &mut b, &["EVAL", "#!lua\nreturn 12", "0"]),
        "+QUEUED\r\n"
    );
    assert_eq!(
        call(&mut h, &mut a, &["CLIENT", "PAUSE", "60000", "WRITE"]),
        "+OK\r\n"
    );
    assert_eq!(call(&mut h, &mut b, &["EXEC"]), "");
    assert_eq!(call(&mut h, &mut a, &["CLIENT", "UNPAUSE"]), "+OK\r\n");
    assert_eq!(String::from_utf8_lossy(&h.read(&b)), "*1\r\n:12\r\n");
}
