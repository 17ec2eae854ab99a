//! SCAN cursors for the positional tables the keyspace and the large
//! collections are kept in (`IndexMap` / `IndexSet`, whose removal moves
//! the last element into the hole).
//!
//! A scan visits positions from the end towards the start, `count` at a
//! time; the cursor is the position one past the next one to visit, and 0
//! both starts (in a call) and ends (in a reply) a scan. This gives Redis's
//! guarantee: an element present for the whole scan is returned at least
//! once, however the table grows or shrinks meanwhile.
//! - An insertion lands at the end, among positions already visited: it
//!   may be missed, as Redis allows for elements added during a scan.
//! - A removal at position `p` moves the last element to `p`. The last
//!   element was already visited unless every position at or above the
//!   cursor is gone, in which case it moves to a lower position, still
//!   ahead of the cursor. Either way nothing present throughout is lost;
//!   an element may come twice, as Redis allows.

use std::ops::Range;

/// The positions one SCAN call visits (in any order) and the cursor it
/// returns, for a table of `len` elements, a `cursor` from the client and
/// a `count` hint (at least 1 is visited while any remain).
pub(crate) fn scan_window(len: usize, cursor: u64, count: usize) -> (Range<usize>, u64) {
    let start = if cursor == 0 {
        len
    } else {
        usize::try_from(cursor).map_or(len, |c| c.min(len))
    };
    let low = start.saturating_sub(count.max(1));
    (low..start, low as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_walks_from_the_end_and_ends_at_zero() {
        assert_eq!(scan_window(25, 0, 10), (15..25, 15));
        assert_eq!(scan_window(25, 15, 10), (5..15, 5));
        assert_eq!(scan_window(25, 5, 10), (0..5, 0));
        assert_eq!(scan_window(0, 0, 10), (0..0, 0));
        assert_eq!(scan_window(3, 0, 0), (2..3, 2), "COUNT 0 still moves");
    }

    #[test]
    fn a_cursor_past_the_end_restarts_from_the_end() {
        assert_eq!(scan_window(4, 100, 2), (2..4, 2));
        assert_eq!(scan_window(4, u64::MAX, 10), (0..4, 0));
    }

    /// Every element present for the whole scan comes back, while a random
    /// mix of removals (swap-remove, as the tables do) and insertions goes
    /// on between calls.
    #[test]
    fn elements_present_throughout_are_returned() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..200 {
            let mut table: Vec<u64> = (0..(round % 50 + 1)).collect();
            let mut fresh = 1000;
            let mut removed = std::collections::HashSet::new();
            let before: Vec<u64> = table.clone();
            let mut seen = std::collections::HashSet::new();
            let mut cursor = 0;
            loop {
                let (window, next_cursor) =
                    scan_window(table.len(), cursor, 1 + (next() % 7) as usize);
                seen.extend(window.map(|p| table[p]));
                cursor = next_cursor;
                if cursor == 0 {
                    break;
                }
                for _ in 0..next() % 4 {
                    if next() % 2 == 0 && !table.is_empty() {
                        let at = (next() % table.len() as u64) as usize;
                        removed.insert(table.swap_remove(at));
                    } else {
                        table.push(fresh);
                        fresh += 1;
                    }
                }
            }
            for element in before {
                assert!(
                    removed.contains(&element) || seen.contains(&element),
                    "round {round}: {element} missed"
                );
            }
        }
    }
}
