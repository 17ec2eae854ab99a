//! The x87 80-bit `long double` INCRBYFLOAT computes with, in software.
//!
//! Redis parses both numbers with `strtold`, adds them as `long double`s
//! (a 64-bit mantissa) and prints the sum with `%.17Lf`, trailing zeros
//! cut. An `f64` gives other digits for everyday values (10.5 + 0.1 prints
//! `10.59999999999999964` from an `f64`, `10.6` from a `long double`), so
//! this module reproduces the 80-bit arithmetic exactly: correctly rounded
//! parsing (decimal and hexadecimal), one correctly rounded addition
//! (round to nearest, ties to even), and exact decimal printing, all on
//! plain integers.

use std::cmp::Ordering;

/// A finite `long double`: `(-1)^negative * mantissa * 2^exponent`, the
/// mantissa normalized (top bit set) except for subnormals and zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LongDouble {
    negative: bool,
    mantissa: u64,
    exponent: i32,
}

/// The exponent of the smallest subnormal (2^-16445) and of the largest
/// finite value's mantissa ((2^64 - 1) * 2^16320).
const MIN_EXP: i32 = -16445;
const MAX_EXP: i32 = 16320;

/// A parsed number: finite, or an infinity (which any sum keeps infinite
/// or makes NaN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Parsed {
    Finite(LongDouble),
    Infinite,
}

impl LongDouble {
    pub const ZERO: LongDouble = LongDouble {
        negative: false,
        mantissa: 0,
        exponent: 0,
    };

    /// `self + other`, correctly rounded; `None` when it overflows.
    pub fn add(self, other: LongDouble) -> Option<LongDouble> {
        if other.mantissa == 0 {
            return Some(if self.mantissa == 0 {
                // -0 + -0 is -0; any other sum of zeros is +0.
                LongDouble {
                    negative: self.negative && other.negative,
                    ..LongDouble::ZERO
                }
            } else {
                self
            });
        }
        if self.mantissa == 0 {
            return Some(other);
        }
        // Both on a common scale 62 bits below the larger exponent: the
        // larger operand is exact, the smaller one loses only bits far below
        // the rounding point, folded into a sticky low bit.
        let base = self.exponent.max(other.exponent) - 62;
        let scaled = |x: LongDouble| -> u128 {
            let shift = x.exponent - base;
            if shift >= 0 {
                (x.mantissa as u128) << shift
            } else if -shift >= 128 {
                1
            } else {
                let m = x.mantissa as u128;
                let s = -shift as u32;
                (m >> s) | u128::from(m & ((1u128 << s) - 1) != 0)
            }
        };
        let (a, b) = (scaled(self), scaled(other));
        if self.negative == other.negative {
            return round(self.negative, a + b, base, false);
        }
        match a.cmp(&b) {
            Ordering::Equal => Some(LongDouble::ZERO),
            Ordering::Greater => round(self.negative, a - b, base, false),
            Ordering::Less => round(other.negative, b - a, base, false),
        }
    }

    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// `%.17Lf` with the trailing zeros (and a bare point) cut, and `-0`
    /// printed as `0`: Redis's human-friendly form.
    pub fn to_human(self) -> String {
        let mut text = String::new();
        if self.negative {
            text.push('-');
        }
        let digits = if (0..64).contains(&self.exponent) {
            // An integer below 2^127: no big integer needed.
            format!(
                "{}00000000000000000",
                (self.mantissa as u128) << self.exponent
            )
        } else if self.exponent >= 0 {
            let mut whole = Big::from_u128(self.mantissa as u128);
            whole.shl(self.exponent as u32);
            let mut digits = whole.to_decimal();
            digits.push_str("00000000000000000");
            digits
        } else {
            // mantissa * 10^17 < 2^121: the scaled value fits a u128.
            let scaled = self.mantissa as u128 * 10u128.pow(17);
            let shift = -self.exponent as u32;
            let units = if shift >= 128 {
                0
            } else {
                let (q, rest) = (scaled >> shift, scaled & ((1u128 << shift) - 1));
                let half = 1u128 << (shift - 1);
                if rest > half || (rest == half && q & 1 == 1) {
                    q + 1
                } else {
                    q
                }
            };
            format!("{units:018}")
        };
        let (whole, fraction) = digits.split_at(digits.len() - 17);
        text.push_str(whole);
        let fraction = fraction.trim_end_matches('0');
        if !fraction.is_empty() {
            text.push('.');
            text.push_str(fraction);
        }
        if text == "-0" {
            text.remove(0);
        }
        text
    }
}

