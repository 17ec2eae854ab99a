//! LZF, the compression RDB uses for long strings (`rdbcompression yes`).
//!
//! The format is a sequence of runs, each led by a control byte `c`:
//! below 32 it is a literal run of `c + 1` bytes that follow; otherwise a
//! back reference of `(c >> 5) + 2` bytes (when `c >> 5` is 7, the next
//! byte adds to the length) starting `((c & 31) << 8 | next) + 1` bytes
//! back in the output.
//!
//! Written here rather than taken from crates.io: the one crate found is
//! deprecated and binds nothing Redis-specific, and both directions fit in
//! a page. The compressor is a greedy one with a hash of the next three
//! bytes; its output is valid LZF that Redis decompresses, though not
//! byte-identical to liblzf's choices (nothing depends on that: a DUMP
//! payload is compared by content).

/// Longest back distance the format can express.
const MAX_OFFSET: usize = 1 << 13;
/// Longest match: 7 + 255 in the length fields, plus 2.
const MAX_MATCH: usize = 264;
/// Longest literal run.
const MAX_LITERAL: usize = 32;
const HASH_BITS: u32 = 14;

fn hash3(bytes: &[u8]) -> usize {
    let v = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

fn flush_literals(out: &mut Vec<u8>, literals: &[u8]) {
    for chunk in literals.chunks(MAX_LITERAL) {
        out.push((chunk.len() - 1) as u8);
        out.extend_from_slice(chunk);
    }
}

/// Compresses `input`; `None` when the result would be longer than
/// `max_len` bytes (Redis stores the string plain then).
pub fn compress(input: &[u8], max_len: usize) -> Option<Vec<u8>> {
    RECENT.with(|recent| match recent.try_borrow_mut() {
        Ok(mut recent) => compress_with(&mut recent, input, max_len),
        // Not reentrant in practice; a fresh table gives the same output.
        Err(_) => compress_with(&mut Recent::default(), input, max_len),
    })
}

thread_local! {
    /// The hash table, kept between calls: every string over 20 bytes of
    /// a snapshot is compressed, and clearing a fresh table of 16,384
    /// slots for each one was most of a snapshot's time (a 32-byte value
    /// paid for 128 KiB of zeroes).
    static RECENT: std::cell::RefCell<Recent> = std::cell::RefCell::new(Recent::default());
}

/// Where each 3-byte hash was last seen. A slot holds `base + position +
/// 1` of the call that wrote it; `base` grows past every call's positions,
/// so slots left by earlier calls read as empty without being cleared, and
/// the output is the same as with a fresh table.
struct Recent {
    slots: Vec<u64>,
    base: u64,
}

impl Default for Recent {
    fn default() -> Recent {
        Recent {
            slots: vec![0; 1 << HASH_BITS],
            base: 0,
        }
    }
}

impl Recent {
    fn get(&self, hash: usize) -> Option<usize> {
        let stamp = self.slots[hash];
        (stamp > self.base).then(|| (stamp - self.base - 1) as usize)
    }

    fn set(&mut self, hash: usize, pos: usize) {
        self.slots[hash] = self.base + pos as u64 + 1;
    }
}

fn compress_with(recent: &mut Recent, input: &[u8], max_len: usize) -> Option<Vec<u8>> {
    let packed = compress_into(recent, input, max_len);
    recent.base += input.len() as u64 + 1;
    packed
}

fn compress_into(table: &mut Recent, input: &[u8], max_len: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(max_len.min(input.len()));
    let mut literal_start = 0;
    let mut pos = 0;
    while pos + 2 < input.len() {
        let h = hash3(&input[pos..]);
        let candidate = table.get(h);
        table.set(h, pos);
        let Some(candidate) = candidate.filter(|&candidate| {
            pos - candidate <= MAX_OFFSET && input[candidate..candidate + 3] == input[pos..pos + 3]
        }) else {
            pos += 1;
            continue;
        };
        let mut len = 3;
        while pos + len < input.len()
            && len < MAX_MATCH
            && input[candidate + len] == input[pos + len]
        {
            len += 1;
        }
        flush_literals(&mut out, &input[literal_start..pos]);
        let offset = pos - candidate - 1;
        let coded = len - 2;
        if coded < 7 {
            out.push((coded << 5 | offset >> 8) as u8);
        } else {
            out.push((7 << 5 | offset >> 8) as u8);
            out.push((coded - 7) as u8);
        }
        out.push((offset & 0xff) as u8);
        if out.len() > max_len {
            return None;
        }
        // Remember the positions inside the match too, for later matches.
        for p in pos + 1..(pos + len).min(input.len().saturating_sub(2)) {
            table.set(hash3(&input[p..]), p);
        }
        pos += len;
        literal_start = pos;
    }
    flush_literals(&mut out, &input[literal_start..]);
    (out.len() <= max_len).then_some(out)
}

/// Why LZF data could not be expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LzfError {
    /// A run reads past the input or writes past the expected length.
    Overrun,
    /// A back reference before the start of the output.
    BadReference,
    /// The data expands to fewer bytes than expected.
    ShortOutput,
}

