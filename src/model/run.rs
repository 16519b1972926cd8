//! Running a scenario through time: the integration loop and the recorded series of a run.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::integrate::System;
use crate::model::layer::Layer;
use crate::model::scenario::{RunOptions, Scenario};
use crate::model::{
    trust_level, Flows, LayerRecord, Model, State, PAID_TOTAL, PAYMENTS_TOTAL, PAYOUTS_TOTAL,
    PROTOCOL_TOTAL, STATE_LEN,
};

/// The series of one layer, one value per recorded time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerSeries {
    pub layer: Layer,
    /// The layer's stock, in [`Layer::stock_unit`].
    pub stock: Vec<f64>,
    /// What is asked of the layer, in [`Layer::flow_unit`].
    pub demand: Vec<f64>,
    /// What gets through the layer.
    pub served: Vec<f64>,
    /// What the layer can do.
    pub capacity: Vec<f64>,
    /// `demand / capacity`, capped at [`UTILIZATION_CAP`]: above 1 the layer is the tight spot
    /// (for users: supply waits for them; for incentives: payouts fall short of upkeep).
    pub utilization: Vec<f64>,
    /// `demand - served`: what the layer could not pass.
    pub lost: Vec<f64>,
}

impl LayerSeries {
    /// The six series with their names, in the order of the CSV columns.
    pub fn fields(&self) -> [(&'static str, &[f64]); 6] {
        [
            ("stock", &self.stock),
            ("demand", &self.demand),
            ("served", &self.served),
            ("capacity", &self.capacity),
            ("utilization", &self.utilization),
            ("lost", &self.lost),
        ]
    }

    /// Calls `f` on every column.
    fn for_each_column(&mut self, mut f: impl FnMut(&mut Vec<f64>)) {
        for column in [
            &mut self.stock,
            &mut self.demand,
            &mut self.served,
            &mut self.capacity,
            &mut self.utilization,
            &mut self.lost,
        ] {
            f(column);
        }
    }
}

/// The money of a run, in $ per week unless named cumulative ($).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneySeries {
    /// Payments reaching the network.
    pub payments: Vec<f64>,
    /// Money in the incentive pool ($).
    pub pool: Vec<f64>,
    /// Payouts from the pool, in total and to compute, models, applications, verification.
    pub payouts: Vec<f64>,
    pub payouts_compute: Vec<f64>,
    pub payouts_models: Vec<f64>,
    pub payouts_applications: Vec<f64>,
    pub payouts_verification: Vec<f64>,
    /// The protocol's share of payments.
    pub protocol: Vec<f64>,
    pub cumulative_payments: Vec<f64>,
    pub cumulative_payouts: Vec<f64>,
    pub cumulative_protocol: Vec<f64>,
}

impl MoneySeries {
    /// The eleven series with their names, in the order of the CSV columns.
    pub fn fields(&self) -> [(&'static str, &[f64]); 11] {
        [
            ("payments", &self.payments),
            ("pool", &self.pool),
            ("payouts", &self.payouts),
            ("payouts_compute", &self.payouts_compute),
            ("payouts_models", &self.payouts_models),
            ("payouts_applications", &self.payouts_applications),
            ("payouts_verification", &self.payouts_verification),
            ("protocol", &self.protocol),
            ("cumulative_payments", &self.cumulative_payments),
            ("cumulative_payouts", &self.cumulative_payouts),
            ("cumulative_protocol", &self.cumulative_protocol),
        ]
    }

    /// Calls `f` on every column.
    fn for_each_column(&mut self, mut f: impl FnMut(&mut Vec<f64>)) {
        for column in [
            &mut self.payments,
            &mut self.pool,
            &mut self.payouts,
            &mut self.payouts_compute,
            &mut self.payouts_models,
            &mut self.payouts_applications,
            &mut self.payouts_verification,
            &mut self.protocol,
            &mut self.cumulative_payments,
            &mut self.cumulative_payouts,
            &mut self.cumulative_protocol,
        ] {
            f(column);
        }
    }
}

/// Every series of a run, recorded at the start of each step and at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Time of each record (weeks).
    pub week: Vec<f64>,
    /// One entry per layer, in loop order.
    pub layers: Vec<LayerSeries>,
    pub money: MoneySeries,
    /// Requests served end to end and paid (requests/week).
    pub served_requests: Vec<f64>,
    pub paid_requests: Vec<f64>,
    /// Cumulative paid requests, the goal metric (requests).
    pub cumulative_paid_requests: Vec<f64>,
    /// Share of users' wanted demand that is served.
    pub served_fraction: Vec<f64>,
    /// Share of sensitive demand users entrust to the network.
    pub trust_level: Vec<f64>,
    /// See [`Model::loop_gain`].
    pub loop_gain: Vec<f64>,
    /// The layer with the highest utilization at each record (the first in loop order on a tie).
    pub binding: Vec<Layer>,
}

