//! Lua script bodies built from fuzz bytes: random tokens and random Lua
//! values, for the scripts harness (see `scripts` in mod.rs).
//!
//! Every byte string is a valid program for the generator (a byte source
//! that runs dry reads zeros, and choice 0 is always a leaf), so coverage
//! guidance mutates scripts, not the generator's input format. What comes
//! out is mostly valid Lua with random structure, plus raw token soup now
//! and then (the compiler's error paths): nested tables and calls far
//! deeper than the generator recurses (by repetition), huge and special
//! numbers, error objects of every type, pcall/error mixes, string.rep,
//! table.concat, cjson/cmsgpack/struct/bit calls on random data, and
//! `redis.call`/`redis.pcall` of reads, writes, refused and unknown
//! commands. Known gap: work done inside C library calls (string.rep of a
//! megabyte, table.concat, cjson of big data) is not charged to the slice
//! budget, which counts Lua instructions; `pcall(function() for i = 1,
//! 20000 do string.rep(s, 1000000) end end)` ran for minutes in one call.
//! Counts stay small here until that is charged. Loops are bounded except `while true do end`, which the
//! harness stops with SCRIPT KILL (or SHUTDOWN NOSAVE once it wrote).

/// Fuzz bytes as a stream of choices.
pub struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Choices { data, at: 0 }
    }

    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A choice in `0..n` (0 once the bytes are used up).
    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    pub fn exhausted(&self) -> bool {
        self.at >= self.data.len()
    }

    pub fn pick<'b>(&mut self, items: &[&'b str]) -> &'b str {
        items[self.below(items.len())]
    }
}

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "3.5",
    "1e308",
    "-1e308",
    "1e309",
    "-1e309",
    "(0/0)",
    "math.huge",
    "-math.huge",
    "2^53",
    "2^53+1",
    "2^63",
    "-2^63",
    "2^64",
    "9007199254740993",
    "9223372036854775807",
    "-9223372036854775808",
    "0.1",
    "1e-320",
    "4294967296",
    "0x7fffffff",
    "123456789012345678901234567890",
];

const COMMANDS: &[&str] = &[
    "get",
    "set",
    "incr",
    "del",
    "lpush",
    "rpop",
    "hset",
    "hgetall",
    "sadd",
    "spop",
    "zadd",
    "zrange",
    "expire",
    "ping",
    "echo",
    "type",
    "exists",
    "incrbyfloat",
    "append",
    "lrange",
    "eval",
    "blpop",
    "subscribe",
    "multi",
    "select",
    "nosuch",
    "flushall",
    "keys",
    "time",
    "object",
    "client",
    "config",
    "setrange",
    "getrange",
    "xadd",
    "pfadd",
    "setbit",
    "bitcount",
];

const TOKENS: &[&str] = &[
    "local",
    "function",
    "end",
    "return",
    "if",
    "then",
    "else",
    "elseif",
    "for",
    "in",
    "do",
    "while",
    "repeat",
    "until",
    "break",
    "and",
    "or",
    "not",
    "nil",
    "true",
    "false",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "=",
    "==",
    "~=",
    "..",
    "...",
    ",",
    ";",
    ":",
    ".",
    "#",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "<",
    "<=",
    "x",
    "KEYS",
    "ARGV",
    "redis",
    "redis.call",
    "pcall",
    "error",
    "'s'",
    "\"",
    "'",
    "[[",
    "]]",
    "--",
    "1e999",
    "0x",
    "\\",
    "\n",
];

/// A whole script body.
pub fn script(c: &mut Choices) -> String {
    if c.below(16) == 15 {
        // Token soup: mostly a compile error, sometimes a program.
        let n = 1 + c.below(40);
        let mut out = String::new();
        for _ in 0..n {
            out.push_str(c.pick(TOKENS));
            out.push(' ');
        }
        return out;
    }
    let mut out = String::new();
    for _ in 0..1 + c.below(5) {
        statement(c, &mut out, 0);
        out.push('\n');
    }
    if c.below(2) == 1 {
        out.push_str("return ");
        expr(c, &mut out, 0);
    }
    out
}

fn block(c: &mut Choices, out: &mut String, depth: usize) {
    for _ in 0..1 + c.below(3) {
        statement(c, out, depth + 1);
        out.push(' ');
    }
}

