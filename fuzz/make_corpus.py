#!/usr/bin/env python3
"""Writes the seed corpus in fuzz/corpus/ (run from anywhere; idempotent).

core: programs for the whole-core harness (see core/tests/fuzzing/mod.rs):
  send = bytes([conn << 3 | 0, len]) + chunk, advance = [4, v] (v*v ms),
  tick = [5], reconnect = [conn << 3 | 6], idle check = [conn << 3 | 7],
  unwritten replies = [conn << 3 | 0x27, v] (v*v*16 bytes).
decoder: bytes([flags, chunk_seed]) + stream.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def mb(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else a.encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def send(conn, data):
    out = b""
    for i in range(0, max(len(data), 1), 255):
        chunk = data[i:i + 255]
        out += bytes([conn << 3, len(chunk)]) + chunk
    return out


def advance(v):
    return bytes([4, v])


def crc64_redis(data):
    """CRC-64/REDIS (Jones polynomial, reflected), bit by bit."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x95AC9329AC4BC9B5 if crc & 1 else 0)
    return crc


def payload(body, version=10):
    """A DUMP payload: RDB value, version, CRC-64, both little endian."""
    body = body + version.to_bytes(2, "little")
    return body + crc64_redis(body).to_bytes(8, "little")


# RPUSH l a 1 -1 1000 as redis-server 7.0.15 DUMPs it (quicklist 2, one
# listpack node), and a hash listpack whose element count is odd.
LIST_BODY = bytes.fromhex("1201021212000000040081610201 01dfff02c3e802ff".replace(" ", ""))
ODD_HASH_BODY = bytes.fromhex("10 0a 0a000000 0100 8161 02 ff".replace(" ", ""))


TICK = bytes([5])

