//! "Most likely": many runs across uncertain parameter values, and the odds that each layer is
//! the bottleneck, overall and year by year, with percentile bands, the spread of the goal, a
//! tornado of one-at-a-time swings and the rules that say where each bottleneck lives.
//!
//! A [`Plan`] says everything an ensemble is: the scenario, each parameter's range, the number
//! of runs, the seed and how much of a verdict each run gets. Run `i` is a pure function of
//! the plan and `i` ([`sample`]), and everything counted per run is an integer ([`Tally`]), so
//! the result is the same bits for any number of threads, any split into shards, and any
//! order of merging. Memory grows with the spread of the outcomes, not with the number of runs.

pub mod histogram;
pub mod rules;
pub mod sample;

use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crate::analysis::verdict::{stage_steps, verdict, whole_run_verdict, Verdict};
use crate::error::{number, Error};
use crate::model::integrate::Integrator;
use crate::model::layer::Layer;
use crate::model::noise::Noise;
use crate::model::params::{ParamSpec, Scale, SPECS};
use crate::model::run::{glance, Run};
use crate::model::scenario::{Goal, RunOptions, Scenario};
use crate::model::{Model, State};
use crate::reading::format::round_significant;
use histogram::Histogram;

/// The default width of a parameter's range: ×/÷ (1 + spread) on a logarithmic slider,
/// ± spread × |value| on a linear one, clipped to the parameter's range.
pub const DEFAULT_SPREAD: f64 = 0.25;
/// The percentiles of every band.
pub const PERCENTILES: [f64; 5] = [5.0, 25.0, 50.0, 75.0, 95.0];
/// The most runs one ensemble takes (counts are 32-bit).
pub const MAX_RUNS: u64 = 100_000_000;
/// Outcomes of a verdict: each layer, then "none" (no relief raises the goal).
pub const LABELS: usize = Layer::COUNT + 1;
/// The most shards an ensemble splits into.
pub const MAX_SHARDS: u64 = 10_000;
/// Runs a thread takes at a time.
const CHUNK: u64 = 8;

/// How much of a verdict each run gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdicts {
    /// None: only the binding layer week by week (the cheapest, for throughput).
    None,
    /// The whole-run verdict (nine runs each).
    Whole,
    /// The whole-run verdict and one per year.
    Stages,
}

impl Verdicts {
    /// `none`, `whole` or `stages`, as the CLI, links and files name it.
    pub fn id(self) -> &'static str {
        match self {
            Verdicts::None => "none",
            Verdicts::Whole => "whole",
            Verdicts::Stages => "stages",
        }
    }

    pub fn from_id(id: &str) -> Result<Verdicts, Error> {
        match id {
            "none" => Ok(Verdicts::None),
            "whole" => Ok(Verdicts::Whole),
            "stages" => Ok(Verdicts::Stages),
            other => Err(Error::BadRunOption {
                what: "--verdicts",
                value: other.into(),
                rule: "expected none, whole or stages".into(),
            }),
        }
    }
}

/// One parameter's value and the range the ensemble draws it from (`lo == hi`: held fixed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uncertain {
    pub id: String,
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
    /// Drawn evenly in the logarithm (the parameter's slider is logarithmic and lo > 0).
    pub log: bool,
}

impl Uncertain {
    /// The default range of `spec` around `value`.
    pub fn around(spec: &ParamSpec, value: f64, spread: f64) -> Uncertain {
        let logarithmic = !matches!(spec.scale, Scale::Linear(_));
        let (lo, hi) = if logarithmic {
            (value / (1.0 + spread), value * (1.0 + spread))
        } else {
            (value - spread * value.abs(), value + spread * value.abs())
        };
        Uncertain::new(spec, value, lo.max(spec.min), hi.min(spec.max))
    }

    fn new(spec: &ParamSpec, value: f64, lo: f64, hi: f64) -> Uncertain {
        Uncertain {
            id: spec.id.into(),
            value,
            lo,
            hi,
            log: !matches!(spec.scale, Scale::Linear(_)) && lo > 0.0,
        }
    }

    pub fn varies(&self) -> bool {
        self.lo < self.hi
    }

    /// The value at unit position `u` of the range.
    pub fn at(&self, u: f64) -> f64 {
        let value = if self.log {
            self.lo * sample::exp(u * (sample::ln(self.hi) - sample::ln(self.lo)))
        } else {
            self.lo + u * (self.hi - self.lo)
        };
        value.clamp(self.lo, self.hi)
    }
}

/// Everything an ensemble is: enough to run it again, or any part of it, anywhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub preset: Option<String>,
    /// Every parameter, in the order of `flywheel params`.
    pub params: Vec<Uncertain>,
    pub integrator: Integrator,
    pub step_weeks: f64,
    pub weeks: u32,
    pub goal: Goal,
    /// Demand noise, each run with its own seed drawn from the plan's.
    pub noise_sigma: Option<f64>,
    pub runs: u64,
    pub seed: u64,
    pub verdicts: Verdicts,
}