fn statement(c: &mut Choices, out: &mut String, depth: usize) {
    let choice = if depth > 4 { 0 } else { c.below(18) };
    match choice {
        0 => {
            out.push_str("local x = ");
            expr(c, out, depth);
        }
        1 => {
            out.push_str("error(");
            expr(c, out, depth);
            if c.below(2) == 1 {
                out.push_str(", ");
                out.push_str(c.pick(&["0", "1", "2", "3", "-1", "1e9"]));
            }
            out.push(')');
        }
        2 => {
            out.push_str("if ");
            expr(c, out, depth);
            out.push_str(" then ");
            block(c, out, depth);
            out.push_str(" else ");
            block(c, out, depth);
            out.push_str(" end");
        }
        3 => {
            out.push_str("for i = 1, ");
            out.push_str(c.pick(&["0", "3", "50", "1000"]));
            out.push_str(" do ");
            block(c, out, depth);
            out.push_str(" end");
        }
        4 => out.push_str("while true do end"),
        5 => {
            out.push_str("pcall(function() ");
            block(c, out, depth);
            out.push_str(" end)");
        }
        6 => {
            out.push_str("redis.");
            out.push_str(c.pick(&["call", "pcall"]));
            out.push('(');
            call_args(c, out, depth);
            out.push(')');
        }
        7 => {
            // Deep nesting by repetition: tables, calls, pcall chains,
            // recursion.
            let n = [10, 100, 190, 250, 1000, 10000][c.below(6)];
            match c.below(5) {
                0 => out.push_str(&format!(
                    "local x = {}1{}",
                    "{".repeat(n.min(1000)),
                    "}".repeat(n.min(1000))
                )),
                1 => out.push_str(&format!(
                    "local x = {}1{}",
                    "tostring(".repeat(n.min(250)),
                    ")".repeat(n.min(250))
                )),
                2 => out.push_str(&format!(
                    "local f f = function(n) if n == 0 then error({{err='deep'}}) end return pcall(f, n - 1) end f({n})"
                )),
                3 => out.push_str("local function r(n) return 1 + r(n + 1) end r(1)"),
                _ => out.push_str(&format!(
                    "local x = loadstring(string.rep('(', {n}) .. '1' .. string.rep(')', {n}))"
                )),
            }
        }
        8 => {
            out.push_str("x = setmetatable({}, {__index = function() error(");
            expr(c, out, depth);
            out.push_str(") end, __tostring = function() return ");
            expr(c, out, depth);
            out.push_str(" end})");
        }
        9 => {
            out.push_str("redis.setresp(");
            out.push_str(c.pick(&["2", "3", "4", "'x'"]));
            out.push(')');
        }
        10 => {
            out.push_str("local ok, e = pcall(error, ");
            expr(c, out, depth);
            out.push_str(") error(e)");
        }
        11 => {
            out.push_str("do ");
            block(c, out, depth);
            out.push_str(" end");
        }
        12 => {
            out.push_str("return ");
            expr(c, out, depth);
        }
        13 => {
            out.push_str("redis.log(redis.LOG_WARNING, ");
            expr(c, out, depth);
            out.push(')');
        }
        14 => {
            out.push_str("local t = {} for i = 1, ");
            out.push_str(c.pick(&["10", "1000"]));
            out.push_str(" do t[i] = ");
            expr(c, out, depth);
            out.push_str(" end");
        }
        15 => {
            out.push_str("GLOBAL_");
            out.push_str(c.pick(&["A", "B"]));
            out.push_str(" = 1");
        }
        16 => {
            out.push_str("math.randomseed(");
            expr(c, out, depth);
            out.push(')');
        }
        _ => {
            out.push_str("repeat ");
            block(c, out, depth);
            out.push_str(" until true");
        }
    }
}

fn call_args(c: &mut Choices, out: &mut String, depth: usize) {
    out.push('\'');
    out.push_str(c.pick(COMMANDS));
    out.push('\'');
    for _ in 0..c.below(4) {
        out.push_str(", ");
        if c.below(3) == 0 {
            out.push_str(c.pick(&["KEYS[1]", "'k1'", "'k2'", "ARGV[1]"]));
        } else {
            expr(c, out, depth + 1);
        }
    }
}

fn string_literal(c: &mut Choices, out: &mut String) {
    out.push('\'');
    for _ in 0..c.below(12) {
        let b = c.byte();
        out.push_str(&format!("\\{b}"));
    }
    out.push('\'');
}