core = {
    "set_get": send(0, mb("SET", "k", "v") + mb("GET", "k") + mb("GET", "nokey")),
    "inline_basic": send(0, b"PING\r\nECHO hello\r\nSET a 1\r\nGET a\r\n"),
    "inline_quotes": send(0, b'SET "a b" "x\\x41\\n"\r\nGET \'a b\'\r\nECHO "unbalanced\r\n'),
    "lists": send(0, mb("LPUSH", "l", "a", "b", "c") + mb("RPUSH", "l", "d")
                  + mb("LPOP", "l") + mb("RPOP", "l", "2") + mb("LPOP", "l", "0") + mb("TYPE", "l")),
    "expire_tick": send(0, mb("SET", "k", "v", "PX", "50") + mb("EXPIRE", "k2", "1")
                        + mb("SET", "k2", "x") + mb("PEXPIRE", "k2", "30"))
    + advance(10) + TICK + send(0, mb("PTTL", "k") + mb("EXISTS", "k", "k2")),
    "expire_options": send(0, mb("SET", "k", "v") + mb("EXPIRE", "k", "100", "NX")
                           + mb("EXPIRE", "k", "50", "GT") + mb("EXPIRETIME", "k")
                           + mb("PERSIST", "k") + mb("TTL", "k") + mb("EXPIREAT", "k", "1")),
    "set_options": send(0, mb("SET", "k", "v", "NX", "GET") + mb("SET", "k", "w", "XX", "KEEPTTL")
                        + mb("SET", "k", "x", "EXAT", "1800000000") + mb("SETEX", "s", "10", "v")
                        + mb("PSETEX", "s", "-1", "v") + mb("SET", "k", "v", "EX", "0")),
    "pipeline_two_conns": send(0, mb("SET", "a", "1") + mb("SET", "b", "2")[:9])
    + send(1, mb("GET", "a")) + send(0, mb("SET", "b", "2")[9:] + mb("MGET", "a", "b")),
    "resp3": send(0, mb("HELLO", "3") + mb("CONFIG", "GET", "max*") + mb("GET", "x")
                  + mb("LPOP", "nol", "2") + mb("COMMAND", "INFO", "get")),
    "hello_setname": send(0, mb("HELLO", "2", "SETNAME", "me") + mb("CLIENT", "GETNAME")
                          + mb("CLIENT", "ID") + mb("CLIENT", "SETINFO", "LIB-NAME", "x")),
    "config_get_all": send(0, mb("CONFIG", "GET", "*")),
    "config_set_limits": send(0, mb("CONFIG", "SET", "proto-max-bulk-len", "1mb")
                              + mb("CONFIG", "SET", "client-query-buffer-limit", "1mb")
                              + mb("CONFIG", "SET", "timeout", "1")
                              + mb("CONFIG", "SET", "client-output-buffer-limit", "normal 100 50 1"))
    + advance(40) + bytes([7, 8 | 7]) + send(0, mb("GET", "k")),
    "obl_soft": send(0, mb("CONFIG", "SET", "client-output-buffer-limit", "normal 0 1000 1")
                     + mb("SET", "k", "v" * 200) + mb("GET", "k")) + bytes([0x27, 10])
    + advance(40) + bytes([0x27, 10]) + send(0, mb("PING")),
    "obl_hard": send(0, mb("CONFIG", "SET", "client-output-buffer-limit", "normal 64 0 0")
                     + mb("SET", "k", "v" * 100) + mb("GET", "k") + mb("PING")),
    "maxmemory_lru": send(0, mb("CONFIG", "SET", "maxmemory", "2000")
                          + mb("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
                          + b"".join(mb("SET", "k%d" % i, "v" * 40) for i in range(4)))
    + send(0, b"".join(mb("SET", "k%d" % i, "v" * 40) for i in range(4, 8))
           + mb("DBSIZE") + mb("MEMORY", "USAGE", "k7")),
    "maxmemory_noeviction": send(0, mb("CONFIG", "SET", "maxmemory", "1")
                                 + mb("SET", "k", "v") + mb("GET", "k") + mb("DEL", "k")),
    "requirepass": send(0, mb("CONFIG", "SET", "requirepass", "pw")) + bytes([8 | 6])
    + send(1, mb("PING") + mb("AUTH", "bad") + mb("AUTH", "pw") + mb("PING")),
    "unauth_big": send(0, mb("CONFIG", "SET", "requirepass", "pw")) + bytes([8 | 6])
    + send(1, b"*11\r\n"),
    "select_flush": send(0, mb("SELECT", "3") + mb("SET", "k", "v") + mb("DBSIZE")
                         + mb("FLUSHDB") + mb("SELECT", "16") + mb("FLUSHALL")),
    "info": send(0, mb("INFO") + mb("INFO", "stats", "keyspace") + mb("TIME")),
    "errors": send(0, mb("NOSUCH") + mb("GET") + mb("SET", "k") + mb("LPUSH", "k")
                   + mb("SET", "s", "v") + mb("LPUSH", "s", "x") + mb("EXPIRE", "s", "x")),
    "proto_err_dollar": send(0, b"*1\r\nx\r\n"),
    "proto_err_mbulk": send(0, b"*abc\r\n"),
    "proto_err_bulk": send(0, b"*1\r\n$-5\r\n"),
    "announce_huge": send(0, b"*2147483647\r\n$536870912\r\nabc"),
    "quit_mid_pipeline": send(0, mb("PING") + mb("QUIT") + mb("PING")),
    "shutdown": send(0, mb("SHUTDOWN", "NOSAVE")),
    "snapshots": send(0, mb("SET", "k", "v") + mb("RPUSH", "l", "a") + mb("BGSAVE")
                      + mb("SET", "k", "w") + mb("BGSAVE", "SCHEDULE") + mb("LASTSAVE"))
    + TICK + advance(2) + TICK
    + send(0, mb("SAVE") + mb("DEL", "k") + mb("CONFIG", "SET", "save", "1 1")
           + mb("INFO", "persistence") + mb("FLUSHALL") + mb("SHUTDOWN", "SAVE", "FORCE")),
    "aof_rewrites": send(0, mb("CONFIG", "SET", "appendonly", "yes") + mb("SET", "k", "v")
                         + mb("BGREWRITEAOF") + mb("BGSAVE") + mb("BGSAVE", "SCHEDULE")
                         + mb("BGREWRITEAOF") + mb("INFO", "persistence"))
    + TICK + advance(2) + TICK
    + send(0, mb("MULTI") + mb("BGREWRITEAOF") + mb("EXEC")
           + mb("CONFIG", "SET", "appendonly", "no")),
    "idle_timeout": send(0, mb("CONFIG", "SET", "timeout", "2")) + advance(50) + bytes([7])
    + advance(30) + bytes([7, 8 | 7]),
    "reconnect_partial": send(1, b"*3\r\n$3\r\nSET\r\n$1\r\nk") + bytes([8 | 6])
    + send(1, mb("GET", "k")),
    "empty_lines": send(0, b"\r\n\n\r\n*0\r\n*-1\r\nPING\n"),
    "binary_values": send(0, mb("SET", b"\x00\xff\r\n", b"\r\n$3\r\n") + mb("GET", b"\x00\xff\r\n")),
    "command_docs": send(0, mb("COMMAND", "COUNT") + mb("COMMAND", "DOCS", "set")
                         + mb("CLUSTER", "INFO") + mb("READONLY")),
    "memory_usage": send(0, mb("LPUSH", "l", "a", "b") + mb("MEMORY", "USAGE", "l", "SAMPLES", "0")
                         + mb("MEMORY", "USAGE", "l", "SAMPLES", "-1")),
    "hashes": send(0, mb("CONFIG", "SET", "hash-max-listpack-entries", "2")
                   + mb("HSET", "h", "a", "1", "b", "2") + mb("HSET", "h", "c", "x" * 70)
                   + mb("HINCRBY", "h", "a", "5") + mb("HINCRBYFLOAT", "h", "b", "0.1")
                   + mb("HRANDFIELD", "h", "-3", "WITHVALUES") + mb("HSCAN", "h", "0", "MATCH", "*", "COUNT", "1")
                   + mb("HDEL", "h", "a") + mb("HGETALL", "h") + mb("MEMORY", "USAGE", "h")),
    "hashes_all": send(0, mb("HSET", "h", "f", "v", "g", "w") + mb("HSETNX", "h", "f", "x")
                       + mb("HMSET", "h", "a", "1") + mb("HGET", "h", "f") + mb("HMGET", "h", "f", "zz")
                       + mb("HEXISTS", "h", "g") + mb("HSTRLEN", "h", "g") + mb("HLEN", "h")
                       + mb("HKEYS", "h") + mb("HVALS", "h") + mb("HSET", "h", "odd")),
    "sets": send(0, mb("SADD", "s", "1", "2", "3") + mb("SADD", "t", "a", "2") + mb("SCARD", "s")
                 + mb("SISMEMBER", "s", "2") + mb("SMISMEMBER", "s", "2", "9") + mb("SMEMBERS", "t")
                 + mb("SINTER", "s", "t") + mb("SUNION", "s", "t") + mb("SDIFF", "s", "t")
                 + mb("SINTERCARD", "2", "s", "t", "LIMIT", "1") + mb("SINTERSTORE", "d", "s", "t")
                 + mb("SUNIONSTORE", "d", "s", "t") + mb("SDIFFSTORE", "d", "s", "t")
                 + mb("SMOVE", "s", "t", "1") + mb("SRANDMEMBER", "s", "-5") + mb("SPOP", "t", "2")
                 + mb("SSCAN", "s", "0", "MATCH", "*", "COUNT", "2") + mb("SREM", "s", "3", "x")
                 + mb("SINTERCARD", "0", "s")),
    "geo": send(0, mb("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania")
                + mb("GEOADD", "g", "NX", "CH", "1", "1", "a") + mb("GEOADD", "g", "XX", "200", "1", "a")
                + mb("GEOPOS", "g", "Palermo", "nope") + mb("GEOHASH", "g", "Catania")
                + mb("GEODIST", "g", "Palermo", "Catania", "km")
                + mb("GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "COUNT", "2", "ANY",
                     "WITHCOORD", "WITHDIST", "WITHHASH")
                + mb("GEOSEARCH", "g", "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "mi", "DESC")
                + mb("GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "m", "STOREDIST")
                + mb("GEORADIUS", "g", "15", "37", "200", "ft", "STORE", "d")
                + mb("GEORADIUS_RO", "g", "15", "37", "-1", "M")
                + mb("GEORADIUSBYMEMBER", "g", "Palermo", "100", "km", "STOREDIST", "d")
                + mb("GEORADIUSBYMEMBER_RO", "g", "Palermo", "100", "km", "WITHDIST")),
    "sort": send(0, mb("RPUSH", "l", "3", "1", "2") + mb("SET", "w_1", "9") + mb("HSET", "h_2", "f", "x")
                 + mb("SORT", "l") + mb("SORT", "l", "DESC", "LIMIT", "0", "2", "ALPHA")
                 + mb("SORT", "l", "BY", "w_*", "GET", "#", "GET", "h_*->f", "STORE", "d")
                 + mb("SORT", "l", "BY", "nosort") + mb("SORT_RO", "l", "STORE", "d")
                 + mb("SORT_RO", "l", "ALPHA")),
    "time_jump_expiry": send(0, b"".join(mb("SET", "k%d" % i, "v", "PX", str(i * 7 + 1)) for i in range(10)))
    + advance(255) + TICK + advance(3) + TICK + send(0, mb("DBSIZE")),
    # One seed per command group: every command of the group with its
    # options, edge values and errors, so the fuzzer starts from each.
    "strings_more": send(0, mb("APPEND", "s", "abc") + mb("APPEND", "s", "def") + mb("GETRANGE", "s", "1", "-2")
                         + mb("SUBSTR", "s", "-100", "100") + mb("SETRANGE", "s", "10", "x")
                         + mb("SETRANGE", "n", "0", "") + mb("STRLEN", "s") + mb("MSET", "a", "1", "b", "2")
                         + mb("MSETNX", "a", "3", "c", "4") + mb("MGET", "a", "b", "c") + mb("GETDEL", "a")
                         + mb("GETEX", "b", "PX", "100") + mb("GETEX", "b", "PERSIST") + mb("GETSET", "b", "9")
                         + mb("SETNX", "b", "0") + mb("SET", "x", "ohmytext") + mb("SET", "y", "mynewtext")
                         + mb("LCS", "x", "y") + mb("LCS", "x", "y", "LEN")
                         + mb("LCS", "x", "y", "IDX", "MINMATCHLEN", "2", "WITHMATCHLEN")),
    "counters": send(0, mb("INCR", "c") + mb("INCRBY", "c", "9223372036854775806") + mb("INCR", "c")
                     + mb("DECR", "d") + mb("DECRBY", "d", "-9223372036854775808") + mb("DECRBY", "d", "5")
                     + mb("SET", "f", "1.5") + mb("INCRBYFLOAT", "f", "1e308") + mb("INCRBYFLOAT", "f", "1e308")
                     + mb("INCRBYFLOAT", "f", "-inf") + mb("INCRBYFLOAT", "g", "0x10")
                     + mb("SET", "t", "abc") + mb("INCR", "t") + mb("SET", "sp", " 1") + mb("INCR", "sp")),
    "bitmaps": send(0, mb("SETBIT", "b", "7", "1") + mb("SETBIT", "b", "100", "1") + mb("GETBIT", "b", "100")
                    + mb("SETBIT", "b", "4294967296", "1") + mb("SETBIT", "b", "1", "2")
                    + mb("BITCOUNT", "b") + mb("BITCOUNT", "b", "0", "-1", "BIT") + mb("BITCOUNT", "b", "1", "0", "BYTE")
                    + mb("BITPOS", "b", "1") + mb("BITPOS", "b", "0", "2", "-1", "BIT") + mb("BITPOS", "none", "0")
                    + mb("SET", "c", b"\xff\x0f") + mb("BITOP", "AND", "d", "b", "c") + mb("BITOP", "OR", "d", "b", "c", "x")
                    + mb("BITOP", "XOR", "d", "b") + mb("BITOP", "NOT", "d", "c") + mb("BITOP", "NOT", "d", "b", "c")),
    "bitfield": send(0, mb("BITFIELD", "f", "SET", "u8", "0", "255", "GET", "i4", "4", "INCRBY", "u2", "100", "1")
                     + mb("BITFIELD", "f", "OVERFLOW", "SAT", "INCRBY", "i8", "#1", "200", "OVERFLOW", "FAIL",
                          "INCRBY", "u8", "0", "300", "OVERFLOW", "WRAP", "INCRBY", "i64", "0", "-1")
                     + mb("BITFIELD_RO", "f", "GET", "u8", "0", "GET", "i63", "#2")
                     + mb("BITFIELD", "f", "GET", "u64", "0") + mb("BITFIELD", "f", "SET", "i8", "-1", "1")
                     + mb("BITFIELD_RO", "f", "SET", "u8", "0", "1") + mb("BITFIELD", "f")
                     + mb("BITFIELD", "f", "GET", "u8", "4294967295")),
    "dump_restore": send(0, mb("RPUSH", "l", "a", "b") + mb("HSET", "h", "f", "v") + mb("ZADD", "z", "1", "m")
                         + mb("SADD", "s", "1", "x") + mb("XADD", "x", "1-1", "f", "v") + mb("SET", "n", "12")
                         + mb("DUMP", "l") + mb("DUMP", "h") + mb("DUMP", "z") + mb("DUMP", "s") + mb("DUMP", "x")
                         + mb("DUMP", "n") + mb("DUMP", "nokey")
                         + mb("RESTORE", "r", "0", payload(LIST_BODY)) + mb("RESTORE", "r", "0", payload(LIST_BODY))
                         + mb("RESTORE", "r", "100", payload(LIST_BODY), "REPLACE", "IDLETIME", "10")
                         + mb("RESTORE", "r2", "99999999999999", payload(LIST_BODY), "ABSTTL", "FREQ", "5")
                         + mb("RESTORE", "r3", "1", payload(LIST_BODY), "ABSTTL")
                         + mb("RESTORE", "r4", "-1", payload(LIST_BODY)) + mb("RESTORE", "r4", "0", b"bad")
                         + mb("RESTORE", "r4", "0", payload(LIST_BODY, 11))
                         + mb("RESTORE", "r4", "0", payload(ODD_HASH_BODY))
                         + mb("RESTORE", "r4", "0", payload(LIST_BODY), "IDLETIME", "1", "FREQ", "1")
                         + mb("RESTORE", "r4", "0", payload(LIST_BODY), "FREQ", "256")
                         + mb("LRANGE", "r", "0", "-1") + mb("OBJECT", "IDLETIME", "r")),
    "keys_moves": send(0, mb("SET", "a", "1", "EX", "100") + mb("COPY", "a", "b") + mb("COPY", "a", "b")
                       + mb("COPY", "a", "b", "REPLACE") + mb("COPY", "a", "c", "DB", "2") + mb("RENAME", "a", "x")
                       + mb("RENAMENX", "x", "b") + mb("RENAME", "x", "x") + mb("RENAME", "nokey", "y")
                       + mb("MOVE", "x", "3") + mb("MOVE", "b", "0") + mb("SWAPDB", "0", "3") + mb("SWAPDB", "0", "16")
                       + mb("TOUCH", "x", "b", "c") + mb("UNLINK", "x", "nokey") + mb("KEYS", "*")
                       + mb("KEYS", "[a-c]?\\") + mb("RANDOMKEY") + mb("SELECT", "3") + mb("DBSIZE")),
    "scan_object": send(0, b"".join(mb("SET", "k%d" % i, str(i)) for i in range(12))
                        + mb("RPUSH", "l", "a") + mb("ZADD", "z", "1", "m") + mb("SET", "r", "x" * 50)
                        + mb("SCAN", "0") + mb("SCAN", "0", "MATCH", "k1*", "COUNT", "3") + mb("SCAN", "0", "TYPE", "list")
                        + mb("SCAN", "7", "COUNT", "0") + mb("SCAN", "x")
                        + mb("OBJECT", "ENCODING", "k1") + mb("OBJECT", "ENCODING", "r") + mb("OBJECT", "ENCODING", "l")
                        + mb("OBJECT", "ENCODING", "z") + mb("OBJECT", "REFCOUNT", "k1") + mb("OBJECT", "IDLETIME", "k1")
                        + mb("OBJECT", "FREQ", "k1") + mb("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
                        + mb("OBJECT", "FREQ", "k1") + mb("OBJECT", "IDLETIME", "k1") + mb("OBJECT", "HELP")
                        + mb("OBJECT", "ENCODING", "nokey")),
    "lists_index": send(0, mb("RPUSH", "l", "a", "b", "c", "d", "c") + mb("LINDEX", "l", "-1") + mb("LINDEX", "l", "9")
                        + mb("LINSERT", "l", "BEFORE", "c", "x") + mb("LINSERT", "l", "AFTER", "zz", "y")
                        + mb("LLEN", "l") + mb("LMOVE", "l", "m", "LEFT", "RIGHT") + mb("LMOVE", "l", "l", "RIGHT", "LEFT")
                        + mb("LMPOP", "2", "none", "l", "LEFT", "COUNT", "2") + mb("LMPOP", "0", "l", "LEFT")
                        + mb("LPOS", "l", "c", "RANK", "-1", "COUNT", "0", "MAXLEN", "10") + mb("LPOS", "l", "c", "RANK", "0")
                        + mb("LRANGE", "l", "0", "-1") + mb("LREM", "l", "-1", "c") + mb("LSET", "l", "0", "z")
                        + mb("LSET", "l", "99", "z") + mb("LTRIM", "l", "1", "-1") + mb("RPOPLPUSH", "l", "l")
                        + mb("LPUSHX", "l", "p") + mb("RPUSHX", "none", "p") + mb("CONFIG", "SET", "list-max-listpack-size", "2")
                        + mb("RPUSH", "q", *["v%d" % i for i in range(9)]) + mb("OBJECT", "ENCODING", "q")
                        + mb("LINSERT", "q", "AFTER", "v4", "w") + mb("LRANGE", "q", "-3", "100") + mb("LTRIM", "q", "5", "2")),
    "zsets": send(0, mb("ZADD", "z", "NX", "CH", "1", "a", "2", "b", "3", "c") + mb("ZADD", "z", "GT", "CH", "0", "a", "5", "b")
                  + mb("ZADD", "z", "INCR", "1.5", "a") + mb("ZADD", "z", "NX", "XX", "1", "a") + mb("ZADD", "z", "nan", "a")
                  + mb("ZINCRBY", "z", "-inf", "c") + mb("ZSCORE", "z", "a") + mb("ZMSCORE", "z", "a", "none")
                  + mb("ZRANK", "z", "b") + mb("ZREVRANK", "z", "b") + mb("ZCARD", "z") + mb("ZCOUNT", "z", "(1", "+inf")
                  + mb("ZADD", "lex", "0", "a", "0", "b", "0", "c") + mb("ZLEXCOUNT", "lex", "[a", "+")
                  + mb("ZRANGE", "z", "0", "-1", "WITHSCORES") + mb("ZRANGE", "z", "(1", "5", "BYSCORE", "LIMIT", "0", "2")
                  + mb("ZRANGE", "lex", "(c", "[a", "BYLEX", "REV") + mb("ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES")
                  + mb("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "1", "-1") + mb("ZRANGEBYLEX", "lex", "-", "+")
                  + mb("ZREVRANGEBYLEX", "lex", "+", "(a") + mb("ZREVRANGE", "z", "0", "1") + mb("ZRANGESTORE", "d", "z", "0", "-1")
                  + mb("ZRANDMEMBER", "z", "-5", "WITHSCORES") + mb("ZRANDMEMBER", "z")
                  + mb("ZSCAN", "z", "0", "MATCH", "*", "COUNT", "10") + mb("ZPOPMIN", "z", "2") + mb("ZPOPMAX", "z")
                  + mb("ZMPOP", "2", "none", "lex", "MIN", "COUNT", "2") + mb("ZREMRANGEBYRANK", "d", "0", "0")
                  + mb("ZREMRANGEBYSCORE", "d", "-inf", "(2") + mb("ZREMRANGEBYLEX", "lex", "-", "+") + mb("ZREM", "d", "a", "b")),
    "zsets_large": send(0, mb("CONFIG", "SET", "zset-max-listpack-entries", "2")
                        + mb("ZADD", "z", *[x for i in range(20) for x in (str(i % 7), "m%d" % i)])
                        + mb("OBJECT", "ENCODING", "z") + mb("ZRANK", "z", "m13") + mb("ZRANGE", "z", "5", "10", "REV")
                        + mb("ZRANGE", "z", "2", "(5", "BYSCORE", "LIMIT", "2", "3") + mb("ZREMRANGEBYRANK", "z", "-5", "-1")
                        + mb("ZPOPMIN", "z", "3") + mb("ZRANDMEMBER", "z", "30") + mb("ZCOUNT", "z", "-inf", "(3")),
    "zsets_setops": send(0, mb("ZADD", "a", "1", "x", "2", "y") + mb("ZADD", "b", "3", "y", "4", "z") + mb("SET", "s", "v")
                         + mb("ZUNIONSTORE", "out", "2", "a", "b", "WEIGHTS", "1", "2", "AGGREGATE", "MAX")
                         + mb("ZINTER", "2", "a", "b", "WITHSCORES") + mb("ZINTERCARD", "2", "a", "b", "LIMIT", "1")
                         + mb("ZINTERSTORE", "out", "2", "a", "b", "AGGREGATE", "MIN") + mb("ZDIFF", "2", "a", "b")
                         + mb("ZDIFFSTORE", "out", "1", "a") + mb("ZUNION", "3", "a", "b", "none", "WEIGHTS", "1", "inf", "-inf")
                         + mb("ZUNION", "9223372036854775807", "a") + mb("ZUNION", "0", "a") + mb("ZINTER", "2", "a", "s")),
    "config_more": send(0, mb("CONFIG", "GET", "*max*", "hz") + mb("CONFIG", "SET", "hz", "500", "timeout", "0")
                        + mb("CONFIG", "SET", "hz", "1", "hz", "2") + mb("CONFIG", "SET", "maxmemory", "1gb", "nosuch", "1")
                        + mb("CONFIG", "SET", "maxmemory-policy", "volatile-lfu") + mb("CONFIG", "GET", "maxmemory-policy")
                        + mb("CONFIG", "SET", "slave-read-only", "no") + mb("CONFIG", "REWRITE") + mb("CONFIG", "HELP")
                        + mb("CONFIG", "RESETSTAT") + mb("CONFIG") + mb("CONFIG", "GET") + mb("CONFIG", "NOSUCH")),
    "info_stats": send(0, mb("GET") + mb("NOSUCH") + mb("SET", "k", "v") + mb("LPUSH", "k", "v") + mb("CONFIG", "GET", "x")
                       + mb("INFO", "commandstats", "errorstats") + mb("INFO", "everything") + mb("INFO", "all")
                       + mb("INFO", "default", "KEYSPACE") + mb("CONFIG", "RESETSTAT") + mb("INFO", "stats")
                       + mb("INFO", "latencystats", "cpu", "memory")),
    "command_introspection": send(0, mb("COMMAND", "GETKEYS", "set", "a", "b") + mb("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "GET")
                                  + mb("COMMAND", "GETKEYS", "zunionstore", "d", "2", "a", "b")
                                  + mb("COMMAND", "GETKEYS", "lmpop", "2", "a", "b", "LEFT")
                                  + mb("COMMAND", "GETKEYS", "zunion", "99", "a") + mb("COMMAND", "GETKEYS", "ping")
                                  + mb("COMMAND", "LIST") + mb("COMMAND", "LIST", "FILTERBY", "PATTERN", "z*")
                                  + mb("COMMAND", "LIST", "FILTERBY", "ACLCAT", "list") + mb("COMMAND", "INFO", "get", "config|get", "x")
                                  + mb("COMMAND", "DOCS", "zadd", "client|setname") + mb("COMMAND", "HELP") + mb("COMMAND")),
    "resp3_replies": send(0, mb("HELLO", "3") + mb("ZADD", "z", "1.5", "a", "inf", "b") + mb("ZRANGE", "z", "0", "-1", "WITHSCORES")
                          + mb("ZSCORE", "z", "b") + mb("ZRANDMEMBER", "z", "2", "WITHSCORES") + mb("ZPOPMIN", "z")
                          + mb("INCRBYFLOAT", "f", "2.5") + mb("LPOS", "none", "a") + mb("ZMPOP", "1", "z", "MAX")
                          + mb("LCS", "none", "none2", "IDX") + mb("COMMAND", "DOCS", "get") + mb("INFO", "errorstats")),
    "expiry_misc": send(0, mb("SET", "k", "v") + mb("PEXPIREAT", "k", "99999999999999", "NX") + mb("PEXPIRETIME", "k")
                        + mb("EXPIRETIME", "none") + mb("PEXPIREAT", "k", "1") + mb("READWRITE") + mb("READONLY")
                        + mb("CLIENT", "SETINFO", "LIB-VER", "1") + mb("CLIENT", "GETNAME") + mb("TIME")
                        + mb("ECHO", b"\x00\r\n")),
    "blocking": send(0, mb("BLPOP", "l", "other", "0.5") + mb("PING"))
    + send(1, mb("RPUSH", "l", "a", "b") + mb("BRPOPLPUSH", "none", "l", "0.01")
           + mb("BLMOVE", "none", "l", "LEFT", "RIGHT", "0")) + send(2, mb("CLIENT", "UNBLOCK", "2", "ERROR"))
    + send(0, mb("BRPOP", "l", "1") + mb("BLMPOP", "0.1", "2", "x", "l", "LEFT", "COUNT", "2")
           + mb("BZPOPMIN", "z", "0.2") + mb("ECHO", "after"))
    + send(1, mb("ZADD", "z", "1", "a", "2", "b") + mb("BZPOPMAX", "z", "0") + mb("BZMPOP", "0", "1", "z", "MIN")
           + mb("BZMPOP", "0.05", "1", "z", "MAX", "COUNT", "3") + mb("BLPOP", "l", "nan")
           + mb("BLPOP", "l", "-1") + mb("CLIENT", "UNBLOCK", "1", "TIMEOUT"))
    + advance(30) + TICK,
    "pubsub": send(0, mb("SUBSCRIBE", "ch", "ch2") + mb("PSUBSCRIBE", "c*", "[") + mb("SSUBSCRIBE", "sh")
                   + mb("GET", "k") + mb("PING") + mb("PING", "x"))
    + send(1, mb("HELLO", "3") + mb("SUBSCRIBE", "ch") + mb("PUBLISH", "ch", "self") + mb("GET", "k"))
    + send(2, mb("PUBLISH", "ch", "m") + mb("SPUBLISH", "sh", "m") + mb("PUBLISH", "cx", b"\x00\r\n")
           + mb("PUBSUB", "CHANNELS") + mb("PUBSUB", "CHANNELS", "c*") + mb("PUBSUB", "NUMSUB", "ch", "x")
           + mb("PUBSUB", "NUMPAT") + mb("PUBSUB", "SHARDCHANNELS") + mb("PUBSUB", "SHARDNUMSUB", "sh")
           + mb("PUBSUB", "HELP") + mb("PUBSUB", "CHANNELS", "a", "b") + mb("INFO", "stats"))
    + bytes([0x27, 3]) + send(0, mb("UNSUBSCRIBE", "ch") + mb("UNSUBSCRIBE") + mb("PUNSUBSCRIBE")
                             + mb("SUNSUBSCRIBE") + mb("SUNSUBSCRIBE", "x") + mb("UNSUBSCRIBE"))
    + bytes([8 | 6]) + send(2, mb("PUBLISH", "ch", "gone")),
    "clients": send(0, mb("CLIENT", "LIST") + mb("CLIENT", "LIST", "TYPE", "normal")
                    + mb("CLIENT", "LIST", "ID", "1", "2", "x") + mb("CLIENT", "LIST", "ID", "2", "1")
                    + mb("CLIENT", "INFO") + mb("CLIENT", "NO-EVICT", "on") + mb("CLIENT", "REPLY", "SKIP")
                    + mb("PING") + mb("CLIENT", "REPLY", "OFF") + mb("PING") + mb("CLIENT", "REPLY", "ON")
                    + mb("CLIENT", "GETREDIR") + mb("CLIENT", "TRACKINGINFO") + mb("CLIENT", "TRACKING", "off")
                    + mb("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a")
                    + mb("CLIENT", "TRACKING", "on", "REDIRECT", "2", "OPTIN", "OPTOUT", "NOLOOP")
                    + mb("CLIENT", "CACHING", "yes") + mb("CLIENT", "HELP"))
    + send(1, mb("SUBSCRIBE", "ch")) + send(2, mb("CLIENT", "KILL", "TYPE", "pubsub", "USER", "default")
                                               + mb("CLIENT", "KILL", "ADDR", "?:0", "LADDR", "?:0", "SKIPME", "yes")
                                               + mb("CLIENT", "KILL", "ID", "1", "SKIPME", "no")
                                               + mb("CLIENT", "KILL", "?:0") + mb("PING")),
    "monitor_pause": send(0, mb("MONITOR") + mb("GET", "k") + mb("PING"))
    + send(1, mb("SET", "k", b"a\x00\r\n\"") + mb("AUTH", "x") + mb("HELLO", "2", "AUTH", "default", "p")
           + mb("SELECT", "2"))
    + send(2, mb("CLIENT", "PAUSE", "50", "WRITE")) + send(1, mb("SET", "k", "v") + mb("GET", "k"))
    + send(2, mb("CLIENT", "UNPAUSE") + mb("CLIENT", "PAUSE", "20") + mb("PING"))
    + advance(5) + TICK + send(3, mb("RESET") + mb("PING")) + send(0, mb("RESET") + mb("PING")),
    # Conn 0 never takes its messages: closed at the pubsub limits.
    "pubsub_slow_reader": send(0, mb("CONFIG", "SET", "client-output-buffer-limit", "pubsub 300 100 1")
                               + mb("SUBSCRIBE", "ch")) + send(1, mb("SUBSCRIBE", "ch"))
    + send(2, mb("PUBLISH", "ch", "v" * 60)) + advance(40) + TICK
    + send(2, b"".join(mb("PUBLISH", "ch", "v" * 60) for _ in range(4)) + mb("PUBSUB", "NUMSUB", "ch")),
    # Transactions on two connections: a queue with errors inside, a
    # refused command aborting it, WATCH touched by the other connection,
    # by a flush and by expiry, and a transaction left open at a reconnect.
    "transactions": send(0, mb("SET", "x", "1") + mb("WATCH", "x", "y") + mb("MULTI") + mb("INCR", "x")
                         + mb("LPUSH", "x", "a") + mb("MULTI") + mb("WATCH", "z") + mb("GET", "x"))
    + send(1, mb("SET", "y", "2", "PX", "5") + mb("MULTI") + mb("GET") + mb("SET", "x", "2") + mb("EXEC"))
    + send(0, mb("EXEC") + mb("EXEC") + mb("DISCARD") + mb("WATCH", "x") + mb("UNWATCH") + mb("WATCH", "y"))
    + advance(3) + TICK + send(1, mb("FLUSHALL") + mb("MULTI") + mb("SHUTDOWN") + mb("DISCARD")
                               + mb("HELLO", "3") + mb("WATCH", "x") + mb("MULTI") + mb("HGETALL", "h")
                               + mb("EXEC", "x") + mb("MULTI") + mb("SWAPDB", "0", "1") + mb("SET", "k", "v"))
    + send(0, mb("MULTI") + mb("PING") + mb("EXEC")) + bytes([8 | 6]) + send(1, mb("EXEC")),
    # Streams: IDs of every form, trimming, ranges, groups and their
    # pending entries, and XREAD/XREADGROUP blocking (woken by XADD, $
    # resolved when blocking, timed out, and answered at once in MULTI).
    "streams": send(0, mb("XADD", "s", "1-1", "a", "1") + mb("XADD", "s", "1-*", "b", "2")
                    + mb("XADD", "s", "MAXLEN", "~", "10", "LIMIT", "5", "*", "c", "3")
                    + mb("XADD", "s", "MINID", "=", "0", "2-0", "d", "4") + mb("XADD", "s", "0-0", "a", "b")
                    + mb("XADD", "s", "NOMKSTREAM", "1", "x") + mb("XADD", "nos", "NOMKSTREAM", "*", "a", "b")
                    + mb("XLEN", "s") + mb("XRANGE", "s", "-", "+", "COUNT", "2") + mb("XREVRANGE", "s", "+", "(1-1")
                    + mb("XDEL", "s", "1-2", "9-9") + mb("XTRIM", "s", "MAXLEN", "=", "5") + mb("XTRIM", "s", "MINID", "1")
                    + mb("XSETID", "s", "99-0", "ENTRIESADDED", "10", "MAXDELETEDID", "1-0")
                    + mb("XGROUP", "CREATE", "s", "g", "0", "ENTRIESREAD", "0") + mb("XGROUP", "CREATE", "m", "g", "$", "MKSTREAM")
                    + mb("XGROUP", "CREATECONSUMER", "s", "g", "c0") + mb("XGROUP", "SETID", "s", "g", "$")
                    + mb("XGROUP", "SETID", "s", "g", "0") + mb("XGROUP", "HELP")
                    + mb("XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "NOACK", "STREAMS", "s", ">")
                    + mb("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">") + mb("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0")
                    + mb("XPENDING", "s", "g") + mb("XPENDING", "s", "g", "IDLE", "0", "-", "+", "5", "c1")
                    + mb("XCLAIM", "s", "g", "c2", "0", "1-1", "IDLE", "5", "RETRYCOUNT", "3", "FORCE", "JUSTID", "LASTID", "5")
                    + mb("XCLAIM", "s", "g", "c2", "0", "1-1", "TIME", "1")
                    + mb("XAUTOCLAIM", "s", "g", "c3", "0", "0", "COUNT", "5", "JUSTID") + mb("XACK", "s", "g", "1-1")
                    + mb("XINFO", "STREAM", "s") + mb("XINFO", "STREAM", "s", "FULL", "COUNT", "2") + mb("XINFO", "GROUPS", "s")
                    + mb("XINFO", "CONSUMERS", "s", "g") + mb("XINFO", "HELP") + mb("XGROUP", "DELCONSUMER", "s", "g", "c2")
                    + mb("XGROUP", "DESTROY", "s", "g") + mb("XREAD", "COUNT", "1", "STREAMS", "s", "m", "0", "$")
                    + mb("XREAD", "BLOCK", "0", "STREAMS", "s", "$"))
    + send(1, mb("XGROUP", "CREATE", "s", "g2", "$") + mb("XREADGROUP", "GROUP", "g2", "c", "BLOCK", "5", "STREAMS", "s", ">")
           + mb("XADD", "s", "*", "k", "v"))
    + send(2, mb("MULTI") + mb("XREAD", "BLOCK", "10", "STREAMS", "s", "$") + mb("EXEC") + mb("XADD", "s", "*", "w", "1")
           + mb("XREAD", "BLOCK", "-1", "STREAMS", "s", "$") + mb("XREAD", "BLOCK", "x", "STREAMS", "s", "$"))
    + advance(30) + TICK,
    "scripting": send(0, mb("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "v")
                    + mb("EVAL", "return {1, 'a', {ok='x'}, {err='y'}, {double=1.5}, {map={a=1}}, {set={b=1}}, true, false}", "0")
                    + mb("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k")
                    + mb("SCRIPT", "LOAD", "return ARGV[1]") + mb("EVALSHA", "098e0f0d1448c0a81dafe820f66d460eb09263da", "0", "x")
                    + mb("EVALSHA_RO", "098e0f0d1448c0a81dafe820f66d460eb09263da", "0", "y")
                    + mb("SCRIPT", "EXISTS", "098e0f0d1448c0a81dafe820f66d460eb09263da", "0") + mb("SCRIPT", "HELP")
                    + mb("SCRIPT", "DEBUG", "NO") + mb("EVAL", "error({err='E x'})", "0") + mb("EVAL", "return (", "0")
                    + mb("EVAL", "local i = 0 while true do i = i + 1 end", "0"))
    + send(1, mb("GET", "k") + mb("SCRIPT", "KILL"))
    + advance(80) + TICK + TICK + send(1, mb("SCRIPT", "KILL")) + TICK
    + send(0, mb("SCRIPT", "FLUSH", "ASYNC") + mb("SCRIPT", "FLUSH")),
    "functions": send(0, mb("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('setk', function(keys, args) return redis.call('set', keys[1], args[1]) end)\n"
                            "redis.register_function{function_name='getk', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}, description='d'}\n"
                            "redis.register_function('spin', function() while true do end end)")
                     + mb("FCALL", "setk", "1", "k", "v") + mb("FCALL_RO", "getk", "1", "k") + mb("FCALL_RO", "setk", "1", "k", "v")
                     + mb("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib\nredis.register_function('setk', function() return 1 end)")
                     + mb("FUNCTION", "LOAD", "#!lua name=bad\nredis.register_function{function_name=1}")
                     + mb("FUNCTION", "LOAD", "#!lua name=x y=z\n") + mb("FUNCTION", "LIST", "LIBRARYNAME", "l*", "WITHCODE")
                     + mb("FUNCTION", "STATS") + mb("FUNCTION", "HELP") + mb("FUNCTION", "KILL")
                     + mb("FUNCTION", "DUMP") + mb("FUNCTION", "RESTORE", "\xf5\x01x\n\x00\x00\x00\x00\x00\x00\x00\x00\x00", "FLUSH")
                     + mb("FUNCTION", "LOAD", "#!lua name=spin\nredis.register_function('spin', function() while true do end end)")
                     + mb("FCALL", "spin", "0"))
    + send(1, mb("GET", "k") + mb("FUNCTION", "STATS"))
    + advance(80) + TICK + TICK + send(1, mb("SCRIPT", "KILL") + mb("FUNCTION", "KILL")) + TICK
    + send(0, mb("FUNCTION", "DELETE", "lib") + mb("FUNCTION", "FLUSH", "ASYNC") + mb("FUNCTION", "FLUSH")),
    "debug": send(0, mb("SET", "k", "v") + mb("RPUSH", "l", "a", "1") + mb("SET", "t", "x", "PX", "5")
                 + mb("DEBUG", "OBJECT", "l") + mb("DEBUG", "DIGEST") + mb("DEBUG", "DIGEST-VALUE", "k", "l", "no")
                 + mb("DEBUG", "RELOAD") + mb("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE") + mb("DEBUG", "RELOAD", "NOFLUSH")
                 + mb("DEBUG", "SET-ACTIVE-EXPIRE", "0") + mb("DEBUG", "SLEEP", "0.1") + mb("DEBUG", "PROTOCOL", "map")
                 + mb("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1k") + mb("DEBUG", "ERROR", "E x") + mb("DEBUG", "HELP")
                 + mb("DEBUG", "LOG", "m") + mb("DEBUG", "CHANGE-REPL-ID") + mb("DEBUG", "JMAP") + mb("DEBUG", "LOADAOF"))
    + advance(10) + TICK + send(1, mb("HELLO", "3") + mb("DEBUG", "PROTOCOL", "push") + mb("DEBUG", "SET-ACTIVE-EXPIRE", "1"))
    + advance(10) + TICK,
}

decoder = {
    "multibulk": b"\x00\x01" + mb("SET", "k", "v") + mb("GET", "k"),
    "inline": b"\x00\x02PING\r\nSET a b\nECHO 'x y'\r\n",
    "inline_escapes": b"\x00\x03SET \"\\x41\\t\\\\\" 'it\\'s'\r\nECHO \"a\"b\r\n",
    "unbalanced": b"\x00\x04ECHO \"abc\r\n",
    "split_bulk": b"\x00\x05" + mb("SET", "key", "v" * 100),
    "empty_args": b"\x00\x06" + mb("SET", "", "") + b"*0\r\n*-1\r\n",
    "bad_count": b"\x00\x07*x\r\n",
    "bad_bulk_len": b"\x00\x08*1\r\n$-1\r\n",
    "expected_dollar": b"\x00\x09*2\r\n$1\r\na\r\n:1\r\n",
    "leading_zero": b"\x00\x0a*01\r\n$1\r\na\r\n",
    "huge_count": b"\x00\x0b*9223372036854775808\r\n",
    "big_bulk_limit": b"\x02\x0c*1\r\n$1025\r\n",
    "bulk_at_limit": b"\x02\x0d*1\r\n$1024\r\n" + b"x" * 1024 + b"\r\n",
    "unauth_count": b"\x01\x0e*11\r\n",
    "unauth_bulk": b"\x01\x0f*1\r\n$16385\r\n",
    "long_inline": b"\x04\x10" + b"a" * 100,
    "long_inline_with_end": b"\x04\x11" + b"a" * 100 + b"\r\n",
    "long_header": b"\x04\x12*" + b"1" * 80,
    "bare_cr": b"\x00\x13*1\r$1\r\na\r\n",
    "bulk_trailer_unchecked": b"\x00\x14*1\r\n$1\r\naXY",
    "mixed_pipeline": b"\x00\x15PING\r\n" + mb("ECHO", "x") + b"GET k\n",
}

# The RDB target: DUMP value bodies as redis-server 7.0.15 writes them (the
# harness adds the footer), hand-made 6.2-era blobs, and small whole files.
def rdb_string(s):
    assert len(s) < 64
    return bytes([len(s)]) + s


def rdb_file(body, version=10):
    data = b"REDIS%04d" % version + b"\xfa" + rdb_string(b"redis-ver") + rdb_string(b"7.0.15") + body + b"\xff"
    return data + crc64_redis(data).to_bytes(8, "little")


ZIPMAP = bytes.fromhex("02 01 66 01 01 76 00 01 67 01 01 77 00 ff".replace(" ", ""))
rdb = {
    "value_str": bytes.fromhex("000568656c6c6f"),
    "value_int": bytes.fromhex("00c1d4fe"),
    "value_list": bytes.fromhex("120102121200000004008161020101dfff02c3e802ff"),
    "value_hash": bytes.fromhex("1012120000000400816602817602816e020501ff"),
    "value_zset": bytes.fromhex("111d1d0000000600816302842d696e6605816102010181620283322e3504ff"),
    "value_intset": bytes.fromhex("0b140400000003000000010000000300000070110100"),
    "value_set": bytes.fromhex("02010178"),
    "value_stream": bytes.fromhex("130110000000000000000500000000000000013838000000160003010001010181660200010201000100018176020401020100010101817702040100010101dfff02010181670201010601ff030600050100000300"),
    "value_version_9_ziplist": bytes.fromhex("0a12120000000d000000020000016103026263ff"),
    "value_zipmap": b"\x09" + rdb_string(ZIPMAP),
    "value_odd_hash": ODD_HASH_BODY,
    "file_empty": rdb_file(b""),
    "file_keys": rdb_file(b"\xfe\x00\xfb\x02\x01" + b"\xfc" + (2**41).to_bytes(8, "little") + b"\x00" + rdb_string(b"k")
                          + rdb_string(b"v") + LIST_BODY[:1] + rdb_string(b"l") + LIST_BODY[1:]),
    "file_v6_seconds": rdb_file(b"\xfe\x03\xfd" + (2000000000).to_bytes(4, "little") + b"\x00\x01k\x01v", 6),
    "file_function": rdb_file(b"\xf5" + rdb_string(b"#!lua name=x\n")),
    "file_module_aux": rdb_file(b"\xf7\x01"),
}

for target, seeds in (("core", core), ("decoder", decoder), ("rdb", rdb)):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seeds)} seeds")
