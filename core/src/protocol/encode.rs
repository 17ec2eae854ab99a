//! Reply encoder for RESP2 and RESP3.
//!
//! Command handlers write replies through [`ReplyWriter`] without knowing the
//! connection's protocol version: the writer turns RESP3-only shapes (maps,
//! sets, nulls, doubles, verbatim strings) into their RESP2 equivalents the
//! way redis-server 7 does. Replies are appended to one caller-owned buffer so
//! that every reply produced from one read leaves in a single write.

/// Protocol version negotiated by `HELLO` (2 by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Resp2,
    Resp3,
}

/// Appends encoded replies to an output buffer.
pub struct ReplyWriter<'a> {
    out: &'a mut Vec<u8>,
    protocol: Protocol,
}

impl<'a> ReplyWriter<'a> {
    pub fn new(out: &'a mut Vec<u8>, protocol: Protocol) -> Self {
        ReplyWriter { out, protocol }
    }

    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Number of bytes in the output buffer so far (used to bound output).
    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// `+OK`-style status reply. `text` must not contain CR or LF.
    pub fn simple(&mut self, text: &str) {
        self.out.push(b'+');
        self.out.extend_from_slice(text.as_bytes());
        self.crlf();
    }

    pub fn ok(&mut self) {
        self.out.extend_from_slice(b"+OK\r\n");
    }

    /// Error reply. `text` is the whole message including its code
    /// (`ERR ...`, `WRONGTYPE ...`); CR and LF are replaced by spaces, as
    /// Redis does, so a client-supplied name can never break the framing.
    pub fn error(&mut self, text: &str) {
        self.error_bytes(text.as_bytes());
    }

    /// [`Self::error`] for messages that embed client bytes.
    pub fn error_bytes(&mut self, text: &[u8]) {
        self.out.push(b'-');
        self.out.extend(
            text.iter()
                .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b }),
        );
        self.crlf();
    }

    pub fn integer(&mut self, value: i64) {
        self.out.push(b':');
        self.number(value);
        self.crlf();
    }

    pub fn bulk(&mut self, value: &[u8]) {
        self.out.push(b'$');
        self.number(value.len() as i64);
        self.crlf();
        self.out.extend_from_slice(value);
        self.crlf();
    }

    /// Missing value where a bulk string was expected: `$-1` / `_`.
    pub fn null_bulk(&mut self) {
        match self.protocol {
            Protocol::Resp2 => self.out.extend_from_slice(b"$-1\r\n"),
            Protocol::Resp3 => self.out.extend_from_slice(b"_\r\n"),
        }
    }

    /// Missing value where an array was expected: `*-1` / `_`.
    pub fn null_array(&mut self) {
        match self.protocol {
            Protocol::Resp2 => self.out.extend_from_slice(b"*-1\r\n"),
            Protocol::Resp3 => self.out.extend_from_slice(b"_\r\n"),
        }
    }

    /// Header of an array of `len` elements; the caller writes them next.
    pub fn array(&mut self, len: usize) {
        self.header(b'*', len);
    }

    /// Header of a map of `len` key/value pairs (RESP2: an array of 2*len).
    pub fn map(&mut self, len: usize) {
        match self.protocol {
            Protocol::Resp2 => self.header(b'*', len * 2),
            Protocol::Resp3 => self.header(b'%', len),
        }
    }

    /// Header of a set of `len` elements (RESP2: an array).
    pub fn set(&mut self, len: usize) {
        match self.protocol {
            Protocol::Resp2 => self.header(b'*', len),
            Protocol::Resp3 => self.header(b'~', len),
        }
    }

    /// Header of an out-of-band push of `len` elements (Pub/Sub messages
    /// and subscription confirmations): RESP3's `>`, an array in RESP2.
    pub fn push(&mut self, len: usize) {
        match self.protocol {
            Protocol::Resp2 => self.header(b'*', len),
            Protocol::Resp3 => self.header(b'>', len),
        }
    }

    /// Double reply (RESP2: a bulk string), formatted as Redis formats it.
    pub fn double(&mut self, value: f64) {
        let text = format_double(value);
        match self.protocol {
            Protocol::Resp2 => self.bulk(text.as_bytes()),
            Protocol::Resp3 => {
                self.out.push(b',');
                self.out.extend_from_slice(text.as_bytes());
                self.crlf();
            }
        }
    }

    /// A double already formatted as `text` (GEO's coordinates, in Redis's
    /// human long-double form): a bulk string in RESP2, a RESP3 double.
    pub fn double_text(&mut self, text: &str) {
        match self.protocol {
            Protocol::Resp2 => self.bulk(text.as_bytes()),
            Protocol::Resp3 => {
                self.out.push(b',');
                self.out.extend_from_slice(text.as_bytes());
                self.crlf();
            }
        }
    }

    /// Verbatim string such as INFO's text (RESP2: a bulk string).
    /// `format` is the three-letter type, `txt` or `mkd`.
    pub fn verbatim(&mut self, format: &str, text: &[u8]) {
        match self.protocol {
            Protocol::Resp2 => self.bulk(text),
            Protocol::Resp3 => {
                self.out.push(b'=');
                self.number((text.len() + format.len() + 1) as i64);
                self.crlf();
                self.out.extend_from_slice(format.as_bytes());
                self.out.push(b':');
                self.out.extend_from_slice(text);
                self.crlf();
            }
        }
    }

    /// Bytes already in RESP form (a RESP3 boolean or big number that
    /// only scripts produce).
    pub fn raw(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    fn header(&mut self, kind: u8, len: usize) {
        self.out.push(kind);
        self.number(len as i64);
        self.crlf();
    }

    fn number(&mut self, value: i64) {
        let mut buf = itoa::Buffer::new();
        self.out.extend_from_slice(buf.format(value).as_bytes());
    }

    fn crlf(&mut self) {
        self.out.extend_from_slice(b"\r\n");
    }
}

