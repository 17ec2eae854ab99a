//! The packed blobs RDB stores collections in, as strings: listpack
//! (written and read), and the older ziplist, zipmap and intset (intset
//! written and read; ziplist and zipmap only read, as Redis 7.0 loads them
//! from files of Redis 6.2 and before but never writes them).
//!
//! Every reader checks each element's extent against the blob, so a
//! corrupt blob is an error and never a read out of bounds.

use super::RdbError;
use crate::protocol::decode::parse_int;

/// One element of a packed blob: bytes, or an integer the blob stored as
/// one (its decimal form is the element's value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item<'a> {
    Bytes(&'a [u8]),
    Int(i64),
}

impl Item<'_> {
    pub fn to_vec(self) -> Vec<u8> {
        match self {
            Item::Bytes(b) => b.to_vec(),
            Item::Int(n) => itoa::Buffer::new().format(n).as_bytes().to_vec(),
        }
    }

    pub fn as_int(self) -> Option<i64> {
        match self {
            Item::Int(n) => Some(n),
            Item::Bytes(b) => parse_int(b),
        }
    }
}

const CORRUPT_LISTPACK: RdbError = RdbError::Corrupt("invalid listpack");
const CORRUPT_ZIPLIST: RdbError = RdbError::Corrupt("invalid ziplist");

// ---- listpack --------------------------------------------------------

const LP_HEADER: usize = 6;
const LP_END: u8 = 0xFF;

/// Builds a listpack element by element, encoding each as Redis's
/// `lpAppend` does (integers in the smallest integer form).
#[derive(Debug, Clone)]
pub struct ListpackWriter {
    buf: Vec<u8>,
    count: usize,
}

impl Default for ListpackWriter {
    fn default() -> Self {
        ListpackWriter {
            buf: vec![0; LP_HEADER],
            count: 0,
        }
    }
}

impl ListpackWriter {
    /// Bytes of the finished listpack so far (end byte included).
    pub fn bytes(&self) -> usize {
        self.buf.len() + 1
    }

    pub fn count(&self) -> usize {
        self.count
    }

    /// Appends a string element, stored as an integer when it is one in
    /// canonical form (Redis's `lpStringToInt64`).
    pub fn push(&mut self, bytes: &[u8]) {
        match parse_int(bytes).filter(|_| bytes.len() <= 20) {
            Some(n) => self.push_int(n),
            None => self.push_bytes(bytes),
        }
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        let start = self.buf.len();
        let len = bytes.len();
        if len < 64 {
            self.buf.push(0x80 | len as u8);
        } else if len < 4096 {
            self.buf.push(0xE0 | (len >> 8) as u8);
            self.buf.push(len as u8);
        } else {
            self.buf.push(0xF0);
            self.buf.extend_from_slice(&(len as u32).to_le_bytes());
        }
        self.buf.extend_from_slice(bytes);
        self.finish_element(start);
    }

    pub fn push_int(&mut self, n: i64) {
        let start = self.buf.len();
        if (0..=127).contains(&n) {
            self.buf.push(n as u8);
        } else if (-4096..=4095).contains(&n) {
            let v = (n as u64) & 0x1fff;
            self.buf.push(0xC0 | (v >> 8) as u8);
            self.buf.push(v as u8);
        } else if let Ok(v) = i16::try_from(n) {
            self.buf.push(0xF1);
            self.buf.extend_from_slice(&v.to_le_bytes());
        } else if (-(1 << 23)..(1 << 23)).contains(&n) {
            self.buf.push(0xF2);
            self.buf.extend_from_slice(&(n as i32).to_le_bytes()[..3]);
        } else if let Ok(v) = i32::try_from(n) {
            self.buf.push(0xF3);
            self.buf.extend_from_slice(&v.to_le_bytes());
        } else {
            self.buf.push(0xF4);
            self.buf.extend_from_slice(&n.to_le_bytes());
        }
        self.finish_element(start);
    }

