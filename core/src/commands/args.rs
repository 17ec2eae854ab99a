//! The argument cursor handlers read their arguments through.
//!
//! It starts after the command name (and subcommand name), so a handler
//! reads its arguments in the order the syntax gives them, with Redis's
//! parsing rules and error texts, and never indexes: a missing argument is
//! a syntax error rather than a panic (the arity check makes that
//! unreachable for the arguments a command requires).

use super::errors::{self, c_str, CommandError};
use crate::protocol::decode::parse_int;

/// A cursor over the arguments after the command name.
#[derive(Clone, Debug)]
pub(crate) struct Args<'a> {
    rest: &'a [&'a [u8]],
    /// The command name (and subcommand name) before the arguments, as
    /// typed, for the few errors that echo them.
    words: &'a [&'a [u8]],
}

impl<'a> Iterator for Args<'a> {
    type Item = &'a [u8];

    /// The next raw argument, if any.
    fn next(&mut self) -> Option<&'a [u8]> {
        let (first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.rest.len(), Some(self.rest.len()))
    }
}

impl<'a> Args<'a> {
    pub fn new(rest: &'a [&'a [u8]]) -> Args<'a> {
        Args { rest, words: &[] }
    }

    /// A cursor over `all` after its first `skip` words (the command name,
    /// and the subcommand name when there is one).
    pub fn after(all: &'a [&'a [u8]], skip: usize) -> Args<'a> {
        let (words, rest) = all.split_at(skip.min(all.len()));
        Args { rest, words }
    }

    /// The command name and, for a subcommand, its name, as typed (empty
    /// for a cursor made with [`Args::new`]).
    pub fn command_words(&self) -> &'a [&'a [u8]] {
        self.words
    }

    /// How many arguments are left.
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next argument, without taking it.
    pub fn peek(&self) -> Option<&'a [u8]> {
        self.rest.first().copied()
    }

    /// Takes every argument left.
    pub fn rest(&mut self) -> &'a [&'a [u8]] {
        std::mem::take(&mut self.rest)
    }

    /// The next argument, which the syntax requires.
    pub fn next_arg(&mut self) -> Result<&'a [u8], CommandError> {
        self.next().ok_or(errors::SYNTAX)
    }

    /// The next argument, a key name (keys are binary: no NUL rule).
    pub fn next_key(&mut self) -> Result<&'a [u8], CommandError> {
        self.next_arg()
    }

    /// The next argument as an integer, parsed as Redis's `string2ll`
    /// parses it (the whole argument, NULs included, must be the number).
    pub fn next_int(&mut self) -> Result<i64, CommandError> {
        integer(self.next_arg()?)
    }

    /// The next argument as a float, under the rules of Redis's
    /// `getLongDoubleFromObject` (see [`parse_float`]).
    #[allow(dead_code)] // no float command yet (INCRBYFLOAT will be the first)
    pub fn next_float(&mut self) -> Result<f64, CommandError> {
        parse_float(self.next_arg()?).ok_or(errors::NOT_FLOAT)
    }

    /// Takes the next argument if it is one of `tokens` (see [`token`]) and
    /// returns which; leaves it otherwise.
    pub fn next_token(&mut self, tokens: &[&str]) -> Option<usize> {
        let found = token(self.peek()?, tokens)?;
        self.next();
        Some(found)
    }
}

/// An integer argument (see [`Args::next_int`]), for arguments taken
/// before their meaning is known.
pub(crate) fn integer(arg: &[u8]) -> Result<i64, CommandError> {
    parse_int(arg).ok_or(errors::NOT_INTEGER)
}

/// Which of `tokens` the option word `arg` is, ignoring ASCII case. Redis
/// compares option words with `strcasecmp`, so the word ends at its first
/// NUL byte: `"gt\0junk"` is GT (checked against redis-server 7.0.15).
pub(crate) fn token(arg: &[u8], tokens: &[&str]) -> Option<usize> {
    let word = c_str(arg);
    tokens
        .iter()
        .position(|t| t.as_bytes().eq_ignore_ascii_case(word))
}

/// Whether `arg` is the option word `word` (see [`token`]).
pub(crate) fn is_token(arg: &[u8], word: &str) -> bool {
    token(arg, &[word]).is_some()
}

