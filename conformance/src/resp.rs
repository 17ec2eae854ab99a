//! A small RESP2/RESP3 reply reader: enough to split a byte stream into
//! replies and to look inside them for shape checks.

use std::fmt;

/// One parsed reply.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `+...`
    Simple(Vec<u8>),
    /// `-...`
    Error(Vec<u8>),
    /// `:...`
    Int(i64),
    /// `$n` (None for `$-1`)
    Bulk(Option<Vec<u8>>),
    /// `*n` (None for `*-1`)
    Array(Option<Vec<Value>>),
    /// `%n`
    Map(Vec<(Value, Value)>),
    /// `~n`
    Set(Vec<Value>),
    /// `>n`
    Push(Vec<Value>),
    /// `_`
    Null,
    /// `#t` / `#f`
    Bool(bool),
    /// `,...` kept as text
    Double(Vec<u8>),
    /// `(...` kept as text
    BigNumber(Vec<u8>),
    /// `!n` blob error
    BlobError(Vec<u8>),
    /// `=n` verbatim string: format and text
    Verbatim(Vec<u8>, Vec<u8>),
}

impl Value {
    /// The bytes of a string-like reply (simple, bulk, verbatim).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Simple(b) | Value::Bulk(Some(b)) | Value::Verbatim(_, b) => Some(b),
            _ => None,
        }
    }

    /// A short description of the reply's type, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Simple(_) => "simple string",
            Value::Error(_) => "error",
            Value::Int(_) => "integer",
            Value::Bulk(Some(_)) => "bulk string",
            Value::Bulk(None) => "null bulk",
            Value::Array(Some(_)) => "array",
            Value::Array(None) => "null array",
            Value::Map(_) => "map",
            Value::Set(_) => "set",
            Value::Push(_) => "push",
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Double(_) => "double",
            Value::BigNumber(_) => "big number",
            Value::BlobError(_) => "blob error",
            Value::Verbatim(..) => "verbatim string",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match self {
            Value::Simple(b) => write!(f, "+{}", s(b)),
            Value::Error(b) => write!(f, "-{}", s(b)),
            Value::Int(i) => write!(f, "{i}"),
            Value::Bulk(Some(b)) => write!(f, "{:?}", s(b)),
            Value::Bulk(None) | Value::Array(None) | Value::Null => write!(f, "(nil)"),
            Value::Array(Some(items)) | Value::Set(items) | Value::Push(items) => {
                write!(f, "[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "]")
            }
            Value::Map(pairs) => {
                write!(f, "{{")?;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                write!(f, "}}")
            }
            Value::Bool(b) => write!(f, "{b}"),
            Value::Double(b) | Value::BigNumber(b) => write!(f, "{}", s(b)),
            Value::BlobError(b) => write!(f, "!{}", s(b)),
            Value::Verbatim(fmt_, b) => write!(f, "{}:{:?}", s(fmt_), s(b)),
        }
    }
}

/// Tries to read one complete reply from the start of `buf`.
///
/// `Ok(None)` means more bytes are needed; `Ok(Some((value, used)))` gives
/// the reply and how many bytes it took; `Err` means the bytes cannot be a
/// reply at all.
pub fn parse(buf: &[u8]) -> Result<Option<(Value, usize)>, String> {
    parse_at(buf, 0, 0)
}

/// Splits a byte string made of complete replies into the replies' bytes.
pub fn split_frames(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let mut frames = Vec::new();
    while !bytes.is_empty() {
        match parse(bytes)? {
            Some((_, used)) => {
                frames.push(bytes[..used].to_vec());
                bytes = &bytes[used..];
            }
            None => return Err("incomplete reply".to_string()),
        }
    }
    Ok(frames)
}

const MAX_DEPTH: usize = 64;

