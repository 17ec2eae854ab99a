//! Incremental RESP request decoder.
//!
//! Bytes are appended with [`Decoder::extend`] as they arrive; complete
//! commands come out of [`Decoder::next_command`]. The decoder never rescans
//! what it has already parsed (a search for a line end resumes where the last
//! one stopped, and a bulk body is waited for by length), so a 10 MiB value
//! arriving in 4 KiB reads costs linear time. It never reserves memory from a
//! length the client only announced: buffers grow with the bytes received.
//!
//! Every byte here comes from a client: no indexing can panic.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

use super::inline::split_args;

/// `data[start..end]`, or empty if the range is out of bounds (it never is:
/// ranges come from line ends found in the same buffer).
fn slice(data: &[u8], start: usize, end: usize) -> &[u8] {
    data.get(start..end).unwrap_or_default()
}

/// `memchr` that adds the bytes it looked at (through the match, or all of
/// `haystack` when there is none) to `examined`: one addition per search.
fn find_byte(examined: &mut u64, needle: u8, haystack: &[u8]) -> Option<usize> {
    let found = memchr::memchr(needle, haystack);
    *examined += found.map_or(haystack.len(), |at| at + 1) as u64;
    found
}

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
    /// Inside `*N`: `remaining` arguments still to come, and the announced
    /// length of the bulk being received, once its header is in.
    Multibulk {
        remaining: u64,
        bulk_len: Option<usize>,
    },
}

/// The arguments of one decoded command, borrowed from the decoder: no
/// per-command or per-argument allocation. Index it like a slice.
pub struct Command<'a> {
    data: &'a [u8],
    ranges: &'a [(usize, usize)],
}

impl<'a> Command<'a> {
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Argument `i` (0 is the command name).
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        self.ranges.get(i).map(|&(a, b)| slice(self.data, a, b))
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.ranges.iter().map(|&(a, b)| slice(self.data, a, b))
    }

    /// Calls `f` with the arguments as a slice of byte slices, built on the
    /// stack for the usual short commands.
    pub fn with_slices<R>(&self, f: impl FnOnce(&[&[u8]]) -> R) -> R {
        const ON_STACK: usize = 8;
        if self.len() <= ON_STACK {
            let mut slices: [&[u8]; ON_STACK] = [&[]; ON_STACK];
            for (slot, arg) in slices.iter_mut().zip(self.iter()) {
                *slot = arg;
            }
            f(slices.get(..self.len()).unwrap_or_default())
        } else {
            f(&self.iter().collect::<Vec<_>>())
        }
    }
}

/// Per-connection request decoder. See the module documentation.
///
/// Input accumulates in one buffer; a command's arguments are recorded as
/// ranges of it, so a decoded command is a view, not a copy. Consumed bytes
/// are dropped from the front when more input arrives and they make up
/// most of the buffer, which keeps the cost linear in the input.
pub struct Decoder {
    buf: Vec<u8>,
    /// Start of the command being decoded (or returned last): the bytes
    /// before it can be dropped.
    command_start: usize,
    /// Parse position: everything before it is consumed.
    pos: usize,
    state: State,
    /// Ranges of the arguments collected so far, relative to `command_start`
    /// (relative to `inline` for an inline command).
    ranges: Vec<(usize, usize)>,
    /// Arguments of the last inline command, after unquoting.
    inline: Vec<u8>,
    /// Bytes from `pos` already searched for a line end.
    scanned: usize,
    /// Bytes examined so far; see [`Decoder::bytes_examined`].
    examined: u64,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    pub fn new() -> Self {
        Decoder {
            buf: Vec::new(),
            command_start: 0,
            pos: 0,
            state: State::Idle,
            ranges: Vec::new(),
            inline: Vec::new(),
            scanned: 0,
            examined: 0,
        }
    }