impl Plan {
    /// A plan over `scenario` with every parameter's default range of width `spread`.
    ///
    /// # Errors
    /// [`Error::BadRunOption`] for a spread that is negative or not finite, or runs outside
    /// 1 to [`MAX_RUNS`].
    pub fn new(
        scenario: &Scenario,
        spread: f64,
        runs: u64,
        seed: u64,
        verdicts: Verdicts,
    ) -> Result<Plan, Error> {
        if !(spread.is_finite() && spread >= 0.0) {
            return Err(Error::BadRunOption {
                what: "--spread",
                value: number(spread),
                rule: "it must be a number of 0 or more (0.25 is ±25%)".into(),
            });
        }
        if !(1..=MAX_RUNS).contains(&runs) {
            return Err(Error::BadRunOption {
                what: "--runs",
                value: runs.to_string(),
                rule: format!("it must be 1 to {MAX_RUNS}"),
            });
        }
        scenario.options.steps()?;
        let options = scenario.options;
        Ok(Plan {
            preset: scenario.preset.map(str::to_string),
            params: scenario
                .params
                .iter()
                .map(|(spec, value)| Uncertain::around(spec, value, spread))
                .collect(),
            integrator: options.integrator,
            step_weeks: options.step_weeks,
            weeks: options.weeks,
            goal: options.goal,
            noise_sigma: options.noise.map(|noise| noise.sigma),
            runs,
            seed,
            verdicts,
        })
    }

    /// Sets one parameter's range from `layer.param=LO:HI`.
    ///
    /// # Errors
    /// [`Error::MalformedRange`], an unknown parameter, a bound that is not a number or out
    /// of the parameter's range, or LO above HI.
    pub fn vary(&mut self, setting: &str) -> Result<(), Error> {
        let malformed = || Error::MalformedRange {
            given: setting.into(),
        };
        let (id, range) = setting.split_once('=').ok_or_else(malformed)?;
        let (lo, hi) = range.split_once(':').ok_or_else(malformed)?;
        let spec = ParamSpec::find(id.trim())?;
        let (lo, hi) = (spec.parse(lo)?, spec.parse(hi)?);
        if lo > hi {
            return Err(Error::BadRunOption {
                what: "--vary",
                value: setting.into(),
                rule: "LO must not be above HI".into(),
            });
        }
        let index = SPECS.iter().position(|s| s.id == spec.id).unwrap_or(0);
        let value = self.params[index].value;
        self.params[index] = Uncertain::new(spec, value, lo, hi);
        Ok(())
    }

    /// The scenario at the parameters' values.
    pub fn scenario(&self) -> Scenario {
        let mut scenario = Scenario {
            preset: self
                .preset
                .as_deref()
                .and_then(|id| Scenario::from_preset(id).ok())
                .and_then(|s| s.preset),
            ..Scenario::default()
        };
        for (spec, uncertain) in SPECS.iter().zip(&self.params) {
            // Values come from a checked plan; a part file's are checked when it is read.
            let _ = scenario.params.set(spec.param, uncertain.value);
        }
        scenario.options = RunOptions {
            integrator: self.integrator,
            step_weeks: self.step_weeks,
            weeks: self.weeks,
            noise: None,
            goal: self.goal,
        };
        scenario
    }

    /// Records of each run: one per step and one at the end.
    pub fn records(&self) -> usize {
        self.scenario().options.steps().map_or(0, |steps| steps + 1)
    }

    /// Years judged apart, as [`crate::analysis::verdict::Judge::stage_count`] counts them.
    pub fn stage_count(&self) -> usize {
        let steps = self.records().saturating_sub(1);
        steps.div_ceil(stage_steps(self.step_weeks))
    }

    /// The indices (in `params`) of the parameters that vary.
    pub fn uncertain(&self) -> Vec<usize> {
        (0..self.params.len())
            .filter(|&i| self.params[i].varies())
            .collect()
    }

    /// Sets `scenario` to run `index`'s draw.
    fn draw(&self, index: u64, scenario: &mut Scenario) {
        for (d, (spec, uncertain)) in SPECS.iter().zip(&self.params).enumerate() {
            let value = if uncertain.varies() {
                uncertain.at(sample::latin(self.seed, self.runs, d as u64, index))
            } else {
                uncertain.value
            };
            let _ = scenario.params.set(spec.param, value);
        }
        scenario.options.noise = self.noise_sigma.map(|sigma| Noise {
            sigma,
            seed: sample::hash3(self.seed, 0x004e_4f49_5345, index),
        });
    }

