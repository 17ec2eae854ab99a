//! Redis's `pqsort`: a quicksort (Bentley and McIlroy's, with three-way
//! partitioning) that only sorts the partitions overlapping a range of
//! ranks. GEORADIUS and GEOSEARCH with COUNT (without ANY) order their
//! points with it, so among points at equal distances the ones returned,
//! and their order, are this algorithm's: any other sort would pick other
//! members on ties. Deterministic (no random pivot), so it replays.

use std::cmp::Ordering;

/// Sorts `v` enough that the elements at ranks `lo..=hi` are those a full
/// sort would put there, in the order Redis's `pqsort` leaves them.
pub(super) fn pqsort<T>(v: &mut [T], lo: usize, hi: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    sort_part(v, 0, v.len(), lo, hi, cmp);
}

/// Whether the part `start..start + n` lies wholly before or after the
/// wanted ranks (and need not be sorted).
fn outside(start: usize, n: usize, lo: usize, hi: usize) -> bool {
    (lo < start && hi < start) || (lo >= start + n && hi >= start + n)
}

/// The index of the median of three.
fn med3<T>(v: &[T], a: usize, b: usize, c: usize, cmp: &impl Fn(&T, &T) -> Ordering) -> usize {
    let less = |x: usize, y: usize| cmp(&v[x], &v[y]) == Ordering::Less;
    let greater = |x: usize, y: usize| cmp(&v[x], &v[y]) == Ordering::Greater;
    if less(a, b) {
        if less(b, c) {
            b
        } else if less(a, c) {
            c
        } else {
            a
        }
    } else if greater(b, c) {
        b
    } else if less(a, c) {
        a
    } else {
        c
    }
}

/// Swaps the `n` elements from `i` with the `n` from `j`.
fn swap_runs<T>(v: &mut [T], i: usize, j: usize, n: usize) {
    for k in 0..n {
        v.swap(i + k, j + k);
    }
}

fn sort_part<T>(
    v: &mut [T],
    mut start: usize,
    mut n: usize,
    lo: usize,
    hi: usize,
    cmp: &impl Fn(&T, &T) -> Ordering,
) {
    loop {
        if n < 7 {
            for pm in start + 1..start + n {
                let mut pl = pm;
                while pl > start && cmp(&v[pl - 1], &v[pl]) == Ordering::Greater {
                    v.swap(pl, pl - 1);
                    pl -= 1;
                }
            }
            return;
        }
        let a = start;
        let mut pm = a + n / 2;
        if n > 7 {
            let mut pl = a;
            let mut pn = a + n - 1;
            if n > 40 {
                let d = n / 8;
                pl = med3(v, pl, pl + d, pl + 2 * d, cmp);
                pm = med3(v, pm - d, pm, pm + d, cmp);
                pn = med3(v, pn - 2 * d, pn - d, pn, cmp);
            }
            pm = med3(v, pl, pm, pn, cmp);
        }
        v.swap(a, pm);
        let (mut pa, mut pb) = (a + 1, a + 1);
        let (mut pc, mut pd) = (a + n - 1, a + n - 1);
        loop {
            while pb <= pc {
                let order = cmp(&v[pb], &v[a]);
                if order == Ordering::Greater {
                    break;
                }
                if order == Ordering::Equal {
                    v.swap(pa, pb);
                    pa += 1;
                }
                pb += 1;
            }
            while pb <= pc {
                let order = cmp(&v[pc], &v[a]);
                if order == Ordering::Less {
                    break;
                }
                if order == Ordering::Equal {
                    v.swap(pc, pd);
                    pd -= 1;
                }
                pc -= 1;
            }
            if pb > pc {
                break;
            }
            v.swap(pb, pc);
            pb += 1;
            pc -= 1;
        }
        let pn = a + n;
        let r = (pa - a).min(pb - pa);
        swap_runs(v, a, pb - r, r);
        let r = (pd - pc).min(pn - pd - 1);
        swap_runs(v, pb, pn - r, r);
        let r = pb - pa;
        if r > 1 && !outside(a, r, lo, hi) {
            sort_part(v, a, r, lo, hi, cmp);
        }
        let r = pd - pc;
        if r > 1 {
            start = pn - r;
            n = r;
            if !outside(start, n, lo, hi) {
                continue;
            }
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wanted_ranks_hold_the_smallest() {
        let mut seed = 12345u64;
        for len in [0usize, 1, 5, 7, 8, 41, 100, 500] {
            let mut v: Vec<u64> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (seed >> 33) % 50
                })
                .collect();
            let mut sorted = v.clone();
            sorted.sort();
            let k = len / 3;
            if len > 0 {
                pqsort(&mut v, 0, k, &|a: &u64, b: &u64| a.cmp(b));
                assert_eq!(v[..=k], sorted[..=k], "len {len}");
            }
        }
    }
}