    /// Bytes the decoder has examined since it was created: those its
    /// line-end searches scanned (through the line end, or to the end of the
    /// input when there is none yet), counted once per search where the
    /// search happens. A bulk body is awaited by its announced length, so
    /// its bytes are never examined. For tests and benchmarks: it shows the
    /// decoding work is linear in the input, however the input is split.
    pub fn bytes_examined(&self) -> u64 {
        self.examined
    }

    /// Appends bytes read from the client.
    pub fn extend(&mut self, bytes: &[u8]) {
        let dead = self.command_start;
        if dead > 0 && dead * 2 >= self.buf.len() {
            self.buf.drain(..dead);
            self.pos -= dead;
            self.command_start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes received but not yet consumed by a complete command.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Input held for commands not complete yet: the unparsed bytes plus
    /// those of the command being received (its arguments so far).
    /// This is what `client-query-buffer-limit` bounds.
    pub fn pending(&self) -> usize {
        match self.state {
            State::Idle => self.buf.len() - self.pos,
            State::Multibulk { .. } => self.buf.len() - self.command_start,
        }
    }

    /// The query buffer as CLIENT LIST reports it: the bytes held for
    /// commands not run yet ([`Decoder::pending`]) and the room left in
    /// its allocation.
    pub fn query_buffer(&self) -> (usize, usize) {
        (self.pending(), self.buf.capacity() - self.buf.len())
    }

    /// Makes the command just returned by [`Decoder::next_command`] the
    /// next one again: its client must wait before running it (CLIENT
    /// PAUSE), and it stays first in line, before the input after it.
    /// Call it before asking for another command.
    pub fn rewind(&mut self) {
        self.pos = self.command_start;
        self.state = State::Idle;
        self.scanned = 0;
        self.ranges.clear();
    }

    fn rest(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// Next complete command, `Ok(None)` when more bytes are needed.
    /// After an error the decoder must not be used again (the connection
    /// closes).
    pub fn next_command(&mut self, limits: &Limits) -> Result<Option<Command<'_>>, DecodeError> {
        loop {
            match self.state {
                State::Idle => {
                    self.command_start = self.pos;
                    self.ranges.clear();
                    let Some(&first) = self.rest().first() else {
                        return Ok(None);
                    };
                    if first != b'*' {
                        if !self.inline_line(limits)? {
                            return Ok(None);
                        }
                        if self.ranges.is_empty() {
                            continue;
                        }
                        return Ok(Some(Command {
                            data: &self.inline,
                            ranges: &self.ranges,
                        }));
                    }
                    let Some(cr) = self.find_line(limits, DecodeError::TooBigMultibulkCount)?
                    else {
                        return Ok(None);
                    };
                    let count = parse_int(slice(self.rest(), 1, cr))
                        .ok_or(DecodeError::InvalidMultibulkLength)?;
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
                            bulk_len: None,
                        };
                    }
                }
                State::Multibulk {
                    remaining,
                    bulk_len: None,
                } => {
                    if self.rest().is_empty() {
                        return Ok(None);
                    }
                    let Some(cr) = self.find_line(limits, DecodeError::TooBigBulkCount)? else {
                        return Ok(None);
                    };
                    let rest = self.rest();
                    match rest.first() {
                        Some(b'$') => {}
                        found => {
                            return Err(DecodeError::ExpectedDollar(found.copied().unwrap_or(b' ')))
                        }
                    }
                    let len =
                        parse_int(slice(rest, 1, cr)).ok_or(DecodeError::InvalidBulkLength)?;
                    if len < 0 || len as u64 > limits.max_bulk_len {
                        return Err(DecodeError::InvalidBulkLength);
                    }
                    if limits.unauthenticated && len > UNAUTHENTICATED_MAX_BULK_LEN {
                        return Err(DecodeError::UnauthenticatedBulkLength);
                    }
                    self.consume(cr + 2);
                    self.state = State::Multibulk {
                        remaining,
                        bulk_len: Some(len as usize),
                    };
                }
                State::Multibulk {
                    remaining,
                    bulk_len: Some(len),
                } => {
                    // Redis skips the two bytes after a bulk body unchecked.
                    if self.rest().len() < len + 2 {
                        return Ok(None);
                    }
                    let start = self.pos - self.command_start;
                    self.ranges.push((start, start + len));
                    self.consume(len + 2);
                    if remaining > 1 {
                        self.state = State::Multibulk {
                            remaining: remaining - 1,
                            bulk_len: None,
                        };
                        continue;
                    }
                    self.state = State::Idle;
                    return Ok(Some(Command {
                        data: self.buf.get(self.command_start..).unwrap_or_default(),
                        ranges: &self.ranges,
                    }));
                }
            }
        }
    }

