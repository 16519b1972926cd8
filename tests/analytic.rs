//! Analytic checks: a stock with no inflow decays as exp(-t/tau) under both integrators, with
//! the convergence order each promises, and the smooth minimum's stated properties.
#![cfg(not(target_arch = "wasm32"))]

use flywheel::model::integrate::{Integrator, System};
use flywheel::model::run::simulate;
use flywheel::model::{pass_share, smooth_min, smooth_min_and_slope, CONGESTION_WINDOW};
use flywheel::Scenario;

/// GPUs over time in a scenario where compute receives no payouts: pure depreciation.
fn unfunded_gpus(
    integrator: Integrator,
    step_weeks: f64,
    lifetime_weeks: f64,
) -> (Vec<f64>, Vec<f64>) {
    let mut scenario = Scenario::default();
    scenario
        .apply([
            "compute.payout_share=0",
            &format!("compute.lifetime_weeks={lifetime_weeks}"),
        ])
        .unwrap();
    scenario.options.integrator = integrator;
    scenario.options.step_weeks = step_weeks;
    let run = simulate(&scenario).unwrap();
    let gpus = run.series.layers[0].stock.clone();
    (run.series.week, gpus)
}

fn max_relative_error(integrator: Integrator, step_weeks: f64, lifetime_weeks: f64) -> f64 {
    let (weeks, gpus) = unfunded_gpus(integrator, step_weeks, lifetime_weeks);
    let start = gpus[0];
    weeks
        .iter()
        .zip(&gpus)
        .map(|(t, g)| {
            let exact = start * (-t / lifetime_weeks).exp();
            ((g - exact) / exact).abs()
        })
        .fold(0.0, f64::max)
}

#[test]
fn unfunded_compute_decays_exponentially_under_rk4() {
    // Local error per step ~ (dt/tau)^5 / 120: with dt = 1 and tau = 156 weeks, far below 1e-10.
    let error = max_relative_error(Integrator::Rk4, 1.0, 156.0);
    assert!(error < 1e-10, "RK4 relative error {error:e}");
}

#[test]
fn unfunded_compute_decays_exponentially_under_euler() {
    // Euler's relative error after t weeks is about t * dt / (2 tau^2): 0.53% at t = 260, tau = 156.
    let error = max_relative_error(Integrator::Euler, 1.0, 156.0);
    assert!(error < 0.006, "Euler relative error {error:e}");
    assert!(
        error > 0.004,
        "Euler error {error:e} is smaller than first order allows"
    );
}

#[test]
fn rk4_error_shrinks_sixteen_fold_when_the_step_halves() {
    let coarse = max_relative_error(Integrator::Rk4, 1.0, 26.0);
    let fine = max_relative_error(Integrator::Rk4, 0.5, 26.0);
    let ratio = coarse / fine;
    assert!(
        (14.0..18.0).contains(&ratio),
        "RK4 error ratio {ratio} (coarse {coarse:e}, fine {fine:e})"
    );
}

#[test]
fn euler_error_halves_when_the_step_halves() {
    let coarse = max_relative_error(Integrator::Euler, 1.0, 26.0);
    let fine = max_relative_error(Integrator::Euler, 0.5, 26.0);
    let ratio = coarse / fine;
    assert!((1.8..2.2).contains(&ratio), "Euler error ratio {ratio}");
}

/// Every layer's stock at every whole week of a preset run with time step `step` (weeks).
fn weekly_stocks(preset: &str, step: f64) -> Vec<Vec<f64>> {
    let mut scenario = Scenario::from_preset(preset).unwrap();
    scenario.options.step_weeks = step;
    let run = simulate(&scenario).unwrap();
    let per_week = (1.0 / step).round() as usize;
    run.series
        .layers
        .iter()
        .map(|layer| layer.stock.iter().step_by(per_week).copied().collect())
        .collect()
}

/// The largest difference of any stock in any week, relative to that stock's largest value.
fn trajectory_error(run: &[Vec<f64>], reference: &[Vec<f64>]) -> f64 {
    run.iter()
        .zip(reference)
        .map(|(stock, exact)| {
            let scale = exact.iter().fold(f64::MIN_POSITIVE, |m, v| m.max(v.abs()));
            stock
                .iter()
                .zip(exact)
                .map(|(a, b)| (a - b).abs() / scale)
                .fold(0.0, f64::max)
        })
        .fold(0.0, f64::max)
}

#[test]
fn whole_model_converges_at_fourth_order_under_rk4() {
    // Steps 1, 1/2 and 1/4 week against a 1/64-week reference, over every stock and week. A
    // single number at the end is a poor gauge: errors of both signs cancel there, and the
    // cumulative goal reaches the rounding floor of its running sum by step 1/4.
    for preset in flywheel::model::presets::PRESETS {
        let reference = weekly_stocks(preset.id, 1.0 / 64.0);
        let errors = [1.0, 0.5, 0.25]
            .map(|step| trajectory_error(&weekly_stocks(preset.id, step), &reference));
        assert!(
            errors[0] < 1e-4,
            "{}: step-1 error {:e}",
            preset.id,
            errors[0]
        );
        let ratios = [errors[0] / errors[1], errors[1] / errors[2]];
        for ratio in ratios {
            assert!(
                (13.0..20.0).contains(&ratio),
                "{}: RK4 error ratios {ratios:?} when the step halves, errors {errors:?}",
                preset.id
            );
        }
    }
}