    /// Appends the back-length of the element that starts at `start`.
    fn finish_element(&mut self, start: usize) {
        let l = (self.buf.len() - start) as u64;
        let groups = match l {
            0..=127 => 1,
            128..=16382 => 2,
            16383..=2097150 => 3,
            2097151..=268435454 => 4,
            _ => 5,
        };
        for i in (0..groups).rev() {
            let part = ((l >> (7 * i)) & 127) as u8;
            // The first byte (highest group) has no continuation bit.
            self.buf
                .push(if i == groups - 1 { part } else { part | 128 });
        }
        self.count += 1;
    }

    pub fn finish(mut self) -> Vec<u8> {
        self.buf.push(LP_END);
        let total = self.buf.len() as u32;
        self.buf[..4].copy_from_slice(&total.to_le_bytes());
        let count = self.count.min(65535) as u16;
        self.buf[4..6].copy_from_slice(&count.to_le_bytes());
        self.buf
    }
}

fn get<const N: usize>(blob: &[u8], at: usize) -> Result<[u8; N], RdbError> {
    let mut out = [0; N];
    out.copy_from_slice(blob.get(at..at + N).ok_or(CORRUPT_LISTPACK)?);
    Ok(out)
}

/// The elements of a listpack blob, checked against its header.
pub fn listpack_items(blob: &[u8]) -> Result<Vec<Item<'_>>, RdbError> {
    if blob.len() < LP_HEADER + 1 || u32::from_le_bytes(get(blob, 0)?) as usize != blob.len() {
        return Err(CORRUPT_LISTPACK);
    }
    let declared = u16::from_le_bytes(get(blob, 4)?) as usize;
    let mut items = Vec::with_capacity(declared.min(blob.len()));
    let mut at = LP_HEADER;
    loop {
        let first = *blob.get(at).ok_or(CORRUPT_LISTPACK)?;
        if first == LP_END {
            break;
        }
        let (item, len) = match first {
            0x00..=0x7F => (Item::Int(i64::from(first)), 1),
            0x80..=0xBF => {
                let n = (first & 0x3f) as usize;
                let bytes = blob.get(at + 1..at + 1 + n).ok_or(CORRUPT_LISTPACK)?;
                (Item::Bytes(bytes), 1 + n)
            }
            0xC0..=0xDF => {
                let [b] = get(blob, at + 1)?;
                let v = (u64::from(first & 0x1f) << 8 | u64::from(b)) as i64;
                (Item::Int(if v >= 1 << 12 { v - (1 << 13) } else { v }), 2)
            }
            0xE0..=0xEF => {
                let [b] = get(blob, at + 1)?;
                let n = ((first & 0x0f) as usize) << 8 | b as usize;
                let bytes = blob.get(at + 2..at + 2 + n).ok_or(CORRUPT_LISTPACK)?;
                (Item::Bytes(bytes), 2 + n)
            }
            0xF0 => {
                let n = u32::from_le_bytes(get(blob, at + 1)?) as usize;
                let bytes = blob
                    .get(at + 5..(at + 5).saturating_add(n))
                    .ok_or(CORRUPT_LISTPACK)?;
                (Item::Bytes(bytes), 5 + n)
            }
            0xF1 => (
                Item::Int(i64::from(i16::from_le_bytes(get(blob, at + 1)?))),
                3,
            ),
            0xF2 => {
                let [a, b, c] = get(blob, at + 1)?;
                let v = i32::from_le_bytes([0, a, b, c]) >> 8;
                (Item::Int(i64::from(v)), 4)
            }
            0xF3 => (
                Item::Int(i64::from(i32::from_le_bytes(get(blob, at + 1)?))),
                5,
            ),
            0xF4 => (Item::Int(i64::from_le_bytes(get(blob, at + 1)?)), 9),
            _ => return Err(CORRUPT_LISTPACK),
        };
        let back = match len {
            0..=127 => 1,
            128..=16382 => 2,
            16383..=2097150 => 3,
            2097151..=268435454 => 4,
            _ => 5,
        };
        at = at.checked_add(len + back).ok_or(CORRUPT_LISTPACK)?;
        items.push(item);
    }
    if at + 1 != blob.len() || (declared != 65535 && declared != items.len()) {
        return Err(CORRUPT_LISTPACK);
    }
    Ok(items)
}