    /// Position (from `pos`) of the `\r` ending the header line at the
    /// front of the unconsumed input, once the byte after it has arrived too.
    fn find_line(
        &mut self,
        limits: &Limits,
        too_big: DecodeError,
    ) -> Result<Option<usize>, DecodeError> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let start = self.scanned.min(rest.len());
        let found = find_byte(
            &mut self.examined,
            b'\r',
            rest.get(start..).unwrap_or_default(),
        );
        match found {
            Some(offset) if start + offset + 1 < rest.len() => Ok(Some(start + offset)),
            Some(offset) => {
                self.scanned = start + offset;
                Ok(None)
            }
            None => {
                if rest.len() > limits.max_inline_len {
                    return Err(too_big);
                }
                self.scanned = rest.len();
                Ok(None)
            }
        }
    }

    /// Takes one inline line into `inline` / `ranges` (no ranges for a
    /// blank line, which Redis ignores); false while the line end has not
    /// arrived.
    fn inline_line(&mut self, limits: &Limits) -> Result<bool, DecodeError> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        let start = self.scanned.min(rest.len());
        let found = find_byte(
            &mut self.examined,
            b'\n',
            rest.get(start..).unwrap_or_default(),
        );
        let Some(offset) = found else {
            if rest.len() > limits.max_inline_len {
                return Err(DecodeError::TooBigInlineRequest);
            }
            self.scanned = rest.len();
            return Ok(false);
        };
        let newline = start + offset;
        let line = rest.get(..newline).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let args = split_args(line).ok_or(DecodeError::UnbalancedQuotes)?;
        self.inline.clear();
        for arg in args {
            let at = self.inline.len();
            self.inline.extend_from_slice(&arg);
            self.ranges.push((at, self.inline.len()));
        }
        self.consume(newline + 1);
        Ok(true)
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
        self.scanned = 0;
    }
}

