//! C's `strtod` in the C locale, as lua-cjson reads numbers with it: the
//! longest prefix that is a decimal or hexadecimal floating constant,
//! `inf` / `infinity` or `nan` / `nan(chars)`, with an optional sign.

/// The value and the length of the prefix read, or `None` when no prefix
/// is a number.
pub(super) fn strtod(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let negative = match s.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let signed = |v: f64| if negative { -v } else { v };
    let rest = tail(s, i);
    if starts_with_ignore_case(rest, b"inf") {
        let len = if starts_with_ignore_case(rest, b"infinity") {
            8
        } else {
            3
        };
        return Some((signed(f64::INFINITY), i + len));
    }
    if starts_with_ignore_case(rest, b"nan") {
        let mut len = 3;
        if rest.get(3) == Some(&b'(') {
            let chars = tail(rest, 4)
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            if rest.get(4 + chars) == Some(&b')') {
                len = 5 + chars;
            }
        }
        return Some((signed(f64::NAN), i + len));
    }
    if rest.first() == Some(&b'0') && matches!(rest.get(1), Some(b'x' | b'X')) {
        if let Some((v, len)) = hex(tail(rest, 2)) {
            return Some((signed(v), i + 2 + len));
        }
        // "0x" without hex digits: just the 0.
        return Some((signed(0.0), i + 1));
    }
    let len = decimal_len(rest)?;
    let text = std::str::from_utf8(rest.get(..len)?).ok()?;
    let v: f64 = text.parse().ok()?;
    Some((signed(v), i + len))
}

/// `s` from `from` on (empty past the end).
fn tail(s: &[u8], from: usize) -> &[u8] {
    s.get(from..).unwrap_or_default()
}

fn starts_with_ignore_case(s: &[u8], word: &[u8]) -> bool {
    s.get(..word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// The length of `digits [. digits] [e [sign] digits]` (at least one
/// digit in the mantissa), a form Rust's parser reads exactly.
fn decimal_len(s: &[u8]) -> Option<usize> {
    let digits = |from: usize| {
        tail(s, from)
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let int = digits(0);
    let mut i = int;
    let mut frac = 0;
    if s.get(i) == Some(&b'.') {
        frac = digits(i + 1);
        i += 1 + frac;
    }
    if int + frac == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp = digits(j);
        if exp > 0 {
            i = j + exp;
        }
    }
    Some(i)
}

/// A hexadecimal constant after `0x`: `hexdigits [. hexdigits] [p [sign]
/// digits]`, correctly rounded (ties to even); `None` without a digit.
fn hex(s: &[u8]) -> Option<(f64, usize)> {
    let mut mantissa: u64 = 0;
    let mut exp: i64 = 0;
    let mut sticky = false;
    let mut any = false;
    let mut i = 0;
    let mut after_point = false;
    loop {
        match s.get(i) {
            Some(&b) if b.is_ascii_hexdigit() => {
                any = true;
                let d = u64::from((b as char).to_digit(16).unwrap_or(0));
                if mantissa >> 60 == 0 {
                    mantissa = mantissa * 16 + d;
                    if after_point {
                        exp -= 4;
                    }
                } else {
                    sticky |= d != 0;
                    if !after_point {
                        exp += 4;
                    }
                }
            }
            Some(b'.') if !after_point => after_point = true,
            _ => break,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if matches!(s.get(i), Some(b'p' | b'P')) {
        let mut j = i + 1;
        let negative = s.get(j) == Some(&b'-');
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let digits = tail(s, j).iter().take_while(|b| b.is_ascii_digit()).count();
        if digits > 0 {
            let mut e: i64 = 0;
            for &b in tail(s, j).iter().take(digits) {
                e = (e * 10 + i64::from(b - b'0')).min(1_000_000);
            }
            exp += if negative { -e } else { e };
            i = j + digits;
        }
    }
    Some((scale(mantissa, exp, sticky), i))
}

/// `mantissa * 2^exp` rounded to a double; `sticky`: nonzero bits were
/// dropped below the mantissa.
fn scale(mut mantissa: u64, mut exp: i64, sticky: bool) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let bits = 64 - i64::from(mantissa.leading_zeros());
    let lead = bits - 1 + exp;
    if lead > 1023 {
        return f64::INFINITY;
    }
    // Significant bits a double keeps at this magnitude.
    let keep = if lead >= -1022 {
        53
    } else {
        53 - (-1022 - lead)
    };
    if keep < 0 {
        return 0.0;
    }
    let shift = bits - keep;
    if shift > 0 {
        let (kept, rest, half) = if shift >= 64 {
            (0, mantissa, 1u128 << (shift - 1).min(127))
        } else {
            (
                mantissa >> shift,
                mantissa & ((1 << shift) - 1),
                1u128 << (shift - 1),
            )
        };
        let rest = u128::from(rest);
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        mantissa = kept + u64::from(up);
        exp += shift;
    }
    let mut v = mantissa as f64;
    while exp > 0 {
        let step = exp.min(1000);
        v *= 2f64.powi(step as i32);
        exp -= step;
    }
    while exp < 0 {
        let step = exp.max(-1000);
        v *= 2f64.powi(step as i32);
        exp -= step;
    }
    v
}