    /// Checks a plan read from a file: every parameter known, in order, with its value and
    /// range inside the parameter's range, and run options that run.
    ///
    /// # Errors
    /// [`Error::BadPart`] saying what is wrong.
    pub fn check(&self, part: &str) -> Result<(), Error> {
        let bad = |why: String| Error::BadPart {
            part: part.into(),
            why,
        };
        if self.params.len() != SPECS.len() {
            return Err(bad(format!(
                "it has {} parameters, not {}",
                self.params.len(),
                SPECS.len()
            )));
        }
        for (spec, p) in SPECS.iter().zip(&self.params) {
            if p.id != spec.id {
                return Err(bad(format!(
                    "expected `{}` where it has `{}`",
                    spec.id,
                    crate::error::quoted(&p.id)
                )));
            }
            for value in [p.value, p.lo, p.hi] {
                spec.check(value).map_err(|e| bad(e.to_string()))?;
            }
            if p.lo > p.hi {
                return Err(bad(format!("`{}` has LO above HI", spec.id)));
            }
        }
        if !(1..=MAX_RUNS).contains(&self.runs) {
            return Err(bad(format!(
                "runs = {} is outside 1 to {MAX_RUNS}",
                self.runs
            )));
        }
        self.scenario()
            .options
            .steps()
            .map(|_| ())
            .map_err(|e| bad(e.to_string()))
    }
}

/// Everything counted over runs: integers only, so parts add up exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub runs: u64,
    /// Runs by whole-run bottleneck: each layer in loop order, then none.
    pub bottleneck: Vec<u64>,
    /// The same per year.
    pub stages: Vec<Vec<u64>>,
    /// Runs by binding layer, per record (week).
    pub binding: Vec<Vec<u32>>,
    /// Per band metric ([`BANDS`]), per record.
    pub bands: Vec<Vec<Histogram>>,
    pub goal: Histogram,
    /// Runs by (uncertain parameter, fine position bin, bottleneck).
    pub fine: Vec<u32>,
    /// Runs by (pair of uncertain parameters, coarse cell, bottleneck).
    pub pairs: Vec<u32>,
}

/// The band metrics, as the CSV names them.
pub const BANDS: [&str; 5] = [
    "served_requests",
    "paid_requests",
    "users",
    "pool",
    "loop_gain",
];

impl Tally {
    /// An empty tally shaped for `plan`.
    pub fn new(plan: &Plan) -> Tally {
        let records = plan.records();
        let dimensions = plan.uncertain().len();
        let judged = plan.verdicts != Verdicts::None;
        Tally {
            runs: 0,
            bottleneck: if judged { vec![0; LABELS] } else { Vec::new() },
            stages: if plan.verdicts == Verdicts::Stages {
                vec![vec![0; LABELS]; plan.stage_count()]
            } else {
                Vec::new()
            },
            binding: vec![vec![0; Layer::COUNT]; records],
            bands: vec![vec![Histogram::default(); records]; BANDS.len()],
            goal: Histogram::default(),
            fine: if judged {
                vec![0; dimensions * rules::FINE * LABELS]
            } else {
                Vec::new()
            },
            pairs: if judged {
                vec![0; rules::pair_count(dimensions) * rules::COARSE * rules::COARSE * LABELS]
            } else {
                Vec::new()
            },
        }
    }

    /// Adds another tally of the same plan.
    ///
    /// # Errors
    /// [`Error::BadPart`] when the shapes differ.
    pub fn merge(&mut self, other: &Tally) -> Result<(), Error> {
        let shape = |t: &Tally| {
            (
                t.bottleneck.len(),
                t.stages.len(),
                t.binding.len(),
                t.bands.len(),
                t.fine.len(),
                t.pairs.len(),
            )
        };
        if shape(self) != shape(other)
            || other.bands.iter().any(|b| b.len() != self.binding.len())
            || other.stages.iter().any(|s| s.len() != LABELS)
            || other.binding.iter().any(|b| b.len() != Layer::COUNT)
        {
            return Err(Error::BadPart {
                part: "tally".into(),
                why: "its counts do not have the plan's shape".into(),
            });
        }
        self.runs += other.runs;
        add(&mut self.bottleneck, &other.bottleneck);
        for (a, b) in self.stages.iter_mut().zip(&other.stages) {
            add(a, b);
        }
        for (a, b) in self.binding.iter_mut().zip(&other.binding) {
            add(a, b);
        }
        for (a, b) in self.bands.iter_mut().zip(&other.bands) {
            for (h, g) in a.iter_mut().zip(b) {
                h.merge(g);
            }
        }
        self.goal.merge(&other.goal);
        add(&mut self.fine, &other.fine);
        add(&mut self.pairs, &other.pairs);
        Ok(())
    }

    /// The same counts with histograms trimmed: the form written, so equal tallies print the
    /// same bytes however they were built.
    pub fn trimmed(&self) -> Tally {
        let mut t = self.clone();
        for band in &mut t.bands {
            for h in band {
                *h = h.trimmed();
            }
        }
        t.goal = t.goal.trimmed();
        t
    }
}