/// Rounds `n * 2^exponent` (plus a sticky fraction below `n`'s last bit
/// when `sticky`) to a `long double`; `None` on overflow.
fn round(negative: bool, n: u128, exponent: i32, sticky: bool) -> Option<LongDouble> {
    if n == 0 {
        return Some(LongDouble {
            negative,
            ..LongDouble::ZERO
        });
    }
    let bits = 128 - n.leading_zeros() as i32;
    let mut exponent = exponent;
    let shift = (bits - 64).max(MIN_EXP - exponent);
    let mantissa = if shift > 0 {
        exponent += shift;
        // The kept bits, and how the lost ones compare with half a unit
        // of the last kept bit (the sticky fraction breaks a tie upwards).
        let (kept, lost) = match shift {
            129.. => (0, Ordering::Less),
            128 => (0, n.cmp(&(1u128 << 127))),
            _ => {
                let s = shift as u32;
                (n >> s, (n & ((1u128 << s) - 1)).cmp(&(1u128 << (s - 1))))
            }
        };
        let lost = match lost {
            Ordering::Equal if sticky => Ordering::Greater,
            other => other,
        };
        let up = lost == Ordering::Greater || (lost == Ordering::Equal && kept & 1 == 1);
        let mut kept = kept + u128::from(up);
        if kept >> 64 != 0 {
            kept >>= 1;
            exponent += 1;
        }
        kept as u64
    } else {
        // Normalize upwards, as far as the subnormal floor allows.
        let up = (64 - bits).min(exponent - MIN_EXP).max(0);
        exponent -= up;
        (n << up) as u64
    };
    if exponent > MAX_EXP {
        return None;
    }
    Some(LongDouble {
        negative,
        mantissa,
        exponent,
    })
}

/// Redis's `MAX_LONG_DOUBLE_CHARS`: longer texts are never floats.
pub(crate) const MAX_LONG_DOUBLE_CHARS: usize = 5 * 1024;

/// Redis's `string2ld` in full: [`parse`] with Redis's length limit.
pub(crate) fn string2ld(text: &[u8]) -> Option<Parsed> {
    if text.len() >= MAX_LONG_DOUBLE_CHARS {
        return None;
    }
    parse(text)
}

/// Parses a number as glibc's `strtold` does, under Redis's `string2ld`
/// rules: the whole argument is the number (no blanks, no trailing bytes),
/// NaN and results out of range (overflow, or underflow to zero) are
/// refused. Redis's length limit (`MAX_LONG_DOUBLE_CHARS`) is the caller's.
pub(crate) fn parse(text: &[u8]) -> Option<Parsed> {
    let (negative, rest) = match text.first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        return Some(Parsed::Infinite);
    }
    let hex = rest.len() > 2 && rest[0] == b'0' && (rest[1] | 0x20) == b'x';
    let (body, radix, marker) = if hex {
        (&rest[2..], 16u32, b'p')
    } else {
        (rest, 10, b'e')
    };
    let (mantissa, exponent) = match body.iter().position(|&b| (b | 0x20) == marker) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.iter().position(|&b| b == b'.') {
        Some(at) => (&mantissa[..at], &mantissa[at + 1..]),
        None => (mantissa, &[][..]),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut value = Big::default();
    let mut exp: i64 = match exponent {
        None => 0,
        Some(e) => parse_exponent(e)?,
    };
    for &b in whole.iter().chain(fraction) {
        let digit = (b as char).to_digit(radix)?;
        value.mul_add(radix, digit);
    }
    let scale = if hex { 4 } else { 1 };
    exp = exp.saturating_sub(fraction.len() as i64 * scale);
    let zero = value.is_zero();
    let result = if zero {
        Some(LongDouble {
            negative,
            ..LongDouble::ZERO
        })
    } else if hex {
        from_binary(negative, value, exp)
    } else {
        from_decimal(negative, value, exp)
    };
    match result {
        Some(x) if !x.is_zero() || zero => Some(Parsed::Finite(x)),
        _ => None,
    }
}