/// [`format_double`] appended to `out`, without allocating for a whole
/// number.
pub fn write_double(value: f64, out: &mut Vec<u8>) {
    match whole(value) {
        Some(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
        None => out.extend_from_slice(format_double(value).as_bytes()),
    }
}

/// A whole number below 2^53 (not -0), which `%.17g` prints as its digits
/// alone: the common case (scores, script arguments), without the general
/// formatting's cost.
fn whole(value: f64) -> Option<i64> {
    let digits = value.fract() == 0.0
        && value.abs() < 9_007_199_254_740_992.0
        && !(value == 0.0 && value.is_sign_negative());
    digits.then_some(value as i64)
}

/// Formats a double as Redis 7.0's replies do (`addReplyDouble`): C's
/// `%.17g`, with `inf` / `-inf` spelled out. `0.1` is
/// `0.10000000000000001`, `1e20` is `1e+20`, `10` is `10`.
pub fn format_double(value: f64) -> String {
    if value.is_infinite() {
        return if value > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    if let Some(n) = whole(value) {
        return itoa::Buffer::new().format(n).to_string();
    }
    if value == 0.0 {
        return "-0".into();
    }
    const PRECISION: i32 = 17;
    // The exponent after rounding to 17 significant digits decides the style.
    let scientific = format!("{:.*e}", (PRECISION - 1) as usize, value);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..PRECISION).contains(&exponent) {
        let fixed = format!("{:.*}", (PRECISION - 1 - exponent) as usize, value);
        trim_fraction(&fixed).to_string()
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{}e{sign}{:02}",
            trim_fraction(mantissa),
            exponent.unsigned_abs()
        )
    }
}

/// Drops trailing zeros of a fraction, and the point if nothing is left.
fn trim_fraction(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(protocol: Protocol, f: impl FnOnce(&mut ReplyWriter)) -> Vec<u8> {
        let mut out = Vec::new();
        f(&mut ReplyWriter::new(&mut out, protocol));
        out
    }

    #[test]
    fn nulls_follow_the_protocol() {
        assert_eq!(encode(Protocol::Resp2, |w| w.null_bulk()), b"$-1\r\n");
        assert_eq!(encode(Protocol::Resp2, |w| w.null_array()), b"*-1\r\n");
        assert_eq!(encode(Protocol::Resp3, |w| w.null_bulk()), b"_\r\n");
        assert_eq!(encode(Protocol::Resp3, |w| w.null_array()), b"_\r\n");
    }

    #[test]
    fn maps_flatten_in_resp2() {
        let write = |w: &mut ReplyWriter| {
            w.map(1);
            w.bulk(b"k");
            w.integer(-2);
        };
        assert_eq!(encode(Protocol::Resp2, write), b"*2\r\n$1\r\nk\r\n:-2\r\n");
        assert_eq!(encode(Protocol::Resp3, write), b"%1\r\n$1\r\nk\r\n:-2\r\n");
    }

    #[test]
    fn pushes_are_arrays_in_resp2() {
        assert_eq!(encode(Protocol::Resp2, |w| w.push(3)), b"*3\r\n");
        assert_eq!(encode(Protocol::Resp3, |w| w.push(3)), b">3\r\n");
    }

    #[test]
    fn errors_never_carry_newlines() {
        assert_eq!(
            encode(Protocol::Resp2, |w| w.error_bytes(b"ERR a\r\nb")),
            b"-ERR a  b\r\n"
        );
    }

    #[test]
    fn verbatim_is_bulk_in_resp2() {
        assert_eq!(
            encode(Protocol::Resp3, |w| w.verbatim("txt", b"hi")),
            b"=6\r\ntxt:hi\r\n"
        );
        assert_eq!(
            encode(Protocol::Resp2, |w| w.verbatim("txt", b"hi")),
            b"$2\r\nhi\r\n"
        );
    }

    #[test]
    fn doubles_match_redis_text() {
        assert_eq!(encode(Protocol::Resp3, |w| w.double(1.5)), b",1.5\r\n");
        assert_eq!(encode(Protocol::Resp3, |w| w.double(3.0)), b",3\r\n");
        for (value, text) in [
            (10.0, "10"),
            (1e20, "1e+20"),
            (1e17, "1e+17"),
            (0.1, "0.10000000000000001"),
            (0.1 + 0.2, "0.30000000000000004"),
            (3.0e-5, "3.0000000000000001e-05"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (-2.5, "-2.5"),
            (1e-300, "1e-300"),
            (f64::NEG_INFINITY, "-inf"),
            (-0.0, "-0"),
            (-60.0, "-60"),
            (9007199254740991.0, "9007199254740991"),
            (9007199254740992.0, "9007199254740992"),
            (1e16, "10000000000000000"),
        ] {
            assert_eq!(format_double(value), text);
        }
        assert_eq!(
            encode(Protocol::Resp2, |w| w.double(f64::INFINITY)),
            b"$3\r\ninf\r\n"
        );
    }
}