impl Tally {
    /// The counts as little-endian bytes, for a page's workers to hand over without a text
    /// round trip: runs, then each table with its length before it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = b"FWT1".to_vec();
        out.extend(self.runs.to_le_bytes());
        let words = |out: &mut Vec<u8>, n: usize| out.extend((n as u64).to_le_bytes());
        words(&mut out, self.bottleneck.len());
        self.bottleneck
            .iter()
            .for_each(|c| out.extend(c.to_le_bytes()));
        words(&mut out, self.stages.len());
        for stage in &self.stages {
            words(&mut out, stage.len());
            stage.iter().for_each(|c| out.extend(c.to_le_bytes()));
        }
        words(&mut out, self.binding.len());
        for week in &self.binding {
            words(&mut out, week.len());
            week.iter().for_each(|c| out.extend(c.to_le_bytes()));
        }
        words(&mut out, self.bands.len());
        for band in &self.bands {
            words(&mut out, band.len());
            for h in band {
                histogram_bytes(&mut out, &h.trimmed());
            }
        }
        histogram_bytes(&mut out, &self.goal.trimmed());
        for table in [&self.fine, &self.pairs] {
            words(&mut out, table.len());
            table.iter().for_each(|c| out.extend(c.to_le_bytes()));
        }
        out
    }

    /// Reads [`Tally::to_bytes`] for `plan`, checking every length against the plan's shape.
    ///
    /// # Errors
    /// [`Error::BadPart`] when the bytes are not a tally of this plan.
    pub fn from_bytes(plan: &Plan, bytes: &[u8]) -> Result<Tally, Error> {
        let bad = || Error::BadPart {
            part: "tally".into(),
            why: "its bytes are not the counts of this ensemble".into(),
        };
        let mut r = Reader { bytes, at: 0 };
        if r.take(4).ok_or_else(bad)? != b"FWT1" {
            return Err(bad());
        }
        let expected = Tally::new(plan);
        let runs = r.u64().ok_or_else(bad)?;
        let mut tally = Tally {
            runs,
            ..expected.clone()
        };
        let length = |r: &mut Reader, n: usize| match r.u64() {
            Some(m) if m == n as u64 => Ok(()),
            _ => Err(bad()),
        };
        length(&mut r, expected.bottleneck.len())?;
        for c in &mut tally.bottleneck {
            *c = r.u64().ok_or_else(bad)?;
        }
        length(&mut r, expected.stages.len())?;
        for stage in &mut tally.stages {
            length(&mut r, LABELS)?;
            for c in stage {
                *c = r.u64().ok_or_else(bad)?;
            }
        }
        length(&mut r, expected.binding.len())?;
        for week in &mut tally.binding {
            length(&mut r, Layer::COUNT)?;
            for c in week {
                *c = r.u32().ok_or_else(bad)?;
            }
        }
        length(&mut r, expected.bands.len())?;
        for band in &mut tally.bands {
            length(&mut r, band.len())?;
            for h in band {
                *h = r.histogram().ok_or_else(bad)?;
            }
        }
        tally.goal = r.histogram().ok_or_else(bad)?;
        for table in [&mut tally.fine, &mut tally.pairs] {
            length(&mut r, table.len())?;
            for c in table.iter_mut() {
                *c = r.u32().ok_or_else(bad)?;
            }
        }
        if r.at != bytes.len() {
            return Err(bad());
        }
        Ok(tally)
    }
}

fn histogram_bytes(out: &mut Vec<u8>, h: &Histogram) {
    out.extend(h.from.to_le_bytes());
    out.extend(h.not_finite.to_le_bytes());
    out.extend((h.counts.len() as u64).to_le_bytes());
    h.counts.iter().for_each(|c| out.extend(c.to_le_bytes()));
}

/// Little-endian reading that fails, rather than panics, past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn histogram(&mut self) -> Option<Histogram> {
        let from = i64::from_le_bytes(self.take(8)?.try_into().ok()?);
        let not_finite = self.u32()?;
        let n = usize::try_from(self.u64()?).ok()?;
        // Each count takes four bytes: a length beyond what is left is a lie.
        if n > (self.bytes.len() - self.at) / 4 {
            return None;
        }
        let counts = (0..n).map(|_| self.u32()).collect::<Option<Vec<u32>>>()?;
        let h = Histogram {
            from,
            counts,
            not_finite,
        };
        h.plausible().then_some(h)
    }
}

