//! Keyspace notification scenarios recorded from redis-server 7.0.15 by
//! `core/tools/record-notifications`: for each step (a command, a pause,
//! or a pause with active expiry on), the (channel, message) pairs a
//! client subscribed to `__key*__:*` received, in order. A command Redis
//! refused is a `Fails` step. `notify_tests.rs` replays them.

/// One step of a scenario and what Redis published for it.
#[derive(Debug)]
pub(super) enum Step {
    /// A command that succeeds.
    Run(&'static [&'static str], Events),
    /// A command that answers an error.
    Fails(&'static [&'static str], Events),
    /// Milliseconds pass (active expiry off in Redis, not run here).
    Sleep(u64, Events),
    /// Milliseconds pass and the active expiry cycle runs.
    Active(u64, Events),
}

/// (channel, message) pairs in publish order.
type Events = &'static [(&'static str, &'static str)];

/// `strings`, under `notify-keyspace-events EAnm`.
const STRINGS: &[Step] = &[
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyevent@0__:new", "k"), ("__keyevent@0__:set", "k")],
    ),
    Step::Run(&["SET", "k", "v2"], &[("__keyevent@0__:set", "k")]),
    Step::Run(
        &["SET", "k", "v", "EX", "100"],
        &[("__keyevent@0__:set", "k"), ("__keyevent@0__:expire", "k")],
    ),
    Step::Run(
        &["SET", "k", "v", "KEEPTTL"],
        &[("__keyevent@0__:set", "k")],
    ),
    Step::Run(&["SET", "k", "v", "NX"], &[]),
    Step::Run(&["SET", "k2", "v", "XX"], &[]),
    Step::Run(
        &["SET", "k3", "v", "GET"],
        &[
            ("__keyevent@0__:keymiss", "k3"),
            ("__keyevent@0__:new", "k3"),
            ("__keyevent@0__:set", "k3"),
        ],
    ),
    Step::Run(&["SET", "k3", "w", "GET"], &[("__keyevent@0__:set", "k3")]),
    Step::Run(
        &["SETEX", "se", "100", "v"],
        &[
            ("__keyevent@0__:new", "se"),
            ("__keyevent@0__:set", "se"),
            ("__keyevent@0__:expire", "se"),
        ],
    ),
    Step::Run(
        &["PSETEX", "pe", "100000", "v"],
        &[
            ("__keyevent@0__:new", "pe"),
            ("__keyevent@0__:set", "pe"),
            ("__keyevent@0__:expire", "pe"),
        ],
    ),
    Step::Run(
        &["SETNX", "x", "1"],
        &[("__keyevent@0__:new", "x"), ("__keyevent@0__:set", "x")],
    ),
    Step::Run(&["SETNX", "x", "2"], &[]),
    Step::Run(&["GETSET", "x", "3"], &[("__keyevent@0__:set", "x")]),
    Step::Run(
        &["GETSET", "y", "1"],
        &[
            ("__keyevent@0__:keymiss", "y"),
            ("__keyevent@0__:new", "y"),
            ("__keyevent@0__:set", "y"),
        ],
    ),
    Step::Run(&["GETDEL", "x"], &[("__keyevent@0__:del", "x")]),
    Step::Run(&["GETDEL", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(
        &["MSET", "a", "1", "b", "2", "a", "3"],
        &[
            ("__keyevent@0__:new", "a"),
            ("__keyevent@0__:set", "a"),
            ("__keyevent@0__:new", "b"),
            ("__keyevent@0__:set", "b"),
            ("__keyevent@0__:set", "a"),
        ],
    ),
    Step::Run(
        &["MSETNX", "c", "1", "d", "2"],
        &[
            ("__keyevent@0__:new", "c"),
            ("__keyevent@0__:set", "c"),
            ("__keyevent@0__:new", "d"),
            ("__keyevent@0__:set", "d"),
        ],
    ),
    Step::Run(&["MSETNX", "c", "1", "e", "2"], &[]),
    Step::Run(&["GET", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(&["GET", "a"], &[]),
    Step::Run(
        &["MGET", "a", "nokey", "b", "nokey2"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:keymiss", "nokey2"),
        ],
    ),
    Step::Run(&["STRLEN", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(&["STRLEN", "a"], &[]),
    Step::Run(
        &["APPEND", "ap", "x"],
        &[
            ("__keyevent@0__:new", "ap"),
            ("__keyevent@0__:append", "ap"),
        ],
    ),
    Step::Run(&["APPEND", "ap", "y"], &[("__keyevent@0__:append", "ap")]),
    Step::Run(&["SETRANGE", "sr", "0", ""], &[]),
    Step::Run(
        &["SETRANGE", "sr", "2", "ab"],
        &[
            ("__keyevent@0__:new", "sr"),
            ("__keyevent@0__:setrange", "sr"),
        ],
    ),
    Step::Run(&["SETRANGE", "sr", "0", ""], &[]),
    Step::Run(
        &["SETRANGE", "sr", "0", "x"],
        &[("__keyevent@0__:setrange", "sr")],
    ),
    Step::Run(
        &["INCR", "n"],
        &[("__keyevent@0__:new", "n"), ("__keyevent@0__:incrby", "n")],
    ),
    Step::Run(&["INCRBY", "n", "5"], &[("__keyevent@0__:incrby", "n")]),
    Step::Run(&["DECR", "n"], &[("__keyevent@0__:incrby", "n")]),
    Step::Run(&["DECRBY", "n", "2"], &[("__keyevent@0__:incrby", "n")]),
    Step::Run(
        &["INCRBYFLOAT", "f", "1.5"],
        &[
            ("__keyevent@0__:new", "f"),
            ("__keyevent@0__:incrbyfloat", "f"),
        ],
    ),
    Step::Run(
        &["INCRBYFLOAT", "f", "1"],
        &[("__keyevent@0__:incrbyfloat", "f")],
    ),
    Step::Fails(&["INCR", "ap"], &[]),
    Step::Run(
        &["GETRANGE", "nokey", "0", "1"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SUBSTR", "nokey", "0", "1"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["LCS", "nokey", "nokey2"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:keymiss", "nokey2"),
        ],
    ),
    Step::Run(&["GETEX", "ap"], &[]),
    Step::Run(
        &["GETEX", "ap", "EX", "100"],
        &[("__keyevent@0__:expire", "ap")],
    ),
    Step::Run(
        &["GETEX", "ap", "PERSIST"],
        &[("__keyevent@0__:persist", "ap")],
    ),
    Step::Run(&["GETEX", "ap", "PERSIST"], &[]),
    Step::Run(
        &["GETEX", "ap", "PXAT", "1"],
        &[("__keyevent@0__:del", "ap")],
    ),
    Step::Run(&["GETEX", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(
        &["GETEX", "ap2", "PX", "100"],
        &[("__keyevent@0__:keymiss", "ap2")],
    ),
];

/// `bits`, under `notify-keyspace-events EAnm`.
const BITS: &[Step] = &[
    Step::Run(
        &["SETBIT", "b", "7", "1"],
        &[("__keyevent@0__:new", "b"), ("__keyevent@0__:setbit", "b")],
    ),
    Step::Run(&["SETBIT", "b", "7", "1"], &[]),
    Step::Run(
        &["SETBIT", "b", "7", "0"],
        &[("__keyevent@0__:setbit", "b")],
    ),
    Step::Run(
        &["SETBIT", "b", "100", "0"],
        &[("__keyevent@0__:setbit", "b")],
    ),
    Step::Run(&["SETBIT", "b", "3", "0"], &[]),
    Step::Run(
        &["GETBIT", "nokey", "0"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["BITCOUNT", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["BITPOS", "nokey", "1"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["BITOP", "AND", "d", "b", "nokey"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:new", "d"),
            ("__keyevent@0__:set", "d"),
        ],
    ),
    Step::Run(
        &["BITOP", "AND", "d", "nokey", "nokey2"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:keymiss", "nokey2"),
            ("__keyevent@0__:del", "d"),
        ],
    ),
    Step::Run(
        &["BITOP", "OR", "d", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["BITFIELD", "bf", "SET", "u8", "0", "1"],
        &[
            ("__keyevent@0__:new", "bf"),
            ("__keyevent@0__:setbit", "bf"),
        ],
    ),
    Step::Run(&["BITFIELD", "bf", "SET", "u8", "0", "1"], &[]),
    Step::Run(
        &["BITFIELD", "bf", "INCRBY", "u8", "0", "1"],
        &[("__keyevent@0__:setbit", "bf")],
    ),
    Step::Run(
        &["BITFIELD", "bf", "SET", "u8", "64", "0"],
        &[("__keyevent@0__:setbit", "bf")],
    ),
    Step::Run(&["BITFIELD", "bf", "GET", "u8", "0"], &[]),
    Step::Run(
        &[
            "BITFIELD", "bf2", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300",
        ],
        &[("__keyevent@0__:new", "bf2")],
    ),
    Step::Run(
        &["BITFIELD", "nokey", "GET", "u8", "0"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["BITFIELD_RO", "nokey", "GET", "u8", "0"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &[
            "BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300", "SET", "u8", "8", "7",
        ],
        &[("__keyevent@0__:setbit", "bf")],
    ),
];

/// `keys`, under `notify-keyspace-events EAnm`.
const KEYS: &[Step] = &[
    Step::Run(
        &["SET", "a", "1"],
        &[("__keyevent@0__:new", "a"), ("__keyevent@0__:set", "a")],
    ),
    Step::Run(
        &["SET", "b", "1"],
        &[("__keyevent@0__:new", "b"), ("__keyevent@0__:set", "b")],
    ),
    Step::Run(
        &["SET", "c", "1"],
        &[("__keyevent@0__:new", "c"), ("__keyevent@0__:set", "c")],
    ),
    Step::Run(
        &["DEL", "a", "nokey", "b"],
        &[("__keyevent@0__:del", "a"), ("__keyevent@0__:del", "b")],
    ),
    Step::Run(&["UNLINK", "c", "nokey"], &[("__keyevent@0__:del", "c")]),
    Step::Run(&["EXISTS", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(&["TOUCH", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(&["TYPE", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(&["TTL", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(&["PTTL", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(
        &["EXPIRETIME", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["PEXPIRETIME", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyevent@0__:new", "k"), ("__keyevent@0__:set", "k")],
    ),
    Step::Run(&["EXPIRE", "k", "100"], &[("__keyevent@0__:expire", "k")]),
    Step::Run(&["EXPIRE", "k", "100", "NX"], &[]),
    Step::Run(&["EXPIRE", "nokey", "10"], &[]),
    Step::Run(&["PERSIST", "k"], &[("__keyevent@0__:persist", "k")]),
    Step::Run(&["PERSIST", "k"], &[]),
    Step::Run(&["PERSIST", "nokey"], &[]),
    Step::Run(&["PEXPIRE", "k", "100000", "XX"], &[]),
    Step::Run(
        &["PEXPIRE", "k", "100000"],
        &[("__keyevent@0__:expire", "k")],
    ),
    Step::Run(
        &["EXPIREAT", "k", "99999999999"],
        &[("__keyevent@0__:expire", "k")],
    ),
    Step::Run(
        &["PEXPIREAT", "k", "99999999999999"],
        &[("__keyevent@0__:expire", "k")],
    ),
    Step::Run(&["PEXPIRE", "k", "-1"], &[("__keyevent@0__:del", "k")]),
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyevent@0__:new", "k"), ("__keyevent@0__:set", "k")],
    ),
    Step::Run(&["EXPIREAT", "k", "1"], &[("__keyevent@0__:del", "k")]),
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyevent@0__:new", "k"), ("__keyevent@0__:set", "k")],
    ),
    Step::Run(
        &["RENAME", "k", "k2"],
        &[
            ("__keyevent@0__:new", "k2"),
            ("__keyevent@0__:rename_from", "k"),
            ("__keyevent@0__:rename_to", "k2"),
        ],
    ),
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyevent@0__:new", "k"), ("__keyevent@0__:set", "k")],
    ),
    Step::Run(
        &["RENAME", "k", "k2"],
        &[
            ("__keyevent@0__:new", "k2"),
            ("__keyevent@0__:rename_from", "k"),
            ("__keyevent@0__:rename_to", "k2"),
        ],
    ),
    Step::Run(&["RENAME", "k2", "k2"], &[]),
    Step::Fails(&["RENAME", "nokey", "k"], &[]),
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyevent@0__:new", "k"), ("__keyevent@0__:set", "k")],
    ),
    Step::Run(&["RENAMENX", "k", "k2"], &[]),
    Step::Run(
        &["RENAMENX", "k", "k3"],
        &[
            ("__keyevent@0__:new", "k3"),
            ("__keyevent@0__:rename_from", "k"),
            ("__keyevent@0__:rename_to", "k3"),
        ],
    ),
    Step::Run(
        &["SET", "s", "v"],
        &[("__keyevent@0__:new", "s"), ("__keyevent@0__:set", "s")],
    ),
    Step::Run(
        &["COPY", "s", "d"],
        &[("__keyevent@0__:new", "d"), ("__keyevent@0__:copy_to", "d")],
    ),
    Step::Run(&["COPY", "s", "d"], &[]),
    Step::Run(
        &["COPY", "s", "d", "REPLACE"],
        &[("__keyevent@0__:new", "d"), ("__keyevent@0__:copy_to", "d")],
    ),
    Step::Run(
        &["COPY", "nokey", "d"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["COPY", "s", "d", "DB", "1"],
        &[("__keyevent@1__:new", "d"), ("__keyevent@1__:copy_to", "d")],
    ),
    Step::Run(
        &["COPY", "s", "d", "DB", "1", "REPLACE"],
        &[("__keyevent@1__:new", "d"), ("__keyevent@1__:copy_to", "d")],
    ),
    Step::Run(
        &["MOVE", "s", "2"],
        &[
            ("__keyevent@2__:new", "s"),
            ("__keyevent@0__:move_from", "s"),
            ("__keyevent@2__:move_to", "s"),
        ],
    ),
    Step::Run(&["MOVE", "nokey", "1"], &[]),
    Step::Run(
        &["SET", "s", "v"],
        &[("__keyevent@0__:new", "s"), ("__keyevent@0__:set", "s")],
    ),
    Step::Run(&["MOVE", "s", "2"], &[]),
    Step::Run(&["SELECT", "3"], &[]),
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyevent@3__:new", "k"), ("__keyevent@3__:set", "k")],
    ),
    Step::Run(&["DEL", "k"], &[("__keyevent@3__:del", "k")]),
    Step::Run(&["SELECT", "0"], &[]),
    Step::Run(&["SWAPDB", "0", "1"], &[]),
    Step::Run(&["FLUSHDB"], &[]),
    Step::Run(&["FLUSHALL"], &[]),
];

/// `lists`, under `notify-keyspace-events EAnm`.
const LISTS: &[Step] = &[
    Step::Run(
        &["LPUSH", "l", "a", "b"],
        &[("__keyevent@0__:new", "l"), ("__keyevent@0__:lpush", "l")],
    ),
    Step::Run(&["RPUSH", "l", "c"], &[("__keyevent@0__:rpush", "l")]),
    Step::Run(&["LPUSHX", "nol", "a"], &[]),
    Step::Run(&["RPUSHX", "nol", "a"], &[]),
    Step::Run(&["RPUSHX", "l", "d"], &[("__keyevent@0__:rpush", "l")]),
    Step::Run(&["LPUSHX", "l", "e"], &[("__keyevent@0__:lpush", "l")]),
    Step::Run(
        &["LINSERT", "l", "BEFORE", "a", "x"],
        &[("__keyevent@0__:linsert", "l")],
    ),
    Step::Run(&["LINSERT", "l", "BEFORE", "nope", "x"], &[]),
    Step::Run(&["LINSERT", "nol", "BEFORE", "a", "x"], &[]),
    Step::Run(&["LSET", "l", "0", "y"], &[("__keyevent@0__:lset", "l")]),
    Step::Run(&["LPOP", "l"], &[("__keyevent@0__:lpop", "l")]),
    Step::Run(&["RPOP", "l", "2"], &[("__keyevent@0__:rpop", "l")]),
    Step::Run(&["LPOP", "l", "0"], &[]),
    Step::Run(&["LPOP", "nol"], &[]),
    Step::Run(&["RPOP", "nol", "2"], &[]),
    Step::Run(
        &["RPUSH", "l", "a", "a", "a"],
        &[("__keyevent@0__:rpush", "l")],
    ),
    Step::Run(&["LREM", "l", "0", "nope"], &[]),
    Step::Run(&["LREM", "l", "2", "a"], &[("__keyevent@0__:lrem", "l")]),
    Step::Run(&["LTRIM", "l", "0", "1"], &[("__keyevent@0__:ltrim", "l")]),
    Step::Run(
        &["LTRIM", "l", "5", "10"],
        &[("__keyevent@0__:ltrim", "l"), ("__keyevent@0__:del", "l")],
    ),
    Step::Run(&["LTRIM", "nol", "0", "1"], &[]),
    Step::Run(
        &["RPUSH", "src", "1", "2"],
        &[
            ("__keyevent@0__:new", "src"),
            ("__keyevent@0__:rpush", "src"),
        ],
    ),
    Step::Run(
        &["LMOVE", "src", "dst", "LEFT", "RIGHT"],
        &[
            ("__keyevent@0__:new", "dst"),
            ("__keyevent@0__:rpush", "dst"),
            ("__keyevent@0__:lpop", "src"),
        ],
    ),
    Step::Run(
        &["LMOVE", "src", "dst", "RIGHT", "LEFT"],
        &[
            ("__keyevent@0__:lpush", "dst"),
            ("__keyevent@0__:rpop", "src"),
            ("__keyevent@0__:del", "src"),
        ],
    ),
    Step::Run(&["LMOVE", "nosrc", "dst", "LEFT", "LEFT"], &[]),
    Step::Run(
        &["RPUSH", "src", "1", "2"],
        &[
            ("__keyevent@0__:new", "src"),
            ("__keyevent@0__:rpush", "src"),
        ],
    ),
    Step::Run(
        &["LMOVE", "src", "src", "LEFT", "RIGHT"],
        &[
            ("__keyevent@0__:rpush", "src"),
            ("__keyevent@0__:lpop", "src"),
        ],
    ),
    Step::Run(
        &["RPOPLPUSH", "src", "dst"],
        &[
            ("__keyevent@0__:lpush", "dst"),
            ("__keyevent@0__:rpop", "src"),
        ],
    ),
    Step::Run(
        &["RPOPLPUSH", "src", "dst"],
        &[
            ("__keyevent@0__:lpush", "dst"),
            ("__keyevent@0__:rpop", "src"),
            ("__keyevent@0__:del", "src"),
        ],
    ),
    Step::Run(
        &["RPUSH", "m", "1", "2", "3"],
        &[("__keyevent@0__:new", "m"), ("__keyevent@0__:rpush", "m")],
    ),
    Step::Run(
        &["LMPOP", "2", "nol", "m", "LEFT", "COUNT", "2"],
        &[("__keyevent@0__:lpop", "m")],
    ),
    Step::Run(
        &["LMPOP", "2", "nol", "m", "RIGHT", "COUNT", "10"],
        &[("__keyevent@0__:rpop", "m"), ("__keyevent@0__:del", "m")],
    ),
    Step::Run(&["LMPOP", "1", "nol", "LEFT"], &[]),
    Step::Run(&["LLEN", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(
        &["LRANGE", "nokey", "0", "-1"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["LINDEX", "nokey", "0"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["LPOS", "nokey", "a"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["RPUSH", "one", "x"],
        &[
            ("__keyevent@0__:new", "one"),
            ("__keyevent@0__:rpush", "one"),
        ],
    ),
    Step::Run(
        &["LREM", "one", "0", "x"],
        &[
            ("__keyevent@0__:lrem", "one"),
            ("__keyevent@0__:del", "one"),
        ],
    ),
    Step::Run(
        &["RPUSH", "one", "x"],
        &[
            ("__keyevent@0__:new", "one"),
            ("__keyevent@0__:rpush", "one"),
        ],
    ),
    Step::Run(
        &["RPOP", "one"],
        &[
            ("__keyevent@0__:rpop", "one"),
            ("__keyevent@0__:del", "one"),
        ],
    ),
];

/// `hashes`, under `notify-keyspace-events EAnm`.
const HASHES: &[Step] = &[
    Step::Run(
        &["HSET", "h", "f", "v"],
        &[("__keyevent@0__:new", "h"), ("__keyevent@0__:hset", "h")],
    ),
    Step::Run(&["HSET", "h", "f", "v2"], &[("__keyevent@0__:hset", "h")]),
    Step::Run(&["HMSET", "h", "g", "1"], &[("__keyevent@0__:hset", "h")]),
    Step::Run(&["HSETNX", "h", "f", "x"], &[]),
    Step::Run(&["HSETNX", "h", "z", "x"], &[("__keyevent@0__:hset", "h")]),
    Step::Run(
        &["HSETNX", "nh", "f", "x"],
        &[("__keyevent@0__:new", "nh"), ("__keyevent@0__:hset", "nh")],
    ),
    Step::Run(
        &["HINCRBY", "h", "n", "1"],
        &[("__keyevent@0__:hincrby", "h")],
    ),
    Step::Run(
        &["HINCRBY", "h2", "n", "1"],
        &[
            ("__keyevent@0__:new", "h2"),
            ("__keyevent@0__:hincrby", "h2"),
        ],
    ),
    Step::Run(
        &["HINCRBYFLOAT", "h", "fl", "1.5"],
        &[("__keyevent@0__:hincrbyfloat", "h")],
    ),
    Step::Run(
        &["HINCRBYFLOAT", "h3", "fl", "1.5"],
        &[
            ("__keyevent@0__:new", "h3"),
            ("__keyevent@0__:hincrbyfloat", "h3"),
        ],
    ),
    Step::Fails(&["HINCRBY", "h", "f", "1"], &[]),
    Step::Run(&["HDEL", "h", "nope"], &[]),
    Step::Run(&["HDEL", "h", "f"], &[("__keyevent@0__:hdel", "h")]),
    Step::Run(
        &["HDEL", "h", "g", "n", "fl", "z", "nope"],
        &[("__keyevent@0__:hdel", "h"), ("__keyevent@0__:del", "h")],
    ),
    Step::Run(&["HDEL", "nokey", "f"], &[]),
    Step::Run(
        &["HGET", "nokey", "f"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["HMGET", "nokey", "f"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["HGETALL", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(&["HLEN", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(
        &["HEXISTS", "nokey", "f"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["HSTRLEN", "nokey", "f"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["HRANDFIELD", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["HRANDFIELD", "nokey", "2"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["HSCAN", "nokey", "0"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(&["HKEYS", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(&["HVALS", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
];

/// `sets`, under `notify-keyspace-events EAnm`.
const SETS: &[Step] = &[
    Step::Run(
        &["SADD", "s", "a", "b"],
        &[("__keyevent@0__:new", "s"), ("__keyevent@0__:sadd", "s")],
    ),
    Step::Run(&["SADD", "s", "a"], &[]),
    Step::Run(&["SREM", "s", "nope"], &[]),
    Step::Run(&["SREM", "s", "a"], &[("__keyevent@0__:srem", "s")]),
    Step::Run(&["SREM", "nokey", "a"], &[]),
    Step::Run(
        &["SMOVE", "s", "s2", "b"],
        &[
            ("__keyevent@0__:srem", "s"),
            ("__keyevent@0__:del", "s"),
            ("__keyevent@0__:new", "s2"),
            ("__keyevent@0__:sadd", "s2"),
        ],
    ),
    Step::Run(&["SMOVE", "s2", "s3", "x"], &[]),
    Step::Run(&["SMOVE", "nokey", "s3", "x"], &[]),
    Step::Run(
        &["SADD", "s", "a"],
        &[("__keyevent@0__:new", "s"), ("__keyevent@0__:sadd", "s")],
    ),
    Step::Run(
        &["SMOVE", "s2", "s", "b"],
        &[
            ("__keyevent@0__:srem", "s2"),
            ("__keyevent@0__:del", "s2"),
            ("__keyevent@0__:sadd", "s"),
        ],
    ),
    Step::Run(
        &["SADD", "s4", "a"],
        &[("__keyevent@0__:new", "s4"), ("__keyevent@0__:sadd", "s4")],
    ),
    Step::Run(&["SMOVE", "s", "s4", "a"], &[("__keyevent@0__:srem", "s")]),
    Step::Run(&["SMOVE", "s4", "s4", "a"], &[]),
    Step::Run(
        &["SADD", "p", "1", "2", "3", "4"],
        &[("__keyevent@0__:new", "p"), ("__keyevent@0__:sadd", "p")],
    ),
    Step::Run(&["SPOP", "p"], &[("__keyevent@0__:spop", "p")]),
    Step::Run(&["SPOP", "p", "0"], &[]),
    Step::Run(&["SPOP", "p", "1"], &[("__keyevent@0__:spop", "p")]),
    Step::Run(
        &["SPOP", "p", "5"],
        &[("__keyevent@0__:spop", "p"), ("__keyevent@0__:del", "p")],
    ),
    Step::Run(&["SPOP", "nokey"], &[]),
    Step::Run(&["SPOP", "nokey", "2"], &[]),
    Step::Run(
        &["SADD", "p", "1"],
        &[("__keyevent@0__:new", "p"), ("__keyevent@0__:sadd", "p")],
    ),
    Step::Run(
        &["SPOP", "p"],
        &[("__keyevent@0__:spop", "p"), ("__keyevent@0__:del", "p")],
    ),
    Step::Run(
        &["SADD", "x", "1", "2"],
        &[("__keyevent@0__:new", "x"), ("__keyevent@0__:sadd", "x")],
    ),
    Step::Run(
        &["SADD", "y", "2", "3"],
        &[("__keyevent@0__:new", "y"), ("__keyevent@0__:sadd", "y")],
    ),
    Step::Run(
        &["SINTERSTORE", "d", "x", "y"],
        &[
            ("__keyevent@0__:new", "d"),
            ("__keyevent@0__:sinterstore", "d"),
        ],
    ),
    Step::Run(
        &["SINTERSTORE", "d", "x", "nokey"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:del", "d"),
        ],
    ),
    Step::Run(
        &["SINTERSTORE", "d", "x", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SUNIONSTORE", "d", "x", "nokey"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:new", "d"),
            ("__keyevent@0__:sunionstore", "d"),
        ],
    ),
    Step::Run(
        &["SDIFFSTORE", "d2", "x", "y"],
        &[
            ("__keyevent@0__:new", "d2"),
            ("__keyevent@0__:sdiffstore", "d2"),
        ],
    ),
    Step::Run(
        &["SDIFFSTORE", "d2", "nokey", "x"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:del", "d2"),
        ],
    ),
    Step::Run(
        &["SDIFFSTORE", "d", "x", "x"],
        &[("__keyevent@0__:del", "d")],
    ),
    Step::Run(&["SCARD", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(
        &["SISMEMBER", "nokey", "a"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SMEMBERS", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SINTER", "nokey", "x"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SINTERCARD", "2", "nokey", "x"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SRANDMEMBER", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SMISMEMBER", "nokey", "a"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SSCAN", "nokey", "0"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SUNION", "nokey", "x"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SDIFF", "nokey", "x"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
];

/// `zsets`, under `notify-keyspace-events EAnm`.
const ZSETS: &[Step] = &[
    Step::Run(
        &["ZADD", "z", "1", "a", "2", "b"],
        &[("__keyevent@0__:new", "z"), ("__keyevent@0__:zadd", "z")],
    ),
    Step::Run(&["ZADD", "z", "1", "a"], &[]),
    Step::Run(&["ZADD", "z", "XX", "5", "nope"], &[]),
    Step::Run(
        &["ZADD", "z", "CH", "3", "a"],
        &[("__keyevent@0__:zadd", "z")],
    ),
    Step::Run(
        &["ZADD", "z", "INCR", "1", "a"],
        &[("__keyevent@0__:zincr", "z")],
    ),
    Step::Run(&["ZADD", "z", "NX", "INCR", "1", "a"], &[]),
    Step::Run(&["ZINCRBY", "z", "0", "a"], &[]),
    Step::Run(
        &["ZINCRBY", "z", "1", "c"],
        &[("__keyevent@0__:zincr", "z")],
    ),
    Step::Run(
        &["ZINCRBY", "nz", "1", "c"],
        &[("__keyevent@0__:new", "nz"), ("__keyevent@0__:zincr", "nz")],
    ),
    Step::Run(&["ZADD", "nz2", "XX", "1", "a"], &[]),
    Step::Run(&["ZADD", "z", "GT", "0", "a"], &[]),
    Step::Run(&["ZREM", "z", "nope"], &[]),
    Step::Run(&["ZREM", "z", "a"], &[("__keyevent@0__:zrem", "z")]),
    Step::Run(&["ZREM", "nokey", "a"], &[]),
    Step::Run(&["ZREMRANGEBYSCORE", "z", "100", "200"], &[]),
    Step::Run(
        &["ZREMRANGEBYRANK", "z", "0", "0"],
        &[("__keyevent@0__:zremrangebyrank", "z")],
    ),
    Step::Run(
        &["ZADD", "z", "1", "a", "2", "b", "3", "c"],
        &[("__keyevent@0__:zadd", "z")],
    ),
    Step::Run(
        &["ZREMRANGEBYLEX", "z", "[a", "[a"],
        &[("__keyevent@0__:zremrangebylex", "z")],
    ),
    Step::Run(&["ZPOPMIN", "z"], &[("__keyevent@0__:zpopmin", "z")]),
    Step::Run(&["ZPOPMIN", "z", "0"], &[]),
    Step::Run(
        &["ZPOPMAX", "z", "10"],
        &[("__keyevent@0__:zpopmax", "z"), ("__keyevent@0__:del", "z")],
    ),
    Step::Run(&["ZPOPMIN", "nokey"], &[]),
    Step::Run(
        &["ZADD", "z", "1", "a", "2", "b", "3", "c"],
        &[("__keyevent@0__:new", "z"), ("__keyevent@0__:zadd", "z")],
    ),
    Step::Run(
        &["ZMPOP", "2", "nokey", "z", "MIN"],
        &[("__keyevent@0__:zpopmin", "z")],
    ),
    Step::Run(
        &["ZMPOP", "1", "z", "MAX", "COUNT", "5"],
        &[("__keyevent@0__:zpopmax", "z"), ("__keyevent@0__:del", "z")],
    ),
    Step::Run(&["ZMPOP", "1", "z", "MAX"], &[]),
    Step::Run(
        &["ZADD", "z2", "1", "a", "2", "b"],
        &[("__keyevent@0__:new", "z2"), ("__keyevent@0__:zadd", "z2")],
    ),
    Step::Run(
        &["ZADD", "z3", "2", "b"],
        &[("__keyevent@0__:new", "z3"), ("__keyevent@0__:zadd", "z3")],
    ),
    Step::Run(
        &["ZUNIONSTORE", "d", "2", "z2", "nokey"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:new", "d"),
            ("__keyevent@0__:zunionstore", "d"),
        ],
    ),
    Step::Run(
        &["ZINTERSTORE", "d", "2", "z2", "nokey"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:del", "d"),
        ],
    ),
    Step::Run(
        &["ZINTERSTORE", "d", "2", "z2", "z3"],
        &[
            ("__keyevent@0__:new", "d"),
            ("__keyevent@0__:zinterstore", "d"),
        ],
    ),
    Step::Run(
        &["ZDIFFSTORE", "d", "2", "z2", "z3"],
        &[("__keyevent@0__:zdiffstore", "d")],
    ),
    Step::Run(
        &["ZDIFFSTORE", "d", "2", "z3", "z2"],
        &[("__keyevent@0__:del", "d")],
    ),
    Step::Run(
        &["ZRANGESTORE", "d", "z2", "0", "-1"],
        &[
            ("__keyevent@0__:new", "d"),
            ("__keyevent@0__:zrangestore", "d"),
        ],
    ),
    Step::Run(
        &["ZRANGESTORE", "d", "nokey", "0", "-1"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:del", "d"),
        ],
    ),
    Step::Run(&["ZRANGESTORE", "d", "z2", "5", "6"], &[]),
    Step::Run(
        &["ZREMRANGEBYRANK", "z2", "0", "-1"],
        &[
            ("__keyevent@0__:zremrangebyrank", "z2"),
            ("__keyevent@0__:del", "z2"),
        ],
    ),
    Step::Run(
        &["ZSCORE", "nokey", "a"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(&["ZCARD", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(
        &["ZRANGE", "nokey", "0", "-1"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZRANK", "nokey", "a"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZREVRANK", "nokey", "a"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZCOUNT", "nokey", "0", "1"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZLEXCOUNT", "nokey", "-", "+"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZMSCORE", "nokey", "a"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZRANDMEMBER", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZSCAN", "nokey", "0"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZUNION", "2", "nokey", "z3"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZINTER", "1", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZDIFF", "1", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZINTERCARD", "1", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZRANGEBYSCORE", "nokey", "0", "1"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZREVRANGE", "nokey", "0", "1"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["ZRANGEBYLEX", "nokey", "-", "+"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
];

/// `sort`, under `notify-keyspace-events EAnm`.
const SORT: &[Step] = &[
    Step::Run(&["SORT", "nokey"], &[("__keyevent@0__:keymiss", "nokey")]),
    Step::Run(
        &["RPUSH", "l", "2", "1"],
        &[("__keyevent@0__:new", "l"), ("__keyevent@0__:rpush", "l")],
    ),
    Step::Run(&["SORT", "l"], &[]),
    Step::Run(
        &["SORT", "l", "BY", "nosort", "GET", "g_*"],
        &[
            ("__keyevent@0__:keymiss", "g_2"),
            ("__keyevent@0__:keymiss", "g_1"),
        ],
    ),
    Step::Run(
        &["SET", "w_1", "1"],
        &[("__keyevent@0__:new", "w_1"), ("__keyevent@0__:set", "w_1")],
    ),
    Step::Run(
        &["SORT", "l", "BY", "w_*", "GET", "#"],
        &[("__keyevent@0__:keymiss", "w_2")],
    ),
    Step::Run(
        &["SORT", "l", "STORE", "dst"],
        &[
            ("__keyevent@0__:new", "dst"),
            ("__keyevent@0__:sortstore", "dst"),
        ],
    ),
    Step::Run(
        &["SORT", "l", "STORE", "dst"],
        &[("__keyevent@0__:sortstore", "dst")],
    ),
    Step::Run(
        &["SORT", "nokey", "STORE", "dst"],
        &[
            ("__keyevent@0__:keymiss", "nokey"),
            ("__keyevent@0__:del", "dst"),
        ],
    ),
    Step::Run(
        &["SORT", "nokey", "STORE", "dst"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SORT_RO", "nokey"],
        &[("__keyevent@0__:keymiss", "nokey")],
    ),
    Step::Run(
        &["SADD", "st", "b", "a"],
        &[("__keyevent@0__:new", "st"), ("__keyevent@0__:sadd", "st")],
    ),
    Step::Run(
        &["SORT", "st", "ALPHA", "STORE", "dst2"],
        &[
            ("__keyevent@0__:new", "dst2"),
            ("__keyevent@0__:sortstore", "dst2"),
        ],
    ),
];

/// `keyspace_and_keyevent`, under `notify-keyspace-events KEA`.
const KEYSPACE_AND_KEYEVENT: &[Step] = &[
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyspace@0__:k", "set"), ("__keyevent@0__:set", "k")],
    ),
    Step::Run(
        &["LPUSH", "l", "a"],
        &[("__keyspace@0__:l", "lpush"), ("__keyevent@0__:lpush", "l")],
    ),
    Step::Run(&["SELECT", "5"], &[]),
    Step::Run(
        &["HSET", "h", "f", "v"],
        &[("__keyspace@5__:h", "hset"), ("__keyevent@5__:hset", "h")],
    ),
    Step::Run(
        &["DEL", "h"],
        &[("__keyspace@5__:h", "del"), ("__keyevent@5__:del", "h")],
    ),
    Step::Run(&["GET", "nokey"], &[]),
    Step::Run(&["SELECT", "0"], &[]),
];

/// `keyspace_only`, under `notify-keyspace-events Kg$`.
const KEYSPACE_ONLY: &[Step] = &[
    Step::Run(&["SET", "k", "v"], &[("__keyspace@0__:k", "set")]),
    Step::Run(&["DEL", "k"], &[("__keyspace@0__:k", "del")]),
    Step::Run(&["LPUSH", "l", "a"], &[]),
    Step::Run(&["EXPIRE", "l", "100"], &[("__keyspace@0__:l", "expire")]),
];

/// `classes_filter`, under `notify-keyspace-events El`.
const CLASSES_FILTER: &[Step] = &[
    Step::Run(&["SET", "k", "v"], &[]),
    Step::Run(&["LPUSH", "l", "a"], &[("__keyevent@0__:lpush", "l")]),
    Step::Run(&["DEL", "l"], &[]),
    Step::Run(&["RPUSH", "l", "a"], &[("__keyevent@0__:rpush", "l")]),
    Step::Run(&["RPOP", "l"], &[("__keyevent@0__:rpop", "l")]),
    Step::Run(&["GET", "nokey"], &[]),
];

/// `new_only`, under `notify-keyspace-events En`.
const NEW_ONLY: &[Step] = &[
    Step::Run(&["SET", "k", "v"], &[("__keyevent@0__:new", "k")]),
    Step::Run(&["SET", "k", "w"], &[]),
    Step::Run(&["LPUSH", "l", "a"], &[("__keyevent@0__:new", "l")]),
    Step::Run(&["RENAME", "k", "l"], &[("__keyevent@0__:new", "l")]),
    Step::Run(&["SADD", "s", "a"], &[("__keyevent@0__:new", "s")]),
];

/// `keymiss_only`, under `notify-keyspace-events Km`.
const KEYMISS_ONLY: &[Step] = &[
    Step::Run(&["SET", "k", "v"], &[]),
    Step::Run(&["GET", "nokey"], &[("__keyspace@0__:nokey", "keymiss")]),
    Step::Run(&["GET", "k"], &[]),
    Step::Run(
        &["MGET", "k", "nokey"],
        &[("__keyspace@0__:nokey", "keymiss")],
    ),
    Step::Run(&["EXISTS", "nokey"], &[("__keyspace@0__:nokey", "keymiss")]),
];

/// `off_flags_only_classes`, under `notify-keyspace-events g$lshz`.
const OFF_FLAGS_ONLY_CLASSES: &[Step] = &[
    Step::Run(&["SET", "k", "v"], &[]),
    Step::Run(&["DEL", "k"], &[]),
];

/// `lazy_expiry`, under `notify-keyspace-events EAnm`.
const LAZY_EXPIRY: &[Step] = &[
    Step::Run(
        &["SET", "k", "v", "PX", "10"],
        &[
            ("__keyevent@0__:new", "k"),
            ("__keyevent@0__:set", "k"),
            ("__keyevent@0__:expire", "k"),
        ],
    ),
    Step::Run(
        &["SET", "e", "v", "PX", "10"],
        &[
            ("__keyevent@0__:new", "e"),
            ("__keyevent@0__:set", "e"),
            ("__keyevent@0__:expire", "e"),
        ],
    ),
    Step::Run(
        &["RPUSH", "l", "a"],
        &[("__keyevent@0__:new", "l"), ("__keyevent@0__:rpush", "l")],
    ),
    Step::Run(&["PEXPIRE", "l", "10"], &[("__keyevent@0__:expire", "l")]),
    Step::Run(
        &["SET", "g", "v", "PX", "10"],
        &[
            ("__keyevent@0__:new", "g"),
            ("__keyevent@0__:set", "g"),
            ("__keyevent@0__:expire", "g"),
        ],
    ),
    Step::Run(
        &["SET", "t", "v", "PX", "10"],
        &[
            ("__keyevent@0__:new", "t"),
            ("__keyevent@0__:set", "t"),
            ("__keyevent@0__:expire", "t"),
        ],
    ),
    Step::Run(
        &["SET", "r", "v", "PX", "10"],
        &[
            ("__keyevent@0__:new", "r"),
            ("__keyevent@0__:set", "r"),
            ("__keyevent@0__:expire", "r"),
        ],
    ),
    Step::Sleep(50, &[]),
    Step::Run(
        &["GET", "k"],
        &[
            ("__keyevent@0__:expired", "k"),
            ("__keyevent@0__:keymiss", "k"),
        ],
    ),
    Step::Run(
        &["SET", "e", "v2"],
        &[
            ("__keyevent@0__:expired", "e"),
            ("__keyevent@0__:new", "e"),
            ("__keyevent@0__:set", "e"),
        ],
    ),
    Step::Run(
        &["LPUSH", "l", "b"],
        &[
            ("__keyevent@0__:expired", "l"),
            ("__keyevent@0__:new", "l"),
            ("__keyevent@0__:lpush", "l"),
        ],
    ),
    Step::Run(
        &["EXISTS", "g"],
        &[
            ("__keyevent@0__:expired", "g"),
            ("__keyevent@0__:keymiss", "g"),
        ],
    ),
    Step::Run(
        &["TTL", "t"],
        &[
            ("__keyevent@0__:expired", "t"),
            ("__keyevent@0__:keymiss", "t"),
        ],
    ),
    Step::Fails(&["RENAME", "r", "x"], &[("__keyevent@0__:expired", "r")]),
];

/// `lazy_expiry_keyspace`, under `notify-keyspace-events Kx`.
const LAZY_EXPIRY_KEYSPACE: &[Step] = &[
    Step::Run(&["SET", "k", "v", "PX", "10"], &[]),
    Step::Sleep(50, &[]),
    Step::Run(&["GET", "k"], &[("__keyspace@0__:k", "expired")]),
    Step::Run(&["SET", "k", "v"], &[]),
];

/// `active_expiry`, under `notify-keyspace-events EAnm`.
const ACTIVE_EXPIRY: &[Step] = &[
    Step::Run(
        &["SET", "k", "v", "PX", "10"],
        &[
            ("__keyevent@0__:new", "k"),
            ("__keyevent@0__:set", "k"),
            ("__keyevent@0__:expire", "k"),
        ],
    ),
    Step::Run(
        &["SET", "k2", "v", "PX", "10"],
        &[
            ("__keyevent@0__:new", "k2"),
            ("__keyevent@0__:set", "k2"),
            ("__keyevent@0__:expire", "k2"),
        ],
    ),
    Step::Active(
        400,
        &[
            ("__keyevent@0__:expired", "k"),
            ("__keyevent@0__:expired", "k2"),
        ],
    ),
];

/// `eviction`, under `notify-keyspace-events EAnm`.
const EVICTION: &[Step] = &[
    Step::Run(&["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"], &[]),
    Step::Run(
        &["SET", "a", "1"],
        &[("__keyevent@0__:new", "a"), ("__keyevent@0__:set", "a")],
    ),
    Step::Run(
        &["CONFIG", "SET", "maxmemory", "1"],
        &[("__keyevent@0__:evicted", "a")],
    ),
    Step::Run(&["CONFIG", "SET", "maxmemory", "0"], &[]),
    Step::Run(&["CONFIG", "SET", "maxmemory-policy", "noeviction"], &[]),
];

/// `across_databases`, under `notify-keyspace-events EAnx`.
const ACROSS_DATABASES: &[Step] = &[
    Step::Run(&["SELECT", "1"], &[]),
    Step::Run(
        &["SET", "k", "v", "PX", "10"],
        &[
            ("__keyevent@1__:new", "k"),
            ("__keyevent@1__:set", "k"),
            ("__keyevent@1__:expire", "k"),
        ],
    ),
    Step::Run(
        &["SET", "c", "v", "PX", "10"],
        &[
            ("__keyevent@1__:new", "c"),
            ("__keyevent@1__:set", "c"),
            ("__keyevent@1__:expire", "c"),
        ],
    ),
    Step::Run(&["SELECT", "3"], &[]),
    Step::Run(
        &["SET", "k", "v"],
        &[("__keyevent@3__:new", "k"), ("__keyevent@3__:set", "k")],
    ),
    Step::Run(
        &["SET", "c", "v"],
        &[("__keyevent@3__:new", "c"), ("__keyevent@3__:set", "c")],
    ),
    Step::Sleep(50, &[]),
    Step::Run(
        &["MOVE", "k", "1"],
        &[
            ("__keyevent@1__:expired", "k"),
            ("__keyevent@1__:new", "k"),
            ("__keyevent@3__:move_from", "k"),
            ("__keyevent@1__:move_to", "k"),
        ],
    ),
    Step::Run(
        &["COPY", "c", "c", "DB", "1"],
        &[
            ("__keyevent@1__:expired", "c"),
            ("__keyevent@1__:new", "c"),
            ("__keyevent@1__:copy_to", "c"),
        ],
    ),
    Step::Run(&["SELECT", "0"], &[]),
];

/// `scan_and_randomkey`, under `notify-keyspace-events EAx`.
const SCAN_AND_RANDOMKEY: &[Step] = &[
    Step::Run(
        &["SET", "a", "v", "PX", "10"],
        &[("__keyevent@0__:set", "a"), ("__keyevent@0__:expire", "a")],
    ),
    Step::Sleep(50, &[]),
    Step::Run(&["SCAN", "0"], &[("__keyevent@0__:expired", "a")]),
    Step::Run(
        &["SET", "b", "v", "PX", "10"],
        &[("__keyevent@0__:set", "b"), ("__keyevent@0__:expire", "b")],
    ),
    Step::Sleep(50, &[]),
    Step::Run(&["RANDOMKEY"], &[("__keyevent@0__:expired", "b")]),
    Step::Run(
        &["SET", "c", "v", "PX", "10"],
        &[("__keyevent@0__:set", "c"), ("__keyevent@0__:expire", "c")],
    ),
    Step::Sleep(50, &[]),
    Step::Run(&["KEYS", "*"], &[]),
    Step::Run(&["DBSIZE"], &[]),
];

/// `lazy_user_del`, under `notify-keyspace-events Eg`.
const LAZY_USER_DEL: &[Step] = &[
    Step::Run(&["CONFIG", "SET", "lazyfree-lazy-user-del", "yes"], &[]),
    Step::Run(&["SET", "a", "1"], &[]),
    Step::Run(&["DEL", "a", "nokey"], &[("__keyevent@0__:del", "a")]),
    Step::Run(&["CONFIG", "SET", "lazyfree-lazy-user-del", "no"], &[]),
];

/// Every scenario with the flags it was recorded under.
pub(super) const SCENARIOS: &[(&str, &str, &[Step])] = &[
    ("strings", "EAnm", STRINGS),
    ("bits", "EAnm", BITS),
    ("keys", "EAnm", KEYS),
    ("lists", "EAnm", LISTS),
    ("hashes", "EAnm", HASHES),
    ("sets", "EAnm", SETS),
    ("zsets", "EAnm", ZSETS),
    ("sort", "EAnm", SORT),
    ("keyspace_and_keyevent", "KEA", KEYSPACE_AND_KEYEVENT),
    ("keyspace_only", "Kg$", KEYSPACE_ONLY),
    ("classes_filter", "El", CLASSES_FILTER),
    ("new_only", "En", NEW_ONLY),
    ("keymiss_only", "Km", KEYMISS_ONLY),
    ("off_flags_only_classes", "g$lshz", OFF_FLAGS_ONLY_CLASSES),
    ("lazy_expiry", "EAnm", LAZY_EXPIRY),
    ("lazy_expiry_keyspace", "Kx", LAZY_EXPIRY_KEYSPACE),
    ("active_expiry", "EAnm", ACTIVE_EXPIRY),
    ("eviction", "EAnm", EVICTION),
    ("across_databases", "EAnx", ACROSS_DATABASES),
    ("scan_and_randomkey", "EAx", SCAN_AND_RANDOMKEY),
    ("lazy_user_del", "Eg", LAZY_USER_DEL),
];