/// Expands `input` into exactly `expected` bytes. The output never grows
/// past `expected`, so a corrupt stream cannot make it allocate more.
pub fn decompress(input: &[u8], expected: usize) -> Result<Vec<u8>, LzfError> {
    let mut out: Vec<u8> = Vec::with_capacity(expected);
    let mut i = 0;
    while i < input.len() {
        let ctrl = input[i] as usize;
        i += 1;
        if ctrl < 32 {
            let run = ctrl + 1;
            if i + run > input.len() || out.len() + run > expected {
                return Err(LzfError::Overrun);
            }
            out.extend_from_slice(&input[i..i + run]);
            i += run;
            continue;
        }
        let mut len = ctrl >> 5;
        if len == 7 {
            len += *input.get(i).ok_or(LzfError::Overrun)? as usize;
            i += 1;
        }
        len += 2;
        let low = *input.get(i).ok_or(LzfError::Overrun)? as usize;
        i += 1;
        let back = ((ctrl & 0x1f) << 8 | low) + 1;
        if back > out.len() {
            return Err(LzfError::BadReference);
        }
        if out.len() + len > expected {
            return Err(LzfError::Overrun);
        }
        let start = out.len() - back;
        // Overlapping copies repeat the bytes just written, byte by byte.
        for k in 0..len {
            let byte = out[start + k];
            out.push(byte);
        }
    }
    if out.len() != expected {
        return Err(LzfError::ShortOutput);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_table_reused_across_calls_compresses_as_a_fresh_one() {
        let first = b"hello hello hello hello, world world world".repeat(3);
        let second = b"world hello world hello world hello".repeat(4);
        let fresh = |input: &[u8]| compress_with(&mut Recent::default(), input, input.len());
        let mut reused = Recent::default();
        for _ in 0..3 {
            for input in [&first[..], &second[..]] {
                let packed = compress_with(&mut reused, input, input.len());
                assert_eq!(packed, fresh(input));
                assert_eq!(decompress(&packed.unwrap(), input.len()).unwrap(), input);
            }
        }
    }

    #[test]
    fn repetitive_input_shrinks_and_expands_back() {
        let input = b"abcabcabcabcabcabcabcabcabcabcabcabcabcabc".repeat(20);
        let packed = compress(&input, input.len() - 4).expect("compressible");
        assert!(packed.len() < input.len() / 4);
        assert_eq!(decompress(&packed, input.len()).unwrap(), input);
    }

    #[test]
    fn incompressible_input_is_refused() {
        let input: Vec<u8> = (0..64u8).collect();
        assert_eq!(compress(&input, input.len() - 4), None);
    }

    #[test]
    fn hand_made_stream_expands() {
        // "aaaaaaaaaa": literal 'a', then a back reference of 9 at distance 1.
        let stream = [0, b'a', (7 << 5) as u8, 0, 0];
        assert_eq!(decompress(&stream, 10).unwrap(), b"a".repeat(10));
    }

    #[test]
    fn corrupt_streams_are_errors() {
        assert_eq!(decompress(&[5, b'a'], 6), Err(LzfError::Overrun));
        assert_eq!(
            decompress(&[0, b'a', 0x20, 5], 4),
            Err(LzfError::BadReference)
        );
        assert_eq!(decompress(&[0, b'a'], 2), Err(LzfError::ShortOutput));
        assert_eq!(
            decompress(&[0, b'a', 0xe0, 255, 0], 10),
            Err(LzfError::Overrun)
        );
    }

    proptest! {
        #[test]
        fn round_trips(input in proptest::collection::vec(0u8..4, 0..2000)) {
            if let Some(packed) = compress(&input, input.len() + 64) {
                prop_assert_eq!(decompress(&packed, input.len()).unwrap(), input);
            }
        }

        #[test]
        fn never_panics_on_garbage(input in proptest::collection::vec(any::<u8>(), 0..200), expected in 0usize..500) {
            let _ = decompress(&input, expected);
        }
    }
}