fn add<T: Copy + std::ops::AddAssign>(a: &mut [T], b: &[T]) {
    for (x, &y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// The label of a verdict: the layer's index, or `Layer::COUNT` for none.
fn label(v: &Verdict) -> usize {
    v.bottleneck().map_or(Layer::COUNT, Layer::index)
}

/// The goal a run reached, counted from week 0.
pub fn goal_of(run: &Run, scenario: &Scenario) -> f64 {
    goal_reached(&run.final_state, scenario)
}

/// The goal a run that ended in `end` reached, counted from week 0.
fn goal_reached(end: &State, scenario: &Scenario) -> f64 {
    let index = scenario.options.goal.state_index();
    end[index] - Model::new(&scenario.params).initial_state()[index]
}

/// Runs whose band values a worker holds before it adds them to the histograms: adding one
/// run's values touches every histogram once and misses the cache each time, while adding a
/// batch keeps each histogram hot for the batch.
const BATCH: usize = 128;

/// A thread's own scenario and run, reused from run to run, and its batch of band values.
struct Worker {
    scenario: Scenario,
    /// Per band metric and record, the values of the batch's runs, `BATCH` slots each, so that
    /// each histogram reads its values in a row.
    batch: Vec<f64>,
    /// Runs in the batch.
    filled: usize,
    /// Band metrics × records.
    stride: usize,
}

impl Worker {
    fn new(plan: &Plan) -> Worker {
        let stride = BANDS.len() * plan.records();
        Worker {
            scenario: plan.scenario(),
            batch: vec![f64::NAN; BATCH * stride],
            filled: 0,
            stride,
        }
    }

    /// Adds the batched band values to the histograms.
    fn flush(&mut self, tally: &mut Tally) {
        let histograms = tally.bands.iter_mut().flatten();
        for (h, values) in histograms.zip(self.batch.chunks_exact(BATCH)) {
            for &value in &values[..self.filled] {
                h.add(value);
            }
        }
        self.filled = 0;
    }

    fn add(&mut self, plan: &Plan, index: u64, tally: &mut Tally) -> Result<(), Error> {
        plan.draw(index, &mut self.scenario);
        let records = self.stride / BANDS.len();
        let (batch, filled) = (&mut self.batch, self.filled);
        let mut seen = 0;
        let end = glance(&self.scenario, |w, g| {
            // Every run has one record per week; a longer one would be a bug upstream.
            if w >= records {
                return;
            }
            let values = [g.served, g.paid, g.users, g.pool, g.loop_gain];
            for (m, value) in values.into_iter().enumerate() {
                batch[(m * records + w) * BATCH + filled] = value;
            }
            tally.binding[w][g.binding.index()] += 1;
            seen = w + 1;
        })?;
        // A shorter run leaves NaN (counted apart), never another run's values.
        for m in 0..BANDS.len() {
            for w in seen..records {
                batch[(m * records + w) * BATCH + filled] = f64::NAN;
            }
        }
        self.filled += 1;
        tally.goal.add(goal_reached(&end, &self.scenario));
        tally.runs += 1;
        if self.filled == BATCH {
            self.flush(tally);
        }
        let judged = match plan.verdicts {
            Verdicts::None => return Ok(()),
            Verdicts::Whole => whole_run_verdict(&self.scenario)?,
            Verdicts::Stages => verdict(&self.scenario)?,
        };
        let whole = label(&judged);
        tally.bottleneck[whole] += 1;
        for (counts, stage) in tally.stages.iter_mut().zip(&judged.stages) {
            counts[stage.ranking.bottleneck.map_or(Layer::COUNT, Layer::index)] += 1;
        }
        let uncertain = plan.uncertain();
        let position = |d: usize| sample::latin(plan.seed, plan.runs, uncertain[d] as u64, index);
        let positions: Vec<f64> = (0..uncertain.len()).map(position).collect();
        let bin = |u: f64, bins: usize| ((u * bins as f64) as usize).min(bins - 1);
        for (d, &u) in positions.iter().enumerate() {
            tally.fine[(d * rules::FINE + bin(u, rules::FINE)) * LABELS + whole] += 1;
        }
        let mut pair = 0;
        for a in 0..positions.len() {
            for b in a + 1..positions.len() {
                let cell = bin(positions[a], rules::COARSE) * rules::COARSE
                    + bin(positions[b], rules::COARSE);
                tally.pairs[(pair * rules::COARSE * rules::COARSE + cell) * LABELS + whole] += 1;
                pair += 1;
            }
        }
        Ok(())
    }
}

/// The tally of runs `range` of `plan`, over `threads` threads (1 runs on the caller's).
///
/// # Errors
/// As [`crate::model::run::simulate`], for run options that do not run.
pub fn tally(plan: &Plan, range: Range<u64>, threads: usize) -> Result<Tally, Error> {
    let threads = threads.max(1);
    if threads == 1 {
        let mut tally = Tally::new(plan);
        let mut worker = Worker::new(plan);
        for index in range {
            worker.add(plan, index, &mut tally)?;
        }
        worker.flush(&mut tally);
        return Ok(tally);
    }
    let next = AtomicU64::new(range.start);
    let total = Mutex::new(Ok(Tally::new(plan)));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut tally = Tally::new(plan);
                let mut worker = Worker::new(plan);
                let mut result = Ok(());
                loop {
                    let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                    if start >= range.end || result.is_err() {
                        break;
                    }
                    for index in start..(start + CHUNK).min(range.end) {
                        result = worker.add(plan, index, &mut tally);
                        if result.is_err() {
                            break;
                        }
                    }
                }
                worker.flush(&mut tally);
                let mut total = total.lock().unwrap_or_else(|poison| poison.into_inner());
                let merged = result.and_then(|()| match &mut *total {
                    Ok(sum) => sum.merge(&tally),
                    Err(_) => Ok(()),
                });
                if let Err(error) = merged {
                    *total = Err(error);
                }
            });
        }
    });
    total
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner())
}

/// The runs of shard `k` (1-based) of `n`: consecutive, as even as can be.
pub fn shard(runs: u64, k: u64, n: u64) -> Range<u64> {
    let at = |i: u64| (u128::from(runs) * u128::from(i) / u128::from(n)) as u64;
    at(k - 1)..at(k)
}

