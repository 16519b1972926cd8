//! Scenario discovery on counts: for a layer that is the bottleneck in a real share of the
//! runs, the simplest rule on one or two parameters that says where.
//!
//! Latin hypercube points are uniform in each parameter's unit position, so a threshold on a
//! position is a threshold on the parameter. The ensemble counts runs by (parameter, one of
//! `FINE` position bins, bottleneck) and by (pair of parameters, `COARSE` × `COARSE` cell,
//! bottleneck). Both tables are integers, so shards add up exactly and memory does not grow
//! with the number of runs.
//!
//! A rule is one-sided thresholds ("p < t", "p ≥ t") on one or two parameters: the boxes PRIM
//! reaches when it peels from one side, found here by trying every threshold on the bins
//! rather than peeling. For each rule, coverage is the share of the layer's bottleneck runs
//! inside it, density the share of the runs inside it where the layer is the bottleneck, and
//! mass the share of all runs inside it. The chosen rule has the highest density among those
//! with coverage of at least `MIN_COVERAGE`; a two-parameter rule replaces the best single one
//! only when its density is higher by at least `PARSIMONY`.

/// Position bins per parameter for one-parameter rules.
pub const FINE: usize = 32;
/// Position bins per parameter for two-parameter rules.
pub const COARSE: usize = 8;
/// A rule must hold at least this share of the layer's bottleneck runs.
pub const MIN_COVERAGE: f64 = 0.5;
/// A second parameter must raise density by at least this much to be worth saying.
pub const PARSIMONY: f64 = 0.05;
/// Layers that are the bottleneck in fewer runs than this share get no rule.
pub const MIN_SHARE: f64 = 0.05;

/// One side of one parameter: positions below `bin` of `bins` (`below`), or at or above it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cut {
    /// Index among the uncertain parameters.
    pub dimension: usize,
    pub below: bool,
    /// The threshold as a bin edge: position `bin / bins`.
    pub bin: usize,
    pub bins: usize,
}

impl Cut {
    /// The threshold's unit position.
    pub fn position(&self) -> f64 {
        self.bin as f64 / self.bins as f64
    }

    fn holds(&self, b: usize) -> bool {
        if self.below {
            b < self.bin
        } else {
            b >= self.bin
        }
    }
}

/// A found rule with its measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub cuts: Vec<Cut>,
    pub coverage: f64,
    pub density: f64,
    pub mass: f64,
}

/// Every one-sided cut with `bins` bins on one dimension (thresholds strictly inside).
fn cuts(dimension: usize, bins: usize) -> impl Iterator<Item = Cut> {
    (1..bins).flat_map(move |bin| {
        [true, false].map(|below| Cut {
            dimension,
            below,
            bin,
            bins,
        })
    })
}

/// Measures of a box from (in-box runs that are `label`, in-box runs, all `label` runs, runs).
fn measures(hit: u64, inside: u64, label_total: u64, total: u64) -> Option<(f64, f64, f64)> {
    (inside > 0 && label_total > 0 && total > 0).then(|| {
        (
            hit as f64 / label_total as f64,
            hit as f64 / inside as f64,
            inside as f64 / total as f64,
        )
    })
}

fn better(candidate: &Found, best: &Option<Found>) -> bool {
    candidate.coverage >= MIN_COVERAGE
        && best.as_ref().is_none_or(|b| {
            candidate.density > b.density
                || (candidate.density == b.density && candidate.coverage > b.coverage)
        })
}

/// The rule for `label`, from `fine[d][bin][label]` and `pairs[pair][cell][label]` with pairs
/// in the order (0,1), (0,2), ..., (1,2), ... and cells `a * COARSE + b`. `labels` is the
/// number of labels.
pub fn find(
    dimensions: usize,
    labels: usize,
    fine: &[u32],
    pairs: &[u32],
    label: usize,
) -> Option<Found> {
    let fine_at = |d: usize, b: usize, l: usize| u64::from(fine[(d * FINE + b) * labels + l]);
    if dimensions == 0 {
        return None;
    }
    let total: u64 = (0..FINE)
        .flat_map(|b| (0..labels).map(move |l| (b, l)))
        .map(|(b, l)| fine_at(0, b, l))
        .sum();
    let label_total: u64 = (0..FINE).map(|b| fine_at(0, b, label)).sum();
    if total == 0 || label_total == 0 {
        return None;
    }
    // No rule at all: the layer's share of every run. A rule must say more than that.
    let everywhere = Found {
        cuts: Vec::new(),
        coverage: 1.0,
        density: label_total as f64 / total as f64,
        mass: 1.0,
    };
    let mut best: Option<Found> = None;
    for d in 0..dimensions {
        for cut in cuts(d, FINE) {
            let (mut hit, mut inside) = (0, 0);
            for b in (0..FINE).filter(|&b| cut.holds(b)) {
                hit += fine_at(d, b, label);
                inside += (0..labels).map(|l| fine_at(d, b, l)).sum::<u64>();
            }
            if let Some((coverage, density, mass)) = measures(hit, inside, label_total, total) {
                let found = Found {
                    cuts: vec![cut],
                    coverage,
                    density,
                    mass,
                };
                if better(&found, &best) {
                    best = Some(found);
                }
            }
        }
    }
    let single = best.clone();
    let mut pair_index = 0;
    let mut best_pair: Option<Found> = None;
    for a in 0..dimensions {
        for b in a + 1..dimensions {
            let cell = |i: usize, j: usize, l: usize| {
                u64::from(pairs[(pair_index * COARSE * COARSE + i * COARSE + j) * labels + l])
            };
            let mut hits = [[0u64; COARSE]; COARSE];
            let mut all = [[0u64; COARSE]; COARSE];
            for i in 0..COARSE {
                for j in 0..COARSE {
                    hits[i][j] = cell(i, j, label);
                    all[i][j] = (0..labels).map(|l| cell(i, j, l)).sum();
                }
            }
            for cut_a in cuts(a, COARSE) {
                for cut_b in cuts(b, COARSE) {
                    let (mut hit, mut inside) = (0, 0);
                    for i in (0..COARSE).filter(|&i| cut_a.holds(i)) {
                        for j in (0..COARSE).filter(|&j| cut_b.holds(j)) {
                            hit += hits[i][j];
                            inside += all[i][j];
                        }
                    }
                    if let Some((coverage, density, mass)) =
                        measures(hit, inside, label_total, total)
                    {
                        let found = Found {
                            cuts: vec![cut_a, cut_b],
                            coverage,
                            density,
                            mass,
                        };
                        if better(&found, &best_pair) {
                            best_pair = Some(found);
                        }
                    }
                }
            }
            pair_index += 1;
        }
    }
    let single = single.filter(|s| s.density >= everywhere.density + PARSIMONY);
    let chosen = match (single, best_pair) {
        (Some(s), Some(p)) if p.density >= s.density + PARSIMONY => p,
        (Some(s), _) => s,
        (None, Some(p)) if p.density >= everywhere.density + PARSIMONY => p,
        _ => everywhere,
    };
    Some(chosen)
}

/// Number of unordered pairs of `dimensions`.
pub fn pair_count(dimensions: usize) -> usize {
    dimensions * dimensions.saturating_sub(1) / 2
}
