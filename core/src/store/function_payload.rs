//! FUNCTION DUMP / RESTORE's payload, Redis 7.0's format: for each
//! library the RDB opcode `FUNCTION2` (245) and its code as an RDB string,
//! then the RDB version (10, two bytes little-endian) and the CRC64 (Jones,
//! reflected, as Redis's crc64) of everything before it, eight bytes
//! little-endian. Strings are written plain; reading also takes the RDB
//! string encodings Redis may write (integers, LZF-compressed), so a
//! payload dumped by redis-server restores here.
//!
//! Kept in one file on purpose: an RDB codec elsewhere shares the string
//! encoding and the CRC64 and may take them over.

/// `RDB_OPCODE_FUNCTION2`.
const OPCODE_FUNCTION2: u8 = 245;
/// The RDB version Redis 7.0 writes (and the newest it reads).
const RDB_VERSION: u16 = 10;

/// The payload of these libraries' code.
pub(crate) fn encode<'a>(codes: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for code in codes {
        out.push(OPCODE_FUNCTION2);
        write_length(&mut out, code.len() as u64);
        out.extend_from_slice(code);
    }
    out.extend_from_slice(&RDB_VERSION.to_le_bytes());
    let crc = crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Why a payload does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PayloadError {
    /// Too short, a newer RDB version, or a wrong checksum.
    VersionOrChecksum,
    /// An entry that is not a library.
    NotAFunction,
    /// A library's code does not read.
    BadCode,
}

/// The libraries' code in a payload.
pub(crate) fn decode(payload: &[u8]) -> Result<Vec<Vec<u8>>, PayloadError> {
    if payload.len() < 10 {
        return Err(PayloadError::VersionOrChecksum);
    }
    let (body, footer) = payload.split_at(payload.len() - 10);
    let version = u16::from_le_bytes([footer[0], footer[1]]);
    if version > RDB_VERSION {
        return Err(PayloadError::VersionOrChecksum);
    }
    let mut crc = [0u8; 8];
    crc.copy_from_slice(&footer[2..]);
    if crc64(&payload[..payload.len() - 8]) != u64::from_le_bytes(crc) {
        return Err(PayloadError::VersionOrChecksum);
    }
    let mut codes = Vec::new();
    let mut at = 0;
    while at < body.len() {
        if body[at] != OPCODE_FUNCTION2 {
            return Err(PayloadError::NotAFunction);
        }
        at += 1;
        let code = read_string(body, &mut at).ok_or(PayloadError::BadCode)?;
        codes.push(code);
    }
    Ok(codes)
}

fn write_length(out: &mut Vec<u8>, len: u64) {
    if len < 1 << 6 {
        out.push(len as u8);
    } else if len < 1 << 14 {
        out.push(0x40 | (len >> 8) as u8);
        out.push(len as u8);
    } else if len <= u64::from(u32::MAX) {
        out.push(0x80);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    } else {
        out.push(0x81);
        out.extend_from_slice(&len.to_be_bytes());
    }
}

/// An RDB length, or (`true`, n) for the special string encoding n.
fn read_length(data: &[u8], at: &mut usize) -> Option<(bool, u64)> {
    let first = *data.get(*at)?;
    *at += 1;
    let take = |at: &mut usize, n: usize| -> Option<u64> {
        let bytes = data.get(*at..*at + n)?;
        *at += n;
        Some(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    };
    match first >> 6 {
        0 => Some((false, u64::from(first & 0x3f))),
        1 => {
            let low = take(at, 1)?;
            Some((false, (u64::from(first & 0x3f) << 8) | low))
        }
        2 => match first {
            0x80 => Some((false, take(at, 4)?)),
            0x81 => Some((false, take(at, 8)?)),
            _ => None,
        },
        _ => Some((true, u64::from(first & 0x3f))),
    }
}

fn read_string(data: &[u8], at: &mut usize) -> Option<Vec<u8>> {
    let (special, n) = read_length(data, at)?;
    if !special {
        let n = usize::try_from(n).ok()?;
        let bytes = data.get(*at..at.checked_add(n)?)?.to_vec();
        *at += n;
        return Some(bytes);
    }
    let int_bytes = |at: &mut usize, width: usize| -> Option<Vec<u8>> {
        let bytes = data.get(*at..*at + width)?;
        *at += width;
        let mut le = [0u8; 8];
        le[..width].copy_from_slice(bytes);
        let shift = 64 - 8 * width as u32;
        let value = (i64::from_le_bytes(le) << shift) >> shift;
        Some(value.to_string().into_bytes())
    };
    match n {
        0 => int_bytes(at, 1),
        1 => int_bytes(at, 2),
        2 => int_bytes(at, 4),
        3 => {
            let (_, compressed) = read_length(data, at)?;
            let (_, len) = read_length(data, at)?;
            let compressed = usize::try_from(compressed).ok()?;
            let input = data.get(*at..at.checked_add(compressed)?)?;
            *at += compressed;
            lzf_decompress(input, usize::try_from(len).ok()?)
        }
        _ => None,
    }
}

/// LZF decompression (the format Redis compresses RDB strings with) into
/// exactly `len` bytes; `None` on anything malformed.
fn lzf_decompress(input: &[u8], len: usize) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(len.min(input.len().saturating_mul(64)));
    let mut ip = 0;
    while ip < input.len() {
        let ctrl = usize::from(input[ip]);
        ip += 1;
        if ctrl < 32 {
            let run = ctrl + 1;
            out.extend_from_slice(input.get(ip..ip + run)?);
            ip += run;
        } else {
            let mut run = ctrl >> 5;
            if run == 7 {
                run += usize::from(*input.get(ip)?);
                ip += 1;
            }
            let back = ((ctrl & 0x1f) << 8) + usize::from(*input.get(ip)?) + 1;
            ip += 1;
            let start = out.len().checked_sub(back)?;
            for i in 0..run + 2 {
                let byte = out[start + i];
                out.push(byte);
            }
        }
        if out.len() > len {
            return None;
        }
    }
    (out.len() == len).then_some(out)
}

/// Redis's crc64: the Jones polynomial, reflected, initial value 0.
pub(crate) fn crc64(data: &[u8]) -> u64 {
    const POLY: u64 = 0x95AC_9329_AC4B_C9B5;
    let mut crc = 0u64;
    for &byte in data {
        crc ^= u64::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLY
            } else {
                crc >> 1
            };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc64_is_redis_s() {
        assert_eq!(crc64(b"123456789"), 0xe9c6_d914_c4b8_d9ca);
    }

    #[test]
    fn a_payload_dumped_by_redis_decodes() {
        // FUNCTION DUMP of redis-server 7.0.15 with one library.
        let code = b"#!lua name=t\nredis.register_function('f', function() return 1 end)";
        let mut payload = vec![0xf5, 0x40, 0x42];
        payload.extend_from_slice(code);
        payload.extend_from_slice(b"\x0a\x00\xe6\xe6\x92\xdf\xfa\xa1\xad\xcf");
        assert_eq!(decode(&payload), Ok(vec![code.to_vec()]));
        assert_eq!(encode([&code[..]].into_iter()), payload);
    }

    #[test]
    fn broken_payloads_are_refused() {
        assert_eq!(decode(b"bad"), Err(PayloadError::VersionOrChecksum));
        let mut payload = encode([&b"x"[..]].into_iter());
        let last = payload.len() - 1;
        payload[last] ^= 1;
        assert_eq!(decode(&payload), Err(PayloadError::VersionOrChecksum));
        assert_eq!(lzf_decompress(&[0xe0, 0x05], 10), None);
    }
}
