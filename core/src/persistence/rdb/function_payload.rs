//! FUNCTION DUMP / RESTORE's payload, Redis 7.0's format: for each
//! library the RDB opcode `FUNCTION2` (245) and its code as an RDB string,
//! then the footer every DUMP payload has (RDB version, two bytes
//! little-endian, and the CRC-64 of everything before it). Strings are
//! written plain, as Redis writes library code; reading takes every RDB
//! string encoding (integers, LZF), so a payload dumped by redis-server
//! restores here.

use super::encoding::{write_string, Reader};
use super::{crc64, kind, verify_payload, RDB_VERSION};

/// The payload of these libraries' code.
pub fn encode<'a>(codes: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for code in codes {
        out.push(kind::FUNCTION2);
        write_string(&mut out, code, false);
    }
    out.extend_from_slice(&RDB_VERSION.to_le_bytes());
    let crc = crc64::crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Why a functions payload does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionPayloadError {
    /// Too short, a newer RDB version, or a wrong checksum.
    VersionOrChecksum,
    /// An entry that is not a library.
    NotAFunction,
    /// A library's code does not read.
    BadCode,
}

/// The libraries' code in a payload.
pub fn decode(payload: &[u8]) -> Result<Vec<Vec<u8>>, FunctionPayloadError> {
    verify_payload(payload).map_err(|_| FunctionPayloadError::VersionOrChecksum)?;
    let body = payload
        .get(..payload.len() - 10)
        .ok_or(FunctionPayloadError::VersionOrChecksum)?;
    let mut reader = Reader::new(body);
    let mut codes = Vec::new();
    while reader.remaining() > 0 {
        if reader.u8() != Ok(kind::FUNCTION2) {
            return Err(FunctionPayloadError::NotAFunction);
        }
        codes.push(reader.string().map_err(|_| FunctionPayloadError::BadCode)?);
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(decode(b"bad"), Err(FunctionPayloadError::VersionOrChecksum));
        let mut payload = encode([&b"x"[..]].into_iter());
        let last = payload.len() - 1;
        payload[last] ^= 1;
        assert_eq!(
            decode(&payload),
            Err(FunctionPayloadError::VersionOrChecksum)
        );
        // A valid footer around an entry that is not a library.
        let mut body = vec![0u8, 1, b'x'];
        body.extend_from_slice(&RDB_VERSION.to_le_bytes());
        let crc = crc64::crc64(&body);
        body.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(decode(&body), Err(FunctionPayloadError::NotAFunction));
        // A library whose code is cut short (LZF claiming more than is there).
        let mut body = vec![kind::FUNCTION2, 0xc3, 0x05, 0x0a, 0xe0, 0x05];
        body.extend_from_slice(&RDB_VERSION.to_le_bytes());
        let crc = crc64::crc64(&body);
        body.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(decode(&body), Err(FunctionPayloadError::BadCode));
    }
}
