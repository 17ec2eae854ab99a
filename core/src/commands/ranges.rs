//! String ranges: APPEND, GETRANGE, SUBSTR, SETRANGE, and LCS.

use super::args::{token, Args};
use super::errors::{self, CommandError};
use super::spec::{arg, flags::*, Command, KeySpec, Reply};
use super::Ctx;
use crate::compact::Small;
use crate::store::{notify, StrForm};
use crate::types::Value;

pub(super) static COMMANDS: &[Command] = &[
    Command::new("append", 3, WRITE | DENYOOM | FAST, append)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@fast"])
        .key_specs(&[KeySpec::new(&["RW", "insert"], 1, (0, 1, 0))])
        .doc("Append a value to a key", "2.0.0", "string", "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("value", "string"),
        ]),
    Command::new("getrange", 4, READONLY, getrange)
        .keys(1, 1, 1)
        .acl(&["@read", "@string", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get a substring of the string stored at a key", "2.4.0", "string", "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("start", "integer"),
            arg("end", "integer"),
        ]),
    Command::new("substr", 4, READONLY, substr)
        .keys(1, 1, 1)
        .acl(&["@read", "@string", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (0, 1, 0))])
        .doc("Get a substring of the string stored at a key", "1.0.0", "string", "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.")
        .doc_flags(&["deprecated"])
        .deprecated("2.0.0", "`GETRANGE`")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("start", "integer"),
            arg("end", "integer"),
        ]),
    Command::new("setrange", 4, WRITE | DENYOOM, setrange)
        .keys(1, 1, 1)
        .acl(&["@write", "@string", "@slow"])
        .key_specs(&[KeySpec::new(&["RW", "update"], 1, (0, 1, 0))])
        .doc("Overwrite part of a string at key starting at the specified offset", "2.2.0", "string", "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.")
        .args(&[
            arg("key", "key").key_spec(0),
            arg("offset", "integer"),
            arg("value", "string"),
        ]),
    Command::new("lcs", -3, READONLY, lcs)
        .keys(1, 2, 1)
        .acl(&["@read", "@string", "@slow"])
        .key_specs(&[KeySpec::new(&["RO", "access"], 1, (1, 1, 0))])
        .doc("Find longest common substring", "7.0.0", "string", "O(N*M) where N and M are the lengths of s1 and s2, respectively")
        .args(&[
            arg("key1", "key").key_spec(0),
            arg("key2", "key").key_spec(0),
            arg("len", "pure-token").token("LEN").optional(),
            arg("idx", "pure-token").token("IDX").optional(),
            arg("len", "integer").token("MINMATCHLEN").optional(),
            arg("withmatchlen", "pure-token").token("WITHMATCHLEN").optional(),
        ]),
];

/// APPEND key value: the new length.
fn append(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, value) = (args.next_key()?, args.next_arg()?);
    let now = ctx.now();
    let max = ctx.store.config.proto_max_bulk_len;
    let db = ctx.db();
    let Some(found) = db.lookup_mut(key, now) else {
        db.insert(key, Value::Str(Small::new(value)), None, now);
        ctx.notify(notify::STRING, "append", key);
        ctx.reply().integer(value.len() as i64);
        return Ok(());
    };
    let Value::Str(current) = &mut found.entry.value else {
        return Err(errors::WRONGTYPE);
    };
    if current.len() as u64 + value.len() as u64 > max {
        return Err(errors::STRING_TOO_LONG);
    }
    let len = current.edit(|bytes| {
        bytes.reserve_exact(value.len());
        bytes.extend_from_slice(value);
        bytes.len()
    });
    // Redis appends to an unshared raw string.
    found.entry.set_str_form(StrForm::Raw);
    drop(found);
    ctx.notify(notify::STRING, "append", key);
    ctx.reply().integer(len as i64);
    Ok(())
}

/// GETRANGE key start end
fn getrange(ctx: &mut Ctx, args: &mut Args) -> Reply {
    range(ctx, args)
}

/// SUBSTR key start end: GETRANGE's old name.
fn substr(ctx: &mut Ctx, args: &mut Args) -> Reply {
    range(ctx, args)
}

fn range(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, start, end) = (args.next_key()?, args.next_int()?, args.next_int()?);
    let now = ctx.now();
    let found = ctx.db().lookup(key, now).map(|e| match &e.value {
        Value::Str(v) => Ok(v.clone()),
        _ => Err(errors::WRONGTYPE),
    });
    ctx.count_read(key, found.is_some());
    let value = match found.transpose()? {
        Some(value) => value,
        None => Small::new(b""),
    };
    let slice = index_range(value.len(), start, end).map_or(&[][..], |r| &value[r]);
    ctx.reply().bulk(slice);
    Ok(())
}

