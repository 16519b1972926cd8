//! Streaming histograms with integer counts, so that adding parts in any order gives the same
//! bits, and memory grows with the spread of the values, never with their number.
//!
//! A value's bin is its IEEE-754 bit pattern (made monotone for negative numbers) shifted right
//! by `52 - MANTISSA_BITS`: a bin spans 1/128 of a binade, about 0.8% of its value. A bin is
//! reported by its middle (half way between its edges in the same bit order), so a percentile is
//! within 0.4% of the value it names.

use serde::{Deserialize, Serialize};

/// Mantissa bits kept in a bin's key.
pub const MANTISSA_BITS: u32 = 7;
const SHIFT: u32 = 52 - MANTISSA_BITS;

/// The monotone key of a finite value: larger values never get smaller keys.
pub fn key(value: f64) -> i64 {
    let bits = value.to_bits() as i64;
    // Negative numbers: flip the magnitude bits so that their order follows the value's.
    let ordered = bits ^ (((bits >> 63) as u64) >> 1) as i64;
    ordered >> SHIFT
}

/// The value in the middle of the bin `key`; the bins next to zero, which hold only 0 and
/// subnormal numbers, read as 0.
pub fn middle(key: i64) -> f64 {
    let ordered = (key << SHIFT) | (1 << (SHIFT - 1));
    let bits = ordered ^ (((ordered >> 63) as u64) >> 1) as i64;
    flush(f64::from_bits(bits as u64))
}

fn flush(value: f64) -> f64 {
    if value.abs() < f64::MIN_POSITIVE {
        0.0
    } else {
        value
    }
}

/// Counts by bin over a window of keys that widens as values arrive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Histogram {
    /// The key of `counts[0]`.
    pub from: i64,
    pub counts: Vec<u32>,
    /// Values that were NaN or infinite, kept out of the bins.
    pub not_finite: u32,
}

impl Histogram {
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|&c| u64::from(c)).sum()
    }

    #[inline]
    pub fn add(&mut self, value: f64) {
        if !value.is_finite() {
            self.not_finite += 1;
            return;
        }
        let k = key(value);
        // The common case, a bin inside the window, without a call.
        if let Some(count) = usize::try_from(k.wrapping_sub(self.from))
            .ok()
            .and_then(|at| self.counts.get_mut(at))
        {
            *count += 1;
            return;
        }
        self.add_count(k, 1);
    }

    #[inline(never)]
    fn add_count(&mut self, k: i64, count: u32) {
        if self.counts.is_empty() {
            self.from = k;
            self.counts.push(count);
            return;
        }
        if k < self.from {
            // Room below as well, so that a slowly falling series does not shift every time.
            let grow = (self.from - k) as usize + self.counts.len() / 2;
            let mut counts = vec![0; grow + self.counts.len()];
            counts[grow..].copy_from_slice(&self.counts);
            self.counts = counts;
            self.from -= grow as i64;
        }
        let at = (k - self.from) as usize;
        if at >= self.counts.len() {
            self.counts.resize(at + 1 + self.counts.len() / 2, 0);
        }
        self.counts[at] += count;
    }

    /// Whether a histogram read from a file could have come from [`Histogram::add`]: its keys
    /// inside those of finite numbers, so that merging it cannot overflow.
    pub fn plausible(&self) -> bool {
        let limit = 1i64 << (64 - SHIFT);
        self.from.abs() <= limit && self.counts.len() as i64 <= 2 * limit
    }

    /// Adds another histogram's counts.
    pub fn merge(&mut self, other: &Histogram) {
        for (i, &count) in other.counts.iter().enumerate() {
            if count > 0 {
                self.add_count(other.from + i as i64, count);
            }
        }
        self.not_finite += other.not_finite;
    }

    /// The same counts with no empty bins at either end: the form written and compared.
    pub fn trimmed(&self) -> Histogram {
        let first = self.counts.iter().position(|&c| c > 0);
        let last = self.counts.iter().rposition(|&c| c > 0);
        match (first, last) {
            (Some(first), Some(last)) => Histogram {
                from: self.from + first as i64,
                counts: self.counts[first..=last].to_vec(),
                not_finite: self.not_finite,
            },
            _ => Histogram {
                not_finite: self.not_finite,
                ..Histogram::default()
            },
        }
    }

    /// The nearest-rank percentile `p` (0 to 100): the middle of the bin holding the
    /// ceil(p/100 × n)-th smallest value (at least the first). None when empty.
    pub fn percentile(&self, p: f64) -> Option<f64> {
        self.percentiles([p])[0]
    }

    /// [`Histogram::percentile`] of each of `ps`, given in rising order, in one pass over the
    /// bins after the one that counts them: a band's five percentiles of every week are read
    /// on every redraw of a page's ensemble.
    pub fn percentiles<const K: usize>(&self, ps: [f64; K]) -> [Option<f64>; K] {
        let mut found = [None; K];
        let n = self.total();
        if n == 0 {
            return found;
        }
        let ranks = ps.map(|p| ((p / 100.0 * n as f64).ceil() as u64).clamp(1, n));
        let mut next = 0;
        let mut seen = 0;
        for (i, &count) in self.counts.iter().enumerate() {
            seen += u64::from(count);
            while next < K && seen >= ranks[next] {
                found[next] = Some(middle(self.from + i as i64));
                next += 1;
            }
            if next == K {
                break;
            }
        }
        found
    }

    /// The bins that hold values, as (lower edge, upper edge, count), merged into at most
    /// `most` groups of adjacent bins of equal width in keys.
    pub fn groups(&self, most: usize) -> Vec<(f64, f64, u64)> {
        let t = self.trimmed();
        if t.counts.is_empty() || most == 0 {
            return Vec::new();
        }
        let width = t.counts.len().div_ceil(most);
        t.counts
            .chunks(width)
            .enumerate()
            .map(|(g, chunk)| {
                let first = t.from + (g * width) as i64;
                let lower = edge(first);
                let upper = edge(first + chunk.len() as i64);
                (lower, upper, chunk.iter().map(|&c| u64::from(c)).sum())
            })
            .collect()
    }
}

