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
    "time_jump_expiry": send(0, b"".join(mb("SET", "k%d" % i, "v", "PX", str(i * 7 + 1)) for i in range(10)))
    + advance(255) + TICK + advance(3) + TICK + send(0, mb("DBSIZE")),
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

for target, seeds in (("core", core), ("decoder", decoder)):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seeds)} seeds")