/// A decimal or binary exponent: optional sign, then digits only;
/// saturates far beyond any finite result.
fn parse_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = (value * 10 + i64::from(b - b'0')).min(1_000_000_000);
    }
    Some(if negative { -value } else { value })
}

/// `value * 2^exp`, rounded; `None` on overflow (zero on underflow).
fn from_binary(negative: bool, value: Big, exp: i64) -> Option<LongDouble> {
    let (top, shift, sticky) = value.top_bits();
    let exp = exp + shift as i64;
    if exp > i64::from(MAX_EXP) + 64 {
        return None;
    }
    let exp = exp.max(i64::from(MIN_EXP) - 200) as i32;
    round(negative, top, exp, sticky)
}

/// `value * 10^exp`, rounded; `None` on overflow (zero on underflow).
fn from_decimal(negative: bool, mut value: Big, exp: i64) -> Option<LongDouble> {
    let digits = value.bit_len() as i64 * 30103 / 100000;
    if digits + exp > 4940 {
        return None;
    }
    if digits + exp < -4970 {
        return Some(LongDouble {
            negative,
            ..LongDouble::ZERO
        });
    }
    if let Some(d) = value.to_u64() {
        // Up to 64 bits and a short exponent (the everyday case): exact in
        // 128 bits, without big-integer division.
        let d = d as u128;
        if (0..=19).contains(&exp) {
            return round(negative, d * 10u128.pow(exp as u32), 0, false);
        }
        if (-18..0).contains(&exp) {
            // A quotient of at least 66 bits (10^18 < 2^60) rounds once.
            let shift = d.leading_zeros() - 1;
            let num = d << shift;
            let den = 10u128.pow((-exp) as u32);
            return round(
                negative,
                num / den,
                -(shift as i32),
                !num.is_multiple_of(den),
            );
        }
    }
    if exp >= 0 {
        value.mul_pow10(exp as u32);
        return from_binary(negative, value, 0);
    }
    let mut divisor = Big::from_u128(1);
    divisor.mul_pow10((-exp) as u32);
    // Enough quotient bits (at least 66) to round once, correctly.
    let k = (divisor.bit_len() as i64 - value.bit_len() as i64 + 68).max(0) as u32;
    value.shl(k);
    let (quotient, exact) = value.div(&divisor);
    round(negative, quotient, -(k as i32), !exact)
}

/// A small unsigned big integer (little-endian 32-bit limbs), just what
/// parsing and printing need.
#[derive(Clone, Debug, Default)]
struct Big {
    limbs: Vec<u32>,
}

impl Big {
    fn from_u128(mut n: u128) -> Big {
        let mut limbs = Vec::new();
        while n != 0 {
            limbs.push(n as u32);
            n >>= 32;
        }
        Big { limbs }
    }

    fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// The value when it fits 64 bits.
    fn to_u64(&self) -> Option<u64> {
        match self.limbs.as_slice() {
            [] => Some(0),
            [low] => Some(u64::from(*low)),
            [low, high] => Some(u64::from(*high) << 32 | u64::from(*low)),
            _ => None,
        }
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    fn bit_len(&self) -> u32 {
        match self.limbs.last() {
            None => 0,
            Some(top) => self.limbs.len() as u32 * 32 - top.leading_zeros(),
        }
    }

    /// `self = self * factor + add`.
    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.limbs {
            let v = u64::from(*limb) * u64::from(factor) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.limbs.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut power: u32) {
        while power >= 9 {
            self.mul_add(1_000_000_000, 0);
            power -= 9;
        }
        self.mul_add(10u32.pow(power), 0);
    }

    fn shl(&mut self, bits: u32) {
        if self.is_zero() {
            return;
        }
        let (words, bits) = ((bits / 32) as usize, bits % 32);
        if bits != 0 {
            let mut carry = 0;
            for limb in &mut self.limbs {
                let v = (u64::from(*limb) << bits) | carry;
                *limb = v as u32;
                carry = v >> 32;
            }
            if carry != 0 {
                self.limbs.push(carry as u32);
            }
        }
        self.limbs.splice(0..0, std::iter::repeat_n(0, words));
    }

    fn bit(&self, i: u32) -> bool {
        self.limbs
            .get((i / 32) as usize)
            .is_some_and(|limb| limb >> (i % 32) & 1 == 1)
    }

    /// The top (up to) 128 bits, how far they were shifted down, and
    /// whether any bit below them was set.
    fn top_bits(&self) -> (u128, u32, bool) {
        let len = self.bit_len();
        let shift = len.saturating_sub(128);
        let mut top = 0u128;
        for i in (shift..len).rev() {
            top = (top << 1) | u128::from(self.bit(i));
        }
        let sticky = (0..shift).any(|i| self.bit(i));
        (top, shift, sticky)
    }

    fn cmp_shifted(&self, other: &Big, shift: u32) -> Ordering {
        let mut shifted = other.clone();
        shifted.shl(shift);
        self.cmp_big(&shifted)
    }

    fn cmp_big(&self, other: &Big) -> Ordering {
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }

    fn sub_shifted(&mut self, other: &Big, shift: u32) {
        let mut shifted = other.clone();
        shifted.shl(shift);
        let mut borrow = 0i64;
        for (i, limb) in self.limbs.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(*shifted.limbs.get(i).unwrap_or(&0)) - borrow;
            borrow = i64::from(v < 0);
            *limb = v.rem_euclid(1 << 32) as u32;
        }
        self.trim();
    }

    /// The quotient (which the caller keeps under 2^127) and whether the
    /// division was exact.
    fn div(mut self, divisor: &Big) -> (u128, bool) {
        let mut quotient = 0u128;
        let top = self.bit_len().saturating_sub(divisor.bit_len()) + 1;
        for i in (0..top.min(127)).rev() {
            if self.cmp_shifted(divisor, i) != Ordering::Less {
                self.sub_shifted(divisor, i);
                quotient |= 1 << i;
            }
        }
        (quotient, self.is_zero())
    }

