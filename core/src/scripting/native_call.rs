//! `redis.call` and `redis.pcall` as C functions working on Lua's stack
//! directly: the arguments are read where they lie (a string argument is
//! never copied), the command runs through [`CallEnv::run`], and its
//! reply bytes become Lua values pushed straight onto the stack, with the
//! rules of convert.rs (Redis's script_lua.c). A script's commands are
//! its inner loop; going through mlua's safe API here cost several
//! protected calls and registry references per value.
//!
//! Why this is sound: a Lua error (out of memory while pushing a value)
//! unwinds with `longjmp`, which must not cross a Rust frame owning
//! anything to drop. So each call is two phases. [`execute`] reads the
//! arguments and runs the command: it calls nothing in Lua that can
//! raise, and everything it owns is dropped when it returns. The push
//! phase then holds only borrowed bytes and integers: the reply stays in
//! the script client's buffer ([`ScriptClient::reply`]), which nothing
//! touches until the next command (a push cannot run Lua code: the
//! sandbox offers no `newproxy`, so no value has a `__gc` of the
//! script's).
//!
//! [`CallEnv::run`]: super::call::CallEnv
//! [`ScriptClient::reply`]: super::call::ScriptClient
#![allow(unsafe_code)]

use std::ffi::{c_int, CStr};

use mlua::ffi;

use super::convert;
use super::raw;
use crate::commands::errors;
use crate::protocol::encode::write_double;

/// `redis.call`: raises the error table of a failed command.
pub(super) unsafe extern "C-unwind" fn call(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: called by Lua as a lua_CFunction.
    unsafe { call_from_script(state, true) }
}

/// `redis.pcall`: returns the error table of a failed command.
pub(super) unsafe extern "C-unwind" fn pcall(state: *mut ffi::lua_State) -> c_int {
    // SAFETY: called by Lua as a lua_CFunction.
    unsafe { call_from_script(state, false) }
}