// ---- ziplist ---------------------------------------------------------

fn zget<const N: usize>(blob: &[u8], at: usize) -> Result<[u8; N], RdbError> {
    get(blob, at).map_err(|_| CORRUPT_ZIPLIST)
}

/// The elements of a ziplist blob (Redis up to 6.2).
pub fn ziplist_items(blob: &[u8]) -> Result<Vec<Item<'_>>, RdbError> {
    if blob.len() < 11 || u32::from_le_bytes(zget(blob, 0)?) as usize != blob.len() {
        return Err(CORRUPT_ZIPLIST);
    }
    let declared = u16::from_le_bytes(zget(blob, 8)?) as usize;
    let mut items = Vec::with_capacity(declared.min(blob.len()));
    let mut at = 10;
    loop {
        let first = *blob.get(at).ok_or(CORRUPT_ZIPLIST)?;
        if first == 0xFF {
            break;
        }
        // The previous entry's length: one byte, or 0xFE and four.
        at += if first == 0xFE { 5 } else { 1 };
        let enc = *blob.get(at).ok_or(CORRUPT_ZIPLIST)?;
        let (item, len) = match enc >> 6 {
            0 => {
                let n = (enc & 0x3f) as usize;
                (
                    Item::Bytes(blob.get(at + 1..at + 1 + n).ok_or(CORRUPT_ZIPLIST)?),
                    1 + n,
                )
            }
            1 => {
                let [b] = zget(blob, at + 1)?;
                let n = ((enc & 0x3f) as usize) << 8 | b as usize;
                (
                    Item::Bytes(blob.get(at + 2..at + 2 + n).ok_or(CORRUPT_ZIPLIST)?),
                    2 + n,
                )
            }
            2 => {
                let n = u32::from_be_bytes(zget(blob, at + 1)?) as usize;
                let bytes = blob
                    .get(at + 5..(at + 5).saturating_add(n))
                    .ok_or(CORRUPT_ZIPLIST)?;
                (Item::Bytes(bytes), 5 + n)
            }
            _ => match enc {
                0xC0 => (
                    Item::Int(i64::from(i16::from_le_bytes(zget(blob, at + 1)?))),
                    3,
                ),
                0xD0 => (
                    Item::Int(i64::from(i32::from_le_bytes(zget(blob, at + 1)?))),
                    5,
                ),
                0xE0 => (Item::Int(i64::from_le_bytes(zget(blob, at + 1)?)), 9),
                0xF0 => {
                    let [a, b, c] = zget(blob, at + 1)?;
                    (
                        Item::Int(i64::from(i32::from_le_bytes([0, a, b, c]) >> 8)),
                        4,
                    )
                }
                0xFE => (Item::Int(i64::from(zget::<1>(blob, at + 1)?[0] as i8)), 2),
                0xF1..=0xFD => (Item::Int(i64::from(enc & 0x0f) - 1), 1),
                _ => return Err(CORRUPT_ZIPLIST),
            },
        };
        at += len;
        items.push(item);
    }
    if at + 1 != blob.len() || (declared != 65535 && declared != items.len()) {
        return Err(CORRUPT_ZIPLIST);
    }
    Ok(items)
}

// ---- zipmap ----------------------------------------------------------

/// A field and its value.
pub type Pair<'a> = (&'a [u8], &'a [u8]);

