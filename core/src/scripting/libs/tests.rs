//! The libraries against the replies redis-server 7.0.15 gave for the same
//! scripts (observed with `redis-cli EVAL <script> 0`).

use mlua::{Lua, Value};

/// Runs `script` as Redis names its chunk and renders the first result:
/// strings as they are, numbers as Lua prints them, `ERR <message>` for an
/// error (the message Redis wraps in its error reply).
fn run(script: &str) -> String {
    let lua = Lua::new();
    super::open(&lua).expect("libraries open");
    match lua.load(script).set_name("@user_script").eval::<Value>() {
        Ok(Value::String(s)) => String::from_utf8_lossy(&s.as_bytes()).into_owned(),
        Ok(Value::Integer(i)) => i.to_string(),
        Ok(Value::Number(n)) => lua
            .coerce_string(Value::Number(n))
            .ok()
            .flatten()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default(),
        Ok(Value::Boolean(b)) => b.to_string(),
        Ok(Value::Nil) => "nil".into(),
        Ok(other) => format!("<{}>", other.type_name()),
        // mlua appends a traceback to an error that reaches Rust.
        Err(mlua::Error::RuntimeError(m)) => {
            format!("ERR {}", m.split("\nstack traceback:").next().unwrap_or(""))
        }
        Err(e) => format!("OTHER {e}"),
    }
}

/// Asserts each script's rendered result.
fn check(cases: &[(&str, &str)]) {
    for (script, expected) in cases {
        assert_eq!(run(script), *expected, "script: {script}");
    }
}

#[test]
fn bit_operations() {
    check(&[
        ("return bit.tobit(0xffffffff)", "-1"),
        ("return bit.tobit(2^53+3)", "2"),
        ("return bit.tobit('0x10')", "16"),
        ("return bit.tobit(1/0)", "0"),
        ("return bit.tobit(-2^31-0.5)", "-2147483648"),
        ("return bit.tobit(-1.5)", "-2"),
        ("return bit.tobit(0.5)", "0"),
        ("return bit.tobit(1.5)", "2"),
        ("return bit.bnot(0)", "-1"),
        ("return bit.band(2^32+5, 4)", "4"),
        ("return bit.bxor(1,2,4,8)", "15"),
        ("return bit.lshift(1,33)", "2"),
        ("return bit.rol(1,-1)", "-2147483648"),
        ("return bit.ror(1,1)", "-2147483648"),
        ("return bit.rol(0x80000000,1)", "1"),
        ("return bit.bswap(0x12345678)", "2018915346"),
        ("return bit.bswap(-1)", "-1"),
        ("return bit.arshift(-256,4)", "-16"),
        ("return bit.rshift(-256,4)", "268435440"),
        ("return bit.tohex(-1)", "ffffffff"),
        ("return bit.tohex(255,-4)", "00FF"),
        ("return bit.tohex(1,9)", "00000001"),
        ("return bit.tohex(1,0)", ""),
        ("return bit.tohex(-1,3)", "fff"),
        ("return bit.tohex(0xabcdef12, -3)", "F12"),
        ("return bit.tohex(0xab, -2^31)", "000000AB"),
        ("return bit.tohex(0xab, 2^31)", "000000AB"),
        ("return bit.tohex(1, 2^32+4)", "0001"),
    ]);
}

#[test]
fn bit_errors() {
    check(&[
        ("return bit.band('x')", "ERR user_script:1: bad argument #1 to 'band' (number expected, got string)"),
        ("return bit.band()", "ERR user_script:1: bad argument #1 to 'band' (number expected, got no value)"),
        ("local f=bit.band return f()", "ERR user_script:1: bad argument #1 to 'f' (number expected, got no value)"),
        ("return select(2, pcall(bit.band))", "bad argument #1 to '?' (number expected, got no value)"),
        ("return bit.tohex(1,nil)", "ERR user_script:1: bad argument #2 to 'tohex' (number expected, got nil)"),
        ("return bit.band(1, 3, '7', nil)", "ERR user_script:1: bad argument #4 to 'band' (number expected, got nil)"),
        ("return bit.lshift(1)", "ERR user_script:1: bad argument #2 to 'lshift' (number expected, got no value)"),
        ("return bit.tohex()", "ERR user_script:1: bad argument #1 to 'tohex' (number expected, got no value)"),
    ]);
}
