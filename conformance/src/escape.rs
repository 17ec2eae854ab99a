//! Printable rendering of raw protocol bytes for failure reports.

/// Renders bytes the way a reader wants to see them in a report: printable
/// ASCII as is, `\r`, `\n`, `\t`, `\"`, `\\` escaped, everything else as `\xNN`.
/// Very long inputs are shortened in the middle.
pub fn escape(bytes: &[u8]) -> String {
    const LIMIT: usize = 600;
    if bytes.len() > LIMIT {
        let head = escape_all(&bytes[..LIMIT / 2]);
        let tail = escape_all(&bytes[bytes.len() - LIMIT / 4..]);
        let hidden = bytes.len() - LIMIT / 2 - LIMIT / 4;
        return format!("{head}…<{hidden} more bytes>…{tail}");
    }
    escape_all(bytes)
}

fn escape_all(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for &b in bytes {
        match b {
            b'\r' => out.push_str("\\r"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_control_and_quotes() {
        assert_eq!(escape(b"+OK\r\n"), "+OK\\r\\n");
        assert_eq!(escape(b"a\"b\\\x00\xff"), "a\\\"b\\\\\\x00\\xff");
    }

    #[test]
    fn shortens_long_input() {
        let s = escape(&[b'x'; 5000]);
        assert!(s.contains("more bytes"));
        assert!(s.len() < 1000);
    }
}