/// One layer's share of runs, by id, and "none".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Odds {
    pub layer: &'static str,
    pub share: f64,
    pub runs: u64,
}

fn odds(counts: &[u64]) -> Vec<Odds> {
    let total: u64 = counts.iter().sum();
    counts
        .iter()
        .enumerate()
        .map(|(i, &runs)| Odds {
            layer: Layer::ALL.get(i).map_or("none", |l| l.id()),
            share: if total > 0 {
                runs as f64 / total as f64
            } else {
                0.0
            },
            runs,
        })
        .collect()
}

/// A year's odds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageOdds {
    pub from_week: f64,
    pub to_week: f64,
    pub most_likely: Option<&'static str>,
    pub odds: Vec<Odds>,
}

/// One metric's percentiles, week by week (null where no run gave a finite value).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub metric: &'static str,
    pub p5: Vec<Option<f64>>,
    pub p25: Vec<Option<f64>>,
    pub p50: Vec<Option<f64>>,
    pub p75: Vec<Option<f64>>,
    pub p95: Vec<Option<f64>>,
}

/// The spread of the goal over runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalSpread {
    pub goal: Goal,
    pub p5: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p95: Option<f64>,
    /// Runs by range of the goal, at most 24 groups of equal width in the histogram's bins.
    pub histogram: Vec<GoalBin>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalBin {
    pub from: f64,
    pub to: f64,
    pub runs: u64,
}

/// The goal with one parameter at each end of its range and every other at its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Swing {
    pub id: String,
    pub low_value: f64,
    pub high_value: f64,
    pub goal_at_low: f64,
    pub goal_at_high: f64,
    /// |goal_at_high − goal_at_low|.
    pub swing: f64,
    /// The whole-run bottleneck at each end (absent when the plan has no verdicts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bottleneck_at_low: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bottleneck_at_high: Option<Option<String>>,
}

/// One side of a rule in words and numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub id: &'static str,
    /// "<" or ">=".
    pub op: &'static str,
    pub value: f64,
}

/// Where one layer is the bottleneck.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub layer: &'static str,
    /// The layer's share of all runs.
    pub share: f64,
    pub conditions: Vec<Condition>,
    /// Share of the layer's bottleneck runs inside the rule.
    pub coverage: f64,
    /// Share of runs inside the rule where the layer is the bottleneck.
    pub density: f64,
    /// Share of all runs inside the rule.
    pub mass: f64,
    pub text: String,
}

/// What an ensemble found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub runs: u64,
    pub seed: u64,
    pub verdicts: Verdicts,
    pub plan: Plan,
    /// Null when runs got no verdicts.
    pub bottleneck_odds: Option<Vec<Odds>>,
    pub most_likely: Option<&'static str>,
    pub stages: Vec<StageOdds>,
    pub week: Vec<f64>,
    /// Per layer, its share of runs in which it binds, week by week.
    pub binding_odds: Vec<(&'static str, Vec<f64>)>,
    pub bands: Vec<Band>,
    pub goal: GoalSpread,
    /// The goal at every parameter's value (the single run the ensemble spreads around).
    pub baseline: f64,
    pub tornado: Vec<Swing>,
    pub rules: Vec<Rule>,
}

fn most_likely(odds: &[Odds]) -> Option<&'static str> {
    odds.iter()
        .filter(|o| o.runs > 0)
        .fold(None::<&Odds>, |best, o| match best {
            Some(b) if b.runs >= o.runs => Some(b),
            _ => Some(o),
        })
        .map(|o| o.layer)
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The tornado: each varying parameter at its two ends, sorted by swing (largest first).
///
/// # Errors
/// As [`crate::model::run::simulate`].
pub fn tornado(plan: &Plan) -> Result<Vec<Swing>, Error> {
    let base = plan.scenario();
    let mut run = Run::empty();
    let mut swings = Vec::new();
    for index in plan.uncertain() {
        let (spec, p) = (&SPECS[index], &plan.params[index]);
        let mut ends: [(f64, Option<Option<String>>); 2] = [(0.0, None), (0.0, None)];
        for (end, value) in ends.iter_mut().zip([p.lo, p.hi]) {
            let mut scenario = base.clone();
            scenario.params.set(spec.param, value)?;
            run.rerun(&scenario)?;
            let bottleneck = match plan.verdicts {
                Verdicts::None => None,
                _ => Some(
                    whole_run_verdict(&scenario)?
                        .bottleneck()
                        .map(|l| l.id().to_string()),
                ),
            };
            *end = (goal_of(&run, &scenario), bottleneck);
        }
        swings.push(Swing {
            id: spec.id.to_string(),
            low_value: p.lo,
            high_value: p.hi,
            goal_at_low: ends[0].0,
            goal_at_high: ends[1].0,
            swing: (ends[1].0 - ends[0].0).abs(),
            bottleneck_at_low: ends[0].1.clone(),
            bottleneck_at_high: ends[1].1.clone(),
        });
    }
    swings.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(swings)
}