/// The lower edge of bin `key`.
fn edge(key: i64) -> f64 {
    let ordered = key << SHIFT;
    let bits = ordered ^ (((ordered >> 63) as u64) >> 1) as i64;
    flush(f64::from_bits(bits as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_values_order_across_zero() {
        let values = [
            -1e9, -3.5, -1.0, -1e-9, -0.0, 0.0, 1e-12, 0.7, 1.0, 1.01, 2.0, 1e15,
        ];
        for pair in values.windows(2) {
            assert!(key(pair[0]) <= key(pair[1]), "{pair:?}");
        }
        for v in [-1234.5, -0.3, 0.3, 1.0, 98765.0] {
            let mid = middle(key(v));
            assert!((mid - v).abs() <= v.abs() / 128.0, "{v} -> {mid}");
        }
    }

    #[test]
    fn percentiles_in_one_pass_are_the_bins_of_the_nearest_ranks() {
        // Values spread over many binades, with repeats, added in a scrambled order.
        let mut values: Vec<f64> = (0..997u64)
            .map(|i| ((i * 7919) % 997) as f64 * 1.37 + (i % 5) as f64 * 1e4)
            .collect();
        let mut h = Histogram::default();
        for &v in &values {
            h.add(v);
        }
        values.sort_by(f64::total_cmp);
        let ps = [0.0, 5.0, 25.0, 50.0, 50.0, 75.0, 95.0, 100.0];
        let got = h.percentiles(ps);
        for (p, got) in ps.iter().zip(got) {
            let rank = ((p / 100.0 * 997.0f64).ceil() as usize).clamp(1, 997);
            let want = middle(key(values[rank - 1]));
            assert_eq!(got, Some(want), "p{p}");
        }
        assert_eq!(Histogram::default().percentiles([5.0, 95.0]), [None, None]);
    }

    #[test]
    fn percentiles_are_within_a_bin_of_the_exact_ones() {
        let mut h = Histogram::default();
        let values: Vec<f64> = (1..=1000).map(|i| f64::from(i) * 3.7).collect();
        for &v in values.iter().rev() {
            h.add(v);
        }
        for p in [5.0, 25.0, 50.0, 75.0, 95.0] {
            let exact = values[(p / 100.0 * 1000.0f64).ceil() as usize - 1];
            let got = h.percentile(p).unwrap();
            assert!((got / exact - 1.0).abs() < 0.008, "p{p}: {got} vs {exact}");
        }
    }

    #[test]
    fn merging_in_any_split_gives_the_same_counts() {
        let values: Vec<f64> = (0..300).map(|i| ((i * 37) % 101) as f64 - 20.0).collect();
        let mut whole = Histogram::default();
        values.iter().for_each(|&v| whole.add(v));
        let (mut a, mut b) = (Histogram::default(), Histogram::default());
        values[..123].iter().for_each(|&v| a.add(v));
        values[123..].iter().for_each(|&v| b.add(v));
        b.merge(&a);
        assert_eq!(b.trimmed(), whole.trimmed());
    }
}
