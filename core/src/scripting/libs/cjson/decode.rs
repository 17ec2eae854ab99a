//! `cjson.decode`: JSON text as Lua values.
//!
//! Objects become tables with string keys, arrays tables indexed from 1,
//! `null` the light userdata NULL, numbers doubles (read with C's
//! `strtod`, so `0x10`, `+1`, `inf` and `nan` are numbers while
//! `decode_invalid_numbers` is on). The text ends at its first NUL byte.
//! Open containers wait in a [`Nest`] rather than on the native stack;
//! nesting is refused past `decode_max_depth` and where lua-cjson runs out
//! of Lua C stack (one slot per open array, two per open object, plus two
//! or three to open another, within 8000). Errors name what was expected,
//! what was found and the 1-based character where it starts.

use mlua::{Lua, Value};

use super::strtod::strtod;
use super::Config;
use crate::scripting::libs::nest::Nest;
use crate::scripting::libs::raise::Fail;

/// Lua's limit of stack slots for a C function (`LUAI_MAXCSTACK`).
const MAX_C_STACK: i64 = 8000;

/// A token and the offset where it starts.
#[derive(Debug)]
enum Token {
    ObjBegin,
    ObjEnd,
    ArrBegin,
    ArrEnd,
    Str(Vec<u8>),
    Number(f64),
    Boolean(bool),
    Null,
    Colon,
    Comma,
    End,
    /// A token that cannot be read, with the reason and where.
    Error(&'static str, usize),
}

impl Token {
    /// How lua-cjson names a token it found.
    fn name(&self) -> &'static str {
        match self {
            Token::ObjBegin => "T_OBJ_BEGIN",
            Token::ObjEnd => "T_OBJ_END",
            Token::ArrBegin => "T_ARR_BEGIN",
            Token::ArrEnd => "T_ARR_END",
            Token::Str(_) => "T_STRING",
            Token::Number(_) => "T_NUMBER",
            Token::Boolean(_) => "T_BOOLEAN",
            Token::Null => "T_NULL",
            Token::Colon => "T_COLON",
            Token::Comma => "T_COMMA",
            Token::End => "T_END",
            Token::Error(reason, _) => reason,
        }
    }
}

struct Lexer<'a> {
    text: &'a [u8],
    at: usize,
    decode_invalid: bool,
}