fn expr(c: &mut Choices, out: &mut String, depth: usize) {
    let choice = if depth > 5 { c.below(4) } else { c.below(30) };
    match choice {
        0 => out.push_str("nil"),
        1 => out.push_str(c.pick(NUMBERS)),
        2 => string_literal(c, out),
        3 => out.push_str(c.pick(&["true", "false", "KEYS[1]", "ARGV[1]", "x", "{}", "..."])),
        4 => {
            out.push('{');
            for _ in 0..c.below(5) {
                if c.below(3) == 0 {
                    out.push_str(c.pick(&[
                        "err = ",
                        "ok = ",
                        "double = ",
                        "map = ",
                        "[1] = ",
                        "[0] = ",
                        "n = ",
                    ]));
                }
                expr(c, out, depth + 1);
                out.push_str(", ");
            }
            out.push('}');
        }
        5 => {
            out.push('(');
            expr(c, out, depth + 1);
            out.push(' ');
            out.push_str(c.pick(&["+", "-", "*", "/", "%", "^", "..", "==", "<", "and", "or"]));
            out.push(' ');
            expr(c, out, depth + 1);
            out.push(')');
        }
        6 => {
            out.push_str("redis.");
            out.push_str(c.pick(&["call", "pcall"]));
            out.push('(');
            call_args(c, out, depth);
            out.push(')');
        }
        7 => {
            out.push_str("cjson.");
            out.push_str(c.pick(&["encode", "decode"]));
            out.push('(');
            expr(c, out, depth + 1);
            out.push(')');
        }
        8 => {
            out.push_str("cmsgpack.");
            out.push_str(c.pick(&["pack", "unpack"]));
            out.push('(');
            for i in 0..1 + c.below(3) {
                if i > 0 {
                    out.push_str(", ");
                }
                expr(c, out, depth + 1);
            }
            out.push(')');
        }
        9 => {
            out.push_str("struct.");
            out.push_str(c.pick(&["pack", "unpack", "size"]));
            out.push('(');
            out.push_str(c.pick(&[
                "'>I2'",
                "'<i8'",
                "'d'",
                "'s'",
                "'c0'",
                "'Bhil'",
                "'!4 i3'",
                "'>I17'",
                "'c'",
                "'f'",
                "'x'",
                "'i'",
                "'c100000'",
            ]));
            for _ in 0..c.below(3) {
                out.push_str(", ");
                expr(c, out, depth + 1);
            }
            out.push(')');
        }
        10 => {
            out.push_str("string.rep(");
            expr(c, out, depth + 1);
            out.push_str(", ");
            // Large counts stay out while C library work is not charged to
            // the slice budget (see the scripts harness).
            out.push_str(c.pick(&["0", "1", "3", "-1", "100", "1000"]));
            out.push(')');
        }
        11 => {
            out.push_str("table.concat(");
            expr(c, out, depth + 1);
            out.push_str(", ");
            expr(c, out, depth + 1);
            out.push(')');
        }
        12 => {
            out.push_str("bit.");
            out.push_str(c.pick(&[
                "band", "bor", "bxor", "lshift", "rshift", "arshift", "tohex", "bnot", "tobit",
                "rol", "bswap",
            ]));
            out.push('(');
            expr(c, out, depth + 1);
            out.push_str(", ");
            expr(c, out, depth + 1);
            out.push(')');
        }
        13 => {
            out.push_str("pcall(");
            out.push_str(c.pick(&[
                "error",
                "redis.call",
                "cjson.decode",
                "tostring",
                "string.rep",
                "redis.error_reply",
            ]));
            out.push_str(", ");
            expr(c, out, depth + 1);
            out.push(')');
        }
        14 => {
            out.push_str("redis.");
            out.push_str(c.pick(&["error_reply", "status_reply", "sha1hex"]));
            out.push('(');
            expr(c, out, depth + 1);
            out.push(')');
        }
        15 => {
            out.push_str(c.pick(&[
                "tostring",
                "tonumber",
                "type",
                "#",
                "-",
                "not ",
                "unpack",
                "select('#', ",
            ]));
            out.push('(');
            expr(c, out, depth + 1);
            out.push(')');
            if out.ends_with("select('#', (") {
                out.push(')');
            }
        }
        16 => {
            out.push_str("string.format(");
            out.push_str(c.pick(&[
                "'%d'", "'%s'", "'%5.2f'", "'%q'", "'%x'", "'%c'", "'%999d'", "'%'",
            ]));
            out.push_str(", ");
            expr(c, out, depth + 1);
            out.push(')');
        }
        17 => {
            out.push_str("math.random(");
            if c.below(2) == 1 {
                expr(c, out, depth + 1);
            }
            out.push(')');
        }
        18 => {
            out.push_str("(function() ");
            block(c, out, depth);
            out.push_str(" end)()");
        }
        19 => {
            out.push_str("select(2, pcall(function() error(");
            expr(c, out, depth + 1);
            out.push_str(") end))");
        }
        20 => {
            out.push_str("string.");
            out.push_str(c.pick(&[
                "sub", "byte", "char", "upper", "find", "gsub", "len", "reverse",
            ]));
            out.push('(');
            expr(c, out, depth + 1);
            out.push_str(", ");
            expr(c, out, depth + 1);
            out.push(')');
        }
        21 => {
            out.push_str("setmetatable({}, {__index = ");
            expr(c, out, depth + 1);
            out.push_str("})");
        }
        22 => {
            out.push_str("redis.");
            out.push_str(c.pick(&[
                "REDIS_VERSION",
                "REDIS_VERSION_NUM",
                "LOG_DEBUG",
                "breakpoint()",
                "debug()",
                "set_repl(redis.REPL_ALL)",
                "replicate_commands()",
            ]));
        }
        23 => {
            out.push_str("loadstring(");
            expr(c, out, depth + 1);
            out.push(')');
        }
        24 => out.push_str(c.pick(&[
            "os",
            "io",
            "print",
            "dofile",
            "loadfile",
            "getfenv",
            "rawset(_G, 'x', 1)",
            "_G.y",
            "coroutine",
            "newproxy(true)",
        ])),
        _ => out.push_str(c.pick(NUMBERS)),
    }
}