    fn to_decimal(&self) -> String {
        let mut limbs = self.limbs.clone();
        let mut chunks = Vec::new();
        while !limbs.is_empty() {
            let mut rest = 0u64;
            for limb in limbs.iter_mut().rev() {
                let v = (rest << 32) | u64::from(*limb);
                *limb = (v / 1_000_000_000) as u32;
                rest = v % 1_000_000_000;
            }
            chunks.push(rest as u32);
            while limbs.last() == Some(&0) {
                limbs.pop();
            }
        }
        let mut text = match chunks.pop() {
            None => return "0".into(),
            Some(top) => top.to_string(),
        };
        for chunk in chunks.iter().rev() {
            text.push_str(&format!("{chunk:09}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(a: &str, b: &str) -> String {
        let (Some(Parsed::Finite(a)), Some(Parsed::Finite(b))) =
            (parse(a.as_bytes()), parse(b.as_bytes()))
        else {
            panic!("not finite: {a} {b}");
        };
        a.add(b).expect("finite").to_human()
    }

    /// Sums and prints checked against redis-server 7.0.15's INCRBYFLOAT.
    #[test]
    fn sums_print_as_redis_prints_them() {
        for (a, b, want) in [
            ("10.5", "0.1", "10.6"),
            ("0", "3.0e3", "3000"),
            ("5.0e3", "-1", "4999"),
            ("0", "1e-5", "0.00001"),
            ("1", "0.25", "1.25"),
            ("17179869184", "1.5", "17179869185.5"),
            ("0", "-0", "0"),
            ("0.1", "0.2", "0.3"),
            ("0", "0x1p-2", "0.25"),
        ] {
            assert_eq!(sum(a, b), want, "{a} + {b}");
        }
    }

    #[test]
    fn refuses_what_string2ld_refuses() {
        for bad in [
            &b""[..],
            b" 1",
            b"1 ",
            b"1e",
            b"nan",
            b".",
            b"-",
            b"0x",
            b"1e5000",
            b"1e-5000",
            b"1,5",
        ] {
            assert_eq!(parse(bad), None, "{:?}", bad);
        }
        assert_eq!(parse(b"-inf"), Some(Parsed::Infinite));
        assert!(matches!(parse(b"1e4000"), Some(Parsed::Finite(_))));
    }
    /// Edge cases recorded from redis-server 7.0.15 as the reply of
    /// `HINCRBYFLOAT h <new field> <text>` (the text plus zero): rounding
    /// ties when printing, subnormals, the overflow and underflow bounds,
    /// hexadecimal and odd spellings.
    #[test]
    fn edge_cases_print_as_redis_prints_them() {
        let human = |text: &str| match parse(text.as_bytes()) {
            Some(Parsed::Finite(x)) => Some(x.add(LongDouble::ZERO).expect("finite").to_human()),
            Some(Parsed::Infinite) => Some("inf".to_string()),
            None => None,
        };
        let cases: &[(&str, Option<&str>)] = &[
            ("0.000003814697265625", Some("0.00000381469726562")),
            ("0.000011444091796875", Some("0.00001144409179688")),
            ("1.5e-17", Some("0.00000000000000002")),
            ("2.5e-17", Some("0.00000000000000002")),
            ("5e-18", Some("0")),
            ("-1e-20", Some("0")),
            ("0x1p-16445", Some("0")),
            ("1e-4940", Some("0")),
            ("0e-5000", Some("0")),
            ("-0.0", Some("0")),
            ("1.18973149535723176509e+4932", None),
            ("1e17", Some("100000000000000000")),
            (
                "123456789012345678901234567890",
                Some("123456789012345678899921813504"),
            ),
            ("0x1.fffffffffffffffep0", Some("2")),
            ("0X1P3", Some("8")),
            (".5", Some("0.5")),
            ("5.", Some("5")),
            ("+.5e1", Some("5")),
            ("0x.8", Some("0.5")),
            ("0x1p99999", None),
            ("9223372036854775807", Some("9223372036854775807")),
            ("00012.50", Some("12.5")),
            ("1_0", None),
            ("0x1p-16446", None),
            ("0x1p-16447", None),
            ("3.64519953188247460253e-4951", Some("0")),
            ("1.82259976594123730126e-4951", None),
            ("1.23456789012345678901234", Some("1.23456789012345679")),
            ("1\u{0}2", None),
        ];
        for (text, want) in cases {
            assert_eq!(human(text).as_deref(), *want, "{text:?}");
        }
        let max = human("1.18973149535723176502e+4932").expect("finite");
        assert_eq!(max.len(), 4933);
        assert!(max.starts_with("118973149535723176502126385303097020516906"));
        assert!(max.ends_with("811989770240"));
        for (a, b, want) in [
            ("1.23", "0.77", "2"),
            ("2", "-0.1", "1.9"),
            ("9223372036854775807", "1", "9223372036854775808"),
            ("18446744073709551615", "0.5", "18446744073709551616"),
            ("1.5", "-1.5", "0"),
        ] {
            assert_eq!(sum(a, b), want, "{a} + {b}");
        }
        let (Some(Parsed::Finite(huge)), true) = (parse(b"1e4932"), true) else {
            panic!("1e4932 is finite");
        };
        assert_eq!(huge.add(huge), None, "overflow");
    }
}
