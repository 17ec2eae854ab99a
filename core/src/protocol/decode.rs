//! Incremental RESP request decoder.
//!
//! Bytes are appended with [`Decoder::extend`] as they arrive; complete
//! commands come out of [`Decoder::next_command`]. The decoder never rescans
//! what it has already parsed (a search for a line end resumes where the last
//! one stopped, and a bulk body is waited for by length), so a 10 MiB value
//! arriving in 4 KiB reads costs linear time. It never reserves memory from a
//! length the client only announced: buffers grow with the bytes received.

use bytes::{Buf, Bytes, BytesMut};

use super::inline::split_args;

/// Size limits, named after the Redis settings they mirror.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// `proto-max-bulk-len`: largest bulk string accepted.
    pub max_bulk_len: u64,
    /// Largest multibulk count accepted.
    pub max_multibulk_len: u64,
    /// Longest inline request or header line without a line end.
    pub max_inline_len: usize,
    /// The client has not authenticated yet while a password is required:
    /// Redis then allows at most [`UNAUTHENTICATED_MAX_MULTIBULK_LEN`]
    /// arguments and [`UNAUTHENTICATED_MAX_BULK_LEN`] bytes per argument.
    pub unauthenticated: bool,
}

/// Most arguments a command may announce before its client authenticates.
pub const UNAUTHENTICATED_MAX_MULTIBULK_LEN: i64 = 10;
/// Longest argument a client may announce before it authenticates.
pub const UNAUTHENTICATED_MAX_BULK_LEN: i64 = 16 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bulk_len: 512 * 1024 * 1024,
            max_multibulk_len: i32::MAX as u64,
            max_inline_len: 64 * 1024,
            unauthenticated: false,
        }
    }
}

/// A protocol error. Redis replies with `-ERR Protocol error: ...` and closes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    InvalidMultibulkLength,
    InvalidBulkLength,
    /// A bulk header did not start with `$`; carries the byte that was found.
    ExpectedDollar(u8),
    TooBigInlineRequest,
    TooBigMultibulkCount,
    TooBigBulkCount,
    UnbalancedQuotes,
    UnauthenticatedMultibulkLength,
    UnauthenticatedBulkLength,
}

impl DecodeError {
    /// The error reply text, without the leading `-` and line end.
    pub fn message(&self) -> Vec<u8> {
        let detail: &[u8] = match self {
            DecodeError::InvalidMultibulkLength => b"invalid multibulk length",
            DecodeError::InvalidBulkLength => b"invalid bulk length",
            DecodeError::ExpectedDollar(found) => {
                let mut text = b"ERR Protocol error: expected '$', got '".to_vec();
                // As Redis, a line end inside an error reply becomes a
                // space, or the reply would end early.
                text.push(match found {
                    b'\r' | b'\n' => b' ',
                    other => *other,
                });
                text.push(b'\'');
                return text;
            }
            DecodeError::TooBigInlineRequest => b"too big inline request",
            DecodeError::TooBigMultibulkCount => b"too big mbulk count string",
            DecodeError::TooBigBulkCount => b"too big bulk count string",
            DecodeError::UnbalancedQuotes => b"unbalanced quotes in request",
            DecodeError::UnauthenticatedMultibulkLength => b"unauthenticated multibulk length",
            DecodeError::UnauthenticatedBulkLength => b"unauthenticated bulk length",
        };
        [b"ERR Protocol error: ".as_slice(), detail].concat()
    }
}

enum State {
    /// Between commands.
    Idle,
    /// Inside `*N`: `args` collected so far, `remaining` still to come, and
    /// the announced length of the bulk being received, once its header is in.
    Multibulk {
        remaining: u64,
        args: Vec<Bytes>,
        bulk_len: Option<usize>,
    },
}

/// Per-connection request decoder. See the module documentation.
pub struct Decoder {
    buf: BytesMut,
    state: State,
    /// Bytes at the front of `buf` already searched for a line end.
    scanned: usize,
    /// Bytes of the arguments already taken out of `buf` for the command
    /// still being received.
    partial_args: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    pub fn new() -> Self {
        Decoder {
            buf: BytesMut::new(),
            state: State::Idle,
            scanned: 0,
            partial_args: 0,
        }
    }