impl Lexer<'_> {
    /// The next token and its starting offset.
    fn next(&mut self) -> (Token, usize) {
        while matches!(self.text.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
        let start = self.at;
        let Some(&c) = self.text.get(start) else {
            return (Token::End, start);
        };
        let punct = match c {
            b'{' => Some(Token::ObjBegin),
            b'}' => Some(Token::ObjEnd),
            b'[' => Some(Token::ArrBegin),
            b']' => Some(Token::ArrEnd),
            b':' => Some(Token::Colon),
            b',' => Some(Token::Comma),
            _ => None,
        };
        if let Some(t) = punct {
            self.at += 1;
            return (t, start);
        }
        let rest = self.text.get(start..).unwrap_or_default();
        let token = if c == b'"' {
            self.string()
        } else if c == b'-' || c.is_ascii_digit() {
            if !self.decode_invalid && invalid_number(rest) {
                Token::Error("invalid number", start)
            } else {
                self.number()
            }
        } else if rest.starts_with(b"true") {
            self.at += 4;
            Token::Boolean(true)
        } else if rest.starts_with(b"false") {
            self.at += 5;
            Token::Boolean(false)
        } else if rest.starts_with(b"null") {
            self.at += 4;
            Token::Null
        } else if self.decode_invalid && invalid_number(rest) {
            self.number()
        } else {
            Token::Error("invalid token", start)
        };
        (token, start)
    }

    fn number(&mut self) -> Token {
        match strtod(self.text.get(self.at..).unwrap_or_default()) {
            Some((v, len)) => {
                self.at += len;
                Token::Number(v)
            }
            None => Token::Error("invalid number", self.at),
        }
    }

    /// A string token, the cursor on its opening quote.
    fn string(&mut self) -> Token {
        let mut out = Vec::new();
        self.at += 1;
        loop {
            let Some(&c) = self.text.get(self.at) else {
                return Token::Error("unexpected end of string", self.at);
            };
            match c {
                b'"' => {
                    self.at += 1;
                    return Token::Str(out);
                }
                b'\\' => {
                    let escape_at = self.at;
                    let decoded = match self.text.get(self.at + 1) {
                        Some(b'"') => b'"',
                        Some(b'\\') => b'\\',
                        Some(b'/') => b'/',
                        Some(b'b') => 0x08,
                        Some(b'f') => 0x0c,
                        Some(b'n') => b'\n',
                        Some(b'r') => b'\r',
                        Some(b't') => b'\t',
                        Some(b'u') => match self.unicode(&mut out) {
                            Some(()) => continue,
                            None => return Token::Error("invalid unicode escape code", escape_at),
                        },
                        _ => return Token::Error("invalid escape code", escape_at),
                    };
                    out.push(decoded);
                    self.at += 2;
                }
                _ => {
                    out.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// A `\uXXXX` escape (a surrogate pair takes two) at the cursor,
    /// appended as UTF-8; `None` when invalid.
    fn unicode(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let first = hex4(self.text.get(self.at + 2..self.at + 6)?)?;
        let mut len = 6;
        let code = match first {
            0xD800..=0xDBFF => {
                let low = match self.text.get(self.at + 6..self.at + 12)? {
                    [b'\\', b'u', digits @ ..] => hex4(digits)?,
                    _ => return None,
                };
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return None;
                }
                len = 12;
                0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return None,
            c => c,
        };
        let ch = char::from_u32(code)?;
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        self.at += len;
        Some(())
    }
}

/// Four hex digits.
fn hex4(s: &[u8]) -> Option<u32> {
    s.iter()
        .try_fold(0u32, |acc, &b| Some(acc * 16 + (b as char).to_digit(16)?))
}

/// Whether a number-like token is outside JSON's grammar in a way
/// lua-cjson checks: a `+` sign, hex or a leading zero, inf or nan.
fn invalid_number(s: &[u8]) -> bool {
    let s = match s {
        [b'+', ..] => return true,
        [b'-', rest @ ..] => rest,
        _ => s,
    };
    match s.first() {
        Some(b'0') => matches!(s.get(1), Some(b'x' | b'X' | b'0'..=b'9')),
        Some(&c) if c <= b'9' => false,
        _ => s
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"inf") || w.eq_ignore_ascii_case(b"nan")),
    }
}

/// What is open while decoding.
#[derive(Clone, Copy)]
enum Open {
    /// An array and the index its next element takes.
    Array(i64),
    Object,
}

/// `Expected <what> but found <token> at character <n>`.
fn expected(what: &str, token: &Token, start: usize) -> Fail {
    let at = match token {
        Token::Error(_, at) => *at,
        _ => start,
    };
    Fail::msg(format!(
        "Expected {what} but found {} at character {}",
        token.name(),
        at + 1
    ))
}

/// Decodes JSON text with `config`.
pub(super) fn decode(lua: &Lua, config: &Config, text: &[u8]) -> Result<Value, Fail> {
    let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
    let mut lexer = Lexer {
        text: text.get(..end).unwrap_or_default(),
        at: 0,
        decode_invalid: config.decode_invalid,
    };
    let mut nest = Nest::new();
    let mut open: Vec<Open> = Vec::new();
    let mut slots: i64 = 1;
    let mut pending: Option<(Token, usize)> = None;
    loop {
        // A value: a scalar, or a container that is opened.
        let (token, start) = pending.take().unwrap_or_else(|| lexer.next());
        let mut value = match token {
            Token::ObjBegin | Token::ArrBegin => {
                let is_object = matches!(token, Token::ObjBegin);
                let depth = open.len() as i64 + 1;
                let needed = if is_object { 3 } else { 2 };
                if depth > config.decode_max_depth || slots + needed > MAX_C_STACK {
                    return Err(Fail::msg(format!(
                        "Found too many nested data structures ({depth}) at character {}",
                        lexer.at
                    )));
                }
                let table = lua.create_table()?;
                let (next, at) = lexer.next();
                let closes = if is_object {
                    matches!(next, Token::ObjEnd)
                } else {
                    matches!(next, Token::ArrEnd)
                };
                if closes {
                    Value::Table(table)
                } else {
                    nest.push(lua, table)?;
                    if is_object {
                        let key = object_key(lua, &mut lexer, next, at)?;
                        nest.set_key(lua, key)?;
                        open.push(Open::Object);
                        slots += 2;
                    } else {
                        pending = Some((next, at));
                        open.push(Open::Array(1));
                        slots += 1;
                    }
                    continue;
                }
            }
            Token::Str(s) => Value::String(lua.create_string(s)?),
            Token::Number(n) => Value::Number(n),
            Token::Boolean(b) => Value::Boolean(b),
            Token::Null => super::null(),
            other => return Err(expected("value", &other, start)),
        };
        // The value is complete: store it in its container, closing
        // containers that end.
        loop {
            let Some(&top) = open.last() else {
                let (token, start) = lexer.next();
                if !matches!(token, Token::End) {
                    return Err(expected("the end", &token, start));
                }
                return Ok(value);
            };
            match top {
                Open::Array(i) => {
                    nest.set(Value::Integer(i), value)?;
                    if let Some(top) = open.last_mut() {
                        *top = Open::Array(i + 1);
                    }
                    let (token, start) = lexer.next();
                    match token {
                        Token::Comma => break,
                        Token::ArrEnd => slots -= 1,
                        other => return Err(expected("comma or array end", &other, start)),
                    }
                }
                Open::Object => {
                    let key = nest.take_key()?;
                    nest.set(key, value)?;
                    let (token, start) = lexer.next();
                    match token {
                        Token::Comma => {
                            let (next, at) = lexer.next();
                            let key = object_key(lua, &mut lexer, next, at)?;
                            nest.set_key(lua, key)?;
                            break;
                        }
                        Token::ObjEnd => slots -= 2,
                        other => return Err(expected("comma or object end", &other, start)),
                    }
                }
            }
            open.pop();
            value = Value::Table(nest.pop()?);
        }
    }
}

/// An object key and the colon after it.
fn object_key(lua: &Lua, lexer: &mut Lexer, token: Token, start: usize) -> Result<Value, Fail> {
    let Token::Str(key) = token else {
        return Err(expected("object key string", &token, start));
    };
    let (colon, at) = lexer.next();
    if !matches!(colon, Token::Colon) {
        return Err(expected("colon", &colon, at));
    }
    Ok(Value::String(lua.create_string(key)?))
}