/// The rules for every layer that is the bottleneck in at least [`rules::MIN_SHARE`] of runs.
pub fn rules_of(plan: &Plan, tally: &Tally) -> Vec<Rule> {
    if tally.bottleneck.is_empty() || tally.runs == 0 {
        return Vec::new();
    }
    let uncertain = plan.uncertain();
    let mut found = Vec::new();
    for (label, &runs) in tally.bottleneck.iter().enumerate().take(Layer::COUNT) {
        let share = runs as f64 / tally.runs as f64;
        if share < rules::MIN_SHARE {
            continue;
        }
        let layer = Layer::ALL[label];
        let Some(rule) = rules::find(uncertain.len(), LABELS, &tally.fine, &tally.pairs, label)
        else {
            continue;
        };
        let conditions: Vec<Condition> = rule
            .cuts
            .iter()
            .map(|cut| {
                let index = uncertain[cut.dimension];
                Condition {
                    id: SPECS[index].id,
                    op: if cut.below { "<" } else { ">=" },
                    value: plan.params[index].at(cut.position()),
                }
            })
            .collect();
        let text = if conditions.is_empty() {
            format!(
                "{} is the bottleneck in {} of all futures, and no range of one or two \
                 parameters picks out where it is more likely",
                layer.id(),
                percent(share)
            )
        } else {
            let mut text = format!(
                "{} is the bottleneck in {} of futures where ",
                layer.id(),
                percent(rule.density)
            );
            for (i, c) in conditions.iter().enumerate() {
                let op = if c.op == "<" { "<" } else { "≥" };
                let _ = write!(
                    text,
                    "{}{} {op} {}",
                    if i > 0 { " and " } else { "" },
                    c.id,
                    round_significant(c.value, 3)
                );
            }
            let _ = write!(
                text,
                " (those futures are {} of all, and hold {} of the futures where {} is the \
                 bottleneck)",
                percent(rule.mass),
                percent(rule.coverage),
                layer.id()
            );
            text
        };
        found.push(Rule {
            layer: layer.id(),
            share,
            conditions,
            coverage: rule.coverage,
            density: rule.density,
            mass: rule.mass,
            text,
        });
    }
    found
}

fn spread_of(h: &Histogram) -> [Option<f64>; 5] {
    h.percentiles(PERCENTILES)
}

/// What the tally of all of a plan's runs says.
///
/// # Errors
/// As [`tornado`].
pub fn report(plan: &Plan, tally: &Tally) -> Result<Report, Error> {
    Ok(report_with(plan, tally, tornado(plan)?, baseline(plan)?))
}

/// The goal at every parameter's value.
///
/// # Errors
/// As [`crate::model::run::simulate`].
pub fn baseline(plan: &Plan) -> Result<f64, Error> {
    let scenario = plan.scenario();
    let mut run = Run::empty();
    run.rerun(&scenario)?;
    Ok(goal_of(&run, &scenario))
}

/// As [`report`], with the tornado and the baseline goal worked out already (a page works
/// them out once per scenario, off the main thread, while its runs stream in).
pub fn report_with(plan: &Plan, tally: &Tally, tornado: Vec<Swing>, baseline: f64) -> Report {
    Report {
        rules: rules_of(plan, tally),
        ..report_without_rules(plan, tally, tornado, baseline)
    }
}

/// As [`report_with`] but with no rules: for a page redrawing while runs stream in, which
/// finds the rules once, at the end.
pub fn report_without_rules(
    plan: &Plan,
    tally: &Tally,
    tornado: Vec<Swing>,
    baseline: f64,
) -> Report {
    let share = |count: u32| {
        if tally.runs > 0 {
            f64::from(count) / tally.runs as f64
        } else {
            0.0
        }
    };
    let bottleneck_odds = (!tally.bottleneck.is_empty()).then(|| odds(&tally.bottleneck));
    let steps = plan.records().saturating_sub(1);
    let per_stage = stage_steps(plan.step_weeks);
    let stages = tally
        .stages
        .iter()
        .enumerate()
        .map(|(i, counts)| {
            let odds = odds(counts);
            StageOdds {
                from_week: (i * per_stage).min(steps) as f64 * plan.step_weeks,
                to_week: ((i + 1) * per_stage).min(steps) as f64 * plan.step_weeks,
                most_likely: most_likely(&odds),
                odds,
            }
        })
        .collect();
    let bands = BANDS
        .iter()
        .zip(&tally.bands)
        .map(|(&metric, weeks)| {
            let at = |k: usize| weeks.iter().map(|h| spread_of(h)[k]).collect();
            Band {
                metric,
                p5: at(0),
                p25: at(1),
                p50: at(2),
                p75: at(3),
                p95: at(4),
            }
        })
        .collect();
    let [p5, p25, p50, p75, p95] = spread_of(&tally.goal);
    Report {
        runs: tally.runs,
        seed: plan.seed,
        verdicts: plan.verdicts,
        plan: plan.clone(),
        most_likely: bottleneck_odds.as_deref().and_then(most_likely),
        bottleneck_odds,
        stages,
        week: (0..tally.binding.len())
            .map(|w| w as f64 * plan.step_weeks)
            .collect(),
        binding_odds: Layer::ALL
            .iter()
            .map(|layer| {
                (
                    layer.id(),
                    tally
                        .binding
                        .iter()
                        .map(|c| share(c[layer.index()]))
                        .collect(),
                )
            })
            .collect(),
        bands,
        goal: GoalSpread {
            goal: plan.goal,
            p5,
            p25,
            p50,
            p75,
            p95,
            histogram: tally
                .goal
                .groups(24)
                .into_iter()
                .map(|(from, to, runs)| GoalBin { from, to, runs })
                .collect(),
        },
        baseline,
        tornado,
        rules: Vec::new(),
    }
}

