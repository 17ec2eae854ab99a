//! Glob-style pattern matching with Redis's rules (`*`, `?`, `[a-z]`,
//! `[^x]`, `\` escapes), used by CONFIG GET.
//!
//! Patterns come from clients: no indexing here can panic.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

/// Whether `text` matches `pattern`; `nocase` compares ASCII letters
/// case-insensitively. Iterative with single-star backtracking, so its cost
/// is bounded by `pattern.len() * text.len()`.
pub fn glob_match(pattern: &[u8], text: &[u8], nocase: bool) -> bool {
    let eq = |a: u8, b: u8| {
        if nocase {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&c) = text.get(t) {
        let advanced = match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(b'?') => Some(1),
            Some(b'[') => match_class(pattern, p, c, nocase)
                .and_then(|(matched, next)| matched.then_some(next - p)),
            Some(b'\\') if pattern.get(p + 1).is_some_and(|&escaped| eq(escaped, c)) => Some(2),
            Some(b'\\') if p + 1 < pattern.len() => None,
            Some(&literal) if eq(literal, c) => Some(1),
            _ => None,
        };
        if let Some(step) = advanced {
            p += step;
            t += 1;
            continue;
        }
        match star {
            Some((star_p, star_t)) => {
                p = star_p + 1;
                t = star_t + 1;
                star = Some((star_p, star_t + 1));
            }
            None => return false,
        }
    }
    pattern
        .get(p..)
        .unwrap_or_default()
        .iter()
        .all(|&c| c == b'*')
}

/// Matches `c` against the class starting at `pattern[start] == b'['`.
/// Returns whether it matched and the index after the class.
fn match_class(pattern: &[u8], start: usize, c: u8, nocase: bool) -> Option<(bool, usize)> {
    let fold = |x: u8| if nocase { x.to_ascii_lowercase() } else { x };
    let at = |i: usize| pattern.get(i).copied();
    let mut i = start + 1;
    let negate = at(i) == Some(b'^');
    if negate {
        i += 1;
    }
    let mut matched = false;
    while let Some(current) = at(i).filter(|&b| b != b']') {
        match (current, at(i + 1), at(i + 2)) {
            (b'\\', Some(escaped), _) => {
                matched |= fold(escaped) == fold(c);
                i += 2;
            }
            (low, Some(b'-'), Some(high)) if high != b']' => {
                let (mut lo, mut hi) = (fold(low), fold(high));
                if lo > hi {
                    std::mem::swap(&mut lo, &mut hi);
                }
                matched |= (lo..=hi).contains(&fold(c));
                i += 3;
            }
            (single, _, _) => {
                matched |= fold(single) == fold(c);
                i += 1;
            }
        }
    }
    // An unterminated class ends the pattern, as in Redis.
    let next = if i < pattern.len() { i + 1 } else { i };
    Some((matched != negate, next))
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn redis_glob_rules() {
        assert!(glob_match(b"maxmemory*", b"maxmemory-policy", true));
        assert!(glob_match(b"*", b"", true));
        assert!(glob_match(b"MAX*", b"maxmemory", true));
        assert!(!glob_match(b"MAX*", b"maxmemory", false));
        assert!(glob_match(b"h?llo", b"hello", false));
        assert!(glob_match(b"h[ae]llo", b"hallo", false));
        assert!(!glob_match(b"h[^e]llo", b"hello", false));
        assert!(glob_match(b"h[a-f]llo", b"hello", false));
        assert!(glob_match(b"a\\*b", b"a*b", false));
        assert!(!glob_match(b"a\\*b", b"axb", false));
        assert!(glob_match(b"*a*b*c*", b"xxaxxbxxcxx", false));
        assert!(!glob_match(b"*a*b*c*", b"xxaxxcxxbxx", false));
    }
}