/// What [`execute`] left for the push phase.
#[derive(Clone, Copy)]
enum Ran {
    /// The command's reply, in the script client's buffer.
    Reply(*const u8, usize),
    /// A refusal's error text, and whether it is already counted in the
    /// error statistics (see convert.rs, `IGNORE_STATS`).
    Refused(&'static str, bool),
}

/// SAFETY (caller): a lua_CFunction call on `state`.
unsafe fn call_from_script(state: *mut ffi::lua_State, raise: bool) -> c_int {
    // SAFETY: `execute` raises no Lua error (see the module comment).
    let ran = unsafe { execute(state) };
    // From here on only plain values live in this frame.
    // SAFETY: a C function may push LUA_MINSTACK values; deeper replies
    // make room level by level. The reply bytes are not touched until the
    // next command runs.
    unsafe {
        let failed = match ran {
            Ran::Reply(bytes, len) => {
                let reply = std::slice::from_raw_parts(bytes, len);
                push_reply(state, reply);
                reply.first() == Some(&b'-')
            }
            Ran::Refused(text, counted) => {
                push_error(state, text.as_bytes(), counted);
                true
            }
        };
        if raise && failed {
            ffi::lua_error(state);
        }
    }
    1
}

/// Reads the call's arguments and runs the command. Raises no Lua error:
/// it only reads the stack (`lua_tolstring` on a string converts nothing).
///
/// SAFETY (caller): a lua_CFunction call on `state`.
unsafe fn execute(state: *mut ffi::lua_State) -> Ran {
    // SAFETY: reading the arguments of the running C function.
    let count = unsafe { ffi::lua_gettop(state) }.max(0) as usize;
    let mut numbers = Vec::new();
    // Most calls have a few arguments: those need no allocation.
    let mut inline_spans = [Span::Number(0, 0); INLINE_ARGS];
    let mut heap_spans = Vec::new();
    let spans = match count <= INLINE_ARGS {
        true => &mut inline_spans[..count],
        false => {
            heap_spans.resize(count, Span::Number(0, 0));
            &mut heap_spans[..]
        }
    };
    for (i, span) in (1..).zip(spans.iter_mut()) {
        // SAFETY: `i` is a valid index of the running function's frame.
        *span = match unsafe { ffi::lua_type(state, i) } {
            ffi::LUA_TSTRING => {
                let mut len = 0;
                let bytes = unsafe { ffi::lua_tolstring(state, i, &mut len) };
                Span::Lua(bytes.cast(), len)
            }
            ffi::LUA_TNUMBER => {
                let start = numbers.len();
                write_number(unsafe { ffi::lua_tonumber(state, i) }, &mut numbers);
                Span::Number(start, numbers.len())
            }
            _ => return Ran::Refused(errors::SCRIPT_BAD_ARGUMENT, false),
        };
    }
    if spans.is_empty() {
        return Ran::Refused(errors::SCRIPT_NO_ARGUMENTS, false);
    }
    let bytes_of = |span: &Span| match *span {
        // SAFETY: the string lies on the stack until this call returns.
        Span::Lua(bytes, len) => unsafe { std::slice::from_raw_parts(bytes, len) },
        Span::Number(start, end) => numbers.get(start..end).unwrap_or_default(),
    };
    let mut inline_args: [&[u8]; INLINE_ARGS] = [&[]; INLINE_ARGS];
    let heap_args: Vec<&[u8]>;
    let args = match count <= INLINE_ARGS {
        true => {
            for (arg, span) in inline_args.iter_mut().zip(spans.iter()) {
                *arg = bytes_of(span);
            }
            &inline_args[..count]
        }
        false => {
            heap_args = spans.iter().map(bytes_of).collect();
            &heap_args[..]
        }
    };
    raw::note_call();
    let ran = raw::with_env(|env| {
        env.run(args)
            .map(|()| (env.script.reply.as_ptr(), env.script.reply.len()))
    });
    match ran {
        None => Ran::Refused(errors::SCRIPT_NOT_ALLOWED, false),
        Some(Err(text)) => Ran::Refused(text, true),
        Some(Ok((bytes, len))) => Ran::Reply(bytes, len),
    }
}

/// Arguments of a `redis.call` read without allocating.
const INLINE_ARGS: usize = 16;

/// Where an argument's bytes are: a Lua string on the stack, or a range
/// of the formatted numbers.
#[derive(Clone, Copy)]
enum Span {
    Lua(*const u8, usize),
    Number(usize, usize),
}

/// Appends a number passed to `redis.call` as Redis 7.0 writes it
/// (`%.17g`, glibc's `inf` and `-nan`): 0.1 is `0.10000000000000001`,
/// 2^53-1 stays exact; an integral one straight as its digits.
fn write_number(n: f64, out: &mut Vec<u8>) {
    if n.is_nan() {
        out.extend_from_slice(if n.is_sign_negative() {
            b"-nan"
        } else {
            b"nan"
        });
    } else {
        write_double(n, out);
    }
}

/// Pushes `{err=text}` (normalized as convert.rs's `error_table`), marked
/// as already counted when `counted`.
///
/// SAFETY (caller): room for three values on `state`'s stack.
unsafe fn push_error(state: *mut ffi::lua_State, text: &[u8], counted: bool) {
    unsafe {
        ffi::lua_createtable(state, 0, 2);
        push_error_text(state, text);
        ffi::lua_setfield(state, -2, c"err".as_ptr());
        if counted {
            ffi::lua_pushboolean(state, 1);
            ffi::lua_setfield(state, -2, IGNORE_STATS.as_ptr());
        }
    }
}

/// The field convert.rs reads to know an error is already counted.
const IGNORE_STATS: &CStr = c"ignore_error_stats_update";
const _: () = assert!(IGNORE_STATS.to_bytes().len() == convert::IGNORE_STATS.len());

/// Pushes an error text normalized as convert.rs's `normalize_error`,
/// without allocating in Rust: trailing CR/LF dropped, a leading `-`
/// dropped, and `ERR ` prepended to a text without a code.
///
/// SAFETY (caller): room for two values on `state`'s stack.
unsafe fn push_error_text(state: *mut ffi::lua_State, text: &[u8]) {
    let mut text = text;
    while let [rest @ .., b'\r' | b'\n'] = text {
        text = rest;
    }
    unsafe {
        match text.strip_prefix(b"-") {
            Some(rest) if !rest.contains(&b' ') => {
                ffi::lua_pushlstring(state, c"ERR ".as_ptr(), 4);
                push_bytes(state, rest);
                ffi::lua_concat(state, 2);
            }
            Some(rest) => push_bytes(state, rest),
            None => push_bytes(state, text),
        }
    }
}

/// Pushes the Lua value of the reply's first value (convert.rs's
/// `reply_to_lua` rules).
///
/// SAFETY (caller): room for three values on `state`'s stack.
unsafe fn push_reply(state: *mut ffi::lua_State, reply: &[u8]) {
    let mut parser = Parser::new(reply);
    unsafe { push_value(state, &mut parser) }
}

/// SAFETY (caller): room for three values on `state`'s stack.
unsafe fn push_value(state: *mut ffi::lua_State, parser: &mut Parser<'_>) {
    let Some(kind) = parser.next_kind() else {
        unsafe { ffi::lua_pushnil(state) };
        return;
    };
    let line = parser.line();
    unsafe {
        match kind {
            b':' => ffi::lua_pushnumber(state, Parser::number(line) as f64),
            b'+' => {
                ffi::lua_createtable(state, 0, 1);
                push_bytes(state, line);
                ffi::lua_setfield(state, -2, c"ok".as_ptr());
            }
            b'-' => {
                ffi::lua_createtable(state, 0, 2);
                match line.contains(&b' ') {
                    true => push_bytes(state, line),
                    false => {
                        ffi::lua_pushlstring(state, c"ERR ".as_ptr(), 4);
                        push_bytes(state, line);
                        ffi::lua_concat(state, 2);
                    }
                }
                ffi::lua_setfield(state, -2, c"err".as_ptr());
                ffi::lua_pushboolean(state, 1);
                ffi::lua_setfield(state, -2, IGNORE_STATS.as_ptr());
            }
            b'$' | b'=' => {
                let len = Parser::number(line);
                if len < 0 {
                    ffi::lua_pushboolean(state, 0);
                    return;
                }
                let body = parser.take(len as usize);
                if kind == b'$' {
                    push_bytes(state, body);
                    return;
                }
                let (format, text) = match body.get(3) {
                    Some(b':') => body.split_at(3),
                    _ => (&b"txt"[..], &b":"[..]),
                };
                ffi::lua_createtable(state, 0, 1);
                ffi::lua_createtable(state, 0, 2);
                push_bytes(state, format);
                ffi::lua_setfield(state, -2, c"format".as_ptr());
                push_bytes(state, text.get(1..).unwrap_or_default());
                ffi::lua_setfield(state, -2, c"string".as_ptr());
                ffi::lua_setfield(state, -2, c"verbatim_string".as_ptr());
            }
            b'*' | b'~' | b'%' | b'>' => {
                let len = Parser::number(line);
                if len < 0 {
                    ffi::lua_pushboolean(state, 0);
                    return;
                }
                if ffi::lua_checkstack(state, 4) == 0 {
                    ffi::luaL_error(state, c"reached lua stack limit".as_ptr());
                }
                let wrapper = match kind {
                    b'~' => Some(c"set"),
                    b'%' => Some(c"map"),
                    _ => None,
                };
                if wrapper.is_some() {
                    ffi::lua_createtable(state, 0, 1);
                }
                // Sized from our own reply; capped so a count that lies
                // cannot ask for a huge table up front.
                let hint = len.min(1024) as c_int;
                match wrapper {
                    Some(_) => ffi::lua_createtable(state, 0, hint),
                    None => ffi::lua_createtable(state, hint, 0),
                }
                for i in 0..len.min(c_int::MAX as i64 - 1) as c_int {
                    match kind {
                        b'~' => {
                            push_value(state, parser);
                            ffi::lua_pushboolean(state, 1);
                            ffi::lua_rawset(state, -3);
                        }
                        b'%' => {
                            push_value(state, parser);
                            push_value(state, parser);
                            ffi::lua_rawset(state, -3);
                        }
                        _ => {
                            push_value(state, parser);
                            ffi::lua_rawseti_(state, -2, i + 1);
                        }
                    }
                }
                if let Some(name) = wrapper {
                    ffi::lua_setfield(state, -2, name.as_ptr());
                }
            }
            b'_' => ffi::lua_pushnil(state),
            b'#' => ffi::lua_pushboolean(state, c_int::from(line == b"t")),
            b',' => {
                let text = std::str::from_utf8(line).unwrap_or("0");
                let value = match text {
                    "inf" => f64::INFINITY,
                    "-inf" => f64::NEG_INFINITY,
                    _ => text.parse().unwrap_or(f64::NAN),
                };
                ffi::lua_createtable(state, 0, 1);
                ffi::lua_pushnumber(state, value);
                ffi::lua_setfield(state, -2, c"double".as_ptr());
            }
            b'(' => {
                ffi::lua_createtable(state, 0, 1);
                push_bytes(state, line);
                ffi::lua_setfield(state, -2, c"big_number".as_ptr());
            }
            _ => ffi::lua_pushnil(state),
        }
    }
}

/// SAFETY (caller): room for one value on `state`'s stack.
unsafe fn push_bytes(state: *mut ffi::lua_State, bytes: &[u8]) {
    unsafe {
        ffi::lua_pushlstring(state, bytes.as_ptr().cast(), bytes.len());
    }
}

/// A reader of reply bytes the core wrote itself (so well formed; a
/// short or odd reply reads as empty values, never out of bounds).
struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn new(bytes: &'a [u8]) -> Parser<'a> {
        Parser { bytes, at: 0 }
    }

    /// The type byte of the next value, moving past it.
    fn next_kind(&mut self) -> Option<u8> {
        let kind = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(kind)
    }

    /// The rest of the current line (without CRLF), moving past it.
    fn line(&mut self) -> &'a [u8] {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let end = memchr::memmem::find(rest, b"\r\n").unwrap_or(rest.len());
        self.at += end + 2;
        rest.get(..end).unwrap_or_default()
    }

    /// The next `n` bytes and their CRLF.
    fn take(&mut self, n: usize) -> &'a [u8] {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let taken = rest.get(..n).unwrap_or(rest);
        self.at += n + 2;
        taken
    }

    fn number(line: &[u8]) -> i64 {
        std::str::from_utf8(line)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }
}