    /// Appends bytes read from the client.
    pub fn extend(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes received but not yet consumed by a complete command.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Input held for commands not complete yet: the unparsed bytes plus
    /// the arguments already split off for the command being received.
    /// This is what `client-query-buffer-limit` bounds.
    pub fn pending(&self) -> usize {
        self.buf.len() + self.partial_args
    }

    /// Next complete command, `Ok(None)` when more bytes are needed.
    /// After an error the decoder must not be used again (the connection
    /// closes).
    pub fn next_command(&mut self, limits: &Limits) -> Result<Option<Vec<Bytes>>, DecodeError> {
        loop {
            match &mut self.state {
                State::Idle => {
                    let Some(&first) = self.buf.first() else {
                        return Ok(None);
                    };
                    if first != b'*' {
                        match self.inline_line(limits)? {
                            None => return Ok(None),
                            Some(args) if args.is_empty() => continue,
                            Some(args) => return Ok(Some(args)),
                        }
                    }
                    let Some(cr) = self.find_line(limits, DecodeError::TooBigMultibulkCount)?
                    else {
                        return Ok(None);
                    };
                    let count =
                        parse_int(&self.buf[1..cr]).ok_or(DecodeError::InvalidMultibulkLength)?;
                    if count > limits.max_multibulk_len as i64 {
                        return Err(DecodeError::InvalidMultibulkLength);
                    }
                    if limits.unauthenticated && count > UNAUTHENTICATED_MAX_MULTIBULK_LEN {
                        return Err(DecodeError::UnauthenticatedMultibulkLength);
                    }
                    self.consume(cr + 2);
                    if count > 0 {
                        self.state = State::Multibulk {
                            remaining: count as u64,
                            // Never trust the announced count for allocation.
                            args: Vec::with_capacity((count as usize).min(16)),
                            bulk_len: None,
                        };
                    }
                }
                State::Multibulk { bulk_len: None, .. } => {
                    if self.buf.is_empty() {
                        return Ok(None);
                    }
                    let Some(cr) = self.find_line(limits, DecodeError::TooBigBulkCount)? else {
                        return Ok(None);
                    };
                    if self.buf[0] != b'$' {
                        return Err(DecodeError::ExpectedDollar(self.buf[0]));
                    }
                    let len = parse_int(&self.buf[1..cr]).ok_or(DecodeError::InvalidBulkLength)?;
                    if len < 0 || len as u64 > limits.max_bulk_len {
                        return Err(DecodeError::InvalidBulkLength);
                    }
                    if limits.unauthenticated && len > UNAUTHENTICATED_MAX_BULK_LEN {
                        return Err(DecodeError::UnauthenticatedBulkLength);
                    }
                    self.consume(cr + 2);
                    if let State::Multibulk { bulk_len, .. } = &mut self.state {
                        *bulk_len = Some(len as usize);
                    }
                }
                State::Multibulk {
                    remaining,
                    args,
                    bulk_len: Some(len),
                } => {
                    let len = *len;
                    // Redis skips the two bytes after a bulk body unchecked.
                    if self.buf.len() < len + 2 {
                        return Ok(None);
                    }
                    args.push(self.buf.split_to(len).freeze());
                    self.partial_args += len;
                    self.buf.advance(2);
                    self.scanned = 0;
                    *remaining -= 1;
                    if *remaining > 0 {
                        self.state = match std::mem::replace(&mut self.state, State::Idle) {
                            State::Multibulk {
                                remaining, args, ..
                            } => State::Multibulk {
                                remaining,
                                args,
                                bulk_len: None,
                            },
                            idle => idle,
                        };
                        continue;
                    }
                    self.partial_args = 0;
                    return match std::mem::replace(&mut self.state, State::Idle) {
                        State::Multibulk { args, .. } => Ok(Some(args)),
                        State::Idle => Ok(None),
                    };
                }
            }
        }
    }

    /// Position of the `\r` ending the header line at the front of the
    /// buffer, once the byte after it has arrived too.
    fn find_line(
        &mut self,
        limits: &Limits,
        too_big: DecodeError,
    ) -> Result<Option<usize>, DecodeError> {
        let start = self.scanned.min(self.buf.len());
        match memchr::memchr(b'\r', &self.buf[start..]) {
            Some(offset) if start + offset + 1 < self.buf.len() => Ok(Some(start + offset)),
            Some(offset) => {
                self.scanned = start + offset;
                Ok(None)
            }
            None => {
                if self.buf.len() > limits.max_inline_len {
                    return Err(too_big);
                }
                self.scanned = self.buf.len();
                Ok(None)
            }
        }
    }

    /// Takes one inline line; `Some(empty)` for a blank line (ignored, as
    /// Redis ignores it), `None` while the line end has not arrived.
    fn inline_line(&mut self, limits: &Limits) -> Result<Option<Vec<Bytes>>, DecodeError> {
        let start = self.scanned.min(self.buf.len());
        let Some(offset) = memchr::memchr(b'\n', &self.buf[start..]) else {
            if self.buf.len() > limits.max_inline_len {
                return Err(DecodeError::TooBigInlineRequest);
            }
            self.scanned = self.buf.len();
            return Ok(None);
        };
        let newline = start + offset;
        let mut line = &self.buf[..newline];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        let args = split_args(line).ok_or(DecodeError::UnbalancedQuotes)?;
        self.consume(newline + 1);
        Ok(Some(args.into_iter().map(Bytes::from).collect()))
    }

    fn consume(&mut self, n: usize) {
        self.buf.advance(n);
        self.scanned = 0;
    }
}

/// Parses a decimal integer the way Redis's `string2ll` does: optional `-`,
/// no `+`, no leading zeros, no spaces, must fit an i64.
fn parse_int(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, text),
    };
    match digits {
        [] => return None,
        [b'0'] => return if negative { None } else { Some(0) },
        [b'0', ..] => return None,
        _ => {}
    }
    let mut value: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        let digit = (d - b'0') as i64;
        value = if negative {
            value.checked_mul(10)?.checked_sub(digit)?
        } else {
            value.checked_mul(10)?.checked_add(digit)?
        };
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(input: &[u8]) -> (Vec<Vec<Vec<u8>>>, Option<DecodeError>) {
        let mut decoder = Decoder::new();
        decoder.extend(input);
        let mut commands = Vec::new();
        loop {
            match decoder.next_command(&Limits::default()) {
                Ok(Some(args)) => commands.push(args.iter().map(|a| a.to_vec()).collect()),
                Ok(None) => return (commands, None),
                Err(e) => return (commands, Some(e)),
            }
        }
    }

    fn words(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    #[test]
    fn multibulk_and_inline_mix() {
        let (cmds, err) = decode_all(b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n\r\n  \r\nECHO hi\n");
        assert_eq!(err, None);
        assert_eq!(
            cmds,
            vec![
                words(&["GET", "k"]),
                words(&["PING"]),
                words(&["ECHO", "hi"])
            ]
        );
    }

    #[test]
    fn non_positive_counts_are_ignored() {
        let (cmds, err) = decode_all(b"*0\r\n*-1\r\n*-5\r\nPING\r\n");
        assert_eq!(err, None);
        assert_eq!(cmds, vec![words(&["PING"])]);
    }

    #[test]
    fn binary_safe_bulk() {
        let (cmds, _) = decode_all(b"*1\r\n$4\r\n\r\n\0x\r\n");
        assert_eq!(cmds, vec![vec![b"\r\n\0x".to_vec()]]);
    }

    #[test]
    fn protocol_errors_match_redis() {
        assert_eq!(
            decode_all(b"*abc\r\n").1,
            Some(DecodeError::InvalidMultibulkLength)
        );
        assert_eq!(
            decode_all(b"*+1\r\n").1,
            Some(DecodeError::InvalidMultibulkLength)
        );
        assert_eq!(
            decode_all(b"*3000000000\r\n").1,
            Some(DecodeError::InvalidMultibulkLength)
        );
        assert_eq!(
            decode_all(b"*1\r\n$-1\r\n").1,
            Some(DecodeError::InvalidBulkLength)
        );
        assert_eq!(
            decode_all(b"*1\r\n$04\r\nPING\r\n").1,
            Some(DecodeError::InvalidBulkLength)
        );
        assert_eq!(
            decode_all(b"*1\r\n$536870913\r\n").1,
            Some(DecodeError::InvalidBulkLength)
        );
        assert_eq!(
            decode_all(b"*2\r\nx\r\n").1,
            Some(DecodeError::ExpectedDollar(b'x'))
        );
        assert_eq!(
            decode_all(b"\"foo\r\n").1,
            Some(DecodeError::UnbalancedQuotes)
        );
        assert_eq!(
            DecodeError::ExpectedDollar(b'x').message(),
            b"ERR Protocol error: expected '$', got 'x'"
        );
    }

    #[test]
    fn announced_lengths_allocate_nothing() {
        let mut decoder = Decoder::new();
        decoder.extend(b"*1099511627776\r\n");
        assert_eq!(
            decoder.next_command(&Limits::default()),
            Err(DecodeError::InvalidMultibulkLength)
        );
        let mut decoder = Decoder::new();
        decoder.extend(b"*2147483647\r\n$536870912\r\n");
        assert_eq!(decoder.next_command(&Limits::default()), Ok(None));
        assert!(decoder.buf.capacity() < 4096);
        if let State::Multibulk { args, .. } = &decoder.state {
            assert!(args.capacity() <= 16);
        }
    }

    #[test]
    fn lines_without_end_are_bounded() {
        let long = vec![b'a'; 64 * 1024 + 1];
        assert_eq!(decode_all(&long).1, Some(DecodeError::TooBigInlineRequest));
        let mut star = b"*".to_vec();
        star.extend_from_slice(&long);
        assert_eq!(decode_all(&star).1, Some(DecodeError::TooBigMultibulkCount));
        let mut bulk = b"*1\r\n$".to_vec();
        bulk.extend_from_slice(&long);
        assert_eq!(decode_all(&bulk).1, Some(DecodeError::TooBigBulkCount));
    }

    #[test]
    fn any_split_decodes_the_same() {
        let stream: &[u8] = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nva\r\nl\r\nPING\r\nECHO \"x y\"\r\n*1\r\n$4\r\nPING\r\n";
        let (whole, err) = decode_all(stream);
        assert_eq!(err, None);
        assert_eq!(whole.len(), 4);
        for a in 0..stream.len() {
            for b in a..stream.len() {
                let mut decoder = Decoder::new();
                let mut got = Vec::new();
                for part in [&stream[..a], &stream[a..b], &stream[b..]] {
                    decoder.extend(part);
                    while let Some(cmd) = decoder.next_command(&Limits::default()).unwrap() {
                        got.push(cmd.iter().map(|x| x.to_vec()).collect::<Vec<_>>());
                    }
                }
                assert_eq!(got, whole, "split at {a},{b}");
            }
        }
    }

    #[test]
    fn large_value_in_small_reads_is_linear() {
        let size = 10 * 1024 * 1024;
        let mut stream = format!("*2\r\n$4\r\nECHO\r\n${size}\r\n").into_bytes();
        stream.extend(std::iter::repeat_n(b'v', size));
        stream.extend_from_slice(b"\r\n");
        let mut decoder = Decoder::new();
        let mut found = None;
        for chunk in stream.chunks(4096) {
            decoder.extend(chunk);
            if let Some(cmd) = decoder.next_command(&Limits::default()).unwrap() {
                found = Some(cmd);
            }
        }
        assert_eq!(found.map(|c| c[1].len()), Some(size));
    }

    #[test]
    fn string2ll_rules() {
        assert_eq!(parse_int(b"0"), Some(0));
        assert_eq!(parse_int(b"-12"), Some(-12));
        assert_eq!(parse_int(b"-0"), None);
        assert_eq!(parse_int(b"007"), None);
        assert_eq!(parse_int(b" 7"), None);
        assert_eq!(parse_int(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_int(b"9223372036854775808"), None);
    }
}
