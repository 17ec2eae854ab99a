//! CRC-64 as Redis computes it over RDB files and DUMP payloads: the
//! "Jones" polynomial, reflected, no initial value or final xor
//! (`CRC-64/REDIS` in the CRC catalogue).
//!
//! The `crc` crate implements it (`crc::CRC_64_REDIS`), with a 16-table
//! slicing implementation fast enough to checksum a whole file as it is
//! written; this module only names the one algorithm the formats use.

use crc::{Crc, Digest, Table, CRC_64_REDIS};

static CRC64: Crc<u64, Table<16>> = Crc::<u64, Table<16>>::new(&CRC_64_REDIS);

/// The checksum of `bytes` in one go.
pub fn crc64(bytes: &[u8]) -> u64 {
    CRC64.checksum(bytes)
}

/// The checksum of `a` followed by `bytes`, given `crc64(a)`: a stream
/// checksummed in pieces whose running value is kept as a plain `u64`.
/// (The algorithm is reflected with no final xor, so the finalized value
/// is the register itself; the crate takes an initial value unreflected.)
pub fn crc64_resume(crc: u64, bytes: &[u8]) -> u64 {
    let mut digest = CRC64.digest_with_initial(crc.reverse_bits());
    digest.update(bytes);
    digest.finalize()
}

/// A running checksum, fed piece by piece as a file is produced or read.
#[derive(Clone)]
pub struct Crc64(Digest<'static, u64, Table<16>>);

impl Default for Crc64 {
    fn default() -> Crc64 {
        Crc64(CRC64.digest())
    }
}

impl std::fmt::Debug for Crc64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Crc64")
    }
}

impl Crc64 {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The checksum of everything fed so far (the running state is kept).
    pub fn value(&self) -> u64 {
        self.0.clone().finalize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resumes_from_a_plain_value() {
        let bytes = b"123456789 and some more bytes to split anywhere";
        for split in 0..=bytes.len() {
            let (a, b) = bytes.split_at(split);
            assert_eq!(crc64_resume(crc64(a), b), crc64(bytes), "split at {split}");
        }
        assert_eq!(crc64_resume(0, b""), 0);
    }

    #[test]
    fn matches_redis_check_value() {
        // crc64.c's own test vector: "123456789" -> e9c6d914c4b8d9ca.
        assert_eq!(crc64(b"123456789"), 0xe9c6_d914_c4b8_d9ca);
        assert_eq!(crc64(b""), 0);
    }

    #[test]
    fn running_equals_one_shot() {
        let mut running = Crc64::default();
        running.update(b"1234");
        assert_eq!(running.value(), crc64(b"1234"));
        running.update(b"56789");
        assert_eq!(running.value(), crc64(b"123456789"));
    }
}
