//! Deterministic pseudo-random numbers: SplitMix64.
//!
//! SplitMix64 (Steele, Lea & Flood, 2014; the seeding generator of Java's
//! `SplittableRandom` and of xoshiro) advances a 64-bit state by the golden-ratio
//! constant 0x9E3779B97F4A7C15 and scrambles it with two xor-shift-multiply rounds.
//! It is tiny, fast, passes BigCrush, and is fully specified by its seed, so the same
//! seed always yields byte-identical output files.  Each dataset draws from its own
//! stream (`Rng::stream(seed, "tag")`), so changing one generator never shifts the
//! numbers of another.

/// A SplitMix64 generator.
#[derive(Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose first output depends only on `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// An independent stream for one dataset: the seed mixed with a FNV-1a hash of `tag`.
    pub(crate) fn stream(seed: u64, tag: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in tag.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        let mut r = Rng::new(seed ^ h);
        r.next_u64();
        r
    }

    /// Next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub(crate) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Multiplicative jitter, uniform in [1 - rel, 1 + rel).
    pub(crate) fn jitter(&mut self, rel: f64) -> f64 {
        1.0 + rel * (2.0 * self.unit() - 1.0)
    }

    /// Approximately standard normal (Irwin-Hall: sum of 12 uniforms minus 6);
    /// portable because it uses no transcendental functions.
    pub(crate) fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}
