//! Splitting of inline commands (`SET k "a b"\r\n`) into arguments, with the
//! quoting rules redis-server applies to inline requests.
//!
//! The line comes from a client: no indexing here can panic.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

/// Splits one inline line (without its line ending) into arguments.
/// Returns `None` for unbalanced quotes (or a closing quote not followed by a
/// space), which Redis reports as a protocol error. A NUL byte ends the line,
/// as it does for Redis.
pub fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let line = match memchr::memchr(0, line) {
        Some(nul) => line.get(..nul).unwrap_or_default(),
        None => line,
    };
    let mut args = Vec::new();
    let mut i = 0;
    loop {
        while line.get(i).copied().is_some_and(is_blank) {
            i += 1;
        }
        if i >= line.len() {
            return Some(args);
        }
        let mut current = Vec::new();
        let mut in_double = false;
        let mut in_single = false;
        loop {
            let at = |k: usize| line.get(k).copied();
            if in_double {
                match at(i) {
                    None => return None,
                    Some(b'\\')
                        if at(i + 1) == Some(b'x')
                            && hex(at(i + 2)).is_some()
                            && hex(at(i + 3)).is_some() =>
                    {
                        let high = hex(at(i + 2)).unwrap_or(0);
                        let low = hex(at(i + 3)).unwrap_or(0);
                        current.push(high * 16 + low);
                        i += 4;
                    }
                    Some(b'\\') if at(i + 1).is_some() => {
                        let escaped = at(i + 1).unwrap_or(b'\\');
                        current.push(match escaped {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 8,
                            b'a' => 7,
                            other => other,
                        });
                        i += 2;
                    }
                    Some(b'"') => {
                        if at(i + 1).is_some_and(|c| !is_blank(c)) {
                            return None;
                        }
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        current.push(c);
                        i += 1;
                    }
                }
            } else if in_single {
                match at(i) {
                    None => return None,
                    Some(b'\\') if at(i + 1) == Some(b'\'') => {
                        current.push(b'\'');
                        i += 2;
                    }
                    Some(b'\'') => {
                        if at(i + 1).is_some_and(|c| !is_blank(c)) {
                            return None;
                        }
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        current.push(c);
                        i += 1;
                    }
                }
            } else {
                match at(i) {
                    None | Some(b' ' | b'\n' | b'\r' | b'\t') => break,
                    Some(b'"') => {
                        in_double = true;
                        i += 1;
                    }
                    Some(b'\'') => {
                        in_single = true;
                        i += 1;
                    }
                    Some(c) => {
                        current.push(c);
                        i += 1;
                    }
                }
            }
        }
        args.push(current);
    }
}

fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn hex(c: Option<u8>) -> Option<u8> {
    match c? {
        c @ b'0'..=b'9' => Some(c - b'0'),
        c @ b'a'..=b'f' => Some(c - b'a' + 10),
        c @ b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::split_args;

    fn split(line: &str) -> Option<Vec<String>> {
        split_args(line.as_bytes()).map(|args| {
            args.into_iter()
                .map(|a| String::from_utf8_lossy(&a).into_owned())
                .collect()
        })
    }

    #[test]
    fn plain_words_split_on_blanks() {
        assert_eq!(
            split("  SET  k\tv "),
            Some(vec!["SET".into(), "k".into(), "v".into()])
        );
        assert_eq!(split("   "), Some(vec![]));
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            split(r#"ECHO "a b\x41\n""#),
            Some(vec!["ECHO".into(), "a bA\n".into()])
        );
        assert_eq!(
            split(r"ECHO 'it\'s'"),
            Some(vec!["ECHO".into(), "it's".into()])
        );
        assert_eq!(
            split(r#"ECHO a"b c""#),
            Some(vec!["ECHO".into(), "ab c".into()])
        );
        assert_eq!(split(r#"ECHO """#), Some(vec!["ECHO".into(), "".into()]));
    }

    #[test]
    fn unbalanced_quotes_are_rejected() {
        assert_eq!(split(r#"ECHO "abc"#), None);
        assert_eq!(split(r#"ECHO "abc"def"#), None);
        assert_eq!(split("ECHO 'abc"), None);
    }

    #[test]
    fn nul_ends_the_line() {
        assert_eq!(split_args(b"PING\0junk"), Some(vec![b"PING".to_vec()]));
    }
}