impl Series {
    /// Calls `f` on every column of numbers.
    fn for_each_column(&mut self, mut f: impl FnMut(&mut Vec<f64>)) {
        for column in [
            &mut self.week,
            &mut self.served_requests,
            &mut self.paid_requests,
            &mut self.cumulative_paid_requests,
            &mut self.served_fraction,
            &mut self.trust_level,
            &mut self.loop_gain,
        ] {
            f(column);
        }
        for layer in &mut self.layers {
            layer.for_each_column(&mut f);
        }
        self.money.for_each_column(&mut f);
    }
}

/// A scenario's series with its state at the end.
#[derive(Debug, Clone)]
pub struct Run {
    pub series: Series,
    /// Week-0 pool, for the money balance.
    pub initial_pool: f64,
    pub final_state: State,
    /// The state and flows at every record, kept between reruns to reuse their memory.
    samples: Vec<(State, Flows)>,
}

/// Utilization is capped here so a layer with no capacity at all reads as a large finite number.
pub const UTILIZATION_CAP: f64 = 1000.0;

/// `demand / capacity`, finite: 0 with no demand, [`UTILIZATION_CAP`] at most.
pub fn utilization(demand: f64, capacity: f64) -> f64 {
    if demand <= 0.0 {
        0.0
    } else if capacity <= 0.0 {
        UTILIZATION_CAP
    } else {
        (demand / capacity).min(UTILIZATION_CAP)
    }
}

/// The model with its inputs held for one step, relieved or not.
struct Held<'a, const RELIEVED: bool> {
    model: &'a Model,
    demand_factor: f64,
}

impl<const RELIEVED: bool> System<STATE_LEN> for Held<'_, RELIEVED> {
    #[inline(always)]
    fn derivatives(&self, y: &State, dy: &mut State) {
        let flows = self.model.flows_with::<RELIEVED>(y, self.demand_factor);
        self.model.rates(y, &flows, dy);
    }
}

/// Integrates `model` over the scenario's horizon, calling `observe(state, flows)` for the
/// start of every step and once at the end. Returns the final state.
///
/// # Errors
/// As [`crate::model::scenario::RunOptions::steps`].
pub(crate) fn integrate(
    scenario: &Scenario,
    model: &Model,
    demand_factors: &[f64],
    mut observe: impl FnMut(&State, &Flows),
) -> Result<State, Error> {
    let options = &scenario.options;
    let steps = options.steps()?;
    let mut y = model.initial_state();
    advance(
        options,
        model,
        demand_factors,
        &mut y,
        0..steps,
        &mut observe,
    );
    let end = steps as f64 * options.step_weeks;
    observe(&y, &model.flows(&y, factor_at(demand_factors, end)));
    Ok(y)
}

/// The noise multiplier of the week that `week` falls in: the factor of `floor(week)`, the last
/// one past the end, 1 without noise.
#[inline(always)]
fn factor_at(demand_factors: &[f64], week: f64) -> f64 {
    match demand_factors.len() {
        0 => 1.0,
        n => demand_factors[((week + 1e-9).floor() as usize).min(n - 1)],
    }
}

/// Advances `y` through the steps `steps` (step `k` starts at week `k × step_weeks`), calling
/// `observe(state, flows)` with the start of each step.
pub fn advance(
    options: &RunOptions,
    model: &Model,
    demand_factors: &[f64],
    y: &mut State,
    steps: std::ops::Range<usize>,
    mut observe: impl FnMut(&State, &Flows),
) {
    advance_any(options, model, demand_factors, y, steps, &mut observe);
}

/// [`advance`] compiled once for every caller: the program holds one copy of the integration
/// loop for plain runs and one for relieved runs, which keeps the wasm small (a copy inlined
/// per caller measured 9 KB gzipped more) at the cost of an indirect call per step.
#[inline(never)]
fn advance_any(
    options: &RunOptions,
    model: &Model,
    demand_factors: &[f64],
    y: &mut State,
    steps: std::ops::Range<usize>,
    observe: &mut dyn FnMut(&State, &Flows),
) {
    if model.is_relieved() {
        advance_with::<true>(options, model, demand_factors, y, steps, observe);
    } else {
        advance_with::<false>(options, model, demand_factors, y, steps, observe);
    }
}