fn parse_at(buf: &[u8], pos: usize, depth: usize) -> Result<Option<(Value, usize)>, String> {
    if depth > MAX_DEPTH {
        return Err("replies nested too deeply".to_string());
    }
    let Some(&tag) = buf.get(pos) else {
        return Ok(None);
    };
    let Some((line, after_line)) = line_at(buf, pos + 1)? else {
        return Ok(None);
    };
    let value_end = |v: Value| Ok(Some((v, after_line)));
    match tag {
        b'+' => value_end(Value::Simple(line.to_vec())),
        b'-' => value_end(Value::Error(line.to_vec())),
        b':' => value_end(Value::Int(int(line)?)),
        b'_' => {
            if !line.is_empty() {
                return Err("null with content".to_string());
            }
            value_end(Value::Null)
        }
        b'#' => match line {
            b"t" => value_end(Value::Bool(true)),
            b"f" => value_end(Value::Bool(false)),
            _ => Err("bad boolean".to_string()),
        },
        b',' => value_end(Value::Double(line.to_vec())),
        b'(' => value_end(Value::BigNumber(line.to_vec())),
        b'$' | b'!' | b'=' => {
            let n = int(line)?;
            if n < 0 {
                if tag == b'$' && n == -1 {
                    return value_end(Value::Bulk(None));
                }
                return Err(format!("bad length {n}"));
            }
            let n = n as usize;
            let end = after_line + n;
            if buf.len() < end + 2 {
                return Ok(None);
            }
            if &buf[end..end + 2] != b"\r\n" {
                return Err("blob not followed by CRLF".to_string());
            }
            let body = buf[after_line..end].to_vec();
            let v = match tag {
                b'$' => Value::Bulk(Some(body)),
                b'!' => Value::BlobError(body),
                _ => {
                    if body.len() < 4 || body[3] != b':' {
                        return Err("verbatim string without format".to_string());
                    }
                    Value::Verbatim(body[..3].to_vec(), body[4..].to_vec())
                }
            };
            Ok(Some((v, end + 2)))
        }
        b'*' | b'~' | b'>' | b'%' | b'|' => {
            let n = int(line)?;
            if n < 0 {
                if tag == b'*' && n == -1 {
                    return value_end(Value::Array(None));
                }
                return Err(format!("bad count {n}"));
            }
            let count = if matches!(tag, b'%' | b'|') {
                n as usize * 2
            } else {
                n as usize
            };
            let mut items = Vec::with_capacity(count.min(1024));
            let mut at = after_line;
            for _ in 0..count {
                match parse_at(buf, at, depth + 1)? {
                    Some((v, next)) => {
                        items.push(v);
                        at = next;
                    }
                    None => return Ok(None),
                }
            }
            let v = match tag {
                b'*' => Value::Array(Some(items)),
                b'~' => Value::Set(items),
                b'>' => Value::Push(items),
                _ => {
                    let mut pairs = Vec::with_capacity(items.len() / 2);
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        pairs.push((k, v));
                    }
                    if tag == b'|' {
                        // An attribute precedes the real reply: skip it.
                        return parse_at(buf, at, depth + 1);
                    }
                    Value::Map(pairs)
                }
            };
            Ok(Some((v, at)))
        }
        other => Err(format!("unknown reply type byte 0x{other:02x}")),
    }
}

/// The line starting at `pos` (without CRLF) and the position after it.
fn line_at(buf: &[u8], pos: usize) -> Result<Option<(&[u8], usize)>, String> {
    let rest = &buf[pos.min(buf.len())..];
    match rest.iter().position(|&b| b == b'\n') {
        Some(i) => {
            if i == 0 || rest[i - 1] != b'\r' {
                return Err("line not terminated by CRLF".to_string());
            }
            Ok(Some((&rest[..i - 1], pos + i + 1)))
        }
        None => Ok(None),
    }
}

fn int(line: &[u8]) -> Result<i64, String> {
    std::str::from_utf8(line)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not an integer: {:?}", String::from_utf8_lossy(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_resp2_and_resp3() {
        let (v, n) = parse(b"*2\r\n$1\r\na\r\n:5\r\nrest").unwrap().unwrap();
        assert_eq!(n, 15);
        assert_eq!(
            v,
            Value::Array(Some(vec![Value::Bulk(Some(b"a".to_vec())), Value::Int(5)]))
        );
        let (v, _) = parse(b"%1\r\n+k\r\n_\r\n").unwrap().unwrap();
        assert_eq!(
            v,
            Value::Map(vec![(Value::Simple(b"k".to_vec()), Value::Null)])
        );
        let (v, _) = parse(b"=8\r\ntxt:ab\r\n\r\n").unwrap().unwrap();
        assert_eq!(v, Value::Verbatim(b"txt".to_vec(), b"ab\r\n".to_vec()));
    }

    #[test]
    fn incomplete_and_invalid() {
        assert_eq!(parse(b"$5\r\nab").unwrap(), None);
        assert_eq!(parse(b"*2\r\n:1\r\n").unwrap(), None);
        assert!(parse(b"?x\r\n").is_err());
        assert!(parse(b"+OK\n").is_err());
    }

    #[test]
    fn splits_frames() {
        let f = split_frames(b"+OK\r\n$-1\r\n*0\r\n").unwrap();
        assert_eq!(
            f,
            vec![b"+OK\r\n".to_vec(), b"$-1\r\n".to_vec(), b"*0\r\n".to_vec()]
        );
        assert!(split_frames(b"+OK\r\n$3\r\n").is_err());
    }
}
