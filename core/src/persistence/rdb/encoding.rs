//! The RDB format's building blocks: length fields, strings (plain,
//! integer-encoded, LZF-compressed), binary and text doubles, times. A
//! [`Reader`] reads them from a byte slice with every length checked
//! against the bytes left, so a corrupt length can neither read out of
//! bounds nor make the loader allocate more than the input could hold.

use super::lzf;
use super::RdbError;
use crate::protocol::decode::parse_int;

/// Top two bits of a length byte: 6-bit, 14-bit, 32/64-bit, or special.
const LEN_6BIT: u8 = 0;
const LEN_14BIT: u8 = 1;
const LEN_32BIT: u8 = 0x80;
const LEN_64BIT: u8 = 0x81;
const LEN_ENCVAL: u8 = 3;

/// Special string encodings (after a `11` length prefix).
const ENC_INT8: u8 = 0;
const ENC_INT16: u8 = 1;
const ENC_INT32: u8 = 2;
const ENC_LZF: u8 = 3;

/// One LZF byte expands to at most this many (a 3-byte back reference
/// yields 264 bytes): the cap on a declared uncompressed length.
const LZF_MAX_RATIO: usize = 96;

/// Appends a length field.
pub fn write_len(out: &mut Vec<u8>, len: u64) {
    if len < 1 << 6 {
        out.push(len as u8);
    } else if len < 1 << 14 {
        out.push((LEN_14BIT << 6) | (len >> 8) as u8);
        out.push(len as u8);
    } else if len <= u64::from(u32::MAX) {
        out.push(LEN_32BIT);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    } else {
        out.push(LEN_64BIT);
        out.extend_from_slice(&len.to_be_bytes());
    }
}

/// The integer encoding of a string, when Redis would use one: the bytes
/// are an integer in canonical form that fits 32 bits.
fn write_int_encoded(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    if bytes.len() > 11 {
        return false;
    }
    let Some(n) = parse_int(bytes) else {
        return false;
    };
    if let Ok(n) = i8::try_from(n) {
        out.push(0xC0 | ENC_INT8);
        out.push(n as u8);
    } else if let Ok(n) = i16::try_from(n) {
        out.push(0xC0 | ENC_INT16);
        out.extend_from_slice(&n.to_le_bytes());
    } else if let Ok(n) = i32::try_from(n) {
        out.push(0xC0 | ENC_INT32);
        out.extend_from_slice(&n.to_le_bytes());
    } else {
        return false;
    }
    true
}

