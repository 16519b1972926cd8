//! Seeded, reproducible demand noise: one log-normal multiplier per week from a u64 seed.

use serde::{Deserialize, Serialize};

/// Weekly multiplicative noise on users' demand: `exp(sigma * z - sigma^2 / 2)`, z standard
/// normal, so its mean is 1. The same seed always gives the same multipliers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Noise {
    /// Standard deviation of the log of the weekly multiplier, 0 to 1.
    pub sigma: f64,
    pub seed: u64,
}

impl Noise {
    /// The multipliers for weeks `0..weeks`.
    pub fn weekly_factors(&self, weeks: usize) -> Vec<f64> {
        let mut rng = SplitMix64(self.seed);
        let shift = -0.5 * self.sigma * self.sigma;
        (0..weeks)
            .map(|_| (self.sigma * rng.standard_normal() + shift).exp())
            .collect()
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast, and the same on every platform.
/// The state is the seed; each draw advances it.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: never 0, so its logarithm is finite.
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    /// Box-Muller, using one of the pair.
    fn standard_normal(&mut self) -> f64 {
        let radius = (-2.0 * self.uniform().ln()).sqrt();
        radius * (std::f64::consts::TAU * self.uniform()).cos()
    }
}

/// A fresh seed from the operating system or the browser, for runs that ask for noise without one.
///
/// # Errors
/// When the platform has no source of randomness.
pub fn fresh_seed() -> Result<u64, getrandom::Error> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}