impl Report {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// One row per week: each band's percentiles and each layer's odds of binding.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("week");
        for band in &self.bands {
            for p in PERCENTILES {
                let _ = write!(out, ",{}_p{p:.0}", band.metric);
            }
        }
        for (layer, _) in &self.binding_odds {
            let _ = write!(out, ",binds_{layer}");
        }
        out.push('\n');
        let cell = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
        for (w, week) in self.week.iter().enumerate() {
            let _ = write!(out, "{week}");
            for band in &self.bands {
                for column in [&band.p5, &band.p25, &band.p50, &band.p75, &band.p95] {
                    let _ = write!(out, ",{}", cell(column[w]));
                }
            }
            for (_, shares) in &self.binding_odds {
                let _ = write!(out, ",{}", shares[w]);
            }
            out.push('\n');
        }
        out
    }
}

/// A shard's output: its plan, which part it is, and its counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub flywheel_ensemble_part: u32,
    pub shard: u64,
    pub shards: u64,
    pub plan: Plan,
    pub tally: Tally,
}

impl Part {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a part written by `--shard`.
    ///
    /// # Errors
    /// [`Error::BadPart`] naming the part and what is wrong with it.
    pub fn read(name: &str, text: &str) -> Result<Part, Error> {
        let part: Part = serde_json::from_str(text).map_err(|e| Error::BadPart {
            part: name.into(),
            why: format!(
                "not an ensemble part ({})",
                crate::error::quoted(&e.to_string())
            ),
        })?;
        let bad = |why: String| Error::BadPart {
            part: name.into(),
            why,
        };
        if part.flywheel_ensemble_part != 1 {
            return Err(bad(format!(
                "format version {} (this flywheel reads 1)",
                part.flywheel_ensemble_part
            )));
        }
        if part.shards == 0 || part.shard == 0 || part.shard > part.shards {
            return Err(bad(format!(
                "shard {}/{} does not exist",
                part.shard, part.shards
            )));
        }
        if part.shards > MAX_SHARDS.min(part.plan.runs) {
            return Err(bad(format!(
                "{} shards is more than its {} runs or {MAX_SHARDS}",
                part.shards, part.plan.runs
            )));
        }
        let histograms = part.tally.bands.iter().flatten().chain([&part.tally.goal]);
        if !histograms.into_iter().all(Histogram::plausible) {
            return Err(bad("a histogram has bins no number can fall in".into()));
        }
        part.plan.check(name)?;
        let mut empty = Tally::new(&part.plan);
        empty
            .merge(&part.tally)
            .map_err(|_| bad("its counts do not have the shape its plan gives".into()))?;
        let expected = shard(part.plan.runs, part.shard, part.shards);
        if part.tally.runs != expected.end - expected.start {
            return Err(bad(format!(
                "it counts {} runs where shard {}/{} has {}",
                part.tally.runs,
                part.shard,
                part.shards,
                expected.end - expected.start
            )));
        }
        Ok(part)
    }
}

/// Combines every shard of one plan into its tally.
///
/// # Errors
/// [`Error::BadPart`] for parts of different plans or shard counts, a shard given twice, or
/// a shard missing.
pub fn merge(parts: &[(String, Part)]) -> Result<(Plan, Tally), Error> {
    let Some((first_name, first)) = parts.first() else {
        return Err(Error::BadPart {
            part: String::new(),
            why: "no parts were given".into(),
        });
    };
    let mut seen = vec![false; first.shards.min(MAX_SHARDS) as usize];
    let mut tally = Tally::new(&first.plan);
    for (name, part) in parts {
        let bad = |why: String| Error::BadPart {
            part: name.clone(),
            why,
        };
        if part.plan != first.plan || part.shards != first.shards {
            return Err(bad(format!(
                "it is of another ensemble than {}",
                crate::error::quoted(first_name)
            )));
        }
        let Some(slot) = part
            .shard
            .checked_sub(1)
            .and_then(|i| seen.get_mut(i as usize))
        else {
            return Err(bad(format!(
                "shard {}/{} does not exist",
                part.shard, part.shards
            )));
        };
        if *slot {
            return Err(bad(format!(
                "shard {}/{} is given twice",
                part.shard, part.shards
            )));
        }
        *slot = true;
        tally.merge(&part.tally)?;
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(Error::BadPart {
            part: first_name.clone(),
            why: format!("shard {}/{} is missing", missing + 1, first.shards),
        });
    }
    Ok((first.plan.clone(), tally))
}