#[inline(always)]
fn advance_with<const RELIEVED: bool>(
    options: &RunOptions,
    model: &Model,
    demand_factors: &[f64],
    y: &mut State,
    steps: std::ops::Range<usize>,
    observe: &mut dyn FnMut(&State, &Flows),
) {
    let dt = options.step_weeks;
    let mut k1 = [0.0; STATE_LEN];
    for k in steps {
        let demand_factor = factor_at(demand_factors, k as f64 * dt);
        let start = *y;
        let flows = model.flows_with::<RELIEVED>(&start, demand_factor);
        model.rates(&start, &flows, &mut k1);
        let held = Held::<RELIEVED> {
            model,
            demand_factor,
        };
        options.integrator.step(&held, y, &k1, dt);
        model.clamp(y);
        // Recorded after the step, though it describes the step's start: the record's work
        // does not depend on the step, so the processor does it while the step's chain of
        // dependent arithmetic is still in flight instead of before that chain begins.
        observe(&start, &flows);
    }
}

/// The demand multipliers of a scenario's noise, empty without noise.
pub fn demand_factors(scenario: &Scenario) -> Vec<f64> {
    scenario
        .options
        .noise
        .map(|noise| noise.weekly_factors(scenario.options.weeks as usize))
        .unwrap_or_default()
}

/// Runs a scenario and records every series.
///
/// # Errors
/// [`Error::BadRunOption`] for a step, horizon or noise level out of bounds.
pub fn simulate(scenario: &Scenario) -> Result<Run, Error> {
    let mut run = Run::empty();
    run.rerun(scenario)?;
    Ok(run)
}

impl Run {
    /// A run with no records, to be filled by [`Run::rerun`].
    pub fn empty() -> Run {
        let column = Vec::new;
        Run {
            series: Series {
                week: column(),
                layers: Layer::ALL
                    .map(|layer| LayerSeries {
                        layer,
                        stock: column(),
                        demand: column(),
                        served: column(),
                        capacity: column(),
                        utilization: column(),
                        lost: column(),
                    })
                    .to_vec(),
                money: MoneySeries {
                    payments: column(),
                    pool: column(),
                    payouts: column(),
                    payouts_compute: column(),
                    payouts_models: column(),
                    payouts_applications: column(),
                    payouts_verification: column(),
                    protocol: column(),
                    cumulative_payments: column(),
                    cumulative_payouts: column(),
                    cumulative_protocol: column(),
                },
                served_requests: column(),
                paid_requests: column(),
                cumulative_paid_requests: column(),
                served_fraction: column(),
                trust_level: column(),
                loop_gain: column(),
                binding: Vec::new(),
            },
            initial_pool: 0.0,
            final_state: [0.0; STATE_LEN],
            samples: Vec::new(),
        }
    }

    /// Runs `scenario` in place of this run, reusing its memory: what a page does on every
    /// change of a parameter. The result equals [`simulate`]'s. On an error the run is unchanged.
    ///
    /// # Errors
    /// As [`simulate`].
    pub fn rerun(&mut self, scenario: &Scenario) -> Result<(), Error> {
        let records = scenario.options.steps()? + 1;
        let model = Model::new(&scenario.params);
        let factors = demand_factors(scenario);
        let s = &mut self.series;
        s.for_each_column(|column| {
            column.clear();
            column.reserve(records);
        });
        // The integration loop only copies each record's state and flows. The columns are
        // written afterwards, a block of records at a time, so that the block read back once
        // per column stays in the nearest cache. Criterion medians of a default rerun: every
        // column written inside the loop 49.7 us, all samples read back once per column 46.1 us,
        // by blocks 44.7 us.
        let samples = &mut self.samples;
        samples.clear();
        samples.reserve(records);
        let final_state = integrate(scenario, &model, &factors, |y, f| samples.push((*y, *f)))?;
        for block in samples.chunks(RECORD_BLOCK) {
            write_block(&model, s, block);
        }

        let dt = scenario.options.step_weeks;
        s.week.extend((0..records).map(|k| k as f64 * dt));
        // Each column is filled by one `extend` from an iterator of known length, which writes
        // without a length check per value (pushing measured several times slower here).
        for layer in &mut s.layers {
            let (demand, served, capacity) = (&layer.demand, &layer.served, &layer.capacity);
            let loads = demand
                .iter()
                .zip(capacity)
                .map(|(&d, &c)| utilization(d, c));
            layer.utilization.extend(loads);
            let lost = demand.iter().zip(served).map(|(&d, &s)| (d - s).max(0.0));
            layer.lost.extend(lost);
        }
        // The binding layer of each record: the first in loop order with the highest utilization.
        s.binding.clear();
        s.binding.resize(records, Layer::Compute);
        let mut highest = vec![f64::NEG_INFINITY; records];
        for layer in &s.layers {
            let loads = layer.utilization.iter();
            for ((binding, highest), &load) in s.binding.iter_mut().zip(&mut highest).zip(loads) {
                if load > *highest {
                    (*binding, *highest) = (layer.layer, load);
                }
            }
        }
        let money = &mut s.money;
        let to = [
            &mut money.payouts_compute,
            &mut money.payouts_models,
            &mut money.payouts_applications,
            &mut money.payouts_verification,
        ];
        for (column, share) in to.into_iter().zip(model.payouts_to(1.0)) {
            column.extend(money.payouts.iter().map(|total| share * total));
        }
        // Sensitive demand is what reaches verification; what users entrust is what trust passes.
        let sensitive = &s.layers[Layer::Verification.index()].demand;
        let entrusted = &s.layers[Layer::Trust.index()].served;
        s.trust_level.extend(
            entrusted
                .iter()
                .zip(sensitive)
                .map(|(&e, &s)| trust_level(e, s)),
        );
        self.initial_pool = model.initial_state()[Layer::Incentives.index()];
        self.final_state = final_state;
        Ok(())
    }
}