/// A SCAN-family cursor as Redis's `parseScanCursorOrReply` reads it with
/// `strtoul`: decimal digits after an optional sign (a `-` wraps around,
/// so `-1` is the largest cursor), up to the end or a NUL byte; no leading
/// white space, nothing else after the digits, no overflow. The empty
/// argument is cursor 0, as strtoul leaves it. Errors: `ERR invalid cursor`.
pub(crate) fn scan_cursor(arg: &[u8]) -> Result<u64, CommandError> {
    let text = c_str(arg);
    if text.is_empty() {
        return Ok(0);
    }
    let (negative, digits) = match text[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(errors::INVALID_CURSOR);
    }
    let mut value: u64 = 0;
    for &d in digits {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(d - b'0')))
            .ok_or(errors::INVALID_CURSOR)?;
    }
    Ok(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// The options of HSCAN/SSCAN/ZSCAN after the cursor, as Redis's
/// `scanGenericCommand` reads them: `COUNT n` (an integer of at least 1,
/// 10 by default) and `MATCH pattern`, each possibly repeated (the last
/// wins); `MATCH *` is no filter. Anything else is a syntax error.
pub(crate) fn scan_options<'a>(
    args: &mut Args<'a>,
) -> Result<(Option<&'a [u8]>, usize), CommandError> {
    let mut pattern = None;
    let mut count = 10;
    while let Some(option) = args.next() {
        let which = token(option, &["count", "match"]);
        let value = match (which, args.peek()) {
            (Some(_), Some(value)) => value,
            _ => return Err(errors::SYNTAX),
        };
        args.next();
        if which == Some(0) {
            let n = integer(value)?;
            if n < 1 {
                return Err(errors::SYNTAX);
            }
            count = usize::try_from(n).unwrap_or(usize::MAX);
        } else {
            pattern = (value != b"*").then_some(value);
        }
    }
    Ok((pattern, count))
}

/// Redis's `MAX_LONG_DOUBLE_CHARS`: longer arguments are never floats.
const MAX_FLOAT_CHARS: usize = 5 * 1024;

