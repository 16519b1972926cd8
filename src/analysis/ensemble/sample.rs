//! Latin hypercube samples that are a pure function of (seed, runs, parameter, run index), so
//! any run can be drawn alone, by any thread or shard, in any order, with the same bits.
//!
//! Each parameter's unit interval is cut into `runs` equal strata. Run `i` takes the stratum
//! `perm(i)` of a pseudo-random permutation keyed by the seed and the parameter, and a point in
//! it placed by a hash: `u = (perm(i) + jitter) / runs`. The permutation is a four-round Feistel
//! network on the smallest power of four at or above `runs`, walked until it lands below `runs`
//! (cycle walking), so it needs no memory. Only integer arithmetic and IEEE basic operations
//! are used, so every platform gives the same `u`.

/// SplitMix64's finaliser: a bijective mix of 64 bits.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A hash of three words.
pub fn hash3(a: u64, b: u64, c: u64) -> u64 {
    mix(a ^ mix(b.wrapping_add(0x9e37_79b9_7f4a_7c15) ^ mix(c.wrapping_add(0x6a09_e667_f3bc_c909))))
}

/// A hash's top 53 bits as a number in [0, 1).
pub fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A permutation of `0..n` keyed by `key`.
#[derive(Debug, Clone, Copy)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
    key: u64,
}

impl Permutation {
    pub fn new(n: u64, key: u64) -> Permutation {
        let bits = 64 - n.saturating_sub(1).leading_zeros();
        let half_bits = bits.div_ceil(2).max(1);
        Permutation { n, half_bits, key }
    }

    fn round(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for round in 0..4 {
            let f = hash3(self.key, round, right) & mask;
            (left, right) = (right, left ^ f);
        }
        (left << self.half_bits) | right
    }

    /// Where `i` (below n) goes.
    pub fn at(&self, i: u64) -> u64 {
        let mut x = self.round(i);
        while x >= self.n {
            x = self.round(x);
        }
        x
    }
}

/// Run `index`'s point in [0, 1) for dimension `dimension` of a Latin hypercube of `runs`
/// points drawn from `seed`.
pub fn latin(seed: u64, runs: u64, dimension: u64, index: u64) -> f64 {
    let stratum = Permutation::new(runs, hash3(seed, dimension, 0x5354_5241_5441)).at(index);
    let jitter = unit(hash3(seed, dimension, index.wrapping_add(0x4a49_5454_4552)));
    // Rounding can reach 1.0 when runs is large; the strata's top edge is excluded.
    ((stratum as f64 + jitter) / runs as f64).min(1.0 - f64::EPSILON / 2.0)
}

/// ln(x) for x > 0 with IEEE basic operations only (no libm), so every platform agrees.
/// Range reduction to m in [sqrt(1/2), sqrt(2)), then 2 atanh((m-1)/(m+1)) by its series.
pub fn ln(x: f64) -> f64 {
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        exponent += 1;
    }
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let (mut term, mut sum) = (z, 0.0);
    for k in 0..30 {
        sum += term / f64::from(2 * k + 1);
        term *= z2;
    }
    exponent as f64 * std::f64::consts::LN_2 + 2.0 * sum
}

/// e^x with IEEE basic operations only: x = k ln 2 + r, |r| ≤ ln 2 / 2, e^r by its series.
/// ln 2 is split in two (Cody and Waite) so that `k × LN2_HI` is exact and r keeps its digits.
pub fn exp(x: f64) -> f64 {
    // fdlibm's split: the high part has 32 trailing zero bits.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let k = (x / std::f64::consts::LN_2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..25 {
        term *= r / f64::from(n);
        sum += term;
    }
    sum * 2f64.powi(k as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permutation_is_a_bijection_for_awkward_sizes() {
        for n in [1u64, 2, 3, 5, 17, 64, 1000, 4097] {
            let p = Permutation::new(n, 42);
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let j = p.at(i) as usize;
                assert!(!seen[j], "n {n}: {j} twice");
                seen[j] = true;
            }
        }
    }

    #[test]
    fn each_stratum_holds_exactly_one_point() {
        let runs = 500;
        for dimension in 0..3 {
            let mut strata = vec![0; runs as usize];
            for i in 0..runs {
                let u = latin(7, runs, dimension, i);
                assert!((0.0..1.0).contains(&u));
                strata[(u * runs as f64) as usize] += 1;
            }
            assert!(strata.iter().all(|&c| c == 1));
        }
    }

    #[test]
    fn ln_and_exp_agree_with_the_platform_to_rounding() {
        for x in [1e-9, 0.001, 0.5, 1.0, 1.3, 2.0, 7.5, 1e6, 3e12] {
            assert!(
                (ln(x) - x.ln()).abs() <= 4e-16 * x.ln().abs().max(1.0),
                "ln {x}"
            );
        }
        for x in [-20.0, -1.0, -0.01, 0.0, 0.3, 1.0, 5.5, 30.0] {
            assert!((exp(x) - x.exp()).abs() <= 1e-15 * x.exp(), "exp {x}");
        }
    }
}
