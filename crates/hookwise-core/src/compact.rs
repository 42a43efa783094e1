//! Small hand-written stand-ins for two generic std helpers, for the browser bundles.
//!
//! std's stable sort (`slice::sort_by`) and `BTreeMap: FromIterator` (which sorts its input)
//! are compiled again for every element type, each copy 3–5 KB of wasm; the records and
//! schedules have a dozen such types. The lists sorted here are one learner's own (attempts,
//! practice results, kept-aside items: tens, rarely hundreds), so an insertion sort is as fast
//! in practice and a few hundred bytes.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `items` by `compare`, stably (equal items keep their order). Quadratic in the worst
/// case, linear when the list is already nearly sorted (the usual case: a merge appends a few).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare(&items[j], &items[j - 1]) == Ordering::Less {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// A map from pairs; a later pair with the same key replaces an earlier one (as `collect` does).
pub fn map_from<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_std() {
        let mut seed = 7u32;
        for len in 0..60 {
            let mut items: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            sort_by(&mut items, |a, b| a.0.cmp(&b.0));
            assert_eq!(items, expected);
        }
    }

    #[test]
    fn later_pairs_win_like_collect() {
        let pairs = vec![("b", 1), ("a", 2), ("b", 3)];
        let expected: BTreeMap<_, _> = pairs.clone().into_iter().collect();
        assert_eq!(map_from(pairs), expected);
    }
}