/// Parses a float as Redis's `string2ld` does with `strtold`: the whole
/// argument must be the number (no leading space, no trailing bytes, no
/// NUL), decimal or hexadecimal (`0x1p3`), or `inf`/`infinity` in any case
/// and sign; NaN is refused. Redis holds a `long double`; miniRedis holds
/// an `f64`, so a finite number too large for one is refused too (Redis
/// refuses only beyond the `long double` range), and one too small rounds
/// towards zero.
pub(crate) fn parse_float(arg: &[u8]) -> Option<f64> {
    if arg.is_empty() || arg.len() >= MAX_FLOAT_CHARS || arg[0].is_ascii_whitespace() {
        return None;
    }
    let text = std::str::from_utf8(arg).ok()?;
    let (negative, unsigned) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = if !unsigned.is_empty()
        && unsigned.len() <= 15
        && unsigned.bytes().all(|b| b.is_ascii_digit())
    {
        // Whole numbers (scores, timestamps: the common case) are exact
        // below 10^15, without the general parser.
        unsigned
            .bytes()
            .fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64
    } else if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if unsigned
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("0x"))
    {
        parse_hex_float(&unsigned[2..].to_ascii_lowercase())?
    } else {
        // Rust's grammar would take these words too; strtold's spelling
        // of them was handled above, and NaN is refused.
        if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let value: f64 = unsigned.parse().ok()?;
        if value.is_infinite() {
            return None;
        }
        value
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// The part of a hexadecimal float after `0x`: hex digits with an optional
/// point, then an optional binary exponent `p[+-]digits`.
pub(crate) fn parse_hex_float(hex: &str) -> Option<f64> {
    let (mantissa, exponent) = match hex.split_once('p') {
        Some((m, e)) => (m, Some(e)),
        None => (hex, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut value = 0f64;
    for c in whole.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in fraction.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let power: i32 = exponent.parse().unwrap_or(if exponent.starts_with('-') {
            i32::MIN
        } else {
            i32::MAX
        });
        value = scale_by_power_of_two(value, power);
    }
    value.is_finite().then_some(value)
}

/// `value * 2^power`, in steps that keep each factor a finite normal
/// double (`2f64.powi(-1074)` alone is 0), stopping once the product is 0
/// or infinite.
fn scale_by_power_of_two(mut value: f64, mut power: i32) -> f64 {
    const STEP: i32 = 1000;
    while power > STEP && value.is_finite() && value != 0.0 {
        value *= 2f64.powi(STEP);
        power -= STEP;
    }
    while power < -STEP && value.is_finite() && value != 0.0 {
        value *= 2f64.powi(-STEP);
        power += STEP;
    }
    value * 2f64.powi(power.clamp(-STEP, STEP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_reads_in_order() {
        let raw: [&[u8]; 4] = [b"k", b"10", b"nx", b"x"];
        let mut args = Args::new(&raw);
        assert_eq!(args.remaining(), 4);
        assert_eq!(args.next_key(), Ok(&b"k"[..]));
        assert_eq!(args.next_int(), Ok(10));
        assert_eq!(args.next_token(&["XX", "NX"]), Some(1));
        assert_eq!(args.next_token(&["XX", "NX"]), None);
        assert_eq!(args.peek(), Some(&b"x"[..]));
        assert_eq!(args.rest(), &[&b"x"[..]]);
        assert!(args.is_empty());
        assert_eq!(args.next_arg(), Err(errors::SYNTAX));
    }

    #[test]
    fn integers_follow_string2ll() {
        for bad in [
            &b"+1"[..],
            b"01",
            b" 1",
            b"1 ",
            b"1\0",
            b"",
            b"9223372036854775808",
        ] {
            assert_eq!(Args::new(&[bad]).next_int(), Err(errors::NOT_INTEGER));
        }
        assert_eq!(
            Args::new(&[b"-9223372036854775808"]).next_int(),
            Ok(i64::MIN)
        );
    }

    #[test]
    fn tokens_are_c_strings_in_any_case() {
        assert_eq!(token(b"gT\0junk", &["NX", "GT"]), Some(1));
        assert_eq!(token(b"\0", &["NX"]), None);
        assert!(is_token(b"Samples", "samples"));
        assert!(!is_token(b"samplesx", "samples"));
    }

    #[test]
    fn scan_cursors_follow_strtoul() {
        for (arg, want) in [
            (&b"0"[..], 0),
            (b"", 0),
            (b"+1", 1),
            (b"-1", u64::MAX),
            (b"-0", 0),
            (b"18446744073709551615", u64::MAX),
            (b"12\0junk", 12),
            (b"\0", 0),
            (b"007", 7),
        ] {
            assert_eq!(scan_cursor(arg), Ok(want), "{arg:?}");
        }
        for arg in [
            &b" 1"[..],
            b"1 ",
            b"abc",
            b"+",
            b"-",
            b"18446744073709551616",
            b"1.5",
        ] {
            assert_eq!(scan_cursor(arg), Err(errors::INVALID_CURSOR), "{arg:?}");
        }
    }

    #[test]
    fn scan_options_follow_scan_generic_command() {
        fn parse<'a>(raw: &'a [&'a [u8]]) -> Result<(Option<&'a [u8]>, usize), CommandError> {
            scan_options(&mut Args::new(raw))
        }
        assert_eq!(parse(&[]), Ok((None, 10)));
        assert_eq!(
            parse(&[b"MATCH", b"a*", b"count", b"3", b"match", b"*"]),
            Ok((None, 3))
        );
        assert_eq!(parse(&[b"match", b"a*"]), Ok((Some(&b"a*"[..]), 10)));
        assert_eq!(parse(&[b"count", b"0"]), Err(errors::SYNTAX));
        assert_eq!(parse(&[b"count", b"x"]), Err(errors::NOT_INTEGER));
        assert_eq!(parse(&[b"count"]), Err(errors::SYNTAX));
        assert_eq!(parse(&[b"type", b"hash"]), Err(errors::SYNTAX));
    }

    #[test]
    fn floats_follow_strtold() {
        let good: &[(&[u8], f64)] = &[
            (b"1.5", 1.5),
            (b"-.5", -0.5),
            (b"+5.", 5.0),
            (b"1e3", 1000.0),
            (b"1E-2", 0.01),
            (b"0x10", 16.0),
            (b"0x1.8p1", 3.0),
            (b"-0X1P-1", -0.5),
            (b"inf", f64::INFINITY),
            (b"-Infinity", f64::NEG_INFINITY),
        ];
        for (text, want) in good {
            assert_eq!(parse_float(text), Some(*want), "{:?}", text);
        }
        let bad: &[&[u8]] = &[
            b"", b" 1", b"1 ", b"1\0", b"nan", b"-NaN", b"1e", b"e1", b"abc", b"0x", b"1e999",
            b"infinit", b"0x1p", b"1,5",
        ];
        for text in bad {
            assert_eq!(parse_float(text), None, "{:?}", text);
        }
        assert_eq!(parse_float(&[b'1'; MAX_FLOAT_CHARS]), None);
        assert_eq!(Args::new(&[b"x"]).next_float(), Err(errors::NOT_FLOAT));
    }
}
