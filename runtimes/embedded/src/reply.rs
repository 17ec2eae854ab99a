//! [`Reply`]: a command's answer as a typed value, parsed from the RESP3
//! bytes the core wrote for the internal client (the core only encodes,
//! so the reading side lives here).

use std::fmt;

/// One reply, as RESP3 types it (`exec` speaks RESP3, so maps, sets,
/// doubles and booleans keep their type instead of flattening to arrays and
/// strings as in RESP2).
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// `_` (and RESP2's `$-1` / `*-1`).
    Nil,
    /// `+OK`, `+QUEUED`, `+PONG`...
    Status(String),
    /// `-ERR ...`, `-WRONGTYPE ...` (and the blob error `!`), without the
    /// leading `-`.
    Error(String),
    Integer(i64),
    /// A bulk string: binary-safe bytes.
    Bulk(Vec<u8>),
    Array(Vec<Reply>),
    /// A map in the order the server sent it.
    Map(Vec<(Reply, Reply)>),
    Set(Vec<Reply>),
    Double(f64),
    Boolean(bool),
    /// `(`: an integer beyond 64 bits, as its decimal text.
    BigNumber(String),
    /// `=`: text with its three-letter format (`txt`, `mkd`).
    Verbatim {
        format: String,
        text: String,
    },
    /// `>`: an out-of-band message (Pub/Sub, invalidation).
    Push(Vec<Reply>),
}

impl Reply {
    /// Whether this is an error reply.
    pub fn is_error(&self) -> bool {
        matches!(self, Reply::Error(_))
    }

    /// The bytes of a bulk, status or verbatim string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Reply::Bulk(b) => Some(b),
            Reply::Status(s) | Reply::Verbatim { text: s, .. } => Some(s.as_bytes()),
            _ => None,
        }
    }

    /// A bulk, status or verbatim string as text (`None` for other types
    /// and for bytes that are not UTF-8).
    pub fn as_str(&self) -> Option<&str> {
        self.as_bytes().and_then(|b| std::str::from_utf8(b).ok())
    }

    /// The value of an integer reply.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Reply::Integer(n) => Some(*n),
            _ => None,
        }
    }

    /// The elements of an array, set or push.
    pub fn as_array(&self) -> Option<&[Reply]> {
        match self {
            Reply::Array(items) | Reply::Set(items) | Reply::Push(items) => Some(items),
            _ => None,
        }
    }
}

