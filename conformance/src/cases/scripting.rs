//! Lua scripting on one connection: EVAL's conversions between Lua values
//! and replies (RESP2 and RESP3, both ways), the `redis` object, the
//! sandbox, every error text (compile, runtime, redis.call, numkeys,
//! NOSCRIPT, read-only scripts, shebang), and SCRIPT LOAD / EXISTS /
//! FLUSH. Keys start with `sc:`.

use crate::case::Case;

fn eval(case: Case, script: &str, expected: &str) -> Case {
    case.cmd(&["EVAL", script, "0"], expected)
}

pub fn cases() -> Vec<Case> {
    let mut lua_to_resp2 = Case::new("scripting: Lua values to RESP2 replies");
    for (script, expected) in [
        ("return 3.99", ":3\r\n"),
        ("return -3.7", ":-3\r\n"),
        ("return 'x'", "$1\r\nx\r\n"),
        ("return true", ":1\r\n"),
        ("return false", "$-1\r\n"),
        ("return nil", "$-1\r\n"),
        (
            "return {1,2,{3,'a'},nil,5}",
            "*3\r\n:1\r\n:2\r\n*2\r\n:3\r\n$1\r\na\r\n",
        ),
        ("return {ok='fine'}", "+fine\r\n"),
        ("return {err='My Err'}", "-My Err\r\n"),
        ("return {ok='a\\r\\nb'}", "+a  b\r\n"),
        ("return {ok=1}", "*0\r\n"),
        ("return {double=3.5}", "$3\r\n3.5\r\n"),
        ("return {map={a=1}}", "*2\r\n$1\r\na\r\n:1\r\n"),
        ("return {set={a=1}}", "*1\r\n$1\r\na\r\n"),
        ("return {big_number='123'}", "$3\r\n123\r\n"),
        ("return {1,nil,{ok='x'},{err='y'}}", "*1\r\n:1\r\n"),
        ("redis.setresp(3) return true", ":1\r\n"),
        ("redis.setresp(3) return false", ":0\r\n"),
    ] {
        lua_to_resp2 = eval(lua_to_resp2, script, expected);
    }
    let mut lua_to_resp3 = Case::new("scripting: Lua values to RESP3 replies").cmd_shape(
        &["HELLO", "3"],
        "the HELLO 3 map",
        crate::shapes::hello(3),
    );
    for (script, expected) in [
        ("return true", ":1\r\n"),
        ("return false", "_\r\n"),
        ("return nil", "_\r\n"),
        ("redis.setresp(3) return true", "#t\r\n"),
        ("redis.setresp(3) return false", "#f\r\n"),
        ("return {double=3.5}", ",3.5\r\n"),
        ("return {map={a=1}}", "%1\r\n$1\r\na\r\n:1\r\n"),
        ("return {set={a=1}}", "~1\r\n$1\r\na\r\n"),
        ("return {big_number='123'}", "(123\r\n"),
        (
            "return {verbatim_string={format='txt',string='hi'}}",
            "=6\r\ntxt:hi\r\n",
        ),
    ] {
        lua_to_resp3 = eval(lua_to_resp3, script, expected);
    }
    let mut replies_to_lua = Case::new("scripting: replies to Lua values, RESP2 and RESP3")
        .cmd(&["HSET", "sc:h", "f", "v"], ":1\r\n")
        .cmd(&["SADD", "sc:s", "m"], ":1\r\n")
        .cmd(&["ZADD", "sc:z", "1.5", "m"], ":1\r\n");
    for (script, expected) in [
        ("return redis.call('ping')", "+PONG\r\n"),
        ("return type(redis.call('ping'))", "$5\r\ntable\r\n"),
        ("return redis.call('get','sc:nokey')", "$-1\r\n"),
        ("return type(redis.call('get','sc:nokey'))", "$7\r\nboolean\r\n"),
        ("return {redis.call('mget','sc:nokey','sc:h')}", "*1\r\n*2\r\n$-1\r\n$-1\r\n"),
        ("return redis.call('hgetall','sc:h')", "*2\r\n$1\r\nf\r\n$1\r\nv\r\n"),
        ("redis.setresp(3) local r = redis.call('hgetall','sc:h') return {r.map.f}", "*1\r\n$1\r\nv\r\n"),
        ("redis.setresp(3) local r = redis.call('smembers','sc:s') return {tostring(r.set.m)}", "*1\r\n$4\r\ntrue\r\n"),
        ("redis.setresp(3) local r = redis.call('zscore','sc:z','m') return {r.double}", "*1\r\n:1\r\n"),
        ("redis.setresp(3) return redis.call('zscore','sc:z','m')", "$3\r\n1.5\r\n"),
        ("redis.setresp(3) return {type(redis.call('get','sc:nokey')), tostring(redis.call('get','sc:nokey'))}", "*2\r\n$3\r\nnil\r\n$3\r\nnil\r\n"),
        ("redis.call('set','sc:n',9007199254740991) return redis.call('get','sc:n')", "$16\r\n9007199254740991\r\n"),
        ("redis.call('set','sc:n',0.1) return redis.call('get','sc:n')", "$19\r\n0.10000000000000001\r\n"),
        ("redis.call('set','sc:n',2^63) return redis.call('get','sc:n')", "$22\r\n9.2233720368547758e+18\r\n"),
        ("redis.call('set','sc:n',1e20) return redis.call('get','sc:n')", "$5\r\n1e+20\r\n"),
        ("redis.call('set','sc:n',1/0) return redis.call('get','sc:n')", "$3\r\ninf\r\n"),
    ] {
        replies_to_lua = eval(replies_to_lua, script, expected);
    }
    replies_to_lua = replies_to_lua.cmd(&["DEL", "sc:h", "sc:s", "sc:z", "sc:n"], ":4\r\n");

    let mut redis_object = Case::new("scripting: the redis object");
    for (script, expected) in [
        ("return redis.error_reply('My')", "-ERR My\r\n"),
        ("return redis.error_reply('My Err')", "-My Err\r\n"),
        ("return redis.error_reply('-My')", "-ERR My\r\n"),
        ("return redis.error_reply()", "-ERR wrong number or type of arguments\r\n"),
        ("return redis.status_reply('S')", "+S\r\n"),
        ("return redis.sha1hex('')", "$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n"),
        ("return redis.sha1hex(12)", "$40\r\n7b52009b64fd0a2a49e6d8a939753077792b0554\r\n"),
        ("return redis.REDIS_VERSION", "$6\r\n7.0.15\r\n"),
        ("return redis.REDIS_VERSION_NUM", ":458767\r\n"),
        ("return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}", "*4\r\n:0\r\n:1\r\n:2\r\n:3\r\n"),
        ("return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}", "*5\r\n:0\r\n:1\r\n:2\r\n:2\r\n:3\r\n"),
        ("return redis.log(redis.LOG_WARNING, 'hi')", "$-1\r\n"),
        ("return redis.acl_check_cmd('get','a')", ":1\r\n"),
        ("math.randomseed(1) return tostring(math.random())", "$17\r\n0.041630344484761\r\n"),
        ("math.randomseed(1) return {math.random(100), math.random(1,10)}", "*2\r\n:5\r\n:5\r\n"),
        ("return table.getn({1,2})", ":2\r\n"),
        ("return type(coroutine)", "$5\r\ntable\r\n"),
        ("return pcall(error, 'x')", "$-1\r\n"),
    ] {
        redis_object = eval(redis_object, script, expected);
    }

    let mut errors = Case::new("scripting: runtime and redis.call error texts")
        .cmd(&["SET", "sc:str", "x"], "+OK\r\n");
    for (script, expected) in [
        ("error('boom')", "-ERR user_script:1: boom script: 82903a0434f1503e152f89c03c9acd881a0e8150, on @user_script:1.\r\n"),
        ("error({err='X y'})", "-X y script: 4fba4bac04df521d52f90e9091a962514f12c323, on @user_script:1.\r\n"),
        ("error(12)", "-ERR user_script:1: 12 script: 531d78cb0a3022f46aa8fcca247caa61d303b321, on @user_script:1.\r\n"),
        ("error()", "-ERR nil script: aca90d914519fdb9825352bdc0befb59f7c8510f, on @user_script:1.\r\n"),
        ("return redis.call('lpush','sc:str','x')", "-WRONGTYPE Operation against a key holding the wrong kind of value script: 3d46aeb5462ee1e502ab88b23e09e5fb5c404dc3, on @user_script:1.\r\n"),
        ("return redis.pcall('lpush','sc:str','x')", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
        ("return redis.call('nosuch')", "-ERR Unknown Redis command called from script script: 206396248e12c6e742fd7296250433c8d7343b74, on @user_script:1.\r\n"),
        ("return redis.call('eval','return 1','0')", "-ERR This Redis command is not allowed from script script: 1e5046f3a9119d3dc9cf5824428b6d9fedd305d2, on @user_script:1.\r\n"),
        ("return redis.pcall('blpop','x',0)", "-ERR This Redis command is not allowed from script\r\n"),
        ("return redis.pcall('get')", "-ERR Wrong number of args calling Redis command from script\r\n"),
        ("return redis.pcall('config','nosuch')", "-ERR Unknown Redis command called from script\r\n"),
        ("return redis.call()", "-ERR Please specify at least one argument for this redis lib call script: 0a907e1429221a4d85516cab7fd219a82a9439d8, on @user_script:1.\r\n"),
        ("return redis.pcall()", "-ERR Please specify at least one argument for this redis lib call\r\n"),
        ("return redis.call({})", "-ERR Lua redis lib command arguments must be strings or integers script: 80747816df1f4411f7c442b928fce6a814214839, on @user_script:1.\r\n"),
        ("return redis.pcall('xread','BLOCK',0,'STREAMS','s','$')", "-ERR xread command is not allowed with BLOCK option from scripts\r\n"),
        ("return redis.log(1)", "-ERR redis.log() requires two arguments or more. script: f5438245431406aa19fc387d93c6d03a0d5bcb0f, on @user_script:1.\r\n"),
        ("return redis.log(10, 'hi')", "-ERR Invalid debug level. script: 8915eed61662481064d19d32746239a08edf312d, on @user_script:1.\r\n"),
        ("return redis.setresp(4)", "-ERR RESP version must be 2 or 3. script: 921c0a48021d97dfd5884aeea41875972c7804d9, on @user_script:1.\r\n"),
        ("return redis.set_repl(9)", "-ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE. script: f43d522179aeb2c4dadb59b026d11ed249ca02e0, on @user_script:1.\r\n"),
        ("return redis.acl_check_cmd('nosuch')", "-ERR Invalid command passed to redis.acl_check_cmd() script: d2491587bab5149c93be0dce4426f7a06ba9e1a1, on @user_script:1.\r\n"),
        ("return redis.sha1hex()", "-ERR wrong number of arguments script: 3c7ce947ae74a835cc575b6ee87fb27503cb7ba4, on @user_script:1.\r\n"),
        ("return (", "-ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'\r\n"),
    ] {
        errors = eval(errors, script, expected);
    }
    errors = errors.cmd(&["DEL", "sc:str"], ":1\r\n");

    let mut sandbox = Case::new("scripting: the sandbox");
    for (script, expected) in [
        ("return x", "-ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: 03c387736bb5cc009ff35151572cee04677aa374, on @user_script:1.\r\n"),
        ("y=1", "-ERR user_script:1: Attempt to modify a readonly table script: 45f0241f56d9823eb2d24a228d7ffe62c5fdcdc2, on @user_script:1.\r\n"),
    ] {
        sandbox = eval(sandbox, script, expected);
    }
    sandbox = eval(sandbox, "local t = {} for _, g in ipairs({'print','os','io','dofile','loadfile','require','module','setfenv','getfenv','newproxy','debug'}) do t[#t+1] = tostring(pcall(function() return _G[g] end)) end return t", "*11\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n$5\r\nfalse\r\n");
    sandbox = eval(sandbox, "return {type(loadstring), type(load), type(unpack), type(collectgarbage), type(gcinfo), type(xpcall)}", "*6\r\n$8\r\nfunction\r\n$8\r\nfunction\r\n$8\r\nfunction\r\n$8\r\nfunction\r\n$8\r\nfunction\r\n$8\r\nfunction\r\n");
    sandbox = eval(
        sandbox,
        "return (pcall(function() redis.call = function() end end))",
        "$-1\r\n",
    );

    vec![
        lua_to_resp2,
        lua_to_resp3,
        replies_to_lua,
        redis_object,
        errors,
        sandbox,
        Case::new("scripting: numkeys, KEYS and ARGV, EVAL_RO, shebang")
            .cmd(&["EVAL", "return {KEYS[1], ARGV[1], #KEYS, #ARGV}", "1", "sc:k", "a"], "*4\r\n$4\r\nsc:k\r\n$1\r\na\r\n:1\r\n:1\r\n")
            .cmd(&["EVAL", "return 1", "2", "a"], "-ERR Number of keys can't be greater than number of args\r\n")
            .cmd(&["EVAL", "return 1", "-1"], "-ERR Number of keys can't be negative\r\n")
            .cmd(&["EVAL", "return 1", "x"], "-ERR value is not an integer or out of range\r\n")
            .cmd(&["EVAL_RO", "return redis.call('set','sc:a','b')", "1", "sc:a"], "-ERR Write commands are not allowed from read-only scripts. script: 10b1a17fa705e538c16b6e9e51a9fbfde562b183, on @user_script:1.\r\n")
            .cmd(&["EVAL", "#!lua flags=no-writes\nreturn redis.call('set','a','b')", "1", "a"], "-ERR Write commands are not allowed from read-only scripts. script: 6acb400a50fe96e33eca4e0af6e9dcfb21193726, on @user_script:2.\r\n")
            .cmd(&["EVAL", "#!lua flags=bad\nreturn 1", "0"], "-ERR Unexpected flag in script shebang: bad\r\n")
            .cmd(&["EVAL", "#!lua name=x\nreturn 1", "0"], "-ERR Unknown lua shebang option: name=x\r\n")
            .cmd(&["EVAL", "#!luax\nreturn 1", "0"], "-ERR Unexpected engine in script shebang: #!luax\r\n")
            .cmd(&["EVAL", "#!lua flags=\nreturn 1", "0"], ":1\r\n")
            .cmd(&["EVAL", "#!lua flags=no-writes,allow-oom\nreturn redis.call('get','sc:k')", "0"], "$-1\r\n")
            .cmd(&["EVAL_RO", "return redis.call('get',KEYS[1])", "1", "sc:k"], "$-1\r\n"),
        Case::new("scripting: SCRIPT LOAD, EXISTS, EVALSHA, FLUSH, KILL, HELP")
            .cmd(&["SCRIPT", "LOAD", "return 'sc-load'"], "$40\r\nf5e9c85eed401e9644d3ac73f3c2f0ad4d7f17b0\r\n")
            .cmd(&["EVALSHA", "f5e9c85eed401e9644d3ac73f3c2f0ad4d7f17b0", "0"], "$7\r\nsc-load\r\n")
            .cmd(&["EVALSHA", "F5E9C85EED401E9644D3AC73F3C2F0AD4D7F17B0", "0"], "$7\r\nsc-load\r\n")
            .cmd(&["EVALSHA_RO", "f5e9c85eed401e9644d3ac73f3c2f0ad4d7f17b0", "0"], "$7\r\nsc-load\r\n")
            .cmd(&["SCRIPT", "EXISTS", "f5e9c85eed401e9644d3ac73f3c2f0ad4d7f17b0", "ffffffffffffffffffffffffffffffffffffffff"], "*2\r\n:1\r\n:0\r\n")
            .cmd(&["EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"], "-NOSCRIPT No matching script. Please use EVAL.\r\n")
            .cmd(&["EVALSHA", "abc", "0"], "-NOSCRIPT No matching script. Please use EVAL.\r\n")
            .cmd(&["SCRIPT", "LOAD", "return ("], "-ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'\r\n")
            .cmd(&["SCRIPT", "KILL"], "-NOTBUSY No scripts in execution right now.\r\n")
            .cmd(&["SCRIPT", "FLUSH", "x"], "-ERR SCRIPT FLUSH only support SYNC|ASYNC option\r\n")
            .cmd(&["SCRIPT", "DEBUG", "x"], "-ERR Use SCRIPT DEBUG YES/SYNC/NO\r\n")
            .cmd(&["SCRIPT", "HELP"], "*17\r\n+SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+DEBUG (YES|SYNC|NO)\r\n+    Set the debug mode for subsequent scripts executed.\r\n+EXISTS <sha1> [<sha1> ...]\r\n+    Return information about the existence of the scripts in the script cache.\r\n+FLUSH [ASYNC|SYNC]\r\n+    Flush the Lua scripts cache. Very dangerous on replicas.\r\n+    When called without the optional mode argument, the behavior is determined by the\r\n+    lazyfree-lazy-user-flush configuration directive. Valid modes are:\r\n+    * ASYNC: Asynchronously flush the scripts cache.\r\n+    * SYNC: Synchronously flush the scripts cache.\r\n+KILL\r\n+    Kill the currently executing Lua script.\r\n+LOAD <script>\r\n+    Load a script into the scripts cache without executing it.\r\n+HELP\r\n+    Prints this help.\r\n")
            .cmd(&["MULTI"], "+OK\r\n")
            .cmd(&["EVAL", "return redis.call('incr', KEYS[1])", "1", "sc:m"], "+QUEUED\r\n")
            .cmd(&["EXEC"], "*1\r\n:1\r\n")
            .cmd(&["DEL", "sc:m"], ":1\r\n"),
    ]
}