/// Appends a string as Redis's `rdbSaveRawString` does: integer-encoded
/// when it is a small integer, LZF-compressed when `compress` and it is
/// longer than 20 bytes and shrinks by more than 4, else plain.
pub fn write_string(out: &mut Vec<u8>, bytes: &[u8], compress: bool) {
    if write_int_encoded(out, bytes) {
        return;
    }
    if compress && bytes.len() > 20 {
        if let Some(packed) = lzf::compress(bytes, bytes.len() - 4) {
            out.push(0xC0 | ENC_LZF);
            write_len(out, packed.len() as u64);
            write_len(out, bytes.len() as u64);
            out.extend_from_slice(&packed);
            return;
        }
    }
    write_len(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Appends a double as 8 little-endian bytes (`rdbSaveBinaryDoubleValue`).
pub fn write_f64(out: &mut Vec<u8>, value: f64) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// Appends a time in milliseconds as 8 little-endian bytes.
pub fn write_millis(out: &mut Vec<u8>, ms: i64) {
    out.extend_from_slice(&ms.to_le_bytes());
}

/// A length field: a plain length or the code of a special string
/// encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Plain(u64),
    Encoded(u8),
}

/// A cursor over RDB bytes.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// A reader of `bytes` that has read the first `pos` of them (a load
    /// in slices resumes where the last slice stopped).
    pub fn at(bytes: &'a [u8], pos: usize) -> Reader<'a> {
        Reader {
            bytes,
            pos: pos.min(bytes.len()),
        }
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes left.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// Everything consumed so far.
    pub fn consumed(&self) -> &'a [u8] {
        &self.bytes[..self.pos]
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], RdbError> {
        if n > self.remaining() {
            return Err(RdbError::Truncated);
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    pub fn u8(&mut self) -> Result<u8, RdbError> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], RdbError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    pub fn u64_be(&mut self) -> Result<u64, RdbError> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    pub fn millis(&mut self) -> Result<i64, RdbError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// An expiry in seconds (`RDB_OPCODE_EXPIRETIME`), as milliseconds.
    pub fn seconds_as_millis(&mut self) -> Result<i64, RdbError> {
        Ok(i64::from(i32::from_le_bytes(self.array()?)) * 1000)
    }

    pub fn f64(&mut self) -> Result<f64, RdbError> {
        Ok(f64::from_le_bytes(self.array()?))
    }

    /// A length field or a special-encoding code.
    pub fn length(&mut self) -> Result<Length, RdbError> {
        let first = self.u8()?;
        Ok(match first >> 6 {
            LEN_6BIT => Length::Plain(u64::from(first & 0x3f)),
            LEN_14BIT => Length::Plain(u64::from(first & 0x3f) << 8 | u64::from(self.u8()?)),
            LEN_ENCVAL => Length::Encoded(first & 0x3f),
            _ => match first {
                LEN_32BIT => Length::Plain(u64::from(u32::from_be_bytes(self.array()?))),
                LEN_64BIT => Length::Plain(self.u64_be()?),
                _ => return Err(RdbError::Corrupt("unknown length encoding")),
            },
        })
    }

    /// A plain length.
    pub fn len(&mut self) -> Result<u64, RdbError> {
        match self.length()? {
            Length::Plain(n) => Ok(n),
            Length::Encoded(_) => Err(RdbError::Corrupt("encoded value where a length belongs")),
        }
    }

    /// A count of things each taking at least `min_bytes` bytes: refused
    /// when the bytes left cannot hold that many, so it is safe to size
    /// an allocation by.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize, RdbError> {
        let n = self.len()?;
        let max = (self.remaining() / min_bytes.max(1)) as u64;
        if n > max {
            return Err(RdbError::Truncated);
        }
        Ok(n as usize)
    }

    /// A string in any of its encodings.
    pub fn string(&mut self) -> Result<Vec<u8>, RdbError> {
        match self.length()? {
            Length::Plain(n) => {
                let n = usize::try_from(n).map_err(|_| RdbError::Truncated)?;
                Ok(self.take(n)?.to_vec())
            }
            Length::Encoded(ENC_INT8) => Ok(int_bytes(i64::from(self.u8()? as i8))),
            Length::Encoded(ENC_INT16) => {
                Ok(int_bytes(i64::from(i16::from_le_bytes(self.array()?))))
            }
            Length::Encoded(ENC_INT32) => {
                Ok(int_bytes(i64::from(i32::from_le_bytes(self.array()?))))
            }
            Length::Encoded(ENC_LZF) => {
                let packed_len = self.len()?;
                let len = self.len()?;
                if packed_len > self.remaining() as u64 {
                    return Err(RdbError::Truncated);
                }
                let packed = self.take(packed_len as usize)?;
                if len > (packed.len() as u64).saturating_mul(LZF_MAX_RATIO as u64) {
                    return Err(RdbError::Corrupt(
                        "LZF length beyond what the data can expand to",
                    ));
                }
                lzf::decompress(packed, len as usize)
                    .map_err(|_| RdbError::Corrupt("invalid LZF compressed string"))
            }
            Length::Encoded(_) => Err(RdbError::Corrupt("unknown string encoding")),
        }
    }

    /// A score of the old sorted set type: a length byte and the text,
    /// with 253, 254, 255 for NaN, +inf and -inf.
    pub fn text_double(&mut self) -> Result<f64, RdbError> {
        match self.u8()? {
            253 => Ok(f64::NAN),
            254 => Ok(f64::INFINITY),
            255 => Ok(f64::NEG_INFINITY),
            n => {
                let text = self.take(n as usize)?;
                std::str::from_utf8(text)
                    .ok()
                    .and_then(|t| t.parse::<f64>().ok())
                    .ok_or(RdbError::Corrupt("invalid double"))
            }
        }
    }
}

fn int_bytes(n: i64) -> Vec<u8> {
    itoa::Buffer::new().format(n).as_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn len_bytes(n: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_len(&mut out, n);
        out
    }

    fn string_bytes(s: &[u8], compress: bool) -> Vec<u8> {
        let mut out = Vec::new();
        write_string(&mut out, s, compress);
        out
    }

    #[test]
    fn lengths_use_the_shortest_form() {
        assert_eq!(len_bytes(63), [63]);
        assert_eq!(len_bytes(64), [0x40, 64]);
        assert_eq!(len_bytes(16383), [0x7f, 0xff]);
        assert_eq!(len_bytes(16384), [0x80, 0, 0, 0x40, 0]);
        assert_eq!(len_bytes(1 << 32), [0x81, 0, 0, 0, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn small_integers_are_int_encoded() {
        assert_eq!(string_bytes(b"12", true), [0xC0, 12]);
        assert_eq!(string_bytes(b"-129", true), [0xC1, 0x7f, 0xff]);
        assert_eq!(string_bytes(b"100000", true), [0xC2, 0xa0, 0x86, 1, 0]);
        // Beyond 32 bits, or not canonical: plain.
        assert_eq!(string_bytes(b"4294967296", true), b"\x0a4294967296");
        assert_eq!(string_bytes(b"012", true), b"\x03012");
    }

    #[test]
    fn long_repetitive_strings_are_compressed_when_asked() {
        let s = b"a".repeat(100);
        let packed = string_bytes(&s, true);
        assert_eq!(packed[0], 0xC3);
        assert!(packed.len() < 20);
        assert_eq!(Reader::new(&packed).string().unwrap(), s);
        assert_eq!(string_bytes(&s, false)[..2], [0x40, 100]);
    }

    #[test]
    fn lying_lengths_are_errors_not_allocations() {
        assert_eq!(
            Reader::new(&[0x80, 0xff, 0xff, 0xff, 0xff]).string(),
            Err(RdbError::Truncated)
        );
        assert_eq!(
            Reader::new(&[0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).string(),
            Err(RdbError::Truncated)
        );
        assert_eq!(
            Reader::new(&[0x80, 0x0f, 0xff, 0xff, 0xff, 1]).count(1),
            Err(RdbError::Truncated)
        );
        // LZF claiming 4 GB from 2 bytes.
        assert!(Reader::new(&[0xC3, 2, 0x80, 0xff, 0xff, 0xff, 0xff, 0, 1])
            .string()
            .is_err());
        assert_eq!(
            Reader::new(&[0xC4]).string(),
            Err(RdbError::Corrupt("unknown string encoding"))
        );
    }

    #[test]
    fn text_doubles_read_specials() {
        assert!(Reader::new(&[253]).text_double().unwrap().is_nan());
        assert_eq!(Reader::new(&[254]).text_double().unwrap(), f64::INFINITY);
        assert_eq!(
            Reader::new(&[255]).text_double().unwrap(),
            f64::NEG_INFINITY
        );
        assert_eq!(Reader::new(b"\x031.5").text_double().unwrap(), 1.5);
    }

    proptest! {
        #[test]
        fn strings_round_trip(s in proptest::collection::vec(any::<u8>(), 0..300), compress: bool) {
            let bytes = string_bytes(&s, compress);
            let mut reader = Reader::new(&bytes);
            prop_assert_eq!(reader.string().unwrap(), s);
            prop_assert_eq!(reader.remaining(), 0);
        }

        #[test]
        fn lengths_round_trip(n: u64) {
            let bytes = len_bytes(n);
            prop_assert_eq!(Reader::new(&bytes).len().unwrap(), n);
        }

        #[test]
        fn integer_strings_round_trip(n: i64) {
            let text = n.to_string();
            let bytes = string_bytes(text.as_bytes(), true);
            prop_assert_eq!(Reader::new(&bytes).string().unwrap(), text.into_bytes());
        }
    }
}