/// What an ensemble keeps of one record: a few numbers, each the same as the series' value
/// of that record (`served_requests`, `paid_requests`, the users stock, `money.pool`,
/// `loop_gain`, `binding`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glance {
    pub served: f64,
    pub paid: f64,
    pub users: f64,
    pub pool: f64,
    pub loop_gain: f64,
    pub binding: Layer,
}

/// Runs a scenario without writing any series, calling `glance(record, &Glance)` for every
/// record in order; returns the final state. For many runs that keep a few numbers of each.
///
/// # Errors
/// As [`simulate`].
pub fn glance(scenario: &Scenario, mut glance: impl FnMut(usize, &Glance)) -> Result<State, Error> {
    let model = Model::new(&scenario.params);
    let factors = demand_factors(scenario);
    let mut record = 0;
    integrate(scenario, &model, &factors, |y, f| {
        let layers = model.layers(y, f);
        // As `Run::rerun`: the first layer in loop order with the highest utilization.
        let mut binding = (Layer::Compute, f64::NEG_INFINITY);
        for layer in Layer::ALL {
            let i = layer.index();
            let load = utilization(layers.demand[i], layers.capacity[i]);
            if load > binding.1 {
                binding = (layer, load);
            }
        }
        glance(
            record,
            &Glance {
                served: f.served,
                paid: f.paid,
                users: y[Layer::Users.index()],
                pool: y[Layer::Incentives.index()],
                loop_gain: model.loop_gain(f),
                binding: binding.0,
            },
        );
        record += 1;
    })
}

/// Records written out together: 32 states and flows take about 10 KB.
const RECORD_BLOCK: usize = 32;

/// Appends a block of records to the columns that come straight from the state, the flows and
/// the per-layer figures. The columns derived from these are computed column by column after
/// the run.
fn write_block(model: &Model, s: &mut Series, block: &[(State, Flows)]) {
    let mut layers = [LayerRecord::default(); RECORD_BLOCK];
    for (record, (y, f)) in layers.iter_mut().zip(block) {
        *record = model.layers(y, f);
    }
    let layers = &layers[..block.len()];
    for (i, layer) in s.layers.iter_mut().enumerate() {
        layer.stock.extend(block.iter().map(|(y, _)| y[i]));
        layer.demand.extend(layers.iter().map(|r| r.demand[i]));
        layer.served.extend(layers.iter().map(|r| r.served[i]));
        layer.capacity.extend(layers.iter().map(|r| r.capacity[i]));
    }
    let money = &mut s.money;
    money.payments.extend(block.iter().map(|(_, f)| f.payments));
    money
        .pool
        .extend(block.iter().map(|(y, _)| y[Layer::Incentives.index()]));
    money.payouts.extend(block.iter().map(|(_, f)| f.payouts));
    money.protocol.extend(block.iter().map(|(_, f)| f.protocol));
    money
        .cumulative_payments
        .extend(block.iter().map(|(y, _)| y[PAYMENTS_TOTAL]));
    money
        .cumulative_payouts
        .extend(block.iter().map(|(y, _)| y[PAYOUTS_TOTAL]));
    money
        .cumulative_protocol
        .extend(block.iter().map(|(y, _)| y[PROTOCOL_TOTAL]));
    s.served_requests
        .extend(block.iter().map(|(_, f)| f.served));
    s.paid_requests.extend(block.iter().map(|(_, f)| f.paid));
    s.cumulative_paid_requests
        .extend(block.iter().map(|(y, _)| y[PAID_TOTAL]));
    s.served_fraction
        .extend(block.iter().map(|(_, f)| f.served_fraction));
    s.loop_gain
        .extend(block.iter().map(|(_, f)| model.loop_gain(f)));
}

impl Run {
    /// Relative error of the money balance at the end:
    /// `(initial pool + payments) - (payouts + pool + protocol)`, over the money that moved.
    pub fn money_residual(&self) -> f64 {
        let y = &self.final_state;
        let came_in = self.initial_pool + y[PAYMENTS_TOTAL];
        let went = y[PAYOUTS_TOTAL] + y[Layer::Incentives.index()] + y[PROTOCOL_TOTAL];
        (came_in - went).abs() / came_in.abs().max(1.0)
    }
}