/// dy/dt = -y / tau through the public integrator, with no model around it.
struct Decay {
    tau: f64,
}

impl System<1> for Decay {
    fn derivatives(&self, y: &[f64; 1], dy: &mut [f64; 1]) {
        dy[0] = -y[0] / self.tau;
    }
}

#[test]
fn integrators_match_their_closed_forms_on_a_single_decay() {
    let system = Decay { tau: 10.0 };
    for (integrator, per_step) in [
        (Integrator::Euler, 1.0 - 0.1),
        // RK4 on a linear system is the 4th-order Taylor polynomial of exp(-h/tau).
        (
            Integrator::Rk4,
            1.0 - 0.1 + 0.01 / 2.0 - 0.001 / 6.0 + 0.0001 / 24.0,
        ),
    ] {
        let mut y = [1.0];
        let mut k1 = [0.0];
        for _ in 0..20 {
            system.derivatives(&y, &mut k1);
            integrator.step(&system, &mut y, &k1, 1.0);
        }
        let expected: f64 = f64::powi(per_step, 20);
        assert!(
            (y[0] - expected).abs() < 1e-14,
            "{integrator:?}: {} vs {expected}",
            y[0]
        );
    }
}

#[test]
fn smooth_min_stays_between_congestion_loss_and_the_hard_minimum() {
    for &(a, b) in &[
        (1.0, 1.0),
        (1.0, 2.0),
        (5.0, 1.0),
        (1e-9, 1e9),
        (3e7, 2.9e7),
        (0.0, 4.0),
        (0.8, 1.0),
        (1.2, 1.0),
    ] {
        let s = smooth_min(a, b);
        let hard = f64::min(a, b);
        assert!(
            s <= hard && s >= hard * 16.0 / 17.0,
            "smooth_min({a}, {b}) = {s}"
        );
    }
    // A 6% congestion loss at balance, none outside the congestion window around capacity.
    assert!((smooth_min(1.0, 1.0) - 16.0 / 17.0).abs() < 1e-15);
    let (below, above) = (1.0 - CONGESTION_WINDOW, 1.0 + CONGESTION_WINDOW);
    assert_eq!(smooth_min(below - 1e-9, 1.0), below - 1e-9);
    assert_eq!(smooth_min(above + 1e-9, 1.0), 1.0);
    assert_eq!(smooth_min(-1.0, 3.0), 0.0);
    assert_eq!(smooth_min(3.0, 0.0), 0.0);
}

#[test]
fn smooth_min_rises_with_demand_and_with_capacity() {
    let grid: Vec<f64> = (0..=400).map(|i| i as f64 * 0.005).collect();
    for pair in grid.windows(2) {
        let (lo, hi) = (pair[0], pair[1]);
        assert!(
            smooth_min(hi, 1.0) >= smooth_min(lo, 1.0),
            "demand {lo} -> {hi}"
        );
        assert!(
            smooth_min(1.0, hi) >= smooth_min(1.0, lo),
            "capacity {lo} -> {hi}"
        );
    }
}

#[test]
fn smooth_min_slope_is_continuous_and_matches_finite_differences() {
    for &(a, b) in &[
        (0.5, 1.0),
        (0.7, 1.0),
        (1.0, 1.0),
        (1.3, 1.0),
        (2.0, 1.0),
        (0.999_999, 1.0),
        (1.000_001, 1.0),
        (1.0 - CONGESTION_WINDOW, 1.0),
        (1.0 + CONGESTION_WINDOW, 1.0),
    ] {
        let (value, slope) = smooth_min_and_slope(a, b);
        assert_eq!(value, smooth_min(a, b));
        let h = 1e-7;
        let numeric = (smooth_min(a + h, b) - smooth_min(a - h, b)) / (2.0 * h);
        assert!(
            (slope - numeric).abs() < 1e-5,
            "slope at ({a}, {b}): {slope} vs {numeric}"
        );
    }
    let below = smooth_min_and_slope(1.0 - 1e-12, 1.0).1;
    let above = smooth_min_and_slope(1.0 + 1e-12, 1.0).1;
    assert!(
        (below - above).abs() < 1e-9,
        "slope jumps at the crossing: {below} vs {above}"
    );
}

#[test]
fn pass_share_is_the_served_share_and_one_with_no_demand() {
    assert_eq!(pass_share(0.0, 5.0), 1.0);
    assert_eq!(pass_share(5.0, 0.0), 0.0);
    for &(d, c) in &[(1.0, 3.0), (3.0, 1.0), (2.0, 2.0)] {
        assert!((pass_share(d, c) - smooth_min(d, c) / d).abs() < 1e-15);
    }
}

#[test]
fn smooth_min_stays_finite_for_vanishing_capacities() {
    // Capacities whose reciprocal cube overflows, down to the smallest subnormal: proptest found
    // a trust stock decayed this far that turned into NaN demand.
    for capacity in [1e-90, 1e-110, 1e-200, 1e-310, f64::MIN_POSITIVE, 5e-324] {
        for demand in [0.0, capacity * 0.5, capacity, capacity * 1.2, 1.0, 1e12] {
            let served = smooth_min(demand, capacity);
            assert!(
                served.is_finite() && served >= 0.0 && served <= demand.min(capacity),
                "smooth_min({demand:e}, {capacity:e}) = {served:e}"
            );
            let (value, slope) = smooth_min_and_slope(demand, capacity);
            assert!(
                value.is_finite() && (0.0..=1.0).contains(&slope),
                "slope {slope}"
            );
        }
    }
}