/// Parses a decimal integer the way Redis's `string2ll` does: optional `-`,
/// no `+`, no leading zeros, no spaces, must fit an i64. Shared by the
/// protocol headers and every integer argument of a command.
pub(crate) fn parse_int(text: &[u8]) -> Option<i64> {
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
        assert!(matches!(
            decoder.next_command(&Limits::default()),
            Err(DecodeError::InvalidMultibulkLength)
        ));
        let mut decoder = Decoder::new();
        decoder.extend(b"*2147483647\r\n$536870912\r\n");
        assert!(matches!(decoder.next_command(&Limits::default()), Ok(None)));
        assert!(decoder.buf.capacity() < 4096);
        assert!(decoder.ranges.capacity() <= 16);
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
    fn long_pipelines_in_random_reads_decode_the_same() {
        // Exercises the buffer compaction between reads with commands that
        // straddle read boundaries in every way.
        let mut stream = Vec::new();
        let mut expected = Vec::new();
        for i in 0..2000usize {
            let value = vec![b'a' + (i % 26) as u8; i % 300];
            let key = format!("key:{i}").into_bytes();
            stream.extend_from_slice(format!("*3\r\n$3\r\nSET\r\n${}\r\n", key.len()).as_bytes());
            stream.extend_from_slice(&key);
            stream.extend_from_slice(format!("\r\n${}\r\n", value.len()).as_bytes());
            stream.extend_from_slice(&value);
            stream.extend_from_slice(b"\r\n");
            expected.push(vec![b"SET".to_vec(), key.clone(), value]);
            if i % 7 == 0 {
                stream.extend_from_slice(b"GET k\r\n");
                expected.push(vec![b"GET".to_vec(), b"k".to_vec()]);
            }
        }
        let mut seed = 0x9E37_79B9u64;
        for _ in 0..20 {
            let mut decoder = Decoder::new();
            let mut got = Vec::new();
            let mut at = 0;
            while at < stream.len() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let take = (1 + seed % 700) as usize;
                let end = (at + take).min(stream.len());
                decoder.extend(&stream[at..end]);
                at = end;
                while let Some(cmd) = decoder.next_command(&Limits::default()).unwrap() {
                    got.push(cmd.iter().map(|a| a.to_vec()).collect::<Vec<_>>());
                }
            }
            assert_eq!(got, expected);
            assert_eq!(decoder.buffered(), 0);
        }
    }

    /// Feeds `stream` in reads of `chunk` bytes, decoding after each, and
    /// returns the decoded commands' argument lengths and the bytes the
    /// decoder examined.
    fn decode_in_reads(stream: &[u8], chunk: usize) -> (Vec<Vec<usize>>, u64) {
        let mut decoder = Decoder::new();
        let mut lengths = Vec::new();
        for part in stream.chunks(chunk) {
            decoder.extend(part);
            while let Some(cmd) = decoder.next_command(&Limits::default()).unwrap() {
                lengths.push(cmd.iter().map(<[u8]>::len).collect());
            }
        }
        assert_eq!(decoder.buffered(), 0);
        (lengths, decoder.bytes_examined())
    }

    /// Decodes `stream` (an `ECHO` of a `size`-byte argument) in reads of
    /// `chunk` bytes; checks the command and that the work stayed within a
    /// few times the stream, and returns the work.
    fn echo_work(stream: &[u8], chunk: usize, size: usize) -> u64 {
        let (commands, examined) = decode_in_reads(stream, chunk);
        assert_eq!(commands, vec![vec![4, size]]);
        assert!(
            examined <= 3 * stream.len() as u64,
            "{examined} bytes examined for a {}-byte stream",
            stream.len()
        );
        examined
    }

    /// `ECHO` of a `size`-byte bulk, in 4 KiB reads.
    fn large_bulk(size: usize) -> u64 {
        let mut stream = format!("*2\r\n$4\r\nECHO\r\n${size}\r\n").into_bytes();
        stream.extend(std::iter::repeat_n(b'v', size));
        stream.extend_from_slice(b"\r\n");
        echo_work(&stream, 4096, size)
    }

    /// An inline `ECHO` of a `size`-byte word, in 64-byte reads: the line
    /// end is searched for after every read.
    fn long_line(size: usize) -> u64 {
        let mut stream = b"ECHO ".to_vec();
        stream.extend(std::iter::repeat_n(b'w', size));
        stream.extend_from_slice(b"\r\n");
        echo_work(&stream, 64, size)
    }

    /// The decoding work grows linearly with the input however it is split:
    /// at most a few times the stream's bytes, and 8 times the input costs
    /// well under 10 times the work (a decoder that rescans what it has
    /// already seen would examine about 64 times as much).
    #[test]
    fn large_value_in_small_reads_is_linear() {
        large_bulk(10 * 1024 * 1024);
        let small = large_bulk(1024 * 1024);
        let large = large_bulk(8 * 1024 * 1024);
        assert!(
            large < 10 * small.max(1),
            "1 MiB: {small} bytes examined, 8 MiB: {large}"
        );
        // Inline lines are bounded by `max_inline_len` (64 KiB).
        let small = long_line(6 * 1024);
        let large = long_line(48 * 1024);
        assert!(
            large < 10 * small.max(1),
            "6 KiB: {small} bytes examined, 48 KiB: {large}"
        );
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
