//! A strict RESP2/RESP3 reply framer for tests: it finds where the one
//! reply at the start of some bytes ends, checking every length, every line
//! end and the shape of every header on the way, without trusting anything
//! the encoder under test would have to get right.

/// Length of the one complete reply at the start of `bytes`, or why there
/// is none: an unknown type byte, a malformed header or length, a missing
/// `\r\n`, or input that ends before the reply does. Bytes after the reply
/// are not looked at: `frame_len(out) == Ok(out.len())` says `out` is
/// exactly one reply.
///
/// Types: `+` simple string, `-` error, `:` integer, `$` bulk string (and
/// the RESP2 null `$-1`), `*` array (and the RESP2 null `*-1`); RESP3 `_`
/// null, `#` boolean, `,` double, `(` big number, `=` verbatim string, `!`
/// blob error, `%` map, `~` set, `>` push, and `|` attributes (which are
/// followed by the reply they describe, counted as part of it).
pub fn frame_len(bytes: &[u8]) -> Result<usize, String> {
    let mut framer = Framer { bytes, pos: 0 };
    framer.reply(0)?;
    Ok(framer.pos)
}

/// Deeper nesting than any reply of the core; it bounds the recursion on
/// garbage input.
const MAX_DEPTH: usize = 64;

struct Framer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Framer<'a> {
    /// Moves past one reply.
    fn reply(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "nested deeper than {MAX_DEPTH} at byte {}",
                self.pos
            ));
        }
        let at = self.pos;
        let kind = *self
            .bytes
            .get(at)
            .ok_or_else(|| format!("truncated: a reply should start at byte {at}"))?;
        self.pos += 1;
        let line = self.line()?;
        let bad = |what: &str| {
            format!(
                "bad {what} {:?} in the '{}' header at byte {at}",
                String::from_utf8_lossy(line),
                kind as char
            )
        };
        match kind {
            b'+' | b'-' => {}
            b':' => {
                integer(line).ok_or_else(|| bad("integer"))?;
            }
            b'_' => {
                if !line.is_empty() {
                    return Err(bad("null"));
                }
            }
            b'#' => {
                if line != b"t" && line != b"f" {
                    return Err(bad("boolean"));
                }
            }
            b',' => {
                // Rust's parser also takes Redis's `inf`, `-inf` and `nan`.
                let text = std::str::from_utf8(line).map_err(|_| bad("double"))?;
                text.parse::<f64>().map_err(|_| bad("double"))?;
            }
            b'(' => {
                let digits = line.strip_prefix(b"-").unwrap_or(line);
                if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                    return Err(bad("big number"));
                }
            }
            b'$' | b'=' | b'!' => {
                if kind == b'$' && line == b"-1" {
                    return Ok(());
                }
                let len = length(line).ok_or_else(|| bad("length"))?;
                let body = self.take(len, at)?;
                if kind == b'=' && (body.len() < 4 || body.get(3) != Some(&b':')) {
                    return Err(format!(
                        "verbatim string at byte {at} lacks its 3-byte format and ':'"
                    ));
                }
                self.crlf(at)?;
            }
            b'*' | b'%' | b'~' | b'>' | b'|' => {
                if kind == b'*' && line == b"-1" {
                    return Ok(());
                }
                let count = length(line).ok_or_else(|| bad("count"))?;
                let elements = match kind {
                    b'%' | b'|' => count.checked_mul(2).ok_or_else(|| bad("count"))?,
                    _ => count,
                };
                for _ in 0..elements {
                    self.reply(depth + 1)?;
                }
                if kind == b'|' {
                    // Attributes describe the reply that follows them.
                    self.reply(depth + 1)?;
                }
            }
            other => {
                return Err(format!(
                    "unknown reply type {:?} at byte {at}",
                    other as char
                ))
            }
        }
        Ok(())
    }

    /// The header line from `pos` (after its type byte), without its
    /// `\r\n`; `pos` moves past the line end. A header holds no `\r` or
    /// `\n` of its own.
    fn line(&mut self) -> Result<&'a [u8], String> {
        let start = self.pos;
        let bytes: &'a [u8] = self.bytes;
        let rest = bytes.get(start..).unwrap_or_default();
        let Some(end) = rest.iter().position(|&b| b == b'\r' || b == b'\n') else {
            return Err(format!("truncated: no line end after byte {start}"));
        };
        match rest.get(end..end + 2) {
            Some(b"\r\n") => {}
            Some(_) => return Err(format!("bare CR or LF at byte {}", start + end)),
            None => return Err(format!("truncated: a lone CR at byte {}", start + end)),
        }
        self.pos = start + end + 2;
        Ok(&rest[..end])
    }

    /// The next `len` bytes (a bulk body).
    fn take(&mut self, len: usize, header_at: usize) -> Result<&'a [u8], String> {
        let start = self.pos;
        let bytes: &'a [u8] = self.bytes;
        let body = start
            .checked_add(len)
            .and_then(|end| bytes.get(start..end))
            .ok_or_else(|| {
                format!(
                    "truncated: the bulk at byte {header_at} announces {len} bytes, {} follow",
                    self.bytes.len() - start
                )
            })?;
        self.pos = start + len;
        Ok(body)
    }

    /// The `\r\n` that must end a bulk body.
    fn crlf(&mut self, header_at: usize) -> Result<(), String> {
        match self.bytes.get(self.pos..self.pos + 2) {
            Some(b"\r\n") => {
                self.pos += 2;
                Ok(())
            }
            Some(found) => Err(format!(
                "the bulk at byte {header_at} is not followed by CRLF but {:?}: wrong length",
                String::from_utf8_lossy(found)
            )),
            None => Err(format!(
                "truncated: the bulk at byte {header_at} lacks its final CRLF"
            )),
        }
    }
}

/// A decimal integer as Redis writes one: optional `-`, digits, no leading
/// zero, fits an i64.
fn integer(text: &[u8]) -> Option<i64> {
    let digits = text.strip_prefix(b"-").unwrap_or(text);
    let canonical = match digits {
        [] => false,
        [b'0'] => text.len() == 1,
        [b'0', ..] => false,
        _ => digits.iter().all(u8::is_ascii_digit),
    };
    if !canonical {
        return None;
    }
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// A length or count: a non-negative [`integer`].
fn length(text: &[u8]) -> Option<usize> {
    usize::try_from(integer(text)?).ok()
}