impl fmt::Display for Reply {
    /// Roughly as redis-cli shows a reply, for assertion messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Nil => f.write_str("(nil)"),
            Reply::Status(s) => f.write_str(s),
            Reply::Error(e) => write!(f, "(error) {e}"),
            Reply::Integer(n) => write!(f, "(integer) {n}"),
            Reply::Bulk(b) => write!(f, "{:?}", String::from_utf8_lossy(b)),
            Reply::Double(d) => write!(f, "(double) {d}"),
            Reply::Boolean(b) => write!(f, "({b})"),
            Reply::BigNumber(n) => write!(f, "(big number) {n}"),
            Reply::Verbatim { text, .. } => write!(f, "{text:?}"),
            Reply::Array(items) | Reply::Set(items) | Reply::Push(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Reply::Map(pairs) => {
                f.write_str("{")?;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// The request bytes of one command: a RESP array of bulk strings.
pub(crate) fn encode_command<A: AsRef<[u8]>>(args: &[A], out: &mut Vec<u8>) {
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for arg in args {
        let arg = arg.as_ref();
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
}

/// Parses the first reply in `buf`: `Ok(None)` while it is incomplete,
/// otherwise the reply and the bytes it took. An `Err` means the bytes are
/// not RESP, which the core never writes (a bug either side).
pub(crate) fn parse(buf: &[u8]) -> Result<Option<(Reply, usize)>, String> {
    let mut parser = Parser { buf, pos: 0 };
    match parser.value() {
        Ok(reply) => Ok(Some((reply, parser.pos))),
        Err(Incomplete::More) => Ok(None),
        Err(Incomplete::Bad(why)) => Err(why),
    }
}

enum Incomplete {
    More,
    Bad(String),
}

struct Parser<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    /// The next line without its CRLF.
    fn line(&mut self) -> Result<&[u8], Incomplete> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or(Incomplete::More)?;
        self.pos += end + 2;
        Ok(&rest[..end])
    }

    fn text(&mut self) -> Result<String, Incomplete> {
        let line = self.line()?;
        String::from_utf8(line.to_vec()).map_err(|_| Incomplete::Bad("a line is not UTF-8".into()))
    }

    fn number(&mut self) -> Result<i64, Incomplete> {
        let text = self.text()?;
        text.parse()
            .map_err(|_| Incomplete::Bad(format!("not a number: {text:?}")))
    }

    /// `len` bytes and their CRLF.
    fn blob(&mut self, len: i64) -> Result<Vec<u8>, Incomplete> {
        let len = usize::try_from(len).map_err(|_| Incomplete::Bad("negative length".into()))?;
        let end = self.pos + len;
        if self.buf.len() < end + 2 {
            return Err(Incomplete::More);
        }
        let body = self.buf[self.pos..end].to_vec();
        if &self.buf[end..end + 2] != b"\r\n" {
            return Err(Incomplete::Bad("a blob does not end with CRLF".into()));
        }
        self.pos = end + 2;
        Ok(body)
    }

    fn items(&mut self, count: i64) -> Result<Vec<Reply>, Incomplete> {
        (0..count).map(|_| self.value()).collect()
    }

    fn value(&mut self) -> Result<Reply, Incomplete> {
        let kind = *self.buf.get(self.pos).ok_or(Incomplete::More)?;
        self.pos += 1;
        Ok(match kind {
            b'+' => Reply::Status(self.text()?),
            b'-' => Reply::Error(self.text()?),
            b':' => Reply::Integer(self.number()?),
            b'_' => {
                self.line()?;
                Reply::Nil
            }
            b'#' => Reply::Boolean(self.line()? == b"t"),
            b',' => {
                let text = self.text()?;
                Reply::Double(
                    text.parse()
                        .map_err(|_| Incomplete::Bad(format!("not a double: {text:?}")))?,
                )
            }
            b'(' => Reply::BigNumber(self.text()?),
            b'$' => match self.number()? {
                -1 => Reply::Nil,
                len => Reply::Bulk(self.blob(len)?),
            },
            b'!' => {
                let len = self.number()?;
                Reply::Error(String::from_utf8_lossy(&self.blob(len)?).into_owned())
            }
            b'=' => {
                let len = self.number()?;
                let body = String::from_utf8_lossy(&self.blob(len)?).into_owned();
                match body.split_once(':') {
                    Some((format, text)) => Reply::Verbatim {
                        format: format.to_string(),
                        text: text.to_string(),
                    },
                    None => Reply::Verbatim {
                        format: String::new(),
                        text: body,
                    },
                }
            }
            b'*' => match self.number()? {
                -1 => Reply::Nil,
                count => Reply::Array(self.items(count)?),
            },
            b'~' => {
                let count = self.number()?;
                Reply::Set(self.items(count)?)
            }
            b'>' => {
                let count = self.number()?;
                Reply::Push(self.items(count)?)
            }
            b'%' => {
                let count = self.number()?;
                let mut pairs = Vec::new();
                for _ in 0..count {
                    pairs.push((self.value()?, self.value()?));
                }
                Reply::Map(pairs)
            }
            // An attribute describes the reply after it; `exec` keeps the reply.
            b'|' => {
                let count = self.number()?;
                for _ in 0..count * 2 {
                    self.value()?;
                }
                self.value()?
            }
            other => {
                return Err(Incomplete::Bad(format!(
                    "unknown reply type byte {:?}",
                    other as char
                )))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(bytes: &[u8]) -> Reply {
        let (reply, used) = parse(bytes).unwrap().expect("complete");
        assert_eq!(used, bytes.len(), "{bytes:?}");
        reply
    }

    #[test]
    fn parses_every_resp3_type() {
        assert_eq!(one(b"+OK\r\n"), Reply::Status("OK".into()));
        assert_eq!(one(b"-ERR no\r\n"), Reply::Error("ERR no".into()));
        assert_eq!(one(b":-42\r\n"), Reply::Integer(-42));
        assert_eq!(one(b"_\r\n"), Reply::Nil);
        assert_eq!(one(b"$-1\r\n"), Reply::Nil);
        assert_eq!(one(b"$3\r\na\r\n\r\n"), Reply::Bulk(b"a\r\n".to_vec()));
        assert_eq!(one(b"#t\r\n"), Reply::Boolean(true));
        assert_eq!(one(b"#f\r\n"), Reply::Boolean(false));
        assert_eq!(one(b",1.5\r\n"), Reply::Double(1.5));
        assert_eq!(one(b",-inf\r\n"), Reply::Double(f64::NEG_INFINITY));
        assert_eq!(
            one(b"(123456789012345678901\r\n"),
            Reply::BigNumber("123456789012345678901".into())
        );
        assert_eq!(one(b"!5\r\nERR x\r\n"), Reply::Error("ERR x".into()));
        assert_eq!(
            one(b"=7\r\ntxt:abc\r\n"),
            Reply::Verbatim {
                format: "txt".into(),
                text: "abc".into()
            }
        );
        assert_eq!(
            one(b"*2\r\n:1\r\n*0\r\n"),
            Reply::Array(vec![Reply::Integer(1), Reply::Array(vec![])])
        );
        assert_eq!(
            one(b"~1\r\n+a\r\n"),
            Reply::Set(vec![Reply::Status("a".into())])
        );
        assert_eq!(
            one(b"%1\r\n$1\r\nk\r\n:1\r\n"),
            Reply::Map(vec![(Reply::Bulk(b"k".to_vec()), Reply::Integer(1))])
        );
        assert_eq!(
            one(b">1\r\n+m\r\n"),
            Reply::Push(vec![Reply::Status("m".into())])
        );
        assert_eq!(one(b"|1\r\n+a\r\n+b\r\n:7\r\n"), Reply::Integer(7));
    }

    #[test]
    fn an_incomplete_reply_waits_and_the_rest_stays() {
        for cut in 1..14 {
            let bytes = b"*2\r\n$1\r\na\r\n:1\r\n";
            assert_eq!(parse(&bytes[..cut]).unwrap(), None, "cut at {cut}");
        }
        let (reply, used) = parse(b":1\r\n:2\r\n").unwrap().unwrap();
        assert_eq!((reply, used), (Reply::Integer(1), 4));
        assert!(parse(b"?\r\n").is_err());
    }

    #[test]
    fn encodes_commands_as_bulk_arrays() {
        let mut out = Vec::new();
        encode_command(&["SET", "k", ""], &mut out);
        assert_eq!(out, b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
    }
}