/// The field/value pairs of a zipmap blob (the hash form before Redis
/// 2.6, still loaded by 7.0).
pub fn zipmap_pairs(blob: &[u8]) -> Result<Vec<Pair<'_>>, RdbError> {
    const CORRUPT: RdbError = RdbError::Corrupt("invalid zipmap");
    let mut pairs = Vec::new();
    let mut at = 1; // the count byte, unreliable past 253
    let len_at = |at: &mut usize| -> Result<usize, RdbError> {
        let first = *blob.get(*at).ok_or(CORRUPT)?;
        match first {
            0..=253 => {
                *at += 1;
                Ok(first as usize)
            }
            254 => {
                let n = get::<4>(blob, *at + 1).map_err(|_| CORRUPT)?;
                *at += 5;
                Ok(u32::from_le_bytes(n) as usize)
            }
            _ => Err(CORRUPT),
        }
    };
    loop {
        if *blob.get(at).ok_or(CORRUPT)? == 0xFF {
            break;
        }
        let n = len_at(&mut at)?;
        let field = blob.get(at..at.saturating_add(n)).ok_or(CORRUPT)?;
        at += n;
        let n = len_at(&mut at)?;
        let free = *blob.get(at).ok_or(CORRUPT)? as usize;
        at += 1;
        let value = blob.get(at..at.saturating_add(n)).ok_or(CORRUPT)?;
        at += n + free;
        pairs.push((field, value));
    }
    if at + 1 != blob.len() {
        return Err(CORRUPT);
    }
    Ok(pairs)
}

// ---- intset ----------------------------------------------------------

/// An intset blob of sorted integers, in the narrowest width that holds
/// them all (2, 4 or 8 bytes), as Redis keeps it.
pub fn write_intset(ints: &[i64]) -> Vec<u8> {
    let width: u32 = if ints.iter().all(|&n| i16::try_from(n).is_ok()) {
        2
    } else if ints.iter().all(|&n| i32::try_from(n).is_ok()) {
        4
    } else {
        8
    };
    let mut out = Vec::with_capacity(8 + ints.len() * width as usize);
    out.extend_from_slice(&width.to_le_bytes());
    out.extend_from_slice(&(ints.len() as u32).to_le_bytes());
    for &n in ints {
        out.extend_from_slice(&n.to_le_bytes()[..width as usize]);
    }
    out
}

/// The integers of an intset blob; they must be strictly ascending.
pub fn intset_items(blob: &[u8]) -> Result<Vec<i64>, RdbError> {
    const CORRUPT: RdbError = RdbError::Corrupt("invalid intset");
    let width = u32::from_le_bytes(get(blob, 0).map_err(|_| CORRUPT)?) as usize;
    let len = u32::from_le_bytes(get(blob, 4).map_err(|_| CORRUPT)?) as usize;
    if !matches!(width, 2 | 4 | 8) || Some(blob.len() - 8) != len.checked_mul(width) {
        return Err(CORRUPT);
    }
    let ints: Vec<i64> = blob[8..]
        .chunks_exact(width)
        .map(|c| match width {
            2 => i64::from(i16::from_le_bytes([c[0], c[1]])),
            4 => i64::from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            _ => i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        })
        .collect();
    if ints.windows(2).any(|w| w[0] >= w[1]) {
        return Err(CORRUPT);
    }
    Ok(ints)
}

/// Builders of the old blobs, for tests: Redis 7.0 no longer writes
/// them, so tests make them from the format's description.
#[cfg(test)]
pub mod old {
    /// A ziplist of the given strings (all stored as strings, which is
    /// one of the forms Redis wrote).
    pub fn ziplist(items: &[&[u8]]) -> Vec<u8> {
        let mut body = Vec::new();
        let mut prev = 0usize;
        let mut tail = 10;
        for item in items {
            tail = 10 + body.len();
            let start = body.len();
            if prev < 254 {
                body.push(prev as u8);
            } else {
                body.push(0xFE);
                body.extend_from_slice(&(prev as u32).to_le_bytes());
            }
            if item.len() < 64 {
                body.push(item.len() as u8);
            } else {
                body.push(0x40 | (item.len() >> 8) as u8);
                body.push(item.len() as u8);
            }
            body.extend_from_slice(item);
            prev = body.len() - start;
        }
        let mut out = Vec::new();
        out.extend_from_slice(&((11 + body.len()) as u32).to_le_bytes());
        out.extend_from_slice(&(tail as u32).to_le_bytes());
        out.extend_from_slice(&(items.len() as u16).to_le_bytes());
        out.extend_from_slice(&body);
        out.push(0xFF);
        out
    }