/// GETRANGE's inclusive range over a string of `len` bytes, as Redis
/// clamps it (negative indexes from the end); `None` when empty.
fn index_range(len: usize, start: i64, end: i64) -> Option<std::ops::RangeInclusive<usize>> {
    if start < 0 && end < 0 && start > end {
        return None;
    }
    let len_i = len as i64;
    let start = if start < 0 { len_i + start } else { start }.max(0);
    let end = if end < 0 { len_i + end } else { end }.max(0);
    let end = end.min(len_i - 1);
    if start > end || len == 0 {
        return None;
    }
    Some(start as usize..=end as usize)
}

/// SETRANGE key offset value: the new length. Zero bytes pad a string
/// written past its end; an empty value changes nothing (and creates no
/// key).
fn setrange(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key, offset, value) = (args.next_key()?, args.next_int()?, args.next_arg()?);
    if offset < 0 {
        return Err(errors::OFFSET_OUT_OF_RANGE);
    }
    let offset = offset as u64;
    let now = ctx.now();
    let max = ctx.store.config.proto_max_bulk_len;
    let fits = |total: Option<u64>| match total {
        Some(total) if total <= max => Ok(total as usize),
        _ => Err(errors::STRING_TOO_LONG),
    };
    let db = ctx.db();
    let Some(found) = db.lookup_mut(key, now) else {
        let len = if value.is_empty() {
            // Nothing to write and no key to make.
            ctx.logged = super::Logged::Nothing;
            0
        } else {
            let total = fits(offset.checked_add(value.len() as u64))?;
            let mut bytes = Vec::new();
            bytes
                .try_reserve_exact(total)
                .map_err(|_| errors::STRING_TOO_LONG)?;
            bytes.resize(offset as usize, 0);
            bytes.extend_from_slice(value);
            db.insert(key, Value::Str(Small::new(&bytes)), None, now);
            // SETRANGE builds a raw string, as Redis does.
            db.mark_str_form(key, StrForm::Raw);
            ctx.notify(notify::STRING, "setrange", key);
            total
        };
        ctx.reply().integer(len as i64);
        return Ok(());
    };
    let Value::Str(current) = &mut found.entry.value else {
        return Err(errors::WRONGTYPE);
    };
    let len = if value.is_empty() {
        current.len()
    } else {
        let end = fits(offset.checked_add(value.len() as u64))?;
        current.edit(|bytes| {
            if end > bytes.len() {
                bytes.reserve_exact(end - bytes.len());
                bytes.resize(end, 0);
            }
            bytes[offset as usize..end].copy_from_slice(value);
            bytes.len()
        })
    };
    found.entry.set_str_form(StrForm::Raw);
    drop(found);
    if !value.is_empty() {
        ctx.notify(notify::STRING, "setrange", key);
    } else {
        // Nothing written: no change to count or log, as in Redis.
        ctx.unchanged();
    }
    ctx.reply().integer(len as i64);
    Ok(())
}

/// LCS's option words, in the order of the match below.
const LCS_OPTIONS: &[&str] = &["idx", "len", "withmatchlen", "minmatchlen"];

/// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: the longest
/// common subsequence of two strings (missing keys are empty), its length,
/// or the matching ranges. Like Redis, it fills the whole (n+1)*(m+1)
/// table (LEN alone needs two rows only), refused when that memory cannot
/// be had.
fn lcs(ctx: &mut Ctx, args: &mut Args) -> Reply {
    let (key_a, key_b) = (args.next_key()?, args.next_key()?);
    let a = string_or_empty(ctx, key_a);
    let b = string_or_empty(ctx, key_b);
    let (Some(a), Some(b)) = (a, b) else {
        return Err(errors::LCS_NOT_STRINGS);
    };
    let (mut idx, mut len, mut with_len, mut min_len) = (false, false, false, 0i64);
    while let Some(option) = args.next() {
        match token(option, LCS_OPTIONS) {
            Some(0) => idx = true,
            Some(1) => len = true,
            Some(2) => with_len = true,
            Some(3) if !args.is_empty() => min_len = args.next_int()?.max(0),
            _ => return Err(errors::SYNTAX),
        }
    }
    if idx && len {
        return Err(errors::LCS_IDX_AND_LEN);
    }
    if len {
        let length = lcs_length(&a, &b);
        ctx.reply().integer(length as i64);
        return Ok(());
    }
    let table = LcsTable::new(&a, &b)?;
    let mut common = vec![0u8; table.get(a.len(), b.len()) as usize];
    let mut ranges = Vec::new();
    table.backtrack(&a, &b, &mut common, &mut ranges);
    if !idx {
        ctx.reply().bulk(&common);
        return Ok(());
    }
    let mut reply = ctx.reply();
    reply.map(2);
    reply.bulk(b"matches");
    let shown: Vec<_> = ranges
        .iter()
        .filter(|r| r.len() as i64 >= min_len)
        .collect();
    reply.array(shown.len());
    for r in shown {
        reply.array(if with_len { 3 } else { 2 });
        for (start, end) in [(r.a_start, r.a_end), (r.b_start, r.b_end)] {
            reply.array(2);
            reply.integer(start as i64);
            reply.integer(end as i64);
        }
        if with_len {
            reply.integer(r.len() as i64);
        }
    }
    reply.bulk(b"len");
    reply.integer(common.len() as i64);
    Ok(())
}