    /// A zipmap of the given pairs, each value with one free byte.
    pub fn zipmap(pairs: &[(&[u8], &[u8])]) -> Vec<u8> {
        let mut out = vec![pairs.len() as u8];
        for (field, value) in pairs {
            out.push(field.len() as u8);
            out.extend_from_slice(field);
            out.push(value.len() as u8);
            out.push(1);
            out.extend_from_slice(value);
            out.push(0);
        }
        out.push(0xFF);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn listpack_matches_redis_bytes() {
        // What Redis 7.0 DUMPs for RPUSH l a 1 -1 1000: header, elements
        // with back-lengths, end byte.
        let mut lp = ListpackWriter::default();
        for item in [&b"a"[..], b"1", b"-1", b"1000"] {
            lp.push(item);
        }
        assert_eq!(
            lp.finish(),
            [18, 0, 0, 0, 4, 0, 0x81, b'a', 2, 1, 1, 0xDF, 0xFF, 2, 0xC3, 0xE8, 2, 0xFF]
        );
    }

    #[test]
    fn ziplist_and_zipmap_read() {
        let zl = old::ziplist(&[b"a", b"bc", &[b'x'; 300]]);
        let items = ziplist_items(&zl).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[1], Item::Bytes(b"bc"));
        let zm = old::zipmap(&[(b"f", b"v"), (b"g", b"ww")]);
        assert_eq!(
            zipmap_pairs(&zm).unwrap(),
            [(&b"f"[..], &b"v"[..]), (b"g", b"ww")]
        );
    }

    #[test]
    fn ziplist_integer_forms_read() {
        // One entry each: 4-bit immediate 5, int8 -2, int16 300, int24, int32, int64.
        let mut body = vec![0, 0xF6];
        body.extend([2, 0xFE, 0xFE]);
        body.extend([2, 0xC0, 0x2C, 0x01]);
        body.extend([4, 0xF0, 0x00, 0x00, 0x10]);
        body.extend([4, 0xD0, 0, 0, 0, 0x40]);
        body.extend([6, 0xE0, 0, 0, 0, 0, 1, 0, 0, 0]);
        let mut zl = ((11 + body.len()) as u32).to_le_bytes().to_vec();
        zl.extend([0, 0, 0, 0, 6, 0]);
        zl.extend(&body);
        zl.push(0xFF);
        let items = ziplist_items(&zl).unwrap();
        assert_eq!(
            items,
            [
                Item::Int(5),
                Item::Int(-2),
                Item::Int(300),
                Item::Int(0x100000),
                Item::Int(0x40000000),
                Item::Int(1 << 32)
            ]
        );
    }

    #[test]
    fn intset_round_trip_and_width() {
        assert_eq!(write_intset(&[1, 2])[..4], [2, 0, 0, 0]);
        assert_eq!(write_intset(&[1, 70000])[..4], [4, 0, 0, 0]);
        let blob = write_intset(&[-5, 1 << 40]);
        assert_eq!(intset_items(&blob).unwrap(), [-5, 1 << 40]);
        assert!(intset_items(&write_intset(&[2, 1])).is_err());
    }

    proptest! {
        #[test]
        fn listpack_round_trips(items in proptest::collection::vec(
            prop_oneof![
                any::<i64>().prop_map(|n| n.to_string().into_bytes()),
                proptest::collection::vec(any::<u8>(), 0..5000),
            ], 0..20)) {
            let mut lp = ListpackWriter::default();
            for item in &items {
                lp.push(item);
            }
            let size = lp.bytes();
            let blob = lp.finish();
            prop_assert_eq!(blob.len(), size);
            let read: Vec<Vec<u8>> = listpack_items(&blob).unwrap().into_iter().map(Item::to_vec).collect();
            prop_assert_eq!(read, items);
        }

        #[test]
        fn readers_never_panic(blob in proptest::collection::vec(any::<u8>(), 0..100)) {
            let _ = listpack_items(&blob);
            let _ = ziplist_items(&blob);
            let _ = zipmap_pairs(&blob);
            let _ = intset_items(&blob);
        }
    }
}