/// The string at `key` (empty when missing), `None` for another type.
/// Counts a keyspace hit or miss.
fn string_or_empty(ctx: &mut Ctx, key: &[u8]) -> Option<Vec<u8>> {
    let now = ctx.now();
    let found = ctx.db().lookup(key, now).map(|e| match &e.value {
        Value::Str(v) => Some(v.to_vec()),
        _ => None,
    });
    ctx.count_read(key, found.is_some());
    found.unwrap_or(Some(Vec::new()))
}

/// The LCS length in two rows of the table.
fn lcs_length(a: &[u8], b: &[u8]) -> u32 {
    let mut previous = vec![0u32; b.len() + 1];
    let mut row = vec![0u32; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            row[j + 1] = if x == y {
                previous[j] + 1
            } else {
                previous[j + 1].max(row[j])
            };
        }
        std::mem::swap(&mut previous, &mut row);
    }
    previous[b.len()]
}

/// One matching range (inclusive indexes in each string).
struct Match {
    a_start: usize,
    a_end: usize,
    b_start: usize,
    b_end: usize,
}

impl Match {
    fn len(&self) -> usize {
        self.a_end - self.a_start + 1
    }
}

/// The full LCS table: `get(i, j)` is the LCS length of `a[..i]` and
/// `b[..j]`.
struct LcsTable {
    cells: Vec<u32>,
    width: usize,
}

impl LcsTable {
    fn new(a: &[u8], b: &[u8]) -> Result<LcsTable, CommandError> {
        let width = b.len() + 1;
        let size = (a.len() + 1)
            .checked_mul(width)
            .ok_or(errors::LCS_NO_MEMORY)?;
        let mut cells = Vec::new();
        cells
            .try_reserve_exact(size)
            .map_err(|_| errors::LCS_NO_MEMORY)?;
        cells.resize(size, 0);
        for (i, &x) in a.iter().enumerate() {
            for (j, &y) in b.iter().enumerate() {
                let value = if x == y {
                    cells[i * width + j] + 1
                } else {
                    cells[i * width + j + 1].max(cells[(i + 1) * width + j])
                };
                cells[(i + 1) * width + j + 1] = value;
            }
        }
        Ok(LcsTable { cells, width })
    }

    fn get(&self, i: usize, j: usize) -> u32 {
        self.cells.get(i * self.width + j).copied().unwrap_or(0)
    }

    /// Walks back from the end: fills `common` (already sized to the LCS
    /// length) and collects the maximal runs of consecutive matches, last
    /// first, as Redis reports them. On a mismatch the walk moves up in
    /// `a` when that keeps a strictly longer LCS, left in `b` otherwise.
    fn backtrack(&self, a: &[u8], b: &[u8], common: &mut [u8], ranges: &mut Vec<Match>) {
        let (mut i, mut j, mut k) = (a.len(), b.len(), common.len());
        let mut open: Option<Match> = None;
        while i > 0 && j > 0 {
            if a[i - 1] == b[j - 1] {
                k -= 1;
                common[k] = a[i - 1];
                match &mut open {
                    Some(m) => {
                        m.a_start = i - 1;
                        m.b_start = j - 1;
                    }
                    None => {
                        open = Some(Match {
                            a_start: i - 1,
                            a_end: i - 1,
                            b_start: j - 1,
                            b_end: j - 1,
                        })
                    }
                }
                i -= 1;
                j -= 1;
            } else {
                if self.get(i - 1, j) > self.get(i, j - 1) {
                    i -= 1;
                } else {
                    j -= 1;
                }
                ranges.extend(open.take());
            }
        }
        ranges.extend(open.take());
    }
}
